/// Plain text written into Markdown by the importers (Confluence, Word, MDX components), so
/// that it reads back as the same text: nothing in it becomes markup.
enum MarkdownText {
    /// Text with the characters Markdown would read as markup escaped.
    static func escaped(_ s: String) -> String {
        // Speed: most text holds none of them (it was a seventh of an import's time).
        guard s.utf8.contains(where: { $0 == 0x5C || $0 == 0x60 || $0 == 0x2A || $0 == 0x5B || $0 == 0x5D || $0 == 0x5F || $0 == 0x3C || $0 == 0x26 }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        let chars = Array(s)
        for (k, c) in chars.enumerated() {
            switch c {
            case "\\", "`", "*", "[", "]":
                out.append("\\")
            case "_":
                // Inside a word (snake_case) an underscore is never emphasis.
                let before = k > 0 ? chars[k - 1] : " ", after = k + 1 < chars.count ? chars[k + 1] : " "
                if !(before.isLetter || before.isNumber) || !(after.isLetter || after.isNumber) { out.append("\\") }
            case "<":
                let after = k + 1 < chars.count ? chars[k + 1] : " "
                if after.isLetter || after == "/" || after == "!" || after == "?" { out.append("\\") }
            case "&":
                let rest = chars[(k + 1)...].prefix(12)
                if let semi = rest.firstIndex(of: ";"), rest[rest.startIndex..<semi].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "#" }), semi > rest.startIndex {
                    out.append("\\")
                }
            default:
                break
            }
            out.append(c)
        }
        return out
    }

    /// Text from an attribute (a link's address shown as its text, a picture's description, a
    /// title) escaped as `escaped` does, its whitespace, line breaks included, folded to single
    /// spaces as a browser shows it: a line break kept there would end the link or picture
    /// and start a new block (`# ...` a heading) in the page.
    static func escapedInline(_ s: String) -> String {
        escaped(s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
    }

    /// A line that would start a block (a heading, quote, list item, rule) gets its first
    /// character escaped.
    static func escapedLineStart(_ line: String) -> String {
        guard let first = line.first else { return line }
        if first == "#" || first == ">" || first == "=" || first == "|" { return "\\" + line }
        if first == "-" || first == "+" {
            let second = line.dropFirst().first
            if second == nil || second == " " || line.allSatisfy({ $0 == first || $0 == " " }) { return "\\" + line }
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 9 {
            let rest = line.dropFirst(digits.count)
            if let mark = rest.first, mark == "." || mark == ")", rest.dropFirst().first == nil || rest.dropFirst().first == " " {
                return digits + "\\" + rest
            }
        }
        return line
    }
}
