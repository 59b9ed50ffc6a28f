import Foundation
import Handbook

// The readers of `casebook cases import`: RFC 4180 CSV and JSON Lines, as rows of text by column.

/// One row of an import file, before mapping: values by column name.
public struct ImportTableRow: Sendable, Hashable {
    /// The line of the file where the row starts.
    public var line: Int
    /// The row's text by column name; a JSON Lines row lacks the keys it does not have.
    public var values: [String: String]
    /// Why the row cannot be read (wrong number of fields, a stray quote, bad JSON), or nil.
    public var problem: String?

    /// A row starting on `line` (rows made from other records than a file, such as
    /// `qa cases` from stored audits, number them in their own order).
    public init(line: Int, values: [String: String], problem: String? = nil) {
        self.line = line; self.values = values; self.problem = problem
    }
}

/// One row of an import file read by position: its values in the order of the header's
/// columns (a CSV row may have more or fewer than the header; then `problem` says so).
public struct ImportRecord: Sendable {
    /// The line of the file where the row starts.
    public var line: Int
    /// The row's values in column order.
    public var fields: [String]
    /// Why the row cannot be read (wrong number of fields, a stray quote, bad JSON), or nil.
    public var problem: String?

    /// A row starting on `line`.
    public init(line: Int, fields: [String], problem: String? = nil) {
        self.line = line; self.fields = fields; self.problem = problem
    }
}

/// The rows of a CSV or JSON Lines file.
public struct ImportTable: Sendable {
    /// The file as named on the command line, for messages.
    public var file: String
    /// The header (CSV), or every key used on any line, sorted (JSON Lines).
    public var columns: [String]
    /// Every data row, in file order (header excluded).
    public var rows: [ImportTableRow]

    /// A table read from `file`.
    public init(file: String, columns: [String], rows: [ImportTableRow]) {
        self.file = file
        self.columns = columns
        self.rows = rows
    }

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
        var columns: [String] = []
        var rows: [ImportTableRow] = []
        try csvRows(bytes, file: file, header: { columns = $0 }, row: { rows.append($0) })
        return ImportTable(file: file, columns: columns, rows: rows)
    }

    /// Reads `path` row by row, choosing the format by its extension like `read`: `header` gets
    /// the columns once, then `row` each data row in file order, as its values in header order
    /// (`ImportRecord`, no dictionary per row). A CSV file is never held as rows (a
    /// million-row export costs its bytes); JSON Lines, whose columns are known only at the
    /// end, is read whole first, and a row gets "" for the keys it lacks.
    public static func streamRecords(_ path: String, header: ([String]) throws(HandbookError) -> Void,
                                     row: (ImportRecord) -> Void) throws(HandbookError) {
        let lower = path.lowercased()
        let isCSV = lower.hasSuffix(".csv")
        guard isCSV || lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") else {
            throw HandbookError(file: path, "expected a .csv or .jsonl file (one JSON object per line)")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw HandbookError(file: path, "not found; check the path of the file to import")
        }
        if isCSV, let mapped = MappedFile(path) {
            // Mapped, and let go of as it is read: a million-row export never sits in memory whole.
            defer { mapped.unmap() }
            try csvRecords(mapped.bytes, file: path, read: mapped.release(before:), header: header, row: row)
            return
        }
        let bytes = try ContentTree.read(path)
        if isCSV {
            try csvRecords(bytes, file: path, header: header, row: row)
        } else {
            let table = try jsonLines(bytes, file: path)
            try header(table.columns)
            for r in table.rows {
                row(ImportRecord(line: r.line, fields: table.columns.map { r.values[$0] ?? "" }, problem: r.problem))
            }
        }
    }

    /// The CSV reader behind `csv`: checks the header, then passes on each row.
    static func csvRows(_ bytes: [UInt8], file: String, header: ([String]) throws(HandbookError) -> Void,
                        row: (ImportTableRow) -> Void) throws(HandbookError) {
        var columns: [String] = []
        try csvRecords(bytes, file: file, header: { names throws(HandbookError) in
            columns = names
            try header(names)
        }, row: { record in
            var r = ImportTableRow(line: record.line, values: [:], problem: record.problem)
            for (c, v) in zip(columns, record.fields) { r.values[c] = v }
            row(r)
        })
    }

    /// The CSV reader behind `csvRows` and `streamRecords`: checks the header, then passes on
    /// each row by position, with a problem when it has another number of fields than the header.
    static func csvRecords(_ bytes: [UInt8], file: String, header: ([String]) throws(HandbookError) -> Void,
                           row: (ImportRecord) -> Void) throws(HandbookError) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(HandbookError) in
            try csvRecords(buffer, file: file, read: { _ in }, header: header, row: row)
        }
    }

    /// `csvRecords` of bytes in memory, telling `read` how far they have been read.
    static func csvRecords(_ bytes: UnsafeBufferPointer<UInt8>, file: String, read: (Int) -> Void,
                           header: ([String]) throws(HandbookError) -> Void, row: (ImportRecord) -> Void) throws(HandbookError) {
        var columns: [String]?
        var headerError: HandbookError?
        do {
            try DelimitedText.forEachRecord(bytes, read: read) { record in
                guard headerError == nil else { return }
                guard let columns else {
                    do throws(HandbookError) {
                        let names = try Self.header(record, file: file)
                        columns = names
                        try header(names)
                    } catch { headerError = error }
                    return
                }
                var r = ImportRecord(line: record.line, fields: record.fields, problem: record.problem)
                if record.fields.count != columns.count, r.problem == nil {
                    r.problem = "has \(record.fields.count) field\(record.fields.count == 1 ? "" : "s") but the header has \(columns.count); quote fields that contain commas or line breaks"
                }
                row(r)
            }
        } catch {
            throw HandbookError(file: file, line: error.line, error.message)
        }
        if let headerError { throw headerError }
        if columns == nil { throw HandbookError(file: file, "is empty; expected a header line and one row per case") }
    }

    /// The column names of a header record, each named once.
    static func header(_ header: DelimitedRecord, file: String) throws(HandbookError) -> [String] {
        if let problem = header.problem { throw HandbookError(file: file, line: header.line, "header: \(problem)") }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        // One column whose name holds another separator: the file was exported with it.
        if columns.count == 1, let name = columns.first {
            for (separator, what) in [(";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")] where name.contains(separator) {
                throw HandbookError(file: file, line: header.line, "header: one column '\(name.prefix(60))' that holds \(what): the file looks separated by \(what), but a .csv import must be separated by commas; export it again as CSV with commas (in a spreadsheet: Save as CSV UTF-8, comma-delimited)")
            }
        }
        var seen: [String: Int] = [:]
        for (i, c) in columns.enumerated() {
            if c.isEmpty { throw HandbookError(file: file, line: header.line, "header: column \(i + 1) has no name") }
            if let other = seen[c.lowercased()] {
                throw HandbookError(file: file, line: header.line, "header: column \(i + 1) '\(c)' repeats column \(other + 1); give each column its own name")
            }
            seen[c.lowercased()] = i
        }
        return columns
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

/// A file mapped read-only, whose pages are handed back to the system once read (they are
/// read from the file again if looked at later), so reading a large export sequentially
/// costs a few megabytes of memory instead of its size.
final class MappedFile {
    let bytes: UnsafeBufferPointer<UInt8>
    /// How many bytes from the start were handed back in the current pass over the file.
    private(set) var releasedBytes = 0
    /// How many bytes were handed back in all (the UTF-8 check and the records are two passes).
    private(set) var handedBack = 0
    private let page = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))
    /// How many read bytes are handed back at a time.
    private let step: Int

    /// The mapped file, or nil when it cannot be mapped (empty, not a regular file): then it
    /// is read as usual.
    init?(_ path: String, releasing step: Int = 8 << 20) {
        self.step = step
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else { return nil }
        let size = Int(info.st_size)
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { return nil }
        _ = madvise(base, size, MADV_SEQUENTIAL)
        bytes = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: size)
    }

    /// Hands back the whole pages before `offset` once `step` bytes of them are read. An
    /// offset before the last one handed back starts a new pass over the file.
    func release(before offset: Int) {
        let end = offset / page * page
        if end < releasedBytes { releasedBytes = 0 }
        guard end - releasedBytes >= step, let base = bytes.baseAddress else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + releasedBytes), end - releasedBytes, MADV_DONTNEED)
        handedBack += end - releasedBytes
        releasedBytes = end
    }

    func unmap() {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
