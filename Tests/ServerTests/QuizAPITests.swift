import Foundation
import Testing
import CasebookTestSupport
@testable import Records
@testable import Server

@Suite struct QuizAPITests {
    /// Keys that would give away the answer.
    static let secrets = ["correct", "correct_options", "explanation", "rationale", "decision", "optionKeys", "codes"]

    func containsSecret(_ value: Any) -> Bool {
        if let d = value as? [String: Any] { return d.keys.contains { Self.secrets.contains($0) } || d.values.contains { containsSecret($0) } }
        if let a = value as? [Any] { return a.contains { containsSecret($0) } }
        return false
    }

    @Test(arguments: TestEngine.allCases) func practiceHappyPathWithFeedbackAndIdempotentAnswers(engine: TestEngine) throws {
        let f = try ServerFixture(engine: engine)
        let c = f.client("amina")
        #expect(c.send("GET", "/api/me").object["role"] as? String == "moderator")
        let blueprints = try #require(c.send("GET", "/api/blueprints").json as? [[String: Any]])
        #expect(blueprints.map { $0["id"] as? String } == ["exam", "practice"])
        let start = c.send("POST", "/api/attempts", json: ["blueprint": "practice"])
        #expect(start.status == 201)
        let id = try #require(start.object["attempt"] as? Int)
        for _ in 0..<4 {
            let q = c.send("GET", "/api/attempts/\(id)/question")
            #expect(q.status == 200)
            #expect(!containsSecret(q.json as Any), "the answer key never reaches the browser before answering: \(q.text)")
            #expect((q.object["case"] as? [String: Any])?["title"] as? String != nil)
            let position = try #require(q.object["position"] as? Int)
            let a = c.send("POST", "/api/attempts/\(id)/answers", json: ["position": position, "chosen": [0]])
            #expect(a.status == 200)
            let feedback = try #require(a.object["feedback"] as? [String: Any])
            #expect(feedback["explanation"] as? String != nil)
            #expect(((feedback["sections"] as? [[String: Any]])?.first?["url"] as? String) == "/sop/ip.html#ip-01")
            // Sending the same answer again, or a different one, changes nothing.
            let again = c.send("POST", "/api/attempts/\(id)/answers", json: ["position": position, "chosen": [1]])
            #expect(again.status == 200)
            #expect((again.object["feedback"] as? [String: Any])?["score"] as? Double == feedback["score"] as? Double)
        }
        #expect(c.send("GET", "/api/attempts/\(id)/question").object["done"] as? Bool == true)
        let result = c.send("POST", "/api/attempts/\(id)/finish")
        #expect(result.status == 200)
        #expect(result.object["percent"] as? Double != nil)
        #expect((result.object["review"] as? [Any])?.count == 4)
        #expect(c.send("POST", "/api/attempts/\(id)/answers", json: ["position": 0, "chosen": [0]]).status == 409)
        #expect(try f.records.responses(attemptID: Int64(id)).count == 4)
    }

    @Test(arguments: TestEngine.allCases) func examGivesFeedbackOnlyAtTheEndAndLimitsAttempts(engine: TestEngine) throws {
        let f = try ServerFixture(engine: engine)
        let c = f.client("amina")
        let id = try #require(c.send("POST", "/api/attempts", json: ["blueprint": "exam"]).object["attempt"] as? Int)
        let a = c.send("POST", "/api/attempts/\(id)/answers", json: ["position": 0, "chosen": [0]])
        #expect(a.status == 200 && a.object["feedback"] == nil)
        #expect(!containsSecret(a.json as Any))
        _ = c.send("POST", "/api/attempts/\(id)/finish")
        #expect(c.send("POST", "/api/attempts", json: ["blueprint": "exam"]).status == 403)
    }

    @Test(arguments: TestEngine.allCases) func everyErrorStatusIsJSON(engine: TestEngine) throws {
        let f = try ServerFixture(limits: { var l = ServerLimits(); l.maxBodyBytes = 1024; return l }(), engine: engine)
        let anonymous = f.client()
        let r401 = anonymous.send("GET", "/api/attempts")
        #expect(r401.status == 401 && r401.object["status"] as? Int == 401 && r401.object["error"] as? String != nil)
        #expect(anonymous.login("wrong-token").status == 401)
        let c = f.client("amina")
        #expect(c.send("POST", "/api/attempts", raw: Data("{not json".utf8)).status == 400)
        #expect(c.send("POST", "/api/attempts", json: ["blueprint": "nope"]).status == 404)
        #expect(c.send("GET", "/api/nothing").status == 404)
        let r405 = c.send("DELETE", "/api/attempts")
        #expect(r405.status == 405 && r405.headers["allow"] == "GET, POST")
        let big = c.send("POST", "/api/attempts", raw: Data(repeating: 65, count: 5000))
        #expect(big.status == 413 && big.object["status"] as? Int == 413)
        let id = try #require(c.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int)
        #expect(c.send("POST", "/api/attempts/\(id)/answers", json: ["position": 99, "chosen": [0]]).status == 400)
        #expect(c.send("POST", "/api/attempts/\(id)/answers", json: ["position": 0, "chosen": [0, 1]]).status == 400)
        _ = c.send("POST", "/api/attempts/\(id)/finish")
        #expect(c.send("GET", "/api/attempts/\(id)/question").status == 409)
    }

    @Test(arguments: TestEngine.allCases) func whoSeesWhat(engine: TestEngine) throws {
        let f = try ServerFixture(engine: engine)
        let amina = f.client("amina"), budi = f.client("budi"), chai = f.client("chai"), lead = f.client("lead-id"), tara = f.client("tara")
        let a = try #require(amina.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int)
        let b = try #require(budi.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int)
        let c = try #require(chai.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int)
        func ids(_ client: HTTPClient) -> Set<Int> { Set((client.send("GET", "/api/attempts").json as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }) }
        #expect(ids(amina) == [a])
        #expect(ids(lead) == [a, b], "a lead sees their team's attempts")
        #expect(ids(tara) == [a, b, c], "a trainer sees everything")
        // Guessing another learner's attempt id reveals nothing.
        #expect(amina.send("GET", "/api/attempts/\(b)").status == 404)
        #expect(amina.send("GET", "/api/attempts/\(b)/question").status == 404)
        #expect(amina.send("POST", "/api/attempts/\(b)/answers", json: ["position": 0, "chosen": [0]]).status == 404)
        #expect(lead.send("GET", "/api/attempts/\(c)").status == 404)
        #expect(lead.send("GET", "/api/attempts/\(a)").status == 200)
        #expect(lead.send("POST", "/api/attempts/\(a)/answers", json: ["position": 0, "chosen": [0]]).status == 403, "leads watch, they do not answer")
        #expect(tara.send("GET", "/api/attempts/\(c)/question").status == 403)
        // Revoked users are signed out.
        #expect(try f.records.revokeUser("budi"))
        #expect(budi.send("GET", "/api/attempts").status == 401)
    }

    @Test(arguments: TestEngine.allCases) func answersToAnAttemptFinishedElsewhereAreRefused(engine: TestEngine) throws {
        let f = try ServerFixture(engine: engine)
        let c = f.client("amina")
        let id = try #require(c.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int)
        #expect(c.send("POST", "/api/attempts/\(id)/answers", json: ["position": 0, "chosen": [0]]).status == 200)
        // Finished behind the server's back (as `casebook quiz` in another process would):
        // neither a new answer nor a repeated one is accepted.
        try f.records.finishAttempt(Int64(id), percent: 0, passed: false)
        #expect(c.send("POST", "/api/attempts/\(id)/answers", json: ["position": 1, "chosen": [0]]).status == 409)
        #expect(c.send("POST", "/api/attempts/\(id)/answers", json: ["position": 0, "chosen": [0]]).status == 409)
        #expect(try f.records.responses(attemptID: Int64(id)).count == 1)
    }

    @Test(arguments: TestEngine.allCases) func answersStopTheMomentTheSessionEnds(engine: TestEngine) throws {
        let f = try ServerFixture(engine: engine)
        let amina = f.client("amina"), budi = f.client("budi"), chai = f.client("chai")
        var ids: [String: Int] = [:]
        for (name, c) in [("amina", amina), ("budi", budi), ("chai", chai)] {
            ids[name] = try #require(c.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int)
            // The first answer puts the session in the server's session cache.
            #expect(c.send("POST", "/api/attempts/\(ids[name]!)/answers", json: ["position": 0, "chosen": [0]]).status == 200)
        }
        // Revoked behind the server's back, as `casebook users revoke` in another process does.
        #expect(try f.records.revokeUser("amina"))
        #expect(amina.send("POST", "/api/attempts/\(ids["amina"]!)/answers", json: ["position": 1, "chosen": [0]]).status == 401)
        // Expired.
        try f.records.db.query("UPDATE sessions SET expires_at = '2000-01-01T00:00:00Z' WHERE user_id = 'budi'")
        #expect(budi.send("POST", "/api/attempts/\(ids["budi"]!)/answers", json: ["position": 1, "chosen": [0]]).status == 401)
        // Logged out, and the old cookie sent again.
        let cookie = chai.cookie
        #expect(chai.send("POST", "/api/logout").status == 200)
        chai.cookie = cookie
        #expect(chai.send("POST", "/api/attempts/\(ids["chai"]!)/answers", json: ["position": 1, "chosen": [0]]).status == 401)
        for id in ids.values { #expect(try f.records.responses(attemptID: Int64(id)).count == 1, "no answer was recorded after its session ended") }
    }

    @Test(arguments: TestEngine.allCases) func loggingOutEndsTheSessionAtOnce(engine: TestEngine) throws {
        let f = try ServerFixture(engine: engine)
        let c = f.client("amina")
        #expect(c.send("GET", "/api/me").status == 200)
        let session = c.cookie
        #expect(c.send("POST", "/api/logout").status == 200)
        c.cookie = session
        #expect(c.send("GET", "/api/attempts").status == 401)
    }

    @Test(arguments: TestEngine.allCases) func manyLearnersAnsweringAtOnceAreAllRecorded(engine: TestEngine) throws {
        let f = try ServerFixture(engine: engine)
        let users = ["amina", "budi", "chai"]
        let ids = try users.map { user in try #require(f.client(user).send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int) }
        final class Statuses: @unchecked Sendable { let lock = NSLock(); var values: [Int] = [] }
        let statuses = Statuses()
        DispatchQueue.concurrentPerform(iterations: 24) { i in
            let user = i % users.count
            let c = f.client(users[user])
            let s = c.send("POST", "/api/attempts/\(ids[user])/answers", json: ["position": (i / users.count) % 4, "chosen": [0]]).status
            statuses.lock.lock(); statuses.values.append(s); statuses.lock.unlock()
        }
        #expect(statuses.values.count == 24 && statuses.values.allSatisfy { $0 == 200 })
        for id in ids { #expect(try f.records.responses(attemptID: Int64(id)).count == 4) }
    }

    @Test(arguments: TestEngine.allCases) func loginCookieIsHttpOnlyStrictAndExpires(engine: TestEngine) throws {
        let f = try ServerFixture(engine: engine)
        let r = f.client().login(f.tokens["amina"]!)
        let cookie = try #require(r.headers["set-cookie"])
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Max-Age="))
        let stored = try f.records.db.query("SELECT token_hash FROM users WHERE id = 'amina'").first?.first?.string
        #expect(stored != f.tokens["amina"] && stored?.count == 64, "only a SHA-256 hash of the token is stored")
    }

    @Test(arguments: TestEngine.allCases) func trustedHeaderOnlyWhenConfigured(engine: TestEngine) throws {
        let plain = try ServerFixture(engine: engine)
        #expect(plain.client().send("GET", "/api/me", headers: ["X-Forwarded-User": "tara"]).status == 401)
        let proxied = try ServerFixture(trustHeader: "X-Forwarded-User", engine: engine)
        #expect(proxied.client().send("GET", "/api/me", headers: ["X-Forwarded-User": "tara"]).object["role"] as? String == "trainer")
    }

    @Test(arguments: TestEngine.allCases) func twoLearnersAtOnce(engine: TestEngine) throws {
        let f = try ServerFixture(engine: engine)
        let group = DispatchGroup()
        final class Statuses: @unchecked Sendable { let lock = NSLock(); var values: [Int] = [] }
        let results = Statuses()
        for user in ["amina", "budi"] {
            group.enter()
            DispatchQueue.global().async {
                let c = f.client(user)
                let id = c.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int ?? -1
                for _ in 0..<4 {
                    let p = c.send("GET", "/api/attempts/\(id)/question").object["position"] as? Int ?? 0
                    let s = c.send("POST", "/api/attempts/\(id)/answers", json: ["position": p, "chosen": [0]]).status
                    results.lock.lock(); results.values.append(s); results.lock.unlock()
                }
                group.leave()
            }
        }
        group.wait()
        #expect(results.values.count == 8 && results.values.allSatisfy { $0 == 200 })
        #expect(try f.records.attempts().count == 2)
    }
}
