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
        case .notFound(let message): self.init(detail: message, status: 404, fallback: "error.records.not_found", code: "not_found")
        case .alreadyExists(let message): self.init(detail: message, status: 409, fallback: "error.records.already_exists", code: "already_exists")
        case .attemptFinished: self.init(status: 409, message: "the attempt is finished; no more answers are accepted", key: "error.attempt_closed")
        case .sessionEnded: self.init(status: 401, message: "sign in first", key: "error.sign_in")
        case .contestClosed(let id, let status):
            self.init(status: 409, message: error.message, key: "error.records.contest_closed", values: ["id": String(id)], code: "contest_closed")
            englishIsMessage = true
            keyedValues = ["status": "error.records.contest_status." + (["upheld", "rejected"].contains(status) ? status : "closed")]
        case .attemptsUsed(_, _, let limit): self.init(status: 403, message: "all \(limit) attempts at this quiz are used", key: "error.attempts_used", count: limit)
        case .cannotDraw(let message): self.init(detail: message, status: 409, fallback: "error.records.cannot_draw", code: "cannot_draw")
        case .nothingToReview(let message): self.init(detail: message, status: 409, fallback: "error.records.nothing_to_review", code: "nothing_to_review")
        case .invalidAnswer(let message): self.init(detail: message, status: 400, fallback: "error.records.invalid_answer", code: "invalid_answer")
        }
    }

    /// A refusal the server makes itself (`status` and English `message` as always, with the
    /// status's code), in the user's language when it is one the server words.
    init(refusal message: String, status: Int, headers: [(String, String)] = []) {
        let (key, values) = RecordsErrorText.match(message, in: RecordsErrorText.refusals) ?? ("", [:])
        self.init(status: status, message: message, headers: headers, key: key.isEmpty ? nil : key, values: values, code: Self.code(status: status))
        englishIsMessage = true
    }

    /// A records error's English `detail`: the catalogue message it is written from (its
    /// values read back from the text), else the case's general message (`fallback`), which
    /// says what happened without the English detail.
    private init(detail: String, status: Int, fallback: String, code: String) {
        if let (key, values) = RecordsErrorText.match(detail) {
            self.init(status: status, message: detail, key: key, values: values, code: code)
        } else {
            self.init(status: status, message: detail, key: fallback, code: code)
        }
        englishIsMessage = true
    }
}

/// The English texts of the records errors a learner or trainer can get from the API, as
/// catalogue templates (`error.records.*`): the records layer writes its messages in
/// English, and the server reads the values back out to say the same in the user's language.
enum RecordsErrorText {
    /// Catalogue key and English template; the English must be the records layer's text
    /// word for word (`RecordsErrorLanguageTests` checks each against the English catalogue).
    static let templates: [(key: String, english: String)] = [
        ("error.records.no_attempt", "attempt {id} does not exist"),
        ("error.records.no_blueprint", "no blueprint '{id}'; available: {available}"),
        ("error.records.no_learner", "no learner '{id}'; add one with: casebook learners add {id} --name \"Full Name\" --team TEAM --market XX"),
        ("error.records.position", "position {position} is not a question of this attempt (0 to {last})"),
        ("error.records.choose_options", "choose options 0 to {last}"),
        ("error.records.choose_one", "choose exactly one option"),
        ("error.records.adaptive_ended", "this adaptive exam has ended after {count} questions; finish the attempt"),
        ("error.records.adaptive_position", "position {position} is not the question this adaptive exam asks now (position {pending}); ask for the next question"),
        ("error.records.adaptive_answered", "question {number} of this adaptive exam was answered meanwhile; ask for the next question"),
        ("error.records.adaptive_uncalibrated", "Quizzes/{file}: blueprint '{id}' is adaptive, which needs item difficulties, and there is no item calibration (Quizzes/{calibration}) yet; run 'casebook items calibrate' once learners have answered its items, or remove 'adaptive: true'"),
        ("error.records.review_unanswered", "{learner} has not answered any of the questions '{title}' reviews yet; a review only repeats questions already answered, so take a practice quiz first"),
        ("error.records.review_none_due", "nothing is due for review for {learner}: every question answered is still remembered (predicted recall at or above {recall}%); the next falls due on {date}"),
        ("error.records.no_contest", "contest {id} does not exist; `casebook contests` lists them"),
        ("error.records.no_user", "no active user '{id}'"),
        ("error.records.update_not_assigned", "the update quiz '{id}' is not assigned to '{learner}'; campaign {campaign} assigns it to the learners in its markets, teams and vendors (casebook campaigns show {campaign})"),
        ("error.records.retraining_not_assigned", "the retraining quiz '{id}' is not assigned to '{learner}'; retraining {retraining} assigns it to the moderators with production errors on {section} (casebook retrain --section {section})"),
        ("error.records.acknowledgement", "an acknowledgement needs a learner, an SOP id and a version"),
    ]

    /// The server's own refusals before a request is routed (origin and body checks, sign-in
    /// throttling, size), in the same way.
    static let refusals: [(key: String, english: String)] = [
        ("error.server.too_large", "the request body is larger than the server accepts"),
        ("error.server.internal", "internal error"),
        ("error.server.sign_in_throttle", "too many failed sign-ins from this address; try again in {seconds} s"),
        ("error.server.cross_origin", "cross-origin request refused: Origin {origin} is not this server's origin (behind a proxy, start the server with --allowed-origin and the origin users open)"),
        ("error.server.fetch_site", "cross-origin request refused: Sec-Fetch-Site is {site}"),
        ("error.server.json_body", "send the body as JSON with the header Content-Type: application/json"),
    ]

    /// The key whose English template `text` is, with the placeholders' values; nil when no
    /// template gives `text`.
    static func match(_ text: String, in list: [(key: String, english: String)] = templates) -> (String, [String: String])? {
        for (key, english) in list {
            if let values = match(text, template: english) { return (key, values) }
        }
        return nil
    }

    /// The values that fill `template` to give exactly `text`, each placeholder taking the
    /// shortest text up to the literal after it (a placeholder used twice must be the same).
    static func match(_ text: String, template: String) -> [String: String]? {
        var literals: [Substring] = []
        var names: [Substring] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            literals.append(rest[..<open])
            names.append(rest[rest.index(after: open)..<close])
            rest = rest[rest.index(after: close)...]
        }
        literals.append(rest)
        guard text.hasPrefix(literals[0]) else { return nil }
        var cursor = text.index(text.startIndex, offsetBy: literals[0].count)
        var values: [String: String] = [:]
        for (i, name) in names.enumerated() {
            let next = literals[i + 1]
            let value: Substring
            if i == names.count - 1 {
                guard text[cursor...].hasSuffix(next), text[cursor...].count >= next.count else { return nil }
                value = text[cursor..<text.index(text.endIndex, offsetBy: -next.count)]
                cursor = text.endIndex
            } else {
                guard !next.isEmpty, let found = text[cursor...].range(of: next) else { return nil }
                value = text[cursor..<found.lowerBound]
                cursor = found.upperBound
            }
            guard !value.isEmpty else { return nil }
            if let earlier = values[String(name)], earlier != String(value) { return nil }
            values[String(name)] = String(value)
        }
        return names.isEmpty ? (text == template ? [:] : nil) : values
    }
}
