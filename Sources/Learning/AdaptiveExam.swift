import Foundation
import Randomness

// MARK: - Adaptive exams (`adaptive: true`)

/// A calibrated item an adaptive exam may ask, with the mix line it belongs to.
public struct AdaptiveItem: Sendable, Hashable, Codable {
    public var id: String
    public var difficulty: Double
    /// Index into `AdaptivePlan.lineCounts`.
    public var line: Int
    public init(id: String, difficulty: Double, line: Int = 0) { self.id = id; self.difficulty = difficulty; self.line = line }
}

/// Everything that fixes an adaptive exam: the same plan and the same answers give the same
/// items, so an attempt stores the plan and its steps and `AdaptiveExam(plan:replaying:)`
/// checks them (`attempts verify`).
public struct AdaptivePlan: Sendable, Hashable, Codable {
    public var items: [AdaptiveItem]
    /// Per mix line, the most questions it may give; also its share of the exam (count / total).
    public var lineCounts: [Int]
    /// The blueprint's `questions`: the most questions asked.
    public var maxQuestions: Int
    /// Stop once the ability's standard error is at or below this (the blueprint's `target_se`).
    public var targetSE: Double
    /// The pass mark on the ability scale (see `abilityForPassMark`).
    public var passTheta: Double
    /// Exposure control: the next item is drawn at random among the `randomesque` most
    /// informative eligible items (1: always the most informative).
    public var randomesque: Int
    public var seed: UInt64
    public var priorMean: Double
    public var priorSD: Double
    /// Items of the pool held back by the blueprint's exposure limits (`AdaptiveExposure`):
    /// never asked in this exam. Nil when none is (as in attempts stored before limits existed).
    public var excluded: [String]?

    public init(items: [AdaptiveItem], lineCounts: [Int] = [], maxQuestions: Int, targetSE: Double, passTheta: Double,
                randomesque: Int = 3, seed: UInt64, priorMean: Double = 0, priorSD: Double = 1, excluded: [String] = []) {
        let counts = lineCounts.isEmpty ? [maxQuestions] : lineCounts
        // Items of no line of the mix cannot be asked.
        self.items = items.filter { counts.indices.contains($0.line) }.sorted { $0.id < $1.id }
        self.lineCounts = counts
        self.maxQuestions = maxQuestions; self.targetSE = targetSE; self.passTheta = passTheta
        self.randomesque = max(1, randomesque); self.seed = seed; self.priorMean = priorMean; self.priorSD = priorSD
        self.excluded = excluded.isEmpty ? nil : excluded.sorted()
    }
}

/// One asked question: the item, the answer, and the ability estimate after it.
public struct AdaptiveStep: Sendable, Hashable, Codable {
    public var item: String
    public var correct: Bool
    public var theta: Double
    public var standardError: Double
    public init(item: String, correct: Bool, theta: Double, standardError: Double) {
        self.item = item; self.correct = correct; self.theta = theta; self.standardError = standardError
    }
}

/// Why an adaptive exam ended.
public enum AdaptiveStop: String, Sendable, Hashable, Codable {
    case targetSE = "target-se"
    case maxQuestions = "max-questions"
    /// No eligible item is left (the mix's counts or the bank are used up).
    case noEligibleItem = "no-eligible-item"
}

/// The outcome of a finished adaptive exam.
public struct AdaptiveResult: Sendable, Hashable, Codable {
    public var theta: Double
    public var standardError: Double
    public var passed: Bool
    public var questions: Int
    public var stop: AdaptiveStop
}

public enum AdaptiveExamError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `answer` was called with no question pending (the exam is finished, or `nextItem` was not called).
    case noQuestionPending
    /// Replaying the stored steps chose another item, or estimated another ability, than recorded.
    case replayMismatch(step: Int, expected: String, recorded: String)
    /// The stored steps go on after the exam should have stopped.
    case replayTooLong(steps: Int, stoppedAfter: Int)

    public var description: String {
        switch self {
        case .noQuestionPending: return "no question is pending: the exam is finished or no item was drawn"
        case let .replayMismatch(step, expected, recorded):
            return "step \(step + 1): replaying the exam gives \(expected), the attempt recorded \(recorded); the attempt or the item calibration changed since"
        case let .replayTooLong(steps, stoppedAfter):
            return "the attempt has \(steps) steps but the exam stops after \(stoppedAfter); the attempt or the item calibration changed since"
        }
    }
}

/// An adaptive exam in progress: a state machine of `nextItem()` (draw, or nil once finished)
/// and `answer(correct:)`. After each answer the ability is re-estimated (EAP, normal prior);
/// the next item is the one of maximum Fisher information p(1 − p) at the current estimate
/// among the items of the mix line furthest behind its share (so that the mix holds at any
/// length), drawn at random among the `randomesque` best; the exam stops when the standard
/// error reaches `targetSE`, at `maxQuestions`, or when no eligible item is left.
public struct AdaptiveExam: Sendable {
    public let plan: AdaptivePlan
    public private(set) var steps: [AdaptiveStep] = []
    private var random: SeededRandom
    private var posterior: AbilityPosterior
    /// The posterior's estimate, kept rather than recomputed for every draw.
    public private(set) var estimate: AbilityEstimate
    // Bookkeeping by index into `plan.items`: selection runs for every question of every exam.
    private let lineItems: [[Int]]
    private var used: [Bool]
    private var lineUsed: [Int]
    private var pending: Int?
    private var stop: AdaptiveStop?

    public init(plan: AdaptivePlan) {
        self.plan = plan
        random = SeededRandom(seed: plan.seed)
        posterior = AbilityPosterior(priorMean: plan.priorMean, priorSD: plan.priorSD)
        estimate = posterior.estimate
        var lineItems = [[Int]](repeating: [], count: plan.lineCounts.count)
        let excluded = Set(plan.excluded ?? [])
        for (k, item) in plan.items.enumerated() where lineItems.indices.contains(item.line) && !excluded.contains(item.id) {
            lineItems[item.line].append(k)
        }
        self.lineItems = lineItems
        used = [Bool](repeating: false, count: plan.items.count)
        lineUsed = [Int](repeating: 0, count: plan.lineCounts.count)
    }

    /// Rebuilds an exam from its stored steps, checking that each step is the one the plan gives.
    public init(plan: AdaptivePlan, replaying recorded: [AdaptiveStep]) throws(AdaptiveExamError) {
        self.init(plan: plan)
        for (k, step) in recorded.enumerated() {
            guard let item = nextItem() else { throw .replayTooLong(steps: recorded.count, stoppedAfter: k) }
            guard item.id == step.item else { throw .replayMismatch(step: k, expected: "item \(item.id)", recorded: "item \(step.item)") }
            let replayed = try answer(correct: step.correct)
            guard abs(replayed.theta - step.theta) < 1e-9, abs(replayed.standardError - step.standardError) < 1e-9 else {
                throw .replayMismatch(step: k, expected: String(format: "ability %.4f (SE %.4f)", replayed.theta, replayed.standardError),
                                      recorded: String(format: "ability %.4f (SE %.4f)", step.theta, step.standardError))
            }
        }
    }

    /// The result once the exam has stopped, else nil.
    public var result: AdaptiveResult? {
        guard let stop else { return nil }
        return AdaptiveResult(theta: estimate.theta, standardError: estimate.standardError, passed: estimate.theta >= plan.passTheta,
                              questions: steps.count, stop: stop)
    }

    /// The question to ask now (the same one until it is answered), or nil when the exam is over.
    public mutating func nextItem() -> AdaptiveItem? {
        if let pending { return plan.items[pending] }
        if stop != nil { return nil }
        if !steps.isEmpty && estimate.standardError <= plan.targetSE { stop = .targetSE; return nil }
        if steps.count >= plan.maxQuestions { stop = .maxQuestions; return nil }
        // The eligible line furthest behind its share of the exam (ties: the first line).
        let total = Double(plan.lineCounts.reduce(0, +))
        var line = -1, lineDeficit = -Double.infinity
        for l in plan.lineCounts.indices where lineUsed[l] < plan.lineCounts[l] && lineUsed[l] < lineItems[l].count {
            let deficit = Double(plan.lineCounts[l]) / total * Double(steps.count + 1) - Double(lineUsed[l])
            if deficit > lineDeficit { line = l; lineDeficit = deficit }
        }
        guard line >= 0 else { stop = .noEligibleItem; return nil }
        // The `randomesque` most informative unused items of that line (ties by id, as items are sorted by id).
        let k = max(1, plan.randomesque)
        var best: [(index: Int, information: Double)] = []
        best.reserveCapacity(k + 1)
        for index in lineItems[line] where !used[index] {
            let p = raschProbability(ability: estimate.theta, difficulty: plan.items[index].difficulty)
            let information = p * (1 - p)
            if best.count == k, let last = best.last, information <= last.information { continue }
            let at = best.firstIndex { information > $0.information } ?? best.count
            best.insert((index, information), at: at)
            if best.count > k { best.removeLast() }
        }
        let chosen = best[best.count == 1 ? 0 : Int(random.next() % UInt64(best.count))].index
        pending = chosen
        return plan.items[chosen]
    }

    /// Records the answer to the pending question and returns the step (with the new estimate).
    @discardableResult
    public mutating func answer(correct: Bool) throws(AdaptiveExamError) -> AdaptiveStep {
        guard let index = pending else { throw .noQuestionPending }
        pending = nil
        let item = plan.items[index]
        used[index] = true; lineUsed[item.line] += 1
        posterior.add(difficulty: item.difficulty, correct: correct)
        estimate = posterior.estimate
        let step = AdaptiveStep(item: item.id, correct: correct, theta: estimate.theta, standardError: estimate.standardError)
        steps.append(step)
        return step
    }
}

// MARK: - Exposure limits

/// A blueprint's exposure limits for adaptive exams, applied when an attempt starts: which
/// items of the pool the exam may not ask. An item is held back when
/// - the learner saw it within the blueprint's `no_repeat_days` (`recentlySeen`),
/// - the learner was asked it in an earlier attempt at the same blueprint (a retake asks
///   other questions: `askedBefore`, item id -> earlier attempts that asked it), or
/// - it was asked in more than `maxExposure` of the blueprint's recent adaptive exams
///   (`exposure`, item id -> exams that asked it, out of `exams`), once there are at least
///   `minExams` of them, so a few items near the pass mark do not leak to everyone.
/// A mix line keeps at least its `count` askable items: when the limits would leave fewer,
/// the held-back items of that line least affected are readmitted (fewest earlier attempts,
/// not seen recently, lowest exposure, then by id), and `readmitted` counts them.
public struct AdaptiveExposure: Sendable, Hashable {
    public var noRepeatDays: Int
    public var recentlySeen: Set<String>
    public var askedBefore: [String: Int]
    public var exposure: [String: Int]
    public var exams: Int
    public var maxExposure: Double
    public var minExams: Int

    /// Fewer recent exams than this and the exposure rates are not yet meaningful.
    public static let defaultMinExams = 20

    public init(noRepeatDays: Int = 0, recentlySeen: Set<String> = [], askedBefore: [String: Int] = [:], exposure: [String: Int] = [:],
                exams: Int = 0, maxExposure: Double = 1, minExams: Int = AdaptiveExposure.defaultMinExams) {
        self.noRepeatDays = noRepeatDays; self.recentlySeen = recentlySeen; self.askedBefore = askedBefore
        self.exposure = exposure; self.exams = exams; self.maxExposure = maxExposure; self.minExams = minExams
    }

    /// The share of the recent exams that asked `item`.
    public func rate(_ item: String) -> Double { exams == 0 ? 0 : Double(exposure[item] ?? 0) / Double(exams) }

    /// Whether the limits hold `item` back (before any is readmitted).
    public func limits(_ item: String) -> Bool {
        if noRepeatDays > 0 && recentlySeen.contains(item) { return true }
        if (askedBefore[item] ?? 0) > 0 { return true }
        return maxExposure < 1 && exams >= minExams && rate(item) > maxExposure
    }

    /// The items held back, sorted, and how many were readmitted to keep a line's count.
    public func excluded(items: [AdaptiveItem], lineCounts: [Int]) -> (excluded: [String], readmitted: Int) {
        var excluded: [String] = [], readmitted = 0
        for (l, count) in lineCounts.enumerated() {
            let line = items.filter { $0.line == l }
            var held = line.filter { limits($0.id) }
            let free = line.count - held.count
            if free < count {
                held.sort { a, b in
                    let ka = (askedBefore[a.id] ?? 0, noRepeatDays > 0 && recentlySeen.contains(a.id) ? 1 : 0, rate(a.id))
                    let kb = (askedBefore[b.id] ?? 0, noRepeatDays > 0 && recentlySeen.contains(b.id) ? 1 : 0, rate(b.id))
                    if ka != kb { return ka < kb }
                    return a.id < b.id
                }
                let back = min(held.count, count - free)
                readmitted += back
                held.removeFirst(back)
            }
            excluded += held.map(\.id)
        }
        return (excluded.sorted(), readmitted)
    }
}
