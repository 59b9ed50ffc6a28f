import Foundation
import Learning
import Quiz

extension AttemptLifecycle {
    /// The draw of a `mode: review` blueprint: a pure function of the responses recorded before
    /// `startedAt` (so `attempts verify` recomputes it) and of the bank. The memory model is
    /// FSRS-5, fitted to the whole organisation's history before then when it has enough
    /// reviews (cached: see `Records.memoryFit`); the learner's items whose predicted recall
    /// at `startedAt` is below the blueprint's `target_recall` are drawn, most forgotten sections first, within the mix.
    /// Items the learner never answered are never drawn; no history or nothing due is a
    /// `nothingToReview` error, never an empty quiz.
    func reviewDraw(_ blueprint: Blueprint, learnerID: String, seed: UInt64, startedAt: String) throws(RecordsError) -> DrawnQuiz {
        let drawer = QuizDrawer(bank: bank, handbook: handbook, reviewAsOf: Self.instant(startedAt))
        let pool = drawer.reviewPool(blueprint)
        // The organisation's fit (reused while the history is unchanged), folded over this
        // learner's answers only: their memory does not depend on anyone else's answers.
        let memory = LearnerMemory(try records.itemAnswers(learnerID: learnerID, before: startedAt), fit: try records.memoryFit(before: startedAt))
        let request = ReviewRequest(day: LearnerMemory.day(startedAt), target: blueprint.targetRecall,
                                    mix: pool.lines.map { ReviewMixLine(name: $0.name, count: $0.count, items: $0.items) })
        switch memory.states.review(for: learnerID, sectionOf: pool.sectionOf, request: request) {
        case .nothingDue(.noHistory):
            throw .nothingToReview(.reviewUnanswered(learner: learnerID, title: blueprint.title))
        case .nothingDue(.allAboveTarget(let nextDay, _)):
            let next = Timestamp.iso(Date(timeIntervalSince1970: nextDay * 86_400)).prefix(10)
            throw .nothingToReview(.reviewNoneDue(learner: learnerID, recall: Int((blueprint.targetRecall * 100).rounded()), date: "\(next)"))
        case .due(let picks, _):
            do {
                var quiz = try drawer.reviewQuiz(blueprint, itemIDs: picks.map(\.item), seed: seed)
                let sections = Set(picks.map(\.section)).count
                quiz.notes.append("\(picks.count) question\(picks.count == 1 ? "" : "s") due for review from \(sections) SOP section\(sections == 1 ? "" : "s"), most forgotten first (\(memory.modelDescription))")
                return quiz
            } catch {
                throw .cannotDraw(RecordsMessage(error.message))
            }
        }
    }
}
