import Foundation
import Quiz
import Records

// Case media, served only through the API (never part of the static site):
//   GET /api/media/<attempt>/<position>/<n>/<variant>   variant: full, thumb, blur, poster
// to the learner of the attempt for a question they have been shown (answered, or the one
// being asked), and to trainers for any attempt; everyone else gets 404, as for attempts.
//   GET /api/media/cases/<case id>/<n>/<variant>          trainers only (reviewing the bank)

/// A stored media file a media URL can name: its path and Content-Type, worked out once when
/// the server starts (the bank does not change while serving) instead of on every request
/// (a case lookup and path and extension handling with Foundation's NSString were most of a
/// media request's own time).
struct MediaFile: Sendable {
    /// The file's path (the quiz folder joined with the case's folder and the ref).
    let path: String
    /// Its Content-Type, by extension.
    let type: String
    /// The ETag of a file named by content hash (`<sha256>.jpg`, `<sha256>.thumb.jpg`): the
    /// name without its extension, as its bytes never change; nil for other names, whose tag
    /// is the opened file's size and modification time.
    let etag: String?
    /// The headers of a 200 or 304 but the ETag, and with it when `etag` is known (built
    /// once, shared by every response).
    let headers: [(String, String)]
    let headersWithETag: [(String, String)]?

    init(path: String, type: String) {
        self.path = path
        self.type = type
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let hash = stem.utf8.prefix(64)
        let hashNamed = hash.count == 64 && hash.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
            && (stem.utf8.count == 64 || stem.utf8.dropFirst(64).first == UInt8(ascii: "."))
        let tag = hashNamed ? "\"\(stem)\"" : nil
        let common = [("Content-Type", type), ("Cache-Control", "private, max-age=86400")] + StaticSite.securityHeaders
        etag = tag
        headers = common
        headersWithETag = tag.map { [("ETag", $0)] + common }
    }

    /// The files of each of the case's media (in order), by variant; a variant a media has no
    /// file for (an image's poster, a ref that leaves the case's folder, a link) is absent.
    static func all(of c: Case, in directory: String) -> [[MediaVariant: MediaFile]] {
        c.media.map { m in
            var files: [MediaVariant: MediaFile] = [:]
            for variant in MediaVariant.allCases {
                guard let path = m.path(variant, caseFile: c.file) else { continue }
                let type = switch (path as NSString).pathExtension {
                case "jpg": "image/jpeg"
                case "png": "image/png"
                case "mp4": "video/mp4"
                case "webm": "video/webm"
                default: "application/octet-stream"
                }
                files[variant] = MediaFile(path: CasebookApp.join(directory, path), type: type)
            }
            return files
        }
    }
}

extension CasebookApp {
    /// The media URL prefix of the n-th media of the case at `position` of an attempt
    /// (the client appends the variant); nil for media that is only described.
    func mediaURL(attempt: Int64, position: Int, index: Int, _ media: CaseMedia) -> String? {
        media.isStored ? "/api/media/\(attempt)/\(position)/\(index)/" : nil
    }

    func media(_ r: HTTPRequest, _ parts: [String]) throws -> HTTPResponse {
        guard r.method == "GET" || r.method == "HEAD" else {
            throw APIError.methodNotAllowed(["GET"], allow: "GET, HEAD")
        }
        let p = try principal(r)
        let notFound = APIError(status: 404, message: "no such media", key: "error.no_media")
        guard parts.count == 6, let index = Int(parts[4]), index >= 0, let variant = MediaVariant(rawValue: parts[5]) else { throw notFound }
        let found: String
        if parts[2] == "cases" {
            guard p.role == .trainer, caseIndex[parts[3]] != nil else { throw notFound }
            found = parts[3]
        } else {
            guard let attemptID = Int64(parts[2]), let position = Int(parts[3]), position >= 0 else { throw notFound }
            if p.role != .trainer, let caseID = shownMedia.caseID(attempt: attemptID, learner: p.id, position: position) {
                // Shown to this learner before: it stays shown (see ShownMedia).
                found = caseID
            } else {
                let attempt = try visibleAttempt(attemptID, p)
                guard attempt.learnerID == p.id || p.role == .trainer else { throw notFound }
                let items = try self.items(attempt)
                guard position < items.count, let caseID = items[position].caseID, caseIndex[caseID] != nil else { throw notFound }
                if p.role != .trainer {
                    // Shown: answered, or the question being asked (the first unanswered; in an
                    // adaptive exam the one it chose, never another of its pool).
                    let answered = Set(try records.responses(attemptID: attempt.id).map(\.position))
                    let current = try lifecycle.nextPosition(attempt, items: items)
                    guard answered.contains(position) || position == current else { throw notFound }
                    shownMedia.remember(attempt: attempt.id, learner: p.id, position: position, caseID: caseID)
                }
                found = caseID
            }
        }
        guard let media = caseMedia[found], index < media.count, let stored = media[index][variant],
              let file = ResponseFile(path: stored.path) else { throw notFound }
        // Named by content hash, so a URL's bytes never change: cache, but only in this
        // browser; a browser asking again with the ETag (after max-age) gets a 304, after the
        // same access check.
        let etag = stored.etag ?? file.etag
        let headers = stored.headersWithETag ?? [("ETag", etag)] + stored.headers
        if let match = r.headers["if-none-match"], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) {
            return HTTPResponse(status: 304, headers: headers)
        }
        // Sent straight from the file (sendfile), never read into memory.
        return HTTPResponse(status: 200, headers: headers, file: file)
    }

    static func join(_ folder: String, _ file: String) -> String {
        folder.isEmpty || folder == "." ? file : (folder.hasSuffix("/") ? folder + file : folder + "/" + file)
    }
}
