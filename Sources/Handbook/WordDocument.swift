import Foundation

// What a Word document's body needs from its other parts: where its relationship ids point
// (links, pictures, notes), its styles (a heading is a paragraph of style "heading 2", or of
// an outline level; a list item has numbering from its paragraph or from its style), its
// list formats, its notes and its title. See WordPackage for the container.

/// A paragraph or character style of a Word document, with what its `basedOn` chain gives.
struct WordStyle {
    var name = ""
    var basedOn: String?
    /// Outline level 0-8 (a heading 1-9); 9 is body text.
    var outlineLevel: Int?
    var numbering: (id: String, level: Int?)?
    var bold: Bool?
    var italic: Bool?
    var strike: Bool?
    var font: String?
}

/// A Word document's parts, read for conversion to Markdown.
struct WordDocument {
    /// The body (`w:body`).
    let body: XMLNode
    /// Styles by id.
    let styles: [String: WordStyle]
    /// List formats: `w:numId` -> level -> (format, start).
    /// Each list's levels: the number format (`bullet`, `decimal`, ...), the first number and,
    /// for bullets, the character shown (symbol fonts' read as Unicode: `☐` for a checklist).
    let lists: [String: [Int: (format: String, start: Int, bullet: String)]]
    /// The abstract list of each `w:numId`: lists sharing one continue one count, as Word
    /// numbers them (LibreOffice writes a list's first item under a numId of its own).
    let listAbstracts: [String: String]
    /// The levels a `w:numId` restarts at a number (`w:startOverride`), and the number.
    let listRestarts: [String: [Int: Int]]
    /// Relationships of the body: id -> (target, external).
    let relationships: [String: (target: String, external: Bool)]
    /// Footnotes and endnotes by id.
    let footnotes: [String: XMLNode]
    let endnotes: [String: XMLNode]
    /// The relationships of the footnotes' and endnotes' parts ("footnote", "endnote").
    let noteRelationships: [String: [String: (target: String, external: Bool)]]
    /// The headers and footers (their roots, `w:hdr` and `w:ftr`), in the order the body's
    /// relationships name them: read for the document-information fields only.
    let headers: [XMLNode]
    /// `docProps/core.xml`'s title and last modification date (YYYY-MM-DD).
    let title: String?
    let modified: String?
    /// Its Tags (`cp:keywords`: `Counterfeit; Listings`) and Comments (`dc:description`), as
    /// Word's File > Info shows them.
    let keywords: [String]
    let description: String?
    /// Where the parts are read from (the pictures, when the page is written).
    let package: any WordParts

    init(_ package: any WordParts) throws(WordPackageError) {
        self.package = package
        // The body's part is the package's officeDocument relationship (word/document.xml as a rule).
        var main = "word/document.xml"
        if let rels = try package.xml("_rels/.rels") {
            for r in rels.children where r.name == "Relationship" {
                if let type = r["Type"], type.hasSuffix("/officeDocument"), let target = r["Target"] {
                    main = Self.resolve(target, from: "")
                }
            }
        }
        guard let document = try package.xml(main) else {
            throw WordPackageError(description: "no \(main) inside: not a Word document (a .docx from another program?); save it from Word as a .docx")
        }
        guard let body = document.children.first(where: { $0.isWord("body") }) else {
            throw WordPackageError(description: "\(main) has no body (w:body): not a Word document")
        }
        self.body = body
        var parts: [String: String] = [:]
        var headerParts: [String] = []
        let relationships = try Self.relationships(of: main, in: package) { type, target in
            let kind = String(type.split(separator: "/").last ?? "")
            parts[kind] = target
            if kind == "header" || kind == "footer" { headerParts.append(target) }
        }
        self.relationships = relationships
        styles = try parts["styles"].flatMap { path throws(WordPackageError) in try package.xml(path) }.map(Self.styles) ?? [:]
        let numbering = try parts["numbering"].flatMap { path throws(WordPackageError) in try package.xml(path) }
        lists = numbering.map(Self.lists) ?? [:]
        var abstracts: [String: String] = [:], restarts: [String: [Int: Int]] = [:]
        for n in numbering?.children ?? [] where n.isWord("num") {
            guard let id = n["numId"], let a = n.child("abstractNumId")?["val"] else { continue }
            abstracts[id] = a
            for o in n.children where o.isWord("lvlOverride") {
                if let level = o["ilvl"].flatMap({ Int($0) }), let start = o.child("startOverride")?["val"].flatMap({ Int($0) }) {
                    restarts[id, default: [:]][level] = start
                }
            }
        }
        listAbstracts = abstracts
        listRestarts = restarts
        footnotes = try parts["footnotes"].flatMap { path throws(WordPackageError) in try package.xml(path) }.map { Self.notes($0, "footnote") } ?? [:]
        endnotes = try parts["endnotes"].flatMap { path throws(WordPackageError) in try package.xml(path) }.map { Self.notes($0, "endnote") } ?? [:]
        // Notes have relationships of their own (a link in a footnote).
        var noteRelationships: [String: [String: (target: String, external: Bool)]] = [:]
        for kind in ["footnote", "endnote"] {
            guard let path = parts[kind + "s"] else { continue }
            noteRelationships[kind] = try Self.relationships(of: path, in: package) { _, _ in }
        }
        self.noteRelationships = noteRelationships
        // At most a section's three headers and three footers are looked at, sorted (the
        // relationships' order is a dictionary's); a part that cannot be read is passed over.
        headers = headerParts.sorted().prefix(6).compactMap { path in (try? package.xml(path)) ?? nil }
        // docProps/core.xml: the title and the date; its creator and last editor are
        // people's names, never copied.
        let core = try package.xml("docProps/core.xml")
        let title = core?.children.first { $0.name == "title" }?.allText.trimmingCharacters(in: .whitespacesAndNewlines)
        self.title = title?.isEmpty == false ? title : nil
        var keywords: [String] = []
        for k in (core?.children.first { $0.name == "keywords" }?.allText ?? "").split(whereSeparator: { $0 == ";" || $0 == "," || $0 == "\n" }) {
            let tag = k.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if !tag.isEmpty, tag.count <= 60, !keywords.contains(tag), keywords.count < 20 { keywords.append(tag) }
        }
        self.keywords = keywords
        let description = core?.children.first { $0.name == "description" }?.allText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        self.description = description?.isEmpty == false ? description : nil
        let modified = core?.children.first { $0.name == "modified" }?.allText.trimmingCharacters(in: .whitespacesAndNewlines)
        if let modified, modified.count >= 10, case let day = String(modified.prefix(10)), day.range(of: #"^[12][0-9]{3}-[01][0-9]-[0-3][0-9]$"#, options: .regularExpression) != nil, !day.hasPrefix("1601") {
            self.modified = day
        } else {
            self.modified = nil
        }
    }

    /// The relationships of the part at `path` (`word/_rels/document.xml.rels` for
    /// `word/document.xml`): id -> target (a path inside the container, or an address when
    /// external). `part` is told each internal target's type and path.
    private static func relationships(of path: String, in package: any WordParts,
                                      part: (String, String) -> Void) throws(WordPackageError) -> [String: (target: String, external: Bool)] {
        let partFolder = PathText.parent(of: path)
        let relsPath = (partFolder == path ? "" : partFolder + "/") + "_rels/" + (path as NSString).lastPathComponent + ".rels"
        var out: [String: (target: String, external: Bool)] = [:]
        guard let rels = try package.xml(relsPath) else { return out }
        for r in rels.children where r.name == "Relationship" {
            guard let id = r["Id"], let target = r["Target"] else { continue }
            let external = r["TargetMode"] == "External"
            let resolved = external ? target : resolve(target, from: partFolder == path ? "" : partFolder)
            out[id] = (resolved, external)
            if let type = r["Type"], !external { part(type, resolved) }
        }
        return out
    }

    /// A relationship's target as a path inside the container: relative to the part's folder,
    /// or from the container's top when it starts with `/`; `..` resolved, never above the top.
    static func resolve(_ target: String, from folder: String) -> String {
        let decoded = target.removingPercentEncoding ?? target
        var parts: [Substring] = decoded.hasPrefix("/") ? [] : folder.split(separator: "/")
        for p in decoded.split(separator: "/") {
            if p == "." || p.isEmpty { continue }
            if p == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(p)
        }
        return parts.joined(separator: "/")
    }

    /// The resolved style `id` (its `basedOn` chain merged, nearer styles winning).
    func style(_ id: String?) -> WordStyle {
        var out = WordStyle()
        var seen = Set<String>()
        var next = id
        var first = true
        while let current = next, !seen.contains(current), seen.count < 16, let s = styles[current] {
            seen.insert(current)
            if first { out.name = s.name; first = false }
            if out.outlineLevel == nil { out.outlineLevel = s.outlineLevel }
            if out.numbering == nil { out.numbering = s.numbering }
            if out.bold == nil { out.bold = s.bold }
            if out.italic == nil { out.italic = s.italic }
            if out.strike == nil { out.strike = s.strike }
            if out.font == nil { out.font = s.font }
            next = s.basedOn
        }
        return out
    }

    private static func styles(_ root: XMLNode) -> [String: WordStyle] {
        var out: [String: WordStyle] = [:]
        for s in root.children where s.isWord("style") {
            guard let id = s["styleId"] else { continue }
            var style = WordStyle()
            style.name = s.child("name")?["val"] ?? id
            style.basedOn = s.child("basedOn")?["val"]
            if let p = s.child("pPr") {
                style.outlineLevel = p.child("outlineLvl")?["val"].flatMap { Int($0) }
                if let num = p.child("numPr") {
                    style.numbering = (num.child("numId")?["val"] ?? "0", num.child("ilvl")?["val"].flatMap { Int($0) })
                }
            }
            if let r = s.child("rPr") {
                style.bold = XMLNode.isOn(r.child("b"))
                style.italic = XMLNode.isOn(r.child("i"))
                style.strike = XMLNode.isOn(r.child("strike"))
                style.font = r.child("rFonts")?["ascii"]
            }
            out[id] = style
        }
        return out
    }

    private static func lists(_ root: XMLNode) -> [String: [Int: (format: String, start: Int, bullet: String)]] {
        func bullet(_ l: XMLNode) -> String {
            WordSymbols.text(l.child("lvlText")?["val"] ?? "", font: l.child("rPr")?.child("rFonts")?["ascii"])
        }
        var abstract: [String: [Int: (String, Int, String)]] = [:]
        for a in root.children where a.isWord("abstractNum") {
            guard let id = a["abstractNumId"] else { continue }
            var levels: [Int: (String, Int, String)] = [:]
            for l in a.children where l.isWord("lvl") {
                guard let level = l["ilvl"].flatMap({ Int($0) }) else { continue }
                levels[level] = (l.child("numFmt")?["val"] ?? "decimal", l.child("start")?["val"].flatMap { Int($0) } ?? 1, bullet(l))
            }
            abstract[id] = levels
        }
        var out: [String: [Int: (format: String, start: Int, bullet: String)]] = [:]
        for n in root.children where n.isWord("num") {
            guard let id = n["numId"], let a = n.child("abstractNumId")?["val"] else { continue }
            var levels = abstract[a] ?? [:]
            for o in n.children where o.isWord("lvlOverride") {
                guard let level = o["ilvl"].flatMap({ Int($0) }) else { continue }
                if let start = o.child("startOverride")?["val"].flatMap({ Int($0) }) {
                    levels[level] = (levels[level]?.0 ?? "decimal", start, levels[level]?.2 ?? "")
                }
                if let l = o.child("lvl"), let format = l.child("numFmt")?["val"] {
                    levels[level] = (format, l.child("start")?["val"].flatMap { Int($0) } ?? levels[level]?.1 ?? 1, bullet(l))
                }
            }
            out[id] = levels
        }
        return out
    }

    private static func notes(_ root: XMLNode, _ kind: String) -> [String: XMLNode] {
        var out: [String: XMLNode] = [:]
        for n in root.children where n.isWord(kind) {
            // Separators (the line above the notes) are notes of a type; real notes have none.
            guard let id = n["id"], n["type"] == nil || n["type"] == "normal" else { continue }
            out[id] = n
        }
        return out
    }
}
