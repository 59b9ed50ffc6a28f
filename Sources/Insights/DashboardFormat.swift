import CivilDate
import Foundation

// Axis scales and number formats of the dashboard, for the renderer and its charts.

extension Dashboard.Renderer {
    enum Scale {
        /// The axis maximum: a round step above `value`, at most 100%.
        static func niceMax(_ value: Double) -> Double {
            guard value > 0 else { return 0.1 }
            for m in [0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8] where value <= m { return m }
            return 1
        }

        /// Tick values from 0 to `max`, four or five of them.
        static func ticks(_ max: Double) -> [Double] {
            let step: Double
            switch max {
            case ...0.02: step = 0.005
            case ...0.05: step = 0.01
            case ...0.1: step = 0.025
            case ...0.2: step = 0.05
            case ...0.4: step = 0.1
            case ...0.6: step = 0.15
            default: step = max <= 0.8 ? 0.2 : 0.25
            }
            return stride(from: 0, through: max + 1e-9, by: step).map { $0 }
        }
    }

    enum Fmt {
        /// A share as a percentage: one decimal below 10%, whole numbers above.
        static func percent(_ x: Double) -> String {
            guard x.isFinite else { return "–" }
            let p = x * 100
            if p != 0 && abs(p) < 10 && (p * 10).rounded() != (p.rounded() * 10) { return String(format: "%.1f%%", p) }
            return "\(Int(p.rounded()))%"
        }

        /// A count with thousands separators.
        static func count(_ n: Int) -> String {
            let digits = String(abs(n))
            var out = ""
            for (i, c) in digits.enumerated() {
                if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
                out.append(c)
            }
            return n < 0 ? "-" + out : out
        }

        /// A coordinate or figure with at most `decimals` decimals and no trailing zeros.
        static func n(_ x: Double, decimals: Int = 1) -> String {
            guard x.isFinite else { return "0" }
            var s = String(format: "%.\(decimals)f", x)
            if s.contains(".") {
                while s.hasSuffix("0") { s.removeLast() }
                if s.hasSuffix(".") { s.removeLast() }
            }
            return s == "-0" ? "0" : s
        }

        static func q(_ q: Double) -> String { q < 0.001 ? "&lt;0.001" : String(format: "%.3f", q) }

        /// A change per week in percentage points.
        static func points(_ x: Double) -> String { (x > 0 ? "+" : x < 0 ? "−" : "") + String(format: "%.1f", abs(x * 100)) + " pts" }

        static func agreement(_ x: Double?) -> String { x.map { String(format: "%.2f", $0) } ?? "–" }

        static func cause(_ c: String) -> String {
            switch c {
            case "ambiguity": return "SOP may be unclear"
            case "training-gap": return "training gap"
            case "suspect-key": return "answer key may be wrong"
            default: return c
            }
        }

        static func truncate(_ s: String, _ length: Int) -> String { s.count <= length ? s : String(s.prefix(length - 1)) + "…" }

        /// "2026-09-28" as "28 Sep" (the week of 28 September).
        static func shortDate(_ iso: String) -> String {
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            let parts = iso.split(separator: "-")
            guard parts.count == 3, let m = Int(parts[1]), (1...12).contains(m), let d = Int(parts[2]) else { return iso }
            return "\(d) \(months[m - 1])"
        }

        /// Days since 1970-01-01 for `YYYY-MM-DD` (0 when it does not parse), so weeks are spaced by date.
        static func dayNumber(_ iso: String) -> Int {
            let parts = iso.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return 0 }
            return CivilDate.days(year: parts[0], month: parts[1], day: parts[2])
        }
    }
}
