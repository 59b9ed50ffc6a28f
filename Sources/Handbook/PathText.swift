import Foundation

/// Path arithmetic on plain strings. swift-corelibs-foundation's
/// `NSString.deletingLastPathComponent` traps on a one-character relative path ("C"), so
/// every module asks here instead.
public enum PathText {
    /// The folder holding `path`: "" for a bare name ("C", "casebook.db"), "/" for a
    /// top-level absolute path; trailing slashes are ignored ("a/b/" -> "a").
    /// Whether `path` is `folder` or inside it, comparing where they really are (symbolic
    /// links followed, for as much of each path as exists).
    public static func isWithin(_ path: String, _ folder: String) -> Bool {
        func real(_ p: String) -> String {
            var url = URL(fileURLWithPath: p).standardizedFileURL
            var tail: [String] = []
            while !FileManager.default.fileExists(atPath: url.path), url.pathComponents.count > 1 {
                tail.insert(url.lastPathComponent, at: 0)
                url.deleteLastPathComponent()
            }
            return ([url.resolvingSymlinksInPath().path] + tail).joined(separator: "/")
        }
        let p = real(path), f = real(folder)
        return p == f || p.hasPrefix(f.hasSuffix("/") ? f : f + "/")
    }

    public static func parent(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "" }
        if slash == p.startIndex { return "/" }
        var folder = p[..<slash]
        while folder.count > 1, folder.hasSuffix("/") { folder = folder.dropLast() }
        return String(folder)
    }
}
