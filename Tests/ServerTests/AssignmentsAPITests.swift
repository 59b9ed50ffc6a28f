import Foundation
import Testing
@testable import Records
@testable import Server
import CasebookTestSupport

@Suite struct AssignmentsAPITests {
    static let versioned = FixtureText.counterfeitSOP().replacingOccurrences(of: "id: ip\n", with: "id: ip\nversion: \"3.2\"\n")

    @Test(arguments: TestEngine.allCases) func aLearnerSeesTheirOpenTasksAndAcknowledgingCompletesOne(engine: TestEngine) throws {
        let f = try ServerFixture(files: ["Content/ip.md": Self.versioned], engine: engine)
        try f.records.createTasks([
            NewTask(learnerID: "amina", target: .acknowledge(sopID: "ip", version: "3.2"), due: "2099-12-15", source: "campaign:1"),
            NewTask(learnerID: "amina", target: .passBlueprint("exam"), due: "2000-01-01", source: "campaign:1"),
            NewTask(learnerID: "budi", target: .acknowledge(sopID: "ip", version: "3.2"), due: "2099-12-15", source: "campaign:1"),
        ])
        let c = f.client("amina")
        let tasks = try #require(c.send("GET", "/api/tasks").json as? [[String: Any]])
        #expect(tasks.map { $0["kind"] as? String } == ["pass_blueprint", "acknowledge"])
        #expect(tasks.map { $0["overdue"] as? Bool } == [true, false])
        #expect(tasks[1]["sop"] as? String == "ip" && tasks[1]["version"] as? String == "3.2")
        #expect(tasks[1]["blueprint"] is NSNull)
        let ack = c.send("POST", "/api/acknowledgements", json: ["sop": "ip", "version": "3.2"])
        #expect(ack.status == 201)
        #expect(ack.object["version"] as? String == "3.2")
        #expect(ack.object["acknowledged_at"] as? String != nil)
        // Again: the first acknowledgement, unchanged.
        #expect(c.send("POST", "/api/acknowledgements", json: ["sop": "ip", "version": "3.2"]).object["id"] as? Int == ack.object["id"] as? Int)
        let left = try #require(c.send("GET", "/api/tasks").json as? [[String: Any]])
        #expect(left.map { $0["kind"] as? String } == ["pass_blueprint"])
        // Durable: another connection to the database sees it; budi's task is untouched.
        let reopened = try Records(path: f.records.location)
        #expect(try reopened.acknowledgements(learnerID: "amina").map(\.version) == ["3.2"])
        #expect(try reopened.openTasks(learnerID: "budi").count == 1)
    }

    @Test(arguments: TestEngine.allCases) func badAcknowledgementsAreRefusedAndWriteNothing(engine: TestEngine) throws {
        let f = try ServerFixture(files: ["Content/ip.md": Self.versioned], engine: engine)
        let c = f.client("amina")
        #expect(c.send("POST", "/api/acknowledgements", json: ["sop": "nope", "version": "3.2"]).status == 404)
        #expect(c.send("POST", "/api/acknowledgements", json: ["sop": "ip", "version": "3.1"]).status == 409)
        #expect(c.send("POST", "/api/acknowledgements", json: ["sop": "ip"]).status == 400)
        #expect(c.send("POST", "/api/acknowledgements", raw: Data(#"{"sop": "ip", "version": "3.2",}"#.utf8),
                       headers: ["Content-Type": "application/json"]).status == 400)
        #expect(c.send("GET", "/api/acknowledgements").status == 405)
        #expect(f.client().send("POST", "/api/acknowledgements", json: ["sop": "ip", "version": "3.2"]).status == 401)
        #expect(f.client().send("GET", "/api/tasks").status == 401)
        #expect(try f.records.acknowledgements(learnerID: "amina").isEmpty)
    }
}
