import Foundation
import Handbook
import Search

enum SearchCommand {
    static let market = OptionSpec.value("--market", "M", help: "Only sections that apply in market M (same as market:M in the query)")
    static let limit = OptionSpec.value("--limit", "N", help: "Number of results (default: 10)")
    static let json = OptionSpec.flag("--json", help: "Print an array of {url, title, section, score, snippet, more}: one per page, its other matching sections in more")
    static let query = PositionalSpec.required("QUERY", help: "Words, \"exact phrases\", policy codes and filters (market:UK tag:counterfeit lang:th)",
                                               missing: "give a query: casebook search \"replica bag\"", variadic: true)

    static let spec = CommandSpec(
        name: "search",
        summary: "Searches the built site's index from the terminal, ranked exactly like the site's search box.",
        positionals: [query],
        options: [DataOptions.site, market, limit, json],
        discussion: """
        Searches the built site's index, ranked exactly as the search box in the site ranks. \
        Queries: words (all words preferred), "exact phrases", the last word as a prefix, one \
        typo in words of 5+ letters, policy codes (IP-01), and filters market:UK tag:counterfeit \
        lang:th. Synonyms from Content/_search.yml apply. Results are pages: the best section \
        first, other matching sections of the page under it.
        """,
        exitStatus: "0 results found, 1 no results or no index, 2 usage error.",
        run: { args, console throws(UsageError) in try run(args, console: console) })

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let site = args.site
        let market = args.value(Self.market)
        let limitText = args.value(Self.limit)
        let json = args.flag(Self.json)
        var query = args.positionals(Self.query).joined(separator: " ")
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
            func item(_ r: SearchResult) -> [String: Any] {
                ["url": r.url, "title": r.title, "section": r.section, "score": r.score, "snippet": r.snippet, "lang": r.lang]
            }
            let items: [[String: Any]] = results.map { r in
                var i = item(r)
                i["more"] = r.more.map(item)
                return i
            }
            let data = (try? JSONSerialization.data(withJSONObject: items, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
            console.out(String(decoding: data, as: UTF8.self) + "\n")
        } else if results.isEmpty {
            console.err("No results for \(Diagnostic.oneLine(query))\n")
        } else {
            // Page text is written as text: a control character in a title or snippet (an
            // escape sequence that clears the screen or retitles the terminal, from a
            // contributor's page or an imported corpus) is shown escaped, never sent.
            let safe = Diagnostic.oneLine
            for (i, r) in results.enumerated() {
                let where_ = r.section.isEmpty ? r.title : "\(r.title) › \(r.section)"
                console.out("\(i + 1). \(safe(where_))\n   \(safe(r.url))\n   \(safe(String(r.snippet.prefix(160))))\n")
                // A translation's section folded under the SOP says its language.
                for m in r.more {
                    let language = m.lang != r.lang && !m.lang.isEmpty ? "[\(m.lang)] " : ""
                    console.out("   + \(safe(language + (m.section.isEmpty ? m.title : m.section)))  \(safe(m.url))\n")
                }
            }
        }
        return results.isEmpty ? ExitCode.contentErrors : ExitCode.success
    }
}
