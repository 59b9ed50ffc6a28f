import Foundation
import Testing
@testable import Handbook
@testable import Quiz
@testable import Records
@testable import Server
import CasebookTestSupport

/// Attempts made by the terminal quiz and by the server are re-created by `attempts verify`;
/// exam retakes ask other questions; answers files may have CRLF line endings.
@Suite struct AttemptAuditTests {
    static let root = CLIRunner.repositoryRoot

    /// A copy of the sample bank with a small exam (5 decision questions, 2 attempts).
    func bank(_ t: TempTree) throws -> String {
        try FileManager.default.copyItem(atPath: Self.root + "/Quizzes", toPath: t.path("Quizzes"))
        try t.write("Quizzes/blueprints/retake.yml", "id: retake\ntitle: Retake\nquestions: 5\nmode: exam\nattempts: 2\nkinds: [decision]\n")
        return t.path("Quizzes")
    }

    func items(_ records: Records, _ id: Int64) throws -> [QuizItem] {
        try JSONDecoder().decode([QuizItem].self, from: Data(try #require(try records.attempt(id)).itemsJSON.utf8))
    }

    @Test func verifyReCreatesEveryAttemptMadeByTheCLIAndTheServer() throws {
        let t = try TempTree(["site/index.html": "<h1>Home</h1>"])
        let db = t.path("data/cb.db")
        let quizzes = try bank(t)
        let common = ["--db", db, "--content", Self.root + "/Content", "--quizzes", quizzes]
        #expect(try CLIRunner.run(["learners", "add", "amina", "--name", "Amina", "--db", db]).status == 0)
        try t.write("ones.txt", String(repeating: "1\n", count: 15))
        // Terminal attempts: practice twice (the second drawn with the first's history), an exam twice.
        for (blueprint, seed) in [("onboarding-week-1", "42"), ("onboarding-week-1", "43"), ("retake", "1"), ("retake", "2")] {
            let run = try CLIRunner.run(["quiz", "--learner", "amina", "--blueprint", blueprint, "--seed", seed, "--answers", t.path("ones.txt")] + common)
            #expect(run.stdout.contains("Result:"), "\(run.stderr)")
        }
        // Server attempts, through the API handler, by a user signed in through a trusted header.
        do {
            let records = try Records(path: db)
            let handbook = try Handbook.load(content: Self.root + "/Content")
            let bank = try QuizBank.load(quizzes: quizzes, handbook: handbook)
            _ = try CasebookApp.addUser(records, id: "budi", role: .moderator, team: "", market: "ID")
            let app = CasebookApp(site: try StaticSite(root: t.path("site")), records: records, bank: bank, handbook: handbook, trustHeader: "x-user")
            func send(_ method: String, _ path: String, _ body: String = "") -> [String: Any] {
                let r = app.handle(HTTPRequest(method: method, path: path, query: [:], headers: ["x-user": "budi", "content-type": "application/json"], cookies: [:],
                                               body: Array(body.utf8), bodyTooLarge: false))
                return (try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any] ?? [:]
            }
            for blueprint in ["onboarding-week-1", "retake", "retake"] {
                let id = try #require(send("POST", "/api/attempts", #"{"blueprint": "\#(blueprint)"}"#)["attempt"] as? Int)
                for position in 0..<2 { #expect(send("POST", "/api/attempts/\(id)/answers", #"{"position": \#(position), "chosen": [0]}"#)["recorded"] as? Bool == true) }
                #expect(send("POST", "/api/attempts/\(id)/finish")["percent"] != nil)
            }
        }
        let records = try Records(path: db)
        let all = try records.attempts(items: false)
        #expect(all.count == 7)
        for a in all {
            let verify = try CLIRunner.run(["attempts", "verify", "\(a.id)"] + common)
            #expect(verify.status == 0 && verify.stdout.contains("re-created exactly"), "attempt \(a.id) by \(a.learnerID): \(verify.stdout)\(verify.stderr)")
        }
        // Each exam retake asked other questions than the first attempt.
        for learner in ["amina", "budi"] {
            let exams = try records.attempts(learnerID: learner, blueprintID: "retake", items: false).map(\.id)
            #expect(exams.count == 2)
            #expect(Set(try items(records, exams[0]).map(\.itemID)).isDisjoint(with: try items(records, exams[1]).map(\.itemID)), "\(learner)")
        }
    }

    @Test func anAnswersFileWithCRLFLineEndingsIsReadLineByLine() throws {
        let t = try TempTree()
        let db = t.path("data/cb.db")
        let common = ["--db", db, "--content", Self.root + "/Content", "--quizzes", Self.root + "/Quizzes"]
        _ = try CLIRunner.run(["learners", "add", "amina", "--name", "Amina", "--db", db])
        let handbook = try Handbook.load(content: Self.root + "/Content")
        let bank = try QuizBank.load(quizzes: Self.root + "/Quizzes", handbook: handbook)
        let quiz = try QuizDrawer(bank: bank, handbook: handbook).draw(try #require(bank.blueprint("onboarding-week-1")), seed: 42, today: "2026-11-21", history: [:])
        let right = quiz.items.map(\.goldKey)
        try t.write("crlf.txt", "# answers written on Windows\r\n" + right.joined(separator: "\r\n") + "\r\n")
        let run = try CLIRunner.run(["quiz", "--learner", "amina", "--blueprint", "onboarding-week-1", "--seed", "42", "--answers", t.path("crlf.txt")] + common)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Result: 100.0% (12 of 12) · PASSED"))
    }
}
