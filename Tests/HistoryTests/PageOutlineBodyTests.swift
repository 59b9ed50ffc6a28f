import Foundation
import Testing
import Handbook
@testable import History

/// `PageOutline.parseBody` (a site build's diff pages) skips the front matter and must give
/// the sections and codes of a full parse, whatever the front matter looks like.
@Suite struct PageOutlineBodyTests {
    static let body = """
        Introduction with *emphasis* and a [link](other.md#x).

        # A second title

        ## Scope {#scope}

        Covers refunds.

        ---

        ### RF-01 Fake tracking {harm=high}

        | a | b |
        | - | - |
        | 1 | 2 |

        #### Deeper

        Folded into RF-01.

        ## Appeals

        Within 7 days.

        """

    /// Page texts with the front matter cut in every way Handbook's reader accepts, and
    /// ones `parseBody` leaves to the full parse.
    static let pages: [(text: String, plain: Bool)] = [
        ("---\ntitle: T\nversion: \"1\"\n---\n" + body, true),
        ("---\ntitle: T\nversion: \"1\"\n---  \t\n" + body, true),
        ("---\ntitle: T\nversion: \"1\"\n...\n" + body, true),
        ("\u{FEFF}---\ntitle: T\nversion: \"1\"\n---\n" + body, true),
        ("---\ntitle: T\nversion: \"1\"\n---\n", true),
        ("---\r\ntitle: T\r\nversion: \"1\"\r\n---\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n"), false),
        (body, false),
        ("+++\ntitle = \"T\"\n+++\n" + body, false),
        ("---\ntitle: T\n---\n---\n" + body, false),
    ]

    @Test func theBodyGivesTheSectionsAndCodesOfAFullParse() throws {
        for (text, plain) in Self.pages {
            let bytes = Array(text.utf8)
            #expect((PageOutline.plainBody(bytes) != nil) == plain, "\(text.prefix(40))")
            let full = try PageOutline.parse(bytes, path: "p.md", version: "1")
            let body = try PageOutline.parseBody(bytes, path: "p.md", version: "1", title: "Given")
            #expect(body.sections == full.sections, "\(text.prefix(40))")
            #expect(body.codes == full.codes, "\(text.prefix(40))")
            #expect(body.title == "Given" && body.version == "1")
        }
        // The sample has what a diff compares: the introduction, H2 and H3 sections, a code with its harm.
        let outline = try PageOutline.parseBody(Array(Self.pages[0].text.utf8), path: "p.md", version: "1", title: "T")
        #expect(outline.sections.map(\.anchor) == ["", "scope", "rf-01", "appeals"])
        #expect(outline.codes.map(\.code) == ["RF-01"] && outline.codes.first?.harm == .high)
        #expect(outline.sections[2].text.contains("Folded into RF-01."))
    }

    @Test func unreadablePagesFailAsAFullParseDoes() {
        for text in ["---\ntitle: T\n", "---\ntitle: T\n---\nBad \u{0} byte\n"] {
            #expect(throws: HistoryError.self) { try PageOutline.parse(Array(text.utf8), path: "p.md", version: "1") }
            #expect(throws: HistoryError.self) { try PageOutline.parseBody(Array(text.utf8), path: "p.md", version: "1", title: "T") }
        }
        var invalid = Array("---\ntitle: T\n---\nok\n".utf8)
        invalid[8] = 0xFF // inside the front matter
        #expect(throws: HistoryError.self) { try PageOutline.parseBody(invalid, path: "p.md", version: "1", title: "T") }
    }

    /// An old version is parsed without the heading aliases a rendered page carries (former
    /// anchors, extra targets of the HTML): its sections, anchors and texts are those of the
    /// page rendered in full, former anchors, duplicate headings and attribute ids included.
    @Test func parsingWithoutAliasesGivesTheRenderedPagesOutline() throws {
        let text = "---\ntitle: T\nversion: \"1\"\n---\n" + Self.body + """

            ## What's a fork?

            Forks{#what-s-a-fork} and more.

            ## What\u{2019}s new in 3.2

            ### Localization/Translation

            Text.

            ## What's a fork?

            Again.

            """
        let bytes = Array(text.utf8)
        let rendered = PageRenderer.render(path: "p.md", category: "", file: nil, bytes: bytes, resolver: LinkResolver(pageIDs: [:], assets: []))
        #expect(!rendered.summary.extraAnchors.isEmpty, "the rendered page has former anchors")
        var full = try #require(PageOutline.outline(of: rendered))
        full.version = "1"
        let parsed = try PageOutline.parse(bytes, path: "p.md", version: "1")
        #expect(parsed == full)
        let body = try PageOutline.parseBody(bytes, path: "p.md", version: "1", title: full.title)
        #expect(body.sections == full.sections && body.codes == full.codes)
        #expect(full.sections.filter { $0.anchor.hasPrefix("whats-a-fork") }.count == 2, "a repeated heading, two anchors")
    }

    /// Headings written in HTML (cert-manager's API reference) are sections of an old version
    /// as of the rendered page: the section diff of a version compares them, code included.
    @Test func htmlHeadingsAreSectionsOfTheOutlineAsOfTheRenderedPage() throws {
        let text = """
            ---
            title: T
            version: "1"
            ---
            Intro.

            <h2 id="acme.cert-manager.io/v1">acme.cert-manager.io/v1</h2>
            <div>
            <p>Package v1 is the v1 version of the API.</p>
            </div>
            <h3 id="acme.cert-manager.io/v1.Challenge">Challenge</h3>
            <p>Challenge is a <code>type</code>.</p>

            <h3>RF-01 Fake tracking</h3>

            <h2 id="acme.cert-manager.io/v1">Repeated id</h2>

            <div><h2>Nested, no section</h2></div>

            ## Markdown

            Text.

            """
        let bytes = Array(text.utf8)
        let rendered = PageRenderer.render(path: "p.md", category: "", file: nil, bytes: bytes, resolver: LinkResolver(pageIDs: [:], assets: []))
        var full = try #require(PageOutline.outline(of: rendered))
        full.version = "1"
        let parsed = try PageOutline.parse(bytes, path: "p.md", version: "1")
        #expect(parsed == full)
        let body = try PageOutline.parseBody(bytes, path: "p.md", version: "1", title: full.title)
        #expect(body.sections == full.sections && body.codes == full.codes)
        #expect(full.sections.map(\.anchor) == ["", "acme.cert-manager.io/v1", "acme.cert-manager.io/v1.Challenge", "rf-01", "acme.cert-manager.io/v1-4", "markdown"], "\(full.sections)")
        #expect(full.codes.map(\.code) == ["RF-01"])
        try #require(full.sections.count == 6)
        #expect(full.sections[1].text.contains("Package v1") && full.sections[2].text.contains("Challenge is a type"), "\(full.sections)")
        #expect(full.sections[4].text.contains("Nested, no section"), "\(full.sections)")
    }
}
