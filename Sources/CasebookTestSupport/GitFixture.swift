import Foundation

/// A git repository in a temporary folder, built with the `git` command (tests only: the
/// product reads git through libgit2). Commits get fixed dates and authors, so their content
/// is the same on every run.
public final class GitFixture {
    public let tree: TempTree
    /// The repository root.
    public var root: String { tree.root }
    private var clock = 1_767_225_600 // 2026-01-01T00:00:00Z

    /// An empty repository on branch `main`.
    public init() throws {
        tree = try TempTree()
        try git("init", "-q", "-b", "main")
    }

    /// Writes `files` (path → text; nil deletes), commits them all and returns the commit id.
    @discardableResult
    /// `zone`: the committer's time zone (`+0700`); the commit is made at the same instant
    /// whatever it is.
    public func commit(_ files: [String: String?], message: String, author: String = "Ana Trainer", zone: String = "+0000") throws -> String {
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            if let text { try tree.write(path, text) } else { try FileManager.default.removeItem(atPath: tree.path(path)) }
        }
        try git("add", "-A")
        clock += 86_400
        try git("commit", "-q", "-m", message, environment: [
            "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "trainer@example.com",
            "GIT_AUTHOR_DATE": "@\(clock) \(zone)", "GIT_COMMITTER_DATE": "@\(clock) \(zone)",
        ])
        return try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `git` in the repository (or in `directory`) and returns its standard output.
    @discardableResult
    public func git(_ arguments: String..., in directory: String? = nil, environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? root)
        var env = ProcessInfo.processInfo.environment
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["GIT_AUTHOR_NAME"] = "Ana Trainer"
        env["GIT_AUTHOR_EMAIL"] = "trainer@example.com"
        env["GIT_COMMITTER_NAME"] = "Casebook Tests"
        env["GIT_COMMITTER_EMAIL"] = "tests@example.com"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GitFixtureError(message: "git \(arguments.joined(separator: " ")): \(String(decoding: errors, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A `git` command of a fixture failed.
public struct GitFixtureError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
