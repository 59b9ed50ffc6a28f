import Foundation
import Testing
@testable import CasebookCLI
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
        let csv = CapturedConsole.run(["campaigns", "show", "1", "--format", "csv", "--today", "2100-01-01", "--db", db])
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

            """)
        let table = CapturedConsole.run(["campaigns", "show", "1", "--today", "2099-12-15", "--db", db])
        #expect(table.stdout.contains("No learner is overdue."))
        #expect(table.stdout.contains("ID      1         1             0       0"))
        let late = CapturedConsole.run(["campaigns", "show", "1", "--today", "2100-01-01", "--db", db])
        #expect(late.stdout.contains("somchai  Somchai  TH      th-listings  acme      acknowledge, pass campaign-1"))
        let json = CapturedConsole.run(["campaigns", "show", "1", "--format", "json", "--today", "2100-01-01", "--db", db])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["by_vendor"] as? [[String: Any]])?.map { $0["vendor"] as? String } == ["acme", "in-house"])
        #expect((object["overdue_learners"] as? [[String: Any]])?.map { $0["id"] as? String } == ["amina", "somchai"])
        // Same input, same bytes.
        #expect(CapturedConsole.run(["campaigns", "show", "1", "--format", "json", "--today", "2100-01-01", "--db", db]).stdout == json.stdout)

        let list = CapturedConsole.run(["campaigns", "--json", "--db", db])
        let campaigns = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(campaigns.map { $0["learners"] as? Int } == [2])
        #expect(CapturedConsole.run(["campaigns", "list", "--db", db]).stdout.hasPrefix("ID\tSOP\tVERSION\tDUE\tLEARNERS\tQUIZ\tCREATED\n1\trefunds\t1.10\t2099-12-15\t2\t2\t"))
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
        #expect(tooBig.status == 1 && tooBig.stderr.contains("needs 3 active cases or questions citing the changed sections of refunds (appeals); 2 do"))
        let nobody = create(["refunds", "--version", "1.10", "--due", "2099-12-15", "--markets", "BR"])
        #expect(nobody.status == 1 && nobody.stderr.contains("no learner is in markets BR"))
        let records = try Records(path: db)
        #expect(try records.campaigns().isEmpty)
        #expect(try records.tasks().isEmpty)
        let missing = CapturedConsole.run(["campaigns", "show", "7", "--db", db])
        #expect(missing.status == 1 && missing.stderr.contains("no campaign 7"))
    }
}
