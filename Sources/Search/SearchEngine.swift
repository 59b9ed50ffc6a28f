import Foundation

/// Where the engine reads index files from: the built site on disk, or files in memory.
public protocol IndexSource {
    /// The JSON payload of `search/<name>.js`, or nil if there is no such file.
    func load(_ name: String) -> Any?
}

/// Reads index files from a built site folder.
public final class SiteIndexSource: IndexSource {
    let directory: String
    private var cache: [String: Any] = [:]
    /// Files read so far, with their sizes, for measuring what a query costs.
    public private(set) var bytesRead: [String: Int] = [:]

    public init(site: String) { directory = site + "/search" }

    public func load(_ name: String) -> Any? {
        if let hit = cache[name] { return hit }
        guard let data = FileManager.default.contents(atPath: "\(directory)/\(name).js") else { return nil }
        bytesRead[name] = data.count
        // Strip `CasebookSearch.load("name",` and the closing `);`.
        guard let open = data.firstIndex(of: UInt8(ascii: ",")), let close = data.lastIndex(of: UInt8(ascii: ")")), open < close else { return nil }
        let payload = data[(open + 1)..<close]
        guard let value = try? JSONSerialization.jsonObject(with: payload, options: [.fragmentsAllowed]) else { return nil }
        cache[name] = value
        return value
    }
}

/// One ranked result.
public struct SearchResult: Sendable, Equatable {
    public var url: String
    public var title: String
    public var section: String
    public var score: Double
    public var snippet: String
    public var markets: [String]
    public var tags: [String]
    public var lang: String
    /// Folded query terms to highlight.
    public var highlights: [String]
    /// More sections of the same page that matched, best first, folded under this one.
    public var more: [SearchResult] = []
}

/// The query engine. `search.js` implements the same algorithm; the tests check that both
/// rank the relevance set identically.
public struct SearchEngine {
    public static let prefixMinLength = 3
    public static let prefixMaxTerms = 20
    public static let typoMinLength = 5
    static let exactFactor = 1.0, truncatedFactor = 0.9, prefixFactor = 0.8, typoFactor = 0.7
    static let definesBonus = 50.0
    /// A word the handbook never uses matches the longest stem that is its prefix, cutting at
    /// most this many letters (`harassment` finds `harass`) and keeping more than it cuts.
    /// The nearest terms win: cutting one letter, then one edit (`counterfit` finds
    /// `counterfeit`, not `counter`), then cutting more.
    static let maxCut = 5
    /// A page's other matching sections add this share of their scores to its best one's.
    static let pageShare = 0.25
    /// A synonym counts a little less than the word typed.
    static let synonymFactor = 0.9
    /// A word of the built-in thesaurus, standing for a query word the handbook never uses,
    /// counts less than a trainer's synonym.
    static let thesaurusFactor = 0.8
    /// Sections of a page folded under its best one, at most.
    public static let foldedSections = 3
    /// Ranked sections looked at when grouping by page, per page ranked.
    static let groupingWindow = 10
    /// Pages ranked together by what the whole page matches, however few results are asked
    /// for: the search box's 5 results are the first 5 of the search page's 20, and of the
    /// command line's 10. Pages found beyond them are ranked after them, among themselves.
    static let rankingDepth = 10
    /// A stem of at least this many letters also finds index terms that extend it by at most
    /// `familyMaxExtra` letters.
    static let familyMinLength = 5, familyMaxExtra = 2
    /// A heading word counts as a query word when it starts with one of the word's terms and
    /// has at most this many more letters (`cancel` in "cancellations").
    static let headingExtra = 4

    let source: IndexSource
    let splits: Set<String>
    let n: Int
    /// Documents per snippet bucket: document `d` is entry `d % bucketSize` of bucket `d / bucketSize`.
    let bucketSize: Int

    public init?(source: IndexSource) {
        guard let meta = source.load("meta") as? [String: Any], let k = meta["k"] as? Int, k > 0 else { return nil }
        self.source = source
        splits = Set(meta["s"] as? [String] ?? [])
        n = meta["n"] as? Int ?? 0
        bucketSize = k
        var rules: [SynonymRule] = []
        if meta["y"] != nil, let list = source.load("syn") as? [[Any]] {
            for r in list where r.count == 4 {
                rules.append(SynonymRule(lang: r[0] as? String ?? "", from: r[1] as? [String] ?? [], stems: r[2] as? [String] ?? [],
                                         to: r[3] as? [String] ?? []))
            }
        }
        synonyms = rules
        hasThesaurus = meta["x"] != nil
        // Translations: page URL -> the original's page URL, so an SOP is one result whatever
        // languages match (`search/translations.js`; older sites have none).
        originals = (source.load("translations") as? [String: Any])?["o"] as? [String: String] ?? [:]
    }

    /// The original's page URL of each translation page.
    let originals: [String: String]

    /// The result group a page belongs to: its original's URL for a translation, else its own.
    func groupKey(_ pageURL: String) -> String { originals[pageURL] ?? pageURL }

    /// A synonym rule of `search/syn.js`: the query pieces, their stems, the phrases they stand for.
    struct SynonymRule {
        var lang: String
        var from: [String]
        var stems: [String]
        var to: [String]
    }
    let synonyms: [SynonymRule]
    /// Whether the index ships the built-in thesaurus (`search/thesaurus.js`).
    let hasThesaurus: Bool

    /// The built-in thesaurus: stopwords (words the index drops, never "missing"), and each
    /// group's members as light-stemmed pieces next to the phrases themselves.
    struct ThesaurusGroups {
        var stop: Set<String>
        var groups: [(lang: String, members: [String], keys: [[String]])]
    }

    func thesaurus() -> ThesaurusGroups? {
        guard hasThesaurus, let data = source.load("thesaurus") as? [String: Any] else { return nil }
        var groups: [(String, [String], [[String]])] = []
        for g in data["g"] as? [[Any]] ?? [] where g.count == 2 {
            let members = g[1] as? [String] ?? []
            groups.append((g[0] as? String ?? "", members, members.map { Self.words($0).map(Thesaurus.lightStem) }))
        }
        return ThesaurusGroups(stop: Set(data["stop"] as? [String] ?? []), groups: groups)
    }

    // MARK: - Query parsing

    /// A parsed query.
    public struct Query: Equatable {
        public enum Word: Equatable {
            case word(String, prefix: Bool)
            case bigram(String)
            case code(String)
        }
        public var words: [Word] = []
        public var phrases: [[String]] = []
        public var filters: [(String, String)] = []
        public static func == (a: Query, b: Query) -> Bool {
            a.words == b.words && a.phrases == b.phrases && a.filters.map { $0.0 + ":" + $0.1 } == b.filters.map { $0.0 + ":" + $0.1 }
        }
    }

    /// Whitespace between query words: what JavaScript's `\s` matches, so that `search.js`
    /// splits a query where this does (Swift's `isWhitespace` takes U+0085 and not U+FEFF,
    /// and reads a space followed by a combining mark as one character).
    static func isQuerySpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
        default: return false
        }
    }

    /// The parts of `text` between runs of query whitespace.
    static func querySplit<S: StringProtocol>(_ text: S) -> [String] {
        text.unicodeScalars.split(whereSeparator: isQuerySpace).map { String(String.UnicodeScalarView($0)) }
    }

    /// Splits a query into words, "phrases" and `key:value` filters, scalar by scalar as
    /// `search.js` reads it.
    public static func parse(_ text: String) -> Query {
        var query = Query()
        var tokens: [(String, quoted: Bool)] = []
        var current = String.UnicodeScalarView()
        var inQuote = false
        for ch in text.unicodeScalars {
            if ch == "\"" {
                if inQuote { tokens.append((String(current), true)); current = .init() } else if !current.isEmpty { tokens.append((String(current), false)); current = .init() }
                inQuote.toggle()
            } else if isQuerySpace(ch) && !inQuote {
                if !current.isEmpty { tokens.append((String(current), false)); current = .init() }
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { tokens.append((String(current), inQuote)) }
        let endsOpen = !(text.unicodeScalars.last.map { isQuerySpace($0) || $0 == "\"" } ?? true)
        for (index, (token, quoted)) in tokens.enumerated() {
            let scalars = token.unicodeScalars
            if !quoted, let colon = scalars.firstIndex(of: ":"), ["market", "tag", "lang"].contains(String(scalars[..<colon]).lowercased()),
               scalars.index(after: colon) < scalars.endIndex {
                query.filters.append((String(scalars[..<colon]).lowercased(), Analyzer.fold(String(scalars[scalars.index(after: colon)...]))))
                continue
            }
            let isLast = index == tokens.count - 1
            var phrase: [String] = []
            let parts = querySplit(token)
            for part in parts {
                let raw = part
                if let code = Self.unhyphenatedCode(Analyzer.fold(raw).trimmingCharacters(in: .punctuationCharacters)) {
                    query.words.append(.code(code))
                    phrase.append(code)
                    continue
                }
                if Analyzer.codes(in: raw).first?.lowercased() == Analyzer.fold(raw).trimmingCharacters(in: .punctuationCharacters) {
                    let code = Analyzer.fold(raw).trimmingCharacters(in: .punctuationCharacters)
                    query.words.append(.code(code))
                    phrase.append(code)
                    continue
                }
                let isLastPart = !quoted && isLast && endsOpen && part == parts.last
                if isLastPart, let partial = Self.partialCode(Analyzer.fold(raw).trimmingCharacters(in: .punctuationCharacters)) {
                    query.words.append(.word(partial, prefix: true))
                    phrase.append(partial)
                    continue
                }
                let pieces = Analyzer.pieces(Analyzer.fold(raw))
                for (pi, piece) in pieces.enumerated() {
                    switch piece {
                    case .word(let w):
                        let prefix = !quoted && isLast && endsOpen && pi == pieces.count - 1 && part == parts.last
                        query.words.append(.word(w, prefix: prefix))
                        phrase.append(w)
                    case .bigram(let b):
                        query.words.append(.bigram(b))
                        phrase.append(b)
                    }
                }
            }
            if quoted && phrase.count > 1 { query.phrases.append(phrase) }
        }
        return query
    }

    /// A policy code being typed, cut after its first digit (`SV-0`): the last word of an open
    /// query, found as a prefix of the codes (`sv-01`, `sv-02`...).
    static func partialCode(_ folded: String) -> String? {
        let u = Array(folded.utf8)
        guard let hyphen = u.firstIndex(of: UInt8(ascii: "-")), (2...4).contains(hyphen), hyphen + 2 == u.count,
              u[..<hyphen].allSatisfy({ (97...122).contains($0) }), (48...57).contains(u[hyphen + 1]) else { return nil }
        return folded
    }

    /// A policy code typed without its hyphen (`ip01`, `LS05`): 2-4 letters then 2 digits, as `ip-01`.
    static func unhyphenatedCode(_ folded: String) -> String? {
        let u = Array(folded.utf8)
        guard (4...6).contains(u.count), u.suffix(2).allSatisfy({ (48...57).contains($0) }),
              u.dropLast(2).allSatisfy({ (97...122).contains($0) }) else { return nil }
        return String(decoding: u.dropLast(2), as: UTF8.self) + "-" + String(decoding: u.suffix(2), as: UTF8.self)
    }

    // MARK: - Term lookup

    struct Shard {
        var surfaces: [String: String]
        var terms: [String: [Any]]
    }

    func shard(_ key: String) -> Shard? {
        guard let value = source.load("t/" + IndexEncoding.hex(key)) as? [String: Any] else { return nil }
        return Shard(surfaces: value["s"] as? [String: String] ?? [:], terms: value["t"] as? [String: [Any]] ?? [:])
    }

    func entry(_ term: String) -> (df: Int, postings: String)? {
        guard let s = shard(SearchIndexBuilder.shardKey(term, splits: splits)), let e = s.terms[term],
              let df = e.first as? Int, let p = e.last as? String else { return nil }
        return (df, p)
    }

    func idf(_ df: Int) -> Double {
        log(1 + (Double(n - df) + 0.5) / (Double(df) + 0.5))
    }

    /// Terms in the order `search.js` sorts them (UTF-16 code units, as JavaScript compares
    /// strings; Swift's `<` compares them composed, and terms are stored decomposed: `أ` is
    /// U+0627 U+0654), so both keep the same terms when a list is cut.
    static func codeUnitOrder(_ a: String, _ b: String) -> Bool { a.utf16.lexicographicallyPrecedes(b.utf16) }

    /// Optimal-string-alignment distance is 1 (one insertion, deletion, substitution or swap).
    static func withinOneEdit(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        if a == b { return false }
        let la = a.count, lb = b.count
        if abs(la - lb) > 1 { return false }
        var i = 0
        while i < min(la, lb), a[i] == b[i] { i += 1 }
        if la == lb {
            if Array(a[(i + 1)...]) == Array(b[(i + 1)...]) { return true }
            return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && Array(a[(i + 2)...]) == Array(b[(i + 2)...])
        }
        if la > lb { return Array(a[(i + 1)...]) == Array(b[i...]) }
        return Array(a[i...]) == Array(b[(i + 1)...])
    }

    /// The index terms a query word stands for, each with a weight factor. `exact`: only the
    /// word's stem and its family, no nearest terms nor prefixes (for thesaurus words).
    func alternatives(_ word: Query.Word, exact: Bool = false) -> [(term: String, factor: Double)] {
        switch word {
        case .code(let c):
            // A word shaped like a code that no page has as one (`win10`, `fy24` read as WIN-10,
            // FY-24) is the word: typed, it found nothing, even on a page saying it.
            if entry(c) != nil { return [(c, Self.exactFactor)] }
            return alternatives(.word(c.replacingOccurrences(of: "-", with: ""), prefix: false), exact: exact)
        case .bigram(let b): return entry(b) == nil ? [] : [(b, Self.exactFactor)]
        case .word(let w, let prefix):
            var result: [(String, Double)] = []
            let key = SearchIndexBuilder.shardKey(w, splits: splits)
            let home = shard(key)
            let stem = home?.surfaces[w] ?? w
            if exact && entry(stem) == nil { return [] }
            if entry(stem) != nil {
                result.append((stem, Self.exactFactor))
                // The stem's family: index terms that extend it by a suffix the stemmer keeps
                // (`threat` also finds `threaten`), a little below the word itself.
                if stem.unicodeScalars.count >= Self.familyMinLength, let s = shard(SearchIndexBuilder.shardKey(stem, splits: splits)) {
                    let length = stem.unicodeScalars.count
                    for t in s.terms.keys.sorted(by: Self.codeUnitOrder) where t != stem && t.unicodeScalars.starts(with: stem.unicodeScalars) && t.unicodeScalars.count - length <= Self.familyMaxExtra {
                        result.append((t, Self.prefixFactor))
                    }
                }
            } else {
                let scalars = Array(w.unicodeScalars)
                func truncated(_ cuts: ClosedRange<Int>) {
                    for cut in cuts where scalars.count - cut >= max(4, cut + 1) {
                        let candidate = String(String.UnicodeScalarView(scalars[0..<(scalars.count - cut)]))
                        if entry(candidate) != nil { result.append((candidate, Self.truncatedFactor)); break }
                    }
                }
                truncated(1...1)
                if result.isEmpty, scalars.count >= Self.typoMinLength, let home {
                    let near = home.terms.keys.filter { Self.withinOneEdit(Array($0.unicodeScalars), scalars) }
                        .map { ($0, (home.terms[$0]?.first as? Int) ?? 0) }
                        .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : Self.codeUnitOrder($0.0, $1.0) }.prefix(3)
                    for (t, _) in near { result.append((t, Self.typoFactor)) }
                    if near.isEmpty {
                        let viaSurface = home.surfaces.keys.filter { Self.withinOneEdit(Array($0.unicodeScalars), scalars) }.sorted(by: Self.codeUnitOrder).prefix(3)
                        for s in viaSurface { if let st = home.surfaces[s], !result.contains(where: { $0.0 == st }) { result.append((st, Self.typoFactor)) } }
                    }
                }
                if result.isEmpty { truncated(2...Self.maxCut) }
            }
            if prefix, !exact, w.unicodeScalars.count >= Self.prefixMinLength, !splits.contains(key), let home {
                var expansions: [(String, Int)] = []
                for (t, e) in home.terms where t.unicodeScalars.starts(with: w.unicodeScalars) && t != stem { expansions.append((t, (e.first as? Int) ?? 0)) }
                for (s, st) in home.surfaces where s.unicodeScalars.starts(with: w.unicodeScalars) && st != stem {
                    if let e = entry(st) { expansions.append((st, e.df)) }
                }
                var seen = Set(result.map(\.0))
                for (t, _) in expansions.sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : Self.codeUnitOrder($0.0, $1.0) }) where seen.insert(t).inserted {
                    result.append((t, Self.prefixFactor))
                    if result.count > Self.prefixMaxTerms { break }
                }
            }
            return result
        }
    }

    // MARK: - Ranking

    /// The score of each document for one query word (its best alternative), and the terms it matched.
    func wordScores(_ word: Query.Word, allowed: Set<Int>?, exact: Bool = false) -> (best: [Int: Double], terms: [String]) {
        var best: [Int: Double] = [:]
        var terms: [String] = []
        for (term, factor) in alternatives(word, exact: exact) {
            guard let e = entry(term) else { continue }
            let weight = factor * idf(e.df)
            for (doc, w) in IndexEncoding.decodePostings(e.postings) {
                if let allowed, !allowed.contains(doc) { continue }
                let s = weight * Double(w) / 63
                if s > best[doc] ?? 0 { best[doc] = s }
            }
            terms.append(term)
        }
        if case .code(let c) = word, let e = entry("=" + c) {
            for (doc, _) in IndexEncoding.decodePostings(e.postings) where allowed?.contains(doc) ?? true {
                best[doc] = (best[doc] ?? 0) + Self.definesBonus
            }
        }
        if case .word(let w, _) = word, !exact || !best.isEmpty { terms.append(w) }
        return (best, terms)
    }

    /// Runs of query words that a synonym rule matches: start, length and the phrases they also
    /// stand for. Longest match first, left to right; rules of every language unless the query
    /// has a `lang:` filter.
    ///
    /// Where no trainer's rule applies, the built-in thesaurus does, for a run holding a word that
    /// neither the handbook nor its nearest terms hold (not a stopword): the run's words match a
    /// member by their light stems, and it stands for the group's other members (`fallback`).
    /// `missing`: per query word, whether it found no index term at all, not even a near one;
    /// `book`: the thesaurus, loaded by the caller only when some word is missing.
    /// `stops`: which of a span's words (from its start) are stopwords of a trainer's rule (a
    /// rule's stem ""), which no page can hold: "cash on delivery" is worth two words, as "cod"
    /// for it is.
    func synonymSpans(_ query: Query, missing found: [Bool], thesaurus book: ThesaurusGroups?) -> [(start: Int, length: Int, phrases: [String], fallback: Bool, stops: [Int])] {
        guard !synonyms.isEmpty || hasThesaurus else { return [] }
        let lang = query.filters.last { $0.0 == "lang" }?.1
        let rules = synonyms.filter { lang == nil || $0.lang == lang }
        var tokens: [String?] = []
        var canonical: [String?] = []
        for word in query.words {
            switch word {
            case .word(let w, _):
                tokens.append(w)
                canonical.append(shard(SearchIndexBuilder.shardKey(w, splits: splits))?.surfaces[w] ?? w)
            case .bigram(let b): tokens.append(b); canonical.append(b)
            case .code: tokens.append(nil); canonical.append(nil)
            }
        }
        // Words the handbook never uses, nor any near form of them (the thesaurus is the last
        // fallback), and loaded only for them.
        var missing = found
        var light: [String?] = []
        if missing.contains(true), let t = book {
            for k in missing.indices where missing[k] && t.stop.contains(tokens[k]!) { missing[k] = false }
            light = tokens.map { $0.map(Thesaurus.lightStem) }
        }
        var spans: [(Int, Int, [String], Bool, [Int])] = []
        var i = 0
        while i < tokens.count {
            var length = 0
            var phrases: [String] = []
            var stops: [Int] = []
            for rule in rules where rule.from.count >= length && i + rule.from.count <= tokens.count && !rule.from.isEmpty {
                var ok = true
                for j in 0..<rule.from.count {
                    guard let t = tokens[i + j], t == rule.from[j] || canonical[i + j] == rule.stems[j] else { ok = false; break }
                }
                guard ok else { continue }
                if rule.from.count > length { length = rule.from.count; phrases = []; stops = rule.stems.indices.filter { rule.stems[$0].isEmpty } }
                for p in rule.to where !phrases.contains(p) { phrases.append(p) }
            }
            if length > 0 { spans.append((i, length, phrases, false, stops)); i += length; continue }
            if let book, missing[i...].contains(true) {
                for g in book.groups where lang == nil || g.lang == lang {
                    for key in g.keys where key.count >= length && !key.isEmpty && i + key.count <= tokens.count {
                        guard (0..<key.count).allSatisfy({ light[i + $0] != nil && light[i + $0] == key[$0] }),
                              missing[i..<(i + key.count)].contains(true) else { continue }
                        if key.count > length { length = key.count; phrases = [] }
                        for (m, other) in zip(g.members, g.keys) where other != key && !phrases.contains(m) { phrases.append(m) }
                    }
                }
            }
            if length > 0 { spans.append((i, length, phrases, true, [])); i += length } else { i += 1 }
        }
        return spans
    }

    /// Ranks the documents for `text`, best first, grouped by page: each result is the best
    /// section of a page, with the page's other matching sections folded under it (`more`).
    /// Pages whose title or a section heading is exactly the query come first.
    public func search(_ text: String, limit: Int = 10) -> [SearchResult] {
        let query = Self.parse(text)
        var allowed: Set<Int>?
        for (key, value) in query.filters {
            var set = Set<Int>()
            for name in key == "market" ? ["market:" + value, "market:*"] : [key + ":" + value] {
                if let runs = source.load(SearchIndexBuilder.filterFile(name)) as? String {
                    set.formUnion(IndexEncoding.decodeRuns(runs))
                }
            }
            allowed = allowed.map { $0.intersection(set) } ?? set
        }
        var scores: [Int: Double] = [:]
        var matched: [Int: Double] = [:]
        var highlights: [String] = []
        var perWord: [[Int: Double]] = []
        var wordTerms: [[String]] = []
        for word in query.words {
            let (best, terms) = wordScores(word, allowed: allowed)
            perWord.append(best)
            wordTerms.append(terms)
            highlights += terms
        }
        // A word found no index term when its only "term" is the word itself.
        let missing = query.words.indices.map { k -> Bool in
            if case .word = query.words[k] { return wordTerms[k].count == 1 }
            return false
        }
        // Read once, and only when a word is missing (it is the last fallback).
        let book = missing.contains(true) ? thesaurus() : nil
        let spans = synonymSpans(query, missing: missing, thesaurus: book)
        var inSpan = [Bool](repeating: false, count: query.words.count)
        var spanValues: [[Int: Double]] = []
        // Per span: its length, and the terms of each way to say it (the words typed, then each
        // phrase they stand for), word by word: a heading holding one of them covers the span.
        var spanForms: [(length: Int, forms: [[[String]]])] = []
        let stop = book?.stop ?? []
        for (start, length, phrases, fallback, stops) in spans {
            for k in start..<(start + length) { inSpan[k] = true }
            // What the span is worth: its words but the stopwords of its rule.
            let weight = length > stops.count ? length - stops.count : length
            // The words as typed: one match per word found.
            var value: [Int: Double] = [:]
            var score: [Int: Double] = [:]
            let typed = (start..<(start + length)).filter { !stops.contains($0 - start) || weight == length }
            var forms: [[[String]]] = [typed.map { perWord[$0].isEmpty ? [] : wordTerms[$0] }]
            for k in start..<(start + length) {
                for (doc, s) in perWord[k] { value[doc, default: 0] += 1; score[doc, default: 0] += s }
            }
            // Each phrase they stand for counts for the same number of words, scaled down a little.
            for phrase in phrases {
                var words = Self.parse(phrase + " ").words
                // A thesaurus phrase counts where all its words (but stopwords) are found.
                if fallback { words = words.filter { if case .word(let w, _) = $0 { return !stop.contains(w) } else { return true } } }
                guard !words.isEmpty else { continue }
                var count: [Int: Int] = [:]
                var sum: [Int: Double] = [:]
                var form: [[String]] = []
                for w in words {
                    let (best, terms) = wordScores(w, allowed: allowed, exact: fallback)
                    highlights += terms
                    form.append(best.isEmpty ? [] : terms)
                    for (doc, s) in best { count[doc, default: 0] += 1; sum[doc, default: 0] += s }
                }
                forms.append(form)
                for (doc, c) in count where !fallback || c == words.count {
                    let v = Double(weight * c) / Double(words.count)
                    let sc = (fallback ? Self.thesaurusFactor : Self.synonymFactor) * sum[doc]! * Double(weight) / Double(words.count)
                    let ov = value[doc] ?? 0, os = score[doc] ?? 0
                    if v > ov || (v == ov && Self.rounded(sc) > Self.rounded(os)) { value[doc] = v; score[doc] = sc }
                }
            }
            for (doc, v) in value {
                scores[doc, default: 0] += score[doc]!
                matched[doc, default: 0] += v
            }
            spanValues.append(value)
            spanForms.append((weight, forms))
        }
        for (k, best) in perWord.enumerated() where !inSpan[k] {
            for (doc, s) in best {
                scores[doc, default: 0] += s
                matched[doc, default: 0] += 1
            }
        }
        var ranked = scores.keys.sorted { a, b in
            let ma = matched[a]!, mb = matched[b]!
            if ma != mb { return ma > mb }
            let sa = Self.rounded(scores[a]!), sb = Self.rounded(scores[b]!)
            if sa != sb { return sa > sb }
            return a < b
        }
        // Phrases: among the first ten, sections whose text holds every phrase come first.
        if !query.phrases.isEmpty {
            let head = Array(ranked.prefix(10))
            let verified = head.filter { doc in
                guard let d = document(doc) else { return false }
                return query.phrases.allSatisfy { Self.contains(Self.words(d.section + " " + d.text), $0) }
            }
            ranked = verified + head.filter { !verified.contains($0) } + ranked.dropFirst(10)
        }
        // Group by SOP, within the first sections: a page and its translations are one result,
        // its best section first and the others folded under it. Once every result is found,
        // only sections of pages already shown are folded in (the browser then need not fetch
        // a snippet bucket to learn that a section belongs to no result). The first
        // `rankingDepth` pages are grouped from the first sections alone, so asking for more
        // results adds pages after them and changes nothing of theirs.
        var groups: [(page: String, docs: [Int])] = []
        var groupOf: [String: Int] = [:]
        var shownPages = Set<String>()
        var documents: [Int: SearchDocument] = [:]
        func collect(_ sections: ArraySlice<Int>, upTo count: Int, foldingFrom first: Int) {
            for doc in sections {
                guard let d = document(doc) else { continue }
                documents[doc] = d
                let key = groupKey(d.pageURL)
                if let g = groupOf[key] {
                    if g < first { continue } // a page of the first tier: grouped already
                    guard groups.count < count || shownPages.contains(d.pageURL) else { break }
                    shownPages.insert(d.pageURL)
                    if groups[g].docs.count <= Self.foldedSections { groups[g].docs.append(doc) }
                } else {
                    if groups.count == count { break }
                    groupOf[key] = groups.count
                    shownPages.insert(d.pageURL)
                    groups.append((key, [doc]))
                }
            }
        }
        let firstSections = Self.rankingDepth * Self.groupingWindow
        collect(ranked.prefix(firstSections), upTo: Self.rankingDepth, foldingFrom: 0)
        let firstTier = groups.count
        if limit > Self.rankingDepth {
            collect(ranked.dropFirst(firstSections).prefix((limit - Self.rankingDepth) * Self.groupingWindow), upTo: limit, foldingFrom: firstTier)
        }
        // Pages by what the whole page matches: whether every query word (or synonym) is found
        // in some section of it, then how many query words a heading holds (the page title or
        // the heading of any of its sections in the result, not only the best one's), then its
        // best section's score plus a share of the next best ones. All words or not, not how
        // many: counted word by word, a long page (terms of service) that holds most words of
        // a long question somewhere in its sections ("someone", "post", "without") outranked
        // the short page that holds its rare words ("reblogged") and has them in its title.
        // Sections are counted from the snippet buckets already loaded for the results.
        func slotValues(_ doc: Int) -> [Double] {
            var values: [Double] = []
            for (k, best) in perWord.enumerated() where !inSpan[k] { values.append(best[doc] != nil ? 1 : 0) }
            for v in spanValues { values.append(v[doc] ?? 0) }
            return values
        }
        // What each slot of `slotValues` is worth when fully matched; nil for a word or span no
        // section matches (it cannot tell pages apart).
        var fullSlots: [Double?] = perWord.indices.filter { !inSpan[$0] }.map { perWord[$0].isEmpty ? nil : 1 }
        for (i, v) in spanValues.enumerated() { fullSlots.append(v.isEmpty ? nil : Double(spanForms[i].length)) }
        func allFound(_ covered: [Double]) -> Bool {
            zip(covered, fullSlots).allSatisfy { value, full in full.map { value >= $0 } ?? true }
        }
        // How many query words (found in the index) a heading holds: a synonym span's words
        // count when the heading holds every word of one way to say it (`deepfake` in a
        // heading "Synthetic media").
        let headingSlots = perWord.indices.filter { !inSpan[$0] && !perWord[$0].isEmpty }.map { wordTerms[$0] }
        func headingCoverage(_ text: String) -> Int {
            let heading = Self.words(text)
            func holds(_ terms: [String]) -> Bool {
                heading.contains { h in
                    terms.contains { t in h.unicodeScalars.starts(with: t.unicodeScalars) && h.unicodeScalars.count - t.unicodeScalars.count <= Self.headingExtra }
                }
            }
            var covered = headingSlots.filter(holds).count
            for span in spanForms where span.forms.contains(where: { !$0.isEmpty && $0.allSatisfy(holds) }) { covered += span.length }
            return covered
        }
        var pageKeys: [(allFound: Bool, heading: Int, score: Double)] = []
        for gi in groups.indices {
            let g = groups[gi]
            var members: [(doc: Int, page: String)] = []
            var buckets: [Int] = []
            for doc in g.docs where !buckets.contains(doc / bucketSize) { buckets.append(doc / bucketSize) }
            for b in buckets.sorted() {
                for (i, page) in bucketPages(b).enumerated() where groupKey(page) == g.page && scores[b * bucketSize + i] != nil {
                    members.append((b * bucketSize + i, page))
                }
            }
            // The language shown: the page (original or translation) that matches the most
            // query words; the original when they match as many.
            var pages: [String] = []
            for doc in g.docs { if let p = documents[doc]?.pageURL, !pages.contains(p) { pages.append(p) } }
            func coverage(_ page: String) -> [Double] {
                let first = g.docs.first { documents[$0]?.pageURL == page }!
                var covered = slotValues(first)
                for m in members where m.page == page { for (i, v) in slotValues(m.doc).enumerated() where v > covered[i] { covered[i] = v } }
                return covered
            }
            var shown = pages[0], covered = coverage(pages[0])
            for page in pages.dropFirst() {
                let c = coverage(page)
                let sum = c.reduce(0, +), best = covered.reduce(0, +)
                if sum > best || (sum == best && page == g.page && shown != g.page) { shown = page; covered = c }
            }
            if shown != pages[0] {
                groups[gi].docs = g.docs.filter { documents[$0]?.pageURL == shown } + g.docs.filter { documents[$0]?.pageURL != shown }
            }
            let lead = groups[gi].docs[0]
            let others = members.filter { $0.page == shown && $0.doc != lead }.map { Self.rounded(scores[$0.doc]!) }.sorted(by: >).prefix(3)
            var score = scores[lead]!
            for o in others { score += Self.pageShare * o }
            var heading = 0
            for doc in groups[gi].docs where documents[doc]?.pageURL == shown {
                if let d = documents[doc] { heading = max(heading, headingCoverage(d.section), headingCoverage(d.pageTitle)) }
            }
            pageKeys.append((allFound(covered), heading, Self.rounded(score)))
        }
        // The first `rankingDepth` pages found, then those found after them (when more results
        // are asked for), each tier by its pages' keys, exact title or heading matches first.
        let typed = query.words.map { w -> String in
            switch w { case .word(let x, _): return x; case .bigram(let b): return b; case .code(let c): return c }
        }
        func isExact(_ g: (page: String, docs: [Int])) -> Bool {
            !typed.isEmpty && g.docs.contains { doc in
                guard let d = documents[doc] else { return false }
                return Self.words(d.pageTitle) == typed || Self.words(d.section) == typed
            }
        }
        func ordered(_ tier: Range<Int>) -> [Int] {
            let byKeys = tier.sorted { a, b in
                if pageKeys[a].allFound != pageKeys[b].allFound { return pageKeys[a].allFound }
                if pageKeys[a].heading != pageKeys[b].heading { return pageKeys[a].heading > pageKeys[b].heading }
                if pageKeys[a].score != pageKeys[b].score { return pageKeys[a].score > pageKeys[b].score }
                return a < b
            }
            let exact = Set(byKeys.filter { isExact(groups[$0]) })
            return byKeys.filter(exact.contains) + byKeys.filter { !exact.contains($0) }
        }
        groups = (ordered(0..<firstTier) + ordered(firstTier..<groups.count)).prefix(limit).map { groups[$0] }
        func result(_ doc: Int) -> SearchResult? {
            guard let d = documents[doc] else { return nil }
            return SearchResult(url: d.url, title: d.pageTitle, section: d.section, score: Self.rounded(scores[doc]!),
                                snippet: d.text, markets: d.markets, tags: d.tags, lang: d.lang, highlights: highlights)
        }
        return groups.compactMap { g in
            guard var first = result(g.docs[0]) else { return nil }
            first.more = g.docs.dropFirst().compactMap(result)
            return first
        }
    }

    /// The folded words (and bigrams) of a text, as queries are split.
    static func words(_ text: String) -> [String] {
        Analyzer.pieces(Analyzer.fold(text)).map { piece -> String in
            switch piece { case .word(let w): return w; case .bigram(let b): return b }
        }
    }

    /// Scores are compared at 6 decimals so both implementations agree despite float noise.
    static func rounded(_ x: Double) -> Double { (x * 1_000_000).rounded() / 1_000_000 }

    static func contains(_ words: [String], _ phrase: [String]) -> Bool {
        guard phrase.count <= words.count else { return false }
        for i in 0...(words.count - phrase.count) where Array(words[i..<(i + phrase.count)]) == phrase { return true }
        return false
    }

    /// The page URL of each document of snippet bucket `b`, in order.
    func bucketPages(_ b: Int) -> [String] {
        guard let data = source.load("d/\(b)") as? [String: Any], let pages = data["p"] as? [[Any]],
              let docs = data["d"] as? [[Any]] else { return [] }
        return docs.map { d in (d[0] as? Int).flatMap { $0 < pages.count ? pages[$0][0] as? String : nil } ?? "" }
    }

    /// The stored document with id `doc`, from its snippet bucket.
    func document(_ doc: Int) -> SearchDocument? {
        guard doc >= 0, let data = source.load("d/\(doc / bucketSize)") as? [String: Any], let pages = data["p"] as? [[Any]],
              let docs = data["d"] as? [[Any]] else { return nil }
        let index = doc % bucketSize
        guard index < docs.count else { return nil }
        let d = docs[index]
        guard let p = d[0] as? Int, p < pages.count else { return nil }
        let page = pages[p]
        return SearchDocument(pageID: "", pageURL: page[0] as? String ?? "", pageTitle: page[1] as? String ?? "",
                              anchor: d[1] as? String ?? "", section: d[2] as? String ?? "", lang: page[2] as? String ?? "",
                              markets: page[3] as? [String] ?? [], tags: page[4] as? [String] ?? [], codes: [], defines: nil,
                              text: d[3] as? String ?? "")
    }
}
