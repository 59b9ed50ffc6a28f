import Handbook

extension SiteRenderer {
    /// "What's new": every change-log entry, newest first, by month.
    func whatsNew(_ pages: [PageSummary]) -> Shell {
        var order: [(date: String, title: String, page: Int, change: Int)] = []
        for (i, p) in pages.enumerated() { for (j, c) in p.meta.changes.enumerated() { order.append((c.date, p.title, i, j)) } }
        order.sort { ($0.date, $1.title, $1.page, $1.change) > ($1.date, $0.title, $0.page, $0.change) }
        let entries = order.map { (pages[$0.page].meta.changes[$0.change], pages[$0.page]) }
        let t = text("")
        var main = "<h1>\(t.html("whats_new.title"))</h1>\n<p class=\"lead\">\(t.html("whats_new.lead"))</p>\n"
        if entries.isEmpty { main += "<p>\(t.html("whats_new.empty", ["field": "<code>changes:</code>"]))</p>" }
        var month = ""
        for (change, page) in entries {
            let m = String(change.date.prefix(7))
            if m != month {
                if !month.isEmpty { main += "</ul></section>" }
                month = m
                main += "<section aria-labelledby=\"m-\(m)\"><h2 id=\"m-\(m)\">\(HTML.escape(t.month(m)))</h2><ul class=\"page-list\">"
            }
            main += "<li><a href=\"\(HTML.escape(pageLink(page, depth: 0)))\">\(HTML.escape(page.title))</a> <span class=\"when\">v\(HTML.escape(change.version)) · <time datetime=\"\(change.date)\">\(HTML.escape(t.date(change.date)))</time></span>"
            if let link = Self.diffLink(diffLinks(page.meta.id), change.version) { main += " <a class=\"diff-link\" href=\"sop/\(HTML.escape(link))\">\(t.html("sop.what_changed"))</a>" }
            if !change.summary.isEmpty { main += "<span class=\"summary\">\(Markdown.renderInline(change.summary))</span>" }
            main += "</li>"
        }
        if !month.isEmpty { main += "</ul></section>" }
        return Shell(title: t("whats_new.title"), description: t("whats_new.description"), breadcrumbs: [(t("nav.handbook"), "index.html"), (t("whats_new.title"), nil)], main: main)
    }

    /// The quiz player; `quiz.js` runs it against `casebook serve`.
    func quizPage() -> Shell {
        let t = text("")
        let main = """
        <h1>\(t.html("quiz_page.title"))</h1>
        <div id="quiz-app" aria-live="off"><noscript>\(t.html("quiz_page.noscript"))</noscript><p>\(t.html("quiz_page.loading"))</p></div>
        <div id="quiz-live" class="visually-hidden" role="status" aria-live="polite"></div>
        <script src="assets/app.js" defer></script>
        <script src="assets/quiz.js" defer></script>
        """
        return Shell(title: t("quiz_page.title"), description: t("quiz_page.description"), breadcrumbs: [(t("nav.handbook"), "index.html"), (t("quiz_page.title"), nil)], main: main)
    }

    /// Knowledge gaps, the review queue and calibration for trainers and leads; `reports.js`
    /// fills it from `casebook serve`'s /api/reports/dashboard with the form's filters. The
    /// page is built in the site's language; `data-text` names each text's message, so the
    /// script can say it in the signed-in viewer's language instead.
    func reportsPage() -> Shell {
        let t = text("")
        let main = """
        <h1 data-text="reports_page.title">\(t.html("reports_page.title"))</h1>
        <p class="lead" data-text="reports_page.lead">\(t.html("reports_page.lead"))</p>
        <form id="reports-filter" class="reports-filter" action="reports.html" method="get">
          <div><label for="reports-since" data-text="reports_page.since">\(t.html("reports_page.since"))</label><input id="reports-since" name="since" type="date"></div>
          <div><label for="reports-until" data-text="reports_page.until">\(t.html("reports_page.until"))</label><input id="reports-until" name="until" type="date"></div>
          <div><label for="reports-market" data-text="reports_page.market">\(t.html("reports_page.market"))</label><input id="reports-market" name="market" type="text" autocomplete="off" spellcheck="false"></div>
          <div><label for="reports-team" data-text="reports_page.team">\(t.html("reports_page.team"))</label><input id="reports-team" name="team" type="text" autocomplete="off" spellcheck="false"></div>
          <div><label for="reports-vendor" data-text="reports_page.vendor">\(t.html("reports_page.vendor"))</label><input id="reports-vendor" name="vendor" type="text" autocomplete="off" spellcheck="false"></div>
          <div class="reports-actions"><button type="submit" class="button" data-text="reports_page.show">\(t.html("reports_page.show"))</button></div>
        </form>
        <div id="reports-app"><noscript>\(t.html("reports_page.noscript", ["serve": "<code>casebook serve</code>"]))</noscript><p>\(t.html("quiz_page.loading"))</p></div>
        <div id="reports-live" class="visually-hidden" role="status" aria-live="polite"></div>
        <script src="assets/app.js" defer></script>
        <script src="assets/reports.js" defer></script>
        """
        return Shell(title: t("reports_page.title"), description: t("reports_page.description"),
                     breadcrumbs: [(t("nav.handbook"), "index.html"), (t("reports_page.title"), nil)], main: main, bodyClass: "wide")
    }

    /// The full results page; `search.js` fills it from `?q=`.
    func searchPage() -> Shell {
        let t = text("")
        let main = """
        <h1>\(t.html("search_page.title"))</h1>
        <form class="search-page-form" role="search" action="search.html" method="get">
          <label class="visually-hidden" for="search-page-query">\(t.html("search.label"))</label>
          <input id="search-page-query" name="q" type="search" autocomplete="off" placeholder="\(t.html("search_page.placeholder"))">
          <button type="submit">\(t.html("search_page.button"))</button>
        </form>
        <div id="search-page-results" aria-live="polite"><noscript>\(t.html("search_page.noscript", ["codes": "<a href=\"codes/index.html\">" + t.html("search_page.noscript_codes") + "</a>", "handbook": "<a href=\"index.html\">" + t.html("search_page.noscript_handbook") + "</a>"]))</noscript></div>
        <p class="lead">\(t.html("search_page.tips", ["prefix": "<code>brand own</code>", "phrase": "<code>\"exact phrase\"</code>", "code": "<code>IP-03</code>", "market": "<code>market:TH</code>", "tag": "<code>tag:counterfeit</code>", "lang": "<code>lang:th</code>"]))</p>
        """
        return Shell(title: t("search_page.title"), description: t("search_page.description"), breadcrumbs: [(t("nav.handbook"), "index.html"), (t("search_page.title"), nil)], main: main)
    }

    /// The 404 page.
    func notFound() -> [UInt8] {
        let t = text("")
        let main = "<h1>\(t.html("not_found.title"))</h1>\n<p>\(t.html("not_found.text"))</p>\n<ul><li><a href=\"/index.html\">\(t.html("not_found.home"))</a></li><li><a href=\"/codes/index.html\">\(t.html("nav.codes"))</a></li><li><a href=\"/whats-new.html\">\(t.html("nav.whats_new"))</a></li></ul>"
        // Served for any missing path, so it links from the site root rather than relative.
        return render(Shell(title: t("not_found.title"), main: main), rootOverride: "/")
    }
}
