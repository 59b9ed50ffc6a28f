import Foundation
import Quiz

/// Makes equal parts of cached questions share one copy. Attempts drawn from the same bank
/// repeat the same prompts, explanations, option labels and keys, and often the same option
/// lists; kept as drawn (or as decoded) every attempt holds its own copies, about 100 kB per
/// 100 questions. Shared, an attempt costs little more than its own option orders.
final class QuestionInterner: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var strings: Set<String> = []
    private var stringLists: Set<[String]> = []
    private var sectionLists: Set<[SectionRef]> = []
    private var answerSets: Set<Set<Int>> = []
    /// Distinct values kept at most; past it the tables start again (only sharing is lost).
    let capacity: Int

    init(capacity: Int = 200_000) {
        self.capacity = capacity
    }

    /// The questions with their parts replaced by shared equal copies.
    func intern(_ items: [QuizItem]) -> [QuizItem] {
        lock.lock()
        defer { lock.unlock() }
        if strings.count + stringLists.count + sectionLists.count + answerSets.count > capacity {
            strings = []; stringLists = []; sectionLists = []; answerSets = []
        }
        return items.map { item in
            var shared = item
            shared.itemID = string(item.itemID)
            shared.itemVersion = string(item.itemVersion)
            shared.caseID = item.caseID.map(string)
            shared.prompt = string(item.prompt)
            shared.explanation = string(item.explanation)
            shared.options = list(item.options)
            shared.optionKeys = list(item.optionKeys)
            shared.codes = list(item.codes)
            shared.sections = sections(item.sections)
            shared.correct = answerSets.insert(item.correct).memberAfterInsert
            return shared
        }
    }

    private func string(_ s: String) -> String {
        strings.insert(s).memberAfterInsert
    }

    private func list(_ l: [String]) -> [String] {
        if let kept = stringLists.firstIndex(of: l) { return stringLists[kept] }
        let shared = l.map(string)
        stringLists.insert(shared)
        return shared
    }

    private func sections(_ l: [SectionRef]) -> [SectionRef] {
        if let kept = sectionLists.firstIndex(of: l) { return sectionLists[kept] }
        let shared = l.map { SectionRef(pageID: string($0.pageID), anchor: string($0.anchor)) }
        sectionLists.insert(shared)
        return shared
    }
}
