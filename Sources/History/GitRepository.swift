import CGit2
import Foundation

// The one file that imports libgit2. Every handle lives in a final class that frees it in
// deinit; every result code goes through `check`; what leaves this file is a Swift value.

/// A git object id as 40 hexadecimal digits.
struct ObjectID: Hashable, Sendable {
    var hex: String
}

/// A commit on the first-parent line of HEAD, as the history reader needs it.
struct CommitInfo: Sendable {
    var id: ObjectID
    /// Seconds since 1970 (UTC).
    var time: Int64
    /// The author's name; never the e-mail address.
    var author: String
}

/// A file under the watched folder whose blob differs between a commit and its first parent.
struct BlobChange: Sendable {
    /// Path relative to the watched folder.
    var path: String
    /// The new blob, or nil when the file was deleted.
    var blob: ObjectID?
}

/// libgit2 is initialised once per process (its own reference count makes this safe).
private let libgit2Ready: Bool = {
    git_libgit2_init()
    return true
}()

/// Checks a libgit2 result code: a negative code throws with libgit2's own message and `context`.
@discardableResult
private func check(_ code: Int32, _ context: @autoclosure () -> String) throws(HistoryError) -> Int32 {
    guard code < 0 else { return code }
    let message = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "error \(code)"
    throw HistoryError.git(context: context(), message: message)
}

private func objectID(_ oid: UnsafePointer<git_oid>) -> ObjectID {
    // git_oid_tostr writes the hex digits and the NUL, and has no result code to check.
    var buffer = [CChar](repeating: 0, count: Int(GIT_OID_HEXSZ) + 1)
    _ = git_oid_tostr(&buffer, buffer.count, oid)
    return ObjectID(hex: String(cString: buffer))
}

private func rawOID(_ id: ObjectID) throws(HistoryError) -> git_oid {
    var oid = git_oid()
    try check(git_oid_fromstr(&oid, id.hex), "object id \(id.hex)")
    return oid
}

/// An owned `git_tree`.
private final class Tree {
    let handle: OpaquePointer
    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { git_tree_free(handle) }
    var id: ObjectID { objectID(git_tree_id(handle)) }
}

/// An owned `git_commit`.
private final class Commit {
    let handle: OpaquePointer
    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { git_commit_free(handle) }
}

/// An owned `git_revwalk`.
private final class RevisionWalk {
    let handle: OpaquePointer
    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { git_revwalk_free(handle) }
}

/// An owned `git_diff`.
private final class TreeDiff {
    let handle: OpaquePointer
    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { git_diff_free(handle) }
}

/// An owned `git_blob`.
private final class Blob {
    let handle: OpaquePointer
    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { git_blob_free(handle) }
}

/// An open git repository (a `git_repository` handle, freed in deinit).
final class GitRepository {
    private let handle: OpaquePointer
    /// The working tree's root, with a trailing slash.
    let workdir: String

    /// Opens the repository that contains `path`, searching upwards as git does; nil when
    /// `path` is not inside a repository. Throws for a repository that exists but cannot be opened.
    static func discover(from path: String) throws(HistoryError) -> GitRepository? {
        _ = libgit2Ready
        var repo: OpaquePointer?
        let code = git_repository_open_ext(&repo, path, 0, nil)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "opening the git repository that holds \(path)")
        guard let repo else { throw HistoryError.git(context: "opening the git repository that holds \(path)", message: "no repository returned") }
        guard let workdir = git_repository_workdir(repo) else {
            git_repository_free(repo)
            throw HistoryError.git(context: "opening the git repository that holds \(path)", message: "it is a bare repository without a working tree")
        }
        return GitRepository(handle: repo, workdir: String(cString: workdir))
    }

    private init(handle: OpaquePointer, workdir: String) {
        self.handle = handle
        self.workdir = workdir.hasSuffix("/") ? workdir : workdir + "/"
    }

    deinit { git_repository_free(handle) }

    /// Whether the repository is a shallow clone (its oldest commits are missing).
    var isShallow: Bool { git_repository_is_shallow(handle) == 1 }

    /// Walks the first-parent line of HEAD from the oldest commit to the newest and calls
    /// `visit` with each commit and the files under `folder` (a path relative to the working
    /// tree, "" for all) whose blob differs from the commit's first parent. Subtrees whose ids
    /// are equal are never opened, and no blob is read here.
    func walkChanges(under folder: String, _ visit: (CommitInfo, [BlobChange]) throws(HistoryError) -> Void) throws(HistoryError) {
        var walkHandle: OpaquePointer?
        try check(git_revwalk_new(&walkHandle, handle), "starting a walk over the history")
        guard let walkHandle else { return }
        let walk = RevisionWalk(walkHandle)
        try check(git_revwalk_sorting(walk.handle, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue), "sorting the history")
        let head = git_revwalk_push_head(walk.handle)
        if head == GIT_EUNBORNBRANCH.rawValue || head == GIT_ENOTFOUND.rawValue { return } // no commit yet
        try check(head, "reading HEAD")
        try check(git_revwalk_simplify_first_parent(walk.handle), "following the first parents")

        var oid = git_oid()
        while true {
            let next = git_revwalk_next(&oid, walk.handle)
            if next == GIT_ITEROVER.rawValue { break }
            let id = objectID(&oid)
            try check(next, "walking the history")
            var commitHandle: OpaquePointer?
            try check(git_commit_lookup(&commitHandle, handle, &oid), "reading commit \(id.hex)")
            guard let commitHandle else { continue }
            let commit = Commit(commitHandle)
            let newTree = try folderTree(of: commit, folder: folder, id: id)
            var oldTree: Tree?
            if git_commit_parentcount(commit.handle) > 0 {
                var parentHandle: OpaquePointer?
                try check(git_commit_parent(&parentHandle, commit.handle, 0), "reading the parent of commit \(id.hex)")
                if let parentHandle { oldTree = try folderTree(of: Commit(parentHandle), folder: folder, id: id) }
            }
            let changes: [BlobChange]
            if let newTree, let oldTree, newTree.id == oldTree.id {
                changes = []
            } else if newTree == nil, oldTree == nil {
                changes = []
            } else {
                changes = try diff(from: oldTree, to: newTree, commit: id)
            }
            let signature = git_commit_author(commit.handle)
            let author = signature?.pointee.name.map { String(cString: $0) } ?? ""
            let info = CommitInfo(id: id, time: Int64(git_commit_time(commit.handle)), author: author)
            try visit(info, changes)
        }
    }

    /// The tree of `folder` in `commit`, or nil when the commit has no such folder.
    private func folderTree(of commit: Commit, folder: String, id: ObjectID) throws(HistoryError) -> Tree? {
        var rootHandle: OpaquePointer?
        try check(git_commit_tree(&rootHandle, commit.handle), "reading the tree of commit \(id.hex)")
        guard let rootHandle else { return nil }
        let root = Tree(rootHandle)
        if folder.isEmpty { return root }
        var entry: OpaquePointer?
        let found = git_tree_entry_bypath(&entry, root.handle, folder)
        if found == GIT_ENOTFOUND.rawValue { return nil }
        try check(found, "finding \(folder) in commit \(id.hex)")
        guard let entry else { return nil }
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else { return nil }
        var subtree: OpaquePointer?
        try check(git_tree_lookup(&subtree, handle, git_tree_entry_id(entry)), "reading \(folder) in commit \(id.hex)")
        return subtree.map(Tree.init)
    }

    private func diff(from old: Tree?, to new: Tree?, commit: ObjectID) throws(HistoryError) -> [BlobChange] {
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "preparing a diff")
        // Only blob ids are compared: never load a blob to guess whether it is binary.
        options.flags = GIT_DIFF_SKIP_BINARY_CHECK.rawValue
        var diffHandle: OpaquePointer?
        try check(git_diff_tree_to_tree(&diffHandle, handle, old?.handle, new?.handle, &options), "comparing commit \(commit.hex) with its parent")
        guard let diffHandle else { return [] }
        let diff = TreeDiff(diffHandle)
        var changes: [BlobChange] = []
        let count = git_diff_num_deltas(diff.handle)
        changes.reserveCapacity(count)
        for i in 0..<count {
            guard let delta = git_diff_get_delta(diff.handle, i)?.pointee else { continue }
            if delta.status == GIT_DELTA_DELETED {
                if let path = delta.old_file.path { changes.append(BlobChange(path: String(cString: path), blob: nil)) }
            } else if let path = delta.new_file.path {
                var id = delta.new_file.id
                changes.append(BlobChange(path: String(cString: path), blob: objectID(&id)))
            }
        }
        return changes
    }

    /// The bytes of a blob.
    func blob(_ id: ObjectID, path: String) throws(HistoryError) -> [UInt8] {
        var oid = try rawOID(id)
        var blobHandle: OpaquePointer?
        try check(git_blob_lookup(&blobHandle, handle, &oid), "reading \(path) (blob \(id.hex))")
        guard let blobHandle else { return [] }
        let blob = Blob(blobHandle)
        let size = Int(git_blob_rawsize(blob.handle))
        guard size > 0, let raw = git_blob_rawcontent(blob.handle) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }
}
