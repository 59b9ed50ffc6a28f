import Foundation
import Handbook

/// One published version of an SOP: a commit in which its `version` front matter value
/// changed, or the file on disk when that is newer than the last commit (or there is no git).
public struct SOPVersion: Sendable, Hashable, Codable {
    /// The `version` front matter value ("" when the page has none).
    public var version: String
    /// The commit id (40 hex digits); nil for the file on disk.
    public var commit: String?
    /// Commit time, seconds since 1970 UTC; nil for the file on disk.
    public var time: Int64?
    /// Commit date, `YYYY-MM-DD` (UTC); nil for the file on disk.
    public var date: String?
    /// The commit author's name (never the e-mail address); nil for the file on disk.
    public var author: String?
    /// The blob holding the page at this version; nil for the file on disk.
    var blob: String?

    /// Whether this version exists only as the file on disk.
    public var isWorkingCopy: Bool { commit == nil }

    enum CodingKeys: String, CodingKey { case version, commit, date, author }
}

/// The published versions of the SOPs in a content folder, read from the git repository
/// that holds it.
///
/// Speed (a site build reads every page's history): one first-parent walk over HEAD; for
/// each commit only the files whose blob id differs from the parent are looked at (libgit2
/// skips subtrees whose ids are equal), and only their front matter is parsed. Each blob is
/// read at most once (`versionOfBlob`); blobs are not kept, `text(of:at:)` reads one again.
public final class VersionHistory {
    /// The repository's working tree root, or nil when the content folder is not in a git repository.
    public var repositoryRoot: String? { repository?.workdir }
    /// The content folder as given.
    public let contentDir: String
    /// Committed versions by page path (relative to the content folder), oldest first.
    public private(set) var committed: [String: [SOPVersion]] = [:]

    private let repository: GitRepository?
    /// How many blobs the history walk read (each distinct changed page blob once).
    private(set) var blobsRead = 0

    private init(contentDir: String, repository: GitRepository?) {
        self.contentDir = contentDir
        self.repository = repository
    }

    /// Reads the history of the Markdown pages in `content` (of `paths` only, when given:
    /// paths relative to the content folder). A folder outside any repository has no history.
    ///
    /// Throws for a repository libgit2 cannot read, a shallow clone, and a version that goes
    /// backwards from one commit to the next.
    public static func read(content: String, paths: Set<String>? = nil) throws(HistoryError) -> VersionHistory {
        let folder = resolved(content)
        guard let repository = try GitRepository.discover(from: folder) else {
            return VersionHistory(contentDir: content, repository: nil)
        }
        let history = VersionHistory(contentDir: content, repository: repository)
        if repository.isShallow { throw HistoryError.shallow(repository: repository.workdir) }
        let root = resolved(repository.workdir)
        var prefix = ""
        if folder != root, folder.hasPrefix(root + "/") { prefix = String(folder.dropFirst(root.count + 1)) }
        try history.walk(prefix: prefix, paths: paths)
        return history
    }

    /// Three phases: the walk lists the changed page blobs of each commit (no blob is read);
    /// each distinct blob is then read once (libgit2, on this thread) and its front matter
    /// parsed on every core, a batch at a time so few blobs are held at once; last, each
    /// page's versions are assembled in commit order.
    private func walk(prefix: String, paths: Set<String>?) throws(HistoryError) {
        guard let repository else { return }
        var commits: [(CommitInfo, [BlobChange])] = []
        var pending: [(blob: ObjectID, path: String)] = []
        var seen = Set<String>()
        try repository.walkChanges(under: prefix) { commit, changes throws(HistoryError) in
            let pages = changes.filter { change in
                // A deleted page publishes nothing; its earlier versions stay.
                change.blob != nil && change.path.hasSuffix(".md") && (paths?.contains(change.path) ?? true)
            }
            guard !pages.isEmpty else { return }
            commits.append((commit, pages))
            for change in pages where seen.insert(change.blob!.hex).inserted { pending.append((change.blob!, change.path)) }
        }

        var versionOfBlob: [String: String] = [:]
        versionOfBlob.reserveCapacity(pending.count)
        let batch = 1024
        for start in stride(from: 0, to: pending.count, by: batch) {
            let slice = pending[start..<min(start + batch, pending.count)]
            var blobs: [(bytes: [UInt8], path: String)] = []
            blobs.reserveCapacity(slice.count)
            for item in slice { blobs.append((try repository.blob(item.blob, path: displayPath(item.path)), item.path)) }
            blobsRead += slice.count
            let versions = parallelMap(blobs) { Self.version(in: $0.bytes, file: $0.path) }
            for (item, version) in zip(slice, versions) { versionOfBlob[item.blob.hex] = version }
        }

        var current: [String: SOPVersion] = [:]
        for (commit, changes) in commits {
            for change in changes {
                guard let blob = change.blob, let version = versionOfBlob[blob.hex], !version.isEmpty else { continue }
                if let previous = current[change.path] {
                    if previous.version == version { continue }
                    if VersionNumber.compare(version, previous.version) <= 0 {
                        throw HistoryError.versionWentBackwards(file: displayPath(change.path), from: previous.version, to: version,
                                                                fromCommit: previous.commit ?? "", toCommit: commit.id.hex)
                    }
                }
                let entry = SOPVersion(version: version, commit: commit.id.hex, time: commit.time,
                                       date: Self.isoDate(commit.time), author: commit.author, blob: blob.hex)
                current[change.path] = entry
                committed[change.path, default: []].append(entry)
            }
        }
    }

    /// The `version` front matter value of a page's bytes ("" when it has none, or when its
    /// front matter cannot be read: such a commit publishes nothing).
    ///
    /// Speed: only the front matter is handed to Handbook's reader (the history reads every
    /// changed blob of every commit, and the body is most of each page), so the body is
    /// neither validated nor copied into a String here.
    static func version(in bytes: [UInt8], file: String) -> String {
        (try? SourceText.read(Array(frontMatterPrefix(bytes)), file: file))?.frontMatter["version"]?.scalar ?? ""
    }

    /// The bytes from the start of the page up to the end of the line that closes its front
    /// matter (a line that is `---` or `...`, optionally followed by spaces or a CR); all of
    /// `bytes` when the page opens no front matter or never closes it.
    static func frontMatterPrefix(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard bytes[start...].starts(with: [45, 45, 45]) else { return bytes[...] } // "---"
        let end: Int? = bytes.withUnsafeBufferPointer { buffer in
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
        return end.map { bytes[..<$0] } ?? bytes[...]
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
            if version.isEmpty || version == last.version { return list }
            if VersionNumber.compare(version, last.version) <= 0 {
                throw HistoryError.versionWentBackwards(file: displayPath(path), from: last.version, to: version,
                                                        fromCommit: last.commit ?? "", toCommit: "(not committed)")
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

    /// The section diff of the page at `path` (id `page`) between two of its versions.
    public func diff(of path: String, page: String, from old: SOPVersion, to new: SOPVersion) throws(HistoryError) -> SectionDiff {
        let before = try PageOutline.parse(text(of: path, at: old), path: displayPath(path), version: old.version)
        let after = try PageOutline.parse(text(of: path, at: new), path: displayPath(path), version: new.version)
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
