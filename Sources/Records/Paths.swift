import CivilDate
import Foundation
import Quiz
import Handbook

// Onboarding paths on top of the one assignments mechanism (tasks). Assigning a path gives
// each learner every step's tasks at once (source `path:ID`, each due `due_days` after the
// start); a step whose prerequisites (`after:`) are not done is *blocked*: its tasks exist
// and show their due dates, but nothing completes them until the prerequisites are done (an
// attempt passed meanwhile does not count and must be repeated; an acknowledgement made
// meanwhile counts as soon as the step unblocks, since a version is acknowledged only once).
// The transaction that completes a path's last open task grants its certificate.

/// What `assignPath` did.
public struct PathAssignmentResult: Sendable, Equatable {
    /// The path assigned.
    public var pathID: String
    /// Learners given the path now, in the order asked.
    public var assigned: [String]
    /// Learners who had it already (nothing was added for them).
    public var alreadyAssigned: [String]
    /// Tasks created.
    public var tasks: Int
}

/// Where a step of a learner's path stands.
public enum StepState: String, Sendable, Equatable {
    /// Every task of the step is done.
    case done
    /// The step can be done now.
    case open
    /// A prerequisite step is not done yet.
    case blocked
}

/// One step of a learner's path, with its tasks.
public struct StepProgress: Sendable, Equatable {
    /// The step id in the path.
    public var stepID: String
    /// The title shown to the learner.
    public var title: String
    /// Its position in the path (0-based).
    public var position: Int
    /// For a reading step limited to sections: `sop-id#anchor`, in order (empty: whole SOPs).
    public var sections: [String]
    /// Its tasks (an acknowledge step has one per SOP), by id.
    public var tasks: [TaskRecord]
    /// Done, open or blocked.
    public var state: StepState
    /// The prerequisite steps not done yet (empty unless blocked).
    public var blockedBy: [String]
    /// The earliest due date of its tasks (YYYY-MM-DD).
    public var due: String
    /// When its last task was done; nil until the step is done.
    public var completedAt: String?

    /// Whether it is not done after its due date on `today` (YYYY-MM-DD).
    public func isOverdue(today: String) -> Bool { state != .done && today > due }
}

/// A learner's progress in one assigned path (or one recertification).
public struct PathProgress: Sendable, Equatable {
    /// The assignment id.
    public var assignmentID: Int64
    /// The learner.
    public var learnerID: String
    /// The path.
    public var pathID: String
    /// The start date the due dates count from (YYYY-MM-DD).
    public var start: String
    /// The certificate it grants (empty: none).
    public var certificate: String
    /// For a recertification: the certificate it renews.
    public var renews: Int64?
    /// The steps, in path order.
    public var steps: [StepProgress]
    /// The certificate granted on completion; nil until then.
    public var granted: CertificateRecord?

    /// Whether every step is done.
    public var isComplete: Bool { steps.allSatisfy { $0.state == .done } }
    /// The first step that can be done now; nil when none can (done, or all blocked).
    public var next: StepProgress? { steps.first { $0.state == .open } }
    /// The steps that are blocked.
    public var blocked: [StepProgress] { steps.filter { $0.state == .blocked } }
}

extension Records {
    /// The source a path's tasks carry.
    public static func pathSource(_ pathID: String) -> String { "path:\(pathID)" }

    // MARK: - Assigning

    /// Assigns `path` to each learner in one transaction (all or nothing), starting on `start`
    /// (YYYY-MM-DD): every step's tasks, due `due_days` after the start, with the SOPs'
    /// versions in `sopVersions` (SOP id -> version) to acknowledge. A learner who has the
    /// path already is left as they are (assigning twice adds nothing); acknowledgements
    /// they made before count for the steps that are not blocked, also one made on another
    /// server meanwhile (the learners are locked first, as `createCampaign` does).
    public func assignPath(_ path: LearningPath, sopVersions: [String: String], learnerIDs: [String], start: String) throws(RecordsError) -> PathAssignmentResult {
        guard let startDate = CivilDate(iso: start), startDate.iso == start else {
            throw .invalidAnswer("start date '\(start)' is not a date; write it as YYYY-MM-DD")
        }
        guard !learnerIDs.isEmpty else {
            throw .notFound("no learner to assign path '\(path.id)' to; add learners with casebook learners add, or change the selection")
        }
        // Each step's tasks (targets and the anchors read), checked before anything is written.
        var planned: [(step: PathStep, tasks: [(target: TaskTarget, sections: [String])])] = []
        for step in path.steps {
            switch step.kind {
            case .acknowledge(let readings):
                var tasks: [(TaskTarget, [String])] = []
                for r in readings {
                    guard let version = sopVersions[r.sopID], !version.isEmpty else {
                        throw .notFound("path '\(path.id)' step '\(step.id)': SOP '\(r.sopID)' has no published version to acknowledge; run casebook check and fix \(path.file)")
                    }
                    tasks.append((.acknowledge(sopID: r.sopID, version: version), r.sections))
                }
                planned.append((step, tasks))
            case .pass(let b): planned.append((step, [(.passBlueprint(b), [])]))
            case .calibration(let b): planned.append((step, [(.takePart(b), [])]))
            }
        }
        return try db.transaction { () throws(RecordsError) in
            try lockLearners(learnerIDs)
            let now = Self.now()
            var result = PathAssignmentResult(pathID: path.id, assigned: [], alreadyAssigned: [], tasks: 0)
            for learner in learnerIDs {
                if try !db.query("SELECT 1 FROM path_assignments WHERE learner_id = ? AND path_id = ? AND renews IS NULL",
                                 [.text(learner), .text(path.id)]).isEmpty {
                    result.alreadyAssigned.append(learner)
                    continue
                }
                let c = path.certificate
                try db.query("""
                    INSERT INTO path_assignments (learner_id, path_id, start, certificate, valid_days, recert_blueprint, recert_days_before, assigned_at)
                    VALUES (?,?,?,?,?,?,?,?)
                    """, [.text(learner), .text(path.id), .text(start), .text(c?.id ?? ""), .integer(Int64(c?.validDays ?? 0)),
                          .text(c?.recertBlueprint ?? ""), .integer(Int64(c?.recertDaysBefore ?? 0)), .text(now)])
                let assignment = db.lastInsertID
                for (position, plan) in planned.enumerated() {
                    let due = CivilDate(days: startDate.days + plan.step.dueDays).iso
                    let ids = try insertTasks(plan.tasks.map { NewTask(learnerID: learner, target: $0.target, due: due, source: Self.pathSource(path.id)) }, now: now)
                    for (id, task) in zip(ids, plan.tasks) {
                        try db.query("INSERT INTO path_tasks (task_id, assignment_id, step_id, position, title, sections) VALUES (?,?,?,?,?,?)",
                                     [.integer(id), .integer(assignment), .text(plan.step.id), .integer(Int64(position)), .text(plan.step.title),
                                      .text(task.sections.joined(separator: ","))])
                    }
                    for requirement in plan.step.after {
                        try db.query("INSERT INTO path_prerequisites (assignment_id, step_id, requires) VALUES (?,?,?) ON CONFLICT DO NOTHING",
                                     [.integer(assignment), .text(plan.step.id), .text(requirement)])
                    }
                    result.tasks += ids.count
                }
                try settlePaths(learnerID: learner, now: now)
                result.assigned.append(learner)
            }
            return result
        }
    }

    // MARK: - Completing

    /// Inside the current transaction, after a learner's tasks were completed: completes
    /// their path acknowledge tasks that are no longer blocked and whose version (or a later
    /// one, see `acknowledge`) they already acknowledged (repeating, as each may unblock
    /// another), then grants the certificate of every path (or recertification) whose tasks
    /// are now all done.
    func settlePaths(learnerID: String, now: String) throws(RecordsError) {
        let acknowledgements = try db.query("SELECT id, sop_id, version FROM acknowledgements WHERE learner_id = ? ORDER BY id", [.text(learnerID)])
        while true {
            let open = try db.query("""
                SELECT id, target, target_version FROM tasks
                WHERE learner_id = ? AND kind = 'acknowledge' AND completed_at IS NULL
                  AND EXISTS (SELECT 1 FROM path_tasks pt WHERE pt.task_id = tasks.id)
                  AND NOT EXISTS (SELECT 1 FROM blocked_path_tasks b WHERE b.task_id = tasks.id)
                ORDER BY id
                """, [.text(learnerID)])
            var completed = 0
            for task in open {
                // The first acknowledgement of that version or a later one.
                guard let ack = acknowledgements.first(where: { $0[1].string == task[1].string
                    && VersionNumber.compare(task[2].string ?? "", $0[2].string ?? "") <= 0 }) else { continue }
                try db.query("UPDATE tasks SET completed_at = ?, evidence = ? WHERE id = ?",
                             [.text(now), .text("acknowledgement:\(ack[0].int ?? 0)"), task[0]])
                completed += 1
            }
            if completed == 0 { break }
        }
        let complete = try db.query("""
            SELECT pa.id, pa.path_id, pa.certificate, pa.valid_days, pa.renews FROM path_assignments pa
            WHERE pa.learner_id = ? AND pa.certificate <> ''
              AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.assignment_id = pa.id)
              AND EXISTS (SELECT 1 FROM path_tasks pt WHERE pt.assignment_id = pa.id)
              AND NOT EXISTS (SELECT 1 FROM path_tasks pt JOIN tasks t ON t.id = pt.task_id WHERE pt.assignment_id = pa.id AND t.completed_at IS NULL)
            ORDER BY pa.id
            """, [.text(learnerID)])
        for row in complete {
            let assignment = row[0].int ?? 0
            let evidence = try db.query("""
                SELECT t.evidence FROM path_tasks pt JOIN tasks t ON t.id = pt.task_id WHERE pt.assignment_id = ? ORDER BY pt.position, t.id
                """, [.integer(assignment)]).compactMap { $0[0].string }
            // Valid `valid_days` from the day granted; a renewal before expiry counts from the
            // old expiry, so renewing early loses no days.
            let today = CivilDate(iso: now.prefix(10)) ?? CivilDate(days: 0)
            var from = today
            if let renews = row[4].int,
               let old = try db.query("SELECT expires FROM certificates WHERE id = ?", [.integer(renews)]).first?[0].string.flatMap({ CivilDate(iso: $0) }),
               old > today {
                from = old
            }
            let expires = CivilDate(days: from.days + Int(row[3].int ?? 0)).iso
            try db.query("""
                INSERT INTO certificates (learner_id, certificate, path_id, assignment_id, granted_at, expires, evidence, renews) VALUES (?,?,?,?,?,?,?,?)
                """, [.text(learnerID), .text(row[2].string ?? ""), .text(row[1].string ?? ""), .integer(assignment), .text(now), .text(expires),
                      .text(evidence.joined(separator: ",")), row[4].int.map { SQLValue.integer($0) } ?? .null])
        }
    }

    // MARK: - Progress

    /// A learner's paths and recertifications, oldest assignment first: each step done, open
    /// or blocked (and by what), its tasks and due date, and the certificate once granted.
    public func pathProgress(learnerID: String) throws(RecordsError) -> [PathProgress] {
        let certificates = Dictionary(try certificates(learnerID: learnerID).map { ($0.assignmentID, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [PathProgress] = []
        for a in try reader.query("SELECT id, path_id, start, certificate, renews FROM path_assignments WHERE learner_id = ? ORDER BY id", [.text(learnerID)]) {
            let id = a[0].int ?? 0
            var steps: [StepProgress] = []
            for row in try reader.query("""
                SELECT pt.step_id, pt.position, pt.title, pt.sections, \(Self.taskColumns.split(separator: ",").map { "t." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
                FROM path_tasks pt JOIN tasks t ON t.id = pt.task_id WHERE pt.assignment_id = ? ORDER BY pt.position, t.id
                """, [.integer(id)]) {
                let task = Self.task(Array(row[4...]))
                var sections: [String] = []
                if case .acknowledge(let sop, _) = task.target {
                    sections = (row[3].string ?? "").split(separator: ",").map { "\(sop)#\($0)" }
                }
                let stepID = row[0].string ?? ""
                if let last = steps.last, last.stepID == stepID {
                    steps[steps.count - 1].tasks.append(task)
                    steps[steps.count - 1].sections += sections
                } else {
                    steps.append(StepProgress(stepID: stepID, title: row[2].string ?? "", position: Int(row[1].int ?? 0), sections: sections,
                                              tasks: [task], state: .open, blockedBy: [], due: task.due, completedAt: nil))
                }
            }
            var requires: [String: [String]] = [:]
            for r in try reader.query("SELECT step_id, requires FROM path_prerequisites WHERE assignment_id = ? ORDER BY rowid", [.integer(id)]) {
                requires[r[0].string ?? "", default: []].append(r[1].string ?? "")
            }
            let done = Set(steps.filter { $0.tasks.allSatisfy { $0.completedAt != nil } }.map(\.stepID))
            for i in steps.indices {
                steps[i].due = steps[i].tasks.map(\.due).min() ?? ""
                if done.contains(steps[i].stepID) {
                    steps[i].state = .done
                    steps[i].completedAt = steps[i].tasks.compactMap(\.completedAt).max()
                } else {
                    steps[i].blockedBy = (requires[steps[i].stepID] ?? []).filter { !done.contains($0) }
                    steps[i].state = steps[i].blockedBy.isEmpty ? .open : .blocked
                }
            }
            out.append(PathProgress(assignmentID: id, learnerID: learnerID, pathID: a[1].string ?? "", start: a[2].string ?? "",
                                    certificate: a[3].string ?? "", renews: a[4].int, steps: steps, granted: certificates[id]))
        }
        return out
    }

    /// The learners assigned each path, by path id (recertifications not counted).
    public func pathAssignmentCounts() throws(RecordsError) -> [String: Int] {
        var out: [String: Int] = [:]
        for r in try reader.query("SELECT path_id, COUNT(*) FROM path_assignments WHERE renews IS NULL GROUP BY path_id") {
            out[r[0].string ?? ""] = Int(r[1].int ?? 0)
        }
        return out
    }
}
