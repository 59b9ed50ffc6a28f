import Handbook
import History

enum ImportDocsCommand {
    static let to = OptionSpec.value("--to", "DIR", help: "Content folder to copy the pages into (default: Content)")
    static let from = OptionSpec.value("--from", "TOOL", help: "The docs tool the corpus was written for: hugo, mkdocs, docusaurus, jekyll, gitbook, mdbook, docsify, mintlify, notion, obsidian, eleventy, confluence, word or auto (the default: from its configuration files or its pages' names; a GitHub wiki, by its Home.md, is read as jekyll; a folder of Word documents (.docx) and no Markdown, or one .docx, as word)")
    static let basePath = OptionSpec.value("--base-path", "PATH", help: "The path the corpus was published under, for its site-absolute links (default: the tool's, e.g. /docs for Docusaurus)")
    static let source = PositionalSpec.required("SRC", help: "The corpus folder (the one holding mkdocs.yml, docs/, content/ or _config.yml, or a GitHub wiki's clone), a folder of Word documents, or one .docx",
                                                missing: "give the folder of the corpus to import: casebook import-docs SRC --to Content")

    static let spec = CommandSpec(
        name: "import-docs",
        summary: "Copies a Hugo, MkDocs, Docusaurus or Jekyll corpus, a GitBook space, an mdBook book, a Docsify site, a Mintlify site, a Notion export, an Obsidian vault, an Eleventy site, a Confluence space exported as HTML or a GitHub wiki into Content/, converting front matter, navigation and links.",
        positionals: [source],
        options: [to, from, basePath],
        discussion: """
        Copies the Markdown pages and files of a corpus written for another docs tool into the \
        content folder: front matter in Casebook's keys (description -> summary, weight -> order, \
        draft -> status, aliases and redirect_from -> aliases, ...), a _category.yml per folder \
        from the tool's navigation (mkdocs.yml nav, Hugo's _index.md, Docusaurus' _category_.json), \
        and links to pages of the corpus (site-absolute, without .md, Hugo's page-relative, a \
        wiki's [[Page]] links and its own github.com addresses, and links to its pages at its \
        repository's GitHub or GitLab address, known from the checkout's git remotes or from \
        its links) made relative links to the imported files. A corpus kept as one folder per \
        language (en/, th/, as Mozilla's legal documents and mkdocs-static-i18n's folder layout \
        keep it) comes in as page.<lang>.md translations beside their originals. Prints what \
        it could not convert, as file:line \
        notes. It never overwrites a file that exists; run 'casebook build --links warn' next.
        """,
        exitStatus: "0 imported (see the notes), 1 nothing could be imported, 2 usage error.",
        run: { args, console throws(UsageError) in try run(args, console: console) })

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        guard let source = args.positional(Self.source) else { throw UsageError(message: "give the folder of the corpus to import: casebook import-docs SRC --to Content") }
        let destination = args.value(Self.to) ?? "Content"
        var tool: DocsTool?
        var framework: String?
        if let name = args.value(Self.from), name != "auto" {
            if DocsImport.frameworks.contains(name.lowercased()) {
                framework = name.lowercased()
            } else {
                guard let t = DocsTool(rawValue: name) else {
                    throw UsageError(message: "--from must be one of \((DocsTool.allCases.map(\.rawValue) + DocsImport.frameworks).joined(separator: ", ")) or auto, not '\(name)'")
                }
                tool = t
            }
        }
        let base = args.value(Self.basePath)
        if let base, !base.hasPrefix("/") { throw UsageError(message: "--base-path must start with '/', e.g. --base-path /docs") }
        let report: DocsImportReport
        // A progress line on a terminal (nothing when piped): a folder of Word documents or a
        // Confluence space takes seconds to convert.
        let shown = console
        let progress: DocsImport.Progress? = console.interactive ? { @Sendable in shown.progress($0) } : nil
        // The git checkout the corpus is in, if any: links to its pages at its remotes' web
        // addresses (github.com/.../blob/...) lead to the imported pages.
        let checkout = GitCheckout.remotes(holding: source).map { DocsImport.Checkout(root: $0.root, remoteURLs: $0.urls) }
        do { report = try DocsImport.run(source: source, destination: destination, tool: tool, basePath: base, framework: framework, progress: progress, checkout: checkout) } catch {
            console.clearProgress()
            return console.fail(error.message)
        }
        console.clearProgress()
        if !report.notes.isEmpty { console.out("Notes (file:line in \(report.docsFolder)):\n") }
        for note in report.notes { console.out("\(Diagnostic.oneLine(note))\n") }
        for kept in report.kept {
            // casebook.yml is written beside the content folder, not in it.
            if kept.hasPrefix("../") { console.out("\(kept.dropFirst(3)) (beside \(destination)): exists; left as it was\n") }
            else { console.out("\(kept): exists in \(destination); left as it was\n") }
        }
        console.err(summary(report, destination: destination) + "\n")
        return ExitCode.success
    }

    /// "3 pages" / "1 page": a count with its noun.
    static func counted(_ n: Int, _ one: String, _ many: String? = nil) -> String { "\(n) " + (n == 1 ? one : many ?? one + "s") }

    /// The import's summary line: what was copied, then each kind of conversion that happened.
    static func summary(_ report: DocsImportReport, destination: String) -> String {
        var done = [counted(report.linksRewritten, "link") + " made relative"]
        if report.admonitions > 0 { done.append(counted(report.admonitions, "call-out box", "call-out boxes") + " quoted") }
        if report.tabs > 0 { done.append(counted(report.tabs, "content tab") + " unfolded") }
        if report.includes > 0 { done.append(counted(report.includes, "include") + " written out") }
        if report.shortcodesConverted > 0 {
            done.append(report.framework == "GitBook" ? counted(report.shortcodesConverted, "GitBook block") + " written as Markdown"
                        : report.framework == "mdBook" ? counted(report.shortcodesConverted, "mdBook expression") + " written as Markdown"
                        : report.framework == "Docsify" ? counted(report.shortcodesConverted, "Docsify heading id and link option", "Docsify heading ids and link options") + " written as Markdown"
                        : report.framework == "Mintlify" ? counted(report.shortcodesConverted, "Mintlify component") + " written as Markdown"
                        : report.framework == "Astro Starlight" ? counted(report.shortcodesConverted, "Starlight component") + " written as Markdown"
                        : report.tool == .jekyll ? "\(report.shortcodesConverted) Liquid link tags and site variables written out"
                        : counted(report.shortcodesConverted, "Hugo shortcode") + " written as Markdown")
        }
        if report.inlineMarks > 0 { done.append(counted(report.inlineMarks, "key, highlight and sub- or superscript", "keys, highlights and sub- and superscripts") + " written as HTML") }
        if report.icons > 0 { done.append(counted(report.icons, "icon") + " left out") }
        if report.emoji > 0 { done.append(counted(report.emoji, "emoji shortcode") + " written as emoji") }
        done.append(counted(report.notes.count, "note"))
        done.append(counted(report.kept.count, "existing file") + " kept")
        return "Imported \(counted(report.pages.count, "page")), \(counted(report.assets.count, "other file")) and "
            + "\(report.categories.count) _category.yml from \(report.docsFolder) (\(report.framework.map { $0 + ", read as " + report.tool.rawValue } ?? report.tool.rawValue), base path \(report.basePath)) "
            + "into \(destination); " + done.joined(separator: ", ") + ". Next: casebook build --links warn"
    }
}
