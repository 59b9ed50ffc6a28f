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

    /// Fills the template into bytes, the form files are written in (no String copy at the end).
    public func renderBytes(_ values: [String: String]) -> [UInt8] {
        renderBytes(capacity: 4096 + (values["main"]?.utf8.count ?? 0) + (values["aside"]?.utf8.count ?? 0)) { values[$0] }
    }

    /// Fills the template with what `value` gives each name (nil: nothing), into bytes with
    /// room for `capacity` reserved.
    public func renderBytes(capacity: Int, _ value: (String) -> String?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        for part in parts {
            switch part {
            case .text(let t): out.append(contentsOf: t.utf8)
            case .escaped(let name): out.append(contentsOf: HTML.escape(value(name) ?? "").utf8)
            case .raw(let name): if let v = value(name) { out.append(contentsOf: v.utf8) }
            }
        }
        return out
    }

    /// Fills the template. Values in `raw` must already be HTML; `text` values are escaped.
    public func render(_ values: [String: String]) -> String {
        String(decoding: renderBytes(values), as: UTF8.self)
    }
}
