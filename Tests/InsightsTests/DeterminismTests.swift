import Foundation
import Testing
@testable import Insights

/// Same input, byte-identical output: every format of every view, run after run.
@Suite struct DeterminismTests {
    static func renderAll(_ evidence: Evidence) -> [String] {
        let report = GapReport.make(evidence)
        var out: [String] = []
        for format in ReportFormat.allCases {
            for view in [ReportView.gaps, .items, .calibration] { out.append(ReportPrinter(format: format, top: 50).render(report, view: view)) }
        }
        out.append(Dashboard.html(report))
        return out
    }

    @Test("five runs of the report on the same answers print the same bytes in table, json, csv and markdown")
    func sameBytesEveryRun() {
        // Cases asked as three kinds (ties between kinds of one case), and a calibration cohort
        // (agreement per code sums fractions, whose order must not follow dictionary order).
        for evidence in [QuizCohort.make(seed: 3, learners: 60, questions: 30, sections: 10, drawn: 12, kinds: 3).evidence,
                         Cohort.make(seed: 11, learners: 60).evidence] {
            let first = Self.renderAll(evidence)
            for run in 2...5 {
                let again = Self.renderAll(evidence)
                for (i, (a, b)) in zip(first, again).enumerated() {
                    #expect(a == b, "run \(run), output \(i) differs at line \(zip(a.split(separator: "\n"), b.split(separator: "\n")).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? -1)")
                }
            }
        }
    }
}
