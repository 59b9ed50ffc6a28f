import Foundation
import Handbook

/// Indexed documents per page from the previous build, so an incremental build analyses
/// only the pages that changed. Terms are stored once, by number.
///
/// On disk it is two files: a small head (`<site>.search.bin`: the term table, each page's
/// path, source hash and where its record is, the index state with where each term's postings
/// are) and a segment file of records (`<site>.search.seg`, see `SegmentFile`). A build maps
/// the segment file, decodes only the records it needs, appends the records that changed and
/// publishes a new head with one rename, so a one-page edit reads and writes a few megabytes
/// instead of the whole cache.
public struct SearchCache: Sendable {
    public struct Entry: Sendable {
        public var sourceHash: UInt64
        /// Number of documents of the page.
        public var count: Int
        /// The documents, decoded; nil while they are only stored (see `documents`).
        var decoded: [IndexedDocument]?
        /// Where the page's record is in the segment file it was read from: an unchanged page
        /// keeps its record (term numbers stay valid, as the term table only grows).
        var stored: (file: SegmentFile, blob: SegmentBlob)?
        /// The size of the term table the record's numbers index.
        var termCount = Int.max
        public init(sourceHash: UInt64, documents: [IndexedDocument]) {
            self.sourceHash = sourceHash
            count = documents.count
            decoded = documents
        }
        init(sourceHash: UInt64, count: Int, file: SegmentFile, blob: SegmentBlob, termCount: Int) {
            self.sourceHash = sourceHash
            self.count = count
            stored = (file, blob)
            self.termCount = termCount
        }

        /// The documents, decoded from the stored record when the cache was read from disk (an
        /// incremental build decodes only the pages it needs, and checks the record's checksum
        /// then). A damaged record gives no documents and marks its file damaged: the build that
        /// used it checks `SegmentFile.isDamaged` and indexes again without the cache.
        public var documents: [IndexedDocument] {
            if let decoded { return decoded }
            guard let stored, let bytes = stored.file.array(stored.blob) else { return [] }
            var r = BinaryReader(bytes)
            guard let entry = SearchCache.decodeEntry(&r, termCount: termCount), r.pos == r.end, entry.count == count else {
                stored.file.markDamaged()
                return []
            }
            return entry.documents
        }
    }

    public var terms: TermTable
    public var pages: [String: Entry]
    /// Paths of the pages the index was built from, in reading order.
    public var order: [String] = []
    /// The index built from them, for the next build to update.
    public var index: SearchIndexState?
    /// The segment file the cache was read from, and where the postings of each term were in it
    /// (the next save keeps those that did not change).
    public var segment: SegmentFile?
    public var storedPostings: [SegmentBlob] = []
    public init(terms: TermTable = TermTable(), pages: [String: Entry] = [:]) {
        self.terms = terms
        self.pages = pages
    }

    static let magic = Array("CASEBOOK-SEARCH-10\n".utf8)
    static let fields = SearchField.allCases.count

    /// The segment file beside head `path` (`x.search.bin` -> `x.search.seg`).
    public static func segmentPath(head path: String) -> String {
        (path.hasSuffix(".bin") ? String(path.dropLast(4)) : path) + ".seg"
    }

    /// Saves the cache: the records that changed are appended to the segment file (or all are
    /// written to a new one when most of it is garbage), then the head is replaced atomically.
    /// A crash before the rename leaves the previous head, which reads only what it published.
    /// Returns false when the files could not be written (the next build then starts afresh).
    @discardableResult
    public func save(to path: String) -> Bool {
        try? FileManager.default.createDirectory(atPath: PathText.parent(of: path), withIntermediateDirectories: true)
        let listed = Set(order)
        let items = order.compactMap { p in pages[p].map { (key: p, value: $0) } } + pages.filter { !listed.contains($0.key) }.sorted { $0.key < $1.key }
        // Records of pages analysed in this build, encoded on all cores.
        let fresh = items.indices.filter { items[$0].value.stored == nil }
        var encodedFresh: [[UInt8]] = parallelMap(fresh) { i in
            var w = BinaryWriter()
            Self.encode(items[i].value, into: &w)
            return w.out
        }
        var freshBytes: [Int: [UInt8]] = [:]
        for (i, bytes) in zip(fresh, encodedFresh) { freshBytes[i] = bytes }
        var writer = SegmentWriter(current: segment)
        // Room for what is appended, so the buffer is not grown by doubling (a full build
        // appends every record).
        writer.pending.reserveCapacity(encodedFresh.reduce(0) { $0 + $1.count } + (segment == nil ? (index?.postings.total ?? 0) * 4 : 0))
        encodedFresh = []
        var pageRecords: [Int] = []
        pageRecords.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            if let stored = item.value.stored { pageRecords.append(writer.keep(stored.blob, in: stored.file)) } else {
                pageRecords.append(writer.add(freshBytes[i]!))
                freshBytes[i] = nil // held once, in the writer (a full build encodes every page)
            }
        }
        var postingRecords: [Int] = []
        if let index {
            postingRecords.reserveCapacity(index.postings.count)
            // Postings of terms the index did not change since it was read are kept unread;
            // the others are compared with the stored ones.
            let changed = index.changedTerms
            for t in index.postings.indices {
                if segment != nil, t < storedPostings.count, let changed, !changed.contains(Int32(t)) {
                    postingRecords.append(writer.keep(storedPostings[t], in: segment!))
                    continue
                }
                let list = index.postings[t]
                let same: Bool
                if let segment, t < storedPostings.count {
                    let old = segment.bytes(storedPostings[t])
                    same = list.withUnsafeBytes { $0.count == old.count && ($0.count == 0 || memcmp($0.baseAddress!, old.baseAddress!, old.count) == 0) }
                } else {
                    same = false
                }
                postingRecords.append(same ? writer.keep(storedPostings[t], in: segment!) : list.withUnsafeBytes { writer.add($0) })
            }
        }
        guard let (blobs, id, length) = writer.write(path: Self.segmentPath(head: path)) else { return false }
        var w = BinaryWriter()
        w.bytes(Self.magic)
        w.u64(id)
        w.varint(length)
        w.varint(terms.count)
        for t in terms.names { w.string(t) }
        w.varint(items.count)
        for (item, record) in zip(items, pageRecords) {
            w.string(item.key)
            w.u64(item.value.sourceHash)
            w.varint(item.value.count)
            Self.write(blobs[record], to: &w)
        }
        w.varint(order.count)
        w.bool(index != nil)
        index?.encoded(into: &w) { t, w in Self.write(blobs[postingRecords[t]], to: &w) }
        w.u64(UInt64(SegmentFile.checksum(w.out)))
        return CacheFile.write(w.out, to: path)
    }

    public static func write(_ blob: SegmentBlob, to w: inout BinaryWriter) {
        w.varint(blob.offset); w.varint(blob.length); w.varint(Int(blob.check))
    }

    /// A blob as `write` wrote it, unchecked; nil when it is not one.
    public static func readBlob(_ r: inout BinaryReader) -> SegmentBlob? {
        guard let offset = r.varint(), let length = r.varint(), let check = r.varint().flatMap({ UInt32(exactly: $0) }) else { return nil }
        return SegmentBlob(offset: offset, length: length, check: check)
    }

    /// Reads the cache that `save(to:)` wrote; nil when the head or the segment file is missing,
    /// of another version, truncated or damaged. The head is checked now; each page's record
    /// when it is first decoded (`Entry.documents`), and each term's postings when first used
    /// (`PostingLists`): a damaged record then marks the segment file damaged.
    public static func load(from path: String) -> SearchCache? {
        guard let bytes = ContentTree.readIfPresent(path), bytes.count >= 8 else { return nil }
        let body = bytes.count - 8
        let check = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: body, as: UInt64.self)) }
        guard check <= UInt64(UInt32.max) else { return nil }
        guard bytes.withUnsafeBytes({ SegmentFile.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<body])) }) == UInt32(check) else { return nil }
        var r = BinaryReader(bytes, range: 0..<body)
        guard r.expect(magic), let id = r.u64(), let length = r.varint(),
              let file = SegmentFile(path: segmentPath(head: path), id: id, length: length),
              let termCount = r.varint(), termCount <= bytes.count else { return nil }
        var names: [String] = []
        names.reserveCapacity(termCount)
        for _ in 0..<termCount { guard let t = r.string() else { return nil }; names.append(t) }
        let termNames = names
        let table = BackgroundValue { TermTable(names: termNames) }
        guard let pageCount = r.varint(), pageCount <= body else { return nil }
        var read: [(String, UInt64, Int, SegmentBlob)] = []
        read.reserveCapacity(pageCount)
        for _ in 0..<pageCount {
            guard let p = r.string(), let hash = r.u64(), let count = r.varint(), let blob = readBlob(&r),
                  file.contains(blob), count <= blob.length else { return nil }
            read.append((p, hash, count, blob))
        }
        let records = read
        guard let orderCount = r.varint(), orderCount <= records.count, let hasIndex = r.bool() else { return nil }
        var pages: [String: Entry] = [:]
        pages.reserveCapacity(records.count)
        for (p, hash, count, blob) in records { pages[p] = Entry(sourceHash: hash, count: count, file: file, blob: blob, termCount: termCount) }
        var cache = SearchCache(terms: table.value, pages: pages)
        cache.order = records.prefix(orderCount).map(\.0)
        cache.segment = file
        if hasIndex {
            var stored: [SegmentBlob] = []
            guard let index = SearchIndexState.decode(&r, termCount: termCount, storedIn: file, blob: { r -> SegmentBlob? in
                guard let blob = readBlob(&r) else { return nil }
                stored.append(blob)
                return blob
            }) else { return nil }
            cache.index = index
            cache.storedPostings = stored
        }
        guard r.pos == r.end else { return nil }
        return cache
    }

    static func encode(_ entry: Entry, into w: inout BinaryWriter) {
        w.u64(entry.sourceHash)
        w.varint(entry.documents.count)
        for d in entry.documents {
            let doc = d.document
            w.string(doc.pageID); w.string(doc.pageURL); w.string(doc.pageTitle); w.string(doc.anchor)
            w.string(doc.section); w.string(doc.lang); w.strings(doc.markets); w.strings(doc.tags); w.strings(doc.codes)
            w.optional(doc.defines); w.string(doc.text)
            for f in 0..<Self.fields { w.varint(Int(d.lengths[f])) }
            w.varint(d.termIDs.count)
            for k in 0..<d.termIDs.count {
                // Term number, then a mask of the fields it occurs in and those counts.
                w.varint(Int(d.termIDs[k]))
                let tfs = d.tfs[k]
                var mask = 0
                for f in 0..<Self.fields where tfs[f] > 0 { mask |= 1 << f }
                w.out.append(UInt8(mask))
                for f in 0..<Self.fields where tfs[f] > 0 { w.varint(Int(tfs[f])) }
            }
            w.varint(d.surfaces.count)
            for (s, st) in d.surfaces { w.varint(Int(s)); w.varint(Int(st)) }
        }
    }

    static func decodeEntry(_ r: inout BinaryReader, termCount: Int) -> Entry? {
        guard let hash = r.u64(), let docCount = r.varint(), docCount <= r.end - r.pos,
              let docs = decodeDocuments(&r, count: docCount, sourceHash: hash, termCount: termCount) else { return nil }
        return Entry(sourceHash: hash, documents: docs)
    }

    static func decodeDocuments(_ r: inout BinaryReader, count docCount: Int, sourceHash hash: UInt64, termCount: Int) -> [IndexedDocument]? {
        var docs: [IndexedDocument] = []
        docs.reserveCapacity(docCount)
        for _ in 0..<docCount {
            guard let pageID = r.string(), let pageURL = r.string(), let pageTitle = r.string(), let anchor = r.string(),
                  let section = r.string(), let lang = r.string(), let markets = r.strings(), let tags = r.strings(),
                  let codes = r.strings(), let defines = r.optional(), let text = r.string() else { return nil }
            var lengths = SIMD8<UInt16>.zero
            for f in 0..<fields { guard let l = r.varint() else { return nil }; lengths[f] = UInt16(clamping: l) }
            guard let n = r.varint(), n <= r.end - r.pos else { return nil }
            var ids = [Int32](repeating: 0, count: n)
            var tfs = [SIMD8<UInt16>](repeating: .zero, count: n)
            for k in 0..<n {
                guard let t = r.varint(), t < termCount else { return nil }
                ids[k] = Int32(t)
                guard r.pos < r.end else { return nil }
                let mask = Int(r.data[r.pos])
                r.pos += 1
                for f in 0..<fields where mask & (1 << f) != 0 {
                    guard let tf = r.varint() else { return nil }
                    tfs[k][f] = UInt16(clamping: tf)
                }
            }
            guard let sn = r.varint(), sn <= r.end - r.pos else { return nil }
            var surfaces: [(Int32, Int32)] = []
            surfaces.reserveCapacity(sn)
            for _ in 0..<sn {
                guard let s = r.varint(), let st = r.varint(), s < termCount, st < termCount else { return nil }
                surfaces.append((Int32(s), Int32(st)))
            }
            let doc = SearchDocument(pageID: pageID, pageURL: pageURL, pageTitle: pageTitle, anchor: anchor, section: section,
                                     lang: lang, markets: markets, tags: tags, codes: codes, defines: defines, text: text)
            docs.append(IndexedDocument(document: doc, sourceHash: hash, lengths: lengths, termIDs: ids, tfs: tfs, surfaces: surfaces))
        }
        return docs
    }
}
