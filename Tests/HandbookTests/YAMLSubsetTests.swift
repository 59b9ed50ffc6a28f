import Testing
@testable import Handbook

@Suite struct YAMLSubsetTests {
    @Test func scalarsQuotedStringsAndComments() throws {
        let node = try YAMLSubsetParser.parse("""
        # a comment line
        id: counterfeit-and-ip   # trailing comment
        title: "Counterfeit: the #1 problem"
        owner: 'Brand ''Protection'''
        version: "3.2"
        empty:
        """)
        #expect(node["id"]?.scalar == "counterfeit-and-ip")
        #expect(node["title"]?.scalar == "Counterfeit: the #1 problem")
        #expect(node["owner"]?.scalar == "Brand 'Protection'")
        #expect(node["version"]?.scalar == "3.2")
        #expect(node["empty"]?.scalar == "")
    }

    @Test func flowAndBlockLists() throws {
        let node = try YAMLSubsetParser.parse("""
        markets: [UK, "US", ID]
        tags:
          - counterfeit
          - "ip, brands"
        codes:
        - IP-01
        - IP-02
        long: [a,
          b, c]
        """)
        #expect(node["markets"]?.listItems?.compactMap(\.scalar) == ["UK", "US", "ID"])
        #expect(node["tags"]?.listItems?.compactMap(\.scalar) == ["counterfeit", "ip, brands"])
        #expect(node["codes"]?.listItems?.compactMap(\.scalar) == ["IP-01", "IP-02"])
        #expect(node["long"]?.listItems?.compactMap(\.scalar) == ["a", "b", "c"])
    }

    @Test func nestedMapsAndListsOfMaps() throws {
        let node = try YAMLSubsetParser.parse("""
        changes:
          - version: "3.2"
            date: 2026-09-01
            summary: Added IP-03.
          - version: "3.1"
            date: 2026-05-12
        review:
          owner: QA
          window:
            days: 30
        inline: {a: 1, b: "two"}
        """)
        let changes = try #require(node["changes"]?.listItems)
        #expect(changes.count == 2)
        #expect(changes[0]["summary"]?.scalar == "Added IP-03.")
        #expect(changes[1]["date"]?.scalar == "2026-05-12")
        #expect(changes[1]["date"]?.line == 6)
        #expect(node["review"]?["window"]?["days"]?.scalar == "30")
        #expect(node["inline"]?["b"]?.scalar == "two")
    }

    @Test func blockScalars() throws {
        let node = try YAMLSubsetParser.parse("""
        literal: |
          line one
          line two
        folded: >
          joined
          together
        after: x
        """)
        #expect(node["literal"]?.scalar == "line one\nline two\n")
        #expect(node["folded"]?.scalar == "joined together\n")
        #expect(node["after"]?.scalar == "x")
    }

    /// Hugo sites write multi-line flow lists with tab-indented items (mastodon's
    /// documentation has 23 such pages); YAML allows tabs as space inside a flow collection,
    /// so they must read, while a tab in block indentation stays an error (below).
    @Test func tabsInsideAMultiLineFlowListAreSpace() throws {
        let node = try YAMLSubsetParser.parse("title: Announcement\naliases: [\n\t\"/entities/announcement\",\n  \"/api/entities/announcement\",\n\t\"/api/entities/Announcement\",\n]\n\t# a comment\nnext: 1")
        #expect(node["aliases"]?.listItems?.compactMap(\.scalar) == ["/entities/announcement", "/api/entities/announcement", "/api/entities/Announcement"])
        #expect(node["next"]?.scalar == "1")
    }

    @Test func positionsCountFromTheFirstLineGiven() throws {
        let node = try YAMLSubsetParser.parse("a: 1\nb: 2", firstLine: 2)
        let entry = try #require(node.mapEntries?.last)
        #expect(entry.line == 3)
        #expect(entry.column == 1)
        #expect(entry.value.column == 4)
    }

    /// gRPC's Hugo site names values once and repeats them: `repo: &repo https://...`,
    /// `github_repo: *repo`, and in its pages `language: &lang Java`, `linkTitle: *lang`. Its
    /// configuration (languages, content folder) and two pages could not be read.
    @Test func anchorsOnValuesAndTheirAliasesAreRead() throws {
        let node = try YAMLSubsetParser.parse("params:\n  repo: &repo https://github.com/grpc/grpc.io\n  github_repo: *repo  # the same\nlanguage: &lang \"Java\"\nlinkTitle: *lang\ntags: [a]\n")
        #expect(node["params"]?["github_repo"]?.scalar == "https://github.com/grpc/grpc.io")
        #expect(node["linkTitle"]?.scalar == "Java" && node["language"]?.scalar == "Java")
        #expect(node["linkTitle"]?.line == 5)
    }

    @Test(arguments: [
        ("title: \"unclosed", 1, 8, "unterminated double-quoted string"),
        ("a: 1\n\tb: 2", 2, 1, "tab used for indentation"),
        ("tags:\n  - a\n \t- b", 3, 2, "tab used for indentation"),
        ("note: |\n  one\n\ttwo", 3, 1, "tab used for indentation"),
        ("a: 1\na: 2", 2, 1, "duplicate key 'a'"),
        ("a: 1\n   b: 2", 2, 4, "unexpected indentation"),
        ("tags: [a, b", 1, 7, "unclosed '['"),
        ("just some words", 1, 1, "expected 'key: value'"),
        ("a: &anchor\n  b: 1", 1, 4, "anchor on a list or mapping is not supported"),
        ("a: *nowhere", 1, 4, "alias *nowhere names no anchor above it"),
        ("a: &x 1\nb: *x y", 2, 4, "unexpected text after the alias *x"),
        ("a: !!str 1", 1, 4, "tags are not supported"),
        ("tags:\n  - a\n    - b", 3, 5, "unexpected indentation"),
    ])
    func syntaxErrorsNameLineAndColumn(source: String, line: Int, column: Int, message: String) {
        #expect {
            _ = try YAMLSubsetParser.parse(source)
        } throws: { error in
            guard let e = error as? YAMLError else { return false }
            return e.line == line && e.column == column && e.message.contains(message)
        }
    }
}
