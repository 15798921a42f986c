#pragma once
// What an edit changed, for the audit trail. Whether it may change is the
// rulebook's question (core/rulebook.hpp).
#include <optional>
#include <string>
#include <vector>

#include "core/review.hpp"
#include "core/rules.hpp"
#include "core/scale.hpp"
#include "storage/image.hpp"

namespace fw::storage::detail {

struct AuditChange {
    std::string what;
    std::optional<std::string> old_value;
    std::optional<std::string> new_value;
    std::string reason;
};

// Scores (consensus and independent), stage, report dates, contests, total
// and tier; evidence and recommendation once the draft report is out.
std::vector<AuditChange> review_changes(const Review& before, const Review& after, const Scale& scale,
                                        const Summary& sum_before, const Summary& sum_after);

}  // namespace fw::storage::detail
