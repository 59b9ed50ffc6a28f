import Foundation
import Handbook

/// The formats a section diff is written in.
public enum DiffFormat: String, Sendable, CaseIterable {
    case text, json, markdown, html
}

/// Writes a `SectionDiff` as terminal text, Markdown, JSON or an HTML fragment. Unchanged
/// sections are counted, not shown; policy code changes come first.
public enum DiffRenderer {
    /// Renders `diff`; `colour` adds ANSI colours to the text format only. Its words (headings,
    /// what happened to each section, the hidden "deleted:" a screen reader says in HTML) are
    /// in `language` when given (a Thai SOP's diff page is Thai; `casebook diff --lang th`),
    /// else English. JSON has none.
    public static func render(_ diff: SectionDiff, as format: DiffFormat, colour: Bool = false, language: Localized? = nil) -> String {
        switch format {
        case .text: return text(diff, colour: colour, DiffWords(language, html: false))
        case .markdown: return markdown(diff, DiffWords(language, html: false))
        case .json: return json(diff)
        case .html: return html(diff, DiffWords(language))
        }
    }

    /// The words of a diff (headings, what happened to each section and code): from a
    /// catalogue's `diff.*` messages, else English (which `en.yml` repeats); HTML-escaped for
    /// the HTML fragment only.
    struct DiffWords {
        let t: Localized?
        let html: Bool

        init(_ t: Localized?, html: Bool = true) { (self.t, self.html) = (t, html) }

        static let english = DiffWords(nil, html: false)

        func escaped(_ s: String) -> String { html ? HTML.escape(s) : s }

        /// Message `key` (under `diff.`), else `english`, escaped, then `values` (already escaped) filled in.
        func callAsFunction(_ key: String, _ english: String, _ values: [(String, String)] = []) -> String {
            let template: String
            switch t?.message("diff." + key) {
            case .text(let s)?: template = s
            case .plural(let forms)?: template = forms[.other] ?? english
            case nil: template = english
            }
            return Localized.fill(escaped(template), values)
        }

        /// "N unchanged sections." in the language's plural form for `count`.
        func unchanged(_ count: Int) -> String {
            if let t, t.message("diff.unchanged") != nil { return html ? t.pluralHTML("diff.unchanged", count: count) : t.plural("diff.unchanged", count: count) }
            return escaped("\(count) unchanged section\(count == 1 ? "" : "s").")
        }

        /// What happened to a section ("changed", "moved", "anchor #a → #b").
        func labels(_ s: SectionChange) -> [String] {
            var out: [String] = []
            switch s.status {
            case .unchanged: break
            case .changed: out.append(self("status_changed", "changed"))
            case .added: out.append(self("status_added", "added"))
            case .removed: out.append(self("status_removed", "removed"))
            }
            if s.moved { out.append(self("status_moved", "moved")) }
            if let a = s.oldAnchor, let b = s.newAnchor, a != b {
                out.append(self("status_anchor", "anchor #{from} → #{to}", [("from", escaped(a)), ("to", escaped(b))]))
            }
            return out
        }

        func describe(_ c: CodeChange) -> (label: String, detail: String) {
            let none = self("harm_none", "none")
            switch c.kind {
            case .renamed: return (self("code_renamed", "renamed"), escaped("\(c.oldCode ?? "") → \(c.code)"))
            case .harmChanged: return (self("code_harm_changed", "harm changed"), escaped("\(c.code): ") + (c.oldHarm.map(escaped) ?? none) + " → " + (c.newHarm.map(escaped) ?? none))
            case .added: return (self("code_added", "added"), escaped(c.code))
            case .removed: return (self("code_removed", "removed"), escaped(c.code))
            }
        }
    }

    /// Same runs longer than this are shortened in text and Markdown to their edges.
    static let contextWords = 6

    // MARK: - Sections shown

    static func shown(_ diff: SectionDiff) -> [SectionChange] {
        diff.sections.filter { $0.status != .unchanged || $0.moved || $0.oldAnchor != $0.newAnchor }
    }

    static func unchangedCount(_ diff: SectionDiff) -> Int { diff.sections.count - shown(diff).count }

    /// Runs with long unchanged stretches cut to `contextWords` words at each edge.
    static func trimmed(_ runs: [WordRun]) -> [WordRun] {
        runs.enumerated().map { i, run in
            guard run.kind == .same, run.words.count > 2 * contextWords + 1 else { return run }
            let first = i == 0, last = i == runs.count - 1
            let tokens = run.tokens
            var kept: [String] = []
            if !first { kept += tokens.prefix(contextWords) }
            kept.append("…")
            // The word after the cut starts afresh after "…", glued or not.
            if !last { kept += tokens.suffix(contextWords).enumerated().map { $0 == 0 ? String($1.unicodeScalars.drop { $0 == WordDiff.glue }) : $1 } }
            return WordRun(.same, tokens: kept)
        }
    }

    /// The runs' texts (each made by `render` from its run) joined as the words are: by a
    /// space, or by nothing before a run whose first word is glued to the one before it.
    static func joined(_ runs: [WordRun], _ render: (WordRun) -> String) -> String {
        var out = ""
        for (i, run) in runs.enumerated() {
            if i > 0 { out += run.separator(before: 0) }
            out += render(run)
        }
        return out
    }

    // MARK: - Text

    static func text(_ diff: SectionDiff, colour: Bool, _ w: DiffWords = .english) -> String {
        func paint(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        func line(_ runs: [WordRun]) -> String {
            joined(trimmed(runs)) { run in
                switch run.kind {
                case .same: return run.text
                case .deleted: return paint("[-\(run.text)-]", "31")
                case .inserted: return paint("{+\(run.text)+}", "32")
                }
            }
        }
        let versions = w("version_range", "version {from} → {to}", [("from", diff.from), ("to", diff.to)])
        var out = paint("\(diff.title) (\(diff.page)): " + versions, "1") + "\n"
        if !diff.hasChanges { return out + w("no_changes", "No changes.") + "\n" }
        if !diff.codeChanges.isEmpty {
            out += "\n" + w("policy_codes", "Policy codes") + ":\n"
            for c in diff.codeChanges {
                let (label, detail) = w.describe(c)
                out += "  \(label.padding(toLength: 13, withPad: " ", startingAt: 0)) \(detail)\n"
            }
        }
        out += "\n" + w("sections", "Sections") + ":\n"
        let comma = w("list_separator", ", "), heading = w("heading", "heading")
        for s in shown(diff) {
            out += "  " + paint(w.labels(s).joined(separator: comma), "33") + ": \(s.title)\(s.anchor.isEmpty ? "" : " (#\(s.anchor))")\n"
            if let titleRuns = s.titleRuns { out += "    \(heading): \(line(titleRuns))\n" }
            if s.status != .unchanged, s.runs.contains(where: { $0.kind != .same }) { out += "    \(line(s.runs))\n" }
        }
        let unchanged = unchangedCount(diff)
        if unchanged > 0 {
            // English as it always was (no full stop in the list); another language's sentence.
            out += "  " + (w.t == nil ? "\(unchanged) unchanged section\(unchanged == 1 ? "" : "s")" : w.unchanged(unchanged)) + "\n"
        }
        return out
    }

    // MARK: - Markdown

    /// Escapes the characters that mark up running text (emphasis, code, links, HTML, tables,
    /// strikethrough). Block syntax (`#`, `-`, `1.`) cannot occur: every text follows a list marker.
    static func escapeMarkdown(_ s: String) -> String {
        var out = ""
        for ch in s {
            if "\\`*_[]<>|~".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    static func markdown(_ diff: SectionDiff, _ w: DiffWords = .english) -> String {
        func line(_ runs: [WordRun]) -> String {
            joined(trimmed(runs)) { run in
                var escaped = run
                escaped.words = run.words.map(escapeMarkdown)
                let t = escaped.text
                switch run.kind {
                case .same: return t
                case .deleted: return "~~\(t)~~"
                case .inserted: return "**\(t)**"
                }
            }
        }
        func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }
        let versions = w("version_range", "version {from} → {to}", [("from", escapeMarkdown(diff.from)), ("to", escapeMarkdown(diff.to))])
        var out = "## \(escapeMarkdown(diff.title)): " + versions + "\n\n"
        if !diff.hasChanges { return out + w("no_changes", "No changes.") + "\n" }
        out += w("markdown_legend", "Deleted words are ~~struck through~~, inserted words **bold**.") + "\n\n"
        if !diff.codeChanges.isEmpty {
            out += "### " + w("policy_codes", "Policy codes") + "\n\n"
            for c in diff.codeChanges {
                let (label, detail) = w.describe(c)
                out += "- \(capitalized(label)): \(escapeMarkdown(detail))\n"
            }
            out += "\n"
        }
        out += "### " + w("sections", "Sections") + "\n\n"
        let comma = w("list_separator", ", "), heading = capitalized(w("heading", "heading"))
        for s in shown(diff) {
            out += "- **\(escapeMarkdown(s.title))**\(s.anchor.isEmpty ? "" : " (`#\(s.anchor)`)"): \(w.labels(s).joined(separator: comma))\n"
            if let titleRuns = s.titleRuns { out += "  - \(heading): \(line(titleRuns))\n" }
            if s.status != .unchanged, s.runs.contains(where: { $0.kind != .same }) { out += "  - \(line(s.runs))\n" }
        }
        let unchanged = unchangedCount(diff)
        if unchanged > 0 { out += "\n" + w.unchanged(unchanged) + "\n" }
        return out
    }

    // MARK: - JSON

    static func json(_ diff: SectionDiff) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(diff) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: - HTML

    /// An HTML fragment: `<ins>`/`<del>` carry the change, and a visually hidden word says it
    /// to screen readers (which do not announce the elements); every text is escaped. The
    /// theme styles `.sop-diff` for dark mode and print.
    static func html(_ diff: SectionDiff, _ w: DiffWords = DiffWords(nil)) -> String {
        let e = HTML.escape
        let hidden = (deleted: w("deleted", "deleted: "), inserted: w("inserted", "inserted: "))
        func runs(_ runs: [WordRun]) -> String { htmlRuns(runs, deleted: hidden.deleted, inserted: hidden.inserted) }
        var out = "<section class=\"sop-diff\" aria-label=\"\(w("changes_label", "Changes from version {from} to {to}", [("from", e(diff.from)), ("to", e(diff.to))]))\">\n"
        if !diff.hasChanges { return out + "<p>\(w("no_changes", "No changes."))</p>\n</section>\n" }
        if !diff.codeChanges.isEmpty {
            out += "<h2>\(w("policy_codes", "Policy codes"))</h2>\n<ul class=\"code-changes\">\n"
            for c in diff.codeChanges {
                let (label, detail) = w.describe(c)
                out += "<li class=\"code-\(c.kind.rawValue)\"><strong>\(label)</strong> \(detail)</li>\n"
            }
            out += "</ul>\n"
        }
        out += "<h2>\(w("sections", "Sections"))</h2>\n"
        let comma = w("list_separator", ", ")
        for s in shown(diff) {
            out += "<section class=\"diff-section diff-\(s.status.rawValue)\(s.moved ? " diff-moved" : "")\">\n"
            out += "<h3>\(s.titleRuns.map(runs) ?? e(s.title)) <span class=\"diff-status\">\(w.labels(s).joined(separator: comma))</span></h3>\n"
            if s.status != .unchanged, s.runs.contains(where: { $0.kind != .same }) { out += "<p>\(runs(s.runs))</p>\n" }
            out += "</section>\n"
        }
        let unchanged = unchangedCount(diff)
        if unchanged > 0 { out += "<p class=\"diff-unchanged\">\(w.unchanged(unchanged))</p>\n" }
        return out + "</section>\n"
    }

    /// The runs of a section as HTML, joined by spaces: the words of each run escaped as
    /// `HTML.escape` escapes their joined text, in one byte buffer (a site build writes every
    /// changed section of every diff page: a string per run, per word and per join was most
    /// of the cost of a diff page's fragment). The characters escaped are ASCII, so escaping
    /// bytes gives the same text as escaping scalars.
    static func htmlRuns(_ runs: [WordRun], deleted: String = "deleted: ", inserted: String = "inserted: ") -> String {
        var out: [UInt8] = []
        var size = 0
        for run in runs { for w in run.words { size += w.utf8.count + 1 } }
        out.reserveCapacity(size + runs.count * 64)
        for (i, run) in runs.enumerated() {
            let glued = run.glued.map(Set.init) ?? []
            if i > 0, !glued.contains(0) { out.append(32) }
            switch run.kind {
            case .same: break
            case .deleted: out.append(contentsOf: "<del><span class=\"visually-hidden\">\(deleted)</span>".utf8)
            case .inserted: out.append(contentsOf: "<ins><span class=\"visually-hidden\">\(inserted)</span>".utf8)
            }
            for (j, word) in run.words.enumerated() {
                if j > 0, !glued.contains(j) { out.append(32) }
                // Speed: a word's bytes are read as one buffer (most words are small strings,
                // whose UTF-8 view is otherwise read byte by byte), and a word that needs no
                // escaping, most of them, is copied at once.
                var word = word
                word.withUTF8 { bytes in
                    var plain = true
                    for b in bytes where b == 38 || b == 60 || b == 62 || b == 34 || b == 39 { plain = false; break }
                    if plain { out.append(contentsOf: bytes); return }
                    for b in bytes {
                        switch b {
                        case 38: out.append(contentsOf: "&amp;".utf8)
                        case 60: out.append(contentsOf: "&lt;".utf8)
                        case 62: out.append(contentsOf: "&gt;".utf8)
                        case 34: out.append(contentsOf: "&quot;".utf8)
                        case 39: out.append(contentsOf: "&#39;".utf8)
                        default: out.append(b)
                        }
                    }
                }
            }
            switch run.kind {
            case .same: break
            case .deleted: out.append(contentsOf: "</del>".utf8)
            case .inserted: out.append(contentsOf: "</ins>".utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
