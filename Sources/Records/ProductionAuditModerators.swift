import Foundation

// The moderator-level read of the production QA audits for root-cause analysis: which
// moderators were audited in a few sections, in which slice, and how often they erred. Only
// the sections a report flagged are read, so the rest of the table is never grouped.

/// One moderator's audited decisions in one SOP section, within one team, vendor and market.
public struct ModeratorAudits: Sendable, Hashable {
    /// Label ids (names from `auditLabels`; 0 for none).
    public var section: Int
    public var moderator: Int
    public var team: Int
    public var vendor: Int
    public var market: Int
    /// Audited decisions and those the QA reviewer disagreed with.
    public var audits: Int
    public var errors: Int

    /// One group of audits.
    public init(section: Int, moderator: Int, team: Int, vendor: Int, market: Int, audits: Int, errors: Int) {
        self.section = section; self.moderator = moderator; self.team = team; self.vendor = vendor; self.market = market
        self.audits = audits; self.errors = errors
    }
}

extension Records {
    /// The audits that pass `filter` in the sections with these label ids, grouped by
    /// section, moderator, team, vendor and market, in that order.
    public func auditsByModerator(_ filter: AuditFilter, sections: [Int]) throws(RecordsError) -> [ModeratorAudits] {
        guard !sections.isEmpty else { return [] }
        var conditions = ["section IN (\(sections.sorted().map(String.init).joined(separator: ",")))"]
        var parameters: [SQLValue] = []
        if let day = filter.sinceDay { conditions.append("day >= ?"); parameters.append(.integer(Int64(day))) }
        for (column, value) in [("market", filter.market), ("team", filter.team), ("vendor", filter.vendor)] {
            guard let value else { continue }
            // As scanAudits: a name never stored matches no audit.
            conditions.append("\(column) = COALESCE((SELECT id FROM qa_labels WHERE kind = ? AND value = ?), -1)")
            parameters += [.text(column), .text(value)]
        }
        let sql = """
            SELECT section, moderator, team, vendor, market, COUNT(*), SUM(CASE WHEN outcome <> 0 THEN 1 ELSE 0 END) FROM qa_audits
            WHERE \(conditions.joined(separator: " AND ")) GROUP BY section, moderator, team, vendor, market
            ORDER BY section, moderator, team, vendor, market
            """
        var out: [ModeratorAudits] = []
        try reader.forEachRow(sql, parameters) { r in
            out.append(ModeratorAudits(section: Int(r.int(0)), moderator: Int(r.int(1)), team: Int(r.int(2)), vendor: Int(r.int(3)),
                                       market: Int(r.int(4)), audits: Int(r.int(5)), errors: Int(r.int(6))))
        }
        return out
    }
}
