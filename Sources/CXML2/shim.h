#ifndef CASEBOOK_CXML2_SHIM_H
#define CASEBOOK_CXML2_SHIM_H
// libxml2: the XML parts of Word documents (.docx). Read with XML_PARSE_NONET and without
// entity substitution or DTD loading, so a document cannot make the import fetch anything.
//
// Debian builds libxml2 with ICU, so <libxml/encoding.h> would pull in the system's ICU headers
// (<unicode/ucnv.h>). Foundation carries its own ICU as the module _FoundationICU, and Clang
// refuses two different definitions of UErrorCode in one Swift module ("has different
// definitions in different modules"). Casebook never touches libxml2's ICU converters (the
// parts are UTF-8 and UTF-16, which libxml2 decodes itself), so the ICU declarations are left
// out: the only change is that xmlCharEncodingHandler, never used from Swift, loses its two
// trailing ICU pointers in this view of it.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

// xmlFree is a global function pointer (a mutable variable to Swift 6): called through C.
static inline void casebook_xml_free(void *p) {
    xmlFree(p);
}
#endif
