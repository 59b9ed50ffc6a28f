import CasebookTestSupport
import Foundation
import Testing
@testable import Server

/// The site as `casebook preview` serves it: pages with the reload script, the events long poll.
@Suite struct PreviewSiteTests {
    static func serve(_ t: TempTree, wait: Double = 5) throws -> (PreviewSite, HTTPServer) {
        let preview = PreviewSite(site: try StaticSite(root: t.path("site")), script: Array("/* preview */".utf8), wait: wait)
        let server = try HTTPServer(host: "127.0.0.1", port: 0) { preview.handle($0, $1) }
        return (preview, server)
    }

    @Test func pagesCarryTheScriptAndFilesOnDiskDoNot() throws {
        let page = "<html><body><p>Text</p></body>\n</html>\n"
        let t = try TempTree(["site/index.html": page, "site/assets/site.js": "x();\n"])
        let (_, server) = try Self.serve(t)
        defer { server.stop(grace: 1) }
        let client = HTTPClient(port: server.port)
        let html = client.send("GET", "/index.html").text
        #expect(html == "<html><body><p>Text</p><script src=\"/__casebook/preview.js?build=1\" defer></script></body>\n</html>\n")
        #expect(t.read("site/index.html") == page)
        #expect(client.send("GET", "/assets/site.js").text == "x();\n")
        #expect(client.send("GET", "/__casebook/preview.js").text == "/* preview */")
        // The site's 404 page too, so a page removed by an edit still reloads.
        #expect(client.send("GET", "/gone.html").text.contains("/__casebook/preview.js"))
    }

    @Test func eventsWaitForTheNextBuildAndCarryItsErrors() throws {
        let t = try TempTree(["site/index.html": "<body></body>"])
        let (preview, server) = try Self.serve(t)
        defer { server.stop(grace: 1) }
        let client = HTTPClient(port: server.port)
        #expect(client.send("GET", "/__casebook/events?attempt=0").text == #"{"attempt":1,"build":1,"errors":[]}"#)

        let started = Date()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) {
            preview.finished(problems: [PreviewProblem(file: "a.md", line: 3, column: 7, severity: "error", message: "front matter: bad")])
        }
        let failed = client.send("GET", "/__casebook/events?attempt=1").text
        #expect(Date().timeIntervalSince(started) >= 0.25, "the request waited for the build")
        #expect(failed == #"{"attempt":2,"build":1,"errors":[{"column":7,"file":"a.md","line":3,"message":"front matter: bad","severity":"error"}]}"#)

        preview.finished(problems: [])
        #expect(client.send("GET", "/__casebook/events?attempt=2").text == #"{"attempt":3,"build":2,"errors":[]}"#)
        #expect(client.send("GET", "/index.html").text.contains("preview.js?build=2"))
    }

    @Test func aWaitWithNoBuildEndsWithTheSameState() throws {
        let t = try TempTree(["site/index.html": "<body></body>"])
        let (_, server) = try Self.serve(t, wait: 0.2)
        defer { server.stop(grace: 1) }
        #expect(HTTPClient(port: server.port).send("GET", "/__casebook/events?attempt=1").text == #"{"attempt":1,"build":1,"errors":[]}"#)
    }

    /// A reloaded page must get the rebuilt style sheet, scripts, index files and pictures:
    /// they were served for five minutes from the cache (`max-age=300`), so a theme edit
    /// reloaded the page with the old style.
    @Test func everyFileIsServedUncached() throws {
        let t = try TempTree(["site/index.html": "<body></body>", "site/assets/style.css": "body{}", "site/search/meta.js": "x"])
        let (_, server) = try Self.serve(t)
        defer { server.stop(grace: 1) }
        let client = HTTPClient(port: server.port)
        for path in ["/index.html", "/assets/style.css", "/search/meta.js"] {
            let reply = client.send("GET", path)
            #expect(reply.status == 200 && reply.headers["cache-control"] == "no-store", "\(path): \(reply.headers)")
            #expect(reply.headers["etag"] == nil)
        }
    }

    /// Only the preview's own address is answered: another name leading here is a web page
    /// that rebound its name to 127.0.0.1 to read drafts and build errors.
    @Test func onlyItsOwnAddressIsAnswered() {
        for ok in ["127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000", "192.168.1.20:8000", "docs.localhost:8000", nil, ""] {
            #expect(PreviewSite.isAllowedHost(ok, listening: "127.0.0.1"), "\(ok ?? "nil")")
        }
        for bad in ["rebind.attacker.example:8000", "attacker.example", "127.0.0.1.nip.io:8000", "localhost.attacker.example", "[evil]:80", "127.0.0.1:80x"] {
            #expect(!PreviewSite.isAllowedHost(bad, listening: "127.0.0.1"), "\(bad)")
        }
        #expect(PreviewSite.isAllowedHost("writer-laptop:8000", listening: "writer-laptop"))
        // Listening on every address, it is opened by this machine's names.
        #expect(PreviewSite.isAllowedHost("writer-laptop.office.example:8000", listening: "0.0.0.0"))
        #expect(PreviewSite.isAllowedHost("writer-laptop:8000", listening: "::"))
    }
}
