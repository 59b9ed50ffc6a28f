import Handbook

/// The theme compiled into the binary, so `casebook` works from any folder.
///
/// The files beside this one are the theme's sources; SwiftPM embeds each as a byte array
/// (`resources: [.embedInCode(...)]` in Package.swift, read through `PackageResources`), and
/// `make test` checks every script's syntax with `node --check`.
public enum DefaultTheme {
    /// Theme files by site path; a `theme/` folder next to the content may override any of them.
    public static let files: [String: [UInt8]] = [
        // The page skeleton every page is rendered into.
        "layout.html": PackageResources.layout_html,
        // The site stylesheet: light and dark schemes, phone layout, print rules.
        "assets/style.css": PackageResources.style_css,
        // Progressive enhancement only (heading links, the table of contents): every page works without it.
        "assets/site.js": PackageResources.site_js,
        // The search client: the same query rules and ranking as `casebook search`
        // (Sources/Search/SearchEngine.swift), over index shards loaded as scripts so that it
        // works from file:// as well as over HTTP. Every page loads it, so it holds only what
        // the search box needs, and ships compacted.
        "assets/search.js": compacted(PackageResources.search_js),
        // The results page (`search.html?q=`) and the highlights on a page opened from a
        // result, loaded by `search.js` only on those pages.
        "assets/search-page.js": compacted(PackageResources.search_page_js),
        // Helpers shared by the pages that talk to `casebook serve` (the quiz player and the
        // reports page): text-only element building, the JSON API, announcements, sign-in.
        "assets/app.js": PackageResources.app_js,
        // The quiz player, against `casebook serve`'s /api/; case text is set as text, never HTML.
        "assets/quiz.js": PackageResources.quiz_js,
        // The reports page: the dashboard fragment from /api/reports/dashboard with the form's filters.
        "assets/reports.js": PackageResources.reports_js,
    ]

    /// The live-reload and build-error script that only `casebook preview` injects into the
    /// pages it serves; it is not a theme file and never written to a site.
    public static let previewScript: [UInt8] = PackageResources.preview_js

    /// The interface strings, one message catalogue per language (`i18n/<lang>.yml`, see
    /// `Messages`); a `theme/i18n/<lang>.yml` overrides keys of a language or adds one.
    /// They are not copied to the site: pages are rendered with them, and the scripts get
    /// their `js.` and `quiz.` strings from `assets/i18n/<lang>.js` (`Theme.messageScript`).
    public static let catalogues: [String: [UInt8]] = [
        "i18n/ar.yml": PackageResources.ar_yml,
        "i18n/en.yml": PackageResources.en_yml,
        "i18n/id.yml": PackageResources.id_yml,
        "i18n/th.yml": PackageResources.th_yml,
        "i18n/vi.yml": PackageResources.vi_yml,
    ]

    /// The built-in catalogues, each parsed when first used (a build reads one or two
    /// languages); the base every loaded theme lays its own catalogues over. They ship with
    /// the binary and a test parses each, so failing here is a bug.
    public static let messages: Messages = {
        var sources: [String: @Sendable () -> MessageCatalog] = [:]
        for (path, bytes) in catalogues {
            sources[Messages.normalized(MessageCatalog.languageCode(ofFile: path))] = {
                do {
                    guard let c = try Theme.catalogue(path, bytes, shownAs: "Sources/Publishing/Theme/" + path) else {
                        preconditionFailure("the built-in message catalogue \(path) is not named i18n/<lang>.yml")
                    }
                    return c
                } catch {
                    preconditionFailure("the built-in message catalogue \(path) does not parse: \(error)")
                }
            }
        }
        return Messages(parsingWhenUsed: sources)
    }()

    /// A script without indentation, blank lines and whole-line `//` comments, for the scripts
    /// a page loads before a reader's first query (search.js: 20.7 KB as written, 17.9 KB
    /// shipped, with no minifier to install). Line breaks stay, so no statement changes meaning; the theme's
    /// scripts have no multi-line strings or template literals, so no line is inside one.
    static func compacted(_ script: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(script.count)
        for line in script.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            let trimmed = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            if trimmed.isEmpty || trimmed.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) { continue }
            out += trimmed
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }
}
