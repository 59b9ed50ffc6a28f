import CivilDate
import Foundation
import Handbook
import History
import Insights
import Quiz
import Records

/// `casebook campaigns`: assigns an SOP update to the learners it applies to and reports completion.
enum CampaignsCommand {
    static let sop = PositionalSpec.required("SOP-ID", help: "The page id of the updated SOP",
                                             missing: "give the id of an SOP: casebook campaigns create refund-abuse --version 3.2 --due 2026-12-15")
    static let id = PositionalSpec.required("ID", help: "The campaign id (see casebook campaigns list)", missing: "give the campaign id: casebook campaigns show 1")
    static let version = OptionSpec.value("--version", "V", help: "The version to read and acknowledge: the SOP's current one", required: true)
    static let due = OptionSpec.value("--due", "YYYY-MM-DD", help: "The due date (today or later)", required: true)
    static let markets = OptionSpec.value("--markets", "ID,TH", help: "Only learners in these markets (default: the SOP's markets, or all)")
    static let teams = OptionSpec.value("--teams", "T,...", help: "Only learners in these teams")
    static let vendors = OptionSpec.value("--vendors", "V,...", help: "Only learners working for these vendors")
    static let quiz = OptionSpec.value("--quiz", "N", help: "Also pass an update quiz of N questions on the changed sections")
    static let today = OptionSpec.value("--today", "YYYY-MM-DD", help: "The date to check the due date against or count overdue on (default: today, UTC)")
    static let json = OptionSpec.flag("--json", help: "Print an array of campaigns as JSON")
    static let format = OptionSpec.value("--format", "table|json|csv", help: "Output format (default: table)")

    static let spec = CommandSpec(
        name: "campaigns",
        summary: "Assigns an SOP update to every learner it applies to, and reports who has read it and passed its quiz.",
        discussion: """
        'create' assigns version V of an SOP to every learner in its markets ('markets:' front \
        matter; all learners when it has none), or in the --markets, --teams and --vendors \
        given: each must read and acknowledge that version by the due date and, with --quiz N, \
        pass an update quiz of N questions drawn only from the cases and questions citing the \
        sections changed since the previous version (the pool is stored with the campaign). \
        'list' lists campaigns; 'show' gives completion by market, team and vendor (assigned, \
        acknowledged, passed, overdue), the learners overdue, and "did it work?": the error rate \
        of the assigned learners' quiz answers on the changed sections (and, once QA audits \
        are imported, of their audited production decisions there) before and after the \
        version's effective date ('effective:' front matter, or its change-log entry), with 95% \
        Wilson intervals, the answers and learners behind them, and a verdict only when each \
        side has \(CampaignOutcome.minimumAnswers) answers from \(CampaignOutcome.minimumLearners) learners, the intervals do not \
        overlap and the same learners' answers agree (Mantel-Haenszel by learner, p < 0.05). --format csv prints the completion table, a blank line, then the did-it-work \
        table. The records database defaults to \(DataPaths.defaultDatabase).
        """,
        exitStatus: "0 done, 1 unknown SOP, version or campaign, a version that is not the current one, a due date in the past, no learner to assign, or a database error (nothing written), 2 usage error.",
        subcommands: [
            CommandSpec(name: "create", summary: "Assigns an SOP version to the learners it applies to, with a due date.",
                        positionals: [sop], options: [version, due, markets, teams, vendors, quiz, today, DataOptions.content, DataOptions.quizzes, DataOptions.db]),
            CommandSpec(name: "list", summary: "Lists campaigns.", options: [json, DataOptions.db]),
            CommandSpec(name: "show", summary: "Completion of a campaign by market, team and vendor, the learners overdue, and whether errors went down.",
                        positionals: [id], options: [format, today, ReportCommand.lang, DataOptions.content, DataOptions.quizzes, DataOptions.db]),
        ],
        defaultSubcommand: "list",
        run: { args, console throws(UsageError) in try run(args, console: console) })

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let sub = args.subcommand ?? "list"
        guard sub == "create" || sub == "show" else { return list(args, console: console) }
        let todayText = args.value(Self.today) ?? Timestamp.iso(Date()).prefix(10).description
        guard CivilDate(iso: todayText)?.iso == todayText else { throw UsageError(message: "--today must be a date written YYYY-MM-DD") }
        return sub == "create" ? try create(args, today: todayText, console: console) : try show(args, today: todayText, console: console)
    }

    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    // MARK: - create

    static func create(_ args: ParsedArguments, today: String, console: Console) throws(UsageError) -> Int32 {
        let sopID = args.positional(Self.sop) ?? ""
        // Replaced by the SOP's own spelling of it once found ("v3.2" given, "3.2" published).
        var version = args.value(Self.version) ?? ""
        let due = args.value(Self.due) ?? ""
        guard CivilDate(iso: due)?.iso == due else { throw UsageError(message: "--due must be a date written YYYY-MM-DD, e.g. 2026-12-15") }
        // An empty list given (an unset shell variable) would otherwise mean every learner.
        for option in [Self.markets, Self.teams, Self.vendors] {
            if let given = args.value(option), list(given).isEmpty {
                throw UsageError(message: "\(option.name) needs at least one value (\(option.name) \(option.placeholder)); leave it out to use the default")
            }
        }
        var quizSize = 0
        if let n = args.value(Self.quiz) {
            guard let size = Int(n), size > 0 else { throw UsageError(message: "--quiz must be a number of questions, 1 or more") }
            quizSize = size
        }
        if due < today {
            return console.fail("the due date \(due) is in the past (today is \(today)); give a due date of today or later. Nothing was written")
        }
        let content = args.content
        let handbook: Handbook
        do { handbook = try Handbook.load(content: content, includeDrafts: true, searchText: false) } catch {
            CasebookCommand.report(error.diagnostics, console: console)
            return ExitCode.contentErrors
        }
        guard let page = handbook.page(id: sopID) else {
            return console.fail("no SOP with id '\(sopID)' in \(content); use the 'id:' of a page (or its file name without .md). Nothing was written")
        }
        // The version must be published; the sections changed since the one before it.
        var previous = ""
        var changed: [String] = []
        do throws(HistoryError) {
            let history = try VersionHistory.read(content: content, paths: [page.path])
            let versions = try history.versions(of: page.path)
            guard let published = versions.last(where: { VersionNumber.compare($0.version, version) == 0 }) else {
                let known = versions.map(\.version).filter { !$0.isEmpty }
                return console.fail("\(sopID) has no version \(version); its versions are \(known.isEmpty ? "none (no 'version:' front matter)" : known.joined(separator: ", "))\(history.repositoryRoot == nil ? " (\(content) is not in a git repository, so only the current version exists)" : ""). Nothing was written")
            }
            // Tasks are completed by acknowledgements of this exact label, and moderators can
            // acknowledge only the version the site shows (the current one).
            version = published.version
            if let current = versions.last, VersionNumber.compare(current.version, version) != 0 {
                return console.fail("\(sopID) is at version \(current.version) now: moderators can acknowledge only the version the site shows, so a campaign for \(version) could never be completed; create it for \(current.version). Nothing was written")
            }
            // As the site serves it (and so as acknowledgements record it).
            if !page.meta.version.isEmpty { version = page.meta.version }
            if let pair = try history.pick(versions, path: page.path, from: nil, to: version) {
                let diff = try history.diff(of: page.path, page: sopID, from: pair.from, to: pair.to)
                previous = pair.from.version
                var seen = Set<String>()
                for s in diff.sections where s.status != .unchanged {
                    for a in [s.newAnchor, s.oldAnchor].compactMap({ $0 }) where seen.insert(a).inserted { changed.append(a) }
                }
            } else {
                // The first version: every section is new.
                changed = page.sections.map(\.anchor)
            }
        } catch {
            return console.fail("\(error.description). Nothing was written")
        }
        // The update quiz's pool: the active cases and questions citing a changed section.
        var pool: [String] = []
        if quizSize > 0 {
            let bank: QuizBank
            // Read with the SOP history: items citing a changed section that nobody has
            // re-reviewed since are held from exams, and the update quiz is an exam.
            do { bank = try QuizBank.load(quizzes: args.quizzes, handbook: handbook,
                                          history: DataPaths.history(content: content, handbook: handbook, console: console)) } catch {
                CasebookCommand.report(error.diagnostics, console: console)
                return ExitCode.contentErrors
            }
            let anchors = Set(changed)
            func cites(_ r: SectionRef) -> Bool { r.pageID == sopID && anchors.contains(r.anchor) }
            let (ready, held) = bank.itemsCiting(cites)
            pool = ready
            guard pool.count >= quizSize else {
                return console.fail("an update quiz of \(quizSize) question\(quizSize == 1 ? "" : "s") needs \(quizSize) active cases or questions citing the changed sections of \(sopID) (\(changed.isEmpty ? "none changed" : changed.joined(separator: ", "))) and reviewed since; \(QuizBank.readiness(ready: pool.count, held: held, after: "this change", check: "check each against v\(version)")). Write more, or give a smaller --quiz. Nothing was written")
            }
        }
        let marketFilter = args.value(Self.markets).map { list($0).map { $0.uppercased() } } ?? page.meta.markets
        let teamFilter = list(args.value(Self.teams))
        let vendorFilter = list(args.value(Self.vendors))
        guard let records = DataPaths.open(args.db, console: console) else { return ExitCode.contentErrors }
        do {
            let everyone = try records.learners()
            // Each market, team and vendor given must be someone's: a misspelt one would
            // otherwise quietly leave its learners out. (The SOP's own markets are not checked.)
            let given = LearnerFilter(markets: args.value(Self.markets) == nil ? [] : marketFilter, teams: teamFilter, vendors: vendorFilter)
            if let unknown = given.unknownValues(among: everyone) {
                return console.fail(unknown.message(option: "--\(unknown.plural)") + ". Nothing was written")
            }
            let filter = LearnerFilter(markets: marketFilter, teams: teamFilter, vendors: vendorFilter)
            var learners = everyone.filter(filter.matches)
            guard !learners.isEmpty else {
                return console.fail("no learner is in \(filter.description); add learners with casebook learners add, or change the filters. Nothing was written")
            }
            // Without a quiz, a learner another campaign already gave this version to
            // acknowledge would only get the same task twice (a command run again, a script
            // retried): they are left out, and a campaign that would add nothing is refused.
            var alreadyAssigned: [String: [Int64]] = [:]
            if quizSize == 0 {
                alreadyAssigned = try records.campaignsAssigning(sopID: sopID, version: version, among: learners.map(\.id))
                learners.removeAll { alreadyAssigned[$0.id] != nil }
            }
            let earlier = Set(alreadyAssigned.values.joined()).sorted().map { "campaign \($0)" }.joined(separator: ", ")
            guard !learners.isEmpty else {
                return console.fail("every learner it applies to (\(alreadyAssigned.count)) already has \(sopID) \(version) to acknowledge from \(earlier) (casebook campaigns show \(alreadyAssigned.values.joined().min() ?? 1)); give --quiz N to add an update quiz, or --markets, --teams or --vendors for other learners. Nothing was written")
            }
            let c = try records.createCampaign(Campaign(sopID: sopID, version: version, previousVersion: previous, due: due, markets: marketFilter,
                                                        teams: teamFilter, vendors: vendorFilter, quizSize: quizSize, sections: changed, itemPool: pool),
                                               learners: learners.map(\.id))
            var line = "Campaign \(c.id): \(sopID) \(version) assigned to \(learners.count) learner\(learners.count == 1 ? "" : "s"), due \(due): read and acknowledge"
            if quizSize > 0 {
                line += ", then pass an update quiz of \(quizSize) question\(quizSize == 1 ? "" : "s") (blueprint \(c.blueprintID), drawn from \(pool.count) item\(pool.count == 1 ? "" : "s") citing \(changed.joined(separator: ", ")))"
            }
            if !alreadyAssigned.isEmpty {
                line += "; \(alreadyAssigned.count) other learner\(alreadyAssigned.count == 1 ? "" : "s") already had it to acknowledge from \(earlier) and \(alreadyAssigned.count == 1 ? "is" : "are") left out"
            }
            console.out(line + ".\n")
            return ExitCode.success
        } catch {
            return console.fail(error.message)
        }
    }

    // MARK: - list

    static func list(_ args: ParsedArguments, console: Console) -> Int32 {
        guard let records = DataPaths.open(args.db, console: console) else { return ExitCode.contentErrors }
        let campaigns: [Campaign]
        var assigned: [Int64: Int] = [:]
        do {
            campaigns = try records.campaigns()
            for c in campaigns { assigned[c.id] = Set(try records.tasks(source: c.source).map(\.learnerID)).count }
        } catch {
            return console.fail(error.message)
        }
        if args.flag(Self.json) {
            console.out(jsonText(campaigns.map { c in object(c, learners: assigned[c.id] ?? 0) }))
        } else if campaigns.isEmpty {
            console.err("No campaigns yet; create one with: casebook campaigns create SOP-ID --version V --due YYYY-MM-DD\n")
        } else {
            console.out("ID\tSOP\tVERSION\tDUE\tLEARNERS\tQUIZ\tCREATED\n")
            for c in campaigns {
                console.out("\(c.id)\t\(c.sopID)\t\(c.version)\t\(c.due)\t\(assigned[c.id] ?? 0)\t\(c.quizSize == 0 ? "-" : String(c.quizSize))\t\(c.createdAt.prefix(10))\n")
            }
        }
        return ExitCode.success
    }

    static func object(_ c: Campaign, learners: Int) -> [String: Any] {
        ["id": c.id, "sop": c.sopID, "version": c.version, "previous_version": c.previousVersion, "due": c.due, "markets": c.markets,
         "teams": c.teams, "vendors": c.vendors, "quiz": c.quizSize, "blueprint": c.quizSize > 0 ? c.blueprintID : "", "sections": c.sections,
         "item_pool": c.itemPool, "learners": learners, "created": c.createdAt]
    }

    static func jsonText(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: - show

    static func show(_ args: ParsedArguments, today: String, console: Console) throws(UsageError) -> Int32 {
        let formatName = args.value(Self.format) ?? "table"
        guard ["table", "json", "csv"].contains(formatName) else { throw UsageError(message: "--format must be one of table, json, csv") }
        guard let idText = args.positional(Self.id), let id = Int64(idText) else { throw UsageError(message: "give the campaign id: casebook campaigns show 1") }
        let text = try CLIText(args)
        guard let records = DataPaths.open(args.db, console: console) else { return ExitCode.contentErrors }
        let campaign: Campaign
        let progress: [CampaignProgress]
        do {
            guard let c = try records.campaign(id) else {
                return console.fail("no campaign \(id); list them with: casebook campaigns list")
            }
            campaign = c
            progress = try records.campaignProgress(c, today: today)
        } catch {
            return console.fail(error.message)
        }
        guard let (page, evidence, note) = evidenceSources(campaign, records: records, args: args, console: console) else { return ExitCode.contentErrors }
        let report: CampaignReport
        do {
            guard let r = try CampaignReport.make(campaign, progress: progress, page: page?.meta, title: page?.title, evidence: evidence, today: today) else {
                return console.fail("campaign \(id) has no learners")
            }
            report = r
        } catch {
            return console.fail(error.message)
        }
        let dimensions: [(String, [CompletionGroup])] = [("market", report.byMarket), ("team", report.byTeam), ("vendor", report.byVendor)]
        let overdue = report.overdueLearners
        let hasQuiz = campaign.quizSize > 0
        switch formatName {
        case "json":
            if let note { console.err("casebook: \(note.englishText)\n") }
            var root = object(campaign, learners: progress.count)
            root["as_of"] = today
            root["title"] = report.title
            root["days_left"] = report.daysLeft
            root["diff_url"] = report.diffURL
            for (name, groups) in dimensions {
                root["by_\(name)"] = groups.map { ["\(name)": $0.value, "assigned": $0.assigned, "acknowledged": $0.acknowledged, "passed": $0.passed, "overdue": $0.overdue] }
            }
            root["overdue_learners"] = overdue.map { l -> [String: Any] in
                ["id": l.id, "name": l.name, "market": l.market, "team": l.team, "vendor": l.vendor,
                 "acknowledged": l.acknowledged, "passed": l.passed, "missing": l.missing]
            }
            root["did_it_work"] = report.outcomes.map(outcomeObject)
            console.out(jsonText(root))
        case "csv":
            if let note { console.err("casebook: \(note.englishText)\n") }
            var rows: [[String]] = [["group", "value", "assigned", "acknowledged", "passed", "overdue"]]
            for (name, groups) in dimensions {
                for g in groups { rows.append([name, g.value, String(g.assigned), String(g.acknowledged), String(g.passed), String(g.overdue)]) }
            }
            for l in overdue { rows.append(["overdue_learner", l.id, "1", l.acknowledged ? "1" : "0", l.passed ? "1" : "0", "1"]) }
            var out = rows.map { $0.map(ReportPrinter.csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
            // "Did it work?" as a second table after a blank line: its columns differ.
            if !report.outcomes.isEmpty {
                var outcomeRows: [[String]] = [["source", "period", "effective", "sections", "answers", "learners", "errors", "error_rate", "low", "high", "verdict"]]
                for o in report.outcomes {
                    for (period, p) in [("before", o.before), ("after", o.after)] {
                        outcomeRows.append([o.source.rawValue, period, o.effective, o.sections.joined(separator: " "), String(p.answers), String(p.learners),
                                            String(p.errors), decimal(p.errorRate), decimal(p.interval.low), decimal(p.interval.high), o.verdict.rawValue])
                    }
                }
                out += "\n" + outcomeRows.map { $0.map(ReportPrinter.csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
            }
            console.out(out)
        default:
            var out = text("cli.campaign.heading", "Campaign {id}: {sop} {version}", ["id": String(campaign.id), "sop": campaign.sopID, "version": campaign.version])
            out += campaign.previousVersion.isEmpty ? "" : " " + text("cli.campaign.since", "(since {version})", ["version": campaign.previousVersion])
            out += text.plural("cli.campaign.due", count: progress.count, one: ", due {date}; {count} learner assigned", other: ", due {date}; {count} learners assigned",
                               ["date": text.date(campaign.due)])
            if hasQuiz {
                out += text.plural("cli.campaign.quiz", count: campaign.quizSize, one: ", update quiz of {count} question (blueprint {blueprint})",
                                   other: ", update quiz of {count} questions (blueprint {blueprint})", ["blueprint": campaign.blueprintID])
            } else {
                out += text("cli.campaign.no_quiz", ", no quiz")
            }
            out += text("cli.campaign.as_of", "; as of {date}", ["date": text.date(today)]) + "\n"
            let days = report.daysLeft
            let when: String
            if days > 0 {
                when = text.plural("cli.campaign.days_left", count: days, one: "{count} day left", other: "{count} days left")
            } else if days == 0 {
                when = text("cli.campaign.due_today", "Due today")
            } else {
                when = text.plural("cli.campaign.days_past", count: -days, one: "{count} day past the due date", other: "{count} days past the due date")
            }
            out += when
            out += text("cli.campaign.what_changed", ". What changed: {url} in the built site.", ["url": report.diffURL]) + "\n"
            for (name, groups) in dimensions {
                out += "\n" + table(text.headings([name.uppercased(), "ASSIGNED", "ACKNOWLEDGED", "PASSED", "OVERDUE"]), groups.map {
                    [$0.value, text.count($0.assigned), text.count($0.acknowledged), text.count($0.passed), text.count($0.overdue)]
                })
            }
            if overdue.isEmpty {
                out += "\n" + text("cli.campaign.none_overdue", "No learner is overdue.") + "\n"
            } else {
                let heading: String = text("cli.campaign.overdue", "Overdue ({count}):", ["count": text.count(overdue.count)])
                let rows: [[String]] = overdue.map { [$0.id, $0.name, $0.market, $0.team, $0.vendor, missing($0.missing, text)] }
                out += "\n" + heading + "\n" + table(text.headings(["LEARNER", "NAME", "MARKET", "TEAM", "VENDOR", "MISSING"]), rows)
            }
            if let note {
                let said = text(note.key, note.english, note.values)
                out += "\n" + (report.outcomes.isEmpty ? text("cli.campaign_note.not_shown", "Did it work? Not shown: {note}.", ["note": said])
                    : text("cli.campaign_note.note", "Note: {note}.", ["note": said])) + "\n"
            }
            for o in report.outcomes { out += "\n" + outcomeText(o, version: campaign.version, text: text) }
            console.out(out)
        }
        return ExitCode.success
    }

    /// The SOP (for the version's effective date) and the evidence sources for "did it work?"
    /// (the bank says which questions are on the changed sections), with a note when they are
    /// missing; nil after reporting content that does not load. Without a content folder there
    /// are no sources, and only completion is shown.
    static func evidenceSources(_ campaign: Campaign, records: Records, args: ParsedArguments,
                                console: Console) -> (PageSummary?, [any SectionEvidenceSource], Note?)? {
        let content = args.content
        guard FileManager.default.fileExists(atPath: content) else {
            return (nil, [], Note(key: "cli.campaign_note.no_content", english: "no content folder at {content}; pass --content DIR (and --quizzes DIR) to see whether errors went down",
                                  values: ["content": content]))
        }
        let handbook: Handbook
        let bank: QuizBank
        do {
            handbook = try Handbook.load(content: content, includeDrafts: true, searchText: false)
            bank = try QuizBank.load(quizzes: args.quizzes, handbook: handbook)
        } catch {
            CasebookCommand.report(error.diagnostics, console: console)
            return nil
        }
        let page = handbook.page(id: campaign.sopID)
        let note = page == nil ? Note(key: "cli.campaign_note.sop_not_in_content", english: "{sop} is not in {content}, so its effective date is unknown; pass the --content folder it is in",
                                      values: ["sop": campaign.sopID, "content": content]) : nil
        var sources: [any SectionEvidenceSource] = [QuizAnswerEvidence(records: records, catalog: Catalog(handbook: handbook, bank: bank))]
        // Production QA audits beside the quiz answers, once any have been imported.
        do {
            if try records.auditCount() > 0 { sources.append(ProductionAuditEvidence(records: records)) }
        } catch {
            _ = console.fail(error.message)
            return nil
        }
        return (page, sources, note)
    }

    /// Why "did it work?" is not (fully) shown: a catalogue message and its values, worded in
    /// the reader's language on the table, in English on stderr beside JSON and CSV.
    struct Note {
        var key: String
        var english: String
        var values: KeyValuePairs<String, String>

        var englishText: String { values.reduce(english) { $0.replacingOccurrences(of: "{" + $1.key + "}", with: $1.value) } }
    }

    /// What an overdue learner still has to do ("acknowledge, pass campaign-1") in the
    /// reader's language.
    static func missing(_ english: String, _ text: CLIText) -> String {
        guard text.language != nil else { return english }
        return english.components(separatedBy: ", ").map { part in
            if part == "acknowledge" { return text("cli.campaign.acknowledge", "acknowledge") }
            if part.hasPrefix("pass ") { return text("cli.learner.task.pass", "pass {quiz}", ["quiz": String(part.dropFirst(5))]) }
            return part
        }.joined(separator: ", ")
    }

    /// "Did it work?" as JSON: the counts behind each period, the interval, the verdict.
    static func outcomeObject(_ o: CampaignOutcome) -> [String: Any] {
        func period(_ p: OutcomePeriod) -> [String: Any] {
            ["answers": p.answers, "errors": p.errors, "learners": p.learners, "error_rate": rounded(p.errorRate),
             "low": rounded(p.interval.low), "high": rounded(p.interval.high)]
        }
        return ["source": o.source.rawValue, "sections": o.sections, "effective": o.effective, "before": period(o.before), "after": period(o.after),
                "verdict": o.verdict.rawValue, "summary": o.summary, "minimum_answers": o.minimumAnswers, "minimum_learners": o.minimumLearners,
                "within_learners": ["learners": o.withinLearners.learners, "z": rounded(o.withinLearners.z), "p": rounded(o.withinLearners.p)]]
    }

    /// "Did it work?" as text: a table of the two periods and the verdict.
    static func outcomeText(_ o: CampaignOutcome, version: String, text: CLIText = CLIText(language: nil)) -> String {
        let summary = text.language == nil ? o.summary : o.summary(in: text.language)
        let sections = o.sections.isEmpty ? text("cli.learner.none", "none") : o.sections.joined(separator: ", ")
        let source = text.language == nil ? o.source.label : text("cli.campaign.source." + o.source.rawValue.replacingOccurrences(of: "-", with: "_"), o.source.label)
        var out = text("cli.campaign.did_it_work", "Did it work? Errors on the changed sections ({sections}), from {source}", ["sections": sections, "source": source])
        out += o.effective.isEmpty ? ":\n" : text("cli.campaign.before_after", ", before and after {version} took effect on {date}:", ["version": version, "date": text.date(o.effective)]) + "\n"
        if [.fewerErrors, .moreErrors, .noClearChange, .notEnoughAnswers].contains(o.verdict) {
            func shown(_ x: Double) -> String { text.percent(x, digits: 1, english: percent(x)) }
            func row(_ name: String, _ p: OutcomePeriod) -> [String] {
                let rate = p.answers == 0 ? "-" : shown(p.errorRate)
                let interval = p.answers == 0 ? "-" : shown(p.interval.low) + "-" + shown(p.interval.high)
                return [text("cli.campaign.period." + name, name), text.count(p.answers), text.count(p.learners), text.count(p.errors), rate, interval]
            }
            let unit = o.source == .productionAudits ? "DECISIONS" : "ANSWERS"
            out += table(text.headings(["PERIOD", unit, "LEARNERS", "ERRORS", "ERROR RATE", "95% INTERVAL"]), [row("before", o.before), row("after", o.after)])
            if let line = o.withinLearnersLine({ text.plural($0, count: $1, one: $2, other: $3, $4) }) { out += line + "\n" }
        }
        return out + text("cli.campaign.verdict", "Verdict: {summary}.", ["summary": summary]) + "\n"
    }

    /// A share as a percentage with one decimal ("8.6%").
    static func percent(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }

    /// A figure rounded to four decimals, so JSON and CSV print it short and the same every run.
    static func rounded(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }

    static func decimal(_ x: Double) -> String { String(format: "%.4f", x) }

    /// A left-aligned text table with two spaces between columns. Cells are padded by
    /// characters, never cut (Thai and Vietnamese letters with marks are one character each).
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows.map { $0.map(Diagnostic.oneLine) } // a name holding a line break keeps its row
        let widths = header.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count) }
                .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// A CSV field: quoted when it holds a separator; spreadsheet formulas defused.
}
