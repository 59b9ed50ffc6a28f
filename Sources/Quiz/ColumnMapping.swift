import Foundation
import Handbook

// The column map of `casebook cases import` and `casebook qa import`: which export column
// each field of the imported record reads.

/// A field of an imported record that one column of an import file fills.
public protocol ImportField: RawRepresentable<String>, Sendable, Hashable, CaseIterable where AllCases == [Self] {
    /// The column of the export that fills this field when no map says otherwise.
    var defaultColumn: String { get }
    /// Whether an import file must have a column for this field.
    var isRequired: Bool { get }
    /// What one row becomes, for messages: "case", "audit".
    static var recordNoun: String { get }
}

/// A field of a case that a column of an import file fills.
public enum CaseField: String, ImportField {
    case id, type, market, lang, title, description, notes, price, decision, codes, rationale, sop, sampled, difficulty, sensitive
    case mediaAlt = "media_alt"
    case tags
    case mediaFiles = "media_files"

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
        case .mediaFiles: "media_files"
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

    /// One row of a QA sample export becomes a case.
    public static var recordNoun: String { "case" }
}

/// The column map of `casebook cases import`.
public typealias ColumnMapping = FieldMapping<CaseField>

/// Which column of an import file fills which field of the imported record.
public struct FieldMapping<Field: ImportField>: Sendable, Hashable {
    /// Where a column name was set in a map file, for error messages.
    public struct Origin: Sendable, Hashable {
        /// The map file as named on the command line.
        public var file: String
        /// The 1-based line of the map file.
        public var line: Int
        /// The 1-based column where the name starts.
        public var column: Int
    }

    /// Column name per field; a field mapped to "" is not read.
    public var columns: [Field: String]
    /// Fields set by a map file, with where.
    public var origins: [Field: Origin] = [:]

    /// The default columns of the export (`sample_id,item_type,market,...`).
    public static var `default`: FieldMapping<Field> {
        FieldMapping(columns: Dictionary(uniqueKeysWithValues: Field.allCases.map { ($0, $0.defaultColumn) }))
    }

    /// The default mapping with the entries of a YAML map file (`field: column name`) on top.
    public static func load(_ path: String) throws(HandbookError) -> FieldMapping<Field> {
        let bytes = try ContentTree.read(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw HandbookError(file: path, "is not valid UTF-8; re-save it as UTF-8")
        }
        return try parse(text, file: path)
    }

    /// Parses map-file text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(HandbookError) -> FieldMapping<Field> {
        let root: YAMLNode
        do { root = try YAMLParser.parse(text) } catch {
            throw HandbookError(file: file, line: error.line, column: error.column, error.message)
        }
        var mapping = FieldMapping<Field>.default
        var problems: [Diagnostic] = []
        for entry in root.mapEntries ?? [] {
            guard let field = Field(rawValue: entry.key) else {
                problems.append(Diagnostic(.error, file: file, line: entry.line, column: entry.column,
                    "unknown \(Field.recordNoun) field '\(entry.key)'; map one of \(Field.allCases.map(\.rawValue).joined(separator: ", ")) to a column name"))
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
    public func resolve(in table: ImportTable) throws(HandbookError) -> [Field: String] {
        var byLowercase: [String: String] = [:]
        for c in table.columns { byLowercase[c.lowercased()] = byLowercase[c.lowercased()] ?? c }
        var resolved: [Field: String] = [:]
        var problems: [Diagnostic] = []
        let available = table.columns.isEmpty ? "none" : table.columns.joined(separator: ", ")
        for field in Field.allCases {
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
                    "\(how), but every \(Field.recordNoun) needs a \(field.rawValue); add the column or map it with --map (\(field.rawValue): COLUMN)"))
            }
        }
        if !problems.isEmpty { throw HandbookError(problems) }
        return resolved
    }
}
