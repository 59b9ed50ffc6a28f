import Handbook
import Quiz
import Records

/// The quiz player in the learner's language (issue 19): the language chosen for them or by
/// them, else their browser's; the generated prompts and action labels of a drawn question;
/// and the SOP link after an answer, to the translation they read.
///
/// A drawn question is stored as drawn (in English, the bank's language); it is translated
/// when shown, so the record of what was asked stays one text and a learner who changes
/// language mid-attempt sees the rest in the new one.
extension CasebookApp {
    /// The language the player speaks to `p`: the one in their user record, else the best of
    /// the request's `Accept-Language` that has a catalogue, else English.
    func language(_ p: Principal, _ r: HTTPRequest) throws -> Localized {
        let chosen = try records.userLanguage(id: p.id)
        if !chosen.isEmpty { return messages.localized(chosen) }
        if let header = r.headers["accept-language"], let lang = messages.negotiate(acceptLanguage: header) {
            return messages.localized(lang)
        }
        return messages.localized(Messages.fallbackLanguage)
    }

    /// `POST /api/me/language {"lang": "th"}`: the signed-in user's own choice ("" to follow
    /// the browser again).
    func setLanguage(_ r: HTTPRequest, _ p: Principal) throws -> HTTPResponse {
        let body = try RequestBody.decode(LanguageRequest.self, from: r.body, expected: "{\"lang\": \"th\"}")
        let lang = Messages.normalized(body.lang)
        guard lang.isEmpty || messages.supports(lang) else {
            throw APIError(status: 400, message: "no interface language '\(body.lang)'; choose one of \(messages.languages.joined(separator: ", "))",
                           key: "error.no_language", values: ["lang": body.lang, "languages": messages.languages.joined(separator: ", ")])
        }
        try records.setUserLanguage(id: p.id, lang: messages.catalog(for: lang)?.language ?? "")
        return try me(p, r)
    }

    /// `GET /api/me`: who is signed in, and the language the player speaks to them.
    func me(_ p: Principal, _ r: HTTPRequest) throws -> HTTPResponse {
        let t = try language(p, r)
        let languages = messages.languages.compactMap { messages.catalogs[$0] }.map { MeReply.Language(code: $0.language, name: $0.name) }
        return json(200, MeReply(id: p.id, role: p.role.rawValue, team: p.team, market: p.market, lang: t.language, dir: t.direction, languages: languages))
    }

    /// The prompt and option labels of `item` as a learner reading `t` sees them. Prompts
    /// Casebook generated and the labels of actions, "no policy violated" and SOP sections
    /// are translated; authored questions, and everything in English, stay as drawn.
    func shown(_ item: QuizItem, _ t: Localized) -> (prompt: String, options: [String]) {
        if item.kind == .knowledge, let translation = bank.translation(of: item.itemID, in: t.language) {
            // The drawn options are the original's in shuffled order, keyed by their letter.
            let options = item.optionKeys.enumerated().map { i, key in
                QuizDrawer.optionIndex(key).flatMap { translation.options.indices.contains($0) ? translation.options[$0] : nil } ?? item.options[i]
            }
            return (translation.prompt, options)
        }
        guard t.language != Messages.fallbackLanguage, let caseID = item.caseID else { return (item.prompt, item.options) }
        let noun = bankCase(caseID).map { t("quiz.noun." + $0.type) } ?? ""
        let promptKey: String
        switch item.kind {
        case .decision: promptKey = "quiz.prompt_decision"
        case .codes: promptKey = "quiz.prompt_codes"
        case .section: promptKey = "quiz.prompt_section"
        case .knowledge: return (item.prompt, item.options)
        }
        let prompt = t.message(promptKey) != nil && !noun.isEmpty ? t(promptKey, ["noun": noun]) : item.prompt
        var options = item.options
        for (i, key) in item.optionKeys.enumerated() where i < options.count {
            switch item.kind {
            case .decision:
                if let action = bank.actions.first(where: { $0.id == key }) { options[i] = action.label(in: t.language) }
            case .codes:
                if key == QuizDrawer.noViolation, t.message("quiz.no_violation") != nil { options[i] = t("quiz.no_violation") }
                else if let code = handbook.codes[key], let title = translatedSection(pageID: code.pageID, anchor: code.anchor, t)?.title {
                    options[i] = title.hasPrefix(key) ? title : key + " " + title
                }
            case .section:
                if let ref = SectionRef(key), let found = translatedSection(pageID: ref.pageID, anchor: ref.anchor, t) {
                    options[i] = "\(found.page.title) › \(found.title)"
                }
            case .knowledge: break
            }
        }
        return (prompt, options)
    }

    /// The explanation after an answer to `item`: the translation's when the learner reads one.
    func shownExplanation(_ item: QuizItem?, _ t: Localized, drawn: String) -> String {
        guard let item, item.kind == .knowledge, let translation = bank.translation(of: item.itemID, in: t.language), !translation.explanation.isEmpty else { return drawn }
        return translation.explanation
    }

    /// The language `item` is shown in to a learner reading `t`, and the id of the authored
    /// translation shown ("" for none): what `shown_languages` records.
    func shownLanguage(_ item: QuizItem, _ t: Localized) -> (lang: String, translation: String) {
        if item.kind == .knowledge {
            if let translation = bank.translation(of: item.itemID, in: t.language) { return (Messages.normalized(translation.lang), translation.id) }
            return (Messages.normalized(bank.questions.first { $0.id == item.itemID }?.lang ?? Messages.fallbackLanguage), "")
        }
        return (t.language, "")
    }

    /// The published translation of page `pageID` in `t`'s language, if it has one.
    func translation(pageID: String, _ t: Localized) -> PageSummary? {
        guard t.language != Messages.fallbackLanguage else { return nil }
        let base = t.language.split(separator: "-").first.map(String.init) ?? t.language
        return handbook.translations(of: pageID).first {
            (Messages.normalized($0.meta.lang) == t.language || Messages.normalized($0.meta.lang) == base) && $0.isPublished(includeDrafts: handbook.includeDrafts)
        }
    }

    /// The translation of page `pageID` in `t`'s language and its section `anchor`, when
    /// both exist and the translation is published.
    func translatedSection(pageID: String, anchor: String, _ t: Localized) -> (page: PageSummary, title: String)? {
        guard t.language != Messages.fallbackLanguage else { return nil }
        let base = t.language.split(separator: "-").first.map(String.init) ?? t.language
        for page in handbook.translations(of: pageID) where Messages.normalized(page.meta.lang) == t.language || Messages.normalized(page.meta.lang) == base {
            guard page.isPublished(includeDrafts: handbook.includeDrafts), let section = page.sections.first(where: { $0.anchor == anchor }) else { continue }
            return (page, section.title)
        }
        return nil
    }

    /// The link after an answer to section `s`: in the learner's language when that
    /// translation exists and has the section, else the original.
    func sectionLink(_ s: SectionRef, _ t: Localized) -> FeedbackReply.Section {
        if let found = translatedSection(pageID: s.pageID, anchor: s.anchor, t) {
            return .init(ref: s.description, url: "/sop/\(found.page.meta.id).html#\(s.anchor)", title: "\(found.page.title) › \(found.title)", lang: found.page.meta.lang)
        }
        let page = handbook.page(id: s.pageID)
        return .init(ref: s.description, url: "/sop/\(s.pageID).html#\(s.anchor)",
                     title: "\(page?.title ?? s.pageID) › \(page?.sections.first { $0.anchor == s.anchor }?.title ?? s.anchor)",
                     lang: t.language == Messages.fallbackLanguage ? nil : page?.meta.lang)
    }
}
