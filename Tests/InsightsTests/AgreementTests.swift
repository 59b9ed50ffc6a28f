import Foundation
import Testing
import Insights

@Suite struct AgreementTests {

    // MARK: - Krippendorff's alpha

    /// The example from the `krippendorff` PyPI package (and Wikipedia): 3 coders × 15 units,
    /// "*" missing.
    ///   A: *  *  *  *  *  3  4  1  2  1  1  3  3  *  3
    ///   B: 1  *  2  1  3  3  4  3  *  *  *  *  *  *  *
    ///   C: *  *  2  1  3  4  4  *  2  1  1  3  3  *  4
    /// Each unit lists the values it received (coder order does not matter).
    static let units: [[Int]] = [
        [1],
        [],
        [2, 2],
        [1, 1],
        [3, 3],
        [3, 3, 4],
        [4, 4, 4],
        [1, 3],
        [2, 2],
        [1, 1],
        [1, 1],
        [3, 3],
        [3, 3],
        [],
        [3, 4],
    ]

    @Test func krippendorffNominalPackageExample() {
        #expect(approx(Agreement.krippendorffAlphaNominal(Self.units), 0.691))
    }

    @Test func krippendorffNominalFromCountsMatches() {
        let counts = Self.units.map { unit in (1...4).map { c in unit.filter { $0 == c }.count } }
        #expect(approx(Agreement.krippendorffAlphaNominal(counts: counts), 0.691))
        #expect(Agreement.krippendorffAlphaNominal(counts: [[1, 0], [0, 1]]) == nil)
    }

    @Test func krippendorffIntervalPackageExample() {
        let numeric = Self.units.map { $0.map(Double.init) }
        #expect(approx(Agreement.krippendorffAlphaInterval(numeric), 0.811))
    }

    @Test func krippendorffWorksWithLabels() {
        let labels = Self.units.map { $0.map { ["remove", "restrict", "allow", "escalate"][$0 - 1] } }
        #expect(approx(Agreement.krippendorffAlphaNominal(labels), 0.691))
    }

    @Test func krippendorffUndefinedCases() {
        // No unit has two values.
        #expect(Agreement.krippendorffAlphaNominal([[1], [2], []]) == nil)
        // Everyone always says the same thing: no expected disagreement.
        #expect(Agreement.krippendorffAlphaNominal([["a", "a"], ["a", "a", "a"]]) == nil)
        #expect(Agreement.krippendorffAlphaInterval([[2, 2], [2, 2]]) == nil)
        // Perfect agreement with variety is 1.
        #expect(approx(Agreement.krippendorffAlphaNominal([["a", "a"], ["b", "b"]]), 1, tolerance: 1e-12))
        // NaN counts as missing: this equals the example above.
        let withNaN = Self.units.map { $0.map(Double.init) + [Double.nan] }
        #expect(approx(Agreement.krippendorffAlphaInterval(withNaN), 0.811))
    }

    // MARK: - Cohen's kappa

    @Test func cohenKappaTwoByTwo() {
        // p_o = 35/50 = 0.7; p_e = (25·30 + 25·20)/2500 = 0.5; κ = 0.2/0.5 = 0.4.
        #expect(approx(Agreement.cohenKappa([[20, 5], [10, 15]]), 0.4))
    }

    @Test func cohenKappaUndefined() {
        #expect(Agreement.cohenKappa([[10, 0], [0, 0]]) == nil)
        #expect(Agreement.cohenKappa([[1, 2]]) == nil)
        #expect(Agreement.cohenKappa([]) == nil)
        #expect(approx(Agreement.cohenKappa([[7, 0], [0, 3]]), 1, tolerance: 1e-12))
    }

    // MARK: - Fleiss' kappa

    @Test func fleissKappaWikipediaExample() {
        // 10 subjects, 14 raters each, 5 categories (Wikipedia, "Fleiss' kappa", worked example):
        // column totals 20, 28, 39, 21, 32 → P̄ = 0.378, P̄_e = 0.213, κ = 0.210.
        let table = [
            [0, 0, 0, 0, 14],
            [0, 2, 6, 4, 2],
            [0, 0, 3, 5, 6],
            [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0],
            [3, 2, 6, 3, 0],
            [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0],
            [0, 2, 2, 3, 7],
        ]
        #expect(approx(Agreement.fleissKappa(table), 0.210))
    }

    @Test func fleissKappaVaryingRaters() {
        // Subject 1: 3 raters [2, 1] → P = 2/6; subject 2: 2 raters [0, 2] → P = 1;
        // subject 3: a single rater, skipped for P but counted in p_j.
        // P̄ = (1/3 + 1)/2 = 2/3; p = [3/6, 3/6] → P_e = 0.5; κ = (2/3 − 0.5)/0.5 = 1/3.
        #expect(approx(Agreement.fleissKappa([[2, 1], [0, 2], [1, 0]]), 1.0 / 3.0))
    }

    @Test func fleissKappaUndefined() {
        #expect(Agreement.fleissKappa([]) == nil)
        #expect(Agreement.fleissKappa([[1, 0], [0, 1]]) == nil)
        #expect(Agreement.fleissKappa([[3, 0], [4, 0]]) == nil)
    }

    // MARK: - Pair agreement

    @Test func pairAgreementBasics() {
        // [3, 1]: agreeing ordered pairs 3·2 = 6 of 4·3 = 12 → 0.5.
        #expect(approx(Agreement.pairAgreement([3, 1]), 0.5, tolerance: 1e-12))
        #expect(approx(Agreement.pairAgreement([0, 5, 0]), 1, tolerance: 1e-12))
        #expect(approx(Agreement.pairAgreement([1, 1, 1]), 0, tolerance: 1e-12))
        #expect(Agreement.pairAgreement([1, 0]) == nil)
        #expect(Agreement.pairAgreement([]) == nil)
    }
}
