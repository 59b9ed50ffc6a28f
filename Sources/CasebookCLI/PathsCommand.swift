import CivilDate
import Foundation
import Handbook
import Quiz
import Records

/// `casebook paths`: lists the onboarding paths and assigns them to learners.
enum PathsCommand {
    static let path = PositionalSpec.required("PATH", help: "The path id (see casebook paths list)",
                                              missing: "give the path id: casebook paths assign id-listings-moderator --team id-listings")
    static let learner = OptionSpec.value("--learner", "ID", help: "Assign to this learner")
    static let team = OptionSpec.value("--team", "T", help: "Assign to every learner in this team the path applies to")
    static let market = OptionSpec.value("--market", "M", help: "Assign to every learner in this market the path applies to")
    static let start = OptionSpec.value("--start", "YYYY-MM-DD", help: "The day the path starts; each step is due its due_days after it (default: today, UTC)")
    static let today = OptionSpec.value("--today", "YYYY-MM-DD", help: "The date recertification windows are checked on (default: today, UTC)")
    static let format = OptionSpec.value("--format", "table|json", help: "Output format (default: table)")

    static let spec = CommandSpec(
        name: "paths",
        summary: "Lists onboarding paths (Quizzes/paths) and assigns them to learners as tasks.",
        discussion: """
        A path (Quizzes/paths/ID.yml) lists the steps a role on a queue must complete, in order: \
        read and acknowledge SOPs or sections, pass a blueprint, take part in a calibration \
        session; and the certificate completing them grants. 'assign' gives each selected \
        learner every step's tasks at once (source path:ID), each due its step's due_days after \
        --start; a step whose 'after:' steps are not done is blocked (its tasks exist, but \
        nothing completes them until then). Assigning again adds nothing for learners who have \
        the path. --team and --market select among the learners the path applies to (its \
        applies_to); --learner must be one of them. Completing the last step grants the \
        certificate in the same transaction; see casebook certs. Both subcommands also assign \
        the recertifications whose window has opened. The records database defaults to \
        \(DataPaths.defaultDatabase).
        """,
        exitStatus: "0 done, 1 unknown path or learner, no learner to assign, errors in the bank, or a database error (nothing written), 2 usage error.",
        subcommands: [
            CommandSpec(name: "list", summary: "Lists the paths, their steps and certificates, and how many learners have each.",
                        options: [format, today, DataOptions.content, DataOptions.quizzes, DataOptions.db]),
            CommandSpec(name: "assign", summary: "Assigns a path's steps to a learner, a team or a market as tasks.",
                        positionals: [path], options: [learner, team, market, start, today, DataOptions.content, DataOptions.quizzes, DataOptions.db]),
        ],
        defaultSubcommand: "list",
        run: { args, console throws(UsageError) in try run(args, console: console) })

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let today = try date(args.value(Self.today), option: "--today") ?? Timestamp.iso(Date()).prefix(10).description
        if args.subcommand == "assign" { return try assign(args, today: today, console: console) }
        return try list(args, today: today, console: console)
    }

    /// A date option's value checked, or nil when not given.
    static func date(_ text: String?, option: String) throws(UsageError) -> String? {
        guard let text else { return nil }
        guard CivilDate(iso: text)?.iso == text else { throw UsageError(message: "\(option) must be a date written YYYY-MM-DD") }
        return text
    }

    /// Assigns the recertifications due on `today`, saying how many on stderr.
    static func scheduleRecertifications(_ records: Records, today: String, console: Console) throws(RecordsError) {
        let created = try records.scheduleRecertifications(today: today)
        if !created.isEmpty {
            console.err("Assigned \(created.count) recertification\(created.count == 1 ? "" : "s") whose window opened by \(today).\n")
        }
    }

    /// While `casebook serve` runs: assigns the recertifications due at once, then every hour
    /// (it is idempotent, so the hour only bounds how long after midnight UTC a window that
    /// opens that day waits). Cancel the timer to stop.
    static func scheduleRecertificationsHourly(_ records: Records, console: Console) -> DispatchSourceTimer {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now(), repeating: .seconds(3_600))
        timer.setEventHandler {
            do throws(RecordsError) {
                try scheduleRecertifications(records, today: Timestamp.iso(Date()).prefix(10).description, console: console)
            } catch {
                console.err("casebook: recertifications not assigned: \(error.message)\n")
            }
        }
        timer.resume()
        return timer
    }

    // MARK: - list

    static func list(_ args: ParsedArguments, today: String, console: Console) throws(UsageError) -> Int32 {
        let formatName = args.value(Self.format) ?? "table"
        guard formatName == "table" || formatName == "json" else { throw UsageError(message: "--format must be table or json") }
        guard let (_, bank) = DataPaths.loadBank(content: args.content, quizzes: args.quizzes, purpose: "listing paths", console: console) else {
            return ExitCode.contentErrors
        }
        var counts: [String: Int] = [:]
        if DataPaths.exists(args.db) {
            guard let records = DataPaths.open(args.db, console: console) else { return ExitCode.contentErrors }
            do {
                try scheduleRecertifications(records, today: today, console: console)
                counts = try records.pathAssignmentCounts()
            } catch {
                return console.fail(error.message)
            }
        }
        if formatName == "json" {
            console.out(CampaignsCommand.jsonText(bank.paths.map { object($0, learners: counts[$0.id] ?? 0) }))
            return ExitCode.success
        }
        guard !bank.paths.isEmpty else {
            console.err("No paths yet; write one in \(args.quizzes)/paths/ID.yml (see the README, 'Onboarding a new moderator').\n")
            return ExitCode.success
        }
        var out = ""
        for p in bank.paths {
            out += "\(p.id): \(p.title)\(p.role.isEmpty && p.queue.isEmpty ? "" : " (\([p.role, p.queue].filter { !$0.isEmpty }.joined(separator: ", ")))")\n"
            out += "  applies to: \(LearnerFilter(markets: p.markets, teams: p.teams, vendors: p.vendors).description.replacingOccurrences(of: "the records", with: "every learner"))"
            out += "; assigned to \(counts[p.id] ?? 0) learner\(counts[p.id] == 1 ? "" : "s")\n"
            if let c = p.certificate {
                out += "  certificate: \(c.id), valid \(c.validDays) days"
                out += c.recertBlueprint.isEmpty ? "; no recertification\n" : "; recertify by passing \(c.recertBlueprint), assigned \(c.recertDaysBefore) days before expiry\n"
            } else {
                out += "  certificate: none\n"
            }
            out += CampaignsCommand.table(["  STEP", "DOES", "DUE", "AFTER"], p.steps.map {
                ["  " + $0.id, describe($0), "day \($0.dueDays)", $0.after.isEmpty ? "-" : $0.after.joined(separator: ", ")]
            })
            out += "\n"
        }
        console.out(out)
        return ExitCode.success
    }

    /// What a step asks, in a few words.
    static func describe(_ s: PathStep) -> String {
        switch s.kind {
        case .acknowledge(let readings):
            return "acknowledge " + readings.map { r in r.sections.isEmpty ? r.sopID : r.sections.map { "\(r.sopID)#\($0)" }.joined(separator: ", ") }.joined(separator: ", ")
        case .pass(let b): return "pass \(b)"
        case .calibration(let b): return "take part in \(b)"
        }
    }

    static func object(_ p: LearningPath, learners: Int) -> [String: Any] {
        var o: [String: Any] = ["id": p.id, "title": p.title, "description": p.description, "role": p.role, "queue": p.queue,
                                "applies_to": ["markets": p.markets, "teams": p.teams, "vendors": p.vendors], "learners": learners]
        o["steps"] = p.steps.map { s -> [String: Any] in
            var step: [String: Any] = ["id": s.id, "title": s.title, "due_days": s.dueDays, "after": s.after]
            switch s.kind {
            case .acknowledge(let readings):
                step["kind"] = "acknowledge"
                step["acknowledge"] = readings.map { ["sop": $0.sopID, "sections": $0.sections] }
            case .pass(let b): step["kind"] = "pass"; step["blueprint"] = b
            case .calibration(let b): step["kind"] = "calibration"; step["blueprint"] = b
            }
            return step
        }
        if let c = p.certificate {
            o["certificate"] = ["id": c.id, "valid_days": c.validDays, "recertify": ["blueprint": c.recertBlueprint, "days_before": c.recertDaysBefore]]
        }
        return o
    }

    // MARK: - assign

    static func assign(_ args: ParsedArguments, today: String, console: Console) throws(UsageError) -> Int32 {
        guard let pathID = args.positional(Self.path) else {
            throw UsageError(message: "give the path id: casebook paths assign id-listings-moderator --team id-listings")
        }
        let chosen = [(Self.learner, "learner"), (Self.team, "team"), (Self.market, "market")].compactMap { o, name in args.value(o).map { (name, $0) } }
        guard chosen.count == 1, let (by, value) = chosen.first else {
            throw UsageError(message: "give exactly one of --learner ID, --team T or --market M")
        }
        let start = try date(args.value(Self.start), option: "--start") ?? today
        guard let (handbook, bank) = DataPaths.loadBank(content: args.content, quizzes: args.quizzes, purpose: "assigning a path", console: console) else {
            return ExitCode.contentErrors
        }
        guard let path = bank.path(pathID) else {
            let known = bank.paths.map(\.id)
            return console.fail("no path '\(pathID)' in \(args.quizzes)/paths; \(known.isEmpty ? "write one as \(args.quizzes)/paths/\(pathID).yml" : "available: \(known.joined(separator: ", "))"). Nothing was written")
        }
        guard let records = DataPaths.open(args.db, console: console) else { return ExitCode.contentErrors }
        let applies = LearnerFilter(markets: path.markets, teams: path.teams, vendors: path.vendors)
        do {
            var learners: [Learner]
            if by == "learner" {
                guard let l = try records.learner(value) else {
                    return console.fail("no learner '\(value)'; add them with: casebook learners add \(value) --name \"Full Name\" --team TEAM --market XX. Nothing was written")
                }
                guard applies.matches(l) else {
                    return console.fail("path '\(path.id)' applies to \(applies.description) and \(l.id) is in market \(l.market.isEmpty ? "(none)" : l.market), team \(l.team.isEmpty ? "(none)" : l.team), vendor \(l.vendor.isEmpty ? "(none)" : l.vendor); update the learner or the path's applies_to. Nothing was written")
                }
                learners = [l]
            } else {
                let selection = by == "team" ? LearnerFilter(teams: [value]) : LearnerFilter(markets: [value])
                // A misspelt team or market is named, with the ones learners have.
                if let unknown = selection.unknownValues(among: try records.learners()) {
                    return console.fail(unknown.message(option: "--\(by)") + ". Nothing was written")
                }
                let selected = try records.learners(matching: selection)
                learners = selected.filter(applies.matches)
                guard !learners.isEmpty else {
                    let why = selected.isEmpty ? "nobody is in \(by) \(value)" : "none of the \(selected.count) learner\(selected.count == 1 ? "" : "s") in \(by) \(value) is in the path's \(applies.description)"
                    return console.fail("no learner to assign path '\(path.id)' to: \(why); add learners with casebook learners add, or check the \(by) (casebook learners list). Nothing was written")
                }
            }
            var versions: [String: String] = [:]
            for step in path.steps {
                if case .acknowledge(let readings) = step.kind {
                    for r in readings { versions[r.sopID] = handbook.page(id: r.sopID)?.meta.version ?? "" }
                }
            }
            let result = try records.assignPath(path, sopVersions: versions, learnerIDs: learners.map(\.id), start: start)
            try scheduleRecertifications(records, today: today, console: console)
            var out = ""
            if result.assigned.isEmpty {
                out += "Path \(path.id): nothing to add; \(names(result.alreadyAssigned)) already \(result.alreadyAssigned.count == 1 ? "has" : "have") it.\n"
            } else {
                out += "Path \(path.id) assigned to \(result.assigned.count) learner\(result.assigned.count == 1 ? "" : "s") (\(names(result.assigned))), starting \(start): \(result.tasks) tasks, source \(Records.pathSource(path.id))"
                out += result.alreadyAssigned.isEmpty ? ".\n" : "; \(names(result.alreadyAssigned)) already had it.\n"
                guard let startDate = CivilDate(iso: start) else { return ExitCode.success }
                out += CampaignsCommand.table(["STEP", "DOES", "DUE", "AFTER"], path.steps.map {
                    [$0.id, describe($0), CivilDate(days: startDate.days + $0.dueDays).iso, $0.after.isEmpty ? "-" : $0.after.joined(separator: ", ")]
                })
                if let c = path.certificate { out += "Completing every step grants \(c.id), valid \(c.validDays) days.\n" }
            }
            console.out(out)
            return ExitCode.success
        } catch {
            return console.fail("\(error.message). Nothing was written")
        }
    }

    static func names(_ ids: [String]) -> String {
        ids.count <= 8 ? ids.joined(separator: ", ") : ids.prefix(8).joined(separator: ", ") + " and \(ids.count - 8) more"
    }

    /// The first eight of `ids` and how many more, in the reader's language (as `names` in English).
    static func names(_ ids: [String], _ text: CLIText) -> String {
        guard text.language != nil else { return names(ids) }
        let first = ids.prefix(8).joined(separator: text("analysis.list_separator", ", "))
        guard ids.count > 8 else { return first }
        return text.plural("cli.list.and_more", count: ids.count - 8, one: "{names} and {count} more", other: "{names} and {count} more",
                           ["names": first, "count": text.count(ids.count - 8)])
    }
}
