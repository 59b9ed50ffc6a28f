import CivilDate
import Foundation
import Records

// Top error trends of the production QA digest: SOP sections and policy codes whose
// production error rate rose significantly in the latest week, against the week before and
// against the trailing four weeks. Each comparison is an exact conditional test of two
// Poisson rates (errors per audited decision), which allows for volume: a rise from 1 of 10
// to 3 of 12 is not significant, one from 100 of 1,000 to 300 of 1,200 is. Benjamini-Hochberg
// controls the false discovery rate over every comparison of every section and code tested.

/// Thresholds of the trend and root-cause analysis; the defaults are documented in the README.
public struct QATrendOptions: Sendable, Hashable {
    /// False discovery rate (Benjamini-Hochberg) over all trend comparisons, and over all
    /// slice comparisons of the root-cause analysis.
    public var falseDiscoveryRate = 0.05
    /// Weeks before the latest one that make its trailing baseline.
    public var trailingWeeks = 4
    /// A comparison is tested only when the latest week and its baseline hold at least this
    /// many errors between them. The test is conditional on that total, so leaving out the
    /// comparisons with too few errors to ever reach significance keeps the FDR control valid.
    public var minErrors = 5
    /// Weeks of history in each trend line.
    public var seriesWeeks = 8
    /// A section (or a slice of one) counts as elevated when its error rate over the whole
    /// scope exceeds the rest's by at least this much (absolute) and significantly.
    public var minExcess = 0.05
    /// Root causes: a section's reviewer agreement counts from this many double audits.
    public var minDoubleAudits = 10
    /// Root causes: agreement (Krippendorff's alpha) below this is low: 0.667 is
    /// Krippendorff's lowest level for tentative conclusions.
    public var lowAgreement = 0.667
    /// Root causes: the audited moderators need this many quiz answers in the section to say
    /// whether they pass it in quizzes.
    public var minQuizAnswers = 20
    /// Root causes: a quiz error rate this much (absolute) above the same moderators' rate on
    /// their other sections is a knowledge gap (as the gap report's `minExcess`).
    public var quizExcess = 0.10
    /// Root causes: significance level of the per-section tests (quiz, SOP change), Bonferroni-split
    /// over the versions tested for one section.
    public var alpha = 0.05
    /// Root causes: days on either side of a version's effective date that are compared.
    public var changeWindowDays = 28

    /// The defaults.
    public init() {}
}

/// Audited decisions, errors and harm-weighted errors of one group.
public struct QACounts: Sendable, Hashable, Codable {
    public var audits = 0
    public var errors = 0
    /// Errors weighted by harm (low 1 ... critical 4).
    public var weightedErrors = 0

    /// No audits.
    public init() {}
    /// These counts.
    public init(audits: Int, errors: Int, weightedErrors: Int) { self.audits = audits; self.errors = errors; self.weightedErrors = weightedErrors }

    static func + (a: QACounts, b: QACounts) -> QACounts {
        QACounts(audits: a.audits + b.audits, errors: a.errors + b.errors, weightedErrors: a.weightedErrors + b.weightedErrors)
    }
    var rate: Double { audits == 0 ? 0 : Double(errors) / Double(audits) }
    mutating func add(_ c: QACounts) { audits += c.audits; errors += c.errors; weightedErrors += c.weightedErrors }
}

/// A section (`sop-id#anchor`) or policy code.
public struct QAUnit: Sendable, Hashable, Comparable {
    /// `section` or `code`.
    public var level: String
    public var key: String
    /// A unit.
    public init(level: String, key: String) { self.level = level; self.key = key }
    public static func < (a: QAUnit, b: QAUnit) -> Bool { (a.level == "section" ? 0 : 1, a.key) < (b.level == "section" ? 0 : 1, b.key) }
}

/// Production counts per section and per code per UTC day: what trends and root causes read.
public struct QADailyCounts: Sendable {
    /// Unit -> day (days since 1970-01-01) -> counts.
    public private(set) var units: [QAUnit: [Int: QACounts]] = [:]
    /// Counts over the whole scope per slice of a section: `team`, `vendor` or `market`.
    public private(set) var slices: [QASlice: QACounts] = [:]

    /// No counts.
    public init() {}

    /// Adds one audited decision.
    public mutating func add(_ unit: QAUnit, day: Int, error: Bool, harm: Int) {
        add(unit, day: day, QACounts(audits: 1, errors: error ? 1 : 0, weightedErrors: error ? harm : 0))
    }

    /// Adds one audited decision to the slices of its section.
    public mutating func add(section: String, team: String, vendor: String, market: String, error: Bool, harm: Int) {
        let c = QACounts(audits: 1, errors: error ? 1 : 0, weightedErrors: error ? harm : 0)
        for (dimension, value) in [("team", team), ("vendor", vendor), ("market", market)] where !value.isEmpty {
            add(QASlice(section: section, dimension: dimension, value: value), c)
        }
    }

    /// Adds counts to a slice.
    public mutating func add(_ slice: QASlice, _ c: QACounts) { slices[slice, default: QACounts()].add(c) }

    /// Adds counts.
    public mutating func add(_ unit: QAUnit, day: Int, _ c: QACounts) {
        units[unit, default: [:]][day, default: QACounts()].add(c)
    }

    /// The counts of `unit` on days in `range` (half-open).
    func total(_ unit: QAUnit, days range: Range<Int>) -> QACounts {
        var c = QACounts()
        for (day, v) in units[unit] ?? [:] where range.contains(day) { c = c + v }
        return c
    }

    /// The Monday starting the ISO week of `day`.
    static func monday(_ day: Int) -> Int { day - (CivilDate(days: day).weekday - 1) }

    /// `2026-W48` for the week starting on the Monday `day`.
    static func weekName(_ monday: Int) -> String {
        let w = CivilDate(days: monday).isoWeek
        return String(format: "%04d-W%02d", w.year, w.week)
    }

    /// Reads the counts of the stored audits that pass `filter`: from their tallies, or with
    /// one streaming scan of the audits (`reading: .rows`).
    static func read(records: Records, filter: AuditFilter, reading: AuditReading = .tallies) throws(RecordsError) -> QADailyCounts {
        let labels = try records.auditLabels()
        var parts: [LabelTally] = []
        switch reading {
        case .tallies:
            var tally = LabelTally()
            try records.forEachAuditTally(filter, kind: .sectionCode) { tally.add(tally: $0) }
            parts = [tally]
        case .rows:
            parts = try records.scanAudits(filter, initial: LabelTally()) { acc, row in acc.add(row) }
        }
        var merged: [Int: QACounts] = [:], mergedSlices: [Int: QACounts] = [:]
        for p in parts {
            for (k, v) in p.cells { merged[k] = (merged[k] ?? QACounts()) + v }
            for (k, v) in p.slices { mergedSlices[k] = (mergedSlices[k] ?? QACounts()) + v }
        }
        var out = QADailyCounts()
        for (packed, counts) in mergedSlices {
            let dimension = ["team", "vendor", "market"][packed >> 60]
            guard let section = labels[(packed >> 30) & 0x3FFF_FFFF]?.value, let value = labels[packed & 0x3FFF_FFFF]?.value else { continue }
            out.add(QASlice(section: section, dimension: dimension, value: value), counts)
        }
        for (packed, counts) in merged {
            let level = packed >> 56 == 0 ? "section" : "code"
            let label = (packed >> 24) & 0xFFFF_FFFF
            guard label != 0, let name = labels[label]?.value else { continue }
            out.add(QAUnit(level: level, key: name), day: packed & 0xFF_FFFF, counts)
        }
        return out
    }

    /// Counts by (level, label id, day) packed into one integer, as the scan folds rows.
    struct LabelTally: Sendable {
        var cells: [Int: QACounts] = [:]
        /// (dimension, section label, slice label) packed -> counts.
        var slices: [Int: QACounts] = [:]
        mutating func add(_ r: AuditRow) {
            let error = r.outcome != 0
            let c = QACounts(audits: 1, errors: error ? 1 : 0, weightedErrors: error ? r.harm : 0)
            let day = r.day & 0xFF_FFFF
            if r.section != 0 { cells[(r.section << 24) | day, default: QACounts()].add(c) }
            if r.code != 0 { cells[(1 << 56) | (r.code << 24) | day, default: QACounts()].add(c) }
            guard r.section != 0 else { return }
            // Unrolled: no array per row on a path that runs ten million times.
            if r.team != 0 { slices[(r.section << 30) | r.team, default: QACounts()].add(c) }
            if r.vendor != 0 { slices[(1 << 60) | (r.section << 30) | r.vendor, default: QACounts()].add(c) }
            if r.market != 0 { slices[(2 << 60) | (r.section << 30) | r.market, default: QACounts()].add(c) }
        }

        /// Adds a tally row of kind section/code: its audits, as `add` adds each.
        mutating func add(tally t: AuditTally) {
            let c = QACounts(audits: t.audits, errors: t.counts[1] + t.counts[2] + t.counts[3], weightedErrors: t.harms[1] + t.harms[2] + t.harms[3])
            let day = t.day & 0xFF_FFFF
            if t.a != 0 { cells[(t.a << 24) | day, default: QACounts()].add(c) }
            if t.b != 0 { cells[(1 << 56) | (t.b << 24) | day, default: QACounts()].add(c) }
            guard t.a != 0 else { return }
            if t.team != 0 { slices[(t.a << 30) | t.team, default: QACounts()].add(c) }
            if t.vendor != 0 { slices[(1 << 60) | (t.a << 30) | t.vendor, default: QACounts()].add(c) }
            if t.market != 0 { slices[(2 << 60) | (t.a << 30) | t.market, default: QACounts()].add(c) }
        }
    }
}

/// A team, vendor or market within one SOP section.
public struct QASlice: Sendable, Hashable, Comparable {
    public var section: String
    /// `team`, `vendor` or `market`.
    public var dimension: String
    public var value: String
    /// A slice.
    public init(section: String, dimension: String, value: String) { self.section = section; self.dimension = dimension; self.value = value }
    public static func < (a: QASlice, b: QASlice) -> Bool { (a.section, a.dimension, a.value) < (b.section, b.dimension, b.value) }
}

/// One week of a trend line.
public struct QAWeekRate: Sendable, Hashable, Codable {
    /// `2026-W48`.
    public var week: String
    public var audits: Int
    public var errors: Int
    public var errorRate: Double
}

/// The latest week set against one baseline.
public struct QATrendComparison: Sendable, Hashable, Codable {
    /// `previous-week` or `trailing-4-weeks`.
    public var baseline: String
    /// The baseline's weeks: `2026-W47`, or `2026-W43…2026-W46`.
    public var weeks: String
    public var audits: Int
    public var errors: Int
    public var weightedErrors: Int
    public var errorRate: Double
    /// One-sided p-value of the exact conditional test (latest week's rate above the baseline's).
    public var p: Double
    /// Benjamini-Hochberg adjusted p-value over every comparison tested.
    public var q: Double
    public var flagged: Bool
    /// Errors in the latest week above what the baseline rate predicts for its audits, raw and harm-weighted.
    public var excessErrors: Double
    public var weightedExcess: Double
}

/// A section or code whose error rate rose significantly in the latest week.
public struct QATrend: Sendable, Hashable, Codable {
    /// `section` or `code`.
    public var level: String
    public var key: String
    public var title: String
    public var url: String
    /// The latest week and its figures.
    public var week: String
    public var audits: Int
    public var errors: Int
    public var weightedErrors: Int
    public var errorRate: Double
    public var interval: Interval
    /// The comparisons tested (previous week, trailing weeks), whether or not each is flagged.
    public var comparisons: [QATrendComparison]
    /// The largest harm-weighted excess among the flagged comparisons: what the list is ranked by.
    public var weightedExcess: Double
    /// The weekly error rates up to the latest week, oldest first.
    public var series: [QAWeekRate]
}

/// The top error trends.
public struct QATrends: Sendable, Hashable, Codable {
    /// The latest ISO week with audits in scope, nil when none.
    public var week: String?
    public var falseDiscoveryRate: Double
    /// Comparisons tested (the Benjamini-Hochberg family).
    public var tests: Int
    /// Sections and codes with a significant rise, most harm-weighted excess errors first
    /// (ties: sections before codes, then by key).
    public var rising: [QATrend]
}

extension Stats {
    /// One-sided exact conditional test that `x1` events over exposure `n1` is a higher rate
    /// than `x0` over `n0` (Poisson rates): given the `x0 + x1` events, the first group's
    /// count is Binomial(x0 + x1, n1 / (n0 + n1)) when the rates are equal; the p-value is
    /// P(X >= x1) = I_π(x1, x0 + 1). Exact for any volume; 1 when x1 is 0.
    public static func rateGreater(_ x1: Int, _ n1: Int, than x0: Int, _ n0: Int) -> Double {
        guard x1 > 0, n1 > 0, n0 > 0, x0 >= 0 else { return 1 }
        let share = Double(n1) / Double(n0 + n1)
        let p = incompleteBeta(share, Double(x1), Double(x0 + 1))
        return p.isFinite ? min(max(p, 0), 1) : 1
    }
}

/// Computes the top error trends.
public enum QATrendAnalysis {
    /// The sections and codes of `counts` whose error rate rose significantly in the latest
    /// week; titles and links from `describe`.
    public static func trends(_ counts: QADailyCounts, options o: QATrendOptions = QATrendOptions(),
                              describe: (QAUnit) -> (title: String, url: String)) -> QATrends {
        let latestDay = counts.units.values.flatMap(\.keys).max()
        guard let latestDay else { return QATrends(week: nil, falseDiscoveryRate: o.falseDiscoveryRate, tests: 0, rising: []) }
        let current = QADailyCounts.monday(latestDay)
        let weekRange = current..<(current + 7)
        struct Test { var unit: QAUnit; var comparison: QATrendComparison }
        var tests: [Test] = []
        let baselines = [("previous-week", (current - 7)..<current, QADailyCounts.weekName(current - 7)),
                         ("trailing-\(o.trailingWeeks)-weeks", (current - 7 * o.trailingWeeks)..<current,
                          "\(QADailyCounts.weekName(current - 7 * o.trailingWeeks))…\(QADailyCounts.weekName(current - 7))")]
        for unit in counts.units.keys.sorted() {
            let now = counts.total(unit, days: weekRange)
            guard now.audits > 0 else { continue }
            for (name, range, weeks) in baselines {
                let base = counts.total(unit, days: range)
                guard base.audits > 0, now.errors + base.errors >= o.minErrors else { continue }
                let expected = Double(now.audits) * base.rate
                let expectedWeighted = Double(now.audits) * Double(base.weightedErrors) / Double(base.audits)
                tests.append(Test(unit: unit, comparison: QATrendComparison(
                    baseline: name, weeks: weeks, audits: base.audits, errors: base.errors, weightedErrors: base.weightedErrors,
                    errorRate: base.rate, p: Stats.rateGreater(now.errors, now.audits, than: base.errors, base.audits), q: 1, flagged: false,
                    excessErrors: Double(now.errors) - expected, weightedExcess: Double(now.weightedErrors) - expectedWeighted)))
            }
        }
        let q = Stats.benjaminiHochberg(tests.map(\.comparison.p))
        var byUnit: [QAUnit: [QATrendComparison]] = [:]
        for (i, t) in tests.enumerated() {
            var c = t.comparison
            c.q = q[i]
            c.flagged = q[i] <= o.falseDiscoveryRate && c.excessErrors > 0
            byUnit[t.unit, default: []].append(c)
        }
        var rising: [QATrend] = []
        for (unit, comparisons) in byUnit where comparisons.contains(where: \.flagged) {
            let now = counts.total(unit, days: weekRange)
            let (title, url) = describe(unit)
            let series = (0..<o.seriesWeeks).reversed().map { back -> QAWeekRate in
                let monday = current - 7 * back
                let c = counts.total(unit, days: monday..<(monday + 7))
                return QAWeekRate(week: QADailyCounts.weekName(monday), audits: c.audits, errors: c.errors, errorRate: c.rate)
            }
            rising.append(QATrend(level: unit.level, key: unit.key, title: title, url: url, week: QADailyCounts.weekName(current),
                                  audits: now.audits, errors: now.errors, weightedErrors: now.weightedErrors, errorRate: now.rate,
                                  interval: Stats.wilson(now.errors, now.audits), comparisons: comparisons,
                                  weightedExcess: comparisons.filter(\.flagged).map(\.weightedExcess).max() ?? 0, series: series))
        }
        rising.sort { a, b in
            if a.weightedExcess != b.weightedExcess { return a.weightedExcess > b.weightedExcess }
            return QAUnit(level: a.level, key: a.key) < QAUnit(level: b.level, key: b.key)
        }
        return QATrends(week: QADailyCounts.weekName(current), falseDiscoveryRate: o.falseDiscoveryRate, tests: tests.count, rising: rising)
    }
}
