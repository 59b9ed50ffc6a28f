#ifndef CASEBOOK_CSTEMMER_SHIM_H
#define CASEBOOK_CSTEMMER_SHIM_H
// Debian's libstemmer-dev ships no pkg-config file, so the header is included directly.
#include <libstemmer.h>
#endif
