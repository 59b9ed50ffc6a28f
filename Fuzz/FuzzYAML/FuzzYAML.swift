// libFuzzer target: the front-matter / YAML reader (SourceText.read splits the front matter,
// YAMLParser (libyaml) reads it, PageMetadata.from interprets it). Built by `make fuzz`.
import FuzzDriver
import Handbook

@main
enum Main {
    static func main() { runFuzzer(test) }
}

/// One input; a crash, a hang or a leak in here is a defect.
private func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    if let text = String(validating: bytes, as: UTF8.self) { _ = try? YAMLParser.parse(text) }
    if let source = try? SourceText.read(bytes, file: "policies/page.md") {
        var diagnostics: [Diagnostic] = []
        _ = PageMetadata.from(source.frontMatter, defaultID: "page", file: "policies/page.md", diagnostics: &diagnostics)
    }
    return 0
}
