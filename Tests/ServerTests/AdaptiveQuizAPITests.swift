import Foundation
import Testing
import CasebookTestSupport
@testable import Records
@testable import Server

/// The quiz player's API on an adaptive exam: one question at a time, chosen after each
/// answer; no key before its answer; any other position refused; the ability at the end.
@Suite struct AdaptiveQuizAPITests {
    static let files = [
        "Quizzes/blueprints/adaptive.yml": "id: adaptive\ntitle: Adaptive\nquestions: 5\nmode: exam\nkinds: [decision]\nadaptive: true\ntarget_se: 0.2\n",
        "Quizzes/calibration.yml": "date: 2026-11-30\nitems:\n" + (1...6).map { "  c\($0): {difficulty: \(Double($0) / 2 - 1.75), status: estimated}\n" }.joined(),
    ]

    @Test(arguments: TestEngine.allCases) func oneQuestionAtATimeChosenAfterEachAnswer(engine: TestEngine) throws {
        let f = try ServerFixture(files: Self.files, engine: engine)
        let c = f.client("amina")
        let start = c.send("POST", "/api/attempts", json: ["blueprint": "adaptive"])
        #expect(start.status == 201)
        #expect(start.object["adaptive"] as? Bool == true && start.object["questions"] as? Int == 5, "the most asked, not the pool")
        let id = try #require(start.object["attempt"] as? Int)
        var asked: [Int] = []
        for n in 1...5 {
            let q = c.send("GET", "/api/attempts/\(id)/question")
            #expect(q.status == 200)
            #expect(!QuizAPITests().containsSecret(q.json as Any), "no key before the answer: \(q.text)")
            #expect(q.object["adaptive"] as? Bool == true && q.object["number"] as? Int == n && q.object["questions"] as? Int == 5)
            let position = try #require(q.object["position"] as? Int)
            #expect(c.send("GET", "/api/attempts/\(id)/question").object["position"] as? Int == position, "the same question until answered")
            if n == 1 {
                let other = c.send("POST", "/api/attempts/\(id)/answers", json: ["position": (position + 1) % 6, "chosen": [0]])
                #expect(other.status == 400 && other.text.contains("is not the question this adaptive exam asks now"))
            }
            let a = c.send("POST", "/api/attempts/\(id)/answers", json: ["position": position, "chosen": [0]])
            #expect(a.status == 200 && a.object["feedback"] == nil, "an exam: feedback at the end")
            #expect(c.send("POST", "/api/attempts/\(id)/answers", json: ["position": position, "chosen": [1]]).status == 200, "a repeated answer keeps the first")
            asked.append(position)
        }
        #expect(Set(asked).count == 5)
        #expect(c.send("GET", "/api/attempts/\(id)/question").object["done"] as? Bool == true)
        let steps = try f.records.adaptiveSteps(attemptID: Int64(id))
        #expect(steps.map(\.position) == asked)
        let result = c.send("POST", "/api/attempts/\(id)/finish")
        #expect(result.status == 200)
        let ability = try #require(result.object["ability"] as? [String: Any])
        #expect(ability["questions"] as? Int == 5)
        #expect(abs((ability["theta"] as? Double ?? .nan) - (steps.last?.value.theta ?? 0)) < 1e-9)
        #expect((result.object["review"] as? [[String: Any]])?.map { $0["position"] as? Int } == asked)
    }

    /// The media of the question the adaptive exam asks now are served; another pool item's are not.
    @Test(arguments: TestEngine.allCases) func mediaOfTheQuestionAskedOnly(engine: TestEngine) throws {
        let f = try ServerFixture(files: MediaAPITests.files().merging(Self.files) { $1 }, engine: engine)
        let c = f.client("amina")
        let id = try #require(c.send("POST", "/api/attempts", json: ["blueprint": "adaptive"]).object["attempt"] as? Int)
        let question = c.send("GET", "/api/attempts/\(id)/question").object
        let position = try #require(question["position"] as? Int)
        let url = try #require(((question["case"] as? [String: Any])?["media"] as? [[String: Any]])?.first?["url"] as? String)
        #expect(c.send("GET", url + "full").status == 200)
        for other in 0..<6 where other != position {
            #expect(c.send("GET", "/api/media/\(id)/\(other)/0/full").status == 404, "pool item \(other) was not asked")
        }
    }
}
