import Foundation

// Obsidian vaults (issue 16): a team's SOPs kept as a vault of Markdown notes (a `.obsidian/`
// folder at the top). Its links are wiki links by note name from anywhere in the vault
// (`[[Counterfeit goods]]`, `[[Counterfeit goods#Signs|the signs]]`, target first), pictures are
// embeds (`![[label photo.png]]`) found by file name wherever they are kept, call-outs are
// `> [!warning] Title`, `%%comments%%` are hidden and `==text==` is highlighted. Read as plain
// Markdown, every one of these was shown as written.

extension DocsImport {
    /// An Obsidian vault: a `.obsidian/` folder at the top, or (a vault kept in git without
    /// it, as Obsidian's own help is) notes named with spaces, as Obsidian names them and a
    /// GitHub wiki never does, at least 3 of which link with `[[...]]`.
    static func obsidianSite(_ src: String, listing: CorpusListing) -> FrameworkSite? {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: src + "/.obsidian", isDirectory: &isFolder), isFolder.boolValue {
            return FrameworkSite(kind: .obsidian, root: src, config: ".obsidian/")
        }
        guard let names = listing.names else { return nil }
        let pages = names.filter { $0.lowercased().hasSuffix(".md") && !$0.split(separator: "/").contains { $0.hasPrefix(".") || $0 == "node_modules" } }.sorted()
        let spaced = pages.filter { (($0 as NSString).lastPathComponent).contains(" ") }
        guard pages.count >= 3, spaced.count * 10 >= pages.count * 3 else { return nil }
        var linking = 0
        for p in pages.prefix(200) {
            guard let data = FileManager.default.contents(atPath: src + "/" + p) else { continue }
            if data.count > 3, data.withUnsafeBytes({ $0.firstRange(of: Array("[[".utf8)) != nil }) { linking += 1 }
            if linking >= 3 { return FrameworkSite(kind: .obsidian, root: src, config: "notes named with spaces and linked with [[...]]") }
        }
        return nil
    }
}

/// A vault's notes and files by the names its wiki links use.
struct ObsidianNames {
    /// Source page by its name, lowercased, without `.md` (`counterfeit goods`), and by its
    /// path in the vault without `.md` (`policies/counterfeit goods`); a name two notes share
    /// goes to the one with the shortest path, as Obsidian picks it.
    var pages: [String: String] = [:]
    /// Source file by its file name, lowercased (`label photo.png`), and by its path.
    var files: [String: String] = [:]
    /// Each note's destination, as placed before any is written out inside another (which
    /// moves it, for the time, to the page that embeds it).
    var destinations: [String: String] = [:]

    init(pages: [String], files: [String], aliases: [String: [String]]) {
        func add(_ key: String, _ path: String, to map: inout [String: String]) {
            if let known = map[key], known.split(separator: "/").count <= path.split(separator: "/").count { return }
            map[key] = path
        }
        for p in pages.sorted() {
            let stem = (p as NSString).deletingPathExtension.lowercased()
            add(stem, p, to: &self.pages)
            add((stem as NSString).lastPathComponent, p, to: &self.pages)
        }
        // An alias is a name too, after the notes' own names.
        for (p, names) in aliases.sorted(by: { $0.key < $1.key }) {
            for name in names where self.pages[name.lowercased()] == nil { self.pages[name.lowercased()] = p }
        }
        for f in files.sorted() {
            add(f.lowercased(), f, to: &self.files)
            add((f as NSString).lastPathComponent.lowercased(), f, to: &self.files)
        }
    }
}

extension Importer {
    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp"]

    /// The vault's names, read once.
    mutating func obsidianNames() -> ObsidianNames {
        if let known = obsidian { return known }
        var aliases: [String: [String]] = [:]
        for f in pagePaths.keys {
            let front = frontMatter(f)?["aliases"]
            let names = front?.listItems?.compactMap(\.scalar) ?? front?.scalar.map { [$0] } ?? []
            if !names.isEmpty { aliases[f] = names }
        }
        var names = ObsidianNames(pages: Array(pagePaths.keys), files: Array(assetPaths), aliases: aliases)
        names.destinations = pagePaths
        obsidian = names
        return names
    }

    /// `body` (of note `f`) with Obsidian's syntax written as Markdown, outside fenced code
    /// and code spans, each on its line: wiki links and embeds as links and images to the
    /// imported files, call-outs as quoted blocks titled in bold, `%%comments%%` left out,
    /// `==highlights==` as `<mark>`. A link to no note of the vault is written as its text,
    /// with a note.
    mutating func convertObsidian(_ body: String, file f: String, firstLine: Int) -> String {
        guard body.contains("[[") || body.contains("[!") || body.contains("%%") || body.contains("==") else { return body }
        let names = obsidianNames()
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fences = CodeFences()
        var comment = false
        for i in lines.indices {
            if !comment, fences.isCode(lines[i]) { continue }
            var line = lines[i]
            // `%% ... %%`, on one line or across lines.
            if comment || line.contains("%%") {
                var out = ""
                var rest = Substring(line)
                while true {
                    if comment {
                        guard let end = rest.range(of: "%%") else { rest = ""; break }
                        rest = rest[end.upperBound...]
                        comment = false
                    } else {
                        guard let start = rest.range(of: "%%"), !JekyllLinkTags.inCodeSpan(String(rest), at: start.lowerBound) else { break }
                        out += rest[..<start.lowerBound]
                        rest = rest[start.upperBound...]
                        comment = true
                    }
                }
                out += rest
                line = out.allSatisfy({ $0 == " " || $0 == "\t" }) && !line.allSatisfy({ $0 == " " || $0 == "\t" }) ? "" : out
                if comment && line.isEmpty { lines[i] = ""; continue }
            }
            // A call-out: `> [!warning] Title`, `> [!tip]- Folded`.
            if let match = line.firstMatch(of: /^(\s*(?:>\s*)+)\[!([A-Za-z-]+)\][+-]?\s*(.*)$/) {
                let kind = String(match.2).lowercased()
                let title = match.3.isEmpty ? Self.calloutTitle(kind) : String(match.3)
                line = String(match.1) + "**" + title + "**"
                obsidianCallouts += 1
            }
            if line.contains("[[") { line = obsidianLinks(line, names: names, file: f, lineNumber: firstLine + i) }
            if line.contains("==") {
                line = line.replacing(/==([^=\n]+)==/) { m in
                    JekyllLinkTags.inCodeSpan(line, at: m.range.lowerBound) ? String(line[m.range]) : "<mark>" + m.1 + "</mark>"
                }
            }
            lines[i] = line
        }
        return lines.joined(separator: "\n")
    }

    /// Obsidian's title for a call-out kind without one (`faq` is "FAQ", `tldr` "TL;DR").
    static func calloutTitle(_ kind: String) -> String {
        ["faq": "FAQ", "tldr": "TL;DR", "todo": "To do"][kind] ?? kind.prefix(1).uppercased() + kind.dropFirst()
    }

    /// The wiki links and embeds of one line written as Markdown.
    mutating func obsidianLinks(_ text: String, names: ObsidianNames, file f: String, lineNumber: Int) -> String {
        var line = text
        var from = line.startIndex
        while let open = line.range(of: "[[", range: from..<line.endIndex),
              let close = line.range(of: "]]", range: open.upperBound..<line.endIndex) {
            from = close.upperBound
            let written = String(line[open.upperBound..<close.lowerBound])
            guard !written.isEmpty, !written.contains("["), !JekyllLinkTags.inCodeSpan(line, at: open.lowerBound) else { continue }
            // In a table the bar is escaped (`[[Table view\|Table]]`), or it would end the cell.
            let inner = written.replacingOccurrences(of: "\\|", with: "|")
            let embed = open.lowerBound > line.startIndex && line[line.index(before: open.lowerBound)] == "!"
            let start = embed ? line.index(before: open.lowerBound) : open.lowerBound
            // Obsidian's order: the target, then what to show (`[[Page|text]]`, `![[x.png|300]]`).
            let parts = inner.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            var target = parts[0]
            var label = parts.count > 1 ? parts[1] : ""
            var anchor = ""
            if let hash = target.firstIndex(of: "#") {
                let heading = String(target[target.index(after: hash)...])
                // `#^block` names a paragraph, which has no anchor here: the note itself.
                if !heading.hasPrefix("^") { anchor = "#" + Slug.anchor(heading.replacingOccurrences(of: "#", with: " ")) }
                if label.isEmpty { label = target.hasPrefix("#") ? heading : target.replacingOccurrences(of: "#", with: " > ") }
                target = String(target[..<hash])
            }
            if label.isEmpty { label = (target as NSString).lastPathComponent }
            let ext = (target as NSString).pathExtension.lowercased()
            let key = target.lowercased()
            var replacement: String?
            if embed && Self.imageExtensions.contains(ext), let file = names.files[key] ?? names.files[(key as NSString).lastPathComponent] {
                let dest = assetMoves[file] ?? file
                // `![[x.png|300]]` gives a width, not a text.
                let alt = parts.count > 1 && Int(parts[1]) == nil ? parts[1] : ((target as NSString).lastPathComponent as NSString).deletingPathExtension
                replacement = "![" + Markdown.linkText(alt) + "](" + (relativeLink(to: dest, from: f, anchor: "", url: "") ?? "") + ")"
            } else if target.isEmpty {
                replacement = "[" + Markdown.linkText(label) + "](" + anchor + ")"
            } else if let page = names.pages[key.hasSuffix(".md") ? String(key.dropLast(3)) : key], let dest = names.destinations[page] {
                // A note embedded on a line of its own is its text there, as Obsidian shows it
                // (a shared "Escalation contacts" note in every SOP), converted as this page's
                // own; one inside a sentence, of a heading, or that embeds itself is a link.
                let alone = line[..<start].allSatisfy { $0 == " " || $0 == "\t" } && line[close.upperBound...].allSatisfy { $0 == " " || $0 == "\t" }
                // The chain of notes being written out starts with the page itself.
                let chain = obsidianEmbedding.isEmpty ? [f] : obsidianEmbedding
                if embed, alone, anchor.isEmpty, !chain.contains(page), chain.count < 8 {
                    obsidianEmbedding = chain + [page]
                    let text = includedText(page, page: f, stack: [page])
                    obsidianEmbedding = chain.count == 1 ? [] : chain
                    if let text {
                        obsidianEmbeddedNotes += 1
                        return String(line[..<start]) + text.trimmingCharacters(in: .newlines)
                    }
                }
                replacement = "[" + Markdown.linkText(label) + "](" + (relativeLink(to: dest, from: f, anchor: anchor, url: "") ?? anchor) + ")"
                if embed { obsidianLinkedEmbeds += 1 }
            } else if let file = names.files[key] ?? names.files[(key as NSString).lastPathComponent] {
                let dest = assetMoves[file] ?? file
                replacement = "[" + Markdown.linkText(label) + "](" + (relativeLink(to: dest, from: f, anchor: "", url: "") ?? "") + ")"
            } else {
                foldedNote(at: "\(f):\(lineNumber)", file: f, "wiki link '[[\(written)]]' names no note or file of the vault; written as its text")
                replacement = label
            }
            guard let replacement else { continue }
            if replacement.hasPrefix("[") || replacement.hasPrefix("!") { report.linksRewritten += 1 }
            line.replaceSubrange(start..<close.upperBound, with: replacement)
            from = line.index(start, offsetBy: replacement.count)
        }
        return line
    }
}
