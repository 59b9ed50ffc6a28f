import Handbook

/// Reads case, question and blueprint files.
enum ItemParser {
    /// Splits a body into its H1 and H2 sections. Case text is plain text, not Markdown: it
    /// comes from real listings and is shown exactly as written, escaped.
    static func sections(_ body: String, firstLine: Int) -> (title: String, titleLine: Int, sections: [(title: String, line: Int, text: String)]) {
        var title = ""
        var titleLine = 0
        var sections: [(String, Int, [Substring])] = []
        var line = firstLine
        for raw in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if raw.hasPrefix("# "), title.isEmpty, sections.isEmpty {
                title = String(raw.dropFirst(2)).trimmingCharacters(in: .whitespaces)
                titleLine = line
            } else if raw.hasPrefix("## ") {
                sections.append((String(raw.dropFirst(3)).trimmingCharacters(in: .whitespaces), line, []))
            } else if !sections.isEmpty {
                sections[sections.count - 1].2.append(raw)
            }
            line += 1
        }
        return (title, titleLine, sections.map { ($0.0, $0.1, $0.2.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)) })
    }

    static func string(_ node: YAMLNode?, _ key: String, file: String, required: Bool = true, _ d: inout [Diagnostic], in map: YAMLNode) -> String {
        guard let node else {
            if required { d.append(Diagnostic(.error, file: file, line: map.line, column: 1, "missing '\(key):'")) }
            return ""
        }
        guard let s = node.scalar else {
            d.append(Diagnostic(.error, file: file, line: node.line, column: node.column, "'\(key)' must be a single value"))
            return ""
        }
        if required && s.isEmpty { d.append(Diagnostic(.error, file: file, line: node.line, column: node.column, "'\(key)' is empty")) }
        return s
    }

    static func list(_ node: YAMLNode?) -> [String] {
        node?.listItems?.compactMap(\.scalar).filter { !$0.isEmpty } ?? []
    }

    static func version(_ bytes: [UInt8]) -> String { String(Fingerprint.of(bytes), radix: 16) }

    static func difficulty(_ node: YAMLNode?, file: String, _ d: inout [Diagnostic]) -> Int {
        guard let node else { return 2 }
        guard let n = node.scalar.flatMap({ Int($0) }), (1...3).contains(n) else {
            d.append(Diagnostic(.error, file: file, line: node.line, column: node.column, "difficulty must be 1 (easy), 2 or 3 (hard)"))
            return 2
        }
        return n
    }

    static func status(_ node: YAMLNode?, file: String, _ d: inout [Diagnostic]) -> ItemStatus {
        guard let node, let s = node.scalar else { return .active }
        guard let st = ItemStatus(rawValue: s) else {
            d.append(Diagnostic(.error, file: file, line: node.line, column: node.column, "status '\(s)' is not one of active, draft, retired"))
            return .active
        }
        return st
    }

    static func parseCase(_ bytes: [UInt8], file: String, context: Resolution, diagnostics d: inout [Diagnostic]) -> Case? {
        let source: SourceText
        do { source = try SourceText.read(bytes, file: file) } catch { d += error.diagnostics; return nil }
        let fm = source.frontMatter
        let id = string(fm["id"], "id", file: file, &d, in: fm)
        let type = string(fm["type"], "type", file: file, &d, in: fm)
        if !type.isEmpty, !["listing", "live-stream", "seller", "review", "chat"].contains(type), let n = fm["type"] {
            d.append(Diagnostic(.error, file: file, line: n.line, column: n.column, "type '\(type)' is not one of listing, live-stream, seller, review, chat"))
        }
        let decision = string(fm["decision"], "decision", file: file, &d, in: fm)
        if !decision.isEmpty, !context.actions.isEmpty, !context.actions.contains(decision), let n = fm["decision"] {
            d.append(Diagnostic(.error, file: file, line: n.line, column: n.column, "decision '\(decision)' is not in the action list (\(context.actions.sorted().joined(separator: ", ")))"))
        }
        let codes = list(fm["codes"]).map { $0.uppercased() }
        if let n = fm["codes"] { for c in codes { context.checkCode(c, file: file, node: n, diagnostics: &d) } }
        if decision == "approve", !codes.isEmpty, let n = fm["codes"] {
            d.append(Diagnostic(.warning, file: file, line: n.line, column: n.column, "an approved case lists violated codes; approve means nothing was violated"))
        }
        let sopText = string(fm["sop"], "sop", file: file, &d, in: fm)
        var sop = SectionRef(pageID: "", anchor: "")
        if let n = fm["sop"], !sopText.isEmpty, let r = context.check(sopText, file: file, node: n, diagnostics: &d) { sop = r }
        let market = string(fm["market"], "market", file: file, &d, in: fm).uppercased()
        var media: [CaseMedia] = []
        for item in fm["media"]?.listItems ?? [] {
            let alt = item["alt"]?.scalar ?? ""
            if alt.isEmpty { d.append(Diagnostic(.error, file: file, line: item.line, column: item.column, "media needs 'alt' text describing it (screen readers, text-only review)")) }
            media.append(CaseMedia(ref: item["ref"]?.scalar ?? "", alt: alt, line: item.line))
        }
        let body = sections(source.body, firstLine: source.bodyFirstLine)
        if body.title.isEmpty { d.append(Diagnostic(.error, file: file, line: source.bodyFirstLine, "the case needs a '# Title' line: the item title as the moderator saw it")) }
        let shown = body.sections.filter { $0.title.lowercased() != "rationale" }
        let rationale = body.sections.first { $0.title.lowercased() == "rationale" }?.text ?? ""
        if rationale.isEmpty { d.append(Diagnostic(.error, file: file, line: source.bodyFirstLine, "the case needs a '## Rationale' section explaining the gold decision")) }
        if shown.isEmpty { d.append(Diagnostic(.error, file: file, line: source.bodyFirstLine, "the case needs at least one section of what the moderator saw, e.g. '## Listing'")) }
        for key in ["sampled", "reviewed"] {
            if let n = fm[key], let s = n.scalar, !s.isEmpty, PageMetadata.isoDate(s) == nil {
                d.append(Diagnostic(.error, file: file, line: n.line, column: n.column, "'\(key)' must be a date written YYYY-MM-DD"))
            }
        }
        return Case(id: id, type: type, title: body.title, source: string(fm["source"], "source", file: file, &d, in: fm),
                    sampled: fm["sampled"]?.scalar ?? "", market: market, lang: fm["lang"]?.scalar ?? "en", price: fm["price"]?.scalar ?? "",
                    decision: decision, codes: codes, sop: sop, difficulty: difficulty(fm["difficulty"], file: file, &d),
                    sensitive: (fm["sensitive"]?.scalar ?? "false").lowercased() == "true", status: status(fm["status"], file: file, &d),
                    reviewed: fm["reviewed"]?.scalar ?? "", tags: list(fm["tags"]), media: media,
                    sections: shown.map { CaseSection(title: $0.title, text: $0.text) }, rationale: rationale, file: file, version: version(bytes))
    }

    static func parseQuestion(_ bytes: [UInt8], file: String, context: Resolution, diagnostics d: inout [Diagnostic]) -> Question? {
        let source: SourceText
        do { source = try SourceText.read(bytes, file: file) } catch { d += error.diagnostics; return nil }
        let fm = source.frontMatter
        let id = string(fm["id"], "id", file: file, &d, in: fm)
        let typeText = string(fm["type"], "type", file: file, &d, in: fm)
        let type = QuestionType(rawValue: typeText) ?? .single
        if QuestionType(rawValue: typeText) == nil, let n = fm["type"] {
            d.append(Diagnostic(.error, file: file, line: n.line, column: n.column, "type '\(typeText)' is not one of single, multiple, true-false"))
        }
        // A translation (`translation_of:`) takes its sections, codes and key from the original.
        let translationOf = fm["translation_of"]?.scalar ?? ""
        var sops: [SectionRef] = []
        if let n = fm["sop"] {
            for ref in list(n) { if let r = context.check(ref, file: file, node: n, diagnostics: &d) { sops.append(r) } }
        }
        if translationOf.isEmpty {
            for key in ["source_version"] where fm[key] != nil {
                d.append(Diagnostic(.error, file: file, line: fm[key]?.line ?? 2, "'\(key)' only applies to a translation; add 'translation_of: <question id>' or remove it"))
            }
        } else {
            if fm["lang"]?.scalar?.isEmpty ?? true { d.append(Diagnostic(.error, file: file, line: fm.line, column: 1, "a translation needs 'lang:', the language it is written in, e.g. lang: th")) }
            if fm["source_version"]?.scalar?.isEmpty ?? true { d.append(Diagnostic(.error, file: file, line: fm.line, column: 1, "a translation needs 'source_version:', the original's version it translates, e.g. source_version: 1")) }
        }
        if sops.isEmpty, translationOf.isEmpty { d.append(Diagnostic(.error, file: file, line: fm["sop"]?.line ?? 2, "a question needs 'sop: [sop-id#anchor]' naming the section it tests")) }
        let codes = list(fm["codes"]).map { $0.uppercased() }
        if let n = fm["codes"] { for c in codes { context.checkCode(c, file: file, node: n, diagnostics: &d) } }
        var prompt = ""
        var options: [String] = []
        var correct = Set<Int>()
        var explanation: [Substring] = []
        var inExplanation = false
        var line = source.bodyFirstLine
        var promptLines: [Substring] = []
        for raw in source.body.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { line += 1 }
            if raw.hasPrefix("# ") && prompt.isEmpty { prompt = String(raw.dropFirst(2)); continue }
            if raw.hasPrefix("## ") { inExplanation = raw.dropFirst(3).lowercased().hasPrefix("explanation"); continue }
            if inExplanation { explanation.append(raw); continue }
            let t = raw.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("- [ ] ") || t.hasPrefix("- [x] ") || t.hasPrefix("- [X] ") {
                if t.hasPrefix("- [x]") || t.hasPrefix("- [X]") { correct.insert(options.count) }
                options.append(String(t.dropFirst(6)))
            } else if !t.isEmpty, options.isEmpty, !prompt.isEmpty {
                promptLines.append(raw)
            }
        }
        if !promptLines.isEmpty { prompt += "\n" + promptLines.joined(separator: "\n") }
        if prompt.isEmpty { d.append(Diagnostic(.error, file: file, line: source.bodyFirstLine, "the question needs a '# Question text' line")) }
        switch type {
        case .single where correct.count != 1:
            d.append(Diagnostic(.error, file: file, line: source.bodyFirstLine, "a single-choice question needs exactly one '- [x]' option (found \(correct.count))"))
        case .multiple where correct.isEmpty:
            d.append(Diagnostic(.error, file: file, line: source.bodyFirstLine, "a multiple-choice question needs at least one '- [x]' option"))
        case .trueFalse where (translationOf.isEmpty && options.map({ $0.lowercased() }).sorted() != ["false", "true"]) || correct.count != 1:
            // A translation words True and False in its language; the bank checks it keeps the original's order and key.
            d.append(Diagnostic(.error, file: file, line: source.bodyFirstLine, "a true-false question has exactly the options '- [ ] True' and '- [ ] False', one of them marked [x]"))
        default: break
        }
        if options.count < 2 { d.append(Diagnostic(.error, file: file, line: source.bodyFirstLine, "a question needs at least two options written '- [ ] text'")) }
        if let n = fm["reviewed"], let s = n.scalar, !s.isEmpty, PageMetadata.isoDate(s) == nil {
            d.append(Diagnostic(.error, file: file, line: n.line, column: n.column, "'reviewed' must be a date written YYYY-MM-DD"))
        }
        return Question(id: id, type: type, prompt: prompt, options: options, correct: correct,
                        explanation: explanation.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines),
                        sops: sops, codes: codes, difficulty: difficulty(fm["difficulty"], file: file, &d), tags: list(fm["tags"]),
                        markets: list(fm["markets"]).map { $0.uppercased() }, status: status(fm["status"], file: file, &d),
                        file: file, version: version(bytes), reviewed: fm["reviewed"]?.scalar ?? "",
                        lang: fm["lang"]?.scalar.flatMap { $0.isEmpty ? nil : $0 } ?? "en",
                        authoredVersion: fm["version"]?.scalar.flatMap { $0.isEmpty ? nil : $0 } ?? "1",
                        translationOf: translationOf, sourceVersion: fm["source_version"]?.scalar ?? "")
    }

    static func parseBlueprint(_ bytes: [UInt8], file: String, diagnostics d: inout [Diagnostic]) -> Blueprint? {
        let y: YAMLNode
        do { y = try YAMLParser.parseFile(bytes, file: file) } catch {
            d += error.diagnostics
            return nil
        }
        func int(_ key: String, _ fallback: Int, _ range: ClosedRange<Int>) -> Int {
            guard let n = y[key] else { return fallback }
            guard let v = n.scalar.flatMap({ Int($0) }), range.contains(v) else {
                d.append(Diagnostic(.error, file: file, line: n.line, column: n.column, "'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound)"))
                return fallback
            }
            return v
        }
        let defaultID = String(file.split(separator: "/").last ?? "").replacingOccurrences(of: ".yml", with: "").replacingOccurrences(of: ".yaml", with: "")
        let questions = int("questions", 10, 1...500)
        let modeText = y["mode"]?.scalar ?? "practice"
        let mode = QuizMode(rawValue: modeText) ?? .practice
        if QuizMode(rawValue: modeText) == nil, let n = y["mode"] {
            d.append(Diagnostic(.error, file: file, line: n.line, column: n.column, "mode '\(modeText)' is not practice, exam or review"))
        }
        var kinds: [QuestionKind] = []
        for k in y["kinds"]?.listItems ?? [] {
            if let s = k.scalar, let kind = QuestionKind(rawValue: s) { kinds.append(kind) } else {
                d.append(Diagnostic(.error, file: file, line: k.line, column: k.column, "kind '\(k.scalar ?? "")' is not one of decision, codes, section, knowledge"))
            }
        }
        if kinds.isEmpty { kinds = QuestionKind.allCases }
        var difficulty: [Int: Int] = [:]
        for e in y["difficulty"]?.mapEntries ?? [] {
            if let level = Int(e.key), (1...3).contains(level), let pct = e.value.scalar.flatMap({ Int($0) }) { difficulty[level] = pct } else {
                d.append(Diagnostic(.error, file: file, line: e.line, column: e.column, "difficulty is a map of level (1-3) to percent, e.g. {1: 50, 2: 35, 3: 15}"))
            }
        }
        var mix: [MixLine] = []
        for item in y["mix"]?.listItems ?? [] {
            guard let count = item["count"]?.scalar.flatMap({ Int($0) }), count > 0 else {
                d.append(Diagnostic(.error, file: file, line: item.line, column: item.column, "each mix line needs 'count: N'"))
                continue
            }
            mix.append(MixLine(name: item["name"]?.scalar ?? "mix line \(mix.count + 1)", tags: list(item["tags"]),
                               codes: list(item["codes"]).map { $0.uppercased() }, types: list(item["types"]), count: count))
        }
        let calibration = (y["calibration"]?.scalar ?? "false").lowercased() == "true"
        let cases = list(y["cases"])
        if !mix.isEmpty, mix.map(\.count).reduce(0, +) != questions, let n = y["mix"] {
            d.append(Diagnostic(.error, file: file, line: n.line, column: n.column, "the mix adds up to \(mix.map(\.count).reduce(0, +)) questions but 'questions' is \(questions); make them agree"))
        }
        let revealText = y["reveal_keys"]?.scalar ?? RevealKeys.afterLastAttempt.rawValue
        let revealKeys = RevealKeys(rawValue: revealText) ?? .afterLastAttempt
        if RevealKeys(rawValue: revealText) == nil, let n = y["reveal_keys"] {
            d.append(Diagnostic(.error, file: file, line: n.line, column: n.column,
                                "reveal_keys '\(revealText)' is not one of \(RevealKeys.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        var targetRecall = 0.85
        if let n = y["target_recall"] {
            if let v = n.scalar.flatMap({ Double($0) }), v > 0, v < 1 { targetRecall = v } else {
                d.append(Diagnostic(.error, file: file, line: n.line, column: n.column, "'target_recall' must be a fraction between 0 and 1, e.g. 0.85"))
            }
            if mode != .review {
                d.append(Diagnostic(.error, file: file, line: n.line, column: n.column, "'target_recall' only applies to 'mode: review' blueprints; remove it or set mode: review"))
            }
        }
        if mode == .review && calibration, let n = y["calibration"] {
            d.append(Diagnostic(.error, file: file, line: n.line, column: n.column, "a review blueprint draws each learner's own due items; it cannot be a calibration blueprint"))
        }
        let adaptiveText = (y["adaptive"]?.scalar ?? "false").lowercased()
        let adaptive = adaptiveText == "true"
        if adaptiveText != "true" && adaptiveText != "false", let n = y["adaptive"] {
            d.append(Diagnostic(.error, file: file, line: n.line, column: n.column, "'adaptive' must be true or false"))
        }
        if adaptive && mode == .review, let n = y["adaptive"] {
            d.append(Diagnostic(.error, file: file, line: n.line, column: n.column, "a review blueprint draws each learner's own due items; it cannot be adaptive (remove 'adaptive: true' or set mode: exam or practice)"))
        }
        if adaptive && calibration, let n = y["adaptive"] {
            d.append(Diagnostic(.error, file: file, line: n.line, column: n.column, "a calibration blueprint gives everyone the same listed cases; it cannot be adaptive (remove 'adaptive: true' or 'calibration: true')"))
        }
        var targetSE = 0.3
        if let n = y["target_se"] {
            if let v = n.scalar.flatMap({ Double($0) }), v.isFinite, v >= Blueprint.targetSERange.lowerBound, v <= Blueprint.targetSERange.upperBound { targetSE = v } else {
                d.append(Diagnostic(.error, file: file, line: n.line, column: n.column,
                                    "'target_se' must be a standard error in logits from \(Blueprint.targetSERange.lowerBound) to \(Blueprint.targetSERange.upperBound) (the ability prior's is 1), e.g. 0.3"))
            }
            if !adaptive {
                d.append(Diagnostic(.error, file: file, line: n.line, column: n.column, "'target_se' only applies to adaptive blueprints; remove it or add 'adaptive: true'"))
            }
        }
        var maxExposure = 1.0
        if let n = y["max_exposure"] {
            if let v = n.scalar.flatMap({ Double($0) }), v.isFinite, v > 0, v <= 1 { maxExposure = v } else {
                d.append(Diagnostic(.error, file: file, line: n.line, column: n.column,
                                    "'max_exposure' must be a fraction above 0 and at most 1: the most of the blueprint's recent adaptive exams that may ask one item, e.g. 0.3 (1: no cap)"))
            }
            if !adaptive {
                d.append(Diagnostic(.error, file: file, line: n.line, column: n.column, "'max_exposure' only applies to adaptive blueprints; remove it or add 'adaptive: true'"))
            }
        }
        if calibration && cases.isEmpty {
            d.append(Diagnostic(.error, file: file, line: y["calibration"]?.line ?? 1, "a calibration blueprint lists its cases: cases: [id, ...]"))
        }
        return Blueprint(id: y["id"]?.scalar ?? defaultID, title: y["title"]?.scalar ?? defaultID, description: y["description"]?.scalar ?? "",
                         questions: questions, mode: mode, passMark: int("pass_mark", 70, 0...100), timeLimit: int("time_limit", 0, 0...600),
                         attempts: int("attempts", 0, 0...1000), noRepeatDays: int("no_repeat_days", 0, 0...3650),
                         markets: list(y["markets"]).map { $0.uppercased() }, kinds: kinds, difficulty: difficulty, mix: mix,
                         calibration: calibration, cases: cases, file: file, revealKeys: revealKeys, targetRecall: targetRecall,
                         adaptive: adaptive, targetSE: targetSE, maxExposure: maxExposure)
    }
}
