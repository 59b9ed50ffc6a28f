import Foundation
import Testing
import CasebookTestSupport

/// Builds the sample handbook in Content/ and checks the site a moderator would use.
@Suite struct SampleHandbookTests {
    @Test func sampleContentChecksCleanlyAndBuilds() throws {
        let t = try TempTree()
        let content = CLIRunner.repositoryRoot + "/Content"
        let check = try CLIRunner.run(["check", "--content", content])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(!check.stderr.contains("error:"))
        let build = try CLIRunner.run(["build", "--content", content, "--out", t.path("site")])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("Built "))
        let site = t.path("site")
        let pages = try FileManager.default.contentsOfDirectory(atPath: site + "/sop")
        #expect(pages.count >= 12)
        // Drafts and retired SOPs are not published by default.
        #expect(!pages.contains("ai-generated-content.html"))
        #expect(FileManager.default.fileExists(atPath: site + "/codes/IP.html"))
        let home = try String(contentsOfFile: site + "/index.html", encoding: .utf8)
        #expect(home.contains("Recently changed"))
        #expect(home.contains("class=\"skip-link\""))
    }

    @Test func everyLinkInTheBuiltSiteResolves() throws {
        let t = try TempTree()
        let build = try CLIRunner.run(["build", "--content", CLIRunner.repositoryRoot + "/Content", "--out", t.path("site")])
        #expect(build.status == 0)
        let site = t.path("site")
        let htmlFiles = try FileManager.default.subpathsOfDirectory(atPath: site).filter { $0.hasSuffix(".html") && $0 != "404.html" }
        var ids: [String: Set<String>] = [:]
        var texts: [String: String] = [:]
        let idPattern = try NSRegularExpression(pattern: " id=\"([^\"]+)\"")
        let linkPattern = try NSRegularExpression(pattern: " (?:href|src)=\"([^\"]+)\"")
        for f in htmlFiles {
            let text = try String(contentsOfFile: site + "/" + f, encoding: .utf8)
            texts[f] = text
            ids[f] = Set(idPattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range(at: 1), in: text)!]) })
        }
        var checked = 0
        var broken: [String] = []
        for (file, text) in texts {
            for m in linkPattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let raw = String(text[Range(m.range(at: 1), in: text)!]).replacingOccurrences(of: "&amp;", with: "&")
                if raw.hasPrefix("http") || raw.hasPrefix("mailto:") { continue }
                #expect(!raw.hasPrefix("/"), "\(file) has a site-absolute link \(raw), which breaks on file://")
                let parts = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let pathPart = String(parts[0]).removingPercentEncoding ?? String(parts[0])
                let anchor = parts.count > 1 ? String(parts[1]).removingPercentEncoding : nil
                let target = pathPart.isEmpty ? file : URL(fileURLWithPath: site + "/" + file).deletingLastPathComponent().appendingPathComponent(pathPart).standardizedFileURL.path.replacingOccurrences(of: site + "/", with: "")
                checked += 1
                guard FileManager.default.fileExists(atPath: site + "/" + target) else { broken.append("\(file) -> \(raw)"); continue }
                if let anchor, !anchor.isEmpty, target.hasSuffix(".html"), !(ids[target]?.contains(anchor) ?? false) {
                    broken.append("\(file) -> \(raw) (no #\(anchor))")
                }
            }
        }
        #expect(checked > 500)
        #expect(broken.isEmpty, "broken links: \(broken.prefix(10))")
    }
}
