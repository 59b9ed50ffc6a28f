import CStemmer

// The only file that imports libstemmer.

/// A Snowball stemmer for one language. Not thread-safe: use one per thread.
final class Stemmer {
    private let handle: OpaquePointer

    /// The Snowball algorithm for a page language, or nil when none applies (Thai, Vietnamese...).
    static func algorithm(forLanguage lang: String) -> String? {
        switch lang.lowercased().prefix(2) {
        case "en": return "english"
        case "id", "ms": return "indonesian"
        case "es": return "spanish"
        case "pt": return "portuguese"
        case "fr": return "french"
        case "de": return "german"
        case "nl": return "dutch"
        case "it": return "italian"
        case "tr": return "turkish"
        default: return nil
        }
    }

    init?(algorithm: String) {
        guard let h = sb_stemmer_new(algorithm, "UTF_8") else { return nil }
        handle = h
    }

    deinit { sb_stemmer_delete(handle) }

    /// The stem of a lowercased word.
    func stem(_ word: String) -> String {
        var word = word
        return word.withUTF8 { buffer -> String in
            guard let base = buffer.baseAddress,
                  let out = sb_stemmer_stem(handle, base, Int32(buffer.count)) else { return String(decoding: buffer, as: UTF8.self) }
            let length = Int(sb_stemmer_length(handle))
            return String(decoding: UnsafeBufferPointer(start: out, count: length), as: UTF8.self)
        }
    }
}
