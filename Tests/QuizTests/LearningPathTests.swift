import Foundation
import Testing
import Handbook
@testable import Quiz
import CasebookTestSupport

/// Onboarding paths (`Quizzes/paths/*.yml`): parsed like blueprints, checked against the
/// handbook and the blueprints, each problem named with its file and line.
@Suite struct LearningPathTests {
    static let sop = """
        ---
        id: ip
        title: Counterfeit
        version: "2.1"
        actions:
          - id: approve
            label: Approve
          - id: remove
            label: Remove
        ---
        ## IP-01 Counterfeit goods {#ip-01}
        Fakes.
        ## IP-02 Brand misuse {#ip-02}
        Names.
        """

    static let goodPath = """
        id: ip-moderator
        title: IP moderator
        role: moderator
        queue: ip
        applies_to:
          markets: [id, th]
          teams: [ip-team]
        steps:
          - id: read
            acknowledge: [ip#ip-01, ip#ip-02]
            due_days: 3
          - id: quiz
            pass: practice
            after: [read]
            due_days: 7
          - id: calibrate
            title: Calibration session
            calibration: calib
            after: [quiz]
        certificate:
          id: ip-cert
          valid_days: 180
          recertify:
            blueprint: practice
            days_before: 30
        """

    /// A bank with the SOP, a practice and a calibration blueprint, one case, and `paths`.
    static func bank(_ paths: [String: String]) throws -> QuizBank {
        var files = ["Content/ip.md": sop,
                     "Quizzes/blueprints/practice.yml": "id: practice\ntitle: Practice\nquestions: 1\n",
                     "Quizzes/blueprints/calib.yml": "id: calib\ntitle: Calib\nquestions: 1\nmode: exam\ncalibration: true\ncases: [c1]\n",
                     "Quizzes/cases/c1.md": FixtureText.caseFile(id: "c1", decision: "remove", codes: "[]", sop: "ip#ip-01", tags: "[x]",
                                                                 title: "A fake", listing: "Fake bag", rationale: "It is fake.")]
        for (name, text) in paths { files["Quizzes/paths/\(name).yml"] = text }
        return try BankFixture(files).bank
    }

    static func errors(_ bank: QuizBank) -> [Diagnostic] { bank.diagnostics.filter { $0.severity == .error } }

    @Test func aGoodPathParsesWithItsStepsAndCertificate() throws {
        let bank = try Self.bank(["ip-moderator": Self.goodPath])
        #expect(Self.errors(bank).isEmpty, "\(bank.diagnostics)")
        let p = try #require(bank.path("ip-moderator"))
        #expect(p.markets == ["ID", "TH"] && p.teams == ["ip-team"] && p.vendors.isEmpty)
        #expect(p.steps.map(\.id) == ["read", "quiz", "calibrate"])
        #expect(p.steps[0].kind == .acknowledge([PathReading(sopID: "ip", sections: ["ip-01", "ip-02"])]))
        #expect(p.steps[0].title == "Read and acknowledge ip#ip-01, ip#ip-02")
        #expect(p.steps[1].kind == .pass(blueprintID: "practice") && p.steps[1].after == ["read"] && p.steps[1].dueDays == 7)
        #expect(p.steps[2].kind == .calibration(blueprintID: "calib") && p.steps[2].title == "Calibration session")
        #expect(p.steps[2].dueDays == 14, "the default due_days")
        #expect(p.certificate == PathCertificate(id: "ip-cert", validDays: 180, recertBlueprint: "practice", recertDaysBefore: 30))
    }

    @Test func theSamplePathPassesCheck() throws {
        let root = RepositoryRoot.path
        let handbook = try Handbook.load(content: root + "/Content")
        let bank = try QuizBank.load(quizzes: root + "/Quizzes", handbook: handbook)
        #expect(bank.diagnostics.filter { $0.file.hasPrefix("Quizzes/paths") }.isEmpty, "\(bank.diagnostics)")
        let p = try #require(bank.path("id-listings-moderator"))
        #expect(p.certificate?.id == "id-listings" && p.certificate?.validDays == 180)
        #expect(p.steps.contains { if case .calibration = $0.kind { return true } else { return false } })
    }

    @Test func aMissingBlueprintNamesTheStepAndLine() throws {
        let text = Self.goodPath.replacingOccurrences(of: "pass: practice", with: "pass: practise")
        let e = Self.errors(try Self.bank(["ip-moderator": text]))
        #expect(e.count == 1)
        #expect(e.first?.file == "Quizzes/paths/ip-moderator.yml" && e.first?.line == 12)
        #expect(e.first?.message == "step 'quiz': no blueprint 'practise' in Quizzes/blueprints; available: calib, practice")
    }

    @Test func aCycleInPrerequisitesIsAnError() throws {
        let text = Self.goodPath.replacingOccurrences(of: "    acknowledge: [ip#ip-01, ip#ip-02]\n", with: "    acknowledge: [ip#ip-01, ip#ip-02]\n    after: [calibrate]\n")
        let e = Self.errors(try Self.bank(["ip-moderator": text]))
        #expect(e.map(\.message) == ["the steps' prerequisites form a cycle (read after calibrate after quiz after read), so none of them could ever start; remove one of these 'after:' entries"])
        #expect(e.first?.line == 9)
        // A step after itself is a cycle too; an unknown step is named.
        let selfLoop = Self.goodPath.replacingOccurrences(of: "after: [read]", with: "after: [quiz, nowhere]")
        let messages = Self.errors(try Self.bank(["ip-moderator": selfLoop])).map(\.message)
        #expect(messages.contains("step 'quiz' comes after 'nowhere', which is not a step of this path; name one of read, quiz, calibrate"))
        #expect(messages.contains { $0.hasPrefix("the steps' prerequisites form a cycle (quiz after quiz)") })
    }

    @Test func aCertificateWithNoValidityIsAnError() throws {
        let text = Self.goodPath.replacingOccurrences(of: "  valid_days: 180\n", with: "")
        let e = Self.errors(try Self.bank(["ip-moderator": text]))
        #expect(e.map(\.message) == ["certificate 'ip-cert' has no validity; add 'valid_days: N' (e.g. 180), the days it is valid after it is granted"])
        #expect(e.first?.line == 20 && e.first?.file == "Quizzes/paths/ip-moderator.yml", "the 'certificate:' line")
        let zero = Self.goodPath.replacingOccurrences(of: "valid_days: 180", with: "valid_days: 0")
        #expect(Self.errors(try Self.bank(["ip-moderator": zero])).map(\.message) == ["'valid_days' must be a whole number from 1 to 3650"])
        let window = Self.goodPath.replacingOccurrences(of: "days_before: 30", with: "days_before: 200")
        #expect(Self.errors(try Self.bank(["ip-moderator": window])).first?.message.hasPrefix("'days_before' (200) must be less than valid_days (180)") == true)
    }

    @Test func duplicateStepsUnknownSOPsAndSectionsAndWrongKinds() throws {
        let duplicate = Self.goodPath.replacingOccurrences(of: "  - id: calibrate", with: "  - id: quiz")
        let d = Self.errors(try Self.bank(["ip-moderator": duplicate]))
        #expect(d.contains { $0.message == "duplicate step id 'quiz' (first on line 12); give every step of a path its own id" && $0.line == 16 })
        let unknown = Self.goodPath.replacingOccurrences(of: "[ip#ip-01, ip#ip-02]", with: "[refunds, ip#ip-09]")
        let u = Self.errors(try Self.bank(["ip-moderator": unknown])).map(\.message)
        #expect(u.sorted() == ["step 'read': ip has no section '#ip-09'; its sections are #ip-01, #ip-02",
                               "step 'read': no SOP with id 'refunds' in the handbook; use the 'id:' of a page"])
        let notCalibration = Self.goodPath.replacingOccurrences(of: "calibration: calib", with: "calibration: practice")
        #expect(Self.errors(try Self.bank(["ip-moderator": notCalibration])).map(\.message)
                == ["step 'calibrate': 'practice' is not a calibration blueprint ('calibration: true'); use 'pass: practice' to require passing it"])
        let two = Self.goodPath.replacingOccurrences(of: "    pass: practice\n", with: "    pass: practice\n    calibration: calib\n")
        #expect(Self.errors(try Self.bank(["ip-moderator": two])).map(\.message)
                == ["step 'quiz' has pass and calibration; give each step exactly one, and split the rest into steps of their own"])
        let samePathTwice = try Self.bank(["a": Self.goodPath, "b": Self.goodPath])
        #expect(Self.errors(samePathTwice).map(\.message) == ["duplicate path id 'ip-moderator' (also in Quizzes/paths/a.yml)"])
    }
}
