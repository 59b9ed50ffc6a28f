import Foundation
import Testing
import Handbook
@testable import Quiz

/// `mode: review` and `target_recall` in blueprints.
@Suite struct ReviewBlueprintTests {
    func parse(_ text: String) -> (Blueprint?, [Diagnostic]) {
        var d: [Diagnostic] = []
        let b = ItemParser.parseBlueprint(Array(text.utf8), file: "blueprints/r.yml", diagnostics: &d)
        return (b, d)
    }

    @Test func reviewModeAndTargetRecall() {
        let (b, d) = parse("id: r\nquestions: 5\nmode: review\ntarget_recall: 0.9\n")
        #expect(d.isEmpty)
        #expect(b?.mode == .review && b?.targetRecall == 0.9)
        #expect(b?.mode.feedbackAfterEachAnswer == true)
        let (plain, _) = parse("id: r\nquestions: 5\nmode: review\n")
        #expect(plain?.targetRecall == 0.85, "the default target")
        #expect(parse("id: p\nquestions: 5\n").0?.mode.feedbackAfterEachAnswer == true)
        #expect(parse("id: e\nquestions: 5\nmode: exam\n").0?.mode.feedbackAfterEachAnswer == false)
    }

    @Test func badReviewSettingsNameTheLine() {
        let (_, outOfRange) = parse("id: r\nquestions: 5\nmode: review\ntarget_recall: 1.5\n")
        #expect(outOfRange.map(\.message) == ["'target_recall' must be a fraction between 0 and 1, e.g. 0.85"])
        #expect(outOfRange.first?.line == 4)
        let (_, notReview) = parse("id: r\nquestions: 5\nmode: practice\ntarget_recall: 0.8\n")
        #expect(notReview.first?.message.contains("only applies to 'mode: review' blueprints") == true)
        let (_, calibration) = parse("id: r\nquestions: 2\nmode: review\ncalibration: true\ncases: [a, b]\n")
        #expect(calibration.first?.message.contains("cannot be a calibration blueprint") == true)
        let (_, badMode) = parse("id: r\nmode: revision\n")
        #expect(badMode.first?.message == "mode 'revision' is not practice, exam or review")
    }
}
