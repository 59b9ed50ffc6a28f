import Foundation
import Testing
@testable import Handbook
@testable import Publishing
import History
import CasebookTestSupport

/// The history a site build reads: the snapshot kept for the next build, bad repositories
/// stopping the build before anything is written, and moved SOPs keeping their versions.
@Suite struct SiteHistoryTests {
    func build(_ content: String, _ out: String, full: Bool = false) throws -> BuildReport {
        var options = BuildOptions(content: content, out: out)
        options.incremental = !full
        return try SiteBuilder.build(options)
    }

    /// Every file of a folder with its bytes.
    func files(_ root: String) -> [String: Data] {
        var result: [String: Data] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: root)?.allObjects ?? [] {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[path] = FileManager.default.contents(atPath: root + "/" + path)
            }
        }
        return result
    }

    /// The loose object file of the blob of refunds.md at version 1.0.
    func firstBlobFile(_ fixture: SOPHistoryFixture) throws -> String {
        let blob = try fixture.repository.git("rev-parse", "\(fixture.commits[0]):Content/\(SOPHistoryFixture.path)").trimmingCharacters(in: .whitespacesAndNewlines)
        return fixture.repository.tree.path(".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
    }

    @Test func aRebuildReadsNoGitObjectWhenHEADHasNotMoved() throws {
        let fixture = try SOPHistoryFixture()
        let out = fixture.repository.root + "/site"
        _ = try build(fixture.content, out)
        #expect(FileManager.default.fileExists(atPath: SiteBuilder.cacheFolderPath(for: out, suffix: ".history.bin")))
        // The first commit is gone: a rebuild that walked the history again would fail. (The
        // diff page of the edited version reads the versions it shows, not the walk's objects.)
        try FileManager.default.removeItem(atPath: fixture.repository.tree.path(".git/objects/\(fixture.commits[0].prefix(2))/\(fixture.commits[0].dropFirst(2))"))
        Thread.sleep(forTimeInterval: 1.1)
        try fixture.repository.tree.write("Content/trust/refunds.md", SOPHistoryFixture.version110 + "\nOne more line.\n")
        let rebuilt = try build(fixture.content, out)
        // The edit keeps 1.10, so it is part of 1.10: the page and the diff showing 1.10 again.
        #expect(rebuilt.stats.writtenPaths.filter { $0.hasPrefix("sop/") } == ["sop/refunds.html", "sop/refunds/diff-1.9-1.10.html"])
        // A full build reads everything again, and says what is wrong.
        #expect(throws: HandbookError.self) { try build(fixture.content, out, full: true) }
    }

    @Test func aBadRepositoryStopsTheBuildAndLeavesTheSiteAsItWas() throws {
        let fixture = try SOPHistoryFixture()
        // Outside the repository: the fixture's commits add every file of it.
        let elsewhere = try TempTree()
        let out = elsewhere.path("site")
        _ = try build(fixture.content, out)
        let before = files(out)
        // A version going backwards in a new commit.
        let back = try fixture.repository.commit(["Content/trust/refunds.md": SOPHistoryFixture.version19], message: "back to 1.9")
        do {
            _ = try build(fixture.content, out)
            Issue.record("no error")
        } catch {
            // The page's own error at its version line, with no "--no-history" way round: raising
            // the version is the fix.
            #expect(String(describing: error).contains("trust/refunds.md:4:1: error: version goes backwards from 1.10"), "\(error)")
            #expect(String(describing: error).contains(String(back.prefix(12))) && !String(describing: error).contains("--no-history"), "\(error)")
        }
        #expect(files(out) == before)
        // A truncated object (a full build reads every one).
        try fixture.repository.git("reset", "-q", "--hard", fixture.commits[3])
        let file = try firstBlobFile(fixture)
        let bytes = try #require(FileManager.default.contents(atPath: file))
        try FileManager.default.removeItem(atPath: file)
        try bytes.prefix(bytes.count - 4).write(to: URL(fileURLWithPath: file))
        do {
            _ = try build(fixture.content, out, full: true)
            Issue.record("no error")
        } catch {
            #expect(String(describing: error).contains(file) && String(describing: error).contains("git fsck") && String(describing: error).contains("--no-history"), "\(error)")
        }
        #expect(files(out) == before)
    }

    /// The history is walked while the content loads: errors in the content still come
    /// first, alone, as when the walk waited for the content, and nothing is written.
    @Test func contentErrorsWinOverHistoryErrors() throws {
        let fixture = try SOPHistoryFixture()
        let elsewhere = try TempTree()
        let out = elsewhere.path("site")
        _ = try fixture.repository.commit(["Content/trust/refunds.md": SOPHistoryFixture.version19], message: "back to 1.9")
        try fixture.repository.tree.write("Content/trust/broken.md", "---\ntitle: Broken\n---\nSee [gone](nowhere.md).\n")
        for full in [true, false] {
            do {
                _ = try build(fixture.content, out, full: full)
                Issue.record("no error")
            } catch {
                #expect(String(describing: error).contains("broken link 'nowhere.md'"), "\(error)")
                #expect(!String(describing: error).contains("goes backwards"), "\(error)")
            }
            #expect(!elsewhere.exists("site"))
        }
        // Without the broken page, the history's error stops the build.
        try FileManager.default.removeItem(atPath: fixture.repository.tree.path("Content/trust/broken.md"))
        #expect(throws: HandbookError.self) { try build(fixture.content, out) }
    }

    @Test func aShallowCloneStopsTheBuildBeforeAnythingIsWritten() throws {
        let fixture = try SOPHistoryFixture()
        let clone = try TempTree()
        try fixture.repository.git("clone", "-q", "--depth", "1", "file://\(fixture.repository.root)", clone.path("copy"))
        do {
            _ = try build(clone.path("copy/Content"), clone.path("site"))
            Issue.record("no error")
        } catch {
            #expect(String(describing: error).contains("shallow clone") && String(describing: error).contains("git fetch --unshallow")
                    && String(describing: error).contains("--no-history"), "\(error)")
        }
        #expect(!clone.exists("site"))
    }

    /// Inverts one byte in the middle of the packed data of `spec` after `git gc`.
    func damagePacked(_ fixture: SOPHistoryFixture, _ spec: String) throws {
        try fixture.repository.git("gc", "-q")
        let id = try fixture.repository.git("rev-parse", spec).trimmingCharacters(in: .whitespacesAndNewlines)
        let folder = fixture.repository.tree.path(".git/objects/pack/")
        let index = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".idx") })
        let fields = try #require(try fixture.repository.git("verify-pack", "-v", folder + index).split(separator: "\n")
            .first { $0.hasPrefix(id) }?.split(separator: " ", omittingEmptySubsequences: true))
        let pack = folder + index.dropLast(4) + ".pack"
        var bytes = [UInt8](try #require(FileManager.default.contents(atPath: pack)))
        bytes[try #require(Int(fields[4])) + (try #require(Int(fields[3]))) / 2] ^= 0xFF
        try FileManager.default.removeItem(atPath: pack)
        try Data(bytes).write(to: URL(fileURLWithPath: pack))
    }

    /// A damaged pack stops the build with the repository, what is wrong and what to do, and
    /// leaves the site as it was: on a full build (the walk reads every version) and on a
    /// rebuild whose walk reads nothing but whose diff page reads the damaged version.
    @Test func aDamagedPackStopsTheBuildAndLeavesTheSiteAsItWas() throws {
        let fixture = try SOPHistoryFixture()
        let elsewhere = try TempTree()
        let out = elsewhere.path("site")
        _ = try build(fixture.content, out)
        let before = files(out)
        try damagePacked(fixture, "\(fixture.commits[2]):Content/\(SOPHistoryFixture.path)") // 1.9
        func expectRefused(full: Bool) {
            do {
                _ = try build(fixture.content, out, full: full)
                Issue.record("no error")
            } catch {
                let text = String(describing: error)
                #expect(text.contains("the git repository \(fixture.repository.root)/ has damaged or missing objects"), "\(text)")
                #expect(text.contains("git fsck") && text.contains("clone") && text.contains("--no-history"), "\(text)")
            }
            #expect(files(out) == before)
        }
        // HEAD has not moved: no commit is walked, but the edited SOP's last diff page reads 1.9.
        Thread.sleep(forTimeInterval: 1.1)
        try fixture.repository.tree.write("Content/trust/refunds.md", SOPHistoryFixture.version110 + "\nOne more line.\n")
        expectRefused(full: false)
        expectRefused(full: true)
    }

    /// The site's diff shows a version as it last stood (a later commit keeping 1.11 is part
    /// of it); the review check reads what each version changed when it was published, so
    /// which items were held at an instant never changes afterwards (`attempts verify`).
    @Test func theReviewCheckReadsVersionsAsPublished() throws {
        let fixture = try SOPHistoryFixture()
        let v111 = SOPHistoryFixture.version110.replacingOccurrences(of: "version: \"1.10\"", with: "version: \"1.11\"")
        try fixture.repository.commit(["Content/trust/refunds.md": v111.replacingOccurrences(of: "worn clothes", with: "worn or damaged clothes")], message: "1.11")
        try fixture.repository.commit(["Content/trust/refunds.md": v111.replacingOccurrences(of: "worn clothes", with: "worn or damaged clothes")
            .replacingOccurrences(of: "Write to the refunds team.", with: "Write to the refunds desk.")], message: "keeps 1.11")
        let handbook = try Handbook.load(content: fixture.content)
        let history = try SiteHistory.read(content: fixture.content, handbook: handbook)
        let versions = history.versions(of: "refunds")
        let shown = try history.diff(of: "refunds", from: versions[2], to: versions[3])
        #expect(shown.sections.filter { $0.status != .unchanged }.map(\.anchor) == ["contact", "rf-03"])
        let changes = try #require(try history.changes(of: "refunds", after: "2000-01-01"))
        #expect(changes.last?.version == "1.11")
        #expect(changes.last?.sections.compactMap(\.newAnchor) == ["rf-03"])
    }

    @Test func aMovedSOPKeepsItsVersionPages() throws {
        let fixture = try SOPHistoryFixture()
        let out = fixture.repository.root + "/site"
        _ = try build(fixture.content, out)
        try fixture.repository.commit(["Content/trust/refunds.md": nil, "Content/policies/refund-abuse.md": SOPHistoryFixture.version110],
                                      message: "Move refunds")
        _ = try build(fixture.content, out)
        let versions = (try? String(contentsOfFile: out + "/sop/refunds/versions.html", encoding: .utf8)) ?? ""
        #expect(versions.contains("<a class=\"diff-link\" href=\"diff-1.0-1.9.html\">Changes from 1.0</a>"), "\(versions)")
        let diff = (try? String(contentsOfFile: out + "/sop/refunds/diff-1.0-1.9.html", encoding: .utf8)) ?? ""
        #expect(diff.contains("RF-01 → RF-05"))
    }
}

/// Incremental builds with history produce the same site as a clean build of the same
/// content: after a rebuild with nothing new, after an uncommitted edit, and after a commit
/// that adds a version (the snapshot of the last build is walked forward one commit).
@Suite struct SiteHistoryIncrementalTests {
    let helper = SiteHistoryTests()

    func expectSameAsClean(_ fixture: SOPHistoryFixture, _ out: String, _ step: String) throws {
        let clean = fixture.repository.root + "/clean-\(step)"
        _ = try helper.build(fixture.content, clean, full: true)
        let built = helper.files(out), expected = helper.files(clean)
        #expect(built.keys.sorted() == expected.keys.sorted(), "\(step): the same files")
        for (path, bytes) in expected where built[path] != bytes {
            Issue.record("\(step): \(path) differs from a clean build's")
        }
        #expect(expected.keys.contains { $0.hasPrefix("sop/refunds/diff-") }, "\(step): the clean build wrote diff pages")
    }

    @Test func incrementalBuildsWithHistoryEqualACleanBuild() throws {
        let fixture = try SOPHistoryFixture()
        let out = fixture.repository.root + "/site"
        _ = try helper.build(fixture.content, out)
        let unchanged = try helper.build(fixture.content, out)
        #expect(unchanged.stats.writtenPaths.filter { $0.hasPrefix("sop/") }.isEmpty)
        try expectSameAsClean(fixture, out, "unchanged")

        Thread.sleep(forTimeInterval: 1.1)
        try fixture.repository.tree.write("Content/trust/refunds.md", SOPHistoryFixture.version110 + "\nOne more line.\n")
        _ = try helper.build(fixture.content, out)
        try expectSameAsClean(fixture, out, "edited")
        // The edit is part of 1.10 (the site shows it as 1.10): its diff page says so.
        let diffPage = { (try? String(contentsOfFile: out + "/sop/refunds/diff-1.9-1.10.html", encoding: .utf8)) ?? "" }
        #expect(diffPage().contains("One more line"), "uncommitted")
        // Committed without a version change, it stays part of 1.10.
        _ = try fixture.repository.commit(["Content/trust/refunds.md": SOPHistoryFixture.version110 + "\nOne more line.\n"], message: "Keeps 1.10")
        _ = try helper.build(fixture.content, out)
        try expectSameAsClean(fixture, out, "committed without a new version")
        #expect(diffPage().contains("One more line"), "committed")

        let version111 = SOPHistoryFixture.version110.replacingOccurrences(of: "version: \"1.10\"", with: "version: \"1.11\"")
            .replacingOccurrences(of: "worn clothes", with: "worn or damaged clothes")
        _ = try fixture.repository.commit(["Content/trust/refunds.md": version111], message: "Refund abuse 1.11")
        let advanced = try helper.build(fixture.content, out)
        #expect(advanced.stats.writtenPaths.contains("sop/refunds/diff-1.10-1.11.html"))
        // 1.10's text was the file on disk and is now its last commit's blob (the same bytes):
        // its diff page is rendered once more; the ones before it are not.
        #expect(!advanced.stats.writtenPaths.contains("sop/refunds/diff-1.0-1.9.html"), "an earlier diff page is not rendered again")
        try expectSameAsClean(fixture, out, "committed")
    }

    /// A version reverted (`git revert` of the 1.10 commit) stops the build while the page is
    /// behind; once a higher version is committed the site builds again, the revert is not a
    /// version and a warning names it, on an incremental build as on a clean one.
    @Test func aRevertedVersionBuildsAgainOnceAHigherOneIsCommitted() throws {
        let fixture = try SOPHistoryFixture()
        let out = fixture.repository.root + "/site"
        _ = try helper.build(fixture.content, out)
        let revert = try fixture.repository.commit(["Content/trust/refunds.md": SOPHistoryFixture.version19], message: "Revert 1.10")
        #expect(throws: HandbookError.self) { try helper.build(fixture.content, out) }
        let version111 = SOPHistoryFixture.version19.replacingOccurrences(of: "version: \"1.9\"", with: "version: \"1.11\"")
        _ = try fixture.repository.commit(["Content/trust/refunds.md": version111], message: "Refund abuse 1.11")
        for full in [false, true] {
            let report = try helper.build(fixture.content, out, full: full)
            let warnings = report.diagnostics.filter { $0.file == "trust/refunds.md" && $0.message.contains(String(revert.prefix(12))) }
            #expect(warnings.count == 1 && warnings.first?.severity == .warning, "\(report.diagnostics)")
            #expect(warnings.first?.message.contains("goes backwards from 1.10") == true)
            let versions = (try? String(contentsOfFile: out + "/sop/refunds/versions.html", encoding: .utf8)) ?? ""
            #expect(versions.contains("diff-1.10-1.11.html"), "\(versions)")
            try expectSameAsClean(fixture, out, "after the revert, full: \(full)")
        }
    }

    /// A version committed with bytes that are not UTF-8 and fixed in the next one does not
    /// stop the build (it did for good: no edit can fix an old commit).
    @Test func anOldVersionThatIsNotUTF8DoesNotStopTheBuild() throws {
        let fixture = try SOPHistoryFixture()
        let repo = fixture.repository
        let out = repo.root + "/site"
        _ = try helper.build(fixture.content, out)
        let v111 = SOPHistoryFixture.version110.replacingOccurrences(of: "version: \"1.10\"", with: "version: \"1.11\"")
        try repo.tree.write("Content/trust/refunds.md", bytes: Array(v111.utf8) + [0x0A, 0x43, 0x61, 0x66, 0xE9, 0x0A])
        try repo.git("add", "-A")
        try repo.git("commit", "-q", "-m", "1.11 in Latin-1", environment: ["GIT_AUTHOR_DATE": "@1790000000 +0000", "GIT_COMMITTER_DATE": "@1790000000 +0000"])
        try repo.commit(["Content/trust/refunds.md": v111.replacingOccurrences(of: "1.11", with: "1.12") + "\nCafé\n"], message: "1.12 in UTF-8")
        for full in [false, true] {
            _ = try helper.build(fixture.content, out, full: full)
            let diff = (try? String(contentsOfFile: out + "/sop/refunds/diff-1.11-1.12.html", encoding: .utf8)) ?? ""
            #expect(diff.contains("Café"), "full: \(full)")
            try expectSameAsClean(fixture, out, "not UTF-8, full: \(full)")
        }
    }

    /// What the quiz bank loader does (`DataPaths.history`): it starts from the snapshot the
    /// site's last build kept, so it reads no git object while HEAD has not moved.
    @Test func theBankLoaderReusesTheLastBuildsHistory() throws {
        let fixture = try SOPHistoryFixture()
        let out = fixture.repository.root + "/site"
        _ = try helper.build(fixture.content, out)
        let handbook = try Handbook.load(content: fixture.content)
        try FileManager.default.removeItem(atPath: try helper.firstBlobFile(fixture))
        let snapshot = try #require(SiteHistory.lastSnapshot(ofSite: out))
        let history = try SiteHistory.read(content: fixture.content, handbook: handbook, since: snapshot)
        #expect(history.versions(of: "refunds").map(\.version) == ["1.0", "1.9", "1.10"])
        // Without it the whole history is walked again, and the missing object is found.
        #expect(throws: HandbookError.self) { try SiteHistory.read(content: fixture.content, handbook: handbook) }
    }

    /// The history snapshot is rewritten only when the history changed.
    @Test func theSnapshotIsRewrittenOnlyWhenHEADMoves() throws {
        let fixture = try SOPHistoryFixture()
        let out = fixture.repository.root + "/site"
        let file = SiteBuilder.cacheFolderPath(for: out, suffix: ".history.bin")
        func inode() throws -> Int { try #require(try FileManager.default.attributesOfItem(atPath: file)[.systemFileNumber] as? Int) }
        _ = try helper.build(fixture.content, out)
        let first = try inode()
        let firstBytes = try #require(FileManager.default.contents(atPath: file))
        _ = try helper.build(fixture.content, out)
        #expect(try inode() == first, "the same history: the file is left as it was")
        let version111 = SOPHistoryFixture.version110.replacingOccurrences(of: "version: \"1.10\"", with: "version: \"1.11\"")
        _ = try fixture.repository.commit(["Content/trust/refunds.md": version111], message: "Refund abuse 1.11")
        _ = try helper.build(fixture.content, out)
        #expect(try inode() != first, "a new commit: saved again")
        #expect(FileManager.default.contents(atPath: file) != firstBytes)
    }
}

