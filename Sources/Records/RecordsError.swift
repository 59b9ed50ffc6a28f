import Foundation

/// What SQLite refused, as GRDB's `DatabaseError` carries it: the result code, SQLite's own
/// message, the database file and the statement (empty when none was running).
public struct StorageError: Error, Sendable, Equatable {
    /// The SQLite (extended) result code; 0 when the failure came before SQLite (a folder).
    public var code: Int32
    /// What went wrong and what to do, for the user.
    public var message: String
    /// The database file.
    public var path: String
    /// The statement that failed, if any.
    public var sql: String
    /// PostgreSQL's SQLSTATE (`40001` a serialization failure, `40P01` a deadlock); empty
    /// for SQLite and for a connection that was lost.
    public var state: String

    /// Creates a storage error.
    public init(code: Int32, message: String, path: String, sql: String = "", state: String = "") {
        self.code = code
        self.message = message
        self.path = path
        self.sql = sql
        self.state = state
    }

    /// Whether the transaction lost a race with a concurrent one (PostgreSQL's serialization
    /// failure or deadlock): running it again may succeed.
    public var isConflict: Bool { state == "40001" || state == "40P01" }
}

/// Why the records could not do what was asked: the storage failed, or the request does not
/// fit what is recorded (the domain errors, each with the ids that say which record).
public enum RecordsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database failed (locked, read-only, damaged, full, newer schema...).
    case storage(StorageError)
    /// No such record; the message names it and how to list or add one.
    case notFound(RecordsMessage)
    /// A record with this id already exists; the message says what to do instead.
    case alreadyExists(RecordsMessage)
    /// The attempt is finished, so it takes no more answers.
    case attemptFinished(attemptID: Int64)
    /// The session the answer was sent in has ended (logged out, expired or revoked).
    case sessionEnded
    /// The contest was already resolved; resolutions are not overwritten.
    case contestClosed(contestID: Int64, status: String)
    /// The learner has used every attempt the blueprint allows.
    case attemptsUsed(learnerID: String, blueprintTitle: String, limit: Int)
    /// The bank cannot satisfy the blueprint.
    case cannotDraw(RecordsMessage)
    /// A review blueprint found nothing to review for the learner (no history, or nothing due):
    /// a message saying which, never an empty quiz.
    case nothingToReview(RecordsMessage)
    /// An answer that does not fit its question (position or options out of range).
    case invalidAnswer(RecordsMessage)

    /// A message a user can act on.
    public var message: String {
        switch self {
        case .storage(let e): return e.message
        case .notFound(let m), .alreadyExists(let m), .cannotDraw(let m), .nothingToReview(let m), .invalidAnswer(let m): return m.text
        case .attemptFinished(let id): return "attempt \(id) is finished; no more answers are accepted"
        case .sessionEnded: return "sign in first: the session has ended"
        case .contestClosed(let id, let status): return "contest \(id) is already \(status); nothing was changed"
        case .attemptsUsed(let learner, let title, let limit):
            return "\(learner) has used all \(limit) attempts at '\(title)'; a trainer can grant more by raising 'attempts' in the blueprint"
        }
    }

    /// The message.
    public var description: String { message }

    /// A storage error that happened before SQLite was reached (a folder, a schema check).
    static func storage(_ message: String, path: String) -> RecordsError {
        .storage(StorageError(code: 0, message: message, path: path))
    }
}
