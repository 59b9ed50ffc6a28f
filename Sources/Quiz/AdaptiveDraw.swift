import Foundation
import Randomness

/// The questions an adaptive exam may ask: one per bank item, each in the mix line it fills.
public struct AdaptivePool: Sendable, Hashable {
    /// The questions, ordered by item id (positions in the attempt are indices into this).
    public var items: [QuizItem]
    /// For each question, the index of its mix line.
    public var lines: [Int]
    /// Per mix line, the most questions it gives (its `count`).
    public var lineCounts: [Int]
    /// The line names, for messages.
    public var lineNames: [String]
}

extension QuizDrawer {
    /// The pool of an adaptive blueprint (`adaptive: true`), drawn with `seed`: every drawable
    /// item (as a fixed draw would consider it: status, markets, kinds, the blueprint's item
    /// list, and in exams not those held for review after an SOP change), each placed in the
    /// first mix line it fits, as one question: an authored question as itself, a case in one
    /// of the blueprint's case kinds chosen at random, as a fixed draw chooses. The adaptive
    /// exam then chooses among them one question at a time. Each mix line must have at least
    /// its `count` items, as for a fixed draw, so the blueprint can always be asked in full.
    public func adaptivePool(_ blueprint: Blueprint, seed: UInt64) throws(DrawError) -> AdaptivePool {
        var rng = SeededRandom(seed: seed)
        let caseKinds = blueprint.kinds.filter { $0 != .knowledge }
        var pool: [Candidate] = []
        if !caseKinds.isEmpty { pool += drawableCases(blueprint).map { .case($0) } }
        if blueprint.kinds.contains(.knowledge) { pool += drawableQuestions(blueprint).map { .question($0) } }
        if let only = blueprint.items.map(Set.init) { pool = pool.filter { only.contains($0.id) } }
        let held = self.held
        if blueprint.mode == .exam { pool.removeAll { held.contains($0.id) } }
        pool.sort { $0.id < $1.id }
        let lines = blueprint.mix.isEmpty ? [MixLine(name: "all", count: blueprint.questions)] : blueprint.mix
        var chosen: [(Candidate, Int)] = []
        var perLine = [Int](repeating: 0, count: lines.count)
        for c in pool {
            guard let line = lines.firstIndex(where: { Self.fits(c, $0) }) else { continue }
            chosen.append((c, line))
            perLine[line] += 1
        }
        for (l, line) in lines.enumerated() where perLine[l] < line.count {
            let where_ = blueprint.markets.isEmpty ? "" : " in markets \(blueprint.markets.joined(separator: ", "))"
            throw DrawError(message: "the bank cannot satisfy adaptive blueprint '\(blueprint.id)': mix line '\(line.name)' may ask \(line.count) items but only \(perLine[l]) active items match\(where_); add cases or lower its count")
        }
        let items = chosen.map { c, _ -> QuizItem in
            switch c {
            case .question: return makeItem(c, kind: .knowledge, rng: &rng)
            case .case: return makeItem(c, kind: caseKinds[Int(rng.next() % UInt64(caseKinds.count))], rng: &rng)
            }
        }
        return AdaptivePool(items: noted(items), lines: chosen.map(\.1), lineCounts: lines.map(\.count), lineNames: lines.map(\.name))
    }

    /// The pool as a draw (what `attempts verify` compares with the questions stored).
    public func adaptiveDraw(_ blueprint: Blueprint, seed: UInt64) throws(DrawError) -> DrawnQuiz {
        DrawnQuiz(blueprintID: blueprint.id, seed: seed, contentVersion: bank.contentVersion, items: try adaptivePool(blueprint, seed: seed).items, notes: [])
    }
}
