import CivilDate
import Foundation
import Handbook
import Records

// A campaign's completion and "did it work?" figures, as `casebook campaigns show` prints
// them and the dashboard's Campaigns panel draws them. One builder for both, so the CLI and
// the served report always agree.

/// Completion counts of the learners of one market, team or vendor.
public struct CompletionGroup: Sendable, Hashable, Codable {
    /// The market, team or vendor ("(none)" when not set).
    public var value: String
    public var assigned = 0
    public var acknowledged = 0
    public var passed = 0
    public var overdue = 0

    /// An empty group.
    public init(value: String) { self.value = value }
}

/// A learner with an open task after a campaign's due date.
public struct OverdueLearner: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var market: String
    public var team: String
    public var vendor: String
    public var acknowledged: Bool
    public var passed: Bool
    /// What is left to do ("acknowledge, pass campaign-3").
    public var missing: String
}

/// One campaign as reports show it: what it asks, by when, who has done it, and whether
/// errors on the changed sections went down.
public struct CampaignReport: Sendable, Hashable, Codable {
    public var id: Int64
    /// The SOP id, its title (the id when the SOP is not in the handbook) and page URL (site-relative).
    public var sop: String
    public var title: String
    public var url: String
    public var version: String
    public var previousVersion: String
    /// The diff page of the update (site-relative), or the SOP's version list when it is the first version.
    public var diffURL: String
    public var due: String
    /// Days from today to the due date (negative once it has passed).
    public var daysLeft: Int
    /// The update quiz's size (0: none) and blueprint ("" without one).
    public var quiz: Int
    public var blueprint: String
    /// The changed sections' anchors.
    public var sections: [String]
    /// The learners shown (a lead's team only) and how many of them did what.
    public var assigned: Int
    public var acknowledged: Int
    public var passed: Int
    public var overdue: Int
    public var byMarket: [CompletionGroup]
    public var byTeam: [CompletionGroup]
    public var byVendor: [CompletionGroup]
    public var overdueLearners: [OverdueLearner]
    /// "Did it work?", one per evidence source.
    public var outcomes: [CampaignOutcome]

    /// The report of campaign `c` on `today` over the learners `filter` admits (nil when it
    /// admits none of them), with "did it work?" figures from each of `evidence` over the same
    /// learners. `page` gives the version's effective date, `title` the SOP's title.
    public static func make(_ c: Campaign, progress: [CampaignProgress], page: PageMetadata?, title: String? = nil, evidence: [any SectionEvidenceSource],
                            today: String, filter: ReportFilter = ReportFilter()) throws(RecordsError) -> CampaignReport? {
        let shown = progress.filter { p in
            filter.admits(LearnerProfile(id: p.learner.id, team: p.learner.team, vendor: p.learner.vendor, market: p.learner.market))
        }
        guard !shown.isEmpty || progress.isEmpty && filter == ReportFilter() else { return nil }
        let hasQuiz = c.quizSize > 0
        func missing(_ p: CampaignProgress) -> String {
            [p.acknowledged ? nil : "acknowledge", hasQuiz && !p.passed ? "pass \(c.blueprintID)" : nil].compactMap { $0 }.joined(separator: ", ")
        }
        let encodedID = LinkResolver.percentEncoded(c.sopID)
        // The same addresses as Publishing's SiteURL.diff and SiteURL.versions (a test checks they agree).
        let diffURL = c.previousVersion.isEmpty ? "sop/\(encodedID)/versions.html"
            : "sop/\(encodedID)/diff-\(LinkResolver.percentEncoded(c.previousVersion))-\(LinkResolver.percentEncoded(c.version)).html"
        let effective = page.flatMap { CampaignOutcome.effectiveDate(of: $0, version: c.version) }
        let learners = Set(shown.map(\.learner.id))
        let refs = Set(c.sections.map { "\(c.sopID)#\($0)" })
        var outcomes: [CampaignOutcome] = []
        for source in evidence {
            let judgements = refs.isEmpty ? [] : try source.judgements(on: refs, by: learners)
            outcomes.append(CampaignOutcome.compare(judgements, source: source.source, sections: c.sections, effective: effective, today: today))
        }
        let days = (CivilDate(iso: c.due)?.days ?? 0) - (CivilDate(iso: today)?.days ?? 0)
        return CampaignReport(
            id: c.id, sop: c.sopID, title: title ?? page?.title ?? c.sopID, url: "sop/\(encodedID).html", version: c.version, previousVersion: c.previousVersion,
            diffURL: diffURL, due: c.due, daysLeft: days, quiz: c.quizSize, blueprint: hasQuiz ? c.blueprintID : "", sections: c.sections,
            assigned: shown.count, acknowledged: shown.filter(\.acknowledged).count, passed: shown.filter(\.passed).count,
            overdue: shown.filter(\.overdue).count,
            byMarket: groups(shown, by: \.market), byTeam: groups(shown, by: \.team), byVendor: groups(shown, by: \.vendor),
            overdueLearners: shown.filter(\.overdue).map { p in
                OverdueLearner(id: p.learner.id, name: p.learner.name, market: p.learner.market, team: p.learner.team, vendor: p.learner.vendor,
                               acknowledged: p.acknowledged, passed: p.passed, missing: missing(p))
            },
            outcomes: outcomes)
    }

    /// Every campaign whose learners `filter` admits, soonest due first (then by id), with
    /// quiz answers as evidence, and production QA audits once any are imported: the
    /// dashboard's Campaigns panel.
    public static func all(records: Records, handbook: Handbook, catalog: Catalog, today: String,
                           filter: ReportFilter = ReportFilter()) throws(RecordsError) -> [CampaignReport] {
        var evidence: [any SectionEvidenceSource] = [QuizAnswerEvidence(records: records, catalog: catalog)]
        if try records.auditCount() > 0 { evidence.append(ProductionAuditEvidence(records: records)) }
        var out: [CampaignReport] = []
        for c in try records.campaigns() {
            let page = handbook.page(id: c.sopID)
            if let r = try make(c, progress: try records.campaignProgress(c, today: today), page: page?.meta, title: page?.title,
                                evidence: evidence, today: today, filter: filter) {
                out.append(r)
            }
        }
        return out.sorted { ($0.due, $0.id) < ($1.due, $1.id) }
    }

    /// Completion counts per value of `key`, by value ("(none)" for learners without one).
    static func groups(_ progress: [CampaignProgress], by key: (Learner) -> String) -> [CompletionGroup] {
        var out: [String: CompletionGroup] = [:]
        for p in progress {
            let k = key(p.learner).isEmpty ? "(none)" : key(p.learner)
            var g = out[k] ?? CompletionGroup(value: k)
            g.assigned += 1
            if p.acknowledged { g.acknowledged += 1 }
            if p.passed { g.passed += 1 }
            if p.overdue { g.overdue += 1 }
            out[k] = g
        }
        return out.values.sorted { $0.value < $1.value }
    }
}
