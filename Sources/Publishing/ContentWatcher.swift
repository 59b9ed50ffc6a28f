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
/// are watched as they appear, and so is a root created, restored or replaced while watching
/// (a `theme/` made after the preview started, a `Content/` moved aside and copied back):
/// each root's parent folder is watched for its name. Hidden files and folders and editors'
/// backups (`ContentTree.isIgnored`) are ignored.
public final class ContentWatcher {
    private let fd: Int32
    /// Watched folder by watch descriptor.
    private var folders: [Int32: String] = [:]
    private static let mask: UInt32 = UInt32(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF)

    /// In folders watched for single names only (`casebook.yml` beside the content, the roots'
    /// names in their parents), the names that count, by watch descriptor.
    private var onlyNames: [Int32: Set<String>] = [:]
    /// The roots by their name, in their parents' watches.
    private var rootNames: [Int32: [String: String]] = [:]
    /// The roots as given.
    private let roots: [String]

    /// Watches each of `roots` that exists (a missing one, such as an absent theme/, is
    /// watched for once it appears), and each of `files`, which need not exist yet
    /// (`casebook.yml`).
    public init(roots: [String], files: [String] = []) throws(WatchError) {
        fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { throw WatchError(message: "cannot watch for changes (inotify_init1: \(String(cString: strerror(errno))))") }
        self.roots = roots.map { r in var p = Substring(r); while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }; return String(p) }
        for root in self.roots {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue { try watchTree(root) }
            watchName(root)
        }
        for file in files { watchName(file) }
    }

    deinit { close(fd) }

    /// Watches `path`'s parent folder for the name of `path` (which need not exist).
    private func watchName(_ path: String) {
        let name = (path as NSString).lastPathComponent
        guard !name.isEmpty, name != ".", name != ".." else { return }
        let parent = PathText.parent(of: path)
        let folder = parent.isEmpty ? "." : parent
        let wd = inotify_add_watch(fd, folder, Self.mask)
        guard wd >= 0 else { return }
        if roots.contains(path) { rootNames[wd, default: [:]][name] = path }
        // A folder already watched whole (a root itself) counts every name already.
        if folders[wd] == nil || onlyNames[wd] != nil {
            folders[wd] = folder
            onlyNames[wd, default: []].insert(name)
        }
    }

    private func watchTree(_ root: String) throws(WatchError) {
        try watch(root)
        // Walked where it really is: a Content/ that is a symbolic link (to another checkout)
        // was watched at its top only. Its folders are watched by their paths through the link.
        let real = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        guard let walk = FileManager.default.enumerator(atPath: real) else { return }
        while let p = walk.nextObject() as? String {
            if p.split(separator: "/").contains(where: { ContentTree.isIgnored(String($0)) }) { walk.skipDescendants(); continue }
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
        // A parent watched for a root's name, now a watched root itself, counts every name.
        if onlyNames[wd] != nil, rootNames[wd] == nil { onlyNames[wd] = nil }
        if onlyNames[wd] == nil { folders[wd] = folder }
    }

    /// Stops watching `folder` and the folders under it: it was moved away, so their events
    /// would name paths that no longer hold them.
    private func unwatch(_ folder: String) {
        for (wd, path) in folders where onlyNames[wd] == nil && (path == folder || path.hasPrefix(folder + "/")) {
            inotify_rm_watch(fd, wd)
            folders[wd] = nil
        }
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
            if mask & UInt32(IN_IGNORED) != 0 { if onlyNames[wd] == nil { folders[wd] = nil }; continue }
            // A watched folder moved away (Content/ moved aside): its events would name the old
            // path. The parent's watch sees what takes its place.
            if mask & UInt32(IN_MOVE_SELF) != 0, onlyNames[wd] == nil, let folder = folders[wd] {
                unwatch(folder)
                out.append(folder)
                continue
            }
            // A root's name in its parent: the root was created, restored, moved or deleted.
            if let root = rootNames[wd]?[name] {
                if mask & UInt32(IN_MOVED_FROM | IN_DELETE) != 0 { unwatch(root) }
                var isDir: ObjCBool = false
                // A folder, or a symbolic link to one (no IN_ISDIR for a link).
                if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, FileManager.default.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue {
                    unwatch(root)
                    try? watchTree(root)
                }
                if mask & UInt32(IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE) != 0 { out.append(root) }
                continue
            }
            guard let folder = folders[wd], !ContentTree.isIgnored(name) else {
                if mask & UInt32(IN_DELETE_SELF) != 0, let folder = folders[wd] { out.append(folder) }
                continue
            }
            if let names = onlyNames[wd], !names.contains(name) { continue }
            let path = name.isEmpty ? folder : folder + "/" + name
            if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_MOVED_FROM) != 0 { unwatch(path) }
            if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { try? watchTree(path) }
            // A new file is still empty: its IN_CLOSE_WRITE follows once it is written.
            if mask & UInt32(IN_CREATE) != 0, mask & UInt32(IN_ISDIR) == 0 { continue }
            out.append(path)
        }
        return out
    }
}
