import CasebookTestSupport
import Foundation
import Testing
@testable import Publishing

/// The inotify watcher behind `casebook preview`.
@Suite struct ContentWatcherTests {
    @Test func reportsSavesNewFoldersAndDeletionsButNotHiddenFiles() throws {
        let t = try TempTree(["Content/a.md": "# A\n", "Content/sub/b.md": "# B\n", "theme/assets/style.css": "x\n"])
        let watcher = try ContentWatcher(roots: [t.path("Content"), t.path("Quizzes"), t.path("theme")])

        try t.write("Content/sub/b.md", "# B2\n")
        #expect(watcher.waitForChanges(limit: 10) == [t.path("Content/sub/b.md")])

        try t.write("Content/.b.md.swp", "x")
        try t.write("theme/assets/style.css", "y\n")
        #expect(watcher.waitForChanges(limit: 10) == [t.path("theme/assets/style.css")], "hidden files are not changes")

        // A folder made after the watch started is watched too.
        try FileManager.default.createDirectory(atPath: t.path("Content/new"), withIntermediateDirectories: true)
        _ = watcher.waitForChanges(limit: 10)
        try t.write("Content/new/c.md", "# C\n")
        #expect(watcher.waitForChanges(limit: 10).contains(t.path("Content/new/c.md")))

        try FileManager.default.removeItem(atPath: t.path("Content/a.md"))
        #expect(watcher.waitForChanges(limit: 10) == [t.path("Content/a.md")])
    }

    @Test func anEditorsSaveByRenameIsOneChange() throws {
        let t = try TempTree(["Content/a.md": "# A\n"])
        let watcher = try ContentWatcher(roots: [t.path("Content")])
        try t.write("Content/.a.md.tmp", "# A2\n")
        try FileManager.default.moveItem(atPath: t.path("Content/.a.md.tmp"), toPath: t.path("Content/a2.md"))
        #expect(watcher.waitForChanges(limit: 10) == [t.path("Content/a2.md")])
    }

    @Test func aSingleFileBesideTheContentIsWatchedWithoutItsFolder() throws {
        let t = try TempTree(["Content/a.md": "# A\n"])
        let watcher = try ContentWatcher(roots: [t.path("Content")], files: [t.path("casebook.yml")])
        try t.write("notes.txt", "not watched")
        try t.write("casebook.yml", "links: warn\n")
        #expect(watcher.waitForChanges(limit: 10) == [t.path("casebook.yml")])
    }
}
