import Foundation
import Testing
@testable import CasebookCLI
import CasebookTestSupport

@Suite struct DiffCommandTests {
    @Test func defaultsToThePreviousAndTheCurrentVersion() throws {
        let fixture = try SOPHistoryFixture()
        let result = CapturedConsole.run(["diff", "refunds", "--content", fixture.content])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            Refund abuse (refunds): version 1.9 → 1.10

            Sections:
              changed: Appeals (#appeals)
                Sellers may appeal within [-seven-] {+fourteen+} days.
              6 unchanged sections

            """)
    }

    @Test func explicitVersionsAndFormats() throws {
        let fixture = try SOPHistoryFixture()
        let json = CapturedConsole.run(["diff", "refunds", "1.0", "1.9", "--content", fixture.content, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["from"] as? String == "1.0" && object["to"] as? String == "1.9")
        let codes = try #require(object["codeChanges"] as? [[String: Any]])
        #expect(codes.map { $0["kind"] as? String } == ["renamed", "harm-changed", "added"])

        let markdown = CapturedConsole.run(["diff", "refunds", "1.0", "--content", fixture.content, "--format", "markdown"])
        #expect(markdown.status == 0)
        #expect(markdown.stdout.hasPrefix("## Refund abuse: version 1.0 → 1.10\n"))
        #expect(markdown.stdout.contains("- **What this covers** (`#scope`): changed\n"))
    }

    /// A trainer at a Thai or Indonesian site reads the diff in their language, as the site's
    /// diff pages and the other commands' tables speak it: the headings, what happened to each
    /// section and code, the unchanged count; the SOP's own words stay as written. The text and
    /// Markdown were English whatever `--lang` or `$CASEBOOK_LANG` said.
    @Test func theDiffSpeaksTheReadersLanguage() throws {
        let fixture = try SOPHistoryFixture()
        let thai = CapturedConsole.run(["diff", "refunds", "--content", fixture.content, "--lang", "th"])
        #expect(thai.status == 0, "\(thai.stderr)")
        #expect(thai.stdout == """
            Refund abuse (refunds): เวอร์ชัน 1.9 → 1.10

            หัวข้อ:
              แก้ไข: Appeals (#appeals)
                Sellers may appeal within [-seven-] {+fourteen+} days.
              หัวข้อที่ไม่เปลี่ยน 6 หัวข้อ

            """)

        let indonesian = CapturedConsole.run(["diff", "refunds", "1.0", "--content", fixture.content, "--format", "markdown", "--lang", "id"])
        #expect(indonesian.status == 0, "\(indonesian.stderr)")
        #expect(indonesian.stdout.hasPrefix("## Refund abuse: versi 1.0 → 1.10\n\nKata yang dihapus ~~dicoret~~, kata yang disisipkan **tebal**.\n\n### Kode kebijakan\n\n- Diganti nama: "))
        #expect(indonesian.stdout.contains("### Bagian\n\n"))
        #expect(indonesian.stdout.contains("- **What this covers** (`#scope`): diubah\n"))
        #expect(!indonesian.stdout.contains("unchanged") && !indonesian.stdout.contains("Sections"))

        // JSON has no words to translate; an unknown language is a usage error naming those there are.
        let json = CapturedConsole.run(["diff", "refunds", "--content", fixture.content, "--format", "json", "--lang", "th"])
        #expect(json.stdout == CapturedConsole.run(["diff", "refunds", "--content", fixture.content, "--format", "json"]).stdout)
        let unknown = CapturedConsole.run(["diff", "refunds", "--content", fixture.content, "--lang", "xx"])
        #expect(unknown.status == 2 && unknown.stderr.contains("--lang 'xx': Casebook speaks"), "\(unknown.stderr)")
        #expect(unknown.stdout.isEmpty)
    }

    @Test func badRequestsSayWhatToDo() throws {
        let fixture = try SOPHistoryFixture()
        let unknownVersion = CapturedConsole.run(["diff", "refunds", "0.5", "--content", fixture.content])
        #expect(unknownVersion.status == 1)
        #expect(unknownVersion.stderr.contains("no version 0.5 in its history; known versions: 1.0, 1.9, 1.10"))
        let unknownPage = CapturedConsole.run(["diff", "nope", "--content", fixture.content])
        #expect(unknownPage.status == 1 && unknownPage.stderr.contains("no SOP with id 'nope'"))
        let format = CapturedConsole.run(["diff", "refunds", "--content", fixture.content, "--format", "html"])
        #expect(format.status == 2 && format.stderr.contains("--format must be one of text, json, markdown"))

        let plain = try TempTree(["Content/" + SOPHistoryFixture.path: SOPHistoryFixture.version19])
        let single = CapturedConsole.run(["diff", "refunds", "--content", plain.path("Content")])
        #expect(single.status == 1)
        #expect(single.stderr.contains("refunds has only version 1.9: \(plain.path("Content")) is not in a git repository"))
        #expect(single.stdout.isEmpty)
    }

    /// FROM newer than TO (or the same version) is refused, not diffed backwards: the usage
    /// error gives the command in the right order, and nothing is printed on stdout.
    @Test func fromNewerThanToIsAUsageErrorWithTheRightOrder() throws {
        let fixture = try SOPHistoryFixture()
        let reversed = CapturedConsole.run(["diff", "refunds", "1.10", "1.0", "--content", fixture.content])
        #expect(reversed.status == 2, "\(reversed.stdout)\(reversed.stderr)")
        #expect(reversed.stdout.isEmpty)
        #expect(reversed.stderr.contains("casebook: FROM (1.10) must be older than TO (1.0); to see what changed from 1.0 to 1.10, run: casebook diff refunds 1.0 1.10\n"), "\(reversed.stderr)")
        // The same version written differently is still the same version.
        let same = CapturedConsole.run(["diff", "refunds", "1.9", "v1.9", "--content", fixture.content])
        #expect(same.status == 2 && same.stdout.isEmpty)
        #expect(same.stderr.contains("casebook: FROM and TO are the same version (1.9); give an older FROM, e.g. casebook diff refunds 1.0 1.9\n"), "\(same.stderr)")
        // FROM alone compares with the current version: the current version itself has nothing newer.
        let current = CapturedConsole.run(["diff", "refunds", "1.10", "--content", fixture.content, "--format", "json"])
        #expect(current.status == 2 && current.stdout.isEmpty)
        #expect(current.stderr.contains("casebook: FROM and TO are the same version (1.10); give an older FROM, e.g. casebook diff refunds 1.9 1.10\n"), "\(current.stderr)")
        // The right order still works.
        #expect(CapturedConsole.run(["diff", "refunds", "1.0", "1.10", "--content", fixture.content]).status == 0)
    }

    /// A reverted version (1.10 back to 1.9) followed by 1.11: diff and check work again, each
    /// naming the reverted commit in a warning that `check --strict` does not count (no edit
    /// can change an old commit).
    @Test func aRevertedVersionIsAWarningOnceAHigherOneFollows() throws {
        let fixture = try SOPHistoryFixture()
        let revert = try fixture.repository.commit(["Content/" + SOPHistoryFixture.path: SOPHistoryFixture.version19], message: "Revert 1.10")
        try fixture.repository.commit(["Content/" + SOPHistoryFixture.path: SOPHistoryFixture.version19.replacingOccurrences(of: "\"1.9\"", with: "\"1.11\"")], message: "1.11")
        let diff = CapturedConsole.run(["diff", "refunds", "--content", fixture.content])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.hasPrefix("Refund abuse (refunds): version 1.10 → 1.11"), "\(diff.stdout)")
        #expect(diff.stderr.contains("\(SOPHistoryFixture.path): warning: version 1.9 in commit \(revert.prefix(12)) goes backwards from 1.10"), "\(diff.stderr)")
        let check = CapturedConsole.run(["check", "--strict", "--content", fixture.content])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("warning: version 1.9 in commit \(revert.prefix(12))"), "\(check.stderr)")
        // Another warning still counts.
        try fixture.repository.tree.write("Content/trust/other.md", "---\ntitle: Other\nnonsense_key: 1\n---\nText.\n")
        #expect(CapturedConsole.run(["check", "--strict", "--content", fixture.content]).status == 1)
    }

    /// An SOP that is a symbolic link to a file shared by handbooks has only its current
    /// version here (git keeps the link at its path): the message says so, rather than telling
    /// the trainer to commit a version they have committed (in the link's target).
    @Test func aSymbolicLinkSOPIsNamedAsTheReasonItHasOneVersion() throws {
        let g = try GitFixture()
        let text = "---\nid: shared\ntitle: Shared\nversion: \"1\"\n---\n## Scope\n\nOne.\n"
        try g.commit(["shared/shared.md": text], message: "1")
        try g.commit(["shared/shared.md": text.replacingOccurrences(of: "\"1\"", with: "\"2\"")], message: "2")
        try FileManager.default.createDirectory(atPath: g.root + "/Content", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: g.root + "/Content/shared.md", withDestinationPath: "../shared/shared.md")
        try g.commit([:], message: "link")
        let result = CapturedConsole.run(["diff", "shared", "--content", g.root + "/Content"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("shared has only version 2: shared.md is a symbolic link, and git keeps only the link at that path"), "\(result.stderr)")
    }

    @Test func aVersionGoingBackwardsIsReportedAndNothingPrinted() throws {
        let fixture = try SOPHistoryFixture()
        try fixture.repository.commit(["Content/" + SOPHistoryFixture.path: SOPHistoryFixture.version19], message: "revert to 1.9")
        let result = CapturedConsole.run(["diff", "refunds", "--content", fixture.content])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\(fixture.content)/\(SOPHistoryFixture.path): version goes backwards from 1.10"))
        #expect(result.stderr.contains("each published version must be higher than the one before, e.g. 1.11"))
    }
}
