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
    /// With `campaigns` (the campaigns over the same learners), a Campaigns panel follows the summary;
    /// with `teamProgress`, a Team progress panel follows that; with `productionQA` (the production
    /// QA digest over the same filter), a Production QA panel follows the summary. `language`
    /// is the reader's: the panels' headings and labels are in it.
    public static func html(_ report: GapReport, siteRoot: String = "/", campaigns: [CampaignReport]? = nil, teamProgress: TeamProgress? = nil,
                            productionQA: ProductionQAReport? = nil, language: Localized? = nil) -> String {
        var d = Renderer(report: report, root: siteRoot, campaigns: campaigns)
        d.language = language
        d.teamProgress = teamProgress
        d.productionQA = productionQA
        return d.render()
    }
}

// MARK: - Rendering

extension Dashboard {
    /// Writes the dashboard into `out`, one part after another; the charts are in
    /// DashboardCharts.swift, scales and number formats in DashboardFormat.swift.
    struct Renderer {
        let report: GapReport
        let root: String
        /// The Campaigns panel's campaigns; nil: no panel.
        let campaigns: [CampaignReport]?
        /// The Team progress panel's rows; nil: no panel.
        var teamProgress: TeamProgress?
        /// The Production QA panel's digest; nil: no panel.
        var productionQA: ProductionQAReport?
        var out = ""
        /// The reader's language: headings, figure labels and slice names are in it when its
        /// catalogue has them (issue 19); the rest of the dashboard is English.
        var language: Localized?

        /// The text of catalogue `key` in the reader's language, else `english`.
        func tr(_ key: String, _ english: String) -> String {
            guard let language, language.message(key) != nil else { return english }
            return language(key)
        }

        init(report: GapReport, root: String, campaigns: [CampaignReport]? = nil) {
            self.report = report
            self.root = root.hasSuffix("/") ? root : root + "/"
            self.campaigns = campaigns
        }

        mutating func render() -> String {
            out += "<div class=\"dashboard\">\n"
            scope()
            summary()
            if let campaigns { campaignsPanel(campaigns) }
            if let teamProgress { teamProgressPanel(teamProgress) }
            if let productionQA { productionQAPanel(productionQA) }
            if report.summary.responses == 0 {
                out += "<p class=\"notice dash-empty\" role=\"status\">\(esc(tr("dashboard.no_answers", "No answers match these filters yet, so there are no error rates, trends or confusions to chart. Answers appear here once moderators take quizzes on this server; widen the dates or clear the market, team or vendor filter.")))</p>\n"
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
            let text = parts.isEmpty ? tr("dashboard.scope_all", "All answers, all learners.") : "Answers " + parts.joined(separator: ", ") + "."
            out += "<p class=\"dash-scope\">\(esc(text))</p>\n"
        }

        mutating func summary() {
            let s = report.summary
            var figures: [(String, String)] = [(tr("dashboard.answers", "Answers"), Fmt.count(s.responses)), (tr("dashboard.learners", "Learners"), Fmt.count(s.learners)),
                                               (tr("dashboard.questions", "Questions"), Fmt.count(s.questions))]
            if s.responses > 0 {
                figures.append((tr("dashboard.error_rate", "Error rate"), "\(Fmt.percent(s.rate.errorRate)) <small>(95% \(Fmt.percent(s.rate.interval.low))–\(Fmt.percent(s.rate.interval.high)))</small>"))
                figures.append((tr("dashboard.gaps", "Flagged gaps"), Fmt.count(report.sections.filter(\.flagged).count + report.codes.filter(\.flagged).count)))
            }
            figures.append((tr("dashboard.to_review", "To review"), Fmt.count(report.reviewQueue.count)))
            if s.responses > 0, let first = s.firstWeek, let last = s.lastWeek {
                figures.append((tr("dashboard.weeks_of", "Weeks of"), first == last ? "<span title=\"\(esc(first))\">\(esc(Fmt.shortDate(first)))</span>"
                    : "<span title=\"\(esc(first)) to \(esc(last))\">\(esc(Fmt.shortDate(first)))–\(esc(Fmt.shortDate(last)))</span>"))
            }
            out += "<section aria-labelledby=\"dash-summary\">\n<h2 id=\"dash-summary\">\(esc(tr("dashboard.summary", "Summary")))</h2>\n<dl class=\"dash-figures\">\n"
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

        // MARK: Tables

        mutating func flaggedGaps() {
            let gaps = report.sections.filter(\.flagged) + report.codes.filter(\.flagged)
            out += "<section aria-labelledby=\"dash-gaps\">\n<h2 id=\"dash-gaps\">\(esc(tr("dashboard.gaps", "Flagged gaps")))</h2>\n"
            if gaps.isEmpty {
                out += "<p>\(esc(tr("dashboard.no_gaps", "No SOP section or policy code stands out from the group: every error rate is within what question difficulty and chance explain.")))</p>\n"
            } else {
                table(label: "Flagged gaps, table", headers: ["Section or code", "Error rate", "95% interval", "Group", "Answers", "Cases and questions", "q", "Trend per week", "Top confusion"],
                      rows: gaps.map { g in
                          [link(g.url, text: g.title) + (g.level == "code" ? " <span class=\"badge\">code</span>" : ""), Fmt.percent(g.rate.errorRate),
                           "\(Fmt.percent(g.rate.interval.low))–\(Fmt.percent(g.rate.interval.high))", Fmt.percent(g.groupRate), Fmt.count(g.rate.responses),
                           String(g.questions), Fmt.q(g.q), g.trendPerWeek.map(Fmt.points) ?? "", esc(g.topConfusion ?? "")]
                      })
            }
            out += "</section>\n"
        }

        mutating func sliceGaps() {
            out += "<section aria-labelledby=\"dash-slices\">\n<h2 id=\"dash-slices\">\(esc(tr("dashboard.slices", "Slice gaps")))</h2>\n"
            if report.sliceGaps.isEmpty {
                out += "<p>\(esc(tr("dashboard.no_slice_gaps", "No market, team, vendor, start-month cohort or reading language does worse than the others on any section.")))</p>\n"
            } else {
                table(label: "Slice gaps, table", headers: ["Slice", "Section", "Error rate", "Answers (learners)", "Others on the same questions", "Others' answers (learners)", "q"],
                      rows: report.sliceGaps.map { s in
                          [esc("\(tr("dashboard.dimension." + s.dimension, s.dimension)): \(s.value.isEmpty ? "(none)" : s.value)"), link(s.url, text: s.title), Fmt.percent(s.rate.errorRate),
                           "\(Fmt.count(s.rate.responses)) (\(Fmt.count(s.learners)))", Fmt.percent(s.groupRate),
                           "\(Fmt.count(s.otherResponses)) (\(Fmt.count(s.otherLearners)))", Fmt.q(s.q)]
                      })
            }
            out += "</section>\n"
        }

        mutating func reviewQueue() {
            out += "<section aria-labelledby=\"dash-review\">\n<h2 id=\"dash-review\">\(esc(tr("dashboard.review", "Review queue")))</h2>\n"
            if report.reviewQueue.isEmpty {
                out += "<p>\(esc(tr("dashboard.nothing_to_review", "Nothing to review: no open contests and no question with a suspect key or poor statistics.")))</p>\n"
            } else {
                out += "<p class=\"dash-note\">Priority 1: contested and suspect or widely missed; 2: suspect key; 3: open contests; 4: negative discrimination; 5: other item flags.</p>\n"
                table(label: "Review queue, table", headers: ["Priority", "Question", "Reasons", "Contest comments"], rows: report.reviewQueue.map { r in
                    let question = link(r.url, text: r.title) + "<br><span class=\"dash-id\">\(esc(r.item))\([QuestionKind.decision.rawValue, QuestionKind.knowledge.rawValue].contains(r.kind) ? "" : " (\(esc(r.kind)))")\(r.file.isEmpty ? "" : " · \(esc(r.file))")</span>"
                    let reasons = r.reasons.isEmpty ? "" : "<ul>" + r.reasons.map { "<li>\(esc($0))</li>" }.joined() + "</ul>"
                    let comments = r.contests.isEmpty ? "" : "<ul class=\"dash-comments\">" + r.contests.map { "<li><span class=\"dash-id\">#\($0.id) \(esc($0.learner)):</span> \(esc($0.comment))</li>" }.joined() + "</ul>"
                    return [String(r.priority), question, reasons, comments]
                })
            }
            out += "</section>\n"
        }

        mutating func retrain() {
            out += "<section aria-labelledby=\"dash-retrain\">\n<h2 id=\"dash-retrain\">\(esc(tr("dashboard.retrain", "Learners to retrain")))</h2>\n"
            if report.retrain.isEmpty {
                out += "<p>\(esc(tr("dashboard.no_retrain", "No learner is likely below the mastery target in any section.")))</p>\n"
            } else {
                let rows = report.retrain.prefix(Dashboard.retrainRows)
                table(label: "Learners to retrain, table", headers: ["Learner", "Team", "Section", "Cases right", "Mastery (estimated)", "Chance below target"], rows: rows.map { r in
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
            out += "<section aria-labelledby=\"dash-calibration\">\n<h2 id=\"dash-calibration\">\(esc(tr("dashboard.calibration", "Calibration")))</h2>\n"
            guard c.overall.cases > 0 else {
                out += "<p>\(esc(tr("dashboard.no_calibration", "No case decision has been answered by two or more moderators yet.")))</p>\n</section>\n"
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
                out += "<p>\(esc(tr("dashboard.no_disagreements", "No case has enough answers to list disagreements.")))</p>\n"
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

        /// A scrollable table, a landmark named `label`: that name must differ from its
        /// section's heading, as two landmarks of one name cannot be told apart.
        mutating func table(label: String, headers: [String], rows: [[String]]) {
            out += "<div class=\"table-wrap\" role=\"region\" aria-label=\"\(esc(label))\" tabindex=\"0\"><table class=\"dash-table\">\n<thead><tr>"
            for h in headers { out += "<th scope=\"col\">\(esc(tr("dashboard.column." + Self.columnKey(h), h)))</th>" }
            out += "</tr></thead>\n<tbody>\n"
            for row in rows { out += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>\n" }
            out += "</tbody></table></div>\n"
        }

        /// The catalogue key of a column heading: `Others' answers (learners)` -> `others_answers_learners`.
        static func columnKey(_ heading: String) -> String {
            var key = ""
            for c in heading.lowercased() {
                if c.isASCII && (c.isLetter || c.isNumber) { key.append(c) } else if !key.isEmpty && !key.hasSuffix("_") { key.append("_") }
            }
            while key.hasSuffix("_") { key.removeLast() }
            return key
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
}
