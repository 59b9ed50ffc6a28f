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

    public init(id: Int64, learnerID: String, blueprintID: String, seed: UInt64, contentVersion: String, mode: String, startedAt: String,
                finishedAt: String? = nil, percent: Double? = nil, passed: Bool? = nil, itemsJSON: String) {
        self.id = id; self.learnerID = learnerID; self.blueprintID = blueprintID; self.seed = seed; self.contentVersion = contentVersion
        self.mode = mode; self.startedAt = startedAt; self.finishedAt = finishedAt; self.percent = percent; self.passed = passed; self.itemsJSON = itemsJSON
    }
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
    /// The answer key when graded (right option keys, comma-separated), so reports can show
    /// what was expected and a key change can re-grade.
    public var gold: String

    public init(attemptID: Int64, position: Int, itemID: String, itemVersion: String, kind: String, chosen: String, score: Double, answeredAt: String, gold: String = "") {
        self.attemptID = attemptID; self.position = position; self.itemID = itemID; self.itemVersion = itemVersion
        self.kind = kind; self.chosen = chosen; self.score = score; self.answeredAt = answeredAt; self.gold = gold
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
        // v3: the answer key on each response (back-filled from the attempts' drawn items),
        // contest resolutions, and the audit log of answer-key changes.
        """
        ALTER TABLE responses ADD COLUMN gold TEXT NOT NULL DEFAULT '';
        ALTER TABLE contests ADD COLUMN resolved_at TEXT;
        ALTER TABLE contests ADD COLUMN resolved_by TEXT NOT NULL DEFAULT '';
        CREATE INDEX contests_by_item ON contests(item_id, status);
        CREATE TABLE key_changes (
            id INTEGER PRIMARY KEY, item_id TEXT NOT NULL, kind TEXT NOT NULL, old_gold TEXT NOT NULL, new_gold TEXT NOT NULL,
            contest_id INTEGER, changed_by TEXT NOT NULL, changed_at TEXT NOT NULL, regraded INTEGER NOT NULL);
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
                if version == 2 { try backfillGold() }
                try db.execute("PRAGMA user_version = \(version + 1)")
            }
        }
    }

    /// Writes each existing response's answer key, read from its attempt's drawn items.
    func backfillGold() throws(RecordsError) {
        for row in try db.query("SELECT DISTINCT a.id, a.items FROM attempts a JOIN responses r ON r.attempt_id = a.id") {
            guard let id = row[0].int, let data = row[1].string?.data(using: .utf8),
                  let items = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] else { continue }
            for (position, item) in items.enumerated() {
                let keys = item["optionKeys"] as? [String] ?? []
                let correct = (item["correct"] as? [Int] ?? []).sorted().compactMap { $0 < keys.count ? keys[$0] : nil }
                try db.query("UPDATE responses SET gold = ? WHERE attempt_id = ? AND position = ?",
                             [.text(correct.joined(separator: ",")), .integer(id), .integer(Int64(position))])
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

    /// Stores a new attempt and returns its id; `startedAt` (ISO time with milliseconds) is now unless given.
    public func startAttempt(learnerID: String, blueprintID: String, seed: UInt64, contentVersion: String, mode: String, itemsJSON: String,
                             startedAt: String? = nil) throws(RecordsError) -> Int64 {
        try db.transaction { () throws(RecordsError) in
            try db.query("INSERT INTO attempts (learner_id, blueprint_id, seed, content_version, mode, started_at, items) VALUES (?,?,?,?,?,?,?)",
                         [.text(learnerID), .text(blueprintID), .text(String(seed)), .text(contentVersion), .text(mode), .text(startedAt ?? Self.now()), .text(itemsJSON)])
            return db.lastInsertID
        }
    }

    /// Records an answer durably: it returns only after the transaction holding it is
    /// committed with a full sync. Answers arriving together share one commit (group
    /// commit), so many learners answering at once cost one disk flush, not one each.
    /// Answering the same question again returns the stored response unchanged
    /// (idempotent), so a retried submission cannot change a grade.
    ///
    /// With `session`, the answer is recorded only if that session is still live when its
    /// transaction commits (checked in the transaction); otherwise it fails with code 401.
    @discardableResult
    public func recordResponse(_ r: ResponseRecord, session: LiveSession? = nil) throws(RecordsError) -> ResponseRecord {
        final class Outcome: @unchecked Sendable {
            var result: Result<ResponseRecord, RecordsError>?
            let done = DispatchSemaphore(value: 0)
        }
        let outcome = Outcome()
        committer.submit(r, session: session) { result in
            outcome.result = result
            outcome.done.signal()
        }
        outcome.done.wait()
        switch outcome.result {
        case .success(let stored): return stored
        case .failure(let error): throw error
        case nil: preconditionFailure("the committer answers every submission")
        }
    }

    /// Records an answer like `recordResponse(_:)` without waiting: `done` is called (on the
    /// committing thread; keep it short) once the answer is durable, or with the error.
    public func recordResponse(_ r: ResponseRecord, session: LiveSession? = nil, then done: @escaping @Sendable (Result<ResponseRecord, RecordsError>) -> Void) {
        committer.submit(r, session: session, then: done)
    }

    /// Writes one response inside the current (write) transaction. A finished attempt refuses
    /// every answer, a repeated one included, as the API does; answering a question again
    /// returns the stored response unchanged. `finished` remembers, for the transaction,
    /// which attempts are finished (nothing can finish one while it holds the write lock);
    /// `now` is the answer time for responses sent without one.
    func insertResponse(_ r: ResponseRecord, finished: inout [Int64: Bool], now: String) throws(RecordsError) -> ResponseRecord {
        let isFinished: Bool
        if let known = finished[r.attemptID] {
            isFinished = known
        } else {
            guard let state = try db.query("SELECT finished_at FROM attempts WHERE id = ?", [.integer(r.attemptID)]).first else {
                throw RecordsError(message: "attempt \(r.attemptID) does not exist", code: 0)
            }
            isFinished = state[0] != .null
            finished[r.attemptID] = isFinished
        }
        if isFinished { throw RecordsError(message: "attempt \(r.attemptID) is finished; no more answers are accepted", code: 409) }
        try db.query("""
            INSERT INTO responses (attempt_id, position, item_id, item_version, kind, chosen, score, answered_at, gold) VALUES (?,?,?,?,?,?,?,?,?)
            ON CONFLICT (attempt_id, position) DO NOTHING
            """, [.integer(r.attemptID), .integer(Int64(r.position)), .text(r.itemID), .text(r.itemVersion), .text(r.kind),
                  .text(r.chosen), .real(r.score), .text(r.answeredAt.isEmpty ? now : r.answeredAt), .text(r.gold)])
        if db.changes == 0, let existing = try db.query("SELECT attempt_id, position, item_id, item_version, kind, chosen, score, answered_at, gold FROM responses WHERE attempt_id = ? AND position = ?",
                                                       [.integer(r.attemptID), .integer(Int64(r.position))]).first.map(Self.response) {
            return existing
        }
        return r
    }

    private lazy var committer = GroupCommitter(records: self)

    public func response(attemptID: Int64, position: Int) throws(RecordsError) -> ResponseRecord? {
        try reader.query("SELECT attempt_id, position, item_id, item_version, kind, chosen, score, answered_at, gold FROM responses WHERE attempt_id = ? AND position = ?",
                     [.integer(attemptID), .integer(Int64(position))]).first.map(Self.response)
    }

    public func responses(attemptID: Int64) throws(RecordsError) -> [ResponseRecord] {
        try reader.query("SELECT attempt_id, position, item_id, item_version, kind, chosen, score, answered_at, gold FROM responses WHERE attempt_id = ? ORDER BY position",
                     [.integer(attemptID)]).map(Self.response)
    }

    static func response(_ r: [SQLValue]) -> ResponseRecord {
        ResponseRecord(attemptID: r[0].int ?? 0, position: Int(r[1].int ?? 0), itemID: r[2].string ?? "", itemVersion: r[3].string ?? "",
                       kind: r[4].string ?? "", chosen: r[5].string ?? "", score: r[6].double ?? 0, answeredAt: r[7].string ?? "",
                       gold: r[8].string ?? "")
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

    /// The active (not revoked) user of a live session, in one lookup, and when the session expires.
    public func user(sessionHash: String, now: String) throws(RecordsError) -> (id: String, role: String, team: String, market: String, expiresAt: String)? {
        try reader.query("""
            SELECT u.id, u.role, u.team, u.market, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.id_hash = ? AND s.expires_at > ? AND u.revoked_at IS NULL
            """, [.text(sessionHash), .text(now)]).first.map {
            ($0[0].string ?? "", $0[1].string ?? "", $0[2].string ?? "", $0[3].string ?? "", $0[4].string ?? "")
        }
    }

    /// Whether a session is live (not logged out, not expired at `now`) and its user, `userID`,
    /// not revoked; read on the writing connection, inside the transaction that records an answer.
    func isLive(_ session: LiveSession, now: String) throws(RecordsError) -> Bool {
        try !db.query("""
            SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.id_hash = ? AND s.user_id = ? AND s.expires_at > ? AND u.revoked_at IS NULL
            """, [.text(session.idHash), .text(session.userID), .text(now)]).isEmpty
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

/// A learner's contest of an answer key, with the response it is about.
public struct ContestRecord: Sendable, Equatable {
    public var id: Int64
    public var attemptID: Int64
    public var position: Int
    public var itemID: String
    /// The question kind of the contested response (decision, codes, section, knowledge); empty if unanswered.
    public var kind: String
    public var learnerID: String
    public var comment: String
    public var createdAt: String
    /// open, upheld (the key was wrong) or rejected (the key stands).
    public var status: String
    public var resolution: String
    public var resolvedAt: String?
    public var resolvedBy: String
    /// What the learner chose and the key they were graded against.
    public var chosen: String
    public var gold: String
}

/// What an answer-key change did.
public struct KeyChange: Sendable, Equatable {
    public var oldGold: [String]
    public var newGold: String
    public var responses: Int
    public var changedScores: Int
    public var attempts: Int
}

extension Records {
    static let contestColumns = """
        c.id, c.attempt_id, c.position, c.item_id, COALESCE(r.kind, ''), c.learner_id, c.comment, c.created_at, c.status, c.resolution,
        c.resolved_at, c.resolved_by, COALESCE(r.chosen, ''), COALESCE(r.gold, '')
        FROM contests c LEFT JOIN responses r ON r.attempt_id = c.attempt_id AND r.position = c.position
        """

    static func contest(_ r: [SQLValue]) -> ContestRecord {
        ContestRecord(id: r[0].int ?? 0, attemptID: r[1].int ?? 0, position: Int(r[2].int ?? 0), itemID: r[3].string ?? "", kind: r[4].string ?? "",
                      learnerID: r[5].string ?? "", comment: r[6].string ?? "", createdAt: r[7].string ?? "", status: r[8].string ?? "",
                      resolution: r[9].string ?? "", resolvedAt: r[10].string, resolvedBy: r[11].string ?? "", chosen: r[12].string ?? "", gold: r[13].string ?? "")
    }

    /// Contests, oldest first; `status` limits them to open, upheld or rejected ones.
    public func contests(status: String? = nil) throws(RecordsError) -> [ContestRecord] {
        if let status {
            return try reader.query("SELECT \(Self.contestColumns) WHERE c.status = ? ORDER BY c.id", [.text(status)]).map(Self.contest)
        }
        return try reader.query("SELECT \(Self.contestColumns) ORDER BY c.id").map(Self.contest)
    }

    public func contest(_ id: Int64) throws(RecordsError) -> ContestRecord? {
        try reader.query("SELECT \(Self.contestColumns) WHERE c.id = ?", [.integer(id)]).first.map(Self.contest)
    }

    /// Closes a contest as upheld or rejected, with the trainer's note. An already resolved
    /// contest is an error (resolutions are not silently overwritten).
    public func resolveContest(_ id: Int64, status: String, resolution: String, by: String) throws(RecordsError) {
        try db.transaction { () throws(RecordsError) in try closeContest(id, status: status, resolution: resolution, by: by) }
    }

    private func closeContest(_ id: Int64, status: String, resolution: String, by: String) throws(RecordsError) {
        guard let row = try db.query("SELECT status FROM contests WHERE id = ?", [.integer(id)]).first else {
            throw RecordsError(message: "contest \(id) does not exist; `casebook contests` lists them", code: 404)
        }
        if row[0].string != "open" {
            throw RecordsError(message: "contest \(id) is already \(row[0].string ?? "closed"); nothing was changed", code: 409)
        }
        try db.query("UPDATE contests SET status = ?, resolution = ?, resolved_at = ?, resolved_by = ? WHERE id = ?",
                     [.text(status), .text(resolution), .text(Self.now()), .text(by), .integer(id)])
    }

    /// Changes the answer key of one question (an item asked as one kind) and re-grades every
    /// response to it in one transaction: each response gets `newGold` and the score
    /// `score(chosen)`; every finished attempt containing one is re-scored (percent over
    /// its question count, pass against `passMark(blueprintID)`). The change is logged in
    /// `key_changes`; with `contestID`, that contest is closed as upheld.
    public func changeKey(itemID: String, kind: String, newGold: String, contestID: Int64?, by: String, resolution: String = "",
                          score: (String) -> Double, passMark: (String) -> Int?) throws(RecordsError) -> KeyChange {
        try db.transaction { () throws(RecordsError) -> KeyChange in
            let rows = try db.query("SELECT attempt_id, position, chosen, score, gold FROM responses WHERE item_id = ? AND kind = ?", [.text(itemID), .text(kind)])
            var olds = Set<String>()
            var changed = 0
            var attempts = Set<Int64>()
            for r in rows {
                let chosen = r[2].string ?? ""
                let new = score(chosen)
                olds.insert(r[4].string ?? "")
                if abs(new - (r[3].double ?? 0)) > 1e-9 { changed += 1 }
                try db.query("UPDATE responses SET gold = ?, score = ? WHERE attempt_id = ? AND position = ?",
                             [.text(newGold), .real(new), r[0], r[1]])
                attempts.insert(r[0].int ?? 0)
            }
            for id in attempts.sorted() {
                guard let a = try db.query("SELECT blueprint_id, items, finished_at FROM attempts WHERE id = ?", [.integer(id)]).first,
                      a[2] != .null else { continue }
                let count = (try? JSONSerialization.jsonObject(with: Data((a[1].string ?? "[]").utf8)) as? [Any])?.count ?? 0
                let total = try db.query("SELECT COALESCE(SUM(score), 0) FROM responses WHERE attempt_id = ?", [.integer(id)]).first?.first?.double ?? 0
                let percent = count == 0 ? 0 : ((total / Double(count) * 100) * 10).rounded() / 10
                let mark = passMark(a[0].string ?? "")
                try db.query("UPDATE attempts SET percent = ?, passed = COALESCE(?, passed) WHERE id = ?",
                             [.real(percent), mark.map { .integer(percent + 1e-9 >= Double($0) ? 1 : 0) } ?? .null, .integer(id)])
            }
            try db.query("""
                INSERT INTO key_changes (item_id, kind, old_gold, new_gold, contest_id, changed_by, changed_at, regraded) VALUES (?,?,?,?,?,?,?,?)
                """, [.text(itemID), .text(kind), .text(olds.sorted().joined(separator: " | ")), .text(newGold),
                      contestID.map { .integer($0) } ?? .null, .text(by), .text(Self.now()), .integer(Int64(rows.count))])
            if let contestID { try closeContest(contestID, status: "upheld", resolution: resolution, by: by) }
            return KeyChange(oldGold: olds.sorted(), newGold: newGold, responses: rows.count, changedScores: changed, attempts: attempts.count)
        }
    }

    /// Answer-key changes made after `since` (ISO time), as (item id, kind, new key): drawing
    /// and grading use them until the bank file is edited to match.
    public func keyChanges() throws(RecordsError) -> [(itemID: String, kind: String, newGold: String, changedAt: String)] {
        try reader.query("SELECT item_id, kind, new_gold, changed_at FROM key_changes ORDER BY id").map {
            ($0[0].string ?? "", $0[1].string ?? "", $0[2].string ?? "", $0[3].string ?? "")
        }
    }

    /// Changes whenever what a report reads changes: a new answer, a contest filed or resolved,
    /// a key change (re-grading), a learner or attempt added. Cheap (indexed lookups), for
    /// caching reports.
    public func answersVersion() throws(RecordsError) -> String {
        let row = try reader.query("""
            SELECT (SELECT MAX(rowid) FROM responses), (SELECT MAX(rowid) FROM contests),
                   (SELECT COUNT(*) FROM contests WHERE status = 'open'), (SELECT MAX(rowid) FROM key_changes),
                   (SELECT COUNT(*) FROM learners), (SELECT MAX(rowid) FROM attempts)
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
        let connection = try SQLiteDatabase(path: db.path, readOnly: true)
        // Map the file instead of copying pages through read(): a scan touches all of it.
        _ = try? connection.query("PRAGMA mmap_size = 1073741824")
        try connection.forEachRow(sql, params, body)
    }

    /// The smallest and largest rowid of the responses table (nil when empty): for splitting scans.
    public func responseRowids() throws(RecordsError) -> ClosedRange<Int64>? {
        guard let row = try reader.query("SELECT MIN(rowid), MAX(rowid) FROM responses").first, let low = row[0].int, let high = row[1].int else { return nil }
        return low...high
    }
}

/// The signed-in session an answer is sent in: its id's hash and its user. Passed with an
/// answer, it makes the answer's own transaction check that the session is still live, so a
/// server may trust a session it saw moments ago for the answer's other checks.
public struct LiveSession: Sendable, Hashable {
    public var idHash: String
    public var userID: String
    public init(idHash: String, userID: String) {
        self.idHash = idHash
        self.userID = userID
    }
}

/// Batches concurrent response writes into one transaction per flush.
///
/// Answers queue here; one commit at a time runs on a serial queue and takes everything
/// queued by the time it starts, so while one batch's disk flush runs the next batch
/// gathers. Nobody waits on a thread of their own: each answer's completion is called
/// once its batch is durable.
final class GroupCommitter: @unchecked Sendable {
    typealias Completion = @Sendable (Result<ResponseRecord, RecordsError>) -> Void

    private struct Pending {
        let response: ResponseRecord
        let session: LiveSession?
        let done: Completion
    }

    private unowned let records: Records
    private let lock = NSLock()
    /// Answers waiting for the next commit. Guarded by `lock`.
    private var queue: [Pending] = []
    /// True while a drain is scheduled or running. Guarded by `lock`.
    private var draining = false
    private let writer = DispatchQueue(label: "casebook.records.group-commit")

    init(records: Records) { self.records = records }

    /// Queues `r`; `done` is called once it is committed (or failed).
    func submit(_ r: ResponseRecord, session: LiveSession?, then done: @escaping Completion) {
        lock.lock()
        queue.append(Pending(response: r, session: session, done: done))
        let start = !draining
        draining = true
        lock.unlock()
        guard start else { return }
        // Holds the records (and so the connection) until the queue is empty.
        let records = self.records
        writer.async { self.drain(records) }
    }

    /// Commits batches until none is waiting.
    private func drain(_ records: Records) {
        while true {
            lock.lock()
            let batch = queue
            queue = []
            if batch.isEmpty { draining = false }
            lock.unlock()
            if batch.isEmpty { return }
            for (p, result) in zip(batch, commit(batch, records)) { p.done(result) }
        }
    }

    private func commit(_ batch: [Pending], _ records: Records) -> [Result<ResponseRecord, RecordsError>] {
        var results: [Result<ResponseRecord, RecordsError>] = []
        results.reserveCapacity(batch.count)
        do throws(RecordsError) {
            try records.db.transaction { () throws(RecordsError) in
                var finished: [Int64: Bool] = [:]
                var live: [LiveSession: Bool] = [:]
                let now = Records.now()
                let sessionNow = Timestamp.iso(Date()) // as sessions' expiry times are written
                for p in batch {
                    // One bad answer (finished attempt, ended session) must not fail the others.
                    do throws(RecordsError) {
                        if let session = p.session {
                            var isLive = live[session]
                            if isLive == nil {
                                isLive = try records.isLive(session, now: sessionNow)
                                live[session] = isLive
                            }
                            if isLive != true { throw RecordsError(message: "sign in first: the session has ended", code: 401) }
                        }
                        results.append(.success(try records.insertResponse(p.response, finished: &finished, now: now)))
                    } catch {
                        results.append(.failure(error))
                    }
                }
            }
        } catch {
            return batch.map { _ in .failure(error) }
        }
        return results
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
        let millis = Int32((t - t.rounded(.down)) * 1000)
        return String(unsafeUninitializedCapacity: 24) { out in
            var n = 0
            func digits(_ value: Int32, _ width: Int) {
                var v = value
                for i in stride(from: width - 1, through: 0, by: -1) {
                    out[n + i] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
                n += width
            }
            func byte(_ c: Unicode.Scalar) { out[n] = UInt8(ascii: c); n += 1 }
            digits(parts.tm_year + 1900, 4); byte("-"); digits(parts.tm_mon + 1, 2); byte("-"); digits(parts.tm_mday, 2)
            byte("T"); digits(parts.tm_hour, 2); byte(":"); digits(parts.tm_min, 2); byte(":"); digits(parts.tm_sec, 2)
            if milliseconds { byte("."); digits(millis, 3) }
            byte("Z")
            return n
        }
    }
}
