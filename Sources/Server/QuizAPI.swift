import Foundation
import Handbook
import Insights
import Quiz
import Records

/// A signed-in user and what they may see.
public struct Principal: Sendable {
    /// What a user may see: moderators their own attempts, leads their team, trainers everything.
    public enum Role: String, Sendable { case moderator, lead, trainer }
    /// The user id (also their learner id).
    public var id: String
    /// Their role.
    public var role: Role
    /// Their team (what a lead sees).
    public var team: String
    /// Their market.
    public var market: String
}

/// The JSON API under /api/ and the site, behind one handler.
public final class CasebookApp: @unchecked Sendable {
    let site: StaticSite
    let records: Records
    let bank: QuizBank
    let handbook: Handbook
    /// Starting, answering and finishing attempts, as the CLI does them.
    let lifecycle: AttemptLifecycle
    /// When set, the name of a header an SSO proxy sets to the signed-in user's id.
    let trustHeader: String?
    /// Sections, questions and labels for reports, built once: the handbook and bank do not change while serving.
    let catalog: Catalog
    /// Each case's place in `bank.cases`, by id (the first of an id, as `bank.case` finds it):
    /// every media request looks its case up, and a bank holds thousands.
    let caseIndex: [String: Int]
    /// Every case's stored media files by id, n and variant, worked out once (see `MediaFile`).
    let caseMedia: [String: [[MediaVariant: MediaFile]]]
    static let cookie = "cb_session"
    static let sessionHours = 12.0
    /// How long a sign-in token from `casebook users add` stays valid unless told otherwise.
    public static let tokenDays = 7
    /// Started attempts and their decoded questions, read once for all their answers.
    let attempts = AttemptCache()
    /// Questions learners have been shown, for the media route's access check.
    let shownMedia = ShownMedia()
    /// Sessions seen recently, trusted by answers only (which check them again as they commit).
    let sessions = SessionCache()
    /// Recent reports, reused while the answers behind them are unchanged.
    let reportCache = ReportCache()
    /// Origin, body type and sign-in throttle checks before routing.
    let gate: RequestGate
    /// The learner home's review blueprint and section titles, computed once.
    let homeCatalog = HomeCatalog()
    /// The interface strings of every language (the theme's catalogues), for generated
    /// prompts and labels in the learner's language; empty: everything as drawn, in English.
    let messages: Messages

    /// The API and site over these records, bank and handbook; `trustHeader` names an SSO header to trust,
    /// `gate` the origin, body-type and sign-in throttle rules.
    public init(site: StaticSite, records: Records, bank: QuizBank, handbook: Handbook, trustHeader: String? = nil, gate: RequestGate = RequestGate(),
                messages: Messages = Messages([])) {
        self.site = site
        self.messages = messages
        self.records = records
        self.bank = bank
        self.handbook = handbook
        self.trustHeader = trustHeader?.lowercased()
        self.gate = gate
        lifecycle = AttemptLifecycle(records: records, bank: bank, handbook: handbook)
        catalog = Catalog(handbook: handbook, bank: bank)
        caseIndex = Dictionary(bank.cases.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        caseMedia = caseIndex.mapValues { MediaFile.all(of: bank.cases[$0], in: bank.directory) }
    }

    /// The case with this id, as `bank.case(id)` finds it, without going through every case.
    func bankCase(_ id: String) -> Case? {
        caseIndex[id].map { bank.cases[$0] }
    }

    /// Creates a user and returns their sign-in token (only its hash is stored), which signs
    /// in once within `expiresIn` seconds.
    /// `lang` is the language of their quiz player ('' for their browser's).
    public static func addUser(_ records: Records, id: String, role: Principal.Role, team: String, market: String,
                               expiresIn: TimeInterval = Double(tokenDays) * 86_400, lang: String = "") throws(RecordsError) -> String {
        let token = Crypto.token()
        try records.addUser(id: id, role: role.rawValue, team: team, market: market, tokenHash: Crypto.sha256Hex(token),
                            tokenExpiresAt: Timestamp.iso(Date().addingTimeInterval(expiresIn)), lang: lang)
        if try records.learner(id) == nil {
            try records.addLearner(Learner(id: id, name: id, team: team, market: market))
        }
        return token
    }

    /// Gives an existing user a new sign-in token (the old one stops working) and returns it.
    public static func reissueToken(_ records: Records, id: String, expiresIn: TimeInterval = Double(tokenDays) * 86_400) throws(RecordsError) -> String {
        let token = Crypto.token()
        try records.reissueToken(id: id, tokenHash: Crypto.sha256Hex(token), tokenExpiresAt: Timestamp.iso(Date().addingTimeInterval(expiresIn)))
        return token
    }

    /// Answers one request: most at once, answers once they are committed, reports from a
    /// background thread (a report over a million answers takes seconds, and must not hold
    /// up the requests that share the server's thread).
    public func handle(_ request: HTTPRequest, _ responder: HTTPResponder) {
        guard request.path.hasPrefix("/api/") else { return responder.respond(site.respond(request)) }
        if request.bodyTooLarge { return responder.respond(refused(request, .tooLarge)) }
        if request.path.hasPrefix("/api/reports") {
            DispatchQueue.global(qos: .userInitiated).async { responder.respond(self.handle(request)) }
            return
        }
        if let response = respond(request, responder) { responder.respond(response) }
    }

    /// Answers a request and waits for it (tests and tools).
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        respond(request, nil) ?? refused(request, .internalError)
    }

    /// The response, or nil when `responder` was handed on to answer later.
    func respond(_ request: HTTPRequest, _ responder: HTTPResponder?) -> HTTPResponse? {
        guard request.path.hasPrefix("/api/") else { return site.respond(request) }
        if request.bodyTooLarge { return refused(request, .tooLarge) }
        if let r = gate.refusal(request) { return refused(request, APIError(r)) }
        let response: HTTPResponse?
        do { response = try route(request, responder) } catch { response = self.response(for: error, language: errorLanguage(request, error)) }
        gate.observe(request, status: response?.status)
        return response
    }

    /// The error reply for `error`; a learner-facing message in `t`'s language when given.
    func response(for error: Error, language t: Localized? = nil) -> HTTPResponse {
        switch error {
        case let e as APIError: return self.error(e.status, t.map { e.message(in: $0) } ?? e.message, headers: e.headers, code: e.code)
        case let e as RecordsError: return response(for: APIError(e), language: t)
        default: return response(for: APIError.internalError, language: t)
        }
    }

    /// The reply to a request the server refuses before routing it, in the user's language.
    func refused(_ request: HTTPRequest, _ e: APIError) -> HTTPResponse {
        response(for: e, language: errorLanguage(request, e))
    }

    /// The language an error reply to `r` is in: for a learner-facing message (one with a
    /// catalogue key), the signed-in user's, else the browser's; nil for any other message.
    func errorLanguage(_ r: HTTPRequest, _ error: Error) -> Localized? {
        // Every records error and unexpected failure has a key; an API error may not.
        let keyed: String? = (error as? APIError).map { $0.key } ?? "error.server.internal"
        guard keyed != nil else { return nil }
        if let p = try? principal(r), let t = try? language(p, r) { return t }
        if let header = r.headers["accept-language"], let lang = messages.negotiate(acceptLanguage: header) { return messages.localized(lang) }
        return nil
    }

    // MARK: - Routing

    /// Routes `/api/...`. Returns nil when the response will be sent through `responder`
    /// (an answer, once committed); without a responder every response is returned.
    func route(_ r: HTTPRequest, _ responder: HTTPResponder?) throws -> HTTPResponse? {
        let parts = r.path.split(separator: "/").map(String.init) // ["api", ...]
        func allow(_ methods: String...) throws {
            guard methods.contains(r.method) else { throw APIError.methodNotAllowed(methods) }
        }
        switch parts.dropFirst().first {
        case "login":
            try allow("POST")
            return try login(r)
        case "logout":
            try allow("POST")
            if let s = r.cookies[Self.cookie] {
                let hash = Crypto.sha256Hex(s)
                sessions.forget(hash)
                try records.deleteSession(idHash: hash)
            }
            return json(200, OKReply(), headers: [("Set-Cookie", "\(Self.cookie)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")])
        case "me":
            if parts.count == 3 && parts[2] == "language" {
                try allow("POST")
                return try setLanguage(r, try principal(r))
            }
            try allow("GET")
            let p = try principal(r)
            if parts.count == 3 && parts[2] == "acknowledgements" {
                // The versions the signed-in user has acknowledged (of one SOP with ?sop=), for the SOP page's banner.
                return json(200, try records.acknowledgements(learnerID: p.id, sopID: r.query["sop"]).map {
                    AcknowledgementReply(id: $0.id, sop: $0.sopID, version: $0.version, acknowledgedAt: $0.acknowledgedAt)
                })
            }
            return try me(p, r)
        case "blueprints":
            try allow("GET")
            let p = try principal(r)
            return json(200, try bank.blueprints.map { b in
                let used = try records.finishedAttempts(learnerID: p.id, blueprintID: b.id)
                return BlueprintReply(id: b.id, title: b.title, description: b.description, mode: b.mode.rawValue, questions: b.questions,
                                      passMark: b.passMark, timeLimit: b.timeLimit, attemptsLeft: b.attempts == 0 ? nil : max(0, b.attempts - used))
            })
        case "attempts":
            let (p, session) = try signedIn(r, answering: parts.count == 4 && parts[3] == "answers" && r.method == "POST")
            if parts.count == 2 {
                try allow("GET", "POST")
                return r.method == "POST" ? try start(r, p) : try list(p)
            }
            guard let id = Int64(parts[2]) else { throw APIError(status: 404, message: "no such attempt", key: "error.no_attempt") }
            let resource = parts.count == 4 ? parts[3] : ""
            // Answers, the hot path, check the attempt from the cache (its owner never changes;
            // the transaction that records an answer checks that it is not finished).
            let attempt = try visibleAttempt(id, p, cached: resource == "answers")
            switch resource {
            case "":
                try allow("GET")
                return json(200, try status(attempt))
            case "question":
                try allow("GET")
                return try question(attempt, p, try language(p, r))
            case "answers":
                try allow("POST")
                return try answer(attempt, r, p, session, responder) { [self] in try language(p, r) }
            case "finish":
                try allow("POST")
                return try finish(attempt, p, try language(p, r))
            default:
                throw APIError(status: 404, message: "no such resource", key: "error.no_resource")
            }
        case "contests":
            try allow("POST")
            let p = try principal(r)
            let expected = "{\"attempt\": id, \"position\": n, \"comment\": \"why the key looks wrong\"}"
            let body = try RequestBody.decode(ContestRequest.self, from: r.body, expected: expected)
            let (attemptID, position, comment) = (body.attempt, body.position, body.comment)
            guard !comment.trimmingCharacters(in: .whitespaces).isEmpty, comment.count <= 2000 else {
                throw APIError(status: 400, message: "send \(expected), with a comment of 1 to 2000 characters", key: "error.contest_body", values: ["expected": expected])
            }
            let attempt = try visibleAttempt(attemptID, p)
            guard attempt.learnerID == p.id else { throw APIError(status: 403, message: "only the learner who answered can contest", key: "error.contest_not_yours") }
            let items = try self.items(attempt)
            guard position >= 0, position < items.count else { throw APIError(status: 400, message: "position out of range", key: "error.position_out_of_range") }
            let contest = try records.addContest(attemptID: attemptID, position: position, itemID: items[position].itemID, learnerID: p.id, comment: comment)
            return json(201, ContestReply(contest: contest))
        case "acknowledgements":
            try allow("POST")
            let p = try principal(r)
            let expected = "{\"sop\": \"page-id\", \"version\": \"3.2\"}"
            let body = try RequestBody.decode(AcknowledgementRequest.self, from: r.body, expected: expected)
            guard let page = handbook.page(id: body.sop) else { throw APIError(status: 404, message: "no SOP '\(body.sop)'", key: "error.no_sop", values: ["sop": body.sop]) }
            // Only the version the reader can see is acknowledged: the one being served.
            guard !page.meta.version.isEmpty, body.version == page.meta.version else {
                throw APIError(status: 409, message: "\(body.sop) is at version \(page.meta.version.isEmpty ? "(none)" : page.meta.version); reload the page and acknowledge that version",
                               key: "error.sop_version", values: ["sop": body.sop, "version": page.meta.version.isEmpty ? "–" : page.meta.version])
            }
            let ack = try records.acknowledge(learnerID: p.id, sopID: page.meta.id.isEmpty ? body.sop : page.meta.id, version: body.version)
            return json(201, AcknowledgementReply(id: ack.id, sop: ack.sopID, version: ack.version, acknowledgedAt: ack.acknowledgedAt))
        case "tasks":
            try allow("GET")
            let p = try principal(r)
            let today = String(Timestamp.iso(Date()).prefix(10))
            let language = try language(p, r)
            return json(200, try records.openTasks(learnerID: p.id).map { t in
                let (title, url) = try describe(t.target, language)
                return TaskReply(t, today: today, title: title, url: url)
            })
        case "home":
            // The signed-in learner's own home: tasks, paths, certificates, due for review (HomeAPI.swift).
            try allow("GET")
            guard parts.count == 2 else { throw APIError.noEndpoint }
            let p = try principal(r)
            return try home(p, language: try language(p, r))
        case "reports":
            return try reports(r, parts)
        case "media":
            return try media(r, parts)
        default:
            throw APIError.noEndpoint
        }
    }

    /// What a task asks, in words, and the page to do it on (relative to the site root).
    /// In `t`'s language when its catalogue has the task's words (an SOP's title is its
    /// translation's when the learner's language has one); English otherwise. An
    /// acknowledgement's page is the translation when it translates the version to
    /// acknowledge (its page acknowledges the original's version), else the original: a
    /// translation that is behind does not hold the change.
    func describe(_ target: TaskTarget, _ t: Localized? = nil) throws -> (title: String, url: String?) {
        func words(_ key: String, _ english: String, _ values: [(String, String)], count: Int? = nil) -> String {
            guard let t, t.language != Messages.fallbackLanguage, t.message(key) != nil else { return english }
            return Localized.fill(count.map { t.plural(key, count: $0) } ?? t(key), values)
        }
        switch target {
        case .acknowledge(let sop, let version):
            let page = handbook.page(id: sop)
            let translated = t.flatMap { self.translation(pageID: sop, $0) }
            let shownTitle = translated?.title ?? page?.title ?? sop
            var shown = sop
            if let translated, let page, VersionNumber.compare(page.meta.version, version) == 0, handbook.translationState(translated) == .current {
                shown = translated.meta.id
            }
            return (words("task.acknowledge", "Read and acknowledge \(page?.title ?? sop), version \(version)", [("title", shownTitle), ("version", version)]),
                    page == nil ? nil : "sop/\(LinkResolver.percentEncoded(shown)).html")
        case .passBlueprint(let id):
            let title = try lifecycle.blueprint(id)?.title ?? id
            return (words("task.pass", "Pass \(title)", [("title", title)]), nil)
        case .takePart(let id):
            let title = try lifecycle.blueprint(id)?.title ?? id
            return (words("task.take_part", "Take part in \(title)", [("title", title)]), nil)
        case .reviewItems(let ids):
            return (words("task.review", "Review \(ids.count) item\(ids.count == 1 ? "" : "s")", [], count: ids.count), nil)
        }
    }

    // MARK: - Authentication

    func login(_ r: HTTPRequest) throws -> HTTPResponse {
        let expected = "{\"token\": \"...\"} with the token from 'casebook users add'"
        let token = try RequestBody.decode(LoginRequest.self, from: r.body, expected: expected).token
        guard !token.isEmpty, token.count < 200 else { throw APIError(status: 400, message: "send \(expected)", key: "error.send", values: ["expected": expected]) }
        // The token signs in once: redeeming it marks it used and opens the session together.
        let session = Crypto.token()
        let now = Date()
        let expires = Timestamp.iso(now.addingTimeInterval(Self.sessionHours * 3600))
        guard let user = try records.redeemToken(hash: Crypto.sha256Hex(token), now: Timestamp.iso(now), sessionHash: Crypto.sha256Hex(session),
                                                 sessionExpiresAt: expires) else {
            throw APIError(status: 401, message: "unknown or revoked token", key: "error.bad_token")
        }
        return json(200, SignedInReply(id: user.id, role: user.role),
                    headers: [("Set-Cookie", "\(Self.cookie)=\(session); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(Int(Self.sessionHours * 3600))")])
    }

    func principal(_ r: HTTPRequest) throws -> Principal {
        try signedIn(r, answering: false).principal
    }

    /// The signed-in user and, when signed in with a session cookie, the session (for an
    /// answer to check again when it commits). The session is read from the database on
    /// every request, so a logout or a revoke (perhaps by `casebook users revoke` in another
    /// process) takes effect at once; only when `answering` may a session seen before come
    /// from the session cache, because the answer's transaction then checks it again.
    func signedIn(_ r: HTTPRequest, answering: Bool) throws -> (principal: Principal, session: LiveSession?) {
        var userID: String?
        if let header = trustHeader, let name = r.headers[header], !name.isEmpty {
            userID = name
        } else if let s = r.cookies[Self.cookie] {
            let hash = Crypto.sha256Hex(s)
            let now = Timestamp.iso(Date())
            if answering, let p = sessions.principal(hash, now: now) { return (p, LiveSession(idHash: hash, userID: p.id)) }
            guard let u = try records.user(sessionHash: hash, now: now), let role = Principal.Role(rawValue: u.role) else {
                sessions.forget(hash)
                throw APIError(status: 401, message: "sign in first", key: "error.sign_in")
            }
            let p = Principal(id: u.id, role: role, team: u.team, market: u.market)
            sessions.remember(hash, p, expiresAt: u.expiresAt)
            return (p, LiveSession(idHash: hash, userID: p.id))
        }
        guard let userID, let u = try records.user(id: userID), let role = Principal.Role(rawValue: u.role) else {
            throw APIError(status: 401, message: "sign in first", key: "error.sign_in")
        }
        return (Principal(id: u.id, role: role, team: u.team, market: u.market), nil)
    }

    /// Moderators see their own attempts, leads their team's, trainers all. Others get 404,
    /// so guessing ids reveals nothing. With `cached`, the attempt comes from the attempt
    /// cache, whose finished fields may be out of date.
    func visibleAttempt(_ id: Int64, _ p: Principal, cached: Bool = false) throws -> AttemptRecord {
        let found = try cached ? entry(id)?.attempt : records.attempt(id, items: false)
        guard let a = found else { throw APIError(status: 404, message: "no such attempt", key: "error.no_attempt") }
        switch p.role {
        case .trainer: return a
        case .moderator: if a.learnerID == p.id { return a }
        case .lead:
            let team = try records.learner(a.learnerID)?.team
            if a.learnerID == p.id || (team == p.team && !p.team.isEmpty) { return a }
        }
        throw APIError(status: 404, message: "no such attempt", key: "error.no_attempt")
    }

    // MARK: - Attempts

    /// The attempt with its decoded questions, from the attempt cache (nil: no such attempt).
    func entry(_ id: Int64) throws -> AttemptCache.Entry? {
        try attempts.entry(id) {
            guard let a = try records.attempt(id) else { return nil }
            let items = try JSONDecoder().decode([QuizItem].self, from: Data(a.itemsJSON.utf8))
            var attempt = a
            attempt.itemsJSON = ""
            return AttemptCache.Entry(attempt: attempt, items: items)
        }
    }

    func items(_ a: AttemptRecord) throws -> [QuizItem] {
        try entry(a.id)?.items ?? []
    }

    func start(_ r: HTTPRequest, _ p: Principal) throws -> HTTPResponse {
        let id = try RequestBody.decode(StartRequest.self, from: r.body, expected: "{\"blueprint\": \"id\"}").blueprint
        guard try lifecycle.blueprint(id) != nil else { throw APIError(status: 404, message: "no blueprint '\(id)'", key: "error.no_blueprint", values: ["id": id]) }
        let started = try lifecycle.start(learnerID: p.id, blueprintID: id)
        attempts.insert(AttemptCache.Entry(attempt: started.attempt, items: started.items))
        let b = started.blueprint
        // An adaptive exam's questions are chosen one at a time: the player is told only the most it asks.
        let adaptive = started.adaptive != nil
        return json(201, StartedReply(attempt: started.attempt.id, questions: adaptive ? b.questions : started.items.count, mode: b.mode.rawValue,
                                      timeLimit: b.timeLimit, notes: started.notes, adaptive: adaptive ? true : nil))
    }

    func list(_ p: Principal) throws -> HTTPResponse {
        // A moderator's own attempts through the learner index (the quiz page's home reads this
        // on every visit; the whole table is hundreds of thousands of rows in a large organisation).
        var all = p.role == .moderator ? try records.attempts(learnerID: p.id, items: false) : try records.attempts(items: false)
        switch p.role {
        case .trainer: break
        case .moderator: all = all.filter { $0.learnerID == p.id }
        case .lead:
            let team = Set(try records.learners().filter { $0.team == p.team && !p.team.isEmpty }.map(\.id)).union([p.id])
            all = all.filter { team.contains($0.learnerID) }
        }
        return json(200, all.map { a in
            AttemptSummaryReply(id: a.id, learner: a.learnerID, blueprint: a.blueprintID, started: a.startedAt, finished: a.finishedAt,
                                percent: a.percent, passed: a.passed)
        })
    }

    func status(_ a: AttemptRecord) throws -> AttemptStatusReply {
        let items = try self.items(a)
        let answered = try records.responses(attemptID: a.id).map(\.position)
        let adaptive = try lifecycle.adaptive(a, items: items) != nil
        var deadline: String?? = nil
        if let b = try lifecycle.blueprint(a.blueprintID), b.timeLimit > 0 { deadline = .some(self.deadline(a, b)) }
        let blueprintQuestions = try lifecycle.blueprint(a.blueprintID)?.questions ?? answered.count
        return AttemptStatusReply(id: a.id, blueprint: a.blueprintID, mode: a.mode, questions: adaptive ? blueprintQuestions : items.count, answered: answered, started: a.startedAt,
                                  finished: a.finishedAt, deadline: deadline, percent: a.percent, passed: a.passed)
    }

    func deadline(_ a: AttemptRecord, _ b: Blueprint) -> String? {
        guard b.timeLimit > 0, let started = ISO8601DateFormatter().date(from: String(a.startedAt.prefix(19)) + "Z") else { return nil }
        return ISO8601DateFormatter().string(from: started.addingTimeInterval(Double(b.timeLimit * 60)))
    }

    /// The first unanswered question, without its answer key.
    func question(_ a: AttemptRecord, _ p: Principal, _ t: Localized) throws -> HTTPResponse {
        guard a.learnerID == p.id else { throw APIError(status: 403, message: "only the learner can see the questions of an attempt in progress", key: "error.questions_not_yours") }
        if a.finishedAt != nil { throw APIError(status: 409, message: "the attempt is finished", key: "error.attempt_finished") }
        let items = try self.items(a)
        // An adaptive exam's next question is the one it chose after the last answer; the pool stays on the server.
        let adaptive = try lifecycle.adaptive(a, items: items)
        let position: Int
        var questions = items.count
        if let adaptive {
            questions = try lifecycle.blueprint(a.blueprintID)?.questions ?? adaptive.record.plan.maxQuestions
            guard let pending = adaptive.pending else { return json(200, DoneReply(questions: adaptive.steps.count)) }
            position = pending
        } else {
            let answered = Set(try records.responses(attemptID: a.id).map(\.position))
            guard let first = items.indices.first(where: { !answered.contains($0) }) else {
                return json(200, DoneReply(questions: items.count))
            }
            position = first
        }
        let item = items[position]
        let shown = item.caseID.flatMap { bankCase($0) }.map { c in
            QuestionReply.CaseBody(type: c.type, title: c.title, market: c.market, price: c.price, source: c.source, sensitive: c.sensitive,
                                   sections: c.sections.map { .init(title: $0.title, text: $0.text) },
                                   media: c.media.enumerated().map { i, m in
                                       .init(alt: m.alt, url: mediaURL(attempt: a.id, position: position, index: i, m), clip: m.isStored ? m.isClip : nil)
                                   })
        }
        let asked = self.shown(item, t)
        let language = shownLanguage(item, t)
        try records.recordShownLanguage(attemptID: a.id, position: position, lang: language.lang, translation: language.translation)
        return json(200, QuestionReply(position: position, questions: questions, kind: item.kind.rawValue, prompt: asked.prompt, options: asked.options,
                                       multiple: item.multiple, case: shown, note: item.reviewNote, adaptive: adaptive == nil ? nil : true,
                                       number: adaptive.map { $0.steps.count + 1 }))
    }

    /// Feedback on an answer to `item`, in the learner's language `t`: the right options as
    /// they were shown to them, and links to the sections in their language when translated.
    func feedback(_ g: GradedResponse, item: QuizItem?, _ t: Localized) -> FeedbackReply {
        var correctOptions = g.correctOptions
        if let item {
            let options = shown(item, t).options
            correctOptions = item.correct.sorted().map { options.indices.contains($0) ? options[$0] : "" }
        }
        return FeedbackReply(score: g.score, correct: g.correct, correctOptions: correctOptions, explanation: shownExplanation(item, t, drawn: g.explanation),
                             sections: g.sections.map { sectionLink($0, t) }, note: item?.reviewNote)
    }

    /// Grades and records an answer. With a responder, returns nil at once and responds once
    /// the answer is committed; the connection's thread serves others meanwhile.
    /// The learner's language (`language`) is read only when the reply needs it: feedback in
    /// practice, or an error. An exam answer, the hot path, makes no read for it (on PostgreSQL
    /// it was one round trip of every answer's two).
    func answer(_ a: AttemptRecord, _ r: HTTPRequest, _ p: Principal, _ session: LiveSession?, _ responder: HTTPResponder?,
                _ language: @escaping @Sendable () throws -> Localized) throws -> HTTPResponse? {
        guard a.learnerID == p.id else { throw APIError(status: 403, message: "only the learner can answer", key: "error.answer_not_yours") }
        let body = try RequestBody.decode(AnswerRequest.self, from: r.body, expected: "{\"position\": n, \"chosen\": [option indices]}")
        let items = try self.items(a)
        let practice = (QuizMode(rawValue: a.mode) ?? .practice).feedbackAfterEachAnswer
        let position = body.position
        // An adaptive exam's answer is recorded before replying (its next question depends on
        // it), so it takes the synchronous path; the lifecycle checks the stored plan either way.
        // (Campaign update quizzes are never adaptive: the bank's blueprint says it without a read.)
        let adaptive = bank.blueprint(a.blueprintID)?.adaptive ?? false
        guard let responder, !adaptive else {
            return try answered(try lifecycle.answer(a, items: items, position: position, chosen: body.chosen, session: session), position, practice: practice,
                            item: items.indices.contains(position) ? items[position] : nil, language)
        }
        try lifecycle.answer(a, items: items, position: position, chosen: body.chosen, session: session) { [sessions] result in
            if case .failure(.sessionEnded) = result, let session { sessions.forget(session.idHash) }
            // Called on the committing thread: only hand over; the response is built on the server's thread.
            responder.respond { [self] in
                do { return try answered(try result.get(), position, practice: practice, item: items.indices.contains(position) ? items[position] : nil, language) } catch {
                    return response(for: error, language: (try? language()) ?? messages.localized(Messages.fallbackLanguage))
                }
            }
        }
        return nil
    }

    /// The response to a recorded answer: what the database kept (a repeated submission
    /// returns the first answer's outcome), with feedback in practice.
    func answered(_ stored: AttemptLifecycle.Answered, _ position: Int, practice: Bool, item: QuizItem?, _ language: () throws -> Localized) throws -> HTTPResponse {
        guard practice else { return HTTPResponse(status: 200, headers: Self.jsonHeaders, body: Self.examReplies.bytes(position)) }
        return json(200, AnswerReply(position: position, feedback: feedback(stored.graded, item: item, try language())))
    }

    /// An exam answer's reply (no feedback) is the same few bytes for every answer at a
    /// position: encoded once per position (JSONEncoder took 7% of an answer's CPU).
    static let examReplies = ExamReplies()

    final class ExamReplies: @unchecked Sendable {
        private let lock = NSLock()
        /// Guarded by `lock`.
        private var encoded: [Int: [UInt8]] = [:]

        /// `jsonBytes(AnswerReply(position: position))`.
        func bytes(_ position: Int) -> [UInt8] {
            if let kept = lock.withLock({ encoded[position] }) { return kept }
            let bytes = CasebookApp.jsonBytes(AnswerReply(position: position))
            lock.withLock {
                if encoded.count >= 4_096 { encoded.removeAll() }
                encoded[position] = bytes
            }
            return bytes
        }
    }

    func finish(_ a: AttemptRecord, _ p: Principal, _ t: Localized) throws -> HTTPResponse {
        guard a.learnerID == p.id || p.role == .trainer else { throw APIError(status: 403, message: "only the learner can finish an attempt", key: "error.finish_not_yours") }
        let finished = try lifecycle.finish(a, items: try self.items(a))
        if finished.attempt.finishedAt != nil { attempts.remove(a.id) }
        let review = finished.review.map { q in
            let asked = shown(q.item, t)
            return FinishReply.Reviewed(feedback: feedback(q.graded, item: q.item, t), position: q.position, prompt: asked.prompt, chosen: q.chosen.sorted(),
                                        options: asked.options, answered: q.answered)
        }
        let result = finished.result
        return json(200, FinishReply(percent: finished.attempt.percent ?? result.percent, passed: finished.attempt.passed ?? result.passed,
                                     passMark: finished.passMark, byCode: result.byCode.mapValues { .init(points: $0.points, count: $0.count) },
                                     bySection: result.bySection.mapValues { .init(points: $0.points, count: $0.count) }, review: review,
                                     ability: finished.adaptive.map { .init(theta: $0.theta, standardError: $0.standardError, passTheta: $0.passTheta, questions: $0.questions) }))
    }

    // MARK: - JSON

    static let jsonHeaders = [("Content-Type", "application/json"), ("Cache-Control", "no-store")] + StaticSite.securityHeaders

    /// A JSON response with `body`.
    func json<Body: Encodable>(_ status: Int, _ body: Body, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers.isEmpty ? Self.jsonHeaders : Self.jsonHeaders + headers, body: Self.jsonBytes(body))
    }

    /// The JSON text of a response body: sorted keys, unescaped slashes (an unencodable body,
    /// a programming error, becomes a 500's body).
    static func jsonBytes<Body: Encodable>(_ body: Body) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(body)).map { [UInt8]($0) } ?? Array(#"{"code":"internal","error":"internal error","status":500}"#.utf8)
    }

    /// An error reply; `code` defaults to the status's (`not_found`).
    func error(_ status: Int, _ message: String, headers: [(String, String)] = [], code: String? = nil) -> HTTPResponse {
        json(status, ErrorReply(status: status, code: code ?? APIError.code(status: status), error: message), headers: headers)
    }
}
