import CivilDate
import Foundation
import Handbook
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A row that passed every check, with the case file it becomes.
public struct ImportedCase: Sendable, Hashable {
    /// Line of the import file where the row starts.
    public var line: Int
    /// The case id: from the id column, or generated from the source week (`c-2026w47-001`).
    public var id: String
    /// Path relative to the quiz folder, e.g. `cases/2026-w47/c-2026w47-001.md`.
    public var file: String
    /// What was redacted from the row's text.
    public var redactions: RedactionCounts
    /// The complete case file.
    public var markdown: String
    /// Cleaned media files to store: where each is staged (in `mediaStaging`), by its path
    /// relative to the quiz folder (`cases/2026-w47/media/<sha256>.jpg`).
    public var media: [String: String] = [:]
    /// The folder the media files are staged in (kept while this case is).
    public var mediaStaging: MediaStaging?
}

/// A row that cannot be imported, with every reason.
public struct RejectedRow: Sendable, Hashable {
    /// Line of the import file where the row starts.
    public var line: Int
    /// Every check the row failed, in the order found.
    public var reasons: [String]

    /// A rejected row starting on `line`.
    public init(line: Int, reasons: [String]) {
        self.line = line
        self.reasons = reasons
    }
}

/// What an import did or would do.
public struct CaseImportReport: Sendable {
    /// The import file as named by the user.
    public var input: String
    /// The quiz folder as named by the user; `file` paths are relative to it.
    public var quizzes: String
    /// Rows that are valid (written unless `written` is false).
    public var imported: [ImportedCase]
    /// Rows that failed a check, in file order.
    public var rejected: [RejectedRow]
    /// Whether the case files were written.
    public var written: Bool
    /// Whether `--dry-run` was given (nothing is written).
    public var dryRun: Bool
    /// Whether `--skip-invalid` was given (valid rows are written despite rejected ones).
    public var skipInvalid: Bool

    /// The import did (or, in a dry run, would do) what was asked: every row is valid, or
    /// `--skip-invalid` was given and at least one row is valid.
    public var succeeded: Bool { rejected.isEmpty || (skipInvalid && !imported.isEmpty) }

    /// Whether the valid rows may be written: all rows are valid, or invalid ones are skipped.
    var mayWrite: Bool { rejected.isEmpty || skipInvalid }

    /// `Quizzes/cases/2026-w47/c-2026w47-001.md`: the path of a case as the user named the folder.
    public func path(of c: ImportedCase) -> String { Self.join(quizzes, c.file) }

    /// A stable JSON report: `{"imported":[{"file","id","line","redactions"}],"rejected":[{"line","reasons"}],"written"}`.
    public var json: String {
        let imported: [[String: Any]] = imported.map { c in
            var counts: [String: Int] = [:]
            for kind in RedactionKind.allCases { counts[kind.rawValue] = c.redactions[kind] }
            return ["line": c.line, "id": c.id, "file": path(of: c), "redactions": counts]
        }
        let rejected: [[String: Any]] = rejected.map { ["line": $0.line, "reasons": $0.reasons] }
        let object: [String: Any] = ["imported": imported, "rejected": rejected, "written": written]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Where the cases go, as the user named the quiz folder: `Quizzes/cases`.
    public var casesFolder: String { Self.join(quizzes, "cases") }

    /// `folder/file` as the user named the folder (`file` alone for "" and ".").
    public static func join(_ folder: String, _ file: String) -> String {
        var folder = folder
        while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
        return folder.isEmpty || folder == "." ? file : folder + "/" + file
    }
}

/// Imports QA sample exports into the quiz bank: maps columns to case fields, redacts
/// personal data, checks every row against the handbook and the bank, and writes one case
/// file per row, all or nothing.
public struct CaseImporter: Sendable {
    /// The handbook that `sop` links and case types are checked against.
    public var handbook: Handbook
    /// The quiz bank that actions, ids and duplicate cases are checked against.
    public var bank: QuizBank
    /// The quiz folder as the user named it (`Quizzes`); cases go to `cases/<yyyy>-w<ww>/`.
    public var quizzes: String
    /// Written as `source:` in every case, e.g. "QA sample 2026-W47"; its week numbers generated ids.
    public var source: String
    /// Removes personal data from every free-text field before the case is written.
    public var redactor = PIIRedactor()
    /// Where the media_files column's files are, and how they are cleaned (nil: no --media).
    public var media: ImportMedia?

    /// An importer into the quiz folder `quizzes`, checking against `handbook` and `bank`.
    public init(handbook: Handbook, bank: QuizBank, quizzes: String, source: String) {
        self.handbook = handbook
        self.bank = bank
        self.quizzes = quizzes
        self.source = source
    }

    /// Reads `input`, checks every row and, unless `dryRun` or a row is invalid without
    /// `skipInvalid`, writes the valid rows. Throws when the file or map cannot be used at all
    /// or the cases cannot be written (then nothing is written).
    public func run(input: String, mapFile: String? = nil, skipInvalid: Bool = false, dryRun: Bool = false,
                    progress: (String) -> Void = { _ in }) throws(HandbookError) -> CaseImportReport {
        progress("Reading \(input)")
        let table = try ImportTable.read(input)
        let mapping = if let mapFile { try ColumnMapping.load(mapFile) } else { ColumnMapping.default }
        progress("Checking \(table.rows.count) rows")
        let staging = MediaStaging(quizzes: quizzes)
        // The staged media are linked into place by `write`, or left out: never kept.
        defer { staging.remove() }
        let (imported, rejected) = try prepare(table, mapping: mapping, staging: staging)
        var report = CaseImportReport(input: input, quizzes: quizzes, imported: imported, rejected: rejected,
                                      written: false, dryRun: dryRun, skipInvalid: skipInvalid)
        if !dryRun, report.mayWrite, !imported.isEmpty {
            progress("Writing \(imported.count) cases")
            try write(imported)
            report.written = true
        }
        return report
    }

    /// Maps, redacts and checks every row of `table`; writes nothing.
    public func prepare(_ table: ImportTable, mapping: ColumnMapping) throws(HandbookError) -> (imported: [ImportedCase], rejected: [RejectedRow]) {
        try prepare(table, mapping: mapping, staging: MediaStaging(quizzes: quizzes))
    }

    /// `prepare`, with the cleaned media staged in `staging`.
    func prepare(_ table: ImportTable, mapping: ColumnMapping, staging: MediaStaging) throws(HandbookError) -> (imported: [ImportedCase], rejected: [RejectedRow]) {
        let columns = try mapping.resolve(in: table)
        if table.rows.isEmpty { throw HandbookError(file: table.file, "has no rows to import") }
        let context = Resolution(handbook: handbook, actions: Set(bank.actions.map(\.id)))
        var used: [String: String] = [:]
        for c in bank.cases { used[c.id] = CaseImportReport.join(quizzes, c.file) }
        for q in bank.questions { used[q.id] = CaseImportReport.join(quizzes, q.file) }
        var existingText: [String: String] = [:]
        for c in bank.cases {
            let key = normalised(redactor.redact(c.title).text + "\n" + redactor.redact(c.sections.first?.text ?? "").text)
            existingText[key] = existingText[key] ?? CaseImportReport.join(quizzes, c.file)
        }
        let explicitIDs = Set(table.rows.compactMap { row in columns[.id].flatMap { row.values[$0] }?.trimmingCharacters(in: .whitespaces) })

        let markets = Set(handbook.pages.flatMap(\.meta.markets).map { $0.uppercased() })
        var drafts: [Draft] = []
        var rejected: [RejectedRow] = []
        var firstLineOfText: [String: Int] = [:]
        var firstLineOfID: [String: Int] = [:]
        // Each row is checked; the media of the rows that pass are decoded and cleaned on every
        // core (the slow part of an import with media), in row order.
        var checked = table.rows.map { check($0, columns: columns, context: context, markets: markets) }
        let withMedia = checked.indices.filter { checked[$0].reasons.isEmpty && !checked[$0].mediaFiles.isEmpty }
        let importer = self
        let cleaned = parallelMap(withMedia.map { checked[$0] }) { draft in
            var draft = draft
            importer.prepareMedia(&draft, columns: columns, staging: staging)
            return draft
        }
        for (i, draft) in zip(withMedia, cleaned) { checked[i] = draft }
        for (row, checkedDraft) in zip(table.rows, checked) {
            var draft = checkedDraft
            if row.problem == nil, !draft.title.isEmpty || !draft.description.isEmpty {
                let key = normalised(draft.title + "\n" + draft.description)
                if let line = firstLineOfText[key] {
                    draft.reasons.append("duplicate of line \(line) (same title and description)")
                } else if let file = existingText[key] {
                    draft.reasons.append("duplicate of \(file) (same title and description)")
                }
                firstLineOfText[key] = firstLineOfText[key] ?? row.line
            }
            if row.problem == nil, !draft.id.isEmpty {
                if let file = used[draft.id] {
                    draft.reasons.append("\(label(.id, columns)): '\(draft.id)' is already used by \(file); every case needs its own id")
                } else if let line = firstLineOfID[draft.id] {
                    draft.reasons.append("\(label(.id, columns)): '\(draft.id)' is also used on line \(line)")
                }
                firstLineOfID[draft.id] = firstLineOfID[draft.id] ?? row.line
            }
            if draft.reasons.isEmpty { drafts.append(draft) } else { rejected.append(RejectedRow(line: row.line, reasons: draft.reasons)) }
        }

        // Ids for rows without one: c-<yyyy>w<ww>-NNN from the source's week (else the sample
        // date's), skipping every id in use.
        var taken = Set(used.keys).union(explicitIDs)
        var next: [String: Int] = [:]
        let sourceWeek = Self.week(inSource: source)
        for i in drafts.indices where drafts[i].id.isEmpty {
            guard let week = sourceWeek ?? ISOWeek(date: drafts[i].sampled) else { continue }
            let prefix = "c-\(week.year)w\(week.paddedWeek)-"
            var n = next[prefix] ?? 1
            while taken.contains(prefix + Self.pad(n)) { n += 1 }
            drafts[i].id = prefix + Self.pad(n)
            taken.insert(drafts[i].id)
            next[prefix] = n + 1
        }

        var imported: [ImportedCase] = []
        for draft in drafts {
            guard let week = ISOWeek(date: draft.sampled), !draft.id.isEmpty else {
                rejected.append(RejectedRow(line: draft.line, reasons: ["no id could be given to this row; add one in the id column"]))
                continue
            }
            let file = "cases/\(week.year)-w\(week.paddedWeek)/\(draft.id).md"
            let markdown = render(draft)
            var reasons: [String] = []
            if FileManager.default.fileExists(atPath: CaseImportReport.join(quizzes, file)) {
                reasons.append("\(CaseImportReport.join(quizzes, file)) already exists; choose another id")
            }
            // Read the file back exactly as the bank will, so a written case always loads.
            var diagnostics: [Diagnostic] = []
            let parsed = ItemParser.parseCase(Array(markdown.utf8), file: file, context: context, diagnostics: &diagnostics)
            for d in diagnostics where d.severity == .error { reasons.append("the case file would not load: \(d.message)") }
            if let parsed, !diagnostics.hasErrors,
               parsed.title != draft.title || parsed.rationale != Self.body(draft.rationale)
                || parsed.sections.first?.text != Self.body(draft.description) {
                reasons.append("the case text would change when read back; report this as a bug in the importer")
            }
            if reasons.isEmpty {
                var files: [String: String] = [:]
                for m in draft.media { for f in m.files { files["cases/\(week.year)-w\(week.paddedWeek)/media/\(f.name)"] = f.staged } }
                imported.append(ImportedCase(line: draft.line, id: draft.id, file: file, redactions: draft.redactions, markdown: markdown, media: files,
                                             mediaStaging: files.isEmpty ? nil : staging))
            } else {
                rejected.append(RejectedRow(line: draft.line, reasons: reasons))
            }
        }
        rejected.sort { $0.line < $1.line }
        return (imported, rejected)
    }

    /// Writes the case files, all or none: each is written into a hidden temporary folder
    /// inside the quiz folder (the bank ignores hidden folders), then linked into place
    /// without replacing anything. If one cannot be placed, those already placed are removed.
    public func write(_ cases: [ImportedCase]) throws(HandbookError) {
        let fm = FileManager.default
        for c in cases where fm.fileExists(atPath: CaseImportReport.join(quizzes, c.file)) {
            throw HandbookError(file: CaseImportReport.join(quizzes, c.file), "already exists; nothing was imported (an import never replaces a case)")
        }
        let staging = CaseImportReport.join(quizzes, ".import-\(UUID().uuidString)")
        do {
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw HandbookError(file: quizzes, "cannot create a temporary folder here (\(error.localizedDescription)); check that the quiz folder exists and is writable")
        }
        defer { try? fm.removeItem(atPath: staging) }
        for (i, c) in cases.enumerated() {
            do {
                try Data(c.markdown.utf8).write(to: URL(fileURLWithPath: staging + "/\(i).md"))
            } catch {
                throw HandbookError(file: staging, "cannot write a case file (\(error.localizedDescription)); nothing was imported")
            }
        }
        // Media: staged as they were cleaned (see MediaStaging); named by content hash, so a
        // file already in the bank (or earlier in this import) is the same file and is stored once.
        var mediaFiles: [(staged: String, path: String)] = []
        var seen = Set<String>()
        for (path, staged) in cases.flatMap({ $0.media }).sorted(by: { $0.key < $1.key }) where seen.insert(path).inserted {
            if fm.fileExists(atPath: CaseImportReport.join(quizzes, path)) { continue }
            guard fm.fileExists(atPath: staged) else {
                throw HandbookError(file: staged, "the cleaned media file is gone (was the import's temporary folder removed?); nothing was imported, run the import again")
            }
            mediaFiles.append((staged, path))
        }
        var placed: [String] = []
        var createdFolders: [String] = []
        func rollBack() {
            for path in placed { unlink(path) }
            for folder in createdFolders.reversed() { rmdir(folder) }
        }
        // Moves a staged file in with link(), which fails if the destination exists: a move
        // that never replaces a file. A media file already there is the same content (named by
        // its hash: another import stored it meanwhile).
        func place(_ staged: String, at destination: String, existingIsSame: Bool) throws(HandbookError) {
            let folder = PathText.parent(of: destination)
            if !fm.fileExists(atPath: folder) {
                do {
                    try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    createdFolders.append(folder)
                } catch {
                    rollBack()
                    throw HandbookError(file: folder, "cannot create this folder (\(error.localizedDescription)); nothing was imported")
                }
            }
            if link(staged, destination) != 0 {
                if existingIsSame, errno == EEXIST { return }
                let reason = String(cString: strerror(errno))
                rollBack()
                throw HandbookError(file: destination, "cannot be written (\(reason)); nothing was imported")
            }
            placed.append(destination)
        }
        for (i, c) in cases.enumerated() {
            try place(staging + "/\(i).md", at: CaseImportReport.join(quizzes, c.file), existingIsSame: false)
        }
        for m in mediaFiles {
            try place(m.staged, at: CaseImportReport.join(quizzes, m.path), existingIsSame: true)
        }
    }
}
