import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A learner: a moderator who takes quizzes.
public struct Learner: Sendable, Equatable {
    public var id: String
    public var name: String
    public var team: String
    public var vendor: String
    public var market: String
    public var startDate: String
    public init(id: String, name: String, team: String = "", vendor: String = "", market: String = "", startDate: String = "") {
        self.id = id; self.name = name; self.team = team; self.vendor = vendor; self.market = market; self.startDate = startDate
    }
}

/// A stored attempt.
public struct AttemptRecord: Sendable, Equatable {
    public var id: Int64
    public var learnerID: String
    public var blueprintID: String
    public var seed: UInt64
    public var contentVersion: String
    public var mode: String
    public var startedAt: String
    public var finishedAt: String?
    public var percent: Double?
    public var passed: Bool?
    /// The drawn items as JSON, so the attempt can be shown and graded as it was.
    public var itemsJSON: String
}

/// A stored response.
public struct ResponseRecord: Sendable, Equatable {
    public var attemptID: Int64
    public var position: Int
    public var itemID: String
    public var itemVersion: String
    public var kind: String
    /// Chosen option keys, comma-separated.
    public var chosen: String
    public var score: Double
    public var answeredAt: String

    public init(attemptID: Int64, position: Int, itemID: String, itemVersion: String, kind: String, chosen: String, score: Double, answeredAt: String) {
        self.attemptID = attemptID; self.position = position; self.itemID = itemID; self.itemVersion = itemVersion
        self.kind = kind; self.chosen = chosen; self.score = score; self.answeredAt = answeredAt
    }
}

/// The records database: learners, attempts, responses, contests.
public final class Records: @unchecked Sendable {
    /// The connection that writes (and reads inside write transactions).
    public let db: SQLiteDatabase
    /// A second connection for lookups, so reads never wait for a commit's disk flush (WAL).
    let reader: SQLiteDatabase

    /// Schema migrations, applied in order; `PRAGMA user_version` holds how many ran.
    static let migrations: [String] = [
        """
        CREATE TABLE learners (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, team TEXT NOT NULL DEFAULT '', vendor TEXT NOT NULL DEFAULT '',
            market TEXT NOT NULL DEFAULT '', start_date TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL);
        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY, learner_id TEXT NOT NULL REFERENCES learners(id), blueprint_id TEXT NOT NULL,
            seed TEXT NOT NULL, content_version TEXT NOT NULL, mode TEXT NOT NULL, started_at TEXT NOT NULL,
            finished_at TEXT, percent REAL, passed INTEGER, items TEXT NOT NULL);
        CREATE INDEX attempts_by_learner ON attempts(learner_id, blueprint_id);
        CREATE TABLE responses (
            attempt_id INTEGER NOT NULL REFERENCES attempts(id), position INTEGER NOT NULL, item_id TEXT NOT NULL,
            item_version TEXT NOT NULL, kind TEXT NOT NULL, chosen TEXT NOT NULL, score REAL NOT NULL, answered_at TEXT NOT NULL,
            PRIMARY KEY (attempt_id, position));
        CREATE INDEX responses_by_item ON responses(item_id);
        CREATE TABLE contests (
            id INTEGER PRIMARY KEY, attempt_id INTEGER NOT NULL REFERENCES attempts(id), position INTEGER NOT NULL,
            item_id TEXT NOT NULL, learner_id TEXT NOT NULL, comment TEXT NOT NULL, created_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open', resolution TEXT NOT NULL DEFAULT '');
        """,
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY, role TEXT NOT NULL, team TEXT NOT NULL DEFAULT '', market TEXT NOT NULL DEFAULT '',
            token_hash TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT);
        CREATE TABLE sessions (
            id_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), expires_at TEXT NOT NULL);
        """,
    ]

    /// Opens the database at `path`, creating it and its folder if needed, and migrates it.
    public init(path: String) throws(RecordsError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw RecordsError(message: "\(folder): cannot create the data folder (\(error.localizedDescription)); pass a writable --db PATH", code: 0)
            }
        }
        db = try SQLiteDatabase(path: path)
        reader = try SQLiteDatabase(path: path)
        try migrate()
    }

    /// The schema version this build of Casebook writes.
    public static var schemaVersion: Int { migrations.count }

    func migrate() throws(RecordsError) {
        let current = Int(try db.query("PRAGMA user_version").first?.first?.int ?? 0)
        if current > Self.migrations.count {
            throw RecordsError(message: "\(db.path): the database was written by a newer Casebook (schema \(current), this one knows \(Self.migrations.count)); upgrade Casebook", code: 0)
        }
        for version in current..<Self.migrations.count {
            try db.transaction { () throws(RecordsError) in
                try db.execute(Self.migrations[version])
                try db.execute("PRAGMA user_version = \(version + 1)")
            }
        }
    }

    static func now() -> String { Timestamp.iso(Date(), milliseconds: true) }

    // MARK: - Learners

    public func addLearner(_ l: Learner) throws(RecordsError) {
        if try learner(l.id) != nil {
            throw RecordsError(message: "learner '\(l.id)' already exists", code: 0)
        }
        try db.query("INSERT INTO learners (id, name, team, vendor, market, start_date, created_at) VALUES (?,?,?,?,?,?,?)",
                     [.text(l.id), .text(l.name), .text(l.team), .text(l.vendor), .text(l.market), .text(l.startDate), .text(Self.now())])
    }

    public func learner(_ id: String) throws(RecordsError) -> Learner? {
        try reader.query("SELECT id, name, team, vendor, market, start_date FROM learners WHERE id = ?", [.text(id)]).first.map(Self.learner)
    }

    public func learners() throws(RecordsError) -> [Learner] {
        try reader.query("SELECT id, name, team, vendor, market, start_date FROM learners ORDER BY id").map(Self.learner)
    }

    static func learner(_ r: [SQLValue]) -> Learner {
        Learner(id: r[0].string ?? "", name: r[1].string ?? "", team: r[2].string ?? "", vendor: r[3].string ?? "",
                market: r[4].string ?? "", startDate: r[5].string ?? "")
    }

    // MARK: - Attempts and responses

    public func startAttempt(learnerID: String, blueprintID: String, seed: UInt64, contentVersion: String, mode: String, itemsJSON: String) throws(RecordsError) -> Int64 {
        try db.transaction { () throws(RecordsError) in
            try db.query("INSERT INTO attempts (learner_id, blueprint_id, seed, content_version, mode, started_at, items) VALUES (?,?,?,?,?,?,?)",
                         [.text(learnerID), .text(blueprintID), .text(String(seed)), .text(contentVersion), .text(mode), .text(Self.now()), .text(itemsJSON)])
            return db.lastInsertID
        }
    }

    /// Records an answer durably: it returns only after the transaction holding it is
    /// committed with a full sync. Answers arriving together share one commit (group
    /// commit), so many learners answering at once cost one disk flush, not one each.
    /// Answering the same question again returns the stored response unchanged
    /// (idempotent), so a retried submission cannot change a grade.
    @discardableResult
    public func recordResponse(_ r: ResponseRecord) throws(RecordsError) -> ResponseRecord {
        try committer.submit(r)
    }

    /// Writes one response inside the current transaction.
    func insertResponse(_ r: ResponseRecord) throws(RecordsError) -> ResponseRecord {
        if let existing = try db.query("SELECT attempt_id, position, item_id, item_version, kind, chosen, score, answered_at FROM responses WHERE attempt_id = ? AND position = ?",
                                       [.integer(r.attemptID), .integer(Int64(r.position))]).first.map(Self.response) { return existing }
        guard let state = try db.query("SELECT finished_at FROM attempts WHERE id = ?", [.integer(r.attemptID)]).first else {
            throw RecordsError(message: "attempt \(r.attemptID) does not exist", code: 0)
        }
        if state[0] != .null { throw RecordsError(message: "attempt \(r.attemptID) is finished; no more answers are accepted", code: 409) }
        try db.query("INSERT INTO responses (attempt_id, position, item_id, item_version, kind, chosen, score, answered_at) VALUES (?,?,?,?,?,?,?,?)",
                     [.integer(r.attemptID), .integer(Int64(r.position)), .text(r.itemID), .text(r.itemVersion), .text(r.kind),
                      .text(r.chosen), .real(r.score), .text(r.answeredAt.isEmpty ? Self.now() : r.answeredAt)])
        return r
    }

    private lazy var committer = GroupCommitter(records: self)

    public func response(attemptID: Int64, position: Int) throws(RecordsError) -> ResponseRecord? {
        try reader.query("SELECT attempt_id, position, item_id, item_version, kind, chosen, score, answered_at FROM responses WHERE attempt_id = ? AND position = ?",
                     [.integer(attemptID), .integer(Int64(position))]).first.map(Self.response)
    }

    public func responses(attemptID: Int64) throws(RecordsError) -> [ResponseRecord] {
        try reader.query("SELECT attempt_id, position, item_id, item_version, kind, chosen, score, answered_at FROM responses WHERE attempt_id = ? ORDER BY position",
                     [.integer(attemptID)]).map(Self.response)
    }

    static func response(_ r: [SQLValue]) -> ResponseRecord {
        ResponseRecord(attemptID: r[0].int ?? 0, position: Int(r[1].int ?? 0), itemID: r[2].string ?? "", itemVersion: r[3].string ?? "",
                       kind: r[4].string ?? "", chosen: r[5].string ?? "", score: r[6].double ?? 0, answeredAt: r[7].string ?? "")
    }

    public func finishAttempt(_ id: Int64, percent: Double, passed: Bool) throws(RecordsError) {
        try db.query("UPDATE attempts SET finished_at = ?, percent = ?, passed = ? WHERE id = ? AND finished_at IS NULL",
                     [.text(Self.now()), .real(percent), .integer(passed ? 1 : 0), .integer(id)])
    }

    /// With `items: false` the stored questions are left out (`itemsJSON` is empty): the
    /// cheap form for permission checks and listings.
    public func attempt(_ id: Int64, items: Bool = true) throws(RecordsError) -> AttemptRecord? {
        try reader.query("SELECT \(items ? Self.attemptColumns : Self.attemptColumnsWithoutItems) FROM attempts WHERE id = ?", [.integer(id)]).first.map(Self.attempt)
    }

    public func attempts(learnerID: String? = nil, blueprintID: String? = nil, items: Bool = true) throws(RecordsError) -> [AttemptRecord] {
        var sql = "SELECT \(items ? Self.attemptColumns : Self.attemptColumnsWithoutItems) FROM attempts WHERE 1=1"
        var params: [SQLValue] = []
        if let learnerID { sql += " AND learner_id = ?"; params.append(.text(learnerID)) }
        if let blueprintID { sql += " AND blueprint_id = ?"; params.append(.text(blueprintID)) }
        return try reader.query(sql + " ORDER BY id", params).map(Self.attempt)
    }

    /// How many attempts a learner has finished at a blueprint.
    public func finishedAttempts(learnerID: String, blueprintID: String) throws(RecordsError) -> Int {
        Int(try reader.query("SELECT COUNT(*) FROM attempts WHERE learner_id = ? AND blueprint_id = ? AND finished_at IS NOT NULL",
                         [.text(learnerID), .text(blueprintID)]).first?.first?.int ?? 0)
    }

    static let attemptColumns = "id, learner_id, blueprint_id, seed, content_version, mode, started_at, finished_at, percent, passed, items"
    static let attemptColumnsWithoutItems = "id, learner_id, blueprint_id, seed, content_version, mode, started_at, finished_at, percent, passed, ''"

    static func attempt(_ r: [SQLValue]) -> AttemptRecord {
        AttemptRecord(id: r[0].int ?? 0, learnerID: r[1].string ?? "", blueprintID: r[2].string ?? "", seed: UInt64(r[3].string ?? "0") ?? 0,
                      contentVersion: r[4].string ?? "", mode: r[5].string ?? "", startedAt: r[6].string ?? "", finishedAt: r[7].string,
                      percent: r[8].double, passed: r[9].int.map { $0 != 0 }, itemsJSON: r[10].string ?? "[]")
    }

    /// What a learner has seen: item id -> (times, last date YYYY-MM-DD).
    /// With `before`, only answers given before that time (to re-create an old draw).
    public func seenItems(learnerID: String, before: String? = nil) throws(RecordsError) -> [String: (count: Int, last: String)] {
        var out: [String: (Int, String)] = [:]
        for r in try reader.query("""
            SELECT r.item_id, COUNT(*), MAX(r.answered_at) FROM responses r JOIN attempts a ON a.id = r.attempt_id
            WHERE a.learner_id = ? AND r.answered_at < ? GROUP BY r.item_id
            """, [.text(learnerID), .text(before ?? "9999")]) {
            out[r[0].string ?? ""] = (Int(r[1].int ?? 0), String((r[2].string ?? "").prefix(10)))
        }
        return out.mapValues { (count: $0.0, last: $0.1) }
    }

    // MARK: - Users and sessions

    /// Adds a user with the hash of their login token (never the token itself).
    public func addUser(id: String, role: String, team: String, market: String, tokenHash: String) throws(RecordsError) {
        try db.transaction { () throws(RecordsError) in
            if try !db.query("SELECT 1 FROM users WHERE id = ? AND revoked_at IS NULL", [.text(id)]).isEmpty {
                throw RecordsError(message: "user '\(id)' already exists; revoke it first to issue a new token", code: 0)
            }
            try db.query("INSERT OR REPLACE INTO users (id, role, team, market, token_hash, created_at) VALUES (?,?,?,?,?,?)",
                         [.text(id), .text(role), .text(team), .text(market), .text(tokenHash), .text(Self.now())])
        }
    }

    /// Revokes a user's token and ends their sessions. Returns false if there was no such user.
    public func revokeUser(_ id: String) throws(RecordsError) -> Bool {
        try db.transaction { () throws(RecordsError) in
            let found = try !db.query("SELECT 1 FROM users WHERE id = ? AND revoked_at IS NULL", [.text(id)]).isEmpty
            try db.query("UPDATE users SET revoked_at = ? WHERE id = ?", [.text(Self.now()), .text(id)])
            try db.query("DELETE FROM sessions WHERE user_id = ?", [.text(id)])
            return found
        }
    }

    /// The active user whose token has this hash: (id, role, team, market).
    public func user(tokenHash: String) throws(RecordsError) -> (id: String, role: String, team: String, market: String)? {
        try reader.query("SELECT id, role, team, market FROM users WHERE token_hash = ? AND revoked_at IS NULL", [.text(tokenHash)]).first.map {
            ($0[0].string ?? "", $0[1].string ?? "", $0[2].string ?? "", $0[3].string ?? "")
        }
    }

    public func user(id: String) throws(RecordsError) -> (id: String, role: String, team: String, market: String)? {
        try reader.query("SELECT id, role, team, market FROM users WHERE id = ? AND revoked_at IS NULL", [.text(id)]).first.map {
            ($0[0].string ?? "", $0[1].string ?? "", $0[2].string ?? "", $0[3].string ?? "")
        }
    }

    public func addSession(idHash: String, userID: String, expiresAt: String) throws(RecordsError) {
        try db.query("INSERT INTO sessions (id_hash, user_id, expires_at) VALUES (?,?,?)", [.text(idHash), .text(userID), .text(expiresAt)])
    }

    /// The user of a live session.
    public func sessionUser(idHash: String, now: String) throws(RecordsError) -> String? {
        try reader.query("SELECT user_id FROM sessions WHERE id_hash = ? AND expires_at > ?", [.text(idHash), .text(now)]).first?.first?.string
    }

    public func deleteSession(idHash: String) throws(RecordsError) {
        try db.query("DELETE FROM sessions WHERE id_hash = ?", [.text(idHash)])
    }

    // MARK: - Contests

    public func addContest(attemptID: Int64, position: Int, itemID: String, learnerID: String, comment: String) throws(RecordsError) -> Int64 {
        try db.transaction { () throws(RecordsError) in
            try db.query("INSERT INTO contests (attempt_id, position, item_id, learner_id, comment, created_at) VALUES (?,?,?,?,?,?)",
                         [.integer(attemptID), .integer(Int64(position)), .text(itemID), .text(learnerID), .text(comment), .text(Self.now())])
            return db.lastInsertID
        }
    }
}

/// Batches concurrent response writes into one transaction per flush.
final class GroupCommitter: @unchecked Sendable {
    final class Pending {
        let response: ResponseRecord
        var result: Result<ResponseRecord, RecordsError>?
        init(_ r: ResponseRecord) { response = r }
    }

    private unowned let records: Records
    private let condition = NSCondition()
    private var queue: [Pending] = []
    private var writing = false

    init(records: Records) { self.records = records }

    /// Queues `r` and waits for the commit that includes it. The first waiter to find no
    /// write in progress becomes the writer for everything queued by then.
    func submit(_ r: ResponseRecord) throws(RecordsError) -> ResponseRecord {
        let mine = Pending(r)
        condition.lock()
        queue.append(mine)
        while mine.result == nil {
            if !writing {
                writing = true
                let batch = queue
                queue = []
                condition.unlock()
                commit(batch)
                condition.lock()
                writing = false
                condition.broadcast()
            } else {
                condition.wait()
            }
        }
        condition.unlock()
        return try mine.result!.get()
    }

    private func commit(_ batch: [Pending]) {
        var results: [Result<ResponseRecord, RecordsError>] = []
        do throws(RecordsError) {
            try records.db.transaction { () throws(RecordsError) in
                for p in batch {
                    // One bad answer (finished attempt) must not fail the others.
                    do throws(RecordsError) { results.append(.success(try records.insertResponse(p.response))) } catch { results.append(.failure(error)) }
                }
            }
        } catch {
            results = batch.map { _ in .failure(error) }
        }
        condition.lock()
        for (p, r) in zip(batch, results) { p.result = r }
        condition.unlock()
    }
}

/// ISO 8601 UTC timestamps, formatted without a (slow, allocating) date formatter: these are
/// written on every answer.
public enum Timestamp {
    /// `2026-11-21T22:25:46Z`, or `2026-11-21T22:25:46.123Z` with milliseconds.
    public static func iso(_ date: Date, milliseconds: Bool = false) -> String {
        let t = date.timeIntervalSince1970
        var seconds = time_t(t.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ n: Int32, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        var out = "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
        if milliseconds { out += "." + pad(Int32((t - t.rounded(.down)) * 1000), 3) }
        return out + "Z"
    }
}
