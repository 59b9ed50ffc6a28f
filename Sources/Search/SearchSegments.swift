import Foundation
import Synchronization
import Handbook
import CZlib

/// Where a stored record lies in a segment file, and its checksum (CRC-32).
public struct SegmentBlob: Sendable, Equatable {
    public var offset: Int
    public var length: Int
    public var check: UInt32
    public init(offset: Int, length: Int, check: UInt32) {
        self.offset = offset
        self.length = length
        self.check = check
    }
}

/// A cache's segment file, mapped read-only: the records a build stores one after another
/// (the search cache's `<name>.search.seg`: each page's analysed documents, each term's
/// postings; the build cache's `<name>.seg`: each page's summary). Builds append the records
/// that changed; the head file says where the live ones are. Bytes past the length the head
/// names are not read (an append a crash cut short). A record's checksum is checked when it
/// is first read (`verified`), so a build reads only the records it uses; a record found
/// damaged marks the file (`isDamaged`), and what was built from the file is then built again
/// without it.
public final class SegmentFile: @unchecked Sendable {
    public static let magic = Array("CASEBOOK-SEGMENTS-2\n".utf8)
    static let headerLength = magic.count + 8

    /// Names this file: a head refers to the file it was written with, not one written since.
    public let id: UInt64
    /// The bytes a head published (the mapping's length).
    public let length: Int
    let base: UnsafeRawPointer?

    /// Maps the first `length` bytes of `path`; nil when the file is missing, shorter, or
    /// another file than `id` names.
    public init?(path: String, id: UInt64, length: Int) {
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

    /// The bytes of a blob (valid while this object lives), unchecked.
    public func bytes(_ b: SegmentBlob) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base! + b.offset, count: b.length)
    }

    /// Whether the blob lies inside the published bytes (its checksum is not read here).
    public func contains(_ b: SegmentBlob) -> Bool {
        b.offset >= Self.headerLength && b.length >= 0 && b.offset <= length - b.length
    }

    /// The blob's bytes when they have its checksum; nil, and the file marked damaged, when not.
    public func verified(_ b: SegmentBlob) -> UnsafeRawBufferPointer? {
        guard contains(b) else { markDamaged(); return nil }
        let p = bytes(b)
        guard Self.checksum(p) == b.check else { markDamaged(); return nil }
        return p
    }

    /// The blob's bytes, checked, as an array; nil (and the file marked damaged) when damaged.
    public func array(_ b: SegmentBlob) -> [UInt8]? { verified(b).map { Array($0) } }

    private let damage = Atomic<Bool>(false)
    /// Whether a record read from this file was found damaged (see `verified`).
    public var isDamaged: Bool { damage.load(ordering: .acquiring) }
    /// Records that something read from this file does not hold (a record decoded to nonsense).
    public func markDamaged() { damage.store(true, ordering: .releasing) }

    /// zlib's CRC-32 of the bytes, to tell a damaged or half-written record from a good one.
    public static func checksum(_ p: UnsafeRawBufferPointer) -> UInt32 {
        guard let start = p.baseAddress, p.count > 0 else { return 0 }
        return UInt32(truncatingIfNeeded: crc32_z(0, start.assumingMemoryBound(to: UInt8.self), z_size_t(p.count)))
    }

    public static func checksum(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { checksum($0) } }
}

/// Collects the records of the next head: kept ones stay where they are in the current
/// segment file, new ones are appended; when more than half of the file would be records no
/// head refers to, every live record is written to a new file instead (compaction).
public struct SegmentWriter {
    let current: SegmentFile?
    /// Records to append, as bytes, and the kept records.
    public var pending: [UInt8] = []
    var blobs: [(kept: SegmentBlob?, newAt: Int, length: Int, check: UInt32)] = []
    public var count: Int { blobs.count }
    var live = 0

    public init(current: SegmentFile?) { self.current = current }

    /// A record stored in `file` at `blob`: kept when it is the current file.
    public mutating func keep(_ blob: SegmentBlob, in file: SegmentFile) -> Int {
        if file === current {
            blobs.append((blob, 0, blob.length, blob.check))
            live += blob.length
            return count - 1
        }
        // Copied with the checksum it was stored with (not one of its bytes now), so a record
        // damaged in the other file is still found damaged when it is read.
        let bytes = file.contains(blob) ? file.bytes(blob) : UnsafeRawBufferPointer(start: nil, count: 0)
        blobs.append((nil, pending.count, bytes.count, blob.check))
        pending.append(contentsOf: bytes)
        live += bytes.count
        return count - 1
    }

    public mutating func add(_ bytes: UnsafeRawBufferPointer) -> Int {
        let check = SegmentFile.checksum(bytes)
        blobs.append((nil, pending.count, bytes.count, check))
        pending.append(contentsOf: bytes)
        live += bytes.count
        return count - 1
    }

    public mutating func add(_ bytes: [UInt8]) -> Int { bytes.withUnsafeBytes { add($0) } }

    /// Writes the segment file (appending to the current one, or a new one) and returns where
    /// each record is and the file's id and length, for the head to publish; nil when the file
    /// cannot be written.
    public func write(path: String) -> (blobs: [SegmentBlob], id: UInt64, length: Int)? {
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
        try? FileManager.default.createDirectory(atPath: PathText.parent(of: path), withIntermediateDirectories: true)
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
        let folder = PathText.parent(of: path)
        let prefix = (path as NSString).lastPathComponent + ".tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink((folder.isEmpty ? "" : folder + "/") + name) }
        }
    }
}
