import Foundation

/// Top error trends and root causes of the production QA digest, in each format.
extension ReportPrinter {
    static func qaCauseNames(_ causes: [String]) -> String {
        causes.map { $0.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "sop", with: "SOP") }.joined(separator: ", ")
    }

    static func qaSlice(_ c: RootCause) -> String { c.dimension == "all" ? "whole section" : "\(c.dimension) \(c.value)" }

    func qaTrendsIntro(_ t: QATrends) -> String {
        let fdr = String(format: "%.0f%%", t.falseDiscoveryRate * 100)
        return "week \(t.week ?? "-"), exact conditional test of the error rate against the previous week and the trailing 4 weeks, "
            + "Benjamini–Hochberg FDR \(fdr) over \(t.tests) comparisons; most harm-weighted excess errors first"
    }

    static func qaComparison(_ t: QATrend, _ prefix: String) -> QATrendComparison? { t.comparisons.first { $0.baseline.hasPrefix(prefix) } }

    static func qaComparisonCell(_ c: QATrendComparison?) -> String {
        guard let c else { return "-" }
        return "\(pct0(c.errorRate)) of \(c.audits), q \(qValue(c.q))\(c.flagged ? " *" : "")"
    }

    // MARK: - Table

    /// The slice of a root cause in the reader's language (`whole section`, `market TH`).
    func slice(_ c: RootCause) -> String {
        guard language != nil else { return Self.qaSlice(c) }
        return c.dimension == "all" ? tr("cli.qa.whole_section", "whole section") : "\(tr("dashboard.dimension." + c.dimension, c.dimension)) \(c.value)"
    }

    /// A trend's comparison with a baseline ("5% of 40, q 0.002 *") in the reader's language.
    func comparisonCell(_ c: QATrendComparison?) -> String {
        guard language != nil, let c else { return Self.qaComparisonCell(c) }
        return tr("cli.qa.comparison", "{rate} of {count}, q {q}", ["rate": percent0(c.errorRate), "count": count(c.audits), "q": Self.qValue(c.q)]) + (c.flagged ? " *" : "")
    }

    /// Why a root-cause row is there (`rising`, `elevated`, `slice`) in the reader's language.
    func flaggedBy(_ reasons: [String]) -> String {
        language == nil ? reasons.joined(separator: " ") : reasons.map { tr("cli.qa.flagged_by." + $0, $0) }.joined(separator: " ")
    }

    /// Root-cause names (`knowledge-gap`) in the reader's language.
    func causeNames(_ causes: [String]) -> String {
        guard language != nil else { return Self.qaCauseNames(causes) }
        return causes.map { tr("cli.qa.cause." + $0.replacingOccurrences(of: "-", with: "_"), Self.qaCauseNames([$0])) }.joined(separator: ", ")
    }

    func qaTableTrends(_ r: ProductionQAReport) -> String {
        guard let t = r.trends else { return "" }
        let intro = language == nil ? qaTrendsIntro(t)
            : tr("cli.qa.trends_intro", "week {week}, exact conditional test of the error rate against the previous week and the trailing 4 weeks, Benjamini–Hochberg FDR {fdr} over {tests} comparisons; most harm-weighted excess errors first",
                 ["week": t.week ?? "-", "fdr": percent0(t.falseDiscoveryRate), "tests": count(t.tests)])
        var out = "\n" + tr("cli.qa.trends", "Top error trends ({intro}; * flagged)", ["intro": intro]) + "\n"
        if t.rising.isEmpty { return out + tr("cli.qa.no_rise", "No significant rise.") + "\n" }
        // KEY here is the section or code (`cli.column.key` is an answer key); a heading
        // already in the reader's language passes through `table` as it is.
        let keyHeading = language == nil ? "KEY" : tr("cli.qa.section_or_code", "KEY")
        out += table(["LEVEL", keyHeading, "N", "ERRORS", "RATE", "PREVIOUS WEEK", "TRAILING WEEKS", "W.EXCESS", "TITLE"], t.rising.prefix(top).map { (x: QATrend) -> [String] in
            let level = language == nil ? x.level : tr("cli.qa.dimension." + x.level, x.level)
            let excess = language?.decimal(x.weightedExcess, fractionDigits: 1) ?? String(format: "%.1f", x.weightedExcess)
            return [level, x.key, count(x.audits), count(x.errors), percent0(x.errorRate), comparisonCell(Self.qaComparison(x, "previous")),
                    comparisonCell(Self.qaComparison(x, "trailing")), excess, x.key == x.title ? "" : x.title]
        })
        return out
    }

    func qaTableRootCauses(_ r: ProductionQAReport) -> String {
        guard let causes = r.rootCauses else { return "" }
        var out = "\n" + tr("cli.qa.root_causes", "Root causes (flagged sections and the slices of them that do worse; N audits, RATE error rate, REST the others')") + "\n"
        if causes.isEmpty { return out + tr("cli.qa.no_flagged", "No flagged section.") + "\n" }
        out += table(["SECTION", "SLICE", "N", "RATE", "REST", "FLAGGED BY", "CAUSES"], causes.prefix(top * 2).map {
            [$0.section, slice($0), count($0.production.audits), percent0($0.errorRate), percent0($0.restErrorRate),
             flaggedBy($0.flaggedBy), causeNames($0.causes)]
        })
        for c in causes.prefix(top * 2) {
            out += "\n\(c.section) (\(slice(c))):\n" + (language == nil ? c.evidence : c.evidenceCodes.map { $0.text(in: language) }).map { "  \($0)\n" }.joined()
        }
        return out
    }

    // MARK: - Markdown

    func qaMarkdownTrends(_ r: ProductionQAReport) -> String {
        guard let t = r.trends else { return "" }
        var out = "\n## Top error trends\n\n" + Self.md(qaTrendsIntro(t).prefix(1).uppercased() + qaTrendsIntro(t).dropFirst()) + ".\n\n"
        if t.rising.isEmpty { return out + "No significant rise.\n" }
        out += "| Level | Section or code | Audits | Errors | Error rate | Previous week | Trailing weeks | Harm-weighted excess |\n|---|---|---|---|---|---|---|---|\n"
        for x in t.rising.prefix(top) {
            out += "| \(x.level) | \(mdLink(x.title, x.url)) | \(x.audits) | \(x.errors) | \(Self.pct0(x.errorRate)) | "
                + "\(Self.md(Self.qaComparisonCell(Self.qaComparison(x, "previous")))) | \(Self.md(Self.qaComparisonCell(Self.qaComparison(x, "trailing")))) | "
                + "\(String(format: "%.1f", x.weightedExcess)) |\n"
        }
        return out + "\nFlagged comparisons are marked \\*.\n"
    }

    func qaMarkdownRootCauses(_ r: ProductionQAReport) -> String {
        guard let causes = r.rootCauses else { return "" }
        var out = "\n## Root causes\n\n"
        if causes.isEmpty { return out + "No flagged section.\n" }
        out += "| SOP section | Slice | Audits | Error rate | Rest | Causes | Evidence |\n|---|---|---|---|---|---|---|\n"
        for c in causes.prefix(top * 2) {
            out += "| \(mdLink(c.title, c.url)) | \(Self.md(Self.qaSlice(c))) | \(c.production.audits) | \(Self.pct0(c.errorRate)) | "
                + "\(Self.pct0(c.restErrorRate)) | \(Self.md(Self.qaCauseNames(c.causes))) | \(c.evidence.map(Self.md).joined(separator: " ")) |\n"
        }
        return out
    }

    // MARK: - CSV

    /// Columns the trend and root-cause rows add after the KPI columns.
    static let qaTrendCSVHeader = ["week", "baseline", "p", "q", "flagged", "weighted_excess", "slice_dimension", "slice_value", "rest_rate", "causes", "evidence"]

    /// Trend rows (one per comparison of each rising unit) and root-cause rows, as wide as the
    /// KPI rows (`kpiColumns`) plus `qaTrendCSVHeader`.
    func qaTrendCSVRows(_ r: ProductionQAReport, kpiColumns: Int) -> [[String]] {
        var rows: [[String]] = []
        func row(_ part: String, _ dimension: String, _ key: String, _ title: String, audits: Int, errors: Int, rate: Double, url: String,
                 extra: [String]) -> [String] {
            var cells = [part, dimension, key, title, String(audits), String(audits - errors), Self.f(1 - rate)]
            cells += Array(repeating: "", count: kpiColumns - cells.count - 1) + [link(url)]
            return cells + extra
        }
        for t in r.trends?.rising ?? [] {
            for c in t.comparisons {
                rows.append(row("trend", t.level, t.key, t.title, audits: t.audits, errors: t.errors, rate: t.errorRate, url: t.url, extra: [
                    t.week, "\(c.baseline) \(c.weeks): \(c.errors) of \(c.audits)", Self.f(c.p), Self.f(c.q), c.flagged ? "1" : "0",
                    Self.f(c.weightedExcess), "", "", Self.f(c.errorRate), "", "",
                ]))
            }
        }
        for c in r.rootCauses ?? [] {
            rows.append(row("root_cause", "section", c.section, c.title, audits: c.production.audits, errors: c.production.errors, rate: c.errorRate,
                            url: c.url, extra: ["", "", "", Self.f(c.q), "1", "", c.dimension, c.value, Self.f(c.restErrorRate),
                                                c.causes.joined(separator: " "), c.evidence.joined(separator: " ")]))
        }
        return rows
    }
}
