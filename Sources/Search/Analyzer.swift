import Handbook
import Foundation

/// Turns text into index terms: Unicode normalisation, case and diacritic folding, word
/// tokens stemmed by language, overlapping character bigrams for scripts written without
/// spaces, and policy codes kept whole.
///
/// The browser search (`search.js`) implements the same rules for queries; keep them in step.
public struct Analyzer {
    private var stemmers: [String: Stemmer] = [:]
    private var memo: [String: String] = [:]
    private var memoLanguage = ""

    public init() {}

    /// Words too common to help ranking, in the handbook's main languages.
    static let stopwords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "if", "in", "into", "is", "it",
        "its", "of", "on", "or", "that", "the", "their", "then", "there", "these", "this", "to", "was", "were", "will",
        "with", "you", "your", "do", "does", "not", "no", "but", "so", "can", "may", "must", "should", "than", "they",
        "yang", "dan", "di", "ke", "dari", "untuk", "dengan", "ini", "itu", "atau", "pada", "dalam", "adalah", "akan",
    ]

    /// Folds text for matching: NFKC, lowercase, Latin diacritics removed (`đ` becomes `d`),
    /// marks of other scripts (Thai vowels, tone marks) kept.
    public static func fold(_ text: String) -> String {
        // NFKC changes nothing in ASCII and common typographic punctuation: skip it there.
        let needsCompatibility = text.unicodeScalars.contains { s in
            s.value >= 0xA0 && !(s.value >= 0x2012 && s.value <= 0x2016) && !(s.value >= 0x2018 && s.value <= 0x2023)
        }
        let lowered = (needsCompatibility ? text.precomposedStringWithCompatibilityMapping : text).lowercased()
        var needsDecomposition = false
        for s in lowered.unicodeScalars where s.value >= 0xC0 && s.value < 0x2000 { needsDecomposition = true; break }
        guard needsDecomposition else { return lowered }
        var out = String.UnicodeScalarView()
        var previousIsLatin = false
        func add(_ s: Unicode.Scalar) {
            if previousIsLatin && s.properties.generalCategory == .nonspacingMark { return }
            switch s {
            case "đ": out.append("d")
            case "ø": out.append("o")
            case "ł": out.append("l")
            case "ß": out.append("s"); out.append("s")
            case "æ": out.append("a"); out.append("e")
            default: out.append(s)
            }
            previousIsLatin = isLatin(s)
        }
        // Decomposing the whole text also split Japanese kana (が into か and a combining mark)
        // and Hangul syllables wherever a page held one accented Latin letter ("café"), so such
        // a page's terms differed from a query's in the browser, whose strings compare by code
        // units. A text with kana or Hangul has only the letters of that range decomposed, one
        // by one; any other (Vietnamese, Thai: nothing outside that range decomposes once NFKC
        // has run) is decomposed whole, in one pass.
        if lowered.unicodeScalars.contains(where: { (0x3040...0x30FF).contains($0.value) || (0xAC00...0xD7A3).contains($0.value) }) {
            for s in lowered.unicodeScalars {
                if s.value >= 0xC0 && s.value < 0x2000 {
                    for d in String(s).decomposedStringWithCanonicalMapping.unicodeScalars { add(d) }
                } else {
                    add(s)
                }
            }
        } else {
            for s in lowered.decomposedStringWithCanonicalMapping.unicodeScalars { add(s) }
        }
        return String(out)
    }

    static func isLatin(_ s: Unicode.Scalar) -> Bool {
        (s.value >= 0x41 && s.value <= 0x24F) || (s.value >= 0x1E00 && s.value <= 0x1EFF)
    }

    /// Scripts written without spaces between words, indexed as character bigrams.
    static func isUnspaced(_ s: Unicode.Scalar) -> Bool { UnspacedScript.contains(s) }

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 {
            let v = s.value
            return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122)
        }
        let p = s.properties
        return p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark
    }

    /// A token of folded text: a word, or a bigram of an unspaced script.
    public enum Piece: Equatable, Sendable {
        case word(String)
        case bigram(String)
    }

    /// Splits folded text into words and bigrams.
    public static func pieces(_ folded: String) -> [Piece] {
        var text = folded
        if let ascii = text.withUTF8({ buffer -> [Piece]? in
            // Fast path for ASCII text: words are runs of letters and digits.
            var result: [Piece] = []
            var start = -1
            for i in 0..<buffer.count {
                let c = buffer[i]
                if c >= 0x80 { return nil }
                let isWord = (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90)
                if isWord { if start < 0 { start = i } } else if start >= 0 {
                    result.append(.word(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<i]), as: UTF8.self)))
                    start = -1
                }
            }
            if start >= 0 { result.append(.word(String(decoding: UnsafeBufferPointer(rebasing: buffer[start...]), as: UTF8.self))) }
            return result
        }) { return ascii }
        return slowPieces(folded)
    }

    static func slowPieces(_ folded: String) -> [Piece] {
        var result: [Piece] = []
        var word = String.UnicodeScalarView()
        var run: [Unicode.Scalar] = []
        func flushWord() {
            if !word.isEmpty { result.append(.word(String(word))); word = String.UnicodeScalarView() }
        }
        func flushRun() {
            guard !run.isEmpty else { return }
            // Combining marks belong to the character before them.
            var chars: [String] = []
            for s in run {
                let p = s.properties.generalCategory
                if (p == .nonspacingMark || p == .spacingMark), !chars.isEmpty { chars[chars.count - 1].unicodeScalars.append(s) } else { chars.append(String(s)) }
            }
            if chars.count == 1 { result.append(.bigram(chars[0])) }
            for i in 0..<max(0, chars.count - 1) { result.append(.bigram(chars[i] + chars[i + 1])) }
            run = []
        }
        for s in folded.unicodeScalars {
            if isUnspaced(s) {
                flushWord()
                run.append(s)
            } else if isWordScalar(s) {
                flushRun()
                word.append(s)
            } else {
                flushWord()
                flushRun()
            }
        }
        flushWord()
        flushRun()
        return result
    }

    /// Policy codes written in `text` (`IP-01`), uppercased.
    public static func codes(in text: String) -> [String] {
        var found: [String] = []
        let u = Array(text.utf8)
        var i = 0
        while i < u.count {
            let startsWord = i == 0 || !(isASCIILetterOrDigit(u[i - 1]))
            guard startsWord, isASCIILetter(u[i]) else { i += 1; continue }
            var j = i
            while j < u.count, j - i < 5, isASCIILetter(u[j]) { j += 1 }
            let letters = j - i
            if (2...4).contains(letters), j + 2 < u.count, u[j] == UInt8(ascii: "-"), isDigit(u[j + 1]), isDigit(u[j + 2]),
               j + 3 == u.count || !isASCIILetterOrDigit(u[j + 3]) {
                found.append(String(decoding: u[i..<(j + 3)], as: UTF8.self).uppercased())
                i = j + 3
            } else {
                i = j
            }
        }
        return found
    }

    static func isASCIILetter(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    static func isASCIILetterOrDigit(_ c: UInt8) -> Bool { isASCIILetter(c) || isDigit(c) }

    /// Stems a folded word for a page language (unchanged when no stemmer applies).
    public mutating func stem(_ word: String, lang: String) -> String {
        if lang != memoLanguage { memo.removeAll(keepingCapacity: true); memoLanguage = lang }
        if let known = memo[word] { return known }
        let result = computeStem(word, lang: lang)
        memo[word] = result
        return result
    }

    private mutating func computeStem(_ word: String, lang: String) -> String {
        guard word.unicodeScalars.contains(where: { $0.properties.isAlphabetic }),
              let algorithm = Stemmer.algorithm(forLanguage: lang) else { return word }
        if stemmers[algorithm] == nil { stemmers[algorithm] = Stemmer(algorithm: algorithm) }
        return stemmers[algorithm]?.stem(word) ?? word
    }

    /// Index terms for text in language `lang`, stopwords removed, in order.
    public mutating func terms(_ text: String, lang: String) -> [String] {
        var out: [String] = []
        for piece in Self.pieces(Self.fold(text)) {
            switch piece {
            case .word(let w):
                if Self.stopwords.contains(w) { continue }
                out.append(stem(w, lang: lang))
            case .bigram(let b):
                out.append(b)
            }
        }
        return out
    }
}
