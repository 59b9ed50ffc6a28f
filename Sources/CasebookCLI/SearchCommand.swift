import Foundation
import Search

enum SearchCommand {
    static let help = """
    Usage: casebook search "QUERY" [--site DIR] [--market M] [--limit N] [--json]

    Searches the built site's index, ranked exactly as the search box in the site ranks.
    Queries: words (all words preferred), "exact phrases", the last word as a prefix, one
    typo in words of 5+ letters, policy codes (IP-01), and filters market:UK tag:counterfeit
    lang:th.

    Options:
      --site DIR     Built site (default: site)
      --market M     Only sections that apply in market M (same as market:M in the query)
      --limit N      Number of results (default: 10)
      --json         Print an array of {url, title, section, score, snippet}

    Exit status: 0 results found, 1 no results or no index, 2 usage error.

    """

    static func run(_ arguments: [String], console: Console) throws(UsageError) -> Int32 {
        var args = Arguments(arguments)
        if args.flag("-h", "--help") { console.out(help); return ExitCode.success }
        let site = try args.option("--site") ?? "site"
        let market = try args.option("--market")
        let limitText = try args.option("--limit")
        let json = args.flag("--json")
        guard var query = args.positional() else { throw UsageError(message: "give a query: casebook search \"replica bag\"") }
        while let more = args.positional() { query += " " + more }
        try args.finish()
        let limit: Int
        if let limitText {
            guard let n = Int(limitText), n > 0 else { throw UsageError(message: "--limit must be a positive number") }
            limit = n
        } else {
            limit = 10
        }
        if let market { query += " market:\(market)" }
        guard let engine = SearchEngine(source: SiteIndexSource(site: site)) else {
            console.err("casebook: no search index in \(site)/search; run 'casebook build' first or pass --site DIR\n")
            return ExitCode.contentErrors
        }
        let results = engine.search(query, limit: limit)
        if json {
            let items: [[String: Any]] = results.map {
                ["url": $0.url, "title": $0.title, "section": $0.section, "score": $0.score, "snippet": $0.snippet]
            }
            let data = (try? JSONSerialization.data(withJSONObject: items, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
            console.out(String(decoding: data, as: UTF8.self) + "\n")
        } else if results.isEmpty {
            console.err("No results for \(query)\n")
        } else {
            for (i, r) in results.enumerated() {
                let where_ = r.section.isEmpty ? r.title : "\(r.title) › \(r.section)"
                console.out("\(i + 1). \(where_)\n   \(r.url)\n   \(r.snippet.prefix(160))\n")
            }
        }
        return results.isEmpty ? ExitCode.contentErrors : ExitCode.success
    }
}
