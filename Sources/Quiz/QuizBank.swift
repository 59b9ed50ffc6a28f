import Foundation
import Handbook

/// The quiz bank in `Quizzes/`, resolved against the handbook.
public struct QuizBank: Sendable {
    /// Every case, in file order, whatever its status.
    public var cases: [Case]
    /// Every authored question, whatever its status.
    public var questions: [Question]
    /// The blueprints, by file name.
    public var blueprints: [Blueprint]
    /// The moderator actions, from the handbook's `actions:`.
    public var actions: [Action]
    /// Errors and warnings, with file and line relative to the quiz folder.
    public var diagnostics: [Diagnostic]
    /// Folder the bank was read from.
    public var directory: String
    /// Mistakes trainers published for SOP sections (`common-mistakes.yml`), shown on SOP pages.
    public var mistakes: [CommonMistake] = []
    /// Why items need review, by item id: an SOP section they cite changed after their
    /// `reviewed:` date (see `ReviewReason`). Exams do not draw them; practice marks them.
    public var reviewReasons: [String: [ReviewReason]] = [:]
    /// The onboarding paths (`paths/<id>.yml`), by id.
    public var paths: [LearningPath] = []
    /// The Rasch item difficulties `casebook items calibrate` wrote (`calibration.yml`), nil
    /// when there are none yet: adaptive exams need them.
    public var calibration: ItemCalibrationFile? = nil

    /// Cases that can be drawn (active, and their policies not retired).
    public var activeCases: [Case] { cases.filter { $0.status == .active } }
    /// Translations of authored questions (`translation_of:`), by the original's id: never
    /// drawn themselves; the player shows one in place of its original (`translation(of:in:)`).
    public var questionTranslations: [String: [Question]] = [:]

    /// Questions that may be drawn.
    public var activeQuestions: [Question] { questions.filter { $0.status == .active } }

    /// The blueprint with this id.
    public func blueprint(_ id: String) -> Blueprint? { blueprints.first { $0.id == id } }
    /// The path with this id.
    public func path(_ id: String) -> LearningPath? { paths.first { $0.id == id } }
    /// The case with this id.
    public func `case`(_ id: String) -> Case? { cases.first { $0.id == id } }

    /// The translation of question `id` into `language` (`th` serves `th-TH`) that is current
    /// (its `source_version` is the original's `version`) and active; nil when there is none,
    /// when it is out of date, or when the original is already in that language.
    public func translation(of id: String, in language: String) -> Question? {
        let lang = Messages.normalized(language), base = lang.split(separator: "-").first.map(String.init) ?? lang
        guard let translations = questionTranslations[id], let original = questions.first(where: { $0.id == id }) else { return nil }
        let originalLang = Messages.normalized(original.lang)
        guard originalLang != lang, originalLang != base else { return nil }
        let candidates = translations.filter { $0.status == .active && $0.sourceVersion == original.authoredVersion }
        return candidates.first { Messages.normalized($0.lang) == lang } ?? candidates.first { Messages.normalized($0.lang) == base }
    }

    /// A fingerprint of every item's version: stored with attempts so they can be re-created.
    public var contentVersion: String {
        var f = Fingerprint()
        for c in cases.sorted(by: { $0.id < $1.id }) { f.add(c.id); f.add(c.version) }
        for q in questions.sorted(by: { $0.id < $1.id }) { f.add(q.id); f.add(q.version) }
        return String(f.value, radix: 16)
    }
}

extension QuizBank {
    /// Reads and checks the bank. Problems are reported in `diagnostics`, never thrown,
    /// except when the folder cannot be read at all.
    ///
    /// `history` tells what each SOP version changed, section by section: an item citing a
    /// section changed after its `reviewed:` date needs review, and a cited anchor or code
    /// that a version removed is an error naming that version. Without it (or without a git
    /// repository) an item needs review when its SOP's change log has a later entry.
    public static func load(quizzes: String, handbook: Handbook, history: (any SectionChangeSource)? = nil) throws(HandbookError) -> QuizBank {
        var diagnostics: [Diagnostic] = []
        var actions: [Action] = []
        var actionPages: [String] = []
        for page in handbook.pages where !page.meta.actions.isEmpty {
            actionPages.append(page.path)
            if actions.isEmpty { actions = page.meta.actions.map { Action(id: $0.id, label: $0.label, description: $0.description, labels: $0.labels) } }
        }
        if actionPages.count > 1 {
            diagnostics.append(Diagnostic(.error, file: actionPages[1], "the action list is defined in \(actionPages[0]) already; define it in one place"))
        }
        var bank = QuizBank(cases: [], questions: [], blueprints: [], actions: actions, diagnostics: [], directory: quizzes)
        guard FileManager.default.fileExists(atPath: quizzes) else {
            bank.diagnostics = diagnostics
            return bank
        }
        let (files, scan) = try ContentTree.scan(quizzes)
        diagnostics += scan
        let context = Resolution(handbook: handbook, actions: Set(actions.map(\.id)))
        // Parse on all cores (a bank of thousands of cases), then register ids in file order.
        enum Parsed: Sendable { case item(Case), question(Question), blueprint(Blueprint), path(LearningPath), unreadable([Diagnostic]), none }
        let parsed = parallelMap(files) { file -> (Parsed, [Diagnostic]) in
            // Media files (images, clips) are not read here: `casebook check` verifies them.
            if file.path.contains("/media/") { return (.none, []) }
            let bytes: [UInt8]
            do throws(HandbookError) { bytes = try ContentTree.read(file.absolutePath) } catch { return (.unreadable(error.diagnostics), []) }
            let top = file.path.split(separator: "/").first.map(String.init) ?? ""
            var local: [Diagnostic] = []
            var result = Parsed.none
            switch (top, file.kind) {
            case ("cases", .markdown):
                if let c = ItemParser.parseCase(bytes, file: file.path, context: context, diagnostics: &local) { result = .item(c) }
            case ("questions", .markdown):
                if let q = ItemParser.parseQuestion(bytes, file: file.path, context: context, diagnostics: &local) { result = .question(q) }
            case ("blueprints", _) where file.path.hasSuffix(".yml") || file.path.hasSuffix(".yaml"):
                if let b = ItemParser.parseBlueprint(bytes, file: file.path, diagnostics: &local) { result = .blueprint(b) }
            case ("paths", _) where file.path.hasSuffix(".yml") || file.path.hasSuffix(".yaml"):
                if let p = ItemParser.parsePath(bytes, file: file.path, diagnostics: &local) { result = .path(p) }
            default:
                break // media, imports and notes are not items
            }
            return (result, local)
        }
        var ids: [String: String] = [:]
        for (file, (item, parseDiagnostics)) in zip(files, parsed) {
            var local = parseDiagnostics
            switch item {
            case .item(let c):
                register(c.id, file.path, &ids, &local)
                bank.cases.append(c)
            case .question(let q):
                register(q.id, file.path, &ids, &local)
                bank.questions.append(q)
            case .blueprint(let b):
                bank.blueprints.append(b)
            case .path(let p):
                bank.paths.append(p)
            case .unreadable(let problems):
                diagnostics += problems
            case .none:
                break
            }
            diagnostics += local.map { var d = $0; d.file = "Quizzes/" + d.file; return d }
        }
        // Only a bank with items needs the action list: a handbook-only folder builds without one.
        if actions.isEmpty, !(bank.cases.isEmpty && bank.questions.isEmpty && bank.blueprints.isEmpty) {
            diagnostics.append(Diagnostic(.error, file: "Content", "no action list found: the quiz bank in \(quizzes) needs one; add an 'actions:' list (id, label, description) to the front matter of one SOP, e.g. Content/enforcement-actions.md"))
        }
        bank.cases.sort { $0.id < $1.id }
        bank.questions.sort { $0.id < $1.id }
        diagnostics += separateTranslations(&bank)
        bank.blueprints.sort { $0.id < $1.id }
        var blueprintIDs: [String: String] = [:]
        for b in bank.blueprints {
            if let other = blueprintIDs[b.id] {
                diagnostics.append(Diagnostic(.error, file: "Quizzes/" + b.file, "duplicate blueprint id '\(b.id)' (also in Quizzes/\(other))"))
            }
            blueprintIDs[b.id] = b.file
            if b.id.hasPrefix("campaign-") {
                diagnostics.append(Diagnostic(.error, file: "Quizzes/" + b.file, "blueprint id '\(b.id)' starts with 'campaign-', which names campaigns' update quizzes; give it another id"))
            } else if b.id.hasPrefix("retrain-") {
                diagnostics.append(Diagnostic(.error, file: "Quizzes/" + b.file, "blueprint id '\(b.id)' starts with 'retrain-', which names retraining quizzes (casebook retrain); give it another id"))
            }
            for id in b.cases where bank.case(id) == nil {
                diagnostics.append(Diagnostic(.error, file: "Quizzes/" + b.file, "blueprint lists case '\(id)', which is not in the bank"))
            }
        }
        bank.paths.sort { $0.id < $1.id }
        diagnostics += checkPaths(bank.paths, blueprints: bank.blueprints, handbook: handbook)
        var review = ReviewCheck(handbook: handbook, source: history, readAt: Int64(Date().timeIntervalSince1970))
        let checked = try review.run(reviewItems(bank))
        bank.reviewReasons = checked.reasons
        diagnostics += checked.diagnostics
        if !checked.rewrites.isEmpty {
            for i in diagnostics.indices {
                if let better = checked.rewrites[diagnostics[i].file]?[diagnostics[i].message] { diagnostics[i].message = better }
            }
        }
        do throws(ItemCalibrationFile.ReadError) {
            bank.calibration = try ItemCalibrationFile.read(quizzes + "/" + ItemCalibrationFile.name, shownAs: "Quizzes/" + ItemCalibrationFile.name)
        } catch {
            diagnostics.append(Diagnostic(.error, file: error.file, line: error.line, error.message))
        }
        let published = CommonMistakes.load(quizzes: quizzes, handbook: handbook)
        bank.mistakes = published.mistakes
        diagnostics += published.diagnostics
        bank.diagnostics = diagnostics.sortedForDisplay()
        return bank
    }

    /// Moves translations out of `questions` into `questionTranslations`, checking that each
    /// translates a question of the bank and keeps its type, its number of options and its key
    /// (the learner's answer is graded against the original's). An out-of-date one is a warning.
    static func separateTranslations(_ bank: inout QuizBank) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let originals = Dictionary(bank.questions.filter { $0.translationOf.isEmpty }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var seen: [String: String] = [:]
        for t in bank.questions where !t.translationOf.isEmpty {
            let file = "Quizzes/" + t.file
            guard let original = originals[t.translationOf] else {
                diagnostics.append(Diagnostic(.error, file: file, line: 2, "translation_of '\(t.translationOf)' is not the id of a question in the bank (a translation translates an original question, not another translation)"))
                continue
            }
            if t.type != original.type {
                diagnostics.append(Diagnostic(.error, file: file, line: 2, "the translation is a '\(t.type.rawValue)' question but '\(original.id)' is '\(original.type.rawValue)'; keep the original's type"))
            } else if t.options.count != original.options.count || t.correct != original.correct {
                diagnostics.append(Diagnostic(.error, file: file, line: 2, "the translation has \(t.options.count) options with \(t.correct.sorted().map { String($0 + 1) }.joined(separator: ", ")) marked [x], but '\(original.id)' has \(original.options.count) with \(original.correct.sorted().map { String($0 + 1) }.joined(separator: ", ")); translate the options in the same order and mark the same ones"))
            } else if Messages.normalized(t.lang) == Messages.normalized(original.lang) {
                diagnostics.append(Diagnostic(.error, file: file, line: 2, "the translation is in '\(t.lang)', the language of '\(original.id)' itself; set lang: to the language it is written in"))
            } else if let other = seen[original.id + "\u{0}" + Messages.normalized(t.lang)] {
                diagnostics.append(Diagnostic(.error, file: file, line: 2, "'\(original.id)' already has a '\(t.lang)' translation in Quizzes/\(other); keep one per language"))
            } else {
                seen[original.id + "\u{0}" + Messages.normalized(t.lang)] = t.file
                if !t.sourceVersion.isEmpty, t.sourceVersion != original.authoredVersion {
                    diagnostics.append(Diagnostic(.warning, file: file, line: 2, "the translation is of version \(t.sourceVersion) of '\(original.id)', which is now at version \(original.authoredVersion); learners reading \(t.lang) see the original until it is updated (then set source_version: \(original.authoredVersion))"))
                }
                bank.questionTranslations[original.id, default: []].append(t)
            }
        }
        bank.questions.removeAll { !$0.translationOf.isEmpty }
        return diagnostics
    }

    private static func register(_ id: String, _ file: String, _ ids: inout [String: String], _ diagnostics: inout [Diagnostic]) {
        if let other = ids[id] {
            diagnostics.append(Diagnostic(.error, file: file, line: 2, "duplicate id '\(id)' (also used by Quizzes/\(other)); every case and question needs its own id"))
        } else {
            ids[id] = file
        }
    }

    /// The cases and questions as the review check sees them.
    static func reviewItems(_ bank: QuizBank) -> [ReviewCheck.Item] {
        bank.cases.map {
            ReviewCheck.Item(id: $0.id, noun: "case", file: $0.file, refs: $0.sop.pageID.isEmpty ? [] : [$0.sop], codes: $0.codes,
                             reviewed: $0.reviewed, active: $0.status == .active, check: "the gold decision")
        } + bank.questions.map {
            ReviewCheck.Item(id: $0.id, noun: "question", file: $0.file, refs: $0.sops, codes: $0.codes,
                             reviewed: $0.reviewed, active: $0.status == .active, check: "the answer key")
        }
    }
}

/// What items are resolved against.
struct Resolution {
    var handbook: Handbook
    var actions: Set<String>

    func check(_ ref: String, file: String, node: YAMLNode, diagnostics: inout [Diagnostic]) -> SectionRef? {
        guard let r = SectionRef(ref) else {
            diagnostics.append(Diagnostic(.error, file: file, line: node.line, column: node.column, "'\(ref)' is not an SOP section reference; write sop-id#anchor, e.g. counterfeit-and-ip#ip-01"))
            return nil
        }
        guard let page = handbook.page(id: r.pageID) else {
            diagnostics.append(Diagnostic(.error, file: file, line: node.line, column: node.column, "no SOP with id '\(r.pageID)' in the handbook"))
            return nil
        }
        if !page.sections.contains(where: { $0.anchor == r.anchor }) {
            var missing = Diagnostic(.error, file: file, line: node.line, column: node.column, Self.missingSectionMessage(r, page: page))
            if handbook.unloadedPages.contains(page.path) { missing.followsFrom = page.path }
            diagnostics.append(missing)
        }
        if page.meta.status == .retired {
            diagnostics.append(Diagnostic(.warning, file: file, line: node.line, column: node.column, "\(r.pageID) is retired; the item is not drawn"))
        }
        return r
    }

    func checkCode(_ code: String, file: String, node: YAMLNode, diagnostics: inout [Diagnostic]) {
        if handbook.codes[code] == nil {
            var unknown = Diagnostic(.error, file: file, line: node.line, column: node.column, Self.unknownCodeMessage(code))
            // A page that did not load may be the one defining it.
            unknown.followsFrom = handbook.unloadedPages.min()
            diagnostics.append(unknown)
        }
    }

    /// The error for a reference to an anchor its page does not have (the review check
    /// replaces it when the SOP history tells which version removed the anchor).
    static func missingSectionMessage(_ r: SectionRef, page: PageSummary) -> String {
        let close = page.sections.map(\.anchor).filter { $0.contains(r.anchor) || r.anchor.contains($0) }.first
        return "\(r.pageID) has no section '#\(r.anchor)'\(close.map { "; did you mean '#\($0)'?" } ?? "")"
    }

    /// The error for a policy code the handbook does not define (replaced likewise).
    static func unknownCodeMessage(_ code: String) -> String {
        "unknown policy code '\(code)'; see codes/index.html for the codes the handbook defines"
    }
}
