import Foundation
import Testing
@testable import Records
import CasebookTestSupport

/// The PostgreSQL engine on a real PostgreSQL 15 (started by the test support; these tests
/// fail with the reason when it cannot start). The record suites run on both engines
/// (`TestEngine.allCases`); these check what only PostgreSQL has.
@Suite struct PostgreSQLTests {
    /// A test run that crashed or was killed leaves its server folder behind (and its
    /// `postgres` running); the next run removes it. A folder whose test process still runs
    /// (this one's) is kept.
    @Test func foldersOfEndedTestRunsAreRemovedAndLiveOnesKept() throws {
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let temporary = FileManager.default.temporaryDirectory.path
        let stale = temporary + "/casebook-pg-test-ended-\(UUID().uuidString)", live = temporary + "/casebook-pg-test-live-\(UUID().uuidString)"
        for (folder, pid) in [(stale, ended.processIdentifier), (live, getpid())] {
            try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: folder + "/" + PostgresServer.ownerFile, contents: Data("\(pid)\n".utf8))
        }
        defer { try? FileManager.default.removeItem(atPath: live); try? FileManager.default.removeItem(atPath: stale) }
        PostgresServer.removeServersOfEndedRuns()
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: live + "/" + PostgresServer.ownerFile))
    }

    /// The group commit's statement is prepared once per connection; a server restart ends the
    /// session that held it, so the connection that replaces the lost one must prepare it
    /// again (before, every later batch failed with "prepared statement does not exist" and
    /// was written again the slow way).
    @Test func aStatementPreparedBeforeARestartIsPreparedAgainAfterIt() throws {
        let server = try PostgresServer.dedicated()
        let db = try PostgreSQLDatabase(url: try server.database())
        let sql = "SELECT ?::text || 'b'"
        #expect(try db.queryPrepared("casebook_test", sql, [.text("a")]) == [[.text("ab")]])
        try server.stop(mode: "fast")
        try server.start()
        // The first statement after the restart may find the connection lost; the next reconnects.
        _ = try? db.queryPrepared("casebook_test", sql, [.text("a")])
        #expect(try db.queryPrepared("casebook_test", sql, [.text("c")]) == [[.text("cb")]])
    }

    /// The group commit writes a batch of answers with one prepared statement (its own
    /// transaction): every kind of answer in it gets the outcome it gets alone, and what is
    /// stored is what was sent (a score such as 0.1 exactly, the commit's time when sent without one).
    @Test func aBatchOfEveryKindOfAnswerIsWrittenWithOneStatement() throws {
        let r = try Records(path: try PostgresServer.shared().database())
        try r.addLearner(Learner(id: "l", name: "L"))
        try r.addUser(id: "l", role: "moderator", team: "", market: "", tokenHash: "token", tokenExpiresAt: "9999")
        try r.addSession(idHash: "live", userID: "l", expiresAt: "2999-01-01T00:00:00Z")
        try r.addSession(idHash: "old", userID: "l", expiresAt: "2000-01-01T00:00:00Z")
        let a = try r.startAttempt(learnerID: "l", blueprintID: "b", seed: 1, contentVersion: "v", mode: "exam", itemsJSON: "[]")
        let done = try r.startAttempt(learnerID: "l", blueprintID: "b", seed: 2, contentVersion: "v", mode: "exam", itemsJSON: "[]")
        try r.finishAttempt(done, percent: 0, passed: false)
        func sent(_ attempt: Int64, _ position: Int, _ chosen: String, score: Double = 1) -> ResponseRecord {
            ResponseRecord(attemptID: attempt, position: position, itemID: "c\(position)", itemVersion: "a", kind: "decision", chosen: chosen, score: score, answeredAt: "")
        }
        try r.recordResponse(sent(a, 0, "keep"))
        let live = LiveSession(idHash: "live", userID: "l")
        let now = "2026-12-03T10:00:00.123Z"
        let batch: [(response: ResponseRecord, session: LiveSession?)] = [
            (sent(a, 0, "remove"), live), (sent(a, 1, "remove", score: 0.1), live), (sent(done, 0, "remove"), live), (sent(999, 0, "remove"), nil),
            (sent(a, 2, "remove"), LiveSession(idHash: "old", userID: "l")), (sent(a, 3, "approve"), nil), (sent(a, 4, "remove"), LiveSession(idHash: "live", userID: "other")),
        ]
        let outcomes = try #require(try r.insertResponsesInOneStatement(batch, now: now, sessionNow: Timestamp.iso(Date())))
        #expect(outcomes.count == batch.count)
        #expect(try outcomes[0].get().chosen == "keep", "a repeated answer gets the stored one")
        #expect(try outcomes[1].get().chosen == "remove")
        #expect(throws: RecordsError.attemptFinished(attemptID: done)) { try outcomes[2].get() }
        #expect { try outcomes[3].get() } throws: { if case .notFound = $0 as? RecordsError { true } else { false } }
        #expect(throws: RecordsError.sessionEnded) { try outcomes[4].get() }
        #expect(try outcomes[5].get().chosen == "approve")
        #expect(throws: RecordsError.sessionEnded, "a session is live for its own user only") { try outcomes[6].get() }
        let stored = try r.responses(attemptID: a)
        #expect(stored.map(\.position) == [0, 1, 3])
        #expect(stored[1].score == 0.1 && stored[1].answeredAt == now && stored[2].answeredAt == now)
        #expect(try r.responses(attemptID: done).isEmpty)
    }

    @Test func aNewDatabaseIsMigratedToTheSchemaVersionOnce() throws {
        let server = try PostgresServer.shared()
        let url = try server.database()
        let r = try Records(path: url)
        #expect(r.db.engine == .postgres)
        #expect(try r.db.query("SELECT version FROM schema_version").map { $0[0].int } == [Int64(Records.schemaVersion)])
        // Opening again runs nothing: still one row, same version.
        _ = try Records(path: url)
        #expect(try r.db.query("SELECT COUNT(*), MAX(version) FROM schema_version").first == [.integer(1), .integer(Int64(Records.schemaVersion))])
        // The tables, columns and triggers of SQLite's schema are there.
        #expect(try DatabaseCopy.tableNames(r.db).contains("certificates"))
        try r.addLearner(Learner(id: "l", name: "L"))
        let id = try r.acknowledge(learnerID: "l", sopID: "ip", version: "1.0").id
        #expect(throws: RecordsError.self) { try r.db.query("UPDATE acknowledgements SET version = '2.0' WHERE id = ?", [.integer(id)]) }
        #expect(throws: RecordsError.self) { try r.db.query("DELETE FROM acknowledgements") }
    }

    /// DBAs often give the application a user that may read and write rows but not create
    /// tables: such a user can use a database another user migrated (before, every open ran
    /// CREATE TABLE IF NOT EXISTS schema_version and was refused).
    @Test func aUserWithoutCreateRightsUsesAMigratedDatabase() throws {
        let server = try PostgresServer.shared()
        let url = try server.database()
        let owner = try Records(path: url)
        try owner.addLearner(Learner(id: "amina", name: "Amina Putri"))
        let name = String(url.split(separator: "/").last!)
        let role = "app_\(name)"
        _ = try server.psql(name, """
            CREATE ROLE \(role) LOGIN;
            REVOKE CREATE ON SCHEMA public FROM PUBLIC;
            GRANT USAGE ON SCHEMA public TO \(role);
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \(role);
            GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO \(role);
            """)
        let app = try Records(path: "postgres://\(role)@127.0.0.1:\(server.port)/\(name)")
        #expect(try app.learner("amina")?.name == "Amina Putri")
        try app.addLearner(Learner(id: "budi", name: "Budi"))
        #expect(try owner.learner("budi") != nil)
    }

    @Test func instancesStartedTogetherMigrateTheDatabaseOnce() throws {
        let server = try PostgresServer.shared()
        for _ in 0..<3 {
            let url = try server.database()
            final class Outcomes: @unchecked Sendable { let lock = NSLock(); var errors: [String] = [] }
            let outcomes = Outcomes()
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do { _ = try Records(path: url) } catch { outcomes.lock.withLock { outcomes.errors.append("\(error)") } }
            }
            #expect(outcomes.errors == [])
            let r = try Records(path: url)
            #expect(try r.db.query("SELECT COUNT(*), MAX(version) FROM schema_version").first == [.integer(1), .integer(Int64(Records.schemaVersion))])
        }
    }

    @Test func aConnectionErrorNamesHostPortAndDatabaseButNeverThePassword() throws {
        let server = try PostgresServer.shared()
        // Nothing listens on port 1; the database does not exist on the real server.
        for (url, port, db) in [("postgres://casebook:s3cret-pw@127.0.0.1:1/records", "1", "records"),
                                ("postgres://casebook:s3cret-pw@127.0.0.1:\(server.port)/no_such_db", String(server.port), "no_such_db")] {
            do {
                _ = try Records(path: url)
                Issue.record("connected to \(db)")
            } catch {
                #expect(error.message.contains("host 127.0.0.1, port \(port), database \(db)"), "\(error.message)")
                #expect(error.message.contains("check that the server is running"))
                #expect(!error.message.contains("s3cret-pw"))
                if case .storage(let e) = error { #expect(!e.path.contains("s3cret-pw")) }
            }
        }
    }

    @Test func copyingASQLiteDeploymentKeepsEveryRowAndRefusesANonEmptyTarget() throws {
        let t = try TempTree()
        let file = t.path("data/casebook.db")
        let sqlite = try Records(path: file)
        try sqlite.addLearner(Learner(id: "amina", name: "Amina Putri", team: "id-listings", vendor: "in-house", market: "ID"))
        let a = try sqlite.startAttempt(learnerID: "amina", blueprintID: "onboarding", seed: 42, contentVersion: "v1", mode: "exam", itemsJSON: "[]")
        try sqlite.recordResponse(ResponseRecord(attemptID: a, position: 0, itemID: "c1", itemVersion: "a", kind: "decision", chosen: "remove", score: 1, answeredAt: "2026-12-01T10:00:00.000Z"))
        try sqlite.recordResponse(ResponseRecord(attemptID: a, position: 1, itemID: "c2", itemVersion: "a", kind: "multi", chosen: "a,b", score: 0.5, answeredAt: "2026-12-01T10:01:00.000Z"))
        try sqlite.finishAttempt(a, percent: 75, passed: true)
        _ = try sqlite.acknowledge(learnerID: "amina", sopID: "ip", version: "2.1")

        let url = try PostgresServer.shared().database()
        let tables = try DatabaseCopy.copy(from: file, to: url)
        #expect(tables.allSatisfy { $0.matches })
        #expect(tables.first { $0.table == "responses" }?.targetRows == 2)
        #expect(tables.first { $0.table == "acknowledgements" }?.targetRows == 1)

        let pg = try Records(path: url)
        #expect(try pg.responses(attemptID: a).map(\.chosen) == ["remove", "a,b"])
        #expect(try pg.attempt(a)?.passed == true)
        #expect(try pg.learner("amina")?.name == "Amina Putri")
        // New records continue after the copied ids.
        #expect(try pg.startAttempt(learnerID: "amina", blueprintID: "onboarding", seed: 7, contentVersion: "v1", mode: "exam", itemsJSON: "[]") == a + 1)

        do {
            _ = try DatabaseCopy.copy(from: file, to: url)
            Issue.record("copied into a database that holds records")
        } catch {
            #expect(error.message.contains("already holds records"))
        }
        #expect(try pg.responses(attemptID: a).count == 2)
    }
}
