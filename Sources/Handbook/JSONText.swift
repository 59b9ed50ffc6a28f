/// JSON string literals, written byte by byte: for the server's API responses and for the
/// search index files the site loads as scripts.
public enum JSONText {
    private static let hex = Array("0123456789abcdef".utf8)

    /// Appends `s` as a JSON string literal, escaped as JSONSerialization does. With
    /// `scriptSafe`, `<` and the line separators U+2028 and U+2029 are escaped too, so the
    /// literal can stand in a script file or a `<script>` element.
    public static func appendString(_ s: String, to out: inout [UInt8], scriptSafe: Bool = false) {
        out.append(UInt8(ascii: "\""))
        let utf8 = s.utf8
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let byte = utf8[i]
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0x08: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "f"))
            case 0..<0x20: unicodeEscape(UInt16(byte), to: &out)
            case UInt8(ascii: "<") where scriptSafe: unicodeEscape(0x3C, to: &out)
            case 0xE2 where scriptSafe:
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8.
                let next = utf8.index(after: i)
                if next < utf8.endIndex, utf8[next] == 0x80, utf8.index(after: next) < utf8.endIndex {
                    let last = utf8[utf8.index(after: next)]
                    if last == 0xA8 || last == 0xA9 {
                        unicodeEscape(last == 0xA8 ? 0x2028 : 0x2029, to: &out)
                        i = utf8.index(after: utf8.index(after: next))
                        continue
                    }
                }
                out.append(byte)
            default: out.append(byte)
            }
            i = utf8.index(after: i)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `s` as a JSON string literal (see `appendString`).
    public static func string(_ s: String, scriptSafe: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 2)
        appendString(s, to: &out, scriptSafe: scriptSafe)
        return String(decoding: out, as: UTF8.self)
    }

    private static func unicodeEscape(_ v: UInt16, to out: inout [UInt8]) {
        out.append(contentsOf: "\\u".utf8)
        for shift in stride(from: 12, through: 0, by: -4) { out.append(hex[Int(v >> UInt16(shift) & 15)]) }
    }
}
