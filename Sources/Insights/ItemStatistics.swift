import Foundation

// MARK: - ItemStatistics

/// Item statistics as Moodle's quiz statistics define them, for one question.
///
/// The definitions follow Moodle's question statistics calculator: each respondent's mark on
/// the question is set against their "rest of test" mark (the total of their other marks);
/// variances and covariances use n − 1; the maximum covariance pairs the sorted marks with
/// the sorted rest marks. Moodle's report highlights questions with a discriminative
/// efficiency below about 15% as possibly not pulling their weight.
public struct ItemStatistics: Sendable, Hashable, Codable {
    /// Respondents.
    ///
    /// Statistics from a handful of respondents swing widely; treat anything under about
    /// 20–30 respondents as a hint, not a verdict.
    public var n: Int
    /// Facility index: mean score as a percentage of the maximum (0...100).
    ///
    /// For a trainer: how easy the question was. Near 100 everyone gets it (it checks
    /// nothing); near 0 nobody does (the key may be wrong, or the policy is not being
    /// taught); values near the chance score of a multiple-choice question mean guessing.
    public var facility: Double
    /// Standard deviation of the score as a percentage of the maximum (sample SD, n - 1).
    ///
    /// For a trainer: how much respondents' results on this question differ. A question
    /// with SD 0 gave everyone the same score and so cannot tell anyone apart. 0 when
    /// there are fewer than 2 respondents.
    public var standardDeviation: Double
    /// Discrimination index: 100 × Pearson correlation between the item score and the rest-of-test score; nil when undefined.
    ///
    /// For a trainer: whether the moderators who do well on the rest of the quiz also do
    /// well on this question. Above about 30 is good; near 0 the question measures
    /// something unrelated; negative means the strongest moderators tend to get it wrong,
    /// which usually points at a wrong or ambiguous key or an outdated policy. nil when
    /// either score never varies or with fewer than 2 respondents.
    public var discrimination: Double?
    /// Discriminative efficiency: 100 × cov(item, rest) / the maximum covariance possible for these two score distributions (both sorted ascending and paired); nil when undefined.
    ///
    /// For a trainer: the discrimination index as a share of the best this question could
    /// achieve given how easy it is, so very easy or very hard questions are not penalised
    /// merely for their facility. Low values (under about 15) flag a question worth
    /// reviewing. nil when either score never varies or with fewer than 2 respondents.
    public var discriminativeEfficiency: Double?

    /// Creates statistics from already computed values.
    public init(n: Int, facility: Double, standardDeviation: Double, discrimination: Double?, discriminativeEfficiency: Double?) {
        self.n = n
        self.facility = facility
        self.standardDeviation = standardDeviation
        self.discrimination = discrimination
        self.discriminativeEfficiency = discriminativeEfficiency
    }

    /// Computes the statistics; `itemScores` and `restScores` are per respondent, item scores as fractions of `maxMark`.
    ///
    /// `itemScores[i]` is respondent i's score on this question as a fraction 0...1 of the
    /// question's maximum; `restScores[i]` is the same respondent's total on every other
    /// question (in any consistent unit). `maxMark` converts fractions to marks as Moodle does;
    /// since every output is a percentage or a ratio it does not change the results (a
    /// non-positive or non-finite `maxMark` is treated as 1). If the arrays differ in length,
    /// only the first `min(itemScores.count, restScores.count)` respondents are used.
    public static func compute(itemScores: [Double], restScores: [Double], maxMark: Double = 1) -> ItemStatistics {
        let count = min(itemScores.count, restScores.count)
        let scale = maxMark.isFinite && maxMark > 0 ? maxMark : 1
        let marks = itemScores.prefix(count).map { $0 * scale }
        let rest = Array(restScores.prefix(count))
        guard count > 0 else {
            return ItemStatistics(n: 0, facility: 0, standardDeviation: 0, discrimination: nil, discriminativeEfficiency: nil)
        }

        let size = Double(count)
        let markMean = marks.reduce(0, +) / size
        let facility = 100 * markMean / scale
        guard count >= 2 else {
            return ItemStatistics(n: count, facility: facility, standardDeviation: 0, discrimination: nil, discriminativeEfficiency: nil)
        }

        let restMean = rest.reduce(0, +) / size
        let markConstant = Stats.isConstant(marks)
        let restConstant = Stats.isConstant(rest)
        var markSquares = 0.0, restSquares = 0.0, products = 0.0
        for (mark, other) in zip(marks, rest) {
            let dm = mark - markMean
            let dr = other - restMean
            markSquares += dm * dm
            restSquares += dr * dr
            products += dm * dr
        }
        let markVariance = markConstant ? 0 : markSquares / (size - 1)
        let restVariance = restConstant ? 0 : restSquares / (size - 1)
        let covariance = products / (size - 1)
        let standardDeviation = 100 * markVariance.squareRoot() / scale

        guard !markConstant, !restConstant, markVariance > 0, restVariance > 0 else {
            return ItemStatistics(n: count, facility: facility, standardDeviation: standardDeviation, discrimination: nil, discriminativeEfficiency: nil)
        }
        let discrimination = 100 * covariance / (markVariance * restVariance).squareRoot()

        // The largest covariance these two sets of scores allow: pair them in the same order.
        let sortedProducts = zip(marks.sorted(), rest.sorted()).reduce(0.0) { sum, pair in
            sum + (pair.0 - markMean) * (pair.1 - restMean)
        }
        let maximumCovariance = sortedProducts / (size - 1)
        let efficiency: Double? = maximumCovariance > 0 ? 100 * covariance / maximumCovariance : nil

        return ItemStatistics(
            n: count,
            facility: facility,
            standardDeviation: standardDeviation,
            discrimination: min(max(discrimination, -100), 100),
            discriminativeEfficiency: efficiency
        )
    }
}
