import CZlib

// The one file that imports zlib.

/// What inflating a whole zlib stream found.
enum ZlibStreamState: Equatable, Sendable {
    /// The stream reaches its end marker (trailing bytes, if any, are not looked at).
    case complete
    /// The input ends before the stream does: the file was cut short.
    case truncated
    /// zlib refused the data (not a zlib stream, or damaged); `message` is zlib's own.
    case invalid(message: String)
}

/// Checks zlib streams by inflating them into a scratch buffer that is thrown away.
///
/// Why: libgit2 1.5.1 (Debian 12) loops forever when it reads a loose object whose zlib
/// stream is cut short (libgit2 issue #7342: `git_zstream_get_output` retries on
/// `Z_BUF_ERROR` without new input; fixed upstream by pull request #7346). zlib itself
/// reports the truncation as `Z_BUF_ERROR` with no progress, which ends this check.
enum ZlibStream {
    /// Whether `bytes` hold a complete zlib stream.
    static func state(of bytes: [UInt8]) -> ZlibStreamState {
        var stream = z_stream()
        guard casebook_inflate_init(&stream) == Z_OK else { return .invalid(message: "zlib could not start") }
        defer { inflateEnd(&stream) }
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        return bytes.withUnsafeBufferPointer { input -> ZlibStreamState in
            guard let base = input.baseAddress else { return .truncated }
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = uInt(input.count)
            return scratch.withUnsafeMutableBufferPointer { output -> ZlibStreamState in
                while true {
                    stream.next_out = output.baseAddress
                    stream.avail_out = uInt(output.count)
                    let code = inflate(&stream, Z_NO_FLUSH)
                    switch code {
                    case Z_STREAM_END:
                        return .complete
                    case Z_OK:
                        continue // more output, or more input consumed: progress was made
                    case Z_BUF_ERROR:
                        // No progress with output room left: the input ended inside the stream.
                        return .truncated
                    default:
                        return .invalid(message: stream.msg.map { String(cString: $0) } ?? "zlib error \(code)")
                    }
                }
            }
        }
    }
}
