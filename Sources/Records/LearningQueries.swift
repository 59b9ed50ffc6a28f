import Foundation

/// One learner's answer to one item in one attempt, for memory models: a case asked as
/// decision, codes and section in one attempt is one answer, scored by its worst question
/// (right only when every question on it is right).
public struct ItemAnswer: Sendable, Hashable {
    public var learnerID: String
    public var itemID: String
    public var attemptID: Int64
    /// The lowest score among the attempt's questions on the item, 0...1.
    public var score: Double
    /// When the last of them was answered (ISO time).
    public var answeredAt: String

    public init(learnerID: String, itemID: String, attemptID: Int64, score: Double, answeredAt: String) {
        self.learnerID = learnerID; self.itemID = itemID; self.attemptID = attemptID; self.score = score; self.answeredAt = answeredAt
    }
}

extension Records {
    /// Every item answer (see `ItemAnswer`) answered before `before` (all when nil), of one
    /// learner or of everyone, in time order (ties by learner, item, attempt): the same
    /// records give the same list, so a draw computed from it can be recomputed.
    public func itemAnswers(learnerID: String? = nil, before: String? = nil) throws(RecordsError) -> [ItemAnswer] {
        var sql = """
            SELECT a.learner_id, r.item_id, r.attempt_id, MIN(r.score), MAX(r.answered_at)
            FROM responses r JOIN attempts a ON a.id = r.attempt_id WHERE r.answered_at <> ''
            """
        var params: [SQLValue] = []
        if let learnerID { sql += " AND a.learner_id = ?"; params.append(.text(learnerID)) }
        if let before { sql += " AND r.answered_at < ?"; params.append(.text(before)) }
        sql += " GROUP BY r.attempt_id, r.item_id, a.learner_id ORDER BY MAX(r.answered_at), a.learner_id, r.item_id, r.attempt_id"
        var out: [ItemAnswer] = []
        try reader.forEachRow(sql, params) { row in
            out.append(ItemAnswer(learnerID: row.text(0), itemID: row.text(1), attemptID: row.int(2), score: row.double(3), answeredAt: row.text(4)))
        }
        return out
    }
}
