import Foundation
import Testing
@testable import Server

/// Handlers that answer later, from another thread, through `HTTPResponder`.
@Suite struct HTTPServerTests {
    @Test func answersLaterFromAnotherThreadWhileTheThreadServesOthers() throws {
        var limits = ServerLimits()
        limits.threads = 1
        let slowArrived = DispatchSemaphore(value: 0)
        let server = try HTTPServer(host: "127.0.0.1", port: 0, limits: limits) { (request: HTTPRequest, responder: HTTPResponder) in
            if request.path == "/slow" {
                DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) {
                    responder.respond(building: { HTTPResponse(status: 200, body: Array("slow".utf8)) })
                }
                slowArrived.signal()
            } else {
                responder.respond(HTTPResponse(status: 200, body: Array("fast".utf8)))
            }
        }
        defer { server.stop(grace: 1) }
        final class Box: @unchecked Sendable { var slow = ""; var slowDone = Date.distantFuture }
        let box = Box()
        let waiting = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let r = HTTPClient(port: server.port).send("GET", "/slow")
            box.slow = r.text
            box.slowDone = Date()
            waiting.signal()
        }
        #expect(slowArrived.wait(timeout: .now() + 10) == .success)
        // The only server thread is not held by the suspended request.
        let fast = HTTPClient(port: server.port).send("GET", "/fast")
        let fastDone = Date()
        #expect(fast.text == "fast")
        waiting.wait()
        #expect(box.slow == "slow")
        #expect(fastDone < box.slowDone)
    }

    @Test func aHandlerThatNeverAnswersGetsA500() throws {
        let server = try HTTPServer(host: "127.0.0.1", port: 0) { (_: HTTPRequest, _: HTTPResponder) in }
        defer { server.stop(grace: 1) }
        #expect(HTTPClient(port: server.port).send("GET", "/").status == 500)
    }

    @Test func stoppingWaitsForSuspendedRequests() throws {
        final class Answered: @unchecked Sendable { var at = Date.distantFuture }
        let answered = Answered()
        let arrived = DispatchSemaphore(value: 0)
        let server = try HTTPServer(host: "127.0.0.1", port: 0) { (_: HTTPRequest, responder: HTTPResponder) in
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) {
                answered.at = Date()
                responder.respond(HTTPResponse(status: 200))
            }
            arrived.signal()
        }
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { _ = HTTPClient(port: server.port).send("GET", "/"); done.signal() }
        #expect(arrived.wait(timeout: .now() + 10) == .success)
        usleep(20_000) // the handler has returned and the connection is suspended
        server.stop(grace: 0)
        let stopped = Date()
        #expect(answered.at <= stopped, "stop returned only after the suspended request was answered")
        _ = done.wait(timeout: .now() + 5)
    }

    /// Records what the handler saw.
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var requests: [HTTPRequest] = []
        func add(_ r: HTTPRequest) { lock.lock(); requests.append(r); lock.unlock() }
        var last: HTTPRequest? { lock.lock(); defer { lock.unlock() }; return requests.last }
    }

    @Test func theHandlerGetsThePathAsSentAndTheQueryDecoded() throws {
        let seen = Seen()
        let server = try HTTPServer(host: "127.0.0.1", port: 0) { (r: HTTPRequest) in seen.add(r); return HTTPResponse(status: 200) }
        defer { server.stop(grace: 1) }
        let reply = try RawConnection(port: server.port).exchange("GET /a%25b%2Fc%00d?x=1%20y&z=%25 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(statusCode(reply) == 200)
        #expect(seen.last?.path == "/a%25b%2Fc%00d", "decoded once, by whoever reads the path")
        #expect(seen.last?.query == ["x": "1 y", "z": "%"])
    }

    @Test func theHandlerGetsTheClientAddress() throws {
        let seen = Seen()
        let server = try HTTPServer(host: "127.0.0.1", port: 0) { (r: HTTPRequest) in seen.add(r); return HTTPResponse(status: 200) }
        defer { server.stop(grace: 1) }
        _ = try RawConnection(port: server.port).exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(seen.last?.clientAddress == "127.0.0.1")
        _ = try RawConnection(port: server.port, from: "127.0.0.2").exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(seen.last?.clientAddress == "127.0.0.2")
    }

    @Test func http11WithoutHostIs400() throws {
        let seen = Seen()
        let server = try HTTPServer(host: "127.0.0.1", port: 0) { (r: HTTPRequest) in seen.add(r); return HTTPResponse(status: 200) }
        defer { server.stop(grace: 1) }
        #expect(statusCode(try RawConnection(port: server.port).exchange("GET / HTTP/1.1\r\n\r\n")) == 400)
        #expect(seen.last == nil, "the handler never saw it")
        #expect(statusCode(try RawConnection(port: server.port).exchange("GET / HTTP/1.0\r\n\r\n")) == 200, "HTTP/1.0 has no Host requirement")
    }

    @Test func aRequestAnsweredAfterTheRequestDeadlineIsStillAnswered() throws {
        var limits = ServerLimits()
        limits.requestSeconds = 1
        let server = try HTTPServer(host: "127.0.0.1", port: 0, limits: limits) { (_: HTTPRequest, responder: HTTPResponder) in
            DispatchQueue.global().asyncAfter(deadline: .now() + 2) { responder.respond(HTTPResponse(status: 200, body: Array("late".utf8))) }
        }
        defer { server.stop(grace: 1) }
        let reply = try RawConnection(port: server.port).exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(statusCode(reply) == 200 && body(reply) == "late", "the deadline is on receiving the request, not on answering it")
    }
}
