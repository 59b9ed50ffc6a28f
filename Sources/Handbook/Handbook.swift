/// The whole handbook: categories, pages in reading order, policy codes and diagnostics.
public struct Handbook: Sendable {
    public var contentDir: String
    public var includeDrafts: Bool
    /// Categories by folder path; the root category has path "".
    public var categories: [String: Category]
    /// Every Markdown page, in reading order (category order, then page order, then title).
    public var pages: [PageSummary]
    /// Bodies rendered during this load, by source path. Pages reused from a cache are absent.
    public var rendered: [String: RenderedPage]
    /// Policy codes defined by published pages, by code.
    public var codes: [String: PolicyCode]
    /// Non-Markdown files copied to the site.
    public var assets: [ContentFile]
    public var diagnostics: [Diagnostic]
    public var resolver: LinkResolver

    /// Pages that appear in the site, in reading order.
    public var publishedPages: [PageSummary] { pages.filter { $0.isPublished(includeDrafts: includeDrafts) } }

    /// Published translations of the page with `id`, by language.
    public func translations(of id: String) -> [PageSummary] { translationIndex[id] ?? [] }

    /// The page with `id`, if any.
    public func page(id: String) -> PageSummary? { pagesByID[id] }

    var pagesByID: [String: PageSummary] = [:]
    var translationIndex: [String: [PageSummary]] = [:]

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
        return PageRenderer.render(path: path, category: Self.categoryPath(of: path), file: file, bytes: bytes, resolver: resolver)
    }

    var files: [String: ContentFile] = [:]

    static func categoryPath(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}

/// A page summary remembered from an earlier build, with what it was resolved against.
public struct CachedPage: Sendable {
    public var summary: PageSummary
    /// The summary as the cache file stored it, so an unchanged page is saved again by copying bytes.
    public var encoded: ArraySlice<UInt8>?
    public init(summary: PageSummary, encoded: ArraySlice<UInt8>? = nil) {
        self.summary = summary
        self.encoded = encoded
    }
}

extension Handbook {
    /// Loads the content folder.
    ///
    /// - `cache`: summaries from the previous build; a page whose file size and modification
    ///   time are unchanged, and whose links resolve the same way, is not read again.
    /// - `cacheResolverFingerprint`: the resolver fingerprint the cache was made with.
    /// - `cacheWrittenAt`: when the cache was written (ns); files modified within a second
    ///   before it are re-read, since their change may share a timestamp with it.
    /// - `searchText`: keep each rendered section's plain text for the search index.
    public static func load(
        content: String, includeDrafts: Bool = false,
        cache: [String: CachedPage] = [:], cacheResolverFingerprint: UInt64? = nil, cacheWrittenAt: Int64 = 0,
        searchText: Bool = true
    ) throws(HandbookError) -> Handbook {
        var trace = Trace()
        let (files, scanDiagnostics) = try ContentTree.scan(content)
        trace.mark("scan")
        var diagnostics = scanDiagnostics
        var filesByPath: [String: ContentFile] = [:]
        for f in files { filesByPath[f.path] = f }

        // Categories: every folder holding pages, with optional _category.yml.
        var categories: [String: Category] = ["": Category(path: "", title: "Handbook", slug: "index")]
        let markdownFiles = files.filter { $0.kind == .markdown }
        for file in markdownFiles {
            var folder = categoryPath(of: file.path)
            while !folder.isEmpty, categories[folder] == nil {
                let name = String(folder.split(separator: "/").last ?? "")
                categories[folder] = Category(path: folder, title: prettyTitle(name), slug: Slug.make(folder).isEmpty ? "category" : Slug.make(folder))
                folder = categoryPath(of: folder)
            }
        }
        for file in files where file.kind == .category {
            let folder = categoryPath(of: file.path)
            guard var category = categories[folder] ?? (folder.isEmpty ? nil : Category(path: folder, title: prettyTitle(folder), slug: Slug.make(folder))) else { continue }
            do throws(HandbookError) {
                let bytes = try ContentTree.read(file.absolutePath)
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw HandbookError(file: file.path, "is not valid UTF-8; re-save it as UTF-8")
                }
                let node: YAMLNode
                do { node = try YAMLSubsetParser.parse(text) } catch {
                    throw HandbookError(file: file.path, line: error.line, column: error.column, error.message)
                }
                if let t = node["title"]?.scalar, !t.isEmpty { category.title = t }
                if let s = node["summary"]?.scalar { category.summary = s }
                if let o = node["order"] {
                    if let n = o.scalar.flatMap({ Int($0) }) { category.order = n } else {
                        diagnostics.append(Diagnostic(.error, file: file.path, line: o.line, column: o.column, "'order' must be a whole number"))
                    }
                }
                categories[folder] = category
            } catch {
                diagnostics += error.diagnostics
            }
        }

        // Phase 1: ids. Unchanged files keep their cached id; others have their front matter read.
        let racyLimit = cacheWrittenAt - 1_000_000_000
        @Sendable func cached(_ file: ContentFile) -> PageSummary? {
            guard let c = cache[file.path]?.summary, c.size == file.size, c.modified == file.modified, file.modified < racyLimit else { return nil }
            return c
        }
        // Which files the cache still describes: a dictionary lookup each, so done in one pass
        // here, and only the rest go to the cores.
        let cachedSummaries = markdownFiles.map { cached($0) }
        let unread = markdownFiles.indices.filter { cachedSummaries[$0] == nil }
        typealias Header = (id: String, status: PageStatus, bytes: [UInt8]?, source: Result<SourceText, HandbookError>?, meta: (PageMetadata, [Diagnostic])?)
        let readHeaders: [Header] = parallelMap(unread) { i in
            let file = markdownFiles[i]
            let defaultID = PageRenderer.defaultPageID(for: file.path)
            guard let bytes = try? ContentTree.read(file.absolutePath) else { return (defaultID, .published, nil, nil, nil) }
            let source = Result { () throws(HandbookError) in try SourceText.read(bytes, file: file.path) }
            guard case .success(let text) = source else { return (defaultID, .published, bytes, source, nil) }
            var metaDiagnostics: [Diagnostic] = []
            let meta = PageMetadata.from(text.frontMatter, defaultID: defaultID, file: file.path, diagnostics: &metaDiagnostics)
            return (meta.id, meta.status, bytes, source, (meta, metaDiagnostics))
        }
        let headers: [Header?] = {
            var all = [Header?](repeating: nil, count: markdownFiles.count)
            for (k, i) in unread.enumerated() { all[i] = readHeaders[k] }
            return all
        }()
        trace.mark("read + front matter")
        var pageIDs: [String: String] = [:]
        var pathsByID: [String: [String]] = [:]
        var hidden = Set<String>()
        pageIDs.reserveCapacity(markdownFiles.count)
        for (i, file) in markdownFiles.enumerated() {
            let id: String, status: PageStatus
            if let c = cachedSummaries[i] { (id, status) = (c.meta.id, c.meta.status) } else { (id, status) = (headers[i]!.id, headers[i]!.status) }
            pageIDs[file.path] = id
            pathsByID[id, default: []].append(file.path)
            if !includeDrafts, status != .published { hidden.insert(file.path) }
        }
        for (id, paths) in pathsByID where paths.count > 1 {
            for path in paths.sorted().dropFirst() {
                diagnostics.append(Diagnostic(.error, file: path, line: 0, column: 0,
                    "duplicate page id '\(id)' (also used by \(paths.sorted()[0])); give one of them its own 'id:' in the front matter"))
            }
        }
        let resolver = LinkResolver(pageIDs: pageIDs, assets: Set(files.filter { $0.kind == .asset }.map(\.path)), hidden: hidden)
        let cacheUsable = cacheResolverFingerprint == resolver.fingerprint
        trace.mark("ids + resolver")

        // Phase 2: render pages that changed (all of them when link resolution changed).
        let toRender = markdownFiles.indices.filter { !(cacheUsable && cachedSummaries[$0] != nil) }
        let outcomes: [(PageSummary, RenderedPage?)] = parallelMap(toRender) { i in
            let file = markdownFiles[i]
            let header = headers[i]
            let bytes: [UInt8]
            do throws(HandbookError) {
                if let alreadyRead = header?.bytes { bytes = alreadyRead } else { bytes = try ContentTree.read(file.absolutePath) }
            } catch {
                let summary = PageSummary(path: file.path, category: categoryPath(of: file.path), meta: PageMetadata(id: resolver.pageIDs[file.path] ?? "page"),
                                          title: file.path, sections: [], links: [], diagnostics: error.diagnostics,
                                          sourceHash: 0, size: file.size, modified: file.modified)
                return (summary, nil)
            }
            let page = PageRenderer.render(path: file.path, category: categoryPath(of: file.path), file: file, bytes: bytes,
                                           resolver: resolver, parsed: header?.source, meta: header?.meta, searchText: searchText)
            return (page.summary, page)
        }
        trace.mark("render")
        var merged = cachedSummaries
        var rendered: [String: RenderedPage] = [:]
        for (k, i) in toRender.enumerated() {
            merged[i] = outcomes[k].0
            if let page = outcomes[k].1 { rendered[page.summary.path] = page }
        }
        var pages = merged.map { $0! }

        // Reading order.
        func categoryKey(_ path: String) -> [(Int, String)] {
            var chain: [(Int, String)] = []
            var current: String? = path
            while let p = current, !p.isEmpty, let c = categories[p] {
                chain.insert((c.order ?? Int.max, c.title.lowercased()), at: 0)
                current = c.parent
            }
            return chain
        }
        // Rank categories once, then sort pages by (category rank, order, title, path).
        let categoryRank: [String: Int] = {
            let ordered = categories.keys.sorted { a, b in
                let ka = categoryKey(a), kb = categoryKey(b)
                for (x, y) in zip(ka, kb) where x != y { return x < y }
                if ka.count != kb.count { return ka.count < kb.count }
                return a < b
            }
            return Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1, $0) })
        }()
        let sortKeys = parallelMap(pages) { p in (categoryRank[p.category] ?? 0, p.meta.order ?? Int.max, p.title.lowercased(), p.path) }
        pages = zip(sortKeys, pages).sorted { a, b in
            if a.0.0 != b.0.0 { return a.0.0 < b.0.0 }
            if a.0.1 != b.0.1 { return a.0.1 < b.0.1 }
            if a.0.2 != b.0.2 { return a.0.2 < b.0.2 }
            return a.0.3 < b.0.3
        }.map(\.1)
        trace.mark("order")
        // Global checks: anchors of link targets, policy codes, links to unpublished pages.
        var byPath: [String: PageSummary] = [:]
        for p in pages { byPath[p.path] = p }
        var codes: [String: PolicyCode] = [:]
        var codeSites: [String: [(PageSummary, Section)]] = [:]
        let allIDs: Set<String> = pages.contains { $0.meta.translationOf != nil } ? Set(pages.map(\.meta.id)) : []
        let index = byPath
        let pageChecks: [[Diagnostic]] = parallelMap(pages) { page in
            var found: [Diagnostic] = []
            if let original = page.meta.translationOf, !allIDs.contains(original) {
                found.append(Diagnostic(.error, file: page.path, line: 0, column: 0,
                    "translation_of '\(original)' is not the id of any page; use the id of the page this one translates"))
            }
            for link in page.links {
                switch link.target {
                case .inPage(let anchor):
                    if !anchor.isEmpty, !page.sections.contains(where: { $0.anchor == anchor }) {
                        let anchors = Set(page.sections.map(\.anchor))
                        found.append(Diagnostic(.error, file: page.path, line: link.line, column: link.column,
                            "broken link '\(link.url)': this page has no section '#\(anchor)'\(suggestion(anchor, in: anchors))"))
                    }
                case .page(let path, let anchor):
                    guard let target = index[path] else { break }
                    if let anchor, !anchor.isEmpty, !target.sections.contains(where: { $0.anchor == anchor }) {
                        found.append(Diagnostic(.error, file: page.path, line: link.line, column: link.column,
                            "broken link '\(link.url)': \(path) has no section '#\(anchor)'\(suggestion(anchor, in: Set(target.sections.map(\.anchor))))"))
                    }
                    if page.isPublished(includeDrafts: includeDrafts), !target.isPublished(includeDrafts: includeDrafts) {
                        found.append(Diagnostic(.warning, file: page.path, line: link.line, column: link.column,
                            "link '\(link.url)' points to a \(target.meta.status.rawValue) page, which is not in the published site; the link text is shown without a link"))
                    }
                default: break
                }
            }
            return found
        }
        for (page, found) in zip(pages, pageChecks) {
            diagnostics += page.diagnostics
            diagnostics += found
            if page.meta.translationOf == nil {
                for section in page.sections {
                    if let code = section.code { codeSites[code, default: []].append((page, section)) }
                }
            }
        }
        for (code, sites) in codeSites {
            let sorted = sites.sorted { ($0.0.path, $0.1.line) < ($1.0.path, $1.1.line) }
            if sorted.count > 1 {
                let first = sorted[0]
                for (page, section) in sorted.dropFirst() {
                    diagnostics.append(Diagnostic(.error, file: page.path, line: section.line, column: 1,
                        "policy code \(code) is already defined in \(first.0.path):\(first.1.line); each code is defined in exactly one section"))
                }
            }
            let (page, section) = sorted[0]
            guard page.isPublished(includeDrafts: includeDrafts) else { continue }
            codes[code] = PolicyCode(code: code, name: section.codeName ?? section.title, harm: section.harm, pageID: page.meta.id,
                                     pagePath: page.path, anchor: section.anchor,
                                     markets: section.markets.isEmpty ? page.meta.markets : section.markets, line: section.line)
        }

        trace.mark("global checks")
        defer { trace.mark("handbook indexes") }
        var handbook = Handbook(contentDir: content, includeDrafts: includeDrafts, categories: categories, pages: pages,
                                rendered: rendered, codes: codes, assets: files.filter { $0.kind == .asset },
                                diagnostics: diagnostics.sortedForDisplay(), resolver: resolver)
        handbook.files = filesByPath
        for p in pages where handbook.pagesByID[p.meta.id] == nil { handbook.pagesByID[p.meta.id] = p }
        for p in pages where p.isPublished(includeDrafts: includeDrafts) {
            if let original = p.meta.translationOf { handbook.translationIndex[original, default: []].append(p) }
        }
        for key in handbook.translationIndex.keys { handbook.translationIndex[key]?.sort { $0.meta.lang < $1.meta.lang } }
        return handbook
    }

    /// "counterfeit-and-ip" -> "Counterfeit and ip".
    static func prettyTitle(_ name: String) -> String {
        let words = name.replacingAll("_", with: " ").replacingAll("-", with: " ")
        guard let first = words.first else { return name }
        return first.uppercased() + words.dropFirst()
    }

    private static func suggestion(_ anchor: String, in anchors: Set<String>) -> String {
        let close = anchors.filter { $0.hasPrefix(anchor) || anchor.hasPrefix($0) || $0.contains(anchor) }.sorted()
        if let c = close.first { return "; did you mean '#\(c)'?" }
        return "; link to one of its headings' anchors"
    }
}
