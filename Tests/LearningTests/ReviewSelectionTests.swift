import Foundation
import Testing
@testable import Learning

@Suite struct ReviewSelectionTests {
    let model = FSRS()
    let sectionOf = ["a1": "sop-a#one", "a2": "sop-a#one", "b1": "sop-b#two", "b2": "sop-b#two", "c1": "sop-c#three"]

    /// a1, a2 and b1 answered right on day 0 (stability 3.17 days), b2 answered right
    /// twice (stronger), c1 never answered.
    func memories() -> [ItemMemory] {
        let good = model.initial(grade: .good, on: 0)
        let strong = model.next(model.initial(grade: .good, on: 0), grade: .good, on: 4)
        return [ItemMemory(item: "a1", state: good), ItemMemory(item: "a2", state: model.initial(grade: .again, on: 0)),
                ItemMemory(item: "b1", state: good), ItemMemory(item: "b2", state: strong)]
    }

    @Test func noHistoryIsATypedOutcome() {
        let plan = planReview([], sectionOf: sectionOf, request: ReviewRequest(day: 10, mix: [ReviewMixLine(name: "all", count: 5)]))
        #expect(plan == .nothingDue(.noHistory))
    }

    @Test func nothingDueSaysWhenTheFirstItemWillBe() {
        let plan = planReview(memories(), sectionOf: sectionOf, request: ReviewRequest(day: 0, mix: [ReviewMixLine(name: "all", count: 5)]))
        // a2 (a lapse, stability 0.40) is the first to fall below 0.85.
        #expect(plan == .nothingDue(.allAboveTarget(nextDueDay: FSRS.interval(stability: 0.40255, target: 0.85), item: "a2")))
    }

    @Test func mostForgottenSectionsFirstAndNeverUnseenItems() throws {
        let plan = planReview(memories(), sectionOf: sectionOf, request: ReviewRequest(day: 6, mix: [ReviewMixLine(name: "all", count: 10)]))
        guard case let .due(picks, sections) = plan else { Issue.record("expected items due, got \(plan)"); return }
        // Section one (a lapse and a single right answer) is more forgotten than section two.
        #expect(sections.map(\.section) == ["sop-a#one", "sop-b#two"])
        #expect(picks.map(\.item) == ["a2", "a1", "b1"]) // b2 still above 0.85, c1 never seen
        #expect(picks.allSatisfy { $0.recall < 0.85 })
        #expect(sections[0].seenItems == 2 && sections[0].dueItems == 2)
    }

    @Test func eachMixLineTakesAtMostItsCount() {
        let mix = [ReviewMixLine(name: "one", count: 1, items: ["a1", "a2"]), ReviewMixLine(name: "two", count: 3, items: ["b1", "b2", "c1"])]
        let plan = planReview(memories(), sectionOf: sectionOf, request: ReviewRequest(day: 6, mix: mix))
        guard case let .due(picks, _) = plan else { Issue.record("expected items due, got \(plan)"); return }
        #expect(picks.map(\.item) == ["a2", "b1"])
        #expect(picks.map(\.line) == ["one", "two"])
    }

    @Test func itemsOutsideTheMixAreNotHistory() {
        let mix = [ReviewMixLine(name: "only-c", count: 3, items: ["c1"])]
        #expect(planReview(memories(), sectionOf: sectionOf, request: ReviewRequest(day: 6, mix: mix)) == .nothingDue(.noHistory))
    }
}

@Suite struct LearnerStatesReviewTests {
    @Test func aLearnersReviewFromTheRecords() {
        var log = ReviewLog()
        log.append(learner: "ana", item: "a1", day: 0, score: 1)
        log.append(learner: "ana", item: "b1", day: 0, score: 0)
        log.append(learner: "ana", item: "b1", day: 1, score: 1)
        let states = LearnerStates(log: log)
        let sectionOf = ["a1": "sop-a#one", "b1": "sop-b#two", "c1": "sop-c#three"]
        let sections = states.sections(of: "ana", sectionOf: sectionOf, on: 20)
        #expect(sections.map(\.section).sorted() == ["sop-a#one", "sop-b#two"])
        #expect(sections.allSatisfy { $0.seenItems == 1 && $0.meanRecall < 0.85 && $0.dueItems == 1 })
        #expect(states.sections(of: "bo", sectionOf: sectionOf, on: 20).isEmpty)
        let request = ReviewRequest(day: 20, mix: [ReviewMixLine(name: "all", count: 10)])
        guard case let .due(picks, _) = states.review(for: "ana", sectionOf: sectionOf, request: request) else {
            Issue.record("expected items due"); return
        }
        #expect(Set(picks.map(\.item)) == ["a1", "b1"])
        #expect(states.review(for: "bo", sectionOf: sectionOf, request: request) == .nothingDue(.noHistory))
        #expect(LearnerStates.day(Date(timeIntervalSince1970: 86_400 * 3)) == 3)
    }
}
