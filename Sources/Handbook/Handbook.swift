/// The whole handbook: categories, pages in reading order, policy codes and diagnostics.
public struct Handbook: Sendable {
    /// The content folder it was loaded from.
    public var contentDir: String
    /// Whether draft and retired pages are part of the site.
    public var includeDrafts: Bool
    /// Categories by folder path; the root category has path "".
    public var categories: [String: Category] { didSet { subcategoryPaths = Self.subcategoryIndex(categories) } }
    /// Every Markdown page, in reading order (category order, then page order, then title).
    public var pages: [PageSummary]
    /// Bodies rendered during this load, by source path. Pages reused from a cache are absent.
    public var rendered: [String: RenderedPage]
    /// Policy codes defined by published pages, by code.
    public var codes: [String: PolicyCode]
    /// Non-Markdown files copied to the site.
    public var assets: [ContentFile]
    /// Every problem found, sorted for display.
    public var diagnostics: [Diagnostic]
    /// How links between pages resolve.
    public var resolver: LinkResolver
    /// The settings of `casebook.yml` it was loaded with.
    public var config = HandbookConfig()
    /// Redirect pages for old addresses of published pages (`aliases`, `redirect_from`).
    public var redirects: [Redirect] = []
    /// Query-time synonyms from `_search.yml`.
    public var searchSynonyms = SearchSynonyms()

    /// Pages that appear in the site, in reading order.
    public var publishedPages: [PageSummary] { pages.filter { $0.isPublished(includeDrafts: includeDrafts) } }

    /// Published translations of the page with `id`, by language.
    public func translations(of id: String) -> [PageSummary] { translationIndex[id] ?? [] }

    /// The page with `id`, if any.
    public func page(id: String) -> PageSummary? { pagesByID[id] }

    var pagesByID: [String: PageSummary] = [:]
    var translationIndex: [String: [PageSummary]] = [:]

    /// The categories directly inside the folder `path` ("" for the top ones), unordered.
    /// From an index: a handbook of 1,400 folders (GitLab's) spent 9% of its build finding
    /// each category's children among all the others, once per category page.
    public func subcategories(of path: String) -> [Category] {
        (subcategoryPaths[path] ?? []).compactMap { categories[$0] }
    }

    /// `subcategories(of:)`'s index: paths of categories by their parent's path.
    var subcategoryPaths: [String: [String]] = [:]

    static func subcategoryIndex(_ categories: [String: Category]) -> [String: [String]] {
        var index: [String: [String]] = [:]
        for c in categories.values { if let parent = c.parent { index[parent, default: []].append(c.path) } }
        return index
    }

    /// Categories from the root down to `path`, excluding the root.
    public func categoryChain(_ path: String) -> [Category] {
        var chain: [Category] = []
        var current: String? = path
        while let p = current, !p.isEmpty, let c = categories[p] {
            chain.insert(c, at: 0)
            current = c.parent
        }
        return chain
    }

    /// Renders the body of a page that was reused from a cache.
    public func render(path: String) throws(HandbookError) -> RenderedPage {
        if let page = rendered[path] { return page }
        guard let file = files[path] else { throw HandbookError(file: path, "not part of the handbook") }
        let bytes = try ContentTree.read(file.absolutePath)
        return PageRenderer.render(path: path, category: Self.categoryPath(of: path), file: file, bytes: bytes, resolver: resolver,
                                   defaultID: resolver.pageIDs[path])
    }

    var files: [String: ContentFile] = [:]

    /// Pages whose file could not be read or split into front matter and body, by path: their
    /// sections and codes are unknown, so problems elsewhere may only follow from them.
    public internal(set) var unloadedPages: Set<String> = []

    /// What the checks across pages (link anchors and targets' status, translations) found in
    /// each page, for pages with findings: the next build's loader reuses a page's findings when
    /// neither it nor the pages it links to changed (`Handbook.load`'s `cacheChecks`).
    public internal(set) var linkFindings: [String: [Diagnostic]] = [:]

    static func categoryPath(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}

/// A page summary remembered from an earlier build, with what it was resolved against.
public struct CachedPage: Sendable {
    /// The page as the previous build knew it.
    public var summary: PageSummary
    /// A cached page (the build cache keeps where its record is, so an unchanged page is not written again).
    public init(summary: PageSummary) {
        self.summary = summary
    }
}
