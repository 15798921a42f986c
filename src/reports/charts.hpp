#pragma once
// The report's charts, drawn as vector graphics (no images): the 25 item
// scores as bars, and the total across reviews against the tier lines.
#include "basis.hpp"
#include "layout.hpp"

namespace fw::reports {

// Bars of the item scores grouped by section; items below 4 stand out; in
// the final report a tick marks the draft score of a changed item.
void item_score_chart(Flow& f, const Basis& b);

// Totals of the earlier reviews and this one, with a dashed line at the
// lowest total of each tier above the first (74 / 100 / 115 in NC). Draws
// nothing when there is no history.
void history_chart(Flow& f, const Basis& b);

}  // namespace fw::reports
