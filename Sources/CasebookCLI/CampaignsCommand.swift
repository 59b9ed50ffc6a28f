import CivilDate
import Foundation
import Handbook
import History
import Quiz
import Records

/// `casebook campaigns`: assigns an SOP update to the learners it applies to and reports completion.
enum CampaignsCommand {
    static let sop = PositionalSpec.required("SOP-ID", help: "The page id of the updated SOP",
                                             missing: "give the id of an SOP: casebook campaigns create refund-abuse --version 3.2 --due 2026-12-15")
    static let id = PositionalSpec.required("ID", help: "The campaign id (see casebook campaigns list)", missing: "give the campaign id: casebook campaigns show 1")
    static let version = OptionSpec.value("--version", "V", help: "The version to read and acknowledge", required: true)
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
        acknowledged, passed, overdue) and the learners overdue. The records database defaults \
        to \(DataPaths.defaultDatabase).
        """,
        exitStatus: "0 done, 1 unknown SOP, version or campaign, a due date in the past, no learner to assign, or a database error (nothing written), 2 usage error.",
        subcommands: [
            CommandSpec(name: "create", summary: "Assigns an SOP version to the learners it applies to, with a due date.",
                        positionals: [sop], options: [version, due, markets, teams, vendors, quiz, today, DataOptions.content, DataOptions.quizzes, DataOptions.db]),
            CommandSpec(name: "list", summary: "Lists campaigns.", options: [json, DataOptions.db]),
            CommandSpec(name: "show", summary: "Completion of a campaign by market, team and vendor, and the learners overdue.",
                        positionals: [id], options: [format, today, DataOptions.db]),
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
        let version = args.value(Self.version) ?? ""
        let due = args.value(Self.due) ?? ""
        guard CivilDate(iso: due)?.iso == due else { throw UsageError(message: "--due must be a date written YYYY-MM-DD, e.g. 2026-12-15") }
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
            guard versions.contains(where: { VersionNumber.compare($0.version, version) == 0 }) else {
                let known = versions.map(\.version).filter { !$0.isEmpty }
                return console.fail("\(sopID) has no version \(version); its versions are \(known.isEmpty ? "none (no 'version:' front matter)" : known.joined(separator: ", "))\(history.repositoryRoot == nil ? " (\(content) is not in a git repository, so only the current version exists)" : ""). Nothing was written")
            }
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
            do { bank = try QuizBank.load(quizzes: args.quizzes, handbook: handbook) } catch {
                CasebookCommand.report(error.diagnostics, console: console)
                return ExitCode.contentErrors
            }
            let anchors = Set(changed)
            func cites(_ r: SectionRef) -> Bool { r.pageID == sopID && anchors.contains(r.anchor) }
            pool = (bank.activeCases.filter { cites($0.sop) }.map(\.id) + bank.activeQuestions.filter { $0.sops.contains(where: cites) }.map(\.id)).sorted()
            guard pool.count >= quizSize else {
                return console.fail("an update quiz of \(quizSize) questions needs \(quizSize) active cases or questions citing the changed sections of \(sopID) (\(changed.isEmpty ? "none changed" : changed.joined(separator: ", "))); \(pool.count) do. Write more, or give a smaller --quiz. Nothing was written")
            }
        }
        let marketFilter = args.value(Self.markets).map { list($0).map { $0.uppercased() } } ?? page.meta.markets
        let teamFilter = list(args.value(Self.teams))
        let vendorFilter = list(args.value(Self.vendors))
        guard let records = DataPaths.open(args.db, console: console) else { return ExitCode.contentErrors }
        do {
            let filter = LearnerFilter(markets: marketFilter, teams: teamFilter, vendors: vendorFilter)
            let learners = try records.learners(matching: filter)
            guard !learners.isEmpty else {
                return console.fail("no learner is in \(filter.description); add learners with casebook learners add, or change the filters. Nothing was written")
            }
            let c = try records.createCampaign(Campaign(sopID: sopID, version: version, previousVersion: previous, due: due, markets: marketFilter,
                                                        teams: teamFilter, vendors: vendorFilter, quizSize: quizSize, sections: changed, itemPool: pool),
                                               learners: learners.map(\.id))
            var line = "Campaign \(c.id): \(sopID) \(version) assigned to \(learners.count) learner\(learners.count == 1 ? "" : "s"), due \(due): read and acknowledge"
            if quizSize > 0 {
                line += ", then pass an update quiz of \(quizSize) questions (blueprint \(c.blueprintID), drawn from \(pool.count) items citing \(changed.joined(separator: ", ")))"
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

    /// Completion counts for one market, team or vendor.
    struct Group {
        var value: String
        var assigned = 0, acknowledged = 0, passed = 0, overdue = 0
    }

    static func groups(_ progress: [CampaignProgress], by key: (Learner) -> String) -> [Group] {
        var out: [String: Group] = [:]
        for p in progress {
            let k = key(p.learner).isEmpty ? "(none)" : key(p.learner)
            var g = out[k] ?? Group(value: k)
            g.assigned += 1
            if p.acknowledged { g.acknowledged += 1 }
            if p.passed { g.passed += 1 }
            if p.overdue { g.overdue += 1 }
            out[k] = g
        }
        return out.values.sorted { $0.value < $1.value }
    }

    static func show(_ args: ParsedArguments, today: String, console: Console) throws(UsageError) -> Int32 {
        let formatName = args.value(Self.format) ?? "table"
        guard ["table", "json", "csv"].contains(formatName) else { throw UsageError(message: "--format must be one of table, json, csv") }
        guard let text = args.positional(Self.id), let id = Int64(text) else { throw UsageError(message: "give the campaign id: casebook campaigns show 1") }
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
        let dimensions: [(String, [Group])] = [("market", groups(progress, by: \.market)), ("team", groups(progress, by: \.team)),
                                               ("vendor", groups(progress, by: \.vendor))]
        let overdue = progress.filter(\.overdue)
        let hasQuiz = campaign.quizSize > 0
        func missing(_ p: CampaignProgress) -> String {
            [p.acknowledged ? nil : "acknowledge", hasQuiz && !p.passed ? "pass \(campaign.blueprintID)" : nil].compactMap { $0 }.joined(separator: ", ")
        }
        switch formatName {
        case "json":
            var root = object(campaign, learners: progress.count)
            root["as_of"] = today
            for (name, groups) in dimensions {
                root["by_\(name)"] = groups.map { ["\(name)": $0.value, "assigned": $0.assigned, "acknowledged": $0.acknowledged, "passed": $0.passed, "overdue": $0.overdue] }
            }
            root["overdue_learners"] = overdue.map { p -> [String: Any] in
                ["id": p.learner.id, "name": p.learner.name, "market": p.learner.market, "team": p.learner.team, "vendor": p.learner.vendor,
                 "acknowledged": p.acknowledged, "passed": p.passed, "missing": missing(p)]
            }
            console.out(jsonText(root))
        case "csv":
            var rows: [[String]] = [["group", "value", "assigned", "acknowledged", "passed", "overdue"]]
            for (name, groups) in dimensions {
                for g in groups { rows.append([name, g.value, String(g.assigned), String(g.acknowledged), String(g.passed), String(g.overdue)]) }
            }
            for p in overdue { rows.append(["overdue_learner", p.learner.id, "1", p.acknowledged ? "1" : "0", p.passed ? "1" : "0", "1"]) }
            console.out(rows.map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n") + "\n")
        default:
            var out = "Campaign \(campaign.id): \(campaign.sopID) \(campaign.version)"
            out += campaign.previousVersion.isEmpty ? "" : " (since \(campaign.previousVersion))"
            out += ", due \(campaign.due); \(progress.count) learners assigned"
            out += hasQuiz ? ", update quiz of \(campaign.quizSize) questions (blueprint \(campaign.blueprintID))" : ", no quiz"
            out += "; as of \(today)\n"
            for (name, groups) in dimensions {
                out += "\n" + table([name.uppercased(), "ASSIGNED", "ACKNOWLEDGED", "PASSED", "OVERDUE"], groups.map {
                    [$0.value, String($0.assigned), String($0.acknowledged), String($0.passed), String($0.overdue)]
                })
            }
            if overdue.isEmpty {
                out += "\nNo learner is overdue.\n"
            } else {
                out += "\nOverdue (\(overdue.count)):\n" + table(["LEARNER", "NAME", "MARKET", "TEAM", "VENDOR", "MISSING"], overdue.map {
                    [$0.learner.id, $0.learner.name, $0.learner.market, $0.learner.team, $0.learner.vendor, missing($0)]
                })
            }
            console.out(out)
        }
        return ExitCode.success
    }

    /// A left-aligned text table with two spaces between columns.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// A CSV field: quoted when it holds a separator; spreadsheet formulas defused.
    static func csvField(_ s: String) -> String {
        var t = s
        if let first = t.first, "=+-@".contains(first), Double(t) == nil { t = "'" + t }
        return t.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : t
    }
}
