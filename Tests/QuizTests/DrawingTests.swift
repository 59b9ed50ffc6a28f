import Testing
@testable import Handbook
@testable import Quiz

@Suite struct DrawingTests {
    static let blueprint = """
    id: b
    questions: 5
    kinds: [decision, codes, section, knowledge]
    no_repeat_days: 14
    mix:
      - name: Counterfeit
        tags: [counterfeit]
        count: 3
      - name: Alcohol
        codes: [RI-*]
        count: 1
      - name: Anything
        count: 1
    """

    @Test func sameSeedSameQuizDifferentSeedDifferentOrder() throws {
        let f = try QuizFixture()
        let b = try f.blueprint(Self.blueprint)
        let drawer = QuizDrawer(bank: f.bank, handbook: f.handbook)
        let a = try drawer.draw(b, seed: 7, today: "2026-11-20", history: [:])
        let again = try drawer.draw(b, seed: 7, today: "2026-11-20", history: [:])
        #expect(a.items == again.items)
        var differs = false
        for seed in 8...20 where try drawer.draw(b, seed: UInt64(seed), today: "2026-11-20", history: [:]).items != a.items { differs = true }
        #expect(differs)
        #expect(a.contentVersion == f.bank.contentVersion)
    }

    @Test func stratifiedAsTheBlueprintSays() throws {
        let f = try QuizFixture()
        let b = try f.blueprint(Self.blueprint)
        for seed in 1...10 {
            let q = try QuizDrawer(bank: f.bank, handbook: f.handbook).draw(b, seed: UInt64(seed), today: "2026-11-20", history: [:])
            #expect(q.items.count == 5)
            #expect(Set(q.items.map(\.itemID)).count == 5, "no item twice")
            #expect(q.items.contains { $0.itemID == "c10" }, "the RI-* line is filled by the only alcohol case")
            let counterfeit = q.items.filter { ["c1", "c2", "c3", "c4", "c5", "c6"].contains($0.itemID) }
            #expect(counterfeit.count >= 3)
            for item in q.items { #expect(item.correct.allSatisfy { $0 < item.options.count }) }
        }
    }

    @Test func recentlySeenItemsAreAvoidedThenLeastSeenFirst() throws {
        let f = try QuizFixture()
        let b = try f.blueprint(Self.blueprint)
        let drawer = QuizDrawer(bank: f.bank, handbook: f.handbook)
        // c1..c3 seen yesterday: the counterfeit line must use c4..c6.
        let history: SeenHistory = ["c1": (1, "2026-11-19"), "c2": (1, "2026-11-19"), "c3": (1, "2026-11-19")]
        let q = try drawer.draw(b, seed: 3, today: "2026-11-20", history: history)
        #expect(Set(q.items.map(\.itemID)).isDisjoint(with: ["c1", "c2", "c3"]))
        #expect(q.notes.isEmpty)
        // Outside the 14-day window they are fair game again.
        let old: SeenHistory = ["c4": (5, "2026-10-01"), "c5": (5, "2026-10-01"), "c6": (5, "2026-10-01")]
        let q2 = try drawer.draw(b, seed: 3, today: "2026-11-20", history: old)
        #expect(q2.items.filter { ["c1", "c2", "c3"].contains($0.itemID) }.count == 3, "least-seen first")
        // When everything was seen recently, the least-seen are reused and the learner is told.
        var all: SeenHistory = [:]
        for i in 1...10 { all["c\(i)"] = (i, "2026-11-19") }
        all["q1"] = (1, "2026-11-19")
        let q3 = try drawer.draw(b, seed: 3, today: "2026-11-20", history: all)
        #expect(q3.items.count == 5)
        #expect(q3.notes.first?.contains("seen in the last 14 days") == true)
    }

    @Test func poolTooSmallSaysWhichLine() throws {
        let f = try QuizFixture()
        let b = try f.blueprint("id: b\nquestions: 2\nmarkets: [UK]\nmix:\n  - name: UK counterfeit\n    tags: [counterfeit]\n    count: 2\n")
        #expect {
            _ = try QuizDrawer(bank: f.bank, handbook: f.handbook).draw(b, seed: 1, today: "2026-11-20", history: [:])
        } throws: { error in
            "\(error)".contains("mix line 'UK counterfeit' needs 2 items but only 0 active items match in markets UK")
        }
    }

    @Test func draftAndRetiredCasesAreNeverDrawn() throws {
        var cases: [String: String] = [:]
        for i in 1...3 { cases["cases/a\(i).md"] = QuizFixture.caseFile("a\(i)") }
        cases["cases/d.md"] = QuizFixture.caseFile("draft", status: "draft")
        cases["cases/r.md"] = QuizFixture.caseFile("retired", status: "retired")
        let f = try QuizFixture(cases: cases)
        let b = try f.blueprint("id: b\nquestions: 3\nkinds: [decision]\n")
        for seed in 1...20 {
            let q = try QuizDrawer(bank: f.bank, handbook: f.handbook).draw(b, seed: UInt64(seed), today: "2026-11-20", history: [:])
            #expect(Set(q.items.map(\.itemID)) == ["a1", "a2", "a3"])
        }
    }

    @Test func dateArithmetic() {
        #expect(QuizDrawer.date("2026-03-05", minusDays: 5) == "2026-02-28")
        #expect(QuizDrawer.date("2024-03-01", minusDays: 1) == "2024-02-29")
        #expect(QuizDrawer.date("2026-01-10", minusDays: 14) == "2025-12-27")
    }

    @Test func aGeneratedBlueprintDrawsOnlyFromItsItemsWithTheUsualRules() throws {
        let f = try QuizFixture()
        // c1, c7 and q1 are in the pool; "gone" is not in the bank.
        let pool = ["c1", "c7", "q1", "gone"]
        let b = Blueprint(id: "campaign-1", title: "Update quiz", questions: 3, mode: .exam, items: pool)
        let drawer = QuizDrawer(bank: f.bank, handbook: f.handbook)
        for seed in 1...12 {
            let q = try drawer.draw(b, seed: UInt64(seed), today: "2026-11-20", history: [:])
            #expect(Set(q.items.map(\.itemID)) == ["c1", "c7", "q1"], "only and all of the pooled items in the bank")
            #expect(q.blueprintID == "campaign-1")
        }
        // Same seed, same draw.
        #expect(try drawer.draw(b, seed: 5, today: "2026-11-20", history: [:]).items == drawer.draw(b, seed: 5, today: "2026-11-20", history: [:]).items)
        // Earlier draws first, as for any exam: two of three drawn before, so a 1-question quiz asks the third.
        var one = b
        one.questions = 1
        let retake = try drawer.draw(one, seed: 9, today: "2026-11-20", history: [:], earlierDraws: ["c1": 1, "q1": 1])
        #expect(retake.items.map(\.itemID) == ["c7"])
        // A pool smaller than the quiz: the usual error, naming the pool.
        var big = b
        big.questions = 4
        #expect(throws: DrawError.self) { try drawer.draw(big, seed: 1, today: "2026-11-20", history: [:]) }
        do { _ = try drawer.draw(big, seed: 1, today: "2026-11-20", history: [:]) } catch {
            #expect(error.message.contains("needs 4 items but only 3 active items match among the 4 items it draws from"))
        }
        // The defaults are those of a blueprint file that leaves the fields out.
        let parsed = try f.blueprint("id: b\n")
        let built = Blueprint(id: "b", title: "b", file: parsed.file)
        #expect(built == parsed)
    }

    @Test func blueprintFilesMayNotTakeACampaignsUpdateQuizID() throws {
        let f = try QuizFixture(extra: ["blueprints/c.yml": "id: campaign-3\n"])
        #expect(f.bank.diagnostics.contains { $0.severity == .error && $0.file == "Quizzes/blueprints/c.yml"
            && $0.message == "blueprint id 'campaign-3' starts with 'campaign-', which names campaigns' update quizzes; give it another id" })
    }

    @Test func aBlueprintSavedInAnotherEncodingSaysHowToFixIt() throws {
        // "Pemula" in a Latin-1 editor: the e-acute is one byte, not UTF-8.
        let f = try QuizFixture()
        try f.tree.write("Quizzes/blueprints/pemula.yml", bytes: Array("id: pemula\ntitle: Kuis pemula caf".utf8) + [0xE9, 0x0A])
        let bank = try QuizBank.load(quizzes: f.tree.path("Quizzes"), handbook: f.handbook)
        #expect(bank.diagnostics.contains { $0.severity == .error && $0.file == "Quizzes/blueprints/pemula.yml"
            && $0.message == "is not valid UTF-8; re-save it as UTF-8" }, "\(bank.diagnostics)")
    }
}

