import Foundation

/// The questions of their own attempts that learners have been shown, and the case each
/// asks: what the media route checks for a learner, kept so that the attempt, its responses
/// and the question being asked are not read again for every image (a question with four
/// images asks for eight files). Safe to keep because it only grows: an attempt's learner and
/// questions never change, and a question once shown (answered, or the one being asked) stays
/// shown, since responses are never deleted. Who is signed in is still read on every request,
/// so a logout or a revoke takes effect at once.
final class ShownMedia: @unchecked Sendable {
    private struct Attempt {
        var learner: String
        /// Case id by position shown.
        var cases: [Int: String]
    }

    private let lock = NSLock()
    /// Guarded by `lock`.
    private var attempts: [Int64: Attempt] = [:]
    /// Attempts kept at most; when full, all are dropped and checked again as they come back.
    let capacity: Int

    init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    /// The case asked at `position` of attempt `attempt`, if `learner` is its learner and has
    /// been shown it; nil when not known here (check it in full).
    func caseID(attempt: Int64, learner: String, position: Int) -> String? {
        lock.lock()
        defer { lock.unlock() }
        guard let a = attempts[attempt], a.learner == learner else { return nil }
        return a.cases[position]
    }

    /// Records that `learner`, whose attempt it is, has been shown `position` (case `caseID`).
    func remember(attempt: Int64, learner: String, position: Int, caseID: String) {
        lock.lock()
        defer { lock.unlock() }
        if attempts[attempt] == nil, attempts.count >= capacity { attempts.removeAll(keepingCapacity: true) }
        attempts[attempt, default: Attempt(learner: learner, cases: [:])].cases[position] = caseID
    }
}
