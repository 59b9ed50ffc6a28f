import CivilDate
import Foundation
import Quiz

// The production errors of one SOP section, read from the stored QA audits: the input of
// `casebook qa cases` (audits as quiz cases), `casebook retrain` (who to retrain) and the
// campaigns' production evidence ("did it work?" on real decisions).
//
// What counts as a production error, in all three: the QA reviewer's decision differs from
// the moderator's (`AuditOutcome` is not correct), unless an appeal overturned the QA
// decision; then the moderator's decision stood and it is not an error.

/// One audited production decision with its text, as `qa cases` and `retrain` read it.
public struct AuditedDecision: Sendable, Hashable {
    /// The QA tool's id of the sampled decision.
    public var sampleID: String
    /// The decision time as imported (`2026-11-24` or `2026-11-24T09:15:00Z`).
    public var decidedAt: String
    /// The UTC day of the decision, `YYYY-MM-DD`.
    public var day: String
    public var moderator: String
    public var team: String
    public var vendor: String
    public var market: String
    public var itemType: String
    public var moderatorAction: String
    public var moderatorCodes: [String]
    public var qaAction: String
    public var qaCodes: [String]
    /// The second reviewer's action and codes on a double audit ("" and [] when single).
    public var secondAction: String
    public var secondCodes: [String]
    public var appeal: AppealOutcome
    public var outcome: AuditOutcome
    /// Harm weight 1-4 of the codes involved.
    public var harm: Int
    /// The SOP section, `sop-id#anchor`.
    public var section: String
    /// What the moderator saw and the QA reviewer's comment, redacted at import.
    public var caseText: String
    public var comment: String
    /// The import the audit came from ("QA audit 2026-W48").
    public var source: String

    /// Whether it is a production error: QA's decision differs from the moderator's and no
    /// appeal overturned QA's decision.
    public var isError: Bool { outcome != .correct && appeal != .overturned }
}

/// How the audits of a section divide, for messages.
public struct SectionAuditCounts: Sendable, Hashable {
    /// Audits of the section (in the period asked).
    public var audits = 0
    /// Of them, decisions QA disagreed with.
    public var disagreements = 0
    /// Of those, the ones an appeal overturned (not errors).
    public var overturned = 0
    /// Production errors: disagreements not overturned.
    public var errors: Int { disagreements - overturned }
}

/// A judged production decision of one moderator on a section, for evidence over time.
public struct ProductionJudgement: Sendable, Hashable {
    public var moderator: String
    /// The section, `sop-id#anchor`.
    public var section: String
    /// The UTC day of the decision, `YYYY-MM-DD`.
    public var day: String
    /// Whether it was a production error (see `AuditedDecision.isError`).
    public var error: Bool
}

extension Records {
    /// How the audits of `section` on or after `since` (`YYYY-MM-DD`, nil: all) divide.
    public func auditCounts(section: String, since: String? = nil) throws(RecordsError) -> SectionAuditCounts {
        guard let label = try sectionLabel(section) else { return SectionAuditCounts() }
        let row = try reader.query("""
            SELECT COUNT(*), COALESCE(SUM(CASE WHEN outcome <> 0 THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN outcome <> 0 AND appeal = \(AppealOutcome.overturned.rawValue) THEN 1 ELSE 0 END), 0)
            FROM qa_audits WHERE section = ? AND day >= ?
            """, [.integer(label), .integer(Int64(Self.auditDay(since)))]).first ?? []
        return SectionAuditCounts(audits: Int(row.first?.int ?? 0), disagreements: Int(row.dropFirst().first?.int ?? 0), overturned: Int(row.last?.int ?? 0))
    }

    /// The production errors on `section` on or after `since` (`YYYY-MM-DD`, nil: all), most
    /// harmful first, then the most recent, then by sample id: a fixed order.
    public func productionErrors(section: String, since: String? = nil) throws(RecordsError) -> [AuditedDecision] {
        guard let label = try sectionLabel(section) else { return [] }
        let labels = try auditLabels()
        func name(_ v: SQLValue) -> String { labels[Int(v.int ?? 0)]?.value ?? "" }
        func codes(_ v: SQLValue) -> [String] { (v.string ?? "").split(separator: " ").map(String.init) }
        let rows = try reader.query("""
            SELECT a.sample_id, d.decided_at, a.day, a.moderator, a.team, a.vendor, a.market, a.item_type, a.moderator_action,
                   d.moderator_codes, a.qa_action, d.qa_codes, a.second_action, d.second_codes, a.appeal, a.outcome, a.harm,
                   d.case_text, d.comment, d.source
            FROM qa_audits a JOIN qa_audit_details d ON d.audit_id = a.id
            WHERE a.section = ? AND a.day >= ? AND a.outcome <> 0 AND a.appeal <> ?
            ORDER BY a.harm DESC, a.day DESC, a.sample_id
            """, [.integer(label), .integer(Int64(Self.auditDay(since))), .integer(Int64(AppealOutcome.overturned.rawValue))])
        return rows.map { r in
            AuditedDecision(sampleID: r[0].string ?? "", decidedAt: r[1].string ?? "", day: CivilDate(days: Int(r[2].int ?? 0)).iso,
                            moderator: name(r[3]), team: name(r[4]), vendor: name(r[5]), market: name(r[6]), itemType: name(r[7]),
                            moderatorAction: name(r[8]), moderatorCodes: codes(r[9]), qaAction: name(r[10]), qaCodes: codes(r[11]),
                            secondAction: name(r[12]), secondCodes: codes(r[13]), appeal: AppealOutcome(rawValue: Int(r[14].int ?? 0)) ?? .none,
                            outcome: AuditOutcome(rawValue: Int(r[15].int ?? 0)) ?? .wrongPolicy, harm: Int(r[16].int ?? 1), section: section,
                            caseText: r[17].string ?? "", comment: r[18].string ?? "", source: r[19].string ?? "")
        }
    }

    /// Every audited decision on one of `sections` by one of `moderators`, judged error or
    /// not, by moderator, section, day and audit id: the campaigns' production evidence. Reads
    /// only the moderators' rows (through the moderator index), a few hundred at a time, and of
    /// those only the decision days in `days` (days since 1970-01-01; nil: every day).
    public func productionJudgements(sections: Set<String>, moderators: Set<String>,
                                     days: Range<Int>? = nil) throws(RecordsError) -> [ProductionJudgement] {
        guard !sections.isEmpty, !moderators.isEmpty else { return [] }
        var sectionNames: [Int64: String] = [:]
        for s in sections.sorted() { if let id = try sectionLabel(s) { sectionNames[id] = s } }
        guard !sectionNames.isEmpty else { return [] }
        var moderatorNames: [Int64: String] = [:]
        for row in try reader.query("SELECT id, value FROM qa_labels WHERE kind = 'moderator'") {
            if let id = row[0].int, let value = row[1].string, moderators.contains(value) { moderatorNames[id] = value }
        }
        let ids = moderatorNames.keys.sorted()
        let sectionList = sectionNames.keys.sorted().map(String.init).joined(separator: ",")
        let dayBounds: [SQLValue] = days.map { [.integer(Int64($0.lowerBound)), .integer(Int64($0.upperBound))] } ?? []
        var out: [(ProductionJudgement, Int64)] = []
        var start = 0
        while start < ids.count {
            let chunk = ids[start..<min(start + 500, ids.count)]
            start += 500
            let rows = try reader.query("""
                SELECT id, moderator, section, day, outcome, appeal FROM qa_audits
                WHERE moderator IN (\(chunk.map { _ in "?" }.joined(separator: ","))) AND section IN (\(sectionList))\(days == nil ? "" : " AND day >= ? AND day < ?")
                """, chunk.map { .integer($0) } + dayBounds)
            for r in rows {
                let outcome = AuditOutcome(rawValue: Int(r[4].int ?? 0)) ?? .wrongPolicy
                let appeal = AppealOutcome(rawValue: Int(r[5].int ?? 0)) ?? .none
                out.append((ProductionJudgement(moderator: moderatorNames[r[1].int ?? 0] ?? "", section: sectionNames[r[2].int ?? 0] ?? "",
                                                day: CivilDate(days: Int(r[3].int ?? 0)).iso,
                                                error: outcome != .correct && appeal != .overturned), r[0].int ?? 0))
            }
        }
        out.sort { ($0.0.moderator, $0.0.section, $0.0.day, $0.1) < ($1.0.moderator, $1.0.section, $1.0.day, $1.1) }
        return out.map(\.0)
    }

    /// The label id of a section (nil: no audit names it).
    func sectionLabel(_ section: String) throws(RecordsError) -> Int64? {
        try reader.query("SELECT id FROM qa_labels WHERE kind = 'section' AND value = ?", [.text(section)]).first?.first?.int
    }

    /// A `YYYY-MM-DD` as stored audits count days (since 1970-01-01); nil (no limit) is before every day.
    static func auditDay(_ date: String?) -> Int {
        guard let date, let d = CivilDate(iso: date) else { return Int.min / 2 }
        return d.days
    }
}
