import Foundation
import Testing
import CasebookTestSupport
@testable import History

/// A read that starts from the snapshot of an earlier one walks only the commits made since,
/// and finds exactly what a read of the whole history finds.
@Suite struct HistorySnapshotTests {
    static let path = SOPHistoryFixture.path

    /// The snapshot after a round trip through its bytes, as a build's cache holds it.
    static func stored(_ history: VersionHistory) throws -> VersionHistory.Snapshot {
        let snapshot = try #require(history.snapshot)
        let decoded = try #require(VersionHistory.Snapshot(decoding: snapshot.encoded()))
        #expect(decoded == snapshot)
        return decoded
    }

    @Test func nothingIsWalkedWhenHEADHasNotMoved() throws {
        let fixture = try SOPHistoryFixture()
        let first = try VersionHistory.read(content: fixture.content)
        #expect(first.commitsWalked == 4 && first.blobsRead == 4)
        let again = try VersionHistory.read(content: fixture.content, since: try Self.stored(first))
        #expect(again.commitsWalked == 0 && again.blobsRead == 0)
        #expect(again.committed == first.committed)
        #expect(try again.versions(of: Self.path) == (try first.versions(of: Self.path)))
    }

    @Test func onlyNewCommitsAreWalked() throws {
        let fixture = try SOPHistoryFixture()
        let snapshot = try Self.stored(try VersionHistory.read(content: fixture.content))
        try fixture.repository.commit(["Content/other.md": "---\nid: other\nversion: \"1\"\n---\nOther.\n"], message: "other 1")
        try fixture.repository.commit(["Content/" + Self.path: RenamedPageTests.version111()], message: "refunds 1.11")
        let incremental = try VersionHistory.read(content: fixture.content, since: snapshot)
        #expect(incremental.commitsWalked == 2 && incremental.blobsRead == 2)
        let full = try VersionHistory.read(content: fixture.content)
        #expect(incremental.committed == full.committed)
        #expect(incremental.committed[Self.path]?.map(\.version) == ["1.0", "1.9", "1.10", "1.11"])
        #expect(try Self.stored(incremental) == (try Self.stored(full)))
    }

    @Test func aRewrittenHistoryIsWalkedInFull() throws {
        let fixture = try SOPHistoryFixture()
        let snapshot = try Self.stored(try VersionHistory.read(content: fixture.content))
        // The last commit (1.10) is replaced by another: the snapshot's commit is gone from the line.
        try fixture.repository.git("reset", "-q", "--hard", fixture.commits[2])
        try fixture.repository.commit(["Content/" + Self.path: SOPHistoryFixture.version110.replacingOccurrences(of: "1.10", with: "1.12")], message: "1.12")
        let history = try VersionHistory.read(content: fixture.content, since: snapshot)
        #expect(history.commitsWalked == 4)
        #expect(try history.versions(of: Self.path).map(\.version) == ["1.0", "1.9", "1.12"])
    }

    @Test func aSnapshotOfAnotherFolderIsNotUsed() throws {
        let fixture = try SOPHistoryFixture()
        try fixture.repository.commit(["Other/x.md": "---\nversion: \"1\"\n---\nX.\n"], message: "other folder")
        let other = try Self.stored(try VersionHistory.read(content: fixture.repository.root + "/Other"))
        let history = try VersionHistory.read(content: fixture.content, since: other)
        #expect(history.commitsWalked == 5)
        #expect(try history.versions(of: Self.path).map(\.version) == ["1.0", "1.9", "1.10"])
    }

    @Test func damagedBytesAreNoSnapshot() throws {
        let fixture = try SOPHistoryFixture()
        let bytes = try #require(try VersionHistory.read(content: fixture.content).snapshot).encoded()
        #expect(VersionHistory.Snapshot(decoding: Array(bytes.dropLast())) == nil)
        #expect(VersionHistory.Snapshot(decoding: Array(bytes.dropFirst())) == nil)
        #expect(VersionHistory.Snapshot(decoding: []) == nil)
    }
}
