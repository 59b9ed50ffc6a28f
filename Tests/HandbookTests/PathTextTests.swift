import Testing
import Handbook

/// NSString.deletingLastPathComponent traps on "C" on Linux (`casebook build --content C`
/// crashed); PathText.parent is what every module uses instead.
@Suite struct PathTextTests {
    @Test(arguments: [
        ("C", ""), ("casebook.db", ""), ("a/C", "a"), ("a/b/", "a"), ("/C", "/"), ("/", "/"),
        ("data/casebook.db", "data"), ("/work/site", "/work"), ("a//b", "a"), ("./Content", "."),
    ])
    func parentOfAPath(_ path: String, _ parent: String) {
        #expect(PathText.parent(of: path) == parent)
    }
}
