import Foundation
import Testing
import CasebookTestSupport
@testable import History

/// Reading a repository whose loose objects are cut short: libgit2 1.5.1 (Debian 12) loops
/// forever inflating one (libgit2 issue #7342), so the history must refuse it before
/// libgit2 reads it, naming the object's file and what to do.
@Suite struct TruncatedObjectTests {
    static let path = SOPHistoryFixture.path

    /// The loose object file of `spec` (anything `git rev-parse` takes) in the fixture.
    static func objectFile(_ fixture: SOPHistoryFixture, _ spec: String) throws -> (id: String, file: String) {
        let id = try fixture.repository.git("rev-parse", spec).trimmingCharacters(in: .whitespacesAndNewlines)
        return (id, fixture.repository.tree.path(".git/objects/\(id.prefix(2))/\(id.dropFirst(2))"))
    }

    /// Cuts the file to half its bytes (objects are read-only: replace the file).
    static func truncate(_ file: String) throws {
        let bytes = try #require(FileManager.default.contents(atPath: file))
        try FileManager.default.removeItem(atPath: file)
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: file))
    }

    /// Reads the history on another thread and gives up after 20 s, so that a hang (the
    /// libgit2 bug) fails the test instead of stopping the run.
    static func readWithDeadline(_ content: String) -> Result<VersionHistory, HistoryError>? {
        final class Box: @unchecked Sendable { var result: Result<VersionHistory, HistoryError>? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            box.result = Result { () throws(HistoryError) in try VersionHistory.read(content: content) }
            done.signal()
        }
        guard done.wait(timeout: .now() + 20) == .success else { return nil }
        return box.result
    }

    static func expectRefused(_ fixture: SOPHistoryFixture, object: (id: String, file: String), reading: String) {
        guard let result = readWithDeadline(fixture.content) else {
            Issue.record("reading the history hangs on a truncated object")
            return
        }
        switch result {
        case .success: Issue.record("a truncated object was read without an error")
        case .failure(let error):
            guard case .truncatedObject(let id, let file, let context) = error else { Issue.record("unexpected \(error)"); return }
            #expect(id == object.id)
            #expect(file == object.file)
            #expect(context.contains(reading), "\(context)")
            #expect(error.description.contains("git fsck") && error.description.contains(object.file), "\(error)")
        }
    }

    @Test func aTruncatedPageBlobIsRefusedNotReadForever() throws {
        let fixture = try SOPHistoryFixture()
        let object = try Self.objectFile(fixture, "\(fixture.commits[2]):Content/\(Self.path)")
        try Self.truncate(object.file)
        Self.expectRefused(fixture, object: object, reading: "refunds.md")
    }

    @Test func aTruncatedTreeIsRefused() throws {
        let fixture = try SOPHistoryFixture()
        let object = try Self.objectFile(fixture, "\(fixture.commits[2]):Content/trust")
        try Self.truncate(object.file)
        Self.expectRefused(fixture, object: object, reading: "commit \(fixture.commits[2])")
    }

    @Test func aTruncatedCommitIsRefused() throws {
        let fixture = try SOPHistoryFixture()
        let object = try Self.objectFile(fixture, fixture.commits[1])
        try Self.truncate(object.file)
        Self.expectRefused(fixture, object: object, reading: "commit \(fixture.commits[1])")
    }

    /// Objects are read without hashing them again, as git reads them (see `libgit2Ready`):
    /// a loose object whose bytes are damaged (not cut short) is still refused, by zlib's check
    /// of the stream, rather than read as some other text.
    @Test func aDamagedPageBlobIsRefused() throws {
        let fixture = try SOPHistoryFixture()
        let object = try Self.objectFile(fixture, "\(fixture.commits[2]):Content/\(Self.path)")
        var bytes = try #require(FileManager.default.contents(atPath: object.file))
        bytes[bytes.count / 2] ^= 0xFF
        try FileManager.default.removeItem(atPath: object.file)
        try bytes.write(to: URL(fileURLWithPath: object.file))
        guard let result = Self.readWithDeadline(fixture.content) else {
            Issue.record("reading the history hangs on a damaged object")
            return
        }
        if case .success = result { Issue.record("a damaged object was read without an error") }
    }

    @Test func packedObjectsAreReadAsBefore() throws {
        let fixture = try SOPHistoryFixture()
        try fixture.repository.git("gc", "-q")
        let versions = try VersionHistory.read(content: fixture.content).versions(of: Self.path)
        #expect(versions.map(\.version) == ["1.0", "1.9", "1.10"])
    }

    /// Loose objects are found from a listing of the objects folder, not by opening a file
    /// per object: in a packed repository with one newer commit (its objects loose, in fan-out
    /// folders the listing must read), the cut-short blob of that commit is still refused.
    @Test func aTruncatedLooseBlobBesidePacksIsRefused() throws {
        let fixture = try SOPHistoryFixture()
        try fixture.repository.git("gc", "-q")
        let text = SOPHistoryFixture.version19.replacingOccurrences(of: "version: \"1.9\"", with: "version: \"2.0\"") + "\nOne more paragraph.\n"
        let commit = try fixture.repository.commit(["Content/\(Self.path)": text], message: "2.0")
        let object = try Self.objectFile(fixture, "\(commit):Content/\(Self.path)")
        #expect(FileManager.default.fileExists(atPath: object.file), "the new blob is loose")
        try Self.truncate(object.file)
        Self.expectRefused(fixture, object: object, reading: "refunds.md")
    }
}

@Suite struct ZlibStreamTests {
    /// "hello, history" compressed by zlib (Python's zlib.compress).
    static let stream: [UInt8] = [0x78, 0x9c, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0xd7, 0x51, 0xc8, 0xc8, 0x2c, 0x2e, 0xc9,
                                  0x2f, 0xaa, 0x04, 0x00, 0x27, 0x7c, 0x05, 0x73]

    @Test func aCompleteStreamAndCutsOfIt() {
        #expect(ZlibStream.state(of: Self.stream) == .complete)
        for cut in 1..<Self.stream.count {
            #expect(ZlibStream.state(of: Array(Self.stream.prefix(cut))) == .truncated, "cut at \(cut)")
        }
        #expect(ZlibStream.state(of: []) == .truncated)
        guard case .invalid = ZlibStream.state(of: Array("not zlib at all".utf8)) else {
            Issue.record("plain text is not a zlib stream")
            return
        }
    }
}

/// A git object that is damaged (a byte changed inside a pack or a loose object) or missing:
/// the error names the repository, says its objects are damaged or missing and what to do,
/// rather than giving libgit2's words alone ("object not found", "failed to inflate").
@Suite struct DamagedObjectTests {
    static let path = SOPHistoryFixture.path

    /// Packs the fixture (`git gc`) and changes one byte in the middle of the packed data of
    /// `spec` (anything `git rev-parse` takes); returns the object id and the pack file.
    static func damagePacked(_ fixture: SOPHistoryFixture, _ spec: String) throws -> (id: String, pack: String) {
        try fixture.repository.git("gc", "-q")
        let id = try fixture.repository.git("rev-parse", spec).trimmingCharacters(in: .whitespacesAndNewlines)
        let packs = try FileManager.default.contentsOfDirectory(atPath: fixture.repository.tree.path(".git/objects/pack"))
        let index = try #require(packs.first { $0.hasSuffix(".idx") })
        let pack = fixture.repository.tree.path(".git/objects/pack/" + index.dropLast(4) + ".pack")
        // "id type size size-in-pack offset [depth base]"
        let listing = try fixture.repository.git("verify-pack", "-v", fixture.repository.tree.path(".git/objects/pack/" + index))
        let fields = try #require(listing.split(separator: "\n").first { $0.hasPrefix(id) }?.split(separator: " ", omittingEmptySubsequences: true))
        let (sizeInPack, offset) = (try #require(Int(fields[3])), try #require(Int(fields[4])))
        try flipByte(pack, at: offset + sizeInPack / 2)
        return (id, pack)
    }

    /// Inverts the byte at `at` of `file` (objects are read-only: the file is replaced).
    static func flipByte(_ file: String, at: Int) throws {
        var bytes = [UInt8](try #require(FileManager.default.contents(atPath: file)))
        bytes[at] ^= 0xFF
        try FileManager.default.removeItem(atPath: file)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
    }

    static func expectDamaged(_ fixture: SOPHistoryFixture, object: String, reading: String) {
        guard let result = TruncatedObjectTests.readWithDeadline(fixture.content) else {
            Issue.record("reading the history hangs on a damaged object")
            return
        }
        switch result {
        case .success: Issue.record("a damaged object was read without an error")
        case .failure(let error):
            guard case .damagedObject(let repository, let id, let context, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(repository == fixture.repository.root + "/")
            #expect(id == object)
            #expect(context.contains(reading), "\(context)")
            let text = error.description
            #expect(text.contains("the git repository \(fixture.repository.root)/ has damaged or missing objects"), "\(text)")
            #expect(text.contains("run 'git fsck' there") && text.contains("clone"), "\(text)")
            #expect(text.contains("--no-history") == false, "\(text)") // the build and check add it
        }
    }

    @Test func aDamagedPackedBlobIsADamagedRepository() throws {
        let fixture = try SOPHistoryFixture()
        let damaged = try Self.damagePacked(fixture, "\(fixture.commits[0]):Content/\(Self.path)")
        Self.expectDamaged(fixture, object: damaged.id, reading: "refunds.md")
    }

    @Test func aDamagedPackedCommitIsADamagedRepository() throws {
        let fixture = try SOPHistoryFixture()
        let damaged = try Self.damagePacked(fixture, fixture.commits[1])
        Self.expectDamaged(fixture, object: damaged.id, reading: "commit \(fixture.commits[1])")
    }

    /// A loose object whose bytes are damaged but not cut short (libgit2 reads it; the cut
    /// short one is refused before, see TruncatedObjectTests) and a missing one are reported the same way.
    @Test func aDamagedOrMissingLooseObjectIsReportedTheSameWay() throws {
        let fixture = try SOPHistoryFixture()
        let blob = try TruncatedObjectTests.objectFile(fixture, "\(fixture.commits[2]):Content/\(Self.path)")
        let size = try #require(FileManager.default.contents(atPath: blob.file)).count
        try Self.flipByte(blob.file, at: size / 2)
        Self.expectDamaged(fixture, object: blob.id, reading: "refunds.md")

        let other = try SOPHistoryFixture()
        let commit = try TruncatedObjectTests.objectFile(other, other.commits[1])
        try FileManager.default.removeItem(atPath: commit.file)
        Self.expectDamaged(other, object: commit.id, reading: "commit \(other.commits[1])")
    }
}

/// `casebook import-docs` asks the checkout a corpus is in for its remotes, so that links to
/// the corpus' pages at its repository's web address lead to the imported pages.
@Suite struct GitCheckoutTests {
    /// The URLs as configured, `origin` first: a `url.<base>.insteadOf` rewrite (this
    /// machine's git sends github.com to a local mirror) is not applied, as libgit2's remote
    /// lookup applied it and the import then saw a folder, not GitHub.
    @Test func aCheckoutsRemotesAreReadAsConfigured() throws {
        let repo = try GitFixture()
        try repo.commit(["docs/appeals.md": "# Appeals\n"], message: "first")
        try repo.git("remote", "add", "upstream", "https://gitlab.com/trust/policies.git")
        try repo.git("remote", "add", "origin", "git@github.com:acme/handbook.git")
        try repo.git("config", "url./srv/mirrors/.insteadOf", "git@github.com:")
        let found = try #require(GitCheckout.remotes(holding: repo.root + "/docs"))
        #expect(found.urls == ["git@github.com:acme/handbook.git", "https://gitlab.com/trust/policies.git"])
        #expect(URL(fileURLWithPath: found.root).resolvingSymlinksInPath().path == URL(fileURLWithPath: repo.root).resolvingSymlinksInPath().path)
        let outside = try TempTree(["notes.md": "# Notes\n"])
        #expect(GitCheckout.remotes(holding: outside.root) == nil)
    }
}
