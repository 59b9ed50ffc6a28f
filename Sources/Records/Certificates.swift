import CivilDate
import Foundation

/// A certificate a learner earned by completing a path (or renewed by passing its
/// recertification). Never edited: a renewal is a new record that `renews` the old one.
public struct CertificateRecord: Sendable, Equatable {
    /// The record id.
    public var id: Int64
    /// Who holds it.
    public var learnerID: String
    /// The certificate, e.g. `id-listings`.
    public var certificate: String
    /// The path that grants it.
    public var pathID: String
    /// The path assignment (or recertification) whose completion granted it.
    public var assignmentID: Int64
    /// When it was granted (ISO time with milliseconds).
    public var grantedAt: String
    /// The last day it is valid (YYYY-MM-DD).
    public var expires: String
    /// What completed the steps, in step order: `acknowledgement:ID`, `attempt:ID`.
    public var evidence: [String]
    /// The certificate record it renews; nil for a first grant.
    public var renews: Int64?

    /// Whether it has expired on `today` (YYYY-MM-DD): valid through its `expires` day.
    public func isExpired(today: String) -> Bool { today > expires }

    /// Days from `today` to its expiry (negative once expired).
    public func daysLeft(today: String) -> Int {
        guard let t = CivilDate(iso: today), let e = CivilDate(iso: expires) else { return 0 }
        return e.days - t.days
    }
}

extension Records {
    // MARK: - Reading

    /// Certificates, of one learner when given, by id. With `current`, only each learner's
    /// latest record of each certificate (the one a renewal replaced is left out).
    public func certificates(learnerID: String? = nil, current: Bool = false) throws(RecordsError) -> [CertificateRecord] {
        var sql = "SELECT \(Self.certificateColumns) FROM certificates WHERE 1=1"
        var params: [SQLValue] = []
        if let learnerID { sql += " AND learner_id = ?"; params.append(.text(learnerID)) }
        if current { sql += " AND id IN (SELECT MAX(id) FROM certificates GROUP BY learner_id, certificate)" }
        return try reader.query(sql + " ORDER BY id", params).map(Self.certificate)
    }

    static let certificateColumns = "id, learner_id, certificate, path_id, assignment_id, granted_at, expires, evidence, renews"

    static func certificate(_ r: [SQLValue]) -> CertificateRecord {
        CertificateRecord(id: r[0].int ?? 0, learnerID: r[1].string ?? "", certificate: r[2].string ?? "", pathID: r[3].string ?? "",
                          assignmentID: r[4].int ?? 0, grantedAt: r[5].string ?? "", expires: r[6].string ?? "",
                          evidence: (r[7].string ?? "").split(separator: ",").map(String.init), renews: r[8].int)
    }

    // MARK: - Recertification

    /// Assigns, once per certificate, the recertification of every current certificate whose
    /// window has opened on `today` (YYYY-MM-DD; the window opens `days_before` days before
    /// expiry, as the path said when it was assigned): a task to pass the recertification
    /// blueprint, due on the expiry day (today when already expired), source `path:ID`.
    /// Passing it grants a new certificate that renews the old one. Safe to call any number
    /// of times: a certificate's recertification is created exactly once. Returns the ids of
    /// the tasks created.
    @discardableResult
    public func scheduleRecertifications(today: String) throws(RecordsError) -> [Int64] {
        guard let day = CivilDate(iso: today), day.iso == today else {
            throw .invalidAnswer("'\(today)' is not a date; write it as YYYY-MM-DD")
        }
        return try db.isolatedTransaction { () throws(RecordsError) in
            let now = Self.now()
            let due = try db.query("""
                SELECT c.id, c.learner_id, c.certificate, c.path_id, c.expires, pa.valid_days, pa.recert_blueprint, pa.recert_days_before
                FROM certificates c JOIN path_assignments pa ON pa.id = c.assignment_id
                WHERE c.id IN (SELECT MAX(id) FROM certificates GROUP BY learner_id, certificate)
                  AND pa.recert_blueprint <> '' AND pa.recert_days_before > 0
                  AND NOT EXISTS (SELECT 1 FROM path_assignments r WHERE r.renews = c.id)
                ORDER BY c.id
                """)
            var created: [Int64] = []
            for row in due {
                guard let expires = row[4].string.flatMap({ CivilDate(iso: $0) }) else { continue }
                let opens = CivilDate(days: expires.days - Int(row[7].int ?? 0))
                guard day >= opens else { continue }
                let (certificateID, learner, certificate, path) = (row[0].int ?? 0, row[1].string ?? "", row[2].string ?? "", row[3].string ?? "")
                let blueprint = row[6].string ?? ""
                try db.query("""
                    INSERT INTO path_assignments (learner_id, path_id, start, certificate, valid_days, recert_blueprint, recert_days_before, renews, assigned_at)
                    VALUES (?,?,?,?,?,?,?,?,?)
                    """, [.text(learner), .text(path), .text(today), .text(certificate), .integer(row[5].int ?? 0), .text(blueprint),
                          .integer(row[7].int ?? 0), .integer(certificateID), .text(now)])
                let assignment = db.lastInsertID
                let ids = try insertTasks([NewTask(learnerID: learner, target: .passBlueprint(blueprint), due: max(expires, day).iso,
                                                   source: Self.pathSource(path))], now: now)
                for id in ids {
                    try db.query("INSERT INTO path_tasks (task_id, assignment_id, step_id, position, title, sections) VALUES (?,?,?,?,?,'')",
                                 [.integer(id), .integer(assignment), .text("recertify"), .integer(0),
                                  .text("Pass \(blueprint) to renew \(certificate) (expires \(expires.iso))")])
                }
                created += ids
            }
            return created
        }
    }
}
