import CMicroHTTPD
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// The only file that imports libmicrohttpd. Everything leaving it is a Swift value.

/// An HTTP request as the application sees it.
public struct HTTPRequest: Sendable {
    public var method: String
    /// The path as sent (still percent-encoded), without the query.
    public var path: String
    public var query: [String: String]
    /// Header names are lowercased.
    public var headers: [String: String]
    public var body: [UInt8]
    /// True when the body was larger than the limit and was not read.
    public var bodyTooLarge: Bool

    public var cookies: [String: String] {
        var out: [String: String] = [:]
        for part in (headers["cookie"] ?? "").split(separator: ";") {
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2 { out[kv[0]] = kv[1] }
        }
        return out
    }
}

/// An HTTP response.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Limits that keep one client from exhausting the server.
public struct ServerLimits: Sendable {
    /// Request line plus headers, in bytes (libmicrohttpd's per-connection memory pool).
    public var maxHeaderBytes = 32 * 1024
    public var maxBodyBytes = 64 * 1024
    public var maxConnections: UInt32 = 256
    /// Idle seconds before a connection is closed.
    public var timeoutSeconds: UInt32 = 15
    /// Threads answering requests; most time is spent waiting for commits, so more than cores.
    public var threads: UInt32 = 32
    public init() {}
}

/// Errors starting the server.
public struct ServerError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// Per-request state kept by libmicrohttpd between callbacks.
private final class RequestState {
    var body: [UInt8] = []
    var tooLarge = false
}

/// The handler and limits, shared with libmicrohttpd's threads.
private final class ServerContext: @unchecked Sendable {
    let handler: @Sendable (HTTPRequest) -> HTTPResponse
    let limits: ServerLimits
    init(handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse, limits: ServerLimits) {
        self.handler = handler
        self.limits = limits
    }
}

/// Collects connection values (headers or query arguments) from libmicrohttpd.
private final class ValueBox {
    var values: [String: String] = [:]
    let lowercase: Bool
    init(lowercase: Bool) { self.lowercase = lowercase }
}

private let accessHandler: MHD_AccessHandlerCallback = { cls, connection, url, method, _, uploadData, uploadDataSize, conCls in
    guard let cls, let connection, let conCls, let uploadDataSize else { return .NO }
    let context = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
    if conCls.pointee == nil {
        conCls.pointee = Unmanaged.passRetained(RequestState()).toOpaque()
        return .YES
    }
    let state = Unmanaged<RequestState>.fromOpaque(conCls.pointee!).takeUnretainedValue()
    if uploadDataSize.pointee > 0 {
        let count = uploadDataSize.pointee
        if state.body.count + count > context.limits.maxBodyBytes {
            state.tooLarge = true
        } else if let uploadData {
            uploadData.withMemoryRebound(to: UInt8.self, capacity: count) { state.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: count)) }
        }
        uploadDataSize.pointee = 0
        return .YES
    }
    let request = HTTPRequest(
        method: method.map { String(cString: $0) } ?? "GET",
        path: url.map { String(cString: $0) } ?? "/",
        query: values(connection, .GET_ARGUMENT_KIND, lowercase: false),
        headers: values(connection, .HEADER_KIND, lowercase: true),
        body: state.body, bodyTooLarge: state.tooLarge)
    let response = context.handler(request)
    return send(response, on: connection)
}

private let completedHandler: MHD_RequestCompletedCallback = { _, _, conCls, _ in
    guard let conCls, let state = conCls.pointee else { return }
    Unmanaged<RequestState>.fromOpaque(state).release()
    conCls.pointee = nil
}

private func values(_ connection: OpaquePointer, _ kind: MHD_ValueKind, lowercase: Bool) -> [String: String] {
    let box = ValueBox(lowercase: lowercase)
    let unmanaged = Unmanaged.passRetained(box)
    defer { unmanaged.release() }
    _ = MHD_get_connection_values(connection, kind, { cls, _, key, value in
        guard let cls, let key else { return .YES }
        let box = Unmanaged<ValueBox>.fromOpaque(cls).takeUnretainedValue()
        let k = String(cString: key)
        box.values[box.lowercase ? k.lowercased() : k] = value.map { String(cString: $0) } ?? ""
        return .YES
    }, unmanaged.toOpaque())
    return box.values
}

private func send(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
    var body = response.body
    let r: OpaquePointer? = body.withUnsafeMutableBytes { raw in
        MHD_create_response_from_buffer(raw.count, raw.baseAddress, .RESPMEM_MUST_COPY)
    }
    guard let r else { return .NO }
    defer { MHD_destroy_response(r) }
    for (name, value) in response.headers { _ = MHD_add_response_header(r, name, value) }
    return MHD_queue_response(connection, UInt32(response.status), r)
}

/// An HTTP server on libmicrohttpd with a pool of threads.
public final class HTTPServer: @unchecked Sendable {
    private var daemon: OpaquePointer?
    private let context: Unmanaged<ServerContext>
    /// The port the server listens on (useful when started on port 0).
    public let port: Int
    public let host: String

    /// Starts listening on `host:port` (port 0 picks a free port).
    public init(host: String, port: Int, limits: ServerLimits = ServerLimits(), handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws(ServerError) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw ServerError(message: "--host '\(host)' is not an IPv4 address such as 127.0.0.1 or 0.0.0.0")
        }
        let context = Unmanaged.passRetained(ServerContext(handler: handler, limits: limits))
        self.context = context
        let flags = UInt32(MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_EPOLL.rawValue | MHD_USE_ITC.rawValue | MHD_USE_ERROR_LOG.rawValue)
        let started = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                casebook_mhd_start(flags, sa, accessHandler, context.toOpaque(), completedHandler, nil,
                                   limits.maxConnections, limits.timeoutSeconds, limits.maxHeaderBytes, limits.threads)
            }
        }
        guard let started else {
            context.release()
            throw ServerError(message: "cannot listen on \(host):\(port): \(String(cString: strerror(errno))); is the port in use? Try another --port")
        }
        daemon = started
        self.host = host
        self.port = Int(casebook_mhd_bound_port(started))
    }

    /// Stops accepting connections, lets requests in flight finish (up to `grace` seconds),
    /// then stops.
    public func stop(grace: TimeInterval = 10) {
        guard let d = daemon else { return }
        daemon = nil
        let listener = MHD_quiesce_daemon(d)
        if listener >= 0 { close(listener) }
        let deadline = Date().addingTimeInterval(grace)
        while casebook_mhd_connections(d) > 0 && Date() < deadline { usleep(20_000) }
        MHD_stop_daemon(d)
        context.release()
    }

    deinit { stop(grace: 0) }
}
