import Handbook

/// Analysed documents per page from the previous build, so an incremental build analyses
/// only the pages that changed.
public struct SearchCache: Sendable {
    public struct Entry: Sendable {
        public var sourceHash: UInt64
        public var documents: [AnalyzedDocument]
        public init(sourceHash: UInt64, documents: [AnalyzedDocument]) {
            self.sourceHash = sourceHash
            self.documents = documents
        }
    }

    public var pages: [String: Entry]
    public init(pages: [String: Entry] = [:]) { self.pages = pages }

    static let magic = Array("CASEBOOK-SEARCH-1\n".utf8)

    public func encoded() -> [UInt8] {
        var w = BinaryWriter()
        w.bytes(Self.magic)
        // Terms are written once and referred to by number.
        var termIDs: [String: Int] = [:]
        var termList: [String] = []
        func id(_ t: String) -> Int {
            if let i = termIDs[t] { return i }
            termIDs[t] = termList.count
            termList.append(t)
            return termList.count - 1
        }
        var body = BinaryWriter()
        body.varint(pages.count)
        for (path, entry) in pages.sorted(by: { $0.key < $1.key }) {
            body.string(path)
            body.u64(entry.sourceHash)
            body.varint(entry.documents.count)
            for a in entry.documents {
                let d = a.document
                body.string(d.pageID); body.string(d.pageURL); body.string(d.pageTitle); body.string(d.anchor)
                body.string(d.section); body.string(d.lang); body.strings(d.markets); body.strings(d.tags); body.strings(d.codes)
                body.optional(d.defines); body.string(d.text)
                for l in a.lengths { body.varint(l) }
                body.varint(a.terms.count)
                for (term, tfs) in a.terms {
                    body.varint(id(term))
                    for tf in tfs { body.varint(tf) }
                }
                body.varint(a.surfaces.count)
                for (s, stem) in a.surfaces { body.varint(id(s)); body.varint(id(stem)) }
            }
        }
        w.varint(termList.count)
        for t in termList { w.string(t) }
        w.bytes(body.out)
        return w.out
    }

    public static func decode(_ bytes: [UInt8]) -> SearchCache? {
        var r = BinaryReader(bytes)
        guard r.expect(magic), let termCount = r.varint(), termCount <= bytes.count else { return nil }
        var terms: [String] = []
        terms.reserveCapacity(termCount)
        for _ in 0..<termCount { guard let t = r.string() else { return nil }; terms.append(t) }
        guard let pageCount = r.varint(), pageCount <= bytes.count else { return nil }
        var pages: [String: Entry] = [:]
        let fieldCount = SearchField.allCases.count
        for _ in 0..<pageCount {
            guard let path = r.string(), let hash = r.u64(), let docCount = r.varint(), docCount <= bytes.count else { return nil }
            var docs: [AnalyzedDocument] = []
            for _ in 0..<docCount {
                guard let pageID = r.string(), let pageURL = r.string(), let pageTitle = r.string(), let anchor = r.string(),
                      let section = r.string(), let lang = r.string(), let markets = r.strings(), let tags = r.strings(),
                      let codes = r.strings(), let defines = r.optional(), let text = r.string() else { return nil }
                var lengths: [Int] = []
                for _ in 0..<fieldCount { guard let l = r.varint() else { return nil }; lengths.append(l) }
                guard let n = r.varint(), n <= bytes.count else { return nil }
                var termMap: [String: [Int]] = [:]
                termMap.reserveCapacity(n)
                for _ in 0..<n {
                    guard let t = r.varint(), t < terms.count else { return nil }
                    var tfs: [Int] = []
                    for _ in 0..<fieldCount { guard let tf = r.varint() else { return nil }; tfs.append(tf) }
                    termMap[terms[t]] = tfs
                }
                guard let sn = r.varint(), sn <= bytes.count else { return nil }
                var surfaces: [String: String] = [:]
                for _ in 0..<sn {
                    guard let s = r.varint(), let st = r.varint(), s < terms.count, st < terms.count else { return nil }
                    surfaces[terms[s]] = terms[st]
                }
                let doc = SearchDocument(pageID: pageID, pageURL: pageURL, pageTitle: pageTitle, anchor: anchor, section: section,
                                         lang: lang, markets: markets, tags: tags, codes: codes, defines: defines, text: text)
                docs.append(AnalyzedDocument(document: doc, lengths: lengths, terms: termMap, surfaces: surfaces))
            }
            pages[path] = Entry(sourceHash: hash, documents: docs)
        }
        return SearchCache(pages: pages)
    }
}
