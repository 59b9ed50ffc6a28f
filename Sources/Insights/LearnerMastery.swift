import Foundation
import Records

/// A learner's mastery of one SOP section: the same shrunken estimate the report's "learners
/// to retrain" uses (cases right of cases answered, shrunk toward the section's learners by
/// an empirical-Bayes Beta prior; suspect answer keys left out).
public struct SectionMastery: Sendable, Hashable, Codable {
    /// `sop-id#anchor`.
    public var ref: String
    /// "Page title › Section title".
    public var title: String
    /// Cases (or authored questions) answered right in every answer, of those answered.
    public var correct: Int
    public var answered: Int
    /// Posterior mean mastery.
    public var mastery: Double
    /// P(mastery < the options' target).
    public var probabilityBelowTarget: Double
}

extension GapReport {
    /// `learner`'s mastery of each section they answered, by section ref; empty when the
    /// learner has no answers in `e`.
    public static func mastery(of learner: String, _ e: Evidence, options o: ReportOptions = ReportOptions(),
                               contests: [ContestRecord] = []) -> [SectionMastery] {
        guard let index = e.learners.firstIndex(where: { $0.id == learner }) else { return [] }
        var a = Analysis(e, o)
        _ = a.itemAnalysis(contests: contests)
        return a.masteries().filter { $0.learner == index }.map { m in
            let info = a.catalog.sections[m.section]
            return SectionMastery(ref: info.ref, title: info.title, correct: m.correct, answered: m.answered, mastery: m.mean,
                                  probabilityBelowTarget: Stats.betaCDF(o.masteryTarget, m.a, m.b))
        }.sorted { $0.ref < $1.ref }
    }
}
