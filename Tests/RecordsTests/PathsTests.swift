import CivilDate
import Foundation
import Testing
import Quiz
@testable import Records
import CasebookTestSupport

/// Onboarding paths through the one assignments mechanism: tasks per step with due dates,
/// blocked steps, certificates granted in the transaction that completes the last step, and
/// recertification assigned exactly once when a certificate's window opens.
@Suite struct PathsTests {
    /// read (ip 2.1, two sections) and read-ops (ops 1.0) -> quiz (pass practice) -> calibrate (take part in calib);
    /// certificate ip-cert, 180 days, recertify by passing recert 30 days before expiry.
    static let path = LearningPath(
        id: "ip-moderator", title: "IP moderator", description: "", role: "moderator", queue: "ip", markets: ["ID"], teams: [], vendors: [],
        steps: [
            PathStep(id: "read", title: "Read IP", kind: .acknowledge([PathReading(sopID: "ip", sections: ["ip-01", "ip-02"])]), after: [], dueDays: 3, line: 1),
            PathStep(id: "read-ops", title: "Read ops", kind: .acknowledge([PathReading(sopID: "ops", sections: [])]), after: [], dueDays: 3, line: 2),
            PathStep(id: "quiz", title: "Pass practice", kind: .pass(blueprintID: "practice"), after: ["read", "read-ops"], dueDays: 7, line: 3),
            PathStep(id: "calibrate", title: "Calibration", kind: .calibration(blueprintID: "calib"), after: ["quiz"], dueDays: 21, line: 4),
        ],
        certificate: PathCertificate(id: "ip-cert", validDays: 180, recertBlueprint: "recert", recertDaysBefore: 30), file: "paths/ip-moderator.yml")
    static let versions = ["ip": "2.1", "ops": "1.0"]

    func seeded(_ t: TempTree, _ engine: TestEngine = .sqlite) throws -> Records {
        let r = try Records(path: t.database("data/casebook.db", on: engine))
        try r.addLearner(Learner(id: "amina", name: "Amina", team: "id-listings", market: "ID"))
        try r.addLearner(Learner(id: "budi", name: "Budi", team: "id-listings", market: "ID"))
        return r
    }

    /// A finished attempt at `blueprint` (passed or not); returns its id.
    @discardableResult
    func attempt(_ r: Records, _ learner: String, _ blueprint: String, passed: Bool) throws -> Int64 {
        let id = try r.startAttempt(learnerID: learner, blueprintID: blueprint, seed: 1, contentVersion: "v", mode: "exam", itemsJSON: "[]")
        try r.finishAttempt(id, percent: passed ? 100 : 10, passed: passed)
        return id
    }

    func states(_ r: Records, _ learner: String) throws -> [String: StepState] {
        Dictionary(try r.pathProgress(learnerID: learner).first?.steps.map { ($0.stepID, $0.state) } ?? [], uniquingKeysWith: { a, _ in a })
    }

    @Test(arguments: TestEngine.allCases) func assigningCreatesEveryStepsTasksOnceWithDueDatesFromTheStart(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try seeded(t, engine)
        let first = try r.assignPath(Self.path, sopVersions: Self.versions, learnerIDs: ["amina", "budi"], start: "2026-12-01")
        #expect(first.assigned == ["amina", "budi"] && first.alreadyAssigned.isEmpty && first.tasks == 8)
        let tasks = try r.tasks(learnerID: "amina")
        #expect(tasks.map(\.target) == [.acknowledge(sopID: "ip", version: "2.1"), .acknowledge(sopID: "ops", version: "1.0"),
                                        .passBlueprint("practice"), .takePart("calib")])
        #expect(tasks.map(\.due) == ["2026-12-04", "2026-12-04", "2026-12-08", "2026-12-22"])
        #expect(Set(tasks.map(\.source)) == ["path:ip-moderator"])
        // Assigning again (to the same learners and one more) adds nothing for those who have it.
        try r.addLearner(Learner(id: "citra", name: "Citra", market: "ID"))
        let again = try r.assignPath(Self.path, sopVersions: Self.versions, learnerIDs: ["amina", "citra"], start: "2026-12-05")
        #expect(again.assigned == ["citra"] && again.alreadyAssigned == ["amina"] && again.tasks == 4)
        #expect(try r.tasks(learnerID: "amina").count == 4)
        #expect(try r.tasks(source: "path:ip-moderator").count == 12)
        let progress = try #require(try r.pathProgress(learnerID: "amina").first)
        #expect(progress.steps.map(\.stepID) == ["read", "read-ops", "quiz", "calibrate"])
        #expect(progress.steps.map(\.state) == [.open, .open, .blocked, .blocked])
        #expect(progress.steps[2].blockedBy == ["read", "read-ops"])
        #expect(progress.steps[0].sections == ["ip#ip-01", "ip#ip-02"])
        #expect(progress.next?.stepID == "read" && progress.granted == nil)
        #expect(progress.steps[0].isOverdue(today: "2026-12-05") && !progress.steps[0].isOverdue(today: "2026-12-04"))
    }

    @Test(arguments: TestEngine.allCases) func aBlockedStepIsNotCompletedButAnEarlierAcknowledgementCountsWhenItUnblocks(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try seeded(t, engine)
        // Acknowledged before the path was assigned: the open step is done at once.
        let early = try r.acknowledge(learnerID: "amina", sopID: "ip", version: "2.1")
        _ = try r.assignPath(Self.path, sopVersions: Self.versions, learnerIDs: ["amina"], start: "2026-12-01")
        #expect(try states(r, "amina") == ["read": .done, "read-ops": .open, "quiz": .blocked, "calibrate": .blocked])
        #expect(try r.tasks(learnerID: "amina")[0].evidence == "acknowledgement:\(early.id)")
        // A pass while the quiz step is blocked does not count.
        try attempt(r, "amina", "practice", passed: true)
        #expect(try states(r, "amina")["quiz"] == .blocked)
        #expect(try r.openTasks(learnerID: "amina").map(\.target).contains(.passBlueprint("practice")))
        // Reading the other SOP unblocks it; the pass must be repeated.
        try r.acknowledge(learnerID: "amina", sopID: "ops", version: "1.0")
        #expect(try states(r, "amina")["quiz"] == .open)
        let pass = try attempt(r, "amina", "practice", passed: true)
        #expect(try states(r, "amina") == ["read": .done, "read-ops": .done, "quiz": .done, "calibrate": .open])
        #expect(try r.tasks(learnerID: "amina")[2].evidence == "attempt:\(pass)")
        #expect(try r.certificates(learnerID: "amina").isEmpty, "no certificate before the last step")
    }

    /// A step to read a version counts as done when the learner read a later one (the site
    /// shows only the current version), when it opens as when it is assigned.
    @Test(arguments: TestEngine.allCases) func aLaterVersionReadCountsForAStep(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try seeded(t, engine)
        let later = try r.acknowledge(learnerID: "amina", sopID: "ip", version: "2.2")
        _ = try r.assignPath(Self.path, sopVersions: Self.versions, learnerIDs: ["amina"], start: "2026-12-01")
        #expect(try states(r, "amina")["read"] == .done)
        #expect(try r.tasks(learnerID: "amina")[0].evidence == "acknowledgement:\(later.id)")
        #expect(try states(r, "amina")["read-ops"] == .open)
    }

    @Test(arguments: TestEngine.allCases) func completingTheLastStepGrantsTheCertificateWithItsEvidence(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try seeded(t, engine)
        _ = try r.assignPath(Self.path, sopVersions: Self.versions, learnerIDs: ["amina", "budi"], start: "2026-12-01")
        let a1 = try r.acknowledge(learnerID: "amina", sopID: "ip", version: "2.1")
        let a2 = try r.acknowledge(learnerID: "amina", sopID: "ops", version: "1.0")
        // A failed attempt at the quiz leaves it open; taking part in calibration needs no pass.
        try attempt(r, "amina", "practice", passed: false)
        #expect(try states(r, "amina")["quiz"] == .open)
        let pass = try attempt(r, "amina", "practice", passed: true)
        let calibration = try attempt(r, "amina", "calib", passed: false)
        let certificates = try r.certificates(learnerID: "amina")
        #expect(certificates.count == 1)
        let c = try #require(certificates.first)
        #expect(c.certificate == "ip-cert" && c.pathID == "ip-moderator" && c.renews == nil)
        #expect(c.evidence == ["acknowledgement:\(a1.id)", "acknowledgement:\(a2.id)", "attempt:\(pass)", "attempt:\(calibration)"])
        let granted = try #require(CivilDate(iso: c.grantedAt.prefix(10)))
        #expect(c.expires == CivilDate(days: granted.days + 180).iso)
        // In the same transaction as the last task: the task's completion time is the grant time.
        #expect(try r.tasks(learnerID: "amina").last?.completedAt == c.grantedAt)
        let progress = try #require(try r.pathProgress(learnerID: "amina").first)
        #expect(progress.isComplete && progress.next == nil && progress.granted == c)
        // Finishing again changes nothing; budi, who did nothing, has none.
        try r.finishAttempt(calibration, percent: 50, passed: true)
        #expect(try r.certificates().count == 1)
        #expect(try r.certificates(learnerID: "budi").isEmpty)
        // Certificates are never edited.
        #expect(throws: RecordsError.self) { try r.db.execute("UPDATE certificates SET expires = '2099-01-01'") }
    }

    @Test(arguments: TestEngine.allCases) func recertificationIsAssignedOnceInItsWindowAndPassingItRenews(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try seeded(t, engine)
        _ = try r.assignPath(Self.path, sopVersions: Self.versions, learnerIDs: ["amina"], start: "2026-12-01")
        try r.acknowledge(learnerID: "amina", sopID: "ip", version: "2.1")
        try r.acknowledge(learnerID: "amina", sopID: "ops", version: "1.0")
        try attempt(r, "amina", "practice", passed: true)
        try attempt(r, "amina", "calib", passed: true)
        let old = try #require(try r.certificates(learnerID: "amina").first)
        let expires = try #require(CivilDate(iso: old.expires))
        // Not before the window (30 days before expiry) opens.
        #expect(try r.scheduleRecertifications(today: CivilDate(days: expires.days - 31).iso).isEmpty)
        let created = try r.scheduleRecertifications(today: CivilDate(days: expires.days - 30).iso)
        #expect(created.count == 1)
        #expect(try r.scheduleRecertifications(today: CivilDate(days: expires.days - 10).iso).isEmpty, "exactly once")
        let task = try #require(try r.openTasks(learnerID: "amina").first)
        #expect(task.target == .passBlueprint("recert") && task.due == old.expires && task.source == "path:ip-moderator")
        let recert = try #require(try r.pathProgress(learnerID: "amina").last)
        #expect(recert.renews == old.id && recert.next?.stepID == "recertify")
        // Passing it grants a new certificate from the old expiry; the old one is kept.
        let pass = try attempt(r, "amina", "recert", passed: true)
        let all = try r.certificates(learnerID: "amina")
        #expect(all.count == 2 && all[0] == old)
        #expect(all[1].renews == old.id && all[1].evidence == ["attempt:\(pass)"])
        #expect(all[1].expires == CivilDate(days: expires.days + 180).iso)
        #expect(try r.certificates(learnerID: "amina", current: true) == [all[1]])
        // The renewed certificate gets its own recertification later, once.
        #expect(try r.scheduleRecertifications(today: CivilDate(days: expires.days + 150).iso).count == 1)
        #expect(try r.scheduleRecertifications(today: CivilDate(days: expires.days + 151).iso).isEmpty)
    }

    @Test(arguments: TestEngine.allCases) func badAssignmentsWriteNothing(engine: TestEngine) throws {
        let t = try TempTree()
        let r = try seeded(t, engine)
        #expect { try r.assignPath(Self.path, sopVersions: Self.versions, learnerIDs: [], start: "2026-12-01") } throws: {
            ($0 as? RecordsError)?.message == "no learner to assign path 'ip-moderator' to; add learners with casebook learners add, or change the selection"
        }
        #expect { try r.assignPath(Self.path, sopVersions: ["ip": "2.1"], learnerIDs: ["amina"], start: "2026-12-01") } throws: {
            ($0 as? RecordsError)?.message.contains("step 'read-ops': SOP 'ops' has no published version") == true
        }
        #expect(throws: RecordsError.self) { try r.assignPath(Self.path, sopVersions: Self.versions, learnerIDs: ["amina"], start: "1 Dec") }
        #expect(try r.tasks().isEmpty)
        #expect(try r.pathProgress(learnerID: "amina").isEmpty)
    }

    @Test func aDatabaseFromBeforePathsKeepsItsTasksAndGainsTheTakePartKind() throws {
        let t = try TempTree()
        let path = t.path("data/casebook.db")
        try FileManager.default.createDirectory(atPath: t.path("data"), withIntermediateDirectories: true)
        // The schema as it was before this migration, with a learner and a task.
        let mine = try #require(Records.migrations.firstIndex { $0.sqlite.contains("tasks_with_take_part") })
        do {
            let old = try SQLiteDatabase(path: path)
            for m in Records.migrations[..<mine] { try old.execute(m.sqlite) }
            try old.execute("""
                INSERT INTO learners (id, name, created_at) VALUES ('amina', 'Amina', '2026-11-01T00:00:00.000Z');
                INSERT INTO tasks (learner_id, kind, target, due, source, created_at) VALUES ('amina', 'pass_blueprint', 'exam', '2026-12-20', 'campaign:1', '2026-11-01T00:00:00.000Z');
                PRAGMA user_version = \(mine);
                """)
            #expect(throws: RecordsError.self) {
                try old.execute("INSERT INTO tasks (learner_id, kind, target, due, source, created_at) VALUES ('amina', 'take_part', 'calib', '2026-12-20', 's', 'now')")
            }
        }
        let r = try Records(path: path)
        #expect(try r.tasks().map(\.target) == [.passBlueprint("exam")])
        try r.createTasks([NewTask(learnerID: "amina", target: .takePart("calib"), due: "2026-12-20", source: "path:p")])
        #expect(try r.openTasks(learnerID: "amina").map(\.target) == [.passBlueprint("exam"), .takePart("calib")])
    }
}
