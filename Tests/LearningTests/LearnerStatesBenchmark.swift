import Foundation
import Testing
@testable import Learning

/// The speed bar (learner state for 10,000 learners × 2,000 items from 5,000,000
/// answers in under 5 s). Not a timed test: it runs only when asked, in a release build:
///
///     CASEBOOK_LEARNING_BENCH=1 swift test -c release --filter LearnerStatesBenchmark
@Suite struct LearnerStatesBenchmark {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CASEBOOK_LEARNING_BENCH"] != nil))
    func learnerStateForTenThousandLearners() {
        let learners = 10_000, items = 2_000, perLearner = 500
        var rng = SeededGenerator(seed: 42)
        var log = ReviewLog()
        log.reserveCapacity(learners * perLearner)
        let learnerIDs = (0..<learners).map { log.learnerID("learner-\($0)") }
        let itemIDs = (0..<items).map { log.itemID("item-\($0)") }
        for l in learnerIDs {
            var day = Double(rng.below(100))
            for _ in 0..<perLearner {
                day += rng.uniform() * 2
                log.append(learner: l, item: itemIDs[rng.below(items)], day: day.rounded(), grade: rng.bernoulli(0.8) ? .good : .again)
            }
        }
        let clock = ContinuousClock()
        var states: LearnerStates?
        let elapsed = clock.measure { states = LearnerStates(log: log) }
        print("learner state: \(log.count) answers, \(learners) learners x \(items) items -> \(states?.count ?? 0) memory states in \(elapsed)")
        var fit: FSRSFit?
        let fitting = clock.measure { fit = FSRSFitter.fit(log) }
        print("FSRS fit on the same log: \(fit?.sampled ?? 0) reviews sampled, \(fit?.evaluations ?? 0) evaluations, \(fitting)")
        #expect(states?.count ?? 0 > 0)
    }
}
