import Foundation
import Handbook
import History

/// `casebook diff SOP-ID [FROM] [TO]`: what changed in an SOP between two published versions.
enum DiffCommand {
    static let page = PositionalSpec.required("SOP-ID", help: "The page id of the SOP (its 'id:' front matter, or its file name)",
                                              missing: "give the id of an SOP: casebook diff refund-abuse")
    static let from = PositionalSpec(name: "FROM", help: "The older version (default: the one before TO); it must be older than TO", missing: nil)
    static let to = PositionalSpec(name: "TO", help: "The newer version (default: the current one)", missing: nil)
    static let format = OptionSpec.value("--format", "text|json|markdown", help: "Output format (default: text, coloured on a terminal)")
    static let lang = OptionSpec.value("--lang", "LANG", help: "Language of the headings and of what happened to each section: th, id, vi, ar or en (default: $CASEBOOK_LANG, else en); the SOP's words stay as written, JSON as it is")

    static let spec = CommandSpec(
        name: "diff",
        summary: "Shows what changed in an SOP between two of its versions, section by section.",
        positionals: [page, from, to],
        options: [DataOptions.content, format, lang],
        discussion: """
        Every commit in which an SOP's 'version' front matter value changed is a published \
        version of it, read from the git repository that holds the content folder; the file \
        on disk counts as the newest version when its version is not committed yet. A \
        version's text is the page as it last stood at that version (later edits that kept \
        the version, merges included), the current one's the file on disk. Without \
        a repository only the current version exists. Policy codes added, removed, renamed or \
        with a changed harm level are listed first, then each changed, moved, added or removed \
        section with its word-level changes: [-deleted-] {+inserted+} in text, ~~deleted~~ \
        **inserted** in Markdown. FROM must be older than TO: 'casebook diff ID 3.2 3.0' is \
        refused with the command in the right order.
        """,
        exitStatus: "0 the diff was printed, 1 unknown SOP or version, only one version, or an unreadable history, 2 usage error (FROM not older than TO).",
        run: { args, console throws(UsageError) in try run(args, console: console) })

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let formatName = args.value(Self.format) ?? "text"
        guard let format = DiffFormat(rawValue: formatName), format != .html else {
            throw UsageError(message: "--format must be one of text, json, markdown")
        }
        let language = try ReportCommand.language(args, option: Self.lang)
        let content = args.content
        let id = args.positional(Self.page) ?? ""
        let handbook: Handbook
        do { handbook = try Handbook.load(content: content, includeDrafts: true, searchText: false) } catch {
            CasebookCommand.report(error.diagnostics, console: console)
            return ExitCode.contentErrors
        }
        guard let summary = handbook.page(id: id) else {
            console.err("casebook: no SOP with id '\(id)' in \(content); use the 'id:' of a page (or its file name without .md)\n")
            return ExitCode.contentErrors
        }
        let history: VersionHistory, versions: [SOPVersion], pair: (from: SOPVersion, to: SOPVersion)
        do throws(HistoryError) {
            history = try VersionHistory.read(content: content, paths: [summary.path])
            versions = try history.versions(of: summary.path)
            // Commits not taken as versions (a version going backwards, unreadable front matter).
            for note in history.notes[summary.path] ?? [] { console.err("\(summary.path): warning: \(note.message)\n") }
            guard let picked = try history.pick(versions, path: summary.path, from: args.positional(Self.from), to: args.positional(Self.to)) else {
                let only = versions.last.map { $0.version.isEmpty ? "its current text" : "version \($0.version)" } ?? "its current text"
                var link = stat()
                let isLink = lstat(content + "/" + summary.path, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK
                let why = history.repositoryRoot == nil
                    ? "\(content) is not in a git repository, so only the current version exists"
                    : isLink
                    // One file shared by handbooks through a symbolic link: git keeps the link at
                    // this path, and the text's versions at the link's target, which is not read.
                    ? "\(summary.path) is a symbolic link, and git keeps only the link at that path; the versions of the text it leads to are not read. Put the SOP's file itself in the content folder to have its versions"
                    : "no other version of it is committed; commit a change of its 'version:' value to publish one"
                console.err("casebook: \(id) has only \(only): \(why)\n")
                return ExitCode.contentErrors
            }
            pair = picked
        } catch {
            console.err("casebook: \(error.description)\n")
            return ExitCode.contentErrors
        }
        if let wrongOrder = Self.orderProblem(pair, versions: versions, page: id) { throw wrongOrder }
        do throws(HistoryError) {
            let diff = try history.diff(of: summary.path, page: id, from: pair.from, to: pair.to)
            let colour = format == .text && console.interactive && isatty(1) == 1
            console.out(DiffRenderer.render(diff, as: format, colour: colour, language: language))
            return ExitCode.success
        } catch {
            console.err("casebook: \(error.description)\n")
            return ExitCode.contentErrors
        }
    }

    /// A usage error when FROM is not older than TO (a diff read backwards would show every
    /// insertion as a deletion): it gives the command in the right order. Nil when it is.
    static func orderProblem(_ pair: (from: SOPVersion, to: SOPVersion), versions: [SOPVersion], page id: String) -> UsageError? {
        let (from, to) = (pair.from.version, pair.to.version)
        let order = VersionNumber.compare(from, to)
        if order > 0 {
            return UsageError(message: "FROM (\(from)) must be older than TO (\(to)); to see what changed from \(to) to \(from), run: casebook diff \(id) \(to) \(from)",
                              command: ["diff"])
        }
        guard order == 0 else { return nil }
        let i = versions.lastIndex { VersionNumber.compare($0.version, to) == 0 } ?? 0
        if i > 0 {
            return UsageError(message: "FROM and TO are the same version (\(to)); give an older FROM, e.g. casebook diff \(id) \(versions[i - 1].version) \(to)", command: ["diff"])
        }
        let later = versions.count > 1 ? ", e.g. casebook diff \(id) \(to) \(versions[versions.count - 1].version)" : ""
        return UsageError(message: "FROM and TO are the same version (\(to)), its first; compare it with a later version\(later)", command: ["diff"])
    }
}
