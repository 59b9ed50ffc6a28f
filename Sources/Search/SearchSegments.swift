import Foundation
import Handbook

/// Where a stored record lies in the search cache's segment file, and its checksum.
public struct SegmentBlob: Sendable, Equatable {
    public var offset: Int
    public var length: Int
    public var check: UInt64
}

/// The search cache's segment file (`<name>.search.seg`), mapped read-only: the records a
/// build stores (each page's analysed documents, each term's postings) one after another.
/// Builds append the records that changed; the head file (`<name>.search.bin`) says where the
/// live ones are. Bytes past the length the head names are not read (an append a crash cut short).
public final class SegmentFile: @unchecked Sendable {
    static let magic = Array("CASEBOOK-SEGMENTS-1\n".utf8)
    static let headerLength = magic.count + 8

    /// Names this file: a head refers to the file it was written with, not one written since.
    public let id: UInt64
    /// The bytes a head published (the mapping's length).
    public let length: Int
    let base: UnsafeRawPointer?

    /// Maps the first `length` bytes of `path`; nil when the file is missing, shorter, or
    /// another file than `id` names.
    init?(path: String, id: UInt64, length: Int) {
        guard length >= Self.headerLength else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, Int(st.st_size) >= length else { return nil }
        guard let p = mmap(nil, length, PROT_READ, MAP_SHARED, fd, 0), p != MAP_FAILED else { return nil }
        base = UnsafeRawPointer(p)
        self.length = length
        self.id = id
        let header = UnsafeRawBufferPointer(start: base, count: Self.headerLength)
        guard header.prefix(Self.magic.count).elementsEqual(Self.magic),
              UInt64(littleEndian: header.loadUnaligned(fromByteOffset: Self.magic.count, as: UInt64.self)) == id else { return nil }
    }

    deinit { if let base { munmap(UnsafeMutableRawPointer(mutating: base), length) } }

    /// The bytes of a blob (valid while this object lives).
    func bytes(_ b: SegmentBlob) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base! + b.offset, count: b.length)
    }

    /// Whether the blob lies inside the published bytes and has its checksum.
    func holds(_ b: SegmentBlob) -> Bool {
        b.offset >= Self.headerLength && b.length >= 0 && b.offset <= length - b.length && Self.checksum(bytes(b)) == b.check
    }

    func array(_ b: SegmentBlob) -> [UInt8] { Array(bytes(b)) }

    /// A fast 64-bit checksum (four multiply-xor lanes over 8-byte words), to tell a damaged
    /// or half-written record from a good one; not a cryptographic hash.
    public static func checksum(_ p: UnsafeRawBufferPointer) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var a: UInt64 = 0x243F_6A88_85A3_08D3, b: UInt64 = 0x1319_8A2E_0370_7344, c: UInt64 = 0xA409_3822_299F_31D0, d: UInt64 = 0x082E_FA98_EC4E_6C89
        var i = 0
        let n = p.count
        while i + 32 <= n {
            a = (a ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k; a ^= a >> 32
            b = (b ^ p.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* k; b ^= b >> 32
            c = (c ^ p.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)) &* k; c ^= c >> 32
            d = (d ^ p.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) &* k; d ^= d >> 32
            i += 32
        }
        var h = a ^ (b &* 3) ^ (c &* 5) ^ (d &* 7) ^ UInt64(n)
        while i < n { h = (h ^ UInt64(p[i])) &* 0x100_0000_01b3; i += 1 }
        h ^= h >> 29; h = h &* k; h ^= h >> 32
        return h
    }

    public static func checksum(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { checksum($0) } }
}

/// Collects the records of the next head: kept ones stay where they are in the current
/// segment file, new ones are appended; when more than half of the file would be records no
/// head refers to, every live record is written to a new file instead (compaction).
struct SegmentWriter {
    let current: SegmentFile?
    /// Records to append, as bytes, and the kept records.
    var pending: [UInt8] = []
    var blobs: [(kept: SegmentBlob?, newAt: Int, length: Int, check: UInt64)] = []
    var count: Int { blobs.count }
    var live = 0

    init(current: SegmentFile?) { self.current = current }

    /// A record stored in `file` at `blob`: kept when it is the current file.
    mutating func keep(_ blob: SegmentBlob, in file: SegmentFile) -> Int {
        if file === current {
            blobs.append((blob, 0, blob.length, blob.check))
            live += blob.length
            return count - 1
        }
        return add(file.bytes(blob))
    }

    mutating func add(_ bytes: UnsafeRawBufferPointer) -> Int {
        let check = SegmentFile.checksum(bytes)
        blobs.append((nil, pending.count, bytes.count, check))
        pending.append(contentsOf: bytes)
        live += bytes.count
        return count - 1
    }

    mutating func add(_ bytes: [UInt8]) -> Int { bytes.withUnsafeBytes { add($0) } }

    /// Writes the segment file (appending to the current one, or a new one) and returns where
    /// each record is and the file's id and length, for the head to publish; nil when the file
    /// cannot be written.
    func write(path: String) -> (blobs: [SegmentBlob], id: UInt64, length: Int)? {
        if let current, current.length + pending.count - SegmentFile.headerLength <= 2 * live, let appended = append(to: current, path: path) {
            return appended
        }
        return rewrite(path: path)
    }

    private func append(to file: SegmentFile, path: String) -> (blobs: [SegmentBlob], id: UInt64, length: Int)? {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        // Bytes after the published length belong to no head (an append a crash cut short).
        guard ftruncate(fd, off_t(file.length)) == 0, Self.write(fd, pending, at: file.length) else { return nil }
        let result = blobs.map { b -> SegmentBlob in
             b.kept ?? SegmentBlob(offset: file.length + b.newAt, length: b.length, check: b.check)
        }
        return (result, file.id, file.length + pending.count)
    }

    private func rewrite(path: String) -> (blobs: [SegmentBlob], id: UInt64, length: Int)? {
        var id = UInt64.random(in: 1...UInt64.max)
        if id == current?.id { id &+= 1 }
        // A new file under a temporary name, renamed over the old one: a head naming the old
        // file's id no longer matches, so it is never read with the new file's bytes. Written
        // in pieces of a few megabytes, so a full build holds the records only once.
        CacheFile.removeStaleTemporaries(of: path)
        let tmp = CacheFile.temporary(for: path)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        var out = SegmentFile.magic
        withUnsafeBytes(of: id.littleEndian) { out.append(contentsOf: $0) }
        var written = 0, ok = true
        var result: [SegmentBlob] = []
        result.reserveCapacity(count)
        for b in blobs where ok {
            result.append(SegmentBlob(offset: written + out.count, length: b.length, check: b.check))
            if let kept = b.kept, let current { out.append(contentsOf: current.bytes(kept)) } else {
                pending.withUnsafeBytes { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[b.newAt..<b.newAt + b.length])) }
            }
            if out.count >= 4 << 20 {
                ok = Self.write(fd, out, at: written)
                written += out.count
                out.removeAll(keepingCapacity: true)
            }
        }
        ok = ok && Self.write(fd, out, at: written)
        written += out.count
        close(fd)
        guard ok, rename(tmp, path) == 0 else { unlink(tmp); return nil }
        return (result, id, written)
    }

    static func write(_ fd: Int32, _ bytes: [UInt8], at start: Int) -> Bool {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, bytes.count - done, off_t(start + done)) }
            if n < 0 { if errno == EINTR { continue }; return false }
            done += n
        }
        return true
    }
}

/// Cache files written whole under a temporary name and renamed over the old one, so a reader
/// sees the old file or the new, never part of one. The build cache, the history snapshot and
/// the search cache's head all go through `write`; failing to save only costs the next build time.
public enum CacheFile {
    /// The temporary name this process writes `path` under.
    static func temporary(for path: String) -> String { path + ".tmp-\(getpid())" }

    /// Writes `bytes` to `path` atomically; false when it could not (disk full, no folder).
    @discardableResult
    public static func write(_ bytes: [UInt8], to path: String) -> Bool {
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        removeStaleTemporaries(of: path)
        let tmp = temporary(for: path)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        let ok = SegmentWriter.write(fd, bytes, at: 0)
        close(fd)
        guard ok, rename(tmp, path) == 0 else { unlink(tmp); return false }
        return true
    }

    /// Removes what a build killed while writing `path` left (`path.tmp-PID` of a process that
    /// no longer runs): a cut-short search segment is the size of the whole index. A file of a
    /// process still running (another build writing now) is left alone.
    public static func removeStaleTemporaries(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let prefix = (path as NSString).lastPathComponent + ".tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink((folder.isEmpty ? "" : folder + "/") + name) }
        }
    }
}
