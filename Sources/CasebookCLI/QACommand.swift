import Foundation
import Handbook
import Insights
import Quiz
import Records

/// `casebook qa import` and `casebook qa report`: production QA audits into the records, and
/// the weekly digest of operational KPIs over them.
enum QACommand {
    static let source = OptionSpec.value("--source", "TEXT", help: """
        Where the audits come from, e.g. "QA audit 2026-W48" (required); stored with each audit
        """, required: true)
    static let map = OptionSpec.value("--map", "FILE", help: """
        YAML map of audit field to column name, on top of the default columns. Fields (default \
        column): sample_id, decided_at (decision_time), moderator (moderator_id), team, vendor, \
        market, queue, item_type, moderator_action, moderator_codes, qa_action, qa_codes, reviewer \
        (qa_reviewer_id), second_action, second_codes, second_reviewer (second_reviewer_id), appeal \
        (appeal_outcome), sop (sop_reference), case_text, comment (qa_comment). Map a field to "" to leave it out.
        """)
    static let json = OptionSpec.flag("--json", help: """
        Print the summary on stdout as JSON: {already_imported, dry_run, imported, input, new_learners, \
        redactions: {kind: n}, rejected: [{line, reasons}], rows, source, written}
        """)
    static let file = PositionalSpec.required("FILE", help: "A QA audit export: CSV (RFC 4180, UTF-8, comma-separated) or JSON Lines (.jsonl)",
                                              missing: "give the file to import: casebook qa import FILE.csv --source \"QA audit 2026-W48\"")
    static let since = OptionSpec.value("--since", "YYYY-MM-DD", help: "Only decisions on or after this date (UTC)")
    static let market = OptionSpec.value("--market", "M", help: "Only decisions in this market")
    static let team = OptionSpec.value("--team", "T", help: "Only decisions by moderators of this team")
    static let vendor = OptionSpec.value("--vendor", "V", help: "Only decisions by moderators of this vendor")

    static let importSpec = CommandSpec(
        name: "import",
        summary: "Imports a QA audit export (CSV/JSONL) of audited production decisions into the records, with personal data redacted.",
        positionals: [file],
        options: [source, map, DataOptions.db, DataOptions.content, CasesCommand.skipInvalid, CasesCommand.dryRun, json],
        discussion: """
        One row per audited production decision: sample id, decision time, moderator id, team, \
        vendor, market, queue, item type, the moderator's action and codes, the QA reviewer's \
        action, codes and id, optionally a second reviewer's action, codes and id (a double \
        audit), the appeal outcome (upheld, overturned), the SOP section (sop-id#anchor; else \
        the section of the reviewer's first code) and the case text and QA comment. \
        Personal data in every text field is redacted before anything is stored (as in \
        'cases import'); ids that look like an e-mail address or phone number are rejected. \
        Every row is checked against the handbook (actions from the action list, known codes, \
        an SOP section that exists, a market of the handbook); a sample id twice in the file \
        is rejected, one already stored with the same values is skipped (so importing a file \
        again adds nothing), one stored with other values is rejected. Moderators are matched \
        to learners by id; unknown ones are added as learners with the row's team, vendor and \
        market. All or nothing: one transaction, committed only if every row is valid, unless \
        --skip-invalid is given. Each decision is classified as correct, over-enforcement, \
        under-enforcement or wrong policy (see the README, Production QA).
        """,
        exitStatus: """
        0 imported (with --dry-run: would be; also when every row was already imported), 1 invalid \
        rows (nothing is stored without --skip-invalid) or the file could not be read or the \
        records written, 2 usage error.
        """,
        run: { args, console throws(UsageError) in try runImport(args, console: console) })

    static let reportSpec = CommandSpec(
        name: "report",
        summary: "The weekly production QA digest: accuracy and the error split by section, code, market, vendor, team, queue and week; reviewer agreement; appeals.",
        options: [since, market, team, vendor, ReportCommand.format, ReportCommand.json, ReportCommand.siteURL, ReportCommand.top, ReportCommand.lang,
                  DataOptions.db, DataOptions.content, DataOptions.quizzes],
        discussion: """
        Operational KPIs over the imported QA audits: accuracy (the share of decisions the QA \
        reviewer agreed with, with its Wilson 95% interval and counts) and the errors split into \
        over-enforcement, under-enforcement and wrong policy, each also weighted by the harm \
        level of the codes involved (low 1, medium 2, high 3, critical 4), by SOP section, policy \
        code, market, vendor, team, queue and ISO week; QA reviewer agreement on double audits \
        (Krippendorff's alpha per section, from 3 double audits); the appeal overturn rate per \
        section. Top error trends: sections and codes whose error rate rose significantly in the \
        latest week against the week before or the trailing 4 weeks (exact conditional test, \
        Benjamini-Hochberg FDR 5%), ranked by harm-weighted excess errors. Root causes of every \
        flagged section and of its slices that do worse: knowledge gap, execution, SOP ambiguity, \
        recent SOP change, question/key problem or insufficient evidence, from the same \
        moderators' quiz answers (in the quiz bank folder), reviewer agreement, calibration, \
        the SOPs' effective dates and suspect answer keys (see the README, Production QA). The \
        same records give byte-identical output, whatever the order rows were imported in.
        """,
        exitStatus: "0 report printed, 1 database or content error, 2 usage error.",
        run: { args, console throws(UsageError) in try runReport(args, console: console) })

    static let spec = CommandSpec(
        name: "qa",
        summary: "Production QA audits: import QA exports of audited production decisions; the weekly KPI digest; a section's errors as quiz cases.",
        subcommands: [importSpec, reportSpec, QACasesCommand.spec])

    // MARK: - import

    static func runImport(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        guard let file = args.positional(Self.file) else {
            throw UsageError(message: "give the file to import: casebook qa import FILE.csv --source \"QA audit 2026-W48\"")
        }
        guard let source = args.value(Self.source), !source.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw UsageError(message: "--source is required: say where the audits come from, e.g. --source \"QA audit 2026-W48\"")
        }
        let handbook: Handbook
        do throws(HandbookError) {
            console.progress("Loading the handbook")
            handbook = try Handbook.load(content: args.content)
        } catch {
            console.clearProgress()
            CasebookCommand.report(error.diagnostics, console: console)
            console.err("Nothing was imported.\n")
            return ExitCode.contentErrors
        }
        let actions = handbook.pages.first { !$0.meta.actions.isEmpty }?.meta.actions.map(\.id) ?? []
        guard let records = DataPaths.open(args.db, console: console) else { return ExitCode.contentErrors }
        let importer = AuditImporter(records: records, handbook: handbook, actions: actions, source: source)
        let report: AuditImportReport
        do throws(AuditImportError) {
            report = try importer.run(input: file, mapFile: args.value(Self.map), skipInvalid: args.flag(CasesCommand.skipInvalid),
                                      dryRun: args.flag(CasesCommand.dryRun)) { console.progress($0) }
        } catch {
            console.clearProgress()
            switch error {
            case .input(let e): CasebookCommand.report(e.diagnostics, console: console)
            case .storage(let e): console.err("casebook: \(e.message)\n")
            }
            console.err("Nothing was imported.\n")
            return ExitCode.contentErrors
        }
        console.clearProgress()
        if args.flag(Self.json) { console.out(report.json) } else { printReport(report, console: console) }
        return report.succeeded ? ExitCode.success : ExitCode.contentErrors
    }

    /// Rejected rows as FILE:LINE: error: reason on stderr, then one summary line.
    static func printReport(_ r: AuditImportReport, console: Console) {
        for row in r.rejected {
            for reason in row.reasons { console.err("\(r.input):\(row.line): error: \(reason)\n") }
        }
        func n(_ k: Int, _ what: String) -> String { "\(k) \(what)\(k == 1 ? "" : "s")" }
        let invalid = r.rejected.count
        let already = r.alreadyImported > 0 ? "; \(n(r.alreadyImported, "audit")) already imported (skipped)" : ""
        let learners = r.newLearners > 0 ? "; \(n(r.newLearners, "new moderator")) added as learners" : ""
        let redacted = r.redactions.total > 0 ? "; redacted \(r.redactions)" : ""
        if r.written {
            let skipped = invalid > 0 ? " (\(n(invalid, "invalid row")) skipped)" : ""
            console.out("Imported \(n(r.imported, "audit")) from \(r.input)\(skipped)\(already)\(learners)\(redacted)\n")
        } else if invalid > 0 && !r.skipInvalid {
            let would = r.dryRun ? "Dry run: nothing would be imported" : "Nothing imported"
            console.err("\(would): \(invalid) of \(r.rows) rows \(invalid == 1 ? "is" : "are") invalid; fix \(invalid == 1 ? "it" : "them"), or use --skip-invalid to import the valid ones\n")
        } else if r.imported == 0 {
            let what = r.alreadyImported > 0 ? "every valid row was already imported" : "no valid row"
            console.out("Nothing new to import from \(r.input): \(what)\(already)\n")
        } else {
            let skipped = invalid > 0 ? " (\(n(invalid, "invalid row")) would be skipped)" : ""
            console.out("Dry run: \(n(r.imported, "audit")) would be imported\(skipped)\(already)\(learners)\(redacted); nothing was written\n")
        }
    }

    // MARK: - report

    static func runReport(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let formatName = args.flag(ReportCommand.json) ? "json" : (args.value(ReportCommand.format) ?? "table")
        guard let format = ReportFormat(rawValue: formatName) else {
            throw UsageError(message: "--format must be one of table, json, csv, markdown")
        }
        var top = 15
        if let n = args.value(ReportCommand.top) {
            guard let v = Int(n), v >= 1 else { throw UsageError(message: "--top must be a whole number of at least 1") }
            top = v
        }
        let language = try ReportCommand.language(args)
        let scope = ProductionQAScope(since: try ReportCommand.date(args.value(since), "--since"), market: args.value(market)?.uppercased(),
                                      team: args.value(team), vendor: args.value(vendor))
        let db = args.db
        guard DataPaths.exists(db) else {
            console.err("casebook: \(db): no records database yet; import QA audits with 'casebook qa import' (or pass --db PATH)\n")
            return ExitCode.contentErrors
        }
        // Titles and links come from the handbook; the report stands without it.
        let handbook = FileManager.default.fileExists(atPath: args.content) ? try? Handbook.load(content: args.content) : nil
        guard let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
        do throws(RecordsError) {
            console.progress("Reading quiz answers")
            let quiz: QuizSide?
            switch quizSide(args, records: records, scope: scope, console: console) {
            case .failed: return ExitCode.contentErrors
            case .none: quiz = nil
            case .some(let side): quiz = side
            }
            console.progress("Reading audits")
            let report = try ProductionQA.digest(records: records, handbook: handbook, scope: scope, quiz: quiz)
            console.clearProgress()
            var printer = ReportPrinter(format: format, siteURL: args.value(ReportCommand.siteURL) ?? "", top: top)
            printer.language = language
            console.out(printer.render(report))
            return ExitCode.success
        } catch {
            console.clearProgress()
            console.err("casebook: \(error.message)\n")
            return ExitCode.contentErrors
        }
    }

    enum QuizLoad { case none, failed, some(QuizSide) }

    /// The quiz answers of the report's scope and the gap report made from them, for the root
    /// causes: none without a handbook, a quiz bank folder or answers; failed (after printing
    /// why) when the bank has errors.
    static func quizSide(_ args: ParsedArguments, records: Records, scope: ProductionQAScope, console: Console) -> QuizLoad {
        let fm = FileManager.default
        guard fm.fileExists(atPath: args.content), fm.fileExists(atPath: args.quizzes) else { return .none }
        guard let (handbook, bank) = DataPaths.loadBank(content: args.content, quizzes: args.quizzes, purpose: "reporting", console: console) else {
            return .failed
        }
        let filter = ReportFilter(since: scope.since, market: scope.market, team: scope.team, vendor: scope.vendor)
        do throws(RecordsError) {
            let evidence = try Evidence(try AnswerScan.read(records: records, filter: filter), catalog: Catalog(handbook: handbook, bank: bank))
            guard evidence.count > 0 else { return .none }
            let report = GapReport.make(evidence, filter: filter, contests: try records.openContests(admittedBy: filter))
            return .some(QuizSide(evidence: evidence, report: report))
        } catch {
            console.clearProgress()
            console.err("casebook: \(error.message)\n")
            return .failed
        }
    }
}
