import Testing
@testable import Handbook

/// Message catalogues: parsing, English fallback per key, plural forms, placeholders, formats.
@Suite struct MessagesTests {
    static let english = """
    name: English
    direction: ltr
    messages:
      sop:
        owner: Owner
        next: Next
      search:
        count:
          one: "{count} result"
          other: "{count} results"
      greeting: Hello {name}, {name}
    """
    static let thai = """
    name: ไทย
    messages:
      sop:
        owner: เจ้าของ
      search:
        count:
          other: "{count} ผลลัพธ์"
    """

    static func messages() throws -> Messages {
        Messages([try MessageCatalog.parse(english, file: "i18n/en.yml"), try MessageCatalog.parse(thai, file: "i18n/th.yml")])
    }

    @Test func aMissingKeyFallsBackToEnglishKeyByKey() throws {
        let th = try Self.messages().localized("th")
        #expect(th("sop.owner") == "เจ้าของ")
        #expect(th("sop.next") == "Next")
        #expect(th("no.such.key") == "no.such.key")
        #expect(th.language == "th")
    }

    @Test func regionalTagsAndUnknownLanguagesFindTheirCatalogue() throws {
        let m = try Self.messages()
        #expect(m.localized("th-TH")("sop.owner") == "เจ้าของ")
        #expect(m.localized("TH_th").language == "th")
        #expect(m.localized("de").language == "en")
        #expect(m.localized("de")("sop.owner") == "Owner")
    }

    @Test func pluralFormsFollowEachLanguagesRules() throws {
        let m = try Self.messages()
        #expect(m.localized("en").plural("search.count", count: 1) == "1 result")
        #expect(m.localized("en").plural("search.count", count: 2) == "2 results")
        #expect(m.localized("en").plural("search.count", count: 0) == "0 results")
        #expect(m.localized("th").plural("search.count", count: 1) == "1 ผลลัพธ์")
        #expect(m.localized("en").plural("search.count", count: 12345) == "12,345 results")
        for lang in ["id", "th", "vi"] {
            #expect(PluralCategory.of(1, language: lang) == .other)
        }
        #expect(PluralCategory.of(1, language: "en") == .one)
        #expect(PluralCategory.of(2, language: "ar") == .two)
        #expect(PluralCategory.of(5, language: "ar") == .few)
        #expect(PluralCategory.of(11, language: "ar") == .many)
        #expect(PluralCategory.of(100, language: "ar") == .other)
    }

    @Test func placeholdersAreFilledOnceAndValuesAreNotFilledAgain() throws {
        let en = try Self.messages().localized("en")
        #expect(en("greeting", ["name": "{name}"]) == "Hello {name}, {name}")
        #expect(en("greeting") == "Hello {name}, {name}")
        #expect(Localized.fill("{a}{b} {c", [("a", "{b}"), ("b", "x")]) == "{b}x {c")
    }

    /// ASCII templates are filled byte by byte, others Character by Character: the same text
    /// either way (unknown names, braces never closed, a brace inside a name, a name given
    /// twice, whose last value wins).
    @Test func asciiAndOtherTemplatesAreFilledAlike() {
        let values = [("a", "1"), ("b", "{a}"), ("a", "2"), ("é", "e")]
        let cases: [(String, String)] = [
            ("{a}", "2"), ("x{b}y", "x{a}y"), ("{a{b}", "{a{a}"), ("{c} {a", "{c} {a"), ("{}{a}}", "{}2}"),
            ("no braces", "no braces"), ("{{a}}", "{2}"), ("", ""), ("{", "{"), ("}{a}", "}2"),
        ]
        for (template, filled) in cases {
            #expect(Localized.fill(template, values) == filled, "\(template.debugDescription)")
            // The same template behind a non-ASCII letter takes the Character by Character path.
            #expect(Localized.fill("é" + template, values) == "é" + filled, "\(template.debugDescription)")
        }
        #expect(Localized.fill("{é} {a}", values) == "e 2")
        #expect(Localized.fill("{a}", []) == "{a}")
    }

    @Test func htmlEscapesTheMessageButNotTheValues() throws {
        let catalogue = try MessageCatalog.parse("messages:\n  note: \"Tom & Jerry: {link}\"\n", file: "i18n/en.yml")
        let en = Messages([catalogue]).localized("en")
        #expect(en.html("note", ["link": "<a href=\"x\">x</a>"]) == "Tom &amp; Jerry: <a href=\"x\">x</a>")
    }

    @Test func badCataloguesNameTheFileAndLine() {
        #expect(throws: HandbookError.self) { try MessageCatalog.parse("messages:\n  a:\n    - x\n", file: "theme/i18n/th.yml") }
        do {
            _ = try MessageCatalog.parse("name: x\nmessages:\n  a:\n    one: x\n", file: "theme/i18n/th.yml")
            Issue.record("a plural message without 'other' was accepted")
        } catch {
            #expect(error.description.contains("theme/i18n/th.yml:3"))
            #expect(error.description.contains("'other'"))
        }
        #expect(throws: HandbookError.self) { try MessageCatalog.parse("direction: sideways\n", file: "i18n/th.yml") }
        #expect(throws: HandbookError.self) { try MessageCatalog.parse("name: x\n", file: "i18n/th 2.yml") }
    }

    @Test func anOverrideReplacesKeysAndAddsLanguages() throws {
        let m = try Self.messages().overridden(by: [
            try MessageCatalog.parse("messages:\n  sop:\n    owner: ผู้รับผิดชอบ\n", file: "theme/i18n/th.yml"),
            try MessageCatalog.parse("name: العربية\ndirection: rtl\nmessages:\n  sop:\n    owner: المالك\n", file: "theme/i18n/ar.yml"),
        ])
        #expect(m.localized("th")("sop.owner") == "ผู้รับผิดชอบ")
        #expect(m.localized("th").plural("search.count", count: 3) == "3 ผลลัพธ์")
        #expect(m.localized("ar")("sop.owner") == "المالك")
        #expect(m.localized("ar").direction == "rtl")
        #expect(m.localized("th").direction == "ltr")
        #expect(m.languages == ["ar", "en", "th"])
    }

    @Test func acceptLanguagePicksTheBestLanguageWithACatalogue() throws {
        let m = try Self.messages()
        #expect(m.negotiate(acceptLanguage: "th-TH,th;q=0.9,en;q=0.8") == "th")
        #expect(m.negotiate(acceptLanguage: "de-DE, en;q=0.5, th;q=0.7") == "th")
        #expect(m.negotiate(acceptLanguage: "de, fr") == nil)
        #expect(m.negotiate(acceptLanguage: "th;q=0, en") == "en")
    }

    @Test func datesAndNumbersAreFormattedForTheLanguage() throws {
        let m = try Self.messages()
        #expect(m.localized("en").date("2026-09-01") == "1 Sep 2026")
        #expect(m.localized("en").month("2026-09") == "September 2026")
        // Thai dates count years in the Buddhist era: 2026 CE is 2569 BE.
        #expect(m.localized("th").date("2026-09-01") == "1 ก.ย. 2569")
        #expect(m.localized("th").month("2026-09") == "กันยายน 2569")
        #expect(m.localized("en").date("soon") == "soon")
        #expect(m.localized("en").percent(0.4) == "40%")
        let id = Messages([try MessageCatalog.parse("name: Bahasa Indonesia\n", file: "i18n/id.yml")]).localized("id")
        #expect(id.percent(0.125, fractionDigits: 1) == "12,5%")
        #expect(id.number(12345) == "12.345")
    }

    /// Dates and numbers are formatted once per process (a formatter per call was most of a
    /// build with history): the same value asked again, in turn by several languages, still
    /// gets each language's own text.
    @Test func repeatedDatesAndNumbersKeepEachLanguagesText() throws {
        let m = try Self.messages()
        let id = Messages([try MessageCatalog.parse("name: Bahasa Indonesia\n", file: "i18n/id.yml")]).localized("id")
        for _ in 0..<3 {
            #expect(m.localized("en").date("2026-10-02") == "2 Oct 2026")
            #expect(m.localized("th").date("2026-10-02") == "2 ต.ค. 2569")
            #expect(m.localized("en").month("2026-10") == "October 2026")
            #expect(m.localized("th").month("2026-10") == "ตุลาคม 2569")
            #expect(m.localized("en").number(54321) == "54,321")
            #expect(id.number(54321) == "54.321")
            #expect(m.localized("en").date("later") == "later")
        }
    }

    /// A long-running server formats ever new counts: the cache of formatted texts stays
    /// bounded, and a text formatted again after the cache started over is the same.
    @Test func theCacheOfFormattedTextsStaysBounded() throws {
        let en = try Self.messages().localized("en")
        for n in 0..<(FormattedDates.limit + 500) { _ = en.number(1_000_000 + n) }
        #expect(FormattedDates.shared.count <= FormattedDates.limit)
        #expect(en.number(1_000_000) == "1,000,000")
        #expect(en.date("2026-10-02") == "2 Oct 2026")
    }
}
