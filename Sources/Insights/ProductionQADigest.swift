import CivilDate
import Foundation
import Handbook
import Records

extension ProductionQA {
    /// The weekly digest of `casebook qa report`: the KPI report with the top error trends and
    /// the root causes of every flagged section and slice. `quiz` is the quiz side (answers of
    /// the same scope and the gap report made from them), nil when there are no quiz answers.
    /// `reading` says whether the counts come from the tallies or a scan of every audit.
    public static func digest(records: Records, handbook: Handbook?, scope: ProductionQAScope, quiz: QuizSide?,
                              options: ProductionQAOptions = ProductionQAOptions(),
                              trendOptions: QATrendOptions = QATrendOptions(),
                              reading: AuditReading = .tallies) throws(RecordsError) -> ProductionQAReport {
        var report = try Self.report(records: records, handbook: handbook, scope: scope, options: options, reading: reading)
        var filter = AuditFilter(market: scope.market, team: scope.team, vendor: scope.vendor)
        filter.sinceDay = scope.since.flatMap { CivilDate(iso: $0)?.days }
        let counts = try QADailyCounts.read(records: records, filter: filter, reading: reading)
        let trends = QATrendAnalysis.trends(counts, options: trendOptions) { describe($0.level, $0.key, handbook: handbook) }
        let targets = RootCauseAnalysis.targets(trends: trends, counts: counts, options: trendOptions)
        let labels = try records.auditLabels()
        var sectionIDs: [String: Int] = [:]
        for (id, label) in labels where label.kind == "section" { sectionIDs[label.value] = id }
        let moderators = try records.auditsByModerator(filter, sections: Array(Set(targets.compactMap { sectionIDs[$0.section] }))).map { m in
            QAModeratorCounts(section: labels[m.section]?.value ?? "", moderator: labels[m.moderator]?.value ?? "", team: labels[m.team]?.value ?? "",
                              vendor: labels[m.vendor]?.value ?? "", market: labels[m.market]?.value ?? "", audits: m.audits, errors: m.errors)
        }
        // For the moderator-by-moderator check of a recent SOP change: the audits one by one
        // of the sections whose day totals show one, read only for them, only the scope's
        // moderators and only the days the comparison looks at (its windows around the page's
        // effective dates, from the scope's first day).
        let versions = handbook.map(RootCauseAnalysis.versions) ?? [:]
        let scopeModerators = Set(moderators.map(\.moderator))
        var judgements: [String: [SectionJudgement]] = [:]
        for section in RootCauseAnalysis.sopChangeCandidates(targets: targets, counts: counts, versions: versions, options: trendOptions).sorted() {
            guard let days = RootCauseAnalysis.changeWindows(section: section, versions: versions, options: trendOptions) else { continue }
            let read = max(days.lowerBound, filter.sinceDay ?? days.lowerBound)..<days.upperBound
            guard !read.isEmpty else { continue }
            judgements[section] = try records.productionJudgements(sections: [section], moderators: scopeModerators, days: read).map {
                SectionJudgement(learnerID: $0.moderator, day: $0.day, wrong: $0.error)
            }
        }
        report.trends = trends
        report.rootCauses = RootCauseAnalysis.analyse(targets: targets, counts: counts, moderators: moderators, production: report, quiz: quiz,
                                                      versions: versions, options: trendOptions,
                                                      judgements: judgements) {
            describe("section", $0, handbook: handbook)
        }
        return report
    }
}
