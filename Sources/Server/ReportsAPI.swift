import Foundation
import Quiz
import Insights
import Records

// MARK: - Reports: /api/reports/dashboard (HTML) and /api/reports/gaps (JSON)

/// The last few reports by filter, each valid while the records' answers version is the same:
/// over a million answers a report takes a second or two, and a dashboard is opened often.
final class ReportCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(filter: ReportFilter, version: String, report: GapReport)] = []
    private let capacity = 8

    func report(for filter: ReportFilter, version: String, make: () throws(RecordsError) -> GapReport) throws(RecordsError) -> GapReport {
        lock.lock()
        if let hit = entries.first(where: { $0.filter == filter && $0.version == version }) {
            lock.unlock()
            return hit.report
        }
        lock.unlock()
        let report = try make()
        lock.lock()
        entries.removeAll { $0.filter == filter }
        entries.insert((filter, version, report), at: 0)
        if entries.count > capacity { entries.removeLast() }
        lock.unlock()
        return report
    }
}

extension CasebookApp {
    /// The knowledge-gap report for trainers (everything) and leads (their own team), as the
    /// dashboard's HTML fragment (with the Campaigns panel) or as JSON; `campaigns` gives the
    /// campaigns alone as JSON, over the same learners. Query: since, until (YYYY-MM-DD; until is
    /// exclusive), market, team, vendor.
    func reports(_ r: HTTPRequest, _ parts: [String]) throws -> HTTPResponse {
        guard parts.count == 3, ["dashboard", "gaps", "campaigns"].contains(parts[2]) else {
            throw APIError(status: 404, message: "no such report; use /api/reports/dashboard, /api/reports/gaps or /api/reports/campaigns", key: "error.no_report")
        }
        guard r.method == "GET" else { throw APIError.methodNotAllowed(["GET"]) }
        let p = try principal(r)
        let filter = try reportFilter(r.query, for: p)
        // Campaigns are read fresh each time: acknowledgements and passes change them, not answers alone.
        let today = String(Timestamp.iso(Date()).prefix(10))
        if parts[2] == "campaigns" {
            let campaigns = try CampaignReport.all(records: records, handbook: handbook, catalog: catalog, today: today, filter: filter)
            return HTTPResponse(status: 200, headers: [("Content-Type", "application/json"), ("Cache-Control", "no-store")] + StaticSite.securityHeaders,
                                body: [UInt8](try Self.reportEncoder().encode(campaigns)))
        }
        let report = try reportCache.report(for: filter, version: try records.answersVersion()) { () throws(RecordsError) -> GapReport in
            let evidence = try Evidence.load(records: records, catalog: catalog, filter: filter)
            // A lead's queue shows only their team's contests: the comments name learners.
            let contests = try records.openContests(admittedBy: filter)
            return GapReport.make(evidence, filter: filter, contests: contests)
        }
        if parts[2] == "dashboard" {
            let t = try language(p, r)
            let campaigns = try CampaignReport.all(records: records, handbook: handbook, catalog: catalog, today: today, filter: filter)
            return HTTPResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")] + StaticSite.securityHeaders,
                                body: Array(Dashboard.html(report, campaigns: campaigns, teamProgress: try teamProgress(filter, today: today),
                                                           productionQA: try productionQA(filter, report: report), language: t,
                                                           actionLabels: Action.translatedLabels(bank.actions, in: t.language)).utf8))
        }
        return HTTPResponse(status: 200, headers: [("Content-Type", "application/json"), ("Cache-Control", "no-store")] + StaticSite.securityHeaders,
                            body: [UInt8](try Self.reportEncoder().encode(report)))
    }

    /// The production QA digest over the audits `filter` admits (a lead's: their team's), with
    /// the quiz answers of the same filter for its root causes; nil when no audit is stored.
    func productionQA(_ filter: ReportFilter, report: GapReport) throws(RecordsError) -> ProductionQAReport? {
        guard try records.auditCount() > 0 else { return nil }
        let evidence = try Evidence.load(records: records, catalog: catalog, filter: filter)
        let scope = ProductionQAScope(since: filter.since, market: filter.market?.uppercased(), team: filter.team, vendor: filter.vendor)
        return try ProductionQA.digest(records: records, handbook: handbook, scope: scope,
                                       quiz: evidence.count > 0 ? QuizSide(evidence: evidence, report: report) : nil)
    }

    /// The Team progress panel over the learners `filter` admits (a lead's: their team).
    func teamProgress(_ filter: ReportFilter, today: String) throws(RecordsError) -> TeamProgress {
        try TeamProgress.load(records: records, filter: filter, today: today,
                              pathTitles: Dictionary(bank.paths.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a }))
    }

    /// Reports as JSON: snake_case keys, sorted so the output is diffable.
    static func reportEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        // Figures are finite by construction; a non-finite one must not fail the whole report.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// The report filter from the query, limited to what `p` may see: trainers any, leads
    /// their own team, moderators none.
    func reportFilter(_ query: [String: String], for p: Principal) throws -> ReportFilter {
        func value(_ name: String) throws -> String? {
            guard let v = query[name]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
            guard v.count <= 100 else { throw APIError(status: 400, message: "\(name) is longer than 100 characters", key: "error.filter_too_long", values: ["name": name]) }
            return v
        }
        func date(_ name: String) throws -> String? {
            guard let v = try value(name) else { return nil }
            guard Self.isDate(v) else { throw APIError(status: 400, message: "\(name) must be a date as YYYY-MM-DD, such as 2026-09-01; got '\(v)'", key: "error.filter_date", values: ["name": name, "value": v]) }
            return v
        }
        var filter = ReportFilter(since: try date("since"), until: try date("until"), market: try value("market"), team: try value("team"), vendor: try value("vendor"))
        if let since = filter.since, let until = filter.until, since >= until {
            throw APIError(status: 400, message: "since (\(since)) must be before until (\(until)); until is the first day left out", key: "error.filter_range",
                           values: ["since": since, "until": until])
        }
        switch p.role {
        case .trainer:
            break
        case .moderator:
            throw APIError(status: 403, message: "reports are for trainers and leads; your own results are on the quiz page", key: "error.reports_role")
        case .lead:
            guard !p.team.isEmpty else {
                throw APIError(status: 403, message: "leads see their own team's reports, and your user has no team; ask a trainer to add you again with --team", key: "error.lead_no_team")
            }
            if let team = filter.team, team.caseInsensitiveCompare(p.team) != .orderedSame {
                throw APIError(status: 403, message: "leads see their own team's reports only (\(p.team)); clear the team filter", key: "error.lead_other_team", values: ["team": p.team])
            }
            filter.team = p.team
        }
        return filter
    }

    /// Whether `s` is a real calendar date written `YYYY-MM-DD`.
    static func isDate(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        for i in [0, 1, 2, 3, 5, 6, 8, 9] where !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { return false }
        let parts = s.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), parts[2] >= 1 else { return false }
        let leap = parts[0] % 4 == 0 && (parts[0] % 100 != 0 || parts[0] % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][parts[1] - 1]
        return parts[2] <= days
    }
}
