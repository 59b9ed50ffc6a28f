import Foundation

/// The repository's root folder (the one with Package.swift), for tests that read the sample
/// handbook in Content/ or the README.
public enum RepositoryRoot {
    public static let path: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }()
}
