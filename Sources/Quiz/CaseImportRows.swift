import CivilDate
import Foundation
import Handbook

/// The validator of `casebook cases import`: each row mapped, cleaned, redacted and checked
/// against the handbook and the bank, with every problem as a reason naming its column.
extension CaseImporter {
    /// A row's values after mapping, cleaning and redaction.
    struct Draft {
        var line: Int
        var id = ""
        var type = ""
        var market = ""
        var lang = "en"
        var title = ""
        var description = ""
        var notes = ""
        var price = ""
        var decision = ""
        var codes: [String] = []
        var rationale = ""
        var sop = ""
        var sampled = ""
        var difficulty = 2
        var sensitive = false
        var mediaAlt = ""
        /// File names from the media_files column, in order.
        var mediaFiles: [String] = []
        /// The cleaned media, once processed (`prepareMedia`).
        var media: [PreparedMedia] = []
        var tags: [String] = []
        var redactions = RedactionCounts()
        var reasons: [String] = []
    }

    static let types = ["listing", "live-stream", "seller", "review", "chat"]

    /// Section titles for what the moderator saw, by case type: (description, notes).
    static func sectionTitles(_ type: String) -> (String, String) {
        switch type {
        case "live-stream": ("Stream", "Notes")
        case "seller": ("Profile", "Documents")
        case "review": ("Review", "Notes")
        case "chat": ("Chat", "Notes")
        default: ("Listing", "Seller notes")
        }
    }

    func label(_ field: CaseField, _ columns: [CaseField: String]) -> String { columns[field] ?? field.rawValue }

    func check(_ row: ImportTableRow, columns: [CaseField: String], context: Resolution, markets: Set<String>) -> Draft {
        var d = Draft(line: row.line)
        if let problem = row.problem {
            d.reasons.append(problem)
            return d
        }
        func value(_ field: CaseField) -> String {
            guard let column = columns[field] else { return "" }
            return Self.field(row.values[column] ?? "")
        }
        func required(_ field: CaseField, _ what: String) -> String {
            let v = value(field)
            if v.isEmpty { d.reasons.append("\(label(field, columns)): empty; \(what)") }
            return v
        }
        func redacted(_ text: String) -> String {
            let (out, counts) = redactor.redact(text)
            d.redactions += counts
            return out
        }

        d.id = value(.id)
        if !d.id.isEmpty, !Self.isSlug(d.id) {
            d.reasons.append("\(label(.id, columns)): '\(d.id)' must be lowercase letters, digits and hyphens, e.g. c-2026w47-001")
        }
        let type = required(.type, "give the case type (\(Self.types.joined(separator: ", ")))")
        d.type = type.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        if d.type == "livestream" { d.type = "live-stream" }
        if !type.isEmpty, !Self.types.contains(d.type) {
            d.reasons.append("\(label(.type, columns)): '\(type)' is not one of \(Self.types.joined(separator: ", "))")
        }
        d.market = required(.market, "give the market code, e.g. ID").uppercased()
        if !d.market.isEmpty {
            if !markets.isEmpty, !markets.contains(d.market) {
                d.reasons.append("\(label(.market, columns)): '\(d.market)' is not a market of the handbook (\(markets.sorted().joined(separator: ", ")))")
            } else if markets.isEmpty, !d.market.allSatisfy({ $0.isLetter && $0.isASCII }) {
                d.reasons.append("\(label(.market, columns)): '\(d.market)' is not a market code such as ID or UK")
            }
        }
        let lang = value(.lang)
        if !lang.isEmpty {
            d.lang = lang.lowercased()
            if !Self.isLanguageCode(d.lang) {
                d.reasons.append("\(label(.lang, columns)): '\(lang)' is not a language code such as en, id, th or vi")
            }
        }
        d.title = redacted(required(.title, "the case needs the item title as the moderator saw it"))
            .split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        d.description = redacted(required(.description, "the case needs what the moderator saw"))
        d.notes = redacted(value(.notes))
        d.price = value(.price).split(whereSeparator: \.isNewline).joined(separator: " ")
        d.decision = required(.decision, "give the gold decision, one of the action list")
        if !d.decision.isEmpty, !context.actions.contains(d.decision) {
            let list = context.actions.isEmpty ? "the handbook defines no action list" : "the actions are \(context.actions.sorted().joined(separator: ", "))"
            d.reasons.append("\(label(.decision, columns)): '\(d.decision)' is not in the action list; \(list)")
        }
        d.codes = Self.splitList(value(.codes)).map { $0.uppercased() }
        for code in d.codes where handbook.codes[code] == nil {
            d.reasons.append("\(label(.codes, columns)): unknown policy code '\(code)'; see codes/index.html for the codes the handbook defines")
        }
        d.rationale = redacted(required(.rationale, "the case needs a rationale explaining the gold decision"))
        d.sop = required(.sop, "give the deciding SOP section as sop-id#anchor")
        if !d.sop.isEmpty {
            var problems: [Diagnostic] = []
            let node = YAMLNode(.scalar(d.sop), line: row.line, column: 0)
            _ = context.check(d.sop, file: "", node: node, diagnostics: &problems)
            for p in problems { d.reasons.append("\(label(.sop, columns)): \(p.message)") }
        }
        d.sampled = required(.sampled, "give the date the item was sampled, YYYY-MM-DD")
        if !d.sampled.isEmpty, ISOWeek(date: d.sampled) == nil {
            d.reasons.append("\(label(.sampled, columns)): '\(d.sampled)' is not a date written YYYY-MM-DD")
        }
        let difficulty = value(.difficulty)
        if !difficulty.isEmpty {
            if let n = Int(difficulty), (1...3).contains(n) { d.difficulty = n } else {
                d.reasons.append("\(label(.difficulty, columns)): '\(difficulty)' must be 1 (easy), 2 or 3 (hard)")
            }
        }
        let sensitive = value(.sensitive).lowercased()
        switch sensitive {
        case "", "false", "no", "n", "0": d.sensitive = false
        case "true", "yes", "y", "1": d.sensitive = true
        default: d.reasons.append("\(label(.sensitive, columns)): '\(value(.sensitive))' must be true or false")
        }
        d.mediaAlt = redacted(value(.mediaAlt)).split(whereSeparator: { $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        d.mediaFiles = value(.mediaFiles).split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        d.tags = ["imported"]
        for tag in Self.splitList(value(.tags)).map({ $0.lowercased() }) where !d.tags.contains(tag) {
            if Self.isSlug(tag) { d.tags.append(tag) } else {
                d.reasons.append("\(label(.tags, columns)): tag '\(tag)' must be lowercase letters, digits and hyphens")
            }
        }
        return d
    }

    /// Lowercased text with runs of whitespace collapsed: what duplicate detection compares.
    func normalised(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Splits `IP-03|PA-03`, `IP-03, PA-03`, `IP-03; PA-03` or `IP-03 PA-03`.
    static func splitList(_ s: String) -> [String] {
        s.split(whereSeparator: { "|,; \t\n".contains($0) }).map(String.init).filter { !$0.isEmpty }
    }

    static func isSlug(_ s: String) -> Bool {
        !s.isEmpty && !s.hasPrefix("-") && !s.hasSuffix("-") && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    static func isLanguageCode(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = parts.first, (2...3).contains(primary.count), primary.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) }) else { return false }
        return parts.dropFirst().allSatisfy { !$0.isEmpty && $0.count <= 8 && $0.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) } }
    }

    static func pad(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)" }

    /// The ISO week named in a source such as "QA sample 2026-W47" (or "2026W47", "2026 w 47").
    static func week(inSource source: String) -> ISOWeek? {
        guard let regex = try? NSRegularExpression(pattern: #"\b(\d{4})[\s-]*[Ww]\s*(\d{1,2})\b"#) else { return nil }
        let ns = source as NSString
        guard let m = regex.firstMatch(in: source, range: NSRange(location: 0, length: ns.length)),
              let year = Int(ns.substring(with: m.range(at: 1))), let week = Int(ns.substring(with: m.range(at: 2))),
              (1...53).contains(week) else { return nil }
        return ISOWeek(year: year, week: week)
    }
}
