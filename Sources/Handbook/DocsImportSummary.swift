import Foundation

// The table of contents some tools keep as a Markdown list (GitBook's and mdBook's
// `SUMMARY.md`, Docsify's `_sidebar.md`), read for the navigation of the imported pages.

/// One entry of a table of contents: its title ("" when the page's own title is to be kept,
/// as Mintlify's navigation names pages only by path), the page it names, and the entries under it.
struct SummaryItem {
    var title: String
    var path: String?
    var depth: Int
    var children: [SummaryItem] = []
}

extension Importer {
    /// GitBook, mdBook and Docsify: the pages the summary lists (`SUMMARY.md`, Docsify's
    /// `_sidebar.md`) give their navigation titles and order;
    /// an entry with pages under it, and a heading after the summary's own title (GitBook's
    /// `## Group`, mdBook's `# Part`), titles the folder they share. mdBook's chapters written
    /// before or after the lists (`[Introduction](README.md)`) are entries too; a draft
    /// chapter (`[Later]()`) names no page.
    mutating func readSummary(_ files: [String]) {
        let summary = site == .gitBook ? gitBookConfig.summary : site == .docsify ? "_sidebar.md" : "SUMMARY.md"
        guard files.contains(summary), let data = FileManager.default.contents(atPath: docs + "/" + summary) else { return }
        pagePaths[summary] = nil
        let owner = site == .mdBook ? "the book" : site == .docsify ? "Docsify" : "GitBook"
        report.notes.append("\(summary): \(owner)'s table of contents, read for the navigation (titles, order, folders) and not imported as a page")
        typealias Item = SummaryItem
        var roots: [Item] = []
        // Open items by depth: a list item's depth from its indentation; a `## Group` heading is
        // an item at depth -1 whose children are the top-level entries after it.
        var stack: [Item] = []
        func close(to depth: Int) {
            while let last = stack.last, last.depth >= depth {
                stack.removeLast()
                if stack.isEmpty { roots.append(last) } else { stack[stack.count - 1].children.append(last) }
            }
        }
        var fences = CodeFences()
        var sawTitle = false
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if fences.isCode(line) { continue }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            defer { sawTitle = true }
            if trimmed.hasPrefix("#") && sawTitle || trimmed.hasPrefix("## ") || trimmed.hasPrefix("### ") {
                close(to: -1)
                stack.append(Item(title: trimmed.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces), path: nil, depth: -1))
                continue
            }
            guard let match = line.firstMatch(of: /^(\s*)(?:[*+-] +)?\[((?:[^\]\\]|\\.)*)\]\(([^)\s]*)(?:\s+[^)]*)?\)/) else {
                // A list item that is no link (Docsify's `- Getting started`) groups the items under it.
                if let group = line.firstMatch(of: /^(\s*)[*+-] +([^\[\s].*)$/) {
                    let depth = group.1.replacingOccurrences(of: "\t", with: "    ").count / 2
                    close(to: depth)
                    stack.append(Item(title: String(group.2).trimmingCharacters(in: .whitespaces), path: nil, depth: depth))
                }
                continue
            }
            let depth = match.1.replacingOccurrences(of: "\t", with: "    ").count / 2
            close(to: depth)
            var path = LinkResolver.percentDecoded(site == .docsify ? DocsifyMarkup.address(String(match.3)) : String(match.3))
            if let hash = path.firstIndex(of: "#") { path = String(path[..<hash]) }
            let title = String(match.2).replacingOccurrences(of: "\\", with: "")
            stack.append(Item(title: title, path: path.isEmpty || path.contains("://") ? nil : summaryPage(path), depth: depth))
        }
        close(to: -2)
        applySummary(roots)
    }

    /// The navigation a table of contents gives (see `readSummary`; Mintlify's `docs.json`
    /// gives the same tree): each entry's page its title and order, each entry with pages
    /// under it the folder they share.
    mutating func applySummary(_ roots: [SummaryItem]) {
        typealias Item = SummaryItem
        // An entry titles the folder its pages share before the entries under it do (mdBook's
        // "Format" titles `format/`, not its first sub-entry's), and only when some page is
        // under it (a draft chapter names none); an entry whose page is that folder's README.md
        // or index.md titles it over a group above it (BeefreeSDK's "## Builder AddOns" holds
        // only "AddOns", `builder-addons/addons/README.md`).
        var titledByIndex = Set<String>()
        func walk(_ items: [Item]) {
            for (i, item) in items.enumerated() {
                if let path = item.path, pagePaths[path] != nil { navigation[path] = NavEntry(title: item.title.isEmpty ? nil : item.title, order: i + 1) }
                guard !item.children.isEmpty else { continue }
                var paths: [String] = []
                func collect(_ items: [Item]) { for c in items { if let p = c.path, pagePaths[p] != nil { paths.append(p) }; collect(c.children) } }
                collect(item.children)
                if !paths.isEmpty, let p = item.path { paths.append(p) }
                let folders = paths.map { PathText.parent(of: $0) }
                if !item.title.isEmpty, let folder = Self.commonFolder(folders), !folder.isEmpty {
                    let name = item.path.map { ($0 as NSString).lastPathComponent.lowercased() }
                    let isIndex = (name == "readme.md" || name == "index.md") && item.path.map { PathText.parent(of: $0) } == folder
                    if categories[folder]?.title == nil || isIndex && !titledByIndex.contains(folder) {
                        var info = categories[folder] ?? CategoryInfo()
                        info.title = item.title
                        info.order = i + 1
                        categories[folder] = info
                        if isIndex { titledByIndex.insert(folder) }
                    }
                }
                walk(item.children)
            }
        }
        walk(roots)
    }

    /// The page a summary entry names: the file as written from the docs folder's top, else as
    /// a link finds it (Docsify's `/guide`, without `.md`, or a folder for its README.md).
    mutating func summaryPage(_ path: String) -> String? {
        guard let joined = Self.join("", String(path.drop { $0 == "/" })) else { return nil }
        if pagePaths[joined] != nil { return joined }
        return find(joined).flatMap { sourcePage(writtenAs: $0) } ?? joined
    }

    /// The source page written as `destination`, looked up afresh rather than through
    /// `sourceOfDestination`'s map: the summaries and mdBook's redirects are read while pages
    /// are still being left out (frame files, snippets), which that map, built once, would keep.
    func sourcePage(writtenAs destination: String) -> String? {
        pagePaths.first { $0.value == destination }?.key
    }
}
