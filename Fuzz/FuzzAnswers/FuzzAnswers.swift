// libFuzzer target: the answers file of `casebook quiz --answers FILE`. It reads the input
// with the command's own reader (QuizCommand.scriptedAnswers: LF or CRLF lines, trimmed,
// blank lines and '#' comments skipped) and parses each answer with QuizCommand.parseAnswer
// against a decision and a multi-answer item. Built by `make fuzz`.
import FuzzDriver
@testable import CasebookCLI
@testable import Quiz

private let single = QuizItem(kind: .decision, itemID: "c1", itemVersion: "1", caseID: "c1", prompt: "Decision?",
                              options: ["Approve", "Remove", "Escalate"], optionKeys: ["approve", "remove", "escalate"],
                              correct: [1], multiple: false, sections: [], codes: [], explanation: "", difficulty: 1)
private let multiple = QuizItem(kind: .codes, itemID: "c1", itemVersion: "1", caseID: "c1", prompt: "Codes?",
                                options: ["IP-01 Counterfeit", "IP-03 Replica wording", "PA-03 Off-platform"],
                                optionKeys: ["IP-01", "IP-03", "PA-03"], correct: [0, 2], multiple: true, sections: [], codes: [], explanation: "", difficulty: 1)

@main
enum Main {
    static func main() { runFuzzer(test) }
}

/// One input; a crash, a hang or a leak in here is a defect.
private func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let text = String(validating: fuzzInput(data, size), as: UTF8.self) else { return 0 }
    for (_, t) in QuizCommand.scriptedAnswers(text) {
        for item in [single, multiple] {
            if case .success(let chosen) = QuizCommand.parseAnswer(t, item: item), chosen.contains(where: { $0 < 0 || $0 >= item.options.count }) {
                fatalError("answer \(t.debugDescription) chose an option that does not exist")
            }
        }
    }
    return 0
}
