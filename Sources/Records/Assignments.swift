import CivilDate
import Foundation
import Handbook

// Assignments: one mechanism for "a learner has something to do by a date". Campaigns use it
// now; onboarding paths and targeted retraining add tasks with their own `source`.

/// What a task asks of its learner.
public enum TaskTarget: Sendable, Equatable, Hashable {
    /// Read and acknowledge this version of an SOP.
    case acknowledge(sopID: String, version: String)
    /// Pass an attempt at this blueprint.
    case passBlueprint(String)
    /// Review these items (ids, in order).
    case reviewItems([String])
    /// Finish an attempt at this blueprint, whatever the score (take part in a calibration session).
    case takePart(String)

    /// The stored kind.
    public var kind: String {
        switch self {
        case .acknowledge: return "acknowledge"
        case .passBlueprint: return "pass_blueprint"
        case .reviewItems: return "review_items"
        case .takePart: return "take_part"
        }
    }

    /// The stored target and target version.
    var stored: (target: String, version: String) {
        switch self {
        case .acknowledge(let sop, let version): return (sop, version)
        case .passBlueprint(let id): return (id, "")
        case .reviewItems(let ids): return (ids.joined(separator: ","), "")
        case .takePart(let id): return (id, "")
        }
    }

    static func from(kind: String, target: String, version: String) -> TaskTarget {
        switch kind {
        case "acknowledge": return .acknowledge(sopID: target, version: version)
        case "pass_blueprint": return .passBlueprint(target)
        case "take_part": return .takePart(target)
        default: return .reviewItems(target.isEmpty ? [] : target.split(separator: ",").map(String.init))
        }
    }
}

/// A task to create: for a learner, due on a date, from a source.
public struct NewTask: Sendable, Equatable {
    /// Who must do it.
    public var learnerID: String
    /// What they must do.
    public var target: TaskTarget
    /// The due date (YYYY-MM-DD); overdue from the day after.
    public var due: String
    /// What assigned it: `campaign:ID`, `path:ID`, `retraining:...`.
    public var source: String
    /// A task to create.
    public init(learnerID: String, target: TaskTarget, due: String, source: String) {
        self.learnerID = learnerID; self.target = target; self.due = due; self.source = source
    }
}

/// A stored task.
public struct TaskRecord: Sendable, Equatable {
    /// The task id.
    public var id: Int64
    /// Who must do it.
    public var learnerID: String
    /// What they must do.
    public var target: TaskTarget
    /// The due date (YYYY-MM-DD).
    public var due: String
    /// What assigned it.
    public var source: String
    /// When it was assigned.
    public var createdAt: String
    /// When it was done; nil while open.
    public var completedAt: String?
    /// What completed it: `acknowledgement:ID` or `attempt:ID` (empty while open).
    public var evidence: String

    /// Whether it is open after its due date on `today` (YYYY-MM-DD).
    public func isOverdue(today: String) -> Bool { completedAt == nil && today > due }
}

/// An acknowledgement: a learner has read a version of an SOP. Never edited or deleted.
public struct Acknowledgement: Sendable, Equatable {
    /// The acknowledgement id.
    public var id: Int64
    /// Who acknowledged (a learner or user id).
    public var learnerID: String
    /// The SOP.
    public var sopID: String
    /// The version read.
    public var version: String
    /// When (ISO time with milliseconds).
    public var acknowledgedAt: String
}

extension Records {
    // MARK: - Tasks

    /// Creates tasks in one transaction: all of them or none. Returns their ids, in order.
    @discardableResult
    public func createTasks(_ tasks: [NewTask]) throws(RecordsError) -> [Int64] {
        try db.transaction { () throws(RecordsError) in try insertTasks(tasks, now: Self.now()) }
    }

    /// Inserts tasks inside the current transaction.
    func insertTasks(_ tasks: [NewTask], now: String) throws(RecordsError) -> [Int64] {
        var ids: [Int64] = []
        for t in tasks {
            guard CivilDate(iso: t.due)?.description == t.due else { throw .invalidAnswer("due date '\(t.due)' is not a date; write it as YYYY-MM-DD") }
            let (target, version) = t.target.stored
            try db.query("INSERT INTO tasks (learner_id, kind, target, target_version, due, source, created_at) VALUES (?,?,?,?,?,?,?)",
                         [.text(t.learnerID), .text(t.target.kind), .text(target), .text(version), .text(t.due), .text(t.source), .text(now)])
            ids.append(db.lastInsertID)
        }
        return ids
    }

    /// A learner's open tasks, soonest due first (then by id).
    public func openTasks(learnerID: String) throws(RecordsError) -> [TaskRecord] {
        try reader.query("SELECT \(Self.taskColumns) FROM tasks WHERE learner_id = ? AND completed_at IS NULL ORDER BY due, id",
                         [.text(learnerID)]).map(Self.task)
    }

    /// Every task, for a learner and/or source when given, by id.
    public func tasks(learnerID: String? = nil, source: String? = nil) throws(RecordsError) -> [TaskRecord] {
        var sql = "SELECT \(Self.taskColumns) FROM tasks WHERE 1=1"
        var params: [SQLValue] = []
        if let learnerID { sql += " AND learner_id = ?"; params.append(.text(learnerID)) }
        if let source { sql += " AND source = ?"; params.append(.text(source)) }
        return try reader.query(sql + " ORDER BY id", params).map(Self.task)
    }

    static let taskColumns = "id, learner_id, kind, target, target_version, due, source, created_at, completed_at, evidence"

    static func task(_ r: [SQLValue]) -> TaskRecord {
        TaskRecord(id: r[0].int ?? 0, learnerID: r[1].string ?? "",
                   target: .from(kind: r[2].string ?? "", target: r[3].string ?? "", version: r[4].string ?? ""),
                   due: r[5].string ?? "", source: r[6].string ?? "", createdAt: r[7].string ?? "", completedAt: r[8].string,
                   evidence: r[9].string ?? "")
    }

    /// Completes, inside the current transaction, a learner's open pass tasks for a blueprint
    /// with the attempt that passed it (and, `passed` or not, their take-part tasks for it).
    /// Path tasks whose prerequisites are open stay open; a path whose last step this
    /// completes grants its certificate in the same transaction.
    func completePassTasks(learnerID: String, blueprintID: String, attemptID: Int64, passed: Bool = true, now: String) throws(RecordsError) {
        try lockLearner(learnerID)
        let kinds = passed ? "'pass_blueprint', 'take_part'" : "'take_part'"
        try db.query("""
            UPDATE tasks SET completed_at = ?, evidence = ? WHERE learner_id = ? AND kind IN (\(kinds)) AND target = ? AND completed_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM blocked_path_tasks b WHERE b.task_id = tasks.id)
            """, [.text(now), .text("attempt:\(attemptID)"), .text(learnerID), .text(blueprintID)])
        try settlePaths(learnerID: learnerID, now: now)
    }

    /// On PostgreSQL, waits for any other server's transaction that changes this learner's
    /// tasks, paths and certificates (an acknowledgement, a finished attempt) and keeps them
    /// out until this one ends, so the steps that read then write them (is this acknowledged
    /// already? is the path complete now?) see each other's result: in READ COMMITTED every
    /// later statement reads what the other committed. (Two servers each completing one of a
    /// path's last two tasks would otherwise both see the other's open and grant no
    /// certificate.) `FOR NO KEY UPDATE`: rows referring to the learner are still inserted
    /// meanwhile. SQLite's write lock already serialises them.
    func lockLearner(_ learnerID: String) throws(RecordsError) {
        guard db.engine == .postgres else { return }
        try db.query("SELECT id FROM learners WHERE id = ? FOR NO KEY UPDATE", [.text(learnerID)])
    }

    /// `lockLearner` for many learners at once (a campaign, a path assigned to a team), in
    /// byte order of their ids, so that two steps locking overlapping sets never wait for
    /// each other. Take it before reading their acknowledgements in a READ COMMITTED
    /// transaction: a SERIALIZABLE one would keep reading the snapshot taken before it waited.
    func lockLearners(_ learnerIDs: [String]) throws(RecordsError) {
        guard db.engine == .postgres else { return }
        let sorted = Set(learnerIDs).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var start = 0
        while start < sorted.count {
            let chunk = sorted[start..<min(start + 500, sorted.count)]
            try db.query("SELECT id FROM learners WHERE id IN (\(chunk.map { _ in "?" }.joined(separator: ","))) ORDER BY id COLLATE \"C\" FOR NO KEY UPDATE",
                         chunk.map { .text($0) })
            start = chunk.endIndex
        }
    }

    // MARK: - Acknowledgements

    /// Records that `learnerID` has read `version` of `sopID`, durably (committed with a full
    /// sync before it returns), and completes their open acknowledge tasks for that version, or
    /// an earlier one, in the same transaction (the site shows only the current version: once
    /// a later one is published, an earlier one can no longer be acknowledged, and the later
    /// one holds what it asked them to read) (path tasks only once their prerequisites are done; a path whose
    /// last step this completes grants its certificate in that transaction too).
    /// Acknowledging a version again returns the first acknowledgement.
    @discardableResult
    public func acknowledge(learnerID: String, sopID: String, version: String, at: String? = nil) throws(RecordsError) -> Acknowledgement {
        guard !learnerID.isEmpty, !sopID.isEmpty, !version.isEmpty else {
            throw .invalidAnswer(.acknowledgement)
        }
        return try db.transaction { () throws(RecordsError) in
            try lockLearner(learnerID)
            if let existing = try db.query("SELECT \(Self.acknowledgementColumns) FROM acknowledgements WHERE learner_id = ? AND sop_id = ? AND version = ? ORDER BY id LIMIT 1",
                                           [.text(learnerID), .text(sopID), .text(version)]).first.map(Self.acknowledgement) {
                return existing
            }
            let now = at ?? Self.now()
            try db.query("INSERT INTO acknowledgements (learner_id, sop_id, version, acknowledged_at) VALUES (?,?,?,?)",
                         [.text(learnerID), .text(sopID), .text(version), .text(now)])
            let id = db.lastInsertID
            let open = try db.query("""
                SELECT id, target_version FROM tasks
                WHERE learner_id = ? AND kind = 'acknowledge' AND target = ? AND completed_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM blocked_path_tasks b WHERE b.task_id = tasks.id)
                ORDER BY id
                """, [.text(learnerID), .text(sopID)])
            for task in open where VersionNumber.compare(task[1].string ?? "", version) <= 0 {
                try db.query("UPDATE tasks SET completed_at = ?, evidence = ? WHERE id = ?",
                             [.text(now), .text("acknowledgement:\(id)"), task[0]])
            }
            try settlePaths(learnerID: learnerID, now: now)
            return Acknowledgement(id: id, learnerID: learnerID, sopID: sopID, version: version, acknowledgedAt: now)
        }
    }

    /// A learner's acknowledgements (of one SOP when given), oldest first.
    public func acknowledgements(learnerID: String, sopID: String? = nil) throws(RecordsError) -> [Acknowledgement] {
        var sql = "SELECT \(Self.acknowledgementColumns) FROM acknowledgements WHERE learner_id = ?"
        var params: [SQLValue] = [.text(learnerID)]
        if let sopID { sql += " AND sop_id = ?"; params.append(.text(sopID)) }
        return try reader.query(sql + " ORDER BY id", params).map(Self.acknowledgement)
    }

    static let acknowledgementColumns = "id, learner_id, sop_id, version, acknowledged_at"

    static func acknowledgement(_ r: [SQLValue]) -> Acknowledgement {
        Acknowledgement(id: r[0].int ?? 0, learnerID: r[1].string ?? "", sopID: r[2].string ?? "", version: r[3].string ?? "",
                        acknowledgedAt: r[4].string ?? "")
    }
}
