import Foundation
import Testing
@testable import Records
@testable import Server
import CasebookTestSupport

/// A retraining's task on the learner's quiz page: listed like other tasks, its quiz started
/// by its blueprint id, completed by passing it.
@Suite struct RetrainingTasksAPITests {
    static func question(_ id: String) -> String {
        "---\nid: \(id)\ntype: single\nsop: [ip#ip-01]\n---\n# Is a fake logo counterfeit (\(id))?\n\n- [x] Right\n- [ ] Wrong\n\n## Explanation\nIt is.\n"
    }

    @Test(arguments: TestEngine.allCases) func aRetrainingTaskIsListedStartedByItsLearnerAndCompletedByPassing(engine: TestEngine) throws {
        let f = try ServerFixture(files: ["Quizzes/questions/q1.md": Self.question("q1"), "Quizzes/questions/q2.md": Self.question("q2")], engine: engine)
        let result = try f.records.assignRetraining(Retraining(section: "ip#ip-01", quizSize: 2, itemPool: ["q1", "q2"], due: "2099-12-15"),
                                                    candidates: [RetrainingCandidate(learnerID: "amina", lastError: "2026-11-24")])
        #expect(result.assigned == ["amina"])
        let c = f.client("amina")
        let tasks = try #require(c.send("GET", "/api/tasks").json as? [[String: Any]])
        #expect(tasks.count == 1)
        #expect(tasks.first?["kind"] as? String == "pass_blueprint" && tasks.first?["blueprint"] as? String == "retrain-1")
        #expect(tasks.first?["source"] as? String == "retraining:1")
        #expect(tasks.first?["title"] as? String == "Pass Retraining: Counterfeit, IP-01 Counterfeit goods")
        let home = c.send("GET", "/api/home").object
        #expect((home["tasks"] as? [[String: Any]])?.map { $0["title"] as? String } == ["Pass Retraining: Counterfeit, IP-01 Counterfeit goods"])

        #expect(f.client("budi").send("POST", "/api/attempts", json: ["blueprint": "retrain-1"]).status == 404, "not assigned to budi")
        let start = c.send("POST", "/api/attempts", json: ["blueprint": "retrain-1"])
        #expect(start.status == 201, "\(start.text)")
        let id = try #require(start.object["attempt"] as? Int)
        for _ in 0..<2 {
            let q = c.send("GET", "/api/attempts/\(id)/question")
            let position = try #require(q.object["position"] as? Int)
            let right = try #require((q.object["options"] as? [String])?.firstIndex(of: "Right"))
            #expect(c.send("POST", "/api/attempts/\(id)/answers", json: ["position": position, "chosen": [right]]).status == 200)
        }
        let finish = c.send("POST", "/api/attempts/\(id)/finish")
        #expect(finish.status == 200 && finish.object["passed"] as? Bool == true, "\(finish.text)")
        #expect((c.send("GET", "/api/tasks").json as? [Any])?.isEmpty == true)
        #expect(try f.records.tasks(learnerID: "amina", source: "retraining:1").first?.evidence == "attempt:\(id)")
    }
}
