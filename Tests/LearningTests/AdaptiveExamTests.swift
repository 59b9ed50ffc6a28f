import Foundation
import Testing
@testable import Learning

@Suite struct AdaptiveExamTests {
    static let passMark = 0.7
    static let lines = 4, perLine = 60, fixedPerLine = 10

    /// A 240-item bank in four mix lines, calibrated from simulated records (600 learners
    /// answering 60 random items each), so the exams run on estimated, not planted, difficulties.
    struct Bank {
        var planted: [Double]
        var items: [AdaptiveItem]
        static func make() -> Bank {
            let cohort = RaschCohort.make(seed: 2_024, learners: 600, items: lines * perLine, perLearner: 60, difficultySD: 1.2)
            let estimated = calibrateRasch(cohort.answers).difficulties
            let items = (0..<(lines * perLine)).map { i in
                AdaptiveItem(id: RaschCohort.itemName(i), difficulty: estimated[RaschCohort.itemName(i)] ?? 0, line: i % lines)
            }
            return Bank(planted: cohort.difficulties, items: items)
        }
    }

    func plan(_ bank: Bank, targetSE: Double, seed: UInt64) -> AdaptivePlan {
        AdaptivePlan(items: bank.items, lineCounts: Array(repeating: Self.fixedPerLine, count: Self.lines),
                     maxQuestions: Self.lines * Self.fixedPerLine, targetSE: targetSE,
                     passTheta: abilityForPassMark(Self.passMark, difficulties: bank.items.map(\.difficulty)), seed: seed)
    }

    /// The bar: over 1,000 simulated learners, the adaptive exam classifies pass/fail
    /// (against the true ability) at least as accurately as the fixed 40-question form, within
    /// one percentage point, with at least 30% fewer questions.
    @Test func adaptiveMatchesFixedAccuracyWithFewerQuestions() throws {
        let bank = Bank.make()
        let index = Dictionary(uniqueKeysWithValues: bank.items.enumerated().map { ($1.id, $0) })
        let trueCut = abilityForPassMark(Self.passMark, difficulties: bank.planted)
        var rng = SeededGenerator(seed: 99)
        let exams = 1_000
        let basePlan = plan(bank, targetSE: 0.4, seed: 0)
        var fixedRight = 0, adaptiveRight = 0, adaptiveQuestions = 0
        for e in 0..<exams {
            let theta = rng.normal()
            let truth = theta >= trueCut
            // Fixed form: ten random items per line, pass at 70% right.
            var right = 0
            for line in 0..<Self.lines {
                for k in Array(0..<Self.perLine).shuffled(using: &rng).prefix(Self.fixedPerLine) {
                    if rng.bernoulli(raschProbability(ability: theta, difficulty: bank.planted[k * Self.lines + line])) { right += 1 }
                }
            }
            if (Double(right) / Double(Self.lines * Self.fixedPerLine) >= Self.passMark) == truth { fixedRight += 1 }
            // Adaptive exam on the calibrated bank.
            var examPlan = basePlan
            examPlan.seed = UInt64(e)
            var exam = AdaptiveExam(plan: examPlan)
            while let item = exam.nextItem() {
                try exam.answer(correct: rng.bernoulli(raschProbability(ability: theta, difficulty: bank.planted[index[item.id] ?? 0])))
            }
            let result = try #require(exam.result)
            if result.passed == truth { adaptiveRight += 1 }
            adaptiveQuestions += result.questions
        }
        let fixedAccuracy = Double(fixedRight) / Double(exams), adaptiveAccuracy = Double(adaptiveRight) / Double(exams)
        let meanLength = Double(adaptiveQuestions) / Double(exams)
        let saving = 1 - meanLength / Double(Self.lines * Self.fixedPerLine)
        print(String(format: "%d exams: fixed 40 questions accuracy %.3f; adaptive (target SE 0.4) accuracy %.3f, mean %.1f questions (%.0f%% fewer)",
                     exams, fixedAccuracy, adaptiveAccuracy, meanLength, saving * 100))
        #expect(adaptiveAccuracy >= fixedAccuracy - 0.01)
        #expect(saving >= 0.30)
    }

    @Test func everyStepReplaysAndATamperedAttemptDoesNot() throws {
        let bank = Bank.make()
        let p = plan(bank, targetSE: 0.4, seed: 5)
        var exam = AdaptiveExam(plan: p)
        var k = 0
        while exam.nextItem() != nil { try exam.answer(correct: k % 3 != 0); k += 1 }
        let steps = exam.steps
        #expect(steps.count == exam.result?.questions)
        let replayed = try AdaptiveExam(plan: p, replaying: steps)
        #expect(replayed.result == nil) // not yet asked past the last step
        var again = replayed
        #expect(again.nextItem() == nil)
        #expect(again.result == exam.result)

        var tampered = steps
        tampered[3].correct.toggle()
        #expect(throws: AdaptiveExamError.self) { try AdaptiveExam(plan: p, replaying: tampered) }
        var recalibrated = p
        for k in recalibrated.items.indices { recalibrated.items[k].difficulty += 0.3 }
        #expect(throws: AdaptiveExamError.self) { try AdaptiveExam(plan: recalibrated, replaying: steps) }
        var shifted = p
        shifted.seed = 6
        #expect(throws: AdaptiveExamError.self) { try AdaptiveExam(plan: shifted, replaying: steps) }
        #expect(throws: AdaptiveExamError.self) { try AdaptiveExam(plan: p, replaying: steps + [steps[0]]) }
        let data = try JSONEncoder().encode(steps)
        #expect(try JSONDecoder().decode([AdaptiveStep].self, from: data) == steps)
    }

    @Test func keepsTheMixAndStopsWhenTheBankRunsOut() throws {
        let items = (0..<6).map { AdaptiveItem(id: "q\($0)", difficulty: Double($0) - 2.5, line: $0 % 2) }
        var exam = AdaptiveExam(plan: AdaptivePlan(items: items, lineCounts: [2, 3], maxQuestions: 10, targetSE: 0.01, passTheta: 0, seed: 1))
        #expect(throws: AdaptiveExamError.noQuestionPending) { try exam.answer(correct: true) }
        var lines: [Int] = []
        while let item = exam.nextItem() {
            #expect(exam.nextItem() == item) // the same question until answered
            lines.append(item.line)
            try exam.answer(correct: true)
        }
        #expect(lines.filter { $0 == 0 }.count == 2 && lines.filter { $0 == 1 }.count == 3)
        #expect(exam.result?.stop == .noEligibleItem)
        #expect(exam.result?.passed == true)
    }

    @Test func stopsAtTheTargetStandardError() throws {
        let items = (0..<200).map { AdaptiveItem(id: String(format: "q%03d", $0), difficulty: Double($0 % 40) / 10 - 2) }
        var exam = AdaptiveExam(plan: AdaptivePlan(items: items, maxQuestions: 100, targetSE: 0.5, passTheta: 0, seed: 1))
        var k = 0
        while exam.nextItem() != nil { try exam.answer(correct: k % 2 == 0); k += 1 }
        let result = try #require(exam.result)
        #expect(result.stop == .targetSE)
        #expect(result.standardError <= 0.5)
        #expect(exam.steps.dropLast().allSatisfy { $0.standardError > 0.5 })
    }
}
