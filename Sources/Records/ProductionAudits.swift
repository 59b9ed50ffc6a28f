import Foundation
import Handbook
import Quiz

// MARK: - Import

/// Why a QA audit import stopped before it could check every row: the file or map cannot be
/// used at all, or the records refused the write. Nothing was written in either case.
public enum AuditImportError: Error, Sendable {
    /// The import file or the column map (with file, line and what to do).
    case input(HandbookError)
    /// The records database.
    case storage(RecordsError)
}

/// What a QA audit import did or would do.
public struct AuditImportReport: Sendable {
    /// The import file as named by the user.
    public var input: String
    /// Where the audits come from, e.g. "QA audit 2026-W48".
    public var source: String
    /// Data rows read.
    public var rows = 0
    /// Audits stored (or, in a dry run, that would be).
    public var imported = 0
    /// Rows whose sample id is already stored with the same values: nothing to add.
    public var alreadyImported = 0
    /// Rows that failed a check, in file order.
    public var rejected: [RejectedRow] = []
    /// Moderators not yet in the records, created as learners (or, in a dry run, that would be).
    public var newLearners = 0
    /// What was redacted from the stored audits.
    public var redactions = RedactionCounts()
    /// Whether the audits were stored.
    public var written = false
    /// Whether `--dry-run` was given (nothing is written).
    public var dryRun = false
    /// Whether `--skip-invalid` was given (valid rows are stored despite rejected ones).
    public var skipInvalid = false

    /// The import did (or would do) what was asked: every row is valid (or already stored), or
    /// `--skip-invalid` was given and at least one row is valid.
    public var succeeded: Bool { rejected.isEmpty || (skipInvalid && imported + alreadyImported > 0) }

    /// A stable JSON summary: `{"already_imported","imported","new_learners","redactions":{kind: n},
    /// "rejected":[{"line","reasons"}],"rows","source","written"}`.
    public var json: String {
        var counts: [String: Int] = [:]
        for kind in RedactionKind.allCases { counts[kind.rawValue] = redactions[kind] }
        let object: [String: Any] = [
            "input": input, "source": source, "rows": rows, "imported": imported, "already_imported": alreadyImported,
            "new_learners": newLearners, "redactions": counts, "written": written, "dry_run": dryRun,
            "rejected": rejected.map { ["line": $0.line, "reasons": $0.reasons] as [String: Any] },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// Imports QA audit exports into the records: maps columns, redacts personal data, checks
/// every row against the handbook, skips sample ids already stored with the same values, and
/// stores the rest in one transaction, all or nothing.
///
/// Built for exports of a million rows: the CSV is read as a stream, rows are checked (and
/// redacted) in batches on every core, and stored with prepared statements inside one
/// transaction, so nothing is visible (or left behind) until the whole file has passed.
public struct AuditImporter: Sendable {
    /// The records the audits go to.
    public let records: Records
    /// The handbook that actions, codes and sections are checked against.
    public let handbook: Handbook
    /// The moderator actions (the handbook's action list).
    public let actions: [String]
    /// Where the audits come from, e.g. "QA audit 2026-W48"; stored with each.
    public let source: String
    /// Rows checked per batch (on all cores) before they are stored.
    public var batchSize = 4096

    /// An importer into `records`, checking against `handbook` and its `actions`.
    public init(records: Records, handbook: Handbook, actions: [String], source: String) {
        self.records = records
        self.handbook = handbook
        self.actions = actions
        self.source = source
    }

    /// Reads `input`, checks every row and, unless `dryRun` or a row is invalid without
    /// `skipInvalid`, stores the new audits. Throws when the file or map cannot be used at all
    /// or the records refuse the write (then nothing is stored).
    public func run(input: String, mapFile: String? = nil, skipInvalid: Bool = false, dryRun: Bool = false,
                    progress: (String) -> Void = { _ in }) throws(AuditImportError) -> AuditImportReport {
        let mapping: AuditMapping
        do { mapping = if let mapFile { try AuditMapping.load(mapFile) } else { AuditMapping.default } } catch { throw .input(error) }
        var report = AuditImportReport(input: input, source: source)
        report.dryRun = dryRun
        report.skipInvalid = skipInvalid
        let store = AuditStore(records: records, source: source, writing: !dryRun)
        do { try store.begin() } catch { throw .storage(error) }
        var storageError: RecordsError?
        var validator: AuditValidator?
        var firstLine: [String: Int] = [:]

        // Batches are stored in file order, each while the next one is checked (storing is
        // one thread's work, checking is every core's), so checks never wait for the disk;
        // and the file is read on a thread of its own meanwhile (`BatchReader`), so reading
        // never waits for the checks either.
        var checked: [AuditCheck] = []

        // Takes the results out of `results` (moved, not copied: an audit holds some twenty
        // strings to retain and release), leaving it empty.
        func save(_ results: inout [AuditCheck]) {
            guard let validator, storageError == nil else { return }
            results.reverse()
            while let result = results.popLast() {
                report.rows += 1
                switch consume result {
                case .rejected(let rejected):
                    report.rejected.append(rejected)
                case .valid(let audit):
                    if let line = firstLine[audit.sampleID] {
                        report.rejected.append(RejectedRow(line: audit.line, reasons: [
                            "\(validator.label(.sampleID)): '\(audit.sampleID)' is also on line \(line); every audited decision appears once (remove the repeated row)"]))
                        continue
                    }
                    firstLine[audit.sampleID] = audit.line
                    // Once a row is rejected nothing will be stored (unless invalid rows are
                    // skipped), so the rest are only checked.
                    let storing = report.rejected.isEmpty || skipInvalid
                    do throws(RecordsError) {
                        switch try store.add(audit, insert: storing) {
                        case .added(let newLearner):
                            report.imported += 1
                            report.redactions += audit.redactions
                            if newLearner { report.newLearners += 1 }
                        case .same:
                            report.alreadyImported += 1
                        case .different(let source):
                            report.rejected.append(RejectedRow(line: audit.line, reasons: [
                                "\(validator.label(.sampleID)): '\(audit.sampleID)' was imported from \"\(source)\" with other values; an import never replaces a stored audit (give the corrected decision its own sample id)"]))
                        }
                    } catch {
                        storageError = error
                        return
                    }
                }
            }
            progress("Checked \(report.rows) rows")
        }

        progress("Reading \(input)")
        let reader = AuditBatchReader(input: input, batchSize: batchSize) { (columns) throws(HandbookError) -> AuditValidator in
            let table = ImportTable(file: input, columns: columns, rows: [])
            return AuditValidator(handbook: handbook, actions: actions, columns: try mapping.resolve(in: table))
        }
        var readError: HandbookError?
        reading: while true {
            switch reader.next() {
            case .validator(let v):
                validator = v
            case .batch(let batch):
                guard let validator, storageError == nil else { continue }
                var previous: [AuditCheck] = []
                swap(&previous, &checked)
                checked = Self.check(batch, with: validator, alongside: { save(&previous) })
            case .end(let error):
                readError = error
                break reading
            }
        }
        do throws(HandbookError) {
            if let readError { throw readError }
            save(&checked)
            if storageError == nil, report.rows == 0 {
                throw HandbookError(file: input, "has no rows to import; expected a header line and one row per audited decision")
            }
        } catch {
            store.rollBack()
            throw .input(error)
        }
        if let storageError {
            store.rollBack()
            throw .storage(storageError)
        }
        report.rejected.sort { $0.line < $1.line }
        do {
            if !dryRun, report.succeeded, report.imported > 0 {
                progress("Saving \(report.imported) audits")
                try store.commit()
                report.written = true
            } else {
                store.rollBack()
            }
        } catch {
            store.rollBack()
            throw .storage(error)
        }
        return report
    }

    /// Checks a batch on every core, running `other` (storing the previous batch) on one of
    /// them meanwhile; results in row order. The rows are split in more parts than there are
    /// cores, so the thread that ran `other` takes its share of the checks when done.
    static func check(_ rows: [ImportTableRow], with validator: AuditValidator, alongside other: () -> Void = {}) -> [AuditCheck] {
        check(rows.count, with: { validator.check(rows[$0]) }, alongside: other)
    }

    /// `check` of rows read by position (`AuditReadBatch`).
    static func check(_ batch: AuditReadBatch, with validator: AuditValidator, alongside other: () -> Void = {}) -> [AuditCheck] {
        check(batch.records.count, with: { i in
            let record = batch.records[i]
            return validator.check(line: record.line, values: batch.values(of: record), problem: record.problem)
        }, alongside: other)
    }

    private static func check(_ count: Int, with checkRow: @Sendable (Int) -> AuditCheck, alongside other: () -> Void) -> [AuditCheck] {
        let parts = min(max(1, ProcessInfo.processInfo.activeProcessorCount) * 4, max(1, count / 256))
        let results = ResultSlots(count: count)
        // `other` does not outlive this call: concurrentPerform returns when every iteration has.
        withoutActuallyEscaping(other) { other in
            let beside = Beside(other)
            DispatchQueue.concurrentPerform(iterations: 1 + parts) { iteration in
                if iteration == 0 {
                    beside.run()
                    return
                }
                var i = iteration - 1
                while i < count {
                    results.set(i, checkRow(i))
                    i += parts
                }
            }
        }
        return results.values()
    }

    /// The work done beside a batch's checks: it runs on one thread, once, while the caller
    /// waits for the checks, and touches nothing the checks touch.
    private final class Beside: @unchecked Sendable {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// One slot per row, written by the checking threads (each index by one thread only, so
    /// no lock: `concurrentPerform` returning orders every write before `values`). Results
    /// are moved in and out, not copied (an audit holds some twenty strings to retain).
    private final class ResultSlots: @unchecked Sendable {
        private let slots: UnsafeMutablePointer<AuditCheck>
        private let count: Int
        private var taken = false
        init(count: Int) {
            self.count = count
            slots = .allocate(capacity: max(1, count))
        }
        /// Called once for each index below `count`, before `values`.
        func set(_ i: Int, _ r: consuming AuditCheck) { (slots + i).initialize(to: r) }
        /// Every result, in row order; once.
        func values() -> [AuditCheck] {
            taken = true
            return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
                buffer.baseAddress?.moveInitialize(from: slots, count: count)
                initialized = count
            }
        }
        deinit {
            if !taken { slots.deinitialize(count: count) }
            slots.deallocate()
        }
    }
}

// MARK: - Storage

/// The write side of an import: one transaction, label ids cached, prepared statements reused.
final class AuditStore {
    enum Added { case added(newLearner: Bool), same, different(source: String) }

    let records: Records
    let source: String
    let writing: Bool
    let importedAt = Records.now()
    /// The kinds of label (`qa_labels.kind`), by position in `labels`.
    private enum LabelKind: Int, CaseIterable {
        case section, code, market, vendor, team, queue, action, moderator, reviewer, itemType
        var name: String {
            switch self {
            case .section: "section"
            case .code: "code"
            case .market: "market"
            case .vendor: "vendor"
            case .team: "team"
            case .queue: "queue"
            case .action: "action"
            case .moderator: "moderator"
            case .reviewer: "reviewer"
            case .itemType: "item_type"
            }
        }
    }
    /// Label ids by kind (`LabelKind` position), then value: the kind is not hashed per label.
    private var labels = Array(repeating: [String: Int64](), count: LabelKind.allCases.count)
    /// The page cache size (`PRAGMA cache_size`) to restore after the import, when it was changed.
    private var cacheSize: Int64?
    private var learners: Set<String> = []
    private var knownLearners: Set<String> = []
    private var open = false
    /// Whether any audit was stored before this import: if none, no sample id can be stored
    /// yet (repeats within the file are caught before `add`), so the lookup is skipped.
    private var anyStored = true
    /// The tallies of the audits added, written just before the commit.
    private var tallies = AuditTallyBuffer()

    init(records: Records, source: String, writing: Bool) {
        self.records = records
        self.source = source
        self.writing = writing
    }

    var db: any Database { records.db }

    func begin() throws(RecordsError) {
        let kinds = Dictionary(uniqueKeysWithValues: LabelKind.allCases.map { ($0.name, $0.rawValue) })
        for row in try db.query("SELECT id, kind, value FROM qa_labels") {
            guard let kind = kinds[row[1].string ?? ""] else { continue }
            labels[kind][row[2].string ?? ""] = row[0].int ?? 0
        }
        for row in try db.query("SELECT id FROM learners") { knownLearners.insert(row[0].string ?? "") }
        anyStored = try db.query("SELECT EXISTS (SELECT 1 FROM qa_audits)").first?.first?.int == 1
        if writing {
            if db.engine == .sqlite {
                // The moderator index takes rows in no order: with SQLite's default cache (2 MB)
                // most inserts read one of its pages back and spill another, once the index
                // outgrows it (a few hundred thousand audits). Up to 64 MiB while importing.
                let size = try db.query("PRAGMA cache_size").first?.first?.int ?? -2000
                if size < 0 && size > -65536 {
                    try db.execute("PRAGMA cache_size = -65536")
                    cacheSize = size
                }
            }
            try db.execute(db.engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN")
            open = true
        }
    }

    /// Gives the connection its page cache size back.
    private func restoreCache() {
        guard let size = cacheSize else { return }
        try? db.execute("PRAGMA cache_size = \(size)")
        cacheSize = nil
    }

    func commit() throws(RecordsError) {
        guard open else { return }
        try tallies.write(to: db)
        try db.execute("COMMIT")
        open = false
        restoreCache()
    }

    func rollBack() {
        guard open else { return }
        try? db.execute("ROLLBACK")
        open = false
        restoreCache()
    }

    /// Stores `audit` unless its sample id is already stored (or `insert` is false: then only
    /// says what would happen).
    func add(_ a: ProductionAudit, insert: Bool) throws(RecordsError) -> Added {
        if anyStored, let stored = try db.query("""
            SELECT d.fingerprint, d.source FROM qa_audits a JOIN qa_audit_details d ON d.audit_id = a.id WHERE a.sample_id = ?
            """, [.text(a.sampleID)]).first {
            return stored[0].string == a.fingerprint ? .same : .different(source: stored[1].string ?? "")
        }
        let newLearner = !knownLearners.contains(a.moderator) && !learners.contains(a.moderator)
        learners.insert(a.moderator)
        guard insert, writing else { return .added(newLearner: newLearner) }
        if newLearner {
            try db.query("INSERT INTO learners (id, name, team, vendor, market, start_date, created_at) VALUES (?,?,?,?,?,'',?) ON CONFLICT DO NOTHING",
                         [.text(a.moderator), .text(a.moderator), .text(a.team), .text(a.vendor), .text(a.market), .text(importedAt)])
        }
        let week = Int64(a.week.prefix(4)).map { $0 * 100 + (Int64(a.week.suffix(2)) ?? 0) } ?? 0
        let values: [SQLValue] = [
            .integer(Int64(a.day)), .integer(week), .integer(Int64(a.outcome.rawValue)), .integer(Int64(a.harm)),
            .integer(try label(.section, a.section)), .integer(try label(.code, a.code)), .integer(try label(.market, a.market)),
            .integer(try label(.vendor, a.vendor)), .integer(try label(.team, a.team)), .integer(try label(.queue, a.queue)),
            .integer(try label(.action, a.qaAction)), .integer(try label(.action, a.secondAction)), .integer(Int64(a.appeal.rawValue)),
            .integer(try label(.moderator, a.moderator)), .integer(try label(.action, a.moderatorAction)),
            .integer(try label(.reviewer, a.reviewer)), .integer(try label(.reviewer, a.secondReviewer)),
            .integer(try label(.itemType, a.itemType)), .text(a.sampleID),
        ]
        tallies.add(day: Int64(a.day), week: week, outcome: a.outcome.rawValue, harm: Int64(a.harm), section: values[4].int ?? 0,
                    code: values[5].int ?? 0, market: values[6].int ?? 0, vendor: values[7].int ?? 0, team: values[8].int ?? 0,
                    queue: values[9].int ?? 0, qaAction: values[10].int ?? 0, secondAction: values[11].int ?? 0, appeal: a.appeal.rawValue)
        let id = try db.insert("""
            INSERT INTO qa_audits (day, week, outcome, harm, section, code, market, vendor, team, queue, qa_action, second_action,
                appeal, moderator, moderator_action, reviewer, second_reviewer, item_type, sample_id)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """, values)
        try db.insert("""
            INSERT INTO qa_audit_details (audit_id, source, line, imported_at, decided_at, moderator_codes, qa_codes, second_codes,
                case_text, comment, fingerprint) VALUES (?,?,?,?,?,?,?,?,?,?,?)
            """, [.integer(id), .text(source), .integer(Int64(a.line)), .text(importedAt), .text(a.decidedAt),
                  .text(a.moderatorCodes.joined(separator: " ")), .text(a.qaCodes.joined(separator: " ")),
                  .text(a.secondCodes.joined(separator: " ")), .text(a.caseText), .text(a.comment), .text(a.fingerprint)])
        return .added(newLearner: newLearner)
    }

    /// The id of a label (0 for ""), added inside the import's transaction when new.
    private func label(_ kind: LabelKind, _ value: String) throws(RecordsError) -> Int64 {
        if value.isEmpty { return 0 }
        if let id = labels[kind.rawValue][value] { return id }
        let id = try db.insert("INSERT INTO qa_labels (kind, value) VALUES (?, ?)", [.text(kind.name), .text(value)])
        labels[kind.rawValue][value] = id
        return id
    }
}
