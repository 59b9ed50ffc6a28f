import Foundation
import Handbook

/// The records database: learners, attempts, responses, contests.
public final class Records: @unchecked Sendable {
    /// The connection that writes (and reads inside write transactions).
    public let db: SQLiteDatabase
    /// A second connection for lookups, so reads never wait for a commit's disk flush (WAL).
    let reader: SQLiteDatabase

    /// Batches concurrent answers into shared commits; one for the life of the records.
    let committer = GroupCommitter()

    /// The last FSRS fit of the whole history, reused by review draws until an answer is added.
    let fitCache = FSRSFitCache()

    /// Opens the database at `path`, creating it and its folder if needed, and migrates it.
    public init(path: String) throws(RecordsError) {
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

    /// The schema version this build of Casebook writes.
    public static var schemaVersion: Int { migrations.count }

    /// The time now as stored: ISO 8601 UTC with milliseconds.
    static func now() -> String { Timestamp.iso(Date(), milliseconds: true) }
}
