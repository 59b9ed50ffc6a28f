import Foundation
import Testing
import CasebookTestSupport
@testable import History

@Suite struct VersionHistoryTests {
    static let path = SOPHistoryFixture.path

    @Test func everyVersionChangeIsAPublishedVersion() throws {
        let fixture = try SOPHistoryFixture()
        let history = try VersionHistory.read(content: fixture.content)
        #expect(history.repositoryRoot != nil)
        let versions = try history.versions(of: Self.path)
        // The typo fix (commit 2) kept version 1.0, so it is not a version of its own.
        #expect(versions.map(\.version) == ["1.0", "1.9", "1.10"])
        #expect(versions.map(\.commit) == [fixture.commits[0], fixture.commits[2], fixture.commits[3]])
        #expect(versions.map(\.author) == ["Ana Trainer", "Bo Reviewer", "Ana Trainer"])
        #expect(versions.map(\.date) == ["2026-01-02", "2026-01-04", "2026-01-05"])
        // The text of a version is the page as it last stood at that version: the typo fix
        // kept 1.0, so it is part of 1.0 (the site showed it as 1.0).
        #expect(String(decoding: try history.text(of: Self.path, at: versions[0]), as: UTF8.self) == SOPHistoryFixture.version1Fixed)
        // Author e-mail addresses never leave the history.
        let json = String(decoding: try JSONEncoder().encode(versions), as: UTF8.self)
        #expect(!json.contains("@example.com"))
    }

    /// libgit2 is not started for a folder in no repository (its start parses the system's CA
    /// certificates); a content folder reached through a symbolic link into a repository still
    /// is in that repository, and keeps its history.
    @Test func aFolderInNoRepositoryAndOneLinkedIntoARepository() throws {
        let outside = try TempTree(["Content/a.md": "---\nid: a\nversion: \"1.0\"\n---\nText.\n"])
        #expect(GitRepository.repositoryFolder(holding: outside.path("Content")) == nil)
        #expect(try VersionHistory.read(content: outside.path("Content")).repositoryRoot == nil)
        let fixture = try SOPHistoryFixture()
        #expect(GitRepository.repositoryFolder(holding: fixture.content) != nil)
        let links = try TempTree()
        try FileManager.default.createSymbolicLink(atPath: links.path("Content"), withDestinationPath: fixture.content)
        #expect(GitRepository.repositoryFolder(holding: links.path("Content")) != nil)
        let history = try VersionHistory.read(content: links.path("Content"))
        #expect(history.repositoryRoot != nil)
        #expect(try history.versions(of: Self.path).map(\.version) == ["1.0", "1.9", "1.10"])
    }

    @Test func onlyListedPathsAreRead() throws {
        let fixture = try SOPHistoryFixture()
        try fixture.repository.commit(["Content/other.md": "---\nversion: \"2\"\n---\nOther.\n"], message: "other")
        let history = try VersionHistory.read(content: fixture.content, paths: [Self.path])
        #expect(history.committed.keys.sorted() == [Self.path])
        let all = try VersionHistory.read(content: fixture.content)
        #expect(all.committed.keys.sorted() == ["other.md", Self.path])
    }

    @Test func onlyChangedPageBlobsAreReadAndEachOnce() throws {
        let fixture = try SOPHistoryFixture()
        // Four commits change refunds.md: four blobs (README.md is outside the content folder).
        #expect(try VersionHistory.read(content: fixture.content).blobsRead == 4)
        try fixture.repository.commit(["Content/notes.txt": "not a page\n"], message: "asset")
        try fixture.repository.commit(["Content/other.md": "Other.\n"], message: "x")
        try fixture.repository.commit(["Content/other.md": "Other, edited.\n"], message: "y")
        try fixture.repository.commit(["Content/other.md": "Other.\n"], message: "back to x")
        // Not the asset; other.md's first blob, seen again in the last commit, is read once.
        #expect(try VersionHistory.read(content: fixture.content).blobsRead == 6)
    }

    @Test func aMergedVersionIsPublishedByTheMergeCommit() throws {
        let fixture = try SOPHistoryFixture()
        let repo = fixture.repository
        try repo.git("checkout", "-q", "-b", "edit")
        let onBranch = try repo.commit(["Content/" + Self.path: SOPHistoryFixture.version110.replacingOccurrences(of: "\"1.10\"", with: "\"1.11\"")], message: "1.11")
        try repo.git("checkout", "-q", "main")
        try repo.commit(["README.md": "Handbook, main.\n"], message: "main moves on")
        try repo.git("merge", "-q", "--no-ff", "edit", "-m", "Merge 1.11")
        let merge = try repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        let versions = try VersionHistory.read(content: fixture.content).versions(of: Self.path)
        #expect(versions.map(\.version) == ["1.0", "1.9", "1.10", "1.11"])
        #expect(versions.last?.commit == merge && merge != onBranch)
    }

    @Test func uncommittedVersionOnDiskComesLast() throws {
        let fixture = try SOPHistoryFixture()
        try fixture.repository.tree.write("Content/" + Self.path, SOPHistoryFixture.version110.replacingOccurrences(of: "\"1.10\"", with: "\"1.11\""))
        let versions = try VersionHistory.read(content: fixture.content).versions(of: Self.path)
        #expect(versions.map(\.version) == ["1.0", "1.9", "1.10", "1.11"])
        #expect(versions.last?.isWorkingCopy == true)
        // Edits on disk without a new version are not a version.
        try fixture.repository.tree.write("Content/" + Self.path, SOPHistoryFixture.version110 + "\nMore.\n")
        #expect(try VersionHistory.read(content: fixture.content).versions(of: Self.path).count == 3)
    }

    @Test func withoutARepositoryOnlyTheCurrentVersionExists() throws {
        let tree = try TempTree(["Content/" + Self.path: SOPHistoryFixture.version19])
        let history = try VersionHistory.read(content: tree.path("Content"))
        #expect(history.repositoryRoot == nil)
        let versions = try history.versions(of: Self.path)
        #expect(versions.map(\.version) == ["1.9"])
        #expect(versions[0].isWorkingCopy)
        #expect(try history.pick(versions, path: Self.path, from: nil, to: nil) == nil)
    }

    /// The page as it is now (here HEAD, the file unchanged) going backwards is an error
    /// naming the commit that did it.
    @Test func aVersionGoingBackwardsIsAnError() throws {
        let fixture = try SOPHistoryFixture()
        let bad = try fixture.repository.commit(["Content/" + Self.path: SOPHistoryFixture.version19.replacingOccurrences(of: "\"1.9\"", with: "\"1.2\"")], message: "oops")
        let history = try VersionHistory.read(content: fixture.content)
        do {
            _ = try history.versions(of: Self.path)
            Issue.record("no error")
        } catch {
            #expect(error == .versionWentBackwards(file: fixture.content + "/" + Self.path, from: "1.10", to: "1.2", fromCommit: fixture.commits[3], toCommit: bad))
            #expect(error.description.contains("version goes backwards from 1.10 (commit \(fixture.commits[3].prefix(12))) to 1.2 (commit \(bad.prefix(12)))"))
        }
    }

    /// Two SOPs that trade files in one commit keep their own versions (their ids say whose
    /// they are): followed by path, beta continued alpha's versions and alpha's next version
    /// stopped the build as "going backwards from 6 to 3". A page whose id changes in place
    /// keeps its history, and a page renamed to a new file while a draft takes its old one
    /// (counterfeit.md -> counterfeit-legacy.md) keeps its versions at the new path.
    @Test func pagesThatTradeFilesKeepTheirOwnVersions() throws {
        let g = try GitFixture()
        func page(_ id: String, _ version: String, _ words: String) -> String {
            "---\nid: \(id)\ntitle: Title \(id)\nversion: \"\(version)\"\n---\n\n## Scope {#scope}\n\n\(id) text \(words).\n"
        }
        let c1 = try g.commit(["Content/a.md": page("alpha", "1", "one"), "Content/b.md": page("beta", "5", "one"),
                               "Content/c.md": page("counterfeit", "2", "one"), "Content/d.md": page("delta", "1", "one")], message: "c1")
        let c2 = try g.commit(["Content/a.md": page("alpha", "2", "two"), "Content/b.md": page("beta", "6", "two")], message: "c2")
        // a.md and b.md swap; c.md goes to c-legacy.md and a draft takes c.md; d.md's id changes in place.
        _ = try g.commit(["Content/a.md": page("beta", "6", "two"), "Content/b.md": page("alpha", "2", "two"),
                          "Content/c.md": page("counterfeit-draft", "0.1", "new"), "Content/c-legacy.md": page("counterfeit", "2", "one"),
                          "Content/d.md": page("delta-renamed", "1", "one")], message: "swap")
        let c4 = try g.commit(["Content/b.md": page("alpha", "3", "three"), "Content/c-legacy.md": page("counterfeit", "3", "two")], message: "c4")
        let history = try VersionHistory.read(content: g.root + "/Content")
        #expect(try history.versions(of: "b.md").map(\.version) == ["1", "2", "3"])
        #expect(try history.versions(of: "b.md").map(\.commit) == [c1, c2, c4])
        #expect(try history.versions(of: "a.md").map(\.version) == ["5", "6"])
        #expect(try history.versions(of: "c-legacy.md").map(\.version) == ["2", "3"])
        #expect(try history.versions(of: "c.md").map(\.version) == ["0.1"])
        #expect(try history.versions(of: "d.md").map(\.version) == ["1"])
        #expect(try history.versions(of: "d.md").first?.commit == c1)
        // Read for one page only, as `casebook diff`, `translations` and `campaigns` read it.
        for (path, expected) in [("b.md", ["1", "2", "3"]), ("a.md", ["5", "6"]), ("c-legacy.md", ["2", "3"])] {
            #expect(try VersionHistory.read(content: g.root + "/Content", paths: [path]).versions(of: path).map(\.version) == expected, "\(path)")
        }
    }

    /// A handbook kept in `docs/` and moved whole to `Content/` (`git mv docs Content`, as one
    /// moves an existing handbook to where Casebook reads it) keeps the versions it had under
    /// `docs/`; the move commit is no version. They were lost, and the move (by whoever did
    /// it) was the first version.
    @Test func aContentFolderMovedWholeKeepsItsVersions() throws {
        let g = try GitFixture()
        func page(_ version: String, _ words: String) -> String {
            "---\nid: alpha\ntitle: Alpha\nversion: \"\(version)\"\n---\n\n## Scope {#scope}\n\nScope \(words).\n"
        }
        let c1 = try g.commit(["docs/policies/alpha.md": page("1", "one"), "docs/policies/_category.yml": "title: Policies\n"], message: "1")
        let c2 = try g.commit(["docs/policies/alpha.md": page("2", "two")], message: "2")
        // A snapshot taken before the move (a build of Content/ then, which had nothing).
        try FileManager.default.createDirectory(atPath: g.root + "/Content", withIntermediateDirectories: true)
        let before = try #require(try VersionHistory.read(content: g.root + "/Content").snapshot)
        _ = try g.commit(["docs/policies/alpha.md": nil, "docs/policies/_category.yml": nil,
                          "Content/policies/alpha.md": page("2", "two"), "Content/policies/_category.yml": "title: Policies\n"], message: "move", author: "Repo Janitor")
        let c4 = try g.commit(["Content/policies/alpha.md": page("3", "three")], message: "3")
        let history = try VersionHistory.read(content: g.root + "/Content")
        let versions = try history.versions(of: "policies/alpha.md")
        #expect(versions.map(\.version) == ["1", "2", "3"])
        #expect(try VersionHistory.read(content: g.root + "/Content", since: before).versions(of: "policies/alpha.md").map(\.commit) == [c1, c2, c4])
        #expect(versions.map(\.commit) == [c1, c2, c4])
        #expect(!versions.contains { $0.author == "Repo Janitor" })
        let diff = try history.diff(of: "policies/alpha.md", page: "alpha", from: versions[0], to: versions[1])
        #expect(diff.sections.contains { $0.anchor == "scope" && $0.status == .changed })
    }

    /// Release candidates numbered past 9 and a pre-release followed by its release are
    /// versions in order, not a version going backwards (the build stopped on them).
    @Test func preReleasesAndTwoDigitPartsAreVersionsInOrder() throws {
        let fixture = try SOPHistoryFixture()
        var commits: [String] = []
        for v in ["3.9-rc", "3.10-rc", "3.10"] {
            commits.append(try fixture.repository.commit(["Content/" + Self.path: SOPHistoryFixture.version19.replacingOccurrences(of: "\"1.9\"", with: "\"\(v)\"") + "\nVersion \(v).\n"], message: v))
        }
        let versions = try VersionHistory.read(content: fixture.content).versions(of: Self.path)
        #expect(Array(versions.map(\.version).suffix(3)) == ["3.9-rc", "3.10-rc", "3.10"])
        #expect(Array(versions.map(\.commit).suffix(3)) == commits)
    }

    /// A version's date is its committer's day, as `git log` shows it: committed at 03:00
    /// in Bangkok (+0700), it is that day, not the day before (UTC), also when read back from
    /// a snapshot.
    @Test func aVersionIsDatedInItsCommittersTimeZone() throws {
        let fixture = try SOPHistoryFixture()
        // The fixture's clock moves a day a commit from 2026-01-01T00:00Z; this one is at
        // midnight UTC, 07:00 in Bangkok, 19:00 the day before in New York.
        let text = SOPHistoryFixture.version19.replacingOccurrences(of: "\"1.9\"", with: "\"2.0\"")
        let bangkok = try fixture.repository.commit(["Content/" + Self.path: text], message: "2.0", zone: "+0700")
        let newYork = try fixture.repository.commit(["Content/" + Self.path: text.replacingOccurrences(of: "\"2.0\"", with: "\"2.1\"")], message: "2.1", zone: "-0500")
        let history = try VersionHistory.read(content: fixture.content)
        let snapshot = try #require(history.snapshot)
        for read in [history, try VersionHistory.read(content: fixture.content, since: try #require(VersionHistory.Snapshot(decoding: snapshot.encoded())))] {
            let versions = try read.versions(of: Self.path)
            let byCommit = Dictionary(uniqueKeysWithValues: versions.compactMap { v in v.commit.map { ($0, v) } })
            let (b, n) = (try #require(byCommit[bangkok]), try #require(byCommit[newYork]))
            #expect(VersionHistory.isoDate(b.time!) == b.date)           // midnight UTC: the same day at +0700
            #expect(n.date == VersionHistory.isoDate(n.time! - 86_400))  // the day before at -0500
        }
    }

    /// A commit that took the version back (a `git revert` of a version) cannot be undone:
    /// once a later version follows, it is not a version, and a warning names it, rather than
    /// an error that no edit could fix.
    @Test func anOldCommitGoingBackwardsIsSkippedWithANote() throws {
        let fixture = try SOPHistoryFixture()
        let revert = try fixture.repository.commit(["Content/" + Self.path: SOPHistoryFixture.version19], message: "Revert 1.10")
        let v111 = SOPHistoryFixture.version19.replacingOccurrences(of: "\"1.9\"", with: "\"1.11\"")
        // First the fix on disk only, then committed; then read from a snapshot taken before the fix.
        try fixture.repository.tree.write("Content/" + Self.path, v111)
        let before = try VersionHistory.read(content: fixture.content)
        #expect(try before.versions(of: Self.path).map(\.version) == ["1.0", "1.9", "1.10", "1.11"])
        let snapshot = try #require(before.snapshot)
        let fix = try fixture.repository.commit(["Content/" + Self.path: v111], message: "1.11")
        for history in [try VersionHistory.read(content: fixture.content), try VersionHistory.read(content: fixture.content, since: snapshot),
                        try VersionHistory.read(content: fixture.content, paths: [Self.path]),
                        try VersionHistory.read(content: fixture.content, since: VersionHistory.Snapshot(decoding: snapshot.encoded()))] {
            let versions = try history.versions(of: Self.path)
            #expect(versions.map(\.version) == ["1.0", "1.9", "1.10", "1.11"])
            #expect(versions.map(\.commit) == [fixture.commits[0], fixture.commits[2], fixture.commits[3], fix])
            let notes = history.notes[Self.path] ?? []
            #expect(notes.map(\.commit) == [revert])
            #expect(notes.first?.message.contains("version 1.9 in commit \(revert.prefix(12)) goes backwards from 1.10 (commit \(fixture.commits[3].prefix(12)))") == true)
            // 1.11 is compared with 1.10, the version before it.
            let diff = try history.diff(of: Self.path, page: "refunds", from: versions[2], to: versions[3])
            #expect(diff.sections.contains { $0.anchor == "appeals" && $0.status == .changed })
        }
    }

    /// A version bumped on main while a branch edits the page (it bumped it too), then the
    /// branch merged: the merged text is the version the site shows, so the diff from the
    /// version before has both sides' changes, not only the first-parent commit's.
    @Test func aMergeKeepingTheVersionIsPartOfIt() throws {
        let fixture = try SOPHistoryFixture()
        let repo = fixture.repository
        let v111 = SOPHistoryFixture.version110.replacingOccurrences(of: "version: \"1.10\"", with: "version: \"1.11\"")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.commit(["Content/" + Self.path: v111.replacingOccurrences(of: "Write to the refunds team.", with: "Write to the refunds desk.")], message: "feature 1.11")
        try repo.git("checkout", "-q", "main")
        let published = try repo.commit(["Content/" + Self.path: v111.replacingOccurrences(of: "worn clothes", with: "worn or damaged clothes")], message: "main 1.11")
        try repo.git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature", environment: ["GIT_AUTHOR_DATE": "@1800000000 +0000", "GIT_COMMITTER_DATE": "@1800000000 +0000"])
        let merged = try #require(FileManager.default.contents(atPath: fixture.content + "/" + Self.path))
        #expect(String(decoding: merged, as: UTF8.self).contains("refunds desk") && String(decoding: merged, as: UTF8.self).contains("damaged"))
        for history in [try VersionHistory.read(content: fixture.content), try VersionHistory.read(content: fixture.content, paths: [Self.path])] {
            let versions = try history.versions(of: Self.path)
            #expect(versions.map(\.version) == ["1.0", "1.9", "1.10", "1.11"])
            // Published by main's commit (its date and author), with the merged text.
            #expect(versions.last?.commit == published)
            let diff = try history.diff(of: Self.path, page: "refunds", from: versions[2], to: versions[3])
            #expect(diff.sections.filter { $0.status == .changed }.map(\.anchor) == ["contact", "rf-03"])
        }
        // Committed, the merged text stays 1.11's once a later version follows.
        try repo.commit(["Content/" + Self.path: String(decoding: merged, as: UTF8.self).replacingOccurrences(of: "\"1.11\"", with: "\"1.12\"")], message: "1.12")
        let history = try VersionHistory.read(content: fixture.content)
        let versions = try history.versions(of: Self.path)
        #expect(String(decoding: try history.text(of: Self.path, at: versions[3]), as: UTF8.self) == String(decoding: merged, as: UTF8.self))
        #expect(try history.diff(of: Self.path, page: "refunds", from: versions[3], to: versions[4]).sections.allSatisfy { $0.status == .unchanged })
    }

    /// The current version's text is the file on disk, as the site renders it: an edit not
    /// committed yet that keeps the version is in its diff.
    @Test func theCurrentVersionIsTheFileOnDisk() throws {
        let fixture = try SOPHistoryFixture()
        try fixture.repository.tree.write("Content/" + Self.path, SOPHistoryFixture.version110.replacingOccurrences(of: "Write to the refunds team.", with: "Write to the refunds desk."))
        let history = try VersionHistory.read(content: fixture.content)
        let versions = try history.versions(of: Self.path)
        #expect(versions.map(\.version) == ["1.0", "1.9", "1.10"])
        #expect(versions.last?.commit == fixture.commits[3] && versions.last?.textIsOnDisk == true)
        let diff = try history.diff(of: Self.path, page: "refunds", from: versions[1], to: versions[2])
        #expect(diff.sections.filter { $0.status == .changed }.map(\.anchor) == ["contact", "appeals"])
    }

    /// A version committed with bytes that are not UTF-8 (a file saved as Latin-1, fixed in
    /// the next version) cannot be fixed any more: its diffs read it with those bytes replaced,
    /// rather than failing every build, check and diff ever after.
    @Test func anOldVersionThatIsNotUTF8IsReadAsWellAsItCanBe() throws {
        let fixture = try SOPHistoryFixture()
        let repo = fixture.repository
        let v111 = SOPHistoryFixture.version110.replacingOccurrences(of: "version: \"1.10\"", with: "version: \"1.11\"")
        var latin1 = Array(v111.replacingOccurrences(of: "Write to the refunds team.", with: "Write to the refunds caf_.").utf8)
        latin1[latin1.lastIndex(of: UInt8(ascii: "_"))!] = 0xE9 // é in Latin-1
        try repo.tree.write("Content/" + Self.path, bytes: latin1)
        try repo.git("add", "-A")
        try repo.git("commit", "-q", "-m", "1.11 in Latin-1", environment: ["GIT_AUTHOR_DATE": "@1790000000 +0000", "GIT_COMMITTER_DATE": "@1790000000 +0000"])
        try repo.commit(["Content/" + Self.path: v111.replacingOccurrences(of: "1.11", with: "1.12").replacingOccurrences(of: "Write to the refunds team.", with: "Write to the refunds café.")], message: "1.12 in UTF-8")
        let history = try VersionHistory.read(content: fixture.content)
        let versions = try history.versions(of: Self.path)
        #expect(versions.map(\.version) == ["1.0", "1.9", "1.10", "1.11", "1.12"])
        let into = try history.diff(of: Self.path, page: "refunds", from: versions[2], to: versions[3])
        #expect(into.sections.first { $0.anchor == "contact" }?.runs.contains(WordRun(.inserted, ["caf\u{FFFD}."])) == true)
        let out = try history.diff(of: Self.path, page: "refunds", from: versions[3], to: versions[4])
        #expect(out.sections.filter { $0.status != .unchanged }.map(\.anchor) == ["contact"])
        // Front matter never closed in a committed version: its body is empty, the diff still works.
        let parsed = PageOutline.parseCommitted(Array("---\ntitle: Old\nversion: \"1\"\n\n## A\n\nText\n".utf8), path: "p.md", version: "1", title: nil)
        #expect(parsed.title == "Old" && parsed.sections.isEmpty)
        let nul = PageOutline.parseCommitted(Array("---\ntitle: T\n---\n## A\n\nText\u{0} here\n".utf8), path: "p.md", version: "1", title: "T")
        #expect(nul.sections.map(\.anchor) == ["a"] && nul.sections.first?.text.contains("here") == true)
    }

    /// The same version written differently ("1.10" then "v1.10.0") is not a new version,
    /// nor a version going backwards.
    @Test func theSameVersionWrittenDifferentlyIsNotANewVersion() throws {
        let fixture = try SOPHistoryFixture()
        try fixture.repository.commit(["Content/" + Self.path: SOPHistoryFixture.version110.replacingOccurrences(of: "\"1.10\"", with: "\"v1.10.0\"")], message: "respell")
        let history = try VersionHistory.read(content: fixture.content)
        #expect(try history.versions(of: Self.path).map(\.version) == ["1.0", "1.9", "1.10"])
        #expect(history.notes.isEmpty)
    }

    /// Front matter that cannot be read in an old commit does not stop anything: that commit
    /// is not a version, and a note says so when it seems to have meant a new version.
    @Test func unreadableFrontMatterInAnOldCommitIsANote() throws {
        let fixture = try SOPHistoryFixture()
        let broken = SOPHistoryFixture.version110.replacingOccurrences(of: "version: \"1.10\"", with: "version: \"1.11\"\ntags: [unclosed")
        let bad = try fixture.repository.commit(["Content/" + Self.path: broken], message: "1.11, broken")
        // The same version again with broken front matter: nothing is lost, nothing noted.
        try fixture.repository.commit(["Content/" + Self.path: SOPHistoryFixture.version110.replacingOccurrences(of: "title: Refund abuse", with: "title: [oops")], message: "broken title")
        let fixed = try fixture.repository.commit(["Content/" + Self.path: SOPHistoryFixture.version110.replacingOccurrences(of: "\"1.10\"", with: "\"1.12\"")], message: "1.12")
        let history = try VersionHistory.read(content: fixture.content)
        let versions = try history.versions(of: Self.path)
        #expect(versions.map(\.version) == ["1.0", "1.9", "1.10", "1.12"])
        #expect(versions.last?.commit == fixed)
        let notes = history.notes[Self.path] ?? []
        #expect(notes.map(\.commit) == [bad])
        #expect(notes.first?.message.contains("the front matter in commit \(bad.prefix(12)) (version 1.11) cannot be read (line ") == true)
    }

    @Test func aWorkingCopyVersionGoingBackwardsIsAnError() throws {
        let fixture = try SOPHistoryFixture()
        try fixture.repository.tree.write("Content/" + Self.path, SOPHistoryFixture.version19)
        let history = try VersionHistory.read(content: fixture.content)
        #expect(throws: HistoryError.versionWentBackwards(file: fixture.content + "/" + Self.path, from: "1.10", to: "1.9",
                                                          fromCommit: fixture.commits[3], toCommit: "")) {
            try history.versions(of: Self.path)
        }
        // The message says where the version is, not a placeholder cut as a commit id ("(commit (not committ)").
        do { _ = try history.versions(of: Self.path) } catch {
            #expect(error.description.contains("to 1.9 (the file as it is now, not committed); each published version must be higher"), "\(error)")
        }
    }

    @Test func garbageInHEADIsAClearError() throws {
        let fixture = try SOPHistoryFixture()
        try fixture.repository.tree.write(".git/HEAD", "this is not a ref\n")
        do {
            _ = try VersionHistory.read(content: fixture.content)
            Issue.record("no error")
        } catch {
            guard case .git(let context, let message) = error else { Issue.record("unexpected \(error)"); return }
            #expect(!context.isEmpty && !message.isEmpty)
            #expect(error.description.hasPrefix("git: "))
        }
    }

    /// The loose object file of the blob of version 1.9 (the walk must read it to learn its version).
    static func objectFile(_ fixture: SOPHistoryFixture) throws -> String {
        let blob = try fixture.repository.git("rev-parse", "\(fixture.commits[2]):Content/\(Self.path)").trimmingCharacters(in: .whitespacesAndNewlines)
        return fixture.repository.tree.path(".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
    }

    // A truncated loose object (libgit2 1.5.1 loops forever inflating one): see TruncatedObjectTests.
    @Test func aGarbledObjectIsAClearError() throws {
        let fixture = try SOPHistoryFixture()
        let object = try Self.objectFile(fixture)
        try FileManager.default.removeItem(atPath: object)
        try Data("this is not a zlib stream at all".utf8).write(to: URL(fileURLWithPath: object))
        do {
            _ = try VersionHistory.read(content: fixture.content)
            Issue.record("no error")
        } catch {
            // Damaged, as a damaged pack is (see DamagedObjectTests): the repository and what to do.
            guard case .damagedObject(let repository, _, let context, let detail) = error else { Issue.record("unexpected \(error)"); return }
            #expect(repository == fixture.repository.root + "/")
            #expect(context.contains("refunds.md"), "\(error)")
            #expect(!detail.isEmpty)
            #expect(error.description.contains("git fsck"), "\(error)")
        }
    }

    @Test func aMissingObjectIsAClearError() throws {
        let fixture = try SOPHistoryFixture()
        try FileManager.default.removeItem(atPath: try Self.objectFile(fixture))
        do {
            _ = try VersionHistory.read(content: fixture.content)
            Issue.record("no error")
        } catch {
            guard case .damagedObject(_, _, let context, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(context.hasPrefix("reading Content/") || context.contains("refunds.md"), "\(error)")
            #expect(error.description.contains("has damaged or missing objects"), "\(error)")
        }
    }

    @Test func aShallowCloneIsRefused() throws {
        let fixture = try SOPHistoryFixture()
        let clone = try TempTree()
        try fixture.repository.git("clone", "-q", "--depth", "1", "file://\(fixture.repository.root)", clone.path("copy"))
        #expect(throws: HistoryError.shallow(repository: clone.path("copy") + "/")) {
            try VersionHistory.read(content: clone.path("copy/Content"))
        }
    }

    /// A partial clone (`git clone --filter=blob:none`, as CI checkouts and large repositories
    /// use) has HEAD's files but not the older versions'; libgit2 cannot fetch them as git does.
    /// It was reported as a damaged repository to repair with `git fsck`; it is a partial clone,
    /// and the error says how to download what is missing, which then builds.
    @Test func aPartialCloneSaysHowToDownloadTheOlderVersions() throws {
        let fixture = try SOPHistoryFixture()
        try fixture.repository.git("config", "uploadpack.allowFilter", "true")
        let clone = try TempTree()
        let copy = clone.path("copy")
        try fixture.repository.git("clone", "-q", "--filter=blob:none", "file://\(fixture.repository.root)", copy)
        #expect(throws: HistoryError.partialClone(repository: copy + "/", remote: "origin", filter: "blob:none")) {
            try VersionHistory.read(content: copy + "/Content")
        }
        do {
            _ = try VersionHistory.read(content: copy + "/Content")
        } catch {
            #expect(error.isRepositoryProblem)
            #expect(!error.description.contains("git fsck"), "\(error)")
            #expect(error.description.contains("git -C \(copy) config --unset remote.origin.partialclonefilter && git -C \(copy) fetch --refetch origin"), "\(error)")
        }
        // What it says to do works.
        _ = try fixture.repository.git("config", "--unset", "remote.origin.partialclonefilter", in: copy)
        _ = try fixture.repository.git("fetch", "-q", "--refetch", "origin", in: copy)
        let history = try VersionHistory.read(content: copy + "/Content")
        #expect(try history.versions(of: Self.path).map(\.version) == ["1.0", "1.9", "1.10"])
    }

    /// A checkout another user owns (a CI container running as root over the runner's
    /// checkout, a shared folder): git refuses it ("dubious ownership") and so does libgit2,
    /// whose 1.5.1 says "not found". It was read as no repository, so every SOP silently lost
    /// its history and its versions page said only the current version is known. Changing a
    /// file's owner needs root: elsewhere the test is not run.
    @Test(.enabled(if: geteuid() == 0, "chown needs root"))
    func aRepositoryAnotherUserOwnsIsAnErrorNotAMissingHistory() throws {
        let fixture = try SOPHistoryFixture()
        let nobody = try #require(getpwnam("nobody")).pointee
        for path in [fixture.repository.root] + (FileManager.default.subpaths(atPath: fixture.repository.root) ?? []).map({ fixture.repository.root + "/" + $0 }) {
            #expect(lchown(path, nobody.pw_uid, nobody.pw_gid) == 0)
        }
        let root = URL(fileURLWithPath: fixture.repository.root).resolvingSymlinksInPath().path
        #expect(throws: HistoryError.notOwned(repository: root, owner: "nobody")) {
            try VersionHistory.read(content: fixture.content)
        }
        do {
            _ = try VersionHistory.read(content: fixture.content)
        } catch {
            #expect(error.isRepositoryProblem)
            #expect(error.description.contains("git config --global --add safe.directory \(root)"), "\(error)")
        }
    }

    /// A commit made with `i18n.commitEncoding` (ISO-8859-1 here) holds its author's name in
    /// that encoding and says so in an `encoding` header; `git log` converts it, and the
    /// versions page showed "Jos� Garc�a".
    @Test func anAuthorInACommitsDeclaredEncodingIsReadInIt() throws {
        let fixture = try SOPHistoryFixture()
        let git = fixture.repository
        let text = SOPHistoryFixture.version110.replacingOccurrences(of: "version: \"1.10\"", with: "version: \"1.11\"")
        try git.tree.write("Content/" + SOPHistoryFixture.path, text)
        try git.git("add", "-A")
        let tree = try git.git("write-tree").trimmingCharacters(in: .whitespacesAndNewlines)
        let parent = try git.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        var raw = Array("tree \(tree)\nparent \(parent)\nauthor Jos".utf8) + [0xE9] + Array(" Garc".utf8) + [0xED]
        raw += Array("a <jose@example.com> 1767571200 +0000\ncommitter Casebook Tests <tests@example.com> 1767571200 +0000\nencoding ISO-8859-1\n\nVersion 1.11\n".utf8)
        try Data(raw).write(to: URL(fileURLWithPath: git.root + "/commit.raw"))
        let id = try git.git("hash-object", "-t", "commit", "-w", "commit.raw").trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.removeItem(atPath: git.root + "/commit.raw")
        try git.git("update-ref", "refs/heads/main", id)
        let versions = try VersionHistory.read(content: fixture.content).versions(of: Self.path)
        #expect(versions.last?.version == "1.11")
        #expect(versions.last?.author == "José García")
        #expect(versions.dropLast().map(\.author) == ["Ana Trainer", "Bo Reviewer", "Ana Trainer"])
    }

    /// A repository made with SHA-256 object names is healthy, but libgit2 1.5 cannot open it:
    /// the error said "check the repository with 'git fsck'"; it now says what the repository
    /// uses (the same for the reftable reference store, which newer git can make its default).
    @Test func aRepositoryFormatLibgit2CannotReadIsNamedNotCalledDamaged() throws {
        let git = try GitFixture()
        let folder = try TempTree()
        _ = try git.git("init", "-q", "--object-format=sha256", "-b", "main", folder.path("repo"))
        try folder.write("repo/Content/refunds.md", "---\nid: refunds\ntitle: Refunds\nversion: \"1.0\"\n---\n\nText.\n")
        _ = try git.git("add", "-A", in: folder.path("repo"))
        _ = try git.git("commit", "-q", "-m", "v1", in: folder.path("repo"))
        let root = URL(fileURLWithPath: folder.path("repo")).resolvingSymlinksInPath().path
        #expect(throws: HistoryError.unsupportedFormat(repository: root, feature: "extensions.objectformat")) {
            try VersionHistory.read(content: folder.path("repo/Content"))
        }
        #expect(HistoryError.unsupportedFormat(repository: root, feature: "extensions.objectformat").description.contains("SHA-256 object names"))
        #expect(!HistoryError.unsupportedFormat(repository: root, feature: "extensions.objectformat").description.contains("fsck"))
        #expect(HistoryError.unsupportedFormat(repository: root, feature: "extensions.objectformat").isRepositoryProblem)
    }

    /// A worktree whose main repository was deleted keeps a `.git` file pointing nowhere: git
    /// says "not a git repository", and Casebook read it as none, so the SOPs silently lost
    /// their history. It is an error naming the link and what to do.
    @Test func aWorktreeWhoseRepositoryIsGoneIsAnErrorNotAMissingHistory() throws {
        let fixture = try SOPHistoryFixture()
        let other = try TempTree()
        let worktree = other.path("worktree")
        try fixture.repository.git("worktree", "add", "-q", worktree, "-b", "edits")
        #expect(try VersionHistory.read(content: worktree + "/Content").versions(of: Self.path).count == 3)
        let gitdir = try #require(try String(contentsOfFile: worktree + "/.git", encoding: .utf8)).dropFirst("gitdir:".count).trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.removeItem(atPath: fixture.repository.root + "/.git")
        let root = URL(fileURLWithPath: worktree).resolvingSymlinksInPath().path
        #expect(throws: HistoryError.brokenLink(folder: root, target: gitdir)) {
            try VersionHistory.read(content: worktree + "/Content")
        }
        #expect(HistoryError.brokenLink(folder: root, target: gitdir).description.contains("git worktree repair"))
    }

    @Test func pickDefaultsToThePreviousAndTheCurrentVersion() throws {
        let fixture = try SOPHistoryFixture()
        let history = try VersionHistory.read(content: fixture.content)
        let versions = try history.versions(of: Self.path)
        let pair = try #require(try history.pick(versions, path: Self.path, from: nil, to: nil))
        #expect((pair.from.version, pair.to.version) == ("1.9", "1.10"))
        let explicit = try #require(try history.pick(versions, path: Self.path, from: "1.0", to: "1.9"))
        #expect((explicit.from.commit, explicit.to.commit) == (fixture.commits[0], fixture.commits[2]))
        #expect(throws: HistoryError.unknownVersion(file: fixture.content + "/" + Self.path, version: "2.0", known: ["1.0", "1.9", "1.10"])) {
            try history.pick(versions, path: Self.path, from: "2.0", to: nil)
        }
    }
}

@Suite struct FrontMatterVersionTests {
    @Test func versionIsReadFromTheFrontMatterAlone() {
        #expect(VersionHistory.version(in: Array("---\nversion: \"3.10\"\n---\nBody --- text\n---\n".utf8), file: "a.md") == "3.10")
        #expect(VersionHistory.frontMatterPrefix(Array("---\nversion: 2\n--- \r\nBody".utf8)).count == "---\nversion: 2\n--- \r\n".utf8.count)
        #expect(VersionHistory.version(in: Array("\u{FEFF}---\r\nversion: 4\r\n...\r\n# Title\n".utf8), file: "a.md") == "4")
        // No front matter, an unclosed one, or a broken one: no version.
        #expect(VersionHistory.version(in: Array("# Title\nversion: 1\n".utf8), file: "a.md") == "")
        #expect(VersionHistory.version(in: Array("---\nversion: 1\n".utf8), file: "a.md") == "")
        #expect(VersionHistory.version(in: Array("---\nversion: [1\n---\n".utf8), file: "a.md") == "")
        // Invalid UTF-8 in the body does not hide the version (only the front matter is read).
        #expect(VersionHistory.version(in: Array("---\nversion: 5\n---\n".utf8) + [0xFF, 0xFE], file: "a.md") == "5")
    }
}
