import Foundation
import Testing
@testable import CasebookCLI
import CasebookTestSupport

/// What a command printed, captured in-process.
final class CapturedConsole: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = "", errText = ""
    var stdout: String { lock.withLock { outText } }
    var stderr: String { lock.withLock { errText } }

    var console: Console {
        Console(out: { s in self.lock.withLock { self.outText += s } }, err: { s in self.lock.withLock { self.errText += s } }, interactive: false)
    }

    /// Runs `casebook arguments` and returns the exit status.
    static func run(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) {
        let captured = CapturedConsole()
        let status = CasebookCommand.main(arguments, console: captured.console)
        return (status, captured.stdout, captured.stderr)
    }
}

@Suite struct ArgumentParserTests {
    /// A command with every kind of option, independent of the real commands.
    static let name = PositionalSpec.required("NAME", help: "A name", missing: "give a name")
    static let rest = PositionalSpec(name: "WORD", help: "More words", missing: nil, variadic: true)
    static let db = OptionSpec.value("--db", "PATH", help: "Database")
    static let json = OptionSpec.flag("--json", help: "JSON")
    static let origin = OptionSpec.repeatable("--origin", "URL", help: "Origins")
    static let spec = CommandSpec(name: "demo", summary: "Demo.", positionals: [name, rest], options: [db, json, origin],
                                  run: { _, _ in 0 })

    static func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        guard case .run(_, let parsed) = try ArgumentParser.parse(arguments, for: spec) else { throw UsageError(message: "help") }
        return parsed
    }

    @Test func optionsAndPositionalsInAnyOrder() throws {
        for arguments in [["bob", "--db", "x.db", "--json"], ["--db", "x.db", "bob", "--json"], ["--json", "--db", "x.db", "bob"], ["--db=x.db", "--json", "bob"]] {
            let parsed = try Self.parse(arguments)
            #expect(parsed.positional(Self.name) == "bob", "\(arguments)")
            #expect(parsed.value(Self.db) == "x.db", "\(arguments)")
            #expect(parsed.flag(Self.json), "\(arguments)")
            #expect(parsed.positionals(Self.rest).isEmpty, "\(arguments)")
        }
    }

    @Test func equalsValueRepeatableAndDoubleDash() throws {
        let parsed = try Self.parse(["--origin=https://a.example", "bob", "--origin", "https://b.example", "--db=a=b", "--", "--json", "-"])
        #expect(parsed.values(Self.origin) == ["https://a.example", "https://b.example"])
        #expect(parsed.value(Self.db) == "a=b")
        #expect(!parsed.flag(Self.json))
        #expect(parsed.positional(Self.name) == "bob")
        #expect(parsed.positionals(Self.rest) == ["--json", "-"])
        #expect(try Self.parse(["bob", "--db="]).value(Self.db) == "")
    }

    @Test func badCommandLinesSayWhatIsWrong() {
        func message(_ arguments: [String]) -> String {
            do { _ = try Self.parse(arguments); return "" } catch { return error.message }
        }
        #expect(message(["bob", "--colour"]) == "unknown option --colour")
        #expect(message(["bob", "--colour=red"]) == "unknown option --colour")
        #expect(message(["bob", "-x"]) == "unknown option -x")
        #expect(message(["bob", "--db"]).hasPrefix("--db needs a value"))
        #expect(message(["bob", "--db", "--json"]).hasPrefix("--db needs a value"))
        #expect(message(["bob", "--json=yes"]) == "--json takes no value")
        #expect(message(["bob", "--db", "a", "--db", "b"]) == "--db is given twice; give it once")
        #expect(message(["--json"]) == "give a name")
        #expect(message(["--", "--db"]) == "")
        #expect(message(["bob", "--jsn"]) == "unknown option --jsn; did you mean --json?")
        #expect(message(["bob", "--d"]) == "unknown option --d; did you mean --db?")
    }

    @Test func helpAnywhereBeforeDoubleDash() throws {
        for arguments in [["--help"], ["bob", "-h"], ["--db", "x", "--help", "--colour"]] {
            guard case .help(let spec, let path) = try ArgumentParser.parse(arguments, for: Self.spec) else {
                Issue.record("\(arguments) did not ask for help"); continue
            }
            #expect(spec.name == "demo" && path == ["demo"])
        }
        #expect(try Self.parse(["bob", "--", "--help"]).positionals(Self.rest) == ["--help"])
        let group = CapturedConsole.run(["users", "--help"])
        #expect(group.status == 0 && group.stdout.contains("casebook users add ID") && group.stdout.contains("casebook users revoke ID"))
    }

    @Test func errorsNameTheCommandAndItsHelp() {
        let r = CapturedConsole.run(["users", "add", "bob", "--role", "lead", "--colour", "red"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown option --colour"))
        #expect(r.stderr.contains("casebook help users add"))
        let missing = CapturedConsole.run(["search", "--limit"])
        #expect(missing.status == 2 && missing.stderr.contains("--limit needs a value") && missing.stderr.contains("casebook help search"))
        let sub = CapturedConsole.run(["users", "promote", "bob"])
        #expect(sub.status == 2 && sub.stderr.contains("unknown users command 'promote'; use add or revoke"))
        let none = CapturedConsole.run(["users", "--db", "x.db"])
        #expect(none.status == 2 && none.stderr.contains("casebook users add") && none.stderr.contains("casebook users revoke"))
    }

    @Test func usersAddTakesItsOptionsBeforeOrAfterTheId() throws {
        let t = try TempTree()
        for (n, arguments) in [["users", "add", "--role", "lead", "bob0"], ["users", "add", "bob1", "--role", "lead"],
                               ["users", "--role=lead", "add", "bob2"], ["users", "add", "--team", "uk", "--role", "lead", "bob3", "--market=uk"]].enumerated() {
            let r = CapturedConsole.run(arguments + ["--db", t.path("cb.db")])
            #expect(r.status == 0, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains("Added lead bob\(n)."), "\(arguments): \(r.stderr)")
        }
        // The value of --db is not taken for the subcommand or the id.
        let revoke = CapturedConsole.run(["users", "--db", t.path("cb.db"), "revoke", "bob0"])
        #expect(revoke.status == 0, "\(revoke.stderr)")
        #expect(revoke.stderr.contains("Revoked bob0"))
    }

    @Test func learnersAddTakesOptionsInAnyOrder() throws {
        let t = try TempTree()
        let r = CapturedConsole.run(["learners", "--db=\(t.path("cb.db"))", "add", "--name", "Amina Putri", "amina", "--market", "id"])
        #expect(r.status == 0, "\(r.stderr)")
        let list = CapturedConsole.run(["learners", "list", "--json", "--db", t.path("cb.db")])
        #expect(list.stdout.contains("\"market\" : \"ID\"") && list.stdout.contains("Amina Putri"), "\(list.stdout)")
    }

    @Test func everyCommandsHelpListsEveryOptionItDeclares() {
        for command in CasebookCommand.commands {
            for (path, spec) in [([command.name], command)] + command.leaves().filter({ $0.path.count > 1 }) {
                let flag = CapturedConsole.run(path + ["--help"])
                let word = CapturedConsole.run(["help"] + path)
                #expect(flag.status == 0 && word.status == 0, "\(path)")
                #expect(flag.stdout == word.stdout, "\(path)")
                #expect(flag.stdout.hasPrefix("Usage: casebook \(path.joined(separator: " "))"), "\(path): \(flag.stdout.prefix(80))")
                let words = flag.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" })
                for option in spec.allOptions {
                    #expect(words.contains(Substring(option.name)), "\(path) --help does not list \(option.name)")
                    #expect(words.contains { $0.hasPrefix("[\(option.name)") } || option.required, "\(path) usage does not show \(option.name)")
                    let firstWords = option.help.split(separator: " ").prefix(4).joined(separator: " ")
                    #expect(flag.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ").contains(firstWords),
                            "\(path) --help lacks the help of \(option.name)")
                }
                for positional in spec.positionals {
                    #expect(flag.stdout.contains(positional.name), "\(path) --help lacks \(positional.name)")
                }
            }
        }
        let overview = CapturedConsole.run(["help"])
        for command in CasebookCommand.commands { #expect(overview.stdout.contains("\n  \(command.name) "), "overview lacks \(command.name)") }
    }

    @Test func helpLinesFitATerminal() {
        for command in CasebookCommand.commands {
            for (path, _) in [([command.name], command)] + command.leaves() {
                let help = CapturedConsole.run(path + ["--help"]).stdout
                let long = help.split(separator: "\n").filter { $0.count > HelpFormatter.width }
                #expect(long.isEmpty, "\(path): \(long)")
            }
        }
    }

    @Test func optionNamesAreOneKindWithinACommandGroup() {
        for command in CasebookCommand.commands {
            var kinds: [String: OptionSpec.Kind] = [:]
            for option in command.options + command.leaves().flatMap(\.spec.options) {
                #expect(kinds[option.name] == nil || kinds[option.name] == option.kind, "\(command.name): \(option.name)")
                kinds[option.name] = option.kind
            }
        }
    }

    /// The README's command table is the one generated from the declarations (`casebook help --markdown`).
    @Test func readmeCommandTableMatchesTheDeclarations() throws {
        let readme = try String(contentsOfFile: RepositoryRoot.path + "/README.md", encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "| Command | What it does |"), "README has no command table")
        let table = lines[start...].prefix { $0.hasPrefix("|") }.joined(separator: "\n") + "\n"
        let generated = HelpFormatter.markdownTable(CasebookCommand.commands)
        #expect(table == generated, "README.md's command table differs from the declared options; replace it with the output of 'casebook help --markdown':\n\(generated)")
        let printed = CapturedConsole.run(["help", "--markdown"])
        #expect(printed.status == 0 && printed.stdout == generated)
    }
}
