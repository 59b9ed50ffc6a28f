import Foundation

// The report's shape. Everything is Codable with stable snake_case keys (`--format json`).

/// Thresholds that decide what a report flags. The defaults are documented in the README.
public struct ReportOptions: Sendable, Hashable {
    /// A section, code or slice needs at least this many responses before it can be flagged.
    public var minResponses = 30
    /// A section or code needs answers on at least this many distinct cases or authored
    /// questions to be flagged: a gap resting on one case (even asked as three kinds) cannot
    /// be told apart from a bad case.
    public var minQuestions = 2
    /// False discovery rate for Benjamini–Hochberg across all the tests of one kind.
    public var falseDiscoveryRate = 0.05
    /// A gap must exceed the group's error rate by at least this much (absolute, 0.10 = ten points) to matter.
    public var minExcess = 0.10
    /// Retraining: a learner needs retraining in a section when the posterior probability that
    /// their mastery is below `masteryTarget` is at least `retrainConfidence`.
    public var masteryTarget = 0.7
    public var retrainConfidence = 0.9
    /// Item analysis: the share of respondents (by rest-of-test score) in the upper group.
    public var upperGroup = 0.27
    /// Items need this many respondents for quality flags.
    public var minItemResponses = 20
    /// Calibration: a case needs this many answers to be listed.
    public var minRaters = 3
    /// Calibration: a policy code needs this many cases for an agreement figure. On one case
    /// alpha is 0 and kappa −1/(n−1) whatever the answers, so fewer cases list the cases instead.
    public var minAgreementCases = 3
    /// How many rows of each ranked list the report keeps (JSON keeps all gaps and items).
    public var top = 20

    public init() {}
}

/// A proportion with its Wilson 95% interval.
public struct Rate: Sendable, Hashable, Codable {
    public var responses: Int
    public var errors: Int
    public var errorRate: Double
    public var interval: Interval

    init(errors: Int, responses: Int) {
        self.responses = responses
        self.errors = errors
        errorRate = responses == 0 ? 0 : Double(errors) / Double(responses)
        interval = Stats.wilson(errors, responses)
    }
}

/// One week's error rate.
public struct WeekPoint: Sendable, Hashable, Codable {
    /// The Monday starting the week.
    public var week: String
    public var rate: Rate
}

/// Error rate of one SOP section or policy code, compared with its learner group.
public struct Gap: Sendable, Hashable, Codable {
    /// `section` or `code`.
    public var level: String
    /// `sop-id#anchor` or the policy code.
    public var ref: String
    public var title: String
    public var url: String
    public var rate: Rate
    /// The group's overall error rate (all sections, same learners and period).
    public var groupRate: Double
    /// One-sided p-value (section worse than the rest of the group), robust to one bad question.
    public var p: Double
    /// Benjamini–Hochberg adjusted p-value.
    public var q: Double
    public var flagged: Bool
    /// Distinct cases and authored questions behind the figure (a case asked as decision,
    /// codes and section counts once); the `minQuestions` guard counts these.
    public var questions: Int
    /// Weekly error rates and the fitted change per week (negative: improving).
    public var trend: [WeekPoint]
    public var trendPerWeek: Double?
    /// The most common wrong answer in this section, e.g. "Restrict → Remove (40% of errors)".
    public var topConfusion: String?
    /// The same, as figures (what `casebook mistakes publish` writes).
    public var topMistake: Mistake?
}

/// A section's most common wrong answer.
public struct Mistake: Sendable, Hashable, Codable {
    public var gold: String
    public var answered: String
    public var count: Int
    /// Share of the section's wrong answers.
    public var share: Double
}

/// A gap within one slice of learners (a market, team, vendor or cohort): the slice does
/// worse on a section than everyone else does on the same questions (`groupRate`).
public struct SliceGap: Sendable, Hashable, Codable {
    /// market, team, vendor or cohort.
    public var dimension: String
    public var value: String
    public var ref: String
    public var title: String
    public var url: String
    /// The slice's errors and answers in the section, on questions others answered too.
    public var rate: Rate
    /// The other learners' error rate on the same questions, weighted by the slice's answers.
    public var groupRate: Double
    /// Learners of the slice with answers in the section.
    public var learners: Int
    /// Learners outside the slice with answers in the section, and their answers on the
    /// questions the slice answered.
    public var otherLearners: Int
    public var otherResponses: Int
    /// One-sided p-value of Welch's t-test on per-learner residuals (slice worse than the others).
    public var p: Double
    /// Benjamini–Hochberg adjusted p-value over every slice of every dimension.
    public var q: Double
}

/// A slice's overall error rate.
public struct SliceRate: Sendable, Hashable, Codable {
    public var dimension: String
    public var value: String
    public var learners: Int
    public var rate: Rate
}

/// "Gold X answered as Y", over all questions of one kind.
public struct Confusion: Sendable, Hashable, Codable {
    public var kind: String
    public var gold: String
    public var answered: String
    /// over-enforcement, under-enforcement or wrong-policy.
    public var errorType: String
    public var count: Int
    /// Count weighted by the harm level of the policies involved.
    public var weighted: Double
    /// Where it happens most.
    public var ref: String
    public var title: String
    public var url: String
}

/// Errors of one type, raw and harm-weighted.
public struct ErrorTypeTotal: Sendable, Hashable, Codable {
    public var errorType: String
    public var count: Int
    public var weighted: Double
    public var share: Double
}

/// A learner who needs retraining in a section.
public struct RetrainEntry: Sendable, Hashable, Codable {
    public var learner: String
    public var name: String
    public var team: String
    public var market: String
    public var vendor: String
    public var ref: String
    public var title: String
    public var url: String
    /// Distinct cases and authored questions the learner got right and answered in the
    /// section (a case asked as several kinds counts once; right when every answer is right).
    public var correct: Int
    public var answered: Int
    /// Posterior mean mastery (shrunk toward the group) and P(mastery < target).
    public var mastery: Double
    public var probabilityBelowTarget: Double
}

/// Quality of one question.
public struct ItemReport: Sendable, Hashable, Codable {
    public var item: String
    public var kind: String
    public var title: String
    public var file: String
    public var ref: String
    public var url: String
    public var stats: ItemStatistics
    public var key: String
    /// Among the upper group: the share choosing the key and the most chosen wrong answer.
    public var upperKeyShare: Double?
    public var upperTopWrong: String?
    public var upperTopWrongShare: Double?
    public var openContests: Int
    /// too-easy, too-hard, low-discrimination, negative-discrimination, suspect-key.
    public var flags: [String]
}

/// A question a trainer should look at, most urgent first.
public struct ReviewEntry: Sendable, Hashable, Codable {
    public var priority: Int
    public var item: String
    public var kind: String
    public var title: String
    public var file: String
    public var url: String
    /// Why it is queued, in English (what reports have always printed).
    public var reasons: [String]
    public var contests: [ContestNote]
    /// The same reasons as codes and figures (`reason_codes` in JSON), for reports in the
    /// reader's language and for scripts.
    public var reasonCodes: [AnalysisReason]

    /// An entry whose English `reasons` are worded from `reasons`.
    init(priority: Int, item: String, kind: String, title: String, file: String, url: String, reasons: [AnalysisReason], contests: [ContestNote]) {
        self.priority = priority; self.item = item; self.kind = kind; self.title = title; self.file = file; self.url = url
        self.reasons = reasons.map { $0.text(in: nil) }
        self.contests = contests
        self.reasonCodes = reasons
    }
}

/// A learner's contest as the review queue shows it.
public struct ContestNote: Sendable, Hashable, Codable {
    public var id: Int64
    public var learner: String
    public var comment: String
}

/// Agreement for one group of cases (all, or one policy code).
public struct AgreementFigure: Sendable, Hashable, Codable {
    public var group: String
    public var cases: Int
    public var answers: Int
    /// nil for a policy code with fewer than `minAgreementCases` cases (see `items`).
    public var krippendorffAlpha: Double?
    public var fleissKappa: Double?
    /// The cases, when they are too few for a figure: look at them, not at a statistic.
    public var items: [String] = []
}

/// A case moderators disagree on.
public struct DisagreedCase: Sendable, Hashable, Codable {
    public var item: String
    public var title: String
    public var ref: String
    public var url: String
    public var answers: Int
    /// Share of agreeing answer pairs.
    public var agreement: Double
    public var key: String
    /// The answers given, most common first: "Remove 48%".
    public var split: [String]
    /// What the disagreement most likely means: `ambiguity` (the SOP may be unclear),
    /// `training-gap` (the case is in a flagged gap section) or `suspect-key`.
    public var likelyCause: String
}

/// Calibration: agreement on case decisions.
public struct CalibrationReport: Sendable, Hashable, Codable {
    public var overall: AgreementFigure
    public var byCode: [AgreementFigure]
    public var lowestAgreement: [DisagreedCase]
}

/// What the report covers.
public struct ReportSummary: Sendable, Hashable, Codable {
    public var responses: Int
    public var learners: Int
    /// Questions as asked (a case asked as decision, codes and section is three).
    public var questions: Int
    /// Distinct cases and authored questions answered (a case counts once).
    public var items: Int
    public var firstWeek: String?
    public var lastWeek: String?
    public var rate: Rate
    /// Questions left out of gap figures because their answer key looks wrong.
    public var excludedSuspectQuestions: Int
}

/// The knowledge-gap report.
public struct GapReport: Sendable, Codable {
    public var filter: FilterEcho
    public var summary: ReportSummary
    /// Every section with responses, flagged first, then by error rate.
    public var sections: [Gap]
    public var codes: [Gap]
    public var sliceGaps: [SliceGap]
    public var slices: [SliceRate]
    public var trend: [WeekPoint]
    public var confusions: [Confusion]
    public var errorTypes: [ErrorTypeTotal]
    public var retrain: [RetrainEntry]
    public var items: [ItemReport]
    public var reviewQueue: [ReviewEntry]
    public var calibration: CalibrationReport
}

/// The filter as the report echoes it.
public struct FilterEcho: Sendable, Hashable, Codable {
    public var since: String?
    public var until: String?
    public var market: String?
    public var team: String?
    public var vendor: String?
    init(_ f: ReportFilter) { since = f.since; until = f.until; market = f.market; team = f.team; vendor = f.vendor }
}
