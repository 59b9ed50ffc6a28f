import Handbook
import History

/// A file of the built site: its path, a fingerprint of everything its bytes depend on,
/// and how to produce the bytes when the fingerprint changed.
public struct OutputFile: Sendable {
    /// Path in the site, relative to its root: the file's name as the browser asks for it,
    /// letters outside ASCII as UTF-8 (`SiteURL.file`), not percent-encoded as in links.
    public var path: String
    /// Changes whenever anything the bytes depend on changes.
    public var fingerprint: UInt64
    /// Renders the bytes; called only for files whose fingerprint changed.
    public var produce: @Sendable () throws(HandbookError) -> [UInt8]

    /// An output whose bytes are already known; its fingerprint is their hash.
    public init(path: String, bytes: [UInt8]) {
        self.path = SiteURL.file(path)
        self.fingerprint = Fingerprint.of(bytes)
        self.produce = { bytes }
    }

    /// An output rendered by `produce` only when `fingerprint` differs from the last build's.
    public init(path: String, fingerprint: UInt64, produce: @escaping @Sendable () throws(HandbookError) -> [UInt8]) {
        self.path = SiteURL.file(path)
        self.fingerprint = fingerprint
        self.produce = produce
    }
}

/// Every file of a site: files planned one by one, and groups of files planned together.
public struct SitePlan: Sendable {
    public var files: [OutputFile]
    /// Each SOP's history pages (see `OutputGroup`).
    public var groups: [OutputGroup]
}

extension SiteRenderer {
    /// Every file of the site.
    public func plan() -> SitePlan {
        var trace = Trace()
        defer { trace.mark("(plan) lists and pages") }
        let planner = SitePlanner(self)
        trace.mark("(plan) digests")
        return planner.plan()
    }
}

/// A renderer behind one reference, for closures that render later: ten thousand closures
/// each keep one reference rather than a copy of every field.
final class SharedRenderer: Sendable {
    let renderer: SiteRenderer
    init(_ renderer: SiteRenderer) { self.renderer = renderer }
}

/// Plans one build's files: what each depends on (its fingerprint) and how to render it.
/// The digests of every page are computed once here, so that list pages fingerprint
/// thousands of pages cheaply.
struct SitePlanner {
    let shared: SharedRenderer
    let handbook: Handbook
    let pages: [PageSummary]
    /// Per-page digests of what a list shows about a page (id, title, status, summary).
    let listDigests: [ObjectIdentifier: UInt64]
    /// Digest of each page's change log as lists show it (id, title, changes).
    let changeDigests: [ObjectIdentifier: UInt64]
    /// Digest of each category's breadcrumb chain, by category path.
    let chainDigests: [String: UInt64]
    /// What every output depends on: the generator, theme, drafts mode and site name.
    let baseFingerprint: Fingerprint

    /// The renderer, for planning; render closures hold `shared` instead.
    let renderer: SiteRenderer
    /// The pages pagers go through: every published page but the translations of published
    /// originals, in the site's order; their positions by id; the ids of every published page.
    let originals: [PageSummary]
    let originalIndex: [String: Int]
    let publishedIDs: Set<String>

    init(_ renderer: SiteRenderer) {
        self.renderer = renderer
        shared = SharedRenderer(renderer)
        handbook = renderer.handbook
        pages = handbook.publishedPages
        let ids = Set(pages.map(\.meta.id))
        let listed = pages.filter { !SiteRenderer.isListedTranslation($0, among: ids) }
        publishedIDs = ids
        originals = listed
        originalIndex = Dictionary(zip(listed.map(\.meta.id), listed.indices), uniquingKeysWith: { a, _ in a })
        let digests = parallelMap(pages) { [renderer] p in
            (Self.listDigest(p, translations: renderer.publishedTranslations(of: p.meta.id)), Self.changeDigest(p))
        }
        let keys = pages.map(ObjectIdentifier.init)
        listDigests = Dictionary(zip(keys, digests.map(\.0)), uniquingKeysWith: { a, _ in a })
        changeDigests = Dictionary(zip(keys, digests.map(\.1)), uniquingKeysWith: { a, _ in a })
        var chains: [String: UInt64] = [:]
        for path in handbook.categories.keys {
            var f = Fingerprint()
            for c in handbook.categoryChain(path) { f.add(c.title); f.add(c.slug) }
            chains[path] = f.value
        }
        chainDigests = chains
        var base = Fingerprint()
        base.add(SiteRenderer.generatorVersion)
        base.add(Int(truncatingIfNeeded: renderer.theme.fingerprint))
        base.add(handbook.includeDrafts ? "drafts" : "published")
        base.add(renderer.siteName)
        base.add(renderer.siteLanguage)
        baseFingerprint = base
    }

    /// The SOPs before and after `pages[i]` in its pager. The pager goes through the originals
    /// in the site's order (a translation is not the next SOP of its original); a
    /// translation's pager goes to the neighbouring originals' translations in its language
    /// where they have one, else to those originals, so a Thai reader stays in Thai.
    func neighbours(_ i: Int) -> (previous: PageSummary?, next: PageSummary?) {
        let page = pages[i]
        let isTranslation = SiteRenderer.isListedTranslation(page, among: publishedIDs)
        guard let k = originalIndex[isTranslation ? page.meta.translationOf! : page.meta.id] else { return (nil, nil) }
        func shown(_ j: Int) -> PageSummary? {
            guard originals.indices.contains(j) else { return nil }
            let original = originals[j]
            guard isTranslation else { return original }
            return renderer.publishedTranslations(of: original.meta.id).first { $0.meta.lang == page.meta.lang } ?? original
        }
        return (shown(k - 1), shown(k + 1))
    }

    static func listDigest(_ p: PageSummary, translations: [PageSummary] = []) -> UInt64 {
        var f = Fingerprint()
        f.add(p.meta.id); f.add(p.title); f.add(p.meta.status.rawValue); f.add(p.meta.summary)
        if let nav = p.meta.navTitle { f.add("nav_title"); f.add(nav) }
        // Lists show a translation as a language link of its original's item, wherever the
        // translation's file is.
        f.add(p.meta.lang); f.add(p.meta.translationOf ?? "-")
        for t in translations { f.add(t.meta.id); f.add(t.meta.lang); f.add(t.meta.navTitle ?? t.title) }
        return f.value
    }

    static func changeDigest(_ p: PageSummary) -> UInt64 {
        var f = Fingerprint()
        f.add(p.meta.id); f.add(p.title); f.add(SiteRenderer.lastChanged(p))
        for c in p.meta.changes { f.add(c.date); f.add(c.version); f.add(c.summary) }
        return f.value
    }

    /// Adds what a list of pages shows (id, title, status, summary) to a fingerprint.
    func addPages(_ f: inout Fingerprint, _ pages: [PageSummary]) {
        for p in pages { f.add(Self.digest(listDigests, p)) }
    }

    /// Adds the change logs of `pages` as lists show them to a fingerprint.
    func addChanges(_ f: inout Fingerprint, _ pages: [PageSummary]) {
        for p in pages { f.add(Self.digest(changeDigests, p)) }
    }

    /// Lists only ever show published pages, and `init` digested every one of them.
    private static func digest(_ digests: [ObjectIdentifier: UInt64], _ p: PageSummary) -> UInt64 {
        guard let d = digests[ObjectIdentifier(p)] else { preconditionFailure("\(p.path) is not a published page of this build") }
        return d
    }

    /// One part of the plan, planned on its own core (see `plan()`).
    enum Part: Sendable {
        /// The SOP pages of a run of pages, and their history groups.
        case pages(Range<Int>)
        case home, categories, tags, markets, codes, whatsNew
    }

    /// Every file of the site, in the order the builder hands them to the writer.
    func plan() -> SitePlan {
        // Speed: the parts are planned on all cores (on one, planning took 0.09 s of a one-edit
        // rebuild of the 10,000-page bench corpus: a fingerprint for each SOP page and history
        // group, and the lists). The outputs are in the order of planning them one by one.
        let runs: [Part] = stride(from: 0, to: pages.count, by: 512).map { .pages($0..<min(pages.count, $0 + 512)) }
        let planned: [(files: [OutputFile], groups: [OutputGroup])] = parallelMap(runs + [.home, .categories, .tags, .markets, .codes, .whatsNew]) { part in
            plan(part)
        }
        var outputs = planned.flatMap(\.files)
        let groups = planned.flatMap(\.groups)
        outputs.append(OutputFile(path: "404.html", bytes: renderer.notFound()))
        for redirect in handbook.redirects {
            guard let page = handbook.page(id: redirect.pageID) else { continue }
            outputs.append(OutputFile(path: redirect.path, bytes: renderer.redirectPage(at: redirect.path, to: page)))
        }
        outputs.append(html("search.html", renderer.searchPage()))
        outputs.append(html("quiz.html", renderer.quizPage()))
        outputs.append(html("reports.html", renderer.reportsPage()))
        var themeFiles = renderer.theme.files.map { OutputFile(path: $0.key, bytes: $0.value) }
        for (path, file) in renderer.theme.generated { themeFiles.append(OutputFile(path: path, fingerprint: file.fingerprint) { file.make() }) }
        outputs += themeFiles.sorted { $0.path < $1.path }
        for asset in handbook.assets {
            let file = asset
            var f = Fingerprint()
            f.add(file.path); f.add(Int(file.size)); f.add(Int(file.modified))
            outputs.append(OutputFile(path: "media/" + file.path, fingerprint: f.value) { () throws(HandbookError) in
                try ContentTree.read(file.absolutePath)
            })
        }
        return SitePlan(files: outputs, groups: groups)
    }

    /// The outputs of one part: its files, and the history groups of its SOPs.
    func plan(_ part: Part) -> (files: [OutputFile], groups: [OutputGroup]) {
        let pages = self.pages
        let handbook = self.handbook
        switch part {
        case .pages(let run):
            var outputs: [OutputFile] = [], groups: [OutputGroup] = []
            outputs.reserveCapacity(run.count)
            let withHistory = renderer.history.isEnabled
            for i in run {
                let (previous, next) = neighbours(i)
                outputs.append(sopOutput(pages[i], previous: previous, next: next))
                if withHistory { groups.append(historyGroup(pages[i])) }
            }
            return (outputs, groups)
        case .home:
            return ([lazyPage("index.html", { f in
                for c in handbook.categories.values.sorted(by: { $0.path < $1.path }) { f.add(c.path); f.add(c.title); f.add(c.summary); f.add(c.order ?? -1) }
                addPages(&f, pages)
                addChanges(&f, pages)
            }) { $0.home(pages) }], [])
        case .categories:
            var outputs: [OutputFile] = []
            let pagesByCategory = Dictionary(grouping: pages, by: \.category)
            for category in handbook.categories.values.sorted(by: { $0.path < $1.path }) where !category.path.isEmpty {
                let inside = pagesByCategory[category.path] ?? []
                outputs.append(lazyPage(SiteURL.category(category), { f in
                    for c in handbook.categoryChain(category.path) { f.add(c.title); f.add(c.slug); f.add(c.summary) }
                    for c in handbook.subcategories(of: category.path).sorted(by: { $0.path < $1.path }) { f.add(c.title); f.add(c.slug); f.add(c.order ?? -1) }
                    addPages(&f, inside)
                }) { $0.categoryPage(category, inside) })
            }
            return (outputs, [])
        case .tags: return (tagPages(), [])
        case .markets: return (marketPages(), [])
        case .codes: return (codePages(), [])
        case .whatsNew:
            let history = renderer.history
            return ([lazyPage("whats-new.html", { f in
                addChanges(&f, pages)
                if history.isEnabled { for p in pages { addVersionLabels(&f, p) } }
            }) { $0.whatsNew(pages) }], [])
        }
    }

    /// A page rendered now: it depends on nothing that changes between builds of the same site.
    func html(_ path: String, _ shell: SiteRenderer.Shell) -> OutputFile {
        OutputFile(path: path, bytes: renderer.render(shell))
    }

    /// A page rendered only when the inputs it declares changed since the last build.
    func lazyPage(_ path: String, _ inputs: (inout Fingerprint) -> Void, _ make: @escaping @Sendable (SiteRenderer) -> SiteRenderer.Shell) -> OutputFile {
        var f = baseFingerprint
        f.add(path)
        inputs(&f)
        let shared = self.shared
        return OutputFile(path: path, fingerprint: f.value) { shared.renderer.render(make(shared.renderer)) }
    }

    // MARK: - SOP pages

    func sopOutput(_ page: PageSummary, previous: PageSummary?, next: PageSummary?) -> OutputFile {
        var f = baseFingerprint
        f.add(page.sourceHash)
        f.add(handbook.resolver.fingerprint)
        guard let chain = chainDigests[page.category] else { preconditionFailure("\(page.path) is in no category") }
        f.add(chain)
        for n in [previous, next] { f.add(n?.meta.id ?? "-"); f.add(n?.title ?? "-"); f.add(n?.meta.lang ?? "-"); if let nav = n?.meta.navTitle { f.add(nav) } }
        let related = renderer.languageVersions(of: page)
        for r in related { f.add(r.meta.id); f.add(r.title); f.add(r.meta.lang) }
        let published = renderer.mistakes[page.meta.id] ?? []
        for m in published { f.add(m.section); f.add(m.gold); f.add(m.answered); f.add(m.share); f.add(m.responses); f.add(m.note); f.add(m.published) }
        if renderer.history.isEnabled { f.add("history"); addVersionLabels(&f, page) }
        if let originalID = page.meta.translationOf, let original = handbook.page(id: originalID) {
            // The out-of-date banner: the declared and current versions, and the original's history.
            f.add(page.meta.sourceVersion ?? "-"); f.add(original.meta.version); f.add(original.title)
            for v in renderer.history.versions(of: originalID) { Self.addVersion(&f, v, original) }
        }
        let shared = self.shared
        return OutputFile(path: SiteURL.page(page.meta.id), fingerprint: f.value) { () throws(HandbookError) in
            try shared.renderer.sopPage(page, mistakes: published, previous: previous, next: next)
        }
    }

    // MARK: - Versions and diffs

    /// Adds the version labels of a page's history (what its diff links depend on).
    func addVersionLabels(_ f: inout Fingerprint, _ page: PageSummary) {
        for v in renderer.history.versions(of: page.meta.id) { f.add(v.version) }
    }

    /// A version's label, commit, date and author as one digest.
    static func versionDigest(_ v: SOPVersion) -> UInt64 {
        var f = Fingerprint()
        f.add(v.version); f.add(v.commit ?? "disk"); f.add(v.date ?? "-"); f.add(v.author ?? "-"); f.add(v.textID ?? "disk")
        return f.value
    }

    /// What a version of a page is: its commit, or for the file on disk, the page's text.
    static func addVersion(_ f: inout Fingerprint, _ v: SOPVersion, _ page: PageSummary) {
        f.add(v.version); f.add(v.commit ?? "disk"); f.add(v.date ?? "-"); f.add(v.author ?? "-"); f.add(v.textID ?? "disk")
        if v.textIsOnDisk { f.add(page.sourceHash) }
    }

    /// A page's history pages as one group (`sop/<id>/`): its fingerprint covers what any of
    /// them depends on (`historyOutputs`), so that a rebuild looks no further at the history
    /// of an SOP whose versions, title, change log and category are the last build's.
    func historyGroup(_ page: PageSummary) -> OutputGroup {
        let history = renderer.history
        let versions = history.versions(of: page.meta.id)
        let common = historyCommon(page)
        let digests = versions.map(Self.versionDigest)
        var g = common
        g.add("group")
        for (i, d) in digests.enumerated() {
            g.add(d)
            if versions[i].textIsOnDisk { g.add(page.sourceHash) }
        }
        g.add(page.meta.version.isEmpty ? "unversioned" : "versioned")
        let shared = self.shared
        let hasRepository = history.hasRepository
        return OutputGroup(key: "sop/" + LinkResolver.percentEncoded(page.meta.id) + "/", fingerprint: g.value) {
            Self.historyOutputs(page, versions: versions, digests: digests, common: common, hasRepository: hasRepository, shared: shared)
        }
    }

    /// What every history page of `page` depends on.
    func historyCommon(_ page: PageSummary) -> Fingerprint {
        var common = baseFingerprint
        common.add(page.meta.id); common.add(page.title); common.add(page.meta.lang); common.add(renderer.history.hasRepository ? "git" : "no-git")
        for c in page.meta.changes { common.add(c.version); common.add(c.summary) }
        guard let chain = chainDigests[page.category] else { preconditionFailure("\(page.path) is in no category") }
        common.add(chain)
        return common
    }

    /// A page's `versions.html` and one diff page per consecutive pair of its versions. Their
    /// fingerprints depend on that page alone (its versions, title, change log, category),
    /// so editing one SOP re-renders only its own history pages. `digests` and `common`: as
    /// `historyGroup` computed them.
    static func historyOutputs(_ page: PageSummary, versions: [SOPVersion], digests: [UInt64], common: Fingerprint, hasRepository: Bool,
                               shared: SharedRenderer) -> [OutputFile] {
        var outputs: [OutputFile] = []
        outputs.reserveCapacity(versions.count + 1)
        // Speed: the page's folder and each version label are percent-encoded once, not once
        // per path (a rebuild plans every SOP's history files; these were a fifth of that).
        // The paths are those of `SiteURL.versions` and `SiteURL.diff`.
        let folder = "sop/" + LinkResolver.percentEncoded(page.meta.id) + "/"
        let versionsPath = folder + "versions.html"
        // Speed: each version (label, commit, date, author) is digested once per SOP and every
        // file adds the digests of the versions it shows, rather than hashing those strings
        // again for each file (most of the planning of a rebuild with history). A diff or
        // change file showing the file on disk also depends on its text (`addVersion`).
        func addShown(_ f: inout Fingerprint, _ i: Int) {
            f.add(digests[i])
            if versions[i].textIsOnDisk { f.add(page.sourceHash) }
        }
        var f = common
        f.add(versionsPath)
        for d in digests { f.add(d) }
        outputs.append(OutputFile(path: versionsPath, fingerprint: f.value) {
            shared.renderer.render(shared.renderer.versionsPage(page, versions: versions, hasRepository: hasRepository))
        })
        let labels = versions.map { SiteURL.versionLabel($0.version) }
        for i in versions.indices.dropFirst() {
            let (from, to) = (versions[i - 1], versions[i])
            let path = folder + "diff-" + labels[i - 1] + "-" + labels[i] + ".html"
            var f = common
            f.add(path)
            addShown(&f, i - 1); addShown(&f, i)
            outputs.append(OutputFile(path: path, fingerprint: f.value) { () throws(HandbookError) in
                let diff = try shared.renderer.history.diff(of: page.meta.id, from: from, to: to)
                shared.renderer.sectionChanges.record(page.meta.id, from: from, to: to, diff)
                return shared.renderer.render(shared.renderer.diffPage(page, diff: diff, from: from, to: to))
            })
        }
        if !page.meta.version.isEmpty && versions.count > 0 {
            // What changed since each earlier version, for the served site's read-and-acknowledge
            // banner; after the diff pages, whose section changes it reuses.
            var f = common
            f.add(SiteURL.changes(page.meta.id))
            for i in versions.indices { addShown(&f, i) }
            outputs.append(OutputFile(path: SiteURL.changes(page.meta.id), fingerprint: f.value) { () throws(HandbookError) in
                try shared.renderer.versionChanges(page, versions: versions)
            })
        }
        return outputs
    }

    // MARK: - Tags and markets

    func tagPages() -> [OutputFile] {
        var byTag: [String: [PageSummary]] = [:]
        for p in pages { for t in p.meta.tags { byTag[t, default: []].append(p) } }
        let tags = byTag.sorted(by: { $0.key < $1.key })
        var outputs: [OutputFile] = []
        for (tag, list) in tags {
            outputs.append(lazyPage(SiteURL.tag(tag), { addPages(&$0, list) }) { $0.tagPage(tag, list) })
        }
        outputs.append(html("tags/index.html", renderer.tagIndex(tags)))
        return outputs
    }

    func marketPages() -> [OutputFile] {
        var byMarket: [String: [PageSummary]] = [:]
        var rules: [String: [MarketRule]] = [:]
        for p in pages {
            for m in p.meta.markets { byMarket[m, default: []].append(p) }
            for s in p.sections { for m in s.markets { rules[m, default: []].append(MarketRule(page: p, section: s)) } }
        }
        let markets = Set(byMarket.keys).union(rules.keys).sorted().map { MarketListing(market: $0, pages: byMarket[$0] ?? [], rules: rules[$0] ?? []) }
        var outputs: [OutputFile] = []
        for listing in markets {
            let inputs: (inout Fingerprint) -> Void = { f in
                self.addPages(&f, listing.pages)
                for r in listing.rules { f.add(r.page.meta.id); f.add(r.page.title); f.add(r.section.anchor); f.add(r.section.title) }
            }
            outputs.append(lazyPage(SiteURL.market(listing.market), inputs) { $0.marketPage(listing) })
        }
        outputs.append(html("markets/index.html", renderer.marketIndex(markets)))
        return outputs
    }

    // MARK: - Policy codes

    /// The code index and one page per code family (`codes/IP.html`), where each code is a
    /// section with the rule's full text; `codes/IP.html#ip-01` is the code's stable URL.
    func codePages() -> [OutputFile] {
        let codes = handbook.codes.values.sorted { $0.code < $1.code }
        var pagesByID: [String: PageSummary] = [:]
        for p in handbook.pages { pagesByID[p.meta.id] = p }
        var families: [CodeFamily] = []
        for code in codes {
            let prefix = SiteURL.family(code.code)
            if families.last?.prefix == prefix { families[families.count - 1].codes.append(code) } else { families.append(CodeFamily(prefix: prefix, codes: [code])) }
        }
        var outputs: [OutputFile] = []
        for i in families.indices {
            families[i].title = renderer.familyTitle(families[i].codes, pagesByID)
            outputs.append(familyPage(families[i], pagesByID: pagesByID))
        }
        let inputs: (inout Fingerprint) -> Void = { f in
            f.add(self.handbook.resolver.fingerprint)
            for family in families {
                f.add(family.prefix); f.add(family.title)
                for code in family.codes {
                    f.add(code.code); f.add(code.name); f.add(code.harm?.rawValue ?? "-"); f.add(code.anchor)
                    for m in code.markets { f.add(m) }
                    f.add(code.pageID); f.add(pagesByID[code.pageID]?.title ?? "")
                }
            }
        }
        let (allFamilies, byID) = (families, pagesByID)
        outputs.append(lazyPage("codes/index.html", inputs) { r in
            r.codeIndex(allFamilies, pagesByID: byID)
        })
        return outputs
    }

    func familyPage(_ family: CodeFamily, pagesByID: [String: PageSummary]) -> OutputFile {
        var f = baseFingerprint
        f.add(handbook.resolver.fingerprint)
        f.add(family.title)
        for code in family.codes {
            let page = pagesByID[code.pageID]
            f.add(code.code); f.add(page?.meta.id ?? ""); f.add(page?.title ?? "")
            f.add(Int(truncatingIfNeeded: page?.sourceHash ?? 0))
        }
        let shared = self.shared
        return OutputFile(path: SiteURL.codeFamily(family.prefix), fingerprint: f.value) { () throws(HandbookError) in
            try shared.renderer.familyPage(family, pagesByID: pagesByID)
        }
    }
}
