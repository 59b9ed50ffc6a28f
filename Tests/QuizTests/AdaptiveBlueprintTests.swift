import Foundation
import Testing
import Handbook
@testable import Quiz
import CasebookTestSupport

/// `adaptive: true` and `target_se` in blueprints, and the calibration file the bank reads.
@Suite struct AdaptiveBlueprintTests {
    func parse(_ text: String) -> (Blueprint?, [Diagnostic]) {
        var d: [Diagnostic] = []
        let b = ItemParser.parseBlueprint(Array(text.utf8), file: "blueprints/a.yml", diagnostics: &d)
        return (b, d)
    }

    @Test func adaptiveAndTargetSE() {
        let (b, d) = parse("id: a\nquestions: 30\nmode: exam\nadaptive: true\ntarget_se: 0.35\n")
        #expect(d.isEmpty)
        #expect(b?.adaptive == true && b?.targetSE == 0.35)
        let (plain, _) = parse("id: a\nquestions: 30\nmode: exam\nadaptive: true\n")
        #expect(plain?.targetSE == 0.3, "the default target")
        #expect(parse("id: a\nquestions: 5\n").0?.adaptive == false)
    }

    @Test func badAdaptiveSettingsNameTheLine() {
        for bad in ["0", "1.2", "0.01", "high", "nan"] {
            let (_, d) = parse("id: a\nquestions: 30\nmode: exam\nadaptive: true\ntarget_se: \(bad)\n")
            #expect(d.map(\.message) == ["'target_se' must be a standard error in logits from 0.05 to 0.95 (the ability prior's is 1), e.g. 0.3"], "\(bad)")
            #expect(d.first?.line == 5 && d.first?.file == "blueprints/a.yml")
        }
        let (_, notAdaptive) = parse("id: a\nquestions: 30\nmode: exam\ntarget_se: 0.3\n")
        #expect(notAdaptive.map(\.message) == ["'target_se' only applies to adaptive blueprints; remove it or add 'adaptive: true'"])
        #expect(notAdaptive.first?.line == 4)
        let (_, review) = parse("id: a\nquestions: 5\nmode: review\nadaptive: true\n")
        #expect(review.first?.message.contains("cannot be adaptive") == true && review.first?.line == 4)
        let (_, calibration) = parse("id: a\nquestions: 2\nmode: exam\ncalibration: true\ncases: [x, y]\nadaptive: true\n")
        #expect(calibration.first?.message.contains("cannot be adaptive") == true && calibration.first?.line == 6)
        let (_, word) = parse("id: a\nquestions: 2\nadaptive: yes please\n")
        #expect(word.map(\.message) == ["'adaptive' must be true or false"])
    }

    /// The exposure limits: `max_exposure` (a share of recent exams, adaptive only) with
    /// `no_repeat_days` and `attempts` as for any blueprint.
    @Test func maxExposureIsAFractionOfAdaptiveExams() {
        let (b, d) = parse("id: a\nquestions: 30\nmode: exam\nattempts: 2\nno_repeat_days: 14\nadaptive: true\nmax_exposure: 0.3\n")
        #expect(d.isEmpty)
        #expect(b?.maxExposure == 0.3 && b?.noRepeatDays == 14 && b?.attempts == 2)
        #expect(parse("id: a\nquestions: 30\nmode: exam\nadaptive: true\n").0?.maxExposure == 1, "no cap by default")
        for bad in ["0", "-0.2", "1.5", "often", "nan"] {
            let (_, d) = parse("id: a\nquestions: 30\nmode: exam\nadaptive: true\nmax_exposure: \(bad)\n")
            #expect(d.map(\.message) == ["'max_exposure' must be a fraction above 0 and at most 1: the most of the blueprint's recent adaptive exams that may ask one item, e.g. 0.3 (1: no cap)"], "\(bad)")
            #expect(d.first?.line == 5 && d.first?.file == "blueprints/a.yml")
        }
        let (_, fixed) = parse("id: a\nquestions: 30\nmode: exam\nmax_exposure: 0.3\n")
        #expect(fixed.map(\.message) == ["'max_exposure' only applies to adaptive blueprints; remove it or add 'adaptive: true'"])
        #expect(fixed.first?.line == 4)
    }

    /// The sample bank's adaptive exam: its settings, no diagnostics, and a pool that fills every mix line.
    @Test func theSampleAdaptiveBlueprintCanBeAskedInFull() throws {
        let root = RepositoryRoot.path
        let handbook = try Handbook.load(content: root + "/Content")
        let bank = try QuizBank.load(quizzes: root + "/Quizzes", handbook: handbook)
        #expect(bank.diagnostics.filter { $0.file.contains("adaptive-core-policies") }.isEmpty, "\(bank.diagnostics)")
        let b = try #require(bank.blueprint("adaptive-core-policies"))
        #expect(b.adaptive && b.mode == .exam && b.targetSE == 0.4 && b.maxExposure == 0.3 && b.noRepeatDays == 14 && b.attempts == 2)
        let pool = try QuizDrawer(bank: bank, handbook: handbook).adaptivePool(b, seed: 1)
        for (l, count) in pool.lineCounts.enumerated() {
            #expect(pool.lines.filter { $0 == l }.count >= 2 * count, "line \(pool.lineNames[l]) has room for a retake")
        }
    }

    @Test func calibrationFileReadsEveryDifficulty() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/calibration.yml"
        #expect(try ItemCalibrationFile.read(path) == nil)
        try """
        date: 2026-12-02
        items:
          a: {difficulty: -0.5000, se: 0.2000, answers: 10, correct: 6, status: estimated}
          b: {difficulty: -3.1000, answers: 4, correct: 4, status: allCorrect}
          c: {answers: 0, correct: 0, status: unanswered}

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let file = try #require(try ItemCalibrationFile.read(path, shownAs: "Quizzes/calibration.yml"))
        #expect(file.date == "2026-12-02")
        #expect(file.difficulties == ["a": -0.5, "b": -3.1])
        #expect(file.estimated == ["a"])
        try "items:\n  a: {difficulty: hard, status: estimated}\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ItemCalibrationFile.ReadError(file: "Quizzes/calibration.yml", line: 2,
                                                      message: "item 'a' has no readable difficulty; fix it or delete the file to start a new scale")) {
            try ItemCalibrationFile.read(path, shownAs: "Quizzes/calibration.yml")
        }
    }
}
