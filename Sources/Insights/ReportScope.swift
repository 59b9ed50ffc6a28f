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
