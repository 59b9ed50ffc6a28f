import CivilDate
import Foundation
import Learning
import Quiz

/// What an adaptive attempt stores at its start: the plan and the calibration it came from.
public struct AdaptivePlanRecord: Sendable, Hashable, Codable {
    /// The calibration file the difficulties were read from, and its date.
    public var calibrationFile: String
    public var calibrationDate: String
    /// Pool items the calibration has no difficulty for (never answered, or new since): they
    /// are placed at difficulty 0, the calibrated items' mean on a new scale.
    public var uncalibrated: [String]
    /// The plan: items with their difficulties, mix, stopping rule, pass mark and seed.
    public var plan: AdaptivePlan
    /// Items the exposure limits would have held back but that were readmitted so that each
    /// mix line keeps its count (nil: none).
    public var readmitted: Int? = nil
    /// The exposure limits in force at the start (nil in attempts stored before there were
    /// any): `attempts verify` recomputes the held-back items from the records and compares.
    public var limits: Limits? = nil

    public struct Limits: Sendable, Hashable, Codable {
        public var noRepeatDays: Int
        public var maxExposure: Double
        /// The blueprint's recent exams the exposure rates were taken over.
        public var exams: Int
    }
}

/// An adaptive attempt as stored, replayed: the plan, the exam state after the stored steps
/// and the position of the question to ask now.
public struct AdaptiveAttempt: Sendable {
    /// The stored plan.
    public var record: AdaptivePlanRecord
    /// The exam replayed through the stored steps.
    public var exam: AdaptiveExam
    /// The stored steps with their positions.
    public var steps: [StoredAdaptiveStep]
    /// The position of the question pending (nil: the exam has ended).
    public var pending: Int?
    /// Position in the attempt's pool of each item id.
    public var positions: [String: Int]

    /// The result when the exam has ended; otherwise the estimate so far, which does not pass:
    /// an adaptive exam finished (or timed out) before its stopping rule is not passed.
    public var outcome: AdaptiveOutcome {
        let e = exam.estimate
        return AdaptiveOutcome(theta: e.theta, standardError: e.standardError, passTheta: record.plan.passTheta,
                               passed: exam.result?.passed ?? false, questions: steps.count, stop: exam.result?.stop)
    }
}

/// How an adaptive exam ended: the ability, its standard error, the cut and the decision.
public struct AdaptiveOutcome: Sendable, Hashable {
    public var theta: Double
    public var standardError: Double
    /// The pass mark on the ability scale.
    public var passTheta: Double
    public var passed: Bool
    public var questions: Int
    /// Why it stopped; nil when it was finished before its stopping rule.
    public var stop: AdaptiveStop?
}

/// What `attempts verify` found replaying an adaptive attempt.
public struct AdaptiveAudit: Sendable {
    /// Steps replayed.
    public var steps: Int
    /// The replayed outcome.
    public var outcome: AdaptiveOutcome
    /// Disagreements between the stored record and the replay (empty: replayed exactly).
    public var problems: [String]
    /// Set when the bank's current calibration gives the pool other difficulties than the
    /// attempt used (the attempt is still replayed with its stored ones).
    public var calibrationNote: String?
}

extension AttemptLifecycle {
    /// The plan of an adaptive attempt: the pool's items with their Rasch difficulties from
    /// `calibration` (0 for items it does not calibrate), the mix line counts as each line's
    /// most questions (and share), `questions` as the most asked, `target_se`, and the pass
    /// mark on the ability scale: the ability at which the expected percent right over the
    /// whole pool equals `pass_mark` (the pool's test characteristic curve).
    public static func adaptivePlan(_ pool: AdaptivePool, calibration: ItemCalibrationFile, blueprint: Blueprint, seed: UInt64,
                                    exposure: AdaptiveExposure = AdaptiveExposure()) -> AdaptivePlanRecord {
        var uncalibrated: [String] = []
        let items = pool.items.enumerated().map { k, item -> AdaptiveItem in
            let d = calibration.difficulties[item.itemID]
            if d == nil { uncalibrated.append(item.itemID) }
            return AdaptiveItem(id: item.itemID, difficulty: d ?? 0, line: pool.lines[k])
        }
        let passTheta = abilityForPassMark(Double(blueprint.passMark) / 100, difficulties: items.map(\.difficulty))
        let limited = exposure.excluded(items: items, lineCounts: pool.lineCounts)
        let plan = AdaptivePlan(items: items, lineCounts: pool.lineCounts, maxQuestions: blueprint.questions, targetSE: blueprint.targetSE,
                                passTheta: passTheta, seed: seed, excluded: limited.excluded)
        return AdaptivePlanRecord(calibrationFile: calibration.file, calibrationDate: calibration.date, uncalibrated: uncalibrated.sorted(), plan: plan,
                                  readmitted: limited.readmitted > 0 ? limited.readmitted : nil,
                                  limits: .init(noRepeatDays: exposure.noRepeatDays, maxExposure: exposure.maxExposure, exams: exposure.exams))
    }

    /// Whether an answer's score counts as right for the ability estimate: the cut the Rasch
    /// calibration uses (`ScoredAnswer(score:)`), so the two agree.
    public static func isRight(_ score: Double) -> Bool {
        ScoredAnswer(learner: "", item: "", score: score).correct
    }

    /// The exposure limits of `blueprint` for `learnerID` at `startedAt`, from the records as
    /// of then: what the learner saw within `no_repeat_days`, what their earlier attempts at the
    /// blueprint asked (exams only, as for fixed draws), and how often each item was asked in
    /// the blueprint's recent exams.
    public func adaptiveExposure(_ blueprint: Blueprint, learnerID: String, startedAt: String) throws(RecordsError) -> AdaptiveExposure {
        var recent = Set<String>()
        if blueprint.noRepeatDays > 0, let today = CivilDate(iso: startedAt.prefix(10)) {
            let windowStart = CivilDate(days: today.days - blueprint.noRepeatDays).iso
            for (id, seen) in try records.seenItems(learnerID: learnerID, before: startedAt) where seen.last >= windowStart { recent.insert(id) }
        }
        // As for fixed draws, only an exam's retake avoids what the earlier attempts asked.
        let asked = blueprint.mode == .exam ? try records.adaptiveAskedItems(learnerID: learnerID, blueprintID: blueprint.id, before: startedAt) : [:]
        var exposure = AdaptiveExposure(noRepeatDays: blueprint.noRepeatDays, recentlySeen: recent, askedBefore: asked, maxExposure: blueprint.maxExposure)
        if blueprint.maxExposure < 1 {
            let (exams, counts) = try records.adaptiveExposure(blueprintID: blueprint.id, before: startedAt)
            exposure.exams = exams; exposure.exposure = counts
        }
        return exposure
    }

    /// The pool of an adaptive blueprint and its plan, for `learnerID`'s attempt started at `startedAt`.
    func adaptiveStart(_ blueprint: Blueprint, learnerID: String, seed: UInt64, startedAt: String) throws(RecordsError) -> (pool: AdaptivePool, record: AdaptivePlanRecord) {
        guard let calibration = bank.calibration else {
            throw .cannotDraw(.adaptiveUncalibrated(file: blueprint.file, id: blueprint.id, calibration: ItemCalibrationFile.name))
        }
        let pool: AdaptivePool
        do { pool = try QuizDrawer(bank: bank, handbook: handbook, reviewAsOf: Self.instant(startedAt)).adaptivePool(blueprint, seed: seed) } catch {
            throw .cannotDraw(RecordsMessage(error.message))
        }
        let exposure = try adaptiveExposure(blueprint, learnerID: learnerID, startedAt: startedAt)
        return (pool, Self.adaptivePlan(pool, calibration: calibration, blueprint: blueprint, seed: seed, exposure: exposure))
    }

    /// The draw of an adaptive attempt for `redraw`: its pool.
    func adaptiveDraw(_ blueprint: Blueprint, seed: UInt64, startedAt: String) throws(RecordsError) -> DrawnQuiz {
        do { return try QuizDrawer(bank: bank, handbook: handbook, reviewAsOf: Self.instant(startedAt)).adaptiveDraw(blueprint, seed: seed) } catch {
            throw .cannotDraw(RecordsMessage(error.message))
        }
    }

    /// The adaptive state of an attempt, replayed from its stored plan and steps (nil: a fixed attempt).
    public func adaptive(_ attempt: AttemptRecord, items: [QuizItem]) throws(RecordsError) -> AdaptiveAttempt? {
        guard let json = try records.adaptivePlanJSON(attemptID: attempt.id) else { return nil }
        let record: AdaptivePlanRecord
        do { record = try JSONDecoder().decode(AdaptivePlanRecord.self, from: Data(json.utf8)) } catch {
            throw .cannotDraw("attempt \(attempt.id): its stored adaptive plan cannot be read (\(error)); the attempt cannot continue")
        }
        let steps = try records.adaptiveSteps(attemptID: attempt.id)
        var exam: AdaptiveExam
        do { exam = try AdaptiveExam(plan: record.plan, replaying: steps.map(\.value)) } catch {
            throw .cannotDraw("attempt \(attempt.id): its stored steps do not replay: \(error.description)")
        }
        var positions: [String: Int] = [:]
        for (k, item) in items.enumerated() { positions[item.itemID] = k }
        let pending = attempt.finishedAt == nil ? exam.nextItem().flatMap { positions[$0.id] } : nil
        return AdaptiveAttempt(record: record, exam: exam, steps: steps, pending: pending, positions: positions)
    }

    /// The position of the question to ask now: for an adaptive attempt the one its exam
    /// chose after the last answer, otherwise the first unanswered; nil when none is left.
    public func nextPosition(_ attempt: AttemptRecord, items: [QuizItem]) throws(RecordsError) -> Int? {
        if let a = try adaptive(attempt, items: items) { return a.pending }
        let answered = Set(try records.responses(attemptID: attempt.id).map(\.position))
        return items.indices.first { !answered.contains($0) }
    }

    /// Records the answer to an adaptive attempt's pending question with its ability step.
    func adaptiveAnswer(_ attempt: AttemptRecord, _ state: AdaptiveAttempt, items: [QuizItem], position: Int, chosen: [Int],
                        session: LiveSession?) throws(RecordsError) -> Answered {
        var state = state
        if items.indices.contains(position), let stored = try records.response(attemptID: attempt.id, position: position) {
            return Self.answered(stored, items[position]) // a repeated answer keeps the first
        }
        let sent = try response(attempt, items: items, position: position, chosen: chosen)
        guard let pending = state.pending else {
            throw .invalidAnswer(.adaptiveEnded(after: state.steps.count))
        }
        guard position == pending else {
            throw .invalidAnswer(.adaptivePosition(position, pending: pending))
        }
        let step: AdaptiveStep
        do { step = try state.exam.answer(correct: Self.isRight(sent.score)) } catch {
            throw .invalidAnswer(RecordsMessage(error.description))
        }
        let stored = try records.recordAdaptiveAnswer(sent, step: StoredAdaptiveStep(step: state.steps.count, position: position, value: step), session: session)
        return Self.answered(stored, items[position])
    }

    /// Replays an adaptive attempt for `attempts verify`: the stored steps against the stored
    /// plan (the items chosen, the ability and standard error after each), each step's right or
    /// wrong against the stored answer, and the stored result against the replayed one.
    public func auditAdaptive(_ attempt: AttemptRecord, items: [QuizItem]) throws(RecordsError) -> AdaptiveAudit? {
        guard let json = try records.adaptivePlanJSON(attemptID: attempt.id) else { return nil }
        let record: AdaptivePlanRecord
        do { record = try JSONDecoder().decode(AdaptivePlanRecord.self, from: Data(json.utf8)) } catch {
            throw .cannotDraw("attempt \(attempt.id): its stored adaptive plan cannot be read (\(error))")
        }
        var problems: [String] = []
        let steps = try records.adaptiveSteps(attemptID: attempt.id)
        let responses = try records.responses(attemptID: attempt.id)
        var byPosition: [Int: ResponseRecord] = [:]
        for r in responses { byPosition[r.position] = r }
        // The pool stored with the attempt must be the plan's items.
        if Set(items.map(\.itemID)) != Set(record.plan.items.map(\.id)) || items.count != record.plan.items.count {
            problems.append("the questions stored with the attempt are not the items of its adaptive plan")
        }
        var exam = AdaptiveExam(plan: record.plan)
        for (k, s) in steps.enumerated() {
            guard let item = exam.nextItem() else {
                problems.append("the attempt has \(steps.count) steps but the exam stops after \(k)")
                break
            }
            guard item.id == s.value.item, items.indices.contains(s.position), items[s.position].itemID == s.value.item else {
                problems.append("step \(k + 1): the exam asks \(item.id), the attempt recorded \(s.value.item) at position \(s.position)")
                break
            }
            guard let answer = byPosition[s.position] else {
                problems.append("step \(k + 1): no answer is stored for \(s.value.item) (position \(s.position))")
                break
            }
            if Self.isRight(answer.score) != s.value.correct {
                problems.append("step \(k + 1): the stored answer to \(s.value.item) scores \(answer.score), but the step records it as \(s.value.correct ? "right" : "wrong")")
            }
            let replayed: AdaptiveStep
            do { replayed = try exam.answer(correct: Self.isRight(answer.score)) } catch { break }
            if abs(replayed.theta - s.value.theta) > 1e-9 || abs(replayed.standardError - s.value.standardError) > 1e-9 {
                problems.append(String(format: "step %d: replaying gives ability %.4f (SE %.4f), the attempt recorded %.4f (SE %.4f)", k + 1,
                                       replayed.theta, replayed.standardError, s.value.theta, s.value.standardError))
            }
        }
        let asked = Set(steps.map(\.position))
        for r in responses where !asked.contains(r.position) {
            problems.append("an answer is stored at position \(r.position) (\(r.itemID)), which no step asked")
        }
        if attempt.finishedAt != nil { _ = exam.nextItem() } // let a finished exam see its stopping rule
        let e = exam.estimate
        let outcome = AdaptiveOutcome(theta: e.theta, standardError: e.standardError, passTheta: record.plan.passTheta,
                                      passed: exam.result?.passed ?? false, questions: exam.steps.count, stop: exam.result?.stop)
        if let passed = attempt.passed, passed != outcome.passed {
            problems.append("the attempt is recorded as \(passed ? "passed" : "not passed"), the replay \(outcome.passed ? "passes" : "does not pass") (ability \(String(format: "%.4f", e.theta)), pass mark \(String(format: "%.4f", record.plan.passTheta)) on the ability scale)")
        }
        // The items held back by the exposure limits, recomputed from the records as of the start.
        if let limits = record.limits, let blueprint = try blueprint(attempt.blueprintID) {
            var exposure = try adaptiveExposure(blueprint, learnerID: attempt.learnerID, startedAt: attempt.startedAt)
            exposure.noRepeatDays = limits.noRepeatDays; exposure.maxExposure = limits.maxExposure
            if limits.maxExposure < 1, exposure.exposure.isEmpty && exposure.exams == 0 {
                let (exams, counts) = try records.adaptiveExposure(blueprintID: blueprint.id, before: attempt.startedAt)
                exposure.exams = exams; exposure.exposure = counts
            }
            let recomputed = exposure.excluded(items: record.plan.items, lineCounts: record.plan.lineCounts).excluded
            if recomputed != (record.plan.excluded ?? []) {
                problems.append("the attempt held back \((record.plan.excluded ?? []).count) items under the exposure limits, the records as of its start give \(recomputed.count) (\(Set(recomputed).symmetricDifference(record.plan.excluded ?? []).sorted().prefix(5).joined(separator: ", ")) differ)")
            }
        }
        var note: String?
        if let now = bank.calibration {
            let changed = record.plan.items.filter { now.difficulties[$0.id] ?? 0 != $0.difficulty }.count
            if changed > 0 {
                note = "the current calibration (\(now.file), \(now.date)) gives \(changed) of the \(record.plan.items.count) items another difficulty than the attempt used (\(record.calibrationFile), \(record.calibrationDate)); the attempt is replayed with the difficulties stored with it"
            }
        }
        return AdaptiveAudit(steps: steps.count, outcome: outcome, problems: problems, calibrationNote: note)
    }
}
