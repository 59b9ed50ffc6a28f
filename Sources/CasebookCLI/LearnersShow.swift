import CivilDate
import Foundation
import Handbook
import Insights
import Learning
import Quiz
import Records

/// `casebook learners show ID`: per SOP section, the learner's mastery, predicted recall and
/// due items.
enum LearnersShow {
    static let format = OptionSpec.value("--format", "table|json", help: "Output format (default: table)")
    static let date = OptionSpec.value("--date", "YYYY-MM-DD",
                                       help: "Predict recall at the end of this day (UTC) instead of now, from the answers before then")

    static var spec: CommandSpec {
        CommandSpec(name: "show", summary: "Shows a learner's mastery, predicted recall and due items per SOP section, paths, certificates and open tasks.",
                    positionals: [LearnersCommand.id],
                    options: [format, date, ReportCommand.lang, DataOptions.content, DataOptions.quizzes, DataOptions.db])
    }

    /// One row: a section the learner answered.
    struct Row {
        var ref: String
        var title: String
        var mastery: SectionMastery?
        var recall: SectionRecall?
    }

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        guard let id = args.positional(LearnersCommand.id) else { throw UsageError(message: "give the learner's id: casebook learners show ID") }
        let formatName = args.value(format) ?? "table"
        guard formatName == "table" || formatName == "json" else { throw UsageError(message: "--format must be table or json") }
        let text = try CLIText(args)
        var when = Date()
        var filter = ReportFilter()
        if let d = args.value(date) {
            guard let day = CivilDate(iso: d), d.count == 10 else { throw UsageError(message: "--date must be a date written YYYY-MM-DD") }
            when = Date(timeIntervalSince1970: Double(day.days + 1) * 86_400)
            filter.until = CivilDate(days: day.days + 1).iso
        }
        let db = args.db
        guard DataPaths.exists(db) else {
            console.err("casebook: \(db): no records database yet; answers are recorded by 'casebook quiz' and 'casebook serve' (or pass --db PATH)\n")
            return ExitCode.contentErrors
        }
        guard let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
        let learner: Learner
        do {
            guard let found = try records.learner(id) else {
                return console.fail("no learner '\(id)'; see the learners with: casebook learners list")
            }
            learner = found
        } catch {
            return console.fail(error.message)
        }
        guard let (handbook, bank) = DataPaths.loadBank(content: args.content, quizzes: args.quizzes, purpose: "showing a learner", console: console) else {
            return ExitCode.contentErrors
        }
        let before = Timestamp.iso(when, milliseconds: true)
        let catalog = Catalog(handbook: handbook, bank: bank)
        let memory: LearnerMemory
        let mastery: [SectionMastery]
        let assignments: Assignments
        do {
            assignments = Assignments(paths: try records.pathProgress(learnerID: id), certificates: try records.certificates(learnerID: id, current: true),
                                      openTasks: try records.openTasks(learnerID: id), acknowledgements: try records.acknowledgements(learnerID: id))
            let evidence = try Evidence.load(records: records, catalog: catalog, filter: filter)
            mastery = GapReport.mastery(of: id, evidence, contests: try records.openContests(admittedBy: filter))
            memory = try LearnerMemory(records: records, before: before)
        } catch {
            return console.fail(error.message)
        }
        let sectionOf = sectionMap(catalog)
        let day = LearnerStates.day(when)
        let target = ReviewRequest.defaultTarget
        let recall = memory.states.sections(of: id, sectionOf: sectionOf, on: day, target: target)
        let titles = Dictionary(catalog.sections.map { ($0.ref, $0.title) }, uniquingKeysWith: { a, _ in a })
        var rows: [String: Row] = [:]
        for m in mastery { rows[m.ref, default: Row(ref: m.ref, title: m.title)].mastery = m }
        for r in recall { rows[r.section, default: Row(ref: r.section, title: titles[r.section] ?? "")].recall = r }
        // Most forgotten first; sections without a recall prediction last; then by ref.
        let ordered = rows.values.sorted { a, b in
            let ra = a.recall?.meanRecall ?? 2, rb = b.recall?.meanRecall ?? 2
            return ra != rb ? ra < rb : a.ref < b.ref
        }
        let due = recall.reduce(0) { $0 + $1.dueItems }
        let dateText = String(Timestamp.iso(when).prefix(10))
        if formatName == "json" {
            console.out(json(learner, ordered, memory: memory, date: args.value(date) ?? dateText, target: target, due: due, assignments: assignments))
        } else {
            console.out(table(learner, ordered, memory: memory, date: args.value(date) ?? dateText, target: target, due: due, text: text)
                        + assignments.table(today: args.value(date) ?? dateText, text: text))
        }
        return ExitCode.success
    }

    /// Item id -> the ref of its primary section.
    static func sectionMap(_ catalog: Catalog) -> [String: String] {
        var out: [String: String] = [:]
        for q in catalog.questions where out[q.itemID] == nil {
            if let s = q.sections.first { out[q.itemID] = catalog.sections[s].ref }
        }
        return out
    }

    static func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }

    static func table(_ l: Learner, _ rows: [Row], memory: LearnerMemory, date: String, target: Double, due: Int, text: CLIText = CLIText(language: nil)) -> String {
        func percent(_ x: Double) -> String { text.percent(x, digits: 0, english: Self.percent(x)) }
        let details = [l.name] + (l.team.isEmpty ? [] : [text("cli.learner.team", "team {team}", ["team": l.team])]) + (l.market.isEmpty ? [] : [l.market])
        var out = text("cli.learner.heading", "Learner {id} ({details})", ["id": l.id, "details": details.joined(separator: ", ")]) + "\n"
        var model = memory.modelDescription
        if text.language != nil && memory.fit.fitted {
            model = text("cli.learner.model_fitted", "FSRS-5 fitted to this organisation's {reviews} reviews (answers after a first answer to the same item)", ["reviews": text.count(memory.fit.reviews)])
        } else if text.language != nil {
            model = text("cli.learner.model_default", "FSRS-5 default parameters ({reviews} reviews in the records, answers after a first answer to the same item; fitting needs {minimum})",
                         ["reviews": text.count(memory.fit.reviews), "minimum": text.count(FSRSFitter.minimumReviews)])
        }
        out += text("cli.learner.model", "Memory model: {model}", ["model": model]) + "\n"
        out += text("cli.learner.predicted", "Predicted recall at the end of {date} (UTC); an item is due when its recall is below {target}.",
                    ["date": text.date(date), "target": percent(target)]) + "\n\n"
        guard !rows.isEmpty else { return out + text("cli.learner.no_answers", "No answers yet: nothing to show.") + "\n" }
        var cells = [text.language == nil ? ["Section", "Mastery", "Cases right", "Recall", "Items", "Due"] : text.headings(["SECTION", "MASTERY", "CASES RIGHT", "RECALL", "ITEMS", "DUE"])]
        for r in rows {
            cells.append([r.ref,
                          r.mastery.map { percent($0.mastery) } ?? "-",
                          r.mastery.map { "\(text.count($0.correct))/\(text.count($0.answered))" } ?? "-",
                          r.recall.map { percent($0.meanRecall) } ?? "-",
                          r.recall.map { text.count($0.seenItems) } ?? "-",
                          r.recall.map { text.count($0.dueItems) } ?? "-"])
        }
        let widths = (0..<cells[0].count).map { c in cells.map { $0[c].count }.max() ?? 0 }
        for row in cells {
            out += row.enumerated().map { c, text in
                c == 0 ? text.padding(toLength: widths[c], withPad: " ", startingAt: 0) : String(repeating: " ", count: widths[c] - text.count) + text
            }.joined(separator: "  ") + "\n"
        }
        out += "\n" + text("cli.learner.due", "Due items: {count}", ["count": text.count(due)])
            + (due > 0 ? " " + text("cli.learner.take_review", "(take a review blueprint, e.g. casebook quiz --learner {id} --blueprint five-minute-review)", ["id": l.id]) : "") + "\n"
        return out
    }

    static func rounded(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }

    static func json(_ l: Learner, _ rows: [Row], memory: LearnerMemory, date: String, target: Double, due: Int, assignments: Assignments) -> String {
        var sections: [[String: Any]] = []
        for r in rows {
            var s: [String: Any] = ["ref": r.ref, "title": r.title]
            if let m = r.mastery {
                s["mastery"] = rounded(m.mastery); s["cases_right"] = m.correct; s["cases_answered"] = m.answered
                s["probability_below_target"] = rounded(m.probabilityBelowTarget)
            }
            if let c = r.recall { s["recall"] = rounded(c.meanRecall); s["items_seen"] = c.seenItems; s["items_due"] = c.dueItems }
            sections.append(s)
        }
        var object: [String: Any] = [
            "learner": ["id": l.id, "name": l.name, "team": l.team, "vendor": l.vendor, "market": l.market, "start": l.startDate],
            "date": date,
            "target_recall": target,
            "model": ["name": "FSRS-5", "fitted": memory.fitted, "reviews": memory.fit.reviews, "minimum_reviews_to_fit": FSRSFitter.minimumReviews],
            "sections": sections,
            "due_items": due,
        ]
        for (key, value) in assignments.json(today: date) { object[key] = value }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

extension LearnersShow {
    /// A learner's paths, current certificates, acknowledged SOP versions and open tasks.
    struct Assignments {
        var paths: [PathProgress]
        var certificates: [CertificateRecord]
        var openTasks: [TaskRecord]
        var acknowledgements: [Acknowledgement]

        /// What a task asks, in a few words.
        static func describe(_ t: TaskTarget) -> String {
            switch t {
            case .acknowledge(let sop, let version): return "acknowledge \(sop) \(version)"
            case .passBlueprint(let b): return "pass \(b)"
            case .takePart(let b): return "take part in \(b)"
            case .reviewItems(let ids): return "review \(ids.joined(separator: ", "))"
            }
        }

        /// What a task asks, in the reader's language.
        static func describe(_ t: TaskTarget, _ text: CLIText) -> String {
            guard text.language != nil else { return describe(t) }
            switch t {
            case .acknowledge(let sop, let version): return text("cli.learner.task.acknowledge", "acknowledge {sop} {version}", ["sop": sop, "version": version])
            case .passBlueprint(let b): return text("cli.learner.task.pass", "pass {quiz}", ["quiz": b])
            case .takePart(let b): return text("cli.learner.task.take_part", "take part in {quiz}", ["quiz": b])
            case .reviewItems(let ids): return text("cli.learner.task.review", "review {items}", ["items": ids.joined(separator: ", ")])
            }
        }

        func table(today: String, text: CLIText = CLIText(language: nil)) -> String {
            var out = "\n" + text("cli.learner.certificates", "Certificates:")
            if certificates.isEmpty { out += " " + text("cli.learner.none", "none") + "\n" } else {
                out += "\n"
                for c in certificates {
                    let left = c.daysLeft(today: today)
                    out += "  " + text("cli.learner.certificate", "{certificate} (path {path}): granted {granted}, expires {expires}",
                                       ["certificate": c.certificate, "path": c.pathID, "granted": text.date(c.grantedAt.prefix(10)), "expires": text.date(c.expires)])
                    out += " (" + (c.isExpired(today: today) ? text("cli.learner.expired", "expired")
                        : text.plural("cli.learner.days_left", count: left, one: "{count} day left", other: "{count} days left")) + ")\n"
                }
            }
            out += "\n" + text("cli.learner.paths", "Paths:")
            if paths.isEmpty { out += " " + text("cli.learner.none_assigned", "none assigned") + "\n" } else {
                out += "\n"
                for p in paths {
                    let done = p.steps.filter { $0.state == .done }.count
                    let name = p.renews == nil ? p.pathID : text("cli.learner.recertification", "{path} recertification", ["path": p.pathID])
                    out += "  " + text.plural("cli.learner.path", count: p.steps.count, one: "{path}, started {start}: {done} of {count} step done",
                                              other: "{path}, started {start}: {done} of {count} steps done", ["path": name, "start": text.date(p.start), "done": text.count(done)])
                    if let g = p.granted {
                        out += text("cli.list.clause_separator", "; ") + text("cli.learner.granted_until", "granted {certificate} until {expires}", ["certificate": g.certificate, "expires": text.date(g.expires)])
                    } else if let n = p.next {
                        out += text("cli.list.clause_separator", "; ") + text("cli.learner.next", "next: {step}, due {due}", ["step": n.stepID, "due": text.date(n.due)])
                    }
                    out += "\n"
                    out += CampaignsCommand.table(text.headings(["    STATE", "STEP", "DUE", "NOTE"]), p.steps.map { (s: StepProgress) -> [String] in
                        var note = "-"
                        if s.state == .blocked {
                            note = text("cli.learner.after", "after {steps}", ["steps": s.blockedBy.joined(separator: ", ")])
                        } else if s.state == .done {
                            note = text("cli.learner.done_on", "done {date}", ["date": s.completedAt.map { text.date($0.prefix(10)) } ?? ""])
                        } else if s.isOverdue(today: today) {
                            note = text("cli.learner.overdue", "overdue")
                        }
                        return ["    " + text("cli.learner.state." + s.state.rawValue, s.state.rawValue), s.stepID, text.date(s.due), note]
                    })
                }
            }
            out += "\n" + text("cli.learner.acknowledged", "Acknowledged:")
            if acknowledgements.isEmpty { out += " " + text("cli.learner.nothing_yet", "nothing yet") + "\n" } else {
                out += "\n" + acknowledgements.map { "  " + text("cli.learner.acknowledged_on", "{sop} {version} on {date}", ["sop": $0.sopID, "version": $0.version, "date": text.date($0.acknowledgedAt.prefix(10))]) + "\n" }.joined()
            }
            out += "\n" + text("cli.learner.open_tasks", "Open tasks:")
            if openTasks.isEmpty { return out + " " + text("cli.learner.none", "none") + "\n" }
            return out + "\n" + CampaignsCommand.table(text.headings(["  DUE", "TASK", "SOURCE", "OVERDUE"]), openTasks.map {
                ["  " + text.date($0.due), Self.describe($0.target, text), $0.source, $0.isOverdue(today: today) ? text("cli.learner.yes_word", "yes") : text("cli.learner.no_word", "no")]
            })
        }

        func json(today: String) -> [String: Any] {
            [
                "certificates": certificates.map { c -> [String: Any] in
                    ["certificate": c.certificate, "path": c.pathID, "granted": c.grantedAt, "expires": c.expires,
                     "days_left": c.daysLeft(today: today), "expired": c.isExpired(today: today), "evidence": c.evidence]
                },
                "paths": paths.map { p -> [String: Any] in
                    var o: [String: Any] = ["path": p.pathID, "start": p.start, "certificate": p.certificate, "recertification": p.renews != nil,
                                            "next": p.next?.stepID ?? NSNull(), "certificate_expires": p.granted?.expires ?? NSNull()]
                    o["steps"] = p.steps.map { s -> [String: Any] in
                        ["id": s.stepID, "title": s.title, "state": s.state.rawValue, "due": s.due, "overdue": s.isOverdue(today: today),
                         "blocked_by": s.blockedBy, "sections": s.sections, "completed": s.completedAt ?? NSNull()]
                    }
                    return o
                },
                "acknowledged": acknowledgements.map { ["sop": $0.sopID, "version": $0.version, "at": $0.acknowledgedAt] },
                "open_tasks": openTasks.map { t -> [String: Any] in
                    ["id": t.id, "kind": t.target.kind, "task": Self.describe(t.target), "due": t.due, "source": t.source, "overdue": t.isOverdue(today: today)]
                },
            ]
        }
    }
}
