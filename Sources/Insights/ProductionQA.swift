import CivilDate
import Foundation
import Handbook
import Quiz
import Records

// The production QA digest of `casebook qa report`: operational KPIs over the stored QA
// audits (accuracy and the error split by section, code, market, vendor, team, queue and
// week; QA reviewer agreement on double audits; appeal overturn rates). Each part of the
// report is its own struct, so later parts (top error trends, root causes) are added beside
// them without touching these.

/// The filters of a production QA report, echoed in the output.
public struct ProductionQAScope: Sendable, Hashable, Codable {
    /// Only decisions on or after this date (YYYY-MM-DD, UTC).
    public var since: String?
    public var market: String?
    public var team: String?
    public var vendor: String?

    /// Every audit.
    public init(since: String? = nil, market: String? = nil, team: String? = nil, vendor: String? = nil) {
        self.since = since; self.market = market; self.team = team; self.vendor = vendor
    }
}

/// Accuracy and the error split of one group of audited decisions.
public struct QAKPI: Sendable, Hashable, Codable {
    /// What the group is: `sop-id#anchor`, a code, a market, vendor, team or queue name, `2026-W48`; "" for none.
    public var key: String
    /// The section's or code's title; the key otherwise.
    public var title: String
    /// Site-relative link to the SOP section, "" when none.
    public var url: String
    /// Audited decisions.
    public var audits: Int
    /// Decisions the QA reviewer agreed with.
    public var correct: Int
    /// correct / audits.
    public var accuracy: Double
    /// Wilson 95% interval of the accuracy.
    public var interval: Interval
    public var overEnforcement: Int
    public var underEnforcement: Int
    public var wrongPolicy: Int
    /// Errors weighted by harm (low 1 ... critical 4): the sum over all errors, and per kind.
    public var weightedErrors: Int
    public var weightedOverEnforcement: Int
    public var weightedUnderEnforcement: Int
    public var weightedWrongPolicy: Int

    /// Errors of any kind.
    public var errors: Int { audits - correct }
}

/// The KPIs of one dimension (section, code, market, vendor, team, queue or week).
public struct QABreakdown: Sendable, Hashable, Codable {
    /// `section`, `code`, `market`, `vendor`, `team`, `queue`, `week`.
    public var dimension: String
    /// Most harm-weighted errors first (ties by key); weeks in date order.
    public var rows: [QAKPI]
}

/// Agreement between the two QA reviewers of double-audited decisions in one section.
public struct QAAgreement: Sendable, Hashable, Codable {
    /// `sop-id#anchor`, or "" for decisions without a section; "all" for the overall figure.
    public var key: String
    public var title: String
    public var url: String
    /// Double-audited decisions.
    public var cases: Int
    /// Share on which the two reviewers chose the same action.
    public var observedAgreement: Double
    /// Krippendorff's alpha (nominal) on the action; nil below `minAgreementCases` cases, or
    /// when every reviewer chose the same action (no disagreement is expected).
    public var krippendorffAlpha: Double?
    /// Why there is no alpha, or "".
    public var note: String
}

/// Appeals of audited decisions in one section.
public struct QAAppeals: Sendable, Hashable, Codable {
    public var key: String
    public var title: String
    public var url: String
    /// Decisions with an appeal outcome.
    public var appealed: Int
    public var overturned: Int
    /// overturned / appealed, with its Wilson 95% interval.
    public var overturnRate: Double
    public var interval: Interval
}

/// The weekly production QA digest.
public struct ProductionQAReport: Sendable, Hashable, Codable {
    public var scope: ProductionQAScope
    /// Audited decisions in scope.
    public var audits: Int
    /// First and last ISO week of the decisions in scope (`2026-W45`), nil when none.
    public var firstWeek: String?
    public var lastWeek: String?
    /// All decisions in scope as one group.
    public var overall: QAKPI
    /// Section, code, market, vendor, team, queue, week: in that order.
    public var breakdowns: [QABreakdown]
    /// QA reviewer agreement per section on double audits (overall first).
    public var reviewerAgreement: [QAAgreement]
    /// Appeal overturn rate per section (highest rate first).
    public var appeals: [QAAppeals]
    /// Top error trends and root causes (`ProductionQA.digest`); nil in the KPI-only report.
    public var trends: QATrends? = nil
    public var rootCauses: [RootCause]? = nil
}

/// Options of the production QA report.
public struct ProductionQAOptions: Sendable, Hashable {
    /// A section needs this many double audits for an agreement figure (as calibration needs cases).
    public var minAgreementCases = 3
    /// An empty set of options.
    public init() {}
}

// MARK: - Computation

/// Builds the production QA report from the tallies `qa import` keeps beside the audits
/// (counts per day, market, vendor, team and section/code, queue or reviewer pair), summed
/// into flat arrays by label id: ten million audits are never read. `reading: .rows` scans
/// the audits themselves instead (two threads), the reference the tallies are tested against.
public enum ProductionQA {
    /// The report over the audits in `records` that pass `scope`; titles and links from `handbook`.
    public static func report(records: Records, handbook: Handbook?, scope: ProductionQAScope,
                              options: ProductionQAOptions = ProductionQAOptions(),
                              reading: AuditReading = .tallies) throws(RecordsError) -> ProductionQAReport {
        let labels = try records.auditLabels()
        let capacity = (labels.keys.max() ?? 0) + 1
        var filter = AuditFilter(market: scope.market, team: scope.team, vendor: scope.vendor)
        filter.sinceDay = scope.since.flatMap { CivilDate(iso: $0)?.days }
        var tally = Tally(capacity: capacity)
        switch reading {
        case .tallies:
            try records.forEachAuditTally(filter, kind: .sectionCode) { tally.add(sectionCode: $0) }
            try records.forEachAuditTally(filter, kind: .queue) { tally.add(queue: $0) }
            try records.forEachAuditTally(filter, kind: .reviewerPair) { tally.add(pair: $0) }
        case .rows:
            let parts = try records.scanAudits(filter, initial: Tally(capacity: capacity)) { acc, row in acc.add(row) }
            for p in parts { tally.merge(p) }
        }
        return build(tally, labels: labels, handbook: handbook, scope: scope, options: options)
    }

    /// The six label dimensions in the tally, in report order (week follows them).
    static let labelDimensions = ["section", "code", "market", "vendor", "team", "queue"]

    /// Counts per (dimension, label, slot): slots 0-3 audits by outcome, 4-7 harm by outcome.
    struct Tally: Sendable {
        static let slots = 8
        let capacity: Int
        var cells: [Int]
        /// ISO weeks (year * 100 + week) in the order first seen, and their slots: week i at
        /// `weekCells[i * slots ..< (i + 1) * slots]`. Audits come in decision order, so the
        /// week of a row is nearly always the previous row's: no hashing per row.
        private(set) var weekKeys: [Int] = []
        private(set) var weekCells: [Int] = []
        private var lastWeek = Int.min
        private var lastWeekBase = 0
        /// Per section label: appealed, overturned.
        var appeals: [Int]
        /// Double audits: (section, first action, second action) packed -> count.
        var pairs: [Int: Int] = [:]

        init(capacity: Int) {
            self.capacity = capacity
            cells = Array(repeating: 0, count: ProductionQA.labelDimensions.count * capacity * Self.slots)
            appeals = Array(repeating: 0, count: capacity * 2)
        }

        mutating func add(_ r: AuditRow) {
            // Unrolled: no array per row on the path that runs ten million times.
            bump(0, r.section, r)
            bump(1, r.code, r)
            bump(2, r.market, r)
            bump(3, r.vendor, r)
            bump(4, r.team, r)
            bump(5, r.queue, r)
            if r.week != lastWeek {
                lastWeekBase = weekBase(r.week)
                lastWeek = r.week
            }
            weekCells[lastWeekBase + r.outcome] += 1
            weekCells[lastWeekBase + 4 + r.outcome] += r.harm
            if r.appeal != 0, r.section < capacity {
                appeals[r.section * 2] += 1
                if r.appeal == 2 { appeals[r.section * 2 + 1] += 1 }
            }
            if r.secondAction != 0 { pairs[(r.section << 40) | (r.qaAction << 20) | r.secondAction, default: 0] += 1 }
        }

        /// Adds a tally row of kind section/code: the audits it counts, as `add` adds each.
        mutating func add(sectionCode t: AuditTally) {
            bump(0, t.a, t)
            bump(1, t.b, t)
            bump(2, t.market, t)
            bump(3, t.vendor, t)
            bump(4, t.team, t)
            if t.week != lastWeek {
                lastWeekBase = weekBase(t.week)
                lastWeek = t.week
            }
            for o in 0..<4 {
                weekCells[lastWeekBase + o] += t.counts[o]
                weekCells[lastWeekBase + 4 + o] += t.harms[o]
            }
            if t.appealed != 0, t.a < capacity {
                appeals[t.a * 2] += t.appealed
                appeals[t.a * 2 + 1] += t.overturned
            }
        }

        /// Adds a tally row of kind queue.
        mutating func add(queue t: AuditTally) { bump(5, t.a, t) }

        /// Adds a tally row of double audits.
        mutating func add(pair t: AuditTally) { pairs[(t.a << 40) | (t.b << 20) | t.c, default: 0] += t.audits }

        private mutating func bump(_ d: Int, _ label: Int, _ t: AuditTally) {
            guard label < capacity else { return }
            let base = (d * capacity + label) * Self.slots
            for o in 0..<4 {
                cells[base + o] += t.counts[o]
                cells[base + 4 + o] += t.harms[o]
            }
        }

        /// Where the slots of `week` start, adding them when new.
        private mutating func weekBase(_ week: Int) -> Int {
            if let i = weekKeys.firstIndex(of: week) { return i * Self.slots }
            weekKeys.append(week)
            weekCells += Array(repeating: 0, count: Self.slots)
            return (weekKeys.count - 1) * Self.slots
        }

        /// The slots of every week seen.
        var weeks: [Int: [Int]] {
            var out: [Int: [Int]] = [:]
            for (i, w) in weekKeys.enumerated() { out[w] = Array(weekCells[i * Self.slots..<(i + 1) * Self.slots]) }
            return out
        }

        private mutating func bump(_ d: Int, _ label: Int, _ r: AuditRow) {
            guard label < capacity, r.outcome >= 0, r.outcome < 4 else { return }
            let base = (d * capacity + label) * Self.slots
            cells[base + r.outcome] += 1
            cells[base + 4 + r.outcome] += r.harm
        }

        mutating func merge(_ o: Tally) {
            for i in cells.indices { cells[i] += o.cells[i] }
            for i in appeals.indices { appeals[i] += o.appeals[i] }
            for (i, w) in o.weekKeys.enumerated() {
                let base = weekBase(w)
                for k in 0..<Self.slots { weekCells[base + k] += o.weekCells[i * Self.slots + k] }
            }
            for (k, v) in o.pairs { pairs[k, default: 0] += v }
        }

        func slots(_ d: Int, _ label: Int) -> ArraySlice<Int> {
            let base = (d * capacity + label) * Self.slots
            return cells[base..<base + Self.slots]
        }
    }

    static func kpi(_ s: some Collection<Int>, key: String, title: String, url: String) -> QAKPI {
        let v = Array(s)
        let n = v[0] + v[1] + v[2] + v[3]
        return QAKPI(key: key, title: title, url: url, audits: n, correct: v[0], accuracy: n == 0 ? 0 : Double(v[0]) / Double(n),
                     interval: Stats.wilson(v[0], n), overEnforcement: v[1], underEnforcement: v[2], wrongPolicy: v[3],
                     weightedErrors: v[5] + v[6] + v[7], weightedOverEnforcement: v[5], weightedUnderEnforcement: v[6], weightedWrongPolicy: v[7])
    }

    /// `2026-W48` from 202648.
    static func weekName(_ w: Int) -> String { String(format: "%04d-W%02d", w / 100, w % 100) }

    /// The title and site-relative link of a section (`sop-id#anchor`) or code; the key otherwise.
    static func describe(_ dimension: String, _ key: String, handbook: Handbook?) -> (title: String, url: String) {
        guard let handbook, !key.isEmpty else { return (key.isEmpty ? "(none)" : key, "") }
        if dimension == "section", let ref = SectionRef(key) {
            let title = handbook.page(id: ref.pageID).flatMap { p in p.sections.first { $0.anchor == ref.anchor }.map { "\(p.title): \($0.title)" } }
            return (title ?? key, "sop/\(ref.pageID).html#\(ref.anchor)")
        }
        if dimension == "code", let c = handbook.codes[key] { return ("\(c.code) \(c.name)", "sop/\(c.pageID).html#\(c.anchor)") }
        return (key, "")
    }

    static func build(_ t: Tally, labels: [Int: (kind: String, value: String)], handbook: Handbook?,
                      scope: ProductionQAScope, options: ProductionQAOptions) -> ProductionQAReport {
        func describe(_ dimension: String, _ key: String) -> (title: String, url: String) { ProductionQA.describe(dimension, key, handbook: handbook) }
        func name(_ label: Int) -> String { label == 0 ? "" : labels[label]?.value ?? "" }
        func ranked(_ rows: [QAKPI]) -> [QAKPI] {
            rows.sorted { ($0.weightedErrors, $0.errors, $1.key) > ($1.weightedErrors, $1.errors, $0.key) }
        }

        var breakdowns: [QABreakdown] = []
        var overallSlots = Array(repeating: 0, count: Tally.slots)
        for (d, dimension) in labelDimensions.enumerated() {
            var rows: [QAKPI] = []
            for label in 0..<t.capacity {
                let s = t.slots(d, label)
                guard s.prefix(4).reduce(0, +) > 0 else { continue }
                if d == 0 { for (i, v) in s.enumerated() { overallSlots[i] += v } }
                let key = name(label)
                let (title, url) = describe(dimension, key)
                rows.append(kpi(s, key: key, title: title, url: url))
            }
            breakdowns.append(QABreakdown(dimension: dimension, rows: ranked(rows)))
        }
        let weekSlots = t.weeks
        let weeks = weekSlots.keys.sorted()
        breakdowns.append(QABreakdown(dimension: "week", rows: weeks.map { w in kpi(weekSlots[w] ?? [], key: weekName(w), title: weekName(w), url: "") }))

        // Reviewer agreement per section: each double audit is one unit with two values.
        var bySection: [Int: [Int: Int]] = [:]
        for (packed, count) in t.pairs { bySection[packed >> 40, default: [:]][packed & ((1 << 40) - 1)] = count }
        func agreement(key: String, title: String, url: String, pairs: [Int: Int]) -> QAAgreement {
            var actions = Set<Int>()
            for p in pairs.keys { actions.insert(p >> 20); actions.insert(p & ((1 << 20) - 1)) }
            let index = Dictionary(uniqueKeysWithValues: actions.sorted().enumerated().map { ($1, $0) })
            var units: [[Int]] = []
            var agreeing = 0, cases = 0
            for (p, count) in pairs.sorted(by: { $0.key < $1.key }) {
                var unit = Array(repeating: 0, count: index.count)
                unit[index[p >> 20] ?? 0] += 1
                unit[index[p & ((1 << 20) - 1)] ?? 0] += 1
                units += Array(repeating: unit, count: count)
                cases += count
                if p >> 20 == p & ((1 << 20) - 1) { agreeing += count }
            }
            let enough = cases >= options.minAgreementCases
            let alpha = enough ? Agreement.krippendorffAlphaNominal(counts: units) : nil
            let note = !enough ? "too few double audits for a figure (\(cases) of \(options.minAgreementCases))"
                : alpha == nil ? "every reviewer chose the same action" : ""
            return QAAgreement(key: key, title: title, url: url, cases: cases,
                               observedAgreement: cases == 0 ? 0 : Double(agreeing) / Double(cases), krippendorffAlpha: alpha, note: note)
        }
        var agreements: [QAAgreement] = []
        for (section, pairs) in bySection {
            let key = name(section)
            let (title, url) = describe("section", key)
            agreements.append(agreement(key: key, title: title, url: url, pairs: pairs))
        }
        agreements.sort { ($0.krippendorffAlpha ?? 2, $1.cases, $0.key) < ($1.krippendorffAlpha ?? 2, $0.cases, $1.key) }
        var all: [Int: Int] = [:]
        for (packed, count) in t.pairs { all[packed & ((1 << 40) - 1), default: 0] += count }
        if !all.isEmpty { agreements.insert(agreement(key: "all", title: "All sections", url: "", pairs: all), at: 0) }

        var appeals: [QAAppeals] = []
        for label in 0..<t.capacity where t.appeals[label * 2] > 0 {
            let n = t.appeals[label * 2], k = t.appeals[label * 2 + 1]
            let key = name(label)
            let (title, url) = describe("section", key)
            appeals.append(QAAppeals(key: key, title: title, url: url, appealed: n, overturned: k,
                                     overturnRate: Double(k) / Double(n), interval: Stats.wilson(k, n)))
        }
        appeals.sort { ($0.overturned * $1.appealed, $0.appealed, $1.key) > ($1.overturned * $0.appealed, $1.appealed, $0.key) }

        let overall = kpi(overallSlots, key: "all", title: "All audited decisions", url: "")
        return ProductionQAReport(scope: scope, audits: overall.audits, firstWeek: weeks.first.map(weekName), lastWeek: weeks.last.map(weekName),
                                  overall: overall, breakdowns: breakdowns, reviewerAgreement: agreements, appeals: appeals)
    }
}
