import Foundation

/// Pictures written into a page as `data:` addresses. Google Docs' Markdown download writes
/// every picture of a document that way (`![][image1]` in the text, `[image1]:
/// <data:image/png;base64,...>` at the end), as Word converters do (Mammoth's `<img
/// src="data:...">`, pandoc's embedded resources) and editors that paste a screenshot
/// (`![](data:image/png;base64,...)`). Such a page is megabytes of base64 no trainer can edit,
/// and its pictures never reach the site's media: the import writes each one to a file
/// beside the page (`images/<page>-<label>.png`) and links that instead.
enum EmbeddedPictures {
    /// One picture to write: its file name (in the `images/` folder beside the page) and bytes.
    struct Picture: Equatable {
        var file: String
        var bytes: [UInt8]
    }

    struct Problem: Equatable {
        /// 1-based line of the body.
        var line: Int
        var message: String
    }

    struct Result {
        var text: String
        /// Each distinct picture once, in the order the page first uses them.
        var pictures: [Picture] = []
        var problems: [Problem] = []
        /// Pictures of the page shown with no description (`![][image1]`, `![](...)`).
        var undescribed = 0
    }

    /// The folder, beside the page, the pictures are written to.
    static let folder = "images"

    /// Whether `body` may hold one (the common case is a page with none: nothing is split).
    static func has(_ body: String) -> Bool { SourceText.has("data:image/", in: body) }

    /// The formats a picture is written as, known by its first bytes (never by the type the
    /// address declares). SVG is not among them: a script can hide in it.
    static func format(of bytes: [UInt8]) -> String? {
        func starts(_ sig: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + sig.count && Array(bytes[offset..<offset + sig.count]) == sig
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "jpg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "gif" }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return "webp" }
        return nil
    }

    /// Where a `data:` address starts in a line, and what ends it.
    private static let openers: [(open: String, close: Character?)] = [
        ("](<", ">"), ("](", ")"), ("]: <", ">"), ("]:<", ">"), ("]: ", nil), ("]:", nil),
        ("src=\"", "\""), ("src='", "'"), ("href=\"", "\""), ("href='", "'"),
    ]

    /// `body` with every picture written as a `data:` address outside code replaced by
    /// `images/<stem>-<name>.<ext>` (`name` the reference's label, `image1`, else
    /// `picture-N`, numbered on when `taken` says a file of that name exists); the same picture
    /// twice is one file. An address that is not base64 of a
    /// PNG, JPEG, GIF or WebP picture is left as it was, with a problem naming its line.
    static func extract(_ body: String, stem: String, taken: (String) -> Bool = { _ in false }) -> Result {
        guard has(body) else { return Result(text: body) }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let code = CodeFences.codeLines(lines)
        var result = Result(text: body)
        var fileOf: [[UInt8]: String] = [:]
        var used = Set<String>()
        var unnamed = 0
        for i in lines.indices where !code[i] && lines[i].contains("data:") {
            var line = lines[i]
            var from = line.startIndex
            // A reference definition's destination follows the line's first `]:` only; a closing
            // character not found after one place is not found after a later one either (a
            // line of 200,000 `](data:` with no `)` was scanned to its end from each).
            let definition = line.drop { $0 == " " }.hasPrefix("[") ? line.range(of: "]:")?.lowerBound : nil
            var missing = Set<Character>()
            while let at = line.range(of: "data:", range: from..<line.endIndex) {
                from = at.upperBound
                let before = line[..<at.lowerBound]
                guard let opener = openers.first(where: { before.hasSuffix($0.open) }) else { continue }
                if opener.open.hasPrefix("]:") {
                    guard let definition, line.index(at.lowerBound, offsetBy: -opener.open.count) == definition else { continue }
                }
                if let c = opener.close, missing.contains(c) { continue }
                let rest = line[at.lowerBound...]
                let end: String.Index
                if let c = opener.close {
                    guard let found = rest.firstIndex(of: c) else { missing.insert(c); continue }
                    end = found
                } else {
                    end = rest.firstIndex { $0 == " " || $0 == "\t" } ?? rest.endIndex
                }
                let address = String(rest[..<end])
                guard let comma = address.firstIndex(of: ",") else { continue }
                let header = address[address.index(address.startIndex, offsetBy: 5)..<comma].lowercased()
                guard header.hasPrefix("image/") else { continue }
                let payload = address[address.index(after: comma)...]
                var bytes: [UInt8]?
                if header.split(separator: ";").last == "base64" {
                    bytes = Data(base64Encoded: String(payload), options: .ignoreUnknownCharacters).map { [UInt8]($0) }
                } else {
                    bytes = String(payload).removingPercentEncoding.map { Array($0.utf8) }
                }
                guard let bytes, !bytes.isEmpty else {
                    result.problems.append(Problem(line: i + 1, message: "a picture written as a data: address could not be decoded; left as it was: save the picture as a file and link it"))
                    continue
                }
                guard let ext = format(of: bytes) else {
                    let what = header.hasPrefix("image/svg") ? "an SVG picture (SVG can carry scripts)" : "not a PNG, JPEG, GIF or WebP picture"
                    result.problems.append(Problem(line: i + 1, message: "a picture written as a data: address is \(what); left as it was: export it as PNG and link the file"))
                    continue
                }
                let file: String
                if let known = fileOf[bytes] {
                    file = known
                } else {
                    // A reference definition is named by its label (Google Docs' `image1`).
                    var name = ""
                    if opener.open.hasPrefix("]:"), let open = before.firstIndex(of: "[") {
                        let label = before[before.index(after: open)...].dropLast(opener.open.count)
                        name = Slug.make(String(label))
                    }
                    if name.isEmpty { unnamed += 1; name = "picture-\(unnamed)" }
                    var candidate = (stem.isEmpty ? "" : stem + "-") + name
                    var n = 2
                    while used.contains(candidate + "." + ext) || taken(candidate + "." + ext) { candidate = (stem.isEmpty ? "" : stem + "-") + name + "-\(n)"; n += 1 }
                    file = candidate + "." + ext
                    used.insert(file)
                    fileOf[bytes] = file
                    result.pictures.append(Picture(file: file, bytes: bytes))
                }
                let link = folder + "/" + file
                line.replaceSubrange(at.lowerBound..<end, with: link)
                from = line.index(at.lowerBound, offsetBy: link.count)
            }
            lines[i] = line
        }
        guard !result.pictures.isEmpty || !result.problems.isEmpty else { return result }
        result.text = lines.joined(separator: "\n")
        for i in lines.indices where !code[i] {
            result.undescribed += lines[i].components(separatedBy: "![](").count - 1 + lines[i].components(separatedBy: "![][").count - 1
        }
        return result
    }
}

extension Importer {
    /// `body` of page `f` with its `data:` pictures (`EmbeddedPictures`) linked as files in
    /// `images/` beside the page's destination; the files are written with the page
    /// (`pendingPictures`), never over a file of the corpus.
    mutating func extractingEmbeddedPictures(_ body: String, file f: String, firstLine: Int) -> String {
        guard EmbeddedPictures.has(body) else { return body }
        let out = pagePaths[f] ?? Self.destinationPath(f)
        let folder = PathText.parent(of: out)
        let prefix = (folder.isEmpty ? "" : folder + "/") + EmbeddedPictures.folder + "/"
        let stem = Slug.make(((out as NSString).lastPathComponent as NSString).deletingPathExtension)
        let taken = Set(assetPaths.map { assetMoves[$0] ?? $0 })
        let r = EmbeddedPictures.extract(body, stem: stem) { taken.contains(prefix + $0) }
        for p in r.problems { report.notes.append("\(f):\(firstLine + p.line - 1): \(p.message)") }
        pendingPictures = r.pictures.map { (prefix + $0.file, $0.bytes) }
        if !r.pictures.isEmpty { embeddedPictures.undescribed += r.undescribed }
        return r.text
    }
}

/// What a word processor's Markdown download (Google Docs', and converters of Word files)
/// leaves in a page that a handbook page should not have:
/// - headings with no text (an empty paragraph styled as a heading in the document), which
///   the site would show as empty headings screen readers announce;
/// - headings wholly in bold (`## **1\. When a listing is counterfeit**`: Google Docs writes
///   a bold heading style so), bold inside a heading that is bold already;
/// - links to a heading of the document by Google Docs' own id (`[Bugs](\#heading=h.s045t7da0oww)`,
///   from the document's table of contents), which no export keeps: each leads to the
///   heading of the page whose text is the link's text, when exactly one is.
enum DocumentExportCleanup {
    struct Counts: Equatable {
        var emptyHeadings = 0
        var boldHeadings = 0
        var headingLinks = 0
        var isEmpty: Bool { emptyHeadings + boldHeadings + headingLinks == 0 }

        static func += (a: inout Counts, b: Counts) {
            a.emptyHeadings += b.emptyHeadings
            a.boldHeadings += b.boldHeadings
            a.headingLinks += b.headingLinks
        }
    }

    static func clean(_ body: String, file: String) -> (text: String, counts: Counts) {
        guard mayApply(body) else { return (body, Counts()) }
        let parsed = Markdown.render(body, firstLine: 1, dropLeadingH1: false, collectText: false, renderHTML: false,
                                     anchors: { $0.map { _ in "" } }, rewriteURL: { _ in .keep })
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var counts = Counts()
        var kept: [MarkdownHeading] = []
        for h in parsed.headings where !h.inHTML && h.line >= 1 && h.line <= lines.count {
            let line = lines[h.line - 1]
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("#") else { kept.append(h); continue }
            let hashes = trimmed.prefix { $0 == "#" }
            let rest = trimmed.dropFirst(hashes.count)
            if rest.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "#" }), h.text.trimmingCharacters(in: .whitespaces).isEmpty {
                lines[h.line - 1] = ""
                counts.emptyHeadings += 1
                continue
            }
            kept.append(h)
            // `**text**` as the whole heading (an attribute block after it kept).
            var content = Substring(rest.drop { $0 == " " || $0 == "\t" })
            var attributes = ""
            if content.hasSuffix("}"), let brace = content.lastIndex(of: "{"), content[..<brace].hasSuffix(" ") {
                attributes = " " + content[brace...]
                content = content[..<brace]
            }
            while content.hasSuffix(" ") || content.hasSuffix("\t") { content = content.dropLast() }
            for mark in ["**", "__"] where content.count > 4 && content.hasPrefix(mark) && content.hasSuffix(mark) {
                let inner = content.dropFirst(2).dropLast(2)
                guard !inner.contains(mark), inner.first != " ", inner.last != " " else { continue }
                lines[h.line - 1] = String(line[..<rest.startIndex]) + " " + inner + attributes
                counts.boldHeadings += 1
                break
            }
        }
        // Google Docs' heading ids, led to the heading whose text is the link's.
        if body.contains("heading=h.") {
            var ignored: [Diagnostic] = []
            let anchors = PageRenderer.assignAnchors(kept, file: file, diagnostics: &ignored).1
            func key(_ s: some StringProtocol) -> String {
                s.lowercased().filter { $0.isLetter || $0.isNumber }
            }
            var byText: [String: [String]] = [:]
            for (h, a) in zip(kept, anchors) { byText[key(h.text), default: []].append(a) }
            for link in parsed.links where link.url.hasPrefix("#heading=h.") && link.line >= 1 && link.line <= lines.count {
                let id = link.url.dropFirst()
                var line = lines[link.line - 1]
                for written in ["](\\#" + id + ")", "](#" + id + ")"] {
                    guard let r = line.range(of: written) else { continue }
                    // The link's text: back from `](` to its opening bracket.
                    var depth = 0
                    var open: String.Index?
                    var i = r.lowerBound
                    while i > line.startIndex {
                        i = line.index(before: i)
                        if line[i] == "]" { depth += 1 } else if line[i] == "[" {
                            if depth == 0 { open = i; break }
                            depth -= 1
                        }
                    }
                    guard let open, let found = byText[key(line[line.index(after: open)..<r.lowerBound])], found.count == 1 else { break }
                    line.replaceSubrange(r, with: "](#" + found[0] + ")")
                    lines[link.line - 1] = line
                    counts.headingLinks += 1
                    break
                }
            }
        }
        return counts.isEmpty ? (body, counts) : (lines.joined(separator: "\n"), counts)
    }

    /// Whether `clean` may have something to do: a link to a Google Docs heading id, or a line
    /// that starts (after spaces) with `#`s followed by nothing but white space, or by `**` or
    /// `__`. Read byte by byte, so the pages with none (nearly all of a corpus: every page with
    /// a heading held a `#`) are not parsed a second time; it took a sixth of a large import.
    static func mayApply(_ body: String) -> Bool {
        if SourceText.has("heading=h.", in: body) { return true }
        var text = body
        return text.withUTF8 { b in
            let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n"), hash = UInt8(ascii: "#")
            var i = 0
            while i < b.count {
                while i < b.count, b[i] == space { i += 1 }
                if i < b.count, b[i] == hash {
                    while i < b.count, b[i] == hash { i += 1 }
                    var j = i
                    while j < b.count, b[j] == space || b[j] == tab || b[j] == hash { j += 1 }
                    if j == b.count || b[j] == newline { return true }
                    if j + 1 < b.count, j > i, (b[j] == UInt8(ascii: "*") && b[j + 1] == UInt8(ascii: "*")) || (b[j] == UInt8(ascii: "_") && b[j + 1] == UInt8(ascii: "_")) {
                        return true
                    }
                }
                while i < b.count, b[i] != newline { i += 1 }
                i += 1
            }
            return false
        }
    }
}
