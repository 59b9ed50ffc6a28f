import Foundation

/// A learner: a moderator who takes quizzes.
public struct Learner: Sendable, Equatable {
    /// The learner id (as in the user list).
    public var id: String
    /// Their full name.
    public var name: String
    /// Their team, for leads and reports.
    public var team: String
    /// Their employer (in-house or a vendor).
    public var vendor: String
    /// The market they moderate.
    public var market: String
    /// When they started (YYYY-MM-DD), for tenure in reports.
    public var startDate: String
    /// A learner.
    public init(id: String, name: String, team: String = "", vendor: String = "", market: String = "", startDate: String = "") {
        self.id = id; self.name = name; self.team = team; self.vendor = vendor; self.market = market; self.startDate = startDate
    }
}

/// A stored attempt.
public struct AttemptRecord: Sendable, Equatable {
    /// The attempt id.
    public var id: Int64
    /// Who takes it.
    public var learnerID: String
    /// The blueprint it was drawn from.
    public var blueprintID: String
    /// The seed it was drawn with.
    public var seed: UInt64
    /// The bank's content version when drawn.
    public var contentVersion: String
    /// practice or exam.
    public var mode: String
    /// When it started (ISO time with milliseconds): the time its draw used.
    public var startedAt: String
    /// When it finished; nil while in progress.
    public var finishedAt: String?
    /// The score in percent, once finished.
    public var percent: Double?
    /// Whether it passed, once finished.
    public var passed: Bool?
    /// The drawn items as JSON, so the attempt can be shown and graded as it was.
    public var itemsJSON: String

    /// A stored attempt.
    public init(id: Int64, learnerID: String, blueprintID: String, seed: UInt64, contentVersion: String, mode: String, startedAt: String,
                finishedAt: String? = nil, percent: Double? = nil, passed: Bool? = nil, itemsJSON: String) {
        self.id = id; self.learnerID = learnerID; self.blueprintID = blueprintID; self.seed = seed; self.contentVersion = contentVersion
        self.mode = mode; self.startedAt = startedAt; self.finishedAt = finishedAt; self.percent = percent; self.passed = passed; self.itemsJSON = itemsJSON
    }
}

/// A stored response.
public struct ResponseRecord: Sendable, Equatable {
    /// The attempt answered.
    public var attemptID: Int64
    /// The question's position in the attempt.
    public var position: Int
    /// The case or question the question was made from.
    public var itemID: String
    /// That item's version.
    public var itemVersion: String
    /// The question kind (decision, codes, section, knowledge).
    public var kind: String
    /// Chosen option keys, comma-separated.
    public var chosen: String
    /// The score, 0...1.
    public var score: Double
    /// When it was answered (ISO time with milliseconds; empty: at commit).
    public var answeredAt: String
    /// The answer key when graded (right option keys, comma-separated), so reports can show
    /// what was expected and a key change can re-grade.
    public var gold: String

    /// A response.
    public init(attemptID: Int64, position: Int, itemID: String, itemVersion: String, kind: String, chosen: String, score: Double, answeredAt: String, gold: String = "") {
        self.attemptID = attemptID; self.position = position; self.itemID = itemID; self.itemVersion = itemVersion
        self.kind = kind; self.chosen = chosen; self.score = score; self.answeredAt = answeredAt; self.gold = gold
    }
}

/// A learner's contest of an answer key, with the response it is about.
public struct ContestRecord: Sendable, Equatable {
    /// The contest id.
    public var id: Int64
    /// The attempt with the contested question.
    public var attemptID: Int64
    /// The question's position in the attempt.
    public var position: Int
    /// The item the question was made from.
    public var itemID: String
    /// The question kind of the contested response (decision, codes, section, knowledge); empty if unanswered.
    public var kind: String
    /// Who contested.
    public var learnerID: String
    /// Why they think the key is wrong.
    public var comment: String
    /// When it was filed.
    public var createdAt: String
    /// open, upheld (the key was wrong) or rejected (the key stands).
    public var status: String
    /// The trainer's note.
    public var resolution: String
    /// When it was resolved; nil while open.
    public var resolvedAt: String?
    /// Who resolved it.
    public var resolvedBy: String
    /// What the learner chose and the key they were graded against.
    public var chosen: String
    /// The key the response was graded against.
    public var gold: String
}

/// What an answer-key change did.
public struct KeyChange: Sendable, Equatable {
    /// The keys the responses had before, distinct and sorted.
    public var oldGold: [String]
    /// The new key.
    public var newGold: String
    /// How many responses were re-graded.
    public var responses: Int
    /// How many of their scores changed.
    public var changedScores: Int
    /// How many attempts contain one.
    public var attempts: Int
}

/// The signed-in session an answer is sent in: its id's hash and its user. Passed with an
/// answer, it makes the answer's own transaction check that the session is still live, so a
/// server may trust a session it saw moments ago for the answer's other checks.
public struct LiveSession: Sendable, Hashable {
    /// The hash of the session id (the cookie's value).
    public var idHash: String
    /// The signed-in user.
    public var userID: String
    /// A session seen live.
    public init(idHash: String, userID: String) {
        self.idHash = idHash
        self.userID = userID
    }
}
