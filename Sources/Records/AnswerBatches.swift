import Foundation

// MARK: - A group commit's answers in a few statements (PostgreSQL)

/// The question an answer is to: its attempt and position (a response's primary key).
struct AnswerKey: Hashable {
    var attempt: Int64
    var position: Int
    init(attempt: Int64, position: Int) { self.attempt = attempt; self.position = position }
    init(_ r: ResponseRecord) { self.init(attempt: r.attemptID, position: r.position) }
}

extension Records {
    /// Writes a group commit's answers inside the current transaction with one statement per
    /// step for the whole batch, not one per answer: which sessions are live, which attempts
    /// are open (locked `FOR KEY SHARE` against finishing, as `insertResponse` does), one
    /// multi-row INSERT, and the stored answers of those already answered. Each answer's
    /// outcome is what `insertResponse` would give it (a repeated answer gets the stored one;
    /// a finished attempt, a missing one or an ended session refuses that answer alone).
    /// A statement the server refuses throws: the caller then writes the batch again one
    /// answer per savepoint, which tells which answer it was. The batch must not answer one
    /// question twice (`AnswerKey`; the caller writes such a batch one by one, in order).
    func insertResponses(_ batch: [(response: ResponseRecord, session: LiveSession?)], now: String,
                         sessionNow: String) throws(RecordsError) -> [Result<ResponseRecord, RecordsError>] {
        typealias Key = AnswerKey
        let keys = batch.map { Key($0.response) }
        func marks(_ n: Int, _ each: String = "?") -> String { Array(repeating: each, count: n).joined(separator: ",") }

        var live: Set<LiveSession> = []
        let sessions = Array(Set(batch.compactMap(\.session)))
        if !sessions.isEmpty {
            for row in try db.query("""
                SELECT s.id_hash, s.user_id FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.id_hash IN (\(marks(sessions.count))) AND s.expires_at > ? AND u.revoked_at IS NULL
                """, sessions.map { .text($0.idHash) } + [.text(sessionNow)]) {
                live.insert(LiveSession(idHash: row[0].string ?? "", userID: row[1].string ?? ""))
            }
        }
        var outcomes: [Result<ResponseRecord, RecordsError>?] = batch.map { $0.session.map { live.contains($0) } == false ? .failure(.sessionEnded) : nil }

        let attempts = Array(Set(zip(batch, outcomes).compactMap { $1 == nil ? $0.response.attemptID : nil })).sorted()
        var finished: [Int64: Bool] = [:]
        if !attempts.isEmpty {
            for row in try db.query("SELECT id, finished_at FROM attempts WHERE id IN (\(marks(attempts.count))) ORDER BY id FOR KEY SHARE",
                                    attempts.map { .integer($0) }) {
                finished[row[0].int ?? 0] = row[1] != .null
            }
        }
        var writing: [Int] = []
        for i in batch.indices where outcomes[i] == nil {
            let id = batch[i].response.attemptID
            switch finished[id] {
            case nil: outcomes[i] = .failure(.notFound(.noAttempt(id)))
            case true?: outcomes[i] = .failure(.attemptFinished(attemptID: id))
            case false?: writing.append(i)
            }
        }
        guard !writing.isEmpty else { return outcomes.compactMap { $0 } }

        var values: [SQLValue] = []
        values.reserveCapacity(writing.count * 9)
        for i in writing {
            let r = batch[i].response
            values += [.integer(r.attemptID), .integer(Int64(r.position)), .text(r.itemID), .text(r.itemVersion), .text(r.kind),
                       .text(r.chosen), .real(r.score), .text(r.answeredAt.isEmpty ? now : r.answeredAt), .text(r.gold)]
        }
        var inserted: Set<Key> = []
        for row in try db.query("""
            INSERT INTO responses (attempt_id, position, item_id, item_version, kind, chosen, score, answered_at, gold)
            VALUES \(marks(writing.count, "(?,?,?,?,?,?,?,?,?)"))
            ON CONFLICT (attempt_id, position) DO NOTHING RETURNING attempt_id, position
            """, values) {
            inserted.insert(Key(attempt: row[0].int ?? 0, position: Int(row[1].int ?? 0)))
        }
        let repeated = writing.filter { !inserted.contains(keys[$0]) }
        var stored: [Key: ResponseRecord] = [:]
        if !repeated.isEmpty {
            for row in try db.query("""
                SELECT attempt_id, position, item_id, item_version, kind, chosen, score, answered_at, gold FROM responses
                WHERE (attempt_id, position) IN (\(marks(repeated.count, "(?,?)")))
                """, repeated.flatMap { [SQLValue.integer(keys[$0].attempt), .integer(Int64(keys[$0].position))] }) {
                let r = Self.response(row)
                stored[Key(attempt: r.attemptID, position: r.position)] = r
            }
        }
        for i in writing { outcomes[i] = .success(stored[keys[i]] ?? batch[i].response) }
        // Every answer has its outcome now (refused above, or written).
        return outcomes.compactMap { $0 }
    }
}
