#pragma once
#include <vector>

#include "core/program_history.hpp"
#include "core/review.hpp"
#include "core/rules.hpp"

namespace fw {
// The `fidelity score --json` object of the spec, key for key: the summary,
// the policy's deadlines for this review and the warnings.
Json summary_json(const Review& review, const Policy& policy, const Summary& s, const std::vector<Warning>& warnings);
// The next-review window as the spec writes it (with its condition).
Json next_review_json(const std::optional<NextReviewWindow>& window);
Json warnings_json(const std::vector<Warning>& warnings);
}  // namespace fw
