import Foundation

/// The production QA digest in each format. Every part of the report (overall, breakdowns,
/// reviewer agreement, appeals) has its own renderer per format; a later part (trends, root
/// causes) adds its renderer to the lists in `render`.
extension ReportPrinter {
    /// The report in this printer's format.
    public func render(_ r: ProductionQAReport) -> String {
        switch format {
        case .json: return Self.json(r)
        case .csv: return qaCSV(r)
        case .markdown:
            return ([qaMarkdownSummary, qaMarkdownTrends, qaMarkdownRootCauses, qaMarkdownBreakdowns, qaMarkdownAgreement, qaMarkdownAppeals].map { $0(r) }).joined()
        case .table:
            return ([qaTableSummary, qaTableTrends, qaTableRootCauses, qaTableBreakdowns, qaTableAgreement, qaTableAppeals].map { $0(r) }).joined()
        }
    }

    /// "SOP section", "market": a dimension's name inside a sentence.
    static func qaDimensionPhrase(_ dimension: String) -> String {
        let title = qaDimensionTitles[dimension] ?? dimension
        return dimension == "section" ? title : title.lowercased()
    }

    static let qaDimensionTitles = ["section": "SOP section", "code": "Policy code", "market": "Market", "vendor": "Vendor",
                                    "team": "Team", "queue": "Queue", "week": "Week"]

    func qaScope(_ r: ProductionQAReport) -> String {
        var scope = [r.scope.market.map { "market \($0)" }, r.scope.team.map { "team \($0)" }, r.scope.vendor.map { "vendor \($0)" }].compactMap { $0 }
        if let a = r.scope.since { scope.append("from \(a)") }
        return scope.isEmpty ? "" : " (" + scope.joined(separator: ", ") + ")"
    }

    /// "91.2% of 4,210 audited decisions correct (95% CI 90–92%)" and the error split.
    func qaSummarySentences(_ r: ProductionQAReport) -> [String] {
        let o = r.overall
        let weeks = r.firstWeek.map { " in weeks \($0)…\(r.lastWeek ?? $0)" } ?? ""
        guard o.audits > 0 else { return ["No audited decisions\(weeks)\(qaScope(r))"] }
        let split = [("over-enforcement", o.overEnforcement, o.weightedOverEnforcement), ("under-enforcement", o.underEnforcement, o.weightedUnderEnforcement),
                     ("wrong policy", o.wrongPolicy, o.weightedWrongPolicy)]
            .map { "\($0.0) \($0.1) (harm-weighted \($0.2))" }.joined(separator: ", ")
        return ["\(o.audits) audited decisions\(weeks)\(qaScope(r))",
                "Accuracy \(Self.pct(o.accuracy)) (95% CI \(Self.ci(o.interval)), n=\(o.audits))",
                "Errors: \(o.errors) (harm-weighted \(o.weightedErrors)): \(split)"]
    }

    // MARK: - Table

    func qaTableSummary(_ r: ProductionQAReport) -> String {
        "Production QA\n" + qaSummarySentences(r).joined(separator: "\n") + "\n"
    }

    func qaTableBreakdowns(_ r: ProductionQAReport) -> String {
        var out = ""
        for b in r.breakdowns {
            let ordered = b.dimension == "week" ? "in date order" : "most harm-weighted errors first"
            out += "\nBy \(Self.qaDimensionPhrase(b.dimension)) (\(ordered); N audits, ACC accuracy, W.ERR harm-weighted errors)\n"
            let rows = b.dimension == "week" ? Array(b.rows.suffix(top)) : Array(b.rows.prefix(top))
            out += Self.table([b.dimension.uppercased(), "N", "ACC", "95% CI", "OVER", "UNDER", "WRONG", "W.ERR", "TITLE"], rows.map {
                [$0.key.isEmpty ? "(none)" : $0.key, String($0.audits), Self.pct0($0.accuracy), Self.ci($0.interval), String($0.overEnforcement),
                 String($0.underEnforcement), String($0.wrongPolicy), String($0.weightedErrors), $0.key == $0.title ? "" : $0.title]
            })
        }
        return out
    }

    func qaTableAgreement(_ r: ProductionQAReport) -> String {
        "\nQA reviewer agreement on double audits (Krippendorff's alpha, nominal, on the action; lowest first)\n"
            + Self.table(["SECTION", "CASES", "AGREE", "ALPHA", "NOTE"], r.reviewerAgreement.prefix(top + 1).map {
                [$0.key.isEmpty ? "(none)" : $0.key, String($0.cases), Self.pct0($0.observedAgreement), Self.num($0.krippendorffAlpha), $0.note]
            })
    }

    func qaTableAppeals(_ r: ProductionQAReport) -> String {
        "\nAppeals overturned by SOP section (highest rate first)\n"
            + Self.table(["SECTION", "APPEALED", "OVERTURNED", "RATE", "95% CI"], r.appeals.prefix(top).map {
                [$0.key.isEmpty ? "(none)" : $0.key, String($0.appealed), String($0.overturned), Self.pct0($0.overturnRate), Self.ci($0.interval)]
            })
    }

    // MARK: - CSV

    func qaCSV(_ r: ProductionQAReport) -> String {
        let header = ["part", "dimension", "key", "title", "audits", "correct", "accuracy", "ci_low", "ci_high", "over_enforcement",
                      "under_enforcement", "wrong_policy", "weighted_errors", "weighted_over", "weighted_under", "weighted_wrong",
                      "cases", "observed_agreement", "alpha", "appealed", "overturned", "overturn_rate", "note", "url"]
        func kpi(_ part: String, _ dimension: String, _ k: QAKPI) -> [String] {
            [part, dimension, k.key, k.title, String(k.audits), String(k.correct), Self.f(k.accuracy), Self.f(k.interval.low), Self.f(k.interval.high),
             String(k.overEnforcement), String(k.underEnforcement), String(k.wrongPolicy), String(k.weightedErrors), String(k.weightedOverEnforcement),
             String(k.weightedUnderEnforcement), String(k.weightedWrongPolicy), "", "", "", "", "", "", "", link(k.url)]
        }
        var rows = [kpi("overall", "", r.overall)]
        for b in r.breakdowns { rows += b.rows.map { kpi("kpi", b.dimension, $0) } }
        rows += r.reviewerAgreement.map {
            ["agreement", "section", $0.key, $0.title] + Array(repeating: "", count: 12)
                + [String($0.cases), Self.f($0.observedAgreement), Self.f($0.krippendorffAlpha), "", "", "", $0.note, link($0.url)]
        }
        rows += r.appeals.map {
            ["appeals", "section", $0.key, $0.title, "", "", "", Self.f($0.interval.low), Self.f($0.interval.high)] + Array(repeating: "", count: 10)
                + [String($0.appealed), String($0.overturned), Self.f($0.overturnRate), "", link($0.url)]
        }
        // Trend and root-cause rows add their columns after the KPI columns.
        let widened = rows.map { $0 + Array(repeating: "", count: Self.qaTrendCSVHeader.count) } + qaTrendCSVRows(r, kpiColumns: header.count)
        return Self.csv(header + Self.qaTrendCSVHeader, widened)
    }

    // MARK: - Markdown

    func qaMarkdownSummary(_ r: ProductionQAReport) -> String {
        "# Production QA\n\n" + qaSummarySentences(r).map { Self.md($0) + "." }.joined(separator: " ") + "\n"
    }

    func qaMarkdownBreakdowns(_ r: ProductionQAReport) -> String {
        var out = ""
        for b in r.breakdowns where !b.rows.isEmpty {
            let title = Self.qaDimensionTitles[b.dimension] ?? b.dimension
            out += "\n## Accuracy by \(Self.qaDimensionPhrase(b.dimension))\n\n"
            out += "| \(title) | Audits | Accuracy | 95% CI | Over-enforcement | Under-enforcement | Wrong policy | Harm-weighted errors |\n|---|---|---|---|---|---|---|---|\n"
            let rows = b.dimension == "week" ? Array(b.rows.suffix(top)) : Array(b.rows.prefix(top))
            for k in rows {
                out += "| \(mdLink(k.key.isEmpty ? "(none)" : k.title, k.url)) | \(k.audits) | \(Self.pct0(k.accuracy)) | \(Self.ci(k.interval)) | \(k.overEnforcement) | \(k.underEnforcement) | \(k.wrongPolicy) | \(k.weightedErrors) |\n"
            }
        }
        return out
    }

    func qaMarkdownAgreement(_ r: ProductionQAReport) -> String {
        var out = "\n## QA reviewer agreement\n\n"
        if r.reviewerAgreement.isEmpty { return out + "No double audits in scope.\n" }
        out += "Krippendorff's alpha (nominal) on the two reviewers' actions, lowest first.\n\n| SOP section | Double audits | Agreement | α | Note |\n|---|---|---|---|---|\n"
        for a in r.reviewerAgreement.prefix(top + 1) {
            out += "| \(mdLink(a.key.isEmpty ? "(none)" : a.title, a.url)) | \(a.cases) | \(Self.pct0(a.observedAgreement)) | \(Self.num(a.krippendorffAlpha)) | \(Self.md(a.note)) |\n"
        }
        return out
    }

    func qaMarkdownAppeals(_ r: ProductionQAReport) -> String {
        var out = "\n## Appeals\n\n"
        if r.appeals.isEmpty { return out + "No appeal outcomes in scope.\n" }
        out += "| SOP section | Appealed | Overturned | Rate | 95% CI |\n|---|---|---|---|---|\n"
        for a in r.appeals.prefix(top) {
            out += "| \(mdLink(a.key.isEmpty ? "(none)" : a.title, a.url)) | \(a.appealed) | \(a.overturned) | \(Self.pct0(a.overturnRate)) | \(Self.ci(a.interval)) |\n"
        }
        return out
    }
}
