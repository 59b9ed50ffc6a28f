import Foundation
import Quiz

extension Records {

    /// Stores a new attempt and returns its id; `startedAt` (ISO time with milliseconds) is now unless given.
    /// An adaptive exam's attempt also stores its plan (`adaptivePlanJSON`) in the same transaction.
    public func startAttempt(learnerID: String, blueprintID: String, seed: UInt64, contentVersion: String, mode: String, itemsJSON: String,
                             startedAt: String? = nil, adaptivePlanJSON: String? = nil) throws(RecordsError) -> Int64 {
        try db.transaction { () throws(RecordsError) in
            try db.query("INSERT INTO attempts (learner_id, blueprint_id, seed, content_version, mode, started_at, items) VALUES (?,?,?,?,?,?,?)",
                         [.text(learnerID), .text(blueprintID), .text(String(seed)), .text(contentVersion), .text(mode), .text(startedAt ?? Self.now()), .text(itemsJSON)])
            let id = db.lastInsertID
            if let adaptivePlanJSON {
                try db.query("INSERT INTO adaptive_plans (attempt_id, plan) VALUES (?,?)", [.integer(id), .text(adaptivePlanJSON)])
            }
            return id
        }
    }

    /// Records an answer durably: it returns only after the transaction holding it is
    /// committed with a full sync. Answers arriving together share one commit (group
    /// commit), so many learners answering at once cost one disk flush, not one each.
    /// Answering the same question again returns the stored response unchanged
    /// (idempotent), so a retried submission cannot change a grade.
    ///
    /// With `session`, the answer is recorded only if that session is still live when its
    /// transaction commits (checked in the transaction); otherwise it fails with `sessionEnded`.
    @discardableResult
    public func recordResponse(_ r: ResponseRecord, session: LiveSession? = nil) throws(RecordsError) -> ResponseRecord {
        final class Outcome: @unchecked Sendable {
            var result: Result<ResponseRecord, RecordsError>?
            let done = DispatchSemaphore(value: 0)
        }
        let outcome = Outcome()
        committer.submit(r, session: session, to: self) { result in
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
        committer.submit(r, session: session, to: self, then: done)
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
            // On PostgreSQL the attempt is locked against finishing (FOR KEY SHARE; a finish takes
            // FOR UPDATE) until this transaction ends, and the read waits for a finish in progress
            // on another server and sees its result: no answer lands in a finished attempt.
            guard let state = try db.query("SELECT finished_at FROM attempts WHERE id = ?\(db.engine == .postgres ? " FOR KEY SHARE" : "")",
                                           [.integer(r.attemptID)]).first else {
                throw .notFound(.noAttempt(r.attemptID))
            }
            isFinished = state[0] != .null
            finished[r.attemptID] = isFinished
        }
        if isFinished { throw .attemptFinished(attemptID: r.attemptID) }
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


    /// The stored response at a position of an attempt.
    public func response(attemptID: Int64, position: Int) throws(RecordsError) -> ResponseRecord? {
        try reader.query("SELECT attempt_id, position, item_id, item_version, kind, chosen, score, answered_at, gold FROM responses WHERE attempt_id = ? AND position = ?",
                     [.integer(attemptID), .integer(Int64(position))]).first.map(Self.response)
    }

    /// An attempt's stored responses, by position.
    public func responses(attemptID: Int64) throws(RecordsError) -> [ResponseRecord] {
        try reader.query("SELECT attempt_id, position, item_id, item_version, kind, chosen, score, answered_at, gold FROM responses WHERE attempt_id = ? ORDER BY position",
                     [.integer(attemptID)]).map(Self.response)
    }

    static func response(_ r: [SQLValue]) -> ResponseRecord {
        ResponseRecord(attemptID: r[0].int ?? 0, position: Int(r[1].int ?? 0), itemID: r[2].string ?? "", itemVersion: r[3].string ?? "",
                       kind: r[4].string ?? "", chosen: r[5].string ?? "", score: r[6].double ?? 0, answeredAt: r[7].string ?? "",
                       gold: r[8].string ?? "")
    }

    /// Marks an attempt finished with its score; an attempt already finished keeps its first result.
    /// A pass completes the learner's open tasks to pass its blueprint, and any finish their
    /// tasks to take part in it, in the same transaction.
    public func finishAttempt(_ id: Int64, percent: Double, passed: Bool) throws(RecordsError) {
        try db.transaction { () throws(RecordsError) in try markFinished(id, percent: percent, passed: passed) }
    }

    /// Finishes attempt `id` with the score `grade` gives its responses, read in the finishing
    /// transaction after the attempt is locked (`FOR UPDATE` on PostgreSQL; SQLite's write lock),
    /// so an answer recorded at the same time by another server is either in the score or
    /// refused as too late, never stored unscored. Returns the responses graded, or nil when
    /// the attempt was already finished (its first result stays). READ COMMITTED on purpose:
    /// the responses are read after the lock is granted, so they include an answer committed
    /// while it waited (a SERIALIZABLE snapshot would be older than the lock).
    public func finishAttempt(_ id: Int64, grade: ([ResponseRecord]) throws(RecordsError) -> (percent: Double, passed: Bool)) throws(RecordsError) -> [ResponseRecord]? {
        try db.transaction { () throws(RecordsError) -> [ResponseRecord]? in
            guard let row = try db.query("SELECT finished_at FROM attempts WHERE id = ?\(db.engine == .postgres ? " FOR UPDATE" : "")", [.integer(id)]).first else {
                throw .notFound(.noAttempt(id))
            }
            guard row[0] == .null else { return nil }
            let responses = try db.query("SELECT attempt_id, position, item_id, item_version, kind, chosen, score, answered_at, gold FROM responses WHERE attempt_id = ? ORDER BY position",
                                         [.integer(id)]).map(Self.response)
            let (percent, passed) = try grade(responses)
            try markFinished(id, percent: percent, passed: passed)
            return responses
        }
    }

    /// Marks an attempt finished inside the current transaction (see `finishAttempt`).
    private func markFinished(_ id: Int64, percent: Double, passed: Bool) throws(RecordsError) {
        let now = Self.now()
        try db.query("UPDATE attempts SET finished_at = ?, percent = ?, passed = ? WHERE id = ? AND finished_at IS NULL",
                     [.text(now), .real(percent), .integer(passed ? 1 : 0), .integer(id)])
        guard db.changes > 0,
              let row = try db.query("SELECT learner_id, blueprint_id FROM attempts WHERE id = ?", [.integer(id)]).first else { return }
        try completePassTasks(learnerID: row[0].string ?? "", blueprintID: row[1].string ?? "", attemptID: id, passed: passed, now: now)
    }

    /// With `items: false` the stored questions are left out (`itemsJSON` is empty): the
    /// cheap form for permission checks and listings.
    public func attempt(_ id: Int64, items: Bool = true) throws(RecordsError) -> AttemptRecord? {
        try reader.query("SELECT \(items ? Self.attemptColumns : Self.attemptColumnsWithoutItems) FROM attempts WHERE id = ?", [.integer(id)]).first.map(Self.attempt)
    }

    /// Attempts, oldest first, for a learner and/or blueprint when given.
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
}

extension Records {
    /// How many earlier attempts to look back over when a retake avoids repeats: enough for
    /// any real exam's attempt limit, and it keeps a start's cost bounded for a learner with
    /// thousands of attempts (each earlier attempt's items are read).
    public static let retakeMemory = 20

    /// How many of a learner's last `retakeMemory` attempts at a blueprint started before
    /// `before` drew each item (item id -> attempts): a retake avoids them. An attempt started in
    /// the same millisecond counts when its id is below `attemptID` (nil: a new attempt, after
    /// every stored one), so a retake started at once still avoids the first attempt's items and
    /// a redraw sees the same earlier attempts.
    public func drawnItems(learnerID: String, blueprintID: String, before: String, attemptID: Int64? = nil) throws(RecordsError) -> [String: Int] {
        var out: [String: Int] = [:]
        // SQLite's JSON functions pick the item ids out of the stored items, rather than
        // decoding every earlier attempt's full questions and options in Swift (PostgreSQL's own).
        let postgres = reader.engine == .postgres
        for row in try reader.query("""
            SELECT \(postgres ? "j.value->>'itemID'" : "json_extract(j.value, '$.itemID')") AS item, COUNT(DISTINCT a.id)
            FROM (SELECT id, items FROM attempts WHERE learner_id = ? AND blueprint_id = ? AND (started_at < ? OR (started_at = ? AND id < ?))
                  ORDER BY id DESC LIMIT \(Self.retakeMemory)) a, \(postgres ? "json_array_elements(a.items::json)" : "json_each(a.items)") j
            GROUP BY item
            """, [.text(learnerID), .text(blueprintID), .text(before), .text(before), .integer(attemptID ?? Int64.max)]) {
            guard let id = row[0].string else { continue }
            out[id] = Int(row[1].int ?? 0)
        }
        return out
    }
}
