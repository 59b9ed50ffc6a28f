import Handbook

/// The graded answer to one question.
public struct GradedResponse: Sendable, Hashable {
    /// 0...1.
    public var score: Double
    /// Whether the answer scored full marks.
    public var correct: Bool
    /// The right options, as shown.
    public var correctOptions: [String]
    /// Why the key is right.
    public var explanation: String
    /// The SOP sections that decide the question.
    public var sections: [SectionRef]
}

/// The graded attempt.
public struct AttemptResult: Sendable {
    /// Percent, 0...100.
    public var percent: Double
    /// Whether the percent reaches the pass mark.
    public var passed: Bool
    /// Points scored (each question is worth 1).
    public var points: Double
    /// Points possible: the number of questions.
    public var possible: Int
    /// Per policy code: points scored and questions.
    public var byCode: [String: (points: Double, count: Int)]
    /// Per SOP section (`page#anchor`): points scored and questions.
    public var bySection: [String: (points: Double, count: Int)]
}

/// Grading rules.
///
/// - Single choice (and true/false, decision, section): 1 when the one right option is
///   chosen, else 0.
/// - Multiple choice (and violated codes): each right option chosen adds 1/R, each wrong
///   option chosen subtracts 1/R (R = number of right options), clamped to 0...1. So picking
///   everything scores 0 unless almost every option is right, and one wrong pick cancels one
///   right pick (Moodle's "sum of choice fractions, clamped", with wrong choices at -1/R).
public enum Grader {
    /// Grades chosen options (indices into `item.options`) by the rules above.
    public static func grade(_ item: QuizItem, chosen: Set<Int>) -> GradedResponse {
        let valid = chosen.filter { $0 >= 0 && $0 < item.options.count }
        let score: Double
        if item.multiple {
            let r = Double(max(1, item.correct.count))
            let right = Double(valid.intersection(item.correct).count)
            let wrong = Double(valid.subtracting(item.correct).count)
            score = min(1, max(0, (right - wrong) / r))
        } else {
            score = valid.count == 1 && valid == item.correct ? 1 : 0
        }
        return GradedResponse(score: score, correct: score >= 0.999, correctOptions: item.correct.sorted().map { item.options[$0] },
                              explanation: item.explanation, sections: item.sections)
    }

    /// Scores stored option keys against an answer key (both comma-separated), by the same
    /// rules: used to re-grade responses when a trainer changes a key.
    public static func score(chosen: String, gold: String, multiple: Bool) -> Double {
        let picked = Set(OptionKeys.split(chosen))
        let right = Set(OptionKeys.split(gold))
        if multiple {
            let r = Double(max(1, right.count))
            return min(1, max(0, (Double(picked.intersection(right).count) - Double(picked.subtracting(right).count)) / r))
        }
        return picked.count == 1 && picked == right ? 1 : 0
    }

    /// Totals, pass or fail against the pass mark (percent), and the breakdown.
    public static func result(_ items: [QuizItem], scores: [Double], passMark: Int) -> AttemptResult {
        var byCode: [String: (Double, Int)] = [:]
        var bySection: [String: (Double, Int)] = [:]
        for (item, s) in zip(items, scores) {
            for code in item.codes { byCode[code, default: (0, 0)].0 += s; byCode[code, default: (0, 0)].1 += 1 }
            for section in item.sections { bySection[section.description, default: (0, 0)].0 += s; bySection[section.description, default: (0, 0)].1 += 1 }
        }
        let points = scores.reduce(0, +)
        let percent = items.isEmpty ? 0 : points / Double(items.count) * 100
        return AttemptResult(percent: (percent * 10).rounded() / 10, passed: percent + 1e-9 >= Double(passMark), points: points, possible: items.count,
                             byCode: byCode.mapValues { (points: $0.0, count: $0.1) }, bySection: bySection.mapValues { (points: $0.0, count: $0.1) })
    }
}
