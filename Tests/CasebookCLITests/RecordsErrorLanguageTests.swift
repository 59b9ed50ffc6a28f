import Foundation
import Testing
import Handbook
import Publishing
@testable import Records
@testable import Server

/// Issue 19: every records error a learner or trainer can get from the API comes out in their
/// language, with the same `code` as in English, and English as it always was.
@Suite struct RecordsErrorLanguageTests {
    /// One of each records error, each message a user can meet built as the records layer
    /// builds it, with the English it has always said (the reply's English must not change),
    /// and free text the server has no words for.
    static let errors: [(RecordsError, String?)] = [
        (.storage(StorageError(code: 5, message: "data/casebook.db: the database is locked by another process; try again", path: "data/casebook.db")), nil),
        (.notFound(.noAttempt(12)), "attempt 12 does not exist"),
        (.notFound(.noBlueprint("exam-x", available: ["exam", "practice"])), "no blueprint 'exam-x'; available: exam, practice"),
        (.notFound(.noLearner("ana")), "no learner 'ana'; add one with: casebook learners add ana --name \"Full Name\" --team TEAM --market XX"),
        (.notFound(.noContest(7)), "contest 7 does not exist; `casebook contests` lists them"),
        (.notFound(.noUser("ana")), "no active user 'ana'"),
        (.notFound(.updateNotAssigned(id: "update-hs-2", learner: "ana", campaign: 3)),
         "the update quiz 'update-hs-2' is not assigned to 'ana'; campaign 3 assigns it to the learners in its markets, teams and vendors (casebook campaigns show 3)"),
        (.notFound(.retrainingNotAssigned(id: "retrain-4", learner: "ana", retraining: 4, section: "hs#hs-02")),
         "the retraining quiz 'retrain-4' is not assigned to 'ana'; retraining 4 assigns it to the moderators with production errors on hs#hs-02 (casebook retrain --section hs#hs-02)"),
        (.notFound("something the server has no words for"), nil),
        (.alreadyExists("learner 'ana' already exists"), nil),
        (.attemptFinished(attemptID: 12), nil),
        (.sessionEnded, nil),
        (.contestClosed(contestID: 7, status: "upheld"), nil),
        (.contestClosed(contestID: 8, status: "rejected"), nil),
        (.attemptsUsed(learnerID: "ana", blueprintTitle: "Exam", limit: 3), nil),
        (.attemptsUsed(learnerID: "ana", blueprintTitle: "Exam", limit: 1), nil),
        (.cannotDraw("the bank cannot satisfy blueprint 'exam': mix line 'all' needs 4 items but only 3 active items match"), nil),
        (.cannotDraw(.adaptiveUncalibrated(file: "exam.yml", id: "exam", calibration: "item-calibration.yml")),
         "Quizzes/exam.yml: blueprint 'exam' is adaptive, which needs item difficulties, and there is no item calibration (Quizzes/item-calibration.yml) yet; run 'casebook items calibrate' once learners have answered its items, or remove 'adaptive: true'"),
        (.nothingToReview(.reviewUnanswered(learner: "ana", title: "Weekly review")),
         "ana has not answered any of the questions 'Weekly review' reviews yet; a review only repeats questions already answered, so take a practice quiz first"),
        (.nothingToReview(.reviewNoneDue(learner: "ana", recall: 90, date: "2026-12-09")),
         "nothing is due for review for ana: every question answered is still remembered (predicted recall at or above 90%); the next falls due on 2026-12-09"),
        (.invalidAnswer(.position(9, last: 4)), "position 9 is not a question of this attempt (0 to 4)"),
        (.invalidAnswer(.chooseOptions(last: 3)), "choose options 0 to 3"),
        (.invalidAnswer(.chooseOne), "choose exactly one option"),
        (.invalidAnswer(.adaptiveEnded(after: 20)), "this adaptive exam has ended after 20 questions; finish the attempt"),
        (.invalidAnswer(.adaptivePosition(3, pending: 4)), "position 3 is not the question this adaptive exam asks now (position 4); ask for the next question"),
        (.invalidAnswer(.adaptiveAnswered(number: 4)), "question 4 of this adaptive exam was answered meanwhile; ask for the next question"),
        (.invalidAnswer(.acknowledgement), "an acknowledgement needs a learner, an SOP id and a version"),
    ]

    /// Every catalogue message of the records layer is among the errors above.
    @Test func everyTemplateIsExercised() {
        let used = Set(Self.errors.compactMap { (e, _) -> String? in
            switch e {
            case .notFound(let m), .alreadyExists(let m), .cannotDraw(let m), .nothingToReview(let m), .invalidAnswer(let m): return m.key
            default: return nil
            }
        })
        #expect(used == Set(RecordsMessage.Template.all.map(\.key)))
    }

    /// The reply each error got before its message was translated: status, code, English.
    static func before(_ e: RecordsError) -> (Int, String, String) {
        switch e {
        case .storage(let s): return (503, "storage", s.message)
        case .notFound(let m): return (404, "not_found", m.text)
        case .alreadyExists(let m): return (409, "already_exists", m.text)
        case .attemptFinished: return (409, "attempt_closed", "the attempt is finished; no more answers are accepted")
        case .sessionEnded: return (401, "sign_in", "sign in first")
        case .contestClosed: return (409, "contest_closed", e.message)
        case .attemptsUsed(_, _, let n): return (403, "attempts_used", n == 1 ? "your only attempt at this quiz is used" : "all \(n) attempts at this quiz are used")
        case .cannotDraw(let m): return (409, "cannot_draw", m.text)
        case .nothingToReview(let m): return (409, "nothing_to_review", m.text)
        case .invalidAnswer(let m): return (400, "invalid_answer", m.text)
        }
    }

    @Test func everyRecordsErrorIsTranslatedWithItsCodeAndEnglishUnchanged() {
        let messages = DefaultTheme.messages
        let english = messages.localized("en")
        for (error, expectedEnglish) in Self.errors {
            let api = APIError(error)
            let (status, code, text) = Self.before(error)
            if let expectedEnglish { #expect(text == expectedEnglish, "the records layer's English is unchanged") }
            #expect(api.status == status && api.code == code, "\(error)")
            #expect(api.message(in: english) == text, "English is as it was: \(error)")
            #expect(api.key != nil, "\(error) has a catalogue key")
            for lang in ["th", "id", "vi", "ar"] {
                let t = messages.localized(lang)
                let shown = api.message(in: t)
                #expect(shown != text, "\(lang): \(error) is still in English")
                #expect(!shown.contains("{") && !shown.isEmpty, "\(lang): '\(shown)'")
            }
        }
        // The Thai reply holds no piece of the English catalogue's records messages.
        let thai = messages.localized("th")
        let fragments = Self.englishFragments(english: english, thai: thai)
        #expect(fragments.count > 20)
        for (error, _) in Self.errors {
            let shown = APIError(error).message(in: thai)
            for f in fragments where shown.contains(f) {
                Issue.record("the Thai reply to \(error) says the English '\(f)': \(shown)")
            }
            #expect(!shown.contains("does not") && !shown.contains("the "), "\(shown)")
        }
    }

    /// The server's own refusals (size, origin, throttling, an internal error) likewise, as
    /// the gate and the API make them.
    @Test func theServersRefusalsAreTranslatedToo() {
        let messages = DefaultTheme.messages
        func post(_ headers: [String: String], body: String = "{}") -> HTTPRequest {
            HTTPRequest(method: "POST", path: "/api/login", query: [:], headers: headers.merging(["host": "127.0.0.1:8080"]) { $1 }, cookies: [:],
                        body: Array(body.utf8), bodyTooLarge: false, clientAddress: "203.0.113.9")
        }
        let gate = RequestGate()
        let throttled = post(["content-type": "application/json"])
        for _ in 0..<10 { gate.observe(throttled, status: 401) }
        let refusals: [(APIError?, Int, String, String)] = [
            (.tooLarge, 413, "too_large", "the request body is larger than the server accepts"),
            (.internalError, 500, "internal", "internal error"),
            (gate.refusal(throttled).map(APIError.init), 429, "too_many_requests", "too many failed sign-ins from this address; try again in "),
            (gate.refusal(post(["origin": "https://evil.example", "content-type": "application/json"])).map(APIError.init), 403, "forbidden",
             "cross-origin request refused: Origin https://evil.example is not this server's origin (behind a proxy, start the server with --allowed-origin and the origin users open)"),
            (gate.refusal(post(["sec-fetch-site": "cross-site", "content-type": "application/json"])).map(APIError.init), 403, "forbidden",
             "cross-origin request refused: Sec-Fetch-Site is cross-site"),
            (gate.refusal(post(["content-type": "text/plain"])).map(APIError.init), 403, "forbidden",
             "send the body as JSON with the header Content-Type: application/json"),
        ]
        for (refusal, status, code, english) in refusals {
            guard let e = refusal else { Issue.record("not refused: \(english)"); continue }
            #expect(e.status == status && e.code == code && e.key != nil, "\(english)")
            #expect(e.message(in: messages.localized("en")).hasPrefix(english))
            for lang in ["th", "id", "vi", "ar"] {
                let shown = e.message(in: messages.localized(lang))
                #expect(!shown.hasPrefix(english) && !shown.contains("{") && !shown.contains("request") && !shown.contains("refused"), "\(lang): \(shown)")
            }
        }
        let wait = gate.refusal(throttled).flatMap { $0.values["seconds"] } ?? "?"
        #expect(refusals[2].0?.message(in: messages.localized("th")).contains(wait) == true, "the Thai throttle reply says how long to wait")
        #expect(refusals[3].0?.message(in: messages.localized("th")).contains("https://evil.example") == true)
    }

    /// Each template's English is exactly what the English catalogue says under its key, and
    /// the server's refusals are in the catalogue too.
    @Test func theTemplatesAreTheEnglishCatalogues() {
        let english = DefaultTheme.messages.localized("en")
        for template in RecordsMessage.Template.all {
            #expect(english.message(template.key) == .text(template.english), "\(template.key) in i18n/en.yml")
        }
        for key in ["too_large", "internal", "sign_in_throttle", "cross_origin", "fetch_site", "json_body"] {
            #expect(english.message("error.server." + key) != nil, "error.server.\(key) in i18n/en.yml")
        }
    }

    /// The literal pieces (three letters or more) of the English `error.records.` messages
    /// that Thai words differently.
    static func englishFragments(english: Localized, thai: Localized) -> Set<String> {
        var out = Set<String>()
        for (key, text) in english.allTexts where key.hasPrefix("error.records.") || key.hasPrefix("error.server.") {
            let shown = thai.allTexts[key] ?? ""
            for piece in text.split(separator: "{").map({ $0.split(separator: "}").last.map(String.init) ?? "" }) {
                let p = piece.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
                if p.count >= 3, p.contains(where: \.isLetter), !shown.contains(p) { out.insert(p) }
            }
        }
        return out
    }
}
