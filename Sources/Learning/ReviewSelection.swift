import Foundation

// MARK: - Predicted recall by SOP section

/// A learner's predicted recall of one SOP section: the mean over the section's items the
/// learner has answered (items never answered do not count).
public struct SectionRecall: Sendable, Hashable, Codable {
    public var section: String
    public var meanRecall: Double
    public var seenItems: Int
    /// Seen items whose predicted recall is below the target.
    public var dueItems: Int
}

/// Per-section recall on `day`, most forgotten first (ties by section name). Items missing
/// from `sectionOf` (no longer in the bank) are left out.
public func sectionRecall(_ memories: [ItemMemory], sectionOf: [String: String], on day: Double,
                          target: Double = ReviewRequest.defaultTarget) -> [SectionRecall] {
    var sums: [String: (sum: Double, seen: Int, due: Int)] = [:]
    for m in memories {
        guard let section = sectionOf[m.item] else { continue }
        let r = FSRS.retrievability(elapsed: day - m.state.lastReview, stability: m.state.stability)
        sums[section, default: (0, 0, 0)].sum += r
        sums[section, default: (0, 0, 0)].seen += 1
        if r < target { sums[section, default: (0, 0, 0)].due += 1 }
    }
    return sums.map { SectionRecall(section: $0.key, meanRecall: $0.value.sum / Double($0.value.seen),
                                    seenItems: $0.value.seen, dueItems: $0.value.due) }
        .sorted { $0.meanRecall != $1.meanRecall ? $0.meanRecall < $1.meanRecall : $0.section < $1.section }
}

// MARK: - Review selection (`mode: review`)

/// One line of a review blueprint's mix: up to `count` items among `items` (nil: any item).
public struct ReviewMixLine: Sendable, Hashable {
    public var name: String
    public var count: Int
    public var items: Set<String>?
    public init(name: String, count: Int, items: Set<String>? = nil) {
        self.name = name; self.count = count; self.items = items
    }
}

/// What a review draw asks for.
public struct ReviewRequest: Sendable, Hashable {
    public static let defaultTarget = 0.85
    /// The day of the draw (days since the same origin as the answers).
    public var day: Double
    /// Items whose predicted recall is below this are due.
    public var target: Double
    public var mix: [ReviewMixLine]
    public init(day: Double, target: Double = ReviewRequest.defaultTarget, mix: [ReviewMixLine]) {
        self.day = day; self.target = target; self.mix = mix
    }
}

/// One drawn review item.
public struct ReviewPick: Sendable, Hashable, Codable {
    public var item: String
    public var section: String
    public var recall: Double
    /// The mix line it was drawn for.
    public var line: String
}

/// Why a review draw has no questions: a typed outcome, never an empty quiz.
public enum NothingDue: Sendable, Hashable {
    /// The learner has answered none of the blueprint's items yet (unseen items are never reviewed).
    case noHistory
    /// Every seen item is still at or above the target; the first falls below it on `nextDueDay`.
    case allAboveTarget(nextDueDay: Double, item: String)
}

/// The result of a review draw.
public enum ReviewPlan: Sendable, Hashable {
    /// Items to review in this order (most forgotten sections first), with the sections' recall.
    case due([ReviewPick], sections: [SectionRecall])
    case nothingDue(NothingDue)
}

/// Draws a learner's review: items already answered whose predicted recall is below the
/// target, most forgotten sections first (lowest mean recall), inside a section the most
/// forgotten items first; each mix line takes up to its count from that order. Items never
/// answered, and items missing from `sectionOf`, are never drawn.
public func planReview(_ memories: [ItemMemory], sectionOf: [String: String], request: ReviewRequest) -> ReviewPlan {
    let inMix: (String) -> Bool = { item in request.mix.contains { $0.items?.contains(item) ?? true } }
    let seen = memories.filter { sectionOf[$0.item] != nil && inMix($0.item) }
    guard !seen.isEmpty else { return .nothingDue(.noHistory) }
    let sections = sectionRecall(seen, sectionOf: sectionOf, on: request.day, target: request.target)
    let sectionRank = Dictionary(uniqueKeysWithValues: sections.enumerated().map { ($1.section, $0) })
    let due = seen.compactMap { m -> (item: String, section: String, recall: Double)? in
        let r = FSRS.retrievability(elapsed: request.day - m.state.lastReview, stability: m.state.stability)
        guard r < request.target, let section = sectionOf[m.item] else { return nil }
        return (m.item, section, r)
    }.sorted { a, b in
        let ra = sectionRank[a.section] ?? 0, rb = sectionRank[b.section] ?? 0
        if ra != rb { return ra < rb }
        return a.recall != b.recall ? a.recall < b.recall : a.item < b.item
    }
    var picks: [ReviewPick] = [], taken: Set<String> = []
    for line in request.mix {
        var n = 0
        for d in due where n < line.count && !taken.contains(d.item) && (line.items?.contains(d.item) ?? true) {
            picks.append(ReviewPick(item: d.item, section: d.section, recall: d.recall, line: line.name))
            taken.insert(d.item); n += 1
        }
    }
    guard picks.isEmpty else {
        // Present the draw in the same order as the candidates: most forgotten sections first.
        let rank = Dictionary(uniqueKeysWithValues: due.enumerated().map { ($1.item, $0) })
        return .due(picks.sorted { rank[$0.item, default: 0] < rank[$1.item, default: 0] }, sections: sections)
    }
    let next = seen.map { m in (day: m.state.lastReview + FSRS.interval(stability: m.state.stability, target: request.target), item: m.item) }
        .min { $0.day != $1.day ? $0.day < $1.day : $0.item < $1.item }
    return .nothingDue(.allAboveTarget(nextDueDay: next?.day ?? request.day, item: next?.item ?? ""))
}
