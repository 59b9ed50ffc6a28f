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
        let t = text("")
        var index = "<h1>\(t.html("tags.title"))</h1>\n"
        if tags.isEmpty { index += "<p>\(t.html("tags.empty"))</p>" }
        index += "<ul class=\"chips tag-cloud\">"
        for (tag, list) in tags {
            index += "<li><a class=\"chip\" href=\"\(HTML.escape(String(SiteURL.tag(tag).dropFirst(5))))\">\(HTML.escape(tag)) <span class=\"count\">\(list.count)</span></a></li>"
        }
        index += "</ul>"
        return Shell(title: t("tags.title"), depth: 1, breadcrumbs: [(t("nav.handbook"), "index.html"), (t("tags.title"), nil)], main: index, bodyClass: "wide")
    }

    /// A tag's page: the SOPs that carry it.
    func tagPage(_ tag: String, _ list: [PageSummary]) -> Shell {
        let t = text("")
        let main = "<h1>\(t.html("tags.tag", ["tag": HTML.escape(tag)]))</h1>\n" + pageList(list, depth: 1)
        return Shell(title: t("tags.tag", ["tag": tag]), depth: 1, breadcrumbs: [(t("nav.handbook"), "index.html"), (t("tags.title"), "tags/index.html"), (tag, nil)], main: main, bodyClass: "wide")
    }

    /// Every market, with how many SOPs and market-specific rules it has.
    func marketIndex(_ markets: [MarketListing]) -> Shell {
        let t = text("")
        var index = "<h1>\(t.html("markets.title"))</h1>\n"
        if markets.isEmpty { index += "<p>\(t.html("markets.empty"))</p>" }
        index += "<ul class=\"page-list\">"
        for listing in markets {
            let (m, list, specific) = (listing.market, listing.pages, listing.rules)
            index += "<li><a href=\"\(HTML.escape(String(SiteURL.market(m).dropFirst(8))))\">\(HTML.escape(m))</a> <span class=\"when\">\(t.pluralHTML("markets.sops", count: list.count)), \(t.pluralHTML("markets.rules", count: specific.count))</span></li>"
        }
        index += "</ul>"
        return Shell(title: t("markets.title"), depth: 1, breadcrumbs: [(t("nav.handbook"), "index.html"), (t("markets.title"), nil)], main: index, bodyClass: "wide")
    }

    /// A market's page: the rules specific to it, then the SOPs that apply in it.
    func marketPage(_ listing: MarketListing) -> Shell {
        let (m, list, specific) = (listing.market, listing.pages, listing.rules)
        let t = text("")
        var main = "<h1>\(t.html("markets.market", ["market": HTML.escape(m)]))</h1>\n"
        if !specific.isEmpty {
            main += "<h2>\(t.html("markets.specific", ["market": HTML.escape(m)]))</h2><ul class=\"page-list\">"
            for rule in specific {
                main += "<li><a href=\"\(HTML.escape(pageLink(rule.page, depth: 1, anchor: rule.section.anchor)))\">\(HTML.escape(rule.section.title))</a><span class=\"summary\">\(t.html("markets.rule_in", ["page": HTML.escape(rule.page.title)]))</span></li>"
            }
            main += "</ul>"
        }
        main += "<h2>\(t.html("markets.applies", ["market": HTML.escape(m)]))</h2>" + pageList(list, depth: 1)
        return Shell(title: t("markets.market", ["market": m]), depth: 1, breadcrumbs: [(t("nav.handbook"), "index.html"), (t("markets.title"), "markets/index.html"), (m, nil)], main: main, bodyClass: "wide")
    }
}
