import Handbook
import History
import Quiz

extension SiteRenderer {
    /// An SOP's page: its body with published common mistakes in place, in the layout.
    func sopPage(_ page: PageSummary, mistakes published: [CommonMistake], previous: PageSummary?, next: PageSummary?) throws(HandbookError) -> [UInt8] {
        let rendered = try handbook.render(path: page.path)
        let body = Self.localizingTables(Self.insertingMistakes(published, into: rendered.html, text: text(page.meta.lang)), text: text(page.meta.lang))
        return render(sopShell(page, body: body, previous: previous, next: next, notice: try translationBanner(page) + readAcknowledgementSlot(page)))
    }

    /// For a translation of an older version of its original: a banner naming the original's
    /// current version, and (with the history) the sections changed since, linking the diffs.
    func translationBanner(_ page: PageSummary) throws(HandbookError) -> String {
        guard case .behind(let source, let current)? = handbook.translationState(page),
              let originalID = page.meta.translationOf, let original = handbook.page(id: originalID) else { return "" }
        let e = HTML.escape
        let t = text(page.meta.lang)
        let link = "<a href=\"\(e(LinkResolver.percentEncoded(originalID))).html\" hreflang=\"\(e(original.meta.lang))\">\(e(original.title))</a>"
        var out = "<div class=\"notice translation-stale\" role=\"note\"><p><strong>\(t.html("translation.stale"))</strong> "
        out += t.html("translation.stale_detail", ["source": e(source), "original": link, "current": e(current)]) + "</p>"
        let versions = history.versions(of: originalID)
        if let from = versions.lastIndex(where: { VersionNumber.compare($0.version, source) == 0 }), from < versions.count - 1 {
            let diff = try history.diff(of: originalID, from: versions[from], to: versions[versions.count - 1])
            let changed = diff.sections.filter { $0.status != .unchanged || $0.moved }
            if !changed.isEmpty {
                out += "<p>" + t.html("translation.sections_changed", ["sections": changed.map { e($0.title) }.joined(separator: ", ")]) + "</p>"
            }
            let links = diffLinks(originalID)
            let steps = versions[(from + 1)...].compactMap { v in links[v.version].map { (v.version, $0) } }
            if !steps.isEmpty {
                let links = steps.map { "<a href=\"\(e($0.1))\">\(t.html("translation.step", ["version": e($0.0)]))</a>" }
                out += "<p>" + t.html("translation.steps", ["links": links.joined(separator: " · ")]) + "</p>"
            }
        }
        return out + "</div>\n"
    }

    /// Puts each published mistake right after its section's heading, as a note.
    /// The Markdown renderer names each table region "Table N" (it knows no catalogue); a page
    /// in another language names them in its own ("ตาราง 1").
    static func localizingTables(_ html: String, text t: Localized) -> String {
        let marker = "role=\"region\" aria-label=\"Table "
        let word = t.html("sop.table")
        guard word != "Table", SourceText.has(marker, in: html) else { return html }
        return html.replacingOccurrences(of: marker, with: "role=\"region\" aria-label=\"\(word) ")
    }

    static func insertingMistakes(_ mistakes: [CommonMistake], into html: String, text t: Localized = DefaultTheme.messages.localized("en")) -> String {
        var out = html
        for m in mistakes {
            guard let anchor = SectionRef(m.section)?.anchor,
                  let heading = out.range(of: " id=\"\(HTML.escape(anchor))\">"),
                  let close = out.range(of: "</h", range: heading.upperBound..<out.endIndex),
                  let end = out.range(of: ">", range: close.upperBound..<out.endIndex) else { continue }
            var note = "\n<aside class=\"common-mistake\" role=\"note\" aria-label=\"\(t.html("mistake.label"))\"><p><strong>\(t.html("mistake.lead"))</strong> "
            note += t.html("mistake.text", ["answered": "<em>\(HTML.escape(m.answered))</em>", "gold": "<em>\(HTML.escape(m.gold))</em>"])
            if m.share > 0 {
                var parts = [t.html("mistake.share", ["percent": HTML.escape(t.percent(Double(m.share) / 100))])]
                if m.responses > 0 { parts.append(t.pluralHTML("mistake.responses", count: m.responses)) }
                if !m.published.isEmpty { parts.append(t.html("mistake.as_of", ["date": HTML.escape(m.published)])) }
                note += " (" + parts.joined(separator: ", ") + ")"
            }
            note += ".</p>"
            if !m.note.isEmpty { note += "<p>\(Markdown.renderInline(m.note))</p>" }
            note += "</aside>"
            out.insert(contentsOf: note, at: end.upperBound)
        }
        return out
    }

    /// An SOP page's header (meta, languages), body, change log, pager and table of contents.
    func sopShell(_ page: PageSummary, body: String, previous: PageSummary?, next: PageSummary?, notice: String = "") -> Shell {
        let meta = page.meta
        let t = text(meta.lang)
        let chain = handbook.categoryChain(page.category)
        var main = ""
        main.reserveCapacity(body.utf8.count + 4096)
        main += "<article class=\"sop\">\n<header class=\"sop-header\">\n"
        if let c = chain.last { main += "<p class=\"eyebrow\">\(HTML.escape(c.title))</p>\n" }
        // The anchors of the H1 the title came from: a link to the page's top heading lands here.
        if let first = page.titleAnchors.first {
            main += "<h1 id=\"\(HTML.escape(first))\">"
            for alias in page.titleAnchors.dropFirst() { main += "<span id=\"\(HTML.escape(alias))\"></span>" }
            main += HTML.escape(page.title)
        } else {
            main += "<h1>\(HTML.escape(page.title))"
        }
        if meta.status != .published { main += " <span class=\"badge\">\(t.html("status." + meta.status.rawValue))</span>" }
        main += "</h1>\n"
        if meta.status == .draft {
            main += "<p class=\"notice\" role=\"note\">\(t.html("sop.draft_notice"))</p>\n"
        } else if meta.status == .retired {
            main += "<p class=\"notice\" role=\"note\">\(t.html("sop.retired_notice"))</p>\n"
        }
        main += notice
        if !meta.summary.isEmpty { main += "<p class=\"summary\">\(summary(page))</p>\n" }
        // The page's facts; a page that gives none (an imported page, often) shows no empty box.
        var facts = ""
        if !meta.owner.isEmpty { facts += "<dt>\(t.html("sop.owner"))</dt><dd>\(HTML.escape(meta.owner))</dd>\n" }
        if !meta.version.isEmpty { facts += "<dt>\(t.html("sop.version"))</dt><dd>\(HTML.escape(meta.version))</dd>\n" }
        if !meta.effective.isEmpty { facts += "<dt>\(t.html("sop.effective"))</dt><dd><time datetime=\"\(meta.effective)\">\(HTML.escape(t.date(meta.effective)))</time></dd>\n" }
        if !meta.markets.isEmpty { facts += "<dt>\(t.html("sop.markets"))</dt><dd>\(chips(meta.markets, depth: 1, url: SiteURL.market))</dd>\n" }
        if !meta.tags.isEmpty { facts += "<dt>\(t.html("sop.tags"))</dt><dd>\(chips(meta.tags, depth: 1, url: SiteURL.tag))</dd>\n" }
        let definedCodes = page.sections.compactMap(\.code)
        if !definedCodes.isEmpty {
            facts += "<dt>\(t.html("sop.policy_codes"))</dt><dd>\(chips(definedCodes, depth: 1, url: SiteURL.code))</dd>\n"
        }
        let versions = languageVersions(of: page)
        if !versions.isEmpty {
            facts += "<dt>\(t.html("sop.languages"))</dt><dd><ul class=\"chips\">"
            for v in versions {
                facts += "<li><a class=\"chip\" href=\"\(LinkResolver.percentEncoded(v.meta.id)).html\" hreflang=\"\(HTML.escape(v.meta.lang))\" lang=\"\(HTML.escape(v.meta.lang))\">\(HTML.escape(languageName(v.meta.lang)))</a></li>"
            }
            facts += "</ul></dd>\n"
        }
        if !facts.isEmpty { main += "<dl class=\"meta\">\n" + facts + "</dl>\n" }
        main += "</header>\n<div class=\"sop-body\">\n"
        main += body
        main += "</div>\n"
        if !meta.changes.isEmpty || history.isEnabled {
            let diffs = diffLinks(meta.id)
            main += "<section class=\"page-changes\" aria-labelledby=\"changes-heading\"><h2 id=\"changes-heading\">\(t.html("sop.change_log"))</h2>"
            if !meta.changes.isEmpty {
                main += "<ul class=\"changes\">"
                for change in meta.changes.sorted(by: { $0.date > $1.date }) {
                    main += "<li><span class=\"version\">\(HTML.escape(change.version))</span> · <time datetime=\"\(change.date)\">\(HTML.escape(t.date(change.date)))</time>: \(Markdown.renderInline(change.summary))"
                    if let link = Self.diffLink(diffs, change.version) { main += " <a class=\"diff-link\" href=\"\(HTML.escape(link))\">\(t.html("sop.what_changed"))</a>" }
                    main += "</li>"
                }
                main += "</ul>"
            }
            if history.isEnabled { main += "<p><a href=\"\(HTML.escape(LinkResolver.percentEncoded(meta.id)))/versions.html\">\(t.html("sop.all_versions"))</a></p>" }
            main += "</section>\n"
        }
        if previous != nil || next != nil {
            main += "<nav class=\"pager\" aria-label=\"\(t.html("sop.pager"))\">"
            // A neighbour in another language (an original next to a translation) has its title
            // marked with that language.
            func title(_ other: PageSummary) -> String {
                let text = HTML.escape(other.meta.navTitle ?? other.title)
                let (mine, theirs) = (meta.lang.isEmpty ? siteLanguage : meta.lang, other.meta.lang.isEmpty ? siteLanguage : other.meta.lang)
                return mine == theirs ? text : "<span lang=\"\(HTML.escape(theirs))\">\(text)</span>"
            }
            if let p = previous {
                main += "<a class=\"prev\" rel=\"prev\" href=\"\(LinkResolver.percentEncoded(p.meta.id)).html\"><span class=\"label\">\(t.html("sop.previous"))</span>\(title(p))</a>"
            }
            if let n = next {
                main += "<a class=\"next\" rel=\"next\" href=\"\(LinkResolver.percentEncoded(n.meta.id)).html\"><span class=\"label\">\(t.html("sop.next"))</span>\(title(n))</a>"
            }
            main += "</nav>\n"
        }
        main += "</article>"

        var aside = ""
        let tocSections = page.sections.filter { $0.level <= 3 }
        if !tocSections.isEmpty {
            aside = "<nav class=\"toc\" aria-labelledby=\"toc-heading\"><div class=\"toc-inner\"><h2 id=\"toc-heading\">\(t.html("sop.on_this_page"))</h2><ol>"
            var openSub = false
            for (i, s) in tocSections.enumerated() {
                if s.level == 3 && !openSub && i > 0 { aside += "<ol>"; openSub = true }
                else if s.level == 2 && openSub { aside += "</ol></li>"; openSub = false }
                else if i > 0 { aside += "</li>" }
                aside += "<li><a href=\"#\(LinkResolver.percentEncoded(s.anchor))\">\(HTML.escape(s.title))</a>"
            }
            aside += openSub ? "</ol></li>" : "</li>"
            aside += "</ol></div></nav>"
        }
        var crumbs: [(String, String?)] = [(t("nav.handbook"), "index.html")]
        for c in chain { crumbs.append((c.title, SiteURL.category(c))) }
        crumbs.append((page.title, nil))
        return Shell(title: page.title, description: meta.summary, lang: meta.lang, depth: 1, breadcrumbs: crumbs, main: main, aside: aside)
    }

    /// The other language versions of a page: its translations, or its original and the
    /// original's other translations.
    func languageVersions(of page: PageSummary) -> [PageSummary] {
        let originalID = page.meta.translationOf ?? page.meta.id
        var all = handbook.translations(of: originalID)
        if let original = handbook.page(id: originalID), original.isPublished(includeDrafts: handbook.includeDrafts) { all.insert(original, at: 0) }
        return all.filter { $0.meta.id != page.meta.id }
    }

    /// A language's name in that language, for language links: its catalogue's `name`, else
    /// a few well-known names, else the code.
    func languageName(_ code: String) -> String {
        if let c = theme.messages.catalog(for: code), Messages.normalized(code) == c.language { return c.name }
        switch code {
        case "en": return "English"
        case "th": return "ไทย"
        case "id": return "Bahasa Indonesia"
        case "vi": return "Tiếng Việt"
        case "ms": return "Bahasa Melayu"
        case "zh": return "中文"
        case "ja": return "日本語"
        case "es": return "Español"
        default: return code
        }
    }
}
