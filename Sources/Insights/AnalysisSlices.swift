import Foundation
import Quiz
import Handbook
import Records

extension Analysis {
    // MARK: - Slices

    /// The slice dimensions. `language` is the language the player showed a learner questions
    /// in: a section where the Thai readers do worse than everyone else on the same questions
    /// points at the Thai translation (of the questions or the SOP), not at knowledge.
    static let dimensions = ["market", "team", "vendor", "cohort", "language"]

    static func value(_ l: LearnerProfile, _ dimension: String) -> String {
        switch dimension {
        case "market": return l.market
        case "team": return l.team
        case "vendor": return l.vendor
        case "language": return l.language
        default: return l.cohort
        }
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
}
