import Foundation
import Testing
@testable import Publishing
import CasebookTestSupport

/// The theme's real files (Sources/Publishing/Theme) and what the binary ships.
@Suite struct DefaultThemeFileTests {
    static let themeFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/Publishing/Theme").path

    @Test func everyThemeFileIsEmbeddedAsWritten() throws {
        // preview.js is embedded too, but only `casebook preview` serves it: never a site file.
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.themeFolder).filter { !$0.hasSuffix(".swift") && $0 != "i18n" && $0 != "preview.js" }.sorted()
        #expect(DefaultTheme.previewScript == Array(FileManager.default.contents(atPath: Self.themeFolder + "/preview.js") ?? Data()))
        #expect(!DefaultTheme.files.keys.contains { $0.hasSuffix("preview.js") })
        #expect(names.count == DefaultTheme.files.count, "a file in Sources/Publishing/Theme is missing from Package.swift's resources or from DefaultTheme.files")
        for name in names {
            let path = name == "layout.html" ? name : "assets/" + name
            let onDisk = try #require(FileManager.default.contents(atPath: Self.themeFolder + "/" + name), "\(name)")
            let shipped = try #require(DefaultTheme.files[path], "\(name) is not in DefaultTheme.files")
            let expected = path == "assets/search.js" || path == "assets/search-page.js" ? DefaultTheme.compacted(Array(onDisk)) : Array(onDisk)
            #expect(shipped == expected, "\(path) differs from \(name)")
        }
    }

    @Test func everyCatalogueIsEmbeddedAsWritten() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.themeFolder + "/i18n").sorted()
        #expect(names.map { "i18n/" + $0 } == DefaultTheme.catalogues.keys.sorted(), "a file in Sources/Publishing/Theme/i18n is missing from Package.swift's resources or from DefaultTheme.catalogues")
        for name in names {
            let onDisk = try #require(FileManager.default.contents(atPath: Self.themeFolder + "/i18n/" + name), "\(name)")
            #expect(DefaultTheme.catalogues["i18n/" + name] == Array(onDisk), "i18n/\(name) differs from what ships")
        }
    }

    /// The compacted scripts are not the files `make test` checks, so check what ships.
    @Test func shippedScriptsParse() throws {
        let node = ["/usr/bin/node", "/usr/bin/nodejs"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let nodePath = try #require(node, "install Debian's nodejs (make test does) to check the theme's scripts")
        let t = try TempTree([:])
        for (path, bytes) in DefaultTheme.files where path.hasSuffix(".js") {
            let file = t.path(String(path.split(separator: "/").last!))
            FileManager.default.createFile(atPath: file, contents: Data(bytes))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: nodePath)
            process.arguments = ["--check", file]
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(path) as shipped is not valid JavaScript (node --check \(file))")
        }
    }
}
