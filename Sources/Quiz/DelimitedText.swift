/// One record of a CSV file: its fields and the physical line on which it starts.
public struct DelimitedRecord: Sendable, Hashable {
    /// 1-based line of the file where the record starts (records may span lines).
    public var line: Int
    /// The fields, unquoted.
    public var fields: [String]
    /// Why the record is malformed (a stray quote), or nil. The fields are still read,
    /// so the rest of the file keeps its line numbers.
    public var problem: String?

    /// A parsed row.
    public init(line: Int, fields: [String], problem: String? = nil) {
        self.line = line
        self.fields = fields
        self.problem = problem
    }
}

/// A problem that stops the whole file from being read, such as a quote that is never closed.
public struct DelimitedTextError: Error, Sendable, Hashable {
    /// The line number in the file (1-based).
    public var line: Int
    /// What is wrong and what to do.
    public var message: String
}

/// A small RFC 4180 CSV reader working on bytes: quoted fields may hold the separator,
/// doubled quotes and line breaks; records end with CRLF or LF; a UTF-8 BOM is skipped.
/// Foundation has no CSV reader, and exports from QA tools are plain RFC 4180. Debian's C
/// one, libcsv (`libcsv-dev`), hands over fields with neither the line a record starts on nor
/// the place of a stray quote, and every import error names the line; so this one is kept.
public enum DelimitedText {
    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    /// Splits `bytes` into records. Blank lines are skipped. Line breaks inside quoted
    /// fields are returned as `\n` whatever the file used.
    public static func records(_ bytes: [UInt8], separator: UInt8 = UInt8(ascii: ",")) throws(DelimitedTextError) -> [DelimitedRecord] {
        var records: [DelimitedRecord] = []
        try forEachRecord(bytes, separator: separator) { records.append($0) }
        return records
    }

    /// Calls `body` with each record in file order as it is read, without keeping them: for
    /// exports of a million rows. The same records as `records`; a file-level error (invalid
    /// UTF-8, an unclosed quote) is thrown after the records before it were passed on.
    public static func forEachRecord(_ bytes: [UInt8], separator: UInt8 = UInt8(ascii: ","),
                                     _ body: (DelimitedRecord) -> Void) throws(DelimitedTextError) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(DelimitedTextError) in
            try forEachRecord(buffer, separator: separator, read: { _ in }, body)
        }
    }

    /// `forEachRecord` of bytes in memory (a mapped file), telling `read` how far the bytes
    /// have been read and are no longer looked at (first by the UTF-8 check, then by the
    /// records passed on), so a caller can let go of them.
    static func forEachRecord(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8 = UInt8(ascii: ","), read: (Int) -> Void,
                              _ body: (DelimitedRecord) -> Void) throws(DelimitedTextError) {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        if let bad = firstInvalidUTF8Line(UnsafeBufferPointer(rebasing: bytes[start...]), read: { read(start + $0) }) {
            throw DelimitedTextError(line: bad, message: "is not valid UTF-8 (first bad byte on this line); export the file again as UTF-8")
        }
        var fields: [String] = []
        var field: [UInt8] = []
        var problem: String?
        var line = 1
        var recordLine = 1
        var fieldIsQuoted = false
        var i = start
        let n = bytes.count

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldIsQuoted = false
        }
        func endRecord() {
            endField()
            let blank = fields.count == 1 && fields[0].isEmpty && problem == nil
            if !blank { body(DelimitedRecord(line: recordLine, fields: fields, problem: problem)) }
            fields.removeAll(keepingCapacity: true)
            problem = nil
            read(i)
        }
        func note(_ message: String) { if problem == nil { problem = message } }

        while i < n {
            let b = bytes[i]
            if field.isEmpty && !fieldIsQuoted && b == quote {
                // A quoted field: read to the closing quote, keeping separators and line breaks.
                let openLine = line
                fieldIsQuoted = true
                i += 1
                var closed = false
                while i < n {
                    let c = bytes[i]
                    if c == quote {
                        if i + 1 < n, bytes[i + 1] == quote { field.append(quote); i += 2; continue }
                        closed = true
                        i += 1
                        break
                    }
                    if c == cr {
                        field.append(lf)
                        line += 1
                        i += (i + 1 < n && bytes[i + 1] == lf) ? 2 : 1
                        continue
                    }
                    if c == lf { line += 1 }
                    field.append(c)
                    i += 1
                }
                if !closed {
                    throw DelimitedTextError(line: openLine, message: "a quoted field starts on this line and is never closed; end it with \" (write a quote inside a field as \"\")")
                }
                // After the closing quote only a separator or the end of the line may follow.
                if i < n, bytes[i] != separator, bytes[i] != lf, bytes[i] != cr {
                    note("field \(fields.count + 1): text after the closing quote; quote the whole field and write a quote inside it as \"\"")
                    while i < n, bytes[i] != separator, bytes[i] != lf, bytes[i] != cr { field.append(bytes[i]); i += 1 }
                }
                continue
            }
            switch b {
            case separator:
                endField()
                i += 1
            case lf, cr:
                endRecord()
                line += 1
                i += (b == cr && i + 1 < n && bytes[i + 1] == lf) ? 2 : 1
                recordLine = line
            default:
                if b == quote {
                    note("field \(fields.count + 1): a quote inside an unquoted field; quote the whole field and write a quote inside it as \"\"")
                }
                field.append(b)
                i += 1
            }
        }
        if !field.isEmpty || !fields.isEmpty || fieldIsQuoted { endRecord() }
    }

    /// The line of the first invalid UTF-8 sequence, or nil when the bytes are valid.
    static func firstInvalidUTF8Line(_ bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8Line($0, read: { _ in }) }
    }

    /// `firstInvalidUTF8Line`, checked a few megabytes at a time (ending after a line feed,
    /// which is never inside a UTF-8 sequence), so no copy of the whole file is made; `read`
    /// is told how far the bytes are checked.
    static func firstInvalidUTF8Line(_ bytes: UnsafeBufferPointer<UInt8>, read: (Int) -> Void) -> Int? {
        let step = 4 << 20
        var from = 0
        while from < bytes.count {
            var to = min(from + step, bytes.count)
            while to < bytes.count, bytes[to - 1] != lf { to += 1 }
            if String(validating: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self) == nil { break }
            read(to)
            from = to
        }
        if from >= bytes.count { return nil }
        var line = 1
        var lineStart = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == lf {
                if String(validating: UnsafeBufferPointer(rebasing: bytes[lineStart..<i]), as: UTF8.self) == nil { return line }
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        return line
    }
}
