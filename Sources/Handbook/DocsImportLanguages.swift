import Foundation

/// Hugo's multilingual layouts, imported in Casebook's: the default language's pages at the
/// top and each translation beside its original as `page.<lang>.md` with `lang:` and
/// `translation_of:` (as the sample handbook writes `counterfeit-and-ip.th.md`).
///
/// Hugo keeps translations either in a content folder per language (`[languages.ja]
/// contentDir = "content/ja"`, mastodon's documentation) or beside the original as
/// `about.ja.md`. Imported as they were, a folder per language made every translated page
/// a second page of the same name (ids by path, no link between the two) and left the
/// site-absolute links of the default language (`/admin/config`, which Hugo serves from
/// `content/en/admin/config.md`) unresolved.
extension Importer {
    struct HugoLanguages: Equatable {
        /// `defaultContentLanguage`, "en" when not set.
        var defaultLanguage = "en"
        /// Language -> its content folder relative to the docs folder (`ja` -> `ja`).
        var folders: [String: String] = [:]
        /// Every configured language.
        var languages: Set<String> = []
    }

    /// The settings of a Hugo site's configuration that the import reads: its top-level
    /// scalars (`baseURL`, `defaultContentLanguage`) and each `languages.<lang>` table's.
    struct HugoConfig: Equatable {
        var top: [String: String] = [:]
        var languages: [String: [String: String]] = [:]
        /// The `source` of each `[[module.mounts]]` whose `target` is `content`
        /// (gohugoio's documentation mounts `content/en` there).
        var contentMounts: [String] = []
        /// The language a content mount is for (`lang = "ja"`, or `sites: {matrix: {languages:
        /// [ja]}}`), by its source.
        var mountLanguages: [String: String] = [:]
        /// Why the configuration file could not be read (`hugo.toml:3: ...`), for the report.
        var problem: String?
        /// The `params` table's scalars by dotted key, lower-cased (`grpc_vers.core`), for
        /// `{{< param >}}`.
        var params: [String: String] = [:]
        /// The entries of the configuration's menus (`[[menu.docs]]`, and each language's
        /// `[[languages.en.menu.docs]]`) that lead to a folder (`url = "/user/"`): the name and
        /// place the site gives that section, in the order read (the site's own menus first).
        var menuSections: [MenuSection] = []
    }

    struct MenuSection: Equatable {
        /// The folder's address without its slashes (`user`, `admin/moderation`).
        var folder: String
        var name: String?
        var weight: Int?
    }

    /// The first configuration file Hugo would read (`hugo.toml`, `hugo.yaml`, `hugo.yml`,
    /// then the same as `config.*`) in `source`, read once (`Importer.hugo`) for everything
    /// the import takes from it: TOML by toml++ (TOML.swift), YAML by the project's reader,
    /// both as the same tree.
    static func readHugoConfig(_ source: String) -> HugoConfig {
        var out = HugoConfig()
        // Hugo's keys are case-insensitive: the Contributor Covenant writes `[Languages]`.
        func child(_ node: YAMLNode?, _ key: String) -> YAMLNode? {
            node?.mapEntries?.first { $0.key.lowercased() == key }?.value
        }
        func parse(_ name: String) -> Result<YAMLNode, HugoConfigFailure>? {
            guard let data = FileManager.default.contents(atPath: source + "/" + name) else { return nil }
            let text = String(decoding: data, as: UTF8.self)
            if name.hasSuffix(".toml") {
                do throws(TOMLError) { return .success(try TOML.parse(text)) } catch { return .failure(HugoConfigFailure(name: name, line: error.line, message: error.message)) }
            }
            do throws(YAMLError) { return .success(try YAMLParser.parse(text)) } catch { return .failure(HugoConfigFailure(name: name, line: error.line, message: error.message)) }
        }
        // Hugo's configuration directory (Docsy sites, opentelemetry.io): config/_default/hugo.*
        // and a file per top-level key beside it (`languages.toml` is `languages:`).
        var candidates: [String] = []
        for base in ["hugo", "config"] { for ext in ["toml", "yaml", "yml"] { candidates.append(base + "." + ext) } }
        for base in ["hugo", "config"] { for ext in ["toml", "yaml", "yml"] { candidates.append("config/_default/" + base + "." + ext) } }
        for name in candidates {
            do {
                guard let parsed = parse(name) else { continue }
                var node: YAMLNode
                switch parsed {
                case .success(let n): node = n
                case .failure(let failure):
                    out.problem = "\(failure.name):\(failure.line): not read as \(failure.name.hasSuffix(".toml") ? "TOML" : "YAML") (\(failure.message)); its base URL, languages and content mounts are not used: correct it, or give --base-path"
                    return out
                }
                if name.hasPrefix("config/_default/") {
                    var entries = node.mapEntries ?? []
                    let folder = source + "/config/_default"
                    for file in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() {
                        let key = (file as NSString).deletingPathExtension
                        guard ["toml", "yaml", "yml"].contains((file as NSString).pathExtension), !["hugo", "config"].contains(key),
                              !entries.contains(where: { $0.key.lowercased() == key.lowercased() }),
                              case .success(let value)? = parse("config/_default/" + file) else { continue }
                        entries.append(YAMLEntry(key: key, line: 1, column: 1, value: value))
                    }
                    node = YAMLNode(.map(entries), line: 1, column: 1)
                }
                for entry in node.mapEntries ?? [] {
                    if let v = entry.value.scalar { out.top[Self.hugoKey(entry.key)] = v }
                }
                // `[[module.mounts]]`: gohugoio's documentation mounts `content/en` as the content.
                for item in child(child(node, "module"), "mounts")?.listItems ?? [] where child(item, "target")?.scalar == "content" {
                    if let source = child(item, "source")?.scalar {
                        out.contentMounts.append(source)
                        let language = child(item, "lang")?.scalar ?? child(child(child(item, "sites"), "matrix"), "languages")?.listItems?.first?.scalar
                        if let language, !language.isEmpty { out.mountLanguages[source] = language.lowercased() }
                    }
                }
                out.params = Self.dottedScalars(child(node, "params"))
                func readMenus(_ menus: YAMLNode?) {
                    for menu in menus?.mapEntries ?? [] {
                        for item in menu.value.listItems ?? [] {
                            guard let url = child(item, "url")?.scalar ?? child(item, "pageref")?.scalar, url.hasPrefix("/"), !url.contains("://") else { continue }
                            let folder = url.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                            guard !folder.isEmpty, !out.menuSections.contains(where: { $0.folder == folder }) else { continue }
                            out.menuSections.append(MenuSection(folder: folder, name: child(item, "name")?.scalar,
                                                                weight: child(item, "weight")?.scalar.flatMap(Importer.wholeNumber)))
                        }
                    }
                }
                readMenus(child(node, "menu") ?? child(node, "menus"))
                for entry in child(node, "languages")?.mapEntries ?? [] { readMenus(child(entry.value, "menu") ?? child(entry.value, "menus")) }
                for entry in child(node, "languages")?.mapEntries ?? [] {
                    var settings: [String: String] = [:]
                    for setting in entry.value.mapEntries ?? [] { if let v = setting.value.scalar { settings[Self.hugoKey(setting.key)] = v } }
                    out.languages[entry.key.lowercased()] = settings
                }
                return out
            }
        }
        return out
    }

    struct HugoConfigFailure: Error { var name: String; var line: Int; var message: String }

    /// The scalars of a map and the maps in it by dotted key, lower-cased (Hugo looks up
    /// params ignoring case): `grpc_vers: {core: v1.82.0}` is `grpc_vers.core`. With
    /// `lowercasingKeys` false, keys as written (Liquid's `site.data.policy.min_age`).
    static func dottedScalars(_ node: YAMLNode?, prefix: String = "", lowercasingKeys: Bool = true) -> [String: String] {
        var out: [String: String] = [:]
        for entry in node?.mapEntries ?? [] {
            let key = prefix + (lowercasingKeys ? entry.key.lowercased() : entry.key)
            if let v = entry.value.scalar {
                out[key] = v
            } else if entry.value.mapEntries != nil, prefix.split(separator: ".").count < 8 {
                out.merge(dottedScalars(entry.value, prefix: key + ".", lowercasingKeys: lowercasingKeys), uniquingKeysWith: { a, _ in a })
            }
        }
        return out
    }

    /// A configuration key as the import looks it up: Hugo reads keys ignoring case
    /// (`DefaultContentLanguage`, `baseurl`, `contentdir`).
    static func hugoKey(_ key: String) -> String {
        switch key.lowercased() {
        case "defaultcontentlanguage": return "defaultContentLanguage"
        case "baseurl": return "baseURL"
        case "contentdir": return "contentDir"
        default: return key
        }
    }

    /// An old address (`aliases`) of page `f` as Hugo publishes it: a translation's are under
    /// its language's path (`/old-url` of a Japanese page is `/ja/old-url/`, a page-relative
    /// `old-name` is `/ja/<its folder>/old-name/`). Translations copy their original's front
    /// matter, aliases included: taken as written, each gave a "claimed twice" warning and
    /// the old address led to one language at random. A page-relative alias of any page is
    /// from its folder, as Hugo publishes it (`crew` on `about/team.md` is `/about/crew`; it
    /// was read from the site's root). Other tools' addresses are as written.
    func translationAlias(_ alias: String, file f: String) -> String {
        guard tool == .hugo, !alias.isEmpty, !alias.hasPrefix("//"), !LinkResolver.hasScheme(alias) else { return alias }
        let lang = translations[f]?.lang
        if let lang, alias == "/" + lang || alias.hasPrefix("/" + lang + "/") { return alias }
        if alias.hasPrefix("/") { return lang.map { "/" + $0 + alias } ?? alias }
        // Page-relative: from the folder holding the page's address (`a/b.md` is served at
        // `a/b/`, so `a/`; a section's `_index.md` at `a/`, so its parent).
        var folder = PathText.parent(of: (pagePaths[f] ?? f))
        let stem = ((f as NSString).lastPathComponent as NSString).deletingPathExtension.lowercased()
        if ["_index", "index"].contains(stem.split(separator: ".").first.map(String.init) ?? stem) {
            folder = PathText.parent(of: folder)
        }
        guard let joined = Self.join(folder, alias) else { return alias }
        return (lang.map { "/" + $0 } ?? "") + "/" + joined + (alias.hasSuffix("/") ? "/" : "")
    }

    /// Pages of `files` whose file name carries Hugo's default language (`about.en.md`) and
    /// that have no page of the plain name beside them, with that plain name (`about.md`):
    /// Hugo publishes them as the default language's `about`, the Learn themes' example
    /// sites write every page so (`_index.en.md`, `_index.fr.md`). Imported as named, the
    /// section pages titled no folder, the translations had no original, and every id and
    /// address carried `.en`.
    static func hugoDefaultLanguageNames(_ files: [String], defaultLanguage: String) -> [String: String] {
        let suffix = "." + defaultLanguage.lowercased()
        let present = Set(files)
        var out: [String: String] = [:]
        for f in files where isPage(f) {
            let ns = f as NSString
            let stem = (ns.lastPathComponent as NSString).deletingPathExtension
            guard stem.count > suffix.count, stem.lowercased().hasSuffix(suffix) else { continue }
            let folder = ns.deletingLastPathComponent
            let plain = (folder.isEmpty ? "" : folder + "/") + stem.dropLast(suffix.count) + "." + ns.pathExtension
            if !present.contains(plain) { out[f] = plain }
        }
        return out
    }

    /// Page `f` as named without Hugo's default language (`about.en.md` -> `about.md`, see
    /// `hugoDefaultLanguageNames`); `f` itself otherwise.
    func hugoUnsuffixed(_ f: String) -> String { hugoDefaultLanguageNames[f] ?? f }

    /// The languages of a Hugo site's configuration (`hugo`).
    func hugoLanguages() -> HugoLanguages {
        var out = HugoLanguages()
        let docsRelative = docs == source ? "" : String(docs.dropFirst(source.count + 1))
        func folder(_ contentDir: String) -> String? {
            var dir = Substring(contentDir)
            while dir.hasPrefix("./") { dir = dir.dropFirst(2) }
            while dir.hasSuffix("/") { dir = dir.dropLast() }
            if docsRelative.isEmpty { return dir.isEmpty ? nil : String(dir) }
            guard dir.hasPrefix(docsRelative + "/") else { return nil }
            let rest = dir.dropFirst(docsRelative.count + 1)
            return rest.isEmpty || rest.contains("..") ? nil : String(rest)
        }
        let config = hugo
        if let d = config.top["defaultContentLanguage"], !d.isEmpty { out.defaultLanguage = d.lowercased() }
        for (language, settings) in config.languages {
            out.languages.insert(language)
            if let dir = settings["contentDir"], let f = folder(dir) { out.folders[language] = f }
        }
        // The default language's folder may be the site's own `contentDir` (Docsy's example
        // site: `contentDir: content/en` at the top, `content/no` and `content/fa` under
        // `languages`); its pages then stayed under `en/`, their translations beside nothing.
        if out.folders[out.defaultLanguage] == nil, !out.folders.isEmpty, let dir = config.top["contentDir"], let f = folder(dir) {
            out.folders[out.defaultLanguage] = f
        }
        // One folder mounted as the content (`[[module.mounts]] source = 'content/en'
        // target = 'content'`, gohugoio's documentation): the default language's pages, served
        // at the top (`/functions/...` is `content/en/functions/...`).
        if out.folders.isEmpty, config.contentMounts.count == 1, let f = folder(config.contentMounts[0]) {
            out.folders[out.defaultLanguage] = f
        }
        // A mount per language (`source = "content/ja" target = "content" lang = "ja"`): each
        // language's folder; the mount with no language is the default language's.
        if out.folders.isEmpty, !config.mountLanguages.isEmpty {
            for source in config.contentMounts {
                guard let f = folder(source), !f.contains("/") || config.mountLanguages[source] != nil else { continue }
                let language = config.mountLanguages[source] ?? out.defaultLanguage
                if out.folders[language] == nil { out.folders[language] = f; out.languages.insert(language) }
            }
        }
        // Folders named as the configured languages, at the top of the content (opentelemetry.io
        // mounts them from a file Hugo's build writes): en/, ja/, ... are the languages.
        if out.folders.isEmpty, out.languages.count > 1 {
            for language in out.languages {
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: docs + "/" + language, isDirectory: &isDir), isDir.boolValue { out.folders[language] = language }
            }
            if out.folders[out.defaultLanguage] == nil { out.folders = [:] }
        }
        return out
    }

    /// Moves the default language's pages to the top and its translations beside them (see
    /// the type's comment); records each translation's language and original for its front
    /// matter. Does nothing for a site with one language.
    mutating func placeHugoLanguages() {
        guard tool == .hugo else { return }
        let config = hugoLanguages()
        guard config.languages.count > 1 || !config.folders.isEmpty || !hugoDefaultLanguageNames.isEmpty else { return }
        let names = hugoDefaultLanguageNames
        let defaultFolder = placeLanguageFolders(defaultLanguage: config.defaultLanguage, folders: config.folders,
                                                 unsuffixed: { names[$0] ?? $0 })
        // `about.ja.md` beside `about.md`.
        // Term pages Hugo never renders (a cascade of `render: never`) are snippets: the
        // glossary page shows them all (`{{% glossary %}}`, see `glossaryListing`).
        for f in (Array(pagePaths.keys) + report.snippets).sorted() where translations[f] == nil {
            let stem = ((f as NSString).lastPathComponent as NSString).deletingPathExtension
            guard let dot = stem.lastIndex(of: "."), case let lang = String(stem[stem.index(after: dot)...]),
                  config.languages.contains(lang), lang != config.defaultLanguage else { continue }
            let folder = PathText.parent(of: f)
            let base = String(stem[..<dot])
            // The original is `about.md`, or `about.en.md` when the default language is named too.
            let prefix = folder.isEmpty ? base : folder + "/" + base
            let named: [String] = [prefix, prefix + "." + config.defaultLanguage]
            var original: String?
            for stem in named { for ext in ["md", "markdown", "mdx"] where original == nil && pagePaths[stem + "." + ext] != nil { original = stem + "." + ext } }
            translations[f] = (lang, original)
        }
        if defaultFolder.moved > 0 || !translations.isEmpty {
            let others = config.folders.keys.filter { $0 != config.defaultLanguage }.sorted()
            report.notes.append("Hugo languages: \(config.defaultLanguage)\(defaultFolder.folder.map { " (\($0)/) at the top" } ?? "")"
                + (others.isEmpty ? "" : "; \(others.joined(separator: ", ")) beside their originals as page.<lang>.md")
                + "; \(translations.values.filter { $0.original != nil }.count) translations linked to their originals with translation_of")
        }
    }

    /// A folder per language (`folders`: language -> folder), Hugo's `contentDir`s or the
    /// language-named folders of a plain corpus: the default language's pages, images and
    /// files go from its folder to the top, and each other language's page beside its
    /// original as `page.<lang>.md`, recorded as its translation (original nil when the default
    /// language has no page there). The folders' titles follow their pages; a translation's
    /// folder has none of its own. `unsuffixed`: a default-language page's name without a
    /// language suffix (Hugo's `about.en.md`). Returns the default language's folder (nil
    /// when it holds no page) and how many pages moved.
    mutating func placeLanguageFolders(defaultLanguage: String, folders: [String: String],
                                       unsuffixed: (String) -> String = { $0 }) -> (folder: String?, moved: Int) {
        let defaultFolder = folders[defaultLanguage].flatMap { f in pagePaths.keys.contains { $0.hasPrefix(f + "/") } ? f : nil }
        var moved = 0
        var taken = Set(pagePaths.values)
        func move(_ f: String, to dest: String) {
            guard dest != pagePaths[f], !taken.contains(dest) else { return }
            taken.remove(pagePaths[f] ?? "")
            taken.insert(dest)
            moved += 1
            pagePaths[f] = dest
        }
        // The default language first, so translations find their originals' new places.
        if let defaultFolder {
            for f in pagePaths.keys.sorted() where f.hasPrefix(defaultFolder + "/") {
                move(f, to: Self.destinationPath(String(unsuffixed(f).dropFirst(defaultFolder.count + 1))))
            }
            // Its images and files (page bundles) go with its pages; gohugoio's docs kept an
            // `en/` folder of 59 images its pages, moved to the top, showed from there.
            let assetsTaken = Set(assetPaths.filter { !$0.hasPrefix(defaultFolder + "/") })
            for f in assetPaths.sorted() where f.hasPrefix(defaultFolder + "/") {
                let dest = String(f.dropFirst(defaultFolder.count + 1))
                if !assetsTaken.contains(dest), !taken.contains(dest) { assetMoves[f] = dest }
            }
            self.defaultLanguageFolder = defaultFolder
        }
        for (lang, folder) in folders.sorted(by: { $0.key < $1.key }) where lang != defaultLanguage {
            for f in pagePaths.keys.sorted() where f.hasPrefix(folder + "/") && translations[f] == nil {
                let rest = String(f.dropFirst(folder.count + 1))
                let original = defaultFolder.map { $0 + "/" + rest }.flatMap { pagePaths[$0] != nil ? $0 : nil }
                let dest = (Self.destinationPath(rest) as NSString).deletingPathExtension + ".\(lang).md"
                move(f, to: dest)
                translations[f] = (lang, original)
            }
        }
        var remapped: [String: CategoryInfo] = [:]
        for (folder, info) in categories {
            if let defaultFolder, folder == defaultFolder { continue }
            if let defaultFolder, folder.hasPrefix(defaultFolder + "/") {
                remapped[String(folder.dropFirst(defaultFolder.count + 1))] = info
            } else if !folders.contains(where: { $0.key != defaultLanguage && (folder == $0.value || folder.hasPrefix($0.value + "/")) }) {
                remapped[folder] = remapped[folder] ?? info
            }
        }
        categories = remapped
        return (defaultFolder, moved)
    }

    /// Jekyll has no languages of its own; sites translated by hand (opensource.guide: 27
    /// languages) keep each translation in a folder named for its language, with `lang:` in
    /// its front matter: `_articles/id/legal.md` (`lang: id`) translates `_articles/legal.md`.
    /// Such a page goes beside its original as `legal.id.md` with `translation_of:`, as Hugo's
    /// translations do (`placeHugoLanguages`); imported where they were, every article was 28
    /// unrelated pages sharing one name. The site's language is `_config.yml`'s `lang`, else
    /// English; a page whose folder is not its language, or whose original is not in the site's
    /// language, stays where it is.
    mutating func placeJekyllLanguages() {
        guard tool == .jekyll else { return }
        let siteLanguage = self.siteLanguage
        func language(_ f: String) -> String? {
            guard let lang = frontMatter(f)?["lang"]?.scalar ?? frontMatter(f)?["language"]?.scalar else { return nil }
            let l = lang.trimmingCharacters(in: .whitespaces).lowercased()
            return l.isEmpty ? nil : l
        }
        var taken = Set(pagePaths.values)
        var linked = 0
        var languages = Set<String>()
        for f in pagePaths.keys.sorted() {
            guard let lang = language(f), lang != siteLanguage else { continue }
            var parts = f.split(separator: "/").map(String.init)
            guard let at = parts.dropLast().lastIndex(where: { $0.lowercased() == lang }) else { continue }
            parts.remove(at: at)
            let candidate = parts.joined(separator: "/")
            guard let originalDest = pagePaths[candidate], translations[candidate] == nil,
                  language(candidate).map({ $0 == siteLanguage }) ?? true else { continue }
            guard placeTranslation(f, beside: originalDest, of: candidate, lang: lang, taken: &taken) else { continue }
            linked += 1
            languages.insert(lang)
        }
        if linked > 0 {
            report.notes.append("Jekyll languages: \(siteLanguage) at its place; \(languages.sorted().joined(separator: ", ")) beside their originals as page.<lang>.md; \(linked) translations linked to their originals with translation_of")
        }
    }

    /// A plain Markdown corpus kept as one folder per language at its top, the pages of each
    /// with no `lang:` (mozilla/legal-docs: `en/`, `id/`, `pt-BR/` and 16 more, the same file
    /// names in each). Imported as they were, each document was 19 unrelated pages, every one
    /// of them English to the build (`<html lang="en">` on the Indonesian page, which search
    /// read with English stems). When the site's language (`_config.yml`'s `lang`, else
    /// English) has such a folder, every other top-level folder named for a language
    /// (`LanguageFolders.tag`) whose pages are its translations (`LanguageFolders.translates`)
    /// is that language: the site's language goes to the top and the others beside their
    /// originals (`placeLanguageFolders`). A folder only named like a language stays as it is.
    ///
    /// MkDocs sites translated with mkdocs-static-i18n's folder layout (`docs/en/`, `docs/fr/`,
    /// `docs_structure: folder`) are read the same way, in the plugin's default language; nav
    /// entries written without the language folder (`policies/appeals.md`) lead to the pages
    /// of the default language's folder.
    mutating func placeLanguageNamedFolders() {
        guard tool == .jekyll || tool == .mkdocs, translations.isEmpty else { return }
        let configured = siteLanguage
        var pagesByFolder: [String: [String]] = [:]
        for f in pagePaths.keys {
            guard let slash = f.firstIndex(of: "/") else { continue }
            pagesByFolder[String(f[..<slash]), default: []].append(String(f[f.index(after: slash)...]))
        }
        var folders: [String: String] = [:]
        for name in pagesByFolder.keys.sorted() {
            if let lang = LanguageFolders.tag(name), folders[lang] == nil { folders[lang] = name }
        }
        // `lang: en-US` in _config.yml and an `en/` folder are one language.
        let primary = configured.split(separator: "-").first.map(String.init) ?? configured
        let siteLanguage = folders[configured] != nil ? configured : primary
        guard let defaultFolder = folders[siteLanguage], noPageSaysItsLanguage(in: defaultFolder) else { return }
        let originals = Set(pagesByFolder[defaultFolder] ?? [])
        folders = folders.filter { lang, folder in
            guard lang != siteLanguage else { return true }
            return noPageSaysItsLanguage(in: folder) && LanguageFolders.translates(pagesByFolder[folder] ?? [], original: originals.contains)
        }
        guard folders.count >= 2 else { return }
        for (path, entry) in navigation where pagePaths[path] == nil && pagePaths[defaultFolder + "/" + path] != nil {
            navigation[defaultFolder + "/" + path] = navigation[defaultFolder + "/" + path] ?? entry
        }
        _ = placeLanguageFolders(defaultLanguage: siteLanguage, folders: folders)
        let others = folders.keys.filter { $0 != siteLanguage }.sorted()
        report.notes.append("languages by folder: \(siteLanguage) (\(defaultFolder)/) at the top; "
            + "\(others.joined(separator: ", ")) beside their originals as page.<lang>.md; "
            + "\(translations.values.filter { $0.original != nil }.count) translations linked to their originals with translation_of")
    }

    /// A translation kept beside its original, named with its language (`appeals.th.md` beside
    /// `appeals.md`: mkdocs-static-i18n's default layout, and Casebook's own), whose front
    /// matter says nothing of it: it gets `lang:` and `translation_of:`. Imported as it was, the
    /// Thai page was a second page in English to the build (`<html lang="en">`, English stems).
    /// Only a suffix that is a language code (`LanguageFolders.tag`) beside a page of the same
    /// name counts: `notes.it.md` alone is a page of its own.
    mutating func placeSuffixTranslations() {
        guard tool == .jekyll || tool == .mkdocs else { return }
        let siteLanguage = self.siteLanguage
        var linked = 0
        var languages = Set<String>()
        for f in pagePaths.keys.sorted() where translations[f] == nil {
            guard let (base, lang) = LanguageFolders.suffix(of: f), LanguageFolders.isOther(lang, than: siteLanguage),
                  !saysItsLanguage(f), frontMatter(f)?["translation_of"] == nil,
                  let original = ["md", "markdown", "mdx"].map({ base + "." + $0 }).first(where: { pagePaths[$0] != nil && translations[$0] == nil })
            else { continue }
            translations[f] = (lang, original)
            linked += 1
            languages.insert(lang)
        }
        if linked > 0 {
            report.notes.append("translations named for their language (page.<lang>.md beside page.md): \(languages.sorted().joined(separator: ", ")); \(linked) linked to their originals with lang: and translation_of")
        }
    }

    /// The language of a plain or MkDocs corpus' own pages, lowercased: `_config.yml`'s `lang`;
    /// for MkDocs, mkdocs-static-i18n's default language (the `languages:` entry with
    /// `default: true`, or the older `default_language:`), else the theme's `language`; else
    /// English.
    var siteLanguage: String {
        mutating get {
            switch tool {
            case .jekyll:
                return (jekyllSite["lang"] ?? "en").lowercased()
            case .mkdocs:
                guard case .success(let root)? = toolConfig else { return "en" }
                let i18n = (root["plugins"]?.listItems ?? []).lazy.compactMap { $0["i18n"] }.first
                    ?? root["plugins"]?["i18n"]
                let chosen = i18n.flatMap { plugin in
                    (plugin["languages"]?.listItems ?? []).first { $0["default"]?.scalar?.lowercased() == "true" }?["locale"]?.scalar
                        ?? plugin["default_language"]?.scalar
                } ?? root["theme"]?["language"]?.scalar
                let language = (chosen ?? "en").trimmingCharacters(in: .whitespaces).lowercased()
                return language.isEmpty ? "en" : language
            default:
                return "en"
            }
        }
    }

    /// Whether no page in `folder` says its own language (`lang:`): a folder whose pages do is
    /// Jekyll's own layout (`placeJekyllLanguages`).
    private mutating func noPageSaysItsLanguage(in folder: String) -> Bool {
        for f in pagePaths.keys.filter({ $0.hasPrefix(folder + "/") }) where saysItsLanguage(f) { return false }
        return true
    }

    /// Whether page `f`'s front matter has a `lang:` (or `language:`) of its own.
    private mutating func saysItsLanguage(_ f: String) -> Bool {
        guard let front = frontMatter(f) else { return false }
        return front["lang"] != nil || front["language"] != nil
    }

    /// Writes page `f`, in language `lang`, beside its original (`original`, written as
    /// `originalDest`) as `page.<lang>.md`, and records it as its translation; false, leaving it
    /// where it is, when another page is written there already (`taken`, kept up to date).
    mutating func placeTranslation(_ f: String, beside originalDest: String, of original: String, lang: String, taken: inout Set<String>) -> Bool {
        let dest = (originalDest as NSString).deletingPathExtension + ".\(lang).md"
        guard !taken.contains(dest) else { return false }
        taken.remove(pagePaths[f] ?? "")
        taken.insert(dest)
        pagePaths[f] = dest
        translations[f] = (lang, original)
        return true
    }

    /// The id each imported page will have in Casebook: its `id:`/`slug:` when written, else
    /// its file name's, or its path's when another page's file name gives the same id (as
    /// the build decides, `PageRenderer.pathPageID`).
    mutating func importedPageIDs() -> [String: String] {
        let files = pagePaths.keys.sorted()
        var written: [String?] = []
        for f in files { written.append(renamedIDs[f] ?? writtenID(f)) }
        var ids = files.indices.map { written[$0] ?? PageRenderer.defaultPageID(for: pagePaths[files[$0]]!) }
        // Pages sharing a file name: the build publishes them under their paths.
        let shared = PageRenderer.sharedNames(ids: ids, paths: files.map { pagePaths[$0]! }) { written[$0] != nil }
        for group in shared { for (i, id) in group.renamed { ids[i] = id } }
        return Dictionary(uniqueKeysWithValues: zip(files, ids))
    }

    /// The id a page's front matter gives it (`id`, else `slug`'s last part, or a Docusaurus
    /// number prefix dropped from its name), as Casebook will have it: a translation keeps its
    /// original's `id`/`slug` in the other tools, and in Casebook it is a page of its own
    /// (`intro-fr`). Nil when the page's file name gives its id. `convertFrontMatter` writes it.
    func writtenID(_ front: YAMLNode?, file f: String) -> String? {
        let entries = front?.mapEntries ?? []
        var id: String?
        if let s = ["id", "slug"].lazy.compactMap({ k in entries.first { $0.key == k }?.value.scalar }).first(where: { !$0.isEmpty }) {
            let slug = Slug.make(s.split(separator: "/").last.map(String.init) ?? s)
            id = slug.isEmpty ? nil : slug
        } else if tool == .docusaurus {
            let path = Self.docsEquivalent(f)
            let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            if Self.droppingNumberPrefix(stem) != stem {
                let name = Slug.make(Self.droppingNumberPrefix(stem))
                // Docusaurus' id is the path (`hotkeys/scene`): where two folders' pages share
                // the name, the path keeps them apart (both `id: scene` failed the build).
                id = sharedNumberedNames.contains(name) ? Slug.make(Self.numberedPathID(path)) : name
            }
        }
        guard let id else { return nil }
        return translations[f].map { Slug.make(id + "-" + $0.lang) } ?? id
    }

    /// `002.inspectors/003.ui.md` -> `inspectors/ui`: the Docusaurus id of a numbered page.
    static func numberedPathID(_ path: String) -> String {
        let parts = (path as NSString).deletingPathExtension.split(separator: "/").map { droppingNumberPrefix(String($0)) }
        return parts.joined(separator: "/")
    }

    /// The names (number prefix dropped, slugged) that two numbered pages of the docs share.
    func docusaurusSharedNumberedNames() -> Set<String> {
        guard tool == .docusaurus else { return [] }
        var seen: Set<String> = [], shared: Set<String> = []
        for f in pagePaths.keys where translations[f] == nil {
            let stem = ((f as NSString).lastPathComponent as NSString).deletingPathExtension
            guard Self.droppingNumberPrefix(stem) != stem else { continue }
            let name = Slug.make(Self.droppingNumberPrefix(stem))
            if !seen.insert(name).inserted { shared.insert(name) }
        }
        return shared
    }

    /// Pages of one corpus may write the same id: Hugo's `slug` and Docusaurus' `id` name a
    /// page within its folder (`a/x.md` and `b/y.md` both `slug: overview`, at `/a/overview/`
    /// and `/b/overview/`), while a Casebook id names it in the whole site, so the build would
    /// refuse both. The first by path keeps the id; each other one takes its folder's path
    /// before it (`b-overview`, as its address had it), with one note per id.
    mutating func renameSharedWrittenIDs() {
        var byID: [String: [String]] = [:]
        for f in pagePaths.keys.sorted() { if let id = writtenID(f) { byID[id, default: []].append(f) } }
        var taken = Set(byID.keys)
        for (id, files) in byID.sorted(by: { $0.key < $1.key }) where files.count > 1 {
            var renamed: [String] = []
            for f in files.dropFirst() {
                let folder = PathText.parent(of: pagePaths[f] ?? f)
                let base = folder.isEmpty ? PageRenderer.pathPageID(for: pagePaths[f] ?? f) : Slug.make(folder.replacingOccurrences(of: "/", with: "-") + "-" + id)
                var new = base
                var n = 2
                while taken.contains(new) { new = base + "-\(n)"; n += 1 }
                taken.insert(new)
                renamedIDs[f] = new
                renamed.append("\(f) is '\(new)'")
            }
            report.notes.append("\(files[0]): its id '\(id)' (from its id or slug) is written by \(files.count - 1) other page\(files.count == 2 ? "" : "s") too, and ids name a page in the whole site: \(files[0]) keeps it, \(renamed.joined(separator: ", "))")
        }
    }

    /// `writtenID` of page `f` as read from its file.
    mutating func writtenID(_ f: String) -> String? {
        guard let page = pageSource(f), case .success(let parsed)? = page.parsed else { return nil }
        return writtenID(parsed.frontMatter, file: f)
    }
}

// MARK: - Hugo's ref and relref shortcodes

extension Importer {
    /// `[text]({{< relref "entities/Account#id" >}})` -> `[text](../entities/Account.md#id)`.
    /// Hugo resolves the path against the page's folder, then the content root, then any page
    /// of that name, ignoring case (mastodon's documentation writes `entities/status` for
    /// `entities/Status.md` in 107 files). Cmark sees no link there (a destination has no
    /// spaces), so the shortcode is found in the text; one it cannot resolve is left, with a note.
    mutating func convertHugoRefs(_ body: String, file f: String, firstLine: Int) -> String {
        guard tool == .hugo, SourceText.has("ref", in: body) else { return body }
        // In a Markdown link: `](` + shortcode + an optional anchor and title + `)`.
        var text = replaceHugoRefs(in: body, Self.hugoRefLink, file: f, firstLine: firstLine) { m, ns, link in
            let title = m.range(withName: "title").location == NSNotFound ? "" : ns.substring(with: m.range(withName: "title"))
            return "](" + link + title + ")"
        }
        // A link reference definition (`[flow]: {{< relref "methods/oauth" >}}`) or an HTML
        // link (`<a href="{{< ref quickstarts >}}">`): the shortcode alone.
        text = replaceHugoRefs(in: text, Self.hugoRefDestination, file: f, firstLine: firstLine) { m, ns, link in
            ns.substring(with: m.range(withName: "before")) + link
        }
        return text
    }

    /// Replaces each match of `regex` (a Hugo ref: its path in the group `quoted` or `bare`,
    /// an anchor written after it in `anchor`) by `write(match, text, link)`;
    /// a ref that leads to no page of the corpus is left as written, with a note.
    private mutating func replaceHugoRefs(in body: String, _ regex: NSRegularExpression, file f: String, firstLine: Int,
                                          write: (NSTextCheckingResult, NSString, String) -> String) -> String {
        let ns = body as NSString
        let matches = regex.matches(in: body, range: NSRange(location: 0, length: ns.length))
        guard !matches.isEmpty else { return body }
        func group(_ m: NSTextCheckingResult, _ name: String) -> String? {
            m.range(withName: name).location != NSNotFound ? ns.substring(with: m.range(withName: name)) : nil
        }
        var out = ""
        var last = 0
        for m in matches {
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            last = m.range.location + m.range.length
            let ref = Self.hugoRefPath(m, in: ns)
            var path = Substring(ref)
            var anchor = ""
            if let hash = path.firstIndex(of: "#") { anchor = String(path[hash...]); path = path[..<hash] }
            // An anchor written after the shortcode (`({{< relref "methods/media" >}}#v2)`).
            if anchor.isEmpty, let after = group(m, "anchor") { anchor = after }
            if let target = hugoRefTarget(String(path), from: f), let link = relativeLink(to: target, from: f, anchor: anchor, url: "") {
                out += write(m, ns, link)
                report.linksRewritten += 1
            } else if path.isEmpty, !anchor.isEmpty {
                out += write(m, ns, anchor)
                report.linksRewritten += 1
            } else {
                out += ns.substring(with: m.range)
                let line = firstLine + ns.substring(to: m.range.location).reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
                foldedNote(at: "\(f):\(line)", file: f, "Hugo ref '\(ref)' does not lead to a page of the corpus; left as written")
            }
        }
        out += ns.substring(from: last)
        return out
    }

    /// The path a match of `hugoRefLink` or `hugoRefDestination` names.
    static func hugoRefPath(_ m: NSTextCheckingResult, in ns: NSString) -> String {
        for name in ["quoted", "bare"] where m.range(withName: name).location != NSNotFound { return ns.substring(with: m.range(withName: name)) }
        return ""
    }

    /// A Hugo ref or relref shortcode, compiled into the two patterns below (its path in the
    /// group `quoted` or `bare`). A ref may name an output format after the
    /// path (`{{< ref "coc.md" "markdown" >}}`: the page is what Casebook has), as the
    /// Contributor Covenant writes them. The path may be named (`path="..."`, or `ref="..."` as
    /// mastodon's documentation writes it) or bare (`{{< ref dotnet >}}`, as dapr's docs write
    /// about 1,600: Hugo takes a parameter without spaces unquoted), other parameters named too
    /// (`lang="en"`).
    private static let hugoRef = #"\{\{[<%]\s*(?:rel)?ref\s+(?:(?:path|ref)=)?(?:"(?<quoted>[^"]*)"|(?<bare>[^\s"{}<>%]+))(?:\s+(?:[A-Za-z]+=)?"[^"]*")*\s*[>%]\}\}"#
    /// `](` + a ref + `)`: an anchor may follow the shortcode (`({{< relref "x" >}}#v2)`) and
    /// the link a title (`({{< ref "a.md" >}} "Adopters")`). Cmark sees no link
    /// there (a destination has no spaces), so the shortcode is found in the text.
    static let hugoRefLink = try! NSRegularExpression(pattern: #"\]\("# + hugoRef + #"(?<anchor>#[^)\s"]*)?(?<title>\s+"[^"\n]*")?\)"#)
    /// A ref as a link reference definition's destination or an HTML link's `href` (`before`:
    /// what comes before it).
    static let hugoRefDestination = try! NSRegularExpression(pattern: #"(?<before>\]:[ \t]*|href=")"# + hugoRef + #"(?<anchor>#[^"\s]*)?"#)

    /// The imported file a Hugo `ref`/`relref` path names (see `convertHugoRefs`).
    mutating func hugoRefTarget(_ path: String, from f: String) -> String? {
        guard let target = hugoRefPage(path, from: f) else { return nil }
        // A translation's ref leads to the page in its own language when there is one, as
        // Hugo resolves it (`_index.fr.md` linking `basics/configuration/_index.md#activer-recherche`).
        if let lang = translations[f]?.lang, translations[sourceOf(target) ?? ""] == nil {
            let translated = (target as NSString).deletingPathExtension + "." + lang + ".md"
            if sourceOf(translated) != nil { return translated }
        }
        return target
    }

    /// The source page imported as `destination`, if any.
    mutating func sourceOf(_ destination: String) -> String? {
        if sourceByDestination.isEmpty { for (source, dest) in pagePaths { sourceByDestination[dest] = source } }
        return sourceByDestination[destination]
    }

    private mutating func hugoRefPage(_ path: String, from f: String) -> String? {
        if path.isEmpty { return nil }
        let folder = PathText.parent(of: f)
        let trimmed = String(path.drop { $0 == "/" })
        if !path.hasPrefix("/"), let joined = Self.join(folder, path), let t = find(joined) { return t }
        if let t = find(trimmed) { return t }
        _ = lowercasedPages()
        var key = trimmed.lowercased()
        for ext in [".md", ".markdown", ".mdx"] where key.hasSuffix(ext) { key = String(key.dropLast(ext.count)) }
        while key.hasSuffix("/") { key.removeLast() }
        var candidates: [String] = []
        if !path.hasPrefix("/"), let joined = Self.join(folder.lowercased(), key) { candidates.append(joined) }
        candidates.append(key)
        if let lang = defaultLanguageFolder?.lowercased() { candidates.append(lang + "/" + key) }
        for c in candidates {
            if let hits = pagesByLowercasedPath[c] ?? pagesByLowercasedPath[c + "/_index"] ?? pagesByLowercasedPath[c + "/index"], hits.count == 1 {
                return pagePaths[hits[0]]
            }
        }
        // A bare name (`install`): the one page of that name, preferring the page's own language.
        if !key.contains("/"), let hits = pagesByLowercasedPath["/name/" + key] {
            let sameTree = hits.filter { h in
                guard let lang = defaultLanguageFolder else { return true }
                return h.hasPrefix(lang + "/") == f.hasPrefix(lang + "/")
            }
            if sameTree.count == 1 { return pagePaths[sameTree[0]] }
            if hits.count == 1 { return pagePaths[hits[0]] }
        }
        return nil
    }
}

// MARK: - Hugo's glossary links

extension Importer {
    /// The glossary of a Hugo corpus: the pages of its `glossary/` folder by term (their file
    /// names, `quick-reference/glossary/page-resource.md` is "page-resource"), and its page: the
    /// folder's `_index.md`, or a page named `glossary` when there is no such folder. Nil
    /// without either. The folder with the most pages wins; translations are not terms.
    mutating func glossaryPage() -> (terms: [String: String], page: String?)? {
        if let glossary { return glossary.page == nil && glossary.terms.isEmpty ? nil : glossary }
        var byFolder: [String: [String]] = [:]
        var single: String?
        // Term pages Hugo never renders (a cascade of `render: never`) are snippets: the
        // glossary page shows them all (`{{% glossary %}}`, see `glossaryListing`).
        for f in (Array(pagePaths.keys) + report.snippets).sorted() where translations[f] == nil {
            let folder = PathText.parent(of: f)
            let stem = ((f as NSString).lastPathComponent as NSString).deletingPathExtension.lowercased()
            if (folder as NSString).lastPathComponent.lowercased() == "glossary" { byFolder[folder, default: []].append(f) }
            if stem == "glossary", single == nil { single = f }
        }
        var found: (terms: [String: String], page: String?) = ([:], nil)
        if let (folder, pages) = byFolder.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }) {
            var sections: [String] = []
            for f in pages {
                let stem = ((f as NSString).lastPathComponent as NSString).deletingPathExtension
                if ["_index", "index"].contains(stem.lowercased()) { found.page = pagePaths[f]; glossarySource = f; continue }
                if let dest = pagePaths[f] { found.terms[Slug.make(stem)] = dest } else { sections.append(f) }
            }
            if found.page == nil { found.page = pagePaths[folder + "/_index.md"]; glossarySource = folder + "/_index.md" }
            // Each snippet term is a section of the glossary page, at its name's anchor.
            if let page = found.page {
                for f in sections {
                    let slug = Slug.make(((f as NSString).lastPathComponent as NSString).deletingPathExtension)
                    found.terms[slug] = page + "#" + slug
                    glossarySections.append(f)
                }
            }
        } else if let single {
            found.page = pagePaths[single]
        }
        glossary = found
        return found.page == nil && found.terms.isEmpty ? nil : found
    }

    /// The imported page (and anchor) a glossary link's text names: the term's page, or its
    /// singular's (`page resources` is `page-resource.md`, `taxonomies` `taxonomy.md`, as
    /// Hugo's render hook also tries the singular); else the glossary page at the term's anchor
    /// when the glossary is one page. Nil when neither is there.
    mutating func glossaryTarget(_ text: String) -> (page: String, anchor: String)? {
        guard let glossary = glossaryPage() else { return nil }
        // The text as plain words: emphasis and code marks are not part of the term.
        let plain = String(text.filter { $0 != "_" && $0 != "*" && $0 != "`" && $0 != "\\" }).lowercased()
        let term = Slug.make(plain)
        guard !term.isEmpty else { return nil }
        var candidates = [term]
        if term.hasSuffix("ies") { candidates.append(String(term.dropLast(3)) + "y") }
        if term.hasSuffix("s") { candidates.append(String(term.dropLast())) }
        if term.hasSuffix("es") { candidates.append(String(term.dropLast(2))) }
        if let page = candidates.lazy.compactMap({ glossary.terms[$0] }).first {
            if let hash = page.firstIndex(of: "#") { return (String(page[..<hash]), String(page[hash...])) }
            return (page, "")
        }
        if glossary.terms.isEmpty, let page = glossary.page { return (page, "#" + Slug.anchor(plain)) }
        return nil
    }

    /// gohugoio's documentation links its glossary's terms as `[page resources](g)` (748
    /// links), which its link render hook sends to the term's entry: each becomes a relative
    /// link to the term's page (`glossaryTarget`). One whose term has no page is left, with a
    /// note per term. `skips`: per line, the `](g)` already left there, so the next link on the
    /// line is the next one written.
    mutating func rewriteGlossaryLink(_ lines: inout [String], line: Int, skips: inout [Int: Int], firstLine: Int, file f: String) {
        for i in max(0, line - 1)..<min(lines.count, line + 2) {
            var from = lines[i].startIndex
            var skip = skips[i] ?? 0
            var found: Range<String.Index>?
            while let r = lines[i].range(of: "](g)", range: from..<lines[i].endIndex) {
                if skip == 0 { found = r; break }
                skip -= 1
                from = r.upperBound
            }
            guard let r = found else { continue }
            // The link's text: back to its `[`, on this line or the one before.
            let before = (i > 0 ? lines[i - 1] + "\n" : "") + lines[i][..<r.lowerBound]
            var depth = 0
            var start = before.endIndex
            while start > before.startIndex {
                let k = before.index(before: start)
                if before[k] == "]" { depth += 1 } else if before[k] == "[" {
                    if depth == 0 { break }
                    depth -= 1
                }
                start = k
            }
            let text = String(before[start...]).replacingOccurrences(of: "\n", with: " ")
            if let (page, anchor) = glossaryTarget(text), let link = relativeLink(to: page, from: f, anchor: anchor, url: "g") {
                lines[i].replaceSubrange(r, with: "](" + link + ")")
                report.linksRewritten += 1
            } else {
                skips[i, default: 0] += 1
                foldedNote(at: "\(f):\(line + firstLine - 1)", file: f,
                           "glossary link '[\(text)](g)' names no term of the glossary (a page of \(glossaryPage()?.page.map { PathText.parent(of: $0) } ?? "glossary")/); left as written: link the term's page")
            }
            return
        }
    }
}

extension Importer {
    /// Source pages by lowercased path without extension, and by `/name/` + file name
    /// (Hugo's refs, and its lowercased addresses), built on first use.
    mutating func lowercasedPages() -> [String: [String]] {
        if pagesByLowercasedPath.isEmpty {
            for source in pagePaths.keys.sorted() {
                // `about.en.md` of the default language is `about` too (`{{< ref "about.md" >}}`).
                let stem = (hugoUnsuffixed(source) as NSString).deletingPathExtension.lowercased()
                pagesByLowercasedPath[stem, default: []].append(source)
                var name = (stem as NSString).lastPathComponent
                // A section's page goes by its folder's name (`{{< ref quickstarts >}}` for
                // `getting-started/quickstarts/_index.md`, as Hugo finds it).
                if name == "_index" || name == "index", case let folder = (stem as NSString).deletingLastPathComponent, !folder.isEmpty {
                    name = (folder as NSString).lastPathComponent
                }
                pagesByLowercasedPath["/name/" + name, default: []].append(source)
            }
        }
        return pagesByLowercasedPath
    }
}

// MARK: - Docusaurus' translated docs

extension Importer {
    /// Docusaurus keeps each locale's docs in `i18n/<locale>/docusaurus-plugin-content-docs/current/`
    /// beside its configuration, mirroring `docs/` (`i18n/fr/.../current/intro.md` translates
    /// `docs/intro.md`): at the corpus' top, or in `website/` when the configuration is there
    /// (`website/docs/` and `website/i18n/`, or jest's `docs/` at the top and `website/i18n/`).
    /// Each becomes `intro.fr.md` beside its original with `lang:` and `translation_of:`, as
    /// Hugo's languages do. Returns their source paths (relative to the docs folder,
    /// `../i18n/...` or `../website/i18n/...`), to convert after the docs' own pages.
    mutating func placeDocusaurusTranslations() -> [String] {
        guard tool == .docusaurus else { return [] }
        let configFolder = DocsTool.docusaurusConfig(source).map { PathText.parent(of: $0) } ?? source
        // The docs the translations mirror: `docs/` beside the configuration or at the top.
        let docsParent = PathText.parent(of: docs)
        guard (docs as NSString).lastPathComponent == "docs", docsParent == configFolder || docsParent == source else { return [] }
        let i18n = configFolder + "/i18n"
        guard i18n.hasPrefix(docsParent + "/"), let locales = try? FileManager.default.contentsOfDirectory(atPath: i18n) else { return [] }
        let fromDocs = "../" + i18n.dropFirst(docsParent.count + 1)
        let fromSource = i18n == source ? "" : String(i18n.dropFirst(source.count + 1))
        var taken = Set(pagePaths.values)
        var added: [String] = []
        for locale in locales.sorted() where !locale.hasPrefix(".") {
            let folder = "\(locale)/docusaurus-plugin-content-docs/current"
            for rel in Self.files(below: i18n + "/" + folder).sorted() where Self.isPage(rel) && !Self.isDocusaurusPartial(rel) {
                let f = "\(fromDocs)/\(folder)/\(rel)"
                let dest = (Self.destinationPath(rel) as NSString).deletingPathExtension + ".\(locale).md"
                guard !taken.contains(dest) else {
                    report.notes.append("\(fromSource)/\(folder)/\(rel): \(dest) is another page's file; not imported")
                    continue
                }
                taken.insert(dest)
                pagePaths[f] = dest
                translations[f] = (locale, pagePaths[rel] != nil ? rel : nil)
                added.append(f)
            }
        }
        if !added.isEmpty {
            let linked = added.filter { translations[$0]?.original != nil }.count
            report.notes.append("Docusaurus translations (\(fromSource)/): \(added.count) pages beside their originals as page.<locale>.md; \(linked) linked to their originals with translation_of")
        }
        return added
    }
}

extension Importer {
    /// The path inside the docs folder a page stands for: its own, or for a Docusaurus
    /// translation (`../i18n/fr/docusaurus-plugin-content-docs/current/scams/phishing.md`,
    /// `../website/i18n/fr/...`) its original's (`scams/phishing.md`).
    static func docsEquivalent(_ f: String) -> String {
        guard f.hasPrefix("../"), let r = f.range(of: "/docusaurus-plugin-content-docs/current/") else { return f }
        return String(f[r.upperBound...])
    }
}
