import Foundation
import Testing
import CasebookTestSupport
@testable import Records
@testable import Server

extension HTTPClient {
    /// The same browser (its session cookie) sent to another instance, as a proxy does.
    func to(_ server: HTTPServer) -> HTTPClient {
        let c = HTTPClient(port: server.port)
        c.cookie = cookie
        return c
    }
}

/// Two `casebook serve` instances on one database (issue 17): each has its own connections,
/// group commit and caches; a request reaching either behaves as on one server. Both
/// engines where two processes can share the database (SQLite: one file on one machine).
@Suite struct InstancesTests {
    @Test(arguments: TestEngine.allCases) func sessionsAreSharedAndEndOnEveryInstanceAtOnce(engine: TestEngine) throws {
        let f = try ServerFixture(engine: engine)
        let b = try f.instance()
        let onA = f.client("amina")
        let onB = onA.to(b.server)
        #expect(onB.send("GET", "/api/me").object["id"] as? String == "amina", "signed in on A, known on B")
        let id = try #require(onB.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int)
        // An answer on each instance puts the session in both session caches.
        #expect(onA.send("POST", "/api/attempts/\(id)/answers", json: ["position": 0, "chosen": [0]]).status == 200)
        #expect(onB.send("POST", "/api/attempts/\(id)/answers", json: ["position": 1, "chosen": [0]]).status == 200)
        // Logged out on B: A refuses the cookie at once, answers included.
        #expect(onB.send("POST", "/api/logout").status == 200)
        #expect(onA.send("POST", "/api/attempts/\(id)/answers", json: ["position": 2, "chosen": [0]]).status == 401)
        #expect(onA.send("GET", "/api/me").status == 401)
        #expect(try f.records.responses(attemptID: Int64(id)).count == 2)
        // Revoked (by `casebook users revoke`, a third process) while signed in on both.
        let budiA = f.client("budi"), budiB = budiA.to(b.server)
        let budiAttempt = try #require(budiA.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int)
        #expect(budiB.send("POST", "/api/attempts/\(budiAttempt)/answers", json: ["position": 0, "chosen": [0]]).status == 200)
        #expect(budiA.send("POST", "/api/attempts/\(budiAttempt)/answers", json: ["position": 1, "chosen": [0]]).status == 200)
        let cli = try Records(path: f.records.location)
        #expect(try cli.revokeUser("budi"))
        for c in [budiA, budiB] {
            #expect(c.send("POST", "/api/attempts/\(budiAttempt)/answers", json: ["position": 2, "chosen": [0]]).status == 401)
            #expect(c.send("GET", "/api/attempts").status == 401)
        }
        // A sign-in token works once, whichever instances it is sent to at the same time.
        let token = f.tokens["chai"]!
        let signingIn = [HTTPClient(port: f.server.port), HTTPClient(port: b.server.port)]
        final class Box: @unchecked Sendable { let lock = NSLock(); var codes: [Int] = [] }
        let box = Box()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let code = signingIn[i].login(token).status
            box.lock.withLock { box.codes.append(code) }
        }
        #expect(box.codes.sorted() == [200, 401])
        #expect(try f.records.db.query("SELECT COUNT(*) FROM sessions WHERE user_id = 'chai'").first?.first == .integer(1))
    }

    @Test(arguments: TestEngine.allCases) func anAttemptAnsweredThroughBothInstancesIsRecordedOnceAndFinishedOnce(engine: TestEngine) throws {
        let f = try ServerFixture(engine: engine)
        let b = try f.instance()
        let onA = f.client("amina")
        let onB = onA.to(b.server)
        let clients = [onA, onB]
        let id = try #require(onA.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int)
        for k in 0..<4 {
            let q = clients[k % 2].send("GET", "/api/attempts/\(id)/question")
            let position = try #require(q.object["position"] as? Int)
            // The same answer sent to both instances at once (a retry through the proxy): stored once, same outcome.
            final class Box: @unchecked Sendable { let lock = NSLock(); var replies: [HTTPClient.Reply] = [] }
            let box = Box()
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                let reply = clients[i].send("POST", "/api/attempts/\(id)/answers", json: ["position": position, "chosen": [k % 2]])
                box.lock.withLock { box.replies.append(reply) }
            }
            #expect(box.replies.map(\.status) == [200, 200])
            let score = (box.replies[0].object["feedback"] as? [String: Any])?["score"] as? Double
            #expect((box.replies[1].object["feedback"] as? [String: Any])?["score"] as? Double == score)
            // A different answer to the other instance keeps the first, as on one instance.
            let changed = clients[(k + 1) % 2].send("POST", "/api/attempts/\(id)/answers", json: ["position": position, "chosen": [(k + 1) % 2]])
            #expect(changed.status == 200)
            #expect((changed.object["feedback"] as? [String: Any])?["score"] as? Double == score)
        }
        let stored = try f.records.responses(attemptID: Int64(id))
        #expect(stored.map(\.position) == [0, 1, 2, 3])
        // Finished on B; A (whose attempt cache still holds it unfinished) refuses answers, and finishing again on A keeps B's result.
        let finished = onB.send("POST", "/api/attempts/\(id)/finish")
        #expect(finished.status == 200)
        #expect(onA.send("POST", "/api/attempts/\(id)/answers", json: ["position": 0, "chosen": [1]]).status == 409)
        #expect(onA.send("GET", "/api/attempts/\(id)/question").status == 409)
        let again = onA.send("POST", "/api/attempts/\(id)/finish")
        #expect(again.object["percent"] as? Double == finished.object["percent"] as? Double)
        // An exam allows one attempt: used up on B, A refuses a retake.
        let exam = try #require(onB.send("POST", "/api/attempts", json: ["blueprint": "exam"]).object["attempt"] as? Int)
        #expect(onA.send("POST", "/api/attempts/\(exam)/answers", json: ["position": 0, "chosen": [0]]).status == 200)
        #expect(onB.send("POST", "/api/attempts/\(exam)/finish").status == 200)
        #expect(onA.send("POST", "/api/attempts", json: ["blueprint": "exam"]).status == 403)
        // A contest of the answer given on A, filed on B.
        #expect(onB.send("POST", "/api/contests", json: ["attempt": exam, "position": 0, "comment": "the key looks wrong"]).status == 201)
        #expect(try f.records.contests().count == 1)
    }

    /// Finishing on one instance while the last answer commits on another: the answer is
    /// acknowledged, so the score counts it (or the answer is refused as too late). Before the
    /// finish read the responses inside its transaction, the score missed an answer stored
    /// with a 200. The finish is held at the attempt's row lock, as by a third transaction.
    @Test func anAnswerAcknowledgedWhileTheAttemptFinishesElsewhereCounts() throws {
        let f = try ServerFixture(engine: .postgres)
        let b = try f.instance()
        let onA = f.client("amina")
        let onB = onA.to(b.server)
        let id = try #require(onA.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int)
        for position in 0..<3 { #expect(onA.send("POST", "/api/attempts/\(id)/answers", json: ["position": position, "chosen": [0]]).status == 200) }
        let holder = try PostgreSQLDatabase(url: f.records.location)
        try holder.execute("BEGIN")
        try holder.query("SELECT id FROM attempts WHERE id = ? FOR SHARE", [.integer(Int64(id))])
        final class Box: @unchecked Sendable { var reply: HTTPClient.Reply? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            box.reply = onA.send("POST", "/api/attempts/\(id)/finish")
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.3)
        let last = onB.send("POST", "/api/attempts/\(id)/answers", json: ["position": 3, "chosen": [0]])
        try holder.execute("COMMIT")
        done.wait()
        let finish = try #require(box.reply)
        #expect(finish.status == 200)
        let review = finish.object["review"] as? [[String: Any]] ?? []
        let answered = review.filter { $0["answered"] as? Bool == true }.count
        let stored = try f.records.responses(attemptID: Int64(id)).count
        if last.status == 200 {
            #expect(stored == 4)
            #expect(answered == 4, "the answer acknowledged before the attempt was finished is in its result")
        } else {
            #expect(last.status == 409)
            #expect(stored == 3 && answered == 3)
        }
        let percent = try #require(f.records.attempt(Int64(id), items: false)?.percent)
        #expect(percent == finish.object["percent"] as? Double)
    }

    /// A report cached by A stays right when answers commit through B out of id order (on
    /// PostgreSQL an id is drawn at insert and committed later): the version counts rows.
    @Test func aReportCachedOnOneInstanceFollowsAnswersCommittedOutOfIdOrderElsewhere() throws {
        let f = try ServerFixture(engine: .postgres)
        let b = try f.instance()
        let onA = f.client("amina")
        let onB = onA.to(b.server)
        let tara = f.client("tara")
        let id = try #require(onA.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int)
        #expect(onA.send("POST", "/api/attempts/\(id)/answers", json: ["position": 0, "chosen": [0]]).status == 200)
        // A third server's commit in progress: its answer has drawn the next id, not yet committed.
        let slow = try PostgreSQLDatabase(url: f.records.location)
        try slow.execute("BEGIN")
        try slow.query("""
            INSERT INTO responses (attempt_id, position, item_id, item_version, kind, chosen, score, answered_at, gold)
            SELECT attempt_id, 2, item_id, item_version, kind, chosen, score, answered_at, gold FROM responses WHERE attempt_id = ? AND position = 0
            """, [.integer(Int64(id))])
        #expect(onB.send("POST", "/api/attempts/\(id)/answers", json: ["position": 1, "chosen": [0]]).status == 200)
        func responses() -> Int? { (tara.send("GET", "/api/reports/gaps").object["summary"] as? [String: Any])?["responses"] as? Int }
        #expect(responses() == 2)
        try slow.execute("COMMIT")
        #expect(responses() == 3, "the report counts the answer committed after it was cached")
    }

    /// PostgreSQL restarted (fast shutdown, as a DBA does) while learners answer through two
    /// instances: requests that reach the database while it is down fail with 503 and the
    /// API's JSON error, the instances reconnect by themselves once it is back, and every
    /// answer acknowledged (200) is stored with the outcome it was acknowledged with.
    @Test func postgresRestartedUnderLoadAnswers503AndLosesNoAcknowledgedAnswer() throws {
        let pg = try PostgresServer.dedicated()
        let f = try ServerFixture(database: try pg.database())
        let b = try f.instance()
        let users = ["amina", "budi", "chai"]
        let clients = users.map { f.client($0) }
        final class Log: @unchecked Sendable {
            let lock = NSLock()
            var phase = 0 // 0 before the restart, 1 down, 2 back, 3 stop
            var acknowledged: [(attempt: Int, position: Int, score: Double?)] = []
            var statuses: [Int: Int] = [:]
            var unexpected: [String] = []
            var answeredBeforeRestart = Set<Int>()
            var answeredAfterRestart = Set<Int>()
            var phaseNow: Int { lock.withLock { phase } }
        }
        let log = Log()
        @Sendable func sent(_ reply: HTTPClient.Reply, _ what: String) {
            log.lock.withLock {
                log.statuses[reply.status, default: 0] += 1
                if reply.status == 503 {
                    if reply.object["status"] as? Int != 503 || (reply.object["error"] as? String ?? "").isEmpty || reply.headers["content-type"] != "application/json" {
                        log.unexpected.append("\(what): a 503 without the JSON error: \(reply.text)")
                    }
                } else if ![200, 201].contains(reply.status) {
                    log.unexpected.append("\(what): \(reply.status) \(reply.text)")
                }
            }
            if reply.status == 503 { Thread.sleep(forTimeInterval: 0.02) }
        }
        let group = DispatchGroup()
        for (u, onA) in clients.enumerated() {
            group.enter()
            // A thread of its own per learner: under the whole parallel test run the shared
            // dispatch threads can all be busy for minutes, and the learners would only begin
            // after the restart was over.
            Thread {
                defer { group.leave() }
                let both = [onA, onA.to(b.server)]
                var n = 0
                while log.phaseNow < 3 {
                    n += 1
                    let start = both[n % 2].send("POST", "/api/attempts", json: ["blueprint": "practice"])
                    sent(start, "start")
                    guard let id = start.object["attempt"] as? Int else { continue }
                    for position in 0..<4 {
                        while log.phaseNow < 3 {
                            let reply = both[(n + position) % 2].send("POST", "/api/attempts/\(id)/answers", json: ["position": position, "chosen": [n % 2]])
                            sent(reply, "answer")
                            guard reply.status == 200 else { continue }
                            log.lock.withLock {
                                log.acknowledged.append((id, position, (reply.object["feedback"] as? [String: Any])?["score"] as? Double))
                                if log.phase == 0 { log.answeredBeforeRestart.insert(u) }
                                if log.phase == 2 { log.answeredAfterRestart.insert(u) }
                            }
                            break
                        }
                    }
                    while log.phaseNow < 3 {
                        let finish = both[n % 2].send("POST", "/api/attempts/\(id)/finish")
                        sent(finish, "finish")
                        if finish.status == 200 { break }
                    }
                }
            }.start()
        }
        // Each phase lasts until what it is for has happened (or a deadline passes, and the
        // expectations below say what did not), not a fixed time: a loaded machine is slow.
        func until(_ seconds: Double, atLeast: Double, _ done: () -> Bool) {
            let start = Date()
            while Date().timeIntervalSince(start) < seconds && (Date().timeIntervalSince(start) < atLeast || !done()) {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        until(60, atLeast: 1) { log.lock.withLock { log.answeredBeforeRestart.count == users.count } }
        try pg.stop(mode: "fast")
        log.lock.withLock { log.phase = 1 }
        until(30, atLeast: 1) { log.lock.withLock { log.statuses[503, default: 0] >= users.count } }
        try pg.start()
        log.lock.withLock { log.phase = 2 }
        until(60, atLeast: 1) { log.lock.withLock { log.answeredAfterRestart.count == users.count } }
        log.lock.withLock { log.phase = 3 }
        group.wait()

        #expect(log.unexpected.isEmpty, "\(log.unexpected.prefix(5))")
        #expect(log.statuses[503, default: 0] > 0, "requests while PostgreSQL was down failed with 503: \(log.statuses)")
        #expect(log.answeredAfterRestart == [0, 1, 2], "every learner's answers were recorded again after the restart, without restarting Casebook")
        #expect(log.acknowledged.count >= 2 * users.count, "answers were acknowledged before and after the restart")
        let check = try Records(path: f.records.location)
        var lost: [String] = []
        for a in log.acknowledged {
            guard let stored = try check.response(attemptID: Int64(a.attempt), position: a.position) else {
                lost.append("attempt \(a.attempt) position \(a.position)")
                continue
            }
            #expect(stored.score == a.score, "the stored answer is the one acknowledged")
        }
        #expect(lost.isEmpty, "acknowledged answers lost: \(lost)")
    }
}
