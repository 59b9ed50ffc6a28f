import CivilDate
import Foundation
@testable import Insights
import Testing

@Suite("Production QA trends and root causes")
struct QATrendsTests {
    @Test("the exact conditional rate test gives the binomial tail (hand-worked) and allows for volume")
    func conditionalTest() {
        // 3 errors now, 0 before, equal exposure: P(X >= 3 | X ~ Bin(3, 1/2)) = 1/8.
        #expect(abs(Stats.rateGreater(3, 100, than: 0, 100) - 0.125) < 1e-9)
        // 4 of 100 against 1 of 300: Bin(5, 0.25): P(X >= 4) = 5·0.25⁴·0.75 + 0.25⁵ = 0.015625.
        #expect(abs(Stats.rateGreater(4, 100, than: 1, 300) - 0.015625) < 1e-9)
        #expect(Stats.rateGreater(0, 10, than: 5, 10) == 1)
        // The same rates, ten times the volume: far more significant.
        #expect(Stats.rateGreater(3, 12, than: 1, 10) > 0.2)
        #expect(Stats.rateGreater(300, 1200, than: 100, 1000) < 1e-6)
    }

    static func counts(_ weekly: [(String, [(Int, Int)])], start: String = "2026-10-05") -> QADailyCounts {
        var c = QADailyCounts()
        let day0 = CivilDate(iso: start)!.days
        for (key, weeks) in weekly {
            for (w, (audits, errors)) in weeks.enumerated() {
                c.add(QAUnit(level: "section", key: key), day: day0 + 7 * w + 2, QACounts(audits: audits, errors: errors, weightedErrors: errors * 2))
            }
        }
        return c
    }

    @Test("a rise in the latest week is flagged against the previous and trailing weeks; ranked by harm-weighted excess, ties by key")
    func risesAndOrder() {
        let c = Self.counts([
            ("sop#b", [(200, 10), (200, 10), (200, 10), (200, 10), (200, 50)]),
            ("sop#a", [(200, 10), (200, 10), (200, 10), (200, 10), (200, 50)]),
            ("sop#c", [(200, 10), (200, 10), (200, 10), (200, 10), (200, 12)]),
            ("sop#d", [(10, 1), (10, 0), (10, 1), (10, 0), (10, 3)]),
        ])
        let t = QATrendAnalysis.trends(c) { ($0.key, "") }
        #expect(t.week == "2026-W45")
        #expect(t.rising.map(\.key) == ["sop#a", "sop#b"])
        let a = t.rising[0]
        #expect(a.comparisons.map(\.baseline) == ["previous-week", "trailing-4-weeks"])
        #expect(a.comparisons.allSatisfy { $0.flagged })
        #expect(abs(a.weightedExcess - 80) < 1e-9)  // 100 weighted errors against 20 expected
        #expect(a.series.suffix(2).map(\.errors) == [10, 50])
    }

    @Test("a small rise on small volume is not flagged: the test allows for volume")
    func smallVolume() {
        let c = Self.counts([("sop#a", [(10, 1), (10, 1), (10, 1), (10, 1), (12, 3)])])
        #expect(QATrendAnalysis.trends(c) { ($0.key, "") }.rising.isEmpty)
    }

    @Test("trend precision and recall >= 0.9 and root-cause accuracy >= 0.9 over 10 planted cohorts")
    func plantedCohorts() {
        var found = 0, flaggedCount = 0, truthCount = 0, correct = 0, rows = 0
        var wrong: [String] = []
        for seed in UInt64(1)...10 {
            let cohort = QACohort.make(seed: seed * 7919)
            let (trends, causes) = cohort.analyse()
            let flagged = Set(trends.rising.map { "\($0.level):\($0.key)" })
            found += flagged.intersection(cohort.rising).count
            if !flagged.isSubset(of: cohort.rising) { wrong.append("seed \(seed) trends \(flagged.subtracting(cohort.rising).sorted()) truth \(cohort.truth)") }
            flaggedCount += flagged.count
            truthCount += cohort.rising.count
            let slice = cohort.executionSlice
            var expected = cohort.truth.map { ("\($0.key)|all|", [$0.value]) } + [("\(slice.section)|team|\(slice.value)", ["execution"])]
            // The slice's section as a whole, when it is flagged too, has the same cause.
            if causes.contains(where: { $0.section == slice.section && $0.dimension == "all" }) { expected.append(("\(slice.section)|all|", ["execution"])) }
            for (key, causesExpected) in expected {
                rows += 1
                let got = causes.first { "\($0.section)|\($0.dimension)|\($0.value)" == key }?.causes
                if got == causesExpected { correct += 1 } else { wrong.append("seed \(seed) \(key): expected \(causesExpected), got \(got ?? [])") }
            }
        }
        let precision = Double(found) / Double(max(1, flaggedCount)), recall = Double(found) / Double(truthCount)
        let accuracy = Double(correct) / Double(rows)
        print("QA simulator: trend precision \(precision) recall \(recall) (\(found) of \(truthCount) planted, \(flaggedCount) flagged); RCA accuracy \(accuracy) (\(correct) of \(rows)); misses: \(wrong)")
        #expect(precision >= 0.9, "\(wrong)")
        #expect(recall >= 0.9)
        #expect(accuracy >= 0.9, "\(wrong)")
    }

    /// A new, weaker team starting on a section the week a version of its SOP takes effect
    /// raises the section's error rate from that day just as an SOP change would. Read from the
    /// day totals alone, the root cause said "recent SOP change"; moderator by moderator, the
    /// moderators who were there before err no more after, and it does not.
    @Test("newcomers starting the day a version takes effect are not an SOP change")
    func newcomersAreNoSOPChange() {
        var byTotals = 0, byModerator = 0, flagged = 0
        for seed in UInt64(1)...10 {
            let cohort = QACohort.make(seed: seed * 6_151, newcomers: true)
            let section = cohort.newcomerSection
            func saysChange(_ oneByOne: Bool) -> Bool? {
                cohort.analyse(oneByOne: oneByOne).1.first { $0.section == section && $0.dimension == "all" }.map { $0.causes.contains("recent-sop-change") }
            }
            guard let totals = saysChange(false), let moderators = saysChange(true) else { continue }
            flagged += 1
            if totals { byTotals += 1 }
            if moderators { byModerator += 1 }
        }
        print("QA simulator: newcomer sections flagged in \(flagged) of 10 cohorts; 'recent SOP change' from day totals \(byTotals), moderator by moderator \(byModerator)")
        #expect(flagged >= 8)
        #expect(byTotals >= flagged / 2, "the scenario makes the day totals rise")
        #expect(byModerator == 0)
    }

    @Test("null cohorts: flags stay within the 5% false discovery rate over 20 cohorts")
    func nullCohorts() {
        var withTrend = 0, withTarget = 0
        for seed in UInt64(1)...20 {
            let cohort = QACohort.make(seed: 104_729 * seed, null: true)
            let (trends, causes) = cohort.analyse()
            if !trends.rising.isEmpty { withTrend += 1 }
            if !causes.isEmpty { withTarget += 1 }
        }
        print("QA simulator: null cohorts with a trend flag \(withTrend) of 20, with a flagged section \(withTarget) of 20")
        // Under the complete null every flag is false, so the FDR is the share of cohorts with any flag.
        #expect(Double(withTrend) / 20 <= 0.05)
        #expect(Double(withTarget) / 20 <= 0.05)
    }

    @Test("a section with a suspect quiz key gets a question/key problem; one with no evidence says so")
    func keyProblemAndInsufficient() {
        var cohort = QACohort.make(seed: 11)
        let section = cohort.truth.first { $0.value == "knowledge-gap" }!.key
        var item = ItemReport(item: "case-x", kind: "decision", title: "", file: "", ref: section, url: "",
                              stats: ItemStatistics.compute(itemScores: [1, 0, 1], restScores: [0.5, 0.6, 0.7]), key: "remove",
                              upperKeyShare: 0.1, upperTopWrong: "approve", upperTopWrongShare: 0.8, openContests: 0, flags: ["suspect-key"])
        cohort.quiz.report.items.append(item)
        let (_, causes) = cohort.analyse()
        #expect(causes.first { $0.section == section && $0.dimension == "all" }?.causes.contains("question-key-problem") == true)

        // The same cohort without quiz answers for its moderators: execution cannot be told apart.
        item.ref = ""
        let noQuiz = QuizSide(evidence: Evidence(catalog: cohort.quiz.evidence.catalog), report: cohort.quiz.report)
        let execution = cohort.truth.first { $0.value == "execution" }!.key
        let targets = RootCauseAnalysis.targets(trends: QATrends(week: nil, falseDiscoveryRate: 0.05, tests: 0, rising: []), counts: cohort.counts)
        let result = RootCauseAnalysis.analyse(targets: targets, counts: cohort.counts, moderators: cohort.moderators, production: cohort.production,
                                               quiz: noQuiz, versions: [:]) { ($0, "") }
        let row = result.first { $0.section == execution && $0.dimension == "all" }
        #expect(row?.causes == ["insufficient-evidence"])
        #expect(row?.evidence.first?.contains("quiz answers") == true)
    }

    @Test("the digest is byte-identical across runs in every format, and user text is escaped in markdown")
    func deterministicAndEscaped() {
        let cohort = QACohort.make(seed: 3)
        func render(_ format: ReportFormat) -> String {
            var r = cohort.production
            let (t, c) = cohort.analyse()
            r.trends = t
            r.rootCauses = c.map { var x = $0; x.title = "<script>alert(1)</script> | *x*"; x.value = x.value.isEmpty ? "" : "[team](javascript:1)"; return x }
            return ReportPrinter(format: format, siteURL: "", top: 15).render(r)
        }
        for format in [ReportFormat.table, .json, .csv, .markdown] {
            let first = render(format)
            #expect(first == render(format), "\(format)")
            #expect(first.contains("execution") && first.contains("recent") && first.contains("ambiguity"), "\(format)")
        }
        let md = render(.markdown)
        #expect(!md.contains("<script>"))
        #expect(md.contains("\\<script\\>"))
        #expect(!md.contains("[team](javascript"))
        #expect(md.contains("## Top error trends") && md.contains("## Root causes"))
    }
}
