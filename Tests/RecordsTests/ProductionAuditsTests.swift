import Foundation
import Testing
@testable import Records
import Handbook
import Quiz
import CasebookTestSupport

/// `qa import`: audits stored redacted, all or nothing, idempotent on sample id.
@Suite struct ProductionAuditsTests {
    struct Setup {
        let fixture: BankFixture
        let records: Records
        var tree: TempTree { fixture.tree }

        init(_ engine: TestEngine = .sqlite) throws {
            fixture = try BankFixture(AuditFixture.files)
            records = try Records(path: fixture.tree.database("data/casebook.db", on: engine))
        }

        func run(_ text: String, name: String = "audit.csv", skipInvalid: Bool = false, dryRun: Bool = false,
                 source: String = "QA audit 2026-W48", batchSize: Int? = nil) throws(AuditImportError) -> AuditImportReport {
            do { try tree.write("in/" + name, text) } catch { Issue.record("cannot write the export: \(error)") }
            var importer = AuditImporter(records: records, handbook: fixture.handbook, actions: ["approve", "restrict", "remove", "escalate"], source: source)
            if let batchSize { importer.batchSize = batchSize }
            return try importer.run(input: tree.path("in/" + name), skipInvalid: skipInvalid, dryRun: dryRun)
        }

        func count(_ table: String) throws -> Int64 { try records.db.query("SELECT COUNT(*) FROM \(table)").first?.first?.int ?? -1 }

        /// Every text stored for the audits and their labels and learners.
        func storedText() throws -> String {
            var out: [String] = []
            for sql in ["SELECT * FROM qa_audit_details", "SELECT * FROM qa_labels", "SELECT * FROM learners", "SELECT sample_id FROM qa_audits"] {
                for row in try records.db.query(sql) { out += row.compactMap(\.string) }
            }
            return out.joined(separator: "\n")
        }
    }

    @Test(arguments: TestEngine.allCases) func storesAuditsCreatesUnknownModeratorsAndAReimportAddsNothing(engine: TestEngine) throws {
        let s = try Setup(engine)
        try s.records.addLearner(Learner(id: "mod-1", name: "Amina", team: "old-team"))
        let csv = AuditFixture.csv([AuditFixture.row(1), AuditFixture.row(2, ["moderator_id": "mod-2", "team": "th-live", "market": "TH"]),
                                    AuditFixture.row(3, ["moderator_action": "approve", "moderator_codes": "", "appeal_outcome": "overturned"])])
        let first = try s.run(csv)
        #expect(first.written && first.imported == 3 && first.rejected.isEmpty)
        #expect(first.newLearners == 1)
        #expect(try s.records.learner("mod-2")?.team == "th-live")
        #expect(try s.records.learner("mod-2")?.market == "TH")
        #expect(try s.records.learner("mod-1")?.team == "old-team", "a known learner is matched by id, not changed")
        #expect(try s.count("qa_audits") == 3)

        let again = try s.run(csv)
        #expect(again.imported == 0 && again.alreadyImported == 3 && again.succeeded)
        #expect(!again.written)
        #expect(again.json.contains("\"already_imported\" : 3"))
        #expect(try s.count("qa_audits") == 3)

        // The same sample id with another decision is not a re-import: it is refused.
        let changed = try s.run(AuditFixture.csv([AuditFixture.row(1, ["qa_action": "approve", "qa_codes": ""])]), source: "QA audit 2026-W49")
        #expect(changed.rejected.first?.reasons.first?.contains("was imported from \"QA audit 2026-W48\" with other values") == true)
        #expect(!changed.succeeded)
    }

    @Test(arguments: TestEngine.allCases) func personalDataInEveryTextFieldIsRedactedBeforeAnythingIsStored(engine: TestEngine) throws {
        let s = try Setup(engine)
        let pii = "call 0812 3456 7890 or amina.putri@example.com, https://wa.me/6281234567890, Jl. Melati No. 12"
        let row = AuditFixture.row(1, ["team": "team " + pii, "vendor": "vendor " + pii, "queue": "queue " + pii,
                                       "case_text": "<script>alert('x')</script><img src=x onerror=alert(1)> " + pii,
                                       "qa_comment": "=cmd|' /C calc'!A0 " + pii])
        let report = try s.run(AuditFixture.csv([row]))
        #expect(report.written, "\(report.rejected)")
        let stored = try s.storedText()
        for leak in ["0812 3456 7890", "amina.putri@example.com", "wa.me", "Melati"] {
            #expect(!stored.contains(leak), "\(leak) was stored")
        }
        #expect(report.redactions.total >= 15)
        // HTML is stored as text (escaped where shown); the formula stays text too.
        let details = try s.records.db.query("SELECT case_text, comment FROM qa_audit_details").first ?? []
        #expect(details.first?.string?.hasPrefix("<script>alert('x')</script><img src=x onerror=alert(1)> call [phone]") == true)
        #expect(details.last?.string?.hasPrefix("=cmd|' /C calc'!A0") == true)
    }

    @Test(arguments: TestEngine.allCases) func oneInvalidRowStoresNothingAndEveryRejectedRowIsReportedWithItsLine(engine: TestEngine) throws {
        let s = try Setup(engine)
        let csv = AuditFixture.csv([AuditFixture.row(1), AuditFixture.row(2, ["qa_action": "delete"]), AuditFixture.row(3),
                                    AuditFixture.row(4, ["moderator_id": "mod-9"]), AuditFixture.row(5, ["market": "FR"])])
        let report = try s.run(csv)
        #expect(!report.written && !report.succeeded)
        #expect(report.rejected.map(\.line) == [3, 6])
        #expect(try s.count("qa_audits") == 0)
        #expect(try s.count("qa_labels") == 0)
        #expect(try s.count("learners") == 0, "no learner is created when nothing is imported")

        let dry = try s.run(csv, skipInvalid: true, dryRun: true)
        #expect(dry.imported == 3 && !dry.written)
        #expect(try s.count("qa_audits") == 0)

        let skipped = try s.run(csv, skipInvalid: true)
        #expect(skipped.written && skipped.imported == 3 && skipped.rejected.count == 2)
        #expect(try s.count("qa_audits") == 3)
    }

    /// Each batch is stored while the next is checked: with batches of one, two or three rows
    /// (a repeated sample id and an invalid row in other batches than their first) the import
    /// reports and stores exactly what one batch does, in file order.
    @Test(arguments: TestEngine.allCases) func batchesStoredWhileTheNextIsCheckedImportLikeOneBatch(engine: TestEngine) throws {
        let pii = "call 0812 3456 7890, mail amina.putri@example.com"
        var rows = (1...7).map { AuditFixture.row($0, ["moderator_id": "mod-\($0 % 3)", "case_text": $0 % 2 == 0 ? pii : "plain \($0)"]) }
        rows.insert(AuditFixture.row(2, ["qa_action": "approve", "qa_codes": ""]), at: 5)
        rows.insert(AuditFixture.row(9, ["qa_action": "delete"]), at: 3)
        var outcomes: [String] = []
        for size in [1, 2, 3, 4096] {
            let s = try Setup(engine)
            let r = try s.run(AuditFixture.csv(rows), skipInvalid: true, batchSize: size)
            var out = ["\(r.rows) \(r.imported) \(r.alreadyImported) \(r.newLearners) \(r.redactions) \(r.written)"]
            out += r.rejected.map { "\($0.line): \($0.reasons)" }
            for row in try s.records.db.query("""
                SELECT a.*, d.source, d.line, d.decided_at, d.case_text, d.comment, d.fingerprint
                FROM qa_audits a JOIN qa_audit_details d ON d.audit_id = a.id ORDER BY a.id
                """) { out.append("\(row)") }
            out += try s.records.db.query("SELECT id, kind, value FROM qa_labels ORDER BY id").map { "\($0)" }
            outcomes.append(out.joined(separator: "\n"))
        }
        #expect(outcomes.first?.contains("9 7 0 3") == true, "\(outcomes.first ?? "")")
        #expect(outcomes.first?.contains("is also on line 3") == true)
        for (i, size) in [1, 2, 3].enumerated() { #expect(outcomes[i] == outcomes[3], "batches of \(size)") }
    }

    @Test(arguments: TestEngine.allCases) func aSampleIdTwiceInTheFileIsRejectedAndNothingIsStored(engine: TestEngine) throws {
        let s = try Setup(engine)
        let report = try s.run(AuditFixture.csv([AuditFixture.row(1), AuditFixture.row(2), AuditFixture.row(1, ["qa_action": "approve", "qa_codes": ""])]))
        #expect(report.rejected.count == 1)
        #expect(report.rejected.first?.line == 4)
        #expect(report.rejected.first?.reasons.first == "sample_id: 's-1' is also on line 2; every audited decision appears once (remove the repeated row)")
        #expect(try s.count("qa_audits") == 0)
    }

    @Test(arguments: TestEngine.allCases) func emptyFilesAndWrongSeparatorsStopWithAClearMessageAndStoreNothing(engine: TestEngine) throws {
        let s = try Setup(engine)
        func message(_ text: String, name: String = "audit.csv") -> String {
            do { _ = try s.run(text, name: name); return "" } catch {
                guard case .input(let e) = error else { return "storage: \(error)" }
                return e.diagnostics.map(\.description).joined(separator: "\n")
            }
        }
        #expect(message(AuditFixture.csv([])).contains("has no rows to import"))
        #expect(message("").contains("is empty"))
        #expect(message("\n", name: "audit.jsonl").contains("no rows"))
        let semicolons = AuditFixture.columns.joined(separator: ";") + "\n" + "s-1;2026-11-24;mod-1\n"
        #expect(message(semicolons).contains("looks separated by semicolons"))
        #expect(message(AuditFixture.csv([AuditFixture.row(1)], columns: Array(AuditFixture.columns.dropFirst()))).contains("no column 'sample_id'"))
        #expect(try s.count("qa_audits") == 0)
    }

    @Test(arguments: TestEngine.allCases) func jsonLinesExportsImportLikeCSV(engine: TestEngine) throws {
        let s = try Setup(engine)
        let lines = [AuditFixture.row(1), AuditFixture.row(2, ["qa_codes": "IP-02", "qa_action": "remove"])].map { row -> String in
            let data = try? JSONSerialization.data(withJSONObject: row, options: [.sortedKeys])
            return String(decoding: data ?? Data(), as: UTF8.self)
        }
        let report = try s.run(lines.joined(separator: "\n") + "\n", name: "audit.jsonl")
        #expect(report.written && report.imported == 2)
    }
}
