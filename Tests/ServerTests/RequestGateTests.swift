import Foundation
import Testing
@testable import Server

/// The gate in front of the API, through a running server.
@Suite struct RequestGateTests {
    @Test func crossOriginAndTextPlainSignInsAreRefusedWithoutASession() throws {
        let f = try ServerFixture()
        let token = try #require(f.tokens["amina"])
        let body = Data("{\"token\":\"\(token)\"}".utf8)
        let port = f.server.port
        for (headers, status) in [(["Origin": "http://evil.example"], 403), (["Origin": "http://127.0.0.1:\(port + 1)"], 403),
                                  (["Sec-Fetch-Site": "same-site"], 403), (["Content-Type": "text/plain"], 403)] as [([String: String], Int)] {
            let c = f.client()
            let r = c.send("POST", "/api/login", raw: body, headers: headers)
            #expect(r.status == status, "\(headers)")
            #expect(r.object["status"] as? Int == status && r.object["error"] is String)
            #expect(r.headers["set-cookie"] == nil && c.send("GET", "/api/me").status == 401)
        }
        let same = f.client()
        #expect(same.send("POST", "/api/login", raw: body, headers: ["Origin": "http://127.0.0.1:\(port)"]).status == 200)
        #expect(same.send("GET", "/api/me").status == 200)
    }

    @Test func aSignedInUsersSessionCannotBeUsedFromAnotherOrigin() throws {
        let f = try ServerFixture()
        let c = f.client("amina")
        let other = ["Origin": "http://127.0.0.1:\(f.server.port + 1)"]
        #expect(c.send("POST", "/api/attempts", json: ["blueprint": "practice"], headers: other).status == 403)
        #expect(c.send("POST", "/api/logout", headers: other).status == 403)
        #expect((c.send("GET", "/api/attempts").json as? [Any])?.isEmpty == true, "no attempt was started")
        #expect(c.send("POST", "/api/attempts", json: ["blueprint": "practice"]).status == 201, "a program without Origin still can")
    }

    @Test func failedSignInsFromOneAddressAreThrottledWithRetryAfter() throws {
        let f = try ServerFixture()
        let c = f.client()
        for _ in 0..<10 { #expect(c.login("wrong-token").status == 401) }
        let refused = c.login("wrong-token")
        #expect(refused.status == 429)
        let seconds = try #require(refused.headers["retry-after"].flatMap { Int($0) })
        #expect(seconds > 0 && seconds <= 60)
        #expect(c.login(f.tokens["amina"]!).status == 429, "a right token waits too: the answer must not tell")
        // Another address is not held back.
        let other = try RawConnection(port: f.server.port, from: "127.0.0.2")
        let r = other.exchange("POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"token\":\"bad\"}\n")
        #expect(statusCode(r) == 401)
        // Other endpoints are not throttled.
        #expect(c.send("GET", "/api/me").status == 401)
    }

    /// Behind nginx every request comes from the proxy's address: failed sign-ins are counted
    /// against the client address it forwards (`--proxy`), so one guesser does not lock every
    /// learner out; a client not behind a listed proxy cannot pick its address with the header.
    @Test func failedSignInsThroughAProxyAreCountedPerForwardedClient() {
        func login(from address: String, forwardedFor: String?) -> HTTPRequest {
            HTTPRequest(method: "POST", path: "/api/login", headers: forwardedFor.map { ["x-forwarded-for": $0] } ?? [:], clientAddress: address)
        }
        let gate = RequestGate(proxies: ["127.0.0.1"])
        for _ in 0..<10 { gate.observe(login(from: "127.0.0.1", forwardedFor: "203.0.113.9"), status: 401) }
        #expect(gate.refusal(login(from: "127.0.0.1", forwardedFor: "203.0.113.9"))?.status == 429, "the guesser is held back")
        #expect(gate.refusal(login(from: "127.0.0.1", forwardedFor: "198.51.100.7")) == nil, "another learner behind the same proxy is not")
        // A spoofed first entry does not help: the proxy's own (last) entry counts.
        #expect(gate.refusal(login(from: "127.0.0.1", forwardedFor: "198.51.100.7, 203.0.113.9"))?.status == 429)
        // Not from a listed proxy: the header is ignored.
        let direct = RequestGate()
        for _ in 0..<10 { direct.observe(login(from: "192.0.2.1", forwardedFor: "203.0.113.\(Int.random(in: 1...200))"), status: 401) }
        #expect(direct.refusal(login(from: "192.0.2.1", forwardedFor: "198.51.100.7"))?.status == 429)
    }

    /// `--proxy` takes IP addresses only (`inet_pton`), in any spelling, and matches the
    /// address as the server writes a connection's (`inet_ntop`), IPv4 also as a dual-stack
    /// listener writes it; anything else (a typo, a host name, a port) is no address.
    @Test func aProxyAddressIsReadAsAnIPAddressInTheFormConnectionsComeFrom() {
        #expect(RequestGate.proxyAddresses("127.0.0.1") == ["127.0.0.1", "::ffff:127.0.0.1"])
        #expect(RequestGate.proxyAddresses("0:0:0:0:0:0:0:1") == ["::1"])
        #expect(RequestGate.proxyAddresses("2001:DB8::0:1") == ["2001:db8::1"])
        for bad in ["127.0.0.l", "localhost", "127.0.0.1:8080", "", " 127.0.0.1", "256.0.0.1", "[::1]"] {
            #expect(RequestGate.proxyAddresses(bad) == nil, "\(bad)")
        }
        let gate = RequestGate(proxies: Set(RequestGate.proxyAddresses("0:0:0:0:0:0:0:1") ?? []))
        let login = HTTPRequest(method: "POST", path: "/api/login", headers: ["x-forwarded-for": "203.0.113.9"], clientAddress: "::1")
        for _ in 0..<10 { gate.observe(login, status: 401) }
        #expect(gate.refusal(login)?.status == 429)
        #expect(gate.refusal(HTTPRequest(method: "POST", path: "/api/login", headers: ["x-forwarded-for": "198.51.100.7"], clientAddress: "::1")) == nil,
                "counted against the forwarded client, not the proxy")
    }
}
