/// Resolves links written in Markdown against the content tree and turns them into site URLs.
public struct LinkResolver: Sendable {
    /// Page id by source path, for every Markdown file.
    public let pageIDs: [String: String]
    /// Paths of non-Markdown files that are copied to the site.
    public let assets: Set<String>
    /// Pages that exist but are not in the site being built (drafts, retired).
    public let hidden: Set<String>
    /// A fingerprint of everything resolution depends on: if it is unchanged, a page's
    /// rendered links are unchanged too.
    public let fingerprint: UInt64
    /// `base_path` of casebook.yml (`/docs`, or `/` for the site root): site-absolute links
    /// under it resolve to the content folder's pages. Nil: they are left as written.
    public let basePath: String?
    /// Old addresses of pages (`aliases`, `redirect_from`), as `Handbook.redirectPath` writes
    /// them, by the page that claims them: a link to a page's old address is a link to the
    /// page (GitHub Docs corpora link to old addresses all the time). An address claimed by
    /// two pages is not here; a link to it is left as written.
    public let aliases: [String: String]
    /// The slug of each folder holding pages (`payments` for `Content/payments/`): a link to a
    /// folder (`payments/`, `../payments`) leads to its category page, which lists its pages.
    public let folders: [String: String]

    public init(pageIDs: [String: String], assets: Set<String>, hidden: Set<String> = [], basePath: String? = nil,
                aliases: [String: String] = [:]) {
        self.pageIDs = pageIDs
        self.assets = assets
        self.hidden = hidden
        self.basePath = basePath
        self.aliases = aliases
        var folders: [String: String] = [:]
        for path in pageIDs.keys {
            var folder = Handbook.categoryPath(of: path)
            while !folder.isEmpty, folders[folder] == nil {
                folders[folder] = Self.categorySlug(folder)
                folder = Handbook.categoryPath(of: folder)
            }
        }
        self.folders = folders
        // A wrapping sum of one hash per entry: independent of order, so nothing is sorted.
        var sum: UInt64 = 0
        for (path, id) in pageIDs {
            var e = Fingerprint()
            e.add(path); e.add(id); e.add(hidden.contains(path) ? "hidden" : "shown")
            sum = sum &+ e.value
        }
        for a in assets {
            var e = Fingerprint()
            e.add("asset"); e.add(a)
            sum = sum &+ e.value
        }
        var f = Fingerprint()
        f.add(sum); f.add(pageIDs.count); f.add(assets.count)
        // Folders follow from the pages' paths (in `sum`); the rule that they are link
        // targets is new: a summary cached before it holds their links as unresolved.
        f.add("folders")
        if let basePath { f.add("base_path"); f.add(basePath) }
        if !aliases.isEmpty {
            var aliasSum: UInt64 = 0
            for (alias, path) in aliases {
                var e = Fingerprint()
                e.add("alias"); e.add(alias); e.add(path)
                aliasSum = aliasSum &+ e.value
            }
            f.add(aliasSum); f.add(aliases.count)
        }
        fingerprint = f.value
    }

    /// Classifies `url` written in the file at `from`.
    public func resolve(_ url: String, from: String) -> ResolvedLink.Target {
        if url.isEmpty { return .unresolved }
        if Self.hasScheme(url) { return .external }
        if url.hasPrefix("//") { return .external }
        if url.hasPrefix("#") { return .inPage(anchor: Self.percentDecoded(String(url.dropFirst()))) }
        if url.hasPrefix("/") { return resolveSiteAbsolute(url) }
        var pathPart = Substring(url)
        var anchor: String?
        if let hash = pathPart.firstIndex(of: "#") {
            anchor = Self.percentDecoded(String(pathPart[pathPart.index(after: hash)...]))
            pathPart = pathPart[..<hash]
        }
        if let q = pathPart.firstIndex(of: "?") { pathPart = pathPart[..<q] }
        let decoded = Self.percentDecoded(String(pathPart))
        guard let target = Self.join(directory(of: from), decoded) else { return .unresolved }
        let lower = target.lowercased()
        if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") {
            if pageIDs[target] != nil { return .page(path: target, anchor: anchor) }
            return .missingPage(path: target)
        }
        if assets.contains(target) { return .asset(path: target) }
        // A folder named by a path (`../payments/`, `./`); not a link with a query alone
        // (`?q=term`, a search on the old site), whose path is the page's own folder.
        guard !decoded.isEmpty else { return .unresolved }
        return folderTarget(target, anchor: anchor) ?? .unresolved
    }

    /// A link to the folder `path` (`payments`, or `payments/_category.yml`): its own page
    /// (`index.md`, `_index.md`, `README.md`), else its category page, when it holds pages.
    private func folderTarget(_ path: String, anchor: String?) -> ResolvedLink.Target? {
        let folder = path.hasSuffix("/_category.yml") ? String(path.dropLast("/_category.yml".count)) : path
        guard folders[folder] != nil else { return nil }
        if !path.hasSuffix("/_category.yml") {
            for name in ["index.md", "_index.md", "README.md"] where pageIDs[folder + "/" + name] != nil {
                return .page(path: folder + "/" + name, anchor: anchor)
            }
        }
        return .category(folder: folder)
    }

    /// A folder's category slug, as `Handbook.load` names its category page.
    public static func categorySlug(_ folder: String) -> String {
        let slug = Slug.make(folder)
        return slug.isEmpty ? "category" : slug
    }

    /// A link such as `/docs/policies/counterfeit#ip-01` under `basePath`: the page
    /// `policies/counterfeit.md` (or `.../index.md`, `_index.md`, `README.md`), with or without
    /// `.md` written; a missing page when none exists. Outside the base path it is left as written.
    private func resolveSiteAbsolute(_ url: String) -> ResolvedLink.Target {
        if !aliases.isEmpty, let key = Handbook.redirectPath(url, basePath: basePath), let path = aliases[key] {
            let anchor = url.firstIndex(of: "#").map { Self.percentDecoded(String(url[url.index(after: $0)...])) }
            return .page(path: path, anchor: anchor)
        }
        guard let basePath else { return .siteAbsolute }
        var rest: Substring
        if basePath == "/" {
            rest = Substring(url).dropFirst()
        } else if url.hasPrefix(basePath) {
            rest = Substring(url).dropFirst(basePath.count)
            guard rest.isEmpty || rest.hasPrefix("/") || rest.hasPrefix("#") || rest.hasPrefix("?") else { return .siteAbsolute }
        } else {
            return .siteAbsolute
        }
        var anchor: String?
        if let hash = rest.firstIndex(of: "#") {
            anchor = Self.percentDecoded(String(rest[rest.index(after: hash)...]))
            rest = rest[..<hash]
        }
        if let q = rest.firstIndex(of: "?") { rest = rest[..<q] }
        guard let path = Self.join("", Self.percentDecoded(String(rest))) else { return .siteAbsolute }
        let lower = path.lowercased()
        let written = lower.hasSuffix(".md") || lower.hasSuffix(".markdown")
        // The address a page was published at by an HTML site (`/docs/policies/counterfeit.html`).
        let stem = lower.hasSuffix(".html") ? String(path.dropLast(5)) : path
        let candidates = written ? [path] : [stem + ".md", stem + "/index.md", stem + "/_index.md", stem + "/README.md", path]
        for candidate in candidates {
            if pageIDs[candidate] != nil { return .page(path: candidate, anchor: anchor) }
            if assets.contains(candidate) { return .asset(path: candidate) }
        }
        if !written, let folder = folderTarget(path, anchor: anchor) { return folder }
        return .missingPage(path: written ? path : stem + ".md")
    }

    /// Whether `url` starts with a scheme such as `https:` or `mailto:`.
    static func hasScheme(_ url: String) -> Bool {
        var count = 0
        for c in url.utf8 {
            if c == UInt8(ascii: ":") { return count > 0 }
            let isLetter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
            let isOther = (c >= 48 && c <= 57 && count > 0) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
            guard isLetter || isOther else { return false }
            count += 1
        }
        return false
    }

    /// How to render a resolved link on a page at `sop/<id>.html`.
    public func rewrite(_ target: ResolvedLink.Target, fromPageID: String) -> LinkRewrite {
        if case .page(let path, _) = target, hidden.contains(path) { return .unlink }
        return href(for: target, fromPageID: fromPageID).map { .replace($0) } ?? .keep
    }

    /// The URL to render for a resolved link on a page at `sop/<id>.html`, or nil to keep it.
    public func href(for target: ResolvedLink.Target, fromPageID: String) -> String? {
        switch target {
        case .page(let path, let anchor):
            guard let id = pageIDs[path] else { return nil }
            let fragment = anchor.map { "#" + Self.percentEncoded($0) } ?? ""
            if id == fromPageID, !fragment.isEmpty { return fragment }
            return Self.percentEncoded(id) + ".html" + fragment
        case .asset(let path):
            return "../media/" + path.split(separator: "/").map { Self.percentEncoded(String($0)) }.joined(separator: "/")
        case .category(let folder):
            return folders[folder].map { "../category/" + Self.percentEncoded($0) + ".html" }
        case .inPage(let anchor):
            return "#" + Self.percentEncoded(anchor)
        default:
            return nil
        }
    }

    private func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// Joins a relative path onto a folder, resolving `.` and `..`; nil if it climbs out.
    static func join(_ base: String, _ relative: String) -> String? {
        var parts = base.isEmpty ? [] : base.split(separator: "/").map(String.init)
        for component in relative.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." {
                if parts.isEmpty { return nil }
                parts.removeLast()
            } else {
                parts.append(String(component))
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// Decodes `%XX` escapes; leaves malformed ones as written.
    public static func percentDecoded(_ s: String) -> String {
        guard s.utf8.contains(UInt8(ascii: "%")) else { return s }
        var bytes: [UInt8] = []
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "%"), i + 2 < u.count, let h = hex(u[i + 1]), let l = hex(u[i + 2]) {
                bytes.append(h << 4 | l)
                i += 3
            } else {
                bytes.append(u[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }

    /// Percent-encodes everything but unreserved ASCII, so any file name makes a valid URL.
    /// Most ids are unreserved ASCII already (`gen-01003`): those come back as they are,
    /// without building a new string.
    public static func percentEncoded(_ s: String) -> String {
        if s.utf8.allSatisfy(isUnreserved) { return s }
        var out = ""
        for b in s.utf8 {
            switch b {
            case _ where isUnreserved(b):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let digits = Array("0123456789ABCDEF".utf8)
                out += "%"
                out.unicodeScalars.append(Unicode.Scalar(digits[Int(b >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(digits[Int(b & 15)]))
            }
        }
        return out
    }

    /// Letters, digits and `-_.~`: the bytes a URL carries as they are.
    @inline(__always) static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case 48...57, 65...90, 97...122, UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"): return true
        default: return false
        }
    }
}
