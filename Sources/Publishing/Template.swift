import Handbook

/// A parsed template: `{{name}}` inserts an escaped value, `{{{name}}}` inserts HTML as is.
/// Unknown names render as nothing, so an overriding theme can drop or add slots freely.
public struct Template: Sendable {
    private enum Part: Sendable { case text(String), escaped(String), raw(String) }
    private let parts: [Part]
    /// Names the template refers to, for checking overrides.
    public let names: Set<String>

    /// Parses `source`; `file` is used in errors about unclosed tags.
    public init(_ source: String, file: String) throws(HandbookError) {
        var parts: [Part] = []
        var names = Set<String>()
        var rest = Substring(source)
        var line = 1
        while let open = rest.byteRange(of: "{{") {
            let text = rest[..<open.lowerBound]
            parts.append(.text(String(text)))
            line += text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
            let afterOpen = rest[open.upperBound...]
            let raw = afterOpen.hasPrefix("{")
            let nameStart = raw ? afterOpen.dropFirst() : afterOpen
            guard let close = nameStart.byteRange(of: raw ? "}}}" : "}}") else {
                throw HandbookError(file: file, line: line, "template tag '{{' is not closed; write {{name}} or {{{name}}}")
            }
            let name = String(nameStart[..<close.lowerBound]).trimming(" ")
            names.insert(name)
            parts.append(raw ? .raw(name) : .escaped(name))
            rest = nameStart[close.upperBound...]
        }
        parts.append(.text(String(rest)))
        self.parts = parts
        self.names = names
    }

    /// Fills the template. Values in `raw` must already be HTML; `text` values are escaped.
    public func render(_ values: [String: String]) -> String {
        var out = ""
        out.reserveCapacity(4096 + (values["main"]?.utf8.count ?? 0))
        for part in parts {
            switch part {
            case .text(let t): out += t
            case .escaped(let name): out += HTML.escape(values[name] ?? "")
            case .raw(let name): out += values[name] ?? ""
            }
        }
        return out
    }
}
