import Foundation

// MARK: - Fitting FSRS weights to the organisation's records

/// The outcome of fitting FSRS weights by maximum likelihood.
public struct FSRSFit: Sendable, Hashable, Codable {
    public var parameters: FSRSParameters
    /// True when the weights were fitted; false when there were too few reviews and the defaults stand.
    public var fitted: Bool
    /// Reviews with a prediction (answers after an item's first answer) in the records.
    public var reviews: Int
    /// Reviews the fit used (a deterministic sample when there are more than `FSRSFitter.maximumSample`).
    public var sampled: Int
    /// Mean log loss (negative log-likelihood per review) on the sample, before and after.
    public var logLossBefore: Double
    public var logLossAfter: Double
    public var evaluations: Int
}

/// Fits the 19 FSRS weights to answer histories by maximum likelihood: each answer after an
/// item's first is a Bernoulli outcome (recall unless graded `again`) with probability the
/// model's predicted recall, given the learner's earlier answers to the item. The optimiser
/// is a bounded pattern search (coordinate steps that halve when no step improves), started
/// from the defaults: simple, derivative-free, deterministic.
public enum FSRSFitter {
    /// Fitting needs at least this many reviews with a prediction; below it the defaults are
    /// used, since 19 weights fitted to fewer outcomes overfit (the reference optimiser
    /// likewise refuses small collections).
    public static let minimumReviews = 1_000
    /// At most this many reviews are used (whole sequences, every k-th), to bound the time.
    public static let maximumSample = 40_000
    public static let maximumEvaluations = 700

    /// Fits weights to every (learner, item) history in `log`.
    public static func fit(_ log: ReviewLog, start: FSRSParameters = .default,
                           minimumReviews: Int = FSRSFitter.minimumReviews,
                           maximumSample: Int = FSRSFitter.maximumSample,
                           maximumEvaluations: Int = FSRSFitter.maximumEvaluations) -> FSRSFit {
        let (order, starts) = log.sequences()
        let groups = starts.count - 1
        let reviews = log.count - groups
        var data = Sequences()
        // Take every k-th history so that the sample stays under `maximumSample`.
        let stride = max(1, Int((Double(reviews) / Double(maximumSample)).rounded(.up)))
        for s in Swift.stride(from: 0, to: groups, by: stride) where starts[s + 1] - starts[s] > 1 {
            data.start.append(data.day.count)
            for k in starts[s]..<starts[s + 1] {
                let a = Int(order[k]); data.day.append(log.day[a]); data.grade.append(log.grade[a])
            }
        }
        data.start.append(data.day.count)
        let sampled = data.day.count - (data.start.count - 1)
        let before = data.logLoss(FSRS(parameters: start))
        guard reviews >= minimumReviews, sampled > 0 else {
            return FSRSFit(parameters: start, fitted: false, reviews: reviews, sampled: sampled,
                           logLossBefore: before, logLossAfter: before, evaluations: 1)
        }
        var search = PatternSearch(start: start, data: data)
        search.run(maximumEvaluations: maximumEvaluations)
        return FSRSFit(parameters: search.best, fitted: true, reviews: reviews, sampled: sampled,
                       logLossBefore: before, logLossAfter: search.bestLoss, evaluations: search.evaluations)
    }

    /// Histories in flat arrays: `start[k]..<start[k+1]` is one (learner, item) history in time order.
    struct Sequences {
        var day: [Double] = []
        var grade: [Grade] = []
        var start: [Int] = []

        func logLoss(_ model: FSRS) -> Double {
            var loss = 0.0, n = 0
            for s in 0..<(start.count - 1) {
                var state = model.initial(grade: grade[start[s]], on: day[start[s]])
                for k in (start[s] + 1)..<start[s + 1] {
                    let r = min(max(FSRS.retrievability(elapsed: day[k] - state.lastReview, stability: state.stability), 1e-4), 1 - 1e-4)
                    loss -= grade[k].isRecall ? log(r) : log(1 - r)
                    n += 1
                    state = model.next(state, grade: grade[k], on: day[k])
                }
            }
            return n > 0 ? loss / Double(n) : 0
        }
    }

    /// Coordinate pattern search in a unit box: each weight mapped to [0, 1] inside its bounds
    /// (the initial stabilities on a log scale, since they span four orders of magnitude).
    struct PatternSearch {
        let data: Sequences
        var point: [Double]
        var best: FSRSParameters
        var bestLoss: Double
        var evaluations = 1

        init(start: FSRSParameters, data: Sequences) {
            self.data = data
            point = zip(start.weights.indices, start.weights).map { Self.toUnit($1, index: $0) }
            best = start
            bestLoss = data.logLoss(FSRS(parameters: start))
        }

        static func toUnit(_ w: Double, index: Int) -> Double {
            let b = FSRSParameters.bounds[index]
            if index < 4 { return (log(w) - log(b.lowerBound)) / (log(b.upperBound) - log(b.lowerBound)) }
            return (w - b.lowerBound) / (b.upperBound - b.lowerBound)
        }

        static func fromUnit(_ u: Double, index: Int) -> Double {
            let b = FSRSParameters.bounds[index], u = min(max(u, 0), 1)
            if index < 4 { return exp(log(b.lowerBound) + u * (log(b.upperBound) - log(b.lowerBound))) }
            return b.lowerBound + u * (b.upperBound - b.lowerBound)
        }

        mutating func loss(at p: [Double]) -> Double {
            evaluations += 1
            return data.logLoss(FSRS(parameters: FSRSParameters(weights: p.indices.map { Self.fromUnit(p[$0], index: $0) })))
        }

        mutating func run(maximumEvaluations: Int) {
            var step = [Double](repeating: 0.08, count: point.count)
            while evaluations < maximumEvaluations, step.contains(where: { $0 > 1e-3 }) {
                for i in point.indices where step[i] > 1e-3 && evaluations < maximumEvaluations {
                    var improved = false
                    for direction in [1.0, -1.0] {
                        var trial = point
                        trial[i] = min(max(point[i] + direction * step[i], 0), 1)
                        guard trial[i] != point[i] else { continue }
                        let l = loss(at: trial)
                        if l < bestLoss - 1e-9 {
                            point = trial; bestLoss = l; improved = true
                            step[i] *= 1.5 // keep moving while it pays
                            break
                        }
                    }
                    if !improved { step[i] /= 2 }
                }
            }
            best = FSRSParameters(weights: point.indices.map { Self.fromUnit(point[$0], index: $0) })
        }
    }
}

// MARK: - Calibration of predicted recall

/// Reviews whose predicted recall fell in one bin, and how many of them were recalled.
public struct RecallBin: Sendable, Hashable, Codable {
    /// Predicted recall in `lower..<upper`.
    public var lower: Double
    public var upper: Double
    public var reviews: Int
    public var meanPredicted: Double
    public var observed: Double
}

/// Predicted against observed recall, in `bins` equal bins of predicted recall: each answer
/// after an item's first is predicted from the learner's earlier answers to the item.
public func recallCalibration(_ log: ReviewLog, model: FSRS, bins: Int = 10) -> [RecallBin] {
    let (order, starts) = log.sequences()
    var count = [Int](repeating: 0, count: bins), predicted = [Double](repeating: 0, count: bins), recalled = predicted
    for s in 0..<(starts.count - 1) {
        let first = Int(order[starts[s]])
        var state = model.initial(grade: log.grade[first], on: log.day[first])
        for k in (starts[s] + 1)..<starts[s + 1] {
            let a = Int(order[k])
            let r = model.retrievability(state, on: log.day[a])
            let b = min(Int(r * Double(bins)), bins - 1)
            count[b] += 1; predicted[b] += r; recalled[b] += log.grade[a].isRecall ? 1 : 0
            state = model.next(state, grade: log.grade[a], on: log.day[a])
        }
    }
    return (0..<bins).map { b in
        RecallBin(lower: Double(b) / Double(bins), upper: Double(b + 1) / Double(bins), reviews: count[b],
                  meanPredicted: count[b] > 0 ? predicted[b] / Double(count[b]) : 0,
                  observed: count[b] > 0 ? recalled[b] / Double(count[b]) : 0)
    }
}
