import Foundation

// Hugo snippets and the `include` shortcode (issue 16, gohugoio's docs): 162 pages of Hugo's
// own documentation take part of their text from Markdown files in a headless folder
// (`_common/`, `cascade: build: render: never`), through `{{% include "/_common/x.md" %}}`.
// Imported as they were, the snippets became 67 pages no Hugo site shows, and the pages that
// include them showed the shortcode instead of the text (and links to the headings inside
// it were broken). The import now leaves the snippets out as pages and writes their text
// where it is included.

extension Importer {
    /// Hugo: whether page `f` is never rendered by Hugo (`build: {render: never}`, or the
    /// older `_build` / `headless: true`), by its own front matter or a `cascade` of an
    /// `_index.md` above it.
    mutating func isHugoSnippet(_ f: String) -> Bool {
        // A page's own value wins over a cascade (the glossary's `_index.md` renders itself,
        // `build: {render: always}`, and cascades `never` to its terms).
        if let front = frontMatter(f), let own = Self.renderValue(front) { return own }
        var folder = PathText.parent(of: f)
        while true {
            let index = folder.isEmpty ? "_index.md" : folder + "/_index.md"
            if let cascade = cascadeOf(index), let value = cascade.lazy.compactMap(Self.renderValue).first { return value }
            if folder.isEmpty { return false }
            folder = PathText.parent(of: folder)
        }
    }

    /// The `cascade` values of the front matter of `index` (a map, or a list of maps without
    /// a `_target`/`target`, which would limit them to some pages), read once per file.
    mutating func cascadeOf(_ index: String) -> [YAMLNode]? {
        if let known = cascades[index] { return known }
        var values: [YAMLNode] = []
        if FileManager.default.fileExists(atPath: docs + "/" + index), let cascade = frontMatter(index)?["cascade"] {
            if cascade.mapEntries != nil {
                values = [cascade]
            } else if let items = cascade.listItems {
                values = items.filter { $0.mapEntries != nil && $0["_target"] == nil && $0["target"] == nil }
            }
        }
        cascades[index] = values
        return values
    }

    /// Whether front matter says the page is never rendered (`build: {render: never}`,
    /// `render: false` before Hugo 0.76, `_build`, `headless: true`): true, false when it says
    /// it is (`always`, `link`), nil when it says nothing.
    static func renderValue(_ front: YAMLNode) -> Bool? {
        if let headless = front["headless"]?.scalar?.lowercased() { return headless == "true" }
        for key in ["build", "_build"] {
            if let render = front[key]?["render"]?.scalar?.lowercased() { return render == "never" || render == "false" }
        }
        return nil
    }

    /// `body` (the converted text of page `f`) with each Hugo `include` shortcode replaced by
    /// the converted text of the file it names. `from`: the file whose text `body` is, for
    /// paths relative to it (`f` itself, or the snippet being included); `stack`: the files
    /// being included, to stop a loop.
    mutating func expandIncludes(_ body: String, page f: String, from source: String, firstLine: Int, stack: [String] = [],
                                 expanded: inout Set<Int>) -> String {
        guard tool == .hugo || site == .gitBook || tool == .jekyll && site == nil, body.contains("include") else { return body }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var changed = false
        var fences = CodeFences()
        var i = 0
        // Lines added by the includes above line `i`, for notes on the lines of `source`.
        var added = 0
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard !fences.isCode(line), let (range, path) = include(in: line) else { i += 1; continue }
            let lineNumber = i - added + firstLine
            let location = "\(source):\(lineNumber)"
            guard let target = includedFile(path, from: source) else {
                foldedNote(at: location, file: source, "include \"\(path)\" does not lead to a Markdown file of the corpus; left as text")
                i += 1
                continue
            }
            if stack.contains(target) || stack.count >= 8 {
                report.notes.append("\(location): include \"\(path)\" includes itself (\((stack + [target]).joined(separator: " -> "))); left as text")
                i += 1
                continue
            }
            guard var text = includedText(target, page: f, stack: stack + [target]) else { i += 1; continue }
            while text.hasSuffix("\n") { text.removeLast() }
            while text.hasPrefix("\n") { text.removeFirst() }
            if trimmed.trimmingCharacters(in: .whitespaces) == String(line[range]) {
                // Alone on its line: the snippet's lines, indented as the shortcode was (in a list item).
                let indent = String(line.prefix { $0 == " " || $0 == "\t" })
                let inserted = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : indent + $0 }
                lines.replaceSubrange(i...i, with: inserted)
                i += inserted.count
                added += inserted.count - 1
            } else {
                lines[i].replaceSubrange(range, with: text)
                i += 1
            }
            report.includes += 1
            expanded.insert(lineNumber)
            changed = true
        }
        return changed ? lines.joined(separator: "\n") : body
    }

    /// The range of the first `{{% include "path" %}}` or `{{< include "path" >}}` written on
    /// `line`, and the path (shortcodes read as `HugoShortcodes` reads them); in a Jekyll site,
    /// a Markdown include (`jekyllMarkdownInclude`); in a GitBook space,
    /// its reusable content, `{% include "../.gitbook/includes/escalation-contacts.md" %}` (kept
    /// in the hidden `.gitbook/includes/`, which was lost with the tag shown as text).
    func include(in line: String) -> (Range<String.Index>, String)? {
        if tool == .jekyll, site == nil { return Self.jekyllMarkdownInclude(in: line) }
        guard site == .gitBook else { return Self.includeShortcode(in: line) }
        guard let match = line.firstMatch(of: /\{%-?\s*include\s+(?:"([^"]+)"|'([^']+)')\s*-?%\}/) else { return nil }
        return (match.range, String(match.1 ?? match.2 ?? ""))
    }

    static func includeShortcode(in line: String) -> (Range<String.Index>, String)? {
        var column = 0
        while let found = HugoShortcodes.shortcode(in: [line], from: 0, after: column) {
            let from = line.index(line.startIndex, offsetBy: column)
            guard let range = line.range(of: found.text, range: from..<line.endIndex) else { return nil }
            if found.name == "include", let path = found.parameters.positional.first, !path.isEmpty { return (range, path) }
            column = line.distance(from: line.startIndex, to: range.upperBound)
        }
        return nil
    }

    /// The corpus file an include names, as Hugo's `GetPage` finds it: relative to the
    /// including file's folder, then from the top of its language's content and of the
    /// content folder; the path as written, with `.md`, or a bundle's `index.md`/`_index.md`.
    func includedFile(_ path: String, from source: String) -> String? {
        let fm = FileManager.default
        var bases: [String] = []
        let trimmed = String(path.drop { $0 == "/" })
        if !path.hasPrefix("/") { bases.append(PathText.parent(of: source)) }
        if let language = defaultLanguageFolder { bases.append(language) }
        let first = source.split(separator: "/").first.map(String.init) ?? ""
        if source.contains("/"), translations[source] != nil || first == defaultLanguageFolder { bases.append(first) }
        bases.append("")
        var seen = Set<String>()
        for base in bases where seen.insert(base).inserted {
            guard let joined = Self.join(base, trimmed) else { continue }
            var stem = joined
            while stem.hasSuffix("/") { stem.removeLast() }
            for candidate in [stem, stem + ".md", stem + "/index.md", stem + "/_index.md"] where Self.isPage(candidate) {
                var isFolder: ObjCBool = false
                if fm.fileExists(atPath: docs + "/" + candidate, isDirectory: &isFolder), !isFolder.boolValue, isInsideCorpus(docs + "/" + candidate) { return candidate }
            }
        }
        return nil
    }

    /// The text of `target` as it is written where page `f` includes it: its body without
    /// front matter, converted as `f`'s own text is (links relative to `f`'s new place; notes
    /// name `target` and its lines), with the includes inside it expanded.
    mutating func includedText(_ target: String, page f: String, stack: [String]) -> String? {
        // Whatever names it (a snippet, a partial, an embed), a file that leads out of the corpus
        // is never written into a page.
        guard isInsideCorpus(docs + "/" + target) else {
            report.notes.append("\(target): included by \(f) but a symbolic link to a file outside the corpus; the include is left as text")
            return nil
        }
        guard let page = pageSource(target), page.text != nil, case .success(let parsed)? = page.parsed else {
            report.notes.append("\(target): included by \(f) but not readable as UTF-8 Markdown; the include is left as text")
            return nil
        }
        // Links are made relative to the including page's new place.
        let own = pagePaths[target]
        pagePaths[target] = pagePaths[f] ?? Self.destinationPath(f)
        defer { pagePaths[target] = own }
        includeDepth += 1
        defer { includeDepth -= 1 }
        let body = convertBody(parsed, page: page, file: target)
        var expanded = Set<Int>()
        let out = expandIncludes(body, page: f, from: target, firstLine: parsed.bodyFirstLine, stack: stack, expanded: &expanded)
        countShortcodes(body, firstLine: parsed.bodyFirstLine, file: target, expanded: expanded)
        return out
    }

    /// The glossary page's `{{% glossary %}}` (Hugo's docs) as what it shows: each term whose
    /// page is a snippet, by name, as a section at the anchor glossary links lead to.
    mutating func glossaryListing(_ body: String, page f: String) -> String {
        guard tool == .hugo, body.contains("glossary"), glossaryPage() != nil, f == glossarySource, !glossarySections.isEmpty else { return body }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let i = lines.firstIndex(where: {
            let t = $0.trimmingCharacters(in: .whitespaces)
            return t == "{{% glossary %}}" || t == "{{< glossary >}}"
        }) else { return body }
        var terms: [(title: String, file: String)] = []
        for term in glossarySections {
            let stem = ((term as NSString).lastPathComponent as NSString).deletingPathExtension
            terms.append((frontMatter(term)?["title"]?.scalar ?? stem, term))
        }
        terms.sort { ($0.title.lowercased(), $0.file) < ($1.title.lowercased(), $1.file) }
        var out: [String] = []
        for (title, term) in terms {
            let slug = Slug.make(((term as NSString).lastPathComponent as NSString).deletingPathExtension)
            var text = includedText(term, page: f, stack: [term]) ?? ""
            while text.hasSuffix("\n") { text.removeLast() }
            while text.hasPrefix("\n") { text.removeFirst() }
            out += ["## \(title) {#\(slug)}", ""] + (text.isEmpty ? [] : [text, ""])
        }
        while out.last == "" { out.removeLast() }
        lines.replaceSubrange(i...i, with: out)
        return lines.joined(separator: "\n")
    }
}

// MkDocs (pymdownx.snippets): `--8<-- "path"` puts a file's text where it is written, most
// often source code inside a fenced block (`--8<-- "examples/sample.py"`), or a shared
// Markdown paragraph. The import wrote the marker line as it was, so the code examples of a
// handbook moved from MkDocs were empty.
extension Importer {
    /// The largest snippet written out; a bigger file is left as a marker, with a note.
    static let largestSnippet = 1 << 20

    /// `body` (the converted text of page `f`) with each snippet marker replaced by the
    /// file's text: a path relative to the project (where `mkdocs.yml` is), the docs folder
    /// or the page's folder; `:A:B` keeps lines A to B. Inside fenced code the text goes in as
    /// it is; outside, a Markdown snippet in the docs folder is converted as `f`'s own text
    /// (links relative to it), a list of abbreviations (`*[HTML]: ...`, which Casebook does
    /// not show) is left out. `;--8<--` is the marker written as text.
    mutating func expandSnippets(_ body: String, page f: String, firstLine: Int) -> String {
        guard tool == .mkdocs, body.contains("--8<--") else { return body }
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        out.reserveCapacity(lines.count)
        var fences = CodeFences()
        var i = 0
        while i < lines.count {
            let line = lines[i]
            // Spaces, and the `>` of a quoted block (a call-out box the import has quoted).
            let indent = String(line.prefix { $0 == " " || $0 == "\t" || $0 == ">" })
            let trimmed = line.dropFirst(indent.count)
            // Snippets are written out in code too (that is their most common use), as it is.
            let inCode = fences.isCode(line)
            if trimmed.hasPrefix(";--8<--") {
                out.append(indent + trimmed.dropFirst())
                i += 1
                continue
            }
            guard trimmed.hasPrefix("--8<--") else { out.append(line); i += 1; continue }
            // One file on the marker's line, or a block of files between two bare markers.
            var paths: [String] = []
            var last = i
            let rest = trimmed.dropFirst("--8<--".count).trimmingCharacters(in: .whitespaces)
            if rest.isEmpty {
                var k = i + 1
                while k < lines.count, lines[k].trimmingCharacters(in: .whitespaces) != "--8<--" { k += 1 }
                guard k < lines.count else { out.append(line); i += 1; continue }
                paths = lines[(i + 1)..<k].map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix(";") }
                last = k
            } else {
                paths = [rest]
            }
            var inserted: [String] = []
            var failed = false
            for written in paths {
                var path = written
                if let q = path.first, q == "\"" || q == "'", path.count >= 2, path.last == q { path = String(path.dropFirst().dropLast()) }
                guard !path.hasPrefix("http://"), !path.hasPrefix("https://") else { failed = true; continue }
                // `file:A:B`: lines A to B (1-based; either may be left out).
                var range: (Int?, Int?) = (nil, nil)
                let parts = path.split(separator: ":", omittingEmptySubsequences: false)
                if parts.count >= 2, parts.dropFirst().allSatisfy({ $0.isEmpty || Int($0) != nil }) {
                    path = String(parts[0])
                    range = (Int(parts[1]), parts.count > 2 ? Int(parts[2]) : nil)
                }
                guard let (file, inDocs) = snippetFile(path, from: f) else {
                    foldedNote(at: "\(f):\(i + firstLine)", file: f, "snippet \"\(path)\" does not lead to a file of the project; left as text")
                    failed = true
                    continue
                }
                var text: String
                let isMarkdown = [".md", ".markdown"].contains { file.lowercased().hasSuffix($0) }
                if !inCode, isMarkdown, inDocs, range == (nil, nil) {
                    guard let converted = includedText(file, page: f, stack: [file]) else { failed = true; continue }
                    text = converted
                } else {
                    guard isInsideCorpus((inDocs ? docs : source) + "/" + file),
                          let data = FileManager.default.contents(atPath: (inDocs ? docs : source) + "/" + file),
                          data.count <= Self.largestSnippet, let decoded = String(data: data, encoding: .utf8) else {
                        report.notes.append("\(f):\(i + firstLine): snippet \"\(path)\" is not UTF-8 text under 1 MB; left as text")
                        failed = true
                        continue
                    }
                    text = decoded.replacingOccurrences(of: "\r\n", with: "\n")
                }
                var snippet = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if snippet.last == "" { snippet.removeLast() }
                if range.0 != nil || range.1 != nil {
                    let from = max(1, range.0 ?? 1), to = min(snippet.count, range.1 ?? snippet.count)
                    snippet = from <= to ? Array(snippet[(from - 1)..<to]) : []
                }
                if !inCode, isMarkdown, snippet.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty || $0.hasPrefix("*[") }) {
                    foldedNote(at: "\(f):\(i + firstLine)", file: f, "snippet \"\(path)\" holds abbreviations (*[...]: ...), which Casebook does not show; left out")
                    continue
                }
                inserted += snippet.map { $0.isEmpty ? "" : indent + $0 }
                report.includes += 1
            }
            if failed { out.append(contentsOf: lines[i...last]) } else { out.append(contentsOf: inserted) }
            i = last + 1
        }
        return out.joined(separator: "\n")
    }

    /// The file a snippet path names, relative to the project, the docs folder or the page's
    /// folder (the first that has it), and whether it is in the docs folder (as a path
    /// relative to it) rather than elsewhere in the project (relative to the project).
    func snippetFile(_ path: String, from f: String) -> (String, Bool)? {
        let fm = FileManager.default
        let trimmed = String(path.drop { $0 == "/" })
        let docsRelative = docs == source ? "" : String(docs.dropFirst(source.count + 1))
        func file(_ p: String, in root: String) -> Bool {
            var isFolder: ObjCBool = false
            return fm.fileExists(atPath: root + "/" + p, isDirectory: &isFolder) && !isFolder.boolValue
        }
        if let p = Self.join("", trimmed), file(p, in: source) {
            // In the docs folder: relative to it, so it converts as a page does.
            if !docsRelative.isEmpty, p.hasPrefix(docsRelative + "/") { return (String(p.dropFirst(docsRelative.count + 1)), true) }
            return (p, docsRelative.isEmpty)
        }
        if let p = Self.join("", trimmed), file(p, in: docs) { return (p, true) }
        if let p = Self.join(PathText.parent(of: f), trimmed), file(p, in: docs) { return (p, true) }
        return nil
    }
}

// Docusaurus: a page takes a partial's text with MDX, `import Steps from './_steps.md';` and
// then `<Steps />` on a line of its own. Partials are not pages (Docusaurus does not publish
// files named `_...`); the import wrote the import line and the tag as text.
extension Importer {
    /// `body` (the converted text of page `f`) with each `<Name />` of a Markdown partial
    /// imported by the page replaced by the partial's converted text, and those import lines
    /// left blank (so the lines keep their numbers). Other imports (React components) stay.
    mutating func expandMDXImports(_ body: String, page f: String, firstLine: Int) -> String {
        let mintlify = site == .mintlify
        guard tool == .docusaurus || mintlify, body.contains("import ") || mintlify && body.contains("<Snippet") else { return body }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var partials: [String: (file: String, line: Int)] = [:]
        var fences = CodeFences()
        for (i, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !fences.isCode(line), trimmed.hasPrefix("import "), let (name, path) = Self.mdxImport(trimmed),
                  [".md", ".mdx"].contains(where: { path.lowercased().hasSuffix($0) }) else { continue }
            let folder = PathText.parent(of: Self.docsEquivalent(f))
            // Mintlify's snippets are named from the site's top (`/snippets/intro.mdx`).
            let target = path.hasPrefix(".") ? Self.join(folder, path) : mintlify && path.hasPrefix("/") ? Self.join("", String(path.dropFirst())) : nil
            // A symbolic link out of the corpus is no partial of it (its text would be written into the page).
            guard let target, FileManager.default.fileExists(atPath: docs + "/" + target), isInsideCorpus(docs + "/" + target) else {
                foldedNote(at: "\(f):\(i + firstLine)", file: f, "MDX import of '\(path)' does not lead to a Markdown file of the docs; left as text")
                continue
            }
            partials[name] = (target, i)
        }
        guard !partials.isEmpty || mintlify else { return body }
        var used = Set<String>()
        var out: [String] = []
        fences = CodeFences()
        for (i, line) in lines.enumerated() {
            // After the indentation and the quote marks of a box it stands in.
            let indent = String(line.prefix { $0 == " " || $0 == "\t" || $0 == ">" })
            let trimmed = line.dropFirst(indent.count).trimmingCharacters(in: .whitespaces)
            if !fences.isCode(line), trimmed.hasPrefix("<"), trimmed.hasSuffix("/>"), let tag = JSXTag.read([trimmed], line: 0), tag.selfClosing {
                // Mintlify: `<Snippet file="intro.mdx" />` names a file of `snippets/`; props
                // (`<Intro word="refund" />`) fill the snippet's `{word}`.
                var partial = partials[tag.name]
                if partial == nil, mintlify, tag.name == "Snippet", let file = tag.attributes["file"], let target = Self.join("snippets", file) {
                    if FileManager.default.fileExists(atPath: docs + "/" + target), isInsideCorpus(docs + "/" + target) { partial = (target, i) } else {
                        foldedNote(at: "\(f):\(i + firstLine)", file: f, "snippet '\(file)' is not a file of snippets/; left as text")
                    }
                }
                if let partial, var text = includedText(partial.file, page: f, stack: [partial.file]) {
                    for (key, value) in tag.attributes.sorted(by: { $0.key < $1.key }) where key != "file" { text = text.replacingOccurrences(of: "{" + key + "}", with: value) }
                    let name = tag.name
                    let blank = indent.contains(">") ? String(indent.prefix { $0 != ">" }) + ">" : ""
                    var inserted = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? blank : indent + $0 }
                    while inserted.last == "" { inserted.removeLast() }
                    out += inserted
                    used.insert(name)
                    report.includes += 1
                    continue
                }
            }
            out.append(line)
        }
        // The import lines of the partials written out go (blank, at the top of the page).
        lines = out
        for (name, partial) in partials where used.contains(name) && partial.line < lines.count {
            if Self.mdxImport(lines[partial.line].trimmingCharacters(in: .whitespaces))?.0 == name { lines[partial.line] = "" }
        }
        return lines.joined(separator: "\n")
    }

    /// `body` of page `f` without its MDX `import` statements (an `.mdx` page's, or any
    /// Docusaurus page's, which Docusaurus reads as MDX): lines of code for the site's build,
    /// never text for a reader (kyverno's Starlight pages start with `import FeatureState from
    /// '../components/FeatureState.astro'`, shown as a paragraph). Statements stand unindented
    /// outside code, at the start of a block (as MDX reads them: a line that goes on a
    /// paragraph is its text), on one line (`import X from '...'`, `import '...'`) or over
    /// several (`import {` ... `} from '...'`); their lines are left blank, so lines keep their
    /// numbers.
    /// The components they bring stay as text.
    mutating func dropMDXImports(_ body: String, page f: String) -> String {
        guard f.lowercased().hasSuffix(".mdx") || tool == .docusaurus || site == .mintlify, body.contains("import ") else { return body }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fences = CodeFences()
        var i = 0
        var dropped = 0
        func endsStatement(_ line: String) -> Bool {
            let t = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ";", with: "")
            guard let q = t.last, q == "'" || q == "\"" else { return false }
            return t.contains(" from ") || t.hasPrefix("from ") || t.hasPrefix("} from") || t.hasPrefix("import " + String(q))
        }
        while i < lines.count {
            let line = lines[i]
            // An import starts a block: a line that goes on a paragraph is its text.
            let startsBlock = i == 0 || lines[i - 1].allSatisfy { $0 == " " || $0 == "\t" }
            if fences.isCode(line) || !line.hasPrefix("import ") || !startsBlock { i += 1; continue }
            // One line, or up to the line that ends the statement (at most 30).
            var end = i
            while !endsStatement(lines[end]), end + 1 < lines.count, end - i < 30, !lines[end + 1].isEmpty { end += 1 }
            guard endsStatement(lines[end]) else { i += 1; continue }
            for k in i...end { lines[k] = "" }
            dropped += 1
            i = end + 1
        }
        return dropped == 0 ? body : lines.joined(separator: "\n")
    }

    /// `import Name from './path';` -> (Name, ./path); nil for other forms (`import {a} from`).
    static func mdxImport(_ line: String) -> (String, String)? {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 4, words[0] == "import", words[2] == "from" else { return nil }
        let name = String(words[1])
        guard let first = name.first, first.isLetter, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        var path = String(words[3])
        if path.hasSuffix(";") { path.removeLast() }
        guard let q = path.first, q == "'" || q == "\"", path.count >= 2, path.last == q else { return nil }
        return (name, String(path.dropFirst().dropLast()))
    }
}
