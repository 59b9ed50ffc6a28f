import Foundation
import Quiz
import Handbook
import Records

extension Analysis {
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
        var queuedItems = Set<String>()
        for item in items {
            let key = "\(item.item)\u{1}\(item.kind)"
            seen.insert(key)
            let cs = byItem[key] ?? []
            let suspect = item.flags.contains("suspect-key")
            let missed = item.stats.n >= 3 && item.stats.facility <= 50
            let changed = Self.sopChangeReasons(catalog.needsReview[item.item] ?? [])
            var reasons: [AnalysisReason] = []
            let priority: Int
            if !cs.isEmpty && (suspect || missed) { priority = 1 }
            else if suspect || !changed.isEmpty { priority = 2 }
            else if !cs.isEmpty { priority = 3 }
            else if item.flags.contains("negative-discrimination") { priority = 4 }
            else if !item.flags.isEmpty { priority = 5 }
            else { continue }
            queuedItems.insert(item.item)
            reasons += changed
            if suspect, let wrongAnswer = item.upperTopWrong, let share = item.upperTopWrongShare {
                reasons.append(AnalysisReason("suspect_key", ["share": .int(Int((share * 100).rounded())), "answer": .text(wrongAnswer), "key": .text(item.key)]))
            }
            if !cs.isEmpty { reasons.append(.openContests(cs.count)) }
            if missed { reasons.append(AnalysisReason("missed", ["share": .int(Int((100 - item.stats.facility).rounded())), "n": .int(item.stats.n)])) }
            let n = item.stats.n
            for f in item.flags where f != "suspect-key" {
                switch f {
                case "too-easy": reasons.append(AnalysisReason("too_easy", ["facility": .int(Int(item.stats.facility.rounded())), "n": .int(n)]))
                case "too-hard": if !missed { reasons.append(AnalysisReason("too_hard", ["facility": .int(Int(item.stats.facility.rounded())), "n": .int(n)])) }
                case "negative-discrimination":
                    let d = item.stats.discrimination ?? 0
                    reasons.append(AnalysisReason(Self.clearlyNegative(d, n: n) ? "negative_discrimination" : "negative_discrimination_chance",
                                                  ["discrimination": .int(Int(d.rounded())), "n": .int(n)]))
                case "low-discrimination": reasons.append(AnalysisReason("low_discrimination", ["discrimination": .int(Int((item.stats.discrimination ?? 0).rounded())), "n": .int(n)]))
                default: reasons.append(AnalysisReason("flag", ["flag": .text(f)]))
                }
            }
            out.append(ReviewEntry(priority: priority, item: item.item, kind: item.kind, title: item.title, file: item.file, url: item.url, reasons: reasons,
                                   contests: cs.map { ContestNote(id: $0.id, learner: $0.learnerID, comment: $0.comment) }))
        }
        // Items needing review after an SOP change, answered or not in this report's window:
        // exams hold them until their `reviewed:` date is updated.
        for (id, why) in catalog.needsReview where !queuedItems.contains(id) {
            let kinds = catalog.questionIndex[id] ?? [:]
            guard let (kind, q) = kinds.sorted(by: { $0.key.rawValue < $1.key.rawValue }).first(where: { $0.key == .decision || $0.key == .knowledge }) ?? kinds.first else { continue }
            let info = catalog.questions[q]
            let key = "\(id)\u{1}\(kind.rawValue)"
            if seen.contains(key) { continue }
            seen.insert(key)
            let cs = byItem[key] ?? []
            out.append(ReviewEntry(priority: cs.isEmpty ? 2 : 1, item: id, kind: kind.rawValue, title: info.title, file: info.file, url: sectionInfo(q)?.url ?? "",
                                   reasons: Self.sopChangeReasons(why) + (cs.isEmpty ? [] : [.openContests(cs.count)]),
                                   contests: cs.map { ContestNote(id: $0.id, learner: $0.learnerID, comment: $0.comment) }))
        }
        // Contested questions nobody has answered in this report's window still need a look.
        for (key, cs) in byItem where !seen.contains(key) {
            let c = cs[0]
            let q = QuestionKind(rawValue: c.kind).flatMap { catalog.questionIndex[c.itemID]?[$0] }
            let info = q.map { catalog.questions[$0] }
            let section = q.flatMap { sectionInfo($0) }
            out.append(ReviewEntry(priority: 3, item: c.itemID, kind: c.kind, title: info?.title ?? c.itemID, file: info?.file ?? "", url: section?.url ?? "",
                                   reasons: [.openContests(cs.count)],
                                   contests: cs.map { ContestNote(id: $0.id, learner: $0.learnerID, comment: $0.comment) }))
        }
        return out.sorted { ($0.priority, -$0.contests.count, $0.item, $0.kind) < ($1.priority, -$1.contests.count, $1.item, $1.kind) }
    }

    /// "SOP section changed in v3.2: counterfeit-and-ip#ip-01 (2026-11-20)", one per section and version.
    static func sopChangeReasons(_ reasons: [ReviewReason]) -> [AnalysisReason] { reasons.map(AnalysisReason.sopChange) }
}
