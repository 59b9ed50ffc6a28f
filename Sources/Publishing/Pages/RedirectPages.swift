import Handbook

/// Pages at a page's old addresses (`aliases` in Hugo, `redirect_from` in Jekyll and GitHub
/// Docs): static HTML sending the reader on to the page, with a canonical link, a meta
/// refresh, and a plain link for readers without refresh and for screen readers.
extension SiteRenderer {
    /// The redirect page at `path` (relative to the site root) to `page`, always a page of this site.
    func redirectPage(at path: String, to page: PageSummary) -> [UInt8] {
        let depth = path.split(separator: "/").count - 1
        let target = HTML.escape(root(depth) + SiteURL.page(page.meta.id))
        let title = HTML.escape(page.title)
        let t = text(page.meta.lang)
        let html = """
        <!doctype html>
        <html lang="\(HTML.escape(page.meta.lang))">
        <head>
        <meta charset="utf-8">
        <title>\(t.html("redirect.title", ["title": title]))</title>
        <link rel="canonical" href="\(target)">
        <meta name="robots" content="noindex">
        <meta http-equiv="refresh" content="0; url=\(target)">
        </head>
        <body>
        <main>
        <h1>\(t.html("redirect.heading"))</h1>
        <p>\(t.html("redirect.text", ["link": "<a href=\"\(target)\">\(title)</a>"]))</p>
        </main>
        </body>
        </html>

        """
        return Array(html.utf8)
    }
}
