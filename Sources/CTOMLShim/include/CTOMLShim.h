#ifndef CASEBOOK_CTOMLSHIM_H
#define CASEBOOK_CTOMLSHIM_H
// A C interface to toml++ (a C++ library; Swift imports this header without C++ interop).
// ctoml_parse reads a TOML document into a flat list of nodes in document order, each table
// or array followed by its children; Handbook/TOML.swift builds its tree from the list.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What a node is.
typedef enum __attribute__((enum_extensibility(closed))) ctoml_kind {
    CTOML_TABLE,
    CTOML_ARRAY,
    CTOML_STRING,
    CTOML_INTEGER,
    CTOML_FLOAT,
    CTOML_BOOLEAN,
    CTOML_DATE,
    CTOML_TIME,
    CTOML_DATE_TIME,
} ctoml_kind;

/// One node of a parsed document. Text is UTF-8, `*_length` bytes, not NUL-terminated, and
/// lives as long as the document. Lines and columns are 1-based (columns count code points).
typedef struct ctoml_node {
    ctoml_kind kind;
    /// The key of a table's entry, NULL for an array's item and for the root table.
    const char *key;
    size_t key_length;
    uint32_t key_line, key_column;
    /// A scalar's text: a string's value, an integer in decimal, `true`/`false`, a float,
    /// date, time or date-time as the document writes it. NULL for tables and arrays.
    const char *text;
    size_t text_length;
    /// Where the value starts (a `[table]` header's line for a table).
    uint32_t line, column;
    /// A table's entries or an array's items: how many nodes of the next level follow
    /// (each followed by its own children). Entries are in the order the document writes them.
    size_t children;
} ctoml_node;

/// A parsed document or the reason it could not be parsed.
typedef struct ctoml_document ctoml_document;

/// Parses `length` bytes of TOML. NULL only when memory runs out; otherwise free the result
/// with ctoml_free, and check ctoml_error first.
ctoml_document *ctoml_parse(const char *text, size_t length);

/// The parser's description of what is wrong, with its line and column, or NULL when the
/// document was read.
const char *ctoml_error(const ctoml_document *document, uint32_t *line, uint32_t *column);

/// The nodes, the root table first (0 when the document could not be read).
size_t ctoml_node_count(const ctoml_document *document);
const ctoml_node *ctoml_nodes(const ctoml_document *document);

void ctoml_free(ctoml_document *document);

#ifdef __cplusplus
}
#endif
#endif
