import Foundation

extension Records {
    /// Changes whenever what a report reads changes: a new answer, a contest filed or resolved,
    /// a key change (re-grading), a learner or attempt added. Cheap (indexed lookups), for
    /// caching reports. On PostgreSQL ids are drawn when a row is inserted, not when it is
    /// committed, so with several servers a row with a smaller id can appear after a larger
    /// one was seen: there the rows are counted too (these tables are only added to).
    public func answersVersion() throws(RecordsError) -> String {
        let counted = reader.engine == .postgres ? """
            , (SELECT COUNT(*) FROM responses), (SELECT COUNT(*) FROM contests), (SELECT COUNT(*) FROM key_changes), (SELECT COUNT(*) FROM attempts)
            """ : ""
        let row = try reader.query("""
            SELECT (SELECT MAX(rowid) FROM responses), (SELECT MAX(id) FROM contests),
                   (SELECT COUNT(*) FROM contests WHERE status = 'open'), (SELECT MAX(id) FROM key_changes),
                   (SELECT COUNT(*) FROM learners), (SELECT MAX(id) FROM attempts)\(counted)
            """).first ?? []
        return row.map { $0.int.map(String.init) ?? "-" }.joined(separator: ".")
    }

    /// Calls `body` with (attempt id, learner id) for every attempt.
    public func scanAttemptLearners(_ body: (Int64, String) -> Void) throws(RecordsError) {
        try reader.forEachRow("SELECT id, learner_id FROM attempts") { row in body(row.int(0), row.text(1)) }
    }

    /// Calls `body` once per response in storage order, without the join: columns attempt id,
    /// item id, kind, chosen, gold, score, answered at. The fastest way through millions of answers.
    /// With `rowids`, only that part of the table, read on a connection of its own, so several
    /// parts can be scanned on several cores at once.
    public func scanResponsesRaw(since: String? = nil, until: String? = nil, rowids: Range<Int64>? = nil, _ body: (SQLRow) -> Void) throws(RecordsError) {
        var sql = "SELECT attempt_id, item_id, kind, chosen, gold, score, answered_at FROM responses WHERE 1=1"
        var params: [SQLValue] = []
        if let since { sql += " AND answered_at >= ?"; params.append(.text(since)) }
        if let until { sql += " AND answered_at < ?"; params.append(.text(until)) }
        guard let rowids else { return try reader.forEachRow(sql, params, body) }
        sql += " AND rowid >= ? AND rowid < ?"
        params += [.integer(rowids.lowerBound), .integer(rowids.upperBound)]
        let connection = try openDatabase(location, readOnly: true)
        // Map the file instead of copying pages through read(): a scan touches all of it.
        if connection.engine == .sqlite { _ = try? connection.query("PRAGMA mmap_size = 1073741824") }
        try connection.forEachRow(sql, params, body)
    }

    /// The smallest and largest rowid of the responses table (nil when empty): for splitting scans.
    public func responseRowids() throws(RecordsError) -> ClosedRange<Int64>? {
        guard let row = try reader.query("SELECT MIN(rowid), MAX(rowid) FROM responses").first, let low = row[0].int, let high = row[1].int else { return nil }
        return low...high
    }
}
