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
}
