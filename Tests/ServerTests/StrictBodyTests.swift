import Foundation
import Testing
@testable import Records
@testable import Server

/// Request bodies are strict JSON of the declared types; sign-in tokens work once; exam
/// reviews do not hand out the keys of unanswered questions.
@Suite struct StrictBodyTests {
    func expect400(_ r: HTTPClient.Reply, _ comment: Comment) {
        #expect(r.status == 400, comment)
        #expect(r.object["status"] as? Int == 400 && (r.object["error"] as? String)?.isEmpty == false, "a JSON error: \(r.text)")
    }

    @Test func trueIsNotANumberAndTrailingCommasAreRefused() throws {
        let f = try ServerFixture()
        let c = f.client("amina")
        let id = try #require(c.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int)
        expect400(c.send("POST", "/api/attempts/\(id)/answers", raw: Data(#"{"position": true, "chosen": [0]}"#.utf8)), "true is not position 1")
        expect400(c.send("POST", "/api/attempts/\(id)/answers", raw: Data(#"{"position": 0, "chosen": [true]}"#.utf8)), "true is not option 1")
        expect400(c.send("POST", "/api/attempts/\(id)/answers", raw: Data(#"{"position": 0, "chosen": [0],}"#.utf8)), "trailing comma in the object")
        expect400(c.send("POST", "/api/attempts/\(id)/answers", raw: Data(#"{"position": 0, "chosen": [0,]}"#.utf8)), "trailing comma in the array")
        expect400(c.send("POST", "/api/attempts", raw: Data(#"{"blueprint": "practice",}"#.utf8)), "trailing comma when starting")
        expect400(c.send("POST", "/api/attempts/\(id)/answers", raw: Data(#"[0]"#.utf8)), "not an object")
        #expect(try f.records.responses(attemptID: Int64(id)).isEmpty, "nothing was recorded")
        // The same answer, well formed, is taken.
        #expect(c.send("POST", "/api/attempts/\(id)/answers", raw: Data(#"{"position": 0, "chosen": [0]}"#.utf8)).status == 200)
        expect400(f.client().send("POST", "/api/login", raw: Data(#"{"token": "x",}"#.utf8)), "trailing comma at sign-in")
    }

    /// An answer body (the hot path) is read from Jansson's parse of it, without JSONDecoder
    /// parsing it a second time: it must read what JSONDecoder reads, and leave every body of
    /// another shape to the decoder, whose 400 names the field.
    @Test func anAnswerBodyReadsAsJSONDecoderReadsIt() throws {
        for text in [#"{"position": 3, "chosen": [0, 2]}"#, #"{"chosen": [], "position": 0, "note": "x"}"#, #"{"position": -1, "chosen": [1]}"#,
                     #"{"position": 9007199254740993, "chosen": [4, 4]}"#] {
            let read = try RequestBody.decode(AnswerRequest.self, from: Array(text.utf8), expected: "")
            let decoded = try JSONDecoder().decode(AnswerRequest.self, from: Data(text.utf8))
            #expect(read.position == decoded.position && read.chosen == decoded.chosen, "\(text)")
        }
        for (text, field) in [(#"{"position": 1.5, "chosen": [0]}"#, "send x"), (#"{"position": "1", "chosen": [0]}"#, "'position'"),
                              (#"{"position": 1, "chosen": 0}"#, "'chosen'"), (#"{"position": 1}"#, "'chosen'"), (#"{"position": null, "chosen": [0]}"#, "'position'"),
                              (#"{"position": 1, "chosen": [0.5]}"#, "send x")] {
            do {
                _ = try RequestBody.decode(AnswerRequest.self, from: Array(text.utf8), expected: "x")
                Issue.record("\(text) was taken")
            } catch {
                #expect(error.status == 400 && error.message.contains(field), "\(text): \(error.message)")
            }
        }
    }

    /// An exam answer's reply is encoded once per position and then reused: the bytes
    /// JSONEncoder writes for it.
    @Test func anExamAnswersReplyIsWhatTheEncoderWrites() {
        for position in [0, 7, 0, 7] {
            #expect(CasebookApp.examReplies.bytes(position) == CasebookApp.jsonBytes(AnswerReply(position: position)))
        }
        #expect(String(decoding: CasebookApp.examReplies.bytes(3), as: UTF8.self) == #"{"position":3,"recorded":true}"#)
    }

    @Test func aSignInTokenWorksOnceAndReissuingGivesANewOne() throws {
        let f = try ServerFixture()
        let token = try #require(f.tokens["budi"])
        #expect(f.client().login(token).status == 200)
        #expect(f.client().login(token).status == 401, "a used token does not sign in again")
        let fresh = try CasebookApp.reissueToken(f.records, id: "budi")
        #expect(f.client().login(fresh).status == 200)
        let expired = try CasebookApp.addUser(f.records, id: "dewi", role: .moderator, team: "", market: "ID", expiresIn: -60)
        #expect(f.client().login(expired).status == 401, "an expired token does not sign in")
    }

    @Test func finishingAnExamUnansweredRevealsNoKeysWhileAttemptsRemain() throws {
        let f = try ServerFixture(files: ["Quizzes/blueprints/recert.yml": "id: recert\ntitle: Recert\nquestions: 3\nmode: exam\nattempts: 2\nkinds: [decision]\n"])
        let c = f.client("amina")
        var drawn: [Set<String>] = []
        for attempt in 1...2 {
            let id = try #require(c.send("POST", "/api/attempts", json: ["blueprint": "recert"]).object["attempt"] as? Int)
            drawn.append(Set(try #require(try f.records.attempt(Int64(id))).itemsJSON.components(separatedBy: "\"itemID\":\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }))
            let result = c.send("POST", "/api/attempts/\(id)/finish")
            #expect(result.status == 200)
            let review = try #require(result.object["review"] as? [[String: Any]])
            if attempt == 1 {
                #expect(review.isEmpty, "no answers, attempts left: no keys (\(result.text))")
            } else {
                #expect(review.count == 3 && review.allSatisfy { ($0["correct_options"] as? [String])?.isEmpty == false }, "the last attempt shows the keys")
            }
        }
        #expect(drawn[0].count == 3 && drawn[0].isDisjoint(with: drawn[1]), "the retake asks other questions: \(drawn)")
    }
}
