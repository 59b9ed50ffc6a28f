import Handbook

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
        let summary = page.summary
        var sections: [Section] = []
        let intro = page.sectionText[""] ?? ""
        if !WordDiff.words(intro).isEmpty {
            sections.append(Section(anchor: "", title: "Introduction", level: 1, code: nil, harm: nil, text: intro))
        }
        for s in summary.sections where s.level <= 3 {
            sections.append(Section(anchor: s.anchor, title: s.title, level: s.level, code: s.code, harm: s.harm,
                                    text: page.sectionText[s.anchor] ?? ""))
        }
        let codes = summary.sections.filter { $0.code != nil }.map {
            Section(anchor: $0.anchor, title: $0.title, level: $0.level, code: $0.code, harm: $0.harm, text: "")
        }
        return PageOutline(version: summary.meta.version, title: summary.title, sections: sections, codes: codes)
    }
}
