import Foundation

/// One table of a `DatabaseCopy`: its rows and checksum read back from each side.
public struct TableCopy: Sendable, Equatable {
    /// The table.
    public var table: String
    /// Rows read from the source, and found in the target after the copy.
    public var sourceRows: Int
    public var targetRows: Int
    /// An order-free checksum of every row's values (64-bit FNV-1a per row, summed), each side.
    public var sourceChecksum: UInt64
    public var targetChecksum: UInt64

    /// Whether the target holds what the source does.
    public var matches: Bool { sourceRows == targetRows && sourceChecksum == targetChecksum }
}

/// Moves a deployment's records from one database to another (`casebook db copy`), typically
/// a SQLite file to a new PostgreSQL database: both are brought to this Casebook's schema,
/// the target must hold no records, each table is copied in one transaction (parents first),
/// and every table's row count and checksum are read back from both sides and compared.
public enum DatabaseCopy {
    /// Rows per INSERT statement.
    static let batch = 200

    /// Copies every table of `source` into `target` (SQLite paths or PostgreSQL URLs) and
    /// returns what was compared; `progress` hears each table as it is done.
    public static func copy(from source: String, to target: String, progress: (TableCopy) -> Void = { _ in }) throws(RecordsError) -> [TableCopy] {
        if Engine.of(source) == .sqlite, !FileManager.default.fileExists(atPath: source) {
            throw .notFound("\(source): no such records database; pass the file to copy with --from (default data/casebook.db)")
        }
        let from = try Records(path: source)
        let to = try Records(path: target)
        let tables = try tableNames(from.db)
        for table in try tableNames(to.db) {
            let count = try to.db.query("SELECT COUNT(*) FROM \(table)").first?.first?.int ?? 0
            if count > 0 {
                throw .alreadyExists("\(to.db.path): the target already holds records (\(count) rows in \(table)); copy only into an empty database (a new one: createdb NAME). Nothing was copied")
            }
        }
        var copies: [TableCopy] = []
        for table in tables {
            let columns = try columnNames(to.db, table)
            guard !columns.isEmpty else { continue }
            let list = columns.joined(separator: ", ")
            let select = "SELECT \(list) FROM \(table)"
            var copy = TableCopy(table: table, sourceRows: 0, targetRows: 0, sourceChecksum: 0, targetChecksum: 0)
            try to.db.transaction { () throws(RecordsError) in
                var pending: [SQLValue] = []
                var failure: RecordsError?
                func flush() {
                    guard failure == nil, !pending.isEmpty else { pending = []; return }
                    let rows = pending.count / columns.count
                    let one = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
                    let sql = "INSERT INTO \(table) (\(list)) VALUES " + Array(repeating: one, count: rows).joined(separator: ",")
                    do throws(RecordsError) { try to.db.query(sql, pending) } catch { failure = error }
                    pending = []
                }
                try from.reader.forEachRow(select, []) { row in
                    let values = (0..<Int32(columns.count)).map { row.value($0) }
                    copy.sourceRows += 1
                    copy.sourceChecksum &+= checksum(values)
                    pending += values
                    if pending.count >= batch * columns.count { flush() }
                }
                flush()
                if let failure { throw failure }
                try continueIdentities(to.db, table)
            }
            try to.reader.forEachRow(select, []) { row in
                copy.targetRows += 1
                copy.targetChecksum &+= checksum((0..<Int32(columns.count)).map { row.value($0) })
            }
            progress(copy)
            copies.append(copy)
        }
        return copies
    }

    /// The record tables, in the order they were created (a table before those that refer to it).
    static func tableNames(_ db: any Database) throws(RecordsError) -> [String] {
        let sql = db.engine == .sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
            : """
              SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> 'schema_version' ORDER BY c.oid
              """
        return try db.query(sql).compactMap { $0.first?.string }
    }

    /// A table's columns, in order.
    static func columnNames(_ db: any Database, _ table: String) throws(RecordsError) -> [String] {
        if db.engine == .sqlite { return try db.query("SELECT name FROM pragma_table_info(?)", [.text(table)]).compactMap { $0.first?.string } }
        return try db.query("""
            SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?
            ORDER BY ordinal_position
            """, [.text(table)]).compactMap { $0.first?.string }
    }

    /// On PostgreSQL, makes each identity column of `table` continue after the ids just copied.
    static func continueIdentities(_ db: any Database, _ table: String) throws(RecordsError) {
        guard db.engine == .postgres else { return }
        let identities = try db.query("""
            SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND is_identity = 'YES'
            """, [.text(table)]).compactMap { $0.first?.string }
        for column in identities {
            try db.query("SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT MAX(\(column)) FROM \(table)), 0) + 1, false)",
                         [.text(table), .text(column)])
        }
    }

    /// 64-bit FNV-1a of a row's values, each written with its kind: a whole real counts as
    /// the integer it equals (SQLite keeps 1.0 in a REAL column as a real, as PostgreSQL does).
    static func checksum(_ values: [SQLValue]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ text: String) { for b in text.utf8 { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 } }
        for v in values {
            switch v {
            case .null: add("N;")
            case .integer(let i): add("I\(i);")
            case .real(let d):
                if d == d.rounded(), abs(d) < 9e15 { add("I\(Int64(d));") } else { add("R\(d.bitPattern);") }
            case .text(let s): add("T\(s.utf8.count):"); add(s)
            }
        }
        return hash
    }
}
