import Testing
import CasebookTestSupport
@testable import History

@Suite struct SectionDiffTests {
    static func outline(_ text: String, version: String = "1") throws -> PageOutline {
        try PageOutline.parse(Array(text.utf8), path: "x.md", version: version)
    }

    /// 1.0 -> 1.9 of the fixture, worked out by hand: code changes first, then every section in
    /// the new reading order.
    @Test func handWorkedDiffFromGitHistory() throws {
        let fixture = try SOPHistoryFixture()
        let history = try VersionHistory.read(content: fixture.content)
        let versions = try history.versions(of: SOPHistoryFixture.path)
        let diff = try history.diff(of: SOPHistoryFixture.path, page: "refunds", from: versions[0], to: versions[1])
        #expect(diff.from == "1.0" && diff.to == "1.9" && diff.title == "Refund abuse")
        #expect(diff.codeChanges == [
            CodeChange(kind: .renamed, code: "RF-05", oldCode: "RF-01"),
            CodeChange(kind: .harmChanged, code: "RF-02", oldHarm: "low", newHarm: "high"),
            CodeChange(kind: .added, code: "RF-03"),
        ])
        #expect(diff.sections.map(\.anchor) == ["", "scope", "contact", "appeals", "rf-05", "rf-02", "rf-03"])
        #expect(diff.sections.map(\.status) == [.unchanged, .changed, .unchanged, .unchanged, .changed, .changed, .added])
        // Contact moved up; Appeals and the codes kept their order.
        #expect(diff.sections.map(\.moved) == [false, false, true, false, false, false, false])

        let scope = diff.sections[1]
        #expect(scope.oldAnchor == "scope" && scope.newAnchor == "scope" && !scope.matchedBySimilarity)
        #expect(scope.oldTitle == "Scope" && scope.title == "What this covers")
        #expect(scope.titleRuns == [WordRun(.deleted, ["Scope"]), WordRun(.inserted, ["What", "this", "covers"])])
        #expect(scope.runs == [
            WordRun(.same, ["This", "policy", "covers", "refund", "claims", "on"]), WordRun(.inserted, ["all"]),
            WordRun(.same, ["marketplace"]), WordRun(.inserted, ["and", "app"]), WordRun(.same, ["orders."]),
        ])

        let renamed = diff.sections[4]
        #expect(renamed.oldAnchor == "rf-01" && renamed.newAnchor == "rf-05" && renamed.matchedBySimilarity)
        #expect(renamed.titleRuns == [WordRun(.deleted, ["RF-01"]), WordRun(.inserted, ["RF-05"]), WordRun(.same, ["Fake", "tracking", "numbers"])])
        #expect(renamed.runs.allSatisfy { $0.kind == .same })

        // The typo fixed in commit 2 kept version 1.0: it is part of 1.0, not a change of 1.9.
        #expect(diff.sections[5].runs.allSatisfy { $0.kind == .same })
        #expect(diff.sections[6].runs == [WordRun(.inserted, ["Warn", "buyers", "who", "return", "worn", "clothes."])])
    }

    /// A version that only sends the case elsewhere (a link to another section, another
    /// form, another decision chart) changed the section: it was "No changes" when only the
    /// words were compared, and items citing the section were not held for review.
    @Test func aChangedLinkOrImageTargetChangesTheSection() throws {
        func page(_ anchor: String, _ form: String, _ chart: String) -> String {
            "## Escalation {#escalation}\n\nSend it to the [brand team](#\(anchor)) with the [appeal form](https://forms.example.com/\(form)).\n\n![Decision chart](\(chart).png)\n\n## Tier 2 {#tier-2}\n\nNormal cases.\n\n## Legal {#legal}\n\nCourt orders.\n"
        }
        let old = try Self.outline(page("tier-2", "appeal-uk", "chart-v1"))
        let diff = SectionDiff.compare(old, try Self.outline(page("legal", "appeal-th", "chart-v2")), page: "p")
        #expect(diff.sections.map(\.status) == [.changed, .unchanged, .unchanged])
        #expect(diff.sections[0].runs == [
            WordRun(.same, ["Send", "it", "to", "the", "brand", "team", "with", "the", "appeal", "form.", "Decision", "chart", "→"]),
            WordRun(.deleted, ["#tier-2"]), WordRun(.inserted, ["#legal"]), WordRun(.same, ["→"]),
            WordRun(.deleted, ["https://forms.example.com/appeal-uk"]), WordRun(.inserted, ["https://forms.example.com/appeal-th"]), WordRun(.same, ["→"]),
            WordRun(.deleted, ["chart-v1.png"]), WordRun(.inserted, ["chart-v2.png"]),
        ])
        #expect(SectionDiff.compare(old, try Self.outline(page("tier-2", "appeal-uk", "chart-v1")), page: "p").sections.allSatisfy { $0.status == .unchanged })
        // A link written another way to the same page is no change (a link clean-up flagged
        // every question on the section).
        let before = try PageOutline.parse(Array("## A\n\nSee [beta](beta.md#scope) and [the form](forms/appeal%20form.md).\n".utf8), path: "policies/x.md", version: "1")
        let after = try PageOutline.parse(Array("## A\n\nSee [beta](../policies/beta.md#scope) and [the form](<./forms/appeal form.md>).\n".utf8), path: "policies/x.md", version: "2")
        #expect(SectionDiff.compare(before, after, page: "x").sections.allSatisfy { $0.status == .unchanged })
        #expect(PageOutline.canonicalTarget("../policies/beta.md#scope", from: "/srv/Content/policies/x.md") == "beta.md#scope")
        #expect(PageOutline.canonicalTarget("../rules/b.md", from: "policies/x.md") == "../rules/b.md")
        #expect(PageOutline.canonicalTarget("https://example.com/a%20b", from: "policies/x.md") == "https://example.com/a%20b")
    }

    @Test func removedSectionStandsWhereItWas() throws {
        let old = try Self.outline("## A\n\nalpha text\n\n## B\n\nbeta text here\n\n## C\n\ngamma text\n")
        let new = try Self.outline("## A\n\nalpha text\n\n## C\n\ngamma text\n")
        let diff = SectionDiff.compare(old, new, page: "p")
        #expect(diff.sections.map(\.anchor) == ["a", "b", "c"])
        #expect(diff.sections.map(\.status) == [.unchanged, .removed, .unchanged])
        #expect(diff.sections[1].runs == [WordRun(.deleted, ["beta", "text", "here"])])
        #expect(!diff.sections.contains { $0.moved })
    }

    @Test func renamedAnchorIsMatchedOnlyWhenClearlyTheSameSection() throws {
        let old = try Self.outline("## Holds\n\nPut the payout on hold for seven days while the team checks the seller.\n")
        let reworded = try Self.outline("## Payout holds\n\nPut the payout on hold for ten days while the team checks the seller.\n")
        let same = SectionDiff.compare(old, reworded, page: "p")
        #expect(same.sections.count == 1)
        #expect(same.sections[0].matchedBySimilarity && same.sections[0].oldAnchor == "holds" && same.sections[0].newAnchor == "payout-holds")
        let unrelated = try Self.outline("## Refunds\n\nRefund the buyer when the parcel never arrived.\n")
        let different = SectionDiff.compare(old, unrelated, page: "p")
        // Nothing matched: the removed section stands where it was, before the new one.
        #expect(different.sections.map(\.status) == [.removed, .added])
    }

    @Test func aRenamedAnchorAloneIsAChange() throws {
        let old = try Self.outline("## Holds {#holds}\n\nPut the payout on hold for seven days.\n")
        let new = try Self.outline("## Holds {#payout-holds}\n\nPut the payout on hold for seven days.\n")
        let diff = SectionDiff.compare(old, new, page: "p")
        #expect(diff.sections.map(\.status) == [.unchanged])
        #expect(diff.sections[0].matchedBySimilarity)
        #expect(diff.hasChanges)
        #expect(DiffRenderer.render(diff, as: .text).contains("anchor #holds → #payout-holds: Holds (#payout-holds)"))
    }

    @Test func codeRemovedAndHarmChangedAndNoChange() throws {
        let old = try Self.outline("### AB-01 One {harm=low}\n\nText one.\n\n### AB-02 Two\n\nText two.\n")
        let new = try Self.outline("### AB-01 One {harm=critical}\n\nText one.\n")
        let diff = SectionDiff.compare(old, new, page: "p")
        #expect(diff.codeChanges == [
            CodeChange(kind: .harmChanged, code: "AB-01", oldHarm: "low", newHarm: "critical"),
            CodeChange(kind: .removed, code: "AB-02"),
        ])
        #expect(!SectionDiff.compare(old, old, page: "p").hasChanges)
    }

    /// The site's diffs leave out the words of unchanged sections (no page shows them): the
    /// same sections, statuses and HTML as the full diff, only those runs are empty.
    @Test func unchangedRunsLeftOutChangeNothingShown() throws {
        let old = try Self.outline(SOPHistoryFixture.version1, version: "1.0")
        let new = try Self.outline(SOPHistoryFixture.version19, version: "1.9")
        for (a, b) in [(old, new), (new, try Self.outline(SOPHistoryFixture.version110, version: "1.10"))] {
            let full = SectionDiff.compare(a, b, page: "refunds")
            let lean = SectionDiff.compare(a, b, page: "refunds", unchangedRuns: false)
            #expect(lean.sections.map(\.status) == full.sections.map(\.status))
            #expect(lean.codeChanges == full.codeChanges)
            #expect(DiffRenderer.render(lean, as: .html) == DiffRenderer.render(full, as: .html))
            #expect(DiffRenderer.render(lean, as: .text) == DiffRenderer.render(full, as: .text))
            #expect(full.sections.contains { $0.status == .unchanged && !$0.runs.isEmpty })
            #expect(lean.sections.filter { $0.status == .unchanged }.allSatisfy { $0.runs.isEmpty })
        }
    }
}

