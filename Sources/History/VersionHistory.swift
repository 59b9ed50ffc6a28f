import Foundation
import Handbook

/// One published version of an SOP: a commit in which its `version` front matter value
/// changed, or the file on disk when that is newer than the last commit (or there is no git).
///
/// Its text is the page as it last stood at that version: commits that edit the page without
/// changing its version (a typo fix, a merge that brings in a branch's edits) belong to the
/// version they keep, as the site showed them under it; for the current version, the file on
/// disk (what the site renders). Its commit, date and author are those of the commit that
/// published it.
public struct SOPVersion: Sendable, Hashable, Codable {
    /// The `version` front matter value ("" when the page has none).
    public var version: String
    /// The commit id (40 hex digits); nil for the file on disk.
    public var commit: String?
    /// Commit time, seconds since 1970 UTC; nil for the file on disk.
    public var time: Int64?
    /// Commit date, `YYYY-MM-DD`, in the committer's time zone (as `git log` shows it); nil for
    /// the file on disk.
    public var date: String?
    /// The commit author's name (never the e-mail address); nil for the file on disk.
    public var author: String?
    /// The blob holding the page's text at this version (the last commit with it); nil when
    /// the text is the file on disk.
    var blob: String?
    /// The blob of the commit that published this version (nil for the file on disk): what
    /// the version changed at that instant, for the quiz bank's review check, whose answer at
    /// a given time must not change with later commits (`attempts verify` re-creates draws).
    var publishedBlob: String?

    /// Whether this version exists only as the file on disk.
    public var isWorkingCopy: Bool { commit == nil }
    /// Whether this version's text is the file on disk (the version on disk, or the current
    /// version's, committed or not); then what shows it depends on that file's bytes.
    public var textIsOnDisk: Bool { blob == nil }
    /// The git blob id of this version's text; nil when it is the file on disk.
    public var textID: String? { blob }
    /// The git blob id of the text this version was published with (see `publishedBlob`);
    /// nil for a version that exists only on disk.
    public var publishedTextID: String? { publishedBlob }

    enum CodingKeys: String, CodingKey { case version, commit, date, author }

    init(version: String, commit: String?, time: Int64?, date: String?, author: String?, blob: String?, publishedBlob: String? = nil) {
        (self.version, self.commit, self.time, self.date, self.author) = (version, commit, time, date, author)
        (self.blob, self.publishedBlob) = (blob, publishedBlob ?? blob)
    }
}

/// The published versions of the SOPs in a content folder, read from the git repository
/// that holds it.
///
/// Speed (a site build reads every page's history): one first-parent walk over HEAD; for
/// each commit only the files whose blob id differs from the parent are looked at (subtrees
/// whose ids are equal are never opened), and only their front matter is parsed. Each blob
/// is read at most once (`readPages`), on two repository handles at once; blobs are not
/// kept, `text(of:at:)` reads one again. With a `Snapshot` of an earlier read, only the
/// commits made since are walked, and none when HEAD has not moved.
///
/// A page whose file was moved or renamed (a commit deletes one path and adds another with
/// the same page id, or adds the copy first and deletes the old path in a later commit)
/// keeps the versions it had under its old path.
public final class VersionHistory {
    /// The repository's working tree root, or nil when the content folder is not in a git repository.
    public var repositoryRoot: String? { repository?.workdir }
    /// The content folder as given.
    public let contentDir: String
    /// Committed versions by page path (relative to the content folder), oldest first.
    public private(set) var committed: [String: [SOPVersion]] = [:]
    /// The commits of each page (by path) that are not published versions although they
    /// changed its `version` (it went backwards) or seem to (unreadable front matter), oldest
    /// first: warnings, which follow a page across moves.
    public private(set) var notes: [String: [HistoryNote]] = [:]
    /// What a later read of the whole content folder can start from (nil for a read of some
    /// paths only, or without a repository).
    public private(set) var snapshot: Snapshot?

    private let repository: GitRepository?
    /// How many blobs the history walk read (each distinct changed page blob once).
    private(set) var blobsRead = 0
    /// How many commits the history walk looked at.
    private(set) var commitsWalked = 0

    private init(contentDir: String, repository: GitRepository?) {
        self.contentDir = contentDir
        self.repository = repository
    }

    /// Reads the history of the Markdown pages in `content` (of `paths` only, when given:
    /// paths relative to the content folder). A folder outside any repository has no history.
    /// `since`: the snapshot of an earlier read of the same folder (ignored with `paths`).
    ///
    /// Throws for a repository libgit2 cannot read (or a loose object cut short, which
    /// libgit2 1.5 cannot read safely), a shallow clone, and a version that goes backwards
    /// from one commit to the next.
    public static func read(content: String, paths: Set<String>? = nil, since: Snapshot? = nil) throws(HistoryError) -> VersionHistory {
        let folder = resolved(content)
        guard let repository = try GitRepository.discover(from: folder) else {
            return VersionHistory(contentDir: content, repository: nil)
        }
        let history = VersionHistory(contentDir: content, repository: repository)
        if repository.isShallow { throw HistoryError.shallow(repository: repository.workdir) }
        let root = resolved(repository.workdir)
        var prefix = ""
        if folder != root, folder.hasPrefix(root + "/") { prefix = String(folder.dropFirst(root.count + 1)) }
        try history.walk(prefix: prefix, paths: paths, since: paths == nil ? since : nil)
        return history
    }

    // MARK: - Walking the history

    /// Four phases: the first-parent line of HEAD is followed back (to the snapshot's commit
    /// when there is one); the tree comparisons list the changed page blobs of each commit
    /// (no blob is read); each distinct blob is then read once and its front matter parsed;
    /// last, each page's versions are assembled in commit order.
    private func walk(prefix: String, paths: Set<String>?, since: Snapshot?) throws(HistoryError) {
        guard let repository, let head = try repository.head() else { return }
        var state = WalkState()
        var line: [CommitInfo] = []
        if let since, since.folder == prefix, since.head == head.hex {
            state = since.state
        } else {
            let walked = try repository.firstParentLine(from: head, stop: since?.folder == prefix ? since.map { ObjectID(hex: $0.head) } : nil)
            if walked.reachedStop, let since { state = since.state }
            line = walked.commits.reversed()
        }
        commitsWalked = line.count

        // Which files changed in each commit (pages only).
        var commits: [(CommitInfo, [BlobChange])] = []
        var parentTree: ObjectID?
        if let first = line.first, let parent = first.parent { parentTree = try repository.commit(parent).tree }
        // Where the content folder was at each commit: a commit that moved it whole (`git mv
        // docs Content`, a handbook moved to where `--content` points) continues the versions
        // it had under its old name; they were lost, and the move was taken for a version.
        var folders = [String](repeating: prefix, count: line.count)
        var folder = prefix
        for i in line.indices.reversed() {
            folders[i] = folder
            guard i > 0 else {
                // Moved by the first commit since the snapshot: the snapshot holds no versions
                // from before the move; the whole history is walked again.
                if since != nil, let parentTree, try repository.movedFolder(folder, tree: line[i].tree, parentTree: parentTree, commit: line[i].id) != nil {
                    return try walk(prefix: prefix, paths: paths, since: nil)
                }
                break
            }
            if let moved = try repository.movedFolder(folder, tree: line[i].tree, parentTree: line[i - 1].tree, commit: line[i].id) { folder = moved }
        }
        var previousFolder = folders.first ?? prefix
        for (i, commit) in line.enumerated() {
            let changes = try repository.changes(from: parentTree, to: commit.tree, under: folders[i], oldFolder: previousFolder, commit: commit.id)
            parentTree = commit.tree
            previousFolder = folders[i]
            let pages = changes.filter { $0.path.hasSuffix(".md") }
            if !pages.isEmpty { commits.append((commit, pages)) }
        }
        let wanted = paths.map { Self.followRenames(of: $0, in: commits) }
        if let wanted { commits = commits.map { ($0.0, $0.1.filter { wanted.contains($0.path) }) } }

        let pageOfBlob = try readPages(commits, repository: repository)
        for (commit, changes) in commits {
            try state.apply(changes, of: commit, pageOfBlob: pageOfBlob, file: displayPath)
        }
        committed = state.committed
        for path in state.lineageOfPath.keys where paths?.contains(path) ?? true {
            let list = state.notes(of: path)
            if !list.isEmpty { notes[path] = list }
        }
        if let paths { committed = committed.filter { paths.contains($0.key) } }
        if paths == nil { snapshot = Snapshot(folder: prefix, head: head.hex, state: state) }
    }

    /// `paths` and every path a page among them may have been moved from: the pages deleted
    /// in the commit that adds one of them or in any later commit (a move in one commit, or a
    /// copy and a later deletion of the original); whether it is the same page is decided by
    /// its id later.
    static func followRenames(of paths: Set<String>, in commits: [(CommitInfo, [BlobChange])]) -> Set<String> {
        var wanted = paths
        var deletedSince = Set<String>()
        for (_, changes) in commits.reversed() {
            for change in changes where change.blob == nil { deletedSince.insert(change.path) }
            // Pages that traded files in this commit (a.md and b.md swapped by `git mv`): the
            // text a wanted path had went to another path, or it came from one; that path's
            // versions decide whose they are (`WalkState.followIDs`). `casebook diff beta`
            // read only b.md and showed alpha's text as beta's.
            for change in changes where wanted.contains(change.path) && change.blob != nil {
                for other in changes where other.path != change.path {
                    if (other.blob != nil && other.blob == change.oldBlob) || (other.oldBlob != nil && other.oldBlob == change.blob) { wanted.insert(other.path) }
                }
            }
            guard changes.contains(where: { $0.oldBlob == nil && $0.blob != nil && wanted.contains($0.path) }) else { continue }
            wanted.formUnion(deletedSince)
        }
        return wanted
    }

    /// The `version` and page id of every distinct blob added or changed in `commits`. Blobs
    /// are read on two threads, each with its own repository handle (libgit2 objects are not
    /// shared between threads), and parsed a batch at a time so few blobs are held at once.
    private func readPages(_ commits: [(CommitInfo, [BlobChange])], repository: GitRepository) throws(HistoryError) -> [ObjectID: PageVersion] {
        var pending: [BlobToRead] = []
        var seen = Set<ObjectID>()
        for (_, changes) in commits {
            for change in changes {
                if let blob = change.blob, seen.insert(blob).inserted { pending.append(BlobToRead(blob: blob, path: change.path, display: displayPath(change.path))) }
            }
        }
        blobsRead += pending.count
        // Read each page's versions one after another, oldest first (the order they were
        // found in): packed versions of a page are stored as deltas of one another, and
        // libgit2 keeps the bases it has just unpacked, so a page's next version costs one
        // delta. Read commit by commit, every page's chain was unpacked again from its base
        // once the bases of thousands of other pages had pushed it out of that cache.
        pending = pending.enumerated().sorted { ($0.element.path, $0.offset) < ($1.element.path, $1.offset) }.map(\.element)
        var pageOfBlob: [ObjectID: PageVersion] = [:]
        pageOfBlob.reserveCapacity(pending.count)
        let batch = 2048
        let handles = try BlobReaders(repository, count: pending.count >= 64 ? 2 : 1)
        for start in stride(from: 0, to: pending.count, by: batch) {
            let slice = Array(pending[start..<min(start + batch, pending.count)])
            let pages = try handles.map(slice) { item, repository throws(HistoryError) in
                Self.page(in: try repository.blob(item.blob, path: item.display), file: item.path)
            }
            for (item, page) in zip(slice, pages) { pageOfBlob[item.blob] = page }
        }
        return pageOfBlob
    }

    /// The `version` front matter value of a page's bytes ("" when it has none, or when its
    /// front matter cannot be read: such a commit publishes nothing) and its page id (the
    /// `id` value, else the one its path `file` gives, as Handbook does).
    ///
    /// Speed: only the front matter is handed to Handbook's reader (the history reads every
    /// changed blob of every commit, and the body is most of each page), so the body is
    /// neither validated nor copied into a String here.
    static func page(in bytes: [UInt8], file: String) -> PageVersion {
        let prefix = Array(frontMatterPrefix(bytes))
        do {
            let front = try SourceText.read(prefix, file: file).frontMatter
            return PageVersion(version: front["version"]?.scalar ?? "", id: front["id"]?.scalar ?? PageRenderer.defaultPageID(for: file))
        } catch {
            let problem = error.diagnostics.first.map { ($0.line > 0 ? "line \($0.line): " : "") + $0.message } ?? error.description
            return PageVersion(version: "", id: PageRenderer.defaultPageID(for: file), problem: problem, intended: Self.versionLine(in: prefix))
        }
    }

    /// The value of the first `version:` line of front matter that cannot be parsed, quotes
    /// removed ("" when there is none): which version a broken commit seems to have meant.
    static func versionLine(in prefix: [UInt8]) -> String { frontMatterLine("version", in: prefix) }

    /// The value of the first `key:` line of front matter read line by line, quotes removed
    /// ("" when there is none).
    static func frontMatterLine(_ key: String, in prefix: [UInt8]) -> String {
        for line in String(decoding: prefix, as: UTF8.self).split(whereSeparator: \.isNewline) where line.hasPrefix(key + ":") {
            var value = line.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
            if let hash = value.range(of: " #") { value = String(value[..<hash.lowerBound]).trimmingCharacters(in: .whitespaces) }
            if value.count >= 2, let f = value.first, f == "\"" || f == "'", value.last == f { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return ""
    }

    /// The `version` front matter value of a page's bytes (see `page(in:file:)`).
    static func version(in bytes: [UInt8], file: String) -> String { page(in: bytes, file: file).version }

    /// The bytes from the start of the page up to the end of the line that closes its front
    /// matter (a line that is `---` or `...`, optionally followed by spaces or a CR); all of
    /// `bytes` when the page opens no front matter or never closes it.
    static func frontMatterPrefix(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        frontMatterEnd(bytes).map { bytes[..<$0] } ?? bytes[...]
    }

    /// Where the line after the one closing the page's front matter starts (see
    /// `frontMatterPrefix`); nil when the page opens no front matter or never closes it.
    static func frontMatterEnd(_ bytes: [UInt8]) -> Int? {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard bytes[start...].starts(with: [45, 45, 45]) else { return nil } // "---"
        return bytes.withUnsafeBufferPointer { buffer in
            var lineStart = start
            var first = true
            while lineStart < buffer.count {
                var lineEnd = lineStart
                while lineEnd < buffer.count, buffer[lineEnd] != 10 { lineEnd += 1 }
                if !first {
                    var last = lineEnd
                    while last > lineStart, buffer[last - 1] == 32 || buffer[last - 1] == 13 { last -= 1 }
                    if last - lineStart == 3 {
                        let a = buffer[lineStart], b = buffer[lineStart + 1], c = buffer[lineStart + 2]
                        if (a == 45 && b == 45 && c == 45) || (a == 46 && b == 46 && c == 46) { return min(lineEnd + 1, buffer.count) }
                    }
                }
                first = false
                lineStart = lineEnd + 1
            }
            return nil
        }
    }

    /// The versions of the page at `path` (relative to the content folder), oldest first: the
    /// committed ones, then the file on disk when its version is not the last committed one.
    /// Without a repository, only the file on disk.
    public func versions(of path: String) throws(HistoryError) -> [SOPVersion] {
        guard let bytes = FileManager.default.contents(atPath: contentDir + "/" + path).map({ [UInt8]($0) }) else { return committed[path] ?? [] }
        let version: String
        do { version = try SourceText.read(bytes, file: path).frontMatter["version"]?.scalar ?? "" } catch {
            throw HistoryError.unreadable(file: displayPath(path), version: "on disk", detail: error.description)
        }
        return try versions(of: path, onDisk: version)
    }

    /// The versions of the page at `path` when the caller already knows the `version` value
    /// of the file on disk (a site build has parsed every page): as `versions(of:)`, without
    /// reading the file again.
    public func versions(of path: String, onDisk version: String) throws(HistoryError) -> [SOPVersion] {
        var list = committed[path] ?? []
        if let last = list.last {
            if version.isEmpty { return list }
            // The same version, also when written differently ("3.0" after "3"): its text is
            // the file on disk, as the site shows it (edits not committed yet included).
            if version == last.version || VersionNumber.compare(version, last.version) == 0 {
                list[list.count - 1].blob = nil
                return list
            }
            if VersionNumber.compare(version, last.version) < 0 {
                // The page as it is now goes backwards: that is for the trainer to fix (a
                // higher version). The commit that gave it this version, when there is one.
                let commit = notes[path]?.last(where: { $0.version == version })?.commit
                throw HistoryError.versionWentBackwards(file: displayPath(path), from: last.version, to: version,
                                                        fromCommit: last.commit ?? "", toCommit: commit ?? "")
            }
        }
        list.append(SOPVersion(version: version, commit: nil, time: nil, date: nil, author: nil, blob: nil))
        return list
    }

    /// The text of the page at `path` as it was at `version`.
    public func text(of path: String, at version: SOPVersion) throws(HistoryError) -> [UInt8] {
        if let blob = version.blob, let repository {
            return try repository.blob(ObjectID(hex: blob), path: displayPath(path))
        }
        guard let data = FileManager.default.contents(atPath: contentDir + "/" + path) else {
            throw HistoryError.unreadable(file: displayPath(path), version: version.version, detail: "the file cannot be read")
        }
        return [UInt8](data)
    }

    /// `version` with the text it was published with as its text (see `publishedText`).
    public func asPublished(_ version: SOPVersion) -> SOPVersion {
        var v = version
        if let published = version.publishedBlob { v.blob = published }
        return v
    }

    /// The text of the page at `path` as it was when `version` was published (see
    /// `SOPVersion.publishedBlob`): the commit's text, or the file on disk for a version that
    /// exists only there.
    public func publishedText(of path: String, at version: SOPVersion) throws(HistoryError) -> [UInt8] {
        if let blob = version.publishedBlob, let repository {
            return try repository.blob(ObjectID(hex: blob), path: displayPath(path))
        }
        return try text(of: path, at: version)
    }

    /// Whether `version` of a page holds exactly `bytes` (the file on disk, read by the
    /// caller): the file on disk itself, or a commit whose blob git would give these bytes.
    public func holds(_ bytes: [UInt8], at version: SOPVersion) -> Bool {
        guard let blob = version.blob else { return true } // the file on disk itself
        return (try? GitRepository.blobID(of: bytes).hex) == blob
    }

    /// The section diff of the page at `path` (id `page`) between two of its versions.
    public func diff(of path: String, page: String, from old: SOPVersion, to new: SOPVersion) throws(HistoryError) -> SectionDiff {
        func outline(_ version: SOPVersion) throws(HistoryError) -> PageOutline {
            let bytes = try text(of: path, at: version)
            // A committed text cannot be fixed any more: it is read as well as it can be.
            return version.textIsOnDisk ? try PageOutline.parse(bytes, path: displayPath(path), version: version.version)
                : PageOutline.parseCommitted(bytes, path: displayPath(path), version: version.version, title: nil)
        }
        let before = try outline(old)
        let after = try outline(new)
        var diff = SectionDiff.compare(before, after, page: page)
        (diff.from, diff.to) = (old.version, new.version)
        return diff
    }

    /// Picks the two versions to compare from `versions` (oldest first): `to` defaults to the
    /// newest, `from` to the one before `to`. Nil when there is only one version.
    public func pick(_ versions: [SOPVersion], path: String, from: String?, to: String?) throws(HistoryError) -> (from: SOPVersion, to: SOPVersion)? {
        func find(_ label: String) throws(HistoryError) -> Int {
            // The newest entry with that version (the file on disk wins over a commit of the same version).
            guard let i = versions.lastIndex(where: { $0.version == label || VersionNumber.compare($0.version, label) == 0 }) else {
                throw HistoryError.unknownVersion(file: displayPath(path), version: label, known: versions.map(\.version))
            }
            return i
        }
        let toIndex = try to.map(find) ?? versions.count - 1
        let fromIndex = try from.map(find) ?? toIndex - 1
        guard fromIndex >= 0, toIndex >= 0 else { return nil }
        return (versions[fromIndex], versions[toIndex])
    }

    private func displayPath(_ path: String) -> String {
        contentDir.hasSuffix("/") ? contentDir + path : contentDir + "/" + path
    }

    private static func resolved(_ path: String) -> String {
        var p = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        while p.count > 1, p.hasSuffix("/") { p.removeLast() }
        return p
    }

    /// `YYYY-MM-DD` (UTC) of a commit time.
    static func isoDate(_ seconds: Int64) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
    }
}
