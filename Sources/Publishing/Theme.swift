import Foundation
import Handbook

/// The templates, static files and interface strings a site is rendered with.
public struct Theme: Sendable {
    /// The page layout.
    public var layout: Template
    /// Files copied to the site as they are (CSS, JS, images), by site path. The generated
    /// `assets/i18n/<lang>.js` files are in `generated` (see `file(_:)`).
    public var files: [String: [UInt8]]
    /// Files made from the message catalogues (`assets/i18n/<lang>.js`, one per language), by
    /// site path: each one's fingerprint (of the catalogue bytes it is made from) and how to
    /// make it, so a build that rewrites none of them parses only the catalogues its pages use.
    public var generated: [String: GeneratedFile]
    /// Changes whenever any theme file changes.
    public var fingerprint: UInt64
    /// The interface strings of every language, English behind each missing key.
    public var messages: Messages
    /// Per language, every message as a template value `t.<key>` (`{{t.nav.handbook}}`),
    /// made when a page of that language is first rendered.
    let templateTexts: TemplateTexts

    /// A file made from other theme files when its bytes are needed.
    public struct GeneratedFile: Sendable {
        public var fingerprint: UInt64
        public var make: @Sendable () -> [UInt8]
    }

    /// The bytes of the theme file at site path `path`, copied or generated; nil when none.
    public func file(_ path: String) -> [UInt8]? { files[path] ?? generated[path]?.make() }

    /// The built-in theme with any files from `overrideDirectory` laid over it; message
    /// catalogues there (`i18n/<lang>.yml`) override keys of a built-in language or add one.
    public static func load(overrideDirectory: String?) throws(HandbookError) -> Theme {
        var sources: [String: [UInt8]] = DefaultTheme.files
        var origin: [String: String] = [:]
        var overridingCatalogues: [MessageCatalog] = []
        // The bytes each language's strings are made from (built-in, then any override), for
        // the fingerprints of the generated scripts.
        var catalogueBytes: [String: [[UInt8]]] = [:]
        for (path, bytes) in DefaultTheme.catalogues {
            catalogueBytes[Messages.normalized(MessageCatalog.languageCode(ofFile: path)), default: []].append(bytes)
        }
        if let dir = overrideDirectory, FileManager.default.fileExists(atPath: dir) {
            let (files, diagnostics) = try ContentTree.scan(dir)
            if diagnostics.hasErrors { throw HandbookError(diagnostics) }
            for file in files {
                let bytes = try ContentTree.read(file.absolutePath)
                // A theme's own catalogues are parsed now: their mistakes are the build's errors.
                if let catalogue = try catalogue(file.path, bytes, shownAs: dir + "/" + file.path) {
                    overridingCatalogues.append(catalogue)
                    catalogueBytes[catalogue.language, default: []].append(bytes)
                    continue
                }
                sources[file.path] = bytes
                origin[file.path] = dir + "/" + file.path
            }
        }
        let messages = DefaultTheme.messages.overridden(by: overridingCatalogues.sorted { $0.language < $1.language })
        var generated: [String: GeneratedFile] = [:]
        let fallback = catalogueBytes[Messages.fallbackLanguage] ?? []
        for language in messages.languages {
            // A language's script holds its own strings with English behind each missing one.
            var f = Fingerprint()
            f.add("i18n"); f.add(language); f.add(SiteRenderer.generatorVersion)
            for bytes in (catalogueBytes[language] ?? []) + [[0xFF]] + fallback { f.add(bytes: bytes) }
            generated["assets/i18n/\(language).js"] = GeneratedFile(fingerprint: f.value) { messageScript(messages.localized(language)) }
        }
        guard let layoutBytes = sources.removeValue(forKey: "layout.html"),
              let layoutText = String(validating: layoutBytes, as: UTF8.self) else {
            throw HandbookError(file: origin["layout.html"] ?? "layout.html", "the theme layout is not valid UTF-8")
        }
        let layout = try Template(layoutText, file: origin["layout.html"] ?? "theme layout.html")
        if !layout.names.contains("main") {
            throw HandbookError(file: origin["layout.html"] ?? "layout.html", "the layout has no {{{main}}} slot, so pages would be empty; add {{{main}}} where the page content goes")
        }
        var f = Fingerprint()
        f.add(bytes: layoutBytes)
        for (path, bytes) in sources.sorted(by: { $0.key < $1.key }) { f.add(path); f.add(bytes: bytes) }
        for (path, file) in generated.sorted(by: { $0.key < $1.key }) { f.add(path); f.add(file.fingerprint) }
        return Theme(layout: layout, files: sources, generated: generated, fingerprint: f.value, messages: messages,
                     templateTexts: TemplateTexts(messages))
    }

    /// The catalogue in a theme file `i18n/<lang>.yml`, or nil for any other file.
    static func catalogue(_ path: String, _ bytes: [UInt8], shownAs file: String) throws(HandbookError) -> MessageCatalog? {
        guard path.hasPrefix("i18n/"), path.hasSuffix(".yml"), !path.dropFirst(5).contains("/") else { return nil }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw HandbookError(file: file, "is not valid UTF-8; re-save the message catalogue as UTF-8")
        }
        return try MessageCatalog.parse(text, file: file)
    }

    /// The strings for pages' scripts (`js.*`), the quiz player (`quiz.*`) and the reports
    /// page's own texts (`reports_page.*`, said in the viewer's language) in one language,
    /// as a script defining `window.casebookText(key, values, count)`: a script rather than
    /// JSON so that it loads from file:// too. Plural forms are chosen with `Intl.PluralRules`.
    static func messageScript(_ localized: Localized) -> [UInt8] {
        var keys: [String] = []
        for key in localized.allTexts.keys where key.hasPrefix("js.") || key.hasPrefix("quiz.") || key.hasPrefix("reports_page.") { keys.append(key) }
        keys.sort()
        var out: [UInt8] = []
        out += Array("// Casebook interface strings (\(localized.language)), generated from the theme's i18n/\(localized.language).yml.\n".utf8)
        out += Array("(function () {\n  \"use strict\";\n  var lang = ".utf8)
        JSONText.appendString(localized.language, to: &out, scriptSafe: true)
        out += Array(";\n  var messages = {".utf8)
        for (i, key) in keys.enumerated() {
            out += Array((i == 0 ? "\n    " : ",\n    ").utf8)
            JSONText.appendString(key, to: &out, scriptSafe: true)
            out += Array(": ".utf8)
            switch localized.message(key) {
            case .plural(let forms)?:
                out += Array("{".utf8)
                for (j, category) in PluralCategory.allCases.filter({ forms[$0] != nil }).enumerated() {
                    if j > 0 { out += Array(", ".utf8) }
                    JSONText.appendString(category.rawValue, to: &out, scriptSafe: true)
                    out += Array(": ".utf8)
                    JSONText.appendString(forms[category] ?? "", to: &out, scriptSafe: true)
                }
                out += Array("}".utf8)
            case .text(let s)?: JSONText.appendString(s, to: &out, scriptSafe: true)
            case nil: JSONText.appendString(key, to: &out, scriptSafe: true)
            }
        }
        out += Array("""

          };
          var plural = typeof Intl !== "undefined" && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
          // The message `key` with {name} placeholders filled from `values`; for a plural
          // message, the form for `values.count`.
          window.casebookText = function (key, values) {
            var m = Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : key;
            values = values || {};
            if (typeof m === "object") {
              var n = Number(values.count);
              m = (plural && m[plural.select(n)]) || m.other;
            }
            return m.replace(/\\{([a-z_]+)\\}/g, function (all, name) {
              if (!Object.prototype.hasOwnProperty.call(values, name)) return all;
              return name === "count" && typeof values.count === "number" ? values.count.toLocaleString(lang) : String(values[name]);
            });
          };
          window.casebookLanguage = lang;
        })();

        """.utf8)
        return out
    }
}

/// Each language's messages as template values (`t.<key>`), made when first asked for.
final class TemplateTexts: Sendable {
    private let messages: Messages
    /// One entry per language a site renders: a handful.
    private let made = BoundedMemo<String, [String: String]>(limit: 64)

    init(_ messages: Messages) { self.messages = messages }

    subscript(language: String) -> [String: String]? {
        if let known = made[language] { return known }
        guard messages.languages.contains(language) else { return nil }
        var values: [String: String] = [:]
        for (key, text) in messages.localized(language).allTexts { values["t." + key] = text }
        made.set(language, values)
        return values
    }
}
