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
    /// Term -> frequency in each field (indexed by `SearchField.rawValue`).
    public var terms: [String: [Int]]
    /// Surface words whose stem differs, so queries can be mapped to stems without a stemmer.
    public var surfaces: [String: String]
}

/// Builds search documents and the sharded site index.
public enum SearchIndexBuilder {
    /// Characters of section text kept for snippets.
    public static let snippetLength = 280
    /// Postings kept per term, highest weight first; rarer matches of very common terms are dropped.
    public static let maxPostings = 1000
    /// A term shard is split by one more character when it grows past this many bytes.
    public static let shardSplitBytes = 16_000
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
        var terms: [String: [Int]] = [:]
        var lengths = [Int](repeating: 0, count: SearchField.allCases.count)
        var surfaces: [String: String] = [:]
        func add(_ text: String, _ field: SearchField) {
            for piece in Analyzer.pieces(Analyzer.fold(text)) {
                let term: String
                switch piece {
                case .word(let w):
                    if Analyzer.stopwords.contains(w) { continue }
                    term = analyzer.stem(w, lang: doc.lang)
                    if term != w { surfaces[w] = term }
                case .bigram(let b):
                    term = b
                }
                terms[term, default: [0, 0, 0, 0, 0, 0]][field.rawValue] += 1
                lengths[field.rawValue] += 1
            }
        }
        add(doc.pageTitle, .title)
        add(doc.section, .heading)
        add(doc.text, .body)
        for code in doc.codes {
            terms[code.lowercased(), default: [0, 0, 0, 0, 0, 0]][SearchField.codes.rawValue] += 1
            lengths[SearchField.codes.rawValue] += 1
        }
        for tag in doc.tags { add(tag.replacingOccurrences(of: "-", with: " "), .tags) }
        for market in doc.markets {
            terms[market.lowercased(), default: [0, 0, 0, 0, 0, 0]][SearchField.markets.rawValue] += 1
            lengths[SearchField.markets.rawValue] += 1
        }
        var stored = doc
        stored.text = snippetText(doc.text)
        return AnalyzedDocument(document: stored, lengths: lengths, terms: terms, surfaces: surfaces)
    }

    /// The start of the section text, cut at a word boundary, whitespace collapsed.
    static func snippetText(_ text: String) -> String {
        var out = ""
        var lastSpace = true
        for ch in text {
            if ch.isWhitespace {
                if !lastSpace { out.append(" "); lastSpace = true }
            } else {
                out.append(ch)
                lastSpace = false
            }
            if out.count >= snippetLength { break }
        }
        if out.count >= snippetLength, let space = out.lastIndex(of: " ") { out = String(out[..<space]) + "…" }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// The shard key a term is stored under, given the keys that were split further.
    public static func shardKey(_ term: String, splits: Set<String>) -> String {
        let scalars = Array(term.unicodeScalars)
        guard !scalars.isEmpty else { return "" }
        var length = 1
        var key = String(String.UnicodeScalarView(scalars[0..<length]))
        while splits.contains(key) {
            if length >= scalars.count { return key + "$" }
            length += 1
            key = String(String.UnicodeScalarView(scalars[0..<length]))
        }
        return key
    }

    /// The bucket a page's documents are stored in, for snippets.
    static func bucket(of pageID: String, buckets: Int) -> Int {
        var f = Fingerprint()
        f.add(pageID)
        return Int(f.value % UInt64(buckets))
    }

    /// A file of the site index.
    public struct IndexFile: Sendable {
        public var path: String
        public var bytes: [UInt8]
    }

    /// Builds the index files (`search/...`) for the documents, in reading order.
    public static func build(_ analyzed: [AnalyzedDocument], pageCount: Int) -> [IndexFile] {
        // Order documents by bucket so each bucket is one contiguous range of ids.
        var buckets = 1
        while buckets * 8 < pageCount && buckets < 2048 { buckets *= 2 }
        let bucketOf = analyzed.map { bucket(of: $0.document.pageID, buckets: buckets) }
        let order = analyzed.indices.sorted { (bucketOf[$0], $0) < (bucketOf[$1], $1) }
        let docs = order.map { analyzed[$0] }
        let docBuckets = order.map { bucketOf[$0] }
        let n = docs.count

        // Average field lengths, then BM25F weights per (term, doc).
        var totals = [Double](repeating: 0, count: SearchField.allCases.count)
        for d in docs { for (i, l) in d.lengths.enumerated() { totals[i] += Double(l) } }
        let averages = totals.map { max(1, $0 / Double(max(1, n))) }
        var postings: [String: [(doc: Int, weight: Int)]] = [:]
        var surfaces: [String: String] = [:]
        for (id, d) in docs.enumerated() {
            for (term, tfs) in d.terms {
                var tf = 0.0
                for field in SearchField.allCases where tfs[field.rawValue] > 0 {
                    let b = field.lengthNormalisation
                    let norm = 1 - b + b * Double(d.lengths[field.rawValue]) / averages[field.rawValue]
                    tf += field.weight * Double(tfs[field.rawValue]) / norm
                }
                let w = tf / (k1 + tf)
                postings[term, default: []].append((id, max(1, min(63, Int((w * 63).rounded())))))
            }
            for (s, stem) in d.surfaces { surfaces[s] = stem }
            if let code = d.document.defines { postings["=" + code.lowercased(), default: []].append((id, 63)) }
        }

        // Term entries: df and the strongest postings, in doc order.
        var entries: [(key: String, json: String, size: Int)] = []
        var termEntries: [String: String] = [:]
        for (term, list) in postings {
            var kept = list
            if kept.count > maxPostings {
                kept = Array(kept.sorted { ($0.weight, $1.doc) > ($1.weight, $0.doc) }.prefix(maxPostings)).sorted { $0.doc < $1.doc }
            }
            termEntries[term] = "[\(list.count),\(jsonString(IndexEncoding.postings(kept)))]"
        }
        _ = entries
        // Decide shard splits: split any key whose entries exceed the size limit.
        var items: [(term: String, isSurface: Bool, size: Int)] = []
        for (t, e) in termEntries { items.append((t, false, t.utf8.count + e.utf8.count + 4)) }
        for (s, stem) in surfaces { items.append((s, true, s.utf8.count + stem.utf8.count + 6)) }
        var splits = Set<String>()
        while true {
            var sizes: [String: Int] = [:]
            for item in items { sizes[shardKey(item.term, splits: splits), default: 0] += item.size }
            let tooBig = sizes.filter { $0.value > shardSplitBytes && !$0.key.hasSuffix("$") }.map(\.key)
            // Only split keys that some term is longer than.
            let splittable = tooBig.filter { key in items.contains { $0.term.unicodeScalars.count > key.unicodeScalars.count && shardKey($0.term, splits: splits) == key } }
            if splittable.isEmpty { break }
            splits.formUnion(splittable)
        }
        var shardTerms: [String: [String]] = [:]
        var shardSurfaces: [String: [String]] = [:]
        for item in items {
            let key = shardKey(item.term, splits: splits)
            if item.isSurface { shardSurfaces[key, default: []].append(item.term) } else { shardTerms[key, default: []].append(item.term) }
        }
        var files: [IndexFile] = []
        for key in Set(shardTerms.keys).union(shardSurfaces.keys).sorted() {
            var json = "{\"s\":{"
            json += (shardSurfaces[key] ?? []).sorted().map { "\(jsonString($0)):\(jsonString(surfaces[$0]!))" }.joined(separator: ",")
            json += "},\"t\":{"
            json += (shardTerms[key] ?? []).sorted().map { "\(jsonString($0)):\(termEntries[$0]!)" }.joined(separator: ",")
            json += "}}"
            let name = "t/" + IndexEncoding.hex(key)
            files.append(IndexFile(path: "search/\(name).js", bytes: wrap(name, json)))
        }

        // Snippet buckets: the pages and sections of each bucket.
        var bucketStarts = [Int](repeating: n, count: buckets)
        for (id, b) in docBuckets.enumerated().reversed() { bucketStarts[b] = id }
        for b in stride(from: buckets - 2, through: 0, by: -1) where bucketStarts[b] > bucketStarts[b + 1] { bucketStarts[b] = bucketStarts[b + 1] }
        var start = 0
        while start < n {
            let b = docBuckets[start]
            var end = start
            while end < n, docBuckets[end] == b { end += 1 }
            var pageIndex: [String: Int] = [:]
            var pagesJSON: [String] = []
            var docsJSON: [String] = []
            for d in docs[start..<end].map(\.document) {
                let p: Int
                if let existing = pageIndex[d.pageID] { p = existing } else {
                    p = pagesJSON.count
                    pageIndex[d.pageID] = p
                    pagesJSON.append("[\(jsonString(d.pageURL)),\(jsonString(d.pageTitle)),\(jsonString(d.lang)),\(jsonArray(d.markets)),\(jsonArray(d.tags))]")
                }
                docsJSON.append("[\(p),\(jsonString(d.anchor)),\(jsonString(d.section)),\(jsonString(d.text))]")
            }
            let json = "{\"p\":[\(pagesJSON.joined(separator: ","))],\"d\":[\(docsJSON.joined(separator: ","))]}"
            files.append(IndexFile(path: "search/d/\(b).js", bytes: wrap("d/\(b)", json)))
            start = end
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
        var filterNames: [String] = []
        for (name, ids) in filterSets.sorted(by: { $0.key < $1.key }) {
            let file = "f/" + IndexEncoding.hex(name)
            filterNames.append("\(jsonString(name)):\(jsonString(file))")
            files.append(IndexFile(path: "search/\(file).js", bytes: wrap(file, jsonString(IndexEncoding.runs(ids)))))
        }

        var starts: [Int] = []
        var last = 0
        for s in bucketStarts { starts.append(s - last); last = s }
        let meta = "{\"v\":1,\"n\":\(n),\"buckets\":\(jsonString(IndexEncoding.numbers(starts))),\"splits\":\(jsonArray(splits.sorted())),\"filters\":{\(filterNames.joined(separator: ","))}}"
        files.append(IndexFile(path: "search/meta.js", bytes: wrap("meta", meta)))
        return files
    }

    /// Wraps index data as a script that hands it to the page, so it loads over file:// too.
    static func wrap(_ name: String, _ json: String) -> [UInt8] {
        Array("CasebookSearch.load(\(jsonString(name)),\(json));\n".utf8)
    }

    static func jsonArray(_ items: [String]) -> String { "[" + items.map(jsonString).joined(separator: ",") + "]" }

    /// A JSON string literal; also safe inside a script (no "</" sequences).
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
