import CCmarkGFM
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The only file that imports cmark-gfm. Everything leaving it is a Swift value.

/// A heading as written in Markdown, before Casebook gives it an anchor.
public struct MarkdownHeading: Sendable, Hashable {
    /// 1 to 6.
    public var level: Int
    /// Plain text of the heading with any trailing `{...}` attribute block removed.
    public var text: String
    /// The attribute block `{#anchor key=value .class}` at the end of the heading, if any.
    public var attributes: HeadingAttributes?
    /// 1-based position in the file.
    public var line: Int
    public var column: Int
    /// Written in HTML (`<h2 id="...">...</h2>` at the top level of an HTML block), whose `id`
    /// is in `attributes` when Casebook takes it as an anchor.
    public var inHTML = false
}

/// The parsed contents of a heading's `{...}` attribute block.
public struct HeadingAttributes: Sendable, Hashable {
    public var id: String?
    public var values: [String: String] = [:]
    public var classes: [String] = []
    /// Column of the opening brace, for error messages.
    public var column: Int = 0
}

/// A link or image target found in Markdown, with where it was written.
public struct MarkdownLink: Sendable, Hashable {
    public var url: String
    public var line: Int
    public var column: Int
    public var isImage: Bool
}

/// What to do with a link when rendering.
public enum LinkRewrite: Sendable, Equatable {
    /// Render the URL as written.
    case keep
    /// Render this URL instead.
    case replace(String)
    /// Render the link text without a link (the target is not in the site).
    case unlink
}

/// The output of rendering one Markdown body.
public struct RenderedMarkdown: Sendable {
    /// HTML of the body; headings carry `id` attributes, tables are wrapped for scrolling.
    public var html: String
    /// Every heading in document order, including one dropped as the page title.
    public var headings: [MarkdownHeading]
    /// The anchor given to each heading, aligned with `headings`.
    public var anchors: [String]
    /// Byte offsets in `html` where each heading's element starts (nil for a dropped H1).
    public var headingOffsets: [Int?]
    /// Every link and image, before rewriting.
    public var links: [MarkdownLink]
    /// Plain text under each heading up to the next heading, aligned with `headings`.
    public var sectionText: [String]
    /// Plain text before the first heading.
    public var introText: String
    /// Text of the first H1 if it was dropped because it opens the document.
    public var leadingTitle: String?
    /// The anchors that dropped H1 would have had (its own, then the forms other tools give
    /// it), those no other element of the page takes: the page's title carries them, so a link
    /// to a page's top heading (`onboarding.md#security-onboarding`, as GitHub and MkDocs give
    /// every H1 an id) lands on its title.
    public var titleAnchors: [String] = []
    /// Ids given in the text by attribute lists as MkDocs (attr_list) and kramdown write them
    /// (`**Term**{ #term-id }`, `A paragraph. {: #para-id }`), in document order, each with
    /// where it was written. The HTML carries each one once (an empty `<span id>` at the start of
    /// its paragraph), unless a heading or an earlier one already has the id (`duplicate` true).
    public var inlineAnchors: [InlineAnchor] = []
    /// Former anchors of each heading (aligned with `headings`) that the HTML also carries as
    /// empty targets inside the heading, so old links and bookmarks still land.
    public var headingAliases: [[String]] = []
    /// Ids of the terms of definition lists (`Term` then `: definition`, as Goldmark's and PHP
    /// Markdown Extra's extension write them), in document order: each `<dt>` carries its term's
    /// anchor, as Hugo's `autoDefinitionTermID` gives it, so links to `#term` land.
    public var termAnchors: [String] = []
    /// Raw HTML shown as text or left out, in document order.
    public var htmlNotes: [HTMLNote] = []
}

/// Raw HTML the page does not render as HTML: shown as text (outside `RawHTML`'s allowlist,
/// or a block too large or too deep to read) or left out (a `<script>` or `<style>` in an
/// HTML block).
public struct HTMLNote: Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        /// The tag is outside the allowlist.
        case shownAsText
        /// A script or style, left out with its content.
        case leftOut
        /// The block holds more tags than `RawHTML.maxTags` (how many it holds).
        case tooManyTags(Int)
        /// The block nests elements deeper than `RawHTML.maxDepth`.
        case tooDeep
    }
    /// The element's name, lower-cased (`form`, `tabs`); empty for a block too large or deep.
    public var tag: String
    public var line: Int
    public var column: Int
    public var reason: Reason
}

/// An id set by an attribute list in the text.
public struct InlineAnchor: Sendable, Hashable {
    public var id: String
    public var line: Int
    public var column: Int
    /// A heading or an earlier attribute list already has this id: the HTML does not repeat it.
    public var duplicate = false
    /// Set by raw HTML (`<a name="x">`, `<span id="x">`), not by an attribute list.
    public var inHTML = false
    /// Raw HTML in a heading giving the heading's own anchor (`## <a name="scope"></a>Scope`):
    /// a duplicate that is no problem.
    public var sameAsHeading = false
}

/// Markdown parsing and rendering with cmark-gfm (GFM tables, strikethrough, autolinks, task lists).
public enum Markdown {
    /// A link destination as Markdown writes it (the import's converters write links): in `<>`
    /// when it holds spaces or parentheses, which would end it, and without line breaks (an
    /// attribute may hold them; a destination cannot).
    static func linkTarget(_ href: String) -> String {
        let href = href.contains(where: \.isNewline) ? href.filter { !$0.isNewline } : href
        guard href.contains(" ") || href.contains("(") || href.contains(")") else { return href }
        return "<" + href.replacingOccurrences(of: "<", with: "%3C").replacingOccurrences(of: ">", with: "%3E") + ">"
    }

    /// Text put inside a link's or picture's brackets as the import's converters write them:
    /// its brackets escaped, so they neither end the text nor start a link.
    static func linkText(_ text: String) -> String {
        text.replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]")
    }

    /// Bytes that may start inline Markdown syntax or need the parser's handling.
    private static let inlineSyntax: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for b in "*_[]`\\<>!~:&\n".utf8 { table[Int(b)] = true }
        return table
    }()

    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

    /// What every definition of a definition list starts with: a line beginning with `:`.
    private static let definitionMarker: StaticString = "\n:"

    /// Which of `extensionNames` the text may need: a table needs `|`, strikethrough `~`,
    /// an autolink `://`, `www.` or `@` (an e-mail address), a task item `[ ]`, `[x]` or `[X]`.
    static func extensionsNeeded(_ text: UnsafeBufferPointer<UInt8>) -> [Bool] {
        guard let base = text.baseAddress, !text.isEmpty else { return [false, false, false, false] }
        func has(_ byte: UInt8) -> Bool { memchr(base, Int32(byte), text.count) != nil }
        func has(_ s: StaticString) -> Bool {
            SourceText.contains(text, UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
        }
        return [has(UInt8(ascii: "|")), has(UInt8(ascii: "~")),
                has("://") || has("www.") || has("WWW.") || has(UInt8(ascii: "@")),
                has("[ ]") || has("[x]") || has("[X]")]
    }

    /// cmark-gfm (0.29.0.gfm.6, Debian's) keeps the characters its inline extensions stop at
    /// in one table for the whole process: a parser adds its extensions' characters when its
    /// inline pass starts (`cmark_parser_finish`) and removes them when it ends. Two pages using
    /// one extension, parsed at once on two threads: the first to finish removes the
    /// characters while the other is still parsing, and that page silently loses its
    /// autolinks or strikethrough (a real corpus built differently on two runs of one build).
    /// So a parser that attached autolink (`:`, `w`) or strikethrough (`~`) finishes while
    /// holding that extension's lock; pages without them still parse in parallel (the extra
    /// characters another page's pass adds only split text nodes, which cmark joins again).
    private static let inlineExtensionLocks: [Int: NSLock] = [1: NSLock(), 2: NSLock()]

    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// The table a page opens with (its first block, or its first after a heading 1): each
    /// row's cells as plain text, and the table's first and last lines in `source`; nil when
    /// the page opens otherwise. A word processor's Markdown download starts so with the
    /// document's information or document-control table (see `DocsImport`).
    static func leadingTable(_ source: String) -> (lines: ClosedRange<Int>, rows: [[String]])? {
        _ = registered
        guard source.utf8.contains(UInt8(ascii: "|")), let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return nil }
        defer { cmark_parser_free(parser) }
        if let table = cmark_find_syntax_extension("table") { cmark_parser_attach_syntax_extension(parser, table) }
        let utf8 = Array(source.utf8)
        utf8.withUnsafeBufferPointer { b in
            b.baseAddress?.withMemoryRebound(to: CChar.self, capacity: b.count) { cmark_parser_feed(parser, $0, b.count) }
        }
        guard let document = cmark_parser_finish(parser) else { return nil }
        defer { cmark_node_free(document) }
        var node = cmark_node_first_child(document)
        if let n = node, cmark_node_get_type(n) == CMARK_NODE_HEADING, cmark_node_get_heading_level(n) == 1 { node = cmark_node_next(n) }
        guard let table = node, let type = cmark_node_get_type_string(table), String(cString: type) == "table" else { return nil }
        func text(_ cell: OpaquePointer) -> String {
            var out = ""
            guard let iter = cmark_iter_new(cell) else { return out }
            defer { cmark_iter_free(iter) }
            while case let event = cmark_iter_next(iter), event != CMARK_EVENT_DONE {
                guard event == CMARK_EVENT_ENTER, let n = cmark_iter_get_node(iter) else { continue }
                let t = cmark_node_get_type(n)
                if t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE, let literal = cmark_node_get_literal(n) { out += String(cString: literal) }
                if t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK { out += " " }
            }
            return out.trimmingCharacters(in: .whitespaces)
        }
        var rows: [[String]] = []
        var row = cmark_node_first_child(table)
        while let r = row {
            var cells: [String] = []
            var cell = cmark_node_first_child(r)
            while let c = cell { cells.append(text(c)); cell = cmark_node_next(c) }
            rows.append(cells)
            row = cmark_node_next(r)
        }
        let first = Int(cmark_node_get_start_line(table)), last = Int(cmark_node_get_end_line(table))
        guard first > 0 else { return nil }
        return (first...max(first, last), rows)
    }

    /// Parses and renders `source`, whose first line is line `firstLine` of its file.
    ///
    /// - `dropLeadingH1`: remove an H1 that opens the document (the page template shows the title).
    /// - `anchors`: given every heading, returns the anchor for each (same count).
    /// - `rewriteURL`: given a link or image URL, says whether to keep, replace or drop the link.
    ///
    /// - `renderHTML`: false to only parse (headings, anchors, links, text): `html` is empty,
    ///   `headingOffsets` are all nil and `rewriteURL` is never called (the section diff of
    ///   an old version needs no HTML).
    ///
    /// Raw HTML in the source goes through `RawHTML`'s allowlist: comments are dropped, allowed
    /// tags rendered, anything else shown as escaped text; it is never passed through.
    public static func render(
        _ source: String,
        firstLine: Int = 1,
        dropLeadingH1: Bool = true,
        collectText: Bool = true,
        renderHTML: Bool = true,
        allowHTML: Bool = true,
        anchors: ([MarkdownHeading]) -> [String],
        aliases: (([MarkdownHeading], [String]) -> [[String]])? = nil,
        rewriteURL: (String) -> LinkRewrite
    ) -> RenderedMarkdown {
        _ = registered
        // Fenced code's language as `<code class="language-sql">`: GitHub's `<pre lang="sql">`
        // put a programming language in `lang`, which names a human one (axe: valid-lang).
        let options = casebook_cmark_opt_sourcepos | casebook_cmark_opt_strikethrough_double_tilde
        guard let parser = cmark_parser_new(options) else {
            return RenderedMarkdown(html: "", headings: [], anchors: [], headingOffsets: [], links: [], sectionText: [], introText: "", leadingTitle: nil)
        }
        defer { cmark_parser_free(parser) }
        var utf8 = Array(source.utf8)
        // An extension whose syntax cannot occur in the source changes nothing, and each one
        // attached costs parsing time on every page: attach only those the text may use.
        let needed = utf8.withUnsafeBufferPointer { Self.extensionsNeeded($0) }
        // A definition starts a line with `:`; most pages have none and skip the look.
        let definitions = utf8.withUnsafeBufferPointer { text in
            SourceText.contains(text, UnsafeBufferPointer(start: Self.definitionMarker.utf8Start, count: Self.definitionMarker.utf8CodeUnitCount))
        }
        for (i, name) in extensionNames.enumerated() where needed[i] {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        utf8.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) }
        }
        utf8 = []
        let locks = extensionNames.indices.compactMap { needed[$0] ? inlineExtensionLocks[$0] : nil }
        for lock in locks { lock.lock() }
        let finished = cmark_parser_finish(parser)
        for lock in locks.reversed() { lock.unlock() }
        guard let document = finished else {
            return RenderedMarkdown(html: "", headings: [], anchors: [], headingOffsets: [], links: [], sectionText: [], introText: "", leadingTitle: nil)
        }
        defer { cmark_node_free(document) }

        var walk = TreeWalk(source: source, lineOffset: firstLine - 1, collectText: collectText, definitionLists: definitions, allowHTML: allowHTML)
        walk.run(document)

        // Drop an opening H1: the page template renders the title itself.
        var leadingTitle: String?
        var droppedHeadingLine: Int?
        if dropLeadingH1, let first = cmark_node_first_child(document), cmark_node_get_type(first) == CMARK_NODE_HEADING,
           cmark_node_get_heading_level(first) == 1, let h = walk.headings.first, h.level == 1 {
            leadingTitle = h.text
            droppedHeadingLine = h.line
            walk.nodesToDrop.append(first)
        }

        let headingAnchors = anchors(walk.headings)
        // Ids are unique in a page: an attribute-list id a heading (or an earlier one) has is
        // not repeated, and a former anchor is kept only when no other target has it.
        var taken = Set(zip(walk.headings, headingAnchors).filter { $0.0.line != droppedHeadingLine }.map(\.1))
        // The page's own elements' ids are no content's (see `PageRenderer.templateIDs`).
        taken.formUnion(PageRenderer.templateIDs)
        var inlineAnchors: [InlineAnchor] = []
        for (k, a) in walk.inlineAnchors.enumerated() {
            var anchor = a
            anchor.duplicate = !taken.insert(a.id).inserted
            if anchor.duplicate, let h = walk.headingOfAnchor[k], h < headingAnchors.count, headingAnchors[h] == a.id { anchor.sameAsHeading = true }
            inlineAnchors.append(anchor)
        }
        // Definition terms after headings and attribute lists (their ids are the author's), as
        // Goldmark numbers a term whose id is taken: `-1`, `-2`. A term also carries GitHub's
        // form of its anchor when that differs (`--watch` is `#watch` and `#--watch`).
        var termIDs: [[String]] = []
        for text in walk.definitionTerms {
            let base = Slug.anchor(text)
            guard !base.isEmpty else { termIDs.append([]); continue }
            var id = base
            var n = 0
            while !taken.insert(id).inserted { n += 1; id = "\(base)-\(n)" }
            var ids = [id]
            let github = Slug.githubAnchor(text)
            if n == 0, github != base, Slug.isValidAnchor(github), taken.insert(github).inserted { ids.append(github) }
            termIDs.append(ids)
        }
        var headingAliases: [[String]] = walk.headings.map { _ in [] }
        let aliasLists = aliases?(walk.headings, headingAnchors)
        if let aliasLists {
            for (i, list) in aliasLists.enumerated() where i < walk.headings.count && walk.headings[i].line != droppedHeadingLine {
                for alias in list where Slug.isValidAnchor(alias) && taken.insert(alias).inserted { headingAliases[i].append(alias) }
            }
        }
        // Last, so that no anchor the page had before changes: the title takes what is left.
        var titleAnchors: [String] = []
        if droppedHeadingLine != nil, let own = headingAnchors.first {
            for anchor in [own] + (aliasLists?.first ?? []) where Slug.isValidAnchor(anchor) && taken.insert(anchor).inserted {
                titleAnchors.append(anchor)
            }
        }
        guard renderHTML else {
            var r = RenderedMarkdown(html: "", headings: walk.headings, anchors: headingAnchors,
                                     headingOffsets: walk.headings.map { _ in nil }, links: walk.links,
                                     sectionText: walk.sectionText, introText: walk.introText, leadingTitle: leadingTitle)
            r.inlineAnchors = inlineAnchors
            r.htmlNotes = walk.htmlNotes
            r.headingAliases = headingAliases
            r.termAnchors = termIDs.flatMap { $0 }
            r.titleAnchors = titleAnchors
            return r
        }
        for (node, url) in walk.urlNodes {
            switch rewriteURL(url) {
            case .keep: break
            case .replace(let replacement): cmark_node_set_url(node, replacement)
            case .unlink: walk.linksToUnwrap.append(node)
            }
        }
        let htmlRewrites = walk.htmlURLs.map(rewriteURL)
        walk.applyEdits(duplicateIDs: Set(inlineAnchors.indices.filter { inlineAnchors[$0].duplicate }), termIDs: termIDs,
                        htmlRewrites: htmlRewrites, document: document)
        let rawHTML = walk.orderedHTMLReplacements(document)

        // Each heading's start tag is found in cmark's HTML by its key (see `TreeWalk.headingKeys`).
        var anchorByLine: [Int: String] = [:]
        var aliasesByLine: [Int: [String]] = [:]
        for (i, (h, anchor)) in zip(walk.headings, headingAnchors).enumerated() where h.line != droppedHeadingLine {
            anchorByLine[walk.headingKeys[i]] = anchor
            if !headingAliases[i].isEmpty { aliasesByLine[walk.headingKeys[i]] = headingAliases[i] }
        }

        let extensions = cmark_parser_get_syntax_extensions(parser)
        guard let raw = cmark_render_html(document, options, extensions) else {
            return RenderedMarkdown(html: "", headings: walk.headings, anchors: headingAnchors, headingOffsets: [], links: walk.links, sectionText: walk.sectionText, introText: walk.introText, leadingTitle: leadingTitle)
        }
        defer { free(raw) }
        let length = strlen(raw)
        let (html, offsetsByLine) = raw.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            let buffer = UnsafeBufferPointer(start: bytes, count: length)
            guard !rawHTML.isEmpty else {
                return HTMLPostProcessor.process(buffer, anchorByLine: anchorByLine, aliasesByLine: aliasesByLine,
                                                 cellAnchorsByLine: walk.cellAnchorsByLine)
            }
            let replaced = RawHTML.replacingOmitted(buffer, with: rawHTML)
            return replaced.withUnsafeBufferPointer {
                HTMLPostProcessor.process($0, anchorByLine: anchorByLine, aliasesByLine: aliasesByLine,
                                          cellAnchorsByLine: walk.cellAnchorsByLine)
            }
        }
        let offsets: [Int?] = walk.headings.indices.map { i in
            walk.headings[i].line == droppedHeadingLine ? nil : offsetsByLine[walk.headingKeys[i]]
        }
        var result = RenderedMarkdown(
            html: html, headings: walk.headings, anchors: headingAnchors, headingOffsets: offsets,
            links: walk.links, sectionText: walk.sectionText, introText: walk.introText, leadingTitle: leadingTitle)
        result.inlineAnchors = inlineAnchors
        result.htmlNotes = walk.htmlNotes
        result.headingAliases = headingAliases
        result.termAnchors = termIDs.flatMap { $0 }
        result.titleAnchors = titleAnchors
        return result
    }

    /// Renders a short inline Markdown string (a summary, a note typed at the command line) to
    /// HTML without block wrappers; raw HTML in it is all shown as text.
    public static func renderInline(_ source: String) -> String {
        // Most summaries are plain sentences: escape them without starting a parser.
        let syntax = Self.inlineSyntax
        if !source.utf8.contains(where: { syntax[Int($0)] }) {
            return HTML.escape(source).trimming("\n")
        }
        let rendered = render(source, dropLeadingH1: false, allowHTML: false, anchors: { $0.map { _ in "" } }, rewriteURL: { _ in .keep })
        var html = rendered.html.trimming("\n")
        if html.hasPrefix("<p>") && html.hasSuffix("</p>") {
            html = String(html.dropFirst(3).dropLast(4))
        }
        return html
    }
}

// MARK: - Tree walk

/// Collects headings, links and text, and records the edits to make before rendering.
private struct TreeWalk {
    /// The Markdown given to cmark: an attribute list is one only as written there (see `isWritten`).
    let source: String
    /// Where each line of `source` starts (UTF-8 offsets), worked out the first time it is needed.
    private var lineStarts: [Int]?
    let lineOffset: Int
    var headings: [MarkdownHeading] = []
    /// What identifies each heading's start tag in cmark's HTML (aligned with `headings`):
    /// `HTMLPostProcessor` reads it from the tag's `data-sourcepos` and gives the tag its id.
    /// A Markdown heading's is its line in the source given to cmark; a heading written in HTML
    /// (see `RawHTML.headings`), which may share its line with others, has a key past any line
    /// (`htmlHeadingKeys` and its index), written in the tag by `applyHTML`.
    var headingKeys: [Int] = []
    static let htmlHeadingKeys = 1 << 40
    var links: [MarkdownLink] = []
    var urlNodes: [(OpaquePointer, String)] = []
    var sectionText: [String] = []
    var introText = ""
    var nodesToDrop: [OpaquePointer] = []
    var linksToUnwrap: [OpaquePointer] = []
    /// Ids set by attribute lists in the text, in document order.
    var inlineAnchors: [InlineAnchor] = []
    /// Text nodes holding attribute lists: the text without them, and the `inlineAnchors` they set.
    private var attributeTextNodes: [(node: OpaquePointer, literal: String, anchors: Range<Int>)] = []
    /// Raw HTML nodes in document order, each with what it was read as (see `RawHTML`).
    private var htmlNodes: [(node: OpaquePointer, edit: HTMLEdit)] = []
    /// Raw HTML shown as text or left out (see `HTMLNote`).
    var htmlNotes: [HTMLNote] = []
    /// What the top-level HTML blocks read so far leave open (outermost first; see
    /// `RawHTML.mayStayOpen`): a later block is read inside it, a later block of end tags
    /// closes it, and it is closed before a heading, or before a block it cannot hold, or at
    /// the end of the page. Each section's HTML stays whole: a policy code's section is shown
    /// alone on its code family's page, where an open `<details>` would fold the rest of it.
    private var topOpen: [String] = []
    /// End tags written before a top-level node (outermost first): what was open there.
    private var closeBefore: [(node: OpaquePointer, names: [String])] = []
    /// The HTML of each top-level block of end tags only: the end tags of what it closes
    /// (nothing when it closes nothing, and it is dropped).
    private var closingHTML: [OpaquePointer: String] = [:]
    /// Top-level paragraphs read as HTML blocks (see `paragraphAsHTML`), each with the block
    /// that stands for it, put in its place by `applyHTML`.
    private var paragraphBlocks: [(block: OpaquePointer, paragraph: OpaquePointer)] = []
    /// The paragraph read as HTML whose inlines the walk is passing over.
    private var skipping: OpaquePointer?
    /// The heading (index in `headings`) that holds each raw HTML id, by its index in `inlineAnchors`.
    var headingOfAnchor: [Int: Int] = [:]
    /// The URLs of `href` and `src` attributes in raw HTML, in document order (also in `links`):
    /// `render` asks `rewriteURL` about each, as about Markdown's links.
    var htmlURLs: [String] = []
    private var headingTextNodes: [(node: OpaquePointer, literal: String)] = []
    /// Ids set by attribute lists in table cells, by the row's line (see `applyEdits`).
    var cellAnchorsByLine: [Int: [String]] = [:]
    /// GitHub's alerts (`> [!WARNING]` on a quote's first line): the text nodes of the marker,
    /// and the title in bold that replaces it (see `alertMarker`).
    private var alerts: [(nodes: [OpaquePointer], title: String)] = []

    /// Gather plain text (for search); headings, links and edits are collected either way.
    let collectText: Bool
    /// The text may hold definition lists (a line starts with `:`): paragraphs are looked at.
    let definitionLists: Bool
    /// Paragraphs written as definition lists, in document order, with how many terms each
    /// has (see `DefinitionList`).
    private var definitionParagraphs: [(node: OpaquePointer, terms: Int)] = []
    /// The plain text of each definition list's terms, in document order.
    var definitionTerms: [String] = []

    /// Raw HTML goes through `RawHTML`'s allowlist; false shows all of it as text.
    let allowHTML: Bool

    init(source: String, lineOffset: Int, collectText: Bool = true, definitionLists: Bool = false, allowHTML: Bool = true) {
        self.source = source
        self.lineOffset = lineOffset
        self.allowHTML = allowHTML
        self.collectText = collectText
        self.definitionLists = definitionLists
    }

    /// What a raw HTML node becomes (see `RawHTML`).
    enum HTMLEdit {
        /// Shown as the text it is: outside the allowlist.
        case asText
        /// A comment or an allowed inline tag, with the index of its URL in `htmlURLs` and of
        /// its id in `inlineAnchors`.
        case inline(RawHTML.Inline, url: Int?, anchor: Int?)
        /// An HTML block, with the index of its first URL in `htmlURLs`, of its first id in
        /// `inlineAnchors` and of its first section heading in `headings`.
        case block(RawHTML.BlockKind, urls: Int, anchors: Int, headings: Int)
    }

    /// Whether the brace group `group` (`{#id}`, as cmark's text has it) is written so in the
    /// source of text node `node` (cmark-gfm gives a text node its range, escapes included).
    /// cmark's text is the same for `\{#id}` and `&#123;#id}`, which the author escaped to show
    /// the braces: those are text, not an attribute list.
    private mutating func isWritten(_ group: Substring, in node: OpaquePointer) -> Bool {
        let first = Int(cmark_node_get_start_line(node)), last = Int(cmark_node_get_end_line(node))
        let firstColumn = Int(cmark_node_get_start_column(node)), lastColumn = Int(cmark_node_get_end_column(node))
        // No range (cmark gives none to some nodes): nothing says it was escaped.
        guard first > 0, last >= first, firstColumn > 0, lastColumn > 0 else { return true }
        if lineStarts == nil {
            // memchr over the bytes: walking `source.utf8` byte by byte cost 2% of a site build.
            var starts = [0]
            var text = source
            text.withUTF8 { bytes in
                guard let base = bytes.baseAddress else { return }
                var at = 0
                while at < bytes.count, let hit = memchr(base + at, 10, bytes.count - at) {
                    at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                    starts.append(at)
                }
            }
            lineStarts = starts
        }
        guard let starts = lineStarts, last <= starts.count else { return true }
        let utf8 = source.utf8
        // Columns count bytes from 1; the end column is the range's last byte.
        let start = min(starts[first - 1] + firstColumn - 1, utf8.count), end = min(max(start, starts[last - 1] + lastColumn), utf8.count)
        let lines = utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)], wanted = Array(group.utf8)
        guard let head = wanted.first else { return true }
        var i = lines.startIndex
        while let at = lines[i...].firstIndex(of: head) {
            if lines[at...].starts(with: wanted), at == lines.startIndex || lines[lines.index(before: at)] != UInt8(ascii: "\\") { return true }
            i = lines.index(after: at)
        }
        return false
    }

    /// A node's line and column, from the nearest block that has them (cmark gives none to
    /// some inline nodes), with the line offset applied.
    private func position(_ node: OpaquePointer) -> (line: Int, column: Int) {
        var line = Int(cmark_node_get_start_line(node)), column = Int(cmark_node_get_start_column(node))
        var block = cmark_node_parent(node)
        while line == 0, let b = block {
            line = Int(cmark_node_get_start_line(b)); column = Int(cmark_node_get_start_column(b))
            block = cmark_node_parent(b)
        }
        return (line + lineOffset, column)
    }

    /// The end tags closing `names` (outermost first).
    static func endTags<C: BidirectionalCollection<String>>(_ names: C) -> String { names.reversed().map { "</" + $0 + ">" }.joined() }

    /// The HTML a paragraph's inlines stand for, when one of them is a tag of a table or list
    /// (what `mayStayOpen` names): text escaped, code, emphasis, links and images as HTML, raw
    /// HTML as written. Nil for any other paragraph.
    static func paragraphAsHTML(_ paragraph: OpaquePointer) -> String? {
        var structural = false
        var out = ""
        func literal(_ node: OpaquePointer) -> String { cmark_node_get_literal(node).map { String(cString: $0) } ?? "" }
        func write(_ node: OpaquePointer) {
            var child = cmark_node_first_child(node)
            while let c = child {
                child = cmark_node_next(c)
                switch cmark_node_get_type(c) {
                case CMARK_NODE_TEXT: out += HTML.escape(literal(c))
                case CMARK_NODE_SOFTBREAK: out += "\n"
                case CMARK_NODE_LINEBREAK: out += "<br>\n"
                case CMARK_NODE_CODE: out += "<code>" + HTML.escape(literal(c)) + "</code>"
                case CMARK_NODE_HTML_INLINE:
                    let tag = literal(c)
                    out += tag
                    let name = tag.dropFirst(tag.hasPrefix("</") ? 2 : 1).prefix { $0.isLetter }.lowercased()
                    if RawHTML.partsOfTablesAndLists.contains(name) { structural = true }
                case CMARK_NODE_EMPH: out += "<em>"; write(c); out += "</em>"
                case CMARK_NODE_STRONG: out += "<strong>"; write(c); out += "</strong>"
                case CMARK_NODE_LINK:
                    out += "<a href=\"" + HTML.escape(cmark_node_get_url(c).map { String(cString: $0) } ?? "") + "\">"
                    write(c)
                    out += "</a>"
                case CMARK_NODE_IMAGE:
                    var alt = ""
                    var part = cmark_node_first_child(c)
                    while let p = part { alt += literal(p); part = cmark_node_next(p) }
                    out += "<img src=\"" + HTML.escape(cmark_node_get_url(c).map { String(cString: $0) } ?? "") + "\" alt=\"" + HTML.escape(alt) + "\">"
                default: write(c)
                }
            }
        }
        write(paragraph)
        return structural ? out : nil
    }

    /// A top-level paragraph that goes on with the table or list left open (`text</td><td>false
    /// </td></tr></table>`, the end tags indented so that no HTML block starts), read as an HTML
    /// block inside it, as a browser reads it on GitHub: the block, which `applyHTML` puts in
    /// the paragraph's place. Nil for any other paragraph, walked as one.
    private mutating func readParagraphAsHTML(_ paragraph: OpaquePointer) -> RawHTML.Block? {
        guard allowHTML, let innermost = topOpen.last, RawHTML.cellsAndItems.contains(innermost), topOpen.count <= RawHTML.maxContext,
              let source = Self.paragraphAsHTML(paragraph),
              case .rendered(let read) = RawHTML.block(source, mayLeaveOpen: true, context: topOpen), read.readInContext,
              let block = cmark_node_new(CMARK_NODE_HTML_BLOCK) else { return nil }
        htmlNodes.append((block, readBlock(block, .rendered(read), topLevel: true, at: position(paragraph))))
        paragraphBlocks.append((block, paragraph))
        nodesToDrop.append(paragraph)
        return read
    }

    /// Keeps `topOpen` after a top-level HTML block.
    private mutating func followTopLevel(_ node: OpaquePointer, _ kind: RawHTML.BlockKind) {
        switch kind {
        case .closing(let names):
            var html = ""
            for name in names {
                guard let k = topOpen.lastIndex(of: name) else { continue }
                html += Self.endTags(topOpen[k...])
                topOpen.removeSubrange(k...)
            }
            closingHTML[node] = html
        case .rendered(let block) where block.readInContext:
            topOpen = Array(topOpen.prefix(block.contextStillOpen)) + block.leftOpen
        case .rendered(let block):
            closeAll(before: node)
            topOpen = block.leftOpen
        case .empty:
            break
        case .text, .tooManyTags, .tooDeep:
            closeIfItCannotHold(node)
        }
    }

    /// Closes what is open before a top-level block that the innermost open element cannot
    /// hold (a paragraph between a table's rows).
    private mutating func closeIfItCannotHold(_ node: OpaquePointer) {
        guard let last = topOpen.last, !RawHTML.holdsBlocks.contains(last) else { return }
        closeAll(before: node)
    }

    /// Closes everything open before top-level `node`.
    private mutating func closeAll(before node: OpaquePointer) {
        if !topOpen.isEmpty { closeBefore.append((node, topOpen)) }
        topOpen = []
    }

    /// Records an HTML block read as `kind` (its notes, ids and links; `at`: its line and
    /// column) and, at the top of the page, what it leaves open.
    private mutating func readBlock(_ node: OpaquePointer, _ kind: RawHTML.BlockKind, topLevel: Bool, at: (Int, Int)) -> HTMLEdit {
        let (line, column) = at
        if topLevel { followTopLevel(node, kind) }
        // A block's section headings are added to `headings` by `run`, right after this.
        let urls = htmlURLs.count, anchors = inlineAnchors.count, firstHeading = headings.count
        switch kind {
        case .text:
            return .asText
        case .tooManyTags(let tags):
            htmlNotes.append(HTMLNote(tag: "", line: line, column: column, reason: .tooManyTags(tags)))
            return .asText
        case .tooDeep:
            htmlNotes.append(HTMLNote(tag: "", line: line, column: column, reason: .tooDeep))
            return .asText
        case .rendered(let block):
            for t in block.leftOutTags { htmlNotes.append(HTMLNote(tag: t.name, line: line + t.line - 1, column: 1, reason: .leftOut)) }
            for t in block.textTags { htmlNotes.append(HTMLNote(tag: t.name, line: line + t.line - 1, column: 1, reason: .shownAsText)) }
            for a in block.anchors {
                inlineAnchors.append(InlineAnchor(id: a.id, line: line + a.line - 1, column: 1, inHTML: true))
                if let h = a.heading { headingOfAnchor[inlineAnchors.count - 1] = firstHeading + h }
            }
            for l in block.links {
                links.append(MarkdownLink(url: l.url, line: line + l.line - 1, column: 1, isImage: l.isImage))
                htmlURLs.append(l.url)
            }
        case .empty, .closing: break
        }
        return .block(kind, urls: urls, anchors: anchors, headings: firstHeading)
    }

    /// Reads a raw HTML node, recording the ids it sets and the links it holds (`inHeading`:
    /// the node is in the heading being read, which an id in it then belongs to).
    private mutating func readHTML(_ node: OpaquePointer, _ literal: String, isBlock: Bool, inHeading: Bool) -> HTMLEdit {
        guard allowHTML else { return .asText }
        if isBlock {
            let topLevel = cmark_node_parent(node).map { cmark_node_get_type($0) == CMARK_NODE_DOCUMENT } ?? false
            // What is open is given to gumbo before each block: past a few levels (unclosed
            // `<div>` after `<div>`, no document nests so across blocks) it is closed instead,
            // so a page of 3,000 costs 3,000 short parses, not 3,000 ever longer ones.
            if topLevel, topOpen.count > RawHTML.maxContext { closeAll(before: node) }
            let kind = RawHTML.block(literal, mayLeaveOpen: topLevel, context: topLevel ? topOpen : [], sections: topLevel)
            return readBlock(node, kind, topLevel: topLevel, at: position(node))
        }
        let (line, column) = position(node)
        // In an image's description, which becomes its `alt` text, cmark writes raw HTML as
        // escaped text, never the marker `render` replaces: a tag there is dropped.
        var ancestor = cmark_node_parent(node)
        while let a = ancestor {
            if cmark_node_get_type(a) == CMARK_NODE_IMAGE { return .inline(.comment, url: nil, anchor: nil) }
            ancestor = cmark_node_parent(a)
        }
        let tag = RawHTML.inline(literal)
        // A table cell may hold blocks (GitHub renders `<ul><li>` or `<details>` written in a
        // cell, as API references do); a paragraph may not.
        let inCell = cmark_node_parent(node).flatMap { cmark_node_get_type_string($0) }.map { strcmp($0, "table_cell") == 0 } ?? false
        func allowed(_ name: String) -> Bool { RawHTML.isInlineAllowed(name) || (inCell && RawHTML.blocks.contains(name)) }
        switch tag {
        case .comment: return .inline(tag, url: nil, anchor: nil)
        case .other: return .asText
        case .close(let name): return allowed(name) ? .inline(tag, url: nil, anchor: nil) : .asText
        case .open(let name, let attributes):
            guard allowed(name), name != "input" || RawHTML.checkbox(attributes) != nil else {
                htmlNotes.append(HTMLNote(tag: name, line: line, column: column, reason: .shownAsText))
                return .asText
            }
            var anchor: Int?, url: Int?
            if let id = attributes["id"] ?? (name == "a" ? attributes["name"] : nil), Slug.isValidAnchor(id) {
                inlineAnchors.append(InlineAnchor(id: id, line: line, column: column, inHTML: true))
                anchor = inlineAnchors.count - 1
                if inHeading { headingOfAnchor[inlineAnchors.count - 1] = headings.count }
            }
            let key = name == "img" || RawHTML.embeds.contains(name) ? "src" : name == "a" ? "href" : nil
            if let key, let u = attributes[key], !u.isEmpty, RawHTML.isSafeURL(u) {
                links.append(MarkdownLink(url: u, line: line, column: column, isImage: name == "img"))
                htmlURLs.append(u)
                url = htmlURLs.count - 1
            }
            return .inline(tag, url: url, anchor: anchor)
        }
    }

    mutating func run(_ document: OpaquePointer) {
        guard let iter = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iter) }
        var headingParts: [String] = []
        var lastTextInHeading: OpaquePointer?
        var inHeading = false
        // Plain text is gathered as bytes and made a String once per section.
        var text: [UInt8] = []
        text.reserveCapacity(4096)
        func flushText(_ walk: inout TreeWalk, _ text: inout [UInt8]) {
            let s = String(decoding: text, as: UTF8.self)
            if walk.headings.isEmpty { walk.introText += s } else { walk.sectionText[walk.sectionText.count - 1] += s }
            text.removeAll(keepingCapacity: true)
        }
        let collectText = self.collectText
        func append(_ literal: UnsafePointer<CChar>, to text: inout [UInt8]) {
            guard collectText else { return }
            let n = strlen(literal)
            literal.withMemoryRebound(to: UInt8.self, capacity: n) { text.append(contentsOf: UnsafeBufferPointer(start: $0, count: n)) }
        }
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iter) else { continue }
            let type = cmark_node_get_type(node)
            let entering = event == CMARK_EVENT_ENTER
            if let paragraph = skipping {
                if node == paragraph && !entering { skipping = nil }
                continue
            }
            if entering, !topOpen.isEmpty, type != CMARK_NODE_HTML_BLOCK,
               let parent = cmark_node_parent(node), cmark_node_get_type(parent) == CMARK_NODE_DOCUMENT {
                if type == CMARK_NODE_HEADING {
                    closeAll(before: node)
                } else {
                    closeIfItCannotHold(node)
                }
                if type == CMARK_NODE_PARAGRAPH, let read = readParagraphAsHTML(node) {
                    if collectText { text.append(contentsOf: Array(read.text.utf8)); text.append(UInt8(ascii: "\n")) }
                    skipping = node
                    continue
                }
            }
            switch type {
            case CMARK_NODE_HEADING:
                if entering {
                    flushText(&self, &text)
                    inHeading = true
                    headingParts = []
                    lastTextInHeading = nil
                } else {
                    inHeading = false
                    var full = headingParts.joined()
                    var attributes: HeadingAttributes?
                    let column = Int(cmark_node_get_start_column(node))
                    // An attribute list ends the heading's last text (not a code span), as written.
                    if let (stripped, attrs, braceOffset) = HeadingAttributeParser.split(full), let lastText = lastTextInHeading,
                       isWritten(Substring(full.dropFirst(braceOffset).prefix { $0 != "}" } + "}"), in: lastText) {
                        full = stripped
                        attributes = attrs
                        attributes?.column = column + braceOffset
                        if let last = lastTextInHeading, let literal = cmark_node_get_literal(last) {
                            let lit = String(cString: literal)
                            if let (trimmed, _, _) = HeadingAttributeParser.split(lit) {
                                headingTextNodes.append((last, trimmed))
                            }
                        }
                    }
                    headings.append(MarkdownHeading(
                        level: Int(cmark_node_get_heading_level(node)),
                        text: full.trimming(" "),
                        attributes: attributes,
                        line: Int(cmark_node_get_start_line(node)) + lineOffset,
                        column: column))
                    headingKeys.append(Int(cmark_node_get_start_line(node)))
                    sectionText.append("")
                }
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                guard entering, let literal = cmark_node_get_literal(node) else { break }
                if inHeading {
                    headingParts.append(String(cString: literal))
                    lastTextInHeading = type == CMARK_NODE_TEXT ? node : nil
                } else if type == CMARK_NODE_TEXT, strchr(literal, Int32(UInt8(ascii: "{"))) != nil,
                          case let original = String(cString: literal),
                          case let (stripped, ids) = InlineAttributeParser.strip(original, isWritten: { isWritten($0, in: node) }),
                          stripped != original {
                    let (line, column) = position(node)
                    let first = inlineAnchors.count
                    for id in ids { inlineAnchors.append(InlineAnchor(id: id, line: line, column: column)) }
                    attributeTextNodes.append((node, stripped, first..<inlineAnchors.count))
                    // `[](){#id}` (an empty link carrying the id, as mkdocs-autorefs writes it) is no link.
                    if let previous = cmark_node_previous(node), cmark_node_get_type(previous) == CMARK_NODE_LINK,
                       cmark_node_first_child(previous) == nil, let url = cmark_node_get_url(previous), url.pointee == 0,
                       let k = urlNodes.lastIndex(where: { $0.0 == previous }) {
                        urlNodes.remove(at: k)
                        if let l = links.lastIndex(where: { $0.url.isEmpty }) { links.remove(at: l) }
                        nodesToDrop.append(previous)
                    }
                    if collectText { text.append(contentsOf: Array(stripped.utf8)) }
                } else {
                    append(literal, to: &text)
                }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                if inHeading { headingParts.append(" ") } else { text.append(UInt8(ascii: " ")) }
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_ITEM, CMARK_NODE_CODE_BLOCK, CMARK_NODE_BLOCK_QUOTE:
                if type == CMARK_NODE_BLOCK_QUOTE, entering, let alert = Self.alertMarker(of: node) { alerts.append(alert) }
                if type == CMARK_NODE_PARAGRAPH, !entering, definitionLists, let terms = DefinitionList.terms(of: node) {
                    definitionParagraphs.append((node, terms.count))
                    definitionTerms += terms
                }
                if type == CMARK_NODE_CODE_BLOCK, entering, let literal = cmark_node_get_literal(node) {
                    append(literal, to: &text)
                }
                if !entering || type == CMARK_NODE_CODE_BLOCK { text.append(UInt8(ascii: "\n")) }
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                guard entering, let literal = cmark_node_get_literal(node) else { break }
                let edit = readHTML(node, String(cString: literal), isBlock: type == CMARK_NODE_HTML_BLOCK, inHeading: inHeading)
                htmlNodes.append((node, edit))
                // Tags are no words; text shown as it was written is (but never a heading's
                // raw HTML in the text of the section after it).
                switch edit {
                case .asText: if !inHeading { append(literal, to: &text) }
                case .block(.rendered(let block), _, _, _) where !block.headings.isEmpty:
                    // Each section heading ends the section before it (the block's text up to it).
                    let blockText = collectText ? Array(block.text.utf8) : []
                    var from = 0
                    let at = position(node)
                    for h in block.headings {
                        if collectText { text.append(contentsOf: blockText[from..<h.textOffset]) }
                        from = h.textOffset
                        flushText(&self, &text)
                        headings.append(MarkdownHeading(level: h.level, text: h.text, attributes: h.id.map { HeadingAttributes(id: $0, column: at.column) },
                                                        line: at.line + h.line - 1, column: at.column, inHTML: true))
                        headingKeys.append(Self.htmlHeadingKeys + headings.count - 1)
                        sectionText.append("")
                    }
                    if collectText { text.append(contentsOf: blockText[from...]) }
                case .block(.rendered(let block), _, _, _) where collectText: text.append(contentsOf: Array(block.text.utf8))
                case .inline(.open(name: "br", attributes: _), _, _) where !inHeading: text.append(UInt8(ascii: " "))
                case .inline(.open(name: "img", let attributes), _, _) where !inHeading && collectText:
                    text.append(contentsOf: Array((" " + (attributes["alt"] ?? "") + " ").utf8))
                case .inline(.open(let name, let attributes), let url?, _) where RawHTML.embeds.contains(name) && !inHeading && collectText:
                    text.append(contentsOf: Array((" " + RawHTML.embedLabel(attributes, src: htmlURLs[url]) + " ").utf8))
                default: break
                }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                guard entering, let url = cmark_node_get_url(node) else { break }
                let u = String(cString: url)
                var line = Int(cmark_node_get_start_line(node))
                var column = Int(cmark_node_get_start_column(node))
                if line == 0, let parent = cmark_node_parent(node) {
                    line = Int(cmark_node_get_start_line(parent))
                    column = Int(cmark_node_get_start_column(parent))
                }
                links.append(MarkdownLink(url: u, line: line + lineOffset, column: column, isImage: type == CMARK_NODE_IMAGE))
                urlNodes.append((node, u))
            default:
                if !entering, let name = cmark_node_get_type_string(node), strcmp(name, "table_cell") == 0 {
                    text.append(UInt8(ascii: " "))
                }
            }
        }
        flushText(&self, &text)
    }

    /// The alert a quote starts with, as GitHub writes one (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`,
    /// `[!WARNING]`, `[!CAUTION]`, any case, alone on the quote's first line): the text nodes
    /// the marker was parsed into (cmark keeps `[` and `]` apart), and its title ("Warning").
    /// It is shown as the import writes other tools' call-out boxes: the title in bold, the
    /// text after it. GitHub Docs and READMEs write their notes this way; cmark-gfm 0.29 reads
    /// them as text, and `[!WARNING]` was shown as written.
    static func alertMarker(of quote: OpaquePointer) -> (nodes: [OpaquePointer], title: String)? {
        guard let paragraph = cmark_node_first_child(quote), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH else { return nil }
        var nodes: [OpaquePointer] = []
        var marker = ""
        var next = cmark_node_first_child(paragraph)
        while let n = next, cmark_node_get_type(n) == CMARK_NODE_TEXT, marker.count <= 12 {
            marker += cmark_node_get_literal(n).map { String(cString: $0) } ?? ""
            nodes.append(n)
            next = cmark_node_next(n)
        }
        // Alone on its line: the paragraph goes on after a line break, or ends there.
        if let n = next, cmark_node_get_type(n) != CMARK_NODE_SOFTBREAK && cmark_node_get_type(n) != CMARK_NODE_LINEBREAK { return nil }
        let trimmed = marker.trimming(" ")
        guard trimmed.hasPrefix("[!"), trimmed.hasSuffix("]") else { return nil }
        let kind = trimmed.dropFirst(2).dropLast().lowercased()
        guard ["note", "tip", "important", "warning", "caution"].contains(kind) else { return nil }
        return (nodes, kind.prefix(1).uppercased() + kind.dropFirst())
    }

    /// What each raw HTML node left in the tree renders as. cmark (without its unsafe option)
    /// writes `<!-- raw HTML omitted -->` for every one, which `render` replaces with these, in
    /// document order; a custom node would not do, as a table cell cannot hold one (a `<br>`
    /// in a cell is how a table breaks a line) and raw HTML it can.
    var htmlReplacements: [OpaquePointer: String] = [:]

    /// Renders the raw HTML that `RawHTML` allows (see `readHTML`): comments and empty blocks
    /// are dropped, allowed tags become `htmlReplacements`, an inline tag left open is closed
    /// at the end of its paragraph (or heading, cell, link), an end tag that closes nothing
    /// is dropped, and a `<details>` a top-level block leaves open is closed by a later
    /// block's `</details>` or at the end of the page. `rewrites`: what `rewriteURL` said
    /// about each of `htmlURLs`.
    private mutating func applyHTML(duplicateIDs: Set<Int>, rewrites: [LinkRewrite], document: OpaquePointer?) {
        guard !htmlNodes.isEmpty else { return }
        // Each paragraph read as HTML (dropped with `nodesToDrop`) gets its block in its place.
        var placed: Set<OpaquePointer> = []
        for (block, paragraph) in paragraphBlocks {
            if cmark_node_insert_before(paragraph, block) == 1 { placed.insert(block) } else { cmark_node_free(block) }
        }
        if placed.count < paragraphBlocks.count {
            let unplaced = Set(paragraphBlocks.map(\.block)).subtracting(placed)
            htmlNodes.removeAll { unplaced.contains($0.node) }
            closeBefore.removeAll { unplaced.contains($0.node) }
        }
        let anchors = inlineAnchors, urls = htmlURLs, keys = headingKeys
        func anchor(_ k: Int?) -> String {
            guard let k, k < anchors.count, !duplicateIDs.contains(k) else { return "" }
            return "<span id=\"" + HTML.escape(anchors[k].id) + "\"></span>"
        }
        func url(_ k: Int) -> String? {
            switch k < rewrites.count ? rewrites[k] : .keep {
            case .keep: return urls[k]
            case .replace(let u): return u
            case .unlink: return nil
            }
        }
        func linkOpen(_ href: String) -> String { "<a href=\"" + HTML.escape(href) + "\">" }
        func image(_ src: String?, _ alt: String, _ attributes: String) -> String {
            guard let src else { return HTML.escape(alt) }
            return "<img src=\"" + HTML.escape(src) + "\" alt=\"" + HTML.escape(alt) + "\"" + attributes + ">"
        }
        func drop(_ node: OpaquePointer) { cmark_node_unlink(node); cmark_node_free(node) }
        func isTopLevel(_ node: OpaquePointer) -> Bool {
            cmark_node_parent(node).map { cmark_node_get_type($0) == CMARK_NODE_DOCUMENT } ?? false
        }
        var openInline: [(parent: OpaquePointer, name: String, close: String)] = []
        var parentsWithOpen: [OpaquePointer] = []
        for (node, edit) in htmlNodes {
            var html = ""
            switch edit {
            case .asText: continue
            case .inline(.comment, _, _), .inline(.other, _, _): break
            case .inline(.open(let name, let attributes), let u, let a):
                guard let parent = cmark_node_parent(node) else { continue }
                html = anchor(a)
                if name == "br" || name == "wbr" {
                    html += "<" + name + ">"
                } else if name == "input" {
                    html += RawHTML.checkbox(attributes) ?? ""
                } else if name == "img" {
                    html += image(u.flatMap(url), attributes["alt"] ?? "", RawHTML.imageAttributes(attributes))
                } else if RawHTML.embeds.contains(name) {
                    // A link to what it shows; its end tag closes nothing and is dropped.
                    if let u, let src = url(u) {
                        html += linkOpen(src) + HTML.escape(RawHTML.embedLabel(attributes, src: urls[u])) + "</a>"
                    }
                } else {
                    var close = ""
                    if name == "a", let u, let href = url(u) {
                        html += linkOpen(href)
                        close = "</a>"
                    } else if RawHTML.formatting.contains(name) || RawHTML.blocks.contains(name) {
                        // (A block only in a table cell, see `readHTML`.)
                        let element = RawHTML.asDiv.contains(name) ? "div" : name
                        html += "<" + element + RawHTML.keptAttributes(name, attributes) + ">"
                        close = "</" + element + ">"
                    }
                    openInline.append((parent, name, close))
                    if !parentsWithOpen.contains(parent) { parentsWithOpen.append(parent) }
                }
            case .inline(.close(let name), _, _):
                guard let parent = cmark_node_parent(node),
                      let k = openInline.lastIndex(where: { $0.parent == parent && $0.name == name }) else { break }
                for entry in openInline[k...].reversed() where entry.parent == parent { html += entry.close }
                openInline = Array(openInline[..<k]) + openInline[(k + 1)...].filter { $0.parent != parent }
            case .block(.closing, _, _, _):
                // What it closes of what top-level blocks left open (see `topOpen`).
                if isTopLevel(node) { html = closingHTML[node] ?? "" }
            case .block(.rendered(let block), let firstURL, let firstAnchor, let firstHeading):
                for token in block.tokens {
                    switch token {
                    case .heading(let i):
                        // `HTMLPostProcessor` gives it its id by its key, as a Markdown heading's.
                        let key = firstHeading + i < keys.count ? keys[firstHeading + i] : 0
                        html += "<h\(block.headings[i].level) data-sourcepos=\"\(key):1-\(key):1\">"
                    case .html(let s): html += s
                    case .anchor(let i): html += anchor(firstAnchor + i)
                    case .linkOpen(let i): if let href = url(firstURL + i) { html += linkOpen(href) }
                    case .linkClose(let i): if url(firstURL + i) != nil { html += "</a>" }
                    case .image(let i, let alt, let attributes): html += image(url(firstURL + i), alt, attributes)
                    }
                }
            case .block(.empty, _, _, _), .block(.text, _, _, _), .block(.tooManyTags, _, _, _), .block(.tooDeep, _, _, _): break
            }
            if html.isEmpty { drop(node) } else { htmlReplacements[node] = html }
        }
        // What top-level blocks left open closes where the walk found it must (see `topOpen`).
        for (before, names) in closeBefore {
            guard let node = cmark_node_new(CMARK_NODE_HTML_BLOCK) else { continue }
            if cmark_node_insert_before(before, node) == 1 { htmlReplacements[node] = Self.endTags(names) } else { cmark_node_free(node) }
        }
        // Tags left open close at the end of the paragraph (or heading, cell...) that opened them.
        for parent in parentsWithOpen {
            let closes = openInline.filter { $0.parent == parent }.reversed().map(\.close).joined()
            guard !closes.isEmpty, let node = cmark_node_new(CMARK_NODE_HTML_INLINE) else { continue }
            guard cmark_node_append_child(parent, node) == 1 else { cmark_node_free(node); continue }
            htmlReplacements[node] = closes
        }
        if !topOpen.isEmpty, let document, let node = cmark_node_new(CMARK_NODE_HTML_BLOCK) {
            if cmark_node_append_child(document, node) == 1 { htmlReplacements[node] = Self.endTags(topOpen) } else { cmark_node_free(node) }
        }
    }

    /// The replacements of the raw HTML nodes in `document`, in the order cmark renders them.
    func orderedHTMLReplacements(_ document: OpaquePointer) -> [String] {
        guard !htmlReplacements.isEmpty, let iter = cmark_iter_new(document) else { return [] }
        defer { cmark_iter_free(iter) }
        var out: [String] = []
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE { out.append(htmlReplacements[node] ?? "") }
        }
        return out
    }

    /// Applies the recorded edits: trims attribute blocks from heading text, turns raw HTML
    /// into literal text, and drops nodes. Done after iteration, never during it.
    mutating func applyEdits(duplicateIDs: Set<Int> = [], termIDs: [[String]] = [], htmlRewrites: [LinkRewrite] = [], document: OpaquePointer? = nil) {
        for (node, literal) in headingTextNodes {
            cmark_node_set_literal(node, literal)
        }
        for (nodes, title) in alerts {
            guard let first = nodes.first, let strong = cmark_node_new(CMARK_NODE_STRONG) else { continue }
            guard let text = cmark_node_new(CMARK_NODE_TEXT) else { cmark_node_free(strong); continue }
            cmark_node_set_literal(text, title)
            // cmark's tree edits return 1 when done.
            guard cmark_node_append_child(strong, text) == 1 else { cmark_node_free(text); cmark_node_free(strong); continue }
            guard cmark_node_insert_before(first, strong) == 1 else { cmark_node_free(strong); continue }
            for n in nodes { cmark_node_unlink(n); cmark_node_free(n) }
        }
        for (node, literal, range) in attributeTextNodes {
            cmark_node_set_literal(node, literal)
            // The target goes at the start of the paragraph (or list item's paragraph) that set
            // it, so a link lands on the line; elsewhere (a table cell) where the list was.
            let parent = cmark_node_parent(node)
            let inParagraph = parent.map { cmark_node_get_type($0) == CMARK_NODE_PARAGRAPH } ?? false
            for k in range where !duplicateIDs.contains(k) {
                guard let target = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { continue }
                let html = "<span id=\"" + HTML.escape(inlineAnchors[k].id) + "\"></span>"
                cmark_node_set_on_enter(target, html)
                // After the targets already at the start, so they keep the order written.
                var first = inParagraph ? parent.flatMap { cmark_node_first_child($0) } : nil
                while let f = first, cmark_node_get_type(f) == CMARK_NODE_CUSTOM_INLINE { first = cmark_node_next(f) }
                let placed: Int32
                if inParagraph, let first {
                    placed = cmark_node_insert_before(first, target)
                } else if inParagraph, let parent {
                    placed = cmark_node_append_child(parent, target)
                } else {
                    placed = cmark_node_insert_before(node, target)
                }
                guard placed == 0 else { continue }
                // A table cell holds only text-like inlines (cmark-gfm refuses the target, which
                // was lost and leaked): the anchor goes at the start of the row's first cell,
                // by the row's line, when the HTML is written.
                cmark_node_free(target)
                var cell = parent
                while let c = cell, !(cmark_node_get_type_string(c).map { strcmp($0, "table_cell") == 0 } ?? false) { cell = cmark_node_parent(c) }
                if let cell { cellAnchorsByLine[Int(cmark_node_get_start_line(cell)), default: []].append(inlineAnchors[k].id) }
            }
            // A line that only held the list leaves no line break behind.
            if literal.isEmpty, let next = cmark_node_next(node), cmark_node_get_type(next) == CMARK_NODE_SOFTBREAK,
               cmark_node_previous(node).map({ p in
                   cmark_node_get_type(p) == CMARK_NODE_CUSTOM_INLINE || (cmark_node_get_type(p) == CMARK_NODE_LINK && cmark_node_first_child(p) == nil)
               }) ?? true {
                cmark_node_unlink(next)
                cmark_node_free(next)
            }
        }
        applyHTML(duplicateIDs: duplicateIDs, rewrites: htmlRewrites, document: document)
        for (node, edit) in htmlNodes {
            guard case .asText = edit else { continue }
            let isBlock = cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK
            let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            guard let textNode = cmark_node_new(CMARK_NODE_TEXT) else { continue }
            cmark_node_set_literal(textNode, isBlock ? literal.trimming("\n") : literal)
            if isBlock {
                guard let paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH) else { cmark_node_free(textNode); continue }
                cmark_node_append_child(paragraph, textNode)
                cmark_node_insert_before(node, paragraph)
            } else {
                cmark_node_insert_before(node, textNode)
            }
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
        for link in linksToUnwrap {
            // Keep the link's text: move its children in front of it, then drop it.
            while let child = cmark_node_first_child(link) {
                cmark_node_unlink(child)
                cmark_node_insert_before(link, child)
            }
            cmark_node_unlink(link)
            cmark_node_free(link)
        }
        linksToUnwrap = []
        for node in nodesToDrop {
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
        nodesToDrop = []
        // Last, on the paragraphs as the other edits left them (a line that held only an
        // attribute list is gone); the ids go to the terms in order.
        DefinitionList.build(definitionParagraphs, termIDs: termIDs)
        definitionParagraphs = []
    }
}

// MARK: - Definition lists

/// Definition lists as Goldmark's extension (Hugo), PHP Markdown Extra and Pandoc write them,
/// which cmark-gfm reads as one paragraph:
///
/// ```markdown
/// `baseURL`
/// : (`string`) The absolute URL of your published site.
/// ```
///
/// Lines before the first line starting `: ` are terms (`<dt>`, with the anchor Hugo's
/// `autoDefinitionTermID` gives them), each `: ` line starts a definition (`<dd>`), other lines
/// continue the definition above them. Blocks indented under a definition (a list, a table, a
/// second paragraph two spaces in) belong to it; lists separated by blank lines are one list.
/// gohugoio's documentation links to its terms (`all.md#baseurl`): about 200 of its anchors.
enum DefinitionList {
    /// A paragraph's lines: the break before each (nil for the first) and its inline nodes.
    private static func lines(of paragraph: OpaquePointer) -> [(breakNode: OpaquePointer?, nodes: [OpaquePointer])] {
        var out: [(breakNode: OpaquePointer?, nodes: [OpaquePointer])] = [(nil, [])]
        var child = cmark_node_first_child(paragraph)
        while let c = child {
            let type = cmark_node_get_type(c)
            if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                out.append((c, []))
            } else {
                out[out.count - 1].nodes.append(c)
            }
            child = cmark_node_next(c)
        }
        return out
    }

    /// Whether a line starts a definition: its text begins with `:` and a space or tab.
    private static func startsDefinition(_ nodes: [OpaquePointer]) -> Bool {
        var prefix: [UInt8] = []
        for node in nodes {
            guard cmark_node_get_type(node) == CMARK_NODE_TEXT, let literal = cmark_node_get_literal(node) else { break }
            var p = literal
            while p.pointee != 0, prefix.count < 2 { prefix.append(UInt8(bitPattern: p.pointee)); p += 1 }
            if prefix.count >= 2 { break }
        }
        return prefix.count == 2 && prefix[0] == UInt8(ascii: ":") && (prefix[1] == UInt8(ascii: " ") || prefix[1] == UInt8(ascii: "\t"))
    }

    /// The plain text of inline nodes and their children (a term's text, for its anchor).
    private static func plainText(_ nodes: [OpaquePointer]) -> String {
        var out = ""
        func add(_ node: OpaquePointer) {
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(node) {
                out += String(cString: literal)
            }
            var child = cmark_node_first_child(node)
            while let c = child { add(c); child = cmark_node_next(c) }
        }
        nodes.forEach(add)
        return out
    }

    /// The text of each term when the paragraph is a definition list (terms, then a `: ` line), else nil.
    static func terms(of paragraph: OpaquePointer) -> [String]? {
        let lines = lines(of: paragraph)
        guard lines.count > 1, let first = lines.firstIndex(where: { startsDefinition($0.nodes) }), first > 0 else { return nil }
        // An attribute list on the term (`**Term** {#id}`) gives an id of its own, not words of the term.
        return lines[..<first].map { line in
            let text = plainText(line.nodes)
            return (text.contains("{") ? InlineAttributeParser.strip(text).0 : text).trimming(" ")
        }
    }

    /// A custom block rendered as `open` ... `close`.
    private static func block(_ open: String, _ close: String) -> OpaquePointer? {
        guard let node = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { return nil }
        cmark_node_set_on_enter(node, open)
        cmark_node_set_on_exit(node, close)
        return node
    }

    /// Replaces each paragraph (found by `terms(of:)`, with its number of terms) with `<dl>`,
    /// `<dt id>` and `<dd>` blocks, joining it to a list just before it, and moves the blocks
    /// indented under its last definition into it. `termIDs`: the ids of each term, in order.
    static func build(_ paragraphs: [(node: OpaquePointer, terms: Int)], termIDs: [[String]]) {
        var lists: Set<OpaquePointer> = []
        var offset = 0
        for (paragraph, count) in paragraphs {
            let ids = termIDs.dropFirst(offset).prefix(count)
            offset += count
            let lines = lines(of: paragraph)
            guard let first = lines.firstIndex(where: { startsDefinition($0.nodes) }), first > 0 else { continue }
            let list: OpaquePointer
            if let previous = cmark_node_previous(paragraph), lists.contains(previous) {
                list = previous
            } else {
                guard let dl = block("<dl>", "</dl>") else { continue }
                cmark_node_insert_before(paragraph, dl)
                lists.insert(dl)
                list = dl
            }
            var definition: OpaquePointer?
            for (k, line) in lines.enumerated() {
                if k < first || startsDefinition(line.nodes) {
                    let item: OpaquePointer?
                    if k < first {
                        let ids = k < ids.count ? ids[ids.startIndex + k] : []
                        let open = ids.first.map { "<dt id=\"" + HTML.escape($0) + "\">" } ?? "<dt>"
                        item = block(open + ids.dropFirst().map { "<span id=\"" + HTML.escape($0) + "\"></span>" }.joined(), "</dt>")
                    } else {
                        item = block("<dd>", "</dd>")
                        // The marker is not text of the definition.
                        if let text = line.nodes.first, let literal = cmark_node_get_literal(text) {
                            let rest = String(cString: literal).drop { $0 == ":" }.drop { $0 == " " || $0 == "\t" }
                            cmark_node_set_literal(text, String(rest))
                        }
                    }
                    guard let item else { continue }
                    cmark_node_append_child(list, item)
                    definition = k < first ? nil : item
                    for node in line.nodes { cmark_node_unlink(node); cmark_node_append_child(item, node) }
                } else if let definition {
                    // A line continuing the definition, with its line break.
                    if let b = line.breakNode { cmark_node_unlink(b); cmark_node_append_child(definition, b) }
                    for node in line.nodes { cmark_node_unlink(node); cmark_node_append_child(definition, node) }
                }
            }
            cmark_node_unlink(paragraph)
            cmark_node_free(paragraph)
            // Blocks indented under the last definition (two spaces or more, where its text
            // starts after `: `) are its own: its text becomes its first paragraph.
            guard let definition, let parent = cmark_node_parent(list), cmark_node_get_type(parent) == CMARK_NODE_DOCUMENT else { continue }
            var wrapped = false
            while let next = cmark_node_next(list), cmark_node_get_start_column(next) >= 3 {
                if !wrapped, let p = cmark_node_new(CMARK_NODE_PARAGRAPH) {
                    while let c = cmark_node_first_child(definition) { cmark_node_unlink(c); cmark_node_append_child(p, c) }
                    cmark_node_append_child(definition, p)
                    wrapped = true
                }
                cmark_node_unlink(next)
                cmark_node_append_child(definition, next)
            }
        }
    }
}

// MARK: - Heading attributes

/// Splits `Text {#anchor key=value .class}` into the text and its attributes.
enum HeadingAttributeParser {
    static func split(_ text: String) -> (String, HeadingAttributes, Int)? {
        // Where the text ends without its trailing spaces, its last `{`, and how many
        // characters come before that brace.
        let trimmedEnd: String.Index, open: String.Index, offset: Int
        let utf8 = text.utf8
        if utf8.allSatisfy({ $0 < 0x80 && $0 != 13 }) {
            // Speed: ASCII without CR, where every Character is one byte, is searched byte by
            // byte: looking for the `{` backwards Character by Character was most of the cost
            // of reading a heading (a site build reads every heading of every version).
            var end = utf8.endIndex
            while end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: " ") { end = utf8.index(before: end) }
            guard end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: "}"),
                  let brace = utf8[..<end].lastIndex(of: UInt8(ascii: "{")) else { return nil }
            (trimmedEnd, open, offset) = (end, brace, utf8.distance(from: utf8.startIndex, to: brace))
        } else {
            var trimmed = Substring(text)
            while trimmed.last == " " { trimmed = trimmed.dropLast() }
            guard trimmed.last == "}", let brace = trimmed.lastIndex(of: "{") else { return nil }
            (trimmedEnd, open, offset) = (trimmed.endIndex, brace, text.distance(from: text.startIndex, to: brace))
        }
        let trimmed = text[..<trimmedEnd]
        var inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        // kramdown writes `{: #id}`; MkDocs' attr_list takes both forms.
        if inner.first == ":" { inner = inner.dropFirst() }
        // Not an attribute block, e.g. "Use {placeholders}".
        guard let tokens = attributeTokens(inner) else { return nil }
        var attributes = HeadingAttributes()
        for token in tokens {
            if token.hasPrefix("#") {
                attributes.id = String(token.dropFirst())
            } else if token.hasPrefix(".") {
                attributes.classes.append(String(token.dropFirst()))
            } else if let eq = token.firstIndex(of: "=") {
                var value = token[token.index(after: eq)...]
                if value.count >= 2, let f = value.first, (f == "\"" || f == "'"), value.last == f {
                    value = value.dropFirst().dropLast()
                }
                let key = String(token[..<eq])
                // `{ id="9.7.0" }` (MkDocs' attr_list, kramdown) sets the anchor as `{#9.7.0}` does.
                if key == "id", attributes.id == nil { attributes.id = String(value) } else { attributes.values[key] = String(value) }
            } else {
                return nil
            }
        }
        return (String(trimmed[..<open].trimmingTrailingSpaces()), attributes, offset)
    }
}

/// The tokens of an attribute list (`#id .class key=value key="two words"`), split at spaces
/// outside quotes: MkDocs Material writes `{ #with-pip data-toc-label="with pip" }`, whose
/// quoted value a split at every space broke into tokens that are not attributes (the block
/// then stayed in the heading's text and anchor). Nil when a quote is not closed.
func attributeTokens(_ inner: Substring) -> [Substring]? {
    let utf8 = inner.utf8
    if utf8.allSatisfy({ $0 < 0x80 && $0 != 13 }) {
        // Speed: ASCII without CR, where every Character is one byte, is read byte by byte
        // (the same tokens; a heading's attribute list is read for every version of a page).
        var tokens: [Substring] = []
        var start: Substring.Index?
        var quote: UInt8 = 0
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let c = utf8[i]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") {
                if let s = start { tokens.append(inner[s..<i]); start = nil }
            } else {
                if start == nil { start = i }
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'"), i > utf8.startIndex, utf8[utf8.index(before: i)] == UInt8(ascii: "=") { quote = c }
            }
            i = utf8.index(after: i)
        }
        if quote != 0 { return nil }
        if let s = start { tokens.append(inner[s...]) }
        return tokens
    }
    var tokens: [Substring] = []
    var start: Substring.Index?
    var quote: Character?
    var i = inner.startIndex
    while i < inner.endIndex {
        let c = inner[i]
        if let q = quote {
            if c == q { quote = nil }
        } else if c == " " || c == "\t" {
            if let s = start { tokens.append(inner[s..<i]); start = nil }
        } else {
            if start == nil { start = i }
            // A quote opens a value only after `=` (`key="a b"`), not inside a word.
            if c == "\"" || c == "'", i > inner.startIndex, inner[inner.index(before: i)] == "=" { quote = c }
        }
        i = inner.index(after: i)
    }
    if quote != nil { return nil }
    if let s = start { tokens.append(inner[s...]) }
    return tokens
}

/// Finds the attribute lists of MkDocs' attr_list and kramdown in running text
/// (`{ #id }`, `{#id .class}`, `{: #id }`) and takes them out of it.
enum InlineAttributeParser {
    /// The text without its attribute lists, and the ids they set. A brace group that is not
    /// an attribute list (`{placeholders}`, `{ a b }`) or sets no id stays as written, unless
    /// kramdown's colon marks it as one and it ends its line, as a block's list does
    /// (`{: datetime="2024-03-18" }` under a date, `text. {: .note }`: styling and metadata a
    /// page cannot show, which Jekyll never prints; Mozilla's legal documents showed "Last
    /// Updated March 18, 2024 {: datetime=…}"). `isWritten` tells whether a brace
    /// group stands so in the source (see `TreeWalk.isWritten`).
    static func strip(_ text: String, isWritten: (Substring) -> Bool = { _ in true }) -> (String, [String]) {
        var ids: [String] = []
        var stripped = false
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            var inner = rest[rest.index(after: open)..<close]
            let kramdown = inner.first == ":"
            if kramdown { inner = inner.dropFirst() }
            let tokens = attributeTokens(inner) ?? []
            let isList = !tokens.isEmpty && tokens.allSatisfy { t in
                (t.hasPrefix("#") && Slug.isValidAnchor(String(t.dropFirst()))) || (t.hasPrefix(".") && t.count > 1)
                    || (t.contains("=") && !t.hasPrefix("="))
            }
            let found = isList ? tokens.filter { $0.hasPrefix("#") }.map { String($0.dropFirst()) } : []
            // Without an id, only where kramdown reads a block's list: ending its line.
            let endsLine = rest[rest.index(after: close)...].allSatisfy { $0 == " " }
            guard (!found.isEmpty || (kramdown && isList && endsLine)) && isWritten(rest[open...close]) else {
                out += rest[...open]
                rest = rest[rest.index(after: open)...]
                continue
            }
            ids += found
            stripped = true
            var before = rest[..<open]
            // `text {#id}` leaves no trailing space; `**Term**{ #id }: ...` keeps what follows.
            if endsLine { while before.last == " " { before = before.dropLast() } }
            out += before
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return stripped ? (out, ids) : (text, [])
    }
}

// MARK: - HTML post-processing

/// One pass over cmark's HTML: gives headings their ids, wraps tables in a scrollable
/// region ("Table 1", "Table 2", ...) and strips the `data-sourcepos` attributes used to line them up.
enum HTMLPostProcessor {
    private static let marker = Array(" data-sourcepos=\"".utf8)

    /// `cellAnchorsByLine`: ids of table rows, by line, as empty targets at the start of the
    /// row's first cell.
    static func process(_ input: UnsafeBufferPointer<UInt8>, anchorByLine: [Int: String], aliasesByLine: [Int: [String]] = [:],
                        cellAnchorsByLine: [Int: [String]] = [:]) -> (String, [Int: Int]) {
        var cellAnchors = cellAnchorsByLine
        var out: [UInt8] = []
        out.reserveCapacity(input.count + 256)
        var offsets: [Int: Int] = [:]
        var tables = 0
        /// A loose list's task box, written at the start of the next paragraph.
        var boxForParagraph: [UInt8]?
        let n = input.count
        var i = 0
        // cmark escapes '<' and '>' in text and attribute values, so every '<' opens a tag
        // and the next '>' closes it: copy the text between tags in bulk, look inside tags.
        while i < n {
            guard let lt = index(of: UInt8(ascii: "<"), in: input, from: i) else {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: input[i..<n]))
                break
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: input[i..<lt]))
            let gt = index(of: UInt8(ascii: ">"), in: input, from: lt) ?? (n - 1)
            if matches(input, at: lt, "</table>") {
                out.append(contentsOf: tableClose)
                i = gt + 1
                continue
            }
            if matches(input, at: lt, "<input type=\"checkbox\"") {
                // A task list's box (`- [x]`): the character a reader and a screen reader take
                // for one, as a checkbox written in HTML is (`RawHTML.checkbox`). As an input, it
                // was a form field with no label (axe: critical) on a page with no form.
                let checked = (lt..<gt).contains { matches(input, at: $0, " checked") }
                // Its item is a task (`<li class="task">`): the box is its marker, not a bullet too.
                func ends(_ text: String, at end: Int) -> Bool {
                    let bytes = Array(text.utf8)
                    return end >= bytes.count && out[(end - bytes.count)..<end].elementsEqual(bytes)
                }
                if ends("<li>", at: out.count) { out.replaceSubrange((out.count - 1)..<out.count, with: Array(" class=\"task\">".utf8)) }
                i = gt + 1
                // In a loose list (items apart), cmark puts the box before the item's paragraph:
                // it goes at the start of the paragraph, on the line of its text.
                let box = Array((checked ? "\u{2611}" : "\u{2610}").utf8)
                if matches(input, at: i, " \n<p") {
                    boxForParagraph = box + [UInt8(ascii: " ")]
                    i += 1
                } else {
                    out.append(contentsOf: box)
                }
                continue
            }
            if matches(input, at: lt, "<table") {
                // Each table is a scrollable region, and so a landmark: number them, as two
                // landmarks of the same name cannot be told apart.
                tables += 1
                out.append(contentsOf: tableOpen)
                out.append(contentsOf: Array(String(tables).utf8))
                out.append(contentsOf: tableOpenEnd)
            }
            let tagStart = out.count
            var m = lt
            var found = -1
            while m + marker.count <= gt {
                if input[m] == UInt8(ascii: " "), matches(input, at: m, marker) { found = m; break }
                m += 1
            }
            // The box of a loose list's task, at the start of the item's paragraph.
            let isParagraph = gt > lt + 2 && input[lt + 1] == UInt8(ascii: "p") && (input[lt + 2] == UInt8(ascii: " ") || input[lt + 2] == UInt8(ascii: ">"))
            guard found >= 0 else {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: input[lt...gt]))
                if isParagraph, let box = boxForParagraph { out.append(contentsOf: box); boxForParagraph = nil }
                i = gt + 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: input[lt..<found]))
            // A code block scrolls sideways when its lines are longer than the screen (a phone):
            // focusable, so the keyboard can scroll it too (axe: scrollable-region-focusable).
            if found - lt == 4, matches(input, at: lt, "<pre") { out.append(contentsOf: focusable) }
            var j = found + marker.count
            var line = 0
            while j < gt, input[j] >= 48, input[j] <= 57 { line = line * 10 + Int(input[j] - 48); j += 1 }
            while j < gt, input[j] != UInt8(ascii: "\"") { j += 1 }
            var aliases: [String] = []
            if found - lt == 3, input[lt + 1] == UInt8(ascii: "h"), let anchor = anchorByLine[line] {
                offsets[line] = tagStart
                out.append(contentsOf: idOpen)
                appendEscaped(anchor, to: &out)
                out.append(UInt8(ascii: "\""))
                aliases = aliasesByLine[line] ?? []
            } else if found - lt == 3, input[lt + 1] == UInt8(ascii: "t"), input[lt + 2] == UInt8(ascii: "d") || input[lt + 2] == UInt8(ascii: "h"),
                      !cellAnchors.isEmpty, let ids = cellAnchors.removeValue(forKey: line) {
                aliases = ids
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: input[(j + 1)...gt]))
            // A heading's former anchors: empty targets at its start, for old links and bookmarks.
            for alias in aliases {
                out.append(contentsOf: aliasOpen)
                appendEscaped(alias, to: &out)
                out.append(contentsOf: aliasClose)
            }
            if isParagraph, let box = boxForParagraph { out.append(contentsOf: box); boxForParagraph = nil }
            i = gt + 1
        }
        return (String(decoding: out, as: UTF8.self), offsets)
    }

    private static let tableOpen = Array("<div class=\"table-wrap\" role=\"region\" aria-label=\"Table ".utf8)
    private static let tableOpenEnd = Array("\" tabindex=\"0\">".utf8)
    private static let tableClose = Array("</table></div>".utf8)
    private static let idOpen = Array(" id=\"".utf8)
    private static let focusable = Array(" tabindex=\"0\"".utf8)
    private static let aliasOpen = Array("<span id=\"".utf8)
    private static let aliasClose = Array("\"></span>".utf8)

    private static func index(of byte: UInt8, in input: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < input.count, let base = input.baseAddress,
              let p = memchr(base + start, Int32(byte), input.count - start) else { return nil }
        return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
    }

    private static func matches(_ input: UnsafeBufferPointer<UInt8>, at i: Int, _ s: StaticString) -> Bool {
        let count = s.utf8CodeUnitCount
        guard i + count <= input.count else { return false }
        let p = s.utf8Start
        for k in 0..<count where input[i + k] != p[k] { return false }
        return true
    }

    private static func matches(_ input: UnsafeBufferPointer<UInt8>, at i: Int, _ s: [UInt8]) -> Bool {
        guard i + s.count <= input.count else { return false }
        for k in 0..<s.count where input[i + k] != s[k] { return false }
        return true
    }

    private static func appendEscaped(_ s: String, to out: inout [UInt8]) {
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "&"): out.append(contentsOf: Array("&amp;".utf8))
            case UInt8(ascii: "<"): out.append(contentsOf: Array("&lt;".utf8))
            case UInt8(ascii: ">"): out.append(contentsOf: Array("&gt;".utf8))
            case UInt8(ascii: "\""): out.append(contentsOf: Array("&quot;".utf8))
            default: out.append(b)
            }
        }
    }
}
