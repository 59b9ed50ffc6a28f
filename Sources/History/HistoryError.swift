import Handbook

/// Why an SOP's history or a diff could not be produced, with what to do about it.
public enum HistoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// libgit2 refused: `context` says what Casebook was doing, `message` is libgit2's own.
    case git(context: String, message: String)
    /// A loose object's file is cut short (its zlib stream ends early): libgit2 1.5 would
    /// loop forever reading it, so it is not read. `context` says what Casebook was reading.
    case truncatedObject(object: String, file: String, context: String)
    /// An object of the repository (`repository`: its working tree) cannot be read: damaged
    /// (a changed byte in a pack or a loose object) or missing. `context` says what Casebook
    /// was reading, `detail` is libgit2's own message.
    case damagedObject(repository: String, object: String, context: String, detail: String)
    /// The repository is a shallow clone, so the oldest versions are missing.
    case shallow(repository: String)
    /// The repository is a partial clone (`git clone --filter=blob:none`): the old versions'
    /// files were never downloaded from `remote`, which git (not libgit2) fetches on demand.
    case partialClone(repository: String, remote: String, filter: String)
    /// The repository belongs to another user (`owner`) and is not in git's `safe.directory`
    /// list, so libgit2 refuses to open it, as git does.
    case notOwned(repository: String, owner: String)
    /// The repository uses a format libgit2 1.5 cannot read (`feature`: the extension it names,
    /// such as `extensions.objectformat` for SHA-256 object names).
    case unsupportedFormat(repository: String, feature: String)
    /// `folder/.git` is a file pointing to `target` (a worktree's or submodule's repository)
    /// that does not exist any more.
    case brokenLink(folder: String, target: String)
    /// A commit gives an SOP a version that is not after the one before it.
    case versionWentBackwards(file: String, from: String, to: String, fromCommit: String, toCommit: String)
    /// A version of an SOP could not be read as a page (front matter syntax, UTF-8).
    case unreadable(file: String, version: String, detail: String)
    /// A requested version is not in the SOP's history.
    case unknownVersion(file: String, version: String, known: [String])

    /// Whether the repository itself is at fault (unreadable, damaged objects), rather than a
    /// page or a request: building without the history (`--no-history`) is a way round it.
    public var isRepositoryProblem: Bool {
        switch self {
        case .git, .truncatedObject, .damagedObject, .shallow, .partialClone, .notOwned, .unsupportedFormat, .brokenLink: return true
        case .versionWentBackwards, .unreadable, .unknownVersion: return false
        }
    }

    public var description: String {
        switch self {
        case .git(let context, let message):
            return "git: \(context): \(message); check the repository with 'git fsck', or move the content out of it"
        case .truncatedObject(let object, let file, let context):
            return "git: \(context): the object file \(file) is cut short (object \(object), its compressed data ends early); run 'git fsck' in the repository and restore the object from another clone of it (e.g. 'git fetch', or copy that file from a good clone)"
        case .damagedObject(let repository, let object, let context, let detail):
            return "git: \(context): the git repository \(repository) has damaged or missing objects (object \(object) cannot be read: \(detail)); run 'git fsck' there to list them, then restore them from another clone of it ('git fetch' from a good clone, or clone it again)"
        case .shallow(let repository):
            return "\(repository): the git repository is a shallow clone, so older SOP versions are missing; run 'git fetch --unshallow' there"
        case .partialClone(let repository, let remote, let filter):
            let dir = repository.hasSuffix("/") && repository.count > 1 ? String(repository.dropLast()) : repository
            return "\(repository): the git repository is a partial clone (\(filter.isEmpty ? "" : "--filter=\(filter), ")objects left on '\(remote)'), so the files of older SOP versions were never downloaded; download them with 'git -C \(dir) config --unset remote.\(remote).partialclonefilter && git -C \(dir) fetch --refetch \(remote)', or clone it again without --filter"
        case .notOwned(let repository, let owner):
            return "\(repository): the git repository belongs to \(owner), not to the user running casebook, and git refuses to read such a repository unless told to trust it; if you do, run 'git config --global --add safe.directory \(repository)' as git itself advises"
        case .brokenLink(let folder, let target):
            return "\(folder)/.git points to \(target), which does not exist (a worktree or submodule whose repository was moved or deleted), so git cannot read the SOPs' history; run 'git worktree repair' in the main repository if it moved, or delete \(folder)/.git if this folder is no longer meant to be in git"
        case .unsupportedFormat(let repository, let feature):
            let what: String
            switch feature.lowercased() {
            case "extensions.objectformat": what = "SHA-256 object names (git init --object-format=sha256)"
            case "extensions.refstorage": what = "the reftable reference store (git init --ref-format=reftable); 'git refs migrate --ref-format=files' converts it"
            default: what = "the repository extension \(feature)"
            }
            return "\(repository): the git repository uses \(what), which libgit2 1.5, the library Casebook reads git history with, cannot read; the repository itself is fine"
        case .versionWentBackwards(let file, let from, let to, let fromCommit, let toCommit):
            let where_ = toCommit.isEmpty ? "the file as it is now, not committed" : "commit \(toCommit.prefix(12))"
            return "\(file): version goes backwards from \(from) (commit \(fromCommit.prefix(12))) to \(to) (\(where_)); each published version must be higher than the one before, e.g. \(VersionNumber.next(after: from))"
        case .unreadable(let file, let version, let detail):
            return "\(file) at version \(version): \(detail)"
        case .unknownVersion(let file, let version, let known):
            let list = known.isEmpty ? "none" : known.joined(separator: ", ")
            return "\(file): no version \(version) in its history; known versions: \(list)"
        }
    }
}
