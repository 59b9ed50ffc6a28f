import Foundation
import Testing
@testable import Publishing
@testable import Search
import CasebookTestSupport

/// A rebuild after an edit updates the previous search index instead of indexing every page,
/// and the site it writes is byte for byte the one a fresh build writes.
@Suite struct SearchIndexUpdateTests {
    static let words = ["refund", "seller", "counterfeit", "appeal", "listing", "replica", "brand", "warning", "evidence", "buyer",
                        "payment", "escalate", "review", "market", "policy", "account", "suspend", "invoice", "shipping", "claim"]

    /// Page `i`: an introduction and two sections of about twenty words each.
    static func page(_ i: Int, extra: String = "") -> String {
        func text(_ k: Int) -> String { (0..<20).map { words[($0 * 7 + i * 3 + k) % words.count] }.joined(separator: " ") + "." }
        return """
        ---
        id: page-\(i)
        title: Page \(i) \(words[i % words.count])
        tags: [t\(i % 3)]
        ---
        \(text(0))

        ## Rules {#rules}

        \(text(1))\(extra)

        ## Evidence {#evidence}

        \(text(2))
        """
    }

    func snapshot(_ dir: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for f in try FileManager.default.subpathsOfDirectory(atPath: dir) {
            if let d = FileManager.default.contents(atPath: dir + "/" + f) { result[f] = d }
        }
        return result
    }

    @Test func editsUpdateTheIndexAndMatchAFreshBuild() throws {
        let t = try TempTree()
        for i in 0..<60 { try t.write("Content/c\(i % 3)/page-\(i).md", Self.page(i)) }
        let out = t.path("site")
        let first = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: out))
        #expect(!first.searchIndexUpdated)
        let searchFiles = try FileManager.default.subpathsOfDirectory(atPath: out + "/search").count
        let edits: [(String, String?, updated: Bool)] = [
            // Words appended to a section, one of them new to the handbook.
            ("Content/c1/page-7.md", Self.page(7, extra: " A quokka seller asked for a refund."), true),
            // Words replaced.
            ("Content/c1/page-7.md", Self.page(7).replacingOccurrences(of: "refund", with: "chargeback"), true),
            // A page deleted, then added: documents move, so the index is built again.
            ("Content/c2/page-11.md", nil, false),
            ("Content/c2/page-11.md", Self.page(11), false),
            // And updated again after that.
            ("Content/c0/page-30.md", Self.page(30, extra: " Zebra listings need review."), true),
        ]
        for (n, (path, text, updated)) in edits.enumerated() {
            // A later modification time than the cache's.
            Thread.sleep(forTimeInterval: 1.1)
            if let text { try t.write(path, text) } else { try FileManager.default.removeItem(atPath: t.path(path)) }
            let report = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: out))
            #expect(report.searchIndexUpdated == updated, "edit \(n)")
            if updated {
                // Only some of the index files are written.
                let written = report.stats.writtenPaths.filter { $0.hasPrefix("search/") }
                #expect(!written.isEmpty && written.count < searchFiles / 2, "edit \(n): \(written)")
            }
            let fresh = t.path("fresh-\(n)/site")
            _ = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: fresh))
            let now = try snapshot(out), expected = try snapshot(fresh)
            #expect(now.keys.sorted() == expected.keys.sorted(), "edit \(n)")
            for (file, data) in expected where now[file] != data { Issue.record("edit \(n): \(file) differs from a fresh build") }
        }
        let search = try FileManager.default.subpathsOfDirectory(atPath: out + "/search").map { (try? String(contentsOfFile: out + "/search/" + $0, encoding: .utf8)) ?? "" }.joined()
        #expect(search.contains("\"zebra\"") && search.contains("\"chargeback\"") && !search.contains("\"quokka\""))
    }

    /// When most pages changed (every page, after the binary changed), the index is built
    /// afresh rather than updated posting by posting (minutes on 10,000 pages); the site is still
    /// a clean build's.
    @Test func manyChangedPagesBuildTheIndexAfresh() throws {
        let t = try TempTree()
        for i in 0..<80 { try t.write("Content/c\(i % 3)/page-\(i).md", Self.page(i)) }
        let out = t.path("site")
        _ = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: out))
        Thread.sleep(forTimeInterval: 1.1)
        // Same lengths, so an update would apply.
        for i in 0..<80 { try t.write("Content/c\(i % 3)/page-\(i).md", Self.page(i).replacingOccurrences(of: "refund", with: "rebate")) }
        let report = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: out))
        #expect(!report.searchIndexUpdated)
        var options = BuildOptions(content: t.path("Content"), out: t.path("clean/site"))
        options.incremental = false
        _ = try SiteBuilder.build(options)
        let now = try snapshot(out), expected = try snapshot(t.path("clean/site"))
        #expect(now.keys.sorted() == expected.keys.sorted())
        for (file, data) in expected where now[file] != data { Issue.record("\(file) differs from a clean build") }
    }

    /// Flips a byte in the middle of the search cache's record of page `path`.
    static func damageRecord(of path: String, cache: String) throws {
        let blob = try #require(SearchCache.load(from: cache)?.pages[path]?.stored?.blob)
        let segment = SearchCache.segmentPath(head: cache)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment)))
        bytes[blob.offset + blob.length / 2] ^= 0x41
        try Data(bytes).write(to: URL(fileURLWithPath: segment))
    }

    /// Every kind of change, one after another, each followed by an incremental build: the site
    /// is byte for byte a clean build's. A damaged or truncated cache is refused and the index is built again.
    @Test func anySequenceOfEditsMatchesACleanBuild() throws {
        let t = try TempTree()
        for i in 0..<40 { try t.write("Content/c\(i % 3)/page-\(i).md", Self.page(i)) }
        let out = t.path("site")
        let cache = SiteSearch.cachePath(for: out)
        let segment = SearchCache.segmentPath(head: cache)
        _ = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: out))
        let steps: [(String, () throws -> Void)] = [
            ("edit", { try t.write("Content/c1/page-4.md", Self.page(4, extra: " A wombat seller disputed the refund.")) }),
            ("edit again", { try t.write("Content/c1/page-4.md", Self.page(4, extra: " A numbat seller disputed the refund.")) }),
            ("add", { try t.write("Content/c2/page-40.md", Self.page(40, extra: " Platypus listings are replicas.")) }),
            ("delete", { try FileManager.default.removeItem(atPath: t.path("Content/c0/page-9.md")) }),
            ("rename", { try FileManager.default.moveItem(atPath: t.path("Content/c2/page-14.md"), toPath: t.path("Content/c0/page-14b.md")) }),
            ("edit after rename", { try t.write("Content/c0/page-14b.md", Self.page(14, extra: " Echidna sellers appeal.")) }),
            ("segment truncated", {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: segment))
                try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: segment))
                try t.write("Content/c1/page-7.md", Self.page(7, extra: " Quoll sellers."))
            }),
            // A byte of some record: found if and when the record is read (the build then indexes
            // again without the cache); either way the site is a clean build's.
            ("middle of the segment damaged", {
                var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment)))
                bytes[bytes.count / 2] ^= 0x41
                try Data(bytes).write(to: URL(fileURLWithPath: segment))
                try t.write("Content/c1/page-7.md", Self.page(7, extra: " Bilby sellers."))
            }),
            ("head of an old version", {
                var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cache)))
                bytes.replaceSubrange(0..<18, with: Array("CASEBOOK-SEARCH-8\n".utf8))
                try Data(bytes).write(to: URL(fileURLWithPath: cache))
                try t.write("Content/c1/page-7.md", Self.page(7, extra: " Dingo sellers."))
            }),
            ("edit after repair", { try t.write("Content/c2/page-20.md", Self.page(20, extra: " Kiwi sellers.")) }),
            // Postings are read when first used: damaged ones of a term the edit does not touch
            // (nor the two builds before it, whose files the spare site may need) are not read,
            // and the index is still updated.
            ("edit with the postings of an untouched term damaged", {
                let stored = try #require(SearchCache.load(from: cache))
                let numbat = try #require(stored.terms.names.firstIndex(of: "numbat"))
                let blob = stored.storedPostings[numbat]
                var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment)))
                bytes[blob.offset] ^= 0x41
                try Data(bytes).write(to: URL(fileURLWithPath: segment))
                try t.write("Content/c2/page-5.md", Self.page(5, extra: " Dugong sellers."))
            }),
            // Records are checked when first read: the old record of the page being edited (read
            // to update the index), then that of a page edited two builds ago (read only to write
            // its snippet file into the spare site, which is two builds old).
            ("edit before damage", { try t.write("Content/c1/page-13.md", Self.page(13, extra: " Possum sellers.")) }),
            ("segment record of the edited page damaged", {
                try Self.damageRecord(of: "c1/page-13.md", cache: cache)
                try t.write("Content/c1/page-13.md", Self.page(13, extra: " Wallaby sellers."))
            }),
            ("edit of one page", { try t.write("Content/c0/page-3.md", Self.page(3, extra: " Koala sellers.")) }),
            ("edit of another page", { try t.write("Content/c2/page-38.md", Self.page(38, extra: " Emu sellers.")) }),
            ("segment record read only when writing damaged", {
                try Self.damageRecord(of: "c2/page-38.md", cache: cache)
                try t.write("Content/c0/page-33.md", Self.page(33, extra: " Cassowary sellers."))
            }),
        ]
        for (n, (what, change)) in steps.enumerated() {
            Thread.sleep(forTimeInterval: 1.1)
            try change()
            let report = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: out))
            if what.hasPrefix("edit") { #expect(report.searchIndexUpdated, "\(what)") }
            if what.hasPrefix("segment") || what.hasPrefix("head") { #expect(!report.searchIndexUpdated, "\(what)") }
            #expect(SearchCache.load(from: cache) != nil, "\(what)")
            let fresh = t.path("clean-\(n)/site")
            var options = BuildOptions(content: t.path("Content"), out: fresh)
            options.incremental = false
            _ = try SiteBuilder.build(options)
            let now = try snapshot(out), expected = try snapshot(fresh)
            #expect(now.keys.sorted() == expected.keys.sorted(), "\(what)")
            for (file, data) in expected where now[file] != data { Issue.record("\(what): \(file) differs from a clean build") }
        }
        let search = try FileManager.default.subpathsOfDirectory(atPath: out + "/search").map { (try? String(contentsOfFile: out + "/search/" + $0, encoding: .utf8)) ?? "" }.joined()
        #expect(search.contains("\"kiwi\"") && search.contains("\"platypus\"") && !search.contains("\"wombat\"") && !search.contains("\"bilby\""))
    }
}
