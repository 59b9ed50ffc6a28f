import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Call-out boxes of the other tools, which Markdown itself does not have, written as the
/// quoted block every Markdown renderer shows (a bold title, then the text):
///
/// - MkDocs (admonition, pymdownx.details): `!!! warning "Check the seller"` or `??? note`
///   followed by lines indented four spaces. Left as they were, they rendered as a code block.
/// - Docusaurus: `:::tip Title` / `:::tip[Title]` ... `:::`. Left as they were, the markers
///   showed as text around the paragraph.
///
/// Every line stays on its line (a marker line becomes the title line; Docusaurus' closing
/// `:::` a blank line), so notes and warnings keep the source's line numbers. Fenced code
/// outside a box is left alone.
enum Admonitions {
    /// Writes lines `range` inside a quote at `indent`: each loses up to `indent`'s width of its
    /// own indentation (the box's), and an empty one becomes `>`. Every box the import quotes
    /// (Docusaurus' `:::`, Hugo's and HTML's details, Docsy's alerts) goes through here.
    /// A box between two tag lines (`{% hint %}` ... `{% endhint %}`, `<aside>` ... `</aside>`):
    /// the opening line becomes its title in bold (a bare `>` without one), the lines between
    /// are quoted, the closing line is left blank; every line keeps its number.
    static func box(_ lines: inout [String], open: Int, close: Int, title: String?, indent: String = "") {
        lines[open] = title.map { indent + "> **" + $0.replacingOccurrences(of: "\n", with: " ") + "**" } ?? indent + ">"
        quote(&lines, (open + 1)..<close, indent: indent)
        lines[close] = ""
    }

    /// A title line written in bold (a tab's label, a step's title) followed by the text under
    /// it would be one paragraph with it: a line break ends the title. Not before a list,
    /// heading, quote, fence, table or tag, which start a block of their own, nor at the end
    /// of a paragraph, where the backslash would be shown.
    static func endTitle(_ lines: inout [String], at k: Int) {
        guard k + 1 < lines.count else { return }
        let next = lines[k + 1]
        let own = lines[k].prefix { $0 == " " || $0 == ">" }
        guard next.hasPrefix(own), case let t = next.dropFirst(own.count).trimmingCharacters(in: .whitespaces), !t.isEmpty else { return }
        if t.hasPrefix("-") || t.hasPrefix("*") || t.hasPrefix("+") || t.hasPrefix("#") || t.hasPrefix(">") || t.hasPrefix("`")
            || t.hasPrefix("~") || t.hasPrefix("|") || t.hasPrefix("<") || t.first?.isNumber == true { return }
        lines[k] += "\\"
    }

    static func quote(_ lines: inout [String], _ range: Range<Int>, indent: String = "") {
        for k in range where k < lines.count {
            let lead = lines[k].prefix { $0 == " " || $0 == "\t" }.count
            let text = lines[k].dropFirst(min(indent.count, lead))
            lines[k] = text.isEmpty ? indent + ">" : indent + "> " + text
        }
    }

    static func convert(_ body: String, tool: DocsTool) -> (text: String, count: Int) {
        let (text, count, _) = convertCounting(body, tool: tool)
        return (text, count)
    }

    /// `convert`, also counting MkDocs Material's content tabs (`=== "Title"` and the lines
    /// indented four spaces under it). Left as they were, each tab's text was a code block
    /// (Material's own docs have 331 tab lines); each becomes its title in bold and its text
    /// unindented, so its links, lists and fenced code are Markdown again.
    /// The last line of the block indented under line `i` (four spaces or a tab; blank lines
    /// between its lines belong to it); `i` when none is.
    static func indentedBlock(_ lines: [String], after i: Int, indent: Int = 0) -> Int {
        var j = i + 1, last = i
        let lead = String(repeating: " ", count: indent)
        while j < lines.count {
            if lines[j].allSatisfy({ $0 == " " }) { j += 1; continue }
            guard lines[j].hasPrefix(lead + "    ") || lines[j].hasPrefix(lead + "\t") else { break }
            last = j
            j += 1
        }
        return last
    }

    /// A line of such a block without its indent (a tab, or up to four spaces).
    static func outdented(_ line: String) -> String {
        line.hasPrefix("\t") ? String(line.dropFirst()) : String(line.dropFirst(min(4, line.prefix { $0 == " " }.count)))
    }

    /// With `containers`, `:::` boxes are read whatever the tool (a VuePress or VitePress site,
    /// whose containers `::: tip Title` ... `:::` are Docusaurus' with a space).
    static func convertCounting(_ body: String, tool: DocsTool, containers: Bool = false) -> (text: String, count: Int, tabs: Int) {
        let colonBoxes = tool == .docusaurus || containers
        guard tool == .mkdocs || colonBoxes else { return (body, 0, 0) }
        guard SourceText.has("!!!", in: body) || SourceText.has("???", in: body) || SourceText.has(":::", in: body)
                || (tool == .mkdocs && (SourceText.has("===", in: body) || SourceText.has("///", in: body))) else { return (body, 0, 0) }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var count = 0
        var tabs = 0
        var fence: String?
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.drop { $0 == " " }
            if let f = fence {
                if trimmed.hasPrefix(f) { fence = nil }
                i += 1
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = String(trimmed.prefix { $0 == trimmed.first })
                i += 1
                continue
            }
            // A box or tab may sit in a list item, indented as its text is (pydantic nests tabs
            // and boxes in list items: their markers were text and their bodies code blocks);
            // it keeps the item's indentation.
            let pad = line.prefix { $0 == " " }.count
            let marker = pad % 4 == 0 ? String(line.dropFirst(pad)) : line
            let lead = String(repeating: " ", count: pad % 4 == 0 ? pad : 0)
            func inner(_ l: String) -> String { Self.outdented(String(l.dropFirst(min(lead.count, l.prefix { $0 == " " }.count)))) }
            if tool == .mkdocs, marker.hasPrefix("!!! ") || marker.hasPrefix("??? ") || marker.hasPrefix("???+ "),
               let title = mkdocsTitle(marker) {
                lines[i] = lead + "> **\(title)**"
                count += 1
                // The box holds the lines indented four spaces more (and blank lines between them).
                let last = Self.indentedBlock(lines, after: i, indent: lead.count)
                for k in stride(from: i + 1, through: last, by: 1) {
                    let content = inner(lines[k])
                    lines[k] = content.isEmpty ? lead + ">" : lead + "> " + content
                }
                i = last + 1
                continue
            }
            // pymdownx.blocks (fastapi writes every box and tab so): `/// note | Title` ...
            // `///`, `/// details | Summary`, `//// tab | Python 3.10+` ... `////` (a block
            // holding others has more slashes), options as indented `key: value` lines after
            // the first. Boxes are quoted, tabs unfolded, `html` and `caption` blocks unwrapped.
            if tool == .mkdocs, line.hasPrefix("///"), let (slashes, kind, title) = blocksOpening(line) {
                var j = i + 1
                while j < lines.count, Substring(lines[j]).trimmingTrailingSpaces() != slashes { j += 1 }
                guard j < lines.count else { i += 1; continue }
                var start = i + 1
                var type = kind
                while start < j, lines[start].hasPrefix("    ") || lines[start].hasPrefix("\t"),
                      let colon = lines[start].firstIndex(of: ":") {
                    let key = lines[start][..<colon].trimmingCharacters(in: .whitespaces)
                    guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0 == "_" }) else { break }
                    if key == "type" { type = lines[start][lines[start].index(after: colon)...].trimmingCharacters(in: .whitespaces) }
                    start += 1
                }
                let inner = convertCounting(lines[start..<j].joined(separator: "\n"), tool: tool, containers: containers)
                count += inner.count
                tabs += inner.tabs
                let innerLines = inner.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                // The title, else the block's kind (`/// admonition` takes its `type:` option).
                let shown = kind == "admonition" ? (type == "admonition" ? "note" : type) : kind
                let named = title ?? shown.prefix(1).uppercased() + shown.dropFirst()
                let isBox = !["tab", "html", "caption", "define", "attr"].contains(kind)
                lines[i] = kind == "tab" ? "**\(title ?? "Tab")**" : isBox ? "> **\(named)**" : ""
                if kind == "tab" { tabs += 1 } else if isBox { count += 1 }
                // The option lines stay as lines: blank, or inside the box's quote.
                for k in (i + 1)..<start { lines[k] = isBox ? ">" : "" }
                lines.replaceSubrange(start..<j, with: innerLines)
                if isBox { quote(&lines, start..<j) }
                lines[j] = ""
                i = j + 1
                continue
            }
            if tool == .mkdocs, marker.hasPrefix("==="), let title = tabTitle(marker) {
                lines[i] = lead + "**\(title)**"
                tabs += 1
                for k in stride(from: i + 1, through: Self.indentedBlock(lines, after: i, indent: lead.count), by: 1) {
                    let content = inner(lines[k])
                    lines[k] = content.isEmpty ? "" : lead + content
                }
                // The tab's text is read again: it may hold boxes, tabs and fenced code of its own.
                i += 1
                continue
            }
            if colonBoxes, line.hasPrefix(":::"), let (colons, title) = docusaurusOpening(line) {
                // Its closing line: the same number of colons alone.
                var j = i + 1
                while j < lines.count, Substring(lines[j]).trimmingTrailingSpaces() != colons { j += 1 }
                guard j < lines.count else { i += 1; continue }
                count += 1
                lines[i] = "> **\(title)**"
                // VuePress' tabs container: each `@tab Title` line is its tab's title.
                for k in (i + 1)..<j where lines[k].hasPrefix("@tab ") {
                    let tab = lines[k].dropFirst(5).trimmingCharacters(in: .whitespaces)
                    if !tab.isEmpty { lines[k] = "**\(tab)**"; tabs += 1 }
                }
                quote(&lines, (i + 1)..<j)
                lines[j] = ""
                i = j + 1
                continue
            }
            i += 1
        }
        return (lines.joined(separator: "\n"), count, tabs)
    }

    /// `=== "Title"`, `===! "Title"`, `===+ "Title"` -> "Title"; nil for any other line.
    static func tabTitle(_ line: String) -> String? {
        var rest = line.dropFirst(3)
        if rest.first == "!" || rest.first == "+" { rest = rest.dropFirst() }
        rest = rest.drop { $0 == " " }
        guard rest.first == "\"", rest.count >= 2 else { return nil }
        let inner = rest.dropFirst()
        guard let end = inner.lastIndex(of: "\""), inner[inner.index(after: end)...].allSatisfy({ $0 == " " }) else { return nil }
        let title = inner[..<end]
        return title.isEmpty ? nil : String(title)
    }

    /// `!!! warning "Check the seller"` -> "Check the seller"; `!!! tip` -> "Tip";
    /// `!!! note ""` (no title) -> "Note". Nil when it is not a box's first line.
    static func mkdocsTitle(_ line: String) -> String? {
        var rest = line.drop { $0 != " " }.drop { $0 == " " }
        let type = rest.prefix { $0 != " " && $0 != "\"" }
        guard let first = type.first, first.isLetter, type.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        rest = rest.dropFirst(type.count).drop { $0 == " " }
        // Further classes (`!!! note inline end`) before the quoted title are dropped.
        if let quote = rest.firstIndex(of: "\"") {
            let after = rest[rest.index(after: quote)...]
            if let end = after.lastIndex(of: "\""), !after[..<end].isEmpty { return String(after[..<end]) }
        }
        return type.prefix(1).uppercased() + type.dropFirst().lowercased()
    }

    /// `/// note | Technical Details` -> ("///", "note", "Technical Details"); `//// tab | B`;
    /// `/// details` (no title). Nil for any other line (a closing `///`, a comment `/// x y`).
    static func blocksOpening(_ line: String) -> (String, String, String?)? {
        let slashes = String(line.prefix { $0 == "/" })
        guard slashes.count >= 3 else { return nil }
        let rest = line.dropFirst(slashes.count).drop { $0 == " " }
        let kind = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        guard !kind.isEmpty, kind.first!.isLetter else { return nil }
        let after = rest.dropFirst(kind.count).trimmingCharacters(in: .whitespaces)
        if after.isEmpty { return (slashes, kind.lowercased(), nil) }
        guard after.hasPrefix("|") else { return nil }
        let title = after.dropFirst().trimmingCharacters(in: .whitespaces)
        return (slashes, kind.lowercased(), title.isEmpty ? nil : title)
    }

    /// `:::tip Title`, `:::tip[Title]`, `:::danger` -> the colons and the title.
    static func docusaurusOpening(_ line: String) -> (String, String)? {
        let colons = String(line.prefix { $0 == ":" })
        guard colons.count >= 3 else { return nil }
        let rest = line.dropFirst(colons.count).drop { $0 == " " } // VuePress writes `::: tip`
        let type = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        guard !type.isEmpty else { return nil }
        var title = rest.dropFirst(type.count).trimmingCharacters(in: .whitespaces)
        if title.hasPrefix("["), title.hasSuffix("]") { title = String(title.dropFirst().dropLast()) }
        if title.isEmpty { title = type.prefix(1).uppercased() + type.dropFirst().lowercased() }
        return (colons, title)
    }
}
