import CLibPQ
import Foundation

// The only file that imports libpq. Everything leaving it is a Swift value.

/// PostgreSQL's type ids (pg_type.oid) that come back as numbers; every other type is text.
private enum TypeID {
    static let bool: Oid = 16, int8: Oid = 20, int2: Oid = 21, int4: Oid = 23, oid: Oid = 26
    static let float4: Oid = 700, float8: Oid = 701, numeric: Oid = 1700
    /// "Unknown": the server infers the parameter's type from where it is used, as SQLite does.
    static let unknown: Oid = 0
}

/// A result, cleared when released.
private final class QueryResult {
    let handle: OpaquePointer?
    init(_ handle: OpaquePointer?) { self.handle = handle }
    deinit { PQclear(handle) }
}

/// An open PostgreSQL connection (libpq), used by one thread at a time like `SQLiteDatabase`:
/// a recursive lock covers statements and whole transactions. SQL is written with `?`
/// placeholders, numbered `$1, $2...` here. A connection that was lost (the server restarted)
/// is reset before the next statement outside a transaction; inside one, every later
/// statement and the COMMIT fail, so nothing of a lost transaction is reported as saved.
public final class PostgreSQLDatabase: Database, @unchecked Sendable {
    /// PostgreSQL.
    public var engine: Engine { .postgres }
    /// The URL without its password, for messages.
    public let path: String
    private let connection: OpaquePointer
    private let lock = NSRecursiveLock()
    /// Guarded by `lock`: rows changed by the last statement, and `?` SQL numbered for PostgreSQL.
    private var lastChanges = 0
    /// Guarded by `lock`: the result of the last `execute` (COMMIT's status is read from it).
    private var lastResult: QueryResult?
    private var numbered: [String: String] = [:]
    /// Guarded by `lock`: the statements prepared on this connection (`PQprepare`), by name;
    /// emptied when the connection is reset (a new server session has none).
    private var prepared: Set<String> = []
    /// Where the server is, for messages: "host H, port P, database D".
    private let target: String
    /// Guarded by `lock`: open transactions (and savepoints) on this connection, and whether
    /// the connection was lost inside the current transaction.
    private var depth = 0
    private var lostInTransaction = false
    private var savepoints = 0
    /// The session settings, run on every new connection (at open and after a reset).
    private static let settings = "SET client_min_messages = warning; SET synchronous_commit = on"

    /// Connects to the server at `url` (`postgres://user[:password]@host:port/dbname`, or any
    /// libpq connection string). The password is never part of a message.
    public init(url: String) throws(RecordsError) {
        path = Self.redacted(url)
        guard let conn = Self.connect(url) else {
            throw .storage(StorageError(code: 0, message: "\(path): out of memory while connecting to PostgreSQL", path: path))
        }
        let described = Self.target(conn, url: url)
        target = described
        guard PQstatus(conn) == CONNECTION_OK else {
            let reason = Self.clean(String(cString: PQerrorMessage(conn)))
            PQfinish(conn)
            throw .storage(StorageError(code: 0, message: """
                cannot connect to PostgreSQL at \(described) (\(reason)); check that the server is running and \
                accepts TCP connections there, that the database exists (createdb), and the user and its password \
                (in the URL, ~/.pgpass or PGPASSWORD)
                """, path: path))
        }
        connection = conn
        // Notices (a table that already exists...) would go to stderr; warnings and errors still come back.
        try execute(Self.settings)
    }

    deinit { PQfinish(connection) }

    /// Settings a URL may override: give up connecting after 10 s (a server that accepts
    /// but does not answer, a host gone), and TCP keepalives, so a connection to a machine
    /// that vanished fails in about a minute instead of holding the requests behind it.
    /// PQreset reuses them.
    static let connectionDefaults = [("connect_timeout", "10"), ("keepalives", "1"), ("keepalives_idle", "30"),
                                     ("keepalives_interval", "10"), ("keepalives_count", "3")]

    /// Connects with `connectionDefaults`, then the URL's own parameters (which win: libpq
    /// lets a later keyword override an earlier one, and the URL is expanded last).
    private static func connect(_ url: String) -> OpaquePointer? {
        let pairs = connectionDefaults + [("dbname", url)]
        let keys: [UnsafeMutablePointer<CChar>?] = pairs.map { strdup($0.0) } + [nil]
        let values: [UnsafeMutablePointer<CChar>?] = pairs.map { strdup($0.1) } + [nil]
        defer { for p in keys + values { free(p) } }
        return keys.map { UnsafePointer($0) }.withUnsafeBufferPointer { k in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { v in PQconnectdbParams(k.baseAddress, v.baseAddress, 1) }
        }
    }

    /// `url` without a password, in the URL or in its query (`?password=`).
    static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return "PostgreSQL (connection string not shown)" }
        parts.password = nil
        parts.queryItems = parts.queryItems?.filter { $0.name.lowercased() != "password" }
        if parts.queryItems?.isEmpty == true { parts.queryItems = nil }
        return parts.string ?? "PostgreSQL (connection string not shown)"
    }

    private static func target(_ conn: OpaquePointer, url: String) -> String {
        func text(_ p: UnsafeMutablePointer<CChar>?) -> String? { p.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } }
        let parts = URLComponents(string: url)
        let host = text(PQhost(conn)) ?? parts?.host ?? "localhost"
        let port = text(PQport(conn)) ?? parts?.port.map(String.init) ?? "5432"
        let db = text(PQdb(conn)) ?? String(parts?.path.dropFirst() ?? "")
        return "host \(host), port \(port), database \(db)"
    }

    /// libpq's message on one line.
    private static func clean(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    /// Before a statement: a connection the server dropped (a restart ends idle connections
    /// too, which libpq learns only by reading) is reset outside a transaction, so the
    /// statement runs on a new one; inside a transaction the statement fails, since what the
    /// transaction did before is gone. Call with `lock` held.
    private func reconnectIfLost(_ sql: String) throws(RecordsError) {
        if PQstatus(connection) == CONNECTION_OK, depth == 0 {
            // Reads what the server sent while the connection was idle (a FATAL before it closes it).
            _ = PQconsumeInput(connection)
        }
        if depth > 0, lostInTransaction || PQstatus(connection) == CONNECTION_BAD {
            lostInTransaction = true
            throw lost("the connection was lost during the transaction", sql)
        }
        guard PQstatus(connection) == CONNECTION_BAD else { return }
        prepared = []
        PQreset(connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            throw lost(Self.clean(String(cString: PQerrorMessage(connection))), sql)
        }
        let result = QueryResult(PQexec(connection, Self.settings))
        try check(result, Self.settings)
    }

    /// The error for a statement that could not run because the server is gone.
    private func lost(_ reason: String, _ sql: String) -> RecordsError {
        .storage(StorageError(code: 0, message: "lost the connection to PostgreSQL at \(target) (\(reason)); the change was not saved: try again once the server is back",
                              path: path, sql: sql))
    }

    /// Checks a result: throws with the server's message, SQLSTATE and the statement.
    private func check(_ result: QueryResult, _ sql: String) throws(RecordsError) {
        let status = PQresultStatus(result.handle)
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_SINGLE_TUPLE, PGRES_EMPTY_QUERY: return
        default:
            let message = Self.clean(result.handle.map { String(cString: PQresultErrorMessage($0)) } ?? String(cString: PQerrorMessage(connection)))
            let state = result.handle.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) } ?? ""
            if PQstatus(connection) == CONNECTION_BAD {
                if depth > 0 { lostInTransaction = true }
                throw lost(message, sql)
            }
            throw .storage(StorageError(code: 0, message: "\(path): PostgreSQL error \(state): \(message) (in: \(sql.prefix(80)))", path: path, sql: sql, state: state))
        }
    }

    /// `sql` with its `?` placeholders numbered `$1, $2...` (not inside quotes). Call with `lock` held.
    private func numbered(_ sql: String) -> String {
        if let done = numbered[sql] { return done }
        var out = ""
        var n = 0
        var quote: Character?
        for c in sql {
            if let q = quote {
                if c == q { quote = nil }
                out.append(c)
            } else if c == "'" || c == "\"" {
                quote = c
                out.append(c)
            } else if c == "?" {
                n += 1
                out += "$\(n)"
            } else {
                out.append(c)
            }
        }
        if numbered.count < 512 { numbered[sql] = out }
        return out
    }

    /// Sends `sql` with its parameters as text (numbers typed, text left for the server to infer).
    private func withParameters<R>(_ parameters: [SQLValue], _ body: (Int32, UnsafePointer<Oid>, UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        var types: [Oid] = []
        var texts: [String?] = []
        for p in parameters {
            switch p {
            case .null: types.append(TypeID.unknown); texts.append(nil)
            case .integer(let i): types.append(TypeID.int8); texts.append(String(i))
            case .real(let d):
                types.append(TypeID.float8)
                texts.append(d.isNaN ? "NaN" : d.isInfinite ? (d < 0 ? "-Infinity" : "Infinity") : String(d))
            case .text(let s): types.append(TypeID.unknown); texts.append(s)
            }
        }
        let pointers: [UnsafeMutablePointer<CChar>?] = texts.map { $0.map { strdup($0) } ?? nil }
        defer { for p in pointers { free(p) } }
        return types.withUnsafeBufferPointer { t in
            pointers.map { UnsafePointer($0) }.withUnsafeBufferPointer { v in
                body(Int32(parameters.count), t.baseAddress ?? UnsafePointer(bitPattern: 8)!, v.baseAddress ?? UnsafePointer(bitPattern: 8)!)
            }
        }
    }

    /// One value of a result, typed by its column's type.
    private static func value(_ result: OpaquePointer, _ row: Int32, _ column: Int32) -> SQLValue {
        if PQgetisnull(result, row, column) == 1 { return .null }
        let text = String(cString: PQgetvalue(result, row, column))
        switch PQftype(result, column) {
        case TypeID.int8, TypeID.int2, TypeID.int4, TypeID.oid: return Int64(text).map(SQLValue.integer) ?? .text(text)
        case TypeID.bool: return .integer(text == "t" ? 1 : 0)
        case TypeID.float4, TypeID.float8: return Double(text).map(SQLValue.real) ?? .text(text)
        case TypeID.numeric:
            // SUM of integers is numeric in PostgreSQL: whole numbers stay integers, as in SQLite.
            if let i = Int64(text) { return .integer(i) }
            return Double(text).map(SQLValue.real) ?? .text(text)
        default: return .text(text)
        }
    }

    private static func rows(_ result: OpaquePointer) -> [[SQLValue]] {
        let columns = PQnfields(result)
        return (0..<PQntuples(result)).map { r in (0..<columns).map { c in value(result, r, c) } }
    }

    /// The rows an INSERT, UPDATE or DELETE changed; for any other statement the count stays
    /// that of the last one of those, as SQLite's `changes()` (a SELECT's row count is no change).
    private func changes(of result: QueryResult) -> Int {
        guard let handle = result.handle, let status = PQcmdStatus(handle), let text = PQcmdTuples(handle) else { return lastChanges }
        let command = String(cString: status)
        guard ["INSERT", "UPDATE", "DELETE", "MERGE"].contains(where: { command.hasPrefix($0) }) else { return lastChanges }
        return Int(String(cString: text)) ?? 0
    }

    /// Runs statements that return no rows (several, separated by semicolons).
    public func execute(_ sql: String) throws(RecordsError) {
        lock.lock()
        defer { lock.unlock() }
        try reconnectIfLost(sql)
        let result = QueryResult(PQexec(connection, sql))
        try check(result, sql)
        lastChanges = changes(of: result)
        lastResult = result
    }

    /// Runs one statement with parameters and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [SQLValue] = []) throws(RecordsError) -> [[SQLValue]] {
        lock.lock()
        defer { lock.unlock() }
        try reconnectIfLost(sql)
        let text = numbered(sql)
        let result = QueryResult(withParameters(parameters) { n, types, values in
            PQexecParams(connection, text, n, types, values, nil, nil, 0)
        })
        try check(result, sql)
        lastChanges = changes(of: result)
        return result.handle.map(Self.rows) ?? []
    }

    /// Runs one statement with parameters like `query`, prepared once on this connection
    /// under `name` (`PQprepare`, then `PQexecPrepared`): the server parses and plans it once
    /// instead of on every call. For a statement run many times a second with the same text
    /// (`name` must always be given the same `sql`).
    @discardableResult
    public func queryPrepared(_ name: String, _ sql: String, _ parameters: [SQLValue]) throws(RecordsError) -> [[SQLValue]] {
        lock.lock()
        defer { lock.unlock() }
        try reconnectIfLost(sql)
        if !prepared.contains(name) {
            let result = QueryResult(PQprepare(connection, name, numbered(sql), 0, nil))
            try check(result, sql)
            prepared.insert(name)
        }
        let result = QueryResult(withParameters(parameters) { n, _, values in
            // (the types were inferred when it was prepared)
            PQexecPrepared(connection, name, n, values, nil, nil, 0)
        })
        try check(result, sql)
        lastChanges = changes(of: result)
        return result.handle.map(Self.rows) ?? []
    }

    /// Runs one INSERT and returns the id it generated (the session's last sequence value).
    @discardableResult
    public func insert(_ sql: String, _ parameters: [SQLValue]) throws(RecordsError) -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        try query(sql, parameters)
        return lastInsertID
    }

    /// Runs one statement and calls `body` with each row as it arrives (libpq's single-row
    /// mode), without collecting them: for scans over millions of rows.
    public func forEachRow(_ sql: String, _ parameters: [SQLValue] = [], _ body: (SQLRow) -> Void) throws(RecordsError) {
        lock.lock()
        defer { lock.unlock() }
        try reconnectIfLost(sql)
        let text = numbered(sql)
        let sent = withParameters(parameters) { n, types, values in
            PQsendQueryParams(connection, text, n, types, values, nil, nil, 0)
        }
        guard sent == 1 else { try check(QueryResult(nil), sql); return }
        PQsetSingleRowMode(connection)
        var failure: RecordsError?
        // Every result must be read, even after a failure, before the connection takes another statement.
        while let handle = PQgetResult(connection) {
            let result = QueryResult(handle)
            guard failure == nil else { continue }
            do throws(RecordsError) { try check(result, sql) } catch { failure = error; continue }
            if PQresultStatus(handle) == PGRES_SINGLE_TUPLE {
                body(SQLRow(values: (0..<PQnfields(handle)).map { c in Self.value(handle, 0, c) }))
            }
        }
        if let failure { throw failure }
    }

    /// The id generated by the last insert on this connection (PostgreSQL's `lastval()`).
    public var lastInsertID: Int64 {
        lock.lock()
        defer { lock.unlock() }
        let saved = lastChanges
        defer { lastChanges = saved }
        return (try? query("SELECT lastval()"))?.first?.first?.int ?? 0
    }

    /// How many rows the last INSERT, UPDATE or DELETE changed.
    public var changes: Int {
        lock.lock()
        defer { lock.unlock() }
        return lastChanges
    }

    /// Runs `body` in a transaction that is committed (durably: synchronous commit) only if it
    /// returns and the server committed it: a transaction the server aborted (a failed statement
    /// whose error `body` caught) or whose connection was lost throws instead of returning.
    public func transaction<T>(_ body: () throws(RecordsError) -> T) throws(RecordsError) -> T {
        try run("BEGIN", body)
    }

    /// How many times `isolatedTransaction` runs its body when it keeps losing races.
    static let conflictAttempts = 8

    /// A SERIALIZABLE transaction, run again (after a short random pause) when the server
    /// reports a serialization failure or a deadlock.
    public func isolatedTransaction<T>(_ body: () throws(RecordsError) -> T) throws(RecordsError) -> T {
        lock.lock()
        defer { lock.unlock() }
        var attempt = 0
        while true {
            attempt += 1
            do throws(RecordsError) {
                return try run("BEGIN ISOLATION LEVEL SERIALIZABLE", body)
            } catch .storage(let e) where e.isConflict && attempt < Self.conflictAttempts && depth == 0 {
                usleep(UInt32.random(in: 1_000...(5_000 * UInt32(attempt))))
            }
        }
    }

    /// A SAVEPOINT around `body`: rolled back to when `body` throws, so the transaction goes on.
    public func savepoint<T>(_ body: () throws(RecordsError) -> T) throws(RecordsError) -> T {
        lock.lock()
        defer { lock.unlock() }
        savepoints += 1
        let name = "s\(savepoints)"
        defer { savepoints -= 1 }
        try execute("SAVEPOINT \(name)")
        do throws(RecordsError) {
            let value = try body()
            try execute("RELEASE SAVEPOINT \(name)")
            return value
        } catch {
            try execute("ROLLBACK TO SAVEPOINT \(name)")
            throw error
        }
    }

    private func run<T>(_ begin: String, _ body: () throws(RecordsError) -> T) throws(RecordsError) -> T {
        lock.lock()
        defer { lock.unlock() }
        try execute(begin)
        depth += 1
        defer {
            depth -= 1
            if depth == 0 { lostInTransaction = false }
        }
        let value: T
        do throws(RecordsError) {
            value = try body()
        } catch {
            if !lostInTransaction, PQstatus(connection) == CONNECTION_OK { try? execute("ROLLBACK") }
            throw error
        }
        // A COMMIT that fails ends the transaction too (rolled back, or the connection gone).
        try execute("COMMIT")
        // COMMIT of a transaction the server aborted answers ROLLBACK, without an error.
        if let status = PQcmdStatus(lastResult?.handle), String(cString: status) == "ROLLBACK" {
            throw .storage(StorageError(code: 0, message: "\(path): the transaction was rolled back (a statement in it failed); nothing of it was saved", path: path, sql: "COMMIT"))
        }
        return value
    }
}
