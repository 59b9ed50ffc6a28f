import Foundation
import Handbook

/// One searchable section: an H2 or H3 with its text, or a page's introduction.
public struct SearchDocument: Sendable, Equatable {
    public var pageID: String
    /// Site-relative URL of the page, e.g. `sop/counterfeit-and-ip.html`.
    public var pageURL: String
    public var pageTitle: String
    /// The section's anchor; "" for the introduction.
    public var anchor: String
    /// The section heading; "" for the introduction.
    public var section: String
    public var lang: String
    public var markets: [String]
    public var tags: [String]
    /// Policy codes the section defines or mentions.
    public var codes: [String]
    /// The policy code this section defines, if any.
    public var defines: String?
    public var text: String

    /// Site-relative URL with the anchor.
    public var url: String { anchor.isEmpty ? pageURL : pageURL + "#" + LinkResolver.percentEncoded(anchor) }
}

/// The fields a document is indexed by, with their BM25F weights and length normalisation.
public enum SearchField: Int, CaseIterable, Sendable {
    case title, heading, body, codes, tags, markets

    var weight: Double {
        switch self {
        case .title: return 2.0
        case .heading: return 3.0
        case .body: return 1.0
        case .codes: return 4.0
        case .tags: return 1.5
        case .markets: return 1.0
        }
    }

    var lengthNormalisation: Double {
        switch self {
        case .title, .heading: return 0.3
        case .body: return 0.75
        case .codes, .tags, .markets: return 0
        }
    }
}

/// A document after text analysis: term frequencies per field and field lengths. This is
/// what the build cache keeps per page, so unchanged pages are not analysed again.
public struct AnalyzedDocument: Sendable, Equatable {
    public var document: SearchDocument
    public var lengths: [Int]
    /// Term -> frequency in each field (lane `SearchField.rawValue`).
    public var terms: [String: SIMD8<UInt16>]
    /// Surface words whose stem differs, so queries can be mapped to stems without a stemmer.
    public var surfaces: [String: String]
}

/// A shared numbering of terms, so documents store small integers instead of strings.
public final class TermTable: @unchecked Sendable {
    public private(set) var names: [String] = []
    private var ids: [String: Int32] = [:]
    /// A C lock must not move, so it lives in memory of its own, not in a Swift property.
    private let rwlock: UnsafeMutablePointer<pthread_rwlock_t> = {
        let lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
        lock.initialize(to: pthread_rwlock_t())
        pthread_rwlock_init(lock, nil)
        return lock
    }()
    public init() {}
    deinit {
        pthread_rwlock_destroy(rwlock)
        rwlock.deinitialize(count: 1)
        rwlock.deallocate()
    }
    public init(names: [String]) {
        self.names = names
        for (i, n) in names.enumerated() { ids[n] = Int32(i) }
    }
    public var count: Int { names.count }
    /// The number of `term`, adding it when new. Not thread-safe: use `ids(_:)` from threads.
    public func id(_ term: String) -> Int32 {
        if let i = ids[term] { return i }
        let i = Int32(names.count)
        names.append(term)
        ids[term] = i
        return i
    }

    /// Numbers for many terms at once (safe from several threads): known terms are looked up
    /// under a shared read lock, so threads only wait for each other to add new ones.
    public func ids(_ terms: [String]) -> [Int32] {
        var result = [Int32](repeating: -1, count: terms.count)
        var missing = false
        pthread_rwlock_rdlock(rwlock)
        for (i, t) in terms.enumerated() {
            if let n = ids[t] { result[i] = n } else { missing = true }
        }
        pthread_rwlock_unlock(rwlock)
        guard missing else { return result }
        pthread_rwlock_wrlock(rwlock)
        for i in terms.indices where result[i] < 0 { result[i] = id(terms[i]) }
        pthread_rwlock_unlock(rwlock)
        return result
    }
}

/// A document ready for indexing: its terms by number, with frequencies per field.
public struct IndexedDocument: Sendable {
    public var document: SearchDocument
    /// Fingerprint of the source of the page the document comes from.
    public var sourceHash: UInt64
    public var lengths: SIMD8<UInt16>
    public var termIDs: [Int32]
    public var tfs: [SIMD8<UInt16>]
    /// Surface word -> stem, by term number.
    public var surfaces: [(Int32, Int32)]

    /// Numbers the terms of `a` in `table`; safe to call from several threads at once.
    public init(_ a: AnalyzedDocument, sourceHash: UInt64, table: TermTable) {
        document = a.document
        self.sourceHash = sourceHash
        var l = SIMD8<UInt16>.zero
        for (i, x) in a.lengths.enumerated() where i < 8 { l[i] = UInt16(clamping: x) }
        lengths = l
        // Any order will do: postings are built per document, and numbers only name terms.
        let terms = Array(a.terms)
        var names = terms.map(\.key)
        names.reserveCapacity(terms.count + 2 * a.surfaces.count)
        for (surface, stem) in a.surfaces { names.append(surface); names.append(stem) }
        let numbers = table.ids(names)
        termIDs = Array(numbers[0..<terms.count])
        tfs = terms.map(\.value)
        var pairs: [(Int32, Int32)] = []
        var k = terms.count
        while k + 1 < numbers.count { pairs.append((numbers[k], numbers[k + 1])); k += 2 }
        surfaces = pairs
    }

    public init(document: SearchDocument, sourceHash: UInt64, lengths: SIMD8<UInt16>, termIDs: [Int32], tfs: [SIMD8<UInt16>], surfaces: [(Int32, Int32)]) {
        self.document = document
        self.sourceHash = sourceHash
        self.lengths = lengths
        self.termIDs = termIDs
        self.tfs = tfs
        self.surfaces = surfaces
    }
}

/// Builds search documents and the sharded site index.
public enum SearchIndexBuilder {
    /// Characters of section text kept for snippets.
    public static let snippetLength = 200
    /// Postings kept per term, highest weight first; rarer matches of very common terms are dropped.
    public static let maxPostings = 1000
    /// A term shard is split by one more character when it grows past this many bytes.
    public static let shardSplitBytes = 10_000
    /// Shard keys never grow past this many characters, and a shard holding one term is never
    /// split: a term larger than a shard (a 10,000-letter "word") gets a shard of its own, and
    /// terms sharing a longer prefix share one larger shard. Splitting therefore ends after at
    /// most this many rounds and shard file names stay short. Tokens are not cut, so the
    /// browser's search (which computes keys from `meta.js` the same way) finds every term.
    public static let maxShardKeyLength = 16
    /// Snippet buckets hold this many documents at least...
    public static let minBucketSize = 8
    /// ...and more only to keep the number of bucket files under this.
    public static let maxBuckets = 3_000
    static let k1 = 1.2

    /// The documents of a rendered page: its introduction (when it has text) and each H2/H3.
    public static func documents(for page: PageSummary, rendered: RenderedPage, pageURL: String) -> [SearchDocument] {
        var docs: [SearchDocument] = []
        let meta = page.meta
        let intro = rendered.sectionText[""]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let summary = meta.summary
        if !intro.isEmpty || !summary.isEmpty || page.sections.isEmpty {
            let text = [summary, intro].filter { !$0.isEmpty }.joined(separator: "\n")
            docs.append(SearchDocument(pageID: meta.id, pageURL: pageURL, pageTitle: page.title, anchor: "", section: "",
                                       lang: meta.lang, markets: meta.markets, tags: meta.tags,
                                       codes: Analyzer.codes(in: text), defines: nil, text: text))
        }
        var parent = ""
        for section in page.sections where section.level <= 3 {
            if section.level == 2 { parent = section.title }
            let text = rendered.sectionText[section.anchor] ?? ""
            var codes = Analyzer.codes(in: text)
            if let c = section.code { codes.insert(c, at: 0) }
            let heading = section.level == 3 && !parent.isEmpty ? section.title : section.title
            docs.append(SearchDocument(pageID: meta.id, pageURL: pageURL, pageTitle: page.title, anchor: section.anchor, section: heading,
                                       lang: meta.lang, markets: section.markets.isEmpty ? meta.markets : section.markets,
                                       tags: meta.tags, codes: uniqued(codes), defines: meta.translationOf == nil ? section.code : nil, text: text))
        }
        return docs
    }

    static func uniqued(_ a: [String]) -> [String] {
        var seen = Set<String>()
        return a.filter { seen.insert($0).inserted }
    }

    /// Analyses a document's fields into terms.
    public static func analyze(_ doc: SearchDocument, analyzer: inout Analyzer) -> AnalyzedDocument {
        var terms: [String: SIMD8<UInt16>] = [:]
        var lengths = [Int](repeating: 0, count: SearchField.allCases.count)
        var surfaces: [String: String] = [:]
        // Count each distinct word per field first (one hash per token), then stop, stem and
        // add each distinct word once.
        var words: [String: SIMD8<UInt16>] = [:]
        func add(_ text: String, _ field: SearchField) {
            for piece in Analyzer.pieces(Analyzer.fold(text)) {
                switch piece {
                case .word(let w):
                    words[w, default: .zero][field.rawValue] &+= 1
                case .bigram(let b):
                    terms[b, default: .zero][field.rawValue] &+= 1
                    lengths[field.rawValue] += 1
                }
            }
        }
        add(doc.pageTitle, .title)
        add(doc.section, .heading)
        add(doc.text, .body)
        for tag in doc.tags { add(tag.replacingAll("-", with: " "), .tags) }
        for (w, counts) in words {
            if Analyzer.stopwords.contains(w) { continue }
            let term = analyzer.stem(w, lang: doc.lang)
            if term != w { surfaces[w] = term }
            terms[term, default: .zero] &+= counts
            for f in 0..<lengths.count { lengths[f] += Int(counts[f]) }
        }
        for code in doc.codes {
            terms[code.lowercased(), default: .zero][SearchField.codes.rawValue] &+= 1
            lengths[SearchField.codes.rawValue] += 1
        }
        for market in doc.markets {
            terms[market.lowercased(), default: .zero][SearchField.markets.rawValue] &+= 1
            lengths[SearchField.markets.rawValue] += 1
        }
        var stored = doc
        stored.text = snippetText(doc.text)
        return AnalyzedDocument(document: stored, lengths: lengths, terms: terms, surfaces: surfaces)
    }

    /// The start of the section text, cut at a word boundary, whitespace collapsed.
    static func snippetText(_ text: String) -> String {
        asciiSnippet(text) ?? scalarSnippet(text)
    }

    /// `snippetText` for any text, scalar by scalar.
    static func scalarSnippet(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var count = 0
        var lastSpace = true
        var lastSpaceIndex: String.UnicodeScalarView.Index?
        var truncated = false
        for scalar in text.unicodeScalars {
            if scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || (scalar.value > 0x7F && scalar.properties.isWhitespace) {
                if !lastSpace {
                    lastSpaceIndex = out.endIndex
                    out.append(" ")
                    count += 1
                    lastSpace = true
                }
            } else {
                out.append(scalar)
                count += 1
                lastSpace = false
            }
            if count >= snippetLength { truncated = true; break }
        }
        var result = String(out)
        if truncated, let cut = lastSpaceIndex {
            result = String(String.UnicodeScalarView(out[..<cut])) + "…"
        }
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }

    /// `snippetText` over bytes, for text whose snippet is all ASCII (nil otherwise).
    static func asciiSnippet(_ text: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(snippetLength + 4)
        var lastSpace = true
        var lastSpaceAt: Int?
        var truncated = false
        for b in text.utf8 {
            if b >= 0x80 { return nil }
            if b == 32 || b == 10 || b == 9 || b == 13 {
                if !lastSpace {
                    lastSpaceAt = out.count
                    out.append(32)
                    lastSpace = true
                }
            } else {
                out.append(b)
                lastSpace = false
            }
            if out.count >= snippetLength { truncated = true; break }
        }
        if truncated, let cut = lastSpaceAt { out.removeSubrange(cut...); out.append(contentsOf: "…".utf8) }
        while out.last == 32 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// The shard key a term is stored under, given the keys that were split further.
    public static func shardKey(_ term: String, splits: Set<String>) -> String {
        var scalars = term.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { return "" }
        var key = String.UnicodeScalarView([first])
        while splits.contains(String(key)) {
            guard let next = scalars.next() else { return String(key) + "$" }
            key.append(next)
        }
        return String(key)
    }

    /// Documents per snippet bucket for `count` documents: bucket `b` holds documents
    /// `b * size ..< (b + 1) * size`, so a reader finds a document's bucket without a table.
    public static func bucketSize(documents count: Int) -> Int {
        max(minBucketSize, (count + maxBuckets - 1) / maxBuckets)
    }

    /// A file of the site index: its path, a fingerprint of its content, and how to produce it.
    /// Files whose fingerprint is unchanged since the last build need not be encoded again.
    public struct IndexFile: Sendable {
        public var path: String
        public var fingerprint: UInt64
        public var produce: @Sendable () -> [UInt8]

        init(path: String, bytes: [UInt8]) {
            self.path = path
            fingerprint = Fingerprint.of(bytes)
            produce = { bytes }
        }

        init(path: String, fingerprint: UInt64, produce: @escaping @Sendable () -> [UInt8]) {
            self.path = path
            self.fingerprint = fingerprint
            self.produce = produce
        }
    }

    /// Rounds to two significant digits, so that small edits do not shift every weight.
    static func quantized(_ x: Double) -> Double {
        guard x > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(x)) - 1)
        return max(1, (x / magnitude).rounded() * magnitude)
    }

    /// Builds the index files (`search/...`) for the documents, in reading order.
    ///
    /// Documents are numbered in reading order, so a page's sections and neighbouring pages
    /// share snippet buckets. Files: `meta.js` (document count, bucket size, split shard
    /// keys), `t/<hex key>.js` (terms and their postings), `d/<n>.js` (snippets) and
    /// `f/<hex name>.js` (the documents of a `market:`, `tag:` or `lang:` filter).
    public static func build(_ indexed: [IndexedDocument], terms table: TermTable, synonyms: SearchSynonyms = SearchSynonyms()) -> [IndexFile] {
        let docs = indexed
        let n = docs.count
        let fieldCount = SearchField.allCases.count

        // Average field lengths (rounded), then BM25F weights per (term, doc).
        var totals = [Double](repeating: 0, count: fieldCount)
        for d in docs { for f in 0..<fieldCount { totals[f] += Double(d.lengths[f]) } }
        let averages = totals.map { quantized($0 / Double(max(1, n))) }
        let fieldWeights = SearchField.allCases.map(\.weight)
        let fieldNorms = SearchField.allCases.map(\.lengthNormalisation)
        var postings = [[UInt32]](repeating: [], count: table.count)
        var defines: [String: [UInt32]] = [:]
        var surfaceStem: [Int32: Int32] = [:]
        for (id, d) in docs.enumerated() {
            var norms = SIMD8<Double>(repeating: 1)
            for f in 0..<fieldCount {
                let b = fieldNorms[f]
                norms[f] = 1 - b + b * Double(d.lengths[f]) / averages[f]
            }
            for k in 0..<d.termIDs.count {
                let tfs = d.tfs[k]
                var tf = 0.0
                for f in 0..<fieldCount where tfs[f] > 0 { tf += fieldWeights[f] * Double(tfs[f]) / norms[f] }
                let w = tf / (k1 + tf)
                let q = UInt32(max(1, min(63, Int((w * 63).rounded()))))
                postings[Int(d.termIDs[k])].append(UInt32(id) << 6 | q)
            }
            for (surface, stem) in d.surfaces { surfaceStem[surface] = stem }
            if let code = d.document.defines { defines["=" + code.lowercased(), default: []].append(UInt32(id) << 6 | 63) }
        }

        // Entries: every term with postings (capped to the strongest), and the surface words.
        struct Entry { var name: String; var list: [UInt32]; var df: Int; var stem: String? }
        var entries: [Entry] = []
        entries.reserveCapacity(table.count + surfaceStem.count)
        func capped(_ list: [UInt32]) -> [UInt32] {
            guard list.count > maxPostings else { return list }
            return Array(list.sorted { a, b in (a & 63, b >> 6) > (b & 63, a >> 6) }.prefix(maxPostings)).sorted { $0 >> 6 < $1 >> 6 }
        }
        for t in 0..<table.count where !postings[t].isEmpty {
            entries.append(Entry(name: table.names[t], list: capped(postings[t]), df: postings[t].count, stem: nil))
        }
        for (name, list) in defines { entries.append(Entry(name: name, list: list, df: list.count, stem: nil)) }
        for (surface, stem) in surfaceStem { entries.append(Entry(name: table.names[Int(surface)], list: [], df: 0, stem: table.names[Int(stem)])) }

        // Shard keys: split any key whose estimated size passes the limit.
        let sizes = entries.map { $0.name.utf8.count + 12 + ($0.stem?.utf8.count ?? 0) + $0.list.count * 3 }
        let lengths = entries.map { $0.name.unicodeScalars.count }
        var splits = Set<String>()
        var keys = entries.map { shardKey($0.name, splits: splits) }
        while true {
            var total: [String: Int] = [:]
            var longest: [String: Int] = [:]
            var members: [String: Int] = [:]
            for i in entries.indices {
                total[keys[i], default: 0] += sizes[i]
                longest[keys[i]] = max(longest[keys[i]] ?? 0, lengths[i])
                members[keys[i], default: 0] += 1
            }
            // Split only what splitting can shrink: more than one term, a key below the length
            // cap, and a term longer than the key (see `maxShardKeyLength`).
            let split = Set(total.filter { key, size in
                let keyLength = key.unicodeScalars.count
                return size > shardSplitBytes && !key.hasSuffix("$") && keyLength < maxShardKeyLength
                    && (members[key] ?? 0) > 1 && (longest[key] ?? 0) > keyLength
            }.map(\.key))
            if split.isEmpty { break }
            splits.formUnion(split)
            for i in entries.indices where split.contains(keys[i]) { keys[i] = shardKey(entries[i].name, splits: splits) }
        }
        var byKey: [String: [Int]] = [:]
        for i in entries.indices { byKey[keys[i], default: []].append(i) }
        var files: [IndexFile] = []
        // Each shard's fingerprint covers every posting it holds: computed on all cores.
        let allEntries = entries
        let shards: [(key: String, sorted: [Int], fingerprint: UInt64)] = parallelMap(Array(byKey)) { key, members in
            let sorted = members.sorted { allEntries[$0].name < allEntries[$1].name }
            var f = Fingerprint()
            f.add(key)
            for i in sorted {
                let e = allEntries[i]
                f.add(e.name); f.add(e.df); f.add(e.stem ?? "")
                for p in e.list { f.add(UInt64(p)) }
            }
            return (key, sorted, f.value)
        }
        for (key, sorted, fingerprint) in shards {
            let shardEntries = sorted.map { entries[$0] }
            let name = "t/" + IndexEncoding.hex(key)
            files.append(IndexFile(path: "search/\(name).js", fingerprint: fingerprint) {
                var json = "{\"s\":{"
                json += shardEntries.filter { $0.stem != nil }.map { "\(jsonString($0.name)):\(jsonString($0.stem!))" }.joined(separator: ",")
                json += "},\"t\":{"
                json += shardEntries.filter { $0.stem == nil }.map { e in
                    "\(jsonString(e.name)):[\(e.df),\(jsonString(IndexEncoding.postings(e.list.map { (Int($0 >> 6), Int($0 & 63)) })))]"
                }.joined(separator: ",")
                json += "}}"
                return wrap(name, json)
            })
        }

        // Snippet buckets: fixed runs of documents, with the pages they belong to.
        let size = bucketSize(documents: n)
        let starts = Array(stride(from: 0, to: n, by: size))
        // Fingerprint what each file shows, so an edit that leaves a bucket's snippets alone does not rewrite it.
        let bucketPrints: [UInt64] = parallelMap(starts) { start in
            var f = Fingerprint()
            for d in docs[start..<min(n, start + size)] {
                let d = d.document
                f.add(d.pageURL); f.add(d.pageTitle); f.add(d.lang)
                for m in d.markets { f.add(m) }
                f.add("\u{1}")
                for t in d.tags { f.add(t) }
                f.add(d.anchor); f.add(d.section); f.add(d.text)
            }
            return f.value
        }
        for (b, start) in starts.enumerated() {
            let members = docs[start..<min(n, start + size)].map(\.document)
            files.append(IndexFile(path: "search/d/\(b).js", fingerprint: bucketPrints[b]) {
                var pageIndex: [String: Int] = [:]
                var pagesJSON: [String] = []
                var docsJSON: [String] = []
                for d in members {
                    let p: Int
                    if let existing = pageIndex[d.pageURL] { p = existing } else {
                        p = pagesJSON.count
                        pageIndex[d.pageURL] = p
                        pagesJSON.append("[\(jsonString(d.pageURL)),\(jsonString(d.pageTitle)),\(jsonString(d.lang)),\(jsonArray(d.markets)),\(jsonArray(d.tags))]")
                    }
                    docsJSON.append("[\(p),\(jsonString(d.anchor)),\(jsonString(d.section)),\(jsonString(d.text))]")
                }
                return wrap("d/\(b)", "{\"p\":[\(pagesJSON.joined(separator: ","))],\"d\":[\(docsJSON.joined(separator: ","))]}")
            })
        }

        // Filters: complete doc sets for market:, tag: and lang:.
        var filterSets: [String: [Int]] = [:]
        for (id, d) in docs.enumerated() {
            let doc = d.document
            if doc.markets.isEmpty { filterSets["market:*", default: []].append(id) }
            for m in doc.markets { filterSets["market:" + m.lowercased(), default: []].append(id) }
            for t in doc.tags { filterSets["tag:" + t.lowercased(), default: []].append(id) }
            filterSets["lang:" + doc.lang.lowercased(), default: []].append(id)
        }
        for (name, ids) in filterSets.sorted(by: { $0.key < $1.key }) {
            let file = filterFile(name)
            files.append(IndexFile(path: "search/\(file).js", bytes: wrap(file, jsonString(IndexEncoding.runs(ids)))))
        }

        if !synonyms.rules.isEmpty { files.append(IndexFile(path: "search/syn.js", bytes: wrap("syn", synonymsJSON(synonyms)))) }
        let meta = "{\"v\":2,\"n\":\(n),\"k\":\(size),\"s\":\(jsonArray(splits.sorted()))\(synonyms.rules.isEmpty ? "" : ",\"y\":1")}"
        files.append(IndexFile(path: "search/meta.js", bytes: wrap("meta", meta)))
        return files.sorted { $0.path < $1.path }
    }

    /// The synonym rules as the engines read them: `[lang, query pieces, their stems, [phrases]]`
    /// per rule, longest query phrases first. Pieces are folded words (and bigrams of unspaced
    /// scripts); the stems let a query word match through the page vocabulary's surface map.
    static func synonymsJSON(_ synonyms: SearchSynonyms) -> String {
        var analyzer = Analyzer()
        let rules = synonyms.rules.enumerated().map { (index, rule) -> (Int, Int, String) in
            let pieces = Analyzer.pieces(Analyzer.fold(rule.from))
            let words = pieces.map { p -> String in switch p { case .word(let w): return w; case .bigram(let b): return b } }
            let stems = pieces.map { p -> String in switch p { case .word(let w): return analyzer.stem(w, lang: rule.lang); case .bigram(let b): return b } }
            let targets = rule.to.map { Analyzer.fold($0) }
            return (words.count, index, "[\(jsonString(rule.lang)),\(jsonArray(words)),\(jsonArray(stems)),\(jsonArray(targets))]")
        }
        let ordered = rules.sorted { ($0.0, -$0.1) > ($1.0, -$1.1) }.map(\.2)
        return "[" + ordered.joined(separator: ",") + "]"
    }

    /// The index file of a filter such as `market:th`, without `search/` and `.js`.
    public static func filterFile(_ name: String) -> String { "f/" + IndexEncoding.hex(name) }

    /// Wraps index data as a script that hands it to the page, so it loads over file:// too.
    static func wrap(_ name: String, _ json: String) -> [UInt8] {
        Array("CasebookSearch.load(\(jsonString(name)),\(json));\n".utf8)
    }

    static func jsonArray(_ items: [String]) -> String { "[" + items.map(jsonString).joined(separator: ",") + "]" }

    /// A JSON string literal; also safe inside a script (no "</" sequences).
    static func jsonString(_ s: String) -> String { JSONText.string(s, scriptSafe: true) }
}
