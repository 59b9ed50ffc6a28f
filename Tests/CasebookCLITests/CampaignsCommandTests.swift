import Foundation
import Testing
@testable import CasebookCLI
import Handbook
import Insights
import Publishing
@testable import Records
import CasebookTestSupport

@Suite struct CampaignsCommandTests {
    static func question(_ id: String, _ anchor: String) -> String {
        """
        ---
        id: \(id)
        type: single
        sop: [refunds#\(anchor)]
        ---
        # Within how many days may sellers appeal?

        - [x] fourteen
        - [ ] seven

        ## Explanation
        Version 1.10 says fourteen.
        """
    }

    /// The refunds history (1.10 changed only Appeals), three questions and three learners.
    static func setUp() throws -> (SOPHistoryFixture, String) {
        let fixture = try SOPHistoryFixture()
        try fixture.repository.commit(["Quizzes/questions/qa1.md": question("qa1", "appeals"), "Quizzes/questions/qa2.md": question("qa2", "appeals"),
                                       "Quizzes/questions/qc1.md": question("qc1", "contact")], message: "questions")
        let db = fixture.repository.root + "/data/cb.db"
        for (id, team, vendor, market) in [("amina", "id-listings", "in-house", "ID"), ("somchai", "th-listings", "acme", "TH"), ("vy", "vn-live", "acme", "VN")] {
            let r = CapturedConsole.run(["learners", "add", id, "--name", id.capitalized, "--team", team, "--vendor", vendor, "--market", market, "--db", db])
            #expect(r.status == 0, "\(r.stderr)")
        }
        return (fixture, db)
    }

    @Test func aCampaignAssignsTheUpdateAndReportsCompletion() throws {
        let (fixture, db) = try Self.setUp()
        let create = CapturedConsole.run(["campaigns", "create", "refunds", "--version", "1.10", "--due", "2099-12-15", "--markets", "id,TH", "--quiz", "2",
                                          "--content", fixture.content, "--db", db])
        #expect(create.status == 0, "\(create.stderr)")
        #expect(create.stdout == "Campaign 1: refunds 1.10 assigned to 2 learners, due 2099-12-15: read and acknowledge, then pass an update quiz of 2 questions (blueprint campaign-1, drawn from 2 items citing appeals).\n")
        let records = try Records(path: db)
        let campaign = try #require(try records.campaign(1))
        #expect(campaign.itemPool == ["qa1", "qa2"])
        #expect(campaign.previousVersion == "1.9" && campaign.sections == ["appeals"])
        #expect(try records.openTasks(learnerID: "amina").map(\.target) == [.acknowledge(sopID: "refunds", version: "1.10"), .passBlueprint("campaign-1")])
        #expect(try records.openTasks(learnerID: "vy").isEmpty)

        try records.acknowledge(learnerID: "amina", sopID: "refunds", version: "1.10")
        let csv = CapturedConsole.run(["campaigns", "show", "1", "--format", "csv", "--today", "2100-01-01", "--content", fixture.content, "--db", db])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout == """
            group,value,assigned,acknowledged,passed,overdue
            market,ID,1,1,0,1
            market,TH,1,0,0,1
            team,id-listings,1,1,0,1
            team,th-listings,1,0,0,1
            vendor,acme,1,0,0,1
            vendor,in-house,1,1,0,1
            overdue_learner,amina,1,1,0,1
            overdue_learner,somchai,1,0,0,1

            source,period,effective,sections,answers,learners,errors,error_rate,low,high,verdict
            quiz_answers,before,,appeals,0,0,0,0.0000,0.0000,1.0000,no_effective_date
            quiz_answers,after,,appeals,0,0,0,0.0000,0.0000,1.0000,no_effective_date

            """)
        let table = CapturedConsole.run(["campaigns", "show", "1", "--today", "2099-12-15", "--content", fixture.content, "--db", db])
        #expect(table.stdout.contains("No learner is overdue."))
        #expect(table.stdout.contains("ID      1         1             0       0"))
        let late = CapturedConsole.run(["campaigns", "show", "1", "--today", "2100-01-01", "--content", fixture.content, "--db", db])
        #expect(late.stdout.contains("somchai  Somchai  TH      th-listings  acme      acknowledge, pass campaign-1"))
        let json = CapturedConsole.run(["campaigns", "show", "1", "--format", "json", "--today", "2100-01-01", "--content", fixture.content, "--db", db])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["by_vendor"] as? [[String: Any]])?.map { $0["vendor"] as? String } == ["acme", "in-house"])
        #expect((object["overdue_learners"] as? [[String: Any]])?.map { $0["id"] as? String } == ["amina", "somchai"])
        // Same input, same bytes.
        #expect(CapturedConsole.run(["campaigns", "show", "1", "--format", "json", "--today", "2100-01-01", "--content", fixture.content, "--db", db]).stdout == json.stdout)

        let list = CapturedConsole.run(["campaigns", "--json", "--db", db])
        let campaigns = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(campaigns.map { $0["learners"] as? Int } == [2])
        #expect(CapturedConsole.run(["campaigns", "list", "--db", db]).stdout.hasPrefix("ID\tSOP\tVERSION\tDUE\tLEARNERS\tQUIZ\tCREATED\n1\trefunds\t1.10\t2099-12-15\t2\t2\t"))
    }

    /// An item citing a changed section and reviewed before the change is held from exams, so
    /// the update quiz (an exam) must not count it: the campaign is refused, naming the item.
    @Test func oneLearnerAndOneQuestionAreWrittenInTheSingular() throws {
        let (fixture, db) = try Self.setUp()
        let create = CapturedConsole.run(["campaigns", "create", "refunds", "--version", "1.10", "--due", "2099-12-15", "--markets", "VN", "--quiz", "1",
                                          "--content", fixture.content, "--db", db])
        #expect(create.status == 0, "\(create.stderr)")
        #expect(create.stdout == "Campaign 1: refunds 1.10 assigned to 1 learner, due 2099-12-15: read and acknowledge, then pass an update quiz of 1 question (blueprint campaign-1, drawn from 2 items citing appeals).\n")
        let show = CapturedConsole.run(["campaigns", "show", "1", "--today", "2099-12-01", "--content", fixture.content, "--db", db])
        #expect(show.stdout.hasPrefix("Campaign 1: refunds 1.10 (since 1.9), due 2099-12-15; 1 learner assigned, update quiz of 1 question (blueprint campaign-1); as of 2099-12-01\n"), "\(show.stdout)")
    }

    @Test func itemsNeedingReviewAfterTheChangeAreNotInTheUpdateQuizPool() throws {
        let (fixture, db) = try Self.setUp()
        let stale = Self.question("qa2", "appeals").replacingOccurrences(of: "sop: [refunds#appeals]", with: "sop: [refunds#appeals]\nreviewed: 2000-01-01")
        try fixture.repository.commit(["Quizzes/questions/qa2.md": stale], message: "qa2 reviewed long ago")
        let refused = CapturedConsole.run(["campaigns", "create", "refunds", "--version", "1.10", "--due", "2099-12-15", "--quiz", "2",
                                           "--content", fixture.content, "--db", db])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("2 are ready") == false)
        #expect(refused.stderr.contains("1 is ready; 1 more needs review after this change (qa2): check each against v1.10 and update its 'reviewed' date"), "\(refused.stderr)")
        #expect(try Records(path: db).campaigns().isEmpty)
        let one = CapturedConsole.run(["campaigns", "create", "refunds", "--version", "1.10", "--due", "2099-12-15", "--quiz", "1",
                                       "--content", fixture.content, "--db", db])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(try #require(try Records(path: db).campaign(1)).itemPool == ["qa1"])
    }

    @Test func badCampaignsSayWhatIsWrongAndWriteNothing() throws {
        let (fixture, db) = try Self.setUp()
        func create(_ extra: [String]) -> (status: Int32, stdout: String, stderr: String) {
            CapturedConsole.run(["campaigns", "create"] + extra + ["--content", fixture.content, "--db", db])
        }
        let unknownSOP = create(["nope", "--version", "1.10", "--due", "2099-12-15"])
        #expect(unknownSOP.status == 1 && unknownSOP.stderr.contains("no SOP with id 'nope'"))
        let unknownVersion = create(["refunds", "--version", "2.0", "--due", "2099-12-15"])
        #expect(unknownVersion.status == 1 && unknownVersion.stderr.contains("refunds has no version 2.0; its versions are 1.0, 1.9, 1.10"))
        let past = create(["refunds", "--version", "1.10", "--due", "2020-01-01"])
        #expect(past.status == 1 && past.stderr.contains("the due date 2020-01-01 is in the past"))
        let notADate = create(["refunds", "--version", "1.10", "--due", "2099-02-30"])
        #expect(notADate.status == 2 && notADate.stderr.contains("--due must be a date written YYYY-MM-DD"))
        let tooBig = create(["refunds", "--version", "1.10", "--due", "2099-12-15", "--quiz", "3"])
        #expect(tooBig.status == 1 && tooBig.stderr.contains("needs 3 active cases or questions citing the changed sections of refunds (appeals) and reviewed since; 2 are ready. Write more"))
        let nobody = create(["refunds", "--version", "1.10", "--due", "2099-12-15", "--markets", "BR"])
        #expect(nobody.status == 1 && nobody.stderr.contains("no learner is in markets BR"))
        // Moderators can acknowledge only the version the site shows: an older one's tasks
        // could never be completed.
        let old = create(["refunds", "--version", "1.9", "--due", "2099-12-15"])
        #expect(old.status == 1 && old.stderr.contains("refunds is at version 1.10 now: moderators can acknowledge only the version the site shows, so a campaign for 1.9 could never be completed; create it for 1.10"), "\(old.stderr)")
        // An empty list (an unset shell variable) is not "everyone".
        for option in ["--markets", "--teams", "--vendors"] {
            for empty in ["", " , "] {
                let none = create(["refunds", "--version", "1.10", "--due", "2099-12-15", option, empty])
                #expect(none.status == 2 && none.stderr.contains("\(option) needs at least one value"), "\(option) '\(empty)': \(none.stderr)")
            }
        }
        let records = try Records(path: db)
        #expect(try records.campaigns().isEmpty)
        #expect(try records.tasks().isEmpty)
        let missing = CapturedConsole.run(["campaigns", "show", "7", "--db", db])
        #expect(missing.status == 1 && missing.stderr.contains("no campaign 7"))
    }

    /// The version as the trainer writes it ("v1.10", "1.10.0") is stored as the SOP spells
    /// it: the site's acknowledgement of "1.10" then completes the task.
    @Test func theVersionIsStoredAsTheSOPSpellsIt() throws {
        let (fixture, db) = try Self.setUp()
        for (n, (given, market)) in [("v1.10", "ID"), ("1.10.0", "TH")].enumerated() {
            let create = CapturedConsole.run(["campaigns", "create", "refunds", "--version", given, "--due", "2099-12-15", "--markets", market,
                                              "--content", fixture.content, "--db", db])
            #expect(create.status == 0, "\(create.stderr)")
            #expect(create.stdout.hasPrefix("Campaign \(n + 1): refunds 1.10 assigned to 1 learner"), "\(create.stdout)")
        }
        let records = try Records(path: db)
        #expect(try records.campaigns().map(\.version) == ["1.10", "1.10"])
        #expect(try records.openTasks(learnerID: "somchai").map(\.target) == [.acknowledge(sopID: "refunds", version: "1.10")])
        try records.acknowledge(learnerID: "somchai", sopID: "refunds", version: "1.10")
        #expect(try records.openTasks(learnerID: "somchai").isEmpty)
        // Spelt another way, the same version for the same learners is the same campaign again.
        let again = CapturedConsole.run(["campaigns", "create", "refunds", "--version", "v1.10", "--due", "2099-12-15", "--markets", "TH",
                                         "--content", fixture.content, "--db", db])
        #expect(again.status == 1 && again.stderr.contains("already has refunds 1.10 to acknowledge from campaign 2"), "\(again.stderr)")
    }

    @Test func filtersThatMatchNobodyAreNamedAndWriteNothing() throws {
        let (fixture, db) = try Self.setUp()
        func create(_ extra: [String]) -> (status: Int32, stdout: String, stderr: String) {
            CapturedConsole.run(["campaigns", "create", "refunds", "--version", "1.10", "--due", "2099-12-15"] + extra + ["--content", fixture.content, "--db", db])
        }
        // One misspelt value among good ones used to leave its learners out without a word.
        let team = create(["--teams", "id-listings,id-listing"])
        #expect(team.status == 1, "\(team.stdout)")
        #expect(team.stderr.contains("no learner is in teams id-listing (teams with learners: id-listings, th-listings, vn-live); check the spelling in --teams"))
        #expect(team.stderr.contains("Nothing was written"))
        let vendor = create(["--vendors", "acme,acne"])
        #expect(vendor.status == 1 && vendor.stderr.contains("no learner is in vendors acne (vendors with learners: acme, in-house)"), "\(vendor.stderr)")
        let market = create(["--markets", "ID,XX"])
        #expect(market.status == 1 && market.stderr.contains("no learner is in markets XX (markets with learners: ID, TH, VN)"), "\(market.stderr)")
        let records = try Records(path: db)
        #expect(try records.campaigns().isEmpty)
        #expect(try records.tasks().isEmpty)
        // Values that all match someone still work, in any case for markets.
        #expect(create(["--markets", "id,TH", "--teams", "id-listings,th-listings"]).status == 0)
    }

    /// The same campaign created twice (a command run again, a script retried) gave every
    /// learner the same task twice. Without a quiz, learners another campaign already gave the
    /// version to acknowledge are left out, and a campaign that would add nothing is refused.
    @Test func aCampaignRunTwiceGivesNoLearnerTheSameTaskTwice() throws {
        let (fixture, db) = try Self.setUp()
        func create(_ extra: [String]) -> (status: Int32, stdout: String, stderr: String) {
            CapturedConsole.run(["campaigns", "create", "refunds", "--version", "1.10", "--due", "2099-12-15"] + extra + ["--content", fixture.content, "--db", db])
        }
        #expect(create(["--markets", "ID"]).status == 0)
        let again = create(["--markets", "ID"])
        #expect(again.status == 1, "\(again.stdout)")
        #expect(again.stderr.contains("every learner it applies to (1) already has refunds 1.10 to acknowledge from campaign 1 (casebook campaigns show 1)"), "\(again.stderr)")
        #expect(again.stderr.contains("Nothing was written"))
        let records = try Records(path: db)
        #expect(try records.campaigns().count == 1 && records.openTasks(learnerID: "amina").count == 1)
        // Wider: only the learners not yet assigned.
        let wider = create(["--markets", "ID,TH"])
        #expect(wider.status == 0, "\(wider.stderr)")
        #expect(wider.stdout == "Campaign 2: refunds 1.10 assigned to 1 learner, due 2099-12-15: read and acknowledge; 1 other learner already had it to acknowledge from campaign 1 and is left out.\n", "\(wider.stdout)")
        #expect(try records.openTasks(learnerID: "amina").count == 1 && records.openTasks(learnerID: "somchai").count == 1)
        // With an update quiz it adds something: allowed.
        #expect(create(["--markets", "ID", "--quiz", "1"]).status == 0)
        #expect(try records.openTasks(learnerID: "amina").contains { $0.target == .passBlueprint("campaign-3") })
    }

    /// Refunds 1.10 takes effect on 2026-05-01; amina and six more learners in market ID
    /// answer qa1 (appeals) 40 times before (12 wrong) and 40 times after (2 wrong). vy (VN,
    /// not assigned) and qc1 (contact, unchanged) answers must not count.
    @Test func didItWorkInEveryFormat() throws {
        let (fixture, db) = try Self.setUp()
        try fixture.repository.commit(["Content/trust/refunds.md": SOPHistoryFixture.version110.replacingOccurrences(
            of: "version: \"1.10\"\n", with: "version: \"1.10\"\neffective: 2026-05-01\n")], message: "effective date")
        let records = try Records(path: db)
        let learners = ["amina"] + (0..<6).map { "l\($0)" }
        for l in learners.dropFirst() { try records.addLearner(Learner(id: l, name: l.uppercased(), team: "id-listings", vendor: "in-house", market: "ID")) }
        let create = CapturedConsole.run(["campaigns", "create", "refunds", "--version", "1.10", "--due", "2026-06-01", "--markets", "ID", "--today", "2026-05-10",
                                          "--content", fixture.content, "--db", db])
        #expect(create.status == 0, "\(create.stderr)")
        func answers(_ n: Int, wrong: Int, day: String, item: String = "qa1", by who: [String]) throws {
            var attempts: [String: Int64] = [:]
            for i in 0..<n {
                let learner = who[i % who.count]
                if attempts[learner] == nil {
                    attempts[learner] = try records.startAttempt(learnerID: learner, blueprintID: "practice", seed: 1, contentVersion: "", mode: "practice", itemsJSON: "[]")
                }
                try records.recordResponse(ResponseRecord(attemptID: attempts[learner]!, position: i, itemID: item, itemVersion: "", kind: "knowledge",
                                                          chosen: "a", score: i < wrong ? 0 : 1, answeredAt: "\(day)T10:00:00.000Z"))
            }
        }
        try answers(40, wrong: 12, day: "2026-04-20", by: learners)
        try answers(40, wrong: 2, day: "2026-05-01", by: learners)
        try answers(10, wrong: 10, day: "2026-05-02", by: ["vy"])
        try answers(10, wrong: 10, day: "2026-05-02", item: "qc1", by: learners)
        func show(_ format: String) -> (status: Int32, stdout: String, stderr: String) {
            CapturedConsole.run(["campaigns", "show", "1", "--format", format, "--today", "2026-05-10", "--content", fixture.content, "--db", db])
        }
        let table = show("table")
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("22 days left. What changed: sop/refunds/diff-1.9-1.10.html in the built site.\n"))
        #expect(table.stdout.hasSuffix("""

            Did it work? Errors on the changed sections (appeals), from quiz answers, before and after 1.10 took effect on 2026-05-01:
            PERIOD  ANSWERS  LEARNERS  ERRORS  ERROR RATE  95% INTERVAL
            before  40       7         12      30.0%       18.1%-45.4%
            after   40       7         2       5.0%        1.4%-16.5%
            The same learners before and after: 7 (Mantel-Haenszel z = 2.56, p = 0.010).
            Verdict: fewer errors after; intervals do not overlap.

            """), "\(table.stdout)")
        let csv = show("csv")
        #expect(csv.stdout.hasSuffix("""

            source,period,effective,sections,answers,learners,errors,error_rate,low,high,verdict
            quiz_answers,before,2026-05-01,appeals,40,7,12,0.3000,0.1807,0.4543,fewer_errors
            quiz_answers,after,2026-05-01,appeals,40,7,2,0.0500,0.0138,0.1650,fewer_errors

            """), "\(csv.stdout)")
        let json = show("json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        // The keys from before stay; the new ones are added.
        #expect(Set(object.keys).isSuperset(of: ["id", "sop", "version", "previous_version", "due", "markets", "teams", "vendors", "quiz", "blueprint", "sections",
                                                 "item_pool", "learners", "created", "as_of", "by_market", "by_team", "by_vendor", "overdue_learners"]))
        #expect(object["days_left"] as? Int == 22 && object["title"] as? String == "Refund abuse")
        #expect(object["diff_url"] as? String == SiteURL.diff("refunds", from: "1.9", to: "1.10"), "the same address as the built diff page")
        let outcome = try #require((object["did_it_work"] as? [[String: Any]])?.first)
        #expect(outcome["source"] as? String == "quiz_answers" && outcome["verdict"] as? String == "fewer_errors" && outcome["effective"] as? String == "2026-05-01")
        let before = try #require(outcome["before"] as? [String: Any])
        #expect(before["answers"] as? Int == 40 && before["errors"] as? Int == 12 && before["learners"] as? Int == 7)
        #expect(before["error_rate"] as? Double == 0.3 && before["low"] as? Double == 0.1807 && before["high"] as? Double == 0.4543)
        #expect(outcome["minimum_answers"] as? Int == 30 && outcome["minimum_learners"] as? Int == 5)
        // Learner by learner: five erred 2 of 6 times before, two 1 of 5; after, two erred once.
        let within = try #require(outcome["within_learners"] as? [String: Any])
        #expect(within["learners"] as? Int == 7 && within["z"] as? Double == 2.5596 && within["p"] as? Double == 0.0105, "\(within)")
        // Same input, same bytes, in every format.
        for (format, first) in [("table", table), ("csv", csv), ("json", json)] { #expect(show(format).stdout == first.stdout, "\(format)") }
        // Without the content folder, completion is still shown and the table says what is missing.
        let bare = CapturedConsole.run(["campaigns", "show", "1", "--today", "2026-05-10", "--content", fixture.repository.root + "/nowhere", "--db", db])
        #expect(bare.status == 0 && bare.stdout.contains("Did it work? Not shown: no content folder at"))
    }

    /// Once QA audits are imported, "did it work?" also compares the assigned moderators'
    /// production errors on the changed sections before and after the effective date.
    @Test func productionAuditsShowBesideTheQuizAnswers() throws {
        let (fixture, db) = try Self.setUp()
        try fixture.repository.commit(["Content/trust/refunds.md": SOPHistoryFixture.version110.replacingOccurrences(
            of: "version: \"1.10\"\n", with: "version: \"1.10\"\neffective: 2026-05-01\n")], message: "effective date")
        let records = try Records(path: db)
        let learners = ["amina"] + (0..<6).map { "l\($0)" }
        for l in learners.dropFirst() { try records.addLearner(Learner(id: l, name: l.uppercased(), team: "id-listings", vendor: "in-house", market: "ID")) }
        #expect(CapturedConsole.run(["campaigns", "create", "refunds", "--version", "1.10", "--due", "2026-06-01", "--markets", "ID", "--today", "2026-05-10",
                                     "--content", fixture.content, "--db", db]).status == 0)
        func show(_ format: String) -> (status: Int32, stdout: String, stderr: String) {
            CapturedConsole.run(["campaigns", "show", "1", "--format", format, "--today", "2026-05-10", "--content", fixture.content, "--db", db])
        }
        let quizOnly = show("table")
        #expect(!quizOnly.stdout.contains("production QA audits"), "no audits imported: no production evidence")

        // 40 decisions before (12 errors) and 40 after (30 errors) by the 7 learners; vy's are not counted.
        var rows: [[String: String]] = []
        for i in 0..<90 {
            var values = ["moderator_id": i < 80 ? learners[i % 7] : "vy", "sop_reference": "refunds#appeals", "moderator_codes": "", "qa_codes": "",
                          "decision_time": i < 40 ? "2026-04-20" : "2026-05-03"]
            if i < 12 || (40..<70).contains(i) || i >= 80 { values["moderator_action"] = "approve" }
            rows.append(AuditFixture.row(i, values))
        }
        try fixture.repository.commit(["audit.csv": AuditFixture.csv(rows)], message: "audits")
        let handbook = try Handbook.load(content: fixture.content)
        let imported = try AuditImporter(records: records, handbook: handbook, actions: ["approve", "remove"], source: "QA audit 2026-W18")
            .run(input: fixture.repository.root + "/audit.csv")
        #expect(imported.written && imported.imported == 90, "\(imported.rejected)")

        let table = show("table")
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.hasSuffix("""

            Did it work? Errors on the changed sections (appeals), from production QA audits, before and after 1.10 took effect on 2026-05-01:
            PERIOD  DECISIONS  LEARNERS  ERRORS  ERROR RATE  95% INTERVAL
            before  40         7         12      30.0%       18.1%-45.4%
            after   40         7         30      75.0%       59.8%-85.8%
            The same learners before and after: 7 (Mantel-Haenszel z = -3.65, p < 0.001).
            Verdict: more errors after; intervals do not overlap.

            """), "\(table.stdout)")
        #expect(table.stdout.contains("from quiz answers, before and after 1.10 took effect on 2026-05-01:"), "the quiz evidence is still shown, first")
        let csv = show("csv")
        #expect(csv.stdout.hasSuffix("""
            production_audits,before,2026-05-01,appeals,40,7,12,0.3000,0.1807,0.4543,more_errors
            production_audits,after,2026-05-01,appeals,40,7,30,0.7500,0.5981,0.8581,more_errors

            """), "\(csv.stdout)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(show("json").stdout.utf8)) as? [String: Any])
        #expect((object["did_it_work"] as? [[String: Any]])?.map { $0["source"] as? String } == ["quiz_answers", "production_audits"])
        for (format, first) in [("table", table), ("csv", csv)] { #expect(show(format).stdout == first.stdout, "\(format)") }
    }
}

/// `casebook build --content C` (a one-letter relative folder) crashed in Foundation while
/// finding the Quizzes folder beside it.
@Suite struct QuizzesBesideContentTests {
    @Test func aOneLetterContentFolderHasItsQuizzesBesideIt() {
        #expect(DataPaths.quizzes(besides: "C") == "Quizzes")
        #expect(DataPaths.quizzes(besides: "h/C") == "h/Quizzes")
        #expect(DataPaths.quizzes(besides: "Content") == "Quizzes")
    }
}
