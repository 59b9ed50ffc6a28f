import Foundation

/// Whether a translation keeps up with its original, from the `source_version` it declares.
public enum TranslationState: Sendable, Hashable {
    /// It translates the original's current version.
    case current
    /// It translates `source`; the original is now at `original`.
    case behind(source: String, original: String)
    /// It declares no `source_version` (or its original has no version).
    case unknown
}

extension Handbook {
    /// The state of `page` as a translation; nil when it translates nothing or its original is missing.
    public func translationState(_ page: PageSummary) -> TranslationState? {
        guard let id = page.meta.translationOf, let original = self.page(id: id) else { return nil }
        return Self.translationState(source: page.meta.sourceVersion, original: original.meta.version)
    }

    static func translationState(source: String?, original: String) -> TranslationState {
        guard let source, !original.isEmpty else { return .unknown }
        return VersionNumber.compare(source, original) < 0 ? .behind(source: source, original: original) : .current
    }
}

extension HandbookLoader {
    /// Warnings for translations that declare no `source_version`, or one older than the
    /// original's current version (or newer than it, which is a typo).
    static func translationWarnings(_ pages: [PageSummary]) -> [Diagnostic] {
        guard pages.contains(where: { $0.meta.translationOf != nil }) else { return [] }
        var versionByID: [String: String] = [:]
        for p in pages where p.meta.translationOf == nil { versionByID[p.meta.id] = p.meta.version }
        var found: [Diagnostic] = []
        for page in pages {
            guard let id = page.meta.translationOf, let original = versionByID[id] else { continue }
            guard let source = page.meta.sourceVersion else {
                found.append(Diagnostic(.warning, file: page.path,
                    "translation of '\(id)' does not say which version it translates; add 'source_version: \"\(original.isEmpty ? "1.0" : original)\"' once it matches that version of the original",
                    kind: .unversionedTranslation))
                continue
            }
            guard !original.isEmpty else { continue }
            let order = VersionNumber.compare(source, original)
            // Which 'casebook diff' shows what changed, and which versions exist, only the
            // history knows: a build or check that read it says more (`SiteHistory`).
            if order < 0 {
                found.append(Diagnostic(.warning, file: page.path, TranslationWarning.behind(source, of: id, now: original),
                    kind: .staleTranslation, subject: id))
            } else if order > 0 {
                found.append(Diagnostic(.warning, file: page.path, TranslationWarning.newer(source, of: id, now: original),
                    kind: .staleTranslation, subject: id))
            }
        }
        return found
    }
}

/// The warnings about a translation whose `source_version` is not its original's version, in
/// one place: the content loader gives them as they are, and a build or check that read the
/// history (`SiteHistory`) adds what only the history knows, the versions there are and the
/// `casebook diff` that shows the change.
public enum TranslationWarning {
    /// The translation translates an older version. `diff`: name the command that shows what changed.
    public static func behind(_ source: String, of id: String, now current: String, diff: Bool = false) -> String {
        "translation is behind: it translates version \(source) of '\(id)', which is now at version \(current); update the translation and set 'source_version: \"\(current)\"'"
            + (diff ? " (see 'casebook diff \(id) \(source) \(current)')" : "")
    }

    /// `source_version` is newer than the original; `versions`: the original's version labels, when known.
    public static func newer(_ source: String, of id: String, now current: String, versions: [String]? = nil) -> String {
        "source_version \(source) is newer than '\(id)' itself (version \(current)); set it to the "
            + (versions.map { "version this translation matches (its versions: \(list($0)))" } ?? "original's version this translation matches")
    }

    /// `source_version` is none of the original's published versions (`versions`, oldest first).
    public static func notAVersion(_ source: String, of id: String, now current: String, versions: [String]) -> String {
        "source_version \(source) is not a version of '\(id)' (its versions: \(list(versions)); now at \(current)); set it to the version this translation matches"
    }

    /// Version labels as the messages list them: "1.0, 1.9, 1.10" (a page without a `version` has none).
    static func list(_ versions: [String]) -> String { versions.filter { !$0.isEmpty }.joined(separator: ", ") }
}

extension Handbook {
    /// The pages `id` is translated from, in order (`scam-th` -> `scam-id` -> `scam`), by each
    /// page's `translation_of` in `originalOf`; the last is the SOP's original, unless the
    /// chain goes round in a circle (`cycle`), when no page is.
    public static func originalChain(from id: String, _ originalOf: [String: String]) -> (chain: [String], cycle: Bool) {
        var chain = [id]
        while let next = originalOf[chain.last!] {
            if chain.contains(next) { return (chain + [next], true) }
            chain.append(next)
        }
        return (chain, false)
    }

    /// One warning for the top-level folders named for other languages (`th/`, `id/`, `pt-BR/`)
    /// whose pages say nothing of their language and mostly have a page of the same path in
    /// English, the language of a page without `lang:` (at the top, or in an `en/` folder):
    /// folders of translations copied in from another docs tool. Read as English, an Indonesian page was
    /// `<html lang="en">` to screen readers and searched with English stems, and nothing said
    /// so. A folder only named like a language (`it/` for the IT team's pages) has pages of its
    /// own and is not counted. One warning however many folders: it is one thing to do.
    static func languageFolderWarnings(_ pages: [PageSummary]) -> [Diagnostic] {
        // The language of a page that does not say its own.
        let site = PageMetadata(id: "").lang
        let paths = Set(pages.map(\.path))
        var byFolder: [String: [PageSummary]] = [:]
        for page in pages {
            guard let slash = page.path.firstIndex(of: "/") else { continue }
            byFolder[String(page.path[..<slash]), default: []].append(page)
        }
        let siteFolders = byFolder.keys.filter { LanguageFolders.tag($0) == site }
        var found: [(folder: String, lang: String, pages: Int)] = []
        for (folder, list) in byFolder.sorted(by: { $0.key < $1.key }) {
            guard let lang = LanguageFolders.tag(folder), LanguageFolders.isOther(lang, than: site) else { continue }
            let unmarked = list.filter { $0.meta.lang == site && $0.meta.translationOf == nil }.map { String($0.path.dropFirst(folder.count + 1)) }
            if LanguageFolders.translates(unmarked, original: { rest in paths.contains(rest) || siteFolders.contains { paths.contains($0 + "/" + rest) } }) {
                found.append((folder, lang, unmarked.count))
            }
        }
        var out: [Diagnostic] = []
        if let first = found.first {
            let total = found.reduce(0) { $0 + $1.pages }
            let listed = found.map { "\($0.folder)/ \($0.pages)" }.joined(separator: ", ")
            let example = "'lang: \(first.lang)' in \(first.folder)/"
            out.append(Diagnostic(.warning, file: first.folder + "/",
                "\(total) page\(total == 1 ? "" : "s") in folder\(found.count == 1 ? "" : "s") named for a language (\(listed)) \(Self.sayNothing(total)) '\(site)'; "
                + "give each its language (\(example)) and 'translation_of:' its original's id, or bring the corpus in with 'casebook import-docs', which puts each translation beside its original",
                kind: .languageFolder))
        }
        // `appeals.th.md` beside `appeals.md`, saying nothing of its language (a translation of
        // mkdocs-static-i18n's layout copied in as it was): one warning for all of them.
        var named: [(path: String, lang: String)] = []
        for page in pages where page.meta.lang == site && page.meta.translationOf == nil {
            guard let (base, lang) = LanguageFolders.suffix(of: page.path), LanguageFolders.isOther(lang, than: site),
                  paths.contains(base + ".md") else { continue }
            named.append((page.path, lang))
        }
        named.sort { $0.path < $1.path }
        if let first = named.first {
            let listed = named.prefix(3).map(\.path).joined(separator: ", ") + (named.count > 3 ? ", …" : "")
            out.append(Diagnostic(.warning, file: first.path,
                "\(named.count) page\(named.count == 1 ? "" : "s") named for a language beside \(named.count == 1 ? "its original" : "their originals") (\(listed)) \(Self.sayNothing(named.count)) '\(site)'; "
                + "give each its language ('lang: \(first.lang)' in \(first.path)) and 'translation_of:' its original's id, as 'casebook import-docs' does",
                kind: .languageFolder, subject: "named"))
        }
        return out
    }

    private static func sayNothing(_ count: Int) -> String {
        count == 1 ? "says nothing of its language and is read as" : "say nothing of their language and are read as"
    }
}

/// Folders named for a language, as other docs tools keep translations (`id/`, `pt-BR/`):
/// what `casebook import-docs` moves beside their originals and a build warns about.
enum LanguageFolders {
    /// `name` as the language code a folder of translations is named by, lower case as pages'
    /// `lang:` are: an ISO 639-1 language (Foundation's list) alone or with a region or
    /// script (`id`, `pt-BR` -> `pt-br`, `zh_Hans` -> `zh-hans`, `es-419`); nil for any other name.
    static func tag(_ name: String) -> String? {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false).flatMap { $0.split(separator: "_", omittingEmptySubsequences: false) }
        guard (1...2).contains(parts.count), parts[0].count == 2, parts[0].allSatisfy({ $0.isASCII && $0.isLetter }),
              isoLanguages.contains(parts[0].lowercased()) else { return nil }
        if parts.count == 2 {
            let sub = parts[1]
            let region = sub.count == 2 && sub.allSatisfy { $0.isASCII && $0.isLetter }
            let numeric = sub.count == 3 && sub.allSatisfy { $0.isASCII && $0.isNumber }
            let script = sub.count == 4 && sub.allSatisfy { $0.isASCII && $0.isLetter }
            guard region || numeric || script else { return nil }
        }
        return parts.joined(separator: "-").lowercased()
    }

    /// `dir/name.<lang>.md` as `dir/name` and the language its name gives (`appeals.pt-BR.md`
    /// -> `appeals`, `pt-br`), else nil. A path with one dot in its file name, most of them, is
    /// answered without building a string: a build asks it of every page.
    static func suffix(of path: String) -> (base: String, lang: String)? {
        guard let ext = path.lastIndex(of: "."), let dot = path[..<ext].lastIndex(of: "."), !path[dot...].contains("/"),
              let lang = tag(String(path[path.index(after: dot)..<ext])) else { return nil }
        return (String(path[..<dot]), lang)
    }

    /// Whether `lang` is another language than `site` (`pt-br` is not another than `pt`).
    static func isOther(_ lang: String, than site: String) -> Bool {
        lang != site && lang.split(separator: "-").first.map(String.init) != site
    }

    /// Whether a folder's pages (their paths inside it) are translations: most of them have a
    /// page at the same path in the original language (`original`). A folder only named like
    /// a language (`it/` for the IT team's pages, `hr/`) has pages of its own.
    static func translates(_ pages: [String], original: (String) -> Bool) -> Bool {
        !pages.isEmpty && 2 * pages.filter(original).count >= pages.count
    }

    /// ISO 639-1's two-letter language codes.
    private static let isoLanguages: Set<String> = Set(Locale.LanguageCode.isoLanguageCodes.map(\.identifier).filter { $0.count == 2 })
}
