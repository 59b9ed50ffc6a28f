import CivilDate
import Foundation
import Handbook

/// A checked row: the audit to store, or why it cannot be imported.
public enum AuditCheck: Sendable {
    case valid(ProductionAudit)
    case rejected(RejectedRow)
}

/// The validator of `casebook qa import`: each row of a QA audit export mapped, cleaned,
/// redacted and checked against the handbook, with every problem as a reason naming its
/// column. Rows are independent, so batches are checked on several threads.
public struct AuditValidator: Sendable {
    /// The handbook that actions, codes and `sop` links are checked against.
    public let handbook: Handbook
    /// The export column of each field.
    public let columns: [AuditField: String]
    let actions: Set<String>
    let markets: Set<String>
    /// Removes personal data from every free-text field before it is stored.
    let redactor: PIIRedactor
    /// Short values that repeat on most rows (team, vendor, queue, ids, SOP references) are
    /// redacted and checked once each; a million rows name a few hundred of them.
    private let memo = Memo()

    /// A validator of rows whose columns are `columns`, against `handbook` and its action list.
    public init(handbook: Handbook, actions: [String], columns: [AuditField: String], redactor: PIIRedactor = PIIRedactor()) {
        self.handbook = handbook
        self.columns = columns
        self.actions = Set(actions)
        self.markets = Set(handbook.pages.flatMap(\.meta.markets).map { $0.uppercased() })
        self.redactor = redactor
    }

    /// The column name a field reads, for messages.
    public func label(_ field: AuditField) -> String { columns[field] ?? field.defaultColumn }

    /// The row as an audit, or every reason it cannot be imported.
    public func check(_ row: ImportTableRow) -> AuditCheck {
        let values = AuditField.allCases.map { field in columns[field].flatMap { row.values[$0] } ?? "" }
        return check(line: row.line, values: values, problem: row.problem)
    }

    /// For each field (in `AuditField.allCases` order), the position of its column among
    /// `header`, or nil when it reads none: how `check(line:values:problem:)` rows are made
    /// from records read by position.
    public func positions(in header: [String]) -> [Int?] {
        AuditField.allCases.map { field in columns[field].flatMap { header.firstIndex(of: $0) } }
    }

    /// The row whose raw values are `values`, one per field in `AuditField.allCases` order
    /// ("" where the file has none), as an audit, or every reason it cannot be imported: the
    /// same as `check(_:)` without a dictionary per row.
    public func check(line: Int, values raw: [String], problem: String?) -> AuditCheck {
        if let problem { return .rejected(RejectedRow(line: line, reasons: [problem])) }
        var reasons: [String] = []
        var redactions = RedactionCounts()
        func value(_ field: AuditField) -> String {
            CaseImporter.field(raw[field.ordinal])
        }
        func required(_ field: AuditField, _ what: String) -> String {
            let v = value(field)
            if v.isEmpty { reasons.append("\(label(field)): empty; \(what)") }
            return v
        }
        func identifier(_ field: AuditField, _ v: String, checkPII: Bool) {
            guard !v.isEmpty else { return }
            if !Self.isIdentifier(v) {
                reasons.append("\(label(field)): '\(shown(v))' is not an id (letters, digits, '.', '_', ':' or '-', at most 100); use the id the QA tool gives, not a name, e-mail or phone number")
            } else if checkPII, let kinds = memo.personalData(in: v, redactor: redactor) {
                reasons.append("\(label(field)): looks like personal data (\(kinds)); use the id the QA tool gives, not an e-mail or phone number")
            }
        }
        func short(_ field: AuditField) -> String {
            let v = value(field)
            // ASCII without white space is one word: splitting and joining gives it back.
            let oneWord = v.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
            let (text, counts) = memo.redacted(oneWord ? v : v.split(whereSeparator: \.isWhitespace).joined(separator: " "), redactor: redactor)
            redactions += counts
            return text
        }
        func action(_ field: AuditField, _ v: String) -> String {
            let a = v.lowercased()
            if !a.isEmpty, !actions.contains(a) {
                let list = actions.isEmpty ? "the handbook defines no action list" : "the actions are \(actions.sorted().joined(separator: ", "))"
                reasons.append("\(label(field)): '\(shown(v))' is not in the action list; \(list)")
            }
            return a
        }
        func codes(_ field: AuditField) -> [String] {
            let (out, unknown) = memo.codes(value(field)) { text in
                var out: [String] = [], unknown: [String] = []
                for code in CaseImporter.splitList(text).map({ $0.uppercased() }) where !out.contains(code) {
                    if handbook.codes[code] == nil { unknown.append(shown(code)) }
                    out.append(code)
                }
                return (out, unknown)
            }
            for code in unknown {
                reasons.append("\(label(field)): unknown policy code '\(code)'; see codes/index.html for the codes the handbook defines")
            }
            return out
        }

        let sampleID = required(.sampleID, "every audit needs the QA tool's sample id")
        identifier(.sampleID, sampleID, checkPII: false)
        let decidedText = required(.decidedAt, "give when the moderator decided, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
        var decided: (text: String, day: Int)?
        if !decidedText.isEmpty {
            decided = Self.decisionTime(decidedText)
            if decided == nil {
                reasons.append("\(label(.decidedAt)): '\(shown(decidedText))' is not a date or time written YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]")
            }
        }
        let moderator = required(.moderator, "every audit needs the moderator's id (the learner id)")
        identifier(.moderator, moderator, checkPII: true)
        let reviewer = required(.reviewer, "every audit needs the QA reviewer's id")
        identifier(.reviewer, reviewer, checkPII: true)
        let market = required(.market, "give the market code, e.g. ID").uppercased()
        if !market.isEmpty {
            if !markets.isEmpty, !markets.contains(market) {
                reasons.append("\(label(.market)): '\(shown(market))' is not a market of the handbook (\(markets.sorted().joined(separator: ", ")))")
            } else if markets.isEmpty, !market.allSatisfy({ $0.isLetter && $0.isASCII }) {
                reasons.append("\(label(.market)): '\(shown(market))' is not a market code such as ID or UK")
            }
        }
        var itemType = value(.itemType).lowercased()
        // Foundation finds "_" and " " only where their bytes are (nothing decomposes to them).
        if itemType.utf8.contains(where: { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: " ") }) {
            itemType = itemType.replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        }
        if itemType == "livestream" { itemType = "live-stream" }
        if !itemType.isEmpty, !CaseImporter.types.contains(itemType) {
            reasons.append("\(label(.itemType)): '\(shown(value(.itemType)))' is not one of \(CaseImporter.types.joined(separator: ", "))")
        }
        let moderatorAction = action(.moderatorAction, required(.moderatorAction, "give the moderator's action, one of the action list"))
        let moderatorCodes = codes(.moderatorCodes)
        let qaAction = action(.qaAction, required(.qaAction, "give the QA reviewer's action, one of the action list"))
        let qaCodes = codes(.qaCodes)
        let secondAction = action(.secondAction, value(.secondAction))
        let secondCodes = codes(.secondCodes)
        let secondReviewer = value(.secondReviewer)
        identifier(.secondReviewer, secondReviewer, checkPII: true)
        if secondAction.isEmpty, !secondReviewer.isEmpty || !secondCodes.isEmpty {
            reasons.append("\(label(.secondAction)): empty, but the row names a second reviewer or codes; give the second reviewer's action too, or leave the second audit out")
        } else if !secondAction.isEmpty, secondReviewer.isEmpty {
            reasons.append("\(label(.secondReviewer)): empty; a double audit needs the second QA reviewer's id")
        } else if !secondReviewer.isEmpty, secondReviewer == reviewer {
            reasons.append("\(label(.secondReviewer)): '\(secondReviewer)' is also the first reviewer; a double audit needs two different reviewers")
        }
        let appealText = value(.appeal)
        let appeal = AppealOutcome(text: appealText)
        if appeal == nil {
            reasons.append("\(label(.appeal)): '\(shown(appealText))' is not an appeal outcome; write upheld, overturned or leave it empty")
        }

        // The section: as given, else from the codes.
        var section = value(.sop)
        if !section.isEmpty {
            for problem in memo.sopProblems(section, handbook: handbook, actions: actions, line: line) {
                reasons.append("\(label(.sop)): \(problem)")
            }
        } else if let code = (qaCodes + moderatorCodes).first(where: { handbook.codes[$0] != nil }), let c = handbook.codes[code] {
            section = "\(c.pageID)#\(c.anchor)"
        }
        let code = qaCodes.first ?? moderatorCodes.first ?? ""
        let harm = (qaCodes + moderatorCodes + secondCodes).map { Self.weight(handbook.codes[$0]?.harm) }.max() ?? 1

        let team = short(.team), vendor = short(.vendor), queue = short(.queue)
        let (caseText, textCounts) = redactor.redact(value(.caseText))
        // QA comments repeat ("ok", "should be remove"): most are redacted once.
        let (comment, commentCounts) = memo.redactedText(value(.comment), redactor: redactor)
        redactions += textCounts
        redactions += commentCounts

        guard reasons.isEmpty, let decided, let appeal else { return .rejected(RejectedRow(line: line, reasons: reasons)) }
        let week = CivilDate(days: decided.day).isoWeek
        var audit = ProductionAudit(
            line: line, sampleID: sampleID, decidedAt: decided.text, day: decided.day, week: "\(week.year)-W\(week.paddedWeek)",
            moderator: moderator, team: team, vendor: vendor, market: market, queue: queue, itemType: itemType,
            moderatorAction: moderatorAction, moderatorCodes: moderatorCodes, qaAction: qaAction, qaCodes: qaCodes, reviewer: reviewer,
            secondAction: secondAction, secondCodes: secondCodes, secondReviewer: secondReviewer, appeal: appeal,
            section: section, code: code, harm: harm,
            outcome: AuditOutcome.judge(moderator: moderatorAction, codes: moderatorCodes, reviewer: qaAction, codes: qaCodes),
            caseText: caseText, comment: comment, redactions: redactions, fingerprint: "")
        audit.fingerprint = Self.fingerprint(audit)
        return .valid(audit)
    }

    // MARK: - Values

    /// Error weight of a harm level: low 1, medium 2, high 3, critical 4; unrated 1 (as the quiz reports weigh).
    static func weight(_ harm: HarmLevel?) -> Int {
        switch harm { case .low?: 1; case .medium?: 2; case .high?: 3; case .critical?: 4; case nil: 1 }
    }

    /// Letters, digits, `.`, `_`, `:` and `-`, 1 to 100 of them.
    static func isIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 100 && s.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == ":" || $0 == "-"
        }
    }

    /// A rejected value as a message shows it: redacted (it may hold personal data) and at
    /// most 60 characters.
    func shown(_ s: String) -> String {
        let r = redactor.redact(s).text
        return r.count <= 60 ? r : String(r.prefix(57)) + "..."
    }

    /// `2026-11-24`, `2026-11-24T09:15`, `2026-11-24 09:15:30`, `2026-11-24T09:15:30.123Z`,
    /// `2026-11-24T16:15:30+07:00`: the normalised text (UTC) and the UTC day.
    static func decisionTime(_ s: String) -> (text: String, day: Int)? {
        let chars = Array(s.utf8)
        guard chars.count >= 10, let date = CivilDate(iso: s.prefix(10)) else { return nil }
        if chars.count == 10 { return (date.iso, date.days) }
        guard chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: " ") else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= chars.count else { return nil }
            var n = 0
            for c in chars[from..<from + count] {
                guard c >= 48, c <= 57 else { return nil }
                n = n * 10 + Int(c - 48)
            }
            return n
        }
        guard let hour = number(11, 2), chars.count > 13, chars[13] == UInt8(ascii: ":"), let minute = number(14, 2),
              hour < 24, minute < 60 else { return nil }
        var i = 16
        var second = 0
        if i < chars.count, chars[i] == UInt8(ascii: ":") {
            guard let s = number(i + 1, 2), s < 61 else { return nil }
            second = min(s, 59)
            i += 3
            if i < chars.count, chars[i] == UInt8(ascii: ".") {
                i += 1
                while i < chars.count, chars[i] >= 48, chars[i] <= 57 { i += 1 }
            }
        }
        var offset = 0
        if i < chars.count {
            if chars[i] == UInt8(ascii: "Z"), i + 1 == chars.count {
                offset = 0
            } else if chars[i] == UInt8(ascii: "+") || chars[i] == UInt8(ascii: "-"), let h = number(i + 1, 2) {
                var m = 0
                var end = i + 3
                if end < chars.count, chars[end] == UInt8(ascii: ":") { end += 1 }
                if end < chars.count { guard let mm = number(end, 2), end + 2 == chars.count else { return nil }; m = mm } else if end != chars.count { return nil }
                guard h < 24, m < 60 else { return nil }
                offset = (h * 60 + m) * (chars[i] == UInt8(ascii: "+") ? 1 : -1)
            } else {
                return nil
            }
        }
        let minutes = date.days * 1440 + hour * 60 + minute - offset
        let day = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440
        let m = minutes - day * 1440
        // `date.iso` and "T%02d:%02d:%02dZ" without String(format:), which costs more than the
        // rest of the row's checks: every part is 0-99 (a year of four digits).
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        let utc = CivilDate(days: day)
        guard (1000...9999).contains(utc.year) else {
            return (utc.iso + "T" + two(m / 60) + ":" + two(m % 60) + ":" + two(second) + "Z", day)
        }
        // YYYY-MM-DDTHH:MM:SSZ written as bytes: one string made, not eleven.
        let text = String(unsafeUninitializedCapacity: 20) { out in
            func put(_ at: Int, _ n: Int) {
                out[at] = UInt8(48 + n / 10)
                out[at + 1] = UInt8(48 + n % 10)
            }
            put(0, utc.year / 100); put(2, utc.year % 100); out[4] = UInt8(ascii: "-")
            put(5, utc.month); out[7] = UInt8(ascii: "-"); put(8, utc.day); out[10] = UInt8(ascii: "T")
            put(11, m / 60); out[13] = UInt8(ascii: ":"); put(14, m % 60); out[16] = UInt8(ascii: ":")
            put(17, second); out[19] = UInt8(ascii: "Z")
            return 20
        }
        return (text, day)
    }

    /// A fingerprint of every value the import stores (not the source or the line).
    static func fingerprint(_ a: ProductionAudit) -> String {
        // Each value then 0x1f; a code list as its codes joined by "|" (as one string would be
        // added), without making the list of values or the joined strings.
        var f = Fingerprint()
        func add(_ v: String) {
            f.add(v)
            f.add(UInt64(0x1f))
        }
        func add(_ codes: [String]) {
            for (i, code) in codes.enumerated() {
                if i > 0 { f.add(bytes: CollectionOfOne(UInt8(ascii: "|"))) }
                var code = code
                code.withUTF8 { f.add(bytes: $0) }
            }
            f.add("")
            f.add(UInt64(0x1f))
        }
        add(a.sampleID); add(a.decidedAt); add(a.moderator); add(a.team); add(a.vendor); add(a.market); add(a.queue); add(a.itemType)
        add(a.moderatorAction); add(a.moderatorCodes); add(a.qaAction); add(a.qaCodes); add(a.reviewer); add(a.secondAction)
        add(a.secondCodes); add(a.secondReviewer); add(String(a.appeal.rawValue)); add(a.section); add(a.caseText); add(a.comment)
        return String(f.value, radix: 16)
    }

    // MARK: - Memo

    /// Results for values that repeat across rows, shared by the threads checking a batch.
    private final class Memo: @unchecked Sendable {
        private let lock = NSLock()
        private var redactions: [String: (String, RedactionCounts)] = [:]
        private var personal: [String: String?] = [:]
        private var sops: [String: [String]] = [:]
        private var codeLists: [String: ([String], [String])] = [:]
        private var texts: [String: (String, RedactionCounts)] = [:]

        /// The codes of a list and the unknown ones among them (as shown in messages), made by
        /// `make` once per list text.
        func codes(_ s: String, make: (String) -> ([String], [String])) -> ([String], [String]) {
            if s.isEmpty { return ([], []) }
            if let hit = lock.withLock({ codeLists[s] }) { return hit }
            let r = make(s)
            lock.withLock { if codeLists.count < 100_000 { codeLists[s] = r } }
            return r
        }

        /// `redacted`, for longer texts that may repeat, kept apart so the short values
        /// always find room.
        func redactedText(_ s: String, redactor: PIIRedactor) -> (String, RedactionCounts) {
            if s.isEmpty { return ("", RedactionCounts()) }
            if s.utf8.count > 200 { return redactor.redact(s) }
            if let hit = lock.withLock({ texts[s] }) { return hit }
            let r = redactor.redact(s)
            lock.withLock { if texts.count < 100_000 { texts[s] = r } }
            return r
        }

        func redacted(_ s: String, redactor: PIIRedactor) -> (String, RedactionCounts) {
            if s.isEmpty { return ("", RedactionCounts()) }
            if let hit = lock.withLock({ redactions[s] }) { return hit }
            let r = redactor.redact(s)
            lock.withLock { if redactions.count < 100_000 { redactions[s] = r } }
            return r
        }

        /// The kinds of personal data in `s` ("phone"), or nil when there is none.
        func personalData(in s: String, redactor: PIIRedactor) -> String? {
            if let hit = lock.withLock({ personal[s] }) { return hit }
            let counts = redactor.redact(s).counts
            let kinds: String? = counts.total == 0 ? nil : RedactionKind.allCases.filter { counts[$0] > 0 }.map(\.rawValue).joined(separator: ", ")
            lock.withLock { if personal.count < 100_000 { personal[s] = kinds } }
            return kinds
        }

        func sopProblems(_ ref: String, handbook: Handbook, actions: Set<String>, line: Int) -> [String] {
            if let hit = lock.withLock({ sops[ref] }) { return hit }
            var problems: [Diagnostic] = []
            let node = YAMLNode(.scalar(ref), line: line, column: 0)
            _ = Resolution(handbook: handbook, actions: actions).check(ref, file: "", node: node, diagnostics: &problems)
            let messages = problems.filter { $0.severity == .error }.map(\.message)
            lock.withLock { sops[ref] = messages }
            return messages
        }
    }
}
