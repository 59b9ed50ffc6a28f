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
                case .failure:
                    // Not JSON: Mintlify's when it says so (the import then says what is wrong with it).
                    guard name == "mint.json" || FileManager.default.contents(atPath: top + "/" + name).map({ String(decoding: $0, as: UTF8.self).lowercased().contains("mintlify") }) == true else { continue }
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

    /// Reads a configuration file; nil when it is missing, over 8 MB or not a JSON object.
    static func read(_ path: String) -> MintlifyConfig? {
        guard case .success(let config)? = load(path) else { return nil }
        return config
    }

    /// Reads a configuration file: nil when it is missing; what is wrong with it (naming the
    /// line) when it is over 8 MB or not a JSON object.
    static func load(_ path: String) -> Result<MintlifyConfig, MintlifyConfigError>? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard data.count < 8 << 20 else { return .failure(MintlifyConfigError(message: "over 8 MB")) }
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                return .failure(MintlifyConfigError(message: "not a JSON object"))
            }
            return .success(MintlifyConfig(object, folder: PathText.parent(of: path)))
        } catch {
            // Foundation says where: "Invalid value around character 23."
            let detail = (error as NSError).userInfo["NSDebugDescription"] as? String ?? "\(error)"
            var line = 1
            if let n = detail.firstMatch(of: /character (\d+)/).flatMap({ Int($0.1) }) {
                line += data.prefix(n).reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            }
            return .failure(MintlifyConfigError(message: "not valid JSON", line: line))
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
}

extension Importer {
    /// Mintlify: its `docs.json` or `mint.json`, read when asked.
    var mintlifyConfig: MintlifyConfig? {
        siteConfig.flatMap { MintlifyConfig.read(source + "/" + $0) }
    }

    /// Mintlify: the navigation gives the pages' order and the folders' titles (a page's own
    /// `sidebarTitle` or `title` stays its name); `snippets/` holds the text pages import,
    /// not pages; the languages' folders (`es/`) hold translations of the default language's
    /// pages, which go beside their originals as `page.es.md`.
    mutating func readMintlify() {
        let name = siteConfig ?? "docs.json"
        if case .failure(let error)? = MintlifyConfig.load(source + "/" + name) {
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

/// Mintlify's components, written as Markdown every renderer shows, each line kept on its line
/// (a tag line becomes a title line or a blank one):
/// - call-outs (`<Note>`, `<Tip>`, `<Info>`, `<Warning>`, `<Check>`, `<Danger>`, `<Callout>`):
///   a quoted box, its kind in bold;
/// - `<Step title>` (numbered within its `<Steps>`), `<Tab title>`, `<Accordion title>`,
///   `<Expandable title>`, `<Update label>`: the title in bold above the text;
/// - `<Card title href>` and `<Tile>`: the title in bold, a link when it has one;
/// - `<ResponseField name type required>` and `<ParamField query=...>`: the name in bold with
///   its type and whether it is required;
/// - `<Tree>`: a nested list of its folders and files;
/// - wrappers (`<Steps>`, `<Tabs>`, `<CardGroup>`, `<Columns>`, `<CodeGroup>`, `<Frame>`,
///   `<AccordionGroup>`, ...): left out, their text kept (a frame's caption in italics);
/// - inline: `<Tooltip tip>word</Tooltip>` is the word, `<Badge>` its text, `<Icon />` nothing;
/// - MDX comments `{/* ... */}` on lines of their own: left out.
/// The text inside a component is unindented by its own indentation (MDX reads no indented
/// code, CommonMark would), and fenced code is left alone. Other components (a site's own,
/// defined in its snippets) stay as text, counted by name.
enum MintlifyComponents {
    struct Counts {
        var boxes = 0, tabs = 0, components = 0
        /// Components kept as text, by name: how many uses and the first one's line (0-based).
        var kept: [String: (count: Int, line: Int)] = [:]
        /// Components opened and never closed, left as text: name and line (0-based).
        var unclosed: [(name: String, line: Int)] = []
    }

    static let callouts: [String: String] = ["Note": "Note", "Tip": "Tip", "Info": "Info", "Warning": "Warning",
                                             "Check": "Check", "Danger": "Danger", "Callout": "Note"]
    /// Components whose tags are left out and whose text is kept.
    static let wrappers: Set<String> = ["Steps", "Tabs", "AccordionGroup", "CardGroup", "Columns", "Column", "CodeGroup", "Frame",
                                        "RequestExample", "ResponseExample", "Visibility", "View", "Panel", "Tiles", "Tree",
                                        "Prompt", "Latex", "Mermaid", "Expandables", "FileTree", "Color.Row"]
    /// Components whose opening tag becomes a title line.
    static let titled: Set<String> = ["Step", "Tab", "Accordion", "Expandable", "Update", "Card", "Tile", "ResponseField",
                                      "ParamField", "Tree.Folder", "Tree.File", "Color.Item"]
    /// Components written inside a line whose text (or nothing) is kept.
    static let inline: Set<String> = ["Tooltip", "Badge", "Icon", "Color", "Kbd"]

    static var known: Set<String> { Set(callouts.keys).union(wrappers).union(titled).union(inline) }

    struct Frame {
        var name: String
        /// What the frame's lines are written after (the indentation and quote marks around them).
        var prefix: String
        /// The indentation of the first line inside it, taken off every line inside it.
        var contentIndent: Int?
        var steps = 0
        var treeDepth = 0
        /// A `<Frame caption>`'s caption, written on its closing line.
        var caption: String?
    }

    /// `fieldAnchors`: give fields their anchors (not in a snippet, whose text goes into pages
    /// that may have fields of the same name).
    static func convert(_ body: String, fieldAnchors: Bool = true) -> (text: String, counts: Counts) {
        var counts = Counts()
        guard body.contains("<") || body.contains("{/*") else { return (body, counts) }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out = lines
        var stack: [Frame] = []
        // Components the page imports (snippets, written out later) are not the site's own.
        let imported = Set(lines.compactMap { Importer.mdxImport($0.trimmingCharacters(in: .whitespaces))?.0 })
        var titleLines: [Int] = []
        /// The fields' anchors given so far: a name used twice gives its anchor once.
        var anchors = Set<String>()
        var fences = CodeFences()
        var i = 0
        func leading(_ s: String) -> Int { s.prefix { $0 == " " || $0 == "\t" }.count }
        /// The line as written inside the innermost frame: its indentation there taken off, its prefix put on.
        func placed(_ line: String) -> String {
            guard var frame = stack.last else { return line }
            let lead = leading(line)
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { return blank(frame.prefix) }
            if frame.contentIndent == nil { frame.contentIndent = lead; stack[stack.count - 1] = frame }
            return frame.prefix + line.dropFirst(min(lead, frame.contentIndent ?? 0))
        }
        func blank(_ prefix: String) -> String {
            var p = prefix
            while p.last == " " || p.last == "\t" { p.removeLast() }
            return p.contains(">") ? p : ""
        }
        /// The prefix of a component opened on a line indented `lead` inside the innermost frame.
        func openedPrefix(_ lead: Int) -> String {
            guard var frame = stack.last else { return String(repeating: " ", count: lead) }
            if frame.contentIndent == nil { frame.contentIndent = lead; stack[stack.count - 1] = frame }
            return frame.prefix + String(repeating: " ", count: max(0, lead - (frame.contentIndent ?? 0)))
        }
        while i < lines.count {
            let line = lines[i]
            if fences.isCode(line) {
                out[i] = placed(line)
                i += 1
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            // An MDX comment on lines of its own.
            if trimmed.hasPrefix("{/*") {
                var end = i
                while end < lines.count, !lines[end].contains("*/}"), end - i < 50 { end += 1 }
                if end < lines.count, lines[end].trimmingCharacters(in: .whitespaces).hasSuffix("*/}") {
                    for k in i...end { out[k] = blank(stack.last?.prefix ?? "") }
                    i = end + 1
                    continue
                }
            }
            // A picture written as JSX (`<img src=... />`, often over several lines, twice for
            // the light and dark themes): a Markdown picture, the dark theme's left out.
            if trimmed.hasPrefix("<img"), let tag = JSXTag.read(lines, line: i, lowercase: true), tag.name == "img", tag.selfClosing || tag.rest.trimmingCharacters(in: .whitespaces).isEmpty,
               let src = tag.attributes["src"], !src.isEmpty {
                let prefix = openedPrefix(leading(line))
                let darkOnly = tag.attributes["className"].map { $0.contains("dark:block") && !$0.contains("dark:hidden") } ?? false
                out[i] = darkOnly ? blank(prefix) : prefix + "![" + Self.escaped(tag.attributes["alt"] ?? "") + "](" + Self.linkTarget(src) + ")"
                for k in (i + 1)..<(i + tag.lines) where k < lines.count { out[k] = blank(stack.last?.prefix ?? "") }
                counts.components += 1
                i += tag.lines
                continue
            }
            guard trimmed.hasPrefix("<"), let tag = JSXTag.read(lines, line: i), known.contains(tag.name) else {
                if trimmed.hasPrefix("<"), let name = JSXTag.name(in: trimmed), name.first?.isUppercase == true, !known.contains(name), !imported.contains(name), !trimmed.hasPrefix("</") {
                    counts.kept[name] = ((counts.kept[name]?.count ?? 0) + 1, counts.kept[name]?.line ?? i)
                }
                // Text that ends the innermost component (`... last words.</Note>`).
                if let frame = stack.last, trimmed.hasSuffix("</" + frame.name + ">"), let close = line.range(of: "</" + frame.name + ">", options: .backwards) {
                    let text = String(line[..<close.lowerBound])
                    out[i] = inlineConverted(placed(text), counts: &counts)
                    stack.removeLast()
                } else {
                    out[i] = inlineConverted(placed(line), counts: &counts)
                }
                i += 1
                continue
            }
            let lead = leading(line)
            let span = tag.lines
            // The tag's other lines (attributes written over several lines) are left blank.
            for k in (i + 1)..<(i + span) where k < lines.count { out[k] = blank(stack.last?.prefix ?? "") }
            let rest = String(tag.rest)
            if tag.closing {
                // `</Note>`: the frame ends.
                if let k = stack.lastIndex(where: { $0.name == tag.name }) {
                    let frame = stack[k]
                    stack.removeSubrange(k...)
                    out[i] = frame.caption.map { frame.prefix + $0 } ?? blank(stack.last?.prefix ?? "")
                } else {
                    out[i] = blank(stack.last?.prefix ?? "")
                }
                i += span
                continue
            }
            // A component opened and never closed is left as written: taken as open, it would
            // quote or unindent the rest of the page.
            if !tag.selfClosing, !tag.rest.contains("</" + tag.name + ">"), !Self.closed(tag.name, in: lines, after: i + span) {
                counts.unclosed.append((tag.name, i))
                out[i] = placed(line)
                for k in (i + 1)..<(i + span) where k < lines.count { out[k] = placed(lines[k]) }
                i += span
                continue
            }
            let prefix = openedPrefix(lead)
            // Text only AI agents read (`<Visibility for="agents">`, for llms.txt): left out.
            if tag.name == "Visibility", tag.attributes["for"] == "agents", !tag.selfClosing {
                var depth = 1, k = i + span
                var inner = CodeFences()
                while k < lines.count {
                    if !inner.isCode(lines[k]) {
                        let t = lines[k].trimmingCharacters(in: .whitespaces)
                        if t.hasPrefix("<Visibility"), !t.hasSuffix("/>") { depth += 1 }
                        if t.hasPrefix("</Visibility>") { depth -= 1; if depth == 0 { break } }
                    }
                    k += 1
                }
                if k < lines.count {
                    for n in i...k { out[n] = blank(stack.last?.prefix ?? "") }
                    counts.components += 1
                    i = k + 1
                    continue
                }
            }
            // `<Note>text</Note>` on one line, `<Note>text` going on, or the tag alone.
            var text = rest
            var closesOnLine = tag.selfClosing
            if !tag.selfClosing, let close = text.range(of: "</" + tag.name + ">", options: .backwards) {
                closesOnLine = true
                text = String(text[..<close.lowerBound]) + String(text[close.upperBound...])
            }
            text = text.trimmingCharacters(in: .whitespaces)
            let a = tag.attributes
            var frame = Frame(name: tag.name, prefix: prefix)
            if let kind = callouts[tag.name] {
                let title = a["title"] ?? kind
                out[i] = prefix + "> **" + Self.escaped(title) + (text.isEmpty ? "**" : ":** " + inlineConverted(text, counts: &counts))
                frame.prefix = prefix + "> "
                counts.boxes += 1
            } else if wrappers.contains(tag.name) || inline.contains(tag.name) && !closesOnLine && text.isEmpty {
                // (An inline component written around lines of its own, `<Badge>` ... `</Badge>`, is one too.)
                out[i] = text.isEmpty ? blank(prefix) : prefix + inlineConverted(text, counts: &counts)
                counts.components += 1
                if tag.name == "Frame", let caption = a["caption"], !caption.isEmpty {
                    frame.caption = "*" + Self.escaped(caption) + "*"
                }
            } else if tag.name == "Tree.Folder" || tag.name == "Tree.File" {
                let depth = stack.last.map { $0.name == "Tree.Folder" ? $0.treeDepth + 1 : 0 } ?? 0
                let treePrefix = stack.last(where: { $0.name == "Tree" })?.prefix ?? prefix
                let itemName = (a["name"] ?? "") + (tag.name == "Tree.Folder" ? "/" : "")
                out[i] = treePrefix + String(repeating: "  ", count: depth) + "- " + Self.escaped(itemName)
                frame.treeDepth = depth
                frame.prefix = treePrefix
                counts.components += 1
            } else if titled.contains(tag.name) {
                var title = ""
                switch tag.name {
                case "Step":
                    if let k = stack.lastIndex(where: { $0.name == "Steps" }) {
                        stack[k].steps += 1
                        title = "\(Int(a["stepNumber"] ?? "") ?? stack[k].steps). "
                    }
                    title += a["title"] ?? ""
                    title = "**" + Self.escaped(title.trimmingCharacters(in: .whitespaces)) + "**"
                    counts.components += 1
                case "Tab":
                    title = "**" + Self.escaped(a["title"] ?? "Tab") + "**"
                    counts.tabs += 1
                case "Update":
                    title = "**" + Self.escaped(a["label"] ?? "Update") + "**" + (a["description"].map { " (" + Self.escaped($0) + ")" } ?? "")
                    counts.components += 1
                case "Card", "Tile":
                    let name = Self.escaped(a["title"] ?? "")
                    if let href = a["href"], !href.isEmpty, !name.isEmpty {
                        title = "**[" + name + "](" + Self.linkTarget(href) + ")**"
                    } else if !name.isEmpty {
                        title = "**" + name + "**"
                    }
                    counts.components += 1
                case "Color.Item":
                    title = "**" + Self.escaped(a["name"] ?? "") + "**" + (a["value"].map { " `" + $0 + "`" } ?? "")
                    counts.components += 1
                case "ResponseField", "ParamField":
                    var name = a["name"]
                    var place: String?
                    for key in ["path", "query", "body", "header"] where name == nil { if let v = a[key] { name = v; place = key } }
                    var details: [String] = []
                    if let place { details.append(place) }
                    if let type = a["type"], !type.isEmpty { details.append("`" + type + "`") }
                    if a["required"] != nil, a["required"] != "false" { details.append("required") }
                    if let d = a["default"], !d.isEmpty { details.append("default `" + d + "`") }
                    if a["deprecated"] != nil, a["deprecated"] != "false" { details.append("deprecated") }
                    // Mintlify links a field as `#param-<name>` (`thumbnails.background`: `#param-thumbnails-background`).
                    let anchor = "param-" + Self.fieldAnchor(name ?? "")
                    let id = fieldAnchors && anchor != "param-" && anchors.insert(anchor).inserted ? "{#" + anchor + "}" : ""
                    title = "**" + Self.escaped(name ?? "") + "**" + id + (details.isEmpty ? "" : " (" + details.joined(separator: ", ") + ")")
                    counts.components += 1
                default:
                    title = "**" + Self.escaped(a["title"] ?? tag.name) + "**"
                    counts.components += 1
                }
                if title == "****" { title = "" }
                let joined = text.isEmpty ? title : title.isEmpty ? inlineConverted(text, counts: &counts) : title + ": " + inlineConverted(text, counts: &counts)
                out[i] = joined.isEmpty ? blank(prefix) : prefix + joined
                if !title.isEmpty && text.isEmpty { titleLines.append(i) }
            } else {
                // An inline component at the start of a line (`<Badge>New</Badge> text`).
                out[i] = inlineConverted(placed(line), counts: &counts)
                i += span
                continue
            }
            if !closesOnLine { stack.append(frame) }
            i += span
        }
        lines = out
        for k in titleLines { Admonitions.endTitle(&lines, at: k) }
        return (lines.joined(separator: "\n"), counts)
    }

    /// Whether a line from `start` on (outside code) closes the component `name`.
    static func closed(_ name: String, in lines: [String], after start: Int) -> Bool {
        let close = "</" + name + ">"
        var fences = CodeFences()
        var k = start
        while k < lines.count {
            if !fences.isCode(lines[k]), lines[k].contains(close) { return true }
            k += 1
        }
        return false
    }

    /// A field's name as Mintlify's anchors write it: lower case, every run of other
    /// characters than letters, digits, `_` and `-` a hyphen.
    static func fieldAnchor(_ name: String) -> String {
        var out = ""
        for c in name.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-") { out.append(c) } else if out.last != "-" { out.append("-") }
        }
        while out.hasPrefix("-") { out.removeFirst() }
        while out.hasSuffix("-") { out.removeLast() }
        return out
    }

    /// Text written in bold or as a link's text, with the characters that would end it escaped.
    static func escaped(_ s: String) -> String {
        var out = ""
        for c in s {
            if "*_[]`\\".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// A link target as Markdown takes it (spaces and parentheses would end it).
    static func linkTarget(_ href: String) -> String {
        href.contains(" ") || href.contains("(") || href.contains(")") ? "<" + href.replacingOccurrences(of: ">", with: "%3E") + ">" : href
    }

    /// `line` with the inline components written as their text: `<Tooltip tip="...">word</Tooltip>`
    /// is the word, `<Badge ...>New</Badge>` is "New", `<Icon icon="x" />` nothing. Code spans are left alone.
    static func inlineConverted(_ line: String, counts: inout Counts) -> String {
        guard line.contains("<") else { return line }
        guard line.contains("`") else { return inlineOutsideCode(line, counts: &counts) }
        // Code spans are kept as written.
        var out = ""
        var rest = Substring(line)
        while let open = rest.firstIndex(of: "`") {
            let run = rest[open...].prefix { $0 == "`" }
            guard let close = rest[run.endIndex...].range(of: String(run)) else { break }
            out += inlineOutsideCode(String(rest[..<open]), counts: &counts) + rest[open..<close.upperBound]
            rest = rest[close.upperBound...]
        }
        return out + inlineOutsideCode(String(rest), counts: &counts)
    }

    static func inlineOutsideCode(_ line: String, counts: inout Counts) -> String {
        guard line.contains("<") else { return line }
        var result = line
        for name in ["Tooltip", "Badge", "Kbd", "Color"] where result.contains("<" + name) {
            let pattern = try! Regex("<\(name)(?:\\s[^<>]*)?>([^<]*)</\(name)>")
            result = result.replacing(pattern) { match in
                counts.components += 1
                return String(match.output[1].substring ?? "")
            }
        }
        if result.contains("<Icon") {
            result = result.replacing(/<Icon(?:\s[^<>]*)?\/>/) { _ in counts.components += 1; return "" }
        }
        return result
    }
}

/// A JSX tag at the start of a line, read as MDX reads it: `<Name attr="x" other={2} flag>`,
/// `</Name>`, `<Name ... />`, with attributes over several lines.
struct JSXTag {
    var name: String
    var closing: Bool
    var selfClosing: Bool
    var attributes: [String: String]
    /// The text after the tag on its last line.
    var rest: Substring
    /// How many lines the tag takes.
    var lines: Int

    /// The component name a line starts with (`<Note` -> "Note", `</Tree.Folder>` -> "Tree.Folder").
    static func name(in trimmed: String) -> String? {
        guard trimmed.hasPrefix("<") else { return nil }
        let body = trimmed.dropFirst().drop { $0 == "/" }
        let name = body.prefix { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }
        return name.isEmpty ? nil : String(name)
    }

    /// The tag starting line `line` of `lines` (after its indentation), reading up to 200 lines
    /// for its attributes; nil when it is not one.
    static func read(_ lines: [String], line: Int, lowercase: Bool = false) -> JSXTag? {
        var text = Substring(lines[line].drop { $0 == " " || $0 == "\t" })
        guard text.first == "<" else { return nil }
        text = text.dropFirst()
        let closing = text.first == "/"
        if closing { text = text.dropFirst() }
        let name = text.prefix { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }
        guard let first = name.first, first.isUppercase || lowercase && first.isLetter else { return nil }
        var rest = text.dropFirst(name.count)
        if let c = rest.first, !(c == " " || c == ">" || c == "/" || c == "\t") { return nil }
        // Scan to the `>` outside quotes and braces, over more lines when needed.
        var attributeText = ""
        var span = 1
        var quote: Character?
        var braces = 0
        while true {
            var index = rest.startIndex
            var end: String.Index?
            while index < rest.endIndex {
                let ch = rest[index]
                if let q = quote {
                    if ch == q { quote = nil }
                } else if ch == "\"" || ch == "'" || ch == "`" {
                    quote = ch
                } else if ch == "{" {
                    braces += 1
                } else if ch == "}" {
                    braces = max(0, braces - 1)
                } else if ch == ">", braces == 0 {
                    end = index
                    break
                }
                index = rest.index(after: index)
            }
            if let end {
                attributeText += rest[..<end]
                rest = rest[rest.index(after: end)...]
                break
            }
            attributeText += rest + " "
            guard span < 200, line + span < lines.count else { return nil }
            rest = Substring(lines[line + span])
            span += 1
            if quote == "`" { quote = nil }
        }
        var selfClosing = false
        var trimmedAttributes = attributeText.trimmingCharacters(in: .whitespaces)
        if trimmedAttributes.hasSuffix("/") { selfClosing = true; trimmedAttributes.removeLast() }
        if closing, !trimmedAttributes.isEmpty { return nil }
        return JSXTag(name: String(name), closing: closing, selfClosing: selfClosing,
                      attributes: attributes(trimmedAttributes), rest: rest, lines: span)
    }

    /// `title="Install" cols={2} required icon='x'` -> ["title": "Install", "cols": "2", "required": "", "icon": "x"];
    /// a `{"text"}` or `{'text'}` value is the text; other expressions are kept as written.
    static func attributes(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        var s = Substring(text)
        while true {
            s = s.drop { $0.isWhitespace }
            let key = s.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ":" }
            guard !key.isEmpty else { break }
            s = s.dropFirst(key.count).drop { $0 == " " }
            guard s.first == "=" else { out[String(key)] = ""; continue }
            s = s.dropFirst().drop { $0 == " " }
            guard let open = s.first else { break }
            if open == "\"" || open == "'" {
                let value = s.dropFirst().prefix { $0 != open }
                out[String(key)] = String(value)
                s = s.dropFirst(value.count + 2)
            } else if open == "{" {
                var depth = 0, quote: Character?
                var index = s.startIndex
                while index < s.endIndex {
                    let ch = s[index]
                    if let q = quote { if ch == q { quote = nil } }
                    else if ch == "\"" || ch == "'" || ch == "`" { quote = ch }
                    else if ch == "{" { depth += 1 }
                    else if ch == "}" { depth -= 1; if depth == 0 { break } }
                    index = s.index(after: index)
                }
                let inner = s[s.index(after: s.startIndex)..<min(index, s.endIndex)].trimmingCharacters(in: .whitespaces)
                var value = inner
                if let q = inner.first, q == "\"" || q == "'" || q == "`", inner.count >= 2, inner.last == q { value = String(inner.dropFirst().dropLast()) }
                out[String(key)] = value
                s = index < s.endIndex ? s[s.index(after: index)...] : ""
            } else {
                let value = s.prefix { !$0.isWhitespace }
                out[String(key)] = String(value)
                s = s.dropFirst(value.count)
            }
        }
        return out
    }
}
