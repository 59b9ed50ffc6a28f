import Foundation
import Testing
@testable import Handbook
import Randomness

/// A Word paragraph's text is any text: asterisks, brackets, backslashes, a `#` or `1.` at the
/// start, emphasis that starts or ends beside punctuation. Whatever its runs and their bold,
/// italic, strikethrough or code, the page must show the same characters (Markdown's syntax
/// never leaks into the text, and no character is read as syntax). The same paragraphs every
/// run (a seeded generator).
@Suite struct ImportWordTextTests {
    static let pieces = ["a", "b", "Rp", "IP-01", " ", " ", "*", "**", "_", "__", "`", "``", "[", "]", "(", ")", "<", ">", "<b>", "!", "#", "-", "+", "=",
                         "|", "~", "~~", "\\", "&", "&amp;", ";", ":", "1.", "2)", "\"", "'", ".", ",", " http://x.org ", "ไทย", "é", "...", "{#id}"]

    @Test func anyRunsOfAnyTextShowTheirOwnCharacters() throws {
        var random = SeededRandom(seed: 20_261_206)
        var failures: [String] = []
        for _ in 0..<3_000 {
            var segments: [WordMarkdown.Segment] = []
            var expected = ""
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                var text = ""
                for _ in 0..<Int.random(in: 1...5, using: &random) { text += Self.pieces.randomElement(using: &random)! }
                var format = WordMarkdown.Format()
                switch Int.random(in: 0..<7, using: &random) {
                case 0: format.bold = true
                case 1: format.italic = true
                case 2: format.bold = true; format.italic = true
                case 3: format.strike = true
                case 4: format.code = true
                default: break
                }
                segments.append(WordMarkdown.Segment(text: text, format: format))
                expected += text
            }
            // A paragraph of nothing but spaces is no paragraph (the import leaves it out).
            if expected.allSatisfy(\.isWhitespace) { continue }
            let markdown = MarkdownText.escapedLineStart(WordMarkdown.render(segments, inTable: false).trimmingCharacters(in: .whitespaces))
            let rendered = Markdown.render(markdown, dropLeadingH1: false, anchors: { $0.map { _ in "" } }, rewriteURL: { _ in .keep })
            func collapsed(_ s: String) -> String { s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            // Shown as a paragraph (never a heading, list, quote, table or code block) with the same text.
            let shown = collapsed(rendered.headings.isEmpty ? rendered.introText : rendered.headings.map(\.text).joined())
            let isParagraph = rendered.html.hasPrefix("<p>") && !rendered.html.contains("<li") && !rendered.html.contains("<blockquote")
            if shown != collapsed(expected) || !isParagraph {
                failures.append("\(segments.map { ($0.text, $0.format) }) -> \(markdown) -> \(shown) | \(rendered.html)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) paragraphs shown otherwise, first: \(failures.prefix(3).joined(separator: "\n"))")
    }
}

extension ImportWordTextTests {
    /// The same for headings: a heading shows its text whatever the text is (a `#` at its end
    /// is no closing sequence, `{#id}` no anchor).
    @Test func headingsOfAnyTextShowTheirOwnCharacters() throws {
        var random = SeededRandom(seed: 7)
        var failures: [String] = []
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...8, using: &random) { text += Self.pieces.randomElement(using: &random)! }
            let inline = WordMarkdown.render([WordMarkdown.Segment(text: text)], inTable: false)
            let line = WordMarkdown.headingLine(inline, level: 2)
            let rendered = Markdown.render(line, dropLeadingH1: false, anchors: { $0.map { _ in "" } }, rewriteURL: { _ in .keep })
            func collapsed(_ s: String) -> String { s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            // A heading ending with an attribute list (`Scope {#scope}`) sets its anchor, as a
            // trainer typing it into Word meant.
            if collapsed(text).isEmpty || InlineAttributeParser.strip(text).1.count > 0 && text.trimmingCharacters(in: .whitespaces).hasSuffix("}") { continue }
            if rendered.headings.count != 1 || collapsed(rendered.headings[0].text) != collapsed(text) {
                failures.append("\(text) -> \(line) -> \(rendered.headings.map(\.text))")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) headings shown otherwise, first: \(failures.prefix(3).joined(separator: "\n"))")
    }
}
