import Foundation
import Handbook
import Publishing

/// The `casebook` command line. `main` parses arguments, runs a command and returns the exit status.
public enum CasebookCommand {
    public static let version = "0.1.0"

    static let overview = """
    casebook \(version): the moderation team's handbook and quiz engine.

    Usage: casebook <command> [options]

    Commands:
      build        Compile the Markdown SOPs in Content/ into a static site in site/
      check        Check the content (front matter, anchors, links, policy codes) without building
      new sop ID   Create a new SOP from a template
      search QUERY Search the built site from the terminal
      learners     Add or list learners (moderators who take quizzes)
      quiz         Take a quiz in the terminal, or from an answers file
      attempts     List quiz attempts and scores
      cases import Import QA sample cases (CSV/JSONL) into the quiz bank, PII redacted
      serve        Serve the site and the quiz API
      users        Add or revoke users of the quiz player
      gaps         Knowledge gaps: sections and codes people get wrong, confusions, who to retrain
      items        Question quality: facility, discrimination, suspect keys, the review queue
      calibration  Agreement between moderators on case decisions, lowest-agreement cases
      contests     List learners' contests of answer keys; resolve them (re-grades on a key change)
      mistakes     Publish a section's most common mistake onto its SOP page

    Options:
      -h, --help   Show help for casebook or a command (casebook build --help)
      --version    Print the version

    Exit status:
      0  success
      1  the content has errors (or warnings with --strict), or the site could not be written
      2  the command line is wrong

    """

    /// Runs `casebook` with `arguments` (without the program name).
    public static func main(_ arguments: [String], console: Console = .standard) -> Int32 {
        var args = arguments
        guard let command = args.first else {
            console.err(overview)
            return ExitCode.usage
        }
        args.removeFirst()
        do throws(UsageError) {
            switch command {
            case "-h", "--help", "help":
                console.out(overview)
                return ExitCode.success
            case "--version", "version":
                console.out("casebook \(version)\n")
                return ExitCode.success
            case "build":
                return try BuildCommand.run(args, console: console)
            case "check":
                return try CheckCommand.run(args, console: console)
            case "new":
                return try NewCommand.run(args, console: console)
            case "search":
                return try SearchCommand.run(args, console: console)
            case "learners":
                return try LearnersCommand.run(args, console: console)
            case "quiz":
                return try QuizCommand.run(args, console: console)
            case "attempts":
                return try AttemptsCommand.run(args, console: console)
            case "cases":
                return try CasesCommand.run(args, console: console)
            case "serve":
                return try ServeCommand.run(args, console: console)
            case "users":
                return try UsersCommand.run(args, console: console)
            case "gaps":
                return try ReportCommand.run(args, view: .gaps, console: console)
            case "items":
                return try ReportCommand.run(args, view: .items, console: console)
            case "calibration":
                return try ReportCommand.run(args, view: .calibration, console: console)
            case "contests":
                return try ContestsCommand.run(args, console: console)
            case "mistakes":
                return try MistakesCommand.run(args, console: console)
            default:
                throw UsageError(message: "unknown command '\(command)'")
            }
        } catch {
            console.err("casebook: \(error.message)\nRun 'casebook --help' for usage.\n")
            return ExitCode.usage
        }
    }

    /// Prints diagnostics to stderr in `file:line:column: severity: message` form, capped per
    /// file and in total (`check --json` prints them all).
    static func report(_ diagnostics: [Diagnostic], console: Console) {
        for line in diagnostics.displayLines() { console.err(line + "\n") }
    }
}
