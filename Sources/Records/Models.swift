import Foundation

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
