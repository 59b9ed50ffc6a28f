import Handbook
import Quiz

// A campaign's update quiz is a generated blueprint (`campaign-ID`): not a file in the bank,
// but built from what the campaign stored (its size and item pool), so it draws, grades and
// replays (`attempts verify`) like any blueprint for as long as the campaign exists.

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

extension AttemptLifecycle {
    /// The blueprint with this id: a campaign's update quiz for `campaign-N` when that
    /// campaign exists and has a quiz, else the bank's (nil: neither).
    public func blueprint(_ id: String) throws(RecordsError) -> Blueprint? {
        if let campaignID = Campaign.id(ofBlueprint: id), let campaign = try records.campaign(campaignID),
           let quiz = campaign.updateQuiz(handbook: handbook) {
            return quiz
        }
        return bank.blueprint(id)
    }

    /// Throws `notFound` unless `learnerID` may start `blueprint`: anyone may start a bank
    /// blueprint; a campaign's update quiz only the learners the campaign assigned it to.
    func checkMayStart(_ blueprint: Blueprint, learnerID: String) throws(RecordsError) {
        guard let campaignID = Campaign.id(ofBlueprint: blueprint.id), let campaign = try records.campaign(campaignID), campaign.quizSize > 0 else { return }
        let assigned = try records.tasks(learnerID: learnerID, source: "campaign:\(campaignID)").contains { $0.target == .passBlueprint(blueprint.id) }
        guard assigned else {
            throw .notFound("the update quiz '\(blueprint.id)' is not assigned to '\(learnerID)'; campaign \(campaignID) assigns it to the learners in its markets, teams and vendors (casebook campaigns show \(campaignID))")
        }
    }
}
