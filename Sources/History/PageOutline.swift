import Handbook
#if canImport(Glibc)
import Glibc
#endif

/// A page version cut into the sections a diff compares: the introduction, then each H2 and
/// H3 with its plain text (deeper headings folded into their section, as search does).
public struct PageOutline: Sendable, Hashable {
    /// One section of a page version.
    public struct Section: Sendable, Hashable {
        /// The anchor ("" for the introduction before the first heading).
        public var anchor: String
        public var title: String
        public var level: Int
        /// The policy code the heading defines, if any.
        public var code: String?
        public var harm: HarmLevel?
        /// The section's plain text, without its heading.
        public var text: String
    }

    /// The `version` front matter value.
    public var version: String
    public var title: String
    public var sections: [Section]
    /// Every policy code defined in the page (headings of any level), in document order.
    public var codes: [Section]

    /// Parses a page version with Handbook's own parsers (front matter, Markdown, anchors,
    /// policy code headings), without rendering its HTML or resolving its links. Throws when the text is not a readable page.
    public static func parse(_ bytes: [UInt8], path: String, version label: String) throws(HistoryError) -> PageOutline {
        let source: SourceText
        do { source = try SourceText.read(bytes, file: path) } catch {
            throw HistoryError.unreadable(file: path, version: label, detail: error.description)
        }
        let page = PageRenderer.render(path: path, category: "", file: nil, bytes: bytes,
                                       resolver: LinkResolver(pageIDs: [:], assets: []),
                                       parsed: .success(source), searchText: true, bodyHTML: false)
        return outline(page)
    }

    /// As `parse`, without reading the front matter, for a caller that knows the version
    /// label and the title to give the outline (a site build's diff pages show the page's
    /// current title): the front matter is the part of a page that costs most to read
    /// (YAML, then the metadata checks) and a section diff needs none of it. The body is cut
    /// where Handbook's reader cuts it (the line after the opening `---` that is `---`,
    /// `---` followed by spaces or tabs, or `...`); any page that is not that plain case
    /// (no YAML front matter, Windows line endings, a NUL byte, bytes that are not UTF-8, a
    /// body that itself opens like front matter) is parsed in full with `parse`.
    public static func parseBody(_ bytes: [UInt8], path: String, version label: String, title: String) throws(HistoryError) -> PageOutline {
        var outline: PageOutline
        if let body = plainBody(bytes) {
            let source: SourceText
            do { source = try SourceText.read(Array(bytes[body...]), file: path) } catch {
                throw HistoryError.unreadable(file: path, version: label, detail: error.description)
            }
            let id = PageRenderer.defaultPageID(for: path)
            let page = PageRenderer.render(path: path, category: "", file: nil, bytes: [],
                                           resolver: LinkResolver(pageIDs: [:], assets: []),
                                           parsed: .success(source), meta: (PageMetadata(id: id), []),
                                           searchText: true, bodyHTML: false, defaultID: id)
            outline = Self.outline(page)
        } else {
            outline = try parse(bytes, path: path, version: label)
        }
        outline.version = label
        outline.title = title
        return outline
    }

    /// The outline of a committed version of a page, which cannot be fixed any more: as
    /// `parse` (`parseBody` with a `title`) when it is a readable page; otherwise (bytes that
    /// are not UTF-8, a NUL byte, front matter that is not closed or not YAML, all things a
    /// later version may have fixed) its body is read with those bytes replaced (U+FFFD) or
    /// dropped and without the front matter, so the diffs from and to it still show what
    /// changed rather than stopping every build.
    public static func parseCommitted(_ bytes: [UInt8], path: String, version label: String, title: String?) -> PageOutline {
        if let title {
            if let outline = try? parseBody(bytes, path: path, version: label, title: title) { return outline }
        } else if let outline = try? parse(bytes, path: path, version: label) {
            return outline
        }
        var text = String(decoding: bytes.filter { $0 != 0 }, as: UTF8.self)
        if text.contains("\r\n") { text = text.replacingOccurrences(of: "\r\n", with: "\n") }
        let utf8 = Array(text.utf8)
        var body = utf8[...]
        var front: [UInt8] = []
        let start = utf8.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if utf8[start...].starts(with: Array("---".utf8)) || utf8[start...].starts(with: Array("+++".utf8)) {
            // Closed: the body after it. Never closed: all of it is front matter.
            let end = VersionHistory.frontMatterEnd(utf8) ?? utf8.count
            front = Array(utf8[..<end])
            body = utf8[end...]
        }
        // A blank line first: a body that opens like front matter stays body.
        guard let source = try? SourceText.read([10] + Array(body), file: path) else {
            return PageOutline(version: label, title: title ?? "", sections: [], codes: [])
        }
        let page = PageRenderer.render(path: path, category: "", file: nil, bytes: [],
                                       resolver: LinkResolver(pageIDs: [:], assets: []),
                                       parsed: .success(source), meta: (PageMetadata(id: PageRenderer.defaultPageID(for: path)), []),
                                       searchText: true, bodyHTML: false)
        var outline = Self.outline(page)
        outline.version = label
        outline.title = title ?? VersionHistory.frontMatterLine("title", in: front)
        return outline
    }

    /// Where the body of a page with plain YAML front matter starts (see `parseBody`), or nil.
    ///
    /// Speed: the bytes are searched with `memchr` (NUL, CR, the ends of the front matter's
    /// lines); scanned byte by byte in Swift this was a tenth of parsing an old version's body.
    static func plainBody(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            let count = buffer.count
            let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            guard buffer[start...].starts(with: "---\n".utf8), memchr(base, 0, count) == nil, memchr(base, 13, count) == nil else { return nil }
            /// The end of the line starting at `from` (its LF, or `count`).
            func lineEnd(_ from: Int) -> Int {
                guard from < count, let hit = memchr(base + from, 10, count - from) else { return count }
                return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            var lineStart = start + 4
            while lineStart < count {
                let end = lineEnd(lineStart)
                var trimmedEnd = end
                while trimmedEnd > lineStart, buffer[trimmedEnd - 1] == 32 || buffer[trimmedEnd - 1] == 9 { trimmedEnd -= 1 }
                let line = buffer[lineStart..<end], trimmed = buffer[lineStart..<trimmedEnd]
                if line.elementsEqual("...".utf8) || trimmed.elementsEqual("---".utf8) {
                    guard String(validating: buffer[start..<lineStart], as: UTF8.self) != nil else { return nil }
                    let body = min(end + 1, count)
                    let rest = buffer[body...]
                    // A body that opens with a BOM or a fence would be read as something else on its own.
                    if rest.starts(with: [0xEF, 0xBB, 0xBF]) || rest.starts(with: "---".utf8) || rest.starts(with: "+++".utf8) { return nil }
                    return body
                }
                lineStart = end + 1
            }
            return nil
        }
    }

    /// The outline of a page Handbook has already rendered with its section text (a site
    /// build renders the current version of every page): the same as `parse` of the bytes it
    /// was rendered from, without parsing them again. Nil when it was rendered without
    /// section text (a build without the search index) or could not be read.
    public static func outline(of page: RenderedPage) -> PageOutline? {
        guard page.sourceLoaded, page.sectionText[""] != nil else { return nil }
        return outline(page)
    }

    /// A relative link as the shortest path from the page's folder to where it leads, its
    /// `%XX` decoded: `beta.md`, `./beta.md` and `../policies/beta.md` from `policies/x.md`
    /// lead to one page, and a link rewritten so is no change of the rule. Other links (with
    /// a scheme, site-absolute, to a section of the page) are compared as written.
    static func canonicalTarget(_ url: String, from path: String) -> String {
        guard !url.isEmpty, !url.hasPrefix("#"), !url.hasPrefix("/"), !url.contains(":") else { return url }
        // Speed: a name in the page's own folder, as most links are (`beta.md#scope`), is its
        // own shortest path (3% of a full build's CPU with history went to splitting paths).
        if !url.utf8.contains(where: { $0 == 0x2F || $0 == 0x25 }), url.first != "." { return url }
        var address = Substring(url), fragment = Substring("")
        if let cut = address.firstIndex(where: { $0 == "#" || $0 == "?" }) { fragment = address[cut...]; address = address[..<cut] }
        let decoded = address.removingPercentEncoding ?? String(address)
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
        var parts = folder
        for part in decoded.split(separator: "/", omittingEmptySubsequences: false).map(String.init) {
            switch part {
            case ".", "": continue
            case "..": if let last = parts.last, last != "..", !last.isEmpty { parts.removeLast() } else { parts.append("..") }
            default: parts.append(part)
            }
        }
        // Relative to the page's folder again: the common start dropped, a `..` per folder left.
        var common = 0
        while common < folder.count, common < parts.count, folder[common] == parts[common] { common += 1 }
        let relative = Array(repeating: "..", count: folder.count - common) + parts[common...]
        return relative.joined(separator: "/") + fragment
    }

    private static func outline(_ page: RenderedPage) -> PageOutline {
        let summary = page.summary
        var sections: [Section] = []
        // Where each section's links and images lead, after its words: a version that only
        // sends a case elsewhere (another form, another section, another decision chart) did
        // change the rule, and was "No changes" when only words were compared.
        let outlined = summary.sections.filter { $0.level <= 3 }
        var targets: [String: [String]] = [:]
        for link in summary.links {
            let section = outlined.last { $0.line <= link.line }?.anchor ?? ""
            targets[section, default: []].append(canonicalTarget(link.url, from: summary.path))
        }
        func text(_ anchor: String) -> String {
            let words = page.sectionText[anchor] ?? ""
            guard let list = targets[anchor] else { return words }
            return words + (words.isEmpty ? "" : " ") + list.map { "→ " + $0 }.joined(separator: " ")
        }
        let intro = text("")
        if WordDiff.hasWords(intro) {
            sections.append(Section(anchor: "", title: "Introduction", level: 1, code: nil, harm: nil, text: intro))
        }
        for s in outlined {
            sections.append(Section(anchor: s.anchor, title: s.title, level: s.level, code: s.code, harm: s.harm,
                                    text: text(s.anchor)))
        }
        let codes = summary.sections.filter { $0.code != nil }.map {
            Section(anchor: $0.anchor, title: $0.title, level: $0.level, code: $0.code, harm: $0.harm, text: "")
        }
        return PageOutline(version: summary.meta.version, title: summary.title, sections: sections, codes: codes)
    }
}
