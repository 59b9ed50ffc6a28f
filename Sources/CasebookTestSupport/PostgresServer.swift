import Foundation
import Handbook
#if canImport(Glibc)
import Glibc
#endif

/// The storage engines a records test runs against (`@Test(arguments: TestEngine.allCases)`).
public enum TestEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres
    public var description: String { rawValue }
}

/// Why the test PostgreSQL could not be started or used: the step and its output. A test that
/// needs PostgreSQL fails with it, never skips.
public struct PostgresUnavailable: Error, CustomStringConvertible {
    public let description: String
}

/// A real PostgreSQL 15 for the tests of one test process: `initdb` into a temporary folder,
/// `postgres` on a free loopback port, stopped and removed when the process exits. Tests run
/// as root and PostgreSQL refuses root, so both run as `nobody` (through `runuser`) then.
/// Each test gets a database of its own (`database()`).
public final class PostgresServer: @unchecked Sendable {
    /// The binaries of Debian's `postgresql-15` (PG_BIN overrides).
    static let bin = ProcessInfo.processInfo.environment["PG_BIN"] ?? "/usr/lib/postgresql/15/bin"
    /// The server of this test process, started by the first test that asks.
    public static func shared() throws -> PostgresServer { try started.get() }
    private static let started: Result<PostgresServer, PostgresUnavailable> = {
        do throws(PostgresUnavailable) { return .success(try PostgresServer()) } catch { return .failure(error) }
    }()

    /// The data folder and the port the server listens on (127.0.0.1).
    public let folder: String
    public let port: Int
    private let lock = NSLock()
    private var databases = 0

    private init() throws(PostgresUnavailable) {
        guard FileManager.default.isExecutableFile(atPath: Self.bin + "/initdb") else {
            throw PostgresUnavailable(description: "\(Self.bin)/initdb not found: install PostgreSQL 15 (apt-get install postgresql; make test does) or set PG_BIN")
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-pg-\(UUID().uuidString)").path
        folder = root + "/data"
        do { try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true) } catch {
            throw PostgresUnavailable(description: "cannot create \(root): \(error)")
        }
        if getuid() == 0, let nobody = getpwnam("nobody") {
            chown(root, nobody.pointee.pw_uid, nobody.pointee.pw_gid)
        }
        port = Self.freePort()
        try Self.run([Self.bin + "/initdb", "-D", folder, "-U", "casebook", "--auth=trust", "--locale=C", "--encoding=UTF8", "--no-sync"], step: "initdb")
        let options = "-p \(port) -k \(root) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        do throws(PostgresUnavailable) {
            try Self.run([Self.bin + "/pg_ctl", "-D", folder, "-l", root + "/server.log", "-w", "-t", "60", "-o", options, "start"], step: "pg_ctl start")
        } catch {
            let log = (try? String(contentsOfFile: root + "/server.log", encoding: .utf8)) ?? ""
            throw PostgresUnavailable(description: "\(error.description); server log: \(log.suffix(800))")
        }
        let folder = folder
        Self.stopAtExit = { _ = try? Self.run([Self.bin + "/pg_ctl", "-D", folder, "-m", "immediate", "stop"], step: "pg_ctl stop"); try? FileManager.default.removeItem(atPath: root) }
        atexit { PostgresServer.stopAtExit?() }
    }

    nonisolated(unsafe) private static var stopAtExit: (() -> Void)?

    /// The URL of a new, empty database on the server.
    public func database() throws -> String {
        let name = lock.withLock { databases += 1; return "t\(getpid())_\(databases)" }
        try Self.run([Self.bin + "/psql", "-X", "-q", "-h", "127.0.0.1", "-p", String(port), "-U", "casebook", "-d", "postgres",
                      "-c", "CREATE DATABASE \(name)"], step: "createdb", asNobody: false)
        return url(name)
    }

    /// The URL of database `name` on the server.
    public func url(_ name: String) -> String { "postgres://casebook@127.0.0.1:\(port)/\(name)" }

    /// Runs one `psql` command on database `name` and returns its unaligned output.
    public func psql(_ name: String, _ sql: String) throws -> String {
        try Self.run([Self.bin + "/psql", "-X", "-q", "-A", "-t", "-h", "127.0.0.1", "-p", String(port), "-U", "casebook", "-d", name, "-c", sql],
                     step: "psql", asNobody: false)
    }

    /// A port nothing listens on now (the kernel's pick for port 0).
    private static func freePort() -> Int {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(s) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs a command (as `nobody` when this process is root and `asNobody`) and returns its output.
    @discardableResult
    static func run(_ arguments: [String], step: String, asNobody: Bool = true) throws(PostgresUnavailable) -> String {
        let process = Process()
        if asNobody && getuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", "nobody", "--"] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: arguments[0])
            process.arguments = Array(arguments.dropFirst())
        }
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        // Output goes to a file, not a pipe: the server pg_ctl starts keeps a pipe open for
        // its whole life, so reading one to its end would wait until the server stops.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-pg-run-\(UUID().uuidString).log").path
        FileManager.default.createFile(atPath: log, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: log) }
        guard let output = FileHandle(forWritingAtPath: log) else { throw PostgresUnavailable(description: "\(step): cannot write \(log)") }
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw PostgresUnavailable(description: "\(step): cannot run \(arguments[0]): \(error)") }
        process.waitUntilExit()
        try? output.close()
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw PostgresUnavailable(description: "PostgreSQL for the tests: \(step) failed (exit \(process.terminationStatus)): \(text.suffix(800))")
        }
        return text
    }
}

extension TempTree {
    /// Where a test's records live on `engine`: `relative` in this folder (SQLite), or a
    /// database on the test PostgreSQL made for this tree and name (the same one when asked
    /// again, so a test can reopen it), failing with the reason when PostgreSQL cannot start.
    public func database(_ relative: String, on engine: TestEngine) throws -> String {
        switch engine {
        case .sqlite: return path(relative)
        case .postgres:
            if let made = postgresDatabases[relative] { return made }
            let made = try PostgresServer.shared().database()
            postgresDatabases[relative] = made
            return made
        }
    }
}
