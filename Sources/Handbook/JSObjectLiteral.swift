/// The object a JavaScript or TypeScript module exports as its default, when it is written out
/// as plain data: Nextra's `_meta.js` and `_meta.ts` (Nextra 3 and 4 put each folder's page
/// titles and order there, not in `_meta.json`):
///
/// ```ts
/// import type { MetaRecord } from 'nextra'
/// const meta: MetaRecord = {
///   index: 'Introduction',            // a page's title
///   'counterfeit-goods': { title: 'Fakes', type: 'page' },
///   '---': { type: 'separator' },
/// }
/// export default meta
/// ```
///
/// Keys quoted or not, strings in any quotes (a template literal without `${`), numbers,
/// `true`/`false`/`null`, nested objects and arrays, comments and trailing commas are read,
/// keys in order, into the `YAMLNode` tree the YAML files of other tools give. An entry whose
/// value is code (a JSX title, a function, a variable, `${}`) is left out and the others read;
/// code anywhere else (a spread, an object that is not plain, an end not found) makes the whole
/// file unreadable (nil). Nothing is ever run.
enum JSObjectLiteral {
    /// The default export of `source` as a map, or nil.
    static func exportedObject(_ source: String) -> YAMLNode? {
        let s = Array(source.utf8)
        // ES modules' `export default x`, or CommonJS' `module.exports = x` (Docusaurus'
        // `sidebars.js`).
        var k: Int
        if let export = find(Array("export default".utf8), in: s, from: 0) {
            k = skipSpace(s, export + 14)
        } else if let export = find(Array("module.exports".utf8), in: s, from: 0) {
            k = skipSpace(s, export + 14)
            guard k < s.count, s[k] == UInt8(ascii: "=") else { return nil }
            k = skipSpace(s, k + 1)
        } else {
            return nil
        }
        if k < s.count, s[k] != UInt8(ascii: "{") {
            // `export default meta`: the object assigned to that name (`const meta: MetaRecord = {`).
            let name = s[k...].prefix { isIdentifier($0) }
            guard !name.isEmpty else { return nil }
            var search = 0
            var start: Int?
            while let at = find(Array(name), in: s, from: search) {
                search = at + name.count
                let before = at > 0 ? s[at - 1] : 32
                guard !isIdentifier(before), at + name.count < s.count, !isIdentifier(s[at + name.count]) else { continue }
                // Skip a type annotation up to the `=`; the object must follow it.
                var j = skipSpace(s, at + name.count)
                if j < s.count, s[j] == UInt8(ascii: ":") { while j < s.count, s[j] != UInt8(ascii: "="), s[j] != 10 { j += 1 } }
                guard j < s.count, s[j] == UInt8(ascii: "=") else { continue }
                j = skipSpace(s, j + 1)
                if j < s.count, s[j] == UInt8(ascii: "{") { start = j; break }
            }
            guard let start else { return nil }
            k = start
        }
        var reader = Reader(s: s, k: k)
        guard let value = reader.value(depth: 0), case .map = value.kind else { return nil }
        return value
    }

    static func isIdentifier(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 36 || b >= 0x80
    }

    static func skipSpace(_ s: [UInt8], _ from: Int) -> Int {
        var k = from
        while k < s.count, s[k] == 32 || s[k] == 9 || s[k] == 10 || s[k] == 13 { k += 1 }
        return k
    }

    static func find(_ needle: [UInt8], in s: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, s.count >= needle.count else { return nil }
        var k = from
        while k + needle.count <= s.count {
            if s[k] == needle[0], s[k..<(k + needle.count)].elementsEqual(needle) { return k }
            k += 1
        }
        return nil
    }

    private struct Reader {
        let s: [UInt8]
        var k: Int

        /// Skips white space and comments.
        mutating func skip() {
            while k < s.count {
                let b = s[k]
                if b == 32 || b == 9 || b == 10 || b == 13 { k += 1; continue }
                if b == UInt8(ascii: "/"), k + 1 < s.count, s[k + 1] == UInt8(ascii: "/") {
                    while k < s.count, s[k] != 10 { k += 1 }
                    continue
                }
                if b == UInt8(ascii: "/"), k + 1 < s.count, s[k + 1] == UInt8(ascii: "*") {
                    k += 2
                    while k + 1 < s.count, !(s[k] == UInt8(ascii: "*") && s[k + 1] == UInt8(ascii: "/")) { k += 1 }
                    k += 2
                    continue
                }
                return
            }
        }

        mutating func value(depth: Int) -> YAMLNode? {
            guard depth < 64 else { return nil }
            skip()
            guard k < s.count else { return nil }
            let at = 1 // lines are not kept: nothing reads them from a navigation file
            switch s[k] {
            case UInt8(ascii: "{"):
                k += 1
                var entries: [YAMLEntry] = []
                while true {
                    skip()
                    guard k < s.count else { return nil }
                    if s[k] == UInt8(ascii: "}") { k += 1; return YAMLNode(.map(entries), line: at, column: 1) }
                    let keyLine = at
                    guard let key = self.key() else { return nil }
                    skip()
                    guard k < s.count, s[k] == UInt8(ascii: ":") else { return nil }
                    k += 1
                    let valueStart = k
                    if let v = value(depth: depth + 1) {
                        // A key given twice: the last wins, as in JavaScript.
                        entries.removeAll { $0.key == key }
                        entries.append(YAMLEntry(key: key, line: keyLine, column: 1, value: v))
                    } else {
                        // Code as one entry's value (a JSX title, a function): that entry is left
                        // out, the others are read, when the code's end can be found.
                        k = valueStart
                        guard skipCode() else { return nil }
                    }
                    skip()
                    guard k < s.count else { return nil }
                    if s[k] == UInt8(ascii: ",") { k += 1; continue }
                    guard s[k] == UInt8(ascii: "}") else { return nil }
                }
            case UInt8(ascii: "["):
                k += 1
                var items: [YAMLNode] = []
                while true {
                    skip()
                    guard k < s.count else { return nil }
                    if s[k] == UInt8(ascii: "]") { k += 1; return YAMLNode(.list(items), line: at, column: 1) }
                    guard let v = value(depth: depth + 1) else { return nil }
                    items.append(v)
                    skip()
                    guard k < s.count else { return nil }
                    if s[k] == UInt8(ascii: ",") { k += 1; continue }
                    guard s[k] == UInt8(ascii: "]") else { return nil }
                }
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
                return string().map { YAMLNode(.scalar($0), line: at, column: 1) }
            default:
                // A number or a literal; an identifier (a variable, a function, JSX) is code.
                let word = s[k...].prefix { JSObjectLiteral.isIdentifier($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }
                let text = String(decoding: word, as: UTF8.self)
                guard !word.isEmpty, ["true", "false", "null"].contains(text) || Double(text) != nil else { return nil }
                k += word.count
                return YAMLNode(.scalar(text == "null" ? "" : text), line: at, column: 1)
            }
        }

        /// Skips a value that is code, up to the `,` or `}` that ends it (brackets balanced,
        /// strings skipped); false when its end cannot be found.
        mutating func skipCode() -> Bool {
            var depth = 0
            while k < s.count {
                let b = s[k]
                switch b {
                case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if depth == 0 { return b == UInt8(ascii: "}") }
                    depth -= 1
                case UInt8(ascii: ","):
                    if depth == 0 { return true }
                case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
                    guard string() != nil else { return false }
                    continue
                default:
                    break
                }
                k += 1
            }
            return false
        }

        /// A key: an identifier, a string or a number.
        mutating func key() -> String? {
            if s[k] == UInt8(ascii: "'") || s[k] == UInt8(ascii: "\"") || s[k] == UInt8(ascii: "`") { return string() }
            let word = s[k...].prefix { JSObjectLiteral.isIdentifier($0) }
            guard !word.isEmpty else { return nil }
            k += word.count
            return String(decoding: word, as: UTF8.self)
        }

        /// A quoted string, its escapes read; nil for a template literal with `${`.
        mutating func string() -> String? {
            let quote = s[k]
            k += 1
            var out: [UInt8] = []
            while k < s.count {
                let b = s[k]
                if b == quote { k += 1; return String(decoding: out, as: UTF8.self) }
                if b == 10, quote != UInt8(ascii: "`") { return nil }
                if quote == UInt8(ascii: "`"), b == UInt8(ascii: "$"), k + 1 < s.count, s[k + 1] == UInt8(ascii: "{") { return nil }
                if b == UInt8(ascii: "\\"), k + 1 < s.count {
                    let e = s[k + 1]
                    k += 2
                    switch e {
                    case UInt8(ascii: "n"): out.append(10)
                    case UInt8(ascii: "t"): out.append(9)
                    case UInt8(ascii: "u"):
                        guard k + 4 <= s.count, let code = UInt32(String(decoding: s[k..<(k + 4)], as: UTF8.self), radix: 16),
                              let scalar = Unicode.Scalar(code) else { return nil }
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                        k += 4
                    case 10: break // a line continued
                    default: out.append(e)
                    }
                    continue
                }
                out.append(b)
                k += 1
            }
            return nil
        }
    }
}
