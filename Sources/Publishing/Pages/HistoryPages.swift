import Handbook
import History

extension SiteRenderer {
    /// `sop/<id>/versions.html`: every version of an SOP, newest first, with the commit's date
    /// and author, the change-log summary of that version and a link to its diff.
    func versionsPage(_ page: PageSummary, versions: [SOPVersion], hasRepository: Bool) -> Shell {
        let e = HTML.escape
        let id = page.meta.id
        var main = "<h1>Versions of \(e(page.title))</h1>\n"
        if !hasRepository {
            main += "<p class=\"notice\" role=\"note\">The content is not in a git repository, so only the current version is known.</p>\n"
        }
        main += "<ol class=\"versions\" reversed>\n"
        let diffed = Set(versions.indices.dropFirst().map { versions[$0].version })
        for v in versions.reversed() {
            main += "<li><span class=\"version\">\(v.version.isEmpty ? "(no version)" : e(v.version))</span>"
            if let date = v.date { main += " · <time datetime=\"\(e(date))\">\(DateText.long(date))</time>" } else { main += " · current file" }
            if let author = v.author { main += " · \(e(author))" }
            if let change = page.meta.changes.first(where: { $0.version == v.version }), !change.summary.isEmpty {
                main += "<span class=\"summary\">\(Markdown.renderInline(change.summary))</span>"
            }
            if diffed.contains(v.version), let i = versions.firstIndex(of: v), i > 0 {
                main += " <a class=\"diff-link\" href=\"\(e(SiteURL.diffFile(from: versions[i - 1].version, to: v.version)))\">Changes from \(e(versions[i - 1].version))</a>"
            }
            main += "</li>\n"
        }
        main += "</ol>\n"
        return Shell(title: "Versions of \(page.title)", description: "Every published version of \(page.title)", lang: page.meta.lang,
                     depth: 2, breadcrumbs: historyCrumbs(page, "Versions"), main: main)
    }

    /// `sop/<id>/diff-<from>-<to>.html`: what changed, section by section, between two versions.
    func diffPage(_ page: PageSummary, diff: SectionDiff, from: SOPVersion, to: SOPVersion) -> Shell {
        let e = HTML.escape
        var main = "<h1>\(e(page.title)): \(e(from.version)) → \(e(to.version))</h1>\n"
        main += "<p class=\"lead\">Version \(e(to.version))"
        if let date = to.date { main += " of <time datetime=\"\(e(date))\">\(DateText.long(date))</time>" }
        if let author = to.author { main += " by \(e(author))" }
        main += ", compared with version \(e(from.version)). <a href=\"versions.html\">All versions</a> · <a href=\"../\(e(LinkResolver.percentEncoded(page.meta.id))).html\">Current text</a></p>\n"
        if let change = page.meta.changes.first(where: { $0.version == to.version }), !change.summary.isEmpty {
            main += "<p class=\"summary\">\(Markdown.renderInline(change.summary))</p>\n"
        }
        main += DiffRenderer.render(diff, as: .html)
        return Shell(title: "\(page.title): \(from.version) → \(to.version)", description: "Changes to \(page.title) in version \(to.version)",
                     lang: page.meta.lang, depth: 2, breadcrumbs: historyCrumbs(page, "\(from.version) → \(to.version)"), main: main)
    }

    private func historyCrumbs(_ page: PageSummary, _ last: String) -> [(String, String?)] {
        var crumbs: [(String, String?)] = [("Handbook", "index.html")]
        for c in handbook.categoryChain(page.category) { crumbs.append((c.title, SiteURL.category(c))) }
        crumbs.append((page.title, SiteURL.page(page.meta.id)))
        crumbs.append((last, nil))
        return crumbs
    }
}
