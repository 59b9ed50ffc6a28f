import Foundation
import Testing
@testable import CasebookCLI
@testable import Records
import CasebookTestSupport

/// `casebook retrain`: a targeted quiz for the moderators with production errors on a section.
/// The audits are those of `QACasesCommandTests`: on ip#ip-01, errors by mod-1 and mod-5
/// (team id-listings) and mod-4 (team th-live); mod-2's was overturned on appeal.
@Suite struct RetrainCommandTests {
    @Test func assignsTheTeamsModeratorsWithErrorsOnceAndTheRestLater() throws {
        let (t, common) = try QACasesCommandTests.setUp()
        let options = ["--section", "ip#ip-01", "--quiz", "2", "--today", "2026-12-01"] + common
        let team = CapturedConsole.run(["retrain", "--team", "id-listings"] + options)
        #expect(team.status == 0, "\(team.stderr)")
        #expect(team.stdout == """
            Retraining 1 on ip#ip-01 (Counterfeit, IP-01 Counterfeit goods): a quiz of 2 questions (blueprint retrain-1, drawn from 3 items citing the section), due 2026-12-15, assigned to 2 moderators with production errors there.
            MODERATOR  MARKET  TEAM         VENDOR  ERRORS  LAST ERROR
            mod-1      ID      id-listings  acme    3       2026-11-24
            mod-5      ID      id-listings  acme    1       2026-11-19

            """)
        let records = try Records(path: t.path("data/cb.db"))
        #expect(try records.openTasks(learnerID: "mod-1").map(\.target) == [.passBlueprint("retrain-1")])
        #expect(try records.openTasks(learnerID: "mod-1").first?.due == "2026-12-15")
        #expect(try records.openTasks(learnerID: "mod-4").isEmpty, "team th-live is not asked for")
        #expect(try records.openTasks(learnerID: "mod-2").isEmpty && records.openTasks(learnerID: "mod-3").isEmpty)
        #expect(try records.retraining(1)?.itemPool == ["c1", "c2", "c3"] && records.retraining(1)?.teams == ["id-listings"])

        // Again: nothing added.
        let again = CapturedConsole.run(["retrain", "--team", "id-listings"] + options)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == "Nothing to assign: the 2 moderators with production errors on ip#ip-01 in teams id-listings already have a retraining on it (open, or passed since their last error there): mod-1, mod-5.\n")
        #expect(try records.tasks().count == 2 && records.retrainings().count == 1)

        // Without the team: only mod-4 is new.
        let all = CapturedConsole.run(["retrain"] + options)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.hasPrefix("Retraining 2 on ip#ip-01"))
        #expect(all.stdout.contains("\nmod-4      TH      th-live  beta    1       2026-11-24\nmod-1, mod-5 already have a retraining on it"), "\(all.stdout)")
        #expect(try records.tasks().map(\.learnerID).sorted() == ["mod-1", "mod-4", "mod-5"])
    }

    @Test func aMisspeltTeamAmongGoodOnesIsNamedAndNothingIsWritten() throws {
        let (t, common) = try QACasesCommandTests.setUp()
        let options = ["--section", "ip#ip-01", "--quiz", "2", "--today", "2026-12-01"] + common
        let typo = CapturedConsole.run(["retrain", "--team", "id-listings,id-listngs"] + options)
        #expect(typo.status == 1)
        #expect(typo.stderr == "casebook: no learner is in teams id-listngs (teams with learners: id-listings, th-live); check the spelling in --team, or add learners with casebook learners add --team. Nothing was written\n")
        let vendor = CapturedConsole.run(["retrain", "--vendor", "acne"] + options)
        #expect(vendor.stderr.contains("no learner is in vendors acne (vendors with learners: acme, beta)"), "\(vendor.stderr)")
        let market = CapturedConsole.run(["retrain", "--market", "id,XX"] + options)
        #expect(market.stderr.contains("no learner is in markets XX (markets with learners: ID, TH)"), "\(market.stderr)")
        #expect(try Records(path: t.path("data/cb.db")).tasks().isEmpty)
    }

    @Test func badRequestsSayWhatToDo() throws {
        let (t, common) = try QACasesCommandTests.setUp()
        let today = ["--today", "2026-12-01"]
        let tooMany = CapturedConsole.run(["retrain", "--section", "ip#ip-01"] + today + common)
        #expect(tooMany.status == 1)
        #expect(tooMany.stderr == "casebook: a retraining quiz of 5 questions needs 5 active cases or questions citing ip#ip-01 and reviewed since its last change; 3 are ready. Write more (casebook qa cases --section ip#ip-01 turns its production errors into cases), or give a smaller --quiz. Nothing was written\n")
        let typo = CapturedConsole.run(["retrain", "--section", "ip#ip-1", "--quiz", "2"] + today + common)
        #expect(typo.stderr == "casebook: ip has no section '#ip-1'; did you mean ip#ip-01, ip#ip-02?\n")
        let none = CapturedConsole.run(["retrain", "--section", "ip#ip-01", "--since", "2026-11-25", "--quiz", "2"] + today + common)
        #expect(none.status == 1)
        #expect(none.stderr == "casebook: no production errors on ip#ip-01 since 2026-11-25: no audit of it since 2026-11-25 is in the records (import QA audits with casebook qa import); nothing to retrain. Nothing was written\n")
        let outside = CapturedConsole.run(["retrain", "--section", "ip#ip-01", "--quiz", "2", "--vendor", "beta", "--team", "id-listings"] + today + common)
        #expect(outside.stderr.hasPrefix("casebook: none of the 3 moderators with production errors on ip#ip-01 is in teams id-listings, vendors beta (mod-1, mod-4, mod-5)"), "\(outside.stderr)")
        let past = CapturedConsole.run(["retrain", "--section", "ip#ip-01", "--quiz", "2", "--due", "2026-11-01"] + today + common)
        #expect(past.status == 1 && past.stderr.contains("the due date 2026-11-01 is in the past"))
        #expect(CapturedConsole.run(["retrain", "--section", "ip#ip-01", "--quiz", "0"] + today + common).status == 2)
        #expect(try Records(path: t.path("data/cb.db")).tasks().isEmpty)
    }
}
