#ifndef CASEBOOK_CWORDBREAK_H
#define CASEBOOK_CWORDBREAK_H
// Word boundaries from ICU's word break iterator (Debian's libicu), which splits scripts
// written without spaces (Thai, Lao, Khmer, Myanmar, Chinese, Japanese) with its dictionaries.
//
// Only plain C types cross this header: Foundation carries its own ICU (_FoundationICU), and a
// Swift module that saw both sets of ICU declarations would be refused by Clang (see
// CXML2/shim.h). The ICU calls stay in word_break.c.
#include <stdint.h>

/// A word break iterator, opened once and used for many texts (opening one costs far more than
/// splitting a few words). Not for two threads at once.
typedef struct casebook_word_breaker casebook_word_breaker;

/// Opens a word break iterator; NULL when ICU cannot (its data missing).
casebook_word_breaker *casebook_word_breaker_open(void);
void casebook_word_breaker_close(casebook_word_breaker *breaker);

/// Writes the word boundaries of `text` (`length` bytes of UTF-8) into `out`, as byte offsets:
/// the first is 0, the last is `length`. Returns how many there are; when that is more than
/// `capacity`, only `capacity` were written and the caller asks again with more room. Returns
/// -1 when ICU refuses the text.
int32_t casebook_word_boundaries(casebook_word_breaker *breaker, const uint8_t *text, int32_t length, int32_t *out, int32_t capacity);

#endif
