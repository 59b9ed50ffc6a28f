import Foundation
import Testing
import CasebookTestSupport
import Media

/// What every command pays before it starts: FFmpeg's libraries and libvips (and the codec,
/// font and drawing libraries they bring) are loaded only when a clip or an image is
/// processed, not by `build` or any other command.
@Suite struct StartupTests {
    @Test func ffmpegIsNotLoadedAtStart() throws {
        // glibc's loader lists every library it loads when LD_DEBUG=files.
        let result = try CLIRunner.run(["--version"], environment: ["LD_DEBUG": "files"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("libcmark-gfm"), "the loader's list is there: \(result.stderr.prefix(500))")
        for library in ["libavformat", "libavcodec", "libswscale", "libavutil", "libx264"] {
            #expect(!result.stderr.contains(library + ".so"), "\(library) is loaded at start")
        }
    }

    @Test func vipsIsNotLoadedAtStart() throws {
        let result = try CLIRunner.run(["--version"], environment: ["LD_DEBUG": "files"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("libcmark-gfm"), "the loader's list is there: \(result.stderr.prefix(500))")
        // libvips and what only it brings (GIO, GObject, cairo, pango, librsvg, libgsf, HDF5, libjpeg).
        for library in ["libvips", "libgio-2.0", "libgobject-2.0", "libcairo", "libpango-1.0", "librsvg-2", "libgsf-1", "libhdf5", "libjpeg"] {
            #expect(!result.stderr.contains(library + ".so"), "\(library) is loaded at start")
        }
    }

    /// An import of images only hashes and cleans them without FFmpeg: the content-hash name is
    /// SHA-256 from libcrypto, as tokens are, so FFmpeg is loaded only for a clip.
    @Test func importingImagesDoesNotLoadFFmpeg() throws {
        let fixture = try BankFixture(["Content/ip.md": FixtureText.counterfeitSOP(actions: ["approve", "remove"], markets: "[ID]")])
        try FileManager.default.createDirectory(atPath: fixture.tree.path("Quizzes"), withIntermediateDirectories: true)
        try fixture.tree.write("in/media/photo.jpg", bytes: try MediaProcessor.fixtureImage(width: 40, height: 30))
        try fixture.tree.write("in/export.csv", CaseMediaImportTests.header + "\n" + CaseMediaImportTests.row(1, files: "photo.jpg") + "\n")
        let result = try CLIRunner.run(["cases", "import", fixture.tree.path("in/export.csv"), "--source", "QA sample 2026-W47",
                                        "--media", fixture.tree.path("in/media"), "--content", fixture.tree.path("Content"),
                                        "--quizzes", fixture.tree.path("Quizzes")], environment: ["LD_DEBUG": "files"])
        #expect(result.status == 0, "\(result.stdout.suffix(400)) \(result.stderr.split(separator: "\n").filter { !$0.contains("file=") && !$0.hasPrefix(" ") }.joined(separator: "\n"))")
        #expect(result.stderr.contains("libcrypto"), "the loader's list is there: \(result.stderr.prefix(500))")
        let stored = try FileManager.default.subpathsOfDirectory(atPath: fixture.tree.path("Quizzes")).filter { $0.contains("/media/") }
        #expect(stored.count == 3, "the image, its thumbnail and its blur are stored: \(stored)")
        for library in ["libavformat", "libavcodec", "libavutil"] {
            #expect(!result.stderr.contains(library + ".so"), "\(library) was loaded to import an image")
        }
    }
}
