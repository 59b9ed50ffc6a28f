import Foundation
import Testing
@testable import Handbook
@testable import Quiz
import CasebookTestSupport
import Records
import Learning

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

/// `casebook items calibrate`: a deterministic calibration file, anchored on the next run.
@Suite struct ItemsCalibrateCommandTests {
    static let root = CLIRunner.repositoryRoot

    /// Eight learners answer six cases once each; who gets what right makes every learner and
    /// item mixed (so all six are estimated).
    func record(_ records: Records, items: [String], learners: Range<Int>, day: String) throws {
        for l in learners {
            let learner = "l\(l)"
            try records.addLearner(Learner(id: learner, name: learner))
            let attempt = try records.startAttempt(learnerID: learner, blueprintID: "onboarding-week-1", seed: 1, contentVersion: "x",
                                                   mode: "practice", itemsJSON: "[]", startedAt: "\(day)T09:00:00.000Z")
            for (i, item) in items.enumerated() {
                // Item i is right for learners whose index is at least i/2 + 1 out of 8, plus one upset each.
                let right = (l % 8) > i / 2 + 1 || (l % 8) == (i + 3) % 8 ? 1.0 : 0.0
                _ = try records.recordResponse(ResponseRecord(attemptID: attempt, position: i, itemID: item, itemVersion: "v", kind: "decision",
                                                              chosen: "remove", score: right, answeredAt: "\(day)T09:0\(i):00.000Z"))
            }
        }
    }

    @Test func writesTheCalibrationAndAnchorsTheNextRun() throws {
        let t = try TempTree()
        let db = t.path("data/cb.db")
        let file = t.path("calibration.yml")
        let common = ["--db", db, "--content", Self.root + "/Content", "--quizzes", Self.root + "/Quizzes", "--output", file, "--date", "2026-12-02"]
        let handbook = try Handbook.load(content: Self.root + "/Content")
        let bank = try QuizBank.load(quizzes: Self.root + "/Quizzes", handbook: handbook)
        let items = Array(bank.activeCases.map(\.id).prefix(6))
        let records = try Records(path: db)
        try record(records, items: items, learners: 0..<8, day: "2026-11-20")

        let first = try CLIRunner.run(["items", "calibrate"] + common)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("from 8 learners' first answers"))
        #expect(first.stdout.contains("(no previous calibration)"))
        let unanswered = bank.activeCases.count + bank.activeQuestions.count - 6
        #expect(first.stdout.contains("unanswered"))
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("date: 2026-12-02\nlearners: 8\nanswers: 48\n"))
        #expect(text.contains("items_unanswered: \(unanswered)\n"))
        #expect(text.contains("anchor: mean-zero\n"))

        // The same records again: anchored to the file, no shift, the same bytes but the anchor lines.
        let second = try CLIRunner.run(["items", "calibrate"] + common)
        #expect(second.status == 0, "\(second.stderr)")
        let again = try String(contentsOfFile: file, encoding: .utf8)
        let commonLine = try #require(again.split(separator: "\n").first { $0.hasPrefix("common_items: ") })
        let commonItems = try #require(Int(commonLine.dropFirst("common_items: ".count)))
        #expect(commonItems >= RaschCalibration.minimumCommonItems)
        #expect(second.stdout.contains("anchored to the previous calibration (2026-12-02): \(commonItems) common items, shift +0.0000 logits"))
        #expect(again.replacingOccurrences(of: "anchor: previous\ncommon_items: \(commonItems)\nshift: 0.0000\n", with: "anchor: mean-zero\n") == text)
        #expect(try CLIRunner.run(["items", "calibrate"] + common).stdout == second.stdout, "same input, same output")
        // `casebook items` alone is still the item report.
        #expect(try CLIRunner.run(["items", "--json", "--db", db, "--content", Self.root + "/Content", "--quizzes", Self.root + "/Quizzes"]).status == 0)
    }

    @Test func badCalibrationFileIsNamed() throws {
        let t = try TempTree(["calibration.yml": "items:\n  c1: {difficulty: high, status: estimated}\n"])
        let db = t.path("data/cb.db")
        _ = try Records(path: db)
        let run = try CLIRunner.run(["items", "calibrate", "--db", db, "--content", Self.root + "/Content", "--quizzes", Self.root + "/Quizzes",
                                     "--output", t.path("calibration.yml")])
        #expect(run.status == 1)
        #expect(run.stderr.contains("calibration.yml:2: item 'c1' has no readable difficulty"))
    }
}
