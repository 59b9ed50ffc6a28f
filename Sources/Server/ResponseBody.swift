import Foundation
import Handbook
import Quiz
import Records

// The JSON API's response bodies. Field names are the API's (snake_case, spelled out in
// `CodingKeys`); a field documented as null is encoded as null, not left out.

/// `{"status": 404, "code": "not_found", "error": "..."}`: every error. `code` is stable for
/// scripts (the same in every language); `error` is the message, in the user's language.
struct ErrorReply: Encodable {
    var status: Int
    var code: String
    var error: String
}

/// `POST /api/login`: who signed in.
struct SignedInReply: Encodable {
    var id: String
    var role: String
}

/// `POST /api/logout`.
struct OKReply: Encodable {
    var ok = true
}

/// `GET /api/me`.
struct MeReply: Encodable {
    /// A language the player can be read in: its code and its name in that language.
    struct Language: Encodable { var code: String; var name: String }
    var id: String
    var role: String
    var team: String
    var market: String
    /// The language the player speaks to the user (their choice, else their browser's, else en).
    var lang: String
    /// `ltr` or `rtl`.
    var dir: String
    /// The languages they may choose with `POST /api/me/language`.
    var languages: [Language]
}

/// One entry of `GET /api/blueprints`.
struct BlueprintReply: Encodable {
    var id: String
    var title: String
    var description: String
    var mode: String
    var questions: Int
    var passMark: Int
    var timeLimit: Int
    /// Null when attempts are unlimited.
    var attemptsLeft: Int?

    enum CodingKeys: String, CodingKey {
        case id, title, description, mode, questions, passMark = "pass_mark", timeLimit = "time_limit", attemptsLeft = "attempts_left"
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(title, forKey: .title); try c.encode(description, forKey: .description)
        try c.encode(mode, forKey: .mode); try c.encode(questions, forKey: .questions); try c.encode(passMark, forKey: .passMark)
        try c.encode(timeLimit, forKey: .timeLimit); try c.encode(attemptsLeft, forKey: .attemptsLeft)
    }
}

/// One entry of `GET /api/attempts`.
struct AttemptSummaryReply: Encodable {
    var id: Int64
    var learner: String
    var blueprint: String
    var started: String
    var finished: String?
    var percent: Double?
    var passed: Bool?

    enum CodingKeys: String, CodingKey { case id, learner, blueprint, started, finished, percent, passed }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(learner, forKey: .learner); try c.encode(blueprint, forKey: .blueprint)
        try c.encode(started, forKey: .started); try c.encode(finished, forKey: .finished); try c.encode(percent, forKey: .percent)
        try c.encode(passed, forKey: .passed)
    }
}

/// `GET /api/attempts/ID`: progress; `deadline` only on timed blueprints, the score only once finished.
struct AttemptStatusReply: Encodable {
    var id: Int64
    var blueprint: String
    var mode: String
    var questions: Int
    var answered: [Int]
    var started: String
    var finished: String?
    /// Present (possibly null) only for timed blueprints.
    var deadline: String??
    var percent: Double?
    var passed: Bool?

    enum CodingKeys: String, CodingKey { case id, blueprint, mode, questions, answered, started, finished, deadline, percent, passed }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(blueprint, forKey: .blueprint); try c.encode(mode, forKey: .mode)
        try c.encode(questions, forKey: .questions); try c.encode(answered, forKey: .answered); try c.encode(started, forKey: .started)
        try c.encode(finished, forKey: .finished)
        if let deadline { try c.encode(deadline, forKey: .deadline) }
        if finished != nil { try c.encode(percent, forKey: .percent); try c.encode(passed, forKey: .passed) }
    }
}

/// `POST /api/attempts`: the started attempt.
struct StartedReply: Encodable {
    var attempt: Int64
    var questions: Int
    var mode: String
    var timeLimit: Int
    var notes: [String]
    /// True for an adaptive exam (left out otherwise): `questions` is then the most it asks.
    var adaptive: Bool? = nil

    enum CodingKeys: String, CodingKey { case attempt, questions, mode, timeLimit = "time_limit", notes, adaptive }
}

/// `GET /api/attempts/ID/question` once every question is answered.
struct DoneReply: Encodable {
    var done = true
    var questions: Int
}

/// `GET /api/attempts/ID/question`: the next question, without its key.
struct QuestionReply: Encodable {
    /// A case as the moderator saw it.
    struct CaseBody: Encodable {
        struct Section: Encodable { var title: String; var text: String }
        struct Media: Encodable {
            var alt: String
            /// `/api/media/<attempt>/<position>/<n>/`, to which the player appends full, thumb,
            /// blur or poster; absent for media that is only described.
            var url: String?
            /// Whether it is a clip (absent with `url`).
            var clip: Bool?
        }
        var type: String
        var title: String
        var market: String
        var price: String
        var source: String
        var sensitive: Bool
        var sections: [Section]
        var media: [Media]
    }
    var position: Int
    var questions: Int
    var kind: String
    var prompt: String
    var options: [String]
    var multiple: Bool
    /// Left out for authored questions.
    var `case`: CaseBody?
    /// Left out unless the item is being reviewed after an SOP change (practice only).
    var note: String? = nil
    /// Adaptive exams only: true, and the question's number in the order asked (1-based);
    /// `position` is then its place in the attempt's pool and `questions` the most asked.
    var adaptive: Bool? = nil
    var number: Int? = nil
}

/// A graded answer's feedback: the key, why, and the SOP sections with links.
struct FeedbackReply: Encodable {
    /// A section to read: `lang` (absent in English) is the language of the page `url` opens.
    struct Section: Encodable { var ref: String; var url: String; var title: String; var lang: String? = nil }
    var score: Double
    var correct: Bool
    var correctOptions: [String]
    var explanation: String
    var sections: [Section]
    /// Left out unless the item is being reviewed after an SOP change.
    var note: String? = nil

    enum CodingKeys: String, CodingKey { case score, correct, correctOptions = "correct_options", explanation, sections, note }
}

/// `POST /api/attempts/ID/answers`: recorded; feedback in practice only.
struct AnswerReply: Encodable {
    var position: Int
    var recorded = true
    var feedback: FeedbackReply?
}

/// `POST /api/attempts/ID/finish`: the result and the review.
struct FinishReply: Encodable {
    struct Points: Encodable { var points: Double; var count: Int }
    /// One reviewed question: its feedback with the question and the learner's choice.
    struct Reviewed: Encodable {
        var feedback: FeedbackReply
        var position: Int
        var prompt: String
        var chosen: [Int]
        var options: [String]
        var answered: Bool

        enum CodingKeys: String, CodingKey { case position, prompt, chosen, options, answered }

        func encode(to encoder: Encoder) throws {
            try feedback.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(position, forKey: .position); try c.encode(prompt, forKey: .prompt); try c.encode(chosen, forKey: .chosen)
            try c.encode(options, forKey: .options); try c.encode(answered, forKey: .answered)
        }
    }
    var percent: Double
    var passed: Bool
    var passMark: Int
    var byCode: [String: Points]
    var bySection: [String: Points]
    var review: [Reviewed]
    /// Adaptive exams only: the ability estimate that decides the pass.
    var ability: Ability? = nil

    /// The ability (logits), its standard error, the pass mark on that scale and the questions asked.
    struct Ability: Encodable {
        var theta: Double
        var standardError: Double
        var passTheta: Double
        var questions: Int
        enum CodingKeys: String, CodingKey { case theta, standardError = "standard_error", passTheta = "pass_theta", questions }
    }

    enum CodingKeys: String, CodingKey { case percent, passed, passMark = "pass_mark", byCode = "by_code", bySection = "by_section", review, ability }
}

/// `POST /api/contests`: the new contest's id.
struct ContestReply: Encodable {
    var contest: Int64
}

/// `POST /api/acknowledgements`: the acknowledgement as stored (the first, when repeated).
struct AcknowledgementReply: Encodable {
    var id: Int64
    var sop: String
    var version: String
    var acknowledgedAt: String

    enum CodingKeys: String, CodingKey { case id, sop, version, acknowledgedAt = "acknowledged_at" }
}

/// One entry of `GET /api/tasks`: an open task of the signed-in learner.
struct TaskReply: Encodable {
    var id: Int64
    /// acknowledge, pass_blueprint or review_items.
    var kind: String
    /// The SOP and version to acknowledge.
    var sop: String?
    var version: String?
    /// The blueprint to pass.
    var blueprint: String?
    /// The items to review.
    var items: [String]?
    var due: String
    var overdue: Bool
    /// What assigned it (`campaign:ID`...).
    var source: String
    /// What to do, for the learner ("Read and acknowledge Refunds, version 3.2").
    var title: String
    /// Where to do it, relative to the site root: the SOP page to acknowledge (nil for a
    /// quiz, which the quiz page starts by its blueprint id).
    var url: String?

    init(_ t: TaskRecord, today: String, title: String = "", url: String? = nil) {
        self.title = title
        self.url = url
        id = t.id
        kind = t.target.kind
        switch t.target {
        case .acknowledge(let s, let v): (sop, version) = (s, v)
        case .passBlueprint(let b), .takePart(let b): blueprint = b
        case .reviewItems(let ids): items = ids
        }
        due = t.due
        overdue = t.isOverdue(today: today)
        source = t.source
    }

    enum CodingKeys: String, CodingKey { case id, kind, sop, version, blueprint, items, due, overdue, source, title, url }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(kind, forKey: .kind); try c.encode(sop, forKey: .sop); try c.encode(version, forKey: .version)
        try c.encode(blueprint, forKey: .blueprint); try c.encode(items, forKey: .items); try c.encode(due, forKey: .due)
        try c.encode(overdue, forKey: .overdue); try c.encode(source, forKey: .source)
        try c.encode(title, forKey: .title); try c.encode(url, forKey: .url)
    }
}
