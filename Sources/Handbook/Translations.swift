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
