import Foundation
@testable import Handbook
@testable import Quiz
@testable import Records
@testable import Server
import CasebookTestSupport

/// A running server over a small handbook, bank and site on a loopback port.
final class ServerFixture: @unchecked Sendable {
    let tree: TempTree
    let records: Records
    let server: HTTPServer
    var tokens: [String: String] = [:]

    /// Two actions only (the player's buttons); case 1 is sensitive.
    static let sop = FixtureText.counterfeitSOP()

    static func caseFile(_ i: Int) -> String {
        FixtureText.caseFile(id: "c\(i)", decision: i % 2 == 0 ? "remove" : "approve", codes: i % 2 == 0 ? "[IP-01]" : "[]", sop: "ip#ip-01",
                             sensitive: i == 1, title: "Bag \(i) <img src=x onerror=alert(1)>", listing: "Text \(i)", rationale: "Because \(i).")
    }

    /// `files` adds files (more blueprints) to the handbook and bank.
    /// `messages` are the interface strings the server translates prompts with (none: English as drawn).
    /// `database` is a PostgreSQL URL to use instead of the engine's test database.
    init(limits: ServerLimits = ServerLimits(), trustHeader: String? = nil, files: [String: String] = [:], messages: Messages = Messages([]), engine: TestEngine = .sqlite,
         database: String? = nil) throws {
        tree = try TempTree(["Content/ip.md": Self.sop, "site/index.html": "<h1>Home</h1>", "site/404.html": "<h1>Not here</h1>",
                             "site/assets/style.css": "body{}", "site/sop/ip.html": "<h1>IP</h1>", "site/empty/.keep": "",
                             "outside/secret.txt": "secret",
                             "Quizzes/blueprints/practice.yml": "id: practice\ntitle: Practice\nquestions: 4\nmode: practice\nkinds: [decision]\n",
                             "Quizzes/blueprints/exam.yml": "id: exam\ntitle: Exam\nquestions: 4\nmode: exam\nattempts: 1\nkinds: [decision]\n"])
        for i in 1...6 { try tree.write("Quizzes/cases/c\(i).md", Self.caseFile(i)) }
        for (path, text) in files { try tree.write(path, text) }
        try FileManager.default.createSymbolicLink(atPath: tree.path("site/leak.txt"), withDestinationPath: tree.path("outside/secret.txt"))
        let handbook = try Handbook.load(content: tree.path("Content"))
        let bank = try QuizBank.load(quizzes: tree.path("Quizzes"), handbook: handbook)
        records = try Records(path: database ?? tree.database("data/cb.db", on: engine))
        for (id, role, team) in [("amina", Principal.Role.moderator, "id-listings"), ("budi", .moderator, "id-listings"),
                                 ("chai", .moderator, "th-live"), ("lead-id", .lead, "id-listings"), ("tara", .trainer, "")] {
            tokens[id] = try CasebookApp.addUser(records, id: id, role: role, team: team, market: "ID")
        }
        let app = CasebookApp(site: try StaticSite(root: tree.path("site")), records: records, bank: bank, handbook: handbook, trustHeader: trustHeader,
                              messages: messages)
        server = try HTTPServer(host: "127.0.0.1", port: 0, limits: limits) { app.handle($0, $1) }
        let location = records.location
        instanceMaker = { [tree] () throws -> Instance in
            let records = try Records(path: location)
            let app = CasebookApp(site: try StaticSite(root: tree.path("site")), records: records, bank: bank, handbook: handbook, trustHeader: trustHeader,
                                  messages: messages)
            return Instance(records: records, server: try HTTPServer(host: "127.0.0.1", port: 0, limits: limits) { app.handle($0, $1) })
        }
    }

    /// Another `casebook serve` over the same database, as on a second machine: records of
    /// its own (connections, group commit) and an app of its own (caches, throttles).
    struct Instance {
        let records: Records
        let server: HTTPServer
    }
    private var instanceMaker: (() throws -> Instance)?
    /// Instances started by `instance()`, stopped with the fixture.
    private var instances: [Instance] = []

    /// Starts another instance on this fixture's database.
    func instance() throws -> Instance {
        let made = try instanceMaker!()
        instances.append(made)
        return made
    }

    /// A client, signed in as `user` when given. Sign-in tokens work once, so each signed-in
    /// client gets a token of its own (reissued after the first), as a user would.
    func client(_ user: String? = nil) -> HTTPClient {
        let c = HTTPClient(port: server.port)
        if let user {
            tokenLock.lock()
            let token = usedTokens.contains(user) ? (try? CasebookApp.reissueToken(records, id: user)) ?? "" : tokens[user]!
            usedTokens.insert(user)
            tokens[user] = token
            tokenLock.unlock()
            c.login(token)
        }
        return c
    }
    /// Users whose current token has signed in. Guarded by `tokenLock`, as `tokens` is.
    var usedTokens = Set<String>()
    let tokenLock = NSLock()

    deinit {
        server.stop(grace: 1)
        for i in instances { i.server.stop(grace: 1) }
    }
}
