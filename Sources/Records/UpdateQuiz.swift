import Handbook
import Quiz

// A campaign's update quiz is a generated blueprint (`campaign-ID`): not a file in the bank,
// but built from what the campaign stored (its size and item pool), so it draws, grades and
// replays (`attempts verify`) like any blueprint for as long as the campaign exists. A
// retraining's quiz (`retrain-ID`) is generated the same way, through the same resolution.

extension Campaign {
    /// The campaign id of an update quiz's blueprint id (`campaign-7` -> 7), or nil.
    public static func id(ofBlueprint blueprintID: String) -> Int64? {
        guard blueprintID.hasPrefix("campaign-") else { return nil }
        let digits = blueprintID.dropFirst("campaign-".count)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let id = Int64(digits), "\(id)" == digits else { return nil }
        return id
    }

    /// The update quiz as a blueprint: an exam of `quizSize` questions drawn only from
    /// `itemPool`, with every other rule (pass mark, attempts, kinds, drawing) at the defaults
    /// of a blueprint file; nil when the campaign has no quiz. `handbook` gives the SOP's and
    /// sections' titles (the ids when the SOP is gone).
    public func updateQuiz(handbook: Handbook) -> Blueprint? {
        guard quizSize > 0 else { return nil }
        let page = handbook.page(id: sopID)
        let titles = sections.map { anchor in page?.sections.first { $0.anchor == anchor }?.title ?? anchor }
        let since = previousVersion.isEmpty ? "in version \(version)" : "since version \(previousVersion)"
        return Blueprint(id: blueprintID, title: "Update quiz: \(page?.title ?? sopID), version \(version)",
                         description: "Questions on the sections changed \(since): \(titles.joined(separator: ", ")).",
                         questions: quizSize, mode: .exam, items: itemPool)
    }
}

extension Retraining {
    /// The retraining quiz as a blueprint: an exam of `quizSize` questions drawn only from
    /// `itemPool`, every other rule at the defaults of a blueprint file, as an update quiz.
    /// `handbook` gives the SOP's and section's titles (the ids when they are gone).
    public func quiz(handbook: Handbook) -> Blueprint? {
        guard quizSize > 0 else { return nil }
        let parts = section.split(separator: "#", maxSplits: 1).map(String.init)
        let page = handbook.page(id: parts.first ?? "")
        let anchor = parts.count > 1 ? parts[1] : ""
        let title = page?.sections.first { $0.anchor == anchor }?.title ?? anchor
        return Blueprint(id: blueprintID, title: "Retraining: \(page?.title ?? parts.first ?? section), \(title)",
                         description: "Questions on \(title) (\(section)), assigned after production QA errors on it.",
                         questions: quizSize, mode: .exam, items: itemPool)
    }
}

extension AttemptLifecycle {
    /// A quiz generated from the records rather than a bank file (a campaign's update quiz,
    /// a retraining's quiz): its blueprint, the source of the tasks that assign it, and what
    /// to say to someone it is not assigned to.
    struct GeneratedQuiz {
        var blueprint: Blueprint
        var source: String
        var notAssigned: (String) -> RecordsMessage
    }

    /// The generated quiz with this blueprint id (`campaign-N`, `retrain-N`), nil when the
    /// id names none that exists and has a quiz.
    func generatedQuiz(_ id: String) throws(RecordsError) -> GeneratedQuiz? {
        if let campaignID = Campaign.id(ofBlueprint: id), let campaign = try records.campaign(campaignID),
           let quiz = campaign.updateQuiz(handbook: handbook) {
            return GeneratedQuiz(blueprint: quiz, source: campaign.source) { learner in
                .updateNotAssigned(id: id, learner: learner, campaign: campaignID)
            }
        }
        if let retrainingID = Retraining.id(ofBlueprint: id), let retraining = try records.retraining(retrainingID),
           let quiz = retraining.quiz(handbook: handbook) {
            return GeneratedQuiz(blueprint: quiz, source: retraining.source) { learner in
                .retrainingNotAssigned(id: id, learner: learner, retraining: retrainingID, section: retraining.section)
            }
        }
        return nil
    }

    /// The blueprint with this id: a campaign's update quiz for `campaign-N`, a retraining's
    /// quiz for `retrain-N`, when that campaign or retraining exists and has a quiz, else the
    /// bank's (nil: neither).
    public func blueprint(_ id: String) throws(RecordsError) -> Blueprint? {
        try generatedQuiz(id)?.blueprint ?? bank.blueprint(id)
    }

    /// Throws `notFound` unless `learnerID` may start `blueprint`: anyone may start a bank
    /// blueprint; a generated quiz only the learners its campaign or retraining assigned it to.
    func checkMayStart(_ blueprint: Blueprint, learnerID: String) throws(RecordsError) {
        guard let generated = try generatedQuiz(blueprint.id) else { return }
        let assigned = try records.tasks(learnerID: learnerID, source: generated.source).contains { $0.target == .passBlueprint(blueprint.id) }
        guard assigned else { throw .notFound(generated.notAssigned(learnerID)) }
    }
}
