import Foundation
import Handbook
import Randomness

/// What a `mode: review` blueprint may draw, for the learner model to choose from.
public struct ReviewPool: Sendable {
    /// One line of the blueprint's mix with the drawable items that fit it.
    public struct Line: Sendable {
        public var name: String
        public var count: Int
        public var items: Set<String>
    }
    /// Drawable item id -> the `sop#anchor` ref of its primary section.
    public var sectionOf: [String: String]
    public var lines: [Line]
}

extension QuizDrawer {
    /// The items a review blueprint may draw (active, published, in its markets and kinds),
    /// grouped by its mix lines (one line of `questions` when it has no mix).
    public func reviewPool(_ blueprint: Blueprint) -> ReviewPool {
        var candidates: [Candidate] = []
        if blueprint.kinds.contains(where: { $0 != .knowledge }) { candidates += drawableCases(blueprint).map { .case($0) } }
        if blueprint.kinds.contains(.knowledge) { candidates += drawableQuestions(blueprint).map { .question($0) } }
        var sectionOf: [String: String] = [:]
        for c in candidates {
            switch c {
            case .case(let x): sectionOf[x.id] = x.sop.description
            case .question(let q): if let s = q.sops.first { sectionOf[q.id] = s.description }
            }
        }
        let lines = blueprint.mix.isEmpty ? [MixLine(name: "all", count: blueprint.questions)] : blueprint.mix
        return ReviewPool(sectionOf: sectionOf, lines: lines.map { line in
            ReviewPool.Line(name: line.name, count: line.count,
                            items: Set(candidates.filter { sectionOf[$0.id] != nil && Self.fits($0, line) }.map(\.id)))
        })
    }

    /// A review quiz of exactly `itemIDs`, in that order (the learner model's choice: most
    /// forgotten sections first); each case is asked in one of the blueprint's case kinds,
    /// chosen with `seed`. Throws when an item is no longer in the bank.
    public func reviewQuiz(_ blueprint: Blueprint, itemIDs: [String], seed: UInt64) throws(DrawError) -> DrawnQuiz {
        var rng = SeededRandom(seed: seed)
        let caseKinds = blueprint.kinds.filter { $0 != .knowledge }
        var items: [QuizItem] = []
        for id in itemIDs {
            if let c = bank.case(id), !caseKinds.isEmpty {
                let kind = caseKinds[Int(rng.next() % UInt64(caseKinds.count))]
                items.append(makeItem(.case(c), kind: kind, rng: &rng))
            } else if let q = bank.questions.first(where: { $0.id == id }) {
                items.append(makeItem(.question(q), kind: .knowledge, rng: &rng))
            } else {
                throw DrawError(message: "review item '\(id)' is no longer in the bank")
            }
        }
        return DrawnQuiz(blueprintID: blueprint.id, seed: seed, contentVersion: bank.contentVersion, items: noted(items), notes: reviewNotes(items))
    }
}
