import Foundation

// Tallies of the production QA audits: counts by outcome and harm per day and slice, kept by
// `qa import` in the same transaction as the audits (so the two never disagree) and read by
// `qa report` instead of scanning every audit. Audits are never deleted or replaced (an
// import skips a sample id already stored), so adding at import is all the upkeep there is.

/// What one tally row groups (see the `qa_tallies` migration).
public enum AuditTallyKind: Int, Sendable, CaseIterable {
    /// a = section, b = code.
    case sectionCode = 0
    /// a = queue.
    case queue = 1
    /// Double audits only: a = section, b = the QA reviewer's action, c = the second reviewer's.
    case reviewerPair = 2
}

/// The counts of the audits that share one day, week, market, vendor, team and kind's labels.
public struct AuditTally: Sendable, Hashable {
    public var day: Int
    public var week: Int
    public var market: Int
    public var vendor: Int
    public var team: Int
    /// The kind's labels (`AuditTallyKind`); 0 where unused.
    public var a: Int
    public var b: Int
    public var c: Int
    /// Audits by `AuditOutcome` raw value (0 correct ... 3 wrong policy).
    public var counts: [Int]
    /// Their harm weights summed, by outcome.
    public var harms: [Int]
    /// Audits with an appeal outcome, and those overturned.
    public var appealed: Int
    public var overturned: Int

    /// Every audit of the row.
    public var audits: Int { counts[0] + counts[1] + counts[2] + counts[3] }
}

/// How the report reads the audits: the tallies (the default) or a scan of every audit (the
/// reference the tallies are tested against).
public enum AuditReading: Sendable {
    case tallies, rows
}

extension Records {
    /// The conditions (and their parameters) that select the audits or tallies passing `filter`.
    func auditConditions(_ filter: AuditFilter) throws(RecordsError) -> (conditions: [String], parameters: [SQLValue]) {
        var conditions: [String] = []
        var parameters: [SQLValue] = []
        if let day = filter.sinceDay { conditions.append("day >= ?"); parameters.append(.integer(Int64(day))) }
        for (column, value) in [("market", filter.market), ("team", filter.team), ("vendor", filter.vendor)] {
            guard let value else { continue }
            // An unknown name matches no audit (label ids start at 1).
            let id = try reader.query("SELECT id FROM qa_labels WHERE kind = ? AND value = ?", [.text(column), .text(value)]).first?[0].int ?? -1
            conditions.append("\(column) = ?")
            parameters.append(.integer(id))
        }
        return (conditions, parameters)
    }

    /// Calls `body` with every tally row of `kind` that passes `filter`, in key order.
    public func forEachAuditTally(_ filter: AuditFilter, kind: AuditTallyKind, _ body: (AuditTally) -> Void) throws(RecordsError) {
        let (conditions, parameters) = try auditConditions(filter)
        let sql = """
            SELECT day, week, market, vendor, team, a, b, c, n0, n1, n2, n3, h0, h1, h2, h3, appealed, overturned
            FROM qa_tallies WHERE kind = ?\(conditions.map { " AND " + $0 }.joined())
            ORDER BY day, week, market, vendor, team, a, b, c
            """
        try reader.forEachRow(sql, [.integer(Int64(kind.rawValue))] + parameters) { r in
            body(AuditTally(day: Int(r.int(0)), week: Int(r.int(1)), market: Int(r.int(2)), vendor: Int(r.int(3)), team: Int(r.int(4)),
                            a: Int(r.int(5)), b: Int(r.int(6)), c: Int(r.int(7)),
                            counts: [Int(r.int(8)), Int(r.int(9)), Int(r.int(10)), Int(r.int(11))],
                            harms: [Int(r.int(12)), Int(r.int(13)), Int(r.int(14)), Int(r.int(15))],
                            appealed: Int(r.int(16)), overturned: Int(r.int(17))))
        }
    }
}

/// The tallies of the audits one import adds, summed in memory and written (added to the
/// stored ones) just before the import commits, in its transaction.
struct AuditTallyBuffer {
    /// kind, day, week, market, vendor, team, a, b, c.
    struct Key: Hashable, Comparable {
        var kind, day, week, market, vendor, team, a, b, c: Int64
        var values: [Int64] { [kind, day, week, market, vendor, team, a, b, c] }
        static func < (x: Key, y: Key) -> Bool { x.values.lexicographicallyPrecedes(y.values) }
    }
    static let slots = 10
    /// Where each key's slots start in `cells`: n0-n3, h0-h3, appealed, overturned.
    private var index: [Key: Int] = [:]
    private var cells: [Int64] = []

    /// Adds one stored audit (label ids as stored).
    mutating func add(day: Int64, week: Int64, outcome: Int, harm: Int64, section: Int64, code: Int64, market: Int64, vendor: Int64,
                      team: Int64, queue: Int64, qaAction: Int64, secondAction: Int64, appeal: Int) {
        guard (0..<4).contains(outcome) else { return }
        func bump(_ kind: AuditTallyKind, _ a: Int64, _ b: Int64, _ c: Int64) {
            let key = Key(kind: Int64(kind.rawValue), day: day, week: week, market: market, vendor: vendor, team: team, a: a, b: b, c: c)
            let base: Int
            if let i = index[key] {
                base = i
            } else {
                base = cells.count
                index[key] = base
                cells.append(contentsOf: repeatElement(0, count: Self.slots))
            }
            cells[base + outcome] += 1
            cells[base + 4 + outcome] += harm
            if appeal != 0 { cells[base + 8] += 1 }
            if appeal == 2 { cells[base + 9] += 1 }
        }
        bump(.sectionCode, section, code, 0)
        bump(.queue, queue, 0, 0)
        if secondAction != 0 { bump(.reviewerPair, section, qaAction, secondAction) }
    }

    /// Adds the buffered tallies to the stored ones, a few hundred rows per statement.
    func write(to db: any Database) throws(RecordsError) {
        let keys = index.keys.sorted()
        let chunk = 400
        let row = "(" + Array(repeating: "?", count: 9 + Self.slots).joined(separator: ",") + ")"
        let sums = ["n0", "n1", "n2", "n3", "h0", "h1", "h2", "h3", "appealed", "overturned"]
            .map { "\($0) = qa_tallies.\($0) + excluded.\($0)" }.joined(separator: ", ")
        var start = 0
        while start < keys.count {
            let part = keys[start..<min(start + chunk, keys.count)]
            start += chunk
            var parameters: [SQLValue] = []
            parameters.reserveCapacity(part.count * (9 + Self.slots))
            for key in part {
                for v in key.values { parameters.append(.integer(v)) }
                let base = index[key] ?? 0
                for v in cells[base..<base + Self.slots] { parameters.append(.integer(v)) }
            }
            try db.query("""
                INSERT INTO qa_tallies (kind, day, week, market, vendor, team, a, b, c, n0, n1, n2, n3, h0, h1, h2, h3, appealed, overturned)
                VALUES \(Array(repeating: row, count: part.count).joined(separator: ","))
                ON CONFLICT (kind, day, week, market, vendor, team, a, b, c) DO UPDATE SET \(sums)
                """, parameters)
        }
    }
}

extension Records {
    /// Fills `qa_tallies` from the stored audits: run by the migration that made the table,
    /// and by `rebuildAuditTallies`.
    static let fillAuditTalliesSQL = """

    INSERT INTO qa_tallies (kind, day, week, market, vendor, team, a, b, c, n0, n1, n2, n3, h0, h1, h2, h3, appealed, overturned)
    SELECT 0, day, week, market, vendor, team, section, code, 0,
        SUM(CASE WHEN outcome = 0 THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 1 THEN 1 ELSE 0 END),
        SUM(CASE WHEN outcome = 2 THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 3 THEN 1 ELSE 0 END),
        SUM(CASE WHEN outcome = 0 THEN harm ELSE 0 END), SUM(CASE WHEN outcome = 1 THEN harm ELSE 0 END),
        SUM(CASE WHEN outcome = 2 THEN harm ELSE 0 END), SUM(CASE WHEN outcome = 3 THEN harm ELSE 0 END),
        SUM(CASE WHEN appeal <> 0 THEN 1 ELSE 0 END), SUM(CASE WHEN appeal = 2 THEN 1 ELSE 0 END)
    FROM qa_audits GROUP BY day, week, market, vendor, team, section, code;
    INSERT INTO qa_tallies (kind, day, week, market, vendor, team, a, b, c, n0, n1, n2, n3, h0, h1, h2, h3, appealed, overturned)
    SELECT 1, day, week, market, vendor, team, queue, 0, 0,
        SUM(CASE WHEN outcome = 0 THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 1 THEN 1 ELSE 0 END),
        SUM(CASE WHEN outcome = 2 THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 3 THEN 1 ELSE 0 END),
        SUM(CASE WHEN outcome = 0 THEN harm ELSE 0 END), SUM(CASE WHEN outcome = 1 THEN harm ELSE 0 END),
        SUM(CASE WHEN outcome = 2 THEN harm ELSE 0 END), SUM(CASE WHEN outcome = 3 THEN harm ELSE 0 END),
        SUM(CASE WHEN appeal <> 0 THEN 1 ELSE 0 END), SUM(CASE WHEN appeal = 2 THEN 1 ELSE 0 END)
    FROM qa_audits GROUP BY day, week, market, vendor, team, queue;
    INSERT INTO qa_tallies (kind, day, week, market, vendor, team, a, b, c, n0, n1, n2, n3, h0, h1, h2, h3, appealed, overturned)
    SELECT 2, day, week, market, vendor, team, section, qa_action, second_action,
        SUM(CASE WHEN outcome = 0 THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 1 THEN 1 ELSE 0 END),
        SUM(CASE WHEN outcome = 2 THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 3 THEN 1 ELSE 0 END),
        SUM(CASE WHEN outcome = 0 THEN harm ELSE 0 END), SUM(CASE WHEN outcome = 1 THEN harm ELSE 0 END),
        SUM(CASE WHEN outcome = 2 THEN harm ELSE 0 END), SUM(CASE WHEN outcome = 3 THEN harm ELSE 0 END),
        SUM(CASE WHEN appeal <> 0 THEN 1 ELSE 0 END), SUM(CASE WHEN appeal = 2 THEN 1 ELSE 0 END)
    FROM qa_audits WHERE second_action <> 0 GROUP BY day, week, market, vendor, team, section, qa_action, second_action;
    """

    /// Works the tallies out again from the stored audits, in one transaction: for audits
    /// written other than through `qa import` (a restored or hand-edited `qa_audits` table).
    public func rebuildAuditTallies() throws(RecordsError) {
        try db.transaction { () throws(RecordsError) in
            try db.execute("DELETE FROM qa_tallies;" + (db.engine == .postgres ? Migration.postgresDialect(Self.fillAuditTalliesSQL) : Self.fillAuditTalliesSQL))
        }
    }
}
