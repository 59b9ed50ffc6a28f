import Foundation
import Testing
@testable import Server

/// Response bodies are Codable types; their JSON is what the API wrote before (as
/// `JSONSerialization` writes the same values): same field names, numbers and escapes.
@Suite struct ResponseBodyTests {
    func text<Body: Encodable>(_ body: Body) -> String { String(decoding: CasebookApp.jsonBytes(body), as: UTF8.self) }

    func serialized(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }

    @Test func writesWhatJSONSerializationWrites() throws {
        let explanation = "Line\n\"quoted\" / tab\t\u{1}\u{8}\u{c}\r\\ é😀"
        let answer = AnswerReply(position: 3, feedback: FeedbackReply(score: 0.5, correct: false, correctOptions: ["A", "B"], explanation: explanation,
                                                                      sections: [.init(ref: "IP-01", url: "/sop/ip.html#ip-01", title: "Counterfeit › IP-01")]))
        #expect(text(answer) == (try serialized(["position": 3, "recorded": true,
                                                 "feedback": ["score": 0.5, "correct": false, "correct_options": ["A", "B"], "explanation": explanation,
                                                              "sections": [["ref": "IP-01", "url": "/sop/ip.html#ip-01", "title": "Counterfeit › IP-01"]]]] as [String: Any])))
        let summary = AttemptSummaryReply(id: 42, learner: "amina", blueprint: "b", started: "2026-12-02T10:00:00.000Z", finished: nil, percent: 66.7, passed: true)
        #expect(text(summary) == (try serialized(["id": 42, "learner": "amina", "blueprint": "b", "started": "2026-12-02T10:00:00.000Z",
                                                  "finished": NSNull(), "percent": 66.7, "passed": true] as [String: Any])))
        for number in [100.0, 1e-7, 1e16, 0.1 + 0.2] {
            let points = FinishReply.Points(points: number, count: 2)
            #expect(text(points) == (try serialized(["points": number, "count": 2] as [String: Any])), "\(number)")
        }
        let finish = FinishReply(percent: 50, passed: false, passMark: 70, byCode: ["IP-01": .init(points: 1.5, count: 2)], bySection: [:], review: [])
        #expect(text(finish) == (try serialized(["percent": 50.0, "passed": false, "pass_mark": 70, "by_code": ["IP-01": ["points": 1.5, "count": 2]],
                                                 "by_section": [String: Any](), "review": [Any]()] as [String: Any])))
    }

    @Test func booleansStayBooleansAndNumbersStayNumbers() throws {
        #expect(text(DoneReply(questions: 1)) == #"{"done":true,"questions":1}"#)
        #expect(text(FinishReply.Points(points: 1.0, count: 1)) == #"{"count":1,"points":1}"#)
    }

    @Test func documentedNullsAreWrittenAndAbsentFieldsLeftOut() throws {
        let unlimited = BlueprintReply(id: "b", title: "B", description: "", mode: "exam", questions: 3, passMark: 70, timeLimit: 0, attemptsLeft: nil)
        #expect(text(unlimited).contains(#""attempts_left":null"#))
        let untimed = AttemptStatusReply(id: 1, blueprint: "b", mode: "exam", questions: 3, answered: [0], started: "s", finished: nil, deadline: nil,
                                         percent: nil, passed: nil)
        #expect(text(untimed) == #"{"answered":[0],"blueprint":"b","finished":null,"id":1,"mode":"exam","questions":3,"started":"s"}"#)
        let timed = AttemptStatusReply(id: 1, blueprint: "b", mode: "exam", questions: 3, answered: [], started: "s", finished: "f", deadline: .some(nil),
                                       percent: nil, passed: true)
        #expect(text(timed).contains(#""deadline":null"#) && text(timed).contains(#""percent":null"#) && text(timed).contains(#""passed":true"#))
        #expect(!text(AnswerReply(position: 0, feedback: nil)).contains("feedback"))
    }
}
