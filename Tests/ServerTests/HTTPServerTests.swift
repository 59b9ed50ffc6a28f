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
}
