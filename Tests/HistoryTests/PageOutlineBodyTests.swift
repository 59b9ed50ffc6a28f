import Foundation
import Testing
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
}
