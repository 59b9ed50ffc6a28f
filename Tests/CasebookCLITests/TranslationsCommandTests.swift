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
            refunds-id   id    refunds   behind   translates 1.5, original is at 1.10; behind by 2 versions; source_version 1.5 is not a version of 'refunds' (its versions: 1.0, 1.9, 1.10; now at 1.10); set it to the version this translation matches
            refunds-th   th    refunds   unknown  source_version 1.100 is newer than 'refunds' itself (version 1.10); set it to the version this translation matches (its versions: 1.0, 1.9, 1.10)

            """)
        let json = CapturedConsole.run(["translations", "--content", fixture.content, "--lang", "th", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.first?["state"] as? String == "unknown")
        #expect(rows.first?["problem"] as? String == "source_version 1.100 is newer than 'refunds' itself (version 1.10); set it to the version this translation matches (its versions: 1.0, 1.9, 1.10)")
    }

    /// The 'casebook diff' commands that `text` suggests ('casebook diff ID FROM TO').
    static func suggestedDiffs(_ text: String) -> [[String]] {
        text.components(separatedBy: "'casebook diff ").dropFirst().compactMap { rest in
            rest.split(separator: "'", maxSplits: 1).first.map { ["diff"] + $0.split(separator: " ").map(String.init) }
        }
    }

    /// check's warning about a translation names the versions of the original when its
    /// source_version is none of them, and suggests 'casebook diff' only when that command works.
    @Test func checkNamesTheVersionsAndSuggestsOnlyDiffsThatWork() throws {
        let fixture = try SOPHistoryFixture()
        try fixture.repository.commit([
            "Content/trust/refunds.th.md": Self.translation(id: "refunds-th", lang: "th", source: "1.0"),
            "Content/trust/refunds.id.md": Self.translation(id: "refunds-id", lang: "id", source: "1.5"),
            "Content/trust/refunds.ms.md": Self.translation(id: "refunds-ms", lang: "ms", source: "1.100"),
        ], message: "Translations")
        let check = CapturedConsole.run(["check", "--content", fixture.content])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("trust/refunds.th.md: warning: translation is behind: it translates version 1.0 of 'refunds', which is now at version 1.10; update the translation and set 'source_version: \"1.10\"' (see 'casebook diff refunds 1.0 1.10')\n"), "\(check.stderr)")
        #expect(check.stderr.contains("trust/refunds.id.md: warning: source_version 1.5 is not a version of 'refunds' (its versions: 1.0, 1.9, 1.10; now at 1.10); set it to the version this translation matches\n"), "\(check.stderr)")
        #expect(check.stderr.contains("trust/refunds.ms.md: warning: source_version 1.100 is newer than 'refunds' itself (version 1.10); set it to the version this translation matches (its versions: 1.0, 1.9, 1.10)\n"), "\(check.stderr)")
        let suggested = Self.suggestedDiffs(check.stderr)
        #expect(suggested == [["diff", "refunds", "1.0", "1.10"]])
        for command in suggested {
            let run = CapturedConsole.run(command + ["--content", fixture.content])
            #expect(run.status == 0, "\(command): \(run.stderr)")
        }
        // The build says the same.
        let build = CapturedConsole.run(["build", "--content", fixture.content, "--out", fixture.repository.root + "/site"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("source_version 1.5 is not a version of 'refunds' (its versions: 1.0, 1.9, 1.10; now at 1.10)"), "\(build.stderr)")
        #expect(!build.stderr.contains("casebook diff refunds 1.5"), "\(build.stderr)")
        // Without a repository only the current version exists: no diff is suggested at all.
        let plain = try TempTree([
            "Content/" + SOPHistoryFixture.path: SOPHistoryFixture.version110,
            "Content/trust/refunds.th.md": Self.translation(id: "refunds-th", lang: "th", source: "1.0"),
        ])
        let alone = CapturedConsole.run(["check", "--content", plain.path("Content")])
        #expect(alone.stderr.contains("trust/refunds.th.md: warning: translation is behind: it translates version 1.0 of 'refunds', which is now at version 1.10; update the translation and set 'source_version: \"1.10\"'\n"), "\(alone.stderr)")
        #expect(Self.suggestedDiffs(alone.stderr).isEmpty, "\(alone.stderr)")
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
