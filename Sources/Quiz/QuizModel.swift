import Handbook

/// An action a moderator can take, from the action list in the handbook (`actions:` front matter).
public struct Action: Sendable, Hashable {
    public var id: String
    public var label: String
    public var description: String
}

/// A reference to an SOP section, written `sop-id#anchor`.
public struct SectionRef: Sendable, Hashable, Codable, CustomStringConvertible {
    public var pageID: String
    public var anchor: String
    public var description: String { "\(pageID)#\(anchor)" }

    public init(pageID: String, anchor: String) {
        self.pageID = pageID
        self.anchor = anchor
    }

    /// Parses `sop-id#anchor`; nil when the form is wrong.
    public init?(_ text: String) {
        let parts = text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        pageID = String(parts[0])
        anchor = String(parts[1])
    }
}

/// Whether an item can be drawn into quizzes.
public enum ItemStatus: String, Sendable, Hashable {
    case active, draft, retired
}

/// A piece of the case as the moderator saw it: a titled block of text ("Listing", "Transcript").
public struct CaseSection: Sendable, Hashable {
    public var title: String
    public var text: String
}

/// Media attached to a case, described for screen readers and for text-only review.
public struct CaseMedia: Sendable, Hashable {
    public var ref: String
    public var alt: String
}

/// A case: an item QA sampled from real moderation work, with its gold decision.
public struct Case: Sendable, Hashable {
    public var id: String
    /// listing, live-stream, seller, review or chat.
    public var type: String
    public var title: String
    public var source: String
    public var sampled: String
    public var market: String
    public var lang: String
    public var price: String
    public var decision: String
    public var codes: [String]
    public var sop: SectionRef
    public var difficulty: Int
    public var sensitive: Bool
    public var status: ItemStatus
    public var reviewed: String
    public var tags: [String]
    public var media: [CaseMedia]
    /// What the moderator sees, in order.
    public var sections: [CaseSection]
    /// Why the gold decision is right; shown only after answering.
    public var rationale: String
    /// File path relative to the quiz folder, and the content fingerprint (the case's version).
    public var file: String
    public var version: String
}

/// The kind of an authored question.
public enum QuestionType: String, Sendable, Hashable {
    case single, multiple
    case trueFalse = "true-false"
}

/// An authored knowledge question.
public struct Question: Sendable, Hashable {
    public var id: String
    public var type: QuestionType
    public var prompt: String
    public var options: [String]
    /// Indices of the correct options.
    public var correct: Set<Int>
    public var explanation: String
    public var sops: [SectionRef]
    public var codes: [String]
    public var difficulty: Int
    public var tags: [String]
    public var markets: [String]
    public var status: ItemStatus
    public var file: String
    public var version: String
}

/// The question kinds a blueprint can draw.
public enum QuestionKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Pick the gold decision for a case (single choice).
    case decision
    /// Pick the violated policy codes for a case (multi-select).
    case codes
    /// Pick the SOP section that decides a case (single choice).
    case section
    /// An authored knowledge question.
    case knowledge
}

/// Feedback timing.
public enum QuizMode: String, Sendable, Hashable {
    /// Feedback after each answer.
    case practice
    /// Feedback at the end.
    case exam
}

/// When an exam's review shows the answer key of a question the learner left unanswered.
/// Answered questions always get their feedback; keys of unanswered ones are what a learner
/// could otherwise harvest by finishing an exam without answering.
public enum RevealKeys: String, Sendable, Hashable, CaseIterable {
    /// Only once the learner has no attempts left at the blueprint (never for unlimited attempts).
    case afterLastAttempt = "after_last_attempt"
    /// Always, at the end of every attempt.
    case always
    /// Never.
    case never
}

/// One line of a blueprint's mix: how many questions come from a slice of the bank.
public struct MixLine: Sendable, Hashable {
    public var name: String
    public var tags: [String] = []
    /// Code patterns: `IP-01` or `RI-*`.
    public var codes: [String] = []
    public var types: [String] = []
    public var count: Int
}

/// How a quiz is drawn.
public struct Blueprint: Sendable, Hashable {
    public var id: String
    public var title: String
    public var description: String
    public var questions: Int
    public var mode: QuizMode
    /// Percent needed to pass.
    public var passMark: Int
    /// Minutes; 0 means untimed.
    public var timeLimit: Int
    /// 0 means unlimited.
    public var attempts: Int
    public var noRepeatDays: Int
    public var markets: [String]
    public var kinds: [QuestionKind]
    /// Target percent per difficulty 1...3.
    public var difficulty: [Int: Int]
    public var mix: [MixLine]
    /// Calibration: everyone gets the same listed cases.
    public var calibration: Bool
    public var cases: [String]
    public var file: String
    /// When an exam's review shows the keys of unanswered questions (`reveal_keys:`).
    public var revealKeys: RevealKeys = .afterLastAttempt
}
