import Foundation
import Testing
@testable import Handbook
@testable import Server
import Records
import CasebookTestSupport

/// The quiz player in the learner's language: their choice, else Accept-Language, else English.
@Suite struct QuizLanguageTests {
    static let thai = """
    name: ไทย
    messages:
      quiz:
        prompt_decision: การดำเนินการที่ถูกต้องสำหรับ{noun}นี้คืออะไร
        no_violation: ไม่ละเมิดนโยบาย
        noun:
          listing: รายการสินค้า
      error:
        sign_in: โปรดเข้าสู่ระบบก่อน
        no_blueprint: ไม่พบแบบทดสอบ '{id}'
        attempts_used:
          other: ใช้สิทธิ์ทำแบบทดสอบนี้ครบทั้ง {count} ครั้งแล้ว
      task:
        acknowledge: อ่านและยืนยัน {title} เวอร์ชัน {version}
        pass: สอบผ่าน {title}
        review:
          other: ทบทวน {count} ข้อ
    """
    static let english = """
    name: English
    messages:
      quiz:
        prompt_decision: What is the right decision for this {noun}?
        no_violation: No policy violated
        noun:
          listing: listing
    """
    /// The SOP with Thai action labels, and its Thai translation keeping the section anchors.
    static let files = [
        "Content/ip.md": FixtureText.counterfeitSOP().replacingOccurrences(of: "    label: Remove", with: "    label: Remove\n    label_th: ลบ"),
        "Content/ip.th.md": "---\nid: ip-th\ntitle: สินค้าปลอม\nlang: th\ntranslation_of: ip\n---\n## สินค้าปลอม {#ip-01}\nของปลอม\n## การใช้แบรนด์ {#ip-02}\nชื่อ\n",
    ]

    static func fixture(_ engine: TestEngine = .sqlite) throws -> ServerFixture {
        let messages = Messages([try MessageCatalog.parse(english, file: "i18n/en.yml"), try MessageCatalog.parse(thai, file: "i18n/th.yml")])
        return try ServerFixture(files: files, messages: messages, engine: engine)
    }

    /// Answers every question of a practice attempt with option `choice`; the questions and
    /// the feedback as the learner got them.
    static func practice(_ c: HTTPClient, headers: [String: String] = [:]) throws -> (questions: [[String: Any]], feedback: [[String: Any]]) {
        let id = try #require(c.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int)
        var questions: [[String: Any]] = [], feedback: [[String: Any]] = []
        for _ in 0..<4 {
            let q = c.send("GET", "/api/attempts/\(id)/question", headers: headers).object
            questions.append(q)
            let position = try #require(q["position"] as? Int)
            let a = c.send("POST", "/api/attempts/\(id)/answers", json: ["position": position, "chosen": [0]], headers: headers)
            feedback.append(try #require(a.object["feedback"] as? [String: Any]))
        }
        return (questions, feedback)
    }

    @Test(arguments: TestEngine.allCases) func aThaiLearnerGetsThaiPromptsLabelsAndTheThaiSOPLink(engine: TestEngine) throws {
        let f = try Self.fixture(engine)
        try f.records.setUserLanguage(id: "chai", lang: "th")
        let c = f.client("chai")
        let me = c.send("GET", "/api/me").object
        #expect(me["lang"] as? String == "th")
        #expect((me["languages"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["en", "th"])
        let (questions, feedback) = try Self.practice(c)
        for q in questions {
            #expect(q["prompt"] as? String == "การดำเนินการที่ถูกต้องสำหรับรายการสินค้านี้คืออะไร")
            #expect((q["options"] as? [String]).map(Set.init) == ["Approve", "ลบ"], "untranslated labels stay in English")
        }
        for fb in feedback {
            let section = try #require((fb["sections"] as? [[String: Any]])?.first)
            #expect(section["url"] as? String == "/sop/ip-th.html#ip-01")
            #expect(section["title"] as? String == "สินค้าปลอม › สินค้าปลอม")
            #expect(section["lang"] as? String == "th")
            #expect((fb["correct_options"] as? [String]).map { $0.allSatisfy { ["Approve", "ลบ"].contains($0) } } == true)
        }
        // What is stored is what was drawn: one text whatever the learner read.
        let items = try #require(try f.records.attempts(learnerID: "chai").first).itemsJSON
        #expect(items.contains("What is the right decision for this listing?"))
    }

    @Test(arguments: TestEngine.allCases) func withoutAChoiceTheBrowsersLanguageDecidesAndEnglishStaysAsDrawn(engine: TestEngine) throws {
        let f = try Self.fixture(engine)
        let thai = try Self.practice(f.client("budi"), headers: ["Accept-Language": "th-TH,th;q=0.9,en;q=0.5"])
        #expect(thai.questions.allSatisfy { ($0["prompt"] as? String)?.hasPrefix("การดำเนินการ") == true })
        let english = try Self.practice(f.client("amina"), headers: ["Accept-Language": "de-DE,en;q=0.5"])
        #expect(english.questions.allSatisfy { $0["prompt"] as? String == "What is the right decision for this listing?" })
        #expect(english.feedback.allSatisfy { (($0["sections"] as? [[String: Any]])?.first?["url"] as? String) == "/sop/ip.html#ip-01" })
        #expect(english.feedback.allSatisfy { ($0["sections"] as? [[String: Any]])?.first?["lang"] == nil })
    }

    @Test(arguments: TestEngine.allCases) func aUserChangesTheirLanguage(engine: TestEngine) throws {
        let f = try Self.fixture(engine)
        let c = f.client("amina")
        #expect(c.send("GET", "/api/me").object["lang"] as? String == "en")
        let bad = c.send("POST", "/api/me/language", json: ["lang": "xx"])
        #expect(bad.status == 400)
        #expect((bad.object["error"] as? String)?.contains("en, th") == true)
        let set = c.send("POST", "/api/me/language", json: ["lang": "th-TH"])
        #expect(set.status == 200)
        #expect(set.object["lang"] as? String == "th")
        #expect(try f.records.userLanguage(id: "amina") == "th")
        #expect(c.send("GET", "/api/me").object["lang"] as? String == "th")
        #expect(c.send("POST", "/api/me/language", json: ["lang": ""]).object["lang"] as? String == "en")
        #expect(f.client().send("POST", "/api/me/language", json: ["lang": "th"]).status == 401)
    }

    // MARK: - Authored questions and their translations

    static let question = """
    ---
    id: q1
    type: single
    sop: [ip#ip-01]
    ---
    # A listing says "mirror quality". What do you do?

    - [ ] Approve it.
    - [x] Remove it under IP-01.
    - [ ] Ask for photos.

    ## Explanation
    Mirror quality admits a copy.
    """
    static let thaiQuestion = """
    ---
    id: q1-th
    type: single
    translation_of: q1
    lang: th
    source_version: 1
    ---
    # รายการสินค้าเขียนว่า "งานมิเรอร์" คุณควรทำอย่างไร

    - [ ] อนุมัติ
    - [x] ลบภายใต้ IP-01
    - [ ] ขอรูปเพิ่ม

    ## Explanation
    งานมิเรอร์คือการยอมรับว่าเป็นของก๊อป
    """

    static func knowledgeFixture(thai: String = thaiQuestion) throws -> ServerFixture {
        let messages = Messages([try MessageCatalog.parse(english, file: "i18n/en.yml"), try MessageCatalog.parse(Self.thai, file: "i18n/th.yml")])
        var all = files
        all["Quizzes/questions/q1.md"] = question
        all["Quizzes/questions/q1.th.md"] = thai
        all["Quizzes/blueprints/knowledge.yml"] = "id: knowledge\ntitle: Knowledge\nquestions: 1\nmode: practice\nkinds: [knowledge]\n"
        return try ServerFixture(files: all, messages: messages)
    }

    /// One knowledge question answered with the right option (as shown); the question, the feedback and the attempt.
    static func answerKnowledge(_ c: HTTPClient, headers: [String: String] = [:]) throws -> (question: [String: Any], feedback: [String: Any], attempt: Int64) {
        let id = try #require(c.send("POST", "/api/attempts", json: ["blueprint": "knowledge"]).object["attempt"] as? Int)
        let q = c.send("GET", "/api/attempts/\(id)/question", headers: headers).object
        let options = try #require(q["options"] as? [String])
        let right = try #require(options.firstIndex { $0.contains("IP-01") })
        let a = c.send("POST", "/api/attempts/\(id)/answers", json: ["position": 0, "chosen": [right]], headers: headers)
        return (q, try #require(a.object["feedback"] as? [String: Any]), Int64(id))
    }

    @Test func aThaiLearnerGetsTheCurrentThaiTranslationAndItIsRecorded() throws {
        let f = try Self.knowledgeFixture()
        try f.records.setUserLanguage(id: "chai", lang: "th")
        let thai = try Self.answerKnowledge(f.client("chai"))
        #expect(thai.question["prompt"] as? String == "รายการสินค้าเขียนว่า \"งานมิเรอร์\" คุณควรทำอย่างไร")
        #expect((thai.question["options"] as? [String]).map(Set.init) == ["อนุมัติ", "ลบภายใต้ IP-01", "ขอรูปเพิ่ม"])
        #expect(thai.feedback["correct"] as? Bool == true, "graded against the original's key, in the order shown")
        #expect(thai.feedback["correct_options"] as? [String] == ["ลบภายใต้ IP-01"])
        #expect(thai.feedback["explanation"] as? String == "งานมิเรอร์คือการยอมรับว่าเป็นของก๊อป")
        #expect(try f.records.shownLanguages(attemptID: thai.attempt)[0].map { [$0.lang, $0.translation] } == ["th", "q1-th"])
        let english = try Self.answerKnowledge(f.client("amina"))
        #expect(english.question["prompt"] as? String == "A listing says \"mirror quality\". What do you do?")
        #expect(english.feedback["explanation"] as? String == "Mirror quality admits a copy.")
        #expect(try f.records.shownLanguages(attemptID: english.attempt)[0].map { [$0.lang, $0.translation] } == ["en", ""])
        // Reports slice learners by the language they read the questions in.
        #expect(try f.records.learnerLanguages() == ["chai": "th", "amina": "en"])
    }

    /// Showing a question records its language; reloading it (the same question in the same
    /// language) must not write to the records on every page view. SQLite's total_changes()
    /// on the server's writing connection counts every row an INSERT or UPDATE touched, an
    /// upsert that rewrites the same values included.
    @Test func reloadingAQuestionWritesNothing() throws {
        let f = try Self.knowledgeFixture()
        try f.records.setUserLanguage(id: "chai", lang: "th")
        let c = f.client("chai")
        let id = try #require(c.send("POST", "/api/attempts", json: ["blueprint": "knowledge"]).object["attempt"] as? Int)
        func writes() throws -> Int64 { try #require(f.records.db.query("SELECT total_changes()").first?.first?.int) }
        let before = try writes()
        #expect(c.send("GET", "/api/attempts/\(id)/question").status == 200)
        let shown = try writes()
        #expect(shown == before + 1, "the first showing is recorded")
        for _ in 0..<3 { #expect(c.send("GET", "/api/attempts/\(id)/question").status == 200) }
        #expect(try writes() == shown, "reloads wrote to the records")
        #expect(try f.records.shownLanguages(attemptID: Int64(id))[0].map { [$0.lang, $0.translation] } == ["th", "q1-th"])
        // The learner switches to English and reloads: the row follows what they last saw.
        try f.records.setUserLanguage(id: "chai", lang: "en")
        let switched = try writes()
        #expect(c.send("GET", "/api/attempts/\(id)/question").status == 200)
        #expect(try writes() == switched + 1)
        #expect(try f.records.shownLanguages(attemptID: Int64(id))[0].map { [$0.lang, $0.translation] } == ["en", ""])
        #expect(try f.records.learnerLanguages() == ["chai": "en"])
    }

    @Test func anOutOfDateTranslationGivesTheOriginal() throws {
        let f = try Self.knowledgeFixture(thai: Self.thaiQuestion.replacingOccurrences(of: "source_version: 1", with: "source_version: 0"))
        try f.records.setUserLanguage(id: "chai", lang: "th")
        let shown = try Self.answerKnowledge(f.client("chai"))
        #expect(shown.question["prompt"] as? String == "A listing says \"mirror quality\". What do you do?")
        #expect(try f.records.shownLanguages(attemptID: shown.attempt)[0].map { [$0.lang, $0.translation] } == ["en", ""])
    }

    // MARK: - Errors and tasks

    @Test(arguments: TestEngine.allCases) func learnerFacingErrorsAreInTheLearnersLanguage(engine: TestEngine) throws {
        let f = try Self.fixture(engine)
        try f.records.setUserLanguage(id: "chai", lang: "th")
        let thai = f.client("chai").send("POST", "/api/attempts", json: ["blueprint": "nope"])
        #expect(thai.status == 404 && thai.object["error"] as? String == "ไม่พบแบบทดสอบ 'nope'")
        let english = f.client("amina").send("POST", "/api/attempts", json: ["blueprint": "nope"])
        #expect(english.object["error"] as? String == "no blueprint 'nope'")
        // Signed out: the browser's language decides.
        #expect(f.client().send("GET", "/api/me", headers: ["Accept-Language": "th"]).object["error"] as? String == "โปรดเข้าสู่ระบบก่อน")
        #expect(f.client().send("GET", "/api/me").object["error"] as? String == "sign in first")
        // A plural message, with its count.
        let c = f.client("chai")
        let id = try #require(c.send("POST", "/api/attempts", json: ["blueprint": "exam"]).object["attempt"] as? Int)
        _ = c.send("POST", "/api/attempts/\(id)/finish")
        let used = c.send("POST", "/api/attempts", json: ["blueprint": "exam"])
        #expect(used.status == 403 && used.object["error"] as? String == "ใช้สิทธิ์ทำแบบทดสอบนี้ครบทั้ง 1 ครั้งแล้ว", "\(used.object)")
    }

    @Test(arguments: TestEngine.allCases) func taskTitlesAreInTheLearnersLanguageWithTheSOPsTranslatedTitle(engine: TestEngine) throws {
        let f = try Self.fixture(engine)
        try f.records.setUserLanguage(id: "chai", lang: "th")
        _ = try f.records.createTasks([
            NewTask(learnerID: "chai", target: .acknowledge(sopID: "ip", version: "2.0"), due: "2099-01-01", source: "campaign:1"),
            NewTask(learnerID: "chai", target: .passBlueprint("practice"), due: "2099-01-01", source: "campaign:1"),
            NewTask(learnerID: "chai", target: .reviewItems(["c1", "c2"]), due: "2099-01-01", source: "campaign:1"),
            NewTask(learnerID: "amina", target: .passBlueprint("practice"), due: "2099-01-01", source: "campaign:1"),
        ])
        let thai = try #require(f.client("chai").send("GET", "/api/tasks").json as? [[String: Any]]).compactMap { $0["title"] as? String }
        #expect(thai.sorted() == ["ทบทวน 2 ข้อ", "สอบผ่าน Practice", "อ่านและยืนยัน สินค้าปลอม เวอร์ชัน 2.0"], "\(thai)")
        let home = try #require(f.client("chai").send("GET", "/api/home").object["tasks"] as? [[String: Any]]).compactMap { $0["title"] as? String }
        #expect(home.sorted() == thai.sorted())
        let english = try #require(f.client("amina").send("GET", "/api/tasks").json as? [[String: Any]]).compactMap { $0["title"] as? String }
        #expect(english == ["Pass Practice"])
    }
}
