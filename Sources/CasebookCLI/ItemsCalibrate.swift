import CivilDate
import Foundation
import Handbook
import Learning
import Quiz
import Records

/// `casebook items calibrate`: Rasch (1PL) item difficulties from the records, anchored to the
/// previous calibration kept in the bank (`Quizzes/calibration.yml`).
enum ItemsCalibrate {
    static let date = OptionSpec.value("--date", "YYYY-MM-DD", help: "The date written in the calibration file (default: today, UTC)")
    static let output = OptionSpec.value("--output", "PATH", help: "Where the calibration is read from and written (default: calibration.yml in the quiz folder)")

    static var spec: CommandSpec {
        CommandSpec(name: "calibrate", summary: "Calibrates item difficulties (Rasch) from first answers, anchored to the previous calibration.",
                    options: [date, output, DataOptions.db, DataOptions.content, DataOptions.quizzes],
                    discussion: """
                    Fits a Rasch (1PL) model by joint maximum likelihood to each learner's first answer to each \
                    item (a case counts as right when every question on it was right). The scale is shifted so the \
                    items estimated in both keep their mean difficulty from the previous calibration (at least \
                    \(RaschCalibration.minimumCommonItems) common items; otherwise the mean difficulty is 0), then the \
                    file is rewritten with the date and counts.
                    """.replacingOccurrences(of: "\n", with: " "),
                    exitStatus: "0 calibration written, 1 database, content or calibration file error, 2 usage error.",
                    run: { args, console throws(UsageError) in try run(args, console: console) })
    }

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        var day = Timestamp.iso(Date()).prefix(10).description
        if let d = args.value(date) {
            guard CivilDate(iso: d) != nil, d.count == 10 else { throw UsageError(message: "--date must be a date written YYYY-MM-DD") }
            day = d
        }
        let quizzes = args.quizzes
        let path = args.value(output) ?? quizzes + "/calibration.yml"
        let db = args.db
        guard DataPaths.exists(db) else {
            console.err("casebook: \(db): no records database yet; answers are recorded by 'casebook quiz' and 'casebook serve' (or pass --db PATH)\n")
            return ExitCode.contentErrors
        }
        guard let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
        guard let (_, bank) = DataPaths.loadBank(content: args.content, quizzes: quizzes, purpose: "calibrating items", console: console) else {
            return ExitCode.contentErrors
        }
        let previous: Previous?
        do { previous = try read(path) } catch { return console.fail(error.message) }
        let answers: [ItemAnswer]
        do { answers = try records.itemAnswers() } catch { return console.fail(error.message) }
        let scored = answers.map { ScoredAnswer(learner: $0.learnerID, item: $0.itemID, score: $0.score, day: LearnerMemory.day($0.answeredAt)) }
        let items = bank.activeCases.map(\.id) + bank.activeQuestions.map(\.id)
        let calibration = calibrateRasch(scored, items: items, previous: previous?.difficulties ?? [:])
        let text = render(calibration, date: day, answers: answers.count)
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            return console.fail("\(path): cannot write the calibration: \(error.localizedDescription)")
        }
        console.out(summary(calibration, previous: previous, path: path, answers: answers.count))
        return ExitCode.success
    }

    /// The previous calibration: estimated difficulties and its date.
    struct Previous {
        var date: String
        var difficulties: [String: Double]
    }

    struct FileError: Error { var message: String }

    /// Reads a calibration file (nil when there is none): the one reader, `ItemCalibrationFile`.
    static func read(_ path: String) throws(FileError) -> Previous? {
        do {
            guard let file = try ItemCalibrationFile.read(path) else { return nil }
            return Previous(date: file.date, difficulties: file.difficulties.filter { file.estimated.contains($0.key) })
        } catch {
            throw FileError(message: error.line > 0 ? "\(error.file):\(error.line): \(error.message)" : "\(error.file): \(error.message)")
        }
    }

    static func number(_ x: Double) -> String {
        let s = String(format: "%.4f", x)
        return s == "-0.0000" ? "0.0000" : s
    }

    static func counts(_ c: RaschCalibration) -> (estimated: Int, allRight: Int, allWrong: Int, unanswered: Int) {
        (c.items.filter { $0.status == .estimated }.count, c.items.filter { $0.status == .allCorrect }.count,
         c.items.filter { $0.status == .allWrong }.count, c.items.filter { $0.status == .unanswered }.count)
    }

    /// The calibration file: same calibration, same bytes.
    static func render(_ c: RaschCalibration, date: String, answers: Int) -> String {
        let n = counts(c)
        var out = """
        # Rasch (1PL) item difficulties in logits, from each learner's first answer to each item.
        # Written by 'casebook items calibrate'; the next run anchors its scale to the estimated items.
        date: \(date)
        learners: \(c.learners)
        answers: \(answers)
        items_estimated: \(n.estimated)
        items_all_right: \(n.allRight)
        items_all_wrong: \(n.allWrong)
        items_unanswered: \(n.unanswered)

        """
        switch c.anchor {
        case .meanZero: out += "anchor: mean-zero\n"
        case .previous(let common, let shift): out += "anchor: previous\ncommon_items: \(common)\nshift: \(number(shift))\n"
        }
        out += "converged: \(c.converged)\nitems:\n"
        for item in c.items {
            var fields: [String] = []
            if let d = item.difficulty { fields.append("difficulty: \(number(d))") }
            if let se = item.standardError { fields.append("se: \(number(se))") }
            fields += ["answers: \(item.answers)", "correct: \(item.correct)", "status: \(item.status.rawValue)"]
            out += "  \(item.item): {\(fields.joined(separator: ", "))}\n"
        }
        return out
    }

    static func summary(_ c: RaschCalibration, previous: Previous?, path: String, answers: Int) -> String {
        let n = counts(c)
        var out = "Rasch calibration of \(c.items.count) items from \(c.learners) learners' first answers (\(answers) item answers in the records)\n"
        switch c.anchor {
        case .previous(let common, let shift):
            out += "Scale: anchored to the previous calibration (\(previous?.date ?? "")): \(common) common items, shift \(number(shift).hasPrefix("-") ? "" : "+")\(number(shift)) logits\n"
        case .meanZero:
            if let p = previous {
                out += "Scale: mean difficulty of the estimated items is 0 (the previous calibration of \(p.date) shares fewer than \(RaschCalibration.minimumCommonItems) estimated items with this one)\n"
            } else {
                out += "Scale: mean difficulty of the estimated items is 0 (no previous calibration)\n"
            }
        }
        if !c.converged && n.estimated > 0 { out += "Warning: the estimation did not converge in \(c.iterations) rounds; the difficulties are approximate\n" }
        let rows = [("Items", "Count"), ("calibrated", "\(n.estimated)"), ("extreme: everyone right", "\(n.allRight)"),
                    ("extreme: everyone wrong", "\(n.allWrong)"), ("unanswered", "\(n.unanswered)")]
        let width = rows.map(\.0.count).max() ?? 0
        out += "\n" + rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(repeating: " ", count: max(0, 5 - $0.1.count)) + $0.1 }.joined(separator: "\n") + "\n"
        out += "\nWrote \(path)\n"
        return out
    }
}
