import Foundation
import Testing

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
}
