import Handbook

extension SiteRenderer {
    /// "What's new": every change-log entry, newest first, by month.
    func whatsNew(_ pages: [PageSummary]) -> Shell {
        var order: [(date: String, title: String, page: Int, change: Int)] = []
        for (i, p) in pages.enumerated() { for (j, c) in p.meta.changes.enumerated() { order.append((c.date, p.title, i, j)) } }
        order.sort { ($0.date, $1.title, $1.page, $1.change) > ($1.date, $0.title, $0.page, $0.change) }
        let entries = order.map { (pages[$0.page].meta.changes[$0.change], pages[$0.page]) }
        var main = "<h1>What’s new</h1>\n<p class=\"lead\">Changes to SOPs, newest first, from each SOP’s change log.</p>\n"
        if entries.isEmpty { main += "<p>No changes recorded yet. Add a <code>changes:</code> list to an SOP’s front matter.</p>" }
        var month = ""
        for (change, page) in entries {
            let m = String(change.date.prefix(7))
            if m != month {
                if !month.isEmpty { main += "</ul></section>" }
                month = m
                main += "<section aria-labelledby=\"m-\(m)\"><h2 id=\"m-\(m)\">\(DateText.month(m))</h2><ul class=\"page-list\">"
            }
            main += "<li><a href=\"\(HTML.escape(pageLink(page, depth: 0)))\">\(HTML.escape(page.title))</a> <span class=\"when\">v\(HTML.escape(change.version)) · <time datetime=\"\(change.date)\">\(DateText.long(change.date))</time></span>"
            if let link = diffLinks(page.meta.id)[change.version] { main += " <a class=\"diff-link\" href=\"sop/\(HTML.escape(link))\">What changed</a>" }
            if !change.summary.isEmpty { main += "<span class=\"summary\">\(Markdown.renderInline(change.summary))</span>" }
            main += "</li>"
        }
        if !month.isEmpty { main += "</ul></section>" }
        return Shell(title: "What’s new", description: "Recent changes to SOPs", breadcrumbs: [("Handbook", "index.html"), ("What’s new", nil)], main: main)
    }

    /// The quiz player; `quiz.js` runs it against `casebook serve`.
    func quizPage() -> Shell {
        let main = """
        <h1>Quizzes</h1>
        <div id="quiz-app" aria-live="off"><noscript>The quiz player needs JavaScript.</noscript><p>Loading…</p></div>
        <div id="quiz-live" class="visually-hidden" role="status" aria-live="polite"></div>
        <script src="assets/app.js" defer></script>
        <script src="assets/quiz.js" defer></script>
        """
        return Shell(title: "Quizzes", description: "Practice quizzes and exams from real cases", breadcrumbs: [("Handbook", "index.html"), ("Quizzes", nil)], main: main)
    }

    /// Knowledge gaps, the review queue and calibration for trainers and leads; `reports.js`
    /// fills it from `casebook serve`'s /api/reports/dashboard with the form's filters.
    func reportsPage() -> Shell {
        let main = """
        <h1>Reports</h1>
        <p class="lead">Knowledge gaps, the review queue and calibration from quiz answers. For trainers, and for leads about their own team.</p>
        <form id="reports-filter" class="reports-filter" action="reports.html" method="get">
          <div><label for="reports-since">Since</label><input id="reports-since" name="since" type="date"></div>
          <div><label for="reports-until">Until (not included)</label><input id="reports-until" name="until" type="date"></div>
          <div><label for="reports-market">Market</label><input id="reports-market" name="market" type="text" autocomplete="off" spellcheck="false"></div>
          <div><label for="reports-team">Team</label><input id="reports-team" name="team" type="text" autocomplete="off" spellcheck="false"></div>
          <div><label for="reports-vendor">Vendor</label><input id="reports-vendor" name="vendor" type="text" autocomplete="off" spellcheck="false"></div>
          <div class="reports-actions"><button type="submit" class="button">Show</button></div>
        </form>
        <div id="reports-app"><noscript>Reports need JavaScript and <code>casebook serve</code>.</noscript><p>Loading…</p></div>
        <div id="reports-live" class="visually-hidden" role="status" aria-live="polite"></div>
        <script src="assets/app.js" defer></script>
        <script src="assets/reports.js" defer></script>
        """
        return Shell(title: "Reports", description: "Knowledge gaps, review queue and calibration for trainers and leads",
                     breadcrumbs: [("Handbook", "index.html"), ("Reports", nil)], main: main, bodyClass: "wide")
    }

    /// The full results page; `search.js` fills it from `?q=`.
    func searchPage() -> Shell {
        let main = """
        <h1>Search</h1>
        <form class="search-page-form" role="search" action="search.html" method="get">
          <label class="visually-hidden" for="search-page-query">Search the handbook</label>
          <input id="search-page-query" name="q" type="search" autocomplete="off" placeholder="Words, &quot;a phrase&quot;, IP-01, market:TH">
          <button type="submit">Search</button>
        </form>
        <div id="search-page-results" aria-live="polite"><noscript>Search needs JavaScript. Browse the <a href="codes/index.html">policy codes</a> or the <a href="index.html">handbook</a> instead.</noscript></div>
        <p class="lead">Tips: the last word matches as you type (<code>brand own</code>); one typo is forgiven in longer words; <code>"exact phrase"</code>; a policy code such as <code>IP-03</code> goes straight to its rule; narrow with <code>market:TH</code>, <code>tag:counterfeit</code> or <code>lang:th</code>.</p>
        """
        return Shell(title: "Search", description: "Search the handbook", breadcrumbs: [("Handbook", "index.html"), ("Search", nil)], main: main)
    }

    /// The 404 page.
    func notFound() -> [UInt8] {
        let main = "<h1>Page not found</h1>\n<p>This page does not exist or has moved. SOP addresses use the SOP id, and policy codes have their own pages.</p>\n<ul><li><a href=\"/index.html\">Handbook home</a></li><li><a href=\"/codes/index.html\">Policy codes</a></li><li><a href=\"/whats-new.html\">What’s new</a></li></ul>"
        // Served for any missing path, so it links from the site root rather than relative.
        return render(Shell(title: "Page not found", main: main), rootOverride: "/")
    }
}
