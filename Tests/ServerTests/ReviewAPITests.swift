import Foundation
import Testing
import CasebookTestSupport
@testable import Records
@testable import Server

/// `mode: review` blueprints through the API: a learner with nothing to review gets a 409
/// with a message through the one error mapping, never an empty quiz.
@Suite struct ReviewAPITests {
    @Test(arguments: TestEngine.allCases) func reviewWithNoHistoryIs409WithAMessage(engine: TestEngine) throws {
        let f = try ServerFixture(files: ["Quizzes/blueprints/review.yml": "id: review\ntitle: Review\nquestions: 3\nmode: review\nkinds: [decision]\n"], engine: engine)
        let c = f.client("amina")
        let start = c.send("POST", "/api/attempts", json: ["blueprint": "review"])
        #expect(start.status == 409)
        #expect((start.object["error"] as? String)?.contains("amina has not answered any of the questions 'Review' reviews yet") == true, "\(start.text)")
        #expect(try f.records.attempts(learnerID: "amina").isEmpty)
        // Once answered (just now), nothing is due yet: still 409, saying when the next falls due.
        let practice = c.send("POST", "/api/attempts", json: ["blueprint": "practice"])
        let id = try #require(practice.object["attempt"] as? Int)
        for position in 0..<4 { _ = c.send("POST", "/api/attempts/\(id)/answers", json: ["position": position, "chosen": [0]]) }
        let again = c.send("POST", "/api/attempts", json: ["blueprint": "review"])
        #expect(again.status == 409)
        #expect((again.object["error"] as? String)?.contains("nothing is due for review for amina") == true, "\(again.text)")
    }
}
