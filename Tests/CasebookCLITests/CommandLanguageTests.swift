import CivilDate
import Foundation
import Testing
import Handbook
@testable import CasebookCLI
import Publishing
@testable import Records
import CasebookTestSupport
import Quiz

/// Issue 19: the report-like commands leads and trainers read (`items`, `calibration`,
/// `certs`, `learners show`) speak `--lang` (or `$CASEBOOK_LANG`) as `gaps` does: their tables
/// and sentences in the reader's language, JSON and CSV as they were, English byte for byte
/// as it was.
@Suite struct CommandLanguageTests {
    /// English catalogue texts under `prefixes` (split at placeholders, four characters or
    /// more) that `language` words differently: none may be left in that language's output.
    static func englishFragments(_ prefixes: [String], language: String = "th", minimumLength: Int = 4) -> [String: String] {
        let english = DefaultTheme.messages.localized("en"), other = DefaultTheme.messages.localized(language)
        var out: [String: String] = [:]
        for key in english.allTexts.keys where prefixes.contains(where: { key.hasPrefix($0) }) {
            let forms: [String]
            switch english.message(key) {
            case .text(let s)?: forms = [s]
            case .plural(let f)?: forms = Array(f.values)
            case nil: forms = []
            }
            let shown = other.allTexts[key] ?? ""
            for form in forms {
                for piece in form.split(separator: "{").map({ $0.split(separator: "}").last.map(String.init) ?? "" }) {
                    let p = piece.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
                    if p.count >= minimumLength, p.contains(where: \.isLetter), !shown.contains(p) { out[p] = key }
                }
            }
        }
        return out
    }

    /// Whether `output` says `fragment` as words of its own: a fragment inside an id
    /// (`pass-id-listings`, a step of the sample path) or a longer word is content.
    static func says(_ output: String, _ fragment: String) -> Bool {
        var rest = output[...]
        while let r = rest.range(of: fragment) {
            let before = r.lowerBound == output.startIndex ? nil : output[output.index(before: r.lowerBound)]
            let after = r.upperBound == output.endIndex ? nil : output[r.upperBound]
            if !(before.map { $0.isLetter || $0 == "-" } ?? false) && !(after.map { $0.isLetter || $0 == "-" } ?? false) { return true }
            rest = output[r.upperBound...]
        }
        return false
    }

    static func expectNoEnglish(_ output: String, _ prefixes: [String], language: String = "th", _ what: String) {
        for (fragment, key) in englishFragments(prefixes, language: language) where says(output, fragment) {
            Issue.record("\(what) in \(language) still says '\(fragment)' (\(key)):\n\(output)")
        }
    }

    @Test func itemsAndCalibrationInTheLeadsLanguage() throws {
        let f = try ReportCommandTests().fixture()
        let common = f.common
        // A wrong-answering learner contests a decision: the review queue has reasons to word.
        let position = try #require(f.items.firstIndex { $0.kind == .decision && $0.caseID != nil })
        let records = try Records(path: f.db)
        let dewi = try #require(try records.attempts(learnerID: "dewi").first)
        _ = try records.addContest(attemptID: dewi.id, position: position, itemID: f.items[position].itemID, learnerID: "dewi", comment: "key?")
        for command in ["items", "calibration"] {
            let english = try CLIRunner.run([command] + common)
            #expect(english.status == 0, "\(english.stderr)")
            #expect(try CLIRunner.run([command, "--lang", "en"] + common).stdout == english.stdout, "English is as it was")
            for format in ["json", "csv", "markdown"] {
                #expect(try CLIRunner.run([command, "--format", format, "--lang", "th"] + common).stdout == CLIRunner.run([command, "--format", format] + common).stdout,
                        "\(command) --format \(format) does not change with the language")
            }
            for lang in ["th", "id", "vi", "ar"] {
                let shown = try CLIRunner.run([command, "--lang", lang] + common)
                #expect(shown.status == 0 && shown.stdout != english.stdout, "\(shown.stderr)")
                // The review queue's reasons too ("missed by 50% of 4").
                Self.expectNoEnglish(shown.stdout, ["cli.items.", "cli.calibration.", "cli.column.", "cli.gaps.", "review.reason."], language: lang, "casebook \(command)")
            }
        }
        // Actions (the calibration's key and answers, a suspect key's answers) carry the
        // action list's label in the reader's language (`label_th:`), English where it has none.
        let handbook = try Handbook.load(content: CLIRunner.repositoryRoot + "/Content")
        let actions = try QuizBank.load(quizzes: f.0.path("Quizzes"), handbook: handbook).actions
        for command in ["calibration", "gaps"] {
            let english = try CLIRunner.run([command] + common).stdout
            #expect(actions.contains { english.contains($0.label) }, "the fixture shows actions: \(english)")
            for lang in ["th", "id", "vi"] {
                let shown = try CLIRunner.run([command, "--lang", lang] + common).stdout
                for a in actions where english.contains(a.label) {
                    #expect(shown.contains(a.label(in: lang)) && (a.label(in: lang) == a.label || !Self.says(shown, a.label)),
                            "\(command) --lang \(lang) words \(a.id) as \(a.label(in: lang)):\n\(shown)")
                }
            }
        }
        let queue = try CLIRunner.run(["items", "--lang", "th"] + common).stdout
        #expect(queue.contains("มีคำแย้งที่เปิดอยู่ 1 รายการ · ตอบผิด") && !queue.contains("missed by"), "\(queue)")
        #expect(try CLIRunner.run(["items"] + common).stdout.contains("1 open contest; missed by"), "English as before")
        let thai = try CLIRunner.run(["items", "--lang", "th"] + common).stdout
        #expect(thai.contains("คุณภาพคำถาม") && thai.contains("ความง่าย") && thai.contains("คิวทบทวน"), "\(thai)")
        #expect(try CLIRunner.run(["items"] + common, environment: ["CASEBOOK_LANG": "th"]).stdout == thai, "CASEBOOK_LANG as --lang")
        let calibration = try CLIRunner.run(["calibration", "--lang", "th"] + common).stdout
        #expect(calibration.contains("ทุกเคส") && calibration.contains("แอลฟา"), "\(calibration)")
        withExtendedLifetime(f.0) {}
    }

    @Test func certsAndLearnerProgressInTheTrainersLanguage() throws {
        let (t, common) = try PathsCommandTests.setUp()
        let db = t.path("data/cb.db")
        #expect(CapturedConsole.run(["paths", "assign", "id-listings-moderator", "--market", "ID", "--start", "2026-12-01"] + common).status == 0)
        let records = try Records(path: db)
        try PathsCommandTests.complete(records, "amina")
        let cert = try #require(try records.certificates(learnerID: "amina").first)
        let expires = try #require(CivilDate(iso: cert.expires))
        let window = CivilDate(days: expires.days - 30).iso
        let early = CivilDate(days: expires.days - 40).iso
        let dbOnly = ["--db", db]
        _ = CapturedConsole.run(["certs", "--today", window] + dbOnly) // assigns the recertification first
        let runs: [[String]] = [["certs", "--today", window] + dbOnly, ["certs", "--expiring-within", "30d", "--today", early] + dbOnly,
                                ["certs", "--team", "vn-live", "--today", early] + dbOnly,
                                ["learners", "show", "amina", "--date", window] + common, ["learners", "show", "budi", "--date", window] + common]
        for args in runs {
            let english = CapturedConsole.run(args)
            #expect(english.status == 0, "\(english.stderr)")
            #expect(CapturedConsole.run(args + ["--lang", "en"]).stdout == english.stdout, "English is as it was: \(args)")
            for lang in ["th", "id", "vi", "ar"] {
                let shown = CapturedConsole.run(args + ["--lang", lang])
                #expect(shown.status == 0 && shown.stdout != english.stdout, "\(args) \(lang): \(shown.stderr)")
                Self.expectNoEnglish(shown.stdout, ["cli.certs.", "cli.learner.", "cli.column."], language: lang, args.prefix(2).joined(separator: " "))
            }
        }
        // Dates in Thai count years in the Buddhist era; JSON and CSV stay as they were.
        let thai = CapturedConsole.run(["certs", "--today", window, "--lang", "th"] + dbOnly).stdout
        let year = try #require(Int(cert.expires.prefix(4)))
        #expect(thai.contains("ใบรับรอง ณ วันที่") && thai.contains(String(year + 543)) && thai.contains("ใช้ได้"), "\(thai)")
        for format in ["json", "csv"] {
            #expect(CapturedConsole.run(["certs", "--format", format, "--today", window, "--lang", "th"] + dbOnly).stdout
                    == CapturedConsole.run(["certs", "--format", format, "--today", window] + dbOnly).stdout)
        }
        #expect(CapturedConsole.run(["learners", "show", "amina", "--date", window, "--format", "json", "--lang", "th"] + common).stdout
                == CapturedConsole.run(["learners", "show", "amina", "--date", window, "--format", "json"] + common).stdout)
        let show = CapturedConsole.run(["learners", "show", "budi", "--date", window, "--lang", "th"] + common).stdout
        #expect(show.contains("ผู้เรียน budi") && show.contains("งานที่ค้างอยู่:") && show.contains("เส้นทางการเรียนรู้:"), "\(show)")
        // Clauses after a path's progress ("; next: ...", "; granted ...") are joined the Thai way.
        for learner in ["amina", "budi"] {
            let thai = CapturedConsole.run(["learners", "show", learner, "--date", window, "--lang", "th"] + common).stdout
            #expect(thai.contains(" · ") && !thai.contains("; "), "\(thai)")
        }
        let unknown = CapturedConsole.run(["certs", "--lang", "xx"] + dbOnly)
        #expect(unknown.status == 2 && unknown.stderr.contains("--lang 'xx'"))
    }

    @Test func productionQADigestInTheLeadsLanguage() throws {
        var rows: [[String: String]] = []
        for (w, monday) in ["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"].enumerated() {
            for i in 0..<40 {
                let wrong = i < (w == 4 ? 20 : 2)
                rows.append(AuditFixture.row(w * 100 + i, ["decision_time": "\(monday)T10:00:00Z", "moderator_id": "mod-\(i % 8)", "team": i % 2 == 0 ? "th-live" : "id-live",
                                                          "moderator_action": wrong ? "approve" : "remove", "moderator_codes": wrong ? "" : "IP-01"]))
            }
        }
        let t = try TempTree(["audit.csv": AuditFixture.csv(rows)])
        let db = t.path("data/casebook.db")
        let content = CLIRunner.repositoryRoot + "/Content"
        #expect(try CLIRunner.run(["qa", "import", t.path("audit.csv"), "--source", "QA audit", "--db", db, "--content", content]).status == 0)
        let common = ["qa", "report", "--db", db, "--content", content]
        let english = try CLIRunner.run(common)
        #expect(english.status == 0, "\(english.stderr)")
        #expect(try CLIRunner.run(common + ["--lang", "en"]).stdout == english.stdout, "English is as it was")
        for format in ["json", "csv", "markdown"] {
            #expect(try CLIRunner.run(common + ["--format", format, "--lang", "th"]).stdout == CLIRunner.run(common + ["--format", format]).stdout, "\(format)")
        }
        for lang in ["th", "id", "vi", "ar"] {
            let shown = try CLIRunner.run(common + ["--lang", lang])
            #expect(shown.status == 0 && shown.stdout != english.stdout, "\(shown.stderr)")
            // Root-cause evidence lines too.
            #expect(shown.stdout.split(separator: "\n").contains { $0.hasPrefix("  ") }, "root-cause evidence shown: \(shown.stdout)")
            Self.expectNoEnglish(shown.stdout, ["cli.qa.", "cli.column.", "analysis.evidence."], language: lang, "casebook qa report")
        }
        let thai = try CLIRunner.run(common + ["--lang", "th"]).stdout
        #expect(thai.hasPrefix("การตรวจคุณภาพงานจริง\n") && thai.contains("ความถูกต้อง") && thai.contains("ตามหัวข้อใน SOP"), "\(thai)")
    }

    @Test func campaignStatusInTheTrainersLanguage() throws {
        let (fixture, db) = try CampaignsCommandTests.setUp()
        #expect(CapturedConsole.run(["campaigns", "create", "refunds", "--version", "1.10", "--due", "2099-12-15", "--markets", "id,TH", "--quiz", "2",
                                     "--content", fixture.content, "--db", db]).status == 0)
        try Records(path: db).acknowledge(learnerID: "amina", sopID: "refunds", version: "1.10")
        for today in ["2099-12-14", "2099-12-15", "2100-01-01"] {
            let args = ["campaigns", "show", "1", "--today", today, "--content", fixture.content, "--db", db]
            let english = CapturedConsole.run(args)
            #expect(english.status == 0, "\(english.stderr)")
            #expect(CapturedConsole.run(args + ["--lang", "en"]).stdout == english.stdout, "English is as it was")
            for format in ["json", "csv"] {
                #expect(CapturedConsole.run(args + ["--format", format, "--lang", "th"]).stdout == CapturedConsole.run(args + ["--format", format]).stdout)
            }
            for (lang, verdict) in [("th", "สรุป:"), ("id", "Kesimpulan:"), ("vi", "Kết luận:"), ("ar", "الحكم:")] {
                let shown = CapturedConsole.run(args + ["--lang", lang])
                #expect(shown.status == 0 && shown.stdout != english.stdout, "\(shown.stderr)")
                #expect(shown.stdout.contains(verdict), "\(shown.stdout)")
                Self.expectNoEnglish(shown.stdout, ["cli.campaign.", "cli.column.", "campaign.verdict.", "cli.campaign_note."], language: lang, "casebook campaigns show")
            }
        }
        // Without the content folder, or with one that lacks the SOP, a note says why "did it
        // work?" is missing or incomplete: in the reader's language on the table, English on stderr.
        let bare = try TempTree(["Content/index.md": "# Home\n"])
        var notes: [String] = []
        for content in [bare.path("missing"), bare.path("Content")] {
            let args = ["campaigns", "show", "1", "--today", "2100-01-01", "--content", content, "--db", db]
            let english = CapturedConsole.run(args)
            #expect(english.status == 0 && (english.stdout.contains("Did it work? Not shown: ") || english.stdout.contains("\nNote: ")), "\(english.stdout)\(english.stderr)")
            notes.append(english.stdout)
            for lang in ["th", "id", "vi", "ar"] {
                let shown = CapturedConsole.run(args + ["--lang", lang])
                #expect(shown.status == 0, "\(shown.stderr)")
                Self.expectNoEnglish(shown.stdout, ["cli.campaign.", "cli.column.", "campaign.verdict.", "cli.campaign_note."], language: lang, "campaigns show --content \(content)")
            }
            let json = CapturedConsole.run(args + ["--format", "json", "--lang", "th"])
            #expect(json.stderr.contains("casebook: ") && !json.stderr.contains("{"), "English note on stderr: \(json.stderr)")
        }
        #expect(notes[0] != notes[1], "two different notes")
        let thai = CapturedConsole.run(["campaigns", "show", "1", "--today", "2100-01-01", "--lang", "th", "--content", fixture.content, "--db", db]).stdout
        #expect(thai.contains("แคมเปญ 1: refunds เวอร์ชัน 1.10") && thai.contains("เลยกำหนดมาแล้ว 17 วัน") && thai.contains("2643"), "\(thai)")
    }

    /// A long list of names ends "and N more" in the reader's language, with its plural forms;
    /// English as it was.
    @Test func longListsOfNamesInTheReadersLanguage() throws {
        let ids = (1...11).map { "mod-\($0)" }
        let english = PathsCommand.names(ids)
        #expect(english == "mod-1, mod-2, mod-3, mod-4, mod-5, mod-6, mod-7, mod-8 and 3 more")
        #expect(PathsCommand.names(ids, CLIText(language: nil)) == english && PathsCommand.names(ids, CLIText(language: DefaultTheme.messages.localized("en"))) == english)
        #expect(PathsCommand.names(Array(ids.prefix(8)), CLIText(language: DefaultTheme.messages.localized("th"))) == "mod-1, mod-2, mod-3, mod-4, mod-5, mod-6, mod-7, mod-8")
        for lang in ["th", "id", "vi", "ar"] {
            let shown = PathsCommand.names(ids, CLIText(language: DefaultTheme.messages.localized(lang)))
            #expect(shown.contains("mod-8") && !shown.contains("mod-9") && !shown.contains(" and "), "\(lang): \(shown)")
            Self.expectNoEnglish(shown, ["cli.list."], language: lang, "names")
        }
        #expect(PathsCommand.names(ids, CLIText(language: DefaultTheme.messages.localized("th"))).hasSuffix("mod-8 และอีก 3 คน"))
        let arabic = CLIText(language: DefaultTheme.messages.localized("ar"))
        #expect(PathsCommand.names(Array(ids.prefix(9)), arabic).hasSuffix("وواحد غيرهم") && PathsCommand.names(Array(ids.prefix(10)), arabic).hasSuffix("واثنان غيرهم"))
        #expect(PathsCommand.names(ids, arabic).contains("،"), "Arabic lists with its own comma")
    }

    /// `casebook retrain --lang th` says what it assigned in Thai (RetrainCommandTests checks
    /// the English, byte for byte, as it was).
    @Test func retrainingsInTheTrainersLanguage() throws {
        for lang in ["th", "id", "vi", "ar"] {
            let (t, common) = try QACasesCommandTests.setUp()
            let options = ["--section", "ip#ip-01", "--quiz", "2", "--today", "2026-12-01", "--team", "id-listings", "--lang", lang] + common
            let first = CapturedConsole.run(["retrain"] + options)
            #expect(first.status == 0, "\(first.stderr)")
            let again = CapturedConsole.run(["retrain"] + options)
            #expect(again.status == 0, "\(again.stderr)")
            for output in [first.stdout, again.stdout] {
                Self.expectNoEnglish(output, ["cli.retrain.", "cli.column."], language: lang, "casebook retrain")
            }
            if lang == "th" {
                #expect(first.stdout.hasPrefix("การฝึกซ้ำ 1 ในหัวข้อ ip#ip-01") && first.stdout.contains("15 ธ.ค. 2569") && first.stdout.contains("ผู้ตรวจสอบ"), "\(first.stdout)")
                #expect(again.stdout.hasPrefix("ไม่มีงานต้องมอบหมาย") && again.stdout.contains("ทีม id-listings"), "\(again.stdout)")
            }
            withExtendedLifetime(t) {}
        }
    }
}
