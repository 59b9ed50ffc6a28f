/// Little-endian binary encoding for caches: fixed-width integers and length-prefixed strings.
public struct BinaryWriter {
    public init() {}
    public var out: [UInt8] = []
    public mutating func bytes(_ b: [UInt8]) { out += b }
    public mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
    public mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    public mutating func int(_ v: Int) { i64(Int64(v)) }
    public mutating func bool(_ v: Bool) { out.append(v ? 1 : 0) }
    public mutating func string(_ s: String) { int(s.utf8.count); out.append(contentsOf: s.utf8) }
    public mutating func optional(_ s: String?) { bool(s != nil); if let s { string(s) } }
    public mutating func strings(_ a: [String]) { int(a.count); for s in a { string(s) } }
    /// A variable-length unsigned integer (7 bits a byte), for compact lists of small numbers.
    public mutating func varint(_ v: Int) {
        var x = UInt64(v)
        while x >= 0x80 { out.append(UInt8(x & 0x7F) | 0x80); x >>= 7 }
        out.append(UInt8(x))
    }
}

/// Reads what `BinaryWriter` wrote; every read returns nil past the end or on bad data.
public struct BinaryReader {
    public let data: [UInt8]
    public var pos = 0
    public init(_ data: [UInt8]) { self.data = data }

    public mutating func expect(_ b: [UInt8]) -> Bool {
        guard pos + b.count <= data.count, Array(data[pos..<pos + b.count]) == b else { return false }
        pos += b.count
        return true
    }
    public mutating func u64() -> UInt64? {
        guard pos + 8 <= data.count else { return nil }
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(data[pos + k]) << (8 * UInt64(k)) }
        pos += 8
        return v
    }
    public mutating func i64() -> Int64? { u64().map { Int64(bitPattern: $0) } }
    public mutating func int() -> Int? {
        guard let v = i64(), v >= Int64(Int.min), v <= Int64(Int.max) else { return nil }
        return Int(v)
    }
    public mutating func bool() -> Bool? {
        guard pos < data.count else { return nil }
        defer { pos += 1 }
        return data[pos] != 0
    }
    public mutating func string() -> String? {
        guard let n = int(), n >= 0, pos + n <= data.count else { return nil }
        defer { pos += n }
        return String(decoding: data[pos..<pos + n], as: UTF8.self)
    }
    public mutating func optional() -> String?? {
        guard let present = bool() else { return nil }
        if !present { return .some(nil) }
        guard let s = string() else { return nil }
        return .some(s)
    }
    public mutating func strings() -> [String]? {
        guard let n = int(), n >= 0, n <= data.count else { return nil }
        var a: [String] = []
        a.reserveCapacity(n)
        for _ in 0..<n { guard let s = string() else { return nil }; a.append(s) }
        return a
    }
    public mutating func varint() -> Int? {
        var x: UInt64 = 0
        var shift: UInt64 = 0
        while pos < data.count, shift < 64 {
            let b = data[pos]
            pos += 1
            x |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return Int(truncatingIfNeeded: x) }
            shift += 7
        }
        return nil
    }
}
