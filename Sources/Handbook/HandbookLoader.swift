extension Handbook {
    /// Loads the content folder.
    ///
    /// - `cache`: summaries from the previous build; a page whose file size and modification
    ///   time are unchanged, and whose links resolve the same way, is not read again.
    /// - `cacheResolverFingerprint`: the resolver fingerprint the cache was made with.
    /// - `cacheWrittenAt`: when the cache was written (ns); files modified within a second
    ///   before it are re-read, since their change may share a timestamp with it.
    /// - `cacheChecks`: what the checks across pages found in each page of the build that
    ///   wrote `cache` (`linkFindings`, pages with none left out); with it, only the pages that
    ///   changed and those linking to them are checked again. Nil: every page is checked.
    /// - `searchText`: keep each rendered section's plain text for the search index.
    /// - `links`: how broken links are reported, overriding `links:` of the `casebook.yml`
    ///   beside the content folder (which also gives `base_path`).
    /// - `scanned`: `ContentTree.scan(content)` when the caller already ran it (a site build
    ///   scans the folder while it reads its caches).
    public static func load(
        content: String, includeDrafts: Bool = false,
        cache: [String: CachedPage] = [:], cacheResolverFingerprint: UInt64? = nil, cacheWrittenAt: Int64 = 0,
        cacheChecks: [String: [Diagnostic]]? = nil, searchText: Bool = true, links: LinkLevel? = nil,
        scanned: Result<([ContentFile], [Diagnostic]), HandbookError>? = nil
    ) throws(HandbookError) -> Handbook {
        var trace = Trace()
        let files: [ContentFile], scanDiagnostics: [Diagnostic]
        if let scanned { (files, scanDiagnostics) = try scanned.get() } else { (files, scanDiagnostics) = try ContentTree.scan(content) }
        trace.mark("scan")
        var diagnostics = scanDiagnostics
        var (settings, configProblems) = try HandbookConfig.load(besides: content)
        diagnostics += configProblems
        if let links { settings.links = links }
        let loader = HandbookLoader(files: files, includeDrafts: includeDrafts, basePath: settings.basePath)
        let categories = loader.categories(&diagnostics)

        var headers = loader.readHeaders(cache: cache, racyLimit: cacheWrittenAt - 1_000_000_000)
        loader.separateSharedNames(&headers, &diagnostics)
        trace.mark("read + front matter")
        let resolver = loader.resolver(headers, &diagnostics)
        trace.mark("ids + resolver")
        let rendering = loader.render(headers, resolver: resolver, reuseCache: cacheResolverFingerprint == resolver.fingerprint, searchText: searchText)
        trace.mark("render")
        let pages = ReadingOrder(categories: categories).sorted(rendering.pages)
        trace.mark("order")
        let (codes, findings) = loader.crossPageChecks(pages, unloaded: rendering.unloaded, previous: cacheChecks.map { (cache, $0) }, &diagnostics)
        trace.mark("global checks")
        diagnostics += Handbook.languageFolderWarnings(pages)
        let (redirects, redirectProblems) = Handbook.redirects(pages, includeDrafts: includeDrafts, basePath: settings.basePath)
        diagnostics += redirectProblems
        let (synonyms, synonymProblems) = SearchSynonyms.load(content: content)
        diagnostics += synonymProblems
        diagnostics += synonyms.unusedLanguages(Set(pages.map(\.meta.lang)))
        if settings.links == .warn {
            for i in diagnostics.indices where diagnostics[i].severity == .error && diagnostics[i].isLinkProblem {
                diagnostics[i].severity = .warning
            }
        }
        diagnostics = Handbook.oncePerKind(diagnostics)

        defer { trace.mark("handbook indexes") }
        var handbook = Handbook(contentDir: content, includeDrafts: includeDrafts, categories: categories, pages: pages,
                                rendered: rendering.rendered, codes: codes, assets: files.filter { $0.kind == .asset },
                                diagnostics: diagnostics.sortedForDisplay(), resolver: resolver)
        handbook.unloadedPages = rendering.unloaded
        handbook.subcategoryPaths = Handbook.subcategoryIndex(categories)
        handbook.linkFindings = findings
        handbook.config = settings
        handbook.redirects = redirects
        handbook.searchSynonyms = synonyms
        handbook.indexFiles(files)
        handbook.assets.removeAll { $0.path == SearchSynonyms.fileName }
        return handbook
    }

    /// Fills the lookups by path, by id and of translations.
    private mutating func indexFiles(_ files: [ContentFile]) {
        for f in files { self.files[f.path] = f }
        for p in pages where pagesByID[p.meta.id] == nil { pagesByID[p.meta.id] = p }
        for p in pages where p.isPublished(includeDrafts: includeDrafts) {
            if let original = p.meta.translationOf { translationIndex[original, default: []].append(p) }
        }
        for key in translationIndex.keys { translationIndex[key]?.sort { $0.meta.lang < $1.meta.lang } }
    }

    /// Warnings that repeat across files for one cause (an unknown front matter key, a kind
    /// of shortcode) are kept once per build: the first, by file and line, says how many
    /// files have it. A corpus of another tool gave 344 warnings for a handful of keys.
    static func oncePerKind(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var groups: [String: [Int]] = [:]
        for (i, d) in diagnostics.enumerated() where d.severity == .warning {
            guard let kind = d.foldKey else { continue }
            groups[kind, default: []].append(i)
        }
        guard groups.values.contains(where: { $0.count > 1 }) else { return diagnostics }
        var keep = [Bool](repeating: true, count: diagnostics.count)
        var replaced: [Int: Diagnostic] = [:]
        for (_, indices) in groups where indices.count > 1 {
            let sorted = indices.sorted { a, b in
                let x = diagnostics[a], y = diagnostics[b]
                return (x.file, x.line, x.column) < (y.file, y.line, y.column)
            }
            let files = Set(indices.map { diagnostics[$0].file }).count
            for i in sorted.dropFirst() { keep[i] = false }
            var first = diagnostics[sorted[0]]
            first.message += " (\(indices.count) times in \(files) file\(files == 1 ? "" : "s"); shown once)"
            replaced[sorted[0]] = first
        }
        return diagnostics.indices.filter { keep[$0] }.map { replaced[$0] ?? diagnostics[$0] }
    }

    /// "counterfeit-and-ip" -> "Counterfeit and ip".
    static func prettyTitle(_ name: String) -> String {
        // Jekyll's collection folders (`_docs`, `_posts`) were titled " docs", " posts".
        let words = name.replacingAll("_", with: " ").replacingAll("-", with: " ").trimmingCharacters(in: .whitespaces)
        guard let first = words.first else { return name }
        return first.uppercased() + words.dropFirst()
    }
}

/// The phases of `Handbook.load`, in the order it runs them: categories, page headers (ids
/// and status), the link resolver, rendering, then the checks across pages.
struct HandbookLoader: Sendable {
    let files: [ContentFile]
    let markdownFiles: [ContentFile]
    let includeDrafts: Bool
    /// `base_path` of casebook.yml: site-absolute links under it resolve to pages.
    let basePath: String?

    init(files: [ContentFile], includeDrafts: Bool, basePath: String? = nil) {
        self.files = files
        self.markdownFiles = files.filter { $0.kind == .markdown }
        self.includeDrafts = includeDrafts
        self.basePath = basePath
    }

    // MARK: - Categories

    /// Every folder holding pages is a category, titled from its `_category.yml` if it has one.
    func categories(_ diagnostics: inout [Diagnostic]) -> [String: Category] {
        var categories: [String: Category] = ["": Category(path: "", title: "Handbook", slug: "index")]
        for file in markdownFiles {
            var folder = Handbook.categoryPath(of: file.path)
            while !folder.isEmpty, categories[folder] == nil {
                let name = String(folder.split(separator: "/").last ?? "")
                categories[folder] = Category(path: folder, title: Handbook.prettyTitle(name), slug: LinkResolver.categorySlug(folder))
                folder = Handbook.categoryPath(of: folder)
            }
        }
        for file in files where file.kind == .category {
            let folder = Handbook.categoryPath(of: file.path)
            guard var category = categories[folder] ?? (folder.isEmpty ? nil : Category(path: folder, title: Handbook.prettyTitle(folder), slug: Slug.make(folder))) else { continue }
            do throws(HandbookError) {
                try Self.readCategoryFile(file, into: &category, &diagnostics)
                categories[folder] = category
            } catch {
                diagnostics += error.diagnostics
            }
        }
        return categories
    }

    private static func readCategoryFile(_ file: ContentFile, into category: inout Category, _ diagnostics: inout [Diagnostic]) throws(HandbookError) {
        let node = try YAMLParser.parseFile(try ContentTree.read(file.absolutePath), file: file.path)
        if let t = node["title"]?.scalar, !t.isEmpty { category.title = t }
        if let s = node["summary"]?.scalar { category.summary = s }
        if let o = node["order"] {
            if let n = o.scalar.flatMap({ Int($0) }) { category.order = n } else {
                diagnostics.append(Diagnostic(.error, file: file.path, line: o.line, column: o.column, "'order' must be a whole number"))
            }
        }
    }

    // MARK: - Headers

    /// What phase 1 knows of a Markdown file: from the cache when it is unchanged, else
    /// read from disk with its front matter parsed (kept, so rendering does neither again).
    struct Header: Sendable {
        var id: String
        var status: PageStatus
        /// The summary of the previous build, when the file is unchanged since.
        var cached: PageSummary?
        var bytes: [UInt8]?
        var source: Result<SourceText, HandbookError>?
        var meta: (PageMetadata, [Diagnostic])?
    }

    /// Phase 1: ids. Unchanged files keep their cached id; the others are read on all cores.
    /// Files modified after `racyLimit` are re-read even when size and time match the cache.
    func readHeaders(cache: [String: CachedPage], racyLimit: Int64) -> [Header] {
        // Which files the cache still describes: a dictionary lookup each, so done in one pass
        // here, and only the rest go to the cores.
        let cachedSummaries: [PageSummary?] = markdownFiles.map { file in
            guard let c = cache[file.path]?.summary, c.size == file.size, c.modified == file.modified, file.modified < racyLimit else { return nil }
            return c
        }
        let unread = markdownFiles.indices.filter { cachedSummaries[$0] == nil }
        let markdownFiles = self.markdownFiles
        let read: [Header] = parallelMap(unread) { i in Self.readHeader(markdownFiles[i]) }
        var headers: [Header] = []
        headers.reserveCapacity(markdownFiles.count)
        var next = read.makeIterator()
        for summary in cachedSummaries {
            if let c = summary { headers.append(Header(id: c.meta.id, status: c.meta.status, cached: c)) } else if let h = next.next() { headers.append(h) }
        }
        return headers
    }

    private static func readHeader(_ file: ContentFile, defaultID: String? = nil) -> Header {
        let defaultID = defaultID ?? PageRenderer.defaultPageID(for: file.path)
        guard let bytes = try? ContentTree.read(file.absolutePath) else { return Header(id: defaultID, status: .published) }
        let source = Result { () throws(HandbookError) in try SourceText.read(bytes, file: file.path) }
        guard case .success(let text) = source else { return Header(id: defaultID, status: .published, bytes: bytes, source: source) }
        var metaDiagnostics: [Diagnostic] = []
        let meta = PageMetadata.from(text.frontMatter, defaultID: defaultID, file: file.path, diagnostics: &metaDiagnostics)
        return Header(id: meta.id, status: meta.status, bytes: bytes, source: source, meta: (meta, metaDiagnostics))
    }

    /// Pages without an `id:` whose file names give one id (`entities/Preferences.md`,
    /// `methods/preferences.md`, or `en/user/signup.md` and its Japanese `ja/user/signup.md`,
    /// as corpora of other tools are laid out) take their paths as ids instead
    /// (`PageRenderer.pathPageID`), with one warning per build; an `id:` written in front
    /// matter is never changed, and two equal ones stay an error.
    func separateSharedNames(_ headers: inout [Header], _ diagnostics: inout [Diagnostic]) {
        // A page the cache knew under its path id may no longer share its name: read it again
        // (rare, and it is the only way to tell a path id from an `id:` of the same text).
        // Most pages' ids are their file names, which tells them apart without building ids.
        for i in headers.indices where headers[i].cached != nil {
            let path = markdownFiles[i].path
            if PageRenderer.isFileNameID(headers[i].id, path: path) { continue }
            if headers[i].id == PageRenderer.pathPageID(for: path), headers[i].id != PageRenderer.defaultPageID(for: path) {
                headers[i] = Self.readHeader(markdownFiles[i])
            }
        }
        let paths = markdownFiles.map(\.path)
        let shared = PageRenderer.sharedNames(ids: headers.map(\.id), paths: paths) { i in
            // Whether an id was written or came from the file name is known from front matter
            // only: a page the cache described is read again.
            if headers[i].cached != nil { headers[i] = Self.readHeader(markdownFiles[i]) }
            return headers[i].meta?.0.raw?["id"] != nil || headers[i].id != PageRenderer.defaultPageID(for: paths[i])
        }
        for (id, pages, renamed) in shared {
            for (i, pathID) in renamed { headers[i] = Self.readHeader(markdownFiles[i], defaultID: pathID) }
            let names = pages.map { paths[$0] }.sorted()
            diagnostics.append(Diagnostic(.warning, file: names[0], line: 0, column: 0,
                "pages without an 'id:' share the file name of id '\(id)' (\(names.joined(separator: ", "))); published by path: \(renamed.map { "\(paths[$0.page]) as '\($0.id)'" }.sorted().joined(separator: ", ")). Give a page its own 'id:' in the front matter to choose",
                kind: .sharedName, subject: id))
        }
    }

    // MARK: - Resolver

    /// Phase 2: page ids by path (duplicates are errors) and the resolver links go through.
    func resolver(_ headers: [Header], _ diagnostics: inout [Diagnostic]) -> LinkResolver {
        var pageIDs: [String: String] = [:]
        var pathsByID: [String: [String]] = [:]
        var hidden = Set<String>()
        pageIDs.reserveCapacity(markdownFiles.count)
        for (file, header) in zip(markdownFiles, headers) {
            pageIDs[file.path] = header.id
            pathsByID[header.id, default: []].append(file.path)
            if !includeDrafts, header.status != .published { hidden.insert(file.path) }
        }
        for (id, paths) in pathsByID where paths.count > 1 {
            for path in paths.sorted().dropFirst() {
                diagnostics.append(Diagnostic(.error, file: path, line: 0, column: 0,
                    "duplicate page id '\(id)' (also used by \(paths.sorted()[0])); give one of them its own 'id:' in the front matter"))
            }
        }
        return LinkResolver(pageIDs: pageIDs, assets: Set(files.filter { $0.kind == .asset }.map(\.path)), hidden: hidden, basePath: basePath,
                            aliases: aliases(headers, hidden: hidden))
    }

    /// Each old address (`aliases`, `redirect_from`) of a page in the site, by the path of the
    /// one page that claims it; an address two pages claim resolves to neither.
    private func aliases(_ headers: [Header], hidden: Set<String>) -> [String: String] {
        var claims: [String: String] = [:]
        var contested = Set<String>()
        for (file, header) in zip(markdownFiles, headers) where !hidden.contains(file.path) {
            let redirects = header.cached?.meta.redirects ?? header.meta?.0.redirects ?? []
            for alias in redirects {
                guard let key = Handbook.redirectPath(alias, basePath: basePath) else { continue }
                if let other = claims[key], other != file.path { contested.insert(key) } else { claims[key] = file.path }
            }
        }
        for key in contested { claims[key] = nil }
        return claims
    }

    // MARK: - Rendering

    /// The pages of this load, in file order, and the bodies rendered on the way.
    struct Rendering {
        var pages: [PageSummary]
        var rendered: [String: RenderedPage]
        /// Paths of pages that could not be read or split into front matter and body.
        var unloaded: Set<String>
    }

    /// Phase 3: renders the pages that changed (all of them when `reuseCache` is false, as
    /// link resolution changed) on all cores; the rest keep their cached summaries.
    func render(_ headers: [Header], resolver: LinkResolver, reuseCache: Bool, searchText: Bool) -> Rendering {
        let toRender = markdownFiles.indices.filter { !(reuseCache && headers[$0].cached != nil) }
        let markdownFiles = self.markdownFiles
        let outcomes: [(page: PageSummary, rendered: RenderedPage?, loaded: Bool)] = parallelMap(toRender) { i in
            let file = markdownFiles[i]
            let header = headers[i]
            let category = Handbook.categoryPath(of: file.path)
            let bytes: [UInt8]
            do throws(HandbookError) {
                if let alreadyRead = header.bytes { bytes = alreadyRead } else { bytes = try ContentTree.read(file.absolutePath) }
            } catch {
                let summary = PageSummary(path: file.path, category: category, meta: PageMetadata(id: resolver.pageIDs[file.path] ?? "page"),
                                          title: file.path, sections: [], links: [], diagnostics: error.diagnostics,
                                          sourceHash: 0, size: file.size, modified: file.modified)
                return (summary, nil, false)
            }
            let page = PageRenderer.render(path: file.path, category: category, file: file, bytes: bytes,
                                           resolver: resolver, parsed: header.source, meta: header.meta, searchText: searchText,
                                           defaultID: header.id)
            return (page.summary, page, page.sourceLoaded)
        }
        var rendering = Rendering(pages: [], rendered: [:], unloaded: [])
        rendering.pages.reserveCapacity(headers.count)
        var k = 0
        for (i, header) in headers.enumerated() {
            if k < toRender.count, toRender[k] == i {
                let outcome = outcomes[k]
                k += 1
                rendering.pages.append(outcome.page)
                if let page = outcome.rendered { rendering.rendered[page.summary.path] = page }
                if !outcome.loaded { rendering.unloaded.insert(outcome.page.path) }
            } else if let cached = header.cached {
                rendering.pages.append(cached)
            }
        }
        return rendering
    }

    // MARK: - Checks across pages

    /// Phase 4: the checks that need every page (anchors of link targets, translations, links
    /// to unpublished pages, policy codes defined twice), and the published policy codes.
    /// A problem that only follows from another page not loading names it in `followsFrom`.
    ///
    /// `previous`: the summaries of the build that wrote the cache and what the link checks
    /// found in its pages. A page's findings depend only on the page and on the pages its links
    /// point to (their anchors and status), so a page whose summary is the cached one and whose
    /// link targets are all unchanged keeps its findings; the others are checked again (all of
    /// them when a page did not load). Also returns this build's findings by page, for the cache.
    func crossPageChecks(_ pages: [PageSummary], unloaded: Set<String>, previous: (pages: [String: CachedPage], findings: [String: [Diagnostic]])?,
                         _ diagnostics: inout [Diagnostic]) -> (codes: [String: PolicyCode], findings: [String: [Diagnostic]]) {
        var byPath: [String: PageSummary] = [:]
        byPath.reserveCapacity(pages.count)
        for p in pages { byPath[p.path] = p }
        let allIDs: Set<String> = pages.contains { $0.meta.translationOf != nil } ? Set(pages.map(\.meta.id)) : []
        var translated: [String: String] = [:]
        for p in pages { if let o = p.meta.translationOf { translated[p.meta.id] = o } }
        let translationOf = translated
        let index = byPath
        let includeDrafts = self.includeDrafts
        let reuse = unloaded.isEmpty ? previous.map { Self.changedPages(pages, index: index, previous: $0.pages) } : nil
        let pageChecks: [[Diagnostic]] = parallelMap(Array(pages.indices)) { i in
            let page = pages[i]
            if let reuse, let previous, !reuse.isChanged[i], page.meta.translationOf == nil, !Self.links(page, toAnyOf: reuse.changed) {
                return previous.findings[page.path] ?? []
            }
            return Self.checkLinks(of: page, pages: index, ids: allIDs, translationOf: translationOf, unloaded: unloaded, includeDrafts: includeDrafts)
        }
        var findings: [String: [Diagnostic]] = [:]
        var definitions: [String: [CodeDefinition]] = [:]
        for (page, found) in zip(pages, pageChecks) {
            if !found.isEmpty { findings[page.path] = found }
            diagnostics += page.diagnostics
            diagnostics += found
            if page.meta.translationOf == nil {
                for section in page.sections {
                    if let code = section.code { definitions[code, default: []].append(CodeDefinition(page: page, section: section)) }
                }
            }
        }
        diagnostics += Self.translationWarnings(pages)
        return (policyCodes(definitions, &diagnostics), findings)
    }

    /// Paths whose page is not the one the previous build checked against: pages edited or
    /// added (their summary is not the cached object) and pages removed; and which of `pages` changed.
    static func changedPages(_ pages: [PageSummary], index: [String: PageSummary], previous: [String: CachedPage]) -> (changed: ChangedPaths, isChanged: [Bool]) {
        var isChanged = [Bool](repeating: false, count: pages.count)
        var changed: [String] = []
        var kept = 0, editedOld = 0
        for (i, p) in pages.enumerated() {
            if let old = previous[p.path] {
                if old.summary === p { kept += 1; continue }
                editedOld += 1
            }
            isChanged[i] = true
            changed.append(p.path)
        }
        // Pages of the previous build not here any more (only looked for when some are missing).
        if kept + editedOld < previous.count {
            for path in previous.keys where index[path] == nil { changed.append(path) }
        }
        return (ChangedPaths(changed), isChanged)
    }

    /// A few paths compared one by one (a one-file rebuild), many through a set.
    struct ChangedPaths: Sendable {
        let few: [String]?
        let set: Set<String>
        init(_ paths: [String]) {
            few = paths.count <= 8 ? paths : nil
            set = paths.count <= 8 ? [] : Set(paths)
        }
        func contains(_ path: String) -> Bool { few.map { $0.contains(path) } ?? set.contains(path) }
        var isEmpty: Bool { few?.isEmpty ?? set.isEmpty }
    }

    /// Whether a link of `page` points to one of `paths`.
    static func links(_ page: PageSummary, toAnyOf paths: ChangedPaths) -> Bool {
        if paths.isEmpty { return false }
        for link in page.links {
            if case .page(let path, _) = link.target, paths.contains(path) { return true }
        }
        return false
    }

    /// The element a fragment names: a text fragment (`#:~:text=timeout`, a browser's
    /// "scroll to this text", which argo-cd's docs link with) names none, and one after an
    /// anchor (`#setup:~:text=port`) is not part of it.
    static func elementAnchor(_ fragment: String) -> String {
        guard let cut = fragment.range(of: ":~:") else { return fragment }
        return String(fragment[..<cut.lowerBound])
    }

    private static func checkLinks(of page: PageSummary, pages index: [String: PageSummary], ids allIDs: Set<String>,
                                   translationOf: [String: String] = [:], unloaded: Set<String>, includeDrafts: Bool) -> [Diagnostic] {
        var found: [Diagnostic] = []
        if let original = page.meta.translationOf, !allIDs.contains(original) {
            found.append(Diagnostic(.error, file: page.path, line: 0, column: 0,
                "translation_of '\(original)' is not the id of any page; use the id of the page this one translates"))
        } else if let original = page.meta.translationOf, translationOf[original] != nil {
            // Translated from a translation (the Thai team worked from the Indonesian page): the
            // SOP is the original at the chain's end, which search and lists show it under.
            let (chain, cycle) = Handbook.originalChain(from: page.meta.id, translationOf)
            if cycle {
                found.append(Diagnostic(.error, file: page.path, line: 0, column: 0,
                    "translation_of goes round in a circle (\(chain.joined(separator: " → "))), so no page is the original; remove translation_of from the page the others translate"))
            } else {
                found.append(Diagnostic(.warning, file: page.path, line: 0, column: 0,
                    "translation_of '\(original)' is itself a translation (of '\(chain.last!)'); name the original, translation_of: \(chain.last!), and say which version it follows with source_version"))
            }
        }
        for link in page.links {
            switch link.target {
            case .inPage(let fragment):
                let anchor = Self.elementAnchor(fragment)
                if !anchor.isEmpty, !page.hasAnchor(anchor) {
                    let anchors = Set(page.sections.map(\.anchor))
                    found.append(Diagnostic(.error, file: page.path, line: link.line, column: link.column,
                        "broken link '\(link.url)': this page has no section '#\(anchor)'\(suggestion(anchor, in: anchors))",
                        kind: .brokenLink, subject: "\(page.path)\u{0}\(link.url)"))
                }
            case .page(let path, let fragment):
                guard let target = index[path] else { break }
                if let anchor = fragment.map(Self.elementAnchor), !anchor.isEmpty, !target.hasAnchor(anchor) {
                    var broken = Diagnostic(.error, file: page.path, line: link.line, column: link.column,
                        "broken link '\(link.url)': \(path) has no section '#\(anchor)'\(suggestion(anchor, in: Set(target.sections.map(\.anchor))))",
                        kind: .brokenLink, subject: "\(link.url)\u{0}\(path)")
                    if unloaded.contains(path) { broken.followsFrom = path }
                    found.append(broken)
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

    private static func suggestion(_ anchor: String, in anchors: Set<String>) -> String {
        let close = anchors.filter { $0.hasPrefix(anchor) || anchor.hasPrefix($0) || $0.contains(anchor) }.sorted()
        if let c = close.first { return "; did you mean '#\(c)'?" }
        return "; link to one of its headings' anchors"
    }

    /// A section whose heading defines a policy code.
    struct CodeDefinition {
        var page: PageSummary
        var section: Section
    }

    /// Each code from the first section (by path, then line) that defines it; the others are errors.
    private func policyCodes(_ definitions: [String: [CodeDefinition]], _ diagnostics: inout [Diagnostic]) -> [String: PolicyCode] {
        var codes: [String: PolicyCode] = [:]
        for (code, sites) in definitions {
            let sorted = sites.sorted { ($0.page.path, $0.section.line) < ($1.page.path, $1.section.line) }
            let first = sorted[0]
            for duplicate in sorted.dropFirst() {
                diagnostics.append(Diagnostic(.error, file: duplicate.page.path, line: duplicate.section.line, column: 1,
                    "policy code \(code) is already defined in \(first.page.path):\(first.section.line); each code is defined in exactly one section"))
            }
            let (page, section) = (first.page, first.section)
            guard page.isPublished(includeDrafts: includeDrafts) else { continue }
            codes[code] = PolicyCode(code: code, name: section.codeName ?? section.title, harm: section.harm, pageID: page.meta.id,
                                     pagePath: page.path, anchor: section.anchor,
                                     markets: section.markets.isEmpty ? page.meta.markets : section.markets, line: section.line)
        }
        return codes
    }
}

/// Pages in reading order: by category (each folder by its `order`, then title, down the
/// chain), then the page's `order`, title and path.
struct ReadingOrder {
    /// What pages are sorted by, most significant first.
    struct Key: Comparable {
        var categoryRank: Int
        var order: Int
        var title: String
        var path: String
        static func < (a: Key, b: Key) -> Bool {
            if a.categoryRank != b.categoryRank { return a.categoryRank < b.categoryRank }
            if a.order != b.order { return a.order < b.order }
            if a.title != b.title { return a.title < b.title }
            return a.path < b.path
        }
    }

    /// Each category's place in reading order, ranked once so pages compare by one number.
    let categoryRank: [String: Int]

    init(categories: [String: Category]) {
        func chainKey(_ path: String) -> [(Int, String)] {
            var chain: [(Int, String)] = []
            var current: String? = path
            while let p = current, !p.isEmpty, let c = categories[p] {
                chain.insert((c.order ?? Int.max, c.title.lowercased()), at: 0)
                current = c.parent
            }
            return chain
        }
        let ordered = categories.keys.sorted { a, b in
            let ka = chainKey(a), kb = chainKey(b)
            for (x, y) in zip(ka, kb) where x != y { return x < y }
            if ka.count != kb.count { return ka.count < kb.count }
            return a < b
        }
        categoryRank = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1, $0) })
    }

    func sorted(_ pages: [PageSummary]) -> [PageSummary] {
        let categoryRank = self.categoryRank
        let keys = parallelMap(pages) { p in
            Key(categoryRank: categoryRank[p.category] ?? 0, order: p.meta.order ?? Int.max, title: p.title.lowercased(), path: p.path)
        }
        return zip(keys, pages).sorted { $0.0 < $1.0 }.map(\.1)
    }
}
