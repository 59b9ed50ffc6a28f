import Foundation

/// QA audit exports for the `qa import` and `qa report` tests: the default columns, rows with
/// sensible defaults, and the small counterfeit handbook they are checked against.
public enum AuditFixture {
    /// The default columns of a QA audit export, in order.
    public static let columns = ["sample_id", "decision_time", "moderator_id", "team", "vendor", "market", "queue", "item_type",
                                 "moderator_action", "moderator_codes", "qa_action", "qa_codes", "qa_reviewer_id", "second_action",
                                 "second_codes", "second_reviewer_id", "appeal_outcome", "sop_reference", "case_text", "qa_comment"]

    /// The handbook: SOP `ip` with IP-01 (high) and IP-02 (medium), four actions, markets ID, TH, UK.
    public static let files = ["Content/ip.md": FixtureText.counterfeitSOP(actions: ["approve", "restrict", "remove", "escalate"], markets: "[ID, TH, UK]")]

    /// A correct decision on IP-01 in week 2026-W48; `values` override columns.
    public static func row(_ n: Int, _ values: [String: String] = [:]) -> [String: String] {
        var row: [String: String] = [
            "sample_id": "s-\(n)", "decision_time": "2026-11-24T09:00:00Z", "moderator_id": "mod-1", "team": "id-listings",
            "vendor": "acme", "market": "ID", "queue": "listings", "item_type": "listing", "moderator_action": "remove",
            "moderator_codes": "IP-01", "qa_action": "remove", "qa_codes": "IP-01", "qa_reviewer_id": "qa-1",
        ]
        for (k, v) in values { row[k] = v }
        return row
    }

    /// The rows as CSV in the default columns, every field quoted.
    public static func csv(_ rows: [[String: String]], columns: [String] = columns) -> String {
        ([columns.joined(separator: ",")] + rows.map { row in
            columns.map { "\"" + (row[$0] ?? "").replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",")
        }).joined(separator: "\n") + "\n"
    }
}
