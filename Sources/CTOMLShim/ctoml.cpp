// toml++ behind a C interface (see include/CTOMLShim.h): the one file that includes it.
#include "CTOMLShim.h"

#include <toml++/toml.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

struct ctoml_document {
    /// The document's text: floats and dates are given as it writes them.
    std::string source;
    /// The byte offset of each line's start in `source` (line 1 first).
    std::vector<size_t> lineStarts;
    toml::table root;
    std::vector<ctoml_node> nodes;
    /// Texts made here (integers in decimal, booleans, dates the source cannot give).
    std::deque<std::string> texts;
    std::string error;
    uint32_t errorLine = 0, errorColumn = 0;
    bool failed = false;

    /// The bytes of `source` from `begin` to `end` (a value on one line), if it has them.
    std::string_view written(const toml::source_region &region) const {
        if (region.begin.line == 0 || region.begin.line != region.end.line || region.end.column <= region.begin.column ||
            region.begin.line > lineStarts.size()) return {};
        size_t offset = lineStarts[region.begin.line - 1];
        size_t lineEnd = source.find('\n', offset);
        if (lineEnd == std::string::npos) lineEnd = source.size();
        // Columns count code points: step over UTF-8 continuation bytes.
        auto advance = [&](size_t at, uint32_t codePoints) {
            while (codePoints > 0 && at < lineEnd) {
                ++at;
                while (at < lineEnd && (static_cast<unsigned char>(source[at]) & 0xC0) == 0x80) ++at;
                --codePoints;
            }
            return codePoints == 0 ? at : std::string::npos;
        };
        size_t start = advance(offset, region.begin.column - 1);
        if (start == std::string::npos) return {};
        size_t stop = advance(start, region.end.column - region.begin.column);
        if (stop == std::string::npos) return {};
        return std::string_view(source).substr(start, stop - start);
    }

    ctoml_node &add(const toml::node &value, const toml::key *key) {
        ctoml_node node{};
        if (key) {
            node.key = key->str().data();
            node.key_length = key->str().size();
            node.key_line = key->source().begin.line;
            node.key_column = key->source().begin.column;
        }
        node.line = value.source().begin.line;
        node.column = value.source().begin.column;
        nodes.push_back(node);
        return nodes.back();
    }

    void setText(size_t index, std::string_view text) {
        nodes[index].text = text.data();
        nodes[index].text_length = text.size();
    }

    /// Appends `value` and everything under it.
    void walk(const toml::node &value, const toml::key *key) {
        size_t index = nodes.size();
        add(value, key);
        if (const toml::table *table = value.as_table()) {
            nodes[index].kind = CTOML_TABLE;
            // toml::table is ordered by key; the document's order is the keys' positions.
            std::vector<std::pair<const toml::key *, const toml::node *>> entries;
            for (auto &&[k, v] : *table) entries.emplace_back(&k, &v);
            std::stable_sort(entries.begin(), entries.end(), [](const auto &a, const auto &b) {
                const auto &pa = a.first->source().begin, &pb = b.first->source().begin;
                return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
            });
            nodes[index].children = entries.size();
            for (const auto &[k, v] : entries) walk(*v, k);
        } else if (const toml::array *array = value.as_array()) {
            nodes[index].kind = CTOML_ARRAY;
            nodes[index].children = array->size();
            for (const toml::node &item : *array) walk(item, nullptr);
        } else if (auto s = value.as_string()) {
            nodes[index].kind = CTOML_STRING;
            setText(index, s->get());
        } else if (auto i = value.as_integer()) {
            nodes[index].kind = CTOML_INTEGER;
            setText(index, texts.emplace_back(std::to_string(i->get())));
        } else if (auto b = value.as_boolean()) {
            nodes[index].kind = CTOML_BOOLEAN;
            setText(index, b->get() ? "true" : "false");
        } else {
            // A float, date, time or date-time: as written (`version = 1.0` stays "1.0",
            // `1979-05-27 07:32:00Z` keeps its space), else as toml++ prints it.
            switch (value.type()) {
            case toml::node_type::floating_point: nodes[index].kind = CTOML_FLOAT; break;
            case toml::node_type::date: nodes[index].kind = CTOML_DATE; break;
            case toml::node_type::time: nodes[index].kind = CTOML_TIME; break;
            default: nodes[index].kind = CTOML_DATE_TIME; break;
            }
            std::string_view text = written(value.source());
            if (text.empty()) {
                std::ostringstream out;
                value.visit([&](auto &&v) {
                    if constexpr (toml::is_value<decltype(v)>) out << v;
                });
                text = texts.emplace_back(out.str());
            }
            setText(index, text);
        }
    }
};

extern "C" ctoml_document *ctoml_parse(const char *text, size_t length) {
    try {
        auto document = std::make_unique<ctoml_document>();
        document->source.assign(text, length);
        document->lineStarts.push_back(0);
        for (size_t i = 0; i < length; ++i)
            if (text[i] == '\n') document->lineStarts.push_back(i + 1);
        try {
            document->root = toml::parse(std::string_view(document->source), std::string_view());
        } catch (const toml::parse_error &error) {
            document->failed = true;
            document->error = std::string(error.description());
            document->errorLine = error.source().begin.line;
            document->errorColumn = error.source().begin.column;
            return document.release();
        }
        document->walk(document->root, nullptr);
        return document.release();
    } catch (...) {
        // std::bad_alloc: nothing else is thrown once the text is parsed.
        return nullptr;
    }
}

extern "C" const char *ctoml_error(const ctoml_document *document, uint32_t *line, uint32_t *column) {
    if (!document->failed) return nullptr;
    *line = document->errorLine;
    *column = document->errorColumn;
    return document->error.c_str();
}

extern "C" size_t ctoml_node_count(const ctoml_document *document) { return document->nodes.size(); }

extern "C" const ctoml_node *ctoml_nodes(const ctoml_document *document) { return document->nodes.data(); }

extern "C" void ctoml_free(ctoml_document *document) { delete document; }
