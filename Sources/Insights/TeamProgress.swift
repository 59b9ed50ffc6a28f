import CivilDate
import Foundation
import Records

/// The dashboard's Team progress panel: per learner of the teams shown, each assigned path's
/// steps done, the step they are blocked on, their overdue tasks and the certificates expiring
/// within `TeamProgress.expiringDays` days. Same learners as the rest of the dashboard: the
/// report filter (a lead's is limited to their team).
public struct TeamProgress: Sendable, Encodable {
    /// Certificates expiring within this many days are listed.
    public static let expiringDays = 30

    public struct PathLine: Sendable, Encodable {
        public var path: String
        public var title: String
        public var done: Int
        public var total: Int
        /// The next step that can be done, with its due date; nil when none (done or all blocked).
        public var next: String?
        public var nextDue: String?
        /// Blocked steps: "step (waits for step, step)".
        public var blocked: [String]
        /// The same as titles: each blocked step and the steps it waits for, for other languages.
        public var blockedSteps: [BlockedStep] = []
        /// The certificate a renewal path renews (its title is "Renew <certificate>").
        public var renews: String?
    }

    /// A blocked step and the titles of the steps it waits for.
    public struct BlockedStep: Sendable, Encodable {
        public var title: String
        public var waitsFor: [String]
    }

    public struct Expiring: Sendable, Encodable {
        public var certificate: String
        public var expires: String
        public var daysLeft: Int
    }

    public struct Row: Sendable, Encodable {
        public var id: String
        public var name: String
        public var team: String
        public var paths: [PathLine]
        public var overdueTasks: Int
        public var expiring: [Expiring]
    }

    /// The day the figures are for.
    public var today: String
    /// Learners with a path or a current certificate, by team then id.
    public var rows: [Row]
    /// Learners shown in the rest of the dashboard with neither.
    public var withoutPath: Int

    /// Reads the panel's rows for the learners `filter` admits; `pathTitles` names paths by id.
    public static func load(records: Records, filter: ReportFilter, today: String, pathTitles: [String: String] = [:]) throws(RecordsError) -> TeamProgress {
        let learners = try records.learners().filter { filter.admits($0) }
        let withPaths = try records.learnersWithPaths()
        let overdue = try records.overdueTaskCounts(today: today)
        // The current record of each learner's certificates (a renewal replaces the one it renews).
        var current: [String: [String: CertificateRecord]] = [:]
        for c in try records.certificates() where (current[c.learnerID]?[c.certificate]?.id ?? .min) < c.id {
            current[c.learnerID, default: [:]][c.certificate] = c
        }
        let todayDays = CivilDate(iso: today)?.days ?? 0
        var rows: [Row] = []
        var without = 0
        for l in learners {
            guard withPaths.contains(l.id) || current[l.id] != nil else { without += 1; continue }
            var lines: [PathLine] = []
            for p in try records.pathProgress(learnerID: l.id) {
                let titles = Dictionary(p.steps.map { ($0.stepID, $0.title) }, uniquingKeysWith: { a, _ in a })
                lines.append(PathLine(
                    path: p.pathID, title: p.renews == nil ? (pathTitles[p.pathID] ?? p.pathID) : "Renew \(p.certificate)",
                    done: p.steps.filter { $0.state == .done }.count, total: p.steps.count, next: p.next?.title, nextDue: p.next?.due,
                    blocked: p.blocked.map { "\($0.title) (waits for \($0.blockedBy.map { titles[$0] ?? $0 }.joined(separator: ", ")))" },
                    blockedSteps: p.blocked.map { BlockedStep(title: $0.title, waitsFor: $0.blockedBy.map { titles[$0] ?? $0 }) },
                    renews: p.renews == nil ? nil : p.certificate))
            }
            let expiring = (current[l.id] ?? [:]).values.filter { c in
                let days = (CivilDate(iso: c.expires)?.days ?? 0) - todayDays
                return days <= expiringDays
            }.sorted { ($0.expires, $0.certificate) < ($1.expires, $1.certificate) }.map {
                Expiring(certificate: $0.certificate, expires: $0.expires, daysLeft: $0.daysLeft(today: today))
            }
            rows.append(Row(id: l.id, name: l.name, team: l.team, paths: lines, overdueTasks: overdue[l.id] ?? 0, expiring: expiring))
        }
        rows.sort { ($0.team, $0.id) < ($1.team, $1.id) }
        return TeamProgress(today: today, rows: rows, withoutPath: without)
    }
}
