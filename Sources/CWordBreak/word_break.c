#include "CWordBreak.h"
#include <stdlib.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

struct casebook_word_breaker {
    UBreakIterator *iterator;
};

casebook_word_breaker *casebook_word_breaker_open(void) {
    UErrorCode status = U_ZERO_ERROR;
    // The root locale: ICU picks each script's dictionary from the text itself.
    UBreakIterator *it = ubrk_open(UBRK_WORD, "", NULL, 0, &status);
    if (U_FAILURE(status) || it == NULL) {
        return NULL;
    }
    casebook_word_breaker *breaker = malloc(sizeof *breaker);
    if (breaker == NULL) {
        ubrk_close(it);
        return NULL;
    }
    breaker->iterator = it;
    return breaker;
}

void casebook_word_breaker_close(casebook_word_breaker *breaker) {
    if (breaker == NULL) {
        return;
    }
    ubrk_close(breaker->iterator);
    free(breaker);
}

int32_t casebook_word_boundaries(casebook_word_breaker *breaker, const uint8_t *text, int32_t length, int32_t *out, int32_t capacity) {
    // The UTF-8 text is read in place (no UTF-16 copy); boundaries come back as byte offsets.
    UErrorCode status = U_ZERO_ERROR;
    UText *utext = utext_openUTF8(NULL, (const char *)text, length, &status);
    if (U_FAILURE(status)) {
        return -1;
    }
    ubrk_setUText(breaker->iterator, utext, &status);
    if (U_FAILURE(status)) {
        utext_close(utext);
        return -1;
    }
    int32_t count = 0;
    for (int32_t b = ubrk_first(breaker->iterator); b != UBRK_DONE; b = ubrk_next(breaker->iterator)) {
        if (count < capacity) {
            out[count] = b;
        }
        count++;
    }
    utext_close(utext);
    return count;
}
