import Dispatch
import Foundation

/// One problem of a failed preview build, as the page's overlay shows it.
public struct PreviewProblem: Sendable, Hashable, Codable {
    public var file: String
    public var line: Int
    public var column: Int
    public var severity: String
    public var message: String

    public init(file: String, line: Int, column: Int, severity: String, message: String) {
        self.file = file; self.line = line; self.column = column; self.severity = severity; self.message = message
    }
}

/// What `/__casebook/events` answers: the number of the last successful build (the site on
/// disk), the number of the last build attempt, and that attempt's errors (none when it built).
struct PreviewState: Sendable, Codable, Equatable {
    var build: Int
    var attempt: Int
    var errors: [PreviewProblem]
}

/// The site as `casebook preview` serves it: the built files, with every HTML page carrying
/// `<script src="/__casebook/preview.js?build=N">` before `</body>` (the files on disk are not
/// changed, so the site stays publishable), the script itself, and `/__casebook/events`, a long
/// poll that answers when the next build attempt ends.
public final class PreviewSite: @unchecked Sendable {
    private let site: StaticSite
    private let script: [UInt8]
    /// How long an events request waits for a build before answering with the current state.
    private let wait: Double
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var state = PreviewState(build: 1, attempt: 1, errors: [])
    private var waiting: [HTTPResponder] = []
    /// The address the preview listens on, whose name a request's Host may give.
    private let host: String

    /// Serves `site`; `script` is the preview script (`DefaultTheme.previewScript`); `host`
    /// the address it listens on (`--host`).
    public init(site: StaticSite, script: [UInt8], wait: Double = 10, host: String = "127.0.0.1") {
        self.site = site
        self.script = script
        self.wait = wait
        self.host = host
    }

    /// Whether a request's `Host` names this preview: an address (IPv4, or IPv6 in brackets),
    /// `localhost`, or the `--host` given. Any other name is a page on the web that made its
    /// own name lead here (DNS rebinding) to read unpublished pages, drafts and build errors.
    /// A request without a Host (HTTP/1.0) is answered, and so is any when the preview listens
    /// on every address (`--host 0.0.0.0`, to be opened from other machines by any of this
    /// one's names: it is open to the network then, by choice).
    static func isAllowedHost(_ header: String?, listening host: String) -> Bool {
        guard let header, !header.isEmpty, !["0.0.0.0", "::", "[::]"].contains(host) else { return true }
        var name = header.lowercased()
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return false }
            let inside = String(name[name.index(after: name.startIndex)..<close])
            var address = in6_addr()
            return inet_pton(AF_INET6, inside, &address) == 1
        }
        if let colon = name.lastIndex(of: ":") {
            let port = name[name.index(after: colon)...]
            guard port.allSatisfy(\.isASCII), port.allSatisfy(\.isNumber) else { return false }
            name = String(name[..<colon])
        }
        if name == "localhost" || name.hasSuffix(".localhost") || name == host.lowercased() { return true }
        var address = in_addr()
        return inet_pton(AF_INET, name, &address) == 1
    }

    /// Records the end of a build attempt: `problems` empty when the site was rebuilt (pages
    /// reload), else the errors the open pages show. Answers every waiting events request.
    public func finished(problems: [PreviewProblem]) {
        lock.lock()
        state.attempt += 1
        if problems.isEmpty { state.build += 1 }
        state.errors = problems
        let current = state
        let answered = waiting
        waiting = []
        lock.unlock()
        for r in answered { r.respond(Self.json(current)) }
    }

    /// Answers one request (the server's handler).
    public func handle(_ request: HTTPRequest, _ responder: HTTPResponder) {
        guard Self.isAllowedHost(request.headers["host"], listening: host) else {
            responder.respond(HTTPResponse(status: 403, headers: [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store")] + StaticSite.securityHeaders,
                                           body: Array("This preview answers only to its own address (\(host) or localhost), not to another site's name; open it by its address, or start it with --host 0.0.0.0 to open it by this machine's name.\n".utf8)))
            return
        }
        switch request.path {
        case "/__casebook/preview.js":
            responder.respond(HTTPResponse(status: 200, headers: [("Content-Type", "text/javascript; charset=utf-8"), ("Cache-Control", "no-store")] + StaticSite.securityHeaders, body: script))
        case "/__casebook/events":
            lock.lock()
            let current = state
            if Int(request.query["attempt"] ?? "") != current.attempt {
                lock.unlock()
                responder.respond(Self.json(current))
                return
            }
            waiting.append(responder)
            lock.unlock()
            DispatchQueue.global().asyncAfter(deadline: .now() + wait) { [weak self] in self?.timeOut(responder) }
        default:
            responder.respond(page(request))
        }
    }

    /// Answers a request that waited the whole time with the unchanged state.
    private func timeOut(_ responder: HTTPResponder) {
        lock.lock()
        guard let i = waiting.firstIndex(where: { $0 === responder }) else { lock.unlock(); return }
        waiting.remove(at: i)
        let current = state
        lock.unlock()
        responder.respond(Self.json(current))
    }

    /// A file of the site; an HTML page with the preview script added.
    func page(_ request: HTTPRequest) -> HTTPResponse {
        // Pages change with every build while the files' ETags may not: never answer 304.
        var unconditional = request
        unconditional.headers["if-none-match"] = nil
        var response = site.respond(unconditional)
        let isHTML = response.headers.contains { $0.0 == "Content-Type" && $0.1.hasPrefix("text/html") }
        let isPage = isHTML && (response.status == 200 || response.status == 404)
        if isPage {
            lock.lock()
            let build = state.build
            lock.unlock()
            response.body = Self.inject(response.body, build: build)
        }
        // Pages, style sheets, scripts, index files and pictures change with every build: no
        // revalidation against the file on disk, and nothing kept for the five minutes a
        // published site allows (a page reloaded after a save kept the old style sheet).
        if isPage || response.status == 200 {
            response.headers = response.headers.filter { $0.0 != "ETag" && $0.0 != "Last-Modified" && $0.0 != "Cache-Control" } + [("Cache-Control", "no-store")]
        }
        return response
    }

    /// `html` with the script tag before its last `</body>` (at the end when there is none).
    static func inject(_ html: [UInt8], build: Int) -> [UInt8] {
        let tag = Array("<script src=\"/__casebook/preview.js?build=\(build)\" defer></script>".utf8)
        let close = Array("</body>".utf8)
        var i = html.count - close.count
        while i >= 0 {
            if html[i] == close[0], Array(html[i..<(i + close.count)]) == close {
                return Array(html[..<i]) + tag + Array(html[i...])
            }
            i -= 1
        }
        return html + tag
    }

    static func json(_ state: PreviewState) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(state)).map { [UInt8]($0) } ?? Array("{}".utf8)
        return HTTPResponse(status: 200, headers: [("Content-Type", "application/json"), ("Cache-Control", "no-store")] + StaticSite.securityHeaders, body: body)
    }
}
