import Foundation
import Testing
import CasebookTestSupport

/// Issue 16: `build --links warn`, casebook.yml and redirect pages, as a user runs them.
@Suite struct MigrationCommandTests {
    static func corpus() throws -> TempTree {
        try TempTree([
            "Content/a.md": "---\ntitle: A <page>\nredirect_from: [/old/a/, '/x\"><script>.html']\n---\n# A\n\nSee [gone](gone.md) and [b](b.md#nowhere) and [b](/docs/b#rule).\n",
            "Content/b.md": "# B\n\n## Rule {#rule}\n\nText.\n",
        ])
    }

    @Test func linksWarnBuildsAndCountsTheBrokenLinks() throws {
        let t = try Self.corpus()
        let strict = try CLIRunner.run(["build", "--content", t.path("Content"), "--out", t.path("site")])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("Build failed with 2 errors"), "\(strict.stderr)")
        let warn = try CLIRunner.run(["build", "--content", t.path("Content"), "--out", t.path("site"), "--links", "warn"])
        #expect(warn.status == 0, "\(warn.stderr)")
        #expect(warn.stderr.contains("warning: broken link 'gone.md'"))
        #expect(warn.stderr.contains("(2 broken links)"), "\(warn.stderr)")
        #expect(warn.stderr.contains("Built 2 pages ("), "\(warn.stderr)")
        let check = try CLIRunner.run(["check", "--content", t.path("Content"), "--links", "warn"])
        #expect(check.status == 0 && check.stderr.contains("0 errors") && check.stderr.contains("(2 broken links)"), "\(check.stderr)")
        let bad = try CLIRunner.run(["build", "--content", t.path("Content"), "--out", t.path("site"), "--links", "maybe"])
        #expect(bad.status == 2 && bad.stderr.contains("--links must be 'error' or 'warn'"))

        try t.write("casebook.yml", "links: warn\nbase_path: /docs\n")
        let configured = try CLIRunner.run(["build", "--content", t.path("Content"), "--out", t.path("site")])
        #expect(configured.status == 0, "\(configured.stderr)")
        let page = try #require(t.read("site/sop/a.html"))
        #expect(page.contains("href=\"b.html#rule\""), "a site-absolute link under base_path is rewritten")
        // One page is "1 page" (it was "Built 1 pages").
        try FileManager.default.removeItem(atPath: t.path("Content/b.md"))
        let one = try CLIRunner.run(["build", "--content", t.path("Content"), "--out", t.path("site")])
        #expect(one.stderr.contains("Built 1 page ("), "\(one.stderr)")
    }

    /// Imported SOPs whose templates say "Status: Draft" are drafts, which the site leaves
    /// out: "Built 0 pages" said nothing of why. The summary counts them and names the flag.
    @Test func theBuildSummaryCountsTheDraftsItLeavesOut() throws {
        let t = try TempTree([
            "Content/live.md": "---\ntitle: Live\n---\n\nText.\n",
            "Content/ai.md": "---\ntitle: AI\nstatus: draft\n---\n\nText.\n",
            "Content/old.md": "---\ntitle: Old\nstatus: retired\n---\n\nText.\n",
        ])
        let build = try CLIRunner.run(["build", "--content", t.path("Content"), "--out", t.path("site")])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("Built 1 page (") && build.stderr.contains("; 2 draft or retired SOPs left out (--drafts to include them)\n"), "\(build.stderr)")
        let all = try CLIRunner.run(["build", "--content", t.path("Content"), "--out", t.path("site"), "--drafts"])
        #expect(all.stderr.contains("Built 3 pages (") && !all.stderr.contains("left out"), "\(all.stderr)")
    }

    @Test func oldAddressesGetRedirectPagesToTheirPage() throws {
        let t = try Self.corpus()
        let build = try CLIRunner.run(["build", "--content", t.path("Content"), "--out", t.path("site"), "--links", "warn"])
        #expect(build.status == 0, "\(build.stderr)")
        let redirect = try #require(t.read("site/old/a/index.html"))
        #expect(redirect.contains("<link rel=\"canonical\" href=\"../../sop/a.html\">"))
        #expect(redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=../../sop/a.html\">"))
        #expect(redirect.contains("<a href=\"../../sop/a.html\">A &lt;page&gt;</a>"), "a plain link, title escaped: \(redirect)")
        #expect(build.stderr.contains("is not a path of this site"), "an address with quotes and brackets is refused, not written")
        let files = FileManager.default.subpaths(atPath: t.path("site")) ?? []
        #expect(!files.contains { $0.contains("script") })
    }

    /// `import-docs` then `build`, as a user moving an MkDocs corpus runs them.
    @Test func importDocsThenBuildGivesASiteWithNoErrors() throws {
        let t = try TempTree(["Content/mine.md": "# Mine\n"])
        let source = RepositoryRoot.path + "/Tests/HandbookTests/Fixtures/import/mkdocs"
        let imported = try CLIRunner.run(["import-docs", source, "--to", t.path("Content")])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("Imported 4 pages, 1 other file and 2 _category.yml"), "\(imported.stderr)")
        #expect(imported.stdout.contains("harassment/threats.md:4: front matter key 'hide' has no Casebook field and was dropped (1 file)"), "\(imported.stdout)")
        #expect(t.read("Content/mine.md") == "# Mine\n")
        let build = try CLIRunner.run(["build", "--content", t.path("Content"), "--out", t.path("site")])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(t.read("site/sop/threats.html")?.contains("href=\"doxxing.html\"") == true)

        // Again: nothing is overwritten, and casebook.yml is said to be beside Content/, not in it.
        let again = try CLIRunner.run(["import-docs", source, "--to", t.path("Content")])
        #expect(again.status == 0 && again.stderr.contains("Imported 0 pages, 0 other files and 0 _category.yml"), "\(again.stderr)")
        #expect(imported.stderr.contains(" links made relative") && !imported.stderr.contains("; 0 links made relative"), "\(imported.stderr)")
        #expect(again.stderr.contains("; 0 links made relative"), "nothing was written, so no link was rewritten: \(again.stderr)")
        #expect(again.stdout.contains("casebook.yml (beside \(t.path("Content"))): exists; left as it was\n"), "\(again.stdout)")
        #expect(again.stdout.contains("harassment/threats.md: exists in \(t.path("Content")); left as it was\n"), "\(again.stdout)")
        #expect(!again.stdout.contains("../casebook.yml"), "\(again.stdout)")

        let unknown = try CLIRunner.run(["import-docs", source, "--to", t.path("Content"), "--from", "sphinx"])
        #expect(unknown.status == 2 && unknown.stderr.contains("--from must be one of hugo, mkdocs, docusaurus, jekyll, gitbook, mdbook, docsify, mintlify, notion, obsidian, eleventy, confluence, word or auto"), "\(unknown.stderr)")
        // A tool of no configuration file may be named: a vault without its .obsidian/ folder
        // and too few wiki links to be recognised is read as Obsidian's when asked.
        let vault = t.path("vault")
        try t.write("vault/Escalation.md", "# Escalation\n\nBack to [[Counterfeit goods#Signs|the signs]].\n")
        try t.write("vault/Counterfeit goods.md", "# Counterfeit goods\n\n## Signs\n\nORI.\n")
        let obsidian = try CLIRunner.run(["import-docs", vault, "--to", t.path("Vault"), "--from", "obsidian"])
        #expect(obsidian.status == 0 && obsidian.stderr.contains("(Obsidian, read as jekyll, base path /)"), "\(obsidian.stderr)")
        #expect(t.read("Vault/Escalation.md")?.contains("[the signs](Counterfeit%20goods.md#signs)") == true)
        let nothing = try CLIRunner.run(["import-docs", t.path("nowhere"), "--to", t.path("Content")])
        #expect(nothing.status == 1 && nothing.stderr.contains("no such folder"), "\(nothing.stderr)")
    }

    /// A document named without its folder, as a user in that folder types it, is read from
    /// the working folder: it was looked for at `/Report.docx` and left out as unreadable.
    @Test func aWordDocumentNamedWithoutItsFolderIsImported() throws {
        let t = try TempTree([:])
        try FileManager.default.createDirectory(atPath: t.path("drive"), withIntermediateDirectories: true)
        try WordFixture.write(WordFixture.parts(body: WordFixture.p(WordFixture.r("Counterfeit goods"), style: "Title")
                + WordFixture.p(WordFixture.r("Remove listings that copy a brand's logo."))), to: t.path("drive/Counterfeit goods.docx"))
        let imported = try CLIRunner.run(["import-docs", "Counterfeit goods.docx", "--to", "../Content"], in: t.path("drive"))
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("Imported 1 page"), "\(imported.stderr)")
        // The notes say how the documents were read as well as what was left out: their
        // heading does not call them all "not converted".
        #expect(imported.stdout.hasPrefix("Notes (file:line in "), "\(imported.stdout)")
        #expect(imported.stdout.contains("Word: 1 document converted to pages"), "\(imported.stdout)")
        #expect(t.read("Content/counterfeit-goods.md")?.contains("Remove listings that copy a brand's logo.") == true,
                "\((try? FileManager.default.subpathsOfDirectory(atPath: t.path("Content"))) ?? [])")
    }

    /// A page keeps its file name's id until another page takes the same name, then both are
    /// published under their paths, and back again when the other goes: incremental builds
    /// (which reuse the pages the cache describes) must agree with a clean build each time.
    @Test func aSecondFileOfTheSameNameMovesBothToTheirPathsAndBack() throws {
        let t = try TempTree(["Content/help/faq.md": "# Help FAQ\n", "Content/index.md": "# Home\n\nSee [the FAQ](help/faq.md).\n"])
        func build() throws -> String {
            let r = try CLIRunner.run(["build", "--content", t.path("Content"), "--out", t.path("site")])
            #expect(r.status == 0, "\(r.stderr)")
            return r.stderr
        }
        _ = try build()
        #expect(t.read("site/sop/faq.html") != nil)
        try t.write("Content/billing/faq.md", "# Billing FAQ\n")
        let second = try build()
        #expect(second.contains("share the file name of id 'faq'"), "\(second)")
        #expect(t.read("site/sop/help-faq.html") != nil && t.read("site/sop/billing-faq.html") != nil)
        #expect(t.read("site/sop/faq.html") == nil, "the old page is gone, not left stale")
        #expect(try #require(t.read("site/sop/index.html")).contains("href=\"help-faq.html\""))
        try FileManager.default.removeItem(atPath: t.path("Content/billing/faq.md"))
        _ = try build()
        #expect(t.read("site/sop/faq.html") != nil && t.read("site/sop/help-faq.html") == nil)
        #expect(try #require(t.read("site/sop/index.html")).contains("href=\"faq.html\""))
    }
}
