import Foundation

/// Converts the body of a Word document to Markdown, as a trainer would have typed it:
/// headings from heading styles and outline levels (the page title from the Title style),
/// lists from Word's numbering (bulleted or numbered, nested by level), bold, italic,
/// strikethrough, superscript and code runs, links (to web addresses, to the document's own
/// headings through their bookmarks, to other Word documents of the import), pictures
/// (written as files beside the page, with their alternative text), tables (a one-cell table,
/// Word's usual call-out box, as a quoted box), code paragraphs as fenced code, quotes, and
/// footnotes and endnotes as a numbered "Notes" list. Tracked changes are read as accepted
/// (deleted text left out), comments and hidden text left out, Word's table of contents left
/// out (every page has Casebook's). What cannot be kept is counted for the import's notes.
struct WordMarkdown {
    /// What was converted or left out, for the import's notes.
    struct Counts {
        var picturesWithoutText = 0
        /// Lines in bold read as headings (a document with no heading styles).
        var boldHeadings = 0
        /// Pictures in a format browsers do not show (EMF, WMF, TIFF, ...), by extension.
        var unshownPictures: [String: Int] = [:]
        var externalPictures = 0
        var comments = 0
        var trackedChanges = 0
        var tablesOfContents = 0
        var textBoxes = 0
        var equations = 0
        /// Links to addresses that are no web or mail address (`file:`, a network drive).
        var unsafeLinks = 0
        /// Links to a bookmark that is no heading the page has, or a file the import does not have.
        var unresolvedLinks = 0
        /// Embedded objects left out (OLE objects whose picture browsers do not show, imported
        /// chunks), by kind (`WordMarkdown.objectKind`).
        var embeddedObjects: [String: Int] = [:]
        /// Embedded objects whose picture was kept in their place, by kind.
        var objectsAsPictures: [String: Int] = [:]
        var charts = 0
    }

    struct Output {
        var markdown = ""
        var title: String?
        /// The document's last modification day (YYYY-MM-DD), from its properties.
        var modified: String?
        /// The versions its document-control table lists, newest first (`WordRevisionHistory`).
        var changes: [WordRevisionHistory.Change] = []
        /// A line saying what the SOP is about: its Subtitle paragraph under the title, else the
        /// Comments of its properties.
        var summary: String?
        /// Its properties' Tags.
        var tags: [String] = []
        /// Its document-information block's version, effective date and status (`WordDocumentInfo`).
        var info = WordDocumentInfo.Info()
        var pictures: [(name: String, bytes: [UInt8])] = []
        var counts = Counts()
    }

    let document: WordDocument
    /// The prefix of the page's picture files (`images/<stem>-image1.png`).
    let stem: String
    /// The page a link to another Word document leads to (its path in the container of the
    /// link, decoded, and the bookmark it names in that document, if any), with the anchor of
    /// the heading that bookmark is in; nil when the import has no such document.
    let documentLink: (String, String?) -> String?

    /// Converts the document: once to find the headings its bookmarks are in, then with the
    /// anchors those headings get in Casebook, so links to them lead there.
    static func convert(_ document: WordDocument, stem: String, documentLink: @escaping (String, String?) -> String?) -> Output {
        let layout = Layout(document, stem: stem, documentLink: documentLink)
        let anchors = layout.linksToBookmarks ? layout.bookmarkAnchors(document, stem: stem, documentLink: documentLink) : nil
        var page = WordMarkdown(document: document, stem: stem, documentLink: documentLink, mode: .page)
        page.titleHeading = layout.titleHeading
        page.shift = layout.shift
        page.boldHeadings = layout.boldHeadings
        page.anchors = anchors ?? [:]
        page.run()
        if page.output.summary == nil, let d = document.description, d.count <= 300 { page.output.summary = d }
        page.output.tags = document.keywords
        // Fields the body's information block lacks may be in the headers and footers.
        WordDocumentInfo.read(headers: document.headers, into: &page.output.info)
        return page.output
    }

    /// The anchor Casebook gives the heading each bookmark of the document is in, by bookmark
    /// name, as its page (named `stem`) will have them: where a link from another document
    /// to one of its bookmarks leads.
    static func bookmarkAnchors(_ document: WordDocument, stem: String) -> [String: String] {
        let none: (String, String?) -> String? = { _, _ in nil }
        return Layout(document, stem: stem, documentLink: none).bookmarkAnchors(document, stem: stem, documentLink: none)
    }

    /// What the first pass over a document finds, nothing written: whether a lone heading 1 at
    /// the top is the title, whether headings move down a level (the page title is the page's
    /// only H1), whether its sections are under bold lines, and whether any link leads to a
    /// bookmark.
    private struct Layout {
        var titleHeading: Bool
        var shift: Int
        var boldHeadings: Bool
        var linksToBookmarks: Bool

        init(_ document: WordDocument, stem: String, documentLink: @escaping (String, String?) -> String?) {
            var first = WordMarkdown(document: document, stem: stem, documentLink: documentLink, mode: .structure)
            first.run()
            // A document with no heading styles at all (sections under bold lines, as many are
            // written): its bold lines are its headings.
            boldHeadings = first.headings == 0 && !first.sawHeadingStyle
            titleHeading = first.leadingHeadingOne && first.levelOneHeadings == 1 && !first.styleTitle
            shift = first.levelOneHeadings - (titleHeading ? 1 : 0) > 0 ? 1 : 0
            linksToBookmarks = first.linksToBookmarks
        }

        /// The headings alone, for the anchors Casebook gives the bookmarked ones.
        func bookmarkAnchors(_ document: WordDocument, stem: String, documentLink: @escaping (String, String?) -> String?) -> [String: String] {
            var headings = WordMarkdown(document: document, stem: stem, documentLink: documentLink, mode: .headings)
            headings.titleHeading = titleHeading
            headings.shift = shift
            headings.boldHeadings = boldHeadings
            headings.run()
            return headings.resolvedAnchors()
        }
    }

    /// What a pass writes: nothing (`structure`), the headings alone, or the page.
    private enum Mode { case structure, headings, page }
    private let mode: Mode

    // MARK: - State

    private var output = Output()
    private var lines: [String] = []
    private enum Last { case none, list, other }
    private var last = Last.none
    /// Open list levels: the level and the width of its marker (nested items are indented by it).
    private var listStack: [(level: Int, width: Int, list: String)] = []
    /// The next number of each abstract list and level.
    private var counters: [String: [Int: Int]] = [:]
    /// The numIds and levels whose restart (`w:startOverride`) has been applied.
    private var restarted = Set<String>()
    private var code: [String]?
    /// Complex fields (`w:fldChar`) open at this point of the body.
    private struct Field {
        var instruction = ""
        var inResult = false
        var kind = Kind.other
        enum Kind: Equatable { case other, tableOfContents, link(String?) }
    }
    private var fields: [Field] = []
    /// Headings written, and the one each bookmark is in (or the one before it).
    private var headings = 0
    private var bookmarkHeading: [String: Int] = [:]
    private var pendingBookmarks: [String] = []
    /// Bookmark -> Casebook anchor (second pass).
    private var anchors: [String: String]?
    /// Whether the first heading is the title (no Title style: a lone leading heading 1).
    private var titleHeading = false
    /// Bold lines are read as headings (see `convert`).
    private var boldHeadings = false
    /// A paragraph of a heading style or outline level was seen (first pass).
    private var sawHeadingStyle = false
    private var levelOneHeadings = 0
    private var shift = 0
    private var sawBlock = false
    private var noteNumbers: [String: Int] = [:]
    private var noteOrder: [(kind: String, id: String)] = []
    private var pictureNames: [String: String] = [:]
    private var pendingBoxes: [XMLNode] = []
    /// The current list is written with `*` and `1)` (see `paragraph`).
    private var otherMarkers = false
    /// Whether the current list started with a number.
    private var listOrdered = false
    /// A drop cap's letter, waiting for the paragraph it begins.
    private var dropCap: [Segment] = []
    private var sawTableOfContents = false
    /// The relationships of the part being converted (the body's, or the notes').
    private lazy var relationships = document.relationships

    private init(document: WordDocument, stem: String, documentLink: @escaping (String, String?) -> String?, mode: Mode) {
        self.mode = mode
        self.document = document
        self.stem = stem
        self.documentLink = documentLink
    }

    private mutating func run() {
        blocks(document.body.children)
        closeBlocks()
        notesSection()
        while lines.last == "" { lines.removeLast() }
        output.markdown = lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
        if output.title == nil { output.title = document.title }
        output.modified = document.modified
        if sawTableOfContents { output.counts.tablesOfContents += 1 }
    }

    /// The anchor Casebook gives each bookmarked heading of the first pass's Markdown.
    private func resolvedAnchors() -> [String: String] {
        guard !bookmarkHeading.isEmpty else { return [:] }
        let parsed = Markdown.render(output.markdown, firstLine: 1, dropLeadingH1: false, collectText: false, renderHTML: false,
                                     anchors: { $0.map { _ in "" } }, rewriteURL: { _ in .keep })
        let found = parsed.headings.filter { !$0.inHTML }
        guard found.count == headings else { return [:] }
        var ignored: [Diagnostic] = []
        let list = PageRenderer.assignAnchors(found, file: stem, diagnostics: &ignored).1
        var out: [String: String] = [:]
        for (name, k) in bookmarkHeading where k >= 0 && k < list.count { out[name] = list[k] }
        return out
    }

    // MARK: - Blocks

    private mutating func blocks(_ nodes: [XMLNode]) {
        for node in nodes where !node.isText {
            switch node.name {
            case "p" where node.isWord: paragraph(node)
            case "tbl" where node.isWord: table(node)
            case "sdt" where node.isWord:
                if isTableOfContents(node) { sawTableOfContents = true; continue }
                if let content = node.child("sdtContent") { blocks(content.children) }
            case "customXml", "sdtContent", "ins", "moveTo":
                if node.name == "ins" || node.name == "moveTo" { output.counts.trackedChanges += 1 }
                blocks(node.children)
            case "del", "moveFrom":
                output.counts.trackedChanges += 1
            case "bookmarkStart":
                if let name = node["name"], name != "_GoBack" { pendingBookmarks.append(name) }
            case "altChunk":
                output.counts.embeddedObjects["object", default: 0] += 1
            default:
                break
            }
        }
    }

    private func isTableOfContents(_ sdt: XMLNode) -> Bool {
        let gallery = sdt.child("sdtPr")?.first { $0.name == "docPartGallery" }?["val"] ?? ""
        return gallery.lowercased().contains("table of contents")
    }

    private enum Kind { case title, subtitle, heading(Int), item(list: String, level: Int), code, quote, plain, skip }

    private mutating func kind(of p: XMLNode) -> Kind {
        let properties = p.child("pPr")
        let style = document.style(properties?.child("pStyle")?["val"])
        let name = style.name.lowercased()
        if name.hasPrefix("toc ") || name == "toc heading" || name == "table of figures" { sawTableOfContents = true; return .skip }
        if name == "title" { return .title }
        if name == "subtitle" { return .subtitle }
        if name.hasPrefix("heading "), let n = Int(name.dropFirst(8)), (1...9).contains(n) { return .heading(n) }
        if let outline = properties?.child("outlineLvl")?["val"].flatMap({ Int($0) }) ?? style.outlineLevel, (0..<9).contains(outline) {
            return .heading(outline + 1)
        }
        let direct = properties?.child("numPr")
        let list = direct?.child("numId")?["val"] ?? style.numbering?.id
        if let list, list != "0", document.lists[list] != nil || direct != nil {
            let level = direct?.child("ilvl")?["val"].flatMap { Int($0) } ?? style.numbering?.level ?? 0
            return .item(list: list, level: max(0, min(level, 8)))
        }
        if Self.isCodeStyle(name) { return .code }
        if name == "quote" || name == "intense quote" || name == "block text" || name == "block quote" || name == "blockquote" { return .quote }
        return .plain
    }

    /// The number Word's list numbering gives heading paragraph `p` (`3.2` from `%1.%2`), or
    /// nil when it has none; the count goes on as Word's does, with the lists' items.
    private mutating func headingNumber(_ p: XMLNode) -> String? {
        let properties = p.child("pPr")
        let style = document.style(properties?.child("pStyle")?["val"])
        let direct = properties?.child("numPr")
        guard let list = direct?.child("numId")?["val"] ?? style.numbering?.id, list != "0", let levels = document.lists[list] else { return nil }
        let level = max(0, min(direct?.child("ilvl")?["val"].flatMap { Int($0) } ?? style.numbering?.level ?? 0, 8))
        guard let format = levels[level], format.format != "bullet", format.format != "none", format.bullet.contains("%") else { return nil }
        let sequence = document.listAbstracts[list] ?? list
        var numbers = counters[sequence] ?? [:]
        if let start = document.listRestarts[list]?[level], restarted.insert(list + "/\(level)").inserted { numbers[level] = start }
        let n = numbers[level] ?? format.start
        numbers[level] = n + 1
        for deeper in numbers.keys where deeper > level { numbers[deeper] = nil }
        counters[sequence] = numbers
        var text = format.bullet
        for k in 0...level {
            // A level above shows the number it is at (the next one less one), or its start.
            let value = k == level ? n : (numbers[k] ?? ((levels[k]?.start ?? 1) + 1)) - 1
            text = text.replacingOccurrences(of: "%\(k + 1)", with: Self.numberText(max(0, min(value, 999_999)), levels[k]?.format ?? "decimal"))
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed.contains("%") ? nil : trimmed
    }

    /// `n` in Word's number format: `3`, `03`, `c`, `C`, `iii`, `III`.
    static func numberText(_ n: Int, _ format: String) -> String {
        func roman(_ n: Int) -> String {
            var n = n, out = ""
            for (value, digits) in [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
                while n >= value { out += digits; n -= value }
            }
            return out
        }
        // Word's letters: a ... z, then aa ... zz, aaa ...
        func letters(_ n: Int) -> String {
            guard n > 0 else { return "\(n)" }
            let letter = Character(Unicode.Scalar(UInt8(65 + (n - 1) % 26)))
            return String(repeating: letter, count: min((n - 1) / 26 + 1, 10))
        }
        switch format {
        case "upperRoman": return n > 0 && n < 4000 ? roman(n) : "\(n)"
        case "lowerRoman": return n > 0 && n < 4000 ? roman(n).lowercased() : "\(n)"
        case "upperLetter": return letters(n)
        case "lowerLetter": return letters(n).lowercased()
        case "decimalZero": return n < 10 ? "0\(n)" : "\(n)"
        default: return "\(n)"
        }
    }

    /// Words that open a call-out written as a bold line of its own, not a section.
    private static let calloutWords: Set<String> = ["note", "notes", "important", "warning", "tip", "tips", "example", "examples", "caution", "reminder",
                                                     "catatan", "penting", "contoh", "หมายเหตุ", "ข้อควรระวัง", "ตัวอย่าง", "lưu ý", "ghi chú", "ví dụ", "cảnh báo"]

    /// The heading level of a paragraph written as a heading in bold: short (up to 80
    /// characters and 12 words), all its text bold, ending in a word, a number or a closing
    /// bracket (round or square) or quote (not as a sentence or a lead-in does: `.`, `:`), no formula (`=`), no
    /// call-out word (`Note`); `2.1 Scope` is a level below
    /// `2 Scope`. Nil for any other paragraph.
    private static func boldHeadingLevel(_ segments: [Segment]) -> Int? {
        guard segments.allSatisfy({ $0.raw == nil && $0.link == nil && ($0.format.bold && !$0.format.code || $0.text.allSatisfy(\.isWhitespace)) }) else { return nil }
        let text = plainText(segments).trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...80).contains(text.count), text.contains(where: \.isLetter), !text.contains("\n"),
              text.split(whereSeparator: \.isWhitespace).count <= 12, let last = text.last, last.isLetter || last.isNumber || ")]’”\"'".contains(last),
              !text.contains("=") else { return nil }
        // Nor a call-out word, nor a field of the document's information (`Version: 3.2`).
        guard !calloutWords.contains(text.lowercased()), WordDocumentInfo.line(text) == nil else { return nil }
        // `1.`, `2.1`, `3.2.1` before the words: one level down per number.
        let number = text.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        if !number.isEmpty, number.first?.isNumber == true, text.dropFirst(number.count).first == " " {
            return min(6, 1 + number.split(separator: ".").count)
        }
        return 2
    }

    /// The list of paragraphs that start with a box and are in no list of Word's.
    private static let checklist = "checklist"

    /// The box (ticked or not) that starts a paragraph's text, or nil.
    private static func box(starting segments: [Segment]) -> Bool? {
        for s in segments {
            if s.raw != nil { return nil }
            guard let c = s.text.first(where: { !$0.isWhitespace }) else { continue }
            return WordSymbols.box(c)
        }
        return nil
    }

    /// Takes the box that starts `segments` (and the spaces after it) out, and says whether it was ticked.
    private static func takeBox(_ segments: inout [Segment]) -> Bool? {
        guard let state = box(starting: segments) else { return nil }
        for k in segments.indices where !segments[k].text.allSatisfy(\.isWhitespace) {
            var text = Substring(segments[k].text.drop { $0.isWhitespace }.dropFirst())
            while text.first?.isWhitespace == true { text = text.dropFirst() }
            segments[k].text = String(text)
            for j in 0..<k { segments[j].text = "" }
            if text.isEmpty, k + 1 < segments.count, segments[k + 1].raw == nil {
                segments[k + 1].text = String(segments[k + 1].text.drop { $0.isWhitespace })
            }
            break
        }
        return state
    }

    private static func isCodeStyle(_ name: String) -> Bool {
        name == "source code" || name == "code" || name == "html preformatted"
            || name.hasPrefix("code ") || name.hasSuffix(" code") || name == "preformatted text" || name == "macro text"
    }

    private mutating func paragraph(_ p: XMLNode) {
        var kind = self.kind(of: p)
        var segments: [Segment] = []
        inline(p.children, into: &segments, link: nil)
        // A drop cap is a paragraph of its own holding the first letter of the next one.
        if let drop = p.child("pPr")?.child("framePr")?["dropCap"], drop == "drop" || drop == "margin" {
            dropCap += segments
            return
        }
        if !dropCap.isEmpty {
            segments = dropCap + segments
            dropCap = []
        }
        let bookmarks = pendingBookmarks
        pendingBookmarks = []
        defer {
            // Text boxes are shown after the paragraph that holds them.
            let boxes = pendingBoxes
            pendingBoxes = []
            for box in boxes { blocks(box.children) }
        }
        if case .skip = kind { return }
        if Self.isBlank(segments) {
            // An empty paragraph: a bookmark in it marks the section it is in.
            for b in bookmarks where bookmarkHeading[b] == nil { bookmarkHeading[b] = headings - 1 }
            if case .code = kind, code != nil { code?.append("") }
            return
        }
        defer { sawBlock = true }
        if case .title = kind {
            if output.title == nil {
                styleTitle = true
                output.title = Self.plainText(segments)
                for b in bookmarks { bookmarkHeading[b] = -1 }
                return
            }
            kind = .heading(1)
        }
        if case .heading = kind { sawHeadingStyle = true }
        // In a document without heading styles, a short line wholly in bold is a heading
        // (the first, at the very top of a document with no Title, is the title).
        if boldHeadings, case .plain = kind, let level = Self.boldHeadingLevel(segments) {
            if output.title == nil, !sawBlock {
                output.title = Self.plainText(segments).trimmingCharacters(in: .whitespaces)
                for b in bookmarks { bookmarkHeading[b] = -1 }
                return
            }
            kind = .heading(level)
            if mode == .page { output.counts.boldHeadings += 1 }
        }
        // The Subtitle under the title says what the SOP is about: the page's summary.
        if case .subtitle = kind {
            let line = Self.plainText(segments).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if output.summary == nil, headings == 0, line.count <= 300 {
                output.summary = line
                return
            }
            kind = .plain
        }
        // Paragraphs each starting with a box (a checkbox control, or `☐` typed) are a checklist.
        if case .plain = kind, Self.box(starting: segments) != nil { kind = .item(list: Self.checklist, level: 0) }
        // A paragraph of code: its runs are monospace and the paragraph is nothing else.
        if case .plain = kind, segments.allSatisfy({ $0.format.code || $0.raw == nil && $0.text.allSatisfy(\.isWhitespace) }), segments.contains(where: { $0.format.code }) {
            kind = .code
        }
        switch kind {
        case .heading(let level):
            if level == 1 { levelOneHeadings += 1 }
            if !sawBlock, headings == 0, level == 1, output.title == nil { leadingHeadingOne = true }
            // A first heading that says the title again (pandoc writes both) is the title.
            if headings == 0, !sawTitleHeading, styleTitle || titleHeading, let title = output.title,
               Self.folded(Self.plainText(segments)) == Self.folded(title) {
                sawTitleHeading = true
                if level == 1 { levelOneHeadings -= 1 }
                for b in bookmarks { bookmarkHeading[b] = -1 }
                return
            }
            if titleHeading, !sawTitleHeading, headings == 0, level == 1 {
                sawTitleHeading = true
                output.title = Self.plainText(segments)
                for b in bookmarks { bookmarkHeading[b] = -1 }
                return
            }
            // Word's numbering of the heading (`3.2`, `Chapter 3`), written before its text as
            // Word shows it: "see 3.2" in the text still names it.
            let number = headingNumber(p).map { MarkdownText.escaped($0) + " " } ?? ""
            closeBlocks()
            startBlock()
            lines.append(Self.headingLine(mode == .structure ? "" : number + Self.render(segments.map { $0.plain }, inTable: false), level: level + shift))
            for b in bookmarks { bookmarkHeading[b] = headings }
            headings += 1
            last = .other
        case .item(let list, let level):
            flushCode()
            for b in bookmarks where bookmarkHeading[b] == nil { bookmarkHeading[b] = headings - 1 }
            // Another list at the top level is a list of its own when numbers are in it (numbers
            // after bullets, bullets after numbers, or numbers counting on their own); bullets
            // after bullets, which Word shows as one list, are one.
            let sequence = document.listAbstracts[list] ?? list
            let format = document.lists[list]?[level]
            let ordered = format.map { $0.format != "bullet" && $0.format != "none" } ?? false
            if last != .list || level <= (listStack.first?.level ?? 0) && listStack.first.map({ $0.list != sequence }) == true && (ordered || listOrdered) {
                // Markdown reads two lists of one marker with only a blank line between as one
                // (loose) list: a list right after another of its kind takes the other marker
                // (`*`, `1)`).
                otherMarkers = last == .list && listOrdered == ordered ? !otherMarkers : false
                listOrdered = ordered
                startBlock()
                listStack = []
            }
            while let top = listStack.last, top.level >= level { listStack.removeLast() }
            let indent = String(repeating: " ", count: listStack.reduce(0) { $0 + $1.width })
            // A checklist (boxes as bullets, or a box starting the text) is a task list.
            var box = ordered ? nil : Self.takeBox(&segments)
            if box == nil, !ordered, let bullet = format?.bullet, bullet.count == 1 { box = WordSymbols.box(bullet.first) }
            var marker = otherMarkers ? "* " : "- "
            // Numbers count on through every numId of one abstract list; a numId restarting a
            // level (`w:startOverride`) restarts it where it is first used.
            var numbers = counters[sequence] ?? [:]
            if let start = document.listRestarts[list]?[level], restarted.insert(list + "/\(level)").inserted { numbers[level] = start }
            if ordered {
                let n = numbers[level] ?? format?.start ?? 1
                numbers[level] = n + 1
                marker = "\(max(0, min(n, 999_999_999)))" + (otherMarkers ? ") " : ". ")
            }
            for deeper in numbers.keys where deeper > level { numbers[deeper] = nil }
            counters[sequence] = numbers
            listStack.append((level, marker.count, sequence))
            let task = box.map { $0 ? "[x] " : "[ ] " } ?? ""
            write(text(segments), first: indent + marker + task, rest: indent + String(repeating: " ", count: marker.count))
            last = .list
        case .code:
            for b in bookmarks where bookmarkHeading[b] == nil { bookmarkHeading[b] = headings - 1 }
            if code == nil { closeBlocks(); startBlock(); code = [] }
            code?.append(contentsOf: Self.plainText(segments, keepSpaces: true).split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        case .quote, .plain, .title, .subtitle, .skip:
            for b in bookmarks where bookmarkHeading[b] == nil { bookmarkHeading[b] = headings - 1 }
            // A paragraph of a list's style between its items, indented as they are: more of the item.
            let style = document.style(p.child("pPr")?.child("pStyle")?["val"]).name.lowercased()
            if last == .list, !listStack.isEmpty, style.contains("list"), case .plain = kind {
                let indent = String(repeating: " ", count: listStack.reduce(0) { $0 + $1.width })
                lines.append("")
                write(text(segments), first: indent, rest: indent)
                last = .list
                return
            }
            // A line of the document-information block at the top (`Version: 3.2`): the page's.
            if mode == .page, headings == 0, case .plain = kind, let (field, value) = WordDocumentInfo.line(Self.plainText(segments)),
               !output.info.has(field), WordDocumentInfo.read(field, value, into: &output.info) {
                return
            }
            closeBlocks()
            startBlock()
            let quote: String
            if case .quote = kind { quote = "> " } else { quote = "" }
            write(text(segments), first: quote, rest: quote)
            last = .other
        }
    }

    private var sawTitleHeading = false
    /// The first block is a heading 1 (first pass).
    private var leadingHeadingOne = false
    /// A paragraph of the Title style gave the title.
    private var styleTitle = false
    /// A link to a bookmark was written (its anchor is known only once the headings are).
    private var linksToBookmarks = false

    /// The Markdown of a paragraph's segments, written in the page pass only.
    private func text(_ segments: [Segment], inTable: Bool = false) -> String {
        mode == .page ? Self.render(segments, inTable: inTable) : ""
    }

    /// Writes a paragraph's lines (hard breaks where Word had line breaks), each line's start
    /// escaped so it is not read as Markdown syntax.
    private mutating func write(_ text: String, first: String, rest: String) {
        let parts = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for (k, part) in parts.enumerated() {
            let line = (k == 0 ? first : rest) + MarkdownText.escapedLineStart(part)
            lines.append(k + 1 < parts.count ? line + "\\" : line)
        }
    }

    /// A blank line before a new block.
    private mutating func startBlock() {
        if let l = lines.last, !l.isEmpty { lines.append("") }
    }

    private mutating func flushCode() {
        guard let block = code else { return }
        code = nil
        var body = block
        while body.last?.isEmpty == true { body.removeLast() }
        var longest = 0
        for line in body {
            var run = 0
            for c in line { run = c == "`" ? run + 1 : 0; longest = max(longest, run) }
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        lines.append(fence)
        lines.append(contentsOf: body)
        lines.append(fence)
        last = .other
    }

    private mutating func closeBlocks() {
        flushCode()
        listStack = []
    }

    // MARK: - Tables

    private mutating func table(_ t: XMLNode) {
        closeBlocks()
        let rows = Self.flatten(t.children) { $0.isWord("tr") }
        var grid: [[String]] = []
        var cells: [XMLNode] = []
        for row in rows {
            var out: [String] = []
            for cell in Self.flatten(row.children, where: { $0.isWord("tc") }) {
                let properties = cell.child("tcPr")
                let span = max(1, min(properties?.child("gridSpan")?["val"].flatMap { Int($0) } ?? 1, 64))
                let merge = properties?.child("vMerge")
                // A cell merged with the one above is empty here (Markdown tables have no merged cells).
                let continued = merge != nil && merge?["val"] != "restart"
                out.append(continued ? "" : cellText(cell))
                out.append(contentsOf: Array(repeating: "", count: span - 1))
                cells.append(cell)
            }
            grid.append(out)
        }
        let plain = mode == .page && cells.count > 1 ? rows.map { row in
            Self.flatten(row.children, where: { $0.isWord("tc") }).map { cell in
                cell.all { $0.isWord("p") }.map { p in p.all { $0.isWord("t") }.map(\.allText).joined() }
                    .filter { !$0.isEmpty }.joined(separator: " ")
            }
        } : []
        // The SOP's document-control table (version, date, what changed): its version and
        // change log, not a table of the page. The first such table only.
        if output.changes.isEmpty, grid.count > 1, let changes = WordRevisionHistory.read(plain) {
            output.changes = changes
            return
        }
        // Its document-information block at the top (`Version | 3.2 | Effective | ...`): the
        // page's version, date and status; the table stays unless that is all it says.
        if headings <= 1, output.info.isEmpty, let (info, onlyFields) = WordDocumentInfo.read(table: plain) {
            output.info = info
            if onlyFields { return }
        }
        // A table with no text (a layout or a form left blank) shows nothing; pictures count as text.
        // (Passes before the page's write no cell's text.)
        guard mode != .page || grid.contains(where: { $0.contains { !$0.isEmpty } }) else { return }
        // A table of one cell is Word's call-out box: a quoted box with the cell's blocks;
        // unless it holds headings or tables (a template's frame around the whole text):
        // then its blocks as they are.
        if grid.count == 1, cells.count == 1, let cell = cells.first {
            let frame = cell.first { $0.isWord("tbl") } != nil || cell.all(where: { $0.isWord("p") }).contains {
                if case .heading = kind(of: $0) { return true }
                if case .title = kind(of: $0) { return true }
                return false
            }
            if frame {
                blocks(cell.children)
                return
            }
            let saved = lines, savedLast = last
            lines = []
            last = .none
            blocks(cell.children)
            closeBlocks()
            let inner = lines
            lines = saved
            last = savedLast
            guard inner.contains(where: { !$0.isEmpty }) else { return }
            startBlock()
            lines.append(contentsOf: inner.map { $0.isEmpty ? ">" : "> " + $0 })
            last = .other
            return
        }
        // Rows with nothing in them (spacing on a cover page, a form's blank lines) are left out.
        if mode == .page { grid.removeAll { $0.allSatisfy(\.isEmpty) } }
        let width = grid.map(\.count).max() ?? 0
        guard width > 0 else { return }
        startBlock()
        for (k, row) in grid.enumerated() {
            let padded = row + Array(repeating: "", count: width - row.count)
            lines.append("| " + padded.joined(separator: " | ") + " |")
            if k == 0 { lines.append("|" + Array(repeating: " --- |", count: width).joined()) }
        }
        last = .other
    }

    /// Children matching `match`, looking through content controls and custom XML around them.
    private static func flatten(_ nodes: [XMLNode], where match: (XMLNode) -> Bool) -> [XMLNode] {
        var out: [XMLNode] = []
        for n in nodes where !n.isText {
            if match(n) { out.append(n) } else if n.name == "sdt" || n.name == "sdtContent" || n.name == "customXml" || n.name == "ins" {
                out.append(contentsOf: flatten(n.name == "sdt" ? n.child("sdtContent")?.children ?? [] : n.children, where: match))
            }
        }
        return out
    }

    /// A cell's paragraphs on one table line, joined by line breaks (`<br>`); list items keep
    /// a bullet or number, a nested table its cells' text.
    private mutating func cellText(_ cell: XMLNode) -> String {
        var parts: [String] = []
        var numbers: [String: Int] = [:]
        for node in Self.flatten(cell.children, where: { $0.isWord("p") || $0.isWord("tbl") }) {
            if node.name == "tbl" {
                for p in node.all(where: { $0.isWord("p") }) {
                    var segments: [Segment] = []
                    inline(p.children, into: &segments, link: nil)
                    if !Self.isBlank(segments) { parts.append(text(segments, inTable: true)) }
                }
                continue
            }
            var segments: [Segment] = []
            let kind = self.kind(of: node)
            inline(node.children, into: &segments, link: nil)
            for b in pendingBookmarks where bookmarkHeading[b] == nil { bookmarkHeading[b] = headings - 1 }
            pendingBookmarks = []
            pendingBoxes = []
            if case .skip = kind { continue }
            guard !Self.isBlank(segments) else { continue }
            var text = self.text(segments, inTable: true)
            switch kind {
            case .item(let list, let level):
                let format = document.lists[list]?[level]
                if let format, format.format != "bullet", format.format != "none" {
                    let n = numbers[list + "/\(level)"] ?? format.start
                    numbers[list + "/\(level)"] = n + 1
                    text = "\(n). " + text
                } else if Self.box(starting: segments) == nil {
                    // A checklist's box as its bullet; a box typed in the text is there already.
                    let bullet = format?.bullet ?? ""
                    text = (bullet.count == 1 && WordSymbols.box(bullet.first) != nil ? bullet : "•") + " " + text
                }
            case .heading, .title:
                text = "**" + text + "**"
            default:
                break
            }
            parts.append(text)
        }
        return parts.joined(separator: "<br>").replacingOccurrences(of: "\n", with: "<br>")
    }

    // MARK: - Notes

    private mutating func notesSection() {
        guard !noteOrder.isEmpty else { return }
        startBlock()
        lines.append("## Notes")
        headings += 1
        lines.append("")
        guard mode == .page else { return }
        var k = 0
        while k < noteOrder.count {
            let (kind, id) = noteOrder[k]
            let note = (kind == "footnote" ? document.footnotes : document.endnotes)[id]
            relationships = document.noteRelationships[kind] ?? [:]
            var texts: [String] = []
            for p in note?.all(where: { $0.isWord("p") }) ?? [] {
                var segments: [Segment] = []
                inline(p.children, into: &segments, link: nil)
                if !Self.isBlank(segments) { texts.append(Self.render(segments, inTable: true).replacingOccurrences(of: "\n", with: " ")) }
            }
            pendingBookmarks = []
            pendingBoxes = []
            let n = k + 1
            lines.append("\(n). " + (texts.isEmpty ? "" : texts.joined(separator: "<br>")).trimmingCharacters(in: .whitespaces))
            k += 1
        }
    }

    // MARK: - Inline

    struct Format: Equatable {
        var bold = false, italic = false, strike = false, code = false, superscript = false, `subscript` = false
    }

    /// A piece of a paragraph: text with one format and link, or Markdown written as it is
    /// (`raw`: a picture, a note's number).
    struct Segment {
        var text: String
        var format = Format()
        var link: String?
        var raw: String?

        /// Without bold, italic or strikethrough (a heading's own style is its emphasis).
        var plain: Segment {
            var s = self
            s.format = Format(code: format.code, superscript: format.superscript, subscript: format.subscript)
            return s
        }
    }

    private var inFieldInstruction: Bool { fields.contains { !$0.inResult } }
    private var inTableOfContents: Bool { fields.contains { $0.kind == .tableOfContents } }
    private var fieldLink: String?? {
        for f in fields.reversed() { if case .link(let target) = f.kind { return .some(target) } }
        return nil
    }

    private mutating func inline(_ nodes: [XMLNode], into segments: inout [Segment], link: String?) {
        for node in nodes where !node.isText {
            switch node.name {
            case "r":
                run(node, into: &segments, link: link)
            case "hyperlink":
                let target = hyperlinkTarget(node)
                inline(node.children, into: &segments, link: target ?? link)
            case "fldSimple":
                let instruction = node["instr"] ?? ""
                let kind = Self.fieldKind(instruction)
                if kind == .tableOfContents { sawTableOfContents = true; continue }
                if case .link(let target) = kind {
                    inline(node.children, into: &segments, link: resolve(target) ?? link)
                } else {
                    inline(node.children, into: &segments, link: link)
                }
            case "ins", "moveTo":
                output.counts.trackedChanges += 1
                inline(node.children, into: &segments, link: link)
            case "del", "moveFrom":
                output.counts.trackedChanges += 1
            case "smartTag", "customXml", "dir", "bdo":
                inline(node.children, into: &segments, link: link)
            case "sdt":
                if let content = node.child("sdtContent") { inline(content.children, into: &segments, link: link) }
            case "bookmarkStart":
                if let name = node["name"], name != "_GoBack" { pendingBookmarks.append(name) }
            case "oMath", "oMathPara":
                output.counts.equations += 1
                let text = node.all { $0.name == "t" }.map(\.allText).joined()
                if !text.isEmpty { segments.append(Segment(text: text, link: link)) }
            case "AlternateContent":
                // Word's choice (a DrawingML picture or shape) first, else the fallback (VML).
                if let choice = node.child("Choice") ?? node.child("Fallback") { inline(choice.children, into: &segments, link: link) }
            default:
                break
            }
        }
    }

    private mutating func run(_ r: XMLNode, into segments: inout [Segment], link: String?) {
        let properties = r.child("rPr")
        if XMLNode.isOn(properties?.child("vanish")) == true || XMLNode.isOn(properties?.child("specVanish")) == true {
            // Hidden text is hidden in Word too; a field's instruction may still be in it.
            for c in r.children where c.name == "fldChar" || c.name == "instrText" { fieldPart(c) }
            return
        }
        let style = document.style(properties?.child("rStyle")?["val"])
        var format = Format()
        format.bold = XMLNode.isOn(properties?.child("b")) ?? style.bold ?? false
        format.italic = XMLNode.isOn(properties?.child("i")) ?? style.italic ?? false
        format.strike = XMLNode.isOn(properties?.child("strike")) ?? XMLNode.isOn(properties?.child("dstrike")) ?? style.strike ?? false
        switch properties?.child("vertAlign")?["val"] {
        case "superscript": format.superscript = true
        case "subscript": format.subscript = true
        default: break
        }
        let styleName = style.name.lowercased()
        let font = properties?.child("rFonts")?["ascii"] ?? style.font
        format.code = Self.isMonospace(font) || styleName == "verbatim char" || styleName.hasSuffix(" code") || styleName == "code"
            || styleName == "code char" || styleName == "html code" || styleName == "html typewriter" || styleName == "html keyboard"
        let link = fieldLink.map { $0 } ?? link
        func add(_ text: String) {
            guard !inFieldInstruction, !inTableOfContents else { return }
            segments.append(Segment(text: text, format: format, link: link ?? nil))
        }
        for c in r.children where !c.isText {
            switch c.name {
            case "t": add(WordSymbols.isSymbolFont(font) ? WordSymbols.text(c.allText, font: font) : c.allText)
            case "tab", "ptab": add(format.code ? "\t" : " ")
            case "br":
                let type = c["type"]
                add(type == "page" || type == "column" ? " " : "\n")
            case "cr": add("\n")
            case "noBreakHyphen": add("-")
            case "sym":
                // Symbol and Wingdings characters are private-use code points of those fonts.
                if let hex = c["char"], let symbol = WordSymbols.symbol(font: c["font"], code: hex) { add(String(symbol)) }
            case "fldChar", "instrText":
                fieldPart(c)
            case "drawing", "pict", "object":
                guard !inFieldInstruction, !inTableOfContents else { continue }
                picture(c, into: &segments, link: link ?? nil)
            case "footnoteReference", "endnoteReference":
                guard let id = c["id"] else { continue }
                let kind = c.name == "footnoteReference" ? "footnote" : "endnote"
                let key = kind + ":" + id
                let n: Int
                if let known = noteNumbers[key] { n = known } else {
                    noteOrder.append((kind, id))
                    n = noteOrder.count
                    noteNumbers[key] = n
                }
                segments.append(Segment(text: "", raw: "<sup>\(n)</sup>"))
            case "commentReference":
                output.counts.comments += 1
            case "AlternateContent":
                if let choice = c.child("Choice") ?? c.child("Fallback") {
                    let wrapped = XMLNode(name: "r", namespace: r.namespace, attributes: [:], line: r.line)
                    if let properties { wrapped.children.append(properties) }
                    wrapped.children.append(contentsOf: choice.children)
                    run(wrapped, into: &segments, link: link ?? nil)
                }
            default:
                break
            }
        }
    }

    private static let monospaceFonts: Set<String> = [
        "consolas", "courier", "courier new", "menlo", "monaco", "lucida console", "lucida sans typewriter", "source code pro",
        "roboto mono", "dejavu sans mono", "liberation mono", "cascadia code", "cascadia mono", "fira code", "fira mono",
        "jetbrains mono", "ubuntu mono", "sf mono", "andale mono", "noto sans mono", "ibm plex mono", "inconsolata",
    ]

    private static func isMonospace(_ font: String?) -> Bool {
        guard let font else { return false }
        return monospaceFonts.contains(font.lowercased())
    }

    // MARK: - Fields

    private mutating func fieldPart(_ node: XMLNode) {
        if node.name == "instrText" {
            if !fields.isEmpty, !fields[fields.count - 1].inResult { fields[fields.count - 1].instruction += node.allText }
            return
        }
        switch node["fldCharType"] {
        case "begin":
            fields.append(Field())
        case "separate":
            guard !fields.isEmpty else { return }
            var field = fields.removeLast()
            field.inResult = true
            switch Self.fieldKind(field.instruction) {
            case .tableOfContents:
                field.kind = .tableOfContents
                sawTableOfContents = true
            case .link(let target):
                field.kind = .link(resolve(target))
            case .other:
                field.kind = .other
            }
            fields.append(field)
        case "end":
            if !fields.isEmpty { fields.removeLast() }
        default:
            break
        }
    }

    /// What a field's instruction makes of its result: `HYPERLINK "url"` or `HYPERLINK \l
    /// "bookmark"` a link, `REF bookmark \h` a link to the bookmark, `TOC` Word's table of
    /// contents; anything else (a page number, a date) its text as Word last showed it.
    private static func fieldKind(_ instruction: String) -> Field.Kind {
        var tokens: [String] = []
        var current = "", quoted = false, any = false
        for c in instruction {
            if c == "\"" { quoted.toggle(); any = true; continue }
            if c.isWhitespace, !quoted {
                if any { tokens.append(current) }
                current = ""; any = false
                continue
            }
            current.append(c); any = true
        }
        if any { tokens.append(current) }
        guard let name = tokens.first?.uppercased() else { return .other }
        switch name {
        case "TOC": return .tableOfContents
        case "HYPERLINK":
            var url: String?, anchor: String?
            var k = 1
            while k < tokens.count {
                let t = tokens[k]
                if t == "\\l", k + 1 < tokens.count { anchor = tokens[k + 1]; k += 2; continue }
                if t.hasPrefix("\\") { k += 2; continue }
                if url == nil { url = t }
                k += 1
            }
            return .link(Self.joinTarget(url, anchor))
        case "REF", "PAGEREF":
            guard tokens.count > 1, tokens.dropFirst(2).contains(where: { $0.lowercased() == "\\h" }) else { return .other }
            return .link("#" + tokens[1])
        default:
            return .other
        }
    }

    private static func joinTarget(_ url: String?, _ anchor: String?) -> String? {
        switch (url, anchor) {
        case let (u?, a?): return u + "#" + a
        case let (u?, nil): return u
        case let (nil, a?): return "#" + a
        default: return nil
        }
    }

    // MARK: - Links

    private mutating func hyperlinkTarget(_ h: XMLNode) -> String? {
        var url: String?
        if let id = h["r:id"], let rel = relationships[id] {
            url = rel.external ? rel.target : nil
            if url == nil { output.counts.unresolvedLinks += 1; return nil }
        }
        return resolve(Self.joinTarget(url, h["anchor"]))
    }

    /// A link's target as the page has it: web and mail addresses as they are, a bookmark as
    /// the anchor of its heading, another Word document of the import as its page; nil (the
    /// text kept, not linked) for anything else.
    private mutating func resolve(_ target: String?) -> String? {
        guard let target = target?.trimmingCharacters(in: .whitespacesAndNewlines), !target.isEmpty else { return nil }
        if target.hasPrefix("#") {
            let name = String(target.dropFirst())
            linksToBookmarks = true
            guard let anchors else { return "#" + name }   // before the anchors are known: any link will do
            guard mode == .page else { return "#" + name }
            if let anchor = anchors[name] { return "#" + anchor }
            output.counts.unresolvedLinks += 1
            return nil
        }
        let lower = target.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") {
            return target.replacingOccurrences(of: " ", with: "%20")
        }
        // A scheme (file:, javascript:) or a drive (C:\, \\server): not a page of the handbook.
        let scheme = target.prefix { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "." || $0 == "-" }
        if target.dropFirst(scheme.count).hasPrefix(":") || target.hasPrefix("\\\\") || target.hasPrefix("//") {
            output.counts.unsafeLinks += 1
            return nil
        }
        let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts[0]).replacingOccurrences(of: "\\", with: "/")
        // The bookmark only for the page itself: the other passes need no anchor, and asking
        // for one there could go round in circles (each document linking into the other).
        let bookmark = mode == .page && parts.count > 1 && !parts[1].isEmpty ? String(parts[1]) : nil
        if let page = documentLink(path.removingPercentEncoding ?? path, bookmark.map { $0.removingPercentEncoding ?? $0 }) { return page }
        output.counts.unresolvedLinks += 1
        return nil
    }

    // MARK: - Pictures

    /// What an embedded object is, from its OLE program id (`Equation.3`, `Equation.DSMT4`,
    /// `Excel.Sheet.12`, `Word.Document.12`, `PowerPoint.Show.12`, `Visio.Drawing.15`,
    /// `Package`): one of equation, spreadsheet, document, presentation, diagram, file, object.
    static func objectKind(_ progID: String?) -> String {
        let id = (progID ?? "").lowercased()
        if id.hasPrefix("equation.") || id.hasPrefix("mathtype") { return "equation" }
        if id.hasPrefix("excel.") { return "spreadsheet" }
        if id.hasPrefix("word.") { return "document" }
        if id.hasPrefix("powerpoint.") { return "presentation" }
        if id.hasPrefix("visio.") { return "diagram" }
        if id == "package" || id.hasPrefix("acroexch.") { return "file" }
        return "object"
    }

    private mutating func picture(_ node: XMLNode, into segments: inout [Segment], link: String?) {
        // Text boxes hold paragraphs: shown after this one.
        let boxes = node.all { $0.name == "txbxContent" }
        if !boxes.isEmpty {
            output.counts.textBoxes += boxes.count
            pendingBoxes.append(contentsOf: boxes)
            return
        }
        if node.first(where: { $0.name == "chart" || $0.name == "relIds" && $0.namespace.contains("diagram") }) != nil {
            output.counts.charts += 1
            return
        }
        let blip = node.first { $0.name == "blip" || $0.name == "imagedata" }
        let description = node.first { $0.name == "docPr" }.flatMap { $0["descr"]?.isEmpty == false ? $0["descr"] : $0["title"] }
            ?? blip?["title"] ?? node.first { $0.name == "shape" }?["alt"] ?? ""
        let alt = description.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        // An embedded object (an equation of Equation Editor or MathType, a spreadsheet) is
        // shown by Word as a picture of it: kept when browsers show its format, else the object
        // is counted as left out (once, not as a picture too).
        let object = node.name == "object" ? Self.objectKind(node.first { $0.name == "OLEObject" }?["ProgID"]) : nil
        guard let blip else {
            if let object { output.counts.embeddedObjects[object, default: 0] += 1 }
            return
        }
        // Only the page pass reads the picture (a paragraph holding one is not empty).
        guard mode == .page else {
            segments.append(Segment(text: "", link: link, raw: "![]()"))
            return
        }
        if let id = blip["r:embed"] ?? blip["r:id"], let rel = relationships[id], !rel.external {
            guard let bytes = try? document.package.bytes(rel.target, limit: WordPackage.largestPicture) else {
                if let object { output.counts.embeddedObjects[object, default: 0] += 1 }
                return
            }
            guard let format = EmbeddedPictures.format(of: bytes) else {
                let ext = (rel.target as NSString).pathExtension.lowercased()
                if let object { output.counts.embeddedObjects[object, default: 0] += 1 }
                else { output.counts.unshownPictures[ext.isEmpty ? "unknown" : ext, default: 0] += 1 }
                if !alt.isEmpty { segments.append(Segment(text: "[" + alt + "]", format: Format(italic: true), link: link)) }
                return
            }
            if let object { output.counts.objectsAsPictures[object, default: 0] += 1 }
            if alt.isEmpty { output.counts.picturesWithoutText += 1 }
            let name: String
            if let known = pictureNames[rel.target] { name = known } else {
                let base = Slug.make(((rel.target as NSString).lastPathComponent as NSString).deletingPathExtension)
                var candidate = "images/\(stem)-\(base.isEmpty ? "picture" : base).\(format)"
                var n = 2
                while output.pictures.contains(where: { $0.name == candidate }) {
                    candidate = "images/\(stem)-\(base)-\(n).\(format)"
                    n += 1
                }
                name = candidate
                pictureNames[rel.target] = name
                output.pictures.append((name, bytes))
            }
            segments.append(Segment(text: "", link: link, raw: "![" + MarkdownText.escaped(alt) + "](" + name + ")"))
        } else if let id = blip["r:link"], let rel = relationships[id], rel.external {
            // A picture Word shows from an address: a link to it (the site shows no remote pictures).
            output.counts.externalPictures += 1
            let lower = rel.target.lowercased()
            if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
                segments.append(Segment(text: alt.isEmpty ? "picture" : alt, link: rel.target))
            }
        }
    }

    // MARK: - Writing Markdown

    /// An ATX heading of `inline` (Markdown): one line; a `#` at its end escaped (else it
    /// would close the heading and vanish).
    static func headingLine(_ inline: String, level: Int) -> String {
        var text = inline.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        // A heading's text keeps its braces (only an attribute list at its end means
        // something there: the anchor a trainer typed, `Scope {#scope}`).
        if text.utf8.contains(UInt8(ascii: "{")) { text = unescapedBraces(text) }
        if text.hasSuffix("#") { text = String(text.dropLast()) + "\\#" }
        return String(repeating: "#", count: min(6, max(1, level))) + " " + text
    }

    /// `text` with the escape taken off each `\{` that `wrap` wrote: an odd run of
    /// backslashes before a brace ends in that escape (a backslash of the text is written `\\`).
    private static func unescapedBraces(_ text: String) -> String {
        var out = "", run = 0
        for c in text {
            if c == "{", run % 2 == 1 { out.removeLast() }
            run = c == "\\" ? run + 1 : 0
            out.append(c)
        }
        return out
    }

    private static func folded(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
    }

    private static func isBlank(_ segments: [Segment]) -> Bool {
        segments.allSatisfy { $0.raw == nil && $0.text.allSatisfy(\.isWhitespace) }
    }

    private static func plainText(_ segments: [Segment], keepSpaces: Bool = false) -> String {
        let text = segments.map { $0.raw == nil ? $0.text : "" }.joined()
        return keepSpaces ? text : text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The Markdown of a paragraph's segments: links around their text, each run of one
    /// format wrapped once (Word splits runs anywhere), spaces kept outside the markers, and
    /// HTML tags where a marker would not be read as one (next to punctuation inside a word).
    /// `\n` stays where Word had a line break.
    static func render(_ input: [Segment], inTable: Bool) -> String {
        // Line breaks as segments of their own; white space takes the format of the text before it.
        var segments: [Segment] = []
        for s in input {
            if s.raw != nil { segments.append(s); continue }
            let pieces = s.text.split(separator: "\n", omittingEmptySubsequences: false)
            for (k, piece) in pieces.enumerated() {
                if k > 0 { segments.append(Segment(text: "", raw: "\n")) }
                guard !piece.isEmpty else { continue }
                var p = s
                p.text = String(piece)
                // (Never code's: a space after a code run is no part of the code.)
                if p.text.allSatisfy(\.isWhitespace), !p.format.code, let previous = segments.last, previous.raw == nil, !previous.format.code {
                    p.format = previous.format
                }
                segments.append(p)
            }
        }
        // A monospaced run inside a word (a letter in another font, as in a document pasted
        // together from several) is no code: a code span would cut the word in two.
        let wordy: (Character?) -> Bool = { $0.map { $0.isLetter || $0.isNumber } ?? false }
        for k in segments.indices where segments[k].format.code && segments[k].raw == nil {
            let before = k > 0 && segments[k - 1].raw == nil && !segments[k - 1].format.code ? segments[k - 1].text.last : nil
            let after = k + 1 < segments.count && segments[k + 1].raw == nil && !segments[k + 1].format.code ? segments[k + 1].text.first : nil
            if wordy(before) && wordy(segments[k].text.first) || wordy(after) && wordy(segments[k].text.last) { segments[k].format.code = false }
        }
        var out = ""
        var i = 0
        while i < segments.count {
            let link = segments[i].link
            var j = i
            while j < segments.count, segments[j].link == link, segments[j].raw != "\n" || link == nil { j += 1 }
            if j == i { j = i + 1 }
            let inner = formatted(Array(segments[i..<j]), after: j < segments.count ? segments[j] : nil, before: out.last)
            if let link, !inner.trimmingCharacters(in: .whitespaces).isEmpty {
                let lead = inner.prefix { $0 == " " }, trail = String(inner.reversed().prefix { $0 == " " })
                let core = inner.trimmingCharacters(in: .whitespaces)
                out += lead + "[" + core + "](" + Markdown.linkTarget(link) + ")" + trail
            } else {
                out += inner
            }
            i = j
        }
        if inTable, out.utf8.contains(UInt8(ascii: "|")) { out = out.replacingOccurrences(of: "|", with: "\\|") }
        return out
    }

    private static func formatted(_ segments: [Segment], after: Segment?, before: Character?) -> String {
        var out = ""
        var i = 0
        while i < segments.count {
            if let raw = segments[i].raw { out += raw; i += 1; continue }
            let format = segments[i].format
            var text = ""
            var j = i
            while j < segments.count, segments[j].raw == nil, segments[j].format == format { text += segments[j].text; j += 1 }
            let next: Character? = j < segments.count ? (segments[j].raw ?? segments[j].text).first : (after?.raw ?? after?.text)?.first
            // Emphasis right after emphasis (`*a***b**`) runs the markers together: HTML then.
            let following = j < segments.count ? segments[j] : after
            let nextEmphasised = following.map { $0.raw == nil && !$0.format.code && ($0.format.bold || $0.format.italic || $0.format.strike) } ?? false
            out += wrap(text, format, before: out.last ?? before, next: next, nextEmphasised: nextEmphasised)
            i = j
        }
        return out
    }

    private static func wrap(_ text: String, _ format: Format, before: Character?, next: Character?, nextEmphasised: Bool) -> String {
        if format.code {
            // Spaces at either end outside the span (Markdown drops one of each inside it).
            let text = text.replacingOccurrences(of: "\n", with: " ")
            let lead = String(text.prefix { $0.isWhitespace }), trail = String(text.reversed().prefix { $0.isWhitespace }.reversed())
            guard lead.count < text.count else { return text }
            let content = String(text.dropFirst(lead.count).dropLast(trail.count))
            var longest = 0, run = 0
            for c in content { run = c == "`" ? run + 1 : 0; longest = max(longest, run) }
            let ticks = String(repeating: "`", count: longest + 1)
            let pad = content.first == "`" || content.last == "`" ? " " : ""
            return lead + ticks + pad + content + pad + ticks + trail
        }
        let lead = String(text.prefix { $0.isWhitespace }), trail = String(text.reversed().prefix { $0.isWhitespace }.reversed())
        guard lead.count < text.count else { return text }
        let core = String(text.dropFirst(lead.count).dropLast(trail.count))
        var escaped = MarkdownText.escaped(core)
        // `~` would strike through, and braces that read as an attribute list (`{#id}`) would
        // set an anchor: both are escaped.
        if escaped.utf8.contains(UInt8(ascii: "~")) { escaped = escaped.replacingOccurrences(of: "~", with: "\\~") }
        if core.utf8.contains(UInt8(ascii: "{")), InlineAttributeParser.strip(core).0 != core { escaped = escaped.replacingOccurrences(of: "{", with: "\\{") }
        guard format.bold || format.italic || format.strike || format.superscript || format.subscript else { return lead + escaped + trail }
        // A marker between a letter and punctuation is not read as emphasis: HTML then.
        let outside: (Character?) -> Bool = { c in c.map { $0.isLetter || $0.isNumber } ?? false }
        let edge: (Character?) -> Bool = { c in c.map { $0.isPunctuation || $0.isSymbol } ?? false }
        let marker: (Character?) -> Bool = { $0 == "*" || $0 == "~" }
        let useHTML = (edge(core.first) && outside(lead.isEmpty ? before : " ")) || (edge(core.last) && outside(trail.isEmpty ? next : " "))
            || lead.isEmpty && marker(before) || trail.isEmpty && nextEmphasised
        var inner = escaped
        if format.superscript { inner = "<sup>" + inner + "</sup>" }
        if format.subscript { inner = "<sub>" + inner + "</sub>" }
        if format.strike { inner = useHTML ? "<del>" + inner + "</del>" : "~~" + inner + "~~" }
        if format.italic { inner = useHTML ? "<em>" + inner + "</em>" : "*" + inner + "*" }
        if format.bold { inner = useHTML ? "<strong>" + inner + "</strong>" : "**" + inner + "**" }
        return lead + inner + trail
    }
}
