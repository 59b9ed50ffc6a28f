import Foundation

/// Where a command writes; tests capture it, the executable uses the real streams.
public struct Console: Sendable {
    public var out: @Sendable (String) -> Void
    public var err: @Sendable (String) -> Void
    /// Whether stderr is a terminal: progress is shown only then.
    public var interactive: Bool

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void, interactive: Bool) {
        self.out = out
        self.err = err
        self.interactive = interactive
    }

    /// The process's standard output and error.
    public static let standard = Console(
        out: { s in FileHandle.standardOutput.write(Data(s.utf8)) },
        err: { s in FileHandle.standardError.write(Data(s.utf8)) },
        interactive: isatty(2) == 1)

    /// Shows a transient progress line on a terminal; silent when piped.
    func progress(_ message: String) {
        guard interactive else { return }
        err("\r\u{1B}[2K\(message)…")
    }

    func clearProgress() {
        guard interactive else { return }
        err("\r\u{1B}[2K")
    }
}

/// Exit statuses, documented in `casebook --help`.
public enum ExitCode {
    public static let success: Int32 = 0
    /// The content has errors (or warnings under `--strict`), or the site could not be written.
    public static let contentErrors: Int32 = 1
    /// The command line is wrong.
    public static let usage: Int32 = 2
}
