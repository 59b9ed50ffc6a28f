import Foundation
import Testing
@testable import CasebookCLI
import Handbook
import Quiz
@testable import Records
@testable import Server
import CasebookTestSupport

/// A campaign from creation to its completion report: created with the CLI, acknowledged and
/// its update quiz passed through the API (by one learner) and the terminal (by another).
@Suite struct CampaignEndToEndTests {
    @Test func aCampaignIsCreatedAcknowledgedPassedAndReportedComplete() throws {
        let (fixture, db) = try CampaignsCommandTests.setUp()
        // The terminal quiz needs the bank's action list (the API's bank loads without one).
        _ = try fixture.repository.commit(["Content/ip.md": FixtureText.counterfeitSOP()], message: "actions")
        let create = CapturedConsole.run(["campaigns", "create", "refunds", "--version", "1.10", "--due", "2099-12-15", "--markets", "ID,TH", "--quiz", "2",
                                          "--content", fixture.content, "--db", db])
        #expect(create.status == 0, "\(create.stderr)")
        let quizzes = fixture.repository.root + "/Quizzes"

        // amina, through the API (signed in by a trusted SSO header).
        let records = try Records(path: db)
        let handbook = try Handbook.load(content: fixture.content)
        let bank = try QuizBank.load(quizzes: quizzes, handbook: handbook)
        let site = try TempTree(["site/index.html": "<h1>Home</h1>"])
        for (id, market) in [("amina", "ID"), ("vy", "VN")] { _ = try CasebookApp.addUser(records, id: id, role: .moderator, team: "", market: market) }
        let app = CasebookApp(site: try StaticSite(root: site.path("site")), records: records, bank: bank, handbook: handbook, trustHeader: "x-user")
        func send(_ user: String, _ method: String, _ path: String, query: [String: String] = [:], _ body: String = "") -> (status: Int, json: Any?) {
            let r = app.handle(HTTPRequest(method: method, path: path, query: query, headers: ["x-user": user, "content-type": "application/json"],
                                           body: Array(body.utf8)))
            return (r.status, try? JSONSerialization.jsonObject(with: Data(r.body)))
        }

        let tasks = try #require(send("amina", "GET", "/api/tasks").json as? [[String: Any]])
        #expect(tasks.map { $0["kind"] as? String } == ["acknowledge", "pass_blueprint"])
        #expect(tasks.map { $0["title"] as? String } == ["Read and acknowledge Refund abuse, version 1.10", "Pass Update quiz: Refund abuse, version 1.10"])
        #expect(tasks[0]["url"] as? String == "sop/refunds.html" && tasks[1]["blueprint"] as? String == "campaign-1")

        #expect(send("amina", "GET", "/api/me/acknowledgements", query: ["sop": "refunds"]).json as? [[String: Any]] != nil)
        #expect((send("amina", "GET", "/api/me/acknowledgements", query: ["sop": "refunds"]).json as? [[String: Any]])?.isEmpty == true)
        #expect(send("amina", "POST", "/api/acknowledgements", #"{"sop": "refunds", "version": "1.10"}"#).status == 201)
        let acknowledged = try #require(send("amina", "GET", "/api/me/acknowledgements", query: ["sop": "refunds"]).json as? [[String: Any]])
        #expect(acknowledged.map { $0["version"] as? String } == ["1.10"])

        // Not assigned (vy is in VN): refused like any attempt that is not theirs, nothing written.
        let refused = send("vy", "POST", "/api/attempts", #"{"blueprint": "campaign-1"}"#)
        #expect(refused.status == 404)
        #expect(((refused.json as? [String: Any])?["error"] as? String)?.contains("not assigned to 'vy'") == true)
        #expect(send("amina", "POST", "/api/attempts", #"{"blueprint": "campaign-9"}"#).status == 404)

        let started = send("amina", "POST", "/api/attempts", #"{"blueprint": "campaign-1"}"#)
        #expect(started.status == 201)
        let attempt = try #require((started.json as? [String: Any])?["attempt"] as? Int)
        #expect((started.json as? [String: Any])?["mode"] as? String == "exam")
        for _ in 0..<2 {
            let q = try #require(send("amina", "GET", "/api/attempts/\(attempt)/question").json as? [String: Any])
            let options = try #require(q["options"] as? [String])
            let right = try #require(options.firstIndex(of: "fourteen"))
            #expect(send("amina", "POST", "/api/attempts/\(attempt)/answers", #"{"position": \#(q["position"] as? Int ?? -1), "chosen": [\#(right)]}"#).status == 200)
        }
        let finished = try #require(send("amina", "POST", "/api/attempts/\(attempt)/finish").json as? [String: Any])
        #expect(finished["passed"] as? Bool == true && finished["pass_mark"] as? Int == 70)
        #expect((send("amina", "GET", "/api/tasks").json as? [[String: Any]])?.isEmpty == true)

        // somchai, in the terminal: acknowledged, then the quiz answered from a file.
        try records.acknowledge(learnerID: "somchai", sopID: "refunds", version: "1.10")
        try "fourteen\nfourteen\n".write(toFile: site.path("answers.txt"), atomically: true, encoding: .utf8)
        let terminal = CapturedConsole.run(["quiz", "--learner", "somchai", "--blueprint", "campaign-1", "--answers", site.path("answers.txt"), "--seed", "3",
                                            "--content", fixture.content, "--quizzes", quizzes, "--db", db])
        #expect(terminal.status == 0, "\(terminal.stdout)\(terminal.stderr)")
        #expect(terminal.stdout.contains("Update quiz: Refund abuse, version 1.10") && terminal.stdout.contains("PASSED"))
        let outsider = CapturedConsole.run(["quiz", "--learner", "vy", "--blueprint", "campaign-1", "--answers", site.path("answers.txt"),
                                            "--content", fixture.content, "--quizzes", quizzes, "--db", db])
        #expect(outsider.status == 1 && outsider.stderr.contains("not assigned to 'vy'"))

        // The completion report: both acknowledged and passed, nobody overdue.
        let csv = CapturedConsole.run(["campaigns", "show", "1", "--format", "csv", "--today", "2099-12-16",
                                       "--content", fixture.content, "--quizzes", quizzes, "--db", db])
        #expect(csv.status == 0 && csv.stderr.isEmpty, "\(csv.stderr)")
        #expect(csv.stdout.contains("\nsource,period,effective,sections,answers,learners,errors,error_rate,low,high,verdict\n"))
        #expect(csv.stdout.hasPrefix("""
            group,value,assigned,acknowledged,passed,overdue
            market,ID,1,1,1,0
            market,TH,1,1,1,0
            team,id-listings,1,1,1,0
            team,th-listings,1,1,1,0
            vendor,acme,1,1,1,0
            vendor,in-house,1,1,1,0

            """), "\(csv.stdout)")
        // Every update-quiz attempt is re-created from its campaign by attempts verify.
        for a in try records.attempts(blueprintID: "campaign-1", items: false) {
            let verify = CapturedConsole.run(["attempts", "verify", "\(a.id)", "--content", fixture.content, "--quizzes", quizzes, "--db", db])
            #expect(verify.status == 0 && verify.stdout.contains("re-created exactly"), "\(verify.stdout)\(verify.stderr)")
        }
    }
}
