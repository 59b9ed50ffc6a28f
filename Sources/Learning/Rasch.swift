import Foundation

// MARK: - Rasch (1PL) calibration

/// One scored answer for calibration: right or wrong. Casebook's partial credit counts as
/// right at 0.5 and above (the same cut as `Grade(score:)` uses for recall).
public struct ScoredAnswer: Sendable, Hashable {
    public var learner: String
    public var item: String
    public var correct: Bool
    /// When it was answered (days since the Unix epoch): only a learner's earliest answer to an item counts.
    public var day: Double
    public init(learner: String, item: String, correct: Bool, day: Double = 0) {
        self.learner = learner; self.item = item; self.correct = correct; self.day = day
    }
    public init(learner: String, item: String, score: Double, day: Double = 0) {
        self.init(learner: learner, item: item, correct: score >= 0.5, day: day)
    }
}

/// How an item's difficulty was obtained.
public enum CalibrationStatus: String, Sendable, Hashable, Codable {
    /// Estimated jointly with the learners' abilities.
    case estimated
    /// Everyone who answered it was right (or wrong): no finite maximum-likelihood estimate, so
    /// the difficulty is the one at which the expected score is 0.3 below (above) the extreme.
    case allCorrect, allWrong
    /// Nobody answered it: no difficulty.
    case unanswered
}

/// One item's place on the ability scale (logits).
public struct ItemCalibration: Sendable, Hashable, Codable {
    public var item: String
    public var difficulty: Double?
    public var standardError: Double?
    public var answers: Int
    public var correct: Int
    public var status: CalibrationStatus
}

/// How the scale's origin was fixed.
public enum ScaleAnchor: Sendable, Hashable, Codable {
    /// Mean difficulty of the estimated items is 0 (first calibration, or too few common items).
    case meanZero
    /// Shifted so the common items' mean equals their mean in the previous calibration.
    case previous(commonItems: Int, shift: Double)
}

/// A calibration: every item's difficulty, on a scale anchored between runs.
public struct RaschCalibration: Sendable, Hashable, Codable {
    public var items: [ItemCalibration]
    public var anchor: ScaleAnchor
    public var learners: Int
    public var iterations: Int
    public var converged: Bool

    /// Difficulties of the items that have one, by item.
    public var difficulties: [String: Double] {
        Dictionary(uniqueKeysWithValues: items.compactMap { c in c.difficulty.map { (c.item, $0) } })
    }

    /// Items in common with a previous calibration needed to anchor to it.
    public static let minimumCommonItems = 5
}

/// Joint maximum likelihood (JML) Rasch calibration.
///
/// - Only each learner's earliest answer to an item counts (later ones are shaped by feedback).
/// - Learners with all answers right or all wrong carry no information on difficulties and
///   are set aside; then items everyone left answered right (or wrong) are set aside and
///   placed afterwards at the difficulty for an expected score 0.3 from the extreme; the two
///   steps repeat until nothing changes.
/// - Newton–Raphson steps alternate between abilities and difficulties (each step bounded
///   to 1 logit) until the largest change is below 1e-6 logits, or 500 rounds.
/// - JML difficulties are biased outward; they are multiplied by (L−1)/L, L the mean number
///   of items per learner (Wright's correction).
/// - Anchoring: with `previous` difficulties and at least `minimumCommonItems` items estimated
///   in both, the scale is shifted so the common items keep their previous mean; otherwise
///   the estimated items' mean is 0. Everything is processed in name order: same answers,
///   same result.
public func calibrateRasch(_ answers: [ScoredAnswer], items bank: [String] = [], previous: [String: Double] = [:]) -> RaschCalibration {
    // Earliest answer per (learner, item) (on the same day: the first given), names in sorted order.
    var earliest: [String: [String: (day: Double, correct: Bool)]] = [:]
    for a in answers where (earliest[a.learner]?[a.item]?.day ?? .infinity) > a.day {
        earliest[a.learner, default: [:]][a.item] = (a.day, a.correct)
    }
    let firstAnswer = earliest.mapValues { $0.mapValues(\.correct) }
    let learnerNames = firstAnswer.keys.sorted()
    let itemNames = Set(bank).union(answers.map(\.item)).sorted()
    let itemIndex = Dictionary(uniqueKeysWithValues: itemNames.enumerated().map { ($1, $0) })
    // Per learner: (item, right) pairs.
    let responses: [[(item: Int, right: Bool)]] = learnerNames.map { l in
        (firstAnswer[l] ?? [:]).compactMap { a in itemIndex[a.key].map { (item: $0, right: a.value) } }.sorted { $0.item < $1.item }
    }
    let nItems = itemNames.count
    var itemAnswers = [Int](repeating: 0, count: nItems), itemRight = [Int](repeating: 0, count: nItems)
    for r in responses { for x in r { itemAnswers[x.item] += 1; if x.right { itemRight[x.item] += 1 } } }

    // Set aside extreme learners and items until stable.
    var activeLearner = [Bool](repeating: true, count: responses.count)
    var activeItem = (0..<nItems).map { itemAnswers[$0] > 0 }
    var changed = true
    var n = [Int](repeating: 0, count: nItems), s = [Int](repeating: 0, count: nItems)
    var learnerN = [Int](repeating: 0, count: responses.count), learnerS = [Int](repeating: 0, count: responses.count)
    while changed {
        changed = false
        for p in responses.indices where activeLearner[p] {
            let kept = responses[p].filter { activeItem[$0.item] }
            learnerN[p] = kept.count; learnerS[p] = kept.filter(\.right).count
            if learnerN[p] == 0 || learnerS[p] == 0 || learnerS[p] == learnerN[p] { activeLearner[p] = false; changed = true }
        }
        n = [Int](repeating: 0, count: nItems); s = n
        for p in responses.indices where activeLearner[p] {
            for x in responses[p] where activeItem[x.item] { n[x.item] += 1; if x.right { s[x.item] += 1 } }
        }
        for i in 0..<nItems where activeItem[i] && (n[i] == 0 || s[i] == 0 || s[i] == n[i]) {
            activeItem[i] = false; changed = true
        }
    }

    // Joint estimation.
    var b = [Double](repeating: 0, count: nItems)
    var theta = [Double](repeating: 0, count: responses.count)
    for i in 0..<nItems where activeItem[i] { b[i] = log(Double(n[i] - s[i]) / Double(s[i])) }
    for p in responses.indices where activeLearner[p] { theta[p] = log(Double(learnerS[p]) / Double(learnerN[p] - learnerS[p])) }
    var iterations = 0, converged = false
    let active = (0..<nItems).filter { activeItem[$0] }
    while iterations < 500, !active.isEmpty {
        iterations += 1
        var largest = 0.0
        for p in responses.indices where activeLearner[p] {
            var expected = 0.0, information = 0.0
            for x in responses[p] where activeItem[x.item] {
                let pr = 1 / (1 + exp(b[x.item] - theta[p])); expected += pr; information += pr * (1 - pr)
            }
            let step = min(max((Double(learnerS[p]) - expected) / information, -1), 1)
            theta[p] += step; largest = max(largest, abs(step))
        }
        var expected = [Double](repeating: 0, count: nItems), information = expected
        for p in responses.indices where activeLearner[p] {
            for x in responses[p] where activeItem[x.item] {
                let pr = 1 / (1 + exp(b[x.item] - theta[p])); expected[x.item] += pr; information[x.item] += pr * (1 - pr)
            }
        }
        for i in active {
            let step = min(max((expected[i] - Double(s[i])) / information[i], -1), 1)
            b[i] += step; largest = max(largest, abs(step))
        }
        let mean = active.map { b[$0] }.reduce(0, +) / Double(active.count)
        for i in active { b[i] -= mean }
        for p in responses.indices where activeLearner[p] { theta[p] -= mean }
        if largest < 1e-6 { converged = true; break }
    }

    // Wright's bias correction, then standard errors at the corrected values.
    let activeLearners = responses.indices.filter { activeLearner[$0] }
    let meanLength = activeLearners.isEmpty ? 1 : Double(activeLearners.map { learnerN[$0] }.reduce(0, +)) / Double(activeLearners.count)
    let correction = meanLength > 1 ? (meanLength - 1) / meanLength : 1
    for i in active { b[i] *= correction }
    var information = [Double](repeating: 0, count: nItems)
    for p in activeLearners {
        for x in responses[p] where activeItem[x.item] {
            let pr = 1 / (1 + exp(b[x.item] - theta[p] * correction)); information[x.item] += pr * (1 - pr)
        }
    }

    // Items set aside: the difficulty at which the learners who answered it would be expected
    // to score what they did, kept 0.3 from all-right (all-wrong).
    var extremeDifficulty = [Double?](repeating: nil, count: nItems)
    var abilitiesByItem = [[Double]](repeating: [], count: nItems)
    for p in responses.indices {
        let t = activeLearner[p] ? theta[p] * correction
            : (learnerS[p] == 0 ? (active.map { b[$0] }.min() ?? 0) - 1 : (active.map { b[$0] }.max() ?? 0) + 1)
        for x in responses[p] where !activeItem[x.item] { abilitiesByItem[x.item].append(t) }
    }
    for i in 0..<nItems where !activeItem[i] && itemAnswers[i] > 0 {
        let abilities = abilitiesByItem[i]
        let target = min(max(Double(itemRight[i]), 0.3), Double(abilities.count) - 0.3)
        // The expected score falls as difficulty rises: bisection.
        var lo = -20.0, hi = 20.0
        for _ in 0..<80 {
            let mid = (lo + hi) / 2
            let e = abilities.reduce(0) { $0 + 1 / (1 + exp(mid - $1)) }
            if e > target { lo = mid } else { hi = mid }
        }
        extremeDifficulty[i] = (lo + hi) / 2
    }

    // Anchor.
    var anchor = ScaleAnchor.meanZero
    let common = active.filter { previous[itemNames[$0]] != nil }
    if common.count >= RaschCalibration.minimumCommonItems {
        let shift = common.map { (previous[itemNames[$0]] ?? b[$0]) - b[$0] }.reduce(0, +) / Double(common.count)
        anchor = .previous(commonItems: common.count, shift: shift)
        for i in 0..<nItems { b[i] += shift; extremeDifficulty[i] = extremeDifficulty[i].map { $0 + shift } }
    }

    let calibrations = itemNames.indices.map { i -> ItemCalibration in
        let status: CalibrationStatus = itemAnswers[i] == 0 ? .unanswered : activeItem[i] ? .estimated
            : itemRight[i] == itemAnswers[i] ? .allCorrect : itemRight[i] == 0 ? .allWrong : .estimated
        let difficulty: Double? = status == .unanswered ? nil : activeItem[i] ? b[i] : extremeDifficulty[i]
        let se: Double? = activeItem[i] && information[i] > 0 ? 1 / information[i].squareRoot() : nil
        return ItemCalibration(item: itemNames[i], difficulty: difficulty, standardError: se,
                               answers: itemAnswers[i], correct: itemRight[i], status: status)
    }
    return RaschCalibration(items: calibrations, anchor: anchor, learners: learnerNames.count,
                            iterations: iterations, converged: converged)
}
