#ifndef CASEBOOK_CSQLITE_SHIM_H
#define CASEBOOK_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
