import Testing
@testable import Handbook

/// What `casebook import-docs` and `casebook cases import` write as YAML must read back as the
/// text it came from, whatever the text holds: imported titles and case notes carry quotes,
/// colons, `#`, Windows line breaks, stray control characters and every script.
@Suite struct YAMLTextTests {
    /// A fixed-seed generator (SplitMix64), so a failure names an input that repeats.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let pieces: [String] = [
        "a", "Z", "7", " ", "  ", ":", ": ", "#", " #", "-", "- ", "'", "\"", "\\", "\n", "\r", "\r\n", "\t",
        "[", "]", "{", "}", ",", "&", "*", "!", "|", ">", "%", "@", "`", "?", "~", "null", "yes", "3.10",
        "\u{0}", "\u{7}", "\u{1B}", "\u{7F}", "\u{85}", "\u{A0}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFE}", "\u{FFFF}",
        "é", "ภาษาไทย", "Tiếng Việt", "中文", "🙂", "\u{301}", "---", "...",
    ]

    func randomText(_ g: inout Generator) -> String {
        (0..<g.below(8)).map { _ in Self.pieces[g.below(Self.pieces.count)] }.joined()
    }

    @Test func anyTextReadsBackAsWritten() throws {
        var g = Generator(state: 20261205)
        for _ in 0..<3000 {
            let (a, b, c) = (randomText(&g), randomText(&g), randomText(&g))
            let inner = YAMLNode(.map([YAMLEntry(key: "note", line: 0, column: 0, value: YAMLNode(.scalar(c), line: 0, column: 0))]), line: 0, column: 0)
            let text = YAMLText.entries([
                ("title", YAMLNode(.scalar(a), line: 0, column: 0)),
                ("tags", YAMLNode(.list([YAMLNode(.scalar(b), line: 0, column: 0), YAMLNode(.scalar(c), line: 0, column: 0)]), line: 0, column: 0)),
                ("items", YAMLNode(.list([inner]), line: 0, column: 0)),
            ])
            let node: YAMLNode
            do { node = try YAMLParser.parse(text) } catch {
                Issue.record("not read back (\(error.message), line \(error.line)): \(text.debugDescription)")
                return
            }
            #expect(node["title"]?.scalar == a, "\(text.debugDescription)")
            #expect(node["tags"]?.listItems?.map(\.scalar) == [b, c], "\(text.debugDescription)")
            #expect(node["items"]?.listItems?.first?["note"]?.scalar == c, "\(text.debugDescription)")
        }
    }
}
