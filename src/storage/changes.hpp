#pragma once
// What an edit changed (for the audit) and whether a locked report allows it.
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

// Throws RuleError when `after` changes what the stage of `before` locks
// (see Database::update_review). The lifecycle functions never trip these;
// they stop an edit that went around them.
void check_locked(const Review& before, const ReviewImage& img_before, const Review& after,
                  const ReviewImage& img_after);

}  // namespace fw::storage::detail
