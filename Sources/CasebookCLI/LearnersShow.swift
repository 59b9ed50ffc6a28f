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
                    options: [format, date, DataOptions.content, DataOptions.quizzes, DataOptions.db])
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
            console.out(table(learner, ordered, memory: memory, date: args.value(date) ?? dateText, target: target, due: due)
                        + assignments.table(today: args.value(date) ?? dateText))
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

    static func table(_ l: Learner, _ rows: [Row], memory: LearnerMemory, date: String, target: Double, due: Int) -> String {
        var out = "Learner \(l.id) (\(l.name)\(l.team.isEmpty ? "" : ", team \(l.team)")\(l.market.isEmpty ? "" : ", \(l.market)"))\n"
        out += "Memory model: \(memory.modelDescription)\n"
        out += "Predicted recall at the end of \(date) (UTC); an item is due when its recall is below \(percent(target)).\n\n"
        guard !rows.isEmpty else { return out + "No answers yet: nothing to show.\n" }
        var cells = [["Section", "Mastery", "Cases right", "Recall", "Items", "Due"]]
        for r in rows {
            cells.append([r.ref,
                          r.mastery.map { percent($0.mastery) } ?? "-",
                          r.mastery.map { "\($0.correct)/\($0.answered)" } ?? "-",
                          r.recall.map { percent($0.meanRecall) } ?? "-",
                          r.recall.map { "\($0.seenItems)" } ?? "-",
                          r.recall.map { "\($0.dueItems)" } ?? "-"])
        }
        let widths = (0..<cells[0].count).map { c in cells.map { $0[c].count }.max() ?? 0 }
        for row in cells {
            out += row.enumerated().map { c, text in
                c == 0 ? text.padding(toLength: widths[c], withPad: " ", startingAt: 0) : String(repeating: " ", count: widths[c] - text.count) + text
            }.joined(separator: "  ") + "\n"
        }
        out += "\nDue items: \(due)\(due > 0 ? " (take a review blueprint, e.g. casebook quiz --learner \(l.id) --blueprint five-minute-review)" : "")\n"
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

        func table(today: String) -> String {
            var out = "\nCertificates:"
            if certificates.isEmpty { out += " none\n" } else {
                out += "\n"
                for c in certificates {
                    let left = c.daysLeft(today: today)
                    out += "  \(c.certificate) (path \(c.pathID)): granted \(c.grantedAt.prefix(10)), expires \(c.expires)"
                    out += c.isExpired(today: today) ? " (expired)\n" : " (\(left) day\(left == 1 ? "" : "s") left)\n"
                }
            }
            out += "\nPaths:"
            if paths.isEmpty { out += " none assigned\n" } else {
                out += "\n"
                for p in paths {
                    let done = p.steps.filter { $0.state == .done }.count
                    out += "  \(p.renews == nil ? p.pathID : "\(p.pathID) recertification"), started \(p.start): \(done) of \(p.steps.count) step\(p.steps.count == 1 ? "" : "s") done"
                    if let g = p.granted { out += "; granted \(g.certificate) until \(g.expires)" } else if let n = p.next { out += "; next: \(n.stepID), due \(n.due)" }
                    out += "\n"
                    out += CampaignsCommand.table(["    STATE", "STEP", "DUE", "NOTE"], p.steps.map { s in
                        let note = s.state == .blocked ? "after \(s.blockedBy.joined(separator: ", "))"
                            : s.state == .done ? "done \(s.completedAt?.prefix(10) ?? "")" : s.isOverdue(today: today) ? "overdue" : "-"
                        return ["    " + s.state.rawValue, s.stepID, s.due, note]
                    })
                }
            }
            out += "\nAcknowledged:"
            if acknowledgements.isEmpty { out += " nothing yet\n" } else {
                out += "\n" + acknowledgements.map { "  \($0.sopID) \($0.version) on \($0.acknowledgedAt.prefix(10))\n" }.joined()
            }
            out += "\nOpen tasks:"
            if openTasks.isEmpty { return out + " none\n" }
            return out + "\n" + CampaignsCommand.table(["  DUE", "TASK", "SOURCE", "OVERDUE"], openTasks.map {
                ["  " + $0.due, Self.describe($0.target), $0.source, $0.isOverdue(today: today) ? "yes" : "no"]
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
