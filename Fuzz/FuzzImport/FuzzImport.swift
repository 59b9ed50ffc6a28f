// libFuzzer target: the QA-export importer's readers (CSV and JSON Lines), the column map,
// and the PII redactor over every field read. Built by `make fuzz`.
import FuzzDriver
import Handbook
import Quiz

private let redactor = PIIRedactor()

@main
enum Main {
    static func main() { runFuzzer(test) }
}

/// One input; a crash, a hang or a leak in here is a defect.
private func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    for table in [try? ImportTable.csv(bytes, file: "in.csv"), try? ImportTable.jsonLines(bytes, file: "in.jsonl")] {
        guard let table else { continue }
        _ = try? ColumnMapping.default.resolve(in: table)
        for row in table.rows.prefix(4) {
            for value in row.values.values {
                let once = redactor.redact(value)
                let twice = redactor.redact(once.text)
                // Redaction is idempotent: a second pass finds nothing.
                if twice.counts.total != 0 || twice.text != once.text { fatalError("redacting twice changed \(once.text.debugDescription)") }
            }
        }
    }
    if let text = String(validating: bytes, as: UTF8.self) { _ = try? ColumnMapping.parse(text, file: "map.yml") }
    return 0
}
