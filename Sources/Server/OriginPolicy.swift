import Foundation

/// Refuses requests that a browser sent on another origin's behalf (cross-site request
/// forgery, including login CSRF and forms from another port or subdomain of the same site,
/// which `SameSite` cookies do not separate).
///
/// A request that may change state (any method but GET, HEAD and OPTIONS) must
/// - carry an `Origin` equal to the server's own origin (`http://` and the request's `Host`)
///   or to one of `allowedOrigins` (for a reverse proxy, e.g. `https://quiz.example.com`);
/// - or, without `Origin`, carry `Sec-Fetch-Site: same-origin` (or `none`: typed by the user);
/// - or carry neither header: browsers send `Origin` with every POST, so such a request
///   comes from a program (curl, a script), which forges nothing on a user's behalf;
/// and, if it has a body, say `Content-Type: application/json`, which no HTML form can send
/// and a cross-origin script can only send after a CORS preflight this server never grants.
public struct OriginPolicy: Sendable {
    /// Origins accepted besides the server's own, normalized (`scheme://host[:port]`, lowercase, no default port).
    public let allowedOrigins: Set<String>

    /// Only the server's own origin.
    public init() { allowedOrigins = [] }

    /// The server's own origin and `allowedOrigins` (each `http://host[:port]` or `https://host[:port]`).
    public init(allowedOrigins: [String]) throws(ServerError) {
        var set: Set<String> = []
        for origin in allowedOrigins {
            guard let normalized = Self.normalize(origin) else {
                throw ServerError(message: "--allowed-origin '\(origin)' is not an origin; give the scheme, host and port the browser shows, such as https://quiz.example.com or http://10.0.0.5:8080 (no path)")
            }
            set.insert(normalized)
        }
        self.allowedOrigins = set
    }

    /// `scheme://host[:port]` lowercased without the scheme's default port, or nil when
    /// `text` is not an http(s) origin (a path, query, user or `null` make it nil).
    static func normalize(_ text: String) -> String? {
        guard let c = URLComponents(string: text.hasSuffix("/") ? String(text.dropLast()) : text),
              let scheme = c.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = c.percentEncodedHost?.lowercased(), !host.isEmpty,
              c.percentEncodedPath.isEmpty, c.percentEncodedQuery == nil, c.percentEncodedFragment == nil, c.percentEncodedUser == nil
        else { return nil }
        let port = c.port.flatMap { ($0 == 80 && scheme == "http") || ($0 == 443 && scheme == "https") ? nil : $0 }
        return "\(scheme)://\(host)" + (port.map { ":\($0)" } ?? "")
    }

    /// The media type of a Content-Type value, lowercased, without its parameters and the
    /// blanks around it (`Application/JSON ; charset=utf-8` is `application/json`). Every
    /// request with a body asks this: Foundation's `trimmingCharacters` took 5% of an answer's CPU.
    static func mediaType(_ value: String) -> String {
        let type = value.prefix { $0 != ";" }
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = type.firstIndex(where: { !blank($0) }), let last = type.lastIndex(where: { !blank($0) }) else { return "" }
        return type[first...last].lowercased()
    }

    /// Why `request` is refused, or nil when it may go on: the status, the English message and
    /// its catalogue key (`error.server.*`) with the values, for the user's language.
    public func refusal(_ request: HTTPRequest) -> (status: Int, message: String, key: String, values: [String: String])? {
        guard !["GET", "HEAD", "OPTIONS"].contains(request.method) else { return nil }
        if let origin = request.headers["origin"] {
            let own = request.headers["host"].flatMap { Self.normalize("http://" + $0) }
            guard let o = Self.normalize(origin), o == own || allowedOrigins.contains(o) else {
                return (403, "cross-origin request refused: Origin \(origin) is not this server's origin (behind a proxy, start the server with --allowed-origin and the origin users open)",
                        "error.server.cross_origin", ["origin": origin])
            }
        } else if let site = request.headers["sec-fetch-site"], site != "same-origin" && site != "none" {
            return (403, "cross-origin request refused: Sec-Fetch-Site is \(site)", "error.server.fetch_site", ["site": site])
        }
        if !request.body.isEmpty {
            guard let header = request.headers["content-type"], Self.mediaType(header) == "application/json" else {
                return (403, "send the body as JSON with the header Content-Type: application/json", "error.server.json_body", [:])
            }
        }
        return nil
    }
}
