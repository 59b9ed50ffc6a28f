import CYAML

/// A value read from YAML (front matter, `_category.yml`, `casebook.yml`, quiz files): a
/// scalar's text, a list or a map, with the line and column it starts at. Scalars stay text
/// (`version: 3.10` is "3.10", `draft: no` is "no"): each key's reader decides what they mean.
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
    /// The node's tag when it has one of its own (`!ENV` in `site_url: !ENV RTD_URL`, MkDocs'
    /// environment variable; `!!python/name:...`), nil for none and for YAML's standard tags
    /// (`!!str`, `!!int`, ...), which only say what the text already is.
    public var tag: String?

    public init(_ kind: Kind, line: Int, column: Int, tag: String? = nil) {
        self.kind = kind
        self.line = line
        self.column = column
        self.tag = tag
    }

    /// A configuration file's value as text: nil when a tag says the text is not the value
    /// (`!ENV VARIABLE` names a variable; `!ENV [VARIABLE, default]` gives the default).
    public var configScalar: String? {
        guard let tag else { return scalar }
        if tag == "!ENV", case .list(let items) = kind, items.count > 1 { return items.last?.scalar }
        return nil
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

/// Reads YAML with libyaml's event parser (all of YAML 1.1's syntax: block and flow
/// collections, plain, quoted and block scalars, anchors and aliases, tags, comments) into
/// `YAMLNode`s, with YAML 1.1's merge key (`<<: *defaults`), which libyaml leaves to its users. On top of libyaml it requires what Casebook's files need: one document whose
/// top level is a map, text keys, each key once per map; and it words libyaml's commonest
/// errors as what to do ("tab used for indentation; indent with spaces").
public enum YAMLParser {
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

    /// Parses `text`, whose first line is line `firstLine` of the file. Returns a map node
    /// (empty when the text holds no keys).
    public static func parse(_ text: String, firstLine: Int = 1) throws(YAMLError) -> YAMLNode {
        var bytes = Array(text.utf8)
        // YAML allows tabs before a comment on a line of its own (`\t# note` after a multi-line
        // flow list, as Hugo sites write), which libyaml 0.2 refuses as the start of a token.
        // Such a line's tabs become spaces (one byte for one: lines and columns stay) and the
        // text is read again; only lines libyaml refused are touched, so a block scalar's text
        // never is.
        while true {
            var tabLine: Int?
            let result = bytes.withUnsafeBufferPointer { buffer in
                let reader = EventReader(buffer, firstLine: firstLine)
                defer { tabLine = reader.tabBeforeComment }
                return Result { () throws(YAMLError) -> YAMLNode in try reader.document() }
            }
            guard case .failure = result, var i = tabLine else { return try result.get() }
            while i < bytes.count, bytes[i] == 9 || bytes[i] == 32 { bytes[i] = 32; i += 1 }
        }
    }
}

/// The events of one parse, turned into nodes. A class so that libyaml's parser, which points
/// at itself once given its input, never moves; `deinit` frees it.
private final class EventReader {
    private let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    private let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
    private var holdsEvent = false
    private let buffer: UnsafeBufferPointer<UInt8>
    private let firstLine: Int
    /// Values named by an anchor (`repo: &repo https://...`), for the aliases after it (`*repo`).
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    /// Nodes made so far, an alias counting as the nodes it repeats: a few lines of aliases of
    /// aliases ("billion laughs") would otherwise stand for more nodes than memory holds.
    private var nodes = 0
    /// Where the line starts when the parse failed on a tab before a comment on a line of its own.
    private(set) var tabBeforeComment: Int?
    static let nodeLimit = 1_000_000
    static let depthLimit = 64

    init(_ buffer: UnsafeBufferPointer<UInt8>, firstLine: Int) {
        self.buffer = buffer
        self.firstLine = firstLine
        yaml_parser_initialize(parser)
        if let base = buffer.baseAddress {
            yaml_parser_set_input_string(parser, base, buffer.count)
        } else {
            yaml_parser_set_input_string(parser, "", 0)
        }
    }

    deinit {
        if holdsEvent { yaml_event_delete(event) }
        yaml_parser_delete(parser)
        parser.deallocate()
        event.deallocate()
    }

    // MARK: - Events

    private var type: yaml_event_type_t { event.pointee.type }

    private func advance() throws(YAMLError) {
        if holdsEvent { yaml_event_delete(event); holdsEvent = false }
        guard yaml_parser_parse(parser, event) == 1 else { throw failure() }
        holdsEvent = true
    }

    private func position(_ mark: yaml_mark_t) -> (line: Int, column: Int) {
        (Int(mark.line) + firstLine, Int(mark.column) + 1)
    }

    private func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?, _ length: Int) -> String {
        guard let pointer else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    private func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    // MARK: - Document

    func document() throws(YAMLError) -> YAMLNode {
        try advance() // the stream's start
        try advance()
        if type == YAML_STREAM_END_EVENT { return YAMLNode(.map([]), line: firstLine, column: 1) }
        try advance() // past the document's start
        let root = try node(depth: 0)
        try advance() // the document's end
        try advance()
        if type != YAML_STREAM_END_EVENT {
            let at = position(event.pointee.start_mark)
            throw YAMLError(line: at.line, column: at.column, message: "a second YAML document is not supported here; remove the '---' line and what follows it, or make them one document")
        }
        switch root.kind {
        case .map: return root
        case .scalar(""): return YAMLNode(.map([]), line: firstLine, column: 1) // "---" alone
        default:
            throw YAMLError(line: root.line, column: root.column, message: "expected 'key: value' lines at the top level")
        }
    }

    /// The node whose first event is the current one; leaves its last event current.
    private func node(depth: Int) throws(YAMLError) -> YAMLNode {
        let e = event.pointee
        let (line, column) = position(e.start_mark)
        guard depth < Self.depthLimit else {
            throw YAMLError(line: line, column: column, message: "lists and maps nested more than \(Self.depthLimit) deep; Casebook's files never need that many")
        }
        let start = nodes
        var anchor: String?
        let made: YAMLNode
        switch e.type {
        case YAML_ALIAS_EVENT:
            let alias = name(e.data.alias.anchor) ?? ""
            guard let named = anchors[alias] else {
                throw YAMLError(line: line, column: column, message: "alias *\(alias) names no anchor above it; write the value out, or &\(alias) on the value it repeats")
            }
            try count(named.size, line: line, column: column)
            var copy = named.node
            (copy.line, copy.column) = (line, column)
            return copy
        case YAML_SCALAR_EVENT:
            anchor = name(e.data.scalar.anchor)
            try count(1, line: line, column: column)
            made = YAMLNode(.scalar(text(e.data.scalar.value, e.data.scalar.length)), line: line, column: column, tag: ownTag(e.data.scalar.tag))
        case YAML_SEQUENCE_START_EVENT:
            // The anchor and tag are read now: the next event frees this one's.
            anchor = name(e.data.sequence_start.anchor)
            let tag = ownTag(e.data.sequence_start.tag)
            try count(1, line: line, column: column)
            var items: [YAMLNode] = []
            while true {
                try advance()
                if type == YAML_SEQUENCE_END_EVENT { break }
                items.append(try node(depth: depth + 1))
            }
            made = YAMLNode(.list(items), line: line, column: column, tag: tag)
        case YAML_MAPPING_START_EVENT:
            anchor = name(e.data.mapping_start.anchor)
            let tag = ownTag(e.data.mapping_start.tag)
            try count(1, line: line, column: column)
            var entries: [YAMLEntry] = []
            var seen = Set<String>()
            var merged: [YAMLEntry] = []
            while true {
                try advance()
                if type == YAML_MAPPING_END_EVENT { break }
                let keyNode = try node(depth: depth + 1)
                let plainKey = type == YAML_SCALAR_EVENT && event.pointee.data.scalar.style == YAML_PLAIN_SCALAR_STYLE
                guard let key = keyNode.scalar else {
                    throw YAMLError(line: keyNode.line, column: keyNode.column, message: "a key must be text, not a list or a map")
                }
                if !seen.insert(key).inserted {
                    throw YAMLError(line: keyNode.line, column: keyNode.column, message: "duplicate key '\(key)'; each key may appear once")
                }
                try advance()
                let value = try node(depth: depth + 1)
                if key == "<<", plainKey {
                    // A merge (`<<: *defaults`, `<<: [*a, *b]`): the map's keys, or the maps' (the
                    // first one's win), where this map has none of its own.
                    let maps = value.mapEntries.map { [$0] } ?? value.listItems?.compactMap(\.mapEntries)
                    guard let maps, maps.count == (value.mapEntries == nil ? value.listItems?.count : 1) else {
                        throw YAMLError(line: value.line, column: value.column, message: "'<<' merges a map into this one: write '<<: *name' with &name on a map, or a list of such aliases")
                    }
                    for map in maps { for entry in map where !merged.contains(where: { $0.key == entry.key }) { merged.append(entry) } }
                    continue
                }
                entries.append(YAMLEntry(key: key, line: keyNode.line, column: keyNode.column, value: value))
            }
            for entry in merged where !seen.contains(entry.key) { entries.append(entry) }
            made = YAMLNode(.map(entries), line: line, column: column, tag: tag)
        default:
            throw YAMLError(line: line, column: column, message: "unexpected YAML here")
        }
        if let anchor { anchors[anchor] = (made, nodes - start) }
        return made
    }

    /// A node's tag unless it is one of YAML's own types (`!!str` is `tag:yaml.org,2002:str`);
    /// another `!!` tag is given back as written (`!!python/name:...`).
    private func ownTag(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let tag = name(pointer) else { return nil }
        let yaml = "tag:yaml.org,2002:"
        guard tag.hasPrefix(yaml) else { return tag }
        let type = tag.dropFirst(yaml.count)
        return Self.standardTypes.contains(String(type)) ? nil : "!!" + type
    }

    static let standardTypes: Set<String> = ["str", "int", "float", "bool", "null", "seq", "map", "timestamp", "binary", "merge", "omap", "pairs", "set", "value"]

    private func count(_ n: Int, line: Int, column: Int) throws(YAMLError) {
        nodes += n
        if nodes > Self.nodeLimit {
            throw YAMLError(line: line, column: column, message: "more than \(Self.nodeLimit) values once aliases are repeated; write the values out instead of aliases of aliases")
        }
    }

    // MARK: - Errors

    /// libyaml's error, placed where it is, and worded as what to do for the errors people
    /// make by hand.
    private func failure() -> YAMLError {
        let p = parser.pointee
        let problem = p.problem.map { String(cString: $0) } ?? "the YAML cannot be read"
        let context = p.context.map { String(cString: $0) }
        if p.error == YAML_READER_ERROR {
            let (line, column) = lineAndColumn(ofByte: Int(p.problem_offset))
            if p.problem_value >= 0, let scalar = Unicode.Scalar(UInt32(p.problem_value)) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                let kind = scalar.properties.generalCategory == .control ? "control character" : "character"
                return YAMLError(line: line, column: column, message: "the \(kind) \(code) is not allowed in YAML; remove it, or write it as \"\\u\(code.dropFirst(2))\" in a double-quoted string")
            }
            return YAMLError(line: line, column: column, message: problem)
        }
        let at = position(p.problem_mark)
        let from = position(p.context_mark)
        let found = character(at: p.problem_mark)
        func error(_ message: String, _ place: (line: Int, column: Int)? = nil) -> YAMLError {
            let place = place ?? at
            return YAMLError(line: place.line, column: place.column, message: message)
        }
        if problem == "found character that cannot start any token", found == "\t" {
            let start = lineStart(Int(p.problem_mark.line))
            var i = start
            while i < buffer.count, buffer[i] == 9 || buffer[i] == 32 { i += 1 }
            if i == buffer.count || buffer[i] == 10 || buffer[i] == 13 || buffer[i] == UInt8(ascii: "#") { tabBeforeComment = start }
        }
        switch problem {
        case _ where problem.contains("tab character"),
             "found character that cannot start any token" where found == "\t":
            return error("tab used for indentation; indent with spaces")
        case "found character that cannot start any token":
            let c = found.map { "'\($0)'" } ?? "this character"
            return error("\(c) cannot start a value; put the value in quotes (\"...\")")
        case "found unexpected end of stream" where context == "while scanning a quoted scalar":
            let quote = character(at: p.context_mark) == "'" ? "single" : "double"
            return error("unterminated \(quote)-quoted string; close it with \(quote == "single" ? "'" : "\"")", from)
        case "found unknown escape character":
            var next = p.problem_mark
            next.column += 1
            let c = character(at: next).map { "'\\\($0)'" } ?? "escape"
            return error("unknown escape \(c) in a double-quoted string; write \\\\ for a backslash, or use single quotes")
        case "did not find expected ',' or ']'", "did not find expected ',' or '}'":
            let (open, close, what) = problem.hasSuffix("']'") ? ("[", "]", "list") : ("{", "}", "map")
            // A list may go on over lines, so libyaml stops lines below a bracket left open
            // (`title: [draft] Fakes` reads on into the next key): name the bracket.
            if Int(p.problem_mark.index) >= buffer.count || found == nil || p.problem_mark.line > p.context_mark.line {
                return error("unclosed '\(open)'; end the \(what) with '\(close)', or put a value that starts with '\(open)' in quotes", from)
            }
            return error("expected ',' or '\(close)' in the \(what) that starts on line \(from.line)")
        case "mapping values are not allowed in this context":
            return error("': ' where no key can start: put a value that holds ': ' in quotes (title: \"A: B\"), and line a key up with the keys above it")
        case "did not find expected key":
            return error("expected a key lined up with the keys of the map that starts on line \(from.line); check this line's indentation, or put the value above in quotes")
        case "did not find expected '-' indicator":
            return error("expected '- ' lined up with the list items from line \(from.line); check this line's indentation")
        case "could not find expected ':'":
            return error("expected 'key: value' on line \(from.line); add ': ' after the key, or put the text in quotes", from)
        case "block sequence entries are not allowed in this context":
            return error("a list cannot start on the line of its key ('key: - item'); put each '- item' on a line of its own below the key, or put the value in quotes")
        case "did not find expected alphabetic or numeric character" where context == "while scanning an anchor" || context == "while scanning an alias":
            return error("'\(context == "while scanning an anchor" ? "&" : "*")' needs a name after it; put a value that starts with '&' or '*' in quotes", from)
        case "did not find expected node content":
            let c = found.map { "'\($0)'" } ?? "this character"
            return error("\(c) cannot start a value here; put the value in quotes")
        case "did not find expected hexdecimal number", "found invalid Unicode character escape code":
            return error("a \\x, \\u or \\U escape needs 2, 4 or 8 hexadecimal digits (\\u00e9); write \\\\ for a backslash, or use single quotes")
        case "did not find expected comment or line break" where context == "while scanning a block scalar":
            return error("after '|' or '>' only '+', '-', an indentation digit or a comment may follow; start the text on the next line", from)
        case "found unexpected document indicator":
            return error("a line '---' or '...' inside a quoted string ends the YAML; indent it, or use a '|' block")
        case "but found another document":
            return error("a second YAML document is not supported here; remove the '---' line and what follows it, or make them one document")
        default:
            return error(problem + (context.map { " (\($0) from line \(from.line))" } ?? ""))
        }
    }

    /// The character a mark points at, or nil at the end of the text. libyaml counts lines
    /// and columns in characters; line breaks are LF, CRLF or CR.
    private func character(at mark: yaml_mark_t) -> Character? {
        var i = lineStart(Int(mark.line))
        let n = buffer.count
        var column = 0
        while column < Int(mark.column), i < n {
            i += 1
            while i < n, buffer[i] & 0xC0 == 0x80 { i += 1 }
            column += 1
        }
        guard i < n else { return nil }
        var end = i + 1
        while end < n, buffer[end] & 0xC0 == 0x80 { end += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[i..<end]), as: UTF8.self).first
    }

    /// Where 0-based line `line` starts in the text.
    private func lineStart(_ line: Int) -> Int {
        var i = 0
        var count = 0
        let n = buffer.count
        while count < line, i < n {
            if buffer[i] == 10 { count += 1 } else if buffer[i] == 13 { count += 1; if i + 1 < n, buffer[i + 1] == 10 { i += 1 } }
            i += 1
        }
        return i
    }

    /// The line and column of a byte offset (libyaml's reader errors give only the offset).
    private func lineAndColumn(ofByte offset: Int) -> (Int, Int) {
        var line = firstLine
        var column = 1
        for i in 0..<min(offset, buffer.count) {
            if buffer[i] == 10 { line += 1; column = 1 } else if buffer[i] & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }
}
