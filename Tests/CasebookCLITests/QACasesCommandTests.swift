import Foundation
import Testing
@testable import CasebookCLI
import Handbook
import Quiz
@testable import Records
import CasebookTestSupport

/// `casebook qa cases`: a section's audited production errors as quiz cases.
@Suite struct QACasesCommandTests {
    /// Audits on ip#ip-01 (unless said): errors by mod-1 (s-1, s-2, s-6), mod-4 (s-5, no case
    /// text), mod-5 (s-7, the text of s-1); s-3 (mod-2) overturned on appeal; s-4 (mod-3) right.
    static let audits = AuditFixture.csv([
        AuditFixture.row(1, ["moderator_action": "approve", "moderator_codes": "", "decision_time": "2026-11-20T08:00:00Z",
                             "case_text": "Tas KW replika logo mirip\nWA 0812 3456 7890 untuk order", "qa_comment": "The logo is a copy."]),
        AuditFixture.row(2, ["qa_action": "restrict", "case_text": "Sepatu lari original? harga 50rb"]),
        AuditFixture.row(3, ["moderator_id": "mod-2", "team": "th-live", "market": "TH", "moderator_action": "approve", "moderator_codes": "",
                             "appeal_outcome": "overturned", "case_text": "Watch"]),
        AuditFixture.row(4, ["moderator_id": "mod-3", "case_text": "Fine"]),
        AuditFixture.row(5, ["moderator_id": "mod-4", "team": "th-live", "vendor": "beta", "market": "TH", "moderator_action": "approve",
                             "moderator_codes": ""]),
        AuditFixture.row(6, ["moderator_action": "approve", "moderator_codes": "", "second_action": "approve", "second_reviewer_id": "qa-2",
                             "case_text": "Jam tangan"]),
        AuditFixture.row(7, ["moderator_id": "mod-5", "moderator_action": "approve", "moderator_codes": "", "decision_time": "2026-11-19",
                             "case_text": "tas kw  replika logo mirip\nWA [phone] untuk order"]),
        AuditFixture.row(8, ["moderator_action": "approve", "moderator_codes": "", "qa_codes": "IP-02", "sop_reference": "ip#ip-02"]),
    ])

    /// The handbook, three cases on ip#ip-01 and the audits imported; returns the tree and the common options.
    static func setUp() throws -> (TempTree, [String]) {
        var files = AuditFixture.files
        for i in 1...3 {
            files["Quizzes/cases/c\(i).md"] = FixtureText.caseFile(id: "c\(i)", decision: "remove", codes: "[IP-01]", sop: "ip#ip-01",
                                                                   title: "Bag \(i)", listing: "Text \(i)", rationale: "Because \(i).")
        }
        files["audit.csv"] = audits
        let t = try TempTree(files)
        let common = ["--db", t.path("data/cb.db"), "--content", t.path("Content")]
        let imported = CapturedConsole.run(["qa", "import", t.path("audit.csv"), "--source", "QA audit 2026-W48"] + common)
        #expect(imported.status == 0, "\(imported.stderr)")
        return (t, common)
    }

    @Test func errorsBecomeRedactedCasesOnceWithQAsDecisionAsGold() throws {
        let (t, common) = try Self.setUp()
        let dry = CapturedConsole.run(["qa", "cases", "--section", "ip#ip-01", "--dry-run"] + common)
        #expect(dry.status == 0, "\(dry.stderr)")
        let dryAgain = CapturedConsole.run(["qa", "cases", "--section", "ip#ip-01", "--dry-run"] + common)
        #expect(dryAgain.stdout == dry.stdout && dryAgain.stderr == dry.stderr, "the same records, the same output")
        #expect(dry.stderr.hasSuffix("Dry run: 2 cases from production errors on ip#ip-01 would be written into \(t.path("Quizzes"))/cases; 3 left out (above); nothing was written\n"))
        #expect(!FileManager.default.fileExists(atPath: t.path("Quizzes/cases/2026-w48")), "a dry run writes nothing")

        let run = CapturedConsole.run(["qa", "cases", "--section", "ip#ip-01"] + common)
        #expect(run.status == 0, "\(run.stderr)")
        let quizzes = t.path("Quizzes")
        #expect(run.stdout == """
            s-2 \(quizzes)/cases/2026-w48/qa-s-2.md: over-enforcement, gold restrict; nothing redacted
            s-1 \(quizzes)/cases/2026-w47/qa-s-1.md: under-enforcement, gold remove; nothing redacted

            """)
        #expect(run.stderr == """
            casebook: s-5: left out: no case text was imported with this audit (the case_text column of qa import); a case needs what the moderator saw
            casebook: s-6: left out: the two QA reviewers disagree (remove IP-01 against approve), so there is no agreed gold decision
            casebook: s-7: left out: the same case text as sample s-1
            Wrote 2 cases from production errors on ip#ip-01 into \(quizzes)/cases; 3 left out (above)

            """)
        let text = try String(contentsOfFile: t.path("Quizzes/cases/2026-w47/qa-s-1.md"), encoding: .utf8)
        #expect(!text.contains("0812") && text.contains("[phone]"), "redacted at import, never written")
        #expect(text.contains("reviewed: 2026-11-20") && text.contains("sampled: 2026-11-20") && text.contains("source: QA audit 2026-W48"))
        #expect(text.contains("The logo is a copy.\n\nQA decided remove IP-01 under IP-01 Counterfeit goods (ip#ip-01); in production the moderator chose approve (under-enforcement)."))
        // The cases load in the bank, QA's decision as gold, citing the section.
        let handbook = try Handbook.load(content: t.path("Content"))
        let bank = try QuizBank.load(quizzes: quizzes, handbook: handbook)
        #expect(bank.diagnostics.filter { $0.severity == .error }.isEmpty, "\(bank.diagnostics)")
        let s2 = try #require(bank.case("qa-s-2"))
        #expect(s2.decision == "restrict" && s2.codes == ["IP-01"] && s2.sop.description == "ip#ip-01" && s2.reviewed == "2026-11-24")
        #expect(s2.tags == ["imported", "production-error", "over-enforcement"])
        #expect(bank.case("qa-s-3") == nil, "overturned on appeal: the moderator was right")

        // Again: nothing new, nothing written twice.
        let again = CapturedConsole.run(["qa", "cases", "--section", "ip#ip-01"] + common)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == "Nothing new: 2 production errors on ip#ip-01 already are cases (s-2, s-1); 3 left out (above).\n")
    }

    @Test func limitAndSinceChooseTheErrors() throws {
        let (t, common) = try Self.setUp()
        let one = CapturedConsole.run(["qa", "cases", "--section", "ip#ip-01", "--limit", "1"] + common)
        #expect(one.status == 0 && one.stdout.hasPrefix("s-2 "), "\(one.stderr)")
        #expect(one.stderr.hasSuffix("; 3 left out (above); 1 more over --limit 1\n"))
        #expect(!FileManager.default.fileExists(atPath: t.path("Quizzes/cases/2026-w47/qa-s-1.md")))
        let since = CapturedConsole.run(["qa", "cases", "--section", "ip#ip-01", "--since", "2026-11-21"] + common)
        #expect(since.status == 0 && !since.stdout.contains("s-1 "), "\(since.stdout)")
        #expect(since.stdout == "Nothing new: 1 production error on ip#ip-01 since 2026-11-21 already is a case (s-2); 2 left out (above).\n", "\(since.stdout)")
    }

    @Test func aWrongSectionOrNoErrorsSayWhatToDo() throws {
        let (t, common) = try Self.setUp()
        defer { withExtendedLifetime(t) {} }
        let typo = CapturedConsole.run(["qa", "cases", "--section", "ip#ip-1"] + common)
        #expect(typo.status == 1)
        #expect(typo.stderr == "casebook: ip has no section '#ip-1'; did you mean ip#ip-01, ip#ip-02?\n")
        let page = CapturedConsole.run(["qa", "cases", "--section", "ipp#ip-01"] + common)
        #expect(page.stderr == "casebook: no SOP 'ipp' in the handbook; did you mean ip#ip-01, ip#ip-02?\n", "\(page.stderr)")
        #expect(CapturedConsole.run(["qa", "cases", "--section", "ip"] + common).stderr.contains("--section must name an SOP section as SOP-ID#ANCHOR"))
        let none = CapturedConsole.run(["qa", "cases", "--section", "ip#ip-02", "--since", "2026-12-01"] + common)
        #expect(none.status == 1)
        #expect(none.stderr == "casebook: no production errors on ip#ip-02 since 2026-12-01: no audit of it since 2026-12-01 is in the records (import QA audits with casebook qa import); nothing to make cases of\n")
        #expect(CapturedConsole.run(["qa", "cases", "--section", "ip#ip-01", "--limit", "0"] + common).status == 2)
        #expect(CapturedConsole.run(["qa", "cases"] + common).status == 2, "--section is required")
    }
}
