import Foundation
import Testing
@testable import Learning

@Suite struct FSRSTests {
    let model = FSRS()

    @Test func gradesFromScores() {
        #expect(Grade(score: 0) == .again)
        #expect(Grade(score: 0.49) == .again)
        #expect(Grade(score: 0.5) == .hard)
        #expect(Grade(score: 0.99) == .hard)
        #expect(Grade(score: 1) == .good)
        #expect(!Grade.again.isRecall && Grade.hard.isRecall)
    }

    @Test func recallIsNinetyPercentAfterStabilityDays() {
        for s in [0.5, 3.0, 40.0] {
            #expect(abs(FSRS.retrievability(elapsed: s, stability: s) - 0.9) < 1e-12)
            #expect(abs(FSRS.interval(stability: s, target: 0.9) - s) < 1e-9)
            #expect(FSRS.retrievability(elapsed: 0, stability: s) == 1)
        }
        // R(t, S) = (1 + 19/81 · t / S)^−0.5: at t = 10, S = 3.173 (a first Good).
        #expect(abs(FSRS.retrievability(elapsed: 10, stability: 3.173) - pow(1 + 19.0 / 81 * 10 / 3.173, -0.5)) < 1e-12)
    }

    @Test func firstAnswerUsesTheInitialWeights() {
        let good = model.initial(grade: .good, on: 100)
        #expect(good.stability == 3.173)
        #expect(abs(good.difficulty - (7.1949 - exp(0.5345 * 2) + 1)) < 1e-12)
        #expect(good.lastReview == 100 && good.reviews == 1 && good.lapses == 0)
        let again = model.initial(grade: .again, on: 100)
        #expect(again.stability == 0.40255 && again.difficulty == 7.1949 && again.lapses == 1)
    }

    @Test func recallGrowsStabilityAndLapseShrinksIt() {
        let start = model.initial(grade: .good, on: 0)
        let recalled = model.next(start, grade: .good, on: 5)
        // The FSRS-5 recall formula by hand.
        let r = FSRS.retrievability(elapsed: 5, stability: start.stability)
        let w = FSRSParameters.defaultWeights
        let expected = start.stability * (1 + exp(w[8]) * (11 - start.difficulty) * pow(start.stability, -w[9]) * (exp(w[10] * (1 - r)) - 1))
        #expect(abs(recalled.stability - expected) < 1e-9)
        #expect(recalled.stability > start.stability)
        let lapsed = model.next(recalled, grade: .again, on: 30)
        #expect(lapsed.stability < recalled.stability)
        #expect(lapsed.difficulty > recalled.difficulty)
        #expect(lapsed.reviews == 3 && lapsed.lapses == 1)
        let hard = model.next(start, grade: .hard, on: 5)
        #expect(hard.stability < recalled.stability && hard.stability > start.stability)
    }

    @Test func answersTheSameDayUseTheShortTermFormula() {
        let start = model.initial(grade: .good, on: 0)
        let w = FSRSParameters.defaultWeights
        let sameDay = model.next(start, grade: .good, on: 0.5)
        #expect(abs(sameDay.stability - start.stability * exp(w[17] * w[18])) < 1e-12)
        let lapse = model.next(start, grade: .again, on: 0.5)
        #expect(abs(lapse.stability - start.stability * exp(w[17] * (-2 + w[18]))) < 1e-12)
    }

    @Test func weightsOutsideTheirBoundsAreClamped() {
        var w = FSRSParameters.defaultWeights
        w[7] = 5; w[0] = -1
        let p = FSRSParameters(weights: w)
        #expect(p.weights[7] == 0.75 && p.weights[0] == 0.01)
        #expect(FSRSParameters(weights: [1, 2]) == .default)
    }

    @Test func statesFoldEachLearnersAnswersInTimeOrder() {
        var log = ReviewLog()
        // Recorded out of order: the fold must sort by day.
        log.append(learner: "ana", item: "q2", day: 10, score: 0)
        log.append(learner: "ana", item: "q1", day: 0, score: 1)
        log.append(learner: "bo", item: "q1", day: 3, score: 1)
        log.append(learner: "ana", item: "q2", day: 0, score: 1)
        let states = LearnerStates(log: log)
        #expect(states.count == 3)
        let ana = states.memories(of: "ana")
        #expect(ana.map(\.item) == ["q1", "q2"])
        let q2 = model.next(model.initial(grade: .good, on: 0), grade: .again, on: 10)
        #expect(ana[1].state == q2)
        #expect(states.memories(of: "bo") == [ItemMemory(item: "q1", state: model.initial(grade: .good, on: 3))])
        #expect(states.memories(of: "nobody").isEmpty)
    }

    @Test func emptyRecords() {
        let states = LearnerStates(log: ReviewLog())
        #expect(states.count == 0 && states.memories(of: "ana").isEmpty)
        let fit = FSRSFitter.fit(ReviewLog())
        #expect(!fit.fitted && fit.reviews == 0 && fit.parameters == .default)
        #expect(recallCalibration(ReviewLog(), model: FSRS()).allSatisfy { $0.reviews == 0 })
    }
}
