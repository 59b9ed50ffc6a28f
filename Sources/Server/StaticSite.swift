import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Serves the built site: safe path resolution, MIME types, ETags and 304s, the site's 404.
public struct StaticSite: Sendable {
    /// The site folder, resolved (symlinks followed).
    public let root: String

    /// Serves the built site under `root`; throws when it is not a folder.
    public init(root: String) throws(ServerError) {
        guard let resolved = realpath(root, nil) else {
            throw ServerError(message: "\(root): site folder not found; run 'casebook build' first or pass --site DIR")
        }
        self.root = String(cString: resolved)
        free(resolved)
    }

    static let types: [String: String] = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "json": "application/json", "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
        "gif": "image/gif", "webp": "image/webp", "ico": "image/x-icon", "txt": "text/plain; charset=utf-8",
        "pdf": "application/pdf", "woff2": "font/woff2", "xml": "application/xml",
    ]

    /// Security headers for every response: no sniffing, no framing, scripts from the site only.
    public static let securityHeaders: [(String, String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"),
    ]

    /// The file for a URL path (percent-encoded, as sent; decoded here once) inside the site,
    /// or nil (outside the site, hidden, missing, or a NUL in the path).
    func resolve(_ rawPath: String) -> String? {
        guard let decoded = rawPath.removingPercentEncoding, !decoded.contains("\0") else { return nil }
        let parts = decoded.split(separator: "/", omittingEmptySubsequences: true)
        for p in parts where p == ".." || p == "." || p.hasPrefix(".") { return nil }
        var path = root + "/" + parts.joined(separator: "/")
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return nil }
        if isDir.boolValue {
            path += "/index.html"
            guard FileManager.default.fileExists(atPath: path) else { return nil } // no directory listings
        }
        // Follow symlinks and make sure the real file is still inside the site.
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        let resolved = String(cString: real)
        return resolved.hasPrefix(root + "/") ? resolved : nil
    }

    /// The file for a GET or HEAD request, with security headers; 404/405 otherwise.
    public func respond(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            return HTTPResponse(status: 405, headers: [("Allow", "GET, HEAD"), ("Content-Type", "text/plain; charset=utf-8")] + Self.securityHeaders,
                                body: Array("Method not allowed\n".utf8))
        }
        if request.path.removingPercentEncoding?.contains("\0") == true {
            // A C string ends at NUL: `/index.html%00.txt` must not be taken for `/index.html`.
            return HTTPResponse(status: 400, headers: [("Content-Type", "text/plain; charset=utf-8")] + Self.securityHeaders,
                                body: Array("Bad request: the path contains a NUL byte (%00)\n".utf8))
        }
        guard let file = resolve(request.path) else { return notFound(request) }
        var info = stat()
        guard stat(file, &info) == 0 else { return notFound(request) }
        let etag = "\"\(String(info.st_size, radix: 16))-\(String(info.st_mtim.tv_sec, radix: 16))\(String(info.st_mtim.tv_nsec, radix: 16))\""
        let ext = (file as NSString).pathExtension.lowercased()
        var headers: [(String, String)] = [("ETag", etag), ("Content-Type", Self.types[ext] ?? "application/octet-stream"),
                                           ("Cache-Control", ext == "html" ? "no-cache" : "public, max-age=300")] + Self.securityHeaders
        headers.append(("Last-Modified", Self.httpDate(info.st_mtim.tv_sec)))
        if let match = request.headers["if-none-match"], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) {
            return HTTPResponse(status: 304, headers: headers)
        }
        guard let data = FileManager.default.contents(atPath: file) else { return notFound(request) }
        // HEAD too gets the body: libmicrohttpd sends its Content-Length and leaves the body out.
        return HTTPResponse(status: 200, headers: headers, body: [UInt8](data))
    }

    func notFound(_ request: HTTPRequest) -> HTTPResponse {
        let page = FileManager.default.contents(atPath: root + "/404.html").map { [UInt8]($0) } ?? Array("Not found\n".utf8)
        return HTTPResponse(status: 404, headers: [("Content-Type", "text/html; charset=utf-8")] + Self.securityHeaders, body: page)
    }

    static func httpDate(_ seconds: Int) -> String {
        var t = time_t(seconds)
        var tmValue = tm()
        gmtime_r(&t, &tmValue)
        var buffer = [CChar](repeating: 0, count: 64)
        let n = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &tmValue)
        return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
