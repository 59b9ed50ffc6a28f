import CivilDate
import Foundation
import CasebookTestSupport
@testable import Insights
import Quiz
@testable import Records
import Randomness

/// A production QA cohort with planted truth, and the quiz answers of the same moderators:
/// ten weeks of audits over twelve sections (two policy codes each) by 150 moderators in five
/// teams, three vendors and four markets; every moderator also answers four cases per
/// section in quizzes. Planted (in distinct random sections, unless `null`):
/// - execution: everyone errs in production on one section (20% against 5%), and the
///   moderators of one team on another (40%), but they pass both in quizzes;
/// - knowledge: everyone errs on one section in production (20%) and in quizzes;
/// - ambiguity: the two QA reviewers of double audits disagree on 45% of one section's
///   decisions (3% elsewhere), and its production error rate is 15%;
/// - SOP change: one section's error rate rises from 5% to 20% from the effective date of a
///   new version of its SOP, the day before the last week starts.
/// Every SOP page also has a version taking effect mid-window that changes nothing.
struct QACohort {
    var counts = QADailyCounts()
    var moderators: [QAModeratorCounts] = []
    var production: ProductionQAReport
    var quiz: QuizSide
    var versions: [String: [SOPEffectiveDate]]
    /// Planted: section ref -> cause of the whole section; the section and team with a slice execution gap.
    var truth: [String: String] = [:]
    var executionSlice = QASlice(section: "", dimension: "team", value: "")
    /// Units whose error rate truly rose in the last week: `section:REF`, `code:CODE`.
    var rising: Set<String> = []
    /// Every audit one by one, by section, as `ProductionQA.digest` reads them for the
    /// moderator-by-moderator check of an SOP change.
    var judgements: [String: [SectionJudgement]] = [:]
    /// With `newcomers`: the section a new, weaker team started on the day a version that
    /// changes nothing took effect.
    var newcomerSection = ""

    static let sections = 12
    static func ref(_ s: Int) -> String { "sop-\(s / 4)#rule-\(s)" }
    static let actions = Cohort.actions

    /// `newcomers`: besides the rest, 20 new moderators (an onboarding vendor team) start on one
    /// section the day its page's no-change version takes effect, adding as many audits a day
    /// again there and erring in 40% of them; nobody's error rate changes with the version.
    static func make(seed: UInt64, null: Bool = false, auditsPerSectionWeek: Int = 200, newcomers: Bool = false) -> QACohort {
        var rng = SeededRandom(seed: seed)
        let start = QADailyCounts.monday(CivilDate(iso: "2026-09-07")!.days)
        let weeks = 10, days = weeks * 7
        let lastMonday = start + 7 * (weeks - 1)
        let order = Array(0..<sections).shuffled(using: &rng)
        let (execution, knowledge, ambiguous, change) = null ? (-1, -1, -1, -1) : (order[0], order[1], order[2], order[3])
        let teamExecution = null ? -1 : order[4]
        let executionTeam = Int(rng.next() % 5)
        let changeDay = lastMonday - 1
        var truth: [String: String] = [:]
        if !null {
            truth = [ref(execution): "execution", ref(knowledge): "knowledge-gap", ref(ambiguous): "sop-ambiguity", ref(change): "recent-sop-change"]
        }
        // Versions: a no-change version mid-window on every page; the planted change on its page.
        var versions: [String: [SOPEffectiveDate]] = [:]
        for page in 0..<(sections / 4) {
            versions["sop-\(page)"] = [SOPEffectiveDate(version: "1.0", effective: CivilDate(days: start - 90).iso),
                                       SOPEffectiveDate(version: "1.1", effective: CivilDate(days: start + 30 + page).iso)]
        }
        if !null { versions["sop-\(change / 4)", default: []].append(SOPEffectiveDate(version: "2.0", effective: CivilDate(days: changeDay).iso)) }

        // Labels as the records store them: sections 1-12, codes 101-112, actions 201-205,
        // teams 301-305, vendors 401-403, markets 501-504.
        var labels: [Int: (kind: String, value: String)] = [:]
        for s in 0..<sections { labels[1 + s] = ("section", ref(s)); labels[101 + s] = ("code", "SIM-\(s)A"); labels[151 + s] = ("code", "SIM-\(s)B") }
        for (i, a) in actions.enumerated() { labels[201 + i] = ("action", a) }
        let vendors = ["in-house", "vendor-a", "vendor-b"], markets = ["UK", "US", "ID", "TH"]
        for t in 0..<5 { labels[301 + t] = ("team", "team-\(t)") }
        for (i, v) in vendors.enumerated() { labels[401 + i] = ("vendor", v) }
        for (i, m) in markets.enumerated() { labels[501 + i] = ("market", m) }

        let moderatorCount = 150
        var tally = ProductionQA.Tally(capacity: 600)
        var counts = QADailyCounts()
        var perModerator: [Int: (Int, Int)] = [:]
        var judgements: [String: [SectionJudgement]] = [:]
        // The newcomers' section: one with nothing planted, from its page's no-change version on.
        let newcomerSection = newcomers ? (null ? 0 : order[5]) : -1
        let newcomersFrom = start + 30 + max(0, newcomerSection) / 4
        for s in 0..<sections {
            let extra = s == newcomerSection ? auditsPerSectionWeek * weeks * (start + days - newcomersFrom) / days : 0
            for k in 0..<(auditsPerSectionWeek * weeks + extra) {
                let newcomer = k >= auditsPerSectionWeek * weeks
                let day = newcomer ? newcomersFrom + Int(rng.next() % UInt64(start + days - newcomersFrom)) : start + Int(rng.next() % UInt64(days))
                let m = newcomer ? moderatorCount + Int(rng.next() % 20) : Int(rng.next() % UInt64(moderatorCount))
                var p = newcomer ? 0.40 : 0.05
                if s == execution { p = 0.20 }
                if s == teamExecution && m % 5 == executionTeam { p = 0.40 }
                if s == knowledge { p = 0.20 }
                if s == ambiguous { p = 0.15 }
                if s == change && day >= changeDay { p = 0.20 }
                let error = rng.uniform() < p
                let outcome = error ? 1 + Int(rng.next() % 3) : 0
                let harm = 1 + s % 3
                let qaAction = Int(rng.next() % UInt64(actions.count))
                var second = 0
                if rng.uniform() < 0.2 {
                    let disagree = rng.uniform() < (s == ambiguous ? 0.45 : 0.03)
                    second = disagree ? (qaAction + 1 + Int(rng.next() % 4)) % actions.count : qaAction
                    second += 201
                }
                let c = CivilDate(days: day).isoWeek
                let code = rng.next() % 2 == 0 ? "A" : "B"
                tally.add(AuditRow(day: day, week: c.year * 100 + c.week, outcome: outcome, harm: harm, section: 1 + s, code: (code == "A" ? 101 : 151) + s,
                                   market: 501 + m % 4, vendor: 401 + m % 3, team: 301 + m % 5, queue: 0, qaAction: 201 + qaAction,
                                   secondAction: second, appeal: 0))
                counts.add(QAUnit(level: "section", key: ref(s)), day: day, error: error, harm: harm)
                counts.add(QAUnit(level: "code", key: "SIM-\(s)\(code)"), day: day, error: error, harm: harm)
                counts.add(section: ref(s), team: "team-\(m % 5)", vendor: vendors[m % 3], market: markets[m % 4], error: error, harm: harm)
                let key = s * 1000 + m
                perModerator[key] = ((perModerator[key]?.0 ?? 0) + 1, (perModerator[key]?.1 ?? 0) + (error ? 1 : 0))
                judgements[ref(s), default: []].append(SectionJudgement(learnerID: String(format: "mod-%04d", m), day: CivilDate(days: day).iso, wrong: error))
            }
        }
        let moderators = perModerator.keys.sorted().map { k -> QAModeratorCounts in
            let s = k / 1000, m = k % 1000
            return QAModeratorCounts(section: ref(s), moderator: String(format: "mod-%04d", m), team: "team-\(m % 5)", vendor: vendors[m % 3],
                                     market: markets[m % 4], audits: perModerator[k]!.0, errors: perModerator[k]!.1)
        }
        let production = ProductionQA.build(tally, labels: labels, handbook: nil, scope: ProductionQAScope(), options: ProductionQAOptions())

        // Quiz: four decision cases per section, with four different correct actions.
        var catalog = Catalog()
        for s in 0..<sections {
            catalog.addSection(SectionInfo(ref: ref(s), title: "SOP \(s / 4) › Rule \(s)", url: "sop/sop-\(s / 4).html#rule-\(s)"))
            catalog.addCode("SIM-\(s)A", name: "Rule \(s) A", harm: Double(1 + s % 3), section: s)
            catalog.addCode("SIM-\(s)B", name: "Rule \(s) B", harm: Double(1 + s % 3), section: s)
        }
        var truthAction: [String] = []
        for q in 0..<(sections * 4) {
            let s = q / 4
            catalog.addQuestion(QuestionInfo(itemID: String(format: "case-%03d", q), kind: .decision, title: "Case \(q)", sections: [s],
                                             codes: ["SIM-\(s)\(q % 2 == 0 ? "A" : "B")"], harm: 1, file: "cases/case-\(q).md", labels: [:]))
            truthAction.append(actions[(q % 4 + s) % actions.count])
        }
        var evidence = Evidence(catalog: catalog)
        let quizDays = (0..<4).map { CivilDate(days: start + 14 * $0).iso }
        for m in 0..<moderatorCount {
            let id = String(format: "mod-%04d", m)
            evidence.addLearner(LearnerProfile(id: id, name: id, team: "team-\(m % 5)", vendor: vendors[m % 3], market: markets[m % 4]))
            let ability = rng.normal() * 0.5
            for q in 0..<(sections * 4) {
                let s = q / 4
                let logit = 3.0 + ability - (s == knowledge ? 3.0 : 0)
                let right = rng.uniform() < 1 / (1 + exp(-logit))
                let wrong = actions.filter { $0 != truthAction[q] }
                let answer = right ? truthAction[q] : wrong[Int(rng.next() % UInt64(wrong.count))]
                evidence.add(learnerID: id, itemID: String(format: "case-%03d", q), kind: .decision, chosen: answer, gold: truthAction[q],
                             score: right ? 1 : 0, day: quizDays[(m + q) % 4])
            }
        }
        let quiz = QuizSide(evidence: evidence, report: GapReport.make(evidence))
        var cohort = QACohort(counts: counts, moderators: moderators, production: production, quiz: quiz, versions: versions)
        cohort.truth = truth
        cohort.judgements = judgements
        if newcomers { cohort.newcomerSection = ref(newcomerSection) }
        if !null {
            cohort.executionSlice = QASlice(section: ref(teamExecution), dimension: "team", value: "team-\(executionTeam)")
            cohort.rising = ["section:\(ref(change))", "code:SIM-\(change)A", "code:SIM-\(change)B"]
        }
        return cohort
    }

    /// The trends and root causes of the cohort, as `ProductionQA.digest` computes them.
    /// `oneByOne: false` gives the analysis the day totals only (the SOP-change check as it was
    /// before it looked at moderators one by one).
    func analyse(_ o: QATrendOptions = QATrendOptions(), oneByOne: Bool = true) -> (QATrends, [RootCause]) {
        let trends = QATrendAnalysis.trends(counts, options: o) { ($0.key, "") }
        let targets = RootCauseAnalysis.targets(trends: trends, counts: counts, options: o)
        let causes = RootCauseAnalysis.analyse(targets: targets, counts: counts, moderators: moderators, production: production, quiz: quiz,
                                               versions: versions, options: o, judgements: oneByOne ? judgements : nil) { ($0, "") }
        return (trends, causes)
    }
}
