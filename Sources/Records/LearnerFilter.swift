import Foundation

/// Which learners something applies to: by market, team and vendor. An empty list does not
/// limit; a learner matches when they are in one of each list given. Campaigns and paths
/// select their learners with it.
public struct LearnerFilter: Sendable, Equatable {
    /// Markets (compared case-insensitively).
    public var markets: [String]
    public var teams: [String]
    public var vendors: [String]

    /// A filter; empty lists do not limit.
    public init(markets: [String] = [], teams: [String] = [], vendors: [String] = []) {
        self.markets = markets.map { $0.uppercased() }; self.teams = teams; self.vendors = vendors
    }

    /// Whether `l` is in the filter's markets, teams and vendors.
    public func matches(_ l: Learner) -> Bool {
        (markets.isEmpty || markets.contains(l.market.uppercased())) && (teams.isEmpty || teams.contains(l.team))
            && (vendors.isEmpty || vendors.contains(l.vendor))
    }

    /// Whether it limits nothing.
    public var isEmpty: Bool { markets.isEmpty && teams.isEmpty && vendors.isEmpty }

    /// "markets ID, teams t1" ("the records" when it limits nothing), for messages.
    public var description: String {
        let parts = [markets.isEmpty ? nil : "markets \(markets.joined(separator: ","))",
                     teams.isEmpty ? nil : "teams \(teams.joined(separator: ","))",
                     vendors.isEmpty ? nil : "vendors \(vendors.joined(separator: ","))"].compactMap { $0 }
        return parts.isEmpty ? "the records" : parts.joined(separator: ", ")
    }
}

extension Records {
    /// The learners `filter` selects, by id.
    public func learners(matching filter: LearnerFilter) throws(RecordsError) -> [Learner] {
        try learners().filter(filter.matches)
    }
}
