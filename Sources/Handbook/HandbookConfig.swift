import Foundation

/// How broken links and anchors between pages are reported.
public enum LinkLevel: String, Sendable, Hashable, CaseIterable {
    /// Broken links fail the build (the default).
    case error
    /// Broken links are reported as warnings, for a migration still being cleaned up.
    case warn
}

/// Settings of a handbook read from `casebook.yml` beside the content folder:
///
/// ```yaml
/// links: warn        # or error (the default)
/// base_path: /docs   # site-absolute links under it are checked like relative ones
/// lang: th           # the language of the site-wide pages (home, search, codes...)
/// ```
public struct HandbookConfig: Sendable, Hashable {
    public var links: LinkLevel = .error
    /// The path the corpus was published under in its previous tool (`/docs`), without a
    /// trailing slash; "/" means the site root. Nil: site-absolute links are left as written.
    public var basePath: String?
    /// The language of the pages no SOP gives a language (home, search, codes, What's new),
    /// as a language code (`th`, `pt-BR`); nil: English.
    public var lang: String?

    public init(links: LinkLevel = .error, basePath: String? = nil) {
        self.links = links
        self.basePath = basePath.map(Self.normalizedBasePath)
    }

    /// Keys `casebook.yml` may hold.
    public static let knownKeys = ["base_path", "lang", "links"]

    /// `casebook.yml` in the folder holding `content`.
    public static func path(besides content: String) -> String {
        URL(fileURLWithPath: content).standardizedFileURL.deletingLastPathComponent().path + "/casebook.yml"
    }

    /// Reads `casebook.yml` beside the content folder; the defaults when there is none.
    /// Bad values are errors naming the file and line; unknown keys are warnings.
    public static func load(besides content: String) throws(HandbookError) -> (HandbookConfig, [Diagnostic]) {
        let path = path(besides: content)
        guard let data = FileManager.default.contents(atPath: path) else { return (HandbookConfig(), []) }
        let name = "casebook.yml"
        let node = try YAMLParser.parseFile(Array(data), file: name)
        var config = HandbookConfig()
        var diagnostics: [Diagnostic] = []
        guard let entries = node.mapEntries else {
            if case .scalar(let s) = node.kind, s.isEmpty { return (config, []) }  // empty, or only comments
            throw HandbookError(file: name, line: node.line, column: node.column, "must be a map of settings, e.g. 'links: warn'")
        }
        for entry in entries {
            switch entry.key {
            case "links":
                guard let s = entry.value.scalar, let level = LinkLevel(rawValue: s.lowercased()) else {
                    throw HandbookError(file: name, line: entry.value.line, column: entry.value.column,
                                        "'links' must be 'error' or 'warn', found '\(entry.value.scalar ?? "a list or map")'")
                }
                config.links = level
            case "base_path":
                guard let s = entry.value.scalar, s.hasPrefix("/"), !s.contains("#"), !s.contains("?") else {
                    throw HandbookError(file: name, line: entry.value.line, column: entry.value.column,
                                        "'base_path' must be a site path starting with '/', e.g. base_path: /docs")
                }
                config.basePath = normalizedBasePath(s)
            case "lang":
                guard let s = entry.value.scalar, isLanguageCode(s) else {
                    throw HandbookError(file: name, line: entry.value.line, column: entry.value.column,
                                        "'lang' must be a language code such as th, id, vi or pt-BR, found '\(entry.value.scalar ?? "a list or map")'")
                }
                config.lang = s
            default:
                diagnostics.append(Diagnostic(.warning, file: name, line: entry.line, column: entry.column,
                    "unknown setting '\(entry.key)' is ignored; known settings: \(knownKeys.joined(separator: ", "))"))
            }
        }
        return (config, diagnostics)
    }

    /// Whether `s` looks like a language code: letters, then `-` and letters or digits (`th`, `pt-BR`).
    public static func isLanguageCode(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { !$0.isEmpty && $0.count <= 8 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// `/docs/` -> `/docs`; `/` stays `/`.
    static func normalizedBasePath(_ s: String) -> String {
        var p = Substring(s)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        return String(p)
    }
}
