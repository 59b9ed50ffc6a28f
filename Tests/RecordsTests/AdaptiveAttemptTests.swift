import Foundation
import Testing
import Handbook
import Learning
import Quiz
@testable import Records
import CasebookTestSupport
import Randomness

/// Adaptive exams through the attempt lifecycle the CLI and the server share: start with the
/// bank's calibration, one question at a time, every step stored, `attempts verify`'s replay,
/// tampering found; and the simulation of the wired plan against the fixed-length exam.
@Suite struct AdaptiveAttemptTests {
    static let sop = AttemptLifecycleTests.sop
    static let lines = 4

    static func caseFile(_ i: Int) -> String {
        """
        ---
        id: \(itemName(i))
        type: listing
        source: QA sample
        sampled: 2026-09-30
        market: ID
        decision: \(i % 2 == 0 ? "remove" : "approve")
        codes: \(i % 2 == 0 ? "[IP-01]" : "[]")
        sop: ip#ip-01
        difficulty: 1
        tags: [line\(i % lines)]
        reviewed: 2026-10-01
        ---
        # Bag \(i)

        ## Listing
        Text \(i)

        ## Rationale
        Because \(i).
        """
    }

    static func itemName(_ i: Int) -> String { String(format: "c%04d", i) }

    static func blueprint(_ id: String, questions: Int, perLine: Int, targetSE: Double, passMark: Int = 70) -> String {
        var text = "id: \(id)\ntitle: Adaptive\nquestions: \(questions)\nmode: exam\npass_mark: \(passMark)\nkinds: [decision]\nadaptive: true\ntarget_se: \(targetSE)\nmix:\n"
        for l in 0..<lines { text += "  - name: line \(l)\n    tags: [line\(l)]\n    count: \(perLine)\n" }
        return text
    }

    /// A bank of `items` cases in four tagged mix lines, an adaptive exam blueprint, and a
    /// calibration file with `difficulties` (item index -> logits; nil: no file).
    struct Fixture {
        let tree: TempTree
        let records: Records
        let lifecycle: AttemptLifecycle

        init(items: Int = 24, difficulties: [Int: Double]?, questions: Int = 12, targetSE: Double = 0.45,
             extraFiles: [String: String] = [:], engine: TestEngine = .sqlite) throws {
            var files = ["Content/ip.md": AdaptiveAttemptTests.sop,
                         "Quizzes/blueprints/adaptive.yml": AdaptiveAttemptTests.blueprint("adaptive", questions: questions, perLine: questions / 4, targetSE: targetSE),
                         "Quizzes/blueprints/fixed.yml": AdaptiveAttemptTests.blueprint("fixed", questions: questions, perLine: questions / 4, targetSE: 0.3)
                            .replacingOccurrences(of: "adaptive: true\ntarget_se: 0.3\n", with: "")]
            for i in 0..<items { files["Quizzes/cases/\(AdaptiveAttemptTests.itemName(i)).md"] = AdaptiveAttemptTests.caseFile(i) }
            if let difficulties {
                var text = "date: 2026-11-30\nitems:\n"
                for (i, d) in difficulties.sorted(by: { $0.key < $1.key }) {
                    text += "  \(AdaptiveAttemptTests.itemName(i)): {difficulty: \(String(format: "%.4f", d)), answers: 50, correct: 25, status: estimated}\n"
                }
                files["Quizzes/calibration.yml"] = text
            }
            files.merge(extraFiles) { $1 }
            tree = try TempTree(files)
            let handbook = try Handbook.load(content: tree.path("Content"))
            let bank = try QuizBank.load(quizzes: tree.path("Quizzes"), handbook: handbook)
            #expect(bank.diagnostics.filter { $0.severity == .error }.isEmpty, "\(bank.diagnostics)")
            records = try Records(path: tree.database("data/cb.db", on: engine))
            for id in ["amina", "budi"] { try records.addLearner(Learner(id: id, name: id)) }
            lifecycle = AttemptLifecycle(records: records, bank: bank, handbook: handbook)
        }

        func stored(_ id: Int64) throws -> AttemptRecord { try #require(try records.attempt(id)) }
        func storedItems(_ id: Int64) throws -> [QuizItem] {
            try JSONDecoder().decode([QuizItem].self, from: Data(try stored(id).itemsJSON.utf8))
        }
    }

    /// Difficulties a calibration file writes exactly (four decimals).
    static let spread = Dictionary(uniqueKeysWithValues: (0..<24).map { ($0, Double($0 % 12) / 4 - 1.5) })

    /// Answers the pending question right when `right` says so, until the exam ends.
    @discardableResult
    static func take(_ f: Fixture, _ s: AttemptLifecycle.Started, right: (QuizItem) -> Bool) throws -> [Int] {
        var asked: [Int] = []
        while let position = try f.lifecycle.nextPosition(s.attempt, items: s.items) {
            let item = s.items[position]
            let key = try #require(item.correct.first)
            _ = try f.lifecycle.answer(s.attempt, items: s.items, position: position, chosen: [right(item) ? key : (key + 1) % item.options.count])
            asked.append(position)
            #expect(asked.count <= 12)
        }
        return asked
    }

    @Test(arguments: TestEngine.allCases) func oneQuestionAtATimeEveryStepStoredAndReplayed(engine: TestEngine) throws {
        let f = try Fixture(difficulties: Self.spread, engine: engine)
        let s = try f.lifecycle.start(learnerID: "amina", blueprintID: "adaptive", seed: 11)
        let plan = try #require(s.adaptive)
        #expect(s.items.count == 24, "the pool: every item, one question each")
        #expect(plan.calibrationDate == "2026-11-30" && plan.calibrationFile == "Quizzes/calibration.yml")
        #expect(plan.plan.items.map(\.difficulty) == (0..<24).map { Self.spread[$0] ?? .nan })
        #expect(abs(plan.plan.passTheta - abilityForPassMark(0.7, difficulties: (0..<24).map { Self.spread[$0] ?? 0 })) < 1e-12)
        let first = try #require(try f.lifecycle.nextPosition(s.attempt, items: s.items))
        #expect(try f.lifecycle.nextPosition(s.attempt, items: s.items) == first, "the same question until answered")
        let other = (first + 1) % s.items.count
        #expect { try f.lifecycle.answer(s.attempt, items: s.items, position: other, chosen: [0]) } throws: {
            guard case .invalidAnswer(let m) = $0 as? RecordsError else { return false }
            return m.key == "error.records.adaptive_position" && m.text.contains("is not the question this adaptive exam asks now")
        }
        var k = 0
        let asked = try Self.take(f, s) { _ in k += 1; return k % 3 != 0 }
        #expect(asked.first == first && Set(asked).count == asked.count)
        let steps = try f.records.adaptiveSteps(attemptID: s.attempt.id)
        #expect(steps.map(\.position) == asked)
        #expect(steps.map(\.step) == Array(0..<asked.count))
        #expect(steps.map(\.value.correct) == (1...asked.count).map { $0 % 3 != 0 })
        // Each step's ability is the EAP of the answers so far.
        for (n, step) in steps.enumerated() {
            let answers = steps.prefix(n + 1).map { (difficulty: Self.spread[Int($0.value.item.dropFirst()) ?? 0] ?? 0, correct: $0.value.correct) }
            #expect(abs(estimateAbility(answers).theta - step.value.theta) < 1e-12)
        }
        let finished = try f.lifecycle.finish(s.attempt, items: s.items)
        let outcome = try #require(finished.adaptive)
        #expect(outcome.questions == asked.count)
        #expect(outcome.stop != nil)
        #expect(outcome.passed == (outcome.theta >= plan.plan.passTheta))
        #expect(finished.attempt.passed == outcome.passed && finished.result.passed == outcome.passed)
        #expect(finished.result.possible == asked.count, "the percent is of the questions asked")
        #expect(finished.review.map(\.position) == asked)
        // attempts verify: the pool re-drawn, every step replayed.
        let stored = try f.stored(s.attempt.id)
        #expect(try f.lifecycle.redraw(stored)?.items == (try f.storedItems(s.attempt.id)))
        let audit = try #require(try f.lifecycle.auditAdaptive(stored, items: s.items))
        #expect(audit.problems.isEmpty, "\(audit.problems)")
        #expect(audit.steps == asked.count && audit.outcome == outcome)
        #expect(audit.calibrationNote == nil)
        // A fixed attempt is not adaptive.
        let fixed = try f.lifecycle.start(learnerID: "budi", blueprintID: "fixed", seed: 2)
        #expect(fixed.adaptive == nil && fixed.items.count == 12)
        #expect(try f.lifecycle.auditAdaptive(try f.stored(fixed.attempt.id), items: fixed.items) == nil)
    }

    @Test(arguments: TestEngine.allCases) func tamperingWithAnswersStepsOrTheResultIsFound(engine: TestEngine) throws {
        let f = try Fixture(difficulties: Self.spread, engine: engine)
        let s = try f.lifecycle.start(learnerID: "amina", blueprintID: "adaptive", seed: 5)
        var k = 0
        let asked = try Self.take(f, s) { _ in k += 1; return k % 2 == 0 }
        _ = try f.lifecycle.finish(s.attempt, items: s.items)
        func problems() throws -> [String] { try #require(try f.lifecycle.auditAdaptive(try f.stored(s.attempt.id), items: s.items)).problems }
        #expect(try problems().isEmpty)
        let id = SQLValue.integer(s.attempt.id)
        // An answer made right after the fact.
        try f.records.db.query("UPDATE responses SET score = 1 - score WHERE attempt_id = ? AND position = ?", [id, .integer(Int64(asked[2]))])
        #expect(try problems().contains { $0.hasPrefix("step 3: the stored answer") })
        try f.records.db.query("UPDATE responses SET score = 1 - score WHERE attempt_id = ? AND position = ?", [id, .integer(Int64(asked[2]))])
        #expect(try problems().isEmpty)
        // A step's answer and ability rewritten together: the next item chosen no longer follows.
        try f.records.db.query("UPDATE adaptive_steps SET theta = theta + 0.5 WHERE attempt_id = ? AND step = 1", [id])
        #expect(try problems().contains { $0.hasPrefix("step 2: replaying gives ability") })
        try f.records.db.query("UPDATE adaptive_steps SET theta = theta - 0.5 WHERE attempt_id = ? AND step = 1", [id])
        // The pass flipped.
        try f.records.db.query("UPDATE attempts SET passed = 1 - passed WHERE id = ?", [id])
        #expect(try problems().contains { $0.contains("the replay") })
        try f.records.db.query("UPDATE attempts SET passed = 1 - passed WHERE id = ?", [id])
        // A step dropped.
        try f.records.db.query("DELETE FROM adaptive_steps WHERE attempt_id = ? AND step = ?", [id, .integer(Int64(asked.count - 1))])
        #expect(try problems().contains { $0.contains("which no step asked") })
    }

    @Test func withoutACalibrationTheStartNamesTheBlueprintFile() throws {
        let f = try Fixture(difficulties: nil)
        #expect { try f.lifecycle.start(learnerID: "amina", blueprintID: "adaptive", seed: 1) } throws: {
            guard case .cannotDraw(let m) = $0 as? RecordsError else { return false }
            return m.text.hasPrefix("Quizzes/blueprints/adaptive.yml: blueprint 'adaptive' is adaptive") && m.text.contains("casebook items calibrate")
                && m.values["file"] == "blueprints/adaptive.yml"
        }
        #expect(try f.records.attempts().isEmpty, "nothing is stored")
    }

    @Test func itemsNotCalibratedCountAsAverage() throws {
        var some = Self.spread
        for i in 0..<6 { some[i] = nil }
        let f = try Fixture(difficulties: some)
        let s = try f.lifecycle.start(learnerID: "amina", blueprintID: "adaptive", seed: 3)
        let plan = try #require(s.adaptive)
        #expect(plan.uncalibrated == (0..<6).map(Self.itemName))
        #expect(plan.plan.items.prefix(6).allSatisfy { $0.difficulty == 0 })
        #expect(s.notes.contains("6 of the 24 items have no calibrated difficulty yet and count as average (0 logits)"))
    }

    @Test func aRecalibrationSinceIsNotedAndTheStoredDifficultiesReplay() throws {
        let f = try Fixture(difficulties: Self.spread)
        let s = try f.lifecycle.start(learnerID: "amina", blueprintID: "adaptive", seed: 9)
        try Self.take(f, s) { _ in true }
        _ = try f.lifecycle.finish(s.attempt, items: s.items)
        var moved = f.lifecycle.bank
        let shifted = (moved.calibration?.difficulties ?? [:]).mapValues { $0 + 0.25 }
        moved.calibration?.difficulties = shifted
        let later = AttemptLifecycle(records: f.records, bank: moved, handbook: f.lifecycle.handbook)
        let audit = try #require(try later.auditAdaptive(try f.stored(s.attempt.id), items: s.items))
        #expect(audit.problems.isEmpty)
        #expect(audit.calibrationNote?.contains("gives 24 of the 24 items another difficulty") == true)
    }

    // MARK: - Exposure limits

    static func limited(_ id: String, _ settings: String, questions: Int = 12) -> String {
        blueprint(id, questions: questions, perLine: questions / 4, targetSE: 0.3).replacingOccurrences(of: "mix:\n", with: settings + "mix:\n")
    }

    /// The items an attempt asked, by id.
    static func askedIDs(_ f: Fixture, _ s: AttemptLifecycle.Started) throws -> Set<String> {
        Set(try f.records.adaptiveSteps(attemptID: s.attempt.id).map(\.value.item))
    }

    /// A retake (`attempts: 2`) does not ask what the learner's first attempt asked while each
    /// mix line has enough other items; the plan stores what it held back, and `attempts
    /// verify` recomputes it from the records as of the start.
    @Test func aRetakeAsksOtherQuestions() throws {
        let f = try Fixture(difficulties: Self.spread, extraFiles: ["Quizzes/blueprints/retake.yml": Self.limited("retake", "attempts: 2\n")])
        let first = try f.lifecycle.start(learnerID: "amina", blueprintID: "retake", seed: 1)
        #expect(first.adaptive?.plan.excluded == nil, "a first attempt holds nothing back")
        try Self.take(f, first) { _ in true }
        _ = try f.lifecycle.finish(first.attempt, items: first.items)
        let asked = try Self.askedIDs(f, first)
        #expect(asked.count == 12, "three of each line's six items")
        let retake = try f.lifecycle.start(learnerID: "amina", blueprintID: "retake", seed: 1, now: Date().addingTimeInterval(1))
        #expect(retake.adaptive?.plan.excluded == asked.sorted())
        #expect(retake.adaptive?.readmitted == nil && !retake.notes.contains { $0.contains("may be asked again") })
        try Self.take(f, retake) { _ in true }
        _ = try f.lifecycle.finish(retake.attempt, items: retake.items)
        #expect(try Self.askedIDs(f, retake).isDisjoint(with: asked))
        // Another learner's first attempt is not limited by amina's.
        let other = try f.lifecycle.start(learnerID: "budi", blueprintID: "retake", seed: 1, now: Date().addingTimeInterval(2))
        #expect(other.adaptive?.plan.excluded == nil)
        // attempts verify recomputes the held-back items; a stored plan that differs is reported.
        let stored = try f.stored(retake.attempt.id)
        #expect(try #require(try f.lifecycle.auditAdaptive(stored, items: retake.items)).problems.isEmpty)
        var record = try #require(retake.adaptive)
        record.plan.excluded = Array(asked.sorted().dropFirst())
        let json = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        try f.records.db.query("UPDATE adaptive_plans SET plan = ? WHERE attempt_id = ?", [.text(json), .integer(retake.attempt.id)])
        let problems = try #require(try f.lifecycle.auditAdaptive(stored, items: retake.items)).problems
        #expect(problems.contains { $0.hasPrefix("the attempt held back 11 items under the exposure limits, the records as of its start give 12") }, "\(problems)")
    }

    /// With too few items left in a mix line, the least-limited are readmitted and the learner is told.
    @Test func aLineShortOfItemsReadmitsTheLeastLimited() throws {
        // 16 items: four per line, three asked per line, so a retake has one fresh item a line.
        let f = try Fixture(items: 16, difficulties: Self.spread.filter { $0.key < 16 },
                            extraFiles: ["Quizzes/blueprints/retake.yml": Self.limited("retake", "attempts: 2\n")])
        let first = try f.lifecycle.start(learnerID: "amina", blueprintID: "retake", seed: 4)
        try Self.take(f, first) { _ in false }
        _ = try f.lifecycle.finish(first.attempt, items: first.items)
        let asked = try Self.askedIDs(f, first)
        let retake = try f.lifecycle.start(learnerID: "amina", blueprintID: "retake", seed: 4, now: Date().addingTimeInterval(1))
        let plan = try #require(retake.adaptive)
        let held = plan.plan.excluded ?? []
        #expect(Set(held).isSubset(of: asked))
        #expect(held.count + (plan.readmitted ?? 0) == asked.count)
        #expect((plan.readmitted ?? 0) > 0)
        #expect(retake.notes.contains("\(plan.readmitted ?? 0) questions you saw recently, or that were asked often, may be asked again: the bank has too few others for the mix"))
        // Each line still has its three questions to ask.
        for line in 0..<Self.lines {
            #expect(plan.plan.items.filter { $0.line == line && !held.contains($0.id) }.count >= 3)
        }
    }

    /// `no_repeat_days`: what the learner answered within the window (in any quiz) is not asked.
    @Test func itemsSeenWithinNoRepeatDaysAreNotAsked() throws {
        let f = try Fixture(difficulties: Self.spread, extraFiles: ["Quizzes/blueprints/fresh.yml": Self.limited("fresh", "no_repeat_days: 7\n")])
        let fixed = try f.lifecycle.start(learnerID: "amina", blueprintID: "fixed", seed: 3)
        for (k, item) in fixed.items.enumerated() { _ = try f.lifecycle.answer(fixed.attempt, items: fixed.items, position: k, chosen: [item.correct.first ?? 0]) }
        _ = try f.lifecycle.finish(fixed.attempt, items: fixed.items)
        let seen = Set(fixed.items.map(\.itemID))
        let s = try f.lifecycle.start(learnerID: "amina", blueprintID: "fresh", seed: 3, now: Date().addingTimeInterval(1))
        #expect(s.adaptive?.plan.excluded == seen.sorted())
        try Self.take(f, s) { _ in true }
        _ = try f.lifecycle.finish(s.attempt, items: s.items)
        let asked = try Self.askedIDs(f, s)
        #expect(asked.isDisjoint(with: seen))
        // Past the window they may be asked again (what the first attempt at the blueprint
        // asked is still held back from the retake); without no_repeat_days they always may.
        let later = try f.lifecycle.start(learnerID: "amina", blueprintID: "fresh", seed: 3, now: Date().addingTimeInterval(8 * 86_400))
        #expect(later.adaptive?.plan.excluded == asked.sorted())
        let plain = try f.lifecycle.start(learnerID: "amina", blueprintID: "adaptive", seed: 3, now: Date().addingTimeInterval(2))
        #expect(plain.adaptive?.plan.excluded == nil)
    }

    /// `max_exposure`: once the blueprint has 20 finished exams, an item asked in more than
    /// that share of them is not asked, whoever takes the exam.
    @Test func maxExposureCapsHowOftenAnItemIsAsked() throws {
        let f = try Fixture(difficulties: Self.spread, extraFiles: ["Quizzes/blueprints/capped.yml": Self.limited("capped", "max_exposure: 0.5\n", questions: 8)])
        for n in 0..<AdaptiveExposure.defaultMinExams {
            try f.records.addLearner(Learner(id: "l\(n)", name: "l\(n)"))
            let s = try f.lifecycle.start(learnerID: "l\(n)", blueprintID: "capped", seed: UInt64(n + 1))
            #expect(s.adaptive?.plan.excluded == nil, "no cap before 20 exams")
            try Self.take(f, s) { _ in true }
            _ = try f.lifecycle.finish(s.attempt, items: s.items)
        }
        let at = Date().addingTimeInterval(1)
        var counts: [String: Int] = [:]
        for row in try f.records.db.query("SELECT item_id, COUNT(*) FROM adaptive_steps GROUP BY item_id") { counts[row[0].string ?? ""] = Int(row[1].int ?? 0) }
        let over = counts.filter { $0.value * 2 > AdaptiveExposure.defaultMinExams }.keys.sorted()
        #expect(!over.isEmpty, "all-right answers ask the hardest items again and again: \(counts)")
        let s = try f.lifecycle.start(learnerID: "amina", blueprintID: "capped", seed: 99, now: at)
        #expect(s.adaptive?.plan.excluded == over)
        #expect(s.adaptive?.limits?.exams == AdaptiveExposure.defaultMinExams && s.adaptive?.limits?.maxExposure == 0.5)
        try Self.take(f, s) { _ in true }
        #expect(try Self.askedIDs(f, s).isDisjoint(with: over))
        #expect(try #require(try f.lifecycle.auditAdaptive(try f.stored(s.attempt.id), items: s.items)).problems.isEmpty)
    }

    // MARK: - Simulation of the wired exam

    /// The issue's bar, on the plan `start` builds (pool from the bank, difficulties from the
    /// bank's calibration file, mix lines, pass mark converted to the ability scale, target SE)
    /// and the same exam state machine the lifecycle replays: over 1,000 simulated learners the
    /// adaptive exam classifies pass/fail against the true ability at least as accurately as
    /// the fixed 40-question form (within one percentage point), with at least 30% fewer questions.
    @Test func adaptiveMatchesTheFixedFormWithFewerQuestions() throws {
        let perLine = 60, items = Self.lines * perLine, fixedLength = 40
        // Planted difficulties, and a calibration estimated from simulated first answers.
        var rng = SeededRandom(seed: 2_024)
        let planted = (0..<items).map { _ in rng.normal() * 1.2 }
        var answers: [ScoredAnswer] = []
        for l in 0..<600 {
            let theta = rng.normal()
            for i in Array(0..<items).shuffled(using: &rng).prefix(60) {
                answers.append(ScoredAnswer(learner: "l\(l)", item: Self.itemName(i), correct: rng.bernoulli(raschProbability(ability: theta, difficulty: planted[i]))))
            }
        }
        let estimated = calibrateRasch(answers).difficulties
        let difficulties = Dictionary(uniqueKeysWithValues: (0..<items).compactMap { i in estimated[Self.itemName(i)].map { (i, $0) } })
        let f = try Fixture(items: items, difficulties: difficulties, questions: fixedLength, targetSE: 0.4)
        let blueprint = try #require(f.lifecycle.bank.blueprint("adaptive"))
        let fixedBlueprint = try #require(f.lifecycle.bank.blueprint("fixed"))
        let trueCut = abilityForPassMark(0.7, difficulties: planted)
        let index = Dictionary(uniqueKeysWithValues: (0..<items).map { (Self.itemName($0), $0) })
        let drawer = QuizDrawer(bank: f.lifecycle.bank, handbook: f.lifecycle.handbook)
        var fixedRight = 0, adaptiveRight = 0, adaptiveQuestions = 0
        let exams = 1_000
        for e in 0..<exams {
            let theta = rng.normal()
            let truth = theta >= trueCut
            // The fixed form, drawn as a fixed blueprint is: ten per line, pass at 70% right.
            let form = try drawer.draw(fixedBlueprint, seed: UInt64(e + 1), today: "2026-12-01", history: [:])
            let right = form.items.filter { rng.bernoulli(raschProbability(ability: theta, difficulty: planted[index[$0.itemID] ?? 0])) }.count
            if (Double(right) / Double(form.items.count) >= 0.7) == truth { fixedRight += 1 }
            // The adaptive exam with the plan an attempt would store.
            let (_, record) = try f.lifecycle.adaptiveStart(blueprint, learnerID: "amina", seed: UInt64(e + 1), startedAt: "2026-12-01T09:00:00.000Z")
            var exam = AdaptiveExam(plan: record.plan)
            while let item = exam.nextItem() {
                try exam.answer(correct: rng.bernoulli(raschProbability(ability: theta, difficulty: planted[index[item.id] ?? 0])))
            }
            let result = try #require(exam.result)
            if result.passed == truth { adaptiveRight += 1 }
            adaptiveQuestions += result.questions
        }
        let fixedAccuracy = Double(fixedRight) / Double(exams), adaptiveAccuracy = Double(adaptiveRight) / Double(exams)
        let meanLength = Double(adaptiveQuestions) / Double(exams)
        let saving = 1 - meanLength / Double(fixedLength)
        print(String(format: "wired plan, %d exams: fixed %d questions accuracy %.3f; adaptive (target SE 0.4) accuracy %.3f, mean %.1f questions (%.0f%% fewer)",
                     exams, fixedLength, fixedAccuracy, adaptiveAccuracy, meanLength, saving * 100))
        #expect(adaptiveAccuracy >= fixedAccuracy - 0.01)
        #expect(saving >= 0.30)
    }
}

