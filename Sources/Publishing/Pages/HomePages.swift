import Handbook

extension SiteRenderer {
    /// How many SOPs a category card on the home page lists before linking to the category.
    static let cardLimit = 12

    /// The home page: category cards and the recently changed SOPs.
    func home(_ pages: [PageSummary]) -> Shell {
        let t = text("")
        var main = "<h1>\(t.html("home.heading", ["site": HTML.escape(siteName)]))</h1>\n<p class=\"lead\">\(t.html("home.lead"))</p>\n"
        main += "<section aria-labelledby=\"categories-heading\"><h2 id=\"categories-heading\">\(t.html("home.categories"))</h2><ul class=\"cards\">"
        let top = handbook.subcategories(of: "").sorted { ($0.order ?? Int.max, $0.title) < ($1.order ?? Int.max, $1.title) }
        let rootPages = pages.filter { $0.category.isEmpty }
        if !rootPages.isEmpty {
            main += "<li class=\"card\"><h3>\(t.html("home.general"))</h3><ul>" + listItems(rootPages).map { "<li>" + listLink($0.page, depth: 0, text: $0.page.title) + languageLinks($0.translations, depth: 0) + "</li>" }.joined() + "</ul></li>"
        }
        for c in top {
            let inside = listItems(pages.filter { $0.category == c.path || $0.category.hasPrefix(c.path + "/") })
            if inside.isEmpty { continue }
            main += "<li class=\"card\"><h3><a href=\"\(HTML.escape(SiteURL.category(c)))\">\(HTML.escape(c.title))</a></h3>"
            if !c.summary.isEmpty { main += "<p>\(HTML.escape(c.summary))</p>" }
            let shown = inside.prefix(Self.cardLimit)
            main += "<ul>" + shown.map { "<li>" + listLink($0.page, depth: 0, text: $0.page.title) + languageLinks($0.translations, depth: 0) + "</li>" }.joined() + "</ul>"
            if inside.count > shown.count {
                main += "<p><a href=\"\(HTML.escape(SiteURL.category(c)))\">\(t.pluralHTML("home.all_in_category", count: inside.count, ["category": HTML.escape(c.title)]))</a></p>"
            }
            main += "</li>"
        }
        main += "</ul></section>\n"
        let recent = pages.indices.compactMap { i -> (String, String, Int)? in
            let date = Self.lastChanged(pages[i])
            return date.isEmpty ? nil : (date, pages[i].title, i)
        }.sorted { ($0.0, $1.1) > ($1.0, $0.1) }.prefix(8).map { pages[$0.2] }
        if !recent.isEmpty {
            main += "<section aria-labelledby=\"recent-heading\"><h2 id=\"recent-heading\">\(t.html("home.recent"))</h2><ul class=\"page-list\">"
            for p in recent {
                let date = Self.lastChanged(p)
                let change = p.meta.changes.filter { $0.date == date }.first
                main += "<li>" + listLink(p, depth: 0, text: p.title) + " <span class=\"when\"><time datetime=\"\(date)\">\(HTML.escape(t.date(date)))</time>\(change.map { " · v" + HTML.escape($0.version) } ?? "")</span>"
                if let change, !change.summary.isEmpty { main += "<span class=\"summary\">\(Markdown.renderInline(change.summary))</span>" }
                main += "</li>"
            }
            main += "</ul><p><a href=\"whats-new.html\">\(t.html("home.all_changes"))</a></p></section>"
        }
        return Shell(title: t("home.title"), description: t("home.description"), main: main, bodyClass: "wide")
    }

    /// A category's page: its sub-categories and SOPs.
    func categoryPage(_ c: Category, _ pages: [PageSummary]) -> Shell {
        let t = text("")
        var main = "<h1>\(HTML.escape(c.title))</h1>\n"
        if !c.summary.isEmpty { main += "<p class=\"lead\">\(HTML.escape(c.summary))</p>\n" }
        let children = handbook.subcategories(of: c.path).sorted { ($0.order ?? Int.max, $0.title) < ($1.order ?? Int.max, $1.title) }
        if !children.isEmpty {
            main += "<h2>\(t.html("category.sections"))</h2><ul class=\"page-list\">" + children.map { "<li><a href=\"\(HTML.escape(root(1) + SiteURL.category($0)))\">\(HTML.escape($0.title))</a></li>" }.joined() + "</ul>"
        }
        main += pageList(pages, depth: 1)
        var crumbs: [(String, String?)] = [(t("nav.handbook"), "index.html")]
        for parent in handbook.categoryChain(c.path).dropLast() { crumbs.append((parent.title, SiteURL.category(parent))) }
        crumbs.append((c.title, nil))
        return Shell(title: c.title, description: c.summary, depth: 1, breadcrumbs: crumbs, main: main, bodyClass: "wide")
    }
}
