import Foundation

/// One graded response with the learner who gave it: what before/after comparisons count.
public struct GradedAnswer: Sendable, Hashable {
    /// Who answered.
    public var learnerID: String
    /// The attempt it belongs to.
    public var attemptID: Int64
    /// Its position in the attempt.
    public var position: Int
    /// The item (case or question) asked.
    public var itemID: String
    /// How it was asked (`decision`, `codes`, `section`, `knowledge`).
    public var kind: String
    /// The score, 0...1.
    public var score: Double
    /// When it was answered (ISO time, UTC).
    public var answeredAt: String

    /// A graded answer.
    public init(learnerID: String, attemptID: Int64, position: Int, itemID: String, kind: String, score: Double, answeredAt: String) {
        self.learnerID = learnerID; self.attemptID = attemptID; self.position = position; self.itemID = itemID; self.kind = kind
        self.score = score; self.answeredAt = answeredAt
    }
}

extension Records {
    /// Every response to one of `itemIDs`, with its learner, in time order (ties by learner,
    /// attempt, position): read through the responses' item index, so a few items cost a few
    /// lookups however many answers the records hold.
    public func gradedAnswers(itemIDs: [String]) throws(RecordsError) -> [GradedAnswer] {
        var out: [GradedAnswer] = []
        let ids = Array(Set(itemIDs)).sorted()
        // SQLite limits the parameters of one statement; a few hundred at a time stays far below.
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            start += chunk.count
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            try reader.forEachRow("""
                SELECT a.learner_id, r.attempt_id, r.position, r.item_id, r.kind, r.score, r.answered_at
                FROM responses r JOIN attempts a ON a.id = r.attempt_id WHERE r.item_id IN (\(marks))
                """, chunk.map { .text($0) }) { row in
                out.append(GradedAnswer(learnerID: row.text(0), attemptID: row.int(1), position: Int(row.int(2)), itemID: row.text(3),
                                        kind: row.text(4), score: row.double(5), answeredAt: row.text(6)))
            }
        }
        return out.sorted {
            ($0.answeredAt, $0.learnerID, $0.attemptID, $0.position) < ($1.answeredAt, $1.learnerID, $1.attemptID, $1.position)
        }
    }
}
