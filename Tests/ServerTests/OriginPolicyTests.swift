import Foundation
import Testing
@testable import Server

@Suite struct OriginPolicyTests {
    func request(_ method: String = "POST", headers: [String: String], body: String = "{}") -> HTTPRequest {
        HTTPRequest(method: method, path: "/api/login", query: [:], headers: headers, cookies: [:], body: Array(body.utf8), bodyTooLarge: false)
    }

    let json = ["host": "127.0.0.1:8080", "content-type": "application/json"]

    @Test func normalizesOrigins() {
        #expect(OriginPolicy.normalize("HTTP://Quiz.Example.com:80") == "http://quiz.example.com")
        #expect(OriginPolicy.normalize("https://quiz.example.com:443/") == "https://quiz.example.com")
        #expect(OriginPolicy.normalize("https://quiz.example.com:8443") == "https://quiz.example.com:8443")
        for bad in ["null", "quiz.example.com", "ftp://x", "https://x/path", "https://u@x", "https://x?q", ""] {
            #expect(OriginPolicy.normalize(bad) == nil, "\(bad)")
        }
    }

    @Test func theServersOwnOriginAndProgramsWithoutOriginPass() {
        let p = OriginPolicy()
        #expect(p.refusal(request(headers: json.merging(["origin": "http://127.0.0.1:8080"]) { $1 })) == nil)
        #expect(p.refusal(request(headers: json.merging(["sec-fetch-site": "same-origin"]) { $1 })) == nil)
        #expect(p.refusal(request(headers: json)) == nil, "curl sends neither Origin nor Sec-Fetch-Site")
        #expect(p.refusal(request(headers: json.merging(["content-type": "application/json; charset=utf-8"]) { $1 })) == nil)
        #expect(p.refusal(request(headers: ["host": "127.0.0.1:8080", "origin": "http://127.0.0.1:8080"], body: "")) == nil, "no body, no type needed")
        #expect(p.refusal(request("GET", headers: ["origin": "http://evil.example"], body: "")) == nil, "reads change nothing")
    }

    @Test(arguments: [
        ["origin": "http://evil.example"],
        ["origin": "http://127.0.0.1:8081"], // same site, another port
        ["origin": "http://sub.127.0.0.1:8080"],
        ["origin": "https://127.0.0.1:8080"],
        ["origin": "null"],
        ["sec-fetch-site": "same-site"],
        ["sec-fetch-site": "cross-site"],
    ])
    func otherOriginsAre403(extra: [String: String]) {
        let refusal = OriginPolicy().refusal(request(headers: json.merging(extra) { $1 }))
        #expect(refusal?.status == 403)
        for method in ["PUT", "DELETE", "PATCH"] {
            #expect(OriginPolicy().refusal(request(method, headers: json.merging(extra) { $1 }))?.status == 403)
        }
    }

    @Test func aBodyOtherThanJSONIs403() {
        for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx"] {
            #expect(OriginPolicy().refusal(request(headers: ["content-type": type]))?.status == 403, "\(type)")
        }
        #expect(OriginPolicy().refusal(request(headers: [:]))?.status == 403, "no type")
        for type in ["application/json", "Application/JSON ; charset=utf-8", " application/json\t", "application/json;charset=UTF-8"] {
            #expect(OriginPolicy().refusal(request(headers: ["content-type": type])) == nil, "\(type)")
        }
        #expect(OriginPolicy.mediaType(" ; x") == "" && OriginPolicy.mediaType("") == "")
    }

    @Test func allowedOriginsPassForAProxy() throws {
        let p = try OriginPolicy(allowedOrigins: ["https://Quiz.Example.com:443"])
        // Behind a TLS proxy that forwards Host: the browser's origin is https.
        let proxied = ["host": "quiz.example.com", "content-type": "application/json", "origin": "https://quiz.example.com"]
        #expect(p.refusal(request(headers: proxied)) == nil)
        #expect(OriginPolicy().refusal(request(headers: proxied))?.status == 403)
        #expect(p.refusal(request(headers: proxied.merging(["origin": "https://evil.example"]) { $1 }))?.status == 403)
        #expect(throws: ServerError.self) { try OriginPolicy(allowedOrigins: ["quiz.example.com"]) }
    }
}
