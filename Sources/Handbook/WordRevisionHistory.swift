import Foundation

/// An SOP's document-control table, which most Word SOP templates open with: one row per
/// version, with its date and what changed (and often who changed it).
///
/// Read as the page's `version` (the newest) and `changes` (newest first), so the imported
/// SOP has the version history Casebook shows and campaigns use; the table then leaves the
/// page. Names in an author or approver column are people's names: never copied. The table is
/// read only when every row's version looks like one (`3.2`, `v1.0`) and every date has one
/// reading (`2026-09-01`, `1 September 2026`, `Sep 1, 2026`, `25/09/2026`; not `03/04/2026`,
/// which is March or April); otherwise it stays a table.
enum WordRevisionHistory {
    struct Change: Equatable {
        var version: String
        var date: String
        var summary: String
    }

    private static let versionHeaders: Set<String> = ["version", "ver", "ver.", "v", "rev", "rev.", "revision", "version no.", "version number", "versi", "เวอร์ชัน", "phiên bản"]
    private static let dateHeaders: Set<String> = ["date", "effective date", "date of change", "revision date", "release date", "approved date", "tanggal", "วันที่", "ngày"]
    private static let summaryHeaders: Set<String> = ["changes", "change", "summary", "description", "description of change", "description of changes", "change summary",
                                                      "summary of changes", "what changed", "comments", "notes", "perubahan", "keterangan", "การเปลี่ยนแปลง", "thay đổi", "nội dung thay đổi"]

    /// The changes of `rows` (the first row its header), newest first; nil when it is no
    /// document-control table or a row cannot be read without doubt.
    static func read(_ rows: [[String]]) -> [Change]? {
        guard rows.count >= 2, let header = rows.first else { return nil }
        func column(_ names: Set<String>) -> Int? {
            header.firstIndex { names.contains($0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: " :*#"))) }
        }
        guard let v = column(versionHeaders), let d = column(dateHeaders), let s = column(summaryHeaders) else { return nil }
        var changes: [Change] = []
        for row in rows.dropFirst() {
            guard row.count > max(v, d, s) else { return nil }
            let cells = [row[v], row[d], row[s]].map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.allSatisfy(\.isEmpty) { continue }
            guard let version = self.version(cells[0]), let date = self.date(cells[1]) else { return nil }
            changes.append(Change(version: version, date: date, summary: cells[2]))
        }
        guard !changes.isEmpty, Set(changes.map(\.version)).count == changes.count else { return nil }
        return changes.sorted { VersionNumber.compare($0.version, $1.version) > 0 }
    }

    /// The `changes:` front matter of `changes` (Casebook's change log), newest first as given.
    static func frontMatter(_ changes: [Change]) -> String {
        "changes:\n" + changes.map {
            "  - version: " + YAMLText.quoted($0.version) + "\n    date: \($0.date)\n    summary: " + YAMLText.scalar($0.summary) + "\n"
        }.joined()
    }

    /// `3.2`, `v3.2`, `V 1.0`, `Rev 4` -> `3.2`, `3.2`, `1.0`, `4`; nil otherwise.
    static func version(_ text: String) -> String? {
        var t = Substring(text.trimmingCharacters(in: .whitespaces))
        for prefix in ["version", "ver.", "ver", "rev.", "rev", "v"] where t.lowercased().hasPrefix(prefix) {
            t = t.dropFirst(prefix.count).drop { $0 == " " || $0 == "." }
            break
        }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= 4, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        return String(t)
    }

    private static let months: [String: Int] = {
        var out: [String: Int] = [:]
        let english = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        let indonesian = ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober", "november", "desember"]
        for (k, m) in english.enumerated() { out[m] = k + 1; out[String(m.prefix(3))] = k + 1 }
        for (k, m) in indonesian.enumerated() { out[m] = k + 1; out[String(m.prefix(3))] = k + 1 }
        out["sept"] = 9
        return out
    }()

    /// A date with one reading, as YYYY-MM-DD; nil otherwise.
    static func date(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        func valid(_ y: Int, _ m: Int, _ d: Int) -> String? {
            guard (1990...2100).contains(y), (1...12).contains(m), (1...31).contains(d) else { return nil }
            var c = DateComponents(); c.year = y; c.month = m; c.day = d
            let calendar = Calendar(identifier: .gregorian)
            guard let date = calendar.date(from: c), calendar.component(.day, from: date) == d else { return nil }
            return String(format: "%04d-%02d-%02d", y, m, d)
        }
        let tokens = t.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        guard tokens.count == 3 else { return nil }
        let numbers = tokens.map { Int($0) }
        // YYYY-MM-DD (or with slashes or dots).
        if let y = numbers[0], tokens[0].count == 4, let m = numbers[1], let d = numbers[2] { return valid(y, m, d) }
        // A month's name: 1 September 2026, September 1 2026, 1 Sep 2026.
        if let k = tokens.firstIndex(where: { months[$0] != nil }), let m = months[tokens[k]] {
            let others = tokens.indices.filter { $0 != k }.compactMap { numbers[$0] }
            guard others.count == 2 else { return nil }
            let (y, d) = others[0] > 31 ? (others[0], others[1]) : (others[1], others[0])
            return valid(y, m, d)
        }
        // D/M/YYYY or M/D/YYYY: only when the day tells (above 12), or both are the same.
        if let a = numbers[0], let b = numbers[1], let y = numbers[2], tokens[2].count == 4 {
            if a == b { return valid(y, a, b) }
            if a > 12, b <= 12 { return valid(y, b, a) }
            if b > 12, a <= 12 { return valid(y, a, b) }
        }
        return nil
    }
}
