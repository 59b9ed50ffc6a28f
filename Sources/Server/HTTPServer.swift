import CMicroHTTPD
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// The only file that imports libmicrohttpd. Everything leaving it is a Swift value.

/// An HTTP request as the application sees it.
public struct HTTPRequest: Sendable {
    /// The request method as sent, e.g. `GET`.
    public var method: String
    /// The path as sent (still percent-encoded: decode it once), without the query.
    public var path: String
    /// Query arguments, decoded.
    public var query: [String: String]
    /// Header names are lowercased.
    public var headers: [String: String]
    /// Cookies by name, as libmicrohttpd parsed them from the Cookie header.
    public var cookies: [String: String]
    /// The request body; incomplete when `bodyTooLarge` (read only up to the limit).
    public var body: [UInt8]
    /// True when the body was larger than the limit and was not read.
    public var bodyTooLarge: Bool
    /// The client's IP address as text ("127.0.0.1"); empty when unknown.
    public var clientAddress: String

    /// A request as the server would pass it on; also for calling `CasebookApp.handle(_:)`
    /// without a socket (tests, fuzzing). `path` is percent-encoded, as sent.
    public init(method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:], cookies: [String: String] = [:],
                body: [UInt8] = [], bodyTooLarge: Bool = false, clientAddress: String = "") {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.cookies = cookies
        self.body = body
        self.bodyTooLarge = bodyTooLarge
        self.clientAddress = clientAddress
    }
}

/// An HTTP response.
public struct HTTPResponse: Sendable {
    /// The HTTP status code, e.g. 200.
    public var status: Int
    /// Response headers in the order they are sent.
    public var headers: [(String, String)]
    /// The body bytes; for HEAD, libmicrohttpd sends their Content-Length but not the bytes.
    public var body: [UInt8]
    /// When set, the body is this open file instead of `body`: libmicrohttpd sends it straight
    /// from the file (sendfile), never reading it into memory.
    public var file: ResponseFile?

    /// A response with `status`, `headers` and `body`.
    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response whose body is `file`, sent from the file.
    public init(status: Int, headers: [(String, String)] = [], file: ResponseFile) {
        self.init(status: status, headers: headers)
        self.file = file
    }

    /// The body as bytes: `body`, or the file's content (tests and tools answering without a socket).
    public var bodyBytes: [UInt8] { file?.contents() ?? body }
}

/// A regular file opened for a response body, with its size and modification time as it was
/// opened. Sent once: libmicrohttpd takes the descriptor and closes it after sending; a file
/// that is never sent is closed when the last copy of the response is dropped.
public final class ResponseFile: @unchecked Sendable {
    /// Size in bytes and modification time (seconds, nanoseconds), from fstat.
    public let size: Int
    public let modified: (seconds: Int, nanoseconds: Int)
    private let lock = NSLock()
    /// The descriptor until it is taken; guarded by `lock`.
    private var descriptor: Int32

    /// Opens `path` for reading; nil when it is missing, unreadable or not a regular file.
    public init?(path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            return nil
        }
        descriptor = fd
        size = Int(info.st_size)
        modified = (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec))
    }

    /// A validator for the file as opened: size and modification time, as the static site's.
    public var etag: String {
        "\"\(String(size, radix: 16))-\(String(modified.seconds, radix: 16))\(String(modified.nanoseconds, radix: 16))\""
    }

    /// The descriptor, for the one sender that takes it over (nil once taken).
    fileprivate func take() -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        guard descriptor >= 0 else { return nil }
        defer { descriptor = -1 }
        return descriptor
    }

    /// Reads the whole file (from offset 0; the descriptor stays open and untaken).
    func contents() -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        guard descriptor >= 0, size > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, size - done, off_t(done)) }
            if n <= 0 { break }
            done += n
        }
        return Array(bytes.prefix(done))
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }
}

/// Limits that keep one client from exhausting the server.
public struct ServerLimits: Sendable {
    /// Request line plus headers, in bytes (libmicrohttpd's per-connection memory pool).
    public var maxHeaderBytes = 32 * 1024
    /// Request body, in bytes; a larger body is not read and the request is marked `bodyTooLarge`.
    public var maxBodyBytes = 64 * 1024
    /// Simultaneous connections in all; libmicrohttpd refuses more.
    public var maxConnections: UInt32 = 256
    /// Simultaneous connections from one client address; nil: a quarter of `maxConnections`
    /// (at least 1), so one client cannot take every connection. 0: no limit (behind a
    /// reverse proxy every client has the proxy's address).
    public var maxConnectionsPerClient: UInt32?
    /// Idle seconds before a connection is closed.
    public var timeoutSeconds: UInt32 = 15
    /// Seconds a client has to send a whole request, head and body, however steadily it
    /// sends (see `RequestDeadlines`); an idle keep-alive connection is closed after this too.
    public var requestSeconds: UInt32 = 10
    /// Threads reading requests and writing responses, each with its own share of the
    /// connections. A request waiting for a commit does not hold its thread (the connection
    /// is suspended, see `HTTPResponder`), so a few per core are enough; more keep handlers
    /// that block (a login's or a new attempt's own disk flush) from holding up many
    /// connections. With 64 connections on 2 cores, 8 answered about 30% more than 2
    /// (15 s runs, 14.2-14.6k vs 10.6-10.7k answers/s); 16 was no better than 8.
    public var threads: UInt32 = 8
    /// The default limits listed above.
    public init() {}

    /// The per-client connection limit libmicrohttpd gets (0: none).
    var perClientLimit: UInt32 { maxConnectionsPerClient ?? max(1, maxConnections / 4) }
}

/// Answers one request, once, from any thread. A handler that returns without answering
/// leaves its connection suspended: no thread waits for the answer, and the server goes on
/// with other connections until `respond` is called (then it sends the response on its own
/// thread). Dropping a responder that never answered sends a 500.
public final class HTTPResponder: @unchecked Sendable {
    fileprivate let exchange: Exchange

    fileprivate init(_ exchange: Exchange) { self.exchange = exchange }

    /// Sends `response`.
    public func respond(_ response: HTTPResponse) {
        exchange.answer { response }
    }

    /// Sends what `make` returns, calling it on the server's thread: work that completes on
    /// another thread (a commit) does not build its response there.
    public func respond(building make: @escaping @Sendable () -> HTTPResponse) {
        exchange.answer(make)
    }

    deinit {
        exchange.answer(ifUnanswered: true) {
            HTTPResponse(status: 500, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array("The server did not answer this request.\n".utf8))
        }
    }
}

/// The hand-over of one response between the handler, whoever answers, and libmicrohttpd.
private final class Exchange: @unchecked Sendable {
    let connection: OpaquePointer
    unowned let context: ServerContext
    /// Guards the fields below; signalled when the answer comes.
    private let condition = NSCondition()
    private var response: (@Sendable () -> HTTPResponse)?
    private var suspended = false
    /// Set when a request read while the server stops had no answer in time: it was sent a
    /// 503, and the late answer is dropped.
    private var abandoned = false

    init(connection: OpaquePointer, context: ServerContext) {
        self.connection = connection
        self.context = context
    }

    /// Records the answer (the first one only) and resumes the connection if it was suspended waiting for it.
    func answer(ifUnanswered: Bool = false, _ make: @escaping @Sendable () -> HTTPResponse) {
        condition.lock()
        if response != nil {
            let late = abandoned
            condition.unlock()
            precondition(ifUnanswered || late, "a request was answered twice")
            return
        }
        response = make
        let resume = suspended
        condition.broadcast()
        condition.unlock()
        if resume {
            MHD_resume_connection(connection)
            // Resumed: libmicrohttpd may now be stopped (it finishes pending resumptions
            // itself). Not counted later: a client that hung up is closed without a call back.
            context.suspensionEnded()
        }
    }

    /// Called on libmicrohttpd's thread once the handler returns: the answer if there is one
    /// already, else nil after suspending the connection (it is resumed by `answer`).
    /// Holding the lock across the suspension makes an answer from another thread resume
    /// only a connection that is already suspended.
    ///
    /// Once the server is stopping, the connection is not suspended (libmicrohttpd aborts
    /// the process if it stops with a suspended connection): the thread waits for the
    /// answer until the end of the stop's grace period, then sends a 503.
    func answerOrSuspend() -> (@Sendable () -> HTTPResponse)? {
        condition.lock()
        defer { condition.unlock() }
        if let response { return response }
        guard let deadline = context.suspendUnlessStopping() else {
            suspended = true
            MHD_suspend_connection(connection)
            return nil
        }
        while response == nil && condition.wait(until: deadline) {}
        if let response { return response }
        abandoned = true
        let unavailable: @Sendable () -> HTTPResponse = {
            HTTPResponse(status: 503, headers: [("Content-Type", "text/plain; charset=utf-8"), ("Connection", "close")],
                         body: Array("The server is stopping; try again shortly.\n".utf8))
        }
        response = unavailable
        return unavailable
    }

    /// The answer of a resumed connection.
    func resumed() -> (@Sendable () -> HTTPResponse)? {
        condition.lock()
        defer { condition.unlock() }
        guard suspended, let response else { return nil }
        suspended = false
        return response
    }
}

/// Errors starting the server.
public struct ServerError: Error, CustomStringConvertible, Sendable {
    /// What failed, e.g. the address that could not be bound.
    public var message: String
    /// The message, for printing.
    public var description: String { message }
}

/// Per-request state kept by libmicrohttpd between callbacks, from the request line on.
private final class RequestState {
    /// The request target as sent (libmicrohttpd passes the handler a decoded copy, which
    /// cannot tell `%25` from `%` or show a `%00`).
    let target: String
    /// Set once the handler has seen the headers.
    var started = false
    var body: [UInt8] = []
    var tooLarge = false
    /// Set once the handler has been called.
    var exchange: Exchange?

    init(target: String) { self.target = target }

    /// The path part of the target, still percent-encoded.
    var path: String {
        guard let q = target.firstIndex(of: "?") else { return target }
        return String(target[..<q])
    }
}

/// The handler and limits, shared with libmicrohttpd's threads.
private final class ServerContext: @unchecked Sendable {
    let handler: @Sendable (HTTPRequest, HTTPResponder) -> Void
    let limits: ServerLimits
    let deadlines: RequestDeadlines
    /// libmicrohttpd's messages, a line per refused or lost connection, limited.
    let messages = MessageThrottle()
    private let lock = NSLock()
    /// Connections suspended and not yet resumed; libmicrohttpd must not be stopped while
    /// there are any. Guarded by `lock`.
    private var suspendedCount = 0
    /// Set once the server is stopping, to the end of its grace period: new connections are
    /// refused and no connection is suspended any more (`suspendUnlessStopping`). Guarded by `lock`.
    private var stoppingBy: Date?

    var isAccepting: Bool {
        lock.lock(); defer { lock.unlock() }
        return stoppingBy == nil
    }

    func stopAccepting(gracePeriodEnd: Date) {
        lock.lock(); stoppingBy = gracePeriodEnd; lock.unlock()
    }

    init(handler: @escaping @Sendable (HTTPRequest, HTTPResponder) -> Void, limits: ServerLimits) {
        self.handler = handler
        self.limits = limits
        deadlines = RequestDeadlines(seconds: limits.requestSeconds)
    }

    /// One suspended connection was resumed (`suspendUnlessStopping` counted it).
    func suspensionEnded() {
        lock.lock()
        suspendedCount -= 1
        lock.unlock()
    }

    /// Counts one more suspended connection and returns nil, unless the server is stopping:
    /// then the connection must not be suspended, and this is when its grace period ends.
    /// One lock with `stopAccepting`: once `stop` has seen the count reach zero, it stays there.
    func suspendUnlessStopping() -> Date? {
        lock.lock()
        defer { lock.unlock() }
        if let stoppingBy { return stoppingBy }
        suspendedCount += 1
        return nil
    }

    var suspendedConnections: Int {
        lock.lock()
        defer { lock.unlock() }
        return suspendedCount
    }
}

/// Collects connection values (headers or query arguments) from libmicrohttpd.
private final class ValueBox {
    var values: [String: String] = [:]
    let lowercase: Bool
    init(lowercase: Bool) { self.lowercase = lowercase }
}

/// A connection's key in `RequestDeadlines`.
private func key(_ connection: OpaquePointer) -> UInt { UInt(bitPattern: Int(bitPattern: connection)) }

/// Called with the request line, before libmicrohttpd decodes the target: the request's state
/// starts here with the target as sent.
private let uriHandler: casebook_mhd_uri_callback = { _, uri, _ in
    Unmanaged.passRetained(RequestState(target: uri.map { String(cString: $0) } ?? "/")).toOpaque()
}

/// Starts and stops a connection's request deadline clock.
private let connectionHandler: MHD_NotifyConnectionCallback = { cls, connection, _, code in
    guard let cls, let connection else { return }
    let context = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
    if code == .CONNECTION_NOTIFY_STARTED {
        context.deadlines.opened(key(connection), socket: casebook_mhd_connection_fd(connection))
    } else {
        context.deadlines.closed(key(connection))
    }
}

/// Writes libmicrohttpd's messages to stderr through the context's `MessageThrottle`.
private let logHandler: MHD_LogCallback = { cls, format, arguments in
    guard let cls, let format, let arguments else { return }
    var buffer = [CChar](repeating: 0, count: 512)
    let n = vsnprintf(&buffer, buffer.count, format, arguments)
    guard n > 0 else { return }
    let message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    for line in Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue().messages.admit(message) {
        FileHandle.standardError.write(Data(line.utf8))
    }
}

/// Whether to take a new connection: yes until the server is stopping.
private let acceptPolicy: MHD_AcceptPolicyCallback = { cls, _, _ in
    guard let cls else { return .NO }
    return Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue().isAccepting ? .YES : .NO
}

private let accessHandler: MHD_AccessHandlerCallback = { cls, connection, url, method, _, uploadData, uploadDataSize, conCls in
    guard let cls, let connection, let conCls, let uploadDataSize else { return .NO }
    let context = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
    if conCls.pointee == nil { // the URI callback always sets it; kept for safety
        conCls.pointee = Unmanaged.passRetained(RequestState(target: url.map { String(cString: $0) } ?? "/")).toOpaque()
    }
    let state = Unmanaged<RequestState>.fromOpaque(conCls.pointee!).takeUnretainedValue()
    if !state.started {
        state.started = true
        return .YES
    }
    if let exchange = state.exchange {
        // Called again after a resume: the answer is in.
        guard let make = exchange.resumed() else { return .NO }
        return send(make(), on: connection)
    }
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
    context.deadlines.received(key(connection))
    let request = HTTPRequest(
        method: method.map { String(cString: $0) } ?? "GET",
        path: state.path,
        query: values(connection, .GET_ARGUMENT_KIND, lowercase: false),
        headers: values(connection, .HEADER_KIND, lowercase: true),
        cookies: values(connection, .COOKIE_KIND, lowercase: false),
        body: state.body, bodyTooLarge: state.tooLarge,
        clientAddress: clientAddress(connection))
    let exchange = Exchange(connection: connection, context: context)
    state.exchange = exchange
    state.body = []
    context.handler(request, HTTPResponder(exchange))
    guard let make = exchange.answerOrSuspend() else { return .YES }
    return send(make(), on: connection)
}

private let completedHandler: MHD_RequestCompletedCallback = { cls, connection, conCls, _ in
    if let cls, let connection {
        Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue().deadlines.completed(key(connection))
    }
    guard let conCls, let state = conCls.pointee else { return }
    Unmanaged<RequestState>.fromOpaque(state).release()
    conCls.pointee = nil
}

/// The client's numeric address, or "" when libmicrohttpd does not know it: `inet_ntop` on the
/// address libmicrohttpd keeps (no name lookup, no allocation but the short string).
private func clientAddress(_ connection: OpaquePointer) -> String {
    guard let address = casebook_mhd_client_address(connection) else { return "" }
    var text = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0)) // 64 bytes >= INET6_ADDRSTRLEN
    return withUnsafeMutableBytes(of: &text) { buffer -> String in
        let out = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
        let ok: Bool
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            ok = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                withUnsafePointer(to: sin.pointee.sin_addr) { inet_ntop(AF_INET, $0, out, socklen_t(buffer.count)) != nil }
            }
        case AF_INET6:
            ok = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                withUnsafePointer(to: sin6.pointee.sin6_addr) { inet_ntop(AF_INET6, $0, out, socklen_t(buffer.count)) != nil }
            }
        default:
            ok = false
        }
        return ok ? String(cString: out) : ""
    }
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
    let r: OpaquePointer?
    if let file = response.file {
        // libmicrohttpd sends the file with sendfile and closes the descriptor when done.
        guard let fd = file.take() else { return .NO } // sent already
        r = MHD_create_response_from_fd64(UInt64(file.size), fd)
        if r == nil { close(fd) }
    } else {
        var body = response.body
        r = body.withUnsafeMutableBytes { raw in
            MHD_create_response_from_buffer(raw.count, raw.baseAddress, .RESPMEM_MUST_COPY)
        }
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
    /// The address the server listens on, as given to `init`.
    public let host: String

    /// Starts listening on `host:port` (port 0 picks a free port), answering each request
    /// with what `handler` returns.
    public convenience init(host: String, port: Int, limits: ServerLimits = ServerLimits(), handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws(ServerError) {
        try self.init(host: host, port: port, limits: limits) { (request: HTTPRequest, responder: HTTPResponder) in responder.respond(handler(request)) }
    }

    /// Starts listening on `host:port` (port 0 picks a free port). `handler` answers through
    /// the responder, at once or later from another thread.
    public init(host: String, port: Int, limits: ServerLimits = ServerLimits(), handler: @escaping @Sendable (HTTPRequest, HTTPResponder) -> Void) throws(ServerError) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw ServerError(message: "--host '\(host)' is not an IPv4 address such as 127.0.0.1 or 0.0.0.0")
        }
        let context = Unmanaged.passRetained(ServerContext(handler: handler, limits: limits))
        self.context = context
        // Suspend and resume: a request waiting for a commit gives its thread back.
        let flags = UInt32(MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_EPOLL.rawValue | MHD_USE_ITC.rawValue | MHD_USE_ERROR_LOG.rawValue
                           | MHD_ALLOW_SUSPEND_RESUME.rawValue)
        let started = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                casebook_mhd_start(flags, sa, acceptPolicy, accessHandler, context.toOpaque(), completedHandler, connectionHandler, uriHandler, logHandler, context.toOpaque(),
                                   limits.maxConnections, limits.perClientLimit, limits.timeoutSeconds, limits.maxHeaderBytes, limits.threads)
            }
        }
        guard let started else {
            context.release()
            throw ServerError(message: "cannot listen on \(host):\(port): \(String(cString: strerror(errno))); is the port in use? Try another --port")
        }
        daemon = started
        context.takeUnretainedValue().deadlines.start()
        self.host = host
        self.port = Int(casebook_mhd_bound_port(started))
    }

    /// Stops accepting connections, lets requests in flight finish (up to `grace` seconds),
    /// then stops.
    public func stop(grace: TimeInterval = 10) {
        guard let d = daemon else { return }
        daemon = nil
        // New connections are refused from now on (`acceptPolicy`). Not MHD_quiesce_daemon:
        // with epoll worker threads it races a worker taking the listening socket out of its
        // epoll set at the connection limit, and libmicrohttpd then aborts the process
        // ("Failed to remove listen FD from epoll set", an open libmicrohttpd defect; seen
        // once in a `make test` run).
        let deadline = Date().addingTimeInterval(grace)
        context.takeUnretainedValue().stopAccepting(gracePeriodEnd: deadline)
        while casebook_mhd_connections(d) > 0 && Date() < deadline { usleep(20_000) }
        // libmicrohttpd must not stop with suspended connections; each waits for a commit
        // (milliseconds) or is answered with a 500 when its responder is dropped. No new one
        // is suspended from now on: a request read while stopping waits for its answer on its
        // worker's thread, which libmicrohttpd joins.
        while context.takeUnretainedValue().suspendedConnections > 0 { usleep(1_000) }
        MHD_stop_daemon(d)
        context.takeUnretainedValue().deadlines.stop()
        context.release()
    }

    deinit { stop(grace: 0) }
}
