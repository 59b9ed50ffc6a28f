#ifndef CASEBOOK_CXML2_SHIM_H
#define CASEBOOK_CXML2_SHIM_H
// libxml2: the XML parts of Word documents (.docx). Read with XML_PARSE_NONET and without
// entity substitution or DTD loading, so a document cannot make the import fetch anything.
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

// xmlFree is a global function pointer (a mutable variable to Swift 6): called through C.
static inline void casebook_xml_free(void *p) {
    xmlFree(p);
}
#endif
