import Foundation

/// Read-only connections for the lookup nearly every API request makes first, who its session
/// belongs to, opened as needed up to a limit and reused. With the one `reader` connection,
/// every request on every server thread queued for the same lock for that lookup (behind a
/// question's, a home's or a report's reads), and a thread holding it that the system paused
/// held up all the others: at 64 connections on a loaded 2-core machine, media requests' p99
/// was many times their median. Each connection keeps its own prepared statements. Nothing is
/// cached: the lookup reads the database every time, so a logout or a revoke (from any
/// process, or any server instance on the same PostgreSQL database) takes effect at once.
final class ReadConnections: @unchecked Sendable {
    /// Where the records are (a SQLite file or a PostgreSQL URL).
    private let location: String
    /// Connections open at most; a request finding all in use waits for one.
    let limit: Int
    private let condition = NSCondition()
    /// Guarded by `condition`: connections not in use, and how many are open in all.
    private var idle: [any Database] = []
    private var open = 0

    init(location: String, limit: Int) {
        self.location = location
        self.limit = max(1, limit)
    }

    /// Runs `body` with a connection no other thread uses meanwhile.
    func read<T>(_ body: (any Database) throws(RecordsError) -> T) throws(RecordsError) -> T {
        let connection = try take()
        defer { give(connection) }
        return try body(connection)
    }

    private func take() throws(RecordsError) -> any Database {
        condition.lock()
        while idle.isEmpty && open >= limit { condition.wait() }
        if let connection = idle.popLast() {
            condition.unlock()
            return connection
        }
        open += 1
        condition.unlock()
        do throws(RecordsError) {
            let connection = try openDatabase(location, readOnly: true)
            if connection.engine == .postgres { try connection.execute("SET default_transaction_read_only = on") }
            return connection
        } catch {
            condition.lock()
            open -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    private func give(_ connection: any Database) {
        condition.lock()
        idle.append(connection)
        condition.signal()
        condition.unlock()
    }

    /// Connections open now (tests).
    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return open
    }
}
