import Foundation
import Records

/// The folders and the database commands read and write, declared once for every command
/// (like swift-format's option groups): the same name, placeholder, help and default everywhere.
/// A command lists the ones it uses in its `options`.
enum DataOptions {
    static let content = OptionSpec.value("--content", "DIR", help: "Content folder (default: Content)")
    static let quizzes = OptionSpec.value("--quizzes", "DIR", help: "Quiz bank folder (default: Quizzes beside the content folder)")
    static let db = OptionSpec.value("--db", "PATH", help: "Records database: a SQLite file or postgres://user@host:port/dbname (default: $CASEBOOK_DB, else \(DataPaths.defaultDatabase))")
    static let site = OptionSpec.value("--site", "DIR", help: "Built site (default: site)")
}

extension ParsedArguments {
    /// `--content`, or `Content`.
    var content: String { declares(DataOptions.content) ? value(DataOptions.content) ?? "Content" : "Content" }
    /// `--quizzes`, or `Quizzes/` beside the content folder.
    var quizzes: String {
        (declares(DataOptions.quizzes) ? value(DataOptions.quizzes) : nil) ?? DataPaths.quizzes(besides: content)
    }
    /// `--db`, or `$CASEBOOK_DB`, or `data/casebook.db`.
    var db: String {
        (declares(DataOptions.db) ? value(DataOptions.db) : nil)
            ?? ProcessInfo.processInfo.environment["CASEBOOK_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? DataPaths.defaultDatabase
    }
    /// `--site`, or `site`.
    var site: String { (declares(DataOptions.site) ? value(DataOptions.site) : nil) ?? "site" }
}

extension DataPaths {
    /// Whether the records database exists: the SQLite file, or always for a PostgreSQL URL
    /// (opening it says whether the server and the database are there).
    static func exists(_ db: String) -> Bool {
        Engine.of(db) == .postgres || FileManager.default.fileExists(atPath: db)
    }
}
