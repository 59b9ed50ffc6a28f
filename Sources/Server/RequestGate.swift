import Foundation

/// The checks an API request passes before it is routed: its origin and body type
/// (`OriginPolicy`) and, for a sign-in, its address's recent failures (`LoginThrottle`).
public struct RequestGate: Sendable {
    /// Which origins may send API requests with a body, and the JSON content-type rule.
    public var origins: OriginPolicy
    /// Failed sign-ins counted per client address.
    public var logins: LoginThrottle
    /// Addresses of reverse proxies (nginx in front of several instances): a request from one
    /// is counted against the address the proxy appended to `X-Forwarded-For`, not the
    /// proxy's own, which every client would share. From any other address the header is
    /// ignored, so a client cannot choose the address it is counted against.
    public var proxies: Set<String>

    /// A gate with the given origin policy and login throttle (defaults: own origin only,
    /// default throttle, no proxy).
    public init(origins: OriginPolicy = OriginPolicy(), logins: LoginThrottle = LoginThrottle(), proxies: Set<String> = []) {
        self.origins = origins
        self.logins = logins
        self.proxies = proxies
    }

    /// The forms in which the server may see connections from the address `text` names
    /// (IPv4 such as 127.0.0.1, or IPv6 such as ::1, read by `inet_pton`): its canonical
    /// text (`inet_ntop`'s, as the server writes a client's address) and, for IPv4, the
    /// IPv4-mapped IPv6 form a dual-stack listener reports. Nil when `text` is no address
    /// (a host name, a port appended, a typo such as 127.0.0.l), which would never match.
    public static func proxyAddresses(_ text: String) -> [String]? {
        func canonical(_ family: Int32, _ address: UnsafeRawPointer, _ size: Int32) -> String? {
            var out = [CChar](repeating: 0, count: Int(size))
            guard inet_ntop(family, address, &out, socklen_t(size)) != nil else { return nil }
            return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1, let ipv4 = canonical(AF_INET, &v4, INET_ADDRSTRLEN) {
            return [ipv4, "::ffff:" + ipv4]
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1, let ipv6 = canonical(AF_INET6, &v6, INET6_ADDRSTRLEN) {
            return [ipv6]
        }
        return nil
    }

    /// The address a request is counted against: the last `X-Forwarded-For` entry (the one
    /// the proxy wrote) when it came from a proxy, else the connection's address.
    func client(_ request: HTTPRequest) -> String {
        guard proxies.contains(request.clientAddress), let forwarded = request.headers["x-forwarded-for"],
              let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty else {
            return request.clientAddress
        }
        return last
    }

    /// A refusal for an API request that must not be routed.
    struct Refusal {
        var status: Int
        /// The English message.
        var message: String
        /// Its catalogue key (`error.server.*`) and values, for the user's language.
        var key: String
        var values: [String: String] = [:]
        var headers: [(String, String)] = []
    }

    /// True for a request routed to the sign-in (the router reads the first part after /api/).
    static func isLogin(_ request: HTTPRequest) -> Bool {
        request.method == "POST" && request.path.split(separator: "/").dropFirst().first == "login"
    }

    /// Why `request` must not be routed, or nil.
    func refusal(_ request: HTTPRequest) -> Refusal? {
        if let r = origins.refusal(request) { return Refusal(status: r.status, message: r.message, key: r.key, values: r.values) }
        if Self.isLogin(request), let seconds = logins.retryAfter(client(request)) {
            return Refusal(status: 429, message: "too many failed sign-ins from this address; try again in \(seconds) s",
                           key: "error.server.sign_in_throttle", values: ["seconds": String(seconds)], headers: [("Retry-After", String(seconds))])
        }
        return nil
    }

    /// Notes the outcome of a routed request (a failed sign-in counts against its address).
    func observe(_ request: HTTPRequest, status: Int?) {
        if status == 401, Self.isLogin(request) { logins.failed(client(request)) }
    }
}
