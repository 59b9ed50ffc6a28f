import Foundation
import Testing
import CasebookTestSupport

/// `casebook db copy` and `--db postgres://...`, on the test PostgreSQL (these fail with the
/// reason when it cannot start).
@Suite struct DbCommandTests {
    @Test func copiesASQLiteDeploymentIntoPostgreSQLAndCommandsUseItThroughDb() throws {
        let t = try TempTree()
        #expect(try CLIRunner.run(["learners", "add", "amina", "--name", "Amina Putri", "--team", "id-listings"], in: t.root).status == 0)
        #expect(try CLIRunner.run(["learners", "add", "budi", "--name", "Budi"], in: t.root).status == 0)
        let server = try PostgresServer.shared()
        let url = try server.database()
        let withPassword = url.replacingOccurrences(of: "casebook@", with: "casebook:pw-not-shown@")

        let copy = try CLIRunner.run(["db", "copy", "--from", "data/casebook.db", "--to", withPassword], in: t.root)
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(copy.stdout.contains("learners: 2 rows, checksum "))
        #expect(copy.stdout.contains("Copied 2 rows in "))
        #expect(!copy.stdout.contains("DIFFERS"))

        let list = try CLIRunner.run(["learners", "list", "--db", url], in: t.root)
        #expect(list.stdout.split(separator: "\n").map { $0.split(separator: "\t").first.map(String.init) } == ["amina", "budi"])

        // CASEBOOK_DB selects the same database for a command without --db (a folder with no
        // SQLite file gets none), and --db still wins over it.
        let elsewhere = try TempTree()
        let fromEnvironment = try CLIRunner.run(["learners", "list"], in: elsewhere.root, environment: ["CASEBOOK_DB": withPassword])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        #expect(fromEnvironment.stdout.split(separator: "\n").map { $0.split(separator: "\t").first.map(String.init) } == ["amina", "budi"])
        #expect(!elsewhere.exists("data/casebook.db"))
        let overridden = try CLIRunner.run(["learners", "list", "--db", "postgres://casebook:pw-not-shown@127.0.0.1:1/records"], in: elsewhere.root,
                                           environment: ["CASEBOOK_DB": withPassword])
        #expect(overridden.status == 1 && overridden.stderr.contains("port 1"), "\(overridden.stderr)")
        #expect(!overridden.stderr.contains("pw-not-shown"))

        let again = try CLIRunner.run(["db", "copy", "--to", withPassword], in: t.root)
        #expect(again.status == 1)
        #expect(again.stderr.contains("already holds records (2 rows in learners)"))
        #expect(!again.stderr.contains("pw-not-shown"))
    }

    @Test func anUnreachableServerIsNamedWithoutItsPassword() throws {
        let t = try TempTree()
        let r = try CLIRunner.run(["learners", "list", "--db", "postgres://casebook:pw-not-shown@127.0.0.1:1/records"], in: t.root)
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot connect to PostgreSQL at host 127.0.0.1, port 1, database records"), "\(r.stderr)")
        #expect(!r.stderr.contains("pw-not-shown"))
        #expect(!t.exists("data/casebook.db"))
    }
}
