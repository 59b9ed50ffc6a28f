/// FNV-1a, 64-bit: a fast, stable fingerprint for change detection (not for security).
public struct Fingerprint: Sendable {
    /// The fingerprint of everything added so far.
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    /// The fingerprint of nothing.
    public init() {}
    /// Adds bytes, with no separator after them.
    public mutating func add<S: Sequence>(bytes: S) where S.Element == UInt8 {
        for b in bytes { value = (value ^ UInt64(b)) &* 0x100_0000_01b3 }
    }
    /// Adds bytes (as the generic `add(bytes:)`). Speed: called from another module the generic
    /// one is not specialised and iterates through witness calls, over a hundred instructions a
    /// byte (the theme's 400 KB cost 66 million instructions a build); this loop is a few.
    public mutating func add(bytes: UnsafeBufferPointer<UInt8>) {
        var v = value
        for b in bytes { v = (v ^ UInt64(b)) &* 0x100_0000_01b3 }
        value = v
    }
    /// Adds the bytes of an array (see `add(bytes:)` of a buffer).
    public mutating func add(bytes: [UInt8]) { bytes.withUnsafeBufferPointer { add(bytes: $0) } }
    /// Adds a string and a separator, so "ab","c" differs from "a","bc".
    public mutating func add(_ s: String) {
        var s = s
        s.withUTF8 { add(bytes: $0) }
        value = (value ^ 0xFF) &* 0x100_0000_01b3 // separator: "ab","c" differs from "a","bc"
    }
    /// Adds another fingerprint (its eight bytes, little-endian).
    public mutating func add(_ v: UInt64) {
        var x = v
        for _ in 0..<8 { value = (value ^ (x & 0xFF)) &* 0x100_0000_01b3; x >>= 8 }
    }
    /// Adds a number (as its decimal text).
    public mutating func add(_ n: Int) { add(String(n)) }
    /// The fingerprint of `bytes`.
    public static func of(_ bytes: [UInt8]) -> UInt64 {
        var f = Fingerprint()
        bytes.withUnsafeBufferPointer { f.add(bytes: $0) }
        return f.value
    }
    /// The fingerprint of `s` (with its separator).
    public static func of(_ s: String) -> UInt64 { var f = Fingerprint(); f.add(s); return f.value }
}
