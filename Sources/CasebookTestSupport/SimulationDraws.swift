import Foundation
import Quiz
import Randomness

/// Draws the tests' simulators make on the quiz drawer's seeded generator (SplitMix64), so a
/// simulated cohort is the same on every run and every machine.
extension SeededRandom {
    /// A uniform draw in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A standard normal draw (Box-Muller).
    public mutating func normal() -> Double {
        let u = max(uniform(), 1e-12), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    /// True with probability `p`.
    public mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }
}
