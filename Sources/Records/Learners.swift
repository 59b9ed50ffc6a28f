import Foundation

extension Records {
    /// Adds a learner; an existing id is `alreadyExists`.
    public func addLearner(_ l: Learner) throws(RecordsError) {
        if try learner(l.id) != nil {
            throw .alreadyExists("learner '\(l.id)' already exists")
        }
        try db.query("INSERT INTO learners (id, name, team, vendor, market, start_date, created_at) VALUES (?,?,?,?,?,?,?)",
                     [.text(l.id), .text(l.name), .text(l.team), .text(l.vendor), .text(l.market), .text(l.startDate), .text(Self.now())])
    }

    /// The learner with this id.
    public func learner(_ id: String) throws(RecordsError) -> Learner? {
        try reader.query("SELECT id, name, team, vendor, market, start_date FROM learners WHERE id = ?", [.text(id)]).first.map(Self.learner)
    }

    /// Every learner, by id.
    public func learners() throws(RecordsError) -> [Learner] {
        try reader.query("SELECT id, name, team, vendor, market, start_date FROM learners ORDER BY id").map(Self.learner)
    }

    static func learner(_ r: [SQLValue]) -> Learner {
        Learner(id: r[0].string ?? "", name: r[1].string ?? "", team: r[2].string ?? "", vendor: r[3].string ?? "",
                market: r[4].string ?? "", startDate: r[5].string ?? "")
    }
}
