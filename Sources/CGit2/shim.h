#ifndef CASEBOOK_CGIT2_SHIM_H
#define CASEBOOK_CGIT2_SHIM_H
#include <git2.h>
#endif
