import Foundation

// mdBook (issue 16): the Rust project's book tool, which many internal handbooks are written
// in. Read as plain Markdown, a book was read from the folder above its pages (`src/` became
// part of every page's address), published `SUMMARY.md` as a page, ignored the order and
// titles it gives, showed every `{{#include file}}` as text (the reused paragraphs and code of
// the book lost) and broke the links written to the pages' published names (`index.html` for
// a folder's `README.md`).

extension DocsImport {
    /// An mdBook book: `book.toml` at the top of the corpus (or in its `docs/`, `book/` or
    /// `guide/`), its pages in the folder `[book] src` names (`src/` when it names none).
    static func mdBookSite(_ src: String) -> FrameworkSite? {
        let fm = FileManager.default
        for folder in ["", "docs", "book", "guide"] {
            let top = folder.isEmpty ? src : src + "/" + folder
            guard let data = fm.contents(atPath: top + "/book.toml") else { continue }
            let config = MdBookConfig(String(decoding: data, as: UTF8.self))
            var root = top
            var isFolder: ObjCBool = false
            if let pages = Importer.join("", config.source), !pages.isEmpty,
               fm.fileExists(atPath: top + "/" + pages, isDirectory: &isFolder), isFolder.boolValue {
                root = top + "/" + pages
            }
            return FrameworkSite(kind: .mdBook, root: root, config: folder.isEmpty ? "book.toml" : folder + "/book.toml")
        }
        return nil
    }
}

/// What the import takes from a book's `book.toml`: the pages' folder (`[book] src`) and the
/// old addresses of its pages (`[output.html.redirect]`, address -> where it now leads).
struct MdBookConfig {
    var source = "src"
    var redirects: [(from: String, to: String)] = []

    init(_ text: String) {
        guard let config = try? TOML.parse(text) else { return }
        if let s = config["book"]?["src"]?.scalar, !s.isEmpty { source = s.hasPrefix("./") ? String(s.dropFirst(2)) : s }
        for entry in config["output"]?["html"]?["redirect"]?.mapEntries ?? [] {
            guard let to = entry.value.scalar, !to.isEmpty else { continue }
            redirects.append((entry.key, to))
        }
    }
}

/// mdBook's `{{#...}}` expressions on a line, as its `links` preprocessor reads them:
/// `{{#include path}}`, `{{#include path:2:10}}`, `{{#include path:anchor}}`,
/// `{{#rustdoc_include ...}}`, `{{#playground path attrs}}` and `{{#title Text}}`;
/// `\{{#...}}` is one written as text.
enum MdBookExpressions {
    struct Expression {
        var range: Range<String.Index>
        var name: String
        var argument: String
        /// Written `\{{#...}}`: shown as text, without the backslash.
        var escaped: Bool
    }

    static func expressions(in line: String) -> [Expression] {
        guard line.contains("{{#") else { return [] }
        var out: [Expression] = []
        for match in line.matches(of: /(\\?)\{\{#([a-z_]+)\s*([^}]*?)\s*\}\}/) {
            out.append(Expression(range: match.range, name: String(match.2), argument: String(match.3), escaped: !match.1.isEmpty))
        }
        return out
    }

    /// The file and which of its lines a path with mdBook's selector names: `file:2:10`
    /// (lines 2 to 10), `file:2` (line 2 only), `file::10`, `file:2:` or `file:name` (the lines
    /// between `ANCHOR: name` and `ANCHOR_END: name`).
    enum Selection: Equatable { case all, lines(Int?, Int?), anchor(String) }

    static func selection(_ argument: String) -> (path: String, selection: Selection) {
        let parts = argument.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return (argument, .all) }
        let path = parts[0]
        if parts.count == 2 {
            if parts[1].isEmpty { return (path, .all) }
            if let n = Int(parts[1]) { return (path, .lines(n, n)) }
            return (path, .anchor(parts[1]))
        }
        let from = Int(parts[1]), to = Int(parts[2])
        if (parts[1].isEmpty || from != nil) && (parts[2].isEmpty || to != nil) { return (path, .lines(from, to)) }
        return (path, .anchor(parts[1]))
    }

    /// The lines of `text` that `selection` keeps; nil when an anchor is not in the file.
    /// Lines marking anchors (`ANCHOR:`, `ANCHOR_END:`) are never shown, as in mdBook.
    static func select(_ text: String, _ selection: Selection) -> [String]? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        func isMarker(_ line: String) -> Bool { line.contains("ANCHOR:") || line.contains("ANCHOR_END:") }
        switch selection {
        case .all:
            return lines.filter { !isMarker($0) }
        case .lines(let from, let to):
            let first = max(1, from ?? 1), last = min(lines.count, to ?? lines.count)
            return first <= last ? lines[(first - 1)..<last].filter { !isMarker($0) } : []
        case .anchor(let name):
            func names(_ line: String, _ marker: String) -> Bool {
                guard let r = line.range(of: marker) else { return false }
                let rest = line[r.upperBound...].trimmingCharacters(in: .whitespaces)
                return rest == name || rest.hasPrefix(name + " ") || rest.hasPrefix(name + "*/") || rest.hasPrefix(name + "-->")
            }
            guard let start = lines.firstIndex(where: { names($0, "ANCHOR:") }) else { return nil }
            let end = lines[(start + 1)...].firstIndex { names($0, "ANCHOR_END:") } ?? lines.count
            return lines[(start + 1)..<end].filter { !isMarker($0) }
        }
    }
}

extension Importer {
    /// mdBook: its `book.toml` (read when asked: only its redirects are needed, once).
    var mdBookConfig: MdBookConfig {
        guard let config = siteConfig, let data = FileManager.default.contents(atPath: source + "/" + config) else { return MdBookConfig("") }
        return MdBookConfig(String(decoding: data, as: UTF8.self))
    }

    /// mdBook: its `[output.html.redirect]` old addresses, each a redirect to the page it leads
    /// to (a target is relative to the old address' folder, as a browser follows it).
    /// Redirects to other sites are left out, in one note: a Casebook redirect leads to a page of its own.
    mutating func readMdBookRedirects() {
        var elsewhere: [(from: String, to: String)] = []
        for (from, to) in mdBookConfig.redirects {
            if LinkResolver.hasScheme(to) || to.hasPrefix("//") {
                elsewhere.append((from, to))
                continue
            }
            let old = from.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            var target: String?
            if to.hasPrefix("/") {
                target = find(String(to.drop { $0 == "/" }))
            } else if let joined = Self.join(PathText.parent(of: old), String(to.prefix { $0 != "#" })) {
                target = find(joined)
            }
            guard let target, let page = sourcePage(writtenAs: target) else {
                report.notes.append("book.toml: redirect '\(from)' leads to '\(to)', which is not a page of the book; left out")
                continue
            }
            // `chat/discord.html` stays a page of that name in the built site (see `Redirects`).
            gitBookRedirects[page, default: []].append("/" + old)
        }
        if let first = elsewhere.first {
            let count = elsewhere.count == 1 ? "redirect" : "\(elsewhere.count) redirects"
            report.notes.append("book.toml: \(count) to other sites left out ('\(first.from)' to \(first.to)\(elsewhere.count > 1 ? ", ..." : "")): a Casebook redirect leads to a page of the handbook")
        }
    }

    /// `body` (the converted text of page `f`) with mdBook's expressions written out:
    /// - `{{#include path}}` (and `rustdoc_include`): the file's lines, or the part of them its
    ///   selector names; a Markdown page of the book included whole outside code is converted
    ///   as the page's own text, any other file goes in as it is (its usual place is a fenced
    ///   code block, which mdBook fills the same way);
    /// - `{{#playground path}}`: the file in a fenced Rust code block;
    /// - `{{#title Text}}`: left out (it sets the browser tab's title only; the navigation's
    ///   comes from `SUMMARY.md`);
    /// - `{{#toc}}` (mdbook-toc) outside code: left out (a page shows its own outline);
    /// - `\{{#...}}` inside code: the expression without its backslash (outside code,
    ///   CommonMark drops it already).
    /// A file that is missing, outside the book, not UTF-8 text or over 1 MB, or an anchor not
    /// in it, leaves the expression as text with a note naming the line.
    mutating func expandMdBookExpressions(_ body: String, page f: String, firstLine: Int) -> String {
        guard site == .mdBook, body.contains("{{#") else { return body }
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        out.reserveCapacity(lines.count)
        var fences = CodeFences()
        for (i, line) in lines.enumerated() {
            let inCode = fences.isCode(line)
            let found = MdBookExpressions.expressions(in: line)
            guard !found.isEmpty else { out.append(line); continue }
            let location = "\(f):\(i + firstLine)"
            var text = line
            var blockLines: [String]?
            // Right to left, so the ranges found stay valid.
            for e in found.reversed() {
                if e.escaped {
                    if inCode { text.replaceSubrange(e.range, with: String(text[e.range].dropFirst())) }
                    continue
                }
                switch e.name {
                case "title":
                    text.replaceSubrange(e.range, with: "")
                    report.shortcodesConverted += 1
                case "toc" where !inCode:
                    // mdbook-toc's table of contents: every page of the site has its own
                    // outline ("On this page").
                    text.replaceSubrange(e.range, with: "")
                    report.shortcodesConverted += 1
                case "include", "rustdoc_include", "playground":
                    let argument = e.name == "playground" ? String(e.argument.prefix { $0 != " " }) : e.argument
                    let (path, selection) = MdBookExpressions.selection(argument)
                    // `{{#include}}` with no file is not an expression to mdBook either (a mention in a sentence).
                    guard !path.isEmpty else { continue }
                    guard let lines = mdBookIncluded(path, selection, page: f, inCode: inCode, location: location) else { continue }
                    var inserted = lines
                    if e.name == "playground" {
                        let attributes = e.argument.dropFirst(argument.count).split(separator: " ").joined(separator: ",")
                        let fence = CodeFences.fence(around: inserted)
                        inserted = [fence + "rust" + (attributes.isEmpty ? "" : "," + attributes)] + inserted + [fence]
                    }
                    let alone = text.trimmingCharacters(in: .whitespaces) == String(text[e.range])
                    if alone, found.count == 1 {
                        let indent = String(text.prefix { $0 == " " || $0 == "\t" || $0 == ">" })
                        blockLines = inserted.map { $0.isEmpty ? indent.trimmingCharacters(in: .whitespaces) : indent + $0 }
                    } else {
                        text.replaceSubrange(e.range, with: inserted.joined(separator: " "))
                    }
                    report.includes += 1
                default:
                    continue
                }
            }
            if let blockLines { out.append(contentsOf: blockLines) } else { out.append(text) }
        }
        return out.joined(separator: "\n")
    }

    /// The lines an include of `path` (relative to page `f`'s folder) gives, or nil (with a
    /// note) when it cannot be read.
    private mutating func mdBookIncluded(_ path: String, _ selection: MdBookExpressions.Selection, page f: String, inCode: Bool, location: String) -> [String]? {
        let decoded = LinkResolver.percentDecoded(path)
        // Relative to the page's folder; a path that climbs above the pages' folder is read
        // from the book's folder (`../examples/x.rs` beside `src/`), inside the corpus.
        let folder = PathText.parent(of: f)
        var candidates: [(root: String, path: String)] = []
        if let joined = Self.join(folder, decoded) { candidates.append((docs, joined)) }
        if docs != source {
            let pagesFolder = String(docs.dropFirst(source.count + 1))
            if let joined = Self.join(folder.isEmpty ? pagesFolder : pagesFolder + "/" + folder, decoded) { candidates.append((source, joined)) }
        }
        for (root, file) in candidates {
            let full = root + "/" + file
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            guard isInsideCorpus(full) else { break }
            if root == docs, !inCode, selection == .all, Self.isPage(file) {
                guard let text = includedText(file, page: f, stack: [file]) else { return nil }
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                while lines.last == "" { lines.removeLast() }
                while lines.first == "" { lines.removeFirst() }
                return lines
            }
            guard let data = FileManager.default.contents(atPath: full), data.count <= Self.largestSnippet,
                  let text = String(data: data, encoding: .utf8) else {
                report.notes.append("\(location): include \"\(path)\" is not UTF-8 text under 1 MB; left as text")
                return nil
            }
            guard let lines = MdBookExpressions.select(text.replacingOccurrences(of: "\r\n", with: "\n"), selection) else {
                foldedNote(at: location, file: f, "include \"\(path)\" names an anchor the file does not mark (ANCHOR: name); left as text")
                return nil
            }
            return lines
        }
        foldedNote(at: location, file: f, "include \"\(path)\" does not lead to a file of the book; left as text")
        return nil
    }
}
