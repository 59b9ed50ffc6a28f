import Foundation
import Testing
@testable import Records
import CasebookTestSupport

/// Sign-in tokens: single-use, expiring, reissued; sessions.
@Suite struct UsersTests {
    static let future = "2999-01-01T00:00:00Z"

    func redeem(_ r: Records, _ hash: String, now: String = "2026-12-01T00:00:00Z", session: String = UUID().uuidString) throws -> String? {
        try r.redeemToken(hash: hash, now: now, sessionHash: session, sessionExpiresAt: Self.future)?.id
    }

    @Test(arguments: TestEngine.allCases) func aTokenSignsInOnceAndOpensASession(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try Records(path: t.database("cb.db", on: engine))
        try r.addUser(id: "amina", role: "moderator", team: "", market: "ID", tokenHash: "h1", tokenExpiresAt: Self.future)
        #expect(try redeem(r, "h1", session: "s1") == "amina")
        #expect(try r.user(sessionHash: "s1", now: "2026-12-01T00:00:00Z")?.id == "amina")
        #expect(try redeem(r, "h1", session: "s2") == nil, "the same token does not sign in again")
        #expect(try r.user(sessionHash: "s2", now: "2026-12-01T00:00:00Z") == nil)
        #expect(try redeem(r, "unknown") == nil)
    }

    @Test(arguments: TestEngine.allCases) func anExpiredTokenDoesNotSignIn(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try Records(path: t.database("cb.db", on: engine))
        try r.addUser(id: "budi", role: "moderator", team: "", market: "", tokenHash: "h", tokenExpiresAt: "2026-12-08T00:00:00Z")
        #expect(try redeem(r, "h", now: "2026-12-08T00:00:01Z") == nil)
        #expect(try redeem(r, "h", now: "2026-12-07T23:59:59Z") == "budi")
    }

    @Test(arguments: TestEngine.allCases) func reissuingReplacesTheTokenAndARevokedTokenStaysRefused(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try Records(path: t.database("cb.db", on: engine))
        try r.addUser(id: "chai", role: "lead", team: "th", market: "TH", tokenHash: "old", tokenExpiresAt: Self.future)
        #expect(try redeem(r, "old") == "chai")
        try r.reissueToken(id: "chai", tokenHash: "new", tokenExpiresAt: Self.future)
        #expect(try redeem(r, "new") == "chai")
        try r.reissueToken(id: "chai", tokenHash: "newer", tokenExpiresAt: Self.future)
        _ = try r.revokeUser("chai")
        #expect(try redeem(r, "newer") == nil)
        #expect(throws: RecordsError.self) { try r.reissueToken(id: "chai", tokenHash: "x", tokenExpiresAt: Self.future) }
        #expect(throws: RecordsError.self) { try r.reissueToken(id: "ghost", tokenHash: "x", tokenExpiresAt: Self.future) }
    }

    @Test func aDatabaseFromBeforeExpiringTokensKeepsItsUsersWithAWeekToSignInOnce() throws {
        let t = try TempTree()
        let path = t.path("old.db")
        do {
            // A version 3 database, as the previous Casebook left it.
            let db = try SQLiteDatabase(path: path)
            for sql in Records.migrations.prefix(3) { try db.execute(sql.sqlite) }
            try db.execute("PRAGMA user_version = 3")
            try db.query("INSERT INTO users (id, role, token_hash, created_at) VALUES ('tara', 'trainer', 'h', '2026-01-01T00:00:00Z')")
        }
        let r = try Records(path: path)
        #expect(try r.db.query("PRAGMA user_version").first?.first?.int == Int64(Records.schemaVersion))
        let now = Timestamp.iso(Date())
        #expect(try redeem(r, "h", now: Timestamp.iso(Date().addingTimeInterval(8 * 86_400))) == nil, "expired a week after the upgrade")
        #expect(try redeem(r, "h", now: now) == "tara")
        #expect(try redeem(r, "h", now: now) == nil)
    }
}
