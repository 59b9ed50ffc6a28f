import Foundation
import Testing
@testable import Records
import CasebookTestSupport

/// `casebook users add`: tokens that expire, and --reissue for a new one.
@Suite struct UsersCommandTests {
    @Test func addIssuesAnExpiringTokenAndReissueReplacesIt() throws {
        let t = try TempTree()
        let db = t.path("cb.db")
        let added = try CLIRunner.run(["users", "add", "amina", "--role", "moderator", "--expires", "2d", "--db", db])
        #expect(added.status == 0 && added.stdout.count == 65, "\(added.stderr)")
        let expires = try Records(path: db).db.query("SELECT token_expires_at FROM users WHERE id = 'amina'").first?.first?.string ?? ""
        let inTwoDays = Timestamp.iso(Date().addingTimeInterval(2 * 86_400))
        #expect(expires.prefix(13) == inTwoDays.prefix(13), "expires in 2 days: \(expires)")
        let again = try CLIRunner.run(["users", "add", "amina", "--role", "moderator", "--db", db])
        #expect(again.status == 1 && again.stderr.contains("--reissue"))
        let reissued = try CLIRunner.run(["users", "add", "amina", "--reissue", "--db", db])
        #expect(reissued.status == 0 && reissued.stdout.count == 65 && reissued.stdout != added.stdout)
        #expect(try CLIRunner.run(["users", "add", "amina", "--reissue", "--expires", "3w", "--db", db]).status == 2)
        #expect(try CLIRunner.run(["users", "add", "ghost", "--reissue", "--db", db]).status == 1)
    }
}
