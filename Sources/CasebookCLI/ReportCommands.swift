import Foundation
import Handbook
import Insights
import Publishing
import Quiz
import Records

/// `casebook gaps`, `casebook items` and `casebook calibration`: one report, three views.
enum ReportCommand {
    static func spec(_ view: ReportView) -> CommandSpec {
        let what: String
        switch view {
        case .gaps:
            what = """
            Knowledge gaps: error rate by SOP section and policy code with Wilson 95% intervals,
            compared with the group (flagged only with at least --min-responses answers, answers on
            at least two questions, a false discovery rate of 5% (Benjamini-Hochberg) and an excess
            of --min-excess); the same by market, team, vendor, cohort and reading language; weekly trends; the top
            confusions (gold X answered as Y) as over-enforcement, under-enforcement or wrong
            policy, weighted by the policy's harm level; learners to retrain (mastery shrunk toward
            the group, so one wrong answer flags nobody); the review queue; calibration.
            """
        case .items:
            what = """
            Question quality, as Moodle's quiz statistics define it: facility index, standard
            deviation, discrimination index (item-rest correlation) and discriminative efficiency,
            with flags (too easy >= 90%, too hard <= 20%, low < 20 or negative discrimination) and
            suspect answer keys (the strongest 27% of learners converge on one "wrong" answer).
            The review queue puts questions that are both missed and contested first.
            """
        case .calibration:
            what = """
            Calibration: agreement between moderators on case decisions, overall and per policy
            code, by Krippendorff's alpha (nominal) and Fleiss' kappa; the lowest-agreement cases
            with their SOP section, likely SOP ambiguity first.
            """
        }
        let summary: String
        switch view {
        case .gaps: summary = "Knowledge gaps: SOP sections and policy codes people get wrong, by market, team, vendor, cohort and language, confusions, learners to retrain, the review queue, calibration."
        case .items: summary = "Question quality (facility, discrimination, suspect answer keys) and the review queue."
        case .calibration: summary = "Agreement between moderators on case decisions; the lowest-agreement cases."
        }
        let report = CommandSpec(
            name: view.rawValue,
            summary: summary,
            options: filterOptions + [format, json, siteURL, top, minResponses, minExcess] + [lang] + [DataOptions.db, DataOptions.content, DataOptions.quizzes],
            discussion: what.replacingOccurrences(of: "\n", with: " "),
            exitStatus: "0 report printed, 1 database or content error, 2 usage error.",
            run: { args, console throws(UsageError) in try run(args, view: view, console: console) })
        guard view == .items else { return report }
        // `casebook items` is the report (its default); `casebook items calibrate` calibrates difficulties.
        var shown = report
        shown.name = "report"
        return CommandSpec(name: view.rawValue, summary: summary + " With 'calibrate': Rasch item difficulties.",
                           subcommands: [shown, ItemsCalibrate.spec], defaultSubcommand: "report")
    }

    static let since = OptionSpec.value("--since", "YYYY-MM-DD", help: "Only answers on or after this date")
    static let until = OptionSpec.value("--until", "YYYY-MM-DD", help: "Only answers before this date (exclusive)")
    static let market = OptionSpec.value("--market", "M", help: "Only learners in this market")
    static let team = OptionSpec.value("--team", "T", help: "Only learners in this team")
    static let vendor = OptionSpec.value("--vendor", "V", help: "Only learners of this vendor")
    /// The filters `gaps`, `items`, `calibration` and `mistakes publish` share.
    static let filterOptions = [since, until, market, team, vendor]
    static let format = OptionSpec.value("--format", "table|json|csv|markdown", help: "Output format (default: table)")
    static let json = OptionSpec.flag("--json", help: "Same as --format json: the whole report with stable snake_case keys")
    static let siteURL = OptionSpec.value("--site-url", "URL", help: "Prefix for SOP links (for a Markdown digest pasted into a ticket)")
    static let top = OptionSpec.value("--top", "N", help: "Rows per ranked table in the table and Markdown formats (default: 15)")
    static let minResponses = OptionSpec.value("--min-responses", "N", help: "Answers a section, code or slice needs before it can be flagged (default: 30)")
    static let lang = OptionSpec.value("--lang", "LANG", help: "Language of the table's headings and messages: th, id, vi, ar or en (default: $CASEBOOK_LANG, else en); JSON and CSV stay as they are")
    static let minExcess = OptionSpec.value("--min-excess", "X", help: "How far a gap must exceed the group's error rate to be flagged, as a fraction (default: 0.10, ten points)")

    /// The language of the table output: `--lang`, else `$CASEBOOK_LANG`; nil for English
    /// (whose table stays byte for byte as it was).
    /// One no shipped catalogue speaks is a usage error naming where it came from.
    static func language(_ args: ParsedArguments, option: OptionSpec = lang) throws(UsageError) -> Localized? {
        let given = args.value(option).map { ($0, "--lang") }
            ?? ProcessInfo.processInfo.environment["CASEBOOK_LANG"].flatMap { $0.isEmpty ? nil : ($0, "CASEBOOK_LANG") }
        guard let (code, source) = given else { return nil }
        guard DefaultTheme.messages.supports(code) else {
            throw UsageError(message: "\(source) '\(code)': Casebook speaks \(DefaultTheme.messages.languages.joined(separator: ", "))")
        }
        let localized = DefaultTheme.messages.localized(code)
        return localized.language == Messages.fallbackLanguage ? nil : localized
    }

    /// The filters given with `filterOptions`.
    static func filter(_ args: ParsedArguments) throws(UsageError) -> ReportFilter {
        var filter = ReportFilter()
        filter.since = try date(args.value(since), "--since")
        filter.until = try date(args.value(until), "--until")
        filter.market = args.value(market)?.uppercased()
        filter.team = args.value(team)
        filter.vendor = args.value(vendor)
        return filter
    }

    static func run(_ args: ParsedArguments, view: ReportView, console: Console) throws(UsageError) -> Int32 {
        let db = args.db
        let content = args.content
        let quizzes = args.quizzes
        let filter = try Self.filter(args)
        let formatName = args.flag(Self.json) ? "json" : (args.value(Self.format) ?? "table")
        guard let format = ReportFormat(rawValue: formatName) else {
            throw UsageError(message: "--format must be one of table, json, csv, markdown")
        }
        let siteURL = args.value(Self.siteURL) ?? ""
        var options = ReportOptions()
        if let n = args.value(Self.minResponses) {
            guard let v = Int(n), v >= 1 else { throw UsageError(message: "--min-responses must be a whole number of at least 1") }
            options.minResponses = v
        }
        if let x = args.value(Self.minExcess) {
            guard let v = Double(x), v >= 0, v < 1 else { throw UsageError(message: "--min-excess must be a fraction such as 0.10 (ten points)") }
            options.minExcess = v
        }
        var top = 15
        if let n = args.value(Self.top) {
            guard let v = Int(n), v >= 1 else { throw UsageError(message: "--top must be a whole number of at least 1") }
            top = v
        }
        if let a = filter.since, let b = filter.until, a >= b { throw UsageError(message: "--since \(a) is not before --until \(b)") }
        let language = try Self.language(args)

        guard DataPaths.exists(db) else {
            console.err("casebook: \(db): no records database yet; answers are recorded by 'casebook quiz' and 'casebook serve' (or pass --db PATH)\n")
            return ExitCode.contentErrors
        }
        guard let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
        var trace = Trace()
        console.progress("Reading answers")
        // Answers are read on other threads while the handbook and bank load.
        let scanFilter = filter
        let scan = BackgroundValue { () -> Result<AnswerScan, RecordsError> in
            do throws(RecordsError) { return .success(try AnswerScan.read(records: records, filter: scanFilter)) } catch { return .failure(error) }
        }
        guard let (handbook, bank) = DataPaths.loadBank(content: content, quizzes: quizzes, purpose: "reporting", console: console) else {
            return ExitCode.contentErrors
        }
        trace.mark("load bank")
        do {
            let catalog = Catalog(handbook: handbook, bank: bank)
            let answers = try scan.value.get()
            trace.mark("read answers")
            console.progress("Analysing \(answers.rows.formatted()) answers")
            let evidence = try Evidence(answers, catalog: catalog)
            trace.mark("merge answers")
            console.progress("Analysing \(evidence.count.formatted()) answers")
            let report = GapReport.make(evidence, filter: filter, options: options, contests: try records.openContests(admittedBy: filter))
            trace.mark("analyse")
            console.clearProgress()
            var printer = ReportPrinter(format: format, siteURL: siteURL, top: top)
            printer.language = language
            if let language { printer.actionLabels = Action.translatedLabels(bank.actions, in: language.language) }
            let text = printer.render(report, view: view)
            trace.mark("format")
            console.out(text)
            return ExitCode.success
        } catch {
            console.clearProgress()
            return console.fail(error.message)
        }
    }

    static func date(_ value: String?, _ name: String) throws(UsageError) -> String? {
        guard let value else { return nil }
        guard PageMetadata.isoDate(value) != nil else { throw UsageError(message: "\(name) must be a date written YYYY-MM-DD, not '\(value)'") }
        return value
    }
}

/// `casebook contests`: list learners' contests of answer keys and resolve them.
enum ContestsCommand {
    static let status = OptionSpec.value("--status", "open|upheld|rejected|all", help: "Which contests to list (default: open)")
    static let json = OptionSpec.flag("--json", help: "Print the contests as a JSON array")
    static let uphold = OptionSpec.flag("--uphold", help: "The key was wrong: change it to --key and re-grade")
    static let reject = OptionSpec.flag("--reject", help: "The key stands")
    static let key = OptionSpec.value("--key", "KEY[,KEY...]", help: """
        The right answer, with --uphold: an action id (decision questions), policy codes (codes \
        questions; "none" for no violation), sop-id#anchor (section questions) or option letters \
        (authored questions)
        """)
    static let note = OptionSpec.value("--note", "TEXT", help: "Why, for the learner and the audit log", required: true)
    static let by = OptionSpec.value("--by", "NAME", help: "Who resolved it (default: $USER)")
    static let id = PositionalSpec.required("ID", help: "The contest's id", missing: "give the contest id: casebook contests resolve ID --uphold|--reject")

    static let spec = CommandSpec(
        name: "contests",
        summary: "Reviews learners' contests of answer keys; upholding one changes the key and re-grades.",
        discussion: """
        Learners contest an answer key from the quiz player; trainers review them here (the review \
        queue of 'casebook items' puts questions both missed and contested first).

        --reject keeps the key. --uphold changes it: KEY is an action id (decision questions), policy \
        codes (codes questions; "none" for no violation), sop-id#anchor (section questions) or \
        option letters (authored questions). Casebook then, in this order: writes the new key into \
        the bank file (only the key's line changes, and 'reviewed:' is set to today); re-grades every \
        stored response to that question and re-scores the finished attempts that contain one (pass \
        or fail against the blueprint's pass mark); logs the change; and closes the contest as upheld. \
        If the database step fails the bank file is restored, so the two never disagree.
        """,
        subcommands: [
            CommandSpec(name: "list", summary: "Lists contests.", options: [status, json, DataOptions.db]),
            CommandSpec(name: "resolve", summary: "Upholds (changes the key, re-grades) or rejects a contest.", positionals: [id],
                        options: [uphold, reject, key, note, by, DataOptions.db, DataOptions.content, DataOptions.quizzes]),
        ],
        defaultSubcommand: "list",
        run: { args, console throws(UsageError) in try run(args, console: console) })

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let db = args.db
        let sub = args.subcommand ?? ""
        switch sub {
        case "list":
            let status = args.value(Self.status) ?? "open"
            guard ["open", "upheld", "rejected", "all"].contains(status) else { throw UsageError(message: "--status must be open, upheld, rejected or all") }
            let json = args.flag(Self.json)
            guard let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
            do {
                let contests = try records.contests(status: status == "all" ? nil : status)
                if json {
                    let items: [[String: Any]] = contests.map {
                        ["id": $0.id, "attempt": $0.attemptID, "position": $0.position, "item": $0.itemID, "kind": $0.kind, "learner": $0.learnerID,
                         "comment": $0.comment, "created": $0.createdAt, "status": $0.status, "resolution": $0.resolution,
                         "resolved": $0.resolvedAt ?? NSNull(), "resolved_by": $0.resolvedBy, "chosen": $0.chosen, "key": $0.gold]
                    }
                    let data = (try? JSONSerialization.data(withJSONObject: items, options: [.prettyPrinted, .sortedKeys])) ?? Data("[]".utf8)
                    console.out(String(decoding: data, as: UTF8.self) + "\n")
                } else if contests.isEmpty {
                    console.err("No \(status == "all" ? "" : status + " ")contests.\n")
                } else {
                    for c in contests {
                        console.out("#\(c.id) \(c.status)  \(c.itemID) (\(c.kind.isEmpty ? "unanswered" : c.kind))  by \(c.learnerID) on \(c.createdAt.prefix(10))\n")
                        console.out("    chose \(c.chosen.isEmpty ? "-" : c.chosen), key \(c.gold.isEmpty ? "-" : c.gold): \(c.comment.replacingOccurrences(of: "\n", with: " "))\n")
                        if c.status != "open" { console.out("    \(c.status) by \(c.resolvedBy) on \((c.resolvedAt ?? "").prefix(10)): \(c.resolution)\n") }
                    }
                }
                return ExitCode.success
            } catch {
                return console.fail(error.message)
            }
        case "resolve":
            guard let idText = args.positional(Self.id), let id = Int64(idText) else { throw UsageError(message: "give the contest id: casebook contests resolve ID --uphold|--reject") }
            let uphold = args.flag(Self.uphold), reject = args.flag(Self.reject)
            guard uphold != reject else { throw UsageError(message: "say --uphold (the key was wrong) or --reject (the key stands)") }
            let key = args.value(Self.key)
            guard let note = args.value(Self.note), !note.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw UsageError(message: "--note is required: say why, for the learner and the audit log")
            }
            let by = args.value(Self.by) ?? (ProcessInfo.processInfo.environment["USER"] ?? "trainer")
            let content = args.content
            let quizzes = args.quizzes
            if uphold && key == nil { throw UsageError(message: "--uphold needs --key with the right answer (see casebook contests --help)") }
            if reject && key != nil { throw UsageError(message: "--key goes with --uphold; a rejected contest keeps the key") }
            guard let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
            if reject {
                do {
                    try records.resolveContest(id, status: "rejected", resolution: note, by: by)
                    console.out("Contest \(id) rejected; the key stands.\n")
                    return ExitCode.success
                } catch {
                    return console.fail(error.message)
                }
            }
            guard let (handbook, bank) = DataPaths.loadBank(content: content, quizzes: quizzes, purpose: "changing an answer key", console: console) else {
                return ExitCode.contentErrors
            }
            return upholdContest(id, key: key ?? "", note: note, by: by, records: records, handbook: handbook, bank: bank, quizzes: quizzes, console: console)
        default:
            throw UsageError(message: "unknown contests command '\(sub)'; use list or resolve")
        }
    }

    static func upholdContest(_ id: Int64, key: String, note: String, by: String, records: Records, handbook: Handbook, bank: QuizBank,
                       quizzes: String, console: Console) -> Int32 {
        let contest: ContestRecord
        do {
            guard let c = try records.contest(id) else {
                console.err("casebook: contest \(id) does not exist; 'casebook contests --status all' lists them\n")
                return ExitCode.contentErrors
            }
            contest = c
        } catch {
            return console.fail(error.message)
        }
        guard contest.status == "open" else {
            console.err("casebook: contest \(id) is already \(contest.status); nothing was changed\n")
            return ExitCode.contentErrors
        }
        guard let kind = QuestionKind(rawValue: contest.kind) else {
            console.err("casebook: contest \(id) is about a question that was never answered; reject it or edit the bank by hand\n")
            return ExitCode.contentErrors
        }
        // The new key, validated against the handbook and bank.
        var keys = key.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let file: String
        let multiple: Bool
        if let c = bank.case(contest.itemID) {
            file = c.file
            multiple = kind == .codes
            switch kind {
            case .decision:
                guard keys.count == 1, bank.actions.contains(where: { $0.id == keys[0] }) else {
                    console.err("casebook: '\(key)' is not an action; use one of \(bank.actions.map(\.id).joined(separator: ", "))\n")
                    return ExitCode.contentErrors
                }
            case .codes:
                if keys == ["none"] { keys = [QuizDrawer.noViolation] }
                let unknown = keys.filter { $0 != QuizDrawer.noViolation && handbook.codes[$0] == nil }
                guard unknown.isEmpty, !keys.isEmpty else {
                    console.err("casebook: unknown policy code\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")); the codes index lists them all\n")
                    return ExitCode.contentErrors
                }
            case .section:
                guard keys.count == 1, let ref = SectionRef(keys[0]), handbook.page(id: ref.pageID)?.sections.contains(where: { $0.anchor == ref.anchor }) == true else {
                    console.err("casebook: '\(key)' is not an SOP section; write it as sop-id#anchor\n")
                    return ExitCode.contentErrors
                }
            case .knowledge:
                console.err("casebook: contest \(id) is about a case; use its kind's key\n")
                return ExitCode.contentErrors
            }
        } else if let q = bank.questions.first(where: { $0.id == contest.itemID }) {
            file = q.file
            multiple = q.type == .multiple
            let letters = Set(q.options.indices.map { QuizDrawer.letter($0) })
            keys = keys.map { $0.lowercased() }
            guard !keys.isEmpty, keys.allSatisfy(letters.contains), multiple || keys.count == 1 else {
                console.err("casebook: the key for \(q.id) is option letters among \(letters.sorted().joined(separator: ", "))\(multiple ? "" : ", exactly one") \n")
                return ExitCode.contentErrors
            }
        } else {
            console.err("casebook: \(contest.itemID) is no longer in the bank; nothing to change\n")
            return ExitCode.contentErrors
        }
        let gold = OptionKeys.join(keys.sorted())
        let path = (quizzes as NSString).appendingPathComponent(file)
        let original = try? String(contentsOfFile: path, encoding: .utf8)
        let today = String(Timestamp.iso(Date()).prefix(10))
        do {
            try BankEditor.setKey(file: path, kind: kind, keys: keys, today: today)
        } catch {
            console.err("casebook: \(error.description)\n")
            return ExitCode.contentErrors
        }
        do {
            let change = try records.changeKey(itemID: contest.itemID, kind: contest.kind, newGold: gold, contestID: id, by: by, resolution: note,
                                               score: { Grader.score(chosen: $0, gold: gold, multiple: multiple) },
                                               passMark: { bank.blueprint($0)?.passMark })
            console.out("""
                Contest \(id) upheld: the key of \(contest.itemID) (\(contest.kind)) is now \(gold) (was \(change.oldGold.joined(separator: " | "))).
                \(file): key updated, reviewed \(today).
                Re-graded \(change.responses) response\(change.responses == 1 ? "" : "s") (\(change.changedScores) changed score) in \(change.attempts) attempt\(change.attempts == 1 ? "" : "s").

                """)
            return ExitCode.success
        } catch {
            if let original { try? Data(original.utf8).write(to: URL(fileURLWithPath: path)) }
            console.err("casebook: \(error.message)\n\(file) was restored; nothing was changed\n")
            return ExitCode.contentErrors
        }
    }
}
