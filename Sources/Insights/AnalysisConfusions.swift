import Foundation
import Quiz
import Handbook
import Records

extension Analysis {
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
}
