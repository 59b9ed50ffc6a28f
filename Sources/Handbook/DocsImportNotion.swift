import Foundation

// Notion's "Markdown & CSV" export (issue 16): many trust & safety teams keep their SOPs in
// Notion. Every file and folder of the export ends with a space and the page's 32-hex id
// (`Counterfeit goods 8c14a3b7b53f4b908b0f8db1eaa2fb87.md`), a page's subpages and pictures
// are in a folder of its name beside it, a database is a CSV file and a folder of one page per
// row whose properties are `Key: value` lines under its title, and a callout is an `<aside>`.
// Read as plain Markdown, every id and address carried the 32 hex digits, the properties ran
// together into one paragraph and callouts lost their box.

extension DocsImport {
    /// A Notion export: at least half of its pages (and at least two) are named `Title <32 hex>.md`.
    static func notionSite(_ src: String, listing: CorpusListing) -> FrameworkSite? {
        guard let names = listing.names else { return nil }
        let pages = names.filter { Importer.isPage($0) && !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
        let named = pages.filter { Importer.notionID(in: (($0 as NSString).lastPathComponent as NSString).deletingPathExtension) != nil }
        guard named.count >= 2, named.count * 2 >= pages.count else { return nil }
        return FrameworkSite(kind: .notion, root: src, config: "pages named 'Title <id>.md'")
    }
}

extension Importer {
    /// The 32-hex Notion id that ends `name` after a space, or nil.
    static func notionID(in name: String) -> String? {
        let utf8 = name.utf8
        guard utf8.count > 33 else { return nil }
        let tail = utf8.suffix(32)
        guard utf8.dropLast(32).last == UInt8(ascii: " "),
              tail.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else { return nil }
        return String(decoding: tail, as: UTF8.self)
    }

    /// `name` without its Notion id (`Counterfeit goods 8c14....md` is `Counterfeit goods.md`).
    static func withoutNotionID(_ name: String) -> String {
        let ext = (name as NSString).pathExtension
        var stem = ext.isEmpty ? name : (name as NSString).deletingPathExtension
        // `Database <id>_all.csv`: the whole table, beside `Database <id>.csv`, the view.
        var suffix = ""
        if ext.lowercased() == "csv", stem.hasSuffix("_all"), notionID(in: String(stem.dropLast(4))) != nil {
            stem = String(stem.dropLast(4))
            suffix = "_all"
        }
        guard notionID(in: stem) != nil else { return name }
        let clean = String(stem.dropLast(33)).trimmingCharacters(in: .whitespaces)
        return (clean.isEmpty ? "untitled" : clean) + suffix + (ext.isEmpty ? "" : "." + ext)
    }

    /// Notion: every page and file is written without the ids in its path. A page whose
    /// subpages are in the folder of its name becomes that folder's page (`Policies <id>.md`
    /// and `Policies <id>/` are `Policies/index.md` and `Policies/`). Two that would have one
    /// path keep the first 8 digits of their id (`Escalation-1a2b3c4d.md`).
    mutating func placeNotionExport() {
        let folders = Set((Array(pagePaths.keys) + Array(assetPaths)).map { PathText.parent(of: $0) }.filter { !$0.isEmpty }
            .flatMap { folder -> [String] in
                var all: [String] = []
                var f = folder
                while !f.isEmpty { all.append(f); f = PathText.parent(of: f) }
                return all
            })
        func clean(_ path: String) -> String {
            path.split(separator: "/").map { Self.withoutNotionID(String($0)) }.joined(separator: "/")
        }
        var taken: [String: String] = [:]
        func place(_ source: String, _ wanted: String) -> String {
            var dest = wanted
            if let first = taken[dest.lowercased()], first != source {
                let name = ((source as NSString).lastPathComponent as NSString).deletingPathExtension
                let id = Self.notionID(in: name).map { String($0.prefix(8)) } ?? String(taken.count)
                let ext = (dest as NSString).pathExtension
                dest = (dest as NSString).deletingPathExtension + "-" + id + (ext.isEmpty ? "" : "." + ext)
            }
            taken[dest.lowercased()] = source
            return dest
        }
        var renamed = 0
        for f in pagePaths.keys.sorted() {
            let stem = (f as NSString).deletingPathExtension
            let wanted = folders.contains(stem) ? clean(stem) + "/index.md" : clean(Self.destinationPath(f))
            let dest = place(f, wanted)
            if dest != pagePaths[f] { renamed += 1 }
            pagePaths[f] = dest
        }
        for f in assetPaths.sorted() {
            let dest = place(f, clean(f))
            if dest != f { assetMoves[f] = dest; renamed += 1 }
        }
        report.notes.append("Notion export: \(renamed) page and file names written without Notion's ids (`Title <id>.md` is `Title.md`; a page with subpages is its folder's index.md)")
    }

    /// The imported page a notion.so address names by its id (`https://www.notion.so/acme/
    /// Counterfeit-goods-8c14a3b7b53f4b908b0f8db1eaa2fb87`, or the id with dashes), when the
    /// export holds it: teams paste their pages' addresses into each other. Nil otherwise.
    mutating func notionAddress(_ url: String, from f: String) -> String? {
        let lower = url.lowercased()
        guard ["https://www.notion.so/", "https://notion.so/", "http://www.notion.so/"].contains(where: { lower.hasPrefix($0) }) || lower.contains(".notion.site/") else { return nil }
        if notionPagesByID == nil {
            var byID: [String: String] = [:]
            for f in pagePaths.keys {
                if let id = Self.notionID(in: ((f as NSString).lastPathComponent as NSString).deletingPathExtension) { byID[id] = f }
            }
            notionPagesByID = byID
        }
        var path = Substring(lower)
        var anchor = ""
        if let hash = path.firstIndex(of: "#") { anchor = String(url[url.index(url.startIndex, offsetBy: path.distance(from: path.startIndex, to: hash))...]); path = path[..<hash] }
        if let q = path.firstIndex(of: "?") { path = path[..<q] }
        let last = path.split(separator: "/").last.map { $0.replacingOccurrences(of: "-", with: "") } ?? ""
        guard last.count >= 32, let page = notionPagesByID?[String(last.suffix(32))], let dest = pagePaths[page] else { return nil }
        // Notion's own `#block-id` anchors name no heading here: the page itself.
        return relativeLink(to: dest, from: f, anchor: anchor.count == 33 && anchor.dropFirst().allSatisfy(\.isHexDigit) ? "" : anchor, url: url)
    }

    /// A page of a Notion database (its folder has the database's CSV beside it): the
    /// `Key: value` lines under its title are its properties. Tags (`Tags`, `Tag`, `Labels`)
    /// and the owner (`Owner`, `Owners`, `Assignee`, `Created by`) go to the front matter; the
    /// others become a list under the title, so they no longer run together.
    mutating func notionProperties(_ parsed: SourceText, file f: String) -> SourceText {
        let folder = PathText.parent(of: f)
        guard !folder.isEmpty else { return parsed }
        let root = docs
        let exists = { (p: String) in FileManager.default.fileExists(atPath: root + "/" + p) }
        guard exists(folder + ".csv") || exists(folder + "_all.csv") else { return parsed }
        var lines = parsed.body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let title = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }), lines[title].hasPrefix("# ") else { return parsed }
        var i = title + 1
        while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces).isEmpty { i += 1 }
        var properties: [(key: String, value: String, line: Int)] = []
        while i < lines.count, let match = lines[i].firstMatch(of: /^([^:\n`*#>|\-][^:\n]{0,39}): (.*)$/) {
            properties.append((String(match.1), String(match.2), i))
            i += 1
        }
        guard !properties.isEmpty else { return parsed }
        var entries = parsed.frontMatter.mapEntries ?? []
        func has(_ key: String) -> Bool { entries.contains { $0.key == key } }
        var listed: [String] = []
        for p in properties {
            let key = p.key.lowercased()
            if ["tags", "tag", "labels", "label"].contains(key), !has("tags") {
                let tags = p.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                entries.append(YAMLEntry(key: "tags", line: 0, column: 0, value: YAMLNode(.list(tags.map { YAMLNode(.scalar($0), line: 0, column: 0) }), line: 0, column: 0)))
            } else if ["owner", "owners", "assignee", "created by"].contains(key), !has("owner"), !has("authors") {
                entries.append(YAMLEntry(key: "owner", line: 0, column: 0, value: YAMLNode(.scalar(p.value), line: 0, column: 0)))
            } else {
                listed.append("- **" + p.key + ":** " + p.value)
            }
        }
        // The list on the first lines the properties took (one tight list), the rest blank.
        for (k, p) in properties.enumerated() { lines[p.line] = k < listed.count ? listed[k] : "" }
        notionPropertyPages += 1
        return SourceText(frontMatter: YAMLNode(.map(entries), line: 1, column: 1), body: lines.joined(separator: "\n"), bodyFirstLine: parsed.bodyFirstLine)
    }
}

/// Notion's callouts, `<aside>` ... `</aside>` with the callout's icon first (`💡 Never
/// contact the seller.`), written as quoted blocks, as other tools' boxes are; line numbers
/// kept. Outside fenced code only.
enum NotionCallouts {
    static func convert(_ body: String) -> (text: String, count: Int) {
        guard body.contains("<aside>") else { return (body, 0) }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fences = CodeFences()
        var count = 0
        var i = 0
        while i < lines.count {
            if fences.isCode(lines[i]) { i += 1; continue }
            let indent = String(lines[i].prefix { $0 == " " })
            guard lines[i].dropFirst(indent.count).trimmingCharacters(in: .whitespaces) == "<aside>",
                  let close = lines[(i + 1)...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "</aside>" }) else { i += 1; continue }
            Admonitions.box(&lines, open: i, close: close, title: nil, indent: indent)
            count += 1
            i = close + 1
        }
        return (lines.joined(separator: "\n"), count)
    }
}
