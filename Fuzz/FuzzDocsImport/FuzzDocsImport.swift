// libFuzzer target: what `casebook import-docs` rewrites inside a page's text: Hugo's built-in
// shortcodes (figure, youtube, details, highlight, ...), Jekyll's link tags and site variables, kramdown's
// attribute lists. Built by
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
    let (hugo, count) = HugoShortcodes.convert(text)
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
    return 0
}
