import Foundation
import Randomness
import Testing
@testable import Learning

@Suite struct RaschTests {
    /// The issue's bar: difficulty estimates correlate >= 0.95 with the planted ones at 500 learners × 60 items.
    @Test func recoversPlantedDifficulties() {
        let cohort = RaschCohort.make(seed: 500, learners: 500, items: 60)
        let calibration = calibrateRasch(cohort.answers)
        #expect(calibration.converged)
        #expect(calibration.anchor == .meanZero)
        let estimated = calibration.items.map { $0.difficulty ?? .nan }
        let r = correlation(estimated, cohort.difficulties)
        let plantedMean = cohort.difficulties.reduce(0, +) / 60
        let rmse = (zip(estimated, cohort.difficulties).map { pow($0 - ($1 - plantedMean), 2) }.reduce(0, +) / 60).squareRoot()
        print(String(format: "Rasch JML, 500 learners x 60 items: r = %.4f, RMSE %.3f logits (planted centred), %d iterations", r, rmse, calibration.iterations))
        #expect(r >= 0.95)
        #expect(rmse < 0.2)
        let mean = estimated.reduce(0, +) / 60
        #expect(abs(mean) < 1e-9)
    }

    @Test func sparseDesignAlsoRecoversDifficulties() {
        let cohort = RaschCohort.make(seed: 501, learners: 800, items: 120, perLearner: 40)
        let estimated = calibrateRasch(cohort.answers).items.map { $0.difficulty ?? .nan }
        let r = correlation(estimated, cohort.difficulties)
        print(String(format: "Rasch JML, 800 learners x 40 of 120 items: r = %.4f", r))
        #expect(r >= 0.95)
    }

    @Test func recalibrationKeepsTheScaleOfCommonItems() {
        let first = RaschCohort.make(seed: 7, learners: 300, items: 40)
        let previous = calibrateRasch(first.answers).difficulties
        // A new cohort and ten new items: with mean-zero anchoring the common items' mean
        // would move; anchored, it stays.
        var second = RaschCohort.make(seed: 8, learners: 300, items: 50)
        second.answers = second.answers.map { a in
            var a = a; a.learner = "new-" + a.learner; return a
        }
        let again = calibrateRasch(second.answers, previous: previous)
        guard case let .previous(common, _) = again.anchor else { Issue.record("not anchored: \(again.anchor)"); return }
        #expect(common == 40)
        let now = again.difficulties
        let commonItems = previous.keys.sorted()
        let before = commonItems.map { previous[$0] ?? 0 }.reduce(0, +) / 40
        let after = commonItems.map { now[$0] ?? 0 }.reduce(0, +) / 40
        #expect(abs(before - after) < 1e-9)
    }

    @Test func sameAnswersInAnyOrderGiveTheSameCalibration() {
        let cohort = RaschCohort.make(seed: 9, learners: 100, items: 20)
        var rng = SeededRandom(seed: 1)
        #expect(calibrateRasch(cohort.answers) == calibrateRasch(cohort.answers.shuffled(using: &rng)))
    }

    @Test func extremeLearnersAndItemsAndItemsNobodyAnswered() {
        var answers = RaschCohort.make(seed: 10, learners: 200, items: 20).answers
        for l in 0..<200 {
            answers.append(ScoredAnswer(learner: "learner-\(l)", item: "everyone-right", correct: true))
            answers.append(ScoredAnswer(learner: "learner-\(l)", item: "everyone-wrong", correct: false))
        }
        for i in 0..<20 {
            answers.append(ScoredAnswer(learner: "all-right", item: RaschCohort.itemName(i), correct: true))
            answers.append(ScoredAnswer(learner: "all-wrong", item: RaschCohort.itemName(i), correct: false))
        }
        let calibration = calibrateRasch(answers, items: ["never-asked"])
        let byItem = Dictionary(uniqueKeysWithValues: calibration.items.map { ($0.item, $0) })
        let estimated = calibration.items.filter { $0.status == .estimated }.compactMap(\.difficulty)
        #expect(estimated.count == 20)
        #expect(calibration.converged)
        #expect(byItem["never-asked"]?.status == .unanswered && byItem["never-asked"]?.difficulty == nil)
        #expect(byItem["everyone-right"]?.status == .allCorrect)
        #expect(byItem["everyone-wrong"]?.status == .allWrong)
        // Placed finitely, beyond every estimated item.
        #expect((byItem["everyone-right"]?.difficulty ?? 0) < (estimated.min() ?? 0))
        #expect((byItem["everyone-wrong"]?.difficulty ?? 0) > (estimated.max() ?? 0))
        #expect(calibration.items.allSatisfy { $0.difficulty?.isFinite ?? true })
    }

    @Test func onlyTheEarliestAnswerCounts() {
        var answers = RaschCohort.make(seed: 11, learners: 100, items: 10).answers
        let base = calibrateRasch(answers)
        // Retakes after feedback, all right, recorded before (in order) but answered later.
        answers = answers.map { ScoredAnswer(learner: $0.learner, item: $0.item, correct: true, day: 5) } + answers
        #expect(calibrateRasch(answers) == base)
    }

    @Test func nothingToCalibrate() {
        let empty = calibrateRasch([], items: ["q1"])
        #expect(empty.items == [ItemCalibration(item: "q1", difficulty: nil, standardError: nil, answers: 0, correct: 0, status: .unanswered)])
        #expect(empty.learners == 0)
    }
}

@Suite struct AbilityTests {
    @Test func eapShrinksTowardsThePriorAndNarrowsWithAnswers() {
        let none = estimateAbility([])
        #expect(abs(none.theta) < 1e-9 && abs(none.standardError - 1) < 0.01)
        let allRight = estimateAbility(Array(repeating: (difficulty: 0.0, correct: true), count: 10))
        #expect(allRight.theta > 1 && allRight.theta.isFinite)
        let allWrong = estimateAbility(Array(repeating: (difficulty: 0.0, correct: false), count: 10))
        #expect(abs(allWrong.theta + allRight.theta) < 1e-9)
        let many = estimateAbility((0..<40).map { (difficulty: 0.0, correct: $0 % 2 == 0) })
        #expect(abs(many.theta) < 1e-9)
        // 40 items at the ability give information 40 × 0.25 = 10, plus 1 from the prior.
        #expect(abs(many.standardError - 1 / 11.0.squareRoot()) < 0.01)
    }

    @Test func passMarkOnTheAbilityScale() {
        let difficulties = [-1.0, 0, 1]
        let theta = abilityForPassMark(0.7, difficulties: difficulties)
        let expected = difficulties.map { raschProbability(ability: theta, difficulty: $0) }.reduce(0, +) / 3
        #expect(abs(expected - 0.7) < 1e-9)
        #expect(abs(abilityForPassMark(0.5, difficulties: [0.4])  - 0.4) < 1e-9)
    }
}
