#pragma once
// Two people, one review: an edit made against an older revision, compared
// with what was saved since, value by value (a column of the reviews row or
// of one child row), so that edits of different items, or of different
// reviewers' work on one item, both stand.
#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/image.hpp"

namespace fw::storage::detail {

struct Clash {
    std::string label;  // "services.4", "the final report date", "action plan row 2"
};

// What `mine` changed from `base` that the review `now` has changed too,
// differently. Empty when the edit can be applied to `now`.
std::vector<Clash> conflicts(const ReviewImage& base, const ReviewImage& mine, const ReviewImage& now);

// "services.4 was changed by reviewer2 at 10:42 ...", from the audit rows
// of the revisions after `since`.
std::string conflict_message(Database::Impl& impl, std::int64_t review_id, std::int64_t since,
                             const std::vector<Clash>& clashes);

}  // namespace fw::storage::detail
