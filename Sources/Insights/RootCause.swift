import CivilDate
import Foundation
import Handbook
import Quiz
import Records

// Root causes of production errors, per flagged SOP section and per slice (team, vendor,
// market) of one that does significantly worse than the rest of the section. Each cause is
// decided from evidence the other reports already compute: the quiz answers of the same
// moderators (knowledge gap or execution), QA reviewer agreement on double audits and quiz
// calibration (SOP ambiguity), the SOP's versions and effective dates (recent SOP change),
// and the item analysis' suspect keys (question/key problem). The rules are in the README.

/// One moderator's audited decisions in one section and slice, by name.
public struct QAModeratorCounts: Sendable, Hashable {
    /// `sop-id#anchor`.
    public var section: String
    /// The moderator's id (a learner id).
    public var moderator: String
    public var team: String
    public var vendor: String
    public var market: String
    public var audits: Int
    public var errors: Int

    /// One group of audits.
    public init(section: String, moderator: String, team: String, vendor: String, market: String, audits: Int, errors: Int) {
        self.section = section; self.moderator = moderator; self.team = team; self.vendor = vendor; self.market = market
        self.audits = audits; self.errors = errors
    }
}

/// A version of an SOP page and the date it took effect.
public struct SOPEffectiveDate: Sendable, Hashable {
    public var version: String
    /// `YYYY-MM-DD`.
    public var effective: String
    /// A version.
    public init(version: String, effective: String) { self.version = version; self.effective = effective }
}

/// The quiz side of a root-cause analysis: the answers and the gap report made from them.
public struct QuizSide: Sendable {
    public var evidence: Evidence
    public var report: GapReport
    /// Both.
    public init(evidence: Evidence, report: GapReport) { self.evidence = evidence; self.report = report }
}

/// The same moderators' quiz answers in the section and on their other sections.
public struct QuizFigures: Sendable, Hashable, Codable {
    /// Audited moderators with quiz answers in the section.
    public var moderators: Int
    /// Their answers and errors in the section (questions with a suspect key left out).
    public var answers: Int
    public var errors: Int
    public var errorRate: Double
    public var interval: Interval
    /// Their answers and errors on every other section.
    public var otherAnswers: Int
    public var otherErrors: Int
    public var otherErrorRate: Double
    /// One-sided exact conditional test: the section's quiz error rate above their other sections'.
    public var p: Double
    /// Whether the quiz gap report flags the section (or, for a slice, the slice in the section).
    public var gapReportFlagged: Bool
}

/// Agreement evidence on a section.
public struct AmbiguityFigures: Sendable, Hashable, Codable {
    /// QA reviewers on double audits of the section.
    public var doubleAudits: Int
    public var reviewerAlpha: Double?
    public var reviewerAgreement: Double?
    /// Quiz calibration: the lowest Krippendorff's alpha of the section's policy codes, and its code and cases.
    public var calibrationAlpha: Double?
    public var calibrationCode: String?
    public var calibrationCases: Int?
}

/// The section's error rate before and after a version of its SOP took effect.
public struct SOPChangeFigures: Sendable, Hashable, Codable {
    public var version: String
    public var effective: String
    public var before: QACounts
    public var beforeRate: Double
    public var after: QACounts
    public var afterRate: Double
    /// One-sided exact conditional test (after above before), and the level it had to pass
    /// (alpha split over the versions tested).
    public var p: Double
    public var level: Double
    /// The same comparison moderator by moderator (Mantel–Haenszel, one stratum per
    /// moderator audited on both sides of the date), when the audits were read one by one:
    /// how many moderators, and the one-sided p-value (after above before), which must pass
    /// the same level. Nil when only the day totals were given.
    public var sameModerators: Int?
    public var withinP: Double?
}

/// The root causes of one flagged section, or of one slice of it.
public struct RootCause: Sendable, Hashable, Codable {
    public var section: String
    public var title: String
    public var url: String
    /// `all` for the section as a whole, else `team`, `vendor` or `market`.
    public var dimension: String
    /// The slice's name ("" for the whole section).
    public var value: String
    /// Why it is analysed: `rising` (a top error trend), `elevated` (error rate above the
    /// other sections'), `slice` (the slice does worse than the rest of the section).
    public var flaggedBy: [String]
    /// The production figures of the section or slice, and the rest it was compared with.
    public var production: QACounts
    public var errorRate: Double
    public var interval: Interval
    public var restErrorRate: Double
    /// Adjusted p-value of the elevated or slice test, when that is why it is analysed.
    public var q: Double?
    /// Audited moderators behind the figures.
    public var moderators: Int
    /// `knowledge-gap`, `execution`, `sop-ambiguity`, `recent-sop-change`, `question-key-problem`,
    /// or `insufficient-evidence` alone.
    public var causes: [String]
    /// One sentence per cause with its numbers, and what was missing when the evidence is insufficient.
    public var evidence: [String]
    public var quiz: QuizFigures?
    public var ambiguity: AmbiguityFigures
    public var sopChange: SOPChangeFigures?
    /// Questions of the section whose answer key looks wrong.
    public var suspectItems: [String]
    /// `evidence` as codes and figures (`evidence_codes` in JSON), for reports in the reader's language.
    public var evidenceCodes: [AnalysisReason]
}

/// The analysis of root causes.
public enum RootCauseAnalysis {
    /// A section, or a slice of one, to analyse and why.
    public struct Target: Sendable, Hashable {
        public var section: String
        /// `all`, `team`, `vendor` or `market`.
        public var dimension = "all"
        public var value = ""
        public var flaggedBy: [String]
        public var q: Double?
    }

    /// What to analyse: every rising section of `trends`; every section whose error rate over
    /// the scope is significantly (BH over sections) and materially above the other sections';
    /// every team, vendor or market of a section whose error rate there is significantly (BH
    /// over all slices) and materially above the rest of the section's. In section order, each
    /// section before its slices.
    public static func targets(trends: QATrends, counts: QADailyCounts, options o: QATrendOptions = QATrendOptions()) -> [Target] {
        let totals = sectionTotals(counts)
        let all = totals.values.reduce(QACounts(), +)
        var out: [Target] = []
        // Sections against every other section.
        var tested: [(String, Double)] = []
        for k in totals.keys.sorted() {
            let c = totals[k] ?? QACounts()
            let restN = all.audits - c.audits, restE = all.errors - c.errors
            guard restN > 0, c.errors + restE >= o.minErrors else { continue }
            tested.append((k, Stats.rateGreater(c.errors, c.audits, than: restE, restN)))
        }
        var q = Stats.benjaminiHochberg(tested.map(\.1))
        var sections: [String: Target] = [:]
        for (i, (k, _)) in tested.enumerated() {
            let c = totals[k] ?? QACounts()
            let restRate = Double(all.errors - c.errors) / Double(max(1, all.audits - c.audits))
            if q[i] <= o.falseDiscoveryRate, c.rate - restRate >= o.minExcess { sections[k] = Target(section: k, flaggedBy: ["elevated"], q: q[i]) }
        }
        for t in trends.rising where t.level == "section" {
            sections[t.key, default: Target(section: t.key, flaggedBy: [], q: nil)].flaggedBy.insert("rising", at: 0)
        }
        out = sections.keys.sorted().compactMap { sections[$0] }
        // Slices against the rest of their section.
        var slices: [(QASlice, Double)] = []
        for slice in counts.slices.keys.sorted() {
            let c = counts.slices[slice] ?? QACounts(), section = totals[slice.section] ?? QACounts()
            let restN = section.audits - c.audits, restE = section.errors - c.errors
            guard restN > 0, c.errors + restE >= o.minErrors else { continue }
            slices.append((slice, Stats.rateGreater(c.errors, c.audits, than: restE, restN)))
        }
        q = Stats.benjaminiHochberg(slices.map(\.1))
        for (i, (slice, _)) in slices.enumerated() {
            let c = counts.slices[slice] ?? QACounts(), section = totals[slice.section] ?? QACounts()
            let restRate = Double(section.errors - c.errors) / Double(max(1, section.audits - c.audits))
            guard q[i] <= o.falseDiscoveryRate, c.rate - restRate >= o.minExcess else { continue }
            out.append(Target(section: slice.section, dimension: slice.dimension, value: slice.value, flaggedBy: ["slice"], q: q[i]))
        }
        return out.sorted { ($0.section, $0.dimension == "all" ? 0 : 1, $0.dimension, $0.value) < ($1.section, $1.dimension == "all" ? 0 : 1, $1.dimension, $1.value) }
    }

    static func sectionTotals(_ counts: QADailyCounts) -> [String: QACounts] {
        var totals: [String: QACounts] = [:]
        for (unit, days) in counts.units where unit.level == "section" { totals[unit.key] = days.values.reduce(QACounts(), +) }
        return totals
    }

    /// The versions of every SOP page with an effective date: its change log entries and its current version.
    public static func versions(_ handbook: Handbook) -> [String: [SOPEffectiveDate]] {
        var out: [String: [SOPEffectiveDate]] = [:]
        for page in handbook.pages {
            var v = page.meta.changes.filter { CivilDate(iso: $0.date) != nil }.map { SOPEffectiveDate(version: $0.version, effective: $0.date) }
            if CivilDate(iso: page.meta.effective) != nil, !v.contains(where: { $0.version == page.meta.version }) {
                v.append(SOPEffectiveDate(version: page.meta.version, effective: page.meta.effective))
            }
            if !v.isEmpty { out[page.meta.id] = v.sorted { ($0.effective, $0.version) < ($1.effective, $1.version) } }
        }
        return out
    }

    /// Root causes for every target, in the targets' order.
    public static func analyse(targets: [Target], counts: QADailyCounts, moderators: [QAModeratorCounts], production: ProductionQAReport,
                               quiz: QuizSide?, versions: [String: [SOPEffectiveDate]], options o: QATrendOptions = QATrendOptions(),
                               judgements: [String: [SectionJudgement]]? = nil,
                               describe: (String) -> (title: String, url: String)) -> [RootCause] {
        let quizTally = quiz.map { QuizTally($0) }
        var bySection: [String: [QAModeratorCounts]] = [:]
        for m in moderators { bySection[m.section, default: []].append(m) }
        let totals = sectionTotals(counts)
        let all = totals.values.reduce(QACounts(), +)
        return targets.map { t in
            let section = totals[t.section] ?? QACounts()
            let here: QACounts, rest: QACounts
            if t.dimension == "all" {
                here = section
                rest = QACounts(audits: all.audits - here.audits, errors: all.errors - here.errors, weightedErrors: all.weightedErrors - here.weightedErrors)
            } else {
                here = counts.slices[QASlice(section: t.section, dimension: t.dimension, value: t.value)] ?? QACounts()
                rest = QACounts(audits: section.audits - here.audits, errors: section.errors - here.errors,
                                weightedErrors: section.weightedErrors - here.weightedErrors)
            }
            let rows = (bySection[t.section] ?? []).filter { t.dimension == "all" || slice($0, t.dimension) == t.value }
            return cause(t, here: here, rest: rest, moderators: Set(rows.map(\.moderator)), counts: counts, production: production, quiz: quiz,
                         quizTally: quizTally, versions: versions, o: o, judgements: judgements.map { $0[t.section] ?? [] }, describe: describe)
        }
    }

    static func slice(_ r: QAModeratorCounts, _ dimension: String) -> String {
        switch dimension { case "team": r.team; case "vendor": r.vendor; default: r.market }
    }

    // swiftlint:disable:next function_parameter_count
    static func cause(_ t: Target, here: QACounts, rest: QACounts, moderators moderatorIDs: Set<String>, counts: QADailyCounts,
                      production: ProductionQAReport, quiz: QuizSide?, quizTally: QuizTally?, versions: [String: [SOPEffectiveDate]],
                      o: QATrendOptions, judgements: [SectionJudgement]? = nil, describe: (String) -> (title: String, url: String)) -> RootCause {
        let section = t.section, dimension = t.dimension, value = t.value
        let (title, url) = describe(section)
        var causes: [String] = [], evidence: [String] = []

        // Agreement: reviewers on double audits, and quiz calibration of the section's codes.
        let reviewers = production.reviewerAgreement.first { $0.key == section }
        var ambiguity = AmbiguityFigures(doubleAudits: reviewers?.cases ?? 0, reviewerAlpha: reviewers?.krippendorffAlpha,
                                         reviewerAgreement: reviewers.map(\.observedAgreement))
        if let quiz, let index = quiz.evidence.catalog.sectionIndex[section] {
            let codes = Set(quiz.evidence.catalog.codes.filter { $0.value.section == index }.map(\.key))
            if let low = quiz.report.calibration.byCode.filter({ codes.contains($0.group) && $0.krippendorffAlpha != nil })
                .min(by: { ($0.krippendorffAlpha ?? 2, $0.group) < ($1.krippendorffAlpha ?? 2, $1.group) }) {
                ambiguity.calibrationAlpha = low.krippendorffAlpha
                ambiguity.calibrationCode = low.group
                ambiguity.calibrationCases = low.cases
            }
        }
        let suspect = quiz?.report.items.filter { $0.ref == section && $0.flags.contains("suspect-key") }.map(\.item) ?? []
        let suspectItems = Array(Set(suspect)).sorted()

        // Quiz answers of the same moderators.
        var figures: QuizFigures?
        var knowledge = false, passes = false
        if let quiz, let quizTally, let s = quiz.evidence.catalog.sectionIndex[section] {
            var f = quizTally.figures(moderators: moderatorIDs, section: s)
            f.gapReportFlagged = dimension == "all"
                ? quiz.report.sections.contains { $0.ref == section && $0.flagged }
                : quiz.report.sliceGaps.contains { $0.ref == section && $0.dimension == dimension && $0.value == value }
            figures = f
            if f.answers >= o.minQuizAnswers {
                knowledge = f.p < o.alpha && f.errorRate - f.otherErrorRate >= o.quizExcess
                passes = !knowledge && f.interval.high < f.otherErrorRate + o.quizExcess
            }
        }
        let reviewerLow = (reviewers?.cases ?? 0) >= o.minDoubleAudits && (reviewers?.krippendorffAlpha).map { $0 < o.lowAgreement } == true
        // Quiz calibration only speaks to the SOP when the disagreement is not explained by a gap or a wrong key.
        let calibrationLow = !knowledge && suspectItems.isEmpty && ambiguity.calibrationAlpha.map { $0 < o.lowAgreement } == true
        let ambiguous = reviewerLow || calibrationLow

        var change: SOPChangeFigures?
        if let page = SectionRef(section)?.pageID, let list = versions[page] {
            change = sopChange(QAUnit(level: "section", key: section), versions: list, counts: counts, o: o, judgements: judgements)
        }

        // Percentages as the sentences round them ("%.0f").
        let pct = { (x: Double) -> ReasonValue in .int(Int(String(format: "%.0f", x * 100)) ?? 0) }
        var reasons: [AnalysisReason] = []
        if let f = figures {
            let line: [String: ReasonValue] = ["moderators": .int(f.moderators), "error_rate": pct(f.errorRate), "answers": .int(f.answers),
                                               "other_rate": pct(f.otherErrorRate), "other_answers": .int(f.otherAnswers), "p": .text(String(format: "%.3g", f.p))]
            if knowledge {
                causes.append("knowledge-gap")
                reasons.append(AnalysisReason("knowledge_gap", line.merging(["flagged": .int(f.gapReportFlagged ? 1 : 0)]) { a, _ in a }))
            } else if passes && !ambiguous && change == nil {
                causes.append("execution")
                reasons.append(AnalysisReason("execution", line.merging(["production_rate": pct(Double(here.errors) / Double(max(1, here.audits)))]) { a, _ in a }))
            }
        }
        if ambiguous {
            causes.append("sop-ambiguity")
            var params: [String: ReasonValue] = [:]
            if reviewerLow, let r = reviewers {
                params["agreement"] = pct(r.observedAgreement)
                params["double_audits"] = .int(r.cases)
                params["alpha"] = .text(String(format: "%.2f", r.krippendorffAlpha ?? 0))
                params["threshold"] = .text("\(o.lowAgreement)")
            }
            if calibrationLow, let a = ambiguity.calibrationAlpha {
                params["calibration_code"] = .text(ambiguity.calibrationCode ?? "")
                params["calibration_alpha"] = .text(String(format: "%.2f", a))
                params["calibration_cases"] = .int(ambiguity.calibrationCases ?? 0)
            }
            reasons.append(AnalysisReason("sop_ambiguity", params))
        }
        if let c = change {
            causes.append("recent-sop-change")
            var params: [String: ReasonValue] = ["before_rate": pct(c.beforeRate), "before_audits": .int(c.before.audits), "after_rate": pct(c.afterRate),
                                                 "after_audits": .int(c.after.audits), "version": .text(c.version), "date": .text(c.effective),
                                                 "p": .text(String(format: "%.3g", c.p)), "level": .text(String(format: "%.3g", c.level))]
            if let same = c.sameModerators, let withinP = c.withinP {
                params["same_moderators"] = .int(same)
                params["within_p"] = .text(String(format: "%.3g", withinP))
            }
            reasons.append(AnalysisReason("recent_sop_change", params))
        }
        if !suspectItems.isEmpty {
            causes.append("question-key-problem")
            reasons.append(AnalysisReason("question_key_problem", ["items": .text(suspectItems.joined(separator: ", "))]))
        }
        if causes.isEmpty {
            causes = ["insufficient-evidence"]
            var params: [String: ReasonValue] = [:]
            if let f = figures {
                if f.answers < o.minQuizAnswers { params["quiz"] = .text("few"); params["answers"] = .int(f.answers); params["needed"] = .int(o.minQuizAnswers) }
                else { params["quiz"] = .text("unclear"); params["error_rate"] = pct(f.errorRate); params["answers"] = .int(f.answers); params["other_rate"] = pct(f.otherErrorRate) }
            } else {
                params["quiz"] = .text("none")
            }
            if (reviewers?.cases ?? 0) < o.minDoubleAudits { params["double_audits"] = .int(reviewers?.cases ?? 0); params["needed_double"] = .int(o.minDoubleAudits) }
            reasons.append(AnalysisReason("insufficient_evidence", params))
        }
        evidence = reasons.map { $0.text(in: nil) }
        return RootCause(section: section, title: title, url: url, dimension: dimension, value: value, flaggedBy: t.flaggedBy, production: here,
                         errorRate: here.rate, interval: Stats.wilson(here.errors, here.audits), restErrorRate: rest.rate, q: t.q,
                         moderators: moderatorIDs.count, causes: causes, evidence: evidence, quiz: figures, ambiguity: ambiguity,
                         sopChange: change, suspectItems: suspectItems, evidenceCodes: reasons)
    }

    /// The sections of `targets` whose day totals show a recent SOP change: the ones whose
    /// audits `analyse` needs one by one to check it moderator by moderator.
    public static func sopChangeCandidates(targets: [Target], counts: QADailyCounts, versions: [String: [SOPEffectiveDate]],
                                           options o: QATrendOptions = QATrendOptions()) -> Set<String> {
        Set(targets.map(\.section).filter { section in
            guard let page = SectionRef(section)?.pageID, let list = versions[page] else { return false }
            return sopChange(QAUnit(level: "section", key: section), versions: list, counts: counts, o: o) != nil
        })
    }

    /// The days (since 1970-01-01) that the SOP-change comparison of `section` looks at: from
    /// `changeWindowDays` before its page's first effective date to as many after its last one;
    /// nil when the page has no effective date.
    public static func changeWindows(section: String, versions: [String: [SOPEffectiveDate]],
                                     options o: QATrendOptions = QATrendOptions()) -> Range<Int>? {
        guard let page = SectionRef(section)?.pageID else { return nil }
        let days = (versions[page] ?? []).compactMap { CivilDate(iso: $0.effective)?.days }
        guard let first = days.min(), let last = days.max() else { return nil }
        return (first - o.changeWindowDays)..<(last + o.changeWindowDays)
    }

    /// The most recent version whose effective date split the section's audits into a
    /// significantly and materially worse after than before (within `changeWindowDays` each
    /// side; the level is alpha split over the versions tested), else nil.
    ///
    /// With the section's audits one by one (`judgements`), the same moderators must also err
    /// more after than before (`Stats.mantelHaenszel` by moderator, one-sided, same level):
    /// day totals rise just as much when weaker moderators start on the section the week a
    /// version takes effect (a new vendor team, a reshuffled queue), and that is no SOP change.
    static func sopChange(_ unit: QAUnit, versions: [SOPEffectiveDate], counts: QADailyCounts, o: QATrendOptions,
                          judgements: [SectionJudgement]? = nil) -> SOPChangeFigures? {
        var tested: [SOPChangeFigures] = []
        for v in versions {
            guard let day = CivilDate(iso: v.effective)?.days else { continue }
            let before = counts.total(unit, days: (day - o.changeWindowDays)..<day)
            let after = counts.total(unit, days: day..<(day + o.changeWindowDays))
            guard before.audits > 0, after.audits > 0, before.errors + after.errors >= o.minErrors else { continue }
            var figures = SOPChangeFigures(version: v.version, effective: v.effective, before: before, beforeRate: before.rate, after: after,
                                           afterRate: after.rate, p: Stats.rateGreater(after.errors, after.audits, than: before.errors, before.audits), level: 0)
            if let judgements {
                // The campaigns' comparison, over the same days: a moderator is a learner there.
                let (from, to) = (CivilDate(days: day - o.changeWindowDays).iso, CivilDate(days: day + o.changeWindowDays).iso)
                let within = CampaignOutcome.withinLearners(judgements.filter { $0.day >= from && $0.day < to }, effective: CivilDate(days: day).iso)
                figures.sameModerators = within.learners
                // One-sided, after above before (its z is positive when there are fewer errors after).
                figures.withinP = within.z < 0 ? within.p / 2 : 1 - within.p / 2
            }
            tested.append(figures)
        }
        let level = o.alpha / Double(max(1, tested.count))
        for i in tested.indices { tested[i].level = level }
        return tested.filter { $0.p < level && $0.afterRate - $0.beforeRate >= o.minExcess && ($0.withinP.map { $0 < level } ?? true) }.last
    }

    /// Quiz answers per learner and section (primary section, suspect keys left out, as the gap report counts).
    struct QuizTally: Sendable {
        let learners: [String: Int]
        /// learner -> section -> (answers, errors), and learner totals.
        let cells: [[Int: (Int, Int)]]
        let totals: [(Int, Int)]

        init(_ side: QuizSide) {
            let e = side.evidence
            var suspect = Set<Int>()
            for item in side.report.items where item.flags.contains("suspect-key") {
                if let k = QuestionKind(rawValue: item.kind), let q = e.catalog.questionIndex[item.item]?[k] { suspect.insert(q) }
            }
            var cells = [[Int: (Int, Int)]](repeating: [:], count: e.learners.count)
            var totals = [(Int, Int)](repeating: (0, 0), count: e.learners.count)
            for i in 0..<e.count {
                let q = Int(e.question[i])
                guard !suspect.contains(q), let s = e.catalog.questions[q].sections.first else { continue }
                let l = Int(e.learner[i])
                let wrong = Evidence.isWrong(Double(e.score[i])) ? 1 : 0
                let c = cells[l][s] ?? (0, 0)
                cells[l][s] = (c.0 + 1, c.1 + wrong)
                totals[l] = (totals[l].0 + 1, totals[l].1 + wrong)
            }
            self.cells = cells
            self.totals = totals
            learners = Dictionary(e.learners.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        }

        func figures(moderators: Set<String>, section s: Int) -> QuizFigures {
            var n = 0, k = 0, on = 0, ok = 0, who = 0
            for m in moderators.sorted() {
                guard let l = learners[m] else { continue }
                let c = cells[l][s] ?? (0, 0)
                if c.0 > 0 { who += 1 }
                n += c.0; k += c.1
                on += totals[l].0 - c.0; ok += totals[l].1 - c.1
            }
            let rate = n == 0 ? 0 : Double(k) / Double(n), other = on == 0 ? 0 : Double(ok) / Double(on)
            return QuizFigures(moderators: who, answers: n, errors: k, errorRate: rate, interval: Stats.wilson(k, n), otherAnswers: on,
                               otherErrors: ok, otherErrorRate: other, p: on == 0 ? 1 : Stats.rateGreater(k, n, than: ok, on), gapReportFlagged: false)
        }
    }
}
