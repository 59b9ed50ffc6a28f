import Foundation
import CasebookTestSupport
import Quiz
import Testing
import Insights
import Randomness

/// Whether two numbers agree to 3 decimals.
func approx(_ a: Double?, _ b: Double, tolerance: Double = 5e-4) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
}

@Suite struct StatisticsTests {

    // MARK: - Wilson

    @Test func wilsonZeroOfTen() {
        // 0/10: low is exactly 0; high = 2·(z²/2n)/(1 + z²/n) = (z²/n)/(1 + z²/n) = 0.38415/1.38415.
        let i = Stats.wilson(0, 10)
        #expect(i.low == 0)
        #expect(approx(i.high, 0.2775))
    }

    @Test func wilsonHalf() {
        // 5/10: centre 0.5, half-width z·√(0.025 + 0.0096037)/1.38415 = 0.2634.
        let i = Stats.wilson(5, 10)
        #expect(approx(i.low, 0.2366))
        #expect(approx(i.high, 0.7634))
    }

    @Test func wilsonKnownValue() {
        // 81/263: p = 0.30798, z²/n = 0.014606, centre = (p + 0.0073032)/1.014606 = 0.31075,
        // half = 1.959964·√(0.00081036 + 0.0000138843)/1.014606 = 0.055461 → 0.25529...0.36621.
        let i = Stats.wilson(81, 263)
        #expect(approx(i.low, 0.2553))
        #expect(approx(i.high, 0.3662))
    }

    @Test func wilsonEdges() {
        #expect(Stats.wilson(0, 0) == Interval(low: 0, high: 1))
        let all = Stats.wilson(10, 10)
        #expect(all.high == 1)
        #expect(approx(all.low, 1 - 0.2775))
        // A wider z gives a wider interval.
        #expect(Stats.wilson(5, 10, z: 2.576).low < Stats.wilson(5, 10).low)
    }

    // MARK: - Normal and z-test

    @Test func normalCDFKnownValues() {
        #expect(approx(Stats.normalCDF(0), 0.5, tolerance: 1e-12))
        #expect(approx(Stats.normalCDF(1.959964), 0.975, tolerance: 1e-6))
        #expect(approx(Stats.normalCDF(-1), 0.158655, tolerance: 1e-6))
    }

    @Test func proportionGreaterClearDifference() {
        // 80/100 vs 50/100: pooled 0.65, SE = √(0.65·0.35·0.02) = 0.067454, z = 0.3/SE = 4.4475.
        let r = Stats.proportionGreater(80, 100, than: 50, 100)
        #expect(approx(r.z, 4.4475))
        #expect(r.p < 0.0001)
        #expect(r.p > 0)
        // The other direction is not significant.
        let reverse = Stats.proportionGreater(50, 100, than: 80, 100)
        #expect(reverse.p > 0.999)
    }

    @Test func proportionGreaterEqualRates() {
        let r = Stats.proportionGreater(30, 60, than: 15, 30)
        #expect(approx(r.z, 0))
        #expect(approx(r.p, 0.5))
    }

    @Test func proportionGreaterDegenerate() {
        for r in [
            Stats.proportionGreater(0, 0, than: 3, 10),
            Stats.proportionGreater(3, 10, than: 0, 0),
            Stats.proportionGreater(0, 10, than: 0, 20),
            Stats.proportionGreater(10, 10, than: 20, 20),
        ] {
            #expect(r.z == 0)
            #expect(r.p == 1)
        }
    }

    // MARK: - Benjamini–Hochberg

    @Test func benjaminiHochbergKnownVector() {
        // Sorted: 0.005·4/1 = 0.02, 0.01·4/2 = 0.02, 0.03·4/3 = 0.04, 0.04·4/4 = 0.04;
        // running minimum from the top keeps them; back in input order:
        let q = Stats.benjaminiHochberg([0.01, 0.04, 0.03, 0.005])
        let expected = [0.02, 0.04, 0.04, 0.02]
        #expect(q.count == 4)
        for (a, b) in zip(q, expected) { #expect(approx(a, b, tolerance: 1e-12)) }
    }

    @Test func benjaminiHochbergMonotoneAndCapped() {
        // Sorted: 0.03·4/1 = 0.12, 0.04·4/2 = 0.08, 0.9·4/3 = 1.2, 0.95·4/4 = 0.95;
        // minimum from the top: 0.95, 0.95, 0.08, 0.08 (0.12 pulled down, 1.2 pulled down).
        let q = Stats.benjaminiHochberg([0.04, 0.03, 0.9, 0.95])
        let expected = [0.08, 0.08, 0.95, 0.95]
        for (a, b) in zip(q, expected) { #expect(approx(a, b, tolerance: 1e-12)) }
        #expect(Stats.benjaminiHochberg([0.8, 0.9]).allSatisfy { $0 <= 1 })
        #expect(Stats.benjaminiHochberg([1.5, .nan]) == [1, 1])
        #expect(Stats.benjaminiHochberg([]).isEmpty)
    }

    // MARK: - Incomplete beta

    @Test func incompleteBetaKnownValues() {
        // I_0.5(2, 3) = Σ_{j=2}^{4} C(4, j) / 16 = (6 + 4 + 1)/16 = 0.6875.
        #expect(approx(Stats.incompleteBeta(0.5, 2, 3), 0.6875, tolerance: 1e-10))
        // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b.
        #expect(approx(Stats.incompleteBeta(0.3, 1, 1), 0.3, tolerance: 1e-10))
        #expect(approx(Stats.incompleteBeta(0.7, 3, 1), pow(0.7, 3), tolerance: 1e-10))
        #expect(approx(Stats.incompleteBeta(0.2, 1, 4), 1 - pow(0.8, 4), tolerance: 1e-10))
        // I_0.3(2, 5) = 1 − Σ_{j<2} C(6, j) 0.3^j 0.7^(6−j) = 1 − 0.7^6 − 6·0.3·0.7^5 = 0.579825.
        #expect(approx(Stats.incompleteBeta(0.3, 2, 5), 0.579825, tolerance: 1e-6))
    }

    @Test func incompleteBetaSymmetry() {
        for a in [0.5, 2.0, 7.5, 40.0] {
            #expect(approx(Stats.incompleteBeta(0.5, a, a), 0.5, tolerance: 1e-10))
        }
        for (x, a, b) in [(0.2, 2.5, 7.0), (0.9, 30.0, 4.0), (0.6, 0.7, 0.4)] {
            let lhs = Stats.incompleteBeta(x, a, b)
            let rhs = 1 - Stats.incompleteBeta(1 - x, b, a)
            #expect(approx(lhs, rhs, tolerance: 1e-10))
        }
    }

    @Test func betaCDFEdges() {
        #expect(Stats.betaCDF(0, 2, 3) == 0)
        #expect(Stats.betaCDF(-1, 2, 3) == 0)
        #expect(Stats.betaCDF(1, 2, 3) == 1)
        #expect(Stats.betaCDF(0.5, 0, 3).isNaN)
        // Beta(2, 2) at 0.25: 3x² − 2x³ = 0.15625.
        #expect(approx(Stats.betaCDF(0.25, 2, 2), 0.15625, tolerance: 1e-10))
    }

    // MARK: - Beta prior

    /// A Beta(a, b) draw for whole a, b: the a-th smallest of a + b − 1 uniforms.
    static func betaDraw(_ a: Int, _ b: Int, _ rng: inout SeededRandom) -> Double {
        var values = (0..<(a + b - 1)).map { _ in rng.uniform() }
        values.sort()
        return values[a - 1]
    }

    @Test func betaPriorRecoversSimulatedBeta() {
        // 3000 learners with rates from Beta(6, 4) (mean 0.6, strength 10), 10–50 answers each.
        var rng = SeededRandom(seed: 20_240_611)
        var groups: [(k: Int, n: Int)] = []
        for _ in 0..<3000 {
            let rate = Self.betaDraw(6, 4, &rng)
            let n = 10 + Int(rng.next() % 41)
            let k = (0..<n).reduce(0) { count, _ in count + (rng.uniform() < rate ? 1 : 0) }
            groups.append((k: k, n: n))
        }
        let prior = Stats.betaPrior(groups)
        let strength = prior.a + prior.b
        #expect(abs(prior.a / strength - 0.6) < 0.01)
        #expect(abs(strength - 10) < 1.5)
    }

    @Test func betaPriorNoExcessVarianceFallsBack() {
        // Every learner at exactly 70%: less spread than binomial noise alone → pooled mean, strength 20.
        let groups = Array(repeating: (k: 7, n: 10), count: 50)
        let prior = Stats.betaPrior(groups)
        #expect(approx(prior.a, 14, tolerance: 1e-9))
        #expect(approx(prior.b, 6, tolerance: 1e-9))
    }

    @Test func betaPriorFewGroupsFallsBack() {
        let one = Stats.betaPrior([(k: 3, n: 4)], fallbackStrength: 8)
        #expect(approx(one.a, 6, tolerance: 1e-9))
        #expect(approx(one.b, 2, tolerance: 1e-9))
        let none = Stats.betaPrior([])
        #expect(approx(none.a, 10, tolerance: 1e-9))
        #expect(approx(none.b, 10, tolerance: 1e-9))
        // All correct: a and b stay positive.
        let perfect = Stats.betaPrior([(k: 5, n: 5), (k: 9, n: 9)])
        #expect(perfect.a > 0 && perfect.b > 0)
    }

    @Test func betaPriorStrengthClamped() {
        // Half the learners always right, half always wrong: huge spread → strength clamped to 2.
        let groups = Array(repeating: (k: 20, n: 20), count: 10) + Array(repeating: (k: 0, n: 20), count: 10)
        let prior = Stats.betaPrior(groups)
        #expect(approx(prior.a + prior.b, 2, tolerance: 1e-9))
        #expect(approx(prior.a, 1, tolerance: 1e-9))
    }

    // MARK: - Correlation and slope

    @Test func pearsonBasics() {
        #expect(approx(Stats.pearson([1, 2, 3, 4], [2, 4, 6, 8]), 1, tolerance: 1e-12))
        #expect(approx(Stats.pearson([1, 2, 3, 4], [8, 6, 4, 2]), -1, tolerance: 1e-12))
        // x = 1...5, y = [2, 1, 4, 3, 5]: Sxy = 8, Sxx = Syy = 10 → 0.8.
        #expect(approx(Stats.pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]), 0.8, tolerance: 1e-12))
        #expect(Stats.pearson([1, 2, 3], [5, 5, 5]) == nil)
        #expect(Stats.pearson([1], [2]) == nil)
        #expect(Stats.pearson([1, 2], [1, 2, 3]) == nil)
    }

    @Test func slopeBasics() {
        // y = 3 + 2x exactly: slope 2 whatever the weights.
        let x = [0.0, 1, 2, 3]
        let y = x.map { 3 + 2 * $0 }
        #expect(approx(Stats.slope(x: x, y: y, weights: [1, 5, 2, 9]), 2, tolerance: 1e-12))
        // Weighted: x = [0, 1, 2], y = [0, 2, 1], w = [1, 1, 2]: x̄ = 1.25, ȳ = 1,
        // Sxy = (−1.25)(−1) + (−0.25)(1) + 2(0.75)(0) = 1, Sxx = 1.5625 + 0.0625 + 1.125 = 2.75 → 0.3636.
        #expect(approx(Stats.slope(x: [0, 1, 2], y: [0, 2, 1], weights: [1, 1, 2]), 1 / 2.75, tolerance: 1e-12))
        #expect(Stats.slope(x: [2, 2, 2], y: [1, 2, 3], weights: [1, 1, 1]) == nil)
        // A zero weight removes a point, leaving one distinct x.
        #expect(Stats.slope(x: [1, 2], y: [1, 2], weights: [1, 0]) == nil)
    }

    /// Student's t upper tail against tabled critical values and scipy.stats.t.sf.
    @Test func studentTUpperTail() {
        #expect(abs(Stats.studentTUpper(2.015048373, df: 5) - 0.05) < 1e-8)
        #expect(abs(Stats.studentTUpper(1.812461123, df: 10) - 0.05) < 1e-8)
        #expect(abs(Stats.studentTUpper(12.70620474, df: 1) - 0.025) < 1e-8)
        #expect(abs(Stats.studentTUpper(2.5, df: 3.7) - 0.03591101145591339) < 1e-9)
        #expect(abs(Stats.studentTUpper(-2.5, df: 3.7) - (1 - 0.03591101145591339)) < 1e-9)
        #expect(Stats.studentTUpper(0, df: 4) == 0.5)
    }

    /// Welch's one-sided t-test against scipy.stats.ttest_ind(a, b, equal_var=False,
    /// alternative="greater"): t 3.19787, df 6.64428, p 0.0081080.
    @Test func welchAgainstScipy() {
        let a = [3.1, 2.4, 5.0, 4.2, 3.3, 4.8], b = [2.0, 2.5, 1.9, 3.1, 2.2, 2.8, 2.6, 1.7]
        let p = Stats.welchGreater(count: a.count, sum: a.reduce(0, +), sumOfSquares: a.reduce(0) { $0 + $1 * $1 },
                                   than: b.count, sum: b.reduce(0, +), sumOfSquares: b.reduce(0) { $0 + $1 * $1 })
        #expect(abs(p - 0.008107978283475691) < 1e-9)
        // Too few values on a side: nothing to test.
        #expect(Stats.welchGreater(count: 1, sum: 9, sumOfSquares: 81, than: 3, sum: 3, sumOfSquares: 5) == 1)
    }
}
