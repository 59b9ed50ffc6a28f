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

    @inline(__always) func wrong(_ i: Int) -> Bool { e.score[i] < 0.999 }

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

    // MARK: - Slices

    static let dimensions = ["market", "team", "vendor", "cohort"]

    static func value(_ l: LearnerProfile, _ dimension: String) -> String {
        switch dimension { case "market": return l.market; case "team": return l.team; case "vendor": return l.vendor; default: return l.cohort }
    }

    /// Gaps of one slice (a market, team, vendor or cohort): sections where the slice's
    /// learners do worse than everyone else does on the same questions.
    ///
    /// The test is a two-sample test at the learner level, so the comparison group's own
    /// uncertainty counts as much as the slice's: each learner's answers in the section (its
    /// questions' primary section) are set against every learner's error rate on the same
    /// questions, giving one mean residual per learner; the slice's learners are compared with
    /// all other learners who answered in the section by Welch's t-test, one-sided, with the
    /// Welch–Satterthwaite degrees of freedom. A slice with fewer than `permutationBelow` (10)
    /// learners in the section is tested by permutation instead (1,999 random sets of as many
    /// learners from everyone who answered there, drawn by a generator seeded by the slice and
    /// section): the mean of a few skewed residuals has heavier tails than any t curve, and
    /// Welch's test flagged pairs of learners who both read one case wrong. Answers to questions nobody
    /// outside the slice answered cannot be compared and are dropped from the rate and N.
    /// Slices with fewer than two learners, or fewer than two others, in the section are not
    /// tested. The shown comparison rate is the others' rate on the same questions, weighted
    /// by the slice's answers. One learner's bad day or a section that is hard for everyone is
    /// not a slice gap.
    func sliceGaps() -> ([SliceGap], [SliceRate]) {
        let all = questionTallies()
        let sectionQs = sectionQuestions
        // The dimensions are independent: analyse them on all cores, then merge in order.
        let me = self
        let results = parallelMap(Self.dimensions) { name in me.sliceCandidates(name, all: all, sectionQs: sectionQs) }
        var rates: [SliceRate] = [], candidates: [SliceGap] = [], ps: [Double] = []
        for r in results { rates += r.rates; candidates += r.candidates; ps += r.ps }
        // One family: every slice of every dimension, so more slicing does not mean more false alarms.
        var gaps: [SliceGap] = []
        let q = Stats.benjaminiHochberg(ps)
        for (i, var c) in candidates.enumerated() {
            c.q = q[i]
            if q[i] < o.falseDiscoveryRate && c.rate.responses >= o.minResponses && c.rate.errorRate - c.groupRate >= o.minExcess { gaps.append(c) }
        }
        return (gaps.sorted { ($0.q, $0.dimension, $0.value, $0.ref) < ($1.q, $1.dimension, $1.value, $1.ref) }, rates)
    }

    /// Slices with fewer learners than this in a section are tested by permutation.
    static let permutationBelow = 10
    /// Random draws of the permutation test (p-values from 1/2000 up).
    static let permutationDraws = 1999

    /// One-sided permutation test at the learner level: the share of random sets of `count`
    /// learners from `pool` (everyone who answered in the section) whose residuals sum to at
    /// least the slice's `sum`, counting the slice itself: (1 + hits) / (draws + 1). The
    /// draws come from a generator seeded by the slice and section, so the same answers give
    /// the same p-value on every run.
    static func permutationGreater(sum: Double, count: Int, pool: [Double], seed: UInt64) -> Double {
        guard count > 0, count < pool.count else { return 1 }
        var values = pool
        let n = values.count
        let threshold = sum - 1e-9
        let hits = values.withUnsafeMutableBufferPointer { v -> Int in
            var hits = 0
            // SplitMix64, inline.
            var state = seed
            for _ in 0..<permutationDraws {
                // A partial Fisher–Yates shuffle: the first `count` values are a uniform random subset.
                var total = 0.0
                for j in 0..<count {
                    state &+= 0x9E37_79B9_7F4A_7C15
                    var z = state
                    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                    let r = j + Int((z ^ (z >> 31)) % UInt64(n - j))
                    let x = v[r]
                    v[r] = v[j]
                    v[j] = x
                    total += x
                }
                if total >= threshold { hits += 1 }
            }
            return hits
        }
        return Double(1 + hits) / Double(permutationDraws + 1)
    }

    func sliceCandidates(_ name: String, all: (k: [Int], n: [Int]), sectionQs: [[Int]]) -> (rates: [SliceRate], candidates: [SliceGap], ps: [Double]) {
        var rates: [SliceRate] = [], candidates: [SliceGap] = [], ps: [Double] = []
        var values: [String: [Int32]] = [:]
        for (i, l) in e.learners.enumerated() where !Self.value(l, name).isEmpty { values[Self.value(l, name), default: []].append(Int32(i)) }
        let valueNames = values.keys.sorted()
        let nv = valueNames.count
        var valueOf = [Int32](repeating: -1, count: nl)
        for (v, value) in valueNames.enumerated() { for l in values[value]! { valueOf[Int(l)] = Int32(v) } }
        // Per value, per question tallies in one pass (flat arrays: value * nq + question).
        var k = [Int32](repeating: 0, count: nv * nq), n = k
        for i in 0..<e.count {
            let v = Int(valueOf[Int(e.learner[i])])
            let q = Int(e.question[i])
            guard v >= 0, !isSuspect[q] else { continue }
            n[v * nq + q] += 1
            if wrong(i) { k[v * nq + q] += 1 }
        }
        // Learners are counted when they have answers in the report: a filter (--market,
        // --since...) leaves the others' profiles loaded but their answers out.
        var answering = [Int](repeating: 0, count: nv)
        for l in 0..<nl where valueOf[l] >= 0 && learnerAnswers[l] > 0 { answering[Int(valueOf[l])] += 1 }
        for (v, value) in valueNames.enumerated() {
            var totalK = 0, totalN = 0
            for q in 0..<nq { totalK += Int(k[v * nq + q]); totalN += Int(n[v * nq + q]) }
            if totalN > 0 {
                rates.append(SliceRate(dimension: name, value: value, learners: answering[v], rate: Rate(errors: totalK, responses: totalN)))
            }
        }
        guard nv >= 2 else { return (rates, [], []) }
        // Per learner and section (the question's primary section): the learner's errors minus
        // what every learner's rate on the same questions predicts (`z`), over the answers
        // that can be compared (`m`): an answer to a question nobody outside the learner's
        // slice answered says nothing about the slice and is left out, of the rate and N too.
        var z = [Double](repeating: 0, count: nl * ns), m = [Int32](repeating: 0, count: nl * ns)
        // Per slice and section: errors and answers on comparable questions, the others'
        // answers on those questions, and the others' expected errors at the slice's mix.
        var sk = [Int](repeating: 0, count: nv * ns), sn = sk
        var expected = [Double](repeating: 0, count: nv * ns)
        var otherN = [Int](repeating: 0, count: nv * ns)
        var counted = [Bool](repeating: false, count: nv * nq)
        for i in 0..<e.count {
            let q = Int(e.question[i]), s = Int(qSection[q])
            guard s >= 0, !isSuspect[q], all.n[q] > 0 else { continue }
            let l = Int(e.learner[i]), v = Int(valueOf[l])
            let y: Double = wrong(i) ? 1 : 0
            if v >= 0 {
                let othersN = all.n[q] - Int(n[v * nq + q])
                guard othersN > 0 else { continue }
                sk[v * ns + s] += Int(y); sn[v * ns + s] += 1
                expected[v * ns + s] += Double(all.k[q] - Int(k[v * nq + q])) / Double(othersN)
                if !counted[v * nq + q] { counted[v * nq + q] = true; otherN[v * ns + s] += othersN }
            }
            z[l * ns + s] += y - Double(all.k[q]) / Double(all.n[q])
            m[l * ns + s] += 1
        }
        // Sums of the per-learner mean residuals: over everyone, and per slice.
        var total = [(g: Int, s1: Double, s2: Double)](repeating: (0, 0, 0), count: ns)
        var bySlice = [(g: Int, s1: Double, s2: Double)](repeating: (0, 0, 0), count: nv * ns)
        // Every learner's mean residual per section, for the permutation test of small slices.
        var pool = [[Double]](repeating: [], count: ns)
        for l in 0..<nl {
            let v = Int(valueOf[l])
            for s in 0..<ns where m[l * ns + s] > 0 {
                let a = z[l * ns + s] / Double(m[l * ns + s])
                pool[s].append(a)
                total[s].g += 1; total[s].s1 += a; total[s].s2 += a * a
                if v >= 0 { bySlice[v * ns + s].g += 1; bySlice[v * ns + s].s1 += a; bySlice[v * ns + s].s2 += a * a }
            }
        }
        for (v, value) in valueNames.enumerated() {
            for s in 0..<ns where sn[v * ns + s] > 0 {
                let slice = bySlice[v * ns + s], t = total[s]
                let others = (g: t.g - slice.g, s1: t.s1 - slice.s1, s2: t.s2 - slice.s2)
                // Two learners on each side at least: a variance needs two.
                guard slice.g >= 2, others.g >= 2 else { continue }
                // A slice of a few learners: a t curve is too thin-tailed for the mean of a few
                // skewed residuals (two learners who both read one case wrong), so the p-value
                // comes from the permutation distribution instead.
                let p = slice.g < Self.permutationBelow
                    ? Self.permutationGreater(sum: slice.s1, count: slice.g, pool: pool[s],
                                              seed: UInt64(Self.dimensions.firstIndex(of: name) ?? 0) << 48 | UInt64(v) << 24 | UInt64(s))
                    : Stats.welchGreater(count: slice.g, sum: slice.s1, sumOfSquares: slice.s2,
                                         than: others.g, sum: others.s1, sumOfSquares: others.s2)
                let info = catalog.sections[s]
                candidates.append(SliceGap(dimension: name, value: value, ref: info.ref, title: info.title, url: info.url,
                                           rate: Rate(errors: sk[v * ns + s], responses: sn[v * ns + s]), groupRate: expected[v * ns + s] / Double(sn[v * ns + s]),
                                           learners: slice.g, otherLearners: others.g, otherResponses: otherN[v * ns + s], p: p, q: 1))
                ps.append(p)
            }
        }
        return (rates, candidates, ps)
    }

    // MARK: - Confusions

    func errorType(kind: QuestionKind, gold: String, chosen: String) -> String {
        switch kind {
        case .decision:
            if gold == "approve" { return "over-enforcement" }
            if chosen == "approve" { return "under-enforcement" }
            return "wrong-policy"
        case .codes:
            let none = QuizDrawer.noViolation
            if gold == none { return "over-enforcement" }
            if chosen.isEmpty || chosen == none { return "under-enforcement" }
            return "wrong-policy"
        case .section, .knowledge:
            return "wrong-policy"
        }
    }

    /// Confusions ranked by harm-weighted count; error types; each section's top mistake.
    /// Tallied with packed integer keys (kind, gold, answered, section), so a million answers
    /// cost a few hundred thousand hash updates.
    func confusions() -> ([Confusion], [ErrorTypeTotal], [String: Mistake]) {
        var pairs: [UInt64: (n: Int, w: Double, q: Int32)] = [:]
        var bySection: [UInt64: Int] = [:]
        for i in 0..<e.count where wrong(i) {
            let q = Int(e.question[i])
            let kind = qKind[q]
            guard kind < 3, !isSuspect[q] else { continue } // decision, codes, section
            let key = UInt64(kind) << 48 | UInt64(UInt32(e.gold[i])) << 24 | UInt64(UInt32(e.chosen[i]))
            if var entry = pairs[key] { entry.n += 1; entry.w += qHarm[q]; pairs[key] = entry } else { pairs[key] = (1, qHarm[q], Int32(q)) }
            if qSection[q] >= 0 { bySection[UInt64(qSection[q]) << 50 | key, default: 0] += 1 }
        }
        func parts(_ key: UInt64) -> (kind: QuestionKind, gold: Int, chosen: Int) {
            (QuestionKind.allCases[Int(key >> 48 & 0x3)], Int(key >> 24 & 0xFF_FFFF), Int(key & 0xFF_FFFF))
        }
        var topSectionOfPair: [UInt64: (section: Int, n: Int)] = [:]
        var topPairOfSection: [Int: (key: UInt64, n: Int, total: Int)] = [:]
        for (packed, n) in bySection {
            let s = Int(packed >> 50), key = packed & ((1 << 50) - 1)
            if let t = topSectionOfPair[key], t.n > n || (t.n == n && t.section < s) {} else { topSectionOfPair[key] = (s, n) }
            var t = topPairOfSection[s] ?? (key, 0, 0)
            t.total += n
            if n > t.n || (n == t.n && key < t.key) { t.key = key; t.n = n }
            topPairOfSection[s] = t
        }
        var types: [String: (Int, Double)] = [:]
        var out: [Confusion] = []
        // In key order: harm weights are summed in the same order on every run (dictionary
        // order changes from process to process, and so would the last bits of the sums).
        for key in pairs.keys.sorted() {
            let v = pairs[key]!
            let p = parts(key)
            let t = errorType(kind: p.kind, gold: e.answers[p.gold], chosen: e.answers[p.chosen])
            types[t, default: (0, 0)].0 += v.n
            types[t, default: (0, 0)].1 += v.w
            let info = topSectionOfPair[key].map { catalog.sections[$0.section] }
            out.append(Confusion(kind: p.kind.rawValue, gold: catalog.label(e.answers[p.gold], question: Int(v.q)),
                                 answered: catalog.label(e.answers[p.chosen], question: Int(v.q)), errorType: t,
                                 count: v.n, weighted: v.w, ref: info?.ref ?? "", title: info?.title ?? "", url: info?.url ?? ""))
        }
        out.sort { ($0.weighted, $0.count, $1.gold, $1.answered, $1.kind) > ($1.weighted, $1.count, $0.gold, $0.answered, $0.kind) }
        var mistakes: [String: Mistake] = [:]
        for (s, t) in topPairOfSection {
            let p = parts(t.key)
            let q = Int(pairs[t.key]?.q ?? 0)
            mistakes[catalog.sections[s].ref] = Mistake(gold: catalog.label(e.answers[p.gold], question: q), answered: catalog.label(e.answers[p.chosen], question: q),
                                                        count: t.n, share: Double(t.n) / Double(t.total))
        }
        let total = types.values.reduce(0) { $0 + $1.0 }
        let totals = ["over-enforcement", "under-enforcement", "wrong-policy"].map { t in
            ErrorTypeTotal(errorType: t, count: types[t]?.0 ?? 0, weighted: types[t]?.1 ?? 0, share: total == 0 ? 0 : Double(types[t]?.0 ?? 0) / Double(total))
        }
        return (Array(out.prefix(max(o.top, 50))), totals, mistakes)
    }

    // MARK: - Retraining

    /// Learners to retrain, per section. The unit is the item: each case or authored question
    /// a learner answered in the section counts once (a case asked as decision, codes and
    /// section is one case, right only when every answer to it is right, in any attempt), so
    /// "0/2" cannot come from one case and the two-wrong rule means two different cases.
    func retrain() -> [RetrainEntry] {
        var out: [RetrainEntry] = []
        for m in masteries() where m.learnersInSection >= 2 {
            // One wrong case is never enough evidence on its own.
            guard m.answered - m.correct >= 2 else { continue }
            // P(mastery < target) >= confidence needs a posterior mean near or below the target.
            guard m.mean < o.masteryTarget + 0.1 else { continue }
            let pBelow = Stats.betaCDF(o.masteryTarget, m.a, m.b)
            guard pBelow >= o.retrainConfidence else { continue }
            let p = e.learners[m.learner]
            let info = catalog.sections[m.section]
            out.append(RetrainEntry(learner: p.id, name: p.name, team: p.team, market: p.market, vendor: p.vendor, ref: info.ref, title: info.title,
                                    url: info.url, correct: m.correct, answered: m.answered, mastery: m.mean, probabilityBelowTarget: pBelow))
        }
        return out.sorted { ($0.ref, -$0.probabilityBelowTarget, $0.learner) < ($1.ref, -$1.probabilityBelowTarget, $1.learner) }
    }

    /// One learner's shrunken mastery of one section: the Beta posterior (a, b) of their success
    /// rate, shrunk toward the section's learners.
    struct MasteryCell {
        var learner: Int, section: Int, correct: Int, answered: Int
        var a: Double, b: Double
        /// How many learners answered the section (the prior is pooled from them).
        var learnersInSection: Int
        var mean: Double { a / (a + b) }
    }

    /// Every learner's mastery of every section they answered (the estimate `retrain` flags from).
    func masteries() -> [MasteryCell] {
        guard ns > 0, nl > 0 else { return [] }
        var correct = [Int32](repeating: 0, count: nl * ns), answered = correct
        // (learner, item) -> whether any answer to it was wrong.
        var units: [UInt64: Bool] = [:]
        units.reserveCapacity(e.count / 2)
        for i in 0..<e.count {
            let q = Int(e.question[i])
            if isSuspect[q] || qSection[q] < 0 { continue }
            let key = UInt64(UInt32(e.learner[i])) << 32 | UInt64(UInt32(qItem[q]))
            units[key] = (units[key] ?? false) || wrong(i)
        }
        // The section of an item: the primary section of its questions (all kinds of a case share it).
        var itemSection = [Int32](repeating: -1, count: itemCount)
        for q in 0..<nq where qSection[q] >= 0 && itemSection[Int(qItem[q])] < 0 { itemSection[Int(qItem[q])] = qSection[q] }
        for (key, anyWrong) in units {
            let l = Int(key >> 32), s = Int(itemSection[Int(key & 0xFFFF_FFFF)])
            guard s >= 0 else { continue }
            answered[l * ns + s] += 1
            if !anyWrong { correct[l * ns + s] += 1 }
        }
        var out: [MasteryCell] = []
        for s in 0..<ns {
            var groups: [(k: Int, n: Int)] = []
            for l in 0..<nl where answered[l * ns + s] > 0 { groups.append((Int(correct[l * ns + s]), Int(answered[l * ns + s]))) }
            guard !groups.isEmpty else { continue }
            // At least 4 answers' worth of prior weight, so a learner's single answer never outweighs the group.
            var prior = Stats.betaPrior(groups)
            if prior.a + prior.b < 4 { let scale = 4 / (prior.a + prior.b); prior = (prior.a * scale, prior.b * scale) }
            for l in 0..<nl {
                let n = Int(answered[l * ns + s])
                guard n > 0 else { continue }
                let k = Int(correct[l * ns + s])
                out.append(MasteryCell(learner: l, section: s, correct: k, answered: n, a: prior.a + Double(k), b: prior.b + Double(n - k),
                                       learnersInSection: groups.count))
            }
        }
        return out
    }

    // MARK: - Review queue

    /// Whether a discrimination index (%) on n respondents is below zero beyond chance: Fisher's
    /// z, one-sided at 5% (atanh(r)·√(n−3) < −1.645). On 20 respondents that takes r below
    /// about −0.37; the review queue says "strong learners miss it more" only then.
    static func clearlyNegative(_ discrimination: Double, n: Int) -> Bool {
        guard n > 3 else { return false }
        let r = min(max(discrimination / 100, -0.999999), 0.999999)
        return atanh(r) * Double(n - 3).squareRoot() < -1.6448536269514722
    }

    func reviewQueue(_ items: [ItemReport], contests: [ContestRecord]) -> [ReviewEntry] {
        var byItem: [String: [ContestRecord]] = [:]
        for c in contests where c.status == "open" { byItem["\(c.itemID)\u{1}\(c.kind)", default: []].append(c) }
        var out: [ReviewEntry] = []
        var seen = Set<String>()
        for item in items {
            let key = "\(item.item)\u{1}\(item.kind)"
            seen.insert(key)
            let cs = byItem[key] ?? []
            let suspect = item.flags.contains("suspect-key")
            let missed = item.stats.n >= 3 && item.stats.facility <= 50
            var reasons: [String] = []
            let priority: Int
            if !cs.isEmpty && (suspect || missed) { priority = 1 }
            else if suspect { priority = 2 }
            else if !cs.isEmpty { priority = 3 }
            else if item.flags.contains("negative-discrimination") { priority = 4 }
            else if !item.flags.isEmpty { priority = 5 }
            else { continue }
            if suspect, let wrongAnswer = item.upperTopWrong, let share = item.upperTopWrongShare {
                reasons.append("suspect key: \(Int((share * 100).rounded()))% of the strongest learners answered \(wrongAnswer), the key says \(item.key)")
            }
            if !cs.isEmpty { reasons.append("\(cs.count) open contest\(cs.count == 1 ? "" : "s")") }
            if missed { reasons.append("missed by \(Int((100 - item.stats.facility).rounded()))% of \(item.stats.n)") }
            let n = item.stats.n
            for f in item.flags where f != "suspect-key" {
                switch f {
                case "too-easy": reasons.append("too easy (facility \(Int(item.stats.facility.rounded()))%, n=\(n))")
                case "too-hard": if !missed { reasons.append("too hard (facility \(Int(item.stats.facility.rounded()))%, n=\(n))") }
                case "negative-discrimination":
                    let d = item.stats.discrimination ?? 0
                    reasons.append("negative discrimination (\(Int(d.rounded()))%, n=\(n))"
                                   + (Self.clearlyNegative(d, n: n) ? ": strong learners miss it more than weak ones" : ": may be chance at this n"))
                case "low-discrimination": reasons.append("low discrimination (\(Int((item.stats.discrimination ?? 0).rounded()))%, n=\(n))")
                default: reasons.append(f)
                }
            }
            out.append(ReviewEntry(priority: priority, item: item.item, kind: item.kind, title: item.title, file: item.file, url: item.url, reasons: reasons,
                                   contests: cs.map { ContestNote(id: $0.id, learner: $0.learnerID, comment: $0.comment) }))
        }
        // Contested questions nobody has answered in this report's window still need a look.
        for (key, cs) in byItem where !seen.contains(key) {
            let c = cs[0]
            let q = QuestionKind(rawValue: c.kind).flatMap { catalog.questionIndex[c.itemID]?[$0] }
            let info = q.map { catalog.questions[$0] }
            let section = q.flatMap { sectionInfo($0) }
            out.append(ReviewEntry(priority: 3, item: c.itemID, kind: c.kind, title: info?.title ?? c.itemID, file: info?.file ?? "", url: section?.url ?? "",
                                   reasons: ["\(cs.count) open contest\(cs.count == 1 ? "" : "s")"],
                                   contests: cs.map { ContestNote(id: $0.id, learner: $0.learnerID, comment: $0.comment) }))
        }
        return out.sorted { ($0.priority, -$0.contests.count, $0.item, $0.kind) < ($1.priority, -$1.contests.count, $1.item, $1.kind) }
    }

    // MARK: - Calibration

    func calibration(gapSections: Set<String>) -> CalibrationReport {
        // Units: case decisions answered at least twice; values: the chosen action.
        var units: [Int: [Int32: Int]] = [:]
        var unitKey: [Int: Int32] = [:]
        var tally = [Int](repeating: 0, count: e.answers.count)
        for q in 0..<nq where qKind[q] == 0 && byQuestion[q].count >= 2 {
            var seen: [Int32] = []
            for r in byQuestion[q] {
                let c = e.chosen[Int(r)]
                if tally[Int(c)] == 0 { seen.append(c) }
                tally[Int(c)] += 1
            }
            var counts: [Int32: Int] = [:]
            for c in seen { counts[c] = tally[Int(c)]; tally[Int(c)] = 0 }
            units[q] = counts
            // The key the answers were graded against (the most common one after a key change).
            seen = []
            for r in byQuestion[q] {
                let g = e.gold[Int(r)]
                if tally[Int(g)] == 0 { seen.append(g) }
                tally[Int(g)] += 1
            }
            var key: Int32 = seen.first ?? 0
            for g in seen where tally[Int(g)] > tally[Int(key)] || (tally[Int(g)] == tally[Int(key)] && g < key) { key = g }
            for g in seen { tally[Int(g)] = 0 }
            unitKey[q] = key
        }
        func figure(_ group: String, _ qs: [Int]) -> AgreementFigure {
            var categories: [Int32: Int] = [:]
            // Categories in answer order, not dictionary order, so the sums behind alpha and
            // kappa run in the same order on every run.
            for q in qs { for c in units[q]!.keys.sorted() where categories[c] == nil { categories[c] = categories.count } }
            var table: [[Int]] = []
            var answers = 0
            for q in qs {
                var row = [Int](repeating: 0, count: categories.count)
                for (c, n) in units[q]!.sorted(by: { $0.key < $1.key }) {
                    row[categories[c]!] += n
                    answers += n
                }
                table.append(row)
            }
            return AgreementFigure(group: group, cases: qs.count, answers: answers,
                                   krippendorffAlpha: Agreement.krippendorffAlphaNominal(counts: table), fleissKappa: Agreement.fleissKappa(table))
        }
        let all = units.keys.sorted()
        var byCode: [String: [Int]] = [:]
        for q in all {
            let codes = catalog.questions[q].codes
            if codes.isEmpty { byCode["(no violation)", default: []].append(q) }
            for c in codes { byCode[c, default: []].append(q) }
        }
        // A policy code on fewer than `minAgreementCases` cases gets no figure: on one case
        // alpha is 0 and kappa −1/(n−1) whatever the answers. Its cases are listed instead.
        let codeFigures = byCode.sorted { $0.key < $1.key }.map { code, qs -> AgreementFigure in
            var f = figure(code, qs)
            if qs.count < o.minAgreementCases {
                f.krippendorffAlpha = nil
                f.fleissKappa = nil
                f.items = qs.map { catalog.questions[$0].itemID }.sorted()
            }
            return f
        }
            .sorted { ($0.krippendorffAlpha ?? 2, $0.group) < ($1.krippendorffAlpha ?? 2, $1.group) }
        var lowest: [DisagreedCase] = []
        for q in all {
            let counts = units[q]!
            let total = counts.values.reduce(0, +)
            guard total >= o.minRaters, let agreement = Agreement.pairAgreement(counts.keys.sorted().map { counts[$0]! }) else { continue }
            let info = catalog.questions[q]
            let section = sectionInfo(q)
            let key = unitKey[q] ?? 0
            let split = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3).map {
                "\(catalog.label(e.answers[Int($0.key)], question: q)) \(Int((Double($0.value) / Double(total) * 100).rounded()))%"
            }
            let suspectKey = catalog.questionIndex[info.itemID].map { kinds in kinds.values.contains { isSuspect[$0] } } ?? false
            let cause = suspectKey ? "suspect-key" : gapSections.contains(section?.ref ?? "") ? "training-gap" : "ambiguity"
            lowest.append(DisagreedCase(item: info.itemID, title: info.title, ref: section?.ref ?? "", url: section?.url ?? "", answers: total,
                                        agreement: agreement, key: catalog.label(e.answers[Int(key)], question: q), split: split, likelyCause: cause))
        }
        // Likely SOP ambiguity first: disagreement explained by a training gap or a wrong key
        // is listed after it.
        lowest.sort { ($0.likelyCause == "ambiguity" ? 0 : 1, $0.agreement, -$0.answers, $0.item) < ($1.likelyCause == "ambiguity" ? 0 : 1, $1.agreement, -$1.answers, $1.item) }
        return CalibrationReport(overall: figure("all cases", all), byCode: codeFigures, lowestAgreement: Array(lowest.prefix(o.top)))
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
