import Foundation

/// Hugo's TOML front matter (`+++` ... `+++`), read in the forms front matter is written in:
/// `key = value` with strings, numbers, booleans, dates and arrays of them (over several lines
/// too), comments, and `[table]` sections (a map under the table's name). Anything else
/// (multi-line strings, inline tables, arrays of tables) makes it unreadable: nil, and the
/// caller says so. Hugo's own archetypes wrote TOML for years; the Contributor Covenant's 92
/// pages all use it (`version = "2.1"`, `aliases = ["/version/2/1"]`).
enum TOMLFrontMatter {
    /// The front matter `text` (between the fences; its first line is `firstLine` of the file)
    /// as a map node, or nil when it holds a form this reader does not take.
    static func parse(_ text: String, firstLine: Int) -> YAMLNode? {
        var top: [YAMLEntry] = []
        var table: (name: String, line: Int, entries: [YAMLEntry])?
        func closeTable() {
            if let t = table { top.append(YAMLEntry(key: t.name, line: t.line, column: 1, value: YAMLNode(.map(t.entries), line: t.line, column: 1))) }
            table = nil
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var i = 0
        while i < lines.count {
            let lineNumber = firstLine + i
            let line = Substring(lines[i]).drop { $0 == " " || $0 == "\t" }
            i += 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[[") { return nil }
            if line.hasPrefix("[") {
                guard let close = line.firstIndex(of: "]") else { return nil }
                let rest = line[line.index(after: close)...].drop { $0 == " " || $0 == "\t" }
                guard rest.isEmpty || rest.hasPrefix("#") else { return nil }
                let name = line[line.index(after: line.startIndex)..<close].trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'"))
                guard !name.isEmpty else { return nil }
                closeTable()
                table = (name, lineNumber, [])
                continue
            }
            guard let eq = Self.equalsSign(line) else { return nil }
            let key = line[..<eq].trimmingCharacters(in: CharacterSet(charactersIn: " \t")).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            guard !key.isEmpty else { return nil }
            var value = line[line.index(after: eq)...].drop { $0 == " " || $0 == "\t" }
            // An array may go on over the next lines until its brackets close.
            if value.hasPrefix("[") {
                var joined = String(value)
                while !Self.bracketsClosed(joined) {
                    guard i < lines.count else { return nil }
                    joined += "\n" + lines[i]
                    i += 1
                }
                value = Substring(joined)
            }
            guard let node = Self.value(&value, line: lineNumber) else { return nil }
            let rest = value.drop { $0 == " " || $0 == "\t" || $0 == "\n" }
            guard rest.isEmpty || rest.hasPrefix("#") else { return nil }
            let entry = YAMLEntry(key: key, line: lineNumber, column: 1, value: node)
            if table != nil { table!.entries.append(entry) } else { top.append(entry) }
        }
        closeTable()
        return YAMLNode(.map(top), line: firstLine, column: 1)
    }

    /// The `=` of `key = value` (outside a quoted key).
    static func equalsSign(_ line: Substring) -> Substring.Index? {
        var quote: Character?
        for i in line.indices {
            let c = line[i]
            if let q = quote { if c == q { quote = nil } } else if c == "\"" || c == "'" { quote = c } else if c == "=" { return i }
        }
        return nil
    }

    /// Whether every `[` of `text` outside strings is closed.
    static func bracketsClosed(_ text: String) -> Bool {
        var depth = 0
        var quote: Character?
        var escaped = false
        var comment = false
        for c in text {
            if comment { if c == "\n" { comment = false }; continue }
            if let q = quote {
                if escaped { escaped = false } else if c == "\\" && q == "\"" { escaped = true } else if c == q { quote = nil }
                continue
            }
            switch c {
            case "\"", "'": quote = c
            case "#": comment = true
            case "[": depth += 1
            case "]": depth -= 1
            default: break
            }
        }
        return depth <= 0 && quote == nil
    }

    /// Reads one value from the start of `s` (advancing it past the value).
    static func value(_ s: inout Substring, line: Int) -> YAMLNode? {
        s = s.drop { $0 == " " || $0 == "\t" || $0 == "\n" }
        guard let first = s.first else { return nil }
        if first == "[" {
            s = s.dropFirst()
            var items: [YAMLNode] = []
            while true {
                s = s.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "," }
                while s.hasPrefix("#") {
                    s = s.drop { $0 != "\n" }
                    s = s.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "," }
                }
                if s.hasPrefix("]") { s = s.dropFirst(); return YAMLNode(.list(items), line: line, column: 1) }
                guard let item = value(&s, line: line), item.scalar != nil else { return nil }
                items.append(item)
            }
        }
        if first == "\"" {
            if s.hasPrefix("\"\"\"") { return nil }
            var out = ""
            var i = s.index(after: s.startIndex)
            while i < s.endIndex {
                let c = s[i]
                if c == "\"" { s = s[s.index(after: i)...]; return YAMLNode(.scalar(out), line: line, column: 1) }
                if c == "\n" { return nil }
                if c == "\\" {
                    i = s.index(after: i)
                    guard i < s.endIndex else { return nil }
                    switch s[i] {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "\"": out.append("\"")
                    case "\\": out.append("\\")
                    case "u", "U":
                        let n = s[i] == "u" ? 4 : 8
                        let hex = s[s.index(after: i)...].prefix(n)
                        guard hex.count == n, let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else { return nil }
                        out.unicodeScalars.append(scalar)
                        i = s.index(i, offsetBy: n)
                    default: return nil
                    }
                } else {
                    out.append(c)
                }
                i = s.index(after: i)
            }
            return nil
        }
        if first == "'" {
            if s.hasPrefix("'''") { return nil }
            let body = s.dropFirst()
            guard let close = body.firstIndex(where: { $0 == "'" || $0 == "\n" }), body[close] == "'" else { return nil }
            s = body[body.index(after: close)...]
            return YAMLNode(.scalar(String(body[..<close])), line: line, column: 1)
        }
        if first == "{" { return nil }
        // A bare value: a number, boolean or date, up to a separator.
        let bare = s.prefix { $0 != "," && $0 != "]" && $0 != "#" && $0 != "\n" }
        let word = bare.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
        guard !word.isEmpty, word.allSatisfy({ $0.isLetter || $0.isNumber || "+-.:_ TZ".contains($0) }) else { return nil }
        s = s[bare.endIndex...]
        return YAMLNode(.scalar(word), line: line, column: 1)
    }
}
