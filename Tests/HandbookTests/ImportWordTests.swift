import Foundation
import Testing
@testable import Handbook
import CasebookTestSupport

/// SOPs kept as Word documents come in as pages (`casebook import-docs FOLDER --to Content`).
/// The documents are written for the tests (WordFixture) with the markup Word itself writes:
/// runs split anywhere, styles by id with English names, lists through numbering.xml,
/// links and pictures through relationships.
@Suite struct ImportWordTests {
    typealias W = WordFixture

    func cell(_ content: String, _ properties: String = "") -> String {
        "<w:tc>" + (properties.isEmpty ? "" : "<w:tcPr>" + properties + "</w:tcPr>") + content + "</w:tc>"
    }

    func table(_ rows: [[String]]) -> String {
        "<w:tbl>" + rows.map { "<w:tr>" + $0.joined() + "</w:tr>" }.joined() + "</w:tbl>"
    }

    @Test func aWordSOPBecomesAPageWithItsHeadingsListsTablesAndBoxes() throws {
        let body = [
            W.p(W.r("Counterfeit listings"), style: "Title"),
            W.p(W.r("Purpose"), style: "Heading1"),
            // Word splits runs anywhere (spelling marks, edits): one bold phrase in three runs.
            W.p(W.r("Look for ") + W.r("two or ", "<w:b/>") + "<w:proofErr w:type=\"spellStart\"/>" + W.r("more", "<w:b/>")
                + W.r(" signs; use ") + W.r("remove", "<w:rFonts w:ascii=\"Consolas\" w:hAnsi=\"Consolas\"/>") + W.r(" and "
                + "*not* #1.")),
            W.p(W.r("Signs"), style: "Heading2"),
            W.p(W.r("Price below 30% of retail"), list: (1, 0)),
            W.p(W.r("Brand Price Guide", "<w:i/>"), list: (1, 1)),
            W.p(W.r("Wording such as \"ORI\""), style: "ListBullet"),
            W.p(W.r("Check the shop"), list: (2, 0)),
            W.p(W.r("Decide"), list: (2, 0)),
            W.p(W.r("1. This line starts like a list")),
            W.p(W.r("First line") + "<w:r><w:br/></w:r>" + W.r("second line")),
            W.p(W.r("Be kind to sellers."), style: "Quote"),
            W.p(W.r("IP-01 Counterfeit branded goods"), style: "MyHeading"),
            // A table with a header row, a cell spanning two columns and a cell merged downwards.
            table([
                [cell(W.p(W.r("Evidence"))), cell(W.p(W.r("Accept?"))), cell(W.p(W.r("Note")))],
                [cell(W.p(W.r("Invoice | receipt")), "<w:vMerge w:val=\"restart\"/>"), cell(W.p(W.r("Yes")) + W.p(W.r("if under 12 months")), "<w:gridSpan w:val=\"2\"/>")],
                [cell(W.p(""), "<w:vMerge/>"), cell(W.p(W.r("No"))), cell(W.p(W.r("Easy to fake")))],
            ]),
            // A table with empty cells only (a form left blank) shows nothing.
            table([[cell(W.p("")), cell(W.p(""))], [cell(W.p("")), cell(W.p(""))]]),
            // A one-cell table: Word's call-out box.
            table([[cell(W.p(W.r("Note:", "<w:b/>") + W.r(" escalate brand-owner cases.")) + W.p(W.r("Within 24 hours."), list: (1, 0)))]]),
            W.p(W.r("curl -X POST /api/cases"), style: "SourceCode"),
            W.p(W.r("  --data @case.json"), style: "SourceCode"),
        ].joined()
        let t = try TempTree()
        try W.write(W.parts(body: body, modified: "2026-09-01T10:00:00Z"), to: t.path("drive/Policies/Counterfeit Listings SOP.docx"))
        let report = try t.importDocs("drive")
        let page = try #require(t.read("Content/policies/counterfeit-listings-sop.md"), "\(report.pages)")
        #expect(page == """
            ---
            title: Counterfeit listings
            effective: 2026-09-01
            ---

            ## Purpose

            Look for **two or more** signs; use `remove` and \\*not\\* #1.

            ### Signs

            - Price below 30% of retail
              - *Brand Price Guide*
            - Wording such as "ORI"

            1. Check the shop
            2. Decide

            1\\. This line starts like a list

            First line\\
            second line

            > Be kind to sellers.

            ### IP-01 Counterfeit branded goods

            | Evidence | Accept? | Note |
            | --- | --- | --- |
            | Invoice \\| receipt | Yes<br>if under 12 months |  |
            |  | No | Easy to fake |

            > **Note:** escalate brand-owner cases.
            >
            > - Within 24 hours.

            ```
            curl -X POST /api/cases
              --data @case.json
            ```

            """, "\(page)")
        #expect(report.framework == "Word")
        // The people in the document's properties are never copied.
        #expect(!page.contains("Ayu") && !page.contains("Somchai"))
        // The page builds, its policy code defined by the heading.
        let h = try Handbook.load(content: t.path("Content"))
        #expect(h.rendered["policies/counterfeit-listings-sop.md"]?.html.contains("<blockquote") == true)
    }

    @Test func linksLeadToWebAddressesTheDocumentsHeadingsAndTheOtherDocuments() throws {
        let body = [
            W.p(W.r("Escalation"), style: "Heading1"),
            W.p("<w:hyperlink r:id=\"rIdWeb\">" + W.r("the brand registry", "<w:rStyle w:val=\"Hyperlink\"/>") + "</w:hyperlink>"
                + W.r(", ") + "<w:hyperlink w:anchor=\"_Ref123\">" + W.r("the SLA") + "</w:hyperlink>"
                + W.r(", ") + "<w:hyperlink r:id=\"rIdDoc\">" + W.r("appeals") + "</w:hyperlink>"
                + W.r(", ") + "<w:hyperlink r:id=\"rIdFile\">" + W.r("the shared drive") + "</w:hyperlink>"
                + W.r(", ") + "<w:hyperlink w:anchor=\"nowhere\">" + W.r("a lost bookmark") + "</w:hyperlink>"
                // A field-code link (older documents, and REF cross-references).
                + "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> HYPERLINK \"https://example.com/policy\" \\o \"tip\" </w:instrText></w:r>"
                + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" + W.r("policy") + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"),
            W.p("<w:bookmarkStart w:id=\"1\" w:name=\"_Ref123\"/>" + W.r("Service levels") + "<w:bookmarkEnd w:id=\"1\"/>", style: "Heading1"),
            W.p(W.r("24 hours.")),
            W.p(W.r("Purpose"), style: "Heading1"),
        ].joined()
        let rels: [W.Relationship] = [
            .link("rIdWeb", "https://brands.example.com/registry"),
            .link("rIdDoc", "Sellers/Appeals%20SOP.docx"),
            .link("rIdFile", "file:///S:/Trust/SOPs/old.xlsx"),
        ]
        let t = try TempTree()
        try W.write(W.parts(body: body, relationships: rels), to: t.path("drive/Escalation SOP.docx"))
        try W.write(W.parts(body: W.p(W.r("Appeals"), style: "Heading1") + W.p(W.r("How appeals work."))), to: t.path("drive/Sellers/Appeals SOP.docx"))
        let report = try t.importDocs("drive")
        let page = try #require(t.read("Content/escalation-sop.md"))
        #expect(page.contains("[the brand registry](https://brands.example.com/registry), [the SLA](#service-levels), [appeals](sellers/appeals-sop.md), the shared drive, a lost bookmark[policy](https://example.com/policy)"), "\(page)")
        // Three headings 1 and no title style: the headings stay (the title is the file's name).
        #expect(page.contains("title: Escalation SOP\n"), "\(page)")
        #expect(page.contains("\n## Service levels\n"), "\(page)")
        // The other document's single leading heading 1 is its title.
        let appeals = try #require(t.read("Content/sellers/appeals-sop.md"))
        #expect(appeals.hasPrefix("---\ntitle: Appeals\n---\n\nHow appeals work.\n"), "\(appeals)")
        #expect(report.notes.contains { $0.hasPrefix("Escalation SOP.docx: 1 link to a file on a computer or network drive") }, "\(report.notes)")
        #expect(report.notes.contains { $0.hasPrefix("Escalation SOP.docx: 1 link to a bookmark that is not a heading") }, "\(report.notes)")
        // Every link resolves in the build.
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.severity == .error || $0.message.contains("link") }, "\(h.diagnostics)")
    }

    /// "See section 4.2 of the Appeals SOP": Word links to a heading of another document by
    /// its bookmark (a hyperlink to `Appeals SOP.docx` with `w:anchor`, or a `HYPERLINK
    /// "Appeals SOP.docx" \\l "..."` field). The link led to the top of the other page; it
    /// leads to that heading's anchor, and to the page alone when the bookmark is in no
    /// heading there, or the document has no such bookmark.
    @Test func aLinkToAnotherDocumentsBookmarkLeadsToThatHeading() throws {
        let body = [
            W.p(W.r("Escalation"), style: "Heading1"),
            W.p("<w:hyperlink r:id=\"rIdDoc\" w:anchor=\"_Ref777\">" + W.r("the appeal window") + "</w:hyperlink>"
                + W.r(", ") + "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> HYPERLINK \"Sellers/Appeals%20SOP.docx\" \\l \"_Toc42\" </w:instrText></w:r>"
                + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" + W.r("evidence") + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
                + W.r(", ") + "<w:hyperlink r:id=\"rIdDoc\" w:anchor=\"nowhere\">" + W.r("appeals") + "</w:hyperlink>"),
        ].joined()
        let appeals = [
            W.p(W.r("Appeals"), style: "Heading1"),
            W.p(W.r("How appeals work.")),
            W.p("<w:bookmarkStart w:id=\"1\" w:name=\"_Ref777\"/>" + W.r("Appeal window") + "<w:bookmarkEnd w:id=\"1\"/>", style: "Heading2"),
            W.p(W.r("Fourteen days.")),
            W.p("<w:bookmarkStart w:id=\"2\" w:name=\"_Toc42\"/>" + W.r("Evidence sellers send") + "<w:bookmarkEnd w:id=\"2\"/>", style: "Heading2"),
            W.p(W.r("Invoices.")),
        ].joined()
        let t = try TempTree()
        try W.write(W.parts(body: body, relationships: [.link("rIdDoc", "Sellers/Appeals%20SOP.docx")]), to: t.path("drive/Escalation SOP.docx"))
        try W.write(W.parts(body: appeals), to: t.path("drive/Sellers/Appeals SOP.docx"))
        _ = try t.importDocs("drive")
        let page = try #require(t.read("Content/escalation-sop.md"))
        #expect(page.contains("[the appeal window](sellers/appeals-sop.md#appeal-window), [evidence](sellers/appeals-sop.md#evidence-sellers-send), [appeals](sellers/appeals-sop.md)"), "\(page)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.severity == .error || $0.message.contains("anchor") || $0.message.contains("link") }, "\(h.diagnostics)")
    }

    @Test func picturesAreWrittenBesideThePageWithTheirDescriptions() throws {
        let png = ImportDocumentExportTests.png(12, 8, [200, 30, 30])
        func drawing(_ id: String, _ description: String) -> String {
            "<w:r><w:drawing><wp:inline><wp:docPr id=\"1\" name=\"Picture 1\" descr=\"\(description)\"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed=\"\(id)\"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        }
        let body = [
            W.p(W.r("Screenshots"), style: "Heading2"),
            W.p(drawing("rIdPic", "A listing with a blurred logo")),
            W.p(W.r("Again: ") + drawing("rIdPic", "")),
            W.p(drawing("rIdEmf", "Workflow diagram")),
        ].joined()
        let emf: [UInt8] = [0x01, 0x00, 0x00, 0x00] + Array(repeating: 0, count: 60)
        let t = try TempTree()
        try W.write(W.parts(body: body, relationships: [.image("rIdPic", "media/image1.png"), .image("rIdEmf", "media/image2.emf")],
                            media: ["media/image1.png": png, "media/image2.emf": emf]), to: t.path("drive/Live/Stream Checks.docx"))
        let report = try t.importDocs("drive")
        let page = try #require(t.read("Content/live/stream-checks.md"))
        #expect(page.contains("![A listing with a blurred logo](images/stream-checks-image1.png)"), "\(page)")
        #expect(page.contains("Again: ![](images/stream-checks-image1.png)"), "\(page)")
        #expect(page.contains("*\\[Workflow diagram\\]*"), "\(page)")
        #expect(FileManager.default.contents(atPath: t.path("Content/live/images/stream-checks-image1.png")).map { [UInt8]($0) } == png)
        #expect(!t.exists("Content/live/images/stream-checks-image2.emf"))
        #expect(report.notes.contains { $0.hasPrefix("Live/Stream Checks.docx: 1 picture in EMF, a format browsers do not show") }, "\(report.notes)")
        #expect(report.notes.first?.contains("1 picture written beside the pages (1 without alternative text") == true, "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(h.rendered["live/stream-checks.md"]?.html.contains("alt=\"A listing with a blurred logo\"") == true)
    }

    /// Word shows an embedded object (a MathType equation, an Excel table) as a picture of it.
    /// The note names what was left out, once: 41 MathType equations were reported as "41
    /// pictures in WMF" and again as "41 embedded objects (a spreadsheet, another document)".
    @Test func embeddedObjectsAreNamedForWhatTheyAreAndCountedOnce() throws {
        func object(_ progID: String, picture: String) -> String {
            "<w:r><w:object w:dxaOrig=\"2400\" w:dyaOrig=\"360\"><v:shape id=\"s-\(picture)\" style=\"width:120pt;height:18pt\" o:ole=\"\">"
                + "<v:imagedata r:id=\"\(picture)\" o:title=\"\"/></v:shape><o:OLEObject Type=\"Embed\" ProgID=\"\(progID)\" ShapeID=\"s-\(picture)\" r:id=\"rIdOle\"/></w:object></w:r>"
        }
        let wmf: [UInt8] = [0xD7, 0xCD, 0xC6, 0x9A] + Array(repeating: 0, count: 60)
        let png = ImportDocumentExportTests.png(12, 8, [30, 120, 30])
        let body = [
            W.p(W.r("Refund limits"), style: "Heading2"),
            W.p(W.r("The cap is ") + object("Equation.DSMT4", picture: "rIdEq1") + W.r(", and the fee ") + object("Equation.3", picture: "rIdEq2")),
            W.p(object("Excel.Sheet.12", picture: "rIdSheet")),
            W.p(object("Word.Document.12", picture: "rIdDoc")),
            W.p("<w:r><w:pict><v:shape><v:imagedata r:id=\"rIdPlain\" o:title=\"Queue diagram\"/></v:shape></w:pict></w:r>"),
        ].joined()
        let t = try TempTree()
        try W.write(W.parts(body: body, relationships: [.image("rIdEq1", "media/image1.wmf"), .image("rIdEq2", "media/image2.wmf"),
                                                        .image("rIdSheet", "media/image3.png"), .image("rIdDoc", "media/image4.wmf"),
                                                        .image("rIdPlain", "media/image5.wmf")],
                            media: ["media/image1.wmf": wmf, "media/image2.wmf": wmf, "media/image3.png": png, "media/image4.wmf": wmf,
                                    "media/image5.wmf": wmf]), to: t.path("drive/Refunds.docx"))
        let report = try t.importDocs("drive")
        let notes = report.notes.filter { $0.hasPrefix("Refunds.docx:") }
        #expect(notes.contains("Refunds.docx: 2 equations of Equation Editor or MathType left out (Word shows them as pictures in a format browsers do not show): write them again with Insert > Equation, or add them to the page as PNG pictures"), "\(notes)")
        #expect(notes.contains("Refunds.docx: 1 embedded document left out: add what it shows to the page as text, a table or a PNG picture"), "\(notes)")
        #expect(notes.contains("Refunds.docx: 1 embedded spreadsheet shown as its picture only; the object itself is not copied"), "\(notes)")
        // Only the picture that is no object's is a picture in WMF.
        #expect(notes.contains { $0.hasPrefix("Refunds.docx: 1 picture in WMF, a format browsers do not show") }, "\(notes)")
        #expect(!notes.contains { $0.contains("pictures in WMF") || $0.contains("(a spreadsheet, another document)") }, "\(notes)")
        let page = try #require(t.read("Content/refunds.md"))
        #expect(page.contains("](images/refunds-image3.png)"), "\(page)")
    }

    @Test func trackedChangesCommentsHiddenTextAndWordsTableOfContentsAreReadAsWordShowsThem() throws {
        let body = [
            "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/></w:docPartObj></w:sdtPr><w:sdtContent>"
                + W.p(W.r("Contents")) + W.p(W.r("Scope 1"), style: "TOC1") + "</w:sdtContent></w:sdt>",
            W.p(W.r("Scope"), style: "Heading2"),
            W.p(W.r("Remove ") + "<w:del w:id=\"1\" w:author=\"Ayu\"><w:r><w:delText>fake</w:delText></w:r></w:del>"
                + "<w:ins w:id=\"2\" w:author=\"Ayu\">" + W.r("counterfeit") + "</w:ins>" + W.r(" goods")
                + "<w:commentRangeStart w:id=\"0\"/>" + W.r(" now.") + "<w:commentRangeEnd w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r>"
                + W.r(" internal draft note", "<w:vanish/>")
                + "<w:r><w:footnoteReference w:id=\"1\"/></w:r>"),
            W.p(W.r("E = mc") + W.r("2", "<w:vertAlign w:val=\"superscript\"/>") + W.r(" and H") + W.r("2", "<w:vertAlign w:val=\"subscript\"/>") + W.r("O")),
        ].joined()
        let t = try TempTree()
        try W.write(W.parts(body: body, footnotes: ["1": W.p("<w:r><w:footnoteRef/></w:r>" + W.r(" Since the 2026 update."))]), to: t.path("drive/Scope.docx"))
        let report = try t.importDocs("drive")
        let page = try #require(t.read("Content/scope.md"))
        #expect(page.hasSuffix("""
            ---

            ## Scope

            Remove counterfeit goods now.<sup>1</sup>

            E = mc<sup>2</sup> and H<sub>2</sub>O

            ## Notes

            1. Since the 2026 update.

            """), "\(page)")
        #expect(report.notes.contains { $0.hasPrefix("Scope.docx: tracked changes read as accepted (2 changes") }, "\(report.notes)")
        #expect(report.notes.contains { $0 == "Scope.docx: 1 comment left out" }, "\(report.notes)")
        #expect(report.notes.first?.contains("Word's table of contents left out of 1") == true, "\(report.notes)")
    }

    @Test func formattingThatMarkdownWouldMisreadIsWrittenSoItReadsTheSame() throws {
        let body = [
            // Bold ending in punctuation before a letter: ** would not close there.
            W.p(W.r("Use the") + W.r("\"ORI\"", "<w:b/>") + W.r("word, ") + W.r("\"KW\"", "<w:b/>") + W.r("-style wording; ") + W.r("a`b", "<w:rFonts w:ascii=\"Courier New\"/>")
                + W.r(" and ") + W.r("struck", "<w:strike/>") + W.r(" ~approx~ 5 [sic] <b> a_b _c_")),
            W.p(W.r("# not a heading")),
            W.p(W.r("- not a list")),
            W.p(W.r("Bold", "<w:rStyle w:val=\"Strong\"/>") + W.r(" by style")),
            // An anchor typed after a heading (pandoc keeps a Markdown heading's) is its anchor.
            W.p(W.r("Scope {#scope}"), style: "Heading2"),
        ].joined()
        let t = try TempTree()
        try W.write(W.parts(body: body, title: "Formatting"), to: t.path("drive/formatting.docx"))
        _ = try t.importDocs("drive")
        let page = try #require(t.read("Content/formatting.md"))
        #expect(page.contains("title: Formatting\n"), "\(page)")
        #expect(page.contains("Use the<strong>\"ORI\"</strong>word, **\"KW\"**-style wording; ``a`b`` and ~~struck~~ \\~approx\\~ 5 \\[sic\\] \\<b> a_b \\_c\\_\n"), "\(page)")
        #expect(page.contains("\n\\# not a heading\n"), "\(page)")
        #expect(page.contains("\n\\- not a list\n"), "\(page)")
        #expect(page.contains("\n**Bold** by style\n"), "\(page)")
        #expect(page.contains("\n## Scope {#scope}\n"), "\(page)")
        // What the site shows is the document's text.
        let h = try Handbook.load(content: t.path("Content"))
        let html = try #require(h.rendered["formatting.md"]?.html)
        #expect(html.contains("the<strong>&quot;ORI&quot;</strong>word, <strong>&quot;KW&quot;</strong>-style"), "\(html)")
        #expect(html.contains("<code>a`b</code>"), "\(html)")
        #expect(html.contains("~approx~ 5 [sic] &lt;b&gt; a_b _c_"), "\(html)")
    }

    @Test func translationsGoBesideTheirOriginalWithTheirLanguage() throws {
        let t = try TempTree()
        func doc(_ text: String) -> [String: [UInt8]] { W.parts(body: W.p(W.r(text), style: "Title") + W.p(W.r("IP-01 Counterfeit"), style: "Heading2")) }
        try W.write(doc("Counterfeit SOP"), to: t.path("drive/Counterfeit SOP (EN).docx"))
        try W.write(doc("SOP Barang Palsu"), to: t.path("drive/Counterfeit SOP (ID).docx"))
        try W.write(doc("SOP สินค้าปลอม"), to: t.path("drive/Counterfeit SOP_th.docx"))
        try W.write(W.parts(body: W.p(W.r("Italy market notes"))), to: t.path("drive/Market-it.docx"))
        _ = try t.importDocs("drive")
        #expect(t.read("Content/counterfeit-sop.md")?.contains("id: counterfeit-sop\ntitle: Counterfeit SOP\n") == true, "\(t.read("Content/counterfeit-sop.md") ?? "")")
        #expect(t.read("Content/counterfeit-sop.id.md")?.contains("lang: id\ntranslation_of: counterfeit-sop\n") == true)
        #expect(t.read("Content/counterfeit-sop.th.md")?.contains("lang: th\ntranslation_of: counterfeit-sop\n") == true)
        // A name ending like a language with no original beside it is a page of its own.
        #expect(t.exists("Content/market-it.md"))
        // One code defined once: the build has no error.
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.severity == .error }, "\(h.diagnostics)")
    }

    @Test func documentsThatCannotBeReadAreNamedAndTheOthersComeIn() throws {
        let t = try TempTree()
        try W.write(W.parts(body: W.p(W.r("Fine."))), to: t.path("drive/good.docx"))
        // An old binary .doc renamed .docx (an OLE file, as password-protected documents are too).
        try t.write("drive/old.docx", bytes: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504))
        try t.write("drive/notes.docx", "just text")
        var broken = W.parts(body: W.p(W.r("x")))
        broken["word/document.xml"] = Array("<?xml version=\"1.0\"?>\n<w:document \(W.namespaces)>\n<w:body>\n<w:p></w:body>".utf8)
        try W.write(broken, to: t.path("drive/broken.docx"))
        var deep = W.parts(body: "")
        deep["word/document.xml"] = Array(("<w:document \(W.namespaces)><w:body>" + String(repeating: "<w:sdt>", count: 400) + String(repeating: "</w:sdt>", count: 400) + "</w:body></w:document>").utf8)
        try W.write(deep, to: t.path("drive/deep.docx"))
        var other = W.parts(body: "")
        other["word/document.xml"] = nil
        try W.write(other, to: t.path("drive/spreadsheet.docx"))
        try t.write("drive/~$good.docx", "Word's lock file")
        try t.write("drive/legacy.doc", "old")
        let report = try t.importDocs("drive")
        #expect(report.pages == ["good.md"], "\(report.pages)")
        let notes = report.notes.joined(separator: "\n")
        #expect(notes.contains("old.docx: an old Word .doc or a password-protected document, not a .docx: open it in Word and save it as a .docx"), "\(notes)")
        #expect(notes.contains("notes.docx: not a Word document that can be read ("), "\(notes)")
        #expect(notes.contains("broken.docx: word/document.xml, line 4: "), "\(notes)")
        #expect(notes.contains("deep.docx: word/document.xml, line 1: elements nested more than 256 deep; the document is damaged or hostile"), "\(notes)")
        #expect(notes.contains("spreadsheet.docx: no word/document.xml inside"), "\(notes)")
        #expect(notes.contains("legacy.doc: an old Word .doc: open it in Word and save it as a .docx"), "\(notes)")
        #expect(!notes.contains("~$good"), "\(notes)")
        // One document that cannot be read: an error naming it, nothing written.
        let u = try TempTree()
        try u.write("drive/old.docx", bytes: [0xD0, 0xCF, 0x11, 0xE0] + Array(repeating: 0, count: 60))
        #expect(throws: DocsImportError.self) { try DocsImport.run(source: u.path("drive/old.docx"), destination: u.path("Content"), tool: nil) }
        #expect(!u.exists("Content"))
    }

    /// LibreOffice writes a numbered list's first item under a numId of its own (restarting the
    /// count) and the others under the list's: one list, numbered on, as Word shows it.
    @Test func numbersCountOnThroughTheNumIdsOfOneListAndRestartWhereWordRestartsThem() throws {
        let numbering = """
            <w:abstractNum w:abstractNumId="20"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
            <w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>
            <w:num w:numId="8"><w:abstractNumId w:val="20"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
            <w:num w:numId="9"><w:abstractNumId w:val="20"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
            """
        let body = [
            W.p(W.r("Price"), list: (8, 0)), W.p(W.r("Wording"), list: (2, 0)), W.p(W.r("Photos"), list: (2, 0)),
            W.p(W.r("Then:")),
            W.p(W.r("Check"), list: (9, 0)), W.p(W.r("Decide"), list: (2, 0)),
        ].joined()
        let t = try TempTree()
        try W.write(W.parts(body: body, title: "Lists", numbering: numbering), to: t.path("drive/lists.docx"))
        _ = try t.importDocs("drive")
        let page = try #require(t.read("Content/lists.md"))
        #expect(page.hasSuffix("---\n\n1. Price\n2. Wording\n3. Photos\n\nThen:\n\n1. Check\n2. Decide\n"), "\(page)")
    }

    /// Found on pandoc's Word test documents and on SOP templates: checklists (boxes as
    /// bullets, checkbox controls, boxes typed from Wingdings) came in as plain bullets or
    /// lost their boxes; Wingdings ticks and crosses read as `ü` and `û`; a drop cap stood as
    /// a paragraph of one letter; a letter in a monospaced font made a code span inside a
    /// word; a cover page's spacing rows made empty table rows.
    @Test func checklistsSymbolsDropCapsAndStrayFontsReadAsWordShowsThem() throws {
        let numbering = """
            <w:abstractNum w:abstractNumId="30"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\u{F0A8}"/><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr></w:lvl></w:abstractNum>
            <w:abstractNum w:abstractNumId="31"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="☒"/></w:lvl></w:abstractNum>
            <w:abstractNum w:abstractNumId="32"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\u{F0B7}"/><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr></w:lvl></w:abstractNum>
            <w:num w:numId="3"><w:abstractNumId w:val="30"/></w:num>
            <w:num w:numId="4"><w:abstractNumId w:val="31"/></w:num>
            <w:num w:numId="5"><w:abstractNumId w:val="32"/></w:num>
            <w:abstractNum w:abstractNumId="33"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
            <w:abstractNum w:abstractNumId="34"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
            <w:num w:numId="6"><w:abstractNumId w:val="33"/></w:num>
            <w:num w:numId="7"><w:abstractNumId w:val="34"/></w:num>
            """
        let wingdings = "<w:rFonts w:ascii=\"Wingdings\" w:hAnsi=\"Wingdings\"/>"
        let checkbox = "<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val=\"1\"/></w14:checkbox></w:sdtPr><w:sdtContent>"
            + W.r("☒", "<w:rFonts w:ascii=\"MS Gothic\" w:hAnsi=\"MS Gothic\"/>") + "</w:sdtContent></w:sdt>"
        let body = [
            "<w:p><w:pPr><w:framePr w:dropCap=\"drop\" w:lines=\"3\"/></w:pPr>" + W.r("B") + "</w:p>",
            W.p(W.r("efore a stream is ended, check:")),
            W.p(W.r("The clip is saved"), list: (3, 0)),
            W.p(W.r("☒ The seller was warned"), list: (3, 0)),
            W.p(W.r("The seller was warned before"), list: (5, 0)),
            W.p(W.r("Then:")),
            W.p(checkbox + W.r(" Report filed")),
            W.p("<w:r><w:sym w:font=\"Wingdings\" w:char=\"F0A8\"/></w:r>" + W.r(" Lead told")),
            // Two numbered lists one after the other: Markdown would read them as one.
            W.p(W.r("Escalate"), list: (6, 0)),
            W.p(W.r("Close the case"), list: (7, 0)),
            W.p(W.r("Thes") + W.r("e", "<w:rFonts w:ascii=\"Andale Mono\" w:hAnsi=\"Andale Mono\"/>") + W.r(" are " + "fonts; use ")
                + W.r("remove", "<w:rFonts w:ascii=\"Consolas\" w:hAnsi=\"Consolas\"/>") + W.r(".")),
            table([
                [cell(W.p("")), cell(W.p(""))],
                [cell(W.p(W.r("Replica in the title"))), cell(W.p(W.r("û", wingdings) + W.r(" Not allowed")))],
                [cell(W.p("")), cell(W.p(""))],
                [cell(W.p(W.r("Brand name in a review"))), cell(W.p(W.r("ü", wingdings) + W.r(" Allowed")))],
                [cell(W.p(W.r("Steps"))), cell(W.p(W.r("Check the logo"), list: (3, 0)) + W.p(W.r("Check the price"), list: (5, 0)))],
            ]),
        ].joined()
        let t = try TempTree()
        try W.write(W.parts(body: body, title: "Ending a stream", numbering: numbering), to: t.path("drive/ending.docx"))
        _ = try t.importDocs("drive")
        let page = try #require(t.read("Content/ending.md"))
        #expect(page.hasSuffix("""
            ---

            Before a stream is ended, check:

            - [ ] The clip is saved
            - [x] The seller was warned
            - The seller was warned before

            Then:

            - [x] Report filed
            - [ ] Lead told

            1. Escalate

            1) Close the case

            These are fonts; use `remove`.

            | Replica in the title | ✗ Not allowed |
            | --- | --- |
            | Brand name in a review | ✓ Allowed |
            | Steps | ☐ Check the logo<br>• Check the price |

            """), "\(page)")
        // Casebook renders them as GitHub's task lists do.
        let h = try Handbook.load(content: t.path("Content"))
        let html = try #require(h.rendered["ending.md"]?.html, "\(h.rendered.keys)")
        #expect(html.contains("<ul>\n<li class=\"task\">☐ The clip is saved</li>\n<li class=\"task\">☑ The seller was warned</li>\n<li>The seller was warned before</li>\n</ul>"), "\(html)")
        #expect(html.contains("<li class=\"task\">☑ Report filed</li>\n<li class=\"task\">☐ Lead told</li>"), "\(html)")
        #expect(html.contains("<ol>\n<li>Escalate</li>\n</ol>\n<ol>\n<li>Close the case</li>\n</ol>"), "\(html)")
    }

    /// Word SOP templates open with a document-control table: the page gets its version and
    /// change log (names left out) and loses the table; one with a date of two readings stays.
    @Test func aDocumentControlTableBecomesTheVersionAndChangeLog() throws {
        func row(_ cells: [String]) -> [String] { cells.map { cell(W.p(W.r($0))) } }
        let control = table([
            row(["Version", "Date", "Author", "Description of change"]),
            row(["1.0", "2 March 2025", "Ayu Lestari", "First version"]),
            row(["1.1", "15/09/2025", "Somchai P.", "Added IP-03: \"replica\" wording"]),
            row(["v2.0", "2026-09-01", "Ayu Lestari", "Rewrote the scope"]),
        ])
        let t = try TempTree()
        try W.write(W.parts(body: control + W.p(W.r("Scope"), style: "Heading2") + W.p(W.r("All listings.")), title: "Counterfeit SOP",
                            modified: "2026-11-30T08:00:00Z"), to: t.path("drive/counterfeit.docx"))
        let doubtful = table([row(["Version", "Date", "Changes"]), row(["1.0", "03/04/2026", "First"])])
        try W.write(W.parts(body: doubtful + W.p(W.r("Text.")), title: "Doubtful"), to: t.path("drive/doubtful.docx"))
        let report = try t.importDocs("drive")
        let page = try #require(t.read("Content/counterfeit.md"))
        #expect(page == """
            ---
            title: Counterfeit SOP
            version: 2.0
            effective: 2026-09-01
            changes:
              - version: 2.0
                date: 2026-09-01
                summary: Rewrote the scope
              - version: 1.1
                date: 2025-09-15
                summary: "Added IP-03: \\"replica\\" wording"
              - version: 1.0
                date: 2025-03-02
                summary: First version
            ---

            ## Scope

            All listings.

            """, "\(page)")
        #expect(report.notes.contains("counterfeit.docx: its document-control table read as version 2.0 and a change log of 3 versions (names in it left out)"), "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(h.page(id: "counterfeit")?.meta.changes.count == 3)
        #expect(h.page(id: "counterfeit")?.meta.version == "2.0")
        // March or April: the table stays as it was, and so does the page's version.
        let other = try #require(t.read("Content/doubtful.md"))
        #expect(other.contains("| Version | Date | Changes |\n| --- | --- | --- |\n| 1.0 | 03/04/2026 | First |"), "\(other)")
        #expect(!other.contains("version:"))
    }

    /// SOP templates open with a document-information block: a table of labels and values
    /// (two pairs to a row) or `Label: value` lines. Its version, effective date and status
    /// become the page's; a table that says more (owner, classification) stays on the page,
    /// lines of those fields leave it; a date of two readings leaves the block as it is.
    @Test func aDocumentInformationBlockGivesTheVersionEffectiveDateAndStatus() throws {
        let t = try TempTree()
        let info = table([
            [cell(W.p(W.r("Document ID", "<w:b/>"))), cell(W.p(W.r("TS-SOP-014"))), cell(W.p(W.r("Version:"))), cell(W.p(W.r("v3.2")))],
            [cell(W.p(W.r("Owner"))), cell(W.p(W.r("Live Commerce Safety"))), cell(W.p(W.r("Effective date"))), cell(W.p(W.r("1 March 2026")))],
            [cell(W.p(W.r("Status"))), cell(W.p(W.r("Approved"))), cell(W.p(W.r("Next review"))), cell(W.p(""))],
        ])
        try W.write(W.parts(body: W.p(W.r("Live stream interruptions"), style: "Title") + info + W.p(W.r("Purpose"), style: "Heading1")
                            + W.p(W.r("When to cut a stream.")), modified: "2026-09-01T10:00:00Z"), to: t.path("drive/streams.docx"))
        // Indonesian labels, as lines; a line whose value cannot be read stays.
        try W.write(W.parts(body: W.p(W.r("Versi: 2.1")) + W.p(W.r("Tanggal berlaku: 15/09/2026")) + W.p(W.r("Status: Draft"))
                            + W.p(W.r("Version: see the change log")) + W.p(W.r("Tujuan"), style: "Heading1") + W.p(W.r("Status: kept, after a heading."))),
                    to: t.path("drive/siaran.docx"))
        // A date of two readings: the block is no information, and stays a table.
        try W.write(W.parts(body: table([[cell(W.p(W.r("Version"))), cell(W.p(W.r("1.0")))], [cell(W.p(W.r("Effective date"))), cell(W.p(W.r("03/04/2026")))]])
                            + W.p(W.r("Text.")), modified: "2026-09-01T10:00:00Z"), to: t.path("drive/unclear.docx"))
        let report = try t.importDocs("drive")
        let streams = try #require(t.read("Content/streams.md"))
        #expect(streams.hasPrefix("---\ntitle: Live stream interruptions\nversion: 3.2\neffective: 2026-03-01\nstatus: published\n---\n"), "\(streams)")
        #expect(streams.contains("| **Document ID** | TS-SOP-014 | Version: | v3.2 |"), "the table says more than the fields: it stays\n\(streams)")
        let siaran = try #require(t.read("Content/siaran.md"))
        #expect(siaran.hasPrefix("---\ntitle: siaran\nversion: 2.1\neffective: 2026-09-15\nstatus: draft\n---\n\nVersion: see the change log\n\n## Tujuan\n\nStatus: kept, after a heading.\n"), "\(siaran)")
        let unclear = try #require(t.read("Content/unclear.md"))
        #expect(unclear.contains("| Version | 1.0 |\n| --- | --- |\n| Effective date | 03/04/2026 |"), "\(unclear)")
        #expect(!unclear.contains("version:") && unclear.contains("effective: 2026-09-01"), "\(unclear)")
        #expect(report.notes.contains("streams.docx: its document information read as version 3.2, effective 2026-03-01, status published"), "\(report.notes)")
        // Casebook reads them: the draft is left out of the site unless drafts are asked for.
        let h = try Handbook.load(content: t.path("Content"))
        #expect(h.page(id: "streams")?.meta.version == "3.2")
        #expect(h.page(id: "siaran")?.meta.status == .draft)
    }

    /// Templates often keep the document number and version in the page header (a line of
    /// fields between tabs, or a small table): read for the fields the body does not give.
    @Test func theHeaderGivesTheVersionTheBodyDoesNotGive() throws {
        let t = try TempTree()
        let header = "<w:hdr \(W.namespaces)>" + W.p(W.r("TS-SOP-021") + "<w:r><w:tab/></w:r>" + W.r("Version 4.1") + "<w:r><w:tab/></w:r>" + W.r("Page 1"))
            + "</w:hdr>"
        let footer = "<w:ftr \(W.namespaces)>" + table([[cell(W.p(W.r("Effective"))), cell(W.p(W.r("2 February 2026"))),
                                                          cell(W.p(W.r("Classification"))), cell(W.p(W.r("Internal")))]]) + "</w:ftr>"
        var parts = W.parts(body: W.p(W.r("Status: Approved")) + W.p(W.r("Keep the stream's clip.")),
                            relationships: [W.Relationship(id: "rIdH", type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header", target: "header1.xml", external: false),
                                            W.Relationship(id: "rIdF", type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer", target: "footer1.xml", external: false)],
                            modified: "2026-09-01T10:00:00Z")
        parts["word/header1.xml"] = Array(header.utf8)
        parts["word/footer1.xml"] = Array(footer.utf8)
        try W.write(parts, to: t.path("drive/clips.docx"))
        _ = try t.importDocs("drive")
        let page = try #require(t.read("Content/clips.md"))
        #expect(page == "---\ntitle: clips\nversion: 4.1\neffective: 2026-02-02\nstatus: published\n---\n\nKeep the stream's clip.\n", "\(page)")
    }

    /// A header template's hidden instructions (`w:vanish`: "Version 1.0" as a placeholder the
    /// author was to overwrite) are not what Word shows: the version comes from the visible text.
    @Test func hiddenTextInTheHeaderIsNotRead() throws {
        let t = try TempTree()
        let hidden = "<w:r><w:rPr><w:vanish/></w:rPr><w:t>Version 1.0</w:t></w:r>"
        let header = "<w:hdr \(W.namespaces)>" + W.p(hidden) + W.p(W.r("TS-SOP-021") + "<w:r><w:tab/></w:r>" + W.r("Version 4.1")) + "</w:hdr>"
        var parts = W.parts(body: W.p(W.r("Keep the stream's clip.")),
                            relationships: [W.Relationship(id: "rIdH", type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header", target: "header1.xml", external: false)])
        parts["word/header1.xml"] = Array(header.utf8)
        try W.write(parts, to: t.path("drive/clips.docx"))
        _ = try t.importDocs("drive")
        let page = try #require(t.read("Content/clips.md"))
        #expect(page.contains("version: 4.1\n") && !page.contains("1.0"), "\(page)")
    }

    /// What Word's File > Info and the Subtitle style say about a document: its Tags become
    /// the page's tags, its Subtitle (else its Comments) the page's summary.
    @Test func tagsAndASubtitleOrCommentsDescribeThePage() throws {
        let t = try TempTree()
        try W.write(W.parts(body: W.p(W.r("Replica listings"), style: "Title") + W.p(W.r("How to  tell a replica from a fake review."), style: "Subtitle")
                            + W.p(W.r("Scope"), style: "Heading1") + W.p(W.r("Later subtitle-styled text stays."), style: "Subtitle"),
                            keywords: "Counterfeit; listings, Counterfeit", description: "Not used: the subtitle says it."), to: t.path("drive/replica.docx"))
        try W.write(W.parts(body: W.p(W.r("Text.")), description: "Escalation paths for \"urgent\" cases: who, when."), to: t.path("drive/escalation.docx"))
        _ = try t.importDocs("drive")
        let replica = try #require(t.read("Content/replica.md"))
        #expect(replica.hasPrefix("---\ntitle: Replica listings\nsummary: How to tell a replica from a fake review.\ntags: [counterfeit, listings]\n---\n\n## Scope\n\nLater subtitle-styled text stays.\n"), "\(replica)")
        let escalation = try #require(t.read("Content/escalation.md"))
        #expect(escalation.hasPrefix("---\ntitle: escalation\nsummary: "), "\(escalation)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(h.page(id: "replica")?.meta.summary == "How to tell a replica from a fake review.")
        #expect(h.page(id: "escalation")?.meta.summary == "Escalation paths for \"urgent\" cases: who, when.")
    }

    /// Many SOPs are written without heading styles: sections under lines in bold. With no
    /// heading style anywhere, those lines are the headings (numbers give the depth, the first
    /// at the top is the title, a policy code's line defines the code); call-outs (`Note:`)
    /// and sentences in bold stay text. A document with heading styles keeps its bold lines.
    @Test func boldLinesAreTheHeadingsOfADocumentWithoutHeadingStyles() throws {
        let t = try TempTree()
        let b = "<w:b/>"
        try W.write(W.parts(body: [
            W.p(W.r("Live selling rules", b)),
            W.p(W.r("Version: 2.0", b)),
            W.p(W.r("For hosts and moderators.")),
            W.p(W.r("1. Scope", b)),
            W.p(W.r("Every live stream.")),
            W.p(W.r("1.1 Markets", b)),
            W.p(W.r("ID, TH and VN.")),
            W.p(W.r("Note:", b)),
            W.p(W.r("Do not end a stream without a warning first.", b)),
            W.p(W.r("LS-03 ", b) + W.r("Fake giveaways", b)),
            W.p(W.r("A host promises a prize that is never sent.")),
            W.p(W.r("Payment rules [Indonesia]", b)),
            W.p(W.r("Bank transfers only.")),
        ].joined()), to: t.path("drive/live.docx"))
        try W.write(W.parts(body: W.p(W.r("Scope"), style: "Heading1") + W.p(W.r("Bold line", b)) + W.p(W.r("Text."))), to: t.path("drive/styled.docx"))
        let report = try t.importDocs("drive")
        let live = try #require(t.read("Content/live.md"))
        #expect(live.hasSuffix("""
            ---
            title: Live selling rules
            version: 2.0
            ---

            For hosts and moderators.

            ## 1. Scope

            Every live stream.

            ### 1.1 Markets

            ID, TH and VN.

            **Note:**

            **Do not end a stream without a warning first.**

            ## LS-03 Fake giveaways

            A host promises a prize that is never sent.

            ## Payment rules \\[Indonesia\\]

            Bank transfers only.

            """), "\(live)")
        #expect(report.notes.contains("live.docx: no heading styles; 4 lines in bold read as headings: give them heading styles in Word to choose yourself"), "\(report.notes)")
        #expect(t.read("Content/styled.md")?.contains("\n**Bold line**\n") == true)
        let h = try Handbook.load(content: t.path("Content"))
        #expect(h.codes["LS-03"] != nil, "a bold line naming a code defines it: \(h.codes.keys.sorted())")
    }

    /// Shared drives keep each version of an SOP as a file of its own: the newest is the
    /// page, named without the version (so next week's file updates the same page), which is
    /// its version when the document says none; the older files are left out with a note.
    @Test func versionsSavedAsFilesOfTheirOwnMakeOnePageOfTheNewest() throws {
        let t = try TempTree()
        for (file, text) in [("Counterfeit SOP v3.1.docx", "Old."), ("Counterfeit SOP v3.10.docx", "Newest."), ("Counterfeit SOP v3.2.docx", "Older."),
                             ("Returns SOP_v2_final.docx", "Returns."), ("Escalation.docx", "Plain."), ("Escalation (v2).docx", "Second."),
                             ("Counterfeit SOP v3.10 (TH).docx", "ใหม่"), ("Counterfeit SOP v3.2_th.docx", "เก่า")] {
            try W.write(W.parts(body: W.p(W.r(text))), to: t.path("drive/" + file))
        }
        let report = try t.importDocs("drive")
        let files = try FileManager.default.contentsOfDirectory(atPath: t.path("Content")).filter { $0.hasSuffix(".md") }.sorted()
        #expect(files == ["counterfeit-sop.md", "counterfeit-sop.th.md", "escalation-v2.md", "escalation.md", "returns-sop.md"], "\(files)")
        #expect(t.read("Content/counterfeit-sop.th.md")?.contains("translation_of: counterfeit-sop") == true, "\(t.read("Content/counterfeit-sop.th.md") ?? "")")
        #expect(report.notes.contains("Counterfeit SOP v3.2_th.docx: an older version (3.2) of Counterfeit SOP v3.10 (TH).docx, which is imported; left out"), "\(report.notes)")
        #expect(t.read("Content/counterfeit-sop.md") == "---\nid: counterfeit-sop\ntitle: Counterfeit SOP\nversion: 3.10\n---\n\nNewest.\n")
        #expect(t.read("Content/returns-sop.md")?.hasPrefix("---\ntitle: Returns SOP\nversion: 2\n") == true, "\(t.read("Content/returns-sop.md") ?? "")")
        #expect(report.notes.contains("Counterfeit SOP v3.1.docx: an older version (3.1) of Counterfeit SOP v3.10.docx, which is imported; left out"), "\(report.notes)")
        #expect(report.notes.contains("Counterfeit SOP v3.2.docx: an older version (3.2) of Counterfeit SOP v3.10.docx, which is imported; left out"), "\(report.notes)")
        // 3.10 stays 3.10 (not the number 3.1).
        let h = try Handbook.load(content: t.path("Content"))
        #expect(h.page(id: "counterfeit-sop")?.meta.version == "3.10")
    }

    /// SOP templates number their headings through Word's list numbering (`2.1 Markets`):
    /// the numbers were dropped, so "see 2.1" in the text named a heading that showed none.
    @Test func headingsKeepTheNumbersWordGivesThem() throws {
        let numbering = """
            <w:abstractNum w:abstractNumId="40"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>\
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>\
            <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/></w:lvl></w:abstractNum>
            <w:abstractNum w:abstractNumId="41"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="Part %1"/></w:lvl></w:abstractNum>
            <w:num w:numId="9"><w:abstractNumId w:val="40"/></w:num>
            <w:num w:numId="10"><w:abstractNumId w:val="41"/></w:num>
            """
        let body = [
            W.p(W.r("Counterfeit SOP"), style: "Title"),
            W.p(W.r("Purpose"), style: "Heading1", list: (9, 0)),
            W.p(W.r("See 2.1 for the markets.")),
            W.p(W.r("Scope"), style: "Heading1", list: (9, 0)),
            W.p(W.r("Markets"), style: "Heading2", list: (9, 1)),
            W.p(W.r("Sellers"), style: "Heading2", list: (9, 1)),
            W.p(W.r("Actions"), style: "Heading1", list: (9, 0)),
            W.p(W.r("Remove"), style: "Heading2", list: (9, 1)),
            W.p(W.r("Listings"), style: "Heading3", list: (9, 2)),
            W.p(W.r("Annex"), style: "Heading1", list: (10, 0)),
            W.p(W.r("Annex"), style: "Heading1", list: (10, 0)),
        ].joined()
        let t = try TempTree()
        try W.write(W.parts(body: body, numbering: numbering), to: t.path("drive/numbered.docx"))
        _ = try t.importDocs("drive")
        let page = try #require(t.read("Content/numbered.md"))
        #expect(page.hasSuffix("""
            ## 1. Purpose

            See 2.1 for the markets.

            ## 2. Scope

            ### 2.1 Markets

            ### 2.2 Sellers

            ## 3. Actions

            ### 3.1 Remove

            #### (a) Listings

            ## Part I Annex

            ## Part II Annex

            """), "\(page)")
        #expect(WordMarkdown.numberText(27, "lowerLetter") == "aa" && WordMarkdown.numberText(14, "upperRoman") == "XIV" && WordMarkdown.numberText(7, "decimalZero") == "07")
    }

    @Test func datesOfDocumentControlTablesAreReadOnlyWhenTheyHaveOneReading() {
        #expect(WordRevisionHistory.date("2026-09-01") == "2026-09-01")
        #expect(WordRevisionHistory.date("1 September 2026") == "2026-09-01")
        #expect(WordRevisionHistory.date("Sep 1, 2026") == "2026-09-01")
        #expect(WordRevisionHistory.date("1 Agustus 2026") == "2026-08-01")
        #expect(WordRevisionHistory.date("25/09/2026") == "2026-09-25")
        #expect(WordRevisionHistory.date("09/25/2026") == "2026-09-25")
        #expect(WordRevisionHistory.date("03/04/2026") == nil)
        #expect(WordRevisionHistory.date("31/02/2026") == nil)
        #expect(WordRevisionHistory.date("next week") == nil)
        #expect(WordRevisionHistory.version("v3.2") == "3.2")
        #expect(WordRevisionHistory.version("Rev 4") == "4")
        #expect(WordRevisionHistory.version("draft") == nil)
    }

    @Test func aOneCellTableFramingHeadingsIsNoBox() throws {
        let t = try TempTree()
        let frame = table([[cell(W.p(W.r("Scope"), style: "Heading2") + W.p(W.r("All listings.")))]])
        try W.write(W.parts(body: frame, title: "Framed"), to: t.path("drive/framed.docx"))
        _ = try t.importDocs("drive")
        #expect(t.read("Content/framed.md")?.hasSuffix("---\n\n## Scope\n\nAll listings.\n") == true, "\(t.read("Content/framed.md") ?? "")")
    }

    /// A Confluence export whose attachments include Word documents is still a Confluence export.
    @Test func aConfluenceExportWithWordAttachmentsIsReadAsConfluence() throws {
        let t = try TempTree([
            "export/index.html": "<html><head><title>Trust</title></head><body><a href=\"Scope_1.html\">Scope</a></body></html>",
            "export/Scope_1.html": "<html><head><title>Trust : Scope</title></head><body><div id=\"title-text\">Trust : Scope</div><div id=\"main-content\"><p>All listings.</p></div>Confluence</body></html>",
        ])
        try W.write(W.parts(body: W.p(W.r("Attached form."))), to: t.path("export/attachments/1/2.docx"))
        let report = try t.importDocs("export")
        #expect(report.framework == "Confluence", "\(report.framework ?? "")")
    }

    /// A Markdown corpus with Word documents among its files: the pages come in, the
    /// documents are copied as files, and the note says how to make them pages.
    @Test func wordDocumentsInAMarkdownCorpusAreFilesAndTheNoteSaysHowToMakeThemPages() throws {
        let t = try TempTree(["src/a.md": "---\ntitle: A\n---\n\nText.\n"])
        try W.write(W.parts(body: W.p(W.r("Form."))), to: t.path("src/forms/appeal form.docx"))
        let report = try t.importDocs("src")
        #expect(report.pages == ["a.md"], "\(report.pages)")
        #expect(t.exists("Content/forms/appeal form.docx"))
        #expect(report.notes.contains("forms/appeal form.docx copied as a file for download; to make them pages, run: casebook import-docs \(t.path("src")) --from word --to \(t.path("Content"))"), "\(report.notes)")
        // And so they come in beside the pages, which are kept.
        let word = try t.importDocs("src", framework: "word")
        #expect(word.pages == ["forms/appeal-form.md"], "\(word.pages)")
        #expect(t.read("Content/a.md")?.contains("Text.") == true)
    }

    @Test func oneDocumentImportsAndASecondImportOverwritesNothing() throws {
        let t = try TempTree()
        try W.write(W.parts(body: W.p(W.r("Appeals"), style: "Title") + W.p(W.r("Version one."))), to: t.path("Appeals.docx"))
        _ = try t.importDocs("Appeals.docx")
        #expect(t.read("Content/appeals.md")?.contains("Version one.") == true)
        try W.write(W.parts(body: W.p(W.r("Appeals"), style: "Title") + W.p(W.r("Version two."))), to: t.path("Appeals.docx"))
        let again = try t.importDocs("Appeals.docx")
        #expect(again.kept.contains("appeals.md"), "\(again.kept)")
        #expect(again.pages.isEmpty, "\(again.pages)")
        #expect(t.read("Content/appeals.md")?.contains("Version one.") == true)
    }
}
