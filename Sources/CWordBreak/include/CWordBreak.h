#ifndef CASEBOOK_CWORDBREAK_H
#define CASEBOOK_CWORDBREAK_H
// Word boundaries from ICU's word break iterator (Debian's libicu), which splits scripts
// written without spaces (Thai, Lao, Khmer, Myanmar, Chinese, Japanese) with its dictionaries.
//
// Only plain C types cross this header: Foundation carries its own ICU (_FoundationICU), and a
// Swift module that saw both sets of ICU declarations would be refused by Clang (see
// CXML2/shim.h). The ICU calls stay in word_break.c.
#include <stdint.h>

/// Writes the word boundaries of `text` (`length` UTF-16 code units) into `out`, as offsets in
/// code units: the first is 0, the last is `length`. Returns how many there are; when that is
/// more than `capacity`, only `capacity` were written and the caller asks again with more room.
/// Returns -1 when ICU cannot open the iterator (its data missing).
int32_t casebook_word_boundaries(const uint16_t *text, int32_t length, int32_t *out, int32_t capacity);

#endif
