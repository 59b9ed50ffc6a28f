/// Turns one Markdown file into a page summary and its body HTML.
public enum PageRenderer {
    /// Policy code pattern: 2–4 capital letters, a hyphen, two digits (`IP-01`).
    public static func policyCode(atStartOf text: String) -> (code: String, name: String)? {
        let u = Array(text.utf8)
        var i = 0
        while i < u.count, i < 4, (65...90).contains(u[i]) { i += 1 }
        guard i >= 2, i < u.count, u[i] == UInt8(ascii: "-") else { return nil }
        let digitsStart = i + 1
        var j = digitsStart
        while j < u.count, (48...57).contains(u[j]) { j += 1 }
        guard j - digitsStart == 2 else { return nil }
        if j < u.count, u[j] != UInt8(ascii: " "), u[j] != UInt8(ascii: ":") { return nil }
        let code = String(decoding: u[0..<j], as: UTF8.self)
        var name = Substring(String(decoding: u[j...], as: UTF8.self))
        while let f = name.first, f == " " || f == ":" || f == "·" || f == "–" || f == "—" || f == "-" { name = name.dropFirst() }
        return (code, String(name))
    }

    /// Whether `s` is a whole policy code.
    public static func isPolicyCode(_ s: String) -> Bool {
        policyCode(atStartOf: s).map { $0.code == s } ?? false
    }

    /// Renders `source` (the file at `path`) into a page. Diagnostics local to the page are
    /// attached to the summary.
    ///
    /// - `parsed`: the file already split and its front matter read (`meta` with its diagnostics), so neither is done twice.
    /// - `searchText`: collect each section's plain text for the search index (off when no index is built).
    /// - `defaultID`: the page's id when its front matter gives none (its file name's, unless
    ///   another page shares that name: see `pathPageID`).
    /// - `bodyHTML`: false to parse only (sections, title, metadata, search text): the page has
    ///   no HTML, its links are neither resolved nor checked and its body gets no content
    ///   warnings (an old version for a diff).
    public static func render(
        path: String, category: String, file: ContentFile?, bytes: [UInt8], resolver: LinkResolver,
        parsed: Result<SourceText, HandbookError>? = nil, meta parsedMeta: (PageMetadata, [Diagnostic])? = nil,
        searchText: Bool = true, bodyHTML: Bool = true, defaultID: String? = nil
    ) -> RenderedPage {
        let defaultID = defaultID ?? defaultPageID(for: path)
        var diagnostics: [Diagnostic] = []
        let hash = Fingerprint.of(bytes)
        let source: SourceText
        do throws(HandbookError) {
            source = try (parsed ?? Result { () throws(HandbookError) in try SourceText.read(bytes, file: path) }).get()
        } catch {
            diagnostics += error.diagnostics
            let summary = PageSummary(path: path, category: category, meta: PageMetadata(id: defaultID), title: defaultID,
                                      sections: [], links: [], diagnostics: diagnostics, sourceHash: hash,
                                      size: file?.size ?? bytes.count, modified: file?.modified ?? 0)
            return RenderedPage(summary: summary, html: "", sectionHTML: [:], sourceLoaded: false)
        }
        diagnostics += source.warnings
        // Parse only (an old version for a diff): nobody reads the content warnings, and
        // looking for them costs a pass over the body per version.
        if bodyHTML { diagnostics += shortcodeWarnings(source.body, firstLine: source.bodyFirstLine, file: path) }
        var meta: PageMetadata
        if let (m, metaDiagnostics) = parsedMeta {
            meta = m
            diagnostics += metaDiagnostics
        } else {
            meta = PageMetadata.from(source.frontMatter, defaultID: defaultID, file: path, diagnostics: &diagnostics)
        }
        if bodyHTML, source.body.allSatisfy({ $0.isWhitespace }) {
            diagnostics.append(Diagnostic(.warning, file: path, line: source.bodyFirstLine, "the page has no content; write the SOP below the front matter"))
        }
        let pageID = resolver.pageIDs[path] ?? meta.id

        var sections: [Section] = []
        var links: [ResolvedLink] = []
        var targets: [String: ResolvedLink.Target] = [:]
        let rendered = Markdown.render(
            source.body, firstLine: source.bodyFirstLine, dropLeadingH1: true, collectText: searchText,
            renderHTML: bodyHTML,
            anchors: { headings in
                let (s, anchors) = assignAnchors(headings, file: path, diagnostics: &diagnostics)
                sections = s
                return anchors
            },
            // Headings whose anchor comes from their text keep the forms earlier versions gave
            // and carry the one GitHub, Docusaurus and Hugo give them (extra link targets in the
            // HTML and the summary). Parse only (an old version for a diff), nobody reads them:
            // they change no anchor, section or text.
            aliases: bodyHTML ? { headings, anchors in
                // A repeated heading also carries the anchor GitHub, GitBook and Docusaurus give
                // it, its slug numbered from 1 (the second "Example" is `#example-1`), as the
                // links of corpora written for them name it; Casebook's own numbers by position.
                var seen: [String: Int] = [:]
                return headings.enumerated().map { i, h in
                    // Every heading of the text counts, one with an explicit anchor too (GitBook
                    // gives each repeat of "Sample language file" its own `<a id>`).
                    let slug = Slug.anchor(h.text)
                    let repeats = seen[slug, default: 0]
                    seen[slug] = repeats + 1
                    guard h.attributes?.id == nil, h.level < 2 || policyCode(atStartOf: h.text) == nil, i < anchors.count else { return [] }
                    if anchors[i] == slug { return Slug.extraAnchors(h.text) }
                    return repeats > 0 && anchors[i] == "\(slug)-\(i + 1)" ? ["\(slug)-\(repeats)"] : []
                }
            } : nil,
            rewriteURL: { url in
                let target = resolver.resolve(url, from: path)
                targets[url] = target
                return resolver.rewrite(target, fromPageID: pageID)
            })
        for a in rendered.inlineAnchors where a.duplicate && !a.sameAsHeading {
            diagnostics.append(Diagnostic(.warning, file: path, line: a.line, column: a.column, a.inHTML
                ? "the HTML id '#\(a.id)' is already used in this page; give it another id"
                : "the attribute list's id '#\(a.id)' is already used in this page; give it another id"))
        }
        for note in rendered.htmlNotes where bodyHTML {
            let (message, subject): (String, String)
            switch note.reason {
            case .shownAsText:
                message = "raw HTML <\(note.tag)> is shown as text: pages render only simple HTML (formatting, tables, lists, images, <details>); write it in Markdown or remove it"
                subject = "<\(note.tag)> text"
            case .leftOut:
                message = "raw HTML <\(note.tag)> is left out: pages run no scripts and take no styles of their own; remove it"
                subject = "<\(note.tag)> out"
            case .tooManyTags(let tags):
                message = "this HTML block holds \(tags) tags and is shown as text: a block may hold \(RawHTML.maxTags); put a blank line between its parts or write it in Markdown"
                subject = "block: many tags"
            case .tooDeep:
                message = "this HTML block nests elements more than \(RawHTML.maxDepth) levels deep and is shown as text; close its elements (an unclosed <div> or <b> nests all that follows) or write it in Markdown"
                subject = "block: too deep"
            }
            diagnostics.append(Diagnostic(.warning, file: path, line: note.line, column: note.column, message, kind: .rawHTML, subject: subject))
        }
        // Parsed only (an old version for a diff): the links as written, where they lead is
        // not asked (a section diff compares them; nothing checks them).
        if !bodyHTML { links = rendered.links.map { ResolvedLink(url: $0.url, line: $0.line, column: $0.column, target: .unresolved) } }
        for link in rendered.links where bodyHTML {
            let target = targets[link.url] ?? resolver.resolve(link.url, from: path)
            links.append(ResolvedLink(url: link.url, line: link.line, column: link.column, target: target))
            switch target {
            case .missingPage(let p):
                diagnostics.append(Diagnostic(.error, file: path, line: link.line, column: link.column,
                    "broken link '\(link.url)': no page \(p) in the content folder; fix the path or remove the link",
                    kind: .brokenLink, subject: "\(link.url)\u{0}no page \(p)"))
            case .siteAbsolute:
                diagnostics.append(Diagnostic(.warning, file: path, line: link.line, column: link.column,
                    "site-absolute link '\(link.url)' cannot be checked and is left as written; use a relative link to the .md file",
                    kind: .siteAbsoluteLink, subject: String(link.url.prefix { $0 != "#" })))
            case .unresolved where link.url.trimmingCharacters(in: .whitespaces).isEmpty:
                // `[Internal Liaison]()`: a placeholder left in a draft, not a path to look for.
                diagnostics.append(Diagnostic(.warning, file: path, line: link.line, column: link.column,
                    "empty link: nothing between its '(' and ')'; write the address or remove the brackets",
                    kind: .unresolvedLink, subject: ""))
            case .unresolved:
                diagnostics.append(Diagnostic(.warning, file: path, line: link.line, column: link.column,
                    "link '\(link.url)' does not point to a Markdown page or a file in the content folder; it is left as written",
                    kind: .unresolvedLink, subject: link.url))
            default: break
            }
        }
        if meta.title == nil || meta.title?.isEmpty == true {
            meta.title = rendered.leadingTitle
        }
        let title = meta.title ?? defaultID

        // Slice each section's HTML out of the body for policy code pages.
        var sectionHTML: [String: String] = [:]
        if sections.contains(where: { $0.code != nil }) {
            let utf8 = rendered.html.utf8
            for (i, heading) in rendered.headings.enumerated() {
                guard let start = rendered.headingOffsets[i], i < rendered.anchors.count else { continue }
                var end = utf8.count
                for j in (i + 1)..<rendered.headings.count where rendered.headings[j].level <= heading.level {
                    if let o = rendered.headingOffsets[j] { end = o; break }
                }
                if sections.contains(where: { $0.anchor == rendered.anchors[i] && $0.code != nil }) {
                    let from = utf8.index(utf8.startIndex, offsetBy: start), to = utf8.index(utf8.startIndex, offsetBy: end)
                    sectionHTML[rendered.anchors[i]] = String(Substring(utf8[from..<to]))
                }
            }
        }
        // A top-level heading after the page's title is no section, but its anchor is a link
        // target in the page like any other (a wiki page with several `#` headings).
        let sectionAnchors = Set(sections.map(\.anchor))
        let topLevel = zip(rendered.headings, rendered.anchors).enumerated().compactMap { i, pair -> String? in
            pair.0.level == 1 && !(i == 0 && rendered.leadingTitle != nil) && !sectionAnchors.contains(pair.1) ? pair.1 : nil
        }
        let extraAnchors = topLevel + rendered.inlineAnchors.filter { !$0.duplicate }.map(\.id) + rendered.headingAliases.flatMap { $0 }
            + rendered.termAnchors
        let summary = PageSummary(path: path, category: category, meta: meta, title: title, sections: sections,
                                  extraAnchors: extraAnchors, titleAnchors: rendered.titleAnchors, links: links, diagnostics: diagnostics, sourceHash: hash,
                                  size: file?.size ?? bytes.count, modified: file?.modified ?? 0)
        var page = RenderedPage(summary: summary, html: rendered.html, sectionHTML: sectionHTML)
        if searchText { page.sectionText = Self.searchSections(rendered) }
        return page
    }

    /// Search text: each H2/H3 section with the text of deeper headings folded in, by anchor
    /// ("" for the introduction).
    static func searchSections(_ rendered: RenderedMarkdown) -> [String: String] {
        var sectionText: [String: String] = ["": rendered.introText]
        var current = ""
        for (i, heading) in rendered.headings.enumerated() where i < rendered.anchors.count {
            if heading.level == 1 {
                sectionText[current, default: ""] += " " + rendered.sectionText[i]
            } else if heading.level <= 3 {
                current = rendered.anchors[i]
                sectionText[current] = rendered.sectionText[i]
            } else {
                sectionText[current, default: ""] += "\n" + heading.text + "\n" + rendered.sectionText[i]
            }
        }
        return sectionText
    }

    /// One warning per kind of Liquid or Hugo shortcode in the body (`{% data ... %}`,
    /// `{{< ref ... >}}`, `{{% note %}}`), at its first use: they are shown as text.
    static func shortcodeWarnings(_ body: String, firstLine: Int, file: String) -> [Diagnostic] {
        // Every opener starts "{%" or "{{": a page without either (anchors and attributes
        // like `{#id}` are common) needs no search line by line.
        guard Self.containsShortcodeOpener(body) else { return [] }
        var seen = Set<String>()
        var out: [Diagnostic] = []
        var line = firstLine
        // A shortcode in code is shown as code, as its author meant (MkDocs Material's docs
        // show Jinja templates, jekyll's Liquid, in fenced blocks): no warning.
        var fences = CodeFences()
        // A shortcode in an HTML comment is not shown at all (the site drops comments; Grafana's
        // docs comment out links written with `relref`): no warning either.
        var inComment = false
        for text in body.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { line += 1 }
            if !inComment, fences.isCode(text) { continue }
            let uncommented = inComment || text.contains("<!--") ? Self.outsideComments(text, inComment: &inComment) : text
            // Most lines hold no brace at all: nothing to blank out or scan.
            guard uncommented.contains("{") else { continue }
            let scanned = Self.outsideCodeSpans(uncommented)
            var rest = scanned
            while let openIndex = rest.firstIndex(of: "{") {
                let after = rest[rest.index(after: openIndex)...]
                var opener: String?, closer = ""
                for (o, c) in [("{%", "%}"), ("{{<", ">}}"), ("{{%", "%}}")] where (rest[openIndex...]).hasPrefix(o) {
                    opener = o; closer = c; break
                }
                guard let o = opener else { rest = after; continue }
                let inner = rest[rest.index(openIndex, offsetBy: o.count)...]
                let name = inner.drop { $0 == " " || $0 == "-" || $0 == "/" }.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
                rest = inner
                guard !name.isEmpty else { continue }
                let kind = "\(o) \(name) \(closer)"
                if seen.insert(kind).inserted {
                    let column = scanned.distance(from: scanned.startIndex, to: openIndex) + 1
                    out.append(Diagnostic(.warning, file: file, line: line, column: column,
                        "shortcode '\(kind)' of another docs tool is shown as text; replace it with Markdown",
                        kind: .shortcode, subject: kind))
                }
            }
        }
        return out
    }

    /// `text` with its HTML comments (`<!-- ... -->`) blanked out, same length; `inComment`
    /// says whether a comment is open at the start of the line, and is left saying whether
    /// one is at its end.
    static func outsideComments(_ text: Substring, inComment: inout Bool) -> Substring {
        var out = ""
        var rest = text
        while !rest.isEmpty {
            if inComment {
                guard let close = rest.range(of: "-->") else {
                    out += String(repeating: " ", count: rest.count)
                    return Substring(out)
                }
                out += String(repeating: " ", count: rest.distance(from: rest.startIndex, to: close.upperBound))
                rest = rest[close.upperBound...]
                inComment = false
            } else {
                guard let open = rest.range(of: "<!--") else { break }
                out += rest[..<open.lowerBound]
                out += "    "
                rest = rest[open.upperBound...]
                inComment = true
            }
        }
        out += rest
        return Substring(out)
    }

    /// `text` with its code spans (`` `{{< ref >}}` ``) blanked out, same length.
    static func outsideCodeSpans(_ text: Substring) -> Substring {
        replacingCodeSpans(text) { String(repeating: " ", count: $0.count) }
    }

    /// `text` with each code span (a run of backquotes up to the next run of the same length,
    /// both included) replaced by `transform` of it.
    static func replacingCodeSpans(_ text: Substring, _ transform: (Substring) -> String) -> Substring {
        guard text.contains("`") else { return text }
        var out = ""
        var rest = text
        while let open = rest.firstIndex(of: "`") {
            let run = rest[open...].prefix { $0 == "`" }
            let after = rest[run.endIndex...]
            guard let close = after.range(of: String(run)) else { break }
            out += rest[..<open]
            out += transform(rest[open..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        out += rest
        return out[...]
    }

    /// Whether `body` holds "{%" or "{{" anywhere.
    static func containsShortcodeOpener(_ body: String) -> Bool {
        var previous: UInt8 = 0
        for b in body.utf8 {
            if previous == UInt8(ascii: "{"), b == UInt8(ascii: "%") || b == UInt8(ascii: "{") { return true }
            previous = b
        }
        return false
    }

    /// The id of a page without an `id:` whose file name another page shares
    /// (`en/methods/preferences.md` beside `en/entities/Preferences.md`): its whole path,
    /// `en-methods-preferences`, as the file names alone would give both pages one id.
    /// With `keepingFileName`, a folder's own page keeps its file name too
    /// (`proposals/hydrator/README.md`, `proposals-hydrator-readme`).
    public static func pathPageID(for path: String, keepingFileName: Bool = false) -> String {
        var name = Substring(path)
        if let dot = name.lastIndex(of: "."), !name[dot...].contains("/") { name = name[..<dot] }
        var parts = name.split(separator: "/")
        if !keepingFileName, parts.count > 1, let last = parts.last {
            if ["index", "_index", "readme"].contains(last.lowercased()) {
                parts.removeLast()
            } else if let dot = last.firstIndex(of: "."), ["index", "_index", "readme"].contains(last[..<dot].lowercased()) {
                // A folder's page's translation (`a/docs/_index.fa.md`): `a-docs-fa`, as `defaultPageID`.
                parts[parts.count - 1] = last[last.index(after: dot)...]
            }
        }
        let slug = Slug.make(parts.joined(separator: "-"))
        return slug.isEmpty ? "page" : slug
    }

    /// Pages whose ids collide because their file names give one id (`entities/Preferences.md`
    /// and `methods/preferences.md`; `en/signup.md` and `ja/signup.md`): for each such id, in
    /// order, its pages and those that take their path ids (`pathPageID`) instead. A page whose
    /// front matter wrote its id (`written`, asked only of pages in a colliding group) keeps it;
    /// two equal written ids stay a collision. The build and `import-docs` both follow this rule.
    public static func sharedNames(ids: [String], paths: [String], written: (Int) -> Bool) -> [(id: String, pages: [Int], renamed: [(page: Int, id: String)])] {
        var byID: [String: [Int]] = [:]
        for (i, id) in ids.enumerated() { byID[id, default: []].append(i) }
        return byID.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }.compactMap { id, pages in
            var renamed = pages.filter { !written($0) }.map { (page: $0, id: pathPageID(for: paths[$0])) }
            // `hydrator.md` and `hydrator/README.md` have one path too (argo-cd's proposals):
            // the folder's page keeps its file name.
            var uses: [String: Int] = [:]
            for r in renamed { uses[r.id, default: 0] += 1 }
            renamed = renamed.map { r in
                uses[r.id, default: 0] > 1 && pathPageID(for: paths[r.page], keepingFileName: true) != r.id
                    ? (page: r.page, id: pathPageID(for: paths[r.page], keepingFileName: true)) : r
            }
            renamed = renamed.filter { $0.id != id }
            return renamed.isEmpty ? nil : (id, pages, renamed)
        }
    }

    /// Whether `id` is `defaultPageID(for: path)`, told without building that id for the usual
    /// case of a page whose file name is its id (`cat-03/gen-01003.md`, `gen-01003`): an ASCII
    /// path whose file name without extension is `id`, `id` a slug already (lower-case letters,
    /// digits, single inner hyphens) and not a folder's own page (`index`, `readme`). False
    /// means "not told": the caller builds the id.
    static func isFileNameID(_ id: String, path: String) -> Bool {
        let p = path.utf8
        guard p.allSatisfy({ $0 < 0x80 }), let dot = p.lastIndex(of: UInt8(ascii: ".")) else { return false }
        let slash = p.lastIndex(of: UInt8(ascii: "/"))
        if let slash, slash > dot { return false }
        let start = slash.map { p.index(after: $0) } ?? p.startIndex
        guard p[start..<dot].elementsEqual(id.utf8), id != "index", id != "readme" else { return false }
        var previous = UInt8(ascii: "-")
        for b in id.utf8 {
            let hyphen = b == UInt8(ascii: "-")
            guard hyphen || (97...122).contains(b) || (48...57).contains(b), !(hyphen && previous == UInt8(ascii: "-")) else { return false }
            previous = b
        }
        return previous != UInt8(ascii: "-")
    }

    /// The id a page gets when its front matter has none: its file name, slugged. A folder's
    /// own page in other docs tools (`index.md`, Hugo's `_index.md`, `README.md`) takes the
    /// folder's name, so a corpus with one in every folder has no duplicate ids; its
    /// translations (`_index.fa.md`) the folder's name and their language (`docs-fa`).
    public static func defaultPageID(for path: String) -> String {
        let parts = path.split(separator: "/")
        var name = Substring(parts.last ?? Substring(path))
        if let dot = name.lastIndex(of: ".") { name = name[..<dot] }
        if parts.count > 1 {
            let folderPage = ["index", "_index", "readme"]
            if folderPage.contains(name.lowercased()) {
                name = parts[parts.count - 2]
            } else if let dot = name.firstIndex(of: "."), folderPage.contains(name[..<dot].lowercased()) {
                // A translation of a folder's page (`docs/_index.fa.md`): the folder's name and
                // the language, `docs-fa`, as `page.fa.md` is `page-fa` (every folder's was
                // `index-fa`, one id shared by all of them).
                name = parts[parts.count - 2] + name[dot...]
            }
        }
        let slug = Slug.make(String(name))
        return slug.isEmpty ? "page" : slug
    }

    /// Gives every heading an anchor: explicit `{#id}`, else the policy code, else a slug.
    /// Ids the site's SOP page itself gives its elements (the layout's `main`, its search box,
    /// the contents and change log headings, the read-and-acknowledge slot): a heading or raw
    /// HTML of the page taking one would make two elements with one id, and the skip link
    /// would land on the heading.
    public static let templateIDs: Set<String> = [
        "main", "site-search", "site-search-results", "site-search-status", "toc-heading", "changes-heading",
        "categories-heading", "recent-heading", "read-ack", "read-ack-status",
    ]

    /// "heading 'Text'", or "a heading without text" (`<h2 id="x"></h2>`), for messages.
    static func headingNamed(_ text: String) -> String { text.isEmpty ? "a heading without text" : "heading '\(text)'" }

    static func assignAnchors(_ headings: [MarkdownHeading], file: String, diagnostics: inout [Diagnostic]) -> ([Section], [String]) {
        var used: [String: Int] = [:]
        var anchors: [String] = []
        var sections: [Section] = []
        for (index, h) in headings.enumerated() {
            let code = h.level >= 2 ? policyCode(atStartOf: h.text) : nil
            var anchor: String
            var explicit = false
            if let id = h.attributes?.id {
                explicit = true
                anchor = id
                if !Slug.isValidAnchor(id) {
                    diagnostics.append(Diagnostic(.error, file: file, line: h.line, column: h.attributes?.column ?? h.column,
                        "anchor '{#\(id)}' must not be empty or contain spaces, quotes, '#', '<', '>' or '&'"))
                    anchor = Slug.make(id)
                }
            } else if let code {
                anchor = code.code.lowercased()
            } else {
                anchor = Slug.anchor(h.text)
                if anchor.isEmpty { anchor = "section-\(index + 1)" }
                // `#` alone on a line (a word processor's empty line styled as a heading):
                // the page would show an empty heading, which screen readers announce.
                if !h.inHTML, h.text.allSatisfy(\.isWhitespace) {
                    diagnostics.append(Diagnostic(.warning, file: file, line: h.line, column: h.column,
                        "heading with no text: the page shows an empty heading, which screen readers announce; remove the line or give it text",
                        kind: .emptyHeading))
                }
            }
            if Self.templateIDs.contains(anchor) {
                if explicit && h.inHTML {
                    // An HTML id, warned about as any other HTML id the page cannot keep.
                    diagnostics.append(Diagnostic(.warning, file: file, line: h.line, column: h.column,
                        "the HTML id '#\(anchor)' of \(Self.headingNamed(h.text)) is one the page itself uses; it becomes '#\(anchor)-\(index + 1)'; give it another id",
                        kind: .reservedAnchor, subject: "#" + anchor))
                } else if explicit {
                    diagnostics.append(Diagnostic(.error, file: file, line: h.line, column: h.attributes?.column ?? h.column,
                        "the anchor '#\(anchor)' is one the page itself uses; choose another",
                        kind: .duplicateAnchor))
                } else {
                    diagnostics.append(Diagnostic(.warning, file: file, line: h.line, column: h.column,
                        "heading '\(h.text)' gives the anchor '#\(anchor)', which the page itself uses; it becomes '#\(anchor)-\(index + 1)'. Add an explicit {#anchor} to choose one",
                        kind: .reservedAnchor, subject: "#" + anchor))
                }
                anchor = "\(anchor)-\(index + 1)"
            }
            if let previous = used[anchor] {
                if code != nil {
                    diagnostics.append(Diagnostic(.error, file: file, line: h.line, column: h.column,
                        "duplicate anchor '#\(anchor)' (already used by the heading on line \(previous)); a policy code's heading may appear once in a page"))
                } else if explicit && h.inHTML {
                    // An HTML id, warned about as any other HTML id repeated in the page (each
                    // one: not folded with the headings a reference repeats).
                    diagnostics.append(Diagnostic(.warning, file: file, line: h.line, column: h.column,
                        "the HTML id '#\(anchor)' of \(Self.headingNamed(h.text)) is already used in this page (by the heading on line \(previous)); it becomes '#\(anchor)-\(index + 1)'; give it another id"))
                } else if explicit {
                    // An anchor problem: `--links warn` reports it as a warning (the heading
                    // then takes the numbered anchor below, as the repeated slugs do).
                    diagnostics.append(Diagnostic(.error, file: file, line: h.line, column: h.column,
                        "duplicate anchor '#\(anchor)' (already used by the heading on line \(previous)); anchors must be unique in a page",
                        kind: .duplicateAnchor))
                } else {
                    diagnostics.append(Diagnostic(.warning, file: file, line: h.line, column: h.column,
                        "heading '\(h.text)' gives the anchor '#\(anchor)', already used on line \(previous); it becomes '#\(anchor)-\(index + 1)'. Add an explicit {#anchor} to keep links stable",
                        kind: .repeatedHeading))
                }
                anchor = "\(anchor)-\(index + 1)"
            }
            used[anchor] = h.line
            anchors.append(anchor)

            var section = Section(level: h.level, title: h.text, anchor: anchor, line: h.line)
            if let code {
                section.code = code.code
                section.codeName = code.name.isEmpty ? nil : code.name
                section.title = h.text
            }
            if let values = h.attributes?.values {
                for (key, value) in values.sorted(by: { $0.key < $1.key }) {
                    switch key {
                    case "harm":
                        if let harm = HarmLevel(rawValue: value.lowercased()) {
                            section.harm = harm
                            if code == nil {
                                diagnostics.append(Diagnostic(.warning, file: file, line: h.line, column: h.column,
                                    "'harm' is only used on policy code headings (e.g. '### IP-01 Name {harm=high}')"))
                            }
                        } else {
                            diagnostics.append(Diagnostic(.error, file: file, line: h.line, column: h.attributes?.column ?? h.column,
                                "harm '\(value)' is not one of low, medium, high, critical"))
                        }
                    case "markets":
                        section.markets = value.split(separator: ",").map { String($0).trimming(" ").uppercased() }.filter { !$0.isEmpty }
                    default:
                        diagnostics.append(Diagnostic(.warning, file: file, line: h.line, column: h.attributes?.column ?? h.column,
                            "unknown heading attribute '\(key)' is ignored; known: harm, markets",
                            kind: .headingAttribute, subject: key))
                    }
                }
            }
            if h.level >= 2 { sections.append(section) }
        }
        return (sections, anchors)
    }
}

/// The fenced code blocks of a page read line by line (as CommonMark opens and closes them: a
/// run of three or more backquotes or tildes, in a quoted block too; closed by a run of the same
/// character at least as long with nothing after it), for the rewrites and warnings that leave
/// code as it is.
struct CodeFences {
    /// The fence of the block being read (its character and length), nil outside one.
    private var fence: (Character, Int)?

    /// For each of `lines`, whether it is code (see `isCode`), read from the first.
    static func codeLines(_ lines: [String]) -> [Bool] {
        var fences = CodeFences()
        return lines.map { fences.isCode($0) }
    }

    /// Reads the next line: true when it is code (a fence line, or a line inside a block).
    mutating func isCode<S: StringProtocol>(_ text: S) -> Bool {
        let start = text.drop { $0 == " " || $0 == "\t" || $0 == ">" }
        if let c = start.first, c == "`" || c == "~" {
            let run = start.prefix { $0 == c }.count
            if let (fc, fn) = fence {
                if c == fc, run >= fn, start.dropFirst(run).allSatisfy({ $0 == " " || $0 == "\t" }) { fence = nil; return true }
            } else if run >= 3, c == "~" || !start.dropFirst(run).contains("`") {
                fence = (c, run)
                return true
            }
        }
        return fence != nil
    }

    /// Whether a block is open (the last line read was in one, or opened one).
    var isOpen: Bool { fence != nil }

    /// A backquote fence that `lines` cannot close: longer than any run of backquotes
    /// starting one of them (after spaces and tabs), and at least three.
    static func fence<S: StringProtocol>(around lines: [S]) -> String {
        let longest = lines.map { $0.drop { $0 == " " || $0 == "\t" }.prefix { $0 == "`" }.count }.max() ?? 0
        return String(repeating: "`", count: max(3, longest + 1))
    }
}
