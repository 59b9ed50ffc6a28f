import Foundation
import Testing
@testable import Handbook
@testable import Quiz
@testable import Records
@testable import Server
import CasebookTestSupport

/// GET /api/home: the signed-in learner's own tasks, path progress, certificates and what is
/// due for review, in one call; and the dashboard's Team progress panel.
@Suite struct HomeAPITests {
    static let versioned = FixtureText.counterfeitSOP().replacingOccurrences(of: "id: ip\n", with: "id: ip\nversion: \"3.2\"\n")
    static let path = """
        id: onboarding
        title: Onboarding <b>IP</b>
        steps:
          - id: read
            title: Read the IP SOP
            acknowledge: [ip]
            due_days: 3
          - id: quiz
            title: Pass the exam
            pass: exam
            after: [read]
            due_days: 10
        certificate:
          id: ip-exam
          valid_days: 180
        """
    static let readOnly = """
        id: reading
        title: Reading
        steps:
          - id: read
            title: Read the IP SOP
            acknowledge: [ip]
            due_days: 3
        certificate:
          id: ip-reader
          valid_days: 180
        """

    static func fixture(_ engine: TestEngine = .sqlite) throws -> (ServerFixture, QuizBank) {
        let f = try ServerFixture(files: ["Content/ip.md": versioned, "Quizzes/paths/onboarding.yml": path, "Quizzes/paths/reading.yml": readOnly,
                                          "Quizzes/blueprints/review.yml": "id: review\ntitle: Review\nquestions: 3\nmode: review\nkinds: [decision]\n"], engine: engine)
        let bank = try QuizBank.load(quizzes: f.tree.path("Quizzes"), handbook: try Handbook.load(content: f.tree.path("Content")))
        return (f, bank)
    }

    @Test(arguments: TestEngine.allCases) func pathsCertificatesAndReviewOfTheSignedInLearnerOnly(engine: TestEngine) throws {
        let (f, bank) = try Self.fixture(engine)
        for id in ["onboarding", "reading"] {
            _ = try f.records.assignPath(try #require(bank.path(id)), sopVersions: ["ip": "3.2"], learnerIDs: ["amina"], start: "2000-01-01")
        }
        let c = f.client("amina")
        var home = c.send("GET", "/api/home").object
        #expect(home["learner"] as? String == "amina")
        #expect((home["tasks"] as? [[String: Any]])?.count == 3)
        var paths = try #require(home["paths"] as? [[String: Any]])
        #expect(paths.map { $0["title"] as? String } == ["Onboarding <b>IP</b>", "Reading"], "titles come from the bank, as text")
        #expect(paths[0]["done"] as? Int == 0 && paths[0]["total"] as? Int == 2 && paths[0]["complete"] as? Bool == false)
        let next = try #require(paths[0]["next"] as? [String: Any])
        #expect(next["id"] as? String == "read" && next["due"] as? String == "2000-01-04" && next["overdue"] as? Bool == true)
        let blocked = try #require(paths[0]["blocked"] as? [[String: Any]])
        #expect(blocked.map { $0["id"] as? String } == ["quiz"])
        #expect(blocked[0]["blocked_by"] as? [String] == ["Read the IP SOP"])
        #expect((home["certificates"] as? [Any])?.isEmpty == true)
        var review = try #require(home["review"] as? [String: Any])
        #expect(review["blueprint"] as? String == "review" && review["history"] as? Bool == false && review["due"] as? Int == 0)

        // Reading the SOP completes the reading step of both paths: one step of two, and a certificate.
        #expect(c.send("POST", "/api/acknowledgements", json: ["sop": "ip", "version": "3.2"]).status == 201)
        home = c.send("GET", "/api/home").object
        paths = try #require(home["paths"] as? [[String: Any]])
        #expect(paths[0]["done"] as? Int == 1 && (paths[0]["next"] as? [String: Any])?["id"] as? String == "quiz")
        #expect((paths[0]["blocked"] as? [Any])?.isEmpty == true)
        #expect(paths[1]["complete"] as? Bool == true)
        let certificates = try #require(home["certificates"] as? [[String: Any]])
        #expect(certificates.map { $0["certificate"] as? String } == ["ip-reader"])
        #expect(certificates[0]["days_left"] as? Int == 180 && certificates[0]["expired"] as? Bool == false)
        #expect(certificates[0]["path_title"] as? String == "Reading")

        // Answered just now: something to review later, nothing due today, and when.
        let practice = c.send("POST", "/api/attempts", json: ["blueprint": "practice"])
        let id = try #require(practice.object["attempt"] as? Int)
        for position in 0..<4 { _ = c.send("POST", "/api/attempts/\(id)/answers", json: ["position": position, "chosen": [0]]) }
        review = try #require(c.send("GET", "/api/home").object["review"] as? [String: Any])
        #expect(review["history"] as? Bool == true && review["due"] as? Int == 0)
        let nextDue = try #require(review["next_due"] as? String)
        // A lapse is due again within hours, so the next review can fall later today (UTC) but never in the past.
        #expect(nextDue >= String(Timestamp.iso(Date()).prefix(10)))

        // Another learner sees only their own (nothing); signed out is 401; only GET.
        let budi = f.client("budi").send("GET", "/api/home").object
        #expect((budi["paths"] as? [Any])?.isEmpty == true && (budi["tasks"] as? [Any])?.isEmpty == true)
        #expect(f.client().send("GET", "/api/home").status == 401)
        #expect(c.send("POST", "/api/home", json: [:]).status == 405)
        #expect(c.send("GET", "/api/home/x").status == 404)
    }

    @Test(arguments: TestEngine.allCases) func reviewItemsDueAreCountedPerSection(engine: TestEngine) throws {
        let (f, _) = try Self.fixture(engine)
        let c = f.client("amina")
        let practice = c.send("POST", "/api/attempts", json: ["blueprint": "practice"])
        let id = try #require(practice.object["attempt"] as? Int)
        for position in 0..<4 { _ = c.send("POST", "/api/attempts/\(id)/answers", json: ["position": position, "chosen": [0]]) }
        // Answered a year ago: forgotten by now.
        try f.records.db.execute("UPDATE responses SET answered_at = '2000-01-01T10:00:00.000Z'")
        let review = try #require(c.send("GET", "/api/home").object["review"] as? [String: Any])
        let sections = try #require(review["sections"] as? [[String: Any]])
        #expect(sections.map { $0["section"] as? String } == ["ip#ip-01"])
        #expect(review["due"] as? Int == sections.reduce(0) { $0 + ($1["due"] as? Int ?? 0) })
        #expect((review["due"] as? Int ?? 0) > 0 && review["next_due"] == nil)
    }

    @Test(arguments: TestEngine.allCases) func leadsSeeTheirTeamsProgressTrainersEveryTeam(engine: TestEngine) throws {
        let (f, bank) = try Self.fixture(engine)
        _ = try f.records.assignPath(try #require(bank.path("onboarding")), sopVersions: ["ip": "3.2"], learnerIDs: ["amina", "chai"], start: "2000-01-01")
        _ = try f.records.assignPath(try #require(bank.path("reading")), sopVersions: ["ip": "3.2"], learnerIDs: ["budi"], start: "2000-01-01")
        #expect(f.client("budi").send("POST", "/api/acknowledgements", json: ["sop": "ip", "version": "3.2"]).status == 201)
        let lead = f.client("lead-id").send("GET", "/api/reports/dashboard").text
        #expect(lead.contains("<h2 id=\"dash-team-progress\">Team progress</h2>"))
        #expect(lead.contains("<caption>Team id-listings (2 learners)</caption>"))
        #expect(!lead.contains("th-live") && !lead.contains(">chai<"), "a lead sees only their team")
        #expect(lead.contains("Onboarding &lt;b&gt;IP&lt;/b&gt;"), "path titles are escaped")
        #expect(lead.contains("Pass the exam (waits for Read the IP SOP)"))
        #expect(lead.contains("aria-label=\"Team progress: id-listings\""))
        // budi's certificate expires in 180 days: not within 30, so not listed; amina's two tasks are overdue.
        #expect(lead.contains("<progress max=\"2\" value=\"0\" aria-hidden=\"true\"></progress> 0 of 2 (0%)"))
        #expect(lead.contains("<strong class=\"overdue-mark\">2</strong>"))
        let trainer = f.client("tara").send("GET", "/api/reports/dashboard").text
        #expect(trainer.contains("<caption>Team id-listings (2 learners)</caption>") && trainer.contains("<caption>Team th-live (1 learner)</caption>"))
        #expect(f.client("amina").send("GET", "/api/reports/dashboard").status == 403)
    }

    /// Certificates expiring within 30 days: a lead sees their own team's, not another team's;
    /// a trainer sees both.
    @Test(arguments: TestEngine.allCases) func leadsSeeOnlyTheirTeamsExpiringCertificates(engine: TestEngine) throws {
        let (f, bank) = try Self.fixture(engine)
        _ = try f.records.assignPath(try #require(bank.path("reading")), sopVersions: ["ip": "3.2"], learnerIDs: ["amina", "chai"], start: "2000-01-01")
        for learner in ["amina", "chai"] {
            #expect(f.client(learner).send("POST", "/api/acknowledgements", json: ["sop": "ip", "version": "3.2"]).status == 201)
        }
        func inDays(_ n: Double) -> String { String(Timestamp.iso(Date().addingTimeInterval(n * 86_400)).prefix(10)) }
        let soon = inDays(10), sooner = inDays(5)
        // As if granted about 170 days ago: the records never edit a certificate, so this test database drops the guard.
        try f.records.db.execute("DROP TRIGGER certificates_never_edited\(engine == .postgres ? " ON certificates" : "")")
        try f.records.db.query("UPDATE certificates SET expires = ? WHERE learner_id = 'amina'", [.text(soon)])
        try f.records.db.query("UPDATE certificates SET expires = ? WHERE learner_id = 'chai'", [.text(sooner)])
        let amina = "ip-reader: <time datetime=\"\(soon)\">\(soon)</time> (10 days left)"
        let chai = "ip-reader: <time datetime=\"\(sooner)\">\(sooner)</time> (5 days left)"
        let lead = f.client("lead-id").send("GET", "/api/reports/dashboard").text
        #expect(lead.contains(amina), "the lead's own team")
        #expect(!lead.contains(chai) && !lead.contains(sooner), "another team's certificate is not shown to the lead")
        let trainer = f.client("tara").send("GET", "/api/reports/dashboard").text
        #expect(trainer.contains(amina) && trainer.contains(chai))
        // Far from expiry: not listed.
        try f.records.db.query("UPDATE certificates SET expires = ? WHERE learner_id = 'amina'", [.text(inDays(31))])
        #expect(!f.client("lead-id").send("GET", "/api/reports/dashboard").text.contains("ip-reader:"))
    }
}
