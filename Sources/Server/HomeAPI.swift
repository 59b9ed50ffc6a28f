import CivilDate
import Foundation
import Handbook
import Insights
import Learning
import Quiz
import Records

// MARK: - The learner's home: GET /api/home

// One call gives the quiz page everything the signed-in learner's home shows: open tasks
// (as /api/tasks), each path's progress (steps done of total, the next step and its due
// date, blocked steps and what blocks them), current certificates with their expiry, and
// what is due for review per SOP section (FSRS over the learner's own answers) with the
// review blueprint to start. Only the learner's own rows are read, each through an index
// (tasks, path assignments, certificates and attempts by learner; responses by attempt), so
// its cost does not grow with the organisation's history; the FSRS weights are the last fit
// the server computed (at start and hourly, and at every review start), never refitted here.

/// What the home needs from the bank and handbook, computed once: they do not change while serving.
final class HomeCatalog: @unchecked Sendable {
    struct Review {
        var blueprint: Blueprint
        var pool: ReviewPool
    }
    private let lock = NSLock()
    private var review: Review??
    private var titles: [String: String]?

    /// The review blueprint the home offers (`five-minute-review` when the bank has it, else
    /// the first `mode: review` blueprint by id) and its item pool; nil when there is none.
    func review(_ app: CasebookApp) -> Review? {
        lock.withLock {
            if let review { return review }
            let reviews = app.bank.blueprints.filter { $0.mode == .review }.sorted { $0.id < $1.id }
            let chosen = reviews.first { $0.id == "five-minute-review" } ?? reviews.first
            let made = chosen.map { Review(blueprint: $0, pool: QuizDrawer(bank: app.bank, handbook: app.handbook).reviewPool($0)) }
            review = .some(made)
            return made
        }
    }

    /// Section ref (`sop#anchor`) -> "SOP title › section title".
    func sectionTitles(_ app: CasebookApp) -> [String: String] {
        lock.withLock {
            if let titles { return titles }
            var made: [String: String] = [:]
            for s in app.catalog.sections where made[s.ref] == nil { made[s.ref] = s.title }
            titles = made
            return made
        }
    }
}

extension CasebookApp {
    /// Computes the organisation's FSRS fit now and then every hour on a background queue,
    /// so the learner home's review counts use fitted weights without fitting per request;
    /// it reads the history through a connection of its own, so requests are not held up.
    /// Cancel the returned timer to stop.
    /// `log` hears one line per fit (or why it failed).
    public func refreshMemoryFitHourly(log: @escaping @Sendable (String) -> Void = { _ in }) -> DispatchSourceTimer {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now(), repeating: .seconds(3_600))
        timer.setEventHandler { [records] in
            let started = Date()
            do {
                let fit = try records.memoryFitOnOwnConnection(before: Timestamp.iso(Date(), milliseconds: true))
                log("FSRS fit for the learner home: \(fit.fitted ? "fitted to \(fit.reviews) reviews" : "default parameters (\(fit.reviews) reviews)") in \(String(format: "%.1f", Date().timeIntervalSince(started))) s\n")
            } catch {
                log("casebook: FSRS fit for the learner home failed: \((error as? RecordsError)?.message ?? "\(error)")\n")
            }
        }
        timer.resume()
        return timer
    }

    /// GET /api/home: the signed-in learner's own home (see the top of this file).
    func home(_ p: Principal, now: Date = Date(), language: Localized? = nil) throws -> HTTPResponse {
        let today = String(Timestamp.iso(now).prefix(10))
        let tasks = try records.openTasks(learnerID: p.id).map { t in
            let (title, url) = try describe(t.target, language)
            return TaskReply(t, today: today, title: title, url: url)
        }
        let paths = try records.pathProgress(learnerID: p.id).map { HomeReply.Path($0, title: bank.path($0.pathID)?.title, today: today) }
        // The current record of each certificate: the latest (a renewal replaces the one it renews).
        var current: [String: CertificateRecord] = [:]
        for c in try records.certificates(learnerID: p.id) where (current[c.certificate]?.id ?? .min) < c.id { current[c.certificate] = c }
        let certificates = current.values.sorted { $0.expires != $1.expires ? $0.expires < $1.expires : $0.certificate < $1.certificate }.map { c in
            HomeReply.Certificate(certificate: c.certificate, path: c.pathID, pathTitle: bank.path(c.pathID)?.title ?? c.pathID,
                                  granted: String(c.grantedAt.prefix(10)), expires: c.expires, daysLeft: c.daysLeft(today: today),
                                  expired: c.isExpired(today: today))
        }
        return json(200, HomeReply(learner: p.id, role: p.role.rawValue, today: today, tasks: tasks, paths: paths, certificates: certificates,
                                   review: try review(p.id, now: now)))
    }

    /// What is due for review on `now`: the home's review blueprint's pool, the learner's own
    /// answers folded through FSRS with the last fit (defaults before the first).
    func review(_ learnerID: String, now: Date) throws -> HomeReply.Review? {
        guard let r = homeCatalog.review(self) else { return nil }
        let fit = records.lastMemoryFit()
        var log = ReviewLog()
        for a in try records.itemAnswers(learnerID: learnerID) where r.pool.sectionOf[a.itemID] != nil {
            log.append(learner: a.learnerID, item: a.itemID, day: LearnerMemory.day(a.answeredAt), score: a.score)
        }
        let states = LearnerStates(log: log, model: FSRS(parameters: fit?.parameters ?? .default))
        let request = ReviewRequest(day: LearnerStates.day(now), target: r.blueprint.targetRecall,
                                    mix: r.pool.lines.map { ReviewMixLine(name: $0.name, count: $0.count, items: $0.items) })
        let titles = homeCatalog.sectionTitles(self)
        let model = fit.map { $0.fitted ? "FSRS-5 fitted to \($0.reviews) reviews" : "FSRS-5 default parameters" } ?? "FSRS-5 default parameters"
        var reply = HomeReply.Review(blueprint: r.blueprint.id, title: r.blueprint.title, targetRecall: r.blueprint.targetRecall, due: 0,
                                     sections: [], nextDue: nil, history: true, model: model)
        let memories = states.memories(of: learnerID)
        switch planReview(memories, sectionOf: r.pool.sectionOf, request: request) {
        case .nothingDue(.noHistory):
            reply.history = false
        case .nothingDue(.allAboveTarget(let next, _)):
            reply.nextDue = String(Timestamp.iso(Date(timeIntervalSince1970: next * 86_400)).prefix(10))
        case .due(_, let sections):
            for s in sections where s.dueItems > 0 {
                reply.sections.append(.init(section: s.section, title: titles[s.section] ?? s.section, due: s.dueItems, seen: s.seenItems,
                                            recall: (s.meanRecall * 100).rounded() / 100))
            }
            reply.due = reply.sections.reduce(0) { $0 + $1.due }
        }
        return reply
    }
}

/// The body of GET /api/home.
struct HomeReply: Encodable {
    var learner: String
    var role: String
    /// The day the figures are for (YYYY-MM-DD, UTC).
    var today: String
    /// Open tasks, soonest due first (as GET /api/tasks).
    var tasks: [TaskReply]
    var paths: [Path]
    /// Current certificates, soonest expiry first.
    var certificates: [Certificate]
    /// Due for review; nil when the bank has no review blueprint.
    var review: Review?

    struct Step: Encodable {
        var id: String
        var title: String
        /// done, open or blocked.
        var state: String
        var due: String
        var overdue: Bool
        /// The titles of the unfinished steps it waits for.
        var blockedBy: [String]
        var completed: String?

        enum CodingKeys: String, CodingKey { case id, title, state, due, overdue, blockedBy = "blocked_by", completed }
    }

    struct Path: Encodable {
        var path: String
        var title: String
        var certificate: String
        /// A recertification renews a certificate.
        var recertification: Bool
        var done: Int
        var total: Int
        var complete: Bool
        var next: Step?
        var blocked: [Step]
        var steps: [Step]

        init(_ p: PathProgress, title: String?, today: String) {
            path = p.pathID
            self.title = p.renews == nil ? (title ?? p.pathID) : "Renew \(p.certificate)"
            certificate = p.certificate
            recertification = p.renews != nil
            let titles = Dictionary(p.steps.map { ($0.stepID, $0.title) }, uniquingKeysWith: { a, _ in a })
            let all = p.steps.map { s in
                Step(id: s.stepID, title: s.title, state: s.state.rawValue, due: s.due, overdue: s.isOverdue(today: today),
                     blockedBy: s.blockedBy.map { titles[$0] ?? $0 }, completed: s.completedAt.map { String($0.prefix(10)) })
            }
            steps = all
            done = p.steps.filter { $0.state == .done }.count
            total = p.steps.count
            complete = p.isComplete
            let nextID = p.next?.stepID
            next = all.first { $0.id == nextID }
            blocked = all.filter { $0.state == StepState.blocked.rawValue }
        }
    }

    struct Certificate: Encodable {
        var certificate: String
        var path: String
        var pathTitle: String
        var granted: String
        /// The last valid day.
        var expires: String
        /// Days from today to expiry (negative once expired).
        var daysLeft: Int
        var expired: Bool

        enum CodingKeys: String, CodingKey { case certificate, path, pathTitle = "path_title", granted, expires, daysLeft = "days_left", expired }
    }

    struct Review: Encodable {
        struct Section: Encodable {
            var section: String
            var title: String
            var due: Int
            var seen: Int
            /// Mean predicted recall of the section's answered items, 0...1.
            var recall: Double
        }
        /// The review blueprint to start.
        var blueprint: String
        var title: String
        var targetRecall: Double
        /// Items due now, in total.
        var due: Int
        /// Sections with items due, most forgotten first.
        var sections: [Section]
        /// When nothing is due: the day the next item falls due (YYYY-MM-DD).
        var nextDue: String?
        /// False when the learner has answered none of the review's items yet.
        var history: Bool
        var model: String

        enum CodingKeys: String, CodingKey { case blueprint, title, targetRecall = "target_recall", due, sections, nextDue = "next_due", history, model }
    }

    enum CodingKeys: String, CodingKey { case learner, role, today, tasks, paths, certificates, review }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(learner, forKey: .learner)
        try c.encode(role, forKey: .role)
        try c.encode(today, forKey: .today)
        try c.encode(tasks, forKey: .tasks)
        try c.encode(paths, forKey: .paths)
        try c.encode(certificates, forKey: .certificates)
        try c.encode(review, forKey: .review) // null when the bank has no review blueprint
    }
}
