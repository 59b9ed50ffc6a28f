import Foundation
import Testing
@testable import Insights

/// Reports over thin or odd data still come out whole, with finite numbers.
@Suite struct ReportEdgeTests {
    func catalog() -> Catalog {
        var c = Catalog()
        let s = c.addSection(SectionInfo(ref: "sop#a", title: "SOP › A", url: "sop/sop.html#a"))
        c.addQuestion(QuestionInfo(itemID: "c1", kind: .decision, title: "Case <b>1</b>", sections: [s], codes: ["X-01"], harm: 3, file: "cases/c1.md",
                                   labels: ["remove": "Remove", "approve": "Approve"]))
        c.addQuestion(QuestionInfo(itemID: "c2", kind: .decision, title: "Case 2", sections: [s], codes: [], harm: 1, file: "cases/c2.md",
                                   labels: ["remove": "Remove", "approve": "Approve"]))
        return c
    }

    func allFinite(_ json: String) -> Bool { !json.contains("NaN") && !json.contains("Infinity") }

    @Test func emptyEvidenceGivesAnEmptyReport() throws {
        let report = GapReport.make(Evidence(catalog: catalog()))
        #expect(report.summary.responses == 0 && report.sections.isEmpty && report.items.isEmpty && report.retrain.isEmpty)
        for format in ReportFormat.allCases {
            for view in [ReportView.gaps, .items, .calibration] {
                let text = ReportPrinter(format: format).render(report, view: view)
                #expect(!text.isEmpty && allFinite(text))
            }
        }
        #expect(ReportPrinter(format: .table).render(report, view: .gaps).contains("No responses match"))
    }

    @Test func oneAnswerPerLearnerStillRenders() throws {
        var e = Evidence(catalog: catalog())
        for (i, chosen) in ["remove", "approve", "remove"].enumerated() {
            e.add(learnerID: "l\(i)", itemID: "c1", kind: .decision, chosen: chosen, gold: "remove", score: chosen == "remove" ? 1 : 0, day: "2026-11-0\(i + 2)")
        }
        // An answer to an item no longer in the bank gets a placeholder, not a crash.
        e.add(learnerID: "l0", itemID: "gone", kind: .codes, chosen: "X-01", gold: "X-01", score: 1, day: "2026-11-02")
        let report = GapReport.make(e)
        let json = ReportPrinter(format: .json).render(report, view: .gaps)
        #expect(allFinite(json))
        #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) is [String: Any])
        #expect(report.items.contains { $0.item == "gone" && $0.title.contains("no longer in the bank") })
        // Hostile text is neutralised in the Markdown digest.
        #expect(!ReportPrinter(format: .markdown).render(report, view: .items).contains("<b>"))
    }

    @Test func weeksStartOnMonday() {
        #expect(Evidence.weekStart("2026-11-22") == "2026-11-16") // a Sunday
        #expect(Evidence.weekStart("2026-11-16") == "2026-11-16") // a Monday
        #expect(Evidence.weekStart("2024-01-01") == "2024-01-01")
        #expect(Evidence.weekStart("2026-03-01") == "2026-02-23")
    }

    @Test func csvCellsAreQuotedAndFormulasDefused() {
        #expect(ReportPrinter.csvField("a,b") == "\"a,b\"")
        #expect(ReportPrinter.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(ReportPrinter.csvField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(ReportPrinter.csvField("-0.25") == "-0.25")
        #expect(ReportPrinter.csvField("\tcmd") == "'\tcmd")
        #expect(ReportPrinter.csvField("\r=1+1") == "\"'\r=1+1\"")
    }

    /// A learner's or team's name holding a line break broke the table into a row that
    /// lines up with nothing.
    @Test func aTableCellWithALineBreakStaysOnItsRow() {
        let t = ReportPrinter.table(["TEAM", "ERRORS"], [["id-listings\nfake-row", "3"], ["th-live", "1"]])
        #expect(t.split(separator: "\n").count == 4, "\(t)")
        #expect(t.contains("id-listings\\nfake-row  3"))
    }
}
