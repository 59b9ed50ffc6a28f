/// A value in the YAML subset Casebook reads in front matter and data files: plain and
/// quoted scalars, flow and block lists, nested maps, block scalars (`|`, `>`) and comments.
public struct YAMLNode: Sendable, Hashable {
    /// The shape of a node.
    public indirect enum Kind: Sendable, Hashable {
        case scalar(String)
        case list([YAMLNode])
        case map([YAMLEntry])
    }

    public var kind: Kind
    /// 1-based line and column where the node starts, in the file being read.
    public var line: Int
    public var column: Int

    public init(_ kind: Kind, line: Int, column: Int) {
        self.kind = kind
        self.line = line
        self.column = column
    }

    /// The scalar text, or nil for lists and maps.
    public var scalar: String? { if case .scalar(let s) = kind { return s } else { return nil } }
    /// The items of a list; a scalar is treated as a one-item list (`tags: counterfeit`).
    public var listItems: [YAMLNode]? {
        switch kind {
        case .list(let items): return items
        case .scalar(let s): return s.isEmpty ? [] : [self]
        case .map: return nil
        }
    }
    /// The entries of a map, or nil.
    public var mapEntries: [YAMLEntry]? { if case .map(let e) = kind { return e } else { return nil } }
    /// The value for `key` in a map.
    public subscript(key: String) -> YAMLNode? { mapEntries?.first { $0.key == key }?.value }
}

/// One `key: value` pair of a map, keeping the key's position for error messages.
public struct YAMLEntry: Sendable, Hashable {
    public var key: String
    public var line: Int
    public var column: Int
    public var value: YAMLNode
}

/// A syntax error in YAML, with the 1-based position in the file.
public struct YAMLError: Error, Sendable, Hashable {
    public var line: Int
    public var column: Int
    public var message: String
}

/// Parser for the YAML subset. Not a general YAML parser: anchors, tags and multi-document
/// streams are rejected with a clear message rather than misread.
public struct YAMLSubsetParser {
    private struct Line {
        var number: Int      // 1-based line in the file
        var indent: Int      // leading spaces
        var text: Substring  // content after the indent, comment-free only for block syntax
        /// 1-based column of a tab in the leading whitespace. YAML forbids tabs in block
        /// indentation but allows them as separation space inside a flow collection
        /// (`aliases: [\n\t"/a",\n]`, as Hugo sites write), so the error is raised only when
        /// the line is read as a block line.
        var tabColumn: Int? = nil

        func refuseTabIndent() throws(YAMLError) {
            if let tabColumn {
                throw YAMLError(line: number, column: tabColumn, message: "tab used for indentation; indent with spaces")
            }
        }
    }

    private var lines: [Line] = []
    private var index = 0
    /// Values named by an anchor (`repo: &repo https://...`), for the aliases after it (`*repo`).
    private var anchors: [String: YAMLNode] = [:]

    /// Parses `text`, whose first line is line `firstLine` of the file. Returns a map node
    /// (empty when the text holds no keys).
    /// Parses a whole YAML file's bytes; `file` names it in the error (not UTF-8, or a YAML
    /// error with its line and column).
    public static func parseFile(_ bytes: [UInt8], file: String) throws(HandbookError) -> YAMLNode {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw HandbookError(file: file, "is not valid UTF-8; re-save it as UTF-8")
        }
        do { return try parse(text) } catch {
            throw HandbookError(file: file, line: error.line, column: error.column, error.message)
        }
    }

    public static func parse(_ text: String, firstLine: Int = 1) throws(YAMLError) -> YAMLNode {
        var parser = YAMLSubsetParser()
        var number = firstLine
        var text = text
        let failure: YAMLError? = text.withUTF8 { (buffer: UnsafeBufferPointer<UInt8>) -> YAMLError? in
            var start = 0
            let n = buffer.count
            while start <= n {
                var end = start
                while end < n, buffer[end] != 10 { end += 1 }
                var lineEnd = end
                if lineEnd > start, buffer[lineEnd - 1] == 13 { lineEnd -= 1 }
                var indent = 0
                var tabColumn: Int?
                while start + indent < lineEnd, buffer[start + indent] == 32 || buffer[start + indent] == 9 {
                    if buffer[start + indent] == 9, tabColumn == nil { tabColumn = indent + 1 }
                    indent += 1
                }
                let content = String(decoding: UnsafeBufferPointer(rebasing: buffer[(start + indent)..<lineEnd]), as: UTF8.self)
                // A blank or comment line may hold tabs anywhere.
                if content.isEmpty || content.utf8.first == UInt8(ascii: "#") { tabColumn = nil }
                parser.lines.append(Line(number: number, indent: indent, text: Substring(content), tabColumn: tabColumn))
                number += 1
                if end >= n { break }
                start = end + 1
            }
            return nil
        }
        if let failure { throw failure }
        parser.skipBlank()
        if parser.index < parser.lines.count { try parser.lines[parser.index].refuseTabIndent() }
        if parser.index >= parser.lines.count { return YAMLNode(.map([]), line: firstLine, column: 1) }
        let first = parser.lines[parser.index]
        if first.indent != 0 {
            throw YAMLError(line: first.number, column: 1, message: "unexpected indentation at the top level; top-level keys start in column 1")
        }
        let root = try parser.parseBlock(indent: 0)
        parser.skipBlank()
        if parser.index < parser.lines.count {
            let l = parser.lines[parser.index]
            throw YAMLError(line: l.number, column: l.indent + 1, message: "unexpected indentation; check that this line lines up with the key above it")
        }
        guard root.mapEntries != nil else {
            throw YAMLError(line: root.line, column: root.column, message: "expected 'key: value' lines at the top level")
        }
        return root
    }

    // MARK: - Blocks

    /// Columns taken by `text`: its bytes when ASCII, else its characters.
    private static func columns(_ text: Substring) -> Int {
        text.utf8.allSatisfy { $0 < 0x80 } ? text.utf8.count : text.count
    }

    private static func isBlank(_ text: Substring) -> Bool { text.utf8.first.map { $0 == UInt8(ascii: "#") } ?? true }

    private mutating func skipBlank() {
        while index < lines.count, Self.isBlank(lines[index].text) { index += 1 }
    }

    private static func isListItem(_ text: Substring) -> Bool {
        let u = text.utf8
        guard u.first == UInt8(ascii: "-") else { return false }
        let next = u.index(after: u.startIndex)
        return next == u.endIndex || u[next] == UInt8(ascii: " ")
    }

    private mutating func parseBlock(indent: Int) throws(YAMLError) -> YAMLNode {
        skipBlank()
        let line = lines[index]
        if Self.isListItem(line.text) { return try parseList(indent: indent) }
        return try parseMap(indent: indent)
    }

    private mutating func parseList(indent: Int) throws(YAMLError) -> YAMLNode {
        let start = lines[index]
        var items: [YAMLNode] = []
        while true {
            skipBlank()
            guard index < lines.count else { break }
            let line = lines[index]
            try line.refuseTabIndent()
            guard line.indent == indent, Self.isListItem(line.text) else {
                if line.indent > indent {
                    throw YAMLError(line: line.number, column: line.indent + 1, message: "unexpected indentation inside a list; list items start with '- ' in the same column")
                }
                break
            }
            var content = Substring(line.text.utf8.dropFirst())
            var contentIndent = indent + 1
            while content.utf8.first == UInt8(ascii: " ") { content = Substring(content.utf8.dropFirst()); contentIndent += 1 }
            if Self.isBlank(content) {
                index += 1
                skipBlank()
                if index < lines.count, lines[index].indent > indent {
                    items.append(try parseBlock(indent: lines[index].indent))
                } else {
                    items.append(YAMLNode(.scalar(""), line: line.number, column: contentIndent + 1))
                }
            } else if Self.isListItem(content) || Self.mapKey(in: content) != nil {
                // "- key: value" or "- - x": the item is a nested block starting on this line.
                lines[index] = Line(number: line.number, indent: contentIndent, text: content)
                items.append(try parseBlock(indent: contentIndent))
            } else {
                index += 1
                items.append(try parseInlineValue(content, line: line.number, column: contentIndent + 1))
            }
        }
        return YAMLNode(.list(items), line: start.number, column: indent + 1)
    }

    private mutating func parseMap(indent: Int) throws(YAMLError) -> YAMLNode {
        let start = lines[index]
        var entries: [YAMLEntry] = []
        var seen = Set<String>()
        while true {
            skipBlank()
            guard index < lines.count else { break }
            let line = lines[index]
            try line.refuseTabIndent()
            if line.indent < indent { break }
            if line.indent > indent {
                throw YAMLError(line: line.number, column: line.indent + 1, message: "unexpected indentation; a key must line up with the keys above it")
            }
            if Self.isListItem(line.text) { break }
            guard let (key, valueStart) = Self.mapKey(in: line.text) else {
                if line.text.hasPrefix("---") || line.text.hasPrefix("...") {
                    throw YAMLError(line: line.number, column: 1, message: "a second YAML document is not supported here")
                }
                throw YAMLError(line: line.number, column: line.indent + 1, message: "expected 'key: value', found '\(line.text.prefix(40))'")
            }
            let keyColumn = line.indent + 1
            if seen.contains(key) {
                throw YAMLError(line: line.number, column: keyColumn, message: "duplicate key '\(key)'; each key may appear once")
            }
            seen.insert(key)
            var rest = line.text[valueStart...]
            var valueColumn = keyColumn + Self.columns(line.text[..<valueStart])
            while rest.utf8.first == UInt8(ascii: " ") { rest = Substring(rest.utf8.dropFirst()); valueColumn += 1 }
            index += 1
            let value: YAMLNode
            if Self.isBlank(rest) {
                skipBlank()
                if index < lines.count, lines[index].indent > indent {
                    value = try parseBlock(indent: lines[index].indent)
                } else if index < lines.count, lines[index].indent == indent, Self.isListItem(lines[index].text) {
                    value = try parseList(indent: indent) // "key:\n- a" at the same indent
                } else {
                    value = YAMLNode(.scalar(""), line: line.number, column: valueColumn)
                }
            } else if rest.first == "|" || rest.first == ">" {
                value = try parseBlockScalar(header: rest, parentIndent: indent, line: line.number, column: valueColumn)
            } else {
                value = try parseInlineValue(rest, line: line.number, column: valueColumn)
            }
            entries.append(YAMLEntry(key: key, line: line.number, column: keyColumn, value: value))
        }
        return YAMLNode(.map(entries), line: start.number, column: indent + 1)
    }

    /// Finds `key:` at the start of `text`; returns the key and where its value starts.
    private static func mapKey(in text: Substring) -> (String, Substring.Index)? {
        if let q = text.first, q == "\"" || q == "'" {
            guard let (key, end) = try? scanQuoted(text, quote: q, line: 0, column: 0) else { return nil }
            var i = end
            while i < text.endIndex, text[i] == " " { i = text.index(after: i) }
            guard i < text.endIndex, text[i] == ":" else { return nil }
            let after = text.index(after: i)
            guard after == text.endIndex || text[after] == " " else { return nil }
            return (key, after)
        }
        if let f = text.utf8.first, f == UInt8(ascii: "[") || f == UInt8(ascii: "{") || f == UInt8(ascii: "&") || f == UInt8(ascii: "*")
            || f == UInt8(ascii: "!") || f == UInt8(ascii: "|") || f == UInt8(ascii: ">") || f == UInt8(ascii: "%")
            || f == UInt8(ascii: "@") || f == UInt8(ascii: "`") { return nil }
        let u = text.utf8
        var i = u.startIndex
        var previous: UInt8 = 0
        while i < u.endIndex {
            let c = u[i]
            let after = u.index(after: i)
            if c == UInt8(ascii: ":"), after == u.endIndex || u[after] == UInt8(ascii: " ") {
                let key = Substring(u[u.startIndex..<i]).trimmingTrailingSpaces()
                return key.isEmpty ? nil : (String(key), after)
            }
            if c == UInt8(ascii: "#"), previous == UInt8(ascii: " ") { return nil }
            previous = c
            i = after
        }
        return nil
    }

    private mutating func parseBlockScalar(header: Substring, parentIndent: Int, line: Int, column: Int) throws(YAMLError) -> YAMLNode {
        let folded = header.first == ">"
        let modifiers = header.dropFirst().prefix { $0 != " " && $0 != "#" }
        let keep = modifiers.contains("+")
        let strip = modifiers.contains("-")
        var collected: [Substring] = []
        var blockIndent: Int?
        while index < lines.count {
            let l = lines[index]
            if l.text.isEmpty { collected.append(""); index += 1; continue }
            try l.refuseTabIndent()
            if l.indent <= parentIndent { break }
            if blockIndent == nil { blockIndent = l.indent }
            guard let bi = blockIndent, l.indent >= bi else { break }
            collected.append(Substring(String(repeating: " ", count: l.indent - bi)) + l.text)
            index += 1
        }
        var trailingBlank = 0
        while let last = collected.last, last.isEmpty { collected.removeLast(); trailingBlank += 1 }
        var text = ""
        if folded {
            var previousBlank = false
            for (i, part) in collected.enumerated() {
                if part.isEmpty { text += "\n"; previousBlank = true; continue }
                if i > 0 && !previousBlank && !text.hasSuffix("\n") { text += " " }
                text += part
                previousBlank = false
            }
        } else {
            text = collected.joined(separator: "\n")
        }
        if !strip && !collected.isEmpty { text += "\n" }
        if keep { text += String(repeating: "\n", count: trailingBlank) }
        return YAMLNode(.scalar(text), line: line, column: column)
    }

    // MARK: - Inline values

    private mutating func parseInlineValue(_ text: Substring, line: Int, column: Int) throws(YAMLError) -> YAMLNode {
        guard let first = text.first else { return YAMLNode(.scalar(""), line: line, column: column) }
        if first == "[" || first == "{" {
            // A flow collection may continue on the following lines until its brackets close.
            var joined = String(text)
            while !Self.flowIsBalanced(joined), index < lines.count {
                joined += " " + lines[index].text
                index += 1
            }
            var scanner = FlowScanner(text: Array(joined.unicodeScalars), line: line, column: column)
            let node = try scanner.parseValue()
            scanner.skipSpaces()
            if !scanner.atEnd && scanner.peek != "#" {
                throw YAMLError(line: line, column: scanner.currentColumn, message: "unexpected text after the closing bracket")
            }
            return node
        }
        if first == "\"" || first == "'" {
            let (value, end) = try Self.scanQuoted(text, quote: first, line: line, column: column)
            let tail = text[end...].drop { $0 == " " }
            if !tail.isEmpty && tail.first != "#" {
                throw YAMLError(line: line, column: column + text.distance(from: text.startIndex, to: end), message: "unexpected text after the closing quote")
            }
            return YAMLNode(.scalar(value), line: line, column: column)
        }
        // An anchor on a value written on the line, and an alias of one: Hugo sites name a value
        // once (`repo: &repo https://...`, `github_repo: *repo`; gRPC's site, its pages'
        // `language: &lang Java` and `linkTitle: *lang`). An anchor on a list or mapping below
        // its key, and tags, are not read.
        if first == "&" {
            let name = text.dropFirst().prefix { $0 != " " && $0 != "\t" }
            let rest = text.dropFirst(1 + name.count).drop { $0 == " " || $0 == "\t" }
            guard !name.isEmpty, !rest.isEmpty, rest.first != "#" else {
                throw YAMLError(line: line, column: column, message: "a YAML anchor on a list or mapping is not supported; write the value out")
            }
            let node = try parseInlineValue(rest, line: line, column: column + text.distance(from: text.startIndex, to: rest.startIndex))
            anchors[String(name)] = node
            return node
        }
        if first == "*" {
            let name = text.dropFirst().prefix { $0 != " " && $0 != "\t" && $0 != "#" }
            let tail = text.dropFirst(1 + name.count).drop { $0 == " " || $0 == "\t" }
            guard tail.isEmpty || tail.first == "#" else {
                throw YAMLError(line: line, column: column, message: "unexpected text after the alias *\(name)")
            }
            guard var node = anchors[String(name)] else {
                throw YAMLError(line: line, column: column, message: "alias *\(name) names no anchor above it; write the value out, or &\(name) on the value it repeats")
            }
            (node.line, node.column) = (line, column)
            return node
        }
        if first == "!" {
            throw YAMLError(line: line, column: column, message: "YAML tags are not supported; write the value out")
        }
        return YAMLNode(.scalar(Self.plainScalar(text)), line: line, column: column)
    }

    private static func plainScalar(_ text: Substring) -> String {
        let u = text.utf8
        var end = u.endIndex
        var i = u.startIndex
        var previous: UInt8 = 32
        while i < u.endIndex {
            if u[i] == UInt8(ascii: "#"), previous == 32 { end = i; break }
            previous = u[i]
            i = u.index(after: i)
        }
        return String(Substring(u[u.startIndex..<end]).trimmingTrailingSpaces())
    }

    private static func flowIsBalanced(_ text: String) -> Bool {
        var depth = 0
        var quote: Character?
        for c in text {
            if let q = quote { if c == q { quote = nil }; continue }
            switch c {
            case "\"", "'": quote = c
            case "[", "{": depth += 1
            case "]", "}": depth -= 1
            default: break
            }
        }
        return depth <= 0
    }

    static func scanQuoted(_ text: Substring, quote: Character, line: Int, column: Int) throws(YAMLError) -> (String, Substring.Index) {
        var out = ""
        var i = text.index(after: text.startIndex)
        while i < text.endIndex {
            let c = text[i]
            if c == quote {
                let next = text.index(after: i)
                if quote == "'", next < text.endIndex, text[next] == "'" {
                    out.append("'")
                    i = text.index(after: next)
                    continue
                }
                return (out, next)
            }
            if quote == "\"", c == "\\" {
                let next = text.index(after: i)
                guard next < text.endIndex else { break }
                switch text[next] {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "/": out.append("/")
                default:
                    throw YAMLError(line: line, column: column + text.distance(from: text.startIndex, to: i), message: "unknown escape '\\\(text[next])' in a double-quoted string")
                }
                i = text.index(after: next)
                continue
            }
            out.append(c)
            i = text.index(after: i)
        }
        throw YAMLError(line: line, column: column, message: "unterminated \(quote == "\"" ? "double" : "single")-quoted string; close it with \(quote)")
    }
}

/// Scans `[a, "b", {k: v}]` style flow collections.
private struct FlowScanner {
    var text: [Unicode.Scalar]
    var pos = 0
    let line: Int
    let column: Int

    var atEnd: Bool { pos >= text.count }
    var peek: Unicode.Scalar? { atEnd ? nil : text[pos] }
    var currentColumn: Int { column + pos }

    mutating func skipSpaces() { while let c = peek, c == " " { pos += 1 } }

    mutating func parseValue() throws(YAMLError) -> YAMLNode {
        skipSpaces()
        let col = currentColumn
        switch peek {
        case "[":
            pos += 1
            var items: [YAMLNode] = []
            while true {
                skipSpaces()
                if peek == "]" { pos += 1; break }
                if atEnd { throw YAMLError(line: line, column: col, message: "unclosed '['; end the list with ']'") }
                items.append(try parseValue())
                skipSpaces()
                if atEnd { throw YAMLError(line: line, column: col, message: "unclosed '['; end the list with ']'") }
                if peek == "," { pos += 1; continue }
                if peek == "]" { pos += 1; break }
                throw YAMLError(line: line, column: currentColumn, message: "expected ',' or ']' in a list")
            }
            return YAMLNode(.list(items), line: line, column: col)
        case "{":
            pos += 1
            var entries: [YAMLEntry] = []
            while true {
                skipSpaces()
                if peek == "}" { pos += 1; break }
                if atEnd { throw YAMLError(line: line, column: col, message: "unclosed '{'; end the map with '}'") }
                let keyCol = currentColumn
                let keyNode = try parseScalar(stopAtColon: true)
                skipSpaces()
                guard peek == ":" else { throw YAMLError(line: line, column: currentColumn, message: "expected ':' after a key in a map") }
                pos += 1
                let value = try parseValue()
                entries.append(YAMLEntry(key: keyNode.scalar ?? "", line: line, column: keyCol, value: value))
                skipSpaces()
                if peek == "," { pos += 1; continue }
                if peek == "}" { pos += 1; break }
                throw YAMLError(line: line, column: currentColumn, message: "expected ',' or '}' in a map")
            }
            return YAMLNode(.map(entries), line: line, column: col)
        default:
            return try parseScalar(stopAtColon: false)
        }
    }

    mutating func parseScalar(stopAtColon: Bool) throws(YAMLError) -> YAMLNode {
        skipSpaces()
        let col = currentColumn
        if let q = peek, q == "\"" || q == "'" {
            let rest = Substring(String(String.UnicodeScalarView(text[pos...])))
            let (value, end) = try YAMLSubsetParser.scanQuoted(rest, quote: Character(q), line: line, column: col)
            pos += rest.unicodeScalars.distance(from: rest.startIndex, to: end)
            return YAMLNode(.scalar(value), line: line, column: col)
        }
        var out = String.UnicodeScalarView()
        while let c = peek, c != ",", c != "]", c != "}", !(stopAtColon && c == ":") {
            out.append(c)
            pos += 1
        }
        return YAMLNode(.scalar(String(out).trimming(" ")), line: line, column: col)
    }
}

extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        let u = utf8
        var end = u.endIndex
        while end > u.startIndex {
            let before = u.index(before: end)
            guard u[before] == 32 || u[before] == 9 else { break }
            end = before
        }
        return Substring(u[u.startIndex..<end])
    }
}

extension String {
    /// Removes `set` from both ends.
    public func trimming(_ set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
