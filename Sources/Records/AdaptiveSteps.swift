import Foundation
import Learning

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
    /// The stored plan of an adaptive attempt (JSON), or nil for a fixed attempt.
    public func adaptivePlanJSON(attemptID: Int64) throws(RecordsError) -> String? {
        try reader.query("SELECT plan FROM adaptive_plans WHERE attempt_id = ?", [.integer(attemptID)]).first?.first?.string
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
                throw .invalidAnswer("question \(step.step + 1) of this adaptive exam was answered meanwhile; ask for the next question")
            }
            return stored
        }
    }
}
