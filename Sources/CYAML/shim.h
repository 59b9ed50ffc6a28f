#ifndef CASEBOOK_CYAML_SHIM_H
#define CASEBOOK_CYAML_SHIM_H
#include <yaml.h>
#endif
