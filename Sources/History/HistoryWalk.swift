import Dispatch
import Handbook

/// What the history needs from one version of a page: its `version` value and page id.
struct PageVersion: Sendable, Hashable {
    var version: String
    var id: String
    /// Why the front matter could not be read (nil when it could): such a version publishes nothing.
    var problem: String? = nil
    /// With a `problem`: the value of a `version:` line in the unreadable front matter, if any.
    var intended: String = ""
}

/// A commit of a page that is not taken as a published version although it changed the
/// page's `version` (it went backwards) or may have meant to (its front matter cannot be
/// read). An old commit cannot be fixed, so it is a warning, not an error: the build goes on
/// without it. (A page whose current version goes backwards is still an error.)
public struct HistoryNote: Sendable, Hashable {
    /// The commit (40 hex digits).
    public var commit: String
    /// The `version` value it gave ("" when its front matter cannot be read).
    public var version: String
    /// What happened and what it means, without the file name.
    public var message: String
}

/// A changed page blob to read, with the page's path (relative and as shown in messages).
struct BlobToRead: Sendable {
    var blob: ObjectID
    var path: String
    var display: String
}

/// The versions of every page as the walk has assembled them so far.
///
/// A page's versions form a lineage that follows its path; when a commit deletes a page, its
/// lineage waits under the page's id, and a page that appears later with the same id (a
/// moved or renamed file, in the same commit or a later one) continues it. When another page
/// with the same id already exists (the file was copied first, its old path deleted later),
/// that page continues it at once.
struct WalkState: Sendable, Equatable {
    var lineages: [[SOPVersion]] = []
    /// The lineage of each page that exists.
    var lineageOfPath: [String: Int] = [:]
    /// The page id of each page that exists.
    var idOfPath: [String: String] = [:]
    /// Lineages of deleted pages, by page id.
    var orphans: [String: Int] = [:]
    /// The versions of each deleted page as they were when it was deleted.
    var deleted: [String: [SOPVersion]] = [:]
    /// The commits of each lineage that are not versions although they changed (or broke) its
    /// `version`, oldest first (see `HistoryNote`).
    var notes: [Int: [HistoryNote]] = [:]

    /// Adds one commit's page changes: deletions first (so a move within one commit is seen),
    /// then new and changed pages. A version that is not after the page's last one throws.
    mutating func apply(_ changes: [BlobChange], of commit: CommitInfo, pageOfBlob: [ObjectID: PageVersion],
                        file: (String) -> String) throws(HistoryError) {
        var deletions: [(path: String, lineage: Int, id: String?)] = []
        for change in changes where change.blob == nil {
            guard let lineage = lineageOfPath.removeValue(forKey: change.path) else { continue }
            if !lineages[lineage].isEmpty { deleted[change.path] = lineages[lineage] }
            deletions.append((change.path, lineage, idOfPath.removeValue(forKey: change.path)))
        }
        // A page copied to a new path in an earlier commit and now deleted under its old one
        // was moved in two steps: its copy (the existing page with the same id) continues it.
        let copies = deletions.isEmpty ? [:] : pathsWithIDs(Set(deletions.compactMap(\.id)))
        for deletion in deletions {
            guard let id = deletion.id else { continue }
            if let copy = copies[id] {
                try join(deletion.lineage, into: copy, commit: commit, file: file)
            } else {
                orphans[id] = deletion.lineage
            }
        }
        followIDs(changes, pageOfBlob: pageOfBlob)
        for change in changes {
            guard let blob = change.blob, let page = pageOfBlob[blob] else { continue }
            let lineage: Int
            if let known = lineageOfPath[change.path] {
                lineage = known
            } else if let moved = orphans.removeValue(forKey: page.id) {
                lineage = moved
                lineageOfPath[change.path] = lineage
            } else {
                lineage = lineages.count
                lineages.append([])
                lineageOfPath[change.path] = lineage
            }
            idOfPath[change.path] = page.id
            // A commit whose page has no version (or unreadable front matter) publishes nothing;
            // unreadable front matter in a commit after the first version is noted.
            // It is noted when it seems to give a new version (else nothing is lost).
            if let problem = page.problem {
                if !page.intended.isEmpty, let previous = lineages[lineage].last, VersionNumber.compare(page.intended, previous.version) != 0 {
                    notes[lineage, default: []].append(HistoryNote(commit: commit.id.hex, version: page.intended, message:
                        "the front matter in commit \(commit.id.hex.prefix(12)) (version \(page.intended)) cannot be read (\(problem)), so that commit is not a published version; the versions page and the diffs skip it"))
                }
                continue
            }
            guard !page.version.isEmpty else { continue }
            if let previous = lineages[lineage].last {
                // The same version, also written differently ("3" and "3.0", "v3.2" and "3.2"):
                // an edit that keeps the version (a typo fix, a merge bringing in a branch's
                // edits) is part of it, as the site shows it; its date and author stay the
                // commit's that published it.
                if previous.version == page.version || VersionNumber.compare(page.version, previous.version) == 0 {
                    lineages[lineage][lineages[lineage].count - 1].blob = blob.hex
                    continue
                }
                if VersionNumber.compare(page.version, previous.version) < 0 {
                    // An old commit cannot be changed (a revert, a typo fixed since): not a
                    // version, and a warning. A page whose current version is still behind is
                    // an error (`VersionHistory.versions(of:onDisk:)`).
                    notes[lineage, default: []].append(Self.backwards(page.version, commit: commit.id.hex, after: previous))
                    continue
                }
            }
            lineages[lineage].append(SOPVersion(version: page.version, commit: commit.id.hex, time: commit.time,
                                                date: commit.date, author: commit.author, blob: blob.hex))
        }
    }

    /// Pages that traded files in one commit (a.md and b.md swapped; the old page renamed to
    /// `counterfeit-legacy.md` while a new draft took `counterfeit.md`): a page's id, not its
    /// path, says whose versions it continues. A path whose page id changed lets its lineage
    /// go; the page now holding that id at another path takes it; the path takes the lineage
    /// its new id let go elsewhere, else keeps its own when nobody took it (an id changed in
    /// place keeps its history), else starts anew (or continues an orphan of its new id). A
    /// lineage let go and taken by nobody waits under its id, as a deleted page's does.
    /// Followed by path, each page continued the other's versions, and the next version of
    /// either stopped the build as "going backwards".
    private mutating func followIDs(_ changes: [BlobChange], pageOfBlob: [ObjectID: PageVersion]) {
        var released: [String: (lineage: Int, path: String)] = [:]
        for change in changes {
            guard let blob = change.blob, let page = pageOfBlob[blob], page.problem == nil, !page.id.isEmpty,
                  let old = idOfPath[change.path], !old.isEmpty, old != page.id, let lineage = lineageOfPath[change.path] else { continue }
            released[old] = (lineage, change.path)
        }
        guard !released.isEmpty else { return }
        var claimed: [String: Int] = [:]
        var taken = Set<Int>()
        for change in changes {
            guard let blob = change.blob, let page = pageOfBlob[blob], page.problem == nil,
                  let r = released[page.id], r.path != change.path, claimed[change.path] == nil, !taken.contains(r.lineage) else { continue }
            claimed[change.path] = r.lineage
            taken.insert(r.lineage)
        }
        for (old, r) in released.sorted(by: { $0.key < $1.key }) where !taken.contains(r.lineage) {
            if claimed[r.path] == nil {
                claimed[r.path] = r.lineage
            } else {
                orphans[old] = r.lineage
            }
        }
        for (_, r) in released where claimed[r.path] == nil { lineageOfPath[r.path] = nil }
        for (path, lineage) in claimed { lineageOfPath[path] = lineage }
    }

    /// The first existing path (in path order) of each page id among `ids`.
    private func pathsWithIDs(_ ids: Set<String>) -> [String: String] {
        var result: [String: String] = [:]
        for (path, id) in idOfPath where ids.contains(id) {
            if let known = result[id], known < path { continue }
            result[id] = path
        }
        return result
    }

    /// Puts the versions of `lineage` (a deleted page) before those of the page at `path`: a
    /// version of the copy equal to the last one of the original is the same version; one
    /// before it throws, as a version going backwards across a move does.
    private mutating func join(_ lineage: Int, into path: String, commit: CommitInfo, file: (String) -> String) throws(HistoryError) {
        guard let target = lineageOfPath[path] else { return }
        var joined = lineages[lineage]
        var joinedNotes = notes.removeValue(forKey: lineage) ?? []
        for version in lineages[target] {
            if let previous = joined.last {
                if previous.version == version.version || VersionNumber.compare(version.version, previous.version) == 0 {
                    joined[joined.count - 1].blob = version.blob // the copy's text of that version is the later one
                    continue
                }
                if VersionNumber.compare(version.version, previous.version) < 0 {
                    joinedNotes.append(Self.backwards(version.version, commit: version.commit ?? commit.id.hex, after: previous))
                    continue
                }
            }
            joined.append(version)
        }
        joinedNotes += notes[target] ?? []
        if !joinedNotes.isEmpty { notes[target] = joinedNotes }
        lineages[target] = joined
        lineages[lineage] = []
    }

    /// The note for a commit giving `version`, which is before the page's last version `previous`.
    static func backwards(_ version: String, commit: String, after previous: SOPVersion) -> HistoryNote {
        HistoryNote(commit: commit, version: version, message:
            "version \(version) in commit \(commit.prefix(12)) goes backwards from \(previous.version) (commit \((previous.commit ?? "").prefix(12))), so that commit is not a published version (versions only go up); the versions page and the diffs skip it")
    }

    /// The notes of the page at `path` (of every path it was moved from too).
    func notes(of path: String) -> [HistoryNote] {
        lineageOfPath[path].flatMap { notes[$0] } ?? []
    }

    /// Committed versions by path: every page that exists, and deleted pages as they were.
    var committed: [String: [SOPVersion]] {
        var result = deleted
        for (path, lineage) in lineageOfPath where !lineages[lineage].isEmpty { result[path] = lineages[lineage] }
        return result
    }
}

/// Repository handles for reading blobs on several threads: worker `w` uses handle `w` only,
/// since libgit2 objects must not be shared between threads.
final class BlobReaders: @unchecked Sendable {
    private let handles: [GitRepository]

    init(_ repository: GitRepository, count: Int) throws(HistoryError) {
        var handles = [repository]
        while handles.count < count { handles.append(try repository.reopen()) }
        self.handles = handles
    }

    /// `transform` of every item, in order; the first error (by item order) is thrown. Each
    /// worker takes one contiguous share of the items (neighbours, such as the versions of
    /// one page, are read on the same handle, whose caches then serve them).
    func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T, GitRepository) throws(HistoryError) -> R) throws(HistoryError) -> [R] {
        let workers = handles.count
        let results = Slots<Result<R, HistoryError>>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for i in (items.count * worker / workers)..<(items.count * (worker + 1) / workers) {
                results.set(i, Result { () throws(HistoryError) -> R in try transform(items[i], self.handles[worker]) })
            }
        }
        var values: [R] = []
        values.reserveCapacity(items.count)
        for result in results.values() { values.append(try result.get()) }
        return values
    }
}

/// Write-once slots filled from concurrent iterations, each slot by exactly one iteration.
private final class Slots<R>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<R?>
    private let count: Int
    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: max(count, 1))
        storage.initialize(repeating: nil, count: count)
    }
    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }
    func set(_ i: Int, _ value: R) { storage[i] = value }
    func values() -> [R] { (0..<count).map { storage[$0]! } }
}
