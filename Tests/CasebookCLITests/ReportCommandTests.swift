import Foundation
import Testing
@testable import Handbook
@testable import Quiz
import Publishing
import Records
import CasebookTestSupport

/// `casebook gaps|items|calibration|contests` over answers recorded by `casebook quiz`.
@Suite struct ReportCommandTests {
    static let root = CLIRunner.repositoryRoot

    /// A copy of the sample bank (contest resolution edits bank files) and a database with the
    /// answers of four learners to the same drawn quiz: two answer everything right, two pick
    /// the first wrong option everywhere.
    func fixture() throws -> (TempTree, db: String, common: [String], items: [QuizItem]) {
        let t = try TempTree()
        try FileManager.default.copyItem(atPath: Self.root + "/Quizzes", toPath: t.path("Quizzes"))
        let db = t.path("data/cb.db")
        let common = ["--db", db, "--content", Self.root + "/Content", "--quizzes", t.path("Quizzes")]
        let handbook = try Handbook.load(content: Self.root + "/Content")
        let bank = try QuizBank.load(quizzes: t.path("Quizzes"), handbook: handbook)
        let quiz = try QuizDrawer(bank: bank, handbook: handbook).draw(try #require(bank.blueprint("onboarding-week-1")), seed: 7, today: "2026-11-21", history: [:])
        for (i, learner) in ["ana", "bao", "chai", "dewi"].enumerated() {
            #expect(try CLIRunner.run(["learners", "add", learner, "--name", learner.capitalized, "--team", i < 2 ? "uk-listings" : "id-listings",
                                       "--market", i < 2 ? "UK" : "ID", "--vendor", i % 2 == 0 ? "in-house" : "northstar", "--db", db]).status == 0)
            let right = i < 2
            let answers = quiz.items.map { item in
                (right ? item.correct.sorted() : [item.options.indices.first { !item.correct.contains($0) } ?? 0]).map { String($0 + 1) }.joined(separator: ",")
            }.joined(separator: "\n") + "\n"
            try t.write("answers-\(learner).txt", answers)
            let run = try CLIRunner.run(["quiz", "--learner", learner, "--blueprint", "onboarding-week-1", "--seed", "7", "--answers", t.path("answers-\(learner).txt")] + common)
            #expect(run.status == (right ? 0 : 1), "\(run.stderr)\(run.stdout.suffix(600))")
        }
        return (t, db, common, quiz.items)
    }

    /// Separate processes hash differently: the same database must still print the same bytes.
    @Test func reportsAreByteIdenticalAcrossRuns() throws {
        let (t, _, common, _) = try fixture()
        _ = t
        for command in ["gaps", "items", "calibration"] {
            for format in ["table", "json", "csv", "markdown"] {
                let first = try CLIRunner.run([command, "--format", format] + common)
                #expect(first.status == 0, "\(first.stderr)")
                for _ in 0..<2 {
                    let again = try CLIRunner.run([command, "--format", format] + common)
                    #expect(again.stdout == first.stdout, "\(command) --format \(format) differs between runs")
                }
            }
        }
    }

    @Test func gapsPrintsEveryFormat() throws {
        let (t, _, common, items) = try fixture()
        _ = t
        let json = try CLIRunner.run(["gaps", "--format", "json"] + common)
        #expect(json.status == 0, "\(json.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["responses"] as? Int == 4 * items.count)
        #expect(summary["learners"] as? Int == 4)
        let rate = try #require(summary["rate"] as? [String: Any])
        #expect(abs((rate["error_rate"] as? Double ?? 0) - 0.5) < 1e-9)
        for key in ["sections", "codes", "slice_gaps", "slices", "trend", "confusions", "error_types", "retrain", "items", "review_queue", "calibration"] {
            #expect(report[key] != nil, "missing \(key)")
        }
        let sections = try #require(report["sections"] as? [[String: Any]])
        #expect(sections.contains { ($0["url"] as? String ?? "").hasPrefix("sop/") && ($0["ref"] as? String ?? "").contains("#") })
        // Half right, half wrong on every question: calibration sees the split.
        let calibration = try #require(report["calibration"] as? [String: Any])
        #expect((calibration["lowest_agreement"] as? [[String: Any]])?.isEmpty == false)

        let csv = try CLIRunner.run(["gaps", "--format", "csv"] + common)
        #expect(csv.stdout.hasPrefix("level,dimension,value,ref,title,responses,errors,error_rate,ci_low,ci_high,group_rate,p,q,flagged,url\n"))
        #expect(csv.stdout.split(separator: "\n").count == 1 + sections.count + (report["codes"] as? [Any] ?? []).count + (report["slice_gaps"] as? [Any] ?? []).count)

        let md = try CLIRunner.run(["gaps", "--format", "markdown", "--site-url", "https://handbook.example.com"] + common)
        #expect(md.stdout.hasPrefix("# Knowledge gaps\n"))
        for heading in ["## Top gaps", "## Review queue", "## Lowest agreement", "## Learners to retrain"] { #expect(md.stdout.contains(heading)) }
        #expect(md.stdout.contains("](https://handbook.example.com/sop/"))

        let table = try CLIRunner.run(["gaps"] + common)
        #expect(table.stdout.contains("Gaps by SOP section"))
        #expect(table.stdout.split(separator: "\n").allSatisfy { $0.count <= 100 }, "the table fits a terminal: \(table.stdout.split(separator: "\n").filter { $0.count > 100 })")

        let itemsOut = try CLIRunner.run(["items", "--json"] + common)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(itemsOut.stdout.utf8)) as? [String: Any])
        let itemRows = try #require(doc["items"] as? [[String: Any]])
        #expect(itemRows.count == Set(items.map { "\($0.itemID)|\($0.kind.rawValue)" }).count)
        // Everyone saw the same questions; two got each right: facility 50%.
        #expect(itemRows.allSatisfy { abs((($0["stats"] as? [String: Any])?["facility"] as? Double ?? 0) - 50) < 1e-9 })

        let calibrationTable = try CLIRunner.run(["calibration"] + common)
        #expect(calibrationTable.status == 0 && calibrationTable.stdout.contains("Krippendorff"))
        // Piped output has no progress lines.
        #expect(!json.stderr.contains("Reading answers"))
    }

    /// `casebook gaps --lang th` prints the table's headings and messages in Thai, with no
    /// string of the English catalogue's gaps table left; JSON does not change with the language.
    @Test func gapsTableInTheLeadsLanguage() throws {
        let f = try fixture() // keeps the temporary folder alive
        let common = f.common
        // A wrong-answering learner contests a decision: the review queue has reasons to word.
        let position = try #require(f.items.firstIndex { $0.kind == .decision && $0.caseID != nil })
        let records = try Records(path: f.db)
        let dewi = try #require(try records.attempts(learnerID: "dewi").first)
        _ = try records.addContest(attemptID: dewi.id, position: position, itemID: f.items[position].itemID, learnerID: "dewi", comment: "key?")
        let thai = try CLIRunner.run(["gaps", "--lang", "th"] + common)
        #expect(thai.status == 0, "\(thai.stderr)")
        for heading in ["ช่องว่างตามหัวข้อใน SOP", "ความสับสนที่พบบ่อย", "ผู้เรียนที่ควรฝึกซ้ำ", "คิวทบทวน", "การปรับเทียบ: α", "อัตราความผิดพลาด", "แนวโน้ม"] {
            #expect(thai.stdout.contains(heading), "\(heading) in \(thai.stdout)")
        }
        let english = DefaultTheme.messages.localized("en"), th = DefaultTheme.messages.localized("th")
        // The review queue's reasons too (issue 19): two of four learners miss every question.
        #expect(thai.stdout.contains("มีคำแย้งที่เปิดอยู่ 1 รายการ · ตอบผิด 50% จาก 4 คำตอบ"), "the review queue's reasons are in Thai")
        #expect(try CLIRunner.run(["gaps"] + common).stdout.contains("1 open contest; missed by 50% of 4"), "and in English as before")
        for key in english.allTexts.keys where key.hasPrefix("cli.") || key.hasPrefix("review.") {
            let text = english.allTexts[key] ?? ""
            for piece in text.split(separator: "{").map({ $0.split(separator: "}").last.map(String.init) ?? "" }) {
                let p = piece.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
                guard p.count >= 4, p.contains(where: \.isLetter), !(th.allTexts[key] ?? "").contains(p) else { continue }
                #expect(!thai.stdout.contains(p), "the Thai table still says '\(p)' (\(key))")
            }
        }
        #expect(thai.stdout.split(separator: "\n").allSatisfy { $0.count <= 100 }, "the Thai table fits a terminal too")
        // Figures in the reader's language: Indonesian writes decimals with a comma (q-values).
        let english0 = try CLIRunner.run(["gaps"] + common).stdout
        let indonesian = try CLIRunner.run(["gaps", "--lang", "id"] + common).stdout
        let qValues = try NSRegularExpression(pattern: "\\b0\\.[0-9]{3}\\b")
        #expect(qValues.firstMatch(in: english0, range: NSRange(english0.startIndex..., in: english0)) != nil, "the English table has q-values: \(english0)")
        #expect(qValues.firstMatch(in: indonesian, range: NSRange(indonesian.startIndex..., in: indonesian)) == nil, "no English decimal point in Indonesian: \(indonesian)")
        #expect(indonesian.contains(",0") || indonesian.contains("<0,001"), "\(indonesian)")
        #expect(try CLIRunner.run(["gaps", "--json", "--lang", "th"] + common).stdout == CLIRunner.run(["gaps", "--json"] + common).stdout)
        #expect(try CLIRunner.run(["gaps", "--format", "markdown", "--lang", "th"] + common).stdout == CLIRunner.run(["gaps", "--format", "markdown"] + common).stdout)
        #expect(try CLIRunner.run(["gaps", "--lang", "en"] + common).stdout == CLIRunner.run(["gaps"] + common).stdout, "English is as it was")
        withExtendedLifetime(f.0) {}
        let unknown = try CLIRunner.run(["gaps", "--lang", "xx"] + common)
        #expect(unknown.status == 2 && unknown.stderr.contains("--lang 'xx'"))
    }

    @Test func badInputGetsClearErrors() throws {
        let t = try TempTree()
        let missing = try CLIRunner.run(["gaps", "--db", t.path("none.db"), "--content", Self.root + "/Content"])
        #expect(missing.status == 1 && missing.stderr.contains("no records database yet"))
        let badDate = try CLIRunner.run(["gaps", "--since", "2026-13-01"])
        #expect(badDate.status == 2 && badDate.stderr.contains("--since must be a date written YYYY-MM-DD"))
        let badFormat = try CLIRunner.run(["items", "--format", "xml"])
        #expect(badFormat.status == 2 && badFormat.stderr.contains("table, json, csv, markdown"))
        let order = try CLIRunner.run(["gaps", "--since", "2026-11-01", "--until", "2026-10-01"])
        #expect(order.status == 2)
    }

    @Test func upholdingAContestChangesTheKeyAndRegrades() throws {
        let (t, db, common, items) = try fixture()
        // A wrong-answering learner contests the first decision question.
        let position = try #require(items.firstIndex { $0.kind == .decision && $0.caseID != nil })
        let item = items[position]
        let records = try Records(path: db)
        let dewi = try #require(try records.attempts(learnerID: "dewi").first)
        let chai = try #require(try records.attempts(learnerID: "chai").first)
        let contest = try records.addContest(attemptID: dewi.id, position: position, itemID: item.itemID, learnerID: "dewi", comment: "The SOP says <b>restrict</b> here")
        let other = try records.addContest(attemptID: chai.id, position: position, itemID: item.itemID, learnerID: "chai", comment: "same")
        let chosen = try #require(try records.response(attemptID: dewi.id, position: position)).chosen
        let before = try #require(try records.attempt(dewi.id)?.percent)

        let list = try CLIRunner.run(["contests", "--json", "--db", db])
        let open = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(open.count == 2 && open[0]["kind"] as? String == "decision" && open[0]["chosen"] as? String == chosen)

        // The review queue puts the missed-and-contested question first.
        let queue = try CLIRunner.run(["items", "--json"] + common)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(queue.stdout.utf8)) as? [String: Any])
        let first = try #require((doc["review_queue"] as? [[String: Any]])?.first)
        #expect(first["item"] as? String == item.itemID && first["priority"] as? Int == 1)

        let noNote = try CLIRunner.run(["contests", "resolve", "\(contest)", "--uphold", "--key", chosen] + common)
        #expect(noNote.status == 2 && noNote.stderr.contains("--note is required"))
        let badKey = try CLIRunner.run(["contests", "resolve", "\(contest)", "--uphold", "--key", "obliterate", "--note", "x"] + common)
        #expect(badKey.status == 1 && badKey.stderr.contains("is not an action"))

        let upheld = try CLIRunner.run(["contests", "resolve", "\(contest)", "--uphold", "--key", chosen, "--note", "SOP 5.2 wins", "--by", "trainer-kim"] + common)
        #expect(upheld.status == 0, "\(upheld.stderr)\(upheld.stdout)")
        #expect(upheld.stdout.contains("Re-graded 4 responses"))
        // The bank file now carries the new key, and every response was re-graded against it.
        let bank = try QuizBank.load(quizzes: t.path("Quizzes"), handbook: try Handbook.load(content: Self.root + "/Content"))
        #expect(bank.case(item.itemID)?.decision == chosen)
        #expect(try records.response(attemptID: dewi.id, position: position)?.score == 1)
        #expect(try records.response(attemptID: dewi.id, position: position)?.gold == chosen)
        let after = try #require(try records.attempt(dewi.id)?.percent)
        #expect(after > before)
        let again = try CLIRunner.run(["contests", "resolve", "\(contest)", "--reject", "--note", "no"] + common)
        #expect(again.status == 1 && again.stderr.contains("already upheld"))
        let rejected = try CLIRunner.run(["contests", "resolve", "\(other)", "--reject", "--note", "duplicate", "--db", db])
        #expect(rejected.status == 0)
        let all = try CLIRunner.run(["contests", "--status", "all", "--db", db])
        #expect(all.stdout.contains("upheld by trainer-kim") && all.stdout.contains("rejected by"), "\(all.stdout)\(all.stderr)")
    }

    @Test func aPublishedMistakeAppearsOnItsSOPPage() throws {
        let (t, _, common, items) = try fixture()
        let item = try #require(items.first { $0.kind == .decision && $0.caseID != nil })
        let ref = try #require(item.sections.first).description
        let publish = try CLIRunner.run(["mistakes", "publish", ref, "--note", "Check the <b>tip</b> colour first."] + common)
        #expect(publish.status == 0, "\(publish.stderr)")
        #expect(publish.stdout.contains("Published for \(ref)"))
        #expect(t.read("Quizzes/common-mistakes.yml")?.contains("section: \(ref)") == true)
        let build = try CLIRunner.run(["build", "--content", Self.root + "/Content", "--quizzes", t.path("Quizzes"), "--out", t.path("site"), "--no-search"])
        #expect(build.status == 0, "\(build.stderr)")
        let page = try #require(t.read("site/sop/\(item.sections[0].pageID).html"))
        #expect(page.contains("<aside class=\"common-mistake\" role=\"note\""))
        #expect(page.contains("Check the &lt;b&gt;tip&lt;/b&gt; colour first."))
        // Removing it and rebuilding re-renders that page without the note.
        #expect(try CLIRunner.run(["mistakes", "remove", ref, "--quizzes", t.path("Quizzes")]).status == 0)
        _ = try CLIRunner.run(["build", "--content", Self.root + "/Content", "--quizzes", t.path("Quizzes"), "--out", t.path("site"), "--no-search"])
        #expect(t.read("site/sop/\(item.sections[0].pageID).html")?.contains("common-mistake\" role") == false)
        let unknown = try CLIRunner.run(["mistakes", "publish", "no-such-sop#x"] + common)
        #expect(unknown.status == 1 && unknown.stderr.contains("is not a section of the handbook"))
    }
}
