import Foundation
import Testing
@testable import Handbook
import CasebookTestSupport

/// SOPs kept in Google Docs or Word come in as those tools' Markdown downloads: Google Docs'
/// "Download > Markdown" (every picture a `data:` address at the end of the page, headings in
/// bold, empty headings, table-of-contents links to its own heading ids), and Word converters'
/// `<img src="data:...">`. The fixtures have the form evbacher/markdown-playground's
/// test-export.md (a raw Google Docs download) shows, with pictures made for the test.
@Suite struct ImportDocumentExportTests {
    /// A PNG of `width` x `height` pixels of one colour, as base64.
    static func png(_ width: Int, _ height: Int, _ rgb: [UInt8]) -> [UInt8] {
        var raw: [UInt8] = []
        for _ in 0..<height { raw.append(0); for _ in 0..<width { raw += rgb } }
        // Stored (uncompressed) deflate blocks inside a zlib stream: no compressor needed.
        var z: [UInt8] = [0x78, 0x01]
        var i = 0
        repeat {
            let n = min(65_535, raw.count - i)
            z.append(i + n == raw.count ? 1 : 0)
            z += [UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            z += raw[i..<i + n]
            i += n
        } while i < raw.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in raw { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        let adler = (b << 16) | a
        z += [UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)]
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in body {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            crc = ~crc
            let n = UInt32(data.count)
            return [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)] + body
                + [UInt8(crc >> 24), UInt8((crc >> 16) & 0xFF), UInt8((crc >> 8) & 0xFF), UInt8(crc & 0xFF)]
        }
        func be(_ v: Int) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", be(width) + be(height) + [8, 2, 0, 0, 0])
            + chunk("IDAT", z) + chunk("IEND", [])
    }

    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    @Test func googleDocsPicturesBecomeFilesBesideThePage() throws {
        let red = Self.png(40, 20, [200, 30, 30]), green = Self.png(30, 30, [30, 200, 30]), blue = Self.png(8, 8, [30, 30, 200])
        let yellow = Self.png(6, 6, [220, 220, 0])
        let t = try TempTree([
            "export/policies/Counterfeit listings SOP.md": """
                # **Counterfeit listings SOP**

                ## **1\\. When a listing is counterfeit** {#when}

                A listing copies a brand's logo\\.

                ![][image1]

                ![A seller's reply][image2] and the same picture again: ![][image1]

                Pasted: ![](data:image/png;base64,\(Self.base64(blue))) and from Word: <img src="data:image/png;base64,\(Self.base64(yellow))" alt="Chat">

                Not a picture: ![](data:image/png;base64,aGVsbG8gd29ybGQ=) nor ![](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)

                ```markdown
                ![](data:image/png;base64,\(Self.base64(blue)))
                ```

                [image1]: <data:image/png;base64,\(Self.base64(red))>

                [image2]: <data:image/png;base64,\(Self.base64(green))>
                """,
            // A file of the corpus with the name the first picture would take.
            "export/policies/images/counterfeit-listings-sop-image1.png": "the corpus' own",
        ])
        let report = try t.importDocs("export")
        let page = t.read("Content/policies/Counterfeit listings SOP.md") ?? ""
        // Each distinct picture once, named by its label, numbered on past the corpus' own file.
        let folder = t.path("Content/policies/images/")
        func written(_ name: String) -> [UInt8]? { FileManager.default.contents(atPath: folder + name).map { [UInt8]($0) } }
        #expect(written("counterfeit-listings-sop-image1-2.png") == red, "the first picture")
        #expect(written("counterfeit-listings-sop-image2.png") == green, "the second picture")
        #expect(written("counterfeit-listings-sop-picture-1.png") == blue, "the pasted picture")
        #expect(written("counterfeit-listings-sop-picture-2.png") == yellow, "Word's picture")
        #expect(t.read("Content/policies/images/counterfeit-listings-sop-image1.png") == "the corpus' own")
        #expect(page.contains("[image1]: <images/counterfeit-listings-sop-image1-2.png>"), "\(page)")
        #expect(page.contains("[image2]: <images/counterfeit-listings-sop-image2.png>"), "\(page)")
        #expect(page.contains("Pasted: ![](images/counterfeit-listings-sop-picture-1.png) and from Word: <img src=\"images/counterfeit-listings-sop-picture-2.png\" alt=\"Chat\">"), "\(page)")
        // What is not a PNG, JPEG, GIF or WebP is left as written, with its line; code untouched.
        #expect(page.contains("![](data:image/png;base64,aGVsbG8gd29ybGQ=) nor ![](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)"))
        #expect(page.contains("```markdown\n![](data:image/png;base64,\(Self.base64(blue)))\n```"))
        #expect(report.notes.contains { $0.hasPrefix("policies/Counterfeit listings SOP.md:13: a picture written as a data: address is not a PNG") })
        #expect(report.notes.contains { $0.hasPrefix("policies/Counterfeit listings SOP.md:13: a picture written as a data: address is an SVG picture") })
        #expect(report.notes.contains { $0.contains("4 pictures written into pages as data: addresses") && $0.contains("5 pictures have no description") }, "\(report.notes)")
        #expect(report.assets.contains("policies/images/counterfeit-listings-sop-picture-1.png"))
        // Headings wholly in bold are plain, their anchor kept.
        #expect(page.hasPrefix("# Counterfeit listings SOP\n\n## 1\\. When a listing is counterfeit {#when}\n"), "\(page)")

        // The build copies the pictures into the site's media and shows them.
        let h = try Handbook.load(content: t.path("Content"))
        let html = try #require(h.rendered["policies/Counterfeit listings SOP.md"]?.html)
        #expect(html.contains("images/counterfeit-listings-sop-image2.png\" alt=\"A seller"), "\(html)")
        #expect(!html.contains("src=\"data:image/png;base64,iVBOR"), "\(html)")
    }

    @Test func aSecondImportKeepsThePageAndWritesNoPicture() throws {
        let red = Self.png(4, 4, [200, 30, 30])
        let t = try TempTree([
            "export/a.md": "# A\n\n![][image1]\n\n[image1]: <data:image/png;base64,\(Self.base64(red))>\n",
            "Content/a.md": "# A, edited by hand\n",
        ])
        let report = try t.importDocs("export")
        #expect(t.read("Content/a.md") == "# A, edited by hand\n")
        #expect(!t.exists("Content/images/a-image1.png"))
        #expect(report.kept == ["a.md"])
    }

    @Test func emptyHeadingsAreLeftOutAndGoogleDocsHeadingLinksLeadToTheirHeading() throws {
        let t = try TempTree([
            "export/guide.md": """
                [Bugs](\\#heading=h.s045t7da0oww)

                [Escalation **paths**](#heading=h.abc123)

                [Twice](\\#heading=h.twice)

                [Nowhere](\\#heading=h.zzz)

                # Headings {#headings}

                #   \t

                ###   

                ## Bugs

                ## Escalation paths

                ## Twice

                ### Twice

                ```
                #
                ```
                """,
            "export/other.md": "# Other\n\n##\n\nText.\n",
        ])
        let report = try t.importDocs("export")
        // The cleanup note names the first file and how many more (it read as all in guide.md).
        #expect(report.notes.contains { $0.hasPrefix("guide.md and 1 more file: 3 headings with no text left out") }, "\(report.notes)")
        let page = t.read("Content/guide.md") ?? ""
        #expect(page.contains("[Bugs](#bugs)\n\n[Escalation **paths**](#escalation-paths)\n\n[Twice](\\#heading=h.twice)\n\n[Nowhere](\\#heading=h.zzz)\n"), "\(page)")
        #expect(page.contains("# Headings {#headings}\n\n\n\n\n\n## Bugs"), "\(page)")
        #expect(page.contains("```\n#\n```"))
        #expect(report.notes.contains { $0 == "guide.md and 1 more file: 3 headings with no text left out; 2 links to a Google Docs heading id (#heading=h....) led to the heading named by the link's text" }, "\(report.notes)")
        // The two left (a text two headings have, and none) are the build's broken links.
        let h = try Handbook.load(content: t.path("Content"), links: .warn)
        let broken = h.diagnostics.filter { $0.message.contains("heading=h.") }
        #expect(broken.count == 2, "\(h.diagnostics)")
        let html = try #require(h.rendered["guide.md"]?.html)
        #expect(html.contains("<h2 id=\"bugs\">Bugs</h2>") && !html.contains("id=\"section-"), "\(html)")
    }

    /// A Google Docs or Word SOP downloaded as Markdown opens with its document-control table
    /// or its information table: read as the Word import reads them (the page's version,
    /// effective date and change log, the table gone), and left alone in a page that has
    /// front matter or starts with something else.
    @Test func aDownloadedSOPsDocumentControlTableGivesItsVersionAndChangeLog() throws {
        let t = try TempTree([
            "export/counterfeit.md": """
                # Counterfeit listings

                | **Version** | **Date** | **Author** | **Changes** |
                | :---- | :---- | :---- | :---- |
                | 1.1 | 15 September 2025 | Siti A. | Added IP-03 |
                | 2.0 | 1 Sep 2026 | Somchai P. | Rewrote the scope |

                ## Scope

                Listings only.
                """,
            "export/streams.md": """
                | Document ID | TS-SOP-014 | Version | v3.2 |
                | :---- | :---- | :---- | :---- |
                | Owner | Live Commerce Safety | Effective date | 1 March 2026 |

                Text.
                """,
            "export/styled.md": """
                ---
                title: Styled
                ---

                | Version | Date | Changes |
                | --- | --- | --- |
                | 1.0 | 2026-01-05 | First |
                """,
            "export/later.md": """
                Intro.

                | Version | Date | Changes |
                | --- | --- | --- |
                | 1.0 | 2026-01-05 | First |
                """,
        ])
        let report = try t.importDocs("export")
        let counterfeit = try #require(t.read("Content/counterfeit.md"))
        #expect(counterfeit.contains("version: \"2.0\"\neffective: 2026-09-01\nchanges:\n  - version: \"2.0\"\n    date: 2026-09-01\n    summary: Rewrote the scope\n  - version: \"1.1\"\n"), "\(counterfeit)")
        #expect(!counterfeit.contains("Siti") && !counterfeit.contains("| 1.1 |") && counterfeit.contains("## Scope"), "\(counterfeit)")
        let streams = try #require(t.read("Content/streams.md"))
        #expect(streams.contains("version: \"3.2\"\neffective: 2026-03-01\n"), "\(streams)")
        #expect(streams.contains("| Owner | Live Commerce Safety | Effective date | 1 March 2026 |"), "the table says more: it stays\n\(streams)")
        #expect(t.read("Content/styled.md")?.contains("| 1.0 | 2026-01-05 | First |") == true)
        #expect(t.read("Content/later.md")?.contains("| 1.0 | 2026-01-05 | First |") == true)
        #expect(t.read("Content/later.md")?.contains("version:") == false)
        #expect(report.notes.contains("counterfeit.md and 1 more page: the document-control or information table at the top read as the page's version, effective date and change log (names in it not copied)"), "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(h.page(id: "counterfeit")?.meta.version == "2.0")
        #expect(h.page(id: "counterfeit")?.meta.changes.count == 2)
        #expect(h.page(id: "streams")?.meta.version == "3.2")
    }

    /// The same page put straight into `Content/` (no import): the build warns of empty
    /// headings once for the whole build, naming the first and how many (mkdocs-material's
    /// reference pages, whose settings are headings holding only an HTML comment, gave 118
    /// warnings, one per heading, burying the broken links).
    @Test func aHeadingWithNoTextIsWarnedAboutByTheBuild() throws {
        let t = try TempTree(["Content/guide.md": "# Guide\n\nText.\n\n## \t\n\nMore.\n\n## Scope\n\n###\n",
                              "Content/settings.md": "# Settings\n\n#### <!-- md:setting config.sla_hours -->\n\nHours.\n\n#### <!-- md:setting config.auto_close -->\n\nDays.\n"])
        let h = try Handbook.load(content: t.path("Content"))
        let empty = h.diagnostics.filter { $0.message.hasPrefix("heading with no text") }
        #expect(empty.count == 1, "\(h.diagnostics)")
        #expect(empty.first?.file.hasSuffix("guide.md") == true && empty.first?.line == 5 && empty.first?.severity == .warning)
        #expect(empty.first?.message.hasSuffix("(4 times in 2 files; shown once)") == true, "\(empty)")
    }

    /// A hostile page: one line of 200,000 `](data:` with no closing parenthesis, and as many
    /// `]: data:` that are no reference definition. Each was scanned to the end of the line.
    @Test(.timeLimit(.minutes(1)))
    func aLineOfManyUnclosedDataAddressesIsReadOnce() {
        let line = String(repeating: "![](data:image/png;base64,AAAA ", count: 20_000) + String(repeating: "x]: data:image/png;base64,AAAA ", count: 20_000)
        let started = Date()
        let r = EmbeddedPictures.extract("# Page\n\n" + line + "\n", stem: "page")
        #expect(r.pictures.isEmpty && r.text.hasSuffix(line + "\n"))
        #expect(Date().timeIntervalSince(started) < 10, "\(Date().timeIntervalSince(started)) s")
    }
}
