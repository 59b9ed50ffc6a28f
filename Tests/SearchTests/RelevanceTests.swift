import Foundation
import Testing
@testable import Publishing
@testable import Search
import CasebookTestSupport

/// The relevance set: queries typed the way moderators type them, each with the section
/// that should come first. Measures MRR and recall@3 over the sample handbook.
@Suite struct RelevanceTests {
    struct Judgement { var query: String; var expected: String; var note: String }

    static func judgements() throws -> [Judgement] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/relevance", withExtension: "tsv"))
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return f.count >= 2 ? Judgement(query: f[0], expected: f[1], note: f.count > 2 ? f[2] : "") : nil
        }
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
        var reciprocal = 0.0
        var inTop3 = 0
        var misses: [String] = []
        for j in set {
            let results = engine.search(j.query, limit: 10).map { Self.key($0.url) }
            if let rank = results.firstIndex(of: j.expected) {
                reciprocal += 1 / Double(rank + 1)
                if rank < 3 { inTop3 += 1 } else { misses.append("\(j.query) [\(j.note)] -> rank \(rank + 1), first \(results.first ?? "-")") }
            } else {
                misses.append("\(j.query) [\(j.note)] -> not found, first \(results.first ?? "-")")
            }
        }
        let mrr = reciprocal / Double(set.count)
        let recall = Double(inTop3) / Double(set.count)
        print(String(format: "relevance: %d queries, MRR %.3f, recall@3 %.3f", set.count, mrr, recall))
        for m in misses { print("  miss: \(m)") }
        #expect(mrr >= 0.8, "MRR \(mrr)")
        #expect(recall >= 0.9, "recall@3 \(recall)")
    }
}
