// libFuzzer target: a page as `casebook build` loads it (front matter, Markdown through
// cmark-gfm, anchors, links) and the search analyser and index over its sections, where a
// 10,000-letter "word" once hung the build. Built by `make fuzz`.
import FuzzDriver
import Handbook
import Search

private let path = "policies/page.md"
private let resolver = LinkResolver(pageIDs: [path: "page", "policies/other.md": "other"], assets: ["img/a.png"])
/// One analyser for every input, as a build shares one per run of pages (its stemmers are
/// costly to open); libFuzzer calls the test from one thread.
nonisolated(unsafe) private var analyzer = Analyzer()

@main
enum Main {
    static func main() { runFuzzer(test) }
}

/// One input; a crash, a hang or a leak in here is a defect.
private func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    let rendered = PageRenderer.render(path: path, category: "policies", file: nil, bytes: bytes, resolver: resolver)
    // Raw HTML goes through the allowlist: nothing that runs or loads reaches the page (its
    // text is escaped, so each of these can only be a tag or an attribute Casebook wrote).
    for unsafe in ["<script", "<iframe", "<object", "<embed", "<svg", "<math", "<style", "<form", "<base", "<meta", "<link",
                   "href=\"javascript:", "src=\"javascript:", "href=\"data:", "src=\"data:", " onerror=", " onload=", " onclick=", " style="]
    where rendered.html.lowercased().contains(unsafe) {
        fatalError("raw HTML passed through: \(unsafe)")
    }
    // Every heading's start tag carries a source position marker until its id is written in
    // its place (headings written in HTML too): none is left (text escapes its quote).
    if rendered.html.contains(" data-sourcepos=\"") { fatalError("a heading's source position marker was left in the page") }
    let documents = SearchIndexBuilder.documents(for: rendered.summary, rendered: rendered, pageURL: "sop/page.html")
    let table = TermTable()
    let indexed = documents.map { IndexedDocument(SearchIndexBuilder.analyze($0, analyzer: &analyzer), sourceHash: 0, table: table) }
    for file in SearchIndexBuilder.build(indexed, terms: table) { _ = file.produce() }
    return 0
}
