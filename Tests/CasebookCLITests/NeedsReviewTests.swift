import Foundation
import Testing
@testable import Handbook
@testable import Quiz
@testable import Records
@testable import Server
import Publishing
import CasebookTestSupport

/// Items citing an SOP section changed after their `reviewed:` date (SOP history from git):
/// `check` names the section and the version, removed anchors and codes are errors naming the
/// version, exams hold such items and practice marks them, `attempts verify` replays the
/// draws, and `casebook items` lists them in the review queue.
@Suite struct NeedsReviewTests {
    static let changedCase = "needs review: ip#ip-01 changed in v1.1 (2026-01-03) after this case was reviewed on 2026-01-02; check the gold decision and update 'reviewed'"
    static let changedQuestion = "needs review: ip#ip-01 changed in v1.1 (2026-01-03) after this question was reviewed on 2026-01-02; check the answer key and update 'reviewed'"
    static let note = "This item is being reviewed after an SOP change (ip#ip-01 changed in v1.1); its answer key may change."

    /// `check --json` on the fixture: (file, severity, message) of every diagnostic.
    func check(_ f: ReviewHistoryFixture, _ extra: [String] = []) throws -> (status: Int32, diagnostics: [(file: String, severity: String, message: String)]) {
        let run = try CLIRunner.run(["check", "--content", f.content, "--quizzes", f.quizzes, "--json"] + extra)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]], "\(run.stderr)")
        return (run.status, list.map { ($0["file"] as? String ?? "", $0["severity"] as? String ?? "", $0["message"] as? String ?? "") })
    }

    @Test("check flags the items citing the changed section, not those citing an unchanged section of the same page")
    func checkNamesTheChangedSectionAndVersion() throws {
        let f = try ReviewHistoryFixture()
        let (status, diagnostics) = try check(f)
        #expect(status == 0)
        let review = diagnostics.filter { $0.message.hasPrefix("needs review") }
        #expect(review.map(\.file) == ["Quizzes/cases/c-changed.md", "Quizzes/questions/q-changed.md"], "\(review)")
        #expect(review.map(\.message) == [Self.changedCase, Self.changedQuestion])
        #expect(review.allSatisfy { $0.severity == "warning" })
    }

    @Test("build reports the same needs-review warnings")
    func buildReportsThem() throws {
        let f = try ReviewHistoryFixture()
        let run = try CLIRunner.run(["build", "--content", f.content, "--quizzes", f.quizzes, "--out", f.root + "/site"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("Quizzes/cases/c-changed.md: warning: " + Self.changedCase + "\n"), "\(run.stderr)")
        #expect(run.stderr.contains("Quizzes/questions/q-changed.md: warning: " + Self.changedQuestion + "\n"))
        #expect(!run.stderr.contains("c-same.md") && !run.stderr.contains("q-same.md"))
    }

    @Test("without history (--no-history) check falls back to the page's change log")
    func noHistoryFallsBackToTheChangeLog() throws {
        let f = try ReviewHistoryFixture()
        let review = try check(f, ["--no-history"]).diagnostics.filter { $0.message.hasPrefix("needs review") }
        #expect(review.map(\.file) == ["Quizzes/cases/c-changed.md", "Quizzes/cases/c-same.md", "Quizzes/questions/q-changed.md", "Quizzes/questions/q-same.md"])
        #expect(review.first?.message == "needs review: ip changed on 2026-01-03 (v1.1: Replicas count as fakes.) after this case was last reviewed on 2026-01-02; check the gold decision and update 'reviewed'")
    }

    @Test("a history that cannot be read (a shallow clone) is an error, and the quiz bank is still checked")
    func anUnreadableHistoryStillChecksTheBank() throws {
        let f = try ReviewHistoryFixture()
        let clone = try TempTree()
        try f.repository.git("clone", "-q", "--depth", "1", "file://\(f.root)", clone.path("copy"))
        try FileManager.default.copyItem(atPath: f.quizzes, toPath: clone.path("copy/Quizzes")) // not committed in the fixture
        let run = try CLIRunner.run(["check", "--content", clone.path("copy/Content"), "--quizzes", clone.path("copy/Quizzes"), "--json"])
        #expect(run.status == 1)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]], "\(run.stderr)")
        let messages = list.compactMap { $0["message"] as? String }
        #expect(messages.contains { $0.contains("shallow clone") && $0.contains("--no-history") }, "\(messages)")
        // Checked against the change log, as with --no-history (it used to stop before the bank).
        #expect(messages.contains { $0.hasPrefix("needs review: ip changed on 2026-01-03") }, "\(messages)")
    }

    @Test("a cited anchor and code removed in a version are errors naming that version")
    func removedAnchorAndCodeNameTheVersion() throws {
        let f = try ReviewHistoryFixture(removed: true)
        let (status, diagnostics) = try check(f)
        #expect(status == 1)
        let errors = diagnostics.filter { $0.file == "Quizzes/cases/c-removed.md" && $0.severity == "error" }.map(\.message).sorted()
        #expect(errors == [
            "ip has no section '#ip-03': it was removed in v1.1 (2026-01-03); cite the section that decides this case now",
            "policy code 'IP-03' is no longer defined: it was removed from ip in v1.1 (2026-01-03); cite the codes that apply now",
        ], "\(diagnostics)")
    }

    /// The fixture's handbook, bank (with its history) and a records database with learner `amina`.
    func lifecycle(_ f: ReviewHistoryFixture) throws -> AttemptLifecycle {
        let handbook = try Handbook.load(content: f.content)
        let bank = try QuizBank.load(quizzes: f.quizzes, handbook: handbook, history: try SiteHistory.read(content: f.content, handbook: handbook))
        let records = try Records(path: f.root + "/data/cb.db")
        try records.addLearner(Learner(id: "amina", name: "Amina", team: "", vendor: "", market: "ID", startDate: ""))
        return AttemptLifecycle(records: records, bank: bank, handbook: handbook)
    }

    static func date(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    @Test("exams leave out items needing review from the moment the version is committed; practice draws them with a note; verify replays both")
    func examsHoldPracticeMarksVerifyReplays() throws {
        let f = try ReviewHistoryFixture()
        let life = try lifecycle(f)
        let held: Set<String> = ["c-changed", "q-changed"]
        #expect(life.bank.heldForReview(at: Int64(Self.date("2026-01-05T00:00:00Z").timeIntervalSince1970)) == held)
        var attempts: [AttemptRecord] = []
        var drewHeldBeforeTheChange = false
        // Started before 1.1 was committed (2026-01-03T00:00Z): nothing is held yet. (Start
        // times rise, as real ones do: an exam's draw depends on the earlier attempts.)
        for seed in UInt64(1)...8 {
            let before = try life.start(learnerID: "amina", blueprintID: "exam", seed: seed, now: Self.date("2026-01-02T12:00:0\(seed)Z"))
            if before.items.contains(where: { held.contains($0.itemID) }) { drewHeldBeforeTheChange = true }
            attempts.append(before.attempt)
        }
        for seed in UInt64(1)...8 {
            let after = try life.start(learnerID: "amina", blueprintID: "exam", seed: seed, now: Self.date("2026-01-05T09:00:0\(seed)Z"))
            #expect(Set(after.items.map(\.itemID)) == ["c-same", "c-fresh", "q-same"], "seed \(seed)")
            #expect(after.items.allSatisfy { $0.reviewNote == nil })
            attempts.append(after.attempt)
        }
        #expect(drewHeldBeforeTheChange)
        let practice = try life.start(learnerID: "amina", blueprintID: "practice", seed: 7, now: Self.date("2026-01-05T10:00:00Z"))
        #expect(Set(practice.items.map(\.itemID)) == ["c-changed", "c-same", "c-fresh", "q-changed", "q-same"])
        for item in practice.items { #expect(item.reviewNote == (held.contains(item.itemID) ? Self.note : nil), "\(item.itemID)") }
        #expect(practice.notes.contains("2 questions are being reviewed after an SOP change; their answer key may change"))
        attempts.append(practice.attempt)
        // The replay sees the same held items: they depend only on the attempt's start time.
        for a in attempts {
            let stored = try JSONDecoder().decode([QuizItem].self, from: Data(try #require(try life.records.attempt(a.id)).itemsJSON.utf8))
            #expect(try life.redraw(a)?.items == stored, "attempt \(a.id) at \(a.startedAt)")
            let verify = try CLIRunner.run(["attempts", "verify", "\(a.id)", "--db", f.root + "/data/cb.db", "--content", f.content, "--quizzes", f.quizzes])
            #expect(verify.status == 0 && verify.stdout.contains("re-created exactly"), "\(verify.stdout)\(verify.stderr)")
        }
    }

    /// A version bump on disk, not committed yet, that keeps the old `effective` date and adds
    /// no change-log line: the file on disk is the current version, so the items citing what it
    /// changed need review at once (as after the commit), while attempts started before it was
    /// read are re-created exactly by `attempts verify`.
    @Test("an uncommitted version bump flags the items citing what it changed at once; verify still replays earlier attempts")
    func anUncommittedBumpFlagsItemsAtOnce() throws {
        let f = try ReviewHistoryFixture()
        let v11 = ReviewHistoryFixture.page(version: "1.1", ip01: "Fakes and replicas sold as genuine.", ip03: false)
            .replacingOccurrences(of: "\nversion: \"1.1\"\n", with: "\nversion: \"1.1\"\neffective: 2026-01-02\n")
        try f.repository.commit(["Content/ip.md": v11], message: "1.1 takes effect on 2026-01-02") // 2026-01-04, keeps 1.1
        let life = try lifecycle(f)
        var attempts: [AttemptRecord] = []
        for seed in UInt64(1)...4 {
            attempts.append(try life.start(learnerID: "amina", blueprintID: "exam", seed: seed, now: Self.date("2026-01-05T09:00:0\(seed)Z")).attempt)
        }
        // 1.2 on disk: IP-02 edited; 'effective' and the change log as they were.
        let v12 = v11.replacingOccurrences(of: "\nversion: \"1.1\"\n", with: "\nversion: \"1.2\"\n")
            .replacingOccurrences(of: "Names used without permission.", with: "Names or logos used without permission.")
        #expect(v12.components(separatedBy: "version: \"1.1\"").count == 2 && v12.contains("\nversion: \"1.2\"\neffective: 2026-01-02\n"))
        try f.repository.tree.write("Content/ip.md", v12)
        func ip02() throws -> [String: String] {
            let (status, diagnostics) = try check(f)
            #expect(status == 0, "\(diagnostics)")
            var out: [String: String] = [:]
            for d in diagnostics where d.message.hasPrefix("needs review: ip#ip-02") { out[d.file] = d.message }
            return out
        }
        #expect(try ip02() == [
            "Quizzes/cases/c-same.md": "needs review: ip#ip-02 changed in v1.2 (not yet committed) after this case was reviewed on 2026-01-02; check the gold decision and update 'reviewed'",
            "Quizzes/questions/q-same.md": "needs review: ip#ip-02 changed in v1.2 (not yet committed) after this question was reviewed on 2026-01-02; check the answer key and update 'reviewed'",
        ])
        // Draws from now on leave them out; attempts started before are re-created exactly.
        let handbook = try Handbook.load(content: f.content)
        let bank = try QuizBank.load(quizzes: f.quizzes, handbook: handbook, history: try SiteHistory.read(content: f.content, handbook: handbook))
        #expect(bank.heldForReview(at: Int64(Date().timeIntervalSince1970) + 1) == ["c-changed", "q-changed", "c-same", "q-same"])
        #expect(bank.heldForReview(at: Int64(Self.date("2026-01-05T09:00:01Z").timeIntervalSince1970)) == ["c-changed", "q-changed"])
        for a in attempts {
            let verify = try CLIRunner.run(["attempts", "verify", "\(a.id)", "--db", f.root + "/data/cb.db", "--content", f.content, "--quizzes", f.quizzes])
            #expect(verify.status == 0 && verify.stdout.contains("re-created exactly"), "\(verify.stdout)\(verify.stderr)")
        }
        // Committed (2026-01-05): the same items, now with the commit's date.
        try f.repository.commit(["Content/ip.md": v12], message: "1.2")
        #expect(try ip02() == [
            "Quizzes/cases/c-same.md": "needs review: ip#ip-02 changed in v1.2 (2026-01-05) after this case was reviewed on 2026-01-02; check the gold decision and update 'reviewed'",
            "Quizzes/questions/q-same.md": "needs review: ip#ip-02 changed in v1.2 (2026-01-05) after this question was reviewed on 2026-01-02; check the answer key and update 'reviewed'",
        ])
    }

    @Test("an exam with too few items once those needing review are left out fails naming the blueprint and the items")
    func examWithTooFewItemsNamesThem() throws {
        let f = try ReviewHistoryFixture(examSize: 4)
        let life = try lifecycle(f)
        #expect(throws: RecordsError.cannotDraw("the bank cannot satisfy blueprint 'exam': mix line 'all' needs 4 items but only 3 active items match once the 2 needing review after an SOP change are left out (c-changed: ip#ip-01 changed in v1.1; q-changed: ip#ip-01 changed in v1.1); review them and update 'reviewed', add cases or lower its count")) {
            try life.start(learnerID: "amina", blueprintID: "exam", seed: 1, now: Self.date("2026-01-05T09:00:00Z"))
        }
        // Practice still draws all five.
        #expect(try life.start(learnerID: "amina", blueprintID: "practice", seed: 1, now: Self.date("2026-01-05T09:00:00Z")).items.count == 5)
    }

    @Test("the terminal quiz and the quiz player show the note; casebook items lists the items in the review queue")
    func notesAndReviewQueue() throws {
        let f = try ReviewHistoryFixture()
        let db = f.root + "/data/cli.db"
        let common = ["--db", db, "--content", f.content, "--quizzes", f.quizzes]
        #expect(try CLIRunner.run(["learners", "add", "amina", "--name", "Amina", "--db", db]).status == 0)
        try f.repository.tree.write("answers.txt", String(repeating: "1\n", count: 5))
        let quiz = try CLIRunner.run(["quiz", "--learner", "amina", "--blueprint", "practice", "--seed", "3", "--answers", f.root + "/answers.txt"] + common)
        #expect(quiz.stdout.contains("Note: 2 questions are being reviewed after an SOP change; their answer key may change\n"), "\(quiz.stdout)\(quiz.stderr)")
        // Before the question and again with its feedback, for each of the two.
        #expect(quiz.stdout.components(separatedBy: "Note: " + Self.note + "\n").count - 1 == 4, "\(quiz.stdout)")

        let items = try CLIRunner.run(["items", "--json"] + common)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(items.stdout.utf8)) as? [String: Any], "\(items.stderr)")
        let queue = try #require(doc["review_queue"] as? [[String: Any]] ?? doc["reviewQueue"] as? [[String: Any]], "\(doc.keys)")
        let changed = queue.filter { ($0["reasons"] as? [String] ?? []).contains { $0.hasPrefix("SOP section changed") } }
        #expect(changed.compactMap { $0["item"] as? String }.sorted() == ["c-changed", "q-changed"], "\(queue)")
        #expect((changed.first?["reasons"] as? [String])?.first == "SOP section changed in v1.1: ip#ip-01 (2026-01-03); exams skip it until 'reviewed' is updated")

        // The served player: the question and its feedback carry the note.
        let handbook = try Handbook.load(content: f.content)
        let bank = try QuizBank.load(quizzes: f.quizzes, handbook: handbook, history: try SiteHistory.read(content: f.content, handbook: handbook))
        let records = try Records(path: db)
        _ = try CasebookApp.addUser(records, id: "budi", role: .moderator, team: "", market: "ID")
        let site = try TempTree(["site/index.html": "<h1>Home</h1>"])
        let app = CasebookApp(site: try StaticSite(root: site.path("site")), records: records, bank: bank, handbook: handbook, trustHeader: "x-user")
        func send(_ method: String, _ path: String, _ body: String = "") -> [String: Any] {
            let r = app.handle(HTTPRequest(method: method, path: path, query: [:], headers: ["x-user": "budi", "content-type": "application/json"], cookies: [:],
                                           body: Array(body.utf8), bodyTooLarge: false))
            return (try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any] ?? [:]
        }
        let id = try #require(send("POST", "/api/attempts", #"{"blueprint": "practice"}"#)["attempt"] as? Int)
        var notes = 0, feedbackNotes = 0
        for position in 0..<5 {
            let q = send("GET", "/api/attempts/\(id)/question")
            if let note = q["note"] as? String { #expect(note == Self.note); notes += 1 }
            let a = send("POST", "/api/attempts/\(id)/answers", #"{"position": \#(position), "chosen": [0]}"#)
            if let note = (a["feedback"] as? [String: Any])?["note"] as? String { #expect(note == Self.note); feedbackNotes += 1 }
        }
        #expect(notes == 2 && feedbackNotes == 2)
    }
}
