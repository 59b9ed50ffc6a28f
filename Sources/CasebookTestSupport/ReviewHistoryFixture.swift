import Foundation

/// A repository whose SOP `Content/ip.md` (id `ip`) has two published versions, and a quiz
/// bank citing its sections, for the needs-review tests:
///
/// 1. `1.0`, committed 2026-01-02: IP-01 "Fakes.", IP-02 "Names.", IP-03 "Parallel imports."
/// 2. `1.1`, committed 2026-01-03: IP-01's text changed; IP-02 unchanged; IP-03 removed.
///    The change log names 1.1 on 2026-01-03, so the page-level rule flags every item of the
///    page reviewed before then.
///
/// Items, all reviewed 2026-01-02 unless said: `c-changed` (ip#ip-01), `c-same` (ip#ip-02),
/// `c-fresh` (ip#ip-01, reviewed 2026-01-03, the day of 1.1), `q-changed` (a question on
/// ip#ip-01), `q-same` (a question on ip#ip-02); with `removed: true` also `c-removed`
/// (ip#ip-03, code IP-03). Blueprints: `practice` (all five items) and `exam` (`examSize` items).
public struct ReviewHistoryFixture {
    public let repository: GitFixture
    public var root: String { repository.root }
    public var content: String { repository.root + "/Content" }
    public var quizzes: String { repository.root + "/Quizzes" }

    /// The text of `ip.md` at `version` (a change-log line for 1.0 and, after it, for `version`).
    public static func page(version: String, ip01: String, ip03: Bool) -> String {
        var lines = ["---", "id: ip", "title: Counterfeit", "version: \"\(version)\"", "actions:",
                     "  - id: approve", "    label: Approve", "  - id: remove", "    label: Remove", "changes:",
                     "  - version: \"1.0\"", "    date: 2026-01-02", "    summary: First version."]
        if version != "1.0" { lines += ["  - version: \"\(version)\"", "    date: 2026-01-03", "    summary: Replicas count as fakes."] }
        lines += ["---", "# Counterfeit", "", "## IP-01 Counterfeit goods {harm=high}", "", ip01, "",
                  "## IP-02 Brand misuse {harm=medium}", "", "Names used without permission.", ""]
        if ip03 { lines += ["## IP-03 Parallel imports {harm=low}", "", "Genuine goods imported without the brand's consent.", ""] }
        return lines.joined(separator: "\n")
    }

    static func caseFile(_ id: String, sop: String, codes: String, reviewed: String = "2026-01-02") -> String {
        FixtureText.caseFile(id: id, decision: "remove", codes: codes, sop: sop, reviewed: reviewed, title: "Bag \(id)",
                             listing: "Tas ORI murah", rationale: "Replica wording.")
    }

    static func question(_ id: String, sop: String) -> String {
        "---\nid: \(id)\ntype: single\nsop: [\(sop)]\nreviewed: 2026-01-02\n---\n# Which is a fake?\n\n- [x] A replica\n- [ ] A genuine bag\n"
    }

    /// Builds the repository; `removed` adds the case citing the removed section and code.
    public init(removed: Bool = false, examSize: Int = 3) throws {
        let repo = try GitFixture()
        try repo.commit(["Content/ip.md": Self.page(version: "1.0", ip01: "Fakes.", ip03: true)], message: "Counterfeit 1.0")
        try repo.commit(["Content/ip.md": Self.page(version: "1.1", ip01: "Fakes and replicas sold as genuine.", ip03: false)],
                        message: "Counterfeit 1.1")
        var files = [
            "Quizzes/cases/c-changed.md": Self.caseFile("c-changed", sop: "ip#ip-01", codes: "[IP-01]"),
            "Quizzes/cases/c-same.md": Self.caseFile("c-same", sop: "ip#ip-02", codes: "[IP-02]"),
            "Quizzes/cases/c-fresh.md": Self.caseFile("c-fresh", sop: "ip#ip-01", codes: "[IP-01]", reviewed: "2026-01-03"),
            "Quizzes/questions/q-changed.md": Self.question("q-changed", sop: "ip#ip-01"),
            "Quizzes/questions/q-same.md": Self.question("q-same", sop: "ip#ip-02"),
            "Quizzes/blueprints/practice.yml": "id: practice\ntitle: Practice\nquestions: 5\nmode: practice\nkinds: [decision, knowledge]\n",
            "Quizzes/blueprints/exam.yml": "id: exam\ntitle: Exam\nquestions: \(examSize)\nmode: exam\nkinds: [decision, knowledge]\n",
        ]
        if removed { files["Quizzes/cases/c-removed.md"] = Self.caseFile("c-removed", sop: "ip#ip-03", codes: "[IP-03]") }
        for (path, text) in files { try repo.tree.write(path, text) }
        repository = repo
    }
}
