import Foundation
import Handbook
import Quiz

// Sentences the analysis gives a reader (why a question is in the review queue) as a stable
// code and its figures, worded at the last moment in the reader's language through the
// theme's message catalogue (`review.reason.<code>`). English is worded exactly as the
// reports always have: the JSON's `reasons` strings are the English texts of `reason_codes`.

/// One figure or name of a reason: a whole number (a count, or a percentage as the English
/// sentence rounds it) or a text (a version, a section, an answer, a date).
public enum ReasonValue: Sendable, Hashable, Codable {
    case int(Int)
    case text(String)

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Int.self) { self = .int(n) } else { self = .text(try c.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let n): try c.encode(n)
        case .text(let s): try c.encode(s)
        }
    }
}

/// A reason with its code (`suspect_key`, `open_contests`, ...) and parameters (snake_case
/// names), as JSON reports give it in `reason_codes` and as every report words it.
public struct AnalysisReason: Sendable, Hashable, Codable {
    /// The stable code; the catalogue key is `review.reason.<code>`.
    public var code: String
    /// The figures and names the sentence is made of.
    public var params: [String: ReasonValue]

    /// A reason `code` with `params`.
    public init(_ code: String, _ params: [String: ReasonValue] = [:]) {
        self.code = code
        self.params = params
    }

    /// The reason with the actions it names (`answer`, `key`) by their label in the reader's
    /// language (`labels`: English label -> translated, see `Action.translatedLabels`).
    public func namingActions(_ labels: [String: String]) -> AnalysisReason {
        var shown = self
        for name in ["answer", "key"] {
            if case .text(let label)? = params[name], let translated = labels[label] { shown.params[name] = .text(translated) }
        }
        return shown
    }

    /// One answer's share of a case (`Remove 60%`) with the action named by `label`.
    public static func answerShare(_ part: String, label: (String) -> String) -> String {
        guard let space = part.lastIndex(of: " ") else { return part }
        return label(String(part[..<space])) + part[space...]
    }

    func int(_ name: String) -> Int {
        if case .int(let n)? = params[name] { return n }
        return 0
    }

    func text(_ name: String) -> String {
        switch params[name] {
        case .text(let s)?: return s
        case .int(let n)?: return String(n)
        case nil: return ""
        }
    }

    /// The English wording of each code, the same as the catalogue's `en.yml` (a test checks):
    /// (one, other) for a plural message counted by `count`, else the text twice.
    static let english: [String: (one: String, other: String)] = {
        let changed = "; exams skip it until 'reviewed' is updated"
        var out: [String: (String, String)] = [:]
        for (code, text) in [
            ("sop_section_changed", "SOP section changed in v{version}: {section} ({date})" + changed),
            ("sop_section_added", "SOP section added in v{version}: {section} ({date})" + changed),
            ("sop_changed", "SOP changed in v{version}: {page} ({date})" + changed),
            ("suspect_key", "suspect key: {share} of the strongest learners answered {answer}, the key says {key}"),
            ("missed", "missed by {share} of {n}"),
            ("too_easy", "too easy (facility {facility}, n={n})"),
            ("too_hard", "too hard (facility {facility}, n={n})"),
            ("negative_discrimination", "negative discrimination ({discrimination}, n={n}): strong learners miss it more than weak ones"),
            ("negative_discrimination_chance", "negative discrimination ({discrimination}, n={n}): may be chance at this n"),
            ("low_discrimination", "low discrimination ({discrimination}, n={n})"),
            ("flag", "{flag}"),
        ] { out[code] = (text, text) }
        out["open_contests"] = ("{count} open contest", "{count} open contests")
        return out
    }()

    /// Parameters that are percentages (shown with the language's percent sign), dates and
    /// answer labels; every other whole number is a count.
    static let percentParams: Set<String> = ["share", "facility", "discrimination", "error_rate", "other_rate", "production_rate",
                                             "before_rate", "after_rate", "agreement"]

    /// The reason as a sentence in `language` (nil: English), with the language's numbers,
    /// percentages, dates and plural forms; English reads exactly as it always has.
    public func text(in language: Localized?) -> String {
        let key = "review.reason." + code
        if let evidence = RootCauseEvidence(rawValue: code) { return evidence.text(self, in: Self.local(language)) }
        let local = language.flatMap { $0.language == Messages.fallbackLanguage || $0.message(key) == nil ? nil : $0 }
        let values = self.values(local)
        if let local {
            let template = code == "open_contests" ? local.plural(key, count: int("count")) : local(key)
            return Localized.fill(template, values)
        }
        let forms = Self.english[code] ?? ("{flag}", "{flag}")
        return Localized.fill(code == "open_contests" && int("count") == 1 ? forms.one : forms.other, values)
    }

    /// `language` unless it is English (whose wording and formats are the code's own).
    static func local(_ language: Localized?) -> Localized? {
        language.flatMap { $0.language == Messages.fallbackLanguage ? nil : $0 }
    }

    /// The parameters as text: in `local`'s formats, else as the English reports print them.
    func values(_ local: Localized?) -> [(String, String)] {
        var values: [(String, String)] = []
        for (name, value) in params.sorted(by: { $0.key < $1.key }) {
            switch value {
            case .int(let n):
                if Self.percentParams.contains(name) {
                    values.append((name, local.map { $0.percent(Double(n) / 100) } ?? "\(n)%"))
                } else {
                    values.append((name, local.map { $0.number(n) } ?? String(n)))
                }
            case .text(let s):
                if name == "date", let local { values.append((name, local.date(s))) }
                else if (name == "answer" || name == "key"), s == QuizDrawer.noViolation, let local { values.append((name, local("quiz.no_violation"))) }
                else { values.append((name, s)) }
            }
        }
        return values
    }

    // MARK: - The review queue's reasons

    /// Why an item waits for review after an SOP change, one per section and version.
    static func sopChange(_ r: ReviewReason) -> AnalysisReason {
        switch r.kind {
        case .changed: return AnalysisReason("sop_section_changed", ["version": .text(r.version), "section": .text(r.section.description), "date": .text(r.date)])
        case .added: return AnalysisReason("sop_section_added", ["version": .text(r.version), "section": .text(r.section.description), "date": .text(r.date)])
        case .pageChanged: return AnalysisReason("sop_changed", ["version": .text(r.version), "page": .text(r.section.pageID), "date": .text(r.date)])
        }
    }

    /// `count` open contests on the question.
    static func openContests(_ count: Int) -> AnalysisReason { AnalysisReason("open_contests", ["count": .int(count)]) }
}
