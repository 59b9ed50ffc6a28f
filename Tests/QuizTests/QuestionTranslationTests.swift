import Testing
@testable import Handbook
@testable import Quiz
import CasebookTestSupport

/// Issue 19: authored questions with translations (`translation_of:` like SOPs).
@Suite struct QuestionTranslationTests {
    static func translation(id: String = "q1-th", of original: String = "q1", lang: String = "th", source: String = "1",
                            options: [String] = ["[x] งานมิเรอร์", "[x] 1:1", "[ ] ของแท้", "[ ] มือสอง"]) -> String {
        """
        ---
        id: \(id)
        type: multiple
        translation_of: \(original)
        lang: \(lang)
        source_version: \(source)
        ---
        # คำใดบ้างที่บอกว่าเป็นของก๊อป

        \(options.map { "- " + $0 }.joined(separator: "\n"))

        ## Explanation
        ทั้งสองคำยอมรับว่าเป็นของเลียนแบบ
        """
    }

    @Test func aCurrentTranslationServesItsLanguageAndIsNeverDrawnItself() throws {
        let f = try QuizFixture(extra: ["questions/q1.th.md": Self.translation()])
        #expect(f.bank.diagnostics.filter { $0.severity == .error }.isEmpty, "\(f.bank.diagnostics)")
        #expect(f.bank.questions.map(\.id) == ["q1"], "a translation is not a question of its own")
        let th = try #require(f.bank.translation(of: "q1", in: "th"))
        #expect(th.prompt == "คำใดบ้างที่บอกว่าเป็นของก๊อป")
        #expect(th.options == ["งานมิเรอร์", "1:1", "ของแท้", "มือสอง"])
        #expect(th.explanation == "ทั้งสองคำยอมรับว่าเป็นของเลียนแบบ")
        #expect(f.bank.translation(of: "q1", in: "th-TH")?.id == "q1-th")
        #expect(f.bank.translation(of: "q1", in: "vi") == nil)
        #expect(f.bank.translation(of: "q1", in: "en") == nil, "the original's own language gets the original")
    }

    @Test func anOutOfDateTranslationIsAWarningAndTheOriginalIsShown() throws {
        var original = try #require(QuizFixture().tree.read("Quizzes/questions/q1.md"))
        original = original.replacingOccurrences(of: "codes: [IP-01]", with: "codes: [IP-01]\nversion: 2")
        let f = try QuizFixture(extra: ["questions/q1.md": original, "questions/q1.th.md": Self.translation()])
        #expect(f.bank.translation(of: "q1", in: "th") == nil)
        #expect(f.bank.diagnostics.contains {
            $0.severity == .warning && $0.file == "Quizzes/questions/q1.th.md" && $0.message.contains("version 1 of 'q1', which is now at version 2")
        }, "\(f.bank.diagnostics)")
        let updated = try QuizFixture(extra: ["questions/q1.md": original, "questions/q1.th.md": Self.translation(source: "2")])
        #expect(updated.bank.translation(of: "q1", in: "th")?.id == "q1-th")
    }

    @Test func aTranslationMustKeepTheOriginalsOptionsAndKey() throws {
        let f = try QuizFixture(extra: [
            "questions/a.th.md": Self.translation(id: "a", options: ["[x] งานมิเรอร์", "[ ] 1:1", "[ ] ของแท้", "[ ] มือสอง"]),
            "questions/b.th.md": Self.translation(id: "b", options: ["[x] งานมิเรอร์", "[x] 1:1", "[ ] ของแท้"]),
            "questions/c.th.md": Self.translation(id: "c", of: "nope"),
            "questions/d.th.md": Self.translation(id: "d", lang: "en"),
            "questions/e.th.md": Self.translation(id: "e").replacingOccurrences(of: "source_version: 1\n", with: ""),
        ])
        func error(_ file: String, _ text: String) -> Bool {
            f.bank.diagnostics.contains { $0.severity == .error && $0.file == "Quizzes/questions/" + file && $0.message.contains(text) }
        }
        #expect(error("a.th.md", "4 options with 1 marked [x], but 'q1' has 4 with 1, 2"), "\(f.bank.diagnostics)")
        #expect(error("b.th.md", "3 options"))
        #expect(error("c.th.md", "translation_of 'nope' is not the id of a question"))
        #expect(error("d.th.md", "the language of 'q1' itself"))
        #expect(error("e.th.md", "needs 'source_version:'"))
        #expect(f.bank.translation(of: "q1", in: "th") == nil)
    }

    @Test func optionLettersRoundTrip() {
        for i in [0, 1, 25, 26, 40] { #expect(QuizDrawer.optionIndex(QuizDrawer.letter(i)) == i) }
        #expect(QuizDrawer.optionIndex("remove") == nil)
    }
}
