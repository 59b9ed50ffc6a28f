import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Interval

/// A two-sided interval for a proportion or a statistic.
public struct Interval: Sendable, Hashable, Codable {
    /// The lower bound.
    public var low: Double
    /// The upper bound.
    public var high: Double

    /// Creates an interval from its two bounds.
    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }
}

// MARK: - Stats

/// Small, dependency-free statistical routines used by the Insights reports.
///
/// Everything here is a pure function of its arguments: no state, no randomness,
/// safe to call from any task.
public enum Stats {

    // MARK: - Proportions

    /// Wilson score interval for k successes in n trials (z = 1.959964 for 95%). n == 0 gives 0...1.
    ///
    /// For a trainer: "81 of 263 moderators got this right" is not a precise 30.8%; the
    /// interval is the range of true success rates the data cannot rule out. Unlike the
    /// textbook p ± z·SE interval it stays inside 0...1 and behaves at 0 of n and n of n,
    /// so small cohorts get honest, wide intervals. `k` is clamped into 0...n.
    public static func wilson(_ k: Int, _ n: Int, z: Double = 1.959964) -> Interval {
        guard n > 0 else { return Interval(low: 0, high: 1) }
        let successes = min(max(k, 0), n)
        let trials = Double(n)
        let p = Double(successes) / trials
        let z2 = z * z
        let denominator = 1 + z2 / trials
        let centre = (p + z2 / (2 * trials)) / denominator
        let halfWidth = z / denominator * (p * (1 - p) / trials + z2 / (4 * trials * trials)).squareRoot()
        // At the edges the formula's bound is exactly 0 or 1; pin it to avoid rounding noise.
        let low = successes == 0 ? 0 : max(0, centre - halfWidth)
        let high = successes == n ? 1 : min(1, centre + halfWidth)
        return Interval(low: low, high: high)
    }

    /// Standard normal CDF (use erfc from Foundation/Glibc).
    public static func normalCDF(_ x: Double) -> Double {
        // erfc keeps full relative precision in the lower tail, where 1 + erf would not.
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// One-sided two-proportion z-test (pooled) of H1: k1/n1 > k2/n2. Returns the z statistic and p-value. Degenerate inputs (n == 0, pooled p 0 or 1) give z 0, p 1.
    ///
    /// For a trainer: "does group 1 really do better than group 2, or is the gap noise?"
    /// A small p (after correcting for how many comparisons a report makes, see
    /// `benjaminiHochberg`) says the gap is unlikely to be chance alone.
    public static func proportionGreater(_ k1: Int, _ n1: Int, than k2: Int, _ n2: Int) -> (z: Double, p: Double) {
        guard n1 > 0, n2 > 0 else { return (0, 1) }
        let s1 = min(max(k1, 0), n1)
        let s2 = min(max(k2, 0), n2)
        let size1 = Double(n1)
        let size2 = Double(n2)
        let pooled = Double(s1 + s2) / (size1 + size2)
        guard pooled > 0, pooled < 1 else { return (0, 1) }
        let standardError = (pooled * (1 - pooled) * (1 / size1 + 1 / size2)).squareRoot()
        guard standardError > 0, standardError.isFinite else { return (0, 1) }
        let z = (Double(s1) / size1 - Double(s2) / size2) / standardError
        // Upper tail 1 − Φ(z), computed directly so tiny p-values are not rounded to 0.
        let p = 0.5 * erfc(z / 2.0.squareRoot())
        return (z, p)
    }

    /// Mantel–Haenszel test of two periods' error rates stratified by person: each stratum is
    /// one person's errors and answers in the first period (`a` of `n1`) and in the second
    /// (`c` of `n2`), so a change in who answered (a strong learner answering more after)
    /// is not read as a change in how people answer. Returns the continuity-corrected z
    /// (positive: more errors in the first period than the people's own second-period answers
    /// predict), its two-sided p-value, and how many people answered in both periods (only they
    /// carry information). No such person, or no variance: z 0, p 1.
    ///
    /// For a trainer: "did the same people get it wrong less often after?" rather than "were
    /// fewer answers wrong?", which a change in who answered can move on its own.
    public static func mantelHaenszel(_ strata: [(a: Int, n1: Int, c: Int, n2: Int)]) -> (z: Double, p: Double, strata: Int) {
        var excess = 0.0, variance = 0.0, used = 0
        for s in strata where s.n1 > 0 && s.n2 > 0 {
            let n1 = Double(s.n1), n2 = Double(s.n2), total = n1 + n2
            let errors = Double(min(max(s.a, 0), s.n1) + min(max(s.c, 0), s.n2))
            used += 1
            excess += Double(min(max(s.a, 0), s.n1)) - n1 * errors / total
            variance += n1 * n2 * errors * (total - errors) / (total * total * (total - 1))
        }
        guard variance > 0, variance.isFinite else { return (0, 1, used) }
        let corrected = max(abs(excess) - 0.5, 0)
        let z = (excess < 0 ? -corrected : corrected) / variance.squareRoot()
        return (z, erfc(abs(z) / 2.0.squareRoot()), used)
    }

    /// Upper tail P(T > t) of Student's t distribution with `df` degrees of freedom (any
    /// positive real df, as Welch's test needs), from the regularized incomplete beta:
    /// P(T > t) = I_{df/(df+t²)}(df/2, 1/2) / 2 for t ≥ 0. NaN for a non-positive df.
    public static func studentTUpper(_ t: Double, df: Double) -> Double {
        guard df > 0, !t.isNaN else { return .nan }
        if t.isInfinite { return t > 0 ? 0 : 1 }
        let tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5)
        return t >= 0 ? tail : 1 - tail
    }

    /// One-sided Welch's t-test of H1: mean 1 > mean 2, from each sample's count, sum and sum
    /// of squares. Returns the p-value from Student's t with the Welch–Satterthwaite degrees of
    /// freedom; 1 when either sample has fewer than two values or both have no spread.
    ///
    /// For a trainer: "do these learners really do worse than the others, or is it noise?",
    /// with each group's own spread and size taken into account, so a group of four is not
    /// judged as if it were four hundred.
    public static func welchGreater(count n1: Int, sum s1: Double, sumOfSquares q1: Double,
                                    than n2: Int, sum s2: Double, sumOfSquares q2: Double) -> Double {
        guard n1 >= 2, n2 >= 2 else { return 1 }
        let c1 = Double(n1), c2 = Double(n2)
        let m1 = s1 / c1, m2 = s2 / c2
        let v1 = max(0, (q1 - c1 * m1 * m1) / (c1 - 1)) / c1
        let v2 = max(0, (q2 - c2 * m2 * m2) / (c2 - 1)) / c2
        let se2 = v1 + v2
        guard se2 > 1e-15 else { return 1 }
        let df = se2 * se2 / (v1 * v1 / (c1 - 1) + v2 * v2 / (c2 - 1))
        return studentTUpper((m1 - m2) / se2.squareRoot(), df: df)
    }

    /// Benjamini–Hochberg adjusted p-values (q-values), in the input order, monotone, capped at 1.
    ///
    /// For a trainer: when a report tests dozens of questions or policy areas at once, a few
    /// will look "significant" by luck. Flagging only those with q below, say, 0.05 keeps
    /// the expected share of false alarms among the flags at about 5%.
    /// Non-finite p-values are treated as 1, and values are clamped into 0...1.
    public static func benjaminiHochberg(_ p: [Double]) -> [Double] {
        let m = p.count
        guard m > 0 else { return [] }
        let cleaned = p.map { value -> Double in
            guard value.isFinite else { return 1 }
            return min(max(value, 0), 1)
        }
        let order = cleaned.indices.sorted { cleaned[$0] < cleaned[$1] }
        var adjusted = [Double](repeating: 1, count: m)
        var runningMinimum = 1.0
        // Walk from the largest p-value down so each q is the minimum over all larger ranks.
        for rank in stride(from: m, through: 1, by: -1) {
            let index = order[rank - 1]
            let scaled = cleaned[index] * Double(m) / Double(rank)
            runningMinimum = min(runningMinimum, scaled)
            adjusted[index] = runningMinimum
        }
        return adjusted
    }

    // MARK: - Beta distribution

    /// Regularized incomplete beta I_x(a, b) (continued fraction, Lentz; use lgamma).
    ///
    /// Returns 0 for x ≤ 0, 1 for x ≥ 1, and NaN when a or b is not positive or x is NaN.
    public static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        guard !x.isNaN, a > 0, b > 0, a.isFinite, b.isFinite else { return .nan }
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        // Prefactor x^a (1 − x)^b / (a B(a, b)), computed in logs.
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        let front = exp(logFront)
        // The continued fraction converges fast for x below the mean-ish switch point;
        // above it use the symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
        if x < (a + 1) / (a + b + 2) {
            return min(max(front / a / betaContinuedFraction(x, a, b), 0), 1)
        } else {
            return min(max(1 - front / b / betaContinuedFraction(1 - x, b, a), 0), 1)
        }
    }

    /// CDF of Beta(a, b) at x.
    ///
    /// For a trainer: with a learner's posterior Beta(a, b) for their success rate,
    /// `betaCDF(0.8, a, b)` is the probability that their true rate is below 80%.
    public static func betaCDF(_ x: Double, _ a: Double, _ b: Double) -> Double {
        incompleteBeta(x, a, b)
    }

    /// Empirical-Bayes Beta prior for per-learner success rates: method of moments on the rates k/n
    /// (weighted by n), correcting the observed variance for binomial sampling noise; the prior
    /// strength a+b is clamped to [2, 200]; with fewer than 2 groups or no excess variance, use
    /// the pooled mean with strength `fallbackStrength`.
    ///
    /// For a trainer: the prior says what a typical moderator's success rate looks like and how
    /// much moderators really differ. A newcomer with 2 of 3 right is then shrunk towards the
    /// team average instead of being reported as "67%". Details: the mean is the pooled rate
    /// Σk / Σn; the between-learner variance τ² is the n-weighted spread of the rates minus the
    /// spread binomial noise alone would produce (an unbiased moment estimator given the
    /// estimated mean); then a + b = m(1 − m)/τ² − 1. Groups with n ≤ 0 are ignored and k is
    /// clamped into 0...n. With no data at all the mean is 0.5; a pooled mean of exactly 0 or 1
    /// is nudged to 0.5/(N+1) from the edge so that a and b stay positive.
    public static func betaPrior(_ groups: [(k: Int, n: Int)], fallbackStrength: Double = 20) -> (a: Double, b: Double) {
        let usable = groups.filter { $0.n > 0 }.map { (k: Double(min(max($0.k, 0), $0.n)), n: Double($0.n)) }
        let fallback = fallbackStrength.isFinite && fallbackStrength > 0 ? fallbackStrength : 20
        let totalTrials = usable.reduce(0) { $0 + $1.n }
        guard totalTrials > 0 else { return (0.5 * fallback, 0.5 * fallback) }
        let totalSuccesses = usable.reduce(0) { $0 + $1.k }
        let edge = 0.5 / (totalTrials + 1)
        let mean = min(max(totalSuccesses / totalTrials, edge), 1 - edge)
        let fallbackPrior = (a: mean * fallback, b: (1 - mean) * fallback)
        let groupCount = Double(usable.count)
        guard usable.count >= 2 else { return fallbackPrior }

        let rawMean = totalSuccesses / totalTrials
        let binomialVariance = rawMean * (1 - rawMean)
        // S = Σ n_i (r_i − m)²;  E[S] = (G − 1)(v − τ²) + τ² (N − Σ n_i² / N).
        let spread = usable.reduce(0.0) { sum, group in
            let deviation = group.k / group.n - rawMean
            return sum + group.n * deviation * deviation
        }
        let sumOfSquaredSizes = usable.reduce(0.0) { $0 + $1.n * $1.n }
        let denominator = totalTrials - sumOfSquaredSizes / totalTrials - (groupCount - 1)
        guard denominator > 0 else { return fallbackPrior }
        let tau2 = (spread - (groupCount - 1) * binomialVariance) / denominator
        guard tau2 > 0, tau2.isFinite, binomialVariance > 0 else { return fallbackPrior }
        let strength = min(max(binomialVariance / tau2 - 1, 2), 200)
        return (a: mean * strength, b: (1 - mean) * strength)
    }

    // MARK: - Correlation and regression

    /// Pearson correlation; nil when either side has zero variance or fewer than 2 points.
    ///
    /// Also nil when the two arrays differ in length or contain a non-finite value.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 2 else { return nil }
        guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else { return nil }
        guard !isConstant(x), !isConstant(y) else { return nil }
        let count = Double(x.count)
        let meanX = x.reduce(0, +) / count
        let meanY = y.reduce(0, +) / count
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (xi, yi) in zip(x, y) {
            let dx = xi - meanX
            let dy = yi - meanY
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return nil }
        return min(max(sxy / (sxx * syy).squareRoot(), -1), 1)
    }

    /// Weighted least-squares slope of y on x (weights w); nil with fewer than 2 distinct x.
    ///
    /// For a trainer: e.g. how much the success rate changes per extra week of tenure, with
    /// each point weighted by how many answers it rests on. Points whose weight is not a
    /// positive finite number, or whose x or y is not finite, are left out; the arrays must
    /// have the same length, otherwise nil.
    public static func slope(x: [Double], y: [Double], weights: [Double]) -> Double? {
        guard x.count == y.count, x.count == weights.count else { return nil }
        let points = zip(zip(x, y), weights)
            .filter { $0.1 > 0 && $0.1.isFinite && $0.0.0.isFinite && $0.0.1.isFinite }
            .map { (x: $0.0.0, y: $0.0.1, w: $0.1) }
        guard points.count >= 2, !isConstant(points.map(\.x)) else { return nil }
        let totalWeight = points.reduce(0) { $0 + $1.w }
        let meanX = points.reduce(0) { $0 + $1.w * $1.x } / totalWeight
        let meanY = points.reduce(0) { $0 + $1.w * $1.y } / totalWeight
        var sxy = 0.0, sxx = 0.0
        for point in points {
            let dx = point.x - meanX
            sxy += point.w * dx * (point.y - meanY)
            sxx += point.w * dx * dx
        }
        guard sxx > 0 else { return nil }
        return sxy / sxx
    }

    // MARK: - Helpers

    /// Whether every value equals the first (an exact test, free of rounding noise).
    static func isConstant(_ values: [Double]) -> Bool {
        guard let first = values.first else { return true }
        return values.allSatisfy { $0 == first }
    }

    /// The continued fraction of the incomplete beta function, by the modified Lentz method.
    private static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-15
        // Evaluates 1 + d1 / (1 + d2 / (1 + ...)), whose reciprocal multiplies the prefactor.
        var f = 1.0
        var c = 1.0
        var d = 0.0
        for step in 1...20_000 {
            let m = Double(step / 2)
            let coefficient: Double
            if step % 2 == 1 {
                coefficient = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            } else {
                coefficient = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            }
            d = 1 + coefficient * d
            if abs(d) < tiny { d = tiny }
            c = 1 + coefficient / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = c * d
            f *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return f
    }
}
