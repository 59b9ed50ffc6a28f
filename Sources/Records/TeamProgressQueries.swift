import Foundation

// What the dashboard's Team progress panel reads in bulk (one query each, not one per learner).

extension Records {
    /// The learners with at least one path (or recertification) assigned.
    public func learnersWithPaths() throws(RecordsError) -> Set<String> {
        Set(try reader.query("SELECT DISTINCT learner_id FROM path_assignments").compactMap { $0[0].string })
    }

    /// Each learner's open tasks due before `today` (YYYY-MM-DD), by learner id (learners with none left out).
    public func overdueTaskCounts(today: String) throws(RecordsError) -> [String: Int] {
        var out: [String: Int] = [:]
        for r in try reader.query("SELECT learner_id, COUNT(*) FROM tasks WHERE completed_at IS NULL AND due < ? GROUP BY learner_id", [.text(today)]) {
            out[r[0].string ?? ""] = Int(r[1].int ?? 0)
        }
        return out
    }
}
