import CivilDate
import Foundation
import Handbook
import Quiz
import Records

// MARK: - What the reports know about questions, sections and learners

/// A learner as reports slice them.
public struct LearnerProfile: Sendable, Hashable {
    public var id: String
    public var name: String
    public var team: String
    public var vendor: String
    public var market: String
    /// The start month (`YYYY-MM`), or "" when the start date is unknown.
    public var cohort: String
    /// The language the quiz player showed them questions in, most often (issue 19): "th"
    /// for a learner who read the Thai translations; "" when not recorded.
    public var language: String = ""

    public init(id: String, name: String = "", team: String = "", vendor: String = "", market: String = "", startDate: String = "") {
        self.id = id; self.name = name; self.team = team; self.vendor = vendor; self.market = market
        cohort = startDate.count >= 7 ? String(startDate.prefix(7)) : ""
    }
}

/// An SOP section as reports link it.
public struct SectionInfo: Sendable, Hashable {
    /// `sop-id#anchor`.
    public var ref: String
    /// "Page title › Section title".
    public var title: String
    /// Site-relative URL with the anchor.
    public var url: String
}

/// A question as reports know it: one item (a case or an authored question) asked as one kind.
public struct QuestionInfo: Sendable, Hashable {
    public var itemID: String
    public var kind: QuestionKind
    public var title: String
    /// Indexes into the catalog's sections and codes.
    public var sections: [Int]
    public var codes: [String]
    /// Error weight from the harm level of the policies involved: low 1, medium 2, high 3, critical 4.
    public var harm: Double
    /// The bank file, relative to the quiz folder ("" when the item is no longer in the bank).
    public var file: String
    /// Human labels for answer keys (action ids, codes, `sop#anchor`, option letters).
    public var labels: [String: String]

    /// `item-id` for decisions (the usual case question), `item-id (kind)` otherwise.
    public var name: String { kind == .decision || kind == .knowledge ? itemID : "\(itemID) (\(kind.rawValue))" }
}

/// Sections, codes and questions of the handbook and bank, with labels and links.
public struct Catalog: Sendable {
    public private(set) var sections: [SectionInfo] = []
    public private(set) var sectionIndex: [String: Int] = [:]
    public private(set) var questions: [QuestionInfo] = []
    /// item id -> kind -> question index.
    public private(set) var questionIndex: [String: [QuestionKind: Int]] = [:]
    /// Policy code -> (name, harm weight, section index).
    public private(set) var codes: [String: (name: String, harm: Double, section: Int?)] = [:]
    /// Action id -> label.
    public private(set) var actions: [String: String] = [:]
    /// Items needing review after an SOP change (item id -> why), for the review queue.
    public var needsReview: [String: [ReviewReason]] = [:]

    public init() {}

    /// The catalog of a loaded handbook and bank.
    public init(handbook: Handbook, bank: QuizBank) {
        needsReview = bank.reviewReasons
        for a in bank.actions { actions[a.id] = a.label }
        for (code, c) in handbook.codes.sorted(by: { $0.key < $1.key }) {
            let s = section(SectionRef(pageID: c.pageID, anchor: c.anchor), handbook: handbook)
            codes[code] = (c.name, Self.weight(c.harm), s)
        }
        let actionLabels = actions
        var codeLabels: [String: String] = [QuizDrawer.noViolation: QuizDrawer.noViolation]
        for (k, v) in codes { codeLabels[k] = "\(k) \(v.name)" }
        for c in bank.cases { _ = section(c.sop, handbook: handbook) }
        var sectionLabels: [String: String] = [:]
        for info in sections { sectionLabels[info.ref] = info.title }
        for c in bank.cases {
            let s = section(c.sop, handbook: handbook)
            let harm = c.codes.map { codes[$0]?.harm ?? 1 }.max() ?? 1
            addQuestion(QuestionInfo(itemID: c.id, kind: .decision, title: c.title, sections: [s], codes: c.codes, harm: harm, file: c.file, labels: actionLabels))
            addQuestion(QuestionInfo(itemID: c.id, kind: .codes, title: c.title, sections: [s], codes: c.codes, harm: harm, file: c.file, labels: codeLabels))
            addQuestion(QuestionInfo(itemID: c.id, kind: .section, title: c.title, sections: [s], codes: c.codes, harm: harm, file: c.file, labels: sectionLabels))
        }
        for q in bank.questions {
            let s = q.sops.map { section($0, handbook: handbook) }
            var labels: [String: String] = [:]
            for (i, o) in q.options.enumerated() { labels[QuizDrawer.letter(i)] = o }
            let harm = q.codes.map { codes[$0]?.harm ?? 1 }.max() ?? 1
            addQuestion(QuestionInfo(itemID: q.id, kind: .knowledge, title: String(q.prompt.prefix(90)), sections: s, codes: q.codes, harm: harm,
                                     file: q.file, labels: labels))
        }
    }

    static func weight(_ harm: HarmLevel?) -> Double {
        switch harm { case .low?: return 1; case .medium?: return 2; case .high?: return 3; case .critical?: return 4; case nil: return 1 }
    }

    private mutating func section(_ ref: SectionRef, handbook: Handbook) -> Int {
        let page = handbook.page(id: ref.pageID)
        let title = "\(page?.title ?? ref.pageID) › \(page?.sections.first { $0.anchor == ref.anchor }?.title ?? ref.anchor)"
        return addSection(SectionInfo(ref: ref.description, title: title, url: "sop/\(ref.pageID).html#\(ref.anchor)"))
    }

    /// Adds (or finds) a section; returns its index.
    @discardableResult
    public mutating func addSection(_ info: SectionInfo) -> Int {
        if let i = sectionIndex[info.ref] { return i }
        sections.append(info)
        sectionIndex[info.ref] = sections.count - 1
        return sections.count - 1
    }

    /// Adds a question; returns its index.
    @discardableResult
    public mutating func addQuestion(_ q: QuestionInfo) -> Int {
        if let i = questionIndex[q.itemID]?[q.kind] { return i }
        questions.append(q)
        questionIndex[q.itemID, default: [:]][q.kind] = questions.count - 1
        return questions.count - 1
    }

    /// Adds a policy code (simulations and tests).
    public mutating func addCode(_ code: String, name: String, harm: Double, section: Int?) { codes[code] = (name, harm, section) }

    /// The question for a stored response, adding a placeholder for items no longer in the bank.
    mutating func question(itemID: String, kind: QuestionKind) -> Int {
        if let i = questionIndex[itemID]?[kind] { return i }
        return addQuestion(QuestionInfo(itemID: itemID, kind: kind, title: "\(itemID) (no longer in the bank)", sections: [], codes: [], harm: 1, file: "", labels: [:]))
    }

    /// A readable label for an answer key of a question ("Remove", "IP-01 Counterfeit…").
    public func label(_ key: String, question q: Int) -> String {
        if key.isEmpty { return "(no answer)" }
        let labels = questions[q].labels
        return OptionKeys.split(key).map { labels[$0] ?? $0 }.joined(separator: " + ")
    }
}

/// Which responses a report covers.
public struct ReportFilter: Sendable, Hashable {
    /// Inclusive start date (`YYYY-MM-DD`) and exclusive end.
    public var since: String?
    public var until: String?
    public var market: String?
    public var team: String?
    public var vendor: String?

    public init(since: String? = nil, until: String? = nil, market: String? = nil, team: String? = nil, vendor: String? = nil) {
        self.since = since; self.until = until; self.market = market; self.team = team; self.vendor = vendor
    }

    func admits(_ l: LearnerProfile) -> Bool {
        (market == nil || l.market.caseInsensitiveCompare(market!) == .orderedSame)
            && (team == nil || l.team.caseInsensitiveCompare(team!) == .orderedSame)
            && (vendor == nil || l.vendor.caseInsensitiveCompare(vendor!) == .orderedSame)
    }
}

// MARK: - The responses, column by column

/// Every response a report covers, stored as columns of small integers so a million answers
/// take a few tens of megabytes and every statistic is a pass over arrays.
public struct Evidence: Sendable {
    public var catalog: Catalog
    public private(set) var learners: [LearnerProfile] = []
    var learnerIndex: [String: Int32] = [:]
    /// Interned answer keys (chosen and gold), "" first.
    public private(set) var answers: [String] = [""]
    var answerIndex: [String: Int32] = ["": 0]
    /// Week starts (Mondays, `YYYY-MM-DD`), in first-seen order.
    public private(set) var weeks: [String] = []
    var weekIndex: [String: Int32] = [:]
    var dayWeek: [String: Int32] = [:]

    var learner: [Int32] = []
    var question: [Int32] = []
    var chosen: [Int32] = []
    var gold: [Int32] = []
    var score: [Float] = []
    var week: [Int32] = []
    /// The attempt (one drawn quiz) each response belongs to, as a dense index; item
    /// statistics set a mark against the rest of its attempt, as Moodle does.
    var attempt: [Int32] = []
    public private(set) var attemptCount = 0
    /// Attempt keys seen by `add`: the attempt id, or for attempt 0 (unknown) -(learner + 1),
    /// so each learner's answers without an attempt form one attempt.
    var attemptIndex: [Int64: Int32] = [:]

    public var count: Int { learner.count }

    /// Whether a response's score counts as an error, in every report: anything below full marks.
    @inline(__always) static func isWrong(_ score: Double) -> Bool { score < 0.999 }

    public init(catalog: Catalog) { self.catalog = catalog }

    /// Registers a learner (before their responses).
    public mutating func addLearner(_ l: LearnerProfile) {
        guard learnerIndex[l.id] == nil else { return }
        learners.append(l)
        learnerIndex[l.id] = Int32(learners.count - 1)
    }

    mutating func intern(_ s: String) -> Int32 {
        if let i = answerIndex[s] { return i }
        answers.append(s)
        answerIndex[s] = Int32(answers.count - 1)
        return Int32(answers.count - 1)
    }

    mutating func weekOf(day: String) -> Int32 {
        if let w = dayWeek[day] { return w }
        let start = Self.weekStart(day)
        let w: Int32
        if let known = weekIndex[start] { w = known } else {
            weeks.append(start)
            w = Int32(weeks.count - 1)
            weekIndex[start] = w
        }
        dayWeek[day] = w
        return w
    }

    /// The Monday starting the week of `YYYY-MM-DD` (dates that do not parse map to themselves).
    static func weekStart(_ day: String) -> String {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return day }
        return CivilDate(days: CivilDate.days(year: parts[0], month: parts[1], day: parts[2])).monday.iso
    }

    /// Adds one response. Unknown learners are added on the fly; unknown items get a placeholder question.
    public mutating func add(learnerID: String, itemID: String, kind: QuestionKind, chosen c: String, gold g: String, score s: Double, day: String, attempt a: Int64 = 0) {
        let l: Int32
        if let known = learnerIndex[learnerID] { l = known } else {
            addLearner(LearnerProfile(id: learnerID))
            l = Int32(learners.count - 1)
        }
        learner.append(l)
        question.append(Int32(catalog.question(itemID: itemID, kind: kind)))
        chosen.append(intern(c))
        gold.append(intern(g))
        score.append(Float(s))
        week.append(weekOf(day: day))
        let key = a != 0 ? a : -Int64(l) - 1
        if let known = attemptIndex[key] { attempt.append(known) } else {
            attemptIndex[key] = Int32(attemptCount)
            attempt.append(Int32(attemptCount))
            attemptCount += 1
        }
    }

    /// Reads the responses a filter admits from the records database: attempts are mapped to
    /// learners first, then the responses table is scanned once without a join, interning
    /// ids and answer keys from the raw bytes (a million answers in well under a second).
    public static func load(records: Records, catalog: Catalog, filter: ReportFilter = ReportFilter(),
                            progress: ((Int) -> Void)? = nil) throws(RecordsError) -> Evidence {
        let scan = try AnswerScan.read(records: records, filter: filter)
        progress?(scan.rows)
        return try Evidence(scan, catalog: catalog)
    }

    /// Merges a scan's parts into the evidence, mapping items to the catalog's questions.
    public init(_ scan: AnswerScan, catalog: Catalog) throws(RecordsError) {
        var e = Evidence(catalog: catalog)
        for l in scan.learners { e.addLearner(l) }
        let parts = scan.parts

        let kinds = QuestionKind.allCases
        for result in parts {
            let part = try result.get()
            var questionOf = [Int32](repeating: -1, count: part.items.count * 4)
            var answerOf = (0..<part.answers.count).map { e.intern(part.answers.string(Int32($0))) }
            var weekOf: [Int32: Int32] = [:]
            e.learner += part.learner
            e.score += part.score
            for id in part.attempt {
                let key = Int64(id)
                if let known = e.attemptIndex[key] { e.attempt.append(known) } else {
                    e.attemptIndex[key] = Int32(e.attemptCount)
                    e.attempt.append(Int32(e.attemptCount))
                    e.attemptCount += 1
                }
            }
            e.question.reserveCapacity(e.question.count + part.learner.count)
            e.chosen.reserveCapacity(e.question.count + part.learner.count)
            e.gold.reserveCapacity(e.question.count + part.learner.count)
            e.week.reserveCapacity(e.question.count + part.learner.count)
            for i in 0..<part.learner.count {
                let slot = Int(part.itemKind[i])
                var q = questionOf[slot]
                if q < 0 {
                    q = Int32(e.catalog.question(itemID: part.items.string(Int32(slot / 4)), kind: kinds[slot % 4]))
                    questionOf[slot] = q
                }
                e.question.append(q)
                e.chosen.append(answerOf[Int(part.chosen[i])])
                e.gold.append(answerOf[Int(part.gold[i])])
                let day = part.day[i]
                let w: Int32
                if let known = weekOf[day] { w = known } else {
                    w = e.weekOf(day: String(format: "%04d-%02d-%02d", day / 10000, day / 100 % 100, day % 100))
                    weekOf[day] = w
                }
                e.week.append(w)
            }
            answerOf = []
        }
        self = e
    }
}

/// The answers of a report, read from the database but not yet tied to the question bank:
/// reading can start while the bank is still loading.
public struct AnswerScan: Sendable {
    public var learners: [LearnerProfile]
    var parts: [Result<ScanPart, RecordsError>]
    public var rows: Int

    /// Reads the learners the filter admits and their responses, the responses table in two
    /// halves on two cores, each with its own connection and interning tables.
    public static func read(records: Records, filter: ReportFilter) throws(RecordsError) -> AnswerScan {
        var learners: [LearnerProfile] = []
        var admitted: [String: Int32] = [:]
        for l in try records.learners() {
            let p = LearnerProfile(id: l.id, name: l.name, team: l.team, vendor: l.vendor, market: l.market, startDate: l.startDate)
            learners.append(p)
            if filter.admits(p) { admitted[l.id] = Int32(learners.count - 1) }
        }
        let languages = try records.learnerLanguages()
        for i in learners.indices { learners[i].language = languages[learners[i].id] ?? "" }
        var attemptLearner: [Int32] = []
        try records.scanAttemptLearners { id, learner in
            guard id >= 0, id < 50_000_000 else { return }
            if Int(id) >= attemptLearner.count { attemptLearner += [Int32](repeating: -1, count: Int(id) + 1 - attemptLearner.count) }
            attemptLearner[Int(id)] = admitted[learner] ?? -1
        }
        // Scan the table in two halves on two cores, each with its own connection and its
        // own interning tables, then merge.
        var ranges: [Range<Int64>] = []
        if let all = try records.responseRowids() {
            let middle = all.lowerBound + (all.upperBound - all.lowerBound + 1) / 2
            ranges = [all.lowerBound..<middle, middle..<(all.upperBound + 1)]
        }
        let learnersOfAttempts = attemptLearner
        let parts = parallelMap(ranges) { range -> Result<ScanPart, RecordsError> in
            do throws(RecordsError) {
                var part = ScanPart()
                try records.scanResponsesRaw(since: filter.since, until: filter.until, rowids: range) { row in part.add(row, attemptLearner: learnersOfAttempts) }
                return .success(part)
            } catch {
                return .failure(error)
            }
        }
        return AnswerScan(learners: learners, parts: parts, rows: parts.reduce(0) { $0 + ((try? $1.get())?.rows ?? 0) })
    }
}

/// One part of a parallel scan of the responses table, with its own interning tables.
struct ScanPart: Sendable {
    var learner: [Int32] = []
    /// The attempt id (ids are below 50 million: `AnswerScan.read` maps no others).
    var attempt: [Int32] = []
    /// Local item index × 4 + kind.
    var itemKind: [Int32] = []
    var chosen: [Int32] = []
    var gold: [Int32] = []
    var score: [Float] = []
    /// The answer date as yyyymmdd.
    var day: [Int32] = []
    var items = ByteInterner(capacity: 4096)
    var answers = ByteInterner(capacity: 256)
    var rows = 0

    /// The stored names of the question kinds, in `QuestionKind.allCases` order.
    static let kindNames = QuestionKind.allCases.map { Array($0.rawValue.utf8) }

    mutating func add(_ row: SQLRow, attemptLearner: [Int32]) {
        rows += 1
        let attempt = row.int(0)
        guard attempt >= 0, Int(attempt) < attemptLearner.count else { return }
        let l = attemptLearner[Int(attempt)]
        guard l >= 0 else { return }
        // The kind's index in `QuestionKind.allCases`, matched on the whole stored name.
        let kind: Int32 = row.withBytes(2) { b in
            Int32(Self.kindNames.firstIndex { $0.elementsEqual(b) } ?? -1)
        }
        guard kind >= 0 else { return }
        let item = row.withBytes(1) { items.intern($0).index }
        let day: Int32 = row.withBytes(6) { b in
            guard b.count >= 10 else { return 0 }
            func d(_ i: Int) -> Int32 { Int32(b[i]) - 48 }
            return (((d(0) * 10 + d(1)) * 10 + d(2)) * 10 + d(3)) * 10000 + (d(5) * 10 + d(6)) * 100 + d(8) * 10 + d(9)
        }
        learner.append(l)
        self.attempt.append(Int32(attempt))
        itemKind.append(item * 4 + kind)
        chosen.append(row.withBytes(3) { answers.intern($0).index })
        gold.append(row.withBytes(4) { answers.intern($0).index })
        score.append(Float(row.double(5)))
        self.day.append(day)
    }
}

/// Interns byte strings (ids, answer keys) straight from database rows, without making a
/// String per row: an open-addressing table keyed by an FNV-1a hash, checked byte for byte.
struct ByteInterner {
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var starts: [Int] = []
    private var bytes: [UInt8] = []
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { starts.count }

    func string(_ i: Int32) -> String {
        let start = starts[Int(i)], end = Int(i) + 1 < starts.count ? starts[Int(i) + 1] : bytes.count
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The index of `key`, adding it if new (`isNew` tells).
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> (index: Int32, isNew: Bool) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let i = slots[slot]
            if i < 0 { break }
            if hashes[Int(i)] == h {
                let start = starts[Int(i)], end = Int(i) + 1 < starts.count ? starts[Int(i) + 1] : bytes.count
                if end - start == key.count && bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress! + start, key.baseAddress ?? UnsafePointer(bitPattern: 1)!, key.count) == 0 }) {
                    return (i, false)
                }
            }
            slot = (slot + 1) & mask
        }
        let index = Int32(starts.count)
        starts.append(bytes.count)
        bytes.append(contentsOf: key)
        hashes.append(h)
        slots[slot] = index
        if starts.count * 2 > slots.count { grow() }
        return (index, true)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for (i, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i)
        }
    }
}
