import Testing
import Handbook
@testable import Search

/// An index updated for edited pages must be the index a full build makes of the new pages,
/// file for file and byte for byte.
@Suite struct SearchIndexStateTests {
    struct Random {
        var seed: UInt64
        mutating func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
    }

    /// A vocabulary with many words per first letter, so that shards are split.
    static let vocabulary: [String] = {
        var r = Random(seed: 7)
        let letters = Array("abcdeefgilmnooprsstu")
        return (0..<1500).map { _ in String((0..<(4 + r.next(6))).map { _ in letters[r.next(letters.count)] }) }
    }()

    /// Page `p`'s documents: an introduction and two sections, the text drawn from the vocabulary.
    static func page(_ p: Int, variant: Int, _ r: inout Random) -> [SearchDocument] {
        func text(_ words: Int) -> String { (0..<words).map { _ in vocabulary[r.next(vocabulary.count)] }.joined(separator: " ") }
        let markets = p % 3 == 0 ? ["UK"] : []
        return [("", ""), ("rules", "Rules \(text(2))"), ("ip-\(p % 90 + 10)", "IP-\(p % 90 + 10) \(text(1))")].map { anchor, section in
            SearchDocument(pageID: "p\(p)", pageURL: "sop/p\(p).html", pageTitle: "Page \(p) \(text(2))", anchor: anchor, section: section,
                           lang: "en", markets: markets, tags: ["t\(p % 4)"], codes: anchor.hasPrefix("ip-") ? ["IP-\(p % 90 + 10)"] : [],
                           defines: anchor.hasPrefix("ip-") ? "IP-\(p % 90 + 10)" : nil, text: text(18 + r.next(5)) + " v\(variant)")
        }
    }

    static func files(_ state: SearchIndexState, _ table: TermTable, _ docs: [SearchDocument]) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for f in state.files(table: table, synonyms: SearchSynonyms(), documents: { Array(docs[$0]) }) {
            out[f.path] = f.produce()
        }
        return out
    }

    @Test func updatedIndexEqualsAFullBuildOfTheEditedPages() throws {
        var r = Random(seed: 42)
        let table = TermTable()
        var analyzer = Analyzer()
        let pageCount = 400
        var pages: [[IndexedDocument]] = (0..<pageCount).map { p in
            Self.page(p, variant: 0, &r).map { IndexedDocument(SearchIndexBuilder.analyze($0, analyzer: &analyzer), sourceHash: 1, table: table) }
        }
        var state = SearchIndexState.build(pages.flatMap { $0 }, table: table)
        #expect(!state.splits.isEmpty, "the test needs split shards")
        var updates = 0
        for edit in 1...40 {
            // One or two pages get new text (and new words, now and then).
            var changes: [SearchIndexState.PageChange] = []
            for _ in 0..<(1 + edit % 2) {
                let p = r.next(pageCount)
                guard !changes.contains(where: { $0.first == p * 3 }) else { continue }
                var docs = Self.page(p, variant: edit, &r)
                if edit % 5 == 0 { docs[1].text += " zq\(edit)x newword\(edit)" }
                let new = docs.map { IndexedDocument(SearchIndexBuilder.analyze($0, analyzer: &analyzer), sourceHash: UInt64(edit), table: table) }
                changes.append(.init(first: p * 3, old: pages[p], new: new))
                pages[p] = new
            }
            let all = pages.flatMap { $0 }
            let documents = all.map(\.document)
            let full = SearchIndexState.build(all, table: table)
            if let next = state.updated(changes, table: table, documents: { Array(documents[$0]) }) {
                updates += 1
                #expect(next.shardPrints == full.shardPrints, "edit \(edit)")
                #expect(next.bucketPrints == full.bucketPrints, "edit \(edit)")
                #expect(next.keyStats == full.keyStats, "edit \(edit)")
                #expect(Self.files(next, table, documents) == Self.files(full, table, documents), "edit \(edit)")
                state = next
            } else {
                state = full
            }
        }
        // Most edits keep the averages, the documents' places and the shard keys: updated in place.
        #expect(updates >= 30)
    }

    @Test func movedDocumentsNeedAFullBuild() {
        var r = Random(seed: 3)
        let table = TermTable()
        var analyzer = Analyzer()
        let pages: [[IndexedDocument]] = (0..<20).map { p in
            Self.page(p, variant: 0, &r).map { IndexedDocument(SearchIndexBuilder.analyze($0, analyzer: &analyzer), sourceHash: 1, table: table) }
        }
        let state = SearchIndexState.build(pages.flatMap { $0 }, table: table)
        // A section removed: the documents after it move.
        let change = SearchIndexState.PageChange(first: 0, old: pages[0], new: Array(pages[0].prefix(2)))
        #expect(state.updated([change], table: table, documents: { _ in [] }) == nil)
    }

    @Test func stateRoundTrips() throws {
        var r = Random(seed: 5)
        let table = TermTable()
        var analyzer = Analyzer()
        let docs = (0..<50).flatMap { p in Self.page(p, variant: 0, &r) }
        let state = SearchIndexState.build(docs.map { IndexedDocument(SearchIndexBuilder.analyze($0, analyzer: &analyzer), sourceHash: 1, table: table) }, table: table)
        var w = BinaryWriter()
        // Postings inline, as numbers (the search cache stores them in its segment file instead).
        state.encoded(into: &w) { t, w in w.varint(state.postings[t].count); for p in state.postings[t] { w.varint(Int(p)) } }
        let list = { (r: inout BinaryReader) -> [UInt32]? in
            guard let n = r.varint(), n <= r.end - r.pos else { return nil }
            var out: [UInt32] = []
            for _ in 0..<n { guard let p = r.varint() else { return nil }; out.append(UInt32(p)) }
            return out
        }
        var reader = BinaryReader(w.out)
        let decoded = try #require(SearchIndexState.decode(&reader, termCount: table.count, postings: list))
        let stored = docs.map { d -> SearchDocument in var s = d; s.text = SearchIndexBuilder.snippetText(d.text); return s }
        #expect(Self.files(decoded, table, stored) == Self.files(state, table, stored))
        var short = BinaryReader(Array(w.out.dropLast(3)))
        #expect(SearchIndexState.decode(&short, termCount: table.count, postings: list) == nil)
    }
}
