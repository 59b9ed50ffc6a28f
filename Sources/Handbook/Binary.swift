/// Little-endian binary encoding for caches: fixed-width integers and length-prefixed strings.
public struct BinaryWriter {
    public init() {}
    public var out: [UInt8] = []
    public mutating func bytes(_ b: [UInt8]) { out += b }
    public mutating func bytes(_ b: ArraySlice<UInt8>) { out += b }
    public mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
    public mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    /// A signed integer as a zigzag varint: small counts, lines and lengths take one byte.
    public mutating func int(_ v: Int) { varint64(UInt64(bitPattern: Int64((v << 1) ^ (v >> 63)))) }
    public mutating func bool(_ v: Bool) { out.append(v ? 1 : 0) }
    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            varint(utf8.count)
            out.append(contentsOf: utf8)
        }
    }
    public mutating func optional(_ s: String?) { bool(s != nil); if let s { string(s) } }
    public mutating func strings(_ a: [String]) { int(a.count); for s in a { string(s) } }
    /// A variable-length unsigned integer (7 bits a byte), for compact lists of small numbers.
    public mutating func varint(_ v: Int) { varint64(UInt64(truncatingIfNeeded: v)) }
    private mutating func varint64(_ v: UInt64) {
        var x = v
        while x >= 0x80 { out.append(UInt8(x & 0x7F) | 0x80); x >>= 7 }
        out.append(UInt8(x))
    }
}

/// Reads what `BinaryWriter` wrote; every read returns nil past the end or on bad data.
public struct BinaryReader {
    public let data: [UInt8]
    public var pos: Int
    /// Reads stop here (the end of `data`, or of the part being read).
    public let end: Int
    public init(_ data: [UInt8]) { self.init(data, range: 0..<data.count) }
    /// A reader of `range` of `data` only (the buffer is shared, not copied).
    public init(_ data: [UInt8], range: Range<Int>) {
        self.data = data
        pos = max(0, min(range.lowerBound, data.count))
        end = max(pos, min(range.upperBound, data.count))
    }

    public mutating func expect(_ b: [UInt8]) -> Bool {
        guard pos + b.count <= end, data[pos..<pos + b.count].elementsEqual(b) else { return false }
        pos += b.count
        return true
    }
    public mutating func u64() -> UInt64? {
        guard pos + 8 <= end else { return nil }
        let v = data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: pos, as: UInt64.self) }
        pos += 8
        return UInt64(littleEndian: v)
    }
    public mutating func i64() -> Int64? { u64().map { Int64(bitPattern: $0) } }
    public mutating func int() -> Int? {
        guard let z = varint64() else { return nil }
        return Int(truncatingIfNeeded: Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))))
    }
    public mutating func bool() -> Bool? {
        guard pos < end else { return nil }
        defer { pos += 1 }
        return data[pos] != 0
    }
    public mutating func string() -> String? {
        guard let n = varint(), n >= 0, n <= end - pos else { return nil }
        defer { pos += n }
        return data.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[pos..<pos + n]), as: UTF8.self) }
    }
    public mutating func optional() -> String?? {
        guard let present = bool() else { return nil }
        if !present { return .some(nil) }
        guard let s = string() else { return nil }
        return .some(s)
    }
    public mutating func strings() -> [String]? {
        guard let n = int(), n >= 0, n <= end - pos else { return nil }
        var a: [String] = []
        a.reserveCapacity(n)
        for _ in 0..<n { guard let s = string() else { return nil }; a.append(s) }
        return a
    }
    public mutating func varint() -> Int? { varint64().map { Int(truncatingIfNeeded: $0) } }
    private mutating func varint64() -> UInt64? {
        var x: UInt64 = 0
        var shift: UInt64 = 0
        while pos < end, shift < 64 {
            let b = data[pos]
            pos += 1
            x |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return x }
            shift += 7
        }
        return nil
    }
}
