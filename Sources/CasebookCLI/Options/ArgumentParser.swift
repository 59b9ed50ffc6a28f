/// A command line read against a `CommandSpec`: options and positionals in any order,
/// `--opt value` or `--opt=value`, `--` ends the options.
struct ParsedArguments: Sendable {
    /// The command's words (`["users", "add"]`).
    var path: [String]
    private var declared: [String: OptionSpec]
    private var optionValues: [String: [String]] = [:]
    private var flags: Set<String> = []
    private var positionalValues: [String: [String]] = [:]

    init(path: [String], options: [OptionSpec]) {
        self.path = path
        declared = Dictionary(options.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The subcommand's word (`add` in `users add`), or `nil` for a command without subcommands.
    var subcommand: String? { path.count > 1 ? path.last : nil }

    /// Whether the command declares `option` (shared option groups read only what is declared).
    func declares(_ option: OptionSpec) -> Bool { declared[option.name] != nil }

    /// The value of a `.value` option, or `nil` when it was not given.
    func value(_ option: OptionSpec) -> String? {
        check(option, .value)
        return optionValues[option.name]?.first
    }

    /// The values of a `.repeatable` option, in the order given.
    func values(_ option: OptionSpec) -> [String] {
        check(option, .repeatable)
        return optionValues[option.name] ?? []
    }

    /// Whether a `.flag` option was given.
    func flag(_ option: OptionSpec) -> Bool {
        check(option, .flag)
        return flags.contains(option.name)
    }

    /// A positional argument; `nil` only for an optional one that was not given.
    func positional(_ spec: PositionalSpec) -> String? { positionalValues[spec.name]?.first }

    /// Every value of a variadic positional argument.
    func positionals(_ spec: PositionalSpec) -> [String] { positionalValues[spec.name] ?? [] }

    /// Reading an option the command does not declare is a programming error, not bad input.
    private func check(_ option: OptionSpec, _ kind: OptionSpec.Kind) {
        precondition(declared[option.name]?.kind == kind, "casebook \(path.joined(separator: " ")) does not declare \(option.name) as a \(kind) option")
    }

    fileprivate mutating func add(value: String, for option: OptionSpec) throws(UsageError) {
        if option.kind == .value, optionValues[option.name] != nil {
            throw UsageError(message: "\(option.name) is given twice; give it once")
        }
        optionValues[option.name, default: []].append(value)
    }

    fileprivate mutating func set(flag option: OptionSpec) { flags.insert(option.name) }

    fileprivate mutating func set(_ values: [String], for spec: PositionalSpec) { positionalValues[spec.name] = values }
}

/// What the command line asks for.
enum ParseResult: Sendable {
    /// Run `spec`'s runner with these arguments.
    case run(CommandSpec.Runner, ParsedArguments)
    /// Show the help of the command at `path`.
    case help(CommandSpec, path: [String])
}

/// Reads command lines against command specs.
enum ArgumentParser {
    /// Chooses the (sub)command `arguments` name under `spec` and reads its options and positionals.
    /// Errors are `UsageError`s that carry the path of the command they concern.
    static func parse(_ arguments: [String], for spec: CommandSpec, path: [String] = [], runner: CommandSpec.Runner? = nil) throws(UsageError) -> ParseResult {
        let here = path + [spec.name]
        let runner = spec.run ?? runner
        do throws(UsageError) {
            if spec.subcommands.isEmpty {
                if wantsHelp(arguments) { return .help(spec, path: here) }
                guard let runner else { preconditionFailure("casebook \(here.joined(separator: " ")) has no runner") }
                return .run(runner, try read(arguments, for: spec, path: here))
            }
            var rest = arguments
            if let index = firstPositional(in: arguments, kinds: spec.allOptions) {
                let word = arguments[index]
                guard let sub = spec.subcommands.first(where: { $0.name == word }) else {
                    throw UsageError(message: "unknown \(here.joined(separator: " ")) command '\(word)'; use \(choices(spec))")
                }
                rest.remove(at: index)
                return try parse(rest, for: sub, path: here, runner: runner)
            }
            if wantsHelp(arguments) { return .help(spec, path: here) }
            if let name = spec.defaultSubcommand, let sub = spec.subcommands.first(where: { $0.name == name }) {
                return try parse(rest, for: sub, path: here, runner: runner)
            }
            throw UsageError(message: "say what to do: \(spec.subcommands.map { "casebook \(here.joined(separator: " ")) \($0.name)" }.joined(separator: ", "))")
        } catch {
            var error = error
            if error.command == nil { error.command = here }
            throw error
        }
    }

    /// `-h` or `--help` before any `--`.
    static func wantsHelp(_ arguments: [String]) -> Bool {
        for argument in arguments {
            if argument == "--" { return false }
            if argument == "-h" || argument == "--help" { return true }
        }
        return false
    }

    /// "add or revoke", "list, resolve or verify".
    static func choices(_ spec: CommandSpec) -> String {
        let names = spec.subcommands.map(\.name)
        guard names.count > 1 else { return names.joined() }
        return names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
    }

    /// The index of the first positional argument, skipping options and their values.
    static func firstPositional(in arguments: [String], kinds options: [OptionSpec]) -> Int? {
        let kinds = Dictionary(options.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            if argument == "--" { return i + 1 < arguments.count ? i + 1 : nil }
            if !isOption(argument) { return i }
            i += 1
            if !argument.contains("="), let kind = kinds[argument], kind != .flag, i < arguments.count, !arguments[i].hasPrefix("--") { i += 1 }
        }
        return nil
    }

    /// "; did you mean --content?" for a name one or two edits from a declared option, else "".
    static func suggestion(for name: String, in options: [OptionSpec]) -> String {
        let scored = options.map { (option: $0, distance: editDistance(Array(name), Array($0.name))) }
        guard let best = scored.filter({ $0.distance <= 2 }).min(by: { $0.distance < $1.distance }) else { return "" }
        return "; did you mean \(best.option.name)?"
    }

    /// Levenshtein distance (insertions, deletions and substitutions).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    static func isOption(_ argument: String) -> Bool { argument.hasPrefix("-") && argument != "-" }

    /// Reads options (any order, `--opt=value`) and then assigns the positionals in order.
    static func read(_ arguments: [String], for spec: CommandSpec, path: [String]) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments(path: path, options: spec.options)
        let options = Dictionary(spec.options.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var positionals: [String] = []
        var i = 0
        var onlyPositionals = false
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            if onlyPositionals || !isOption(argument) {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            var name = argument
            var inline: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            guard let option = options[name] else { throw UsageError(message: "unknown option \(name)" + suggestion(for: name, in: spec.options)) }
            switch option.kind {
            case .flag:
                guard inline == nil else { throw UsageError(message: "\(name) takes no value") }
                parsed.set(flag: option)
            case .value, .repeatable:
                let value: String
                if let inline {
                    value = inline
                } else {
                    // A following option is not taken for the value: `--note --reject` is a mistake;
                    // `--note=--reject` says it on purpose.
                    guard i < arguments.count, !arguments[i].hasPrefix("--") else {
                        throw UsageError(message: "\(name) needs a value (\(option.synopsis), or \(name)=\(option.placeholder))")
                    }
                    value = arguments[i]
                    i += 1
                }
                try parsed.add(value: value, for: option)
            }
        }
        var next = 0
        for positional in spec.positionals {
            let taken = positional.variadic ? Array(positionals[next...]) : (next < positionals.count ? [positionals[next]] : [])
            if taken.isEmpty, let missing = positional.missing { throw UsageError(message: missing) }
            parsed.set(taken, for: positional)
            next += taken.count
        }
        if next < positionals.count {
            throw UsageError(message: "unexpected argument '\(positionals[next])'")
        }
        return parsed
    }
}
