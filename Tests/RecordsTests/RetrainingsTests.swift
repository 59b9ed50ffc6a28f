import Foundation
import Testing
@testable import Records
import Handbook
import Quiz
import CasebookTestSupport

/// Production errors read back from the audits, and retrainings: assigned once, completed by a pass.
@Suite struct RetrainingsTests {
    /// Audits on ip#ip-01: mod-1 wrong twice (one on 2026-11-20), mod-2 wrong once but
    /// overturned on appeal, mod-3 right; one error of mod-1 on ip#ip-02.
    static func setUp(_ engine: TestEngine = .sqlite) throws -> (BankFixture, Records) {
        let fixture = try BankFixture(AuditFixture.files)
        let records = try Records(path: fixture.tree.database("data/cb.db", on: engine))
        let rows = [
            AuditFixture.row(1, ["moderator_action": "approve", "moderator_codes": "", "decision_time": "2026-11-20", "sop_reference": "ip#ip-01"]),
            AuditFixture.row(2, ["qa_action": "restrict", "sop_reference": "ip#ip-01", "decision_time": "2026-11-24T10:00:00Z"]),
            AuditFixture.row(3, ["moderator_id": "mod-2", "team": "th-live", "market": "TH", "moderator_action": "approve", "moderator_codes": "",
                                 "appeal_outcome": "overturned", "sop_reference": "ip#ip-01"]),
            AuditFixture.row(4, ["moderator_id": "mod-3", "sop_reference": "ip#ip-01"]),
            AuditFixture.row(5, ["qa_action": "restrict", "qa_codes": "IP-02", "moderator_codes": "IP-02", "sop_reference": "ip#ip-02"]),
        ]
        try fixture.tree.write("audit.csv", AuditFixture.csv(rows))
        let report = try AuditImporter(records: records, handbook: fixture.handbook, actions: ["approve", "restrict", "remove", "escalate"],
                                       source: "QA audit 2026-W48").run(input: fixture.tree.path("audit.csv"))
        #expect(report.written && report.imported == 5, "\(report.rejected)")
        return (fixture, records)
    }

    @Test(arguments: TestEngine.allCases) func productionErrorsLeaveOutCorrectAndOverturnedDecisions(engine: TestEngine) throws {
        let (_, records) = try Self.setUp(engine)
        let errors = try records.productionErrors(section: "ip#ip-01")
        #expect(errors.map(\.sampleID) == ["s-2", "s-1"], "most recent first at equal harm; s-3 was overturned on appeal, s-4 was right")
        #expect(errors.map(\.outcome) == [.overEnforcement, .underEnforcement])
        #expect(errors.first?.day == "2026-11-24" && errors.first?.qaAction == "restrict" && errors.first?.moderator == "mod-1")
        #expect(try records.productionErrors(section: "ip#ip-01", since: "2026-11-21").map(\.sampleID) == ["s-2"])
        let counts = try records.auditCounts(section: "ip#ip-01")
        #expect(counts.audits == 4 && counts.disagreements == 3 && counts.overturned == 1 && counts.errors == 2)
        #expect(try records.productionErrors(section: "ip#nope").isEmpty)
        let judged = try records.productionJudgements(sections: ["ip#ip-01"], moderators: ["mod-1", "mod-2", "nobody"])
        #expect(judged.map(\.moderator) == ["mod-1", "mod-1", "mod-2"])
        #expect(judged.map(\.error) == [true, true, false], "an overturned decision is not an error")
        #expect(judged.map(\.day) == ["2026-11-20", "2026-11-24", "2026-11-24"])
    }

    @Test(arguments: TestEngine.allCases) func assigningAgainAddsNothingUntilANewError(engine: TestEngine) throws {
        let (_, records) = try Self.setUp(engine)
        let r = Retraining(section: "ip#ip-01", quizSize: 2, itemPool: ["c1", "c2"], due: "2026-12-15")
        let first = try records.assignRetraining(r, candidates: [RetrainingCandidate(learnerID: "mod-1", lastError: "2026-11-24")])
        let stored = try #require(first.retraining)
        #expect(stored.blueprintID == "retrain-1" && stored.source == "retraining:1" && first.assigned == ["mod-1"])
        #expect(try records.openTasks(learnerID: "mod-1").map(\.target) == [.passBlueprint("retrain-1")])
        #expect(try records.retraining(1) == stored)

        // Again, with another moderator: only the new one gets a task, in a new retraining.
        let again = try records.assignRetraining(r, candidates: [RetrainingCandidate(learnerID: "mod-1", lastError: "2026-11-24"),
                                                                 RetrainingCandidate(learnerID: "mod-3", lastError: "2026-11-24")])
        #expect(again.assigned == ["mod-3"] && again.alreadyAssigned == ["mod-1"] && again.retraining?.id == 2)
        let third = try records.assignRetraining(r, candidates: [RetrainingCandidate(learnerID: "mod-1", lastError: "2026-11-24")])
        #expect(third.retraining == nil && third.assigned.isEmpty && third.alreadyAssigned == ["mod-1"])
        #expect(try records.tasks().count == 2 && records.retrainings().count == 2, "nothing stored when nobody needs it")
        // Another section is another retraining.
        #expect(try records.assignRetraining(Retraining(section: "ip#ip-02", quizSize: 1, itemPool: ["c3"], due: "2026-12-15"),
                                             candidates: [RetrainingCandidate(learnerID: "mod-1", lastError: "2026-11-24")]).assigned == ["mod-1"])

        // Passing completes the task with the attempt as evidence.
        let attempt = try records.startAttempt(learnerID: "mod-1", blueprintID: "retrain-1", seed: 1, contentVersion: "v", mode: "exam", itemsJSON: "[]")
        try records.finishAttempt(attempt, percent: 100, passed: true)
        let done = try #require(try records.tasks(learnerID: "mod-1", source: "retraining:1").first)
        #expect(done.completedAt != nil && done.evidence == "attempt:\(attempt)")
        // Passed after the last error: still covered. A later error: a new task.
        #expect(try records.assignRetraining(r, candidates: [RetrainingCandidate(learnerID: "mod-1", lastError: "2026-11-24")]).retraining == nil)
        let later = String(Timestamp.iso(Date().addingTimeInterval(2 * 86_400)).prefix(10))
        #expect(try records.assignRetraining(r, candidates: [RetrainingCandidate(learnerID: "mod-1", lastError: later)]).assigned == ["mod-1"])
    }

    @Test func aRetrainingsQuizIsAGeneratedBlueprintOnlyItsLearnersMayStart() throws {
        let cases = (1...3).map { i in
            ("Quizzes/cases/c\(i).md", FixtureText.caseFile(id: "c\(i)", decision: "remove", codes: "[IP-01]", sop: "ip#ip-01", title: "Bag \(i)",
                                                             listing: "Text \(i)", rationale: "Because \(i)."))
        }
        let fixture = try BankFixture(AuditFixture.files.merging(cases, uniquingKeysWith: { a, _ in a }))
        let records = try Records(path: fixture.tree.path("data/cb.db"))
        for id in ["mod-1", "mod-2"] { try records.addLearner(Learner(id: id, name: id)) }
        _ = try records.assignRetraining(Retraining(section: "ip#ip-01", quizSize: 2, itemPool: ["c1", "c2"], due: "2026-12-15"),
                                         candidates: [RetrainingCandidate(learnerID: "mod-1", lastError: "2026-11-24")])
        let lifecycle = AttemptLifecycle(records: records, bank: fixture.bank, handbook: fixture.handbook)
        let blueprint = try #require(try lifecycle.blueprint("retrain-1"))
        #expect(blueprint.title == "Retraining: Counterfeit, IP-01 Counterfeit goods" && blueprint.items == ["c1", "c2"] && blueprint.mode == .exam)
        #expect(try lifecycle.blueprint("retrain-9") == nil)
        #expect(throws: RecordsError.self) { try lifecycle.start(learnerID: "mod-2", blueprintID: "retrain-1", seed: 1) }
        let started = try lifecycle.start(learnerID: "mod-1", blueprintID: "retrain-1", seed: 1)
        #expect(Set(started.items.map(\.itemID)).isSubset(of: ["c1", "c2"]) && started.items.count == 2)
        for (position, item) in started.items.enumerated() {
            _ = try lifecycle.answer(started.attempt, items: started.items, position: position, chosen: Array(item.correct))
        }
        let finished = try lifecycle.finish(started.attempt, items: started.items)
        #expect(finished.result.passed)
        #expect(try records.openTasks(learnerID: "mod-1").isEmpty)
        #expect(try records.tasks(learnerID: "mod-1").first?.evidence == "attempt:\(started.attempt.id)")
    }
}
