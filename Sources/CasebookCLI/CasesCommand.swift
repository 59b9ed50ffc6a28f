import Foundation
import Handbook
import Media
import Quiz

enum CasesCommand {
    static let source = OptionSpec.value("--source", "TEXT", help: """
        Where the cases come from, written as 'source:' in every case, e.g. "QA sample 2026-W47" \
        (required). Rows without an id get c-2026w47-001, c-2026w47-002, ... from its week (else \
        from the sample date's week).
        """, required: true)
    static let map = OptionSpec.value("--map", "FILE", help: """
        YAML map of case field to column name, on top of the default columns. Fields (default \
        column): id (sample_id), type (item_type), market, lang (language), title, description, \
        notes (seller_notes), price, decision (qa_decision), codes (violation_codes), rationale \
        (qa_rationale), sop (sop_reference), sampled (sample_date), difficulty, sensitive, \
        media_alt, tags, media_files. Map a field to "" to leave it out.
        """)
    static let media = OptionSpec.value("--media", "DIR", help: """
        Folder of the export's media files, named in the media_files column (';'-separated); \
        each is checked, cleaned of metadata and stored in QUIZZES/cases/<week>/media/
        """)
    static let skipInvalid = OptionSpec.flag("--skip-invalid", help: "Import the valid rows; report the invalid ones and leave them out")
    static let dryRun = OptionSpec.flag("--dry-run", help: "Check and report, write nothing")
    static let json = OptionSpec.flag("--json", help: """
        Print the report on stdout as JSON: {"imported": [{line, id, file, redactions}], \
        "rejected": [{line, reasons}], "written": true|false}
        """)
    static let file = PositionalSpec.required("FILE", help: "A CSV export (RFC 4180, UTF-8) or a JSON Lines file (.jsonl)",
                                              missing: "give the file to import: casebook cases import FILE.csv --source \"QA sample 2026-W47\"")

    static let spec = CommandSpec(
        name: "cases",
        summary: "Imports a QA sample export (CSV/JSONL) as cases of the quiz bank, with personal data redacted.",
        subcommands: [CommandSpec(
            name: "import",
            summary: "Imports a QA sample export (CSV/JSONL) as cases of the quiz bank, with personal data redacted.",
            positionals: [file],
            options: [source, map, media] + MediaOptions.all + [DataOptions.content, DataOptions.quizzes, skipInvalid, dryRun, json],
            discussion: """
            Imports QA sample cases from a CSV export (RFC 4180, UTF-8) or a JSON Lines file (.jsonl, \
            one object per line) into the quiz bank: one case file per row, written to \
            QUIZZES/cases/<yyyy>-w<ww>/<id>.md for the ISO week of the row's sample date.

            Before anything is written, personal data in the title, text, notes, rationale and media \
            description is replaced: e-mail addresses by [email], phone numbers by [phone], links by \
            [url], contact handles by [handle], order, payment and tracking numbers by [order-id], \
            street addresses by [address]. Prices, policy codes, dates and times are kept. Each \
            imported row is listed with what was redacted from it.

            Every row is checked against the handbook and the bank (decision in the action list, \
            known policy codes, an SOP section that exists, type, market, language, difficulty, \
            sample date, an id no other case or question uses, no duplicate text in the file or \
            the bank), and every rejected row is reported as FILE:LINE: error: reason.

            Media (--media DIR): the media_files column names files in DIR, ';'-separated, and \
            media_alt describes them (one text per file, ';'-separated, or one for all). Each file \
            is recognised by its content, not its name: JPEG, PNG, WebP and GIF (first frame) \
            images, MP4 (H.264/AAC) and WebM clips; SVG and anything else is refused. Images are \
            rotated upright from their EXIF orientation and re-encoded without EXIF, GPS, XMP, \
            IPTC, ICC or comments, at most 1600 px on the long side, with a 320 px thumbnail and \
            a blurred thumbnail; clips are remuxed without metadata (not re-encoded) with a \
            poster frame. Files are stored once, named by the SHA-256 of the cleaned file. A file \
            that does not decode, is over the limits (--max-image-mb, --max-clip-mb, \
            --max-megapixels) or is refused rejects its row, naming the file and why.

            All or nothing: if any row is invalid, nothing is written unless --skip-invalid is given. \
            The files are written to a temporary folder first and moved into place only when all of \
            them were written; an existing file is never replaced.
            """,
            exitStatus: """
            0 imported (with --dry-run: would be), 1 invalid rows (nothing is written without \
            --skip-invalid) or the file could not be read or the cases written, 2 usage error.
            """)],
        run: { args, console throws(UsageError) in try run(args, console: console) })

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let content = args.content
        let quizzes = args.quizzes
        let source = args.value(Self.source)
        let map = args.value(Self.map)
        let skipInvalid = args.flag(Self.skipInvalid)
        let dryRun = args.flag(Self.dryRun)
        let json = args.flag(Self.json)
        let mediaFolder = args.value(Self.media)
        let limits = try MediaOptions.limits(args)
        guard let file = args.positional(Self.file) else {
            throw UsageError(message: "give the file to import: casebook cases import FILE.csv --source \"QA sample 2026-W47\"")
        }
        guard let source, !source.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw UsageError(message: "--source is required: say where the cases come from, e.g. --source \"QA sample 2026-W47\"")
        }

        do throws(HandbookError) {
            console.progress("Loading the handbook")
            let handbook = try Handbook.load(content: content)
            guard FileManager.default.fileExists(atPath: quizzes) else {
                throw HandbookError(file: quizzes, "quiz folder not found; pass --quizzes DIR or run from the folder that holds Quizzes/")
            }
            console.progress("Loading the quiz bank")
            let bank = try QuizBank.load(quizzes: quizzes, handbook: handbook)
            var importer = CaseImporter(handbook: handbook, bank: bank, quizzes: quizzes, source: source)
            if let mediaFolder {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: mediaFolder, isDirectory: &isFolder), isFolder.boolValue else {
                    throw HandbookError(file: mediaFolder, "media folder not found; pass the folder the export's media files are in")
                }
                importer.media = ImportMedia(folder: mediaFolder, processor: CaseMediaProcessor(processor: MediaProcessor(limits: limits)))
            }
            let report = try importer.run(input: file, mapFile: map, skipInvalid: skipInvalid, dryRun: dryRun) { console.progress($0) }
            console.clearProgress()
            if json {
                console.out(report.json)
            } else {
                printReport(report, console: console)
            }
            return report.succeeded ? ExitCode.success : ExitCode.contentErrors
        } catch {
            console.clearProgress()
            CasebookCommand.report(error.diagnostics, console: console)
            console.err("Nothing was imported.\n")
            return ExitCode.contentErrors
        }
    }

    /// Imported rows on stdout; rejected rows and the summary on stderr, like `check`.
    static func printReport(_ report: CaseImportReport, console: Console) {
        for c in report.imported {
            let redacted = c.redactions.total == 0 ? "nothing redacted" : "redacted \(c.redactions)"
            console.out("line \(c.line) \(c.id): \(redacted)\n")
        }
        for row in report.rejected {
            for reason in row.reasons { console.err("\(report.input):\(row.line): error: \(reason)\n") }
        }
        let valid = report.imported.count
        let invalid = report.rejected.count
        let total = valid + invalid
        let cases = "\(valid) case\(valid == 1 ? "" : "s")"
        let folder = report.casesFolder
        let redactions = report.imported.reduce(RedactionCounts()) { $0 + $1.redactions }.total
        let redactedNote = redactions > 0 ? "; \(redactions) piece\(redactions == 1 ? "" : "s") of personal data redacted" : ""
        if report.written {
            let skipped = invalid > 0 ? " (\(invalid) invalid row\(invalid == 1 ? "" : "s") skipped)" : ""
            console.err("Imported \(cases) into \(folder)\(skipped)\(redactedNote)\n")
        } else if valid == 0 {
            let would = report.dryRun ? "Dry run: nothing would be imported" : "Nothing imported"
            console.err("\(would): \(total == 1 ? "the only row is" : "all \(total) rows are") invalid\n")
        } else if invalid > 0 && !report.skipInvalid {
            let would = report.dryRun ? "Dry run: nothing would be imported" : "Nothing imported"
            console.err("\(would): \(invalid) of \(total) rows \(invalid == 1 ? "is" : "are") invalid; fix \(invalid == 1 ? "it" : "them"), or use --skip-invalid to import the \(cases) that \(valid == 1 ? "is" : "are") valid\n")
        } else {
            let skipped = invalid > 0 ? " (\(invalid) invalid row\(invalid == 1 ? "" : "s") would be skipped)" : ""
            console.err("Dry run: \(cases) would be imported into \(folder)\(skipped)\(redactedNote); nothing was written\n")
        }
    }
}
