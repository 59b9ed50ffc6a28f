import Foundation
import Handbook
import Testing
@testable import Records
@testable import Server
import CasebookTestSupport

/// What the SOP page's banner and the quiz start page read: the signed-in user's own
/// acknowledgements, and their tasks with what to do.
@Suite struct ReadAcknowledgementAPITests {
    @Test(arguments: TestEngine.allCases) func aUserReadsOnlyTheirOwnAcknowledgementsOfOneSOPOrAll(engine: TestEngine) throws {
        let f = try ServerFixture(files: ["Content/ip.md": AssignmentsAPITests.versioned], engine: engine)
        try f.records.acknowledge(learnerID: "amina", sopID: "ip", version: "3.1", at: "2026-10-01T09:00:00.000Z")
        try f.records.acknowledge(learnerID: "amina", sopID: "other", version: "1.0")
        try f.records.acknowledge(learnerID: "budi", sopID: "ip", version: "3.2")
        let c = f.client("amina")
        #expect(c.send("POST", "/api/acknowledgements", json: ["sop": "ip", "version": "3.2"]).status == 201)
        let ip = try #require(c.send("GET", "/api/me/acknowledgements?sop=ip").json as? [[String: Any]])
        #expect(ip.map { $0["version"] as? String } == ["3.1", "3.2"], "oldest first, budi's not among them")
        #expect(ip.first?["acknowledged_at"] as? String == "2026-10-01T09:00:00.000Z")
        let all = try #require(c.send("GET", "/api/me/acknowledgements").json as? [[String: Any]])
        #expect(all.map { $0["sop"] as? String } == ["ip", "other", "ip"])
        #expect(f.client().send("GET", "/api/me/acknowledgements?sop=ip").status == 401)
        #expect(c.send("POST", "/api/me/acknowledgements", json: ["sop": "ip", "version": "3.2"]).status == 405)
    }

    @Test(arguments: TestEngine.allCases) func tasksSayWhatToDoAndWhere(engine: TestEngine) throws {
        let f = try ServerFixture(files: ["Content/ip.md": AssignmentsAPITests.versioned], engine: engine)
        try f.records.createTasks([
            NewTask(learnerID: "amina", target: .acknowledge(sopID: "ip", version: "3.2"), due: "2099-12-15", source: "campaign:1"),
            NewTask(learnerID: "amina", target: .passBlueprint("exam"), due: "2099-12-16", source: "campaign:1"),
            NewTask(learnerID: "amina", target: .acknowledge(sopID: "gone", version: "1.0"), due: "2099-12-17", source: "campaign:2"),
        ])
        let tasks = try #require(f.client("amina").send("GET", "/api/tasks").json as? [[String: Any]])
        #expect(tasks.map { $0["title"] as? String } == ["Read and acknowledge Counterfeit, version 3.2", "Pass Exam", "Read and acknowledge gone, version 1.0"])
        #expect(tasks[0]["url"] as? String == "sop/ip.html")
        #expect(tasks[1]["url"] is NSNull && tasks[2]["url"] is NSNull, "a quiz is started by its blueprint; an SOP no longer served has no page")
    }

    /// A Thai moderator's "Read and acknowledge" opened the English page even when the Thai
    /// translation holds the version to acknowledge (its page acknowledges the original's
    /// version). It opens the translation then; a translation that is behind does not hold
    /// the change, so the original is opened.
    @Test(arguments: TestEngine.allCases) func anAcknowledgementOpensTheLearnersTranslationWhenItHoldsTheVersion(engine: TestEngine) throws {
        func translation(_ lang: String, _ title: String, source: String) -> String {
            "---\nid: ip-\(lang)\ntitle: \(title)\nlang: \(lang)\ntranslation_of: ip\nsource_version: \"\(source)\"\n---\n## \(title) {#ip-01}\nTeks.\n"
        }
        let f = try ServerFixture(files: ["Content/ip.md": AssignmentsAPITests.versioned,
                                          "Content/ip.th.md": translation("th", "สินค้าปลอม", source: "3.2"),
                                          "Content/ip.id.md": translation("id", "Barang palsu", source: "3.1")],
                                  messages: Messages([try MessageCatalog.parse(QuizLanguageTests.english, file: "i18n/en.yml"),
                                                      try MessageCatalog.parse(QuizLanguageTests.thai, file: "i18n/th.yml"),
                                                      try MessageCatalog.parse("name: Bahasa Indonesia\nmessages:\n  task:\n    acknowledge: Baca dan konfirmasi {title} versi {version}\n", file: "i18n/id.yml")]),
                                  engine: engine)
        try f.records.createTasks([
            NewTask(learnerID: "chai", target: .acknowledge(sopID: "ip", version: "3.2"), due: "2099-12-15", source: "campaign:1"),
            NewTask(learnerID: "amina", target: .acknowledge(sopID: "ip", version: "3.2"), due: "2099-12-15", source: "campaign:1"),
            NewTask(learnerID: "budi", target: .acknowledge(sopID: "ip", version: "3.2"), due: "2099-12-15", source: "campaign:1"),
        ])
        try f.records.setUserLanguage(id: "chai", lang: "th")
        try f.records.setUserLanguage(id: "amina", lang: "id")
        func task(_ who: String) throws -> [String: Any] { try #require((f.client(who).send("GET", "/api/tasks").json as? [[String: Any]])?.first) }
        let thai = try task("chai"), indonesian = try task("amina"), english = try task("budi")
        #expect(thai["url"] as? String == "sop/ip-th.html")
        #expect((thai["title"] as? String)?.contains("สินค้าปลอม") == true, "\(thai)")
        #expect(indonesian["url"] as? String == "sop/ip.html", "the Indonesian translation is of 3.1")
        #expect(indonesian["title"] as? String == "Baca dan konfirmasi Barang palsu versi 3.2")
        #expect(english["url"] as? String == "sop/ip.html")
        #expect(thai["sop"] as? String == "ip" && thai["version"] as? String == "3.2", "the task stays the original's version")
    }
}
