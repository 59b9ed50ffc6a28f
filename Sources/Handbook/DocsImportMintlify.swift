import Foundation

// Mintlify (issue 16): a hosted docs tool many product and policy teams keep their handbook
// in: MDX pages, a `docs.json` (formerly `mint.json`) that gives the navigation, redirects and
// languages, and a library of components (`<Note>`, `<Steps>`, `<Tabs>`, `<Accordion>`,
// `<Card>`). Read as plain Markdown, mintlify's own docs imported with no folder titled and
// no page ordered, every component was shown as text (331 build warnings), the snippets
// under `snippets/` became pages, and the pages Mintlify makes from an OpenAPI file were
// empty.

extension DocsImport {
    /// A Mintlify site: a `docs.json` that names Mintlify's schema or holds its `navigation`,
    /// or a `mint.json`, at the top of the corpus or in its `docs/`; its pages are beside it.
    static func mintlifySite(_ src: String) -> FrameworkSite? {
        for folder in ["", "docs"] {
            let top = folder.isEmpty ? src : src + "/" + folder
            for name in ["docs.json", "mint.json"] {
                switch MintlifyConfig.load(top + "/" + name) {
                case nil: continue
                case .success(let config):
                    guard name == "mint.json" || config.schemaIsMintlify || config.hasNavigation else { continue }
                case .failure(let error):
                    // Not JSON: Mintlify's when it says so (the import then says what is wrong with it).
                    guard name == "mint.json" || error.namesMintlify else { continue }
                }
                return FrameworkSite(kind: .mintlify, root: top, config: folder.isEmpty ? name : folder + "/" + name)
            }
        }
        return nil
    }
}

/// What the import takes from `docs.json` or `mint.json`: the navigation as a table of
/// contents, the redirects, the languages and which is the default.
struct MintlifyConfig {
    var schemaIsMintlify = false
    var hasNavigation = false
    /// The navigation, one tree per language (the default language's first).
    var navigation: [SummaryItem] = []
    /// `navigation.languages`: each language's code; the default one (marked `default`, else the first).
    var languages: [String] = []
    var defaultLanguage: String?
    var redirects: [(from: String, to: String)] = []
    /// Problems reading it, for the import's notes.
    var problems: [String] = []

    /// Reads a configuration file: nil when it is missing; what is wrong with it (naming the
    /// line) when it is over 8 MB or not a JSON object.
    static func load(_ path: String) -> Result<MintlifyConfig, MintlifyConfigError>? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let namesMintlify = String(decoding: data.prefix(64 << 10), as: UTF8.self).lowercased().contains("mintlify")
        guard data.count < 8 << 20 else { return .failure(MintlifyConfigError(message: "over 8 MB", namesMintlify: namesMintlify)) }
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                return .failure(MintlifyConfigError(message: "not a JSON object", namesMintlify: namesMintlify))
            }
            return .success(MintlifyConfig(object, folder: PathText.parent(of: path)))
        } catch {
            // Foundation says where: "Invalid value around character 23."
            let detail = (error as NSError).userInfo["NSDebugDescription"] as? String ?? "\(error)"
            var line = 1
            if let n = detail.firstMatch(of: /character (\d+)/).flatMap({ Int($0.1) }) {
                line += data.prefix(n).reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            }
            return .failure(MintlifyConfigError(message: "not valid JSON", line: line, namesMintlify: namesMintlify))
        }
    }

    init(_ object: [String: Any], folder: String) {
        schemaIsMintlify = (object["$schema"] as? String)?.lowercased().contains("mintlify") ?? false
        /// `{"$ref": "redirects.json"}`: the value kept in another file of the site.
        func resolve(_ value: Any?) -> Any? {
            guard let ref = (value as? [String: Any])?["$ref"] as? String, !ref.contains("..") else { return value }
            guard let data = FileManager.default.contents(atPath: folder + "/" + ref), data.count < 8 << 20 else {
                problems.append("'$ref' '\(ref)' names no readable file; its part of the configuration is left out")
                return nil
            }
            return try? JSONSerialization.jsonObject(with: data)
        }
        let navigation = resolve(object["navigation"])
        hasNavigation = navigation != nil
        if let list = navigation as? [Any] {
            // mint.json: a list of groups.
            self.navigation = Self.items(list, depth: 0, resolve: resolve)
        } else if let nav = navigation as? [String: Any] {
            if let languages = resolve(nav["languages"]) as? [Any] {
                var trees: [(String, [SummaryItem])] = []
                for entry in languages {
                    guard let language = resolve(entry) as? [String: Any] else { continue }
                    let code = (language["language"] as? String) ?? ""
                    self.languages.append(code)
                    if (language["default"] as? Bool) == true { defaultLanguage = code }
                    trees.append((code, Self.children(of: language, depth: 0, resolve: resolve)))
                }
                if defaultLanguage == nil { defaultLanguage = self.languages.first }
                // The default language's tree first: its titles win for a folder both name.
                for (code, tree) in trees where code == defaultLanguage { self.navigation += tree }
                for (code, tree) in trees where code != defaultLanguage { self.navigation += tree }
            } else {
                self.navigation = Self.children(of: nav, depth: 0, resolve: resolve)
            }
        }
        if let list = resolve(object["redirects"]) as? [Any] {
            for case let r as [String: Any] in list {
                if let from = r["source"] as? String, let to = r["destination"] as? String { redirects.append((from, to)) }
            }
        }
    }

    /// The keys that hold a level of the navigation, each with the key naming its entries.
    static let levels: [(list: String, name: String)] = [
        ("versions", "version"), ("products", "product"), ("dropdowns", "dropdown"), ("tabs", "tab"),
        ("anchors", "anchor"), ("menu", "item"), ("groups", "group"), ("pages", "group"),
    ]

    /// The entries under one level of `docs.json`'s navigation (a language, tab, anchor, ...).
    static func children(of node: [String: Any], depth: Int, resolve: (Any?) -> Any?) -> [SummaryItem] {
        var out: [SummaryItem] = []
        for (key, _) in levels {
            guard let list = resolve(node[key]) as? [Any] else { continue }
            out += items(list, depth: depth, resolve: resolve)
        }
        return out
    }

    /// A list of entries: a page (its path without the extension, from the site's top) or an
    /// object (a group, tab, anchor, ... titled by its name, with `root` its own page).
    static func items(_ list: [Any], depth: Int, resolve: (Any?) -> Any?) -> [SummaryItem] {
        var out: [SummaryItem] = []
        for entry in list {
            if let page = entry as? String {
                out.append(SummaryItem(title: "", path: page, depth: depth))
                continue
            }
            guard let object = resolve(entry) as? [String: Any] else { continue }
            var title = ""
            for (_, name) in levels { if let t = object[name] as? String { title = t; break } }
            if title.isEmpty, let t = object["name"] as? String { title = t }  // mint.json's tabs
            let children = Self.children(of: object, depth: depth + 1, resolve: resolve)
            let root = object["root"] as? String
            // An entry that only links elsewhere (`{"tab": "Blog", "href": "https://..."}`) has nothing under it.
            if children.isEmpty && root == nil { continue }
            out.append(SummaryItem(title: title, path: root, depth: depth, children: children))
        }
        return out
    }
}

/// Why a Mintlify configuration file cannot be read, and where.
struct MintlifyConfigError: Error {
    var message: String
    var line: Int?
    /// The file names Mintlify (its `$schema`): a site of Mintlify's, whose file is broken.
    var namesMintlify = false
}

extension Importer {
    /// Mintlify: its `docs.json` or `mint.json` (with the files it names by `$ref`), read once
    /// (`readMintlify`) for the navigation, languages and redirects alike.
    var mintlifyConfig: MintlifyConfig? {
        guard case .success(let config)? = mintlifyLoaded else { return nil }
        return config
    }

    /// Mintlify: the navigation gives the pages' order and the folders' titles (a page's own
    /// `sidebarTitle` or `title` stays its name); `snippets/` holds the text pages import,
    /// not pages; the languages' folders (`es/`) hold translations of the default language's
    /// pages, which go beside their originals as `page.es.md`.
    mutating func readMintlify() {
        let name = siteConfig ?? "docs.json"
        mintlifyLoaded = MintlifyConfig.load(source + "/" + name)
        if case .failure(let error)? = mintlifyLoaded {
            report.notes.append("\(name)\(error.line.map { ":\($0)" } ?? ""): \(error.message); the navigation, redirects and languages it gives are not read (the pages and their components are): correct it and import again")
            return
        }
        guard let config = mintlifyConfig else { return }
        for p in config.problems { report.notes.append("\(name): \(p)") }
        // Snippets are imported by pages (`import X from '/snippets/x.mdx'`, `<Snippet file="x.mdx" />`).
        let snippets = pagePaths.keys.filter { $0.hasPrefix("snippets/") || $0.hasPrefix("_snippets/") }.sorted()
        for f in snippets { pagePaths[f] = nil }
        if let first = snippets.first {
            report.notes.append("\(first): \(snippets.count) Mintlify snippet\(snippets.count == 1 ? "" : "s") (snippets/) left out as pages; the pages that import one get its text")
        }
        var resolved = config.navigation
        func resolve(_ items: inout [SummaryItem]) {
            for i in items.indices {
                if let p = items[i].path { items[i].path = summaryPage(p) }
                resolve(&items[i].children)
            }
        }
        resolve(&resolved)
        if !resolved.isEmpty {
            applySummary(resolved)
            report.notes.append("\(name): Mintlify's navigation, read for the pages' order and the folders' titles")
        }
        placeMintlifyLanguages(config)
        mintlifyRedirects = config.redirects.filter { !LinkResolver.hasScheme($0.to) && !$0.to.hasPrefix("//") }
    }

    /// Where Mintlify's redirects send `path` (from the site's top, no leading `/`): the
    /// destination of the first redirect whose source matches it, `:name` standing for one
    /// part of the path and a last `:name*` for the rest (`/docs/latest/:slug*` ->
    /// `/docs/2025-06-18/:slug*`); nil when none does. A link to an old address leads to the
    /// page it redirects to, as it does on the site.
    func mintlifyRedirect(_ path: String) -> String? {
        let parts = path.split(separator: "/").map(String.init)
        for (from, to) in mintlifyRedirects {
            let pattern = from.split(separator: "/").map(String.init)
            var values: [String: String] = [:]
            var matched = true
            var k = 0
            for (i, segment) in pattern.enumerated() {
                if segment.hasPrefix(":"), segment.hasSuffix("*"), i == pattern.count - 1 {
                    values[String(segment.dropFirst().dropLast())] = parts.dropFirst(k).joined(separator: "/")
                    k = parts.count
                    break
                }
                guard k < parts.count else { matched = false; break }
                if segment.hasPrefix(":") { values[String(segment.dropFirst())] = parts[k] } else if segment != parts[k] { matched = false; break }
                k += 1
            }
            guard matched, k == parts.count else { continue }
            var out: [String] = []
            for segment in to.prefix(while: { $0 != "#" && $0 != "?" }).split(separator: "/").map(String.init) {
                if segment.hasPrefix(":") {
                    let name = segment.hasSuffix("*") ? String(segment.dropFirst().dropLast()) : String(segment.dropFirst())
                    guard let value = values[name] else { out.append(segment); continue }
                    if !value.isEmpty { out.append(value) }
                } else {
                    out.append(segment)
                }
            }
            return out.joined(separator: "/")
        }
        return nil
    }

    /// `es/quickstart.mdx` -> `quickstart.es.md` with `translation_of` when `quickstart.mdx`
    /// is a page; a translation with no original stays where it is.
    mutating func placeMintlifyLanguages(_ config: MintlifyConfig) {
        guard let main = config.defaultLanguage else { return }
        var taken = Set(pagePaths.values)
        var linked = 0
        var languages: [String] = []
        for lang in config.languages where lang != main && !lang.isEmpty {
            for f in pagePaths.keys.sorted() where f.hasPrefix(lang + "/") {
                let original = String(f.dropFirst(lang.count + 1))
                guard let originalDest = pagePaths[original], translations[original] == nil else { continue }
                guard placeTranslation(f, beside: originalDest, of: original, lang: lang, taken: &taken) else { continue }
                linked += 1
                if !languages.contains(lang) { languages.append(lang) }
            }
            // A language's folder holds no pages of its own any more: its titles go with it.
            categories = categories.filter { $0.key != lang && !$0.key.hasPrefix(lang + "/") }
        }
        if linked > 0 {
            report.notes.append("Mintlify languages: \(main) at its place; \(languages.joined(separator: ", ")) beside their originals as page.<lang>.md; \(linked) translations linked to their originals with translation_of")
        }
    }

    /// Mintlify's redirects (`redirects` in `docs.json`), each an old address of the page it
    /// leads to. Wildcards (`/blog/:slug*`) and redirects to other sites are left out, in one note each.
    mutating func readMintlifyRedirects() {
        guard let config = mintlifyConfig else { return }
        let name = siteConfig ?? "docs.json"
        var elsewhere: [(from: String, to: String)] = []
        var patterns: [String] = []
        var missing: [String] = []
        for (from, to) in config.redirects {
            if LinkResolver.hasScheme(to) || to.hasPrefix("//") { elsewhere.append((from, to)); continue }
            if from.contains(":") || from.contains("*") || from.contains(" ") { patterns.append(from); continue }
            let path = String(to.prefix { $0 != "#" && $0 != "?" }.drop { $0 == "/" })
            guard let target = find(path), let page = sourcePage(writtenAs: target) else { missing.append(from); continue }
            let old = "/" + from.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            if !(gitBookRedirects[page]?.contains(old) ?? false) { gitBookRedirects[page, default: []].append(old) }
        }
        if let first = elsewhere.first {
            report.notes.append("\(name): \(elsewhere.count == 1 ? "a redirect" : "\(elsewhere.count) redirects") to other sites left out ('\(first.from)' to \(first.to)\(elsewhere.count > 1 ? ", ..." : "")): a Casebook redirect leads to a page of the handbook")
        }
        if let first = patterns.first {
            report.notes.append("\(name): \(patterns.count) redirect\(patterns.count == 1 ? "" : "s") written as a pattern ('\(first)'\(patterns.count > 1 ? ", ..." : "")) left out: a Casebook redirect names one address (links of the pages that lead to one are followed to its page)")
        }
        if let first = missing.first {
            report.notes.append("\(name): \(missing.count) redirect\(missing.count == 1 ? "" : "s") to no page of the site left out ('\(first)'\(missing.count > 1 ? ", ..." : ""))")
        }
    }

    /// A page Mintlify makes from an API description (`openapi: POST /users` or `api:` in its
    /// front matter, nothing below): Casebook does not render API descriptions, so the page
    /// says where its content comes from rather than being empty.
    func mintlifyGeneratedBody(_ parsed: SourceText) -> String? {
        guard site == .mintlify, parsed.body.allSatisfy({ $0.isWhitespace }) else { return nil }
        for key in ["openapi", "api", "asyncapi"] {
            guard let value = parsed.frontMatter[key]?.scalar, !value.isEmpty else { continue }
            return "\nMintlify generates this page from the site's API description (`\(key): \(value)`); Casebook does not show API descriptions.\n"
        }
        return nil
    }
}
