#pragma once
// The editable text of the reports: mustache templates in
// <data dir>/templates/report/, read at run time so an agency can change its
// letterhead and boilerplate without a rebuild (templates/README.md).
#include <string>
#include <vector>

#include "core/review.hpp"  // fw::Json

namespace fw::reports {

// Renders templates/report/<name>.mustache with `data` (objects, lists,
// text, true/false; numbers become text). No HTML escaping: the output is
// plain text. Throws InputError naming the template file when it is missing
// or not valid mustache.
std::string render_template(const std::string& data_dir, const std::string& name, const Json& data);

// The templates' light markup, one block per paragraph: "# " a heading,
// "## " a subheading, "- " a list entry, blank lines between paragraphs;
// **bold** inside any of them.
struct Block {
    enum class Kind { heading, subheading, paragraph, bullet };
    Kind kind = Kind::paragraph;
    std::string text;
};
std::vector<Block> parse_blocks(const std::string& text);

// The non-empty lines of a rendered template, trimmed (the letterhead).
std::vector<std::string> template_lines(const std::string& text);

}  // namespace fw::reports
