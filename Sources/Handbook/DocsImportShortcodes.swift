import Foundation

/// Hugo's built-in shortcodes that have a Markdown form, written as that form by the import:
/// a handbook moved from Hugo keeps its screenshots (`figure`), training videos (`youtube`,
/// `vimeo`), posts (`x`, `instagram`, `gist`), folded notes (`details`) and code
/// (`highlight`) instead of showing the shortcodes as text; so are the call-out boxes of
/// the themes most Hugo docs sites use (Docsy's `alert` and `pageinfo`, Hextra's `callout`,
/// Hugo Book's `hint`, Grafana's `admonition`, the Learn themes' `notice` and `expand`).
/// Others are left as they
/// were (and counted, once per kind, in the import's notes).
///
/// Line numbers are kept: every converted shortcode takes as many lines as it did, so the
/// notes about the rest of the page still name the right lines; only a figure written on one
/// line with a caption gains a line, for the caption.
enum HugoShortcodes {
    /// A shortcode's parameters: positional and named (`src="a.png"`, `id=123`).
    struct Parameters {
        var positional: [String] = []
        var named: [String: String] = [:]
        func value(_ name: String, at position: Int? = nil) -> String? {
            if let v = named[name], !v.isEmpty { return v }
            if let position, position < positional.count, !positional[position].isEmpty { return positional[position] }
            return nil
        }
    }

    /// A site's own shortcode whose template is a link (`layouts/shortcodes/page-relref.html`:
    /// `<a href="{{ relref . (.Get "ref") }}">...{{ .Get "caption" }}</a>`, mastodon's docs use
    /// it and `caption-link` 417 times): which parameter gives the address, whether it is a page
    /// reference (`ref`/`relref`), and which gives the text (nil: the address).
    struct LinkTemplate: Sendable, Equatable {
        var urlParameter: String
        var isRef: Bool
        var textParameter: String?
    }

    /// The link a shortcode template writes, when it is one `<a href>` of one parameter; nil
    /// for any other template (it stays text, with its one note).
    static func linkTemplate(_ html: String) -> LinkTemplate? {
        let trimmed = html.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("<a "), trimmed.hasSuffix("</a>"), trimmed.components(separatedBy: "<a ").count == 2,
              let href = trimmed.firstMatch(of: /href="\{\{-?\s*(?:(relref|ref)\s+\.\s+)?\(?\s*\.Get\s+"([A-Za-z_][A-Za-z0-9_-]*)"\s*\)?\s*-?\}\}"/) else { return nil }
        let url = String(href.2)
        let rest = trimmed[href.range.upperBound...]
        let text = rest.matches(of: /\.Get\s+"([A-Za-z_][A-Za-z0-9_-]*)"/).map { String($0.1) }.first { $0 != url }
        return LinkTemplate(urlParameter: url, isRef: href.1 != nil, textParameter: text)
    }

    /// `body` with the built-in shortcodes written as Markdown, and how many were; and the
    /// site's own shortcodes whose templates are links (`linkTemplates`, by name).
    static func convert(_ body: String, linkTemplates: [String: LinkTemplate] = [:]) -> (text: String, count: Int) {
        guard body.contains("{{") else { return (body, 0) }
        var lines = splittingTabShortcodes(body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        var count = 0
        var fences = CodeFences()
        var i = 0
        // Where on line `i` to look for the next shortcode (after those converted or left).
        var column = 0
        while i < lines.count {
            // A line is read once, at its start (it is looked at again after a conversion in it).
            if column == 0, fences.isCode(lines[i]) {
                i += 1
                continue
            }
            guard lines[i].contains("{{"), let found = shortcode(in: lines, from: i, after: column) else { i += 1; column = 0; continue }
            let indent = String(lines[i].prefix { $0 == " " || $0 == "\t" })
            let alone = lines[i].trimmingCharacters(in: .whitespaces).hasPrefix(found.text) || found.lastLine > i
            switch found.name {
            case "highlight" where alone && found.lastLine == i && !found.text.contains("hl_inline"):
                // A block: ``` with the language, up to the closing shortcode.
                guard let close = (i + 1..<lines.count).first(where: { isClosing(lines[$0], "highlight") }) else { i += 1; continue }
                let language = found.parameters.value("lang", at: 0) ?? ""
                lines[i] = indent + "```" + language
                lines[close] = indent + "```"
                count += 1
                i = close + 1
                column = 0
                continue
            case let name where name.hasPrefix("blocks/") && lines[i].trimmingCharacters(in: .whitespaces).hasPrefix(found.text.components(separatedBy: "\n")[0]):
                // Docsy's landing-page blocks (`blocks/cover`, `lead`, `section`, `feature`):
                // their Markdown text, without the frame; a cover's or feature's title in bold,
                // a feature's link under its text; `link-down` (an arrow) left out.
                if name == "blocks/link-down" {
                    for k in i...found.lastLine { lines[k] = "" }
                    count += 1
                    i = found.lastLine + 1
                    column = 0
                    continue
                }
                guard found.lastLine + 1 < lines.count, let close = matchingClose(lines, name, after: found.lastLine) else { break }
                for k in i...found.lastLine { lines[k] = "" }
                if let title = found.parameters.value("title"), !title.isEmpty {
                    lines[i] = indent + "**" + title.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "*", with: "\\*") + "**"
                }
                lines[close] = ""
                if let url = found.parameters.value("url"), !url.isEmpty {
                    lines[close] = indent + "[" + Markdown.linkText(found.parameters.value("url_text") ?? "Read more") + "](" + Markdown.linkTarget(url) + ")"
                }
                count += 1
                i = found.lastLine + 1
                column = 0
                continue
            case let name where ["columns", "steps"].contains(name) && alone && found.lastLine == i && lines[i].trimmingCharacters(in: .whitespaces) == found.text:
                // Hugo Book's and Hextra's layout frames around Markdown (`columns`, its columns
                // parted by `<--->`; `steps`, around a numbered list): the text, frame left out.
                guard let close = matchingClose(lines, name, after: i) else { break }
                lines[i] = ""
                lines[close] = ""
                if name == "columns" {
                    var fences = CodeFences()
                    for k in (i + 1)..<close where !fences.isCode(lines[k]) && lines[k].trimmingCharacters(in: .whitespaces) == "<--->" { lines[k] = "" }
                }
                count += 1
                i += 1
                column = 0
                continue
            case "mermaid" where alone && found.lastLine == i && lines[i].trimmingCharacters(in: .whitespaces) == found.text:
                // A diagram (the Learn themes, Grafana's docs): its source as a fenced block in
                // the `mermaid` language, rather than lines read as Markdown.
                guard let close = (i + 1..<lines.count).first(where: { isClosing(lines[$0], "mermaid") }) else { i += 1; continue }
                let fence = CodeFences.fence(around: Array(lines[(i + 1)..<close]))
                lines[i] = indent + fence + "mermaid"
                lines[close] = indent + fence
                count += 1
                i = close + 1
                column = 0
                continue
            case let name where boxNames.contains(name) && found.lastLine == i && lines[i].trimmingCharacters(in: .whitespaces).hasPrefix(found.text):
                // Hugo's `details`, and the call-out boxes of the themes most Hugo docs sites use:
                // Docsy's `alert` (with its `title`) and `pageinfo`, Hextra's `callout` (`type="info"`),
                // Hugo Book's `hint` (`{{% hint warning %}}`; mastodon's docs write `style="info"`),
                // Grafana's `admonition` (`type="note"`), the Learn themes' `notice`
                // (`{{% notice tip %}}`, Relearn's `style="info" title="..."`) and `expand`,
                // GitLab's handbook's `note` and `panel` (`header="**Steps**"`):
                // a quoted block, its title in bold. The text may start on the opening line and
                // end on the closing one (`{{% alert %}} Check first. {{% /alert %}}`).
                let opener = lines[i].range(of: found.text)!
                let after = String(lines[i][opener.upperBound...])
                guard let (close, closer) = closingTag(lines, name, from: i, after: opener.upperBound) else { i += 1; continue }
                let before = String(lines[close][..<closer.lowerBound])
                let inner = close == i ? String(lines[i][opener.upperBound..<closer.lowerBound]) : ""
                let plain = after.allSatisfy({ $0 == " " || $0 == "\t" }) && close > i && before.allSatisfy({ $0 == " " || $0 == "\t" })
                // Text after the closing tag, or a line right under one that ends in text (it
                // would run on in the quote): left as it is.
                guard lines[close][closer.upperBound...].allSatisfy({ $0 == " " || $0 == "\t" }),
                      plain || close + 1 >= lines.count || lines[close + 1].allSatisfy({ $0 == " " || $0 == "\t" }) else {
                    column = lines[i].distance(from: lines[i].startIndex, to: opener.upperBound)
                    continue
                }
                // Folded notes stay folded where the build can fold them: a `details` at the top
                // of the page whose text starts after a blank line (so it is read as Markdown)
                // becomes HTML's `<details>`; Hextra's names its summary `title`.
                if name == "details" || name == "expand", plain, indent.isEmpty, i + 1 < close, lines[i + 1].allSatisfy({ $0 == " " || $0 == "\t" }) {
                    let summary = found.parameters.value("summary", at: 0) ?? found.parameters.value("title") ?? (name == "expand" ? "Expand" : "Details")
                    let open = ["true", "open"].contains(found.parameters.value("open") ?? found.parameters.value("expanded") ?? "") ? " open" : ""
                    lines[i] = "<details" + open + "><summary>" + HTML.escape(summary.replacingOccurrences(of: "\n", with: " ")) + "</summary>"
                    lines[close] = "</details>"
                    count += 1
                    i = close + 1
                    column = 0
                    continue
                }
                func kind(_ s: String?) -> String? { s.flatMap { $0 == "default" ? nil : $0.prefix(1).uppercased() + $0.dropFirst() } }
                let title: String?
                switch name {
                case "details": title = found.parameters.value("summary", at: 0) ?? found.parameters.value("title") ?? "Details"
                case "expand": title = found.parameters.value("title", at: 0) ?? "Expand"
                case "callout", "admonition": title = found.parameters.value("title") ?? kind(found.parameters.value("type"))
                case "hint": title = found.parameters.value("title") ?? kind(found.parameters.value("type", at: 0) ?? found.parameters.value("style"))
                case "notice": title = found.parameters.value("title", at: 1) ?? kind(found.parameters.value("style", at: 0) ?? found.parameters.value("type"))
                // GitLab's handbook theme (Docsy's): `{{% note %}}`, and `{{% panel header="**Steps**"
                // header-bg="success" %}}`, its header bold already.
                case "note": title = found.parameters.value("title", at: 0) ?? "Note"
                case "panel":
                    title = (found.parameters.value("header") ?? found.parameters.value("title")).map {
                        var t = $0.trimmingCharacters(in: .whitespaces)
                        if t.count > 4, t.hasPrefix("**"), t.hasSuffix("**") { t = String(t.dropFirst(2).dropLast(2)) }
                        return t
                    }
                default: title = found.parameters.value("title")
                }
                if plain {
                    Admonitions.box(&lines, open: i, close: close, title: title, indent: indent)
                } else {
                    let head = title.map { "> **" + $0.replacingOccurrences(of: "\n", with: " ") + "**" } ?? ">"
                    func joined(_ a: String, _ text: String) -> String {
                        let t = text.trimmingCharacters(in: .whitespaces)
                        return t.isEmpty ? a : a + " " + t
                    }
                    if close == i {
                        lines[i] = indent + joined(head, inner)
                    } else {
                        lines[i] = indent + joined(head, after)
                        Admonitions.quote(&lines, (i + 1)..<close, indent: indent)
                        let last = before.trimmingCharacters(in: .whitespaces)
                        lines[close] = last.isEmpty ? "" : indent + "> " + last
                    }
                }
                count += 1
                i = close + 1
                column = 0
                continue
            case "button" where found.lastLine == i:
                // The Learn themes' `{{% button href="..." %}}Text{{% /button %}}` and Grafana's
                // `{{< button link="..." text="..." >}}`: a link.
                let opener = lines[i].range(of: found.text, range: lines[i].index(lines[i].startIndex, offsetBy: column)..<lines[i].endIndex)!
                // Hugo Book's names a page: `relref="/docs/x"`, a ref the import resolves after.
                let ref = found.parameters.value("relref") ?? found.parameters.value("ref")
                guard let target = ref ?? found.parameters.value("href") ?? found.parameters.value("link"), !target.isEmpty,
                      ref == nil || !target.contains(where: { $0 == " " || $0 == ")" || $0 == "(" || $0 == "<" || $0 == ">" || $0 == "\"" }) else {
                    column = lines[i].distance(from: lines[i].startIndex, to: opener.upperBound)
                    continue
                }
                let url = ref == nil ? Markdown.linkTarget(target) : "{{< relref \"" + target + "\" >}}"
                var end = opener.upperBound
                var label = found.parameters.value("text") ?? ""
                if let (k, closer) = closingTag(lines, "button", from: i, after: opener.upperBound), k <= i + 3 {
                    if k == i {
                        label = lines[i][opener.upperBound..<closer.lowerBound].trimmingCharacters(in: .whitespaces)
                        end = closer.upperBound
                    } else if alone, lines[i][opener.upperBound...].allSatisfy({ $0 == " " || $0 == "\t" }),
                              lines[k][closer.upperBound...].allSatisfy({ $0 == " " || $0 == "\t" }) {
                        // On lines of their own, the text between (Grafana's docs): one line, the others left blank.
                        let text = ((i + 1)..<k).map { lines[$0].trimmingCharacters(in: .whitespaces) } + [lines[k][..<closer.lowerBound].trimmingCharacters(in: .whitespaces)]
                        label = text.filter { !$0.isEmpty }.joined(separator: " ")
                        for j in (i + 1)...k { lines[j] = "" }
                    }
                }
                if label.isEmpty { label = url }
                let link = "[" + Markdown.linkText(label) + "](" + url + ")"
                let before = String(lines[i][..<opener.lowerBound]) + link
                lines[i] = before + lines[i][end...]
                count += 1
                column = before.count
                continue
            case let name where ["tabs", "tabpane"].contains(name) && alone && found.lastLine == i:
                guard let close = (i + 1..<lines.count).first(where: { isClosing(lines[$0], name) }) else { i += 1; continue }
                count += unfoldTabs(&lines, open: i, close: close, found.parameters)
                i = close + 1
                column = 0
                continue
            default:
                break
            }
            let start = lines[i].range(of: found.text.components(separatedBy: "\n")[0], range: lines[i].index(lines[i].startIndex, offsetBy: column)..<lines[i].endIndex)!
            guard var markdown = inline(found.name, found.parameters) ?? linkTemplates[found.name].flatMap({ link($0, found.parameters) }) else {
                // Left as it is: look on after it (on this line when it ends here).
                if found.lastLine == i { column = lines[i].distance(from: lines[i].startIndex, to: start.lowerBound) + found.text.count } else { i = found.lastLine + 1; column = 0 }
                continue
            }
            // A quoted value may span lines: the Markdown is one line.
            markdown.text = markdown.text.replacingOccurrences(of: "\n", with: " ")
            markdown.caption = markdown.caption?.replacingOccurrences(of: "\n", with: " ")
            // Written where the shortcode was; the lines it spanned are left blank.
            let end = found.lastLine == i ? lines[i].range(of: found.text, range: start.lowerBound..<lines[i].endIndex)!.upperBound
                : lines[found.lastLine].range(of: found.closing)!.upperBound
            let rest = found.lastLine == i ? String(lines[i][end...]) : String(lines[found.lastLine][end...])
            var caption = markdown.caption
            if let c = caption, found.lastLine > i {
                // A figure on several lines: its caption goes on the next one.
                lines[i] = String(lines[i][..<start.lowerBound]) + markdown.text + "\\"
                lines[i + 1] = indent + "*" + c + "*" + rest
                for k in (i + 2)..<(found.lastLine + 1) where k < lines.count { lines[k] = "" }
                caption = nil
            } else {
                let before = String(lines[i][..<start.lowerBound]) + markdown.text
                lines[i] = before + rest
                for k in (i + 1)..<(found.lastLine + 1) where k < lines.count { lines[k] = "" }
                if found.lastLine == i, caption == nil {
                    // More shortcodes may follow on this line.
                    count += 1
                    column = before.count
                    continue
                }
            }
            if let c = caption {
                // A one-line figure with a caption gains a line for it.
                lines[i] += "\\"
                lines.insert(indent + "*" + c + "*", at: i + 1)
                count += 1
                i += 2
                column = 0
                continue
            }
            count += 1
            i = found.lastLine + 1
            column = 0
        }
        return (lines.joined(separator: "\n"), count)
    }

    /// The Markdown of an inline built-in shortcode (and a figure's caption), nil for others.
    /// A link template's shortcode as a Markdown link: its text, its address (a page reference
    /// as a `ref` shortcode, which the import then makes a relative link).
    static func link(_ t: LinkTemplate, _ p: Parameters) -> (text: String, caption: String?)? {
        guard let url = p.value(t.urlParameter), !url.isEmpty, !url.contains(where: { $0 == " " || $0 == ")" || $0 == "(" || $0 == "\"" }) else { return nil }
        let text = (t.textParameter.flatMap { p.value($0) } ?? url).replacingOccurrences(of: "\n", with: " ")
        let label = Markdown.linkText(text)
        return ("[" + label + "](" + (t.isRef ? "{{< ref \"" + url + "\" >}}" : url) + ")", nil)
    }

    static func inline(_ name: String, _ p: Parameters) -> (text: String, caption: String?)? {
        func label(_ s: String) -> String { Markdown.linkText(s) }
        func safe(_ s: String) -> Bool { !s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) } }
        switch name {
        case "youtube":
            // GitLab's handbook writes where to start in the id, as Hugo passes it on to the
            // player (`"jdN5mj5ieLk?start=2115"`), and at times a stray slash (`"/sXE8F5Vu1sA"`).
            guard var id = p.value("id", at: 0) else { return nil }
            if id.hasPrefix("/") { id.removeFirst() }
            var start = p.value("start")
            if let q = id.firstIndex(of: "?") {
                for pair in id[id.index(after: q)...].split(separator: "&") where pair.hasPrefix("start=") { start = String(pair.dropFirst(6)) }
                id = String(id[..<q])
            }
            guard safe(id) else { return nil }
            let at = start.flatMap { s in Int(s).map { "&t=\($0)s" } } ?? ""
            return ("[" + label(p.value("title") ?? "YouTube video") + "](https://www.youtube.com/watch?v=\(id)\(at))", nil)
        case "vimeo":
            guard let id = p.value("id", at: 0), safe(id) else { return nil }
            return ("[" + label(p.value("title") ?? "Vimeo video") + "](https://vimeo.com/\(id))", nil)
        case "x", "twitter", "tweet":
            guard let user = p.value("user"), let id = p.value("id"), safe(user), safe(id) else { return nil }
            return ("[Post by @\(label(user)) on X](https://x.com/\(user)/status/\(id))", nil)
        case "instagram":
            guard let id = p.value("id", at: 0), safe(id) else { return nil }
            return ("[Instagram post](https://www.instagram.com/p/\(id)/)", nil)
        case "gist":
            guard let user = p.value("user", at: 0), let id = p.value("id", at: 1), safe(user), safe(id) else { return nil }
            return ("[Gist \(label(user))/\(label(id))](https://gist.github.com/\(user)/\(id))", nil)
        case "figure":
            guard let src = p.value("src"), !src.contains(where: { $0 == " " || $0 == ")" || $0 == "(" }) else { return nil }
            let alt = p.value("alt") ?? p.value("title") ?? p.value("caption") ?? ""
            var image = "![" + label(alt.replacingOccurrences(of: "\n", with: " ")) + "](" + src + ")"
            if let link = p.value("link"), !link.contains(where: { $0 == " " || $0 == ")" || $0 == "(" }) { image = "[" + image + "](" + link + ")" }
            let caption = (p.value("caption") ?? p.value("title")).map { $0.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "*", with: "\\*") }
            return (image, caption)
        default:
            return nil
        }
    }

    /// The first shortcode that starts on line `i`: its name, its text (`{{< ... >}}`, across
    /// lines when it spans several), its closing marker, the last line and its parameters.
    static func shortcode(in lines: [String], from i: Int, after offset: Int = 0) -> (name: String, text: String, closing: String, lastLine: Int, parameters: Parameters)? {
        let line = lines[i]
        guard offset <= line.count else { return nil }
        var from = line.index(line.startIndex, offsetBy: offset)
        while let open = line.range(of: "{{", range: from..<line.endIndex) {
            from = open.upperBound
            guard let marker = line[open.upperBound...].first, marker == "<" || marker == "%" else { continue }
            let closing = marker == "<" ? ">}}" : "%}}"
            // Up to the closing marker, on this line or one of the next few.
            var inner = String(line[line.index(after: open.upperBound)...])
            var last = i
            while inner.range(of: closing) == nil, last + 1 < lines.count, last - i < 12 {
                last += 1
                inner += "\n" + lines[last]
            }
            guard let close = inner.range(of: closing) else { return nil }
            var content = inner[..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
            if content.hasSuffix("/") { content.removeLast() }  // {{< qr ... />}}
            guard !content.hasPrefix("/"), !content.hasPrefix("*") else { continue }
            let name = String(content.prefix { !$0.isWhitespace })
            guard !name.isEmpty else { continue }
            let text = "{{" + String(marker) + String(inner[..<close.upperBound])
            return (name, text, closing, last, parameters(String(content.dropFirst(name.count))))
        }
        return nil
    }

    /// Hugo's `{{< param KEY >}}` (`{{< param "grpc_vers.core" >}}`) replaced by `value(key,
    /// false)` (the key lower-cased), everywhere, in code too, as Hugo replaces it; the Learn
    /// themes' `{{% siteparam "editURL" %}}` by `value(key, true)` (the site's only). One
    /// without a value is left. How many were replaced.
    static func substituteParams(_ body: String, value: (_ key: String, _ siteOnly: Bool) -> String?) -> (text: String, count: Int) {
        let ns = body as NSString
        let matches = paramShortcode.matches(in: body, range: NSRange(location: 0, length: ns.length))
        guard !matches.isEmpty else { return (body, 0) }
        var out = ""
        var last = 0
        var count = 0
        for m in matches {
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            last = m.range.location + m.range.length
            if let v = value(ns.substring(with: m.range(at: 2)).lowercased(), m.range(at: 1).location != NSNotFound) {
                out += v
                count += 1
            } else {
                out += ns.substring(with: m.range)
            }
        }
        return (out + ns.substring(from: last), count)
    }
    static let paramShortcode = try! NSRegularExpression(pattern: #"\{\{[<%]\s*(site)?param\s+"?([A-Za-z0-9_.-]+)"?\s*/?[>%]\}\}"#)

    /// A line of tab shortcodes only, as Prettier formats opentelemetry.io's Docsy tab sets
    /// (`{{% /tab %}} {{% tab "Thailand" %}}`, `{{% /tab %}} {{< /tabpane >}}`), is written as
    /// one line each, as the tab sets are read: its 152 sets were left as shortcodes shown as text.
    static func splittingTabShortcodes(_ lines: [String]) -> [String] {
        guard lines.contains(where: { $0.contains("tab") && $0.contains("}}") }) else { return lines }
        let shortcode = /\{\{[<%]\s*\/?\s*(?:tab|tabpane|tabs|codetab)(?:\s[^{}]*)?\s*[>%]\}\}/
        var out: [String] = []
        var fences = CodeFences()
        for line in lines {
            if fences.isCode(line) { out.append(line); continue }
            let matches = line.matches(of: shortcode)
            guard matches.count >= 2 else { out.append(line); continue }
            // Only shortcodes and spaces between them.
            var rest = line
            for m in matches.reversed() { rest.removeSubrange(m.range) }
            guard rest.allSatisfy({ $0 == " " || $0 == "\t" }) else { out.append(line); continue }
            let indent = String(line.prefix { $0 == " " || $0 == "\t" })
            for m in matches { out.append(indent + line[m.range]) }
        }
        return out
    }

    /// Hugo sites' tabs, unfolded as Docusaurus' are (see `DocusaurusTabs`): each tab's label
    /// becomes a bold line above its text, and the shortcodes around them blank lines. dapr
    /// names its tabs on the set (`{{< tabs ".NET" Python >}}`, then `{{% codetab %}}` ...
    /// `{{% /codetab %}}` each, 128 files), Hextra too (`{{< tabs items="JSON,YAML" >}}`,
    /// `{{< tab >}}`), Docsy on each tab (`{{< tabpane >}}`, `{{< tab header="English" >}}`;
    /// with `lang="yaml"` the tab's text is code). Lines `open` and `close` hold the set's
    /// shortcode and its end; the tabs unfolded are counted.
    static func unfoldTabs(_ lines: inout [String], open: Int, close: Int, _ set: Parameters) -> Int {
        var labels = set.positional
        if let items = set.value("items") { labels = items.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        var fences = CodeFences()
        var tabs = 0, position = 0, added = 0
        var openTab: (name: String, indent: String, code: Bool)?
        lines[open] = ""
        func endTab(at k: Int) {
            guard let t = openTab else { return }
            lines[k] = t.code ? t.indent + "```" : ""
            openTab = nil
        }
        for k in (open + 1)..<close {
            if fences.isCode(lines[k]) { continue }
            if let t = openTab, isClosing(lines[k], t.name) {
                endTab(at: k)
                continue
            }
            let trimmed = lines[k].trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("{{"), let found = shortcode(in: lines, from: k), found.lastLine == k,
                  ["tab", "codetab"].contains(found.name) else { continue }
            let p = found.parameters
            let label = p.value("header") ?? p.value("title") ?? p.value("name") ?? p.value("label", at: 0)
                ?? (position < labels.count ? labels[position] : "Tab \(position + 1)")
            position += 1
            // A tab written on one line with its text is left (its shortcodes shown as text).
            guard trimmed == found.text else { continue }
            let indent = String(lines[k].prefix { $0 == " " || $0 == "\t" })
            let bold = indent + "**" + label.replacingOccurrences(of: "*", with: "\\*") + "**"
            let language = found.name == "tab" ? p.value("lang") : nil
            if let language {
                // Docsy shows the tab's text as code in that language: the fence on the tab's
                // line, its label on the line before when that one and the one before it are
                // blank (so the label is a paragraph of its own), and the page keeps its lines;
                // else on a line added.
                func blank(_ i: Int) -> Bool { i < 0 || lines[i].allSatisfy { $0 == " " || $0 == "\t" } }
                if blank(k - 1), blank(k - 2) {
                    lines[k - 1] = bold
                    lines[k] = indent + "```" + language
                } else {
                    lines[k] = bold + "\n" + indent + "```" + language
                    added += 1
                }
            } else {
                lines[k] = bold
            }
            openTab = (found.name, indent, language != nil)
            tabs += 1
        }
        if let t = openTab, t.code {
            lines[close - 1] += "\n" + t.indent + "```"
            added += 1
        }
        lines[close] = ""
        // A conversion that adds a line counts once more, as a figure's caption does.
        return tabs + added
    }

    /// Hugo's escaped shortcodes, `{{</* figure src="x" */>}}` and `{{%/* note */%}}`, in
    /// fenced code and code spans, as Hugo shows them: `{{< figure src="x" >}}`. Docs about
    /// shortcodes write every example so (gohugoio's: 103 lines); imported as written, each
    /// example showed the comment markers. Elsewhere they are left (shown as written, and
    /// never taken for a shortcode). Lines are kept.
    static func unescapingCommented(_ body: String) -> String {
        guard body.contains("{{</*") || body.contains("{{%/*") else { return body }
        func unescaped<S: StringProtocol>(_ text: S) -> String {
            String(text).replacingOccurrences(of: "{{</*", with: "{{<").replacingOccurrences(of: "*/>}}", with: ">}}")
                .replacingOccurrences(of: "{{%/*", with: "{{%").replacingOccurrences(of: "*/%}}", with: "%}}")
        }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let code = CodeFences.codeLines(lines)
        for i in lines.indices where lines[i].contains("/*") {
            lines[i] = code[i] ? unescaped(lines[i]) : String(PageRenderer.replacingCodeSpans(Substring(lines[i]), unescaped))
        }
        return lines.joined(separator: "\n")
    }

    /// The shortcodes written as quoted boxes (see `convert`).
    static let boxNames: Set<String> = ["details", "alert", "pageinfo", "callout", "hint", "admonition", "notice", "expand", "note", "panel"]

    /// The first closing tag of shortcode `name` (`{{< /name >}}`, `{{% /name %}}`, spaces
    /// anywhere in it) at or after line `i` (on line `i`, after `start`): its line and range.
    static func closingTag(_ lines: [String], _ name: String, from i: Int, after start: String.Index) -> (Int, Range<String.Index>)? {
        for k in i..<lines.count {
            if k > i, !lines[k].contains("{{") { continue }
            if let r = closingTag(in: lines[k][(k == i ? start : lines[k].startIndex)...], name) { return (k, r) }
        }
        return nil
    }

    /// The first closing tag of shortcode `name` in `text`.
    static func closingTag(in text: Substring, _ name: String) -> Range<String.Index>? {
        guard let regex = try? Regex("\\{\\{[<%]\\s*/\\s*" + NSRegularExpression.escapedPattern(for: name) + "\\s*[>%]\\}\\}") else { return nil }
        return text.firstMatch(of: regex)?.range
    }

    /// The line closing the shortcode `name` opened before line `after + 1` (its own
    /// closing, past those of the same name opened inside it), on a line of its own; nil
    /// when there is none.
    static func matchingClose(_ lines: [String], _ name: String, after: Int) -> Int? {
        var depth = 0
        let escaped = NSRegularExpression.escapedPattern(for: name)
        guard let opener = try? Regex("^\\s*\\{\\{[<%]\\s*" + escaped + "(\\s|[%>]|$)") else { return nil }
        for k in (after + 1)..<lines.count where lines[k].contains("{{") {
            if isClosing(lines[k], name) {
                if depth == 0 { return k }
                depth -= 1
            } else if lines[k].firstMatch(of: opener) != nil {
                depth += 1
            }
        }
        return nil
    }

    /// Whether `line` is the closing shortcode of `name` (`{{< /name >}}`).
    static func isClosing(_ line: String, _ name: String) -> Bool {
        let t = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "")
        return t == "{{</" + name + ">}}" || t == "{{%/" + name + "%}}"
    }

    /// Hugo's shortcode parameters: whitespace-separated, `name=value` or positional, values
    /// in double quotes (with `\"`), backquotes, or bare.
    static func parameters(_ text: String) -> Parameters {
        var p = Parameters()
        var chars = Substring(text)
        func value() -> String {
            guard let q = chars.first, q == "\"" || q == "`" else {
                let v = chars.prefix { !$0.isWhitespace }
                chars = chars.dropFirst(v.count)
                return String(v)
            }
            chars = chars.dropFirst()
            var out = ""
            while let c = chars.first {
                chars = chars.dropFirst()
                if c == q { break }
                if c == "\\", q == "\"", let next = chars.first { out.append(next); chars = chars.dropFirst(); continue }
                out.append(c)
            }
            return out
        }
        while true {
            chars = chars.drop { $0.isWhitespace }
            guard !chars.isEmpty else { break }
            let word = chars.prefix { !$0.isWhitespace && $0 != "=" && $0 != "\"" && $0 != "`" }
            if !word.isEmpty, chars.dropFirst(word.count).first == "=" {
                chars = chars.dropFirst(word.count + 1)
                p.named[String(word)] = value()
            } else {
                p.positional.append(value())
            }
        }
        return p
    }
}

/// Jekyll's link tags, `{% link _docs/x.md %}` (a file of the site, by its path) and
/// `{% post_url 2016-07-26-name %}` (a post, by its name), written as site-absolute links to
/// those files, which the import then makes relative like any other link (jekyll's own docs
/// link their pages this way: `[front matter]({% link _docs/front-matter.md %})`). A
/// `{{ site.baseurl }}` written before one (Jekyll 3's form) is dropped, as the tag adds it.
/// Tags in code, in `{% raw %}` blocks or with a Liquid variable (`{% link {{ page.x }} %}`)
/// are left as they are.
///
/// Site variables, `{{ site.repository }}` (jekyll's docs write it 3,014 times, in links to
/// their issues), are written as their `_config.yml` values (`site`: the top-level scalars;
/// `baseurl` is the base path), and `{{ '/docs/x/' | relative_url }}` (or `absolute_url`) as
/// the path under the base path, outside code and `{% raw %}`; an unknown one is left.
enum JekyllLinkTags {
    static func convert(_ body: String, basePath: String, site: [String: String] = [:]) -> (text: String, count: Int) {
        guard body.contains("{%") || (!site.isEmpty && body.contains("{{")) else { return (body, 0) }
        let root = basePath == "/" ? "" : basePath
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var count = body.contains("comment") ? Self.removeComments(&lines) : 0
        var fences = CodeFences()
        var raw = false
        var highlightFence: String?
        for i in lines.indices {
            // `{% raw %}` and `{% endraw %}` are Liquid's, read before the Markdown, in code too:
            // Jekyll shows what they enclose and never the tags (jekyll's docs: 281 of them).
            let parts = lines[i].contains("raw") ? Self.rawParts(lines[i], raw: &raw) : [(Substring(lines[i]), raw)]
            let stripped = parts.count == 1 ? String(parts[0].text) : parts.map(\.text).joined()
            let onlyTags = parts.count > 1 && stripped.allSatisfy { $0 == " " || $0 == "\t" }
            // `{% highlight ruby %}` ... `{% endhighlight %}`: a fenced code block in that language,
            // its fence longer than any backquote run inside (a highlighted Markdown example
            // holding a fence of its own, as just-the-docs' documentation writes one).
            if parts.count == 1, !parts[0].raw, let tag = Self.highlightTag(stripped) {
                if tag.end, let fence = highlightFence {
                    lines[i] = tag.indent + fence
                    _ = fences.isCode(lines[i])
                    highlightFence = nil
                    count += 1
                    continue
                }
                if !tag.end, highlightFence == nil, !fences.isOpen,
                   let close = lines[(i + 1)...].firstIndex(where: { Self.highlightTag($0)?.end == true }) {
                    let fence = CodeFences.fence(around: Array(lines[(i + 1)..<close]))
                    lines[i] = tag.indent + fence + tag.language
                    _ = fences.isCode(lines[i])
                    highlightFence = fence
                    count += 1
                    continue
                }
            }
            if onlyTags || fences.isCode(stripped) { lines[i] = onlyTags ? "" : stripped; continue }
            lines[i] = parts.map { part in
                if part.raw { return String(part.text) }
                var text = String(part.text)
                count += convertTags(&text, root: root)
                if !site.isEmpty, text.contains("{{") { count += substituteSiteVariables(&text, site) }
                return text
            }.joined()
        }
        return (lines.joined(separator: "\n"), count)
    }

    /// Liquid's `{% comment %}` ... `{% endcomment %}` (on one line or many) left out, as
    /// Liquid leaves it out before the Markdown is read, in code too, but not inside
    /// `{% raw %}`: trainers' notes to each other ("TODO: check with legal") were shown to every
    /// reader. A line that held only a comment, or lay inside one, is left blank (lines keep
    /// their numbers). How many comments were removed.
    static func removeComments(_ lines: inout [String]) -> Int {
        var result = lines
        var raw = false, comment = false
        var count = 0
        for i in result.indices {
            let line = result[i]
            guard comment || line.contains("{%") else { continue }
            let inCommentBefore = comment
            var out = ""
            // Where the text being kept starts; nil inside a comment.
            var kept: String.Index? = comment ? nil : line.startIndex
            var from = line.startIndex
            while let open = line.range(of: "{%", range: from..<line.endIndex),
                  let close = line.range(of: "%}", range: open.upperBound..<line.endIndex) {
                let name = line[open.upperBound..<close.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: "- \t"))
                    .split(whereSeparator: { $0.isWhitespace }).first.map(String.init)
                from = close.upperBound
                if comment {
                    if name == "endcomment" { comment = false; kept = close.upperBound; count += 1 }
                } else if raw {
                    if name == "endraw" { raw = false }
                } else if name == "raw" {
                    raw = true
                } else if name == "comment", let k = kept {
                    out += line[k..<open.lowerBound]
                    comment = true
                    kept = nil
                }
            }
            if let k = kept { out += line[k...] }
            guard inCommentBefore || out != line else { continue }
            result[i] = out.allSatisfy({ $0 == " " || $0 == "\t" }) ? "" : out
        }
        // A comment never closed is an error in Liquid, not the rest of the page to drop.
        guard !comment else { return 0 }
        lines = result
        return count
    }

    /// A line that is only Jekyll's `{% highlight LANG [linenos] %}` (its language, "" when it
    /// names none or one that is not a plain word) or `{% endhighlight %}`, with its indentation.
    static func highlightTag(_ line: String) -> (end: Bool, language: String, indent: String)? {
        let indent = String(line.prefix { $0 == " " || $0 == "\t" })
        let t = line.dropFirst(indent.count).trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix("{%"), t.hasSuffix("%}"), t.count >= 4 else { return nil }
        let words = t.dropFirst(2).dropLast(2).trimmingCharacters(in: CharacterSet(charactersIn: "- \t")).split(whereSeparator: { $0.isWhitespace })
        if words == ["endhighlight"] { return (true, "", indent) }
        guard words.first == "highlight" else { return nil }
        let language = words.count > 1 && words[1].allSatisfy({ $0.isLetter || $0.isNumber || "+-_.#".contains($0) }) ? String(words[1]) : ""
        return (false, language, indent)
    }

    /// The link tags of `line` (outside code spans) written as site-absolute links; how many.
    /// A `{{ site.baseurl }}` written before one goes with it.
    static func convertTags(_ line: inout String, root: String) -> Int {
        guard line.contains("{%") else { return 0 }
        var count = 0
        var from = line.startIndex
        while let open = line.range(of: "{%", range: from..<line.endIndex) {
            guard let close = line.range(of: "%}", range: open.upperBound..<line.endIndex) else { break }
            let inner = line[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            from = close.upperBound
            if Self.inCodeSpan(line, at: open.lowerBound) { continue }
            // Split on any whitespace: a path ending in a carriage return (`{% post_url x\r%}`)
            // put the CR at the line's end, where the line feed after it made one line of two.
            let words = inner.split(whereSeparator: { $0.isWhitespace })
            guard words.count == 2, !words[1].contains("{") else { continue }
            let builtin = words[0] == "link" || words[0] == "post_url"
            // A site's own tag that writes an address, where a link's address goes, with one
            // argument: Eleventy handbooks' `[conduct]({% page "about-us/code-of-conduct" %})`
            // (18F's, in 151 pages), `{% url %}`. Its argument is the page's address on the site.
            if !builtin {
                let after = line[close.upperBound...].first
                guard !Self.liquidTags.contains(String(words[0])), Self.opensLinkAddress(line[..<open.lowerBound]),
                      after == nil || ")#\"'? ".contains(after!) else { continue }
            }
            // Liquid takes the path quoted too (`{% link "about/index.md" %}`), and Eleventy
            // sites give it a whole address (`{% link "https://github.com/18F/.allstar" %}`).
            var argument = Substring(words[1])
            if let q = argument.first, q == "\"" || q == "'", argument.count >= 2, argument.last == q { argument = argument.dropFirst().dropLast() }
            let isAddress = argument.hasPrefix("//") || LinkResolver.hasScheme(String(argument))
            var path = String(argument.drop { $0 == "/" })
            if words[0] == "post_url" { path = "_posts/" + path }
            var start = open.lowerBound
            for prefix in ["{{ site.baseurl }}/", "{{ site.baseurl }}", "{{site.baseurl}}/", "{{site.baseurl}}"] where line[..<start].hasSuffix(prefix) {
                start = line.index(start, offsetBy: -prefix.count)
                break
            }
            let url = isAddress ? String(argument) : root + "/" + path
            line.replaceSubrange(start..<close.upperBound, with: url)
            from = line.index(start, offsetBy: url.count)
            count += 1
        }
        return count
    }

    /// Liquid's own tags, which never stand for an address.
    static let liquidTags: Set<String> = [
        "if", "elsif", "else", "endif", "unless", "endunless", "case", "when", "endcase", "for", "endfor", "break", "continue",
        "assign", "capture", "endcapture", "increment", "decrement", "include", "include_relative", "render", "raw", "endraw",
        "comment", "endcomment", "highlight", "endhighlight", "cycle", "tablerow", "endtablerow", "liquid", "echo",
    ]

    /// `line` without its `{% raw %}` and `{% endraw %}` tags (`{%- raw -%}` too), in parts
    /// each inside a raw block or not; `raw` says whether one is open, before the line and
    /// after it. Inside a raw block only its end counts, as in Liquid. One part when the line
    /// has no such tag.
    static func rawParts(_ line: String, raw: inout Bool) -> [(text: Substring, raw: Bool)] {
        var parts: [(text: Substring, raw: Bool)] = []
        var partStart = line.startIndex
        var from = line.startIndex
        while let open = line.range(of: "{%", range: from..<line.endIndex),
              let close = line.range(of: "%}", range: open.upperBound..<line.endIndex) {
            let inner = line[open.upperBound..<close.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: "- \t"))
            // Not the tag looked for: look again from just after this `{%`, which may be text
            // (``{% raw %}`{%`{% endraw %}``, as jekyll's docs show Liquid's delimiters: the
            // text's `{%` ran to the end tag's `%}`, and both tags were left on the page).
            guard inner == (raw ? "endraw" : "raw") else { from = open.upperBound; continue }
            from = close.upperBound
            parts.append((line[partStart..<open.lowerBound], raw))
            raw.toggle()
            partStart = close.upperBound
        }
        parts.append((line[partStart...], raw))
        return parts
    }

    /// Whether the character at `index` of `line` is inside a code span (blanked by
    /// `PageRenderer.outsideCodeSpans`).
    static func inCodeSpan(_ line: String, at index: String.Index) -> Bool {
        guard line.contains("`") else { return false }
        let outside = PageRenderer.outsideCodeSpans(Substring(line))
        let offset = line.distance(from: line.startIndex, to: index)
        guard let c = outside.dropFirst(offset).first else { return true }
        return c != line[index]
    }

    /// Replaces `{{ site.KEY }}` in `line` (outside code spans) by `site[KEY]`; how many.
    /// A variable named for the base URL that opens a link's address (`{{site.base_url}}/x/`,
    /// `{{ base.baseurl }}/software/`, as Eleventy handbooks write them) is the base path,
    /// `site["baseurl"]`, whatever object it is read from: Liquid writes an unknown variable as
    /// nothing, so on the old site these were site-absolute links, and kept they led nowhere.
    static func substituteSiteVariables(_ line: inout String, _ site: [String: String]) -> Int {
        var count = 0
        var from = line.startIndex
        while let open = line.range(of: "{{", range: from..<line.endIndex) {
            guard let close = line.range(of: "}}", range: open.upperBound..<line.endIndex) else { break }
            from = close.upperBound
            let inner = line[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            var found = inner.hasPrefix("site.") ? site[String(inner.dropFirst(5))] : nil
            if found == nil, Self.namesBaseURL(inner), Self.opensLinkAddress(line[..<open.lowerBound]) { found = site["baseurl"] ?? "" }
            if found == nil, let path = Self.urlFilterPath(inner) { found = (path.hasPrefix("/") ? site["baseurl"] ?? "" : "") + path }
            guard let value = found, !inCodeSpan(line, at: open.lowerBound) else { continue }
            line.replaceSubrange(open.lowerBound..<close.upperBound, with: value)
            from = line.index(open.lowerBound, offsetBy: value.count)
            count += 1
        }
        return count
    }

    /// The path of `'/docs/x/' | relative_url` (or `absolute_url`, quoted either way): how
    /// Jekyll sites write their links (`[macOS]({{ '/docs/installation/macos/' | relative_url }})`,
    /// 112 times in jekyll's docs, all shown as text), which Jekyll writes as the path under
    /// the site's base URL; nil for anything else.
    static func urlFilterPath(_ expression: String) -> String? {
        guard let quote = expression.first, quote == "'" || quote == "\"" else { return nil }
        let rest = expression.dropFirst()
        guard let end = rest.firstIndex(of: quote) else { return nil }
        let path = rest[..<end]
        let filter = rest[rest.index(after: end)...].filter { $0 != " " }
        guard filter == "|relative_url" || filter == "|absolute_url", !path.contains("{"), !path.contains(" ") else { return nil }
        return String(path)
    }

    /// Whether a Liquid variable names the site's base URL: `baseurl`, `base_url` or `baseUrl`,
    /// read from any object (`site.base_url`, `base.baseurl`), with no filter after it.
    static func namesBaseURL(_ variable: String) -> Bool {
        guard !variable.contains("|"), !variable.contains(" ") else { return false }
        let last = variable.split(separator: ".").last.map(String.init) ?? variable
        return last.lowercased().filter { $0 != "_" && $0 != "-" } == "baseurl"
    }

    /// Whether what comes before a position of a line ends where a link's address starts:
    /// `](`, `]: ` (a reference definition), `href="` or `src="`.
    static func opensLinkAddress(_ before: Substring) -> Bool {
        before.hasSuffix("](") || before.hasSuffix("]: ") || before.hasSuffix("href=\"") || before.hasSuffix("src=\"")
            || before.hasSuffix("href='") || before.hasSuffix("src='")
    }
}

/// Kramdown's block attribute lists, which Jekyll sites write on a line of their own:
/// `{: .warning }` before a paragraph or quote makes it a call-out box (just-the-docs' `.note`,
/// `.warning`, `.important`, ...; jekyll's docs' `{: .note .info}`), `{: #id }` after a heading
/// gives it its anchor, `* TOC` with `{:toc}` is kramdown's table of contents, and the rest is
/// styling (`{: .no_toc }`, `{: .fs-6 .fw-300 }`). Imported as they were, every one was shown
/// as text. A box becomes a quoted block with its title in bold, as other tools' boxes do; an
/// id goes on the heading (`## Setup {#setup}`); the table of contents and the styling lines
/// are left blank (every page has Casebook's own contents). Lines are kept; code is left alone.
enum KramdownAttributes {
    /// The classes that make a call-out box, by the title they get; the first found wins, in this order.
    static let boxes: [(String, String)] = [
        ("warning", "Warning"), ("caution", "Caution"), ("danger", "Danger"), ("important", "Important"),
        ("tip", "Tip"), ("new", "New"), ("highlight", "Note"), ("note", "Note"), ("info", "Note"),
    ]

    static func convert(_ body: String) -> (text: String, boxes: Int, removed: Int) {
        guard body.contains("{:") else { return (body, 0, 0) }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fences = CodeFences()
        var boxCount = 0, removed = 0
        var i = 0
        while i < lines.count {
            if fences.isCode(lines[i]) { i += 1; continue }
            guard let attributes = attributeList(lines[i]) else {
                // A span's list, after a link, an image or an element (`[Start](#start){: .btn }`):
                // styling classes only, dropped.
                if lines[i].contains("{:") { removed += removeSpanLists(&lines[i]) }
                i += 1
                continue
            }
            let previous = i > 0 ? lines[i - 1] : ""
            let next = i + 1 < lines.count ? lines[i + 1] : ""
            let classes = attributes.split(separator: " ").filter { $0.hasPrefix(".") }.map { String($0.dropFirst()).lowercased() }
            let id = attributes.split(separator: " ").first { $0.hasPrefix("#") }.map { String($0.dropFirst()) }
            if attributes.trimmingCharacters(in: .whitespaces).lowercased() == "toc" {
                // `* TOC` (or `1. TOC`) above it is the list kramdown replaces with the contents.
                if i > 0, ["* toc", "- toc", "1. toc"].contains(previous.trimmingCharacters(in: .whitespaces).lowercased()) { lines[i - 1] = "" }
                lines[i] = ""
                removed += 1
            } else if let id, !id.isEmpty, previous.drop(while: { $0 == " " }).hasPrefix("#"), !previous.contains("{#") {
                lines[i - 1] = previous + " {#\(id)}"
                lines[i] = ""
                removed += 1
            } else if let title = boxes.first(where: { box in classes.contains { $0 == box.0 || $0 == box.0 + "-title" } })?.1,
                      previous.trimmingCharacters(in: .whitespaces).isEmpty, !next.trimmingCharacters(in: .whitespaces).isEmpty {
                lines[i] = "> **\(title)**"
                var k = i + 1
                while k < lines.count, !lines[k].trimmingCharacters(in: .whitespaces).isEmpty {
                    let text = lines[k].drop { $0 == " " }
                    lines[k] = text.hasPrefix(">") ? String(text) : "> " + text
                    k += 1
                }
                boxCount += 1
                i = k
                continue
            } else {
                lines[i] = ""
                removed += 1
            }
            i += 1
        }
        return (lines.joined(separator: "\n"), boxCount, removed)
    }

    /// Removes the span attribute lists of classes only that follow a link, image or element
    /// (`)`, `]` or `>` before `{:`), outside code spans; how many.
    static func removeSpanLists(_ line: inout String) -> Int {
        var count = 0
        var from = line.startIndex
        while let open = line.range(of: "{:", range: from..<line.endIndex), let close = line[open.upperBound...].firstIndex(of: "}") {
            from = open.upperBound
            let tokens = line[open.upperBound..<close].split(separator: " ")
            guard open.lowerBound > line.startIndex, ")]>".contains(line[line.index(before: open.lowerBound)]),
                  !tokens.isEmpty, tokens.allSatisfy({ $0.hasPrefix(".") && $0.count > 1 }),
                  !JekyllLinkTags.inCodeSpan(line, at: open.lowerBound) else { continue }
            line.removeSubrange(open.lowerBound...close)
            from = open.lowerBound
            count += 1
        }
        return count
    }

    /// The inside of a line that is only a block attribute list (`{: .note .info}` -> ".note .info",
    /// `{:toc}` -> "toc"), or nil.
    static func attributeList(_ line: String) -> String? {
        let t = line.trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix("{:"), t.hasSuffix("}"), t.count >= 3, !t.dropFirst(2).dropLast().contains("}") else { return nil }
        return String(t.dropFirst(2).dropLast()).trimmingCharacters(in: .whitespaces)
    }
}

/// Docusaurus' tabs, the MDX component its docs use most (`import Tabs from '@theme/Tabs';`,
/// `<Tabs>`, `<TabItem value="npm" label="npm">` ... `</TabItem>`, `</Tabs>`): Casebook shows no
/// React components, and raw HTML is shown as text, so every tab showed its tags. Each tab's
/// label (else its value) becomes a bold line above its text, as MkDocs Material's tabs are
/// unfolded; the tags and the two theme imports are left blank, so lines are kept. Tags in
/// code, and tabs written on one line with their text, are left.
enum DocusaurusTabs {
    static func convert(_ body: String) -> (text: String, tabs: Int) {
        guard body.contains("<TabItem") else { return (body, 0) }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fences = CodeFences()
        var tabs = 0
        for i in lines.indices {
            if fences.isCode(lines[i]) { continue }
            let t = lines[i].trimmingCharacters(in: .whitespaces)
            let indent = String(lines[i].prefix { $0 == " " || $0 == "\t" })
            if t == "import Tabs from '@theme/Tabs';" || t == "import TabItem from '@theme/TabItem';"
                || t == "import Tabs from \"@theme/Tabs\";" || t == "import TabItem from \"@theme/TabItem\";"
                || t == "</TabItem>" || t == "</Tabs>" || (t.hasPrefix("<Tabs") && t.hasSuffix(">") && !t.dropLast().contains(">") && (t.count == 6 || t.dropFirst(5).first == " ")) {
                lines[i] = ""
            } else if t.hasPrefix("<TabItem "), t.hasSuffix(">"), !t.hasSuffix("/>"), !t.dropLast().contains(">") {
                let parameters = HugoShortcodes.parameters(String(t.dropFirst("<TabItem ".count).dropLast()))
                let label = parameters.value("label") ?? parameters.value("value") ?? "Tab"
                lines[i] = indent + "**" + label.replacingOccurrences(of: "*", with: "\\*") + "**"
                tabs += 1
            }
        }
        return (lines.joined(separator: "\n"), tabs)
    }
}

/// Heading anchors other tools take and Casebook refuses (a `#`, a space, a quote, `<`, `>` or
/// `&` in the id: an Eleventy handbook writes `## \#help-wanted channel {##help-wanted-channel}`,
/// which markdown-it-attrs reads as the id `#help-wanted-channel`). Imported as written, each
/// one failed the build. The import writes the id without the leading `#`s, or as a slug of
/// what it holds; an id that leaves nothing is dropped, and the heading's text gives its anchor.
enum HeadingAnchorRepair {
    /// The anchor the import writes for a heading id Casebook refuses: without its leading
    /// `#`s, else a slug of it ("" when nothing is left).
    static func repaired(_ id: String) -> String {
        let stripped = String(id.drop { $0 == "#" })
        return Slug.isValidAnchor(stripped) ? stripped : Slug.make(stripped)
    }

    /// `body` with each refused heading id repaired, and for each repair its line (0-based) and
    /// what it was and became (nil when dropped).
    static func convert(_ body: String) -> (text: String, repairs: [(line: Int, id: String, fixed: String?)]) {
        guard body.contains("{") else { return (body, []) }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var repairs: [(line: Int, id: String, fixed: String?)] = []
        var fences = CodeFences()
        for i in lines.indices {
            let line = lines[i]
            if fences.isCode(line) { continue }
            let indent = line.prefix { $0 == " " }
            guard indent.count < 4, line.hasSuffix("}") || line.last == " ", line.contains("{") else { continue }
            let rest = line.dropFirst(indent.count)
            let hashes = rest.prefix { $0 == "#" }
            guard (1...6).contains(hashes.count), rest.dropFirst(hashes.count).first == " " else { continue }
            guard let (_, attributes, offset) = HeadingAttributeParser.split(String(rest.dropFirst(hashes.count + 1))),
                  let id = attributes.id, !Slug.isValidAnchor(id) else { continue }
            // The block's text, from its brace to the line's end, with the id's token rewritten.
            let braceAt = line.index(line.startIndex, offsetBy: indent.count + hashes.count + 1 + offset)
            let block = String(line[braceAt...])
            let fixed = repaired(id)
            var tokens = block.dropFirst().trimmingCharacters(in: .whitespaces).dropLast().trimmingCharacters(in: .whitespaces)
            var colon = ""
            if tokens.hasPrefix(":") { colon = ": "; tokens = String(tokens.dropFirst()).trimmingCharacters(in: .whitespaces) }
            guard let list = attributeTokens(Substring(tokens)) else { continue }
            var kept: [String] = []
            var replaced = false
            for token in list {
                let isID = !replaced && (token.hasPrefix("#") || token.hasPrefix("id="))
                if isID {
                    replaced = true
                    if !fixed.isEmpty { kept.append("#" + fixed) }
                } else {
                    kept.append(String(token))
                }
            }
            let head = String(line[..<braceAt].trimmingTrailingSpaces())
            lines[i] = kept.isEmpty ? String(head) : head + " {" + colon + kept.joined(separator: " ") + "}"
            repairs.append((i, id, fixed.isEmpty ? nil : fixed))
        }
        return (lines.joined(separator: "\n"), repairs)
    }
}

/// Call-out boxes written as paired Liquid tags, each on a line of its own: an Eleventy or
/// Jekyll site's `{% alert "Updated travel guidance" %}` ... `{% endalert %}` (18F's handbook,
/// 14 pages; `{% alert "", "warning" %}` gives only the kind), and the same with `note`,
/// `warning`, `tip`, `callout`, `admonition`. Each becomes a quoted block titled in bold by
/// its title, else its kind, as other tools' boxes do; its text is unindented first, so text
/// indented four spaces under the tag is not read as code. Lines are kept; code is left alone.
enum LiquidBoxes {
    static let names: Set<String> = ["alert", "note", "warning", "tip", "callout", "admonition", "caution", "important", "info", "danger"]

    static func convert(_ body: String) -> (text: String, count: Int) {
        guard body.contains("{%") else { return (body, 0) }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fences = CodeFences()
        var count = 0
        var i = 0
        while i < lines.count {
            if fences.isCode(lines[i]) { i += 1; continue }
            guard lines[i].contains("{%"), let (name, arguments, indent) = tag(lines[i]), names.contains(name) else { i += 1; continue }
            var close = i + 1
            var inner = CodeFences()
            while close < lines.count {
                if !inner.isCode(lines[close]), let end = tag(lines[close]), end.name == "end" + name, end.arguments.isEmpty { break }
                close += 1
            }
            guard close < lines.count else { i += 1; continue }
            // `"Title"`, `"Title", "warning"`, `"", "warning"`, `type="warning"`: a title, then a kind.
            let quoted = arguments.matches(of: /"([^"]*)"|'([^']*)'/).map { String($0.1 ?? $0.2 ?? "") }
            let title = quoted.first.flatMap { $0.isEmpty ? nil : $0 }
                ?? quoted.dropFirst().first.flatMap { $0.isEmpty ? nil : $0.prefix(1).uppercased() + $0.dropFirst() }
                ?? (name == "alert" || name == "callout" || name == "admonition" ? nil : name.prefix(1).uppercased() + name.dropFirst())
            // The text unindented by what all its lines share beyond the tag's own indentation.
            let body = (i + 1)..<close
            let shared = body.filter { !lines[$0].allSatisfy { $0 == " " || $0 == "\t" } }
                .map { lines[$0].prefix { $0 == " " }.count }.min() ?? 0
            let drop = max(0, shared - indent.count)
            for k in body where !lines[k].allSatisfy({ $0 == " " || $0 == "\t" }) {
                lines[k] = indent + String(lines[k].dropFirst(indent.count + drop))
            }
            Admonitions.box(&lines, open: i, close: close, title: title, indent: indent)
            count += 1
            i = close + 1
        }
        return (lines.joined(separator: "\n"), count)
    }

    /// A line that is only a Liquid tag: its name, the rest, and the line's indentation.
    static func tag(_ line: String) -> (name: String, arguments: String, indent: String)? {
        let indent = String(line.prefix { $0 == " " || $0 == "\t" })
        let t = line.dropFirst(indent.count).trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix("{%"), t.hasSuffix("%}"), t.count >= 4 else { return nil }
        let inner = t.dropFirst(2).dropLast(2).trimmingCharacters(in: CharacterSet(charactersIn: "- \t"))
        guard !inner.contains("%}") else { return nil }
        let name = inner.prefix { !$0.isWhitespace }
        guard !name.isEmpty else { return nil }
        return (String(name), inner.dropFirst(name.count).trimmingCharacters(in: .whitespaces), indent)
    }
}

/// kramdown's and Python-Markdown's HTML blocks whose text is Markdown, `<div class="x"
/// markdown="1">` (just-the-docs writes 20, Jekyll's kramdown reads them so) with the text on
/// the very next line. CommonMark ends an HTML block only at a blank line, so that text was
/// shown as raw HTML, `**bold**` and all, and a fence right after `</div>` joined the block.
/// Such a wrapper (a `div`, `section`, `article`, `aside` or `span` on a line of its own,
/// closed on a line of its own) is left out, lines kept blank: its text is read as Markdown.
/// One followed by a blank line (MkDocs Material's `<div class="result" markdown>`) is read
/// as Markdown already, and left as written.
enum MarkdownInHTML {
    static func unwrap(_ body: String) -> (text: String, count: Int) {
        guard body.contains("markdown") else { return (body, 0) }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let code = CodeFences.codeLines(lines)
        var count = 0
        for i in lines.indices where !code[i] && lines[i].contains("markdown") {
            let t = lines[i].trimmingCharacters(in: .whitespaces)
            guard let m = t.wholeMatch(of: /<(div|section|article|aside|span|figure)(\s[^<>]*)?\smarkdown(="(?:1|block|span)"|='(?:1|block|span)'|=1|=block|=span)?(\s[^<>]*)?>/),
                  i + 1 < lines.count, !lines[i + 1].allSatisfy({ $0 == " " || $0 == "\t" }) else { continue }
            let tag = String(m.1)
            var depth = 0
            var close: Int?
            for k in (i + 1)..<lines.count where !code[k] {
                let line = lines[k].trimmingCharacters(in: .whitespaces)
                if line == "</\(tag)>" {
                    if depth == 0 { close = k; break }
                    depth -= 1
                } else if line.hasPrefix("<\(tag)"), line.dropFirst(tag.count + 1).first.map({ $0 == " " || $0 == ">" }) == true, !line.hasSuffix("/>"), !line.contains("</\(tag)>") {
                    depth += 1
                }
            }
            guard let close else { continue }
            lines[i] = ""
            lines[close] = ""
            count += 1
            // MkDocs Material's captioned picture (`<figure markdown="span">`, its lines indented,
            // which would be a code block once unwrapped): the picture, without the attribute
            // list that sizes it (`{ width="500" }`), and the caption in italics.
            if tag == "figure" {
                let inner = (i + 1)..<close
                let indent = inner.filter { !lines[$0].allSatisfy { $0 == " " || $0 == "\t" } }
                    .map { lines[$0].prefix { $0 == " " }.count }.min() ?? 0
                for k in inner {
                    var line = String(lines[k].dropFirst(min(indent, lines[k].prefix { $0 == " " }.count)))
                    if let a = line.firstMatch(of: /(!\[[^\]]*\]\([^)]*\))\{[^{}]*\}/) { line.replaceSubrange(a.range, with: a.1) }
                    if let c = line.trimmingCharacters(in: .whitespaces).wholeMatch(of: /<figcaption>(.+)<\/figcaption>/) { line = "*" + c.1 + "*" }
                    lines[k] = line
                }
            }
        }
        return count == 0 ? (body, 0) : (lines.joined(separator: "\n"), count)
    }
}
