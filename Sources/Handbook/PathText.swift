import Foundation

/// Path arithmetic on plain strings. swift-corelibs-foundation's
/// `NSString.deletingLastPathComponent` traps on a one-character relative path ("C"), so
/// every module asks here instead.
public enum PathText {
    /// The folder holding `path`: "" for a bare name ("C", "casebook.db"), "/" for a
    /// top-level absolute path; trailing slashes are ignored ("a/b/" -> "a").
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
