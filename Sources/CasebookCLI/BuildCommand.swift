import Foundation
import Handbook
import Media
import Publishing
import Quiz

enum BuildCommand {
    static let out = OptionSpec.value("--out", "DIR", help: "Output folder (default: site)")
    static let theme = OptionSpec.value("--theme", "DIR", help: "Theme overrides (default: theme/ beside the content folder)")
    static let drafts = OptionSpec.flag("--drafts", help: "Include draft and retired SOPs, marked as such")
    static let full = OptionSpec.flag("--full", help: "Ignore the previous build and render everything")
    static let noHistory = OptionSpec.flag("--no-history", help: "Skip reading SOP versions from git: no version or diff pages")
    static let noSearch = OptionSpec.flag("--no-search", help: "Skip the search index (to time the rest of the build; the site's search box finds nothing)")
    static let name = OptionSpec.value("--name", "NAME", help: "Site name shown in the header (default: Casebook)")
    static let lang = OptionSpec.value("--lang", "LANG", help: "Language of the site-wide pages: home, search, codes, What's new (overrides lang: in casebook.yml; default en)")
    static let links = OptionSpec.value("--links", "LEVEL", help: "Broken links and anchors: error (default) or warn, for a migration (overrides links: in casebook.yml)")

    /// `--links`, checked: nil when not given.
    static func linkLevel(_ args: ParsedArguments) throws(UsageError) -> LinkLevel? {
        guard args.declares(links), let value = args.value(links) else { return nil }
        guard let level = LinkLevel(rawValue: value) else {
            throw UsageError(message: "--links must be 'error' or 'warn', not '\(value)'")
        }
        return level
    }

    /// ", 3 of them broken links" when some warnings are broken links (`--links warn`).
    static func brokenLinkNote(_ diagnostics: [Diagnostic]) -> String {
        let count = diagnostics.filter { $0.severity == .warning && $0.isBrokenLink }.count
        return count == 0 ? "" : " (\(count) broken link\(count == 1 ? "" : "s"))"
    }

    static let spec = CommandSpec(
        name: "build",
        summary: "Compiles the Markdown SOPs in Content/ into a static site in site/.",
        options: [DataOptions.content, DataOptions.quizzes, out, theme, drafts, full, noSearch, noHistory, name, lang, links],
        discussion: """
        Compiles the Markdown SOPs into a static site. The new site is written to a temporary \
        folder and swapped in at the end: if the build fails or is interrupted, the previous site \
        stays as it was. Only pages whose inputs changed are rendered again. A casebook.yml \
        beside the content folder may set 'links: warn' (broken links and anchors are warnings, \
        for a migration) and 'base_path: /docs' (site-absolute links under it are checked like \
        relative ones) and 'lang: th' (the language of the site-wide pages; each SOP page \
        follows its own lang).
        """,
        exitStatus: "0 built, 1 content errors or the site could not be written, 2 usage error.",
        run: { args, console throws(UsageError) in try run(args, console: console) })

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let content = args.content
        let out = args.value(Self.out) ?? "site"
        let theme = args.value(Self.theme)
        let quizzes = args.quizzes
        let name = args.value(Self.name)
        let drafts = args.flag(Self.drafts)
        let full = args.flag(Self.full)
        let noSearch = args.flag(Self.noSearch)
        let links = try linkLevel(args)

        var options = BuildOptions(content: content, out: out, themeDirectory: theme, includeDrafts: drafts)
        options.incremental = !full
        options.search = !noSearch
        options.history = !args.flag(Self.noHistory)
        options.quizzes = quizzes
        options.links = links
        if let name { options.siteName = name }
        if let language = args.value(Self.lang) {
            guard HandbookConfig.isLanguageCode(language) else { throw UsageError(message: "--lang must be a language code such as th, id or vi, not '\(language)'") }
            options.language = language
        }
        do throws(HandbookError) {
            let report = try SiteBuilder.build(options) { console.progress($0) }
            console.clearProgress()
            CasebookCommand.report(report.diagnostics, console: console)
            let warnings = report.diagnostics.count
            // Pages a draft or retired status keeps out are counted, or "Built 0 pages" after
            // importing draft SOPs says nothing of why.
            let unpublished = report.unpublished > 0
                ? "; \(report.unpublished) draft or retired SOP\(report.unpublished == 1 ? "" : "s") left out (--drafts to include \(report.unpublished == 1 ? "it" : "them"))" : ""
            console.err(String(format: "Built %d page%@ (%d files: %d written, %d unchanged) into %@ in %.2f s%@%@\n",
                               report.pages, report.pages == 1 ? "" : "s", report.files, report.stats.written, report.stats.reused, out, report.seconds,
                               warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")\(brokenLinkNote(report.diagnostics))" : "", unpublished))
            return ExitCode.success
        } catch {
            console.clearProgress()
            CasebookCommand.report(error.diagnostics, console: console)
            let errors = error.diagnostics.filter { $0.severity == .error }.count
            console.err("Build failed with \(errors) error\(errors == 1 ? "" : "s"); the previous site in \(out) was left unchanged.\n")
            return ExitCode.contentErrors
        }
    }
}

enum CheckCommand {
    static let strict = OptionSpec.flag("--strict", help: "Treat warnings as errors (not the notes on old commits of an SOP's history, which cannot be changed)")
    static let drafts = OptionSpec.flag("--drafts", help: "Check as if drafts and retired SOPs were published")
    static let json = OptionSpec.flag("--json", help: "Print the diagnostics as a JSON array on stdout")
    static let noHistory = BuildCommand.noHistory.with(help: "Skip reading SOP versions from git: an item needs review when its SOP's change log has an entry after its 'reviewed:' date")

    static let spec = CommandSpec(
        name: "check",
        summary: "Checks the content (front matter, anchors, links, policy codes, quiz bank) without writing anything.",
        options: [DataOptions.content, DataOptions.quizzes, strict, drafts, json, BuildCommand.links, noHistory] + MediaOptions.all,
        discussion: """
        Checks the content without writing anything: front matter, anchors, links between SOPs, \
        policy codes, and the quiz bank (cases, questions, blueprints: codes, decisions, SOP \
        sections, duplicate ids). A case or question whose 'sop:' section changed in an SOP \
        version committed after its 'reviewed:' date needs review (a warning naming the section \
        and the version; without git history, or with --no-history, any later entry in the SOP's \
        change log counts); a cited anchor or policy code that a version removed is an error \
        naming that version. Case media: every media ref exists, decodes and is within the \
        limits; unused media files are warnings. Problems are printed as file:line:column: severity: message.
        """,
        exitStatus: "0 no errors, 1 errors (or warnings with --strict), 2 usage error.",
        run: { args, console throws(UsageError) in try run(args, console: console) })

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let content = args.content
        let strict = args.flag(Self.strict)
        let quizzes = args.quizzes
        let drafts = args.flag(Self.drafts)
        let json = args.flag(Self.json)
        let links = try BuildCommand.linkLevel(args)
        let limits = try MediaOptions.limits(args)

        let diagnostics: [Diagnostic]
        var pageCount = 0
        var codeCount = 0
        var itemCount = 0
        // What it is doing, on a terminal (a 10,000-page handbook takes seconds); cleared
        // before the diagnostics.
        do throws(HandbookError) {
            console.progress("Checking the SOPs")
            let handbook = try Handbook.load(content: content, includeDrafts: drafts, links: links)
            pageCount = handbook.pages.count
            codeCount = handbook.codes.count
            // A history that cannot be read (a shallow clone) is an error, and the quiz bank is
            // still checked, against the SOPs' change logs as with --no-history: every problem
            // is reported at once.
            var history: SiteHistory?
            var historyProblems: [Diagnostic] = []
            if !args.flag(Self.noHistory) {
                console.progress("Reading the SOPs' versions from git")
                do { history = try SiteHistory.read(content: content, handbook: handbook) } catch { historyProblems = error.diagnostics }
            }
            console.progress("Checking the quiz bank")
            let bank = try QuizBank.load(quizzes: quizzes, handbook: handbook, history: history)
            let media = bank.mediaDiagnostics(processor: CaseMediaProcessor(processor: MediaProcessor(limits: limits)))
            let contentDiagnostics = history?.explainingTranslations(handbook.diagnostics) ?? handbook.diagnostics
            diagnostics = (contentDiagnostics + historyProblems + (history?.diagnostics ?? []) + bank.diagnostics + media).sortedForDisplay()
            itemCount = bank.cases.count + bank.questions.count
        } catch {
            diagnostics = error.diagnostics
        }
        console.clearProgress()
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        // Notes on old commits of an SOP's history cannot be acted on: --strict leaves them out.
        let strictWarnings = diagnostics.filter { $0.severity == .warning && $0.kind != .historyNote }.count
        if json {
            console.out(jsonDiagnostics(diagnostics))
        } else {
            CasebookCommand.report(diagnostics, console: console)
            console.err("Checked \(pageCount) page\(pageCount == 1 ? "" : "s"), \(codeCount) policy code\(codeCount == 1 ? "" : "s") and \(itemCount) quiz item\(itemCount == 1 ? "" : "s"): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\(BuildCommand.brokenLinkNote(diagnostics))\(strict && strictWarnings > 0 ? " (warnings count as errors with --strict)" : "")\n")
        }
        return errors > 0 || (strict && strictWarnings > 0) ? ExitCode.contentErrors : ExitCode.success
    }

    static func jsonDiagnostics(_ diagnostics: [Diagnostic]) -> String {
        let items = diagnostics.sortedForDisplay().map { d -> [String: Any] in
            ["severity": d.severity.rawValue, "file": d.file, "line": d.line, "column": d.column, "message": d.message]
        }
        let data = (try? JSONSerialization.data(withJSONObject: items, options: [.prettyPrinted, .sortedKeys])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

enum NewCommand {
    static let category = OptionSpec.value("--category", "FOLDER", help: "Sub-folder of the content folder to create it in (default: none)")
    static let title = OptionSpec.value("--title", "TITLE", help: "The SOP's title (default: made from the id)")
    static let owner = OptionSpec.value("--owner", "TEAM", help: "The owning team (default: Policy team)")
    static let id = PositionalSpec.required("ID", help: "Lowercase letters, digits and hyphens, not used by another SOP",
                                            missing: "give the new SOP an id: casebook new sop ID")

    static let spec = CommandSpec(
        name: "new",
        summary: "Creates a new SOP from a template, as a draft.",
        subcommands: [CommandSpec(
            name: "sop",
            summary: "Creates a new SOP from a template, as a draft.",
            positionals: [id],
            options: [DataOptions.content, category, title, owner],
            discussion: """
            Creates DIR/FOLDER/ID.md with front matter and a starting structure. ID is lowercase \
            letters, digits and hyphens, and must not be used by another SOP.
            """)],
        run: { args, console throws(UsageError) in try run(args, console: console) })

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let content = args.content
        let category = args.value(Self.category)
        let title = args.value(Self.title)
        let owner = args.value(Self.owner) ?? "Policy team"
        guard let id = args.positional(Self.id) else { throw UsageError(message: "give the new SOP an id: casebook new sop ID") }
        guard Slug.make(id) == id else {
            throw UsageError(message: "id '\(id)' must be lowercase letters, digits and hyphens, e.g. '\(Slug.make(id))'")
        }
        if let handbook = try? Handbook.load(content: content, includeDrafts: true), let existing = handbook.page(id: id) {
            console.err("casebook: id '\(id)' is already used by \(content)/\(existing.path); choose another id\n")
            return ExitCode.contentErrors
        }
        let folder = category.map { content + "/" + $0 } ?? content
        let path = folder + "/" + id + ".md"
        if FileManager.default.fileExists(atPath: path) {
            console.err("casebook: \(path) already exists; choose another id\n")
            return ExitCode.contentErrors
        }
        let pageTitle = title ?? id.split(separator: "-").joined(separator: " ").capitalizedFirst
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        let text = """
        ---
        id: \(id)
        title: \(pageTitle)
        summary: One sentence on what this SOP covers and who uses it.
        owner: \(owner)
        version: "0.1"
        effective: \(today)
        status: draft
        markets: []
        tags: []
        lang: en
        changes:
          - version: "0.1"
            date: \(today)
            summary: First draft.
        ---

        # \(pageTitle)

        ## Scope {#scope}

        What this SOP covers and what it does not.

        ## XX-01 Name of the first rule {harm=medium}

        State the rule. Say what counts and what does not, and the default action.

        ## Decision table {#decision-table}

        | Situation | Decision | Code |
        |---|---|---|
        | Describe a case | approve / remove / restrict / escalate | XX-01 |

        ## Worked example {#worked-example}

        A realistic case and how to decide it.

        """
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            console.err("casebook: cannot write \(path): \(error.localizedDescription)\n")
            return ExitCode.contentErrors
        }
        console.out("Created \(path)\nReplace XX-01 with a real policy code, then run 'casebook check'.\n")
        return ExitCode.success
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
