#pragma once
// Reading JSON into the ordered Json of review.hpp in time linear in the
// text, whatever its shape. nlohmann's own parser looks every key up in the
// object built so far, which for an ordered object is a linear search: a
// file with 100,000 keys in one object took minutes.
#include <string>

#include "review.hpp"

namespace fw {

// Throws InputError naming `file` and the place: a syntax error by line and
// column; a key that appears twice, a number beyond any type's range and
// nesting deeper than `max_depth` by JSON pointer.
Json read_json(const std::string& text, const std::string& file, int max_depth = 40);
// The same, read from a file as it is parsed (the text is never held whole);
// refuses a file larger than `max_bytes`, and a folder.
Json read_json_file(const std::string& path, std::size_t max_bytes, int max_depth = 40);

// Adds a member at the end of an object without looking for the key: the
// caller knows it is not there yet.
void append_member(Json& object, std::string key, Json value);

}  // namespace fw
