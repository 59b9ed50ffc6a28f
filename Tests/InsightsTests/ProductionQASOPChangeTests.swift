import CivilDate
import Foundation
import Testing
@testable import Insights
import Handbook
@testable import Records
import CasebookTestSupport
import Randomness

/// "Recent SOP change" end to end: audits imported as `qa import` stores them, the digest of
/// `qa report` reading them back (the day totals from the tallies, the flagged section's audits
/// one by one), and the handbook's change log giving the version's effective date.
@Suite struct ProductionQASOPChangeTests {
    static let effective = "2026-10-26"

    /// Audits on IP-01 and IP-02 for 28 days either side of `effective`, one a day on each
    /// section for each moderator who works that day. `rate(moderator, after)` is the chance
    /// that a moderator's IP-01 decision is wrong; IP-02 is wrong 5% of the time throughout.
    static func rows(seed: UInt64, moderators: [(id: String, before: Bool, after: Bool)],
                     rate: (String, Bool) -> Double) -> [[String: String]] {
        var rng = SeededRandom(seed: seed)
        let day0 = CivilDate(iso: effective)!.days
        var out: [[String: String]] = []
        func chance(_ p: Double) -> Bool { Double(rng.next() % 1_000_000) / 1_000_000 < p }
        for day in (day0 - 28)..<(day0 + 28) {
            let after = day >= day0
            for m in moderators where after ? m.after : m.before {
                for code in ["IP-01", "IP-02"] {
                    let wrong = chance(code == "IP-01" ? rate(m.id, after) : 0.05)
                    out.append(AuditFixture.row(out.count + 1, [
                        "decision_time": CivilDate(days: day).iso + "T10:00:00Z", "moderator_id": m.id, "team": m.before ? "id-listings" : "id-vendor-b",
                        "moderator_action": wrong ? "approve" : "remove", "moderator_codes": wrong ? "" : code,
                        "qa_action": "remove", "qa_codes": code,
                    ]))
                }
            }
        }
        return out
    }

    /// The digest's root cause of the IP-01 section over `rows`, on `engine`.
    static func ip01Cause(_ rows: [[String: String]], engine: TestEngine) throws -> RootCause? {
        var files = AuditFixture.files
        files["Content/ip.md"] = FixtureText.counterfeitSOP(actions: ["approve", "restrict", "remove", "escalate"], markets: "[ID, TH, UK]",
                                                           changes: [(version: "2.0", date: effective, summary: "Replica wording tightened")])
        let fixture = try BankFixture(files)
        let records = try Records(path: fixture.tree.database("t.db", on: engine))
        try ProductionQATalliesTests.importRows(rows, into: records, fixture: fixture, name: "audits")
        let report = try ProductionQA.digest(records: records, handbook: fixture.handbook, scope: ProductionQAScope(), quiz: nil)
        return report.rootCauses?.first { $0.dimension == "all" && $0.section.hasSuffix("ip-01") }
    }

    @Test(arguments: TestEngine.allCases)
    func theSameModeratorsErringMoreAfterAVersionIsARecentSOPChange(engine: TestEngine) throws {
        let team = (0..<8).map { (id: "mod-\($0)", before: true, after: true) }
        let cause = try #require(try Self.ip01Cause(Self.rows(seed: 7, moderators: team) { _, after in after ? 0.35 : 0.05 }, engine: engine),
                                 "IP-01's rise is flagged")
        #expect(cause.causes.contains("recent-sop-change"), "\(cause.causes) \(cause.evidence)")
        let change = try #require(cause.sopChange)
        #expect(change.version == "2.0")
        #expect(change.effective == Self.effective)
        #expect(change.sameModerators == 8)
        #expect((change.withinP ?? 1) < change.level)
        #expect(cause.evidence.contains {
            $0.hasPrefix("Recent SOP change:") && $0.contains("version 2.0 took effect on \(Self.effective)")
                && $0.contains("; the same 8 moderators erred more after it than before (p=")
        }, "\(cause.evidence)")
    }

    @Test(arguments: TestEngine.allCases)
    func aWeakerTeamStartingTheWeekOfAVersionIsNoSOPChange(engine: TestEngine) throws {
        // The team that was there erred 5% before and after; a new team of 8 erring 40% joins
        // the section the day version 2.0 takes effect. Day totals rise as much as above.
        let team = (0..<8).map { (id: "mod-\($0)", before: true, after: true) }
        let newcomers = (0..<8).map { (id: "new-\($0)", before: false, after: true) }
        let rows = Self.rows(seed: 7, moderators: team + newcomers) { id, _ in id.hasPrefix("new-") ? 0.40 : 0.05 }
        let cause = try #require(try Self.ip01Cause(rows, engine: engine), "IP-01's rise is flagged")
        #expect(!cause.causes.contains("recent-sop-change"), "\(cause.causes) \(cause.evidence)")
        #expect(cause.sopChange == nil)
    }
}
