import Foundation

// MARK: - Answer history

/// Every graded answer of every learner, with learner and item names interned to small
/// integers so that millions of answers fit in flat arrays (the state of 10,000 learners ×
/// 2,000 items is computed from 5,000,000 answers in a few seconds).
public struct ReviewLog: Sendable {
    public private(set) var learnerNames: [String] = []
    public private(set) var itemNames: [String] = []
    private var learnerIndex: [String: Int32] = [:]
    private var itemIndex: [String: Int32] = [:]
    private(set) var learner: [Int32] = []
    private(set) var item: [Int32] = []
    private(set) var day: [Double] = []
    private(set) var grade: [Grade] = []

    public init() {}

    public var count: Int { day.count }

    /// The number for a learner name, added if new.
    public mutating func learnerID(_ name: String) -> Int32 {
        if let id = learnerIndex[name] { return id }
        let id = Int32(learnerNames.count)
        learnerNames.append(name); learnerIndex[name] = id
        return id
    }

    /// The number for an item name, added if new.
    public mutating func itemID(_ name: String) -> Int32 {
        if let id = itemIndex[name] { return id }
        let id = Int32(itemNames.count)
        itemNames.append(name); itemIndex[name] = id
        return id
    }

    /// Records an answer scored in [0, 1] on `day` (days since a fixed origin); see `Grade(score:)`.
    public mutating func append(learner: String, item: String, day: Double, score: Double) {
        append(learner: learnerID(learner), item: itemID(item), day: day, grade: Grade(score: score))
    }

    /// Records an answer by interned numbers (from `learnerID` and `itemID`).
    public mutating func append(learner l: Int32, item i: Int32, day d: Double, grade g: Grade) {
        precondition(Int(l) < learnerNames.count && Int(i) < itemNames.count, "intern names with learnerID/itemID first")
        learner.append(l); item.append(i); day.append(d); grade.append(g)
    }

    public mutating func reserveCapacity(_ n: Int) {
        learner.reserveCapacity(n); item.reserveCapacity(n); day.reserveCapacity(n); grade.reserveCapacity(n)
    }

    /// Answer indexes grouped by learner, then item, each group in time order (ties in the
    /// order recorded), and the start of each (learner, item) group: `starts.last == count`.
    func sequences() -> (order: [Int32], starts: [Int]) {
        // Counting sort by learner (stable), then a small sort inside each learner: far faster
        // than one comparison sort of millions of answers.
        let learners = learnerNames.count
        var bucket = [Int](repeating: 0, count: learners + 1)
        for l in learner { bucket[Int(l) + 1] += 1 }
        for k in 0..<learners { bucket[k + 1] += bucket[k] }
        let learnerStart = bucket
        var order = [Int32](repeating: 0, count: count)
        for (index, l) in learner.enumerated() {
            order[bucket[Int(l)]] = Int32(index); bucket[Int(l)] += 1
        }
        var starts: [Int] = []
        starts.reserveCapacity(count / 2 + 1)
        order.withUnsafeMutableBufferPointer { order in
            for l in 0..<learners {
                let range = learnerStart[l]..<learnerStart[l + 1]
                guard !range.isEmpty else { continue }
                order[range].sort { a, b in
                    let ia = item[Int(a)], ib = item[Int(b)]
                    if ia != ib { return ia < ib }
                    let da = day[Int(a)], db = day[Int(b)]
                    return da != db ? da < db : a < b
                }
                var previous: Int32 = -1
                for k in range where item[Int(order[k])] != previous {
                    starts.append(k); previous = item[Int(order[k])]
                }
            }
        }
        starts.append(count)
        return (order, starts)
    }
}

// MARK: - Learner state

/// One learner's memory of one item.
public struct ItemMemory: Sendable, Hashable, Codable {
    public var item: String
    public var state: MemoryState
}

/// The FSRS memory state of every (learner, item) pair that has at least one answer.
public struct LearnerStates: Sendable {
    public let model: FSRS
    public let learnerNames: [String]
    public let itemNames: [String]
    private let learnerIndex: [String: Int]
    /// Per learner, the range of its entries in `memoryItem`/`memory` (items in interned order).
    private let learnerRange: [Range<Int>]
    private let memoryItem: [Int32]
    private let memory: [MemoryState]

    /// Folds every answer, in time order, through the model.
    public init(log: ReviewLog, model: FSRS = FSRS()) {
        self.model = model
        learnerNames = log.learnerNames
        itemNames = log.itemNames
        learnerIndex = Dictionary(uniqueKeysWithValues: log.learnerNames.enumerated().map { ($1, $0) })
        let (order, starts) = log.sequences()
        var memoryItem: [Int32] = [], memory: [MemoryState] = []
        memoryItem.reserveCapacity(starts.count); memory.reserveCapacity(starts.count)
        var ranges = [Range<Int>](repeating: 0..<0, count: log.learnerNames.count)
        var currentLearner = -1, rangeStart = 0
        for s in 0..<(starts.count - 1) {
            let first = Int(order[starts[s]])
            let l = Int(log.learner[first])
            if l != currentLearner {
                if currentLearner >= 0 { ranges[currentLearner] = rangeStart..<memory.count }
                currentLearner = l; rangeStart = memory.count
            }
            var state = model.initial(grade: log.grade[first], on: log.day[first])
            for k in (starts[s] + 1)..<starts[s + 1] {
                let a = Int(order[k])
                state = model.next(state, grade: log.grade[a], on: log.day[a])
            }
            memoryItem.append(log.item[first]); memory.append(state)
        }
        if currentLearner >= 0 { ranges[currentLearner] = rangeStart..<memory.count }
        learnerRange = ranges
        self.memoryItem = memoryItem
        self.memory = memory
    }

    /// Number of (learner, item) pairs with a state.
    public var count: Int { memory.count }

    /// The learner's memory of each item answered at least once, by item name; empty for a
    /// learner with no answers.
    public func memories(of learner: String) -> [ItemMemory] {
        guard let l = learnerIndex[learner] else { return [] }
        return learnerRange[l].map { ItemMemory(item: itemNames[Int(memoryItem[$0])], state: memory[$0]) }
            .sorted { $0.item < $1.item }
    }
}

// MARK: - Per learner, per section

extension LearnerStates {
    /// Days since the Unix epoch: the day scale every `day` in this module uses.
    public static func day(_ date: Date) -> Double { date.timeIntervalSince1970 / 86_400 }

    /// The learner's predicted recall per SOP section on `day`, most forgotten first
    /// (`learners show`); empty for a learner with no answers.
    public func sections(of learner: String, sectionOf: [String: String], on day: Double,
                         target: Double = ReviewRequest.defaultTarget) -> [SectionRecall] {
        sectionRecall(memories(of: learner), sectionOf: sectionOf, on: day, target: target)
    }

    /// The learner's review draw (`mode: review`); see `planReview`.
    public func review(for learner: String, sectionOf: [String: String], request: ReviewRequest) -> ReviewPlan {
        planReview(memories(of: learner), sectionOf: sectionOf, request: request)
    }
}
