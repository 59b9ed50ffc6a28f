import CJansson
import Foundation

// The only file that imports Jansson.

/// Request bodies of the JSON API, decoded strictly: the text must be RFC 8259 JSON (no
/// trailing commas, which Foundation's parsers accept by design), checked by Jansson, and
/// its fields must have exactly the types the body declares (`JSONDecoder` refuses `true`
/// for a number). Anything else is a 400 naming what to send.
enum RequestBody {
    /// Decodes `bytes` as `T`, or throws a 400 whose message says to send `expected`.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], expected: String) throws(APIError) -> T {
        guard isStrictJSON(bytes) else {
            throw APIError(status: 400, message: "the body must be one JSON object (RFC 8259: no trailing commas or comments); send \(expected)", key: "error.body_not_json",
                           values: ["expected": expected])
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            guard let field = Self.field(error) else { throw APIError(status: 400, message: "send \(expected)", key: "error.send", values: ["expected": expected]) }
            throw APIError(status: 400, message: "send \(expected) (\(field) is missing or has the wrong type)", key: "error.body_field", values: ["expected": expected, "field": field])
        }
    }

    /// Whether `bytes` is one strict JSON object.
    static func isStrictJSON(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return false }
        var error = json_error_t()
        let value = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { json_loadb($0, buffer.count, 0, &error) }
            }
        }
        guard let value else { return false }
        defer { casebook_json_free(value) }
        return value.pointee.type == JSON_OBJECT
    }

    /// The body field a decoding error is about, for the message.
    static func field(_ error: Error) -> String? {
        let path: [CodingKey]
        switch error as? DecodingError {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): path = c.codingPath
        case .keyNotFound(let key, let c): path = c.codingPath + [key]
        default: return nil
        }
        return path.isEmpty ? nil : "'\(path.map(\.stringValue).joined(separator: "."))'"
    }
}

/// `POST /api/login`.
struct LoginRequest: Decodable {
    /// The sign-in token from `casebook users add`.
    var token: String
}

/// `POST /api/attempts`.
struct StartRequest: Decodable {
    /// The blueprint to draw from.
    var blueprint: String
}

/// `POST /api/attempts/ID/answers`.
struct AnswerRequest: Decodable {
    /// The question's position in the attempt.
    var position: Int
    /// Indices of the chosen options.
    var chosen: [Int]
}

/// `POST /api/contests`.
struct ContestRequest: Decodable {
    /// The attempt and question position whose key is contested.
    var attempt: Int64
    var position: Int
    /// Why the key looks wrong.
    var comment: String
}

/// `POST /api/acknowledgements`.
/// `POST /api/me/language`: the interface language the user chooses ("" to follow the browser).
struct LanguageRequest: Decodable {
    var lang: String
}

struct AcknowledgementRequest: Decodable {
    /// The SOP's page id.
    var sop: String
    /// The version read (the SOP's current version).
    var version: String
}
