// libFuzzer target: the HTTP request path after libmicrohttpd has parsed the request, i.e.
// routing, authentication and strict JSON body decoding of the quiz and reports API, through
// CasebookApp.handle (the in-process entry point the server calls). The app serves the
// sample handbook and bank (run from the repository root) with a database in a temporary
// folder; users sign in through a trusted header (`x-user: amina`).
//
// Input: "METHOD PATH[?k=v&...]\nheader: value\n...\n\nBODY". Built by `make fuzz`.
import FuzzDriver
import Foundation
import Handbook
import Quiz
@testable import Records
@testable import Server

private let app: CasebookApp = {
    do {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-fuzz-http-\(getpid())").path
        try FileManager.default.createDirectory(atPath: root + "/site", withIntermediateDirectories: true)
        try Data("<h1>Home</h1>".utf8).write(to: URL(fileURLWithPath: root + "/site/index.html"))
        let handbook = try Handbook.load(content: "Content")
        let bank = try QuizBank.load(quizzes: "Quizzes", handbook: handbook)
        let records = try Records(path: root + "/cb.db")
        for (id, role) in [("amina", Principal.Role.moderator), ("lead", .lead), ("tara", .trainer)] {
            _ = try CasebookApp.addUser(records, id: id, role: role, team: "id-listings", market: "ID")
        }
        return CasebookApp(site: try StaticSite(root: root + "/site"), records: records, bank: bank, handbook: handbook, trustHeader: "x-user")
    } catch {
        fatalError("fuzz-http: cannot set up the app (run from the repository root): \(error)")
    }
}()

@main
enum Main {
    static func main() {
        _ = app // set up before the first input, so its allocations are not charged to one
        runFuzzer(test)
    }
}

/// One input; a crash, a hang or a leak in here is a defect.
private func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    let split = bytes.firstRange(of: [10, 10])
    let head = String(decoding: bytes[..<(split?.lowerBound ?? bytes.count)], as: UTF8.self)
    let body = split.map { Array(bytes[$0.upperBound...]) } ?? []
    var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let requestLine = lines.isEmpty ? "" : lines.removeFirst()
    let parts = requestLine.split(separator: " ", maxSplits: 1).map(String.init)
    let target = parts.count > 1 ? parts[1] : "/"
    let pathAndQuery = target.split(separator: "?", maxSplits: 1).map(String.init)
    var query: [String: String] = [:]
    if pathAndQuery.count > 1 {
        for pair in pathAndQuery[1].split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            query[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
    }
    var headers: [String: String] = [:]
    var cookies: [String: String] = [:]
    for line in lines {
        let kv = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard kv.count == 2 else { continue }
        headers[kv[0].lowercased()] = kv[1]
        if kv[0].lowercased() == "cookie" {
            for c in kv[1].split(separator: ";") {
                let p = c.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if p.count == 2 { cookies[p[0]] = p[1] }
            }
        }
    }
    let request = HTTPRequest(method: parts.first ?? "GET", path: pathAndQuery.first ?? "/", query: query, headers: headers,
                              cookies: cookies, body: body, bodyTooLarge: false)
    _ = app.handle(request)
    return 0
}
