import Foundation

/// The components of an MDX site (Mintlify's, Astro Starlight's), written as Markdown every
/// renderer shows, each line kept on its line (a tag line becomes a title line or a blank one).
/// Mintlify's:
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
/// Starlight's: `<Aside type title>` a quoted box; `<TabItem label>`, `<Card title>` and
/// `<LinkCard title href description>` bold titles (a link when they have one); `<Steps>`,
/// `<FileTree>`, `<CardGrid>` and `<Tabs>` wrappers; `<Badge text>` its text and
/// `<LinkButton href>` a link. Any dialect: `<Callout type="warning">` is titled by its type.
/// The text inside a component is unindented by its own indentation (MDX reads no indented
/// code, CommonMark would), and fenced code is left alone. Other components (a site's own,
/// defined in its snippets) stay as text, counted by name.
enum MDXComponents {
    struct Counts {
        var boxes = 0, tabs = 0, components = 0
        /// Components kept as text, by name: how many uses and the first one's line (0-based).
        var kept: [String: (count: Int, line: Int)] = [:]
        /// Components opened and never closed, left as text: name and line (0-based).
        var unclosed: [(name: String, line: Int)] = []
    }

    /// The components one tool provides, by what becomes of them.
    struct Vocabulary: Sendable {
        /// Whose they are, for notes ("Mintlify's").
        var owner: String
        /// Call-out boxes, each with the kind that titles it.
        var callouts: [String: String]
        /// Components whose tags are left out and whose text is kept.
        var wrappers: Set<String>
        /// Components whose opening tag becomes a title line.
        var titled: Set<String>
        /// Components written inside a line whose text (or nothing) is kept.
        var inline: Set<String>
        var known: Set<String> { Set(callouts.keys).union(wrappers).union(titled).union(inline) }

        static let mintlify = Vocabulary(
            owner: "Mintlify's",
            callouts: ["Note": "Note", "Tip": "Tip", "Info": "Info", "Warning": "Warning", "Check": "Check", "Danger": "Danger", "Callout": "Note"],
            wrappers: ["Steps", "Tabs", "AccordionGroup", "CardGroup", "Columns", "Column", "CodeGroup", "Frame",
                       "RequestExample", "ResponseExample", "Visibility", "View", "Panel", "Tiles", "Tree",
                       "Prompt", "Latex", "Mermaid", "Expandables", "FileTree", "Color.Row"],
            titled: ["Step", "Tab", "Accordion", "Expandable", "Update", "Card", "Tile", "ResponseField",
                     "ParamField", "Tree.Folder", "Tree.File", "Color.Item"],
            inline: ["Tooltip", "Badge", "Icon", "Color", "Kbd"])

        /// The components most MDX sites of no tool Casebook knows use (Nextra's, Fumadocs'),
        /// named alike across them.
        static let common = Vocabulary(
            owner: "the common MDX components",
            callouts: ["Callout": "Note"],
            wrappers: ["Tabs", "Steps", "Cards", "Accordions", "Files", "FileTree"],
            titled: ["Tab", "Tabs.Tab", "Card", "Cards.Card", "Accordion", "Step", "Folder", "File", "FileTree.Folder", "FileTree.File"],
            inline: ["Badge", "Icon", "Kbd"])

        static let starlight = Vocabulary(
            owner: "Starlight's",
            callouts: ["Aside": "Note"],
            wrappers: ["Steps", "FileTree", "CardGrid", "Tabs"],
            titled: ["TabItem", "Card", "LinkCard"],
            inline: ["Badge", "Icon", "LinkButton", "Kbd"])
    }

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
        /// A tab set's names given on it (`<Tabs items={['pnpm', 'npm']}>`), taken by its tabs in order.
        var tabNames: [String] = []
    }

    /// `fieldAnchors`: give fields their anchors (not in a snippet, whose text goes into pages
    /// that may have fields of the same name).
    static func convert(_ body: String, vocabulary v: Vocabulary = .mintlify, fieldAnchors: Bool = true) -> (text: String, counts: Counts) {
        let known = v.known
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
        /// `lastClosingLines` of the page, read when the first component opens.
        var lastClose: [String: Int]?
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
                out[i] = darkOnly ? blank(prefix) : prefix + "![" + MarkdownText.escaped(tag.attributes["alt"] ?? "") + "](" + Markdown.linkTarget(src) + ")"
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
            if lastClose == nil { lastClose = Self.lastClosingLines(lines) }
            if !tag.selfClosing, !tag.rest.contains("</" + tag.name + ">"), (lastClose?[tag.name] ?? -1) < i + span {
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
            if let kind = v.callouts[tag.name] {
                // Starlight's `<Aside type="caution">`, and `<Callout type="warning">` of other MDX sites.
                let type = a["type"].flatMap { $0.isEmpty || $0 == "default" ? nil : $0.prefix(1).uppercased() + $0.dropFirst() }
                let title = a["title"].flatMap { $0.isEmpty ? nil : $0 } ?? type ?? kind
                out[i] = prefix + "> **" + MarkdownText.escaped(title) + (text.isEmpty ? "**" : ":** " + inlineConverted(text, counts: &counts))
                frame.prefix = prefix + "> "
                counts.boxes += 1
            } else if v.wrappers.contains(tag.name) || v.inline.contains(tag.name) && !closesOnLine && text.isEmpty {
                // (An inline component written around lines of its own, `<Badge>` ... `</Badge>`, is one too.)
                out[i] = text.isEmpty ? blank(prefix) : prefix + inlineConverted(text, counts: &counts)
                counts.components += 1
                if tag.name == "Tabs", let items = a["items"] { frame.tabNames = Self.stringList(items) }
                if tag.name == "Frame", let caption = a["caption"], !caption.isEmpty {
                    frame.caption = "*" + MarkdownText.escaped(caption) + "*"
                }
            } else if Self.treeFolders.contains(tag.name) || Self.treeFiles.contains(tag.name) {
                let isFolder = Self.treeFolders.contains(tag.name)
                let depth = stack.last.map { Self.treeFolders.contains($0.name) ? $0.treeDepth + 1 : 0 } ?? 0
                let treePrefix = stack.last(where: { Self.trees.contains($0.name) })?.prefix ?? prefix
                let itemName = (a["name"] ?? "") + (isFolder ? "/" : "")
                out[i] = treePrefix + String(repeating: "  ", count: depth) + "- " + MarkdownText.escaped(itemName)
                frame.treeDepth = depth
                frame.prefix = treePrefix
                counts.components += 1
            } else if v.titled.contains(tag.name) {
                var title = ""
                var describedByAttribute = false
                switch tag.name {
                case "Step" where a["title"] == nil:
                    // Fumadocs' steps carry a heading of their own inside.
                    title = ""
                    counts.components += 1
                case "Step":
                    if let k = stack.lastIndex(where: { $0.name == "Steps" }) {
                        stack[k].steps += 1
                        title = "\(Int(a["stepNumber"] ?? "") ?? stack[k].steps). "
                    }
                    title += a["title"] ?? ""
                    title = "**" + MarkdownText.escaped(title.trimmingCharacters(in: .whitespaces)) + "**"
                    counts.components += 1
                case "Tab", "TabItem", "Tabs.Tab":
                    // Nextra and Fumadocs name the tabs once, on the set: `<Tabs items={['pnpm', 'npm']}>`.
                    var named = a["title"] ?? a["label"] ?? a["value"]
                    if named == nil, let k = stack.lastIndex(where: { $0.name == "Tabs" }) {
                        if stack[k].tabNames.indices.contains(stack[k].steps) { named = stack[k].tabNames[stack[k].steps] }
                        stack[k].steps += 1
                    }
                    title = "**" + MarkdownText.escaped(named ?? "Tab") + "**"
                    counts.tabs += 1
                case "Update":
                    title = "**" + MarkdownText.escaped(a["label"] ?? "Update") + "**" + (a["description"].map { " (" + MarkdownText.escaped($0) + ")" } ?? "")
                    counts.components += 1
                case "Card", "Tile", "LinkCard":
                    let name = MarkdownText.escaped(a["title"] ?? "")
                    if let href = a["href"], !href.isEmpty, !name.isEmpty {
                        title = "**[" + name + "](" + Markdown.linkTarget(href) + ")**"
                    } else if !name.isEmpty {
                        title = "**" + name + "**"
                    }
                    // Starlight's `<LinkCard description="..." />` says it in an attribute.
                    if text.isEmpty, let d = a["description"], !d.isEmpty { text = d; describedByAttribute = true }
                    counts.components += 1
                case "Color.Item":
                    title = "**" + MarkdownText.escaped(a["name"] ?? "") + "**" + (a["value"].map { " `" + $0 + "`" } ?? "")
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
                    title = "**" + MarkdownText.escaped(name ?? "") + "**" + id + (details.isEmpty ? "" : " (" + details.joined(separator: ", ") + ")")
                    counts.components += 1
                default:
                    title = "**" + MarkdownText.escaped(a["title"] ?? tag.name) + "**"
                    counts.components += 1
                }
                if title == "****" { title = "" }
                let joined = text.isEmpty ? title : title.isEmpty ? inlineConverted(text, counts: &counts) : title + ": " + inlineConverted(text, counts: &counts)
                out[i] = joined.isEmpty ? blank(prefix) : prefix + joined
                if !title.isEmpty && (text.isEmpty || describedByAttribute) { titleLines.append(i) }
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

    /// The components of a file tree: its folders and files (a nested list), and its root.
    static let treeFolders: Set<String> = ["Tree.Folder", "Folder", "FileTree.Folder"]
    static let treeFiles: Set<String> = ["Tree.File", "File", "FileTree.File"]
    static let trees: Set<String> = ["Tree", "Files", "FileTree"]

    /// `['pnpm', "npm", `yarn`]` (an attribute's array of strings) -> ["pnpm", "npm", "yarn"];
    /// empty when it is anything else.
    static func stringList(_ value: String) -> [String] {
        let t = value.trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix("["), t.hasSuffix("]") else { return [] }
        var out: [String] = []
        var current: String?
        var quote: Character?
        for ch in t.dropFirst().dropLast() {
            if let q = quote {
                if ch == q { quote = nil; out.append(current ?? ""); current = nil } else { current?.append(ch) }
            } else if ch == "\"" || ch == "'" || ch == "`" {
                quote = ch
                current = ""
            } else if ch != "," && !ch.isWhitespace {
                return []
            }
        }
        return quote == nil ? out : []
    }

    /// The last line (outside code) closing each component (`</Note>`), by name: a component
    /// opened before it is closed. One pass over the page (asked once per component opened,
    /// a scan from each was quadratic on Mintlify's changelog of 340 updates).
    static func lastClosingLines(_ lines: [String]) -> [String: Int] {
        var last: [String: Int] = [:]
        var fences = CodeFences()
        for (k, line) in lines.enumerated() where !fences.isCode(line) && line.contains("</") {
            for m in line.matches(of: /<\/([A-Za-z][A-Za-z0-9._]*)>/) { last[String(m.1)] = k }
        }
        return last
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
        // `<Tooltip tip="...">word</Tooltip>`, `<Badge>New</Badge>`, `<Kbd>`, `<Color>`: their text.
        if result.contains("<Tooltip") || result.contains("<Badge") || result.contains("<Kbd") || result.contains("<Color") {
            result = result.replacing(/<(Tooltip|Badge|Kbd|Color)(?:\s[^<>]*)?>([^<]*)<\/\1>/) { match in
                counts.components += 1
                return String(match.2)
            }
        }
        // Starlight: `<Badge text="New" variant="tip" />` is its text; `<LinkButton href="/x">Start</LinkButton>` a link.
        if result.contains("<Badge") {
            result = result.replacing(/<Badge(\s[^<>]*?)\/>/) { match in
                guard let text = JSXTag.attributes(String(match.1))["text"] else { return String(match.0) }
                counts.components += 1
                return text
            }
        }
        if result.contains("<LinkButton") {
            result = result.replacing(/<LinkButton(\s[^<>]*)>([^<]*)<\/LinkButton>/) { match in
                guard let href = JSXTag.attributes(String(match.1))["href"], !href.isEmpty else { return String(match.2) }
                counts.components += 1
                return "[" + String(match.2) + "](" + Markdown.linkTarget(href) + ")"
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

// The navigation of the MDX sites of no configuration Casebook reads: Fumadocs' `meta.json`
// (`{"title": "Policies", "pages": ["index", "counterfeit", "---Live---", "streams"]}`) and
// Nextra's `_meta.json` (`{"index": "Introduction", "counterfeit": {"title": "Fakes"}}`), one
// per folder. Read as files of the corpus, they were copied as files and the folders untitled.
extension Importer {
    /// Nextra's navigation files written as modules (Nextra 3 and 4).
    static let nextraMetaModules: Set<String> = ["_meta.js", "_meta.ts", "_meta.tsx", "_meta.jsx", "_meta.mjs"]

    /// Each folder's `meta.json` (Fumadocs) or `_meta.json` (Nextra) gives its title and the
    /// order (and, Nextra's, the titles) of its pages and subfolders; the files are not copied.
    /// A file that is not a JSON object of that shape is left alone (copied as it was).
    mutating func readMDXMeta(_ files: [String]) {
        var read: [String] = []
        var code: [String] = []
        for f in files.sorted() {
            let name = (f as NSString).lastPathComponent
            guard name == "meta.json" || name == "_meta.json" || Self.nextraMetaModules.contains(name), let data = FileManager.default.contents(atPath: docs + "/" + f),
                  data.count < 1 << 20, isInsideCorpus(docs + "/" + f) else { continue }
            let folder = PathText.parent(of: f)
            // A page or subfolder of this folder by the name the file gives it.
            func entry(_ key: String) -> (page: String?, folder: String?) {
                let base = folder.isEmpty ? key : folder + "/" + key
                for ext in [".mdx", ".md", ".markdown"] where pagePaths[base + ext] != nil { return (base + ext, nil) }
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: docs + "/" + base, isDirectory: &isFolder), isFolder.boolValue { return (nil, base) }
                return (nil, nil)
            }
            if name == "meta.json" {
                guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
                      object["pages"] is [Any] || object["title"] is String else { continue }
                if let title = object["title"] as? String, !folder.isEmpty {
                    var info = categories[folder] ?? CategoryInfo()
                    info.title = title
                    if let d = object["description"] as? String, !d.isEmpty { info.summary = d }
                    categories[folder] = info
                }
                var position = 0
                for case let key as String in (object["pages"] as? [Any]) ?? [] {
                    // Separators (`---Live---`), the rest (`...`, `...folder`), exclusions (`!x`) and links.
                    guard !key.hasPrefix("---"), !key.hasPrefix("..."), !key.hasPrefix("!"), !key.hasPrefix("[") else { continue }
                    position += 1
                    let found = entry(key)
                    if let page = found.page { navigation[page] = NavEntry(title: navigation[page]?.title, order: position) }
                    if let sub = found.folder { var info = categories[sub] ?? CategoryInfo(); info.order = position; categories[sub] = info }
                }
            } else {
                // Read as YAML, which keeps the keys' order (JSON is YAML); the order is the navigation's.
                // Nextra 3 and 4's `_meta.js` / `_meta.ts`: the object the module exports, when it is plain data.
                let text = String(decoding: data, as: UTF8.self)
                let parsed = name == "_meta.json" ? try? YAMLParser.parse(text) : JSObjectLiteral.exportedObject(text)
                guard let root = parsed, let entries = root.mapEntries else {
                    if name != "_meta.json" { code.append(f) }
                    continue
                }
                var position = 0
                for e in entries {
                    let type = e.value["type"]?.scalar
                    if type == "separator" || e.key == "*" || e.key.hasPrefix("---") { continue }
                    position += 1
                    // An empty title ('') only places the page: its own title stays.
                    let title = (e.value.scalar ?? e.value["title"]?.scalar).flatMap { $0.isEmpty ? nil : $0 }
                    let found = entry(e.key)
                    if let page = found.page { navigation[page] = NavEntry(title: title, order: position) }
                    if let sub = found.folder {
                        var info = categories[sub] ?? CategoryInfo()
                        info.order = position
                        if let title { info.title = title }
                        categories[sub] = info
                    }
                }
            }
            assetPaths.remove(f)
            read.append(f)
        }
        if let first = read.first {
            report.notes.append("\(first): \(read.count) navigation file\(read.count == 1 ? "" : "s") of Fumadocs (meta.json) or Nextra (_meta.json, _meta.js, _meta.ts) read for the folders' titles and the pages' order, not copied")
        }
        if let first = code.first {
            report.notes.append("\(first): \(code.count) Nextra _meta file\(code.count == 1 ? "" : "s") holding code (a function, JSX, a variable) rather than plain data, not read (never run); copied as they were: write the titles and order as plain values")
        }
    }
}
