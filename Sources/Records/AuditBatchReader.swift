import Foundation
import Handbook
import Quiz

/// A batch of QA audit rows read by position, with where each field's value is in them.
struct AuditReadBatch: Sendable {
    /// The rows, in file order.
    var records: [ImportRecord]
    /// For each field (in `AuditField.allCases` order), the position of its column, or nil.
    let positions: [Int?]
    /// Whether every field's column is the one at its own position.
    let inOrder: Bool

    init(records: [ImportRecord], positions: [Int?]) {
        self.records = records
        self.positions = positions
        inOrder = positions.enumerated().allSatisfy { $0.element == $0.offset }
    }

    /// The raw values of `record`, one per field in `AuditField.allCases` order ("" where the
    /// file has none): what `AuditValidator.check(line:values:problem:)` reads.
    func values(of record: ImportRecord) -> [String] {
        // Columns in the fields' own order (the default export): the record's array as it is.
        if inOrder && record.fields.count >= positions.count { return record.fields }
        return positions.map { p in
            guard let p, p < record.fields.count else { return "" }
            return record.fields[p]
        }
    }
}

/// Reads a QA audit export on a thread of its own and hands it over in batches, in file
/// order: first the validator made from the header, then the rows, then the end (with the
/// error that stopped the reading, if any). At most `capacity` items wait, so memory stays
/// at a few batches however long the file is. The consumer must take items until the end.
final class AuditBatchReader: @unchecked Sendable {
    enum Item {
        case validator(AuditValidator)
        case batch(AuditReadBatch)
        case end(HandbookError?)
    }

    private let condition = NSCondition()
    private var items: [Item] = []
    private let capacity = 2

    /// Starts reading `input`; `makeValidator` gets the header's columns.
    init(input: String, batchSize: Int, makeValidator: @escaping @Sendable ([String]) throws(HandbookError) -> AuditValidator) {
        let thread = Thread { [self] in
            read(input: input, batchSize: max(1, batchSize), makeValidator: makeValidator)
        }
        thread.start()
    }

    /// The next item, waiting for it.
    func next() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty { condition.wait() }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    private func put(_ item: Item) {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity { condition.wait() }
        items.append(item)
        condition.broadcast()
    }

    private func read(input: String, batchSize: Int, makeValidator: ([String]) throws(HandbookError) -> AuditValidator) {
        var positions: [Int?] = []
        var batch: [ImportRecord] = []
        batch.reserveCapacity(batchSize)
        do throws(HandbookError) {
            try ImportTable.streamRecords(input, header: { (columns) throws(HandbookError) in
                let validator = try makeValidator(columns)
                positions = validator.positions(in: columns)
                put(.validator(validator))
            }, row: { record in
                batch.append(record)
                if batch.count >= batchSize {
                    put(.batch(AuditReadBatch(records: batch, positions: positions)))
                    batch = []
                    batch.reserveCapacity(batchSize)
                }
            })
            if !batch.isEmpty { put(.batch(AuditReadBatch(records: batch, positions: positions))) }
            put(.end(nil))
        } catch {
            put(.end(error))
        }
    }
}
