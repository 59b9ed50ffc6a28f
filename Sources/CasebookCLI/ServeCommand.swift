import Dispatch
import Foundation
import Handbook
import Quiz
import Records
import Server

enum ServeCommand {
    static let help = """
    Usage: casebook serve [--site site] [--db PATH] [--host 127.0.0.1] [--port 8080]
                          [--content DIR] [--quizzes DIR] [--trust-header NAME]

    Serves the built site and the quiz API (/api/...) with libmicrohttpd. Sign in with a token
    from 'casebook users add'. SIGTERM or Ctrl-C lets requests in flight finish, then stops.

    Options:
      --trust-header NAME  Take the signed-in user from this request header (for example
                           X-Forwarded-User) instead of a session cookie. Only for a server
                           reachable solely through an SSO proxy that sets the header: anyone
                           who can reach the server directly can claim to be any user.
      --max-body BYTES     Largest request body accepted (default 65536; larger gets 413)
      --max-connections N  Simultaneous connections (default 256; at least one per request thread)
      --timeout SECONDS    Idle connection timeout (default 15)

    """

    static func run(_ arguments: [String], console: Console) throws(UsageError) -> Int32 {
        var args = Arguments(arguments)
        if args.flag("-h", "--help") { console.out(help); return ExitCode.success }
        let site = try args.option("--site") ?? "site"
        let db = try args.option("--db") ?? DataPaths.defaultDatabase
        let host = try args.option("--host") ?? "127.0.0.1"
        let portText = try args.option("--port") ?? "8080"
        let content = try args.option("--content") ?? "Content"
        let quizzes = try args.option("--quizzes") ?? DataPaths.quizzes(besides: content)
        let trust = try args.option("--trust-header")
        var limits = ServerLimits()
        if let v = try args.option("--max-body") { guard let n = Int(v), n > 0 else { throw UsageError(message: "--max-body must be a positive number") }; limits.maxBodyBytes = n }
        if let v = try args.option("--max-connections") { guard let n = UInt32(v), n > 0 else { throw UsageError(message: "--max-connections must be a positive number") }; limits.maxConnections = n }
        if let v = try args.option("--timeout") { guard let n = UInt32(v), n > 0 else { throw UsageError(message: "--timeout must be a positive number") }; limits.timeoutSeconds = n }
        try args.finish()
        guard let port = Int(portText), (0...65535).contains(port) else { throw UsageError(message: "--port must be 0-65535") }

        guard let (handbook, bank) = DataPaths.loadBank(content: content, quizzes: quizzes, purpose: "serving quizzes", console: console) else {
            return ExitCode.contentErrors
        }
        guard let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
        // Block SIGTERM and SIGINT before the server's threads start (they inherit the mask),
        // then wait for them synchronously: no thread can swallow the signal.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let server: HTTPServer
        do {
            let app = CasebookApp(site: try StaticSite(root: site), records: records, bank: bank, handbook: handbook, trustHeader: trust)
            server = try HTTPServer(host: host, port: port, limits: limits) { app.handle($0, $1) }
        } catch {
            console.err("casebook: \(error.message)\n")
            return ExitCode.contentErrors
        }
        if trust != nil { console.err("Warning: trusting the \(trust!) header for sign-in; only run this behind an SSO proxy.\n") }
        console.err("Serving \(site) and the quiz API on http://\(host):\(server.port)/ (Ctrl-C to stop)\n")
        var received: Int32 = 0
        sigwait(&signals, &received)
        console.err("Stopping (\(received == SIGTERM ? "SIGTERM" : "interrupt")): finishing requests in flight…\n")
        server.stop(grace: 10)
        console.err("Stopped.\n")
        return ExitCode.success
    }
}

enum UsersCommand {
    static let help = """
    Usage: casebook users add ID --role moderator|lead|trainer [--team T] [--market M] [--expires 7d] [--db PATH]
           casebook users add ID --reissue [--expires 7d] [--db PATH]
           casebook users revoke ID [--db PATH]

    'add' prints a one-time sign-in token for the quiz player: it signs in once, within
    --expires (days like 7d or hours like 12h; default \(CasebookApp.tokenDays)d). The database keeps
    only its SHA-256 hash, so a lost or used token cannot be shown again: --reissue gives the
    user a new one (the old one stops working). Moderators see their own attempts, leads
    their team's, trainers everything.

    """

    static func run(_ arguments: [String], console: Console) throws(UsageError) -> Int32 {
        var args = Arguments(arguments)
        if args.flag("-h", "--help") { console.out(help); return ExitCode.success }
        let db = try args.option("--db") ?? DataPaths.defaultDatabase
        guard let sub = args.positional() else { throw UsageError(message: "say 'users add ID --role ROLE' or 'users revoke ID'") }
        guard let id = args.positional() else { throw UsageError(message: "give the user id") }
        switch sub {
        case "add":
            let reissue = args.flag("--reissue")
            let expiresText = try args.option("--expires") ?? "\(CasebookApp.tokenDays)d"
            guard let expiresIn = duration(expiresText) else {
                throw UsageError(message: "--expires takes days or hours, like 7d or 12h")
            }
            if reissue {
                for option in ["--role", "--team", "--market"] where try args.option(option) != nil {
                    throw UsageError(message: "--reissue only gives a new token and keeps the user's role, team and market; leave out \(option)")
                }
                try args.finish()
                guard let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
                do {
                    let token = try CasebookApp.reissueToken(records, id: id, expiresIn: expiresIn)
                    console.out("\(token)\n")
                    console.err("New token for \(id), valid once within \(expiresText); the old one no longer works. It is shown only once.\n")
                    return ExitCode.success
                } catch {
                    console.err("casebook: \(error.message)\n")
                    return ExitCode.contentErrors
                }
            }
            guard let roleText = try args.option("--role"), let role = Principal.Role(rawValue: roleText) else {
                throw UsageError(message: "--role must be moderator, lead or trainer")
            }
            let team = try args.option("--team") ?? ""
            let market = (try args.option("--market") ?? "").uppercased()
            try args.finish()
            guard let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
            do {
                let token = try CasebookApp.addUser(records, id: id, role: role, team: team, market: market, expiresIn: expiresIn)
                console.out("\(token)\n")
                console.err("Added \(role.rawValue) \(id). Give them the token above: it signs in once within \(expiresText) and is shown only once.\n")
                return ExitCode.success
            } catch {
                console.err("casebook: \(error.message)\n")
                return ExitCode.contentErrors
            }
        case "revoke":
            try args.finish()
            guard let records = DataPaths.open(db, console: console) else { return ExitCode.contentErrors }
            do {
                if try records.revokeUser(id) { console.err("Revoked \(id): their token and sessions no longer work.\n"); return ExitCode.success }
                console.err("casebook: no active user '\(id)'\n")
                return ExitCode.contentErrors
            } catch {
                console.err("casebook: \(error.message)\n")
                return ExitCode.contentErrors
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
