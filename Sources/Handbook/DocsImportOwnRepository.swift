import Foundation

/// Links to the corpus' own pages at its repository's web address. A handbook kept on GitHub
/// links its pages as GitHub shows them (basecamp/handbook: 26 links such as
/// `https://github.com/basecamp/handbook/blob/master/severance.md`); imported as they were, each
/// led out of the site to GitHub (and nowhere offline). A link to a file of a repository on
/// GitHub or GitLab (`blob/`, `tree/` or `raw/` and a branch or commit) leads to the imported
/// page when that repository is the corpus' own: one of the remotes of the git checkout the
/// corpus is in (`DocsImport.checkout`), or else one whose links (at least two, to files other
/// than a README, index or licence) name files of the corpus from one folder of it (its docs
/// folder). Links to its other files (code) are left as they are.
extension Importer {
    /// A link to a file of a repository: the repository (`github.com/owner/name`, lowercased),
    /// the file's path in it (percent-decoded) and the link's anchor (`#...` or "").
    struct RepositoryFileLink: Equatable {
        var repository: String
        var path: String
        var anchor: String
    }

    /// `url` as a link to a file of a GitHub or GitLab repository, or nil: GitHub's
    /// `https://github.com/OWNER/NAME/(blob|tree|raw)/REF/PATH` and
    /// `https://raw.githubusercontent.com/OWNER/NAME/REF/PATH`, GitLab's
    /// `https://gitlab.com/GROUP[/SUBGROUP...]/NAME/-/(blob|tree|raw)/REF/PATH`. REF is one
    /// path segment (a branch with a slash in its name is not told apart from a folder).
    static func repositoryFileLink(_ url: String) -> RepositoryFileLink? {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = parts.host?.lowercased() else { return nil }
        let segments = parts.percentEncodedPath.split(separator: "/").map { LinkResolver.percentDecoded(String($0)) }
        let anchor = parts.percentEncodedFragment.map { "#" + $0 } ?? ""
        let kinds: Set<String> = ["blob", "tree", "raw"]
        switch host {
        case "github.com", "www.github.com":
            guard segments.count >= 4, kinds.contains(segments[2]) else { return nil }
            return RepositoryFileLink(repository: "github.com/\(segments[0])/\(segments[1])".lowercased(),
                                      path: segments.dropFirst(4).joined(separator: "/"), anchor: anchor)
        case "raw.githubusercontent.com":
            guard segments.count >= 3 else { return nil }
            return RepositoryFileLink(repository: "github.com/\(segments[0])/\(segments[1])".lowercased(),
                                      path: segments.dropFirst(3).joined(separator: "/"), anchor: anchor)
        case "gitlab.com", "www.gitlab.com":
            guard let dash = segments.firstIndex(of: "-"), dash >= 2, segments.count >= dash + 3, kinds.contains(segments[dash + 1]) else { return nil }
            return RepositoryFileLink(repository: "gitlab.com/" + segments[..<dash].joined(separator: "/").lowercased(),
                                      path: segments.dropFirst(dash + 3).joined(separator: "/"), anchor: anchor)
        default:
            return nil
        }
    }

    /// The corpus' own repository and the folder of it the docs folder is (`docs/`, or "" for
    /// its top), found once from the checkout's remotes or the corpus' links (see the type's
    /// comment); nil when none is.
    mutating func ownRepository() -> (repository: String, folder: String)? {
        if let known = ownRepositoryFound { return known }
        var links: [RepositoryFileLink] = []
        for f in pagePaths.keys.sorted() {
            guard let page = pageSource(f), case .success(let parsed)? = page.parsed else { continue }
            for link in page.links(of: parsed) { if let l = Self.repositoryFileLink(link.url) { links.append(l) } }
        }
        // The checkout's own remotes, when the caller read them: one link to a page of the docs
        // folder is enough.
        if let checkout = DocsImport.checkout {
            var root = Self.resolved(checkout.root)
            while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
            let docsFolder = Self.resolved(docs)
            let remotes = Set(checkout.remoteURLs.compactMap(Self.repositoryAddress(ofRemote:)))
            if docsFolder == root || docsFolder.hasPrefix(root + "/") {
                let folder = docsFolder == root ? "" : String(docsFolder.dropFirst(root.count + 1)) + "/"
                for link in links where remotes.contains(link.repository) && link.path.hasPrefix(folder) {
                    guard find(String(link.path.dropFirst(folder.count))) != nil else { continue }
                    ownRepositoryFound = .some((link.repository, folder))
                    return (link.repository, folder)
                }
            }
        }
        // Per repository and folder: the distinct telling paths of the corpus its links name.
        var evidence: [String: [String: Set<String>]] = [:]
        for link in links {
            let segments = link.path.split(separator: "/").map(String.init)
            guard let name = segments.last, !Self.untellingNames.contains(((name as NSString).deletingPathExtension).lowercased()) else { continue }
            for cut in 0..<segments.count {
                let rest = segments[cut...].joined(separator: "/")
                if find(rest) != nil {
                    let folder = segments[..<cut].map { $0 + "/" }.joined()
                    evidence[link.repository, default: [:]][folder, default: []].insert(rest)
                }
            }
        }
        var best: (repository: String, folder: String, count: Int)?
        for (repository, folders) in evidence.sorted(by: { $0.key < $1.key }) {
            for (folder, paths) in folders.sorted(by: { $0.key < $1.key }) where paths.count >= 2 {
                if best == nil || paths.count > best!.count { best = (repository, folder, paths.count) }
            }
        }
        let found = best.map { (repository: $0.repository, folder: $0.folder) }
        ownRepositoryFound = .some(found)
        return found
    }

    /// A git remote's URL as `repositoryFileLink` names repositories (`github.com/owner/name`,
    /// lowercased), from its https, ssh (`git@github.com:owner/name.git`) or `ssh://` form; nil
    /// for a host other than GitHub's or GitLab's, or a local path.
    static func repositoryAddress(ofRemote url: String) -> String? {
        var rest = url.trimmingCharacters(in: .whitespaces)
        if let scheme = rest.range(of: "://") {
            rest = String(rest[scheme.upperBound...])
            if let at = rest.firstIndex(of: "@"), at < (rest.firstIndex(of: "/") ?? rest.endIndex) { rest = String(rest[rest.index(after: at)...]) }
        } else if let at = rest.firstIndex(of: "@"), let colon = rest.firstIndex(of: ":"), at < colon {
            rest = String(rest[rest.index(after: at)...]).replacingOccurrences(of: ":", with: "/", options: [], range: nil)
        } else {
            return nil
        }
        var parts = rest.split(separator: "/").map(String.init)
        guard parts.count >= 3 else { return nil }
        var host = parts.removeFirst().lowercased()
        if let colon = host.firstIndex(of: ":") { host = String(host[..<colon]) } // a port
        if host.hasPrefix("www.") { host = String(host.dropFirst(4)) }
        guard host == "github.com" || host == "gitlab.com" else { return nil }
        if parts[parts.count - 1].lowercased().hasSuffix(".git") { parts[parts.count - 1] = String(parts[parts.count - 1].dropLast(4)) }
        if host == "github.com" { parts = Array(parts.prefix(2)) }
        return (host + "/" + parts.joined(separator: "/")).lowercased()
    }

    /// File names that every repository has: a link to one tells nothing of whose it is.
    static let untellingNames: Set<String> = ["readme", "index", "_index", "license", "licence", "contributing", "changelog",
                                             "code_of_conduct", "security", "authors", "notice", "copying"]

    /// The relative link to the imported page (or file) that `url`, a link to a file of the
    /// corpus' own repository, names; nil when it names none (code, another repository).
    mutating func ownRepositoryLink(_ url: String, from f: String) -> String? {
        guard let link = Self.repositoryFileLink(url), let own = ownRepository(), link.repository == own.repository,
              link.path.hasPrefix(own.folder), let target = find(String(link.path.dropFirst(own.folder.count))) else { return nil }
        var anchor = link.anchor
        if anchor.count > 1, let source = sourceOfDestination(target), let fixed = anchorCase(String(anchor.dropFirst()), inPage: source) {
            anchor = "#" + fixed
        }
        ownRepositoryLinks += 1
        return relativeLink(to: target, from: f, anchor: anchor, url: url) ?? url
    }
}
