import Handbook

/// Policy codes with the same prefix (`IP-01`, `IP-02`), shown on one page.
struct CodeFamily: Sendable {
    var prefix: String
    var codes: [PolicyCode]
    /// The title of the SOP that defines most of them.
    var title = ""
}

extension SiteRenderer {
    /// The code index: every family, with each code's rule, harm, markets and defining section.
    func codeIndex(_ families: [CodeFamily], pagesByID: [String: PageSummary]) -> Shell {
        let t = text("")
        var main = "<h1>\(t.html("codes.title"))</h1>\n<p class=\"lead\">\(t.html("codes.lead"))</p>\n"
        if families.isEmpty { main += "<p>\(t.html("codes.empty", ["example": "<code>### IP-01 Counterfeit branded goods {harm=high}</code>"]))</p>" }
        for family in families {
            main += "<h2 id=\"\(HTML.escape(family.prefix.lowercased()))\"><a href=\"\(HTML.escape(family.prefix)).html\">\(HTML.escape(family.prefix))</a> · \(HTML.escape(family.title))</h2>"
            main += "<div class=\"table-wrap\" role=\"region\" aria-label=\"\(t.html("codes.region", ["prefix": HTML.escape(family.prefix)]))\" tabindex=\"0\"><table><thead><tr><th scope=\"col\">\(t.html("codes.code"))</th><th scope=\"col\">\(t.html("codes.policy"))</th><th scope=\"col\">\(t.html("codes.harm"))</th><th scope=\"col\">\(t.html("codes.markets"))</th><th scope=\"col\">\(t.html("codes.defined_in"))</th></tr></thead><tbody>"
            for code in family.codes {
                let page = pagesByID[code.pageID]
                main += "<tr><td><a class=\"code-id\" href=\"\(HTML.escape(String(SiteURL.code(code.code).dropFirst(6))))\">\(HTML.escape(code.code))</a></td><td>\(HTML.escape(code.name))</td>"
                main += "<td>\(harmBadge(code.harm))</td>"
                main += "<td>\(code.markets.isEmpty ? t.html("codes.all_markets") : HTML.escape(code.markets.joined(separator: ", ")))</td>"
                if let page { main += "<td><a href=\"\(HTML.escape(pageLink(page, depth: 1, anchor: code.anchor)))\">\(HTML.escape(page.title))</a></td>" } else { main += "<td></td>" }
                main += "</tr>"
            }
            main += "</tbody></table></div>"
        }
        return Shell(title: t("codes.title"), description: t("codes.description"), depth: 1, breadcrumbs: [(t("nav.handbook"), "index.html"), (t("codes.title"), nil)], main: main, bodyClass: "wide")
    }

    /// A code's harm level as a badge, or a dash when it has none.
    func harmBadge(_ harm: HarmLevel?) -> String {
        harm.map { "<span class=\"harm harm-\($0.rawValue)\">\(text("").html("harm." + $0.rawValue))</span>" } ?? "–"
    }

    /// A family is named after the SOP that defines most of its codes.
    func familyTitle(_ codes: [PolicyCode], _ pagesByID: [String: PageSummary]) -> String {
        var counts: [String: Int] = [:]
        for c in codes { counts[c.pageID, default: 0] += 1 }
        let top = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.first?.key
        return top.flatMap { pagesByID[$0]?.title } ?? ""
    }

    /// A family's page (`codes/IP.html`): each code as a section with the rule's full text.
    func familyPage(_ family: CodeFamily, pagesByID: [String: PageSummary]) throws(HandbookError) -> [UInt8] {
        let (prefix, title, codes) = (family.prefix, family.title, family.codes)
        let t = text("")
        var main = "<h1>\(HTML.escape(prefix)) · \(HTML.escape(title))</h1>\n<p class=\"lead\">\(t.pluralHTML("codes.family_lead", count: codes.count, ["prefix": HTML.escape(prefix)]))</p>\n"
        for code in codes {
            guard let page = pagesByID[code.pageID] else { continue }
            let rendered = try handbook.render(path: page.path)
            let section = SiteRenderer.rebase(rendered.sectionHTML[code.anchor] ?? "", pageID: page.meta.id)
            let link = pageLink(page, depth: 1, anchor: code.anchor)
            main += "<section class=\"code-definition\" aria-labelledby=\"\(HTML.escape(code.code.lowercased()))\">"
            main += "<h2 id=\"\(HTML.escape(code.code.lowercased()))\"><span class=\"code-id\">\(HTML.escape(code.code))</span> \(HTML.escape(code.name))</h2>\n<dl class=\"meta\">"
            if let harm = code.harm { main += "<dt>\(t.html("codes.harm"))</dt><dd>\(harmBadge(harm))</dd>" }
            main += "<dt>\(t.html("codes.markets"))</dt><dd>\(code.markets.isEmpty ? t.html("codes.all_markets") : HTML.escape(code.markets.joined(separator: ", ")))</dd>"
            main += "<dt>\(t.html("codes.defined_in"))</dt><dd><a href=\"\(HTML.escape(link))\">\(HTML.escape(page.title)) › \(HTML.escape(code.code))</a></dd></dl>\n"
            main += "<div class=\"definition sop-body\">\(section)</div></section>\n"
        }
        var aside = "<nav class=\"toc\" aria-labelledby=\"toc-heading\"><div class=\"toc-inner\"><h2 id=\"toc-heading\">\(t.html("codes.family_toc"))</h2><ol>"
        for code in codes { aside += "<li><a href=\"#\(HTML.escape(code.code.lowercased()))\">\(HTML.escape(code.code))</a></li>" }
        aside += "</ol></div></nav>"
        return render(Shell(title: t("codes.family_title", ["prefix": prefix]), description: t("codes.family_description", ["prefix": prefix, "title": title]), depth: 1,
                             breadcrumbs: [(t("nav.handbook"), "index.html"), (t("codes.title"), "codes/index.html"), (prefix, nil)], main: main, aside: aside))
    }

    /// Makes links in a section rendered for `sop/<id>.html` work from another folder at
    /// the same depth, and demotes its heading ids so they do not clash with the page.
    static func rebase(_ html: String, pageID: String) -> String {
        var out = ""
        var rest = Substring(html)
        // Drop the section's own heading: the caller shows the code and name itself.
        if rest.hasPrefix("<h"), let close = rest.byteRange(of: "</h") , let end = rest[close.upperBound...].firstIndex(of: ">") {
            rest = rest[rest.index(after: end)...]
            while rest.first == "\n" { rest = rest.dropFirst() }
        }
        let base = "../sop/"
        while let r = rest.byteRange(of: " href=\"") {
            out += rest[..<r.upperBound]
            rest = rest[r.upperBound...]
            if rest.hasPrefix("#") {
                out += base + LinkResolver.percentEncoded(pageID) + ".html"
            } else if !(rest.hasPrefix("../") || rest.hasPrefix("/") || rest.prefix(while: { $0 != "\"" }).contains(":")) {
                out += base
            }
        }
        out += rest
        return out.replacingAll(" id=\"", with: " data-anchor=\"")
    }
}
