#pragma once
// The review as its draft report showed it: before contests, amendments and
// the final report. A draft report made again later (or the draft column of
// the final report) must show the consensus scores that went out, not
// today's.
#include "review.hpp"

namespace fw {

// A copy without contests, amendments and final report date, with every
// amended consensus score put back to its value before the first amendment.
// Text amendments keep today's text: the file does not record the old text.
Review as_drafted(const Review&);

}  // namespace fw
