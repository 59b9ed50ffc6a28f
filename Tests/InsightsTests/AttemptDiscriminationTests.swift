import Foundation
import Testing
@testable import Insights
import Quiz

/// Discrimination per attempt, as Moodle computes it.
@Suite struct AttemptDiscriminationTests {
    /// A hand-worked example: three questions, four attempts, learner L1 twice.
    ///
    ///     attempt  learner  Q1 Q2 Q3   Q1's rest of attempt (Moodle: sum of Q2 and Q3)
    ///     1        L1       1  1  1    2
    ///     2        L1       0  0  1    1
    ///     3        L2       1  0  0    0
    ///     4        L3       0  0  0    0
    ///
    /// Q1: marks 1,0,1,0 (mean .5), rest 2,1,0,0 (mean .75). Deviations .5,-.5,.5,-.5 and
    /// 1.25,.25,-.75,-.75: Σ products .5, Σ squares 1 and 2.75, so the discrimination index is
    /// 100 × .5 / √2.75 = 30.151 and, with the largest covariance pairing sorted marks with
    /// sorted rests (Σ products 1.5), the discriminative efficiency 100 × .5 / 1.5 = 33.333.
    /// Pooling L1's two attempts instead gives rests .6, .8, 0, 0 and a negative index.
    @Test("a learner's two attempts are two attempts: Q1's discrimination is Moodle's 30.151, efficiency 33.333")
    func moodleExamplePerAttempt() throws {
        var catalog = Catalog()
        catalog.addSection(SectionInfo(ref: "sop#s", title: "S", url: "sop/sop.html#s"))
        for q in 1...3 { catalog.addQuestion(QuestionInfo(itemID: "q\(q)", kind: .knowledge, title: "Q\(q)", sections: [0], codes: [], harm: 1, file: "", labels: [:])) }
        var e = Evidence(catalog: catalog)
        let attempts: [(Int64, String, [Double])] = [(1, "L1", [1, 1, 1]), (2, "L1", [0, 0, 1]), (3, "L2", [1, 0, 0]), (4, "L3", [0, 0, 0])]
        for (attempt, learner, marks) in attempts {
            for (q, mark) in marks.enumerated() {
                e.add(learnerID: learner, itemID: "q\(q + 1)", kind: .knowledge, chosen: mark == 1 ? "A" : "B", gold: "A", score: mark, day: "2026-10-05", attempt: attempt)
            }
        }
        let report = GapReport.make(e)
        let q1 = try #require(report.items.first { $0.item == "q1" })
        #expect(q1.stats.n == 4)
        #expect(abs((q1.stats.discrimination ?? -999) - 100 * 0.5 / 2.75.squareRoot()) < 1e-9, "\(String(describing: q1.stats.discrimination))")
        #expect(abs((q1.stats.discriminativeEfficiency ?? -999) - 100 / 3) < 1e-9)
    }
}
