import Foundation
import Handbook
import Publishing
import Quiz
import Records

/// Shared options for commands that use the records database.
enum DataPaths {
    /// The default database: `data/casebook.db` under the current folder.
    static let defaultDatabase = "data/casebook.db"

    /// Loads the handbook and the quiz bank, reporting what stops `purpose`. Content errors
    /// block it too: a quiz must never be drawn from a bank with dead references.
    /// `site`: the site folder whose last build's history snapshot spares walking the git
    /// history again (see `SiteHistory.lastSnapshot(ofSite:)`).
    static func loadBank(content: String, quizzes: String, purpose: String, site: String = "site", console: Console) -> (Handbook, QuizBank)? {
        let handbook: Handbook
        let bank: QuizBank
        do {
            handbook = try Handbook.load(content: content)
            bank = try QuizBank.load(quizzes: quizzes, handbook: handbook, history: history(content: content, handbook: handbook, site: site, console: console))
        } catch {
            CasebookCommand.report(error.diagnostics, console: console)
            return nil
        }
        let problems = (handbook.diagnostics + bank.diagnostics).filter { $0.severity == .error }
        if !problems.isEmpty {
            CasebookCommand.report(problems, console: console)
            console.err("casebook: fix the errors above ('casebook check') before \(purpose)\n")
            return nil
        }
        return (handbook, bank)
    }

    /// The SOP history the bank's review check reads (which items need review after an SOP
    /// change). A history that cannot be read (a shallow clone) is reported as a warning and
    /// the check falls back to the SOPs' change logs: `check` and `build` report it as an error.
    static func history(content: String, handbook: Handbook, site: String = "site", console: Console) -> SiteHistory? {
        do throws(HandbookError) {
            return try SiteHistory.read(content: content, handbook: handbook, since: SiteHistory.lastSnapshot(ofSite: site))
        } catch {
            let problems = error.diagnostics.map { d -> Diagnostic in
                var d = d
                d.severity = .warning
                d.message += "; until then items needing review are found from the SOPs' change logs"
                return d
            }
            CasebookCommand.report(problems, console: console)
            return nil
        }
    }

    /// The quiz bank folder used when none is given: `Quizzes/` beside the content folder.
    static func quizzes(besides content: String) -> String {
        let parent = PathText.parent(of: content)
        return parent.isEmpty ? "Quizzes" : parent + "/Quizzes"
    }

    static func open(_ path: String, console: Console) -> Records? {
        do { return try Records(path: path) } catch {
            _ = console.fail(error.message)
            return nil
        }
    }
}

enum LearnersCommand {
    static let name = OptionSpec.value("--name", "NAME", help: "The learner's full name", required: true)
    static let team = OptionSpec.value("--team", "T", help: "The learner's team")
    static let vendor = OptionSpec.value("--vendor", "V", help: "The vendor the learner works for")
    static let market = OptionSpec.value("--market", "M", help: "The learner's market, e.g. UK")
    static let start = OptionSpec.value("--start", "YYYY-MM-DD", help: "The learner's start date (for cohorts)")
    static let json = OptionSpec.flag("--json", help: "Print an array of {id, name, team, vendor, market, start}")
    static let id = PositionalSpec.required("ID", help: "The learner's id", missing: "give the learner an id: casebook learners add ID --name NAME")

    static let spec = CommandSpec(
        name: "learners",
        summary: "Adds, lists or shows learners (moderators who take quizzes).",
        discussion: """
        Adds or lists learners (moderators who take quizzes). The records database defaults to \
        \(DataPaths.defaultDatabase).
        """,
        subcommands: [
            CommandSpec(name: "add", summary: "Adds a learner.", positionals: [id],
                        options: [name, team, vendor, market, start, DataOptions.db]),
            CommandSpec(name: "list", summary: "Lists the learners.", options: [DataOptions.db, json]),
            LearnersShow.spec,
        ],
        run: { args, console throws(UsageError) in try run(args, console: console) })

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let db = args.db
        let sub = args.subcommand ?? ""
        switch sub {
        case "add":
            guard let id = args.positional(Self.id) else { throw UsageError(message: "give the learner an id: casebook learners add ID --name NAME") }
            guard let name = args.value(Self.name), !name.isEmpty else { throw UsageError(message: "--name is required") }
            let team = args.value(Self.team) ?? ""
            let vendor = args.value(Self.vendor) ?? ""
            let market = (args.value(Self.market) ?? "").uppercased()
            let start = args.value(Self.start) ?? ""
            if !start.isEmpty, PageMetadata.isoDate(start) == nil { throw UsageError(message: "--start must be a date written YYYY-MM-DD") }
            guard let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
            do {
                try records.addLearner(Learner(id: id, name: name, team: team, vendor: vendor, market: market, startDate: start))
            } catch {
                return console.fail(error.message)
            }
            console.out("Added learner \(id) (\(name)\(team.isEmpty ? "" : ", team \(team)")\(market.isEmpty ? "" : ", \(market)")).\n")
            return ExitCode.success
        case "list":
            let json = args.flag(Self.json)
            guard let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
            do {
                let all = try records.learners()
                if json {
                    let items = all.map { ["id": $0.id, "name": $0.name, "team": $0.team, "vendor": $0.vendor, "market": $0.market, "start": $0.startDate] }
                    console.out(String(decoding: try JSONSerialization.data(withJSONObject: items, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self) + "\n")
                } else {
                    for l in all { console.out("\(l.id)\t\(l.name)\t\(l.team)\t\(l.vendor)\t\(l.market)\t\(l.startDate)\n") }
                }
            } catch let error as RecordsError {
                return console.fail(error.message)
            } catch {
                return ExitCode.contentErrors
            }
            return ExitCode.success
        case "show":
            return try LearnersShow.run(args, console: console)
        default:
            throw UsageError(message: "unknown learners command '\(sub)'; use add, list or show")
        }
    }
}

enum AttemptsCommand {
    static func verify(_ id: Int64, records: Records, content: String, quizzes: String, console: Console) -> Int32 {
        do {
            guard let attempt = try records.attempt(id) else {
                console.err("casebook: no attempt \(id)\n")
                return ExitCode.contentErrors
            }
            let handbook = try Handbook.load(content: content)
            let bank = try QuizBank.load(quizzes: quizzes, handbook: handbook,
                                         history: DataPaths.history(content: content, handbook: handbook, console: console))
            let lifecycle = AttemptLifecycle(records: records, bank: bank, handbook: handbook)
            guard let redrawn = try lifecycle.redraw(attempt) else {
                console.err("casebook: blueprint '\(attempt.blueprintID)' is no longer in the bank; the stored questions are the record\n")
                return ExitCode.contentErrors
            }
            let stored = try JSONDecoder().decode([QuizItem].self, from: Data(attempt.itemsJSON.utf8))
            // An adaptive exam: its pool is re-drawn, then its steps replayed against its stored plan and answers.
            if let audit = try lifecycle.auditAdaptive(attempt, items: stored) {
                if !audit.problems.isEmpty {
                    console.out("Attempt \(id) does not replay: its stored steps, answers or result were changed since it was taken.\n")
                    for p in audit.problems { console.out("  \(p)\n") }
                    return ExitCode.contentErrors
                }
                if redrawn.items == stored {
                    let o = audit.outcome
                    console.out("Attempt \(id) re-created exactly: adaptive exam of \(audit.steps) questions from a pool of \(stored.count), every step replayed (ability \(String(format: "%.4f", o.theta)), SE \(String(format: "%.4f", o.standardError)); pass mark \(String(format: "%.4f", o.passTheta)) on the ability scale: \(o.passed ? "passed" : "not passed")), seed \(attempt.seed), content version \(attempt.contentVersion).\n")
                    if let note = audit.calibrationNote { console.out("Note: \(note).\n") }
                    return ExitCode.success
                }
            }
            if redrawn.items == stored {
                console.out("Attempt \(id) re-created exactly: \(stored.count) questions, seed \(attempt.seed), content version \(attempt.contentVersion).\n")
                return ExitCode.success
            }
            let changed = bank.contentVersion != attempt.contentVersion
            console.out("Attempt \(id) differs when drawn again\(changed ? ": the bank changed since (content version \(attempt.contentVersion) then, \(bank.contentVersion) now)" : ""). The questions stored with the attempt are the record.\n")
            return ExitCode.contentErrors
        } catch let e as HandbookError {
            CasebookCommand.report(e.diagnostics, console: console)
        } catch let e as RecordsError {
            console.err("casebook: \(e.message)\n")
        } catch {
            console.err("casebook: \(error)\n")
        }
        return ExitCode.contentErrors
    }

    static let learner = OptionSpec.value("--learner", "ID", help: "Only this learner's attempts")
    static let blueprint = OptionSpec.value("--blueprint", "ID", help: "Only attempts at this blueprint")
    static let json = OptionSpec.flag("--json", help: "Print an array of {id, learner, blueprint, seed, content_version, started, finished, percent, passed}")
    static let id = PositionalSpec.required("ID", help: "The attempt's id", missing: "give the attempt id: casebook attempts verify ID")

    static let spec = CommandSpec(
        name: "attempts",
        summary: "Lists quiz attempts with score and pass/fail; 'verify' re-creates one from its seed for audit.",
        discussion: """
        Lists attempts: learner, blueprint, when, score, pass or fail. --json prints an array of \
        {id, learner, blueprint, seed, content_version, started, finished, percent, passed}.

        'verify' re-creates an attempt for audit: it draws again from the stored seed, the \
        learner's history at the time and the current bank, and compares with the questions \
        stored with the attempt (exit 0 when identical, 1 when the bank changed since). An adaptive \
        exam is also replayed step by step from its stored plan (the calibrated difficulties it \
        used) and answers: every item chosen, the ability and standard error after each answer \
        and the pass or fail must agree with what was stored (exit 1 naming the step that does not).
        """,
        subcommands: [
            CommandSpec(name: "list", summary: "Lists attempts: learner, blueprint, when, score, pass or fail.",
                        options: [learner, blueprint, DataOptions.db, json]),
            CommandSpec(name: "verify", summary: "Re-creates an attempt from its seed and compares it with the questions stored with it.",
                        positionals: [id], options: [DataOptions.db, DataOptions.content, DataOptions.quizzes]),
        ],
        defaultSubcommand: "list",
        run: { args, console throws(UsageError) in try run(args, console: console) })

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let db = args.db
        if args.subcommand == "verify" {
            guard let idText = args.positional(Self.id), let id = Int64(idText) else { throw UsageError(message: "give the attempt id: casebook attempts verify ID") }
            let content = args.content
            let quizzes = args.quizzes
            guard let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
            return verify(id, records: records, content: content, quizzes: quizzes, console: console)
        }
        let learner = args.value(Self.learner)
        let blueprint = args.value(Self.blueprint)
        let json = args.flag(Self.json)
        guard let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
        let attempts: [AttemptRecord]
        do { attempts = try records.attempts(learnerID: learner, blueprintID: blueprint) } catch {
            return console.fail(error.message)
        }
        if json {
            let items: [[String: Any]] = attempts.map { a in
                ["id": a.id, "learner": a.learnerID, "blueprint": a.blueprintID, "seed": String(a.seed), "content_version": a.contentVersion,
                 "started": a.startedAt, "finished": a.finishedAt ?? NSNull(), "percent": a.percent ?? NSNull(), "passed": a.passed ?? NSNull()]
            }
            let data = (try? JSONSerialization.data(withJSONObject: items, options: [.prettyPrinted, .sortedKeys])) ?? Data("[]".utf8)
            console.out(String(decoding: data, as: UTF8.self) + "\n")
        } else if attempts.isEmpty {
            console.err("No attempts yet.\n")
        } else {
            console.out("ID\tLEARNER\tBLUEPRINT\tSTARTED\tSCORE\tRESULT\n")
            for a in attempts {
                let score = a.percent.map { String(format: "%.1f%%", $0) } ?? "-"
                let result = a.passed.map { $0 ? "pass" : "fail" } ?? "in progress"
                console.out("\(a.id)\t\(a.learnerID)\t\(a.blueprintID)\t\(a.startedAt.prefix(16))\t\(score)\t\(result)\n")
            }
        }
        return ExitCode.success
    }
}
