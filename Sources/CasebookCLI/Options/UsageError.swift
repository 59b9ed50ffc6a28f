/// A command-line usage error (exit status 2).
struct UsageError: Error {
    /// What is wrong and, where it helps, what to type instead.
    var message: String
    /// The command it concerns (`["users", "add"]`), so the error can point to its help;
    /// `nil` for the top level (an unknown command).
    var command: [String]?

    init(message: String, command: [String]? = nil) {
        self.message = message
        self.command = command
    }

    /// The text printed on stderr: the message and where to read the command's options.
    var report: String {
        if let command, !command.isEmpty {
            let name = command.joined(separator: " ")
            return "casebook: \(message)\nRun 'casebook help \(name)' for the options of 'casebook \(name)'.\n"
        }
        return "casebook: \(message)\nRun 'casebook help' for the commands.\n"
    }
}
