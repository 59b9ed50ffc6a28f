import Foundation
import Testing
import Handbook
import Quiz
@testable import Records
import CasebookTestSupport

/// A campaign's update quiz: a generated blueprint drawn only from the campaign's pool, started
/// only by the learners it was assigned to, and passing it completes their task.
@Suite struct UpdateQuizTests {
    /// The lifecycle fixture (cases c1...c6, learners amina and budi) with campaign 1 assigning
    /// a 2-question update quiz on c2, c3, c5 to amina only.
    static func setUp() throws -> (AttemptLifecycleTests.Fixture, Campaign) {
        let f = try AttemptLifecycleTests.Fixture()
        let c = try f.records.createCampaign(Campaign(sopID: "ip", version: "3.2", previousVersion: "3.1", due: "2099-12-15", quizSize: 2,
                                                      sections: ["ip-01"], itemPool: ["c2", "c3", "c5"]), learners: ["amina"])
        return (f, c)
    }

    @Test func blueprintIDsNameTheirCampaign() {
        #expect(Campaign.id(ofBlueprint: "campaign-7") == 7)
        for id in ["campaign-", "campaign-x", "campaign-07", "campaign--7", "campaign-7a", "exam", "campaign-99999999999999999999"] {
            #expect(Campaign.id(ofBlueprint: id) == nil, "\(id)")
        }
    }

    @Test func theUpdateQuizIsAGeneratedBlueprintOverThePool() throws {
        let (f, c) = try Self.setUp()
        let b = try #require(try f.lifecycle.blueprint(c.blueprintID))
        #expect(b.id == "campaign-1" && b.questions == 2 && b.mode == .exam && b.items == ["c2", "c3", "c5"])
        #expect(b.passMark == 70 && b.attempts == 0, "the defaults of any blueprint")
        #expect(b.title == "Update quiz: Counterfeit, version 3.2")
        #expect(b.description == "Questions on the sections changed since version 3.1: IP-01 Counterfeit goods.")
        #expect(try f.lifecycle.blueprint("campaign-2") == nil)
        #expect(try f.lifecycle.blueprint("exam")?.id == "exam", "bank blueprints resolve as before")
        var drawn = Set<String>()
        for seed in 1...15 {
            let s = try f.lifecycle.start(learnerID: "amina", blueprintID: "campaign-1", seed: UInt64(seed))
            #expect(s.items.count == 2)
            #expect(Set(s.items.map(\.itemID)).isSubset(of: ["c2", "c3", "c5"]))
            drawn.formUnion(s.items.map(\.itemID))
            // attempts verify: the stored attempt is re-created from the campaign.
            let stored = try #require(try f.records.attempt(s.attempt.id))
            let redrawn = try #require(try f.lifecycle.redraw(stored))
            #expect(redrawn.items == (try JSONDecoder().decode([QuizItem].self, from: Data(stored.itemsJSON.utf8))))
        }
        #expect(drawn == ["c2", "c3", "c5"])
    }

    @Test func onlyAssignedLearnersMayStartIt() throws {
        let (f, _) = try Self.setUp()
        #expect { try f.lifecycle.start(learnerID: "budi", blueprintID: "campaign-1") } throws: { error in
            guard case .notFound(let message) = error as? RecordsError else { return false }
            return message.text.contains("the update quiz 'campaign-1' is not assigned to 'budi'") && message.key == "error.records.update_not_assigned"
        }
        #expect { try f.lifecycle.start(learnerID: "amina", blueprintID: "campaign-2") } throws: {
            if case .notFound = $0 as? RecordsError { return true } else { return false }
        }
        #expect(try f.records.attempts(learnerID: "budi").isEmpty, "nothing written")
    }

    @Test func passingCompletesTheLearnersPassTaskAndFailingDoesNot() throws {
        let (f, c) = try Self.setUp()
        let failed = try f.lifecycle.start(learnerID: "amina", blueprintID: "campaign-1", seed: 1)
        for (i, item) in failed.items.enumerated() {
            let wrong = item.options.indices.first { !item.correct.contains($0) } ?? 0
            _ = try f.lifecycle.answer(failed.attempt, items: failed.items, position: i, chosen: [wrong])
        }
        let result = try f.lifecycle.finish(failed.attempt, items: failed.items)
        #expect(result.passMark == 70 && result.attempt.passed == false)
        #expect(try f.records.openTasks(learnerID: "amina").map(\.target).contains(.passBlueprint("campaign-1")))

        let passed = try f.lifecycle.start(learnerID: "amina", blueprintID: "campaign-1", seed: 2)
        for (i, item) in passed.items.enumerated() {
            _ = try f.lifecycle.answer(passed.attempt, items: passed.items, position: i, chosen: item.multiple ? item.correct.sorted() : [item.correct.min() ?? 0])
        }
        #expect(try f.lifecycle.finish(passed.attempt, items: passed.items).attempt.passed == true)
        let task = try #require(try f.records.tasks(learnerID: "amina").first { $0.target == .passBlueprint("campaign-1") })
        #expect(task.completedAt != nil && task.evidence == "attempt:\(passed.attempt.id)")
        try f.records.acknowledge(learnerID: "amina", sopID: "ip", version: "3.2")
        #expect(try f.records.campaignProgress(c, today: "2099-12-16").map { [$0.acknowledged, $0.passed, $0.overdue] } == [[true, true, false]])
    }
}
