import Foundation
import Handbook

/// A temporary folder of files for a test, removed when the value is released.
public final class TempTree {
    public let root: String
    /// The PostgreSQL databases made for this tree (`database(_:on:)`), by relative name.
    var postgresDatabases: [String: String] = [:]

    public init(_ files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    public func write(_ path: String, _ text: String) throws {
        try write(path, bytes: Array(text.utf8))
    }

    public func write(_ path: String, bytes: [UInt8]) throws {
        let full = root + "/" + path
        try FileManager.default.createDirectory(atPath: PathText.parent(of: full), withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
    }

    public func path(_ relative: String) -> String { root + "/" + relative }

    /// The text of a file in the folder, or nil.
    public func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: root + "/" + path).map { String(decoding: $0, as: UTF8.self) }
    }

    public func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: root + "/" + path) }

    deinit { try? FileManager.default.removeItem(atPath: root) }
}
