import CivilDate
import Foundation

/// A campaign: an SOP update assigned to the learners it applies to, with a due date.
public struct Campaign: Sendable, Equatable {
    /// The campaign id (0 before it is stored).
    public var id: Int64
    /// The SOP updated.
    public var sopID: String
    /// The version to read and acknowledge.
    public var version: String
    /// The version before it (empty when it is the first): the diff the quiz is drawn from.
    public var previousVersion: String
    /// The due date (YYYY-MM-DD).
    public var due: String
    /// The markets, teams and vendors it was limited to (empty: not limited that way).
    public var markets: [String]
    public var teams: [String]
    public var vendors: [String]
    /// How many questions the update quiz has (0: no quiz).
    public var quizSize: Int
    /// The changed section anchors, in the SOP's order.
    public var sections: [String]
    /// The items the update quiz draws from (ids, sorted), stored so the draw is reproducible.
    public var itemPool: [String]
    /// When it was created.
    public var createdAt: String

    /// A campaign to create.
    public init(id: Int64 = 0, sopID: String, version: String, previousVersion: String = "", due: String, markets: [String] = [],
                teams: [String] = [], vendors: [String] = [], quizSize: Int = 0, sections: [String] = [], itemPool: [String] = [],
                createdAt: String = "") {
        self.id = id; self.sopID = sopID; self.version = version; self.previousVersion = previousVersion; self.due = due
        self.markets = markets; self.teams = teams; self.vendors = vendors; self.quizSize = quizSize; self.sections = sections
        self.itemPool = itemPool; self.createdAt = createdAt
    }

    /// The generated update quiz's blueprint id (`campaign-ID`).
    public var blueprintID: String { "campaign-\(id)" }
    /// The source its tasks carry (`campaign:ID`).
    public var source: String { "campaign:\(id)" }
}

/// One learner's progress in a campaign.
public struct CampaignProgress: Sendable, Equatable {
    /// The learner.
    public var learner: Learner
    /// Whether they acknowledged the version.
    public var acknowledged: Bool
    /// Whether they passed the update quiz (true when the campaign has none and they acknowledged).
    public var passed: Bool
    /// Whether a task of theirs is open after the due date.
    public var overdue: Bool
}

extension Records {
    /// Stores a campaign and assigns it to `learners` in one transaction: an acknowledge task
    /// each and, with a quiz, a pass task for the generated blueprint. A learner who already
    /// acknowledged the version has their acknowledge task completed at once, also when they
    /// acknowledge it on another server while the campaign is being created: the campaign
    /// locks its learners (`lockLearners`) before it reads their acknowledgements, in READ
    /// COMMITTED, so it either waits for that acknowledgement's commit and sees it, or the
    /// acknowledgement waits for the campaign's and completes its new task.
    public func createCampaign(_ c: Campaign, learners: [String]) throws(RecordsError) -> Campaign {
        guard CivilDate(iso: c.due)?.iso == c.due else { throw .invalidAnswer("due date '\(c.due)' is not a date; write it as YYYY-MM-DD") }
        guard !learners.isEmpty else {
            throw .notFound("no learner is in the campaign's markets, teams or vendors; add learners with casebook learners add, or change the filters")
        }
        return try db.transaction { () throws(RecordsError) in
            try lockLearners(learners)
            let now = Self.now()
            try db.query("""
                INSERT INTO campaigns (sop_id, version, previous_version, due, markets, teams, vendors, quiz_size, sections, item_pool, created_at)
                VALUES (?,?,?,?,?,?,?,?,?,?,?)
                """, [.text(c.sopID), .text(c.version), .text(c.previousVersion), .text(c.due), .text(c.markets.joined(separator: ",")),
                      .text(c.teams.joined(separator: ",")), .text(c.vendors.joined(separator: ",")), .integer(Int64(c.quizSize)),
                      .text(c.sections.joined(separator: ",")), .text(c.itemPool.joined(separator: ",")), .text(now)])
            var stored = c
            stored.id = db.lastInsertID
            stored.createdAt = now
            var tasks: [NewTask] = []
            for learner in learners {
                tasks.append(NewTask(learnerID: learner, target: .acknowledge(sopID: c.sopID, version: c.version), due: c.due, source: stored.source))
                if c.quizSize > 0 {
                    tasks.append(NewTask(learnerID: learner, target: .passBlueprint(stored.blueprintID), due: c.due, source: stored.source))
                }
            }
            _ = try insertTasks(tasks, now: now)
            // Earlier acknowledgements of the same version count.
            try db.query("""
                UPDATE tasks SET completed_at = (SELECT MIN(a.acknowledged_at) FROM acknowledgements a WHERE a.learner_id = tasks.learner_id AND a.sop_id = tasks.target AND a.version = tasks.target_version),
                    evidence = 'acknowledgement:' || (SELECT MIN(a.id) FROM acknowledgements a WHERE a.learner_id = tasks.learner_id AND a.sop_id = tasks.target AND a.version = tasks.target_version)
                WHERE source = ? AND kind = 'acknowledge' AND completed_at IS NULL
                  AND EXISTS (SELECT 1 FROM acknowledgements a WHERE a.learner_id = tasks.learner_id AND a.sop_id = tasks.target AND a.version = tasks.target_version)
                """, [.text(stored.source)])
            return stored
        }
    }

    /// The learners among `learners` who already have version `version` of `sopID` to
    /// acknowledge from a campaign, each with those campaigns' ids (ascending): a second
    /// campaign of the same version would give them the same task again.
    public func campaignsAssigning(sopID: String, version: String, among learners: [String]) throws(RecordsError) -> [String: [Int64]] {
        let wanted = Set(learners)
        var out: [String: [Int64]] = [:]
        for row in try reader.query("""
            SELECT learner_id, source FROM tasks
            WHERE kind = 'acknowledge' AND target = ? AND target_version = ? AND source LIKE 'campaign:%'
            ORDER BY learner_id, id
            """, [.text(sopID), .text(version)]) {
            guard let learner = row[0].string, wanted.contains(learner),
                  let id = (row[1].string?.dropFirst("campaign:".count)).flatMap({ Int64($0) }) else { continue }
            if out[learner]?.contains(id) != true { out[learner, default: []].append(id) }
        }
        return out
    }

    /// The campaign with this id.
    public func campaign(_ id: Int64) throws(RecordsError) -> Campaign? {
        try reader.query("SELECT \(Self.campaignColumns) FROM campaigns WHERE id = ?", [.integer(id)]).first.map(Self.campaign)
    }

    /// Every campaign, by id.
    public func campaigns() throws(RecordsError) -> [Campaign] {
        try reader.query("SELECT \(Self.campaignColumns) FROM campaigns ORDER BY id").map(Self.campaign)
    }

    /// Each assigned learner's progress in a campaign on `today` (YYYY-MM-DD), by learner id.
    public func campaignProgress(_ c: Campaign, today: String) throws(RecordsError) -> [CampaignProgress] {
        var byLearner: [String: [TaskRecord]] = [:]
        for t in try tasks(source: c.source) { byLearner[t.learnerID, default: []].append(t) }
        var out: [CampaignProgress] = []
        for (id, tasks) in byLearner.sorted(by: { $0.key < $1.key }) {
            let learner = try learner(id) ?? Learner(id: id, name: id)
            let acknowledged = tasks.contains { if case .acknowledge = $0.target { return $0.completedAt != nil } else { return false } }
            let passTasks = tasks.filter { if case .passBlueprint = $0.target { return true } else { return false } }
            let passed = passTasks.isEmpty ? acknowledged : passTasks.allSatisfy { $0.completedAt != nil }
            out.append(CampaignProgress(learner: learner, acknowledged: acknowledged, passed: passed,
                                        overdue: tasks.contains { $0.isOverdue(today: today) }))
        }
        return out
    }

    static let campaignColumns = "id, sop_id, version, previous_version, due, markets, teams, vendors, quiz_size, sections, item_pool, created_at"

    static func campaign(_ r: [SQLValue]) -> Campaign {
        func list(_ v: SQLValue) -> [String] { (v.string ?? "").split(separator: ",").map(String.init) }
        return Campaign(id: r[0].int ?? 0, sopID: r[1].string ?? "", version: r[2].string ?? "", previousVersion: r[3].string ?? "",
                        due: r[4].string ?? "", markets: list(r[5]), teams: list(r[6]), vendors: list(r[7]), quizSize: Int(r[8].int ?? 0),
                        sections: list(r[9]), itemPool: list(r[10]), createdAt: r[11].string ?? "")
    }
}
