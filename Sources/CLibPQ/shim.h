#ifndef CASEBOOK_CLIBPQ_SHIM_H
#define CASEBOOK_CLIBPQ_SHIM_H
// Debian puts libpq-fe.h under postgresql/; pkg-config's -I makes the bare name work too.
#include <libpq-fe.h>
#endif
