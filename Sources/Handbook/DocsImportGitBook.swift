import Foundation

// GitBook (issue 16): the tool most company handbooks and policy sites are written in, synced
// to a git repository as Markdown. Read as plain Markdown, a GitBook space lost its pictures
// (kept in the hidden `.gitbook/assets/`), showed its blocks as text (`{% hint %}` boxes,
// `{% tabs %}`, `{% embed %}` cards, 325 hints in one corpus), published its `SUMMARY.md`
// as a page and ignored the navigation order, titles and redirects it gives.

extension DocsImport {
    /// A GitBook space: `.gitbook.yaml` at the top (its `root:` is the pages' folder, its
    /// `structure:` names the summary and the home page), or a `SUMMARY.md` beside a
    /// `.gitbook/` folder.
    static func gitBookSite(_ src: String) -> FrameworkSite? {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if let data = fm.contents(atPath: src + "/.gitbook.yaml") ?? fm.contents(atPath: src + "/.gitbook.yml") {
            var root = src
            if let config = try? YAMLParser.parse(String(decoding: data, as: UTF8.self)),
               let value = config["root"]?.scalar, let folder = Importer.join("", value.hasPrefix("./") ? String(value.dropFirst(2)) : value),
               !folder.isEmpty, fm.fileExists(atPath: src + "/" + folder, isDirectory: &isFolder), isFolder.boolValue {
                root = src + "/" + folder
            }
            return FrameworkSite(kind: .gitBook, root: root, config: fm.fileExists(atPath: src + "/.gitbook.yaml") ? ".gitbook.yaml" : ".gitbook.yml")
        }
        if fm.fileExists(atPath: src + "/SUMMARY.md"), fm.fileExists(atPath: src + "/.gitbook", isDirectory: &isFolder), isFolder.boolValue {
            return FrameworkSite(kind: .gitBook, root: src, config: "SUMMARY.md")
        }
        return nil
    }
}

/// The `.gitbook.yaml` a GitBook space is configured by: the summary's and the home page's
/// files (`structure:`) and the old addresses of its pages (`redirects:`, address -> file).
struct GitBookConfig {
    var summary = "SUMMARY.md"
    var readme = "README.md"
    var redirects: [(from: String, to: String)] = []

    init() {}

    init(source: String) {
        guard let data = FileManager.default.contents(atPath: source + "/.gitbook.yaml") ?? FileManager.default.contents(atPath: source + "/.gitbook.yml"),
              let config = try? YAMLParser.parse(String(decoding: data, as: UTF8.self)) else { return }
        if let s = config["structure"]?["summary"]?.scalar, !s.isEmpty { summary = s }
        if let r = config["structure"]?["readme"]?.scalar, !r.isEmpty { readme = r }
        for entry in config["redirects"]?.mapEntries ?? [] {
            guard let to = entry.value.scalar, !to.isEmpty else { continue }
            redirects.append((entry.key, to))
        }
    }
}

/// GitBook's blocks written as Markdown, line numbers kept (a block's tag lines become blank
/// or take the Markdown that replaces them):
/// - `{% hint style="warning" %}` ... `{% endhint %}`: a quoted box titled by its kind (info is
///   a Note, success a Tip, warning and danger themselves);
/// - `{% tabs %}`, `{% tab title="Python" %}`: each tab's title in bold above its text, as
///   other tools' tab sets are unfolded;
/// - `{% embed url="..." %}` (with a caption up to `{% endembed %}`) and `{% file src="..." %}`:
///   a link to what they show, named by the caption, else the address or file name;
/// - `{% code title="app.js" %}`: the title in bold above the code; `{% openapi %}` and
///   `{% openapi-operation %}`: the method and path in bold above the link to the spec;
/// - `{% content-ref %}`, `{% stepper %}`, `{% step %}`, `{% columns %}`, `{% column %}`,
///   `{% swagger %}` wrappers: left out, their content kept;
/// - `[text](broken-reference)`, GitBook's mark for a link whose page it lost: the text.
/// Tags inside fenced code are left alone.
enum GitBookBlocks {
    struct Counts { var boxes = 0, tabs = 0, blocks = 0, brokenReferences = 0 }

    static let wrappers: Set<String> = ["content-ref", "stepper", "step", "columns", "column", "swagger", "swagger-description",
                                        "swagger-parameter", "swagger-response", "endcontent-ref", "endstepper", "endstep",
                                        "endcolumns", "endcolumn", "endswagger", "endswagger-description", "endswagger-parameter",
                                        "endswagger-response", "endtabs", "endtab", "endcode", "endopenapi", "endopenapi-operation",
                                        "endfile"]

    static func convert(_ body: String) -> (text: String, counts: Counts) {
        var counts = Counts()
        guard body.contains("{%") || body.contains("broken-reference") || body.contains("<a ") else { return (body, counts) }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fences = CodeFences()
        var anchors = Set<String>()
        var i = 0
        while i < lines.count {
            if fences.isCode(lines[i]) { i += 1; continue }
            if lines[i].contains("broken-reference") { counts.brokenReferences += unlinkBrokenReferences(&lines[i]) }
            if lines[i].hasPrefix("#"), lines[i].contains("<a ") { headingAnchor(&lines[i], seen: &anchors) }
            guard lines[i].contains("{%"), let tag = LiquidBoxes.tag(lines[i]) else { i += 1; continue }
            let parameters = Self.parameters(tag.arguments)
            let indent = tag.indent
            switch tag.name {
            case "hint":
                guard let close = closing("endhint", in: lines, after: i) else { i += 1; continue }
                let style = (parameters["style"] ?? "info").lowercased()
                let title = ["info": "Note", "success": "Tip", "warning": "Warning", "danger": "Danger"][style] ?? "Note"
                // What the box holds is converted first (its tabs, lost links, headings' anchors),
                // then quoted: once quoted, its tags would no longer stand on lines of their own.
                if close > i + 1 {
                    let (inner, innerCounts) = convert(lines[(i + 1)..<close].joined(separator: "\n"))
                    lines.replaceSubrange((i + 1)..<close, with: inner.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
                    counts.boxes += innerCounts.boxes
                    counts.tabs += innerCounts.tabs
                    counts.blocks += innerCounts.blocks
                    counts.brokenReferences += innerCounts.brokenReferences
                }
                Admonitions.box(&lines, open: i, close: close, title: title, indent: indent)
                counts.boxes += 1
                i = close + 1
                continue
            case "tabs":
                lines[i] = ""
                counts.tabs += 1
            case "tab":
                lines[i] = parameters["title"].map { indent + "**" + $0 + "**" } ?? ""
            case "embed", "file":
                let address = tag.name == "embed" ? parameters["url"] : parameters["src"]
                guard let address, !address.isEmpty else { i += 1; continue }
                // A caption written between the tag and its end tag, when it has one.
                var caption = parameters["caption"] ?? ""
                var last = i
                if let close = closing("end" + tag.name, in: lines, after: i), close - i <= 6 {
                    let text = lines[(i + 1)..<close].map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
                    if caption.isEmpty { caption = text }
                    for k in (i + 1)...close { lines[k] = "" }
                    last = close
                }
                if caption.isEmpty {
                    caption = tag.name == "file" ? ((address as NSString).lastPathComponent.removingPercentEncoding ?? address) : address
                }
                lines[i] = indent + "[" + Markdown.linkText(caption) + "](" + Markdown.linkTarget(address) + ")"
                counts.blocks += 1
                i = last + 1
                continue
            case "code":
                lines[i] = parameters["title"].map { indent + "**" + $0 + "**" } ?? ""
                counts.blocks += 1
            case "openapi", "openapi-operation":
                let method = parameters["method"]?.uppercased() ?? ""
                let path = parameters["path"] ?? ""
                let heading = [method, path].filter { !$0.isEmpty }.joined(separator: " ")
                lines[i] = heading.isEmpty ? "" : indent + "**`" + heading + "`**"
                counts.blocks += 1
            case let name where wrappers.contains(name):
                lines[i] = ""
            default:
                break
            }
            i += 1
        }
        return (lines.joined(separator: "\n"), counts)
    }

    /// The line of the first `{% NAME %}` on a line of its own after line `i`, outside code.
    static func closing(_ name: String, in lines: [String], after i: Int) -> Int? {
        var fences = CodeFences()
        for k in (i + 1)..<lines.count {
            if fences.isCode(lines[k]) { continue }
            if let tag = LiquidBoxes.tag(lines[k]), tag.name == name { return k }
        }
        return nil
    }

    /// GitBook keeps a heading's anchor as an empty link at its end,
    /// `## Videos <a href="#about-this-documentation" id="about-this-documentation"></a>`, which
    /// links from other pages name: it becomes the heading's `{#anchor}`. GitBook repeats one
    /// on a page at times (a heading copied with its anchor): a repeat is dropped, and that
    /// heading's anchor comes from its text.
    static func headingAnchor(_ line: inout String, seen: inout Set<String>) {
        guard let match = line.firstMatch(of: /^(#{1,6} .*?)\s*<a href="#([^"]+)" id="([^"]+)"><\/a>\s*$/), match.2 == match.3 else { return }
        let id = String(match.3)
        let heading = String(match.1)
        line = Slug.isValidAnchor(id) && seen.insert(id).inserted ? heading + " {#" + id + "}" : heading
    }

    /// `key="value"` pairs of a GitBook tag (quoted with `"` or `'`).
    static func parameters(_ arguments: String) -> [String: String] {
        var out: [String: String] = [:]
        for match in arguments.matches(of: /([A-Za-z][A-Za-z0-9_-]*)=(?:"([^"]*)"|'([^']*)')/) {
            out[String(match.1)] = String(match.2 ?? match.3 ?? "")
        }
        return out
    }

    /// `[text](broken-reference)` (and GitBook's HTML form) written as `text`; how many.
    static func unlinkBrokenReferences(_ line: inout String) -> Int {
        var count = 0
        line = line.replacing(/\[([^\]\n]*)\]\(broken-reference\)/) { match in
            count += 1
            return String(match.1)
        }
        // In GitBook's HTML tables too: `<a href="broken-reference">Check</a>`.
        line = line.replacing(/<a href="broken-reference">([^<]*)<\/a>/) { match in
            count += 1
            return String(match.1)
        }
        return count
    }

}

extension Importer {
    /// GitBook's `redirects:` in `.gitbook.yaml`: each old address becomes a redirect to the
    /// page it names (Casebook's `redirects`), read before the pages are written.
    mutating func readGitBookRedirects() {
        for (from, to) in gitBookConfig.redirects {
            guard let target = Self.join("", to), pagePaths[target] != nil else {
                report.notes.append(".gitbook.yaml: redirect '\(from)' leads to '\(to)', which is not a page of the corpus; left out")
                continue
            }
            let address = "/" + from.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            gitBookRedirects[target, default: []].append(address)
        }
    }
}
