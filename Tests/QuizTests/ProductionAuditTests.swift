import Foundation
import CivilDate
import Testing
@testable import Handbook
@testable import Quiz
import CasebookTestSupport

@Suite struct ProductionAuditTests {
    @Test func outcomesFollowApproveThenSeverityThenCodes() {
        func judge(_ m: String, _ mc: [String], _ r: String, _ rc: [String]) -> AuditOutcome {
            AuditOutcome.judge(moderator: m, codes: mc, reviewer: r, codes: rc)
        }
        #expect(judge("remove", ["IP-01"], "remove", ["IP-01"]) == .correct)
        // The reviewer gave no codes: only the action is judged.
        #expect(judge("remove", ["IP-01"], "remove", []) == .correct)
        #expect(judge("remove", ["IP-02"], "remove", ["IP-01"]) == .wrongPolicy)
        #expect(judge("remove", ["IP-01"], "approve", []) == .overEnforcement)
        #expect(judge("approve", [], "restrict", ["IP-01"]) == .underEnforcement)
        #expect(judge("suspend-seller", [], "remove", []) == .overEnforcement)
        #expect(judge("restrict", [], "remove", []) == .underEnforcement)
        #expect(judge("remove", [], "end-stream", []) == .wrongPolicy, "same severity, another action")
        #expect(judge("escalate", [], "remove", []) == .wrongPolicy, "escalate has no severity")
    }

    @Test func decisionTimesAreNormalisedToUTC() {
        #expect(AuditValidator.decisionTime("2026-11-24")?.text == "2026-11-24")
        #expect(AuditValidator.decisionTime("2026-11-24T09:15")?.text == "2026-11-24T09:15:00Z")
        #expect(AuditValidator.decisionTime("2026-11-24 09:15:30.250Z")?.text == "2026-11-24T09:15:30Z")
        // 02:00 in Jakarta is the previous day in UTC: the week and day follow UTC.
        let jakarta = AuditValidator.decisionTime("2026-11-24T02:00:00+07:00")
        #expect(jakarta?.text == "2026-11-23T19:00:00Z")
        #expect(jakarta?.day == AuditValidator.decisionTime("2026-11-23")?.day)
        for bad in ["24/11/2026", "2026-11-31", "2026-11-24T25:00", "2026-11-24T09:15Zjunk", "2026-11-24T09:15+7"] {
            #expect(AuditValidator.decisionTime(bad) == nil, "\(bad)")
        }
    }

    @Test func decisionTimesAreWrittenAsPrintfWouldWriteThem() {
        // Times around the turn of days, months, years and the four-digit year range.
        for date in ["1000-01-01", "1999-12-31", "2026-02-28", "2028-02-29", "2026-12-31", "9999-12-31", "0999-12-31"] {
            for time in ["T00:00:00Z", "T23:59:59Z", "T09:05:07+07:00", "T20:30:00-05:30", "T12:00", " 00:00:60Z"] {
                guard let t = AuditValidator.decisionTime(date + time) else { continue }
                let utc = CivilDate(days: t.day)
                let clock = String(t.text.suffix(10))
                let expected = String(format: "%04d-%02d-%02d", utc.year, utc.month, utc.day) + clock
                #expect(t.text == expected && t.text.count == ((1000...9999).contains(utc.year) ? 20 : t.text.count), "\(date + time): \(t.text)")
                #expect(clock.hasPrefix("T") && clock.hasSuffix("Z") && clock.utf8.allSatisfy { $0 < 0x80 }, "\(date + time): \(t.text)")
            }
        }
        #expect(AuditValidator.decisionTime("2026-11-24T02:00:00+07:00")?.text == "2026-11-23T19:00:00Z")
        #expect(AuditValidator.decisionTime("1000-01-01T00:30:00+01:00")?.text == "0999-12-31T23:30:00Z")
    }

    @Test func rowsAreCheckedAgainstTheHandbookWithEveryReasonNamingItsColumn() throws {
        let fixture = try BankFixture(AuditFixture.files)
        let columns = Dictionary(uniqueKeysWithValues: AuditField.allCases.map { ($0, $0.defaultColumn) })
        let v = AuditValidator(handbook: fixture.handbook, actions: ["approve", "restrict", "remove", "escalate"], columns: columns)
        let good = v.check(ImportTableRow(line: 2, values: AuditFixture.row(1, ["qa_codes": "", "sop_reference": ""])))
        guard case .valid(let audit) = good else { Issue.record("valid row rejected: \(good)"); return }
        #expect(audit.section == "ip#ip-01", "inferred from the moderator's code when the reviewer gave none")
        #expect(audit.harm == 3)
        #expect(audit.week == "2026-W48")

        let bad = v.check(ImportTableRow(line: 3, values: AuditFixture.row(2, [
            "moderator_action": "delete", "qa_codes": "XX-99", "market": "FR", "moderator_id": "amina@example.com",
            "qa_reviewer_id": "081234567890", "second_action": "remove", "appeal_outcome": "maybe", "sop_reference": "ip#nope",
            "decision_time": "yesterday"])))
        guard case .rejected(let rejected) = bad else { Issue.record("invalid row accepted"); return }
        let text = rejected.reasons.joined(separator: "\n")
        for expected in ["moderator_action: 'delete' is not in the action list", "qa_codes: unknown policy code 'XX-99'",
                         "market: 'FR' is not a market of the handbook", "moderator_id: '[email]' is not an id",
                         "qa_reviewer_id: looks like personal data (phone)", "second_reviewer_id: empty; a double audit needs",
                         "appeal_outcome: 'maybe' is not an appeal outcome", "sop_reference: ip has no section '#nope'",
                         "decision_time: 'yesterday' is not a date"] {
            #expect(text.contains(expected), "missing: \(expected)\n\(text)")
        }
        #expect(!text.contains("amina@example.com"), "rejected values are shown redacted")
    }

    @Test func aSemicolonOrTabExportIsRecognisedAndTheRightSeparatorNamed() {
        for (text, word) in [("sample_id;decision_time;moderator_id\ns-1;2026-11-24;m\n", "semicolons"), ("sample_id\tmarket\ns-1\tID\n", "tabs")] {
            do {
                _ = try ImportTable.csv(Array(text.utf8), file: "audit.csv")
                Issue.record("a \(word) file was read as one column")
            } catch {
                #expect(error.diagnostics.first?.line == 1)
                #expect(error.diagnostics.first?.message.contains("looks separated by \(word)") == true)
                #expect(error.diagnostics.first?.message.contains("export it again as CSV with commas") == true)
            }
        }
    }

    @Test func anAuditMapReadsOtherColumnNamesAndNamesUnknownFields() throws {
        let map = try AuditMapping.parse("moderator: agent_id\nqa_action: auditor_decision\n", file: "cols.yml")
        #expect(map.columns[.moderator] == "agent_id")
        #expect(map.columns[.qaAction] == "auditor_decision")
        #expect(map.columns[.sampleID] == "sample_id")
        #expect(throws: HandbookError.self) { try AuditMapping.parse("agent: agent_id\n", file: "cols.yml") }
        do { _ = try AuditMapping.parse("agent: agent_id\n", file: "cols.yml") } catch {
            #expect(error.diagnostics.first?.message.contains("unknown audit field 'agent'") == true)
        }
    }
}
