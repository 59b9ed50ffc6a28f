import Foundation
import Testing
import Handbook
import Publishing
import Quiz
@testable import Records
@testable import Server
import CasebookTestSupport

/// Issue 19: what the server says to a Thai user (the quiz player's questions and feedback, the
/// home's tasks, learner-facing errors, the dashboard's headings, labels and columns) holds none of the English
/// catalogue's strings, with the sample handbook and bank and the shipped catalogues.
@Suite struct ThaiServedStringsTests {
    /// English catalogue texts (split at placeholders) that Thai words differently, under the
    /// served keys: the player's, errors, tasks and the dashboard's.
    static func englishFragments(_ prefixes: [String] = ["quiz.", "error.", "task.", "dashboard."]) -> Set<String> {
        Set(CommandLanguageTests.englishFragments(prefixes, language: "th", minimumLength: 3).keys)
    }

    /// Every string in a JSON value.
    static func strings(_ json: Any?) -> [String] {
        switch json {
        case let s as String: return [s]
        case let a as [Any]: return a.flatMap { strings($0) }
        case let d as [String: Any]: return d.values.flatMap { strings($0) }
        default: return []
        }
    }

    @Test func aThaiUserHearsNoEnglishFromTheServer() throws {
        let t = try TempTree(["site/index.html": "<h1>Home</h1>"])
        let content = RepositoryRoot.path + "/Content"
        let handbook = try Handbook.load(content: content)
        let bank = try QuizBank.load(quizzes: RepositoryRoot.path + "/Quizzes", handbook: handbook)
        let records = try Records(path: t.path("cb.db"))
        _ = try CasebookApp.addUser(records, id: "chai", role: .moderator, team: "th-live", market: "TH", lang: "th")
        _ = try CasebookApp.addUser(records, id: "tara", role: .trainer, team: "", market: "", lang: "th")
        let app = CasebookApp(site: try StaticSite(root: t.path("site")), records: records, bank: bank, handbook: handbook, trustHeader: "x-user",
                              messages: DefaultTheme.messages)
        func send(_ user: String, _ method: String, _ path: String, _ body: String = "") -> (status: Int, json: Any?, text: String) {
            let r = app.handle(HTTPRequest(method: method, path: path, query: [:], headers: ["x-user": user, "content-type": "application/json"], body: Array(body.utf8)))
            return (r.status, try? JSONSerialization.jsonObject(with: Data(r.body)), String(decoding: r.body, as: UTF8.self))
        }
        let version = try #require(handbook.page(id: "counterfeit-and-ip")).meta.version
        _ = try records.createTasks([
            NewTask(learnerID: "chai", target: .acknowledge(sopID: "counterfeit-and-ip", version: version), due: "2099-01-01", source: "campaign:1"),
            NewTask(learnerID: "chai", target: .passBlueprint("onboarding-week-1"), due: "2099-01-01", source: "campaign:1"),
            NewTask(learnerID: "chai", target: .reviewItems(["q-ip-one-sign-price"]), due: "2099-01-01", source: "campaign:1"),
        ])
        var said: [String] = []
        said += Self.strings(send("chai", "GET", "/api/tasks").json)
        #expect(said.contains("อ่านและยืนยัน สินค้าปลอมและทรัพย์สินทางปัญญา เวอร์ชัน \(version)"), "\(said)")
        said += Self.strings((send("chai", "GET", "/api/home").json as? [String: Any])?["tasks"])
        var translated = 0
        var answered: [(attempt: Int, position: Int)] = []
        for _ in 0..<4 {
            let started = send("chai", "POST", "/api/attempts", #"{"blueprint": "onboarding-week-1"}"#)
            let attempt = try #require((started.json as? [String: Any])?["attempt"] as? Int, "\(started.text)")
            while let q = send("chai", "GET", "/api/attempts/\(attempt)/question").json as? [String: Any], let position = q["position"] as? Int {
                answered.append((attempt, position))
                said += [q["prompt"] as? String ?? ""] + (q["options"] as? [String] ?? [])
                let shown = try records.shownLanguages(attemptID: Int64(attempt))[position]
                if shown?.translation.isEmpty == false { translated += 1; #expect(shown?.lang == "th") }
                let answer = send("chai", "POST", "/api/attempts/\(attempt)/answers", #"{"position": \#(position), "chosen": [0]}"#)
                let feedback = (answer.json as? [String: Any])?["feedback"] as? [String: Any]
                said += (feedback?["correct_options"] as? [String] ?? []) + ((feedback?["sections"] as? [[String: Any]])?.compactMap { $0["title"] as? String } ?? [])
            }
            _ = send("chai", "POST", "/api/attempts/\(attempt)/finish")
        }
        // Errors a learner can meet.
        for path in ["/api/attempts/999999/question"] { said += Self.strings(send("chai", "GET", path).json) }
        said += Self.strings(send("chai", "POST", "/api/attempts", #"{"blueprint": "nope"}"#).json)
        said += Self.strings(send("chai", "GET", "/api/reports/dashboard").json)
        // Every panel filled: an open contest (review queue), an overdue campaign with a verdict,
        // and production QA audits with a flagged section and its root causes.
        let contested = try #require(answered.first)
        #expect(send("chai", "POST", "/api/contests", #"{"attempt": \#(contested.attempt), "position": \#(contested.position), "comment": "เฉลยน่าจะผิด"}"#).status == 201)
        _ = try records.createCampaign(Campaign(sopID: "counterfeit-and-ip", version: version, previousVersion: "3.1", due: "2026-01-05", quizSize: 3,
                                                sections: ["signs", "policy-codes"]), learners: ["chai"])
        for (id, kind, value) in [(1, "section", "counterfeit-and-ip#signs"), (2, "section", "counterfeit-and-ip#reseller-evidence"), (3, "code", "IP-01"),
                                  (4, "team", "th-live"), (5, "vendor", "acme"), (6, "market", "TH"), (7, "moderator", "chai"), (8, "action", "remove")] {
            try records.db.query("INSERT INTO qa_labels (id, kind, value) VALUES (?, ?, ?)", [.integer(Int64(id)), .text(kind), .text(value)])
        }
        for i in 0..<120 {
            let signs = i % 2 == 0
            try records.db.query("""
                INSERT INTO qa_audits (day, week, outcome, harm, section, code, market, vendor, team, queue, qa_action, second_action, appeal,
                                       moderator, moderator_action, reviewer, second_reviewer, item_type, sample_id)
                VALUES (?, 202646, ?, 3, ?, 3, 6, 5, 4, 0, 8, 0, 0, 7, 8, 0, 0, 0, ?)
                """, [.integer(Int64(20_770 + i % 35)), .integer(signs && i % 4 == 0 ? 1 : 0), .integer(signs ? 1 : 2), .text("s-\(i)")])
        }
        // Written by hand rather than by `qa import`: the tallies the reports read are worked out again.
        try records.rebuildAuditTallies()
        // The whole dashboard for a Thai trainer: every text between tags (headings, notes,
        // captions, chart labels, SVG titles and descriptions) and every label a screen reader
        // announces (aria-label, title).
        let dashboard = send("tara", "GET", "/api/reports/dashboard").text
        var dashboardTexts: [String] = []
        for pattern in [">([^<]+)<", " (?:aria-label|title)=\"([^\"]+)\""] {
            let regex = try NSRegularExpression(pattern: pattern)
            for m in regex.matches(in: dashboard, range: NSRange(dashboard.startIndex..., in: dashboard)) {
                if let r = Range(m.range(at: 1), in: dashboard) {
                    let text = dashboard[r].trimmingCharacters(in: .whitespacesAndNewlines)
                    if !text.isEmpty { dashboardTexts.append(text) }
                }
            }
        }
        #expect(dashboardTexts.count > 60, "\(dashboardTexts.count) texts")
        said += dashboardTexts
        // Dates and figures in Thai conventions: no English month names, no "pts".
        let english = try NSRegularExpression(pattern: "\\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\\b| pts\\b")
        for text in dashboardTexts where english.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
            Issue.record("the dashboard shows an English date or unit to a Thai trainer: '\(text)'")
        }
        #expect(dashboard.contains("<h2 id=\"dash-trend\">แนวโน้มรายสัปดาห์</h2>") && dashboard.contains("ตัวเลขของกราฟนี้"), "the charts are drawn for a Thai reader")
        #expect(dashboard.contains("<h2 id=\"dash-summary\">สรุป</h2>"))
        // The review queue's reasons, the campaign's verdict and what is left to do, and the root causes in Thai.
        #expect(dashboard.contains("<li>มีคำแย้งที่เปิดอยู่ 1 รายการ</li>"), "the review queue's reasons are in Thai")
        // Actions by the action list's Thai labels (label_th:), in the confusions and calibration tables.
        let thaiActions = ["อนุมัติ", "จำกัด", "ลบ", "ขอข้อมูลเพิ่ม", "เตือนผู้ขาย", "ปิดไลฟ์", "ระงับผู้ขาย", "ส่งต่อเคส"]
        #expect(thaiActions.contains { dashboard.contains("<td>\($0)</td>") }, "actions are named in Thai")
        for english in ["Approve", "Restrict", "Remove", "Request info", "Warn seller", "End stream", "Suspend seller", "Escalate"] {
            #expect(!dashboard.contains("<td>\(english)</td>") && !dashboard.contains(">\(english) "), "'\(english)' on the Thai dashboard")
        }
        #expect(dashboard.contains("class=\"campaign-verdict\"") && dashboard.contains("<td>ยืนยันการอ่าน, สอบ campaign-1 ให้ผ่าน</td>"))
        #expect(dashboard.contains("จากคำตอบในแบบทดสอบ"), "the evidence source is named in Thai")
        #expect(dashboard.contains("<h2 id=\"dash-production-qa\">") && dashboard.contains("<h3>สาเหตุที่แท้จริง</h3>") && !dashboard.contains("ไม่มีหัวข้อที่ถูกระบุ"),
                "the root causes table has a flagged section")
        #expect(!dashboard.contains("(none)"), "a learner without a vendor is grouped under the Thai word for none")
        for english in ["open contest", "missed by", "Insufficient evidence", "Knowledge gap", "not enough answers", "quiz answers", "acknowledge"] {
            #expect(!dashboard.contains(english), "the dashboard says '\(english)' to a Thai trainer")
        }
        #expect(dashboard.contains("<th scope=\"col\">อัตราความผิดพลาด</th>"), "column headings are in Thai")
        let fragments = Self.englishFragments()
        #expect(fragments.contains("What is the right decision for this") && fragments.contains("Flagged gaps"))
        for text in said where !text.isEmpty {
            // Authored English (questions without a Thai translation) may hold two-word pieces of messages.
            for f in fragments where text == f || (f.split(separator: " ").count >= 3 && text.contains(f)) {
                Issue.record("the server says the English interface string '\(f)' to a Thai user in '\(text)'")
            }
        }
        // The analysis's sentences (review reasons, verdicts, evidence) in the dashboard's texts
        // (the JSON replies hold codes such as a task's kind `acknowledge`, which are not text).
        for text in dashboardTexts {
            for f in Self.englishFragments(["review.", "campaign.", "analysis."]) where text == f || (f.split(separator: " ").count >= 3 && text.contains(f)) {
                Issue.record("the dashboard says the English analysis string '\(f)' to a Thai trainer in '\(text)'")
            }
        }
        #expect(said.count > 40)
        _ = translated
    }
    /// Errors a trainer's browser or a script meets: the message in the user's language (Thai,
    /// English) and a `code` that is the same in both, for scripts to test.
    @Test func trainerAndScriptErrorsAreTranslatedWithStableCodes() throws {
        let t = try TempTree(["site/index.html": "<h1>Home</h1>"])
        let handbook = try Handbook.load(content: RepositoryRoot.path + "/Content")
        let bank = try QuizBank.load(quizzes: RepositoryRoot.path + "/Quizzes", handbook: handbook)
        let records = try Records(path: t.path("cb.db"))
        _ = try CasebookApp.addUser(records, id: "tara", role: .trainer, team: "", market: "", lang: "th")
        _ = try CasebookApp.addUser(records, id: "tom", role: .trainer, team: "", market: "", lang: "en")
        _ = try CasebookApp.addUser(records, id: "lek", role: .lead, team: "th-live", market: "TH", lang: "th")
        let app = CasebookApp(site: try StaticSite(root: t.path("site")), records: records, bank: bank, handbook: handbook, trustHeader: "x-user",
                              messages: DefaultTheme.messages)
        func send(_ user: String, _ method: String, _ path: String, query: [String: String] = [:], _ body: String = "") -> [String: Any] {
            let r = app.handle(HTTPRequest(method: method, path: path, query: query, headers: ["x-user": user, "content-type": "application/json"], body: Array(body.utf8)))
            var reply = (try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any] ?? [:]
            reply["http"] = r.status
            return reply
        }
        let requests: [(user: String, method: String, path: String, query: [String: String], body: String, code: String, thai: String?)] = [
            ("tara", "GET", "/api/reports/gaps", ["since": "yesterday"], "", "filter_date",
             "since ต้องเป็นวันที่ในรูปแบบ YYYY-MM-DD เช่น 2026-09-01 แต่ได้รับ 'yesterday'"),
            ("tara", "GET", "/api/reports/gaps", ["since": "2026-10-01", "until": "2026-09-01"], "", "filter_range", nil),
            ("tara", "GET", "/api/reports/nope", [:], "", "no_report", nil),
            ("tara", "POST", "/api/reports/gaps", [:], "", "method_not_allowed", "ที่อยู่นี้ใช้ได้เฉพาะ GET"),
            ("tara", "GET", "/api/nothing-here", [:], "", "no_endpoint", "ไม่มี API ที่อยู่นี้"),
            ("tara", "POST", "/api/attempts", [:], "{\"blueprint\": 1,}", "body_not_json", nil),
            ("tara", "POST", "/api/attempts", [:], "{\"blueprint\": 1}", "body_field", nil),
            ("tara", "POST", "/api/me/language", [:], "{\"lang\": \"xx\"}", "no_language", nil),
            ("lek", "GET", "/api/reports/gaps", ["team": "id-listings"], "", "lead_other_team", "หัวหน้าทีมดูได้เฉพาะรายงานของทีมตัวเอง (th-live) โปรดล้างตัวกรองทีม"),
        ]
        var said: [String] = []
        for r in requests {
            let thai = send(r.user, r.method, r.path, query: r.query, r.body)
            #expect(thai["code"] as? String == r.code, "\(r.path) \(r.query): \(thai)")
            #expect((thai["http"] as? Int ?? 0) >= 400 && thai["status"] as? Int == thai["http"] as? Int)
            if let expected = r.thai { #expect(thai["error"] as? String == expected) }
            said.append(thai["error"] as? String ?? "")
            guard r.user == "tara" else { continue }
            let english = send("tom", r.method, r.path, query: r.query, r.body)
            #expect(english["code"] as? String == r.code, "the code does not change with the language")
            #expect(english["error"] as? String != thai["error"] as? String, "\(english)")
        }
        #expect(send("tom", "GET", "/api/reports/gaps", query: ["since": "yesterday"])["error"] as? String
                == "since must be a date as YYYY-MM-DD, such as 2026-09-01; got 'yesterday'", "English stays as it was")
        let fragments = Self.englishFragments()
        for text in said {
            for f in fragments where text == f || (f.split(separator: " ").count >= 3 && text.contains(f)) {
                Issue.record("a Thai trainer is told the English interface string '\(f)' in '\(text)'")
            }
        }
    }
}
