import Foundation

// MARK: - The FSRS memory model
//
// FSRS-5, the Free Spaced Repetition Scheduler's published model (open-spaced-repetition),
// implemented from its formulas as documented in the reference Python package
// (py-fsrs, `src/fsrs/fsrs_v5.py`) and the project wiki ("The Algorithm", FSRS-5):
//
//   R(t, S)   = (1 + FACTOR · t / S)^DECAY,  DECAY = −0.5, FACTOR = 0.9^(1/DECAY) − 1 = 19/81
//   S₀(G)     = w[G−1]
//   D₀(G)     = w4 − e^(w5·(G−1)) + 1, clamped to [1, 10]
//   D'        = D + (−w6·(G−3))·(10 − D)/9;  D'' = w7·D₀(4) + (1 − w7)·D', clamped to [1, 10]
//   recall    S' = S·(1 + e^w8·(11 − D)·S^(−w9)·(e^(w10·(1 − R)) − 1)·w15[G=2]·w16[G=4])
//   lapse     S' = min(w11·D^(−w12)·((S + 1)^w13 − 1)·e^(w14·(1 − R)), S·e^(w17·(−2 + w18)))
//   same day  S' = S·e^(w17·(G − 3 + w18))      (elapsed < 1 day)
//
// S is the interval in days at which R falls to 0.9; D is difficulty in [1, 10].

/// A review grade on FSRS's four-point scale.
public enum Grade: Int, Sendable, Hashable, Codable, CaseIterable {
    case again = 1, hard = 2, good = 3, easy = 4

    /// The grade of a graded answer. Casebook scores answers in [0, 1]:
    /// - a wrong answer (score < 0.5) is a lapse: `again`;
    /// - partial credit (0.5 ≤ score < 1) is a recall with effort: `hard`;
    /// - a fully correct answer (score ≥ 1) is `good`.
    /// `easy` is never produced: a quiz answer carries no signal that recall was effortless.
    public init(score: Double) {
        if score >= 1 - 1e-9 { self = .good } else if score >= 0.5 { self = .hard } else { self = .again }
    }

    /// Recall (hard, good, easy) as opposed to a lapse (again).
    public var isRecall: Bool { self != .again }
}

/// The 19 FSRS-5 weights, with the bounds the fitting keeps them in.
public struct FSRSParameters: Sendable, Hashable, Codable {
    public var weights: [Double]

    /// FSRS-5's published default weights (py-fsrs / fsrs-rs `DEFAULT_PARAMETERS` for FSRS-5).
    public static let defaultWeights: [Double] = [
        0.40255, 1.18385, 3.173, 15.69105, 7.1949, 0.5345, 1.4604, 0.0046, 1.54575, 0.1192,
        1.01925, 1.9395, 0.11, 0.29605, 2.2698, 0.2315, 2.9898, 0.51655, 0.6621,
    ]

    /// Lower and upper bounds per weight, close to the reference optimiser's clipping.
    public static let bounds: [ClosedRange<Double>] = [
        0.01...100, 0.01...100, 0.01...100, 0.01...100,   // S₀ per grade
        1...10, 0.001...4, 0.001...4, 0.001...0.75,       // D₀, D₀ slope, ΔD, mean reversion
        0...4.5, 0...0.8, 0.001...3.5,                    // recall: scale, S decay, R effect
        0.001...5, 0.001...0.25, 0.001...0.9, 0...4,      // lapse: scale, D, S, R effects
        0...1, 1...6, 0...2, 0...2,                       // hard penalty, easy bonus, same day
    ]

    public static let `default` = FSRSParameters(weights: defaultWeights)

    /// Weights outside `bounds` are clamped; a list of the wrong length is replaced by the defaults.
    public init(weights: [Double]) {
        guard weights.count == Self.defaultWeights.count else { self.weights = Self.defaultWeights; return }
        self.weights = zip(weights, Self.bounds).map { min(max($0, $1.lowerBound), $1.upperBound) }
    }
}

/// What FSRS knows of one learner's memory of one item.
public struct MemoryState: Sendable, Hashable, Codable {
    /// Difficulty in [1, 10].
    public var difficulty: Double
    /// Days until predicted recall falls to 0.9.
    public var stability: Double
    /// Day of the last review (days since a fixed origin, e.g. the Unix epoch / 86,400).
    public var lastReview: Double
    /// Reviews and lapses (wrong answers) so far, the first answer included.
    public var reviews: Int
    public var lapses: Int

    public init(difficulty: Double, stability: Double, lastReview: Double, reviews: Int = 1, lapses: Int = 0) {
        self.difficulty = difficulty; self.stability = stability; self.lastReview = lastReview
        self.reviews = reviews; self.lapses = lapses
    }
}

/// The FSRS-5 model with a set of weights.
public struct FSRS: Sendable, Hashable {
    public static let decay = -0.5
    public static let factor = 19.0 / 81.0
    /// Smallest stability kept, so that R stays defined.
    static let minimumStability = 0.01

    public var parameters: FSRSParameters
    // The weights unpacked once: these functions run for every answer in the records.
    private let w: [Double]
    private let easyDifficulty: Double

    public init(parameters: FSRSParameters = .default) {
        self.parameters = parameters
        w = parameters.weights
        easyDifficulty = w[4] - exp(w[5] * 3) + 1
    }

    /// Predicted probability of recall `elapsed` days after the last review.
    @inline(__always)
    public static func retrievability(elapsed: Double, stability: Double) -> Double {
        pow(1 + factor * max(elapsed, 0) / stability, decay)
    }

    /// Predicted recall on `day` (same origin as the reviews' days).
    public func retrievability(_ state: MemoryState, on day: Double) -> Double {
        Self.retrievability(elapsed: day - state.lastReview, stability: state.stability)
    }

    /// Days after the last review at which predicted recall reaches `target` (0 < target < 1).
    public static func interval(stability: Double, target: Double) -> Double {
        stability / factor * (pow(target, 1 / decay) - 1)
    }

    /// The state after the first answer to an item.
    public func initial(grade: Grade, on day: Double) -> MemoryState {
        let g = Double(grade.rawValue)
        let d = min(max(w[4] - exp(w[5] * (g - 1)) + 1, 1), 10)
        return MemoryState(difficulty: d, stability: max(w[grade.rawValue - 1], Self.minimumStability), lastReview: day,
                           reviews: 1, lapses: grade.isRecall ? 0 : 1)
    }

    /// The state after a further answer on `day`.
    public func next(_ s: MemoryState, grade: Grade, on day: Double) -> MemoryState {
        let elapsed = max(day - s.lastReview, 0)
        let g = Double(grade.rawValue)
        let r = Self.retrievability(elapsed: elapsed, stability: s.stability)
        let stability: Double
        if elapsed < 1 {
            stability = s.stability * exp(w[17] * (g - 3 + w[18]))
        } else if grade == .again {
            let lapse = w[11] * pow(s.difficulty, -w[12]) * (pow(s.stability + 1, w[13]) - 1) * exp(w[14] * (1 - r))
            stability = min(lapse, s.stability * exp(w[17] * (-2 + w[18])))
        } else {
            let modifier = grade == .hard ? w[15] : grade == .easy ? w[16] : 1
            stability = s.stability * (1 + exp(w[8]) * (11 - s.difficulty) * pow(s.stability, -w[9])
                                       * (exp(w[10] * (1 - r)) - 1) * modifier)
        }
        let damped = s.difficulty + (-w[6] * (g - 3)) * (10 - s.difficulty) / 9
        let difficulty = min(max(w[7] * easyDifficulty + (1 - w[7]) * damped, 1), 10)
        return MemoryState(difficulty: difficulty, stability: min(max(stability, Self.minimumStability), 36_500),
                           lastReview: day, reviews: s.reviews + 1, lapses: s.lapses + (grade.isRecall ? 0 : 1))
    }

    /// The state after an answer: `initial` when there is no state yet, `next` otherwise.
    public func review(_ state: MemoryState?, grade: Grade, on day: Double) -> MemoryState {
        if let state { return next(state, grade: grade, on: day) }
        return initial(grade: grade, on: day)
    }
}
