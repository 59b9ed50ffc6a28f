import Foundation
import Handbook
import Quiz

/// The life of an attempt, the one implementation the CLI and the server share: starting
/// (blueprint rules, attempt limits, seed, bank version, the draw), answering (validated,
/// idempotent, stored as option keys), finishing and scoring, and re-drawing for audit.
///
/// An attempt's draw depends only on what is stored with it: the seed, the start time (which
/// fixes the date and the learner's history as of then) and the bank, so `redraw` re-creates
/// it exactly while the bank is unchanged.
public struct AttemptLifecycle: Sendable {
    /// Where attempts and answers are stored.
    public let records: Records
    /// The bank attempts are drawn from.
    public let bank: QuizBank
    /// The handbook the bank refers to.
    public let handbook: Handbook

    /// An attempt lifecycle over these records, bank and handbook.
    public init(records: Records, bank: QuizBank, handbook: Handbook) {
        self.records = records
        self.bank = bank
        self.handbook = handbook
    }

    /// A started attempt: as stored (without its items' JSON) and its questions.
    public struct Started: Sendable {
        /// The attempt as stored; `itemsJSON` is empty (the questions are `items`).
        public var attempt: AttemptRecord
        /// The drawn questions, in order.
        public var items: [QuizItem]
        /// Notes about the draw, for the learner.
        public var notes: [String]
        /// The blueprint it was drawn from.
        public var blueprint: Blueprint
        /// For an adaptive exam, its plan: `items` are then the pool it chooses from, one
        /// question at a time (`nextPosition`), never shown as a list.
        public var adaptive: AdaptivePlanRecord? = nil
    }

    /// An answer as recorded: what the database kept (the first answer, when repeated) and its grade.
    public struct Answered: Sendable {
        /// The stored response.
        public var response: ResponseRecord
        /// The stored response graded against the question.
        public var graded: GradedResponse
    }

    /// One question of a finished attempt's review.
    public struct Reviewed: Sendable {
        /// Its position in the attempt.
        public var position: Int
        /// The question.
        public var item: QuizItem
        /// The options the learner chose (empty when unanswered).
        public var chosen: Set<Int>
        /// Whether the learner answered it.
        public var answered: Bool
        /// The grade, with the key and explanation.
        public var graded: GradedResponse
    }

    /// A finished attempt: as stored, its result and the review the learner may see.
    public struct Finished: Sendable {
        /// The attempt as stored after finishing (the first finish wins).
        public var attempt: AttemptRecord
        /// The totals and breakdown of this grading.
        public var result: AttemptResult
        /// The pass mark used.
        public var passMark: Int
        /// The questions whose feedback may be shown: all of them in practice; in an exam the
        /// answered ones, and the unanswered ones only as the blueprint's `reveal_keys` allows.
        /// An adaptive exam's review holds the questions it asked, in the order asked.
        public var review: [Reviewed]
        /// For an adaptive exam: the ability, its standard error and the decision, which
        /// `result.passed` then follows (the percent is of the questions asked).
        public var adaptive: AdaptiveOutcome? = nil
    }

    // MARK: - Starting

    /// Starts an attempt for `learnerID` at `blueprintID` (a bank blueprint, or `campaign-N`:
    /// that campaign's update quiz, for the learners it assigned it to), drawn with `seed`
    /// (random when nil) at `now`. The time stored with the attempt is the one the draw used.
    public func start(learnerID: String, blueprintID: String, seed: UInt64? = nil, now: Date = Date()) throws(RecordsError) -> Started {
        guard let blueprint = try blueprint(blueprintID) else {
            throw .notFound(.noBlueprint(blueprintID, available: bank.blueprints.map(\.id)))
        }
        guard try records.learner(learnerID) != nil else {
            throw .notFound(.noLearner(learnerID))
        }
        try checkMayStart(blueprint, learnerID: learnerID)
        let finished = try records.finishedAttempts(learnerID: learnerID, blueprintID: blueprint.id)
        if blueprint.attempts > 0, finished >= blueprint.attempts {
            throw .attemptsUsed(learnerID: learnerID, blueprintTitle: blueprint.title, limit: blueprint.attempts)
        }
        let startedAt = Timestamp.iso(now, milliseconds: true)
        let seed = seed ?? UInt64.random(in: 1...UInt64.max)
        if blueprint.adaptive { return try startAdaptive(blueprint, learnerID: learnerID, seed: seed, startedAt: startedAt) }
        let drawn = try draw(blueprint, learnerID: learnerID, seed: seed, startedAt: startedAt)
        let itemsJSON: String
        do { itemsJSON = String(decoding: try JSONEncoder().encode(drawn.items), as: UTF8.self) } catch {
            throw .cannotDraw("the drawn questions could not be stored: \(error)")
        }
        let id = try records.startAttempt(learnerID: learnerID, blueprintID: blueprint.id, seed: seed, contentVersion: drawn.contentVersion,
                                          mode: blueprint.mode.rawValue, itemsJSON: itemsJSON, startedAt: startedAt)
        let attempt = AttemptRecord(id: id, learnerID: learnerID, blueprintID: blueprint.id, seed: seed, contentVersion: drawn.contentVersion,
                                    mode: blueprint.mode.rawValue, startedAt: startedAt, itemsJSON: "")
        return Started(attempt: attempt, items: drawn.items, notes: drawn.notes, blueprint: blueprint)
    }

    /// Starts an adaptive exam: stores the pool (as the attempt's questions) and the plan.
    func startAdaptive(_ blueprint: Blueprint, learnerID: String, seed: UInt64, startedAt: String) throws(RecordsError) -> Started {
        let (pool, record) = try adaptiveStart(blueprint, learnerID: learnerID, seed: seed, startedAt: startedAt)
        let itemsJSON: String, planJSON: String
        do {
            itemsJSON = String(decoding: try JSONEncoder().encode(pool.items), as: UTF8.self)
            planJSON = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        } catch {
            throw .cannotDraw("the adaptive exam could not be stored: \(error)")
        }
        let id = try records.startAttempt(learnerID: learnerID, blueprintID: blueprint.id, seed: seed, contentVersion: bank.contentVersion,
                                          mode: blueprint.mode.rawValue, itemsJSON: itemsJSON, startedAt: startedAt, adaptivePlanJSON: planJSON)
        let attempt = AttemptRecord(id: id, learnerID: learnerID, blueprintID: blueprint.id, seed: seed, contentVersion: bank.contentVersion,
                                    mode: blueprint.mode.rawValue, startedAt: startedAt, itemsJSON: "")
        var notes: [String] = []
        if !record.uncalibrated.isEmpty {
            notes.append("\(record.uncalibrated.count) of the \(pool.items.count) items have no calibrated difficulty yet and count as average (0 logits)")
        }
        if let back = record.readmitted {
            notes.append("\(back) question\(back == 1 ? "" : "s") you saw recently, or that were asked often, may be asked again: the bank has too few others for the mix")
        }
        return Started(attempt: attempt, items: pool.items, notes: notes, blueprint: blueprint, adaptive: record)
    }

    /// Draws `attempt` again from its seed, start time and the learner's records as of then,
    /// with the current bank (nil: its blueprint is no longer in the bank).
    public func redraw(_ attempt: AttemptRecord) throws(RecordsError) -> DrawnQuiz? {
        guard let blueprint = try blueprint(attempt.blueprintID) else { return nil }
        return try draw(blueprint, learnerID: attempt.learnerID, seed: attempt.seed, startedAt: attempt.startedAt, attemptID: attempt.id)
    }

    /// The draw for an attempt started at `startedAt`: the date, the learner's answers before
    /// it and, for exams, the questions of their earlier attempts at the blueprint (earlier:
    /// started before it, or in the same millisecond with a smaller id; `attemptID` nil for a
    /// new attempt, which comes after every stored one).
    func draw(_ blueprint: Blueprint, learnerID: String, seed: UInt64, startedAt: String, attemptID: Int64? = nil) throws(RecordsError) -> DrawnQuiz {
        if blueprint.mode == .review { return try reviewDraw(blueprint, learnerID: learnerID, seed: seed, startedAt: startedAt) }
        if blueprint.adaptive { return try adaptiveDraw(blueprint, seed: seed, startedAt: startedAt) }
        let history = try records.seenItems(learnerID: learnerID, before: startedAt)
        let earlier = blueprint.mode == .exam ? try records.drawnItems(learnerID: learnerID, blueprintID: blueprint.id, before: startedAt, attemptID: attemptID) : [:]
        do {
            return try QuizDrawer(bank: bank, handbook: handbook, reviewAsOf: Self.instant(startedAt)).draw(blueprint, seed: seed, today: String(startedAt.prefix(10)), history: history,
                                                                       earlierDraws: earlier)
        } catch {
            throw .cannotDraw(RecordsMessage(error.message))
        }
    }

    /// Seconds since 1970 UTC of an attempt's start time: which items are held for review
    /// after an SOP change depends only on it, so a re-draw sees the same set.
    static func instant(_ startedAt: String) -> Int64 {
        Int64((LearnerMemory.day(startedAt) * 86_400).rounded())
    }

    // MARK: - Answering

    /// The response to record for choosing `chosen` (option indices) at `position`, checked
    /// against the question; throws `invalidAnswer` or `attemptFinished` (as far as `attempt` knows).
    public func response(_ attempt: AttemptRecord, items: [QuizItem], position: Int, chosen: [Int]) throws(RecordsError) -> ResponseRecord {
        guard items.indices.contains(position) else {
            throw .invalidAnswer(.position(position, last: items.count - 1))
        }
        let item = items[position]
        guard chosen.count <= item.options.count, chosen.allSatisfy({ item.options.indices.contains($0) }) else {
            throw .invalidAnswer(.chooseOptions(last: item.options.count - 1))
        }
        if !item.multiple && chosen.count != 1 { throw .invalidAnswer(.chooseOne) }
        if attempt.finishedAt != nil { throw .attemptFinished(attemptID: attempt.id) }
        let set = Set(chosen)
        return ResponseRecord(attemptID: attempt.id, position: position, itemID: item.itemID, itemVersion: item.itemVersion, kind: item.kind.rawValue,
                              chosen: item.storedKeys(set), score: Grader.grade(item, chosen: set).score, answeredAt: "", gold: item.goldKey)
    }

    /// Records an answer durably and returns what is stored (a repeated answer keeps the first).
    public func answer(_ attempt: AttemptRecord, items: [QuizItem], position: Int, chosen: [Int], session: LiveSession? = nil) throws(RecordsError) -> Answered {
        if let state = try adaptive(attempt, items: items) {
            return try adaptiveAnswer(attempt, state, items: items, position: position, chosen: chosen, session: session)
        }
        let sent = try response(attempt, items: items, position: position, chosen: chosen)
        return Self.answered(try records.recordResponse(sent, session: session), items[position])
    }

    /// Records an answer without waiting: checks it at once (throwing), then calls `done` on
    /// the committing thread once it is durable (keep `done` short).
    public func answer(_ attempt: AttemptRecord, items: [QuizItem], position: Int, chosen: [Int], session: LiveSession? = nil,
                       then done: @escaping @Sendable (Result<Answered, RecordsError>) -> Void) throws(RecordsError) {
        // An adaptive exam's next question depends on this answer: it is recorded before returning.
        if let state = try adaptive(attempt, items: items) {
            let answered = try adaptiveAnswer(attempt, state, items: items, position: position, chosen: chosen, session: session)
            return done(.success(answered))
        }
        let sent = try response(attempt, items: items, position: position, chosen: chosen)
        let item = items[position]
        records.recordResponse(sent, session: session) { result in done(result.map { Self.answered($0, item) }) }
    }

    static func answered(_ stored: ResponseRecord, _ item: QuizItem) -> Answered {
        Answered(response: stored, graded: Grader.grade(item, chosen: item.chosenOptions(stored.chosen)))
    }

    // MARK: - Finishing

    /// Finishes an attempt (unanswered questions score 0) and returns its result and review.
    /// Finishing again returns the stored result; nothing changes.
    /// The score counts the answers stored when the attempt is marked finished, read in the
    /// transaction that marks it (an answer sent to another server at the same time is either
    /// counted or refused).
    public func finish(_ attempt: AttemptRecord, items: [QuizItem]) throws(RecordsError) -> Finished {
        let blueprint = try self.blueprint(attempt.blueprintID)
        let passMark = blueprint?.passMark ?? 70
        func byPosition(_ responses: [ResponseRecord]) -> [Int: ResponseRecord] {
            var stored: [Int: ResponseRecord] = [:]
            for r in responses where items.indices.contains(r.position) { stored[r.position] = r }
            return stored
        }
        if let state = try adaptive(attempt, items: items) {
            return try finishAdaptive(attempt, state, items: items, passMark: passMark, byPosition: byPosition)
        }
        func grade(_ stored: [Int: ResponseRecord]) -> AttemptResult {
            Grader.result(items, scores: items.indices.map { stored[$0]?.score ?? 0 }, passMark: passMark)
        }
        let stored = try finishOnce(attempt, byPosition: byPosition, grade: grade)
        let result = grade(stored)
        let now = try records.attempt(attempt.id, items: false) ?? attempt
        let showUnanswered = try revealsUnanswered(now, blueprint)
        var review: [Reviewed] = []
        for (position, item) in items.enumerated() {
            let answer = stored[position]
            if answer == nil && !showUnanswered { continue }
            let chosen = item.chosenOptions(answer?.chosen ?? "")
            review.append(Reviewed(position: position, item: item, chosen: chosen, answered: answer != nil, graded: Grader.grade(item, chosen: chosen)))
        }
        return Finished(attempt: now, result: result, passMark: passMark, review: review)
    }

    /// Marks the attempt finished unless it is, scored by `grade` over the answers read in the
    /// transaction that marks it, and returns its stored answers by position.
    private func finishOnce(_ attempt: AttemptRecord, byPosition: ([ResponseRecord]) -> [Int: ResponseRecord],
                            grade: ([Int: ResponseRecord]) -> AttemptResult) throws(RecordsError) -> [Int: ResponseRecord] {
        var graded: [ResponseRecord]?
        if attempt.finishedAt == nil {
            graded = try records.finishAttempt(attempt.id) { responses in
                let result = grade(byPosition(responses))
                return (result.percent, result.passed)
            }
        }
        if graded == nil { graded = try records.responses(attemptID: attempt.id) }
        return byPosition(graded ?? [])
    }

    /// Finishes an adaptive exam: the percent is of the questions asked; the pass is the
    /// ability against the pass mark on the ability scale, once the exam has ended by its
    /// stopping rule (an exam finished before then does not pass).
    func finishAdaptive(_ attempt: AttemptRecord, _ state: AdaptiveAttempt, items: [QuizItem], passMark: Int,
                        byPosition: ([ResponseRecord]) -> [Int: ResponseRecord]) throws(RecordsError) -> Finished {
        var state = state
        // A finished attempt was replayed without asking for its next item: ask, so the exam sees its stopping rule.
        if state.pending == nil { _ = state.exam.nextItem() }
        let outcome = state.outcome
        let asked = state.steps.map(\.position)
        let askedItems = asked.map { items[$0] }
        func grade(_ stored: [Int: ResponseRecord]) -> AttemptResult {
            var result = Grader.result(askedItems, scores: asked.map { stored[$0]?.score ?? 0 }, passMark: passMark)
            result.passed = outcome.passed
            return result
        }
        let stored = try finishOnce(attempt, byPosition: byPosition, grade: grade)
        let result = grade(stored)
        let now = try records.attempt(attempt.id, items: false) ?? attempt
        let review = zip(asked, askedItems).map { position, item -> Reviewed in
            let chosen = item.chosenOptions(stored[position]?.chosen ?? "")
            return Reviewed(position: position, item: item, chosen: chosen, answered: stored[position] != nil, graded: Grader.grade(item, chosen: chosen))
        }
        return Finished(attempt: now, result: result, passMark: passMark, review: review, adaptive: outcome)
    }

    /// Whether the review of a finished attempt shows the keys of its unanswered questions:
    /// always in practice; in an exam as its blueprint's `reveal_keys` says.
    func revealsUnanswered(_ attempt: AttemptRecord, _ blueprint: Blueprint?) throws(RecordsError) -> Bool {
        guard attempt.mode == QuizMode.exam.rawValue else { return true }
        // A blueprint no longer in the bank: its attempt limit is unknown, so keep the keys.
        guard let b = blueprint else { return false }
        switch b.revealKeys {
        case .always: return true
        case .never: return false
        case .afterLastAttempt:
            guard b.attempts > 0 else { return false }
            return try records.finishedAttempts(learnerID: attempt.learnerID, blueprintID: b.id) >= b.attempts
        }
    }
}
