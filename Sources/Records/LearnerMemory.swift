import CivilDate
import Foundation
import Learning

/// The organisation's memory model over its answer history: FSRS-5 fitted to every learner's
/// answers once there are `FSRSFitter.minimumReviews` reviews (answers after an item's
/// first), else FSRS-5's published defaults; and every learner's memory of every item.
public struct LearnerMemory: Sendable {
    /// The fit (or, below the threshold, the defaults with `fitted == false`).
    public let fit: FSRSFit
    /// Item answers read (first answers included).
    public let answers: Int
    public let states: LearnerStates

    /// Folds `answers` (see `Records.itemAnswers`) through FSRS, fitted when there are enough.
    /// Grades: a wrong answer is Again, partial credit (0.5 to below 1) Hard, right Good.
    public init(_ answers: [ItemAnswer]) {
        var log = ReviewLog()
        log.reserveCapacity(answers.count)
        for a in answers {
            log.append(learner: a.learnerID, item: a.itemID, day: Self.day(a.answeredAt), score: a.score)
        }
        self.answers = answers.count
        fit = FSRSFitter.fit(log)
        states = LearnerStates(log: log, model: FSRS(parameters: fit.parameters))
    }

    /// Folds `answers` through FSRS with an existing fit (see `Records.memoryFit`): with one
    /// learner's answers, that learner's memory exactly as the whole history would give it,
    /// since each learner's memory of an item depends only on their own answers to it.
    public init(_ answers: [ItemAnswer], fit: FSRSFit) {
        var log = ReviewLog()
        log.reserveCapacity(answers.count)
        for a in answers {
            log.append(learner: a.learnerID, item: a.itemID, day: Self.day(a.answeredAt), score: a.score)
        }
        self.answers = answers.count
        self.fit = fit
        states = LearnerStates(log: log, model: FSRS(parameters: fit.parameters))
    }

    /// Reads the history before `before` (all when nil) and builds the model.
    public init(records: Records, before: String? = nil) throws(RecordsError) {
        self.init(try records.itemAnswers(before: before))
    }

    /// Whether the weights were fitted to this organisation's records.
    public var fitted: Bool { fit.fitted }

    /// One line saying which parameters were used and on how many reviews.
    public var modelDescription: String {
        fit.fitted
            ? "FSRS-5 fitted to this organisation's \(fit.reviews) reviews (answers after a first answer to the same item)"
            : "FSRS-5 default parameters (\(fit.reviews) reviews in the records, answers after a first answer to the same item; fitting needs \(FSRSFitter.minimumReviews))"
    }

    /// Days since the Unix epoch of an ISO time (`2026-11-21T22:25:46.123Z`); 0 when unreadable.
    public static func day(_ iso: String) -> Double {
        guard let date = CivilDate(iso: iso.prefix(10)) else { return 0 }
        var day = Double(date.days)
        let time = Array(iso.utf8.dropFirst(11))
        func number(_ from: Int, _ count: Int) -> Double {
            guard time.count >= from + count else { return 0 }
            var v = 0
            for c in time[from..<(from + count)] { guard c >= 48 && c <= 57 else { return 0 }; v = v * 10 + Int(c - 48) }
            return Double(v)
        }
        day += number(0, 2) / 24 + number(3, 2) / 1_440 + number(6, 2) / 86_400
        return day
    }
}

/// The last FSRS fit of the organisation's history, with what it was fitted on, so a review
/// start does not refit (hundreds of likelihood evaluations) while no answer was added. The
/// key identifies the history exactly (answers before the time, the last answer's time and
/// the answer-key changes, which re-grade), so a reused fit is the fit a refit would give and
/// `attempts verify` still recomputes the same draw.
final class FSRSFitCache: @unchecked Sendable {
    /// What a fit was computed from.
    struct Key: Hashable, Sendable {
        var responses: Int64
        var lastAnswer: String
        var keyChanges: Int64
    }

    private let lock = NSLock()
    private var entry: (key: Key, fit: FSRSFit)?
    private var computed = 0

    /// How many fits were computed (not reused) by these records.
    var fitsComputed: Int { lock.withLock { computed } }

    /// The last fit computed or reused, whatever its key; nil before the first.
    var latest: FSRSFit? { lock.withLock { entry?.fit } }

    /// The fit for `key`, computed with `compute` unless the last one had the same key.
    func fit(_ key: Key, _ compute: () throws(RecordsError) -> FSRSFit) throws(RecordsError) -> FSRSFit {
        if let hit = lock.withLock({ entry?.key == key ? entry?.fit : nil }) { return hit }
        let fit = try compute()
        lock.withLock { entry = (key, fit); computed += 1 }
        return fit
    }
}

extension Records {
    /// The FSRS fit of every learner's answers before `before` (see `LearnerMemory`), reused
    /// while the history before then is unchanged.
    public func memoryFit(before: String) throws(RecordsError) -> FSRSFit {
        try memoryFit(before: before, reading: self)
    }

    /// `memoryFit`, reading the history through a connection of its own, so the scan of every
    /// answer (seconds over millions) does not hold this records' reader, which every
    /// request's lookups share; the fit goes into this records' cache. For a server's
    /// background refit.
    public func memoryFitOnOwnConnection(before: String) throws(RecordsError) -> FSRSFit {
        try memoryFit(before: before, reading: try Records(path: location))
    }

    func memoryFit(before: String, reading source: Records) throws(RecordsError) -> FSRSFit {
        let reader = source.reader
        let row = try reader.query("SELECT COUNT(*), MAX(answered_at) FROM responses WHERE answered_at <> '' AND answered_at < ?", [.text(before)]).first
        let changes = try reader.query("SELECT COUNT(*) FROM key_changes").first?.first?.int ?? 0
        let key = FSRSFitCache.Key(responses: row?[0].int ?? 0, lastAnswer: row?[1].string ?? "", keyChanges: changes)
        return try fitCache.fit(key) { () throws(RecordsError) in LearnerMemory(try source.itemAnswers(before: before)).fit }
    }

    /// The last FSRS fit these records computed (see `memoryFit`), without reading the
    /// history: nil before the first. The learner home's review counts use it (a fit is
    /// hundreds of likelihood evaluations over every answer: never per request); `casebook
    /// serve` computes one at start and hourly, and every review start refreshes it.
    public func lastMemoryFit() -> FSRSFit? { fitCache.latest }
}
