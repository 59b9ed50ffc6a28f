import Foundation
import Handbook

/// The templates and static files a site is rendered with.
public struct Theme: Sendable {
    /// The page layout.
    public var layout: Template
    /// Files copied to the site as they are (CSS, JS, images), by site path.
    public var files: [String: [UInt8]]
    /// Changes whenever any theme file changes.
    public var fingerprint: UInt64

    /// The built-in theme with any files from `overrideDirectory` laid over it.
    public static func load(overrideDirectory: String?) throws(HandbookError) -> Theme {
        var sources: [String: [UInt8]] = DefaultTheme.files
        var origin: [String: String] = [:]
        if let dir = overrideDirectory, FileManager.default.fileExists(atPath: dir) {
            let (files, diagnostics) = try ContentTree.scan(dir)
            if diagnostics.hasErrors { throw HandbookError(diagnostics) }
            for file in files {
                sources[file.path] = try ContentTree.read(file.absolutePath)
                origin[file.path] = dir + "/" + file.path
            }
        }
        guard let layoutBytes = sources.removeValue(forKey: "layout.html"),
              let layoutText = String(validating: layoutBytes, as: UTF8.self) else {
            throw HandbookError(file: origin["layout.html"] ?? "layout.html", "the theme layout is not valid UTF-8")
        }
        let layout = try Template(layoutText, file: origin["layout.html"] ?? "theme layout.html")
        if !layout.names.contains("main") {
            throw HandbookError(file: origin["layout.html"] ?? "layout.html", "the layout has no {{{main}}} slot, so pages would be empty; add {{{main}}} where the page content goes")
        }
        var f = Fingerprint()
        f.add(bytes: layoutBytes)
        for (path, bytes) in sources.sorted(by: { $0.key < $1.key }) { f.add(path); f.add(bytes: bytes) }
        return Theme(layout: layout, files: sources, fingerprint: f.value)
    }
}
