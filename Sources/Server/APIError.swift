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
    /// Whether `message` is itself the English reply (a records error's detail, which names
    /// ids and what to do): English keeps it word for word, other languages get the key's text.
    var englishIsMessage = false
    /// Placeholders whose values are themselves catalogue keys (a contest's `upheld`), shown
    /// in the reply's language.
    var keyedValues: [String: String] = [:]

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
        if let explicitCode { return explicitCode }
        if let key, key.hasPrefix("error.") { return String(key.dropFirst("error.".count)) }
        return Self.code(status: status)
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
        if englishIsMessage && t.language == Messages.fallbackLanguage { return message }
        var all = values
        for (name, valueKey) in keyedValues { all[name] = t(valueKey) }
        let pairs = all.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let count { return Localized.fill(t.plural(key, count: count), pairs) }
        return Localized.fill(t(key), pairs)
    }

    /// The one place a records (domain or storage) error becomes an HTTP status. Every one
    /// has a catalogue key, so a learner or trainer reads it in their language (issue 19);
    /// English stays the records' own message, and `code` stays what it always was.
    init(_ error: RecordsError) {
        switch error {
        case .storage(let e):
            self.init(status: 503, message: e.message, key: "error.records.storage", code: "storage")
            englishIsMessage = true
        case .notFound(let message): self.init(message, status: 404, fallback: "error.records.not_found", code: "not_found")
        case .alreadyExists(let message): self.init(message, status: 409, fallback: "error.records.already_exists", code: "already_exists")
        case .attemptFinished: self.init(status: 409, message: "the attempt is finished; no more answers are accepted", key: "error.attempt_closed")
        case .sessionEnded: self.init(status: 401, message: "sign in first", key: "error.sign_in")
        case .contestClosed(let id, let status):
            self.init(status: 409, message: error.message, key: "error.records.contest_closed", values: ["id": String(id)], code: "contest_closed")
            englishIsMessage = true
            keyedValues = ["status": "error.records.contest_status." + (["upheld", "rejected"].contains(status) ? status : "closed")]
        case .attemptsUsed(_, _, let limit): self.init(status: 403, message: "all \(limit) attempts at this quiz are used", key: "error.attempts_used", count: limit)
        case .cannotDraw(let message): self.init(message, status: 409, fallback: "error.records.cannot_draw", code: "cannot_draw")
        case .nothingToReview(let message): self.init(message, status: 409, fallback: "error.records.nothing_to_review", code: "nothing_to_review")
        case .invalidAnswer(let message): self.init(message, status: 400, fallback: "error.records.invalid_answer", code: "invalid_answer")
        }
    }

    /// A refusal the server makes itself before routing (origin and body checks, sign-in
    /// throttling): the status, its code and English as always, in the user's language.
    init(_ refusal: RequestGate.Refusal) {
        self.init(status: refusal.status, message: refusal.message, headers: refusal.headers, key: refusal.key, values: refusal.values,
                  code: Self.code(status: refusal.status))
        englishIsMessage = true
    }

    /// A request body over the server's limit.
    static let tooLarge = APIError(status: 413, message: "the request body is larger than the server accepts", key: "error.server.too_large",
                                   code: "too_large")

    /// A failure the server did not foresee (the log has the details).
    static let internalError = APIError(status: 500, message: "internal error", key: "error.server.internal", code: "internal")

    /// A records error's message: its catalogue key and values when the records layer gave
    /// one, else the case's general message (`fallback`), which says what happened without
    /// the English free text. English stays the records' own text.
    private init(_ message: RecordsMessage, status: Int, fallback: String, code: String) {
        self.init(status: status, message: message.text, key: message.key ?? fallback, values: message.values, code: code)
        englishIsMessage = true
    }
}
