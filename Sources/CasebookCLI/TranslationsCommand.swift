import Foundation
import Handbook
import History

/// `casebook translations [--lang th] [--format table|json]`: every translation and whether
/// it keeps up with its original.
enum TranslationsCommand {
    static let lang = OptionSpec.value("--lang", "CODE", help: "Only translations into this language (e.g. th)")
    static let format = OptionSpec.value("--format", "table|json", help: "Output format (default: table)")

    static let spec = CommandSpec(
        name: "translations",
        summary: "Lists every translation with its state: current, behind (by how many versions, which sections) or unknown.",
        options: [DataOptions.content, lang, format],
        discussion: """
        A translation names its original with 'translation_of' and the version of the original \
        it translates with 'source_version'. It is behind when the original has a newer \
        version; the versions and the sections changed since are read from the git history \
        of the content folder (without a repository only the current version is known). \
        A translation without 'source_version', or with one newer than the original's version (a typo), is unknown.
        """,
        exitStatus: "0 the list was printed, 1 content errors or an unreadable history, 2 usage error.",
        run: { args, console throws(UsageError) in try run(args, console: console) })

    struct Row: Codable, Equatable {
        var id: String
        var lang: String
        var original: String
        var state: String
        var sourceVersion: String?
        var originalVersion: String
        var behindBy: Int?
        var changedSections: [String]
        /// What is wrong with `source_version`, when something is (newer than the original,
        /// or not one of its versions).
        var problem: String? = nil
    }

    /// "1.0, 1.9, 1.10": the labels of an original's versions.
    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let formatName = args.value(Self.format) ?? "table"
        guard formatName == "table" || formatName == "json" else { throw UsageError(message: "--format must be table or json") }
        let content = args.content
        let handbook: Handbook
        do { handbook = try Handbook.load(content: content, includeDrafts: true, searchText: false) } catch {
            CasebookCommand.report(error.diagnostics, console: console)
            return ExitCode.contentErrors
        }
        let wanted = args.value(Self.lang)?.lowercased()
        let translations = handbook.pages.filter { $0.meta.translationOf != nil && (wanted == nil || $0.meta.lang.lowercased() == wanted) }
            .sorted { ($0.meta.translationOf ?? "", $0.meta.lang, $0.meta.id) < ($1.meta.translationOf ?? "", $1.meta.lang, $1.meta.id) }
        var rows: [Row] = []
        do throws(HistoryError) {
            let originals = Set(translations.compactMap { $0.meta.translationOf.flatMap(handbook.page(id:))?.path })
            let history = originals.isEmpty ? nil : try VersionHistory.read(content: content, paths: originals)
            for t in translations {
                guard let originalID = t.meta.translationOf, let original = handbook.page(id: originalID), let state = handbook.translationState(t) else { continue }
                var row = Row(id: t.meta.id, lang: t.meta.lang, original: originalID, state: "current", sourceVersion: t.meta.sourceVersion,
                              originalVersion: original.meta.version, behindBy: nil, changedSections: [])
                switch state {
                case .current:
                    // Newer than the original is a typo: whether it is current is not known
                    // (`check` warns too), and it would stay "current" through later versions.
                    if let source = t.meta.sourceVersion, VersionNumber.compare(source, original.meta.version) > 0 {
                        row.state = "unknown"
                        var versions: [String]?
                        if let history, history.repositoryRoot != nil { versions = try history.versions(of: original.path).map(\.version) }
                        row.problem = TranslationWarning.newer(source, of: originalID, now: original.meta.version, versions: versions)
                    }
                case .unknown: row.state = "unknown"
                case .behind(let source, _):
                    row.state = "behind"
                    if let history {
                        let versions = try history.versions(of: original.path)
                        if let i = versions.lastIndex(where: { VersionNumber.compare($0.version, source) == 0 }), let last = versions.last {
                            row.behindBy = versions.count - 1 - i
                            let diff = try history.diff(of: original.path, page: originalID, from: versions[i], to: last)
                            row.changedSections = diff.sections.filter { $0.status != .unchanged || $0.moved }.map(\.title)
                        } else {
                            // The declared version is not in the history: count the newer ones known.
                            row.behindBy = max(1, versions.filter { VersionNumber.compare($0.version, source) > 0 }.count)
                            if history.repositoryRoot != nil {
                                row.problem = TranslationWarning.notAVersion(source, of: originalID, now: original.meta.version, versions: versions.map(\.version))
                            }
                        }
                    }
                }
                rows.append(row)
            }
        } catch {
            console.err("casebook: \(error.description)\n")
            return ExitCode.contentErrors
        }
        if formatName == "json" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            guard let data = try? encoder.encode(rows) else { return ExitCode.contentErrors }
            console.out(String(decoding: data, as: UTF8.self) + "\n")
            return ExitCode.success
        }
        if rows.isEmpty { console.out("No translations\(wanted.map { " into '\($0)'" } ?? "").\n"); return ExitCode.success }
        var lines = [["TRANSLATION", "LANG", "ORIGINAL", "STATE", "DETAIL"]]
        for r in rows {
            let detail: String
            switch r.state {
            case "behind":
                var d = "translates \(r.sourceVersion ?? "?"), original is at \(r.originalVersion)"
                if let n = r.behindBy { d += "; behind by \(n) version\(n == 1 ? "" : "s")" }
                if !r.changedSections.isEmpty { d += "; changed: " + r.changedSections.joined(separator: ", ") }
                if let problem = r.problem { d += "; " + problem }
                detail = d
            case "unknown": detail = r.problem ?? "no source_version"
            default: detail = "translates \(r.sourceVersion ?? "?")"
            }
            lines.append([r.id, r.lang, r.original, r.state, detail])
        }
        let widths = (0..<4).map { c in lines.map { $0[c].count }.max() ?? 0 }
        for l in lines {
            var out = ""
            for c in 0..<4 { out += l[c] + String(repeating: " ", count: widths[c] - l[c].count + 2) }
            console.out(out + l[4] + "\n")
        }
        return ExitCode.success
    }
}
