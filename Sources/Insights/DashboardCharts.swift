import Foundation
import Quiz

// The dashboard's inline SVG charts: error rate by section, weekly trend, confusion heat map.

extension Dashboard.Renderer {
    // MARK: Error rate by section

    mutating func sectionChart() {
        let rows = Array(report.sections.prefix(Dashboard.chartSections))
        out += "<section aria-labelledby=\"dash-sections\">\n<h2 id=\"dash-sections\">\(esc(tr("dashboard.sections", "Error rate by SOP section")))</h2>\n"
        guard !rows.isEmpty else {
            out += "<p>\(esc(tr("dashboard.no_section_answers", "No answers are linked to an SOP section yet.")))</p>\n</section>\n"
            return
        }
        let group = rows[0].groupRate
        let flagged = rows.filter(\.flagged)
        let axisMax = Scale.niceMax(max(group, rows.map(\.rate.interval.high).max() ?? 0))
        let width = 440.0, plotRight = 340.0, top = 24.0, rowHeight = 40.0
        let height = top + Double(rows.count) * rowHeight + 6
        func x(_ v: Double) -> Double { v / axisMax * plotRight }

        let shown = report.sections.count > rows.count
            ? tr("dashboard.chart.top_sections", "the {count} with the highest error rates (flagged gaps first) of {total} sections", ["count": cnt(rows.count), "total": cnt(report.sections.count)])
            : tr("dashboard.chart.sections", count: rows.count, one: "{count} section", other: "{count} sections")
        let desc = tr("dashboard.chart.sections_desc", "Error rate with 95% interval for {shown}. All sections together: {rate}.", ["shown": shown, "rate": pct(group)]) + " "
            + (flagged.isEmpty ? tr("dashboard.chart.none_flagged", "No section is flagged as a gap.")
                : tr("dashboard.chart.flagged", "Flagged gaps: {list}.", ["list": flagged.map { "\($0.title) \(pct($0.rate.errorRate))" }.joined(separator: "; ")]))
        out += "<figure class=\"chart\">\n"
        // A group, not an image: its section labels are links, and an image's content is
        // hidden from assistive technology (axe's nested-interactive).
        out += "<svg viewBox=\"0 0 \(Fmt.n(width)) \(Fmt.n(height))\" role=\"group\" aria-labelledby=\"dash-sections-title\" aria-describedby=\"dash-sections-desc\" class=\"chart-svg\" preserveAspectRatio=\"xMinYMin meet\">\n"
        out += "<title id=\"dash-sections-title\">\(esc(tr("dashboard.sections", "Error rate by SOP section")))</title>\n<desc id=\"dash-sections-desc\">\(esc(desc))</desc>\n"
        for t in Scale.ticks(axisMax) {
            out += "<line class=\"grid\" x1=\"\(Fmt.n(x(t)))\" y1=\"\(Fmt.n(top - 4))\" x2=\"\(Fmt.n(x(t)))\" y2=\"\(Fmt.n(height - 4))\"/>"
            out += "<text class=\"tick\" x=\"\(Fmt.n(x(t)))\" y=\"\(Fmt.n(top - 10))\" text-anchor=\"\(t == 0 ? "start" : "middle")\">\(pct(t))</text>\n"
        }
        for (i, g) in rows.enumerated() {
            let y = top + Double(i) * rowHeight
            let label = (g.flagged ? "⚑ " : "") + Fmt.truncate(g.title, 62)
            let cls = g.flagged ? " flagged" : ""
            out += "<g class=\"row\(cls)\">"
            out += svgLink(g.url, title: g.title, "<text class=\"label\" x=\"0\" y=\"\(Fmt.n(y + 13))\">\(esc(label))</text>")
            let cy = y + 27
            // The group rate as a dashed reference, drawn row by row so it never crosses a label.
            out += "<line class=\"ref\" x1=\"\(Fmt.n(x(group)))\" y1=\"\(Fmt.n(cy - 10))\" x2=\"\(Fmt.n(x(group)))\" y2=\"\(Fmt.n(cy + 10))\"/>"
            out += "<line class=\"whisker\" x1=\"\(Fmt.n(x(g.rate.interval.low)))\" y1=\"\(Fmt.n(cy))\" x2=\"\(Fmt.n(x(g.rate.interval.high)))\" y2=\"\(Fmt.n(cy))\"/>"
            for end in [g.rate.interval.low, g.rate.interval.high] {
                out += "<line class=\"whisker\" x1=\"\(Fmt.n(x(end)))\" y1=\"\(Fmt.n(cy - 5))\" x2=\"\(Fmt.n(x(end)))\" y2=\"\(Fmt.n(cy + 5))\"/>"
            }
            out += "<circle class=\"dot\(cls)\" cx=\"\(Fmt.n(x(g.rate.errorRate)))\" cy=\"\(Fmt.n(cy))\" r=\"5\"><title>\(esc(dotTitle(g)))</title></circle>"
            out += "<text class=\"value\" x=\"\(Fmt.n(plotRight + 12))\" y=\"\(Fmt.n(cy + 4))\">\(pct(g.rate.errorRate)) · n \(cnt(g.rate.responses))</text>"
            out += "</g>\n"
        }
        out += "</svg>\n"
        out += "<figcaption>\(esc(tr("dashboard.chart.sections_caption", "Dots: share of wrong answers; whiskers: 95% interval (Wilson); dashed line: all sections ({rate}); ⚑ and red: flagged gap. Labels link to the SOP section.", ["rate": pct(group)])))</figcaption>\n"
        out += "</figure>\n"
        dataTable(summary: tr("dashboard.chart.numbers", "Numbers behind the chart"), label: tableLabel("dashboard.sections", "Error rate by SOP section"),
                  headers: ["Section", "Error rate", "95% interval", "Answers", "Cases and questions", "Flagged"],
                  rows: rows.map { g in
                      [link(g.url, text: g.title), pct(g.rate.errorRate), interval(g.rate.interval),
                       cnt(g.rate.responses), String(g.questions), g.flagged ? esc(tr("dashboard.flagged_yes", "yes")) : esc(tr("dashboard.flagged_no", "no"))]
                  })
        out += "</section>\n"
    }

    // MARK: Weekly trend

    mutating func trendChart() {
        let points = report.trend
        out += "<section aria-labelledby=\"dash-trend\">\n<h2 id=\"dash-trend\">\(esc(tr("dashboard.trend", "Weekly trend")))</h2>\n"
        guard !points.isEmpty else {
            out += "<p>\(esc(tr("dashboard.no_dated_answers", "No dated answers to chart.")))</p>\n</section>\n"
            return
        }
        let series = report.sections.filter { $0.flagged && $0.trend.count >= 2 }.prefix(Dashboard.trendSeries)
        let days = points.map { Fmt.dayNumber($0.week) }
        let first = days.min() ?? 0, last = days.max() ?? 0
        let width = 440.0, height = 200.0, left = 40.0, right = 10.0, top = 10.0, bottom = 30.0
        let yMax = Scale.niceMax(max(points.map(\.rate.interval.high).max() ?? 0, series.flatMap { $0.trend.map(\.rate.errorRate) }.max() ?? 0))
        func x(_ week: String) -> Double {
            last == first ? (left + width - right) / 2 : left + Double(Fmt.dayNumber(week) - first) / Double(last - first) * (width - left - right)
        }
        func y(_ v: Double) -> Double { top + (1 - v / yMax) * (height - top - bottom) }

        let firstRate = points[0].rate.errorRate, lastRate = points[points.count - 1].rate.errorRate
        var desc = points.count == 1
            ? tr("dashboard.chart.one_week", "One week, {week}: {rate} of answers wrong.", ["week": fullDate(points[0].week), "rate": pct(firstRate)])
            : tr("dashboard.chart.weeks", "{count} weeks from {first} to {last}: the overall error rate went from {from} to {to}.",
                 ["count": cnt(points.count), "first": fullDate(points[0].week), "last": fullDate(points[points.count - 1].week), "from": pct(firstRate), "to": pct(lastRate)])
        if !series.isEmpty {
            desc += " " + tr("dashboard.chart.also_drawn", "Also drawn: {list}.",
                             ["list": series.map { "\($0.title) (\($0.trend.map { pct($0.rate.errorRate) }.joined(separator: ", ")))" }.joined(separator: "; ")])
        }
        out += "<figure class=\"chart\">\n"
        out += "<svg viewBox=\"0 0 \(Fmt.n(width)) \(Fmt.n(height))\" role=\"img\" aria-labelledby=\"dash-trend-title\" aria-describedby=\"dash-trend-desc\" class=\"chart-svg\" preserveAspectRatio=\"xMinYMin meet\">\n"
        out += "<title id=\"dash-trend-title\">\(esc(tr("dashboard.chart.weekly_rate", "Weekly error rate")))</title>\n<desc id=\"dash-trend-desc\">\(esc(desc))</desc>\n"
        for t in Scale.ticks(yMax) {
            out += "<line class=\"grid\" x1=\"\(Fmt.n(left))\" y1=\"\(Fmt.n(y(t)))\" x2=\"\(Fmt.n(width - right))\" y2=\"\(Fmt.n(y(t)))\"/>"
            out += "<text class=\"tick\" x=\"\(Fmt.n(left - 6))\" y=\"\(Fmt.n(y(t) + 4))\" text-anchor=\"end\">\(pct(t))</text>\n"
        }
        // At most about eight week labels, always the first and the last.
        let step = max(1, Int((Double(points.count) / 8).rounded(.up)))
        for (i, p) in points.enumerated() where i % step == 0 || (i == points.count - 1 && i % step >= (step + 1) / 2) {
            let anchor = points.count == 1 ? "middle" : i == 0 ? "start" : i == points.count - 1 ? "end" : "middle"
            out += "<text class=\"tick\" x=\"\(Fmt.n(x(p.week)))\" y=\"\(Fmt.n(height - bottom + 18))\" text-anchor=\"\(anchor)\">\(esc(day(p.week)))</text>"
        }
        out += "\n"
        if points.count >= 2 {
            let upper = points.map { "\(Fmt.n(x($0.week))),\(Fmt.n(y($0.rate.interval.high)))" }
            let lower = points.reversed().map { "\(Fmt.n(x($0.week))),\(Fmt.n(y($0.rate.interval.low)))" }
            out += "<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\"/>\n"
            out += "<polyline class=\"line\" points=\"\(points.map { "\(Fmt.n(x($0.week))),\(Fmt.n(y($0.rate.errorRate)))" }.joined(separator: " "))\"/>\n"
        } else {
            let p = points[0]
            out += "<line class=\"whisker\" x1=\"\(Fmt.n(x(p.week)))\" y1=\"\(Fmt.n(y(p.rate.interval.low)))\" x2=\"\(Fmt.n(x(p.week)))\" y2=\"\(Fmt.n(y(p.rate.interval.high)))\"/>\n"
        }
        for (i, g) in series.enumerated() {
            let pts = g.trend.filter { Fmt.dayNumber($0.week) >= first && Fmt.dayNumber($0.week) <= last }
            out += "<polyline class=\"series series-\(i + 1)\" points=\"\(pts.map { "\(Fmt.n(x($0.week))),\(Fmt.n(y($0.rate.errorRate)))" }.joined(separator: " "))\"><title>\(esc(g.title))</title></polyline>\n"
        }
        for p in points {
            out += "<circle class=\"dot\" cx=\"\(Fmt.n(x(p.week)))\" cy=\"\(Fmt.n(y(p.rate.errorRate)))\" r=\"4\"><title>\(esc(tr("dashboard.chart.week_dot", "Week of {week}: {rate} of {count} answers wrong", ["week": localFormats ? fullDate(p.week) : p.week, "rate": pct(p.rate.errorRate), "count": cnt(p.rate.responses)])))</title></circle>"
        }
        out += "\n</svg>\n<figcaption>"
        out += "<span class=\"legend\"><svg class=\"swatch\" viewBox=\"0 0 24 8\" aria-hidden=\"true\" focusable=\"false\"><line class=\"line\" x1=\"0\" y1=\"4\" x2=\"24\" y2=\"4\"/></svg> \(esc(tr("dashboard.chart.all_answers", "all answers (shaded: 95% interval)")))</span>"
        let styles = lineStyles
        for (i, g) in series.enumerated() {
            out += " <span class=\"legend\"><svg class=\"swatch\" viewBox=\"0 0 24 8\" aria-hidden=\"true\" focusable=\"false\"><line class=\"series series-\(i + 1)\" x1=\"0\" y1=\"4\" x2=\"24\" y2=\"4\"/></svg> \(styles[i]): \(esc(g.title))</span>"
        }
        out += "</figcaption>\n</figure>\n"
        dataTable(summary: tr("dashboard.chart.numbers", "Numbers behind the chart"), label: tableLabel("dashboard.chart.weekly_rate", "Weekly error rate"),
                  headers: ["Week of", "Error rate", "95% interval", "Answers"],
                  rows: points.map { [esc(fullDate($0.week)), pct($0.rate.errorRate), interval($0.rate.interval), cnt($0.rate.responses)] })
        out += "</section>\n"
    }

    // MARK: Confusions

    mutating func confusionChart() {
        let decisions = report.confusions.filter { $0.kind == QuestionKind.decision.rawValue }
        out += "<section aria-labelledby=\"dash-confusions\">\n<h2 id=\"dash-confusions\">\(esc(tr("dashboard.confusions", "Confusions")))</h2>\n"
        guard !decisions.isEmpty else {
            out += "<p>\(esc(tr("dashboard.no_confusions", "No wrong case decisions in these answers.")))</p>\n</section>\n"
            return
        }
        var totals: [String: Int] = [:]
        var cells: [String: Confusion] = [:]
        for c in decisions {
            totals[c.gold, default: 0] += c.count
            totals[c.answered, default: 0] += c.count
            cells[c.gold + "\u{1}" + c.answered] = c
        }
        let labels = totals.keys.sorted { a, b in
            let order = a.localizedStandardCompare(b)
            return order == .orderedSame ? a < b : order == .orderedAscending
        }
        let maxCount = decisions.map(\.count).max() ?? 1
        let cell = 48.0, left = 118.0, top = 90.0
        let width = left + Double(labels.count) * cell + 8, height = top + Double(labels.count) * cell + 8
        let top3 = decisions.sorted { ($0.count, $1.gold, $1.answered) > ($1.count, $0.gold, $0.answered) }.prefix(3)
        let desc = tr("dashboard.chart.confusions_desc", "Case decisions: rows are the right answer, columns the answer given. Most common: {list}.",
                      ["list": top3.map { tr("dashboard.chart.confusion", count: $0.count, one: "{gold} answered as {answered}, {count} time", other: "{gold} answered as {answered}, {count} times",
                                               ["gold": action($0.gold), "answered": action($0.answered)]) }.joined(separator: "; ")])
        out += "<figure class=\"chart chart-heat\">\n"
        out += "<svg viewBox=\"0 0 \(Fmt.n(width)) \(Fmt.n(height))\" role=\"img\" aria-labelledby=\"dash-heat-title\" aria-describedby=\"dash-heat-desc\" class=\"chart-svg\" preserveAspectRatio=\"xMinYMin meet\">\n"
        out += "<title id=\"dash-heat-title\">\(esc(tr("dashboard.chart.confusions_title", "Confusions between case decisions")))</title>\n<desc id=\"dash-heat-desc\">\(esc(desc))</desc>\n"
        out += "<text class=\"axis-title\" x=\"\(Fmt.n(left))\" y=\"12\">\(esc(tr("dashboard.chart.axis_answered", "Answered →")))</text>"
        out += "<text class=\"axis-title\" x=\"0\" y=\"\(Fmt.n(top - 8))\">\(esc(tr("dashboard.chart.axis_right", "Right answer ↓")))</text>\n"
        for (j, label) in labels.enumerated() {
            let cx = left + Double(j) * cell + cell / 2
            out += "<text class=\"tick\" transform=\"translate(\(Fmt.n(cx + 4)) \(Fmt.n(top - 8))) rotate(-40)\">\(esc(Fmt.truncate(label, 13)))<title>\(esc(label))</title></text>"
        }
        out += "\n"
        for (i, gold) in labels.enumerated() {
            let y0 = top + Double(i) * cell
            out += "<text class=\"tick\" x=\"\(Fmt.n(left - 8))\" y=\"\(Fmt.n(y0 + cell / 2 + 4))\" text-anchor=\"end\">\(esc(Fmt.truncate(gold, 16)))<title>\(esc(gold))</title></text>"
            for (j, answered) in labels.enumerated() {
                let x0 = left + Double(j) * cell
                let rect = "x=\"\(Fmt.n(x0 + 1))\" y=\"\(Fmt.n(y0 + 1))\" width=\"\(Fmt.n(cell - 2))\" height=\"\(Fmt.n(cell - 2))\" rx=\"3\""
                if i == j {
                    out += "<rect class=\"heat-diagonal\" \(rect)><title>\(esc(tr("dashboard.chart.diagonal", "{gold}: right answers are not counted here", ["gold": gold])))</title></rect>"
                } else if let c = cells[gold + "\u{1}" + answered] {
                    let shade = 0.15 + 0.85 * Double(c.count) / Double(maxCount)
                    out += "<rect class=\"heat\" \(rect) fill-opacity=\"\(Fmt.n(shade, decimals: 2))\"><title>\(esc(tr("dashboard.chart.cell", "Right: {gold}, answered: {answered}: {count} ({type})", ["gold": gold, "answered": answered, "count": cnt(c.count), "type": errorType(c.errorType)])))</title></rect>"
                    out += "<text class=\"heat-count\(shade >= 0.55 ? " on-dark" : "")\" x=\"\(Fmt.n(x0 + cell / 2))\" y=\"\(Fmt.n(y0 + cell / 2 + 5))\" text-anchor=\"middle\">\(cnt(c.count))</text>"
                } else {
                    out += "<rect class=\"heat-zero\" \(rect)/>"
                }
            }
            out += "\n"
        }
        out += "</svg>\n<figcaption>\(esc(tr("dashboard.chart.confusions_caption", "Rows: the right answer; columns: the answer given; darker: more often. Grey diagonal: right answers (not counted).")))</figcaption>\n</figure>\n"
        dataTable(summary: tr("dashboard.chart.all_confusions", "All confusions"), label: tableLabel("dashboard.chart.all_confusions", "All confusions"),
                  headers: ["Kind", "Right answer", "Answered", "Error type", "Count", "Harm-weighted", "Most often in"],
                  rows: report.confusions.map { c in
                      [esc(kindName(c.kind)), esc(answerLabel(c.gold)), esc(answerLabel(c.answered)), esc(errorType(c.errorType)), cnt(c.count), localFormats ? dec(c.weighted, 1) : Fmt.n(c.weighted, decimals: 1),
                       c.title.isEmpty ? "" : link(c.url, text: c.title)]
                  })
        out += "</section>\n"
    }
}

extension Dashboard.Renderer {
    /// The names of the trend charts' line styles, in the legend.
    var lineStyles: [String] {
        [tr("dashboard.chart.dashed", "dashed"), tr("dashboard.chart.dotted", "dotted"), tr("dashboard.chart.dash_dot", "dash-dot")]
    }

    /// A question kind (`decision`, `codes`, `section`, `knowledge`) in the reader's language.
    func kindName(_ kind: String) -> String { tr("dashboard.kind." + kind, kind) }

    /// An answer as the report labels it, with the no-violation option in the reader's language.
    func answerLabel(_ answer: String) -> String { answer == QuizDrawer.noViolation ? tr("quiz.no_violation", answer) : action(answer) }

    /// One answer's share of a case ("Remove 60%") with the action in the reader's language.
    func splitLabel(_ part: String) -> String { AnalysisReason.answerShare(part, label: action) }

    /// A section chart dot's tooltip.
    func dotTitle(_ g: Gap) -> String {
        let values: KeyValuePairs<String, String> = ["title": g.title, "rate": pct(g.rate.errorRate), "count": cnt(g.rate.responses),
                                                     "low": pct(g.rate.interval.low), "high": pct(g.rate.interval.high)]
        return g.flagged ? tr("dashboard.chart.dot_flagged", "{title}: {rate} of {count} answers wrong (95% {low}–{high}), flagged gap", values)
            : tr("dashboard.chart.dot", "{title}: {rate} of {count} answers wrong (95% {low}–{high})", values)
    }
}
