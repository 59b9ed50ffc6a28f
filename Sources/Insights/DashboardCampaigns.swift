import Foundation

// The dashboard's Campaigns panel: per campaign its due date, completion bars per team and
// vendor, the learners overdue and "did it work?". Bars are native <progress> elements beside
// their figures in text (the figures carry the meaning; the bars are hidden from screen
// readers so each value is read once), coloured by the scheme's accent for light and dark.

extension Dashboard.Renderer {
    mutating func campaignsPanel(_ campaigns: [CampaignReport]) {
        out += "<section aria-labelledby=\"dash-campaigns\">\n<h2 id=\"dash-campaigns\">\(esc(tr("dashboard.campaigns", "Campaigns")))</h2>\n"
        let f = report.filter
        let limits = [f.market.map { tr("dashboard.scope.market", "market {value}", ["value": $0]) }, f.team.map { tr("dashboard.scope.team", "team {value}", ["value": $0]) },
                      f.vendor.map { tr("dashboard.scope.vendor", "vendor {value}", ["value": $0]) }].compactMap { $0 }
        if !limits.isEmpty {
            out += "<p class=\"dash-note\">\(esc(tr("dashboard.campaign.limited", "Learners in {limits} only.", ["limits": limits.joined(separator: ", ")])))</p>\n"
        }
        if campaigns.isEmpty {
            out += limits.isEmpty ? "<p>\(trHTML("dashboard.campaign.none_yet", "No campaigns yet. A trainer assigns an SOP update with {command}.", ["command": "<code>casebook campaigns create</code>"]))</p>\n"
                : "<p>\(esc(tr("dashboard.campaign.none_here", "No campaign is assigned to these learners.")))</p>\n"
        }
        for c in campaigns { campaign(c) }
        out += "</section>\n"
    }

    mutating func campaign(_ c: CampaignReport) {
        let heading = "campaign-\(c.id)"
        out += "<article class=\"campaign\" aria-labelledby=\"\(heading)\">\n"
        out += "<h3 id=\"\(heading)\">\(link(c.url, text: c.title)) \(esc(c.version)) <span class=\"dash-id\">\(esc(tr("dashboard.campaign.id", "campaign {id}", ["id": String(c.id)]))) · \(esc(c.sop))</span></h3>\n"
        let task = c.quiz > 0
            ? tr("dashboard.campaign.task_quiz", count: c.quiz, one: "Read and acknowledge version {version}, then pass an update quiz of {count} question",
                 other: "Read and acknowledge version {version}, then pass an update quiz of {count} questions", ["version": c.version])
            : tr("dashboard.campaign.task", "Read and acknowledge version {version}", ["version": c.version])
        let left: String
        switch c.daysLeft {
        case 0: left = tr("dashboard.campaign.due_today", "due today")
        case ..<0: left = tr("dashboard.days_overdue", count: -c.daysLeft, one: "{count} day overdue", other: "{count} days overdue")
        default: left = tr("dashboard.days_left", count: c.daysLeft, one: "{count} day left", other: "{count} days left")
        }
        let what = c.previousVersion.isEmpty ? link(c.diffURL, text: tr("dashboard.campaign.all_versions", "All versions"))
            : link(c.diffURL, text: tr("dashboard.campaign.changed_since", "What changed since {version}", ["version": c.previousVersion]))
        let dueLine = trHTML("dashboard.campaign.due", "{task}, due {date} ({left}). {changes}.",
                            ["task": esc(task), "date": "<time datetime=\"\(esc(c.due))\">\(esc(fullDate(c.due)))</time>", "left": "<strong>\(esc(left))</strong>", "changes": what])
        out += "<p>\(dueLine)</p>\n"
        var figures: [(String, String)] = [(tr("dashboard.campaign.assigned", "Assigned"), cnt(c.assigned)),
                                           (tr("dashboard.campaign.acknowledged", "Acknowledged"), share(c.acknowledged, of: c.assigned))]
        if c.quiz > 0 { figures.append((tr("dashboard.campaign.passed_quiz", "Passed the quiz"), share(c.passed, of: c.assigned))) }
        figures.append((tr("dashboard.campaign.overdue", "Overdue"), cnt(c.overdue)))
        out += "<dl class=\"dash-figures\">\n"
        for (label, value) in figures { out += "<div><dt>\(esc(label))</dt><dd>\(value)</dd></div>\n" }
        out += "</dl>\n"
        completion(c, by: "team", groups: c.byTeam)
        completion(c, by: "vendor", groups: c.byVendor)
        if !c.overdueLearners.isEmpty {
            out += "<details class=\"chart-data\"><summary>\(esc(tr("dashboard.campaign.overdue_learners", "Learners overdue ({count})", ["count": cnt(c.overdueLearners.count)])))</summary>\n"
            table(label: tr("dashboard.campaign.overdue_label", "Learners overdue in campaign {id}", ["id": String(c.id)]), headers: ["Learner", "Team", "Vendor", "Market", "Still to do"], rows: c.overdueLearners.map { l in
                [esc(l.name.isEmpty || l.name == l.id ? l.id : "\(l.name) (\(l.id))"), esc(l.team), esc(l.vendor), esc(l.market), esc(missing(l, campaign: c))]
            })
            out += "</details>\n"
        }
        for o in c.outcomes { outcome(o, campaign: c) }
        out += "</article>\n"
    }

    /// A table of completion bars, one row per team or vendor.
    /// `dimension` is `team` or `vendor`.
    mutating func completion(_ c: CampaignReport, by dimension: String, groups: [CompletionGroup]) {
        guard !groups.isEmpty else { return }
        var columns = ["Assigned", "Acknowledged"]
        if c.quiz > 0 { columns.append("Passed") }
        columns.append("Overdue")
        let caption = dimension == "team" ? tr("dashboard.campaign.by_team", "Completion by team") : tr("dashboard.campaign.by_vendor", "Completion by vendor")
        let label = tr("dashboard.campaign.completion_label", "Campaign {id}: {caption}", ["id": String(c.id), "caption": caption])
        let name = tr("dashboard.column." + dimension, dimension == "team" ? "Team" : "Vendor")
        out += "<div class=\"table-wrap\" role=\"region\" aria-label=\"\(esc(label))\" tabindex=\"0\"><table class=\"dash-table campaign-bars\">\n"
        out += "<caption>\(esc(caption))</caption>\n<thead><tr><th scope=\"col\">\(esc(name))</th>"
        for col in columns { out += "<th scope=\"col\">\(esc(tr("dashboard.column." + Self.columnKey(col), col)))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for g in groups {
            // Learners without a team or vendor are grouped as "(none)" (CampaignReport.groups).
            out += "<tr><th scope=\"row\">\(esc(g.value == "(none)" ? tr("dashboard.none", g.value) : g.value))</th><td>\(cnt(g.assigned))</td>"
            out += "<td>\(bar(g.acknowledged, of: g.assigned))</td>"
            if c.quiz > 0 { out += "<td>\(bar(g.passed, of: g.assigned))</td>" }
            out += "<td>\(bar(g.overdue, of: g.assigned, overdue: true))</td></tr>\n"
        }
        out += "</tbody></table></div>\n"
    }

    /// "Did it work?" for one evidence source: the two periods and the verdict.
    mutating func outcome(_ o: CampaignOutcome, campaign c: CampaignReport) {
        let sections = o.sections.isEmpty ? "" : " (" + o.sections.map { esc($0) }.joined(separator: ", ") + ")"
        out += "<h4>\(trHTML("dashboard.campaign.did_it_work", "Did it work? Errors on the changed sections{sections}, from {source}", ["sections": sections, "source": esc(sourceName(o.source))]))</h4>\n"
        if o.verdict != .noChangedSections && o.verdict != .noEffectiveDate && o.verdict != .notEffectiveYet {
            let since = "<time datetime=\"\(esc(o.effective))\">\(esc(fullDate(o.effective)))</time>"
            let rows = [(trHTML("dashboard.campaign.before", "Before {date}", ["date": since]), o.before), (trHTML("dashboard.campaign.from", "From {date}", ["date": since]), o.after)].map { name, p in
                [name, cnt(p.answers), cnt(p.learners), cnt(p.errors), p.answers == 0 ? "–" : pct(p.errorRate),
                 p.answers == 0 ? "–" : interval(p.interval)]
            }
            table(label: tr("dashboard.campaign.outcome_label", "Campaign {id}: errors before and after version {version}, {source}", ["id": String(c.id), "version": c.version, "source": sourceName(o.source)]),
                  headers: ["Period", "Answers", "Learners", "Errors", "Error rate", "95% interval"], rows: rows)
            if let line = o.withinLearnersLine({ tr($0, count: $1, one: $2, other: $3, $4) }) { out += "<p class=\"campaign-within\">\(esc(line))</p>\n" }
        }
        out += "<p class=\"campaign-verdict\"><strong>\(esc(verdict(o)))</strong></p>\n"
    }

    /// Where the judgements come from, in the reader's language.
    func sourceName(_ s: OutcomeSource) -> String { tr("campaign.source." + s.rawValue, s.label) }

    /// What an overdue learner still has to do, in the reader's language.
    func missing(_ l: OverdueLearner, campaign c: CampaignReport) -> String {
        guard localFormats else { return l.missing }
        return [l.acknowledged ? nil : tr("campaign.missing.acknowledge", "acknowledge"),
                c.quiz > 0 && !l.passed ? tr("campaign.missing.pass", "pass {blueprint}", ["blueprint": c.blueprint]) : nil]
            .compactMap { $0 }.joined(separator: tr("analysis.list_separator", ", "))
    }

    /// The verdict as a sentence in the reader's language (`analysis.sentence` says how a
    /// sentence ends in it: Thai has no full stop).
    func verdict(_ o: CampaignOutcome) -> String {
        guard let language, localFormats else { return Self.sentence(o.summary) }
        let text = o.summary(in: language)
        let capital = text.first.map { $0.uppercased() + text.dropFirst() } ?? text
        return language.message("analysis.sentence") == nil ? Self.sentence(capital) : language("analysis.sentence", ["text": capital])
    }

    /// "3 of 4 (75%)".
    func share(_ k: Int, of n: Int) -> String {
        n == 0 ? esc(cnt(0)) : "\(trHTML("dashboard.of", "{count} of {total}", ["count": esc(cnt(k)), "total": esc(cnt(n))])) <small>(\(pct(Double(k) / Double(n))))</small>"
    }

    /// A bar with its figure in text beside it.
    func bar(_ k: Int, of n: Int, overdue: Bool = false) -> String {
        let text = n == 0 ? esc(cnt(0)) : "\(trHTML("dashboard.of", "{count} of {total}", ["count": esc(cnt(k)), "total": esc(cnt(n))])) (\(pct(Double(k) / Double(n))))"
        return "<span class=\"campaign-bar\(overdue && k > 0 ? " overdue" : "")\"><progress max=\"\(max(n, 1))\" value=\"\(k)\" aria-hidden=\"true\"></progress> \(text)</span>"
    }

    /// The summary with a capital first letter and a full stop.
    static func sentence(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.uppercased() + s.dropFirst() + (s.hasSuffix(".") ? "" : ".")
    }
}
