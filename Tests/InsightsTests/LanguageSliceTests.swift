import Foundation
import Testing
@testable import Insights
import Quiz

/// Issue 19: reports compare error rates by the language learners read the questions in, as a
/// slice: a section the Thai readers get wrong while everyone else gets it right points at the
/// Thai translation, not at a knowledge gap.
@Suite struct LanguageSliceTests {
    @Test func aSectionOnlyTheThaiReadersGetWrongIsALanguageGap() throws {
        var catalog = Catalog()
        catalog.addSection(SectionInfo(ref: "sop#translated", title: "Translated", url: "sop/sop.html#translated"))
        catalog.addSection(SectionInfo(ref: "sop#fine", title: "Fine", url: "sop/sop.html#fine"))
        for s in 0..<2 {
            for j in 0..<5 {
                catalog.addQuestion(QuestionInfo(itemID: "q\(s)-\(j)", kind: .knowledge, title: "Q", sections: [s], codes: [], harm: 1, file: "", labels: [:]))
            }
        }
        var e = Evidence(catalog: catalog)
        for i in 0..<40 {
            // Two markets, one team: the readers' language is the only thing that tells them apart.
            var learner = LearnerProfile(id: "mod-\(i)", team: "all", vendor: "in-house", market: i % 2 == 0 ? "ID" : "TH")
            learner.language = i < 20 ? "th" : "en"
            e.addLearner(learner)
            let wrongInTranslated = i < 20 ? 3 + i % 3 : i % 3 // of 5
            for s in 0..<2 {
                for j in 0..<5 {
                    let wrong = s == 0 ? j < wrongInTranslated : (i + j) % 5 == 0
                    e.add(learnerID: learner.id, itemID: "q\(s)-\(j)", kind: .knowledge, chosen: wrong ? "B" : "A", gold: "A", score: wrong ? 0 : 1, day: "2026-10-05")
                }
            }
        }
        let report = GapReport.make(e)
        let gap = try #require(report.sliceGaps.first { $0.dimension == "language" }, "\(report.sliceGaps)")
        #expect(gap.value == "th" && gap.ref == "sop#translated")
        #expect(!report.sliceGaps.contains { $0.dimension == "language" && $0.ref == "sop#fine" })
        #expect(!report.sliceGaps.contains { $0.dimension == "market" })
        let th = try #require(report.slices.first { $0.dimension == "language" && $0.value == "th" })
        #expect(th.learners == 20)
        let table = ReportPrinter(format: .table).render(report, view: .gaps)
        #expect(table.contains("language th "), "\(table)")
    }
}
