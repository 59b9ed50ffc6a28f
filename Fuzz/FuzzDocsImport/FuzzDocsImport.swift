// libFuzzer target: what `casebook import-docs` rewrites inside a page's text: Hugo's built-in
// shortcodes (figure, youtube, details, highlight, ...), Jekyll's link tags and site variables, kramdown's
// attribute lists, GitBook's blocks, Liquid's comments and call-outs, Notion's callouts, Docsify's
// callouts, heading ids, link options and tabs, Mintlify's components, mdbook-admonish's boxes, Jekyll's
// includes, mdBook's include selectors, Confluence's exported HTML and its frame left in Markdown, word processors' data: pictures and headings, Nextra's _meta modules and the repair of refused
// heading ids. Built by
// `make fuzz`.
import Foundation
import FuzzDriver
@testable import Handbook

@main
enum Main {
    static func main() { runFuzzer(test) }
}

/// One input; a crash, a hang, a leak or a broken promise in here is a defect.
private func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    // As the import reads a page (byte order mark dropped, CR LF and lone CR made LF).
    guard let text = Importer.PageSource.decode(Data(bytes)) else { return 0 }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
    // Shortcodes keep their lines; only a one-line figure with a caption gains one.
    // With a site's own link shortcodes too (mastodon's page-relref and caption-link).
    let templates = ["page-relref": HugoShortcodes.LinkTemplate(urlParameter: "ref", isRef: true, textParameter: "caption"),
                     "caption-link": HugoShortcodes.LinkTemplate(urlParameter: "url", isRef: false, textParameter: nil)]
    let (hugo, count) = HugoShortcodes.convert(text, linkTemplates: templates)
    let after = hugo.split(separator: "\n", omittingEmptySubsequences: false).count
    if after < lines || after > lines + count { fatalError("Hugo shortcodes: \(lines) lines became \(after) (\(count) converted)") }
    // Jekyll's tags are replaced within their line.
    let (jekyll, _) = JekyllLinkTags.convert(text, basePath: "/docs", site: ["repository": "https://example.org/r", "baseurl": "/docs", "title": "{{ site.title }}"])
    if jekyll.split(separator: "\n", omittingEmptySubsequences: false).count != lines { fatalError("Jekyll tags changed the line count") }
    // Kramdown's attribute lists are replaced within their lines too.
    let (kramdown, _, _) = KramdownAttributes.convert(text)
    if kramdown.split(separator: "\n", omittingEmptySubsequences: false).count != lines { fatalError("kramdown attribute lists changed the line count") }
    // So are Docusaurus' tabs.
    let (tabs, _) = DocusaurusTabs.convert(text)
    if tabs.split(separator: "\n", omittingEmptySubsequences: false).count != lines { fatalError("Docusaurus tabs changed the line count") }
    // And GitBook's blocks, Liquid's paired call-outs, Notion's callouts, repaired heading ids.
    func keepsLines(_ name: String, _ converted: String) {
        if converted.split(separator: "\n", omittingEmptySubsequences: false).count != lines { fatalError("\(name) changed the line count") }
    }
    keepsLines("GitBook blocks", GitBookBlocks.convert(text).text)
    keepsLines("Liquid boxes", LiquidBoxes.convert(text).text)
    keepsLines("Notion callouts", NotionCallouts.convert(text).text)
    keepsLines("Confluence's frame in Markdown", ConfluenceMarkdownLeftovers.clean(text).text)
    keepsLines("Markdown in HTML blocks", MarkdownInHTML.unwrap(text).text)
    // Word processors' downloads: pictures as data: addresses become files, each named once and
    // linked from where it was; empty headings, bold headings and Google Docs' heading links.
    let pictures = EmbeddedPictures.extract(text, stem: "page")
    keepsLines("data: pictures", pictures.text)
    if Set(pictures.pictures.map(\.file)).count != pictures.pictures.count { fatalError("two pictures share a file name") }
    for p in pictures.pictures where !pictures.text.contains(EmbeddedPictures.folder + "/" + p.file) || EmbeddedPictures.format(of: p.bytes) == nil {
        fatalError("picture \(p.file) is not linked, or not a picture")
    }
    keepsLines("word processors' headings", DocumentExportCleanup.clean(text, file: "page.md").text)
    // Docsify's callouts, heading ids and link options; a heading id written is one Casebook takes.
    let docsify = DocsifyMarkup.convert(text).text
    keepsLines("Docsify markup", docsify)
    let before = text.split(separator: "\n", omittingEmptySubsequences: false)
    for (old, new) in zip(before, docsify.split(separator: "\n", omittingEmptySubsequences: false)) where old.contains(":id=") && old != new {
        if let id = new.firstMatch(of: /\{#([^{}]*)\}$/)?.1, !Slug.isValidAnchor(String(id)) { fatalError("Docsify id '\(id)' is refused as an anchor") }
    }
    // Mintlify's components keep their lines, and every field anchor written is one Casebook takes.
    let mintlify = MDXComponents.convert(text).text
    keepsLines("Starlight components", MDXComponents.convert(text, vocabulary: .starlight).text)
    keepsLines("common MDX components", MDXComponents.convert(text, vocabulary: .common).text)
    keepsLines("Mintlify components", mintlify)
    // (An anchor the text already had, `**Scope**{#p ocse}`, is the author's, not one the conversion wrote.)
    for match in mintlify.matches(of: /\*\*\{#([^{}]*)\}/) where !Slug.isValidAnchor(String(match.1)) && !text.contains(match.0) {
        fatalError("Mintlify field anchor '\(match.1)' is refused as an anchor")
    }
    keepsLines("mdbook-admonish boxes", MdBookAdmonish.convert(text).text)
    // Confluence's exported HTML: any bytes convert, and every anchor written is one Casebook takes.
    var confluence = ConfluenceMarkdown { $0 }
    let converted = confluence.markdown(HTMLElement.document(text))
    for match in converted.matches(of: /^#+ .*\{#([^{}\n]*)\}$/.anchorsMatchLineEndings()) where !Slug.isValidAnchor(String(match.1)) {
        fatalError("Confluence heading anchor '\(match.1)' is refused as an anchor")
    }
    keepsLines("docsify-tabs", DocsifyTabs.convert(text).text)
    // Nextra's _meta.js / _meta.ts: any text is read as data or refused, and never hangs.
    if let meta = JSObjectLiteral.exportedObject(text), meta.mapEntries == nil { fatalError("a _meta module read as something other than a map") }
    _ = JSObjectLiteral.exportedObject("export default {" + text)
    // Jekyll's includes: a Markdown include names a path; a template's text never fails to read.
    for line in text.split(separator: "\n").prefix(200) where line.contains("include") {
        if let (range, path) = Importer.jekyllMarkdownInclude(in: String(line)), path.isEmpty || range.isEmpty { fatalError("empty Jekyll include") }
        let values = Importer.includeValues(String(line))
        _ = Importer.jekyllIncludeText(name: "note.html", values: values, template: "{{include.content}}", alone: true)
        _ = Importer.jekyllIncludeText(name: "image.html", values: values, template: String(line), alone: false)
    }
    // mdBook's include selectors never fail on any text, and select only lines of it.
    for expression in MdBookExpressions.expressions(in: text) {
        let (_, selection) = MdBookExpressions.selection(expression.argument)
        if let selected = MdBookExpressions.select(text, selection), selected.count > lines { fatalError("mdBook include selected more lines than the file has") }
    }
    let (repaired, repairs) = HeadingAnchorRepair.convert(text)
    keepsLines("heading anchor repair", repaired)
    // A repaired id is one Casebook takes (or none).
    for r in repairs where r.fixed.map({ !Slug.isValidAnchor($0) }) ?? false { fatalError("repaired anchor '\(r.fixed!)' is still refused") }
    // Liquid comments: the same lines, and a page with no comment tag unchanged.
    var commentLines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let removed = JekyllLinkTags.removeComments(&commentLines)
    if commentLines.count != lines { fatalError("Liquid comments changed the line count") }
    if removed == 0, !text.contains("{%"), commentLines.joined(separator: "\n") != text { fatalError("no comment, yet the text changed") }
    return 0
}
