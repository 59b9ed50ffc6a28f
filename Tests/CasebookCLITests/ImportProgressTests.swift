import Foundation
import Testing
@testable import CasebookCLI
import CasebookTestSupport

/// `import-docs` shows how far it is on a terminal (a folder of Word documents or a Confluence
/// space takes seconds), and prints nothing of it when its output is piped.
@Suite struct ImportProgressTests {
    typealias W = WordFixture

    /// Runs `casebook arguments` with stderr a terminal or not; stdout and stderr as written.
    static func run(_ arguments: [String], terminal: Bool) -> (status: Int32, stdout: String, stderr: String) {
        let captured = CapturedConsole()
        let base = captured.console
        let console = Console(out: base.out, err: base.err, interactive: terminal)
        let status = CasebookCommand.main(arguments, console: console)
        return (status, captured.stdout, captured.stderr)
    }

    @Test func aWordFolderShowsItsProgressOnATerminalOnly() throws {
        let t = try TempTree()
        for name in ["Refunds", "Appeals", "Escalation"] {
            try W.write(W.parts(body: W.p(W.r(name), style: "Heading1") + W.p(W.r("Text."))), to: t.path("drive/\(name).docx"))
        }
        let shown = Self.run(["import-docs", t.path("drive"), "--to", t.path("Content")], terminal: true)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stderr.contains("\r\u{1B}[2KConverting Word documents: 3 of 3…"), "\(shown.stderr)")
        #expect(shown.stderr.contains("\r\u{1B}[2KImporting pages and files: 3 of 3…"), "\(shown.stderr)")
        // The line is cleared before the summary.
        #expect(shown.stderr.contains("\r\u{1B}[2KImported 3 pages"), "\(shown.stderr)")
        #expect(!shown.stdout.contains("\u{1B}"))

        let piped = Self.run(["import-docs", t.path("drive"), "--to", t.path("Content2")], terminal: false)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(!piped.stderr.contains("\u{1B}") && !piped.stderr.contains("Converting"), "\(piped.stderr)")
        // The same import either way.
        #expect(t.read("Content/refunds.md") == t.read("Content2/refunds.md") && t.read("Content/refunds.md") != nil)
    }

    /// `casebook check` says what it is doing on a terminal, and clears the line before its
    /// summary; piped, its output is as it was.
    @Test func checkShowsWhatItIsDoingOnATerminalOnly() throws {
        let t = try TempTree(["Content/a.md": "---\nid: a\ntitle: A\n---\n# A\n\nText.\n"])
        let shown = Self.run(["check", "--content", t.path("Content"), "--no-history"], terminal: true)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stderr.contains("\r\u{1B}[2KChecking the SOPs…") && shown.stderr.contains("\r\u{1B}[2KChecking the quiz bank…"), "\(shown.stderr)")
        #expect(shown.stderr.hasSuffix("\r\u{1B}[2KChecked 1 page, 0 policy codes and 0 quiz items: 0 errors, 0 warnings\n"), "\(shown.stderr)")
        let piped = Self.run(["check", "--content", t.path("Content"), "--no-history"], terminal: false)
        #expect(piped.stderr == "Checked 1 page, 0 policy codes and 0 quiz items: 0 errors, 0 warnings\n", "\(piped.stderr)")
    }
}
