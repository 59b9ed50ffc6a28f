import CWordBreak
import Handbook

/// A run of words that is the same in both texts, only in the old one, or only in the new one.
public struct WordRun: Sendable, Hashable, Codable {
    /// What happened to the words of a run.
    public enum Kind: String, Sendable, Hashable, Codable {
        case same, deleted, inserted
    }
    public var kind: Kind
    public var words: [String]
    /// The positions in `words` of the words written right after the word before them, with
    /// no space: the words of a script written without spaces (Thai, Chinese). Position 0
    /// joins the run to the last word of the run before it. Nil when every word is spaced.
    public var glued: [Int]?

    public init(_ kind: Kind, _ words: [String]) {
        self.kind = kind
        self.words = words
    }

    /// A run of `WordDiff`'s tokens: a token that starts with `WordDiff.glue` is a glued word.
    init(_ kind: Kind, tokens: [String]) {
        self.kind = kind
        // Most text (any spaced script) has no glued word: the tokens are the words.
        guard tokens.contains(where: { $0.unicodeScalars.first == WordDiff.glue }) else {
            words = tokens
            return
        }
        var words: [String] = [], glued: [Int] = []
        words.reserveCapacity(tokens.count)
        for (i, t) in tokens.enumerated() {
            if t.unicodeScalars.first == WordDiff.glue {
                glued.append(i)
                words.append(String(t.unicodeScalars.dropFirst()))
            } else {
                words.append(t)
            }
        }
        self.words = words
        self.glued = glued.isEmpty ? nil : glued
    }

    /// The words as `WordDiff`'s tokens (glued ones marked).
    var tokens: [String] {
        guard let glued else { return words }
        var out = words
        for i in glued where i < out.count { out[i] = String(WordDiff.glue) + out[i] }
        return out
    }

    /// What comes before word `i`: nothing when it is glued to the word before it, else a space.
    public func separator(before i: Int) -> String { glued?.contains(i) == true ? "" : " " }

    /// The words joined as the text has them: by single spaces, glued words without one.
    public var text: String {
        guard glued != nil else { return words.joined(separator: " ") }
        var out = ""
        for (i, w) in words.enumerated() {
            if i > 0 { out += separator(before: i) }
            out += w
        }
        return out
    }
}

/// Word-level diff: Myers' O(ND) shortest edit script over whitespace-separated words, and
/// over the dictionary words of scripts written without spaces (Thai, Lao, Khmer, Myanmar,
/// Chinese, Japanese), which ICU's word break iterator finds: a changed word of a Thai sentence
/// is shown as that word, not as the whole sentence deleted and inserted.
public enum WordDiff {
    /// Marks a token written right after the one before it, with no space (inside `WordDiff`
    /// and `WordRun` only): U+FDD0, a noncharacter, which Unicode keeps out of interchanged
    /// text (a word joiner, U+2060, can start a word copied from a word processor).
    static let glue = Unicode.Scalar(0xFDD0)!

    /// The words of `text`, split on any whitespace.
    ///
    /// Speed: a site build diffs every section of every pair of versions, and splitting by
    /// `Character` costs a grapheme break and a Unicode property lookup per letter. ASCII
    /// text (most SOPs) is split on its bytes instead: there every Character is one byte
    /// (or CR LF, whitespace either way) and the whitespace ones are tab, LF, VT, FF, CR
    /// and space, so the words are the same.
    ///
    /// Each word is made from its bytes with `String(unsafeUninitializedCapacity:)` into a
    /// list sized for words of about six letters: `String(decoding:)` and a list grown word by
    /// word took over twice as long (the words of the changed sections were a fifth of a
    /// diff page's cost).
    public static func words(_ text: String) -> [String] {
        var text = text
        let ascii: [String]? = text.withUTF8 { bytes in
            var words: [String] = []
            words.reserveCapacity(bytes.count / 6 + 1)
            func word(_ range: Range<Int>) -> String {
                String(unsafeUninitializedCapacity: range.count) { out in
                    _ = out.initialize(from: bytes[range])
                    return range.count
                }
            }
            var start = -1
            for i in 0..<bytes.count {
                let b = bytes[i]
                if b >= 0x80 { return nil }
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                    if start >= 0 { words.append(word(start..<i)); start = -1 }
                } else if start < 0 {
                    start = i
                }
            }
            if start >= 0 { words.append(word(start..<bytes.count)) }
            return words
        }
        return ascii ?? spacedWords(text)
    }

    /// `words` of text that is not all ASCII: split as `Character.isWhitespace` would, scalar by
    /// scalar. A Character is whitespace when its first scalar is, and the scalars a whitespace
    /// scalar other than a control takes into its Character are the combining ones after it
    /// (Extend, ZWJ, SpacingMark, emoji modifiers). Splitting by Character cost a grapheme
    /// break per letter, most of a Thai or Vietnamese diff.
    static func spacedWords(_ text: String) -> [String] {
        spacedRanges(text).map { String(text[$0]) }
    }

    /// Where `spacedWords`'s words are in `text`.
    static func spacedRanges(_ text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        let scalars = text.unicodeScalars
        var start: String.Index?
        var afterSpace = false
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let s = scalars[i]
            if isWhitespace(s) {
                if let st = start { ranges.append(st..<i); start = nil }
                // Controls (tab, line breaks, U+0085, U+2028, U+2029) take nothing after them.
                afterSpace = !(s.value <= 0x0D || s.value == 0x85 || s.value == 0x2028 || s.value == 0x2029)
            } else if afterSpace, joinsPrevious(s) {
                // Part of the whitespace's Character.
            } else {
                afterSpace = false
                if start == nil { start = i }
            }
            i = scalars.index(after: i)
        }
        if let st = start { ranges.append(st..<text.endIndex) }
        return ranges
    }

    /// Unicode's White_Space property (the scalars `Character.isWhitespace` looks at).
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Whether `s` joins the Character before it (grapheme rules GB9 and GB9a).
    static func joinsPrevious(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x300 { return false }
        let p = s.properties
        return p.isGraphemeExtend || s.value == 0x200D || p.isEmojiModifier || p.generalCategory == .spacingMark
    }

    /// The tokens the diff compares: `words`, with the runs of a script written without spaces
    /// split into ICU's dictionary words, each that follows the one before it without a space
    /// marked with `glue`. (`words`, which section matching counts, leaves such runs whole.)
    static func tokens(_ text: String) -> [String] {
        var text = text
        if text.withUTF8({ $0.allSatisfy { $0 < 0x80 } }) { return words(text) }
        let ranges = spacedRanges(text)
        let unspaced = ranges.map { text[$0].unicodeScalars.contains(where: UnspacedScript.contains) }
        guard unspaced.contains(true), let breaker = casebook_word_breaker_open() else { return ranges.map { String(text[$0]) } }
        defer { casebook_word_breaker_close(breaker) }
        let original = text, utf8 = original.utf8
        let offsets = ranges.map { (utf8.distance(from: utf8.startIndex, to: $0.lowerBound), utf8.distance(from: utf8.startIndex, to: $0.upperBound)) }
        let glueBytes = Array(String(glue).utf8)
        return text.withUTF8 { bytes -> [String] in
            // One pass of ICU over the whole text (a call per word cost a microsecond each, most of
            // a Thai diff); only the boundaries inside a word of an unspaced script are used, so a
            // spaced word ("orders.") is never split at its punctuation.
            var bounds = [Int32](repeating: 0, count: bytes.count + 1)
            let n = Int(casebook_word_boundaries(breaker, bytes.baseAddress, Int32(bytes.count), &bounds, Int32(bounds.count)))
            var out: [String] = []
            out.reserveCapacity(ranges.count * 2)
            var b = 1
            for (k, (lo, hi)) in offsets.enumerated() {
                guard unspaced[k], n >= 2, n <= bounds.count else { out.append(String(original[ranges[k]])); continue }
                while b < n, Int(bounds[b]) <= lo { b += 1 }
                var from = lo
                while b < n, Int(bounds[b]) < hi {
                    let to = Int(bounds[b])
                    let piece = UnsafeBufferPointer(rebasing: bytes[from..<to])
                    out.append(from == lo ? String(decoding: piece, as: UTF8.self) : String(decoding: glueBytes + piece, as: UTF8.self))
                    from = to
                    b += 1
                }
                let piece = UnsafeBufferPointer(rebasing: bytes[from..<hi])
                out.append(from == lo ? String(decoding: piece, as: UTF8.self) : String(decoding: glueBytes + piece, as: UTF8.self))
            }
            return out
        }
    }

    /// Whether `text` has any word (`!words(text).isEmpty`), without making them: ASCII text
    /// has one when any byte is not whitespace; other text is split as `words` splits it.
    public static func hasWords(_ text: String) -> Bool {
        let utf8 = text.utf8
        var ascii = true
        for b in utf8 {
            if b >= 0x80 { ascii = false; break }
            if b != 0x20 && !(b >= 0x09 && b <= 0x0D) { return true }
        }
        return ascii ? false : text.contains { !$0.isWhitespace }
    }

    /// The runs that turn `old` into `new`. Within a change, deletions come before insertions;
    /// adjacent runs of the same kind are merged.
    public static func diff(_ old: String, _ new: String) -> [WordRun] {
        // Most sections are the same in two consecutive versions: one unchanged run, found
        // without splitting the new text or searching (what the search would return).
        if old == new {
            let same = tokens(old)
            return same.isEmpty ? [] : [WordRun(.same, tokens: same)]
        }
        return diff(words: tokens(old), tokens(new))
    }

    /// The runs that turn the word list `a` into `b`.
    public static func diff(words a: [String], _ b: [String]) -> [WordRun] {
        // Common prefix and suffix need no search (most edits touch a few words).
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        // Speed: the kind of the last run is kept aside, so a word is appended to that run's
        // list in place (a copy of the run held while appending made every append copy it).
        var runs: [WordRun] = []
        var lastKind: WordRun.Kind?
        func add(_ kind: WordRun.Kind, _ words: ArraySlice<String>) {
            guard !words.isEmpty else { return }
            if lastKind == kind { runs[runs.count - 1].words.append(contentsOf: words) } else { runs.append(WordRun(kind, Array(words))); lastKind = kind }
        }
        func add(_ kind: WordRun.Kind, _ word: String) {
            if lastKind == kind { runs[runs.count - 1].words.append(word) } else { runs.append(WordRun(kind, [word])); lastKind = kind }
        }
        add(.same, a[..<prefix])
        let middleA = Array(a[prefix..<(a.count - suffix)]), middleB = Array(b[prefix..<(b.count - suffix)])
        for (kind, word) in myers(middleA, middleB) { add(kind, word) }
        add(.same, a[(a.count - suffix)...])
        return reorder(runs).map { WordRun($0.kind, tokens: $0.words) }
    }

    /// Edit distances beyond this many words are not searched: the section was rewritten, and
    /// is shown as all deleted, then all inserted. This bounds the trace to about
    /// `maxEdits`² integers (8 MB) whatever the section's length.
    public static let maxEdits = 1000

    /// Myers' greedy algorithm; the frontier of each round (only its diagonals -d...d) is kept
    /// for backtracking.
    private static func myers(_ a: [String], _ b: [String]) -> [(WordRun.Kind, String)] {
        let n = a.count, m = b.count
        if n == 0 { return b.map { (.inserted, $0) } }
        if m == 0 { return a.map { (.deleted, $0) } }
        let maxD = min(n + m, maxEdits)
        let offset = maxD + 1
        var v = [Int](repeating: 0, count: 2 * maxD + 3)
        var trace: [[Int]] = []
        var found = false
        search: for d in 0...maxD {
            trace.append(Array(v[(offset - d)...(offset + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                v[offset + k] = x
                if x >= n, y >= m { found = true; break search }
            }
        }
        guard found else { return a.map { (.deleted, $0) } + b.map { (.inserted, $0) } }
        // Backtrack from (n, m) through the saved frontiers; trace[d][k + d] is diagonal k before round d.
        var edits: [(WordRun.Kind, String)] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let frontier = trace[d]
            func at(_ k: Int) -> Int { frontier[k + d] }
            let k = x - y
            let prevK: Int
            if k == -d || (k != d && at(k - 1) < at(k + 1)) { prevK = k + 1 } else { prevK = k - 1 }
            let prevX = d == 0 ? 0 : at(prevK)
            let prevY = prevX - prevK
            while x > prevX, y > prevY {
                x -= 1; y -= 1
                edits.append((.same, a[x]))
            }
            if d > 0 {
                if x == prevX { y -= 1; edits.append((.inserted, b[y])) } else { x -= 1; edits.append((.deleted, a[x])) }
            }
        }
        return edits.reversed()
    }

    /// Puts each deleted run before the inserted run it borders, so a replacement reads
    /// "<del>old</del> <ins>new</ins>" however the edit script interleaved them.
    private static func reorder(_ runs: [WordRun]) -> [WordRun] {
        var out: [WordRun] = []
        var i = 0
        while i < runs.count {
            guard runs[i].kind != .same else { out.append(runs[i]); i += 1; continue }
            var deleted: [String] = [], inserted: [String] = []
            while i < runs.count, runs[i].kind != .same {
                if runs[i].kind == .deleted { deleted += runs[i].words } else { inserted += runs[i].words }
                i += 1
            }
            if !deleted.isEmpty { out.append(WordRun(.deleted, deleted)) }
            if !inserted.isEmpty { out.append(WordRun(.inserted, inserted)) }
        }
        return out
    }
}
