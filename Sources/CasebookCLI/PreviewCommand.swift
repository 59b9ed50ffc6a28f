import Foundation
import Handbook
import Publishing
import Server

enum PreviewCommand {
    static let out = OptionSpec.value("--out", "DIR", help: "Where the preview site is built (default: .casebook-preview; never your published site)")
    static let host = ServeCommand.host
    static let port = OptionSpec.value("--port", "N", help: "Port to listen on, 0 for any free port (default: 8000)")

    static let spec = CommandSpec(
        name: "preview",
        summary: "Builds the handbook, serves it, and rebuilds and reloads the open pages on every save.",
        options: [DataOptions.content, DataOptions.quizzes, BuildCommand.theme, out, host, port, BuildCommand.drafts,
                  BuildCommand.noSearch, BuildCommand.noHistory, BuildCommand.name, BuildCommand.lang, BuildCommand.links],
        discussion: """
        For writing: builds the site into --out, serves it on http://HOST:PORT/ and watches the \
        content folder, the quiz bank, the theme folder and casebook.yml (inotify). Each save rebuilds what \
        changed (the build is incremental, search index included) and the open pages reload; \
        a build that fails shows its errors, with file and line, over the page until the next \
        save fixes them. Only the preview adds its small reload script to the pages it serves: \
        the files it builds are the same as 'casebook build' writes. Ctrl-C stops it.
        """,
        exitStatus: "1 the server could not start or the folders cannot be watched, 2 usage error.",
        run: { args, console throws(UsageError) in try run(args, console: console) })

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let content = args.content
        let out = args.value(Self.out) ?? ".casebook-preview"
        let theme = args.value(BuildCommand.theme) ?? SiteBuilder.defaultThemeDirectory(content: content)
        let host = args.value(Self.host) ?? "127.0.0.1"
        guard let port = Int(args.value(Self.port) ?? "8000"), (0...65535).contains(port) else { throw UsageError(message: "--port must be 0-65535") }
        var options = BuildOptions(content: content, out: out, themeDirectory: args.value(BuildCommand.theme), includeDrafts: args.flag(BuildCommand.drafts))
        options.search = !args.flag(BuildCommand.noSearch)
        options.history = !args.flag(BuildCommand.noHistory)
        options.quizzes = args.quizzes
        options.links = try BuildCommand.linkLevel(args)
        if let name = args.value(BuildCommand.name) { options.siteName = name }
        if let language = args.value(BuildCommand.lang) {
            guard HandbookConfig.isLanguageCode(language) else { throw UsageError(message: "--lang must be a language code such as th, id or vi, not '\(language)'") }
            options.language = language
        }
        guard FileManager.default.fileExists(atPath: content) else {
            return console.fail("\(content): content folder not found; give it with --content DIR")
        }

        // A folder the build will not replace is not served either: it holds someone's files
        // (`--out .` served the sources, drafts and the records database).
        do throws(HandbookError) { try SiteWriter.checkReplaceable(out) } catch {
            return console.fail("\(error.diagnostics.first?.file ?? out): \(error.diagnostics.first?.message ?? "cannot be replaced")")
        }
        // A site built into a folder the preview watches (the content, the quiz bank, the
        // theme) is a change to it: the preview would rebuild for ever.
        for (watched, name) in [(content, "content folder"), (args.quizzes, "quiz bank"), (theme, "theme folder")] where PathText.isWithin(out, watched) {
            return console.fail("\(out): is inside the \(name) \(watched), which the preview watches, so every build would start another; choose an --out outside it (the default is .casebook-preview)")
        }
        let watcher: ContentWatcher
        do { watcher = try ContentWatcher(roots: [content, args.quizzes, theme], files: [HandbookConfig.path(besides: content)]) } catch { return console.fail(error.message) }
        let first = build(options, console: console)
        // A first build that failed leaves no site: serve an empty one, whose pages show the errors.
        try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let preview: PreviewSite
        let server: HTTPServer
        do {
            preview = PreviewSite(site: try StaticSite(root: out), script: DefaultTheme.previewScript, host: host)
            server = try HTTPServer(host: host, port: port) { preview.handle($0, $1) }
        } catch {
            return console.fail(error.message)
        }
        if !first.isEmpty { preview.finished(problems: first) }
        console.err("Previewing \(content) on http://\(host):\(server.port)/ (rebuilt on every save; Ctrl-C to stop)\n")
        while true {
            let changed = watcher.waitForChanges()
            if changed.isEmpty { continue }
            let problems = build(options, console: console, changed: changed)
            preview.finished(problems: problems)
        }
    }

    /// One build; its errors as the page overlay shows them (none when it built).
    static func build(_ options: BuildOptions, console: Console, changed: [String] = []) -> [PreviewProblem] {
        let start = Date()
        do throws(HandbookError) {
            let report = try SiteBuilder.build(options)
            let what = changed.count == 1 ? " after a change to \(changed[0])" : changed.isEmpty ? "" : " after \(changed.count) changes"
            console.err(String(format: "Built %d page%@ (%d written)%@ in %.2f s\n", report.pages, report.pages == 1 ? "" : "s", report.stats.written, what, Date().timeIntervalSince(start)))
            return []
        } catch {
            CasebookCommand.report(error.diagnostics, console: console)
            let errors = error.diagnostics.filter { $0.severity == .error }
            console.err("Build failed with \(errors.count) error\(errors.count == 1 ? "" : "s"); the open pages show them\n")
            // As on the terminal: errors that only follow from a file failing to load wait until it is fixed.
            let failing = Set(errors.map(\.file))
            let shown = errors.sortedForDisplay().filter { d in d.followsFrom.map { $0 == d.file || !failing.contains($0) } ?? true }
            return shown.prefix(50).map { PreviewProblem(file: $0.file, line: $0.line, column: $0.column, severity: $0.severity.rawValue, message: $0.message) }
        }
    }
}
