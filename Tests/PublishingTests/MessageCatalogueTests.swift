import Foundation
import Testing
@testable import Publishing
import Handbook
import CasebookTestSupport

/// The shipped catalogues (Sources/Publishing/Theme/i18n) and the pages rendered with them.
@Suite struct MessageCatalogueTests {
    static let shipped = ["ar", "en", "id", "th", "vi"]

    /// The literal pieces of a message between its placeholders (`{count} results` -> `results`).
    static func placeholders(_ text: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    static func texts(_ m: MessageCatalog.Message) -> [String] {
        switch m {
        case .text(let s): return [s]
        case .plural(let forms): return PluralCategory.allCases.compactMap { forms[$0] }
        }
    }

    @Test func everyKeyExistsInEveryShippedLanguageWithTheSamePlaceholders() throws {
        let messages = DefaultTheme.messages
        #expect(messages.languages == Self.shipped)
        let english = try #require(messages.catalogs["en"])
        #expect(english.messages.count > 150)
        for lang in Self.shipped {
            let catalogue = try #require(messages.catalogs[lang], "no catalogue for \(lang)")
            for (key, message) in english.messages {
                let translated = try #require(catalogue.messages[key], "i18n/\(lang).yml has no '\(key)'")
                let expected = Set(Self.texts(message).flatMap { Self.placeholders($0) })
                for text in Self.texts(translated) {
                    #expect(Self.placeholders(text).isSubset(of: expected), "i18n/\(lang).yml '\(key)' uses a placeholder English does not give")
                }
                if case .plural = message, case .text = translated { Issue.record("i18n/\(lang).yml '\(key)' must be a plural message") }
                if case .plural(let forms) = translated, lang == "en" { #expect(forms[.one] != nil && forms[.other] != nil, "'\(key)' needs 'one' and 'other' in English") }
            }
            let extra = Set(catalogue.messages.keys).subtracting(english.messages.keys)
            #expect(extra.isEmpty, "i18n/\(lang).yml has keys English lacks: \(extra.sorted())")
        }
    }

    @Test func aThemeFolderOverridesKeysAndAddsALanguage() throws {
        let t = try TempTree([
            "theme/i18n/th.yml": "messages:\n  sop:\n    owner: ผู้รับผิดชอบ\n",
            "theme/i18n/ur.yml": "name: اردو\ndirection: rtl\nmessages:\n  sop:\n    owner: مالک\n",
        ])
        let theme = try Theme.load(overrideDirectory: t.path("theme"))
        #expect(theme.messages.localized("th")("sop.owner") == "ผู้รับผิดชอบ")
        #expect(theme.messages.localized("th")("sop.next") == "ถัดไป")
        #expect(theme.messages.localized("ur")("sop.owner") == "مالک")
        #expect(theme.messages.localized("ur")("sop.next") == "Next")
        #expect(theme.messages.localized("ur").rightToLeft)
        // Hebrew's and Yiddish's codes before 1989, still used by Hugo and Java sites.
        #expect(theme.messages.localized("iw").rightToLeft && theme.messages.localized("ji").rightToLeft)
        #expect(!theme.messages.localized("it").rightToLeft)
        #expect(theme.file("assets/i18n/ur.js") != nil)
        #expect(theme.files["i18n/th.yml"] == nil, "catalogues are not copied to the site")
        let bad = try TempTree(["theme/i18n/th.yml": "messages:\n  a:\n    one: x\n"])
        do {
            _ = try Theme.load(overrideDirectory: bad.path("theme"))
            Issue.record("a broken catalogue was accepted")
        } catch {
            #expect(error.description.contains(bad.path("theme") + "/i18n/th.yml:2"))
        }
    }

    /// A theme's catalogue edited between builds: the next (incremental) build rewrites that
    /// language's script and leaves the others as they were. The scripts are made only when
    /// their catalogues' bytes change, so this checks their fingerprints cover those bytes.
    @Test func anEditedThemeCatalogueRewritesThatLanguagesScript() throws {
        let t = try TempTree([
            "Content/alpha.md": "---\nid: alpha\ntitle: Alpha\n---\nText.\n",
            "theme/i18n/th.yml": "messages:\n  js:\n    ack_button: อ่านแล้ว {version}\n",
        ])
        var options = BuildOptions(content: t.path("Content"), out: t.path("site"))
        options.history = false
        options.themeDirectory = t.path("theme")
        _ = try SiteBuilder.build(options)
        let english = try Data(contentsOf: URL(fileURLWithPath: t.path("site/assets/i18n/en.js")))
        #expect(try String(contentsOfFile: t.path("site/assets/i18n/th.js"), encoding: .utf8).contains("อ่านแล้ว {version}"))
        try t.write("theme/i18n/th.yml", "messages:\n  js:\n    ack_button: ฉันอ่านฉบับ {version} แล้ว\n")
        _ = try SiteBuilder.build(options)
        let thai = try String(contentsOfFile: t.path("site/assets/i18n/th.js"), encoding: .utf8)
        #expect(thai.contains("ฉันอ่านฉบับ {version} แล้ว") && !thai.contains("อ่านแล้ว {version}"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: t.path("site/assets/i18n/en.js"))) == english)
    }

    /// Built-in catalogues are parsed when a language is first used, not all at once: a build
    /// in English parses English only (a tenth of a one-edit rebuild was parsing all five).
    @Test func catalogsAreParsedWhenFirstUsed() {
        let parsed = ParseLog()
        let messages = Messages(parsingWhenUsed: [
            "en": { parsed.add("en"); return MessageCatalog(language: "en", name: "English", messages: ["a": .text("A"), "b": .text("B")]) },
            "th": { parsed.add("th"); return MessageCatalog(language: "th", name: "ไทย", messages: ["a": .text("ก")]) },
        ])
        #expect(messages.languages == ["en", "th"])
        #expect(messages.supports("th-TH"))
        #expect(parsed.names.isEmpty)
        #expect(messages.localized("en")("a") == "A")
        #expect(parsed.names == ["en"])
        #expect(messages.localized("th")("b") == "B")
        #expect(messages.localized("th")("a") == "ก")
        #expect(parsed.names == ["en", "th"], "each catalogue is parsed once")
        let overridden = messages.overridden(by: [MessageCatalog(language: "th", name: "ไทย", messages: ["b": .text("ข")])])
        #expect(overridden.localized("th")("b") == "ข")
        #expect(overridden.localized("th")("a") == "ก")
        #expect(parsed.names == ["en", "th"])
    }

    /// The scripts get their strings from `assets/i18n/<lang>.js`; run one in node.
    @Test func theMessageScriptsRunAndPickPluralForms() throws {
        let node = ["/usr/bin/node", "/usr/bin/nodejs"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let nodePath = try #require(node, "install Debian's nodejs (make test does) to check the theme's scripts")
        let theme = try Theme.load(overrideDirectory: nil)
        let t = try TempTree([:])
        for lang in Self.shipped {
            let script = try #require(theme.file("assets/i18n/\(lang).js"))
            try t.write("\(lang).js", bytes: script + Array("""

            var w = globalThis.window;
            console.log(w.casebookText("js.search_count", { count: 1 }) + "|" + w.casebookText("js.search_count", { count: 2 }) + "|" + w.casebookText("js.ack_button", { version: "3.2" }) + "|" + w.casebookText("nope"));

            """.utf8))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: nodePath)
            process.arguments = ["-e", "globalThis.window = {}; require(process.argv[1]);", t.path("\(lang).js")]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let m = theme.messages.localized(lang)
            let expected = m.plural("js.search_count", count: 1) + "|" + m.plural("js.search_count", count: 2) + "|" + m("js.ack_button", ["version": "3.2"]) + "|nope\n"
            #expect(out == expected, "\(lang)")
        }
    }

    // MARK: - The sample site in Thai

    /// Builds the sample handbook in Content/ into a temporary folder.
    static func buildSample(_ t: TempTree, _ name: String, language: String? = nil) throws -> String {
        var options = BuildOptions(content: RepositoryRoot.path + "/Content", out: t.path(name))
        options.language = language
        options.incremental = false
        options.history = false
        _ = try SiteBuilder.build(options)
        return t.path(name)
    }

    /// The visible strings of a page outside the SOP's own text: text between tags and the
    /// values of attributes people read (aria-label, placeholder, title).
    static func chrome(_ html: String) throws -> [String] {
        var page = html
        // Content text: the SOP body, its title, summary and the values of its metadata.
        for (open, close) in [("<div class=\"sop-body\">", "</div>\n</article>"), ("<title>", "</title>"), ("<meta name=\"description\"", ">")] {
            if let a = page.range(of: open), let b = page.range(of: close, range: a.upperBound..<page.endIndex) { page.removeSubrange(a.lowerBound..<b.upperBound) }
        }
        let patterns = [">([^<]+)<", " (?:aria-label|placeholder|title)=\"([^\"]+)\""]
        var out: [String] = []
        for p in patterns {
            let regex = try NSRegularExpression(pattern: p)
            for m in regex.matches(in: page, range: NSRange(page.startIndex..., in: page)) {
                if let r = Range(m.range(at: 1), in: page) {
                    let s = page[r].trimmingCharacters(in: .whitespacesAndNewlines)
                    if !s.isEmpty { out.append(s) }
                }
            }
        }
        return out
    }

    /// The sample site built in Thai (`build --lang th`): its Thai SOPs and every site-wide
    /// page (home, search, codes, tags, markets, What's new, quizzes, reports, 404); and its
    /// Indonesian, Vietnamese and Arabic SOP translations.
    @Test func theThaiIndonesianVietnameseAndArabicPagesOfTheSampleSiteShowNoEnglishChrome() throws {
        let t = try TempTree([:])
        let site = try Self.buildSample(t, "site", language: "th")
        let files = try FileManager.default.subpathsOfDirectory(atPath: site).filter { $0.hasSuffix(".html") }.sorted()
        let thaiPages = try files.filter { try String(contentsOfFile: site + "/" + $0, encoding: .utf8).contains("<html lang=\"th\"") }
        #expect(thaiPages.count >= 2, "the sample handbook has Thai translations")
        for sitePage in ["index.html", "search.html", "codes/index.html", "whats-new.html", "quiz.html", "reports.html", "404.html"] where files.contains(sitePage) {
            #expect(thaiPages.contains(sitePage), "\(sitePage) is in the site's language")
        }
        #expect(thaiPages.contains("index.html") && thaiPages.contains("search.html"))
        try Self.expectNoEnglishChrome(site: site, files: thaiPages, language: "th")
        // The sample's SOP translations in the other shipped languages, in the same build.
        for language in ["id", "vi", "ar"] {
            let pages = try files.filter { try String(contentsOfFile: site + "/" + $0, encoding: .utf8).contains("<html lang=\"\(language)\"") }
            #expect(!pages.isEmpty, "the sample handbook has a page in \(language)")
            try Self.expectNoEnglishChrome(site: site, files: pages, language: language)
        }
    }

    /// Records an issue for each English interface string that `files` of `site`, pages in
    /// `language`, show outside their content.
    static func expectNoEnglishChrome(site: String, files: [String], language: String) throws {
        let english = DefaultTheme.messages.localized("en")
        let own = DefaultTheme.messages.localized(language)
        // Each English string as HTML shows it, split at its placeholders, skipping pieces the
        // language's catalogue uses as well (SOP, market codes) and bare punctuation.
        var fragments = Set<String>()
        // The site's own strings (the quiz player's, under quiz., are shown by the server; the
        // terminal's, under cli., by the casebook command).
        for key in english.allTexts.keys where !key.hasPrefix("js.") && !key.hasPrefix("quiz.") && !key.hasPrefix("cli.") {
            let shown = own.allTexts[key] ?? ""
            for form in Self.texts(english.message(key) ?? .text("")) {
                for piece in form.split(separator: "{").map({ $0.split(separator: "}").last.map(String.init) ?? "" }) {
                    let p = piece.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
                    if p.count >= 3, p.contains(where: \.isLetter), !shown.contains(p) { fragments.insert(HTML.escape(p)) }
                }
            }
        }
        for file in files {
            let html = try String(contentsOfFile: site + "/" + file, encoding: .utf8)
            for chunk in try Self.chrome(html) {
                // Inside a longer text only a fragment of three or more words counts: the
                // site-wide pages quote English SOPs (rules, summaries), whose prose holds
                // pairs such as "or the" and "policy codes" that are pieces of messages too.
                for f in fragments where chunk == f || (f.split(separator: " ").count >= 3 && chunk.contains(f)) {
                    Issue.record("\(file) (\(language)) shows the English interface string '\(f)' in '\(chunk)'")
                }
            }
            #expect(html.contains("assets/i18n/\(language).js"), "\(file) loads the \(language) strings for its scripts")
        }
    }

    /// `lang:` in casebook.yml sets the site's language; `--lang` overrides it; one no
    /// catalogue speaks is an error naming the file.
    @Test func theSiteLanguageComesFromCasebookYmlOrTheOption() throws {
        let t = try TempTree(["Content/a.md": "---\nid: a\ntitle: A\n---\n# A\n\nText.\n", "casebook.yml": "lang: vi\n"])
        var options = BuildOptions(content: t.path("Content"), out: t.path("site"))
        options.history = false
        _ = try SiteBuilder.build(options)
        let home = try String(contentsOfFile: t.path("site/index.html"), encoding: .utf8)
        #expect(home.contains("<html lang=\"vi\""))
        #expect(home.contains(DefaultTheme.messages.localized("vi")("nav.codes")))
        #expect(!home.contains(">Policy codes<"))
        options.language = "th"
        _ = try SiteBuilder.build(options)
        let thai = try String(contentsOfFile: t.path("site/index.html"), encoding: .utf8)
        #expect(thai.contains("<html lang=\"th\""), "an incremental build renders the site-wide pages again in the new language")
        #expect(thai.contains(DefaultTheme.messages.localized("th")("nav.codes")))
        options.language = "xx"
        do {
            _ = try SiteBuilder.build(options)
            Issue.record("a site language without a catalogue was accepted")
        } catch {
            #expect(error.description.contains("--lang") && error.description.contains("'xx' has no message catalogue"))
        }
        try t.write("casebook.yml", "lang: xx\n")
        options.language = nil
        do {
            _ = try SiteBuilder.build(options)
            Issue.record("a site language without a catalogue was accepted")
        } catch {
            #expect(error.description.contains("casebook.yml") && error.description.contains("'xx' has no message catalogue"))
        }
        try t.write("casebook.yml", "lang: [th]\n")
        options.language = nil
        #expect(throws: HandbookError.self) { _ = try SiteBuilder.build(options) }
    }

    @Test func theSampleSiteIsByteIdenticalAcrossBuilds() throws {
        let t = try TempTree([:])
        let a = try Self.buildSample(t, "a"), b = try Self.buildSample(t, "b")
        let files = try FileManager.default.subpathsOfDirectory(atPath: a).filter { !$0.hasPrefix(".") }.sorted()
        #expect(files == (try FileManager.default.subpathsOfDirectory(atPath: b).filter { !$0.hasPrefix(".") }.sorted()))
        for f in files {
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: a + "/" + f, isDirectory: &isDir)
            if isDir.boolValue { continue }
            #expect(FileManager.default.contents(atPath: a + "/" + f) == FileManager.default.contents(atPath: b + "/" + f), "\(f) differs between two builds")
        }
    }
}

/// Which catalogues a test's parse closures ran, in order.
final class ParseLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ name: String) { lock.lock(); list.append(name); lock.unlock() }
    var names: [String] { lock.lock(); defer { lock.unlock() }; return list }
}
