import Handbook

/// Indexed documents per page from the previous build, so an incremental build analyses
/// only the pages that changed. Terms are stored once, by number.
public struct SearchCache: Sendable {
    public struct Entry: Sendable {
        public var sourceHash: UInt64
        /// Number of documents of the page.
        public var count: Int
        /// The documents, decoded; nil while they are only stored (see `documents`).
        var decoded: [IndexedDocument]?
        /// The page's record (path and entry) as the cache file stored it: an unchanged page is
        /// saved again by copying bytes (term numbers stay valid, as the term table only grows).
        public var encoded: ArraySlice<UInt8>?
        /// Where the entry starts in `encoded`, and the size of the term table its numbers index.
        var body: Int = 0
        var termCount = Int.max
        public init(sourceHash: UInt64, documents: [IndexedDocument], encoded: ArraySlice<UInt8>? = nil) {
            self.sourceHash = sourceHash
            count = documents.count
            decoded = documents
            self.encoded = encoded
        }
        init(sourceHash: UInt64, count: Int, encoded: ArraySlice<UInt8>, body: Int, termCount: Int) {
            self.sourceHash = sourceHash
            self.count = count
            self.encoded = encoded
            self.body = body
            self.termCount = termCount
        }

        /// The documents, decoded from the stored bytes when the cache was read from disk (an
        /// incremental build decodes only the pages it needs).
        public var documents: [IndexedDocument] {
            if let decoded { return decoded }
            guard let encoded else { return [] }
            var r = BinaryReader(Array(encoded), range: (body - encoded.startIndex)..<encoded.count)
            return SearchCache.decodeEntry(&r, termCount: termCount)?.documents ?? []
        }
    }

    public var terms: TermTable
    public var pages: [String: Entry]
    /// Paths of the pages the index was built from, in reading order.
    public var order: [String] = []
    /// The index built from them, for the next build to update.
    public var index: SearchIndexState?
    public init(terms: TermTable = TermTable(), pages: [String: Entry] = [:]) {
        self.terms = terms
        self.pages = pages
    }

    static let magic = Array("CASEBOOK-SEARCH-8\n".utf8)
    static let fields = SearchField.allCases.count

    public func encoded() -> [UInt8] {
        var w = BinaryWriter()
        w.bytes(Self.magic)
        w.varint(terms.count)
        for t in terms.names { w.string(t) }
        // Pages in reading order, then any others; each record is its path, then its length-prefixed
        // entry, so a reader can pass over the documents. Unchanged ones are copied as stored.
        let listed = Set(order)
        let items = order.compactMap { p in pages[p].map { (key: p, value: $0) } } + pages.filter { !listed.contains($0.key) }.sorted { $0.key < $1.key }
        ChunkedRecords.write(items, to: &w, stored: { $0.value.encoded }, encode: { page, w in
            w.string(page.key)
            var body = BinaryWriter()
            Self.encode(page.value, into: &body)
            w.varint(body.out.count)
            w.bytes(body.out)
        })
        w.varint(order.count)
        w.bool(index != nil)
        index?.encoded(into: &w)
        return w.out
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

    public static func decode(_ bytes: [UInt8]) -> SearchCache? {
        var r = BinaryReader(bytes)
        guard r.expect(magic), let termCount = r.varint(), termCount <= bytes.count else { return nil }
        var names: [String] = []
        names.reserveCapacity(termCount)
        for _ in 0..<termCount { guard let t = r.string() else { return nil }; names.append(t) }
        let termNames = names
        let table = BackgroundValue { TermTable(names: termNames) }
        // Only each page's path, source hash and document count are read now.
        guard let records = ChunkedRecords.read(&r, decode: { reader -> (String, Entry)? in
            let start = reader.pos
            guard let path = reader.string(), let length = reader.varint(), length >= 0, length <= reader.end - reader.pos else { return nil }
            let body = reader.pos
            var head = reader
            reader.pos += length
            guard let hash = head.u64(), let count = head.varint(), count <= length else { return nil }
            return (path, Entry(sourceHash: hash, count: count, encoded: reader.data[start..<reader.pos], body: body, termCount: termCount))
        }), let orderCount = r.varint(), orderCount <= records.count, let hasIndex = r.bool() else { return nil }
        var pages: [String: Entry] = [:]
        pages.reserveCapacity(records.count)
        for ((path, entry), _) in records { pages[path] = entry }
        var cache = SearchCache(terms: table.value, pages: pages)
        cache.order = records.prefix(orderCount).map(\.0.0)
        if hasIndex {
            guard let index = SearchIndexState.decode(&r, termCount: termCount) else { return nil }
            cache.index = index
        }
        guard r.pos == r.end else { return nil }
        return cache
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
