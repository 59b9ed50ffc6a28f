import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file found in the content folder.
public struct ContentFile: Sendable, Hashable {
    /// What a file is to the build.
    public enum Kind: Sendable, Hashable { case markdown, category, asset }
    public var kind: Kind
    /// Path relative to the content folder, with `/` separators.
    public var path: String
    /// Absolute path on disk.
    public var absolutePath: String
    /// Size in bytes.
    public var size: Int
    /// Modification time in nanoseconds since the epoch.
    public var modified: Int64
}

/// Walks the content folder: follows symlinks, detects loops, skips hidden files and
/// editors' backups.
public enum ContentTree {
    /// Names that are never content: hidden files and folders (`.git`, `.page.md.swp`), and
    /// the backup and autosave files editors leave beside a page (`page.md~`, Emacs'
    /// `#page.md#`, vim's `page.md.swp`), which were published as media with a draft's text.
    /// `casebook preview` ignores the same names.
    public static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || (name.count > 1 && name.hasPrefix("#") && name.hasSuffix("#"))
            || name.hasSuffix(".swp") || name.hasSuffix(".swo") || name.hasSuffix(".swx")
    }

    /// Lists the files under `root` in a stable order, with diagnostics for entries that
    /// cannot be used (loops, broken links, unreadable folders).
    public static func scan(_ root: String) throws(HandbookError) -> ([ContentFile], [Diagnostic]) {
        var info = stat()
        guard stat(root, &info) == 0 else {
            throw HandbookError(file: root, "content folder not found; pass --content DIR or run from the folder that holds Content/")
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw HandbookError(file: root, "is not a folder; --content expects the folder that holds the Markdown files")
        }
        let rootKey = (UInt64(info.st_dev), UInt64(info.st_ino))
        // The root's entries first; its folders are then walked on all cores, one task each.
        var top = Listing()
        list(root, relative: "", into: &top)
        let ancestors = [rootKey]
        let below: [Listing] = parallelMap(top.folders) { folder in
            var listing = Listing()
            if folder.key == rootKey {
                listing.diagnostics.append(Diagnostic(.warning, file: folder.relative, "is a symbolic link back to a folder that contains it (a loop) and was skipped"))
            } else {
                walk(folder.absolute, relative: folder.relative, ancestors: ancestors + [folder.key], into: &listing)
            }
            return listing
        }
        var files = top.files
        var diagnostics = top.diagnostics
        for listing in below { files += listing.files; diagnostics += listing.diagnostics }
        files.sort { $0.path < $1.path }
        return (files, diagnostics)
    }

    private struct Folder: Sendable {
        var absolute: String
        var relative: String
        var key: (UInt64, UInt64)
    }

    private struct Listing: Sendable {
        var files: [ContentFile] = []
        var diagnostics: [Diagnostic] = []
        var folders: [Folder] = []
    }

    private static func walk(_ dir: String, relative: String, ancestors: [(UInt64, UInt64)], into listing: inout Listing) {
        var here = Listing()
        list(dir, relative: relative, into: &here)
        listing.files += here.files
        listing.diagnostics += here.diagnostics
        for folder in here.folders {
            if ancestors.contains(where: { $0 == folder.key }) {
                listing.diagnostics.append(Diagnostic(.warning, file: folder.relative, "is a symbolic link back to a folder that contains it (a loop) and was skipped"))
                continue
            }
            walk(folder.absolute, relative: folder.relative, ancestors: ancestors + [folder.key], into: &listing)
        }
    }

    /// Where the name is in a `dirent`.
    private static let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!

    /// One folder's entries (hidden ones skipped), each stat'ed relative to the open folder.
    private static func list(_ dir: String, relative: String, into listing: inout Listing) {
        guard let handle = opendir(dir) else {
            let why = String(cString: strerror(errno))
            listing.diagnostics.append(Diagnostic(.error, file: relative.isEmpty ? "." : relative, "cannot read this folder (\(why)); check its permissions"))
            return
        }
        defer { closedir(handle) }
        let fd = dirfd(handle)
        var names: [String] = []
        while let entry = readdir(handle) {
            // The name read in place up to its NUL: an entry is only as long as its name
            // (d_reclen), so copying the whole 256-byte d_name could read past the end of the
            // last entry of readdir's buffer and crash at a page boundary (seen as a crash of
            // `serve` loading a bank with 600 media files in one folder).
            let raw = UnsafeRawPointer(entry).advanced(by: Self.nameOffset).assumingMemoryBound(to: CChar.self)
            let name = String(cString: raw)
            if Self.isIgnored(name) { continue }
            // A name that is not UTF-8 (Latin-1, from an old zip or a Windows checkout) cannot
            // be opened by its repaired text: say so, rather than "cannot be read". A page lost
            // that way is an error, as an unreadable page is: the site would publish without it.
            if String(validatingCString: raw) == nil {
                let isPage = name.lowercased().hasSuffix(".md") || name.lowercased().hasSuffix(".markdown")
                listing.diagnostics.append(Diagnostic(isPage ? .error : .warning, file: relative.isEmpty ? name : relative + "/" + name,
                    "the file name is not UTF-8 text, so the file cannot be opened by it and was skipped; rename it in UTF-8 (for a Latin-1 name: convmv -f latin1 -t utf8 --notest NAME)"))
                continue
            }
            names.append(name)
        }
        names.sort()
        for name in names {
            let absolute = dir + "/" + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard fstatat(fd, name, &info, 0) == 0 else {
                let failure = errno
                var linkInfo = stat()
                if fstatat(fd, name, &linkInfo, AT_SYMLINK_NOFOLLOW) == 0, (linkInfo.st_mode & S_IFMT) == S_IFLNK {
                    let why = failure == ELOOP ? "is a symbolic link loop" : "is a broken symbolic link"
                    listing.diagnostics.append(Diagnostic(.warning, file: rel, "\(why) and was skipped; remove or fix the link"))
                } else {
                    listing.diagnostics.append(Diagnostic(.warning, file: rel, "cannot be read and was skipped"))
                }
                continue
            }
            let mode = info.st_mode & S_IFMT
            if mode == S_IFDIR {
                listing.folders.append(Folder(absolute: absolute, relative: rel, key: (UInt64(info.st_dev), UInt64(info.st_ino))))
            } else if mode == S_IFREG {
                let lower = name.lowercased()
                let kind: ContentFile.Kind
                if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") { kind = .markdown }
                else if lower == "_category.yml" || lower == "_category.yaml" { kind = .category }
                else { kind = .asset }
                let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
                listing.files.append(ContentFile(kind: kind, path: rel, absolutePath: absolute, size: Int(info.st_size), modified: modified))
            }
        }
    }

    /// Reads a whole file as bytes (straight into the array: no intermediate `Data`).
    public static func read(_ path: String) throws(HandbookError) -> [UInt8] {
        guard let bytes = readIfPresent(path) else {
            throw HandbookError(file: path, "cannot be read; check that it exists and is readable")
        }
        return bytes
    }

    /// The file's bytes, or nil when it cannot be opened or read.
    public static func readIfPresent(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR else { return nil }
        var result: [UInt8] = []
        // One spare byte: a file whose size held is read, end included, in one go.
        var chunkSize = max(Int(info.st_size), 0) + 1
        while true {
            var failed = false
            let size = chunkSize
            let chunk = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                count = 0
                while count < size {
                    let r = Glibc.read(fd, buffer.baseAddress! + count, size - count)
                    if r < 0 { if errno == EINTR { continue }; failed = true; return }
                    if r == 0 { return }
                    count += r
                }
            }
            if failed { return nil }
            if result.isEmpty { result = chunk } else { result += chunk }
            if chunk.count < size { return result }
            chunkSize = 64 * 1024 // it grew while being read
        }
    }
}
