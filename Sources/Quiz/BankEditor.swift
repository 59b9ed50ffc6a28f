import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Handbook

/// Changes an answer key in a bank file in place, touching only the lines that hold it, so a
/// trainer's upheld contest is reflected in the bank the next draw uses.
public enum BankEditor {
    /// Why a key change could not be written.
    public struct EditError: Error, CustomStringConvertible, Sendable {
        /// The message.
        public var description: String
    }

    /// Returns `text` with the key of `kind` set to `keys`: a case's `decision:`, `codes:` or
    /// `sop:` front-matter line (and `reviewed:` set to `today`), or a question's `- [x]`
    /// marks (keys are option letters).
    public static func settingKey(in text: String, kind: QuestionKind, keys: [String], today: String, file: String) throws(EditError) -> String {
        var lines = text.components(separatedBy: "\n")
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
              let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            throw EditError(description: "\(file): no front matter found; edit the key by hand")
        }
        func setField(_ name: String, _ value: String) throws(EditError) {
            guard let i = (1..<end).first(where: { lines[$0].hasPrefix(name + ":") }) else {
                throw EditError(description: "\(file): no '\(name):' line in the front matter; edit the key by hand")
            }
            lines[i] = "\(name): \(value)"
        }
        switch kind {
        case .decision:
            guard keys.count == 1 else { throw EditError(description: "a decision key is exactly one action") }
            try setField("decision", keys[0])
        case .codes:
            let codes = keys.filter { $0 != QuizDrawer.noViolation }
            try setField("codes", "[" + codes.joined(separator: ", ") + "]")
        case .section:
            guard keys.count == 1 else { throw EditError(description: "a section key is exactly one sop-id#anchor") }
            try setField("sop", keys[0])
        case .knowledge:
            var letter = 0
            for i in (end + 1)..<lines.count {
                let t = lines[i].trimmingCharacters(in: .whitespaces)
                guard t.hasPrefix("- [ ] ") || t.hasPrefix("- [x] ") || t.hasPrefix("- [X] ") else { continue }
                let indent = lines[i].prefix { $0 == " " }
                lines[i] = indent + (keys.contains(QuizDrawer.letter(letter)) ? "- [x] " : "- [ ] ") + t.dropFirst(6)
                letter += 1
            }
            guard letter > 0 else { throw EditError(description: "\(file): no '- [ ]' options found; edit the key by hand") }
        }
        if kind != .knowledge, (1..<end).contains(where: { lines[$0].hasPrefix("reviewed:") }) { try setField("reviewed", today) }
        return lines.joined(separator: "\n")
    }

    /// Writes the change to disk atomically (a temporary file renamed over the original).
    public static func setKey(file path: String, kind: QuestionKind, keys: [String], today: String) throws(EditError) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw EditError(description: "\(path): cannot read the bank file")
        }
        let updated = try settingKey(in: text, kind: kind, keys: keys, today: today, file: path)
        let temp = path + ".casebook-tmp"
        do {
            try Data(updated.utf8).write(to: URL(fileURLWithPath: temp))
            guard rename(temp, path) == 0 else { throw EditError(description: String(cString: strerror(errno))) }
        } catch {
            try? FileManager.default.removeItem(atPath: temp)
            throw EditError(description: "\(path): cannot write the new key (\(error.localizedDescription)); the database was not changed")
        }
    }
}
