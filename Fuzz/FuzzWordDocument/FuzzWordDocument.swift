// libFuzzer target: a Word document's XML parts as `casebook import-docs` reads them
// (WordPackage.parse with libxml2, WordDocument, WordMarkdown). The first byte of an input
// says which part the rest is (the body, the styles, the list formats, the body's
// relationships, the footnotes, the page header); the other parts are those of a small
// document with a heading, a list, a checklist, a link, a bookmark, a picture, a footnote, a
// Wingdings tick, a drop cap, a subtitle and its version in its header. Built by `make fuzz`.
import Foundation
import FuzzDriver
@testable import Handbook

@main
enum Main {
    static func main() { runFuzzer(test) }
}

private let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\""

private let base: [String: String] = [
    "word/document.xml": """
        <w:document \(w)><w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:bookmarkStart w:id="1" w:name="scope"/><w:r><w:t>Scope</w:t></w:r></w:p>\
        <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>Item</w:t></w:r></w:p>\
        <w:p><w:hyperlink w:anchor="scope"><w:r><w:t>back</w:t></w:r></w:hyperlink><w:hyperlink r:id="rId9"><w:r><w:t>web</w:t></w:r></w:hyperlink>\
        <w:r><w:drawing><wp:inline><wp:docPr id="1" name="p" descr="d"/><a:blip r:embed="rId7"/></wp:inline></w:drawing></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>\
        <w:p><w:pPr><w:pStyle w:val="Subtitle"/></w:pPr><w:r><w:t>What it is about</w:t></w:r></w:p><w:p><w:r><w:t>Status: Draft</w:t></w:r></w:p>\
        <w:p><w:r><w:sym w:font="Wingdings" w:char="F0A8"/></w:r><w:r><w:t> Check the clip</w:t></w:r></w:p>\
        <w:p><w:pPr><w:framePr w:dropCap="drop"/></w:pPr><w:r><w:t>D</w:t></w:r></w:p><w:p><w:r><w:rPr><w:rFonts w:ascii="Wingdings"/></w:rPr><w:t>\u{FC}</w:t></w:r><w:r><w:t>one</w:t></w:r></w:p></w:body></w:document>
        """,
    "word/styles.xml": "<w:styles \(w)><w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/></w:style><w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/></w:style><w:style w:type=\"paragraph\" w:styleId=\"Subtitle\"><w:name w:val=\"Subtitle\"/></w:style></w:styles>",
    "word/numbering.xml": "<w:numbering \(w)><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"decimal\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>",
    "word/_rels/document.xml.rels": """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>\
        <Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>\
        <Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>\
        <Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org" TargetMode="External"/>\
        </Relationships>
        """,
    "word/footnotes.xml": "<w:footnotes \(w)><w:footnote w:id=\"1\"><w:p><w:r><w:t>A note.</w:t></w:r></w:p></w:footnote></w:footnotes>",
    "word/header1.xml": "<w:hdr \(w)><w:p><w:r><w:t>SOP-1</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>Version 2.0</w:t></w:r></w:p></w:hdr>",
]
private let order = ["word/document.xml", "word/styles.xml", "word/numbering.xml", "word/_rels/document.xml.rels", "word/footnotes.xml", "word/header1.xml"]
// A 1x1 PNG.
private let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE]

/// One input; a crash, a hang, a leak or a broken promise in here is a defect.
private func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    guard let selector = bytes.first else { return 0 }
    var parts = base.mapValues { Array($0.utf8) }
    parts[order[Int(selector) % order.count]] = Array(bytes.dropFirst())
    parts["word/media/image1.png"] = png
    guard let document = try? WordDocument(InMemoryWordParts(parts: parts)) else { return 0 }
    let output = WordMarkdown.convert(document, stem: "page") { path, bookmark in path.hasSuffix(".docx") ? "other.md" + (bookmark.map { "#" + $0 } ?? "") : nil }
    // Each picture is written once, under its own name, and linked.
    if Set(output.pictures.map(\.name)).count != output.pictures.count { fatalError("two pictures share a file name") }
    for p in output.pictures where !output.markdown.contains("](" + p.name + ")") || EmbeddedPictures.format(of: p.bytes) == nil {
        fatalError("picture \(p.name) is not linked, or not a picture")
    }
    // The page is Markdown Casebook reads: every heading anchor written is one it takes, and
    // every link leads to a web or mail address, the page itself, or the other document.
    let rendered = Markdown.render(output.markdown, dropLeadingH1: false, anchors: { $0.map { _ in "" } }, rewriteURL: { _ in .keep })
    for link in rendered.links where !link.isImage {
        let url = link.url.lowercased()
        if !(url.hasPrefix("https://") || url.hasPrefix("http://") || url.hasPrefix("mailto:") || url.hasPrefix("#") || url == "other.md") {
            fatalError("link to '\(link.url)' written")
        }
    }
    return 0
}
