import Foundation
import Handbook
#if canImport(Glibc)
import Glibc
#endif

/// Errors setting up a watch.
public struct WatchError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Watches folders and everything under them with inotify, for `casebook preview`: saves,
/// new files, deletions and renames (an editor's save-by-rename included). New subfolders
/// are watched as they appear. Hidden files and folders (`.git`, editors' swap files) are
/// ignored.
public final class ContentWatcher {
    private let fd: Int32
    /// Watched folder by watch descriptor.
    private var folders: [Int32: String] = [:]
    private static let mask: UInt32 = UInt32(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF)

    /// In folders watched for single files only (`casebook.yml` beside the content), the
    /// names that count, by watch descriptor.
    private var onlyNames: [Int32: Set<String>] = [:]

    /// Watches each of `roots` that exists (a missing one, such as an absent theme/, is
    /// skipped), and each of `files`, which need not exist yet (`casebook.yml`).
    public init(roots: [String], files: [String] = []) throws(WatchError) {
        fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { throw WatchError(message: "cannot watch for changes (inotify_init1: \(String(cString: strerror(errno))))") }
        for root in roots {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue else { continue }
            try watchTree(root)
        }
        for file in files {
            let folder = PathText.parent(of: file)
            let wd = inotify_add_watch(fd, folder.isEmpty ? "." : folder, Self.mask)
            guard wd >= 0 else { continue }
            if folders[wd] == nil { folders[wd] = folder.isEmpty ? "." : folder; onlyNames[wd, default: []].insert((file as NSString).lastPathComponent) }
        }
    }

    deinit { close(fd) }

    private func watchTree(_ root: String) throws(WatchError) {
        try watch(root)
        guard let walk = FileManager.default.enumerator(atPath: root) else { return }
        while let p = walk.nextObject() as? String {
            if p.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { walk.skipDescendants(); continue }
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + p, isDirectory: &isDir), isDir.boolValue { try watch(root + "/" + p) }
        }
    }

    private func watch(_ folder: String) throws(WatchError) {
        let wd = inotify_add_watch(fd, folder, Self.mask)
        guard wd >= 0 else {
            let hint = errno == ENOSPC ? "; raise fs.inotify.max_user_watches" : ""
            throw WatchError(message: "\(folder): cannot watch for changes (\(String(cString: strerror(errno)))\(hint))")
        }
        folders[wd] = folder
    }

    /// Blocks until something changes (at most `limit` seconds, nil: for ever), then waits
    /// until `quiet` seconds pass with no further event (an editor's save is several events)
    /// and returns the paths that changed, each once, in the order they first changed.
    public func waitForChanges(quiet: Double = 0.03, limit: Double? = nil) -> [String] {
        var changed: [String] = []
        var timeout: Int32 = limit.map { Int32($0 * 1000) } ?? -1
        func unique() -> [String] {
            var seen = Set<String>()
            return changed.filter { seen.insert($0).inserted }
        }
        while true {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, timeout)
            if ready < 0 { if errno == EINTR { continue }; return unique() }
            if ready == 0 { return unique() }
            changed += readEvents()
            // Until the first relevant change, keep waiting; after it, wait for quiet.
            if !changed.isEmpty { timeout = Int32(quiet * 1000) }
        }
    }

    /// Reads the pending events: the paths of the files they name, new folders watched.
    private func readEvents() -> [String] {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return [] }
        var out: [String] = []
        var offset = 0
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= n {
            let (wd, mask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                let e = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                return (e.wd, e.mask, Int(e.len))
            }
            let nameBytes = buffer[(offset + header)..<min(n, offset + header + length)].prefix { $0 != 0 }
            let name = String(decoding: nameBytes, as: UTF8.self)
            offset += header + length
            if mask & UInt32(IN_IGNORED) != 0 { folders[wd] = nil; continue }
            guard let folder = folders[wd], !name.hasPrefix("."), !name.hasSuffix("~"), !name.hasSuffix(".swp") else {
                if mask & UInt32(IN_DELETE_SELF) != 0, let folder = folders[wd] { out.append(folder) }
                continue
            }
            if let names = onlyNames[wd], !names.contains(name) { continue }
            let path = name.isEmpty ? folder : folder + "/" + name
            if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { try? watchTree(path) }
            // A new file is still empty: its IN_CLOSE_WRITE follows once it is written.
            if mask & UInt32(IN_CREATE) != 0, mask & UInt32(IN_ISDIR) == 0 { continue }
            out.append(path)
        }
        return out
    }
}
