/// Old addresses of pages (`aliases` in Hugo, `redirect_from` in Jekyll and GitHub Docs),
/// each written as a redirect page in the built site.
public struct Redirect: Sendable, Hashable {
    /// Where the redirect page is written, relative to the site root (`old/page/index.html`).
    public var path: String
    /// The id of the page it sends readers to: always a page of this site.
    public var pageID: String
}

extension Handbook {
    /// Top-level names the site itself uses; an old address there would overwrite a page.
    static let reservedSitePaths: Set<String> = [
        "sop", "category", "tags", "markets", "codes", "media", "search", "api", "assets",
        "index.html", "404.html", "search.html", "quiz.html", "reports.html", "whats-new.html",
    ]

    /// Where an old address is written: `/docs/old/page/` (base path `/docs`) ->
    /// `old/page/index.html`, `old.html` stays; nil for an address that cannot be a path of
    /// this site (a URL of another site, `..`, characters outside letters, digits, `-._~`).
    public static func redirectPath(_ alias: String, basePath: String?) -> String? {
        if alias.contains(":") || alias.hasPrefix("//") { return nil }
        var rest = Substring(alias)
        if let basePath, basePath != "/", rest.hasPrefix(basePath + "/") { rest = rest.dropFirst(basePath.count) }
        if let cut = rest.firstIndex(where: { $0 == "#" || $0 == "?" }) { rest = rest[..<cut] }
        let parts = rest.split(separator: "/").map(String.init)
        let safe = { (c: UInt8) -> Bool in
            (48...57).contains(c) || (65...90).contains(c) || (97...122).contains(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: ".") || c == UInt8(ascii: "~")
        }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != "." && $0 != ".." && $0.utf8.allSatisfy(safe) }) else { return nil }
        let last = parts[parts.count - 1].lowercased()
        let path = last.hasSuffix(".html") || last.hasSuffix(".htm") ? parts.joined(separator: "/") : (parts + ["index.html"]).joined(separator: "/")
        return path
    }

    /// The redirect pages of the published pages, and warnings for old addresses that cannot
    /// be used (another site's URL, a path the site uses, one claimed by two pages).
    static func redirects(_ pages: [PageSummary], includeDrafts: Bool, basePath: String?) -> ([Redirect], [Diagnostic]) {
        var out: [Redirect] = []
        var claimed: [String: String] = [:]
        var problems: [Diagnostic] = []
        for page in pages where page.isPublished(includeDrafts: includeDrafts) && !page.meta.redirects.isEmpty {
            let line = page.meta.raw?["aliases"]?.line ?? page.meta.raw?["redirect_from"]?.line ?? 0
            for alias in page.meta.redirects {
                guard let path = redirectPath(alias, basePath: basePath) else {
                    problems.append(Diagnostic(.warning, file: page.path, line: line,
                        "old address '\(alias)' is not a path of this site; no redirect page is written for it (a redirect only ever leads to a page of the handbook)"))
                    continue
                }
                let top = String(path.split(separator: "/")[0])
                if reservedSitePaths.contains(top) {
                    let place = top.hasSuffix(".html") ? "page \(top)" : "folder \(top)/"
                    problems.append(Diagnostic(.warning, file: page.path, line: line,
                        "old address '\(alias)' is in the site's own \(place); no redirect page is written for it",
                        kind: .oldAddressInSite, subject: place))
                    continue
                }
                if let other = claimed[path] {
                    if other != page.path {
                        problems.append(Diagnostic(.warning, file: page.path, line: line,
                            "old address '\(alias)' is also claimed by \(other); it redirects there",
                            kind: .oldAddressClaimed, subject: String(alias.prefix { $0 != "#" })))
                    }
                    continue
                }
                claimed[path] = page.path
                out.append(Redirect(path: path, pageID: page.meta.id))
            }
        }
        return (out.sorted { $0.path < $1.path }, problems)
    }
}
