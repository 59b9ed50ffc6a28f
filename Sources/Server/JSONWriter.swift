import Foundation
import Handbook

/// Writes the API's JSON: objects with sorted keys and unescaped slashes, numbers and
/// strings as `JSONSerialization` writes them, without its cost (a bridged NSNumber per
/// value and a sort of AnyHashable keys per object). Keys are sorted by code point, which for
/// the API's keys (lowercase ASCII and underscores) is the order `JSONSerialization` uses.
enum JSONWriter {
    /// The JSON text of `value`, or nil when it holds a type the API does not send (the caller
    /// then falls back to `JSONSerialization`).
    static func data(_ value: Any) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        return write(value, to: &out) ? out : nil
    }

    private static func write(_ value: Any, to out: inout [UInt8]) -> Bool {
        // Most common first; NSNull last, since testing a Swift value for a class bridges it.
        switch value {
        case let s as String: string(s, to: &out)
        case let i as Int: out.append(contentsOf: String(i).utf8)
        case let b as Bool: out.append(contentsOf: (b ? "true" : "false").utf8)
        case let d as Double: return number(d, to: &out)
        case let object as [String: Any]:
            out.append(UInt8(ascii: "{"))
            for (n, key) in object.keys.sorted().enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                string(key, to: &out)
                out.append(UInt8(ascii: ":"))
                guard let v = object[key], write(v, to: &out) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        case let array as [Any]:
            out.append(UInt8(ascii: "["))
            for (n, element) in array.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                guard write(element, to: &out) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        case let i as Int64: out.append(contentsOf: String(i).utf8)
        case is NSNull: out.append(contentsOf: "null".utf8)
        default:
            return false
        }
        return true
    }

    /// Shortest round-trip digits, without a trailing `.0` (`1`, `0.5`, `1e+16`), as
    /// `JSONSerialization` writes doubles. Not-a-number and infinities have no JSON form.
    private static func number(_ d: Double, to out: inout [UInt8]) -> Bool {
        guard d.isFinite else { return false }
        var text = d.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        out.append(contentsOf: text.utf8)
        return true
    }

    private static func string(_ s: String, to out: inout [UInt8]) {
        JSONText.appendString(s, to: &out)
    }
}
