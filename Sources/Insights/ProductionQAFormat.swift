import Foundation

/// The production QA digest in each format. Every part of the report (overall, breakdowns,
/// reviewer agreement, appeals) has its own renderer per format; a later part (trends, root
/// causes) adds its renderer to the lists in `render`.
extension ReportPrinter {
    /// The report in this printer's format.
    public func render(_ r: ProductionQAReport) -> String {
        // Only the table speaks the reader's language; JSON, CSV and Markdown never change with it.
        guard language == nil || format == .table else {
            var plain = self
            plain.language = nil
            return plain.render(r)
        }
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
        var scope = [r.scope.market.map { tr("dashboard.scope.market", "market {value}", ["value": $0]) }, r.scope.team.map { tr("dashboard.scope.team", "team {value}", ["value": $0]) },
                     r.scope.vendor.map { tr("dashboard.scope.vendor", "vendor {value}", ["value": $0]) }].compactMap { $0 }
        if let a = r.scope.since { scope.append(tr("cli.gaps.from", "from {date}", ["date": a])) }
        return scope.isEmpty ? "" : " (" + scope.joined(separator: ", ") + ")"
    }

    /// "91.2% of 4,210 audited decisions correct (95% CI 90–92%)" and the error split.
    func qaSummarySentences(_ r: ProductionQAReport) -> [String] {
        let o = r.overall
        let weeks = r.firstWeek.map { " " + tr("cli.gaps.weeks", "in weeks {first}…{last}", ["first": $0, "last": r.lastWeek ?? $0]) } ?? ""
        guard o.audits > 0 else { return [tr("cli.qa.no_audits", "No audited decisions{weeks}{scope}", ["weeks": weeks, "scope": qaScope(r)])] }
        let split = [("over_enforcement", "over-enforcement", o.overEnforcement, o.weightedOverEnforcement), ("under_enforcement", "under-enforcement", o.underEnforcement, o.weightedUnderEnforcement),
                     ("wrong_policy", "wrong policy", o.wrongPolicy, o.weightedWrongPolicy)]
            .map { tr("cli.qa.split", "{type} {count} (harm-weighted {weighted})", ["type": tr("dashboard.error_type." + $0.0, $0.1), "count": count($0.2), "weighted": count($0.3)]) }
            .joined(separator: ", ")
        return [tr("cli.qa.audited", count: o.audits, one: "{count} audited decisions{weeks}{scope}", other: "{count} audited decisions{weeks}{scope}", ["weeks": weeks, "scope": qaScope(r)]),
                tr("cli.qa.accuracy", "Accuracy {rate} (95% CI {ci}, n={count})", ["rate": Self.pct(o.accuracy), "ci": Self.ci(o.interval), "count": count(o.audits)]),
                tr("cli.qa.errors", "Errors: {count} (harm-weighted {weighted}): {split}", ["count": count(o.errors), "weighted": count(o.weightedErrors), "split": split])]
    }

    // MARK: - Table

    func qaTableSummary(_ r: ProductionQAReport) -> String {
        tr("cli.qa.title", "Production QA") + "\n" + qaSummarySentences(r).joined(separator: "\n") + "\n"
    }

    func qaTableBreakdowns(_ r: ProductionQAReport) -> String {
        var out = ""
        for b in r.breakdowns {
            let ordered = b.dimension == "week" ? tr("cli.qa.date_order", "in date order") : tr("cli.qa.most_harm", "most harm-weighted errors first")
            let dimension = language == nil ? Self.qaDimensionPhrase(b.dimension) : tr("cli.qa.dimension." + b.dimension, Self.qaDimensionPhrase(b.dimension))
            out += "\n" + tr("cli.qa.by", "By {dimension} ({ordered}; N audits, ACC accuracy, W.ERR harm-weighted errors)", ["dimension": dimension, "ordered": ordered]) + "\n"
            let rows = b.dimension == "week" ? Array(b.rows.suffix(top)) : Array(b.rows.prefix(top))
            out += table([b.dimension.uppercased(), "N", "ACC", "95% CI", "OVER", "UNDER", "WRONG", "W.ERR", "TITLE"], rows.map {
                [$0.key.isEmpty ? tr("cli.gaps.none", "(none)") : $0.key, count($0.audits), percent0($0.accuracy), Self.ci($0.interval), count($0.overEnforcement),
                 count($0.underEnforcement), count($0.wrongPolicy), count($0.weightedErrors), $0.key == $0.title ? "" : $0.title]
            })
        }
        return out
    }

    func qaTableAgreement(_ r: ProductionQAReport) -> String {
        "\n" + tr("cli.qa.agreement", "QA reviewer agreement on double audits (Krippendorff's alpha, nominal, on the action; lowest first)") + "\n"
            + table(["SECTION", "CASES", "AGREE", "ALPHA", "NOTE"], r.reviewerAgreement.prefix(top + 1).map {
                [$0.key.isEmpty ? tr("cli.gaps.none", "(none)") : $0.key, count($0.cases), percent0($0.observedAgreement), figure($0.krippendorffAlpha, 3), agreementNote($0.note)]
            })
    }

    func qaTableAppeals(_ r: ProductionQAReport) -> String {
        "\n" + tr("cli.qa.appeals", "Appeals overturned by SOP section (highest rate first)") + "\n"
            + table(["SECTION", "APPEALED", "OVERTURNED", "RATE", "95% CI"], r.appeals.prefix(top).map {
                [$0.key.isEmpty ? tr("cli.gaps.none", "(none)") : $0.key, count($0.appealed), count($0.overturned), percent0($0.overturnRate), Self.ci($0.interval)]
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

extension ReportPrinter {
    /// A reviewer-agreement note ("too few double audits for a figure (3 of 10)") in the
    /// reader's language; as written in English.
    func agreementNote(_ note: String) -> String {
        guard language != nil, note.hasPrefix("too few double audits for a figure (") , note.hasSuffix(")") else { return note }
        let figures = note.dropFirst("too few double audits for a figure (".count).dropLast().split(separator: " ")
        guard figures.count == 3, let cases = Int(figures[0]), let minimum = Int(figures[2]) else { return note }
        return tr("cli.qa.too_few_double", "too few double audits for a figure ({cases} of {minimum})", ["cases": count(cases), "minimum": count(minimum)])
    }
}
