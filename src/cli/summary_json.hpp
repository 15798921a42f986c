#pragma once
#include "core/review.hpp"
#include "core/rules.hpp"

namespace fw {
// The `fidelity score --json` object of the spec, key for key.
Json summary_json(const Summary& s);
}  // namespace fw
