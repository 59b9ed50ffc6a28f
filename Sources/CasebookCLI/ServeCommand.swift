import Dispatch
import Foundation
import Handbook
import Publishing
import Quiz
import Records
import Server

enum ServeCommand {
    static let host = OptionSpec.value("--host", "ADDRESS", help: "Address to listen on (default: 127.0.0.1)")
    static let port = OptionSpec.value("--port", "N", help: "Port to listen on, 0 for any free port (default: 8080)")
    static let trustHeader = OptionSpec.value("--trust-header", "NAME", help: """
        Take the signed-in user from this request header (for example X-Forwarded-User) instead \
        of a session cookie. Only for a server reachable solely through an SSO proxy that sets \
        the header: anyone who can reach the server directly can claim to be any user.
        """)
    static let maxBody = OptionSpec.value("--max-body", "BYTES", help: "Largest request body accepted (default 65536; larger gets 413)")
    static let maxConnections = OptionSpec.value("--max-connections", "N", help: "Simultaneous connections (default 256; at least one per request thread)")
    static let timeout = OptionSpec.value("--timeout", "SECONDS", help: "Idle connection timeout (default 15)")
    static let maxConnectionsPerClient = OptionSpec.value("--max-connections-per-client", "N", help: """
        Simultaneous connections from one address (default: a quarter of --max-connections; \
        0: no limit, e.g. behind a reverse proxy)
        """)
    static let requestTimeout = OptionSpec.value("--request-timeout", "SECONDS", help: "Time a client has to send a whole request, head and body (default 10)")
    static let allowedOrigin = OptionSpec.repeatable("--allowed-origin", "ORIGIN", help: """
        Also accept POSTs from pages of this origin, e.g. https://quiz.example.com when a proxy \
        serves the site there (repeatable). By default only the server's own origin (http:// and \
        the Host header) is accepted.
        """)

    static let proxy = OptionSpec.repeatable("--proxy", "ADDRESS", help: """
        A reverse proxy's IP address as this server sees its connections, e.g. 127.0.0.1 for nginx \
        on this machine (repeatable; IPv4 or IPv6, no host name): failed sign-ins through it are \
        counted against the client address it appends to X-Forwarded-For, not against the proxy, \
        which every client shares.
        """)

    static let spec = CommandSpec(
        name: "serve",
        summary: "Serves the site and the quiz API (/api/), with the quiz player at /quiz.html.",
        options: [DataOptions.site.with(help: "Built site to serve (default: site)"), DataOptions.db, host, port,
                  DataOptions.content, DataOptions.quizzes, trustHeader, maxBody, maxConnections, timeout,
                  maxConnectionsPerClient, requestTimeout, allowedOrigin, proxy],
        discussion: """
        Serves the built site and the quiz API (/api/...) with libmicrohttpd. Sign in with a token \
        from 'casebook users add'. SIGTERM or Ctrl-C lets requests in flight finish, then stops.
        """,
        run: { args, console throws(UsageError) in try run(args, console: console) })

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let site = args.site
        let db = args.db
        let host = args.value(Self.host) ?? "127.0.0.1"
        let portText = args.value(Self.port) ?? "8080"
        let content = args.content
        let quizzes = args.quizzes
        let trust = args.value(Self.trustHeader)
        var limits = ServerLimits()
        if let v = args.value(Self.maxBody) { guard let n = Int(v), n > 0 else { throw UsageError(message: "--max-body must be a positive number") }; limits.maxBodyBytes = n }
        if let v = args.value(Self.maxConnections) { guard let n = UInt32(v), n > 0 else { throw UsageError(message: "--max-connections must be a positive number") }; limits.maxConnections = n }
        if let v = args.value(Self.timeout) { guard let n = UInt32(v), n > 0 else { throw UsageError(message: "--timeout must be a positive number") }; limits.timeoutSeconds = n }
        if let v = args.value(Self.maxConnectionsPerClient) { guard let n = UInt32(v) else { throw UsageError(message: "--max-connections-per-client must be a number (0: no limit)") }; limits.maxConnectionsPerClient = n }
        if let v = args.value(Self.requestTimeout) { guard let n = UInt32(v), n > 0 else { throw UsageError(message: "--request-timeout must be a positive number") }; limits.requestSeconds = n }
        let origins: OriginPolicy
        do { origins = try OriginPolicy(allowedOrigins: args.values(Self.allowedOrigin)) } catch { throw UsageError(message: error.message) }
        guard let port = Int(portText), (0...65535).contains(port) else { throw UsageError(message: "--port must be 0-65535") }
        var proxies: Set<String> = []
        for value in args.values(Self.proxy) {
            guard let forms = RequestGate.proxyAddresses(value) else {
                throw UsageError(message: """
                    --proxy '\(value)' is not an IP address; give the reverse proxy's address as this server sees its \
                    connections, without a port or host name, e.g. --proxy 127.0.0.1 for nginx on this machine (or ::1)
                    """)
            }
            proxies.formUnion(forms)
        }

        guard let (handbook, bank) = DataPaths.loadBank(content: content, quizzes: quizzes, purpose: "serving quizzes", site: site, console: console) else {
            return ExitCode.contentErrors
        }
        guard let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
        // The theme's message catalogues (with any theme/i18n/ beside the content), for the
        // prompts and labels the player shows in each learner's language.
        let messages: Messages
        do { messages = try Theme.load(overrideDirectory: SiteBuilder.defaultThemeDirectory(content: content)).messages } catch {
            return console.fail(error.description)
        }
        // Block SIGTERM and SIGINT before the server's threads start (they inherit the mask),
        // then wait for them synchronously: no thread can swallow the signal.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let server: HTTPServer
        let app: CasebookApp
        do {
            app = CasebookApp(site: try StaticSite(root: site), records: records, bank: bank, handbook: handbook, trustHeader: trust,
                                  gate: RequestGate(origins: origins, proxies: proxies), messages: messages)
            server = try HTTPServer(host: host, port: port, limits: limits) { app.handle($0, $1) }
        } catch {
            return console.fail(error.message)
        }
        if trust != nil { console.err("Warning: trusting the \(trust!) header for sign-in; only run this behind an SSO proxy.\n") }
        console.err("Serving \(site) and the quiz API on http://\(host):\(server.port)/ (Ctrl-C to stop)\n")
        let recertifications = PathsCommand.scheduleRecertificationsHourly(records, console: console)
        let memoryFit = app.refreshMemoryFitHourly { console.err($0) }
        var received: Int32 = 0
        sigwait(&signals, &received)
        recertifications.cancel()
        memoryFit.cancel()
        console.err("Stopping (\(received == SIGTERM ? "SIGTERM" : "interrupt")): finishing requests in flight…\n")
        server.stop(grace: 10)
        console.err("Stopped.\n")
        return ExitCode.success
    }
}

enum UsersCommand {
    static let role = OptionSpec.value("--role", "moderator|lead|trainer", help: "What the user may see: their own attempts, their team's, or everything (required unless --reissue)")
    static let team = OptionSpec.value("--team", "T", help: "The user's team (what a lead sees)")
    static let market = OptionSpec.value("--market", "M", help: "The user's market, e.g. UK")
    static let lang = OptionSpec.value("--lang", "LANG", help: "The language of the user's quiz player, e.g. th (default: their browser's; they can change it in the player)")
    static let expires = OptionSpec.value("--expires", "DURATION", help: "How long the token may be used, once: days like 7d or hours like 12h (default \(CasebookApp.tokenDays)d)")
    static let reissue = OptionSpec.flag("--reissue", help: "Give an existing user a new token (the old one stops working); keeps their role, team and market")
    static let id = PositionalSpec.required("ID", help: "The user's id", missing: "give the user id")

    static let spec = CommandSpec(
        name: "users",
        summary: "Issues a one-time login token for the quiz player (it signs in once, within --expires, default 7 days; only its SHA-256 hash is stored), issues a new one to an existing user (--reissue), or revokes it.",
        discussion: """
        'add' prints a one-time sign-in token for the quiz player: it signs in once, within \
        --expires (days like 7d or hours like 12h; default \(CasebookApp.tokenDays)d). The database keeps \
        only its SHA-256 hash, so a lost or used token cannot be shown again: --reissue gives the \
        user a new one (the old one stops working). Moderators see their own attempts, leads \
        their team's, trainers everything.
        """,
        subcommands: [
            CommandSpec(name: "add", summary: "Adds a user and prints their one-time login token.",
                        positionals: [id], options: [role, team, market, lang, expires, reissue, DataOptions.db]),
            CommandSpec(name: "revoke", summary: "Revokes a user's token and sessions.",
                        positionals: [id], options: [DataOptions.db]),
        ],
        run: { args, console throws(UsageError) in try run(args, console: console) })

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let db = args.db
        let sub = args.subcommand ?? ""
        guard let id = args.positional(Self.id) else { throw UsageError(message: "give the user id") }
        switch sub {
        case "add":
            let reissue = args.flag(Self.reissue)
            let expiresText = args.value(Self.expires) ?? "\(CasebookApp.tokenDays)d"
            guard let expiresIn = duration(expiresText) else {
                throw UsageError(message: "--expires takes days or hours, like 7d or 12h")
            }
            if reissue {
                for option in [Self.role, Self.team, Self.market, Self.lang] where args.value(option) != nil {
                    throw UsageError(message: "--reissue only gives a new token and keeps the user's role, team and market; leave out \(option.name)")
                }
                guard let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
                do {
                    let token = try CasebookApp.reissueToken(records, id: id, expiresIn: expiresIn)
                    console.out("\(token)\n")
                    console.err("New token for \(id), valid once within \(expiresText); the old one no longer works. It is shown only once.\n")
                    return ExitCode.success
                } catch {
                    return console.fail(error.message)
                }
            }
            guard let roleText = args.value(Self.role), let role = Principal.Role(rawValue: roleText) else {
                throw UsageError(message: "--role must be moderator, lead or trainer")
            }
            let team = args.value(Self.team) ?? ""
            let market = (args.value(Self.market) ?? "").uppercased()
            let lang = Messages.normalized(args.value(Self.lang) ?? "")
            let base = lang.split(separator: "-").first ?? ""
            if !lang.isEmpty && !((2...3).contains(base.count) && lang.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
                throw UsageError(message: "--lang takes a language code such as th, id, vi or pt-BR")
            }
            if !lang.isEmpty && !DefaultTheme.messages.supports(lang) {
                console.err("Note: Casebook ships no catalogue for '\(lang)' (it has \(DefaultTheme.messages.languages.joined(separator: ", "))); the player shows English unless theme/i18n/\(lang).yml adds it.\n")
            }
            guard let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
            do {
                let token = try CasebookApp.addUser(records, id: id, role: role, team: team, market: market, expiresIn: expiresIn, lang: lang)
                console.out("\(token)\n")
                console.err("Added \(role.rawValue) \(id). Give them the token above: it signs in once within \(expiresText) and is shown only once.\n")
                return ExitCode.success
            } catch {
                return console.fail(error.message)
            }
        case "revoke":
            guard let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
            do {
                if try records.revokeUser(id) { console.err("Revoked \(id): their token and sessions no longer work.\n"); return ExitCode.success }
                return console.fail("no active user '\(id)'")
            } catch {
                return console.fail(error.message)
            }
        default:
            throw UsageError(message: "unknown users command '\(sub)'; use add or revoke")
        }
    }

    /// Seconds in `7d` (days) or `12h` (hours); nil for anything else.
    static func duration(_ text: String) -> TimeInterval? {
        guard let unit = text.last, let n = Int(text.dropLast()), n > 0, n <= 3650 * 24 else { return nil }
        switch unit {
        case "d": return n <= 3650 ? Double(n) * 86_400 : nil
        case "h": return Double(n) * 3600
        default: return nil
        }
    }
}
