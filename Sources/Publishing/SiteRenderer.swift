import Foundation
import Handbook
import Quiz
#if canImport(Glibc)
import Glibc
#endif

/// Renders the handbook into site pages; `outputs()` (SitePlanner.swift) plans every file of
/// a build. The page kinds are in Pages/, one file each.
public struct SiteRenderer: Sendable {
    /// The handbook the site shows.
    public var handbook: Handbook
    /// The layout and static files pages are rendered with.
    public var theme: Theme { didSet { localizedByLanguage = LocalizedCache() } }
    /// Shown in every page's header and title.
    public var siteName: String
    /// The language of the pages no SOP gives a language (home, codes, tags, search...).
    public var siteLanguage = "en"
    /// Published common mistakes, by page id: shown under the section they belong to.
    public var mistakes: [String: [CommonMistake]] = [:]
    /// The SOPs' versions from git, for version and diff pages; `.disabled` builds none.
    public var history: SiteHistory = .disabled
    /// What each pair of versions changed, kept from the diff pages for `changes/<id>.json`.
    let sectionChanges = SectionChanges()
    /// The theme's strings of each language asked for, looked up once (see `text(_:)`).
    private var localizedByLanguage = LocalizedCache()
    /// Identifies the Casebook binary, so an upgraded (or rebuilt) binary renders everything afresh.
    /// The binary is the file the process was started from (`AT_EXECFN`), not `/proc/self/exe`:
    /// under valgrind (as `bench/README.md` profiles builds) the latter is valgrind's tool, so
    /// every profiled build was a full one and the plain build after it another.
    public static let generatorVersion: String = {
        var info = stat()
        guard (executedFile().map { stat($0, &info) == 0 } ?? false) || stat("/proc/self/exe", &info) == 0 else { return "casebook-0.1.0" }
        return "casebook-0.1.0-\(info.st_size)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }()

    /// The path the process was executed as (the auxiliary vector's `AT_EXECFN`, which the kernel
    /// and valgrind both set), or nil. Relative paths are taken before any change of directory.
    static func executedFile() -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/self/auxv") else { return nil }
        let atNull: UInt = 0, atExecFN: UInt = 31 // <elf.h>: AT_NULL, AT_EXECFN
        return data.withUnsafeBytes { raw -> String? in
            let entry = 2 * MemoryLayout<UInt>.size
            var offset = 0
            while offset + entry <= raw.count {
                let type = raw.loadUnaligned(fromByteOffset: offset, as: UInt.self)
                let value = raw.loadUnaligned(fromByteOffset: offset + MemoryLayout<UInt>.size, as: UInt.self)
                if type == atNull { return nil }
                if type == atExecFN, let name = UnsafePointer<CChar>(bitPattern: value) { return String(cString: name) }
                offset += entry
            }
            return nil
        }
    }

    /// A renderer for `handbook` with `theme`.
    public init(handbook: Handbook, theme: Theme, siteName: String = "Casebook") {
        self.handbook = handbook
        self.theme = theme
        self.siteName = siteName
    }

    // MARK: - Layout

    /// What a page puts into the layout: title, breadcrumbs, main content, aside.
    struct Shell {
        var title: String
        var description = ""
        /// The page's language; empty for the site's language.
        var lang = ""
        var depth = 0
        var breadcrumbs: [(String, String?)] = []
        var main: String
        var aside = ""
        var bodyClass = ""
    }

    /// The way up to the site root from a page `depth` folders down.
    func root(_ depth: Int) -> String { String(repeating: "../", count: depth) }

    /// The interface strings and formats of `language` (empty: the site's language).
    ///
    /// Speed: every page asks two or three times, and looking a language up normalises its
    /// code with Foundation; the answer for each code is kept (a build with history renders
    /// 50,000 pages more, and the lookups were two seconds of its CPU time).
    func text(_ language: String) -> Localized {
        let code = language.isEmpty ? siteLanguage : language
        return localizedByLanguage.value(code) { theme.messages.localized(code) }
    }

    /// A page in the layout, as the bytes written to the site.
    func render(_ shell: Shell, rootOverride: String? = nil) -> [UInt8] {
        let root = rootOverride ?? self.root(shell.depth)
        let lang = shell.lang.isEmpty ? siteLanguage : shell.lang
        let t = text(lang)
        var crumbs = ""
        if !shell.breadcrumbs.isEmpty {
            crumbs = "<nav class=\"breadcrumbs\" aria-label=\"\(HTML.escape(t("layout.breadcrumb")))\"><ol>"
            for (label, href) in shell.breadcrumbs {
                if let href {
                    crumbs += "<li><a href=\"\(HTML.escape(root + href))\">\(HTML.escape(label))</a></li>"
                } else {
                    crumbs += "<li aria-current=\"page\">\(HTML.escape(label))</li>"
                }
            }
            crumbs += "</ol></nav>"
        }
        // The page's values, else the language's template texts. Speed: one lookup per slot,
        // where merging them into a copy of the texts (every page) copied and rehashed the
        // whole catalogue.
        let texts = theme.templateTexts[t.language]
        let direction = t.direction, language = t.language, siteName = self.siteName
        return theme.layout.renderBytes(capacity: 4096 + shell.main.utf8.count + shell.aside.utf8.count) { name in
            switch name {
            case "title": return shell.title
            case "site_name": return siteName
            case "description": return shell.description
            case "lang": return lang
            case "dir": return direction
            case "ui_lang": return language
            case "root": return root
            case "breadcrumbs": return crumbs
            case "main": return shell.main
            case "aside": return shell.aside
            case "body_class": return shell.bodyClass
            case "search": return ""
            default: return texts?[name]
            }
        }
    }

    // MARK: - Pieces shared by the page kinds

    /// A page's summary as inline HTML.
    func summary(_ p: PageSummary) -> String { Markdown.renderInline(p.meta.summary) }

    /// Values as chips linking to their pages (`url` gives the page of each).
    func chips(_ values: [String], depth: Int, url: (String) -> String) -> String {
        let root = self.root(depth)
        return "<ul class=\"chips\">" + values.map { "<li><a class=\"chip\" href=\"\(HTML.escape(root + url($0)))\">\(HTML.escape($0))</a></li>" }.joined() + "</ul>"
    }

    /// The link to a page (at a section, with `anchor`) from a page `depth` folders down.
    func pageLink(_ page: PageSummary, depth: Int, anchor: String? = nil) -> String {
        root(depth) + SiteURL.page(page.meta.id) + (anchor.map { "#" + LinkResolver.percentEncoded($0) } ?? "")
    }

    /// Whether `page` is a translation whose original is among `ids` (a list's or the site's
    /// pages): lists show it as a language link of its original's item, not as an SOP of its
    /// own, and pagers skip it.
    static func isListedTranslation(_ page: PageSummary, among ids: Set<String>) -> Bool {
        guard let original = page.meta.translationOf, original != page.meta.id else { return false }
        return ids.contains(original)
    }

    /// The items of a list of pages: each page once, a translation under its original when the
    /// list has the original (a category listed the English, Polish and Japanese pages of one
    /// SOP as three, and the original's next page was its translation), in the list's order.
    func listItems(_ pages: [PageSummary]) -> [(page: PageSummary, translations: [PageSummary])] {
        let ids = Set(pages.map(\.meta.id))
        var translations: [String: [PageSummary]] = [:]
        for p in pages where Self.isListedTranslation(p, among: ids) { translations[p.meta.translationOf!, default: []].append(p) }
        // A published translation kept in another folder is a language link of its original too.
        return pages.filter { !Self.isListedTranslation($0, among: ids) }.map { p in
            var list = translations[p.meta.id] ?? []
            for t in publishedTranslations(of: p.meta.id) where !list.contains(where: { $0 === t }) { list.append(t) }
            return (p, list)
        }
    }

    /// The published translations of the page with `id` (drafts too in a build with drafts),
    /// as lists, their fingerprints and pagers show them.
    func publishedTranslations(of id: String) -> [PageSummary] {
        handbook.translations(of: id).filter { $0.meta.id != id && $0.isPublished(includeDrafts: handbook.includeDrafts) }
    }

    /// ` lang="th"` for a page not in the site's language, else nothing: a screen reader reads
    /// a Thai title in a list as Thai.
    func langAttribute(_ p: PageSummary) -> String {
        p.meta.lang.isEmpty || p.meta.lang == siteLanguage ? "" : " lang=\"\(HTML.escape(p.meta.lang))\""
    }

    /// A link to a page in a list, marked with the page's language when it is not the site's.
    func listLink(_ p: PageSummary, depth: Int, text: String? = nil) -> String {
        "<a href=\"\(HTML.escape(pageLink(p, depth: depth)))\"\(langAttribute(p))>\(HTML.escape(text ?? p.meta.navTitle ?? p.title))</a>"
    }

    /// A list item's language links: each translation by its language's own name.
    func languageLinks(_ translations: [PageSummary], depth: Int) -> String {
        guard !translations.isEmpty else { return "" }
        let links = translations.map { p in
            "<a href=\"\(HTML.escape(pageLink(p, depth: depth)))\" lang=\"\(HTML.escape(p.meta.lang))\" hreflang=\"\(HTML.escape(p.meta.lang))\" title=\"\(HTML.escape(p.meta.navTitle ?? p.title))\">\(HTML.escape(languageName(p.meta.lang)))</a>"
        }
        return " <span class=\"languages\">" + links.joined(separator: " · ") + "</span>"
    }

    /// SOPs as a list with their status and summary; translations as language links of their
    /// original's item.
    func pageList(_ pages: [PageSummary], depth: Int) -> String {
        let t = text("")
        if pages.isEmpty { return "<p>\(t.html("sop.no_sops"))</p>" }
        var out = "<ul class=\"page-list\">"
        for (p, translations) in listItems(pages) {
            out += "<li>" + listLink(p, depth: depth)
            if p.meta.status != .published { out += " <span class=\"badge\">\(t.html("status." + p.meta.status.rawValue))</span>" }
            out += languageLinks(translations, depth: depth)
            if !p.meta.summary.isEmpty { out += "<span class=\"summary\"\(langAttribute(p))>\(summary(p))</span>" }
            out += "</li>"
        }
        return out + "</ul>"
    }

    /// The diff page of each version of page `id` that has one, by version, relative to `sop/`.
    func diffLinks(_ id: String) -> [String: String] {
        var links: [String: String] = [:]
        for pair in history.pairs(of: id) {
            links[pair.to.version] = LinkResolver.percentEncoded(id) + "/" + SiteURL.diffFile(from: pair.from.version, to: pair.to.version)
        }
        return links
    }

    /// The diff page of a change-log entry's version among `links` (`diffLinks`): the same
    /// version however it is written (a change log saying "3.0" for the committed "3" lost its
    /// link to the diff).
    static func diffLink(_ links: [String: String], _ version: String) -> String? {
        if let exact = links[version] { return exact }
        return links.first { VersionNumber.compare($0.key, version) == 0 }?.value
    }

    /// The date a page last changed: its effective date or its newest change, whichever is later.
    static func lastChanged(_ p: PageSummary) -> String {
        max(p.meta.effective, p.meta.changes.map(\.date).max() ?? "")
    }
}

/// The `Localized` strings of each language a renderer was asked for, shared by the threads
/// that render pages (one lock). A renderer's theme is set before it renders; setting another
/// starts a new cache.
final class LocalizedCache: @unchecked Sendable {
    private var byCode: [String: Localized] = [:]
    private let lock = NSLock()

    func value(_ code: String, _ make: () -> Localized) -> Localized {
        lock.lock()
        if let known = byCode[code] { lock.unlock(); return known }
        lock.unlock()
        let made = make()
        lock.lock(); byCode[code] = made; lock.unlock()
        return made
    }
}
