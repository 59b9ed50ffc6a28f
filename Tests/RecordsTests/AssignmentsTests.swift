import Foundation
import Testing
@testable import Records
import CasebookTestSupport

@Suite struct AssignmentsTests {
    func open(_ t: TempTree, _ engine: TestEngine = .sqlite) throws -> Records { try Records(path: t.database("data/casebook.db", on: engine)) }

    func seeded(_ t: TempTree, _ engine: TestEngine = .sqlite) throws -> Records {
        let r = try open(t, engine)
        try r.addLearner(Learner(id: "amina", name: "Amina", team: "id-listings", vendor: "in-house", market: "ID"))
        try r.addLearner(Learner(id: "somchai", name: "Somchai", team: "th-listings", vendor: "acme", market: "TH"))
        return r
    }

    @Test(arguments: TestEngine.allCases) func tasksAreCreatedTogetherAndListedOpenSoonestFirst(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try seeded(t, engine)
        let ids = try r.createTasks([
            NewTask(learnerID: "amina", target: .passBlueprint("onboarding"), due: "2026-12-20", source: "path:onboarding"),
            NewTask(learnerID: "amina", target: .acknowledge(sopID: "counterfeit", version: "3.2"), due: "2026-12-15", source: "campaign:1"),
            NewTask(learnerID: "amina", target: .reviewItems(["c1", "c2"]), due: "2026-12-18", source: "retraining"),
        ])
        #expect(ids.count == 3)
        let open = try r.openTasks(learnerID: "amina")
        #expect(open.map(\.due) == ["2026-12-15", "2026-12-18", "2026-12-20"])
        #expect(open[1].target == .reviewItems(["c1", "c2"]))
        #expect(open.allSatisfy { $0.completedAt == nil && $0.evidence.isEmpty })
        #expect(open[0].isOverdue(today: "2026-12-16"))
        #expect(!open[0].isOverdue(today: "2026-12-15"))
        #expect(try r.openTasks(learnerID: "somchai").isEmpty)
    }

    @Test(arguments: TestEngine.allCases) func aBadTaskWritesNoneOfTheBatch(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try seeded(t, engine)
        #expect(throws: RecordsError.self) {
            try r.createTasks([
                NewTask(learnerID: "amina", target: .passBlueprint("b"), due: "2026-12-20", source: "s"),
                NewTask(learnerID: "amina", target: .passBlueprint("b"), due: "2026-02-30", source: "s"),
            ])
        }
        #expect(try r.tasks().isEmpty)
    }

    @Test(arguments: TestEngine.allCases) func anAcknowledgementCompletesMatchingTasksAndIsNeverEditedOrDeleted(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try seeded(t, engine)
        try r.createTasks([
            NewTask(learnerID: "amina", target: .acknowledge(sopID: "counterfeit", version: "3.2"), due: "2026-12-15", source: "campaign:1"),
            NewTask(learnerID: "amina", target: .acknowledge(sopID: "counterfeit", version: "3.3"), due: "2026-12-15", source: "campaign:2"),
            NewTask(learnerID: "somchai", target: .acknowledge(sopID: "counterfeit", version: "3.2"), due: "2026-12-15", source: "campaign:1"),
        ])
        let ack = try r.acknowledge(learnerID: "amina", sopID: "counterfeit", version: "3.2")
        let again = try r.acknowledge(learnerID: "amina", sopID: "counterfeit", version: "3.2")
        #expect(again == ack)
        #expect(try r.acknowledgements(learnerID: "amina").count == 1)
        let open = try r.openTasks(learnerID: "amina")
        #expect(open.map(\.target) == [.acknowledge(sopID: "counterfeit", version: "3.3")])
        let done = try r.tasks(learnerID: "amina").first { $0.completedAt != nil }
        #expect(done?.evidence == "acknowledgement:\(ack.id)")
        #expect(try r.openTasks(learnerID: "somchai").count == 1)
        #expect(throws: RecordsError.self) { try r.db.execute("UPDATE acknowledgements SET version = '9'") }
        #expect(throws: RecordsError.self) { try r.db.execute("DELETE FROM acknowledgements") }
        #expect(try r.acknowledgements(learnerID: "amina").map(\.version) == ["3.2"])
    }

    /// A campaign for 3.2, then 3.3 published before its due date: the site shows only 3.3,
    /// so 3.2 can no longer be acknowledged. Acknowledging 3.3 completes the 3.2 task too
    /// (3.3 holds what 3.2 asked them to read), not the one for a later 3.10.
    @Test(arguments: TestEngine.allCases) func anAcknowledgementCompletesTasksForEarlierVersionsToo(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try seeded(t, engine)
        try r.createTasks([
            NewTask(learnerID: "amina", target: .acknowledge(sopID: "counterfeit", version: "3.2"), due: "2026-12-15", source: "campaign:1"),
            NewTask(learnerID: "amina", target: .acknowledge(sopID: "counterfeit", version: "3.3"), due: "2026-12-15", source: "campaign:2"),
            NewTask(learnerID: "amina", target: .acknowledge(sopID: "counterfeit", version: "3.10"), due: "2026-12-15", source: "campaign:3"),
            NewTask(learnerID: "amina", target: .acknowledge(sopID: "refunds", version: "1.0"), due: "2026-12-15", source: "campaign:4"),
        ])
        let ack = try r.acknowledge(learnerID: "amina", sopID: "counterfeit", version: "3.3")
        #expect(try r.openTasks(learnerID: "amina").map(\.target) == [.acknowledge(sopID: "counterfeit", version: "3.10"), .acknowledge(sopID: "refunds", version: "1.0")])
        #expect(try r.tasks(learnerID: "amina").filter { $0.completedAt != nil }.map(\.evidence) == ["acknowledgement:\(ack.id)", "acknowledgement:\(ack.id)"])
    }

    @Test(arguments: TestEngine.allCases) func aPassedAttemptCompletesPassTasksForItsBlueprintOnly(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try seeded(t, engine)
        try r.createTasks([NewTask(learnerID: "amina", target: .passBlueprint("campaign-1"), due: "2026-12-15", source: "campaign:1")])
        let failed = try r.startAttempt(learnerID: "amina", blueprintID: "campaign-1", seed: 1, contentVersion: "v", mode: "exam", itemsJSON: "[]")
        try r.finishAttempt(failed, percent: 40, passed: false)
        let other = try r.startAttempt(learnerID: "amina", blueprintID: "onboarding", seed: 1, contentVersion: "v", mode: "exam", itemsJSON: "[]")
        try r.finishAttempt(other, percent: 100, passed: true)
        #expect(try r.openTasks(learnerID: "amina").count == 1)
        let passed = try r.startAttempt(learnerID: "amina", blueprintID: "campaign-1", seed: 2, contentVersion: "v", mode: "exam", itemsJSON: "[]")
        try r.finishAttempt(passed, percent: 90, passed: true)
        #expect(try r.openTasks(learnerID: "amina").isEmpty)
        #expect(try r.tasks(learnerID: "amina").first?.evidence == "attempt:\(passed)")
    }

    @Test(arguments: TestEngine.allCases) func aCampaignAssignsEveryLearnerInOneTransactionAndReportsProgress(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try seeded(t, engine)
        try r.acknowledge(learnerID: "somchai", sopID: "counterfeit", version: "3.2")
        let c = try r.createCampaign(Campaign(sopID: "counterfeit", version: "3.2", previousVersion: "3.1", due: "2026-12-15", markets: ["ID", "TH"],
                                              quizSize: 5, sections: ["replicas"], itemPool: ["c1", "c2"]), learners: ["amina", "somchai"])
        #expect(try r.campaign(c.id) == c)
        #expect(try r.campaigns().map(\.id) == [c.id])
        #expect(try r.tasks(source: c.source).count == 4)
        let progress = try r.campaignProgress(c, today: "2026-12-16")
        #expect(progress.map(\.learner.id) == ["amina", "somchai"])
        #expect(progress.map(\.acknowledged) == [false, true])
        #expect(progress.map(\.passed) == [false, false])
        #expect(progress.map(\.overdue) == [true, true])
        #expect(try r.campaignProgress(c, today: "2026-12-15").map(\.overdue) == [false, false])
        // Nothing is written for a campaign without learners or with a bad date.
        #expect(throws: RecordsError.self) { _ = try r.createCampaign(Campaign(sopID: "x", version: "1", due: "2026-12-15"), learners: []) }
        #expect(throws: RecordsError.self) { _ = try r.createCampaign(Campaign(sopID: "x", version: "1", due: "15/12/2026"), learners: ["amina"]) }
        #expect(try r.campaigns().count == 1)
    }

    @Test func aVersion4DatabaseIsMigratedOnceToTheAssignmentTables() throws {
        let t = try TempTree()
        do {
            let r = try seeded(t)
            // The tables of later versions go too (paths and certificates), as a real version-4 file has none.
            try r.db.execute("""
                DROP VIEW IF EXISTS blocked_path_tasks; DROP TABLE IF EXISTS path_assignments; DROP TABLE IF EXISTS path_tasks;
                DROP TABLE IF EXISTS path_prerequisites; DROP TABLE IF EXISTS certificates;
                DROP TABLE IF EXISTS qa_labels; DROP TABLE IF EXISTS qa_audits; DROP TABLE IF EXISTS qa_audit_details;
                DROP TABLE IF EXISTS qa_tallies;
                DROP TABLE IF EXISTS retrainings;
                DROP TABLE IF EXISTS adaptive_plans; DROP TABLE IF EXISTS adaptive_steps;
                DROP TABLE IF EXISTS shown_languages;
                ALTER TABLE users DROP COLUMN lang;
                DROP TABLE tasks; DROP TABLE acknowledgements; DROP TABLE campaigns; PRAGMA user_version = 4
                """)
        }
        let r = try open(t)
        #expect(try r.db.query("PRAGMA user_version").first?.first?.int == Int64(Records.schemaVersion))
        #expect(try r.learner("amina")?.market == "ID")
        try r.createTasks([NewTask(learnerID: "amina", target: .passBlueprint("b"), due: "2026-12-20", source: "s")])
        _ = try open(t)
        #expect(try r.tasks().count == 1)
    }
}
