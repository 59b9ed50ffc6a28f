import Foundation
import Handbook
import Quiz
import Records

/// `casebook qa cases`: the audited production errors of one SOP section as quiz case files,
/// through the rules of `cases import` (the same importer: redaction, checks against the
/// handbook and the bank, duplicates, all-or-nothing writing where it writes).
enum QACasesCommand {
    static let since = OptionSpec.value("--since", "YYYY-MM-DD", help: "Only production errors on or after this date (UTC)")
    static let limit = OptionSpec.value("--limit", "N", help: "At most N new cases: the most harmful errors first, then the most recent")

    static let spec = CommandSpec(
        name: "cases",
        summary: "Turns the audited production errors of one SOP section into quiz case files (redacted, deduplicated).",
        options: [SectionArgument.option, since, limit, CasesCommand.dryRun, DataOptions.db, DataOptions.content, DataOptions.quizzes],
        discussion: """
        A production error is an audited decision the QA reviewer disagreed with (casebook qa \
        import), unless an appeal overturned the QA decision: then the moderator's decision \
        stood and it is no error. Each becomes a case: the audit's case text as what the \
        moderator saw, the gold decision and codes the QA reviewer's, the section as its sop, \
        the decision day as 'sampled' and 'reviewed', the audit's import as its source, the \
        QA comment and what the moderator chose in the rationale, tags imported, \
        production-error and the kind of error. Its id is qa- and the sample id \
        (qa-s-1001; a sample id with other characters than letters, digits and hyphens gets \
        a short hash after it), so an error already made a case is skipped; a case whose text \
        is already in the bank is left out as a duplicate. Audits without case text or item \
        type, and double audits whose two reviewers disagree, are left out and named. The \
        cases go through the importer of 'cases import': personal data redacted again, every \
        case checked against the handbook and the bank and read back, all files written or \
        none, to QUIZZES/cases/<yyyy>-w<ww>/<id>.md for the week of the decision day. Errors \
        are taken most harmful first, then most recent, then by sample id.
        """,
        exitStatus: "0 cases written (with --dry-run: would be), or every error already is a case; 1 unknown section, no production errors, none could become a case, or the files could not be written; 2 usage error.",
        run: { args, console throws(UsageError) in try run(args, console: console) })

    /// Why an audited error is not made a case.
    struct LeftOut {
        var sampleID: String
        var reason: String
    }

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        let sinceDate = try PathsCommand.date(args.value(Self.since), option: "--since")
        var limitCount = Int.max
        if let n = args.value(Self.limit) {
            guard let v = Int(n), v >= 1 else { throw UsageError(message: "--limit must be a whole number of at least 1") }
            limitCount = v
        }
        let dryRun = args.flag(CasesCommand.dryRun)
        let sectionText = try SectionArgument.value(args, example: "casebook qa cases")
        guard DataPaths.exists(args.db) else {
            return console.fail("\(args.db): no records database yet; import QA audits with 'casebook qa import' (or pass --db PATH)")
        }
        guard let (handbook, bank) = DataPaths.loadBank(content: args.content, quizzes: args.quizzes, purpose: "writing cases", console: console) else {
            return ExitCode.contentErrors
        }
        guard let records = DataPaths.open(args.db, console: console) else { return ExitCode.contentErrors }
        let ref: String
        let errors: [AuditedDecision]
        let counts: SectionAuditCounts
        do {
            switch SectionArgument.resolve(sectionText, handbook: handbook) {
            case .success(let s): ref = s.ref
            case .failure(let e): return console.fail(e.message)
            }
            errors = try records.productionErrors(section: ref, since: sinceDate)
            counts = try records.auditCounts(section: ref, since: sinceDate)
        } catch {
            return console.fail(error.message)
        }
        let period = sinceDate.map { " since \($0)" } ?? ""
        guard !errors.isEmpty else {
            return console.fail("no production errors on \(ref)\(period): \(describe(counts, period: period)); nothing to make cases of")
        }

        // Which errors can become new cases.
        var already: [(sample: String, file: String)] = []
        var leftOut: [LeftOut] = []
        var candidates: [AuditedDecision] = []
        var firstOfText: [String: String] = [:]
        let caseFiles = Dictionary(bank.cases.map { ($0.id, CaseImportReport.join(args.quizzes, $0.file)) }, uniquingKeysWith: { a, _ in a })
        for e in errors {
            if let file = caseFiles[caseID(forSample: e.sampleID)] { already.append((e.sampleID, file)); continue }
            if let reason = unusable(e) { leftOut.append(LeftOut(sampleID: e.sampleID, reason: reason)); continue }
            let key = e.caseText.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if let first = firstOfText[key] {
                leftOut.append(LeftOut(sampleID: e.sampleID, reason: "the same case text as sample \(first)"))
                continue
            }
            firstOfText[key] = e.sampleID
            candidates.append(e)
        }

        // Through the importer of `cases import`, one run per audit import (the cases' source).
        var prepared: [(audit: AuditedDecision, imported: ImportedCase)] = []
        do throws(HandbookError) {
            let bySource = Dictionary(grouping: candidates.indices, by: { candidates[$0].source })
            for source in bySource.keys.sorted() {
                let indices = bySource[source] ?? []
                let importer = CaseImporter(handbook: handbook, bank: bank, quizzes: args.quizzes, source: source)
                let table = ImportTable(file: "audits of \(ref)", columns: CaseField.allCases.map(\.defaultColumn),
                                        rows: indices.map { ImportTableRow(line: $0 + 1, values: row(candidates[$0], handbook: handbook)) })
                let (imported, rejected) = try importer.prepare(table, mapping: ColumnMapping.default)
                for c in imported { prepared.append((candidates[c.line - 1], c)) }
                for r in rejected { leftOut.append(LeftOut(sampleID: candidates[r.line - 1].sampleID, reason: r.reasons.joined(separator: "; "))) }
            }
        } catch {
            CasebookCommand.report(error.diagnostics, console: console)
            return ExitCode.contentErrors
        }
        // Back in the errors' order; --limit keeps the first.
        let order = Dictionary(uniqueKeysWithValues: errors.enumerated().map { ($1.sampleID, $0) })
        prepared.sort { (order[$0.audit.sampleID] ?? 0) < (order[$1.audit.sampleID] ?? 0) }
        leftOut.sort { (order[$0.sampleID] ?? 0) < (order[$1.sampleID] ?? 0) }
        let chosen = Array(prepared.prefix(limitCount))

        for l in leftOut { console.err("casebook: \(l.sampleID): left out: \(l.reason)\n") }
        let alreadyNote = already.isEmpty ? "" : "; \(already.count) already \(already.count == 1 ? "is a case" : "are cases") (\(PathsCommand.names(already.map(\.sample))))"
        let leftNote = leftOut.isEmpty ? "" : "; \(leftOut.count) left out (above)"
        let limitNote = prepared.count > chosen.count ? "; \(prepared.count - chosen.count) more over --limit \(limitCount)" : ""
        guard !chosen.isEmpty else {
            // Run again after writing them: nothing new, and that is no failure.
            if !already.isEmpty {
                let k = already.count
                console.out("Nothing new: \(k) production error\(k == 1 ? "" : "s") on \(ref)\(period) already \(k == 1 ? "is a case" : "are cases") (\(PathsCommand.names(already.map(\.sample))))\(leftNote).\n")
                return ExitCode.success
            }
            console.err("Nothing written: none of the \(errors.count) production error\(errors.count == 1 ? "" : "s") on \(ref)\(period) could become a case\(leftNote).\n")
            return ExitCode.contentErrors
        }
        for (audit, c) in chosen {
            let redacted = c.redactions.total == 0 ? "nothing redacted" : "redacted \(c.redactions)"
            console.out("\(audit.sampleID) \(CaseImportReport.join(args.quizzes, c.file)): \(audit.outcome.name), gold \(audit.qaAction); \(redacted)\n")
        }
        let n = "\(chosen.count) case\(chosen.count == 1 ? "" : "s")"
        if dryRun {
            console.err("Dry run: \(n) from production errors on \(ref)\(period) would be written into \(CaseImportReport.join(args.quizzes, "cases"))\(alreadyNote)\(leftNote)\(limitNote); nothing was written\n")
            return ExitCode.success
        }
        do throws(HandbookError) {
            try CaseImporter(handbook: handbook, bank: bank, quizzes: args.quizzes, source: "").write(chosen.map(\.imported))
        } catch {
            CasebookCommand.report(error.diagnostics, console: console)
            return ExitCode.contentErrors
        }
        console.err("Wrote \(n) from production errors on \(ref)\(period) into \(CaseImportReport.join(args.quizzes, "cases"))\(alreadyNote)\(leftNote)\(limitNote)\n")
        return ExitCode.success
    }

    /// How the audits of a section divide, for "no production errors" messages.
    static func describe(_ c: SectionAuditCounts, period: String) -> String {
        if c.audits == 0 { return "no audit of it\(period) is in the records (import QA audits with casebook qa import)" }
        let audits = "\(c.audits) audit\(c.audits == 1 ? "" : "s")"
        if c.disagreements == 0 { return "\(audits), QA agreed with every decision" }
        return "\(audits), QA disagreed with \(c.disagreements) but an appeal overturned QA's decision on \(c.overturned == c.disagreements ? "all of them" : "\(c.overturned)")"
    }

    /// The case id of an audit's sample id: `qa-` and the id in lowercase with other
    /// characters than letters and digits as hyphens; when that changed more than the case,
    /// a short hash of the sample id follows, so two sample ids never share a case id.
    static func caseID(forSample sample: String) -> String {
        var slug = ""
        for c in sample.lowercased().unicodeScalars {
            let keep = ("a"..."z").contains(c) || ("0"..."9").contains(c)
            if keep { slug.unicodeScalars.append(c) } else if !slug.isEmpty, !slug.hasSuffix("-") { slug += "-" }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug != sample.lowercased() || slug.isEmpty {
            slug += (slug.isEmpty ? "" : "-") + String(String(Fingerprint.of(sample), radix: 16).suffix(8))
        }
        return "qa-" + slug
    }

    /// Why an error cannot be a case, or nil.
    static func unusable(_ e: AuditedDecision) -> String? {
        if e.caseText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return "no case text was imported with this audit (the case_text column of qa import); a case needs what the moderator saw"
        }
        if e.itemType.isEmpty {
            return "no item type was imported with this audit (the item_type column of qa import); a case needs its type"
        }
        if !e.secondAction.isEmpty, e.secondAction != e.qaAction || (!e.secondCodes.isEmpty && !e.qaCodes.isEmpty && Set(e.secondCodes) != Set(e.qaCodes)) {
            return "the two QA reviewers disagree (\(decision(e.qaAction, e.qaCodes)) against \(decision(e.secondAction, e.secondCodes))), so there is no agreed gold decision"
        }
        return nil
    }

    static func decision(_ action: String, _ codes: [String]) -> String {
        codes.isEmpty ? action : "\(action) \(codes.joined(separator: ", "))"
    }

    /// The import row of an error, in the default columns of `cases import`.
    static func row(_ e: AuditedDecision, handbook: Handbook) -> [String: String] {
        let lines = e.caseText.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let parts = e.section.split(separator: "#", maxSplits: 1).map(String.init)
        let sectionTitle = handbook.page(id: parts.first ?? "")?.sections.first { $0.anchor == parts.last }?.title ?? e.section
        var rationale = e.comment.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rationale.isEmpty { rationale += "\n\n" }
        rationale += "QA decided \(decision(e.qaAction, e.qaCodes)) under \(sectionTitle) (\(e.section)); in production the moderator chose "
        rationale += "\(decision(e.moderatorAction, e.moderatorCodes)) (\(e.outcome.name))."
        if e.appeal == .upheld { rationale += " An appeal upheld QA's decision." }
        rationale += " From production audit \(e.sampleID) of \(e.day)."
        let values: [CaseField: String] = [
            .id: caseID(forSample: e.sampleID), .type: e.itemType, .market: e.market, .title: title(lines.first ?? ""),
            .description: e.caseText, .decision: e.qaAction, .codes: e.qaCodes.joined(separator: "|"), .rationale: rationale,
            .sop: e.section, .sampled: e.day, .tags: "production-error \(e.outcome.name)",
        ]
        return Dictionary(uniqueKeysWithValues: values.map { ($0.key.defaultColumn, $0.value) })
    }

    /// A title from the first line of the case text: at most 80 characters, cut at a word.
    static func title(_ line: String) -> String {
        let words = line.split(whereSeparator: \.isWhitespace)
        var out = ""
        for w in words {
            if out.count + w.count + 1 > 80 { return out.isEmpty ? String(w.prefix(79)) + "…" : out + " …" }
            out += (out.isEmpty ? "" : " ") + w
        }
        return out
    }
}
