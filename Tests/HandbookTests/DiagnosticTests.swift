import Testing
@testable import Handbook

@Suite struct DiagnosticTests {
    func errors(_ file: String, _ count: Int) -> [Diagnostic] {
        (1...count).map { Diagnostic(.error, file: file, line: $0, column: 1, "problem \($0)") }
    }

    @Test func fewDiagnosticsPrintAsTheyAre() {
        let all = errors("b.md", 2) + errors("a.md", 1)
        #expect(all.displayLines() == ["a.md:1:1: error: problem 1", "b.md:1:1: error: problem 1", "b.md:2:1: error: problem 2"])
    }

    @Test func capsPerFileAndInTotal() {
        let lines = (errors("a.md", 5) + errors("b.md", 5) + errors("c.md", 5)).displayLines(perFile: 3, total: 5)
        #expect(lines == [
            "a.md:1:1: error: problem 1", "a.md:2:1: error: problem 2", "a.md:3:1: error: problem 3",
            "a.md: note: and 2 more problems in this file; 'casebook check --json' lists every one",
            "b.md:1:1: error: problem 1", "b.md:2:1: error: problem 2",
            "b.md: note: and 3 more problems in this file; 'casebook check --json' lists every one",
            "note: and 5 more problems in 1 more file; 'casebook check --json' lists every one",
        ])
    }

    @Test func followOnsAreHiddenOnlyWhenTheirCauseHasAnErrorShown() {
        var followOn = Diagnostic(.error, file: "a.md", line: 3, column: 1, "broken link into z.md")
        followOn.followsFrom = "z.md"
        let cause = Diagnostic(.error, file: "z.md", line: 5, column: 8, "front matter: bad YAML")
        #expect([followOn, cause].displayLines() == [
            "z.md:5:8: error: front matter: bad YAML",
            "z.md: note: 1 error in other files follows from this file not loading and is not shown; fix this file first",
        ])
        // Without an error in z.md there is nothing to point at: the follow-on is shown.
        #expect([followOn].displayLines() == ["a.md:3:1: error: broken link into z.md"])
    }

    /// A value read from a file may hold a line break (`status: |` gives "block\n"); printed as
    /// it is, it split the diagnostic over two lines, and a value holding
    /// "\nother.md:1: error: ..." printed a diagnostic no file has.
    @Test func aLineBreakInAMessageOrPathStaysOnTheDiagnosticsLine() {
        let d = Diagnostic(.error, file: "policies/a\nb.md", line: 2, column: 9, "status 'block\n' is not one of draft\r\u{2028}\u{7}")
        #expect(d.description == "policies/a\\nb.md:2:9: error: status 'block\\n' is not one of draft\\r\\u{2028}\\u{7}")
        #expect(!d.description.contains("\n"))
        let forged = Diagnostic(.warning, file: "a.md", "x\nz.md:1: error: forged")
        #expect([forged].displayLines().allSatisfy { !$0.contains("\n") })
    }
}
