import Foundation
import Testing
@testable import Records
import CasebookTestSupport

/// Schema v3: answer keys stored with responses (back-filled for older databases), contest
/// resolution and re-grading after a key change.
@Suite struct KeyChangeTests {
    @Test func olderDatabasesGetTheirAnswerKeysBackFilled() throws {
        let t = try TempTree()
        let path = t.path("old.db")
        do {
            // A database as schema v2 left it: no gold column yet.
            let db = try SQLiteDatabase(path: path)
            try db.execute(Records.migrations[0].sqlite)
            try db.execute(Records.migrations[1].sqlite)
            try db.execute("PRAGMA user_version = 2")
            try db.query("INSERT INTO learners (id, name, created_at) VALUES ('a', 'A', 'x')")
            let items = #"[{"optionKeys":["approve","remove","restrict"],"correct":[1]},{"optionKeys":["IP-01","IP-02","No policy violated"],"correct":[1,0]}]"#
            try db.query("INSERT INTO attempts (id, learner_id, blueprint_id, seed, content_version, mode, started_at, items) VALUES (1, 'a', 'b', '1', 'v', 'practice', 'x', ?)", [.text(items)])
            try db.query("INSERT INTO responses VALUES (1, 0, 'c1', 'v', 'decision', 'remove', 1, '2026-11-01T00:00:00Z')")
            try db.query("INSERT INTO responses VALUES (1, 1, 'c2', 'v', 'codes', 'IP-01', 0, '2026-11-01T00:00:00Z')")
        }
        let r = try Records(path: path)
        #expect(try r.response(attemptID: 1, position: 0)?.gold == "remove")
        #expect(try r.response(attemptID: 1, position: 1)?.gold == "IP-01,IP-02")
    }

    @Test(arguments: TestEngine.allCases) func changingAKeyRegradesResponsesAndRescoresAttempts(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try Records(path: t.database("cb.db", on: engine))
        try r.addLearner(Learner(id: "a", name: "A"))
        try r.addLearner(Learner(id: "b", name: "B"))
        var attempts: [Int64] = []
        for (learner, chosen) in [("a", "restrict"), ("b", "remove")] {
            let id = try r.startAttempt(learnerID: learner, blueprintID: "bp", seed: 1, contentVersion: "v", mode: "exam", itemsJSON: "[{},{}]")
            try r.recordResponse(ResponseRecord(attemptID: id, position: 0, itemID: "c1", itemVersion: "v", kind: "decision", chosen: chosen,
                                                score: chosen == "remove" ? 1 : 0, answeredAt: "", gold: "remove"))
            try r.recordResponse(ResponseRecord(attemptID: id, position: 1, itemID: "c2", itemVersion: "v", kind: "decision", chosen: "approve", score: 1, answeredAt: "", gold: "approve"))
            try r.finishAttempt(id, percent: chosen == "remove" ? 100 : 50, passed: chosen == "remove")
            attempts.append(id)
        }
        let contest = try r.addContest(attemptID: attempts[0], position: 0, itemID: "c1", learnerID: "a", comment: "restrict per 4.2")
        #expect(try r.contests(status: "open").map(\.kind) == ["decision"])
        let change = try r.changeKey(itemID: "c1", kind: "decision", newGold: "restrict", contestID: contest, by: "kim",
                                     score: { $0 == "restrict" ? 1 : 0 }, passMark: { _ in 80 })
        #expect(change.responses == 2 && change.changedScores == 2 && change.attempts == 2 && change.oldGold == ["remove"])
        #expect(try r.attempt(attempts[0])?.percent == 100 && r.attempt(attempts[0])?.passed == true)
        #expect(try r.attempt(attempts[1])?.percent == 50 && r.attempt(attempts[1])?.passed == false)
        #expect(try r.contest(contest)?.status == "upheld" && r.contest(contest)?.resolvedBy == "kim")
        #expect(try r.keyChanges().map(\.newGold) == ["restrict"])
        // A resolved contest is not resolved again, and a missing one is reported.
        #expect(throws: RecordsError.self) { try r.resolveContest(contest, status: "rejected", resolution: "", by: "x") }
        #expect(throws: RecordsError.self) { try r.resolveContest(999, status: "rejected", resolution: "", by: "x") }
    }

    @Test(arguments: TestEngine.allCases) func scanningResponsesStreamsRowsByDateAndRowidRange(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try Records(path: t.database("cb.db", on: engine))
        try r.addLearner(Learner(id: "a", name: "A"))
        let id = try r.startAttempt(learnerID: "a", blueprintID: "bp", seed: 1, contentVersion: "v", mode: "exam", itemsJSON: "[]")
        try r.recordResponse(ResponseRecord(attemptID: id, position: 0, itemID: "c1", itemVersion: "v", kind: "codes", chosen: "IP-01", score: 0.5,
                                            answeredAt: "2026-11-02T10:00:00.000Z", gold: "IP-01,IP-02"))
        try r.recordResponse(ResponseRecord(attemptID: id, position: 1, itemID: "c2", itemVersion: "v", kind: "decision", chosen: "remove", score: 1,
                                            answeredAt: "2026-11-04T09:00:00.000Z", gold: "remove"))
        func scan(since: String? = nil, until: String? = nil, rowids: Range<Int64>? = nil) throws -> [String] {
            var rows: [String] = []
            try r.scanResponsesRaw(since: since, until: until, rowids: rowids) { row in
                rows.append("\(row.text(1))|\(row.text(2))|\(row.text(3))|\(row.text(4))|\(row.double(5))|\(row.text(6).prefix(10))")
            }
            return rows
        }
        #expect(try scan() == ["c1|codes|IP-01|IP-01,IP-02|0.5|2026-11-02", "c2|decision|remove|remove|1.0|2026-11-04"])
        #expect(try scan(since: "2026-11-03") == ["c2|decision|remove|remove|1.0|2026-11-04"])
        #expect(try scan(until: "2026-11-03") == ["c1|codes|IP-01|IP-01,IP-02|0.5|2026-11-02"])
        // Parallel report scans split the table by rowid: the parts cover it exactly once.
        let all = try #require(try r.responseRowids())
        let mid = all.lowerBound + 1
        let parts = try scan(rowids: all.lowerBound..<mid) + scan(rowids: mid..<(all.upperBound + 1))
        #expect(parts == (try scan()))
    }
}
