import Foundation

// The dashboard's Campaigns panel: per campaign its due date, completion bars per team and
// vendor, the learners overdue and "did it work?". Bars are native <progress> elements beside
// their figures in text (the figures carry the meaning; the bars are hidden from screen
// readers so each value is read once), coloured by the scheme's accent for light and dark.

extension Dashboard.Renderer {
    mutating func campaignsPanel(_ campaigns: [CampaignReport]) {
        out += "<section aria-labelledby=\"dash-campaigns\">\n<h2 id=\"dash-campaigns\">\(esc(tr("dashboard.campaigns", "Campaigns")))</h2>\n"
        let f = report.filter
        let limits = [f.market.map { "market \($0)" }, f.team.map { "team \($0)" }, f.vendor.map { "vendor \($0)" }].compactMap { $0 }
        if !limits.isEmpty {
            out += "<p class=\"dash-note\">\(esc("Learners in \(limits.joined(separator: ", ")) only."))</p>\n"
        }
        if campaigns.isEmpty {
            out += limits.isEmpty ? "<p>No campaigns yet. A trainer assigns an SOP update with <code>casebook campaigns create</code>.</p>\n"
                : "<p>No campaign is assigned to these learners.</p>\n"
        }
        for c in campaigns { campaign(c) }
        out += "</section>\n"
    }

    mutating func campaign(_ c: CampaignReport) {
        let heading = "campaign-\(c.id)"
        out += "<article class=\"campaign\" aria-labelledby=\"\(heading)\">\n"
        out += "<h3 id=\"\(heading)\">\(link(c.url, text: c.title)) \(esc(c.version)) <span class=\"dash-id\">campaign \(c.id) · \(esc(c.sop))</span></h3>\n"
        var task = "Read and acknowledge version \(esc(c.version))"
        if c.quiz > 0 { task += ", then pass an update quiz of \(c.quiz) question\(c.quiz == 1 ? "" : "s")" }
        let left: String
        switch c.daysLeft {
        case 0: left = "due today"
        case 1: left = "1 day left"
        case -1: left = "1 day overdue"
        case ..<0: left = "\(-c.daysLeft) days overdue"
        default: left = "\(c.daysLeft) days left"
        }
        let what = c.previousVersion.isEmpty ? link(c.diffURL, text: "All versions") : link(c.diffURL, text: "What changed since \(c.previousVersion)")
        out += "<p>\(task), due <time datetime=\"\(esc(c.due))\">\(esc(c.due))</time> (<strong>\(left)</strong>). \(what).</p>\n"
        var figures: [(String, String)] = [("Assigned", Fmt.count(c.assigned)), ("Acknowledged", share(c.acknowledged, of: c.assigned))]
        if c.quiz > 0 { figures.append(("Passed the quiz", share(c.passed, of: c.assigned))) }
        figures.append(("Overdue", Fmt.count(c.overdue)))
        out += "<dl class=\"dash-figures\">\n"
        for (label, value) in figures { out += "<div><dt>\(esc(label))</dt><dd>\(value)</dd></div>\n" }
        out += "</dl>\n"
        completion(c, name: "Team", groups: c.byTeam)
        completion(c, name: "Vendor", groups: c.byVendor)
        if !c.overdueLearners.isEmpty {
            out += "<details class=\"chart-data\"><summary>\(esc("Learners overdue (\(c.overdueLearners.count))"))</summary>\n"
            table(label: "Learners overdue in campaign \(c.id)", headers: ["Learner", "Team", "Vendor", "Market", "Still to do"], rows: c.overdueLearners.map { l in
                [esc(l.name.isEmpty || l.name == l.id ? l.id : "\(l.name) (\(l.id))"), esc(l.team), esc(l.vendor), esc(l.market), esc(l.missing)]
            })
            out += "</details>\n"
        }
        for o in c.outcomes { outcome(o, campaign: c) }
        out += "</article>\n"
    }

    /// A table of completion bars, one row per team or vendor.
    mutating func completion(_ c: CampaignReport, name: String, groups: [CompletionGroup]) {
        guard !groups.isEmpty else { return }
        var columns = ["Acknowledged"]
        if c.quiz > 0 { columns.append("Passed") }
        columns.append("Overdue")
        let label = "Campaign \(c.id) completion by \(name.lowercased())"
        out += "<div class=\"table-wrap\" role=\"region\" aria-label=\"\(esc(label))\" tabindex=\"0\"><table class=\"dash-table campaign-bars\">\n"
        out += "<caption>\(esc("Completion by \(name.lowercased())"))</caption>\n<thead><tr><th scope=\"col\">\(esc(name))</th><th scope=\"col\">Assigned</th>"
        for col in columns { out += "<th scope=\"col\">\(col)</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for g in groups {
            out += "<tr><th scope=\"row\">\(esc(g.value))</th><td>\(Fmt.count(g.assigned))</td>"
            out += "<td>\(bar(g.acknowledged, of: g.assigned))</td>"
            if c.quiz > 0 { out += "<td>\(bar(g.passed, of: g.assigned))</td>" }
            out += "<td>\(bar(g.overdue, of: g.assigned, overdue: true))</td></tr>\n"
        }
        out += "</tbody></table></div>\n"
    }

    /// "Did it work?" for one evidence source: the two periods and the verdict.
    mutating func outcome(_ o: CampaignOutcome, campaign c: CampaignReport) {
        let sections = o.sections.isEmpty ? "" : " (" + o.sections.map { esc($0) }.joined(separator: ", ") + ")"
        out += "<h4>Did it work? Errors on the changed sections\(sections), from \(esc(o.source.label))</h4>\n"
        if o.verdict != .noChangedSections && o.verdict != .noEffectiveDate && o.verdict != .notEffectiveYet {
            let since = "<time datetime=\"\(esc(o.effective))\">\(esc(o.effective))</time>"
            let rows = [("Before \(since)", o.before), ("From \(since)", o.after)].map { name, p in
                [name, Fmt.count(p.answers), Fmt.count(p.learners), Fmt.count(p.errors), p.answers == 0 ? "–" : Fmt.percent(p.errorRate),
                 p.answers == 0 ? "–" : "\(Fmt.percent(p.interval.low))–\(Fmt.percent(p.interval.high))"]
            }
            table(label: "Campaign \(c.id): errors before and after version \(c.version), \(o.source.label)",
                  headers: ["Period", "Answers", "Learners", "Errors", "Error rate", "95% interval"], rows: rows)
        }
        out += "<p class=\"campaign-verdict\"><strong>\(esc(Self.sentence(o.summary)))</strong></p>\n"
    }

    /// "3 of 4 (75%)".
    func share(_ k: Int, of n: Int) -> String {
        n == 0 ? "0" : "\(Fmt.count(k)) of \(Fmt.count(n)) <small>(\(Fmt.percent(Double(k) / Double(n))))</small>"
    }

    /// A bar with its figure in text beside it.
    func bar(_ k: Int, of n: Int, overdue: Bool = false) -> String {
        let text = n == 0 ? "0" : "\(Fmt.count(k)) of \(Fmt.count(n)) (\(Fmt.percent(Double(k) / Double(n))))"
        return "<span class=\"campaign-bar\(overdue && k > 0 ? " overdue" : "")\"><progress max=\"\(max(n, 1))\" value=\"\(k)\" aria-hidden=\"true\"></progress> \(text)</span>"
    }

    /// The summary with a capital first letter and a full stop.
    static func sentence(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.uppercased() + s.dropFirst() + (s.hasSuffix(".") ? "" : ".")
    }
}
