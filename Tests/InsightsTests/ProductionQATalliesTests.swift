import CivilDate
import Foundation
import Testing
@testable import Insights
import Handbook
import Quiz
@testable import Records
import CasebookTestSupport
import Randomness

/// `qa report` reads the tallies `qa import` keeps beside the audits: the same bytes as a scan
/// of every audit, on both engines, after several imports (new tallies and added-to ones), a
/// re-import and with every filter; and the migration builds the same tallies from stored audits.
@Suite struct ProductionQATalliesTests {
    static let actions = ["approve", "restrict", "remove", "escalate"]

    /// `count` varied audits from `first` on: six weeks, three markets, teams and vendors, double
    /// audits, appeals, decisions without codes (no section), a seeded generator.
    static func rows(seed: UInt64, first: Int, count: Int) -> [[String: String]] {
        var rng = SeededRandom(seed: seed)
        func pick<T>(_ values: [T]) -> T { values[Int(rng.next() % UInt64(values.count))] }
        func codes(_ action: String) -> String { action == "approve" ? "" : pick(["IP-01", "IP-01", "IP-02", "IP-01 IP-02"]) }
        let start = CivilDate(iso: "2026-10-19")!.days
        return (first..<(first + count)).map { n in
            let market = pick(["ID", "TH", "UK"])
            let moderatorAction = pick(actions), moderatorCodes = codes(moderatorAction)
            // Mostly agreeing with the moderator, so that errors are a minority as in production.
            let agree = rng.next() % 100 < 70
            let qaAction = agree ? moderatorAction : pick(actions)
            let qaCodes = agree ? moderatorCodes : codes(qaAction)
            var values = ["decision_time": CivilDate(days: start + Int(rng.next() % 42)).iso + "T10:00:00Z",
                          "moderator_id": "mod-\(rng.next() % 12)", "market": market, "team": "\(market.lowercased())-team-\(rng.next() % 2)",
                          "vendor": pick(["acme", "globex", "initech"]), "queue": pick(["listings", "chat", "reviews"]),
                          "moderator_action": moderatorAction, "moderator_codes": moderatorCodes, "qa_action": qaAction, "qa_codes": qaCodes]
            if rng.next() % 100 < 25 {
                let second = rng.next() % 100 < 60 ? qaAction : pick(actions)
                values["second_action"] = second
                values["second_codes"] = second == qaAction ? qaCodes : codes(second)
                values["second_reviewer_id"] = "qa-2"
            }
            if rng.next() % 100 < 15 { values["appeal_outcome"] = pick(["upheld", "overturned"]) }
            return AuditFixture.row(n, values)
        }
    }

    static func importRows(_ rows: [[String: String]], into records: Records, fixture: BankFixture, name: String) throws {
        try fixture.tree.write("\(name).csv", AuditFixture.csv(rows))
        let importer = AuditImporter(records: records, handbook: fixture.handbook, actions: actions, source: "QA audit \(name)")
        let report = try importer.run(input: fixture.tree.path("\(name).csv"))
        #expect(report.written || report.imported == 0, "\(report.rejected.prefix(3))")
        #expect(report.rejected.isEmpty, "\(report.rejected.prefix(3))")
    }

    static let scopes = [
        ProductionQAScope(), ProductionQAScope(since: "2026-11-09"), ProductionQAScope(market: "TH"), ProductionQAScope(team: "id-team-1"),
        ProductionQAScope(vendor: "globex"), ProductionQAScope(since: "2026-11-16", market: "UK", vendor: "acme"), ProductionQAScope(market: "FR"),
    ]

    /// The digest of every scope in JSON and table form, read one way.
    static func outputs(_ records: Records, _ handbook: Handbook, reading: AuditReading) throws -> [String] {
        try scopes.flatMap { scope in
            let r = try ProductionQA.digest(records: records, handbook: handbook, scope: scope, quiz: nil, reading: reading)
            return [ReportPrinter(format: .json).render(r), ReportPrinter(format: .table, siteURL: "", top: 50).render(r)]
        }
    }

    static func tallyTable(_ records: Records) throws -> [[SQLValue]] {
        try records.db.query("SELECT * FROM qa_tallies ORDER BY kind, day, week, market, vendor, team, a, b, c")
    }

    @Test(arguments: TestEngine.allCases) func theReportFromTalliesIsByteIdenticalToAScanOfEveryAudit(engine: TestEngine) throws {
        let fixture = try BankFixture(AuditFixture.files)
        let records = try Records(path: fixture.tree.database("t.db", on: engine))
        let first = Self.rows(seed: 15, first: 1, count: 600)
        // Three imports: the second adds to the first one's days and slices (tallies added to),
        // the third repeats stored audits (nothing added) beside new ones.
        try Self.importRows(Array(first.prefix(400)), into: records, fixture: fixture, name: "w1")
        try Self.importRows(Array(first.suffix(200)), into: records, fixture: fixture, name: "w2")
        try Self.importRows(Array(first.prefix(50)) + Self.rows(seed: 16, first: 601, count: 150), into: records, fixture: fixture, name: "w3")
        #expect(try records.auditCount() == 750)

        let scanned = try Self.outputs(records, fixture.handbook, reading: .rows)
        let tallied = try Self.outputs(records, fixture.handbook, reading: .tallies)
        #expect(scanned.count == tallied.count)
        for (i, (a, b)) in zip(scanned, tallied).enumerated() {
            #expect(a == b, "output \(i) (scope \(Self.scopes[i / 2])) differs between the scan and the tallies")
        }
        // The data exercise what the report shows: double audits, appeals, several weeks, errors.
        let all = try ProductionQA.report(records: records, handbook: fixture.handbook, scope: ProductionQAScope())
        #expect(all.audits == 750 && all.overall.errors > 50)
        #expect((all.reviewerAgreement.first?.cases ?? 0) > 100 && !all.appeals.isEmpty)
        #expect((all.breakdowns.first { $0.dimension == "week" }?.rows.count ?? 0) >= 6)
        #expect(try Self.outputs(records, fixture.handbook, reading: .tallies)[1].contains("(none)"), "decisions without a section are kept")

        // An import that fails (a rejected row) or a dry run adds nothing to the tallies.
        let before = try Self.tallyTable(records)
        var bad = Self.rows(seed: 17, first: 900, count: 20)
        bad[5]["qa_action"] = "vaporise"
        try fixture.tree.write("bad.csv", AuditFixture.csv(bad))
        let failed = try AuditImporter(records: records, handbook: fixture.handbook, actions: Self.actions, source: "bad").run(input: fixture.tree.path("bad.csv"))
        #expect(!failed.written)
        let dry = try AuditImporter(records: records, handbook: fixture.handbook, actions: Self.actions, source: "dry")
            .run(input: fixture.tree.path("w3.csv"), dryRun: true)
        #expect(!dry.written)
        #expect(try Self.tallyTable(records) == before)

        // The migration builds the same tallies from the stored audits as the imports kept.
        let index = try #require(Records.migrations.firstIndex { $0.sqlite.contains("CREATE TABLE qa_tallies") })
        try records.db.execute("DROP TABLE qa_tallies")
        try records.db.transaction { () throws(RecordsError) in try records.db.execute(Records.migrations[index].sql(for: records.db.engine)) }
        #expect(try Self.tallyTable(records) == before)
        #expect(try Self.outputs(records, fixture.handbook, reading: .tallies) == scanned)
        // So does a rebuild over tallies gone wrong (audits written by hand, a restore).
        try records.db.execute("UPDATE qa_tallies SET n0 = n0 + 7")
        #expect(try Self.tallyTable(records) != before)
        try records.rebuildAuditTallies()
        #expect(try Self.tallyTable(records) == before)
    }
}
