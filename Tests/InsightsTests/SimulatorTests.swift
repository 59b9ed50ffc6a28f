import Foundation
import Testing
@testable import Insights

@Suite("Planted truth: the report recovers what the simulator planted")
struct SimulatorTests {
    static let seeds: [UInt64] = [11, 23, 37, 41, 59]

    @Test("section gaps and wrong keys are found with precision and recall of at least 0.9 (200 learners × 40 questions)")
    func recoversGapsAndKeys() {
        var gapHits = 0, gapFound = 0, gapTruth = 0
        var keyHits = 0, keyFound = 0, keyTruth = 0
        var retrainHits = 0, retrainFound = 0, retrainTruth = 0
        var ambiguousInLowest = 0, ambiguousTruth = 0
        for seed in Self.seeds {
            let cohort = Cohort.make(seed: seed)
            let report = GapReport.make(cohort.evidence)
            let gaps = Set(report.sections.filter(\.flagged).map(\.ref))
            let keys = Set(report.items.filter { $0.flags.contains("suspect-key") }.map(\.item))
            let retrain = Set(report.retrain.map { "\($0.learner)|\($0.ref)" })
            gapHits += gaps.intersection(cohort.gapSections).count; gapFound += gaps.count; gapTruth += cohort.gapSections.count
            keyHits += keys.intersection(cohort.wrongKeys).count; keyFound += keys.count; keyTruth += cohort.wrongKeys.count
            retrainHits += retrain.intersection(cohort.weakLearners).count; retrainFound += retrain.count; retrainTruth += cohort.weakLearners.count
            let lowest = Set(report.calibration.lowestAgreement.filter { $0.likelyCause == "ambiguity" }.prefix(3).map(\.item))
            ambiguousInLowest += lowest.intersection(cohort.ambiguous).count; ambiguousTruth += cohort.ambiguous.count
        }
        let gap = (p: Double(gapHits) / Double(max(gapFound, 1)), r: Double(gapHits) / Double(gapTruth))
        let key = (p: Double(keyHits) / Double(max(keyFound, 1)), r: Double(keyHits) / Double(keyTruth))
        let retrain = (p: Double(retrainHits) / Double(max(retrainFound, 1)), r: Double(retrainHits) / Double(retrainTruth))
        print(String(format: "simulator (%d cohorts of 200 learners × 40 questions): section gaps precision %.3f recall %.3f; wrong keys precision %.3f recall %.3f; retraining precision %.3f recall %.3f; ambiguous cases ranked as the 3 likeliest SOP ambiguities: %d of %d",
                     Self.seeds.count, gap.p, gap.r, key.p, key.r, retrain.p, retrain.r, ambiguousInLowest, ambiguousTruth))
        #expect(gap.p >= 0.9)
        #expect(gap.r >= 0.9)
        #expect(key.p >= 0.9)
        #expect(key.r >= 0.9)
        #expect(retrain.p >= 0.75)
        #expect(ambiguousInLowest == ambiguousTruth)
    }

    @Test("a cohort with nothing planted gets no flagged gap and no suspect key; slice gaps stay within the false discovery rate")
    func noFalseAlarms() {
        var falseSlices: [String] = []
        for seed in Self.seeds {
            let cohort = Cohort.make(seed: seed, gaps: 0, wrongKeys: 0, ambiguous: 0)
            let report = GapReport.make(cohort.evidence)
            #expect(report.sections.filter(\.flagged).isEmpty, "seed \(seed): \(report.sections.filter(\.flagged).map(\.ref))")
            #expect(report.codes.filter(\.flagged).isEmpty)
            #expect(report.items.filter { $0.flags.contains("suspect-key") }.isEmpty)
            falseSlices += report.sliceGaps.map { "seed \(seed): \($0.dimension)=\($0.value) \($0.ref)" }
        }
        // Slices multiply the tests (14 slices × 16 sections per cohort); Benjamini–Hochberg at
        // 5% allows about one false alarm in twenty null cohorts, so at most one in these five.
        print("null cohorts: \(Self.seeds.count), false slice gaps: \(falseSlices)")
        #expect(falseSlices.count <= 1, "\(falseSlices)")
    }

    @Test("one wrong answer does not put a learner on the retraining list; two in a gap section do")
    func shrinkageProtectsOneMistake() throws {
        // Planted gaps, so the list is not empty and its rule is exercised.
        var cohort = Cohort.make(seed: 5)
        let gapRef = try #require(cohort.gapSections.sorted().first)
        let section = try #require(Int(gapRef.split(separator: "-").last ?? ""))
        let questions = (0..<cohort.keys.count).filter { $0 % 16 == section }
        #expect(questions.count >= 2)
        func answer(_ learner: String, _ q: Int, right: Bool) {
            let gold = cohort.keys[q]
            cohort.evidence.add(learnerID: learner, itemID: String(format: "case-%03d", q), kind: .decision,
                                chosen: right ? gold : Cohort.actions.first { $0 != gold }!, gold: gold, score: right ? 1 : 0, day: "2026-10-05")
        }
        // One slip among right answers; a single answer, wrong; and every answer in the gap section wrong.
        for (id, name) in [("one-slip", "One Slip"), ("one-answer", "One Answer"), ("all-wrong", "All Wrong")] {
            cohort.evidence.addLearner(LearnerProfile(id: id, name: name, team: "team-0", vendor: "in-house", market: "UK", startDate: "2026-10-01"))
        }
        for q in 0..<cohort.keys.count { answer("one-slip", q, right: q != questions[0]) }
        answer("one-answer", questions[0], right: false)
        for q in questions { answer("all-wrong", q, right: false) }

        let report = GapReport.make(cohort.evidence)
        let listed = Set(report.retrain.map { "\($0.learner)|\($0.ref)" })
        #expect(!listed.intersection(cohort.weakLearners).isEmpty, "no planted weak learner is on the retraining list")
        #expect(listed.contains("all-wrong|\(gapRef)"), "\(report.retrain.filter { $0.ref == gapRef }.map(\.learner))")
        #expect(!listed.contains("one-slip|\(gapRef)"))
        #expect(!listed.contains("one-answer|\(gapRef)"))
        #expect(!report.retrain.isEmpty)
        for entry in report.retrain { #expect(entry.answered - entry.correct >= 2, "\(entry.learner) \(entry.ref)") }
    }
}

@Suite("Planted truth: slice gaps in drawn-quiz cohorts")
struct SliceSimulatorTests {
    static let nullSeeds: [UInt64] = Array(1...20)
    static let plantedSeeds: [UInt64] = Array(101...110)
    static let cases = 45, sections = 15, drawn = 15

    /// One cohort's outcome: slice flags, and for planted cohorts the planted gaps with >= 30 case answers found and missed.
    struct Outcome: Sendable { var flags = 0; var found = 0; var eligible = 0; var other = 0; var unguardedFlags = 0 }

    final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Int: Outcome] = [:]
        func set(_ i: Int, _ o: Outcome) { lock.lock(); values[i] = o; lock.unlock() }
        func all() -> [Outcome] { lock.lock(); defer { lock.unlock() }; return values.keys.sorted().map { values[$0]! } }
    }

    /// Cohorts of 60 to 105 learners (null) and 110 (planted, four market gaps each), each
    /// learner one quiz of 15 of 45 cases asked as decision, codes and section: about 2,700 to
    /// 5,000 answers a cohort, small enough to run 30 cohorts in a few seconds, on both cores.
    @Test("null cohorts: false slice flags stay within the 5% false discovery rate; planted slice gaps with >= 30 answers are found (recall >= 0.8)")
    func sliceGapsAtTheirErrorRate() {
        let jobs = Self.nullSeeds.map { (seed: $0, planted: false) } + Self.plantedSeeds.map { (seed: $0, planted: true) }
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            let (seed, planted) = jobs[i]
            let cohort = QuizCohort.make(seed: seed, learners: planted ? 110 : 60 + 15 * Int(seed % 4), questions: Self.cases, sections: Self.sections,
                                         drawn: Self.drawn, kinds: 3, sliceGaps: planted ? 4 : 0)
            // The report's slice step as `GapReport.make` runs it (after the item analysis,
            // which marks suspect keys), without the steps slices do not use; run without the
            // minimum excess and answers that also guard a flag (the q-values do not depend on
            // them), which are then applied as the report does.
            var bare = ReportOptions()
            bare.minExcess = 0
            bare.minResponses = 1
            var analysis = Analysis(cohort.evidence, bare)
            _ = analysis.itemAnalysis(contests: [])
            let unguarded = analysis.sliceGaps().0
            let defaults = ReportOptions()
            let guarded = unguarded.filter { $0.rate.responses >= defaults.minResponses && $0.rate.errorRate - $0.groupRate >= defaults.minExcess }
            let flags = Set(guarded.map { "\($0.dimension)=\($0.value)|\($0.ref)" })
            var o = Outcome(flags: flags.count, unguardedFlags: unguarded.count)
            for gap in cohort.sliceGaps where (cohort.answers[gap] ?? 0) >= 30 {
                o.eligible += 1
                if flags.contains(gap) { o.found += 1 }
            }
            o.other = flags.subtracting(cohort.sliceGaps).count
            outcomes.set(i, o)
        }
        let results = outcomes.all()
        let null = results.prefix(Self.nullSeeds.count), planted = results.dropFirst(Self.nullSeeds.count)
        let flagged = null.reduce(0) { $0 + $1.flags }, cohortsWithFlags = null.filter { $0.flags > 0 }.count
        let found = planted.reduce(0) { $0 + $1.found }, eligible = planted.reduce(0) { $0 + $1.eligible }, other = planted.reduce(0) { $0 + $1.other }
        let nullRate = Double(cohortsWithFlags) / Double(Self.nullSeeds.count)
        let unguardedRate = Double(null.filter { $0.unguardedFlags > 0 }.count) / Double(Self.nullSeeds.count)
        let recall = Double(found) / Double(max(eligible, 1))
        print(String(format: "slice simulator: %d null cohorts (60-105 learners, each a quiz of 15 of 45 cases asked as decision, codes and section): %d false slice flags, %d cohorts with any (%.3f; FDR 0.05), without the min-excess and min-responses guards %d flags in %d cohorts (%.3f); %d planted cohorts of 110 learners: recall %.3f (%d of %d planted market gaps with >= 30 case answers), %d other flags (other markets, or slices overlapping a planted market)",
                     Self.nullSeeds.count, flagged, cohortsWithFlags, nullRate, null.reduce(0) { $0 + $1.unguardedFlags },
                     null.filter { $0.unguardedFlags > 0 }.count, unguardedRate, Self.plantedSeeds.count, recall, found, eligible, other))
        // Under the global null every flag is false, so the false discovery rate is the share
        // of cohorts with any flag.
        #expect(nullRate <= 0.05)
        #expect(unguardedRate <= 0.05)
        #expect(eligible >= 20)
        #expect(recall >= 0.8)
    }
}
