import Records

extension ReportFilter {
    /// Whether the filter's market, team and vendor admit `learner` (dates are not checked):
    /// the same test `Evidence.load` applies to responses, for records that belong to a
    /// learner, such as contests.
    public func admits(_ learner: Learner) -> Bool {
        admits(LearnerProfile(id: learner.id, name: learner.name, team: learner.team, vendor: learner.vendor, market: learner.market))
    }

    /// True when the filter limits learners (by market, team or vendor).
    public var limitsLearners: Bool { market != nil || team != nil || vendor != nil }
}

extension Records {
    /// Open contests of the learners a filter admits: a report limited to a team, market or
    /// vendor shows only their contests (the comments name learners).
    public func openContests(admittedBy filter: ReportFilter) throws(RecordsError) -> [ContestRecord] {
        let contests = try self.contests(status: "open")
        guard filter.limitsLearners else { return contests }
        let learners = Dictionary(try self.learners().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return contests.filter { learners[$0.learnerID].map(filter.admits) ?? false }
    }
}
