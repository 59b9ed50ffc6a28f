import Foundation
import Testing
@testable import CasebookCLI
import CasebookTestSupport

@Suite struct TranslationsCommandTests {
    static func translation(id: String, lang: String, source: String?) -> String {
        """
        ---
        id: \(id)
        title: Refunds (\(lang))
        lang: \(lang)
        translation_of: refunds
        \(source.map { "source_version: \"\($0)\"\n" } ?? "")---
        ## Scope {#scope}

        Text.

        """
    }

    /// refunds has versions 1.0, 1.9 and 1.10: a Thai translation of 1.0, an Indonesian one of
    /// 1.10 and a Vietnamese one that declares nothing.
    func fixture() throws -> SOPHistoryFixture {
        let fixture = try SOPHistoryFixture()
        try fixture.repository.commit([
            "Content/trust/refunds.th.md": Self.translation(id: "refunds-th", lang: "th", source: "1.0"),
            "Content/trust/refunds.id.md": Self.translation(id: "refunds-id", lang: "id", source: "1.10"),
            "Content/trust/refunds.vi.md": Self.translation(id: "refunds-vi", lang: "vi", source: nil),
        ], message: "Translations")
        return fixture
    }

    @Test func listsEveryTranslationWithItsState() throws {
        let fixture = try fixture()
        let table = CapturedConsole.run(["translations", "--content", fixture.content])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout == """
            TRANSLATION  LANG  ORIGINAL  STATE    DETAIL
            refunds-id   id    refunds   current  translates 1.10
            refunds-th   th    refunds   behind   translates 1.0, original is at 1.10; behind by 2 versions; changed: What this covers, Contact, Appeals, RF-05 Fake tracking numbers, RF-02 Empty box claims, RF-03 Wardrobing
            refunds-vi   vi    refunds   unknown  no source_version

            """)
        let json = CapturedConsole.run(["translations", "--content", fixture.content, "--lang", "th", "--format", "json"])
        #expect(json.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["id"] as? String == "refunds-th")
        #expect(rows.first?["state"] as? String == "behind")
        #expect(rows.first?["behind_by"] as? Int == 2)
        let bad = CapturedConsole.run(["translations", "--content", fixture.content, "--format", "csv"])
        #expect(bad.status == 2 && bad.stderr.contains("--format must be table or json"))
    }

    /// A source_version newer than the original (a typo: "1.100" for "1.10") is not
    /// "current": it would stay so through the next versions. One that is not a version of
    /// the original is named as such.
    @Test func aSourceVersionThatIsNoVersionOfTheOriginalIsNamed() throws {
        let fixture = try SOPHistoryFixture()
        try fixture.repository.commit([
            "Content/trust/refunds.th.md": Self.translation(id: "refunds-th", lang: "th", source: "1.100"),
            "Content/trust/refunds.id.md": Self.translation(id: "refunds-id", lang: "id", source: "1.5"),
        ], message: "Translations")
        let table = CapturedConsole.run(["translations", "--content", fixture.content])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout == """
            TRANSLATION  LANG  ORIGINAL  STATE    DETAIL
            refunds-id   id    refunds   behind   translates 1.5, original is at 1.10; behind by 2 versions; 1.5 is not a version of refunds (its versions: 1.0, 1.9, 1.10)
            refunds-th   th    refunds   unknown  source_version 1.100 is newer than the original's version 1.10

            """)
        let json = CapturedConsole.run(["translations", "--content", fixture.content, "--lang", "th", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.first?["state"] as? String == "unknown")
        #expect(rows.first?["problem"] as? String == "source_version 1.100 is newer than the original's version 1.10")
    }

    @Test func checkWarnsAboutStaleAndUndeclaredTranslations() throws {
        let fixture = try fixture()
        let check = CapturedConsole.run(["check", "--content", fixture.content])
        let all = check.stdout + check.stderr
        #expect(all.contains("refunds.th.md: warning: translation is behind: it translates version 1.0 of 'refunds', which is now at version 1.10"), "\(all)")
        #expect(all.contains("refunds.vi.md: warning: translation of 'refunds' does not say which version it translates"))
        #expect(!all.contains("refunds.id.md: warning"))
    }
}
