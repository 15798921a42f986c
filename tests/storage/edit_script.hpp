#pragma once
// The scripted edits of the crash test: edit n (1, 2, 3, ...) changes a
// consensus score and the evidence of one item, every third edit a
// reviewer's score, every tenth the action plan, and records n in the
// review. The child applies them through Database::update_review; the
// parent replays them in memory to know what the database must hold.
#include "core/review.hpp"
#include "core/scale.hpp"

namespace st {

inline constexpr const char* kEditCounter = "crash_test_edits";

// The number of the last edit applied to `r` (0 for none).
int edits_in(const fw::Review& r);
void apply_edit(fw::Review& r, const fw::Scale& scale, int n);

}  // namespace st
