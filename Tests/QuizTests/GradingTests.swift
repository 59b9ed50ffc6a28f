import Testing
@testable import Quiz

@Suite struct GradingTests {
    func item(options: Int, correct: Set<Int>, multiple: Bool, codes: [String] = ["IP-01"]) -> QuizItem {
        QuizItem(kind: multiple ? .codes : .decision, itemID: "c", itemVersion: "1", caseID: "c", prompt: "?",
                 options: (0..<options).map { "o\($0)" }, optionKeys: (0..<options).map { "k\($0)" }, correct: correct,
                 multiple: multiple, sections: [SectionRef(pageID: "ip", anchor: "ip-01")], codes: codes, explanation: "why", difficulty: 1)
    }

    @Test(arguments: [
        (Set([1]), 1.0), (Set([0]), 0.0), (Set([0, 1]), 0.0), (Set<Int>(), 0.0),
    ])
    func singleChoice(chosen: Set<Int>, expected: Double) {
        #expect(Grader.grade(item(options: 4, correct: [1], multiple: false), chosen: chosen).score == expected)
    }

    @Test(arguments: [
        (Set([0, 1]), 1.0),        // both right
        (Set([0]), 0.5),           // half the right ones
        (Set([0, 1, 2]), 0.5),     // one wrong pick cancels half
        (Set([0, 2]), 0.0),        // one right, one wrong
        (Set([0, 1, 2, 3, 4]), 0.0), // everything: clamped at 0
        (Set([2]), 0.0),           // only wrong: clamped at 0
    ])
    func multiSelectPenalisesWrongPicks(chosen: Set<Int>, expected: Double) {
        let r = Grader.grade(item(options: 5, correct: [0, 1], multiple: true), chosen: chosen)
        #expect(abs(r.score - expected) < 1e-9)
        #expect(r.correctOptions == ["o0", "o1"])
        #expect(r.sections.first?.description == "ip#ip-01")
    }

    @Test func attemptTotalsPassMarkAndBreakdown() {
        let items = [item(options: 2, correct: [0], multiple: false, codes: ["IP-01"]),
                     item(options: 2, correct: [0], multiple: false, codes: ["IP-02"]),
                     item(options: 2, correct: [0], multiple: false, codes: ["IP-01"])]
        let r = Grader.result(items, scores: [1, 0, 0.5], passMark: 50)
        #expect(r.percent == 50)
        #expect(r.passed)
        #expect(r.byCode["IP-01"]?.points == 1.5 && r.byCode["IP-01"]?.count == 2)
        #expect(r.bySection["ip#ip-01"]?.count == 3)
        #expect(!Grader.result(items, scores: [1, 0, 0.4], passMark: 50).passed)
    }
}
