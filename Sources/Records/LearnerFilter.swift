import Foundation

/// Which learners something applies to: by market, team and vendor. An empty list does not
/// limit; a learner matches when they are in one of each list given. Campaigns, paths and
/// retraining select their learners with it.
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

/// Values of a learner filter that no learner has: a misspelt market, team or vendor would
/// otherwise quietly leave its learners out.
public struct UnknownFilterValues: Sendable, Equatable {
    /// `market`, `team` or `vendor`.
    public var dimension: String
    /// The values given that no learner has, in the order given.
    public var unknown: [String]
    /// The values learners have, sorted (empty when no learner has one).
    public var known: [String]

    /// `markets`, `teams`, `vendors`.
    public var plural: String { dimension + "s" }

    /// "no learner is in teams id-listngs (teams with learners: id-listings, th-live); check the
    /// spelling in `option`, or add learners with casebook learners add --team".
    public func message(option: String) -> String {
        let list = known.isEmpty ? "no learner has a \(dimension)" : "\(plural) with learners: \(known.joined(separator: ", "))"
        return "no learner is in \(plural) \(unknown.joined(separator: ",")) (\(list)); check the spelling in \(option), or add learners with casebook learners add --\(dimension)"
    }
}

extension LearnerFilter {
    /// The first of markets, teams and vendors (in that order) with values that none of
    /// `learners` has, naming them and the values learners do have; nil when every value is someone's.
    public func unknownValues(among learners: [Learner]) -> UnknownFilterValues? {
        let given: [(String, [String], (Learner) -> String)] = [
            ("market", markets, { $0.market.uppercased() }), ("team", teams, \.team), ("vendor", vendors, \.vendor)]
        for (dimension, values, key) in given {
            let known = Set(learners.map(key)).subtracting([""])
            let unknown = values.filter { !known.contains($0) }
            if !unknown.isEmpty { return UnknownFilterValues(dimension: dimension, unknown: unknown, known: known.sorted()) }
        }
        return nil
    }
}

extension Records {
    /// The learners `filter` selects, by id.
    public func learners(matching filter: LearnerFilter) throws(RecordsError) -> [Learner] {
        try learners().filter(filter.matches)
    }
}
