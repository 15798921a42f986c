#pragma once
// A review as table rows (its "image"): the reviews row's own columns and,
// per child table, a map from each row's key to its other columns. Loading
// decodes an image read from the tables; writing encodes the review before
// and after an edit and writes only the rows whose image changed. Keeping
// both directions in one place is what makes the round trip lossless.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "core/review.hpp"

namespace fw::storage::detail {

// Attachment bytes: shared, so that encoding a review does not copy them
// and an unchanged attachment compares equal without reading it.
struct Blob {
    Bytes bytes;
    bool operator==(const Blob& o) const { return bytes == o.bytes; }
    bool operator<(const Blob& o) const { return bytes.str() < o.bytes.str(); }
};

using Value = std::variant<std::monostate, std::int64_t, std::string, Blob>;
using Row = std::vector<Value>;
using Image = std::map<Row, Row>;  // key columns -> value columns

// Columns of `reviews` that hold the review itself (not ids, summary or times).
enum HeaderColumn {
    h_scale_id, h_policy_id, h_policy_given,
    h_agency, h_team, h_lme_mco, h_county, h_program_start_date, h_program_extra, h_program_implementation_plan,
    h_type, h_visit_start, h_visit_end, h_draft_report_date, h_final_report_date,
    h_reevaluation_criteria, h_review_extra, h_extra,
    h_count
};
extern const std::array<const char*, h_count> kHeaderColumns;

// Columns of `reviews` computed by fw::summarize (and fw::due_after) at each
// write, so that lists need no scale.
extern const std::array<const char*, 13> kSummaryColumns;

struct TableDef {
    const char* name;
    std::vector<const char*> keys;    // after review_id
    std::vector<const char*> values;
};

// Parents before children.
enum ChildTable { t_reviewers, t_ratings, t_reviewer_scores, t_reviewer_work, t_contests, t_attachments,
                  t_amendments, t_action_plan, t_count };
extern const std::array<TableDef, t_count> kTables;

struct ReviewImage {
    Row header;
    std::array<Image, t_count> tables;
};

ReviewImage encode(const Review& review);
// Throws std::runtime_error when a stored value cannot be read back (a
// damaged or hand-edited row).
Review decode(ReviewImage&& image);

// A program's implementation-plan meeting as a JSON column (NULL when none).
Value implementation_plan(const std::optional<ImplementationPlan>& plan);
std::optional<ImplementationPlan> as_implementation_plan(const Value& v);

// Compact JSON text for the JSON columns.
std::string json_text(const Json& j);
Json json_from(const std::string& text, const char* what);

}  // namespace fw::storage::detail
