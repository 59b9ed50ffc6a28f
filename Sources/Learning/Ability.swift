import Foundation

// MARK: - Ability on the Rasch scale

/// Probability of a right answer under the Rasch model.
@inline(__always)
public func raschProbability(ability: Double, difficulty: Double) -> Double {
    1 / (1 + exp(difficulty - ability))
}

/// An ability estimate with its standard error (logits).
public struct AbilityEstimate: Sendable, Hashable, Codable {
    public var theta: Double
    public var standardError: Double
}

/// The posterior of a learner's ability on a fixed grid (expected a posteriori, EAP): a normal
/// prior, times the Rasch likelihood of each answer. 121 points over the prior mean ± 6 SD
/// make the EAP and posterior SD exact to well under 0.01 logit.
public struct AbilityPosterior: Sendable, Hashable {
    public static let points = 121
    public let prior: AbilityEstimate
    private let grid: [Double]
    private var logPosterior: [Double]

    /// A normal prior with the given mean and standard deviation (default N(0, 1)).
    public init(priorMean: Double = 0, priorSD: Double = 1) {
        prior = AbilityEstimate(theta: priorMean, standardError: priorSD)
        grid = (0..<Self.points).map { priorMean + priorSD * (-6 + 12 * Double($0) / Double(Self.points - 1)) }
        logPosterior = grid.map { -0.5 * pow(($0 - priorMean) / priorSD, 2) }
    }

    /// Adds one answer to an item of the given difficulty.
    public mutating func add(difficulty: Double, correct: Bool) {
        for k in grid.indices {
            let p = raschProbability(ability: grid[k], difficulty: difficulty)
            logPosterior[k] += log(max(correct ? p : 1 - p, 1e-300))
        }
    }

    /// The posterior mean and standard deviation.
    public var estimate: AbilityEstimate {
        let top = logPosterior.max() ?? 0
        var total = 0.0, mean = 0.0, square = 0.0
        for k in grid.indices {
            let w = exp(logPosterior[k] - top)
            total += w; mean += w * grid[k]; square += w * grid[k] * grid[k]
        }
        mean /= total
        return AbilityEstimate(theta: mean, standardError: max(square / total - mean * mean, 0).squareRoot())
    }
}

/// The EAP ability for a set of answers (difficulty, right or wrong).
public func estimateAbility(_ answers: [(difficulty: Double, correct: Bool)], priorMean: Double = 0, priorSD: Double = 1) -> AbilityEstimate {
    var posterior = AbilityPosterior(priorMean: priorMean, priorSD: priorSD)
    for a in answers { posterior.add(difficulty: a.difficulty, correct: a.correct) }
    return posterior.estimate
}

/// The ability at which the expected proportion right on a form with these item difficulties
/// (its test characteristic curve) equals `passMark` (a proportion, 0 < passMark < 1): the
/// fixed form's pass mark on the ability scale. Found by bisection; the curve is increasing.
public func abilityForPassMark(_ passMark: Double, difficulties: [Double]) -> Double {
    guard !difficulties.isEmpty else { return 0 }
    let target = min(max(passMark, 1e-6), 1 - 1e-6)
    var lo = -30.0, hi = 30.0
    for _ in 0..<100 {
        let mid = (lo + hi) / 2
        let expected = difficulties.reduce(0) { $0 + raschProbability(ability: mid, difficulty: $1) } / Double(difficulties.count)
        if expected < target { lo = mid } else { hi = mid }
    }
    return (lo + hi) / 2
}
