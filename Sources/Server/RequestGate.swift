import Foundation

/// The checks an API request passes before it is routed: its origin and body type
/// (`OriginPolicy`) and, for a sign-in, its address's recent failures (`LoginThrottle`).
public struct RequestGate: Sendable {
    /// Which origins may send API requests with a body, and the JSON content-type rule.
    public var origins: OriginPolicy
    /// Failed sign-ins counted per client address.
    public var logins: LoginThrottle

    /// A gate with the given origin policy and login throttle (defaults: own origin only, default throttle).
    public init(origins: OriginPolicy = OriginPolicy(), logins: LoginThrottle = LoginThrottle()) {
        self.origins = origins
        self.logins = logins
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
        if Self.isLogin(request), let seconds = logins.retryAfter(request.clientAddress) {
            return Refusal(status: 429, message: "too many failed sign-ins from this address; try again in \(seconds) s",
                           headers: [("Retry-After", String(seconds))])
        }
        return nil
    }

    /// Notes the outcome of a routed request (a failed sign-in counts against its address).
    func observe(_ request: HTTPRequest, status: Int?) {
        if status == 401, Self.isLogin(request) { logins.failed(request.clientAddress) }
    }
}
