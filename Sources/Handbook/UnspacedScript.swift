/// Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, Japanese kana and
/// Chinese characters. Search indexes them as character bigrams; word diffs split them into
/// words with ICU's dictionaries.
public enum UnspacedScript {
    /// Whether `s` belongs to one of those scripts. Inlinable: search's analyser asks it of
    /// every letter it indexes.
    @inlinable
    public static func contains(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x0E00 { return false }
        switch s.value {
        case 0x0E00...0x0EFF, 0x1000...0x109F, 0x1780...0x17FF, 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF:
            return true
        default:
            return false
        }
    }
}
