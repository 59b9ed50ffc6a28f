import CivilDate
import Foundation
import Handbook
import Quiz

/// The knowledge-gap report as an HTML fragment for the served site: summary figures, inline
/// SVG charts (error rate by section, weekly trend, confusion heat map) and the tables a
/// trainer works from (gaps, review queue, retraining, calibration).
///
/// Every piece of report text is escaped: case titles, learner names and contest comments are
/// user text. The fragment makes no external requests and uses no inline `style` attributes
/// (the server's Content-Security-Policy forbids them); colours come from CSS classes of the
/// site stylesheet, so light and dark schemes both work.
public enum Dashboard {
    /// How many sections the error-rate chart shows.
    static let chartSections = 15
    /// How many flagged sections the trend chart draws besides the overall line.
    static let trendSeries = 3
    /// How many learners the retraining table lists (the JSON report has them all).
    static let retrainRows = 50

    /// Renders `report` as an HTML fragment; `siteRoot` prefixes the site-relative SOP links.
    public static func html(_ report: GapReport, siteRoot: String = "/") -> String {
        var d = Renderer(report: report, root: siteRoot)
        return d.render()
    }
}

// MARK: - Rendering

private struct Renderer {
    let report: GapReport
    let root: String
    var out = ""

    init(report: GapReport, root: String) {
        self.report = report
        self.root = root.hasSuffix("/") ? root : root + "/"
    }

    mutating func render() -> String {
        out += "<div class=\"dashboard\">\n"
        scope()
        summary()
        if report.summary.responses == 0 {
            out += """
            <p class="notice dash-empty" role="status">No answers match these filters yet, so there are no error rates, trends or confusions to chart. \
            Answers appear here once moderators take quizzes on this server; widen the dates or clear the market, team or vendor filter.</p>\n
            """
            if !report.reviewQueue.isEmpty { reviewQueue() }
        } else {
            sectionChart()
            trendChart()
            confusionChart()
            flaggedGaps()
            sliceGaps()
            reviewQueue()
            retrain()
            calibration()
        }
        out += "</div>\n"
        return out
    }

    // MARK: Summary

    mutating func scope() {
        let f = report.filter
        var parts: [String] = []
        if let v = f.since { parts.append("since \(v)") }
        if let v = f.until { parts.append("before \(v)") }
        if let v = f.market { parts.append("market \(v)") }
        if let v = f.team { parts.append("team \(v)") }
        if let v = f.vendor { parts.append("vendor \(v)") }
        let text = parts.isEmpty ? "All answers, all learners." : "Answers " + parts.joined(separator: ", ") + "."
        out += "<p class=\"dash-scope\">\(esc(text))</p>\n"
    }

    mutating func summary() {
        let s = report.summary
        var figures: [(String, String)] = [("Answers", Fmt.count(s.responses)), ("Learners", Fmt.count(s.learners)), ("Questions", Fmt.count(s.questions))]
        if s.responses > 0 {
            figures.append(("Error rate", "\(Fmt.percent(s.rate.errorRate)) <small>(95% \(Fmt.percent(s.rate.interval.low))–\(Fmt.percent(s.rate.interval.high)))</small>"))
            figures.append(("Flagged gaps", Fmt.count(report.sections.filter(\.flagged).count + report.codes.filter(\.flagged).count)))
        }
        figures.append(("To review", Fmt.count(report.reviewQueue.count)))
        if s.responses > 0, let first = s.firstWeek, let last = s.lastWeek {
            figures.append(("Weeks of", first == last ? "<span title=\"\(esc(first))\">\(esc(Fmt.shortDate(first)))</span>"
                : "<span title=\"\(esc(first)) to \(esc(last))\">\(esc(Fmt.shortDate(first)))–\(esc(Fmt.shortDate(last)))</span>"))
        }
        out += "<section aria-labelledby=\"dash-summary\">\n<h2 id=\"dash-summary\">Summary</h2>\n<dl class=\"dash-figures\">\n"
        for (label, value) in figures { out += "<div><dt>\(esc(label))</dt><dd>\(value)</dd></div>\n" }
        out += "</dl>\n"
        if s.excludedSuspectQuestions > 0 {
            out += "<p class=\"dash-note\">\(s.excludedSuspectQuestions) question\(s.excludedSuspectQuestions == 1 ? "" : "s") with a suspect answer key left out of the gap figures (see the review queue).</p>\n"
        }
        let types = report.errorTypes.filter { $0.count > 0 }
        if !types.isEmpty {
            out += "<p class=\"dash-note\">Wrong decisions and codes: " + types.map { "\(esc($0.errorType)) \(Fmt.percent($0.share))" }.joined(separator: ", ") + ".</p>\n"
        }
        out += "</section>\n"
    }

    // MARK: Error rate by section

    mutating func sectionChart() {
        let rows = Array(report.sections.prefix(Dashboard.chartSections))
        out += "<section aria-labelledby=\"dash-sections\">\n<h2 id=\"dash-sections\">Error rate by SOP section</h2>\n"
        guard !rows.isEmpty else {
            out += "<p>No answers are linked to an SOP section yet.</p>\n</section>\n"
            return
        }
        let group = rows[0].groupRate
        let flagged = rows.filter(\.flagged)
        let axisMax = Scale.niceMax(max(group, rows.map(\.rate.interval.high).max() ?? 0))
        let width = 440.0, plotRight = 340.0, top = 24.0, rowHeight = 40.0
        let height = top + Double(rows.count) * rowHeight + 6
        func x(_ v: Double) -> Double { v / axisMax * plotRight }

        let shown = report.sections.count > rows.count ? "the \(rows.count) with the highest error rates (flagged gaps first) of \(report.sections.count) sections" : "\(rows.count) section\(rows.count == 1 ? "" : "s")"
        let desc = "Error rate with 95% interval for \(shown). All sections together: \(Fmt.percent(group)). "
            + (flagged.isEmpty ? "No section is flagged as a gap." : "Flagged gaps: " + flagged.map { "\($0.title) \(Fmt.percent($0.rate.errorRate))" }.joined(separator: "; ") + ".")
        out += "<figure class=\"chart\">\n"
        out += "<svg viewBox=\"0 0 \(Fmt.n(width)) \(Fmt.n(height))\" role=\"img\" aria-labelledby=\"dash-sections-title\" aria-describedby=\"dash-sections-desc\" class=\"chart-svg\" preserveAspectRatio=\"xMinYMin meet\">\n"
        out += "<title id=\"dash-sections-title\">Error rate by SOP section</title>\n<desc id=\"dash-sections-desc\">\(esc(desc))</desc>\n"
        for t in Scale.ticks(axisMax) {
            out += "<line class=\"grid\" x1=\"\(Fmt.n(x(t)))\" y1=\"\(Fmt.n(top - 4))\" x2=\"\(Fmt.n(x(t)))\" y2=\"\(Fmt.n(height - 4))\"/>"
            out += "<text class=\"tick\" x=\"\(Fmt.n(x(t)))\" y=\"\(Fmt.n(top - 10))\" text-anchor=\"\(t == 0 ? "start" : "middle")\">\(Fmt.percent(t))</text>\n"
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
            out += "<circle class=\"dot\(cls)\" cx=\"\(Fmt.n(x(g.rate.errorRate)))\" cy=\"\(Fmt.n(cy))\" r=\"5\"><title>\(esc("\(g.title): \(Fmt.percent(g.rate.errorRate)) of \(g.rate.responses) answers wrong (95% \(Fmt.percent(g.rate.interval.low))–\(Fmt.percent(g.rate.interval.high)))\(g.flagged ? ", flagged gap" : "")"))</title></circle>"
            out += "<text class=\"value\" x=\"\(Fmt.n(plotRight + 12))\" y=\"\(Fmt.n(cy + 4))\">\(Fmt.percent(g.rate.errorRate)) · n \(Fmt.count(g.rate.responses))</text>"
            out += "</g>\n"
        }
        out += "</svg>\n"
        out += "<figcaption>Dots: share of wrong answers; whiskers: 95% interval (Wilson); dashed line: all sections (\(Fmt.percent(group))); ⚑ and red: flagged gap. Labels link to the SOP section.</figcaption>\n"
        out += "</figure>\n"
        dataTable(summary: "Numbers behind the chart", label: "Error rate by SOP section",
                  headers: ["Section", "Error rate", "95% interval", "Answers", "Cases and questions", "Flagged"],
                  rows: rows.map { g in
                      [link(g.url, text: g.title), Fmt.percent(g.rate.errorRate), "\(Fmt.percent(g.rate.interval.low))–\(Fmt.percent(g.rate.interval.high))",
                       Fmt.count(g.rate.responses), String(g.questions), g.flagged ? "yes" : "no"]
                  })
        out += "</section>\n"
    }

    // MARK: Weekly trend

    mutating func trendChart() {
        let points = report.trend
        out += "<section aria-labelledby=\"dash-trend\">\n<h2 id=\"dash-trend\">Weekly trend</h2>\n"
        guard !points.isEmpty else {
            out += "<p>No dated answers to chart.</p>\n</section>\n"
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
            ? "One week, \(points[0].week): \(Fmt.percent(firstRate)) of answers wrong."
            : "\(points.count) weeks from \(points[0].week) to \(points[points.count - 1].week): the overall error rate went from \(Fmt.percent(firstRate)) to \(Fmt.percent(lastRate))."
        if !series.isEmpty { desc += " Also drawn: " + series.map { "\($0.title) (\($0.trend.map { Fmt.percent($0.rate.errorRate) }.joined(separator: ", ")))" }.joined(separator: "; ") + "." }
        out += "<figure class=\"chart\">\n"
        out += "<svg viewBox=\"0 0 \(Fmt.n(width)) \(Fmt.n(height))\" role=\"img\" aria-labelledby=\"dash-trend-title\" aria-describedby=\"dash-trend-desc\" class=\"chart-svg\" preserveAspectRatio=\"xMinYMin meet\">\n"
        out += "<title id=\"dash-trend-title\">Weekly error rate</title>\n<desc id=\"dash-trend-desc\">\(esc(desc))</desc>\n"
        for t in Scale.ticks(yMax) {
            out += "<line class=\"grid\" x1=\"\(Fmt.n(left))\" y1=\"\(Fmt.n(y(t)))\" x2=\"\(Fmt.n(width - right))\" y2=\"\(Fmt.n(y(t)))\"/>"
            out += "<text class=\"tick\" x=\"\(Fmt.n(left - 6))\" y=\"\(Fmt.n(y(t) + 4))\" text-anchor=\"end\">\(Fmt.percent(t))</text>\n"
        }
        // At most about eight week labels, always the first and the last.
        let step = max(1, Int((Double(points.count) / 8).rounded(.up)))
        for (i, p) in points.enumerated() where i % step == 0 || (i == points.count - 1 && i % step >= (step + 1) / 2) {
            let anchor = points.count == 1 ? "middle" : i == 0 ? "start" : i == points.count - 1 ? "end" : "middle"
            out += "<text class=\"tick\" x=\"\(Fmt.n(x(p.week)))\" y=\"\(Fmt.n(height - bottom + 18))\" text-anchor=\"\(anchor)\">\(esc(Fmt.shortDate(p.week)))</text>"
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
            out += "<circle class=\"dot\" cx=\"\(Fmt.n(x(p.week)))\" cy=\"\(Fmt.n(y(p.rate.errorRate)))\" r=\"4\"><title>\(esc("Week of \(p.week): \(Fmt.percent(p.rate.errorRate)) of \(p.rate.responses) answers wrong"))</title></circle>"
        }
        out += "\n</svg>\n<figcaption>"
        out += "<span class=\"legend\"><svg class=\"swatch\" viewBox=\"0 0 24 8\" aria-hidden=\"true\" focusable=\"false\"><line class=\"line\" x1=\"0\" y1=\"4\" x2=\"24\" y2=\"4\"/></svg> all answers (shaded: 95% interval)</span>"
        let styles = ["dashed", "dotted", "dash-dot"]
        for (i, g) in series.enumerated() {
            out += " <span class=\"legend\"><svg class=\"swatch\" viewBox=\"0 0 24 8\" aria-hidden=\"true\" focusable=\"false\"><line class=\"series series-\(i + 1)\" x1=\"0\" y1=\"4\" x2=\"24\" y2=\"4\"/></svg> \(styles[i]): \(esc(g.title))</span>"
        }
        out += "</figcaption>\n</figure>\n"
        dataTable(summary: "Numbers behind the chart", label: "Weekly error rate",
                  headers: ["Week of", "Error rate", "95% interval", "Answers"],
                  rows: points.map { [esc($0.week), Fmt.percent($0.rate.errorRate), "\(Fmt.percent($0.rate.interval.low))–\(Fmt.percent($0.rate.interval.high))", Fmt.count($0.rate.responses)] })
        out += "</section>\n"
    }

    // MARK: Confusions

    mutating func confusionChart() {
        let decisions = report.confusions.filter { $0.kind == QuestionKind.decision.rawValue }
        out += "<section aria-labelledby=\"dash-confusions\">\n<h2 id=\"dash-confusions\">Confusions</h2>\n"
        guard !decisions.isEmpty else {
            out += "<p>No wrong case decisions in these answers.</p>\n</section>\n"
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
        let desc = "Case decisions: rows are the right answer, columns the answer given. Most common: "
            + top3.map { "\($0.gold) answered as \($0.answered), \($0.count) time\($0.count == 1 ? "" : "s")" }.joined(separator: "; ") + "."
        out += "<figure class=\"chart chart-heat\">\n"
        out += "<svg viewBox=\"0 0 \(Fmt.n(width)) \(Fmt.n(height))\" role=\"img\" aria-labelledby=\"dash-heat-title\" aria-describedby=\"dash-heat-desc\" class=\"chart-svg\" preserveAspectRatio=\"xMinYMin meet\">\n"
        out += "<title id=\"dash-heat-title\">Confusions between case decisions</title>\n<desc id=\"dash-heat-desc\">\(esc(desc))</desc>\n"
        out += "<text class=\"axis-title\" x=\"\(Fmt.n(left))\" y=\"12\">Answered →</text>"
        out += "<text class=\"axis-title\" x=\"0\" y=\"\(Fmt.n(top - 8))\">Right answer ↓</text>\n"
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
                    out += "<rect class=\"heat-diagonal\" \(rect)><title>\(esc("\(gold): right answers are not counted here"))</title></rect>"
                } else if let c = cells[gold + "\u{1}" + answered] {
                    let shade = 0.15 + 0.85 * Double(c.count) / Double(maxCount)
                    out += "<rect class=\"heat\" \(rect) fill-opacity=\"\(Fmt.n(shade, decimals: 2))\"><title>\(esc("Right: \(gold), answered: \(answered): \(c.count) (\(c.errorType))"))</title></rect>"
                    out += "<text class=\"heat-count\(shade >= 0.55 ? " on-dark" : "")\" x=\"\(Fmt.n(x0 + cell / 2))\" y=\"\(Fmt.n(y0 + cell / 2 + 5))\" text-anchor=\"middle\">\(c.count)</text>"
                } else {
                    out += "<rect class=\"heat-zero\" \(rect)/>"
                }
            }
            out += "\n"
        }
        out += "</svg>\n<figcaption>Rows: the right answer; columns: the answer given; darker: more often. Grey diagonal: right answers (not counted).</figcaption>\n</figure>\n"
        dataTable(summary: "All confusions", label: "Confusions",
                  headers: ["Kind", "Right answer", "Answered", "Error type", "Count", "Harm-weighted", "Most often in"],
                  rows: report.confusions.map { c in
                      [esc(c.kind), esc(c.gold), esc(c.answered), esc(c.errorType), Fmt.count(c.count), Fmt.n(c.weighted, decimals: 1),
                       c.title.isEmpty ? "" : link(c.url, text: c.title)]
                  })
        out += "</section>\n"
    }

    // MARK: Tables

    mutating func flaggedGaps() {
        let gaps = report.sections.filter(\.flagged) + report.codes.filter(\.flagged)
        out += "<section aria-labelledby=\"dash-gaps\">\n<h2 id=\"dash-gaps\">Flagged gaps</h2>\n"
        if gaps.isEmpty {
            out += "<p>No SOP section or policy code stands out from the group: every error rate is within what question difficulty and chance explain.</p>\n"
        } else {
            table(label: "Flagged gaps", headers: ["Section or code", "Error rate", "95% interval", "Group", "Answers", "Cases and questions", "q", "Trend per week", "Top confusion"],
                  rows: gaps.map { g in
                      [link(g.url, text: g.title) + (g.level == "code" ? " <span class=\"badge\">code</span>" : ""), Fmt.percent(g.rate.errorRate),
                       "\(Fmt.percent(g.rate.interval.low))–\(Fmt.percent(g.rate.interval.high))", Fmt.percent(g.groupRate), Fmt.count(g.rate.responses),
                       String(g.questions), Fmt.q(g.q), g.trendPerWeek.map(Fmt.points) ?? "", esc(g.topConfusion ?? "")]
                  })
        }
        out += "</section>\n"
    }

    mutating func sliceGaps() {
        out += "<section aria-labelledby=\"dash-slices\">\n<h2 id=\"dash-slices\">Slice gaps</h2>\n"
        if report.sliceGaps.isEmpty {
            out += "<p>No market, team, vendor or start-month cohort does worse than the others on any section.</p>\n"
        } else {
            table(label: "Slice gaps", headers: ["Slice", "Section", "Error rate", "Answers (learners)", "Others on the same questions", "Others' answers (learners)", "q"],
                  rows: report.sliceGaps.map { s in
                      [esc("\(s.dimension): \(s.value.isEmpty ? "(none)" : s.value)"), link(s.url, text: s.title), Fmt.percent(s.rate.errorRate),
                       "\(Fmt.count(s.rate.responses)) (\(Fmt.count(s.learners)))", Fmt.percent(s.groupRate),
                       "\(Fmt.count(s.otherResponses)) (\(Fmt.count(s.otherLearners)))", Fmt.q(s.q)]
                  })
        }
        out += "</section>\n"
    }

    mutating func reviewQueue() {
        out += "<section aria-labelledby=\"dash-review\">\n<h2 id=\"dash-review\">Review queue</h2>\n"
        if report.reviewQueue.isEmpty {
            out += "<p>Nothing to review: no open contests and no question with a suspect key or poor statistics.</p>\n"
        } else {
            out += "<p class=\"dash-note\">Priority 1: contested and suspect or widely missed; 2: suspect key; 3: open contests; 4: negative discrimination; 5: other item flags.</p>\n"
            table(label: "Review queue", headers: ["Priority", "Question", "Reasons", "Contest comments"], rows: report.reviewQueue.map { r in
                let question = link(r.url, text: r.title) + "<br><span class=\"dash-id\">\(esc(r.item))\([QuestionKind.decision.rawValue, QuestionKind.knowledge.rawValue].contains(r.kind) ? "" : " (\(esc(r.kind)))")\(r.file.isEmpty ? "" : " · \(esc(r.file))")</span>"
                let reasons = r.reasons.isEmpty ? "" : "<ul>" + r.reasons.map { "<li>\(esc($0))</li>" }.joined() + "</ul>"
                let comments = r.contests.isEmpty ? "" : "<ul class=\"dash-comments\">" + r.contests.map { "<li><span class=\"dash-id\">#\($0.id) \(esc($0.learner)):</span> \(esc($0.comment))</li>" }.joined() + "</ul>"
                return [String(r.priority), question, reasons, comments]
            })
        }
        out += "</section>\n"
    }

    mutating func retrain() {
        out += "<section aria-labelledby=\"dash-retrain\">\n<h2 id=\"dash-retrain\">Learners to retrain</h2>\n"
        if report.retrain.isEmpty {
            out += "<p>No learner is likely below the mastery target in any section.</p>\n"
        } else {
            let rows = report.retrain.prefix(Dashboard.retrainRows)
            table(label: "Learners to retrain", headers: ["Learner", "Team", "Section", "Cases right", "Mastery (estimated)", "Chance below target"], rows: rows.map { r in
                [esc(r.name.isEmpty || r.name == r.learner ? r.learner : "\(r.name) (\(r.learner))"), esc(r.team), link(r.url, text: r.title),
                 "\(r.correct) of \(r.answered) cases", Fmt.percent(r.mastery), Fmt.percent(r.probabilityBelowTarget)]
            })
            if report.retrain.count > rows.count {
                out += "<p class=\"dash-note\">And \(report.retrain.count - rows.count) more; the JSON report lists them all.</p>\n"
            }
        }
        out += "</section>\n"
    }

    mutating func calibration() {
        let c = report.calibration
        out += "<section aria-labelledby=\"dash-calibration\">\n<h2 id=\"dash-calibration\">Calibration</h2>\n"
        guard c.overall.cases > 0 else {
            out += "<p>No case decision has been answered by two or more moderators yet.</p>\n</section>\n"
            return
        }
        out += "<p>Agreement on case decisions over \(Fmt.count(c.overall.cases)) cases and \(Fmt.count(c.overall.answers)) answers: Krippendorff’s alpha \(Fmt.agreement(c.overall.krippendorffAlpha)), Fleiss’ kappa \(Fmt.agreement(c.overall.fleissKappa)) (1 is full agreement, 0 is chance).</p>\n"
        if !c.byCode.isEmpty {
            table(label: "Agreement by policy code", headers: ["Policy code", "Cases", "Answers", "Alpha", "Kappa"], rows: c.byCode.map { f in
                [esc(f.group), Fmt.count(f.cases), Fmt.count(f.answers)] + (f.items.isEmpty ? [Fmt.agreement(f.krippendorffAlpha), Fmt.agreement(f.fleissKappa)]
                    : [esc("too few cases for a figure: see " + f.items.joined(separator: ", ")), ""])
            })
        }
        if c.lowestAgreement.isEmpty {
            out += "<p>No case has enough answers to list disagreements.</p>\n"
        } else {
            out += "<h3>Cases moderators disagree on</h3>\n"
            table(label: "Cases moderators disagree on", headers: ["Case", "Section", "Answers", "Agreement", "Key", "Answers given", "Likely cause"], rows: c.lowestAgreement.map { d in
                [esc(d.title) + "<br><span class=\"dash-id\">\(esc(d.item))</span>", link(d.url, text: d.ref), Fmt.count(d.answers), Fmt.percent(d.agreement),
                 esc(d.key), esc(d.split.joined(separator: ", ")), esc(Fmt.cause(d.likelyCause))]
            })
        }
        out += "</section>\n"
    }

    // MARK: Pieces

    mutating func table(label: String, headers: [String], rows: [[String]]) {
        out += "<div class=\"table-wrap\" role=\"region\" aria-label=\"\(esc(label))\" tabindex=\"0\"><table class=\"dash-table\">\n<thead><tr>"
        for h in headers { out += "<th scope=\"col\">\(esc(h))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows { out += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>\n" }
        out += "</tbody></table></div>\n"
    }

    mutating func dataTable(summary: String, label: String, headers: [String], rows: [[String]]) {
        out += "<details class=\"chart-data\"><summary>\(esc(summary))</summary>\n"
        table(label: label, headers: headers, rows: rows)
        out += "</details>\n"
    }

    /// A link to a site-relative URL, or the text alone when there is no URL or it is not site-relative.
    func link(_ url: String, text: String) -> String {
        guard let href = href(url) else { return esc(text) }
        return "<a href=\"\(esc(href))\">\(esc(text))</a>"
    }

    /// `content` (SVG) wrapped in a link with a tooltip, kept out of the tab order: the chart
    /// is one image to assistive technology, and its data table has the same links.
    func svgLink(_ url: String, title: String, _ content: String) -> String {
        guard let href = href(url) else { return content }
        return "<a href=\"\(esc(href))\" tabindex=\"-1\"><title>\(esc(title))</title>\(content)</a>"
    }

    /// Report URLs are built from SOP ids ("sop/ip.html#ip-01"); anything with a scheme or
    /// starting with a slash did not come from there and is not linked.
    func href(_ url: String) -> String? {
        let path = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard !url.isEmpty, !url.hasPrefix("/"), !url.hasPrefix("\\"), !path.contains(":") else { return nil }
        return root + url
    }

    func esc(_ s: String) -> String { HTML.escape(s) }
}

// MARK: - Scales and number formats

private enum Scale {
    /// The axis maximum: a round step above `value`, at most 100%.
    static func niceMax(_ value: Double) -> Double {
        guard value > 0 else { return 0.1 }
        for m in [0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8] where value <= m { return m }
        return 1
    }

    /// Tick values from 0 to `max`, four or five of them.
    static func ticks(_ max: Double) -> [Double] {
        let step: Double
        switch max {
        case ...0.02: step = 0.005
        case ...0.05: step = 0.01
        case ...0.1: step = 0.025
        case ...0.2: step = 0.05
        case ...0.4: step = 0.1
        case ...0.6: step = 0.15
        default: step = max <= 0.8 ? 0.2 : 0.25
        }
        return stride(from: 0, through: max + 1e-9, by: step).map { $0 }
    }
}

private enum Fmt {
    /// A share as a percentage: one decimal below 10%, whole numbers above.
    static func percent(_ x: Double) -> String {
        guard x.isFinite else { return "–" }
        let p = x * 100
        if p != 0 && abs(p) < 10 && (p * 10).rounded() != (p.rounded() * 10) { return String(format: "%.1f%%", p) }
        return "\(Int(p.rounded()))%"
    }

    /// A count with thousands separators.
    static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// A coordinate or figure with at most `decimals` decimals and no trailing zeros.
    static func n(_ x: Double, decimals: Int = 1) -> String {
        guard x.isFinite else { return "0" }
        var s = String(format: "%.\(decimals)f", x)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }

    static func q(_ q: Double) -> String { q < 0.001 ? "&lt;0.001" : String(format: "%.3f", q) }

    /// A change per week in percentage points.
    static func points(_ x: Double) -> String { (x > 0 ? "+" : x < 0 ? "−" : "") + String(format: "%.1f", abs(x * 100)) + " pts" }

    static func agreement(_ x: Double?) -> String { x.map { String(format: "%.2f", $0) } ?? "–" }

    static func cause(_ c: String) -> String {
        switch c {
        case "ambiguity": return "SOP may be unclear"
        case "training-gap": return "training gap"
        case "suspect-key": return "answer key may be wrong"
        default: return c
        }
    }

    static func truncate(_ s: String, _ length: Int) -> String { s.count <= length ? s : String(s.prefix(length - 1)) + "…" }

    /// "2026-09-28" as "28 Sep" (the week of 28 September).
    static func shortDate(_ iso: String) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = iso.split(separator: "-")
        guard parts.count == 3, let m = Int(parts[1]), (1...12).contains(m), let d = Int(parts[2]) else { return iso }
        return "\(d) \(months[m - 1])"
    }

    /// Days since 1970-01-01 for `YYYY-MM-DD` (0 when it does not parse), so weeks are spaced by date.
    static func dayNumber(_ iso: String) -> Int {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return 0 }
        return CivilDate.days(year: parts[0], month: parts[1], day: parts[2])
    }
}
