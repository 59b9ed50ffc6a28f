import Foundation
import Handbook
import Quiz

/// How a report is printed.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// Aligned columns that fit an 100-column terminal.
    case table
    /// The whole report, for scripts: stable snake_case keys, sorted.
    case json
    /// One row per figure, for spreadsheets and other tools.
    case csv
    /// A digest a trainer can paste into a ticket.
    case markdown
}

/// Which part of the report a command prints.
public enum ReportView: String, Sendable {
    case gaps, items, calibration
}

/// Renders reports in each format.
public struct ReportPrinter: Sendable {
    public var format: ReportFormat
    /// Prefix for SOP links (e.g. `https://handbook.example.com/`); empty keeps them site-relative.
    public var siteURL: String
    /// Rows per ranked list in table and markdown output.
    public var top: Int
    /// The reader's language for the gaps table's headings and messages (`casebook gaps
    /// --lang th`); nil or English: as always. JSON and CSV never change with it.
    public var language: Localized?
    /// Action labels in the reader's language, by the English label the analysis reports
    /// (`Remove` -> `ลบ`, from the action list's `label_th:`); only the table uses them.
    public var actionLabels: [String: String] = [:]

    public init(format: ReportFormat, siteURL: String = "", top: Int = 15) {
        self.format = format
        self.siteURL = siteURL.isEmpty || siteURL.hasSuffix("/") ? siteURL : siteURL + "/"
        self.top = top
    }

    func link(_ url: String) -> String { url.isEmpty ? "" : siteURL + url }

    public func render(_ r: GapReport, view: ReportView) -> String {
        // Only the gaps table speaks the reader's language; JSON, CSV, Markdown and the other
        // views are what scripts and tickets rely on, so they never change with it.
        guard language == nil || format == .table else {
            var plain = self
            plain.language = nil
            plain.actionLabels = [:]
            return plain.render(r, view: view)
        }
        switch (format, view) {
        case (.json, .gaps): return Self.json(r)
        case (.json, .items): return Self.json(ItemsDocument(filter: r.filter, summary: r.summary, items: r.items, reviewQueue: r.reviewQueue))
        case (.json, .calibration): return Self.json(CalibrationDocument(filter: r.filter, summary: r.summary, calibration: r.calibration))
        case (.csv, .gaps): return gapsCSV(r)
        case (.csv, .items): return itemsCSV(r)
        case (.csv, .calibration): return calibrationCSV(r)
        case (.markdown, _): return markdown(r, view: view)
        case (.table, .gaps): return gapsTable(r)
        case (.table, .items): return itemsTable(r)
        case (.table, .calibration): return calibrationTable(r)
        }
    }

    struct ItemsDocument: Codable { var filter: FilterEcho; var summary: ReportSummary; var items: [ItemReport]; var reviewQueue: [ReviewEntry] }
    struct CalibrationDocument: Codable { var filter: FilterEcho; var summary: ReportSummary; var calibration: CalibrationReport }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        // Figures are finite by construction; a non-finite one must not fail the whole report.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: - Numbers

    static func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
    static func pct0(_ x: Double) -> String { String(format: "%.0f%%", x * 100) }
    static func num(_ x: Double?, _ digits: Int = 3) -> String {
        guard let x else { return "-" }
        let s = String(format: "%.\(digits)f", x)
        return s.hasPrefix("-") && s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(s.dropFirst()) : s
    }
    static func ci(_ i: Interval) -> String { String(format: "%.0f–%.0f%%", i.low * 100, i.high * 100) }
    static func qValue(_ q: Double) -> String { q < 0.001 ? "<0.001" : String(format: "%.3f", q) }

    func trendWord(_ slope: Double?) -> String {
        guard let s = slope else { return "" }
        if s <= -0.01 { return tr("cli.gaps.improving", "improving") }
        if s >= 0.01 { return tr("cli.gaps.worsening", "worsening") }
        return tr("cli.gaps.flat", "flat")
    }

    /// Catalogue message `key` in the reader's language, else `english`, with `{name}`s filled.
    public func tr(_ key: String, _ english: String, _ values: KeyValuePairs<String, String> = [:]) -> String {
        guard let language, language.message(key) != nil else { return Localized.fill(english, values.map { ($0.key, $0.value) }) }
        return language(key, values)
    }

    /// The plural message `key` for `count`, else `one` or `other` in English.
    public func tr(_ key: String, count: Int, one: String, other: String, _ values: KeyValuePairs<String, String> = [:]) -> String {
        guard let language, language.message(key) != nil else {
            return Localized.fill(count == 1 ? one : other, [("count", String(count))] + values.map { ($0.key, $0.value) })
        }
        return Localized.fill(language.plural(key, count: count, values), [("count", String(count))])
    }

    /// An error type (`over-enforcement`) in the reader's language.
    func errorType(_ t: String) -> String { tr("dashboard.error_type." + t.replacingOccurrences(of: "-", with: "_"), t) }

    /// An answer as reported, with the no-violation option in the reader's language.
    func answerLabel(_ answer: String) -> String { answer == QuizDrawer.noViolation ? tr("quiz.no_violation", answer) : actionLabels[answer] ?? answer }

    /// A table with its column headings in the reader's language (`cli.column.<heading>`).
    func table(_ header: [String], _ rows: [[String]]) -> String {
        guard language != nil else { return Self.table(header, rows) }
        let shown = header.map { h in h.isEmpty ? h : tr("cli.column." + Self.columnKey(h), h) }
        return rows.isEmpty ? "  \(tr("cli.gaps.none", "(none)"))\n" : Self.table(shown, rows)
    }

    /// `Q-VALUE` -> `q_value`, `P(<TARGET)` -> `p_target`, `GOLD → ANSWERED` -> `gold_answered`
    /// (the CLI's tables and the dashboard's: one rule for the catalogue's column keys).
    public static func columnKey(_ heading: String) -> String {
        var key = ""
        for c in heading.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) { key.append(c) } else if !key.isEmpty && !key.hasSuffix("_") { key.append("_") }
        }
        while key.hasSuffix("_") { key.removeLast() }
        return key
    }

    // MARK: - Tables

    /// Columns padded to fit; the last column takes what is left of 100 characters.
    static func table(_ header: [String], _ rows: [[String]], width: Int = 100) -> String {
        guard !rows.isEmpty else { return "  (none)\n" }
        let rows = rows.map { $0.map(Diagnostic.oneLine) } // a name holding a line break keeps its row
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        let fixed = widths.dropLast().reduce(0) { $0 + $1 + 2 }
        widths[widths.count - 1] = max(12, min(widths[widths.count - 1], width - fixed))
        func clip(_ s: String, _ w: Int) -> String { s.count <= w ? s : String(s.prefix(w - 1)) + "…" }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let t = clip(c, widths[i])
                return i == cells.count - 1 ? t : t + String(repeating: " ", count: widths[i] - t.count)
            }.joined(separator: "  ")
        }
        return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    func summaryLine(_ r: GapReport) -> String {
        let s = r.summary
        var scope = [r.filter.market.map { tr("dashboard.scope.market", "market {value}", ["value": $0]) }, r.filter.team.map { tr("dashboard.scope.team", "team {value}", ["value": $0]) },
                     r.filter.vendor.map { tr("dashboard.scope.vendor", "vendor {value}", ["value": $0]) }].compactMap { $0 }
        if let a = r.filter.since { scope.append(tr("cli.gaps.from", "from {date}", ["date": a])) }
        if let b = r.filter.until { scope.append(tr("cli.gaps.until", "until {date}", ["date": b])) }
        let weeks = s.firstWeek.map { " " + tr("cli.gaps.weeks", "in weeks {first}…{last}", ["first": $0, "last": s.lastWeek ?? $0]) } ?? ""
        let asked = s.questions == s.items ? "" : " " + tr("cli.gaps.asked", "({count} questions as asked)", ["count": String(s.questions)])
        let answered = tr("cli.gaps.summary", count: s.items, one: "{responses} responses from {learners} learners on {count} case and authored questions",
                          other: "{responses} responses from {learners} learners on {count} cases and authored questions",
                          ["responses": String(s.responses), "learners": String(s.learners)])
        let excluded = tr("cli.gaps.excluded", count: s.excludedSuspectQuestions, one: "{count} question with a suspect key left out of gap figures",
                          other: "{count} questions with a suspect key left out of gap figures")
        return "\(answered)\(asked)\(weeks)\(scope.isEmpty ? "" : " (" + scope.joined(separator: ", ") + ")")\n"
            + tr("cli.gaps.error_rate", "Error rate {rate} (95% CI {ci})", ["rate": percent1(s.rate.errorRate), "ci": interval(s.rate.interval)])
            + (s.excludedSuspectQuestions > 0 ? "; " + excluded : "") + "\n"
    }

    func gapsTable(_ r: GapReport) -> String {
        var out = summaryLine(r)
        if r.summary.responses == 0 { return out + tr("cli.gaps.no_responses", "No responses match; widen --since/--until or the filters.") + "\n" }
        let flagged = r.sections.filter(\.flagged)
        out += "\n" + tr("cli.gaps.by_section", "Gaps by SOP section ({flagged} flagged of {total}; group error rate {rate})",
                         ["flagged": count(flagged.count), "total": count(r.sections.count), "rate": percent1(r.sections.first?.groupRate ?? 0)]) + "\n"
        out += table(["", "ERR", "95% CI", "N", "Q-VALUE", "TREND", "SECTION"], r.sections.prefix(top).map {
            [$0.flagged ? tr("cli.gaps.gap", "GAP") : "", percent0($0.rate.errorRate), interval($0.rate.interval), count($0.rate.responses), q($0.q), trendWord($0.trendPerWeek), "\($0.title) (\($0.ref))"]
        })
        let codes = r.codes.filter(\.flagged)
        if !codes.isEmpty {
            out += "\n" + tr("cli.gaps.codes", "Policy codes with gaps") + "\n"
            out += table(["ERR", "95% CI", "N", "Q-VALUE", "CODE"], codes.prefix(top).map { [percent0($0.rate.errorRate), interval($0.rate.interval), count($0.rate.responses), q($0.q), $0.title] })
        }
        out += "\n" + tr("cli.gaps.slices", "Gaps by market, team, vendor, cohort, language (N: answers (learners); OTHERS: the rest, same items)") + "\n"
        out += table(["SLICE", "ERR", "N", "OTHERS", "OTHERS N", "Q-VALUE", "SECTION"], r.sliceGaps.prefix(top).map {
            ["\(tr("dashboard.dimension." + $0.dimension, $0.dimension)) \($0.value)", percent0($0.rate.errorRate), "\(count($0.rate.responses)) (\(count($0.learners)))", percent0($0.groupRate),
             "\(count($0.otherResponses)) (\(count($0.otherLearners)))", q($0.q), $0.title]
        })
        out += "\n" + tr("cli.gaps.confusions", "Top confusions (harm-weighted)") + "\n"
        out += table(["N", "WEIGHT", "TYPE", "GOLD → ANSWERED"], r.confusions.prefix(10).map {
            [String($0.count), String(format: "%.0f", $0.weighted), errorType($0.errorType),
             "\(answerLabel($0.gold)) → \(answerLabel($0.answered)) (" + tr("cli.gaps.mostly", "{kind}; mostly {ref}", ["kind": tr("dashboard.kind." + $0.kind, $0.kind), "ref": $0.ref]) + ")"]
        })
        out += tr("cli.gaps.error_types", "Errors by type (count, share, harm-weighted):") + "\n"
            + r.errorTypes.map { "  \(errorType($0.errorType)): \($0.count), \(Self.pct0($0.share)), \(String(format: "%.0f", $0.weighted))\n" }.joined()
        out += "\n" + tr("cli.gaps.retrain", "Learners to retrain ({count})", ["count": String(r.retrain.count)]) + "\n"
        out += table(["LEARNER", "TEAM", "CASES RIGHT", "MASTERY", "P(<TARGET)", "SECTION"], r.retrain.sorted { $0.probabilityBelowTarget > $1.probabilityBelowTarget }.prefix(top).map {
            [$0.learner, $0.team, "\($0.correct)/\($0.answered)", Self.pct0($0.mastery), Self.num($0.probabilityBelowTarget, 2), $0.ref]
        })
        out += "\n" + tr("cli.gaps.review", "Review queue ({count} questions; `casebook items` for all statistics)", ["count": String(r.reviewQueue.count)]) + "\n"
        out += table(["P", "QUESTION", "WHY"], r.reviewQueue.prefix(10).map { ["\($0.priority)", "\($0.item) (\(tr("dashboard.kind." + $0.kind, $0.kind)))", reasons($0)] })
        let c = r.calibration
        out += "\n" + tr("cli.gaps.calibration", "Calibration: α {alpha} (Krippendorff), κ {kappa} (Fleiss), {cases} cases; see `casebook calibration`",
                         ["alpha": figure(c.overall.krippendorffAlpha, 3), "kappa": figure(c.overall.fleissKappa, 3), "cases": count(c.overall.cases)]) + "\n"
        return out
    }

    func itemsTable(_ r: GapReport) -> String {
        var out = summaryLine(r)
        out += "\n" + tr("cli.items.quality", "Question quality (facility, SD and discrimination as Moodle's quiz statistics define them; %)") + "\n"
        out += table(["QUESTION", "KIND", "N", "FAC", "SD", "DISC", "EFF", "FLAGS"], r.items.map {
            [$0.item, kindLabel($0.kind), count($0.stats.n), whole($0.stats.facility), whole($0.stats.standardDeviation),
             figure($0.stats.discrimination, 0), figure($0.stats.discriminativeEfficiency, 0),
             ($0.flags.map(flagLabel) + ($0.openContests > 0 ? [tr("cli.items.contested", "contested {count}", ["count": count($0.openContests)])] : [])).joined(separator: ",")]
        })
        out += "\n" + tr("cli.items.review", "Review queue (most urgent first: missed and contested, suspect key or SOP section changed since review, contested, negative discrimination, other flags)") + "\n"
        out += table(["P", "QUESTION", "FILE", "WHY"], r.reviewQueue.map { ["\($0.priority)", "\($0.item) (\(kindLabel($0.kind)))", $0.file, reasons($0)] })
        return out
    }

    /// Why a question is in the review queue, in the reader's language (English: `reasons`
    /// as the analysis worded them).
    func reasons(_ e: ReviewEntry) -> String {
        guard language != nil else { return e.reasons.joined(separator: "; ") }
        return e.reasonCodes.map { $0.namingActions(actionLabels).text(in: language) }.joined(separator: tr("cli.list.clause_separator", "; "))
    }

    /// One answer's share of a case ("Remove 60%") with the action in the reader's language.
    func splitLabel(_ part: String) -> String { AnalysisReason.answerShare(part, label: answerLabel) }

    func calibrationTable(_ r: GapReport) -> String {
        var out = summaryLine(r)
        let c = r.calibration
        out += "\n" + tr("cli.calibration.agreement", "Agreement on case decisions (Krippendorff's alpha, nominal; Fleiss' kappa)") + "\n"
        out += table(["GROUP", "CASES", "ANSWERS", "ALPHA", "KAPPA", "NOTE"], ([c.overall] + c.byCode).map {
            [$0.group == "all cases" ? tr("cli.calibration.all_cases", "all cases") : $0.group, count($0.cases), count($0.answers),
             figure($0.krippendorffAlpha, 3), figure($0.fleissKappa, 3),
             $0.items.isEmpty ? "" : tr("cli.calibration.too_few", "too few cases for a figure; see {items}", ["items": $0.items.joined(separator: ", ")])]
        })
        out += "\n" + tr("cli.calibration.lowest", "Lowest-agreement cases (likely SOP ambiguity first)") + "\n"
        out += table(["CASE", "N", "AGREE", "KEY", "CAUSE", "ANSWERS"], c.lowestAgreement.prefix(top).map {
            [$0.item, count($0.answers), percent0($0.agreement), answerLabel($0.key), causeLabel($0.likelyCause), $0.split.map(splitLabel).joined(separator: ", ")]
        })
        return out
    }

    // Figures in the reader's language (digits, decimal sign, percent); as always in English.

    /// A whole number: `12345` in English, grouped for the language otherwise.
    public func count(_ n: Int) -> String { language?.number(n) ?? String(n) }
    /// A share as a whole percentage.
    public func percent0(_ x: Double) -> String { language?.percent(x) ?? Self.pct0(x) }
    /// A share with one decimal, in the reader's language (English: `12.5%`).
    func percent1(_ x: Double) -> String { language?.percent(x, fractionDigits: 1) ?? Self.pct(x) }
    /// A q-value in the reader's language (`0,012` in Indonesian; English: `0.012`, `<0.001`).
    func q(_ q: Double) -> String {
        guard let language else { return Self.qValue(q) }
        return q < 0.001 ? "<" + language.decimal(0.001, fractionDigits: 3) : language.decimal(q, fractionDigits: 3)
    }
    /// A 95% interval of a rate in the reader's language (English: `12–30%`).
    func interval(_ i: Interval) -> String {
        guard let language else { return Self.ci(i) }
        return language.percent(i.low) + "–" + language.percent(i.high)
    }
    /// A figure with `digits` decimals (`-` when there is none).
    func figure(_ x: Double?, _ digits: Int) -> String {
        guard let language, let x else { return Self.num(x, digits) }
        return Self.num(x, digits) == Self.num(-x, digits) ? language.decimal(0, fractionDigits: digits) : language.decimal(x, fractionDigits: digits)
    }
    /// A figure rounded to a whole number.
    func whole(_ x: Double) -> String { language?.decimal(x, fractionDigits: 0) ?? String(format: "%.0f", x) }
    /// A question kind (`decision`) in the reader's language.
    func kindLabel(_ kind: String) -> String { language == nil ? kind : tr("dashboard.kind." + kind, kind) }
    /// An item flag (`too-easy`) in the reader's language.
    func flagLabel(_ flag: String) -> String { language == nil ? flag : tr("cli.items.flag." + flag.replacingOccurrences(of: "-", with: "_"), flag) }
    /// A likely cause of disagreement (`ambiguity`) in the reader's language.
    func causeLabel(_ cause: String) -> String { language == nil ? cause : tr("dashboard.cause." + cause.replacingOccurrences(of: "-", with: "_"), cause) }

    // MARK: - CSV

    /// A CSV field (every CSV the CLI writes): quoted when it holds a separator, a quote or a
    /// line break; a cell a spreadsheet would run as a formula (starting with =, +, -, @, a tab
    /// or a CR, OWASP's list) gets a leading ' unless it is a number.
    public static func csvField(_ s: String) -> String {
        var t = s
        if let first = t.first, "=+-@\t\r".contains(first), Double(t) == nil { t = "'" + t }
        return t.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : t
    }

    static func csv(_ header: [String], _ rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func f(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "" }

    func gapsCSV(_ r: GapReport) -> String {
        var rows: [[String]] = []
        for g in r.sections + r.codes {
            rows.append([g.level, "", "", g.ref, g.title, String(g.rate.responses), String(g.rate.errors), Self.f(g.rate.errorRate), Self.f(g.rate.interval.low),
                         Self.f(g.rate.interval.high), Self.f(g.groupRate), Self.f(g.p), Self.f(g.q), g.flagged ? "1" : "0", link(g.url)])
        }
        for g in r.sliceGaps {
            rows.append(["slice", g.dimension, g.value, g.ref, g.title, String(g.rate.responses), String(g.rate.errors), Self.f(g.rate.errorRate),
                         Self.f(g.rate.interval.low), Self.f(g.rate.interval.high), Self.f(g.groupRate), Self.f(g.p), Self.f(g.q), "1", link(g.url)])
        }
        return Self.csv(["level", "dimension", "value", "ref", "title", "responses", "errors", "error_rate", "ci_low", "ci_high", "group_rate", "p", "q", "flagged", "url"], rows)
    }

    func itemsCSV(_ r: GapReport) -> String {
        Self.csv(["item", "kind", "title", "file", "ref", "responses", "facility", "sd", "discrimination", "efficiency", "key", "upper_key_share",
                  "upper_top_wrong", "upper_top_wrong_share", "open_contests", "flags", "url"], r.items.map {
            [$0.item, $0.kind, $0.title, $0.file, $0.ref, String($0.stats.n), Self.f($0.stats.facility), Self.f($0.stats.standardDeviation),
             Self.f($0.stats.discrimination), Self.f($0.stats.discriminativeEfficiency), $0.key, Self.f($0.upperKeyShare), $0.upperTopWrong ?? "",
             Self.f($0.upperTopWrongShare), String($0.openContests), $0.flags.joined(separator: " "), link($0.url)]
        })
    }

    func calibrationCSV(_ r: GapReport) -> String {
        let c = r.calibration
        var rows = ([c.overall] + c.byCode).map { [$0.group == "all cases" ? "overall" : "code", $0.group, String($0.cases), String($0.answers), Self.f($0.krippendorffAlpha), Self.f($0.fleissKappa), "", "", "", "", ""] }
        rows += c.lowestAgreement.map { ["case", $0.item, "1", String($0.answers), "", "", Self.f($0.agreement), $0.key, $0.likelyCause, $0.split.joined(separator: "; "), link($0.url)] }
        return Self.csv(["level", "group", "cases", "answers", "alpha", "kappa", "agreement", "key", "likely_cause", "answers_split", "url"], rows)
    }

    // MARK: - Markdown

    static func md(_ s: String) -> String {
        // Case titles and comments are user text: neutralise Markdown and HTML in table cells.
        var out = ""
        for ch in s {
            switch ch {
            case "|", "*", "_", "`", "[", "]", "<", ">", "#", "\\": out.append("\\"); out.append(ch)
            case "\n", "\r": out.append(" ")
            default: out.append(ch)
            }
        }
        return out
    }

    func mdLink(_ title: String, _ url: String) -> String { url.isEmpty ? Self.md(title) : "[\(Self.md(title))](\(link(url)))" }

    func markdown(_ r: GapReport, view: ReportView) -> String {
        // One sentence per line of the summary, each ending with a full stop.
        let sentences = summaryLine(r).split(separator: "\n").map { Self.md(String($0)) + "." }
        var out = "# Knowledge gaps\n\n" + sentences.joined(separator: " ") + "\n"
        if view == .gaps || view == .items {
            let gaps = r.sections.filter(\.flagged)
            if view == .gaps {
                out += "\n## Top gaps\n\n"
                if gaps.isEmpty { out += "No section stands out from the group's error rate of \(Self.pct(r.sections.first?.groupRate ?? 0)).\n" } else {
                    out += "| SOP section | Error rate | 95% CI | Responses | Group | Most common mistake |\n|---|---|---|---|---|---|\n"
                    for g in gaps.prefix(top) {
                        out += "| \(mdLink(g.title, g.url)) | \(Self.pct0(g.rate.errorRate)) | \(Self.ci(g.rate.interval)) | \(g.rate.responses) | \(Self.pct0(g.groupRate)) | \(Self.md(g.topConfusion ?? "")) |\n"
                    }
                }
                if !r.sliceGaps.isEmpty {
                    out += "\n**By slice:** " + r.sliceGaps.prefix(top).map {
                        "\($0.dimension) \(Self.md($0.value)): \(mdLink($0.title, $0.url)) \(Self.pct0($0.rate.errorRate)) (n=\($0.rate.responses), \($0.learners) learners) "
                            + "vs \(Self.pct0($0.groupRate)) for everyone else on the same questions (n=\($0.otherResponses), \($0.otherLearners) learners)"
                    }.joined(separator: "; ") + ".\n"
                }
                if let top = r.confusions.first {
                    out += "\n**Top confusion:** \(Self.md(top.gold)) answered as \(Self.md(top.answered)) (\(top.count)×, \(top.errorType)). Errors (n=\(r.errorTypes.reduce(0) { $0 + $1.count })): "
                        + r.errorTypes.map { "\($0.errorType) \(Self.pct0($0.share))" }.joined(separator: ", ") + ".\n"
                }
            }
            out += "\n## Review queue\n\n"
            if r.reviewQueue.isEmpty { out += "No question needs review.\n" } else {
                for e in r.reviewQueue.prefix(top) {
                    out += "- **\(Self.md(e.item))** (\(e.kind), `\(e.file.replacingOccurrences(of: "`", with: ""))`): \(Self.md(e.reasons.joined(separator: "; ")))"
                    if !e.url.isEmpty { out += " — [SOP](\(link(e.url)))" }
                    out += "\n"
                    for c in e.contests.prefix(3) { out += "  - contest #\(c.id) by \(Self.md(c.learner)): “\(Self.md(String(c.comment.prefix(200))))”\n" }
                }
            }
        }
        if view == .gaps || view == .calibration {
            let c = r.calibration
            out += "\n## Lowest agreement\n\nAgreement on decisions: α = \(Self.num(c.overall.krippendorffAlpha)) (Krippendorff), κ = \(Self.num(c.overall.fleissKappa)) (Fleiss) over \(c.overall.cases) cases.\n\n"
            if c.lowestAgreement.isEmpty { out += "No case has enough answers yet.\n" } else {
                out += "| Case | Answers | Agreement | Key | Likely cause | SOP |\n|---|---|---|---|---|---|\n"
                for d in c.lowestAgreement.prefix(view == .calibration ? top : 5) {
                    out += "| \(Self.md(d.item)): \(Self.md(d.title)) | \(Self.md(d.split.joined(separator: ", "))) (n=\(d.answers)) | \(Self.pct0(d.agreement)) | \(Self.md(d.key)) | \(d.likelyCause) | \(mdLink(d.ref, d.url)) |\n"
                }
            }
            if view == .calibration {
                out += "\n| Policy code | Cases | α | κ |\n|---|---|---|---|\n"
                for f in c.byCode {
                    if f.items.isEmpty {
                        out += "| \(Self.md(f.group)) | \(f.cases) | \(Self.num(f.krippendorffAlpha)) | \(Self.num(f.fleissKappa)) |\n"
                    } else {
                        out += "| \(Self.md(f.group)) | \(f.cases) | too few cases; see \(Self.md(f.items.joined(separator: ", "))) | |\n"
                    }
                }
            }
        }
        if view == .gaps {
            out += "\n## Learners to retrain\n\n"
            if r.retrain.isEmpty { out += "Nobody: no learner's mastery is clearly below target in any section.\n" } else {
                var bySection: [String: [RetrainEntry]] = [:]
                for e in r.retrain { bySection[e.ref, default: []].append(e) }
                for (ref, entries) in bySection.sorted(by: { ($0.value.count, $1.key) > ($1.value.count, $0.key) }).prefix(top) {
                    out += "- \(mdLink(entries[0].title, entries[0].url)) (\(Self.md(ref))): " + entries.prefix(20).map { "\(Self.md($0.learner)) (\($0.correct)/\($0.answered) cases right)" }.joined(separator: ", ")
                        + (entries.count > 20 ? " and \(entries.count - 20) more" : "") + "\n"
                }
            }
        }
        return out
    }
}
