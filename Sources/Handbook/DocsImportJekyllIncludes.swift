import Foundation

// Jekyll's includes (issue 16): a Jekyll handbook reuses text and boxes through
// `{% include note.html content="..." %}` (the Documentation Theme for Jekyll and the many
// handbooks made from it), `{% include image.html file="queue.png" alt="..." %}`,
// `{% include toc.html %}` and Markdown kept in `_includes/` (`{% include steps.md %}`) or
// beside the page (`{% include_relative steps.md %}`). Imported as they were, every one was
// shown as a Liquid tag, and the note's text was lost inside it.

extension Importer {
    /// The Markdown file a Jekyll include on `line` names (`{% include steps.md %}` is
    /// `/_includes/steps.md`, `{% include_relative part.md %}` is relative to the page), and
    /// the tag's range; nil when there is none. Written out by `expandIncludes`, as Hugo's.
    static func jekyllMarkdownInclude(in line: String) -> (Range<String.Index>, String)? {
        guard line.contains("include") else { return nil }
        for match in line.matches(of: /\{%-?\s*include(_relative)?\s+([^\s%{}"']+)(?:\s+[^%]*?)?\s*-?%\}/) {
            let name = String(match.2)
            let lower = name.lowercased()
            guard lower.hasSuffix(".md") || lower.hasSuffix(".markdown") else { continue }
            return (match.range, match.1 == nil ? "/_includes/" + name : name)
        }
        return nil
    }

    /// `body` (page `f`'s text, read as Jekyll) with the includes of an HTML template of the
    /// site's `_includes/` written as what the template shows, when it is one of three kinds:
    /// - a box (`note.html`, `tip.html`, `warning.html`, `important.html`, `caution.html`,
    ///   `danger.html`, `info.html`, and `callout.html` or `alert.html` titled by their `type`)
    ///   showing `{{include.content}}`: a quoted box, its kind in bold, then the content;
    /// - a picture (an `<img>` whose `src` is made from the include's values): a Markdown
    ///   picture, its caption in italics after it;
    /// - `toc.html`: left out (a page shows its own outline, "On this page").
    /// A value that is a variable (`content=notice`), a template that is none of these or
    /// cannot be read, and tags inside code stay as written. Lines are kept.
    mutating func convertJekyllHTMLIncludes(_ body: String, file f: String) -> (text: String, count: Int) {
        guard body.contains("include") else { return (body, 0) }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fences = CodeFences()
        var count = 0
        for i in lines.indices {
            if fences.isCode(lines[i]) || !lines[i].contains("include") { continue }
            let line = lines[i]
            let matches = line.matches(of: /\{%-?\s*include\s+([A-Za-z0-9_.\/-]+\.html)((?:\s+[A-Za-z0-9_-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s%"']+))*)\s*-?%\}/)
            guard !matches.isEmpty else { continue }
            // The line rebuilt from the text between the tags and what each tag shows.
            var text = ""
            var last = line.startIndex
            for match in matches {
                text += line[last..<match.range.lowerBound]
                last = match.range.upperBound
                let alone = line.trimmingCharacters(in: .whitespaces) == String(line[match.range])
                guard let template = jekyllIncludeTemplate(String(match.1)),
                      let replacement = Self.jekyllIncludeText(name: String(match.1), values: Self.includeValues(String(match.2)),
                                                               template: template, alone: alone) else {
                    text += line[match.range]
                    continue
                }
                text += replacement
                count += 1
            }
            lines[i] = text + line[last...]
        }
        return (count == 0 ? body : lines.joined(separator: "\n"), count)
    }

    /// What one include shows (see `convertJekyllHTMLIncludes`), or nil to leave it as written.
    static func jekyllIncludeText(name: String, values: [String: String?], template: String, alone: Bool) -> String? {
        let base = ((name as NSString).lastPathComponent as NSString).deletingPathExtension.lowercased()
        if base == "toc" { return "" }
        let boxes = ["note", "tip", "warning", "important", "caution", "danger", "info", "alert", "callout"]
        if boxes.contains(base), template.contains("include.content") {
            guard let content = values["content"], let content else { return nil }
            var kind = base
            if base == "callout" || base == "alert" {
                kind = values["type"].flatMap { $0 }.flatMap { $0.isEmpty || $0 == "default" ? nil : $0 } ?? "note"
                if ["primary", "success"].contains(kind) { kind = "note" }
            }
            let title = "**" + kind.prefix(1).uppercased() + kind.dropFirst() + ":** "
            return (alone ? "> " : "") + title + content.replacingOccurrences(of: "\n", with: " ")
        }
        // A picture: the template's `src`, made from the include's values.
        guard template.contains("<img"), let src = template.firstMatch(of: /<img[^>]*\ssrc="([^"]*)"/)?.1, src.contains("include.") else { return nil }
        func filled(_ pattern: Substring) -> String? {
            var out = String(pattern)
            for m in out.matches(of: /\{\{\s*include\.([A-Za-z0-9_-]+)\s*\}\}/).reversed() {
                guard let value = values[String(m.1)], let value else { return nil }
                out.replaceSubrange(m.range, with: value)
            }
            // Other Liquid (`{{ site.baseurl }}`, `{{ "/" | relative_url }}`) names the site's top.
            out = out.replacing(/\{\{[^}]*\}\}/, with: "")
            return out.contains("{%") || out.isEmpty ? nil : out
        }
        guard var address = filled(src) else { return nil }
        if !LinkResolver.hasScheme(address), !address.hasPrefix("/") { address = "/" + address }
        let alt = (values["alt"] ?? nil) ?? (values["caption"] ?? nil) ?? ""
        let caption = (values["caption"] ?? nil).map { " *" + $0 + "*" } ?? ""
        return "![" + alt.replacingOccurrences(of: "]", with: "\\]") + "](" + Markdown.linkTarget(address) + ")" + caption
    }

    /// `content="Check the seller" type='warning' file=notice` -> content and type as written,
    /// file nil (a variable, whose value the import does not know).
    static func includeValues(_ text: String) -> [String: String?] {
        var out: [String: String?] = [:]
        for m in text.matches(of: /([A-Za-z0-9_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))/) {
            out[String(m.1)] = (m.2 ?? m.3).map(String.init)
        }
        return out
    }

    /// The text of an include's template in the site's `_includes/` (at the site's top, or
    /// the docs folder's), read once; nil when there is none or it is over 64 KB.
    mutating func jekyllIncludeTemplate(_ name: String) -> String? {
        if let known = jekyllTemplates[name] { return known }
        var text: String?
        if !name.contains("..") {
            for root in [source, docs] {
                let path = root + "/_includes/" + name
                guard let data = FileManager.default.contents(atPath: path), data.count < 64 << 10, isInsideCorpus(path) else { continue }
                text = String(decoding: data, as: UTF8.self)
                break
            }
        }
        jekyllTemplates[name] = .some(text)
        return text
    }
}
