import Foundation
import Testing
import CasebookTestSupport
@testable import Records
@testable import Server

@Suite struct ReportsAPITests {
    static let hostileComment = #"<script>alert("key")</script> it's 'wrong'"#

    /// amina and budi (team id-listings) and chai (th-live) each take the 4-question practice
    /// quiz, answering the first option; amina and chai contest their first question.
    func seeded(_ engine: TestEngine = .sqlite) throws -> ServerFixture {
        let f = try ServerFixture(engine: engine)
        for user in ["amina", "budi", "chai"] {
            let c = f.client(user)
            let id = try #require(c.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int)
            for _ in 0..<4 {
                let p = try #require(c.send("GET", "/api/attempts/\(id)/question").object["position"] as? Int)
                #expect(c.send("POST", "/api/attempts/\(id)/answers", json: ["position": p, "chosen": [0]]).status == 200)
            }
            #expect(c.send("POST", "/api/attempts/\(id)/finish").status == 200)
            if user != "budi" {
                #expect(c.send("POST", "/api/contests", json: ["attempt": id, "position": 0, "comment": "\(user): \(Self.hostileComment)"]).status == 201)
            }
        }
        return f
    }

    func contestComments(_ report: [String: Any]) -> [String] {
        (report["review_queue"] as? [[String: Any]] ?? []).flatMap { ($0["contests"] as? [[String: Any]] ?? []).compactMap { $0["comment"] as? String } }
    }

    @Test(arguments: TestEngine.allCases) func signedOutGets401AndModeratorsGet403(engine: TestEngine) throws {
        let f = try seeded(engine)
        for path in ["/api/reports/dashboard", "/api/reports/gaps"] {
            let anonymous = f.client().send("GET", path)
            #expect(anonymous.status == 401 && anonymous.object["error"] as? String == "sign in first")
            let moderator = f.client("amina").send("GET", path)
            #expect(moderator.status == 403)
            #expect((moderator.object["error"] as? String ?? "").contains("trainers and leads"))
        }
    }

    @Test(arguments: TestEngine.allCases) func trainerGetsTheWholeReportAsSnakeCaseJSON(engine: TestEngine) throws {
        let f = try seeded(engine)
        let r = f.client("tara").send("GET", "/api/reports/gaps")
        #expect(r.status == 200)
        #expect(r.headers["content-type"] == "application/json" && r.headers["cache-control"] == "no-store")
        let report = r.object
        #expect(Set(report.keys) == ["filter", "summary", "sections", "codes", "slice_gaps", "slices", "trend", "confusions", "error_types",
                                     "retrain", "items", "review_queue", "calibration"])
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["responses"] as? Int == 12 && summary["learners"] as? Int == 3)
        #expect(summary["excluded_suspect_questions"] as? Int == 0)
        #expect(((report["sections"] as? [[String: Any]])?.first?["ref"] as? String) == "ip#ip-01")
        #expect(Set(contestComments(report)) == ["amina: \(Self.hostileComment)", "chai: \(Self.hostileComment)"])
        #expect(report["calibration"] as? [String: Any] != nil)
        // Keys are sorted, so the JSON is diffable.
        #expect(r.text.hasPrefix("{\"calibration\":"))
    }

    @Test(arguments: TestEngine.allCases) func aCachedReportFollowsNewAnswersAndContests(engine: TestEngine) throws {
        let f = try seeded(engine)
        let tara = f.client("tara")
        let first = tara.send("GET", "/api/reports/gaps").object
        #expect((first["summary"] as? [String: Any])?["responses"] as? Int == 12)
        #expect(contestComments(tara.send("GET", "/api/reports/gaps").object).count == 2) // served again, unchanged
        // budi answers another quiz and contests: the next report includes both.
        let budi = f.client("budi")
        let id = try #require(budi.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int)
        let p = try #require(budi.send("GET", "/api/attempts/\(id)/question").object["position"] as? Int)
        #expect(budi.send("POST", "/api/attempts/\(id)/answers", json: ["position": p, "chosen": [0]]).status == 200)
        #expect(budi.send("POST", "/api/contests", json: ["attempt": id, "position": p, "comment": "budi: unclear"]).status == 201)
        let second = tara.send("GET", "/api/reports/gaps").object
        #expect((second["summary"] as? [String: Any])?["responses"] as? Int == 13)
        #expect(contestComments(second).contains("budi: unclear"))
    }

    @Test(arguments: TestEngine.allCases) func trainerDashboardIsEscapedHTMLWithCharts(engine: TestEngine) throws {
        let f = try seeded(engine)
        let r = f.client("tara").send("GET", "/api/reports/dashboard")
        #expect(r.status == 200)
        #expect(r.headers["content-type"] == "text/html; charset=utf-8")
        #expect(r.headers["content-security-policy"]?.contains("script-src 'self'") == true)
        let html = r.text
        #expect(html.contains("<svg ") && html.contains("role=\"img\""))
        #expect(html.contains(">Review queue</h2>") && html.contains(">Calibration</h2>"))
        // Case titles in the fixture carry an <img onerror>; contest comments a <script>.
        #expect(!html.contains("<img") && !html.contains("<script"))
        #expect(html.contains(" &lt;img src=x onerror=alert(1)&gt;"), "the contested case's title is shown, escaped")
        #expect(html.contains("chai: &lt;script&gt;alert(&quot;key&quot;)&lt;/script&gt; it&#39;s &#39;wrong&#39;"))
        #expect(html.contains("href=\"/sop/ip.html#ip-01\""))
    }

    @Test(arguments: TestEngine.allCases) func leadSeesOwnTeamOnly(engine: TestEngine) throws {
        let f = try seeded(engine)
        let lead = f.client("lead-id")
        let own = lead.send("GET", "/api/reports/gaps")
        #expect(own.status == 200)
        #expect((own.object["filter"] as? [String: Any])?["team"] as? String == "id-listings", "no team given: the lead's own")
        #expect((own.object["summary"] as? [String: Any])?["learners"] as? Int == 2, "amina and budi, not chai")
        #expect(contestComments(own.object) == ["amina: \(Self.hostileComment)"], "another team's contest comments stay hidden")
        #expect(lead.send("GET", "/api/reports/gaps?team=ID-Listings").status == 200, "naming their own team, in any case, is fine")
        let other = lead.send("GET", "/api/reports/gaps?team=th-live")
        #expect(other.status == 403 && (other.object["error"] as? String ?? "").contains("own team"))
        #expect(lead.send("GET", "/api/reports/dashboard?team=th-live").status == 403)
        let dashboard = lead.send("GET", "/api/reports/dashboard")
        #expect(dashboard.status == 200 && dashboard.text.contains("team id-listings") && !dashboard.text.contains("chai"))
        // A trainer may look at any one team.
        let th = f.client("tara").send("GET", "/api/reports/gaps?team=th-live")
        #expect((th.object["summary"] as? [String: Any])?["learners"] as? Int == 1)
        #expect(contestComments(th.object) == ["chai: \(Self.hostileComment)"])
    }

    @Test(arguments: TestEngine.allCases) func productionQAPanelShowsTrainersAllAndLeadsTheirTeam(engine: TestEngine) throws {
        let f = try seeded(engine)
        // Audits of two teams (vendor names are user text), stored as `qa import` stores them.
        let labels: [(Int, String, String)] = [(1, "section", "ip#ip-01"), (2, "code", "IP-01"), (3, "team", "id-listings"), (4, "team", "th-live"),
                                               (5, "vendor", "acme"), (6, "vendor", "<b>vendor-th</b>"), (7, "market", "ID"), (8, "moderator", "amina"),
                                               (9, "moderator", "chai"), (10, "action", "remove")]
        for (id, kind, value) in labels {
            try f.records.db.query("INSERT INTO qa_labels (id, kind, value) VALUES (?, ?, ?)", [.integer(Int64(id)), .text(kind), .text(value)])
        }
        for i in 0..<60 {
            let th = i % 2 == 1
            let day = 20_770 + i % 35
            try f.records.db.query("""
                INSERT INTO qa_audits (day, week, outcome, harm, section, code, market, vendor, team, queue, qa_action, second_action, appeal,
                                       moderator, moderator_action, reviewer, second_reviewer, item_type, sample_id)
                VALUES (?, 202646, ?, 3, 1, 2, 7, ?, ?, 0, 10, 0, 0, ?, 10, 0, 0, 0, ?)
                """, [.integer(Int64(day)), .integer(th && i % 3 == 0 ? 1 : 0), .integer(th ? 6 : 5), .integer(th ? 4 : 3), .integer(th ? 9 : 8), .text("s-\(i)")])
        }
        // Written by hand rather than by `qa import`: the tallies the reports read are worked out again.
        try f.records.rebuildAuditTallies()
        let trainer = f.client("tara").send("GET", "/api/reports/dashboard").text
        #expect(trainer.contains("<h2 id=\"dash-production-qa\">Production QA</h2>"))
        #expect(trainer.contains("60 audited decisions"))
        #expect(trainer.contains("acme") && trainer.contains("&lt;b&gt;vendor-th&lt;/b&gt;") && !trainer.contains("<b>vendor-th"))
        let lead = f.client("lead-id").send("GET", "/api/reports/dashboard").text
        #expect(lead.contains("<h2 id=\"dash-production-qa\">Production QA</h2>"))
        #expect(lead.contains("30 audited decisions") && lead.contains("acme"))
        #expect(!lead.contains("vendor-th"), "a lead sees only their own team's audits")
    }

    @Test(arguments: TestEngine.allCases) func campaignsPanelShowsTrainersAllAndLeadsTheirTeam(engine: TestEngine) throws {
        let f = try seeded(engine)
        // The fixture's SOP has no effective date; the campaign panel says so rather than compare.
        let c = try f.records.createCampaign(Campaign(sopID: "ip", version: "3.2", previousVersion: "3.1", due: "2099-12-15", sections: ["ip-01"]),
                                             learners: ["amina", "budi", "chai"])
        try f.records.acknowledge(learnerID: "chai", sopID: "ip", version: "3.2")
        let trainer = f.client("tara").send("GET", "/api/reports/dashboard").text
        #expect(trainer.contains("<h2 id=\"dash-campaigns\">Campaigns</h2>") && trainer.contains("<article class=\"campaign\" aria-labelledby=\"campaign-\(c.id)\">"))
        #expect(trainer.contains("<th scope=\"row\">id-listings</th>") && trainer.contains("<th scope=\"row\">th-live</th>"))
        #expect(trainer.contains("href=\"/sop/ip/diff-3.1-3.2.html\""))
        let lead = f.client("lead-id")
        let own = lead.send("GET", "/api/reports/dashboard").text
        #expect(own.contains("<th scope=\"row\">id-listings</th>") && !own.contains("th-live") && !own.contains("chai"))
        let json = lead.send("GET", "/api/reports/campaigns")
        #expect(json.status == 200 && json.headers["content-type"] == "application/json")
        let campaigns = try #require(json.json as? [[String: Any]])
        #expect(campaigns.count == 1)
        #expect((campaigns[0]["by_team"] as? [[String: Any]])?.map { $0["value"] as? String } == ["id-listings"])
        #expect(campaigns[0]["assigned"] as? Int == 2 && campaigns[0]["acknowledged"] as? Int == 0)
        #expect((campaigns[0]["outcomes"] as? [[String: Any]])?.first?["verdict"] as? String == "no_effective_date")
        #expect(lead.send("GET", "/api/reports/campaigns?team=th-live").status == 403)
        #expect(f.client("amina").send("GET", "/api/reports/campaigns").status == 403)
        let all = try #require(f.client("tara").send("GET", "/api/reports/campaigns").json as? [[String: Any]])
        #expect(all.first?["assigned"] as? Int == 3 && all.first?["acknowledged"] as? Int == 1)
    }

    @Test(arguments: TestEngine.allCases) func datesAreValidatedAndFilter(engine: TestEngine) throws {
        let f = try seeded(engine)
        let tara = f.client("tara")
        for bad in ["since=2026-13-01", "since=yesterday", "until=2026-02-30", "until=2026-1-05", "since=2026-10-05&until=2026-10-05"] {
            let r = tara.send("GET", "/api/reports/gaps?\(bad)")
            #expect(r.status == 400, "\(bad)")
            #expect((r.object["error"] as? String ?? "").contains(bad.hasPrefix("since=2026-10-05") ? "before" : "YYYY-MM-DD"), "\(bad): \(r.text)")
        }
        let future = tara.send("GET", "/api/reports/gaps?since=2999-01-01")
        #expect(future.status == 200 && (future.object["summary"] as? [String: Any])?["responses"] as? Int == 0)
        #expect(tara.send("GET", "/api/reports/gaps?until=2000-01-01").status == 200)
        let empty = tara.send("GET", "/api/reports/dashboard?since=2999-01-01")
        #expect(empty.status == 200 && empty.text.contains("No answers match these filters") && !empty.text.contains("role=\"img\""))
        #expect(empty.text.contains(">Review queue</h2>"), "open contests still need a look when no answers fall in the window")
        #expect(CasebookApp.isDate("2024-02-29") && !CasebookApp.isDate("2026-02-29") && !CasebookApp.isDate("2026-00-10"))
    }

    @Test(arguments: TestEngine.allCases) func onlyGetIsAllowed(engine: TestEngine) throws {
        let f = try ServerFixture(engine: engine)
        let tara = f.client("tara")
        for method in ["POST", "PUT", "DELETE"] {
            let r = tara.send(method, "/api/reports/gaps", json: [:] as [String: Any])
            #expect(r.status == 405 && r.headers["allow"] == "GET", "\(method)")
        }
        #expect(tara.send("GET", "/api/reports/other").status == 404)
        #expect(tara.send("GET", "/api/reports").status == 404)
    }
}
