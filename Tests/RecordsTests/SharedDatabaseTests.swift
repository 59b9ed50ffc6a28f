import Foundation
import Testing
@testable import Records
import Learning
import Quiz
import CasebookTestSupport

/// Several Casebook processes on one PostgreSQL database (issue 17): each `Records` here is
/// what one `casebook serve` holds. Read-then-write steps are isolated, a failed statement
/// or a lost connection never lets a transaction report as saved what it did not save, and
/// one refused answer does not take the others of its group commit with it.
@Suite struct SharedDatabaseTests {
    /// Records on a new test PostgreSQL database, with learner amina and an attempt of hers.
    func records() throws -> (TempTree, Records, Int64) {
        let tree = try TempTree([:])
        let r = try Records(path: tree.database("cb", on: .postgres))
        try r.addLearner(Learner(id: "amina", name: "Amina", team: "id-listings", market: "ID"))
        let attempt = try r.startAttempt(learnerID: "amina", blueprintID: "practice", seed: 1, contentVersion: "v1", mode: "practice", itemsJSON: "[]")
        return (tree, r, attempt)
    }

    func response(_ attempt: Int64, _ position: Int, item: String = "c1", chosen: String = "remove") -> ResponseRecord {
        ResponseRecord(attemptID: attempt, position: position, itemID: item, itemVersion: "1", kind: "decision", chosen: chosen, score: 1,
                       answeredAt: "", gold: "remove")
    }

    /// What the committer answered each submission, by position.
    final class Outcomes: @unchecked Sendable {
        let lock = NSLock()
        var byPosition: [Int: Result<ResponseRecord, RecordsError>] = [:]
        let group = DispatchGroup()
        func submit(_ r: Records, _ response: ResponseRecord) {
            group.enter()
            r.recordResponse(response) { result in
                self.lock.withLock { self.byPosition[response.position] = result }
                self.group.leave()
            }
        }
    }

    /// A statement the server refuses in one answer (here a CHECK a DBA added; in life a
    /// deadlock with another instance's commit, a timeout) aborts a PostgreSQL transaction:
    /// the answers committed with it must still be saved, and every answer reported saved
    /// must be in the database. Before savepoints the answers queued before the refused one
    /// were reported saved and silently rolled back with it.
    @Test func aRefusedAnswerDoesNotTakeTheOthersOfItsCommitWithIt() throws {
        let (_, r, attempt) = try records()
        try r.db.execute("ALTER TABLE responses ADD CONSTRAINT refused_items CHECK (item_id <> 'refused')")
        let outcomes = Outcomes()
        // Holding the writing connection makes the committer wait, so the answers sent
        // meanwhile queue into one commit: the first alone, then the three together.
        try r.db.transaction { () throws(RecordsError) in
            outcomes.submit(r, response(attempt, 0))
            Thread.sleep(forTimeInterval: 0.2)
            outcomes.submit(r, response(attempt, 1))
            outcomes.submit(r, response(attempt, 2, item: "refused"))
            outcomes.submit(r, response(attempt, 3))
            Thread.sleep(forTimeInterval: 0.2)
        }
        outcomes.group.wait()
        let stored = Set(try r.responses(attemptID: attempt).map(\.position))
        for (position, result) in outcomes.byPosition.sorted(by: { $0.key < $1.key }) {
            switch result {
            case .success: #expect(stored.contains(position), "answer \(position) was reported saved but is not in the database")
            case .failure(let error): #expect(position == 2, "answer \(position) failed: \(error)")
            }
        }
        #expect(stored == [0, 1, 3])
    }

    /// A transaction whose statement failed (its error caught by the caller) is rolled back
    /// by the server, which answers COMMIT with ROLLBACK and no error: the transaction must
    /// throw, not return as if committed.
    @Test func aTransactionTheServerAbortedThrowsInsteadOfReportingSaved() throws {
        let (_, r, _) = try records()
        #expect(throws: RecordsError.self) {
            try r.db.transaction { () throws(RecordsError) in
                try r.db.query("INSERT INTO learners (id, name, created_at) VALUES ('budi', 'Budi', '')")
                _ = try? r.db.query("SELECT 1 / 0")
            }
        }
        #expect(try r.learner("budi") == nil)
    }

    /// The connection lost inside a transaction (PostgreSQL restarted, the backend killed):
    /// the rest of the transaction must fail, not run on a new connection outside it (where
    /// its COMMIT would report the lost statements as saved).
    @Test func aConnectionLostInsideATransactionFailsTheTransaction() throws {
        let (tree, r, _) = try records()
        let other = try PostgreSQLDatabase(url: try tree.database("cb", on: .postgres))
        #expect(throws: RecordsError.self) {
            try r.db.transaction { () throws(RecordsError) in
                try r.db.query("INSERT INTO learners (id, name, created_at) VALUES ('budi', 'Budi', '')")
                let pid = try r.db.query("SELECT pg_backend_pid()").first?.first ?? .null
                try other.query("SELECT pg_terminate_backend(?::int)", [pid])
                _ = try? r.db.query("INSERT INTO learners (id, name, created_at) VALUES ('chai', 'Chai', '')")
                try r.db.query("INSERT INTO learners (id, name, created_at) VALUES ('dewi', 'Dewi', '')")
            }
        }
        // The connection works again after the transaction, and nothing of it was saved.
        #expect(try r.db.query("SELECT id FROM learners ORDER BY id").map { $0[0].string } == ["amina"])
    }

    /// Two servers acknowledging the same SOP version for the same learner at once (a double
    /// click the proxy sent to both) store one acknowledgement, as one server does. Server A
    /// is part-way through (it has the learner, found no acknowledgement and inserted its
    /// own, not yet committed) when B runs.
    @Test func acknowledgingAtOnceOnTwoServersStoresOneAcknowledgement() throws {
        let (tree, _, _) = try records()
        let url = try tree.database("cb", on: .postgres)
        let b = try Records(path: url)
        let a = try PostgreSQLDatabase(url: url)
        try a.execute("BEGIN")
        try a.query("SELECT id FROM learners WHERE id = 'amina' FOR NO KEY UPDATE")
        #expect(try a.query("SELECT id FROM acknowledgements WHERE learner_id = 'amina' AND sop_id = 'ip' AND version = '3.2'").isEmpty)
        try a.query("INSERT INTO acknowledgements (learner_id, sop_id, version, acknowledged_at) VALUES ('amina', 'ip', '3.2', '2026-12-03T00:00:00.000Z')")
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            _ = try? b.acknowledge(learnerID: "amina", sopID: "ip", version: "3.2")
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.3)
        try a.execute("COMMIT")
        done.wait()
        #expect(try b.acknowledgements(learnerID: "amina").map(\.acknowledgedAt) == ["2026-12-03T00:00:00.000Z"])
    }

    /// A path whose last two tasks a learner completes at once on two servers (acknowledging
    /// on A, passing the quiz on B) grants its certificate: before the learner lock each
    /// transaction saw the other's task still open, and neither granted it.
    @Test func aPathCompletedOnTwoServersAtOnceGrantsItsCertificate() throws {
        let (tree, b, _) = try records()
        let path = LearningPath(
            id: "ip-reader", title: "IP reader", description: "", role: "moderator", queue: "ip", markets: [], teams: [], vendors: [],
            steps: [PathStep(id: "read", title: "Read IP", kind: .acknowledge([PathReading(sopID: "ip", sections: [])]), after: [], dueDays: 3, line: 1),
                    PathStep(id: "quiz", title: "Pass practice", kind: .pass(blueprintID: "practice"), after: [], dueDays: 7, line: 2)],
            certificate: PathCertificate(id: "ip-cert", validDays: 180, recertBlueprint: "", recertDaysBefore: 0), file: "paths/ip-reader.yml")
        _ = try b.assignPath(path, sopVersions: ["ip": "3.2"], learnerIDs: ["amina"], start: "2026-12-01")
        let exam = try b.startAttempt(learnerID: "amina", blueprintID: "practice", seed: 2, contentVersion: "v1", mode: "practice", itemsJSON: "[]")
        // Server A is acknowledging: the acknowledgement stored and its task completed, not yet committed.
        let a = try PostgreSQLDatabase(url: try tree.database("cb", on: .postgres))
        try a.execute("BEGIN")
        try a.query("SELECT id FROM learners WHERE id = 'amina' FOR NO KEY UPDATE")
        try a.query("INSERT INTO acknowledgements (learner_id, sop_id, version, acknowledged_at) VALUES ('amina', 'ip', '3.2', '2026-12-03T00:00:00.000Z')")
        try a.query("UPDATE tasks SET completed_at = '2026-12-03T00:00:00.000Z', evidence = 'acknowledgement:1' WHERE learner_id = 'amina' AND kind = 'acknowledge'")
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            _ = try? b.finishAttempt(exam, percent: 100, passed: true)
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.3)
        try a.execute("COMMIT")
        done.wait()
        #expect(try b.openTasks(learnerID: "amina").isEmpty)
        #expect(try b.certificates(learnerID: "amina").map(\.certificate) == ["ip-cert"])
    }

    /// A contest resolved on one server while another resolves it: the second sees it closed
    /// (resolutions are never overwritten), as on one server.
    @Test func aContestResolvedMeanwhileElsewhereIsNotOverwritten() throws {
        let (tree, a, attempt) = try records()
        let url = try tree.database("cb", on: .postgres)
        let b = try Records(path: url)
        try a.recordResponse(response(attempt, 0))
        let contest = try a.addContest(attemptID: attempt, position: 0, itemID: "c1", learnerID: "amina", comment: "the key looks wrong")
        // Server A is resolving it: its transaction has read the contest open and updated it, not yet committed.
        let other = try PostgreSQLDatabase(url: url)
        try other.execute("BEGIN")
        try other.query("UPDATE contests SET status = 'rejected', resolution = 'key is right', resolved_by = 'tara' WHERE id = ?", [.integer(contest)])
        let done = DispatchSemaphore(value: 0)
        final class Box: @unchecked Sendable { var error: RecordsError? }
        let box = Box()
        DispatchQueue.global().async {
            do { try b.resolveContest(contest, status: "upheld", resolution: "fixed", by: "lead") } catch { box.error = error as? RecordsError }
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.3)
        try other.execute("COMMIT")
        done.wait()
        #expect(box.error == .contestClosed(contestID: contest, status: "rejected"))
        #expect(try a.contest(contest)?.status == "rejected")
        #expect(try a.contest(contest)?.resolvedBy == "tara")
    }

    /// The same adaptive-exam answer recorded by two servers at once: the second waits for
    /// the first's commit and gets its outcome (idempotent, as a fixed attempt's answer), not
    /// an error. On PostgreSQL the row count of the SELECT that reads the stored answer was
    /// taken for the INSERT's, so the second tried to add the step again and was refused.
    @Test func theSameAdaptiveAnswerOnTwoServersAtOnceGetsTheFirstOutcome() throws {
        let (tree, _, attempt) = try records()
        let url = try tree.database("cb", on: .postgres)
        let b = try Records(path: url)
        let a = try PostgreSQLDatabase(url: url)
        let sent = response(attempt, 3)
        let step = StoredAdaptiveStep(step: 0, position: 3, value: AdaptiveStep(item: "c1", correct: true, theta: 0.5, standardError: 1))
        // Server A is recording it: its answer and step are inserted, not yet committed.
        try a.execute("BEGIN")
        try a.query("""
            INSERT INTO responses (attempt_id, position, item_id, item_version, kind, chosen, score, answered_at, gold)
            VALUES (?, 3, 'c1', '1', 'decision', 'remove', 1, '2026-12-03T00:00:00.000Z', 'remove')
            """, [.integer(attempt)])
        try a.query("INSERT INTO adaptive_steps (attempt_id, step, position, item_id, correct, theta, se) VALUES (?, 0, 3, 'c1', 1, 0.5, 1)", [.integer(attempt)])
        final class Box: @unchecked Sendable { var result: Result<ResponseRecord, RecordsError>? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            do { box.result = .success(try b.recordAdaptiveAnswer(sent, step: step)) } catch { box.result = .failure(error as! RecordsError) }
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.3)
        try a.execute("COMMIT")
        done.wait()
        let stored = try #require(try box.result?.get())
        #expect(stored.answeredAt == "2026-12-03T00:00:00.000Z", "the first answer's outcome")
        #expect(try b.adaptiveSteps(attemptID: attempt).count == 1)
    }

    /// What a step run on another thread returned.
    final class ResultBox<T>: @unchecked Sendable { var result: Result<T, any Error>? }

    /// Server A part-way through acknowledging version 3.2 of SOP ip for amina, as
    /// `acknowledge` does it: the learner locked, the acknowledgement inserted, not committed.
    /// On SQLite its write lock is what it holds.
    func acknowledgingElsewhere(_ url: String, engine: TestEngine) throws -> Records {
        let a = try Records(path: url)
        try a.db.execute(engine == .postgres ? "BEGIN" : "BEGIN IMMEDIATE")
        try a.lockLearner("amina")
        try a.db.query("INSERT INTO acknowledgements (learner_id, sop_id, version, acknowledged_at) VALUES ('amina', 'ip', '3.2', '2026-12-03T00:00:00.000Z')")
        return a
    }

    /// Runs `step` on another thread while A's acknowledgement is open, commits A after
    /// 0.3 s, and returns what `step` returned.
    func whileAcknowledgingElsewhere<T: Sendable>(_ url: String, engine: TestEngine, _ step: @escaping @Sendable () throws -> T) throws -> T {
        let a = try acknowledgingElsewhere(url, engine: engine)
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            box.result = Result { try step() }
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.3)
        try a.db.execute("COMMIT")
        done.wait()
        return try #require(box.result).get()
    }

    /// A campaign created on server B while amina acknowledges the version on server A: A's
    /// acknowledgement commits while B's campaign transaction runs. Before the campaign locked
    /// its learners, B read no acknowledgement (its SERIALIZABLE snapshot predated A's commit)
    /// and A never saw B's uncommitted task: amina's acknowledge task stayed open although
    /// she had acknowledged. Now B waits for A and completes the task with A's acknowledgement.
    @Test(arguments: TestEngine.allCases) func aCampaignCreatedWhileTheLearnerAcknowledgesElsewhereCompletesHerTask(engine: TestEngine) throws {
        let tree = try TempTree([:])
        let url = try tree.database("cb.db", on: engine)
        let b = try Records(path: url)
        try b.addLearner(Learner(id: "amina", name: "Amina", team: "id-listings", market: "ID"))
        let campaign = try whileAcknowledgingElsewhere(url, engine: engine) {
            try b.createCampaign(Campaign(sopID: "ip", version: "3.2", due: "2026-12-15"), learners: ["amina"])
        }
        #expect(try b.campaignProgress(campaign, today: "2026-12-03").map(\.acknowledged) == [true])
        #expect(try b.openTasks(learnerID: "amina").isEmpty)
        let ack = try #require(try b.acknowledgements(learnerID: "amina").first)
        #expect(try b.tasks(learnerID: "amina").map(\.evidence) == ["acknowledgement:\(ack.id)"])
    }

    /// The same race for a path assigned on B while amina acknowledges its reading on A: the
    /// path's acknowledge step is completed and its certificate granted.
    @Test(arguments: TestEngine.allCases) func aPathAssignedWhileTheLearnerAcknowledgesElsewhereCompletesHerStep(engine: TestEngine) throws {
        let tree = try TempTree([:])
        let url = try tree.database("cb.db", on: engine)
        let b = try Records(path: url)
        try b.addLearner(Learner(id: "amina", name: "Amina", team: "id-listings", market: "ID"))
        let path = LearningPath(
            id: "ip-reader", title: "IP reader", description: "", role: "moderator", queue: "ip", markets: [], teams: [], vendors: [],
            steps: [PathStep(id: "read", title: "Read IP", kind: .acknowledge([PathReading(sopID: "ip", sections: [])]), after: [], dueDays: 3, line: 1)],
            certificate: PathCertificate(id: "ip-cert", validDays: 180, recertBlueprint: "", recertDaysBefore: 0), file: "paths/ip-reader.yml")
        let result = try whileAcknowledgingElsewhere(url, engine: engine) {
            try b.assignPath(path, sopVersions: ["ip": "3.2"], learnerIDs: ["amina"], start: "2026-12-01")
        }
        #expect(result.assigned == ["amina"])
        #expect(try b.openTasks(learnerID: "amina").isEmpty)
        #expect(try b.certificates(learnerID: "amina").map(\.certificate) == ["ip-cert"])
    }

    /// A server that accepts the connection but never answers (a hung or vanished machine):
    /// connecting gives up after the connect timeout with the usual message, instead of
    /// holding every request behind it for as long as TCP waits.
    @Test func aServerThatNeverAnswersFailsTheConnectionInSeconds() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        listen(listener, 8) // accepted by the kernel, never read
        let port = Int(UInt16(bigEndian: address.sin_port))
        final class Box: @unchecked Sendable { var error: RecordsError? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let started = Date()
        DispatchQueue.global().async {
            do { _ = try PostgreSQLDatabase(url: "postgres://casebook@127.0.0.1:\(port)/casebook") } catch { box.error = error as? RecordsError }
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 30) == .success, "still connecting after 30 s")
        #expect(Date().timeIntervalSince(started) < 25)
        #expect(box.error?.message.contains("cannot connect to PostgreSQL at host 127.0.0.1, port \(port), database casebook") == true, "\(String(describing: box.error))")
    }
}
