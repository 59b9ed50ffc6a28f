import Foundation

// Docsify (issue 16): a site made in the browser from a folder of Markdown and one
// `index.html`, a common way to publish an internal handbook with no build step. Read as
// plain Markdown, its sidebar (`_sidebar.md`), navbar and cover page became pages, its
// callouts (`!> Important`, `?> Tip`) were paragraphs starting with `!>`, its link options
// (`[x](a.md ':include')`, `':target=_blank'`) were titles, its heading ids (`## Title :id=x`)
// were text and its section links (`page.md?id=section`) lost their section.

extension DocsImport {
    /// A Docsify site: an `index.html` that loads Docsify, at the top or in `docs/`; its pages
    /// are beside it.
    static func docsifySite(_ src: String) -> FrameworkSite? {
        for folder in ["", "docs"] {
            let top = folder.isEmpty ? src : src + "/" + folder
            guard let data = FileManager.default.contents(atPath: top + "/index.html"), data.count < 1 << 20 else { continue }
            let text = String(decoding: data, as: UTF8.self)
            if text.contains("$docsify") || text.contains("/docsify@") || text.contains("/docsify/") || text.contains("docsify.min.js") || text.contains("docsify.js") {
                return FrameworkSite(kind: .docsify, root: top, config: folder.isEmpty ? "index.html" : folder + "/index.html")
            }
        }
        return nil
    }
}

/// The docsify-tabs plugin's tab sets: `<!-- tabs:start -->`, then each tab a heading whose
/// text is in bold (`#### **English**`, any level), its text under it, then `<!-- tabs:end -->`.
/// Read as written, each tab's label was a heading of the page (in its outline and search) and
/// the markers were hidden comments. Each label becomes a bold line above its text, as other
/// tools' tabs are unfolded; the marker lines are left blank, so lines are kept. Code is left
/// alone, and a set never ended is left as it is.
enum DocsifyTabs {
    static func convert(_ body: String) -> (text: String, tabs: Int) {
        guard body.contains("tabs:start") else { return (body, 0) }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fences = CodeFences()
        var tabs = 0
        var i = 0
        func marker(_ line: String, _ name: String) -> Bool {
            line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "") == "<!--" + name + "-->"
        }
        while i < lines.count {
            if fences.isCode(lines[i]) || !marker(lines[i], "tabs:start") { i += 1; continue }
            // The end of the set, code skipped.
            var inner = CodeFences()
            var end = i + 1
            while end < lines.count, inner.isCode(lines[end]) || !marker(lines[end], "tabs:end") { end += 1 }
            guard end < lines.count else { i += 1; continue }
            inner = CodeFences()
            var labels: [Int] = []
            for k in (i + 1)..<end where !inner.isCode(lines[k]) {
                if let label = lines[k].firstMatch(of: /^ {0,3}#{1,6}[ \t]+\*\*(.+?)\*\*[ \t]*#*[ \t]*$/)?.1 {
                    lines[k] = "**" + label + "**"
                    labels.append(k)
                    tabs += 1
                }
            }
            lines[i] = ""
            lines[end] = ""
            for k in labels { Admonitions.endTitle(&lines, at: k) }
            i = end + 1
        }
        return (tabs == 0 ? body : lines.joined(separator: "\n"), tabs)
    }
}

/// Docsify's own Markdown, written as Casebook's, every line kept on its line:
/// - a paragraph starting `!> ` (Important) or `?> ` (Tip): a quoted box, its kind in bold
///   before its text; so is Docsify 5's `> [!IMPORTANT] text` (GitHub's alert with its text on
///   the marker's line, which GitHub reads as a plain quote);
/// - a heading ending `:id=name`: the heading with `{#name}`;
/// - a link's or picture's options written as its title (`':target=_blank'`, `':ignore'`,
///   `':size=50x100'`, `":class=x"`): left out, except `:include`, which `expandDocsifyEmbeds`
///   writes out after the links are converted.
/// Code (fenced or indented by four spaces) is left alone.
enum DocsifyMarkup {
    struct Counts { var boxes = 0, headingIDs = 0, options = 0 }

    static func convert(_ body: String) -> (text: String, counts: Counts) {
        var counts = Counts()
        guard body.contains(">") || body.contains(":id=") || body.contains(" ':") || body.contains(" \":") else { return (body, counts) }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fences = CodeFences()
        var i = 0
        var previousBlank = true
        while i < lines.count {
            let line = lines[i]
            if fences.isCode(line) { previousBlank = false; i += 1; continue }
            let blank = line.trimmingCharacters(in: .whitespaces).isEmpty
            defer { previousBlank = blank }
            if line.hasPrefix("    ") || line.hasPrefix("\t") { i += 1; continue }
            // A callout starts a paragraph; the lines after it to the next blank line are its text.
            if previousBlank, let kind = line.hasPrefix("!> ") ? "Important" : line.hasPrefix("?> ") ? "Tip" : nil {
                lines[i] = "> **" + kind + ":** " + line.dropFirst(3)
                var k = i + 1
                while k < lines.count, !lines[k].trimmingCharacters(in: .whitespaces).isEmpty, !fences.isCode(lines[k]) {
                    lines[k] = "> " + lines[k]
                    k += 1
                }
                counts.boxes += 1
                i = k
                continue
            }
            // Docsify 5 writes GitHub's alert with its text on the marker's line, which GitHub
            // (and Casebook) read as a plain quote: the kind in bold before the text.
            if line.hasPrefix("> [!"), let match = line.firstMatch(of: /^> \[!([A-Za-z]+)\][ \t]+(\S.*)$/),
               ["note", "tip", "important", "warning", "caution"].contains(match.1.lowercased()) {
                let kind = match.1.lowercased()
                lines[i] = "> **" + kind.prefix(1).uppercased() + kind.dropFirst() + ":** " + match.2
                counts.boxes += 1
            }
            if line.hasPrefix("#"), let match = line.firstMatch(of: /^(#{1,6} .*?)\s+:id=([A-Za-z0-9_.\-]+)\s*$/) {
                lines[i] = String(match.1) + " {#" + String(match.2) + "}"
                counts.headingIDs += 1
            }
            if lines[i].contains(" ':") || lines[i].contains(" \":") {
                counts.options += dropOptions(&lines[i], keepingEmbed: embed(lines[i]) != nil)
            }
            i += 1
        }
        return (lines.joined(separator: "\n"), counts)
    }

    /// `](address ':options')` -> `](address)` for every link on `line`, but an embed alone on
    /// its line (`keepingEmbed`), which is written out later; how many were dropped. An embed
    /// inside a sentence stays a link, as its file stays a page.
    static func dropOptions(_ line: inout String, keepingEmbed: Bool) -> Int {
        var count = 0
        line = line.replacing(/\]\(([^()\s]+)\s+(?:'(:[^']*)'|"(:[^"]*)")\)/) { match in
            let options = String(match.2 ?? match.3 ?? "")
            guard !(keepingEmbed && options.contains(":include")) else { return String(match.0) }
            count += 1
            return "](" + String(match.1) + ")"
        }
        return count
    }

    /// A link's address as the site meant it: Docsify's router writes a page's address after
    /// `#/` (`#/guide`, `/#/guide`) and a section as `?id=` (`guide.md?id=setup` is
    /// `guide.md#setup`).
    static func address(_ url: String) -> String {
        var u = Substring(url)
        if u.hasPrefix("/#/") { u = u.dropFirst(2) } else if u.hasPrefix("#/") { u = u.dropFirst(1) }
        guard let q = u.firstIndex(of: "?") else { return String(u) }
        let query = u[u.index(after: q)...].prefix { $0 != "#" }
        guard query.hasPrefix("id="), !query.contains("&") else { return String(u) }
        return String(u[..<q]) + "#" + query.dropFirst(3)
    }

    /// A link alone on its line that Docsify embeds: `[text](address ':include :type=code')`.
    struct Embed {
        var indent: String
        var text: String
        var address: String
        var type: String?
        var fragment: String?
    }

    static func embed(_ line: String) -> Embed? {
        guard line.contains(":include"),
              let match = line.firstMatch(of: /^(\s*)!?\[([^\]]*)\]\(([^()\s]+)\s+(?:'(:[^']*)'|"(:[^"]*)")\)\s*$/) else { return nil }
        let options = String(match.4 ?? match.5 ?? "")
        let words = options.split(separator: " ")
        guard words.contains(":include") else { return nil }
        func value(_ key: String) -> String? {
            words.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
        }
        return Embed(indent: String(match.1), text: String(match.2), address: String(match.3), type: value(":type"), fragment: value(":fragment"))
    }

    /// What Docsify makes of an embedded file when no `:type` says: by its extension.
    static func type(of address: String) -> String {
        let ext = ((address.split(separator: "?").first.map(String.init) ?? address) as NSString).pathExtension.lowercased()
        switch ext {
        case "md", "markdown": return "markdown"
        case "html", "htm": return "iframe"
        case "mp4", "ogg", "webm", "mov": return "video"
        case "mp3", "wav", "m4a": return "audio"
        default: return "code"
        }
    }

    /// The lines of `text` between the two lines marking `fragment` (`/// [demo]` or
    /// `### [demo]`); nil when it is not marked twice.
    static func fragment(_ name: String, of text: String) -> [String]? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let marks = lines.indices.filter { i in
            let t = lines[i].trimmingCharacters(in: .whitespaces)
            return (t.hasPrefix("///") || t.hasPrefix("###")) && t.hasSuffix("[" + name + "]")
        }
        guard marks.count >= 2 else { return nil }
        return Array(lines[(marks[0] + 1)..<marks[1]])
    }
}

extension Importer {
    /// Docsify: the Markdown files pages embed (`[x](_media/example.md ':include')`) that no
    /// page links to otherwise are not pages of their own: they are written out where embedded.
    mutating func leaveOutDocsifyEmbeds() {
        var embedded = Set<String>()
        var linked = Set<String>()
        for f in pagePaths.keys.sorted() {
            guard let page = pageSource(f), let text = page.text, text.contains("](") else { continue }
            for line in text.split(separator: "\n") where line.contains("](") {
                // Only an embed alone on its line is written out (`expandDocsifyEmbeds`).
                let alone = DocsifyMarkup.embed(String(line))
                for match in line.matches(of: /\]\(([^()\s]+)(?:\s+(?:'([^']*)'|"([^"]*)"))?\)/) {
                    guard let target = docsifyFile(String(match.1), from: f), Self.isPage(target) else { continue }
                    if alone != nil, String(match.2 ?? match.3 ?? "").contains(":include") { embedded.insert(target) } else { linked.insert(target) }
                }
            }
        }
        let snippets = embedded.subtracting(linked).filter { pagePaths[$0] != nil }.sorted()
        for f in snippets { pagePaths[f] = nil }
        report.snippets += snippets
        if let first = snippets.first {
            report.notes.append("\(first): \(snippets.count) Markdown file\(snippets.count == 1 ? "" : "s") only embedded by pages (':include') left out as pages; each is written out where it is embedded")
        }
    }

    /// The corpus file (relative to the docs folder) a Docsify address from page `f` names:
    /// from the site's top (see `docsifyLinkFromTop`; always for one starting with `/`), then
    /// relative to the page's folder; the path as written, or with `.md`.
    func docsifyFile(_ address: String, from f: String) -> String? {
        guard !LinkResolver.hasScheme(address), !address.hasPrefix("//"), !address.hasPrefix("#") else { return nil }
        let path = LinkResolver.percentDecoded(String(address.prefix { $0 != "?" && $0 != "#" }))
        var bases = [PathText.parent(of: f)]
        if path.hasPrefix("/") { bases = [""] } else if !path.hasPrefix("."), !docsifyRelativePaths { bases.insert("", at: 0) }
        for base in bases {
            guard let joined = Self.join(base, String(path.drop { $0 == "/" })) else { continue }
            for candidate in [joined, joined + ".md"] {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: docs + "/" + candidate, isDirectory: &isFolder), !isFolder.boolValue, isInsideCorpus(docs + "/" + candidate) {
                    return candidate
                }
            }
        }
        return nil
    }

    /// Docsify reads a relative link from the site's top, not from the page's folder, unless
    /// its configuration sets `relativePath: true`: `[x](zh-cn/guide.md)` on `zh-cn/README.md` is
    /// `zh-cn/guide.md`. The relative link to the page such a link names from the top (under
    /// the base path, when one is given), or nil when it names none there (it is then read as
    /// other tools' links are, from the page's folder).
    mutating func docsifyLinkFromTop(_ url: String, from f: String) -> String? {
        guard !docsifyRelativePaths, !url.hasPrefix("/"), !url.hasPrefix("."), !url.hasPrefix("#"), !url.hasPrefix("?"),
              !LinkResolver.hasScheme(url) else { return nil }
        var path = Substring(url)
        var anchor = ""
        if let hash = path.firstIndex(of: "#") { anchor = String(path[hash...]); path = path[..<hash] }
        if let q = path.firstIndex(of: "?") { path = path[..<q] }
        var decoded = LinkResolver.percentDecoded(String(path))
        let base = String(basePath.drop { $0 == "/" })
        if !base.isEmpty {
            guard decoded.hasPrefix(base + "/") else { return nil }
            decoded = String(decoded.dropFirst(base.count + 1))
        }
        guard !decoded.isEmpty, let target = find(decoded) else { return nil }
        return relativeLink(to: target, from: f, anchor: anchor, url: url) ?? url
    }

    /// Whether the Docsify site reads relative links from the page's folder
    /// (`relativePath: true` in its `index.html`), for `docsifyRelativePaths`.
    func docsifyReadsLinksFromPages() -> Bool {
        guard let config = siteConfig, let data = FileManager.default.contents(atPath: source + "/" + config) else { return false }
        return String(decoding: data, as: UTF8.self).contains(/relativePath\s*:\s*true/)
    }

    /// `body` (the converted text of page `f`) with each Docsify embed alone on its line
    /// written out as Docsify shows it: a Markdown file as its converted text (a `:fragment`
    /// as those lines only), code (`:type=code`, or a file that is not Markdown, a page or
    /// media) in a fenced block labelled by its extension; a page, video or audio
    /// (`:type=iframe`, `video`, `audio`) becomes a link named by the link's text. A file that
    /// cannot be read, or a fragment it does not mark, leaves a link and a note.
    mutating func expandDocsifyEmbeds(_ body: String, page f: String, firstLine: Int) -> String {
        guard site == .docsify, body.contains(":include") else { return body }
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        var fences = CodeFences()
        for (i, line) in lines.enumerated() {
            guard !fences.isCode(line), let embed = DocsifyMarkup.embed(line) else { out.append(line); continue }
            let location = "\(f):\(i + firstLine)"
            let type = embed.type ?? DocsifyMarkup.type(of: embed.address)
            let link = embed.indent + "[" + (embed.text.isEmpty ? embed.address : embed.text) + "](" + embed.address + ")"
            if ["iframe", "video", "audio"].contains(type) || LinkResolver.hasScheme(embed.address) {
                out.append(link)
                report.shortcodesConverted += 1
                continue
            }
            // As written, or as the link conversion made it (relative to the page's folder, which
            // a Docsify page keeps).
            guard let file = docsifyFile(embed.address, from: f) else {
                foldedNote(at: location, file: f, "embedded file '\(embed.address)' does not lead to a file of the corpus; left as a link")
                out.append(link)
                continue
            }
            var inserted: [String]
            if type == "markdown", embed.fragment == nil, Self.isPage(file) {
                guard let text = includedText(file, page: f, stack: [file]) else { out.append(link); continue }
                inserted = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                while inserted.last == "" { inserted.removeLast() }
                while inserted.first == "" { inserted.removeFirst() }
            } else {
                guard let data = FileManager.default.contents(atPath: docs + "/" + file), data.count <= Self.largestSnippet,
                      let text = String(data: data, encoding: .utf8)?.replacingOccurrences(of: "\r\n", with: "\n") else {
                    report.notes.append("\(location): embedded file '\(embed.address)' is not UTF-8 text under 1 MB; left as a link")
                    out.append(link)
                    continue
                }
                var selected = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if selected.last == "" { selected.removeLast() }
                if let name = embed.fragment {
                    guard let part = DocsifyMarkup.fragment(name, of: text) else {
                        foldedNote(at: location, file: f, "embedded file '\(embed.address)' marks no fragment '\(name)' (/// [\(name)] twice); left as a link")
                        out.append(link)
                        continue
                    }
                    selected = part
                }
                if type == "markdown" {
                    inserted = selected
                } else {
                    let language = ((file as NSString).pathExtension).lowercased()
                    let fence = CodeFences.fence(around: selected)
                    inserted = [fence + language] + selected + [fence]
                }
            }
            out.append(contentsOf: inserted.map { $0.isEmpty ? "" : embed.indent + $0 })
            report.includes += 1
        }
        return out.joined(separator: "\n")
    }
}
