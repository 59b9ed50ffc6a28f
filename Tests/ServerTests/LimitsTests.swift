import Foundation
import Testing
@testable import Server

/// Raw socket checks of the server's limits.
@Suite struct LimitsTests {
    func connect(_ port: Int) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        return fd
    }

    func exchange(_ fd: Int32, _ request: [UInt8]) -> String {
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = recv(fd, &buffer, buffer.count, 0)
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
    }

    @Test func oversizedHeadersGet431() throws {
        let f = try ServerFixture()
        let fd = connect(f.server.port)
        defer { close(fd) }
        let reply = exchange(fd, Array("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 70_000))\r\n\r\n".utf8))
        #expect(reply.hasPrefix("HTTP/1.1 431"))
    }

    @Test func connectionsBeyondTheLimitAreRefused() throws {
        var limits = ServerLimits()
        limits.maxConnections = 2
        limits.threads = 1
        let f = try ServerFixture(limits: limits)
        let held = [connect(f.server.port), connect(f.server.port)]
        usleep(200_000)
        let extra = connect(f.server.port)
        defer { (held + [extra]).forEach { close($0) } }
        #expect(exchange(extra, Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)) == "", "the third connection is closed without an answer")
        #expect(exchange(held[0], Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)).hasPrefix("HTTP/1.1 200"))
    }

    @Test func idleConnectionsAreClosedAfterTheTimeout() throws {
        var limits = ServerLimits()
        limits.timeoutSeconds = 1
        let f = try ServerFixture(limits: limits)
        let fd = connect(f.server.port)
        defer { close(fd) }
        let start = Date()
        var buffer = [UInt8](repeating: 0, count: 16)
        let n = recv(fd, &buffer, buffer.count, 0)
        #expect(n == 0, "the server closed the idle connection")
        #expect(Date().timeIntervalSince(start) < 4)
    }
}
