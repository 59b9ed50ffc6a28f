import Foundation
import Handbook
import Insights
import Quiz
import Records

/// `casebook mistakes`: publish a section's most common mistake onto its SOP page.
enum MistakesCommand {
    static let note = OptionSpec.value("--note", "TEXT", help: "An explanation shown with the mistake (default: the note published before)")
    static let section = PositionalSpec.required("SOP-ID#ANCHOR", help: "The SOP section", missing: "give the section: casebook mistakes publish SOP-ID#ANCHOR")
    static let removed = PositionalSpec.required("SOP-ID#ANCHOR", help: "The SOP section", missing: "give the section: casebook mistakes remove SOP-ID#ANCHOR")

    static let spec = CommandSpec(
        name: "mistakes",
        summary: "Publishes a section's most common mistake onto its SOP page.",
        discussion: """
        Closes the loop from gaps back into the handbook: 'publish' finds the section's most common \
        wrong answer in the records (as 'casebook gaps' reports it) and writes it, with your note, \
        to Quizzes/common-mistakes.yml; the next 'casebook build' shows it on the SOP page right \
        under that section's heading. Publishing again refreshes the figures (and keeps the note \
        unless --note is given). The file is plain YAML: review it in a pull request like any SOP.
        """,
        subcommands: [
            CommandSpec(name: "publish", summary: "Writes the section's most common wrong answer, with a note, to Quizzes/common-mistakes.yml.",
                        positionals: [section],
                        options: [note] + ReportCommand.filterOptions + [DataOptions.db, DataOptions.content, DataOptions.quizzes]),
            CommandSpec(name: "list", summary: "Lists the published mistakes.", options: [DataOptions.content, DataOptions.quizzes]),
            CommandSpec(name: "remove", summary: "Removes a section's published mistake.", positionals: [removed],
                        options: [DataOptions.content, DataOptions.quizzes]),
        ],
        run: { args, console throws(UsageError) in try run(args, console: console) })

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let db = args.db
        let quizzes = args.quizzes
        let sub = args.subcommand ?? ""
        let path = (quizzes as NSString).appendingPathComponent(CommonMistakes.fileName)
        let existing = CommonMistakes.load(quizzes: quizzes, handbook: nil)
        if let problem = existing.diagnostics.first {
            console.err("\(problem.description)\nFix the file first; nothing was changed.\n")
            return ExitCode.contentErrors
        }
        switch sub {
        case "list":
            if existing.mistakes.isEmpty { console.err("No published mistakes (\(path)).\n") }
            for m in existing.mistakes {
                console.out("\(m.section)\t\(m.answered) instead of \(m.gold)\t\(m.share)% of \(m.responses)\t\(m.published)\t\(m.note)\n")
            }
            return ExitCode.success
        case "remove":
            guard let ref = args.positional(Self.removed) else { throw UsageError(message: "give the section: casebook mistakes remove SOP-ID#ANCHOR") }
            guard existing.mistakes.contains(where: { $0.section == ref }) else {
                console.err("casebook: no published mistake for \(ref); 'casebook mistakes list' shows them\n")
                return ExitCode.contentErrors
            }
            return write(existing.mistakes.filter { $0.section != ref }, to: path, console: console, message: "Removed the mistake for \(ref); rebuild the site to update its page.\n")
        case "publish":
            guard let ref = args.positional(Self.section) else { throw UsageError(message: "give the section: casebook mistakes publish SOP-ID#ANCHOR") }
            let content = args.content
            let note = args.value(Self.note)
            let filter = try ReportCommand.filter(args)
            guard SectionRef(ref) != nil else { throw UsageError(message: "'\(ref)' is not a section reference; write sop-id#anchor") }
            guard DataPaths.exists(db) else {
                console.err("casebook: \(db): no records database yet; there are no answers to learn mistakes from\n")
                return ExitCode.contentErrors
            }
            guard let (handbook, bank) = DataPaths.loadBank(content: content, quizzes: quizzes, purpose: "publishing a mistake", console: console),
                  let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
            guard let section = SectionRef(ref), handbook.page(id: section.pageID)?.sections.contains(where: { $0.anchor == section.anchor }) == true else {
                console.err("casebook: \(ref) is not a section of the handbook\n")
                return ExitCode.contentErrors
            }
            let report: GapReport
            do {
                let evidence = try Evidence.load(records: records, catalog: Catalog(handbook: handbook, bank: bank), filter: filter)
                report = GapReport.make(evidence, filter: filter)
            } catch {
                return console.fail(error.message)
            }
            guard let gap = report.sections.first(where: { $0.ref == ref }), let top = gap.topMistake else {
                console.err("casebook: no wrong answers recorded for \(ref)\(filter == ReportFilter() ? "" : " with these filters"); nothing to publish\n")
                return ExitCode.contentErrors
            }
            let keptNote = existing.mistakes.first { $0.section == ref }?.note ?? ""
            let mistake = CommonMistake(section: ref, gold: top.gold, answered: top.answered, share: Int((top.share * 100).rounded()),
                                        responses: gap.rate.responses, note: note ?? keptNote, published: String(Timestamp.iso(Date()).prefix(10)))
            let updated = existing.mistakes.filter { $0.section != ref } + [mistake]
            return write(updated, to: path, console: console, message: """
                Published for \(ref): \(mistake.answered) instead of \(mistake.gold) (\(mistake.share)% of \(gap.rate.errors) wrong answers, \(gap.rate.responses) answers).
                Run 'casebook build' to show it on the SOP page\(mistake.note.isEmpty ? "; add an explanation with --note" : "").

                """)
        default:
            throw UsageError(message: "unknown mistakes command '\(sub)'; use publish, list or remove")
        }
    }

    static func write(_ mistakes: [CommonMistake], to path: String, console: Console, message: String) -> Int32 {
        let temp = path + ".casebook-tmp"
        do {
            try Data(CommonMistakes.text(mistakes).utf8).write(to: URL(fileURLWithPath: temp))
            guard rename(temp, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(atPath: temp)
            console.err("casebook: \(path): cannot write (\(error.localizedDescription)); nothing was changed\n")
            return ExitCode.contentErrors
        }
        console.out(message)
        return ExitCode.success
    }
}
