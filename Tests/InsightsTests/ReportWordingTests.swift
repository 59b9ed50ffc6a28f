import Foundation
import Testing
@testable import Insights
import Quiz

/// What the printed report says, and the n beside each rate.
@Suite struct ReportWordingTests {
    @Test("slice learner counts count learners with answers in the report, not every profile (--market leaves the others' answers out)")
    func sliceLearnersAreThoseWithAnswers() throws {
        var catalog = Catalog()
        catalog.addSection(SectionInfo(ref: "sop#s", title: "S", url: "sop/sop.html#s"))
        catalog.addQuestion(QuestionInfo(itemID: "q1", kind: .knowledge, title: "Q1", sections: [0], codes: [], harm: 1, file: "", labels: [:]))
        var e = Evidence(catalog: catalog)
        // As `Evidence.load` with --market UK: every profile, only UK answers.
        for (i, market) in ["UK", "UK", "UK", "ID", "ID"].enumerated() {
            e.addLearner(LearnerProfile(id: "mod-\(i)", team: "team-a", vendor: "in-house", market: market))
        }
        for i in 0..<3 { e.add(learnerID: "mod-\(i)", itemID: "q1", kind: .knowledge, chosen: "A", gold: "A", score: 1, day: "2026-10-05") }
        let report = GapReport.make(e, filter: ReportFilter(market: "UK"))
        let team = try #require(report.slices.first { $0.dimension == "team" && $0.value == "team-a" })
        #expect(team.learners == 3)
        #expect(report.slices.first { $0.dimension == "vendor" }?.learners == 3)
        #expect(!report.slices.contains { $0.dimension == "market" && $0.value == "ID" })
    }

    @Test("the markdown digest ends each summary sentence with a full stop")
    func markdownSentences() {
        let report = GapReport.make(Cohort.make(seed: 11, learners: 40).evidence)
        let md = ReportPrinter(format: .markdown).render(report, view: .gaps)
        let summary = md.split(separator: "\n")[1]
        #expect(summary.contains(". Error rate "), "\(summary)")
        #expect(summary.hasSuffix("."), "\(summary)")
    }

    @Test("tables name the q-value column as such, and slice rows give n and the other group's n")
    func columnsAndCounts() throws {
        let cohort = QuizCohort.make(seed: 101, learners: 120, questions: 45, sections: 15, drawn: 15, kinds: 3, sliceGaps: 3)
        let report = GapReport.make(cohort.evidence)
        let slice = try #require(report.sliceGaps.first)
        #expect(slice.otherLearners > 0 && slice.otherResponses > 0 && slice.learners > 0)
        let table = ReportPrinter(format: .table).render(report, view: .gaps)
        let lines = table.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.contains("ERR") && $0.contains("SECTION") })
        #expect(header.contains("Q-VALUE"))
        #expect(!header.split(separator: " ").contains("Q"))
        let row = try #require(lines.first { $0.hasPrefix("\(slice.dimension) \(slice.value) ") })
        #expect(row.contains("\(slice.rate.responses) (\(slice.learners))") && row.contains("\(slice.otherResponses) (\(slice.otherLearners))"), "\(row)")
        let md = ReportPrinter(format: .markdown).render(report, view: .gaps)
        #expect(md.contains("(n=\(slice.rate.responses), \(slice.learners) learners)") && md.contains("(n=\(slice.otherResponses), \(slice.otherLearners) learners)"))
    }

    static func item(n: Int, discrimination: Double) -> ItemReport {
        ItemReport(item: "case-\(n)", kind: "decision", title: "Case", file: "", ref: "", url: "",
                   stats: ItemStatistics(n: n, facility: 60, standardDeviation: 49, discrimination: discrimination, discriminativeEfficiency: nil),
                   key: "Remove", upperKeyShare: nil, upperTopWrong: nil, upperTopWrongShare: nil, openContests: 0, flags: ["negative-discrimination"])
    }

    @Test("the review queue says strong learners miss a question more only when the data show it, and gives n")
    func negativeDiscriminationWording() throws {
        let a = Analysis(Evidence(catalog: Catalog()), ReportOptions())
        let queue = a.reviewQueue([Self.item(n: 20, discrimination: -15), Self.item(n: 200, discrimination: -30)], contests: [])
        let small = try #require(queue.first { $0.item == "case-20" }).reasons.joined()
        let large = try #require(queue.first { $0.item == "case-200" }).reasons.joined()
        #expect(!small.contains("strong learners miss it more"), "\(small)")
        #expect(small.contains("n=20"))
        #expect(large.contains("strong learners miss it more") && large.contains("n=200"), "\(large)")
    }
}
