import Foundation

// MARK: - A group commit's answers in one statement (PostgreSQL)

/// The question an answer is to: its attempt and position (a response's primary key).
struct AnswerKey: Hashable {
    var attempt: Int64
    var position: Int
    init(attempt: Int64, position: Int) { self.attempt = attempt; self.position = position }
    init(_ r: ResponseRecord) { self.init(attempt: r.attemptID, position: r.position) }
}

private struct BatchRow: Encodable {
    var k: Int
    var attempt_id: Int64
    var position: Int
    var item_id: String
    var item_version: String
    var kind: String
    var chosen: String
    var score: Double
    var answered_at: String
    var gold: String
    var session_hash: String?
    var user_id: String?
}

extension Records {
    /// The batch statement: which answers' sessions are live, their attempts locked
    /// `FOR KEY SHARE` against finishing (as `insertResponse` does, in id order), the answers
    /// to open attempts inserted, and for each answer (in order, by `k`) whether its session
    /// was live, its attempt exists and is finished, whether it was inserted, and otherwise the
    /// stored answer it repeats. The answers come as one JSON parameter, so the text never
    /// changes and is prepared once per connection. Every table is read by its key, one answer
    /// (or attempt) at a time, whatever the table's statistics: the plan is kept for the
    /// connection's life, and one made while a new deployment's tables were nearly empty
    /// (a hash join over the whole table, or `EXISTS` hashing every live session) would
    /// otherwise read all of them for every batch once they have grown.
    static let batchStatement = """
        WITH v AS MATERIALIZED (
            SELECT * FROM jsonb_to_recordset(?::jsonb) AS v(k INT, attempt_id BIGINT, position BIGINT, item_id TEXT, item_version TEXT,
                kind TEXT, chosen TEXT, score DOUBLE PRECISION, answered_at TEXT, gold TEXT, session_hash TEXT, user_id TEXT)),
        ok AS MATERIALIZED (
            SELECT v.* FROM v WHERE v.session_hash IS NULL OR (
                SELECT s.expires_at > ? AND u.revoked_at IS NULL FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.id_hash = v.session_hash AND s.user_id = v.user_id) IS TRUE),
        att AS MATERIALIZED (
            SELECT a.id, a.finished_at FROM (SELECT DISTINCT attempt_id FROM ok ORDER BY attempt_id) ids
            CROSS JOIN LATERAL (SELECT id, finished_at FROM attempts WHERE id = ids.attempt_id FOR KEY SHARE) a),
        ins AS (
            INSERT INTO responses (attempt_id, position, item_id, item_version, kind, chosen, score, answered_at, gold)
            SELECT ok.attempt_id, ok.position, ok.item_id, ok.item_version, ok.kind, ok.chosen, ok.score, ok.answered_at, ok.gold
            FROM ok JOIN att ON att.id = ok.attempt_id WHERE att.finished_at IS NULL ORDER BY ok.attempt_id, ok.position
            ON CONFLICT (attempt_id, position) DO NOTHING RETURNING attempt_id, position)
        SELECT v.k, ok.k IS NOT NULL, att.id IS NOT NULL, att.finished_at IS NOT NULL, ins.attempt_id IS NOT NULL,
            r.attempt_id, r.position, r.item_id, r.item_version, r.kind, r.chosen, r.score, r.answered_at, r.gold
        FROM v LEFT JOIN ok ON ok.k = v.k LEFT JOIN att ON att.id = v.attempt_id
        LEFT JOIN ins ON ins.attempt_id = v.attempt_id AND ins.position = v.position
        LEFT JOIN LATERAL (SELECT * FROM responses WHERE attempt_id = v.attempt_id AND position = v.position AND ins.attempt_id IS NULL LIMIT 1) r ON true
        ORDER BY v.k
        """

    /// Writes a group commit's answers with one statement, which is its own transaction
    /// (committed durably before it returns: synchronous commit), on PostgreSQL: one round
    /// trip to the server and a statement it planned before (a batch written statement by
    /// statement took five round trips and planned each). Each answer's outcome is what
    /// `insertResponse` would give it. The batch must not answer one question twice. Throws
    /// when the server refuses the statement: then nothing of it was written.
    func insertResponsesInOneStatement(_ batch: [(response: ResponseRecord, session: LiveSession?)], now: String,
                                       sessionNow: String) throws(RecordsError) -> [Result<ResponseRecord, RecordsError>]? {
        guard let pg = db as? PostgreSQLDatabase else { return nil }
        let rows = batch.enumerated().map { k, answer in
            let r = answer.response
            return BatchRow(k: k, attempt_id: r.attemptID, position: r.position, item_id: r.itemID, item_version: r.itemVersion, kind: r.kind,
                            chosen: r.chosen, score: r.score, answered_at: r.answeredAt.isEmpty ? now : r.answeredAt, gold: r.gold,
                            session_hash: answer.session?.idHash, user_id: answer.session?.userID)
        }
        guard let json = try? JSONEncoder().encode(rows), let text = String(data: json, encoding: .utf8) else { return nil }
        let result = try pg.queryPrepared("casebook_answer_batch", Self.batchStatement, [.text(text), .text(sessionNow)])
        guard result.count == batch.count else {
            throw .storage(StorageError(code: 0, message: "\(db.path): the answer batch statement returned \(result.count) rows for \(batch.count) answers",
                                        path: db.path, sql: Self.batchStatement))
        }
        var outcomes: [Result<ResponseRecord, RecordsError>?] = Array(repeating: nil, count: batch.count)
        var unknown: [Int] = []
        for row in result {
            guard let k = row[0].int.map(Int.init), batch.indices.contains(k) else { continue }
            let r = batch[k].response
            if row[1].int != 1 {
                outcomes[k] = .failure(.sessionEnded)
            } else if row[2].int != 1 {
                outcomes[k] = .failure(.notFound("attempt \(r.attemptID) does not exist"))
            } else if row[3].int == 1 {
                outcomes[k] = .failure(.attemptFinished(attemptID: r.attemptID))
            } else if row[4].int == 1 {
                outcomes[k] = .success(r) // (as `insertResponse` returns it)
            } else if row[5] != .null {
                outcomes[k] = .success(Self.response(Array(row[5...])))
            } else {
                // Stored by another server's commit after this statement began (its snapshot
                // does not show it): read it now that it is committed.
                unknown.append(k)
            }
        }
        for k in unknown {
            let r = batch[k].response
            guard let row = try db.query("""
                SELECT attempt_id, position, item_id, item_version, kind, chosen, score, answered_at, gold FROM responses
                WHERE attempt_id = ? AND position = ?
                """, [.integer(r.attemptID), .integer(Int64(r.position))]).first else {
                throw .storage(StorageError(code: 0, message: "\(db.path): answer \(r.attemptID)/\(r.position) conflicted with a stored one that cannot be read",
                                            path: db.path, sql: Self.batchStatement))
            }
            outcomes[k] = .success(Self.response(row))
        }
        guard outcomes.allSatisfy({ $0 != nil }) else {
            throw .storage(StorageError(code: 0, message: "\(db.path): the answer batch statement left answers without an outcome", path: db.path, sql: Self.batchStatement))
        }
        return outcomes.compactMap { $0 }
    }
}
