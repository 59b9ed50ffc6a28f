import CivilDate
import Foundation
import Insights
import Records

/// `casebook certs`: the certificates learners hold, soonest expiry first.
enum CertsCommand {
    static let expiring = OptionSpec.value("--expiring-within", "Nd", help: "Only certificates that expire within N days (30d or 30), or have expired")
    static let team = OptionSpec.value("--team", "T", help: "Only learners in this team")
    static let format = OptionSpec.value("--format", "table|json|csv", help: "Output format (default: table)")

    static let spec = CommandSpec(
        name: "certs",
        summary: "Lists learners' certificates (from completed paths) with their expiry, and assigns recertifications that are due.",
        options: [expiring, team, format, PathsCommand.today, ReportCommand.lang, DataOptions.db],
        discussion: """
        Lists each learner's current certificate of each kind (a renewal replaces the record it \
        renews; both are kept), soonest expiry first: learner, certificate, path, granted, \
        expires, days left, status (valid, or expired after its expires day) and the \
        recertification (open with its due date, or none yet). A certificate is granted in the \
        transaction that completes its path's last step, valid valid_days from that day. First \
        assigns, exactly once per certificate, the recertification of every certificate whose \
        window (days_before its expiry) has opened on --today. The records database defaults \
        to \(DataPaths.defaultDatabase).
        """,
        exitStatus: "0 done, 1 database error, 2 usage error.",
        run: { args, console throws(UsageError) in try run(args, console: console) })

    /// One certificate row.
    struct Row {
        var certificate: CertificateRecord
        var learner: Learner
        var recertification: TaskRecord?
    }

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let formatName = args.value(format) ?? "table"
        guard ["table", "json", "csv"].contains(formatName) else { throw UsageError(message: "--format must be one of table, json, csv") }
        let today = try PathsCommand.date(args.value(PathsCommand.today), option: "--today") ?? Timestamp.iso(Date()).prefix(10).description
        var within: Int?
        if let text = args.value(expiring) {
            let digits = text.hasSuffix("d") ? String(text.dropLast()) : text
            guard let n = Int(digits), n >= 0 else { throw UsageError(message: "--expiring-within must be a number of days, e.g. 30d") }
            within = n
        }
        let text = try CLIText(args)
        guard let records = DataPaths.open(args.db, console: console) else { return ExitCode.contentErrors }
        var rows: [Row] = []
        do {
            try PathsCommand.scheduleRecertifications(records, today: today, console: console)
            let learners = Dictionary(try records.learners().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            var progress: [String: [PathProgress]] = [:]
            for c in try records.certificates(current: true) {
                let learner = learners[c.learnerID] ?? Learner(id: c.learnerID, name: c.learnerID)
                if let t = args.value(team), learner.team != t { continue }
                if let within, c.daysLeft(today: today) > within { continue }
                if progress[c.learnerID] == nil { progress[c.learnerID] = try records.pathProgress(learnerID: c.learnerID) }
                let recert = progress[c.learnerID]?.first { $0.renews == c.id }?.steps.first?.tasks.first
                rows.append(Row(certificate: c, learner: learner, recertification: recert))
            }
        } catch {
            return console.fail(error.message)
        }
        rows.sort { ($0.certificate.expires, $0.learner.id, $0.certificate.certificate) < ($1.certificate.expires, $1.learner.id, $1.certificate.certificate) }
        func status(_ r: Row) -> String { r.certificate.isExpired(today: today) ? "expired" : "valid" }
        func recert(_ r: Row) -> String {
            guard let t = r.recertification else { return "none" }
            if t.completedAt != nil { return "passed" }
            if case .passBlueprint(let b) = t.target { return "\(b) due \(t.due)" }
            return "due \(t.due)"
        }
        switch formatName {
        case "json":
            console.out(CampaignsCommand.jsonText(rows.map { r -> [String: Any] in
                ["learner": r.learner.id, "name": r.learner.name, "team": r.learner.team, "market": r.learner.market,
                 "certificate": r.certificate.certificate, "path": r.certificate.pathID, "granted": r.certificate.grantedAt,
                 "expires": r.certificate.expires, "days_left": r.certificate.daysLeft(today: today), "status": status(r),
                 "evidence": r.certificate.evidence, "renews": r.certificate.renews.map { $0 as Any } ?? NSNull(),
                 "recertification": r.recertification.map { t -> [String: Any] in ["task": t.id, "due": t.due, "done": t.completedAt != nil] } ?? NSNull()]
            }))
        case "csv":
            var lines = [["learner", "name", "team", "certificate", "path", "granted", "expires", "days_left", "status", "recertification", "evidence"]]
            for r in rows {
                lines.append([r.learner.id, r.learner.name, r.learner.team, r.certificate.certificate, r.certificate.pathID, String(r.certificate.grantedAt.prefix(10)),
                              r.certificate.expires, String(r.certificate.daysLeft(today: today)), status(r), recert(r), r.certificate.evidence.joined(separator: " ")])
            }
            console.out(lines.map { $0.map(ReportPrinter.csvField).joined(separator: ",") }.joined(separator: "\n") + "\n")
        default:
            let expiringWithin = within.map { text.plural("cli.certs.expiring_within", count: $0, one: "expiring within {count} days", other: "expiring within {count} days") }
            let inTeam = args.value(team)
            guard !rows.isEmpty else {
                console.out(text("cli.certs.none", "No certificates{expiring}{team} as of {today}.", ["expiring": expiringWithin.map { " " + $0 } ?? "",
                    "team": inTeam.map { " " + text("cli.certs.in_team", "in team {team}", ["team": $0]) } ?? "", "today": text.date(today)]) + "\n")
                return ExitCode.success
            }
            // English as always: the status and recertification words, dates and numbers as stored.
            func shownStatus(_ r: Row) -> String { text("cli.certs.status." + status(r), status(r)) }
            func shownRecert(_ r: Row) -> String {
                guard let t = r.recertification else { return text("cli.certs.recert.none", "none") }
                if t.completedAt != nil { return text("cli.certs.recert.passed", "passed") }
                if case .passBlueprint(let b) = t.target { return text("cli.certs.recert.quiz_due", "{quiz} due {date}", ["quiz": b, "date": text.date(t.due)]) }
                return text("cli.certs.recert.due", "due {date}", ["date": text.date(t.due)])
            }
            console.out(text("cli.certs.heading", "Certificates as of {today}{expiring}{team}:", ["today": text.date(today), "expiring": expiringWithin.map { ", " + $0 } ?? "",
                                                                                                   "team": inTeam.map { ", " + text("cli.certs.team", "team {team}", ["team": $0]) } ?? ""]) + "\n"
                + CampaignsCommand.table(text.headings(["LEARNER", "NAME", "TEAM", "CERTIFICATE", "PATH", "GRANTED", "EXPIRES", "DAYS LEFT", "STATUS", "RECERTIFICATION"]), rows.map {
                    [$0.learner.id, $0.learner.name, $0.learner.team.isEmpty ? "-" : $0.learner.team, $0.certificate.certificate, $0.certificate.pathID,
                     text.date($0.certificate.grantedAt.prefix(10)), text.date($0.certificate.expires), text.count($0.certificate.daysLeft(today: today)), shownStatus($0), shownRecert($0)]
                }))
        }
        return ExitCode.success
    }
}
