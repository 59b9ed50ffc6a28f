import Foundation
import Quiz
import Handbook
import Records

extension GapReport {
    /// Analyses the evidence: item quality and suspect keys first (so wrong keys do not pose
    /// as knowledge gaps), then gaps by section, code and slice, confusions, learners to
    /// retrain, the review queue and calibration.
    public static func make(_ e: Evidence, filter: ReportFilter = ReportFilter(), options o: ReportOptions = ReportOptions(),
                            contests: [ContestRecord] = []) -> GapReport {
        var trace = Trace()
        var a = Analysis(e, o)
        trace.mark("report: group")
        let items = a.itemAnalysis(contests: contests)
        trace.mark("report: items")
        // The remaining steps only read the tallies: run them as two concurrent groups.
        let fixed = a
        let (first, second) = concurrently({ () -> FirstGroup in
            let (sections, codes) = fixed.gaps()
            let calibration = fixed.calibration(gapSections: Set(sections.filter(\.flagged).map(\.ref)))
            return FirstGroup(sections: sections, codes: codes, calibration: calibration, retrain: fixed.retrain())
        }, {
            let (sliceGaps, slices) = fixed.sliceGaps()
            let (confusions, errorTypes, topMistake) = fixed.confusions()
            return SecondGroup(sliceGaps: sliceGaps, slices: slices, confusions: confusions, errorTypes: errorTypes, topMistake: topMistake)
        })
        trace.mark("report: gaps, slices, confusions, retraining, calibration")
        let sections = first.sections, codes = first.codes, retrain = first.retrain, calibration = first.calibration
        let sliceGaps = second.sliceGaps, slices = second.slices, confusions = second.confusions, errorTypes = second.errorTypes
        let sectionsWithConfusion = sections.map { g -> Gap in
            var g = g
            g.topMistake = second.topMistake[g.ref]
            g.topConfusion = g.topMistake.map { "\($0.gold) → \($0.answered) (\(Int(($0.share * 100).rounded()))% of errors)" }
            return g
        }
        return GapReport(
            filter: FilterEcho(filter),
            summary: a.summary(),
            sections: sectionsWithConfusion, codes: codes, sliceGaps: sliceGaps, slices: slices,
            trend: a.overallTrend(), confusions: confusions, errorTypes: errorTypes,
            retrain: retrain, items: items, reviewQueue: a.reviewQueue(items, contests: contests),
            calibration: calibration)
    }
}

struct FirstGroup: Sendable { var sections: [Gap]; var codes: [Gap]; var calibration: CalibrationReport; var retrain: [RetrainEntry] }
struct SecondGroup: Sendable {
    var sliceGaps: [SliceGap]; var slices: [SliceRate]; var confusions: [Confusion]; var errorTypes: [ErrorTypeTotal]; var topMistake: [String: Mistake]
}

/// A result written by exactly one concurrent iteration and read after they all finish.
private final class Slot<T>: @unchecked Sendable { var value: T? }

/// Runs two independent computations at once (on two cores when there are two).
func concurrently<A: Sendable, B: Sendable>(_ a: @escaping @Sendable () -> A, _ b: @escaping @Sendable () -> B) -> (A, B) {
    let left = Slot<A>(), right = Slot<B>()
    DispatchQueue.concurrentPerform(iterations: 2) { i in
        if i == 0 { left.value = a() } else { right.value = b() }
    }
    return (left.value!, right.value!)
}

/// The working state of one report: per-question and per-learner tallies shared by the steps.
struct Analysis: Sendable {
    let e: Evidence
    let o: ReportOptions
    let catalog: Catalog
    let nq: Int, nl: Int, ns: Int
    /// Response indexes grouped by question (counting sort).
    var byQuestion: [[Int32]]
    /// Answers per learner.
    var learnerAnswers: [Int32]
    /// Per attempt: the sum of its marks and its answers (the "rest of the attempt" of item statistics).
    var attemptSum: [Double]
    var attemptCount: [Int32]
    /// Week order: week index -> rank by date.
    let weekOrder: [Int]
    /// Per question: kind (0 decision, 1 codes, 2 section, 3 knowledge, 4 other) and harm weight.
    let qKind: [UInt8]
    let qHarm: [Double]
    /// Per question: the section its answers count toward (-1 for none).
    ///
    /// A question citing several sections (a knowledge question with two `sop:` links) counts
    /// toward its first-cited, primary section only: in gap tests, slices, trends, top
    /// mistakes and retraining. Spreading its errors over every cited section would let one
    /// bad question flag a sibling section it merely mentions.
    let qSection: [Int32]
    /// Per question: its item (a case or an authored question) as a dense index, so a case
    /// asked as decision, codes and section counts once where cases are counted.
    let qItem: [Int32]
    let itemCount: Int
    /// Questions whose key looks wrong, as a flag per question (set by the item analysis).
    var isSuspect: [Bool]

    init(_ e: Evidence, _ o: ReportOptions) {
        self.e = e
        self.o = o
        catalog = e.catalog
        nq = catalog.questions.count
        nl = e.learners.count
        ns = catalog.sections.count
        var counts = [Int](repeating: 0, count: nq)
        for q in e.question { counts[Int(q)] += 1 }
        var groups = counts.map { n -> [Int32] in var a = [Int32](); a.reserveCapacity(n); return a }
        learnerAnswers = [Int32](repeating: 0, count: nl)
        attemptSum = [Double](repeating: 0, count: e.attemptCount)
        attemptCount = [Int32](repeating: 0, count: e.attemptCount)
        for i in 0..<e.count {
            groups[Int(e.question[i])].append(Int32(i))
            attemptSum[Int(e.attempt[i])] += Double(e.score[i])
            attemptCount[Int(e.attempt[i])] += 1
            learnerAnswers[Int(e.learner[i])] += 1
        }
        byQuestion = groups
        qKind = catalog.questions.map { UInt8(QuestionKind.allCases.firstIndex(of: $0.kind) ?? 0) }
        qHarm = catalog.questions.map(\.harm)
        qSection = catalog.questions.map { Int32($0.sections.first ?? -1) }
        var itemIndex: [String: Int32] = [:]
        qItem = catalog.questions.map { q in
            if let i = itemIndex[q.itemID] { return i }
            itemIndex[q.itemID] = Int32(itemIndex.count)
            return Int32(itemIndex.count - 1)
        }
        itemCount = itemIndex.count
        isSuspect = [Bool](repeating: false, count: catalog.questions.count)
        let sortedWeeks = e.weeks.indices.sorted { e.weeks[$0] < e.weeks[$1] }
        var order = [Int](repeating: 0, count: e.weeks.count)
        for (rank, w) in sortedWeeks.enumerated() { order[w] = rank }
        weekOrder = order
    }

    @inline(__always) func wrong(_ i: Int) -> Bool { Evidence.isWrong(Double(e.score[i])) }

    func sectionInfo(_ q: Int) -> SectionInfo? { catalog.questions[q].sections.first.map { catalog.sections[$0] } }

    // MARK: - Items

    /// Item statistics for every answered question (on all cores), marking suspect keys.
    mutating func itemAnalysis(contests: [ContestRecord]) -> [ItemReport] {
        var openByItem: [String: Int] = [:]
        for c in contests where c.status == "open" { openByItem["\(c.itemID)\u{1}\(c.kind)", default: 0] += 1 }
        let answered = (0..<nq).filter { !byQuestion[$0].isEmpty }
        let chunks = stride(from: 0, to: answered.count, by: 64).map { Array(answered[$0..<min($0 + 64, answered.count)]) }
        let me = self, open = openByItem
        let results = parallelMap(chunks) { chunk in chunk.map { me.itemReport($0, openByItem: open) } }.flatMap { $0 }
        var out: [ItemReport] = []
        for (q, (report, isSuspectKey)) in zip(answered, results) {
            out.append(report)
            if isSuspectKey { isSuspect[q] = true }
        }
        return out.sorted { ($0.flags.isEmpty ? 1 : 0, $0.stats.facility, $0.item, $0.kind) < ($1.flags.isEmpty ? 1 : 0, $1.stats.facility, $1.item, $1.kind) }
    }

    /// One question's statistics and flags; whether its key looks wrong.
    ///
    /// As Moodle defines them, per attempt: each answer's mark is set against the rest of
    /// that attempt (its other answers), not against the learner's answers pooled over every
    /// attempt and blueprint. The rest is taken as the mean of the other marks, which gives
    /// Moodle's figures exactly when the attempts have the same number of questions (one
    /// blueprint) and keeps attempts of different lengths comparable. An attempt with no
    /// other answer has no rest and is left out.
    func itemReport(_ q: Int, openByItem: [String: Int]) -> (ItemReport, Bool) {
            var isSuspectKey = false
            let rows = byQuestion[q]
            var itemScores: [Double] = []
            var rest: [Double] = []
            itemScores.reserveCapacity(rows.count)
            rest.reserveCapacity(rows.count)
            var restByRow: [(Double, Int32)] = []
            restByRow.reserveCapacity(rows.count)
            for r in rows {
                let i = Int(r), a = Int(e.attempt[i])
                let x = Double(e.score[i])
                let others = Int(attemptCount[a]) - 1
                guard others > 0 else { continue }
                let restScore = (attemptSum[a] - x) / Double(others)
                itemScores.append(x)
                rest.append(restScore)
                restByRow.append((restScore, r))
            }
            let stats = ItemStatistics.compute(itemScores: itemScores, restScores: rest)
            // The key most responses were graded against (a key change re-grades them all),
            // and which answer the strongest learners (upper group by rest score) converge on;
            // tallied in arrays indexed by answer, not dictionaries.
            var tally = [Int32](repeating: 0, count: e.answers.count)
            for r in rows { tally[Int(e.gold[Int(r)])] += 1 }
            var key: Int32 = 0
            for (a, n) in tally.enumerated() where n > tally[Int(key)] { key = Int32(a) }
            restByRow.sort { $0.0 > $1.0 }
            let upperN = Int((Double(restByRow.count) * o.upperGroup).rounded())
            var keyShare: Double?, topWrong: Int32?, topWrongShare: Double?
            if upperN >= 5 {
                for i in tally.indices { tally[i] = 0 }
                for (_, r) in restByRow.prefix(upperN) { tally[Int(e.chosen[Int(r)])] += 1 }
                keyShare = Double(tally[Int(key)]) / Double(upperN)
                var best: Int32 = -1
                for (a, n) in tally.enumerated() where Int32(a) != key && n > 0 && (best < 0 || n > tally[Int(best)]) { best = Int32(a) }
                if best >= 0 {
                    topWrong = best
                    topWrongShare = Double(tally[Int(best)]) / Double(upperN)
                }
            }
            var flags: [String] = []
            if stats.n >= o.minItemResponses {
                if stats.facility >= 90 { flags.append("too-easy") }
                if stats.facility <= 20 { flags.append("too-hard") }
                if let d = stats.discrimination {
                    // Small negative values are noise at these sample sizes; below -10 strong learners
                    // really do miss the question more often than weak ones.
                    if d < -10 { flags.append("negative-discrimination") } else if d < 20 { flags.append("low-discrimination") }
                }
                if upperN >= 10, let share = topWrongShare, let ks = keyShare, share >= 0.4, share >= 2 * ks, (stats.discrimination ?? 0) < 10 {
                    flags.append("suspect-key")
                    isSuspectKey = true
                }
            }
            let info = catalog.questions[q]
            let section = sectionInfo(q)
            return (ItemReport(item: info.itemID, kind: info.kind.rawValue, title: info.title, file: info.file, ref: section?.ref ?? "", url: section?.url ?? "",
                               stats: stats, key: catalog.label(e.answers[Int(key)], question: q), upperKeyShare: keyShare,
                               upperTopWrong: topWrong.map { catalog.label(e.answers[Int($0)], question: q) }, upperTopWrongShare: topWrongShare,
                               openContests: openByItem["\(info.itemID)\u{1}\(info.kind)"] ?? 0, flags: flags), isSuspectKey)
    }

    // MARK: - Gaps

    /// Errors and responses per question, excluding suspect keys.
    func questionTallies(learners: ((Int32) -> Bool)? = nil) -> (k: [Int], n: [Int]) {
        var k = [Int](repeating: 0, count: nq), n = [Int](repeating: 0, count: nq)
        for i in 0..<e.count {
            if let learners, !learners(e.learner[i]) { continue }
            let q = Int(e.question[i])
            n[q] += 1
            if wrong(i) { k[q] += 1 }
        }
        for q in 0..<nq where isSuspect[q] { k[q] = 0; n[q] = 0 }
        return (k, n)
    }

    /// How much questions differ in difficulty beyond chance: the variance of question error
    /// rates around their own section's rate, minus binomial noise. Measured within sections,
    /// so a whole section being harder (a gap) does not count as question noise; robust (from
    /// the median absolute deviation), so one ambiguous or mis-keyed question does not either.
    func heterogeneity(k: [Int], n: [Int], sections: [[Int]]) -> Double {
        var residuals: [Double] = [], noise: [Double] = []
        for qs in sections {
            let used = qs.filter { n[$0] >= 5 && !isSuspect[$0] }
            guard used.count >= 2 else { continue }
            let rates = used.map { Double(k[$0]) / Double(n[$0]) }
            let mean = rates.reduce(0, +) / Double(rates.count)
            let scale = (Double(used.count) / Double(used.count - 1)).squareRoot()
            for (q, r) in zip(used, rates) {
                residuals.append((r - mean) * scale)
                noise.append(r * (1 - r) / Double(n[q]))
            }
        }
        guard residuals.count >= 4 else { return 0 }
        func median(_ xs: [Double]) -> Double {
            let s = xs.sorted()
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        let spread = 1.4826 * median(residuals.map { abs($0) })
        return max(0, spread * spread - median(noise))
    }

    /// Tests one group of questions against the rest of the group's responses: is the group's
    /// error rate higher than question-to-question differences in difficulty (`tau2`) and
    /// chance explain? The p-value is the larger of the test with all questions and the test
    /// without the worst item, so one ambiguous or mis-keyed case cannot make a whole section
    /// look like a gap. Items, not questions, are the unit: a case asked as decision, codes
    /// and section is one item, dropped whole, and `used` counts distinct items (what the
    /// `minQuestions` guard checks).
    func test(questions: [Int], k: [Int], n: [Int], totalK: Int, totalN: Int, tau2: Double) -> (Rate, p: Double, used: Int) {
        let used = questions.filter { n[$0] > 0 }
        func rateOf(_ qs: [Int]) -> Rate { Rate(errors: qs.reduce(0) { $0 + k[$1] }, responses: qs.reduce(0) { $0 + n[$1] }) }
        func p(_ qs: [Int]) -> Double {
            let sk = qs.reduce(0) { $0 + k[$1] }, sn = qs.reduce(0) { $0 + n[$1] }
            let restK = totalK - questions.reduce(0) { $0 + k[$1] }, restN = totalN - questions.reduce(0) { $0 + n[$1] }
            guard sn > 0, restN > 0 else { return 1 }
            let rate = Double(sk) / Double(sn), rest = Double(restK) / Double(restN)
            let pooled = Double(sk + restK) / Double(sn + restN)
            let weights = qs.reduce(0.0) { $0 + Double(n[$1]) * Double(n[$1]) } / (Double(sn) * Double(sn))
            let variance = pooled * (1 - pooled) * (1 / Double(sn) + 1 / Double(restN)) + tau2 * weights
            guard variance > 0 else { return rate > rest ? 0 : 1 }
            return 1 - Stats.normalCDF((rate - rest) / variance.squareRoot())
        }
        var byItem: [Int32: [Int]] = [:]
        for q in used { byItem[qItem[q], default: []].append(q) }
        let items = byItem.keys.sorted()
        // An item far worse than its section siblings (beyond difficulty spread and chance)
        // is a question problem, not a section gap: test the section without it.
        func rate(_ qs: [Int]) -> Double { Double(qs.reduce(0) { $0 + k[$1] }) / Double(max(1, qs.reduce(0) { $0 + n[$1] })) }
        if items.count >= 2, let worst = items.max(by: { (rate(byItem[$0]!), $1) < (rate(byItem[$1]!), $0) }) {
            let worstQs = byItem[worst]!, nw = worstQs.reduce(0) { $0 + n[$1] }
            let others = used.filter { qItem[$0] != worst }
            let on = others.reduce(0) { $0 + n[$1] }
            let rw = rate(worstQs), ro = rate(others)
            let sd = (tau2 * (1 + 1 / Double(items.count - 1)) + rw * (1 - rw) / Double(nw) + ro * (1 - ro) / Double(on)).squareRoot()
            if rw - ro > 2.5 * sd { return (rateOf(used), p(others), items.count) }
        }
        return (rateOf(used), p(used), items.count)
    }

    var sectionQuestions: [[Int]] {
        var out = [[Int]](repeating: [], count: ns)
        for q in 0..<nq where qSection[q] >= 0 { out[Int(qSection[q])].append(q) }
        return out
    }

    func gaps() -> (sections: [Gap], codes: [Gap]) {
        let (k, n) = questionTallies()
        let totalK = k.reduce(0, +), totalN = n.reduce(0, +)
        let groupRate = totalN == 0 ? 0 : Double(totalK) / Double(totalN)
        let weekly = sectionWeekly()
        let tau2 = heterogeneity(k: k, n: n, sections: sectionQuestions)

        var sections: [Gap] = []
        for (s, qs) in sectionQuestions.enumerated() {
            let (rate, p, used) = test(questions: qs, k: k, n: n, totalK: totalK, totalN: totalN, tau2: tau2)
            guard rate.responses > 0 else { continue }
            let info = catalog.sections[s]
            let trend = weekly[s]
            sections.append(Gap(level: "section", ref: info.ref, title: info.title, url: info.url, rate: rate, groupRate: groupRate, p: p, q: 1,
                                flagged: false, questions: used, trend: trend, trendPerWeek: slope(trend), topConfusion: nil, topMistake: nil))
        }
        var codeQuestions: [String: [Int]] = [:]
        for (q, info) in catalog.questions.enumerated() { for c in info.codes { codeQuestions[c, default: []].append(q) } }
        var codes: [Gap] = []
        for (code, qs) in codeQuestions.sorted(by: { $0.key < $1.key }) {
            let (rate, p, used) = test(questions: qs, k: k, n: n, totalK: totalK, totalN: totalN, tau2: tau2)
            guard rate.responses > 0 else { continue }
            let c = catalog.codes[code]
            let section = c?.section.map { catalog.sections[$0] }
            codes.append(Gap(level: "code", ref: code, title: c.map { "\(code) \($0.name)" } ?? code, url: section?.url ?? "", rate: rate,
                             groupRate: groupRate, p: p, q: 1, flagged: false, questions: used, trend: [], trendPerWeek: nil, topConfusion: nil, topMistake: nil))
        }
        return (flag(sections, groupRate: groupRate), flag(codes, groupRate: groupRate))
    }

    func flag(_ gaps: [Gap], groupRate: Double) -> [Gap] {
        let q = Stats.benjaminiHochberg(gaps.map(\.p))
        var out = gaps
        for i in out.indices {
            out[i].q = q[i]
            out[i].flagged = q[i] < o.falseDiscoveryRate && out[i].rate.responses >= o.minResponses && out[i].questions >= o.minQuestions
                && out[i].rate.errorRate - out[i].groupRate >= o.minExcess
        }
        return out.sorted { ($0.flagged ? 0 : 1, -$0.rate.errorRate, $0.ref) < ($1.flagged ? 0 : 1, -$1.rate.errorRate, $1.ref) }
    }

    func sectionWeekly() -> [[WeekPoint]] {
        let nw = e.weeks.count
        var k = [Int](repeating: 0, count: ns * max(nw, 1)), n = k
        for i in 0..<e.count {
            let q = Int(e.question[i])
            if isSuspect[q] { continue }
            let w = weekOrder[Int(e.week[i])]
            let s = Int(qSection[q])
            guard s >= 0 else { continue }
            n[s * nw + w] += 1
            if wrong(i) { k[s * nw + w] += 1 }
        }
        let sortedWeeks = e.weeks.sorted()
        return (0..<ns).map { s in
            (0..<nw).compactMap { w in n[s * nw + w] == 0 ? nil : WeekPoint(week: sortedWeeks[w], rate: Rate(errors: k[s * nw + w], responses: n[s * nw + w])) }
        }
    }

    func slope(_ points: [WeekPoint]) -> Double? {
        guard points.count >= 2 else { return nil }
        let sorted = e.weeks.sorted()
        let x = points.map { Double(sorted.firstIndex(of: $0.week) ?? 0) }
        return Stats.slope(x: x, y: points.map(\.rate.errorRate), weights: points.map { Double($0.rate.responses) })
    }

    func overallTrend() -> [WeekPoint] {
        let nw = e.weeks.count
        var k = [Int](repeating: 0, count: nw), n = k
        for i in 0..<e.count where !isSuspect[Int(e.question[i])] {
            let w = weekOrder[Int(e.week[i])]
            n[w] += 1
            if wrong(i) { k[w] += 1 }
        }
        let sorted = e.weeks.sorted()
        return (0..<nw).filter { n[$0] > 0 }.map { WeekPoint(week: sorted[$0], rate: Rate(errors: k[$0], responses: n[$0])) }
    }

    // MARK: - Summary

    func summary() -> ReportSummary {
        var k = 0
        for i in 0..<e.count where wrong(i) { k += 1 }
        let used = Set(e.learner).count
        let sorted = e.weeks.sorted()
        let answered = (0..<nq).filter { !byQuestion[$0].isEmpty }
        return ReportSummary(responses: e.count, learners: used, questions: answered.count, items: Set(answered.map { qItem[$0] }).count, firstWeek: sorted.first,
                             lastWeek: sorted.last, rate: Rate(errors: k, responses: e.count), excludedSuspectQuestions: isSuspect.filter { $0 }.count)
    }
}
