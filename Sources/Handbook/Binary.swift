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

/// Many records written in length-prefixed chunks, so a cache of thousands of records is
/// encoded and decoded on all cores. A record whose bytes from an earlier file are still
/// valid is copied as it was stored.
public enum ChunkedRecords {
    /// Writes `items`: `stored` gives a record's earlier bytes when they still hold,
    /// `encode` writes the rest afresh.
    public static func write<T: Sendable>(_ items: [T], to w: inout BinaryWriter, stored: @Sendable (T) -> ArraySlice<UInt8>?,
                                          encode: @Sendable (T, inout BinaryWriter) -> Void) {
        let chunkCount = max(1, min(64, items.count / 256))
        let chunks: [[UInt8]] = parallelMap(Array(0..<chunkCount)) { c in
            var cw = BinaryWriter()
            let part = items[items.count * c / chunkCount..<items.count * (c + 1) / chunkCount]
            cw.int(part.count)
            for item in part {
                if let raw = stored(item) { cw.bytes(raw) } else { encode(item, &cw) }
            }
            return cw.out
        }
        w.out.reserveCapacity(w.out.count + chunks.reduce(0) { $0 + $1.count + 10 })
        w.int(chunks.count)
        for chunk in chunks { w.int(chunk.count); w.bytes(chunk) }
    }

    /// Reads what `write` wrote: each record with its stored bytes, in order; nil when the data
    /// is damaged. With `skip`, the chunks are only passed over and the result is empty.
    public static func read<T: Sendable>(_ r: inout BinaryReader, skip: Bool = false,
                                         decode: @Sendable (inout BinaryReader) -> T?) -> [(T, ArraySlice<UInt8>)]? {
        guard let chunkCount = r.int(), chunkCount >= 0, chunkCount <= 4096 else { return nil }
        var ranges: [Range<Int>] = []
        for _ in 0..<chunkCount {
            guard let length = r.int(), length >= 0, length <= r.end - r.pos else { return nil }
            if !skip { ranges.append(r.pos..<r.pos + length) }
            r.pos += length
        }
        let data = r.data
        let parts: [[(T, ArraySlice<UInt8>)]?] = parallelMap(ranges) { range in
            var cr = BinaryReader(data, range: range)
            guard let count = cr.int(), count >= 0, count <= range.count else { return nil }
            var part: [(T, ArraySlice<UInt8>)] = []
            part.reserveCapacity(count)
            for _ in 0..<count {
                let start = cr.pos
                guard let record = decode(&cr) else { return nil }
                part.append((record, data[start..<cr.pos]))
            }
            return cr.pos == cr.end ? part : nil
        }
        var records: [(T, ArraySlice<UInt8>)] = []
        for part in parts {
            guard let part else { return nil }
            records += part
        }
        return records
    }
}
