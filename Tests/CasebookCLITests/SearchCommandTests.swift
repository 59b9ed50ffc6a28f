import Foundation
import Testing
@testable import CasebookCLI
import CasebookTestSupport
import Publishing

/// `casebook search`: what the terminal shows of a result and its folded sections.
@Suite struct SearchCommandTests {
    /// An SOP in English with a Vietnamese translation, built.
    static func site() throws -> TempTree {
        let t = try TempTree()
        for (path, text) in FixtureText.liveStreamSOPAndTranslation { try t.write(path, text) }
        _ = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: t.path("site")))
        return t
    }

    @Test func aFoldedTranslationSaysItsLanguage() throws {
        let t = try Self.site()
        let text = CapturedConsole.run(["search", "child livestream", "--site", t.path("site")])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("1. Live stream conduct › Minors on stream\n   sop/live.html#minors\n"), "\(text.stdout)")
        #expect(text.stdout.contains("   + [vi] Livestream đêm khuya  sop/live-vi.html#dem-khuya\n"), "\(text.stdout)")
        #expect(!text.stdout.contains("2. "), "one SOP, one result: \(text.stdout)")
        let json = CapturedConsole.run(["search", "child livestream", "--site", t.path("site"), "--json"])
        let results = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(results.first?["lang"] as? String == "en")
        let more = try #require(results.first?["more"] as? [[String: Any]])
        #expect(more.first?["lang"] as? String == "vi")
    }

    /// A page's title and text went to the terminal as they were: an escape sequence in them
    /// (from a contributor's page or an imported corpus) cleared the screen, retitled the
    /// terminal or hid text for whoever searched. They are written escaped.
    @Test func controlCharactersInPagesAreShownEscaped() throws {
        let t = try TempTree()
        try t.write("Content/scam.md", "---\nid: scam\ntitle: \"Scam rules \\e]0;pwned\\a\\e[2J\"\n---\n## Signals\n\nScam listings \u{1B}[8mhidden\u{1B}[0m ask for payment.\n")
        _ = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: t.path("site")))
        let text = CapturedConsole.run(["search", "scam", "--site", t.path("site")])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(!text.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(text.stdout.debugDescription)")
        #expect(text.stdout.contains("Scam rules \\u{1B}]0;pwned\\u{7}\\u{1B}[2J"), "\(text.stdout.debugDescription)")
    }
}
