import Handbook
import Quiz
#if canImport(Glibc)
import Glibc
#endif

/// A file of the built site: its path, a fingerprint of everything its bytes depend on,
/// and how to produce the bytes when the fingerprint changed.
public struct OutputFile: Sendable {
    public var path: String
    public var fingerprint: UInt64
    public var produce: @Sendable () throws(HandbookError) -> [UInt8]

    /// An output whose bytes are already known; its fingerprint is their hash.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.fingerprint = Fingerprint.of(bytes)
        self.produce = { bytes }
    }

    public init(path: String, fingerprint: UInt64, produce: @escaping @Sendable () throws(HandbookError) -> [UInt8]) {
        self.path = path
        self.fingerprint = fingerprint
        self.produce = produce
    }
}

/// Site URLs, relative to the site root.
public enum SiteURL {
    public static func page(_ id: String) -> String { "sop/\(LinkResolver.percentEncoded(id)).html" }
    public static func category(_ c: Category) -> String { c.path.isEmpty ? "index.html" : "category/\(c.slug).html" }
    public static func tag(_ t: String) -> String { "tags/\(slug(t)).html" }
    public static func market(_ m: String) -> String { "markets/\(slug(m)).html" }
    /// A policy code's stable URL: its family page (all codes with the same prefix) at its anchor.
    public static func code(_ c: String) -> String { "codes/\(family(c)).html#\(c.lowercased())" }
    /// The family page of codes with prefix `prefix`.
    public static func codeFamily(_ prefix: String) -> String { "codes/\(prefix).html" }
    /// "IP-01" -> "IP".
    public static func family(_ code: String) -> String { String(code.prefix { $0 != "-" }) }
    static func slug(_ s: String) -> String {
        let s = Slug.make(s)
        return s.isEmpty ? "-" : LinkResolver.percentEncoded(s)
    }
}

/// Renders the handbook into site files.
public struct SiteRenderer: Sendable {
    public var handbook: Handbook
    public var theme: Theme
    public var siteName: String
    /// Published common mistakes, by page id: shown under the section they belong to.
    public var mistakes: [String: [CommonMistake]] = [:]
    /// Identifies the Casebook binary, so an upgraded (or rebuilt) binary renders everything afresh.
    public static let generatorVersion: String = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return "casebook-0.1.0" }
        return "casebook-0.1.0-\(info.st_size)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }()

    public init(handbook: Handbook, theme: Theme, siteName: String = "Casebook") {
        self.handbook = handbook
        self.theme = theme
        self.siteName = siteName
    }

    /// Per-page digests of what a list shows about a page (id, title, status, summary),
    /// computed once per build so list pages fingerprint thousands of pages cheaply.
    var listDigests: [ObjectIdentifier: UInt64] = [:]
    /// Digest of each category's breadcrumb chain, by category path.
    var chainDigests: [String: UInt64] = [:]
    /// Digest of each page's change log as lists show it (id, title, changes).
    var changeDigests: [ObjectIdentifier: UInt64] = [:]
    /// What every output depends on: the generator, theme, drafts mode and site name.
    var baseFingerprint = Fingerprint()
    /// One shared copy of this renderer for the outputs' render closures to hold, so ten
    /// thousand closures each keep one reference rather than a copy of every field.
    var shared: SharedRenderer?

    /// A page's summary as inline HTML.
    func summary(_ p: PageSummary) -> String { Markdown.renderInline(p.meta.summary) }

    static func listDigest(_ p: PageSummary) -> UInt64 {
        var f = Fingerprint()
        f.add(p.meta.id); f.add(p.title); f.add(p.meta.status.rawValue); f.add(p.meta.summary)
        return f.value
    }

    static func changeDigest(_ p: PageSummary) -> UInt64 {
        var f = Fingerprint()
        f.add(p.meta.id); f.add(p.title); f.add(lastChanged(p))
        for c in p.meta.changes { f.add(c.date); f.add(c.version); f.add(c.summary) }
        return f.value
    }

    func addChanges(_ f: inout Fingerprint, _ pages: [PageSummary]) {
        for p in pages { f.add(changeDigests[ObjectIdentifier(p)] ?? Self.changeDigest(p)) }
    }

    /// Every file of the site.
    public func outputs() -> [OutputFile] {
        var trace = Trace()
        defer { trace.mark("(plan) lists and pages") }
        var planner = self
        let pages = handbook.publishedPages
        let digests = parallelMap(pages) { (Self.listDigest($0), Self.changeDigest($0)) }
        let keys = pages.map(ObjectIdentifier.init)
        planner.listDigests = Dictionary(zip(keys, digests.map(\.0)), uniquingKeysWith: { a, _ in a })
        planner.changeDigests = Dictionary(zip(keys, digests.map(\.1)), uniquingKeysWith: { a, _ in a })
        for path in handbook.categories.keys {
            var f = Fingerprint()
            for c in handbook.categoryChain(path) { f.add(c.title); f.add(c.slug) }
            planner.chainDigests[path] = f.value
        }
        var base = Fingerprint()
        base.add(Self.generatorVersion)
        base.add(Int(truncatingIfNeeded: theme.fingerprint))
        base.add(handbook.includeDrafts ? "drafts" : "published")
        base.add(siteName)
        planner.baseFingerprint = base
        planner.shared = SharedRenderer(planner)
        trace.mark("(plan) digests")
        return planner.planOutputs(pages)
    }

    func planOutputs(_ pages: [PageSummary]) -> [OutputFile] {
        var outputs: [OutputFile] = []
        for (i, page) in pages.enumerated() {
            let previous = i > 0 ? pages[i - 1] : nil
            let next = i + 1 < pages.count ? pages[i + 1] : nil
            outputs.append(sopOutput(page, previous: previous, next: next))
        }
        outputs.append(lazyPage("index.html", { f in
            for c in handbook.categories.values.sorted(by: { $0.path < $1.path }) { f.add(c.path); f.add(c.title); f.add(c.summary); f.add(c.order ?? -1) }
            addPages(&f, pages)
            addChanges(&f, pages)
        }) { $0.home(pages) })
        let pagesByCategory = Dictionary(grouping: pages, by: \.category)
        for category in handbook.categories.values.sorted(by: { $0.path < $1.path }) where !category.path.isEmpty {
            let inside = pagesByCategory[category.path] ?? []
            outputs.append(lazyPage(SiteURL.category(category), { f in
                for c in handbook.categoryChain(category.path) { f.add(c.title); f.add(c.slug); f.add(c.summary) }
                for c in handbook.categories.values.filter({ $0.parent == category.path }).sorted(by: { $0.path < $1.path }) { f.add(c.title); f.add(c.slug); f.add(c.order ?? -1) }
                addPages(&f, inside)
            }) { $0.categoryPage(category, inside) })
        }
        outputs += tagPages(pages)
        outputs += marketPages(pages)
        outputs += codePages()
        outputs.append(lazyPage("whats-new.html", { f in addChanges(&f, pages) }) { $0.whatsNew(pages) })
        outputs.append(OutputFile(path: "404.html", bytes: notFound()))
        outputs.append(html("search.html", searchPage()))
        outputs.append(html("quiz.html", quizPage()))
        outputs.append(html("reports.html", reportsPage()))
        for (path, bytes) in theme.files.sorted(by: { $0.key < $1.key }) {
            outputs.append(OutputFile(path: path, bytes: bytes))
        }
        for asset in handbook.assets {
            let file = asset
            var f = Fingerprint()
            f.add(file.path); f.add(Int(file.size)); f.add(Int(file.modified))
            outputs.append(OutputFile(path: "media/" + file.path, fingerprint: f.value) { () throws(HandbookError) in
                try ContentTree.read(file.absolutePath)
            })
        }
        return outputs
    }

    // MARK: - Layout

    struct Shell {
        var title: String
        var description = ""
        var lang = "en"
        var depth = 0
        var breadcrumbs: [(String, String?)] = []
        var main: String
        var aside = ""
        var bodyClass = ""
    }

    func root(_ depth: Int) -> String { String(repeating: "../", count: depth) }

    func render(_ shell: Shell, rootOverride: String? = nil) -> [UInt8] {
        let root = rootOverride ?? self.root(shell.depth)
        var crumbs = ""
        if !shell.breadcrumbs.isEmpty {
            crumbs = "<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\"><ol>"
            for (label, href) in shell.breadcrumbs {
                if let href {
                    crumbs += "<li><a href=\"\(HTML.escape(root + href))\">\(HTML.escape(label))</a></li>"
                } else {
                    crumbs += "<li aria-current=\"page\">\(HTML.escape(label))</li>"
                }
            }
            crumbs += "</ol></nav>"
        }
        return theme.layout.renderBytes([
            "title": shell.title, "site_name": siteName, "description": shell.description, "lang": shell.lang,
            "root": root, "breadcrumbs": crumbs, "main": shell.main, "aside": shell.aside,
            "body_class": shell.bodyClass, "search": "",
        ])
    }

    func html(_ path: String, _ shell: Shell) -> OutputFile {
        OutputFile(path: path, bytes: render(shell))
    }

    /// A page rendered only when the inputs it declares changed since the last build.
    func lazyPage(_ path: String, _ inputs: (inout Fingerprint) -> Void, _ make: @escaping @Sendable (SiteRenderer) -> Shell) -> OutputFile {
        var f = baseFingerprint
        f.add(path)
        inputs(&f)
        let shared = self.shared ?? SharedRenderer(self)
        return OutputFile(path: path, fingerprint: f.value) { shared.renderer.render(make(shared.renderer)) }
    }

    /// Adds what a list of pages shows (id, title, status, summary) to a fingerprint.
    func addPages(_ f: inout Fingerprint, _ pages: [PageSummary]) {
        for p in pages { f.add(listDigests[ObjectIdentifier(p)] ?? Self.listDigest(p)) }
    }

    // MARK: - SOP pages

    func sopOutput(_ page: PageSummary, previous: PageSummary?, next: PageSummary?) -> OutputFile {
        var f = baseFingerprint
        f.add(page.sourceHash)
        f.add(handbook.resolver.fingerprint)
        if let chain = chainDigests[page.category] { f.add(chain) } else { for c in handbook.categoryChain(page.category) { f.add(c.title); f.add(c.slug) } }
        for n in [previous, next] { f.add(n?.meta.id ?? "-"); f.add(n?.title ?? "-") }
        let related = languageVersions(of: page)
        for r in related { f.add(r.meta.id); f.add(r.title); f.add(r.meta.lang) }
        let published = mistakes[page.meta.id] ?? []
        for m in published { f.add(m.section); f.add(m.gold); f.add(m.answered); f.add(m.share); f.add(m.responses); f.add(m.note); f.add(m.published) }
        let shared = self.shared ?? SharedRenderer(self)
        return OutputFile(path: SiteURL.page(page.meta.id), fingerprint: f.value) { () throws(HandbookError) in
            let renderer = shared.renderer
            let rendered = try renderer.handbook.render(path: page.path)
            let body = Self.insertingMistakes(published, into: rendered.html)
            return renderer.render(renderer.sopShell(page, body: body, previous: previous, next: next))
        }
    }

    /// Puts each published mistake right after its section's heading, as a note.
    static func insertingMistakes(_ mistakes: [CommonMistake], into html: String) -> String {
        var out = html
        for m in mistakes {
            guard let anchor = SectionRef(m.section)?.anchor,
                  let heading = out.range(of: " id=\"\(HTML.escape(anchor))\">"),
                  let close = out.range(of: "</h", range: heading.upperBound..<out.endIndex),
                  let end = out.range(of: ">", range: close.upperBound..<out.endIndex) else { continue }
            var note = "\n<aside class=\"common-mistake\" role=\"note\" aria-label=\"Common mistake\"><p><strong>Common mistake:</strong> "
            note += "moderators answer <em>\(HTML.escape(m.answered))</em> where this section says <em>\(HTML.escape(m.gold))</em>"
            if m.share > 0 { note += " (\(m.share)% of wrong answers here\(m.responses > 0 ? ", \(m.responses) answers" : "")\(m.published.isEmpty ? "" : ", as of \(HTML.escape(m.published))"))" }
            note += ".</p>"
            if !m.note.isEmpty { note += "<p>\(Markdown.renderInline(m.note))</p>" }
            note += "</aside>"
            out.insert(contentsOf: note, at: end.upperBound)
        }
        return out
    }

    func sopShell(_ page: PageSummary, body: String, previous: PageSummary?, next: PageSummary?) -> Shell {
        let meta = page.meta
        let chain = handbook.categoryChain(page.category)
        var main = ""
        main.reserveCapacity(body.utf8.count + 4096)
        main += "<article class=\"sop\">\n<header class=\"sop-header\">\n"
        if let c = chain.last { main += "<p class=\"eyebrow\">\(HTML.escape(c.title))</p>\n" }
        main += "<h1>\(HTML.escape(page.title))"
        if meta.status != .published { main += " <span class=\"badge\">\(meta.status.rawValue.capitalized)</span>" }
        main += "</h1>\n"
        if meta.status == .draft {
            main += "<p class=\"notice\" role=\"note\">Draft: this SOP is not in force yet. Do not apply it to live cases.</p>\n"
        } else if meta.status == .retired {
            main += "<p class=\"notice\" role=\"note\">Retired: this SOP is no longer in force. Kept for reference only.</p>\n"
        }
        if !meta.summary.isEmpty { main += "<p class=\"summary\">\(summary(page))</p>\n" }
        main += "<dl class=\"meta\">\n"
        if !meta.owner.isEmpty { main += "<dt>Owner</dt><dd>\(HTML.escape(meta.owner))</dd>\n" }
        if !meta.version.isEmpty { main += "<dt>Version</dt><dd>\(HTML.escape(meta.version))</dd>\n" }
        if !meta.effective.isEmpty { main += "<dt>Effective</dt><dd><time datetime=\"\(meta.effective)\">\(DateText.long(meta.effective))</time></dd>\n" }
        if !meta.markets.isEmpty { main += "<dt>Markets</dt><dd>\(chips(meta.markets, depth: 1, url: SiteURL.market))</dd>\n" }
        if !meta.tags.isEmpty { main += "<dt>Tags</dt><dd>\(chips(meta.tags, depth: 1, url: SiteURL.tag))</dd>\n" }
        let definedCodes = page.sections.compactMap(\.code)
        if !definedCodes.isEmpty {
            main += "<dt>Policy codes</dt><dd>\(chips(definedCodes, depth: 1, url: SiteURL.code))</dd>\n"
        }
        let versions = languageVersions(of: page)
        if !versions.isEmpty {
            main += "<dt>Languages</dt><dd><ul class=\"chips\">"
            for v in versions {
                main += "<li><a class=\"chip\" href=\"\(LinkResolver.percentEncoded(v.meta.id)).html\" hreflang=\"\(HTML.escape(v.meta.lang))\" lang=\"\(HTML.escape(v.meta.lang))\">\(HTML.escape(Self.languageName(v.meta.lang)))</a></li>"
            }
            main += "</ul></dd>\n"
        }
        main += "</dl>\n</header>\n<div class=\"sop-body\">\n"
        main += body
        main += "</div>\n"
        if !meta.changes.isEmpty {
            main += "<section class=\"page-changes\" aria-labelledby=\"changes-heading\"><h2 id=\"changes-heading\">Change log</h2><ul class=\"changes\">"
            for change in meta.changes.sorted(by: { $0.date > $1.date }) {
                main += "<li><span class=\"version\">\(HTML.escape(change.version))</span> · <time datetime=\"\(change.date)\">\(DateText.long(change.date))</time>: \(Markdown.renderInline(change.summary))</li>"
            }
            main += "</ul></section>\n"
        }
        if previous != nil || next != nil {
            main += "<nav class=\"pager\" aria-label=\"Previous and next SOP\">"
            if let p = previous {
                main += "<a class=\"prev\" rel=\"prev\" href=\"\(LinkResolver.percentEncoded(p.meta.id)).html\"><span class=\"label\">Previous</span>\(HTML.escape(p.title))</a>"
            }
            if let n = next {
                main += "<a class=\"next\" rel=\"next\" href=\"\(LinkResolver.percentEncoded(n.meta.id)).html\"><span class=\"label\">Next</span>\(HTML.escape(n.title))</a>"
            }
            main += "</nav>\n"
        }
        main += "</article>"

        var aside = ""
        let tocSections = page.sections.filter { $0.level <= 3 }
        if !tocSections.isEmpty {
            aside = "<nav class=\"toc\" aria-labelledby=\"toc-heading\"><div class=\"toc-inner\"><h2 id=\"toc-heading\">On this page</h2><ol>"
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
        var crumbs: [(String, String?)] = [("Handbook", "index.html")]
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

    /// A language's name in that language, for language links.
    static func languageName(_ code: String) -> String {
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

    func chips(_ values: [String], depth: Int, url: (String) -> String) -> String {
        let root = self.root(depth)
        return "<ul class=\"chips\">" + values.map { "<li><a class=\"chip\" href=\"\(HTML.escape(root + url($0)))\">\(HTML.escape($0))</a></li>" }.joined() + "</ul>"
    }

    func pageLink(_ page: PageSummary, depth: Int, anchor: String? = nil) -> String {
        root(depth) + SiteURL.page(page.meta.id) + (anchor.map { "#" + LinkResolver.percentEncoded($0) } ?? "")
    }

    func pageList(_ pages: [PageSummary], depth: Int) -> String {
        if pages.isEmpty { return "<p>No SOPs yet.</p>" }
        var out = "<ul class=\"page-list\">"
        for p in pages {
            out += "<li><a href=\"\(HTML.escape(pageLink(p, depth: depth)))\">\(HTML.escape(p.title))</a>"
            if p.meta.status != .published { out += " <span class=\"badge\">\(p.meta.status.rawValue.capitalized)</span>" }
            if !p.meta.summary.isEmpty { out += "<span class=\"summary\">\(summary(p))</span>" }
            out += "</li>"
        }
        return out + "</ul>"
    }

    // MARK: - Home and categories

    /// How many SOPs a category card on the home page lists before linking to the category.
    static let cardLimit = 12

    static func lastChanged(_ p: PageSummary) -> String {
        max(p.meta.effective, p.meta.changes.map(\.date).max() ?? "")
    }

    func home(_ pages: [PageSummary]) -> Shell {
        var main = "<h1>\(HTML.escape(siteName)) handbook</h1>\n<p class=\"lead\">The SOPs and policy guides the moderation team works from. Every policy code links to the section that defines it.</p>\n"
        main += "<section aria-labelledby=\"categories-heading\"><h2 id=\"categories-heading\">Categories</h2><ul class=\"cards\">"
        let top = handbook.categories.values.filter { $0.parent == "" }.sorted { ($0.order ?? Int.max, $0.title) < ($1.order ?? Int.max, $1.title) }
        let rootPages = pages.filter { $0.category.isEmpty }
        if !rootPages.isEmpty {
            main += "<li class=\"card\"><h3>General</h3><ul>" + rootPages.map { "<li><a href=\"\(HTML.escape(pageLink($0, depth: 0)))\">\(HTML.escape($0.title))</a></li>" }.joined() + "</ul></li>"
        }
        for c in top {
            let inside = pages.filter { $0.category == c.path || $0.category.hasPrefix(c.path + "/") }
            if inside.isEmpty { continue }
            main += "<li class=\"card\"><h3><a href=\"\(HTML.escape(SiteURL.category(c)))\">\(HTML.escape(c.title))</a></h3>"
            if !c.summary.isEmpty { main += "<p>\(HTML.escape(c.summary))</p>" }
            let shown = inside.prefix(Self.cardLimit)
            main += "<ul>" + shown.map { "<li><a href=\"\(HTML.escape(pageLink($0, depth: 0)))\">\(HTML.escape($0.title))</a></li>" }.joined() + "</ul>"
            if inside.count > shown.count {
                main += "<p><a href=\"\(HTML.escape(SiteURL.category(c)))\">All \(inside.count) SOPs in \(HTML.escape(c.title))</a></p>"
            }
            main += "</li>"
        }
        main += "</ul></section>\n"
        let recent = pages.indices.compactMap { i -> (String, String, Int)? in
            let date = Self.lastChanged(pages[i])
            return date.isEmpty ? nil : (date, pages[i].title, i)
        }.sorted { ($0.0, $1.1) > ($1.0, $0.1) }.prefix(8).map { pages[$0.2] }
        if !recent.isEmpty {
            main += "<section aria-labelledby=\"recent-heading\"><h2 id=\"recent-heading\">Recently changed</h2><ul class=\"page-list\">"
            for p in recent {
                let date = Self.lastChanged(p)
                let change = p.meta.changes.filter { $0.date == date }.first
                main += "<li><a href=\"\(HTML.escape(pageLink(p, depth: 0)))\">\(HTML.escape(p.title))</a> <span class=\"when\"><time datetime=\"\(date)\">\(DateText.long(date))</time>\(change.map { " · v" + HTML.escape($0.version) } ?? "")</span>"
                if let change, !change.summary.isEmpty { main += "<span class=\"summary\">\(Markdown.renderInline(change.summary))</span>" }
                main += "</li>"
            }
            main += "</ul><p><a href=\"whats-new.html\">All changes</a></p></section>"
        }
        return Shell(title: "Handbook", description: "SOPs and policy guides for the moderation team", main: main, bodyClass: "wide")
    }

    func categoryPage(_ c: Category, _ pages: [PageSummary]) -> Shell {
        var main = "<h1>\(HTML.escape(c.title))</h1>\n"
        if !c.summary.isEmpty { main += "<p class=\"lead\">\(HTML.escape(c.summary))</p>\n" }
        let children = handbook.categories.values.filter { $0.parent == c.path }.sorted { ($0.order ?? Int.max, $0.title) < ($1.order ?? Int.max, $1.title) }
        if !children.isEmpty {
            main += "<h2>Sections</h2><ul class=\"page-list\">" + children.map { "<li><a href=\"\(HTML.escape(root(1) + SiteURL.category($0)))\">\(HTML.escape($0.title))</a></li>" }.joined() + "</ul>"
        }
        main += pageList(pages, depth: 1)
        var crumbs: [(String, String?)] = [("Handbook", "index.html")]
        for parent in handbook.categoryChain(c.path).dropLast() { crumbs.append((parent.title, SiteURL.category(parent))) }
        crumbs.append((c.title, nil))
        return Shell(title: c.title, description: c.summary, depth: 1, breadcrumbs: crumbs, main: main, bodyClass: "wide")
    }

    // MARK: - Tags and markets

    func tagPages(_ pages: [PageSummary]) -> [OutputFile] {
        var byTag: [String: [PageSummary]] = [:]
        for p in pages { for t in p.meta.tags { byTag[t, default: []].append(p) } }
        var outputs: [OutputFile] = []
        var index = "<h1>Tags</h1>\n"
        if byTag.isEmpty { index += "<p>No tags yet.</p>" }
        index += "<ul class=\"chips tag-cloud\">"
        for (tag, list) in byTag.sorted(by: { $0.key < $1.key }) {
            index += "<li><a class=\"chip\" href=\"\(HTML.escape(String(SiteURL.tag(tag).dropFirst(5))))\">\(HTML.escape(tag)) <span class=\"count\">\(list.count)</span></a></li>"
            outputs.append(lazyPage(SiteURL.tag(tag), { addPages(&$0, list) }) { r in
                let main = "<h1>Tag: \(HTML.escape(tag))</h1>\n" + r.pageList(list, depth: 1)
                return Shell(title: "Tag: \(tag)", depth: 1, breadcrumbs: [("Handbook", "index.html"), ("Tags", "tags/index.html"), (tag, nil)], main: main, bodyClass: "wide")
            })
        }
        index += "</ul>"
        outputs.append(html("tags/index.html", Shell(title: "Tags", depth: 1, breadcrumbs: [("Handbook", "index.html"), ("Tags", nil)], main: index, bodyClass: "wide")))
        return outputs
    }

    func marketPages(_ pages: [PageSummary]) -> [OutputFile] {
        var byMarket: [String: [PageSummary]] = [:]
        var rules: [String: [(PageSummary, Section)]] = [:]
        for p in pages {
            for m in p.meta.markets { byMarket[m, default: []].append(p) }
            for s in p.sections { for m in s.markets { rules[m, default: []].append((p, s)) } }
        }
        let markets = Set(byMarket.keys).union(rules.keys).sorted()
        var outputs: [OutputFile] = []
        var index = "<h1>Markets</h1>\n"
        if markets.isEmpty { index += "<p>No market-specific SOPs yet.</p>" }
        index += "<ul class=\"page-list\">"
        for m in markets {
            let list = byMarket[m] ?? []
            let specific = rules[m] ?? []
            index += "<li><a href=\"\(HTML.escape(String(SiteURL.market(m).dropFirst(8))))\">\(HTML.escape(m))</a> <span class=\"when\">\(list.count) SOP\(list.count == 1 ? "" : "s"), \(specific.count) market-specific rule\(specific.count == 1 ? "" : "s")</span></li>"
            let inputs: (inout Fingerprint) -> Void = { f in
                self.addPages(&f, list)
                for (p, s) in specific { f.add(p.meta.id); f.add(p.title); f.add(s.anchor); f.add(s.title) }
            }
            outputs.append(lazyPage(SiteURL.market(m), inputs) { r in
                var main = "<h1>Market: \(HTML.escape(m))</h1>\n"
                if !specific.isEmpty {
                    main += "<h2>Rules specific to \(HTML.escape(m))</h2><ul class=\"page-list\">"
                    for (p, s) in specific {
                        main += "<li><a href=\"\(HTML.escape(r.pageLink(p, depth: 1, anchor: s.anchor)))\">\(HTML.escape(s.title))</a><span class=\"summary\">in \(HTML.escape(p.title))</span></li>"
                    }
                    main += "</ul>"
                }
                main += "<h2>SOPs that apply in \(HTML.escape(m))</h2>" + r.pageList(list, depth: 1)
                return Shell(title: "Market: \(m)", depth: 1, breadcrumbs: [("Handbook", "index.html"), ("Markets", "markets/index.html"), (m, nil)], main: main, bodyClass: "wide")
            })
        }
        index += "</ul>"
        outputs.append(html("markets/index.html", Shell(title: "Markets", depth: 1, breadcrumbs: [("Handbook", "index.html"), ("Markets", nil)], main: index, bodyClass: "wide")))
        return outputs
    }

    // MARK: - Policy codes

    /// The code index and one page per code family (`codes/IP.html`), where each code is a
    /// section with the rule's full text; `codes/IP.html#ip-01` is the code's stable URL.
    func codePages() -> [OutputFile] {
        let codes = handbook.codes.values.sorted { $0.code < $1.code }
        var pagesByID: [String: PageSummary] = [:]
        for p in handbook.pages { pagesByID[p.meta.id] = p }
        var families: [(prefix: String, codes: [PolicyCode])] = []
        for code in codes {
            let prefix = SiteURL.family(code.code)
            if families.last?.prefix == prefix { families[families.count - 1].codes.append(code) } else { families.append((prefix, [code])) }
        }
        var outputs: [OutputFile] = []
        var titles: [String] = []
        for family in families {
            let title = familyTitle(family.codes, pagesByID)
            titles.append(title)
            outputs.append(familyPage(family.prefix, title: title, codes: family.codes, pagesByID: pagesByID))
        }
        let inputs: (inout Fingerprint) -> Void = { f in
            f.add(self.handbook.resolver.fingerprint)
            for (family, title) in zip(families, titles) {
                f.add(family.prefix); f.add(title)
                for code in family.codes {
                    f.add(code.code); f.add(code.name); f.add(code.harm?.rawValue ?? "-"); f.add(code.anchor)
                    for m in code.markets { f.add(m) }
                    f.add(code.pageID); f.add(pagesByID[code.pageID]?.title ?? "")
                }
            }
        }
        let (allFamilies, allTitles, byID) = (families, titles, pagesByID)
        outputs.append(lazyPage("codes/index.html", inputs) { r in
            r.codeIndex(allFamilies, titles: allTitles, pagesByID: byID)
        })
        return outputs
    }

    func codeIndex(_ families: [(prefix: String, codes: [PolicyCode])], titles: [String], pagesByID: [String: PageSummary]) -> Shell {
        var main = "<h1>Policy codes</h1>\n<p class=\"lead\">Every policy code, the rule it stands for and the SOP section that defines it.</p>\n"
        if families.isEmpty { main += "<p>No policy codes are defined yet. Define one with a heading that starts with the code, e.g. <code>### IP-01 Counterfeit branded goods {harm=high}</code>.</p>" }
        for (family, title) in zip(families, titles) {
            main += "<h2 id=\"\(HTML.escape(family.prefix.lowercased()))\"><a href=\"\(HTML.escape(family.prefix)).html\">\(HTML.escape(family.prefix))</a> · \(HTML.escape(title))</h2>"
            main += "<div class=\"table-wrap\" role=\"region\" aria-label=\"\(HTML.escape(family.prefix)) codes\" tabindex=\"0\"><table><thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Policy</th><th scope=\"col\">Harm</th><th scope=\"col\">Markets</th><th scope=\"col\">Defined in</th></tr></thead><tbody>"
            for code in family.codes {
                let page = pagesByID[code.pageID]
                main += "<tr><td><a class=\"code-id\" href=\"\(HTML.escape(String(SiteURL.code(code.code).dropFirst(6))))\">\(HTML.escape(code.code))</a></td><td>\(HTML.escape(code.name))</td>"
                main += "<td>\(harmBadge(code.harm))</td>"
                main += "<td>\(HTML.escape(code.markets.isEmpty ? "All" : code.markets.joined(separator: ", ")))</td>"
                if let page { main += "<td><a href=\"\(HTML.escape(pageLink(page, depth: 1, anchor: code.anchor)))\">\(HTML.escape(page.title))</a></td>" } else { main += "<td></td>" }
                main += "</tr>"
            }
            main += "</tbody></table></div>"
        }
        return Shell(title: "Policy codes", description: "Index of policy codes", depth: 1, breadcrumbs: [("Handbook", "index.html"), ("Policy codes", nil)], main: main, bodyClass: "wide")
    }

    func harmBadge(_ harm: HarmLevel?) -> String {
        harm.map { "<span class=\"harm harm-\($0.rawValue)\">\($0.rawValue)</span>" } ?? "–"
    }

    /// A family is named after the SOP that defines most of its codes.
    func familyTitle(_ codes: [PolicyCode], _ pagesByID: [String: PageSummary]) -> String {
        var counts: [String: Int] = [:]
        for c in codes { counts[c.pageID, default: 0] += 1 }
        let top = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.first?.key
        return top.flatMap { pagesByID[$0]?.title } ?? ""
    }

    func familyPage(_ prefix: String, title: String, codes: [PolicyCode], pagesByID: [String: PageSummary]) -> OutputFile {
        var f = baseFingerprint
        f.add(handbook.resolver.fingerprint)
        f.add(title)
        for code in codes {
            let page = pagesByID[code.pageID]
            f.add(code.code); f.add(page?.meta.id ?? ""); f.add(page?.title ?? "")
            f.add(Int(truncatingIfNeeded: page?.sourceHash ?? 0))
        }
        let shared = self.shared ?? SharedRenderer(self)
        return OutputFile(path: SiteURL.codeFamily(prefix), fingerprint: f.value) { () throws(HandbookError) in
            let renderer = shared.renderer
            var main = "<h1>\(HTML.escape(prefix)) · \(HTML.escape(title))</h1>\n<p class=\"lead\">The \(codes.count) policy code\(codes.count == 1 ? "" : "s") starting \(HTML.escape(prefix))-, with the rule as the SOP defines it.</p>\n"
            for code in codes {
                guard let page = pagesByID[code.pageID] else { continue }
                let rendered = try renderer.handbook.render(path: page.path)
                let section = SiteRenderer.rebase(rendered.sectionHTML[code.anchor] ?? "", pageID: page.meta.id)
                let link = renderer.pageLink(page, depth: 1, anchor: code.anchor)
                main += "<section class=\"code-definition\" aria-labelledby=\"\(HTML.escape(code.code.lowercased()))\">"
                main += "<h2 id=\"\(HTML.escape(code.code.lowercased()))\"><span class=\"code-id\">\(HTML.escape(code.code))</span> \(HTML.escape(code.name))</h2>\n<dl class=\"meta\">"
                if let harm = code.harm { main += "<dt>Harm</dt><dd>\(renderer.harmBadge(harm))</dd>" }
                main += "<dt>Markets</dt><dd>\(HTML.escape(code.markets.isEmpty ? "All" : code.markets.joined(separator: ", ")))</dd>"
                main += "<dt>Defined in</dt><dd><a href=\"\(HTML.escape(link))\">\(HTML.escape(page.title)) › \(HTML.escape(code.code))</a></dd></dl>\n"
                main += "<div class=\"definition sop-body\">\(section)</div></section>\n"
            }
            var aside = "<nav class=\"toc\" aria-labelledby=\"toc-heading\"><div class=\"toc-inner\"><h2 id=\"toc-heading\">Codes</h2><ol>"
            for code in codes { aside += "<li><a href=\"#\(HTML.escape(code.code.lowercased()))\">\(HTML.escape(code.code))</a></li>" }
            aside += "</ol></div></nav>"
            return renderer.render(Shell(title: "\(prefix) policy codes", description: "Policy codes \(prefix)-: \(title)", depth: 1,
                                         breadcrumbs: [("Handbook", "index.html"), ("Policy codes", "codes/index.html"), (prefix, nil)], main: main, aside: aside))
        }
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

    // MARK: - What's new and 404

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

    func notFound() -> [UInt8] {
        let main = "<h1>Page not found</h1>\n<p>This page does not exist or has moved. SOP addresses use the SOP id, and policy codes have their own pages.</p>\n<ul><li><a href=\"/index.html\">Handbook home</a></li><li><a href=\"/codes/index.html\">Policy codes</a></li><li><a href=\"/whats-new.html\">What’s new</a></li></ul>"
        // Served for any missing path, so it links from the site root rather than relative.
        return render(Shell(title: "Page not found", main: main), rootOverride: "/")
    }
}

/// A renderer behind one reference, for closures that render later.
final class SharedRenderer: Sendable {
    let renderer: SiteRenderer
    init(_ renderer: SiteRenderer) { self.renderer = renderer }
}

/// Dates for display, from ISO `YYYY-MM-DD`.
enum DateText {
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    static func long(_ iso: String) -> String {
        let parts = iso.split(separator: "-")
        guard parts.count == 3, let m = Int(parts[1]), (1...12).contains(m), let d = Int(parts[2]) else { return iso }
        return "\(d) \(months[m - 1].prefix(3)) \(parts[0])"
    }
    static func month(_ ym: String) -> String {
        let parts = ym.split(separator: "-")
        guard parts.count == 2, let m = Int(parts[1]), (1...12).contains(m) else { return ym }
        return "\(months[m - 1]) \(parts[0])"
    }
}
