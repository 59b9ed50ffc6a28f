import Testing
@testable import Quiz

@Suite struct BankEditorTests {
    let caseFile = "---\nid: c1\ndecision: remove\ncodes: [IP-01]\nsop: counterfeit-and-ip#ip-01\nreviewed: 2026-10-01\n---\n# Title\n\ndecision: remove stays in the body\n"

    @Test func changesOnlyTheKeyLine() throws {
        let out = try BankEditor.settingKey(in: caseFile, kind: .decision, keys: ["restrict"], today: "2026-11-21", file: "c1.md")
        #expect(out == caseFile.replacingOccurrences(of: "decision: remove\ncodes", with: "decision: restrict\ncodes").replacingOccurrences(of: "2026-10-01", with: "2026-11-21"))
        let codes = try BankEditor.settingKey(in: caseFile, kind: .codes, keys: ["IP-02", "IP-03"], today: "2026-11-21", file: "c1.md")
        #expect(codes.contains("codes: [IP-02, IP-03]\n"))
        let none = try BankEditor.settingKey(in: caseFile, kind: .codes, keys: [QuizDrawer.noViolation], today: "2026-11-21", file: "c1.md")
        #expect(none.contains("codes: []\n"))
    }

    @Test func marksTheRightOptionsOfAQuestion() throws {
        let q = "---\nid: q1\ntype: single\n---\n# Prompt\n\n- [x] First\n- [ ] Second\n  - [ ] Third\n"
        let out = try BankEditor.settingKey(in: q, kind: .knowledge, keys: ["b"], today: "2026-11-21", file: "q1.md")
        #expect(out == "---\nid: q1\ntype: single\n---\n# Prompt\n\n- [ ] First\n- [x] Second\n  - [ ] Third\n")
    }

    @Test func refusesFilesItCannotEditSafely() {
        #expect(throws: BankEditor.EditError.self) { try BankEditor.settingKey(in: "# no front matter\n", kind: .decision, keys: ["remove"], today: "x", file: "f.md") }
        #expect(throws: BankEditor.EditError.self) { try BankEditor.settingKey(in: "---\nid: c\n---\n", kind: .section, keys: ["a#b"], today: "x", file: "f.md") }
    }
}
