import Foundation

extension Records {
    /// Records a learner's contest of the key of one question of an attempt; returns its id.
    public func addContest(attemptID: Int64, position: Int, itemID: String, learnerID: String, comment: String) throws(RecordsError) -> Int64 {
        try db.transaction { () throws(RecordsError) in
            try db.query("INSERT INTO contests (attempt_id, position, item_id, learner_id, comment, created_at) VALUES (?,?,?,?,?,?)",
                         [.integer(attemptID), .integer(Int64(position)), .text(itemID), .text(learnerID), .text(comment), .text(Self.now())])
            return db.lastInsertID
        }
    }

    static let contestColumns = """
        c.id, c.attempt_id, c.position, c.item_id, COALESCE(r.kind, ''), c.learner_id, c.comment, c.created_at, c.status, c.resolution,
        c.resolved_at, c.resolved_by, COALESCE(r.chosen, ''), COALESCE(r.gold, '')
        FROM contests c LEFT JOIN responses r ON r.attempt_id = c.attempt_id AND r.position = c.position
        """

    static func contest(_ r: [SQLValue]) -> ContestRecord {
        ContestRecord(id: r[0].int ?? 0, attemptID: r[1].int ?? 0, position: Int(r[2].int ?? 0), itemID: r[3].string ?? "", kind: r[4].string ?? "",
                      learnerID: r[5].string ?? "", comment: r[6].string ?? "", createdAt: r[7].string ?? "", status: r[8].string ?? "",
                      resolution: r[9].string ?? "", resolvedAt: r[10].string, resolvedBy: r[11].string ?? "", chosen: r[12].string ?? "", gold: r[13].string ?? "")
    }

    /// Contests, oldest first; `status` limits them to open, upheld or rejected ones.
    public func contests(status: String? = nil) throws(RecordsError) -> [ContestRecord] {
        if let status {
            return try reader.query("SELECT \(Self.contestColumns) WHERE c.status = ? ORDER BY c.id", [.text(status)]).map(Self.contest)
        }
        return try reader.query("SELECT \(Self.contestColumns) ORDER BY c.id").map(Self.contest)
    }

    /// The contest with this id.
    public func contest(_ id: Int64) throws(RecordsError) -> ContestRecord? {
        try reader.query("SELECT \(Self.contestColumns) WHERE c.id = ?", [.integer(id)]).first.map(Self.contest)
    }

    /// Closes a contest as upheld or rejected, with the trainer's note. An already resolved
    /// contest is an error (resolutions are not silently overwritten).
    public func resolveContest(_ id: Int64, status: String, resolution: String, by: String) throws(RecordsError) {
        try db.isolatedTransaction { () throws(RecordsError) in try closeContest(id, status: status, resolution: resolution, by: by) }
    }

    private func closeContest(_ id: Int64, status: String, resolution: String, by: String) throws(RecordsError) {
        guard let row = try db.query("SELECT status FROM contests WHERE id = ?", [.integer(id)]).first else {
            throw .notFound(.noContest(id))
        }
        if row[0].string != "open" {
            throw .contestClosed(contestID: id, status: row[0].string ?? "closed")
        }
        try db.query("UPDATE contests SET status = ?, resolution = ?, resolved_at = ?, resolved_by = ? WHERE id = ?",
                     [.text(status), .text(resolution), .text(Self.now()), .text(by), .integer(id)])
    }

    /// Changes the answer key of one question (an item asked as one kind) and re-grades every
    /// response to it in one transaction: each response gets `newGold` and the score
    /// `score(chosen)`; every finished attempt containing one is re-scored (percent over
    /// its question count, pass against `passMark(blueprintID)`). The change is logged in
    /// `key_changes`; with `contestID`, that contest is closed as upheld.
    public func changeKey(itemID: String, kind: String, newGold: String, contestID: Int64?, by: String, resolution: String = "",
                          score: (String) -> Double, passMark: (String) -> Int?) throws(RecordsError) -> KeyChange {
        try db.isolatedTransaction { () throws(RecordsError) -> KeyChange in
            let rows = try db.query("SELECT attempt_id, position, chosen, score, gold FROM responses WHERE item_id = ? AND kind = ?", [.text(itemID), .text(kind)])
            var olds = Set<String>()
            var changed = 0
            var attempts = Set<Int64>()
            for r in rows {
                let chosen = r[2].string ?? ""
                let new = score(chosen)
                olds.insert(r[4].string ?? "")
                if abs(new - (r[3].double ?? 0)) > 1e-9 { changed += 1 }
                try db.query("UPDATE responses SET gold = ?, score = ? WHERE attempt_id = ? AND position = ?",
                             [.text(newGold), .real(new), r[0], r[1]])
                attempts.insert(r[0].int ?? 0)
            }
            for id in attempts.sorted() {
                guard let a = try db.query("SELECT blueprint_id, items, finished_at FROM attempts WHERE id = ?", [.integer(id)]).first,
                      a[2] != .null else { continue }
                let count = (try? JSONSerialization.jsonObject(with: Data((a[1].string ?? "[]").utf8)) as? [Any])?.count ?? 0
                let total = try db.query("SELECT COALESCE(SUM(score), 0) FROM responses WHERE attempt_id = ?", [.integer(id)]).first?.first?.double ?? 0
                let percent = count == 0 ? 0 : ((total / Double(count) * 100) * 10).rounded() / 10
                let mark = passMark(a[0].string ?? "")
                try db.query("UPDATE attempts SET percent = ?, passed = COALESCE(?, passed) WHERE id = ?",
                             [.real(percent), mark.map { .integer(percent + 1e-9 >= Double($0) ? 1 : 0) } ?? .null, .integer(id)])
            }
            try db.query("""
                INSERT INTO key_changes (item_id, kind, old_gold, new_gold, contest_id, changed_by, changed_at, regraded) VALUES (?,?,?,?,?,?,?,?)
                """, [.text(itemID), .text(kind), .text(olds.sorted().joined(separator: " | ")), .text(newGold),
                      contestID.map { .integer($0) } ?? .null, .text(by), .text(Self.now()), .integer(Int64(rows.count))])
            if let contestID { try closeContest(contestID, status: "upheld", resolution: resolution, by: by) }
            return KeyChange(oldGold: olds.sorted(), newGold: newGold, responses: rows.count, changedScores: changed, attempts: attempts.count)
        }
    }

    /// Answer-key changes made after `since` (ISO time), as (item id, kind, new key): drawing
    /// and grading use them until the bank file is edited to match.
    public func keyChanges() throws(RecordsError) -> [(itemID: String, kind: String, newGold: String, changedAt: String)] {
        try reader.query("SELECT item_id, kind, new_gold, changed_at FROM key_changes ORDER BY id").map {
            ($0[0].string ?? "", $0[1].string ?? "", $0[2].string ?? "", $0[3].string ?? "")
        }
    }

}
