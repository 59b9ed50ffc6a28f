import Foundation
import Testing
@testable import Handbook
@testable import Quiz
import CasebookTestSupport

/// `learners show` and `mode: review` blueprints from the command line, on the sample bank.
@Suite struct LearnerStateCommandTests {
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

    @Test func showsMasteryRecallAndDueItemsPerSection() throws {
        let t = try TempTree()
        let db = t.path("data/cb.db")
        let common = ["--db", db, "--content", Self.root + "/Content", "--quizzes", Self.root + "/Quizzes"]
        for (id, name) in [("amina", "Amina Putri"), ("bo", "Bo")] {
            #expect(try CLIRunner.run(["learners", "add", id, "--name", name, "--team", "id-listings", "--market", "ID", "--db", db]).status == 0)
        }
        try t.write("right.txt", try answers(for: "onboarding-week-1", seed: 42, right: true))
        try t.write("wrong.txt", try answers(for: "onboarding-week-1", seed: 42, right: false))
        for (learner, file) in [("amina", "right.txt"), ("bo", "wrong.txt")] {
            _ = try CLIRunner.run(["quiz", "--learner", learner, "--blueprint", "onboarding-week-1", "--seed", "42", "--answers", t.path(file)] + common)
        }
        // Far in the future every answered item is forgotten: all due.
        let show = try CLIRunner.run(["learners", "show", "amina", "--date", "2031-01-01"] + common)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("Learner amina (Amina Putri, team id-listings, ID)"))
        #expect(show.stdout.contains("Memory model: FSRS-5 default parameters"))
        #expect(show.stdout.contains("fitting needs 1000"))
        #expect(show.stdout.contains("Section") && show.stdout.contains("Mastery") && show.stdout.contains("Recall"))
        #expect(show.stdout.contains("Due items: "))
        #expect(!show.stdout.contains("Due items: 0"))
        // Same input, same output.
        #expect(try CLIRunner.run(["learners", "show", "amina", "--date", "2031-01-01"] + common).stdout == show.stdout)

        let json = try CLIRunner.run(["learners", "show", "bo", "--date", "2031-01-01", "--format", "json"] + common)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let sections = try #require(object["sections"] as? [[String: Any]])
        #expect(!sections.isEmpty)
        // Bo got every case wrong: each section's shrunken mastery is below the pooled mean and above 0.
        for s in sections {
            let mastery = try #require(s["mastery"] as? Double)
            #expect(mastery > 0 && mastery < 0.5)
            #expect(s["cases_right"] as? Int == 0)
        }
        #expect((object["model"] as? [String: Any])?["fitted"] as? Bool == false)
        #expect(object["due_items"] as? Int == sections.reduce(0) { $0 + ($1["items_due"] as? Int ?? 0) })

        // Before any answer (the day before), nothing to show.
        let before = try CLIRunner.run(["learners", "show", "amina", "--date", "2020-01-01"] + common)
        #expect(before.status == 0 && before.stdout.contains("No answers yet"))
    }

    @Test func badInput() throws {
        let t = try TempTree()
        let db = t.path("data/cb.db")
        let common = ["--db", db, "--content", Self.root + "/Content", "--quizzes", Self.root + "/Quizzes"]
        #expect(try CLIRunner.run(["learners", "add", "bo", "--name", "Bo", "--db", db]).status == 0)
        let ghost = try CLIRunner.run(["learners", "show", "ghost"] + common)
        #expect(ghost.status == 1 && ghost.stderr.contains("no learner 'ghost'"))
        let badDate = try CLIRunner.run(["learners", "show", "bo", "--date", "tomorrow"] + common)
        #expect(badDate.status == 2 && badDate.stderr.contains("--date must be a date written YYYY-MM-DD"))
        let badFormat = try CLIRunner.run(["learners", "show", "bo", "--format", "csv"] + common)
        #expect(badFormat.status == 2 && badFormat.stderr.contains("--format must be table or json"))
        // A review for a learner with no history: a clear message, no quiz, no attempt.
        try t.write("answers.txt", "1\n")
        let review = try CLIRunner.run(["quiz", "--learner", "bo", "--blueprint", "five-minute-review", "--answers", t.path("answers.txt")] + common)
        #expect(review.status == 1)
        #expect(review.stderr.contains("bo has not answered any of the questions '5-minute review' reviews yet"))
        #expect(!review.stdout.contains("questions ·"))
        let attempts = try CLIRunner.run(["attempts", "--learner", "bo", "--db", db, "--json"])
        #expect(attempts.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" || attempts.stdout.contains("[]"))
    }
}
