import Foundation
import Testing
@testable import Insights
import Records
import CasebookTestSupport

/// The knowledge-gap report reads the same answers the same way from SQLite and PostgreSQL.
@Suite struct EnginesTests {
    @Test func theGapReportIsByteIdenticalOnBothEngines() throws {
        let tree = try TempTree()
        let outputs = try TestEngine.allCases.map { engine in
            let (records, catalog) = try CampaignOutcomeTests.records(tree, on: engine)
            let evidence = try Evidence.load(records: records, catalog: catalog)
            return DeterminismTests.renderAll(evidence)
        }
        #expect(outputs[0].count == outputs[1].count)
        for (i, (a, b)) in zip(outputs[0], outputs[1]).enumerated() {
            #expect(a == b, "output \(i) differs between SQLite and PostgreSQL")
        }
        #expect(outputs[0].first?.contains("Refunds") == true, "the report lists the answered sections")
    }
}
