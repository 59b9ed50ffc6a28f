import Testing
@testable import Search

@Suite struct SearchCacheTests {
    func entry(_ id: String, _ text: String, table: TermTable) -> SearchCache.Entry {
        var analyzer = Analyzer()
        let doc = SearchDocument(pageID: id, pageURL: "sop/\(id).html", pageTitle: "Page \(id)", anchor: "rules", section: "Rules",
                                 lang: "en", markets: ["UK"], tags: ["counterfeit"], codes: ["IP-01"], defines: nil, text: text)
        return SearchCache.Entry(sourceHash: 7, documents: [IndexedDocument(SearchIndexBuilder.analyze(doc, analyzer: &analyzer), sourceHash: 7, table: table)])
    }

    func words(_ entry: SearchCache.Entry?, _ table: TermTable) -> [String] {
        (entry?.documents.first?.termIDs ?? []).map { table.names[Int($0)] }.sorted()
    }

    @Test func roundTripsInChunksAndKeepsUnchangedPagesAsStored() throws {
        let table = TermTable()
        var pages: [String: SearchCache.Entry] = [:]
        for i in 0..<700 { pages["c\(i % 7)/p\(i).md"] = entry("p\(i)", "Replica handbags listed as genuine, case \(i).", table: table) }
        let first = SearchCache(terms: table, pages: pages)
        let decoded = try #require(SearchCache.decode(first.encoded()))
        #expect(decoded.pages.count == 700)
        #expect(decoded.terms.names == table.names)
        #expect(words(decoded.pages["c3/p3.md"], decoded.terms) == words(pages["c3/p3.md"], table))
        #expect(decoded.pages["c3/p3.md"]?.documents.first?.document == pages["c3/p3.md"]?.documents.first?.document)

        // The next build adds a page with new words: the term table grows, the other pages are
        // copied as they were stored, and all of them still read back with their own words.
        var next = decoded
        next.pages["c0/new.md"] = entry("new", "Counterfeit perfume sold in a livestream giveaway.", table: next.terms)
        next.pages["c1/p1.md"] = nil
        #expect(next.terms.count > table.count)
        let again = try #require(SearchCache.decode(next.encoded()))
        #expect(again.pages.count == 700)
        #expect(again.pages["c1/p1.md"] == nil)
        #expect(words(again.pages["c0/new.md"], again.terms).contains("livestream"))
        #expect(words(again.pages["c5/p5.md"], again.terms) == words(pages["c5/p5.md"], table))
        #expect(SearchCache.decode(Array(next.encoded().dropLast(5))) == nil)
    }
}

@Suite struct SnippetTests {
    @Test func asciiFastPathGivesTheSameSnippetsAsTheScalarPath() {
        var texts = ["", "   ", "Short text.", "  Leading and trailing  \n", "tabs\tand\r\nbreaks\n\nhere"]
        var seed: UInt64 = 42
        for length in [50, 199, 200, 201, 260, 1000] {
            var t = ""
            for _ in 0..<length {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                let r = Int(seed >> 59)
                t += r < 3 ? " " : r < 4 ? "\n" : String(UnicodeScalar(UInt8(97 + Int(seed >> 40) % 26)))
            }
            texts.append(t)
            texts.append(String(repeating: "x", count: length)) // no space to cut at
        }
        for t in texts {
            #expect(SearchIndexBuilder.asciiSnippet(t) == SearchIndexBuilder.scalarSnippet(t), "\(t.debugDescription)")
        }
        #expect(SearchIndexBuilder.asciiSnippet("ขาย ของ") == nil)
        #expect(SearchIndexBuilder.snippetText("ขาย  ของ") == "ขาย ของ")
    }
}
