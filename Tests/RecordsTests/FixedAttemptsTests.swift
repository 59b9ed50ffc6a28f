import Foundation
import Testing
@testable import Records
import CasebookTestSupport

/// Every answer asks whether its attempt is adaptive. A plan is stored in the transaction that
/// stores its attempt, so an attempt once seen without one is fixed for good: the answer path
/// keeps that fact and reads the plan table no more for it, on both engines.
@Suite struct FixedAttemptsTests {
    @Test(arguments: TestEngine.allCases) func aFixedAttemptsPlanIsReadOnce(engine: TestEngine) throws {
        let t = try TempTree()
        let location = try t.database("data/casebook.db", on: engine)
        let r = try Records(path: location)
        try r.addLearner(Learner(id: "amina", name: "Amina", team: "id-listings", vendor: "in-house", market: "ID"))
        let fixed = try r.startAttempt(learnerID: "amina", blueprintID: "practice", seed: 1, contentVersion: "v", mode: "practice", itemsJSON: "[]")
        let adaptive = try r.startAttempt(learnerID: "amina", blueprintID: "exam", seed: 2, contentVersion: "v", mode: "exam", itemsJSON: "[]",
                                          adaptivePlanJSON: #"{"plan":1}"#)
        #expect(try r.adaptivePlanJSON(attemptID: fixed) == nil)
        #expect(try r.adaptivePlanJSON(attemptID: adaptive) == #"{"plan":1}"#)
        // A probe no real writer makes (plans come only with their attempt): the fixed attempt's
        // plan is not read again, while a server opened afterwards reads the table.
        try r.db.query("INSERT INTO adaptive_plans (attempt_id, plan) VALUES (?, ?)", [.integer(fixed), .text("probe")])
        #expect(try r.adaptivePlanJSON(attemptID: fixed) == nil)
        #expect(try r.adaptivePlanJSON(attemptID: adaptive) == #"{"plan":1}"#, "an adaptive attempt's plan is read each time")
        #expect(try Records(path: location).adaptivePlanJSON(attemptID: fixed) == "probe")
    }
}
