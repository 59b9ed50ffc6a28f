import Foundation
import Testing
@testable import Handbook
@testable import Publishing
import History
import CasebookTestSupport

/// Version and diff pages built from the git fixture, incremental rebuilds of them, and the
/// out-of-date banner on translations.
@Suite struct HistoryPagesTests {
    func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    func build(_ content: String, _ out: String, history: Bool = true) throws -> BuildReport {
        var options = BuildOptions(content: content, out: out)
        options.history = history
        return try SiteBuilder.build(options)
    }

    /// The `<main>` part of a built page.
    func main(_ html: String) -> String {
        guard let start = html.range(of: "<main"), let end = html.range(of: "</main>") else { return html }
        return String(html[start.lowerBound..<end.upperBound])
    }

    /// Versions written with a space or a slash (`2 final`, `2026/02`): each diff page is a
    /// file whose name its links give as it is (a name holding `%20` was linked as `%20`,
    /// which a browser decodes to a space: not found), the same file wherever it is linked.
    @Test func aVersionWithASpaceOrSlashHasADiffPageItsLinksFind() throws {
        let fixture = try SOPHistoryFixture()
        for v in ["2 final", "2026/02"] {
            try fixture.repository.commit(["Content/" + SOPHistoryFixture.path: SOPHistoryFixture.version19.replacingOccurrences(of: "\"1.9\"", with: "\"\(v)\"") + "\nNow \(v).\n"], message: v)
        }
        let out = fixture.repository.root + "/site"
        _ = try build(fixture.content, out)
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: out + "/sop/refunds"))
        #expect(files.allSatisfy { $0.utf8.allSatisfy { c in c < 0x80 && c != 0x25 && c != 0x20 } }, "\(files)")
        let page = read(out + "/sop/refunds/versions.html")
        var linked: [String] = []
        var rest = page[...]
        while let r = rest.range(of: "class=\"diff-link\" href=\"") {
            let after = rest[r.upperBound...]
            let end = after.firstIndex(of: "\"")!
            linked.append(String(after[..<end]))
            rest = after[end...]
        }
        #expect(linked.count == 4)
        for link in linked {
            #expect(files.contains(link.removingPercentEncoding ?? link), "\(link) is not one of \(files.sorted())")
        }
        #expect(SiteURL.versionLabel("3.10-rc") == "3.10-rc")
        #expect(SiteURL.versionLabel("2 final") != SiteURL.versionLabel("2_final"))
        // Two labels of a very long version still make a file name the file system takes.
        let long = String(repeating: "release-", count: 30)
        #expect(SiteURL.diffFile(from: long + "1", to: long + "2").utf8.count < 255)
        #expect(SiteURL.versionLabel(long + "1") != SiteURL.versionLabel(long + "2"))
    }

    /// A change log that writes the version differently from its commit ("1.10.0" for the
    /// committed "1.10": one version) links the diff page all the same, on the SOP page and
    /// in What's new (it lost the link).
    @Test func aChangeLogEntryWrittenDifferentlyStillLinksItsDiff() throws {
        let fixture = try SOPHistoryFixture()
        let text = SOPHistoryFixture.version110.replacingOccurrences(of: "version: \"1.10\"", with: "version: \"1.10.0\"\nchanges:\n  - version: \"1.10.0\"\n    date: 2026-01-05\n    summary: Fourteen days.")
        try fixture.repository.tree.write("Content/" + SOPHistoryFixture.path, text)
        let out = fixture.repository.root + "/site"
        _ = try build(fixture.content, out)
        #expect(read(out + "/sop/refunds.html").contains("<a class=\"diff-link\" href=\"refunds/diff-1.9-1.10.html\">"))
        #expect(read(out + "/whats-new.html").contains("<a class=\"diff-link\" href=\"sop/refunds/diff-1.9-1.10.html\">"))
    }

    @Test func versionsPageListsEveryVersionWithDateAuthorAndDiffLinks() throws {
        let fixture = try SOPHistoryFixture()
        let out = fixture.repository.root + "/site"
        _ = try build(fixture.content, out)
        let page = read(out + "/sop/refunds/versions.html")
        let list = try #require(page.range(of: "<ol class=\"versions\" reversed>")).lowerBound
        let end = try #require(page.range(of: "</ol>", range: list..<page.endIndex)).upperBound
        #expect(String(page[list..<end]) == """
            <ol class="versions" reversed>
            <li><span class="version">1.10</span> · <time datetime="2026-01-05">5 Jan 2026</time> · Ana Trainer <a class="diff-link" href="diff-1.9-1.10.html">Changes from 1.9</a></li>
            <li><span class="version">1.9</span> · <time datetime="2026-01-04">4 Jan 2026</time> · Bo Reviewer <a class="diff-link" href="diff-1.0-1.9.html">Changes from 1.0</a></li>
            <li><span class="version">1.0</span> · <time datetime="2026-01-02">2 Jan 2026</time> · Ana Trainer</li>
            </ol>
            """)
        #expect(page.contains("<h1>Versions of Refund abuse</h1>"))
        #expect(!page.contains("not in a git repository"))
        // One diff page per consecutive pair, and no other.
        let files = try FileManager.default.contentsOfDirectory(atPath: out + "/sop/refunds").sorted()
        #expect(files == ["diff-1.0-1.9.html", "diff-1.9-1.10.html", "versions.html"])
        // The SOP page links its versions.
        #expect(read(out + "/sop/refunds.html").contains("<a href=\"refunds/versions.html\">All versions</a>"))
    }

    /// A Thai SOP's diff page: the words of the diff itself (its headings, what happened to
    /// each section, the "deleted:" and "inserted:" a screen reader says) were English on a
    /// page otherwise in Thai, and a changed word of a Thai sentence showed the whole
    /// sentence deleted and inserted.
    @Test func aThaiSOPsDiffPageIsInThaiAndMarksTheChangedWord() throws {
        let git = try GitFixture()
        func page(_ version: String, _ days: String) -> String {
            "---\nid: refunds-th\ntitle: การคืนเงิน\nversion: \"\(version)\"\nlang: th\n---\n\n## ขอบเขต {#scope}\n\nผู้ขายต้องคืนเงินให้ผู้ซื้อภายใน\(days)วันหลังจากได้รับสินค้าคืน\n\n## หลักฐาน {#evidence}\n\nใบเสร็จ\n"
        }
        try git.commit(["Content/refunds-th.md": page("1.0", "สิบสี่")], message: "v1")
        try git.commit(["Content/refunds-th.md": page("1.1", "เจ็ด")], message: "v1.1")
        let out = git.root + "/site"
        _ = try build(git.root + "/Content", out)
        let html = main(read(out + "/sop/refunds-th/diff-1.0-1.1.html"))
        #expect(html.contains("ผู้ขายต้องคืนเงินให้ผู้ซื้อภายใน<del><span class=\"visually-hidden\">ลบออก: </span>สิบสี่</del><ins><span class=\"visually-hidden\">เพิ่มเข้า: </span>เจ็ด</ins>วันหลังจากได้รับสินค้าคืน"), "\(html)")
        #expect(html.contains("aria-label=\"การเปลี่ยนแปลงจากเวอร์ชัน 1.0 เป็น 1.1\""), "\(html)")
        #expect(html.contains("<h2>หัวข้อ</h2>") && html.contains("<span class=\"diff-status\">แก้ไข</span>"), "\(html)")
        #expect(html.contains("หัวข้อที่ไม่เปลี่ยน 1 หัวข้อ"), "\(html)")
        for english in ["deleted: ", "inserted: ", "Sections", "Changes from version", "unchanged section", ">changed<"] {
            #expect(!html.contains(english), "\(english) in \(html)")
        }
    }

    @Test func diffPageShowsTheSectionDiffBetweenTwoVersions() throws {
        let fixture = try SOPHistoryFixture()
        let out = fixture.repository.root + "/site"
        _ = try build(fixture.content, out)
        let page = read(out + "/sop/refunds/diff-1.9-1.10.html")
        #expect(page.contains("<h1>Refund abuse: 1.9 → 1.10</h1>"))
        #expect(page.contains("<p class=\"lead\">Version 1.10 of <time datetime=\"2026-01-05\">5 Jan 2026</time> by Ana Trainer, compared with version 1.9. <a href=\"versions.html\">All versions</a> · <a href=\"../refunds.html\">Current text</a></p>"))
        #expect(page.contains("<del><span class=\"visually-hidden\">deleted: </span>seven</del> <ins><span class=\"visually-hidden\">inserted: </span>fourteen</ins>"))
        // The fragment is the History module's HTML rendering of the same diff.
        let history = try VersionHistory.read(content: fixture.content)
        let versions = try history.versions(of: SOPHistoryFixture.path)
        let diff = try history.diff(of: SOPHistoryFixture.path, page: "refunds", from: versions[1], to: versions[2])
        #expect(page.contains(DiffRenderer.render(diff, as: .html)))
        let older = read(out + "/sop/refunds/diff-1.0-1.9.html")
        #expect(older.contains("RF-01 → RF-05"))
        // Stylesheet and links are relative: the pages work from file://.
        #expect(page.contains("href=\"../../assets/style.css\"") || page.contains("../../assets/"))
    }

    /// A site build parses versions without their front matter, and takes the current one
    /// from the page it rendered (or, without the search index, the file on disk): its diff
    /// pages still show the History module's diff of a full parse of each version from git.
    @Test func diffPagesShowTheDiffOfAFullParseWithAndWithoutSearch() throws {
        let fixture = try SOPHistoryFixture()
        let history = try VersionHistory.read(content: fixture.content)
        let versions = try history.versions(of: SOPHistoryFixture.path)
        #expect(versions.count == 3)
        for search in [true, false] {
            let out = fixture.repository.root + "/site-\(search)"
            var options = BuildOptions(content: fixture.content, out: out)
            options.search = search
            _ = try SiteBuilder.build(options)
            for i in 1..<versions.count {
                let diff = try history.diff(of: SOPHistoryFixture.path, page: "refunds", from: versions[i - 1], to: versions[i])
                let page = read(out + "/sop/refunds/" + SiteURL.diffFile(from: versions[i - 1].version, to: versions[i].version))
                #expect(page.contains(DiffRenderer.render(diff, as: .html)), "search: \(search), \(versions[i].version)")
            }
        }
    }

    @Test func changeLogAndWhatsNewLinkTheDiffs() throws {
        let fixture = try SOPHistoryFixture()
        // A change log naming the versions the history knows.
        let text = SOPHistoryFixture.version110.replacingOccurrences(of: "version: \"1.10\"\n", with: """
            version: "1.11"
            changes:
              - version: "1.11"
                date: 2026-02-01
                summary: Appeals window is fourteen days.
            
            """).replacingOccurrences(of: "within fourteen days.", with: "within fourteen calendar days.")
        try fixture.repository.commit(["Content/trust/refunds.md": text], message: "1.11")
        let out = fixture.repository.root + "/site"
        _ = try build(fixture.content, out)
        #expect(read(out + "/sop/refunds.html").contains("Appeals window is fourteen days. <a class=\"diff-link\" href=\"refunds/diff-1.10-1.11.html\">What changed</a>"))
        #expect(read(out + "/whats-new.html").contains("<a class=\"diff-link\" href=\"sop/refunds/diff-1.10-1.11.html\">What changed</a>"))
        #expect(read(out + "/sop/refunds/versions.html").contains("<span class=\"summary\">Appeals window is fourteen days.</span>"))
    }

    @Test func rebuildAfterEditingOneSOPRerendersOnlyItsHistory() throws {
        let fixture = try SOPHistoryFixture()
        let other = """
            ---
            id: returns
            title: Returns
            version: "2.0"
            ---
            ## Scope

            Returns of goods.

            """
        try fixture.repository.commit(["Content/trust/returns.md": other], message: "Returns 2.0")
        try fixture.repository.commit(["Content/trust/returns.md": other.replacingOccurrences(of: "2.0", with: "2.1").replacingOccurrences(of: "of goods", with: "of all goods")], message: "Returns 2.1")
        let out = fixture.repository.root + "/site"
        let first = try build(fixture.content, out)
        #expect(first.stats.writtenPaths.contains("sop/returns/diff-2.0-2.1.html"))
        let again = try build(fixture.content, out)
        #expect(again.stats.written == 0)
        Thread.sleep(forTimeInterval: 1.1)
        // A new version of refunds on disk (not committed): a new diff page for refunds only.
        try fixture.repository.tree.write("Content/trust/refunds.md", SOPHistoryFixture.version110
            .replacingOccurrences(of: "version: \"1.10\"", with: "version: \"1.11\"")
            .replacingOccurrences(of: "Write to the refunds team.", with: "Write to the refunds desk."))
        let changed = try build(fixture.content, out)
        let written = changed.stats.writtenPaths.filter { !$0.hasPrefix("search/") }
        // 1.10's text was the file on disk and is now its last commit's: the 1.9 -> 1.10 page is
        // planned again (same bytes); nothing of returns is.
        #expect(written.filter { $0.hasPrefix("sop/") } == ["sop/refunds.html", "sop/refunds/diff-1.10-1.11.html", "sop/refunds/diff-1.9-1.10.html", "sop/refunds/versions.html"])
        #expect(!written.contains { $0.hasPrefix("sop/returns") })
        #expect(written.contains("sop/refunds/diff-1.10-1.11.html"))
        let versions = read(out + "/sop/refunds/versions.html")
        #expect(versions.contains("<span class=\"version\">1.11</span> · current file"))
        #expect(read(out + "/sop/refunds/diff-1.10-1.11.html").contains("<ins><span class=\"visually-hidden\">inserted: </span>desk.</ins>"))
        // An edit that keeps the version is part of that version's text, as the page shows it:
        // the diff to it and its change file are rendered again, not the versions page.
        Thread.sleep(forTimeInterval: 1.1)
        try fixture.repository.tree.write("Content/trust/returns.md", other.replacingOccurrences(of: "2.0", with: "2.1").replacingOccurrences(of: "of goods", with: "of all goods.") + "\nMore.\n")
        let edited = try build(fixture.content, out)
        #expect(edited.stats.writtenPaths.filter { !$0.hasPrefix("search/") } == ["changes/returns.json", "sop/returns.html", "sop/returns/diff-2.0-2.1.html"])
        #expect(read(out + "/sop/returns/diff-2.0-2.1.html").contains("More."))
    }

    /// A new version on disk, not committed, edited again without changing its label: its diff
    /// page and change file show the new text; the versions page (labels, dates, authors) and
    /// the older diff pages are not rewritten.
    @Test func editingAnUncommittedVersionAgainRerendersItsDiffOnly() throws {
        let fixture = try SOPHistoryFixture()
        let out = fixture.repository.root + "/site"
        let v111 = SOPHistoryFixture.version110.replacingOccurrences(of: "version: \"1.10\"", with: "version: \"1.11\"")
        try fixture.repository.tree.write("Content/trust/refunds.md", v111.replacingOccurrences(of: "Write to the refunds team.", with: "Write to the refunds desk."))
        _ = try build(fixture.content, out)
        #expect(read(out + "/sop/refunds/diff-1.10-1.11.html").contains("<ins><span class=\"visually-hidden\">inserted: </span>desk.</ins>"))
        Thread.sleep(forTimeInterval: 1.1)
        try fixture.repository.tree.write("Content/trust/refunds.md", v111.replacingOccurrences(of: "Write to the refunds team.", with: "Write to the refunds office."))
        let edited = try build(fixture.content, out)
        let written = edited.stats.writtenPaths.filter { !$0.hasPrefix("search/") }
        #expect(written.filter { $0.hasPrefix("sop/") } == ["sop/refunds.html", "sop/refunds/diff-1.10-1.11.html"])
        #expect(written.contains("changes/refunds.json"))
        let diff = read(out + "/sop/refunds/diff-1.10-1.11.html")
        #expect(diff.contains("<ins><span class=\"visually-hidden\">inserted: </span>office.</ins>"))
        #expect(!diff.contains("desk."))
    }

    @Test func withoutRepositoryOnlyTheCurrentVersionExists() throws {
        let t = try TempTree()
        try t.write("Content/refunds.md", SOPHistoryFixture.version19)
        let report = try build(t.path("Content"), t.path("site"))
        let page = read(t.path("site/sop/refunds/versions.html"))
        #expect(page.contains("<p class=\"notice\" role=\"note\">The content is not in a git repository, so only the current version is known.</p>"))
        #expect(page.contains("<li><span class=\"version\">1.9</span> · current file</li>"))
        #expect(!page.contains("diff-link"))
        #expect(report.stats.writtenPaths.filter { $0.hasPrefix("sop/") } == ["sop/refunds.html", "sop/refunds/versions.html"])
        // --no-history: no version pages, and the SOP page links none.
        let without = try build(t.path("Content"), t.path("plain"), history: false)
        #expect(!without.stats.writtenPaths.contains { $0.hasPrefix("sop/refunds/") })
        #expect(!read(t.path("plain/sop/refunds.html")).contains("versions.html"))
    }

    @Test func staleTranslationShowsBannerWithChangedSections() throws {
        let fixture = try SOPHistoryFixture()
        let translation = """
            ---
            id: refunds-th
            title: การคืนเงิน
            lang: th
            version: "1.9"
            translation_of: refunds
            source_version: "1.9"
            ---
            ## ขอบเขต {#scope}

            นโยบายนี้

            """
        try fixture.repository.commit(["Content/trust/refunds.th.md": translation], message: "Thai")
        let out = fixture.repository.root + "/site"
        let report = try build(fixture.content, out)
        let page = read(out + "/sop/refunds-th.html")
        // In the page's language (Thai), from the theme's i18n/th.yml.
        #expect(page.contains("<div class=\"notice translation-stale\" role=\"note\"><p><strong>ฉบับแปลนี้ไม่เป็นปัจจุบัน</strong> ฉบับแปลนี้แปลจากเวอร์ชัน 1.9 ของ <a href=\"refunds.html\" hreflang=\"en\">Refund abuse</a> ซึ่งตอนนี้เป็นเวอร์ชัน 1.10 แล้ว</p><p>หัวข้อที่เปลี่ยนไปตั้งแต่นั้น: Appeals</p><p>สิ่งที่เปลี่ยนไป: <a href=\"refunds/diff-1.9-1.10.html\">เวอร์ชัน 1.10</a></p></div>"))
        #expect(report.diagnostics.contains { $0.severity == .warning && $0.message.contains("translation is behind: it translates version 1.9 of 'refunds', which is now at version 1.10") })
        // Search results from it carry the same mark.
        #expect(read(out + "/search/translations.js") == "CasebookSearch.load(\"translations\",{\"o\":{\"sop/refunds-th.html\":\"sop/refunds.html\"},\"s\":{\"sop/refunds-th.html\":\"1.10\"}});\n")
        // Up to date: no banner, no warning.
        Thread.sleep(forTimeInterval: 1.1)
        try fixture.repository.tree.write("Content/trust/refunds.th.md", translation.replacingOccurrences(of: "source_version: \"1.9\"", with: "source_version: \"1.10\""))
        let current = try build(fixture.content, out)
        #expect(!read(out + "/sop/refunds-th.html").contains("translation-stale"))
        #expect(!current.diagnostics.contains { $0.message.contains("translation") })
        #expect(read(out + "/search/translations.js") == "CasebookSearch.load(\"translations\",{\"o\":{\"sop/refunds-th.html\":\"sop/refunds.html\"},\"s\":{}});\n")
        // Undeclared: a warning, no banner.
        Thread.sleep(forTimeInterval: 1.1)
        try fixture.repository.tree.write("Content/trust/refunds.th.md", translation.replacingOccurrences(of: "source_version: \"1.9\"\n", with: ""))
        let unknown = try build(fixture.content, out)
        #expect(!read(out + "/sop/refunds-th.html").contains("translation-stale"))
        #expect(unknown.diagnostics.contains { $0.message.contains("does not say which version it translates") })
    }
}
