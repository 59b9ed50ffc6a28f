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
        guard let object = parsedObject(bytes) else {
            throw APIError(status: 400, message: "the body must be one JSON object (RFC 8259: no trailing commas or comments); send \(expected)", key: "error.body_not_json",
                           values: ["expected": expected])
        }
        defer { casebook_json_free(object) }
        // A body read from Jansson's parse needs no second parse by JSONDecoder (an answer, the
        // hot path); any other shape goes to the decoder, whose message says what is wrong.
        if let parsed = T.self as? ParsedBody.Type, let body = parsed.init(parsed: object) as? T { return body }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            guard let field = Self.field(error) else { throw APIError(status: 400, message: "send \(expected)", key: "error.send", values: ["expected": expected]) }
            throw APIError(status: 400, message: "send \(expected) (\(field) is missing or has the wrong type)", key: "error.body_field", values: ["expected": expected, "field": field])
        }
    }

    /// Whether `bytes` is one strict JSON object.
    static func isStrictJSON(_ bytes: [UInt8]) -> Bool {
        guard let object = parsedObject(bytes) else { return false }
        casebook_json_free(object)
        return true
    }

    /// `bytes` parsed by Jansson when they are one strict JSON object (free it with
    /// `casebook_json_free`), else nil.
    private static func parsedObject(_ bytes: [UInt8]) -> UnsafeMutablePointer<json_t>? {
        guard !bytes.isEmpty else { return nil }
        var error = json_error_t()
        let value = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { json_loadb($0, buffer.count, 0, &error) }
            }
        }
        guard let value else { return nil }
        guard value.pointee.type == JSON_OBJECT else {
            casebook_json_free(value)
            return nil
        }
        return value
    }

    /// The integer `value` holds (nil: none, or another type: JSONDecoder refuses `1.0` and `true` for an Int too).
    fileprivate static func integer(_ value: UnsafeMutablePointer<json_t>?) -> Int? {
        guard let value, value.pointee.type == JSON_INTEGER else { return nil }
        return Int(json_integer_value(value))
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

/// A body that can be read from Jansson's parse of it: nil unless it has exactly the fields
/// and types `Decodable` would accept (then JSONDecoder decodes it, or says what is wrong).
protocol ParsedBody {
    init?(parsed object: UnsafeMutablePointer<json_t>)
}

/// `POST /api/attempts/ID/answers`.
struct AnswerRequest: Decodable, ParsedBody {
    /// The question's position in the attempt.
    var position: Int
    /// Indices of the chosen options.
    var chosen: [Int]

    init?(parsed object: UnsafeMutablePointer<json_t>) {
        guard let position = RequestBody.integer(json_object_get(object, "position")),
              let list = json_object_get(object, "chosen"), list.pointee.type == JSON_ARRAY else { return nil }
        var chosen: [Int] = []
        chosen.reserveCapacity(json_array_size(list))
        for i in 0..<json_array_size(list) {
            guard let option = RequestBody.integer(json_array_get(list, i)) else { return nil }
            chosen.append(option)
        }
        self.position = position
        self.chosen = chosen
    }
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
