#pragma once
// The review file, version 1 (shared/spec/review-file.md): reading with every
// wrong value named by its JSON pointer, and lossless writing.
#include <string>
#include <vector>

#include "error.hpp"
#include "policy.hpp"
#include "rulebook.hpp"
#include "review.hpp"
#include "scale.hpp"

namespace fw {

class Catalog;

inline constexpr const char* kReviewFormat = "ips-fidelity-review";
inline constexpr int kReviewVersion = 1;

// Parses the JSON and reads every field, checking types and formats (dates,
// scores, enumerations). Does not check the review against its scale and
// policy: see check_review in rulebook.hpp. Throws InputError (all problems found).
Review parse_review(const std::string& text, const std::string& file);

// Reads, parses and checks a review file against the rulebook; the scale and
// policy come from the catalog. Throws InputError naming the file and the place.
Review read_review_file(const std::string& path, Catalog& catalog);
// The same for text already in memory (`file` names it in messages).
Review read_review_text(const std::string& text, const std::string& file, Catalog& catalog);

// The file's text: known fields in the spec's order, unknown ones after them.
std::string write_review(const Review& review);

// RFC 6901 escaping of one reference token.
std::string pointer_token(std::string_view key);

}  // namespace fw
