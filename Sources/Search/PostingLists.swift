import Foundation

/// Each term's postings (`doc << 6 | weight`), by term number.
///
/// Speed: lists read from a search cache stay in its segment file until first used. A one-page
/// edit touches the lists of a few hundred of the ~34,000 terms of the 10,000-page bench
/// corpus; copying and checking every list when the cache is read was most of reading it.
/// A stored list is checked (CRC-32) when it is read: a damaged one reads as empty and marks
/// the file damaged, and the build that read it indexes again without the cache
/// (`SegmentFile.isDamaged`, checked by `SiteSearch.index` and by the files made from it).
struct PostingLists: Sendable, Equatable {
    private var lists: [[UInt32]] = []
    /// Where each list not read yet is in `file` (nil once read); empty when none is stored.
    private var stored: [SegmentBlob?] = []
    private var file: SegmentFile?

    init() {}

    /// `count` empty lists.
    init(emptyLists count: Int) { lists = [[UInt32]](repeating: [], count: count) }

    var count: Int { lists.count }
    var indices: Range<Int> { lists.indices }

    /// Term `t`'s list; a stored one is read from the file on each get (see `load`).
    subscript(t: Int) -> [UInt32] {
        get {
            if t < stored.count, let blob = stored[t], let file { return Self.read(blob, in: file) }
            return lists[t]
        }
        _modify {
            load(t)
            yield &lists[t]
        }
    }

    /// Reads term `t`'s list into memory, if it is still only stored, so later gets do not
    /// read it again.
    mutating func load(_ t: Int) {
        guard t < stored.count, let blob = stored[t], let file else { return }
        lists[t] = Self.read(blob, in: file)
        stored[t] = nil
    }

    /// Adds the list of the next term.
    mutating func append(_ list: [UInt32]) {
        lists.append(list)
        if !stored.isEmpty { stored.append(nil) }
    }

    /// Adds the list of the next term, left in `file` at `blob` until it is used; false when
    /// it cannot be a list there (outside the file, or not whole words).
    mutating func append(storedAt blob: SegmentBlob, in file: SegmentFile) -> Bool {
        guard file.contains(blob), blob.length % 4 == 0, self.file == nil || self.file === file else { return false }
        self.file = file
        if stored.count < lists.count { stored += [SegmentBlob?](repeating: nil, count: lists.count - stored.count) }
        lists.append([])
        stored.append(blob)
        return true
    }

    /// Empty lists for new terms, up to `count` terms.
    mutating func grow(to count: Int) {
        guard count > lists.count else { return }
        if !stored.isEmpty { stored += [SegmentBlob?](repeating: nil, count: count - lists.count) }
        lists += [[UInt32]](repeating: [], count: count - lists.count)
    }

    /// Total number of postings (reads every stored list).
    var total: Int { indices.reduce(0) { $0 + self[$1].count } }

    private static func read(_ blob: SegmentBlob, in file: SegmentFile) -> [UInt32] {
        guard let raw = file.verified(blob) else { return [] }
        return [UInt32](unsafeUninitializedCapacity: blob.length / 4) { buffer, initialized in
            if blob.length > 0 { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw) }
            initialized = blob.length / 4
        }
    }

    static func == (a: PostingLists, b: PostingLists) -> Bool {
        a.count == b.count && a.indices.allSatisfy { a[$0] == b[$0] }
    }
}
