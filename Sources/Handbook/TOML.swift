import CTOMLShim

/// A TOML syntax error: toml++'s description, at a 1-based position in the file.
public struct TOMLError: Error, Sendable, Hashable {
    public var line: Int
    public var column: Int
    public var message: String
}

/// TOML, read by toml++ (Debian's libtomlplusplus-dev, through the C interface of CTOMLShim):
/// Hugo's `+++` front matter and its `hugo.toml`/`config.toml`. The document becomes the tree
/// YAML front matter gives, so both are read by the same code: strings, integers (in decimal),
/// booleans and floats become scalars, dates and times too, as written (`2024-01-02`,
/// `1979-05-27T07:32:00Z`); arrays become lists; tables, inline tables and each table of an
/// array of tables become maps, their keys in the order the document writes them. This is the
/// one file that imports CTOMLShim.
enum TOML {
    /// The document `text` as a map node; its first line is line `firstLine` of the file.
    static func parse(_ text: String, firstLine: Int = 1) throws(TOMLError) -> YAMLNode {
        var text = text
        guard let document = text.withUTF8({ ctoml_parse($0.baseAddress, $0.count) }) else {
            throw TOMLError(line: firstLine, column: 1, message: "out of memory")
        }
        defer { ctoml_free(document) }
        var line: UInt32 = 0
        var column: UInt32 = 0
        if let message = ctoml_error(document, &line, &column) {
            throw TOMLError(line: firstLine - 1 + max(Int(line), 1), column: max(Int(column), 1), message: String(cString: message))
        }
        let nodes = UnsafeBufferPointer(start: ctoml_nodes(document), count: ctoml_node_count(document))
        guard !nodes.isEmpty else { return YAMLNode(.map([]), line: firstLine, column: 1) }
        var next = 0
        return tree(nodes, &next, firstLine: firstLine).value
    }

    /// The node at `next` with its children (advancing `next` past them), and its key if it
    /// is a table's entry.
    private static func tree(_ nodes: UnsafeBufferPointer<ctoml_node>, _ next: inout Int, firstLine: Int) -> (key: YAMLEntry?, value: YAMLNode) {
        let node = nodes[next]
        let isRoot = next == 0
        next += 1
        func text(_ start: UnsafePointer<CChar>?, _ count: Int) -> String {
            String(decoding: UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : count), as: UTF8.self)
        }
        func line(_ l: UInt32) -> Int { firstLine - 1 + max(Int(l), 1) }
        let kind: YAMLNode.Kind
        switch node.kind {
        case .CTOML_TABLE:
            var entries: [YAMLEntry] = []
            for _ in 0..<node.children {
                if let entry = tree(nodes, &next, firstLine: firstLine).key { entries.append(entry) }
            }
            kind = .map(entries)
        case .CTOML_ARRAY:
            var items: [YAMLNode] = []
            for _ in 0..<node.children { items.append(tree(nodes, &next, firstLine: firstLine).value) }
            kind = .list(items)
        default:
            kind = .scalar(text(node.text, node.text_length))
        }
        // The root table starts where the document does.
        let value = isRoot ? YAMLNode(kind, line: firstLine, column: 1)
            : YAMLNode(kind, line: line(node.line), column: max(Int(node.column), 1))
        guard let key = node.key else { return (nil, value) }
        return (YAMLEntry(key: text(key, node.key_length), line: line(node.key_line), column: max(Int(node.key_column), 1), value: value), value)
    }
}
