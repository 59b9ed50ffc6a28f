import Testing
@testable import Records

/// The one check that every market, team and vendor given to a filter is someone's.
@Suite struct LearnerFilterTests {
    static let learners = [Learner(id: "a", name: "A", team: "id-listings", vendor: "acme", market: "ID"),
                           Learner(id: "b", name: "B", team: "th-live", vendor: "", market: "th")]

    @Test func theFirstDimensionWithUnknownValuesIsNamedWithTheKnownOnes() {
        #expect(LearnerFilter(markets: ["id", "TH"], teams: ["id-listings"], vendors: ["acme"]).unknownValues(among: Self.learners) == nil,
                "markets compare case-insensitively")
        let team = LearnerFilter(teams: ["id-listings", "id-listngs"], vendors: ["acne"]).unknownValues(among: Self.learners)
        #expect(team == UnknownFilterValues(dimension: "team", unknown: ["id-listngs"], known: ["id-listings", "th-live"]))
        #expect(team?.message(option: "--team") == "no learner is in teams id-listngs (teams with learners: id-listings, th-live); check the spelling in --team, or add learners with casebook learners add --team")
        let vendor = LearnerFilter(vendors: ["acne"]).unknownValues(among: Self.learners)
        #expect(vendor?.known == ["acme"] && vendor?.plural == "vendors", "an empty vendor is nobody's")
        #expect(LearnerFilter(markets: ["xx"]).unknownValues(among: [])?.message(option: "--markets")
                    == "no learner is in markets XX (no learner has a market); check the spelling in --markets, or add learners with casebook learners add --market")
        #expect(LearnerFilter().unknownValues(among: []) == nil)
    }
}
