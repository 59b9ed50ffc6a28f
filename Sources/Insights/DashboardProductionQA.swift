import Foundation

// The dashboard's Production QA panel (see ProductionQA.digest): the top error trends as
// weekly lines, one per top rising section, with the numbers in a table; the root causes of
// every flagged section and slice; accuracy by vendor. The report it draws is built over the
// same filter as the rest of the dashboard, so a lead sees their own team's audits only.

extension Dashboard.Renderer {
    /// How many rising sections the trend chart draws.
    static let qaTrendSeries = 3

    mutating func productionQAPanel(_ r: ProductionQAReport) {
        out += "<section aria-labelledby=\"dash-production-qa\">\n<h2 id=\"dash-production-qa\">\(esc(tr("dashboard.production_qa", "Production QA")))</h2>\n"
        let o = r.overall
        guard o.audits > 0 else {
            out += "<p>\(trHTML("dashboard.qa.empty", "No audited production decisions match these filters. QA exports are imported with {command}.", ["command": "<code>casebook qa import</code>"]))</p>\n</section>\n"
            return
        }
        let summaryLine = esc(tr("dashboard.qa.summary", "{audits} audited decisions, weeks {first}…{last}: accuracy {accuracy} (95% interval {low}–{high}), {errors} errors, harm-weighted {weighted}.",
                                                  ["audits": localFormats ? cnt(o.audits) : String(o.audits), "first": r.firstWeek.map(fullDate) ?? "", "last": r.lastWeek.map(fullDate) ?? "",
                                                   "accuracy": pct(o.accuracy), "low": pct(o.interval.low), "high": pct(o.interval.high),
                                                   "errors": localFormats ? cnt(o.errors) : String(o.errors), "weighted": localFormats ? cnt(o.weightedErrors) : String(o.weightedErrors)]))
        out += "<p class=\"dash-note\">\(summaryLine)</p>\n"
        qaTrendChart(r.trends)
        qaRootCauses(r.rootCauses ?? [])
        if let vendors = r.breakdowns.first(where: { $0.dimension == "vendor" }), !vendors.rows.isEmpty {
            table(label: tr("dashboard.qa.by_vendor", "Accuracy by vendor"), headers: ["Vendor", "Audits", "Accuracy", "95% interval", "Errors", "Harm-weighted errors"],
                      rows: vendors.rows.map { k in
                          [esc(k.key.isEmpty ? tr("dashboard.none", "(none)") : k.key), cnt(k.audits), pct(k.accuracy),
                           interval(k.interval), cnt(k.errors), cnt(k.weightedErrors)]
                      })
        }
        out += "</section>\n"
    }

    mutating func qaTrendChart(_ trends: QATrends?) {
        out += "<h3>\(esc(tr("dashboard.qa.trends", "Top error trends")))</h3>\n"
        guard let t = trends, !t.rising.isEmpty else {
            let noRise = esc(tr("dashboard.qa.no_rise", "No section or code rose significantly in the latest week ({tests} comparisons tested, false discovery rate {rate}).",
                                ["tests": localFormats ? cnt(trends?.tests ?? 0) : String(trends?.tests ?? 0), "rate": pct(trends?.falseDiscoveryRate ?? 0.05)]))
            out += "<p>\(noRise)</p>\n"
            return
        }
        let series = t.rising.filter { $0.level == "section" }.prefix(Self.qaTrendSeries)
        if let weeks = series.first?.series.map(\.week), weeks.count >= 2 {
            let width = 440.0, height = 200.0, left = 40.0, right = 10.0, top = 10.0, bottom = 30.0
            let yMax = Scale.niceMax(series.flatMap { $0.series.map(\.errorRate) }.max() ?? 0)
            func x(_ i: Int) -> Double { left + Double(i) / Double(weeks.count - 1) * (width - left - right) }
            func y(_ v: Double) -> Double { top + (1 - v / (yMax > 0 ? yMax : 1)) * (height - top - bottom) }
            let desc = series.map { "\($0.title): \($0.series.map { pct($0.errorRate) }.joined(separator: ", "))" }.joined(separator: "; ")
            out += "<figure class=\"chart\">\n<svg viewBox=\"0 0 \(Fmt.n(width)) \(Fmt.n(height))\" role=\"img\" aria-labelledby=\"dash-qa-trend-title\" aria-describedby=\"dash-qa-trend-desc\" class=\"chart-svg\" preserveAspectRatio=\"xMinYMin meet\">\n"
            out += "<title id=\"dash-qa-trend-title\">\(esc(tr("dashboard.qa.chart_title", "Weekly production error rate of the top rising sections")))</title>\n<desc id=\"dash-qa-trend-desc\">\(esc(desc))</desc>\n"
            for tick in Scale.ticks(yMax) {
                out += "<line class=\"grid\" x1=\"\(Fmt.n(left))\" y1=\"\(Fmt.n(y(tick)))\" x2=\"\(Fmt.n(width - right))\" y2=\"\(Fmt.n(y(tick)))\"/>"
                out += "<text class=\"tick\" x=\"\(Fmt.n(left - 6))\" y=\"\(Fmt.n(y(tick) + 4))\" text-anchor=\"end\">\(pct(tick))</text>\n"
            }
            for (i, w) in weeks.enumerated() where i == 0 || i == weeks.count - 1 {
                out += "<text class=\"tick\" x=\"\(Fmt.n(x(i)))\" y=\"\(Fmt.n(height - bottom + 18))\" text-anchor=\"\(i == 0 ? "start" : "end")\">\(esc(localFormats ? day(w) : w))</text>"
            }
            out += "\n"
            for (i, g) in series.enumerated() {
                let points = g.series.enumerated().map { "\(Fmt.n(x($0.offset))),\(Fmt.n(y($0.element.errorRate)))" }.joined(separator: " ")
                out += "<polyline class=\"series series-\(i + 1)\" points=\"\(points)\"><title>\(esc(g.title))</title></polyline>\n"
            }
            out += "</svg>\n<figcaption>"
            let styles = lineStyles
            out += series.enumerated().map { i, g in
                "<span class=\"legend\"><svg class=\"swatch\" viewBox=\"0 0 24 8\" aria-hidden=\"true\" focusable=\"false\"><line class=\"series series-\(i + 1)\" x1=\"0\" y1=\"4\" x2=\"24\" y2=\"4\"/></svg> \(styles[i]): \(esc(g.title))</span>"
            }.joined(separator: " ")
            out += "</figcaption>\n</figure>\n"
        }
        table(label: tr("dashboard.qa.trends", "Top error trends"), headers: ["Section or code", "Week", "Error rate", "Previous week", "Trailing weeks", "Harm-weighted excess"],
                  rows: t.rising.map { x in
                      func cell(_ c: QATrendComparison?) -> String {
                          c.map { trHTML($0.flagged ? "dashboard.qa.comparison_flagged" : "dashboard.qa.comparison", $0.flagged ? "{rate} of {count}, q {q} (flagged)" : "{rate} of {count}, q {q}",
                                       ["rate": esc(pct($0.errorRate)), "count": esc(cnt($0.audits)), "q": qValue($0.q)]) } ?? "–"
                      }
                      return [link(x.url, text: x.title), esc(fullDate(x.week)), "\(esc(pct(x.errorRate))) \(trHTML("dashboard.qa.of_audits", "of {count}", ["count": esc(cnt(x.audits))]))",
                              cell(x.comparisons.first { $0.baseline.hasPrefix("previous") }), cell(x.comparisons.first { $0.baseline.hasPrefix("trailing") }),
                              localFormats ? dec(x.weightedExcess, 1) : Fmt.n(x.weightedExcess)]
                  })
    }

    /// A root cause (`knowledge-gap`) in the reader's language.
    func causeName(_ c: String) -> String {
        tr("analysis.cause." + c.replacingOccurrences(of: "-", with: "_"), c.replacingOccurrences(of: "-", with: " "))
    }

    mutating func qaRootCauses(_ causes: [RootCause]) {
        out += "<h3>\(esc(tr("dashboard.qa.root_causes", "Root causes")))</h3>\n"
        guard !causes.isEmpty else {
            out += "<p>\(esc(tr("dashboard.qa.no_flagged", "No flagged section.")))</p>\n"
            return
        }
        table(label: tr("dashboard.qa.root_causes", "Root causes"), headers: ["SOP section", "Slice", "Audits", "Error rate", "Rest", "Causes", "Evidence"],
                  rows: causes.map { c in
                      [link(c.url, text: c.title), esc(c.dimension == "all" ? tr("dashboard.qa.whole_section", "whole section") : "\(tr("dashboard.dimension." + c.dimension, c.dimension)) \(c.value)"), cnt(c.production.audits),
                       pct(c.errorRate), pct(c.restErrorRate), esc(c.causes.map(causeName).joined(separator: tr("analysis.list_separator", ", "))),
                       c.evidenceCodes.map { esc($0.text(in: language)) }.joined(separator: "<br>")]
                  })
    }
}
