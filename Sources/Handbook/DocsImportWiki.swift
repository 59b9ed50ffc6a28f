import Foundation

/// A GitHub wiki, as `git clone https://github.com/<owner>/<repo>.wiki.git` gives it: plain
/// Markdown with no configuration, `Home.md` its home page, `_Sidebar.md`, `_Footer.md` and
/// `_Header.md` the frame GitHub draws around every page (not pages), page names as links
/// (`[[How to install]]`, `[[the guide|How to install]]`, `[How to install](How-to-install)`)
/// and, as often, the wiki's own addresses (`https://github.com/acme/tool/wiki/How-to-install`).
/// Imported as plain Markdown, every such link led back to GitHub or nowhere.
struct WikiInfo {
    /// Source page by its name as GitHub addresses it: the file name without `.md`, lowercased,
    /// spaces as hyphens (`how-to-install`); names two pages share are left out.
    var pagesByName: [String: String] = [:]
    /// The repositories (`owner/repo`, lowercased) whose wiki this is, from the corpus' own links.
    var repositories: Set<String> = []
    /// The one of them most linked: a relative link out of the wiki (`../issues/12`, as GitHub
    /// serves pages at `/<owner>/<repo>/wiki/<name>`) is that repository's.
    var repository: String?

    /// The frame files GitHub draws around the pages.
    static let frameFiles: Set<String> = ["_sidebar.md", "_footer.md", "_header.md"]

    static func isFrame(_ f: String) -> Bool { frameFiles.contains((f as NSString).lastPathComponent.lowercased()) }

    /// `How to install` -> `how-to-install`, as GitHub names the file of a page.
    static func key(_ name: String) -> String {
        var n = Substring(name.trimmingCharacters(in: .whitespaces))
        for ext in [".md", ".markdown"] where n.lowercased().hasSuffix(ext) { n = n.dropLast(ext.count) }
        return n.lowercased().replacingOccurrences(of: " ", with: "-")
    }
}

extension Importer {
    /// Whether `docs` is a GitHub wiki: plain Markdown (no configuration of any tool) with
    /// `Home.md` or `_Sidebar.md` at its top.
    static func looksLikeGitHubWiki(_ docs: String) -> Bool {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: docs + "/_config.yml"), !fm.fileExists(atPath: docs + "/_config.yaml") else { return false }
        return ["Home.md", "_Sidebar.md"].contains { fm.fileExists(atPath: docs + "/" + $0) }
    }

    /// Reads the wiki's page names and own repositories, leaves its frame files out as pages
    /// and takes the sidebar's order and titles as the pages' (see `WikiInfo`).
    mutating func readGitHubWiki() {
        guard tool == .jekyll, site != .obsidian, Self.looksLikeGitHubWiki(docs) else { return }
        // GitHub reads no front matter in a wiki: a page that starts with a rule (`---`) and has
        // another further down (SickChill's wiki: a bar of links between two rules) is all body.
        for f in pagePaths.keys.sorted() {
            guard let page = pageSource(f), case .failure? = page.parsed, page.text?.hasPrefix("---") == true else { continue }
            pageSources[f] = PageSource(bodyOnly: page.data)
        }
        var info = WikiInfo()
        var shared = Set<String>()
        for f in pagePaths.keys.sorted() where !WikiInfo.isFrame(f) {
            let key = WikiInfo.key((f as NSString).lastPathComponent)
            if info.pagesByName[key] != nil { shared.insert(key) } else { info.pagesByName[key] = f }
        }
        for key in shared { info.pagesByName[key] = nil }
        // The wiki's own repositories: those whose wiki addresses in the corpus name its pages,
        // at least two links and most of that repository's.
        var named: [String: (hits: Int, all: Int)] = [:]
        for f in pagePaths.keys.sorted() {
            guard let page = pageSource(f), case .success(let parsed)? = page.parsed else { continue }
            for link in page.links(of: parsed) {
                guard let (repo, name, _) = Self.gitHubWikiAddress(link.url) else { continue }
                var count = named[repo] ?? (0, 0)
                count.all += 1
                if info.pagesByName[WikiInfo.key(name.isEmpty ? "Home" : name)] != nil { count.hits += 1 }
                named[repo] = count
            }
        }
        let own = named.filter { $0.value.hits >= 2 && $0.value.hits * 2 >= $0.value.all }
        info.repositories = Set(own.keys)
        info.repository = own.max { ($0.value.hits, $1.key) < ($1.value.hits, $0.key) }?.key
        let frames = pagePaths.keys.filter(WikiInfo.isFrame).sorted()
        // The sidebar's links, in order: the navigation's order and titles.
        if let sidebar = frames.first(where: { ($0 as NSString).lastPathComponent.lowercased() == "_sidebar.md" }),
           let page = pageSource(sidebar), let text = page.text {
            var order = 0
            for (label, target) in Self.sidebarEntries(text) {
                guard let f = wikiPage(target, info), navigation[f] == nil else { continue }
                order += 1
                navigation[f] = NavEntry(title: label, order: order)
            }
        }
        for f in frames { pagePaths[f] = nil }
        wiki = info
        report.notes.append("GitHub wiki: Home.md is its home page; "
            + (frames.isEmpty ? "" : "\(frames.joined(separator: ", ")) (the frame GitHub draws around every page) left out as pages, the sidebar's order kept; ")
            + "wiki links ([[Page]]) and links to its pages by name"
            + (info.repositories.isEmpty ? "" : " or at github.com/\(info.repositories.sorted().joined(separator: ", github.com/"))/wiki/")
            + " made relative")
    }

    /// The labels and targets of a sidebar's links, in order: `[[label|Page]]`, `[[Page]]`
    /// and Markdown links.
    static func sidebarEntries(_ text: String) -> [(label: String, target: String)] {
        var out: [(String, String)] = []
        for line in text.split(separator: "\n") {
            var rest = Substring(line)
            while let open = rest.range(of: "[") {
                let after = rest[open.upperBound...]
                if after.hasPrefix("["), let close = after.range(of: "]]") {
                    let inner = after.dropFirst()[..<close.lowerBound]
                    let (label, target) = wikiLinkParts(String(inner))
                    out.append((label, target))
                    rest = after[close.upperBound...]
                } else if let close = after.range(of: "]("), let end = after[close.upperBound...].firstIndex(of: ")") {
                    out.append((String(after[..<close.lowerBound]), String(after[close.upperBound..<end])))
                    rest = after[after.index(after: end)...]
                } else {
                    rest = after
                }
            }
        }
        return out
    }

    /// `label|Page` (GitHub's order: the text first) -> ("label", "Page"); `Page` -> ("Page", "Page").
    static func wikiLinkParts(_ inner: String) -> (label: String, target: String) {
        guard let bar = inner.lastIndex(of: "|") else { return (inner.trimmingCharacters(in: .whitespaces), inner.trimmingCharacters(in: .whitespaces)) }
        return (inner[..<bar].trimmingCharacters(in: .whitespaces), inner[inner.index(after: bar)...].trimmingCharacters(in: .whitespaces))
    }

    /// `https://github.com/acme/tool/wiki/How-to-install#step-2` -> ("acme/tool", "How-to-install", "#step-2");
    /// the wiki's home (`.../wiki` or `.../wiki/`) has the name "". Nil for any other address.
    static func gitHubWikiAddress(_ url: String) -> (repo: String, name: String, anchor: String)? {
        guard let rest = ["https://github.com/", "http://github.com/", "https://www.github.com/"].lazy.compactMap({ p in url.hasPrefix(p) ? url.dropFirst(p.count) : nil }).first else { return nil }
        var path = rest
        var anchor = ""
        if let hash = path.firstIndex(of: "#") { anchor = String(path[hash...]); path = path[..<hash] }
        if let q = path.firstIndex(of: "?") { path = path[..<q] }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, parts[2] == "wiki", !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        let name = parts.count > 3 ? LinkResolver.percentDecoded(parts[3...].joined(separator: "/")) : ""
        guard !name.contains("/") else { return nil }
        return ((parts[0] + "/" + parts[1]).lowercased(), name, anchor)
    }

    /// The source page a wiki link's target names (`How to install`, `How-to-install`), or nil.
    func wikiPage(_ target: String, _ info: WikiInfo? = nil) -> String? {
        guard let info = info ?? wiki else { return nil }
        var name = Substring(target)
        if let hash = name.firstIndex(of: "#") { name = name[..<hash] }
        if name.hasPrefix("./") { name = name.dropFirst(2) }
        guard !name.isEmpty, !name.contains("/"), !name.contains(":") else { return nil }
        return info.pagesByName[WikiInfo.key(LinkResolver.percentDecoded(String(name)))]
    }

    /// The relative link that replaces a link of the wiki (`f`'s): its own address on GitHub,
    /// or a page name. Nil when it is neither.
    mutating func wikiLink(_ url: String, from f: String) -> String? {
        guard let info = wiki else { return nil }
        if let (repo, name, anchor) = Self.gitHubWikiAddress(url), info.repositories.contains(repo),
           let page = wikiPage(name.isEmpty ? "Home" : name), let dest = pagePaths[page] {
            return relativeLink(to: dest, from: f, anchor: anchor, url: url) ?? url
        }
        return nil
    }

    /// A relative link of the wiki that climbs out of it (`../issues/2336`): the page of the
    /// wiki's repository it named on GitHub (`https://github.com/acme/tool/issues/2336`), or nil.
    func wikiOutsideLink(_ url: String) -> String? {
        guard let repo = wiki?.repository, url.hasPrefix("../"), !url.hasPrefix("../../") else { return nil }
        let rest = url.dropFirst(3)
        guard let first = rest.split(separator: "/").first, ["issues", "pull", "pulls", "blob", "tree", "releases", "discussions", "commit"].contains(String(first)) else { return nil }
        return "https://github.com/" + repo + "/" + rest
    }

    /// `[[Page]]` and `[[text|Page]]` written as Markdown links to the imported pages, outside
    /// code; an image (`[[shot.png]]`, `[[shot.png|alt=Shot]]`) as a Markdown image; one that
    /// names no page is left, with a note.
    mutating func convertWikiLinks(_ body: String, file f: String, firstLine: Int) -> String {
        guard wiki != nil, body.contains("[[") else { return body }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fences = CodeFences()
        for i in lines.indices {
            if fences.isCode(lines[i]) || !lines[i].contains("[[") { continue }
            var line = lines[i]
            var from = line.startIndex
            while let open = line.range(of: "[[", range: from..<line.endIndex), let close = line.range(of: "]]", range: open.upperBound..<line.endIndex) {
                from = close.upperBound
                let inner = String(line[open.upperBound..<close.lowerBound])
                guard !inner.isEmpty, !inner.contains("[") , !JekyllLinkTags.inCodeSpan(line, at: open.lowerBound) else { continue }
                let (label, target) = Self.wikiLinkParts(inner)
                let replacement: String?
                let lower = target.lowercased()
                if [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"].contains(where: { lower.hasSuffix($0) }) || inner.contains("alt=") {
                    // GitHub's image form: `[[path|alt=text]]`, the path first.
                    let path = inner.split(separator: "|").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? inner
                    let alt = inner.components(separatedBy: "alt=").dropFirst().first ?? ""
                    replacement = "![" + alt.replacingOccurrences(of: "]", with: "\\]") + "](" + path.replacingOccurrences(of: " ", with: "%20") + ")"
                } else if let page = wikiPage(target), let dest = pagePaths[page] {
                    let anchor = target.firstIndex(of: "#").map { "#" + Slug.anchor(String(target[target.index(after: $0)...])) } ?? ""
                    let link = relativeLink(to: dest, from: f, anchor: anchor, url: "") ?? ""
                    replacement = "[" + label.replacingOccurrences(of: "]", with: "\\]") + "](" + link + ")"
                    report.linksRewritten += 1
                } else {
                    replacement = nil
                    foldedNote(at: "\(f):\(firstLine + i)", file: f, "wiki link '[[\(inner)]]' names no page of the wiki; left as written")
                }
                guard let replacement else { continue }
                line.replaceSubrange(open.lowerBound..<close.upperBound, with: replacement)
                from = line.index(open.lowerBound, offsetBy: replacement.count)
            }
            lines[i] = line
        }
        return lines.joined(separator: "\n")
    }
}
