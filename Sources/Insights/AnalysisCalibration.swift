import Foundation
import Quiz
import Handbook
import Records

extension Analysis {
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
}
