import Foundation
import Quiz
import Handbook
import Records

extension Analysis {
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
}
