import Handbook

/// A section limited to a market (`{markets=ID,TH}`), listed on that market's page.
struct MarketRule: Sendable {
    var page: PageSummary
    var section: Section
}

/// What a market's page shows: the SOPs for the market and the rules specific to it.
struct MarketListing: Sendable {
    var market: String
    var pages: [PageSummary]
    var rules: [MarketRule]
}

extension SiteRenderer {
    /// The tag cloud, with how many SOPs carry each tag.
    func tagIndex(_ tags: [(key: String, value: [PageSummary])]) -> Shell {
        var index = "<h1>Tags</h1>\n"
        if tags.isEmpty { index += "<p>No tags yet.</p>" }
        index += "<ul class=\"chips tag-cloud\">"
        for (tag, list) in tags {
            index += "<li><a class=\"chip\" href=\"\(HTML.escape(String(SiteURL.tag(tag).dropFirst(5))))\">\(HTML.escape(tag)) <span class=\"count\">\(list.count)</span></a></li>"
        }
        index += "</ul>"
        return Shell(title: "Tags", depth: 1, breadcrumbs: [("Handbook", "index.html"), ("Tags", nil)], main: index, bodyClass: "wide")
    }

    /// A tag's page: the SOPs that carry it.
    func tagPage(_ tag: String, _ list: [PageSummary]) -> Shell {
        let main = "<h1>Tag: \(HTML.escape(tag))</h1>\n" + pageList(list, depth: 1)
        return Shell(title: "Tag: \(tag)", depth: 1, breadcrumbs: [("Handbook", "index.html"), ("Tags", "tags/index.html"), (tag, nil)], main: main, bodyClass: "wide")
    }

    /// Every market, with how many SOPs and market-specific rules it has.
    func marketIndex(_ markets: [MarketListing]) -> Shell {
        var index = "<h1>Markets</h1>\n"
        if markets.isEmpty { index += "<p>No market-specific SOPs yet.</p>" }
        index += "<ul class=\"page-list\">"
        for listing in markets {
            let (m, list, specific) = (listing.market, listing.pages, listing.rules)
            index += "<li><a href=\"\(HTML.escape(String(SiteURL.market(m).dropFirst(8))))\">\(HTML.escape(m))</a> <span class=\"when\">\(list.count) SOP\(list.count == 1 ? "" : "s"), \(specific.count) market-specific rule\(specific.count == 1 ? "" : "s")</span></li>"
        }
        index += "</ul>"
        return Shell(title: "Markets", depth: 1, breadcrumbs: [("Handbook", "index.html"), ("Markets", nil)], main: index, bodyClass: "wide")
    }

    /// A market's page: the rules specific to it, then the SOPs that apply in it.
    func marketPage(_ listing: MarketListing) -> Shell {
        let (m, list, specific) = (listing.market, listing.pages, listing.rules)
        var main = "<h1>Market: \(HTML.escape(m))</h1>\n"
        if !specific.isEmpty {
            main += "<h2>Rules specific to \(HTML.escape(m))</h2><ul class=\"page-list\">"
            for rule in specific {
                main += "<li><a href=\"\(HTML.escape(pageLink(rule.page, depth: 1, anchor: rule.section.anchor)))\">\(HTML.escape(rule.section.title))</a><span class=\"summary\">in \(HTML.escape(rule.page.title))</span></li>"
            }
            main += "</ul>"
        }
        main += "<h2>SOPs that apply in \(HTML.escape(m))</h2>" + pageList(list, depth: 1)
        return Shell(title: "Market: \(m)", depth: 1, breadcrumbs: [("Handbook", "index.html"), ("Markets", "markets/index.html"), (m, nil)], main: main, bodyClass: "wide")
    }
}
