import Foundation
import Randomness
@testable import Learning

/// Draws for simulations on the module's seeded SplitMix64 generator.
extension SeededRandom {
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-12), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
    mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// Pearson correlation.
func correlation(_ x: [Double], _ y: [Double]) -> Double {
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx); syy += (b - my) * (b - my) }
    return sxy / (sxx * syy).squareRoot()
}

/// Rasch answers with planted abilities and difficulties: every learner answers every item
/// (or a random `perLearner` of them).
struct RaschCohort {
    var abilities: [Double]
    var difficulties: [Double]
    var answers: [ScoredAnswer]

    static func itemName(_ i: Int) -> String { String(format: "item-%04d", i) }

    static func make(seed: UInt64, learners: Int, items: Int, perLearner: Int? = nil, difficultySD: Double = 1) -> RaschCohort {
        var rng = SeededRandom(seed: seed)
        let difficulties = (0..<items).map { _ in rng.normal() * difficultySD }
        let abilities = (0..<learners).map { _ in rng.normal() }
        var answers: [ScoredAnswer] = []
        for l in 0..<learners {
            let asked = perLearner.map { Array((0..<items).shuffled(using: &rng).prefix($0)) } ?? Array(0..<items)
            for i in asked {
                answers.append(ScoredAnswer(learner: "learner-\(l)", item: itemName(i),
                                            correct: rng.bernoulli(raschProbability(ability: abilities[l], difficulty: difficulties[i]))))
            }
        }
        return RaschCohort(abilities: abilities, difficulties: difficulties, answers: answers)
    }
}

/// Review logs from a planted FSRS forgetting process whose weights differ from the defaults:
/// each learner meets each item once, then comes back after gaps drawn log-uniformly between
/// 1 and 120 days; each answer is right with the planted model's recall probability. A right
/// answer is sometimes only partly right (score 0.6: `hard`).
enum ReviewSimulation {
    /// The planted forgetting: memories last longer after a first right answer, grow less
    /// per review and lapse harder than FSRS's defaults say.
    static let plantedWeights: [Double] = [
        1.2, 2.5, 9.0, 20.0, 5.5, 0.8, 0.9, 0.02, 1.1, 0.25,
        1.4, 1.0, 0.15, 0.4, 1.6, 0.4, 2.5, 0.5, 0.6,
    ]

    static func log(seed: UInt64, learners: Int, items: Int, firstLearner: Int = 0) -> ReviewLog {
        var rng = SeededRandom(seed: seed)
        let planted = FSRS(parameters: FSRSParameters(weights: plantedWeights))
        var log = ReviewLog()
        for l in firstLearner..<(firstLearner + learners) {
            for i in 0..<items {
                var day = Double(rng.below(60))
                let first = rng.bernoulli(0.75)
                var state = planted.initial(grade: first ? .good : .again, on: day)
                log.append(learner: "learner-\(l)", item: "item-\(i)", day: day, score: first ? 1 : 0)
                for _ in 0..<(2 + rng.below(5)) {
                    day += (exp(rng.uniform() * Foundation.log(120.0))).rounded()
                    let recalled = rng.bernoulli(planted.retrievability(state, on: day))
                    let score = recalled ? (rng.bernoulli(0.15) ? 0.6 : 1) : 0
                    state = planted.next(state, grade: Grade(score: score), on: day)
                    log.append(learner: "learner-\(l)", item: "item-\(i)", day: day, score: score)
                }
            }
        }
        return log
    }
}
