/// A problem found in the content, with where it is and what to do about it.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is; errors fail the build, warnings fail only `check --strict`.
    public enum Severity: String, Sendable, Hashable, Comparable {
        case warning, error
        public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
    }

    /// Error or warning.
    public var severity: Severity
    /// The file, relative to the content folder where possible.
    public var file: String
    /// 1-based line, or 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based column, or 0 when unknown.
    public var column: Int
    /// What is wrong and what to do about it.
    public var message: String
    /// The file whose own error this one follows from (a link into a page that did not load):
    /// people are shown that file's error, and this one only in `--json` and in counts.
    public var followsFrom: String?
    /// What kind of problem it is, for the kinds the build treats as a kind rather than one by
    /// one (`--links warn` relaxes link problems; some warnings are shown once per build); nil
    /// for every other diagnostic.
    public var kind: Kind?
    /// What a problem of `kind` is about (a key name, a link target, an old address): warnings of
    /// one kind and subject are one problem, shown once per build.
    public var subject: String

    /// A diagnostic at `file:line:column` (0 for unknown line or column), of `kind` about `subject`.
    public init(_ severity: Severity, file: String, line: Int = 0, column: Int = 0, _ message: String, kind: Kind? = nil, subject: String = "") {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.kind = kind
        self.subject = subject
    }

    /// `file:line:column: error: message`, the format editors and CI annotate, on one line:
    /// line breaks and other control characters of a value quoted in the message (or of a
    /// file's name) are shown as escapes (`\n`), so a value cannot split a diagnostic or
    /// print one that no file has.
    public var description: String {
        var location = Self.oneLine(file)
        if line > 0 {
            location += ":\(line)"
            if column > 0 { location += ":\(column)" }
        }
        return "\(location): \(severity.rawValue): \(Self.oneLine(message))"
    }

    /// `text` with line breaks (LF, CR, NEL, U+2028, U+2029) and control characters other
    /// than tab written as escapes.
    public static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case _ where needsEscape(c): out += "\\u{\(String(c.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    private static func needsEscape(_ c: Unicode.Scalar) -> Bool {
        (c.value < 0x20 && c != "\t") || (0x7F...0x9F).contains(c.value) || c.value == 0x2028 || c.value == 0x2029
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Diagnostics in a stable order: by file, line, column, then message.
    public func sortedForDisplay() -> [Diagnostic] {
        sorted { a, b in
            if a.file != b.file { return a.file < b.file }
            if a.line != b.line { return a.line < b.line }
            if a.column != b.column { return a.column < b.column }
            return a.message < b.message
        }
    }
}

extension Array where Element == Diagnostic {
    /// The lines a person reads on stderr: at most `perFile` diagnostics of a file and `total`
    /// in all, each cut marked by an "and N more" line; follow-on errors of a file that has its
    /// own error are left out, and that file is shown first, with a line counting them. The
    /// `--json` output and the error counts always include every diagnostic.
    public func displayLines(perFile: Int = 20, total: Int = 200) -> [String] {
        let sorted = sortedForDisplay()
        let failing = Set(sorted.lazy.filter { $0.severity == .error }.map(\.file))
        var followOns: [String: Int] = [:]
        var shown: [Diagnostic] = []
        for d in sorted {
            if let cause = d.followsFrom, cause != d.file, failing.contains(cause) { followOns[cause, default: 0] += 1 } else { shown.append(d) }
        }
        // Files in display order, those whose failure causes follow-ons first.
        var byFile: [String: [Diagnostic]] = [:]
        var files: [String] = []
        for d in shown {
            if byFile[d.file] == nil { files.append(d.file) }
            byFile[d.file, default: []].append(d)
        }
        files = files.filter { followOns[$0] != nil } + files.filter { followOns[$0] == nil }
        var lines: [String] = []
        var printed = 0
        for (index, file) in files.enumerated() {
            let all = byFile[file] ?? []
            if printed >= total {
                let rest = files[index...].reduce(0) { $0 + (byFile[$1]?.count ?? 0) }
                lines.append("note: and \(rest) more problem\(rest == 1 ? "" : "s") in \(files.count - index) more file\(files.count - index == 1 ? "" : "s"); 'casebook check --json' lists every one")
                break
            }
            let take = Swift.min(all.count, perFile, total - printed)
            lines += all.prefix(take).map(\.description)
            printed += take
            if all.count > take {
                lines.append("\(file): note: and \(all.count - take) more problem\(all.count - take == 1 ? "" : "s") in this file; 'casebook check --json' lists every one")
            }
            if let count = followOns[file] {
                lines.append("\(file): note: \(count) error\(count == 1 ? "" : "s") in other files follow\(count == 1 ? "s" : "") from this file not loading and \(count == 1 ? "is" : "are") not shown; fix this file first")
            }
        }
        return lines
    }
}

/// A failure that stops the handbook from loading at all, such as an unreadable folder.
public struct HandbookError: Error, Sendable, CustomStringConvertible {
    /// What stopped it, as diagnostics.
    public var diagnostics: [Diagnostic]
    /// A failure described by `diagnostics`.
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    /// A failure with one error at `file:line:column`.
    public init(file: String, line: Int = 0, column: Int = 0, _ message: String) {
        self.diagnostics = [Diagnostic(.error, file: file, line: line, column: column, message)]
    }
    /// The diagnostics, one per line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

extension Diagnostic {
    /// The kinds of problem the build treats as a kind. The raw values are stored in the build
    /// cache with the page's diagnostics.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A link or anchor between pages that leads nowhere (`subject`: the target and what is
        /// wrong; a link to a section of the same page is a problem of that page).
        case brokenLink = "broken"
        /// An explicit `{#id}` used twice in a page.
        case duplicateAnchor = "anchor"
        /// A front matter key Casebook does not read (`subject`: the key).
        case unknownKey = "key"
        /// A shortcode of another docs tool shown as text (`subject`: its kind, `{{< x >}}`).
        case shortcode
        /// Raw HTML shown as text or left out (`subject`: the tag and which, `<form> text`).
        case rawHTML = "html"
        /// Pages without an `id:` whose file names give one id (`subject`: the id).
        case sharedName = "shared"
        /// A heading whose anchor an earlier heading of the page took.
        case repeatedHeading = "heading"
        /// A heading whose anchor is one of the ids the SOP page gives its own elements
        /// (`subject`: the anchor): folded per anchor, never behind the repeated headings, so a
        /// "Main" heading's warning shows even in a corpus that repeats "Example" 300 times.
        case reservedAnchor = "reserved"
        /// A translation that does not say which version of its original it translates.
        case unversionedTranslation = "source-version"
        /// A site-absolute link that cannot be checked (`subject`: the address without `#anchor`).
        case siteAbsoluteLink = "absolute"
        /// A link to nothing in the content folder (`subject`: the target).
        case unresolvedLink = "link"
        /// An old address under a folder the site itself uses (`subject`: that folder or page).
        case oldAddressInSite = "old-own"
        /// An old address two pages claim (`subject`: the address without `#anchor`).
        case oldAddressClaimed = "old"
        /// A heading attribute Casebook does not read (`subject`: its name): MkDocs Material's
        /// changelog gives every heading `{ id="9.7.0" data-toc-label="..." }`.
        case headingAttribute = "attribute"
        /// TOML front matter that toml++ could not read, skipped (one warning per file: each
        /// says its own line and reason).
        case tomlFrontMatter = "toml"
        /// A commit of an SOP's history not taken as a version (a version going backwards,
        /// front matter that cannot be read; `subject`: the commit). An old commit cannot be
        /// changed, so `check --strict` does not count it: nothing could ever make it pass.
        case historyNote = "history"
        /// A translation behind its original, or whose `source_version` is newer than it
        /// (`subject`: the original's id): a build or check that read the history names the
        /// original's versions in it, or the 'casebook diff' that shows what changed.
        case staleTranslation = "stale"
        /// Pages that say nothing of their language in folders named for another (one warning
        /// for all such folders), or named for one beside their originals (`appeals.th.md`;
        /// `subject` "named"): read as English, with its stems and its `<html lang>`.
        case languageFolder = "lang-folder"
        /// A heading with no text (`#` alone, or a heading holding only an HTML comment, as
        /// MkDocs Material's reference pages write every setting): one thing to know, not one
        /// warning per heading (mkdocs-material's docs have 118).
        case emptyHeading = "empty-heading"

        /// A problem `--links warn` (or `links: warn` in casebook.yml) reports as a warning while
        /// a corpus is migrated.
        public var isLinkProblem: Bool { self == .brokenLink || self == .duplicateAnchor }
    }

    /// Whether this is a broken link or anchor between pages.
    public var isBrokenLink: Bool { kind == .brokenLink }
    /// A broken link or anchor, or an explicit anchor used twice in a page.
    public var isLinkProblem: Bool { kind?.isLinkProblem ?? false }

    /// For a warning shown once per build however many files have it: its kind and subject,
    /// else nil. Unknown keys, heading attributes and shortcodes are one problem per name; repeated headings,
    /// shared file names and unversioned translations one in all; a link warning (a broken link
    /// under `--links warn`, a site-absolute link, a link to nothing in the content folder) is
    /// one problem per link target however many pages use it: a migrated corpus links to the
    /// same page of its old site hundreds of times.
    var foldKey: String? {
        guard severity == .warning, let kind, kind != .duplicateAnchor, kind != .tomlFrontMatter, kind != .staleTranslation else { return nil }
        switch kind {
        // Reference pages repeat headings ("Example", "Parameters") hundreds of times; that
        // they get numbered anchors is one thing to know, not one per heading. A migrated
        // corpus' translations say nothing of versions: one thing to add, 50 files.
        case .repeatedHeading, .unversionedTranslation, .sharedName, .emptyHeading: return kind.rawValue + ":"
        default: return kind.rawValue + ":" + subject
        }
    }
}
