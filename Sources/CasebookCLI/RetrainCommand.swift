import CivilDate
import Foundation
import Handbook
import Quiz
import Records

/// `casebook retrain`: assigns a targeted quiz on one SOP section to the moderators with
/// production errors there, as tasks of the one assignments mechanism.
enum RetrainCommand {
    static let team = OptionSpec.value("--team", "T", help: "Only moderators in this team (several: T1,T2)")
    static let market = OptionSpec.value("--market", "M", help: "Only moderators in this market (several: ID,TH)")
    static let vendor = OptionSpec.value("--vendor", "V", help: "Only moderators working for this vendor (several: V1,V2)")
    static let since = OptionSpec.value("--since", "YYYY-MM-DD", help: "Only production errors on or after this date (UTC)")
    static let due = OptionSpec.value("--due", "YYYY-MM-DD", help: "The due date (default: \(defaultDays) days after --today)")
    static let quiz = OptionSpec.value("--quiz", "N", help: "Questions in the quiz (default: \(defaultQuiz))")
    static let today = OptionSpec.value("--today", "YYYY-MM-DD", help: "The date to check the due date against (default: today, UTC)")

    static let defaultQuiz = 5
    static let defaultDays = 14

    static let spec = CommandSpec(
        name: "retrain",
        summary: "Assigns a targeted quiz on one SOP section to the moderators with production errors there.",
        options: [SectionArgument.option, team, market, vendor, since, due, quiz, today, ReportCommand.lang, DataOptions.content, DataOptions.quizzes, DataOptions.db],
        discussion: """
        Reads the production errors on the section from the imported QA audits (casebook qa \
        import): decisions the QA reviewer disagreed with, unless an appeal overturned the QA \
        decision. Each moderator with one (in --team, --market and --vendor when given, as \
        their learner record says; since --since) gets a task to pass a quiz of --quiz \
        questions drawn only from the active cases and questions citing the section and \
        reviewed since its last change (blueprint retrain-ID, source retraining:ID; the pool \
        is stored with it). The task shows on the learner's quiz page with their other tasks; \
        passing the quiz completes it, with the attempt as evidence. Running it again adds \
        nothing for a moderator who has an open retraining task on the section, or passed one \
        on or after the day of their last error there; a new error after that assigns a new \
        one. 'casebook qa cases --section' turns the same errors into quiz cases. The records \
        database defaults to \(DataPaths.defaultDatabase).
        """,
        exitStatus: "0 assigned (or nothing new to assign), 1 unknown section, team, market or vendor, no production errors, too few items for the quiz, or a database error (nothing written), 2 usage error.",
        run: { args, console throws(UsageError) in try run(args, console: console) })

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let today = try PathsCommand.date(args.value(Self.today), option: "--today") ?? Timestamp.iso(Date()).prefix(10).description
        let since = try PathsCommand.date(args.value(Self.since), option: "--since")
        let due = try PathsCommand.date(args.value(Self.due), option: "--due") ?? CivilDate(days: (CivilDate(iso: today)?.days ?? 0) + defaultDays).iso
        var quizSize = defaultQuiz
        if let n = args.value(Self.quiz) {
            guard let size = Int(n), size > 0 else { throw UsageError(message: "--quiz must be a number of questions, 1 or more") }
            quizSize = size
        }
        let sectionText = try SectionArgument.value(args, example: "casebook retrain")
        let text = try CLIText(args)
        if due < today {
            return console.fail("the due date \(due) is in the past (today is \(today)); give a due date of today or later. Nothing was written")
        }
        guard DataPaths.exists(args.db) else {
            return console.fail("\(args.db): no records database yet; import QA audits with 'casebook qa import' (or pass --db PATH). Nothing was written")
        }
        guard let (handbook, bank) = DataPaths.loadBank(content: args.content, quizzes: args.quizzes, purpose: "assigning a retraining", console: console) else {
            return ExitCode.contentErrors
        }
        guard let records = DataPaths.open(args.db, console: console) else { return ExitCode.contentErrors }
        do {
            let section: (page: PageSummary, section: Section, ref: String)
            switch SectionArgument.resolve(sectionText, handbook: handbook) {
            case .success(let s): section = s
            case .failure(let e): return console.fail(e.message)
            }
            let ref = section.ref
            let filter = LearnerFilter(markets: CampaignsCommand.list(args.value(Self.market)), teams: CampaignsCommand.list(args.value(Self.team)),
                                       vendors: CampaignsCommand.list(args.value(Self.vendor)))
            let everyone = try records.learners()
            if let unknown = filter.unknownValues(among: everyone) {
                return console.fail(unknown.message(option: "--\(unknown.dimension)") + ". Nothing was written")
            }
            let errors = try records.productionErrors(section: ref, since: since)
            let period = since.map { " since \($0)" } ?? ""
            guard !errors.isEmpty else {
                return console.fail("no production errors on \(ref)\(period): \(QACasesCommand.describe(try records.auditCounts(section: ref, since: since), period: period)); nothing to retrain. Nothing was written")
            }
            // Each moderator's errors, and the learners the filter keeps.
            var byModerator: [String: (count: Int, last: String)] = [:]
            for e in errors {
                let seen = byModerator[e.moderator] ?? (0, "")
                byModerator[e.moderator] = (seen.count + 1, max(seen.last, e.day))
            }
            let learners = Dictionary(everyone.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let moderators = byModerator.keys.sorted().map { learners[$0] ?? Learner(id: $0, name: $0) }
            let chosen = moderators.filter(filter.matches)
            guard !chosen.isEmpty else {
                return console.fail("none of the \(moderators.count) moderator\(moderators.count == 1 ? "" : "s") with production errors on \(ref)\(period) is in \(filter.description) (\(PathsCommand.names(moderators.map(\.id)))); change the filters. Nothing was written")
            }
            // The quiz's pool: the active cases and questions citing the section, reviewed since its last change.
            func cites(_ r: SectionRef) -> Bool { r.description == ref }
            let (pool, held) = bank.itemsCiting(cites)
            guard pool.count >= quizSize else {
                return console.fail("a retraining quiz of \(quizSize) question\(quizSize == 1 ? "" : "s") needs \(quizSize) active cases or questions citing \(ref) and reviewed since its last change; \(QuizBank.readiness(ready: pool.count, held: held, after: "an SOP change")). Write more (casebook qa cases --section \(ref) turns its production errors into cases), or give a smaller --quiz. Nothing was written")
            }
            let candidates = chosen.map { RetrainingCandidate(learnerID: $0.id, lastError: byModerator[$0.id]?.last ?? "") }
            let result = try records.assignRetraining(Retraining(section: ref, quizSize: quizSize, itemPool: pool, due: due, since: since ?? "",
                                                                 markets: filter.markets, teams: filter.teams, vendors: filter.vendors),
                                                      candidates: candidates)
            let already = result.alreadyAssigned.count
            let covered = text.plural("cli.retrain.covered", count: already, one: "already has a retraining on it (open, or passed since their last error there)",
                                      other: "already have a retraining on it (open, or passed since their last error there)")
            let shownPeriod = since.map { " " + text("cli.retrain.since", "since {date}", ["date": text.date($0)]) } ?? ""
            let scope = text.language == nil ? filter.description : Self.describe(filter, text)
            guard let retraining = result.retraining else {
                console.out(text.plural("cli.retrain.nothing", count: already, one: "Nothing to assign: the {count} moderator with production errors on {ref}{period} in {scope} {covered}: {names}.",
                                        other: "Nothing to assign: the {count} moderators with production errors on {ref}{period} in {scope} {covered}: {names}.",
                                        ["ref": ref, "period": shownPeriod, "scope": scope, "covered": covered, "names": PathsCommand.names(result.alreadyAssigned, text)]) + "\n")
                return ExitCode.success
            }
            var out = text("cli.retrain.heading", "Retraining {id} on {ref} ({page}, {section}):", ["id": String(retraining.id), "ref": ref, "page": section.page.title, "section": section.section.title])
            out += " " + text.plural("cli.retrain.quiz", count: quizSize, one: "a quiz of {count} question", other: "a quiz of {count} questions")
            out += " " + text.plural("cli.retrain.pool", count: pool.count, one: "(blueprint {blueprint}, drawn from {count} item citing the section)",
                                     other: "(blueprint {blueprint}, drawn from {count} items citing the section)", ["blueprint": retraining.blueprintID])
            out += text("cli.retrain.due", ", due {date},", ["date": text.date(due)])
            out += " " + text.plural("cli.retrain.assigned", count: result.assigned.count, one: "assigned to {count} moderator with production errors there{period}.",
                                     other: "assigned to {count} moderators with production errors there{period}.", ["period": shownPeriod]) + "\n"
            out += CampaignsCommand.table(text.headings(["MODERATOR", "MARKET", "TEAM", "VENDOR", "ERRORS", "LAST ERROR"]), result.assigned.map { id in
                let l = learners[id] ?? Learner(id: id, name: id)
                return [id, l.market, l.team, l.vendor, text.count(byModerator[id]?.count ?? 0), text.date(byModerator[id]?.last ?? "")]
            })
            if !result.alreadyAssigned.isEmpty { out += "\(PathsCommand.names(result.alreadyAssigned, text)) \(covered).\n" }
            console.out(out)
            return ExitCode.success
        } catch {
            return console.fail("\(error.message). Nothing was written")
        }
    }

    /// The filter's markets, teams and vendors in the reader's language.
    static func describe(_ filter: LearnerFilter, _ text: CLIText) -> String {
        let parts = [filter.markets.isEmpty ? nil : text("cli.retrain.markets", "markets {list}", ["list": filter.markets.joined(separator: ",")]),
                     filter.teams.isEmpty ? nil : text("cli.retrain.teams", "teams {list}", ["list": filter.teams.joined(separator: ",")]),
                     filter.vendors.isEmpty ? nil : text("cli.retrain.vendors", "vendors {list}", ["list": filter.vendors.joined(separator: ",")])].compactMap { $0 }
        return parts.isEmpty ? text("cli.retrain.the_records", "the records") : parts.joined(separator: ", ")
    }
}
