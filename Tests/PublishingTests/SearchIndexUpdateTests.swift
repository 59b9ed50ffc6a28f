import Foundation
import Testing
@testable import Publishing
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
}
