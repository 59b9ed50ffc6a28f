import Handbook

/// What a records error says: the English text the command line and logs show, and, for the
/// messages a learner or trainer can meet through the quiz API, the catalogue key and values
/// the server words in the user's language (issue 19). The key travels with the error, so a
/// reworded English message can never silently lose its translation.
///
/// Free text (`"no learner is in the campaign's markets..."`) has no key; the server then says
/// the error case's general message in other languages.
public struct RecordsMessage: Sendable, Equatable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The English message.
    public let text: String
    /// The catalogue key (`error.records.*`), nil for free text.
    public let key: String?
    /// The values of the key's placeholders.
    public let values: [String: String]

    /// Free text, with no catalogue key.
    public init(_ text: String) {
        self.text = text
        self.key = nil
        self.values = [:]
    }

    public init(stringLiteral value: String) { self.init(value) }

    public init(stringInterpolation: DefaultStringInterpolation) { self.init(String(stringInterpolation: stringInterpolation)) }

    /// The template filled with `values`: the English text and the key with its values.
    init(_ template: Template, _ values: [String: String] = [:]) {
        self.text = Localized.fill(template.english, values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        self.key = template.key
        self.values = values
    }

    public var description: String { text }

    /// A catalogue key and its English text, which must be the English catalogue's
    /// (`i18n/en.yml`) word for word; `RecordsErrorLanguageTests` checks each.
    public struct Template: Sendable, Equatable {
        public let key: String
        public let english: String
    }
}

extension RecordsMessage.Template {
    public static let noAttempt = Self(key: "error.records.no_attempt", english: "attempt {id} does not exist")
    public static let noBlueprint = Self(key: "error.records.no_blueprint", english: "no blueprint '{id}'; available: {available}")
    public static let noLearner = Self(key: "error.records.no_learner", english: "no learner '{id}'; add one with: casebook learners add {id} --name \"Full Name\" --team TEAM --market XX")
    public static let position = Self(key: "error.records.position", english: "position {position} is not a question of this attempt (0 to {last})")
    public static let chooseOptions = Self(key: "error.records.choose_options", english: "choose options 0 to {last}")
    public static let chooseOne = Self(key: "error.records.choose_one", english: "choose exactly one option")
    public static let adaptiveEnded = Self(key: "error.records.adaptive_ended", english: "this adaptive exam has ended after {count} questions; finish the attempt")
    public static let adaptivePosition = Self(key: "error.records.adaptive_position", english: "position {position} is not the question this adaptive exam asks now (position {pending}); ask for the next question")
    public static let adaptiveAnswered = Self(key: "error.records.adaptive_answered", english: "question {number} of this adaptive exam was answered meanwhile; ask for the next question")
    public static let adaptiveUncalibrated = Self(key: "error.records.adaptive_uncalibrated", english: "Quizzes/{file}: blueprint '{id}' is adaptive, which needs item difficulties, and there is no item calibration (Quizzes/{calibration}) yet; run 'casebook items calibrate' once learners have answered its items, or remove 'adaptive: true'")
    public static let reviewUnanswered = Self(key: "error.records.review_unanswered", english: "{learner} has not answered any of the questions '{title}' reviews yet; a review only repeats questions already answered, so take a practice quiz first")
    public static let reviewNoneDue = Self(key: "error.records.review_none_due", english: "nothing is due for review for {learner}: every question answered is still remembered (predicted recall at or above {recall}%); the next falls due on {date}")
    public static let noContest = Self(key: "error.records.no_contest", english: "contest {id} does not exist; `casebook contests` lists them")
    public static let noUser = Self(key: "error.records.no_user", english: "no active user '{id}'")
    public static let updateNotAssigned = Self(key: "error.records.update_not_assigned", english: "the update quiz '{id}' is not assigned to '{learner}'; campaign {campaign} assigns it to the learners in its markets, teams and vendors (casebook campaigns show {campaign})")
    public static let retrainingNotAssigned = Self(key: "error.records.retraining_not_assigned", english: "the retraining quiz '{id}' is not assigned to '{learner}'; retraining {retraining} assigns it to the moderators with production errors on {section} (casebook retrain --section {section})")
    public static let acknowledgement = Self(key: "error.records.acknowledgement", english: "an acknowledgement needs a learner, an SOP id and a version")

    /// Every template, for the test that holds them to the English catalogue.
    public static let all: [Self] = [
        noAttempt, noBlueprint, noLearner, position, chooseOptions, chooseOne, adaptiveEnded, adaptivePosition,
        adaptiveAnswered, adaptiveUncalibrated, reviewUnanswered, reviewNoneDue, noContest, noUser,
        updateNotAssigned, retrainingNotAssigned, acknowledgement,
    ]
}

extension RecordsMessage {
    public static func noAttempt(_ id: Int64) -> Self { Self(.noAttempt, ["id": String(id)]) }
    public static func noBlueprint(_ id: String, available: [String]) -> Self {
        Self(.noBlueprint, ["id": id, "available": available.joined(separator: ", ")])
    }
    public static func noLearner(_ id: String) -> Self { Self(.noLearner, ["id": id]) }
    public static func position(_ position: Int, last: Int) -> Self { Self(.position, ["position": String(position), "last": String(last)]) }
    public static func chooseOptions(last: Int) -> Self { Self(.chooseOptions, ["last": String(last)]) }
    public static var chooseOne: Self { Self(.chooseOne) }
    public static func adaptiveEnded(after count: Int) -> Self { Self(.adaptiveEnded, ["count": String(count)]) }
    public static func adaptivePosition(_ position: Int, pending: Int) -> Self {
        Self(.adaptivePosition, ["position": String(position), "pending": String(pending)])
    }
    public static func adaptiveAnswered(number: Int) -> Self { Self(.adaptiveAnswered, ["number": String(number)]) }
    public static func adaptiveUncalibrated(file: String, id: String, calibration: String) -> Self {
        Self(.adaptiveUncalibrated, ["file": file, "id": id, "calibration": calibration])
    }
    public static func reviewUnanswered(learner: String, title: String) -> Self { Self(.reviewUnanswered, ["learner": learner, "title": title]) }
    public static func reviewNoneDue(learner: String, recall: Int, date: String) -> Self {
        Self(.reviewNoneDue, ["learner": learner, "recall": String(recall), "date": date])
    }
    public static func noContest(_ id: Int64) -> Self { Self(.noContest, ["id": String(id)]) }
    public static func noUser(_ id: String) -> Self { Self(.noUser, ["id": id]) }
    public static func updateNotAssigned(id: String, learner: String, campaign: Int64) -> Self {
        Self(.updateNotAssigned, ["id": id, "learner": learner, "campaign": String(campaign)])
    }
    public static func retrainingNotAssigned(id: String, learner: String, retraining: Int64, section: String) -> Self {
        Self(.retrainingNotAssigned, ["id": id, "learner": learner, "retraining": String(retraining), "section": section])
    }
    public static var acknowledgement: Self { Self(.acknowledgement) }
}
