import Testing
@testable import Handbook

@Suite struct PageMetadataTests {
    func meta(_ yaml: String, _ diagnostics: inout [Diagnostic]) throws -> PageMetadata {
        PageMetadata.from(try YAMLParser.parse(yaml, firstLine: 2), defaultID: "file-name", file: "p.md", diagnostics: &diagnostics)
    }

    @Test func readsEveryField() throws {
        var d: [Diagnostic] = []
        let m = try meta("""
        id: counterfeit-and-ip
        title: Counterfeit
        summary: What to do.
        owner: Brand Protection
        version: "3.2"
        effective: 2026-09-01
        status: retired
        markets: [uk, US]
        tags: [Counterfeit]
        lang: th
        order: 2
        changes:
          - version: "3.2"
            date: 2026-09-01
            summary: Added IP-03.
        """, &d)
        #expect(d.isEmpty)
        #expect(m.id == "counterfeit-and-ip")
        #expect(m.title == "Counterfeit")
        #expect(m.owner == "Brand Protection")
        #expect(m.version == "3.2")
        #expect(m.effective == "2026-09-01")
        #expect(m.status == .retired)
        #expect(m.markets == ["UK", "US"])
        #expect(m.tags == ["counterfeit"])
        #expect(m.lang == "th")
        #expect(m.order == 2)
        #expect(m.changes == [ChangeEntry(version: "3.2", date: "2026-09-01", summary: "Added IP-03.", line: 14)])
    }

    /// A trainer bumped `version:` to 3.3 and left `effective:` at 3.2's date: "did it work?"
    /// then split the answers at the day 3.2 took effect, with no word. It is a warning at
    /// `effective:`; a date after the earlier change, or an entry for 3.3 itself, is none.
    @Test func anEffectiveDateLeftFromTheEarlierVersionIsAWarning() throws {
        func warnings(_ version: String, _ effective: String, _ extra: String = "") throws -> [Diagnostic] {
            var d: [Diagnostic] = []
            _ = try meta("""
            version: "\(version)"
            effective: \(effective)
            changes:
            \(extra)  - version: "3.2"
                date: 2026-09-01
                summary: Added IP-03.
            """, &d)
            return d
        }
        let stale = try warnings("3.3", "2026-09-01")
        #expect(stale.count == 1 && stale[0].severity == .warning && stale[0].line == 3, "\(stale)")
        #expect(stale.first?.message == "'effective: 2026-09-01' is not after version 3.2's change of 2026-09-01 (line 5), but the SOP is at version 3.3: set 'effective:' to the day 3.3 applies; campaigns measure its effect from that day", "\(stale)")
        #expect(try warnings("3.3", "2026-12-05").isEmpty)
        #expect(try warnings("3.2", "2026-09-01").isEmpty, "the current version's own change")
        #expect(try warnings("3.3", "2026-08-01").count == 1, "before the earlier change too")
    }

    @Test func defaults() throws {
        var d: [Diagnostic] = []
        let m = try meta("title: Only a title", &d)
        #expect(m.id == "file-name")
        #expect(m.status == .published)
        #expect(m.lang == "en")
        #expect(m.markets.isEmpty)
    }

    @Test func badValuesAreErrorsAtTheirPosition() throws {
        var d: [Diagnostic] = []
        _ = try meta("effective: next week\nstatus: live\nid: Not Valid\nmarkets: {a: b}", &d)
        #expect(d.filter { $0.severity == .error }.count == 4)
        #expect(d.contains { $0.line == 2 && $0.column == 12 && $0.message.contains("YYYY-MM-DD") })
        #expect(d.contains { $0.line == 3 && $0.message.contains("draft, published, retired") })
        #expect(d.contains { $0.line == 4 && $0.message.contains("lowercase") })
        #expect(d.contains { $0.line == 5 && $0.message.contains("must be a list") })
    }

    @Test func unknownKeysAreKeptWithAWarningAndOtherToolsKeysMapOver() throws {
        var d: [Diagnostic] = []
        let m = try meta("layout: docs\ndescription: From another tool\ndraft: true\ndate: 2024-01-02T10:00:00Z", &d)
        #expect(d.count == 1)
        #expect(d[0].severity == .warning && d[0].message.contains("'layout'"))
        #expect(m.raw?["layout"]?.scalar == "docs")
        #expect(m.summary == "From another tool")
        #expect(m.status == .draft)
        #expect(m.effective == "2024-01-02")
    }
}
