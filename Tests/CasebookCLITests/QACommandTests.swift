import Foundation
import Testing
import CasebookTestSupport

/// `casebook qa import` and `casebook qa report` as a user runs them, on the sample handbook.
@Suite struct QACommandTests {
    static let content = CLIRunner.repositoryRoot + "/Content"

    static let export = AuditFixture.csv([
        AuditFixture.row(1, ["moderator_codes": "IP-01", "qa_codes": "IP-01", "case_text": "Tas KW <script>alert(1)</script> WA 0812 3456 7890"]),
        AuditFixture.row(2, ["moderator_action": "approve", "moderator_codes": "", "qa_codes": "IP-03", "appeal_outcome": "overturned"]),
        AuditFixture.row(3, ["moderator_id": "mod-new", "team": "th-live", "market": "TH", "qa_action": "approve", "qa_codes": ""]),
    ])

    @Test func importsOnceReportsTheSameBytesTwiceAndIsQuietWhenPiped() throws {
        let t = try TempTree(["audit.csv": Self.export])
        let db = t.path("data/casebook.db")
        let first = try CLIRunner.run(["qa", "import", t.path("audit.csv"), "--source", "QA audit 2026-W48", "--db", db, "--content", Self.content])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Imported 3 audits"))
        #expect(first.stdout.contains("redacted 1 phone"))
        #expect(!first.stderr.contains("\r"), "no progress lines when piped")

        let again = try CLIRunner.run(["qa", "import", t.path("audit.csv"), "--source", "QA audit 2026-W48", "--db", db, "--content", Self.content])
        #expect(again.status == 0)
        #expect(again.stdout.contains("Nothing new to import") && again.stdout.contains("3 audits already imported"))

        for format in ["table", "json", "csv", "markdown"] {
            let a = try CLIRunner.run(["qa", "report", "--db", db, "--content", Self.content, "--format", format])
            let b = try CLIRunner.run(["qa", "report", "--db", db, "--content", Self.content, "--format", format])
            #expect(a.status == 0 && a.stdout == b.stdout && !a.stdout.isEmpty, "\(format): \(a.stderr)")
        }
        let th = try CLIRunner.run(["qa", "report", "--db", db, "--content", Self.content, "--market", "th", "--format", "json"])
        #expect(th.stdout.contains("\"audits\" : 1,"))
    }

    @Test func aBadFileSaysWhatIsWrongAndImportsNothing() throws {
        let semicolons = AuditFixture.columns.joined(separator: ";") + "\ns-1;2026-11-24;mod-1\n"
        let t = try TempTree(["semi.csv": semicolons, "dup.csv": AuditFixture.csv([AuditFixture.row(1), AuditFixture.row(1)])])
        let db = t.path("data/casebook.db")
        let semi = try CLIRunner.run(["qa", "import", t.path("semi.csv"), "--source", "x", "--db", db, "--content", Self.content])
        #expect(semi.status == 1)
        #expect(semi.stderr.contains("semi.csv:1:") && semi.stderr.contains("looks separated by semicolons"))
        #expect(semi.stderr.contains("Nothing was imported."))
        let dup = try CLIRunner.run(["qa", "import", t.path("dup.csv"), "--source", "x", "--db", db, "--content", Self.content])
        #expect(dup.status == 1)
        #expect(dup.stderr.contains("dup.csv:3: error: sample_id: 's-1' is also on line 2"))
        #expect(dup.stderr.contains("Nothing imported: 1 of 2 rows is invalid"))
        let report = try CLIRunner.run(["qa", "report", "--db", db, "--content", Self.content, "--format", "json"])
        #expect(report.stdout.contains("\"audits\" : 0,"))
    }

    @Test func theDigestListsARisingSectionWithItsRootCauseInEveryFormat() throws {
        // Five weeks of 40 audits on IP-01: 2 errors a week, then 20 in the latest week.
        var rows: [[String: String]] = []
        let mondays = ["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]
        for (w, monday) in mondays.enumerated() {
            for i in 0..<40 {
                let n = w * 100 + i
                let wrong = i < (w == 4 ? 20 : 2)
                rows.append(AuditFixture.row(n, ["decision_time": "\(monday)T10:00:00Z", "moderator_id": "mod-\(i % 8)",
                                                 "team": i % 2 == 0 ? "<b>team</b>|x" : "plain", "moderator_action": wrong ? "approve" : "remove",
                                                 "moderator_codes": wrong ? "" : "IP-01"]))
            }
        }
        let t = try TempTree(["audit.csv": AuditFixture.csv(rows)])
        let db = t.path("data/casebook.db")
        let imported = try CLIRunner.run(["qa", "import", t.path("audit.csv"), "--source", "QA audit", "--db", db, "--content", Self.content])
        #expect(imported.status == 0, "\(imported.stderr)")
        var outputs: [String: String] = [:]
        for format in ["table", "json", "csv", "markdown"] {
            let a = try CLIRunner.run(["qa", "report", "--db", db, "--content", Self.content, "--format", format])
            let b = try CLIRunner.run(["qa", "report", "--db", db, "--content", Self.content, "--format", format])
            #expect(a.status == 0 && a.stdout == b.stdout, "\(format): \(a.stderr)")
            outputs[format] = a.stdout
        }
        let md = outputs["markdown"] ?? ""
        #expect(md.contains("## Top error trends") && md.contains("IP-01"), "\(md)")
        #expect(md.contains("## Root causes") && md.contains("insufficient evidence"), "\(md)")
        #expect(!md.contains("<b>"), "team names are escaped in markdown")
        #expect(outputs["json"]?.contains("\"rising\" : [") == true)
        #expect(outputs["json"]?.contains("\"insufficient-evidence\"") == true)
        #expect(outputs["csv"]?.contains("trend,code,IP-01") == true, "\(outputs["csv"] ?? "")")
        #expect(outputs["table"]?.contains("Top error trends") == true)
    }
}
