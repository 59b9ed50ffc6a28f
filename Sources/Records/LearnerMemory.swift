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
