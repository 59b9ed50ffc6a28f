import Foundation
import Testing
@testable import Records
import CasebookTestSupport

@Suite struct RecordsTests {
    func open(_ t: TempTree, _ engine: TestEngine = .sqlite) throws -> Records { try Records(path: t.database("data/casebook.db", on: engine)) }

    @Test func createsTheDatabaseAndFolderAndMigrates() throws {
        let t = try TempTree()
        let r = try open(t)
        #expect(FileManager.default.fileExists(atPath: t.path("data/casebook.db")))
        #expect(try r.db.query("PRAGMA user_version").first?.first?.int == Int64(Records.schemaVersion))
        #expect(try r.db.query("PRAGMA journal_mode").first?.first?.string == "wal")
        // Opening again does not re-run migrations.
        _ = try open(t)
    }

    @Test(arguments: TestEngine.allCases) func learnersAttemptsAndResponsesSurviveReopening(engine: TestEngine) throws {
        let t = try TempTree()
        var attemptID: Int64 = 0
        do {
            let r = try open(t, engine)
            try r.addLearner(Learner(id: "amina", name: "Amina Putri", team: "id-listings", vendor: "in-house", market: "ID", startDate: "2026-11-02"))
            attemptID = try r.startAttempt(learnerID: "amina", blueprintID: "onboarding", seed: 42, contentVersion: "v1", mode: "practice", itemsJSON: "[]")
            try r.recordResponse(ResponseRecord(attemptID: attemptID, position: 0, itemID: "c1", itemVersion: "a", kind: "decision", chosen: "remove", score: 1, answeredAt: ""))
        }
        let again = try open(t, engine)
        #expect(try again.learner("amina")?.team == "id-listings")
        #expect(try again.attempt(attemptID)?.seed == 42)
        #expect(try again.responses(attemptID: attemptID).map(\.chosen) == ["remove"])
        #expect(try again.seenItems(learnerID: "amina")["c1"]?.count == 1)
    }

    @Test(arguments: TestEngine.allCases) func answeringTwiceKeepsTheFirstAnswerAndFinishedAttemptsRefuseAnswers(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try open(t, engine)
        try r.addLearner(Learner(id: "l", name: "L"))
        let a = try r.startAttempt(learnerID: "l", blueprintID: "b", seed: 1, contentVersion: "v", mode: "exam", itemsJSON: "[]")
        let first = ResponseRecord(attemptID: a, position: 0, itemID: "c1", itemVersion: "a", kind: "decision", chosen: "remove", score: 1, answeredAt: "")
        try r.recordResponse(first)
        var second = first
        second.chosen = "approve"; second.score = 0
        #expect(try r.recordResponse(second).chosen == "remove")
        try r.finishAttempt(a, percent: 100, passed: true)
        #expect(throws: RecordsError.self) {
            try r.recordResponse(ResponseRecord(attemptID: a, position: 1, itemID: "c2", itemVersion: "a", kind: "decision", chosen: "remove", score: 1, answeredAt: ""))
        }
        #expect(throws: RecordsError.self) { try r.addLearner(Learner(id: "l", name: "again")) }
    }

    @Test(arguments: TestEngine.allCases) func concurrentAnswersAreCommittedTogetherAndEachIsToldItsOutcome(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try open(t, engine)
        try r.addLearner(Learner(id: "l", name: "L"))
        let open = try r.startAttempt(learnerID: "l", blueprintID: "b", seed: 1, contentVersion: "v", mode: "exam", itemsJSON: "[]")
        let done = try r.startAttempt(learnerID: "l", blueprintID: "b", seed: 2, contentVersion: "v", mode: "exam", itemsJSON: "[]")
        try r.finishAttempt(done, percent: 0, passed: false)
        final class Outcomes: @unchecked Sendable { let lock = NSLock(); var ok = 0; var refused = 0 }
        let outcomes = Outcomes()
        let group = DispatchGroup()
        for i in 0..<200 {
            group.enter()
            let attempt = i % 10 == 0 ? done : open
            r.recordResponse(ResponseRecord(attemptID: attempt, position: i, itemID: "c\(i)", itemVersion: "a", kind: "decision", chosen: "remove", score: 1, answeredAt: "")) { result in
                outcomes.lock.lock()
                switch result {
                case .success: outcomes.ok += 1
                case .failure(let e): if case .attemptFinished = e { outcomes.refused += 1 }
                }
                outcomes.lock.unlock()
                group.leave()
            }
        }
        group.wait()
        #expect(outcomes.ok == 180 && outcomes.refused == 20, "a finished attempt's answers fail alone, not their batch")
        #expect(try r.responses(attemptID: open).count == 180)
        #expect(try r.responses(attemptID: done).isEmpty)
    }

    /// One group commit holding every kind of answer (new, repeated, to a finished attempt,
    /// to no attempt, from an ended session, the same question twice) gives each the outcome
    /// it gets alone, on both engines: PostgreSQL writes a batch with one statement for all
    /// of its answers, SQLite one answer at a time.
    @Test(arguments: TestEngine.allCases) func aGroupCommitOfEveryKindOfAnswerGivesEachItsOwnOutcome(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try open(t, engine)
        try r.addLearner(Learner(id: "l", name: "L"))
        try r.addUser(id: "l", role: "moderator", team: "", market: "", tokenHash: "token", tokenExpiresAt: "9999")
        try r.addSession(idHash: "live", userID: "l", expiresAt: "2999-01-01T00:00:00Z")
        try r.addSession(idHash: "old", userID: "l", expiresAt: "2000-01-01T00:00:00Z")
        let a = try r.startAttempt(learnerID: "l", blueprintID: "b", seed: 1, contentVersion: "v", mode: "exam", itemsJSON: "[]")
        let done = try r.startAttempt(learnerID: "l", blueprintID: "b", seed: 2, contentVersion: "v", mode: "exam", itemsJSON: "[]")
        try r.finishAttempt(done, percent: 0, passed: false)
        func sent(_ attempt: Int64, _ position: Int, _ chosen: String) -> ResponseRecord {
            ResponseRecord(attemptID: attempt, position: position, itemID: "c\(position)", itemVersion: "a", kind: "decision", chosen: chosen, score: 1, answeredAt: "")
        }
        try r.recordResponse(sent(a, 0, "keep"))
        let live = LiveSession(idHash: "live", userID: "l")
        func commitTogether(_ answers: [(ResponseRecord, LiveSession?)]) -> [Result<ResponseRecord, RecordsError>] {
            final class Outcomes: @unchecked Sendable { let lock = NSLock(); var results: [Int: Result<ResponseRecord, RecordsError>] = [:] }
            let outcomes = Outcomes()
            let group = DispatchGroup()
            // Holding the writing connection makes the committer wait with the first answer
            // (position 99), so the others queue into the next commit together.
            try? r.db.transaction { () throws(RecordsError) in
                for (i, (answer, session)) in ([(sent(a, 99 - answers.count, "remove"), nil)] + answers).enumerated() {
                    group.enter()
                    r.recordResponse(answer, session: session) { result in
                        outcomes.lock.withLock { outcomes.results[i] = result }
                        group.leave()
                    }
                    if i == 0 { Thread.sleep(forTimeInterval: 0.2) }
                }
                Thread.sleep(forTimeInterval: 0.2)
            }
            group.wait()
            return (1...answers.count).compactMap { outcomes.results[$0] }
        }
        let first = commitTogether([(sent(a, 0, "remove"), live), (sent(a, 1, "remove"), live), (sent(done, 0, "remove"), live),
                                    (sent(999, 0, "remove"), nil), (sent(a, 2, "remove"), LiveSession(idHash: "old", userID: "l")),
                                    (sent(a, 3, "approve"), nil)])
        #expect(try first[0].get().chosen == "keep", "a repeated answer gets the stored one")
        #expect(try first[1].get().chosen == "remove")
        #expect(throws: RecordsError.attemptFinished(attemptID: done)) { try first[2].get() }
        #expect { try first[3].get() } throws: { if case .notFound = $0 as? RecordsError { true } else { false } }
        #expect(throws: RecordsError.sessionEnded) { try first[4].get() }
        #expect(try first[5].get().chosen == "approve")
        let twice = commitTogether([(sent(a, 4, "remove"), live), (sent(a, 4, "approve"), live)])
        #expect(try twice.map { try $0.get().chosen } == ["remove", "remove"], "the same question twice in one commit: the first counts")
        #expect(try r.responses(attemptID: a).map(\.position) == [0, 1, 3, 4, 93, 97])
        #expect(try r.responses(attemptID: a).first?.chosen == "keep")
        #expect(try r.responses(attemptID: done).isEmpty)
    }

    @Test(arguments: TestEngine.allCases) func anAnswerWithASessionIsRecordedOnlyWhileTheSessionIsLive(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try open(t, engine)
        try r.addLearner(Learner(id: "l", name: "L"))
        try r.addUser(id: "l", role: "moderator", team: "", market: "", tokenHash: "token", tokenExpiresAt: "9999")
        try r.addSession(idHash: "live", userID: "l", expiresAt: "2999-01-01T00:00:00Z")
        try r.addSession(idHash: "old", userID: "l", expiresAt: "2000-01-01T00:00:00Z")
        let a = try r.startAttempt(learnerID: "l", blueprintID: "b", seed: 1, contentVersion: "v", mode: "exam", itemsJSON: "[]")
        func answer(_ position: Int, _ session: LiveSession) throws(RecordsError) {
            try r.recordResponse(ResponseRecord(attemptID: a, position: position, itemID: "c1", itemVersion: "a", kind: "decision", chosen: "remove", score: 1, answeredAt: ""),
                                 session: session)
        }
        try answer(0, LiveSession(idHash: "live", userID: "l"))
        #expect { try answer(1, LiveSession(idHash: "old", userID: "l")) } throws: { ($0 as? RecordsError) == .sessionEnded }
        #expect { try answer(2, LiveSession(idHash: "live", userID: "someone-else")) } throws: { ($0 as? RecordsError) == .sessionEnded }
        #expect(try r.revokeUser("l"))
        #expect { try answer(3, LiveSession(idHash: "live", userID: "l")) } throws: { ($0 as? RecordsError) == .sessionEnded }
        #expect(try r.responses(attemptID: a).map(\.position) == [0])
    }

    @Test func timestampsAreISO8601InUTC() {
        let date = Date(timeIntervalSince1970: 1_795_299_946.125) // 2026-11-21T22:25:46.125Z
        #expect(Timestamp.iso(date) == "2026-11-21T22:25:46Z")
        #expect(Timestamp.iso(date, milliseconds: true) == "2026-11-21T22:25:46.125Z")
        #expect(Timestamp.iso(Date(timeIntervalSince1970: 0), milliseconds: true) == "1970-01-01T00:00:00.000Z")
        let formatter = ISO8601DateFormatter()
        let now = Date()
        #expect(Timestamp.iso(now) == formatter.string(from: now))
        // Leap days, year ends and times before 1970 agree with Foundation's formatter (whole seconds: it rounds fractions, this truncates).
        for seconds in stride(from: -2_208_988_800.0, to: 4_102_444_800.0, by: 7_777_777) + [951_782_400, 951_868_799, -1] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Timestamp.iso(date) == formatter.string(from: date), "\(seconds)")
        }
    }

    @Test func corruptReadOnlyAndNewerDatabasesGetClearErrors() throws {
        let t = try TempTree(["data/junk.db": String(repeating: "not a database at all ", count: 200)])
        #expect {
            _ = try Records(path: t.path("data/junk.db"))
        } throws: { error in
            "\(error)".contains("not a Casebook database or it is damaged")
        }
        #expect(try String(contentsOfFile: t.path("data/junk.db"), encoding: .utf8).hasPrefix("not a database"), "nothing was changed")

        let r = try open(t)
        try r.db.execute("PRAGMA user_version = 99")
        #expect {
            _ = try open(t)
        } throws: { error in
            "\(error)".contains("written by a newer Casebook")
        }

        // A database opened read-only refuses writes with a clear message (works as root too).
        let readOnly = try SQLiteDatabase(path: t.path("data/casebook.db"), readOnly: true)
        #expect {
            try readOnly.execute("INSERT INTO learners (id, name, created_at) VALUES ('x', 'x', 'now')")
        } throws: { error in
            "\(error)".contains("read-only")
        }

        if getuid() != 0 { // root ignores file permissions
            let t2 = try TempTree()
            _ = try open(t2)
            chmod(t2.path("data/casebook.db"), 0o444)
            chmod(t2.path("data"), 0o555)
            defer { chmod(t2.path("data"), 0o755) }
            let ro = try? open(t2)
            #expect(throws: RecordsError.self) { try ro?.addLearner(Learner(id: "x", name: "x")) ?? { throw RecordsError.storage(StorageError(code: 8, message: "read-only", path: "")) }() }
        }
    }

    @Test func lockedDatabaseIsReportedNotLost() throws {
        let t = try TempTree()
        let a = try open(t)
        try a.addLearner(Learner(id: "l", name: "L"))
        let b = try open(t)
        try b.db.execute("PRAGMA busy_timeout = 100")
        try a.db.execute("BEGIN EXCLUSIVE")
        #expect {
            try b.addLearner(Learner(id: "m", name: "M"))
        } throws: { error in
            "\(error)".contains("locked by another Casebook process")
        }
        try a.db.execute("COMMIT")
        try b.addLearner(Learner(id: "m", name: "M"))
        #expect(try a.learners().map(\.id) == ["l", "m"])
    }
}

/// Threads that answer at once on records nobody has answered on yet (as eight server
/// threads do after a start) share one committer: run under `--sanitize=thread`, a lazily
/// created committer was a data race.
@Suite struct FirstAnswersTests {
    @Test func concurrentFirstAnswersAllCommit() throws {
        let t = try TempTree()
        for round in 0..<5 {
            let r = try Records(path: t.path("r\(round).db"))
            try r.addLearner(Learner(id: "l", name: "L"))
            let a = try r.startAttempt(learnerID: "l", blueprintID: "b", seed: 1, contentVersion: "v", mode: "exam", itemsJSON: "[]")
            DispatchQueue.concurrentPerform(iterations: 8) { i in
                _ = try? r.recordResponse(ResponseRecord(attemptID: a, position: i, itemID: "c\(i)", itemVersion: "a", kind: "decision",
                                                         chosen: "remove", score: 1, answeredAt: ""))
            }
            #expect(try r.responses(attemptID: a).count == 8)
        }
    }
}
