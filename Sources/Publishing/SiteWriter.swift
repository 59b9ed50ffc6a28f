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
    /// True when the build updated the kept copy of the site before last instead of linking every file.
    public var fromSpare = false
}

/// Writes a site atomically: everything goes to a temporary folder beside the output, which
/// then replaces the old site in one rename. Unchanged files are hard-linked from the old site.
public enum SiteWriter {
    /// Name of the marker file holding the build id of the site.
    public static let markerName = ".casebook-build"

    /// Writes `outputs` to `out`, reusing files of the previous site where `previous` says
    /// their fingerprint is unchanged. On any error the previous site is left untouched.
    public static func write(_ outputs: [OutputFile], to out: String, previous: BuildCache?, buildID: UInt64) throws(HandbookError) -> WriteStats {
        let staged = try StagedSite(out: out, previous: previous)
        staged.prelink()
        return try staged.commit(outputs, buildID: buildID)
    }

    static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// Refuses to replace a folder that Casebook did not build, so a wrong `--out` never
    /// deletes someone's files.
    public static func checkReplaceable(_ outPath: String) throws(HandbookError) {
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
        for e in entries where e.hasPrefix(".\(name).tmp-") || e.hasPrefix(".\(name).old-") || e.hasPrefix(".\(name).stale-") {
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

    /// Writes `runs` of outputs under `root` on all cores, each run's files one after another
    /// on one thread. A path in `replacing` or `alsoReplacing` is unlinked first, so a file
    /// shared with another tree by a hard link is never written through.
    ///
    /// Speed: a run is the files of one folder (an SOP's history), so two threads seldom
    /// create files in one folder at once. Creating a file holds its folder's lock while the
    /// file system finds a free inode, which is slow on ext4 without a journal soon after many
    /// files were deleted (it skips recently freed inodes one by one); with the SOP folders'
    /// files handed out one by one, the other thread spun on that lock (a full build with
    /// history of 10,000 pages right after deleting a site: 18-20 s of system time against
    /// 21-36 s before; no difference measured on a file system at rest).
    static func writeAll(_ runs: [[OutputFile]], into root: String, replacing existing: [String: UInt64], alsoReplacing more: Set<String> = []) -> [Diagnostic] {
        let results: [[Diagnostic]] = parallelMap(runs) { run in
            var diagnostics: [Diagnostic] = []
            for output in run {
                let target = root + "/" + output.path
                do throws(HandbookError) {
                    let bytes = try output.produce()
                    if existing[output.path] != nil || more.contains(output.path) { unlink(target) }
                    try writeFile(target, bytes)
                } catch {
                    diagnostics += error.diagnostics
                }
            }
            return diagnostics
        }
        return results.flatMap { $0 }
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

    /// Puts the new site in place: an atomic exchange where the system supports it, else two
    /// renames. The replaced site is moved to `keepingOldAt` when given, else deleted.
    static func swap(_ tmp: String, into outPath: String, parent: String, name: String, keepingOldAt spare: String? = nil) throws(HandbookError) {
        func dispose(_ old: String) {
            if let spare {
                removeTree(spare)
                try? FileManager.default.createDirectory(atPath: PathText.parent(of: spare), withIntermediateDirectories: true)
                if rename(old, spare) == 0 { return }
            }
            removeTree(old)
        }
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
            dispose(tmp) // now holds the old site
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
        dispose(old)
    }
}

/// A new site being assembled in a temporary folder beside the output.
///
/// The folder starts as one of two things:
/// - the *spare*: the site before the current one, kept in the cache folder by the previous
///   build, claimed with one rename. Only the files that differ from it are rewritten, so a
///   rebuild after one edit touches a handful of files, not the whole tree.
/// - a fresh folder into which the current site's files are hard-linked (`prelink`, on a
///   background thread while content loads) when there is no usable spare.
///
/// `commit` replaces what changed (never writing through a link: a changed file is unlinked
/// and created anew), drops what is gone, swaps the folder in with one atomic exchange and
/// keeps the replaced site as the next spare when its contents are known. A build that fails
/// or is interrupted before the exchange leaves the live site as it was; its temporary
/// folder is removed by the next build.
public final class StagedSite: @unchecked Sendable {
    let outPath: String
    let parent: String
    let name: String
    let tmp: String
    let sparePath: String
    /// Fingerprints of the files already in the temporary folder (the spare's, or those linked).
    private var base: [String: UInt64] = [:]
    /// The output groups whose files are all in the temporary folder.
    private var baseGroups: [String: OutputGroupRecord] = [:]
    /// Fingerprints of the live site's files, when its build id matches the cache.
    private let live: [String: UInt64]?
    private let liveGroups: [String: OutputGroupRecord]
    /// The live site's build id, when known: the replaced site is kept as the spare under it.
    private let liveBuildID: UInt64?
    private var directories = Set<String>()
    private let prelinkDone = DispatchSemaphore(value: 0)
    private var prelinkStarted = false
    /// False for a full build: nothing is reused from earlier sites.
    private let reuse: Bool
    /// Signalled when a spare this build could not use has been deleted.
    private var staleRemoved: DispatchSemaphore?
    /// True when the temporary folder is the claimed spare.
    public private(set) var reusedSpare = false

    /// Where the spare copy of the site at `out` is kept.
    public static func sparePath(for out: String) -> String { SiteBuilder.cacheFolderPath(for: out, suffix: ".spare") }

    /// Checks that `out` may be replaced and prepares the temporary folder: the spare when
    /// `previous` describes it, else a new folder (see `prelink`). With `reuse: false` (a full
    /// build) the folder starts empty and every file is written.
    public init(out: String, previous: BuildCache? = nil, reuse: Bool = true) throws(HandbookError) {
        let outURL = URL(fileURLWithPath: out).standardizedFileURL
        outPath = outURL.path
        parent = outURL.deletingLastPathComponent().path
        name = outURL.lastPathComponent
        sparePath = Self.sparePath(for: out)
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw HandbookError(file: parent, "cannot create the output's parent folder (\(error.localizedDescription))")
        }
        try SiteWriter.checkReplaceable(outPath)
        SiteWriter.removeLeftovers(in: parent, name: name)
        tmp = parent + "/.\(name).tmp-\(getpid())"
        let liveMarker = Self.marker(in: outPath)
        if let previous, liveMarker == previous.buildID {
            live = previous.outputs
            liveGroups = previous.groups
            liveBuildID = previous.buildID
        } else {
            live = nil
            liveGroups = [:]
            liveBuildID = nil
        }
        self.reuse = reuse
        if reuse, let spare = previous?.spare, Self.marker(in: sparePath) == spare.buildID, rename(sparePath, tmp) == 0 {
            // Claimed. Without its marker, a copy left by an interrupted build is never taken for a finished one.
            unlink(tmp + "/" + SiteWriter.markerName)
            base = spare.outputs
            baseGroups = spare.groups
            reusedSpare = true
            return
        }
        // A spare this build cannot use goes while the build runs (an interrupted removal is a leftover the next build clears).
        let stale = parent + "/.\(name).stale-\(getpid())"
        if access(sparePath, F_OK) == 0, rename(sparePath, stale) == 0 {
            let done = DispatchSemaphore(value: 0)
            staleRemoved = done
            Thread.detachNewThread {
                SiteWriter.removeTree(stale)
                done.signal()
            }
        }
        guard mkdir(tmp, 0o755) == 0 else {
            throw HandbookError(file: tmp, "cannot create a temporary folder for the build (\(String(cString: strerror(errno)))); check that the output's folder is writable")
        }
    }

    /// The build id in a site's marker file.
    static func marker(in site: String) -> UInt64? {
        guard let text = try? String(contentsOfFile: site + "/" + SiteWriter.markerName, encoding: .utf8) else { return nil }
        return UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines), radix: 16)
    }

    /// The site this build replaces, as the next build's spare: nil when its contents are unknown
    /// (it is then deleted). Known before `commit`, so the next cache can be encoded meanwhile.
    public var nextSpare: BuildCache.Spare? {
        guard let liveBuildID, let live else { return nil }
        return BuildCache.Spare(buildID: liveBuildID, outputs: live, groups: liveGroups)
    }

    /// Starts hard-linking the live site's files into a new temporary folder (not needed when
    /// the spare was claimed, nor when the live site's contents are unknown).
    public func prelink() {
        guard reuse, !reusedSpare, let live else { return }
        prelinkStarted = true
        let files = live.sorted { $0.key < $1.key }
        let groups = liveGroups
        Thread.detachNewThread { [self] in
            var linked: [String: UInt64] = [:]
            linked.reserveCapacity(files.count)
            for (path, fingerprint) in files {
                makeParents(of: path)
                if link(outPath + "/" + path, tmp + "/" + path) == 0 { linked[path] = fingerprint }
            }
            // A group is carried over only when every one of its files was linked; else its
            // files are all written (a path linked is unlinked first).
            var linkedGroups: [String: OutputGroupRecord] = [:]
            for (key, group) in groups.sorted(by: { $0.key < $1.key }) {
                guard let members = group.files() else { continue }
                let paths = members.keys.sorted()
                var done = 0
                for path in paths {
                    makeParents(of: path)
                    if link(outPath + "/" + path, tmp + "/" + path) != 0 { break }
                    done += 1
                }
                if done == paths.count { linkedGroups[key] = group } else { for path in paths[..<done] { unlink(tmp + "/" + path) } }
            }
            base = linked
            baseGroups = linkedGroups
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
        staleRemoved?.wait()
    }

    /// Compares `groups` with the groups already in the temporary folder (waiting for
    /// `prelink`): a group whose fingerprint is theirs is kept as it is, unplanned; the others'
    /// files are planned, for `commit` to write the ones that changed. The records are what the
    /// next build cache keeps.
    public func plan(_ groups: [OutputGroup]) -> PlannedGroups {
        if prelinkStarted { prelinkDone.wait(); prelinkStarted = false }
        var planned = PlannedGroups()
        planned.records.reserveCapacity(groups.count)
        var seen = 0
        for group in groups {
            let old = baseGroups[group.key]
            if old != nil { seen += 1 }
            if let old, old.fingerprint == group.fingerprint {
                planned.records[group.key] = old
                planned.fileCount += old.count
                continue
            }
            let files = group.files()
            planned.records[group.key] = OutputGroupRecord(fingerprint: group.fingerprint, files: files)
            planned.fileCount += files.count
            planned.changed.append(PlannedGroups.Changed(key: group.key, files: files, old: old?.files() ?? [:]))
        }
        if seen != baseGroups.count {
            for (key, old) in baseGroups where planned.records[key] == nil { planned.gone += old.paths }
        }
        return planned
    }

    /// Writes what changed, removes what is gone and swaps the new site in. `distinctPaths`:
    /// how many different paths `outputs` has, when the caller knows (nil: unknown). `groups`:
    /// this build's output groups as `plan` compared them with those already in the folder.
    public func commit(_ outputs: [OutputFile], groups: PlannedGroups = PlannedGroups(), buildID: UInt64, distinctPaths: Int? = nil) throws(HandbookError) -> WriteStats {
        if prelinkStarted { prelinkDone.wait() }
        let base = self.base
        let tmp = self.tmp
        var toWrite: [OutputFile] = []
        var groupRuns: [[OutputFile]] = []
        // Speed: one lookup per file (a rebuild with history plans 74,000 files and writes a
        // handful); the files of `base` found among the outputs are counted, so when every
        // one of them is (the usual rebuild), nothing is gone and no set of paths is built.
        var baseFound = 0
        for o in outputs {
            if let known = base[o.path] {
                baseFound += 1
                if known == o.fingerprint { continue }
            }
            makeParents(of: o.path)
            toWrite.append(o)
        }
        // The files of the groups that changed: those whose fingerprint changed are written (any
        // file there is unlinked first), those the group no longer has are removed below.
        var groupWritten = Set<String>()
        var removed = groups.gone
        let changesPrefix = "changes/"
        for changed in groups.changed {
            var current = Set<String>()
            var run: [OutputFile] = []
            for o in changed.files {
                current.insert(o.path)
                if changed.old[o.path] == o.fingerprint { continue }
                makeParents(of: o.path)
                run.append(o)
                // Only a file linked into the folder is there to unlink (a full build has none).
                if changed.old[o.path] != nil { groupWritten.insert(o.path) }
            }
            for path in changed.old.keys where !current.contains(path) { removed.append(path) }
            // A group's version changes (changes/) come after its diff pages, on the same
            // thread: they reuse what the diff pages computed.
            if !run.isEmpty { groupRuns.append(run.filter { !$0.path.hasPrefix(changesPrefix) } + run.filter { $0.path.hasPrefix(changesPrefix) }) }
        }
        // Lists (home, tags, markets, codes, what's new) each take far longer than one SOP
        // page: start them first so neither core is left finishing a big one alone at the end.
        // Then the SOP pages (all in sop/) alternate with the SOPs' history groups (each in
        // its own folder), so the two threads are seldom in one folder at once.
        let sopPrefix = "sop/"
        var runs: [[OutputFile]] = toWrite.filter { !$0.path.hasPrefix(sopPrefix) && !$0.path.hasPrefix(changesPrefix) }.map { [$0] }
        let pages = toWrite.filter { $0.path.hasPrefix(sopPrefix) }
        runs.reserveCapacity(toWrite.count + groupRuns.count)
        for i in 0..<max(pages.count, groupRuns.count) {
            if i < pages.count { runs.append([pages[i]]) }
            if i < groupRuns.count { runs.append(groupRuns[i]) }
        }
        runs += toWrite.filter { $0.path.hasPrefix(changesPrefix) }.map { [$0] }
        let failures = SiteWriter.writeAll(runs, into: tmp, replacing: base, alsoReplacing: groupWritten)
        var stats = WriteStats()
        stats.fromSpare = reusedSpare
        for o in outputs {
            if reuse, let live, live[o.path] == o.fingerprint { stats.reused += 1 } else { stats.written += 1; stats.writtenPaths.append(o.path) }
        }
        groupStats(groups, into: &stats)
        stats.writtenPaths.sort()
        var errors = failures
        // With paths repeated in `outputs` the count says nothing: then the paths are compared.
        if errors.isEmpty, baseFound != base.count || distinctPaths != outputs.count || !removed.isEmpty {
            var current = Set(outputs.map(\.path))
            for changed in groups.changed { for o in changed.files { current.insert(o.path) } }
            var emptied = Set<String>()
            for path in Array(base.keys) + removed where !current.contains(path) {
                unlink(tmp + "/" + path)
                // Its folder and theirs (`old/` of a removed alias `old/pricing/index.html`).
                var folder = Substring(path)
                while let slash = folder.lastIndex(of: "/") {
                    folder = folder[..<slash]
                    guard emptied.insert(String(folder)).inserted else { break }
                }
            }
            // Folders left empty (a tag no page has any more), each before the folder holding
            // it; rmdir leaves non-empty ones alone.
            for dir in emptied.sorted(by: >) { rmdir(tmp + "/" + dir) }
        }
        if errors.isEmpty {
            do throws(HandbookError) { try SiteWriter.writeFile(tmp + "/" + SiteWriter.markerName, Array((SiteWriter.hex(buildID) + "\n").utf8)) } catch { errors += error.diagnostics }
        }
        staleRemoved?.wait()
        if !errors.isEmpty {
            SiteWriter.removeTree(tmp)
            throw HandbookError(errors)
        }
        var trace = Trace()
        try SiteWriter.swap(tmp, into: outPath, parent: parent, name: name, keepingOldAt: nextSpare == nil ? nil : sparePath)
        trace.mark("swap")
        return stats
    }

    /// Counts the groups' files as `commit` counts the others: reused when the live site has
    /// the file with the same fingerprint. A group the live site has with the same fingerprint
    /// is counted at once, without decoding its files.
    private func groupStats(_ groups: PlannedGroups, into stats: inout WriteStats) {
        for (key, record) in groups.records {
            let known = reuse && live != nil ? liveGroups[key] : nil
            if let known, known.fingerprint == record.fingerprint {
                stats.reused += record.count
                continue
            }
            let before = known?.files() ?? [:]
            for (path, fp) in record.files() ?? [:] {
                if before[path] == fp { stats.reused += 1 } else { stats.written += 1; stats.writtenPaths.append(path) }
            }
        }
    }
}

/// A build's output groups compared with those already in the new site's folder (`StagedSite.plan`).
public struct PlannedGroups: Sendable {
    /// Every group of the build, as the next build cache keeps it.
    public var records: [String: OutputGroupRecord] = [:]
    /// How many files the groups have.
    public var fileCount = 0
    /// The groups whose fingerprint differs from the folder's (or that it lacks), planned.
    var changed: [Changed] = []
    /// Files of the folder's groups that this build has no more.
    var gone: [String] = []

    struct Changed: Sendable {
        var key: String
        var files: [OutputFile]
        /// The folder's files of that group and their fingerprints.
        var old: [String: UInt64]
    }

    public init() {}
}
