import Foundation
import Handbook

/// `Quizzes/calibration.yml` as read back: the Rasch (1PL) item difficulties (logits) that
/// `casebook items calibrate` wrote, for anchoring the next calibration and for adaptive exams.
public struct ItemCalibrationFile: Sendable, Hashable, Codable {
    /// The file's path relative to the quiz folder's parent (`Quizzes/calibration.yml`), or as given.
    public var file: String
    /// The date the calibration was written (`date:`).
    public var date: String
    /// Every item with a difficulty: estimated ones and the extreme ones (everyone right or
    /// everyone wrong), placed at a finite difficulty. Unanswered items have none.
    public var difficulties: [String: Double]
    /// The items whose difficulty was estimated (not extreme): what the next calibration anchors to.
    public var estimated: Set<String>

    /// The calibration in the bank's folder is read from this name.
    public static let name = "calibration.yml"

    /// A calibration read from `file`'s text.
    public init(file: String, date: String, difficulties: [String: Double], estimated: Set<String>) {
        self.file = file; self.date = date; self.difficulties = difficulties; self.estimated = estimated
    }

    /// A problem reading the file: the file, line and what to do.
    public struct ReadError: Error, Sendable, Hashable {
        public var file: String
        public var line: Int
        public var message: String
    }

    /// Reads the calibration at `path` (nil when there is none); `shownAs` names it in errors.
    public static func read(_ path: String, shownAs: String? = nil) throws(ReadError) -> ItemCalibrationFile? {
        let name = shownAs ?? path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ReadError(file: name, line: 0, message: "cannot read the item calibration; run 'casebook items calibrate' again or delete the file to start a new scale")
        }
        let y: YAMLNode
        do { y = try YAMLParser.parse(text) } catch {
            throw ReadError(file: name, line: error.line, message: "\(error.message); fix it or delete the file to start a new scale")
        }
        var difficulties: [String: Double] = [:]
        var estimated = Set<String>()
        for e in y["items"]?.mapEntries ?? [] {
            let status = e.value["status"]?.scalar ?? ""
            guard let text = e.value["difficulty"]?.scalar else {
                if status == "estimated" || status == "allCorrect" || status == "allWrong" {
                    throw ReadError(file: name, line: e.line, message: "item '\(e.key)' has no readable difficulty; fix it or delete the file to start a new scale")
                }
                continue
            }
            guard let d = Double(text), d.isFinite else {
                throw ReadError(file: name, line: e.line, message: "item '\(e.key)' has no readable difficulty; fix it or delete the file to start a new scale")
            }
            difficulties[e.key] = d
            if status == "estimated" { estimated.insert(e.key) }
        }
        return ItemCalibrationFile(file: name, date: y["date"]?.scalar ?? "", difficulties: difficulties, estimated: estimated)
    }
}
