import Foundation
import Testing
import Insights

@Suite struct ItemStatisticsTests {

    // MARK: - Hand-worked example

    /// Six respondents.
    ///   item  f = [1, 1, 0, 1, 0, 0]      rest r = [8, 6, 7, 5, 3, 1]
    /// Facility: mean f = 3/6 = 0.5 → 50.
    /// SD: deviations ±0.5, Σd² = 6·0.25 = 1.5, variance 1.5/5 = 0.3, SD √0.3 = 0.547723 → 54.772.
    /// Rest: mean 30/6 = 5, deviations [3, 1, 2, 0, −2, −4], Σd² = 34, variance 6.8.
    /// Covariance: Σ (f − 0.5)(r − 5) = 0.5·3 + 0.5·1 − 0.5·2 + 0.5·0 − 0.5·(−2) − 0.5·(−4) = 4, / 5 = 0.8.
    /// Discrimination: 100 · 0.8 / √(0.3 · 6.8) = 80 / √2.04 = 56.011.
    /// Maximum covariance: sorted f = [0, 0, 0, 1, 1, 1], sorted r = [1, 3, 5, 6, 7, 8],
    ///   Σ = −0.5·(−4 − 2 + 0) + 0.5·(1 + 2 + 3) = 3 + 3 = 6, / 5 = 1.2.
    /// Efficiency: 100 · 0.8 / 1.2 = 66.667.
    static let item: [Double] = [1, 1, 0, 1, 0, 0]
    static let rest: [Double] = [8, 6, 7, 5, 3, 1]

    @Test func handWorkedExample() {
        let s = ItemStatistics.compute(itemScores: Self.item, restScores: Self.rest)
        #expect(s.n == 6)
        #expect(approx(s.facility, 50))
        #expect(approx(s.standardDeviation, 54.772))
        #expect(approx(s.discrimination, 56.011))
        #expect(approx(s.discriminativeEfficiency, 66.667))
    }

    @Test func maxMarkDoesNotChangePercentages() {
        let s = ItemStatistics.compute(itemScores: Self.item, restScores: Self.rest, maxMark: 2)
        #expect(approx(s.facility, 50))
        #expect(approx(s.standardDeviation, 54.772))
        #expect(approx(s.discrimination, 56.011))
        #expect(approx(s.discriminativeEfficiency, 66.667))
    }

    @Test func reversedItemDiscriminatesNegatively() {
        // Flipping the item (1 − f) flips the sign of the covariance; the maximum stays 1.2.
        let flipped = Self.item.map { 1 - $0 }
        let s = ItemStatistics.compute(itemScores: flipped, restScores: Self.rest)
        #expect(approx(s.facility, 50))
        #expect(approx(s.discrimination, -56.011))
        #expect(approx(s.discriminativeEfficiency, -66.667))
    }

    @Test func perfectlyOrderedItemIsFullyEfficient() {
        // The item ranks respondents exactly as the rest does: covariance equals its maximum.
        let s = ItemStatistics.compute(itemScores: [0, 0, 0.5, 1], restScores: [1, 2, 3, 4])
        #expect(approx(s.facility, 37.5))
        #expect(approx(s.discriminativeEfficiency, 100))
    }

    // MARK: - Degenerate items

    @Test func everyoneRight() {
        let s = ItemStatistics.compute(itemScores: [1, 1, 1, 1], restScores: [3, 2, 5, 1])
        #expect(s.n == 4)
        #expect(approx(s.facility, 100))
        #expect(s.standardDeviation == 0)
        #expect(s.discrimination == nil)
        #expect(s.discriminativeEfficiency == nil)
    }

    @Test func constantRestAndTinySamples() {
        let flatRest = ItemStatistics.compute(itemScores: [1, 0, 1], restScores: [4, 4, 4])
        #expect(flatRest.discrimination == nil)
        #expect(flatRest.discriminativeEfficiency == nil)
        #expect(approx(flatRest.facility, 66.667))

        let one = ItemStatistics.compute(itemScores: [0.5], restScores: [3])
        #expect(one.n == 1)
        #expect(approx(one.facility, 50))
        #expect(one.standardDeviation == 0)
        #expect(one.discrimination == nil)

        let none = ItemStatistics.compute(itemScores: [], restScores: [])
        #expect(none.n == 0)
        #expect(none.facility == 0)
        #expect(none.discrimination == nil)
    }

    @Test func codableRoundTrip() throws {
        let s = ItemStatistics.compute(itemScores: Self.item, restScores: Self.rest)
        let decoded = try JSONDecoder().decode(ItemStatistics.self, from: JSONEncoder().encode(s))
        #expect(decoded == s)
    }
}
