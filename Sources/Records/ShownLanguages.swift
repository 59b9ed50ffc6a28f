import Foundation

extension Records {
    /// Records that the question at `position` of attempt `attemptID` was shown in `lang`;
    /// `translation` is the id of the authored translation shown in place of the original
    /// ("" when the original or a generated prompt was shown). Showing it again replaces the
    /// row: what counts is the language the learner last saw it in before answering.
    ///
    /// This runs on every `GET /api/attempts/N/question`, reloads included. A reload shows the
    /// same question in the same language, so the row is read first (a point lookup on the
    /// reader connection) and written only when it is new or its language changed: the common
    /// case takes no write transaction and never waits for the writer or a commit's flush.
    public func recordShownLanguage(attemptID: Int64, position: Int, lang: String, translation: String = "") throws(RecordsError) {
        if let row = try reader.query("SELECT lang, translation FROM shown_languages WHERE attempt_id = ? AND position = ?",
                                      [.integer(attemptID), .integer(Int64(position))]).first,
           row[0].string == lang, row[1].string == translation {
            return
        }
        try db.query("""
            INSERT INTO shown_languages (attempt_id, position, lang, translation) VALUES (?,?,?,?)
            ON CONFLICT (attempt_id, position) DO UPDATE SET lang = excluded.lang, translation = excluded.translation
            """,
                     [.integer(attemptID), .integer(Int64(position)), .text(lang), .text(translation)])
    }

    /// The language each question of attempt `attemptID` was shown in, by position.
    public func shownLanguages(attemptID: Int64) throws(RecordsError) -> [Int: (lang: String, translation: String)] {
        var out: [Int: (lang: String, translation: String)] = [:]
        for row in try reader.query("SELECT position, lang, translation FROM shown_languages WHERE attempt_id = ?", [.integer(attemptID)]) {
            out[Int(row[0].int ?? 0)] = (row[1].string ?? "", row[2].string ?? "")
        }
        return out
    }

    /// Each learner's reading language for reports: the language most of the questions shown
    /// to them were in (ties go to the alphabetically first). Learners with no recorded
    /// question are left out.
    public func learnerLanguages() throws(RecordsError) -> [String: String] {
        var out: [String: String] = [:]
        for row in try reader.query("""
            SELECT a.learner_id, s.lang, COUNT(*) AS n FROM shown_languages s JOIN attempts a ON a.id = s.attempt_id
            GROUP BY a.learner_id, s.lang ORDER BY a.learner_id, n DESC, s.lang
            """) {
            let learner = row[0].string ?? ""
            if out[learner] == nil { out[learner] = row[1].string ?? "" }
        }
        return out
    }
}
