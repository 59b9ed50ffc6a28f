import Foundation
import Testing
@testable import Handbook
@testable import Quiz
import CasebookTestSupport

/// A large CSV export is read from a mapped file whose pages are handed back as it is read
/// (`ImportTable.streamRecords`): the records, line numbers and errors must be those of the
/// same bytes read into memory.
@Suite struct MappedImportTests {
    /// About 5 MB: more than one UTF-8 check step (4 MB) and many release steps, with
    /// multi-byte text, quoted fields spanning lines, CRLF rows, a stray quote and a short row.
    static func bigExport() -> [UInt8] {
        var text = "\u{FEFF}sample_id,case_text,qa_comment\n"
        var i = 0
        while text.utf8.count < 5 << 20 {
            i += 1
            switch i % 7 {
            case 0: text += "s-\(i),\"Listing \(i): đồng hồ, giá rẻ\nline two\",\"ok\"\n"
            case 1: text += "s-\(i),ร้านค้า \(i) ส่งฟรี,\"say \"\"hi\"\"\"\r\n"
            case 2: text += "s-\(i),a 2 \"inch\" item,ok\n"
            case 3: text += "s-\(i),short row\n"
            default: text += "s-\(i),Listing \(i): branded bag KW super price 520,should be remove\n"
            }
        }
        return Array(text.utf8)
    }

    static func records(of bytes: [UInt8]) throws -> (columns: [String], rows: [ImportRecord]) {
        var columns: [String] = []
        var rows: [ImportRecord] = []
        try ImportTable.csvRecords(bytes, file: "x.csv", header: { columns = $0 }, row: { rows.append($0) })
        return (columns, rows)
    }

    static func failure(_ body: () throws -> Void) -> String? {
        do { try body() } catch let error as HandbookError { return error.description } catch { return "\(error)" }
        return nil
    }

    @Test func aMappedExportGivesTheRecordsOfTheBytesInMemory() throws {
        let bytes = Self.bigExport()
        let tree = try TempTree()
        try tree.write("big.csv", bytes: bytes)
        let expected = try Self.records(of: bytes)
        var columns: [String] = []
        var rows: [ImportRecord] = []
        try ImportTable.streamRecords(tree.path("big.csv"), header: { columns = $0 }, row: { rows.append($0) })
        #expect(columns == expected.columns)
        #expect(rows.count == expected.rows.count)
        #expect(rows.count > 50_000)
        for (a, b) in zip(rows, expected.rows) where a.line != b.line || a.fields != b.fields || a.problem != b.problem {
            Issue.record("line \(a.line): \(a.fields) \(a.problem ?? "") != line \(b.line): \(b.fields) \(b.problem ?? "")")
            break
        }
        #expect(rows.contains { $0.problem != nil })
    }

    @Test func pagesAreHandedBackAsTheFileIsRead() throws {
        let bytes = Self.bigExport()
        let tree = try TempTree()
        try tree.write("big.csv", bytes: bytes)
        let mapped = try #require(MappedFile(tree.path("big.csv"), releasing: 1 << 20))
        defer { mapped.unmap() }
        var count = 0
        try DelimitedText.forEachRecord(mapped.bytes, read: mapped.release(before:)) { _ in count += 1 }
        #expect(count == (try DelimitedText.records(bytes)).count)
        // Everything but the last megabyte or so was handed back, once after the UTF-8 check
        // and again after the records (the second pass reads the pages in again).
        #expect(mapped.releasedBytes >= bytes.count - (1 << 20) - 65536)
        #expect(mapped.handedBack >= 2 * (bytes.count - (1 << 20) - 65536))
    }

    @Test func badUTF8AfterTheFirstCheckStepNamesItsLine() throws {
        var bytes = Self.bigExport()
        // A stray continuation byte well after the first 4 MB step.
        var newlines = 0
        var at = 0
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
            newlines += 1
            if i > (4 << 20) + 1000 { at = i + 1; break }
        }
        bytes.insert(0x80, at: at + 3)
        let line = newlines + 1
        let tree = try TempTree()
        try tree.write("bad.csv", bytes: bytes)
        #expect(DelimitedText.firstInvalidUTF8Line(bytes[...]) == line)
        let message = "is not valid UTF-8 (first bad byte on this line); export the file again as UTF-8"
        #expect(Self.failure { try ImportTable.streamRecords(tree.path("bad.csv"), header: { _ in }, row: { _ in }) }
                == HandbookError(file: tree.path("bad.csv"), line: line, message).description)
        #expect(Self.failure { _ = try Self.records(of: bytes) } == HandbookError(file: "x.csv", line: line, message).description)
    }

    @Test func anEmptyExportIsStillReportedAsEmpty() throws {
        let tree = try TempTree()
        try tree.write("empty.csv", bytes: [])
        #expect(MappedFile(tree.path("empty.csv")) == nil)
        #expect(Self.failure { try ImportTable.streamRecords(tree.path("empty.csv"), header: { _ in }, row: { _ in }) }
                == HandbookError(file: tree.path("empty.csv"), "is empty; expected a header line and one row per case").description)
    }
}
