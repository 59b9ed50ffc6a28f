import CivilDate
import Foundation
import Testing
@testable import CasebookCLI
@testable import Records
import CasebookTestSupport

/// `casebook paths` and `casebook certs` on the sample bank's id-listings-moderator path.
@Suite struct PathsCommandTests {
    static let root = CLIRunner.repositoryRoot

    /// Learners: amina and budi (ID, team id-listings), somchai (TH, team id-listings), vy (VN, team vn-live).
    static func setUp() throws -> (TempTree, [String]) {
        let t = try TempTree()
        let db = t.path("data/cb.db")
        for (id, team, market) in [("amina", "id-listings", "ID"), ("budi", "id-listings", "ID"), ("somchai", "id-listings", "TH"), ("vy", "vn-live", "VN")] {
            let r = CapturedConsole.run(["learners", "add", id, "--name", id.capitalized, "--team", team, "--market", market, "--db", db])
            #expect(r.status == 0, "\(r.stderr)")
        }
        return (t, ["--db", db, "--content", root + "/Content"])
    }

    /// Completes amina's path through the records: reads, a pass, a calibration session.
    static func complete(_ records: Records, _ learner: String) throws {
        for (sop, version) in [("prohibited-items", "4.1"), ("counterfeit-and-ip", "3.2"), ("restricted-items", "5.0"), ("qa-sampling-and-calibration", "1.9")] {
            try records.acknowledge(learnerID: learner, sopID: sop, version: version)
        }
        for (blueprint, passed) in [("market-id-listings", true), ("calibration-2026-w46", false)] {
            let id = try records.startAttempt(learnerID: learner, blueprintID: blueprint, seed: 1, contentVersion: "v", mode: "exam", itemsJSON: "[]")
            try records.finishAttempt(id, percent: passed ? 90 : 40, passed: passed)
        }
    }

    @Test func assignsATeamOnceWithinThePathsMarkets() throws {
        let (t, common) = try Self.setUp()
        let assign = CapturedConsole.run(["paths", "assign", "id-listings-moderator", "--team", "id-listings", "--start", "2026-12-01", "--today", "2026-12-01"] + common)
        #expect(assign.status == 0, "\(assign.stderr)")
        #expect(assign.stdout == """
            Path id-listings-moderator assigned to 2 learners (amina, budi), starting 2026-12-01: 12 tasks, source path:id-listings-moderator.
            STEP                DOES                                                                   DUE         AFTER
            read-core-sops      acknowledge prohibited-items, counterfeit-and-ip                       2026-12-04  -
            read-restricted-id  acknowledge restricted-items#market-table, restricted-items#procedure  2026-12-06  -
            pass-id-listings    pass market-id-listings                                                2026-12-11  read-core-sops, read-restricted-id
            read-calibration    acknowledge qa-sampling-and-calibration#calibration-sessions           2026-12-11  -
            calibration         take part in calibration-2026-w46                                      2026-12-22  pass-id-listings, read-calibration
            Completing every step grants id-listings, valid 180 days.

            """)
        let records = try Records(path: t.path("data/cb.db"))
        #expect(try records.tasks(source: "path:id-listings-moderator").count == 12)
        #expect(try records.tasks(learnerID: "somchai").isEmpty, "TH is not in the path's markets")
        // Again: nothing is added.
        let again = CapturedConsole.run(["paths", "assign", "id-listings-moderator", "--learner", "amina", "--start", "2026-12-03"] + common)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == "Path id-listings-moderator: nothing to add; amina already has it.\n")
        #expect(try records.tasks().count == 12)
        // The list counts them.
        let list = CapturedConsole.run(["paths", "list", "--today", "2026-12-01"] + common)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.hasPrefix("id-listings-moderator: ID listings moderator (moderator, id-listings)\n  applies to: markets ID; assigned to 2 learners\n  certificate: id-listings, valid 180 days; recertify by passing recert-restricted-items-2026-09, assigned 30 days before expiry\n"))
    }

    @Test func badAssignmentsSayWhatIsWrongAndWriteNothing() throws {
        let (t, common) = try Self.setUp()
        let unknown = CapturedConsole.run(["paths", "assign", "id-listings", "--team", "id-listings"] + common)
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "casebook: no path 'id-listings' in \(Self.root)/Quizzes/paths; available: id-listings-moderator. Nothing was written\n")
        let nobody = CapturedConsole.run(["paths", "assign", "id-listings-moderator", "--team", "id-lisitngs"] + common)
        #expect(nobody.status == 1)
        // A misspelt team is named with the teams learners have, by the check campaigns use (LearnerFilter.unknownValues).
        #expect(nobody.stderr == "casebook: no learner is in teams id-lisitngs (teams with learners: id-listings, vn-live); check the spelling in --team, or add learners with casebook learners add --team. Nothing was written\n")
        let market = CapturedConsole.run(["paths", "assign", "id-listings-moderator", "--market", "IDN"] + common)
        #expect(market.status == 1 && market.stderr.contains("no learner is in markets IDN (markets with learners: ID, TH, VN); check the spelling in --market"), "\(market.stderr)")
        let outside = CapturedConsole.run(["paths", "assign", "id-listings-moderator", "--team", "vn-live"] + common)
        #expect(outside.stderr.contains("none of the 1 learner in team vn-live is in the path's markets ID"))
        let wrongMarket = CapturedConsole.run(["paths", "assign", "id-listings-moderator", "--learner", "somchai"] + common)
        #expect(wrongMarket.status == 1)
        #expect(wrongMarket.stderr.hasPrefix("casebook: path 'id-listings-moderator' applies to markets ID and somchai is in market TH"))
        let noLearner = CapturedConsole.run(["paths", "assign", "id-listings-moderator", "--learner", "zed"] + common)
        #expect(noLearner.stderr.hasPrefix("casebook: no learner 'zed'; add them with"))
        #expect(CapturedConsole.run(["paths", "assign", "id-listings-moderator"] + common).status == 2)
        #expect(CapturedConsole.run(["paths", "assign", "id-listings-moderator", "--team", "a", "--market", "ID"] + common).status == 2)
        #expect(CapturedConsole.run(["paths", "assign", "id-listings-moderator", "--market", "ID", "--start", "1/12"] + common).status == 2)
        let records = try Records(path: t.path("data/cb.db"))
        #expect(try records.tasks().isEmpty)
        #expect(try records.pathProgress(learnerID: "amina").isEmpty)
    }

    @Test func certsListsCertificatesAndAssignsRecertificationInTheWindow() throws {
        let (t, common) = try Self.setUp()
        let db = t.path("data/cb.db")
        #expect(CapturedConsole.run(["paths", "assign", "id-listings-moderator", "--market", "ID", "--start", "2026-12-01"] + common).status == 0)
        let records = try Records(path: db)
        try Self.complete(records, "amina")
        let cert = try #require(try records.certificates(learnerID: "amina").first)
        let granted = String(cert.grantedAt.prefix(10))
        let expires = try #require(CivilDate(iso: cert.expires))
        let dbOnly = ["--db", db]
        // Before the window: listed, no recertification yet.
        let early = CivilDate(days: expires.days - 40).iso
        let csv = CapturedConsole.run(["certs", "--format", "csv", "--today", early] + dbOnly)
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout == """
            learner,name,team,certificate,path,granted,expires,days_left,status,recertification,evidence
            amina,Amina,id-listings,id-listings,id-listings-moderator,\(granted),\(cert.expires),40,valid,none,\(cert.evidence.joined(separator: " "))

            """)
        #expect(cert.evidence.count == 6)
        #expect(CapturedConsole.run(["certs", "--expiring-within", "30d", "--today", early] + dbOnly).stdout == "No certificates expiring within 30 days as of \(early).\n")
        #expect(CapturedConsole.run(["certs", "--team", "vn-live", "--today", early] + dbOnly).stdout == "No certificates in team vn-live as of \(early).\n")
        // In the window: the recertification is assigned once.
        let window = CivilDate(days: expires.days - 30).iso
        let inWindow = CapturedConsole.run(["certs", "--expiring-within", "30d", "--format", "json", "--today", window] + dbOnly)
        #expect(inWindow.stderr == "Assigned 1 recertification whose window opened by \(window).\n")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(inWindow.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 1 && rows.first?["days_left"] as? Int == 30 && rows.first?["status"] as? String == "valid")
        #expect((rows.first?["recertification"] as? [String: Any])?["due"] as? String == cert.expires)
        #expect(CapturedConsole.run(["certs", "--today", window] + dbOnly).stderr.isEmpty, "exactly once")
        #expect(try records.openTasks(learnerID: "amina").map(\.target) == [.passBlueprint("recert-restricted-items-2026-09")])
        // learners show: the certificate, the path done, the recertification and the open task.
        let show = CapturedConsole.run(["learners", "show", "amina", "--date", window] + common)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("Certificates:\n  id-listings (path id-listings-moderator): granted \(granted), expires \(cert.expires) (30 days left)\n"))
        #expect(show.stdout.contains("  id-listings-moderator, started 2026-12-01: 5 of 5 steps done; granted id-listings until \(cert.expires)\n"))
        #expect(show.stdout.contains("  id-listings-moderator recertification, started \(window): 0 of 1 step done; next: recertify, due \(cert.expires)\n"))
        #expect(show.stdout.contains("Acknowledged:\n  prohibited-items 4.1 on "))
        #expect(show.stdout.contains("Open tasks:\n  DUE         TASK                                  SOURCE                      OVERDUE\n  \(cert.expires)  pass recert-restricted-items-2026-09  path:id-listings-moderator  no\n"))
        let json = CapturedConsole.run(["learners", "show", "budi", "--date", window, "--format", "json"] + common)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["certificates"] as? [Any])?.isEmpty == true && (object["acknowledged"] as? [Any])?.isEmpty == true)
        #expect((object["open_tasks"] as? [Any])?.count == 6)
        let steps = try #require(((object["paths"] as? [[String: Any]])?.first?["steps"]) as? [[String: Any]])
        #expect(steps.map { $0["state"] as? String } == ["open", "open", "blocked", "open", "blocked"])
        #expect(steps[2]["blocked_by"] as? [String] == ["read-core-sops", "read-restricted-id"])
    }

    /// `applies_to` with teams and vendors as well as markets: `paths assign --market` takes only
    /// the learners in all three, and `--learner` refuses one outside them.
    @Test func appliesToTeamsAndVendorsLimitsWhoIsAssigned() throws {
        let (t, _) = try Self.setUp()
        let db = t.path("data/cb.db")
        for (id, team) in [("dewi", "id-listings"), ("eko", "id-live")] {
            #expect(CapturedConsole.run(["learners", "add", id, "--name", id, "--team", team, "--vendor", "acme", "--market", "ID", "--db", db]).status == 0)
        }
        try t.write("Quizzes/paths/vendor-path.yml", """
            id: vendor-path
            title: Vendor onboarding
            applies_to:
              markets: [ID]
              teams: [id-listings]
              vendors: [acme]
            steps:
              - id: read
                acknowledge: [prohibited-items]
            certificate:
              id: vendor-cert
              valid_days: 90
            """)
        let common = ["--db", db, "--content", Self.root + "/Content", "--quizzes", t.path("Quizzes")]
        let assign = CapturedConsole.run(["paths", "assign", "vendor-path", "--market", "ID", "--start", "2026-12-01"] + common)
        #expect(assign.status == 0, "\(assign.stderr)")
        #expect(assign.stdout.contains("assigned to 1 learner (dewi)"), "\(assign.stdout)")
        let records = try Records(path: db)
        #expect(try records.tasks(source: "path:vendor-path").map(\.learnerID) == ["dewi"])
        for outside in ["amina", "eko"] {
            let one = CapturedConsole.run(["paths", "assign", "vendor-path", "--learner", outside] + common)
            #expect(one.status == 1 && one.stderr.contains("path 'vendor-path' applies to") && one.stderr.contains("Nothing was written"), "\(one.stderr)")
        }
        #expect(try records.tasks(source: "path:vendor-path").count == 1)
    }

    /// `casebook serve` assigns the recertifications whose window has opened as it starts (and
    /// hourly after), without anyone running `casebook certs`.
    @Test func serveAssignsDueRecertificationsAtStart() throws {
        let (t, common) = try Self.setUp()
        let db = t.path("data/cb.db")
        #expect(CapturedConsole.run(["paths", "assign", "id-listings-moderator", "--learner", "amina", "--start", "2026-12-01"] + common).status == 0)
        var records = try Records(path: db)
        try Self.complete(records, "amina")
        // The certificate expires in 20 days (real time, as serve uses the clock): inside the 30-day window.
        let inTwenty = String(Timestamp.iso(Date().addingTimeInterval(20 * 86_400)).prefix(10))
        // As if granted about 170 days ago: the records never edit a certificate, so this test database drops the guard.
        try records.db.execute("DROP TRIGGER certificates_never_edited")
        try records.db.query("UPDATE certificates SET expires = ? WHERE learner_id = 'amina'", [.text(inTwenty)])
        #expect(try records.openTasks(learnerID: "amina").isEmpty)
        try FileManager.default.createDirectory(atPath: t.path("site"), withIntermediateDirectories: true)
        let serve = try CLIRunner.start(["serve", "--port", "0", "--site", t.path("site"), "--db", db,
                                         "--content", Self.root + "/Content", "--quizzes", Self.root + "/Quizzes"])
        defer { if serve.isRunning { serve.terminate() }; serve.waitUntilExit() }
        var tasks: [TaskRecord] = []
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, serve.isRunning {
            records = try Records(path: db)
            tasks = try records.openTasks(learnerID: "amina")
            if !tasks.isEmpty { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(tasks.map(\.target) == [.passBlueprint("recert-restricted-items-2026-09")])
        #expect(tasks.first?.due == inTwenty, "due when the certificate expires")
        // Exactly once: certs finds nothing more to assign.
        #expect(CapturedConsole.run(["certs", "--db", db]).stderr.isEmpty)
    }

    @Test func checkReportsABadPathWithFileAndLine() throws {
        // The sample bank with its path's pass step naming a missing blueprint.
        let t = try TempTree()
        let sample = try String(contentsOfFile: Self.root + "/Quizzes/paths/id-listings-moderator.yml", encoding: .utf8)
        let broken = sample.replacingOccurrences(of: "pass: market-id-listings", with: "pass: market-id-listing")
        try t.write("Quizzes/paths/id-listings-moderator.yml", broken)
        for folder in ["blueprints", "cases", "questions"] {
            try FileManager.default.copyItem(atPath: Self.root + "/Quizzes/" + folder, toPath: t.path("Quizzes/" + folder))
        }
        let check = CapturedConsole.run(["check", "--content", Self.root + "/Content", "--quizzes", t.path("Quizzes")])
        #expect(check.status == 1)
        let line = try #require(broken.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("- id: pass-id-listings") }) + 1
        #expect(check.stderr.contains("Quizzes/paths/id-listings-moderator.yml:\(line): error: step 'pass-id-listings': no blueprint 'market-id-listing' in Quizzes/blueprints; available: "), "\(check.stderr)")
        // And assigning from that bank is refused before anything is written.
        let db = t.path("data/cb.db")
        #expect(CapturedConsole.run(["learners", "add", "amina", "--name", "Amina", "--market", "ID", "--db", db]).status == 0)
        let assign = CapturedConsole.run(["paths", "assign", "id-listings-moderator", "--learner", "amina", "--content", Self.root + "/Content", "--quizzes", t.path("Quizzes"), "--db", db])
        #expect(assign.status == 1 && assign.stderr.contains("before assigning a path"))
        #expect(try Records(path: db).tasks().isEmpty)
    }
}
