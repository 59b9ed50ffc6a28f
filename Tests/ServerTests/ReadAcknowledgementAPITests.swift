import Foundation
import Testing
@testable import Records
@testable import Server
import CasebookTestSupport

/// What the SOP page's banner and the quiz start page read: the signed-in user's own
/// acknowledgements, and their tasks with what to do.
@Suite struct ReadAcknowledgementAPITests {
    @Test(arguments: TestEngine.allCases) func aUserReadsOnlyTheirOwnAcknowledgementsOfOneSOPOrAll(engine: TestEngine) throws {
        let f = try ServerFixture(files: ["Content/ip.md": AssignmentsAPITests.versioned], engine: engine)
        try f.records.acknowledge(learnerID: "amina", sopID: "ip", version: "3.1", at: "2026-10-01T09:00:00.000Z")
        try f.records.acknowledge(learnerID: "amina", sopID: "other", version: "1.0")
        try f.records.acknowledge(learnerID: "budi", sopID: "ip", version: "3.2")
        let c = f.client("amina")
        #expect(c.send("POST", "/api/acknowledgements", json: ["sop": "ip", "version": "3.2"]).status == 201)
        let ip = try #require(c.send("GET", "/api/me/acknowledgements?sop=ip").json as? [[String: Any]])
        #expect(ip.map { $0["version"] as? String } == ["3.1", "3.2"], "oldest first, budi's not among them")
        #expect(ip.first?["acknowledged_at"] as? String == "2026-10-01T09:00:00.000Z")
        let all = try #require(c.send("GET", "/api/me/acknowledgements").json as? [[String: Any]])
        #expect(all.map { $0["sop"] as? String } == ["ip", "other", "ip"])
        #expect(f.client().send("GET", "/api/me/acknowledgements?sop=ip").status == 401)
        #expect(c.send("POST", "/api/me/acknowledgements", json: ["sop": "ip", "version": "3.2"]).status == 405)
    }

    @Test(arguments: TestEngine.allCases) func tasksSayWhatToDoAndWhere(engine: TestEngine) throws {
        let f = try ServerFixture(files: ["Content/ip.md": AssignmentsAPITests.versioned], engine: engine)
        try f.records.createTasks([
            NewTask(learnerID: "amina", target: .acknowledge(sopID: "ip", version: "3.2"), due: "2099-12-15", source: "campaign:1"),
            NewTask(learnerID: "amina", target: .passBlueprint("exam"), due: "2099-12-16", source: "campaign:1"),
            NewTask(learnerID: "amina", target: .acknowledge(sopID: "gone", version: "1.0"), due: "2099-12-17", source: "campaign:2"),
        ])
        let tasks = try #require(f.client("amina").send("GET", "/api/tasks").json as? [[String: Any]])
        #expect(tasks.map { $0["title"] as? String } == ["Read and acknowledge Counterfeit, version 3.2", "Pass Exam", "Read and acknowledge gone, version 1.0"])
        #expect(tasks[0]["url"] as? String == "sop/ip.html")
        #expect(tasks[1]["url"] is NSNull && tasks[2]["url"] is NSNull, "a quiz is started by its blueprint; an SOP no longer served has no page")
    }
}
