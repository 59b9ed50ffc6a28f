import Foundation
import CasebookTestSupport
import Testing
@testable import Insights
import Quiz
import Randomness

/// What counts as one piece of evidence: a case (however many kinds it is asked as) and the
/// primary section of a question that cites several.
@Suite struct AttributionTests {
    /// A handbook of sections; `cases` are asked as decision, codes and section, `knowledge`
    /// questions cite sections; `error(learner, item)` is the chance a learner gets it wrong.
    struct Bank {
        var catalog = Catalog()
        var items: [(id: String, kinds: [QuestionKind])] = []

        init(sections: Int) {
            for s in 0..<sections {
                catalog.addSection(SectionInfo(ref: "sop#s\(s)", title: "Section \(s)", url: "sop/sop.html#s\(s)"))
            }
        }

        mutating func addCase(_ id: String, section: Int) {
            for kind in [QuestionKind.decision, .codes, .section] {
                catalog.addQuestion(QuestionInfo(itemID: id, kind: kind, title: id, sections: [section], codes: [], harm: 1, file: "\(id).md", labels: [:]))
            }
            items.append((id, [.decision, .codes, .section]))
        }

        mutating func addKnowledge(_ id: String, sections: [Int]) {
            catalog.addQuestion(QuestionInfo(itemID: id, kind: .knowledge, title: id, sections: sections, codes: [], harm: 1, file: "\(id).md", labels: [:]))
            items.append((id, [.knowledge]))
        }

        func evidence(learners: Int, seed: UInt64, error: (Int, String) -> Double) -> Evidence {
            var rng = SeededRandom(seed: seed)
            var e = Evidence(catalog: catalog)
            for l in 0..<learners {
                let id = String(format: "mod-%03d", l)
                e.addLearner(LearnerProfile(id: id, team: "t", market: "UK"))
                for item in items {
                    // The kinds of one case go together: read the case wrong and all of them are wrong.
                    let wrong = rng.uniform() < error(l, item.id)
                    for kind in item.kinds {
                        e.add(learnerID: id, itemID: item.id, kind: kind, chosen: wrong ? "b" : "a", gold: "a", score: wrong ? 0 : 1, day: "2026-10-05", attempt: Int64(l + 1))
                    }
                }
            }
            return e
        }
    }

    @Test("a section resting on one case asked as three kinds is not flagged: the guard counts cases")
    func oneCaseIsOneQuestion() throws {
        var bank = Bank(sections: 9)
        for s in 0..<8 { for c in 0..<3 { bank.addCase("case-\(s)-\(c)", section: s) } }
        bank.addCase("lonely", section: 8)
        let e = bank.evidence(learners: 80, seed: 1) { _, item in item == "lonely" ? 0.8 : 0.1 }
        let report = GapReport.make(e)
        let lonely = try #require(report.sections.first { $0.ref == "sop#s8" })
        #expect(lonely.questions == 1)
        #expect(!lonely.flagged, "one case, asked three ways, flagged as a section gap")
        #expect(report.sections.first { $0.ref == "sop#s0" }?.questions == 3)
        // The summary says which unit it counts.
        #expect(report.summary.items == 25 && report.summary.questions == 75)
        #expect(ReportPrinter(format: .table).render(report, view: .gaps).contains("from 80 learners on 25 cases and authored questions (75 questions as asked)"))
    }

    @Test("retraining counts cases: one case answered wrong as decision and codes is 0/1, not 0/2")
    func retrainingCountsCases() throws {
        var bank = Bank(sections: 6)
        for s in 0..<6 { for c in 0..<4 { bank.addCase("case-\(s)-\(c)", section: s) } }
        // Section 0 is a gap for everyone.
        var e = bank.evidence(learners: 60, seed: 2) { _, item in item.hasPrefix("case-0-") ? 0.6 : 0.1 }
        e.addLearner(LearnerProfile(id: "one-case", team: "t", market: "UK"))
        e.addLearner(LearnerProfile(id: "two-cases", team: "t", market: "UK"))
        for kind in [QuestionKind.decision, .codes] {
            e.add(learnerID: "one-case", itemID: "case-0-0", kind: kind, chosen: "b", gold: "a", score: 0, day: "2026-10-05", attempt: 100)
            for c in 0..<2 { e.add(learnerID: "two-cases", itemID: "case-0-\(c)", kind: kind, chosen: "b", gold: "a", score: 0, day: "2026-10-05", attempt: 101) }
        }
        let report = GapReport.make(e)
        let listed = report.retrain.filter { $0.ref == "sop#s0" }
        #expect(!listed.contains { $0.learner == "one-case" }, "one wrong case listed: \(listed.filter { $0.learner == "one-case" })")
        let two = try #require(listed.first { $0.learner == "two-cases" })
        #expect(two.answered == 2 && two.correct == 0)
        for entry in report.retrain { #expect(entry.answered - entry.correct >= 2) }
    }

    @Test("questions citing two sections count toward the first only: a hard one cannot flag its sibling section")
    func multiSectionQuestionsCountOnce() throws {
        var bank = Bank(sections: 10)
        for s in 0..<10 where s != 1 { for c in 0..<3 { bank.addCase("case-\(s)-\(c)", section: s) } }
        bank.addKnowledge("own-1", sections: [1])
        bank.addKnowledge("own-2", sections: [1])
        // Section 0 is a real gap; three knowledge questions cite it first and section 1 second.
        for k in 1...3 { bank.addKnowledge("k-\(k)", sections: [0, 1]) }
        let e = bank.evidence(learners: 80, seed: 3) { _, item in
            item.hasPrefix("case-0-") ? 0.6 : item.hasPrefix("k-") ? 0.45 : 0.1
        }
        let report = GapReport.make(e)
        let gaps = Set(report.sections.filter(\.flagged).map(\.ref))
        #expect(gaps.contains("sop#s0"))
        #expect(!gaps.contains("sop#s1"), "the sibling section was flagged on the shared questions' errors")
        #expect(report.sections.first { $0.ref == "sop#s1" }?.questions == 2)
        #expect(report.sections.first { $0.ref == "sop#s0" }?.questions == 6)
    }
}
