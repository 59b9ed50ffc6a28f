import Foundation
import Testing
import Handbook
import Quiz
import Learning
@testable import Records
import CasebookTestSupport

/// `mode: review` blueprints through the shared attempt lifecycle: only items already
/// answered and now below the target recall, a typed error instead of an empty quiz, and a
/// draw that `attempts verify` re-creates from the history before the start.
@Suite struct ReviewDrawTests {
    struct Fixture {
        let tree: TempTree
        let records: Records
        let lifecycle: AttemptLifecycle

        init(_ engine: TestEngine = .sqlite) throws {
            var files = ["Content/ip.md": AttemptLifecycleTests.sop,
                         "Quizzes/blueprints/practice.yml": "id: practice\ntitle: Practice\nquestions: 3\nmode: practice\nkinds: [decision]\n",
                         "Quizzes/blueprints/review.yml": "id: review\ntitle: Review\nquestions: 5\nmode: review\ntarget_recall: 0.85\nkinds: [decision]\n"]
            for i in 1...6 { files["Quizzes/cases/c\(i).md"] = AttemptLifecycleTests.caseFile(i) }
            tree = try TempTree(files)
            let handbook = try Handbook.load(content: tree.path("Content"))
            let bank = try QuizBank.load(quizzes: tree.path("Quizzes"), handbook: handbook)
            #expect(bank.diagnostics.isEmpty, "\(bank.diagnostics)")
            records = try Records(path: tree.database("data/cb.db", on: engine))
            for id in ["amina", "budi"] { try records.addLearner(Learner(id: id, name: id)) }
            lifecycle = AttemptLifecycle(records: records, bank: bank, handbook: handbook)
        }

        /// A practice attempt started and answered (right or wrong per position) at `time`.
        func practice(_ learner: String, at time: Date, seed: UInt64, right: [Bool]) throws -> [String] {
            let s = try lifecycle.start(learnerID: learner, blueprintID: "practice", seed: seed, now: time)
            for (position, item) in s.items.enumerated() {
                let choice = right[position % right.count] ? item.correct.min()! : item.options.indices.first { !item.correct.contains($0) }!
                var response = try lifecycle.response(s.attempt, items: s.items, position: position, chosen: [choice])
                response.answeredAt = Timestamp.iso(time.addingTimeInterval(Double(position + 1)), milliseconds: true)
                _ = try records.recordResponse(response)
            }
            _ = try lifecycle.finish(s.attempt, items: s.items)
            return s.items.map(\.itemID)
        }
    }

    static let day = 86_400.0
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    @Test(arguments: TestEngine.allCases) func noHistoryIsATypedErrorNotAnEmptyQuiz(engine: TestEngine) throws {
        let f = try Fixture(engine)
        #expect { try f.lifecycle.start(learnerID: "amina", blueprintID: "review", seed: 1, now: Self.t0) } throws: {
            guard case .nothingToReview(let message) = $0 as? RecordsError else { return false }
            return message.text.contains("amina has not answered any of the questions 'Review' reviews yet")
                && message.values == ["learner": "amina", "title": "Review"]
        }
        // Another learner's history does not count as this learner's.
        _ = try f.practice("budi", at: Self.t0, seed: 3, right: [true])
        #expect(throws: RecordsError.self) { try f.lifecycle.start(learnerID: "amina", blueprintID: "review", seed: 1, now: Self.t0.addingTimeInterval(30 * Self.day)) }
        #expect(try f.records.attempts(learnerID: "amina").isEmpty, "no attempt is stored")
    }

    @Test(arguments: TestEngine.allCases) func drawsOnlySeenItemsOnceForgottenAndVerifyRecreatesIt(engine: TestEngine) throws {
        let f = try Fixture(engine)
        let seen = try f.practice("amina", at: Self.t0, seed: 5, right: [true, false, true])
        // An hour later everything is still remembered: nothing due, with the next due date.
        #expect { try f.lifecycle.start(learnerID: "amina", blueprintID: "review", seed: 1, now: Self.t0.addingTimeInterval(3_600)) } throws: {
            guard case .nothingToReview(let message) = $0 as? RecordsError else { return false }
            return message.text.contains("nothing is due for review for amina") && message.text.contains("the next falls due on")
        }
        // Sixty days later all three are below 85%: the review draws them and only them
        // (the blueprint asks for 5; the other 3 cases were never answered).
        let review = try f.lifecycle.start(learnerID: "amina", blueprintID: "review", seed: 9, now: Self.t0.addingTimeInterval(60 * Self.day))
        #expect(Set(review.items.map(\.itemID)) == Set(seen))
        #expect(review.items.count == 3)
        #expect(review.attempt.mode == "review")
        // The wrong answer is the most forgotten: it comes first.
        #expect(review.items.first?.itemID == seen[1])
        // Answers given after the start do not change the re-created draw.
        _ = try f.practice("amina", at: Self.t0.addingTimeInterval(61 * Self.day), seed: 6, right: [true])
        let stored = try #require(try f.records.attempt(review.attempt.id))
        let items = try JSONDecoder().decode([QuizItem].self, from: Data(stored.itemsJSON.utf8))
        let redrawn = try #require(try f.lifecycle.redraw(stored))
        #expect(redrawn.items == items)
        #expect(items == review.items)
    }

    @Test(arguments: TestEngine.allCases) func aSecondReviewStartReusesTheFitAndNewAnswersRefit(engine: TestEngine) throws {
        let f = try Fixture(engine)
        let seen = try f.practice("amina", at: Self.t0, seed: 5, right: [true, false, true])
        _ = try f.practice("budi", at: Self.t0, seed: 7, right: [false])
        #expect(f.records.fitCache.fitsComputed == 0)
        let first = try f.lifecycle.start(learnerID: "amina", blueprintID: "review", seed: 9, now: Self.t0.addingTimeInterval(60 * Self.day))
        #expect(f.records.fitCache.fitsComputed == 1)
        // Another start with no answer added since: the fit is reused, and the draw is the one
        // the whole history gives (this learner's memory with the organisation's fit).
        let second = try f.lifecycle.start(learnerID: "amina", blueprintID: "review", seed: 9, now: Self.t0.addingTimeInterval(61 * Self.day))
        #expect(f.records.fitCache.fitsComputed == 1)
        #expect(Set(second.items.map(\.itemID)) == Set(seen) && second.items.map(\.itemID) == first.items.map(\.itemID))
        let before = Timestamp.iso(Self.t0.addingTimeInterval(61 * Self.day), milliseconds: true)
        let whole = try LearnerMemory(records: f.records, before: before)
        let alone = LearnerMemory(try f.records.itemAnswers(learnerID: "amina", before: before), fit: try f.records.memoryFit(before: before))
        #expect(whole.states.memories(of: "amina") == alone.states.memories(of: "amina"))
        #expect(whole.fit == alone.fit)
        // An answer past the key (after the last answer the fit saw): the next start refits.
        _ = try f.practice("budi", at: Self.t0.addingTimeInterval(62 * Self.day), seed: 8, right: [true])
        _ = try f.lifecycle.start(learnerID: "amina", blueprintID: "review", seed: 9, now: Self.t0.addingTimeInterval(63 * Self.day))
        #expect(f.records.fitCache.fitsComputed == 2)
        // A start before that answer sees the history without it again: a refit, same result as the first.
        let stored = try #require(try f.records.attempt(first.attempt.id))
        let redrawn = try #require(try f.lifecycle.redraw(stored))
        #expect(redrawn.items == first.items)
        #expect(f.records.fitCache.fitsComputed == 3)
    }
}
