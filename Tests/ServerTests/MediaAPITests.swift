import Foundation
import Testing
@testable import Server
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

    @Test func onlyTheLearnerWhoWasShownItAndTrainersGetMedia() throws {
        let f = try ServerFixture(files: Self.files())
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
}
