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
    public var size: Int
    /// Modification time in nanoseconds since the epoch.
    public var modified: Int64
}

/// Walks the content folder: follows symlinks, detects loops, skips hidden files.
public enum ContentTree {
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
        var files: [ContentFile] = []
        var diagnostics: [Diagnostic] = []
        var ancestors: [(UInt64, UInt64)] = [(UInt64(info.st_dev), UInt64(info.st_ino))]
        walk(root, relative: "", ancestors: &ancestors, files: &files, diagnostics: &diagnostics)
        files.sort { $0.path < $1.path }
        return (files, diagnostics)
    }

    private static func walk(_ dir: String, relative: String, ancestors: inout [(UInt64, UInt64)], files: inout [ContentFile], diagnostics: inout [Diagnostic]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        } catch {
            diagnostics.append(Diagnostic(.error, file: relative.isEmpty ? "." : relative, "cannot read this folder (\(error.localizedDescription)); check its permissions"))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let absolute = dir + "/" + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard stat(absolute, &info) == 0 else {
                var linkInfo = stat()
                if lstat(absolute, &linkInfo) == 0, (linkInfo.st_mode & S_IFMT) == S_IFLNK {
                    let why = errno == ELOOP ? "is a symbolic link loop" : "is a broken symbolic link"
                    diagnostics.append(Diagnostic(.warning, file: rel, "\(why) and was skipped; remove or fix the link"))
                } else {
                    diagnostics.append(Diagnostic(.warning, file: rel, "cannot be read and was skipped"))
                }
                continue
            }
            let mode = info.st_mode & S_IFMT
            if mode == S_IFDIR {
                let key = (UInt64(info.st_dev), UInt64(info.st_ino))
                if ancestors.contains(where: { $0 == key }) {
                    diagnostics.append(Diagnostic(.warning, file: rel, "is a symbolic link back to a folder that contains it (a loop) and was skipped"))
                    continue
                }
                ancestors.append(key)
                walk(absolute, relative: rel, ancestors: &ancestors, files: &files, diagnostics: &diagnostics)
                ancestors.removeLast()
            } else if mode == S_IFREG {
                let lower = name.lowercased()
                let kind: ContentFile.Kind
                if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") { kind = .markdown }
                else if lower == "_category.yml" || lower == "_category.yaml" { kind = .category }
                else { kind = .asset }
                let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
                files.append(ContentFile(kind: kind, path: rel, absolutePath: absolute, size: Int(info.st_size), modified: modified))
            }
        }
    }

    /// Reads a whole file as bytes.
    public static func read(_ path: String) throws(HandbookError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HandbookError(file: path, "cannot be read; check that it exists and is readable")
        }
        return [UInt8](data)
    }
}

/// FNV-1a, 64-bit: a fast, stable fingerprint for change detection (not for security).
public struct Fingerprint: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    public init() {}
    public mutating func add<S: Sequence>(bytes: S) where S.Element == UInt8 {
        for b in bytes { value = (value ^ UInt64(b)) &* 0x100_0000_01b3 }
    }
    public mutating func add(_ s: String) {
        var s = s
        s.withUTF8 { add(bytes: $0) }
        value = (value ^ 0xFF) &* 0x100_0000_01b3 // separator: "ab","c" differs from "a","bc"
    }
    /// Adds another fingerprint (its eight bytes, little-endian).
    public mutating func add(_ v: UInt64) {
        var x = v
        for _ in 0..<8 { value = (value ^ (x & 0xFF)) &* 0x100_0000_01b3; x >>= 8 }
    }
    public mutating func add(_ n: Int) { add(String(n)) }
    public static func of(_ bytes: [UInt8]) -> UInt64 {
        var f = Fingerprint()
        bytes.withUnsafeBufferPointer { f.add(bytes: $0) }
        return f.value
    }
    public static func of(_ s: String) -> UInt64 { var f = Fingerprint(); f.add(s); return f.value }
}
