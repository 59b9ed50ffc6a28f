import Foundation
import Testing
import Records
import CasebookTestSupport

/// `casebook quiz` on an adaptive blueprint (`--answers` scripted), `attempts verify`
/// replaying it and finding tampering, and `casebook check` on the new keys.
@Suite struct AdaptiveQuizCommandTests {
    static let sop = """
    ---
    id: ip
    title: Counterfeit
    actions:
      - id: approve
        label: Approve
      - id: remove
        label: Remove
    ---
    ## IP-01 Counterfeit goods {harm=high}
    Fakes.
    """

    /// Twenty cases, all to be removed (so "remove" is always the right answer), with a
    /// calibration spreading their difficulties over -2..2, and an adaptive exam of at most 10.
    static func tree(calibrated: Bool = true, targetSE: String = "0.5") throws -> TempTree {
        var files = ["Content/ip.md": sop,
                     "Quizzes/blueprints/adaptive.yml": "id: adaptive\ntitle: Adaptive exam\nquestions: 10\nmode: exam\npass_mark: 60\nkinds: [decision]\nadaptive: true\ntarget_se: \(targetSE)\n"]
        var calibration = "date: 2026-11-30\nitems:\n"
        for i in 0..<20 {
            let id = String(format: "c%02d", i)
            files["Quizzes/cases/\(id).md"] = """
            ---
            id: \(id)
            type: listing
            source: QA sample
            sampled: 2026-09-30
            market: ID
            decision: remove
            codes: [IP-01]
            sop: ip#ip-01
            difficulty: 1
            reviewed: 2026-10-01
            ---
            # Bag \(i)

            ## Listing
            Text \(i)

            ## Rationale
            Because \(i).
            """
            calibration += "  \(id): {difficulty: \(String(format: "%.4f", Double(i) / 5 - 2)), answers: 40, correct: 20, status: estimated}\n"
        }
        if calibrated { files["Quizzes/calibration.yml"] = calibration }
        return try TempTree(files)
    }

    @Test func scriptedAdaptiveQuizIsVerifiedAndTamperingFound() throws {
        let t = try Self.tree()
        let db = t.path("data/cb.db")
        let common = ["--db", db, "--content", t.path("Content"), "--quizzes", t.path("Quizzes")]
        #expect(try CLIRunner.run(["learners", "add", "amina", "--name", "Amina", "--db", db]).status == 0)
        try t.write("right.txt", String(repeating: "remove\n", count: 10))
        let run = try CLIRunner.run(["quiz", "--learner", "amina", "--blueprint", "adaptive", "--seed", "7", "--answers", t.path("right.txt")] + common)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("adaptive: up to 10 questions, ending once your ability is measured to ±0.5 logits"))
        #expect(run.stdout.contains("Question 1 of at most 10"))
        #expect(run.stdout.contains("Result: ability ") && run.stdout.contains("· PASSED"))
        #expect(try CLIRunner.run(["learners", "add", "budi", "--name", "Budi", "--db", db]).status == 0)
        #expect(try CLIRunner.run(["quiz", "--learner", "budi", "--blueprint", "adaptive", "--seed", "7", "--answers", t.path("right.txt")] + common).stdout
                    .replacingOccurrences(of: "Attempt 2", with: "Attempt 1") == run.stdout, "same seed and answers, same exam")
        // amina's retake does not ask what her first attempt asked (the bank has enough others).
        _ = try CLIRunner.run(["quiz", "--learner", "amina", "--blueprint", "adaptive", "--seed", "7", "--answers", t.path("right.txt")] + common)
        let records = try Records(path: db)
        let first = Set(try records.adaptiveSteps(attemptID: 1).map(\.value.item)), retake = Set(try records.adaptiveSteps(attemptID: 3).map(\.value.item))
        #expect(!first.isEmpty && !retake.isEmpty && first.isDisjoint(with: retake), "\(first) \(retake)")
        #expect(try CLIRunner.run(["attempts", "verify", "3"] + common).status == 0)
        let verify = try CLIRunner.run(["attempts", "verify", "1"] + common)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("re-created exactly: adaptive exam of ") && verify.stdout.contains("every step replayed") && verify.stdout.contains(": passed)"))
        // An answer turned wrong after the fact.
        try records.db.query("UPDATE responses SET score = 0, chosen = 'approve' WHERE attempt_id = 1 AND position = (SELECT position FROM adaptive_steps WHERE attempt_id = 1 AND step = 0)")
        let tampered = try CLIRunner.run(["attempts", "verify", "1"] + common)
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("Attempt 1 does not replay") && tampered.stdout.contains("step 1: the stored answer"))
    }

    /// The sample bank's adaptive exam end to end, on a copy of the sample bank with a
    /// calibration that has no item yet (every item counts as average): it runs, the retake
    /// asks none of the first attempt's questions, both replay, and a third attempt is refused.
    @Test func theSampleAdaptiveExamRunsAndItsRetakeAsksOtherQuestions() throws {
        let t = try TempTree()
        try FileManager.default.copyItem(atPath: CLIRunner.repositoryRoot + "/Quizzes", toPath: t.path("Quizzes"))
        try t.write("Quizzes/calibration.yml", "date: 2026-12-01\nitems:\n")
        let db = t.path("data/cb.db")
        let common = ["--db", db, "--content", CLIRunner.repositoryRoot + "/Content", "--quizzes", t.path("Quizzes")]
        #expect(try CLIRunner.run(["learners", "add", "dewi", "--name", "Dewi", "--market", "ID", "--db", db]).status == 0)
        try t.write("answers.txt", String(repeating: "1\n", count: 40))
        for seed in ["1", "2"] {
            let run = try CLIRunner.run(["quiz", "--learner", "dewi", "--blueprint", "adaptive-core-policies", "--seed", seed, "--answers", t.path("answers.txt")] + common)
            #expect(run.stdout.contains("adaptive: up to 20 questions"), "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("Result: ability "))
        }
        let records = try Records(path: db)
        let first = Set(try records.adaptiveSteps(attemptID: 1).map(\.value.item)), retake = Set(try records.adaptiveSteps(attemptID: 2).map(\.value.item))
        #expect(!first.isEmpty && first.isDisjoint(with: retake))
        for id in ["1", "2"] {
            let verify = try CLIRunner.run(["attempts", "verify", id] + common)
            #expect(verify.status == 0 && verify.stdout.contains("every step replayed"), "\(verify.stdout)\(verify.stderr)")
        }
        let third = try CLIRunner.run(["quiz", "--learner", "dewi", "--blueprint", "adaptive-core-policies", "--answers", t.path("answers.txt")] + common)
        #expect(third.status == 1)
    }

    @Test func noCalibrationAndBadTargetSE() throws {
        let t = try Self.tree(calibrated: false)
        let db = t.path("data/cb.db")
        let common = ["--db", db, "--content", t.path("Content"), "--quizzes", t.path("Quizzes")]
        #expect(try CLIRunner.run(["learners", "add", "amina", "--name", "Amina", "--db", db]).status == 0)
        try t.write("right.txt", "remove\n")
        let run = try CLIRunner.run(["quiz", "--learner", "amina", "--blueprint", "adaptive", "--answers", t.path("right.txt")] + common)
        #expect(run.status == 1)
        #expect(run.stderr.contains("Quizzes/blueprints/adaptive.yml: blueprint 'adaptive' is adaptive") && run.stderr.contains("run 'casebook items calibrate'"))

        let bad = try Self.tree(targetSE: "1.5")
        let check = try CLIRunner.run(["check", "--content", bad.path("Content"), "--quizzes", bad.path("Quizzes")])
        #expect(check.status == 1)
        #expect((check.stdout + check.stderr).contains("Quizzes/blueprints/adaptive.yml:8:"))
        #expect((check.stdout + check.stderr).contains("'target_se' must be a standard error in logits from 0.05 to 0.95"))

        // max_exposure: a fraction, on adaptive blueprints only; named with file and line.
        let exposure = try Self.tree()
        try exposure.write("Quizzes/blueprints/adaptive.yml", "id: adaptive\ntitle: Adaptive exam\nquestions: 10\nmode: exam\nkinds: [decision]\nadaptive: true\nmax_exposure: 30%\n")
        try exposure.write("Quizzes/blueprints/fixed.yml", "id: fixed\ntitle: Fixed\nquestions: 5\nmode: exam\nkinds: [decision]\nmax_exposure: 0.3\n")
        let capped = try CLIRunner.run(["check", "--content", exposure.path("Content"), "--quizzes", exposure.path("Quizzes")])
        let output = capped.stdout + capped.stderr
        #expect(capped.status == 1)
        #expect(output.contains("Quizzes/blueprints/adaptive.yml:7:") && output.contains("'max_exposure' must be a fraction above 0 and at most 1"), "\(output)")
        #expect(output.contains("Quizzes/blueprints/fixed.yml:6:") && output.contains("'max_exposure' only applies to adaptive blueprints"), "\(output)")
        try exposure.write("Quizzes/blueprints/adaptive.yml", "id: adaptive\ntitle: Adaptive exam\nquestions: 10\nmode: exam\nkinds: [decision]\nadaptive: true\nmax_exposure: 0.3\nno_repeat_days: 14\n")
        try exposure.write("Quizzes/blueprints/fixed.yml", "id: fixed\ntitle: Fixed\nquestions: 5\nmode: exam\nkinds: [decision]\n")
        let good = try CLIRunner.run(["check", "--strict", "--content", exposure.path("Content"), "--quizzes", exposure.path("Quizzes")])
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
    }
}
