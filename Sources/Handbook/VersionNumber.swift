/// Ordering of SOP version strings, as people number versions:
/// - parts separated by `.`, `-` or `_` compared one by one; a missing part counts as 0
///   ("3" == "3.0", "v2.1" == "2.1");
/// - within a part, runs of digits compare as numbers of any length and other runs as text
///   ("3.2" < "3.10", "2026-9" < "2026-10", "3.9-rc" < "3.10-rc", "r9" < "r10"), digits of any
///   script by their values (Thai "๙" < "๑๐");
/// - a pre-release, a `-` followed by a letter ("3.1-beta", "3.2-rc.1"), comes before the
///   release it leads to ("3.1-beta" < "3.1" < "3.1.1"), pre-releases ordered among themselves
///   the same way ("3.2-rc" < "3.2-rc.1" < "3.2-rc.2").
public enum VersionNumber {
    /// Whether version `a` comes before version `b`.
    public static func precedes(_ a: String, _ b: String) -> Bool { compare(a, b) < 0 }

    /// -1, 0 or 1 as `a` is before, equal to or after `b`.
    public static func compare(_ a: String, _ b: String) -> Int {
        if a == b { return 0 }
        if let fast = dottedNumbers(a, b) { return fast }
        let (ma, pa) = split(a), (mb, pb) = split(b)
        let main = compareParts(parts(ma), parts(mb), missing: "0")
        if main != 0 { return main }
        switch (pa, pb) {
        case (nil, nil): return 0
        case (nil, _): return 1
        case (_, nil): return -1
        case let (x?, y?): return compareParts(parts(x), parts(y), missing: nil)
        }
    }

    /// Speed: versions written only with digits and dots ("1.10", the usual case), compared
    /// on their bytes, as `compare` would (a history walk compares every changed page's version
    /// with its last one: the general path's runs of Characters were 1.5% of a build with
    /// history); nil for any other version.
    private static func dottedNumbers(_ a: String, _ b: String) -> Int? {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y -> Int? in
                func plain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { !bytes.isEmpty && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E } }
                guard plain(x), plain(y) else { return nil }
                var i = 0, j = 0
                while i < x.count || j < y.count {
                    // One part of each (a missing part is 0), leading zeros skipped.
                    var si = i; while si < x.count, x[si] != 0x2E { si += 1 }
                    var sj = j; while sj < y.count, y[sj] != 0x2E { sj += 1 }
                    var pi = i; while pi < si - 1, x[pi] == 0x30 { pi += 1 }
                    var pj = j; while pj < sj - 1, y[pj] == 0x30 { pj += 1 }
                    let (lx, ly) = (i < x.count ? si - pi : 0, j < y.count ? sj - pj : 0)
                    let zeroX = lx == 0 || (lx == 1 && x[pi] == 0x30), zeroY = ly == 0 || (ly == 1 && y[pj] == 0x30)
                    if !(zeroX && zeroY) {
                        if zeroX != zeroY { return zeroX ? -1 : 1 }
                        if lx != ly { return lx < ly ? -1 : 1 }
                        for k in 0..<lx where x[pi + k] != y[pj + k] { return x[pi + k] < y[pj + k] ? -1 : 1 }
                    }
                    i = si + 1; j = sj + 1
                }
                return 0
            }
        }
    }

    /// A version after `v`, for error messages: the release of a pre-release, else `v` with
    /// its last numeric part plus one.
    public static func next(after v: String) -> String {
        let (main, pre) = split(v)
        if pre != nil { return String(main) }
        var p = main.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if let last = p.last, let n = Int(last), n < Int.max { p[p.count - 1] = String(n + 1) } else { p.append("1") }
        return p.joined(separator: ".")
    }

    /// The version without a leading `v`, cut into its release and its pre-release (after the
    /// first `-` that a letter follows), if any.
    private static func split(_ v: String) -> (main: Substring, pre: Substring?) {
        var s = Substring(v)
        if s.first == "v" || s.first == "V" { s = s.dropFirst() }
        var i = s.startIndex
        while let dash = s[i...].firstIndex(of: "-") {
            let after = s.index(after: dash)
            if after < s.endIndex, s[after].isLetter { return (s[..<dash], s[after...]) }
            i = after
        }
        return (s, nil)
    }

    private static func parts(_ s: Substring) -> [Substring] {
        s.split(omittingEmptySubsequences: false) { $0 == "." || $0 == "-" || $0 == "_" }
    }

    /// Parts compared one by one; a part one side lacks is `missing` ("0"), or, with nil, the
    /// shorter side comes first.
    private static func compareParts(_ a: [Substring], _ b: [Substring], missing: Substring?) -> Int {
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? a[i] : missing, y = i < b.count ? b[i] : missing
            guard let x, let y else { return x == nil ? -1 : 1 }
            let c = comparePart(x, y)
            if c != 0 { return c }
        }
        return 0
    }

    /// Runs of digits as numbers (any length), other runs as text; digits before text.
    private static func comparePart(_ a: Substring, _ b: Substring) -> Int {
        let ra = runs(a), rb = runs(b)
        for i in 0..<max(ra.count, rb.count) {
            guard i < ra.count else { return -1 }
            guard i < rb.count else { return 1 }
            let (x, y) = (ra[i], rb[i])
            let (dx, dy) = (x.first?.isDecimalDigit ?? false, y.first?.isDecimalDigit ?? false)
            if dx != dy { return dx ? -1 : 1 }
            if dx {
                // Digits of any script by their values (Thai ๙ before ๑๐, as 9 before 10).
                let nx = Self.digits(x).drop { $0 == "0" }, ny = Self.digits(y).drop { $0 == "0" }
                if nx.count != ny.count { return nx.count < ny.count ? -1 : 1 }
                if nx != ny { return nx < ny ? -1 : 1 }
            } else if x != y {
                return x < y ? -1 : 1
            }
        }
        return 0
    }

    private static func digits(_ run: Substring) -> String {
        String(run.map { Character(String($0.wholeNumberValue ?? 0)) })
    }

    private static func runs(_ s: Substring) -> [Substring] {
        var out: [Substring] = []
        var start = s.startIndex
        while start < s.endIndex {
            let digit = s[start].isDecimalDigit
            let end = s[start...].firstIndex { $0.isDecimalDigit != digit } ?? s.endIndex
            out.append(s[start..<end])
            start = end
        }
        return out
    }
}

private extension Character {
    /// A decimal digit of any script (0-9, Thai ๐-๙, Arabic-Indic ٠-٩), not a fraction or a
    /// Roman numeral.
    var isDecimalDigit: Bool {
        guard let value = wholeNumberValue, (0...9).contains(value), unicodeScalars.count == 1 else { return false }
        return unicodeScalars.first!.properties.numericType == .decimal
    }
}
