import Handbook
import Records

/// An API failure as the client sees it: an HTTP status, a message the user can act on, and
/// any headers the status needs (`Allow` for 405), as Hummingbird's `HTTPError` carries them.
struct APIError: Error {
    var status: Int
    var message: String
    var headers: [(String, String)] = []
    /// For a message a learner sees: its catalogue key (`error.sign_in`), the values of its
    /// placeholders and, for a plural message, the count. The reply is then in the user's
    /// language when their catalogue has the key (issue 19); `message` stays the English.
    var key: String?
    var values: [String: String] = [:]
    var count: Int?

    init(status: Int, message: String, headers: [(String, String)] = [], key: String? = nil, values: [String: String] = [:], count: Int? = nil) {
        self.status = status
        self.message = message
        self.headers = headers
        self.key = key
        self.values = values
        self.count = count
    }

    /// The message in `t`'s language: its catalogue's text when it has the key, else `message`.
    func message(in t: Localized) -> String {
        guard let key, t.message(key) != nil else { return message }
        let pairs = values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let count { return Localized.fill(t.plural(key, count: count), pairs) }
        return Localized.fill(t(key), pairs)
    }

    /// The one place a records (domain or storage) error becomes an HTTP status.
    init(_ error: RecordsError) {
        switch error {
        case .storage(let e): self.init(status: 503, message: e.message)
        case .notFound(let message): self.init(status: 404, message: message)
        case .alreadyExists(let message): self.init(status: 409, message: message)
        case .attemptFinished: self.init(status: 409, message: "the attempt is finished; no more answers are accepted", key: "error.attempt_closed")
        case .sessionEnded: self.init(status: 401, message: "sign in first", key: "error.sign_in")
        case .contestClosed: self.init(status: 409, message: error.message)
        case .attemptsUsed(_, _, let limit): self.init(status: 403, message: "all \(limit) attempts at this quiz are used", key: "error.attempts_used", count: limit)
        case .cannotDraw(let message): self.init(status: 409, message: message)
        case .nothingToReview(let message): self.init(status: 409, message: message)
        case .invalidAnswer(let message): self.init(status: 400, message: message)
        }
    }
}
