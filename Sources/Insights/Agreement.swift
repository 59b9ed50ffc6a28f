import Foundation

// MARK: - Agreement

/// Chance-corrected agreement between reviewers who label the same cases.
///
/// For a trainer: these coefficients answer "do our reviewers apply the policy the same
/// way?" 1 means perfect agreement, 0 means no better than labelling at random with the
/// same label frequencies, and negative values mean systematic disagreement. As a rough
/// guide, values below about 0.67 suggest the policy or the case is ambiguous enough that
/// the "correct" answer in a quiz question may itself be contested.
public enum Agreement {

    // MARK: - Krippendorff's alpha

    /// Krippendorff's alpha, nominal metric. `units[u]` lists the values coders gave unit u (missing values simply omitted). Units with fewer than 2 values are not pairable and ignored. nil when fewer than 2 pairable values or expected disagreement is 0.
    ///
    /// For a trainer: use this for label decisions (e.g. "remove", "restrict", "allow"),
    /// where any two different labels count as an equally serious disagreement. It copes
    /// with reviewers who skipped some cases.
    public static func krippendorffAlphaNominal<T: Hashable>(_ units: [[T]]) -> Double? {
        let pairable = units.filter { $0.count >= 2 }
        // Observed: within each unit, ordered pairs of different values, weighted 1/(m_u − 1).
        var observed = 0.0
        var totals: [T: Int] = [:]
        var valueCount = 0
        for unit in pairable {
            var counts: [T: Int] = [:]
            for value in unit { counts[value, default: 0] += 1 }
            let m = unit.count
            let agreeingPairs = counts.values.reduce(0) { $0 + $1 * ($1 - 1) }
            let disagreeingPairs = m * (m - 1) - agreeingPairs
            observed += Double(disagreeingPairs) / Double(m - 1)
            for (value, count) in counts { totals[value, default: 0] += count }
            valueCount += m
        }
        guard valueCount >= 2 else { return nil }
        let n = Double(valueCount)
        // Expected: ordered pairs of different values among all pairable values.
        let sameValuePairs = totals.values.reduce(0.0) { $0 + Double($1) * Double($1 - 1) }
        let expected = n * (n - 1) - sameValuePairs
        guard expected > 0 else { return nil }
        // α = 1 − D_o / D_e with D_o = observed / n and D_e = expected / (n (n − 1)).
        return 1 - (n - 1) * observed / expected
    }

    /// Krippendorff's alpha, nominal metric, from per-unit category counts (`counts[u][c]` =
    /// coders who put unit u in category c): the same value as the list form, computed in one
    /// pass over the counts, for calibration over millions of answers.
    public static func krippendorffAlphaNominal(counts: [[Int]]) -> Double? {
        var diagonal = 0.0, total = 0.0
        var byCategory: [Double] = []
        for unit in counts {
            let m = unit.reduce(0) { $0 + max(0, $1) }
            guard m >= 2 else { continue }
            if byCategory.count < unit.count { byCategory += [Double](repeating: 0, count: unit.count - byCategory.count) }
            for (c, n) in unit.enumerated() where n > 0 {
                diagonal += Double(n * (n - 1)) / Double(m - 1)
                byCategory[c] += Double(n)
                total += Double(n)
            }
        }
        guard total >= 2 else { return nil }
        let expected = total * total - byCategory.reduce(0) { $0 + $1 * $1 }
        guard expected > 0 else { return nil }
        return 1 - (total - 1) * (total - diagonal) / expected
    }

    /// Krippendorff's alpha, interval metric (squared difference).
    ///
    /// For a trainer: use this for numeric ratings (e.g. a 1–5 severity score), where
    /// rating 4 against 5 is a smaller disagreement than 1 against 5. Non-finite values are
    /// treated as missing. Same pairability rules and nil cases as the nominal version.
    public static func krippendorffAlphaInterval(_ units: [[Double]]) -> Double? {
        let pairable = units.map { $0.filter(\.isFinite) }.filter { $0.count >= 2 }
        var observed = 0.0
        var all: [Double] = []
        for unit in pairable {
            observed += sumOfSquaredPairDifferences(unit) / Double(unit.count - 1)
            all.append(contentsOf: unit)
        }
        guard all.count >= 2 else { return nil }
        let n = Double(all.count)
        let expected = sumOfSquaredPairDifferences(all)
        guard expected > 0, !Stats.isConstant(all) else { return nil }
        return 1 - (n - 1) * observed / expected
    }

    // MARK: - Kappa statistics

    /// Fleiss' kappa from a subjects × categories count table (counts[i][j] = raters who put subject i in category j). Subjects may have different numbers of raters (P_i uses each subject's own n_i; subjects with n_i < 2 are skipped; p_j from all assignments). nil when undefined.
    ///
    /// For a trainer: the agreement of a whole panel of reviewers on a set of cases, where
    /// different cases may have been seen by different reviewers. Rows may be ragged
    /// (missing cells count as 0) and negative counts are treated as 0. nil when no subject
    /// has 2 raters or when all assignments fall in one category (chance agreement is 1).
    public static func fleissKappa(_ counts: [[Int]]) -> Double? {
        let table = counts.map { row in row.map { max($0, 0) } }
        let categoryCount = table.map(\.count).max() ?? 0
        guard categoryCount > 0 else { return nil }
        var categoryTotals = [Int](repeating: 0, count: categoryCount)
        var agreementSum = 0.0
        var ratedSubjects = 0
        for row in table {
            for (j, count) in row.enumerated() { categoryTotals[j] += count }
            let raters = row.reduce(0, +)
            guard raters >= 2 else { continue }
            let agreeingPairs = row.reduce(0) { $0 + $1 * ($1 - 1) }
            agreementSum += Double(agreeingPairs) / Double(raters * (raters - 1))
            ratedSubjects += 1
        }
        let assignments = categoryTotals.reduce(0, +)
        guard ratedSubjects > 0, assignments > 0 else { return nil }
        let observed = agreementSum / Double(ratedSubjects)
        let chance = categoryTotals.reduce(0.0) { sum, total in
            let share = Double(total) / Double(assignments)
            return sum + share * share
        }
        guard chance < 1 else { return nil }
        return (observed - chance) / (1 - chance)
    }

    /// Cohen's kappa from a square confusion table of two raters. nil when expected agreement is 1.
    ///
    /// For a trainer: agreement between exactly two reviewers (or a reviewer and the answer
    /// key) over the same cases; `table[i][j]` counts cases rater 1 put in category i and
    /// rater 2 in category j. Also nil for an empty or non-square table; negative counts are
    /// treated as 0.
    public static func cohenKappa(_ table: [[Int]]) -> Double? {
        let size = table.count
        guard size > 0, table.allSatisfy({ $0.count == size }) else { return nil }
        let cells = table.map { row in row.map { Double(max($0, 0)) } }
        let total = cells.reduce(0.0) { $0 + $1.reduce(0, +) }
        guard total > 0 else { return nil }
        var diagonal = 0.0
        var chance = 0.0
        for i in 0..<size {
            diagonal += cells[i][i]
            let rowTotal = cells[i].reduce(0, +)
            let columnTotal = cells.reduce(0.0) { $0 + $1[i] }
            chance += rowTotal * columnTotal
        }
        let observed = diagonal / total
        let expected = chance / (total * total)
        guard expected < 1 else { return nil }
        return (observed - expected) / (1 - expected)
    }

    // MARK: - Per-unit agreement

    /// Share of agreeing pairs among all rater pairs for one unit, from its category counts; nil with < 2 raters.
    ///
    /// For a trainer: for a single case, the chance that two reviewers picked at random gave
    /// the same label; low values point at the individual cases that split the panel.
    /// Negative counts are treated as 0.
    public static func pairAgreement(_ counts: [Int]) -> Double? {
        let cleaned = counts.map { max($0, 0) }
        let raters = cleaned.reduce(0, +)
        guard raters >= 2 else { return nil }
        let agreeingPairs = cleaned.reduce(0) { $0 + $1 * ($1 - 1) }
        return Double(agreeingPairs) / Double(raters * (raters - 1))
    }

    // MARK: - Helpers

    /// Σ over ordered pairs i ≠ j of (v_i − v_j)², computed as 2 m Σ (v − mean)².
    private static func sumOfSquaredPairDifferences(_ values: [Double]) -> Double {
        guard values.count >= 2 else { return 0 }
        let m = Double(values.count)
        let mean = values.reduce(0, +) / m
        let squares = values.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) }
        return 2 * m * squares
    }
}
