import Foundation
import Testing
@testable import Handbook
@testable import Quiz
import CasebookTestSupport

/// The terminal quiz end to end: learners add, quiz --answers, attempts --json.
@Suite struct QuizCommandTests {
    static let root = CLIRunner.repositoryRoot

    func answers(for blueprint: String, seed: UInt64, right: Bool) throws -> String {
        let handbook = try Handbook.load(content: Self.root + "/Content")
        let bank = try QuizBank.load(quizzes: Self.root + "/Quizzes", handbook: handbook)
        let b = try #require(bank.blueprint(blueprint))
        let quiz = try QuizDrawer(bank: bank, handbook: handbook).draw(b, seed: seed, today: "2026-11-21", history: [:])
        return quiz.items.map { item in
            let picks = right ? item.correct.sorted() : [item.options.indices.first { !item.correct.contains($0) } ?? 0]
            return picks.map { item.optionKeys[$0] }.joined(separator: ",")
        }.joined(separator: "\n") + "\n"
    }

    @Test func answersFileRunRecordsEveryAnswerAndScores() throws {
        let t = try TempTree()
        let db = t.path("data/cb.db")
        let common = ["--db", db, "--content", Self.root + "/Content", "--quizzes", Self.root + "/Quizzes"]
        #expect(try CLIRunner.run(["learners", "add", "amina", "--name", "Amina Putri", "--team", "id-listings", "--market", "ID", "--db", db]).status == 0)
        try t.write("right.txt", try answers(for: "onboarding-week-1", seed: 42, right: true))
        let pass = try CLIRunner.run(["quiz", "--learner", "amina", "--blueprint", "onboarding-week-1", "--seed", "42", "--answers", t.path("right.txt")] + common)
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(pass.stdout.contains("Result: 100.0% (12 of 12) · PASSED"))
        #expect(pass.stdout.contains("Correct."))
        #expect(pass.stdout.contains("SOP: site/sop/"))

        try t.write("wrong.txt", try answers(for: "onboarding-week-1", seed: 43, right: false))
        let fail = try CLIRunner.run(["quiz", "--learner", "amina", "--blueprint", "onboarding-week-1", "--seed", "43", "--answers", t.path("wrong.txt")] + common)
        #expect(fail.status == 1)
        #expect(fail.stdout.contains("NOT PASSED"))
        #expect(fail.stdout.contains("SOP sections to review:"))

        let list = try CLIRunner.run(["attempts", "--learner", "amina", "--db", db, "--json"])
        let attempts = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(attempts.count == 2)
        #expect(attempts[0]["percent"] as? Double == 100 && attempts[0]["passed"] as? Bool == true && attempts[0]["seed"] as? String == "42")
        #expect(attempts[1]["passed"] as? Bool == false)
        // Any attempt can be re-created from its seed for audit.
        let verify = try CLIRunner.run(["attempts", "verify", "\(attempts[1]["id"] as? Int ?? 0)"] + common)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("re-created exactly"))
    }

    @Test func badInputIsReportedWithFileAndLine() throws {
        let t = try TempTree(["answers.txt": "# first question\n99\n"])
        let db = t.path("data/cb.db")
        let common = ["--db", db, "--content", Self.root + "/Content", "--quizzes", Self.root + "/Quizzes"]
        let noLearner = try CLIRunner.run(["quiz", "--learner", "ghost", "--blueprint", "onboarding-week-1", "--answers", t.path("answers.txt")] + common)
        #expect(noLearner.status == 1 && noLearner.stderr.contains("no learner 'ghost'"))
        _ = try CLIRunner.run(["learners", "add", "bo", "--name", "Bo", "--db", db])
        let bad = try CLIRunner.run(["quiz", "--learner", "bo", "--blueprint", "onboarding-week-1", "--answers", t.path("answers.txt")] + common)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("answers.txt:2: '99' is not an option"))
        let noBlueprint = try CLIRunner.run(["quiz", "--learner", "bo", "--blueprint", "nope"] + common)
        #expect(noBlueprint.stderr.contains("no blueprint 'nope'"))
    }

    @Test func interactiveQuizRepromptsOnInvalidInput() throws {
        let t = try TempTree()
        let db = t.path("data/cb.db")
        _ = try CLIRunner.run(["learners", "add", "chai", "--name", "Chai", "--db", db])
        // Typed input: Enter to reveal each sensitive case, two invalid answers first, then the right ones.
        let handbook = try Handbook.load(content: Self.root + "/Content")
        let bank = try QuizBank.load(quizzes: Self.root + "/Quizzes", handbook: handbook)
        let quiz = try QuizDrawer(bank: bank, handbook: handbook).draw(try #require(bank.blueprint("market-id-listings")), seed: 5, today: "2026-11-21", history: [:])
        var lines: [String] = []
        for (i, item) in quiz.items.enumerated() {
            if let id = item.caseID, bank.case(id)?.sensitive == true { lines.append("") }
            if i == 0 { lines += ["banana", "0"] }
            lines.append(item.correct.sorted().map { item.optionKeys[$0] }.joined(separator: ","))
        }
        let typed = lines.joined(separator: "\n") + "\n"
        try t.write("typed.txt", typed)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIRunner.executable)
        process.arguments = ["quiz", "--learner", "chai", "--blueprint", "market-id-listings", "--seed", "5", "--db", db,
                             "--content", Self.root + "/Content", "--quizzes", Self.root + "/Quizzes"]
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: t.path("typed.txt")))
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("'banana' is not one of the options. Try again."))
        #expect(text.contains("'0' is not an option; choose 1 to"))
        #expect(text.contains("PASSED"))
    }
}
