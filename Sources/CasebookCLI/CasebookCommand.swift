import Foundation
import Handbook
import Publishing

/// The `casebook` command line. `main` parses arguments, runs a command and returns the exit status.
public enum CasebookCommand {
    public static let version = "0.1.0"

    /// Every command, in the order `casebook help` and the README list them.
    static let commands: [CommandSpec] = [
        BuildCommand.spec,
        CheckCommand.spec,
        NewCommand.spec,
        SearchCommand.spec,
        DiffCommand.spec,
        TranslationsCommand.spec,
        ImportDocsCommand.spec,
        LearnersCommand.spec,
        CampaignsCommand.spec,
        PathsCommand.spec,
        CertsCommand.spec,
        QuizCommand.spec,
        AttemptsCommand.spec,
        CasesCommand.spec,
        QACommand.spec,
        RetrainCommand.spec,
        ServeCommand.spec,
        PreviewCommand.spec,
        UsersCommand.spec,
        DbCommand.spec,
        ReportCommand.spec(.gaps),
        ReportCommand.spec(.items),
        ReportCommand.spec(.calibration),
        ContestsCommand.spec,
        MistakesCommand.spec,
    ]

    static var overview: String { HelpFormatter.overview(commands, version: version) }

    /// Runs `casebook` with `arguments` (without the program name).
    public static func main(_ arguments: [String], console: Console = .standard) -> Int32 {
        guard let name = arguments.first else {
            console.err(overview)
            return ExitCode.usage
        }
        let rest = Array(arguments.dropFirst())
        do throws(UsageError) {
            switch name {
            case "-h", "--help":
                console.out(overview)
                return ExitCode.success
            case "help":
                return try help(rest, console: console)
            case "--version", "version":
                console.out("casebook \(version)\n")
                return ExitCode.success
            default:
                guard let command = commands.first(where: { $0.name == name }) else {
                    throw UsageError(message: "unknown command '\(name)'")
                }
                switch try ArgumentParser.parse(rest, for: command) {
                case .help(let spec, let path):
                    console.out(HelpFormatter.help(spec, path: path, exitStatus: command.exitStatus))
                    return ExitCode.success
                case .run(let run, let parsed):
                    do throws(UsageError) {
                        return try run(parsed, console)
                    } catch {
                        var error = error
                        if error.command == nil { error.command = parsed.path }
                        throw error
                    }
                }
            }
        } catch {
            console.err(error.report)
            return ExitCode.usage
        }
    }

    /// `casebook help [COMMAND [SUBCOMMAND]]`; `casebook help --markdown` prints the README's command table.
    static func help(_ words: [String], console: Console) throws(UsageError) -> Int32 {
        if words == ["--markdown"] {
            console.out(HelpFormatter.markdownTable(commands))
            return ExitCode.success
        }
        guard let name = words.first else {
            console.out(overview)
            return ExitCode.success
        }
        guard var spec = commands.first(where: { $0.name == name }) else {
            throw UsageError(message: "unknown command '\(name)'")
        }
        let exitStatus = spec.exitStatus
        var path = [name]
        for word in words.dropFirst() {
            guard let sub = spec.subcommands.first(where: { $0.name == word }) else {
                if spec.subcommands.isEmpty { throw UsageError(message: "'casebook \(path.joined(separator: " "))' has no subcommand '\(word)'", command: path) }
                throw UsageError(message: "unknown \(path.joined(separator: " ")) command '\(word)'; use \(ArgumentParser.choices(spec))", command: path)
            }
            spec = sub
            path.append(word)
        }
        console.out(HelpFormatter.help(spec, path: path, exitStatus: exitStatus))
        return ExitCode.success
    }

    /// Prints diagnostics to stderr in `file:line:column: severity: message` form, capped per
    /// file and in total (`check --json` prints them all).
    static func report(_ diagnostics: [Diagnostic], console: Console) {
        for line in diagnostics.displayLines() { console.err(line + "\n") }
    }
}
