import Foundation

/// The body of a Confluence page (its `#main-content`, as Confluence's HTML export writes it)
/// written as Markdown a trainer can edit: headings with their Confluence anchors kept as
/// `{#id}` (so links to `Page_123.html#Page-Section` still land), lists, tables, links,
/// pictures, code, and Confluence's macros as what they show: info, note, tip and warning
/// panels as quoted boxes, the code macro as fenced code in its language, expand as a bold
/// title and its text, status lozenges as bold text, task lists as check boxes, user mentions
/// as the name, emoticons as their emoji; the table of contents is left out (the site makes
/// its own). A table Markdown cannot hold (merged cells, lists or several paragraphs in a
/// cell) stays an HTML table, cleaned of Confluence's classes and styles, which the site
/// renders. Nothing written is dropped without a count in `macros`.
struct ConfluenceMarkdown {
    /// Rewrites an `href` or `src` (a page, an attachment) for the Markdown page.
    var link: (String) -> String
    /// How many levels headings move down (1 when the page uses `<h1>`: the page title is the H1).
    var headingShift = 0
    /// Confluence macros written as their text, by name (`jira`, `children`), with a count.
    var macros: [String: Int] = [:]
    /// Tables of contents left out.
    var tocs = 0
    /// Panels written as quoted boxes.
    var boxes = 0
    /// Tables kept as HTML.
    var htmlTables = 0

    init(link: @escaping (String) -> String) { self.link = link }

    /// The Markdown of the children of `element` (the page body).
    mutating func markdown(_ element: HTMLElement) -> String {
        let levels = element.all { ["h1", "h2", "h3", "h4", "h5", "h6"].contains($0.name) }.compactMap { Int($0.name.dropFirst()) }
        headingShift = levels.contains(1) ? 1 : 0
        return blocks(element.children).joined(separator: "\n\n") + "\n"
    }

    // MARK: - Blocks

    static let blockNames: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "pre", "blockquote", "hr", "dl",
        "section", "article", "header", "footer", "main", "aside", "nav", "figure", "details", "center", "form", "fieldset",
    ]
    static let leftOut: Set<String> = ["script", "style", "noscript", "template", "link", "meta", "head", "title", "button", "input", "select", "textarea"]

    /// Markdown blocks of `nodes`: runs of inline content become paragraphs.
    mutating func blocks(_ nodes: [HTMLNode]) -> [String] {
        var out: [String] = []
        var run: [HTMLNode] = []
        for node in nodes {
            guard case .element(let e) = node, Self.isBlock(e) else { run.append(node); continue }
            out += paragraphs(run) + block(e)
            run = []
        }
        out += paragraphs(run)
        return out.filter { !$0.isEmpty }
    }

    static func isBlock(_ e: HTMLElement) -> Bool {
        blockNames.contains(e.name) || leftOut.contains(e.name)
    }

    /// The blocks one block element gives.
    mutating func block(_ e: HTMLElement) -> [String] {
        if Self.leftOut.contains(e.name) { return [] }
        switch e.name {
        case "p", "center":
            return paragraphs(e.children)
        case "h1", "h2", "h3", "h4", "h5", "h6":
            return heading(e)
        case "ul", "ol":
            return [list(e)]
        case "table":
            return [table(e)]
        case "pre":
            return [code(e.text, language: Self.language(e))]
        case "blockquote":
            return [Self.quoted(blocks(e.children).joined(separator: "\n\n"))]
        case "hr":
            return ["---"]
        case "dl":
            return definitions(e)
        case "details":
            return blocks(e.children)
        default:
            return division(e)
        }
    }

    /// A `<div>` (or another block container): a Confluence macro, or its content.
    mutating func division(_ e: HTMLElement) -> [String] {
        if e.hasClass("toc-macro") || e.hasClass("toc") || e.attributes["data-macro-name"] == "toc" {
            tocs += 1
            return []
        }
        if e.hasClass("confluence-information-macro") {
            let kind = ["information": "Info", "note": "Note", "warning": "Warning", "tip": "Tip"]
                .first { e.hasClass("confluence-information-macro-" + $0.key) }?.value ?? "Note"
            let title = e.first { $0.hasClass("title") }.map { inline($0.children, inHeading: true) }.flatMap { $0.isEmpty ? nil : $0 }
            let body = e.first { $0.hasClass("confluence-information-macro-body") } ?? e
            return [box(title: title.map { "\(kind): \($0)" } ?? kind, body: blocks(body.children))]
        }
        if e.hasClass("code") && e.hasClass("panel") {
            let title = e.first { $0.hasClass("codeHeader") }.map { inline($0.children, inHeading: true) } ?? ""
            let pres = e.all { $0.name == "pre" }
            let fences = pres.map { code($0.text, language: Self.language($0)) }
            return (title.isEmpty ? [] : ["**" + title + "**"]) + fences
        }
        if e.hasClass("preformatted") {
            // The noformat macro: its text as plain code, not a box around it.
            return e.all { $0.name == "pre" }.map { code($0.text, language: "") }
        }
        if e.hasClass("panel") {
            let title = e.first { $0.hasClass("panelHeader") }.map { inline($0.children, inHeading: true) } ?? ""
            let body = e.first { $0.hasClass("panelContent") } ?? e
            return [box(title: title.isEmpty ? nil : title, body: blocks(body.children))]
        }
        if e.hasClass("expand-container") {
            let title = e.first { $0.hasClass("expand-control-text") }.map { inline($0.children, inHeading: true) } ?? ""
            let body = e.first { $0.hasClass("expand-content") }
            return (title.isEmpty ? [] : ["**" + title + "**"]) + (body.map { blocks($0.children) } ?? [])
        }
        if let name = e.attributes["data-macro-name"], !Self.layoutMacros.contains(name) {
            macros[name, default: 0] += 1
        }
        return blocks(e.children)
    }

    /// Macros that only lay out their content: not counted as written as text.
    static let layoutMacros: Set<String> = ["section", "column", "div", "span", "details", "panel", "expand", "info", "note", "tip", "warning", "code", "noformat"]

    mutating func box(title: String?, body: [String]) -> String {
        boxes += 1
        var lines = [title.map { "> **" + $0 + "**" } ?? ">"]
        let text = body.joined(separator: "\n\n")
        if !text.isEmpty {
            lines.append(">")
            lines.append(Self.quoted(text))
        }
        return lines.joined(separator: "\n")
    }

    static func quoted(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n")
    }

    mutating func heading(_ e: HTMLElement) -> [String] {
        let level = min(6, (Int(e.name.dropFirst()) ?? 2) + headingShift)
        var text = inline(e.children, inHeading: true).replacingOccurrences(of: "\\\n", with: " ")
        text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return [] }
        var line = String(repeating: "#", count: level) + " " + text
        if let id = e.attributes["id"], Slug.isValidAnchor(id) {
            line += " {#\(id)}"
        } else if text.hasSuffix("}") {
            // Text ending in braces (`Rules {#2}`) would be read as the heading's attributes:
            // an anchor of its own after it keeps them text.
            let slug = Slug.anchor(e.collapsedText)
            line += " {#\(Slug.isValidAnchor(slug) ? slug : "section")}"
        }
        return [line]
    }

    mutating func definitions(_ e: HTMLElement) -> [String] {
        var out: [String] = []
        for item in e.elements {
            if item.name == "dt" {
                let t = inline(item.children, inHeading: true)
                if !t.isEmpty { out.append("**" + t + "**") }
            } else {
                out.append(contentsOf: blocks(item.children))
            }
        }
        return out
    }

    // MARK: - Lists

    mutating func list(_ e: HTMLElement) -> String {
        let ordered = e.name == "ol"
        var number = Int(e.attributes["start"] ?? "") ?? 1
        let tasks = e.hasClass("inline-task-list")
        var items: [String] = []
        for item in e.elements {
            guard item.name == "li" else {
                // A list nested straight in a list (no <li> around it), as editors write.
                if item.name == "ul" || item.name == "ol" {
                    items.append(Self.indented(list(item), by: 2))
                }
                continue
            }
            var marker = ordered ? "\(number). " : "- "
            number += 1
            if tasks { marker += item.hasClass("checked") ? "[x] " : "[ ] " }
            var parts = blocks(item.children)
            if parts.isEmpty { parts = [""] }
            var text = ""
            for (k, part) in parts.enumerated() {
                if k > 0 {
                    let nested = part.hasPrefix("- ") || part.first?.isNumber == true
                    text += nested ? "\n" : "\n\n"
                }
                text += part
            }
            let pad = String(repeating: " ", count: ordered ? marker.count - (tasks ? 4 : 0) : 2)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            var out = marker + lines[0]
            for line in lines.dropFirst() { out += "\n" + (line.isEmpty ? "" : pad + line) }
            items.append(out)
        }
        return items.joined(separator: "\n")
    }

    static func indented(_ text: String, by n: Int) -> String {
        let pad = String(repeating: " ", count: n)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
    }

    // MARK: - Tables

    mutating func table(_ e: HTMLElement) -> String {
        var rows: [HTMLElement] = []
        var stack = e.elements.reversed() as [HTMLElement]
        while let x = stack.popLast() {
            if x.name == "tr" { rows.append(x) } else if ["thead", "tbody", "tfoot"].contains(x.name) { stack.append(contentsOf: x.elements.reversed()) }
        }
        let cells = rows.map { $0.elements.filter { $0.name == "td" || $0.name == "th" } }
        let simple = !rows.isEmpty && cells.allSatisfy { row in row.allSatisfy(Self.isSimpleCell) }
            && Set(cells.map(\.count)).count == 1 && (cells.first?.count ?? 0) > 0
            && cells[0].allSatisfy { $0.name == "th" }
        guard simple else {
            htmlTables += 1
            return htmlTable(rows: rows, caption: e.elements.first { $0.name == "caption" })
        }
        func row(_ r: [HTMLElement]) -> String {
            "| " + r.map { cell in
                inline(cell.elements.count == 1 && cell.elements[0].name == "p" ? cell.elements[0].children : cell.children, inTable: true)
                    .replacingOccurrences(of: "|", with: "\\|")
            }.joined(separator: " | ") + " |"
        }
        var lines = [row(cells[0]), "|" + String(repeating: " --- |", count: cells[0].count)]
        for r in cells.dropFirst() { lines.append(row(r)) }
        return lines.joined(separator: "\n")
    }

    /// A cell Markdown's tables can hold: one cell wide and high, inline content (or one paragraph).
    static func isSimpleCell(_ c: HTMLElement) -> Bool {
        if let span = c.attributes["colspan"], (Int(span) ?? 1) > 1 { return false }
        if let span = c.attributes["rowspan"], (Int(span) ?? 1) > 1 { return false }
        let blocks = c.elements.filter { isBlock($0) && !leftOut.contains($0.name) }
        if blocks.isEmpty { return true }
        return blocks.count == 1 && blocks[0].name == "p" && c.elements.count == 1
            && blocks[0].first { isBlock($0) } == nil
    }

    /// A table as HTML the site renders (tags Markdown's HTML allowlist keeps, no classes or
    /// styles), one row per line and no blank line, so it stays one HTML block.
    mutating func htmlTable(rows: [HTMLElement], caption: HTMLElement?) -> String {
        var out = "<table>"
        if let caption { out += "\n<caption>" + cleanHTML(caption.children) + "</caption>" }
        for r in rows {
            out += "\n<tr>"
            for c in r.elements where c.name == "td" || c.name == "th" {
                var attrs = ""
                for key in ["colspan", "rowspan"] {
                    if let v = c.attributes[key], let n = Int(v), n > 1 { attrs += " \(key)=\"\(n)\"" }
                }
                out += "<\(c.name)\(attrs)>" + cleanHTML(c.children) + "</\(c.name)>"
            }
            out += "</tr>"
        }
        return out + "\n</table>"
    }

    /// Elements kept as themselves in an HTML table (without attributes, but links and pictures').
    static let keptInHTML: Set<String> = [
        "b", "strong", "i", "em", "u", "s", "del", "ins", "sub", "sup", "code", "kbd", "br", "p", "ul", "ol", "li",
        "pre", "blockquote", "table", "thead", "tbody", "tr", "td", "th", "dl", "dt", "dd", "hr",
    ]

    mutating func cleanHTML(_ nodes: [HTMLNode]) -> String {
        var out = ""
        for node in nodes {
            switch node {
            case .text(let t):
                out += HTML.escape(HTMLElement.collapsed(t))
            case .element(let e):
                if Self.leftOut.contains(e.name) { continue }
                if e.hasClass("confluence-userlink") || e.hasClass("user-mention") || e.attributes["data-username"] != nil {
                    out += HTML.escape(e.collapsedText)
                } else if e.name == "a", let href = e.attributes["href"] {
                    out += "<a href=\"\(HTML.escape(link(href)))\">" + cleanHTML(e.children) + "</a>"
                } else if e.name == "img" {
                    if let (alt, src) = image(e) {
                        out += src.isEmpty ? HTML.escape(alt) : "<img src=\"\(HTML.escape(src))\" alt=\"\(HTML.escape(alt))\">"
                    }
                } else if ["h1", "h2", "h3", "h4", "h5", "h6"].contains(e.name) {
                    out += "<strong>" + cleanHTML(e.children) + "</strong>"
                } else if e.name == "br" {
                    out += "<br>"
                } else if Self.keptInHTML.contains(e.name) {
                    if e.name == "pre" {
                        out += "<pre>" + HTML.escape(e.text).replacingOccurrences(of: "\n", with: "&#10;") + "</pre>"
                    } else {
                        out += "<\(e.name)>" + cleanHTML(e.children) + "</\(e.name)>"
                    }
                } else {
                    out += cleanHTML(e.children)
                }
            }
        }
        return out
    }

    // MARK: - Code

    func code(_ text: String, language: String) -> String {
        var body = text
        while body.hasSuffix("\n") || body.hasSuffix(" ") { body.removeLast() }
        while body.hasPrefix("\n") { body.removeFirst() }
        let fence = CodeFences.fence(around: body.split(separator: "\n"))
        return fence + language + "\n" + body + "\n" + fence
    }

    /// The language of a code macro (`data-syntaxhighlighter-params="brush: java; ..."`), as
    /// fenced code names it; "" for plain text.
    static func language(_ pre: HTMLElement) -> String {
        guard let params = pre.attributes["data-syntaxhighlighter-params"],
              let brush = params.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { $0.hasPrefix("brush:") }) else { return "" }
        let name = brush.dropFirst("brush:".count).trimmingCharacters(in: .whitespaces).lowercased()
        let names = ["js": "javascript", "py": "python", "text": "", "plain": "", "none": "", "shell": "bash", "sh": "bash", "xml": "xml", "html": "html"]
        if let known = names[name] { return known }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "#" || $0 == "-" } ? name : ""
    }

    // MARK: - Inline

    /// Paragraphs of inline content: `<br>` is a line break, two in a row a new paragraph.
    mutating func paragraphs(_ nodes: [HTMLNode]) -> [String] {
        var out: [String] = []
        var current: [String] = []
        for line in lines(nodes) {
            if line.isEmpty {
                if !current.isEmpty { out.append(current.joined(separator: "\\\n")) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { out.append(current.joined(separator: "\\\n")) }
        return out
    }

    /// Inline Markdown of `nodes`, whitespace collapsed and trimmed; line breaks `\` + newline
    /// (`<br>` in a table's cell).
    mutating func inline(_ nodes: [HTMLNode], inHeading: Bool = false, inTable: Bool = false) -> String {
        lines(nodes, inHeading: inHeading, inTable: inTable).filter { !$0.isEmpty }.joined(separator: inTable ? "<br>" : "\\\n")
    }

    /// The lines of inline content (split at `<br>`), each trimmed and escaped; an empty one
    /// where two breaks follow each other; none empty at either end.
    mutating func lines(_ nodes: [HTMLNode], inHeading: Bool = false, inTable: Bool = false) -> [String] {
        var out = ""
        append(nodes, to: &out, strong: inHeading, emphasis: false, inTable: inTable)
        var lines = out.components(separatedBy: "\u{0}").map { $0.trimmingCharacters(in: .whitespaces) }
        while lines.last?.isEmpty == true { lines.removeLast() }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        var kept: [String] = []
        for line in lines where !(line.isEmpty && kept.last?.isEmpty == true) { kept.append(MarkdownText.escapedLineStart(line)) }
        return kept
    }

    private mutating func append(_ nodes: [HTMLNode], to out: inout String, strong: Bool, emphasis: Bool, inTable: Bool) {
        for node in nodes {
            switch node {
            case .text(let t):
                let text = HTMLElement.collapsed(t)
                if text == " ", out.isEmpty || out.hasSuffix(" ") || out.hasSuffix("\u{0}") { continue }
                out += MarkdownText.escaped(text)
            case .element(let e):
                appendElement(e, to: &out, strong: strong, emphasis: emphasis, inTable: inTable)
            }
        }
    }

    private mutating func wrapped(_ e: HTMLElement, _ mark: String, strong: Bool, emphasis: Bool, inTable: Bool) -> String {
        var inner = ""
        append(e.children, to: &inner, strong: strong, emphasis: emphasis, inTable: inTable)
        let lead = inner.prefix { $0 == " " }, trail = inner.reversed().prefix { $0 == " " }
        let core = inner.trimmingCharacters(in: .whitespaces)
        guard !core.isEmpty, !core.contains("\u{0}") else { return inner }
        return lead + mark + core + mark + String(trail)
    }

    private mutating func appendElement(_ e: HTMLElement, to out: inout String, strong: Bool, emphasis: Bool, inTable: Bool) {
        if Self.leftOut.contains(e.name) { return }
        switch e.name {
        case "br":
            out += "\u{0}"
        case "strong", "b":
            out += strong ? wrapped(e, "", strong: true, emphasis: emphasis, inTable: inTable) : wrapped(e, "**", strong: true, emphasis: emphasis, inTable: inTable)
        case "em", "i", "cite", "dfn":
            out += emphasis ? wrapped(e, "", strong: strong, emphasis: true, inTable: inTable) : wrapped(e, "*", strong: strong, emphasis: true, inTable: inTable)
        case "del", "s", "strike":
            out += wrapped(e, "~~", strong: strong, emphasis: emphasis, inTable: inTable)
        case "code", "tt", "kbd", "samp":
            let text = HTMLElement.collapsed(e.text)
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { out += text; return }
            var ticks = "`"
            while text.contains(ticks) { ticks += "`" }
            let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
            out += ticks + pad + text + pad + ticks
        case "u", "sub", "sup", "ins", "mark", "small":
            var inner = ""
            append(e.children, to: &inner, strong: strong, emphasis: emphasis, inTable: inTable)
            let tag = e.name == "ins" ? "u" : e.name
            out += inner.trimmingCharacters(in: .whitespaces).isEmpty ? inner : "<\(tag)>" + inner + "</\(tag)>"
        case "a":
            appendLink(e, to: &out, strong: strong, emphasis: emphasis, inTable: inTable)
        case "img":
            if let (alt, src) = image(e) {
                out += src.isEmpty ? MarkdownText.escapedInline(alt) : "![" + MarkdownText.escapedInline(alt) + "](" + Markdown.linkTarget(src) + ")"
            }
        case "time":
            let text = e.collapsedText
            out += text.isEmpty ? MarkdownText.escapedInline(e.attributes["datetime"] ?? "") : MarkdownText.escaped(text)
        case "iframe", "video", "audio", "embed", "object":
            if let src = e.attributes["src"] ?? e.attributes["data"] ?? e.first(where: { $0.name == "source" })?.attributes["src"] {
                let label = e.attributes["title"] ?? (src as NSString).lastPathComponent
                out += "[" + MarkdownText.escapedInline(label) + "](" + Markdown.linkTarget(link(src)) + ")"
            }
        default:
            // The anchor macro: a place links lead to (`Page.html#Page-escalation`), which
            // Casebook's HTML allowlist keeps as a link target.
            if e.hasClass("confluence-anchor-link") {
                if let id = e.attributes["id"], Slug.isValidAnchor(id) { out += "<a id=\"\(id)\"></a>" }
                return
            }
            if e.hasClass("status-macro") || e.hasClass("aui-lozenge") {
                let text = e.collapsedText
                if !text.isEmpty { out += strong ? MarkdownText.escaped(text) : "**" + MarkdownText.escaped(text) + "**" }
                return
            }
            if e.hasClass("confluence-userlink") || e.attributes["data-username"] != nil {
                out += MarkdownText.escaped(e.collapsedText)
                return
            }
            if Self.isBlock(e) {
                // A block inside inline content (a list in a table cell kept as Markdown is not
                // possible): its text, on lines of its own.
                out += "\u{0}"
                for b in block(e) { out += b.replacingOccurrences(of: "\n", with: "\u{0}").replacingOccurrences(of: "\\\u{0}", with: "\u{0}") + "\u{0}" }
                return
            }
            append(e.children, to: &out, strong: strong, emphasis: emphasis, inTable: inTable)
        }
    }

    private mutating func appendLink(_ e: HTMLElement, to out: inout String, strong: Bool, emphasis: Bool, inTable: Bool) {
        if e.hasClass("confluence-userlink") || e.attributes["data-username"] != nil || e.hasClass("user-mention") {
            out += MarkdownText.escaped(e.collapsedText)
            return
        }
        var text = ""
        append(e.children, to: &text, strong: strong, emphasis: emphasis, inTable: inTable)
        text = text.replacingOccurrences(of: "\u{0}", with: " ").trimmingCharacters(in: .whitespaces)
        guard let href = e.attributes["href"], !href.isEmpty else { out += text; return }
        let target = link(href)
        if text.isEmpty { text = MarkdownText.escapedInline(href) }
        out += "[" + text + "](" + Markdown.linkTarget(target) + ")"
    }

    /// A picture's text and address ("" for an emoticon, written as its emoji or name); nil
    /// for Confluence's own icons (the bullets of its attachment lists).
    func image(_ e: HTMLElement) -> (alt: String, src: String)? {
        var src = e.attributes["src"] ?? ""
        if e.hasClass("emoticon") || src.contains("/emoticons/") {
            return (e.attributes["data-emoji-fallback"] ?? e.attributes["alt"] ?? "", "")
        }
        // A thumbnail's full-size picture, when the export names it.
        if let full = e.attributes["data-image-src"], full.hasPrefix("attachments/"), !src.hasPrefix("attachments/") { src = full }
        if src.hasPrefix("images/icons/") || src.contains("/images/icons/") || src.contains("placeholder/unknown-macro") { return nil }
        guard !src.isEmpty else { return nil }
        let alt = e.attributes["alt"] ?? e.attributes["data-linked-resource-default-alias"] ?? e.attributes["title"] ?? ""
        return (alt, link(src))
    }
}
