import Foundation
import Testing
@testable import Server
@testable import Records
import CasebookTestSupport

/// `GET /api/media/...`: case media only to the learner who was shown it, and to trainers.
@Suite struct MediaAPITests {
    static let bytes = "not really a JPEG, but the server only serves what the import stored"

    /// Every case of the fixture with one stored image (same file for all).
    static func files() -> [String: String] {
        var files: [String: String] = [:]
        for i in 1...6 {
            let text = ServerFixture.caseFile(i)
            let end = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 3)..<text.endIndex)!
            files["Quizzes/cases/c\(i).md"] = text.replacingCharacters(in: end, with: "\nmedia:\n  - ref: media/abc.jpg\n    alt: The bag\n---\n")
        }
        for v in ["abc.jpg", "abc.thumb.jpg", "abc.blur.jpg"] { files["Quizzes/cases/media/\(v)"] = "\(v): \(bytes)" }
        return files
    }

    @Test(arguments: TestEngine.allCases) func onlyTheLearnerWhoWasShownItAndTrainersGetMedia(engine: TestEngine) throws {
        let f = try ServerFixture(files: Self.files(), engine: engine)
        let amina = f.client("amina")
        let id = try #require(amina.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int)
        let question = amina.send("GET", "/api/attempts/\(id)/question").object
        let caseBody = try #require(question["case"] as? [String: Any])
        let media = try #require((caseBody["media"] as? [[String: Any]])?.first)
        let position = try #require(question["position"] as? Int)
        let url = try #require(media["url"] as? String)
        #expect(url == "/api/media/\(id)/\(position)/0/")
        #expect(media["alt"] as? String == "The bag")

        let thumb = amina.send("GET", url + "thumb")
        #expect(thumb.status == 200)
        #expect(String(decoding: thumb.body, as: UTF8.self) == "abc.thumb.jpg: \(Self.bytes)")
        #expect(thumb.headers["cache-control"] == "private, max-age=86400")
        #expect(thumb.headers["content-type"] == "image/jpeg")
        #expect(amina.send("GET", url + "blur").status == 200)
        #expect(amina.send("GET", url + "poster").status == 404) // images have no poster
        // A question not shown yet.
        #expect(amina.send("GET", "/api/media/\(id)/\(position + 1)/0/full").status == 404)
        // Another learner, a lead, a signed-out client.
        #expect(f.client("budi").send("GET", url + "full").status == 404)
        #expect(f.client("chai").send("GET", url + "full").status == 404)
        #expect(f.client("lead-id").send("GET", url + "full").status == 404)
        #expect(f.client().send("GET", url + "full").status == 401)
        // A trainer: any question of any attempt, and any case of the bank.
        let tara = f.client("tara")
        #expect(tara.send("GET", "/api/media/\(id)/\(position + 1)/0/full").status == 200)
        #expect(tara.send("GET", "/api/media/cases/c2/0/full").status == 200)
        #expect(amina.send("GET", "/api/media/cases/c2/0/full").status == 404)
        // Nothing outside the case's media.
        #expect(tara.send("GET", "/api/media/cases/c2/1/full").status == 404)
        #expect(tara.send("GET", "/api/media/cases/c2/0/other").status == 404)
    }

    /// Media carry an ETag; asking again with it gets a 304 (still private), but only after
    /// the same access check: another learner or a signed-out client with the tag gets
    /// 404 or 401, never a 304 that would confirm the file.
    @Test(arguments: TestEngine.allCases) func etagAnd304AfterTheAccessCheck(engine: TestEngine) throws {
        let f = try ServerFixture(files: Self.files(), engine: engine)
        let amina = f.client("amina")
        let id = try #require(amina.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int)
        let url = try #require((((amina.send("GET", "/api/attempts/\(id)/question").object["case"] as? [String: Any])?["media"] as? [[String: Any]])?.first?["url"] as? String))
        let first = amina.send("GET", url + "full")
        #expect(first.status == 200)
        let etag = try #require(first.headers["etag"])
        #expect(etag.hasPrefix("\"") && etag.hasSuffix("\"") && etag.count > 2)
        let again = amina.send("GET", url + "full", headers: ["If-None-Match": etag])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        #expect(again.headers["cache-control"] == "private, max-age=86400")
        #expect(again.headers["etag"] == etag)
        #expect(amina.send("GET", url + "full", headers: ["If-None-Match": "\"stale\", \(etag)"]).status == 304)
        let stale = amina.send("GET", url + "full", headers: ["If-None-Match": "\"stale\""])
        #expect(stale.status == 200)
        #expect(stale.text == "abc.jpg: \(Self.bytes)")
        // Another variant is another file with its own tag.
        let thumbTag = try #require(amina.send("GET", url + "thumb").headers["etag"])
        #expect(thumbTag != etag)
        #expect(f.client("budi").send("GET", url + "full", headers: ["If-None-Match": etag]).status == 404)
        #expect(f.client().send("GET", url + "full", headers: ["If-None-Match": etag]).status == 401)
        #expect(f.client("tara").send("GET", "/api/media/cases/c2/0/full", headers: ["If-None-Match": etag]).status == 304)
    }

    /// A large file is sent from the file whole and byte for byte, with its length; HEAD gets
    /// the length and no body.
    @Test(arguments: TestEngine.allCases) func largeFilesAreSentWhole(engine: TestEngine) throws {
        var files = Self.files()
        // 3 MB of varied text (the fixture writes text files).
        var big = ""
        big.reserveCapacity(3_200_000)
        var n = 0
        while big.utf8.count < 3_000_000 { big += "line \(n) of a large clip stand-in\n"; n += 1 }
        files["Quizzes/cases/media/abc.jpg"] = big
        let f = try ServerFixture(files: files, engine: engine)
        let tara = f.client("tara")
        let full = tara.send("GET", "/api/media/cases/c3/0/full")
        #expect(full.status == 200)
        #expect(full.body.count == big.utf8.count)
        #expect(full.body == Data(big.utf8))
        #expect(full.headers["content-length"] == "\(big.utf8.count)")
        let head = tara.send("HEAD", "/api/media/cases/c3/0/full")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.headers["content-length"] == "\(big.utf8.count)")
    }

    /// What a learner was shown stays shown (the check is remembered), but who is signed in
    /// is checked on every request, and a question not shown yet is not remembered as refused:
    /// once answered, the next question's media are served.
    @Test(arguments: TestEngine.allCases) func rememberedAccessStillChecksTheSignInAndFollowsProgress(engine: TestEngine) throws {
        let f = try ServerFixture(files: Self.files(), engine: engine)
        let amina = f.client("amina")
        let id = try #require(amina.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int)
        let question = amina.send("GET", "/api/attempts/\(id)/question").object
        let position = try #require(question["position"] as? Int)
        let url = "/api/media/\(id)/\(position)/0/"
        let next = "/api/media/\(id)/\(position + 1)/0/full"
        #expect(amina.send("GET", url + "full").status == 200)
        #expect(amina.send("GET", url + "thumb").status == 200) // remembered
        #expect(amina.send("GET", next).status == 404)
        #expect(f.client("budi").send("GET", url + "full").status == 404)
        #expect(amina.send("POST", "/api/attempts/\(id)/answers", json: ["position": position, "chosen": [0]]).status == 200)
        #expect(amina.send("GET", next).status == 200, "the next question is asked now")
        #expect(amina.send("GET", url + "full").status == 200, "an answered question stays shown")
        #expect(amina.send("POST", "/api/logout").status == 200)
        #expect(amina.send("GET", url + "full").status == 401, "signed out: the remembered check does not skip the sign-in")
    }

    /// The sign-in behind a media request is read from the database on every request, from
    /// several connections at once (many threads ask at the same time): a revoke from
    /// another process, an expiry or a logout stops media at once, for a learner whose access
    /// was remembered and for a trainer, on both engines.
    @Test(arguments: TestEngine.allCases) func mediaStopTheMomentTheSessionEnds(engine: TestEngine) throws {
        let f = try ServerFixture(files: Self.files(), engine: engine)
        let amina = f.client("amina"), budi = f.client("budi"), tara = f.client("tara")
        var urls: [String: String] = [:]
        for (name, c) in [("amina", amina), ("budi", budi)] {
            let id = try #require(c.send("POST", "/api/attempts", json: ["blueprint": "practice"]).object["attempt"] as? Int)
            let question = c.send("GET", "/api/attempts/\(id)/question").object
            let position = try #require(question["position"] as? Int)
            urls[name] = "/api/media/\(id)/\(position)/0/full"
            #expect(c.send("GET", urls[name]!).status == 200)
        }
        // Many requests at once, from clients of their own (one connection each), all answered.
        let statuses = Statuses(), shown = urls
        DispatchQueue.concurrentPerform(iterations: 24) { i in
            let c = HTTPClient(port: f.server.port)
            c.cookie = [amina, budi, tara][i % 3].cookie
            let path = i % 3 == 2 ? "/api/media/cases/c\(i % 6 + 1)/0/thumb" : shown[i % 3 == 0 ? "amina" : "budi"]!
            for _ in 0..<5 { statuses.add(c.send("GET", path).status) }
        }
        #expect(statuses.all == [200: 120])
        #expect(f.records.sessionReaders.count <= Records.sessionReaderLimit)
        // Revoked behind the server's back, as `casebook users revoke` in another process does.
        #expect(try f.records.revokeUser("amina"))
        #expect(amina.send("GET", urls["amina"]!).status == 401)
        // Expired.
        try f.records.db.query("UPDATE sessions SET expires_at = '2000-01-01T00:00:00Z' WHERE user_id = 'budi'")
        #expect(budi.send("GET", urls["budi"]!).status == 401)
        // Logged out, and the old cookie sent again: the trainer's media stop too.
        let cookie = tara.cookie
        #expect(tara.send("GET", "/api/media/cases/c2/0/full").status == 200)
        #expect(tara.send("POST", "/api/logout").status == 200)
        tara.cookie = cookie
        #expect(tara.send("GET", "/api/media/cases/c2/0/full").status == 401)
        #expect(tara.send("GET", urls["amina"]!).status == 401)
    }
}

/// Response statuses counted from several threads.
private final class Statuses: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [Int: Int] = [:]
    func add(_ status: Int) {
        lock.lock()
        counts[status, default: 0] += 1
        lock.unlock()
    }
    var all: [Int: Int] {
        lock.lock()
        defer { lock.unlock() }
        return counts
    }
}
