import Records

/// An API failure as the client sees it: an HTTP status, a message the user can act on, and
/// any headers the status needs (`Allow` for 405), as Hummingbird's `HTTPError` carries them.
struct APIError: Error {
    var status: Int
    var message: String
    var headers: [(String, String)] = []

    init(status: Int, message: String, headers: [(String, String)] = []) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    /// The one place a records (domain or storage) error becomes an HTTP status.
    init(_ error: RecordsError) {
        switch error {
        case .storage(let e): self.init(status: 503, message: e.message)
        case .notFound(let message): self.init(status: 404, message: message)
        case .alreadyExists(let message): self.init(status: 409, message: message)
        case .attemptFinished: self.init(status: 409, message: "the attempt is finished; no more answers are accepted")
        case .sessionEnded: self.init(status: 401, message: "sign in first")
        case .contestClosed: self.init(status: 409, message: error.message)
        case .attemptsUsed(_, _, let limit): self.init(status: 403, message: "all \(limit) attempts at this quiz are used")
        case .cannotDraw(let message): self.init(status: 409, message: message)
        case .nothingToReview(let message): self.init(status: 409, message: message)
        case .invalidAnswer(let message): self.init(status: 400, message: message)
        }
    }
}
