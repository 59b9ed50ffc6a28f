import Foundation
import Testing
import Handbook
import Publishing
@testable import Records
@testable import Server

/// Issue 19: every records error a learner or trainer can get from the API comes out in their
/// language, with the same `code` as in English, and English as it always was.
@Suite struct RecordsErrorLanguageTests {
    /// One of each records error, each free-text one as the records layer writes it (one per
    /// message a user can meet, and one the server has no template for).
    static let errors: [RecordsError] = [
        .storage(StorageError(code: 5, message: "data/casebook.db: the database is locked by another process; try again", path: "data/casebook.db")),
        .notFound("attempt 12 does not exist"),
        .notFound("no blueprint 'exam-x'; available: exam, practice"),
        .notFound("no learner 'ana'; add one with: casebook learners add ana --name \"Full Name\" --team TEAM --market XX"),
        .notFound("contest 7 does not exist; `casebook contests` lists them"),
        .notFound("no active user 'ana'"),
        .notFound("the update quiz 'update-hs-2' is not assigned to 'ana'; campaign 3 assigns it to the learners in its markets, teams and vendors (casebook campaigns show 3)"),
        .notFound("the retraining quiz 'retrain-4' is not assigned to 'ana'; retraining 4 assigns it to the moderators with production errors on hs#hs-02 (casebook retrain --section hs#hs-02)"),
        .notFound("something the server has no words for"),
        .alreadyExists("learner 'ana' already exists"),
        .attemptFinished(attemptID: 12),
        .sessionEnded,
        .contestClosed(contestID: 7, status: "upheld"),
        .contestClosed(contestID: 8, status: "rejected"),
        .attemptsUsed(learnerID: "ana", blueprintTitle: "Exam", limit: 3),
        .attemptsUsed(learnerID: "ana", blueprintTitle: "Exam", limit: 1),
        .cannotDraw("the bank cannot satisfy blueprint 'exam': mix line 'all' needs 4 items but only 3 active items match"),
        .cannotDraw("Quizzes/exam.yml: blueprint 'exam' is adaptive, which needs item difficulties, and there is no item calibration (Quizzes/item-calibration.yml) yet; run 'casebook items calibrate' once learners have answered its items, or remove 'adaptive: true'"),
        .nothingToReview("ana has not answered any of the questions 'Weekly review' reviews yet; a review only repeats questions already answered, so take a practice quiz first"),
        .nothingToReview("nothing is due for review for ana: every question answered is still remembered (predicted recall at or above 90%); the next falls due on 2026-12-09"),
        .invalidAnswer("position 9 is not a question of this attempt (0 to 4)"),
        .invalidAnswer("choose options 0 to 3"),
        .invalidAnswer("choose exactly one option"),
        .invalidAnswer("this adaptive exam has ended after 20 questions; finish the attempt"),
        .invalidAnswer("position 3 is not the question this adaptive exam asks now (position 4); ask for the next question"),
        .invalidAnswer("question 4 of this adaptive exam was answered meanwhile; ask for the next question"),
        .invalidAnswer("an acknowledgement needs a learner, an SOP id and a version"),
    ]

    /// The reply each error got before its message was translated: status, code, English.
    static func before(_ e: RecordsError) -> (Int, String, String) {
        switch e {
        case .storage(let s): return (503, "storage", s.message)
        case .notFound(let m): return (404, "not_found", m)
        case .alreadyExists(let m): return (409, "already_exists", m)
        case .attemptFinished: return (409, "attempt_closed", "the attempt is finished; no more answers are accepted")
        case .sessionEnded: return (401, "sign_in", "sign in first")
        case .contestClosed: return (409, "contest_closed", e.message)
        case .attemptsUsed(_, _, let n): return (403, "attempts_used", n == 1 ? "your only attempt at this quiz is used" : "all \(n) attempts at this quiz are used")
        case .cannotDraw(let m): return (409, "cannot_draw", m)
        case .nothingToReview(let m): return (409, "nothing_to_review", m)
        case .invalidAnswer(let m): return (400, "invalid_answer", m)
        }
    }

    @Test func everyRecordsErrorIsTranslatedWithItsCodeAndEnglishUnchanged() {
        let messages = DefaultTheme.messages
        let english = messages.localized("en")
        for error in Self.errors {
            let api = APIError(error)
            let (status, code, text) = Self.before(error)
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
        for error in Self.errors {
            let shown = APIError(error).message(in: thai)
            for f in fragments where shown.contains(f) {
                Issue.record("the Thai reply to \(error) says the English '\(f)': \(shown)")
            }
            #expect(!shown.contains("does not") && !shown.contains("the "), "\(shown)")
        }
    }

    /// The server's own refusals (size, origin, throttling, an internal error) likewise.
    @Test func theServersRefusalsAreTranslatedToo() {
        let messages = DefaultTheme.messages
        let refusals: [(Int, String, String)] = [
            (413, "too_large", "the request body is larger than the server accepts"), (500, "internal", "internal error"),
            (429, "too_many_requests", "too many failed sign-ins from this address; try again in 42 s"),
            (403, "forbidden", "cross-origin request refused: Origin https://evil.example is not this server's origin (behind a proxy, start the server with --allowed-origin and the origin users open)"),
            (403, "forbidden", "cross-origin request refused: Sec-Fetch-Site is cross-site"),
            (403, "forbidden", "send the body as JSON with the header Content-Type: application/json"),
        ]
        for (status, code, english) in refusals {
            let e = APIError(refusal: english, status: status)
            #expect(e.code == code && e.key != nil, "\(english)")
            #expect(e.message(in: messages.localized("en")) == english)
            for lang in ["th", "id", "vi", "ar"] {
                let shown = e.message(in: messages.localized(lang))
                #expect(shown != english && !shown.contains("{") && !shown.contains("request") && !shown.contains("refused"), "\(lang): \(shown)")
            }
        }
        #expect(APIError(refusal: "too many failed sign-ins from this address; try again in 42 s", status: 429).message(in: messages.localized("th")).contains("42"))
    }

    /// Each template's English is exactly what the English catalogue says under its key.
    @Test func theTemplatesAreTheEnglishCatalogues() {
        let english = DefaultTheme.messages.localized("en")
        for (key, text) in RecordsErrorText.templates + RecordsErrorText.refusals {
            #expect(english.message(key) == .text(text), "\(key) in i18n/en.yml")
        }
        #expect(RecordsErrorText.match("choose options 0 to 3")?.1 == ["last": "3"])
        #expect(RecordsErrorText.match("no learner 'a'; add one with: casebook learners add b --name \"Full Name\" --team TEAM --market XX") == nil,
                "a placeholder used twice must have one value")
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
