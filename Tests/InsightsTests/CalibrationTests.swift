import Foundation
import Testing
@testable import Insights
import Quiz

@Suite struct CalibrationTests {
    /// Decision cases under policy codes: `code` -> case count; every case answered by six
    /// learners, four choosing the key and two another action.
    static func evidence(_ codes: [(String, Int)]) -> Evidence {
        var catalog = Catalog()
        catalog.addSection(SectionInfo(ref: "sop#s", title: "S", url: "sop/sop.html#s"))
        var cases: [String] = []
        for (code, n) in codes {
            for c in 0..<n {
                let id = "\(code.lowercased())-case-\(c)"
                catalog.addQuestion(QuestionInfo(itemID: id, kind: .decision, title: id, sections: [0], codes: [code], harm: 1, file: "", labels: [:]))
                cases.append(id)
            }
        }
        var e = Evidence(catalog: catalog)
        for l in 0..<6 {
            for (i, id) in cases.enumerated() {
                let right = (l + i) % 3 != 0
                e.add(learnerID: "mod-\(l)", itemID: id, kind: .decision, chosen: right ? "remove" : "restrict", gold: "remove", score: right ? 1 : 0, day: "2026-10-05")
            }
        }
        return e
    }

    @Test("a policy code on fewer than three cases gets no agreement figure, only its cases")
    func perCodeAgreementNeedsThreeCases() throws {
        let report = GapReport.make(Self.evidence([("ONE", 1), ("TWO", 2), ("MANY", 4)]))
        let byCode = Dictionary(uniqueKeysWithValues: report.calibration.byCode.map { ($0.group, $0) })
        let one = try #require(byCode["ONE"])
        #expect(one.krippendorffAlpha == nil && one.fleissKappa == nil, "alpha \(String(describing: one.krippendorffAlpha)) kappa \(String(describing: one.fleissKappa))")
        #expect(one.items == ["one-case-0"])
        #expect(byCode["TWO"]?.krippendorffAlpha == nil)
        #expect(byCode["TWO"]?.items == ["two-case-0", "two-case-1"])
        let many = try #require(byCode["MANY"])
        #expect(many.krippendorffAlpha != nil && many.items.isEmpty)
        // Codes with a figure come first in "lowest agreement" order; the rest follow.
        #expect(report.calibration.byCode.first?.group == "MANY")
        // The table shows the cases, not a statistic.
        let table = ReportPrinter(format: .table).render(report, view: .calibration)
        #expect(table.contains("too few cases for a figure; see one-case-0"))

        var options = ReportOptions()
        options.minAgreementCases = 1
        let configured = GapReport.make(Self.evidence([("ONE", 1)]), options: options)
        #expect(configured.calibration.byCode.first?.krippendorffAlpha != nil)
    }
}
