import Handbook

/// What changed about a policy code between two versions of a page.
public struct CodeChange: Sendable, Hashable, Codable {
    /// The kind of change, in the order a diff lists them.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case renamed, harmChanged = "harm-changed", added, removed
    }
    public var kind: Kind
    /// The code in the new version (the removed code for `.removed`).
    public var code: String
    /// The code before a rename.
    public var oldCode: String?
    /// Harm levels before and after, for `.harmChanged` (nil: no harm given).
    public var oldHarm: String?
    public var newHarm: String?
}

/// One section of a diff, in the new version's reading order (removed sections stand where they stood).
public struct SectionChange: Sendable, Hashable, Codable {
    /// Whether a section is the same, edited, new or gone.
    public enum Status: String, Sendable, Hashable, Codable {
        case unchanged, changed, added, removed
    }
    public var status: Status
    /// The section's anchor in the old and new versions ("" for the introduction; nil when absent).
    public var oldAnchor: String?
    public var newAnchor: String?
    /// The heading in the new version (the old one for a removed section).
    public var title: String
    /// The old heading, when it was reworded.
    public var oldTitle: String?
    public var level: Int
    /// The section moved relative to the sections around it.
    public var moved: Bool = false
    /// Its anchor changed, and it was recognised by its content (or its policy code).
    public var matchedBySimilarity: Bool = false
    /// Word-level diff of the heading, when it was reworded.
    public var titleRuns: [WordRun]?
    /// Word-level diff of the text (all inserted for an added section, all deleted for a removed one).
    public var runs: [WordRun]

    /// The anchor to show: the new one, else the old one.
    public var anchor: String { newAnchor ?? oldAnchor ?? "" }
}

/// The section-level difference between two versions of one SOP.
public struct SectionDiff: Sendable, Hashable, Codable {
    /// The page id.
    public var page: String
    public var title: String
    public var from: String
    public var to: String
    /// Policy codes added, removed, renamed, or with a changed harm level; shown first.
    public var codeChanges: [CodeChange]
    public var sections: [SectionChange]

    /// Whether anything differs.
    public var hasChanges: Bool {
        !codeChanges.isEmpty || sections.contains { $0.status != .unchanged || $0.moved || $0.oldAnchor != $0.newAnchor }
    }

    /// Dice similarity over words above which two sections with different anchors are the same section.
    public static let similarityThreshold = 0.6

    /// Compares two parsed versions of the page `page`. `unchangedRuns: false` leaves the
    /// runs of a section whose text is the same in both versions empty rather than one
    /// unchanged run of all its words: the site's pages never show those (only the JSON
    /// format does), and splitting every unchanged section into words was most of the cost
    /// of comparing (a site build compares every pair of consecutive versions).
    public static func compare(_ old: PageOutline, _ new: PageOutline, page: String, unchangedRuns: Bool = true) -> SectionDiff {
        let pairs = match(old.sections, new.sections)
        let moved = movedPairs(pairs)
        var entries: [(key: (Int, Int), change: SectionChange)] = []
        var newOfOld = [Int?](repeating: nil, count: old.sections.count)
        for p in pairs { newOfOld[p.old] = p.new }
        for (index, pair) in pairs.enumerated() {
            let a = old.sections[pair.old], b = new.sections[pair.new]
            let runs = !unchangedRuns && a.text == b.text ? [] : WordDiff.diff(a.text, b.text)
            let titleChanged = a.title != b.title
            let textChanged = runs.contains { $0.kind != .same }
            let changed = titleChanged || textChanged || a.code != b.code || a.harm != b.harm
            var change = SectionChange(status: changed ? .changed : .unchanged, oldAnchor: a.anchor, newAnchor: b.anchor,
                                       title: b.title, level: b.level, runs: runs)
            change.moved = moved.contains(index)
            change.matchedBySimilarity = pair.bySimilarity
            if titleChanged {
                change.oldTitle = a.title
                change.titleRuns = WordDiff.diff(a.title, b.title)
            }
            entries.append(((pair.new, 0), change))
        }
        for (i, b) in new.sections.enumerated() where !pairs.contains(where: { $0.new == i }) {
            let words = WordDiff.tokens(b.text)
            entries.append(((i, 0), SectionChange(status: .added, oldAnchor: nil, newAnchor: b.anchor, title: b.title, level: b.level,
                                                  runs: words.isEmpty ? [] : [WordRun(.inserted, tokens: words)])))
        }
        for (i, a) in old.sections.enumerated() where newOfOld[i] == nil {
            // Stand after the new position of the nearest earlier old section that is still there.
            var after = -1
            for j in stride(from: i - 1, through: 0, by: -1) {
                if let n = newOfOld[j], let k = pairs.firstIndex(where: { $0.old == j }), !moved.contains(k) { after = n; break }
            }
            let words = WordDiff.tokens(a.text)
            entries.append(((after, 1 + i), SectionChange(status: .removed, oldAnchor: a.anchor, newAnchor: nil, title: a.title, level: a.level,
                                                          runs: words.isEmpty ? [] : [WordRun(.deleted, tokens: words)])))
        }
        entries.sort { $0.key < $1.key }
        return SectionDiff(page: page, title: new.title, from: old.version, to: new.version,
                           codeChanges: codeChanges(old, new, pairs: pairs), sections: entries.map(\.change))
    }

    // MARK: - Matching

    struct Pair {
        var old: Int
        var new: Int
        var bySimilarity: Bool
    }

    /// Pairs sections by anchor, then by policy code, then by content similarity.
    static func match(_ old: [PageOutline.Section], _ new: [PageOutline.Section]) -> [Pair] {
        var pairs: [Pair] = []
        var oldFree = Set(old.indices), newFree = Set(new.indices)
        var newByAnchor: [String: Int] = [:]
        for (i, s) in new.enumerated() where newByAnchor[s.anchor] == nil { newByAnchor[s.anchor] = i }
        for (i, s) in old.enumerated() {
            if let j = newByAnchor[s.anchor], newFree.contains(j) {
                pairs.append(Pair(old: i, new: j, bySimilarity: false))
                oldFree.remove(i); newFree.remove(j)
            }
        }
        for i in oldFree.sorted() {
            guard let code = old[i].code, let j = newFree.sorted().first(where: { new[$0].code == code }) else { continue }
            pairs.append(Pair(old: i, new: j, bySimilarity: true))
            oldFree.remove(i); newFree.remove(j)
        }
        // Greedy: the most similar remaining pair first, ties by position.
        var candidates: [(score: Double, old: Int, new: Int)] = []
        for i in oldFree {
            for j in newFree {
                let score = similarity(old[i], new[j])
                if score >= similarityThreshold { candidates.append((score, i, j)) }
            }
        }
        candidates.sort { ($0.score, -$0.old, -$0.new) > ($1.score, -$1.old, -$1.new) }
        for c in candidates where oldFree.contains(c.old) && newFree.contains(c.new) {
            pairs.append(Pair(old: c.old, new: c.new, bySimilarity: true))
            oldFree.remove(c.old); newFree.remove(c.new)
        }
        return pairs.sorted { $0.new < $1.new }
    }

    /// Dice coefficient of the two sections' words (heading and text, case-folded, as multisets).
    static func similarity(_ a: PageOutline.Section, _ b: PageOutline.Section) -> Double {
        func bag(_ s: PageOutline.Section) -> [String: Int] {
            var counts: [String: Int] = [:]
            for w in WordDiff.words(s.title + " " + s.text) { counts[w.lowercased(), default: 0] += 1 }
            return counts
        }
        let x = bag(a), y = bag(b)
        let total = x.values.reduce(0, +) + y.values.reduce(0, +)
        guard total > 0 else { return 0 }
        var common = 0
        for (w, n) in x { common += min(n, y[w] ?? 0) }
        return 2 * Double(common) / Double(total)
    }

    /// Indices (into `pairs`, sorted by new position) of the sections that moved: those outside
    /// the longest run that keeps its old order.
    static func movedPairs(_ pairs: [Pair]) -> Set<Int> {
        let olds = pairs.map(\.old)
        guard olds.count > 1 else { return [] }
        // Longest increasing subsequence, O(n²): pages have tens of sections.
        var length = [Int](repeating: 1, count: olds.count)
        var previous = [Int](repeating: -1, count: olds.count)
        for i in olds.indices {
            for j in 0..<i where olds[j] < olds[i] && length[j] + 1 > length[i] {
                length[i] = length[j] + 1
                previous[i] = j
            }
        }
        var best = 0
        for i in olds.indices where length[i] > length[best] { best = i }
        var kept = Set<Int>()
        var k = best
        while k >= 0 { kept.insert(k); k = previous[k] }
        return Set(olds.indices).subtracting(kept)
    }

    // MARK: - Policy codes

    static func codeChanges(_ old: PageOutline, _ new: PageOutline, pairs: [Pair]) -> [CodeChange] {
        var oldHarm: [String: HarmText] = [:], newHarm: [String: HarmText] = [:]
        for s in old.codes { if let c = s.code, oldHarm[c] == nil { oldHarm[c] = HarmText(s.harm?.rawValue) } }
        for s in new.codes { if let c = s.code, newHarm[c] == nil { newHarm[c] = HarmText(s.harm?.rawValue) } }
        var renamed: [CodeChange] = [], harm: [CodeChange] = [], added: [CodeChange] = [], removed: [CodeChange] = []
        var renamedOld = Set<String>(), renamedNew = Set<String>()
        for p in pairs {
            guard let a = old.sections[p.old].code, let b = new.sections[p.new].code, a != b,
                  newHarm[a] == nil, oldHarm[b] == nil else { continue }
            renamed.append(CodeChange(kind: .renamed, code: b, oldCode: a))
            renamedOld.insert(a); renamedNew.insert(b)
            if let h1 = oldHarm[a], let h2 = newHarm[b], h1 != h2 {
                harm.append(CodeChange(kind: .harmChanged, code: b, oldHarm: h1.value, newHarm: h2.value))
            }
        }
        for s in new.codes {
            guard let c = s.code, !renamedNew.contains(c) else { continue }
            if let before = oldHarm[c] {
                if let after = newHarm[c], before != after, !harm.contains(where: { $0.code == c }) {
                    harm.append(CodeChange(kind: .harmChanged, code: c, oldHarm: before.value, newHarm: after.value))
                }
            } else if !added.contains(where: { $0.code == c }) {
                added.append(CodeChange(kind: .added, code: c))
            }
        }
        for s in old.codes {
            guard let c = s.code, !renamedOld.contains(c), newHarm[c] == nil, !removed.contains(where: { $0.code == c }) else { continue }
            removed.append(CodeChange(kind: .removed, code: c))
        }
        return renamed + harm + added + removed
    }

    /// A harm level or none, comparable (a dictionary of optionals would conflate "absent" and "no harm").
    struct HarmText: Equatable {
        var value: String?
        init(_ value: String?) { self.value = value }
    }
}
