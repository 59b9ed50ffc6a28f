import Foundation

/// The docs tool a corpus was written for (`casebook import-docs --from`).
public enum DocsTool: String, Sendable, Hashable, CaseIterable {
    case hugo, mkdocs, docusaurus, jekyll

    /// The tool whose configuration file is in `source`, or nil when none is recognised.
    public static func detect(_ source: String) -> DocsTool? { detect(source, listing: CorpusListing(source)) }

    static func detect(_ source: String, listing: CorpusListing) -> DocsTool? {
        let fm = FileManager.default
        func has(_ name: String) -> Bool { fm.fileExists(atPath: source + "/" + name) }
        if has("mkdocs.yml") || has("mkdocs.yaml") { return .mkdocs }
        if ["docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs", "sidebars.js", "sidebars.ts"].contains(where: has)
            || docusaurusConfig(source) != nil { return .docusaurus }
        // GitHub Docs: content/ whose index.md lists its children; read as Jekyll.
        if let index = fm.contents(atPath: source + "/content/index.md"), String(decoding: index, as: UTF8.self).contains("\nchildren:") { return .jekyll }
        if ["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "_index.md"].contains(where: has)
            || has("content/_index.md")
            || ["hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml"].contains(where: { has("config/_default/" + $0) }) { return .hugo }
        if has("_config.yml") || has("_config.yaml") { return .jekyll }
        // A GitHub wiki (`<repo>.wiki.git`): plain Markdown, read as Jekyll reads it (`readGitHubWiki`).
        // An Obsidian vault may have a `Home.md` too: it is read as plain Markdown (its site).
        if Importer.looksLikeGitHubWiki(source), DocsImport.obsidianSite(source, listing: listing) == nil { return .jekyll }
        if let names = listing.names {
            if names.contains(where: { $0.hasSuffix("_category_.json") || $0.hasSuffix("_category_.yml") }) { return .docusaurus }
            if names.contains(where: { $0.hasSuffix("/_index.md") }) { return .hugo }
            // GitHub Docs articles kept in a repository of their own (github/site-policy):
            // no configuration file, but every article's front matter has `versions:`.
            if !listing.gitHubDocsArticles.isEmpty { return .jekyll }
        }
        return nil
    }

    /// The folders up to three levels below `source` that hold a docs tool's configuration file
    /// (`docs/en` for `docs/en/mkdocs.yml`), with the file's name, sorted; hidden folders and
    /// `node_modules` left out. A `config.toml` counts only beside a `content/` folder (Hugo's).
    public static func configurations(below source: String, depth: Int = 3) -> [(folder: String, file: String)] {
        let fm = FileManager.default
        let names = Set(configurationNames + ["config.toml"])
        var found: [(folder: String, file: String)] = []
        var level = [""]
        for _ in 0..<depth {
            var next: [String] = []
            for folder in level {
                let path = folder.isEmpty ? source : source + "/" + folder
                guard let entries = try? fm.contentsOfDirectory(atPath: path) else { continue }
                for name in entries.sorted() where !name.hasPrefix(".") && name != "node_modules" {
                    let child = folder.isEmpty ? name : folder + "/" + name
                    var isDirectory: ObjCBool = false
                    guard fm.fileExists(atPath: source + "/" + child, isDirectory: &isDirectory) else { continue }
                    if isDirectory.boolValue { next.append(child); continue }
                    guard !folder.isEmpty, names.contains(name) else { continue }
                    if name == "config.toml", !fm.fileExists(atPath: path + "/content") { continue }
                    found.append((folder, name))
                }
            }
            level = next
        }
        return found.sorted { ($0.folder, $0.file) < ($1.folder, $1.file) }
    }

    /// Whether `folder` holds a docs tool's configuration file itself (not its pages' signs:
    /// this looks at a folder that may be anything, such as the one above the corpus).
    public static func hasConfiguration(_ folder: String) -> Bool {
        let fm = FileManager.default
        if configurationNames.contains(where: { fm.fileExists(atPath: folder + "/" + $0) }) || docusaurusConfig(folder) != nil { return true }
        return fm.fileExists(atPath: folder + "/config.toml") && fm.fileExists(atPath: folder + "/content")
    }

    /// The configuration files that name their docs tool (Hugo's generic `config.toml` counts
    /// only beside a `content/` folder, see `hasConfiguration` and `configurations(below:)`).
    static let configurationNames = ["mkdocs.yml", "mkdocs.yaml", "docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs",
                                     "hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "_config.yml", "_config.yaml"]

    /// Where a docs tool's configuration is near a folder that has none: the folder above it
    /// (the docs folder given instead of its project), or folders up to three levels below.
    struct Nearby {
        var above: String?
        var below: [(folder: String, file: String)] = []
        var isEmpty: Bool { above == nil && below.isEmpty }

        init(_ source: String) {
            let parent = PathText.parent(of: source)
            if parent.count > 1, DocsTool.hasConfiguration(parent) { above = parent } else { below = DocsTool.configurations(below: source) }
        }

        /// What the error about an unknown tool adds: the folder to import instead, if any.
        func hint(_ source: String) -> String {
            if let above { return "; the folder above holds a docs tool's configuration: import it (casebook import-docs \(above) --to ...)" }
            guard let first = below.first else { return "" }
            return "; a docs tool's configuration is in a folder below: "
                + below.prefix(3).map { "\($0.folder) (\($0.file))" }.joined(separator: ", ")
                + (below.count > 3 ? " and \(below.count - 3) more" : "")
                + ": import that folder (casebook import-docs \(source.hasSuffix("/") ? source : source + "/")\(first.folder) --to ...)"
        }
    }

    /// The Docusaurus configuration file: at the top of the corpus, or in `website/` beside
    /// a `docs/` folder at the top (jest, redux and many others: `path: '../docs'`).
    static func docusaurusConfig(_ source: String) -> String? {
        for folder in ["", "website/"] {
            for ext in ["js", "ts", "mjs"] {
                let path = source + "/" + folder + "docusaurus.config." + ext
                if FileManager.default.fileExists(atPath: path) { return path }
            }
        }
        return nil
    }

    /// The Markdown files under `source` whose front matter has GitHub Docs' `versions:` key
    /// (every GitHub Docs article has one), hidden folders left out.
    static func gitHubDocsArticles(_ source: String, names: [String]) -> [String] {
        var found: [String] = []
        for name in names.sorted() where name.lowercased().hasSuffix(".md") && !name.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
            guard let handle = FileHandle(forReadingAtPath: source + "/" + name) else { continue }
            let head = String(decoding: handle.readData(ofLength: 4096), as: UTF8.self)
            try? handle.close()
            guard head.hasPrefix("---\n") || head.hasPrefix("---\r\n"),
                  let end = head.range(of: "\n---", range: head.index(head.startIndex, offsetBy: 3)..<head.endIndex) else { continue }
            if head[..<end.lowerBound].contains("\nversions:") { found.append(name) }
        }
        return found
    }
}

/// The files of a corpus and its GitHub Docs articles, each found once: detecting the tool
/// and finding the docs folder both ask (each article's head was read twice).
final class CorpusListing {
    let source: String
    init(_ source: String) { self.source = source }

    /// `given` when it lists `source` (as a standardized path), else a listing of its own.
    static func of(_ source: String, given: CorpusListing?) -> CorpusListing {
        let path = URL(fileURLWithPath: source).standardizedFileURL.path
        if let given, given.source == path { return given }
        return CorpusListing(path)
    }

    /// Every path under the source, relative to it (a `.git` or `node_modules` folder is named, its
    /// contents are not); nil when the folder cannot be listed.
    var names: [String]? { walked?.names }

    /// The regular files under the source, relative to it, hidden files and folders left out.
    var visibleFiles: [String] { walked?.visibleFiles ?? [] }

    /// One walk of the tree gives both.
    private lazy var walked: (names: [String], visibleFiles: [String])? = {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDir), isDir.boolValue,
              let e = FileManager.default.enumerator(atPath: source) else { return nil }
        var names: [String] = [], files: [String] = []
        while let path = e.nextObject() as? String {
            names.append(path)
            // A repository's objects and a site's installed packages are never the corpus
            // (a Docusaurus site run locally has tens of thousands of files in node_modules):
            // they are named, not walked.
            let last = path.split(separator: "/").last ?? ""
            if last == ".git" || last == "node_modules" {
                e.skipDescendants()
                continue
            }
            if (e.fileAttributes?[.type] as? FileAttributeType) == .typeRegular, !path.hasPrefix("."), !path.contains("/.") {
                files.append(path)
            }
        }
        return (names, files)
    }()

    /// The Markdown files whose front matter has GitHub Docs' `versions:` key.
    lazy var gitHubDocsArticles: [String] = names.map { DocsTool.gitHubDocsArticles(source, names: $0) } ?? []
}

/// What `casebook import-docs` did: the files it wrote and what it could not convert.
public struct DocsImportReport: Sendable {
    public var tool: DocsTool
    /// The framework a corpus of no tool Casebook reads was written for ("GitBook",
    /// "Eleventy", "VuePress", ...), read with `tool`'s rules; nil for the tools themselves.
    public var framework: String?
    /// The folder the pages were read from (the tool's docs folder inside the source).
    public var docsFolder: String
    /// The base path site-absolute links were read under.
    public var basePath: String
    /// Pages written, relative to the destination.
    public var pages: [String] = []
    /// Other files (images, PDFs) copied, relative to the destination.
    public var assets: [String] = []
    /// `_category.yml` files written, relative to the destination.
    public var categories: [String] = []
    /// Files that already existed in the destination and were left as they were.
    public var kept: [String] = []
    /// `casebook.yml` when it was written beside the content folder (links: warn, base_path).
    public var config: String?
    /// Links rewritten to relative links.
    public var linksRewritten = 0
    /// Call-out boxes (MkDocs `!!! note`, Docusaurus `:::tip`) written as quoted blocks.
    public var admonitions = 0
    /// MkDocs Material's content tabs (`=== "Title"`) unfolded into a bold title and their text.
    public var tabs = 0
    /// Hugo `include` shortcodes replaced by the text of the snippet they name.
    public var includes = 0
    /// Hugo's built-in shortcodes written as Markdown (`figure`, `youtube`, `highlight`, ...)
    /// and Jekyll's link tags written as links (`{% link %}`, `{% post_url %}`).
    public var shortcodesConverted = 0
    /// MkDocs' keys, highlights, insertions, super- and subscripts written as HTML
    /// (`++ctrl+c++` -> `<kbd>Ctrl</kbd>+<kbd>C</kbd>`).
    public var inlineMarks = 0
    /// MkDocs Material's icons (`:material-check:`) left out (or written as ✓ and ✗).
    public var icons = 0
    /// Emoji shortcodes (`:warning:`) written as the emoji.
    public var emoji = 0
    /// Hugo snippets (pages Hugo never renders, such as `_common/`) left out as pages.
    public var snippets: [String] = []
    /// What could not be converted, one line each, `file:line: what; what to do`.
    public var notes: [String] = []
}

/// A failure before anything was written.
public struct DocsImportError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public init(_ message: String) { self.message = message }
}

/// Copies a corpus written for Hugo, MkDocs, Docusaurus or Jekyll (and GitHub Docs) into a
/// Casebook content folder: front matter in Casebook's keys, `_category.yml` per folder
/// from the tool's navigation files, links made relative. It never overwrites a file.
public enum DocsImport {
    /// The tools of no configuration Casebook reads that `--from` may name (`framework`): the
    /// corpus is read as plain Markdown with that tool's ways, found or not.
    public static let frameworks = ["gitbook", "mdbook", "docsify", "mintlify", "notion", "obsidian", "eleventy", "confluence", "word"]

    /// How far an import is, as a line to show ("Converting Word documents: 3 of 40"), the
    /// same kind of message `SiteBuilder.build` and the audit and case importers report.
    /// Called on the importing thread, at most about a hundred times a step.
    public typealias Progress = @Sendable (_ message: String) -> Void

    /// The progress reporter of the import running on this thread (bound by `run`).
    @TaskLocal static var progress: Progress?

    /// The git checkout the corpus is in, when the caller knows it (`casebook import-docs`
    /// reads it with libgit2): its working tree's root and its remotes' URLs. A link to a page
    /// of the corpus at one of those repositories' web addresses then leads to the page even
    /// when it is the corpus' only such link (`Importer.ownRepository`).
    public struct Checkout: Sendable {
        public var root: String
        public var remoteURLs: [String]
        public init(root: String, remoteURLs: [String]) { self.root = root; self.remoteURLs = remoteURLs }
    }

    /// The checkout of the import running on this thread (bound by `run`).
    @TaskLocal static var checkout: Checkout?

    /// Reports `done` of `total` for `step` to the running import's reporter, at every
    /// hundredth of the total and at its end.
    static func report(_ step: String, _ done: Int, _ total: Int) {
        guard let progress, total > 0, done == total || done % max(1, total / 100) == 0 else { return }
        progress("\(step): \(done) of \(total)")
    }

    /// Imports `source` into `destination`. `tool` nil: detected from the source's files.
    /// `basePath` nil: the tool's default (`/docs` for Docusaurus, MkDocs' `site_url` path, else `/`).
    /// `progress`, when given, is told how far it is (a terminal's progress line: Word and
    /// Confluence conversions and large corpora take seconds).
    public static func run(source: String, destination: String, tool: DocsTool?, basePath: String? = nil,
                           framework: String? = nil, progress: Progress? = nil, checkout: Checkout? = nil) throws(DocsImportError) -> DocsImportReport {
        guard progress != nil || checkout != nil else { return try importing(source: source, destination: destination, tool: tool, basePath: basePath, framework: framework) }
        do {
            return try $progress.withValue(progress) {
                try $checkout.withValue(checkout) {
                    try importing(source: source, destination: destination, tool: tool, basePath: basePath, framework: framework)
                }
            }
        } catch let error as DocsImportError {
            throw error
        } catch {
            // `importing` throws only DocsImportError; `withValue` does not keep the type.
            throw DocsImportError("\(source): \(error)")
        }
    }

    private static func importing(source: String, destination: String, tool: DocsTool?, basePath: String?,
                                  framework: String?) throws(DocsImportError) -> DocsImportReport {
        // Word documents (.docx): one, or a folder of them, converted to Markdown first (see
        // WordImport); found after a Confluence export, whose attachments may be Word documents.
        let askedWord = framework?.lowercased() == "word"
        func importingWord(_ listing: CorpusListing? = nil) throws(DocsImportError) -> DocsImportReport {
            let src = URL(fileURLWithPath: source).standardizedFileURL.path
            let dst = URL(fileURLWithPath: destination).standardizedFileURL.path
            if dst == src || dst.hasPrefix(src + "/") { throw insideCorpus(destination) }
            return try importWord(source, destination: destination, basePath: basePath, listing: listing)
        }
        if askedWord || tool == nil && framework == nil && WordImport.isDocument(source) { return try importingWord() }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDir), isDir.boolValue else {
            throw DocsImportError("\(source): no such folder; give the folder of the corpus (the one holding mkdocs.yml, docs/ or content/)")
        }
        // A Confluence space exported as HTML is converted to Markdown first (see ConfluenceExport).
        let askedConfluence = framework?.lowercased() == "confluence"
        if askedConfluence || tool == nil && framework == nil {
            if let export = ConfluenceExport.exportFolder(URL(fileURLWithPath: source).standardizedFileURL.path) {
                let dst = URL(fileURLWithPath: destination).standardizedFileURL.path
                if dst == export || dst.hasPrefix(export + "/") { throw insideCorpus(destination) }
                return try importConfluence(export, destination: destination, basePath: basePath)
            }
            if askedConfluence {
                throw DocsImportError("\(source): no Confluence HTML export found (an index.html and pages holding id=\"main-content\"); export the space as HTML (Space settings > Export space > HTML) and give the unzipped folder")
            }
        }
        // One listing of the corpus, asked by the Word check and then by the import.
        let listing = CorpusListing(URL(fileURLWithPath: source).standardizedFileURL.path)
        if tool == nil && framework == nil && WordImport.applies(to: listing) { return try importingWord(listing) }
        return try importCorpus(source: source, destination: destination, tool: tool, basePath: basePath, framework: framework, listing: listing)
    }

    /// The error for a destination inside the corpus being imported.
    static func insideCorpus(_ destination: String) -> DocsImportError {
        DocsImportError("\(destination) is inside the corpus being imported; import into a folder outside it")
    }

    /// `run` for a corpus of Markdown pages (`source` as the user gave it, or a staging folder).
    /// `listing`: the source's, when the caller has one.
    static func importCorpus(source: String, destination: String, tool: DocsTool?, basePath: String?,
                             framework: String?, listing given: CorpusListing? = nil) throws(DocsImportError) -> DocsImportReport {
        let src = URL(fileURLWithPath: source).standardizedFileURL.path
        let dst = URL(fileURLWithPath: destination).standardizedFileURL.path
        let listing = CorpusListing.of(src, given: given)
        // No tool found: a repository whose docs are a folder or two down (fastapi's
        // `docs/en/mkdocs.yml`, one per language) or the docs folder of a corpus configured
        // above it is named in the error, so the next command is the right one; a folder of
        // Markdown with no configuration near it (a wiki export) is read as plain Markdown.
        var forced: FrameworkSite.Kind? = framework.flatMap { ["gitbook": .gitBook, "mdbook": .mdBook, "docsify": .docsify, "mintlify": .mintlify, "notion": .notion, "obsidian": .obsidian, "eleventy": .eleventy, "confluence": .confluence, "word": .word][$0.lowercased()] }
        // Mintlify's configuration wins over files another tool left behind (continue's docs
        // keep Docusaurus' `_category_.json` files from before they moved to Mintlify).
        // Read once: its configuration can be large, and it is asked for in three places below.
        let mintlify = tool == nil ? Self.mintlifySite(src) : nil
        if forced == nil, mintlify != nil { forced = .mintlify }
        let detected = forced != nil ? nil : tool ?? DocsTool.detect(src, listing: listing)
        let nearby = detected == nil && forced == nil ? DocsTool.Nearby(src) : nil
        // The docs folder of a site configured above it (react-native-website's `docs/`, whose
        // Docusaurus configuration is in `website/`; MkDocs' `docs_dir`; Hugo's `content/`):
        // imported as that site, whose configuration gives the base path, navigation and
        // languages. Read as plain Markdown, its partials became pages and its base path was
        // guessed wrong.
        if tool == nil, forced == nil, !DocsTool.hasConfiguration(src), case let above = PathText.parent(of: src), above.count > 1,
           DocsTool.hasConfiguration(above), let siteTool = DocsTool.detect(above), docsFolder(above, tool: siteTool, listing: CorpusListing(above)) == src {
            var report = try importCorpus(source: above, destination: destination, tool: siteTool, basePath: basePath, framework: nil)
            report.notes.insert("\(source): the docs folder of the \(siteTool.rawValue) site in \(above); imported as that site", at: 0)
            return report
        }
        let plain = forced != nil || nearby?.isEmpty == true && Self.holdsPages(listing)
        guard let tool = detected ?? (plain ? .jekyll : nil) else {
            throw DocsImportError("\(source): cannot tell which docs tool it was written for (no mkdocs.yml, docusaurus.config.js, hugo.toml, config.toml or _config.yml, and no GitHub Docs articles)\(nearby?.hint(source) ?? ""); or say it with --from hugo|mkdocs|docusaurus|jekyll|gitbook|mdbook|docsify|mintlify|notion|obsidian|eleventy|confluence|word (jekyll reads plain Markdown with YAML front matter)")
        }
        // A VuePress, VitePress or Starlight site (no configuration file Casebook reads at the
        // top: `docs/.vuepress/`): its source folder is the site's root, so `/guide/x.md` is
        // `docs/guide/x.md`.
        var site = plain ? Self.gitBookSite(src) ?? Self.mdBookSite(src) ?? Self.docsifySite(src) ?? mintlify ?? Self.notionSite(src, listing: listing) ?? Self.obsidianSite(src, listing: listing) ?? Self.vuePressSite(src) ?? Self.starlightSite(src) ?? Self.eleventySite(src) : nil
        if let forced, site?.kind != forced {
            let found: FrameworkSite?
            switch forced {
            case .gitBook: found = Self.gitBookSite(src)
            case .mdBook: found = Self.mdBookSite(src)
            case .docsify: found = Self.docsifySite(src)
            case .mintlify: found = mintlify ?? Self.mintlifySite(src)
            case .eleventy: found = Self.eleventySite(src)
            case .confluence: found = FrameworkSite(kind: .confluence, root: src, config: "HTML export")
            case .word: found = FrameworkSite(kind: .word, root: src, config: "Word documents")
            default: found = nil
            }
            site = found ?? FrameworkSite(kind: forced, root: src, config: "--from " + (framework ?? ""))
        }
        let docs = site?.root ?? docsFolder(src, tool: tool, listing: listing)
        if dst == src || dst.hasPrefix(src + "/") && !src.isEmpty && dst.hasPrefix(docs + "/") { throw insideCorpus(destination) }
        var importer = Importer(source: src, docs: docs, destination: dst, tool: tool)
        importer.basePath = basePath.map(HandbookConfig.normalizedBasePath) ?? importer.defaultBasePath()
        importer.inferBasePath = basePath == nil
        if plain {
            if let site {
                importer.site = site.kind
                importer.siteConfig = site.config
                importer.report.framework = site.kind.name
                let where_ = "\(site.kind.name) site (\(site.config)\(docs == src ? "" : ", pages in " + String(docs.dropFirst(src.count + 1)) + "/")): "
                importer.report.notes.append(where_ + site.kind.howRead)
            } else {
                importer.report.notes.append("no docs tool's configuration found: read as plain Markdown with YAML front matter, as Jekyll reads it; give --from hugo|mkdocs|docusaurus|gitbook|mdbook|docsify|mintlify|notion|obsidian|eleventy|confluence|word to say otherwise")
            }
            // Eleventy copies the folders its configuration names (`addPassthroughCopy("downloads")`)
            // from the project's top to the site's root: `/downloads/form.pdf` is `downloads/form.pdf`.
            importer.plainStaticFolder = site?.kind == .eleventy && docs != src ? src : Self.plainStaticFolder(src, docs: docs)
        }
        try importer.run()
        // Word documents among a Markdown corpus' files are copied as files (a form to
        // download); the note says how to make them pages.
        let documents = importer.report.assets.filter { WordImport.extensions.contains(($0 as NSString).pathExtension.lowercased()) }
        // (Not for a staged conversion: its source is a temporary folder.)
        if let first = documents.first, !["word", "confluence"].contains(framework?.lowercased() ?? "") {
            importer.report.notes.append("\(first)" + (documents.count > 1 ? " and \(documents.count - 1) more Word documents copied as files" : " copied as a file")
                + " for download; to make them pages, run: casebook import-docs \(source) --from word --to \(destination)")
        }
        return importer.report
    }

    /// The folder a corpus of no known tool serves at its site's root, as the web frameworks
    /// that publish such corpora do: `public/` (Next.js, Astro, VitePress, which keeps it in
    /// its docs folder) or `static/` (Gatsby); nil when there is none.
    static func plainStaticFolder(_ src: String, docs: String) -> String? {
        var isFolder: ObjCBool = false
        for folder in [docs + "/.vuepress/public", docs + "/public", src + "/public", src + "/static"] {
            if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue { return folder }
        }
        return nil
    }

    /// A site of a JavaScript docs framework whose configuration is code, not a file Casebook
    /// reads: which one, the folder its pages are in, and its configuration's path from the
    /// corpus (`docs/.vuepress`, `astro.config.mjs`).
    struct FrameworkSite {
        enum Kind {
            case vuePress, vitePress, starlight, eleventy, gitBook, mdBook, docsify, mintlify, notion, obsidian, confluence, word
            var name: String {
                switch self {
                case .vuePress: return "VuePress"
                case .vitePress: return "VitePress"
                case .starlight: return "Astro Starlight"
                case .eleventy: return "Eleventy"
                case .gitBook: return "GitBook"
                case .mdBook: return "mdBook"
                case .docsify: return "Docsify"
                case .mintlify: return "Mintlify"
                case .notion: return "Notion"
                case .obsidian: return "Obsidian"
                case .confluence: return "Confluence"
                case .word: return "Word"
                }
            }
            /// How the import reads a corpus of this kind, for its first note.
            var howRead: String {
                switch self {
                case .word:
                    return "its pages were converted from Word documents: headings from heading styles, lists, tables (a one-cell table as a box), links (to a document's own headings and to the other documents too), pictures, code, quotes, footnotes as a list of notes; tracked changes read as accepted, comments left out"
                case .confluence:
                    return "its pages were converted from Confluence's HTML export: headings with their anchors, lists, tables, links, pictures, code, and panels (info, note, tip, warning) as boxes, expand as a bold title, status lozenges as bold text, user mentions as the name"
                case .obsidian:
                    return "its notes are read as Obsidian writes them: wiki links and embeds by name, call-outs, %%comments%% and ==highlights==; its aliases are names to link by, not old addresses"
                case .notion:
                    return "its pages are read as Notion exports them: names without Notion's ids, database pages' properties as tags, owner and a list, <aside> callouts as boxes"
                case .gitBook:
                    return "its pages are read as GitBook writes them: blocks ({% hint %}, {% tabs %}, {% embed %}, ...) as Markdown, pictures from .gitbook/assets, SUMMARY.md as the navigation, .gitbook.yaml's redirects"
                case .mdBook:
                    return "its pages are read as mdBook writes them: SUMMARY.md as the navigation, {{#include}} and {{#playground}} written out, links to a chapter's .html address (a folder's README.md at index.html), book.toml's redirects"
                case .docsify:
                    return "its pages are read as Docsify shows them: _sidebar.md as the navigation, !> and ?> callouts as boxes, ':include' embeds written out, :id= heading anchors, ?id= section links, link options left out"
                case .mintlify:
                    return "its pages are read as Mintlify shows them: docs.json's (or mint.json's) navigation, components (<Note>, <Steps>, <Tabs>, <Accordion>, <Card>, ...) as Markdown, snippets written out where pages import them, languages' folders as translations, its redirects"
                case .eleventy:
                    return "its Markdown is read as Jekyll's (YAML front matter, Liquid tags), at pretty addresses; its own shortcodes are kept as text"
                case .starlight:
                    return "its Markdown is read as plain Markdown with YAML front matter, its containers (::: tip) as call-out boxes, Starlight's components (<Aside>, <Tabs>, <Steps>, <Card>, <LinkCard>, <FileTree>, ...) as Markdown; a site's own components are kept as text"
                case .vuePress, .vitePress:
                    return "its Markdown is read as plain Markdown with YAML front matter, its containers (::: tip) as call-out boxes; its Vue components are kept as text"
                }
            }
        }
        var kind: Kind
        var root: String
        var config: String
    }

    /// The source folder of a VuePress or VitePress site (the one holding `.vuepress/` or
    /// `.vitepress/`): the corpus itself or its `docs/`.
    /// VitePress' `srcDir` (vuejs/docs: `.vitepress/` at the top, `srcDir: 'src'`) moves it.
    static func vuePressSite(_ src: String) -> FrameworkSite? {
        var isFolder: ObjCBool = false
        func folder(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue }
        for root in [src, src + "/docs"] {
            for config in [".vuepress", ".vitepress"] where folder(root + "/" + config) {
                let kind: FrameworkSite.Kind = config == ".vitepress" ? .vitePress : .vuePress
                let path = root == src ? config : "docs/" + config
                for name in ["config.ts", "config.mts", "config.js", "config.mjs"] {
                    guard let data = FileManager.default.contents(atPath: root + "/" + config + "/" + name),
                          let dir = srcDir(in: String(decoding: data, as: UTF8.self)), let joined = Importer.join(root == src ? "" : "docs", dir) else { continue }
                    let moved = joined.isEmpty ? src : src + "/" + joined
                    if folder(moved) { return FrameworkSite(kind: kind, root: moved, config: path) }
                }
                return FrameworkSite(kind: kind, root: root, config: path)
            }
        }
        return nil
    }

    /// The pages' folder of an Astro Starlight site (kyverno's website): `src/content/docs/`
    /// beside an `astro.config.*` that uses `@astrojs/starlight`; its links are to
    /// `/guides/x/` from there, and `public/` is served at the root.
    static func starlightSite(_ src: String) -> FrameworkSite? {
        var isFolder: ObjCBool = false
        let docs = src + "/src/content/docs"
        guard FileManager.default.fileExists(atPath: docs, isDirectory: &isFolder), isFolder.boolValue else { return nil }
        for name in ["astro.config.mjs", "astro.config.ts", "astro.config.js", "astro.config.mts"] {
            if let data = FileManager.default.contents(atPath: src + "/" + name), String(decoding: data, as: UTF8.self).contains("@astrojs/starlight") {
                return FrameworkSite(kind: .starlight, root: docs, config: name)
            }
        }
        return nil
    }

    /// An Eleventy site (18F's handbook): its configuration (`.eleventy.js`, `eleventy.config.*`)
    /// at the top, its pages in the folder its `dir.input` names (the corpus when it names none).
    /// Its pages are Markdown with YAML front matter and Liquid, as Jekyll's, served at pretty
    /// addresses (`tools/slack.md` at `/tools/slack/`).
    static func eleventySite(_ src: String) -> FrameworkSite? {
        for name in [".eleventy.js", ".eleventy.cjs", "eleventy.config.js", "eleventy.config.cjs", "eleventy.config.mjs", "eleventy.config.ts"] {
            guard let data = FileManager.default.contents(atPath: src + "/" + name) else { continue }
            var root = src
            let text = String(decoding: data, as: UTF8.self)
            if let match = text.firstMatch(of: /\binput\s*:\s*["'`]([^"'`$]+)["'`]/), let input = Importer.join("", String(match.1).hasPrefix("./") ? String(match.1.dropFirst(2)) : String(match.1)) {
                var isFolder: ObjCBool = false
                if !input.isEmpty, FileManager.default.fileExists(atPath: src + "/" + input, isDirectory: &isFolder), isFolder.boolValue { root = src + "/" + input }
            }
            return FrameworkSite(kind: .eleventy, root: root, config: name)
        }
        return nil
    }

    /// The quoted value of `srcDir:` in a VitePress configuration, if one is written out.
    static func srcDir(in config: String) -> String? {
        guard let key = config.range(of: "srcDir") else { return nil }
        let rest = config[key.upperBound...].drop { $0 == " " || $0 == ":" || $0 == "\t" }
        guard let quote = rest.first, quote == "'" || quote == "\"" || quote == "`" else { return nil }
        let value = rest.dropFirst().prefix { $0 != quote }
        let trimmed = value.hasPrefix("./") ? value.dropFirst(2) : value[...]
        return trimmed.isEmpty || trimmed.contains("$") ? nil : String(trimmed)
    }

    /// Whether the corpus holds a Markdown page outside hidden folders and `node_modules`.
    static func holdsPages(_ listing: CorpusListing) -> Bool {
        listing.names?.contains { Importer.isPage($0) && !$0.split(separator: "/").contains { $0.hasPrefix(".") || $0 == "node_modules" } } == true
    }

    /// The folder holding the pages: MkDocs' `docs_dir` (default `docs/`), Hugo's `content/`,
    /// Docusaurus' `docs/`, GitHub Docs' `content/`, else the source itself.
    static func docsFolder(_ src: String, tool: DocsTool, listing: CorpusListing) -> String {
        let fm = FileManager.default
        func folder(_ name: String) -> String? {
            var d: ObjCBool = false
            return fm.fileExists(atPath: src + "/" + name, isDirectory: &d) && d.boolValue ? src + "/" + name : nil
        }
        switch tool {
        case .mkdocs:
            let config = Importer.topLevelScalars(Importer.yamlConfig(src + "/mkdocs.yml"))
            return folder(config["docs_dir"] ?? "docs") ?? src
        case .hugo: return folder("content") ?? src
        case .docusaurus: return folder("docs") ?? folder("website/docs") ?? src
        case .jekyll: return folder("content") ?? gitHubDocsFolder(src, listing: listing) ?? src
        }
    }

    /// The folder holding every GitHub Docs article of a repository with no `content/`
    /// (github/site-policy keeps them in `Policies/`, beside its README and licence), when
    /// the only other Markdown files are the repository's own (README, CONTRIBUTING, ...).
    static func gitHubDocsFolder(_ src: String, listing: CorpusListing) -> String? {
        guard let names = listing.names else { return nil }
        let articles = listing.gitHubDocsArticles
        guard !articles.isEmpty else { return nil }
        let repositoryFiles: Set<String> = ["readme", "contributing", "code_of_conduct", "license", "security", "changelog", "support", "governance"]
        let others = names.filter { name in
            Importer.isPage(name) && !name.split(separator: "/").contains(where: { $0.hasPrefix(".") })
                && !(name.split(separator: "/").count == 1 && repositoryFiles.contains(((name as NSString).deletingPathExtension).lowercased()))
        }
        let folders = articles.map { $0.split(separator: "/").dropLast().map(String.init) }
        var common = folders[0]
        for f in folders.dropFirst() {
            var n = 0
            while n < common.count, n < f.count, common[n] == f[n] { n += 1 }
            common = Array(common.prefix(n))
        }
        guard !common.isEmpty else { return nil }
        let folder = common.joined(separator: "/") + "/"
        // Every other page must be inside it, or the folder is not the whole handbook.
        guard others.allSatisfy({ $0.hasPrefix(folder) }) else { return nil }
        return src + "/" + common.joined(separator: "/")
    }
}

/// One import run: the phases of `DocsImport.run`.
struct Importer {
    let source: String
    let docs: String
    let destination: String
    let tool: DocsTool
    /// MkDocs' `mkdocs.yml` or Jekyll's `_config.yml`, read once (base path, nav, permalinks,
    /// site values); nil for the other tools or when there is none.
    let toolConfig: Result<YAMLNode, YAMLError>?
    /// MkDocs: the names in `mkdocs.yml`'s `markdown_extensions` (see `MaterialInline`).
    let markdownExtensions: Set<String>
    /// MkDocs: whether `mkdocs.yml` turns mkdocstrings or autorefs on.
    let mkdocstrings: Bool
    /// Hugo: what the import takes from the site's configuration, read once (empty for the
    /// other tools).
    let hugo: HugoConfig
    var basePath = "/"
    /// No base path was given: when the tool's own default is the root, the corpus' links may
    /// tell the path it was published under (see `inferredBasePath`).
    var inferBasePath = false
    var report: DocsImportReport

    /// Source path (relative to `docs`) -> destination path (relative to `destination`), for every page.
    var pagePaths: [String: String] = [:]
    var assetPaths: Set<String> = []
    /// Files that are not written where they were (the default language's folder of a Hugo
    /// site, moved to the top with its pages): source path -> destination path.
    var assetMoves: [String: String] = [:]
    /// Source page by the address it was published at in the old tool, without slashes at
    /// either end (`guidelines/hate` from Jekyll's `permalink`, Docusaurus' `slug` and doc id
    /// with number prefixes dropped, Hugo's `url` and `slug`, old addresses in `aliases`).
    var publishedPaths: [String: String] = [:]
    /// Hugo and Jekyll: the folder of each page's own address in the old site (`ar/building-community`
    /// for `_articles/ar/building-community.md` at `/ar/building-community/`), against which a
    /// browser resolved its relative links to addresses (see `addressFolder`).
    var addressFolders: [String: String] = [:]
    /// Navigation read from the tool's own files.
    var categories: [String: CategoryInfo] = [:]
    var navigation: [String: NavEntry] = [:]
    /// Keys dropped, by key: the files (first few) and count.
    var dropped: [String: (count: Int, first: String)] = [:]
    var shortcodes: [String: (count: Int, first: String)] = [:]
    /// Source page by its destination path (`sourceOf`), built on first use.
    var sourceByDestination: [String: String] = [:]
    /// Hugo: `_index.md` files holding front matter only (see `keepLinkedSections`).
    var sectionCandidates: [String] = []
    /// Those kept as pages listing their folder's pages.
    var sectionPages: Set<String> = []
    /// Pages by the folder whose section page lists them (see `sectionListing`).
    var pagesByListingFolder: [String: [String]] = [:]
    /// Link notes already made, by message: where in `report.notes`, how many uses, in which files.
    var linkNotes: [String: (index: Int, count: Int, files: Set<String>)] = [:]
    /// `status:` values that are not Casebook's (MkDocs Material's `new`, `deprecated`), by value.
    var droppedStatuses: [String: (count: Int, first: String)] = [:]
    /// Mintlify: components kept as text (a site's own), by name: how many uses and the first.
    var keptComponents: [String: (count: Int, first: String)] = [:]
    /// Starlight: whether a top folder is a language's (`isStarlightLocale`), by folder.
    var starlightLocales: [String: Bool] = [:]
    /// Next.js route groups' pages by address (`routeGroupPages`), read once.
    var routeGroups: [String: String]?
    /// The components the site's MDX pages are read with: Mintlify's, Starlight's, or for a
    /// plain corpus (its `.mdx` pages) the common ones; nil for the other tools.
    var mdxVocabulary: MDXComponents.Vocabulary? {
        switch site {
        case .mintlify: return .mintlify
        case .starlight: return .starlight
        case nil: return tool == .jekyll ? .common : nil
        default: return nil
        }
    }
    /// Mintlify: its configuration file as read (`readMintlify`); nil before, or for another tool.
    var mintlifyLoaded: Result<MintlifyConfig, MintlifyConfigError>?
    /// Mintlify's redirects (`docs.json`), to sites' own pages, which links are followed through.
    var mintlifyRedirects: [(from: String, to: String)] = []
    /// How many redirects `find` is following now.
    var redirectHops = 0
    /// Jekyll: the templates of `_includes/` read so far, by name (nil: none readable).
    var jekyllTemplates: [String: String?] = [:]
    /// How many included texts are being converted (`includedText`): their text goes into
    /// other pages.
    var includeDepth = 0
    /// Mintlify: pages made from an API description, given a line saying so.
    var mintlifyGeneratedPages = 0
    /// Hugo: the default language's content folder, whose pages are imported at the top.
    var defaultLanguageFolder: String?
    /// Hugo: pages whose file name carries the default language (`about.en.md`, `_index.en.md`,
    /// the translation-by-file-name layout of the Learn themes), by source path, with the
    /// path they are imported as (`about.md`, `_index.md`; see `hugoUnsuffixed`).
    var hugoDefaultLanguageNames: [String: String] = [:]
    /// Docusaurus: whether the site keeps versions of its docs (`versions.json` beside its
    /// configuration), so that the docs folder is served under `next/` too.
    lazy var docusaurusVersioned: Bool = tool == .docusaurus
        && DocsTool.docusaurusConfig(source).map { FileManager.default.fileExists(atPath: PathText.parent(of: $0) + "/versions.json") } == true
    /// Hugo: each translated page's language and the source path of its original (see `placeHugoLanguages`).
    var translations: [String: (lang: String, original: String?)] = [:]
    /// The Casebook id of every page, when translations need their originals' (`importedPageIDs`).
    var pageIDs: [String: String] = [:]
    /// Pages whose written id another page's written id repeats, with the id they get instead
    /// (`renameSharedWrittenIDs`).
    var renamedIDs: [String: String] = [:]
    /// Hugo refs: source pages by lowercased path without extension, and by `/name/` + file name.
    var pagesByLowercasedPath: [String: [String]] = [:]
    /// Docusaurus: the names numbered pages of two folders share once their number prefixes
    /// are dropped (`hotkeys/002.scene.md`, `basic-interfaces/002.scene.md`), see `writtenID`.
    var sharedNumberedNames: Set<String> = []
    /// The static folder (served at the site's root, see `staticFolder`),
    /// listed on first use; those the pages link to are copied (`/assets/x.png` -> `assets/x.png`).
    var hugoStatic: Set<String>?
    /// Kramdown attribute lines (`{: .no_toc }`, `{:toc}`) left blank or put on their heading.
    var kramdownLines = 0
    /// VuePress and VitePress pages' `<script>` and `<style>` blocks left out (`blankingVueBlocks`).
    var vueBlocks = 0
    /// Heading anchors by source page, and source pages by destination (`anchorCase`), read once.
    var anchorsByPage: [String: Set<String>] = [:]
    /// The anchors the build gives each page's headings (without GitHub's forms), by source page.
    var ownAnchorsByPage: [String: Set<String>] = [:]
    var sourcesByDestination: [String: String] = [:]
    /// The corpus' own repository and its docs folder's place in it (`ownRepository`), once found.
    var ownRepositoryFound: (repository: String, folder: String)??
    /// Links to the corpus' own repository made relative (`ownRepositoryLink`).
    var ownRepositoryLinks = 0
    /// A GitHub wiki's page names and repositories (`readGitHubWiki`); nil for other corpora.
    var wiki: WikiInfo?
    /// Jekyll: the permalinks of `_config.yml` (`jekyllPermalinks`), read once (`jekyllConfig`).
    var jekyllPermalinkConfig: (collections: [String: String], names: Set<String>, site: String?)?
    var jekyllConfig: (collections: [String: String], names: Set<String>, site: String?) {
        mutating get {
            if let known = jekyllPermalinkConfig { return known }
            let config = Self.jekyllPermalinks(toolConfig)
            jekyllPermalinkConfig = config
            return config
        }
    }
    /// Hugo: the glossary's term pages by term, and the glossary page (see `glossaryPage`), found on first use.
    var glossary: (terms: [String: String], page: String?)?
    /// The glossary page's source, and its terms that are snippets (sections of it), by file.
    var glossarySource: String?
    var glossarySections: [String] = []
    var staticUsed: Set<String> = []
    /// A corpus of no known tool: the folder its site serves at the root (`plainStaticFolder`).
    var plainStaticFolder: String?
    /// A VuePress, VitePress or Astro Starlight site (`DocsImport.FrameworkSite`); nil for others.
    var site: DocsImport.FrameworkSite.Kind?
    /// Jekyll: the top-level scalars of `_config.yml` (`{{ site.repository }}`), read on first use.
    var jekyllSiteValues: [String: String]?
    var jekyllSite: [String: String] {
        mutating get {
            if let known = jekyllSiteValues { return known }
            var values = Self.topLevelScalars(toolConfig)
            // `{{ site.baseurl }}` is the base path the links are read under.
            values["baseurl"] = basePath == "/" ? "" : basePath
            // `{{ site.data.policy.min_age }}`: the scalars of the site's data files
            // (`_data/policy.yml`, `.yaml` or `.json`), by their dotted keys.
            for dataFolder in Set([source + "/_data", docs + "/_data"]).sorted() {
                guard let names = try? FileManager.default.contentsOfDirectory(atPath: dataFolder) else { continue }
                for name in names.sorted() {
                    let stem = (name as NSString).deletingPathExtension, ext = (name as NSString).pathExtension.lowercased()
                    guard ["yml", "yaml", "json"].contains(ext), let data = FileManager.default.contents(atPath: dataFolder + "/" + name),
                          data.count <= 1 << 20, let node = try? YAMLParser.parse(String(decoding: data, as: UTF8.self)) else { continue }
                    for (key, value) in Self.dottedScalars(node, prefix: "data." + stem + ".", lowercasingKeys: false) where values[key] == nil { values[key] = value }
                }
            }
            jekyllSiteValues = values
            return values
        }
    }
    /// The corpus' folder with symbolic links resolved (`isInsideCorpus`).
    let corpusRoot: String
    /// GitBook: its `.gitbook.yaml`, read once (`gitBookConfig`).
    var gitBookConfigRead: GitBookConfig?
    var gitBookConfig: GitBookConfig {
        mutating get {
            if let known = gitBookConfigRead { return known }
            let config = GitBookConfig(source: source)
            gitBookConfigRead = config
            return config
        }
    }
    /// Docsify: whether relative links are read from the page's folder (`relativePath: true`),
    /// not from the site's top; read once, before the pages.
    var docsifyRelativePaths = false
    /// A JavaScript framework's or book tool's configuration, as found (`FrameworkSite.config`,
    /// a path from the corpus' top: mdBook's `book.toml`).
    var siteConfig: String?
    /// The old addresses each page keeps a redirect from, by source path: GitBook's
    /// (`.gitbook.yaml`'s `redirects:`) and mdBook's (`book.toml`'s `[output.html.redirect]`).
    var gitBookRedirects: [String: [String]] = [:]
    /// Obsidian: the vault's names (`obsidianNames`), and the call-outs and embedded notes written.
    var obsidian: ObsidianNames?
    var obsidianCallouts = 0
    var obsidianEmbeddedNotes = 0
    var obsidianLinkedEmbeds = 0
    /// The notes being embedded (`![[Note]]` written as its text), to stop a loop.
    var obsidianEmbedding: [String] = []
    /// Notion: the export's pages by their 32-hex id (`notionAddress`), read on first use.
    var notionPagesByID: [String: String]?
    /// Notion: database pages whose properties were read (`notionProperties`).
    var notionPropertyPages = 0
    /// Pages of a tool with no site language given their `lang` from their script, by language.
    var guessedLanguages: [String: Int] = [:]
    /// Pages exported from Confluence and turned into Markdown by another tool, whose frame
    /// was left out (`ConfluenceMarkdownLeftovers`): how many, and the first.
    var confluenceMarkdownPages: (count: Int, first: String?) = (0, nil)
    /// GitBook: links it had lost (`broken-reference`), written as their text.
    var gitBookBrokenReferences = 0
    /// The pictures the page being converted held as `data:` addresses (`EmbeddedPictures`),
    /// written beside it once it is written: their destination paths and bytes.
    var pendingPictures: [(path: String, bytes: [UInt8])] = []
    /// Pictures written from `data:` addresses: how many, the first page, and how many of
    /// them are shown with no description.
    var embeddedPictures: (count: Int, first: String?, undescribed: Int) = (0, nil, 0)
    /// Pages whose document-control or information table gave their version (`documentTable`):
    /// how many, and the first.
    var documentTables: (count: Int, first: String?) = (0, nil)
    /// What `DocumentExportCleanup` did, over all pages, and the first page it did it in.
    var exportCleanup: (counts: DocumentExportCleanup.Counts, first: String?, files: Int) = (.init(), nil, 0)
    /// Hugo: the site's and its themes' shortcodes whose templates are links, read once.
    var hugoLinkTemplatesRead: [String: HugoShortcodes.LinkTemplate]?
    mutating func hugoLinkTemplates() -> [String: HugoShortcodes.LinkTemplate] {
        if let known = hugoLinkTemplatesRead { return known }
        var found: [String: HugoShortcodes.LinkTemplate] = [:]
        let fm = FileManager.default
        // The site's own first, then its themes' (the site's template of a name wins, as in Hugo).
        var folders = [source + "/layouts/shortcodes"]
        for theme in ((try? fm.contentsOfDirectory(atPath: source + "/themes")) ?? []).sorted() { folders.append(source + "/themes/" + theme + "/layouts/shortcodes") }
        var seen = Set<String>()
        for folder in folders {
            for file in ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).sorted() where file.hasSuffix(".html") {
                let name = String(file.dropLast(5))
                guard seen.insert(name).inserted, isInsideCorpus(folder + "/" + file), let data = fm.contents(atPath: folder + "/" + file), data.count < 16_384,
                      let template = HugoShortcodes.linkTemplate(String(decoding: data, as: UTF8.self)) else { continue }
                found[name] = template
            }
        }
        hugoLinkTemplatesRead = found
        return found
    }
    /// Hugo's `assets/` folder, listed on first use, and those of its files the pages show.
    var hugoAssets: Set<String>?
    var assetsUsed: Set<String> = []
    /// Hugo: the `cascade` values of each `_index.md` looked at (see `isHugoSnippet`).
    var cascades: [String: [YAMLNode]] = [:]

    /// Each page read, decoded and split once: the base path's inference and the conversion
    /// both need it (a large corpus was read and parsed twice).
    var pageSources: [String: PageSource] = [:]

    /// A page's bytes, its text (UTF-8, CRLF made LF; nil when not UTF-8), the split into
    /// front matter and body (nil without text), and the links of the body (parsed once, on
    /// first use).
    final class PageSource {
        let data: Data
        let text: String?
        let parsed: Result<SourceText, HandbookError>?
        private var bodyLinks: [MarkdownLink]?

        init(data: Data, file: String) {
            self.data = data
            text = Self.decode(data)
            parsed = text.map { text in Result { () throws(HandbookError) in try SourceText.split(text, file: file) } }
        }

        /// A page of a tool with no front matter (a GitHub wiki): all of it is the body, a `---`
        /// at its top a horizontal rule.
        init(bodyOnly data: Data) {
            self.data = data
            text = Self.decode(data)
            parsed = text.map { .success(SourceText(frontMatter: YAMLNode(.map([]), line: 1, column: 1), body: $0, bodyFirstLine: 1)) }
        }

        /// A page's text as the build reads it: UTF-8 (nil otherwise), without a byte order mark
        /// (Windows editors write one; it hid the front matter, whose keys were then copied
        /// unconverted), CRLF and lone CR made LF (a CRLF page's `aliases` or `permalink` were not read).
        static func decode(_ data: Data) -> String? {
            let bytes = data.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(data.dropFirst(3)) : Array(data)
            guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
            // A lone CR (classic Mac OS) is a line break too, as CommonMark reads it: made LF, the
            // lines the import counts are the parser's (a rewrite next to one made it a CR LF).
            return bytes.contains(13) ? text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : text
        }

        /// The links of `parsed`'s body, as cmark finds them (lines from 1, the body's first).
        func links(of parsed: SourceText) -> [MarkdownLink] {
            if let bodyLinks { return bodyLinks }
            let links = Markdown.render(parsed.body, firstLine: 1, dropLeadingH1: false, collectText: false, renderHTML: false,
                                        anchors: { $0.map { _ in "" } }, rewriteURL: { _ in .keep }).links
            bodyLinks = links
            return links
        }
    }

    /// The page `f` (relative to the docs folder) as read once; nil when it cannot be read.
    mutating func pageSource(_ f: String) -> PageSource? {
        if let known = pageSources[f] { return known }
        guard let data = FileManager.default.contents(atPath: docs + "/" + f) else { return nil }
        let page = PageSource(data: data, file: f)
        pageSources[f] = page
        return page
    }

    struct CategoryInfo { var title: String?; var summary: String?; var order: Int? }
    struct NavEntry { var title: String?; var order: Int? }

    init(source: String, docs: String, destination: String, tool: DocsTool) {
        self.source = source; self.docs = docs; self.destination = destination; self.tool = tool
        corpusRoot = Self.resolved(source)
        report = DocsImportReport(tool: tool, docsFolder: docs, basePath: "/")
        switch tool {
        case .mkdocs: toolConfig = Self.yamlConfig(source + "/mkdocs.yml")
        case .jekyll: toolConfig = Self.yamlConfig(source + "/_config.yml")
        default: toolConfig = nil
        }
        markdownExtensions = tool == .mkdocs ? MaterialInline.extensions(try? toolConfig?.get()) : []
        mkdocstrings = tool == .mkdocs && MkDocstrings.enabled(try? toolConfig?.get())
        hugo = tool == .hugo ? Self.readHugoConfig(source) : HugoConfig()
    }

    // MARK: - Phases

    mutating func run() throws(DocsImportError) {
        report.basePath = basePath
        if tool == .mkdocs { noteSiblingLanguageProjects() }
        let files = filesInsideCorpus(listFiles())
        if tool == .hugo { hugoDefaultLanguageNames = Self.hugoDefaultLanguageNames(files, defaultLanguage: hugoLanguages().defaultLanguage) }
        var partials: [String] = []
        for f in files {
            if Self.isPage(f), tool == .docusaurus, Self.isDocusaurusPartial(f) {
                partials.append(f)
            } else if Self.isPage(f) {
                // Hugo's `_index.md` or GitHub Docs' `index.md` with nothing but front matter
                // only titles and orders its folder (`_category.yml`): no empty page.
                let name = (hugoUnsuffixed(f) as NSString).lastPathComponent
                if ["_index.md", "index.md"].contains(name), isFrontMatterOnly(f) {
                    // Kept as a page when linked (`keepLinkedSections`): MkDocs' folder index
                    // of front matter only (mkdocs-material's redirect pages) vanished, and
                    // the links to it were noted as leading to no file of the corpus.
                    if (tool == .hugo && name == "_index.md") || (tool == .mkdocs && name == "index.md") { sectionCandidates.append(f) }
                    continue
                }
                pagePaths[f] = Self.destinationPath(hugoUnsuffixed(f))
            } else if !Self.isNavigationFile(f) {
                assetPaths.insert(f)
            }
        }
        if tool == .hugo {
            // Snippets Hugo never renders are included by pages (`include`), not pages.
            for f in pagePaths.keys.sorted() where isHugoSnippet(f) {
                pagePaths[f] = nil
                report.snippets.append(f)
            }
            var candidates: [String] = []
            for f in sectionCandidates where !isHugoSnippet(f) { candidates.append(f) }
            sectionCandidates = candidates
            if let first = report.snippets.first {
                report.notes.append("\(first): \(report.snippets.count) Hugo snippet\(report.snippets.count == 1 ? "" : "s") (build: render: never) left out as pages; the include shortcodes that name them get their text")
            }
        }
        if site == .notion { placeNotionExport() }
        if site == .gitBook {
            // Casebook leaves hidden folders out of the site: GitBook's assets go to `assets/`.
            for f in assetPaths where f.hasPrefix(".gitbook/assets/") {
                let moved = "assets/" + f.dropFirst(".gitbook/assets/".count)
                assetMoves[f] = assetPaths.contains(moved) || pagePaths[moved] != nil ? "gitbook-" + moved : moved
            }
            readSummary(files)
        }
        if site == .docsify {
            docsifyRelativePaths = docsifyReadsLinksFromPages()
            readSummary(files)
            // The frame Docsify draws around every page, not pages: the navbar, the cover page,
            // and the sidebars of folders (loadSidebar reads the nearest one).
            let frame = pagePaths.keys.filter { ["_navbar.md", "_coverpage.md", "_sidebar.md"].contains(($0 as NSString).lastPathComponent) }.sorted()
            for f in frame { pagePaths[f] = nil }
            if let first = frame.first {
                report.notes.append("\(first): \(frame.count) file\(frame.count == 1 ? "" : "s") of Docsify's frame (_sidebar.md, _navbar.md, _coverpage.md) not imported as pages; the top sidebar gives the navigation")
            }
            leaveOutDocsifyEmbeds()
        }
        if site == .mintlify { readMintlify() }
        if site == .mdBook {
            readSummary(files)
            // mdBook's page for addresses it does not have; Casebook's site has its own.
            if pagePaths["404.md"] != nil {
                pagePaths["404.md"] = nil
                report.notes.append("404.md: the book's page for an address it does not have; not imported (the site has its own)")
            }
        }
        if pagePaths.isEmpty {
            throw DocsImportError("\(docs): no Markdown pages (.md, .markdown, .mdx) found; give the folder of the corpus")
        }
        if site == .gitBook { readGitBookRedirects() }
        if site == .mdBook { readMdBookRedirects() }
        if site == .mintlify { readMintlifyRedirects() }
        if let first = partials.first {
            report.notes.append("\(first): \(partials.count) Docusaurus partial\(partials.count == 1 ? "" : "s") (a file or folder named _..., which Docusaurus does not publish) left out as pages; a page that imports one (`import X from './_x.md'` and `<X />`) gets its text")
        }
        keepLinkedSections()
        readNavigation(files)
        if site == nil, tool == .jekyll { readMDXMeta(files) }
        readGitHubWiki()
        if tool == .hugo, let problem = hugo.problem { report.notes.append(problem) }
        placeHugoLanguages()
        placeJekyllLanguages()
        placeLanguageNamedFolders()
        placeSuffixTranslations()
        let translatedDocs = placeDocusaurusTranslations()
        sharedNumberedNames = docusaurusSharedNumberedNames()
        renameSharedWrittenIDs()
        if !translations.isEmpty { pageIDs = importedPageIDs() }
        if inferBasePath, basePath == "/", let (inferred, links) = inferredBasePath() {
            basePath = inferred
            report.basePath = inferred
            report.notes.append("base path \(inferred): \(links) site-absolute links of the corpus lead to its pages under it; give --base-path to say otherwise")
        }
        readPublishedPaths()
        do { try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true) } catch {
            throw DocsImportError("\(destination): cannot create the folder: \(error.localizedDescription)")
        }
        for (done, f) in files.sorted().enumerated() {
            DocsImport.report("Importing pages and files", done + 1, files.count)
            if let out = pagePaths[f] {
                writePage(f, to: out)
            } else if assetPaths.contains(f), let data = FileManager.default.contents(atPath: docs + "/" + f) {
                let out = assetMoves[f] ?? f
                write([UInt8](data), to: out) { $0.report.assets.append(out) }
            }
        }
        if vueBlocks > 0 {
            report.notes.append("\(vueBlocks) <script> and <style> block\(vueBlocks == 1 ? "" : "s") of the pages (their Vue code, which the site ran and Casebook would show as text) left as blank lines")
        }
        if kramdownLines > 0 {
            report.notes.append("kramdown attribute lists (`{: .no_toc }`, `* TOC` with `{:toc}`): \(kramdownLines) line\(kramdownLines == 1 ? "" : "s") left blank (styling, and kramdown's table of contents: every page has Casebook's) or put on their heading as its anchor")
        }
        for f in translatedDocs {
            guard let out = pagePaths[f] else { continue }
            writePage(f, to: out)
        }
        for f in staticUsed.sorted() {
            // From the static folder, or Hugo's assets (`assetsUsed`) when only there.
            let folder = assetsUsed.contains(f) ? source + "/assets" : staticFolder
            guard let folder, isInsideCorpus(folder + "/" + f), let data = FileManager.default.contents(atPath: folder + "/" + f) else { continue }
            write([UInt8](data), to: f) { $0.report.assets.append(f) }
        }
        if obsidianCallouts + obsidianEmbeddedNotes + obsidianLinkedEmbeds > 0 {
            report.notes.append("Obsidian: \(obsidianCallouts) call-out\(obsidianCallouts == 1 ? "" : "s") quoted with a bold title; \(obsidianEmbeddedNotes) embedded note\(obsidianEmbeddedNotes == 1 ? "" : "s") (![[Note]] on a line of its own) written as the note's text; \(obsidianLinkedEmbeds) (in a sentence, of a heading, or embedding itself) as a link to the note")
        }
        if let first = confluenceMarkdownPages.first {
            let n = confluenceMarkdownPages.count
            report.notes.append("\(first): \(n) page\(n == 1 ? "" : "s") exported from Confluence and turned into Markdown by another tool: Confluence's breadcrumbs, 'Created by' lines (people's names), icons and footer left out, the space's name dropped from the title")
        }
        if !guessedLanguages.isEmpty {
            report.notes.append("pages written in a language their script tells given its lang: " + guessedLanguages.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", "))
        }
        if notionPropertyPages > 0 {
            report.notes.append("\(notionPropertyPages) Notion database page\(notionPropertyPages == 1 ? "" : "s"): the properties under the title written as tags, owner and a list")
        }
        if let first = embeddedPictures.first {
            let n = embeddedPictures.count, bare = embeddedPictures.undescribed
            report.notes.append("\(first): \(n) picture\(n == 1 ? "" : "s") written into pages as data: addresses (Google Docs' Markdown download, Word converters, pasted screenshots) saved as files in the \(EmbeddedPictures.folder)/ folder beside their pages and linked"
                + (bare == 0 ? "" : "; \(bare) picture\(bare == 1 ? " has" : "s have") no description, which screen readers need: write what each shows in its brackets, ![Listing with a copied logo][image1]"))
        }
        if let first = exportCleanup.first {
            let c = exportCleanup.counts
            var done: [String] = []
            if c.emptyHeadings > 0 { done.append("\(c.emptyHeadings) heading\(c.emptyHeadings == 1 ? "" : "s") with no text left out") }
            if c.boldHeadings > 0 { done.append("\(c.boldHeadings) heading\(c.boldHeadings == 1 ? "" : "s") written wholly in bold made plain") }
            if c.headingLinks > 0 { done.append("\(c.headingLinks) link\(c.headingLinks == 1 ? "" : "s") to a Google Docs heading id (#heading=h....) led to the heading named by the link's text") }
            // Named by the first file and how many more (the count was read as that file's).
            let more = exportCleanup.files > 1 ? " and \(exportCleanup.files - 1) more file\(exportCleanup.files == 2 ? "" : "s")" : ""
            report.notes.append("\(first)\(more): " + done.joined(separator: "; "))
        }
        if let first = documentTables.first {
            let n = documentTables.count
            report.notes.append("\(first)\(n == 1 ? "" : " and \(n - 1) more page\(n == 2 ? "" : "s")"): the document-control or information table at the top read as the page's version, effective date and change log (names in it not copied)")
        }
        if ownRepositoryLinks > 0, case let own?? = ownRepositoryFound {
            report.notes.append("links to the corpus' own repository (\(own.repository)\(own.folder.isEmpty ? "" : ", folder " + own.folder)) lead to its pages here, not to the repository's web pages; links to its other files are left as written")
        }
        if gitBookBrokenReferences > 0 {
            report.notes.append("\(gitBookBrokenReferences) link\(gitBookBrokenReferences == 1 ? "" : "s") GitBook had lost ([text](broken-reference)) written as their text")
        }
        countFoldedNotes()
        writeCategories()
        writeConfig()
        for (key, use) in dropped.sorted(by: { $0.key < $1.key }) {
            report.notes.append("\(use.first): front matter key '\(key)' has no Casebook field and was dropped (\(use.count) file\(use.count == 1 ? "" : "s"))")
        }
        for (value, use) in droppedStatuses.sorted(by: { $0.key < $1.key }) {
            report.notes.append("\(use.first): 'status: \(value)' is not a Casebook status (draft, published, retired) and was dropped (\(use.count) file\(use.count == 1 ? "" : "s"))")
        }
        if mintlifyGeneratedPages > 0 {
            report.notes.append("\(mintlifyGeneratedPages) page\(mintlifyGeneratedPages == 1 ? "" : "s") Mintlify makes from an API description (openapi: in the front matter, nothing below) say so in their text; Casebook does not show API descriptions")
        }
        for (name, use) in keptComponents.sorted(by: { $0.key < $1.key }) {
            report.notes.append("\(use.first): component <\(name)> is the site's own (not one of \(mdxVocabulary?.owner ?? "")) and is left as text (\(use.count) use\(use.count == 1 ? "" : "s")); replace it with Markdown")
        }
        for (kind, use) in shortcodes.sorted(by: { $0.key < $1.key }) {
            report.notes.append("\(use.first): shortcode '\(kind)' is left as text (\(use.count) file\(use.count == 1 ? "" : "s")); replace it with Markdown")
        }
    }

    /// A Docusaurus partial: a page whose name or folder starts with `_` (not `_category_`),
    /// which Docusaurus leaves out of the site (its default `exclude`) and pages import.
    static func isDocusaurusPartial(_ f: String) -> Bool {
        f.split(separator: "/").contains { $0.hasPrefix("_") && !$0.hasPrefix("_category_") }
    }

    /// Whether the file at `path` is inside the corpus once symbolic links are followed. A
    /// corpus handed over for import may hold a link to a file elsewhere on the machine
    /// (`assets/logo.png -> ~/.aws/credentials`): the import would copy its bytes into
    /// `Content/`, and the build publish them.
    func isInsideCorpus(_ path: String) -> Bool { Self.isInside(path, root: corpusRoot) }

    /// Whether `path`, symbolic links followed, is `root` (a resolved folder, `resolved`) or inside it.
    static func isInside(_ path: String, root: String) -> Bool {
        guard let real = realpath(path, nil) else { return false }
        defer { free(real) }
        let resolved = String(cString: real)
        return resolved == root || resolved.hasPrefix(root + "/")
    }

    /// `folder` with its symbolic links resolved (as given when it cannot be).
    static func resolved(_ folder: String) -> String {
        guard let real = realpath(folder, nil) else { return folder }
        defer { free(real) }
        return String(cString: real)
    }

    /// `files` (relative to the docs folder) without those that lead outside the corpus, with
    /// one note naming the first and how many.
    mutating func filesInsideCorpus(_ files: [String]) -> [String] {
        var inside: [String] = []
        var outside: [String] = []
        for f in files { if isInsideCorpus(docs + "/" + f) { inside.append(f) } else { outside.append(f) } }
        if let first = outside.first {
            report.notes.append("\(first): a symbolic link to a file outside the corpus; left out (\(outside.count) file\(outside.count == 1 ? "" : "s")): copy the file into the corpus if it belongs to it")
        }
        return inside
    }

    /// Files under the docs folder, relative to it: hidden files, build output and the
    /// tool's own machinery (`_site`, `_layouts`, `node_modules`, ...) left out.
    func listFiles() -> [String] {
        var skipped: Set<Substring> = ["_site", "_layouts", "_includes", "_data", "_sass", "_plugins", "node_modules", "public", "build", "site", "static"]
        // Hugo's own folders (its generated `resources/`, templates, themes); in any other
        // corpus they hold pages (a GitBook space's `resources/videos/`, lost before).
        if tool == .hugo { skipped.formUnion(["resources", "layouts", "themes", "archetypes"]) }
        var files = Self.files(below: docs) { parts in
            docs == source && (skipped.contains(parts[0]) || (parts.count == 1 && Self.isToolFile(String(parts[0]))))
        }
        // GitBook keeps the pictures and files of its pages in the hidden `.gitbook/assets/`.
        if site == .gitBook { files += Self.files(below: docs + "/.gitbook/assets").map { ".gitbook/assets/" + $0 } }
        return files.sorted()
    }

    /// Every file below `folder`, relative to it, in the enumerator's order: hidden files and
    /// folders left out, and those `leaveOut` names (given the path's parts; a folder left out
    /// is not entered).
    static func files(below folder: String, leaveOut: ([Substring]) -> Bool = { _ in false }) -> [String] {
        guard let all = FileManager.default.enumerator(atPath: folder) else { return [] }
        var out: [String] = []
        while let p = all.nextObject() as? String {
            let parts = p.split(separator: "/")
            guard !parts.contains(where: { $0.hasPrefix(".") }), !leaveOut(parts) else { all.skipDescendants(); continue }
            var d: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder + "/" + p, isDirectory: &d), !d.boolValue else { continue }
            out.append(p)
        }
        return out
    }

    static func isPage(_ path: String) -> Bool {
        let l = path.lowercased()
        return l.hasSuffix(".md") || l.hasSuffix(".markdown") || l.hasSuffix(".mdx")
    }

    /// Navigation files of the tools: read, not copied.
    static func isNavigationFile(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        return ["_category_.json", "_category_.yml", "_category_.yaml", ".pages"].contains(name)
    }

    /// Configuration files at the top of a corpus that are not content.
    static func isToolFile(_ name: String) -> Bool {
        ["mkdocs.yml", "mkdocs.yaml", "_config.yml", "_config.yaml", "hugo.toml", "config.toml", "hugo.yaml", "hugo.yml",
         "package.json", "package-lock.json", "yarn.lock", "docusaurus.config.js", "docusaurus.config.ts", "sidebars.js", "sidebars.ts",
         "Gemfile", "Gemfile.lock", "LICENSE", "Makefile", "requirements.txt", "CNAME"].contains(name)
    }

    /// `a/b.mdx` -> `a/b.md`; Casebook reads `.md` only.
    static func destinationPath(_ path: String) -> String {
        let ns = path as NSString
        let ext = ns.pathExtension.lowercased()
        return ext == "md" ? path : ns.deletingPathExtension + ".md"
    }

    /// Converts page `f` and writes it to `out`; its rewritten links count only when it is
    /// written (a second import, which keeps every file, made "33 links made relative").
    mutating func writePage(_ f: String, to out: String) {
        // What the page's conversion counts, counted only when the page is written (a second
        // import, which keeps every file, said "245 call-out boxes quoted").
        let before = (report.linksRewritten, report.includes, report.shortcodesConverted, report.admonitions, report.tabs)
        let marks = (report.inlineMarks, report.icons, report.emoji)
        let bytes = convertPage(f)
        let pictures = pendingPictures
        pendingPictures = []
        let counted = (report.linksRewritten - before.0, report.includes - before.1, report.shortcodesConverted - before.2,
                       report.admonitions - before.3, report.tabs - before.4)
        let markCounts = (report.inlineMarks - marks.0, report.icons - marks.1, report.emoji - marks.2)
        (report.linksRewritten, report.includes, report.shortcodesConverted, report.admonitions, report.tabs) = before
        (report.inlineMarks, report.icons, report.emoji) = marks
        write(bytes, to: out) {
            $0.report.pages.append(out)
            $0.report.linksRewritten += counted.0
            $0.report.includes += counted.1
            $0.report.shortcodesConverted += counted.2
            $0.report.admonitions += counted.3
            $0.report.tabs += counted.4
            $0.report.inlineMarks += markCounts.0
            $0.report.icons += markCounts.1
            $0.report.emoji += markCounts.2
            for p in pictures {
                $0.write(p.bytes, to: p.path) {
                    $0.report.assets.append(p.path)
                    $0.embeddedPictures.count += 1
                    if $0.embeddedPictures.first == nil { $0.embeddedPictures.first = f }
                }
            }
        }
    }

    /// Writes `bytes` to `relative` in the destination unless a file is there already.
    mutating func write(_ bytes: [UInt8], to relative: String, done: (inout Importer) -> Void) {
        let path = destination + "/" + relative
        let folder = PathText.parent(of: path)
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            report.notes.append("\(relative): cannot create \(folder): \(error.localizedDescription)")
            return
        }
        // O_EXCL: an existing file (even one created meanwhile) is never replaced.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        if fd < 0 {
            if errno == EEXIST { report.kept.append(relative) } else {
                report.notes.append("\(relative): cannot write it: \(String(cString: strerror(errno)))")
            }
            return
        }
        defer { close(fd) }
        let ok = bytes.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        if ok { done(&self) } else { report.notes.append("\(relative): writing it failed: \(String(cString: strerror(errno)))") }
    }

    /// An MkDocs project per language (fastapi: `docs/en/mkdocs.yml`, then `docs/de/`,
    /// `docs/ja/` ... each with its own `mkdocs.yml` and `docs/`): one is imported; the others
    /// were left without a word (1,500 translated pages beside fastapi's English docs).
    mutating func noteSiblingLanguageProjects() {
        let here = Self.resolved(source)
        let name = (here as NSString).lastPathComponent
        guard HandbookConfig.isLanguageCode(name) else { return }
        let parent = PathText.parent(of: here)
        let fm = FileManager.default
        let siblings = ((try? fm.contentsOfDirectory(atPath: parent)) ?? []).filter { s in
            s != name && HandbookConfig.isLanguageCode(s)
                && (fm.fileExists(atPath: parent + "/" + s + "/mkdocs.yml") || fm.fileExists(atPath: parent + "/" + s + "/docs"))
        }.sorted()
        guard !siblings.isEmpty else { return }
        report.notes.append("\(parent): \(siblings.count) more language project\(siblings.count == 1 ? "" : "s") beside this one (\(siblings.joined(separator: ", "))) were not imported: import each into a folder of its own, then move its pages beside their originals as page.<lang>.md with lang: and translation_of: (see Translations)")
    }

    // MARK: - Configuration

    /// A docs tool's YAML configuration (`mkdocs.yml`, `_config.yml`, `hugo.yaml`), read
    /// whole: libyaml reads the tags these files hold (MkDocs' `!!python/name:...`, `!ENV`)
    /// as the values they tag. nil when the file is missing; the error when it is not YAML.
    static func yamlConfig(_ path: String) -> Result<YAMLNode, YAMLError>? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return Result { () throws(YAMLError) in try YAMLParser.parse(String(decoding: data, as: UTF8.self)) }
    }

    /// The top-level scalars of a YAML configuration file (none when it cannot be read).
    static func topLevelScalars(_ config: Result<YAMLNode, YAMLError>?) -> [String: String] {
        guard case .success(let root)? = config else { return [:] }
        var out: [String: String] = [:]
        for entry in root.mapEntries ?? [] { if let v = entry.value.configScalar { out[entry.key] = v } }
        return out
    }

    /// The path the corpus was published under: MkDocs' `site_url` path, Docusaurus' `/docs`,
    /// Jekyll's `baseurl`, Hugo's `baseURL` path (when plainly written), else `/`.
    func defaultBasePath() -> String {
        func path(ofURL s: String) -> String? {
            guard let url = URL(string: s), url.scheme != nil, url.host != nil, !url.path.isEmpty else { return nil }
            return HandbookConfig.normalizedBasePath(url.path)
        }
        switch tool {
        case .mkdocs:
            return Self.topLevelScalars(toolConfig)["site_url"].flatMap(path(ofURL:)) ?? "/"
        case .docusaurus:
            return DocsTool.docusaurusConfig(source).map(Self.docusaurusBasePath(configFile:)) ?? "/docs"
        case .jekyll:
            let b = Self.topLevelScalars(toolConfig)["baseurl"] ?? ""
            return b.hasPrefix("/") ? HandbookConfig.normalizedBasePath(b) : "/"
        case .hugo:
            return hugo.top["baseURL"].flatMap(path(ofURL:)) ?? "/"
        }
    }

    /// Where Docusaurus serves the docs: the site's `baseUrl` and the docs plugin's
    /// `routeBasePath` (default `docs`; redux's `routeBasePath: '/'` serves them at the root),
    /// read from the configuration's text (a script: only these plainly written values). A
    /// `routeBasePath` counts when the nearest key before it that names a plugin is `docs`.
    static func docusaurusBasePath(configFile: String) -> String {
        guard let data = FileManager.default.contents(atPath: configFile) else { return "/docs" }
        let text = String(decoding: data, as: UTF8.self)
        // The value after `key:` (or `"key":`, as JSON-style configurations write it); " " when
        // it is not a plain string (a variable, a template with `${...}`), so the next is read.
        func quoted(after key: String, in range: Range<String.Index>) -> (String, Range<String.Index>)? {
            guard let k = text.range(of: key, range: range) else { return nil }
            var i = k.upperBound
            // `baseUrlIssueBanner` is another key.
            if i < text.endIndex, text[i].isLetter || text[i].isNumber || text[i] == "_" { return (" ", k) }
            if i < text.endIndex, text[i] == "\"" || text[i] == "'" { i = text.index(after: i) }
            var colon = false
            while i < text.endIndex, text[i] == " " || text[i] == ":" || text[i] == "\t" {
                if text[i] == ":" { colon = true }
                i = text.index(after: i)
            }
            guard colon, i < text.endIndex, let q = Optional(text[i]), q == "'" || q == "\"" || q == "`" else { return (" ", k) }
            let start = text.index(after: i)
            guard let end = text[start...].firstIndex(of: q) else { return nil }
            let value = String(text[start..<end])
            return (value.contains("${") ? " " : value, k)
        }
        var route = "docs"
        var from = text.startIndex
        while let (value, at) = quoted(after: "routeBasePath", in: from..<text.endIndex) {
            from = at.upperBound
            guard value != " " else { continue }
            let before = text[..<at.lowerBound]
            let owner = ["docs:", "blog:", "pages:", "plugin-content-docs", "plugin-content-blog", "plugin-content-pages"]
                .compactMap { k in before.range(of: k, options: .backwards).map { (k, $0.lowerBound) } }
                .max { $0.1 < $1.1 }?.0
            if owner == nil || owner == "docs:" || owner == "plugin-content-docs" { route = value; break }
        }
        var base = "/"
        from = text.startIndex
        while let (value, at) = quoted(after: "baseUrl", in: from..<text.endIndex) {
            from = at.upperBound
            if value != " " { base = value; break }
        }
        let joined = "/" + (base.split(separator: "/") + route.split(separator: "/")).joined(separator: "/")
        return HandbookConfig.normalizedBasePath(joined)
    }

    /// The path the corpus' own site-absolute links put its pages under, when more of them
    /// lead to a page under one first path than from the root: GitHub Docs publishes
    /// `Policies/github-terms/...` at `/site-policy/github-terms/...`. At least 3 links.
    mutating func inferredBasePath() -> (String, Int)? {
        var votes: [String: Int] = [:]
        var fromRoot = 0
        for f in pagePaths.keys.sorted() {
            guard let page = pageSource(f), case .success(let parsed)? = page.parsed else { continue }
            for link in page.links(of: parsed) where link.url.hasPrefix("/") && !link.url.hasPrefix("//") {
                var path = Substring(link.url)
                if let cut = path.firstIndex(where: { $0 == "#" || $0 == "?" }) { path = path[..<cut] }
                let segments = LinkResolver.percentDecoded(String(path)).split(separator: "/").map(String.init)
                guard !segments.isEmpty else { continue }
                if find(segments.joined(separator: "/")) != nil { fromRoot += 1; continue }
                for k in 1..<segments.count where find(segments[k...].joined(separator: "/")) != nil {
                    votes["/" + segments[..<k].joined(separator: "/"), default: 0] += 1
                    break
                }
            }
        }
        guard let best = votes.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), best.value >= 3, best.value > fromRoot else { return nil }
        return (best.key, best.value)
    }

    // MARK: - Published addresses

    /// Whether a top folder of a Starlight site is a language's (`id/`, `pt-br/`): named as one,
    /// and most of its pages translate a page of the default language at the same path (a
    /// folder of the site's own, `api/`, has pages of its own). Decided once per folder.
    mutating func isStarlightLocale(_ folder: String) -> Bool {
        if let known = starlightLocales[folder] { return known }
        var answer = false
        if folder.wholeMatch(of: /[a-z]{2,3}(-[a-zA-Z]{2,4})?/) != nil {
            let pages = pagePaths.keys.filter { $0.hasPrefix(folder + "/") }
            let translated = pages.filter { pagePaths[String($0.dropFirst(folder.count + 1))] != nil }.count
            answer = !pages.isEmpty && translated * 2 >= pages.count
        }
        starlightLocales[folder] = answer
        return answer
    }

    /// The pages inside a Next.js route group (a folder named in parentheses, `(framework)`),
    /// by their address without the groups and the extension (a folder's `index` is the folder),
    /// read once; empty for a corpus with none.
    mutating func routeGroupPages() -> [String: String] {
        if let known = routeGroups { return known }
        var map: [String: String] = [:]
        for f in pagePaths.keys.sorted() where f.contains("(") {
            let parts = f.split(separator: "/").map(String.init)
            let kept = parts.filter { !($0.hasPrefix("(") && $0.hasSuffix(")")) }
            guard kept.count < parts.count, let last = kept.last else { continue }
            var address = kept.dropLast() + [(last as NSString).deletingPathExtension]
            if address.last == "index" { address.removeLast() }
            let key = address.joined(separator: "/")
            if map[key] == nil { map[key] = f }
        }
        routeGroups = map
        return map
    }

    /// `01-intro` -> `intro`: Docusaurus drops a number prefix from ids and addresses.
    static func droppingNumberPrefix(_ name: String) -> String {
        let digits = name.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, name.count > digits.count + 1 else { return name }
        let rest = name.dropFirst(digits.count)
        guard let sep = rest.first, sep == "-" || sep == "_" || sep == "." else { return name }
        return String(rest.dropFirst())
    }

    /// Where each page was published in the old tool, so links to those addresses resolve.
    mutating func readPublishedPaths() {
        func key(_ s: String) -> String {
            var k = Substring(s)
            if basePath != "/", k.hasPrefix(basePath + "/") { k = k.dropFirst(basePath.count) }
            k = k.drop { $0 == "/" }
            while k.hasSuffix("/") { k = k.dropLast() }
            return String(k)
        }
        let jekyll = tool == .jekyll ? jekyllConfig : nil
        for f in pagePaths.keys.sorted() {
            let folder = PathText.parent(of: f)
            let front = frontMatter(f)
            var keys: [String] = []
            for k in ["permalink", "url"] { if let v = front?[k]?.scalar { keys.append(key(v)) } }
            for k in ["aliases", "redirect_from"] {
                for item in front?[k]?.listItems ?? [] { if let v = item.scalar { keys.append(key(translationAlias(v, file: f))) } }
            }
            for v in gitBookRedirects[f] ?? [] { keys.append(key(v)) }
            if tool == .docusaurus {
                let id = docusaurusDocID(f)
                let strippedFolder = PathText.parent(of: id)
                let within = { (name: String) in strippedFolder.isEmpty ? name : strippedFolder + "/" + name }
                if let slug = front?["slug"]?.scalar { keys.append(slug.hasPrefix("/") ? key(slug) : within(key(slug))) }
                keys.append(id)
            } else if let slug = front?["slug"]?.scalar, !slug.contains("/") {
                keys.append(folder.isEmpty ? slug : folder + "/" + slug)
            }
            let collectionAddress = jekyll.flatMap { Self.jekyllCollectionAddress(f, front: front, config: $0) }
            if let collectionAddress { keys.append(key(collectionAddress)) }
            for k in keys where !k.isEmpty && publishedPaths[k] == nil { publishedPaths[k] = f }
            // The page's own address: the folder it ends with a slash, else the one it is in.
            if tool == .hugo || tool == .jekyll, let own = front?["permalink"]?.scalar ?? front?["url"]?.scalar ?? collectionAddress,
               !own.contains(":"), !own.contains("{") {
                addressFolders[f] = own.hasSuffix("/") ? key(own) : PathText.parent(of: key(own))
            }
        }
    }

    /// The folder of page `f`'s address in the old site: its `permalink`, `url` or collection
    /// address (`readPublishedPaths`); else Hugo's `folder/name/` (`folder/` for an index), and
    /// Jekyll's the same with a pretty site `permalink`, else the file's folder (`name.html`).
    mutating func addressFolder(_ f: String) -> String {
        if let known = addressFolders[f] { return known }
        let folder = PathText.parent(of: f)
        let stem = ((hugoUnsuffixed(f) as NSString).lastPathComponent as NSString).deletingPathExtension
        let index = ["index", "_index", "readme"].contains(stem.lowercased())
        var pretty = true
        if tool == .jekyll {
            let permalink = jekyllConfig.site ?? ""
            pretty = permalink == "pretty" || permalink.hasSuffix("/") || site == .eleventy
        }
        let name = tool == .hugo ? frontMatter(f)?["slug"]?.scalar.flatMap { $0.contains("/") ? nil : $0 } ?? stem : stem
        return index || !pretty ? folder : (folder.isEmpty ? name : folder + "/" + name)
    }

    /// Jekyll publishes a page of a collection (`_docs/history.md`, `_posts/2016-04-19-x.md`) at
    /// the collection's `permalink` pattern in `_config.yml` (`/:collection/:path/`,
    /// `/news/:year/:month/:day/:title/`), or Jekyll's default: jekyll's own documentation
    /// links `/docs/history/` and `/news/2016/04/19/jekyll-3-0-4-released/` and those led
    /// nowhere. Nil for a page outside a collection.
    static func jekyllCollectionAddress(_ f: String, front: YAMLNode?, config: (collections: [String: String], names: Set<String>, site: String?)) -> String? {
        let parts = f.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, parts[0].hasPrefix("_"), parts[0].count > 1 else { return nil }
        let name = String(parts[0].dropFirst())
        let rest = (String(parts[1]) as NSString).deletingPathExtension
        var pattern = config.collections[name]
        if name == "posts" {
            pattern = pattern ?? (config.site.flatMap { ["pretty": "/:categories/:year/:month/:day/:title/", "date": "/:categories/:year/:month/:day/:title:output_ext",
                                                       "none": "/:categories/:title:output_ext", "ordinal": "/:categories/:year/:y_day/:title:output_ext"][$0] ?? $0 }
                                  ?? "/:categories/:year/:month/:day/:title:output_ext")
        } else if config.collections[name] == nil && !config.names.contains(name) {
            return nil
        }
        var values: [String: String] = ["collection": name, "path": rest, "name": (rest as NSString).lastPathComponent,
                                        "title": front?["slug"]?.scalar ?? (rest as NSString).lastPathComponent, "output_ext": ""]
        if name == "posts" {
            // `2016-04-19-jekyll-3-0-4-released`: the date, then the title.
            let file = (rest as NSString).lastPathComponent
            let date = file.split(separator: "-", maxSplits: 3)
            guard date.count == 4, date[0].count == 4, date[0].allSatisfy(\.isNumber) else { return nil }
            values["year"] = String(date[0]); values["month"] = String(date[1]); values["day"] = String(date[2])
            values["title"] = front?["slug"]?.scalar ?? String(date[3])
            let categories = front?["categories"].flatMap { $0.scalar.map { $0.split(separator: " ").map(String.init) } ?? $0.listItems?.compactMap(\.scalar) } ?? []
            values["categories"] = categories.map { $0.lowercased() }.joined(separator: "/")
        }
        var out = ""
        var p = Substring(pattern ?? "/:collection/:path:output_ext")
        while let colon = p.firstIndex(of: ":") {
            out += p[..<colon]
            let word = p[p.index(after: colon)...].prefix { $0.isLetter || $0 == "_" }
            guard let value = values[String(word)] else { return nil }
            out += value
            p = p[p.index(colon, offsetBy: word.count + 1)...]
        }
        out += p
        while out.contains("//") { out = out.replacingOccurrences(of: "//", with: "/") }
        return out
    }

    /// Jekyll's `_config.yml`: each collection's `permalink` (by name), every collection's
    /// name (`collections:` is a map of them, or a list of names), and the site's `permalink`
    /// (for posts).
    static func jekyllPermalinks(_ config: Result<YAMLNode, YAMLError>?) -> (collections: [String: String], names: Set<String>, site: String?) {
        guard case .success(let root)? = config else { return ([:], [], nil) }
        var collections: [String: String] = [:]
        var names = Set<String>()
        if let entries = root["collections"]?.mapEntries {
            for entry in entries {
                names.insert(entry.key)
                if let p = entry.value["permalink"]?.scalar, !p.isEmpty { collections[entry.key] = p }
            }
        } else {
            for item in root["collections"]?.listItems ?? [] { if let name = item.scalar { names.insert(name) } }
        }
        return (collections, names, root["permalink"]?.scalar)
    }

    // MARK: - Hugo sections

    /// A Hugo section's `_index.md` of front matter only becomes the folder's `_category.yml`;
    /// when it has old addresses (`aliases`) or a page links to its folder, it is a page too,
    /// listing the folder's pages as Hugo's section page does. gohugoio's docs lost 18 sections'
    /// old addresses (`/themes/` for `hugo-modules/`) and about 40 link targets (`/methods/`,
    /// `/functions/`) led nowhere.
    mutating func keepLinkedSections() {
        guard !sectionCandidates.isEmpty else { return }
        let languageFolders = Set(hugoLanguages().folders.values)
        var linked = Set<String>(), linkedNames = Set<String>()
        for f in pagePaths.keys.sorted() {
            guard let page = pageSource(f), case .success(let parsed)? = page.parsed else { continue }
            let folder = PathText.parent(of: f)
            let stem = ((f as NSString).lastPathComponent as NSString).deletingPathExtension
            // Links, and Hugo refs to a section (`{{< relref "methods/admin" >}}`: its folder
            // from the page's, or from the top, as `hugoRefTarget` finds pages).
            var refs: [String] = []
            if tool == .hugo, SourceText.has("ref", in: parsed.body) {
                let ns = parsed.body as NSString
                let all = NSRange(location: 0, length: ns.length)
                for m in Self.hugoRefLink.matches(in: parsed.body, range: all) + Self.hugoRefDestination.matches(in: parsed.body, range: all) {
                    let ref = Self.hugoRefPath(m, in: ns).prefix { $0 != "#" }
                    guard !ref.isEmpty else { continue }
                    // A bare name (`{{< ref quickstarts >}}`) may name a section anywhere.
                    if !ref.contains("/") { linkedNames.insert(ref.lowercased()) }
                    refs.append(ref.hasPrefix("/") ? String(ref) : "/" + ref)
                    if let j = Self.join(folder, String(ref)) { linked.insert(j.lowercased()) }
                }
            }
            let urls = page.links(of: parsed).map(\.url) + refs
            for url in urls where !LinkResolver.hasScheme(url) && !url.hasPrefix("#") && !url.hasPrefix("//") {
                var path = Substring(url)
                if let cut = path.firstIndex(where: { $0 == "#" || $0 == "?" }) { path = path[..<cut] }
                var decoded = LinkResolver.percentDecoded(String(path))
                for suffix in ["/_index.md", "/index.md", "/index.html", "/_index"] where decoded.hasSuffix(suffix) { decoded = String(decoded.dropLast(suffix.count)) }
                if decoded.hasPrefix("/") {
                    if basePath != "/", decoded.hasPrefix(basePath + "/") { decoded = String(decoded.dropFirst(basePath.count)) }
                    linked.insert(decoded.split(separator: "/").joined(separator: "/").lowercased())
                } else {
                    let urlFolder = ["index", "_index", "readme"].contains(stem.lowercased()) ? folder : (folder.isEmpty ? stem : folder + "/" + stem)
                    for base in [folder, urlFolder] { if let j = Self.join(base, decoded) { linked.insert(j.lowercased()) } }
                }
            }
        }
        for f in sectionCandidates {
            let folder = PathText.parent(of: f)
            var names = [folder.lowercased()]
            if let first = folder.split(separator: "/").first, languageFolders.contains(String(first)) {
                names.append(folder.split(separator: "/").dropFirst().joined(separator: "/").lowercased())
            }
            let hasAliases = !(frontMatter(f)?["aliases"]?.listItems ?? []).isEmpty || frontMatter(f)?["aliases"]?.scalar != nil
            let byName = linkedNames.contains((folder as NSString).lastPathComponent.lowercased())
            guard !folder.isEmpty, hasAliases || byName || names.contains(where: linked.contains) else { continue }
            pagePaths[f] = Self.destinationPath(f)
            sectionPages.insert(f)
        }
    }

    /// The text of a kept section page: a list of its folder's pages and kept sub-sections,
    /// by `weight`, then title, each linked with its `linkTitle` or `title`.
    /// Hugo themes' shortcodes that show what the page's section or bundle holds, each on a
    /// line of its own outside code (shown as text, a section's page listed nothing):
    /// `{{% children %}}` (the Learn themes) and `{{< section >}}` (Hugo Book, Grafana's docs)
    /// as the list of the section's pages (`sectionListing`); the Learn themes'
    /// `{{% attachments %}}` as the list of the page's files (`attachmentListing`); Docsy's
    /// `{{< imgproc sunset Fill "600x300" >}}caption{{< /imgproc >}}` as the bundle's picture
    /// whose name holds `sunset`, its caption under it. Returns the text and the names of the
    /// shortcodes replaced.
    mutating func sectionAndBundleShortcodes(_ body: String, page f: String) -> (String, Set<String>) {
        guard tool == .hugo, SourceText.has("children", in: body) || SourceText.has("section", in: body)
                || SourceText.has("attachments", in: body) || SourceText.has("imgproc", in: body) else { return (body, []) }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fences = CodeFences()
        var listed = Set<String>()
        for i in lines.indices {
            if fences.isCode(lines[i]) { continue }
            let t = lines[i].trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("{{"), let found = HugoShortcodes.shortcode(in: lines, from: i), found.lastLine == i,
                  ["children", "section", "attachments", "imgproc"].contains(found.name), t.hasPrefix(found.text) else { continue }
            if found.name == "imgproc" {
                if bundlePicture(&lines, at: i, found.text, found.parameters, page: f) {
                    listed.insert(found.name)
                    report.shortcodesConverted += 1
                }
                continue
            }
            guard t == found.text else { continue }
            var listing = found.name == "attachments" ? attachmentListing(f, found.parameters) : sectionListing(f)
            guard !listing.isEmpty else { continue }
            while listing.hasSuffix("\n") { listing.removeLast() }
            lines[i] = listing
            listed.insert(found.name)
            report.shortcodesConverted += 1
        }
        return listed.isEmpty ? (body, []) : (lines.joined(separator: "\n"), listed)
    }

    /// Docsy's `imgproc` opening on line `i` (`text`, its parameters `p`): the picture of page
    /// `f`'s bundle (its folder) whose file name holds the first parameter, as Docsy finds it,
    /// written as an image with the text up to the closing shortcode as its caption (alt text,
    /// and in italics under it). False, leaving the lines, when no picture or closing is found.
    mutating func bundlePicture(_ lines: inout [String], at i: Int, _ text: String, _ p: HugoShortcodes.Parameters, page f: String) -> Bool {
        guard let name = p.value("src", at: 0)?.lowercased(), !name.isEmpty else { return false }
        let images = ["png", "jpg", "jpeg", "gif", "webp", "svg", "avif"]
        func picture(in folder: String) -> String? {
            assetPaths.filter { PathText.parent(of: $0) == folder && images.contains(($0 as NSString).pathExtension.lowercased())
                && ($0 as NSString).lastPathComponent.lowercased().contains(name) }.min()
        }
        // A translation without pictures of its own shows its original's, as Hugo shares them.
        guard let file = picture(in: PathText.parent(of: f)) ?? translations[f]?.original.flatMap({ picture(in: PathText.parent(of: $0)) }),
              let link = relativeLink(to: assetMoves[file] ?? file, from: f, anchor: "", url: "") else { return false }
        // The caption: after the opening on its line, up to the closing (on a line within the next few).
        let after = lines[i].range(of: text).map { String(lines[i][$0.upperBound...]) } ?? ""
        var caption: [String] = []
        var close: Int?
        for k in i..<min(lines.count, i + 12) {
            let line = k == i ? after : lines[k]
            if let range = HugoShortcodes.closingTag(in: line[...], "imgproc") {
                caption.append(String(line[..<range.lowerBound]))
                guard line[range.upperBound...].allSatisfy({ $0 == " " || $0 == "\t" }) else { return false }
                close = k
                break
            }
            caption.append(line)
        }
        guard let close else { return false }
        let words = caption.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
        let alt = Markdown.linkText(words)
        let indent = String(lines[i].prefix { $0 == " " || $0 == "\t" })
        let image = indent + "![" + alt + "](" + link + ")"
        for k in i...close { lines[k] = "" }
        if words.isEmpty || close == i {
            lines[i] = image
        } else {
            lines[i] = image + "\\"
            lines[i + 1] = indent + "*" + words.replacingOccurrences(of: "*", with: "\\*") + "*"
        }
        return true
    }

    /// The files `{{% attachments %}}` lists on page `f`: those of its `<page>.files/` folder
    /// (`attachments.en.files/`), else, for a bundle's page (`index.md`), those beside it;
    /// only names matching its `pattern` (a regular expression) when it has one. Under its
    /// `title` ("Attachments"), by name. Empty when there are none.
    mutating func attachmentListing(_ f: String, _ p: HugoShortcodes.Parameters) -> String {
        let stem = (f as NSString).deletingPathExtension
        var files = assetPaths.filter { $0.hasPrefix(stem + ".files/") }
        let name = ((hugoUnsuffixed(f) as NSString).lastPathComponent as NSString).deletingPathExtension
        if files.isEmpty, ["index", "_index"].contains(name) {
            let folder = PathText.parent(of: f)
            files = assetPaths.filter { PathText.parent(of: $0) == folder }
        }
        if let pattern = p.value("pattern"), let regex = try? NSRegularExpression(pattern: pattern) {
            files = files.filter { file in
                let n = (file as NSString).lastPathComponent
                return regex.firstMatch(in: n, range: NSRange(location: 0, length: (n as NSString).length)) != nil
            }
        }
        guard !files.isEmpty else { return "" }
        let escaped = Markdown.linkText
        var out = "**" + (p.value("title") ?? "Attachments").replacingOccurrences(of: "*", with: "\\*") + "**\n\n"
        for file in files.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            guard let link = relativeLink(to: assetMoves[file] ?? file, from: f, anchor: "", url: "") else { continue }
            out += "- [\(escaped((file as NSString).lastPathComponent))](\(link))\n"
        }
        return out
    }

    mutating func sectionListing(_ f: String) -> String {
        let folder = PathText.parent(of: f)
        if pagesByListingFolder.isEmpty {
            // Each page under the folder that lists it: a page under its own folder, a section's
            // `_index.md` under its parent's (grouped once: 30 sections scanned 961 pages each).
            for child in pagePaths.keys where translations[child] == nil {
                let parent = PathText.parent(of: child)
                let isIndex = ["_index.md", "index.md"].contains((child as NSString).lastPathComponent)
                pagesByListingFolder[isIndex ? PathText.parent(of: parent) : parent, default: []].append(child)
            }
        }
        var entries: [(order: Int, title: String, link: String)] = []
        let lang = translations[f]?.lang
        for original in pagesByListingFolder[folder] ?? [] where original != f && original != translations[f]?.original {
            // A translation lists the pages in its language where they have one.
            var child = original
            if let lang, let dest = pagePaths[original], let translated = sourceOf((dest as NSString).deletingPathExtension + "." + lang + ".md") { child = translated }
            guard let dest = pagePaths[child] else { continue }
            let front = frontMatter(child)
            let title = front?["linkTitle"]?.scalar ?? front?["title"]?.scalar ?? Self.titleFromFileName(child)
            let order = front?["weight"]?.scalar.flatMap(Self.wholeNumber) ?? Int.max
            guard let link = relativeLink(to: dest, from: f, anchor: "", url: "") else { continue }
            entries.append((order, title, link))
        }
        // Titles by their bytes: `String <` is no consistent order on decomposed text.
        entries.sort { a, b in
            if a.order != b.order { return a.order < b.order }
            if !a.title.utf8.elementsEqual(b.title.utf8) { return a.title.utf8.lexicographicallyPrecedes(b.title.utf8) }
            return a.link.utf8.lexicographicallyPrecedes(b.link.utf8)
        }
        let escaped = Markdown.linkText
        return entries.map { "- [\(escaped($0.title))](\($0.link))\n" }.joined()
    }

    // MARK: - Navigation

    /// Category titles and page order from the tool's navigation: `mkdocs.yml` nav,
    /// Hugo's `_index.md` front matter, Docusaurus' `_category_.json` / `_category_.yml`.
    mutating func readNavigation(_ files: [String]) {
        if tool == .mkdocs { readMkDocsNav() }
        if tool == .docusaurus { readDocusaurusSidebars() }
        defer { if tool == .hugo, !hugo.menuSections.isEmpty { placeMenuSections(files) } }
        for f in files {
            let name = (hugoUnsuffixed(f) as NSString).lastPathComponent
            let folder = PathText.parent(of: f)
            if name == "_category_.json" {
                readCategoryJSON(f, folder: folder)
            } else if name == "_category_.yml" || name == "_category_.yaml" {
                guard let data = FileManager.default.contents(atPath: docs + "/" + f) else { continue }
                do {
                    let node = try YAMLParser.parse(String(decoding: data, as: UTF8.self))
                    var info = categories[folder] ?? CategoryInfo()
                    info.title = node["label"]?.scalar ?? info.title
                    info.order = node["position"]?.scalar.flatMap(Self.wholeNumber) ?? info.order
                    info.summary = node["link"]?["description"]?.scalar ?? node["description"]?.scalar ?? info.summary
                    categories[folder] = info
                } catch {
                    report.notes.append("\(f):\(error.line): not read (\(error.message)); the folder is titled from its name")
                }
            } else if name == "index.md", let front = frontMatter(f), let children = front["children"]?.listItems {
                // GitHub Docs: a folder's index.md lists its children in navigation order.
                if !folder.isEmpty {
                    var info = categories[folder] ?? CategoryInfo()
                    info.title = front["shortTitle"]?.scalar ?? front["title"]?.scalar ?? info.title
                    info.summary = front["intro"]?.scalar ?? info.summary
                    categories[folder] = info
                }
                for (i, child) in children.enumerated() {
                    guard let c = child.scalar else { continue }
                    let path = (folder.isEmpty ? "" : folder + "/") + c.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                    if files.contains(path + ".md") {
                        navigation[path + ".md", default: NavEntry()].order = i + 1
                    } else {
                        categories[path, default: CategoryInfo()].order = i + 1
                    }
                }
            } else if name == "_index.md", !folder.isEmpty, let front = frontMatter(f) {
                var info = categories[folder] ?? CategoryInfo()
                // A section's place in a Hugo menu (`menu: {docs: {weight: 20, name: Admin}}`)
                // when it gives no weight and title of its own.
                let menu = Self.hugoMenuEntry(front["menu"])
                info.title = front["linkTitle"]?.scalar ?? menu?["name"]?.scalar ?? front["title"]?.scalar ?? info.title
                info.order = front["weight"]?.scalar.flatMap(Self.wholeNumber) ?? menu?["weight"]?.scalar.flatMap(Self.wholeNumber) ?? info.order
                info.summary = front["description"]?.scalar ?? front["summary"]?.scalar ?? info.summary
                categories[folder] = info
            }
        }
    }

    /// Hugo: a page's or section's entry in its front matter's `menu:` map (`{docs: {weight,
    /// name, parent}}`). In several menus (`main` for the top bar, `docs` for the side), the
    /// side menu's, where a handbook's pages are read in.
    static func hugoMenuEntry(_ menu: YAMLNode?) -> YAMLNode? {
        let menus = menu?.mapEntries?.filter { $0.value.mapEntries != nil } ?? []
        return (menus.first { ["docs", "sidebar", "side", "documentation"].contains($0.key.lowercased()) } ?? menus.first)?.value
    }

    /// Hugo: a folder that the configuration's menus name (`[[menu.docs]] name = "Using
    /// Mastodon" weight = 10 url = "/user/"`) and that gives no title or place of its own gets
    /// the menu's: mastodon's sections came in titled from their folders ("Api") and in
    /// alphabetical order.
    mutating func placeMenuSections(_ files: [String]) {
        var folders = Set<String>()
        for f in files { var d = PathText.parent(of: f); while !d.isEmpty, folders.insert(d).inserted { d = PathText.parent(of: d) } }
        for section in hugo.menuSections {
            for folder in folders where folder == section.folder || folder.hasSuffix("/" + section.folder) {
                var info = categories[folder] ?? CategoryInfo()
                if info.title == nil, let name = section.name, !name.isEmpty { info.title = name }
                if info.order == nil { info.order = section.weight }
                categories[folder] = info
            }
        }
    }

    mutating func readCategoryJSON(_ f: String, folder: String) {
        struct CategoryJSON: Decodable {
            struct Link: Decodable { var description: String? }
            var label: String?
            var position: Double?
            var description: String?
            var link: Link?
        }
        guard let data = FileManager.default.contents(atPath: docs + "/" + f) else { return }
        do {
            let json = try JSONDecoder().decode(CategoryJSON.self, from: data)
            var info = categories[folder] ?? CategoryInfo()
            info.title = json.label ?? info.title
            info.order = json.position.map { Int($0.rounded()) } ?? info.order
            info.summary = json.link?.description ?? json.description ?? info.summary
            categories[folder] = info
        } catch {
            report.notes.append("\(f): not read as JSON (\(error.localizedDescription)); the folder is titled from its name")
        }
    }

    /// The `nav:` of mkdocs.yml.
    mutating func readMkDocsNav() {
        switch toolConfig {
        case nil: return
        case .failure(let error):
            report.notes.append("mkdocs.yml:\(error.line): not read as YAML (\(error.message)); folders are titled from their names")
        case .success(let root):
            let nav = root["nav"]?.listItems ?? []
            walkNav(nav, folderOrder: nil)
            // Pages in the nav's reading order, as the Docusaurus sidebars are: sections sharing
            // one folder (pydantic's "Pydantic", "Pydantic Core", ... all in api/) were each
            // numbered from 1, and their pages interleaved.
            for (i, path) in Self.navPaths(nav).enumerated() { navigation[path]?.order = i + 1 }
        }
    }

    /// A Docusaurus page's doc id, as its sidebars and links name it: its folder with the number
    /// prefixes dropped, then its front matter `id` or its file name without its prefix
    /// (`enforcement/01-strikes.md` is `enforcement/strikes`).
    mutating func docusaurusDocID(_ f: String) -> String {
        let folder = PathText.parent(of: f).split(separator: "/").map { Self.droppingNumberPrefix(String($0)) }.joined(separator: "/")
        let stem = ((f as NSString).lastPathComponent as NSString).deletingPathExtension
        let id = frontMatter(f)?["id"]?.scalar ?? Self.droppingNumberPrefix(stem)
        return folder.isEmpty ? id : folder + "/" + id
    }

    /// Docusaurus' sidebars (`sidebars.js`, `.ts`, `.mjs`, `.cjs` or `.json`, beside the site's
    /// configuration), read as plain data and never run, give the pages their order and the
    /// categories' folders their labels and places, as the MkDocs nav does (prettier's 24 docs
    /// came in alphabetical, its introduction second to last). Items: a doc id, `{type: 'doc',
    /// id, label}`, `{type: 'category', label, link: {type: 'doc', id}, items}` and the
    /// shorthand `{'Label': [items]}`; links, HTML and generated items are left to the folders.
    mutating func readDocusaurusSidebars() {
        let fm = FileManager.default
        let bases = [source, source + "/website", PathText.parent(of: docs)]
        var found: (path: String, text: String)?
        search: for base in bases {
            for name in ["sidebars.js", "sidebars.ts", "sidebars.mjs", "sidebars.cjs", "sidebars.json"] {
                if let data = fm.contents(atPath: base + "/" + name) { found = (base + "/" + name, String(decoding: data, as: UTF8.self)); break search }
            }
        }
        guard let found else { return }
        let name = (found.path as NSString).lastPathComponent
        let root = name.hasSuffix(".json") ? try? YAMLParser.parse(found.text) : JSObjectLiteral.exportedObject(found.text)
        guard let root, let sidebars = root.mapEntries else {
            report.notes.append("\(name): not read as plain data (it computes its sidebars); pages are ordered by sidebar_position and file name")
            return
        }
        var fileOfID: [String: String] = [:]
        for f in pagePaths.keys.sorted() {
            let id = docusaurusDocID(f)
            if fileOfID[id] == nil { fileOfID[id] = f }
        }
        func node(_ kind: YAMLNode.Kind) -> YAMLNode { YAMLNode(kind, line: 0, column: 0) }
        /// A titled nav item, as the MkDocs nav writes one: `{label: value}`.
        func titled(_ label: String, _ value: YAMLNode) -> YAMLNode { node(.map([YAMLEntry(key: label, line: 0, column: 0, value: value)])) }
        var placed = 0
        func convert(_ items: [YAMLNode]) -> [YAMLNode] {
            var out: [YAMLNode] = []
            for item in items {
                if let id = item.scalar {
                    if let f = fileOfID[id] { out.append(node(.scalar(f))); placed += 1 }
                } else if let type = item["type"]?.scalar {
                    switch type {
                    case "doc", "ref":
                        guard let id = item["id"]?.scalar, let f = fileOfID[id] else { continue }
                        placed += 1
                        if let label = item["label"]?.scalar {
                            out.append(titled(label, node(.scalar(f))))
                        } else {
                            out.append(node(.scalar(f)))
                        }
                    case "category":
                        guard let label = item["label"]?.scalar else { continue }
                        var children = convert(item["items"]?.listItems ?? [])
                        if item["link"]?["type"]?.scalar == "doc", let id = item["link"]?["id"]?.scalar, let f = fileOfID[id] {
                            children.insert(node(.scalar(f)), at: 0)
                            placed += 1
                        }
                        if !children.isEmpty { out.append(titled(label, node(.list(children)))) }
                    default:
                        continue
                    }
                } else if let entries = item.mapEntries {
                    // The shorthand: `{'Getting started': ['intro', 'install']}`.
                    for e in entries {
                        let children = convert(e.value.listItems ?? [])
                        if !children.isEmpty { out.append(titled(e.key, node(.list(children)))) }
                    }
                }
            }
            return out
        }
        var nav: [YAMLNode] = []
        for sidebar in sidebars {
            if let list = sidebar.value.listItems {
                nav += convert(list)
            } else if let categories = sidebar.value.mapEntries {
                // The older form, `docs: {'Label': [ids]}`.
                nav += convert([node(.map(categories))])
            }
        }
        guard placed > 0 else { return }
        walkNav(nav, folderOrder: nil)
        // Pages in the sidebar's reading order across its categories: categories that are no
        // folders (prettier's "Usage" and "Misc" all in docs/) were numbered 1, 2 each, and a
        // folder's pages interleaved.
        for (i, path) in Self.navPaths(nav).enumerated() { navigation[path]?.order = i + 1 }
        report.notes.append("\(name): read for the pages' order and the categories' labels (\(placed) page\(placed == 1 ? "" : "s") placed), not copied")
    }

    /// Pages get their nav title and position; a section whose pages share a folder titles it.
    /// `folderOrder`: the place of the top-level section the items are in (nil at the top).
    mutating func walkNav(_ items: [YAMLNode], folderOrder: Int?) {
        for (i, item) in items.enumerated() {
            if let path = item.scalar {
                navigation[path] = NavEntry(title: navigation[path]?.title, order: i + 1)
                continue
            }
            guard let entry = item.mapEntries?.first else { continue }
            if let path = entry.value.scalar {
                // `- "": api/index.md` (pydantic) names no title: the page's own is kept.
                if !path.contains("://") { navigation[path] = NavEntry(title: entry.key.isEmpty ? nil : entry.key, order: i + 1) }
            } else if let children = entry.value.listItems {
                // The section claims its folder before the sections inside it (mkdocs-material's
                // "Insiders" folder was titled by its nested "Changelog"), and a folder is
                // placed where its top-level section is: the folders of a section without one
                // of its own ("Community": contributing/, guides/) were numbered 1 and 2 within
                // it, and came before every top-level section.
                let order = folderOrder ?? i + 1
                let paths = Self.navPaths(children)
                let folders = Set(paths.map { PathText.parent(of: $0) })
                // A section titled "" (fastapi's whole nav) is named by its folder's index page,
                // as Material's navigation.indexes shows it.
                var title: String? = entry.key.isEmpty ? nil : entry.key
                if title == nil, let first = paths.first, ["index.md", "readme.md"].contains((first as NSString).lastPathComponent.lowercased()),
                   let folder = Self.commonFolder(Array(folders)), PathText.parent(of: first) == folder {
                    title = frontMatter(first)?["title"]?.scalar ?? pageSource(first).flatMap { page -> String? in
                        guard case .success(let source)? = page.parsed else { return nil }
                        // Without its attribute list (`# Tutorial { #tutorial }`).
                        return source.body.split(separator: "\n").first { $0.hasPrefix("# ") }
                            .map { String($0.dropFirst(2)).replacing(/\s*\{[^{}]*\}\s*$/, with: "").trimmingCharacters(in: .whitespaces) }
                    }
                }
                if let folder = Self.commonFolder(Array(folders)), !folder.isEmpty, categories[folder]?.title == nil, let title, !title.isEmpty {
                    var info = categories[folder] ?? CategoryInfo()
                    info.title = title
                    info.order = order
                    categories[folder] = info
                }
                walkNav(children, folderOrder: order)
            }
        }
    }

    static func navPaths(_ items: [YAMLNode]) -> [String] {
        items.flatMap { item -> [String] in
            if let s = item.scalar { return [s] }
            guard let e = item.mapEntries?.first else { return [] }
            if let s = e.value.scalar { return s.contains("://") ? [] : [s] }
            return navPaths(e.value.listItems ?? [])
        }
    }

    /// The deepest folder holding all of `folders` (`a/b`, `a/c` -> `a`).
    static func commonFolder(_ folders: [String]) -> String? {
        guard var common = folders.first?.split(separator: "/").map(String.init) else { return nil }
        for f in folders.dropFirst() {
            let parts = f.split(separator: "/").map(String.init)
            common = Array(zip(common, parts).prefix { $0 == $1 }.map(\.0))
        }
        return common.joined(separator: "/")
    }

    mutating func writeCategories() {
        for (folder, info) in categories.sorted(by: { $0.key < $1.key }) where info.title != nil || info.order != nil || info.summary != nil {
            var entries: [(String, YAMLNode)] = []
            if let t = info.title { entries.append(("title", YAMLNode(.scalar(t), line: 0, column: 0))) }
            if let s = info.summary { entries.append(("summary", YAMLNode(.scalar(s), line: 0, column: 0))) }
            if let o = info.order { entries.append(("order", YAMLNode(.scalar(String(o)), line: 0, column: 0))) }
            let path = folder.isEmpty ? "_category.yml" : folder + "/_category.yml"
            write(Array(YAMLText.entries(entries).utf8), to: path) { $0.report.categories.append(path) }
        }
    }

    /// `casebook.yml` beside the content folder: broken links are warnings while the corpus
    /// is cleaned up, and site-absolute links under the corpus' base path resolve to pages.
    mutating func writeConfig() {
        var text = "links: warn\n"
        // Quoted when it holds more than a path's plain characters, so it stays a YAML string.
        let plain = basePath.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "/-_.~%".unicodeScalars.contains($0) }
        text += "base_path: \(plain ? basePath : JSONText.string(basePath))\n"
        write(Array(text.utf8), to: "../casebook.yml") { $0.report.config = "casebook.yml" }
    }

    /// A whole number, or a decimal rounded to one; nil for anything else, and for a number
    /// no Int holds (`weight: 1e300` trapped converting it).
    static func wholeNumber(_ s: String) -> Int? { Int(s) ?? Double(s).flatMap { $0.isFinite && abs($0) < 1e15 ? Int($0.rounded()) : nil } }

    // MARK: - Pages

    /// Whether the page holds front matter and no text.
    func isFrontMatterOnly(_ f: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: docs + "/" + f), let text = PageSource.decode(data),
              let source = try? SourceText.split(text, file: f) else { return false }
        return source.frontMatter.mapEntries?.isEmpty == false && source.body.allSatisfy(\.isWhitespace)
    }

    /// The parsed front matter of a page, or nil (none, or not readable); from the page as
    /// read once for the whole import (`pageSource`), not read from disk again per question
    /// (the planning asks for the aliases, permalinks, snippets' build options, titles ...).
    mutating func frontMatter(_ f: String) -> YAMLNode? {
        guard let page = pageSource(f), case .success(let source)? = page.parsed else { return nil }
        return source.frontMatter
    }

    /// The page's text with front matter in Casebook's keys and links made relative.
    mutating func convertPage(_ f: String) -> [UInt8] {
        guard let page = pageSource(f) else { return [] }
        defer { pageSources[f] = nil }
        guard page.text != nil else {
            // Its bytes as they were: decoded, every byte that is not UTF-8 (a Latin-1 `é`)
            // became U+FFFD, the text was lost and the build showed the replacement marks
            // without a word.
            report.notes.append("\(f): not valid UTF-8; copied as it was: re-save it as UTF-8")
            return [UInt8](page.data)
        }
        return Array(convertText(f, page: page).utf8)
    }

    /// `convertPage` for a page whose text is UTF-8.
    mutating func convertText(_ f: String, page: PageSource) -> String {
        let text = page.text ?? ""
        var parsed: SourceText
        switch page.parsed {
        case .success(let p)? where p.tomlError != nil:
            // TOML that toml++ could not read (TOML that it reads is written as YAML).
            let error = p.tomlError
            report.notes.append("\(f):\(error?.line ?? 1): TOML front matter (+++) could not be read (\(error?.message ?? "")); copied as it was: correct it, or rewrite it as YAML between --- lines")
            return text
        case .success(let p)?: parsed = p
        case .failure(let error)?:
            let d = error.diagnostics.first
            // Front matter that is not YAML (argo-cd's proposals: `authors:` items out of line,
            // `- @name` unquoted). MkDocs shows such a page with the lines as text; here they
            // stay at the top of the page as a YAML code block, line for line where they were,
            // and the page is converted as any other: it builds, and nothing is lost.
            guard let parts = SourceText.frontMatterParts(text) else {
                report.notes.append("\(f):\(d?.line ?? 1): front matter could not be read (\(d?.message ?? "")); copied as it was")
                return text
            }
            report.notes.append("\(f):\(d?.line ?? 1): front matter could not be read (\(d?.message ?? "")); kept at the top of the page as a YAML code block: correct it and make it front matter again")
            let fence = CodeFences.fence(around: parts.header.split(separator: "\n"))
            parsed = SourceText(frontMatter: YAMLNode(.map([]), line: 1, column: 1),
                                body: fence + "yaml\n" + parts.header + fence + "\n" + parts.body, bodyFirstLine: 1)
        case nil: return text
        }
        if f.lowercased().hasSuffix(".mdx"), site != .mintlify, site != .starlight {
            report.notes.append("\(f): MDX imports are left out and JSX components kept as text\(tool == .jekyll && site == nil ? " (but Callout, Tabs, Steps, Cards, Accordion and file trees, written as Markdown)" : ""); the page is written as \(pagePaths[f] ?? Self.destinationPath(f))")
        }
        // Call-out boxes first: the links in their text are links once they are quoted
        // blocks (indented four spaces, MkDocs' were a code block to cmark).
        if sectionPages.contains(f) {
            let front = convertFrontMatter(parsed.frontMatter, file: f, needsTitle: true)
            return "---\n" + front + "---\n\n" + sectionListing(f)
        }
        if site == .notion { parsed = notionProperties(parsed, file: f) }
        if let generated = mintlifyGeneratedBody(parsed) {
            parsed = SourceText(frontMatter: parsed.frontMatter, body: generated, bodyFirstLine: parsed.bodyFirstLine)
            mintlifyGeneratedPages += 1
        }
        let converted = convertBody(parsed, page: page, file: f)
        var expanded = Set<Int>()
        let expandedIncludes = expandSnippets(expandIncludes(converted, page: f, from: f, firstLine: parsed.bodyFirstLine, expanded: &expanded),
                                              page: f, firstLine: parsed.bodyFirstLine)
        let mdBook = expandDocsifyEmbeds(expandMdBookExpressions(expandedIncludes, page: f, firstLine: parsed.bodyFirstLine), page: f, firstLine: parsed.bodyFirstLine)
        let included = dropMDXImports(expandMDXImports(mdBook, page: f, firstLine: parsed.bodyFirstLine), page: f)
        let glossary = glossaryListing(included, page: f)
        var (body, listed) = sectionAndBundleShortcodes(glossary, page: f)
        if tool == .hugo { body = HugoShortcodes.unescapingCommented(body) }
        body = extractingEmbeddedPictures(body, file: f, firstLine: parsed.bodyFirstLine)
        let (cleaned, cleanup) = DocumentExportCleanup.clean(body, file: f)
        if !cleanup.isEmpty {
            body = cleaned
            exportCleanup.counts += cleanup
            exportCleanup.files += 1
            if exportCleanup.first == nil { exportCleanup.first = f }
        }
        countShortcodes(converted, firstLine: parsed.bodyFirstLine, file: f, expanded: expanded,
                        replaced: glossary != included ? listed.union(["glossary"]) : listed)
        // A page with no front matter opening with a document-control or information table
        // (a word processor's Markdown download of an SOP): its version, date, status and
        // change log, read as the Word import reads them.
        var documentFields = ""
        if parsed.frontMatter.mapEntries?.isEmpty ?? true, let (fields, kept) = Self.documentTable(body) {
            documentFields = fields
            body = kept
            documentTables.count += 1
            if documentTables.first == nil { documentTables.first = f }
        }
        let hasH1 = body.split(separator: "\n").contains { $0.hasPrefix("# ") }
        var front = convertFrontMatter(parsed.frontMatter, file: f, needsTitle: !hasH1) + documentFields
        // Pages of Confluence, Notion, an Obsidian vault or a GitHub wiki have no site language:
        // a page whose script leaves no doubt (Thai, Vietnamese, ...) says its language, for its
        // <html lang>, search and screen readers (`ScriptLanguage`).
        if site == .confluence || site == .word || site == .notion || site == .obsidian || wiki != nil, parsed.frontMatter["lang"] == nil,
           let lang = ScriptLanguage.guess(body) {
            front += "lang: \(lang)\n"
            guessedLanguages[lang, default: 0] += 1
        }
        // A body starting with a rule (`---`) gets a front matter block before it, or the rule
        // would be read as the start of one.
        let startsWithRule = body.drop { $0 == "\n" }.hasPrefix("---")
        return front.isEmpty && !startsWithRule ? body : "---\n" + front + "---\n" + (body.hasPrefix("\n") ? "" : "\n") + body
    }

    /// The front matter lines (Casebook's keys) that the table `body` opens with gives, and the
    /// body without that table (kept when it says more than those fields); nil when the page
    /// opens with no document-control table (`WordRevisionHistory`) or document-information
    /// table (`WordDocumentInfo`).
    static func documentTable(_ body: String) -> (fields: String, body: String)? {
        // Speed: only a page whose first line (after a heading 1) starts a table is parsed.
        var opening = body.split(separator: "\n", maxSplits: 40, omittingEmptySubsequences: true).lazy
            .map { $0.drop { $0 == " " } }.filter { !$0.isEmpty }.makeIterator()
        var first = opening.next()
        if first?.hasPrefix("# ") == true { first = opening.next() }
        guard first?.hasPrefix("|") == true, let (range, rows) = Markdown.leadingTable(body) else { return nil }
        var fields = "", drop = true
        if let changes = WordRevisionHistory.read(rows), let newest = changes.first {
            fields += "version: " + YAMLText.quoted(newest.version) + "\neffective: \(newest.date)\n" + WordRevisionHistory.frontMatter(changes)
        } else if let (info, onlyFields) = WordDocumentInfo.read(table: rows) {
            if let v = info.version { fields += "version: " + YAMLText.quoted(v) + "\n" }
            if let d = info.effective { fields += "effective: \(d)\n" }
            if let s = info.status { fields += "status: \(s.rawValue)\n" }
            drop = onlyFields
        } else {
            return nil
        }
        guard drop else { return (fields, body) }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard range.upperBound <= lines.count else { return (fields, body) }
        lines.removeSubrange((range.lowerBound - 1)..<range.upperBound)
        return (fields, lines.joined(separator: "\n"))
    }

    /// A VuePress or VitePress page's own `<script>` and `<style>` blocks (`<script setup>` and
    /// its imports, at the top of vite's pages), outside fenced code, made blank lines: the
    /// site ran them, and Casebook, which shows raw HTML as text, would print the code at the
    /// top of the page. Every line stays on its line. Returns the text and the blocks blanked.
    static func blankingVueBlocks(_ body: String) -> (String, Int) {
        guard SourceText.has("<script", in: body) || SourceText.has("<style", in: body) else { return (body, 0) }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fences = CodeFences()
        var blocks = 0
        var i = 0
        while i < lines.count {
            if fences.isCode(lines[i]) { i += 1; continue }
            let tag = lines[i].hasPrefix("<script") ? "script" : lines[i].hasPrefix("<style") ? "style" : nil
            guard let tag, lines[i].dropFirst(tag.count + 1).first.map({ $0 == ">" || $0 == " " }) ?? false,
                  let end = lines[i...].firstIndex(where: { $0.contains("</\(tag)>") }) else { i += 1; continue }
            for k in i...end { lines[k] = "" }
            blocks += 1
            i = end + 1
        }
        return (blocks == 0 ? body : lines.joined(separator: "\n"), blocks)
    }

    /// The body of `f` converted: call-out boxes quoted, tabs unfolded, links made relative,
    /// Hugo refs and GitHub Docs' AUTOTITLE links filled in (includes are expanded after).
    mutating func convertBody(_ parsed: SourceText, page: PageSource, file f: String) -> String {
        var body = parsed.body
        if site == .vuePress || site == .vitePress {
            let (blanked, blocks) = Self.blankingVueBlocks(body)
            body = blanked
            vueBlocks += blocks
        }
        let (repaired, repairs) = HeadingAnchorRepair.convert(body)
        body = repaired
        for r in repairs {
            foldedNote(at: "\(f):\(parsed.bodyFirstLine + r.line)", file: f, r.fixed.map { "heading anchor '{#\(r.id)}' holds what an anchor cannot ('#', spaces, quotes, '<', '>', '&'); written as '{#\($0)}'" }
                ?? "heading anchor '{#\(r.id)}' holds nothing an anchor can; left out, so the heading's text gives its anchor")
        }
        // kramdown's `<div markdown="1">` with its text on the next line: unwrapped.
        if tool == .jekyll || tool == .mkdocs {
            body = MarkdownInHTML.unwrap(body).text
        }
        // Confluence pages turned into Markdown by another tool: Confluence's frame left out.
        if site == nil, tool == .jekyll, includeDepth == 0 {
            let (text, cleaned) = ConfluenceMarkdownLeftovers.clean(body)
            if cleaned {
                body = text
                confluenceMarkdownPages.count += 1
                if confluenceMarkdownPages.first == nil { confluenceMarkdownPages.first = f }
            }
        }
        if site == .gitBook {
            let (text, counts) = GitBookBlocks.convert(body)
            body = text
            report.admonitions += counts.boxes
            report.tabs += counts.tabs
            report.shortcodesConverted += counts.blocks
            gitBookBrokenReferences += counts.brokenReferences
        }
        if site == .docsify {
            let (unfolded, tabCount) = DocsifyTabs.convert(body)
            body = unfolded
            report.tabs += tabCount
            let (text, counts) = DocsifyMarkup.convert(body)
            body = text
            report.admonitions += counts.boxes
            report.shortcodesConverted += counts.headingIDs + counts.options
        }
        // A plain corpus' MDX pages (Nextra's, Fumadocs') get the components most such sites share.
        if let vocabulary = mdxVocabulary, site != nil || f.lowercased().hasSuffix(".mdx") {
            let (text, counts) = MDXComponents.convert(body, vocabulary: vocabulary, fieldAnchors: includeDepth == 0)
            body = text
            report.admonitions += counts.boxes
            report.tabs += counts.tabs
            report.shortcodesConverted += counts.components
            for u in counts.unclosed {
                report.notes.append("\(f):\(parsed.bodyFirstLine + u.line): <\(u.name)> is never closed (no </\(u.name)> after it); left as text")
            }
            for (name, kept) in counts.kept {
                let use = keptComponents[name]
                keptComponents[name] = ((use?.count ?? 0) + kept.count, use?.first ?? "\(f):\(parsed.bodyFirstLine + kept.line)")
            }
        }
        if site == .notion {
            let (text, count) = NotionCallouts.convert(body)
            body = text
            report.admonitions += count
        }
        // mdbook-admonish's boxes (```admonish warning), written only for it: read in any corpus.
        let (admonished, admonishBoxes) = MdBookAdmonish.convert(body)
        body = admonished
        report.admonitions += admonishBoxes
        var (boxed, boxes, tabs) = Admonitions.convertCounting(body, tool: tool, containers: site != nil && site != .gitBook && site != .notion)
        report.admonitions += boxes
        report.tabs += tabs
        var builtins = 0
        if tool == .hugo {
            (boxed, builtins) = HugoShortcodes.convert(boxed, linkTemplates: hugoLinkTemplates())
            // `{{< param grpc_vers.core >}}`: the page's value, else the site's (in code too, as
            // Hugo does); the Learn themes' `{{% siteparam editURL %}}`: the site's.
            if boxed.contains("param") {
                let own = Self.dottedScalars(parsed.frontMatter)
                let site = hugo.params
                func value(_ key: String, siteOnly: Bool) -> String? {
                    if siteOnly { return site[key] }
                    if let v = own[key] { return v }
                    if let v = own["params." + key] { return v }
                    return site[key]
                }
                let (text, count) = HugoShortcodes.substituteParams(boxed, value: value)
                boxed = text
                builtins += count
            }
        }
        if tool == .docusaurus || site == .starlight {
            let (text, count) = DocusaurusTabs.convert(boxed)
            boxed = text
            tabs += count
            report.tabs += count
        }
        // Liquid is Jekyll's and Eleventy's (and GitBook's blocks are read above); mdBook and
        // Docsify show `{% ... %}` and `{{ ... }}` as written (Docsify's are Vue's, at times).
        if tool == .jekyll, site != .gitBook, site != .mdBook, site != .docsify, site != .mintlify {
            let (unboxed, liquidBoxes) = LiquidBoxes.convert(boxed)
            boxed = unboxed
            boxes += liquidBoxes
            report.admonitions += liquidBoxes
            var includes = 0
            if site == nil { (boxed, includes) = convertJekyllHTMLIncludes(boxed, file: f) }
            (boxed, builtins) = JekyllLinkTags.convert(boxed, basePath: basePath, site: jekyllSite)
            builtins += includes
            let (text, kramdownBoxes, removed) = KramdownAttributes.convert(boxed)
            boxed = text
            boxes += kramdownBoxes
            report.admonitions += kramdownBoxes
            kramdownLines += removed
        }
        report.shortcodesConverted += builtins
        if !markdownExtensions.isEmpty {
            let (text, counts) = MaterialInline.convert(boxed, extensions: markdownExtensions)
            boxed = text
            report.inlineMarks += counts.marks
            report.icons += counts.icons
            report.emoji += counts.emoji
        }
        if mkdocstrings {
            let (text, counts) = MkDocstrings.convert(boxed)
            boxed = text
            if let line = counts.firstBlock {
                foldedNote(at: "\(f):\(parsed.bodyFirstLine + line)", file: f, "mkdocstrings' API blocks (::: module) are made from the code when the site is built; Casebook has no code to read, so each is a line naming its module")
            }
            if let line = counts.firstReference {
                foldedNote(at: "\(f):\(parsed.bodyFirstLine + line)", file: f, "autorefs' cross-references ([text][module.Name]) lead to API pages made from the code, not imported; their text is kept")
            }
        }
        let links = boxes + tabs + builtins == 0 && boxed == parsed.body ? page.links(of: parsed)
            : Markdown.render(boxed, firstLine: 1, dropLeadingH1: false, collectText: false, renderHTML: false,
                              anchors: { $0.map { _ in "" } }, rewriteURL: { _ in .keep }).links
        var linked = convertWikiLinks(rewriteLinks(boxed, links: links, firstLine: parsed.bodyFirstLine, file: f), file: f, firstLine: parsed.bodyFirstLine)
        if site == .obsidian { linked = convertObsidian(linked, file: f, firstLine: parsed.bodyFirstLine) }
        return fillAutotitles(convertHugoRefs(linked, file: f, firstLine: parsed.bodyFirstLine), file: f, firstLine: parsed.bodyFirstLine)
    }

    /// Counts the shortcodes left in `body` (of `f`, from line `firstLine`) for the notes: one
    /// per kind, naming the first place. Included snippets are counted in their own file; the
    /// includes written out (on the lines `expanded`) and a glossary listed are not left.
    /// `replaced`: names of shortcodes the page's text was put in place of (a glossary, a
    /// section's listing), not counted.
    mutating func countShortcodes(_ body: String, firstLine: Int, file f: String, expanded: Set<Int> = [], replaced: Set<String> = []) {
        var text = body
        if !expanded.isEmpty {
            // The includes written out, blanked (a warning names the line its paragraph starts on).
            var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for n in expanded where n - firstLine >= 0 && n - firstLine < lines.count {
                let i = n - firstLine
                while let (range, _) = include(in: lines[i]) {
                    lines[i].replaceSubrange(range, with: String(repeating: " ", count: lines[i][range].count))
                }
            }
            text = lines.joined(separator: "\n")
        }
        for d in PageRenderer.shortcodeWarnings(text, firstLine: firstLine, file: f) {
            guard let kind = d.message.split(separator: "'").dropFirst().first.map(String.init) else { continue }
            if replaced.contains(where: { kind.contains(" \($0) ") }) { continue }
            let use = shortcodes[kind]
            shortcodes[kind] = ((use?.count ?? 0) + 1, use?.first ?? "\(f):\(d.line)")
        }
    }

    /// Casebook's keys, in a fixed order, from the keys of the other tools.
    mutating func convertFrontMatter(_ front: YAMLNode, file f: String, needsTitle: Bool) -> String {
        let entries = front.mapEntries ?? []
        func value(_ keys: String...) -> YAMLNode? { keys.lazy.compactMap { k in entries.first { $0.key == k }?.value }.first }
        func scalar(_ keys: String...) -> String? {
            for k in keys { if let s = entries.first(where: { $0.key == k })?.value.scalar, !s.isEmpty { return s } }
            return nil
        }
        func line(_ key: String) -> Int { entries.first { $0.key == key }?.line ?? 1 }
        func node(_ s: String) -> YAMLNode { YAMLNode(.scalar(s), line: 0, column: 0) }
        func list(_ keys: String...) -> [String] {
            var out: [String] = []
            for k in keys {
                guard let v = entries.first(where: { $0.key == k })?.value else { continue }
                // One line of words (`keywords: attend, speaking, events`, as HTML's keywords
                // meta tag takes them) is a list, not one tag of 15 words.
                if let line = v.scalar, line.contains(",") {
                    for s in line.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !s.isEmpty && !out.contains(s) { out.append(s) }
                    continue
                }
                for item in v.listItems ?? [] { if let s = item.scalar, !s.isEmpty, !out.contains(s) { out.append(s) } }
            }
            return out
        }
        var used: Set<String> = []
        var out: [(String, YAMLNode)] = []
        let nav = navigation[f]

        let stem = ((f as NSString).lastPathComponent as NSString).deletingPathExtension
        if let id = renamedIDs[f] ?? writtenID(front, file: f) { out.append(("id", node(id))) }
        used.formUnion(["id", "slug"])
        let title = scalar("title") ?? (needsTitle ? nav?.title ?? Self.titleFromFileName(f) : nil)
        if let title { out.append(("title", node(title))) }
        used.insert("title")
        // Hugo's menus in a page, `menu: {docs: {weight: 10, name: "Signing up", parent: user}}`
        // (mastodon's docs place all 242 pages so): its place and its name in the menu are the
        // page's order and navigation title when the page gives none of its own.
        let menu = Self.hugoMenuEntry(value("menu"))
        let menuName = menu?["name"]?.scalar.flatMap { $0.isEmpty ? nil : $0 }
        let menuWeight = menu?["weight"]?.scalar.flatMap(Self.wholeNumber)
        if menuName != nil || menuWeight != nil { used.insert("menu") }
        if let n = scalar("nav_title", "shortTitle", "sidebar_label", "linkTitle", "sidebarTitle") ?? menuName.flatMap({ $0 == title ? nil : $0 }) ?? nav?.title.flatMap({ $0 == title ? nil : $0 }) {
            out.append(("nav_title", node(n)))
        }
        used.formUnion(["nav_title", "shortTitle", "sidebar_label", "linkTitle", "sidebarTitle"])
        if let s = scalar("summary", "description", "intro", "excerpt") { out.append(("summary", node(s))) }
        used.formUnion(["summary", "description", "intro", "excerpt"])
        if let owner = scalar("owner", "author") { out.append(("owner", node(owner))) }
        else if !list("authors").isEmpty { out.append(("owner", node(list("authors").joined(separator: ", ")))) }
        used.formUnion(["owner", "author", "authors"])
        for key in ["version"] where scalar(key) != nil { out.append((key, node(scalar(key)!))) }
        used.insert("version")
        for key in ["effective", "date", "lastmod", "last_modified_at"] {
            // MkDocs Material's blog: `date: {created: ..., updated: ...}`.
            guard let s = scalar(key) ?? (key == "date" ? value("date")?["created"]?.scalar : nil) else { continue }
            if let d = PageMetadata.isoDate(s) { out.append(("effective", node(d))); break }
            report.notes.append("\(f):\(line(key)): '\(key): \(s)' is not a date written YYYY-MM-DD; left out")
        }
        used.formUnion(["effective", "date", "lastmod", "last_modified_at"])
        let draft = ["true", "yes"].contains(scalar("draft")?.lowercased() ?? "") || scalar("published")?.lowercased() == "false"
        // MkDocs Material's `status: new` / `deprecated` is a badge, not a Casebook status: copied,
        // it failed the build ("status 'deprecated' is not one of draft, published, retired").
        let status = scalar("status").flatMap { s in
            if let known = PageStatus(rawValue: s.lowercased()) { return known.rawValue }
            let use = droppedStatuses[s]
            droppedStatuses[s] = ((use?.count ?? 0) + 1, use?.first ?? "\(f):\(line("status"))")
            return nil
        }
        if let status { out.append(("status", node(status))) } else if draft { out.append(("status", node("draft"))) }
        used.formUnion(["status", "draft", "published"])
        if let s = scalar("order", "weight", "sidebar_position", "nav_order") {
            if let n = Self.wholeNumber(s) { out.append(("order", node(String(n)))) } else {
                report.notes.append("\(f): order '\(s)' is not a whole number Casebook can order by (up to 15 digits); left out")
            }
        } else if let n = nav?.order ?? menuWeight {
            out.append(("order", node(String(n))))
        } else if tool == .docusaurus, Self.droppingNumberPrefix(stem) != stem, let n = Int(stem.prefix { $0.isASCII && $0.isNumber }) {
            out.append(("order", node(String(n))))
        }
        used.formUnion(["order", "weight", "sidebar_position", "nav_order"])
        if let m = value("markets") { out.append(("markets", m)) }
        used.insert("markets")
        let tags = list("tags", "keywords", "categories").map { $0.lowercased() }
        var uniqueTags: [String] = []
        for t in tags where !uniqueTags.contains(t) { uniqueTags.append(t) }
        if !uniqueTags.isEmpty { out.append(("tags", YAMLNode(.list(uniqueTags.map(node)), line: 0, column: 0))) }
        used.formUnion(["tags", "keywords", "categories"])
        let translation = translations[f]
        if let lang = scalar("lang", "language") ?? translation?.lang { out.append(("lang", node(lang))) }
        used.formUnion(["lang", "language"])
        if scalar("translation_of") == nil, let original = translation?.original, let id = pageIDs[original] {
            out.append(("translation_of", node(id)))
        }
        for key in ["translation_of", "source_version"] { if let s = scalar(key) { out.append((key, node(s))) }; used.insert(key) }
        for key in ["changes", "actions"] { if let v = value(key) { out.append((key, v)) }; used.insert(key) }
        if f.hasSuffix("index.md") { used.insert("children") }  // GitHub Docs' navigation, read into _category.yml
        var aliases: [String] = []
        // Obsidian's aliases are other names of the note to link it by, not old addresses.
        for a in list(site == .obsidian ? "redirect_from" : "aliases", "redirect_from") + (gitBookRedirects[f] ?? []) {
            let own = translationAlias(a, file: f)
            if !aliases.contains(own) { aliases.append(own) }
        }
        if !aliases.isEmpty { out.append(("aliases", YAMLNode(.list(aliases.map(node)), line: 0, column: 0))) }
        used.formUnion(["aliases", "redirect_from"])

        for e in entries where !used.contains(e.key) {
            let use = dropped[e.key]
            dropped[e.key] = ((use?.count ?? 0) + 1, use?.first ?? "\(f):\(e.line)")
        }
        return YAMLText.entries(out)
    }

    /// `content-policy/fake_reviews.md` -> "Fake reviews".
    static func titleFromFileName(_ f: String) -> String {
        var name = ((f as NSString).lastPathComponent as NSString).deletingPathExtension
        if ["index", "_index", "readme"].contains(name.lowercased()) {
            name = (PathText.parent(of: f) as NSString).lastPathComponent
            if name.isEmpty { name = "Home" }
        }
        let words = name.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    // MARK: - Links

    /// A note about a link target, once per import: the first use's place, and at the end of
    /// the import how many uses and files (`... (748 times in 200 files)`). gohugoio's docs
    /// gave 2,089 notes, one per use of a few hundred targets (748 of one glossary link `g`),
    /// as the build's link warnings are one per target.
    mutating func foldedNote(at location: String, file: String, _ message: String) {
        if let i = linkNotes[message] {
            linkNotes[message] = (i.index, i.count + 1, i.files.union([file]))
            return
        }
        linkNotes[message] = (report.notes.count, 1, [file])
        report.notes.append("\(location): \(message)")
    }

    /// GitHub Docs writes `[AUTOTITLE](/path)` and shows the linked article's title there; left
    /// as it was, every such link read "AUTOTITLE" (github/docs' moderation articles: most of
    /// their links). Once the link leads to an imported page, its text is that page's `title`;
    /// one that leads elsewhere keeps the word, with one note for all of them.
    mutating func fillAutotitles(_ body: String, file f: String, firstLine: Int) -> String {
        let marker = "[AUTOTITLE]("
        guard SourceText.has(marker, in: body) else { return body }
        let destFolder = PathText.parent(of: (pagePaths[f] ?? f))
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for i in lines.indices where lines[i].contains(marker) {
            var out = ""
            var rest = Substring(lines[i])
            while let r = rest.range(of: marker) {
                out += rest[..<r.lowerBound]
                let after = rest[r.upperBound...]
                let url = after.prefix { $0 != ")" && $0 != " " }
                var path = url.prefix { $0 != "#" && $0 != "?" }
                if path.hasPrefix("<") { path = path.dropFirst() }
                if let joined = Self.join(destFolder, LinkResolver.percentDecoded(String(path))), let source = sourceOf(joined) {
                    let title = frontMatter(source)?["title"]?.scalar ?? Self.titleFromFileName(source)
                    out += "[" + Markdown.linkText(title) + "]("
                } else {
                    out += marker
                    foldedNote(at: "\(f):\(firstLine + i)", file: f, "link text AUTOTITLE (GitHub Docs shows the linked article's title there) is left as written where the link leads to no page of the corpus; write the title")
                }
                rest = after
            }
            out += rest
            lines[i] = out
        }
        return lines.joined(separator: "\n")
    }

    /// Adds to each folded note how often it was met (see `foldedNote`).
    mutating func countFoldedNotes() {
        for (_, use) in linkNotes where use.count > 1 {
            report.notes[use.index] += " (\(use.count) times in \(use.files.count) file\(use.files.count == 1 ? "" : "s"))"
        }
        linkNotes = [:]
    }

    /// The body with every link to a page or file of the corpus written as a relative link
    /// to its imported file (`/docs/policies/spam/` -> `../policies/spam.md`).
    mutating func rewriteLinks(_ body: String, links: [MarkdownLink], firstLine: Int, file f: String) -> String {
        guard !links.isEmpty else { return body }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var definitions: [String: String] = [:]
        var glossarySkips: [Int: Int] = [:]
        for link in links {
            if link.url == "g", tool == .hugo, glossaryPage() != nil {
                rewriteGlossaryLink(&lines, line: link.line, skips: &glossarySkips, firstLine: firstLine, file: f)
                continue
            }
            guard let replacement = resolveLink(link.url, from: f, line: link.line + firstLine - 1) else { continue }
            var done = false
            // Looked for from the line cmark gives (a paragraph's or tag's first) to a few
            // below: a tag written over several lines, as MDX pages write `<img` then
            // `className`, `alt` and `src=` on lines of their own, holds it further down
            // (react-native-website's). The same address anywhere there has the same rewrite.
            for i in max(0, link.line - 1)..<min(lines.count, link.line + 12) where !done {
                // Markdown's destinations, then raw HTML's `href` and `src` (which cmark's walk
                // reports with Markdown's links, see `RawHTML`).
                for (open, close) in [("](", ""), ("](<", ">"), ("]: ", ""), ("]:", ""),
                                      ("href=\"", "\""), ("src=\"", "\""), ("href='", "'"), ("src='", "'"), ("data=\"", "\""), ("data='", "'")] {
                    if let r = Self.destination(in: lines[i], open: open, url: link.url, close: close) {
                        lines[i].replaceSubrange(r, with: open + replacement + close)
                        // A definition just below its first use: its other uses are done too.
                        if open.hasPrefix("]:") { definitions[link.url] = replacement }
                        done = true
                        break
                    }
                }
            }
            // A destination written with character references (`../x/#r&eacute;daction`, as
            // opensource.guide's French pages write it): cmark gives it decoded, so it is found
            // by decoding each destination of those lines the same way.
            if !done {
                for i in max(0, link.line - 1)..<min(lines.count, link.line + 2) where !done && lines[i].contains("&") {
                    if let r = Self.encodedDestination(in: lines[i], decodingTo: link.url) {
                        lines[i].replaceSubrange(r, with: replacement)
                        done = true
                    }
                }
            }
            // An autolink: the address written bare (GFM) or in angle brackets, as a wiki writes
            // its own pages' addresses (`https://github.com/acme/tool/wiki/How-to-install`):
            // it becomes a link with the page's name as its text.
            if !done {
                for i in max(0, link.line - 1)..<min(lines.count, link.line + 2) where !done && lines[i].contains(link.url) {
                    if let r = Self.autolink(in: lines[i], url: link.url) {
                        let label = Self.titleFromFileName(LinkResolver.percentDecoded(String(replacement.prefix { $0 != "#" })))
                        lines[i].replaceSubrange(r, with: "[" + label.replacingOccurrences(of: "]", with: "\\]") + "](" + replacement + ")")
                        done = true
                    }
                }
            }
            // A reference link (`[instant loading]` ... `[instant loading]: ../setup/x.md`):
            // its destination is written on the definition's line, anywhere in the page
            // (often at its end, indented). Every use of it is one rewrite of that line.
            if !done {
                for i in lines.indices where !done {
                    let trimmed = lines[i].drop { $0 == " " || $0 == "\t" }
                    guard trimmed.hasPrefix("["), let close = trimmed.range(of: "]:") else { continue }
                    var dest = trimmed[close.upperBound...].drop { $0 == " " || $0 == "\t" }
                    let angle = dest.hasPrefix("<")
                    if angle { dest = dest.dropFirst() }
                    guard dest.hasPrefix(link.url) else { continue }
                    let after = dest.dropFirst(link.url.count)
                    guard angle ? after.hasPrefix(">") : (after.isEmpty || after.first == " " || after.first == "\t") else { continue }
                    lines[i].replaceSubrange(dest.startIndex..<after.startIndex, with: replacement)
                    definitions[link.url] = replacement
                    done = true
                }
            }
            // Another use of a definition already rewritten (another label with the same
            // destination was looked for first, above).
            if !done, definitions[link.url] == replacement { continue }
            if done { report.linksRewritten += 1 } else {
                report.notes.append("\(f):\(link.line + firstLine - 1): link '\(link.url)' should become '\(replacement)' but its text could not be found; edit it by hand")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Where `open + url + close` is written in `line` as a whole destination: followed by
    /// the end of the link (`)`, a title after a space) or of the definition's line. A bare
    /// match also found `]: /functions/css/sass/` inside `]: /functions/css/sass/#dart-sass`
    /// (gohugoio's docs), rewrote the other definition and left this one as it was.
    static func destination(in line: String, open: String, url: String, close: String) -> Range<String.Index>? {
        let needle = open + url + close
        var from = line.startIndex
        while let r = line.range(of: needle, range: from..<line.endIndex) {
            if !close.isEmpty { return r }
            let next = r.upperBound < line.endIndex ? line[r.upperBound] : nil
            let ends = open.hasPrefix("](") ? next == ")" || next == " " || next == "\t" : next == nil || next == " " || next == "\t"
            if ends { return r }
            from = line.index(after: r.lowerBound)
        }
        return nil
    }

    /// Where `url` is written in `line` as an autolink: `<url>` (the brackets included), or
    /// bare, not inside a link's destination or text, and ending there.
    static func autolink(in line: String, url: String) -> Range<String.Index>? {
        if let r = line.range(of: "<" + url + ">") { return r }
        var from = line.startIndex
        while let r = line.range(of: url, range: from..<line.endIndex) {
            from = r.upperBound
            let before = r.lowerBound > line.startIndex ? line[line.index(before: r.lowerBound)] : " "
            let after = r.upperBound < line.endIndex ? line[r.upperBound] : " "
            if "([<\"'/".contains(before) { continue }
            if after.isLetter || after.isNumber || "/#-_%".contains(after) { continue }
            return r
        }
        return nil
    }

    /// Where a link destination (`](dest)`) of `line` is written that cmark reads as `url`
    /// (character references such as `&eacute;` decoded), or nil.
    static func encodedDestination(in line: String, decodingTo url: String) -> Range<String.Index>? {
        var from = line.startIndex
        while let open = line.range(of: "](", range: from..<line.endIndex) {
            from = open.upperBound
            let rest = line[open.upperBound...]
            let end = rest.firstIndex { $0 == ")" || $0 == " " || $0 == "\t" } ?? rest.endIndex
            let written = rest[..<end]
            guard written.contains("&") else { continue }
            let links = Markdown.render("[x](" + written + ")", firstLine: 1, dropLeadingH1: false, collectText: false, renderHTML: false,
                                        anchors: { $0.map { _ in "" } }, rewriteURL: { _ in .keep }).links
            if links.first?.url == url { return written.startIndex..<written.endIndex }
        }
        return nil
    }

    /// The relative link that replaces `url`, nil to leave it (already right, external, or
    /// not found: then a note says so).
    mutating func resolveLink(_ written: String, from f: String, line: Int) -> String? {
        var url = written
        if site == .docsify {
            // A file only embedded is written out where it is (`expandDocsifyEmbeds`), not linked.
            if let file = docsifyFile(url, from: f), report.snippets.contains(file) { return nil }
            url = DocsifyMarkup.address(url)
            if let fromTop = docsifyLinkFromTop(url, from: f) { return fromTop == written ? nil : fromTop }
        }
        if site == .notion, let link = notionAddress(url, from: f) { return link }
        if wiki != nil {
            if let link = wikiLink(url, from: f) { return link == url ? nil : link }
            if let outside = wikiOutsideLink(url) { return outside }
        }
        // `?q=term` is a search on the old site (MkDocs Material's), not a link to a page.
        if url.hasPrefix("#"), url.count > 1, let fixed = anchorCase(String(url.dropFirst()), inPage: f) { return "#" + fixed }
        // A page of the corpus at its repository's web address (`https://github.com/.../blob/...`).
        if url.hasPrefix("http"), let own = ownRepositoryLink(url, from: f) { return own }
        if url.isEmpty || url.hasPrefix("#") || url.hasPrefix("?") || url.hasPrefix("//") || LinkResolver.hasScheme(url) { return nil }
        var pathPart = Substring(url)
        var anchor = ""
        if let hash = pathPart.firstIndex(of: "#") { anchor = String(pathPart[hash...]); pathPart = pathPart[..<hash] }
        if let q = pathPart.firstIndex(of: "?") { pathPart = pathPart[..<q] }
        let decoded = LinkResolver.percentDecoded(String(pathPart))
        // A Docusaurus translation links as its original does (the same path inside `docs/`).
        let folder = PathText.parent(of: Self.docsEquivalent(f))
        var target: String?
        if decoded.hasPrefix("/") {
            var rest = Substring(decoded)
            if basePath != "/" {
                guard rest == basePath || rest.hasPrefix(basePath + "/") else {
                    // An old address of a page (`redirect_from`) need not be under it.
                    var old = rest.drop { $0 == "/" }
                    while old.hasSuffix("/") { old = old.dropLast() }
                    if let page = publishedPaths[String(old)], let dest = pagePaths[page] {
                        return relativeLink(to: dest, from: f, anchor: anchor, url: written)
                    }
                    // Hugo's link render hooks (its own, used by default since 0.123, and Hugo
                    // Book's) find the page a path names from the content's top, whatever the
                    // base URL: hugo-book's example site, served under `/hugo-book/`, links
                    // `/docs/content/pages/` (13 links were left as written).
                    if tool == .hugo, let dest = find(String(old)), dest.hasSuffix(".md") {
                        return relativeLink(to: dest, from: f, anchor: anchor, url: written)
                    }
                    // Docusaurus serves its static folder at the site's root, not under `/docs`.
                    if let file = staticFile(String(old)) { return relativeLink(to: file, from: f, anchor: anchor, url: written) }
                    foldedNote(at: "\(f):\(line)", file: f, "link '\(url)' is outside the base path \(basePath); left as written")
                    return nil
                }
                rest = rest.dropFirst(basePath.count)
            }
            target = find(String(rest.drop { $0 == "/" }))
            // A versioned Docusaurus site (a `versions.json` beside its configuration) serves
            // the docs folder, its next version, under `next/`: react-native-website links
            // `/docs/next/document-nodes` 24 times.
            if target == nil, rest.hasPrefix("/next/"), docusaurusVersioned {
                target = find(String(rest.dropFirst("/next/".count)))
            }
            // A file of the static folder at a path under the docs' base path, as Docusaurus
            // serves it from the site's root (react-native-website's `/docs/assets/x.png` is
            // `website/static/docs/assets/x.png`: 85 pictures were broken links).
            if target == nil, basePath != "/", !decoded.hasSuffix("/"), let file = staticFile(String(decoded.drop { $0 == "/" })) { target = file }
        } else {
            // Relative to the file's folder (MkDocs, Docusaurus, GitHub), else to the page's
            // own URL folder (pretty URLs: `a/b.md` is served at `a/b/`). Hugo and Jekyll: a
            // link to an address (not a `.md` file) is relative to the page's address first, as
            // the browser resolved it: `../starting-a-project/` on `/ar/building-community/` is
            // `/ar/starting-a-project/`, the translation, not the original next to the file's folder.
            let urlFolder: String
            if tool == .hugo || tool == .jekyll {
                urlFolder = addressFolder(f)
            } else {
                let stem = ((Self.docsEquivalent(f) as NSString).deletingPathExtension as NSString).lastPathComponent
                urlFolder = ["index", "_index", "readme"].contains(stem.lowercased()) ? folder : (folder.isEmpty ? stem : folder + "/" + stem)
            }
            let addressFirst = (tool == .hugo || tool == .jekyll) && !Self.isPage(decoded)
            var bases = addressFirst ? [urlFolder, folder] : [folder, urlFolder]
            // A Jekyll site without pretty URLs serves `tools/slack.md` at `tools/slack.html`, yet
            // a corpus read as Jekyll's for want of a configuration (an Eleventy handbook) serves
            // it at `tools/slack/`, where `getting-started/` is `tools/slack/getting-started.md`.
            // Tried last: a link that leads somewhere either way keeps its first reading.
            if tool == .jekyll {
                let stem = ((f as NSString).lastPathComponent as NSString).deletingPathExtension
                if !["index", "_index", "readme"].contains(stem.lowercased()) { bases.append(folder.isEmpty ? stem : folder + "/" + stem) }
            }
            for base in bases where target == nil {
                if let joined = Self.join(base, decoded) { target = find(joined) }
            }
            // A language folder's pages are served as if it were not there (mkdocs-static-i18n's
            // folder layout: `en/` at the top, `fr/` under `/fr/`, a page with no translation
            // served from the default language's): `assets/x.png` on `en/index.md` is the top's
            // `assets/`, `english_only.md` on `fr/index.md` the English page (`find` tries the
            // default language's folder).
            if target == nil, let slash = f.firstIndex(of: "/"), case let first = String(f[..<slash]),
               first == defaultLanguageFolder || (translations[f] != nil && LanguageFolders.tag(first) != nil) {
                let inner = folder == first ? "" : String(folder.dropFirst(first.count + 1))
                if let joined = Self.join(inner, decoded) { target = find(joined) }
            }
            // Docusaurus then tries a file path from the docs folder's top (redux's glossary,
            // in understanding/thinking-in-redux/, links `api/Store.md#dispatchaction`).
            if target == nil, tool == .docusaurus, Self.isPage(decoded), let base = Self.join("", decoded) { target = find(base) }
            // Obsidian writes a Markdown link's path from the vault's top, or only the file's
            // name when no other file has it ("shortest path"), when so set.
            if target == nil, site == .obsidian, let base = Self.join("", decoded) {
                target = find(base)
                if target == nil, !base.contains("/") {
                    let names = obsidianNames()
                    let key = base.lowercased()
                    if let page = names.pages[key.hasSuffix(".md") ? String(key.dropLast(3)) : key] { target = names.destinations[page] }
                    else if let file = names.files[key] { target = assetMoves[file] ?? file }
                }
            }
            // A wiki addresses its pages by name, from any folder (`How-to-install`).
            if target == nil, wiki != nil, let page = wikiPage(decoded) { target = pagePaths[page] }
            // Hugo: a file of the static folder (or `assets/`) named from the site's root. Themes'
            // `figure` shortcodes pass `src` through `relURL`, so `assets/x.png` is `/assets/x.png`
            // on every page (mastodon's documentation: 112 screenshots).
            if target == nil, tool == .hugo, !Self.isPage(decoded), let base = Self.join("", decoded), !base.isEmpty { target = staticFile(base) }
        }
        guard let target else {
            foldedNote(at: "\(f):\(line)", file: f, "link '\(written)' does not lead to a file of the corpus; left as written")
            return nil
        }
        if anchor.count > 1, let source = sourceOfDestination(target), let fixed = anchorCase(String(anchor.dropFirst()), inPage: source) {
            anchor = "#" + fixed
        }
        return relativeLink(to: target, from: f, anchor: anchor, url: written)
    }

    /// The heading anchors of page `f` (source path) as the build will make them, and GitHub's
    /// forms of them, read once per page.
    mutating func headingAnchors(_ f: String) -> Set<String> {
        if let known = anchorsByPage[f] { return known }
        var anchors = Set<String>()
        if let page = pageSource(f), case .success(let parsed)? = page.parsed {
            // An id the import repairs (`{##x}`) is the anchor it writes, and a GitBook
            // heading's `<a id>` its `{#id}`.
            let body = site == .gitBook ? GitBookBlocks.convert(parsed.body).text : parsed.body
            let rendered = Markdown.render(body, firstLine: 1, dropLeadingH1: false, collectText: false, renderHTML: false,
                                           anchors: { $0.map { h in
                                               guard let id = h.attributes?.id else { return Slug.anchor(h.text) }
                                               let fixed = Slug.isValidAnchor(id) ? id : HeadingAnchorRepair.repaired(id)
                                               return fixed.isEmpty ? Slug.anchor(h.text) : fixed
                                           } }, rewriteURL: { _ in .keep })
            var own = Set<String>()
            for (h, a) in zip(rendered.headings, rendered.anchors) {
                anchors.insert(a)
                own.insert(a)
                if h.attributes?.id == nil { anchors.insert(Slug.githubAnchor(h.text)) }
            }
            ownAnchorsByPage[f] = own
        }
        anchorsByPage[f] = anchors
        return anchors
    }

    /// The anchor of page `f` that `anchor` names with other capitals (`#Merge-develop-into-master`
    /// for the heading "Merge develop into master", as GitHub, which finds it, lets wikis and
    /// READMEs write them; a browser does not), or nil when it is right or names none or several.
    ///
    /// Also an anchor that names one of the page's headings with other punctuation, as other
    /// tools' slugs and hand-written anchors do: GitBook's `#id-2.-hooks-for-data-storage` for
    /// "2. Hooks for data storage", `#step-1:-notify-your-manager-&-the-people-team`. Their
    /// letters and digits (without GitBook's `id-` before a digit) must be those of exactly one
    /// heading anchor; a link that already lands is never changed.
    mutating func anchorCase(_ anchor: String, inPage f: String) -> String? {
        let decoded = LinkResolver.percentDecoded(anchor)
        let anchors = headingAnchors(f)
        guard !anchors.contains(decoded) else { return nil }
        if decoded.contains(where: \.isUppercase) {
            let lower = decoded.lowercased()
            let matches = anchors.filter { $0.lowercased() == lower }
            if matches.count == 1 { return LinkResolver.percentEncoded(matches.first!) }
        }
        func key(_ s: String) -> String {
            var t = Substring(s.lowercased())
            if t.hasPrefix("id-"), t.dropFirst(3).first?.isNumber == true { t = t.dropFirst(3) }
            return String(t.filter { $0.isLetter || $0.isNumber })
        }
        let wanted = key(decoded)
        guard wanted.count >= 3 else { return nil }
        // The build's anchors only: GitHub's form of a heading's anchor has the same letters.
        _ = headingAnchors(f)
        let matches = (ownAnchorsByPage[f] ?? []).filter { key($0) == wanted }
        return matches.count == 1 ? LinkResolver.percentEncoded(matches.first!) : nil
    }

    /// The source page imported as `destination`, or nil for a file that is not a page.
    mutating func sourceOfDestination(_ destination: String) -> String? {
        if sourcesByDestination.isEmpty { for (source, dest) in pagePaths { sourcesByDestination[dest] = source } }
        return sourcesByDestination[destination]
    }

    /// The relative link from page `f` to the imported file `target`; nil when it is `url` already.
    func relativeLink(to target: String, from f: String, anchor: String, url: String) -> String? {
        let relative = Self.relativePath(from: pagePaths[f] ?? f, to: target)
        let result = relative.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0 == ".." ? ".." : LinkResolver.percentEncoded(String($0)) }.joined(separator: "/") + anchor
        return result == url ? nil : result
    }

    /// The destination file a corpus path points at: the page itself, with `.md` added,
    /// the folder's index page, or a copied file.
    mutating func find(_ path: String) -> String? {
        var p = path
        while p.hasSuffix("/") { p.removeLast() }
        let candidates: [String]
        if p.isEmpty {
            candidates = ["index.md", "_index.md", "README.md", "index.mdx"]
        } else {
            let stripped = p.lowercased().hasSuffix(".html") ? String(p.dropLast(5)) : p
            // A folder's README.md is published as its index.html (GitBook, mdBook, GitHub Pages).
            let name = (stripped as NSString).lastPathComponent
            let readme = p.lowercased().hasSuffix(".html") && name == "index" ? [PathText.parent(of: stripped).isEmpty ? "README.md" : PathText.parent(of: stripped) + "/README.md"] : []
            candidates = [p, stripped + ".md", stripped + ".markdown", stripped + ".mdx",
                          stripped + "/index.md", stripped + "/_index.md", stripped + "/README.md", stripped + "/index.mdx"] + readme
        }
        for c in candidates {
            if let dest = pagePaths[c] { return dest }
            if assetPaths.contains(c) { return assetMoves[c] ?? c }
        }
        let stripped = p.lowercased().hasSuffix(".html") ? String(p.dropLast(5)) : p
        if let source = publishedPaths[stripped] ?? publishedPaths[p] { return pagePaths[source] }
        // Hugo publishes at lowercased addresses: `/functions/lang/translate/` is `functions/lang/Translate.md`.
        if tool == .hugo, !p.isEmpty {
            var key = stripped.lowercased()
            for ext in [".md", ".markdown", ".mdx"] where key.hasSuffix(ext) { key = String(key.dropLast(ext.count)) }
            let pages = lowercasedPages()
            if let hits = pages[key] ?? pages[key + "/_index"] ?? pages[key + "/index"], hits.count == 1 { return pagePaths[hits[0]] }
        }
        // Hugo serves the default language's folder at the top: `/admin/config` is `en/admin/config.md`.
        if let folder = defaultLanguageFolder, !p.hasPrefix(folder + "/"), let found = find(p.isEmpty ? folder : folder + "/" + p) { return found }
        if !p.isEmpty, !p.hasSuffix(".md"), pagePaths[p] == nil, !assetPaths.contains(p), let found = staticFile(p) { return found }
        // Next.js' route groups (Fumadocs, Nextra): a folder named `(framework)` is no part of
        // the address, so `/docs/internationalization` is `(framework)/internationalization.mdx`.
        if site == nil, !p.isEmpty, let source = routeGroupPages()[stripped.lowercased().hasSuffix(".md") || stripped.lowercased().hasSuffix(".mdx") ? (stripped as NSString).deletingPathExtension : stripped] {
            return pagePaths[source]
        }
        // Starlight shows the default language's page for a page a language does not have
        // (`/it/guides/search/` with no `it/guides/search.md` is `guides/search.md`).
        if site == .starlight, let slash = p.firstIndex(of: "/"), isStarlightLocale(String(p[..<slash])) {
            return find(String(p[p.index(after: slash)...]))
        }
        // Mintlify: an old address leads where its redirect does (at most a few hops).
        if site == .mintlify, redirectHops < 4, let next = mintlifyRedirect(p), next != p {
            redirectHops += 1
            defer { redirectHops -= 1 }
            return find(next)
        }
        return nil
    }

    /// The static folder the tool serves at the site's root: Hugo's `static/`, Docusaurus'
    /// `static/` beside its configuration (`website/static/img/x.png` is `/img/x.png`), and
    /// for a corpus of no known tool its `public/` or `static/` (`plainStaticFolder`).
    var staticFolder: String? {
        switch tool {
        case .hugo: return source + "/static"
        case .docusaurus: return DocsTool.docusaurusConfig(source).map { PathText.parent(of: $0) + "/static" }
        default: return plainStaticFolder
        }
    }

    /// `p` when it is a file of the static folder (then copied, as `p`), else nil.
    /// Hugo: also a file of `assets/`, where Hugo's `figure` finds a site-absolute `src` that is
    /// no page resource (gohugoio's docs keep their example photos there).
    mutating func staticFile(_ p: String) -> String? {
        guard let folder = staticFolder else { return nil }
        if hugoStatic == nil { hugoStatic = Set(Self.files(below: folder)) }
        if hugoStatic?.contains(p) == true {
            staticUsed.insert(p)
            return p
        }
        guard tool == .hugo else { return nil }
        if hugoAssets == nil { hugoAssets = Set(Self.files(below: source + "/assets")) }
        guard hugoAssets?.contains(p) == true else { return nil }
        staticUsed.insert(p)
        assetsUsed.insert(p)
        return p
    }

    /// `relative` joined onto `folder`; "" for the corpus' root, nil when it climbs out of it.
    static func join(_ folder: String, _ relative: String) -> String? {
        var parts = folder.split(separator: "/").map(String.init)
        for c in relative.split(separator: "/") {
            if c == "." { continue }
            if c == ".." { if parts.isEmpty { return nil }; parts.removeLast() } else { parts.append(String(c)) }
        }
        return parts.joined(separator: "/")
    }

    /// `a/b/c.md` from `a/d.md` -> `b/c.md`; from `x/y.md` -> `../a/b/c.md`.
    static func relativePath(from: String, to: String) -> String {
        let fromParts = Array(from.split(separator: "/").dropLast())
        let toParts = to.split(separator: "/")
        var common = 0
        while common < fromParts.count, common < toParts.count - 1, fromParts[common] == toParts[common] { common += 1 }
        let ups = Array(repeating: "..", count: fromParts.count - common)
        return (ups + toParts[common...].map(String.init)).joined(separator: "/")
    }
}
