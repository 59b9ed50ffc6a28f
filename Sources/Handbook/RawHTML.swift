import CGumbo
#if canImport(Glibc)
import Glibc
#endif

/// Raw HTML written in Markdown, read by gumbo (an HTML5 parser) and passed on only through
/// an allowlist, as GitHub and GitLab render it: comments are never shown; formatting tags
/// (`<br>`, `<sub>`, `<kbd>`, `<abbr title>`, ...) and simple blocks (`<table>`, `<details>`,
/// `<img>`, `<div align="center">`, ...) are rendered without their other attributes;
/// `<a id>` / `<a name>` and any allowed element's `id` become link targets; `href` and
/// `src` are links like Markdown's (checked, rewritten, `javascript:` and the like dropped);
/// players and frames become links; scripts and styles in a block are left out. Anything
/// else (a form, `<svg>`, a tag of some framework such as `<Tabs>`) is shown as text, as
/// before, so nothing else written is lost, and nothing runs.
enum RawHTML {
    /// Formatting elements rendered as themselves, without attributes (except `title` on
    /// `abbr` and `dfn`).
    static let formatting: Set<String> = [
        "b", "strong", "i", "em", "u", "s", "strike", "del", "ins", "mark", "small", "big", "sub", "sup",
        "kbd", "code", "var", "samp", "q", "cite", "dfn", "abbr", "tt", "time", "bdi",
    ]
    /// Empty elements rendered as themselves.
    static let void: Set<String> = ["br", "wbr", "hr"]
    /// Embedded players and frames, which a handbook read offline or on a phone cannot rely on:
    /// each becomes a link to what it would show, named by its `title` (else the address).
    static let embeds: Set<String> = ["iframe", "video", "audio"]
    /// Elements whose tags are dropped and whose content is kept.
    static let unwrapped: Set<String> = ["span", "font", "picture", "a", "object", "label"]

    /// A checkbox (`<input type="checkbox">`, a checklist's box: opensource.guide writes 840)
    /// as the character a reader and a screen reader take for one, ticked when `checked`; nil
    /// for any other input, which stays outside the allowlist (a form's fields do nothing on a
    /// page that has no form).
    static func checkbox(_ attributes: [String: String]) -> String? {
        guard attributes["type"]?.lowercased() == "checkbox" else { return nil }
        return attributes["checked"] != nil ? "\u{2611}" : "\u{2610}"
    }
    /// Block elements rendered as themselves, without attributes except those listed in `kept`.
    static let blocks: Set<String> = [
        "p", "div", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "table", "caption", "thead",
        "tbody", "tfoot", "tr", "th", "td", "details", "summary", "figure", "figcaption", "center",
        "section", "article", "header", "footer", "main", "nav", "aside", "colgroup", "col",
    ]
    /// Headings written in HTML. One that stands at the top level of a top-level block (the
    /// block starts with it, or it follows the block's other top-level elements: cert-manager's
    /// API reference writes `<h2 id="acme.cert-manager.io/v1">` so) is a section of the page,
    /// as on GitHub: see `Block.headings`. Any other (in a `<div>`, a list, a table, a quote,
    /// or in HTML an earlier block left open) is a bold paragraph, not a section.
    static let headings: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]
    /// Attributes kept, per element.
    static let kept: [String: Set<String>] = [
        "abbr": ["title"], "dfn": ["title"], "ol": ["start", "reversed"], "td": ["colspan", "rowspan"],
        "th": ["colspan", "rowspan", "scope"], "details": ["open"], "col": ["span"], "colgroup": ["span"],
    ]
    /// Layout elements rendered as a plain `<div>` (`<center>` is obsolete; the others carry
    /// landmark roles a page body must not repeat).
    static let asDiv: Set<String> = ["center", "section", "article", "header", "footer", "main", "nav", "aside"]
    /// Elements a top-level block may leave open for a later block to close, as
    /// `<details>` ... Markdown ... `</details>` is written, or as a blank line splits an HTML
    /// table or list into several blocks (a cell of several paragraphs, rows set apart).
    static let mayStayOpen: Set<String> = Set(["details", "blockquote", "div"]).union(partsOfTablesAndLists)
    /// Tables and lists, and their parts.
    static let partsOfTablesAndLists: Set<String> = Set(["table", "thead", "tbody", "tfoot", "tr", "caption", "ul", "ol", "dl"]).union(cellsAndItems)
    /// The parts of tables and lists that hold text: cells, captions, items, terms and definitions.
    static let cellsAndItems: Set<String> = ["td", "th", "caption", "li", "dt", "dd"]
    /// Which of those may hold the Markdown written after the block (a paragraph, a list): a
    /// Markdown block after a table left open between rows closes the table first, as it
    /// could stand in no part of it.
    static let holdsBlocks: Set<String> = Set(["details", "blockquote", "div"]).union(cellsAndItems)

    /// Elements left out of a rendered block with their content: code and styling, never text
    /// for a reader (a block holding one is otherwise rendered).
    static let leftOut: Set<String> = ["script", "style", "template", "noscript", "link", "meta"]

    /// A tag or comment cmark read as inline HTML (one tag each).
    enum Inline {
        case comment
        case open(name: String, attributes: [String: String])
        case close(String)
        /// A processing instruction, declaration or CDATA: shown as text.
        case other
    }

    /// Reads one inline tag.
    static func inline(_ literal: String) -> Inline {
        if literal.hasPrefix("<!--") { return .comment }
        if literal.hasPrefix("</") {
            let name = literal.dropFirst(2).prefix { $0.isLetter || $0.isNumber || $0 == "-" }
            return name.isEmpty ? .other : .close(name.lowercased())
        }
        guard literal.hasPrefix("<"), literal.dropFirst().first?.isLetter == true else { return .other }
        // Parts of a table are read inside one (alone, an HTML parser drops them).
        let written = literal.dropFirst().prefix { $0.isLetter || $0.isNumber }.lowercased()
        let context = ["td": "<table><tr>", "th": "<table><tr>", "tr": "<table>", "thead": "<table>", "tbody": "<table>",
                       "tfoot": "<table>", "caption": "<table>", "colgroup": "<table>", "col": "<table><colgroup>"][written] ?? ""
        var result = Inline.other
        parse(context + literal) { root in
            // The element written: the first of its name, depth first (after the context's).
            var stack = children(root).reversed() as [NodePointer]
            while let node = stack.popLast() {
                guard node.pointee.type == GUMBO_NODE_ELEMENT, let name = elementName(node) else { continue }
                if name == written {
                    let attributes = attributes(node)
                    if name == "object", let src = objectImage(attributes) {
                        result = .open(name: "img", attributes: ["src": src, "alt": attributes["title"] ?? ""])
                    } else {
                        result = .open(name: name, attributes: attributes)
                    }
                    return
                }
                stack += children(node).reversed()
            }
        }
        return result
    }

    /// One piece of a rendered block: HTML as it is, or a part that depends on the page
    /// (a target that may be a duplicate, a link that may be rewritten or dropped).
    enum Token {
        case html(String)
        /// An id target: the index in `Block.anchors`.
        case anchor(Int)
        /// The index in `Block.links`.
        case linkOpen(Int)
        case linkClose(Int)
        /// An image: the index in `Block.links`, its alternative text and other attributes (HTML).
        case image(Int, alt: String, attributes: String)
        /// The start tag of a heading that is a section of the page: the index in `Block.headings`
        /// (its id is the page's to give, as a Markdown heading's is).
        case heading(Int)
    }

    /// A heading of a block that is a section of the page (see `headings`).
    struct Heading {
        /// 1 to 6.
        var level: Int
        /// Its plain text (text and images' `alt`, white space collapsed), as a Markdown heading's.
        var text: String
        /// Its `id` when Casebook takes it as an anchor (`Slug.isValidAnchor`), else nil (then
        /// its anchor is made from its text).
        var id: String?
        /// Its line in the block (1-based).
        var line: Int
        /// Where its section's text starts in `Block.text` (UTF-8 offset): the text before
        /// belongs to the section before it. Its own text is not in `Block.text`.
        var textOffset: Int
    }

    /// An HTML block rendered through the allowlist.
    struct Block {
        var tokens: [Token] = []
        /// The text a reader sees, for search.
        var text = ""
        /// Ids set in the block, with their line in it (1-based), and the heading (index in
        /// `headings`) that holds each, if any.
        var anchors: [(id: String, line: Int, heading: Int?)] = []
        /// Headings that are sections of the page (see `RawHTML.headings`), in order.
        var headings: [Heading] = []
        /// `href` and `src` values, with their line in the block and whether each is an image.
        var links: [(url: String, line: Int, isImage: Bool)] = []
        /// Elements left open at its end (outermost first), to be closed by a later block.
        var leftOpen: [String] = []
        /// Read inside what earlier blocks left open (`context`): how many of those elements,
        /// from the outermost, it leaves open; it closes the others (and writes their end tags).
        var contextStillOpen = 0
        /// Whether it was read inside the context it was given (else alone: what was left open
        /// closes before it).
        var readInContext = false
        /// Elements left out (see `leftOut`), with their line in the block.
        var leftOutTags: [(name: String, line: Int)] = []
        /// Elements outside the allowlist, their tags shown as text where they stand (their
        /// content rendered as any other), with their line in the block.
        var textTags: [(name: String, line: Int)] = []
    }

    /// What an HTML block becomes.
    enum BlockKind {
        /// Only comments and white space: nothing is shown.
        case empty
        /// Only end tags (`</details>`): closes what an earlier block left open.
        case closing([String])
        case rendered(Block)
        /// A node gumbo gives that the writer does not know: the block is shown as text.
        /// (Tags outside the allowlist are text where they stand, see `writeAsText`.)
        case text
        /// More than `maxTags` tags (how many): shown as text.
        case tooManyTags(Int)
        /// Elements nested deeper than `maxDepth`: shown as text.
        case tooDeep
    }

    /// Whether an inline tag of this name is rendered (as itself, a link, an image or its content).
    static func isInlineAllowed(_ name: String) -> Bool {
        formatting.contains(name) || unwrapped.contains(name) || embeds.contains(name) || name == "br" || name == "wbr" || name == "img" || name == "input"
    }

    /// The most `<` a block may hold to be read (a larger one is shown as text). An API
    /// reference generated as one HTML table, or a policy matrix exported from a wiki, holds
    /// tens of thousands.
    static let maxTags = 250_000
    /// Up to this many tags a block is read as it is; a larger one only when `nestingBound`
    /// keeps it within `maxDepth`. gumbo checks each end tag's scope by walking the elements
    /// open, so a deep block of many tags costs their product: 20,000 unclosed `<div>` and
    /// 20,000 `</p>` took it 1.7 s, where a shallow 270 KB reference takes 30 ms.
    static let smallBlock = 4_000
    /// The deepest element rendered; a deeper block is shown as text.
    static let maxDepth = 64
    /// The most elements earlier top-level blocks may leave open for a later one to be read
    /// inside (a table, its body, row and cell in a list item in a `<details>` is 6); past it,
    /// they are closed before the next block.
    static let maxContext = 16

    /// An upper bound on how deep the elements of `html` nest, read from its tags alone (no
    /// parse): each start tag opens an element, except the void ones; an end tag closes the
    /// element it names when that one is open with nothing above it but elements HTML closes
    /// by themselves (`<p>`, `<li>`, `<td>`, ...; `<ul><li>a<li>b</ul>`); one of those opens
    /// after closing a sibling of its name (`<li>a<li>b`). Where HTML would close more (a
    /// `</div>` over an unclosed `<b>`, a `<div>` ending a `<p>`), the bound stays higher,
    /// never lower: an end tag it cannot match closes nothing, as it closes nothing across a
    /// table in HTML. Stops counting once past `limit`.
    static func nestingBound(_ html: String, limit: Int = maxDepth) -> Int {
        var open: [[UInt8]] = []
        var deepest = 0
        var bytes = html.utf8.makeIterator()
        var pending: UInt8? = nil
        func next() -> UInt8? {
            if let p = pending { pending = nil; return p }
            return bytes.next()
        }
        while let b = next() {
            guard b == UInt8(ascii: "<") else { continue }
            guard var c = next() else { break }
            // A comment: skipped to its end.
            if c == UInt8(ascii: "!") {
                var dashes = 0
                while let d = next() {
                    if d == UInt8(ascii: ">") && dashes >= 2 { break }
                    dashes = d == UInt8(ascii: "-") ? dashes + 1 : 0
                }
                continue
            }
            let closing = c == UInt8(ascii: "/")
            if closing { guard let d = next() else { break }; c = d }
            guard Self.isASCIILetter(c) else { pending = c; continue }
            var name: [UInt8] = [c | 0x20]
            var after: UInt8? = nil
            while let d = next() {
                if Self.isASCIILetter(d) || (d >= UInt8(ascii: "0") && d <= UInt8(ascii: "9")) || d == UInt8(ascii: "-") {
                    name.append(d | (Self.isASCIILetter(d) ? 0x20 : 0))
                } else { after = d; break }
            }
            // To the end of the tag, past quoted attribute values.
            var quote: UInt8? = nil
            var d = after
            while let x = d, !(quote == nil && x == UInt8(ascii: ">")) {
                if let q = quote { if x == q { quote = nil } } else if x == UInt8(ascii: "\"") || x == UInt8(ascii: "'") { quote = x }
                d = next()
            }
            if closing {
                var i = open.count - 1
                while i >= 0, open[i] != name, Self.closesItself.contains(open[i]) { i -= 1 }
                if i >= 0, open[i] == name { open.removeSubrange(i...) }
            } else if !Self.voidElements.contains(name) {
                if Self.closesItself.contains(name), open.last == name { open.removeLast() }
                open.append(name)
                deepest = max(deepest, open.count)
                if deepest > limit { return deepest }
            }
        }
        return deepest
    }

    private static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
    /// Elements with no content (their start tag is the whole element).
    private static let voidElements: Set<[UInt8]> = Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                                                          "param", "source", "track", "wbr", "keygen"].map { Array($0.utf8) })
    /// Elements HTML closes without an end tag when a sibling or their parent ends.
    private static let closesItself: Set<[UInt8]> = Set(["p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option",
                                                          "optgroup", "colgroup", "rb", "rt", "rp", "rtc"].map { Array($0.utf8) })

    /// Reads an HTML block. `mayLeaveOpen`: the block stands at the top of the page, where a
    /// `<details>` it opens may be closed by a later block. `context`: the elements earlier
    /// top-level blocks left open (outermost first), which this one is read inside (a table's
    /// later rows, the rest of a cell): their start tags are not written again, and the end
    /// tags of those it closes are. A block that does not fit in them (nothing of it parses
    /// inside them) is `.rendered` with `contextStillOpen` 0 and read alone. `sections`: its
    /// headings at its top level are sections of the page (`Block.headings`; a top-level block
    /// of the page), else bold paragraphs.
    static func block(_ literal: String, mayLeaveOpen: Bool, context: [String] = [], sections: Bool = false) -> BlockKind {
        if let names = endTagsOnly(literal) { return .closing(names) }
        let tags = literal.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "<") ? 1 : 0) }
        guard tags <= maxTags else { return .tooManyTags(tags) }
        guard tags <= smallBlock || nestingBound(literal) <= maxDepth else { return .tooDeep }
        if !context.isEmpty, let kind = read(literal, mayLeaveOpen: mayLeaveOpen, context: context, sections: sections) { return kind }
        return read(literal, mayLeaveOpen: mayLeaveOpen, context: [], sections: sections) ?? .text
    }

    /// Reads a block inside `context`; nil when gumbo did not keep those elements around it.
    private static func read(_ literal: String, mayLeaveOpen: Bool, context: [String], sections: Bool) -> BlockKind? {
        var kind: BlockKind? = .text
        parse(context.map { "<" + $0 + ">" }.joined() + literal) { root in
            var writer = BlockWriter()
            writer.sections = sections
            // The context's elements: the first element child at each level, by name.
            var chain: [NodePointer] = []
            var node = root
            for name in context {
                guard let first = children(node).first(where: { $0.pointee.type == GUMBO_NODE_ELEMENT }), elementName(first) == name else {
                    kind = nil
                    return
                }
                chain.append(first)
                node = first
            }
            writer.context = chain
            writer.block.readInContext = !chain.isEmpty
            if mayLeaveOpen { writer.markLeftOpen(root) }
            guard writer.write(children: root, depth: 0) else {
                kind = writer.tooDeep ? .tooDeep : .text
                return
            }
            var block = writer.block
            // White space around the block is cmark's to write (it puts each block on its lines).
            if case .html(let first)? = block.tokens.first {
                let trimmed = String(first.drop { $0 == "\n" || $0 == " " || $0 == "\t" })
                if trimmed.isEmpty { block.tokens.removeFirst() } else { block.tokens[0] = .html(trimmed) }
            }
            if case .html(let last)? = block.tokens.last {
                var trimmed = Substring(last)
                while let c = trimmed.last, c == "\n" || c == " " || c == "\t" { trimmed = trimmed.dropLast() }
                if trimmed.isEmpty { block.tokens.removeLast() } else { block.tokens[block.tokens.count - 1] = .html(String(trimmed)) }
            }
            let closesContext = block.contextStillOpen < context.count
            kind = block.tokens.isEmpty && block.leftOpen.isEmpty && block.leftOutTags.isEmpty && block.textTags.isEmpty && !closesContext ? .empty : .rendered(block)
        }
        return kind
    }

    /// The names of a block made only of end tags (`</details>`, `</div></div>`), else nil.
    static func endTagsOnly(_ literal: String) -> [String]? {
        var names: [String] = []
        var rest = Substring(literal)
        while true {
            rest = rest.drop { $0.isWhitespace }
            if rest.isEmpty { return names.isEmpty ? nil : names }
            guard rest.hasPrefix("</") else { return nil }
            let name = rest.dropFirst(2).prefix { $0.isLetter || $0.isNumber || $0 == "-" }
            guard !name.isEmpty else { return nil }
            rest = rest.dropFirst(2 + name.count).drop { $0 == " " || $0 == "\t" || $0 == "\n" }
            guard rest.hasPrefix(">") else { return nil }
            rest = rest.dropFirst()
            names.append(name.lowercased())
        }
    }

    /// Whether a URL may be rendered: relative, or http, https, mailto or tel (not
    /// `javascript:`, `data:`, `vbscript:`, `file:`...).
    static func isSafeURL(_ url: String) -> Bool {
        let trimmed = url.drop { $0 == " " || $0 == "\t" || $0 == "\n" }
        guard let colon = trimmed.firstIndex(of: ":") else { return true }
        let scheme = trimmed[..<colon]
        // A colon after a path, query or fragment has started is not a scheme's.
        if scheme.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return true }
        return ["http", "https", "mailto", "tel"].contains(scheme.lowercased())
    }

    /// What cmark writes for a raw HTML node when not told to pass it through.
    static let omitted = Array("<!-- raw HTML omitted -->".utf8)

    /// `html` with its `omitted` markers replaced by `replacements`, in order. Text never
    /// holds the marker: cmark escapes its `<`. Were there ever not one marker per replacement,
    /// every marker becomes nothing rather than a tag put in another's place.
    static func replacingOmitted(_ html: UnsafeBufferPointer<UInt8>, with given: [String]) -> [UInt8] {
        var markers: [Int] = []
        omitted.withUnsafeBufferPointer { marker in
            var at = 0
            while let hit = SourceText.offset(of: marker, in: html, from: at) { markers.append(hit); at = hit + marker.count }
        }
        let replacements = markers.count == given.count ? given : []
        var out: [UInt8] = []
        out.reserveCapacity(html.count + replacements.reduce(0) { $0 + $1.utf8.count })
        var start = 0
        for (k, at) in markers.enumerated() {
            out.append(contentsOf: html[start..<at])
            if k < replacements.count { out.append(contentsOf: replacements[k].utf8) }
            start = at + omitted.count
        }
        out.append(contentsOf: html[start...])
        return out
    }

    /// The image an `<object>` shows (`<object data="/images/flow.svg">`, as cert-manager's
    /// docs show their diagrams): its `data` when that names an image file, else nil (then the
    /// object's own content is shown in its place).
    static func objectImage(_ attributes: [String: String]) -> String? {
        guard let data = attributes["data"], !data.isEmpty else { return nil }
        let path = data.prefix { $0 != "?" && $0 != "#" }.lowercased()
        return [".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"].contains { path.hasSuffix($0) } ? data : nil
    }

    /// The link text of an embed: its `title`, else its address.
    static func embedLabel(_ attributes: [String: String], src: String) -> String {
        if let title = attributes["title"], title.contains(where: { !$0.isWhitespace }) { return title }
        return src
    }

    /// An image's `width`, `height` (numbers) and `title`, as HTML.
    static func imageAttributes(_ attributes: [String: String]) -> String {
        var out = ""
        for key in ["width", "height"] {
            if let v = attributes[key], Int(v) != nil { out += " " + key + "=\"" + v + "\"" }
        }
        if let title = attributes["title"] { out += " title=\"" + HTML.escape(title) + "\"" }
        return out
    }

    // MARK: gumbo

    typealias NodePointer = UnsafeMutablePointer<GumboNode>

    /// Parses `html` as the content of a `<div>` (a whole document with `fragment` false) and
    /// gives the root to `body`.
    ///
    /// gumbo allocates from an `Arena` and frees nothing; the arena is freed whole after
    /// `body`. `gumbo_destroy_output` frees the tree recursively, one C frame per level, so
    /// a deep enough tree would overflow a build thread's stack; and one `free` of a few
    /// chunks is cheaper than one per node.
    static func parse(_ html: String, fragment: Bool = true, _ body: (NodePointer) -> Void) {
        let arena = Arena(expected: html.utf8.count)
        var options = kGumboDefaultOptions
        if fragment { options.fragment_context = GUMBO_TAG_DIV }
        options.max_errors = 0
        options.userdata = Unmanaged.passUnretained(arena).toOpaque()
        options.allocator = { userdata, size in
            Unmanaged<Arena>.fromOpaque(userdata!).takeUnretainedValue().allocate(size)
        }
        options.deallocator = { _, _ in }
        var bytes = Array(html.utf8)
        bytes.append(0)
        withExtendedLifetime(arena) {
            bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                    guard let output = gumbo_parse_with_options(&options, chars, buffer.count - 1) else { return }
                    if let root = output.pointee.root { body(root) }
                }
            }
        }
    }

    /// Memory for one parse, handed out in order from a few large chunks and freed all at
    /// once. gumbo allocates about 11 bytes per byte of HTML (3.1 MB for cert-manager's
    /// 270 KB API reference), most of it short-lived; it all lives until the parse's end.
    final class Arena {
        private var chunks: [UnsafeMutableRawPointer] = []
        private var next: UnsafeMutableRawPointer?
        private var left = 0
        private let chunkSize: Int

        init(expected bytes: Int) {
            chunkSize = min(max(bytes * 4, 4096), 1 << 22)
        }

        func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
            let size = (max(size, 1) + 15) & ~15
            if size > chunkSize / 2 {
                guard let p = malloc(size) else { return nil }
                chunks.append(p)
                return p
            }
            if size > left {
                guard let p = malloc(chunkSize) else { return nil }
                chunks.append(p)
                next = p
                left = chunkSize
            }
            let p = next!
            next = p + size
            left -= size
            return p
        }

        deinit {
            for chunk in chunks { free(chunk) }
        }
    }

    /// How deep gumbo nests the elements of `html` (the fragment's root is 0); what
    /// `nestingBound` bounds.
    static func parsedDepth(_ html: String) -> Int {
        var deepest = 0
        parse(html) { root in
            var stack: [(NodePointer, Int)] = [(root, 0)]
            while let (node, depth) = stack.popLast() {
                deepest = max(deepest, depth)
                for child in children(node) where child.pointee.type == GUMBO_NODE_ELEMENT { stack.append((child, depth + 1)) }
            }
        }
        return deepest
    }

    static func children(_ node: NodePointer) -> [NodePointer] {
        guard node.pointee.type == GUMBO_NODE_ELEMENT || node.pointee.type == GUMBO_NODE_TEMPLATE else { return [] }
        let vector = node.pointee.v.element.children
        return (0..<Int(vector.length)).compactMap { vector.data[$0]?.assumingMemoryBound(to: GumboNode.self) }
    }

    /// A known HTML element's lower-case name (nil for an unknown tag, SVG or MathML).
    static func elementName(_ node: NodePointer) -> String? {
        let element = node.pointee.v.element
        guard element.tag != GUMBO_TAG_UNKNOWN, element.tag_namespace == GUMBO_NAMESPACE_HTML,
              let name = gumbo_normalized_tagname(element.tag) else { return nil }
        return String(cString: name)
    }

    /// The text of a tag as written in the source (empty for one HTML implied).
    static func source(_ piece: GumboStringPiece) -> String {
        guard let data = piece.data, piece.length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: Int(piece.length)), as: UTF8.self)
    }

    /// Whether an allowed element of this name renders (as itself, a link, an image, a box or
    /// its content): the others' tags are shown as text.
    static func isRendered(_ name: String, _ attributes: [String: String]) -> Bool {
        if name == "input" { return checkbox(attributes) != nil }
        return formatting.contains(name) || blocks.contains(name) || asDiv.contains(name) || unwrapped.contains(name)
            || embeds.contains(name) || void.contains(name) || name == "img" || headings.contains(name)
    }

    /// An element's name as written (lower-cased), known to gumbo or not (`tabs` for `<Tabs>`).
    static func tagName(_ node: NodePointer) -> String {
        if let known = elementName(node) { return known }
        let original = node.pointee.v.element.original_tag
        guard let data = original.data, original.length > 1 else { return "" }
        let bytes = UnsafeRawBufferPointer(start: data, count: Int(original.length))
        return String(decoding: bytes.dropFirst().prefix { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 62 && $0 != 47 }, as: UTF8.self).lowercased()
    }

    static func attributes(_ node: NodePointer) -> [String: String] {
        let vector = node.pointee.v.element.attributes
        var out: [String: String] = [:]
        for i in 0..<Int(vector.length) {
            guard let a = vector.data[i]?.assumingMemoryBound(to: GumboAttribute.self),
                  let name = a.pointee.name, let value = a.pointee.value else { continue }
            out[String(cString: name).lowercased()] = String(cString: value)
        }
        return out
    }

    /// The attributes an element keeps, as HTML (` title="..."`), in a fixed order.
    static func keptAttributes(_ name: String, _ attributes: [String: String]) -> String {
        guard let allowed = kept[name] else { return "" }
        var out = ""
        for key in allowed.sorted() {
            guard let value = attributes[key] else { continue }
            if ["colspan", "rowspan", "start", "span"].contains(key), Int(value) == nil { continue }
            out += " " + key + "=\"" + HTML.escape(value) + "\""
        }
        return out
    }

    /// Renders a fragment's tree into a `Block`.
    private struct BlockWriter {
        var block = Block()
        /// Whether an element nested deeper than `maxDepth` was refused.
        var tooDeep = false
        /// How many elements shown as text (see `writeAsText`) hold the one being written.
        private var insideText = 0
        /// Elements to leave open (see `mayStayOpen`).
        private var open: Set<NodePointer> = []
        /// The elements earlier blocks left open, outermost first: written without start tags.
        var context: [NodePointer] = []
        /// Headings at the top level of the block are sections (see `RawHTML.headings`).
        var sections = false
        /// The plain text of the section heading being written, nil outside one.
        private var headingText: String?

        /// Finds the elements open at the end of the block that may stay open: from the
        /// top, the last child while it is such an element without an end tag; first the
        /// context's, then the block's own.
        mutating func markLeftOpen(_ root: NodePointer) {
            func lastElement(_ node: NodePointer) -> NodePointer? {
                guard let last = RawHTML.children(node).last(where: { $0.pointee.type != GUMBO_NODE_WHITESPACE && $0.pointee.type != GUMBO_NODE_COMMENT }),
                      last.pointee.type == GUMBO_NODE_ELEMENT, last.pointee.v.element.original_end_tag.length == 0 else { return nil }
                return last
            }
            var node = root
            while block.contextStillOpen < context.count, let last = lastElement(node), last == context[block.contextStillOpen] {
                open.insert(last)
                block.contextStillOpen += 1
                node = last
            }
            while let last = lastElement(node), !context.contains(last), let name = RawHTML.elementName(last), RawHTML.mayStayOpen.contains(name) {
                open.insert(last)
                block.leftOpen.append(name)
                node = last
            }
        }

        private mutating func html(_ s: String) {
            if case .html(let previous)? = block.tokens.last {
                block.tokens[block.tokens.count - 1] = .html(previous + s)
            } else {
                block.tokens.append(.html(s))
            }
        }

        /// Writes the children of `node`; false when one is outside the allowlist.
        mutating func write(children node: NodePointer, depth: Int) -> Bool {
            for child in RawHTML.children(node) {
                guard write(child, depth: depth) else { return false }
            }
            return true
        }

        /// A heading that is a section of the page: its start tag is the page's to write
        /// (`Token.heading`), its content written as any other's. Its text is its own, not the
        /// block's: the section's text starts after it.
        private mutating func writeSectionHeading(_ node: NodePointer, level: Int, attributes: [String: String], line: Int) -> Bool {
            let id = attributes["id"].flatMap { Slug.isValidAnchor($0) ? $0 : nil }
            // The block's text is set aside while the heading is written (moved, not copied: a
            // generated reference is one block of hundreds of headings) and put back after.
            let before = block.text
            block.text = ""
            block.headings.append(Heading(level: level, text: "", id: id, line: line, textOffset: before.utf8.count))
            let k = block.headings.count - 1
            block.tokens.append(.heading(k))
            headingText = ""
            let written = write(children: node, depth: 1)
            block.headings[k].text = (headingText ?? "").split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            headingText = nil
            block.text = before
            guard written else { return false }
            html("</h\(level)>")
            return true
        }

        /// An element outside the allowlist: its start and end tags as written, as text, where
        /// they stand, and its content as any other. One tag a block cannot render no longer
        /// makes the whole block text: cert-manager's API reference writes "`<rule>`" in a
        /// cell, which in an HTML block is a tag, and its 11,000-tag table was shown as text.
        private mutating func writeAsText(_ node: NodePointer, name: String, line: Int, depth: Int) -> Bool {
            // One warning for the outermost: an <svg>'s paths, a <select>'s options, a <form>'s
            // fields are that one thing shown as text.
            if insideText == 0 { block.textTags.append((name, line)) }
            insideText += 1
            defer { insideText -= 1 }
            let element = node.pointee.v.element
            let start = RawHTML.source(element.original_tag)
            // gumbo gives an element closed by another's end tag that end tag (`</p>` for a
            // `<rule>` left open in a paragraph): only its own is written.
            var end = RawHTML.source(element.original_end_tag)
            let named = end.lowercased().dropFirst(2).prefix { $0.isLetter || $0.isNumber || $0 == "-" }
            if named != name { end = "" }
            html(HTML.escape(start))
            block.text += start
            guard write(children: node, depth: depth + 1) else { return false }
            html(HTML.escape(end))
            block.text += end
            return true
        }

        private mutating func write(_ node: NodePointer, depth: Int) -> Bool {
            switch node.pointee.type {
            case GUMBO_NODE_TEXT, GUMBO_NODE_WHITESPACE, GUMBO_NODE_CDATA:
                let text = node.pointee.v.text.text.map { String(cString: $0) } ?? ""
                html(HTML.escape(text))
                block.text += text
                headingText? += text
                return true
            case GUMBO_NODE_COMMENT:
                return true
            case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE:
                // (gumbo gives a `<template>` a node type of its own; it is left out below.)
                break
            default:
                return false
            }
            let line = Int(node.pointee.v.element.start_pos.line)
            guard depth < RawHTML.maxDepth else {
                tooDeep = true
                return false
            }
            guard let name = RawHTML.elementName(node) else {
                return writeAsText(node, name: RawHTML.tagName(node), line: line, depth: depth)
            }
            if RawHTML.leftOut.contains(name) {
                block.leftOutTags.append((name, line))
                return true
            }
            let attributes = RawHTML.attributes(node)
            guard RawHTML.isRendered(name, attributes) else {
                return writeAsText(node, name: name, line: line, depth: depth)
            }
            // A heading at the top level of the block: a section of the page, whose `id` the page
            // gives it (outside an element shown as text, which is at no top level).
            if sections, depth == 0, RawHTML.headings.contains(name), let level = Int(name.dropFirst()) {
                return writeSectionHeading(node, level: level, attributes: attributes, line: line)
            }
            if let id = attributes["id"] ?? (name == "a" ? attributes["name"] : nil), Slug.isValidAnchor(id) {
                block.anchors.append((id, line, headingText == nil ? nil : block.headings.count - 1))
                block.tokens.append(.anchor(block.anchors.count - 1))
            }
            if name == "img" || (name == "object" && RawHTML.objectImage(attributes) != nil) {
                guard let src = name == "img" ? attributes["src"] : RawHTML.objectImage(attributes), !src.isEmpty else { return true }
                guard RawHTML.isSafeURL(src) else { return true }
                block.links.append((src, line, true))
                let alt = attributes["alt"] ?? ""
                block.tokens.append(.image(block.links.count - 1, alt: alt, attributes: RawHTML.imageAttributes(attributes)))
                block.text += alt.isEmpty ? "" : " " + alt + " "
                headingText? += alt
                return true
            }
            if RawHTML.embeds.contains(name) {
                // The element's own `src`, else its first `<source src>`; its fallback text is left out.
                var src = attributes["src"] ?? ""
                if src.isEmpty {
                    for child in RawHTML.children(node) where child.pointee.type == GUMBO_NODE_ELEMENT && RawHTML.elementName(child) == "source" {
                        if let s = RawHTML.attributes(child)["src"], !s.isEmpty { src = s; break }
                    }
                }
                guard !src.isEmpty, RawHTML.isSafeURL(src) else { return true }
                block.links.append((src, line, false))
                let label = RawHTML.embedLabel(attributes, src: src)
                block.tokens.append(.linkOpen(block.links.count - 1))
                html(HTML.escape(label))
                block.tokens.append(.linkClose(block.links.count - 1))
                block.text += " " + label + " "
                return true
            }
            if name == "input", let box = RawHTML.checkbox(attributes) {
                html(box)
                block.text += box
                return true
            }
            if RawHTML.void.contains(name) {
                html("<" + name + ">")
                if name == "br" { block.text += "\n"; headingText? += " " }
                return true
            }
            var close = ""
            if name == "a", let href = attributes["href"], RawHTML.isSafeURL(href), !href.isEmpty {
                block.links.append((href, line, false))
                let k = block.links.count - 1
                block.tokens.append(.linkOpen(k))
                guard write(children: node, depth: depth + 1) else { return false }
                block.tokens.append(.linkClose(k))
                return true
            } else if RawHTML.unwrapped.contains(name) {
                return write(children: node, depth: depth + 1)
            } else if RawHTML.headings.contains(name) {
                // Not a section of the page (no anchor, not in its contents): bold text.
                html("<p><strong>")
                close = "</strong></p>"
            } else if RawHTML.asDiv.contains(name) {
                html("<div>")
                close = "</div>"
            } else if RawHTML.formatting.contains(name) || RawHTML.blocks.contains(name) {
                if !context.contains(node) { html("<" + name + RawHTML.keptAttributes(name, attributes) + ">") }
                close = "</" + name + ">"
            } else {
                return writeAsText(node, name: name, line: line, depth: depth)
            }
            guard write(children: node, depth: depth + 1) else { return false }
            if RawHTML.blocks.contains(name) || RawHTML.asDiv.contains(name) { block.text += "\n" }
            if !open.contains(node) { html(close) }
            return true
        }
    }
}
