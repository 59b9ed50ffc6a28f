import Foundation
import Testing

/// What every command pays before it starts: FFmpeg's libraries (and the codec libraries they
/// bring) are loaded only when a clip is processed, not by `build` or any other command.
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
}
