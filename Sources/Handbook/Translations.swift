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
                found.append(Diagnostic(.warning, file: page.path,
                    "translation is behind: it translates version \(source) of '\(id)', which is now at version \(original); update the translation and set 'source_version: \"\(original)\"'",
                    kind: .staleTranslation, subject: id))
            } else if order > 0 {
                found.append(Diagnostic(.warning, file: page.path,
                    "source_version \(source) is newer than '\(id)' itself (version \(original)); set it to the original's version this translation matches",
                    kind: .staleTranslation, subject: id))
            }
        }
        return found
    }
}
