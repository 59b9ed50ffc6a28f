// Learner-state benchmark (issue 14): FSRS memory states for 10,000 learners × 2,000 items
// from 5,000,000 synthetic answers, and an FSRS fit on the same log. Compiled together with
// Sources/Learning by bench/learning.sh (the module depends on nothing, so no package build).
import Foundation

@main
struct LearningStateBenchmark {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        let learners = arguments.count > 0 ? arguments[0] : 10_000
        let items = arguments.count > 1 ? arguments[1] : 2_000
        let answerCount = arguments.count > 2 ? arguments[2] : 5_000_000
        let perLearner = answerCount / learners

        var random = SeededGenerator(seed: 42)
        func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }

        // Each learner answers `perLearner` random items over time (repeats are reviews), 80% right.
        var history = ReviewLog()
        history.reserveCapacity(learners * perLearner)
        let learnerIDs = (0..<learners).map { history.learnerID("learner-\($0)") }
        let itemIDs = (0..<items).map { history.itemID("item-\($0)") }
        for l in learnerIDs {
            var day = Double(random.next() % 100)
            for _ in 0..<perLearner {
                day += uniform() * 2
                history.append(learner: l, item: itemIDs[Int(random.next() % UInt64(items))], day: day.rounded(),
                               grade: uniform() < 0.8 ? .good : .again)
            }
        }
        // Wall time, and the process's CPU time: on a shared machine the wall time also counts
        // the time other processes held the cores, the CPU time only this work.
        let clock = ContinuousClock()
        let cpu = { Double(Foundation.clock()) / Double(CLOCKS_PER_SEC) }
        var states: LearnerStates?
        let stateCPU0 = cpu()
        let stateTime = clock.measure { states = LearnerStates(log: history) }
        let stateCPU = cpu() - stateCPU0
        var fit: FSRSFit?
        let fitCPU0 = cpu()
        let fitTime = clock.measure { fit = FSRSFitter.fit(history) }
        let fitCPU = cpu() - fitCPU0
        let seconds = { (d: Duration) in String(format: "%.2f", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18) }
        print("| measure | answers | learners | items | result | seconds (wall) | seconds (CPU) |")
        print("|---|---:|---:|---:|---|---:|---:|")
        print("| learner state (FSRS fold) | \(history.count) | \(learners) | \(items) | \(states?.count ?? 0) memory states | \(seconds(stateTime)) | \(String(format: "%.2f", stateCPU)) |")
        print("| FSRS fit (ML, pattern search) | \(fit?.sampled ?? 0) sampled | | | \(fit?.evaluations ?? 0) evaluations | \(seconds(fitTime)) | \(String(format: "%.2f", fitCPU)) |")
    }
}
