import Testing
@testable import Handbook
@testable import Quiz
import CasebookTestSupport

@Suite struct QuizBankTests {
    @Test func loadsCasesQuestionsAndActions() throws {
        let f = try QuizFixture()
        #expect(f.bank.diagnostics.filter { $0.severity == .error }.isEmpty, "\(f.bank.diagnostics)")
        #expect(f.bank.cases.count == 10 && f.bank.questions.count == 1)
        #expect(f.bank.actions.map(\.id) == ["approve", "remove", "escalate"])
        let c = try #require(f.bank.case("c1"))
        #expect(c.title == "ORI bag c1 <script>alert(1)</script>", "case text is kept verbatim, to be escaped when shown")
        #expect(c.sections == [CaseSection(title: "Listing", text: "Tas ORI murah!!")])
        #expect(c.rationale == "Replica wording.")
        #expect(f.bank.questions[0].correct == [0, 1])
    }

    /// Issue 16: a handbook with no quiz bank (a Quizzes/ folder holding only notes or media)
    /// was refused with "no action list found"; only a bank with items needs the list.
    @Test func aBankWithoutItemsNeedsNoActionList() throws {
        let tree = try TempTree(["Content/guide.md": "# Guide\n\nText.\n", "Quizzes/README.md": "Notes for trainers.\n"])
        let handbook = try Handbook.load(content: tree.path("Content"))
        let empty = try QuizBank.load(quizzes: tree.path("Quizzes"), handbook: handbook)
        #expect(empty.diagnostics.isEmpty, "\(empty.diagnostics)")
        try tree.write("Quizzes/cases/c1.md", QuizFixture.caseFile("c1", codes: "[]", sop: "guide#x"))
        let withCase = try QuizBank.load(quizzes: tree.path("Quizzes"), handbook: handbook)
        #expect(withCase.diagnostics.contains { $0.severity == .error && $0.message.contains("no action list found") && $0.message.contains("Content/enforcement-actions.md") })
    }

    @Test func resolutionErrorsNameFileAndLine() throws {
        let f = try QuizFixture(cases: [
            "cases/bad.md": QuizFixture.caseFile("bad", decision: "delete", codes: "[IP-99]", sop: "ip#nowhere"),
            "cases/dup1.md": QuizFixture.caseFile("same"),
            "cases/dup2.md": QuizFixture.caseFile("same"),
            "cases/page.md": QuizFixture.caseFile("page", sop: "unknown-sop#x"),
        ])
        let d = f.bank.diagnostics
        func has(_ file: String, _ line: Int, _ text: String) -> Bool {
            d.contains { $0.file == "Quizzes/" + file && $0.line == line && $0.severity == .error && $0.message.contains(text) }
        }
        #expect(has("cases/bad.md", 7, "decision 'delete' is not in the action list"))
        #expect(has("cases/bad.md", 8, "unknown policy code 'IP-99'"))
        #expect(has("cases/bad.md", 9, "ip has no section '#nowhere'"))
        #expect(has("cases/dup2.md", 2, "duplicate id 'same'"))
        #expect(has("cases/page.md", 9, "no SOP with id 'unknown-sop'"))
    }

    @Test func caseReviewedBeforeItsSOPChangedNeedsReview() throws {
        let f = try QuizFixture(cases: ["cases/old.md": QuizFixture.caseFile("old", reviewed: "2026-08-15"),
                                        "cases/new.md": QuizFixture.caseFile("new", reviewed: "2026-09-02")])
        let review = f.bank.diagnostics.filter { $0.message.hasPrefix("needs review") }
        #expect(review.count == 1)
        #expect(review.first?.file == "Quizzes/cases/old.md")
        #expect(review.first?.message.contains("2026-09-01") == true)
    }

    /// `reviewed: 101` is an error; it was also compared with the SOP's change dates as text
    /// ("2026-09-01" > "101"), giving a warning that the case was "last reviewed on 101".
    @Test func aReviewedValueThatIsNoDateIsAnErrorAndNothingMore() throws {
        let f = try QuizFixture(cases: ["cases/odd.md": QuizFixture.caseFile("odd", reviewed: "101"),
                                        "cases/old.md": QuizFixture.caseFile("old", reviewed: "2026-08-15")])
        let odd = f.bank.diagnostics.filter { $0.file == "Quizzes/cases/odd.md" }
        #expect(odd.map(\.message) == ["'reviewed' must be a date written YYYY-MM-DD"], "\(odd)")
        #expect(f.bank.diagnostics.filter { $0.message.hasPrefix("needs review") }.map(\.file) == ["Quizzes/cases/old.md"])
    }

    @Test func badQuestionsAndBlueprintsAreReported() throws {
        let f = try QuizFixture(extra: [
            "questions/two.md": "---\nid: two\ntype: single\nsop: [ip#ip-01]\n---\n# Pick\n\n- [x] a\n- [x] b\n",
            "blueprints/b.yml": "id: b\nquestions: 5\nmode: quiz\nmix:\n  - name: x\n    count: 3\n",
        ])
        let d = f.bank.diagnostics
        #expect(d.contains { $0.file == "Quizzes/questions/two.md" && $0.message.contains("exactly one '- [x]'") })
        #expect(d.contains { $0.file == "Quizzes/blueprints/b.yml" && $0.line == 3 && $0.message.contains("mode 'quiz'") })
        #expect(d.contains { $0.file == "Quizzes/blueprints/b.yml" && $0.message.contains("adds up to 3 questions but 'questions' is 5") })
    }
}
