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
            key.append(keyScalar(next))
        }
        return String(key)
    }

    /// How many keys a split key's terms go to when their next letter is of a script written
    /// without spaces (`keyScalar`).
    public static let unspacedBuckets: UInt32 = 16

    /// The scalar a split key is extended with for a term's next letter: the letter itself, or
    /// for a letter of a script written without spaces (Thai, Japanese, Chinese, ...; their
    /// terms are bigrams) one of `unspacedBuckets` private-use scalars (U+E000...), never in a
    /// term. Split by the letter, a Japanese handbook of 4,500 pages gave a shard file to each of
    /// its 59,000 bigrams under a split first letter (87 bytes in the median, 62,661 files); by
    /// bucket, each split letter has at most 16.
    @inline(__always)
    static func keyScalar(_ s: Unicode.Scalar) -> Unicode.Scalar {
        Analyzer.isUnspaced(s) ? Unicode.Scalar(0xE000 + s.value % unspacedBuckets)! : s
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
    /// `f/<hex name>.js` (the documents of a `market:`, `tag:` or `lang:` filter). The files
    /// are made from a `SearchIndexState`, which a later build can update for an edit.
    public static func build(_ indexed: [IndexedDocument], terms table: TermTable, synonyms: SearchSynonyms = SearchSynonyms()) -> [IndexFile] {
        let state = SearchIndexState.build(indexed, table: table)
        let docs = indexed.map(\.document)
        return state.files(table: table, synonyms: synonyms) { Array(docs[$0]) }
    }

    /// The synonym rules as the engines read them: `[lang, query pieces, their stems, [phrases]]`
    /// per rule, longest query phrases first. Pieces are folded words (and bigrams of unspaced
    /// scripts); the stems let a query word match through the page vocabulary's surface map.
    static func synonymsJSON(_ synonyms: SearchSynonyms) -> String {
        var analyzer = Analyzer()
        let rules = synonyms.rules.enumerated().map { (index, rule) -> (Int, Int, String) in
            let pieces = Analyzer.pieces(Analyzer.fold(rule.from))
            let words = pieces.map { p -> String in switch p { case .word(let w): return w; case .bigram(let b): return b } }
            // A stopword's stem is "": no page holds it, so the engines do not count it.
            let stems = pieces.map { p -> String in
                switch p { case .word(let w): return Analyzer.stopwords.contains(w) ? "" : analyzer.stem(w, lang: rule.lang); case .bigram(let b): return b }
            }
            // The phrases without their stopwords ("cash on delivery" -> "cash delivery"): a page
            // holding the rest holds the whole phrase as far as the index can tell.
            let targets = rule.to.map { phrase -> String in
                let folded = Analyzer.fold(phrase)
                let kept = folded.split(separator: " ").filter { !Analyzer.stopwords.contains(String($0)) }
                return kept.isEmpty ? folded : kept.joined(separator: " ")
            }
            return (words.count, index, "[\(jsonString(rule.lang)),\(jsonArray(words)),\(jsonArray(stems)),\(jsonArray(targets))]")
        }
        let ordered = rules.sorted { ($0.0, -$0.1) > ($1.0, -$1.1) }.map(\.2)
        return "[" + ordered.joined(separator: ",") + "]"
    }

    /// The index file of a filter such as `market:th`, without `search/` and `.js`.
    public static func filterFile(_ name: String) -> String { "f/" + IndexEncoding.fileName(name) }

    /// Wraps index data as a script that hands it to the page, so it loads over file:// too.
    static func wrap(_ name: String, _ json: String) -> [UInt8] {
        Array("CasebookSearch.load(\(jsonString(name)),\(json));\n".utf8)
    }

    static func jsonArray(_ items: [String]) -> String { "[" + items.map(jsonString).joined(separator: ",") + "]" }

    /// A JSON string literal; also safe inside a script (no "</" sequences).
    static func jsonString(_ s: String) -> String { JSONText.string(s, scriptSafe: true) }
}
