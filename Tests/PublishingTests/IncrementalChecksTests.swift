import Foundation
import Testing
@testable import Publishing
import Handbook
import CasebookTestSupport

/// A rebuild checks the links of only the pages that changed and of the pages linking to them,
/// and reuses what the last build found in the others: its errors and warnings must be exactly
/// those of a clean build after every kind of edit.
@Suite struct IncrementalChecksTests {
    /// Page `i` of category `c`: two sections with anchors, and links given by `body`.
    static func page(_ id: String, title: String, status: String = "published", anchors: (String, String) = ("rules", "evidence"), body: String = "") -> String {
        """
        ---
        id: \(id)
        title: \(title)
        status: \(status)
        ---
        Introduction of \(title).

        ## Rules {#\(anchors.0)}

        Rules text. \(body)

        ## Evidence {#\(anchors.1)}

        Evidence text.
        """
    }

    /// What a build reports: its warnings, or the errors it failed with; and the site when it built.
    func outcome(_ options: BuildOptions) -> (diagnostics: [String], built: Bool) {
        do throws(HandbookError) {
            let report = try SiteBuilder.build(options)
            return (report.diagnostics.sortedForDisplay().map(\.description), true)
        } catch {
            return (error.diagnostics.sortedForDisplay().map(\.description), false)
        }
    }

    func snapshot(_ dir: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for f in try FileManager.default.subpathsOfDirectory(atPath: dir) {
            if let d = FileManager.default.contents(atPath: dir + "/" + f) { result[f] = d }
        }
        return result
    }

    func run(links: LinkLevel) throws {
        let t = try TempTree()
        try t.write("Content/a/alpha.md", Self.page("alpha", title: "Alpha", body: "See [beta's evidence](../b/beta.md#evidence) and [gamma](../b/gamma.md#rules)."))
        try t.write("Content/b/beta.md", Self.page("beta", title: "Beta", body: "Back to [alpha](../a/alpha.md#rules)."))
        try t.write("Content/b/gamma.md", Self.page("gamma", title: "Gamma"))
        try t.write("Content/c/delta.md", Self.page("delta", title: "Delta", body: "See [beta](../b/beta.md#rules)."))
        for i in 0..<8 { try t.write("Content/c/filler-\(i).md", Self.page("filler-\(i)", title: "Filler \(i)", body: "See [delta](delta.md#evidence).")) }
        let out = t.path("site")
        var options = BuildOptions(content: t.path("Content"), out: out)
        options.links = links
        options.history = false
        // Each build runs more than a second after the last write, so the next build takes every
        // file it does not see changed from the cache (files modified within a second before a
        // cache is written are read again): the findings of unchanged pages are then truly reused.
        Thread.sleep(forTimeInterval: 1.1)
        _ = outcome(options)
        let steps: [(String, () throws -> Void)] = [
            // beta's anchor that alpha (unchanged) links to goes away.
            ("anchor removed", { try t.write("Content/b/beta.md", Self.page("beta", title: "Beta", anchors: ("rules", "proof"), body: "Back to [alpha](../a/alpha.md#rules).")) }),
            // Nothing alpha links to changes: its broken link is still reported.
            ("unrelated edit", { try t.write("Content/c/filler-3.md", Self.page("filler-3", title: "Filler 3", body: "Edited. See [delta](delta.md#evidence).")) }),
            ("another unrelated edit", { try t.write("Content/c/delta.md", Self.page("delta", title: "Delta", body: "Edited. See [beta](../b/beta.md#rules).")) }),
            // The target fixed: the problem is gone.
            ("anchor restored", { try t.write("Content/b/beta.md", Self.page("beta", title: "Beta", body: "Back to [alpha](../a/alpha.md#rules).")) }),
            // A page's own broken link, then fixed in the page.
            ("own broken link", { try t.write("Content/b/gamma.md", Self.page("gamma", title: "Gamma", body: "See [alpha](../a/alpha.md#nowhere).")) }),
            ("unrelated edit after own", { try t.write("Content/c/filler-5.md", Self.page("filler-5", title: "Filler 5", body: "Edited. See [delta](delta.md#evidence).")) }),
            ("own link fixed", { try t.write("Content/b/gamma.md", Self.page("gamma", title: "Gamma", body: "See [alpha](../a/alpha.md#rules).")) }),
            // delta's anchor, which eight unchanged pages link to, renamed; then back.
            ("anchor many link to removed", { try t.write("Content/c/delta.md", Self.page("delta", title: "Delta", anchors: ("rules", "proof"), body: "See [beta](../b/beta.md#rules).")) }),
            ("edit of one linking page", { try t.write("Content/c/filler-1.md", Self.page("filler-1", title: "Filler 1", body: "Edited. See [delta](delta.md#evidence).")) }),
            ("anchor many link to restored", { try t.write("Content/c/delta.md", Self.page("delta", title: "Delta", body: "See [beta](../b/beta.md#rules).")) }),
            // A linked page becomes a draft (a warning on the pages linking to it), then published again.
            ("target made a draft", { try t.write("Content/b/gamma.md", Self.page("gamma", title: "Gamma", status: "draft", body: "See [alpha](../a/alpha.md#rules).")) }),
            ("unrelated edit with a draft", { try t.write("Content/c/filler-6.md", Self.page("filler-6", title: "Filler 6", body: "Edited again. See [delta](delta.md#evidence).")) }),
            ("target published", { try t.write("Content/b/gamma.md", Self.page("gamma", title: "Gamma", body: "See [alpha](../a/alpha.md#rules).")) }),
            // A linked page deleted, then written back.
            ("target deleted", { try FileManager.default.removeItem(atPath: t.path("Content/c/delta.md")) }),
            ("target back", { try t.write("Content/c/delta.md", Self.page("delta", title: "Delta", body: "See [beta](../b/beta.md#rules).")) }),
            // Two pages defining the same policy code, then one renamed.
            ("code defined twice", {
                try t.write("Content/c/filler-7.md", "---\nid: filler-7\ntitle: Filler 7\n---\n### KXQ-1 Rule one\n\nText.\n")
                try t.write("Content/c/filler-2.md", "---\nid: filler-2\ntitle: Filler 2\n---\n### KXQ-1 Rule again\n\nText.\n")
            }),
            ("unrelated edit with codes", { try t.write("Content/c/filler-4.md", Self.page("filler-4", title: "Filler 4", body: "Edited. See [delta](delta.md#evidence).")) }),
            ("code renamed", { try t.write("Content/c/filler-2.md", "---\nid: filler-2\ntitle: Filler 2\n---\n### KXQ-2 Rule two\n\nText.\n") }),
        ]
        var reported = 0
        for (n, (what, change)) in steps.enumerated() {
            try change()
            Thread.sleep(forTimeInterval: 1.1)
            let now = outcome(options)
            var clean = options
            clean.out = t.path("clean-\(n)/site")
            clean.incremental = false
            let expected = outcome(clean)
            #expect(now.diagnostics == expected.diagnostics, "\(links) \(what)")
            #expect(now.built == expected.built, "\(links) \(what)")
            reported += expected.diagnostics.count
            if now.built, expected.built {
                let site = try snapshot(out), fresh = try snapshot(clean.out)
                #expect(site.keys.sorted() == fresh.keys.sorted(), "\(links) \(what)")
                for (file, data) in fresh where site[file] != data { Issue.record("\(links) \(what): \(file) differs from a clean build") }
            }
        }
        // The steps do produce problems to find (the comparison is not of empty lists).
        #expect(reported >= 10)
    }

    @Test func warningsMatchACleanBuildAfterEveryEdit() throws { try run(links: .warn) }

    @Test func errorsMatchACleanBuildAfterEveryEdit() throws { try run(links: .error) }
}
