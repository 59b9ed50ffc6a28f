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
        Self.removeServersOfEndedRuns()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-pg-\(UUID().uuidString)").path
        folder = root + "/data"
        do { try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true) } catch {
            throw PostgresUnavailable(description: "cannot create \(root): \(error)")
        }
        if getuid() == 0, let nobody = getpwnam("nobody") {
            chown(root, nobody.pointee.pw_uid, nobody.pointee.pw_gid)
        }
        // Which test process owns the server: a later run stops it if this one ends without
        // its exit handler (a crash, a kill).
        FileManager.default.createFile(atPath: root + "/" + Self.ownerFile, contents: Data("\(getpid())\n".utf8))
        port = Self.freePort()
        try Self.run([Self.bin + "/initdb", "-D", folder, "-U", "casebook", "--auth=trust", "--locale=C", "--encoding=UTF8", "--no-sync"], step: "initdb")
        self.root = root
        try start()
        let folder = folder
        Self.exitLock.withLock {
            Self.stopAtExit.append { _ = try? Self.run([Self.bin + "/pg_ctl", "-D", folder, "-m", "immediate", "stop"], step: "pg_ctl stop"); try? FileManager.default.removeItem(atPath: root) }
            if Self.stopAtExit.count == 1 { atexit { for stop in PostgresServer.stopAtExit { stop() } } }
        }
    }

    /// The folder holding the data folder, the socket and the server log.
    private let root: String
    nonisolated(unsafe) private static var stopAtExit: [() -> Void] = []
    private static let exitLock = NSLock()

    /// A server of its own for a test that stops and starts it (the shared one serves the
    /// tests running at the same time), stopped and removed when the process exits.
    public static func dedicated() throws -> PostgresServer { try PostgresServer() }

    /// Starts the server (again, after `stop`) on its port, waiting until it accepts connections.
    public func start() throws(PostgresUnavailable) {
        let options = "-p \(port) -k \(root) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        do throws(PostgresUnavailable) {
            try Self.run([Self.bin + "/pg_ctl", "-D", folder, "-l", root + "/server.log", "-w", "-t", "60", "-o", options, "start"], step: "pg_ctl start")
        } catch {
            let log = (try? String(contentsOfFile: root + "/server.log", encoding: .utf8)) ?? ""
            throw PostgresUnavailable(description: "\(error.description); server log: \(log.suffix(800))")
        }
    }

    /// Stops the server with `pg_ctl -m MODE` (fast: connections are ended, transactions in
    /// progress rolled back, as a DBA's restart does), waiting until it is down.
    public func stop(mode: String = "fast") throws(PostgresUnavailable) {
        try Self.run([Self.bin + "/pg_ctl", "-D", folder, "-m", mode, "-w", "-t", "60", "stop"], step: "pg_ctl stop")
    }

    /// The file in a server's folder that names the test process that started it.
    public static let ownerFile = "owner.pid"

    /// Stops and removes the test servers whose test process is gone (it crashed or was killed
    /// before its exit handler ran): their `postgres` would otherwise run on.
    public static func removeServersOfEndedRuns() {
        let temporary = FileManager.default.temporaryDirectory.path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix("casebook-pg-") {
            let root = temporary + "/" + name
            guard let text = try? String(contentsOfFile: root + "/" + ownerFile, encoding: .utf8),
                  let owner = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
                  kill(owner, 0) != 0 && errno == ESRCH else { continue }
            if FileManager.default.fileExists(atPath: root + "/data/postmaster.pid") {
                _ = try? run([bin + "/pg_ctl", "-D", root + "/data", "-m", "immediate", "stop"], step: "pg_ctl stop")
            }
            try? FileManager.default.removeItem(atPath: root)
        }
    }

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
    /// posix_spawn and waitpid, not Foundation's Process: Process learns of the exit when a
    /// descriptor the child inherited closes, and the server pg_ctl starts keeps it open.
    @discardableResult
    static func run(_ arguments: [String], step: String, asNobody: Bool = true) throws(PostgresUnavailable) -> String {
        // From "/": nobody may not enter the folder the tests run in.
        let argv = ["/bin/sh", "-c", "cd / && exec \"$@\"", "sh"]
            + (asNobody && getuid() == 0 ? ["/usr/sbin/runuser", "-u", "nobody", "--"] + arguments : arguments)
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-pg-run-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ)
        guard rc == 0 else { throw PostgresUnavailable(description: "\(step): cannot run \(argv[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        let exited = (status & 0x7f) == 0, code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            throw PostgresUnavailable(description: "PostgreSQL for the tests: \(step) failed (status \(status)): \(text.suffix(800))")
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
