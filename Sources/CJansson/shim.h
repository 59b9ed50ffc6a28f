#ifndef CASEBOOK_CJANSSON_SHIM_H
#define CASEBOOK_CJANSSON_SHIM_H
#include <jansson.h>

// json_decref is a static inline function with an atomic reference count in the header;
// Swift imports it, but this wrapper keeps the one call site plain.
static inline void casebook_json_free(json_t *json) { json_decref(json); }
#endif
