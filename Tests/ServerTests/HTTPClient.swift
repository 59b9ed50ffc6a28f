import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal synchronous HTTP client for loopback tests, keeping its own session cookie.
final class HTTPClient: @unchecked Sendable {
    let base: String
    var cookie: String?
    let session: URLSession

    init(port: Int) {
        base = "http://127.0.0.1:\(port)"
        let config = URLSessionConfiguration.ephemeral
        config.httpShouldSetCookies = false
        config.timeoutIntervalForRequest = 20
        session = URLSession(configuration: config)
    }

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    @discardableResult
    func send(_ method: String, _ path: String, json: Any? = nil, raw: Data? = nil, headers: [String: String] = [:]) -> Reply {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        if let json { request.httpBody = try? JSONSerialization.data(withJSONObject: json) }
        if let raw { request.httpBody = raw }
        // The server takes bodies only as JSON (see OriginPolicy); a test sets another type explicitly.
        if request.httpBody != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let done = DispatchSemaphore(value: 0)
        final class Box: @unchecked Sendable { var reply = Reply(status: 0, headers: [:], body: Data()) }
        let box = Box()
        session.dataTask(with: request) { data, response, _ in
            if let http = response as? HTTPURLResponse {
                var h: [String: String] = [:]
                for (k, v) in http.allHeaderFields { h[String(describing: k).lowercased()] = String(describing: v) }
                box.reply = Reply(status: http.statusCode, headers: h, body: data ?? Data())
            }
            done.signal()
        }.resume()
        done.wait()
        let reply = box.reply
        if let setCookie = reply.headers["set-cookie"], let value = setCookie.split(separator: ";").first {
            cookie = String(value)
        }
        return reply
    }

    func login(_ token: String) -> Reply { send("POST", "/api/login", json: ["token": token]) }
}
