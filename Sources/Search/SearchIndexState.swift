import Foundation
import Handbook

/// Everything the site index files are made from, kept between builds so that an edit to one
/// page updates only the postings, shards and snippet buckets it touches
/// (`SearchIndexBuilder.update`) instead of indexing every document again.
///
/// A full build and an update that end with the same documents give the same state, and the
/// files are made from the state alone, so an updated index is byte-identical to a fresh one.
public struct SearchIndexState: Sendable {
    /// Per shard key (split keys and the keys of shard files): what decides whether it is split.
    struct KeyStat: Sendable, Equatable {
        /// Estimated bytes of its entries, how many entries, and how many are longer than the key.
        var size = 0, members = 0, longer = 0
    }

    /// Number of documents.
    public internal(set) var n = 0
    /// Sum of each field's length over all documents, and the rounded averages weights use.
    var totals: [Int] = []
    var averages: [Double] = []
    /// Postings by term number (`doc << 6 | weight`, in document order, uncapped). Terms
    /// `=<code>` hold the documents that define a policy code. Read from the search cache's
    /// segment file only when used (see `PostingLists`).
    var postings = PostingLists()
    /// Surface word -> stem (that of the last document using it), and how many documents use it.
    var surfaceStem: [Int32: Int32] = [:]
    var surfaceDocs: [Int32: Int32] = [:]
    /// Surface words that different documents stem differently (languages): the last one wins,
    /// which only a full build can tell.
    var ambiguous = Set<Int32>()
    var splits = Set<String>()
    var keyStats: [String: KeyStat] = [:]
    /// The entries of each shard file, in file order: a term number, or `~n` for surface word `n`.
    var shardMembers: [String: [Int32]] = [:]
    var shardPrints: [String: UInt64] = [:]
    var bucketPrints: [UInt64] = []
    /// Documents of each `market:`, `tag:` and `lang:` filter.
    var filters: [String: [Int]] = [:]
    /// The terms whose postings may differ from those the state was decoded with (`decode`
    /// starts it empty, `updated` adds the terms it touches); nil when unknown (a state built
    /// afresh). The search cache stores again only these terms' postings.
    public internal(set) var changedTerms: Set<Int32>?

    public init() {}

    var bucketSize: Int { SearchIndexBuilder.bucketSize(documents: n) }

    static func isDefinition(_ name: String) -> Bool { name.utf8.first == UInt8(ascii: "=") }

    /// The postings a shard lists for a term: all of them, or the strongest `maxPostings`.
    static func capped(_ list: [UInt32], name: String) -> [UInt32] {
        let limit = SearchIndexBuilder.maxPostings
        guard list.count > limit, !isDefinition(name) else { return list }
        // Highest weight first, then lowest document: every weight above a threshold, and the
        // first documents of the threshold weight.
        var counts = [Int](repeating: 0, count: 64)
        for p in list { counts[Int(p & 63)] += 1 }
        var threshold = 63, above = 0
        while threshold > 0, above + counts[threshold] < limit { above += counts[threshold]; threshold -= 1 }
        var room = limit - above
        var out: [UInt32] = []
        out.reserveCapacity(limit)
        for p in list {
            let q = Int(p & 63)
            if q > threshold { out.append(p) } else if q == threshold, room > 0 { out.append(p); room -= 1 }
        }
        return out
    }

    /// The estimated size of an entry, as shard splitting counts it.
    static func size(name: String, stem: String?, postings: Int) -> Int {
        name.utf8.count + 12 + (stem?.utf8.count ?? 0) + min(postings, isDefinition(name) ? postings : SearchIndexBuilder.maxPostings) * 3
    }

    /// Whether shard splitting splits a key with these statistics.
    static func splits(_ key: String, _ s: KeyStat) -> Bool {
        let length = key.unicodeScalars.count
        return s.size > SearchIndexBuilder.shardSplitBytes && !key.hasSuffix("$") && length < SearchIndexBuilder.maxShardKeyLength
            && s.members > 1 && s.longer > 0
    }

    /// The keys a term passes through: the split prefixes, then its shard key.
    static func chain(_ name: String, splits: Set<String>) -> [String] {
        var scalars = name.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { return [""] }
        var key = String.UnicodeScalarView([first])
        var result: [String] = []
        while splits.contains(String(key)) {
            result.append(String(key))
            guard let next = scalars.next() else { result.append(String(key) + "$"); return result }
            key.append(SearchIndexBuilder.keyScalar(next))
        }
        result.append(String(key))
        return result
    }

    /// Entry name of a shard member.
    func name(_ ref: Int32, _ names: [String]) -> String { ref >= 0 ? names[Int(ref)] : names[Int(~ref)] }

    /// Sorts shard members as the file lists them: by name, terms before surface words. Names
    /// compare by their UTF-8 bytes: Swift's `String <` is no consistent order on decomposed
    /// text (`μέσω` written μ, ε, U+0301 came before `μαζικής` and after it, as the input was
    /// ordered), and the Contributor Covenant's Greek and Arabic terms were written in another
    /// order on each build.
    static func order(_ refs: inout [Int32], _ names: [String]) {
        refs.sort { a, b in
            let na = a >= 0 ? names[Int(a)] : names[Int(~a)], nb = b >= 0 ? names[Int(b)] : names[Int(~b)]
            if na.utf8.elementsEqual(nb.utf8) { return a > b }
            return na.utf8.lexicographicallyPrecedes(nb.utf8)
        }
    }

    /// `keys` in the order of their UTF-8 bytes (see `order`).
    static func byteOrdered(_ keys: Set<String>) -> [String] {
        keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    func shardPrint(_ key: String, _ names: [String]) -> UInt64 {
        var f = Fingerprint()
        f.add(key)
        for ref in shardMembers[key] ?? [] {
            if ref >= 0 {
                let list = postings[Int(ref)], name = names[Int(ref)]
                f.add(name); f.add(list.count); f.add("")
                for p in Self.capped(list, name: name) { f.add(UInt64(p)) }
            } else {
                f.add(names[Int(~ref)]); f.add(0); f.add(names[Int(surfaceStem[~ref]!)])
            }
        }
        return f.value
    }

    /// The bytes of shard file `key`.
    func shardFile(_ key: String, _ names: [String]) -> [UInt8] {
        let name = "t/" + IndexEncoding.hex(key)
        var surfaces: [String] = []
        var terms: [String] = []
        for ref in shardMembers[key] ?? [] {
            if ref >= 0 {
                let list = postings[Int(ref)], term = names[Int(ref)]
                let shown = Self.capped(list, name: term)
                terms.append("\(SearchIndexBuilder.jsonString(term)):[\(list.count),\(SearchIndexBuilder.jsonString(IndexEncoding.postings(shown.map { (Int($0 >> 6), Int($0 & 63)) })))]")
            } else {
                surfaces.append("\(SearchIndexBuilder.jsonString(names[Int(~ref)])):\(SearchIndexBuilder.jsonString(names[Int(surfaceStem[~ref]!)]))")
            }
        }
        return SearchIndexBuilder.wrap(name, "{\"s\":{\(surfaces.joined(separator: ","))},\"t\":{\(terms.joined(separator: ","))}}")
    }

    /// Snippet bucket `b`: its documents, and how many documents of its first page come
    /// before it and of its last page after it (so the browser can tell, from the buckets it
    /// has, that a document of an unloaded bucket belongs to another page).
    struct Bucket {
        var docs: [SearchDocument]
        var before = 0, after = 0
    }

    static func bucket(_ b: Int, n: Int, size: Int, documents: (Range<Int>) -> [SearchDocument]) -> Bucket {
        let range = b * size..<min(n, (b + 1) * size)
        var bucket = Bucket(docs: documents(range))
        guard let first = bucket.docs.first?.pageURL, let last = bucket.docs.last?.pageURL else { return bucket }
        var at = range.lowerBound
        scan: while at > 0 {
            let chunk = documents(max(0, at - 16)..<at)
            if chunk.isEmpty { break }
            for d in chunk.reversed() { if d.pageURL != first { break scan }; bucket.before += 1 }
            at -= chunk.count
        }
        at = range.upperBound
        scan: while at < n {
            let chunk = documents(at..<min(n, at + 16))
            if chunk.isEmpty { break }
            for d in chunk { if d.pageURL != last { break scan }; bucket.after += 1 }
            at += chunk.count
        }
        return bucket
    }

    static func bucketPrint(_ bucket: Bucket) -> UInt64 {
        var f = Fingerprint()
        f.add(bucket.before); f.add(bucket.after)
        for d in bucket.docs {
            f.add(d.pageURL); f.add(d.pageTitle); f.add(d.lang)
            for m in d.markets { f.add(m) }
            f.add("\u{1}")
            for t in d.tags { f.add(t) }
            f.add(d.anchor); f.add(d.section); f.add(d.text)
        }
        return f.value
    }

    /// Whether two versions of a document show the same in a snippet bucket.
    static func sameSnippet(_ a: SearchDocument, _ b: SearchDocument) -> Bool {
        a.pageURL == b.pageURL && a.pageTitle == b.pageTitle && a.lang == b.lang && a.markets == b.markets && a.tags == b.tags
            && a.anchor == b.anchor && a.section == b.section && a.text == b.text
    }

    static func bucketFile(_ b: Int, _ bucket: Bucket) -> [UInt8] {
        let members = bucket.docs
        var pageIndex: [String: Int] = [:]
        var pagesJSON: [String] = []
        var docsJSON: [String] = []
        for d in members {
            let p: Int
            if let existing = pageIndex[d.pageURL] { p = existing } else {
                p = pagesJSON.count
                pageIndex[d.pageURL] = p
                pagesJSON.append("[\(SearchIndexBuilder.jsonString(d.pageURL)),\(SearchIndexBuilder.jsonString(d.pageTitle)),\(SearchIndexBuilder.jsonString(d.lang)),\(SearchIndexBuilder.jsonArray(d.markets)),\(SearchIndexBuilder.jsonArray(d.tags))]")
            }
            docsJSON.append("[\(p),\(SearchIndexBuilder.jsonString(d.anchor)),\(SearchIndexBuilder.jsonString(d.section)),\(SearchIndexBuilder.jsonString(d.text))]")
        }
        let edges = (bucket.before > 0 ? ",\"b\":\(bucket.before)" : "") + (bucket.after > 0 ? ",\"a\":\(bucket.after)" : "")
        return SearchIndexBuilder.wrap("d/\(b)", "{\"p\":[\(pagesJSON.joined(separator: ","))],\"d\":[\(docsJSON.joined(separator: ","))]\(edges)}")
    }

    /// The filter sets a document belongs to.
    static func filterNames(_ doc: SearchDocument) -> [String] {
        var names: [String] = []
        if doc.markets.isEmpty { names.append("market:*") }
        for m in doc.markets { names.append("market:" + m.lowercased()) }
        for t in doc.tags { names.append("tag:" + t.lowercased()) }
        names.append("lang:" + doc.lang.lowercased())
        return names
    }

    /// The weighted postings of a document's terms, given the average field lengths.
    static func weights(_ d: IndexedDocument, averages: [Double]) -> [UInt32] {
        let fieldCount = SearchField.allCases.count
        var norms = SIMD8<Double>(repeating: 1)
        for f in 0..<fieldCount {
            let b = SearchField.allCases[f].lengthNormalisation
            norms[f] = 1 - b + b * Double(d.lengths[f]) / averages[f]
        }
        var out = [UInt32](repeating: 0, count: d.termIDs.count)
        for k in 0..<d.termIDs.count {
            let tfs = d.tfs[k]
            var tf = 0.0
            for f in 0..<fieldCount where tfs[f] > 0 { tf += SearchField.allCases[f].weight * Double(tfs[f]) / norms[f] }
            let w = tf / (SearchIndexBuilder.k1 + tf)
            out[k] = UInt32(max(1, min(63, Int((w * 63).rounded()))))
        }
        return out
    }

    static func averages(_ totals: [Int], n: Int) -> [Double] {
        totals.map { SearchIndexBuilder.quantized(Double($0) / Double(max(1, n))) }
    }
}

extension SearchIndexState {
    /// The state of an index of `docs` (in reading order). Adds `=<code>` terms to `table`.
    public static func build(_ docs: [IndexedDocument], table: TermTable) -> SearchIndexState {
        var s = SearchIndexState()
        let n = docs.count
        let fieldCount = SearchField.allCases.count
        s.n = n
        s.totals = [Int](repeating: 0, count: fieldCount)
        for d in docs { for f in 0..<fieldCount { s.totals[f] += Int(d.lengths[f]) } }
        s.averages = averages(s.totals, n: n)
        var definitions: [Int: Int32] = [:]
        for (id, d) in docs.enumerated() { if let code = d.document.defines { definitions[id] = table.id("=" + code.lowercased()) } }
        let averages = s.averages
        let weighted: [[UInt32]] = parallelMap(Array(stride(from: 0, to: n, by: 512))) { start in
            var out: [UInt32] = []
            for d in docs[start..<min(n, start + 512)] { out += weights(d, averages: averages) }
            return out
        }
        s.postings = PostingLists(emptyLists: table.count)
        var chunk = 0, offset = 0
        for (id, d) in docs.enumerated() {
            if id > 0, id % 512 == 0 { chunk += 1; offset = 0 }
            for k in 0..<d.termIDs.count {
                s.postings[Int(d.termIDs[k])].append(UInt32(id) << 6 | weighted[chunk][offset + k])
            }
            offset += d.termIDs.count
            for (surface, stem) in d.surfaces {
                if let old = s.surfaceStem[surface], old != stem { s.ambiguous.insert(surface) }
                s.surfaceStem[surface] = stem
                s.surfaceDocs[surface, default: 0] += 1
            }
            if let t = definitions[id] { s.postings[Int(t)].append(UInt32(id) << 6 | 63) }
        }
        let names = table.names
        s.splitShards(names)
        let size = s.bucketSize
        s.bucketPrints = parallelMap(Array(0..<((n + size - 1) / size))) { b in
            bucketPrint(bucket(b, n: n, size: size) { docs[$0].map(\.document) })
        }
        for (id, d) in docs.enumerated() { for name in filterNames(d.document) { s.filters[name, default: []].append(id) } }
        return s
    }

    /// Shard keys, their statistics, members and fingerprints, from the postings and surfaces.
    mutating func splitShards(_ names: [String]) {
        var refs: [Int32] = []
        for t in postings.indices where !postings[t].isEmpty { refs.append(Int32(t)) }
        for s in surfaceStem.keys.sorted() { refs.append(~s) }
        let entryNames = refs.map { name($0, names) }
        let sizes = refs.indices.map { i -> Int in
            let ref = refs[i]
            return ref >= 0 ? Self.size(name: entryNames[i], stem: nil, postings: postings[Int(ref)].count)
                : Self.size(name: entryNames[i], stem: names[Int(surfaceStem[~ref]!)], postings: 0)
        }
        let lengths = entryNames.map { $0.unicodeScalars.count }
        // Split any key whose estimated size passes the limit, one character at a time.
        var splits = Set<String>()
        var keys = entryNames.map { SearchIndexBuilder.shardKey($0, splits: splits) }
        while true {
            var stats: [String: KeyStat] = [:]
            for i in refs.indices {
                stats[keys[i], default: KeyStat()].size += sizes[i]
                stats[keys[i], default: KeyStat()].members += 1
                if lengths[i] > keys[i].unicodeScalars.count { stats[keys[i], default: KeyStat()].longer += 1 }
            }
            let split = Set(stats.filter { Self.splits($0.key, $0.value) }.map(\.key))
            if split.isEmpty { break }
            splits.formUnion(split)
            for i in refs.indices where split.contains(keys[i]) { keys[i] = SearchIndexBuilder.shardKey(entryNames[i], splits: splits) }
        }
        self.splits = splits
        keyStats = [:]
        shardMembers = [:]
        for i in refs.indices {
            for key in Self.chain(entryNames[i], splits: splits) {
                keyStats[key, default: KeyStat()].size += sizes[i]
                keyStats[key, default: KeyStat()].members += 1
                if lengths[i] > key.unicodeScalars.count { keyStats[key, default: KeyStat()].longer += 1 }
            }
            shardMembers[keys[i], default: []].append(refs[i])
        }
        for key in Array(shardMembers.keys) { Self.order(&shardMembers[key]!, names) }
        let state = self
        let prints: [(String, UInt64)] = parallelMap(Array(shardMembers.keys)) { ($0, state.shardPrint($0, names)) }
        shardPrints = Dictionary(uniqueKeysWithValues: prints)
    }

    /// One page's documents before and after an edit, from document `first` on.
    public struct PageChange: Sendable {
        public var first: Int
        public var old: [IndexedDocument]
        public var new: [IndexedDocument]
        public init(first: Int, old: [IndexedDocument], new: [IndexedDocument]) {
            self.first = first
            self.old = old
            self.new = new
        }
    }

    /// The state after `changes`, touching only what they touch; nil when they move documents
    /// (a section or page added or removed), change a filter or the average field lengths,
    /// or change which shard keys are split: then only a full build gives the right state.
    /// `documents` gives the (new) documents of a range, for the snippet buckets to refingerprint.
    public func updated(_ changes: [PageChange], table: TermTable, documents: (Range<Int>) -> [SearchDocument]) -> SearchIndexState? {
        var s = self
        let fieldCount = SearchField.allCases.count
        for c in changes {
            guard c.old.count == c.new.count, c.first + c.new.count <= n else { return nil }
            for (a, b) in zip(c.old, c.new) where Self.filterNames(a.document) != Self.filterNames(b.document) { return nil }
            for (a, b) in zip(c.old, c.new) { for f in 0..<fieldCount { s.totals[f] += Int(b.lengths[f]) - Int(a.lengths[f]) } }
        }
        guard Self.averages(s.totals, n: n) == averages else { return nil }
        // Postings: out with the old documents' terms, in with the new ones'.
        var before: [Int32: Int] = [:]
        var surfacesBefore: [Int32: Int32] = [:]
        func doc(_ id: Int) -> UInt32 { UInt32(id) }
        func position(_ list: [UInt32], _ id: UInt32) -> (Int, Bool) {
            var lo = 0, hi = list.count
            while lo < hi { let mid = (lo + hi) / 2; if list[mid] >> 6 < id { lo = mid + 1 } else { hi = mid } }
            return (lo, lo < list.count && list[lo] >> 6 == id)
        }
        for c in changes {
            for (i, d) in c.old.enumerated() {
                let id = UInt32(c.first + i)
                var terms = d.termIDs
                if let code = d.document.defines { terms.append(table.id("=" + code.lowercased())) }
                for t in terms {
                    if Int(t) >= s.postings.count { return nil }
                    s.postings.load(Int(t))
                    if before[t] == nil { before[t] = s.postings[Int(t)].count }
                    let (at, found) = position(s.postings[Int(t)], id)
                    guard found else { return nil }
                    s.postings[Int(t)].remove(at: at)
                }
                for (surface, _) in d.surfaces {
                    if surfacesBefore[surface] == nil { surfacesBefore[surface] = s.surfaceDocs[surface] ?? 0 }
                    s.surfaceDocs[surface, default: 0] -= 1
                }
            }
        }
        for c in changes {
            for (i, d) in c.new.enumerated() {
                let id = UInt32(c.first + i)
                let w = Self.weights(d, averages: averages)
                var terms = Array(zip(d.termIDs, w))
                if let code = d.document.defines { terms.append((table.id("=" + code.lowercased()), 63)) }
                s.postings.grow(to: table.count)
                for (t, q) in terms {
                    s.postings.load(Int(t))
                    if before[t] == nil { before[t] = s.postings[Int(t)].count }
                    let (at, found) = position(s.postings[Int(t)], id)
                    guard !found else { return nil }
                    s.postings[Int(t)].insert(id << 6 | q, at: at)
                }
                for (surface, stem) in d.surfaces {
                    if surfacesBefore[surface] == nil { surfacesBefore[surface] = s.surfaceDocs[surface] ?? 0 }
                    if s.ambiguous.contains(surface) { return nil }
                    if (s.surfaceDocs[surface] ?? 0) > 0, let old = s.surfaceStem[surface], old != stem { return nil }
                    s.surfaceStem[surface] = stem
                    s.surfaceDocs[surface, default: 0] += 1
                }
            }
        }
        for surface in surfacesBefore.keys where s.ambiguous.contains(surface) { return nil }
        for (surface, _) in surfacesBefore where (s.surfaceDocs[surface] ?? 0) <= 0 {
            s.surfaceDocs[surface] = nil
            s.surfaceStem[surface] = nil
        }
        // Entries that changed size, appeared or went: their keys' statistics, then the shards.
        let names = table.names
        var touchedKeys = Set<String>()
        var touchedShards = Set<String>()
        func apply(_ ref: Int32, name: String, old: Int?, new: Int?) {
            guard old != new else { return }
            let chain = Self.chain(name, splits: s.splits)
            let length = name.unicodeScalars.count
            for key in chain {
                var stat = s.keyStats[key] ?? KeyStat()
                stat.size += (new ?? 0) - (old ?? 0)
                let delta = (new != nil ? 1 : 0) - (old != nil ? 1 : 0)
                stat.members += delta
                if length > key.unicodeScalars.count { stat.longer += delta }
                s.keyStats[key] = stat
                touchedKeys.insert(key)
            }
            let shard = chain.last!
            touchedShards.insert(shard)
            if old == nil { s.shardMembers[shard, default: []].append(ref) }
            if new == nil { s.shardMembers[shard]?.removeAll { $0 == ref } }
        }
        for (t, count) in before {
            let now = s.postings[Int(t)].count
            let name = names[Int(t)]
            apply(t, name: name, old: count > 0 ? Self.size(name: name, stem: nil, postings: count) : nil,
                  new: now > 0 ? Self.size(name: name, stem: nil, postings: now) : nil)
            if count > 0, now > 0 { touchedShards.insert(Self.chain(name, splits: s.splits).last!) }
        }
        for (surface, count) in surfacesBefore {
            let name = names[Int(surface)]
            let stem = s.surfaceStem[surface].map { names[Int($0)] }
            let oldStem = self.surfaceStem[surface].map { names[Int($0)] }
            apply(~surface, name: name, old: count > 0 ? Self.size(name: name, stem: oldStem, postings: 0) : nil,
                  new: stem != nil ? Self.size(name: name, stem: stem, postings: 0) : nil)
            if count > 0, stem != nil, stem != oldStem { touchedShards.insert(Self.chain(name, splits: s.splits).last!) }
        }
        for key in touchedKeys {
            let stat = s.keyStats[key]!
            if s.splits.contains(key) {
                guard Self.splits(key, stat) else { return nil }
            } else {
                guard !Self.splits(key, stat) else { return nil }
                if stat.members == 0 { s.keyStats[key] = nil }
            }
        }
        for key in touchedShards {
            if s.shardMembers[key]?.isEmpty ?? true {
                s.shardMembers[key] = nil
                s.shardPrints[key] = nil
            } else {
                Self.order(&s.shardMembers[key]!, names)
            }
        }
        // The touched shards' lists are read once, here, for their prints and then their files.
        for key in touchedShards { for ref in s.shardMembers[key] ?? [] where ref >= 0 { s.postings.load(Int(ref)) } }
        let state = s
        let prints: [(String, UInt64)] = parallelMap(touchedShards.filter { state.shardMembers[$0] != nil }.sorted()) { ($0, state.shardPrint($0, names)) }
        for (key, print) in prints { s.shardPrints[key] = print }
        // Snippet buckets whose documents show differently.
        var buckets = Set<Int>()
        let size = bucketSize
        for c in changes {
            for (i, (a, b)) in zip(c.old, c.new).enumerated() where !Self.sameSnippet(a.document, b.document) { buckets.insert((c.first + i) / size) }
        }
        for b in buckets { s.bucketPrints[b] = Self.bucketPrint(Self.bucket(b, n: n, size: size, documents: documents)) }
        if s.changedTerms != nil { s.changedTerms!.formUnion(before.keys) }
        return s
    }

    /// The index files: shards, snippet buckets (whose documents `documents` gives, when a file
    /// has to be written), filters, synonyms and `meta.js`.
    public func files(table: TermTable, synonyms: SearchSynonyms, documents: @escaping @Sendable (Range<Int>) -> [SearchDocument]) -> [SearchIndexBuilder.IndexFile] {
        let names = table.names
        let state = self
        var files: [SearchIndexBuilder.IndexFile] = []
        for (key, print) in shardPrints {
            files.append(.init(path: "search/t/\(IndexEncoding.hex(key)).js", fingerprint: print) { state.shardFile(key, names) })
        }
        let size = bucketSize
        let n = self.n
        for (b, print) in bucketPrints.enumerated() {
            files.append(.init(path: "search/d/\(b).js", fingerprint: print) { Self.bucketFile(b, Self.bucket(b, n: n, size: size, documents: documents)) })
        }
        for (name, ids) in filters {
            let file = SearchIndexBuilder.filterFile(name)
            files.append(.init(path: "search/\(file).js", bytes: SearchIndexBuilder.wrap(file, SearchIndexBuilder.jsonString(IndexEncoding.runs(ids)))))
        }
        if !synonyms.rules.isEmpty {
            files.append(.init(path: "search/syn.js", bytes: SearchIndexBuilder.wrap("syn", SearchIndexBuilder.synonymsJSON(synonyms))))
        }
        // The built-in thesaurus, a fallback for query words the handbook lacks, when some
        // pages are in a language it covers.
        let thesaurus = Thesaurus.groups.keys.contains { filters["lang:" + $0] != nil }
        if thesaurus {
            files.append(.init(path: "search/thesaurus.js", bytes: SearchIndexBuilder.wrap("thesaurus", Thesaurus.json())))
        }
        let meta = "{\"v\":3,\"n\":\(n),\"k\":\(size),\"s\":\(SearchIndexBuilder.jsonArray(Self.byteOrdered(splits)))\(synonyms.rules.isEmpty ? "" : ",\"y\":1")\(thesaurus ? ",\"x\":1" : "")}"
        files.append(.init(path: "search/meta.js", bytes: SearchIndexBuilder.wrap("meta", meta)))
        return files.sorted { $0.path < $1.path }
    }
}

extension SearchIndexState {
    static let magic = Array("CASEBOOK-INDEX-2\n".utf8)

    /// The state as bytes; each term's postings (raw little-endian words) are written by
    /// `list`, which the search cache uses to refer to them in its segment file.
    public func encoded(into w: inout BinaryWriter, list: (Int, inout BinaryWriter) -> Void) {
        w.bytes(Self.magic)
        w.varint(n)
        for t in totals { w.varint(t) }
        for a in averages { w.u64(a.bitPattern) }
        w.varint(postings.count)
        for t in postings.indices { list(t, &w) }
        w.varint(surfaceStem.count)
        for (s, stem) in surfaceStem { w.varint(Int(s)); w.varint(Int(stem)); w.varint(Int(surfaceDocs[s] ?? 0)); w.bool(ambiguous.contains(s)) }
        w.strings(Self.byteOrdered(splits))
        w.varint(keyStats.count)
        for (key, stat) in keyStats { w.string(key); w.varint(stat.size); w.varint(stat.members); w.varint(stat.longer) }
        w.varint(shardMembers.count)
        for (key, refs) in shardMembers {
            w.string(key)
            w.u64(shardPrints[key] ?? 0)
            w.varint(refs.count)
            for r in refs { w.int(Int(r)) }
        }
        w.varint(bucketPrints.count)
        for p in bucketPrints { w.u64(p) }
        w.varint(filters.count)
        for (name, ids) in filters { w.string(name); w.varint(ids.count); for i in ids { w.varint(i) } }
    }

    /// Reads what `encoded(into:list:)` wrote; `postings` reads what `list` wrote for a term.
    public static func decode(_ r: inout BinaryReader, termCount: Int, postings read: (inout BinaryReader) -> [UInt32]?) -> SearchIndexState? {
        decodeState(&r, termCount: termCount) { r, lists in
            guard let list = read(&r) else { return false }
            lists.append(list)
            return true
        }
    }

    /// Reads what `encoded(into:list:)` wrote when `list` wrote where each term's postings are in
    /// `file` (`blob` reads that back): the lists stay there until used (see `PostingLists`).
    public static func decode(_ r: inout BinaryReader, termCount: Int, storedIn file: SegmentFile, blob: (inout BinaryReader) -> SegmentBlob?) -> SearchIndexState? {
        decodeState(&r, termCount: termCount) { r, lists in
            guard let b = blob(&r) else { return false }
            return lists.append(storedAt: b, in: file)
        }
    }

    private static func decodeState(_ r: inout BinaryReader, termCount: Int, postings read: (inout BinaryReader, inout PostingLists) -> Bool) -> SearchIndexState? {
        var s = SearchIndexState()
        s.changedTerms = []
        let fields = SearchField.allCases.count
        guard r.expect(magic), let n = r.varint() else { return nil }
        s.n = n
        for _ in 0..<fields { guard let t = r.varint() else { return nil }; s.totals.append(t) }
        for _ in 0..<fields { guard let a = r.u64() else { return nil }; s.averages.append(Double(bitPattern: a)) }
        guard let termLists = r.varint(), termLists <= termCount else { return nil }
        for _ in 0..<termLists {
            guard read(&r, &s.postings) else { return nil }
        }
        guard let surfaces = r.varint(), surfaces <= r.end - r.pos else { return nil }
        for _ in 0..<surfaces {
            guard let a = r.varint(), let b = r.varint(), let c = r.varint(), let amb = r.bool(), a < termCount, b < termCount else { return nil }
            s.surfaceStem[Int32(a)] = Int32(b)
            s.surfaceDocs[Int32(a)] = Int32(c)
            if amb { s.ambiguous.insert(Int32(a)) }
        }
        guard let splits = r.strings(), let keys = r.varint(), keys <= r.end - r.pos else { return nil }
        s.splits = Set(splits)
        for _ in 0..<keys {
            guard let key = r.string(), let size = r.varint(), let members = r.varint(), let longer = r.varint() else { return nil }
            s.keyStats[key] = KeyStat(size: size, members: members, longer: longer)
        }
        guard let shards = r.varint(), shards <= r.end - r.pos else { return nil }
        for _ in 0..<shards {
            guard let key = r.string(), let print = r.u64(), let count = r.varint(), count <= r.end - r.pos else { return nil }
            var refs: [Int32] = []
            refs.reserveCapacity(count)
            for _ in 0..<count {
                guard let ref = r.int(), ref < termCount, ~ref < termCount else { return nil }
                if ref >= 0 ? ref >= s.postings.count : s.surfaceStem[Int32(~ref)] == nil { return nil }
                refs.append(Int32(ref))
            }
            s.shardMembers[key] = refs
            s.shardPrints[key] = print
        }
        guard let buckets = r.varint(), buckets <= (r.end - r.pos) / 8 else { return nil }
        for _ in 0..<buckets { guard let p = r.u64() else { return nil }; s.bucketPrints.append(p) }
        guard let filterCount = r.varint(), filterCount <= r.end - r.pos else { return nil }
        for _ in 0..<filterCount {
            guard let name = r.string(), let count = r.varint(), count <= r.end - r.pos else { return nil }
            var ids: [Int] = []
            ids.reserveCapacity(count)
            for _ in 0..<count { guard let i = r.varint() else { return nil }; ids.append(i) }
            s.filters[name] = ids
        }
        return s
    }
}
