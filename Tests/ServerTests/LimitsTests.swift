import Foundation
import Testing
@testable import Server

/// Raw socket checks of the server's limits.
@Suite struct LimitsTests {
    @Test func oversizedHeadersGet431() throws {
        let f = try ServerFixture()
        let c = try RawConnection(port: f.server.port)
        let reply = c.exchange("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 70_000))\r\n\r\n")
        #expect(reply.text.hasPrefix("HTTP/1.1 431"))
    }

    /// At the limit libmicrohttpd stops accepting: a further connection waits in the listen
    /// queue, unanswered, until a held one closes. (This test used to take a 5 s receive
    /// timeout for "closed"; issue 11.)
    @Test func connectionsBeyondTheLimitWaitUnansweredUntilOneCloses() throws {
        var limits = ServerLimits()
        limits.maxConnections = 2
        limits.maxConnectionsPerClient = 0 // this test is about the total
        limits.threads = 1
        let f = try ServerFixture(limits: limits)
        var held: [RawConnection] = [try RawConnection(port: f.server.port), try RawConnection(port: f.server.port)]
        usleep(200_000)
        let extra = try RawConnection(port: f.server.port, timeout: 1)
        #expect(extra.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n") == .timedOut, "no answer while two connections are held")
        #expect(held[0].exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").text.hasPrefix("HTTP/1.1 200"))
        held.removeLast() // closes it
        extra.setTimeout(5)
        #expect(extra.receive().text.hasPrefix("HTTP/1.1 200"), "answered once a connection closed")
    }

    @Test func idleConnectionsAreClosedAfterTheTimeout() throws {
        var limits = ServerLimits()
        limits.timeoutSeconds = 1
        let f = try ServerFixture(limits: limits)
        let c = try RawConnection(port: f.server.port)
        let start = Date()
        #expect(c.receive() == .closed, "the server closed the idle connection")
        #expect(Date().timeIntervalSince(start) < 4)
    }

    /// Issue 11: a read that timed out was taken for a closed connection.
    @Test func aSilentServerReadsAsTimedOutNotClosed() throws {
        let f = try ServerFixture()
        let c = try RawConnection(port: f.server.port, timeout: 0.5)
        #expect(c.send("GET / HTTP/1.1\r\nHost: x\r\n")) // the head is not finished: no answer yet
        #expect(c.receive() == .timedOut)
        #expect(c.exchange("\r\n").text.hasPrefix("HTTP/1.1 200"), "the connection was still open")
    }
}

/// Slow and greedy clients: a per-address connection limit and a deadline on receiving each request.
@Suite struct SlowClientTests {
    @Test func connectionsFromOneAddressBeyondItsLimitAreClosedAndOthersServed() throws {
        var limits = ServerLimits()
        limits.maxConnectionsPerClient = 3
        let f = try ServerFixture(limits: limits)
        let greedy = try (0..<3).map { _ in try RawConnection(port: f.server.port, from: "127.0.0.2") }
        usleep(200_000)
        let fourth = try RawConnection(port: f.server.port, from: "127.0.0.2")
        #expect(fourth.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n") == .closed)
        #expect(try RawConnection(port: f.server.port).exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").text.hasPrefix("HTTP/1.1 200"))
        #expect(greedy[0].exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").text.hasPrefix("HTTP/1.1 200"))
    }

    @Test func aRequestTrickledInSlowerThanTheDeadlineIsCut() throws {
        var limits = ServerLimits()
        limits.requestSeconds = 1
        let f = try ServerFixture(limits: limits) // idle timeout 15 s: each line below resets it
        let c = try RawConnection(port: f.server.port)
        let start = Date()
        c.send("GET / HTTP/1.1\r\nHost: x\r\n")
        while !c.isClosed && Date().timeIntervalSince(start) < 6 {
            usleep(300_000)
            c.send("X-Slow: 1\r\n")
        }
        let lived = Date().timeIntervalSince(start)
        #expect(c.isClosed)
        #expect(lived >= 0.9 && lived < 3, "closed after \(lived) s, the deadline is 1 s")
    }

    @Test func anIdleKeepAliveConnectionIsClosedAfterTheDeadline() throws {
        var limits = ServerLimits()
        limits.requestSeconds = 1
        let f = try ServerFixture(limits: limits)
        let c = try RawConnection(port: f.server.port)
        #expect(c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").text.hasPrefix("HTTP/1.1 200"))
        let answered = Date()
        c.setTimeout(6)
        #expect(c.receive() == .closed)
        #expect(Date().timeIntervalSince(answered) < 3)
    }

    /// Issue 12's slowloris: 300 connections from one address, each sending a header line
    /// every second (well inside the idle timeout) and reconnecting when dropped, for 9 s.
    /// A client at another address still gets every one of its 7 requests answered, and no
    /// slow connection lives much beyond the request deadline.
    @Test func slowlorisFromOneAddressDoesNotStarveAnother() throws {
        var limits = ServerLimits()
        limits.requestSeconds = 3
        let f = try ServerFixture(limits: limits)
        let port = f.server.port
        let start = Date()
        final class Attack: @unchecked Sendable {
            var connects = 0
            var longest = 0.0
            var cut = 0
        }
        let attack = Attack()
        let attackDone = DispatchSemaphore(value: 0), attackOpen = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            var open: [(connection: RawConnection, since: Date)] = []
            while Date().timeIntervalSince(start) < 9 {
                while open.count < 300 && attack.connects < 3000, let c = try? RawConnection(port: port, from: "127.0.0.2", timeout: 0.01) {
                    attack.connects += 1
                    c.send("GET / HTTP/1.1\r\nHost: x\r\n")
                    open.append((c, Date()))
                }
                if attack.connects == open.count { attackOpen.signal() } // the first 300 are open
                usleep(1_000_000)
                open.removeAll { c in
                    let lived = Date().timeIntervalSince(c.since)
                    guard c.connection.isClosed || !c.connection.send("X-Slow: 1\r\n") else {
                        attack.longest = max(attack.longest, lived)
                        return false
                    }
                    if lived > 1 { attack.cut += 1; attack.longest = max(attack.longest, lived) }
                    return true
                }
            }
            attackDone.signal()
        }
        #expect(attackOpen.wait(timeout: .now() + 10) == .success)
        usleep(500_000)
        var served = 0
        for _ in 0..<7 {
            let asked = Date()
            if let c = try? RawConnection(port: port, timeout: 5),
               c.exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").text.hasPrefix("HTTP/1.1 200"), Date().timeIntervalSince(asked) < 5 {
                served += 1
            }
            usleep(800_000)
        }
        attackDone.wait()
        #expect(served == 7, "\(served) of 7 requests served during the attack (\(attack.connects) slow connections opened)")
        #expect(attack.cut > 0, "slow connections were cut at the deadline")
        #expect(attack.longest < 3 + 2.5, "a slow connection lived \(attack.longest) s; the deadline is 3 s")
    }
}

/// Stopping while workers are at their connection limit. libmicrohttpd takes the listening
/// socket out of a worker's epoll set at the limit and back when a connection closes, on the
/// worker's thread; `MHD_quiesce_daemon` took it out of every worker's set from the stopping
/// thread, and when both did at once it aborted the process ("Failed to remove listen FD from
/// epoll set", once in a `make test` run; an open libmicrohttpd defect). Stopping now refuses
/// new connections through the accept policy instead, and never touches the epoll sets. The
/// race is too narrow to lose on demand (this loop passed before the change too): it stays as
/// a stress test of stopping at the limit.
/// Serialized: the two stress tests keep several threads busy, and the first test times a
/// stop against a new connection.
@Suite(.serialized) struct StopAtTheLimitTests {
    /// While a server stops, a request in flight is answered and a new connection is closed
    /// unanswered.
    @Test func stoppingAnswersWhatIsInFlightAndRefusesNewConnections() throws {
        let server = try HTTPServer(host: "127.0.0.1", port: 0) { _, responder in
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) {
                responder.respond(HTTPResponse(status: 200, headers: [("Content-Type", "text/plain")], body: Array("ok".utf8)))
            }
        }
        let inFlight = try RawConnection(port: server.port, timeout: 5)
        #expect(inFlight.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        usleep(100_000)
        let stopped = DispatchSemaphore(value: 0)
        Thread.detachNewThread { server.stop(grace: 5); stopped.signal() }
        usleep(100_000)
        if let late = try? RawConnection(port: server.port, timeout: 2) {
            let reply = late.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(!reply.text.hasPrefix("HTTP/1.1 200"), "a connection made while stopping is not served")
        }
        #expect(inFlight.receive().text.hasPrefix("HTTP/1.1 200"), "the request in flight is answered")
        stopped.wait()
    }

    /// A request read on an open connection while the server stops is answered within the
    /// stop's grace period; one whose answer outlasts it gets a 503 or a closed connection,
    /// and its late answer is dropped without harm.
    @Test(arguments: [(answerAfter: 0.3, grace: 5.0), (answerAfter: 1.5, grace: 0.5)])
    func aRequestReadWhileStoppingIsAnsweredWithinTheGracePeriod(answerAfter: Double, grace: Double) throws {
        let answered = DispatchSemaphore(value: 0)
        let server = try HTTPServer(host: "127.0.0.1", port: 0) { request, responder in
            let delay = request.path == "/slow" ? answerAfter : 0
            DispatchQueue.global().asyncAfter(deadline: .now() + delay) {
                responder.respond(HTTPResponse(status: 200, headers: [("Content-Type", "text/plain")], body: Array("ok".utf8)))
                if delay > 0 { answered.signal() }
            }
        }
        let open = try RawConnection(port: server.port, timeout: 5)
        #expect(open.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").text.hasPrefix("HTTP/1.1 200"))
        let stopped = DispatchSemaphore(value: 0)
        Thread.detachNewThread { server.stop(grace: grace); stopped.signal() }
        usleep(100_000)
        let reply = open.exchange("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n").text
        if answerAfter < grace {
            #expect(reply.hasPrefix("HTTP/1.1 200"), "answered before the grace period ended: \(reply)")
        } else {
            #expect(reply.isEmpty || reply.hasPrefix("HTTP/1.1 503"), "a 503 or nothing once the grace period ended: \(reply)")
        }
        shutdown(open.fd, Int32(SHUT_RDWR))
        #expect(stopped.wait(timeout: .now() + 10) == .success, "the server stopped")
        #expect(answered.wait(timeout: .now() + 5) == .success, "the late answer was given (and dropped)")
    }

    @Test func stoppingWhileConnectionsComeAndGoAtTheLimitNeverAborts() throws {
        var limits = ServerLimits()
        limits.maxConnections = 4
        limits.maxConnectionsPerClient = 0
        limits.threads = 4
        for _ in 0..<25 {
            let server = try HTTPServer(host: "127.0.0.1", port: 0, limits: limits) { _, responder in
                responder.respond(HTTPResponse(status: 200, headers: [("Content-Type", "text/plain")], body: Array("ok".utf8)))
            }
            let port = server.port
            let churning = DispatchGroup()
            let stopped = StopFlag()
            for _ in 0..<3 {
                DispatchQueue.global().async(group: churning) {
                    while true {
                        if stopped.isSet { break }
                        // Open and drop connections so each worker goes over and under its limit.
                        let held = (0..<6).compactMap { _ in try? RawConnection(port: port, timeout: 0.2) }
                        _ = held.first?.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                        usleep(2_000)
                    }
                }
            }
            usleep(30_000)
            server.stop(grace: 0.2)
            stopped.set()
            churning.wait()
        }
    }

    /// Stopping while clients keep sending requests on open connections whose answers come
    /// from another thread (as every commit-waiting request's does). libmicrohttpd aborts the
    /// process if it is stopped while a connection is suspended; `stop` waited until none
    /// was, but a request read after that wait could still suspend its connection before
    /// libmicrohttpd's workers stopped (a crashed CI run). Once stopping, a request waits for
    /// its answer on its own thread instead of suspending.
    @Test func stoppingWhileKeptAliveRequestsWaitForAnswersNeverAborts() throws {
        var limits = ServerLimits()
        limits.threads = 4
        for round in 0..<40 {
            let server = try HTTPServer(host: "127.0.0.1", port: 0, limits: limits) { _, responder in
                DispatchQueue.global().async {
                    responder.respond(HTTPResponse(status: 200, headers: [("Content-Type", "text/plain")], body: Array("ok".utf8)))
                }
            }
            let port = server.port
            let clients = DispatchGroup()
            let stopped = StopFlag()
            for _ in 0..<6 {
                clients.enter()
                Thread.detachNewThread {
                    defer { clients.leave() }
                    guard let c = try? RawConnection(port: port, timeout: 2) else { return }
                    while true {
                        if stopped.isSet { break }
                        // Pipelined: the next request is already read when the answer goes.
                        guard c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"),
                              case .data = c.receive() else { break }
                    }
                }
            }
            usleep(useconds_t(5_000 + (round % 5) * 3_000))
            server.stop(grace: 0)
            stopped.set()
            clients.wait()
        }
    }
}

/// A flag that one thread sets and others read.
private final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
