import Handbook
import History

extension SiteRenderer {
    /// `sop/<id>/versions.html`: every version of an SOP, newest first, with the commit's date
    /// and author, the change-log summary of that version and a link to its diff.
    func versionsPage(_ page: PageSummary, versions: [SOPVersion], hasRepository: Bool) -> Shell {
        let e = HTML.escape
        let t = text(page.meta.lang)
        var main = "<h1>\(t.html("versions.title", ["title": e(page.title)]))</h1>\n"
        if !hasRepository {
            main += "<p class=\"notice\" role=\"note\">\(t.html("versions.no_repository"))</p>\n"
        }
        main += "<ol class=\"versions\" reversed>\n"
        let diffed = Set(versions.indices.dropFirst().map { versions[$0].version })
        for v in versions.reversed() {
            main += "<li><span class=\"version\">\(v.version.isEmpty ? t.html("versions.no_version") : e(v.version))</span>"
            if let date = v.date { main += " · <time datetime=\"\(e(date))\">\(e(t.date(date)))</time>" } else { main += " · " + t.html("versions.current_file") }
            if let author = v.author { main += " · \(e(author))" }
            if let change = page.meta.changes.first(where: { $0.version == v.version }), !change.summary.isEmpty {
                main += "<span class=\"summary\">\(Markdown.renderInline(change.summary))</span>"
            }
            if diffed.contains(v.version), let i = versions.firstIndex(of: v), i > 0 {
                main += " <a class=\"diff-link\" href=\"\(e(SiteURL.diffFile(from: versions[i - 1].version, to: v.version)))\">\(t.html("versions.changes_from", ["version": e(versions[i - 1].version)]))</a>"
            }
            main += "</li>\n"
        }
        main += "</ol>\n"
        return Shell(title: t("versions.title", ["title": page.title]), description: t("versions.description", ["title": page.title]), lang: page.meta.lang,
                     depth: 2, breadcrumbs: historyCrumbs(page, t("versions.crumb")), main: main)
    }

    /// `sop/<id>/diff-<from>-<to>.html`: what changed, section by section, between two versions.
    func diffPage(_ page: PageSummary, diff: SectionDiff, from: SOPVersion, to: SOPVersion) -> Shell {
        let e = HTML.escape
        let t = text(page.meta.lang)
        var main = "<h1>\(e(page.title)): \(e(from.version)) → \(e(to.version))</h1>\n"
        let when = to.date.map { t.html("diff.when", ["date": "<time datetime=\"\(e($0))\">\(e(t.date($0)))</time>"]) } ?? ""
        let who = to.author.map { t.html("diff.who", ["author": e($0)]) } ?? ""
        main += "<p class=\"lead\">" + t.html("diff.lead", ["to": e(to.version), "when": when, "who": who, "from": e(from.version)])
        main += " <a href=\"versions.html\">\(t.html("sop.all_versions"))</a> · <a href=\"../\(e(LinkResolver.percentEncoded(page.meta.id))).html\">\(t.html("diff.current_text"))</a></p>\n"
        if let change = page.meta.changes.first(where: { $0.version == to.version }), !change.summary.isEmpty {
            main += "<p class=\"summary\">\(Markdown.renderInline(change.summary))</p>\n"
        }
        main += DiffRenderer.render(diff, as: .html, language: t)
        return Shell(title: "\(page.title): \(from.version) → \(to.version)", description: t("diff.description", ["title": page.title, "version": to.version]),
                     lang: page.meta.lang, depth: 2, breadcrumbs: historyCrumbs(page, "\(from.version) → \(to.version)"), main: main)
    }

    private func historyCrumbs(_ page: PageSummary, _ last: String) -> [(String, String?)] {
        var crumbs: [(String, String?)] = [(text(page.meta.lang)("nav.handbook"), "index.html")]
        for c in handbook.categoryChain(page.category) { crumbs.append((c.title, SiteURL.category(c))) }
        crumbs.append((page.title, SiteURL.page(page.meta.id)))
        crumbs.append((last, nil))
        return crumbs
    }
}
