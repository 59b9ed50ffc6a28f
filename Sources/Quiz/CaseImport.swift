import Foundation
import Handbook
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Public API

/// A field of a case that a column of an import file fills.
public enum CaseField: String, Sendable, Hashable, CaseIterable {
    case id, type, market, lang, title, description, notes, price, decision, codes, rationale, sop, sampled, difficulty, sensitive
    case mediaAlt = "media_alt"
    case tags

    /// The column of the QA sample export that fills this field when no map says otherwise.
    public var defaultColumn: String {
        switch self {
        case .id: "sample_id"
        case .type: "item_type"
        case .market: "market"
        case .lang: "language"
        case .title: "title"
        case .description: "description"
        case .notes: "seller_notes"
        case .price: "price"
        case .decision: "qa_decision"
        case .codes: "violation_codes"
        case .rationale: "qa_rationale"
        case .sop: "sop_reference"
        case .sampled: "sample_date"
        case .difficulty: "difficulty"
        case .sensitive: "sensitive"
        case .mediaAlt: "media_alt"
        case .tags: "tags"
        }
    }

    /// Whether an import file must have a column for this field. The others have defaults:
    /// a generated id, lang `en`, no notes, price, codes, media or extra tags, difficulty 2,
    /// not sensitive.
    public var isRequired: Bool {
        switch self {
        case .type, .market, .title, .description, .decision, .rationale, .sop, .sampled: true
        default: false
        }
    }
}

/// Which column of an import file fills which case field.
public struct ColumnMapping: Sendable, Hashable {
    /// Where a column name was set in a map file, for error messages.
    public struct Origin: Sendable, Hashable {
        public var file: String
        public var line: Int
        public var column: Int
    }

    /// Column name per field; a field mapped to "" is not read.
    public var columns: [CaseField: String]
    /// Fields set by a map file, with where.
    public var origins: [CaseField: Origin] = [:]

    /// The columns of the QA sample export (`sample_id,item_type,market,...`).
    public static let `default` = ColumnMapping(columns: Dictionary(uniqueKeysWithValues: CaseField.allCases.map { ($0, $0.defaultColumn) }))

    /// The default mapping with the entries of a YAML map file (`case field: column name`) on top.
    public static func load(_ path: String) throws(HandbookError) -> ColumnMapping {
        let bytes = try ContentTree.read(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw HandbookError(file: path, "is not valid UTF-8; re-save it as UTF-8")
        }
        return try parse(text, file: path)
    }

    /// Parses map-file text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(HandbookError) -> ColumnMapping {
        let root: YAMLNode
        do { root = try YAMLSubsetParser.parse(text) } catch {
            throw HandbookError(file: file, line: error.line, column: error.column, error.message)
        }
        var mapping = ColumnMapping.default
        var problems: [Diagnostic] = []
        for entry in root.mapEntries ?? [] {
            guard let field = CaseField(rawValue: entry.key) else {
                problems.append(Diagnostic(.error, file: file, line: entry.line, column: entry.column,
                    "unknown case field '\(entry.key)'; map one of \(CaseField.allCases.map(\.rawValue).joined(separator: ", ")) to a column name"))
                continue
            }
            guard let column = entry.value.scalar else {
                problems.append(Diagnostic(.error, file: file, line: entry.value.line, column: entry.value.column,
                    "'\(entry.key)' must be one column name, e.g. \(entry.key): \(field.defaultColumn)"))
                continue
            }
            mapping.columns[field] = column.trimmingCharacters(in: .whitespaces)
            mapping.origins[field] = Origin(file: file, line: entry.value.line, column: entry.value.column)
        }
        if !problems.isEmpty { throw HandbookError(problems) }
        return mapping
    }

    /// The header column each field reads from in `table` (matched without regard to case).
    /// A missing column is an error when the map file named it or the field is required.
    public func resolve(in table: ImportTable) throws(HandbookError) -> [CaseField: String] {
        var byLowercase: [String: String] = [:]
        for c in table.columns { byLowercase[c.lowercased()] = byLowercase[c.lowercased()] ?? c }
        var resolved: [CaseField: String] = [:]
        var problems: [Diagnostic] = []
        let available = table.columns.isEmpty ? "none" : table.columns.joined(separator: ", ")
        for field in CaseField.allCases {
            let name = columns[field] ?? ""
            if !name.isEmpty, let actual = byLowercase[name.lowercased()] {
                resolved[field] = actual
                continue
            }
            if let origin = origins[field], !name.isEmpty {
                problems.append(Diagnostic(.error, file: origin.file, line: origin.line, column: origin.column,
                    "column '\(name)' for '\(field.rawValue)' is not in \(table.file) (its columns: \(available))"))
            } else if field.isRequired {
                let how = name.isEmpty ? "'\(field.rawValue)' is mapped to no column" : "no column '\(name)'"
                problems.append(Diagnostic(.error, file: table.file, line: 1,
                    "\(how), but every case needs a \(field.rawValue); add the column or map it with --map (\(field.rawValue): COLUMN)"))
            }
        }
        if !problems.isEmpty { throw HandbookError(problems) }
        return resolved
    }
}

/// One row of an import file, before mapping: values by column name.
public struct ImportTableRow: Sendable, Hashable {
    /// The line of the file where the row starts.
    public var line: Int
    public var values: [String: String]
    /// Why the row cannot be read (wrong number of fields, a stray quote, bad JSON), or nil.
    public var problem: String?
}

/// The rows of a CSV or JSON Lines file.
public struct ImportTable: Sendable {
    /// The file as named on the command line, for messages.
    public var file: String
    /// The header (CSV), or every key used on any line, sorted (JSON Lines).
    public var columns: [String]
    public var rows: [ImportTableRow]

    /// Reads `path`, choosing the format by its extension: `.csv`, or `.jsonl` / `.ndjson`.
    public static func read(_ path: String) throws(HandbookError) -> ImportTable {
        let lower = path.lowercased()
        let isCSV = lower.hasSuffix(".csv")
        guard isCSV || lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") else {
            throw HandbookError(file: path, "expected a .csv or .jsonl file (one JSON object per line)")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw HandbookError(file: path, "not found; check the path of the file to import")
        }
        let bytes = try ContentTree.read(path)
        return isCSV ? try csv(bytes, file: path) : try jsonLines(bytes, file: path)
    }

    /// Reads RFC 4180 CSV whose first record is the header.
    public static func csv(_ bytes: [UInt8], file: String) throws(HandbookError) -> ImportTable {
        let records: [DelimitedRecord]
        do { records = try DelimitedText.records(bytes) } catch {
            throw HandbookError(file: file, line: error.line, error.message)
        }
        guard let header = records.first else { throw HandbookError(file: file, "is empty; expected a header line and one row per case") }
        if let problem = header.problem { throw HandbookError(file: file, line: header.line, "header: \(problem)") }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var seen: [String: Int] = [:]
        for (i, c) in columns.enumerated() {
            if c.isEmpty { throw HandbookError(file: file, line: header.line, "header: column \(i + 1) has no name") }
            if let other = seen[c.lowercased()] {
                throw HandbookError(file: file, line: header.line, "header: column \(i + 1) '\(c)' repeats column \(other + 1); give each column its own name")
            }
            seen[c.lowercased()] = i
        }
        var rows: [ImportTableRow] = []
        for record in records.dropFirst() {
            var row = ImportTableRow(line: record.line, values: [:], problem: record.problem)
            if record.fields.count != columns.count, row.problem == nil {
                row.problem = "has \(record.fields.count) field\(record.fields.count == 1 ? "" : "s") but the header has \(columns.count); quote fields that contain commas or line breaks"
            }
            for (c, v) in zip(columns, record.fields) { row.values[c] = v }
            rows.append(row)
        }
        return ImportTable(file: file, columns: columns, rows: rows)
    }

    /// Reads JSON Lines: one object per line; blank lines are skipped. Numbers and booleans
    /// become text, lists (codes) are joined with `|`, null is empty.
    public static func jsonLines(_ bytes: [UInt8], file: String) throws(HandbookError) -> ImportTable {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let bad = DelimitedText.firstInvalidUTF8Line(body) {
            throw HandbookError(file: file, line: bad, "is not valid UTF-8 (first bad byte on this line); export the file again as UTF-8")
        }
        var columns: [String] = []
        var known = Set<String>()
        var rows: [ImportTableRow] = []
        let decoder = JSONDecoder()
        for (index, rawLine) in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            var lineBytes = rawLine
            if lineBytes.last == UInt8(ascii: "\r") { lineBytes = lineBytes.dropLast() }
            if lineBytes.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
            var row = ImportTableRow(line: index + 1, values: [:])
            guard let value = try? decoder.decode(JSONValue.self, from: Data(lineBytes)), case .object(let object) = value else {
                row.problem = "is not a JSON object on one line ({\"title\": \"...\", ...}); check quotes, commas and braces"
                rows.append(row)
                continue
            }
            for key in object.keys.sorted() where !known.contains(key) {
                known.insert(key)
                columns.append(key)
            }
            for (key, v) in object {
                guard let text = v.text else {
                    row.problem = row.problem ?? "'\(key)' must be text, a number, true/false or a list, not an object"
                    continue
                }
                row.values[key] = text
            }
            rows.append(row)
        }
        if rows.isEmpty { throw HandbookError(file: file, "no rows; expected one JSON object per line, one per case") }
        return ImportTable(file: file, columns: columns, rows: rows)
    }
}

/// A row that passed every check, with the case file it becomes.
public struct ImportedCase: Sendable, Hashable {
    /// Line of the import file where the row starts.
    public var line: Int
    public var id: String
    /// Path relative to the quiz folder, e.g. `cases/2026-w47/c-2026w47-001.md`.
    public var file: String
    /// What was redacted from the row's text.
    public var redactions: RedactionCounts
    /// The complete case file.
    public var markdown: String
}

/// A row that cannot be imported, with every reason.
public struct RejectedRow: Sendable, Hashable {
    public var line: Int
    public var reasons: [String]
}

/// What an import did or would do.
public struct CaseImportReport: Sendable {
    /// The import file as named by the user.
    public var input: String
    /// The quiz folder as named by the user; `file` paths are relative to it.
    public var quizzes: String
    /// Rows that are valid (written unless `written` is false).
    public var imported: [ImportedCase]
    public var rejected: [RejectedRow]
    /// Whether the case files were written.
    public var written: Bool
    public var dryRun: Bool
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

    static func join(_ folder: String, _ file: String) -> String {
        var folder = folder
        while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
        return folder.isEmpty || folder == "." ? file : folder + "/" + file
    }
}

/// Imports QA sample exports into the quiz bank: maps columns to case fields, redacts
/// personal data, checks every row against the handbook and the bank, and writes one case
/// file per row, all or nothing.
public struct CaseImporter: Sendable {
    public var handbook: Handbook
    public var bank: QuizBank
    /// The quiz folder as the user named it (`Quizzes`); cases go to `cases/<yyyy>-w<ww>/`.
    public var quizzes: String
    /// Written as `source:` in every case, e.g. "QA sample 2026-W47"; its week numbers generated ids.
    public var source: String
    public var redactor = PIIRedactor()

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
        let (imported, rejected) = try prepare(table, mapping: mapping)
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
        for row in table.rows {
            var draft = check(row, columns: columns, context: context, markets: markets)
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
                imported.append(ImportedCase(line: draft.line, id: draft.id, file: file, redactions: draft.redactions, markdown: markdown))
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
        var placed: [String] = []
        var createdFolders: [String] = []
        func rollBack() {
            for path in placed { unlink(path) }
            for folder in createdFolders.reversed() { rmdir(folder) }
        }
        for (i, c) in cases.enumerated() {
            let destination = CaseImportReport.join(quizzes, c.file)
            let folder = (destination as NSString).deletingLastPathComponent
            if !fm.fileExists(atPath: folder) {
                do {
                    try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    createdFolders.append(folder)
                } catch {
                    rollBack()
                    throw HandbookError(file: folder, "cannot create this folder (\(error.localizedDescription)); nothing was imported")
                }
            }
            // link() fails if the destination exists: a move that never replaces a file.
            if link(staging + "/\(i).md", destination) != 0 {
                let reason = String(cString: strerror(errno))
                rollBack()
                throw HandbookError(file: destination, "cannot be written (\(reason)); nothing was imported")
            }
            placed.append(destination)
        }
    }

    // MARK: - Rows

    /// A row's values after mapping, cleaning and redaction.
    struct Draft {
        var line: Int
        var id = ""
        var type = ""
        var market = ""
        var lang = "en"
        var title = ""
        var description = ""
        var notes = ""
        var price = ""
        var decision = ""
        var codes: [String] = []
        var rationale = ""
        var sop = ""
        var sampled = ""
        var difficulty = 2
        var sensitive = false
        var mediaAlt = ""
        var tags: [String] = []
        var redactions = RedactionCounts()
        var reasons: [String] = []
    }

    static let types = ["listing", "live-stream", "seller", "review", "chat"]

    /// Section titles for what the moderator saw, by case type: (description, notes).
    static func sectionTitles(_ type: String) -> (String, String) {
        switch type {
        case "live-stream": ("Stream", "Notes")
        case "seller": ("Profile", "Documents")
        case "review": ("Review", "Notes")
        case "chat": ("Chat", "Notes")
        default: ("Listing", "Seller notes")
        }
    }

    private func label(_ field: CaseField, _ columns: [CaseField: String]) -> String { columns[field] ?? field.rawValue }

    private func check(_ row: ImportTableRow, columns: [CaseField: String], context: Resolution, markets: Set<String>) -> Draft {
        var d = Draft(line: row.line)
        if let problem = row.problem {
            d.reasons.append(problem)
            return d
        }
        func value(_ field: CaseField) -> String {
            guard let column = columns[field] else { return "" }
            return Self.clean(row.values[column] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func required(_ field: CaseField, _ what: String) -> String {
            let v = value(field)
            if v.isEmpty { d.reasons.append("\(label(field, columns)): empty; \(what)") }
            return v
        }
        func redacted(_ text: String) -> String {
            let (out, counts) = redactor.redact(text)
            d.redactions += counts
            return out
        }

        d.id = value(.id)
        if !d.id.isEmpty, !Self.isSlug(d.id) {
            d.reasons.append("\(label(.id, columns)): '\(d.id)' must be lowercase letters, digits and hyphens, e.g. c-2026w47-001")
        }
        let type = required(.type, "give the case type (\(Self.types.joined(separator: ", ")))")
        d.type = type.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        if d.type == "livestream" { d.type = "live-stream" }
        if !type.isEmpty, !Self.types.contains(d.type) {
            d.reasons.append("\(label(.type, columns)): '\(type)' is not one of \(Self.types.joined(separator: ", "))")
        }
        d.market = required(.market, "give the market code, e.g. ID").uppercased()
        if !d.market.isEmpty {
            if !markets.isEmpty, !markets.contains(d.market) {
                d.reasons.append("\(label(.market, columns)): '\(d.market)' is not a market of the handbook (\(markets.sorted().joined(separator: ", ")))")
            } else if markets.isEmpty, !d.market.allSatisfy({ $0.isLetter && $0.isASCII }) {
                d.reasons.append("\(label(.market, columns)): '\(d.market)' is not a market code such as ID or UK")
            }
        }
        let lang = value(.lang)
        if !lang.isEmpty {
            d.lang = lang.lowercased()
            if !Self.isLanguageCode(d.lang) {
                d.reasons.append("\(label(.lang, columns)): '\(lang)' is not a language code such as en, id, th or vi")
            }
        }
        d.title = redacted(required(.title, "the case needs the item title as the moderator saw it"))
            .split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        d.description = redacted(required(.description, "the case needs what the moderator saw"))
        d.notes = redacted(value(.notes))
        d.price = value(.price).split(whereSeparator: \.isNewline).joined(separator: " ")
        d.decision = required(.decision, "give the gold decision, one of the action list")
        if !d.decision.isEmpty, !context.actions.contains(d.decision) {
            let list = context.actions.isEmpty ? "the handbook defines no action list" : "the actions are \(context.actions.sorted().joined(separator: ", "))"
            d.reasons.append("\(label(.decision, columns)): '\(d.decision)' is not in the action list; \(list)")
        }
        d.codes = Self.splitList(value(.codes)).map { $0.uppercased() }
        for code in d.codes where handbook.codes[code] == nil {
            d.reasons.append("\(label(.codes, columns)): unknown policy code '\(code)'; see codes/index.html for the codes the handbook defines")
        }
        d.rationale = redacted(required(.rationale, "the case needs a rationale explaining the gold decision"))
        d.sop = required(.sop, "give the deciding SOP section as sop-id#anchor")
        if !d.sop.isEmpty {
            var problems: [Diagnostic] = []
            let node = YAMLNode(.scalar(d.sop), line: row.line, column: 0)
            _ = context.check(d.sop, file: "", node: node, diagnostics: &problems)
            for p in problems { d.reasons.append("\(label(.sop, columns)): \(p.message)") }
        }
        d.sampled = required(.sampled, "give the date the item was sampled, YYYY-MM-DD")
        if !d.sampled.isEmpty, ISOWeek(date: d.sampled) == nil {
            d.reasons.append("\(label(.sampled, columns)): '\(d.sampled)' is not a date written YYYY-MM-DD")
        }
        let difficulty = value(.difficulty)
        if !difficulty.isEmpty {
            if let n = Int(difficulty), (1...3).contains(n) { d.difficulty = n } else {
                d.reasons.append("\(label(.difficulty, columns)): '\(difficulty)' must be 1 (easy), 2 or 3 (hard)")
            }
        }
        let sensitive = value(.sensitive).lowercased()
        switch sensitive {
        case "", "false", "no", "n", "0": d.sensitive = false
        case "true", "yes", "y", "1": d.sensitive = true
        default: d.reasons.append("\(label(.sensitive, columns)): '\(value(.sensitive))' must be true or false")
        }
        d.mediaAlt = redacted(value(.mediaAlt)).split(whereSeparator: { $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        d.tags = ["imported"]
        for tag in Self.splitList(value(.tags)).map({ $0.lowercased() }) where !d.tags.contains(tag) {
            if Self.isSlug(tag) { d.tags.append(tag) } else {
                d.reasons.append("\(label(.tags, columns)): tag '\(tag)' must be lowercase letters, digits and hyphens")
            }
        }
        return d
    }

    // MARK: - Writing case files

    /// The case file, in the format of the hand-written cases.
    func render(_ d: Draft) -> String {
        let (first, second) = Self.sectionTitles(d.type)
        var out = "---\n"
        out += "id: \(d.id)\n"
        out += "type: \(d.type)\n"
        out += "source: \(Self.yaml(source))\n"
        out += "sampled: \(d.sampled)\n"
        out += "market: \(Self.yaml(d.market))\n"
        out += "lang: \(Self.yaml(d.lang))\n"
        if !d.price.isEmpty { out += "price: \(Self.quoted(d.price))\n" }
        out += "decision: \(Self.yaml(d.decision))\n"
        out += "codes: [\(d.codes.joined(separator: ", "))]\n"
        out += "sop: \(Self.yaml(d.sop))\n"
        out += "difficulty: \(d.difficulty)\n"
        out += "sensitive: \(d.sensitive)\n"
        out += "status: active\n"
        // QA checked the gold decision against the SOP as it stood on the sample date, so
        // that is when the case was last reviewed: a later SOP change flags it for review.
        out += "reviewed: \(d.sampled)\n"
        out += "tags: [\(d.tags.joined(separator: ", "))]\n"
        if !d.mediaAlt.isEmpty {
            out += "media:\n  - ref: \"\"\n    alt: \(Self.yaml(d.mediaAlt))\n"
        }
        out += "---\n"
        out += "# \(d.title)\n\n"
        out += "## \(first)\n\(Self.body(d.description))\n\n"
        if !d.notes.isEmpty { out += "## \(second)\n\(Self.body(d.notes))\n\n" }
        out += "## Rationale\n\(Self.body(d.rationale))\n"
        return out
    }

    /// Section text with lines that would start a new section (`## `) indented by a space.
    static func body(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("## ") || $0 == "##" ? " " + $0 : String($0) }
            .joined(separator: "\n")
    }

    /// A YAML scalar: plain when nothing in it means something to YAML (`ip#ip-01` is
    /// plain: `#` starts a comment only after a space), else double-quoted.
    static func yaml(_ s: String) -> String {
        let safe = s.unicodeScalars.allSatisfy { c in
            (c.properties.isAlphabetic || ("0"..."9").contains(c) || " ._/()+-#:".unicodeScalars.contains(c))
        }
        guard safe, let first = s.unicodeScalars.first, first.properties.isAlphabetic || ("0"..."9").contains(first),
              s.last != " ", s.last != ":", !s.contains(" #"), !s.contains(": ") else { return quoted(s) }
        return s
    }

    /// A double-quoted YAML string the project's YAML subset reads back unchanged.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    /// Text with Windows line breaks normalised and control characters other than line
    /// breaks and tabs removed.
    static func clean(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var previousCR = false
        for c in s.unicodeScalars {
            defer { previousCR = c == "\r" }
            if c == "\r" { out.append("\n"); continue }
            if c == "\n", previousCR { continue }
            if c == "\n" || c == "\t" { out.append(c); continue }
            if c.properties.generalCategory == .control || c == "\u{2028}" || c == "\u{2029}" { continue }
            out.append(c)
        }
        return String(out)
    }

    /// Lowercased text with runs of whitespace collapsed: what duplicate detection compares.
    func normalised(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Splits `IP-03|PA-03`, `IP-03, PA-03`, `IP-03; PA-03` or `IP-03 PA-03`.
    static func splitList(_ s: String) -> [String] {
        s.split(whereSeparator: { "|,; \t\n".contains($0) }).map(String.init).filter { !$0.isEmpty }
    }

    static func isSlug(_ s: String) -> Bool {
        !s.isEmpty && !s.hasPrefix("-") && !s.hasSuffix("-") && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    static func isLanguageCode(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = parts.first, (2...3).contains(primary.count), primary.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) }) else { return false }
        return parts.dropFirst().allSatisfy { !$0.isEmpty && $0.count <= 8 && $0.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) } }
    }

    static func pad(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)" }

    /// The ISO week named in a source such as "QA sample 2026-W47" (or "2026W47", "2026 w 47").
    static func week(inSource source: String) -> ISOWeek? {
        guard let regex = try? NSRegularExpression(pattern: #"\b(\d{4})[\s-]*[Ww]\s*(\d{1,2})\b"#) else { return nil }
        let ns = source as NSString
        guard let m = regex.firstMatch(in: source, range: NSRange(location: 0, length: ns.length)),
              let year = Int(ns.substring(with: m.range(at: 1))), let week = Int(ns.substring(with: m.range(at: 2))),
              (1...53).contains(week) else { return nil }
        return ISOWeek(year: year, week: week)
    }
}

// MARK: - ISO weeks

/// An ISO 8601 week (weeks start on Monday; week 1 holds the year's first Thursday).
struct ISOWeek: Hashable {
    var year: Int
    var week: Int

    var paddedWeek: String { week < 10 ? "0\(week)" : "\(week)" }

    init(year: Int, week: Int) {
        self.year = year
        self.week = week
    }

    /// The week of a `YYYY-MM-DD` date; nil when the text is not a real date.
    init?(date: String) {
        let parts = date.split(separator: "-", omittingEmptySubsequences: false)
        guard date.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= Self.daysIn(month: m, year: y) else { return nil }
        let days = Self.daysFromCivil(y, m, d)
        let weekday = ((days % 7) + 7 + 3) % 7 + 1 // 1970-01-01 was a Thursday; Monday is 1
        let thursday = days - weekday + 4
        let thursdayYear = Self.year(ofDay: thursday)
        year = thursdayYear
        week = (thursday - Self.daysFromCivil(thursdayYear, 1, 1)) / 7 + 1
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func year(ofDay days: Int) -> Int {
        var y = 1970 + days / 366
        while daysFromCivil(y + 1, 1, 1) <= days { y += 1 }
        while daysFromCivil(y, 1, 1) > days { y -= 1 }
        return y
    }
}

// MARK: - JSON Lines values

/// A JSON value, decoded without Foundation's number and boolean ambiguity.
enum JSONValue: Decodable {
    case string(String), bool(Bool), int(Int), double(Double), array([JSONValue]), object([String: JSONValue]), null

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    /// The value as import text: lists joined with `|`; nil for objects.
    var text: String? {
        switch self {
        case .string(let s): s
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .null: ""
        case .array(let items):
            items.allSatisfy({ $0.text != nil && !$0.isArray }) ? items.compactMap(\.text).joined(separator: "|") : nil
        case .object: nil
        }
    }

    private var isArray: Bool { if case .array = self { true } else { false } }
}
