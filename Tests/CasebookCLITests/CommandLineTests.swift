import Foundation
import Testing
@testable import CasebookCLI
import CasebookTestSupport

@Suite struct CommandLineTests {
    @Test func versionAndHelp() throws {
        let v = try CLIRunner.run(["--version"])
        #expect(v.status == 0 && v.stdout == "casebook \(CasebookCommand.version)\n")
        let help = try CLIRunner.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Exit status:") && help.stdout.contains("build") && help.stdout.contains("check"))
        for command in [["build"], ["check"], ["new"]] {
            let r = try CLIRunner.run(command + ["--help"])
            #expect(r.status == 0 && r.stdout.hasPrefix("Usage: casebook \(command[0])"), "\(command) --help")
        }
    }

    @Test func usageErrorsExitWithTwo() throws {
        let unknown = try CLIRunner.run(["publish"])
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown command 'publish'"))
        let badOption = try CLIRunner.run(["build", "--colour"])
        #expect(badOption.status == 2 && badOption.stderr.contains("unknown option --colour"))
        let missingValue = try CLIRunner.run(["build", "--out"])
        #expect(missingValue.status == 2 && missingValue.stderr.contains("--out needs a value"))
        let none = try CLIRunner.run([])
        #expect(none.status == 2)
    }

    @Test func checkReportsErrorsWithFileLineAndColumn() throws {
        let t = try TempTree(["Content/a.md": "---\nid: a\n---\n# A\n\nSee [b](b.md#nope).\n", "Content/b.md": "# B\n\n## Real {#real}\n"])
        let r = try CLIRunner.run(["check", "--content", t.path("Content")])
        #expect(r.status == 1)
        #expect(r.stderr.contains("a.md:6:5: error: broken link 'b.md#nope': b.md has no section '#nope'"))
        let json = try CLIRunner.run(["check", "--content", t.path("Content"), "--json"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(items.count == 1)
        #expect(items[0]["file"] as? String == "a.md" && items[0]["line"] as? Int == 6 && items[0]["severity"] as? String == "error")
    }

    @Test func strictTurnsWarningsIntoFailures() throws {
        let t = try TempTree(["Content/a.md": "---\nlayout: docs\n---\n# A\n\nSee [x](/elsewhere/).\n"])
        let relaxed = try CLIRunner.run(["check", "--content", t.path("Content")])
        #expect(relaxed.status == 0 && relaxed.stderr.contains("2 warnings"))
        let strict = try CLIRunner.run(["check", "--strict", "--content", t.path("Content")])
        #expect(strict.status == 1)
        let build = try CLIRunner.run(["build", "--content", t.path("Content"), "--out", t.path("site")])
        #expect(build.status == 0 && FileManager.default.fileExists(atPath: t.path("site/sop/a.html")))
    }

    @Test func newSopScaffoldPassesCheck() throws {
        let t = try TempTree(["Content/a.md": "# A\n"])
        let r = try CLIRunner.run(["new", "sop", "live-selling-hours", "--content", t.path("Content"), "--category", "live", "--title", "Live selling hours"])
        #expect(r.status == 0)
        let text = try String(contentsOfFile: t.path("Content/live/live-selling-hours.md"), encoding: .utf8)
        #expect(text.contains("id: live-selling-hours") && text.contains("status: draft") && text.contains("# Live selling hours"))
        let check = try CLIRunner.run(["check", "--strict", "--drafts", "--content", t.path("Content")])
        #expect(check.status == 0, "\(check.stderr)")
        let again = try CLIRunner.run(["new", "sop", "live-selling-hours", "--content", t.path("Content")])
        #expect(again.status == 1 && again.stderr.contains("already used"))
        let bad = try CLIRunner.run(["new", "sop", "Bad Id", "--content", t.path("Content")])
        #expect(bad.status == 2)
    }

    @Test func failedBuildKeepsThePreviousSiteAndSaysSo() throws {
        let t = try TempTree(["Content/a.md": "# A\n\n## One {#one}\n"])
        #expect(try CLIRunner.run(["build", "--content", t.path("Content"), "--out", t.path("site")]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: t.path("site/sop/a.html")))
        try t.write("Content/a.md", "# A changed\n\n## One {#one}\n## Two {#one}\n")
        let r = try CLIRunner.run(["build", "--content", t.path("Content"), "--out", t.path("site")])
        #expect(r.status == 1)
        #expect(r.stderr.contains("a.md:4:1: error: duplicate anchor '#one'"))
        #expect(r.stderr.contains("previous site"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: t.path("site/sop/a.html"))) == before)
    }

    @Test func killedBuildLeavesThePreviousSiteIntact() throws {
        var files: [String: String] = [:]
        for i in 0..<300 {
            files["Content/c\(i % 10)/page-\(i).md"] = "---\nid: page-\(i)\ntitle: Page \(i)\n---\n## Rule {#rule}\n\n" + String(repeating: "Sellers must not list fake goods. ", count: 60) + "\n"
        }
        let t = try TempTree(files)
        // First a complete site, then a build that is killed half-way through writing the new one.
        #expect(try CLIRunner.run(["build", "--content", t.path("Content"), "--out", t.path("site")]).status == 0)
        let marker = try String(contentsOfFile: t.path("site/.casebook-build"), encoding: .utf8)
        try t.write("Content/c0/page-0.md", "---\nid: page-0\ntitle: Renamed\n---\n## Rule {#rule}\n")
        let watch = try DirectoryWatch(t.root)
        let process = try CLIRunner.start(["build", "--full", "--content", t.path("Content"), "--out", t.path("site")])
        // The build makes its temporary folder first, and writes into it only once everything
        // is rendered: stop it at its first writes there (inotify, so no polling race).
        let temporary = t.path(".site.tmp-\(process.processIdentifier)")
        let appeared = watch.waitForCreation(of: ".site.tmp-\(process.processIdentifier)", timeout: 120)
        let tmpWatch = try DirectoryWatch(temporary)
        let writing = appeared && tmpWatch.waitForAnyCreation(timeout: 120)
        kill(process.processIdentifier, SIGSTOP)
        let inTemporary = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        #expect(writing && !inTemporary.isEmpty, "the build was not stopped while writing its temporary folder")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the build finished before it could be killed")
        #expect(try String(contentsOfFile: t.path("site/.casebook-build"), encoding: .utf8) == marker)
        #expect(try String(contentsOfFile: t.path("site/sop/page-0.html"), encoding: .utf8).contains("Page 0"))
        // The next build succeeds and clears what the killed one left.
        #expect(try CLIRunner.run(["build", "--content", t.path("Content"), "--out", t.path("site")]).status == 0)
        #expect(try String(contentsOfFile: t.path("site/sop/page-0.html"), encoding: .utf8).contains("Renamed"))
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: t.root)).contains { $0.hasPrefix(".site.") })
    }
}
