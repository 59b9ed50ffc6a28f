/// What a command accepts, declared once: the parser reads the command line from it, and the
/// help text and the README's command table are generated from it, so none of them can drift.
///
/// A command is a leaf (`build`) or a group of subcommands (`users add`, `users revoke`).
/// To add an option to a command, declare it beside the command and add it to the command's
/// `options`:
///
///     static let expires = OptionSpec.value("--expires", "DURATION", help: "Token lifetime, e.g. 7d")
///     ... options: [role, team, market, expires, DataOptions.db] ...
///
/// and read it in the command with `args.value(expires)` (`args.flag(_:)` for a flag,
/// `args.values(_:)` for a repeatable option).
struct CommandSpec: Sendable {
    /// Runs a parsed command line and returns the exit status.
    typealias Runner = @Sendable (ParsedArguments, Console) throws(UsageError) -> Int32

    /// The word that selects the command (`build`, or `add` under `users`).
    var name: String
    /// One sentence: what the command does (shown in `casebook help` and the README).
    var summary: String
    /// The positional arguments, in order.
    var positionals: [PositionalSpec] = []
    /// The options, in the order help lists them.
    var options: [OptionSpec] = []
    /// Paragraphs shown in the command's help after the usage lines.
    var discussion: String = ""
    /// What each exit status means, shown last in the help.
    var exitStatus: String = ""
    /// Subcommands; the first positional argument chooses one.
    var subcommands: [CommandSpec] = []
    /// The subcommand used when no positional argument names one (`contests` lists).
    var defaultSubcommand: String? = nil
    /// Runs the command; a subcommand without its own runner uses its group's.
    var run: Runner? = nil

    /// Every option the command or any of its subcommands declares, each name once, in order.
    var allOptions: [OptionSpec] {
        var seen = Set<String>()
        var result: [OptionSpec] = []
        for option in options + subcommands.flatMap(\.allOptions) where seen.insert(option.name).inserted {
            result.append(option)
        }
        return result
    }

    /// The leaf commands under this one, with their paths (`["users", "add"]`).
    func leaves(path: [String] = []) -> [(path: [String], spec: CommandSpec)] {
        let here = path + [name]
        if subcommands.isEmpty { return [(here, self)] }
        return subcommands.flatMap { $0.leaves(path: here) }
    }
}

/// One option: `--name`, `--name VALUE` or `--name=VALUE`.
struct OptionSpec: Sendable, Hashable {
    /// What the option takes.
    enum Kind: Sendable, Hashable {
        /// `--json`: present or not.
        case flag
        /// `--db PATH`: at most once.
        case value
        /// `--allowed-origin ORIGIN`: any number of times, values kept in order.
        case repeatable
    }

    /// The option as typed, with its dashes (`--content`).
    var name: String
    var kind: Kind
    /// The value's placeholder in help (`DIR`); empty for a flag.
    var placeholder: String
    /// One line (wrapped in help) saying what the option does and its default.
    var help: String
    /// Shown without brackets in the usage line; the command checks it (with its own message).
    var required: Bool = false

    static func flag(_ name: String, help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .flag, placeholder: "", help: help)
    }

    static func value(_ name: String, _ placeholder: String, help: String, required: Bool = false) -> OptionSpec {
        OptionSpec(name: name, kind: .value, placeholder: placeholder, help: help, required: required)
    }

    static func repeatable(_ name: String, _ placeholder: String, help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .repeatable, placeholder: placeholder, help: help)
    }

    /// The same option with a help line that fits one command better (the name stays, so
    /// `args.value(_:)` finds it either way).
    func with(help: String) -> OptionSpec {
        var copy = self
        copy.help = help
        return copy
    }

    /// `--db PATH`, or `--json` for a flag.
    var synopsis: String { placeholder.isEmpty ? name : "\(name) \(placeholder)" }
}

/// One positional argument.
struct PositionalSpec: Sendable, Hashable {
    /// The placeholder in usage and help (`ID`).
    var name: String
    var help: String
    /// The usage error when it is missing; `nil` makes the argument optional.
    var missing: String?
    /// Takes every remaining positional argument (`search replica bag`).
    var variadic: Bool = false

    static func required(_ name: String, help: String, missing: String, variadic: Bool = false) -> PositionalSpec {
        PositionalSpec(name: name, help: help, missing: missing, variadic: variadic)
    }

    var synopsis: String {
        let word = variadic ? name + "..." : name
        return missing == nil ? "[\(word)]" : word
    }
}
