import Foundation
import Testing
import Handbook
import CasebookTestSupport

/// `ContentTree.scan` reads each folder with readdir. An entry is only as long as its name, so
/// the name must be read up to its NUL, never as the whole 256-byte `d_name`: copying that
/// read past the last entry of readdir's buffer, and `casebook serve` crashed loading a bank
/// with 600 media files in one folder (intermittently: only when the buffer ended at an
/// unmapped page). This checks that names of every length and in UTF-8 come back whole.
@Suite struct ContentTreeTests {
    @Test func namesOfEveryLengthAreListedWhole() throws {
        var files: [String: String] = [:]
        for n in 1...200 { files["media/" + String(repeating: "a", count: n) + ".jpg"] = "x" }
        files["media/กระเป๋า-ü.jpg"] = "x"
        let tree = try TempTree(files)
        for _ in 0..<5 {
            let (found, diagnostics) = try ContentTree.scan(tree.root)
            #expect(diagnostics.isEmpty)
            #expect(Set(found.map(\.path)) == Set(files.keys))
        }
    }

    /// The backup and autosave files editors leave beside a page were published as media,
    /// a draft SOP's text with them (`layoffs-plan.md~`, Emacs' `#layoffs-plan.md#`).
    @Test func editorsBackupsAreNotContent() throws {
        let tree = try TempTree(["ops/plan.md": "# Plan\n", "ops/plan.md~": "draft", "ops/#plan.md#": "draft", "ops/plan.md.swp": "x",
                                 "ops/.hidden.md": "x", "ops/flow#1.png": "x", "ops/notes~old.txt": "x"])
        let (found, _) = try ContentTree.scan(tree.root)
        #expect(Set(found.map(\.path)) == ["ops/plan.md", "ops/flow#1.png", "ops/notes~old.txt"])
    }
}
