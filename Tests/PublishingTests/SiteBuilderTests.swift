import Foundation
import Testing
@testable import Handbook
@testable import Publishing
import CasebookTestSupport

@Suite struct SiteBuilderTests {
    static let files: [String: String] = [
        "policies/_category.yml": "title: Policies\norder: 1\n",
        "policies/counterfeit.md": """
        ---
        id: counterfeit
        title: Counterfeit <goods> & "replicas"
        summary: How to handle fakes.
        owner: Brand Protection
        version: "3.1"
        effective: 2026-09-01
        markets: [UK, ID]
        tags: [counterfeit]
        changes:
          - version: "3.1"
            date: 2026-09-01
            summary: Added IP-02.
        ---
        # Counterfeit

        ## Signs {#signs}

        | Sign | Action |
        |---|---|
        | "ORI" in caps | remove |

        ### IP-01 Counterfeit goods {harm=high}

        Remove. See [escalation](../operations/escalation.md#brand-owner).

        ### IP-02 Brand misuse {harm=medium markets=ID}

        Warn first.
        """,
        "operations/escalation.md": """
        ---
        id: escalation
        title: Escalation
        tags: [operations]
        ---
        ## Brand owner path {#brand-owner}

        Send it to the brand team. Back to [IP-01](../policies/counterfeit.md#ip-01).
        """,
        "operations/appeals.md": "---\nid: appeals\ntitle: Appeals\n---\n## Timelines {#timelines}\n\nSeven days.\n",
    ]

    func build(_ t: TempTree, out: String) throws -> BuildReport {
        try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: out))
    }

    func tree() throws -> TempTree {
        let t = try TempTree()
        for (p, text) in Self.files { try t.write("Content/" + p, text) }
        return t
    }

    func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    /// Table regions are named in the page's language ("ตาราง 1" on a Thai page; an English
    /// "Table 1" there was English chrome on a Thai page), and stay "Table 1" in English.
    @Test func tableRegionsAreNamedInThePagesLanguage() throws {
        let t = try tree()
        try t.write("Content/policies/counterfeit.th.md", """
            ---
            id: counterfeit-th
            title: สินค้าปลอม
            lang: th
            translation_of: counterfeit
            source_version: "3.1"
            ---
            ## สัญญาณ {#signs}

            | สัญญาณ | การดำเนินการ |
            |---|---|
            | "ORI" | ลบ |
            """)
        let out = t.path("site")
        _ = try build(t, out: out)
        let thai = read(out + "/sop/counterfeit-th.html")
        #expect(thai.contains("role=\"region\" aria-label=\"ตาราง 1\""))
        #expect(!thai.contains("aria-label=\"Table 1\""))
        #expect(read(out + "/sop/counterfeit.html").contains("role=\"region\" aria-label=\"Table 1\""))
    }

    /// A category lists an SOP once, its translations as links named in their own language
    /// (mastodon's docs listed each page with its Polish and Japanese translations as SOPs of
    /// their own, and the English page's "Next" was the Polish one); the pager goes through
    /// the originals, and a translation's pager through the translations in its language,
    /// falling back to the original (its title marked as English).
    @Test func listsAndPagersShowEachSOPOnceWithItsTranslations() throws {
        let t = try TempTree()
        try t.write("Content/appeals/_category.yml", "title: Appeals\n")
        try t.write("Content/appeals/a-deadlines.md", "---\nid: deadlines\ntitle: Deadlines\n---\nSeven days.\n")
        try t.write("Content/appeals/b-how.md", "---\nid: how\ntitle: How to appeal\nsummary: Write to us.\n---\nWrite.\n")
        try t.write("Content/appeals/b-how.th.md", "---\nid: how-th\ntitle: วิธีอุทธรณ์\nlang: th\ntranslation_of: how\n---\nเขียนถึงเรา\n")
        try t.write("Content/appeals/c-refunds.md", "---\nid: refunds\ntitle: Refunds\n---\nMoney back.\n")
        try t.write("Content/appeals/c-refunds.th.md", "---\nid: refunds-th\ntitle: การคืนเงิน\nlang: th\ntranslation_of: refunds\n---\nคืนเงิน\n")
        let out = t.path("site")
        _ = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: out))
        let category = read(out + "/category/appeals.html")
        #expect(!category.contains(">วิธีอุทธรณ์</a>"))
        #expect(category.contains("<a href=\"../sop/how.html\">How to appeal</a> <span class=\"languages\"><a href=\"../sop/how-th.html\" lang=\"th\" hreflang=\"th\" title=\"วิธีอุทธรณ์\">ไทย</a></span>"))
        let home = read(out + "/index.html")
        #expect(!home.contains(">การคืนเงิน</a>"))
        #expect(home.contains("hreflang=\"th\" title=\"การคืนเงิน\">ไทย</a>"))
        func pager(_ page: String) -> String {
            let html = read(out + "/sop/" + page + ".html")
            guard let start = html.range(of: "<nav class=\"pager\"") else { return "" }
            return String(html[start.lowerBound...].prefix { $0 != "\n" })
        }
        #expect(pager("how").contains("rel=\"next\" href=\"refunds.html\""))
        #expect(pager("deadlines").contains("rel=\"next\" href=\"how.html\""))
        #expect(pager("how-th").contains("rel=\"next\" href=\"refunds-th.html\""))
        #expect(pager("how-th").contains("rel=\"prev\" href=\"deadlines.html\"><span class=\"label\">ก่อนหน้า</span><span lang=\"en\">Deadlines</span>"))
        #expect(pager("refunds").contains("rel=\"prev\" href=\"how.html\""))
        #expect(!pager("refunds").contains("rel=\"next\""))
        // A translation kept in another folder is a language link of its original as well.
        try t.write("Content/thai/_category.yml", "title: ภาษาไทย\n")
        try t.write("Content/thai/deadlines.th.md", "---\nid: deadlines-th\ntitle: กำหนดเวลา\nlang: th\ntranslation_of: deadlines\n---\nเจ็ดวัน\n")
        _ = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: out))
        #expect(read(out + "/category/appeals.html").contains("<a href=\"../sop/deadlines.html\">Deadlines</a> <span class=\"languages\"><a href=\"../sop/deadlines-th.html\" lang=\"th\""), "an incremental rebuild shows it")
    }

    @Test func buildsEveryKindOfPage() throws {
        let t = try tree()
        let out = t.path("site")
        let report = try build(t, out: out)
        #expect(report.pages == 3)
        for page in ["index.html", "404.html", "whats-new.html", "sop/counterfeit.html", "sop/escalation.html", "category/policies.html",
                     "tags/index.html", "tags/counterfeit.html", "markets/index.html", "markets/id.html", "codes/index.html", "codes/IP.html",
                     "assets/style.css", "assets/site.js", SiteWriter.markerName] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + page), "missing \(page)")
        }
        let sop = read(out + "/sop/counterfeit.html")
        #expect(sop.contains("<title>Counterfeit &lt;goods&gt; &amp; &quot;replicas&quot; · Casebook</title>"))
        #expect(sop.contains("<nav class=\"breadcrumbs\""))
        #expect(sop.contains("<a href=\"#signs\">Signs</a>"))
        #expect(sop.contains("<h3 id=\"ip-01\">IP-01 Counterfeit goods</h3>"))
        #expect(sop.contains("href=\"escalation.html#brand-owner\""))
        #expect(sop.contains("rel=\"next\""))
        #expect(sop.contains("<div class=\"table-wrap\""))
        let codes = read(out + "/codes/IP.html")
        #expect(codes.contains("id=\"ip-02\""))
        #expect(codes.contains("href=\"../sop/escalation.html#brand-owner\""))
        #expect(read(out + "/markets/id.html").contains("IP-02 Brand misuse"))
        #expect(read(out + "/whats-new.html").contains("Added IP-02."))
    }

    /// cert-manager's generated API reference writes its sections as HTML headings
    /// (`<h2 id="acme.cert-manager.io/v1">`) and links to their ids: each is a section of the
    /// built page, in its "On this page" contents, the link to it kept.
    @Test func anHTMLHeadingIsInThePagesContents() throws {
        let t = try TempTree([
            "Content/reference.md": """
                # API reference

                <h2 id="acme.cert-manager.io/v1">acme.cert-manager.io/v1</h2>
                <div>
                <p>Package v1 is the v1 version of the API.</p>
                </div>
                <h3 id="acme.cert-manager.io/v1.Challenge">Challenge</h3>
                <p>Challenge is a type.</p>
                """,
            "Content/guide.md": "# Guide\n\nSee [the Challenge](reference.md#acme.cert-manager.io/v1.Challenge).\n",
        ])
        let report = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: t.path("site")))
        #expect(report.diagnostics.filter { $0.isLinkProblem || $0.severity == .error }.isEmpty, "\(report.diagnostics)")
        let page = read(t.path("site") + "/sop/reference.html")
        #expect(page.contains("<h2 id=\"acme.cert-manager.io/v1\">acme.cert-manager.io/v1</h2>"), "\(page)")
        // (A browser finds the id from the percent-encoded fragment.)
        #expect(page.contains("<li><a href=\"#acme.cert-manager.io%2Fv1\">acme.cert-manager.io/v1</a><ol><li><a href=\"#acme.cert-manager.io%2Fv1.Challenge\">Challenge</a>"), "\(page)")
        let guide = read(t.path("site") + "/sop/guide.html")
        #expect(guide.contains("href=\"reference.html#acme.cert-manager.io%2Fv1.Challenge\""), "\(guide)")
    }

    /// GitHub and MkDocs give a page's opening `# Heading` an id, and handbooks link to it
    /// (`security-onboarding.md#security-onboarding`: 31 such links in one company handbook).
    /// Casebook shows that heading as the page's title, which had no id: each link was a
    /// broken-link error. The title now carries the heading's anchor and GitHub's form of it;
    /// a later heading with the same text keeps the anchor it had.
    @Test func aLinkToAPagesOpeningHeadingLandsOnItsTitle() throws {
        let t = try TempTree([
            "Content/onboarding.md": """
                # Security Onboarding **🧑‍💻**

                Welcome. [Top](#security-onboarding).

                ## Security onboarding

                Steps.
                """,
            "Content/welcome.md": """
                # Welcome

                Read [security onboarding](onboarding.md#security-onboarding) and
                [the same, as GitHub writes it](onboarding.md#security-onboarding-).
                """,
        ])
        let report = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: t.path("site")))
        #expect(report.diagnostics.filter { $0.message.contains("broken link") }.isEmpty, "\(report.diagnostics)")
        let page = read(t.path("site") + "/sop/onboarding.html")
        #expect(page.contains("<h1 id=\"security-onboarding\"><span id=\"security-onboarding-\"></span>Security Onboarding 🧑‍💻</h1>"))
        // The section keeps the anchor it had before (the title's came first in the numbering).
        #expect(page.contains("<h2 id=\"security-onboarding-2\">"))
        #expect(page.components(separatedBy: "id=\"security-onboarding\"").count == 2)
        let welcome = read(t.path("site") + "/sop/welcome.html")
        #expect(welcome.contains("href=\"onboarding.html#security-onboarding\""))
    }

    /// Ids, tags and folders may be Thai or Vietnamese words. Their pages were written under
    /// the percent-encoded name the links use (`sop/%E0%B8%82...html`), while a browser, a web
    /// server and file:// all decode a link to the UTF-8 name before opening it: every such
    /// page was "not found". Every relative link of the site now leads to a file.
    @Test func everyLinkLeadsToAFileWhenNamesAreNotASCII() throws {
        let t = try TempTree([
            "Content/นโยบาย/_category.yml": "title: นโยบาย\n",
            "Content/นโยบาย/ข่าว.md": """
                ---
                id: ข่าว-ปลอม
                title: ข่าวปลอม
                version: "1.0"
                tags: [สินค้า, hàng-giả]
                markets: [TH]
                ---
                ## สัญญาณ

                ดู [หน้านี้](../khac.md).
                """,
            "Content/khac.md": """
                ---
                id: khac
                title: Khác
                tags: [hàng-giả]
                ---
                ## Hàng giả

                Xem [ข่าวปลอม](นโยบาย/ข่าว.md#สัญญาณ).
                """,
        ])
        let out = t.path("site")
        let report = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: out))
        #expect(report.diagnostics.filter { $0.severity == .error }.isEmpty, "\(report.diagnostics)")
        var checked = 0
        var missing: [String] = []
        let files = try FileManager.default.subpathsOfDirectory(atPath: out).filter { $0.hasSuffix(".html") }.sorted()
        for file in files {
            let html = read(out + "/" + file)
            let folder = (file as NSString).deletingLastPathComponent
            for match in html.matches(of: /href="([^"#?:]+)[^"]*"/) {
                let target = LinkResolver.percentDecoded(String(match.1)).replacingOccurrences(of: "&amp;", with: "&")
                let path = ((folder.isEmpty ? target : folder + "/" + target) as NSString).standardizingPath
                checked += 1
                if !FileManager.default.fileExists(atPath: out + "/" + path) { missing.append("\(file) -> \(match.1)") }
            }
        }
        #expect(checked > 100)
        #expect(missing.isEmpty, "\(missing.prefix(10))")
        #expect(FileManager.default.fileExists(atPath: out + "/sop/ข่าว-ปลอม.html"))
        #expect(FileManager.default.fileExists(atPath: out + "/tags/สินค้า.html"))
    }

    /// A page that gives none of an SOP's facts (owner, version, markets, tags: imported pages
    /// often give none) showed an empty bordered box under its title.
    @Test func aPageWithoutFactsShowsNoEmptyBox() throws {
        let t = try tree()
        let out = t.path("site")
        _ = try build(t, out: out)
        #expect(!read(out + "/sop/appeals.html").contains("class=\"meta\""))
        #expect(read(out + "/sop/escalation.html").contains("<dl class=\"meta\">\n<dt>"))
    }

    @Test func noSearchSkipsTheIndex() throws {
        let t = try tree()
        var options = BuildOptions(content: t.path("Content"), out: t.path("site"))
        options.search = false
        _ = try SiteBuilder.build(options)
        #expect(FileManager.default.fileExists(atPath: t.path("site/sop/counterfeit.html")))
        #expect(!FileManager.default.fileExists(atPath: t.path("site/search/meta.js")))
        _ = try build(t, out: t.path("site"))
        #expect(FileManager.default.fileExists(atPath: t.path("site/search/meta.js")))
        // Pages kept from the build without an index are still indexed with their text.
        let index = try FileManager.default.subpathsOfDirectory(atPath: t.path("site/search")).map { read(t.path("site/search/" + $0)) }.joined()
        #expect(index.contains("Send it to the brand team"))
    }

    @Test func sameInputGivesByteIdenticalSites() throws {
        let t = try tree()
        _ = try build(t, out: t.path("a/site"))
        _ = try build(t, out: t.path("b/site"))
        let files = try FileManager.default.subpathsOfDirectory(atPath: t.path("a/site")).sorted()
        #expect(files == (try FileManager.default.subpathsOfDirectory(atPath: t.path("b/site")).sorted()))
        for f in files {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: t.path("a/site/" + f), isDirectory: &isDir)
            if isDir.boolValue { continue }
            #expect(FileManager.default.contents(atPath: t.path("a/site/" + f)) == FileManager.default.contents(atPath: t.path("b/site/" + f)), "\(f) differs")
        }
    }

    @Test func rebuildAfterOneChangeRewritesOnlyWhatDependsOnIt() throws {
        let t = try tree()
        let out = t.path("site")
        let first = try build(t, out: out)
        #expect(first.stats.reused == 0)
        let unchanged = try build(t, out: out)
        #expect(unchanged.stats.written == 0)
        // Make sure the change gets a later timestamp than the cache.
        Thread.sleep(forTimeInterval: 1.1)
        try t.write("Content/operations/appeals.md", Self.files["operations/appeals.md"]! + "\nAppeals go to a second reviewer.\n")
        let changed = try build(t, out: out)
        // The page itself, and only the search index files that hold its words.
        #expect(changed.stats.writtenPaths.filter { !$0.hasPrefix("search/") } == ["sop/appeals.html"])
        #expect(changed.stats.writtenPaths.contains { $0.hasPrefix("search/d/") })
        #expect(changed.stats.writtenPaths.filter { $0.hasPrefix("search/d/") }.count == 1)
        #expect(read(out + "/sop/appeals.html").contains("second reviewer"))
        // A new title changes the neighbours' previous/next links and the lists it is in.
        Thread.sleep(forTimeInterval: 1.1)
        try t.write("Content/operations/appeals.md", Self.files["operations/appeals.md"]!.replacingOccurrences(of: "title: Appeals", with: "title: Seller appeals"))
        let retitled = try build(t, out: out)
        #expect(retitled.stats.written > 1 && retitled.stats.written < first.stats.written)
        #expect(read(out + "/sop/escalation.html").contains("Seller appeals"))
        #expect(read(out + "/category/operations.html").contains("Seller appeals"))
    }

    @Test func rebuildsUpdateTheSpareSiteAndMatchAFreshBuild() throws {
        let t = try tree()
        let out = t.path("site")
        let spare = StagedSite.sparePath(for: out)
        let first = try build(t, out: out)
        #expect(!first.stats.fromSpare)
        #expect(!FileManager.default.fileExists(atPath: spare))
        var previous = try snapshot(out)
        let appeals = Self.files["operations/appeals.md"]!
        let edits: [(String, String?)] = [
            ("Content/operations/appeals.md", appeals + "\nAppeals go to a second reviewer.\n"),
            ("Content/operations/refunds.md", "---\nid: refunds\ntitle: Refunds\ntags: [payments]\n---\n## When {#when}\n\nWithin 30 days.\n"),
            ("Content/operations/escalation.md", Self.files["operations/escalation.md"]!.replacingOccurrences(of: "title: Escalation", with: "title: Escalation paths")),
            ("Content/operations/refunds.md", nil),
            ("Content/operations/appeals.md", appeals),
        ]
        for (i, (path, text)) in edits.enumerated() {
            if let text { try t.write(path, text) } else { try FileManager.default.removeItem(atPath: t.path(path)) }
            let report = try build(t, out: out)
            // The first rebuild links the first site's files; from then on the build before last is reused.
            #expect(report.stats.fromSpare == (i > 0), "edit \(i)")
            let fresh = t.path("fresh-\(i)/site")
            _ = try build(t, out: fresh)
            let now = try snapshot(out)
            #expect(now == (try snapshot(fresh)), "edit \(i): the rebuilt site differs from a fresh build")
            // The replaced site is kept whole as the next spare: nothing was written through a shared file.
            #expect(try snapshot(spare) == previous, "edit \(i)")
            previous = now
        }
        #expect(!FileManager.default.fileExists(atPath: out + "/sop/refunds.html"))
        #expect(!FileManager.default.fileExists(atPath: out + "/tags/payments.html"))
    }

    /// A rebuild with as many files as before, one of them gone and another new (a page's id
    /// changed): the gone file is removed, from the linked site and from the spare alike
    /// (the writer counts the known files among the new ones before comparing paths).
    @Test func aRebuildWithOneFileGoneAndOneNewRemovesTheGoneOne() throws {
        let t = try tree()
        let out = t.path("site")
        let appeals = Self.files["operations/appeals.md"]!
        let renamed = appeals.replacingOccurrences(of: "id: appeals", with: "id: appeal-process")
        // Linked from the live site (second build), then from the spare (third and fourth).
        for (i, text) in [appeals, renamed, appeals, renamed].enumerated() {
            try t.write("Content/operations/appeals.md", text)
            let report = try build(t, out: out)
            let fresh = t.path("fresh-\(i)/site")
            let freshReport = try build(t, out: fresh)
            #expect(report.files == freshReport.files, "build \(i)")
            #expect(try snapshot(out) == (try snapshot(fresh)), "build \(i): the rebuilt site differs from a fresh build")
            let id = i % 2 == 0 ? "appeals" : "appeal-process", gone = i % 2 == 0 ? "appeal-process" : "appeals"
            #expect(FileManager.default.fileExists(atPath: out + "/sop/\(id).html"), "build \(i)")
            #expect(!FileManager.default.fileExists(atPath: out + "/sop/\(gone).html"), "build \(i)")
        }
    }

    @Test func aFullBuildRewritesEverythingAndKeepsTheSiteItReplaces() throws {
        let t = try tree()
        let out = t.path("site")
        _ = try build(t, out: out)
        let before = try snapshot(out)
        var options = BuildOptions(content: t.path("Content"), out: out)
        options.incremental = false
        let full = try SiteBuilder.build(options)
        #expect(full.stats.written == full.files && full.stats.reused == 0)
        #expect(try snapshot(StagedSite.sparePath(for: out)) == before)
        try t.write("Content/operations/appeals.md", Self.files["operations/appeals.md"]! + "\nSecond reviewer.\n")
        let next = try build(t, out: out)
        #expect(next.stats.fromSpare)
        #expect(next.stats.writtenPaths.filter { !$0.hasPrefix("search/") } == ["sop/appeals.html"])
        _ = try build(t, out: t.path("fresh/site"))
        #expect(try snapshot(out) == (try snapshot(t.path("fresh/site"))))
    }

    @Test func aSpareThatDoesNotMatchTheCacheIsNotUsed() throws {
        let t = try tree()
        let out = t.path("site")
        _ = try build(t, out: out)
        try t.write("Content/operations/appeals.md", Self.files["operations/appeals.md"]! + "\nSecond reviewer.\n")
        _ = try build(t, out: out)
        let spare = StagedSite.sparePath(for: out)
        try "0000000000000000\n".write(toFile: spare + "/" + SiteWriter.markerName, atomically: true, encoding: .utf8)
        try "tampered".write(toFile: spare + "/sop/escalation.html", atomically: true, encoding: .utf8)
        try t.write("Content/operations/appeals.md", Self.files["operations/appeals.md"]! + "\nThird reviewer.\n")
        let report = try build(t, out: out)
        #expect(!report.stats.fromSpare)
        #expect(read(out + "/sop/escalation.html").contains("Brand owner path"))
        #expect(read(out + "/sop/appeals.html").contains("Third reviewer"))
    }

    @Test func failedBuildLeavesThePreviousSiteUntouched() throws {
        let t = try tree()
        let out = t.path("site")
        _ = try build(t, out: out)
        let before = try snapshot(out)
        try t.write("Content/operations/appeals.md", "---\nid: appeals\n---\nSee [nothing](missing.md).\n")
        #expect(throws: HandbookError.self) { _ = try build(t, out: out) }
        #expect(try snapshot(out) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: t.root).filter { $0.hasPrefix(".site.") }
        #expect(leftovers.isEmpty)
    }

    @Test func writeFailureMidwayLeavesThePreviousSiteAndNoTemporaryFolder() throws {
        let t = try TempTree()
        let out = t.path("site")
        _ = try SiteWriter.write([OutputFile(path: "index.html", bytes: Array("old".utf8))], to: out, previous: nil, buildID: 1)
        let failing = OutputFile(path: "sop/x.html", fingerprint: 7) { () throws(HandbookError) in throw HandbookError(file: "x.md", "render failed") }
        #expect(throws: HandbookError.self) {
            _ = try SiteWriter.write([OutputFile(path: "index.html", bytes: Array("new".utf8)), failing], to: out, previous: nil, buildID: 2)
        }
        #expect(read(out + "/index.html") == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.root) == ["site"])
    }

    @Test func refusesToReplaceAFolderCasebookDidNotBuild() throws {
        let t = try TempTree(["docs/important.txt": "keep me"])
        #expect(throws: HandbookError.self) {
            _ = try SiteWriter.write([OutputFile(path: "index.html", bytes: [])], to: t.path("docs"), previous: nil, buildID: 1)
        }
        #expect(read(t.path("docs/important.txt")) == "keep me")
    }

    @Test func leftoversOfAnInterruptedBuildAreCleanedUp() throws {
        let t = try TempTree(["Content/a.md": "# A\n"])
        try FileManager.default.createDirectory(atPath: t.path(".site.tmp-999999/sop"), withIntermediateDirectories: true)
        _ = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: t.path("site")))
        #expect(!FileManager.default.fileExists(atPath: t.path(".site.tmp-999999")))
    }

    /// The spare site's manifest comes back from the cache beside the current one's, whatever
    /// they share: files changed, only in the spare, only in the current site, all the same, none.
    @Test func cacheRoundTripsTheSpareSitesManifest() throws {
        let t = try tree()
        let current: [String: UInt64] = ["index.html": 1, "sop/a.html": 2, "sop/b.html": 3, "tags/x.html": 4]
        let spares: [[String: UInt64]] = [
            ["index.html": 9, "sop/a.html": 2, "sop/c.html": 5, "tags/x.html": 4],
            current,
            [:],
            ["other.html": 1],
            ["index.html": 1, "sop/a.html": 2, "sop/b.html": 3, "tags/x.html": 4, "sop/c.html": 6],
            ["index.html": 1, "sop/a.html": 2],
        ]
        for (i, files) in spares.enumerated() {
            let cache = BuildCache(generator: "g", buildID: 42, resolverFingerprint: 7, writtenAt: 99, includeDrafts: false, pages: [:],
                                   outputs: current, spare: BuildCache.Spare(buildID: 41, outputs: files))
            let head = t.path("cache-\(i)/site.bin")
            #expect(cache.save(to: head))
            let decoded = try #require(BuildCache.load(from: head, pages: false), "spare \(i)")
            #expect(decoded.outputs == current, "spare \(i)")
            #expect(decoded.spare?.buildID == 41 && decoded.spare?.outputs == files, "spare \(i)")
        }
    }

    @Test func cacheRoundTrips() throws {
        let t = try tree()
        let h = try Handbook.load(content: t.path("Content"))
        let pages = Dictionary(uniqueKeysWithValues: h.pages.map { ($0.path, CachedPage(summary: $0)) })
        let cache = BuildCache(generator: "g", buildID: 42, resolverFingerprint: 7, writtenAt: 99, includeDrafts: true, pages: pages, outputs: ["index.html": 5])
        let head = t.path("cache/site.bin")
        #expect(cache.save(to: head))
        let decoded = try #require(BuildCache.load(from: head))
        #expect(decoded.buildID == 42 && decoded.outputs == ["index.html": 5] && decoded.includeDrafts)
        let original = try #require(h.page(id: "counterfeit"))
        let restored = try #require(decoded.pages[original.path]?.summary)
        #expect(restored.meta == PageMetadata(copyingWithoutRaw: original.meta))
        #expect(restored.sections == original.sections)
        #expect(restored.links == original.links)
        let good = try Data(contentsOf: URL(fileURLWithPath: head))
        try good.dropLast(3).write(to: URL(fileURLWithPath: head))
        #expect(BuildCache.load(from: head) == nil)
        // A changed byte of a page's summary in the segment file: every record is checked when
        // the cache is read, so the build starts fresh rather than trusting it.
        try good.write(to: URL(fileURLWithPath: head))
        let segment = BuildCache.segmentPath(head: head)
        #expect(segment == t.path("cache/site.seg"))
        let goodSegment = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment)))
        #expect(BuildCache.load(from: head) != nil)
        for at in [goodSegment.count / 3, goodSegment.count / 2, goodSegment.count - 2] {
            var bytes = goodSegment
            bytes[at] ^= 0x10
            try Data(bytes).write(to: URL(fileURLWithPath: segment))
            #expect(BuildCache.load(from: head) == nil, "segment byte \(at)")
        }
        try Data(goodSegment.dropLast(5)).write(to: URL(fileURLWithPath: segment))
        #expect(BuildCache.load(from: head) == nil)
        #expect(BuildCache.load(from: head, pages: false) != nil) // a full build needs only the head
    }

    /// Removing a page's alias and its last picture left `old/` and `media/` behind as empty
    /// folders in an incremental build (only each removed file's own folder was removed), so
    /// the site differed from a --full build under `diff -r`, for good.
    @Test func anIncrementalBuildLeavesNoEmptyFolders() throws {
        let t = try TempTree([
            "Content/policies/pricing.md": "---\nid: pricing\ntitle: Pricing\naliases: [/old/pricing]\n---\n## Rule\n\n![Flow](flow.png)\n",
            "Content/policies/flow.png": "png",
        ])
        _ = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: t.path("site")))
        #expect(FileManager.default.fileExists(atPath: t.path("site/old/pricing/index.html")))
        try t.write("Content/policies/pricing.md", "---\nid: pricing\ntitle: Pricing\n---\n## Rule\n\nNo picture.\n")
        try FileManager.default.removeItem(atPath: t.path("Content/policies/flow.png"))
        _ = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: t.path("site")))
        var full = BuildOptions(content: t.path("Content"), out: t.path("full"))
        full.incremental = false
        _ = try SiteBuilder.build(full)
        let incremental = try FileManager.default.subpathsOfDirectory(atPath: t.path("site")).sorted()
        let clean = try FileManager.default.subpathsOfDirectory(atPath: t.path("full")).sorted()
        #expect(incremental == clean, "\(Set(incremental).symmetricDifference(clean).sorted())")
        #expect(!FileManager.default.fileExists(atPath: t.path("site/old")))
    }

    /// A site built inside the content folder was read back as content by the next build and
    /// published into itself, growing every time.
    @Test func aSiteInsideTheContentFolderIsRefused() throws {
        let t = try TempTree(["Content/a.md": "---\nid: a\ntitle: A\n---\n## One\n\nText.\n"])
        #expect(throws: HandbookError.self) { try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: t.path("Content/site"))) }
        do { _ = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: t.path("Content/site"))) } catch {
            #expect(error.diagnostics.first?.message.contains("inside the content folder") == true, "\(error.diagnostics)")
        }
        #expect(!FileManager.default.fileExists(atPath: t.path("Content/site")))
        _ = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: t.path("site")))
    }

    func snapshot(_ dir: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for f in try FileManager.default.subpathsOfDirectory(atPath: dir) {
            if let d = FileManager.default.contents(atPath: dir + "/" + f) { result[f] = d }
        }
        return result
    }
}

extension PageMetadata {
    /// The metadata as the cache keeps it (the raw front matter is not cached).
    init(copyingWithoutRaw m: PageMetadata) {
        self = m
        self.raw = nil
    }
}
