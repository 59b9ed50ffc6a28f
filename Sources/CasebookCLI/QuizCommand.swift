import Foundation
import Handbook
import Quiz
import Records

enum QuizCommand {
    static let learner = OptionSpec.value("--learner", "ID", help: "The learner taking the quiz (see casebook learners)", required: true)
    static let blueprint = OptionSpec.value("--blueprint", "ID", help: "The blueprint to draw the quiz from (Quizzes/blueprints)", required: true)
    static let answers = OptionSpec.value("--answers", "FILE", help: "Answer from FILE, one answer per line (# starts a comment), without a terminal")
    static let seed = OptionSpec.value("--seed", "N", help: "Draw with this seed (the attempt stores its seed either way, for audit)")

    static let spec = CommandSpec(
        name: "quiz",
        summary: "Takes a quiz in the terminal (or from an answers file); every answer is saved before the next question.",
        options: [learner, blueprint, answers, seed, DataOptions.db, DataOptions.content, DataOptions.quizzes,
                  DataOptions.site.with(help: "Built site, for links to SOP sections (default: site)")],
        discussion: """
        Takes a quiz in the terminal (works in tmux). Cases are shown as the moderator saw them; \
        answer with option numbers (2, or 1,3 for several) or option names (remove, IP-01,IP-03). \
        Practice blueprints give feedback after each answer, exams at the end. Every answer is \
        saved to the records database before the next question is shown.
        """,
        exitStatus: "0 passed, 1 failed or could not start, 2 usage error.",
        run: { args, console throws(UsageError) in try run(args, console: console) })

    static func run(_ args: ParsedArguments, console: Console, input: @escaping () -> String? = { readLine() }) throws(UsageError) -> Int32 {
        guard let learnerID = args.value(Self.learner) else { throw UsageError(message: "--learner ID is required") }
        guard let blueprintID = args.value(Self.blueprint) else { throw UsageError(message: "--blueprint ID is required") }
        let answersFile = args.value(Self.answers)
        let seedText = args.value(Self.seed)
        let db = args.db
        let content = args.content
        let site = args.site
        let quizzes = args.quizzes
        var seed = UInt64.random(in: 1...UInt64.max)
        if let seedText {
            guard let s = UInt64(seedText) else { throw UsageError(message: "--seed must be a whole number") }
            seed = s
        }

        // Answers from a file, or typed.
        var scripted: [(line: Int, text: String)]?
        if let answersFile {
            guard let text = try? String(contentsOfFile: answersFile, encoding: .utf8) else {
                console.err("casebook: cannot read \(answersFile); check the path and that it is a UTF-8 text file\n")
                return ExitCode.contentErrors
            }
            scripted = scriptedAnswers(text)
        }

        guard let (handbook, bank) = DataPaths.loadBank(content: content, quizzes: quizzes, purpose: "taking a quiz", console: console) else {
            return ExitCode.contentErrors
        }
        let unknown = "casebook: no blueprint '\(blueprintID)' in \(quizzes)/blueprints; available: \(bank.blueprints.map(\.id).joined(separator: ", "))\n"
        // A campaign's update quiz (campaign-N) or a retraining's quiz (retrain-N) is found in
        // the records, so they are opened first for those only.
        guard bank.blueprint(blueprintID) != nil || Campaign.id(ofBlueprint: blueprintID) != nil || Retraining.id(ofBlueprint: blueprintID) != nil else {
            console.err(unknown)
            return ExitCode.contentErrors
        }
        guard let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
        let lifecycle = AttemptLifecycle(records: records, bank: bank, handbook: handbook)
        let resolved: Blueprint?
        do { resolved = try lifecycle.blueprint(blueprintID) } catch {
            console.err("casebook: \(error.message)\n")
            return ExitCode.contentErrors
        }
        guard let blueprint = resolved else {
            console.err(unknown)
            return ExitCode.contentErrors
        }
        let opened: AttemptLifecycle.Started
        do {
            opened = try lifecycle.start(learnerID: learnerID, blueprintID: blueprint.id, seed: seed)
        } catch {
            console.err("casebook: \(error.message)\n")
            return ExitCode.contentErrors
        }
        let attempt = opened.attempt
        let attemptID = attempt.id
        let drawn = (items: opened.items, notes: opened.notes)

        console.out("\n\(blueprint.title)\n\(String(repeating: "=", count: min(72, blueprint.title.count)))\n")
        if !blueprint.description.isEmpty { console.out("\(blueprint.description)\n") }
        let adaptive = opened.adaptive
        let total = adaptive == nil ? drawn.items.count : blueprint.questions
        let length = adaptive == nil ? "\(total) questions" : "adaptive: up to \(total) questions, ending once your ability is measured to ±\(String(format: "%g", blueprint.targetSE)) logits"
        console.out("\(length) · \(blueprint.mode == .exam ? "exam: feedback at the end" : "\(blueprint.mode.rawValue): feedback after each answer") · pass mark \(blueprint.passMark)%\(blueprint.timeLimit > 0 ? " · \(blueprint.timeLimit) minutes" : "")\n")
        console.out("Attempt \(attemptID), seed \(seed). Answer with option numbers (1,3 for several) or names; 'q' stops and keeps your answers.\n")
        for note in drawn.notes { console.out("Note: \(note)\n") }

        let started = Date()
        var scriptIndex = 0
        var asked = 0
        while true {
            // The next question: in order, or the one the adaptive exam chose after the last answer.
            let position: Int
            if adaptive != nil {
                do throws(RecordsError) {
                    guard let next = try lifecycle.nextPosition(attempt, items: drawn.items) else { break }
                    position = next
                } catch {
                    console.err("casebook: \(error.message)\n")
                    return ExitCode.contentErrors
                }
            } else {
                guard asked < drawn.items.count else { break }
                position = asked
            }
            let item = drawn.items[position]
            if blueprint.timeLimit > 0 {
                let left = Double(blueprint.timeLimit * 60) - Date().timeIntervalSince(started)
                if left <= 0 {
                    console.out("\nTime is up: the remaining questions score 0.\n")
                    break
                }
                console.out("\n[\(Int(left) / 60) min \(Int(left) % 60) s left]")
            }
            console.out("\n\nQuestion \(asked + 1) \(adaptive == nil ? "of" : "of at most") \(total)\n")
            if let caseID = item.caseID, let c = bank.case(caseID) {
                show(c, console: console, interactive: scripted == nil, input: input)
            }
            if let note = item.reviewNote { console.out("\nNote: \(note)\n") }
            console.out("\n\(item.prompt)\n")
            for (i, option) in item.options.enumerated() { console.out("  \(i + 1). \(option)\n") }
            var chosen: Set<Int>?
            while chosen == nil {
                let raw: String
                if scripted != nil {
                    guard scriptIndex < scripted!.count else {
                        console.err("casebook: \(answersFile ?? "answers"): ran out of answers at question \(asked + 1); the attempt stays open with \(asked) answers saved\n")
                        return ExitCode.contentErrors
                    }
                    raw = scripted![scriptIndex].text
                    console.out("> \(raw)\n")
                } else {
                    console.out(item.multiple ? "Your answers (e.g. 1,3): " : "Your answer: ")
                    guard let line = input() else {
                        console.err("\ncasebook: input ended; the attempt stays open with \(asked) answers saved\n")
                        return ExitCode.contentErrors
                    }
                    raw = line
                }
                if raw.lowercased() == "q" {
                    console.out("Stopped. \(asked) answers are saved in attempt \(attemptID).\n")
                    return ExitCode.contentErrors
                }
                switch parseAnswer(raw, item: item) {
                case .success(let set):
                    chosen = set
                    if scripted != nil { scriptIndex += 1 }
                case .failure(let message):
                    if scripted != nil {
                        console.err("casebook: \(answersFile ?? "answers"):\(scripted![scriptIndex].line): \(message)\n")
                        return ExitCode.contentErrors
                    }
                    console.out("\(message). Try again.\n")
                }
            }
            let answered: AttemptLifecycle.Answered
            do throws(RecordsError) {
                answered = try lifecycle.answer(attempt, items: drawn.items, position: position, chosen: chosen!.sorted())
            } catch {
                console.err("casebook: your answer could not be saved: \(error.message)\n")
                return ExitCode.contentErrors
            }
            if blueprint.mode.feedbackAfterEachAnswer { feedback(answered.graded, site: site, console: console, note: item.reviewNote) }
            asked += 1
        }
        let finished: AttemptLifecycle.Finished
        do throws(RecordsError) { finished = try lifecycle.finish(attempt, items: drawn.items) } catch {
            console.err("casebook: \(error.message)\n")
            return ExitCode.contentErrors
        }
        let summary = finished.result
        if blueprint.mode == .exam {
            console.out("\n\nAnswers\n-------\n")
            for (k, q) in finished.review.enumerated() {
                console.out("\n\(adaptive == nil ? q.position + 1 : k + 1). \(q.item.prompt)\n")
                if !q.answered { console.out("Not answered.\n") }
                feedback(q.graded, site: site, console: console, note: q.item.reviewNote)
            }
        }
        if let outcome = finished.adaptive {
            let ended = outcome.stop.map { $0 == .targetSE ? "the ability was measured precisely enough" : $0 == .maxQuestions ? "the most questions were asked" : "no eligible question was left" } ?? "it was stopped before its end"
            console.out("\n\nResult: ability \(String(format: "%.2f", outcome.theta)) ± \(String(format: "%.2f", outcome.standardError)) logits after \(outcome.questions) questions (\(ended)); pass mark \(blueprint.passMark)% = ability \(String(format: "%.2f", outcome.passTheta)) · \(summary.passed ? "PASSED" : "NOT PASSED")\n")
            console.out("Right: \(String(format: "%.1f", summary.percent))% (\(String(format: "%g", summary.points)) of \(summary.possible)); an adaptive exam asks harder questions as you answer right, so the percent is not the pass mark's measure\n")
        } else {
            console.out("\n\nResult: \(String(format: "%.1f", summary.percent))% (\(String(format: "%g", summary.points)) of \(summary.possible)) · \(summary.passed ? "PASSED" : "NOT PASSED") (pass mark \(blueprint.passMark)%)\n")
        }
        let weak = summary.bySection.filter { $0.value.points < Double($0.value.count) }.sorted { $0.key < $1.key }
        if !weak.isEmpty {
            console.out("\nSOP sections to review:\n")
            for (section, v) in weak {
                console.out("  \(link(section, site: site))  (\(String(format: "%g", v.points))/\(v.count))\n")
            }
        }
        let codes = summary.byCode.sorted { $0.key < $1.key }
        if !codes.isEmpty {
            console.out("\nBy policy code: " + codes.map { "\($0.key) \(String(format: "%g", $0.value.points))/\($0.value.count)" }.joined(separator: ", ") + "\n")
        }
        return summary.passed ? ExitCode.success : ExitCode.contentErrors
    }

    /// The lines of an answers file, whether they end in LF or CRLF (Swift's `Character`
    /// treats "\r\n" as one character, so splitting on "\n" alone finds no line break).
    static func lines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    }

    /// The answers of an answers file with their 1-based line numbers: each line trimmed,
    /// blank lines and lines starting with '#' skipped.
    static func scriptedAnswers(_ text: String) -> [(line: Int, text: String)] {
        lines(text).enumerated().compactMap { i, l in
            let t = l.trimmingCharacters(in: .whitespaces)
            return t.isEmpty || t.hasPrefix("#") ? nil : (i + 1, t)
        }
    }

    /// Shows a case as text. Sensitive cases are announced and shown only on request.
    static func show(_ c: Case, console: Console, interactive: Bool, input: () -> String?) {
        let noun = c.type == "live-stream" ? "Live stream" : c.type.prefix(1).uppercased() + c.type.dropFirst()
        console.out("\(noun) · \(c.market)\(c.price.isEmpty ? "" : " · \(c.price)") · \(c.source)\n")
        if c.sensitive {
            console.out("Content warning: this case contains distressing material.\n")
            if interactive {
                console.out("Press Enter to show it, or type 'skip' to answer without the details: ")
                if input()?.lowercased() == "skip" { return }
            }
        }
        console.out("\n  \(c.title)\n")
        for s in c.sections {
            console.out("\n  [\(s.title)]\n")
            for line in s.text.split(separator: "\n", omittingEmptySubsequences: false) { console.out("  \(line)\n") }
        }
        for m in c.media { console.out("\n  [media: \(m.alt)]\n") }
    }

    static func feedback(_ r: GradedResponse, site: String, console: Console, note: String? = nil) {
        let verdict = r.correct ? "Correct." : (r.score > 0 ? "Partly correct (\(String(format: "%.0f", r.score * 100))%)." : "Not correct.")
        console.out("\n\(verdict) Answer: \(r.correctOptions.joined(separator: "; "))\n")
        if !r.explanation.isEmpty { console.out("Why: \(r.explanation)\n") }
        if let note { console.out("Note: \(note)\n") }
        for s in r.sections { console.out("SOP: \(link(s.description, site: site))\n") }
    }

    static func link(_ ref: String, site: String) -> String {
        guard let r = SectionRef(ref) else { return ref }
        return "\(site)/sop/\(r.pageID).html#\(r.anchor)"
    }

    /// Reads "2", "1,3", "1 3", or option keys/labels ("remove", "IP-01,IP-03").
    static func parseAnswer(_ raw: String, item: QuizItem) -> Result<Set<Int>, AnswerError> {
        let parts = raw.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { return .failure(AnswerError("Type an option number")) }
        var chosen = Set<Int>()
        for p in parts {
            if let n = Int(p) {
                guard n >= 1 && n <= item.options.count else { return .failure(AnswerError("'\(p)' is not an option; choose 1 to \(item.options.count)")) }
                chosen.insert(n - 1)
            } else if let i = item.optionKeys.firstIndex(where: { $0.lowercased() == p.lowercased() }) ?? item.options.firstIndex(where: { $0.lowercased() == p.lowercased() }) {
                chosen.insert(i)
            } else {
                return .failure(AnswerError("'\(p)' is not one of the options"))
            }
        }
        if !item.multiple && chosen.count > 1 { return .failure(AnswerError("Choose one option only")) }
        return .success(chosen)
    }

    struct AnswerError: Error { var message: String; init(_ m: String) { message = m } }
}

extension QuizCommand.AnswerError: CustomStringConvertible { var description: String { message } }
