import Foundation
@testable import Handbook
@testable import Quiz
import CasebookTestSupport

/// A small handbook and bank for quiz tests.
struct QuizFixture {
    let tree: TempTree
    let handbook: Handbook
    let bank: QuizBank

    /// Three actions, a change log and a second code family (RI-01), for drawing and grading.
    static let sop = FixtureText.counterfeitSOP(actions: ["approve", "remove", "escalate"],
                                                changes: [("2.0", "2026-09-01", "Tightened IP-02.")],
                                                extraSections: ["## RI-01 Alcohol {harm=medium}", "Drinks."])

    static func caseFile(_ id: String, decision: String = "remove", codes: String = "[IP-01]", sop: String = "ip#ip-01",
                         difficulty: Int = 1, tags: String = "[counterfeit]", market: String = "ID", status: String = "active",
                         reviewed: String = "2026-10-01", type: String = "listing") -> String {
        FixtureText.caseFile(id: id, type: type, market: market, decision: decision, codes: codes, sop: sop, difficulty: difficulty,
                             status: status, reviewed: reviewed, tags: tags, title: "ORI bag \(id) <script>alert(1)</script>",
                             listing: "Tas ORI murah!!", rationale: "Replica wording.")
    }

    init(cases: [String: String]? = nil, extra: [String: String] = [:]) throws {
        var files = cases ?? [:]
        if cases == nil {
            for i in 1...6 { files["cases/w40/c\(i).md"] = Self.caseFile("c\(i)", difficulty: i % 3 + 1) }
            for i in 7...9 { files["cases/w40/c\(i).md"] = Self.caseFile("c\(i)", decision: "approve", codes: "[]", sop: "ip#ip-02", tags: "[brands]") }
            files["cases/w40/c10.md"] = Self.caseFile("c10", codes: "[RI-01]", sop: "ip#ri-01", tags: "[alcohol]", market: "TH")
            files["questions/q1.md"] = """
            ---
            id: q1
            type: multiple
            sop: [ip#ip-01]
            codes: [IP-01]
            ---
            # Which count as replica wording?

            - [x] mirror quality
            - [x] 1:1
            - [ ] genuine
            - [ ] second-hand

            ## Explanation
            Both admit a copy.
            """
        }
        var tree = ["Content/ip.md": Self.sop]
        for (p, t) in files.merging(extra, uniquingKeysWith: { $1 }) { tree["Quizzes/" + p] = t }
        let fixture = try BankFixture(tree)
        (self.tree, handbook, bank) = (fixture.tree, fixture.handbook, fixture.bank)
    }

    func blueprint(_ yaml: String) throws -> Blueprint {
        try tree.write("Quizzes/blueprints/b.yml", yaml)
        let b = try QuizBank.load(quizzes: tree.path("Quizzes"), handbook: handbook)
        return b.blueprint("b")!
    }
}
