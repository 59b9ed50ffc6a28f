import Foundation
import Handbook
import Records

// "Did it work?": the error rate on a campaign's changed sections before and after its
// version took effect, with Wilson intervals and the counts behind them. The judgements come
// from evidence sources: quiz answers, and production QA audits (the decisions moderators
// made at work, as QA judged them), each an `OutcomeSource` case and a
// `SectionEvidenceSource`, compared the same way.

// MARK: - Evidence sources

/// Where the judgements on a section come from.
public enum OutcomeSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// Answers to quiz cases and questions on the section (responses in the records).
    case quizAnswers = "quiz_answers"
    /// Audited production decisions on the section (`casebook qa import`).
    case productionAudits = "production_audits"

    /// How reports name it.
    public var label: String {
        switch self {
        case .quizAnswers: return "quiz answers"
        case .productionAudits: return "production QA audits"
        }
    }
}

/// One judged decision on an SOP section: who, on which day, right or wrong.
public struct SectionJudgement: Sendable, Hashable {
    /// The learner (or moderator) judged.
    public var learnerID: String
    /// The day of the decision, `YYYY-MM-DD` (UTC).
    public var day: String
    /// Whether it was wrong.
    public var wrong: Bool

    /// A judgement.
    public init(learnerID: String, day: String, wrong: Bool) {
        self.learnerID = learnerID; self.day = day; self.wrong = wrong
    }
}

/// Reads the judgements on SOP sections from one source.
public protocol SectionEvidenceSource {
    /// Which source it reads.
    var source: OutcomeSource { get }
    /// Every judgement on one of `sections` (`sop-id#anchor`) by one of `learners`, in a stable order.
    func judgements(on sections: Set<String>, by learners: Set<String>) throws(RecordsError) -> [SectionJudgement]
}

/// Quiz answers as evidence: every response to a question whose section is one of the
/// sections, counted as the dashboard's error rate by section counts it (a case's `sop:`
/// section, a question's first-cited one; wrong below full marks).
public struct QuizAnswerEvidence: SectionEvidenceSource {
    let records: Records
    let catalog: Catalog

    /// Quiz answers from `records`, mapped to sections through `catalog`.
    public init(records: Records, catalog: Catalog) {
        self.records = records; self.catalog = catalog
    }

    public var source: OutcomeSource { .quizAnswers }

    public func judgements(on sections: Set<String>, by learners: Set<String>) throws(RecordsError) -> [SectionJudgement] {
        var kinds: [String: Set<String>] = [:]
        for q in catalog.questions {
            guard let s = q.sections.first, sections.contains(catalog.sections[s].ref) else { continue }
            kinds[q.itemID, default: []].insert(q.kind.rawValue)
        }
        guard !kinds.isEmpty, !learners.isEmpty else { return [] }
        return try records.gradedAnswers(itemIDs: Array(kinds.keys)).compactMap { a in
            guard learners.contains(a.learnerID), kinds[a.itemID]?.contains(a.kind) == true, a.answeredAt.count >= 10 else { return nil }
            return SectionJudgement(learnerID: a.learnerID, day: String(a.answeredAt.prefix(10)), wrong: Evidence.isWrong(a.score))
        }
    }
}

/// Production QA audits as evidence: every audited decision on one of the sections by one of
/// the learners (moderators are learners by id), on its decision day; wrong when it is a
/// production error (QA disagreed and no appeal overturned QA's decision). The comparison and
/// its thresholds are the quiz answers', so "answers" are audited decisions here.
public struct ProductionAuditEvidence: SectionEvidenceSource {
    let records: Records

    /// Audits from `records`.
    public init(records: Records) { self.records = records }

    public var source: OutcomeSource { .productionAudits }

    public func judgements(on sections: Set<String>, by learners: Set<String>) throws(RecordsError) -> [SectionJudgement] {
        try records.productionJudgements(sections: sections, moderators: learners).map {
            SectionJudgement(learnerID: $0.moderator, day: $0.day, wrong: $0.error)
        }
    }
}

// MARK: - The comparison

/// The judgements of one period: counts, error rate and its Wilson interval.
public struct OutcomePeriod: Sendable, Hashable, Codable {
    /// How many judgements (answers).
    public var answers: Int
    /// How many of them were wrong.
    public var errors: Int
    /// How many distinct learners gave them.
    public var learners: Int
    /// errors / answers (0 without answers).
    public var errorRate: Double
    /// The 95% Wilson interval of the error rate (0...1 without answers).
    public var interval: Interval

    /// The figures of `judgements`.
    public init(_ judgements: [SectionJudgement]) {
        answers = judgements.count
        errors = judgements.filter(\.wrong).count
        learners = Set(judgements.map(\.learnerID)).count
        errorRate = answers == 0 ? 0 : Double(errors) / Double(answers)
        interval = Stats.wilson(errors, answers)
    }
}

/// What the before/after comparison allows one to say.
public enum OutcomeVerdict: String, Sendable, Hashable, Codable {
    case fewerErrors = "fewer_errors"
    case moreErrors = "more_errors"
    case noClearChange = "no_clear_change"
    case notEnoughAnswers = "not_enough_answers"
    case notEffectiveYet = "not_effective_yet"
    case noEffectiveDate = "no_effective_date"
    case noChangedSections = "no_changed_sections"
}

/// The error rate on a campaign's changed sections before and after its version took effect.
public struct CampaignOutcome: Sendable, Hashable, Codable {
    /// Where the judgements come from.
    public var source: OutcomeSource
    /// The sections measured (anchors of the campaign's SOP).
    public var sections: [String]
    /// The day the version took effect (`YYYY-MM-DD`; "" when the SOP does not say).
    public var effective: String
    /// Judgements before the effective day, and on or after it.
    public var before: OutcomePeriod
    public var after: OutcomePeriod
    /// What the figures allow one to say, and in words.
    public var verdict: OutcomeVerdict
    public var summary: String
    /// The least answers and learners each period needs before a verdict is given.
    public var minimumAnswers: Int
    public var minimumLearners: Int
    /// The same comparison within learners (`Stats.mantelHaenszel`, one stratum per learner):
    /// a change is claimed only when it agrees.
    public var withinLearners: WithinLearners = WithinLearners(learners: 0, z: 0, p: 1)

    /// The before/after comparison made learner by learner: how many learners answered in
    /// both periods, the continuity-corrected z (positive: fewer errors after) and its
    /// two-sided p-value.
    public struct WithinLearners: Sendable, Hashable, Codable {
        public var learners: Int
        public var z: Double
        public var p: Double

        /// The p-value as reports write it: "p = 0.012", or "p < 0.001".
        public var shownP: String { p < 0.001 ? "p < 0.001" : String(format: "p = %.3f", p) }
        /// z with two decimals.
        public var shownZ: String { String(format: "%.2f", z) }
    }

    /// Fewer answers than this on either side: no verdict.
    public static let minimumAnswers = 30
    /// Answers from fewer learners than this on either side: no verdict (one learner's
    /// answers are not independent of each other).
    public static let minimumLearners = 5
    /// The within-learner test's two-sided p-value must be below this for a change to be
    /// claimed. Wilson intervals alone treat every answer as independent: when learners differ
    /// (they do) and who answered changes between the periods (it does: a strong learner
    /// answers more after, a weak one leaves), non-overlapping intervals were claimed as a
    /// change in campaigns where nothing changed far more often than their 95% suggests
    /// (`CampaignOutcomeTests.aCohortWhereNothingChangedIsRarelyCalledAChange`).
    public static let significance = 0.05

    /// Splits `judgements` at `effective` (before: earlier days; after: that day and later)
    /// and compares the two error rates. A change is claimed only when both periods have
    /// enough answers and learners and the 95% intervals do not overlap.
    public static func compare(_ judgements: [SectionJudgement], source: OutcomeSource, sections: [String], effective: String?, today: String,
                               minimumAnswers: Int = CampaignOutcome.minimumAnswers, minimumLearners: Int = CampaignOutcome.minimumLearners) -> CampaignOutcome {
        let day = effective ?? ""
        let before = OutcomePeriod(day.isEmpty ? [] : judgements.filter { $0.day < day })
        let after = OutcomePeriod(day.isEmpty ? [] : judgements.filter { $0.day >= day })
        var o = CampaignOutcome(source: source, sections: sections, effective: day, before: before, after: after, verdict: .noClearChange, summary: "",
                                minimumAnswers: minimumAnswers, minimumLearners: minimumLearners)
        if !day.isEmpty { o.withinLearners = withinLearners(judgements, effective: day) }
        if sections.isEmpty {
            o.verdict = .noChangedSections
        } else if day.isEmpty {
            o.verdict = .noEffectiveDate
        } else if day > today {
            o.verdict = .notEffectiveYet
        } else if before.answers < minimumAnswers || after.answers < minimumAnswers || before.learners < minimumLearners || after.learners < minimumLearners {
            o.verdict = .notEnoughAnswers
        } else if after.interval.high < before.interval.low || after.interval.low > before.interval.high {
            let fewer = after.interval.high < before.interval.low
            let within = o.withinLearners
            if within.p < significance, (within.z > 0) == fewer {
                o.verdict = fewer ? .fewerErrors : .moreErrors
            } else {
                o.verdict = .noClearChange
            }
        } else {
            o.verdict = .noClearChange
        }
        o.summary = o.summary(in: nil)
        return o
    }

    /// The line under the did-it-work table giving the within-learner comparison ("The same
    /// learners before and after: 7 (Mantel-Haenszel z = 2.56, p = 0.010)."), nil when no
    /// learner answered on both sides. `plural` looks its message up in the reader's language
    /// (key, count, English one and other forms, values), as the CLI and the dashboard do.
    public func withinLearnersLine(_ plural: (_ key: String, _ count: Int, _ one: String, _ other: String, _ values: KeyValuePairs<String, String>) -> String) -> String? {
        guard withinLearners.learners > 0 else { return nil }
        return plural("cli.campaign.within_learners", withinLearners.learners,
                      "The same learner before and after: {count} (Mantel-Haenszel z = {z}, {p}).",
                      "The same learners before and after: {count} (Mantel-Haenszel z = {z}, {p}).",
                      ["z": withinLearners.shownZ, "p": withinLearners.shownP])
    }

    /// The Mantel–Haenszel comparison of each learner's answers before `effective` with their
    /// answers from it (learners in a stable order, so the sums are the same every run).
    static func withinLearners(_ judgements: [SectionJudgement], effective day: String) -> WithinLearners {
        var counts: [String: (a: Int, n1: Int, c: Int, n2: Int)] = [:]
        for j in judgements {
            var k = counts[j.learnerID] ?? (0, 0, 0, 0)
            if j.day < day {
                k.n1 += 1
                if j.wrong { k.a += 1 }
            } else {
                k.n2 += 1
                if j.wrong { k.c += 1 }
            }
            counts[j.learnerID] = k
        }
        let test = Stats.mantelHaenszel(counts.keys.sorted().map { counts[$0]! })
        return WithinLearners(learners: test.strata, z: test.z, p: test.p)
    }

    /// The verdict in words, in `language` (nil or English: `summary`, worded as it always
    /// has been) from the catalogue's `campaign.verdict.*` messages, with the language's
    /// numbers and dates.
    public func summary(in language: Localized?) -> String {
        let local = language.flatMap { $0.language == Messages.fallbackLanguage ? nil : $0 }
        func tr(_ key: String, _ english: String, _ values: [(String, String)] = []) -> String {
            let template = local.flatMap { $0.message(key) != nil ? $0(key) : nil } ?? english
            return Localized.fill(template, values)
        }
        func count(_ n: Int) -> String { local?.number(n) ?? String(n) }
        switch verdict {
        case .noChangedSections: return tr("campaign.verdict.no_changed_sections", "no changed sections to measure")
        case .noEffectiveDate:
            return tr("campaign.verdict.no_effective_date", "no effective date for this version; give the SOP an 'effective:' date or a change-log entry for it")
        case .notEffectiveYet:
            return tr("campaign.verdict.not_effective_yet", "not in effect until {date}; nothing to compare yet", [("date", local?.date(effective) ?? effective)])
        case .notEnoughAnswers:
            var short: [String] = []
            for (name, p) in [("before", before), ("after", after)] {
                if p.answers < minimumAnswers {
                    short.append(tr("campaign.verdict.few_answers_" + name, "n < {minimum} " + name, [("minimum", count(minimumAnswers))]))
                } else if p.learners < minimumLearners {
                    short.append(tr("campaign.verdict.few_learners_" + name, "fewer than {minimum} learners " + name, [("minimum", count(minimumLearners))]))
                }
            }
            return tr("campaign.verdict.not_enough_answers", "not enough answers yet ({short})",
                      [("short", short.joined(separator: tr("analysis.list_separator", ", ")))])
        case .fewerErrors: return tr("campaign.verdict.fewer_errors", "fewer errors after; intervals do not overlap")
        case .moreErrors: return tr("campaign.verdict.more_errors", "more errors after; intervals do not overlap")
        case .noClearChange:
            guard after.interval.high < before.interval.low || after.interval.low > before.interval.high else {
                return tr("campaign.verdict.no_clear_change", "no clear change; intervals overlap")
            }
            guard withinLearners.learners > 0 else {
                return tr("campaign.verdict.no_clear_change_no_overlap",
                          "no clear change; the intervals do not overlap, but no learner answered both before and after, so who answered cannot be told from how they answer")
            }
            return tr("campaign.verdict.no_clear_change_within",
                      "no clear change; the intervals do not overlap, but the same learners' answers do not differ clearly ({p}): who answered changed more than how they answer",
                      [("p", withinLearners.shownP)])
        }
    }

    /// The day `version` of the SOP took effect: its `effective:` date while it is the
    /// current version, else the date of its change-log entry; nil when neither says.
    public static func effectiveDate(of meta: PageMetadata, version: String) -> String? {
        if VersionNumber.compare(meta.version, version) == 0, !meta.effective.isEmpty { return meta.effective }
        return meta.changes.first { VersionNumber.compare($0.version, version) == 0 && !$0.date.isEmpty }?.date
    }
}
