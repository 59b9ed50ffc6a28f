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
                            productionQA: ProductionQAReport? = nil, language: Localized? = nil, actionLabels: [String: String] = [:]) -> String {
        var d = Renderer(report: report, root: siteRoot, campaigns: campaigns)
        d.language = language
        d.actionLabels = actionLabels
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
        /// The reader's language (issue 19): the dashboard's text is in it where its catalogue
        /// has the message, and its numbers, percentages and dates are formatted for it. Without
        /// one, or in English, the dashboard reads as it always has.
        var language: Localized?
        /// Action labels in the reader's language by the English label the analysis reports
        /// (`Remove` -> `ลบ`, the action list's `label_th:`); empty: as reported.
        var actionLabels: [String: String] = [:]
        /// An action as the reader's language names it.
        func action(_ label: String) -> String { actionLabels[label] ?? label }

        /// The text of catalogue `key` in the reader's language, else `english`; `{name}`
        /// placeholders are filled from `values` either way (plain text: escape the result).
        func tr(_ key: String, _ english: String, _ values: KeyValuePairs<String, String> = [:]) -> String {
            guard let language, language.message(key) != nil else { return Localized.fill(english, values.map { ($0.key, $0.value) }) }
            return language(key, values)
        }

        /// The plural message `key` for `count` in the reader's language, else `one` or `other`
        /// in English; `{count}` is the count formatted for the language.
        func tr(_ key: String, count: Int, one: String, other: String, _ values: KeyValuePairs<String, String> = [:]) -> String {
            guard let language, language.message(key) != nil else {
                return Localized.fill(count == 1 ? one : other, [("count", cnt(count))] + values.map { ($0.key, $0.value) })
            }
            return language.plural(key, count: count, values)
        }

        /// The message `key` as HTML: its text (else `english`) escaped, then `{name}`
        /// placeholders filled from `values`, which must already be HTML.
        func trHTML(_ key: String, _ english: String, _ values: KeyValuePairs<String, String> = [:]) -> String {
            guard let language, language.message(key) != nil else { return Localized.fill(esc(english), values.map { ($0.key, $0.value) }) }
            return language.html(key, values)
        }

        /// The plural message `key` for `count` as HTML (see `trHTML`).
        func trHTML(_ key: String, count: Int, one: String, other: String, _ values: KeyValuePairs<String, String> = [:]) -> String {
            guard let language, language.message(key) != nil else {
                return Localized.fill(esc(count == 1 ? one : other), [("count", esc(cnt(count)))] + values.map { ($0.key, $0.value) })
            }
            return language.pluralHTML(key, count: count, values)
        }

        /// Whether figures and dates follow a language's conventions (any but English, whose
        /// dashboard keeps its long-standing formats byte for byte).
        var localFormats: Bool { language.map { $0.language != Messages.fallbackLanguage } ?? false }

        /// A share as a percentage (one decimal below 10%), in the reader's digits and signs.
        func pct(_ x: Double) -> String {
            guard let language, localFormats, x.isFinite else { return Fmt.percent(x) }
            let p = x * 100
            return language.percent(x, fractionDigits: p != 0 && abs(p) < 10 && (p * 10).rounded() != (p.rounded() * 10) ? 1 : 0)
        }

        /// A count with the reader's grouping.
        func cnt(_ n: Int) -> String {
            guard let language, localFormats else { return Fmt.count(n) }
            return language.number(n)
        }

        /// A week's first day as day and month (`28 Sep`, `28 ก.ย.`).
        func day(_ iso: String) -> String {
            guard let language, localFormats else { return Fmt.shortDate(iso) }
            return language.dayMonth(iso)
        }

        /// A date in full (`2026-09-28` stays ISO in English; `28 ก.ย. 2569` in Thai).
        func fullDate(_ iso: String) -> String {
            guard let language, localFormats else { return iso }
            return language.date(iso)
        }

        /// A figure with `digits` decimals.
        func dec(_ x: Double, _ digits: Int) -> String {
            guard let language, localFormats, x.isFinite else { return String(format: "%.\(digits)f", x) }
            return language.decimal(x, fractionDigits: digits)
        }

        /// A q value (HTML): three decimals, `<0.001` below that.
        func qValue(_ q: Double) -> String { q < 0.001 ? "&lt;" + dec(0.001, 3) : dec(q, 3) }

        /// A change per week in percentage points (`+1.5 pts`).
        func points(_ x: Double) -> String {
            guard localFormats else { return Fmt.points(x) }
            return tr("dashboard.points", "{value} pts", ["value": (x > 0 ? "+" : x < 0 ? "−" : "") + dec(abs(x * 100), 1)])
        }

        /// An agreement coefficient, or a dash.
        func agreement(_ x: Double?) -> String { x.map { dec($0, 2) } ?? "–" }

        /// `low–high` of a 95% interval.
        func interval(_ i: Interval) -> String { "\(pct(i.low))–\(pct(i.high))" }

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
            if let v = f.since { parts.append(tr("dashboard.scope.since", "since {date}", ["date": fullDate(v)])) }
            if let v = f.until { parts.append(tr("dashboard.scope.before", "before {date}", ["date": fullDate(v)])) }
            if let v = f.market { parts.append(tr("dashboard.scope.market", "market {value}", ["value": v])) }
            if let v = f.team { parts.append(tr("dashboard.scope.team", "team {value}", ["value": v])) }
            if let v = f.vendor { parts.append(tr("dashboard.scope.vendor", "vendor {value}", ["value": v])) }
            let text = parts.isEmpty ? tr("dashboard.scope_all", "All answers, all learners.")
                : tr("dashboard.scope.some", "Answers {parts}.", ["parts": parts.joined(separator: ", ")])
            out += "<p class=\"dash-scope\">\(esc(text))</p>\n"
        }

        mutating func summary() {
            let s = report.summary
            var figures: [(String, String)] = [(tr("dashboard.answers", "Answers"), cnt(s.responses)), (tr("dashboard.learners", "Learners"), cnt(s.learners)),
                                               (tr("dashboard.questions", "Questions"), cnt(s.questions))]
            if s.responses > 0 {
                figures.append((tr("dashboard.error_rate", "Error rate"), "\(pct(s.rate.errorRate)) <small>(\(esc(tr("dashboard.ci", "95% {low}–{high}", ["low": pct(s.rate.interval.low), "high": pct(s.rate.interval.high)]))))</small>"))
                figures.append((tr("dashboard.gaps", "Flagged gaps"), cnt(report.sections.filter(\.flagged).count + report.codes.filter(\.flagged).count)))
            }
            figures.append((tr("dashboard.to_review", "To review"), cnt(report.reviewQueue.count)))
            if s.responses > 0, let first = s.firstWeek, let last = s.lastWeek {
                figures.append((tr("dashboard.weeks_of", "Weeks of"), first == last ? "<span title=\"\(esc(fullDate(first)))\">\(esc(day(first)))</span>"
                    : "<span title=\"\(esc(tr("dashboard.weeks_range", "{first} to {last}", ["first": fullDate(first), "last": fullDate(last)])))\">\(esc(day(first)))–\(esc(day(last)))</span>"))
            }
            out += "<section aria-labelledby=\"dash-summary\">\n<h2 id=\"dash-summary\">\(esc(tr("dashboard.summary", "Summary")))</h2>\n<dl class=\"dash-figures\">\n"
            for (label, value) in figures { out += "<div><dt>\(esc(label))</dt><dd>\(value)</dd></div>\n" }
            out += "</dl>\n"
            if s.excludedSuspectQuestions > 0 {
                let excluded = esc(tr("dashboard.excluded_suspect", count: s.excludedSuspectQuestions,
                                                           one: "{count} question with a suspect answer key left out of the gap figures (see the review queue).",
                                                           other: "{count} questions with a suspect answer key left out of the gap figures (see the review queue)."))
                out += "<p class=\"dash-note\">\(excluded)</p>\n"
            }
            let types = report.errorTypes.filter { $0.count > 0 }
            if !types.isEmpty {
                let list = types.map { "\(errorType($0.errorType)) \(pct($0.share))" }.joined(separator: ", ")
                out += "<p class=\"dash-note\">\(esc(tr("dashboard.error_types", "Wrong decisions and codes: {list}.", ["list": list])))</p>\n"
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
                table(label: tableLabel("dashboard.gaps", "Flagged gaps"), headers: ["Section or code", "Error rate", "95% interval", "Group", "Answers", "Cases and questions", "q", "Trend per week", "Top confusion"],
                      rows: gaps.map { g in
                          [link(g.url, text: g.title) + (g.level == "code" ? " <span class=\"badge\">\(esc(tr("dashboard.code_badge", "code")))</span>" : ""), pct(g.rate.errorRate),
                           interval(g.rate.interval), pct(g.groupRate), cnt(g.rate.responses),
                           String(g.questions), qValue(g.q), g.trendPerWeek.map(points) ?? "", esc(topConfusion(g))]
                      })
            }
            out += "</section>\n"
        }

        mutating func sliceGaps() {
            out += "<section aria-labelledby=\"dash-slices\">\n<h2 id=\"dash-slices\">\(esc(tr("dashboard.slices", "Slice gaps")))</h2>\n"
            if report.sliceGaps.isEmpty {
                out += "<p>\(esc(tr("dashboard.no_slice_gaps", "No market, team, vendor, start-month cohort or reading language does worse than the others on any section.")))</p>\n"
            } else {
                table(label: tableLabel("dashboard.slices", "Slice gaps"), headers: ["Slice", "Section", "Error rate", "Answers (learners)", "Others on the same questions", "Others' answers (learners)", "q"],
                      rows: report.sliceGaps.map { s in
                          [esc("\(tr("dashboard.dimension." + s.dimension, s.dimension)): \(s.value.isEmpty ? tr("dashboard.none", "(none)") : s.value)"), link(s.url, text: s.title), pct(s.rate.errorRate),
                           "\(cnt(s.rate.responses)) (\(cnt(s.learners)))", pct(s.groupRate),
                           "\(cnt(s.otherResponses)) (\(cnt(s.otherLearners)))", qValue(s.q)]
                      })
            }
            out += "</section>\n"
        }

        mutating func reviewQueue() {
            out += "<section aria-labelledby=\"dash-review\">\n<h2 id=\"dash-review\">\(esc(tr("dashboard.review", "Review queue")))</h2>\n"
            if report.reviewQueue.isEmpty {
                out += "<p>\(esc(tr("dashboard.nothing_to_review", "Nothing to review: no open contests and no question with a suspect key or poor statistics.")))</p>\n"
            } else {
                out += "<p class=\"dash-note\">\(esc(tr("dashboard.priorities", "Priority 1: contested and suspect or widely missed; 2: suspect key; 3: open contests; 4: negative discrimination; 5: other item flags.")))</p>\n"
                table(label: tableLabel("dashboard.review", "Review queue"), headers: ["Priority", "Question", "Reasons", "Contest comments"], rows: report.reviewQueue.map { r in
                    let question = link(r.url, text: r.title) + "<br><span class=\"dash-id\">\(esc(r.item))\([QuestionKind.decision.rawValue, QuestionKind.knowledge.rawValue].contains(r.kind) ? "" : " (\(esc(kindName(r.kind))))")\(r.file.isEmpty ? "" : " · \(esc(r.file))")</span>"
                    let reasons = r.reasonCodes.isEmpty ? "" : "<ul>" + r.reasonCodes.map { "<li>\(esc($0.namingActions(actionLabels).text(in: language)))</li>" }.joined() + "</ul>"
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
                table(label: tableLabel("dashboard.retrain", "Learners to retrain"), headers: ["Learner", "Team", "Section", "Cases right", "Mastery (estimated)", "Chance below target"], rows: rows.map { r in
                    [esc(r.name.isEmpty || r.name == r.learner ? r.learner : "\(r.name) (\(r.learner))"), esc(r.team), link(r.url, text: r.title),
                     tr("dashboard.cases_right", "{correct} of {answered} cases", ["correct": cnt(r.correct), "answered": cnt(r.answered)]), pct(r.mastery), pct(r.probabilityBelowTarget)]
                })
                if report.retrain.count > rows.count {
                    out += "<p class=\"dash-note\">\(esc(tr("dashboard.more_learners", "And {count} more; the JSON report lists them all.", ["count": cnt(report.retrain.count - rows.count)])))</p>\n"
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
            let agreementText = esc(tr("dashboard.agreement", "Agreement on case decisions over {cases} cases and {answers} answers: Krippendorff’s alpha {alpha}, Fleiss’ kappa {kappa} (1 is full agreement, 0 is chance).",
                             ["cases": cnt(c.overall.cases), "answers": cnt(c.overall.answers), "alpha": agreement(c.overall.krippendorffAlpha), "kappa": agreement(c.overall.fleissKappa)]))
            out += "<p>\(agreementText)</p>\n"
            if !c.byCode.isEmpty {
                table(label: tr("dashboard.agreement_by_code", "Agreement by policy code"), headers: ["Policy code", "Cases", "Answers", "Alpha", "Kappa"], rows: c.byCode.map { f in
                    [esc(f.group), cnt(f.cases), cnt(f.answers)] + (f.items.isEmpty ? [agreement(f.krippendorffAlpha), agreement(f.fleissKappa)]
                        : [esc(tr("dashboard.too_few_cases", "too few cases for a figure: see {items}", ["items": f.items.joined(separator: ", ")])), ""])
                })
            }
            if c.lowestAgreement.isEmpty {
                out += "<p>\(esc(tr("dashboard.no_disagreements", "No case has enough answers to list disagreements.")))</p>\n"
            } else {
                let disagree = tr("dashboard.disagreements", "Cases moderators disagree on")
                out += "<h3>\(esc(disagree))</h3>\n"
                table(label: disagree, headers: ["Case", "Section", "Answers", "Agreement", "Key", "Answers given", "Likely cause"], rows: c.lowestAgreement.map { d in
                    [esc(d.title) + "<br><span class=\"dash-id\">\(esc(d.item))</span>", link(d.url, text: d.ref), cnt(d.answers), pct(d.agreement),
                     esc(action(d.key)), esc(d.split.map(splitLabel).joined(separator: ", ")), esc(cause(d.likelyCause))]
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
        static func columnKey(_ heading: String) -> String { ReportPrinter.columnKey(heading) }

        /// The name of a section's table: its heading and ", table".
        func tableLabel(_ key: String, _ english: String) -> String {
            tr("dashboard.table", "{title}, table", ["title": tr(key, english)])
        }

        /// An error type (`over-enforcement`) in the reader's language.
        func errorType(_ t: String) -> String {
            tr("dashboard.error_type." + t.replacingOccurrences(of: "-", with: "_"), t)
        }

        /// A gap's most common mistake (`remove → warn (40% of errors)`) in the reader's language.
        func topConfusion(_ g: Gap) -> String {
            guard localFormats, let m = g.topMistake else { return g.topConfusion ?? "" }
            func label(_ a: String) -> String { a == QuizDrawer.noViolation ? tr("quiz.no_violation", a) : action(a) }
            return tr("analysis.top_confusion", "{gold} → {answered} ({share} of errors)",
                      ["gold": label(m.gold), "answered": label(m.answered), "share": pct(Double(Int((m.share * 100).rounded())) / 100)])
        }

        /// A likely cause of disagreement in the reader's language.
        func cause(_ c: String) -> String {
            tr("dashboard.cause." + c.replacingOccurrences(of: "-", with: "_"), Fmt.cause(c))
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
