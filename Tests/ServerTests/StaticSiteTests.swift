import Foundation
import Testing
@testable import Server

@Suite struct StaticSiteTests {
    @Test func servesFilesWithTypesETagsAnd304() throws {
        let f = try ServerFixture()
        let c = f.client()
        let home = c.send("GET", "/")
        #expect(home.status == 200 && home.text == "<h1>Home</h1>")
        #expect(home.headers["content-type"] == "text/html; charset=utf-8")
        #expect(home.headers["x-content-type-options"] == "nosniff")
        #expect(c.send("GET", "/assets/style.css").headers["content-type"] == "text/css; charset=utf-8")
        let etag = try #require(home.headers["etag"])
        #expect(c.send("GET", "/index.html", headers: ["If-None-Match": etag]).status == 304)
        #expect(c.send("GET", "/index.html", headers: ["If-None-Match": "\"stale\""]).status == 200)
    }

    @Test(arguments: ["/sop/../../outside/secret.txt", "/sop/%2e%2e/%2e%2e/outside/secret.txt", "/%2e%2e/outside/secret.txt",
                      "/sop/%252e%252e/outside/secret.txt", "/leak.txt", "/empty/", "/.casebook-build", "/nothing.html", "/sop/..%2f..%2foutside/secret.txt"])
    func traversalSymlinksListingsAndMissingFilesGetThe404Page(path: String) throws {
        let f = try ServerFixture()
        let r = f.client().send("GET", path)
        #expect(r.status == 404)
        #expect(r.text == "<h1>Not here</h1>")
    }

    @Test func onlyGetAndHeadOnFiles() throws {
        let f = try ServerFixture()
        let r = f.client().send("POST", "/index.html", raw: Data("x".utf8))
        #expect(r.status == 405)
        #expect(r.headers["allow"] == "GET, HEAD")
        #expect(f.client().send("HEAD", "/index.html").status == 200)
    }

    @Test func aPercentSignInAFileNameIsReachableDecodedOnce() throws {
        let f = try ServerFixture()
        try f.tree.write("site/100%.txt", "all")
        let r = f.client().send("GET", "/100%25.txt")
        #expect(r.status == 200 && r.text == "all")
        #expect(f.client().send("GET", "/100%2525.txt").status == 404, "%2525 is the name '100%25.txt', which does not exist")
    }

    @Test func aNulInThePathIs400NotTheFileBeforeIt() throws {
        let f = try ServerFixture()
        let r = try RawConnection(port: f.server.port).exchange("GET /index.html%00.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(statusCode(r) == 400)
        #expect(!body(r).contains("Home"))
    }

    @Test func headAnswersTheLengthOfWhatGetWouldSend() throws {
        let f = try ServerFixture()
        let c = try RawConnection(port: f.server.port)
        let head = c.exchange("HEAD /index.html HTTP/1.1\r\nHost: x\r\n\r\n", head: true)
        #expect(statusCode(head) == 200)
        #expect(header("Content-Length", head) == "13")
        #expect(body(head) == "", "no body after the head")
        let missing = c.exchange("HEAD /nothing.html HTTP/1.1\r\nHost: x\r\n\r\n", head: true)
        #expect(statusCode(missing) == 404 && header("Content-Length", missing) == "17") // <h1>Not here</h1>
        // The connection is still in step: the next answer is GET's, with its body.
        let get = c.exchange("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(statusCode(get) == 200 && body(get) == "<h1>Home</h1>")
    }
}
