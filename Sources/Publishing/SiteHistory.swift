import Foundation
import Handbook
import History

/// The published versions of every SOP of a build, read once from git (History reads only
/// the blobs that changed, and with the snapshot of the last build only the commits made
/// since), for the version and diff pages.
///
/// Diffs are computed only when a page that shows one is rendered (its fingerprint changed),
/// so an incremental build reads the text of old versions only for the SOPs that changed.
/// libgit2 objects are not shared between threads: one lock serialises every read. Each
/// version's outline is parsed once for the two diff pages that show it (a version's pages
/// are rendered one after the other, so a few recent outlines are kept, not all of them).
/// Those two pages are usually rendered at the same time on two cores: the second to ask
/// for an outline waits for the parse the first started rather than parsing it again.
public final class SiteHistory: @unchecked Sendable {
    /// Whether the content folder is inside a git repository (else only the current versions exist).
    public let hasRepository: Bool
    /// Versions by page id, oldest first.
    private let versionsByID: [String: [SOPVersion]]
    private let pathByID: [String: String]
    private let history: VersionHistory?
    /// The pages this build rendered (their current versions), by path: the newest version's
    /// outline is taken from the rendered page when the file on disk is that version, rather
    /// than read from git and parsed again.
    private let current: [String: RenderedPage]
    /// Each page's title by path: the title its diffs carry (the diff pages show it).
    private let titles: [String: String]
    /// Warnings about the history of the handbook's pages: commits not taken as versions
    /// (a version going backwards, front matter that cannot be read), with the page's file.
    public let diagnostics: [Diagnostic]
    /// What the history says of each out-of-date translation (by path), for `explainingTranslations`.
    private let translationMessages: [String: String]
    private let lock = NSLock()
    /// Serialises the blob reads (libgit2 objects are not shared between threads).
    private let gitLock = NSLock()
    /// Recently parsed outlines by commit (or "disk") and path, oldest first in `outlineOrder`.
    private var outlines: [String: PageOutline] = [:]
    private var outlineOrder: [String] = []
    private static let outlinesKept = 64
    /// Outlines being parsed now, by the same key: whoever asks for one waits for it.
    private var parsing: [String: PendingOutline] = [:]

    private init(hasRepository: Bool, versionsByID: [String: [SOPVersion]], pathByID: [String: String], history: VersionHistory?,
                 current: [String: RenderedPage] = [:], titles: [String: String] = [:], diagnostics: [Diagnostic] = [],
                 translationMessages: [String: String] = [:]) {
        self.hasRepository = hasRepository
        self.diagnostics = diagnostics
        self.translationMessages = translationMessages
        self.versionsByID = versionsByID
        self.pathByID = pathByID
        self.history = history
        self.current = current
        self.titles = titles
    }

    /// No history: the site shows no version or diff pages (`casebook build --no-history`).
    public static let disabled = SiteHistory(hasRepository: false, versionsByID: [:], pathByID: [:], history: nil)

    /// Whether version pages are built at all.
    public var isEnabled: Bool { history != nil }

    /// What the next build can start from (see `VersionHistory.Snapshot`).
    public var snapshot: VersionHistory.Snapshot? { history?.snapshot }

    /// Reads the history of the handbook's pages (walking only the commits made since
    /// `since`, the previous build's snapshot). Errors (a shallow or corrupt repository, a
    /// version going backwards) name the file and what to do.
    public static func read(content: String, handbook: Handbook, since: VersionHistory.Snapshot? = nil) throws(HandbookError) -> SiteHistory {
        try read(content: content, handbook: handbook, walked: Result { () throws(HistoryError) in try VersionHistory.read(content: content, since: since) })
    }

    /// Starts reading the history of `content` on a background thread, for `read(content:handbook:walked:)`:
    /// the walk needs no page, so a site build walks git while it loads the content (the
    /// load's serial steps leave a core free, the walk's tree comparisons are serial too).
    public static func startWalk(content: String, since: VersionHistory.Snapshot?) -> BackgroundValue<Walked> {
        BackgroundValue { Walked(result: Result { () throws(HistoryError) in try VersionHistory.read(content: content, since: since) }) }
    }

    /// A history walked on another thread, handed over once that thread is done with it
    /// (nothing changes a `VersionHistory` after its walk).
    public struct Walked: @unchecked Sendable {
        let result: Result<VersionHistory, HistoryError>
    }

    /// As `read(content:handbook:since:)`, with the walk already done (`startWalk`).
    public static func read(content: String, handbook: Handbook, walked: Walked) throws(HandbookError) -> SiteHistory {
        try read(content: content, handbook: handbook, walked: walked.result)
    }

    private static func read(content: String, handbook: Handbook, walked: Result<VersionHistory, HistoryError>) throws(HandbookError) -> SiteHistory {
        var reading: PageSummary?
        do throws(HistoryError) {
            let history = try walked.get()
            var versions: [String: [SOPVersion]] = [:]
            var paths: [String: String] = [:]
            var titles: [String: String] = [:]
            versions.reserveCapacity(handbook.pages.count)
            paths.reserveCapacity(handbook.pages.count)
            titles.reserveCapacity(handbook.pages.count)
            var notes: [Diagnostic] = []
            for page in handbook.pages {
                reading = page
                versions[page.meta.id] = try history.versions(of: page.path, onDisk: page.meta.version)
                paths[page.meta.id] = page.path
                titles[page.path] = page.title
                for note in history.notes[page.path] ?? [] {
                    notes.append(Diagnostic(.warning, file: page.path, note.message, kind: .historyNote, subject: note.commit))
                }
            }
            let hasRepository = history.repositoryRoot != nil
            return SiteHistory(hasRepository: hasRepository, versionsByID: versions, pathByID: paths, history: history,
                               current: handbook.rendered, titles: titles, diagnostics: notes,
                               translationMessages: hasRepository ? translationMessages(handbook, versions: versions) : [:])
        } catch {
            // A page's version going backwards is that page's problem, for the trainer to fix
            // in it: named at its `version:` line (it was named as the content folder, line 0,
            // so editors and CI annotations could not go to it), without the way round a
            // history that cannot be read.
            if case .versionWentBackwards(let file, _, _, _, _) = error, let page = reading {
                var message = error.description
                if message.hasPrefix(file + ": ") { message.removeFirst(file.count + 2) }
                throw HandbookError([Diagnostic(.error, file: page.path, line: Self.versionLine(content + "/" + page.path), column: 1, message)])
            }
            throw HandbookError(file: content, error.description + Self.withoutHistory)
        }
    }

    /// The line of a page's `version:` front matter key (1 when it cannot be found).
    static func versionLine(_ file: String) -> Int {
        guard let bytes = try? ContentTree.read(file) else { return 1 }
        var line = 1
        for (i, text) in String(decoding: bytes.prefix(65_536), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if i > 0, text.hasPrefix("---") || text.hasPrefix("...") { break }
            if text.hasPrefix("version:") { return line }
            line += 1
        }
        return 1
    }

    /// The way round a history that cannot be read.
    private static let withoutHistory = " (or build or check with --no-history, without SOP versions)"

    /// What the history adds to the warning about each out-of-date translation (by path): the
    /// 'casebook diff' that shows what changed since the version it translates, or, when its
    /// `source_version` is no version of the original, the versions there are (a diff from it
    /// would fail). Without a repository only the current version is known: nothing is added.
    private static func translationMessages(_ handbook: Handbook, versions: [String: [SOPVersion]]) -> [String: String] {
        var out: [String: String] = [:]
        for page in handbook.pages {
            guard let id = page.meta.translationOf, let source = page.meta.sourceVersion, let original = handbook.page(id: id) else { continue }
            let current = original.meta.version
            let order = VersionNumber.compare(source, current)
            guard !current.isEmpty, order != 0 else { continue }
            let list = (versions[id] ?? []).map(\.version)
            if order > 0 {
                out[page.path] = TranslationWarning.newer(source, of: id, now: current, versions: list)
            } else if list.contains(where: { VersionNumber.compare($0, source) == 0 }) {
                out[page.path] = TranslationWarning.behind(source, of: id, now: current, diff: true)
            } else {
                out[page.path] = TranslationWarning.notAVersion(source, of: id, now: current, versions: list)
            }
        }
        return out
    }

    /// `diagnostics` (the handbook's) with each warning about an out-of-date translation
    /// saying what the history knows (see `translationMessages`).
    public func explainingTranslations(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard !translationMessages.isEmpty else { return diagnostics }
        return diagnostics.map { d in
            guard d.kind == .staleTranslation, let message = translationMessages[d.file] else { return d }
            var explained = d
            explained.message = message
            return explained
        }
    }

    /// Where a build of the site at `out` keeps its history snapshot.
    static func snapshotPath(forSite out: String) -> String { SiteBuilder.cacheFolderPath(for: out, suffix: ".history.bin") }

    /// The history snapshot the last build of the site at `out` kept, or nil. A command that
    /// reads the history without building (the quiz bank's review check) starts from it, so
    /// only the commits made since that build are walked (none when HEAD has not moved); a
    /// snapshot of another repository or folder is never used (see `VersionHistory.read`).
    public static func lastSnapshot(ofSite out: String) -> VersionHistory.Snapshot? {
        ContentTree.readIfPresent(snapshotPath(forSite: out)).flatMap(VersionHistory.Snapshot.init(decoding:))
    }

    /// The versions of the page with `id`, oldest first.
    public func versions(of id: String) -> [SOPVersion] { versionsByID[id] ?? [] }

    /// The section diff of page `id` between two of its versions. `asPublished`: between the
    /// texts the two versions were published with (the quiz bank's review check: what a
    /// version changed at the instant it was committed, which later commits keeping the
    /// version do not change), rather than as each last stood (what the site shows).
    public func diff(of id: String, from: SOPVersion, to: SOPVersion, asPublished: Bool = false) throws(HandbookError) -> SectionDiff {
        guard let history, let path = pathByID[id] else { throw HandbookError(file: id, "no history was read for this SOP") }
        do throws(HistoryError) {
            // The newer version first, unless another thread is parsing it already: the diff
            // page of the next pair, usually rendered at the same time on the other core,
            // starts with its own newer version, so neither waits for a parse the other has
            // started (older first, each thread waited for the other's parse of the version
            // they share: one core idle for a parse per diff page). Only the order of the
            // parses changes, not what they give.
            let before: PageOutline, after: PageOutline
            let newest = versions(of: id).last
            // As published: the version on disk is only there (its text is the file).
            func shown(_ v: SOPVersion) -> SOPVersion {
                guard asPublished, let published = v.publishedTextID, published != v.textID else { return v }
                return history.asPublished(v)
            }
            let (old, new) = (shown(from), shown(to))
            if isBeingParsed(path, new), !isBeingParsed(path, old) {
                before = try outline(path, old, history, newest: old == newest)
                after = try outline(path, new, history, newest: new == newest)
            } else {
                after = try outline(path, new, history, newest: new == newest)
                before = try outline(path, old, history, newest: old == newest)
            }
            // No site page shows the words of an unchanged section: they are not split.
            var diff = SectionDiff.compare(before, after, page: id, unchangedRuns: false)
            (diff.from, diff.to) = (from.version, to.version)
            return diff
        } catch {
            throw HandbookError(file: path, error.description + (error.isRepositoryProblem ? Self.withoutHistory : ""))
        }
    }

    private static func outlineKey(_ path: String, _ version: SOPVersion) -> String { (version.textID ?? "disk") + ":" + path }

    /// Whether another thread is parsing that outline now (a hint: it may finish at once).
    private func isBeingParsed(_ path: String, _ version: SOPVersion) -> Bool {
        let key = Self.outlineKey(path, version)
        lock.lock(); defer { lock.unlock() }
        return parsing[key] != nil
    }

    /// The outline of one version of the page at `path`: only the blob read goes through
    /// libgit2 (one thread at a time); parsing runs on every core.
    /// `newest`: whether `version` is the page's newest (see `load`).
    private func outline(_ path: String, _ version: SOPVersion, _ history: VersionHistory, newest: Bool) throws(HistoryError) -> PageOutline {
        let key = Self.outlineKey(path, version)
        lock.lock()
        if let known = outlines[key] {
            lock.unlock()
            return known
        }
        if let pending = parsing[key] {
            lock.unlock()
            return try pending.wait()
        }
        let pending = PendingOutline()
        parsing[key] = pending
        lock.unlock()
        let result = Result { () throws(HistoryError) -> PageOutline in try load(path, version, history, newest: newest) }
        lock.lock()
        parsing[key] = nil
        if case .success(let outline) = result, outlines.updateValue(outline, forKey: key) == nil {
            outlineOrder.append(key)
            if outlineOrder.count > Self.outlinesKept { outlines[outlineOrder.removeFirst()] = nil }
        }
        lock.unlock()
        pending.finish(result)
        return try result.get()
    }

    /// Reads and parses one version of the page at `path`, body only: every diff of a page
    /// carries the page's title, and the version label is known (`PageOutline.parseBody`).
    /// The newest version is usually the file on disk, which this build has rendered
    /// already: when the file still holds the bytes that page was rendered from and they are
    /// that version's (the same blob id, or the version is the file itself), the rendered
    /// page's outline is taken as it is.
    private func load(_ path: String, _ version: SOPVersion, _ history: VersionHistory, newest: Bool) throws(HistoryError) -> PageOutline {
        let file = history.contentDir + "/" + path
        let title = titles[path] ?? ""
        if newest, let page = current[path], let bytes = try? ContentTree.read(file),
           Fingerprint.of(bytes) == page.summary.sourceHash, history.holds(bytes, at: version) {
            if var outline = PageOutline.outline(of: page) {
                (outline.version, outline.title) = (version.version, title)
                return outline
            }
            return try PageOutline.parseBody(bytes, path: file, version: version.version, title: title)
        }
        gitLock.lock()
        let text = Result { () throws(HistoryError) -> [UInt8] in try history.text(of: path, at: version) }
        gitLock.unlock()
        // A committed text cannot be fixed any more: it is read as well as it can be (the
        // file on disk is checked, and its errors reported, when the content loads).
        if !version.textIsOnDisk { return PageOutline.parseCommitted(try text.get(), path: file, version: version.version, title: title) }
        return try PageOutline.parseBody(text.get(), path: file, version: version.version, title: title)
    }

    /// The diff pages of page `id`: one per consecutive pair of versions.
    public func pairs(of id: String) -> [(from: SOPVersion, to: SOPVersion)] {
        let list = versions(of: id)
        guard list.count > 1 else { return [] }
        return (1..<list.count).map { (list[$0 - 1], list[$0]) }
    }

    /// The versions that have a diff page (every one but the first), as labels.
    func diffedVersions(of id: String) -> Set<String> { Set(pairs(of: id).map(\.to.version)) }
}

/// An outline one thread is parsing, which others wait for.
private final class PendingOutline: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<PageOutline, HistoryError>?

    func finish(_ result: Result<PageOutline, HistoryError>) {
        self.result = result
        done.signal()
    }

    /// Waits for the parse, and lets the next waiter through.
    func wait() throws(HistoryError) -> PageOutline {
        done.wait()
        done.signal()
        guard let result else { preconditionFailure("an outline was signalled without a result") }
        return try result.get()
    }
}

extension SiteURL {
    /// An SOP's version list: `sop/<id>/versions.html`.
    public static func versions(_ id: String) -> String { "sop/\(LinkResolver.percentEncoded(id))/versions.html" }
    /// The diff between two versions of an SOP: `sop/<id>/diff-<from>-<to>.html`.
    public static func diff(_ id: String, from: String, to: String) -> String {
        "sop/\(LinkResolver.percentEncoded(id))/" + diffFile(from: from, to: to)
    }
    /// The file name of a diff page inside `sop/<id>/`.
    public static func diffFile(from: String, to: String) -> String {
        "diff-\(versionLabel(from))-\(versionLabel(to)).html"
    }
    /// A version as it stands in a file name: as written when it is only letters, digits and
    /// `.`, `_`, `~`, `+`, `-`; else those characters kept, the others `_`, and a digest of the
    /// version after it, so two versions never share a file. A version written with a space
    /// or a slash (`2 final`, `2026/02`) gave a file named with `%20` and `%2F`, linked with
    /// the same text, which a browser decodes first: its diff page was not found.
    public static func versionLabel(_ version: String) -> String {
        func plain(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2E || c == 0x5F || c == 0x7E || c == 0x2B || c == 0x2D
        }
        if !version.isEmpty, version.utf8.count <= 60, version.utf8.allSatisfy(plain) { return version }
        // At most 60 bytes kept: two labels in a file name stay under the file system's 255
        // (a 250-character version failed the build with "File name too long").
        let kept = String(decoding: version.utf8.prefix(60).map { plain($0) ? $0 : 0x5F }, as: UTF8.self)
        let digest = String(Fingerprint.of(version) & 0xFFFF_FFFF, radix: 16)
        return kept + "_" + String(repeating: "0", count: 8 - digest.count) + digest
    }
}

extension SiteRenderer {
    /// `search/translations.js`: each translation's original (`o`: page URL -> the original's
    /// page URL), so search shows an SOP once whatever language matches, and the out-of-date
    /// translations (`s`: page URL -> the original's current version), so results from them
    /// carry the same mark as their pages.
    func translationsScript() -> [UInt8] {
        struct Translations: Encodable { var o: [String: String] = [:]; var s: [String: String] = [:] }
        var translations = Translations()
        let published = handbook.publishedPages
        let publishedIDs = Set(published.map(\.meta.id))
        var originalOf: [String: String] = [:]
        for page in published { if let o = page.meta.translationOf, publishedIDs.contains(o) { originalOf[page.meta.id] = o } }
        for page in published {
            // A translation of a translation is grouped with the original at the chain's end
            // (checked with a warning), so an SOP is one search result.
            if originalOf[page.meta.id] != nil, case let (chain, cycle) = Handbook.originalChain(from: page.meta.id, originalOf), !cycle {
                translations.o[SiteURL.page(page.meta.id)] = SiteURL.page(chain.last!)
            }
            if case .behind(_, let current)? = handbook.translationState(page) { translations.s[SiteURL.page(page.meta.id)] = current }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(translations)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return Array("CasebookSearch.load(\"translations\",\(json));\n".utf8)
    }
}
