import CivilDate
import Foundation
import Handbook

// The production QA audits of `casebook qa import`: one audited production decision per row
// (the moderator said X, the QA reviewer said Y), and the rule that names the error.

/// A field of an audited production decision that a column of a QA audit export fills.
public enum AuditField: String, ImportField {
    case sampleID = "sample_id"
    case decidedAt = "decided_at"
    case moderator
    case team, vendor, market, queue
    case itemType = "item_type"
    case moderatorAction = "moderator_action"
    case moderatorCodes = "moderator_codes"
    case qaAction = "qa_action"
    case qaCodes = "qa_codes"
    case reviewer
    case secondAction = "second_action"
    case secondCodes = "second_codes"
    case secondReviewer = "second_reviewer"
    case appeal
    case sop
    case caseText = "case_text"
    case comment

    /// The column of the QA audit export that fills this field when no map says otherwise.
    public var defaultColumn: String {
        switch self {
        case .sampleID: "sample_id"
        case .decidedAt: "decision_time"
        case .moderator: "moderator_id"
        case .team: "team"
        case .vendor: "vendor"
        case .market: "market"
        case .queue: "queue"
        case .itemType: "item_type"
        case .moderatorAction: "moderator_action"
        case .moderatorCodes: "moderator_codes"
        case .qaAction: "qa_action"
        case .qaCodes: "qa_codes"
        case .reviewer: "qa_reviewer_id"
        case .secondAction: "second_action"
        case .secondCodes: "second_codes"
        case .secondReviewer: "second_reviewer_id"
        case .appeal: "appeal_outcome"
        case .sop: "sop_reference"
        case .caseText: "case_text"
        case .comment: "qa_comment"
        }
    }

    /// Sample id, decision time, moderator, market, both actions and the QA reviewer; the
    /// rest may be left out (no team, vendor, queue, codes, second audit, appeal or text).
    public var isRequired: Bool {
        switch self {
        case .sampleID, .decidedAt, .moderator, .market, .moderatorAction, .qaAction, .reviewer: true
        default: false
        }
    }

    /// One row of a QA audit export becomes an audit.
    public static var recordNoun: String { "audit" }

    /// The position in `allCases`: where the field's value is in a row read by position.
    public var ordinal: Int {
        switch self {
        case .sampleID: 0
        case .decidedAt: 1
        case .moderator: 2
        case .team: 3
        case .vendor: 4
        case .market: 5
        case .queue: 6
        case .itemType: 7
        case .moderatorAction: 8
        case .moderatorCodes: 9
        case .qaAction: 10
        case .qaCodes: 11
        case .reviewer: 12
        case .secondAction: 13
        case .secondCodes: 14
        case .secondReviewer: 15
        case .appeal: 16
        case .sop: 17
        case .caseText: 18
        case .comment: 19
        }
    }
}

/// The column map of `casebook qa import`.
public typealias AuditMapping = FieldMapping<AuditField>

/// What the moderator's decision was, judged by the QA reviewer's.
///
/// The rule (the same one the quiz reports use for confusions, refined by severity):
/// - **correct**: the same action, and the same policy codes when the reviewer gave codes;
/// - **over-enforcement**: the reviewer approved and the moderator did not, or both acted
///   and the moderator's action is more severe (`AuditOutcome.severity`);
/// - **under-enforcement**: the moderator approved and the reviewer did not, or the
///   moderator's action is less severe;
/// - **wrong policy**: an action of the same severity but another one or other codes, or
///   an action without a severity (escalate) on either side.
public enum AuditOutcome: Int, Sendable, Hashable, CaseIterable {
    case correct = 0
    case overEnforcement = 1
    case underEnforcement = 2
    case wrongPolicy = 3

    /// `correct`, `over-enforcement`, `under-enforcement`, `wrong-policy`.
    public var name: String {
        switch self {
        case .correct: "correct"
        case .overEnforcement: "over-enforcement"
        case .underEnforcement: "under-enforcement"
        case .wrongPolicy: "wrong-policy"
        }
    }

    /// How severe an action of the handbook's action list is, least first: approve 0;
    /// request-info and warn-seller 1; restrict 2; remove and end-stream 3; suspend-seller 4.
    /// Escalate, and actions this table does not know, have none: they route a case rather
    /// than enforce on it.
    public static func severity(_ action: String) -> Int? {
        switch action {
        case "approve": 0
        case "request-info", "warn-seller": 1
        case "restrict": 2
        case "remove", "end-stream": 3
        case "suspend-seller": 4
        default: nil
        }
    }

    /// The outcome of `moderator` (action, codes) judged by `reviewer` (action, codes).
    public static func judge(moderator: String, codes moderatorCodes: [String], reviewer: String, codes reviewerCodes: [String]) -> AuditOutcome {
        if moderator == reviewer {
            return reviewerCodes.isEmpty || Set(reviewerCodes) == Set(moderatorCodes) ? .correct : .wrongPolicy
        }
        if reviewer == "approve" { return .overEnforcement }
        if moderator == "approve" { return .underEnforcement }
        if let m = severity(moderator), let r = severity(reviewer), m != r { return m > r ? .overEnforcement : .underEnforcement }
        return .wrongPolicy
    }
}

/// What came of the moderator's decision on appeal.
public enum AppealOutcome: Int, Sendable, Hashable {
    case none = 0, upheld = 1, overturned = 2

    /// Reads `upheld` / `overturned` and their usual synonyms; "" and `none`/`pending` are none.
    init?(text: String) {
        switch text.lowercased() {
        case "", "none", "n/a", "na", "pending", "no appeal", "not appealed": self = .none
        case "upheld", "uphold", "sustained", "denied", "rejected": self = .upheld
        case "overturned", "overturn", "reversed", "granted", "accepted": self = .overturned
        default: return nil
        }
    }
}

/// One audited production decision that passed every check, redacted, ready to store.
public struct ProductionAudit: Sendable, Hashable {
    /// Line of the import file where the row starts.
    public var line: Int
    /// The QA tool's id of the sampled decision; unique across all imports.
    public var sampleID: String
    /// The decision time as given, normalised: `2026-11-24` or `2026-11-24T09:15:00Z` (UTC).
    public var decidedAt: String
    /// The UTC day of the decision, as days since 1970-01-01.
    public var day: Int
    /// The ISO week of that day, as `2026-W48`.
    public var week: String
    public var moderator: String
    public var team: String
    public var vendor: String
    /// Market code, uppercase.
    public var market: String
    public var queue: String
    public var itemType: String
    public var moderatorAction: String
    public var moderatorCodes: [String]
    public var qaAction: String
    public var qaCodes: [String]
    public var reviewer: String
    /// The second reviewer's action, codes and id on a double audit; "" when single.
    public var secondAction: String
    public var secondCodes: [String]
    public var secondReviewer: String
    public var appeal: AppealOutcome
    /// The SOP section the decision falls under, `sop-id#anchor`: the given reference, else
    /// the section of the reviewer's first code, else of the moderator's; "" when neither.
    public var section: String
    /// The deciding policy code: the reviewer's first, else the moderator's first; "" when none.
    public var code: String
    /// Error weight from the harm level of the codes involved (the highest): low 1, medium 2,
    /// high 3, critical 4; unrated 1.
    public var harm: Int
    public var outcome: AuditOutcome
    /// What the moderator saw, redacted; stored raw (not escaped), escaped wherever shown.
    public var caseText: String
    /// The QA reviewer's comment, redacted.
    public var comment: String
    /// What was redacted from the row.
    public var redactions: RedactionCounts
    /// A fingerprint of every stored value: a re-import of the same row matches it.
    public var fingerprint: String
}
