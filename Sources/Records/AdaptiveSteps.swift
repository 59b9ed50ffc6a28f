import Foundation
import Learning
import Handbook

/// One stored step of an adaptive exam: `AdaptiveStep` with the attempt position it was asked at.
public struct StoredAdaptiveStep: Sendable, Hashable {
    /// The step's index (0 for the first question asked).
    public var step: Int
    /// The question's position in the attempt's pool.
    public var position: Int
    /// The ability step.
    public var value: AdaptiveStep
}

extension Records {
    /// The stored plan of an adaptive attempt (JSON), or nil for a fixed attempt; for an
    /// attempt that exists (it is asked on every answer). A plan is stored in the transaction
    /// that stores its attempt, so once an existing attempt is seen without one it never has
    /// one: that fact is kept (`fixedAttempts`), valid on every server sharing the database, and
    /// later answers to a fixed attempt make no read for it.
    public func adaptivePlanJSON(attemptID: Int64) throws(RecordsError) -> String? {
        if fixedAttempts[attemptID] != nil { return nil }
        let plan = try reader.query("SELECT plan FROM adaptive_plans WHERE attempt_id = ?", [.integer(attemptID)]).first?.first?.string
        if plan == nil { fixedAttempts.set(attemptID, true) }
        return plan
    }

    /// An adaptive attempt's steps, in order.
    public func adaptiveSteps(attemptID: Int64) throws(RecordsError) -> [StoredAdaptiveStep] {
        try reader.query("SELECT step, position, item_id, correct, theta, se FROM adaptive_steps WHERE attempt_id = ? ORDER BY step",
                         [.integer(attemptID)]).map { r in
            StoredAdaptiveStep(step: Int(r[0].int ?? 0), position: Int(r[1].int ?? 0),
                               value: AdaptiveStep(item: r[2].string ?? "", correct: (r[3].int ?? 0) != 0, theta: r[4].double ?? .nan,
                                                   standardError: r[5].double ?? .nan))
        }
    }

    /// Records an adaptive exam's answer and its step in one durable transaction: the answer
    /// is refused like any other (finished attempt, ended session); a step already stored at
    /// that index (another answer won the race) is refused, so the steps never fork. An answer
    /// at a position already answered returns the stored response, and stores no step.
    public func recordAdaptiveAnswer(_ r: ResponseRecord, step: StoredAdaptiveStep, session: LiveSession? = nil) throws(RecordsError) -> ResponseRecord {
        try db.transaction { () throws(RecordsError) -> ResponseRecord in
            let now = Self.now()
            if let session, try !isLive(session, now: now) { throw .sessionEnded }
            var finished: [Int64: Bool] = [:]
            let stored = try insertResponse(r, finished: &finished, now: now)
            guard db.changes > 0 else { return stored }
            try db.query("""
                INSERT INTO adaptive_steps (attempt_id, step, position, item_id, correct, theta, se) VALUES (?,?,?,?,?,?,?)
                ON CONFLICT (attempt_id, step) DO NOTHING
                """, [.integer(r.attemptID), .integer(Int64(step.step)), .integer(Int64(step.position)), .text(step.value.item),
                      .integer(step.value.correct ? 1 : 0), .real(step.value.theta), .real(step.value.standardError)])
            if db.changes == 0 {
                throw .invalidAnswer(.adaptiveAnswered(number: step.step + 1))
            }
            return stored
        }
    }

    /// How many recent adaptive exams at a blueprint the exposure cap (`max_exposure`) looks at.
    public static let exposureWindow = 500

    /// The items a learner was asked in their last `retakeMemory` adaptive attempts at a
    /// blueprint started before `before`, answered before it (item id -> attempts): a retake
    /// does not ask them again. Only answers before `before` count, so `attempts verify` sees
    /// what the start saw.
    public func adaptiveAskedItems(learnerID: String, blueprintID: String, before: String) throws(RecordsError) -> [String: Int] {
        var out: [String: Int] = [:]
        for row in try reader.query("""
            SELECT s.item_id, COUNT(DISTINCT s.attempt_id)
            FROM (SELECT a.id FROM attempts a JOIN adaptive_plans p ON p.attempt_id = a.id
                  WHERE a.learner_id = ? AND a.blueprint_id = ? AND a.started_at < ? ORDER BY a.id DESC LIMIT \(Self.retakeMemory)) a
            JOIN adaptive_steps s ON s.attempt_id = a.id
            JOIN responses r ON r.attempt_id = s.attempt_id AND r.position = s.position AND r.answered_at < ?
            GROUP BY s.item_id
            """, [.text(learnerID), .text(blueprintID), .text(before), .text(before)]) {
            guard let id = row[0].string else { continue }
            out[id] = Int(row[1].int ?? 0)
        }
        return out
    }

    /// Exposure of a blueprint's items: among its last `exposureWindow` adaptive exams (any
    /// learner) finished before `before`, how many there are and how many asked each item.
    public func adaptiveExposure(blueprintID: String, before: String) throws(RecordsError) -> (exams: Int, asked: [String: Int]) {
        let recent = """
            SELECT a.id FROM attempts a JOIN adaptive_plans p ON p.attempt_id = a.id
            WHERE a.blueprint_id = ? AND a.finished_at IS NOT NULL AND a.finished_at < ? ORDER BY a.id DESC LIMIT \(Self.exposureWindow)
            """
        let exams = Int(try reader.query("SELECT COUNT(*) FROM (\(recent))", [.text(blueprintID), .text(before)]).first?.first?.int ?? 0)
        var asked: [String: Int] = [:]
        for row in try reader.query("""
            SELECT s.item_id, COUNT(DISTINCT s.attempt_id) FROM (\(recent)) a JOIN adaptive_steps s ON s.attempt_id = a.id GROUP BY s.item_id
            """, [.text(blueprintID), .text(before)]) {
            guard let id = row[0].string else { continue }
            asked[id] = Int(row[1].int ?? 0)
        }
        return (exams, asked)
    }
}

/// Ids of attempts known to have no adaptive plan (see `Records.adaptivePlanJSON`), at most
/// `limit` of them.
enum FixedAttempts {
    static let limit = 200_000
    static func memo() -> BoundedMemo<Int64, Bool> { BoundedMemo(limit: limit) }
}
