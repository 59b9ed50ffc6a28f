import Foundation
import Testing
@testable import Insights
import Handbook
import Quiz
import Records
import CasebookTestSupport

/// `qa report`: the KPIs by hand, the reviewer agreement guard, appeals, and the same bytes
/// whatever order the audits were imported in.
@Suite struct ProductionQATests {
    static let actions = ["approve", "restrict", "remove", "escalate"]

    /// Imports `rows` into a fresh database and returns the records.
    static func records(_ rows: [[String: String]], in fixture: BankFixture, engine: TestEngine = .sqlite, name: String) throws -> Records {
        let records = try Records(path: fixture.tree.database("\(name).db", on: engine))
        try fixture.tree.write("\(name).csv", AuditFixture.csv(rows))
        let importer = AuditImporter(records: records, handbook: fixture.handbook, actions: actions, source: "QA audit 2026-W48")
        let report = try importer.run(input: fixture.tree.path("\(name).csv"))
        #expect(report.written, "\(report.rejected)")
        return records
    }

    /// 10 audits: 6 correct, 2 over- (one on IP-02), 1 under-enforcement, 1 wrong policy; two weeks;
    /// 4 double audits on IP-01 (3 agree), 3 appeals on IP-01 (2 overturned).
    static let rows: [[String: String]] = {
        var rows = (1...6).map { AuditFixture.row($0) }
        rows[0]["second_action"] = "remove"; rows[0]["second_reviewer_id"] = "qa-2"
        rows[1]["second_action"] = "remove"; rows[1]["second_reviewer_id"] = "qa-2"
        rows[2]["second_action"] = "remove"; rows[2]["second_reviewer_id"] = "qa-2"
        rows[3]["second_action"] = "approve"; rows[3]["second_reviewer_id"] = "qa-2"
        rows[4]["appeal_outcome"] = "upheld"
        rows.append(AuditFixture.row(7, ["qa_action": "approve", "qa_codes": "", "appeal_outcome": "overturned"]))
        rows.append(AuditFixture.row(8, ["qa_action": "approve", "qa_codes": "", "moderator_codes": "IP-02", "team": "th-live", "market": "TH",
                                         "decision_time": "2026-12-01T10:00:00Z"]))
        rows.append(AuditFixture.row(9, ["moderator_action": "approve", "moderator_codes": "", "appeal_outcome": "overturned",
                                         "decision_time": "2026-12-01"]))
        rows.append(AuditFixture.row(10, ["moderator_codes": "IP-02", "team": "<b>th</b>-live", "market": "TH", "vendor": "=HYPERLINK(\"x\")"]))
        return rows
    }()

    @Test(arguments: TestEngine.allCases) func kpisMatchTheCountsByHand(engine: TestEngine) throws {
        let fixture = try BankFixture(AuditFixture.files)
        let r = try ProductionQA.report(records: try Self.records(Self.rows, in: fixture, engine: engine, name: "a"), handbook: fixture.handbook, scope: ProductionQAScope())
        #expect(r.audits == 10)
        #expect(r.overall.correct == 6 && r.overall.overEnforcement == 2 && r.overall.underEnforcement == 1 && r.overall.wrongPolicy == 1)
        // Harm: IP-01 high (3), IP-02 medium (2); the highest code involved counts.
        // Over: row 7 (IP-01) 3 + row 8 (IP-02) 2; under: row 9 (IP-01) 3; wrong: row 10 (IP-01 + IP-02) 3.
        #expect(r.overall.weightedOverEnforcement == 5 && r.overall.weightedUnderEnforcement == 3 && r.overall.weightedWrongPolicy == 3)
        #expect(r.overall.interval == Stats.wilson(6, 10))
        let sections = try #require(r.breakdowns.first { $0.dimension == "section" })
        #expect(sections.rows.map(\.key) == ["ip#ip-01", "ip#ip-02"])
        #expect(sections.rows[0].audits == 9 && sections.rows[0].correct == 6)
        #expect(sections.rows[0].title == "Counterfeit: IP-01 Counterfeit goods")
        let weeks = try #require(r.breakdowns.first { $0.dimension == "week" })
        #expect(weeks.rows.map(\.key) == ["2026-W48", "2026-W49"])
        #expect(weeks.rows.map(\.audits) == [8, 2])
        #expect(r.breakdowns.map(\.dimension) == ["section", "code", "market", "vendor", "team", "queue", "week"])

        // Agreement: 4 double audits on IP-01, the value Agreement gives on the same units.
        let ip01 = try #require(r.reviewerAgreement.first { $0.key == "ip#ip-01" })
        #expect(ip01.cases == 4 && ip01.observedAgreement == 0.75)
        #expect(ip01.krippendorffAlpha == Agreement.krippendorffAlphaNominal([["remove", "remove"], ["remove", "remove"], ["remove", "remove"], ["remove", "approve"]]))

        let appeals = try #require(r.appeals.first)
        #expect(appeals.key == "ip#ip-01" && appeals.appealed == 3 && appeals.overturned == 2)
        #expect(appeals.interval == Stats.wilson(2, 3))

        // Filters: market, team, since.
        let th = try ProductionQA.report(records: try Self.records(Self.rows, in: fixture, engine: engine, name: "b"), handbook: nil, scope: ProductionQAScope(market: "TH"))
        #expect(th.audits == 2)
        let late = try ProductionQA.report(records: try Self.records(Self.rows, in: fixture, engine: engine, name: "c"), handbook: nil, scope: ProductionQAScope(since: "2026-11-30"))
        #expect(late.audits == 2)
        let nobody = try ProductionQA.report(records: try Self.records(Self.rows, in: fixture, engine: engine, name: "d"), handbook: nil, scope: ProductionQAScope(team: "nobody"))
        #expect(nobody.audits == 0)
    }

    /// The same audits give the same report, byte for byte, from SQLite and from PostgreSQL.
    @Test func everyFormatIsByteIdenticalOnBothEngines() throws {
        let fixture = try BankFixture(AuditFixture.files)
        let outputs = try TestEngine.allCases.map { engine in
            let report = try ProductionQA.report(records: try Self.records(Self.rows, in: fixture, engine: engine, name: "e"), handbook: fixture.handbook, scope: ProductionQAScope())
            return ReportFormat.allCases.map { ReportPrinter(format: $0).render(report) }
        }
        #expect(outputs[0] == outputs[1])
    }

    @Test(arguments: TestEngine.allCases) func agreementNeedsThreeDoubleAuditsForAFigure(engine: TestEngine) throws {
        let fixture = try BankFixture(AuditFixture.files)
        var rows = [AuditFixture.row(1, ["second_action": "approve", "second_reviewer_id": "qa-2"]),
                    AuditFixture.row(2, ["second_action": "remove", "second_reviewer_id": "qa-2"])]
        rows.append(AuditFixture.row(3))
        let r = try ProductionQA.report(records: try Self.records(rows, in: fixture, engine: engine, name: "a"), handbook: nil, scope: ProductionQAScope())
        let ip01 = try #require(r.reviewerAgreement.first { $0.key == "ip#ip-01" })
        #expect(ip01.cases == 2 && ip01.krippendorffAlpha == nil)
        #expect(ip01.note == "too few double audits for a figure (2 of 3)")
    }

    @Test(arguments: TestEngine.allCases) func everyFormatIsByteIdenticalWhateverTheImportOrder(engine: TestEngine) throws {
        let fixture = try BankFixture(AuditFixture.files)
        var outputs: [[String]] = []
        for (i, order) in [Self.rows, Self.rows.reversed(), Self.rows.enumerated().sorted { ($0.offset * 7) % 10 < ($1.offset * 7) % 10 }.map(\.element)].enumerated() {
            let records = try Self.records(order, in: fixture, engine: engine, name: "order\(i)")
            let report = try ProductionQA.report(records: records, handbook: fixture.handbook, scope: ProductionQAScope())
            outputs.append(ReportFormat.allCases.map { ReportPrinter(format: $0).render(report) })
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] == outputs[2])
    }

    @Test func userTextIsNeutralisedInCSVAndEscapedInMarkdown() throws {
        let fixture = try BankFixture(AuditFixture.files)
        let report = try ProductionQA.report(records: try Self.records(Self.rows, in: fixture, name: "a"), handbook: fixture.handbook, scope: ProductionQAScope())
        let csv = ReportPrinter(format: .csv).render(report)
        #expect(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "a formula cell is prefixed with a quote")
        #expect(!csv.contains(",=HYPERLINK"))
        let markdown = ReportPrinter(format: .markdown).render(report)
        #expect(markdown.contains("\\<b\\>th\\</b\\>-live"))
        #expect(!markdown.contains("<b>"))
        let json = ReportPrinter(format: .json).render(report)
        #expect(json.contains("\"over_enforcement\" : 2"))
    }
}
