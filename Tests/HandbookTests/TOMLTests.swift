import Testing
@testable import Handbook

/// TOML read by toml++ into the tree YAML front matter gives (TOML.swift).
@Suite struct TOMLTests {
    /// `key = value` in a tree of maps and lists, keys in the document's order, each at its
    /// line of the file (the front matter starts on line 2).
    @Test func valuesKeepTheDocumentsOrderAndLines() throws {
        let node = try TOML.parse("""
            title = "Code \\"2.1\\""   # the title
            weight = 3
            draft = false
            aliases = [
              "/version/2/1",
              '/v2.1/',
            ]
            [params]
            icon = "book"
            """, firstLine: 2)
        #expect(node.mapEntries?.map(\.key) == ["title", "weight", "draft", "aliases", "params"])
        #expect(node["title"]?.scalar == "Code \"2.1\"" && node["weight"]?.scalar == "3" && node["draft"]?.scalar == "false")
        #expect(node["aliases"]?.listItems?.compactMap(\.scalar) == ["/version/2/1", "/v2.1/"])
        #expect(node.mapEntries?.map(\.line) == [2, 3, 4, 5, 9])
        #expect(node["params"]?["icon"]?.scalar == "book" && node["params"]?.mapEntries?.first?.line == 10)
    }

    /// Forms the hand-written reader refused: an inline table, an array of tables and
    /// multi-line strings (basic and literal).
    @Test func inlineTablesArraysOfTablesAndMultiLineStrings() throws {
        let node = try TOML.parse(#"""
            date = { created = 2026-02-18, updated = 2026-03-01 }
            summary = """
            Two \
              lines"""
            notes = '''
            C:\temp
            kept'''

            [[menu.main]]
            name = "Home"
            weight = 1
            [[menu.main]]
            name = "Rules"
            """#)
        #expect(node["date"]?["created"]?.scalar == "2026-02-18" && node["date"]?["updated"]?.scalar == "2026-03-01")
        #expect(node["summary"]?.scalar == "Two lines")
        #expect(node["notes"]?.scalar == "C:\\temp\nkept")
        let main = node["menu"]?["main"]?.listItems ?? []
        #expect(main.count == 2 && main[0]["name"]?.scalar == "Home" && main[0]["weight"]?.scalar == "1" && main[1]["name"]?.scalar == "Rules")
        #expect(main.map(\.line) == [9, 12], "each table of the array at its [[header]]")
    }

    /// Dates, times, date-times and floats are given as written, as Hugo users write them.
    @Test func datesAndFloatsAreTheirWrittenText() throws {
        let node = try TOML.parse("""
            date = 2024-01-02
            publishDate = 2024-05-02T10:00:00Z
            lastmod = 1979-05-27 07:32:00.5+01:00
            expiryDate = 2024-01-02T08:00:00
            time = 07:32:00
            version = 1.0
            ratio = 1.10e3
            big = 9_000
            """)
        #expect(node["date"]?.scalar == "2024-01-02")
        #expect(node["publishDate"]?.scalar == "2024-05-02T10:00:00Z")
        #expect(node["lastmod"]?.scalar == "1979-05-27 07:32:00.5+01:00")
        #expect(node["expiryDate"]?.scalar == "2024-01-02T08:00:00" && node["time"]?.scalar == "07:32:00")
        #expect(node["version"]?.scalar == "1.0" && node["ratio"]?.scalar == "1.10e3" && node["big"]?.scalar == "9000")
    }

    /// Invalid TOML: toml++'s reason at the line of the file.
    @Test func invalidTOMLGivesTheReasonAndTheLine() {
        #expect {
            _ = try TOML.parse("title = \"x\"\nweight =\ndraft = false\n", firstLine: 2)
        } throws: { error in
            guard let error = error as? TOMLError else { return false }
            return error.line == 3 && error.column == 9 && error.message.contains("expected value")
        }
        #expect {
            _ = try TOML.parse("title = \"x\"\ntitle = \"y\"\n", firstLine: 2)
        } throws: { error in
            (error as? TOMLError)?.line == 3 && (error as? TOMLError)?.message.contains("redefine") == true
        }
    }

    /// An empty document is an empty map (`+++` right after `+++`).
    @Test func emptyDocumentIsAnEmptyMap() throws {
        let node = try TOML.parse("", firstLine: 2)
        #expect(node.mapEntries == [] && node.line == 2)
    }
}
