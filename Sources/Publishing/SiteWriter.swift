import Foundation
import Handbook
#if canImport(Glibc)
import Glibc
#endif

/// Counts from writing a site.
public struct WriteStats: Sendable, Equatable {
    /// Files rendered and written in this build.
    public var written = 0
    /// Files carried over unchanged from the previous site (hard links).
    public var reused = 0
    /// Paths of the files written, sorted.
    public var writtenPaths: [String] = []
}

/// Writes a site atomically: everything goes to a temporary folder beside the output, which
/// then replaces the old site in one rename. Unchanged files are hard-linked from the old site.
public enum SiteWriter {
    /// Name of the marker file holding the build id of the site.
    public static let markerName = ".casebook-build"

    /// Writes `outputs` to `out`, reusing files of the previous site where `previous` says
    /// their fingerprint is unchanged. On any error the previous site is left untouched.
    public static func write(_ outputs: [OutputFile], to out: String, previous: BuildCache?, buildID: UInt64) throws(HandbookError) -> WriteStats {
        let staged = try StagedSite(out: out)
        staged.prelink(previous)
        return try staged.commit(outputs, buildID: buildID)
    }

    static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// Refuses to replace a folder that Casebook did not build, so a wrong `--out` never
    /// deletes someone's files.
    static func checkReplaceable(_ outPath: String) throws(HandbookError) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: outPath, isDirectory: &isDir) else { return }
        guard isDir.boolValue else {
            throw HandbookError(file: outPath, "exists and is not a folder; choose another --out")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: outPath)) ?? []
        if !entries.isEmpty && !entries.contains(markerName) {
            throw HandbookError(file: outPath, "is not empty and was not built by Casebook (no \(markerName) file), so it will not be replaced; choose another --out or empty the folder")
        }
    }

    /// Removes temporary folders left by interrupted builds.
    static func removeLeftovers(in parent: String, name: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for e in entries where e.hasPrefix(".\(name).tmp-") || e.hasPrefix(".\(name).old-") {
            let pidText = e.split(separator: "-").last.map(String.init) ?? ""
            if let pid = Int32(pidText), pid != getpid(), kill(pid, 0) == 0 { continue } // another build is running
            removeTree(parent + "/" + e)
        }
    }

    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(HandbookError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw HandbookError(file: path, "cannot write (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw HandbookError(file: path, "cannot write (\(String(cString: strerror(errno)))); is the disk full?")
            }
            offset += n
        }
    }

    static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// Linux's renameat2, looked up at run time because Swift's Glibc module does not declare it.
    private static let renameat2: RenameAt2? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()

    /// Puts the new site in place: an atomic exchange where the system supports it, else two renames.
    static func swap(_ tmp: String, into outPath: String, parent: String, name: String) throws(HandbookError) {
        if access(outPath, F_OK) != 0 {
            guard rename(tmp, outPath) == 0 else {
                let message = String(cString: strerror(errno))
                removeTree(tmp)
                throw HandbookError(file: outPath, "cannot move the new site into place (\(message))")
            }
            return
        }
        let exchange: UInt32 = 2 // RENAME_EXCHANGE
        if let renameat2, renameat2(AT_FDCWD, tmp, AT_FDCWD, outPath, exchange) == 0 {
            removeTree(tmp) // now holds the old site
            return
        }
        let old = parent + "/.\(name).old-\(getpid())"
        guard rename(outPath, old) == 0 else {
            let message = String(cString: strerror(errno))
            removeTree(tmp)
            throw HandbookError(file: outPath, "cannot replace the old site (\(message))")
        }
        guard rename(tmp, outPath) == 0 else {
            let message = String(cString: strerror(errno))
            _ = rename(old, outPath)
            removeTree(tmp)
            throw HandbookError(file: outPath, "cannot move the new site into place (\(message)); the old site was kept")
        }
        removeTree(old)
    }
}

/// A new site being assembled in a temporary folder beside the output.
///
/// `prelink` starts hard-linking the previous site's files into it on a background thread,
/// so the linking overlaps with loading and rendering; `commit` replaces what changed,
/// drops what is gone and swaps the folder in. If `commit` is never reached the temporary
/// folder is removed by the next build.
public final class StagedSite: @unchecked Sendable {
    let outPath: String
    let parent: String
    let name: String
    let tmp: String
    private var linked: [String: UInt64] = [:]
    private var directories = Set<String>()
    private let prelinkDone = DispatchSemaphore(value: 0)
    private var prelinkStarted = false

    /// Checks that `out` may be replaced and creates the temporary folder.
    public init(out: String) throws(HandbookError) {
        let outURL = URL(fileURLWithPath: out).standardizedFileURL
        outPath = outURL.path
        parent = outURL.deletingLastPathComponent().path
        name = outURL.lastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw HandbookError(file: parent, "cannot create the output's parent folder (\(error.localizedDescription))")
        }
        try SiteWriter.checkReplaceable(outPath)
        SiteWriter.removeLeftovers(in: parent, name: name)
        tmp = parent + "/.\(name).tmp-\(getpid())"
        guard mkdir(tmp, 0o755) == 0 else {
            throw HandbookError(file: tmp, "cannot create a temporary folder for the build (\(String(cString: strerror(errno)))); check that the output's folder is writable")
        }
    }

    /// Starts linking the previous site's files into the new one, if `previous` describes it.
    public func prelink(_ previous: BuildCache?) {
        let marker = (try? String(contentsOfFile: outPath + "/" + SiteWriter.markerName, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let previous, marker == SiteWriter.hex(previous.buildID) else { return }
        prelinkStarted = true
        let files = previous.outputs.sorted { $0.key < $1.key }
        Thread.detachNewThread { [self] in
            for (path, fingerprint) in files {
                makeParents(of: path)
                if link(outPath + "/" + path, tmp + "/" + path) == 0 { linked[path] = fingerprint }
            }
            prelinkDone.signal()
        }
    }

    private func makeParents(of path: String) {
        var missing: [String] = []
        var d = path
        while let slash = d.lastIndex(of: "/") {
            d = String(d[..<slash])
            if directories.contains(d) { break }
            missing.append(d)
        }
        for dir in missing.reversed() {
            mkdir(tmp + "/" + dir, 0o755)
            directories.insert(dir)
        }
    }

    /// Gives up on the new site: removes the temporary folder, leaving the old site as it was.
    public func abandon() {
        if prelinkStarted { prelinkDone.wait(); prelinkStarted = false }
        SiteWriter.removeTree(tmp)
    }

    /// Writes what changed, removes what is gone and swaps the new site in.
    public func commit(_ outputs: [OutputFile], buildID: UInt64) throws(HandbookError) -> WriteStats {
        if prelinkStarted { prelinkDone.wait() }
        for o in outputs { makeParents(of: o.path) }
        let linked = self.linked
        let tmp = self.tmp
        let results: [Result<Bool, HandbookError>] = parallelMap(outputs) { output in
            let target = tmp + "/" + output.path
            if let old = linked[output.path] {
                if old == output.fingerprint { return .success(false) }
                unlink(target) // never write through a link into the previous site
            }
            do throws(HandbookError) {
                try SiteWriter.writeFile(target, try output.produce())
                return .success(true)
            } catch {
                return .failure(error)
            }
        }
        var stats = WriteStats()
        var failures: [Diagnostic] = []
        for (output, r) in zip(outputs, results) {
            switch r {
            case .success(true): stats.written += 1; stats.writtenPaths.append(output.path)
            case .success(false): stats.reused += 1
            case .failure(let e): failures += e.diagnostics
            }
        }
        stats.writtenPaths.sort()
        if failures.isEmpty {
            let current = Set(outputs.map(\.path))
            for path in linked.keys where !current.contains(path) { unlink(tmp + "/" + path) }
            do throws(HandbookError) { try SiteWriter.writeFile(tmp + "/" + SiteWriter.markerName, Array((SiteWriter.hex(buildID) + "\n").utf8)) } catch { failures += error.diagnostics }
        }
        if !failures.isEmpty {
            SiteWriter.removeTree(tmp)
            throw HandbookError(failures)
        }
        var trace = Trace()
        try SiteWriter.swap(tmp, into: outPath, parent: parent, name: name)
        trace.mark("swap + remove old")
        return stats
    }
}
