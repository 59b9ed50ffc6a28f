import Foundation
import Testing
import CasebookTestSupport

/// How many problems `check` and `build` print, and in what order (Sources/Handbook/Diagnostic.swift).
@Suite struct DiagnosticOutputTests {
    /// 30 files with 100 broken links each: 3,000 errors.
    static func brokenLinks() throws -> TempTree {
        var files: [String: String] = ["Content/target.md": "# Target\n\n## Real {#real}\n"]
        let body = (1...100).map { "See [rule \($0)](target.md#gone-\($0)).\n" }.joined(separator: "\n")
        for i in 0..<30 { files["Content/p\(String(format: "%02d", i)).md"] = "# Page \(i)\n\n" + body }
        return try TempTree(files)
    }

    @Test func manyErrorsAreCappedPerFileAndInTotalButJSONListsAll() throws {
        let t = try Self.brokenLinks()
        let check = try CLIRunner.run(["check", "--content", t.path("Content")])
        #expect(check.status == 1)
        let lines = check.stderr.split(separator: "\n").map(String.init)
        let errors = lines.filter { $0.contains(": error: ") }
        #expect(errors.count == 200, "at most 200 problems are printed in all")
        #expect(errors.filter { $0.hasPrefix("p00.md:") }.count == 20, "at most 20 per file")
        #expect(lines.contains("p00.md: note: and 80 more problems in this file; 'casebook check --json' lists every one"))
        // 200 shown, 10 × 80 announced per file, 20 files of 100 left.
        #expect(lines.contains("note: and 2000 more problems in 20 more files; 'casebook check --json' lists every one"))
        #expect(check.stderr.contains("3000 errors"), "the summary counts every error")
        let json = try CLIRunner.run(["check", "--content", t.path("Content"), "--json"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(items.count == 3000)
        let build = try CLIRunner.run(["build", "--content", t.path("Content"), "--out", t.path("site")])
        #expect(build.status == 1)
        #expect(build.stderr.split(separator: "\n").filter { $0.contains(": error: ") }.count == 200)
        #expect(build.stderr.contains("Build failed with 3000 errors"))
    }

    /// One YAML alias (of no anchor) in a much-linked SOP made it fail to load, and every link and quiz item
    /// pointing into it failed after it: 36 errors, the real one printed last.
    @Test func aPageThatFailsToLoadIsShownFirstWithoutItsFollowOns() throws {
        let t = try TempTree()
        for folder in ["Content", "Quizzes"] {
            try FileManager.default.copyItem(atPath: CLIRunner.repositoryRoot + "/" + folder, toPath: t.path(folder))
        }
        let page = "Content/policies/counterfeit-and-ip.md"
        let text = try #require(t.read(page))
        try t.write(page, text.replacingOccurrences(of: "\nowner: Brand Protection Policy\n", with: "\nowner: *owner\n"))
        let check = try CLIRunner.run(["check", "--content", t.path("Content"), "--quizzes", t.path("Quizzes")])
        #expect(check.status == 1)
        let lines = check.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "policies/counterfeit-and-ip.md:5:8: error: front matter: alias *owner names no anchor above it; write the value out, or &owner on the value it repeats")
        #expect(lines.filter { $0.contains(": error: ") }.count == 1, "\(check.stderr)")
        #expect(lines.count > 1 && lines[1].hasPrefix("policies/counterfeit-and-ip.md: note: ") && lines[1].contains("follow from this file not loading"))
        let json = try CLIRunner.run(["check", "--content", t.path("Content"), "--quizzes", t.path("Quizzes"), "--json"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(items.count > 30, "--json still lists the follow-on errors")
    }
}
