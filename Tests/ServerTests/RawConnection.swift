import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP connection for tests that need what URLSession hides: the bytes as sent,
/// the source address (127.0.0.2 is another client), and whether the server closed the
/// connection or merely said nothing.
final class RawConnection {
    let fd: Int32

    /// What a read found.
    enum Outcome: Equatable {
        case data(String)
        /// The server closed the connection (end of stream, or reset).
        case closed
        /// Nothing arrived before the receive timeout; the connection is still open.
        case timedOut
        case failed(Int32)

        var text: String { if case .data(let s) = self { return s } else { return "" } }
    }

    /// Connects to 127.0.0.1:`port` from `source` (any 127.x.y.z address is loopback on Linux).
    /// A failed connection closes its socket before `fd` is set: had `fd` been set, `deinit`
    /// would close the number a second time as the error left, and under parallel tests that
    /// number may by then be another test's socket (a server's listening socket, which
    /// libmicrohttpd then aborts on).
    init(port: Int, from source: String = "127.0.0.1", timeout: Double = 5) throws {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, source, &local.sin_addr)
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr)
        Self.setTimeout(timeout, on: socketFD)
        let bound = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        let connected = withUnsafePointer(to: &remote) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, connected == 0 else {
            let code = errno
            close(socketFD)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
        fd = socketFD
    }

    deinit { close(fd) }

    func setTimeout(_ seconds: Double) { Self.setTimeout(seconds, on: fd) }

    private static func setTimeout(_ seconds: Double, on fd: Int32) {
        var t = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &t, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sends `text`; false when the connection is gone.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// One read of up to `limit` bytes.
    func receive(limit: Int = 65536) -> Outcome {
        var buffer = [UInt8](repeating: 0, count: limit)
        let n = recv(fd, &buffer, buffer.count, 0)
        if n > 0 { return .data(String(decoding: buffer[0..<n], as: UTF8.self)) }
        if n == 0 { return .closed }
        switch errno {
        case EAGAIN, EWOULDBLOCK: return .timedOut
        case ECONNRESET: return .closed
        default: return .failed(errno)
        }
    }

    /// True when the server has closed the connection (checked without waiting).
    var isClosed: Bool {
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, Int32(MSG_DONTWAIT | MSG_PEEK))
        return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    /// Sends `request` and reads one whole response (its head, and a body of Content-Length
    /// bytes unless `head` says there is none); the outcome of the failing read otherwise.
    func exchange(_ request: String, head: Bool = false) -> Outcome {
        guard send(request) else { return .closed }
        var text = ""
        while true {
            if let end = text.range(of: "\r\n\r\n") {
                let length = text[..<end.lowerBound].split(separator: "\r\n")
                    .first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                if head || text.utf8.count - text[..<end.upperBound].utf8.count >= length { return .data(text) }
            }
            let outcome = receive()
            guard case .data(let more) = outcome else { return text.isEmpty ? outcome : .data(text) }
            text += more
        }
    }
}

/// The status code of a raw response ("HTTP/1.1 200 OK" -> 200), or nil.
func statusCode(_ outcome: RawConnection.Outcome) -> Int? {
    let parts = outcome.text.split(separator: " ", maxSplits: 2)
    return parts.count > 1 ? Int(parts[1]) : nil
}

/// A header of a raw response, by case-insensitive name.
func header(_ name: String, _ outcome: RawConnection.Outcome) -> String? {
    let head = outcome.text.components(separatedBy: "\r\n\r\n").first ?? ""
    for line in head.split(separator: "\r\n").dropFirst() {
        let pair = line.split(separator: ":", maxSplits: 1)
        if pair.count == 2, pair[0].lowercased() == name.lowercased() { return pair[1].trimmingCharacters(in: .whitespaces) }
    }
    return nil
}

/// The body of a raw response.
func body(_ outcome: RawConnection.Outcome) -> String {
    guard let range = outcome.text.range(of: "\r\n\r\n") else { return "" }
    return String(outcome.text[range.upperBound...])
}
