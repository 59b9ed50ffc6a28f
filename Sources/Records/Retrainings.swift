import CivilDate
import Foundation

/// A targeted retraining: a quiz on one SOP section assigned to the moderators with
/// production errors there (`casebook retrain`). Its quiz is a generated blueprint
/// (`retrain-ID`), drawn from the item pool stored with it, like a campaign's update quiz.
public struct Retraining: Sendable, Equatable {
    /// The retraining id (0 before it is stored).
    public var id: Int64
    /// The section, `sop-id#anchor`.
    public var section: String
    /// How many questions the quiz has.
    public var quizSize: Int
    /// The items the quiz draws from (ids, sorted), stored so the draw is reproducible.
    public var itemPool: [String]
    /// The due date (YYYY-MM-DD).
    public var due: String
    /// The first day of the production errors it was assigned for ("" for all).
    public var since: String
    /// The markets, teams and vendors it was limited to (empty: not limited that way).
    public var markets: [String]
    public var teams: [String]
    public var vendors: [String]
    /// When it was created.
    public var createdAt: String

    /// A retraining to create.
    public init(id: Int64 = 0, section: String, quizSize: Int, itemPool: [String], due: String, since: String = "", markets: [String] = [],
                teams: [String] = [], vendors: [String] = [], createdAt: String = "") {
        self.id = id; self.section = section; self.quizSize = quizSize; self.itemPool = itemPool; self.due = due; self.since = since
        self.markets = markets; self.teams = teams; self.vendors = vendors; self.createdAt = createdAt
    }

    /// The generated quiz's blueprint id (`retrain-ID`).
    public var blueprintID: String { "retrain-\(id)" }
    /// The source its tasks carry (`retraining:ID`).
    public var source: String { "retraining:\(id)" }

    /// The retraining id of a quiz's blueprint id (`retrain-7` -> 7), or nil.
    public static func id(ofBlueprint blueprintID: String) -> Int64? {
        guard blueprintID.hasPrefix("retrain-") else { return nil }
        let digits = blueprintID.dropFirst("retrain-".count)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let id = Int64(digits), "\(id)" == digits else { return nil }
        return id
    }
}

/// A moderator to retrain on a section: who, and the day of their last production error there.
public struct RetrainingCandidate: Sendable, Equatable {
    public var learnerID: String
    /// `YYYY-MM-DD`.
    public var lastError: String

    /// A candidate.
    public init(learnerID: String, lastError: String) {
        self.learnerID = learnerID; self.lastError = lastError
    }
}

/// What `assignRetraining` did.
public struct RetrainingResult: Sendable, Equatable {
    /// The retraining stored (nil when nobody needed it: nothing was written).
    public var retraining: Retraining?
    /// The learners given a task, by id.
    public var assigned: [String]
    /// The learners left out because a retraining on the section already covers their last
    /// error (an open task, or one passed on or after that day), by id.
    public var alreadyAssigned: [String]
}

extension Records {
    /// Stores a retraining and gives each candidate a task to pass its quiz, in one
    /// transaction, unless a retraining on the same section already covers them: they have
    /// an open task of one, or passed one on or after the day of their last error there.
    /// Running it again therefore adds nothing until someone makes a new error. When no
    /// candidate needs it, nothing is stored.
    public func assignRetraining(_ r: Retraining, candidates: [RetrainingCandidate]) throws(RecordsError) -> RetrainingResult {
        guard CivilDate(iso: r.due)?.iso == r.due else { throw .invalidAnswer("due date '\(r.due)' is not a date; write it as YYYY-MM-DD") }
        guard r.quizSize > 0, !r.itemPool.isEmpty else { throw .invalidAnswer("a retraining needs a quiz of 1 or more questions from its item pool") }
        return try db.isolatedTransaction { () throws(RecordsError) in
            // Each learner's retraining tasks on the section: nil while open, else when completed.
            var tasksBy: [String: [String?]] = [:]
            for row in try db.query("""
                SELECT t.learner_id, t.completed_at FROM tasks t JOIN retrainings r ON t.source = 'retraining:' || r.id
                WHERE r.section = ? AND t.kind = 'pass_blueprint'
                """, [.text(r.section)]) {
                tasksBy[row[0].string ?? "", default: []].append(row[1].string)
            }
            var assigned: [String] = [], already: [String] = []
            for c in candidates.sorted(by: { $0.learnerID < $1.learnerID }) {
                let covered = tasksBy[c.learnerID, default: []].contains { completed in completed.map { String($0.prefix(10)) >= c.lastError } ?? true }
                if covered { already.append(c.learnerID) } else if !assigned.contains(c.learnerID) { assigned.append(c.learnerID) }
            }
            guard !assigned.isEmpty else { return RetrainingResult(retraining: nil, assigned: [], alreadyAssigned: already) }
            let now = Self.now()
            try db.query("""
                INSERT INTO retrainings (section, quiz_size, item_pool, due, since, markets, teams, vendors, created_at) VALUES (?,?,?,?,?,?,?,?,?)
                """, [.text(r.section), .integer(Int64(r.quizSize)), .text(r.itemPool.joined(separator: ",")), .text(r.due), .text(r.since),
                      .text(r.markets.joined(separator: ",")), .text(r.teams.joined(separator: ",")), .text(r.vendors.joined(separator: ",")), .text(now)])
            var stored = r
            stored.id = db.lastInsertID
            stored.createdAt = now
            _ = try insertTasks(assigned.map { NewTask(learnerID: $0, target: .passBlueprint(stored.blueprintID), due: r.due, source: stored.source) }, now: now)
            return RetrainingResult(retraining: stored, assigned: assigned, alreadyAssigned: already)
        }
    }

    /// The retraining with this id.
    public func retraining(_ id: Int64) throws(RecordsError) -> Retraining? {
        try reader.query("SELECT \(Self.retrainingColumns) FROM retrainings WHERE id = ?", [.integer(id)]).first.map(Self.retraining)
    }

    /// Every retraining (on one section when given), by id.
    public func retrainings(section: String? = nil) throws(RecordsError) -> [Retraining] {
        if let section {
            return try reader.query("SELECT \(Self.retrainingColumns) FROM retrainings WHERE section = ? ORDER BY id", [.text(section)]).map(Self.retraining)
        }
        return try reader.query("SELECT \(Self.retrainingColumns) FROM retrainings ORDER BY id").map(Self.retraining)
    }

    static let retrainingColumns = "id, section, quiz_size, item_pool, due, since, markets, teams, vendors, created_at"

    static func retraining(_ r: [SQLValue]) -> Retraining {
        func list(_ v: SQLValue) -> [String] { (v.string ?? "").split(separator: ",").map(String.init) }
        return Retraining(id: r[0].int ?? 0, section: r[1].string ?? "", quizSize: Int(r[2].int ?? 0), itemPool: list(r[3]), due: r[4].string ?? "",
                          since: r[5].string ?? "", markets: list(r[6]), teams: list(r[7]), vendors: list(r[8]), createdAt: r[9].string ?? "")
    }
}
