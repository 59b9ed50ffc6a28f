#ifndef CASEBOOK_CZIP_SHIM_H
#define CASEBOOK_CZIP_SHIM_H
// libzip: reading the ZIP container of Word documents (.docx), and writing one in tests.
#include <zip.h>
#endif
