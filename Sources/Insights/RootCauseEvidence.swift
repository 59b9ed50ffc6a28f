import Foundation
import Handbook

/// The evidence sentences of a root cause (`RootCause.evidenceCodes`), one code per cause, worded
/// from the catalogue's `analysis.evidence.*` messages; English reads as `RootCause.evidence`
/// always has. Parts a sentence may or may not have (the reviewers' agreement, the quiz
/// calibration, what was missing) are there when their parameters are.
enum RootCauseEvidence: String {
    case knowledgeGap = "knowledge_gap"
    case execution
    case sopAmbiguity = "sop_ambiguity"
    case recentSOPChange = "recent_sop_change"
    case questionKeyProblem = "question_key_problem"
    case insufficientEvidence = "insufficient_evidence"

    /// English wording of each message, by key under `analysis.evidence.` (the same as `en.yml`).
    static let english: [String: String] = [
        "quiz_line": "the {moderators} audited moderators with quiz answers here get {error_rate} of {answers} quiz answers in the section wrong, against {other_rate} of {other_answers} on their other sections (p={p})",
        "knowledge_gap": "Knowledge gap: {line}.",
        "knowledge_gap_flagged": "Knowledge gap: {line}; the quiz gap report flags it too.",
        "execution": "Execution: they pass it in quizzes but miss it in production: {line}; production error rate {production_rate}.",
        "sop_ambiguity": "SOP ambiguity: {parts}.",
        "reviewers": "QA reviewers agree on {agreement} of {double_audits} double audits (Krippendorff's alpha {alpha} < {threshold})",
        "calibration": "quiz calibration on {calibration_code} has alpha {calibration_alpha} over {calibration_cases} cases",
        "recent_sop_change": "Recent SOP change: errors rose from {before_rate} of {before_audits} to {after_rate} of {after_audits} audits after version {version} took effect on {date} (p={p}, level {level}).",
        "recent_sop_change_within": "Recent SOP change: errors rose from {before_rate} of {before_audits} to {after_rate} of {after_audits} audits after version {version} took effect on {date} (p={p}, level {level}); the same {same_moderators} moderators erred more after it than before (p={within_p}).",
        "question_key_problem": "Question/key problem: the item analysis flags the answer key of {items} as suspect; its quiz figures are left out.",
        "insufficient_evidence": "Insufficient evidence: {parts}.",
        "few_quiz_answers": "only {answers} quiz answers in the section from these moderators ({needed} needed)",
        "unclear_quiz": "quiz errors {error_rate} of {answers} neither clearly above nor clearly at their {other_rate} elsewhere",
        "no_quiz_answers": "no quiz answers in the section from these moderators",
        "few_double_audits": "{double_audits} double audits ({needed_double} needed for reviewer agreement)",
        "part_separator": "; ",
    ]

    /// The sentence of `reason` in `local` (nil: English).
    func text(_ reason: AnalysisReason, in local: Localized?) -> String {
        let values = reason.values(local)
        func t(_ name: String, _ extra: [(String, String)] = []) -> String {
            let key = "analysis.evidence." + name
            let template = local.flatMap { $0.message(key) != nil ? $0(key) : nil } ?? Self.english[name] ?? name
            return Localized.fill(template, extra + values)
        }
        let has = { (name: String) in reason.params[name] != nil }
        switch self {
        case .knowledgeGap:
            return t(reason.int("flagged") == 1 ? "knowledge_gap_flagged" : "knowledge_gap", [("line", t("quiz_line"))])
        case .execution:
            return t("execution", [("line", t("quiz_line"))])
        case .sopAmbiguity:
            let parts = [has("double_audits") ? t("reviewers") : nil, has("calibration_alpha") ? t("calibration") : nil].compactMap { $0 }
            return t("sop_ambiguity", [("parts", parts.joined(separator: t("part_separator")))])
        case .recentSOPChange: return t(has("within_p") ? "recent_sop_change_within" : "recent_sop_change")
        case .questionKeyProblem: return t("question_key_problem")
        case .insufficientEvidence:
            var parts: [String] = []
            switch reason.text("quiz") {
            case "few": parts.append(t("few_quiz_answers"))
            case "unclear": parts.append(t("unclear_quiz"))
            default: parts.append(t("no_quiz_answers"))
            }
            if has("double_audits") { parts.append(t("few_double_audits")) }
            return t("insufficient_evidence", [("parts", parts.joined(separator: t("part_separator")))])
        }
    }
}
