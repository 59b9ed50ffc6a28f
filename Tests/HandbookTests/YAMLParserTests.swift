import Testing
@testable import Handbook

@Suite struct YAMLParserTests {
    @Test func scalarsQuotedStringsAndComments() throws {
        let node = try YAMLParser.parse("""
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
        let node = try YAMLParser.parse("""
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
        let node = try YAMLParser.parse("""
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
        let node = try YAMLParser.parse("""
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
        let node = try YAMLParser.parse("title: Announcement\naliases: [\n\t\"/entities/announcement\",\n  \"/api/entities/announcement\",\n\t\"/api/entities/Announcement\",\n]\n\t# a comment\nnext: 1")
        #expect(node["aliases"]?.listItems?.compactMap(\.scalar) == ["/entities/announcement", "/api/entities/announcement", "/api/entities/Announcement"])
        #expect(node["next"]?.scalar == "1")
    }

    @Test func positionsCountFromTheFirstLineGiven() throws {
        let node = try YAMLParser.parse("a: 1\nb: 2", firstLine: 2)
        let entry = try #require(node.mapEntries?.last)
        #expect(entry.line == 3)
        #expect(entry.column == 1)
        #expect(entry.value.column == 4)
    }

    /// gRPC's Hugo site names values once and repeats them: `repo: &repo https://...`,
    /// `github_repo: *repo`, and in its pages `language: &lang Java`, `linkTitle: *lang`. Its
    /// configuration (languages, content folder) and two pages could not be read.
    @Test func anchorsOnValuesAndTheirAliasesAreRead() throws {
        let node = try YAMLParser.parse("params:\n  repo: &repo https://github.com/grpc/grpc.io\n  github_repo: *repo  # the same\nlanguage: &lang \"Java\"\nlinkTitle: *lang\ntags: [a]\n")
        #expect(node["params"]?["github_repo"]?.scalar == "https://github.com/grpc/grpc.io")
        #expect(node["linkTitle"]?.scalar == "Java" && node["language"]?.scalar == "Java")
        #expect(node["linkTitle"]?.line == 5)
    }

    /// What the hand-written YAML subset refused or misread, and other docs tools' YAML holds:
    /// anchors on maps, tags (MkDocs' `!!python/name:`), `\u` escapes, plain text over two
    /// lines, `? ` keys, comments after a tab.
    @Test func yamlAsOtherToolsWriteItIsRead() throws {
        let node = try YAMLParser.parse("""
        defaults: &defaults
          layout: page
          toc: true
        docs: *defaults
        emoji_index: !!python/name:material.extensions.emoji.twemoji
        count: !!str 3
        title: "Caf\\u00e9 \\x41 line\\tend"
        summary: one long
          sentence over two lines
        ? explicit
        : key
        list:
        - &first a
        - *first
        """)
        #expect(node["docs"]?["layout"]?.scalar == "page")
        #expect(node["docs"]?["toc"]?.scalar == "true")
        #expect(node["docs"]?.line == 4)
        #expect(node["emoji_index"]?.scalar == "") // the tag is all of it
        #expect(node["emoji_index"]?.tag == "!!python/name:material.extensions.emoji.twemoji")
        #expect(node["count"]?.tag == nil, "YAML's own tags say only what the text is")
        #expect(node["count"]?.scalar == "3")
        #expect(node["title"]?.scalar == "Café A line\tend")
        #expect(node["summary"]?.scalar == "one long sentence over two lines")
        #expect(node["explicit"]?.scalar == "key")
        #expect(node["list"]?.listItems?.compactMap(\.scalar) == ["a", "a"])
    }

    /// YAML 1.1's merge key, which configurations write with an anchored map (`<<: *defaults`):
    /// it was read as a key named "<<".
    @Test func mergeKeysBringInTheAnchoredMapsKeys() throws {
        let node = try YAMLParser.parse("""
        defaults: &d
          layout: page
          toc: true
        more: &m
          toc: maybe
          extra: 1
        docs:
          toc: false
          <<: *d
        both:
          <<: [*d, *m]
        quoted:
          "<<": literal
        """)
        #expect(node["docs"]?.mapEntries?.map(\.key) == ["toc", "layout"])
        #expect(node["docs"]?["toc"]?.scalar == "false" && node["docs"]?["layout"]?.scalar == "page")
        #expect(node["both"]?["toc"]?.scalar == "true" && node["both"]?["extra"]?.scalar == "1")
        #expect(node["quoted"]?["<<"]?.scalar == "literal")
        #expect {
            _ = try YAMLParser.parse("a:\n  <<: text\n")
        } throws: { error in
            (error as? YAMLError)?.message.contains("'<<' merges a map") == true
        }
    }

    /// Aliases of aliases stand for more values than memory holds ("billion laughs"); lists
    /// nested without end overflow a recursive reader. Both stop with an error.
    @Test func aliasBombsAndDeepNestingAreRefused() {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for (i, name) in ["b", "c", "d", "e", "f", "g"].enumerated() {
            let previous = i == 0 ? "a" : ["b", "c", "d", "e", "f"][i - 1]
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        #expect {
            _ = try YAMLParser.parse(bomb)
        } throws: { error in
            (error as? YAMLError)?.message.contains("aliases of aliases") == true
        }
        let deep = "a: " + String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect {
            _ = try YAMLParser.parse(deep)
        } throws: { error in
            (error as? YAMLError)?.message.contains("nested more than") == true
        }
    }

    @Test(arguments: [
        ("title: \"unclosed", 1, 8, "unterminated double-quoted string"),
        ("title: 'unclosed", 1, 8, "unterminated single-quoted string; close it with '"),
        ("a: 1\n\tb: 2", 2, 1, "tab used for indentation"),
        ("tags:\n  - a\n \t- b", 3, 2, "tab used for indentation"),
        ("note: |\n  one\n\ttwo", 3, 1, "tab used for indentation"),
        // A tab before a comment is space, except inside a block scalar, where "# two" is text.
        ("note: |\n  one\n\t# two\nnext: 1", 3, 1, "tab used for indentation"),
        ("a:\n\t- x", 2, 1, "tab used for indentation"),
        ("a: 1\na: 2", 2, 1, "duplicate key 'a'"),
        ("a: 1\n   b: 2", 2, 5, "line a key up with the keys above it"),
        ("title: Counterfeit: the basics", 1, 19, "put a value that holds ': ' in quotes"),
        ("tags: [a, b", 1, 7, "unclosed '['"),
        ("title: [draft\nversion: \"3.2\"\n", 1, 8, "unclosed '['; end the list with ']', or put a value that starts with '[' in quotes"),
        ("tags: [a, b}", 1, 12, "expected ',' or ']' in the list that starts on line 1"),
        ("just some words", 1, 1, "expected 'key: value'"),
        ("a: 1\nb\nc: 2", 2, 1, "expected 'key: value' on line 2"),
        ("a:\n  - x\n  y: 2", 3, 3, "expected '- ' lined up with the list items from line 2"),
        ("a: *nowhere", 1, 4, "alias *nowhere names no anchor above it"),
        ("a: \"x\\q\"", 1, 6, "unknown escape '\\q'"),
        ("a: @handle", 1, 4, "'@' cannot start a value; put the value in quotes"),
        ("a: 1\n---\nb: 2", 2, 1, "a second YAML document is not supported"),
        ("a: 1\nb: \u{7}", 2, 4, "the control character U+0007 is not allowed"),
        ("[a, b]: 1", 1, 1, "a key must be text"),
        ("keywords: - dash", 1, 11, "a list cannot start on the line of its key"),
        ("a: &", 1, 4, "'&' needs a name after it"),
        ("a: ]", 1, 4, "']' cannot start a value here; put the value in quotes"),
        ("a: \"\\xZZ\"", 1, 7, "needs 2, 4 or 8 hexadecimal digits"),
        ("a: |x\n  y", 1, 4, "after '|' or '>' only"),
    ])
    func syntaxErrorsNameLineAndColumn(source: String, line: Int, column: Int, message: String) {
        #expect {
            _ = try YAMLParser.parse(source)
        } throws: { error in
            guard let e = error as? YAMLError else { return false }
            return e.line == line && e.column == column && e.message.contains(message)
        }
    }
}
