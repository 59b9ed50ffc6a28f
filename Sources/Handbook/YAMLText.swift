/// Writes YAML that `YAMLParser` reads back unchanged: the front matter of imported
/// pages, `_category.yml` files and quiz case files.
public enum YAMLText {
    /// A YAML scalar: plain when nothing in it means something to YAML (`ip#ip-01` is
    /// plain: `#` starts a comment only after a space), else double-quoted.
    public static func scalar(_ s: String) -> String {
        let safe = s.unicodeScalars.allSatisfy { c in
            (c.properties.isAlphabetic || ("0"..."9").contains(c) || " ._/()+-#:".unicodeScalars.contains(c))
        }
        guard safe, let first = s.unicodeScalars.first, first.properties.isAlphabetic || ("0"..."9").contains(first),
              s.last != " ", s.last != ":", !s.contains(" #"), !s.contains(": ") else { return quoted(s) }
        return s
    }

    /// A double-quoted YAML string. Every character YAML does not take as it is is escaped:
    /// line breaks (CR, NEL, U+2028 and U+2029 break a line too, and a quoted line break reads
    /// back as a space), control characters and U+FFFE/U+FFFF, which libyaml refuses.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where c.value < 0x20 || (0x7F...0x9F).contains(c.value) || c.value == 0x2028 || c.value == 0x2029
                || c.value == 0xFEFF || c.value == 0xFFFE || c.value == 0xFFFF:
                let hex = String(c.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    /// `key: value` lines for a map's entries, nested lists and maps indented by two spaces.
    public static func entries(_ entries: [(String, YAMLNode)], indent: Int = 0) -> String {
        var out = ""
        let pad = String(repeating: " ", count: indent)
        for (key, value) in entries {
            switch value.kind {
            case .scalar(let s):
                out += "\(pad)\(key): \(scalar(s))\n"
            case .list(let items) where items.allSatisfy({ $0.scalar != nil }):
                out += "\(pad)\(key): [\(items.compactMap(\.scalar).map(quotedIfNeeded).joined(separator: ", "))]\n"
            case .list(let items):
                out += "\(pad)\(key):\n"
                for item in items { out += listItem(item, indent: indent + 2) }
            case .map(let inner):
                out += "\(pad)\(key):\n" + Self.entries(inner.map { ($0.key, $0.value) }, indent: indent + 2)
            }
        }
        return out
    }

    /// One `- item` of a block list.
    static func listItem(_ item: YAMLNode, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        switch item.kind {
        case .scalar(let s): return "\(pad)- \(scalar(s))\n"
        case .list: return "\(pad)-\n" + Self.entries([("items", item)], indent: indent + 2)
        case .map(let inner):
            let body = Self.entries(inner.map { ($0.key, $0.value) }, indent: indent + 2)
            return pad + "- " + body.dropFirst(indent + 2)
        }
    }

    /// A flow-list item: commas and brackets mean something there, so those are quoted.
    static func quotedIfNeeded(_ s: String) -> String {
        s.contains(",") || s.contains("[") || s.contains("]") ? quoted(s) : scalar(s)
    }
}
