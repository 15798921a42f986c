#pragma once
// The layouts of the PDF documents, separate from PoDoFo so tests can lay a
// report out with any Measure and inspect the pages.
#include <string>

#include "basis.hpp"
#include "canvas.hpp"

namespace fw::reports {

// The draft or final fidelity report.
Drawing layout_report(const Basis& b, const Measure& m);
// The fidelity action plan.
Drawing layout_action_plan(const Basis& b, const Measure& m);

// The JSON the PDF's Info dictionary carries next to the fingerprint, so
// `verify` can say what differs: a short hash per part of the review file
// and the scores the report shows.
std::string review_digest(const Basis& b);

inline constexpr const char* kFingerprintKey = "FidelityReviewSHA256";
inline constexpr const char* kDigestKey = "FidelityReviewDigest";

}  // namespace fw::reports
