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
