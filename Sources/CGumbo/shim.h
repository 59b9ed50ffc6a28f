#ifndef CASEBOOK_CGUMBO_SHIM_H
#define CASEBOOK_CGUMBO_SHIM_H
#include <gumbo.h>
#endif
