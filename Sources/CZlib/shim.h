#ifndef CASEBOOK_CZLIB_SHIM_H
#define CASEBOOK_CZLIB_SHIM_H
#include <zlib.h>

// zlib's inflateInit is a macro (it passes the library version and the stream's size to
// inflateInit_), which Swift cannot import.
static inline int casebook_inflate_init(z_streamp stream) {
    return inflateInit(stream);
}
#endif
