import Foundation
import CasebookTestSupport
@testable import Insights
import Quiz
import Randomness

/// A cohort with planted truth: sections most learners were undertrained on, questions whose
/// answer key is wrong, and genuinely ambiguous cases. Learners answer by an item-response
/// model: P(right) = logistic(1.6 + ability - difficulty - penalty for weak sections).
struct Cohort {
    var evidence: Evidence
    var gapSections: Set<String>
    var wrongKeys: Set<String>
    var ambiguous: Set<String>
    /// (learner, section ref) pairs planted as weak.
    var weakLearners: Set<String>
    /// The answer key of each question (`case-000` is question 0), wrong where planted so.
    var keys: [String]

    static let actions = ["approve", "restrict", "remove", "request-info", "escalate"]

    static func make(seed: UInt64, learners: Int = 200, questions: Int = 40, sections: Int = 16,
                     gaps: Int = 4, wrongKeys wrongKeyCount: Int = 3, ambiguous ambiguousCount: Int = 3) -> Cohort {
        var rng = SeededRandom(seed: seed)
        var catalog = Catalog()
        var sectionRefs: [String] = []
        for s in 0..<sections {
            let ref = "sop-\(s / 4)#rule-\(s)"
            catalog.addSection(SectionInfo(ref: ref, title: "SOP \(s / 4) › Rule \(s)", url: "sop/sop-\(s / 4).html#rule-\(s)"))
            catalog.addCode("SIM-\(s)", name: "Rule \(s)", harm: Double(1 + s % 3), section: s)
            sectionRefs.append(ref)
        }
        // Planted truth, chosen at random but disjoint: gaps by section; wrong keys and
        // ambiguous cases among questions outside gap sections.
        let gapSet = Set(Array(0..<sections).shuffled(using: &rng).prefix(gaps))
        let ordinary = (0..<questions).filter { !gapSet.contains($0 % sections) }.shuffled(using: &rng)
        let wrongKeySet = Set(ordinary.prefix(wrongKeyCount))
        let ambiguousSet = Set(ordinary.dropFirst(wrongKeyCount).prefix(ambiguousCount))

        var truth: [String] = [], key: [String] = [], plausible: [String] = [], difficulty: [Double] = []
        for q in 0..<questions {
            let s = q % sections
            catalog.addQuestion(QuestionInfo(itemID: String(format: "case-%03d", q), kind: .decision, title: "Simulated case \(q)", sections: [s],
                                             codes: ["SIM-\(s)"], harm: Double(1 + s % 3), file: "cases/case-\(q).md",
                                             labels: Dictionary(uniqueKeysWithValues: actions.map { ($0, $0.capitalized) })))
            let t = actions[Int(rng.next() % UInt64(actions.count))]
            let others = actions.filter { $0 != t }
            let p = others[Int(rng.next() % UInt64(others.count))]
            truth.append(t)
            plausible.append(p)
            key.append(wrongKeySet.contains(q) ? others.filter { $0 != p }[Int(rng.next() % 3)] : t)
            difficulty.append(rng.normal() * 0.35)
        }
        var e = Evidence(catalog: catalog)
        let markets = ["UK", "US", "ID", "TH"], vendors = ["in-house", "vendor-a", "vendor-b"]
        var weak = Set<String>()
        let days = ["2026-10-05", "2026-10-13", "2026-10-21", "2026-10-29"]
        for l in 0..<learners {
            let id = String(format: "mod-%04d", l)
            e.addLearner(LearnerProfile(id: id, name: "Moderator \(l)", team: "team-\(l % 5)", vendor: vendors[l % 3], market: markets[l % 4],
                                        startDate: l % 2 == 0 ? "2026-09-01" : "2026-10-01"))
            let ability = rng.normal() * 0.6
            var weakIn = Set<Int>()
            for s in gapSet.sorted() where rng.uniform() < 0.6 { weakIn.insert(s); weak.insert("\(id)|\(sectionRefs[s])") }
            for q in 0..<questions {
                let s = q % sections
                var answer: String
                if ambiguousSet.contains(q) {
                    let u = rng.uniform()
                    answer = u < 0.5 ? truth[q] : (u < 0.95 ? plausible[q] : actions.filter { $0 != truth[q] && $0 != plausible[q] }[Int(rng.next() % 3)])
                } else {
                    let logit = 1.6 + ability - difficulty[q] - (weakIn.contains(s) ? 2.5 : 0)
                    if rng.uniform() < 1 / (1 + exp(-logit)) {
                        answer = truth[q]
                    } else if rng.uniform() < 0.6 {
                        answer = plausible[q]
                    } else {
                        let wrong = actions.filter { $0 != truth[q] }
                        answer = wrong[Int(rng.next() % UInt64(wrong.count))]
                    }
                }
                e.add(learnerID: id, itemID: String(format: "case-%03d", q), kind: .decision, chosen: answer, gold: key[q],
                      score: answer == key[q] ? 1 : 0, day: days[(l + q) % days.count])
            }
        }
        return Cohort(evidence: e, gapSections: Set(gapSet.map { sectionRefs[$0] }),
                      wrongKeys: Set(wrongKeySet.map { String(format: "case-%03d", $0) }),
                      ambiguous: Set(ambiguousSet.map { String(format: "case-%03d", $0) }), weakLearners: weak, keys: key)
    }
}

/// Precision and recall of a flagged set against the planted truth.
func precisionRecall(found: Set<String>, truth: Set<String>) -> (precision: Double, recall: Double) {
    let hits = Double(found.intersection(truth).count)
    return (found.isEmpty ? (truth.isEmpty ? 1 : 0) : hits / Double(found.count), truth.isEmpty ? 1 : hits / Double(truth.count))
}

/// A cohort as `casebook quiz --answers` produces it: every learner answers one drawn quiz (a
/// random `drawn` of the bank's questions), slices are unbalanced (a vendor of a few learners,
/// a market of a tenth), so per-question rates of the other slices often rest on a handful of
/// answers. Planted slice gaps: (market, section) pairs whose learners were undertrained there.
struct QuizCohort {
    var evidence: Evidence
    /// Planted slice gaps as `market=VALUE|sop-ref`.
    var sliceGaps: Set<String>
    /// Cases answered per `market=VALUE|sop-ref` (a case asked as three kinds counts once), to
    /// tell which planted gaps have enough evidence.
    var answers: [String: Int]

    static func pick<T>(_ weighted: [(T, Double)], _ u: Double) -> T {
        var acc = 0.0
        for (v, w) in weighted { acc += w; if u < acc { return v } }
        return weighted[weighted.count - 1].0
    }

    static func make(seed: UInt64, learners: Int = 160, questions: Int = 60, sections: Int = 20, drawn: Int = 20,
                     kinds: Int = 1, sliceGaps: Int = 0, penalty: Double = 2.5) -> QuizCohort {
        var rng = SeededRandom(seed: seed)
        var catalog = Catalog()
        var refs: [String] = []
        for s in 0..<sections {
            let ref = "sop-\(s / 4)#rule-\(s)"
            catalog.addSection(SectionInfo(ref: ref, title: "SOP \(s / 4) › Rule \(s)", url: "sop/sop-\(s / 4).html#rule-\(s)"))
            catalog.addCode("SIM-\(s)", name: "Rule \(s)", harm: 1, section: s)
            refs.append(ref)
        }
        let actions = Cohort.actions
        var key: [String] = [], difficulty: [Double] = []
        for q in 0..<questions {
            let s = q % sections
            for kind in [QuestionKind.decision, .codes, .section].prefix(kinds) {
                catalog.addQuestion(QuestionInfo(itemID: String(format: "case-%03d", q), kind: kind, title: "Case \(q)", sections: [s], codes: ["SIM-\(s)"],
                                                 harm: 1, file: "cases/case-\(q).md", labels: [:]))
            }
            key.append(actions[Int(rng.next() % UInt64(actions.count))])
            difficulty.append(rng.normal() * 0.5)
        }
        let markets: [(String, Double)] = [("UK", 0.4), ("US", 0.3), ("ID", 0.2), ("TH", 0.1)]
        let vendors: [(String, Double)] = [("in-house", 0.6), ("vendor-a", 0.3), ("vendor-b", 0.07), ("vendor-c", 0.03)]
        var planted = Set<String>()
        while planted.count < sliceGaps {
            let m = markets[Int(rng.next() % 3)].0 // markets with a fair share of learners
            planted.insert("market=\(m)|\(refs[Int(rng.next() % UInt64(sections))])")
        }
        var e = Evidence(catalog: catalog)
        var answers: [String: Int] = [:]
        for l in 0..<learners {
            let id = String(format: "mod-%04d", l)
            let market = pick(markets, rng.uniform()), vendor = pick(vendors, rng.uniform())
            e.addLearner(LearnerProfile(id: id, name: "Moderator \(l)", team: "team-\(rng.next() % 6)", vendor: vendor, market: market,
                                        startDate: ["2026-08-01", "2026-09-01", "2026-10-01"][Int(rng.next() % 3)]))
            let ability = rng.normal() * 0.6
            let quiz = Array(0..<questions).shuffled(using: &rng).prefix(drawn).sorted()
            for q in quiz {
                let s = q % sections
                let slot = "market=\(market)|\(refs[s])"
                answers[slot, default: 0] += 1
                let logit = 1.4 + ability - difficulty[q] - (planted.contains(slot) ? penalty : 0)
                // Whether the learner read the case right; its decision, codes and section
                // questions then mostly agree (one case, several correlated answers).
                let understood = rng.uniform() < 1 / (1 + exp(-logit))
                for (k, kind) in [QuestionKind.decision, .codes, .section].prefix(kinds).enumerated() {
                    let right = k == 0 ? understood : (understood ? rng.uniform() < 0.9 : rng.uniform() < 0.3)
                    let chosen = right ? key[q] : actions.filter { $0 != key[q] }[Int(rng.next() % 4)]
                    e.add(learnerID: id, itemID: String(format: "case-%03d", q), kind: kind, chosen: chosen, gold: key[q],
                          score: right ? 1 : 0, day: ["2026-10-05", "2026-10-13"][l % 2], attempt: Int64(l + 1))
                }
            }
        }
        return QuizCohort(evidence: e, sliceGaps: planted, answers: answers)
    }
}
