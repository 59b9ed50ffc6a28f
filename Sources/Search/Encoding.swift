/// The compact text encodings of the site index, shared with `search.js`.
///
/// Numbers are written as base-64 varints: 5 bits a character, low bits first, with 32
/// added while more characters follow, using the URL-safe base-64 alphabet.
public enum IndexEncoding {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    static let values: [Int] = {
        var v = [Int](repeating: -1, count: 128)
        for (i, c) in alphabet.enumerated() { v[Int(c)] = i }
        return v
    }()

    static func appendVarint(_ value: Int, to out: inout [UInt8]) {
        var x = value
        repeat {
            let group = x & 31
            x >>= 5
            out.append(alphabet[x > 0 ? group | 32 : group])
        } while x > 0
    }

    /// Postings: for each (doc, weight 0...63), the doc id delta as a varint then one weight character.
    public static func postings(_ items: [(doc: Int, weight: Int)]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(items.count * 3)
        var last = 0
        for (doc, weight) in items {
            appendVarint(doc - last, to: &out)
            out.append(alphabet[max(0, min(63, weight))])
            last = doc
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decodePostings(_ s: String) -> [(doc: Int, weight: Int)] {
        var result: [(Int, Int)] = []
        var doc = 0
        var it = s.utf8.makeIterator()
        while true {
            var x = 0, shift = 0
            var c: UInt8?
            repeat {
                c = it.next()
                guard let ch = c else { return result }
                let v = values[Int(ch) & 127]
                x |= (v & 31) << shift
                shift += 5
                if v < 32 { break }
            } while true
            doc += x
            guard let w = it.next() else { return result }
            result.append((doc, values[Int(w) & 127]))
        }
    }

    /// A list of non-negative numbers as varints.
    public static func numbers(_ items: [Int]) -> String {
        var out: [UInt8] = []
        for n in items { appendVarint(n, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decodeNumbers(_ s: String) -> [Int] {
        var result: [Int] = []
        var x = 0, shift = 0
        for ch in s.utf8 {
            let v = values[Int(ch) & 127]
            x |= (v & 31) << shift
            if v < 32 { result.append(x); x = 0; shift = 0 } else { shift += 5 }
        }
        return result
    }

    /// A sorted set of doc ids as alternating run lengths: gap, run, gap, run...
    public static func runs(_ sortedDocs: [Int]) -> String {
        var items: [Int] = []
        var next = 0
        var i = 0
        while i < sortedDocs.count {
            let start = sortedDocs[i]
            var end = start
            while i + 1 < sortedDocs.count, sortedDocs[i + 1] == end + 1 { i += 1; end += 1 }
            items.append(start - next)
            items.append(end - start + 1)
            next = end + 1
            i += 1
        }
        return numbers(items)
    }

    public static func decodeRuns(_ s: String) -> Set<Int> {
        let items = decodeNumbers(s)
        var result = Set<Int>()
        var next = 0
        var i = 0
        while i + 1 < items.count {
            let start = next + items[i]
            for d in start..<(start + items[i + 1]) { result.insert(d) }
            next = start + items[i + 1]
            i += 2
        }
        return result
    }

    /// The longest key, in UTF-8 bytes, whose file name is its whole hex (200 characters).
    public static let longestPlainKey = 100

    /// A key as a file name that any file system takes: the hex of its UTF-8 bytes, or for a
    /// key longer than `longestPlainKey` bytes (a tag written as one long comma-separated
    /// string) the hex of its first 40 bytes, `-` and the FNV-1a 32-bit hash of all of it.
    /// Names of 255 bytes and more failed the build ("File name too long"). `search.js`
    /// computes the same name.
    public static func fileName(_ key: String) -> String {
        let bytes = Array(key.utf8)
        guard bytes.count > longestPlainKey else { return hex(bytes[...]) }
        var hash: UInt32 = 0x811c_9dc5
        for b in bytes { hash ^= UInt32(b); hash = hash &* 0x0100_0193 }
        return hex(bytes[..<40]) + "-" + hex([UInt8(hash >> 24), UInt8(hash >> 16 & 0xff), UInt8(hash >> 8 & 0xff), UInt8(hash & 0xff)][...])
    }

    static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// A shard key as a file name: the hex of its UTF-8 bytes.
    public static func hex(_ key: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in key.utf8 { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
