import Foundation
import Handbook
import Search
import Quiz
import History

/// What `casebook build` is asked to do.
public struct BuildOptions: Sendable {
    public var content: String
    public var out: String
    /// The quiz bank folder, checked with the content; nil or missing means none.
    public var quizzes: String?
    /// A folder of theme files overriding the built-in ones; defaults to `theme/` beside the content.
    public var themeDirectory: String?
    public var includeDrafts = false
    public var siteName = "Casebook"
    /// Reuse the previous build where nothing changed.
    public var incremental = true
    /// Build the search index (off only for measuring the rest of the build).
    public var search = true
    /// How broken links are reported; nil: as `casebook.yml` says (errors by default).
    public var links: LinkLevel?
    /// Read SOP versions from git for version and diff pages (`--no-history` turns it off).
    public var history = true
    /// The language of the site-wide pages (home, search, codes...); nil: as `casebook.yml`'s
    /// `lang:` says (English by default).
    public var language: String?

    public init(content: String, out: String, themeDirectory: String? = nil, includeDrafts: Bool = false) {
        self.content = content
        self.out = out
        self.themeDirectory = themeDirectory
        self.includeDrafts = includeDrafts
    }
}

/// The outcome of a successful build.
public struct BuildReport: Sendable {
    public var pages: Int
    public var files: Int
    public var stats: WriteStats
    /// Warnings (errors stop the build before anything is written).
    public var diagnostics: [Diagnostic]
    public var seconds: Double
    /// True when the search index was updated from the previous build's, for the pages that
    /// changed, rather than built from every page.
    public var searchIndexUpdated = false
    /// Draft and retired SOPs left out of the site (none with `--drafts`).
    public var unpublished = 0
}

/// Builds the site: load, check, render, write atomically, remember for next time.
public enum SiteBuilder {
    /// Where the build cache for `out` lives: beside it, so the site holds only the site.
    public static func cachePath(for out: String) -> String { cacheFolderPath(for: out, suffix: ".bin") }

    /// `<parent of out>/.casebook-cache/<name of out><suffix>`: the build cache (`.bin`), the
    /// search cache (`.search.bin`, with its segment file `.search.seg`) and the spare site (`.spare`) all live there.
    static func cacheFolderPath(for out: String, suffix: String) -> String {
        let url = URL(fileURLWithPath: out).standardizedFileURL
        return url.deletingLastPathComponent().path + "/.casebook-cache/" + url.lastPathComponent + suffix
    }

    /// The theme folder used when none is given: `theme/` beside the content folder.
    public static func defaultThemeDirectory(content: String) -> String {
        URL(fileURLWithPath: content).standardizedFileURL.deletingLastPathComponent().path + "/theme"
    }

    /// Runs a build. Throws with every error found; the previous site is then untouched.
    public static func build(_ options: BuildOptions, progress: (String) -> Void = { _ in }) throws(HandbookError) -> BuildReport {
        let leftovers = DeferredRelease()
        defer { leftovers.releaseInBackground() }
        do {
            return try build(options, progress: progress, leftovers: leftovers, searchCache: true)
        } catch where error.diagnostics.contains(where: { $0.message == SiteSearch.damageMessage }) {
            // A record of the search cache read while writing the index files was damaged (records
            // are checked when first read): nothing was published; build again without that cache.
            return try build(options, progress: progress, leftovers: leftovers, searchCache: false)
        }
    }

    private static func build(_ options: BuildOptions, progress: (String) -> Void, leftovers: DeferredRelease, searchCache useSearchCache: Bool) throws(HandbookError) -> BuildReport {
        let start = Date()
        var trace = Trace()
        let cacheFile = cachePath(for: options.out)
        // A full build skips the cached pages but still reads what the current site holds, so
        // the site it replaces is kept as the next build's spare rather than deleted.
        // Speed: the content folder is scanned (a stat of every file) while the build cache is
        // decoded; one after the other they were the first 90 ms of a one-edit rebuild of the
        // 10,000-page bench corpus.
        let content = options.content
        // A site written into the content folder is read back as content by the next build
        // and published into itself, growing each time.
        if PathText.isWithin(options.out, content) {
            throw HandbookError(file: options.out, "is inside the content folder \(content), so the next build would publish the site into itself; choose an --out outside it (the default is site/ beside Content/)")
        }
        let scan = BackgroundValue { Result { () throws(HandbookError) in try ContentTree.scan(content) } }
        var previous: BuildCache?
        previous = BuildCache.load(from: cacheFile, pages: options.incremental)
        if previous?.generator != SiteRenderer.generatorVersion { previous = nil }
        let searchCacheFile = SiteSearch.cachePath(for: options.out)
        let incremental = options.incremental && useSearchCache
        let previousSearch = BackgroundValue { () -> SearchCache? in
            guard incremental else { return nil }
            return SearchCache.load(from: searchCacheFile)
        }
        // The theme (templates, message catalogues) does not depend on the content: it is read
        // on another thread while the content loads; its errors still come after the content's.
        let themeDirectory = options.themeDirectory ?? defaultThemeDirectory(content: options.content)
        let themeLoad = BackgroundValue { Result { () throws(HandbookError) in try Theme.load(overrideDirectory: themeDirectory) } }
        trace.mark("read cache")
        // Start assembling the new site: unchanged files are linked while content loads.
        let staged = try StagedSite(out: options.out, previous: previous, reuse: options.incremental)
        staged.prelink()
        var committed = false
        defer { if !committed { staged.abandon() } }
        // The history is walked while the content loads (it needs no page); the last build's
        // snapshot spares walking the commits it saw (not on a full build).
        let historyCacheFile = SiteHistory.snapshotPath(forSite: options.out)
        let historySince = options.history && options.incremental
            ? ContentTree.readIfPresent(historyCacheFile).flatMap(VersionHistory.Snapshot.init(decoding:)) : nil
        let walk = options.history ? SiteHistory.startWalk(content: options.content, since: historySince) : nil
        // Whatever happens, the walk ends before the build returns (a preview's next build
        // never runs beside it).
        defer { _ = walk?.value }
        progress("Reading content")
        let handbook = try Handbook.load(content: options.content, includeDrafts: options.includeDrafts,
                                         cache: previous?.pages ?? [:], cacheResolverFingerprint: previous?.resolverFingerprint,
                                         cacheWrittenAt: previous?.writtenAt ?? 0,
                                         cacheChecks: previous.flatMap { $0.includeDrafts == options.includeDrafts ? $0.checks : nil },
                                         searchText: options.search, links: options.links, scanned: scan.value)
        trace.mark("load content")
        var diagnostics = handbook.diagnostics
        // Speed: the search index needs only the pages, so it is updated on another thread
        // while the history is read and the outputs are planned (its update is mostly serial,
        // and reading the history is too: one core sat idle through each). It ends before the
        // build returns, whatever happens.
        let searchJob: BackgroundValue<Result<SiteSearch.Indexed, HandbookError>>?
        if options.search, !diagnostics.hasErrors {
            searchJob = BackgroundValue { () -> Result<SiteSearch.Indexed, HandbookError> in
                var searchTrace = Trace()
                return Result { () throws(HandbookError) in try SiteSearch.index(handbook, cache: previousSearch.value, trace: &searchTrace) }
            }
        } else {
            searchJob = nil
        }
        defer { _ = searchJob?.value }
        var mistakes: [CommonMistake] = []
        // The history is read before the bank: the bank's review check compares cited sections
        // across versions (content errors stop the build first).
        var history: SiteHistory?
        if let walk, !diagnostics.hasErrors {
            progress("Reading SOP versions")
            let read = try SiteHistory.read(content: options.content, handbook: handbook, walked: walk.value)
            diagnostics = read.explainingTranslations(diagnostics) + read.diagnostics
            history = read
            trace.mark("history")
        }
        if let quizzes = options.quizzes, FileManager.default.fileExists(atPath: quizzes) {
            let bank = try QuizBank.load(quizzes: quizzes, handbook: handbook, history: history)
            diagnostics += bank.diagnostics
            mistakes = bank.mistakes
        }
        if diagnostics.hasErrors { throw HandbookError(diagnostics.sortedForDisplay()) }
        let theme = try themeLoad.value.get()
        progress("Rendering \(handbook.publishedPages.count) pages")
        var renderer = SiteRenderer(handbook: handbook, theme: theme)
        renderer.siteName = options.siteName
        renderer.siteLanguage = try siteLanguage(options.language ?? handbook.config.lang, from: options.language != nil ? "--lang" : "casebook.yml", theme: theme)
        renderer.mistakes = Dictionary(grouping: mistakes) { SectionRef($0.section)?.pageID ?? "" }
        if let history { renderer.history = history }
        trace.mark("quizzes + theme")
        let plan = renderer.plan()
        var outputs = plan.files
        trace.mark("plan outputs")
        var searchCache = previousSearch.value ?? SearchCache()
        var searchIndexUpdated = false
        if options.search {
            progress("Indexing for search")
            guard let searchJob else { preconditionFailure("the search index was started with the build") }
            let (files, nextCache, incremental) = try searchJob.value.get()
            searchCache = nextCache
            searchIndexUpdated = incremental
            // Files written from the cache's records (snippet buckets) check them as they read
            // them: a damaged one stops the commit, and `build` starts again without the cache.
            let segment = nextCache.segment
            let damaged = HandbookError(file: searchCacheFile, SiteSearch.damageMessage)
            for file in files {
                let produce = file.produce
                outputs.append(OutputFile(path: file.path, fingerprint: file.fingerprint) { () throws(HandbookError) -> [UInt8] in
                    let bytes = produce()
                    if let segment, segment.isDamaged { throw damaged }
                    return bytes
                })
            }
            outputs.append(OutputFile(path: "search/translations.js", bytes: renderer.translationsScript()))
            trace.mark("search: index files")
        }
        var fingerprints: [String: UInt64] = [:]
        fingerprints.reserveCapacity(outputs.count)
        for o in outputs { fingerprints[o.path] = o.fingerprint }
        // The groups (each SOP's history) are compared with those the folder holds: only those
        // that changed are planned file by file.
        let groups = staged.plan(plan.groups)
        trace.mark("plan changed groups")
        let buildID = BuildCache.buildID(fingerprints, groups: groups.records)
        progress("Writing \(outputs.count + groups.fileCount) files")
        // Write the next build's page records on another thread while the files are written;
        // its head is published once the site is in place.
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000_000)
        let outputFingerprints = fingerprints
        let spare = staged.nextSpare
        let previousCache = previous
        let encoded = BackgroundValue { () -> [UInt8]? in
            var cache = BuildCache(generator: SiteRenderer.generatorVersion, buildID: buildID, resolverFingerprint: handbook.resolver.fingerprint,
                                   writtenAt: now, includeDrafts: options.includeDrafts, pages: [:], outputs: outputFingerprints, spare: spare)
            cache.groups = groups.records
            cache.orderedPages = handbook.pages.map { CachedPage(summary: $0) }
            cache.checks = handbook.linkFindings
            // The loader hands back the cached summary itself for an unchanged page: its stored record still holds.
            if let previousCache, let segment = previousCache.segment {
                cache.segment = segment
                for p in handbook.pages {
                    if let old = previousCache.pages[p.path], old.summary === p, let blob = previousCache.stored[p.path] { cache.keep[p.path] = blob }
                }
            }
            return cache.prepareSave(head: cacheFile)
        }
        committed = true // commit cleans up after itself, whether it succeeds or not
        let finalSearchCache = searchCache
        let buildSearch = options.search
        let searchSaved = BackgroundValue { buildSearch ? finalSearchCache.save(to: searchCacheFile) : false }
        let stats: WriteStats
        do {
            stats = try staged.commit(outputs, groups: groups, buildID: buildID, distinctPaths: fingerprints.count)
        } catch {
            // The caches' writers finish before a retry starts (see `build`), so theirs come last.
            _ = searchSaved.value
            _ = encoded.value
            throw error
        }
        trace.mark("write + swap")
        _ = searchSaved.value
        // Rewritten only when it changed (HEAD moved, or none was read): a rebuild with the same
        // history leaves the file (megabytes for a large handbook) as it is.
        if let snapshot = renderer.history.snapshot, snapshot != historySince { save(snapshot.encoded(), to: historyCacheFile) }

        let cacheHead = encoded.value
        trace.mark("encode cache")
        if let cacheHead { save(cacheHead, to: cacheFile) } else { unlink(cacheFile) }
        trace.mark("save cache")
        leftovers.keep((previous as Any, handbook, outputs, plan, groups, renderer, fingerprints, encoded, previousSearch, searchCache, searchSaved))
        var report = BuildReport(pages: handbook.publishedPages.count, files: outputs.count + groups.fileCount, stats: stats,
                                 diagnostics: diagnostics.sortedForDisplay(), seconds: Date().timeIntervalSince(start))
        report.searchIndexUpdated = searchIndexUpdated
        report.unpublished = handbook.pages.count - report.pages
        return report
    }
}

extension SiteBuilder {
    /// The site's language as the theme's catalogues spell it (`TH` -> `th`); English when none
    /// is set. A language no catalogue speaks is an error: its pages would show English.
    /// `source` names where it was set (`--lang` or `casebook.yml`) in the error.
    static func siteLanguage(_ asked: String?, from source: String, theme: Theme) throws(HandbookError) -> String {
        guard let asked, !asked.isEmpty else { return Messages.fallbackLanguage }
        guard let catalog = theme.messages.catalog(for: asked) else {
            throw HandbookError(file: source, "the site language '\(asked)' has no message catalogue (have: \(theme.messages.languages.joined(separator: ", "))); add theme/i18n/\(Messages.normalized(asked)).yml (see README, Adding a language) or choose one of those")
        }
        return catalog.language
    }
}

/// Writes a cache file atomically. Failing to save only costs the next build time.
func save(_ bytes: [UInt8], to path: String) {
    CacheFile.write(bytes, to: path)
}
