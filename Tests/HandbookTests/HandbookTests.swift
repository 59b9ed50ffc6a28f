import Foundation
import Testing
@testable import Handbook
import CasebookTestSupport

@Suite struct HandbookTests {
    static let ip = """
    ---
    id: counterfeit
    title: Counterfeit and IP
    markets: [UK, ID]
    changes:
      - version: "2.0"
        date: 2026-09-01
        summary: Added IP-02.
    ---
    # Counterfeit and IP

    ## IP-01 Counterfeit goods {harm=high}

    Escalate per [escalation](../operations/escalation.md#brand-owner).

    ## IP-02 Brand misuse {harm=medium}
    """
    static let escalation = """
    ---
    id: escalation
    ---
    # Escalation

    ## Brand owner path {#brand-owner}

    Back to [IP-01](../policies/ip.md#ip-01).
    """

    /// A page whose file name is not UTF-8 (Latin-1 `lat\u{E9}in1.md` from an old zip) is an
    /// error that says why and what to do, not a warning that it "cannot be read" while the
    /// site is published without it; another file with such a name is a warning.
    @Test func aFileNameThatIsNotUTF8IsNamedAsTheProblem() throws {
        let t = try TempTree(["Content/policies/ok.md": "---\nid: ok\ntitle: OK\n---\nText.\n"])
        for name in ["lat\u{E9}in1.md", "chart\u{E9}.png"] {
            var bytes = Array(t.path("Content/policies/").utf8)
            for scalar in name.unicodeScalars { bytes.append(UInt8(scalar.value)) } // Latin-1: one byte each
            bytes.append(0)
            let fd = bytes.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) } }
            #expect(fd >= 0)
            _ = write(fd, "---\nid: latin\ntitle: Latin\n---\nText.\n", 32)
            close(fd)
        }
        let h = try Handbook.load(content: t.path("Content"))
        let named = h.diagnostics.filter { $0.message.hasPrefix("the file name is not UTF-8 text") }
        let page = named.filter { $0.file.hasSuffix(".md") }, picture = named.filter { $0.file.hasSuffix(".png") }
        #expect(page.count == 1 && page.first?.severity == .error, "\(h.diagnostics)")
        #expect(picture.count == 1 && picture.first?.severity == .warning, "\(h.diagnostics)")
        #expect(!h.diagnostics.contains { $0.message.contains("cannot be read and was skipped") })
    }

    /// A folder without a `_category.yml` is titled from its name: Jekyll's collection folders
    /// (`_docs`, `_posts`) read "Docs" and "Posts", not " docs" with a leading space.
    @Test func aFolderIsTitledFromItsName() throws {
        let t = try TempTree(["Content/_docs/install.md": "# Install\n\nText.\n", "Content/report-handling/a.md": "# A\n\nText.\n"])
        let h = try Handbook.load(content: t.path("Content"))
        #expect(h.categories["_docs"]?.title == "Docs")
        #expect(h.categories["report-handling"]?.title == "Report handling")
    }

    @Test func loadsPagesCategoriesAndCodes() throws {
        let t = try TempTree(["policies/ip.md": Self.ip, "operations/escalation.md": Self.escalation,
                              "policies/_category.yml": "title: Policies\norder: 1\n", "operations/_category.yml": "title: Operations\norder: 2\n"])
        let h = try Handbook.load(content: t.root)
        #expect(h.diagnostics.isEmpty)
        #expect(h.pages.map(\.meta.id) == ["counterfeit", "escalation"])
        #expect(h.categories["policies"]?.title == "Policies")
        #expect(h.codes.keys.sorted() == ["IP-01", "IP-02"])
        #expect(h.codes["IP-01"]?.anchor == "ip-01")
        #expect(h.codes["IP-01"]?.harm == .high)
        #expect(h.codes["IP-01"]?.markets == ["UK", "ID"])
        #expect(h.rendered["policies/ip.md"]?.html.contains("href=\"escalation.html#brand-owner\"") == true)
    }

    @Test func brokenAnchorAcrossPagesNamesFileAndLine() throws {
        let t = try TempTree(["policies/ip.md": Self.ip, "operations/escalation.md": Self.escalation.replacingOccurrences(of: "{#brand-owner}", with: "{#brand}")])
        let h = try Handbook.load(content: t.root)
        let e = try #require(h.diagnostics.first { $0.severity == .error })
        #expect(e.file == "policies/ip.md")
        #expect(e.line == 14)
        #expect(e.message.contains("has no section '#brand-owner'"))
        #expect(e.description.hasPrefix("policies/ip.md:14:"))
    }

    @Test func duplicateIdsAndCodesAreErrors() throws {
        let t = try TempTree(["a/one.md": "---\nid: same\n---\n## IP-01 One\n", "b/two.md": "---\nid: same\n---\n## IP-01 Again\n"])
        let h = try Handbook.load(content: t.root)
        #expect(h.diagnostics.contains { $0.file == "b/two.md" && $0.message.contains("duplicate page id 'same'") && $0.message.contains("a/one.md") })
        #expect(h.diagnostics.contains { $0.file == "b/two.md" && $0.line == 4 && $0.message.contains("IP-01 is already defined in a/one.md:4") })
    }

    @Test func draftsAndRetiredPagesAreLeftOutUnlessAsked() throws {
        let t = try TempTree(["live.md": "# Live\n\nSee [draft](draft.md).\n", "draft.md": "---\nstatus: draft\n---\n## XX-01 Planned rule\n", "old.md": "---\nstatus: retired\n---\n# Old\n"])
        let published = try Handbook.load(content: t.root)
        #expect(published.publishedPages.map(\.meta.id) == ["live"])
        #expect(published.codes.isEmpty)
        #expect(published.diagnostics.contains { $0.severity == .warning && $0.message.contains("draft page") })
        #expect(published.rendered["live.md"]?.html == "<p>See draft.</p>\n")
        let all = try Handbook.load(content: t.root, includeDrafts: true)
        #expect(all.publishedPages.count == 3)
        #expect(all.codes["XX-01"] != nil)
    }

    @Test func badFilesAreReportedNotCrashedOn() throws {
        let t = try TempTree([
            "empty.md": "",
            "unclosed.md": "---\ntitle: x\n",
            "Odd Name ñ.md": "# Odd\n",
            "nested/deeper/page.md": "# Deep\n",
        ])
        try t.write("binary.md", bytes: [0x89, 0x50, 0x4E, 0x47, 0, 0, 1])
        try t.write("latin1.md", bytes: Array("# Caf".utf8) + [0xE9, 10])
        try FileManager.default.createSymbolicLink(atPath: t.path("nested/loop"), withDestinationPath: t.root)
        try FileManager.default.createSymbolicLink(atPath: t.path("dangling.md"), withDestinationPath: t.path("nowhere.md"))
        let h = try Handbook.load(content: t.root)
        func message(_ file: String) -> String? { h.diagnostics.first { $0.file == file }?.message }
        #expect(message("unclosed.md")?.contains("never closed") == true)
        #expect(message("binary.md")?.contains("binary file") == true)
        #expect(message("latin1.md")?.contains("not valid UTF-8") == true)
        #expect(message("empty.md")?.contains("no content") == true)
        #expect(message("nested/loop")?.contains("loop") == true)
        #expect(message("dangling.md")?.contains("broken symbolic link") == true)
        #expect(h.page(id: "odd-name-ñ")?.title == "Odd")
        #expect(h.categories["nested/deeper"] != nil)
    }

    /// acme.sh's wiki writes several `#` headings on a page; a link to one after the title
    /// (`#3-run-acmesh-as-a-docker-daemon`) was a broken link, though the page has that id.
    @Test func aLinkToATopLevelHeadingAfterTheTitleLands() throws {
        let t = try TempTree([
            "a.md": "# Run in docker\n\nText.\n\n# 3. Run acme.sh as a docker daemon.\n\nMore.\n\n## Steps\n\nx\n",
            "b.md": "# B\n\n[daemon](a.md#3-run-acme-sh-as-a-docker-daemon), [GitHub's](a.md#3-run-acmesh-as-a-docker-daemon), [steps](a.md#steps)\n",
        ])
        let h = try Handbook.load(content: t.root)
        #expect(!h.diagnostics.contains { $0.isBrokenLink }, "\(h.diagnostics)")
        #expect(h.rendered["a.md"]?.html.contains("id=\"3-run-acme-sh-as-a-docker-daemon\"") == true)
    }

    /// A repeated heading is `#example-5` in Casebook (numbered by position) but `#example-1`
    /// on GitHub, GitBook and Docusaurus (numbered by repeat), as corpora written for them link
    /// it: it now answers to both, unless another heading has that anchor.
    @Test func aRepeatedHeadingAlsoAnswersToGitHubsNumbering() throws {
        let t = try TempTree([
            "a.md": "# A\n\n## Example\n\nOne.\n\n## Example\n\nTwo.\n\n## Example\n\nThree.\n\n## Example 1\n\nOwn.\n",
            "b.md": "# B\n\n[second](a.md#example-2), [third](a.md#example-3), [own](a.md#example-1)\n",
        ])
        let h = try Handbook.load(content: t.root)
        #expect(!h.diagnostics.contains { $0.isBrokenLink }, "\(h.diagnostics)")
        let html = try #require(h.rendered["a.md"]?.html)
        // The third is `#example-2` by repeat; the heading "Example 1" keeps `#example-1`.
        #expect(html.contains("<span id=\"example-2\"></span>"))
        #expect(html.contains("<h2 id=\"example-1\">Example 1</h2>"))
        #expect(html.components(separatedBy: "id=\"example-1\"").count == 2)
    }

    /// `[Internal Liaison]()`, a placeholder left in a draft (PagerDuty's response docs), was
    /// "link '' does not point to a Markdown page": it names what to do now.
    @Test func anEmptyLinkSaysItIsEmpty() throws {
        let t = try TempTree(["a.md": "# A\n\nAsk the [Internal Liaison]() or [the lead]( ).\n"])
        let h = try Handbook.load(content: t.root)
        let empty = h.diagnostics.filter { $0.kind == .unresolvedLink }
        #expect(empty.map(\.message) == ["empty link: nothing between its '(' and ')'; write the address or remove the brackets (2 times in 1 file; shown once)"], "\(h.diagnostics)")
        #expect(empty.first?.line == 3)
    }

    /// A text fragment (`#:~:text=timeout`) asks the browser to scroll to the words; it names no
    /// section, so it was reported as a broken link (argo-cd's docs). An anchor before one is
    /// still checked.
    @Test func aTextFragmentIsNoSectionAnchor() throws {
        let t = try TempTree([
            "a.md": "# A\n\n## Steps\n\nSet timeout.reconciliation.\n",
            "b.md": "# B\n\n[t](a.md#:~:text=timeout.reconciliation%3A), [s](a.md#steps:~:text=Set), [here](#:~:text=B), [bad](a.md#nope:~:text=x)\n",
        ])
        let h = try Handbook.load(content: t.root)
        #expect(h.diagnostics.filter { $0.isBrokenLink }.map(\.message).map { $0.hasPrefix("broken link 'a.md#nope:~:text=x': a.md has no section '#nope';") } == [true], "\(h.diagnostics)")
    }

    @Test func contentWrittenForAnotherToolBuildsWithWarningsOnly() throws {
        let t = try TempTree([
            "docs/intro.md": "---\nlayout: docs\nweight: 3\ndescription: From MkDocs\nnav_order: 2\n---\n# Intro\n\nSee [guide](/guide/) and [other](other/).\n",
            "docs/other/index.md": "# Other\n",
        ])
        let h = try Handbook.load(content: t.root)
        #expect(!h.diagnostics.hasErrors)
        // Two unknown keys and the site-absolute link; `other/` is the folder's own page.
        #expect(h.diagnostics.filter { $0.severity == .warning }.count == 3, "\(h.diagnostics)")
        #expect(!h.diagnostics.contains { $0.message.contains("'other/'") }, "\(h.diagnostics)")
        #expect(h.page(id: "intro")?.meta.order == 3)
    }

    @Test func translationsShareTheOriginalsCodesWithoutRedefiningThem() throws {
        let t = try TempTree([
            "policies/ip.md": Self.ip,
            "policies/ip.th.md": "---\ntranslation_of: counterfeit\nlang: th\n---\n# สินค้าปลอม\n\n## IP-01 สินค้าแบรนด์ปลอม {harm=high}\n",
            "policies/bad.th.md": "---\ntranslation_of: nothing-here\n---\n# x\n",
            "operations/escalation.md": Self.escalation,
        ])
        let h = try Handbook.load(content: t.root)
        #expect(!h.diagnostics.contains { $0.message.contains("already defined") })
        #expect(h.diagnostics.contains { $0.file == "policies/bad.th.md" && $0.message.contains("translation_of 'nothing-here'") })
        #expect(h.codes["IP-01"]?.pageID == "counterfeit")
        #expect(h.translations(of: "counterfeit").map(\.meta.id) == ["ip-th"])
        #expect(h.page(id: "ip-th")?.sections.first?.anchor == "ip-01")
    }

    @Test func missingContentFolderIsAClearError() {
        #expect {
            _ = try Handbook.load(content: "/nonexistent/Content")
        } throws: { error in
            (error as? HandbookError)?.description.contains("content folder not found") == true
        }
    }

    @Test func cachedSummariesAreReusedOnlyForUnchangedFiles() throws {
        let t = try TempTree(["policies/ip.md": Self.ip, "operations/escalation.md": Self.escalation])
        let first = try Handbook.load(content: t.root)
        let cache = Dictionary(uniqueKeysWithValues: first.pages.map { ($0.path, CachedPage(summary: $0)) })
        let later = Int64(Date().timeIntervalSince1970 * 1e9) + 5_000_000_000
        let again = try Handbook.load(content: t.root, cache: cache, cacheResolverFingerprint: first.resolver.fingerprint, cacheWrittenAt: later)
        #expect(again.rendered.isEmpty)
        #expect(again.pages.map(\.meta.id) == first.pages.map(\.meta.id))
        try t.write("operations/escalation.md", Self.escalation + "\nMore text.\n")
        let changed = try Handbook.load(content: t.root, cache: cache, cacheResolverFingerprint: first.resolver.fingerprint, cacheWrittenAt: later + 10_000_000_000)
        #expect(Array(changed.rendered.keys) == ["operations/escalation.md"])
    }
}
