import Foundation
import Handbook
import Randomness

/// One question of a drawn quiz, with its options in the order shown.
public struct QuizItem: Sendable, Hashable, Codable {
    /// How the question is asked.
    public var kind: QuestionKind
    /// The case or question it was made from, and that item's version.
    public var itemID: String
    /// The item's version (its content fingerprint) when drawn.
    public var itemVersion: String
    /// Set for questions made from a case, so the case can be shown with them.
    public var caseID: String?
    /// The question as shown.
    public var prompt: String
    /// The options as shown, in order.
    public var options: [String]
    /// What each option stands for (action id, policy code, `sop#anchor`, or authored option number).
    public var optionKeys: [String]
    /// Indices into `options` of the right answers.
    public var correct: Set<Int>
    /// Whether several options may be chosen.
    public var multiple: Bool
    /// The sections that decide the answer, for feedback links and reports.
    public var sections: [SectionRef]
    /// Policy codes the item is about, for reports.
    public var codes: [String]
    /// Why the key is right; shown with feedback.
    public var explanation: String
    /// Difficulty 1 (easy) to 3 (hard).
    public var difficulty: Int
    /// Shown with the question and its feedback when the item is being reviewed after an SOP
    /// change (practice and review quizzes only: exams do not draw such items); nil otherwise.
    public var reviewNote: String? = nil

    /// The right option keys, sorted and comma-separated: the answer key as stored with each response.
    public var goldKey: String { storedKeys(correct) }

    /// Chosen options (indices into `options`) as stored with a response: their keys in
    /// option order, comma-separated (`OptionKeys`).
    public func storedKeys(_ chosen: Set<Int>) -> String {
        OptionKeys.join(chosen.sorted().filter { optionKeys.indices.contains($0) }.map { optionKeys[$0] })
    }

    /// The option indices of stored keys; keys this question does not have are left out.
    public func chosenOptions(_ stored: String) -> Set<Int> {
        Set(OptionKeys.split(stored).compactMap { optionKeys.firstIndex(of: $0) })
    }
}

/// How a set of option keys is stored in one text column (responses' chosen and gold keys):
/// comma-separated. The one place that joins and splits them.
public enum OptionKeys {
    /// `["IP-01", "IP-03"]` -> `"IP-01,IP-03"`.
    public static func join(_ keys: [String]) -> String { keys.joined(separator: ",") }
    /// `"IP-01,IP-03"` -> `["IP-01", "IP-03"]`; empty text is no keys.
    public static func split(_ text: String) -> [String] { text.split(separator: ",").map(String.init) }
}

/// A drawn quiz: everything needed to show, grade and later re-create it.
public struct DrawnQuiz: Sendable {
    /// The blueprint it was drawn from.
    public var blueprintID: String
    /// The seed it was drawn with.
    public var seed: UInt64
    /// The bank's content version when drawn.
    public var contentVersion: String
    /// The questions, in order.
    public var items: [QuizItem]
    /// Notes for the learner or trainer, e.g. that recently seen questions had to be reused.
    public var notes: [String]
}

/// Why a quiz could not be drawn.
public struct DrawError: Error, Sendable, CustomStringConvertible {
    /// What stops the draw and what to do.
    public var message: String
    /// The message.
    public var description: String { message }
}

/// What a learner has seen before: item id -> (times seen, last seen ISO date).
public typealias SeenHistory = [String: (count: Int, last: String)]

/// Draws quizzes from a bank according to a blueprint.
public struct QuizDrawer {
    /// The bank items come from.
    public var bank: QuizBank
    /// The handbook: published pages, policy codes, labels.
    public var handbook: Handbook
    /// "No policy violated": the codes option for approved cases.
    public static let noViolation = "No policy violated"

    /// When the draw happens (seconds since 1970 UTC), for the items needing review after an
    /// SOP change (`QuizBank.heldForReview(at:)`): exams leave them out, practice and review
    /// quizzes draw them with a note. Nil: no item is held (a draw outside an attempt).
    public var reviewAsOf: Int64?

    /// A drawer for this bank and handbook.
    public init(bank: QuizBank, handbook: Handbook, reviewAsOf: Int64? = nil) {
        self.bank = bank
        self.handbook = handbook
        self.reviewAsOf = reviewAsOf
    }

    /// The items held for review at `reviewAsOf`.
    var held: Set<String> { reviewAsOf.map { bank.heldForReview(at: $0) } ?? [] }

    enum Candidate: Hashable {
        case `case`(Case)
        case question(Question)
        var id: String {
            switch self { case .case(let c): return c.id; case .question(let q): return q.id }
        }
        var difficulty: Int {
            switch self { case .case(let c): return c.difficulty; case .question(let q): return q.difficulty }
        }
    }

    /// Cases that may be drawn: active, deciding SOP published, none of their policies retired.
    func drawableCases(_ blueprint: Blueprint) -> [Case] {
        bank.activeCases.filter { c in
            guard let page = handbook.page(id: c.sop.pageID), page.meta.status == .published else { return false }
            guard c.codes.allSatisfy({ handbook.codes[$0] != nil }) else { return false }
            return blueprint.markets.isEmpty || blueprint.markets.contains(c.market)
        }
    }

    func drawableQuestions(_ blueprint: Blueprint) -> [Question] {
        bank.activeQuestions.filter { q in
            guard q.sops.allSatisfy({ handbook.page(id: $0.pageID)?.meta.status == .published }) else { return false }
            return blueprint.markets.isEmpty || q.markets.isEmpty || !Set(q.markets).isDisjoint(with: blueprint.markets)
        }
    }

    static func matches(_ code: String, _ pattern: String) -> Bool {
        pattern.hasSuffix("*") ? code.hasPrefix(String(pattern.dropLast())) : code == pattern
    }

    static func fits(_ c: Candidate, _ line: MixLine) -> Bool {
        let tags: [String], codes: [String], type: String
        switch c {
        case .case(let x): tags = x.tags; codes = x.codes; type = x.type
        case .question(let q): tags = q.tags; codes = q.codes; type = "question"
        }
        if !line.tags.isEmpty && Set(line.tags).isDisjoint(with: tags) { return false }
        if !line.codes.isEmpty && !codes.contains(where: { code in line.codes.contains { matches(code, $0) } }) { return false }
        if !line.types.isEmpty && !line.types.contains(type) { return false }
        return true
    }

    /// Draws a quiz. `today` and `history` implement the no-repeat window. `earlierDraws`
    /// (item id -> how many of the learner's earlier attempts at this blueprint drew it) puts
    /// items not drawn before first, so a retake asks new questions where the bank has them.
    public func draw(_ blueprint: Blueprint, seed: UInt64, today: String, history: SeenHistory,
                     earlierDraws: [String: Int] = [:]) throws(DrawError) -> DrawnQuiz {
        var rng = SeededRandom(seed: seed)
        let caseKinds = blueprint.kinds.filter { $0 != .knowledge }
        var notes: [String] = []
        var chosen: [(Candidate, QuestionKind)] = []

        let held = self.held
        let holds = blueprint.mode == .exam && !held.isEmpty
        if blueprint.calibration {
            if holds {
                let listed = blueprint.cases.filter { held.contains($0) }
                if !listed.isEmpty {
                    throw DrawError(message: "blueprint '\(blueprint.id)' is an exam and lists \(listed.count == 1 ? "a case" : "cases") needing review after an SOP change (\(heldList(listed))); review \(listed.count == 1 ? "it" : "them") and update 'reviewed', or take \(listed.count == 1 ? "it" : "them") off the list")
                }
            }
            for id in blueprint.cases {
                guard let c = bank.case(id) else { throw DrawError(message: "blueprint '\(blueprint.id)' lists case '\(id)', which is not in the bank") }
                // Calibration asks every listed case in every case kind, in the listed order.
                for kind in caseKinds.isEmpty ? [.decision] : caseKinds { chosen.append((.case(c), kind)) }
            }
        } else {
            var pool: [Candidate] = []
            if !caseKinds.isEmpty { pool += drawableCases(blueprint).map { .case($0) } }
            if blueprint.kinds.contains(.knowledge) { pool += drawableQuestions(blueprint).map { .question($0) } }
            if let only = blueprint.items.map(Set.init) { pool = pool.filter { only.contains($0.id) } }
            // Exams leave out items needing review (after the shuffle, so the rng is used as
            // it would be without them and the rest keep their order).
            pool.shuffle(using: &rng)
            let heldBack = holds ? pool.filter { held.contains($0.id) } : []
            if holds { pool.removeAll { held.contains($0.id) } }
            let windowStart = Self.date(today, minusDays: blueprint.noRepeatDays)
            func recentlySeen(_ c: Candidate) -> Bool {
                guard blueprint.noRepeatDays > 0, let h = history[c.id] else { return false }
                return h.last >= windowStart
            }
            var target: [Int: Int] = [:]
            for (level, pct) in blueprint.difficulty { target[level] = Int((Double(pct) * Double(blueprint.questions) / 100).rounded()) }
            var taken: [Int: Int] = [:]
            var used = Set<String>()
            let lines = blueprint.mix.isEmpty ? [MixLine(name: "all", count: blueprint.questions)] : blueprint.mix
            var reused = 0
            for line in lines {
                let fitting = pool.filter { !used.contains($0.id) && Self.fits($0, line) }
                if fitting.count < line.count {
                    var where_ = blueprint.markets.isEmpty ? "" : " in markets \(blueprint.markets.joined(separator: ", "))"
                    if let only = blueprint.items { where_ += " among the \(only.count) items it draws from" }
                    let excluded = heldBack.filter { !used.contains($0.id) && Self.fits($0, line) }.map(\.id).sorted()
                    if !excluded.isEmpty {
                        throw DrawError(message: "the bank cannot satisfy blueprint '\(blueprint.id)': mix line '\(line.name)' needs \(line.count) items but only \(fitting.count) active items match\(where_) once the \(excluded.count) needing review after an SOP change are left out (\(heldList(excluded))); review them and update 'reviewed', add cases or lower its count")
                    }
                    throw DrawError(message: "the bank cannot satisfy blueprint '\(blueprint.id)': mix line '\(line.name)' needs \(line.count) items but only \(fitting.count) active items match\(where_); add cases or lower its count")
                }
                // Not drawn in an earlier attempt at this blueprint first, then unseen, then difficulties still short of their target, then least seen.
                let ranked = fitting.enumerated().sorted { a, b in
                    let ea = earlierDraws[a.element.id] ?? 0, eb = earlierDraws[b.element.id] ?? 0
                    if ea != eb { return ea < eb }
                    let ra = recentlySeen(a.element), rb = recentlySeen(b.element)
                    if ra != rb { return !ra }
                    let da = (taken[a.element.difficulty] ?? 0) < (target[a.element.difficulty] ?? Int.max)
                    let db = (taken[b.element.difficulty] ?? 0) < (target[b.element.difficulty] ?? Int.max)
                    if da != db { return da }
                    let ca = history[a.element.id]?.count ?? 0, cb = history[b.element.id]?.count ?? 0
                    if ca != cb { return ca < cb }
                    return a.offset < b.offset
                }.map(\.element)
                for c in ranked.prefix(line.count) {
                    used.insert(c.id)
                    taken[c.difficulty, default: 0] += 1
                    if recentlySeen(c) { reused += 1 }
                    let kind: QuestionKind
                    switch c {
                    case .question: kind = .knowledge
                    case .case: kind = caseKinds[Int(rng.next() % UInt64(caseKinds.count))]
                    }
                    chosen.append((c, kind))
                }
            }
            if reused > 0 {
                notes.append("\(reused) question\(reused == 1 ? " was" : "s were") seen in the last \(blueprint.noRepeatDays) days; the bank had too few unseen items, so the least-seen were used")
            }
            chosen.shuffle(using: &rng)
        }
        let items = chosen.map { makeItem($0.0, kind: $0.1, rng: &rng) }
        return DrawnQuiz(blueprintID: blueprint.id, seed: seed, contentVersion: bank.contentVersion, items: noted(items), notes: notes + reviewNotes(items))
    }

    /// Item ids with why each needs review: "c1 (ip#ip-01 changed in v2.1)".
    func heldList(_ ids: [String]) -> String {
        ids.map { id in
            let why = bank.reviewReasons(of: id).filter { $0.since <= (reviewAsOf ?? Int64.max) }
            return why.isEmpty ? id : "\(id): \(QuizBank.describe(why))"
        }.joined(separator: "; ")
    }

    /// The items with the note of those being reviewed after an SOP change.
    func noted(_ items: [QuizItem]) -> [QuizItem] {
        guard let at = reviewAsOf, !bank.reviewReasons.isEmpty else { return items }
        return items.map { item in
            var item = item
            item.reviewNote = bank.reviewNote(item.itemID, at: at)
            return item
        }
    }

    /// The quiz's note when some of its items are being reviewed.
    func reviewNotes(_ items: [QuizItem]) -> [String] {
        guard let at = reviewAsOf else { return [] }
        let count = Set(items.filter { bank.reviewNote($0.itemID, at: at) != nil }.map(\.itemID)).count
        guard count > 0 else { return [] }
        return ["\(count) question\(count == 1 ? " is" : "s are") being reviewed after an SOP change; \(count == 1 ? "its" : "their") answer key may change"]
    }

    // MARK: - Questions from cases

    func makeItem(_ candidate: Candidate, kind: QuestionKind, rng: inout SeededRandom) -> QuizItem {
        switch candidate {
        case .question(let q):
            var order = Array(q.options.indices)
            if q.type != .trueFalse { order.shuffle(using: &rng) }
            let correct = Set(order.enumerated().filter { q.correct.contains($0.element) }.map(\.offset))
            return QuizItem(kind: .knowledge, itemID: q.id, itemVersion: q.version, caseID: nil, prompt: q.prompt,
                            options: order.map { q.options[$0] }, optionKeys: order.map { Self.letter($0) }, correct: correct,
                            multiple: q.type == .multiple, sections: q.sops, codes: q.codes, explanation: q.explanation, difficulty: q.difficulty)
        case .case(let c):
            var keys: [String]
            var labels: [String: String] = [:]
            var correctKeys: Set<String>
            let prompt: String
            let noun = c.type == "live-stream" ? "live stream" : c.type
            switch kind {
            case .codes:
                prompt = "Which policy codes does this \(noun) violate? Select all that apply."
                var distractors = Set<String>()
                let families = Set(c.codes.map { $0.split(separator: "-").first.map(String.init) ?? $0 })
                let related = handbook.codes.keys.filter { code in !c.codes.contains(code) && families.contains(code.split(separator: "-").first.map(String.init) ?? "") }.sorted()
                for code in related.shuffled(using: &rng) where distractors.count < 2 { distractors.insert(code) }
                let others = handbook.codes.keys.filter { !c.codes.contains($0) && !distractors.contains($0) }.sorted()
                for code in others.shuffled(using: &rng) where distractors.count + c.codes.count < 5 { distractors.insert(code) }
                keys = (c.codes + distractors.sorted()).shuffled(using: &rng)
                keys.append(Self.noViolation)
                for k in keys { labels[k] = k == Self.noViolation ? k : "\(k) \(handbook.codes[k]?.name ?? "")" }
                correctKeys = c.codes.isEmpty ? [Self.noViolation] : Set(c.codes)
            case .section:
                prompt = "Which SOP section decides this \(noun)?"
                var refs: [String] = [c.sop.description]
                let candidates = handbook.codes.values.filter { "\($0.pageID)#\($0.anchor)" != c.sop.description }
                    .map { "\($0.pageID)#\($0.anchor)" }.sorted()
                for r in candidates.shuffled(using: &rng) where refs.count < 4 { refs.append(r) }
                keys = refs.shuffled(using: &rng)
                for k in keys {
                    guard let ref = SectionRef(k), let page = handbook.page(id: ref.pageID) else { continue }
                    labels[k] = "\(page.title) › \(page.sections.first { $0.anchor == ref.anchor }?.title ?? ref.anchor)"
                }
                correctKeys = [c.sop.description]
            case .decision, .knowledge:
                prompt = "What is the right decision for this \(noun)?"
                keys = bank.actions.map(\.id)
                for a in bank.actions { labels[a.id] = a.label }
                correctKeys = [c.decision]
            }
            let correct = Set(keys.enumerated().filter { correctKeys.contains($0.element) }.map(\.offset))
            return QuizItem(kind: kind == .knowledge ? .decision : kind, itemID: c.id, itemVersion: c.version, caseID: c.id, prompt: prompt,
                            options: keys.map { labels[$0] ?? $0 }, optionKeys: keys, correct: correct, multiple: kind == .codes,
                            sections: [c.sop], codes: c.codes, explanation: c.rationale, difficulty: c.difficulty)
        }
    }

    /// Authored options are keyed by their letter as written in the question file (a, b, c...).
    public static func letter(_ i: Int) -> String {
        i < 26 ? String(UnicodeScalar(UInt8(97 + i))) : "option-\(i + 1)"
    }

    /// The authored option number (0-based) `letter(_:)` gave `key`; nil for another key.
    public static func optionIndex(_ key: String) -> Int? {
        if key.hasPrefix("option-") { return Int(key.dropFirst(7)).flatMap { $0 > 26 ? $0 - 1 : nil } }
        guard key.count == 1, let a = key.unicodeScalars.first?.value, (97..<123).contains(a) else { return nil }
        return Int(a) - 97
    }

    /// The ISO date `days` before `date` (both YYYY-MM-DD).
    static func date(_ date: String, minusDays days: Int) -> String {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return date }
        var (y, m, d) = (parts[0], parts[1], parts[2])
        var remaining = days
        let monthDays = { (y: Int, m: Int) -> Int in
            [31, (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        }
        while remaining > 0 {
            if d > remaining { d -= remaining; remaining = 0 } else {
                remaining -= d
                m -= 1
                if m == 0 { m = 12; y -= 1 }
                d = monthDays(y, m)
            }
        }
        return String(format: "%04d-%02d-%02d", y, m, d)
    }
}
