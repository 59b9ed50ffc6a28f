#include "CWordBreak.h"
#include <unicode/ubrk.h>

int32_t casebook_word_boundaries(const uint16_t *text, int32_t length, int32_t *out, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    // The root locale: ICU picks each script's dictionary from the text itself.
    UBreakIterator *it = ubrk_open(UBRK_WORD, "", (const UChar *)text, length, &status);
    if (U_FAILURE(status) || it == NULL) {
        return -1;
    }
    int32_t count = 0;
    for (int32_t b = ubrk_first(it); b != UBRK_DONE; b = ubrk_next(it)) {
        if (count < capacity) {
            out[count] = b;
        }
        count++;
    }
    ubrk_close(it);
    return count;
}
