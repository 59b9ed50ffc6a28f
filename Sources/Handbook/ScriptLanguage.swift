/// The language a text is written in, when its script says so beyond doubt: Thai, Lao, Khmer
/// and Myanmar scripts, Korean Hangul, Japanese kana, and Vietnamese (Latin letters only
/// Vietnamese uses: ơ, ư, ă, đ and the stacked tone marks). Nil otherwise (English, Indonesian
/// and Malay share one alphabet; Han alone may be Chinese or Japanese): a page is better left
/// without `lang` than given a wrong one, which a screen reader would read in the wrong voice.
enum ScriptLanguage {
    static func guess(_ text: String) -> String? {
        var letters = 0
        var counts: [String: Int] = [:]
        for scalar in text.unicodeScalars {
            let v = scalar.value
            // Speed: most text of most pages is ASCII, whose letters are known without Unicode's tables.
            if v < 0x80 {
                if (v | 0x20) >= 0x61, (v | 0x20) <= 0x7A { letters += 1 }
                continue
            }
            guard scalar.properties.isAlphabetic else { continue }
            letters += 1
            switch v {
            case 0x0E00...0x0E7F: counts["th", default: 0] += 1
            case 0x0E80...0x0EFF: counts["lo", default: 0] += 1
            case 0x1780...0x17FF, 0x19E0...0x19FF: counts["km", default: 0] += 1
            case 0x1000...0x109F: counts["my", default: 0] += 1
            case 0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F: counts["ko", default: 0] += 1
            case 0x3040...0x30FF: counts["ja", default: 0] += 1
            case 0x0102, 0x0103, 0x0110, 0x0111, 0x01A0, 0x01A1, 0x01AF, 0x01B0, 0x1EA0...0x1EF9: counts["vi", default: 0] += 1
            default: break
            }
        }
        guard letters >= 20 else { return nil }
        // A script of its own: most of the letters. Vietnamese: its own letters are a few in
        // every sentence (about one in six letters of running text), never in English.
        if let (lang, n) = counts.filter({ $0.key != "vi" && $0.key != "ja" }).max(by: { $0.value < $1.value }), n * 2 > letters { return lang }
        if let kana = counts["ja"], kana * 5 > letters { return "ja" }
        if let vi = counts["vi"], vi * 20 > letters { return "vi" }
        return nil
    }
}
