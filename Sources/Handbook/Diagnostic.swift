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

    /// A diagnostic at `file:line:column` (0 for unknown line or column).
    public init(_ severity: Severity, file: String, line: Int = 0, column: Int = 0, _ message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: error: message`, the format editors and CI annotate.
    public var description: String {
        var location = file
        if line > 0 {
            location += ":\(line)"
            if column > 0 { location += ":\(column)" }
        }
        return "\(location): \(severity.rawValue): \(message)"
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
    /// How every broken-link and broken-anchor message starts: `--links warn` (or `links: warn`
    /// in casebook.yml) reports these as warnings.
    public static let brokenLinkPrefix = "broken link '"
    /// Whether this is a broken link or anchor between pages.
    public var isBrokenLink: Bool { message.hasPrefix(Self.brokenLinkPrefix) }
    /// How the error for an explicit `{#id}` used twice in a page ends.
    static let duplicateAnchorSuffix = "; anchors must be unique in a page"
    /// A broken link or anchor, or an explicit anchor used twice in a page: what
    /// `--links warn` reports as a warning while a corpus is migrated.
    public var isLinkProblem: Bool {
        isBrokenLink || (message.hasPrefix("duplicate anchor '#") && message.hasSuffix(Self.duplicateAnchorSuffix))
    }
}

extension Diagnostic {
    /// How an unknown front matter key warning starts; the key name follows, quoted.
    static let unknownKeyPrefix = "unknown front matter key '"
    /// How a shortcode warning starts; the kind follows, quoted.
    static let shortcodePrefix = "shortcode '"
    /// How the warning for pages whose file names give one id starts; the id follows.
    static let sharedNamePrefix = "pages without an 'id:' share the file name of id '"
    /// How the warning for a heading whose anchor an earlier heading took starts.
    static let repeatedHeadingPrefix = "heading '"

    /// For a warning shown once per build however many files have it: its kind
    /// ("key:aliases", "shortcode:{% data %}", "heading:", "shared:"), else nil.
    /// A link warning (a broken link under `--links warn`, a site-absolute link that cannot be
    /// checked, a link to nothing in the content folder) is one problem per link target however
    /// many pages use it: a migrated corpus links to the same page of its old site hundreds of
    /// times. Site-absolute links are one problem per page whatever their `#anchor`.
    static func repeatedKind(_ diagnostic: Diagnostic) -> String? {
        let message = diagnostic.message
        // Reference pages repeat headings ("Example", "Parameters") hundreds of times; that
        // they get numbered anchors is one thing to know, not one per heading.
        if message.hasPrefix(repeatedHeadingPrefix), message.contains("' gives the anchor '#"), message.contains(", already used on line ") {
            return "heading:"
        }
        if message.hasPrefix(sharedNamePrefix) { return "shared:" }
        // A migrated corpus' translations say nothing of versions: one thing to add, 50 files.
        if message.hasPrefix("translation of '"), message.contains("' does not say which version it translates") { return "source-version:" }
        let kinds = [(unknownKeyPrefix, "key:"), (shortcodePrefix, "shortcode:"), (brokenLinkPrefix, "broken:"),
                     (siteAbsolutePrefix, "absolute:"), (unresolvedLinkPrefix, "link:"), (oldAddressPrefix, "old:")]
        for (prefix, tag) in kinds where message.hasPrefix(prefix) {
            let rest = message.dropFirst(prefix.count)
            switch tag {
            case "absolute:":
                // One problem per page of the old site, whatever the `#anchor`.
                guard let end = rest.range(of: "' ")?.lowerBound else { return nil }
                var quoted = rest[..<end]
                if let hash = quoted.firstIndex(of: "#") { quoted = quoted[..<hash] }
                return tag + quoted
            case "old:":
                // Old addresses under a folder the site itself uses (`/api/...`): one problem.
                if let own = message.range(of: " is in the site's own ") {
                    return "old-own:" + message[own.upperBound...].prefix { $0 != ";" }
                }
                // GitHub Docs lists `old#anchor` addresses, one per section a page took over:
                // a server never sees the anchor, so they are one address claimed many times.
                guard message.contains(" is also claimed by "), let end = rest.firstIndex(where: { $0 == "'" || $0 == "#" }) else { return nil }
                return tag + rest[..<end]
            case "broken:", "link:":
                // The whole message names the target and what is wrong with it; a link to a
                // section of "this page" is a problem of its own page.
                return tag + (rest.hasPrefix("#") ? diagnostic.file + "\u{0}" : "") + rest
            default:
                guard let end = rest.firstIndex(of: "'") else { return nil }
                return tag + rest[..<end]
            }
        }
        return nil
    }

    /// How the warnings about a page's old addresses start; the address follows, quoted.
    static let oldAddressPrefix = "old address '"
    /// How a site-absolute link warning starts; the link follows, quoted.
    static let siteAbsolutePrefix = "site-absolute link '"
    /// How the warning for a link to nothing in the content folder starts.
    static let unresolvedLinkPrefix = "link '"
}
