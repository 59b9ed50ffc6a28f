import Foundation
import Testing
@testable import Publishing
@testable import Search
import CasebookTestSupport

/// The relevance set: queries typed the way moderators type them, each with the section
/// that should come first. Measures MRR and recall@3 over the sample handbook.
@Suite struct RelevanceTests {
    struct Judgement { var query: String; var expected: String; var note: String }

    static func judgements(_ name: String = "Fixtures/relevance") throws -> [Judgement] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "tsv"))
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return f.count >= 2 ? Judgement(query: f[0], expected: f[1], note: f.count > 2 ? f[2] : "") : nil
        }
    }

    /// MRR and recall@3 of `set`. Results are pages; a section counts at its page's rank when it
    /// is the page's best section or one of those folded under it. With `pages`, only the page
    /// of the expected section must match.
    static func measure(_ engine: SearchEngine, _ set: [Judgement], pages: Bool) -> (mrr: Double, recall: Double, misses: [String]) {
        var reciprocal = 0.0
        var inTop3 = 0
        var misses: [String] = []
        for j in set {
            let results = engine.search(j.query, limit: 10)
            let expected = pages ? String(j.expected.split(separator: "#")[0]) : j.expected
            let rank = results.firstIndex { r in
                let keys = ([r] + r.more).map { key($0.url) }
                return pages ? keys.contains { $0.split(separator: "#")[0] == expected } : keys.contains(expected)
            }
            if let rank {
                reciprocal += 1 / Double(rank + 1)
                if rank < 3 { inTop3 += 1 } else { misses.append("\(j.query) [\(j.note)] -> rank \(rank + 1), first \(results.first.map { key($0.url) } ?? "-")") }
            } else {
                misses.append("\(j.query) [\(j.note)] -> not found, first \(results.first.map { key($0.url) } ?? "-")")
            }
        }
        return (reciprocal / Double(set.count), Double(inTop3) / Double(set.count), misses)
    }

    static var repositoryRoot: String { RepositoryRoot.path }

    /// "sop/counterfeit-and-ip.html#ip-03" -> "counterfeit-and-ip#ip-03".
    static func key(_ url: String) -> String {
        url.replacingOccurrences(of: "sop/", with: "").replacingOccurrences(of: ".html", with: "")
    }

    @Test func rankingMeetsTheRelevanceTargets() throws {
        let t = try TempTree()
        _ = try SiteBuilder.build(BuildOptions(content: Self.repositoryRoot + "/Content", out: t.path("site")))
        let engine = try #require(SearchEngine(source: SiteIndexSource(site: t.path("site"))))
        let set = try Self.judgements()
        #expect(set.count >= 40)
        let sections = Self.measure(engine, set, pages: false)
        let pages = Self.measure(engine, set, pages: true)
        print(String(format: "relevance (sample handbook): %d queries, sections MRR %.3f recall@3 %.3f, pages MRR %.3f recall@3 %.3f",
                     set.count, sections.mrr, sections.recall, pages.mrr, pages.recall))
        for m in sections.misses { print("  miss: \(m)") }
        #expect(sections.mrr >= 0.8, "MRR \(sections.mrr)")
        #expect(sections.recall >= 0.9, "recall@3 \(sections.recall)")
        #expect(pages.mrr >= 0.9 && pages.recall >= 0.95, "pages: MRR \(pages.mrr), recall@3 \(pages.recall)")
    }

    /// The first set with 32 more queries (partial codes, colloquial words, misspellings,
    /// questions, Vietnamese and Arabic), written with their expected pages before any run,
    /// because BM25 alone already reached 0.984 on the first 72. Two expectations named pages
    /// that no build publishes (a draft, a retired guide): the retired guide's query now expects
    /// PA-01, which both pages name as its replacement; the draft's query was dropped, as no
    /// published page covers it.
    @Test func theExtendedSampleSet() throws {
        let t = try TempTree()
        _ = try SiteBuilder.build(BuildOptions(content: Self.repositoryRoot + "/Content", out: t.path("site")))
        let engine = try #require(SearchEngine(source: SiteIndexSource(site: t.path("site"))))
        let more = try Self.judgements("Fixtures/relevance-more")
        let set = try Self.judgements() + more
        #expect(more.count >= 30)
        let added = Self.measure(engine, more, pages: true)
        let pages = Self.measure(engine, set, pages: true)
        print(String(format: "relevance (sample handbook, extended): %d queries, pages MRR %.3f recall@3 %.3f; the %d added alone: MRR %.3f recall@3 %.3f",
                     set.count, pages.mrr, pages.recall, more.count, added.mrr, added.recall))
        for m in added.misses { print("  miss: \(m)") }
        #expect(pages.mrr >= 0.9, "MRR \(pages.mrr)")
        #expect(pages.recall >= 0.9, "recall@3 \(pages.recall)")
    }

    /// The second set: a public policy corpus written for another tool (basecamp/policies,
    /// CC BY 4.0), with queries written before any run. Two ranking rules (stem family, heading
    /// words) came from reading its misses and were kept because they raise both sets; the
    /// bounds guard against regressions; `make bench` reports the figures against BM25 and Pagefind.
    @Test func theSecondSetOnACorpusWeDidNotWrite() throws {
        let pages = try Self.measureCorpus("basecamp-policies", label: "basecamp/policies")
        #expect(pages.mrr >= 0.9, "MRR \(pages.mrr)")
        // 0.923 before the thesaurus bridged "deceased" (the page says "Death Certificate") and
        // "scraping" ("extract").
        #expect(pages.recall >= 0.95, "recall@3 \(pages.recall)")
    }

    /// The third set, held out: Automattic's legal documents (Automattic/legalmattic, CC BY-SA
    /// 4.0), read only after the thesaurus was committed, queries committed before any run. The
    /// goals are far from met here (README); the bounds guard against regressions.
    @Test func theHeldOutSet() throws {
        let pages = try Self.measureCorpus("automattic-legal", label: "Automattic legal, held out")
        #expect(pages.mrr >= 0.78, "MRR \(pages.mrr)")
        #expect(pages.recall >= 0.88, "recall@3 \(pages.recall)")
    }

    /// The fourth set, held out until its first run: Mozilla's legal documents and content
    /// policies with their Indonesian translations (mozilla/legal-docs, CC BY-SA 3.0), queries
    /// committed before the corpus was converted. Plain BM25 ranks it better (README); the
    /// bounds guard against regressions.
    @Test func theFourthSetOnMozillasDocuments() throws {
        let pages = try Self.measureCorpus("mozilla-legal", label: "Mozilla legal, fourth set")
        #expect(pages.mrr >= 0.80, "MRR \(pages.mrr)")
        #expect(pages.recall >= 0.90, "recall@3 \(pages.recall)")
    }

    /// The search box shows 5 results, the search page 20 and the command line 10 by default:
    /// each shorter list is the start of the longer ones, with the same sections folded under
    /// each page. Pages were ranked only among the first `limit` found, so the box ranked fewer
    /// than the page did ("what counts as personal information at mozilla": a different first
    /// result in the box), and on the held-out sets the box's first five and the search page's
    /// first ten were not those of the command line (MRR at 20 results 0.751 against 0.786).
    @Test(arguments: ["mozilla-legal", "automattic-legal", "basecamp-policies"])
    func fewerResultsAreTheFirstOfMore(_ fixture: String) throws {
        let t = try TempTree()
        let content = try #require(Bundle.module.url(forResource: "Fixtures/\(fixture)/Content", withExtension: nil))
        _ = try SiteBuilder.build(BuildOptions(content: content.path, out: t.path("site")))
        let engine = try #require(SearchEngine(source: SiteIndexSource(site: t.path("site"))))
        func shown(_ query: String, _ limit: Int) -> [[String]] {
            engine.search(query, limit: limit).map { r in [r.url] + r.more.map(\.url) }
        }
        var differing: [String] = []
        for j in try Self.judgements("Fixtures/\(fixture)/queries") {
            let ten = shown(j.query, 10)
            if shown(j.query, 5) != Array(ten.prefix(5)) || Array(shown(j.query, 20).prefix(10)) != ten || Array(shown(j.query, 3)) != Array(ten.prefix(3)) {
                differing.append(j.query)
            }
        }
        #expect(differing.isEmpty, "\(differing.count) queries rank differently with fewer results: \(differing.prefix(5))")
    }

    /// Builds the corpus in `Fixtures/<fixture>/Content` and measures its queries
    /// (`Fixtures/<fixture>/queries.tsv`, at least 40) at page level, printing the misses.
    static func measureCorpus(_ fixture: String, label: String) throws -> (mrr: Double, recall: Double) {
        let t = try TempTree()
        let content = try #require(Bundle.module.url(forResource: "Fixtures/\(fixture)/Content", withExtension: nil))
        _ = try SiteBuilder.build(BuildOptions(content: content.path, out: t.path("site")))
        let engine = try #require(SearchEngine(source: SiteIndexSource(site: t.path("site"))))
        let set = try judgements("Fixtures/\(fixture)/queries")
        #expect(set.count >= 40)
        let pages = measure(engine, set, pages: true)
        print(String(format: "relevance (%@): %d queries, pages MRR %.3f recall@3 %.3f", label, set.count, pages.mrr, pages.recall))
        for m in pages.misses { print("  miss: \(m)") }
        return (pages.mrr, pages.recall)
    }
}
