import Foundation
import Handbook

/// The records database: learners, attempts, responses, contests.
public final class Records: @unchecked Sendable {
    /// The connection that writes (and reads inside write transactions).
    public let db: any Database
    /// A second connection for lookups, so reads never wait for a commit's disk flush (WAL).
    let reader: any Database
    /// Where the records are, as given (a SQLite file or a PostgreSQL URL, password included:
    /// for opening more connections, never for messages, which use `db.path`).
    let location: String
    /// Connections for the session lookup every signed-in request makes (see `ReadConnections`).
    let sessionReaders: ReadConnections

    /// Batches concurrent answers into shared commits; one for the life of the records.
    let committer = GroupCommitter()

    /// The last FSRS fit of the whole history, reused by review draws until an answer is added.
    let fitCache = FSRSFitCache()

    /// Attempts seen without an adaptive plan: an immutable fact (see `adaptivePlanJSON`).
    let fixedAttempts = FixedAttempts.memo()

    /// Opens the database at `path`, creating it and its folder if needed, and migrates it.
    /// `path` is a SQLite file, or a `postgres://user@host:port/dbname` URL for PostgreSQL.
    public init(path: String) throws(RecordsError) {
        location = path
        sessionReaders = ReadConnections(location: path, limit: Self.sessionReaderLimit)
        if Engine.of(path) == .postgres {
            db = try PostgreSQLDatabase(url: path)
            reader = try PostgreSQLDatabase(url: path)
            try migrate()
            return
        }
        let folder = PathText.parent(of: path)
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw .storage("\(folder): cannot create the data folder (\(error.localizedDescription)); pass a writable --db PATH", path: path)
            }
        }
        db = try SQLiteDatabase(path: path)
        reader = try SQLiteDatabase(path: path)
        try migrate()
    }

    /// Session lookups that can run at once: as many as the server's threads (8).
    static let sessionReaderLimit = 8

    /// The schema version this build of Casebook writes.
    public static var schemaVersion: Int { migrations.count }

    /// The time now as stored: ISO 8601 UTC with milliseconds.
    static func now() -> String { Timestamp.iso(Date(), milliseconds: true) }
}
