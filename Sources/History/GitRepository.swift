import CGit2
import Foundation

// The one file that imports libgit2. Every handle lives in a final class that frees it in
// deinit; every result code goes through `check`; what leaves this file is a Swift value.
//
// Every object is looked up through `lookup`, which first checks a loose object's file (see
// `checkLoose`), and nothing here lets libgit2 load objects on its own: the first-parent
// line is followed commit by commit rather than with a revwalk, and trees are compared entry
// by entry rather than with git_diff_tree_to_tree (both read objects inside libgit2, where a
// truncated loose object would hang the build).

/// A git object id as 40 hexadecimal digits.
struct ObjectID: Hashable, Sendable {
    var hex: String
}

/// A commit on the first-parent line of HEAD, as the history reader needs it.
struct CommitInfo: Sendable {
    var id: ObjectID
    /// Seconds since 1970 (UTC).
    var time: Int64
    /// The committer's time zone, in minutes east of UTC: the commit's day is the one its
    /// committer saw (and `git log` shows), not UTC's.
    var offset: Int32 = 0
    /// The commit's date (YYYY-MM-DD) in its committer's time zone.
    var date: String { VersionHistory.isoDate(time + Int64(offset) * 60) }
    /// The author's name; never the e-mail address.
    var author: String
    /// The commit's root tree.
    var tree: ObjectID
    /// The first parent, nil for a root commit.
    var parent: ObjectID?
}

/// A file under the watched folder whose blob differs between a commit and its first parent.
struct BlobChange: Sendable {
    /// Path relative to the watched folder.
    var path: String
    /// The new blob, or nil when the file was deleted.
    var blob: ObjectID?
    /// The blob before, or nil when the file was added.
    var oldBlob: ObjectID?
}

/// libgit2 is initialised once per process (its own reference count makes this safe).
///
/// Objects are read without hashing their bytes again (libgit2's strict hash verification,
/// on by default, is turned off), as git itself reads them: `git log`, `git show` and
/// `git cat-file` never hash what they read; only `git fsck` does. A damaged object still
/// fails to read: zlib checks every stream (Adler-32), libgit2 checks a delta's sizes, and a
/// loose object cut short is refused before libgit2 reads it (`checkLoose`). Speed: the hash
/// (SHA-1 with collision detection) was four fifths of reading a blob, and a full build
/// with history reads every changed blob of every commit, then each old version again for
/// its diffs (~7% of the instructions of a 500-page build with 5 versions of every page).
private let libgit2Ready: Bool = {
    git_libgit2_init()
    // Its only failure (an unknown option) leaves the check on: slower, the same bytes.
    _ = casebook_git_set_strict_hash_verification(0)
    return true
}()

/// Checks a libgit2 result code: a negative code throws with libgit2's own message and `context`.
@discardableResult
private func check(_ code: Int32, _ context: @autoclosure () -> String) throws(HistoryError) -> Int32 {
    guard code < 0 else { return code }
    let message = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "error \(code)"
    throw HistoryError.git(context: context(), message: message)
}

/// `text` in `encoding` (a commit's `encoding` header; nil or UTF-8: as it is) as a String,
/// converted by glibc's iconv; bytes iconv cannot convert are read as UTF-8 is, with U+FFFD.
func decodedText(_ text: UnsafePointer<CChar>, encoding: String?) -> String {
    guard let encoding, !["utf-8", "utf8"].contains(encoding.lowercased()) else { return String(cString: text) }
    let converter = iconv_open("UTF-8", encoding)
    guard converter != iconv_t(bitPattern: -1) else { return String(cString: text) }
    defer { iconv_close(converter) }
    var inLeft = strlen(text)
    var input: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: text)
    var output = [CChar](repeating: 0, count: inLeft * 4 + 4)
    let converted: String? = output.withUnsafeMutableBufferPointer { buffer in
        var outPointer: UnsafeMutablePointer<CChar>? = buffer.baseAddress
        var outLeft = buffer.count - 1
        guard iconv(converter, &input, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0, let start = buffer.baseAddress, let end = outPointer else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: start, count: end - start), as: UTF8.self)
    }
    return converted ?? String(cString: text)
}

private func objectID(_ oid: UnsafePointer<git_oid>) -> ObjectID {
    // git_oid_tostr writes the hex digits and the NUL, and has no result code to check.
    var buffer = [CChar](repeating: 0, count: Int(GIT_OID_HEXSZ) + 1)
    _ = git_oid_tostr(&buffer, buffer.count, oid)
    return ObjectID(hex: String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
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
}

/// An owned `git_commit`.
private final class Commit {
    let handle: OpaquePointer
    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { git_commit_free(handle) }
}

/// An owned `git_blob`.
private final class Blob {
    let handle: OpaquePointer
    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { git_blob_free(handle) }
}

/// An open git repository (a `git_repository` handle, freed in deinit). Not for use from two
/// threads at once: open one per thread.
final class GitRepository {
    private let handle: OpaquePointer
    /// The working tree's root, with a trailing slash.
    let workdir: String
    /// The folder of the loose objects (`.git/objects/`), with a trailing slash.
    private let objectsDir: String
    /// The fan-out folders (`ab/`) of the objects folder, listed the first time an object is
    /// looked up, and the loose objects' file names in each, listed the first time an object of
    /// it is. Speed: a cloned or packed repository has no loose objects, and opening the file
    /// each object would have was most of a build's system time with history (18,000 failed
    /// opens in a full build of 2,000 SOPs with 5 versions each).
    private var fanOut: Set<String>?
    private var looseNames: [String: Set<String>] = [:]

    /// Opens the repository that contains `path`, searching upwards as git does; nil when
    /// `path` is not inside a repository. Throws for a repository that exists but cannot be opened.
    static func discover(from path: String) throws(HistoryError) -> GitRepository? {
        // Speed: initialising libgit2 parses the system's CA certificates (1.8% of a one-edit
        // rebuild of the 10,000-page bench corpus); a folder with no `.git` in it or above it
        // (and not a git folder itself) is in no repository, which libgit2 would say too.
        guard let folder = Self.repositoryFolder(holding: path) else { return nil }
        _ = libgit2Ready
        var repo: OpaquePointer?
        let code = git_repository_open_ext(&repo, path, 0, nil)
        if code < 0, let refusal = Self.refusal(code, folder: folder) { throw refusal }
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "opening the git repository that holds \(path)")
        guard let repo else { throw HistoryError.git(context: "opening the git repository that holds \(path)", message: "no repository returned") }
        guard let workdir = git_repository_workdir(repo) else {
            git_repository_free(repo)
            throw HistoryError.git(context: "opening the git repository that holds \(path)", message: "it is a bare repository without a working tree")
        }
        var objects = git_buf()
        defer { git_buf_dispose(&objects) }
        let found = git_repository_item_path(&objects, repo, GIT_REPOSITORY_ITEM_OBJECTS)
        if found < 0 { git_repository_free(repo) }
        try check(found, "finding the objects folder of the git repository that holds \(path)")
        let objectsDir = objects.ptr.map { String(cString: $0) } ?? ""
        return GitRepository(handle: repo, workdir: String(cString: workdir), objectsDir: objectsDir)
    }

    /// Why libgit2 refused to open the repository in `folder` (`code`, and its last error),
    /// when that is not "no repository" nor damage `git fsck` would find:
    /// - another user owns it and git is not told to trust it (`safe.directory`): libgit2 1.5.1
    ///   reports that as "not found" (from its configuration lookup; GIT_EOWNER later), which
    ///   read as no repository would silently drop every SOP's history;
    /// - its `.git` file (a worktree's, a submodule's) points to a folder that is gone ("not
    ///   found" from the file system), which git calls "not a git repository";
    /// - it uses a format libgit2 1.5 predates (SHA-256 object names, the reftable reference
    ///   store newer git can make its default): healthy, just unreadable here.
    private static func refusal(_ code: Int32, folder: String) -> HistoryError? {
        let last = git_error_last()?.pointee
        let errorClass = last?.klass, message = last?.message.map { String(cString: $0) } ?? ""
        if code == GIT_EOWNER.rawValue || (code == GIT_ENOTFOUND.rawValue && errorClass == Int32(GIT_ERROR_CONFIG.rawValue)) {
            return .notOwned(repository: folder, owner: ownerName(of: folder))
        }
        if code == GIT_ENOTFOUND.rawValue, errorClass == Int32(GIT_ERROR_OS.rawValue),
           let link = try? String(contentsOfFile: folder + "/.git", encoding: .utf8), link.hasPrefix("gitdir:") {
            return .brokenLink(folder: folder, target: link.dropFirst("gitdir:".count).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if let range = message.range(of: "unsupported extension name ") {
            return .unsupportedFormat(repository: folder, feature: String(message[range.upperBound...].prefix { !$0.isWhitespace && $0 != ";" }))
        }
        return nil
    }

    /// The folder at or above `path` that holds a `.git` entry, or `path` itself when it is a
    /// git folder (it has a `HEAD`); nil when there is none: then no repository holds it.
    /// Through symbolic links, as libgit2 goes: a linked folder is where its target is.
    static func repositoryFolder(holding path: String) -> String? {
        var folder = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
        if FileManager.default.fileExists(atPath: folder + "/HEAD") { return folder }
        while true {
            if FileManager.default.fileExists(atPath: (folder == "/" ? "" : folder) + "/.git") { return folder }
            guard folder != "/", let slash = folder.lastIndex(of: "/") else { return nil }
            folder = slash == folder.startIndex ? "/" : String(folder[..<slash])
        }
    }

    /// The user name (else the uid) that owns `path`.
    static func ownerName(of path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "another user" }
        if let entry = getpwuid(info.st_uid), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(info.st_uid)"
    }

    /// Another handle on the same repository, for another thread.
    func reopen() throws(HistoryError) -> GitRepository {
        guard let copy = try Self.discover(from: workdir) else {
            throw HistoryError.git(context: "opening the git repository at \(workdir) again", message: "it is gone")
        }
        return copy
    }

    private init(handle: OpaquePointer, workdir: String, objectsDir: String) {
        self.handle = handle
        self.workdir = workdir.hasSuffix("/") ? workdir : workdir + "/"
        self.objectsDir = objectsDir.hasSuffix("/") || objectsDir.isEmpty ? objectsDir : objectsDir + "/"
    }

    deinit { git_repository_free(handle) }

    /// Whether the repository is a shallow clone (its oldest commits are missing).
    var isShallow: Bool { git_repository_is_shallow(handle) == 1 }

    /// The remote a partial clone (`git clone --filter=blob:none`) leaves its missing objects
    /// to (`remote.<name>.promisor`, or `extensions.partialClone`), with its filter; nil for a
    /// full clone. Read from the configuration only when an object is missing.
    func promisorRemote() -> (name: String, filter: String)? {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, handle) == 0, let config else { return nil }
        defer { git_config_free(config) }
        func string(_ key: String) -> String? {
            var value: UnsafePointer<CChar>?
            guard git_config_get_string(&value, config, key) == 0, let value else { return nil }
            return String(cString: value)
        }
        var names: [String] = []
        var list = git_strarray()
        if git_remote_list(&list, handle) == 0 {
            for i in 0..<list.count { if let name = list.strings[i] { names.append(String(cString: name)) } }
            git_strarray_dispose(&list)
        }
        let extensionRemote = string("extensions.partialclone")
        for name in names.sorted() {
            var promisor: Int32 = 0
            let flagged = git_config_get_bool(&promisor, config, "remote.\(name).promisor") == 0 && promisor != 0
            guard flagged || name == extensionRemote else { continue }
            return (name, string("remote.\(name).partialclonefilter") ?? "")
        }
        return extensionRemote.map { ($0, string("remote.\($0).partialclonefilter") ?? "") }
    }

    // MARK: - Loose objects

    /// Throws when the object `oid` is stored as a loose object whose zlib stream is cut
    /// short, before libgit2 reads it (libgit2 1.5.1 loops forever on one, issue #7342).
    ///
    /// Only the file's zlib stream is looked at: it is inflated into a scratch buffer and
    /// must reach its end. An object kept in a pack has no file here; a loose object that is
    /// not zlib data at all is left to libgit2, which reports it.
    private func checkLoose(_ oid: UnsafePointer<git_oid>, _ context: @autoclosure () -> String) throws(HistoryError) {
        guard !objectsDir.isEmpty else { return }
        let id = objectID(oid)
        let folder = String(id.hex.prefix(2)), name = String(id.hex.dropFirst(2))
        guard isLoose(folder: folder, name: name) else { return }
        let file = objectsDir + folder + "/" + name
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return } // not loose (packed, or missing: libgit2 says which)
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue } else { return } }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[..<n])
        }
        if ZlibStream.state(of: bytes) == .truncated {
            throw HistoryError.truncatedObject(object: id.hex, file: file, context: context())
        }
    }

    /// Whether the objects folder holds the loose object `folder`/`name`, from the listings
    /// (`fanOut`, `looseNames`). A folder that cannot be listed counts as holding it: its file
    /// is then opened, as every object's was before the listings.
    private func isLoose(folder: String, name: String) -> Bool {
        if fanOut == nil {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: objectsDir) else { return true }
            fanOut = Set(entries.filter { $0.utf8.count == 2 })
        }
        guard fanOut!.contains(folder) else { return false }
        if let names = looseNames[folder] { return names.contains(name) }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: objectsDir + folder) else { return true }
        let names = Set(entries)
        looseNames[folder] = names
        return names.contains(name)
    }

    /// Looks up object `oid` of type `type` after checking it (see `checkLoose`).
    private func lookup(_ oid: UnsafePointer<git_oid>, _ type: git_object_t, _ context: @autoclosure () -> String) throws(HistoryError) -> OpaquePointer {
        let what = context()
        try checkLoose(oid, what)
        var object: OpaquePointer?
        let code: Int32
        switch type {
        case GIT_OBJECT_COMMIT: code = git_commit_lookup(&object, handle, oid)
        case GIT_OBJECT_TREE: code = git_tree_lookup(&object, handle, oid)
        default: code = git_blob_lookup(&object, handle, oid)
        }
        do throws(HistoryError) { try check(code, what) } catch {
            // Every id looked up here came from the repository itself (HEAD, a parent, a tree
            // entry): one that cannot be read is a damaged or missing object, whatever libgit2's
            // words for it ("object not found", "invalid distance too far back", ...), unless
            // the repository is a partial clone: then it was never downloaded (libgit2 cannot
            // fetch it from the promisor remote as git does).
            guard case .git(_, let message) = error else { throw error }
            if code == GIT_ENOTFOUND.rawValue, let promisor = promisorRemote() {
                throw HistoryError.partialClone(repository: workdir, remote: promisor.name, filter: promisor.filter)
            }
            throw HistoryError.damagedObject(repository: workdir, object: objectID(oid).hex, context: what, detail: message)
        }
        guard let object else { throw HistoryError.git(context: what, message: "no object returned") }
        return object
    }

    // MARK: - Commits

    /// The commit HEAD points to; nil before the first commit.
    func head() throws(HistoryError) -> ObjectID? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, handle, "HEAD")
        if code == GIT_EUNBORNBRANCH.rawValue || code == GIT_ENOTFOUND.rawValue { return nil } // no commit yet
        try check(code, "reading HEAD")
        return objectID(&oid)
    }

    /// The first-parent line of `head`, newest first, up to and without `stop` (or to the
    /// root commit when `stop` is nil or not on the line); `reachedStop` says which.
    func firstParentLine(from head: ObjectID, stop: ObjectID?) throws(HistoryError) -> (commits: [CommitInfo], reachedStop: Bool) {
        var line: [CommitInfo] = []
        var next: ObjectID? = head
        while let id = next {
            if id == stop { return (line, true) }
            let info = try commit(id)
            line.append(info)
            next = info.parent
        }
        return (line, false)
    }

    /// One commit's time, author, tree and first parent.
    func commit(_ id: ObjectID) throws(HistoryError) -> CommitInfo {
        var oid = try rawOID(id)
        let commit = Commit(try lookup(&oid, GIT_OBJECT_COMMIT, "reading commit \(id.hex)"))
        let signature = git_commit_author(commit.handle)
        // A commit made with i18n.commitEncoding (ISO-8859-1, windows-1258) says so in its
        // header, and its author's name is in that encoding, as `git log` reads it.
        let encoding = git_commit_message_encoding(commit.handle).map { String(cString: $0) }
        let author = signature?.pointee.name.map { decodedText($0, encoding: encoding) } ?? ""
        guard let tree = git_commit_tree_id(commit.handle) else {
            throw HistoryError.git(context: "reading commit \(id.hex)", message: "it has no tree")
        }
        var parent: ObjectID?
        if git_commit_parentcount(commit.handle) > 0, let p = git_commit_parent_id(commit.handle, 0) { parent = objectID(p) }
        return CommitInfo(id: id, time: Int64(git_commit_time(commit.handle)), offset: Int32(git_commit_time_offset(commit.handle)),
                          author: author, tree: objectID(tree), parent: parent)
    }

    // MARK: - Trees

    /// The files under `folder` (relative to the working tree, "" for all) whose blob differs
    /// between the root trees `old` (nil: none) and `new`. Subtrees whose ids are equal are
    /// never opened, and no blob is read.
    /// `oldFolder`: where the folder was in the parent, when the commit moved it (`docs` then
    /// `Content`); paths are relative to the folder on both sides.
    func changes(from old: ObjectID?, to new: ObjectID, under folder: String, oldFolder: String? = nil, commit: ObjectID) throws(HistoryError) -> [BlobChange] {
        if old == new, oldFolder == nil || oldFolder == folder { return [] }
        let newTree = try folderTree(new, folder: folder, commit: commit)
        let oldTree = try old.flatMap { (id: ObjectID) throws(HistoryError) -> Tree? in try folderTree(id, folder: oldFolder ?? folder, commit: commit) }
        var changes: [BlobChange] = []
        try compare(oldTree, newTree, prefix: "", commit: commit, into: &changes)
        return changes
    }

    /// Where `folder` of the commit with root tree `tree` was in its parent's root tree
    /// `parentTree`, when the commit moved it whole (`git mv docs Content`: the same tree under
    /// another name, beside it or at the top); nil when the parent has it already, or it was
    /// made afresh or changed as it moved.
    func movedFolder(_ folder: String, tree: ObjectID, parentTree: ObjectID, commit: ObjectID) throws(HistoryError) -> String? {
        guard !folder.isEmpty, let moved = try folderTree(tree, folder: folder, commit: commit),
              try folderTree(parentTree, folder: folder, commit: commit) == nil, let movedID = git_tree_id(moved.handle) else { return nil }
        let parentFolder = folder.split(separator: "/").dropLast().joined(separator: "/")
        // Beside it first, then at the top; in this order, so the same history reads the same.
        for base in parentFolder.isEmpty ? [""] : [parentFolder, ""] {
            guard let candidates = try folderTree(parentTree, folder: base, commit: commit) else { continue }
            for i in 0..<git_tree_entrycount(candidates.handle) {
                guard let entry = git_tree_entry_byindex(candidates.handle, i), git_tree_entry_type(entry) == GIT_OBJECT_TREE,
                      let id = git_tree_entry_id(entry), git_oid_equal(id, movedID) == 1, let name = git_tree_entry_name(entry) else { continue }
                return (base.isEmpty ? "" : base + "/") + String(cString: name)
            }
        }
        return nil
    }

    /// The tree of `folder` in the root tree `root`, or nil when there is no such folder.
    private func folderTree(_ root: ObjectID, folder: String, commit: ObjectID) throws(HistoryError) -> Tree? {
        var oid = try rawOID(root)
        var tree = Tree(try lookup(&oid, GIT_OBJECT_TREE, "reading the tree of commit \(commit.hex)"))
        for component in folder.split(separator: "/") {
            guard let entry = git_tree_entry_byname(tree.handle, String(component)),
                  git_tree_entry_type(entry) == GIT_OBJECT_TREE, let id = git_tree_entry_id(entry) else { return nil }
            tree = Tree(try lookup(id, GIT_OBJECT_TREE, "reading \(folder) in commit \(commit.hex)"))
        }
        return tree
    }

    /// Appends the blob changes between two trees (either may be absent), paths prefixed by `prefix`.
    private func compare(_ old: Tree?, _ new: Tree?, prefix: String, commit: ObjectID, into changes: inout [BlobChange]) throws(HistoryError) {
        func subtree(_ entry: OpaquePointer, _ path: String) throws(HistoryError) -> Tree? {
            guard let id = git_tree_entry_id(entry) else { return nil }
            return Tree(try lookup(id, GIT_OBJECT_TREE, "reading \(path) in commit \(commit.hex)"))
        }
        if let new {
            for i in 0..<git_tree_entrycount(new.handle) {
                guard let entry = git_tree_entry_byindex(new.handle, i), let namePointer = git_tree_entry_name(entry),
                      let id = git_tree_entry_id(entry) else { continue }
                let name = String(cString: namePointer)
                let type = git_tree_entry_type(entry)
                let before = old.flatMap { git_tree_entry_byname($0.handle, namePointer) }
                let beforeType = before.map { git_tree_entry_type($0) }
                if let before, beforeType == type, git_oid_equal(git_tree_entry_id(before), id) == 1 { continue }
                let path = prefix + name
                let oldBlob = beforeType == GIT_OBJECT_BLOB ? before.flatMap { git_tree_entry_id($0) }.map { objectID($0) } : nil
                if type == GIT_OBJECT_TREE {
                    if oldBlob != nil { changes.append(BlobChange(path: path, blob: nil, oldBlob: oldBlob)) }
                    let oldSubtree = try beforeType == GIT_OBJECT_TREE ? before.flatMap { (e: OpaquePointer) throws(HistoryError) -> Tree? in try subtree(e, path) } : nil
                    try compare(oldSubtree, try subtree(entry, path), prefix: path + "/", commit: commit, into: &changes)
                } else if type == GIT_OBJECT_BLOB {
                    if beforeType == GIT_OBJECT_TREE, let before {
                        try compare(try subtree(before, path), nil, prefix: path + "/", commit: commit, into: &changes)
                    }
                    changes.append(BlobChange(path: path, blob: objectID(id), oldBlob: oldBlob))
                }
                // Submodules (commits) hold no pages.
            }
        }
        if let old {
            for i in 0..<git_tree_entrycount(old.handle) {
                guard let entry = git_tree_entry_byindex(old.handle, i), let namePointer = git_tree_entry_name(entry),
                      let id = git_tree_entry_id(entry) else { continue }
                if let new, git_tree_entry_byname(new.handle, namePointer) != nil { continue } // seen above
                let path = prefix + String(cString: namePointer)
                switch git_tree_entry_type(entry) {
                case GIT_OBJECT_BLOB: changes.append(BlobChange(path: path, blob: nil, oldBlob: objectID(id)))
                case GIT_OBJECT_TREE: try compare(try subtree(entry, path), nil, prefix: path + "/", commit: commit, into: &changes)
                default: break
                }
            }
        }
    }

    // MARK: - Blobs

    /// The id git gives a blob holding `bytes`, computed (no object is read or written).
    static func blobID(of bytes: [UInt8]) throws(HistoryError) -> ObjectID {
        _ = libgit2Ready
        var oid = git_oid()
        let code = bytes.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, $0.count, GIT_OBJECT_BLOB) }
        try check(code, "hashing a file as a git blob")
        return objectID(&oid)
    }

    /// The bytes of a blob.
    func blob(_ id: ObjectID, path: String) throws(HistoryError) -> [UInt8] {
        var oid = try rawOID(id)
        let blob = Blob(try lookup(&oid, GIT_OBJECT_BLOB, "reading \(path) (blob \(id.hex))"))
        let size = Int(git_blob_rawsize(blob.handle))
        guard size > 0, let raw = git_blob_rawcontent(blob.handle) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }
}

/// The git checkout a folder is in, as `casebook import-docs` tells the import: the working
/// tree's root and the URLs of its remotes (`origin` first, then the others by name), read with
/// libgit2. nil outside a checkout, for a bare repository, or one libgit2 cannot open.
public enum GitCheckout {
    public static func remotes(holding path: String) -> (root: String, urls: [String])? {
        guard let repository = try? GitRepository.discover(from: path) else { return nil }
        return (repository.workdir, repository.remoteURLs())
    }
}

extension GitRepository {
    /// The URLs of the repository's remotes, `origin` first, as configured (`remote.<name>.url`;
    /// libgit2's remote lookup would apply `url.<base>.insteadOf` rewrites, which name a mirror).
    func remoteURLs() -> [String] {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, handle) == 0, let config else { return [] }
        defer { git_config_free(config) }
        var list = git_strarray()
        guard git_remote_list(&list, handle) == 0 else { return [] }
        defer { git_strarray_dispose(&list) }
        var names: [String] = []
        for i in 0..<list.count { if let name = list.strings[i] { names.append(String(cString: name)) } }
        var urls: [String] = []
        for name in names.filter({ $0 == "origin" }) + names.filter({ $0 != "origin" }).sorted() {
            var value: UnsafePointer<CChar>?
            if git_config_get_string(&value, config, "remote.\(name).url") == 0, let value { urls.append(String(cString: value)) }
        }
        return urls
    }
}
