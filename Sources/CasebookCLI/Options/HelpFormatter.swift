/// Help text and the README's command table, generated from the command specs.
enum HelpFormatter {
    /// Help lines are wrapped to this many columns.
    static let width = 96
    /// The help option every command accepts; the parser handles it before the command runs.
    static let helpLine = (synopsis: "-h, --help", help: "Show this help")

    // MARK: - Usage lines

    /// `casebook users add ID --role ROLE [--team T] ...` as tokens, for `spec` reached by `words`.
    static func synopsis(_ spec: CommandSpec, words: [String]) -> [String] {
        var tokens = ["casebook"] + words
        tokens += spec.positionals.map(\.synopsis)
        for option in spec.options {
            switch option.kind {
            case .flag: tokens.append("[\(option.name)]")
            case .value: tokens.append(option.required ? option.synopsis : "[\(option.synopsis)]")
            case .repeatable: tokens.append("[\(option.synopsis)]...")
            }
        }
        return tokens
    }

    /// One synopsis per leaf under `spec` (a subcommand used by default is shown in brackets).
    static func synopses(_ spec: CommandSpec, words: [String]) -> [[String]] {
        if spec.subcommands.isEmpty { return [synopsis(spec, words: words)] }
        return spec.subcommands.flatMap { sub in
            synopses(sub, words: words + [sub.name == spec.defaultSubcommand ? "[\(sub.name)]" : sub.name])
        }
    }

    /// Joins tokens into lines of at most `width` columns; continuation lines are indented by `indent`.
    static func wrap(_ tokens: [String], prefix: String, indent: Int) -> [String] {
        var lines: [String] = []
        var line = prefix
        var empty = true
        for token in tokens {
            if !empty, line.count + 1 + token.count > width {
                lines.append(line)
                line = String(repeating: " ", count: indent)
                empty = true
            }
            line += (empty ? "" : " ") + token
            empty = false
        }
        lines.append(line)
        return lines
    }

    /// Wraps prose (words separated by spaces) to `width`, each line after the first indented.
    static func wrapText(_ text: String, indent: Int, firstPrefix: String = "") -> [String] {
        var result: [String] = []
        for (n, paragraphLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let words = paragraphLine.split(separator: " ").map(String.init)
            let prefix = n == 0 ? firstPrefix : String(repeating: " ", count: indent)
            result += words.isEmpty ? [prefix] : wrap(words, prefix: prefix, indent: indent)
        }
        return result
    }

    // MARK: - Help pages

    /// The help of a command or group: usage, description, arguments, options, exit status.
    static func help(_ spec: CommandSpec, path: [String], exitStatus inherited: String = "") -> String {
        var out: [String] = []
        let words = path
        for (n, tokens) in synopses(spec, words: words).enumerated() {
            let head = n == 0 ? "Usage: " : "       "
            let indent = head.count + "casebook ".count + words.joined(separator: " ").count + 1
            out += wrap(tokens, prefix: head, indent: indent)
        }
        out.append("")
        out += wrapText(spec.discussion.isEmpty ? spec.summary : spec.discussion, indent: 0)
        if !spec.subcommands.isEmpty {
            out += ["", "Commands:"]
            out += table(spec.subcommands.map { ($0.name, $0.summary) })
        }
        let positionals = spec.positionals
        if !positionals.isEmpty {
            out += ["", "Arguments:"]
            out += table(positionals.map { ($0.name, $0.help) })
        }
        out += ["", "Options:"]
        out += table(spec.allOptions.map { ($0.synopsis, $0.help) } + [helpLine])
        let exitStatus = spec.exitStatus.isEmpty ? inherited : spec.exitStatus
        if !exitStatus.isEmpty {
            out.append("")
            out += wrapText(exitStatus, indent: 0, firstPrefix: "Exit status: ")
        }
        return out.joined(separator: "\n") + "\n\n"
    }

    /// Two columns: names, then wrapped help aligned after the longest name (up to a limit).
    static func table(_ rows: [(String, String)]) -> [String] {
        let column = min(rows.map(\.0.count).max() ?? 0, 22) + 4
        var lines: [String] = []
        for (name, help) in rows {
            let head = "  " + name
            if head.count + 2 > column {
                lines.append(head)
                lines += wrapText(help, indent: column, firstPrefix: String(repeating: " ", count: column))
            } else {
                lines += wrapText(help, indent: column, firstPrefix: head + String(repeating: " ", count: column - head.count))
            }
        }
        return lines
    }

    /// `casebook --help`: every command with its summary.
    static func overview(_ commands: [CommandSpec], version: String) -> String {
        var out = [
            "casebook \(version): the moderation team's handbook and quiz engine.",
            "",
            "Usage: casebook <command> [options]",
            "       casebook help [<command>]",
            "",
            "Commands:",
        ]
        out += table(commands.map { ($0.name, $0.summary) })
        out += [
            "",
            "Options:",
        ]
        out += table([
            ("-h, --help", "Show help for casebook or a command (casebook build --help, casebook help users add)"),
            ("--version", "Print the version"),
        ])
        out += [
            "",
            "Exit status:",
            "  0  success",
            "  1  the content has errors (or warnings with --strict), or the site could not be written",
            "  2  the command line is wrong",
        ]
        return out.joined(separator: "\n") + "\n\n"
    }

    // MARK: - README

    /// The README's command table: one row per command, every option it declares.
    static func markdownTable(_ commands: [CommandSpec]) -> String {
        var rows = ["| Command | What it does |", "|---|---|"]
        var seen: [(name: String, positionals: [PositionalSpec], options: [OptionSpec])] = []
        for command in commands {
            if command.subcommands.isEmpty,
               let same = seen.first(where: { $0.positionals == command.positionals && $0.options == command.options && !command.options.isEmpty }) {
                rows.append("| `casebook \(command.name) [options as for \(same.name)]` | \(escape(command.summary)) |")
                continue
            }
            if command.subcommands.isEmpty { seen.append((command.name, command.positionals, command.options)) }
            let usages = synopses(command, words: [command.name]).map { "`" + escape($0.joined(separator: " ")) + "`" }
            rows.append("| \(usages.joined(separator: ", ")) | \(escape(command.summary)) |")
        }
        rows.append("| `casebook --help`, `casebook help COMMAND`, `casebook COMMAND --help`, `casebook --version` | Help and version. |")
        return rows.joined(separator: "\n") + "\n"
    }

    static func escape(_ cell: String) -> String { cell.replacingOccurrences(of: "|", with: "\\|") }
}
