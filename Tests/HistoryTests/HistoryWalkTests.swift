import Foundation
import Testing
import CasebookTestSupport
@testable import History

/// A page whose file was moved or renamed keeps the versions it had under its old path.
@Suite struct RenamedPageTests {
    static let path = SOPHistoryFixture.path
    static let moved = "policies/refund-abuse.md"

    static func version111(_ text: String = SOPHistoryFixture.version110) -> String {
        text.replacingOccurrences(of: "version: \"1.10\"", with: "version: \"1.11\"")
            .replacingOccurrences(of: "Write to the refunds team.", with: "Write to the refunds desk.")
    }

    @Test func aMovedFileKeepsItsVersions() throws {
        let fixture = try SOPHistoryFixture()
        // A move as `git mv` makes it: the same blob under another path.
        let move = try fixture.repository.commit(["Content/" + Self.path: nil, "Content/" + Self.moved: SOPHistoryFixture.version110],
                                                 message: "Move refunds to policies")
        let bump = try fixture.repository.commit(["Content/" + Self.moved: Self.version111()], message: "1.11")
        for history in [try VersionHistory.read(content: fixture.content), try VersionHistory.read(content: fixture.content, paths: [Self.moved])] {
            let versions = try history.versions(of: Self.moved)
            // The move itself keeps version 1.10: it publishes nothing.
            #expect(versions.map(\.version) == ["1.0", "1.9", "1.10", "1.11"])
            #expect(versions.map(\.commit) == [fixture.commits[0], fixture.commits[2], fixture.commits[3], bump])
            #expect(!versions.contains { $0.commit == move })
            // Old versions are read from their blobs, wherever the file was then.
            #expect(String(decoding: try history.text(of: Self.moved, at: versions[0]), as: UTF8.self) == SOPHistoryFixture.version1Fixed)
            let diff = try history.diff(of: Self.moved, page: "refunds", from: versions[2], to: versions[3])
            #expect(diff.sections.contains { $0.status == .changed && $0.anchor == "contact" })
        }
    }

    @Test func aMoveWithAnEditAndANewVersionInOneCommit() throws {
        let fixture = try SOPHistoryFixture()
        try fixture.repository.commit(["Content/" + Self.path: nil, "Content/" + Self.moved: Self.version111()], message: "Move and 1.11")
        let versions = try VersionHistory.read(content: fixture.content).versions(of: Self.moved)
        #expect(versions.map(\.version) == ["1.0", "1.9", "1.10", "1.11"])
    }

    @Test func aVersionGoingBackwardsAcrossAMoveIsAnError() throws {
        let fixture = try SOPHistoryFixture()
        let back = SOPHistoryFixture.version110.replacingOccurrences(of: "version: \"1.10\"", with: "version: \"1.2\"")
        let commit = try fixture.repository.commit(["Content/" + Self.path: nil, "Content/" + Self.moved: back], message: "Move, wrong version")
        let history = try VersionHistory.read(content: fixture.content)
        #expect(throws: HistoryError.versionWentBackwards(file: fixture.content + "/" + Self.moved, from: "1.10", to: "1.2",
                                                          fromCommit: fixture.commits[3], toCommit: commit)) {
            try history.versions(of: Self.moved)
        }
    }

    @Test func aNewPageWithAnotherIDStartsAfresh() throws {
        let fixture = try SOPHistoryFixture()
        // Deleted in one commit; a different page (another id) takes a new path in the same commit.
        let other = SOPHistoryFixture.version110.replacingOccurrences(of: "id: refunds", with: "id: chargebacks")
            .replacingOccurrences(of: "version: \"1.10\"", with: "version: \"1.0\"")
        try fixture.repository.commit(["Content/" + Self.path: nil, "Content/" + Self.moved: other], message: "Replace")
        let history = try VersionHistory.read(content: fixture.content)
        #expect(try history.versions(of: Self.moved).map(\.version) == ["1.0"])
        // The deleted page's versions are still known under its old path.
        #expect(history.committed[Self.path]?.map(\.version) == ["1.0", "1.9", "1.10"])
    }

    /// A move done in two commits: the page copied to its new path (both files exist, same
    /// id), then its old file deleted. The copy continues the old file's versions.
    @Test func aPageCopiedThenItsOldFileDeletedLaterKeepsItsVersions() throws {
        let fixture = try SOPHistoryFixture()
        let copy = try fixture.repository.commit(["Content/" + Self.moved: SOPHistoryFixture.version110], message: "Copy refunds to policies")
        // A build between the copy and the deletion: its snapshot is where the next read starts.
        let snapshot = try #require(try VersionHistory.read(content: fixture.content).snapshot)
        let delete = try fixture.repository.commit(["Content/" + Self.path: nil], message: "Delete the old refunds file")
        let bump = try fixture.repository.commit(["Content/" + Self.moved: Self.version111()], message: "1.11")
        for history in [try VersionHistory.read(content: fixture.content), try VersionHistory.read(content: fixture.content, since: snapshot),
                        try VersionHistory.read(content: fixture.content, paths: [Self.moved])] {
            let versions = try history.versions(of: Self.moved)
            // Neither the copy (same version 1.10) nor the deletion publishes anything.
            #expect(versions.map(\.version) == ["1.0", "1.9", "1.10", "1.11"])
            #expect(versions.map(\.commit) == [fixture.commits[0], fixture.commits[2], fixture.commits[3], bump])
            #expect(!versions.contains { $0.commit == copy || $0.commit == delete })
            #expect(String(decoding: try history.text(of: Self.moved, at: versions[0]), as: UTF8.self) == SOPHistoryFixture.version1Fixed)
        }
    }

    /// A copy that publishes a new version in the commit that copies it continues the old
    /// file's versions with that version once the old file is deleted.
    @Test func aCopyWithANewVersionThenTheOldFileDeleted() throws {
        let fixture = try SOPHistoryFixture()
        try fixture.repository.commit(["Content/" + Self.moved: Self.version111()], message: "Copy refunds to policies as 1.11")
        try fixture.repository.commit(["Content/" + Self.path: nil], message: "Delete the old refunds file")
        #expect(try VersionHistory.read(content: fixture.content).versions(of: Self.moved).map(\.version) == ["1.0", "1.9", "1.10", "1.11"])
    }

    @Test func aPageDeletedAndAddedBackLaterContinues() throws {
        let fixture = try SOPHistoryFixture()
        try fixture.repository.commit(["Content/" + Self.path: nil], message: "Withdraw refunds")
        try fixture.repository.commit(["Content/" + Self.moved: Self.version111()], message: "Refunds is back, elsewhere")
        #expect(try VersionHistory.read(content: fixture.content).versions(of: Self.moved).map(\.version) == ["1.0", "1.9", "1.10", "1.11"])
    }
}
