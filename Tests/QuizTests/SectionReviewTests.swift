import Foundation
import Testing
@testable import Handbook
@testable import Quiz
import CasebookTestSupport

/// The review check on hand-made version histories: sections followed back through anchor
/// changes, several versions named, and a history-less page falling back to its change log.
@Suite struct SectionReviewTests {
    /// A history given as values, as the caller computes it from git.
    struct Versions: SectionChangeSource {
        var pages: [String: [SOPVersionChange]]
        func changes(of pageID: String, after date: String) throws(HandbookError) -> [SOPVersionChange]? { pages[pageID] }
    }

    /// 2026-09-10T08:00Z and 2026-10-20T15:30Z.
    static let t1: Int64 = 1_788_998_400 + 8 * 3_600
    static let t2: Int64 = 1_792_454_400 + 15 * 3_600 + 1_800

    /// v2.1 (t1) edits the section then anchored `fakes`; v2.2 (t2) renames its anchor to
    /// `ip-01` and edits `ip-02` too.
    static let history = Versions(pages: ["ip": [
        SOPVersionChange(version: "2.1", time: t1, sections: [.init(kind: .changed, oldAnchor: "fakes", newAnchor: "fakes")], removedCodes: []),
        SOPVersionChange(version: "2.2", time: t2, sections: [.init(kind: .changed, oldAnchor: "fakes", newAnchor: "ip-01"),
                                                               .init(kind: .changed, oldAnchor: "ip-02", newAnchor: "ip-02")], removedCodes: []),
    ]])

    @Test("a section is followed back through its anchor change; each version after the review is named")
    func followsAnchorsAndNamesEveryVersion() throws {
        let f = try QuizFixture(cases: [
            "cases/a.md": QuizFixture.caseFile("a", reviewed: "2026-09-01"),
            "cases/b.md": QuizFixture.caseFile("b", reviewed: "2026-09-10"),
            "cases/c.md": QuizFixture.caseFile("c", reviewed: "2026-10-20"),
            "cases/d.md": QuizFixture.caseFile("d", codes: "[RI-01]", sop: "ip#ri-01", reviewed: "2026-09-01"),
        ])
        let bank = try QuizBank.load(quizzes: f.tree.path("Quizzes"), handbook: f.handbook, history: Self.history)
        let review = bank.diagnostics.filter { $0.message.hasPrefix("needs review") }
        #expect(review.map(\.file) == ["Quizzes/cases/a.md", "Quizzes/cases/b.md"])
        #expect(review.map(\.message) == [
            "needs review: ip#ip-01 changed in v2.1 (2026-09-10) and v2.2 (2026-10-20) after this case was reviewed on 2026-09-01; check the gold decision and update 'reviewed'",
            "needs review: ip#ip-01 changed in v2.2 (2026-10-20) after this case was reviewed on 2026-09-10; check the gold decision and update 'reviewed'",
        ])
        // Held from the commit time on, not from the start of its day.
        #expect(bank.heldForReview(at: Self.t1 - 1).isEmpty)
        #expect(bank.heldForReview(at: Self.t1) == ["a"])
        #expect(bank.heldForReview(at: Self.t2) == ["a", "b"])
        #expect(bank.reviewNote("a", at: Self.t2) == "This item is being reviewed after an SOP change (ip#ip-01 changed in v2.1 and v2.2); its answer key may change.")
    }

    /// A version committed at 03:00 in Bangkok on 11 September (20:00 UTC on the 10th) counts
    /// from the 11th, the day its committer saw: an item reviewed on the 10th, against the
    /// text before it, needs review (it was dated the 10th, UTC, and missed).
    @Test("a version counts from its committer's day, not UTC's")
    func aVersionCountsFromItsCommittersDay() throws {
        let late = Self.t1 + 12 * 3_600 // 2026-09-10T20:00Z, 2026-09-11T03:00+07:00
        let history = Versions(pages: ["ip": [
            SOPVersionChange(version: "2.1", time: late, date: "2026-09-11", sections: [.init(kind: .changed, oldAnchor: "ip-01", newAnchor: "ip-01")], removedCodes: []),
        ]])
        let f = try QuizFixture(cases: ["cases/a.md": QuizFixture.caseFile("a", reviewed: "2026-09-10")])
        let bank = try QuizBank.load(quizzes: f.tree.path("Quizzes"), handbook: f.handbook, history: history)
        #expect(bank.diagnostics.filter { $0.message.hasPrefix("needs review") }.map(\.message) == [
            "needs review: ip#ip-01 changed in v2.1 (2026-09-11) after this case was reviewed on 2026-09-10; check the gold decision and update 'reviewed'",
        ])
    }

    @Test("a page without history falls back to its change log, for questions too")
    func pageWithoutHistoryUsesItsChangeLog() throws {
        let f = try QuizFixture(cases: [
            "cases/a.md": QuizFixture.caseFile("a", reviewed: "2026-08-15"),
            "questions/q.md": "---\nid: q\ntype: single\nsop: [ip#ip-01]\nreviewed: 2026-08-15\n---\n# Pick\n\n- [x] a\n- [ ] b\n",
        ])
        let bank = try QuizBank.load(quizzes: f.tree.path("Quizzes"), handbook: f.handbook, history: Versions(pages: [:]))
        let review = bank.diagnostics.filter { $0.message.hasPrefix("needs review") }
        #expect(review.map(\.message) == [
            "needs review: ip changed on 2026-09-01 (v2.0: Tightened IP-02.) after this case was last reviewed on 2026-08-15; check the gold decision and update 'reviewed'",
            "needs review: ip changed on 2026-09-01 (v2.0: Tightened IP-02.) after this question was last reviewed on 2026-08-15; check the answer key and update 'reviewed'",
        ])
        // A change-log date counts from the start of its day (2026-09-01T00:00Z).
        #expect(bank.heldForReview(at: 1_788_220_800 - 1).isEmpty)
        #expect(bank.heldForReview(at: 1_788_220_800) == ["a", "q"])
    }
}
