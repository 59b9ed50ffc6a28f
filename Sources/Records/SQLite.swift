import CSQLite
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// The only file that imports SQLite. Everything leaving it is a Swift value.

/// A value bound to or read from a statement.
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The text, or nil for other values.
    public var string: String? { if case .text(let s) = self { return s } else { return nil } }
    /// The value as an integer (reals truncated), or nil.
    public var int: Int64? {
        switch self { case .integer(let i): return i; case .real(let d): return Int64(d); default: return nil }
    }
    /// The value as a real, or nil.
    public var double: Double? {
        switch self { case .real(let d): return d; case .integer(let i): return Double(i); default: return nil }
    }
}

private let SQLITE_TRANSIENT = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// A prepared statement, finalized when released.
private final class Statement {
    /// Nil when the SQL held no statement (only whitespace or a comment).
    let handle: OpaquePointer?

    init(_ db: OpaquePointer, _ sql: String, check: (Int32) throws(RecordsError) -> Void) throws(RecordsError) {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(db, sql, -1, &statement, nil)
        if rc != SQLITE_OK { sqlite3_finalize(statement) }
        try check(rc)
        handle = statement
    }

    deinit { sqlite3_finalize(handle) }
}

/// An open SQLite database: one connection, used by one thread at a time (a recursive
/// lock covers statements and whole transactions, so threads never interleave inside one).
public final class SQLiteDatabase: Database, @unchecked Sendable {
    /// SQLite.
    public var engine: Engine { .sqlite }
    private let handle: OpaquePointer
    /// The database file.
    public let path: String
    private let lock = NSRecursiveLock()
    /// Prepared statements kept for reuse, by SQL text: parsing and planning a statement costs
    /// more than running a point lookup or a one-row insert, and the server runs the same few
    /// statements for every request. Guarded by `lock`.
    private var statements: [String: Statement] = [:]
    /// Enough for every fixed statement Casebook runs; SQL built with values in it is not kept.
    private static let statementCacheSize = 128

    /// Opens (creating if needed) the database at `path` in WAL mode with full sync, so a
    /// committed transaction survives a crash.
    public init(path: String, readOnly: Bool = false) throws(RecordsError) {
        self.path = path
        var db: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        // No SQLite-level mutex: this class serialises every use of the connection with its own lock,
        // and a per-call mutex costs a lock per column read in million-row scans.
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw .storage(Self.describe(rc, message, path: path))
        }
        handle = db
        sqlite3_busy_timeout(db, 5000)
        sqlite3_extended_result_codes(db, 1)
        do {
            // Fails early and clearly on a file that is not a database.
            _ = try query("PRAGMA schema_version")
            if !readOnly {
                _ = try query("PRAGMA journal_mode=WAL")
                try execute("PRAGMA synchronous=FULL")
                try execute("PRAGMA foreign_keys=ON")
            }
        } catch {
            // Not closed here: every property is set, so `deinit` runs as the error leaves
            // and closes the handle (closing it here too made SQLite read freed memory).
            throw error
        }
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    static func describe(_ rc: Int32, _ message: String, path: String, sql: String = "") -> StorageError {
        switch rc & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED:
            return StorageError(code: rc, message: "\(path): the database is locked by another Casebook process (\(message)); wait and try again, or stop the other process", path: path, sql: sql)
        case SQLITE_READONLY:
            return StorageError(code: rc, message: "\(path): the database is read-only (\(message)); check the file's permissions or pass a writable --db PATH", path: path, sql: sql)
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            return StorageError(code: rc, message: "\(path): this is not a Casebook database or it is damaged (\(message)); restore it from a backup or pass another --db PATH. Nothing was changed", path: path, sql: sql)
        case SQLITE_CANTOPEN:
            return StorageError(code: rc, message: "\(path): cannot open the database (\(message)); check that its folder exists and is writable", path: path, sql: sql)
        case SQLITE_FULL:
            return StorageError(code: rc, message: "\(path): the disk is full (\(message)); the last change was not saved", path: path, sql: sql)
        default:
            return StorageError(code: rc, message: "\(path): database error \(rc): \(message)", path: path, sql: sql)
        }
    }

    private func check(_ rc: Int32, _ sql: String) throws(RecordsError) {
        guard rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW else {
            var e = Self.describe(rc, String(cString: sqlite3_errmsg(handle)), path: path, sql: sql)
            if rc & 0xFF != SQLITE_BUSY && rc & 0xFF != SQLITE_READONLY && rc & 0xFF != SQLITE_CORRUPT && rc & 0xFF != SQLITE_NOTADB {
                e.message += " (in: \(sql.prefix(80)))"
            }
            throw .storage(e)
        }
    }

    /// Runs statements that return no rows.
    public func execute(_ sql: String) throws(RecordsError) {
        lock.lock()
        defer { lock.unlock() }
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if let error { sqlite3_free(error) }
        try check(rc, sql)
    }

    /// The prepared statement for `sql`, from the cache or newly prepared (and cached while
    /// there is room). Call with `lock` held; reset the statement when done with it.
    private func prepared(_ sql: String) throws(RecordsError) -> Statement {
        if let cached = statements[sql] { return cached }
        let statement = try Statement(handle, sql) { rc throws(RecordsError) in try check(rc, sql) }
        if statements.count < Self.statementCacheSize { statements[sql] = statement }
        return statement
    }

    /// Runs one statement with parameters and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [SQLValue] = []) throws(RecordsError) -> [[SQLValue]] {
        lock.lock()
        defer { lock.unlock() }
        let prepared = try prepared(sql)
        guard let statement = prepared.handle else { return [] }
        // Reset at once, so a kept statement holds no read transaction or bound text.
        defer { sqlite3_reset(statement); sqlite3_clear_bindings(statement) }
        try bind(parameters, to: statement, sql)
        var rows: [[SQLValue]] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { try check(rc, sql); break }
            var row: [SQLValue] = []
            for c in 0..<sqlite3_column_count(statement) {
                switch sqlite3_column_type(statement, c) {
                case SQLITE_INTEGER: row.append(.integer(sqlite3_column_int64(statement, c)))
                case SQLITE_FLOAT: row.append(.real(sqlite3_column_double(statement, c)))
                case SQLITE_NULL: row.append(.null)
                default: row.append(.text(sqlite3_column_text(statement, c).map { String(cString: $0) } ?? ""))
                }
            }
            rows.append(row)
        }
        return rows
    }

    /// Runs one statement that returns no rows (an INSERT) and returns the rowid of the last
    /// insert: `query` without collecting rows or taking the lock twice, for bulk inserts.
    @discardableResult
    public func insert(_ sql: String, _ parameters: [SQLValue]) throws(RecordsError) -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        let prepared = try prepared(sql)
        if let statement = prepared.handle {
            defer { sqlite3_reset(statement); sqlite3_clear_bindings(statement) }
            try bind(parameters, to: statement, sql)
            while true {
                let rc = sqlite3_step(statement)
                if rc == SQLITE_DONE { break }
                guard rc == SQLITE_ROW else { try check(rc, sql); break }
            }
        }
        return sqlite3_last_insert_rowid(handle)
    }

    /// Runs one statement and calls `body` with each row as it is stepped, without collecting
    /// the rows: for scans over millions of rows. The row is only valid inside `body`.
    public func forEachRow(_ sql: String, _ parameters: [SQLValue] = [], _ body: (SQLRow) -> Void) throws(RecordsError) {
        lock.lock()
        defer { lock.unlock() }
        var statement: OpaquePointer?
        try check(sqlite3_prepare_v2(handle, sql, -1, &statement, nil), sql)
        guard let statement else { return }
        defer { sqlite3_finalize(statement) }
        try bind(parameters, to: statement, sql)
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { try check(rc, sql); break }
            body(SQLRow(statement: statement))
        }
    }

    private func bind(_ parameters: [SQLValue], to statement: OpaquePointer, _ sql: String) throws(RecordsError) {
        for (i, p) in parameters.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch p {
            case .null: rc = sqlite3_bind_null(statement, index)
            case .integer(let v): rc = sqlite3_bind_int64(statement, index, v)
            case .real(let v): rc = sqlite3_bind_double(statement, index, v)
            case .text(let v): rc = sqlite3_bind_text(statement, index, v, -1, SQLITE_TRANSIENT)
            }
            try check(rc, sql)
        }
    }

    /// The rowid of the last insert (read it inside the transaction that inserted).
    public var lastInsertID: Int64 {
        lock.lock()
        defer { lock.unlock() }
        return sqlite3_last_insert_rowid(handle)
    }

    /// How many rows the last INSERT, UPDATE or DELETE changed.
    public var changes: Int {
        lock.lock()
        defer { lock.unlock() }
        return Int(sqlite3_changes64(handle))
    }

    /// Runs `body` in a transaction that is committed (durably) only if it returns.
    public func transaction<T>(_ body: () throws(RecordsError) -> T) throws(RecordsError) -> T {
        lock.lock()
        defer { lock.unlock() }
        try query("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try query("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// A transaction: BEGIN IMMEDIATE takes the write lock, so it runs alone already.
    public func isolatedTransaction<T>(_ body: () throws(RecordsError) -> T) throws(RecordsError) -> T {
        try transaction(body)
    }

    /// `body`: a failed statement leaves a SQLite transaction usable.
    public func savepoint<T>(_ body: () throws(RecordsError) -> T) throws(RecordsError) -> T {
        try body()
    }
}

/// One row of a running scan (`forEachRow`); read its columns inside the callback only.
/// A SQLite row is read from its statement in place; another engine's row is its values.
public struct SQLRow {
    fileprivate let statement: OpaquePointer?
    private let values: [SQLValue]

    fileprivate init(statement: OpaquePointer) {
        self.statement = statement
        values = []
    }

    /// A row of values read by another engine.
    init(values: [SQLValue]) {
        statement = nil
        self.values = values
    }

    /// The column as an integer.
    public func int(_ column: Int32) -> Int64 {
        guard let statement else { return values[Int(column)].int ?? 0 }
        return sqlite3_column_int64(statement, column)
    }
    /// The column as a real.
    public func double(_ column: Int32) -> Double {
        guard let statement else { return values[Int(column)].double ?? 0 }
        return sqlite3_column_double(statement, column)
    }
    /// Calls `body` with the column's text bytes (empty for NULL) without copying them into a
    /// String: the fast path for interning millions of repeated values.
    public func withBytes<R>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard let statement else { return Array(text(column).utf8).withUnsafeBufferPointer(body) }
        let p = sqlite3_column_text(statement, column)
        let count = Int(sqlite3_column_bytes(statement, column))
        return body(UnsafeBufferPointer(start: p, count: p == nil ? 0 : count))
    }

    /// The column as text ("" for NULL).
    public func text(_ column: Int32) -> String {
        guard let statement else {
            switch values[Int(column)] {
            case .null: return ""
            case .integer(let i): return String(i)
            case .real(let d): return String(d)
            case .text(let s): return s
            }
        }
        guard let p = sqlite3_column_text(statement, column) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
    }

    /// How many columns the row has.
    public var count: Int {
        guard let statement else { return values.count }
        return Int(sqlite3_column_count(statement))
    }

    /// The column as a typed value.
    public func value(_ column: Int32) -> SQLValue {
        guard let statement else { return values[Int(column)] }
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
        case SQLITE_NULL: return .null
        default: return .text(text(column))
        }
    }
}
