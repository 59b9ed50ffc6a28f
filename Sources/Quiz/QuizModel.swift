import Handbook

/// An action a moderator can take, from the action list in the handbook (`actions:` front matter).
public struct Action: Sendable, Hashable {
    /// The id answers are stored under.
    public var id: String
    /// The label shown to moderators.
    public var label: String
    /// What the action does.
    public var description: String
    /// The label in other languages, by language code (`label_th:` in the action list).
    public var labels: [String: String] = [:]

    /// The label for a learner reading `language` (`th`, `th-TH`): its translation, else the label.
    public func label(in language: String) -> String {
        let code = Messages.normalized(language)
        return labels[code] ?? code.split(separator: "-").first.flatMap { labels[String($0)] } ?? label
    }

    /// The labels of `actions` for a reader of `language` that differ from the English label,
    /// by the English label (the one reports carry): `["Remove": "ลบ", ...]`.
    public static func translatedLabels(_ actions: [Action], in language: String) -> [String: String] {
        var labels: [String: String] = [:]
        for a in actions where a.label(in: language) != a.label { labels[a.label] = a.label(in: language) }
        return labels
    }
}

/// A reference to an SOP section, written `sop-id#anchor`.
public struct SectionRef: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The SOP page id.
    public var pageID: String
    /// The section's anchor on that page.
    public var anchor: String
    /// `page#anchor`.
    public var description: String { "\(pageID)#\(anchor)" }

    /// A reference to a section of a page.
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
    /// The block's title.
    public var title: String
    /// The block's text.
    public var text: String
}

/// Media attached to a case, described for screen readers and for text-only review.
public struct CaseMedia: Sendable, Hashable {
    /// The media file or link.
    public var ref: String
    /// What it shows, in words.
    public var alt: String
    /// The line of its `- ref:` entry in the case file (0 when not read from a file): where
    /// it was read, not what it is, so equality and hashing leave it out.
    public var line = 0

    public static func == (a: CaseMedia, b: CaseMedia) -> Bool { a.ref == b.ref && a.alt == b.alt }
    public func hash(into h: inout Hasher) {
        h.combine(ref)
        h.combine(alt)
    }
}

/// A case: an item QA sampled from real moderation work, with its gold decision.
public struct Case: Sendable, Hashable {
    /// The case id (file name without `.md`).
    public var id: String
    /// listing, live-stream, seller, review or chat.
    public var type: String
    /// The title as the moderator saw it.
    public var title: String
    /// Where QA sampled it from.
    public var source: String
    /// When it was sampled (YYYY-MM-DD).
    public var sampled: String
    /// The market code (ID, TH, VN...).
    public var market: String
    /// The language of its text.
    public var lang: String
    /// The listed price, as shown.
    public var price: String
    /// The gold decision: an action id.
    public var decision: String
    /// The violated policy codes (empty when none).
    public var codes: [String]
    /// The SOP section that decides it.
    public var sop: SectionRef
    /// Difficulty 1 (easy) to 3 (hard).
    public var difficulty: Int
    /// Distressing material: shown behind a warning.
    public var sensitive: Bool
    /// Whether it may be drawn.
    public var status: ItemStatus
    /// When its gold answer was last reviewed (YYYY-MM-DD).
    public var reviewed: String
    /// Tags that blueprint mix lines select by.
    public var tags: [String]
    /// Attached media, described.
    public var media: [CaseMedia]
    /// What the moderator sees, in order.
    public var sections: [CaseSection]
    /// Why the gold decision is right; shown only after answering.
    public var rationale: String
    /// File path relative to the quiz folder, and the content fingerprint (the case's version).
    public var file: String
    /// The content fingerprint (the case's version).
    public var version: String
}

/// The kind of an authored question.
public enum QuestionType: String, Sendable, Hashable {
    case single, multiple
    case trueFalse = "true-false"
}

/// An authored knowledge question.
public struct Question: Sendable, Hashable {
    /// The question id.
    public var id: String
    /// Single, multiple or true/false.
    public var type: QuestionType
    /// The question.
    public var prompt: String
    /// The options as written.
    public var options: [String]
    /// Indices of the correct options.
    public var correct: Set<Int>
    /// Why the key is right.
    public var explanation: String
    /// The SOP sections it is about.
    public var sops: [SectionRef]
    /// The policy codes it is about.
    public var codes: [String]
    /// Difficulty 1 (easy) to 3 (hard).
    public var difficulty: Int
    /// Tags that blueprint mix lines select by.
    public var tags: [String]
    /// Markets it applies to (empty: all).
    public var markets: [String]
    /// Whether it may be drawn.
    public var status: ItemStatus
    /// File path relative to the quiz folder.
    public var file: String
    /// The content fingerprint (the question's version).
    public var version: String
    /// When its answer key was last reviewed (YYYY-MM-DD; "" when never).
    public var reviewed: String = ""
    /// The language it is written in (`lang:`, English by default).
    public var lang: String = "en"
    /// The trainer's version of the question (`version:`, "1" by default): a translation
    /// is current while its `source_version` is this.
    public var authoredVersion: String = "1"
    /// For a translation: the id of the question it translates (`translation_of:`), else "".
    public var translationOf: String = ""
    /// For a translation: the original's `version` it translates (`source_version:`).
    public var sourceVersion: String = ""
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
    /// Spaced review: the learner's own items whose predicted recall fell below the blueprint's
    /// `target_recall`, with feedback after each answer.
    case review

    /// Whether each answer's feedback is shown at once (practice and review).
    public var feedbackAfterEachAnswer: Bool { self != .exam }
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
    /// The name shown in errors.
    public var name: String
    /// Tags, any of which an item must have (empty: any).
    public var tags: [String] = []
    /// Code patterns: `IP-01` or `RI-*`.
    public var codes: [String] = []
    /// Case types (`listing`...) or `question` (empty: any).
    public var types: [String] = []
    /// How many questions the line draws.
    public var count: Int
}

/// How a quiz is drawn.
public struct Blueprint: Sendable, Hashable {
    /// The blueprint id.
    public var id: String
    /// The title shown to learners.
    public var title: String
    /// What it covers, shown before starting.
    public var description: String
    /// How many questions an attempt has.
    public var questions: Int
    /// Practice (feedback after each answer) or exam (at the end).
    public var mode: QuizMode
    /// Percent needed to pass.
    public var passMark: Int
    /// Minutes; 0 means untimed.
    public var timeLimit: Int
    /// 0 means unlimited.
    public var attempts: Int
    /// Items a learner saw within this many days are drawn last (adaptive exams do not ask them
    /// while the mix line has enough others).
    public var noRepeatDays: Int
    /// Markets whose items are drawn (empty: all).
    public var markets: [String]
    /// The question kinds drawn.
    public var kinds: [QuestionKind]
    /// Target percent per difficulty 1...3.
    public var difficulty: [Int: Int]
    /// How the questions divide between slices of the bank (empty: one slice).
    public var mix: [MixLine]
    /// Calibration: everyone gets the same listed cases.
    public var calibration: Bool
    /// The listed cases of a calibration blueprint.
    public var cases: [String]
    /// File path relative to the quiz folder.
    public var file: String
    /// When an exam's review shows the keys of unanswered questions (`reveal_keys:`).
    public var revealKeys: RevealKeys = .afterLastAttempt
    /// Review blueprints: items whose predicted recall is below this are due (`target_recall:`, default 0.85).
    public var targetRecall: Double = 0.85
    /// The only cases and questions the draw may take (ids), or nil for the whole bank: a
    /// generated blueprint, such as a campaign's update quiz, draws from its stored pool.
    /// Every other rule (status, markets, mix, difficulty, no-repeat) applies as usual.
    public var items: [String]? = nil
    /// Adaptive exam (`adaptive: true`): each next question is the most informative one at the
    /// learner's current ability estimate (Rasch difficulties from `Quizzes/calibration.yml`),
    /// within the mix; `questions` is the most asked.
    public var adaptive: Bool = false
    /// Adaptive exams stop once the ability's standard error (logits) is at or below this (`target_se:`, default 0.3).
    public var targetSE: Double = 0.3
    /// The `target_se` values accepted: below 0.05 no bank reaches it, and the ability prior's
    /// standard error is 1, so 1 would stop before the first question.
    public static let targetSERange = 0.05...0.95
    /// Adaptive exams: the most an item may be asked, as a share of the blueprint's recent
    /// adaptive exams (`max_exposure:`, e.g. 0.3; 1, the default, sets no cap). See `AdaptiveExposure`.
    public var maxExposure: Double = 1

    /// A blueprint with the defaults of a blueprint file that leaves the field out (a practice
    /// quiz of 10 questions of every kind, pass mark 70%, untimed, unlimited attempts).
    public init(id: String, title: String, description: String = "", questions: Int = 10, mode: QuizMode = .practice, passMark: Int = 70,
                timeLimit: Int = 0, attempts: Int = 0, noRepeatDays: Int = 0, markets: [String] = [], kinds: [QuestionKind] = QuestionKind.allCases,
                difficulty: [Int: Int] = [:], mix: [MixLine] = [], calibration: Bool = false, cases: [String] = [], file: String = "",
                revealKeys: RevealKeys = .afterLastAttempt, targetRecall: Double = 0.85, items: [String]? = nil,
                adaptive: Bool = false, targetSE: Double = 0.3, maxExposure: Double = 1) {
        self.id = id; self.title = title; self.description = description; self.questions = questions; self.mode = mode
        self.passMark = passMark; self.timeLimit = timeLimit; self.attempts = attempts; self.noRepeatDays = noRepeatDays
        self.markets = markets; self.kinds = kinds; self.difficulty = difficulty; self.mix = mix; self.calibration = calibration
        self.cases = cases; self.file = file; self.revealKeys = revealKeys; self.targetRecall = targetRecall; self.items = items
        self.adaptive = adaptive; self.targetSE = targetSE; self.maxExposure = maxExposure
    }
}
