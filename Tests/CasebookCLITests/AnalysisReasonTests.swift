import Foundation
import Testing
import Handbook
@testable import Insights
import Publishing
import Quiz

/// Issue 19: the review queue's reasons and the campaigns' verdicts are codes with figures,
/// worded in the reader's language from the shipped catalogues; English reads as it always has.
@Suite struct AnalysisReasonTests {
    static let english = DefaultTheme.messages.localized("en")
    static let thai = DefaultTheme.messages.localized("th")

    /// Every reason kind, the English sentence the review queue printed before reasons had
    /// codes, and its Thai wording.
    static let reasons: [(AnalysisReason, english: String, thai: String)] = [
        (AnalysisReason("sop_section_changed", ["version": .text("3.2"), "section": .text("counterfeit-and-ip#ip-01"), "date": .text("2026-11-20")]),
         "SOP section changed in v3.2: counterfeit-and-ip#ip-01 (2026-11-20); exams skip it until 'reviewed' is updated",
         "หัวข้อใน SOP เปลี่ยนในเวอร์ชัน 3.2: counterfeit-and-ip#ip-01 (20 พ.ย. 2569) ข้อสอบจะข้ามคำถามนี้จนกว่าจะอัปเดตวันที่ 'reviewed'"),
        (AnalysisReason("sop_section_added", ["version": .text("3.2"), "section": .text("counterfeit-and-ip#ip-09"), "date": .text("2026-11-20")]),
         "SOP section added in v3.2: counterfeit-and-ip#ip-09 (2026-11-20); exams skip it until 'reviewed' is updated",
         "มีหัวข้อใหม่ใน SOP เวอร์ชัน 3.2: counterfeit-and-ip#ip-09 (20 พ.ย. 2569) ข้อสอบจะข้ามคำถามนี้จนกว่าจะอัปเดตวันที่ 'reviewed'"),
        (AnalysisReason("sop_changed", ["version": .text("2.0"), "page": .text("hate-speech"), "date": .text("2026-10-01")]),
         "SOP changed in v2.0: hate-speech (2026-10-01); exams skip it until 'reviewed' is updated",
         "SOP เปลี่ยนในเวอร์ชัน 2.0: hate-speech (1 ต.ค. 2569) ข้อสอบจะข้ามคำถามนี้จนกว่าจะอัปเดตวันที่ 'reviewed'"),
        (AnalysisReason("suspect_key", ["share": .int(40), "answer": .text("remove"), "key": .text("warn")]),
         "suspect key: 40% of the strongest learners answered remove, the key says warn",
         "เฉลยน่าสงสัย: ผู้เรียนกลุ่มที่เก่งที่สุด 40% ตอบ remove แต่เฉลยคือ warn"),
        (AnalysisReason("suspect_key", ["share": .int(75), "answer": .text(QuizDrawer.noViolation), "key": .text("IP-03")]),
         "suspect key: 75% of the strongest learners answered No policy violated, the key says IP-03",
         "เฉลยน่าสงสัย: ผู้เรียนกลุ่มที่เก่งที่สุด 75% ตอบ \(thai("quiz.no_violation")) แต่เฉลยคือ IP-03"),
        (AnalysisReason.openContests(1), "1 open contest", "มีคำแย้งที่เปิดอยู่ 1 รายการ"),
        (AnalysisReason.openContests(3), "3 open contests", "มีคำแย้งที่เปิดอยู่ 3 รายการ"),
        (AnalysisReason.openContests(1200), "1200 open contests", "มีคำแย้งที่เปิดอยู่ 1,200 รายการ"),
        (AnalysisReason("missed", ["share": .int(60), "n": .int(20)]), "missed by 60% of 20", "ตอบผิด 60% จาก 20 คำตอบ"),
        (AnalysisReason("too_easy", ["facility": .int(95), "n": .int(40)]), "too easy (facility 95%, n=40)", "ง่ายเกินไป (ค่าความง่าย 95%, n=40)"),
        (AnalysisReason("too_hard", ["facility": .int(12), "n": .int(40)]), "too hard (facility 12%, n=40)", "ยากเกินไป (ค่าความง่าย 12%, n=40)"),
        (AnalysisReason("negative_discrimination", ["discrimination": .int(-45), "n": .int(30)]),
         "negative discrimination (-45%, n=30): strong learners miss it more than weak ones",
         "ค่าอำนาจจำแนกติดลบ (-45%, n=30): ผู้เรียนที่เก่งตอบผิดมากกว่าผู้เรียนที่อ่อน"),
        (AnalysisReason("negative_discrimination_chance", ["discrimination": .int(-15), "n": .int(8)]),
         "negative discrimination (-15%, n=8): may be chance at this n",
         "ค่าอำนาจจำแนกติดลบ (-15%, n=8): อาจเป็นความบังเอิญเมื่อมีคำตอบเพียงเท่านี้"),
        (AnalysisReason("low_discrimination", ["discrimination": .int(12), "n": .int(25)]), "low discrimination (12%, n=25)", "ค่าอำนาจจำแนกต่ำ (12%, n=25)"),
        (AnalysisReason("flag", ["flag": .text("no-answers")]), "no-answers", "no-answers"),
    ]

    @Test func everyReasonKindReadsAsBeforeInEnglishAndInThaiInThai() {
        for (reason, english, thai) in Self.reasons {
            #expect(reason.text(in: nil) == english)
            #expect(reason.text(in: Self.english) == english, "English from the catalogue is the same sentence")
            #expect(reason.text(in: Self.thai) == thai)
        }
        let codes = Set(Self.reasons.map(\.0.code))
        #expect(codes == Set(AnalysisReason.english.keys), "a test case for every reason kind")
    }

    /// Plural forms and digits follow the language: Arabic has six forms, Indonesian none.
    @Test func pluralFormsAndNumbersFollowTheLanguage() {
        let arabic = DefaultTheme.messages.localized("ar"), indonesian = DefaultTheme.messages.localized("id")
        #expect(AnalysisReason.openContests(1).text(in: arabic) == "اعتراض مفتوح واحد")
        #expect(AnalysisReason.openContests(2).text(in: arabic) == "اعتراضان مفتوحان")
        #expect(AnalysisReason.openContests(3).text(in: arabic).hasSuffix("اعتراضات مفتوحة"))
        #expect(AnalysisReason.openContests(1).text(in: indonesian) == "1 sanggahan terbuka")
        #expect(AnalysisReason.openContests(2400).text(in: indonesian) == "2.400 sanggahan terbuka")
    }

    /// The English sentences in code are the English catalogue's (one wording, two places that
    /// must agree), and every reason has a message in every shipped language.
    @Test func theEnglishCatalogueHasTheSameWording() {
        for (code, forms) in AnalysisReason.english {
            switch Self.english.message("review.reason." + code) {
            case .text(let s)?: #expect(s == forms.other, "\(code)")
            case .plural(let p)?: #expect(p[.one] == forms.one && p[.other] == forms.other, "\(code)")
            case nil: Issue.record("en.yml has no review.reason.\(code)")
            }
            for lang in DefaultTheme.messages.languages {
                #expect(DefaultTheme.messages.catalogs[lang]?.messages["review.reason." + code] != nil, "\(lang) has review.reason.\(code)")
            }
        }
    }

    /// Each root cause's evidence sentence: English as `RootCause.evidence` always read, and Thai.
    @Test func rootCauseEvidenceInEnglishAndThai() {
        let line: [String: ReasonValue] = ["moderators": .int(4), "error_rate": .int(45), "answers": .int(40), "other_rate": .int(10),
                                           "other_answers": .int(200), "p": .text("0.00123")]
        let thaiLine = "ผู้ตรวจสอบที่ผ่านการตรวจ QA และมีคำตอบแบบทดสอบในหัวข้อนี้ 4 คน ตอบผิด 45% จาก 40 คำตอบในหัวข้อนี้ เทียบกับ 10% จาก 200 คำตอบในหัวข้ออื่นของพวกเขา (p=0.00123)"
        let englishLine = "the 4 audited moderators with quiz answers here get 45% of 40 quiz answers in the section wrong, against 10% of 200 on their other sections (p=0.00123)"
        let cases: [(AnalysisReason, english: String, thai: String)] = [
            (AnalysisReason("knowledge_gap", line.merging(["flagged": .int(1)]) { a, _ in a }),
             "Knowledge gap: \(englishLine); the quiz gap report flags it too.", "ช่องว่างด้านความรู้: \(thaiLine) และรายงานช่องว่างจากแบบทดสอบก็ระบุหัวข้อนี้เช่นกัน"),
            (AnalysisReason("knowledge_gap", line.merging(["flagged": .int(0)]) { a, _ in a }), "Knowledge gap: \(englishLine).", "ช่องว่างด้านความรู้: \(thaiLine)"),
            (AnalysisReason("execution", line.merging(["production_rate": .int(30)]) { a, _ in a }),
             "Execution: they pass it in quizzes but miss it in production: \(englishLine); production error rate 30%.",
             "การปฏิบัติงาน: สอบผ่านในแบบทดสอบแต่พลาดในงานจริง: \(thaiLine) อัตราความผิดพลาดในงานจริง 30%"),
            (AnalysisReason("sop_ambiguity", ["agreement": .int(55), "double_audits": .int(12), "alpha": .text("0.31"), "threshold": .text("0.667"),
                                              "calibration_code": .text("IP-03"), "calibration_alpha": .text("0.20"), "calibration_cases": .int(8)]),
             "SOP ambiguity: QA reviewers agree on 55% of 12 double audits (Krippendorff's alpha 0.31 < 0.667); quiz calibration on IP-03 has alpha 0.20 over 8 cases.",
             "SOP ไม่ชัดเจน: ผู้ตรวจ QA เห็นตรงกัน 55% จากการตรวจซ้ำ 12 รายการ (ค่าแอลฟาของคริพเพนดอร์ฟ 0.31 < 0.667) · การปรับเทียบในแบบทดสอบของรหัส IP-03 ได้ค่าแอลฟา 0.20 จาก 8 เคส"),
            (AnalysisReason("recent_sop_change", ["before_rate": .int(5), "before_audits": .int(100), "after_rate": .int(20), "after_audits": .int(90),
                                                  "version": .text("3.2"), "date": .text("2026-09-01"), "p": .text("0.00012"), "level": .text("0.025")]),
             "Recent SOP change: errors rose from 5% of 100 to 20% of 90 audits after version 3.2 took effect on 2026-09-01 (p=0.00012, level 0.025).",
             "SOP เพิ่งเปลี่ยน: ความผิดพลาดเพิ่มจาก 5% ของ 100 เป็น 20% ของ 90 การตรวจ หลังเวอร์ชัน 3.2 มีผลเมื่อ 1 ก.ย. 2569 (p=0.00012 ระดับนัยสำคัญ 0.025)"),
            (AnalysisReason("question_key_problem", ["items": .text("q-1, q-2")]),
             "Question/key problem: the item analysis flags the answer key of q-1, q-2 as suspect; its quiz figures are left out.",
             "ปัญหาที่คำถามหรือเฉลย: การวิเคราะห์ข้อสอบระบุว่าเฉลยของ q-1, q-2 น่าสงสัย จึงไม่นับตัวเลขแบบทดสอบของข้อนั้น"),
            (AnalysisReason("insufficient_evidence", ["quiz": .text("few"), "answers": .int(3), "needed": .int(10), "double_audits": .int(1), "needed_double": .int(5)]),
             "Insufficient evidence: only 3 quiz answers in the section from these moderators (10 needed); 1 double audits (5 needed for reviewer agreement).",
             "หลักฐานไม่เพียงพอ: มีคำตอบแบบทดสอบในหัวข้อนี้จากผู้ตรวจสอบกลุ่มนี้เพียง 3 คำตอบ (ต้องมี 10) · มีการตรวจซ้ำ 1 รายการ (ต้องมี 5 รายการเพื่อวัดความเห็นตรงกันของผู้ตรวจ)"),
            (AnalysisReason("insufficient_evidence", ["quiz": .text("unclear"), "error_rate": .int(12), "answers": .int(50), "other_rate": .int(9)]),
             "Insufficient evidence: quiz errors 12% of 50 neither clearly above nor clearly at their 9% elsewhere.",
             "หลักฐานไม่เพียงพอ: ตอบผิดในแบบทดสอบ 12% จาก 50 คำตอบ ไม่ได้สูงกว่าหรือใกล้เคียงกับ 9% ในหัวข้ออื่นอย่างชัดเจน"),
            (AnalysisReason("insufficient_evidence", ["quiz": .text("none")]),
             "Insufficient evidence: no quiz answers in the section from these moderators.", "หลักฐานไม่เพียงพอ: ไม่มีคำตอบแบบทดสอบในหัวข้อนี้จากผู้ตรวจสอบกลุ่มนี้"),
        ]
        for (reason, english, thai) in cases {
            #expect(reason.text(in: nil) == english)
            #expect(reason.text(in: Self.english) == english)
            #expect(reason.text(in: Self.thai) == thai)
        }
        for (name, text) in RootCauseEvidence.english {
            #expect(Self.english.allTexts["analysis.evidence." + name] == text, "en.yml analysis.evidence.\(name) is the code's wording")
        }
    }

    /// The Team progress panel: a renewal path's title and a blocked step in Thai, as before in English.
    @Test func teamProgressPanelWordsRenewalsAndBlockedStepsForTheReader() {
        let line = TeamProgress.PathLine(path: "p", title: "Renew cert-ip", done: 1, total: 3, next: nil, nextDue: nil,
                                         blocked: ["Final exam (waits for Week 1 quiz, Shadowing)"],
                                         blockedSteps: [TeamProgress.BlockedStep(title: "Final exam", waitsFor: ["Week 1 quiz", "Shadowing"])], renews: "cert-ip")
        let progress = TeamProgress(today: "2026-12-01", rows: [TeamProgress.Row(id: "chai", name: "Chai", team: "th-live", paths: [line], overdueTasks: 0, expiring: [])],
                                    withoutPath: 0)
        let report = GapReport.make(Evidence(catalog: Catalog()))
        let english = Dashboard.html(report, teamProgress: progress, language: Self.english)
        #expect(english.contains("<td>Renew cert-ip</td>") && english.contains("<td>Final exam (waits for Week 1 quiz, Shadowing)</td>"))
        #expect(english == Dashboard.html(report, teamProgress: progress), "English is as it was")
        let thai = Dashboard.html(report, teamProgress: progress, language: Self.thai)
        #expect(thai.contains("<td>ต่ออายุ cert-ip</td>") && thai.contains("<td>Final exam (รอ Week 1 quiz, Shadowing)</td>"))
        #expect(!thai.contains("Renew") && !thai.contains("waits for"))
    }

    /// Each campaign verdict: the English `summary` as it always read, and Thai from the catalogue.
    @Test func campaignVerdictsInEnglishAndThai() {
        func judgements(_ day: String, _ n: Int, wrong: Int, learners: Int) -> [SectionJudgement] {
            (0..<n).map { SectionJudgement(learnerID: "l\($0 % learners)", day: day, wrong: $0 < wrong) }
        }
        let many = judgements("2026-09-01", 100, wrong: 50, learners: 10) + judgements("2026-10-02", 100, wrong: 5, learners: 10)
        let cases: [(CampaignOutcome, english: String, thai: String)] = [
            (.compare(many, source: .quizAnswers, sections: [], effective: "2026-10-01", today: "2026-11-01"),
             "no changed sections to measure", "ไม่มีหัวข้อที่เปลี่ยนให้วัดผล"),
            (.compare(many, source: .quizAnswers, sections: ["ip-01"], effective: nil, today: "2026-11-01"),
             "no effective date for this version; give the SOP an 'effective:' date or a change-log entry for it",
             "เวอร์ชันนี้ไม่มีวันที่มีผลบังคับใช้ ใส่วันที่ 'effective:' ใน SOP หรือเพิ่มรายการของเวอร์ชันนี้ในบันทึกการเปลี่ยนแปลง"),
            (.compare(many, source: .quizAnswers, sections: ["ip-01"], effective: "2026-12-01", today: "2026-11-01"),
             "not in effect until 2026-12-01; nothing to compare yet", "ยังไม่มีผลบังคับใช้จนถึง 1 ธ.ค. 2569 จึงยังไม่มีอะไรให้เปรียบเทียบ"),
            (.compare(judgements("2026-09-01", 10, wrong: 5, learners: 5) + judgements("2026-10-02", 100, wrong: 5, learners: 2),
                      source: .quizAnswers, sections: ["ip-01"], effective: "2026-10-01", today: "2026-11-01"),
             "not enough answers yet (n < 30 before, fewer than 5 learners after)",
             "คำตอบยังไม่พอ (ก่อนหน้ามีคำตอบไม่ถึง 30 ข้อ, หลังจากนั้นมีผู้เรียนไม่ถึง 5 คน)"),
            (.compare(many, source: .quizAnswers, sections: ["ip-01"], effective: "2026-10-01", today: "2026-11-01"),
             "fewer errors after; intervals do not overlap", "หลังการเปลี่ยนแปลงผิดน้อยลง ช่วงความเชื่อมั่นไม่ซ้อนทับกัน"),
            (.compare(judgements("2026-09-01", 100, wrong: 5, learners: 10) + judgements("2026-10-02", 100, wrong: 50, learners: 10),
                      source: .quizAnswers, sections: ["ip-01"], effective: "2026-10-01", today: "2026-11-01"),
             "more errors after; intervals do not overlap", "หลังการเปลี่ยนแปลงผิดมากขึ้น ช่วงความเชื่อมั่นไม่ซ้อนทับกัน"),
            (.compare(judgements("2026-09-01", 100, wrong: 20, learners: 10) + judgements("2026-10-02", 100, wrong: 18, learners: 10),
                      source: .quizAnswers, sections: ["ip-01"], effective: "2026-10-01", today: "2026-11-01"),
             "no clear change; intervals overlap", "ยังไม่เห็นการเปลี่ยนแปลงที่ชัดเจน ช่วงความเชื่อมั่นซ้อนทับกัน"),
        ]
        var verdicts = Set<OutcomeVerdict>()
        for (outcome, english, thai) in cases {
            verdicts.insert(outcome.verdict)
            #expect(outcome.summary == english)
            #expect(outcome.summary(in: nil) == english && outcome.summary(in: Self.english) == english)
            #expect(outcome.summary(in: Self.thai) == thai)
        }
        #expect(verdicts.count == 7, "every verdict")
    }

    /// JSON keeps its English `reasons` and adds `reason_codes`: each reason's code and figures.
    @Test func jsonKeepsReasonsAndAddsReasonCodes() throws {
        let entry = ReviewEntry(priority: 1, item: "q-1", kind: "decision", title: "Q", file: "q.yml", url: "",
                                reasons: [.openContests(2), AnalysisReason("missed", ["share": .int(60), "n": .int(20)])], contests: [])
        #expect(entry.reasons == ["2 open contests", "missed by 60% of 20"])
        let json = ReportPrinter.json(entry)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let codes = try #require(object["reason_codes"] as? [[String: Any]])
        #expect(codes.count == (object["reasons"] as? [String])?.count)
        #expect(codes.allSatisfy { $0["code"] is String && $0["params"] is [String: Any] })
        let suspect = ReportPrinter.json(AnalysisReason("suspect_key", ["share": .int(40), "answer": .text("remove"), "key": .text("warn")]))
        #expect(suspect == """
        {
          "code" : "suspect_key",
          "params" : {
            "answer" : "remove",
            "key" : "warn",
            "share" : 40
          }
        }

        """)
        let decoded = try JSONDecoder().decode(AnalysisReason.self, from: Data(suspect.utf8))
        #expect(decoded == AnalysisReason("suspect_key", ["share": .int(40), "answer": .text("remove"), "key": .text("warn")]))
    }
}
