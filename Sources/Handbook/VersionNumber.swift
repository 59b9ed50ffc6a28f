/// Ordering of SOP version strings: dotted parts compared one by one, numerically when both
/// are whole numbers ("3.2" < "3.10"), else as text; a missing part counts as 0 ("3" == "3.0").
public enum VersionNumber {
    /// Whether version `a` comes before version `b`.
    public static func precedes(_ a: String, _ b: String) -> Bool { compare(a, b) < 0 }

    /// -1, 0 or 1 as `a` is before, equal to or after `b`.
    public static func compare(_ a: String, _ b: String) -> Int {
        let pa = parts(a), pb = parts(b)
        for i in 0..<max(pa.count, pb.count) {
            let x = i < pa.count ? pa[i] : "0", y = i < pb.count ? pb[i] : "0"
            if x == y { continue }
            if let nx = Int(x), let ny = Int(y) {
                if nx != ny { return nx < ny ? -1 : 1 }
            } else if x != y {
                return x < y ? -1 : 1
            }
        }
        return 0
    }

    /// A version after `v`, for error messages: its last numeric part plus one.
    public static func next(after v: String) -> String {
        var p = parts(v)
        if let last = p.last, let n = Int(last) { p[p.count - 1] = String(n + 1) } else { p.append("1") }
        return p.joined(separator: ".")
    }

    private static func parts(_ v: String) -> [String] {
        var s = Substring(v)
        if s.first == "v" || s.first == "V" { s = s.dropFirst() }
        return s.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }
}
