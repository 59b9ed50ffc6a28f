import Handbook
import Records

/// An API failure as the client sees it: an HTTP status, a stable machine `code`, a message
/// the user can act on (in their language), and any headers the status needs (`Allow` for
/// 405), as Hummingbird's `HTTPError` carries them.
struct APIError: Error {
    var status: Int
    var message: String
    var headers: [(String, String)] = []
    /// The message's catalogue key (`error.sign_in`), the values of its placeholders and, for
    /// a plural message, the count. The reply is then in the user's language when their
    /// catalogue has the key (issue 19), for learners, trainers and scripts alike; `message`
    /// stays the English.
    var key: String?
    var values: [String: String] = [:]
    var count: Int?
    /// The code a script tests instead of the message, when it is not the key's.
    private var explicitCode: String?

    init(status: Int, message: String, headers: [(String, String)] = [], key: String? = nil, values: [String: String] = [:], count: Int? = nil,
         code: String? = nil) {
        self.status = status
        self.message = message
        self.headers = headers
        self.key = key
        self.values = values
        self.count = count
        self.explicitCode = code
    }

    /// The machine-readable code of the reply's `code` field: the same in every language and
    /// release. The catalogue key without `error.` (`no_blueprint`), else the given code, else
    /// one for the status (`not_found`).
    var code: String {
        if let key, key.hasPrefix("error.") { return String(key.dropFirst("error.".count)) }
        return explicitCode ?? Self.code(status: status)
    }

    /// The code of a reply that has no more specific one, by HTTP status.
    static func code(status: Int) -> String {
        switch status {
        case 400: return "bad_request"
        case 401: return "unauthorized"
        case 403: return "forbidden"
        case 404: return "not_found"
        case 405: return "method_not_allowed"
        case 408: return "timeout"
        case 409: return "conflict"
        case 413: return "too_large"
        case 415: return "unsupported_media_type"
        case 429: return "too_many_requests"
        case 503: return "unavailable"
        case 500: return "internal"
        default: return "http_\(status)"
        }
    }

    /// A 405 naming the methods the endpoint takes (`allow`: the `Allow` header, when it lists more).
    static func methodNotAllowed(_ methods: [String], allow: String? = nil) -> APIError {
        let list = methods.joined(separator: ", ")
        return APIError(status: 405, message: "use \(list) here", headers: [("Allow", allow ?? list)], key: "error.method_not_allowed", values: ["methods": list])
    }

    /// A path under /api/ that names no endpoint.
    static let noEndpoint = APIError(status: 404, message: "no such API endpoint", key: "error.no_endpoint")

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
        case .storage(let e): self.init(status: 503, message: e.message, code: "storage")
        case .notFound(let message): self.init(status: 404, message: message)
        case .alreadyExists(let message): self.init(status: 409, message: message, code: "already_exists")
        case .attemptFinished: self.init(status: 409, message: "the attempt is finished; no more answers are accepted", key: "error.attempt_closed")
        case .sessionEnded: self.init(status: 401, message: "sign in first", key: "error.sign_in")
        case .contestClosed: self.init(status: 409, message: error.message, code: "contest_closed")
        case .attemptsUsed(_, _, let limit): self.init(status: 403, message: "all \(limit) attempts at this quiz are used", key: "error.attempts_used", count: limit)
        case .cannotDraw(let message): self.init(status: 409, message: message, code: "cannot_draw")
        case .nothingToReview(let message): self.init(status: 409, message: message, code: "nothing_to_review")
        case .invalidAnswer(let message): self.init(status: 400, message: message, code: "invalid_answer")
        }
    }
}
