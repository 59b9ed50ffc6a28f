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
        var message: String
        var headers: [(String, String)] = []
    }

    /// True for a request routed to the sign-in (the router reads the first part after /api/).
    static func isLogin(_ request: HTTPRequest) -> Bool {
        request.method == "POST" && request.path.split(separator: "/").dropFirst().first == "login"
    }

    /// Why `request` must not be routed, or nil.
    func refusal(_ request: HTTPRequest) -> Refusal? {
        if let r = origins.refusal(request) { return Refusal(status: r.status, message: r.message) }
        if Self.isLogin(request), let seconds = logins.retryAfter(client(request)) {
            return Refusal(status: 429, message: "too many failed sign-ins from this address; try again in \(seconds) s",
                           headers: [("Retry-After", String(seconds))])
        }
        return nil
    }

    /// Notes the outcome of a routed request (a failed sign-in counts against its address).
    func observe(_ request: HTTPRequest, status: Int?) {
        if status == 401, Self.isLogin(request) { logins.failed(client(request)) }
    }
}
