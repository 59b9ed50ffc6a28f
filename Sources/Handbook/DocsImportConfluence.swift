import Foundation
#if canImport(Glibc)
import Glibc
#endif

// Confluence's HTML export ("Space settings > Export space > HTML"): the wiki most trust &
// safety and operations teams keep their SOPs in. The export is a folder of HTML pages named
// `Page-title_123456.html` (or `123456.html` for a title in another script), an `index.html`
// listing the space's page tree, `attachments/<page id>/<file id>.png` and Confluence's own
// `styles/` and `images/`. Each page carries a breadcrumb, a "Created by ..., last modified
// on ..." line, its body in `#main-content`, and lists of attachments and comments.
//
// The import converts each page's body to Markdown (`ConfluenceMarkdown`) into a staging
// folder laid out as the page tree (a page with children is its folder's `index.md`),
// links between pages made relative (also those pasted as the wiki's own addresses), the
// attachments the pages show or list copied; then imports that folder as any Markdown
// corpus, so every later step (links, categories, never overwriting) is the same.

/// A Confluence HTML export being staged as Markdown.
struct ConfluenceExport {
    /// One page of the export.
    struct Page {
        var id: String?
        var title: String
        var parent: String?
        var order: Int = 0
        var lastModified: String?
        var body: HTMLElement
        /// The attachments the page lists (`attachments/123/456.pdf`) and their names.
        var attachments: [(href: String, name: String)] = []
        var comments = 0
        /// Where the page goes in the staging folder.
        var path = ""
    }

    let source: String
    var pages: [String: Page] = [:]
    var notes: [String] = []
    /// The resolved source folder, for refusing files that lead outside it.
    let root: String
    /// The space's home page (the one top page of the tree), which `index.html` leads to.
    var home: String?
    /// Links of the pages that now lead to the imported files (pages, their anchors, attachments).
    var linksRewritten = 0

    init(source: String) {
        self.source = source
        root = Importer.resolved(source)
    }

    // MARK: - Finding an export

    /// The folder of a Confluence HTML export at `src`, or the one folder below it holding
    /// one (the export's zip unpacks into a folder named after the space key); nil otherwise.
    static func exportFolder(_ src: String) -> String? {
        if isExport(src) { return src }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: src) else { return nil }
        let found = names.filter { !$0.hasPrefix(".") }.map { src + "/" + $0 }.filter(isExport)
        return found.count == 1 ? found[0] : nil
    }

    /// An `index.html` and at least one page with Confluence's `main-content`, among the
    /// first few HTML files.
    static func isExport(_ folder: String) -> Bool {
        let fm = FileManager.default
        guard fm.fileExists(atPath: folder + "/index.html"),
              let names = try? fm.contentsOfDirectory(atPath: folder) else { return false }
        for name in names.filter({ $0.hasSuffix(".html") && $0 != "index.html" }).sorted().prefix(5) {
            guard let handle = FileHandle(forReadingAtPath: folder + "/" + name) else { continue }
            let head = String(decoding: handle.readData(ofLength: 65_536), as: UTF8.self)
            try? handle.close()
            if head.contains("id=\"main-content\""), head.contains("title-text") || head.contains("Confluence") { return true }
        }
        return false
    }

    // MARK: - Reading

    /// The largest page file read (bytes).
    static let largestPage = 32 << 20

    /// Reads every page of the export.
    mutating func read() throws(DocsImportError) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: source) else {
            throw DocsImportError("\(source): cannot list the folder")
        }
        let index = readIfPresent(source + "/index.html").map(HTMLElement.document)
        let spaceName = index.flatMap { $0.first { $0.name == "title" }?.collapsedText } ?? ""
        var skipped: [String] = [], tooLarge: [String] = []
        for name in names.sorted() where name.hasSuffix(".html") && name != "index.html" {
            // gumbo holds about 11 bytes per byte of HTML: a page far larger than any wiki page is not read.
            if let size = (try? fm.attributesOfItem(atPath: source + "/" + name))?[.size] as? Int, size > Self.largestPage {
                tooLarge.append(name)
                continue
            }
            guard isInside(source + "/" + name), let html = readIfPresent(source + "/" + name) else { skipped.append(name); continue }
            let doc = HTMLElement.document(html)
            guard let body = doc.first(where: { $0.attributes["id"] == "main-content" }) else { skipped.append(name); continue }
            var title = doc.first { $0.attributes["id"] == "title-text" }?.collapsedText
                ?? doc.first { $0.name == "title" }?.collapsedText ?? ""
            // "Space : Page": the space's name is every page's prefix.
            let crumbs = doc.first { $0.attributes["id"] == "breadcrumbs" }?.all { $0.name == "a" } ?? []
            let space = crumbs.first?.collapsedText ?? spaceName
            if !space.isEmpty, title.hasPrefix(space + " : ") { title = String(title.dropFirst(space.count + 3)) }
            if title.isEmpty { title = Self.stem(name).replacingOccurrences(of: "-", with: " ") }
            var page = Page(id: Self.pageID(name), title: title, body: body)
            page.parent = crumbs.compactMap { $0.attributes["href"] }.last { $0 != "index.html" && $0.hasSuffix(".html") }
            page.lastModified = doc.first { $0.hasClass("page-metadata") }.flatMap { Self.date(in: $0.collapsedText) }
            for section in doc.all(where: { $0.hasClass("pageSection") }) {
                let header = section.first { $0.name == "h2" }
                let heading = header?.collapsedText.lowercased() ?? ""
                if header?.attributes["id"] == "attachments" || heading.hasPrefix("attachments") {
                    for a in section.all(where: { $0.name == "a" }) {
                        if let href = a.attributes["href"], href.hasPrefix("attachments/") { page.attachments.append((href, a.collapsedText)) }
                    }
                } else if header?.attributes["id"] == "comments" || heading.hasPrefix("comments") {
                    page.comments += max(1, section.all { $0.hasClass("comment") }.count)
                }
            }
            if let comments = doc.first(where: { $0.attributes["id"] == "comments-section" }) {
                page.comments = max(page.comments, comments.all { $0.name == "li" && $0.hasClass("comment-thread") }.count, 1)
            }
            pages[name] = page
        }
        guard !pages.isEmpty else {
            throw DocsImportError("\(source): no Confluence page found (HTML files holding id=\"main-content\"); export the space as HTML (Space settings > Export space > HTML) and give the unzipped folder")
        }
        if let index { readTree(index) }
        for (name, page) in pages where page.parent.map({ pages[$0] == nil }) ?? false {
            pages[name]?.parent = nil // an ancestor not in the export
        }
        if let first = tooLarge.first {
            notes.append("\(first): \(tooLarge.count) HTML file\(tooLarge.count == 1 ? "" : "s") larger than \(Self.largestPage >> 20) MB left out; split the page in Confluence and export again")
        }
        if let first = skipped.first {
            notes.append("\(first): \(skipped.count) HTML file\(skipped.count == 1 ? "" : "s") with no Confluence page body (id=\"main-content\") left out")
        }
    }

    /// The page tree `index.html` lists under "Available Pages": each page's parent and its
    /// place among its siblings (Confluence's own order).
    mutating func readTree(_ index: HTMLElement) {
        let section = index.all { $0.hasClass("pageSection") }.first { $0.collapsedText.lowercased().contains("available pages") }
        guard let list = section?.first(where: { $0.name == "ul" }) else { return }
        func walk(_ ul: HTMLElement, parent: String?) {
            var order = 0
            for li in ul.elements where li.name == "li" {
                guard let a = li.first(where: { $0.name == "a" }), let href = a.attributes["href"], pages[href] != nil else {
                    for sub in li.elements where sub.name == "ul" { walk(sub, parent: parent) }
                    continue
                }
                order += 1
                pages[href]?.order = order
                pages[href]?.parent = parent
                for sub in li.elements where sub.name == "ul" { walk(sub, parent: href) }
            }
        }
        walk(list, parent: nil)
    }

    /// `Page-title_123456.html` -> `123456`; `123456.html` -> `123456`.
    static func pageID(_ file: String) -> String? {
        let stem = (file as NSString).deletingPathExtension
        let digits = stem.reversed().prefix { $0.isASCII && $0.isNumber }
        guard digits.count >= 3 else { return nil }
        let before = stem.dropLast(digits.count)
        return before.isEmpty || before.hasSuffix("_") ? String(digits.reversed()) : nil
    }

    /// The file's name without `.html` and the page id.
    static func stem(_ file: String) -> String {
        var stem = (file as NSString).deletingPathExtension
        if let id = pageID(file) { stem = String(stem.dropLast(id.count)); if stem.hasSuffix("_") { stem.removeLast() } }
        return stem
    }

    /// `YYYY-MM-DD` of the last date written as Confluence writes it (`Jun 29, 2019`), or nil.
    static func date(in text: String) -> String? {
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let words = text.replacingOccurrences(of: ",", with: " ").split(separator: " ")
        var found: String?
        for k in words.indices.dropLast(2) {
            guard let m = months.firstIndex(of: words[k].prefix(3).lowercased()), let day = Int(words[k + 1]), (1...31).contains(day),
                  let year = Int(words[k + 2]), (1990...2100).contains(year) else { continue }
            found = String(format: "%04d-%02d-%02d", year, m + 1, day)
        }
        return found
    }

    func readIfPresent(_ path: String) -> String? {
        ContentTree.readIfPresent(path).map { String(decoding: $0, as: UTF8.self) }
    }

    func isInside(_ path: String) -> Bool { Importer.isInside(path, root: root) }

    // MARK: - Placing

    /// Gives every page its path in the staging folder: a page with children is the
    /// `index.md` of a folder of its name, holding them; the space's one top page (its home)
    /// is a page at the top, first, with its children after it (not a folder holding the
    /// whole handbook).
    mutating func place() {
        var children: [String?: [String]] = [:]
        for (name, page) in pages { children[page.parent, default: []].append(name) }
        for key in Array(children.keys) {
            children[key]?.sort { (pages[$0]!.order, pages[$0]!.title, $0) < (pages[$1]!.order, pages[$1]!.title, $1) }
        }
        let roots = children[nil] ?? []
        // One set for the whole space: a page's id is its file's (or its folder's) name, so two
        // titles that slug alike in different folders would share one.
        var taken: Set<String> = []
        func placeAll(_ names: [String], in folder: String) {
            for name in names {
                let page = pages[name]!
                let hoisted = name == home
                var slug = Slug.make(page.title)
                if slug.isEmpty { slug = Slug.make(Self.stem(name)) }
                if slug.isEmpty || slug == "index" || slug == "attachments" { slug = "page-" + (page.id ?? String(taken.count + 1)) }
                if taken.contains(slug) { slug += "-" + (page.id ?? String(taken.count + 1)) }
                taken.insert(slug)
                let prefix = folder.isEmpty ? "" : folder + "/"
                if !hoisted, let kids = children[name], !kids.isEmpty {
                    pages[name]?.path = prefix + slug + "/index.md"
                    placeAll(kids, in: prefix + slug)
                } else {
                    pages[name]?.path = prefix + slug + ".md"
                }
            }
        }
        if roots.count == 1, let kids = children[roots[0]], !kids.isEmpty {
            // The home page first, its children after it at the top.
            home = roots[0]
            pages[roots[0]]?.parent = nil
            for kid in kids { pages[kid]?.order += 1 }
            pages[roots[0]]?.order = 1
            placeAll([roots[0]] + kids, in: "")
        } else {
            placeAll(roots, in: "")
        }
    }

    // MARK: - Writing

    /// Where a link of the page at `from` (staging path) leads; the attachments it names are
    /// added to `assets`.
    func link(_ href: String, from: String, byID: [String: String], byTitle: [String: String], assets: inout Set<String>) -> String {
        var path = href, fragment = ""
        if let hash = href.firstIndex(of: "#") { path = String(href[..<hash]); fragment = String(href[hash...]) }
        // A query names a version or a size of an attachment (`?version=1&api=v2`, `?width=300`).
        if let q = path.firstIndex(of: "?"), path.contains("attachments/") { path = String(path[..<q]) }
        func relative(_ target: String) -> String { Importer.relativePath(from: from, to: target) }
        if path.isEmpty { return href }
        if path == "index.html", let home, let page = pages[home] { return relative(page.path) + fragment }
        if let page = pages[path.removingPercentEncoding ?? path] { return relative(page.path) + fragment }
        // An attachment by the server's address and its name (/download/attachments/<page id>/<name>?version=1):
        // the file the export holds under its own id, found from the page's list.
        if let r = path.range(of: "download/attachments/") {
            let parts = path[r.upperBound...].split(separator: "/")
            if parts.count == 2, let name = byID[String(parts[0])], let owner = pages[name],
               let file = owner.attachments.first(where: { $0.name == (String(parts[1]).removingPercentEncoding ?? String(parts[1])) }) {
                return link(file.href, from: from, byID: byID, byTitle: byTitle, assets: &assets)
            }
        }
        if path.hasPrefix("attachments/"), !path.split(separator: "/").contains(".."),
           let decoded = path.removingPercentEncoding, FileManager.default.fileExists(atPath: source + "/" + decoded), isInside(source + "/" + decoded) {
            assets.insert(decoded)
            return relative(decoded).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? relative(decoded)
        }
        // The wiki's own addresses, pasted: /wiki/spaces/KEY/pages/123/Title,
        // /pages/viewpage.action?pageId=123, /display/KEY/Page+title.
        if let id = Self.linkedPageID(href), let name = byID[id], let page = pages[name] { return relative(page.path) + fragment }
        if let range = path.range(of: "/display/") {
            let parts = path[range.upperBound...].split(separator: "/")
            if parts.count == 2, let title = String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding,
               let name = byTitle[title.lowercased()], let page = pages[name] {
                return relative(page.path) + fragment
            }
        }
        return href
    }

    /// The page id of a Confluence address (`/pages/123456`, `pageId=123456`), or nil.
    static func linkedPageID(_ href: String) -> String? {
        for marker in ["pageId=", "/pages/"] {
            guard let r = href.range(of: marker) else { continue }
            let digits = href[r.upperBound...].prefix { $0.isASCII && $0.isNumber }
            if digits.count >= 3 { return String(digits) }
        }
        return nil
    }

    /// Writes every page (front matter and Markdown) and the attachments they show or list
    /// into `staging`; returns notes on what was converted or left out.
    mutating func write(into staging: String) throws(DocsImportError) {
        var byID: [String: String] = [:], byTitle: [String: String] = [:]
        for (name, page) in pages {
            if let id = page.id { byID[id] = name }
            byTitle[page.title.lowercased()] = byTitle[page.title.lowercased()] ?? name
        }
        var assets = Set<String>()
        var macros: [String: (count: Int, first: String)] = [:]
        var tocs = 0, boxes = 0, htmlTables: [String] = [], comments = 0, listed = 0
        for (done, name) in pages.keys.sorted().enumerated() {
            DocsImport.report("Converting Confluence pages", done + 1, pages.count)
            let page = pages[name]!
            var used = Set<String>()
            var rewritten = 0
            var converter = ConfluenceMarkdown { [self] href in
                let target = self.link(href, from: page.path, byID: byID, byTitle: byTitle, assets: &used)
                if target != href { rewritten += 1 }
                return target
            }
            var body = converter.markdown(page.body)
            // Attachments the page lists but does not show or link: a list at its end.
            let extra = page.attachments.filter { !used.contains($0.href.removingPercentEncoding ?? $0.href) }
            if !extra.isEmpty {
                body += "\n## Attachments\n\n"
                for a in extra {
                    let target = link(a.href, from: page.path, byID: byID, byTitle: byTitle, assets: &used)
                    body += "- [" + MarkdownText.escaped(a.name.isEmpty ? (a.href as NSString).lastPathComponent : a.name) + "](" + Markdown.linkTarget(target) + ")\n"
                }
                listed += extra.count
            }
            assets.formUnion(used)
            linksRewritten += rewritten
            for (macro, n) in converter.macros { macros[macro] = ((macros[macro]?.count ?? 0) + n, macros[macro]?.first ?? name) }
            tocs += converter.tocs
            boxes += converter.boxes
            if converter.htmlTables > 0 { htmlTables.append(name) }
            comments += page.comments
            var front = "---\ntitle: " + YAMLText.scalar(page.title) + "\n"
            if let date = page.lastModified { front += "lastmod: \(date)\n" }
            if page.order > 0 { front += "weight: \(page.order)\n" }
            front += "---\n\n"
            try save(Array((front + body).utf8), to: staging + "/" + page.path)
        }
        for asset in assets.sorted() {
            guard let data = FileManager.default.contents(atPath: source + "/" + asset) else { continue }
            try save([UInt8](data), to: staging + "/" + asset)
        }
        notes.append("Confluence: \(pages.count) page\(pages.count == 1 ? "" : "s") converted from HTML into the space's page tree (a page with children is its folder's index.md); \(boxes) info, note, tip and warning panel\(boxes == 1 ? "" : "s") quoted as boxes; \(assets.count) attachment\(assets.count == 1 ? "" : "s") shown or listed copied"
            + (listed > 0 ? ", \(listed) listed under 'Attachments' on their page" : "")
            + (tocs > 0 ? "; \(tocs) table\(tocs == 1 ? "" : "s") of contents left out (every page has Casebook's)" : "")
            + (comments > 0 ? "; page comments left out (\(comments))" : ""))
        if let first = htmlTables.first {
            notes.append("\(first): tables with merged cells or several paragraphs in a cell kept as HTML tables (\(htmlTables.count) page\(htmlTables.count == 1 ? "" : "s")); the site shows them as they were")
        }
        for (macro, seen) in macros.sorted(by: { $0.key < $1.key }) {
            notes.append("\(seen.first): Confluence macro '\(macro)' written as the text it showed (\(seen.count) use\(seen.count == 1 ? "" : "s")); what it computed (a list of pages, a Jira query) is not kept")
        }
    }

    private func save(_ bytes: [UInt8], to path: String) throws(DocsImportError) {
        try DocsImport.saveStaged(bytes, to: path)
    }
}

extension DocsImport {
    /// Writes a file of a staging folder (a conversion's pages and pictures, imported next).
    static func saveStaged(_ bytes: [UInt8], to path: String) throws(DocsImportError) {
        do {
            try FileManager.default.createDirectory(atPath: PathText.parent(of: path), withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        } catch {
            throw DocsImportError("\(path): cannot write: \(error.localizedDescription)")
        }
    }

    /// Imports a staging folder a conversion wrote (`staging`) as a corpus of Markdown, the
    /// report naming `source` and `framework`, its notes first. The staging folder means
    /// nothing to the user: a note about a converted page (`written`) names the page as
    /// written into the content folder.
    static func importStaged(_ staging: String, source: String, framework: String, destination: String, basePath: String?,
                             written: Set<String>, notes: [String]) throws(DocsImportError) -> DocsImportReport {
        var report = try importCorpus(source: staging, destination: destination, tool: nil, basePath: basePath ?? "/", framework: framework.lowercased())
        report.docsFolder = source
        report.framework = framework
        report.notes = notes + report.notes.map { note in
            let note = note.replacingOccurrences(of: staging + "/", with: "")
            guard let colon = note.firstIndex(of: ":"), written.contains(String(note[..<colon])) else { return note }
            return destination + "/" + note
        }
        return report
    }
}

extension DocsImport {
    /// Imports a Confluence HTML export at `source` (see `ConfluenceExport`).
    static func importConfluence(_ source: String, destination: String, basePath: String?) throws(DocsImportError) -> DocsImportReport {
        var export = ConfluenceExport(source: source)
        try export.read()
        export.place()
        let staging = NSTemporaryDirectory() + "casebook-confluence-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: staging) }
        try export.write(into: staging)
        // The import's notes name a page as written into the content folder (their lines are
        // the staged page's), the conversion's the export's HTML file.
        var report = try importStaged(staging, source: source, framework: "Confluence", destination: destination, basePath: basePath,
                                      written: Set(export.pages.values.map(\.path)), notes: export.notes)
        report.linksRewritten += export.linksRewritten
        return report
    }
}
