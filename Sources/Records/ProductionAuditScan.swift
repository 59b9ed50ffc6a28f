import Foundation

// The read side of the production QA audits: label names and a streaming scan of the
// integer columns, split over two connections, for reports over millions of audits.

/// One stored audit as the reports read it: label ids (0 for none; names from `auditLabels`).
public struct AuditRow: Sendable {
    /// The UTC day of the decision, as days since 1970-01-01.
    public var day: Int
    /// ISO week as year * 100 + week (202648).
    public var week: Int
    /// `AuditOutcome` raw value: 0 correct, 1 over-, 2 under-enforcement, 3 wrong policy.
    public var outcome: Int
    /// Harm weight 1-4.
    public var harm: Int
    public var section: Int
    public var code: Int
    public var market: Int
    public var vendor: Int
    public var team: Int
    public var queue: Int
    public var qaAction: Int
    /// The second reviewer's action on a double audit, else 0.
    public var secondAction: Int
    /// `AppealOutcome` raw value: 0 none, 1 upheld, 2 overturned.
    public var appeal: Int
}

/// Which stored audits a report reads.
public struct AuditFilter: Sendable, Hashable {
    /// Only decisions on or after this UTC day (days since 1970-01-01).
    public var sinceDay: Int?
    /// Only this market, team or vendor (as stored, compared exactly).
    public var market: String?
    public var team: String?
    public var vendor: String?

    /// Every audit.
    public init(sinceDay: Int? = nil, market: String? = nil, team: String? = nil, vendor: String? = nil) {
        self.sinceDay = sinceDay; self.market = market; self.team = team; self.vendor = vendor
    }
}

extension Records {
    /// Every label of the stored audits: id -> (kind, value).
    public func auditLabels() throws(RecordsError) -> [Int: (kind: String, value: String)] {
        var out: [Int: (kind: String, value: String)] = [:]
        for row in try reader.query("SELECT id, kind, value FROM qa_labels") {
            out[Int(row[0].int ?? 0)] = (row[1].string ?? "", row[2].string ?? "")
        }
        return out
    }

    /// Scans the audits that pass `filter` and folds each into an accumulator: one per
    /// connection, each over half of the table, on two threads at once. Returns the
    /// accumulators (merge them); their order is fixed, so the result does not depend on timing.
    public func scanAudits<A: Sendable>(_ filter: AuditFilter, initial: A, _ fold: @Sendable (inout A, AuditRow) -> Void) throws(RecordsError) -> [A] {
        let (conditions, parameters) = try auditConditions(filter)
        let range = try reader.query("SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), -1) FROM qa_audits").first ?? []
        let low = range.first?.int ?? 0, high = range.last?.int ?? -1
        if high < low { return [initial] }
        let middle = low + (high - low) / 2
        let sql = """
            SELECT day, week, outcome, harm, section, code, market, vendor, team, queue, qa_action, second_action, appeal
            FROM qa_audits WHERE id BETWEEN ? AND ?\(conditions.map { " AND " + $0 }.joined())
            """
        let bound = parameters
        let parts: [(any Database, Int64, Int64)] = [(reader, low, middle), (db, middle + 1, high)]
        let results = ScanSlots(initial, count: parts.count)
        DispatchQueue.concurrentPerform(iterations: parts.count) { i in
            let (connection, from, to) = parts[i]
            var acc = initial
            do throws(RecordsError) {
                try connection.forEachRow(sql, [.integer(from), .integer(to)] + bound) { r in
                    fold(&acc, AuditRow(day: Int(r.int(0)), week: Int(r.int(1)), outcome: Int(r.int(2)), harm: Int(r.int(3)),
                                        section: Int(r.int(4)), code: Int(r.int(5)), market: Int(r.int(6)), vendor: Int(r.int(7)),
                                        team: Int(r.int(8)), queue: Int(r.int(9)), qaAction: Int(r.int(10)),
                                        secondAction: Int(r.int(11)), appeal: Int(r.int(12))))
                }
                results.set(i, .success(acc))
            } catch {
                results.set(i, .failure(error))
            }
        }
        return try results.values()
    }

    /// How many audits are stored.
    public func auditCount() throws(RecordsError) -> Int {
        Int(try reader.query("SELECT COUNT(*) FROM qa_audits").first?.first?.int ?? 0)
    }
}

/// The accumulators of a split scan, one per part.
private final class ScanSlots<A: Sendable>: @unchecked Sendable {
    private var slots: [Result<A, RecordsError>]
    private let lock = NSLock()
    init(_ initial: A, count: Int) { slots = Array(repeating: .success(initial), count: count) }
    func set(_ i: Int, _ r: Result<A, RecordsError>) { lock.withLock { slots[i] = r } }
    func values() throws(RecordsError) -> [A] {
        let all = lock.withLock { slots }
        var out: [A] = []
        for s in all {
            switch s { case .success(let a): out.append(a); case .failure(let e): throw e }
        }
        return out
    }
}
