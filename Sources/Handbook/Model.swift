/// A folder of the content tree: a category of SOPs.
public struct Category: Sendable, Hashable {
    /// Folder path relative to the content folder; "" for the root.
    public var path: String
    public var title: String
    public var summary: String = ""
    public var order: Int?
    /// URL slug, unique across categories (the folder path, slugged).
    public var slug: String
    /// Parent folder path, nil for the root.
    public var parent: String? {
        if path.isEmpty { return nil }
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}

/// How much harm breaking a policy does; used to weight errors in reports.
public enum HarmLevel: String, Sendable, Hashable, CaseIterable, Comparable {
    case low, medium, high, critical
    public static func < (a: HarmLevel, b: HarmLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A section of a page: an H2 or H3 (or deeper) with its anchor.
public struct Section: Sendable, Hashable {
    public var level: Int
    public var title: String
    public var anchor: String
    public var line: Int
    /// The policy code this section defines, if its heading starts with one.
    public var code: String?
    /// The policy name after the code, e.g. "Counterfeit branded goods".
    public var codeName: String?
    public var harm: HarmLevel?
    /// Markets the section is limited to (`{markets=ID,TH}`); empty means all of the page's.
    public var markets: [String] = []

    public init(level: Int, title: String, anchor: String, line: Int) {
        self.level = level; self.title = title; self.anchor = anchor; self.line = line
    }
}

/// A link written in a page, resolved against the content tree.
public struct ResolvedLink: Sendable, Hashable {
    /// What a link points to.
    public enum Target: Sendable, Hashable {
        case external
        case inPage(anchor: String)
        case page(path: String, anchor: String?)
        case asset(path: String)
        /// A folder of the content holding pages: its category page (`category/<slug>.html`).
        case category(folder: String)
        case siteAbsolute
        case missingPage(path: String)
        case unresolved
    }
    public var url: String
    public var line: Int
    public var column: Int
    public var target: Target

    public init(url: String, line: Int, column: Int, target: Target) {
        self.url = url; self.line = line; self.column = column; self.target = target
    }
}

/// Everything known about a page except its rendered HTML; cheap to keep for every page.
/// A class so the many lists a site is built from share one copy of each page.
public final class PageSummary: Sendable {
    /// Source path relative to the content folder.
    public let path: String
    /// Category folder path ("" for the root).
    public let category: String
    public let meta: PageMetadata
    /// The resolved title: front matter, else first H1, else the id.
    public let title: String
    public let sections: [Section]
    /// Link targets other than the sections' anchors: ids set by attribute lists in the text
    /// (`**Term**{ #term }`) and the former anchors of headings the page still carries.
    public let extraAnchors: [String]
    /// Ids the page's title carries: the anchor (and other tools' forms of it) of the H1 that
    /// opened the text and became the title; empty when the title came from elsewhere.
    public let titleAnchors: [String]
    public let links: [ResolvedLink]
    /// Problems found in this page alone (global checks are added by the loader).
    public let diagnostics: [Diagnostic]
    /// Fingerprint of the source bytes.
    public let sourceHash: UInt64
    public let size: Int
    public let modified: Int64

    public init(path: String, category: String, meta: PageMetadata, title: String, sections: [Section], extraAnchors: [String] = [],
                titleAnchors: [String] = [], links: [ResolvedLink], diagnostics: [Diagnostic], sourceHash: UInt64, size: Int, modified: Int64) {
        self.titleAnchors = titleAnchors
        self.path = path; self.category = category; self.meta = meta; self.title = title; self.sections = sections
        self.extraAnchors = extraAnchors; self.links = links; self.diagnostics = diagnostics; self.sourceHash = sourceHash; self.size = size; self.modified = modified
    }

    /// Whether `anchor` is a link target of the page: a section's anchor or an extra one.
    public func hasAnchor(_ anchor: String) -> Bool {
        sections.contains { $0.anchor == anchor } || extraAnchors.contains(anchor) || titleAnchors.contains(anchor)
    }

    /// Whether the page appears in a site built with or without drafts.
    public func isPublished(includeDrafts: Bool) -> Bool {
        meta.status == .published || includeDrafts
    }
}

/// A page with its rendered body.
public struct RenderedPage: Sendable {
    /// Everything known about the page but its HTML.
    public var summary: PageSummary
    /// The body HTML (without the template around it).
    public var html: String
    /// The HTML of each section from its heading to the next heading of the same or a
    /// higher level, keyed by anchor; used for policy code pages.
    public var sectionHTML: [String: String]
    /// Plain text of each H2/H3 section (deeper headings folded into it), keyed by anchor,
    /// and of the introduction before the first section under "". Used for search.
    public var sectionText: [String: String] = [:]
    /// False when the source could not be split into front matter and body, so the page has
    /// no sections: links and references to it fail only because of that.
    public var sourceLoaded = true
}

/// A policy code and the section that defines it.
public struct PolicyCode: Sendable, Hashable {
    public var code: String
    public var name: String
    public var harm: HarmLevel?
    public var pageID: String
    public var pagePath: String
    public var anchor: String
    public var markets: [String]
    public var line: Int
}
