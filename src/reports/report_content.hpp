#pragma once
// The words of the fidelity report that the PDF and the HTML report share:
// the memo header, the key facts of page 1, the capped priorities and their
// rule, the charts' text alternatives, an item's sources and contest
// decision. Every number and date in them comes from the core via Basis.
#include <string>
#include <utility>
#include <vector>

#include "basis.hpp"

namespace fw::reports {

// Date, To, From, Program, Review, Reports, Scale: the draft is addressed to
// the team alone, the final report to the LME-MCO as well.
std::vector<std::pair<std::string, std::string>> memo_rows(const Basis& b);

// The key facts: total, tier, next review (or the 2016 follow-up evaluation
// deadline), and on a draft the contest deadline when the policy sets one.
struct KeyFact {
    std::string label;
    std::vector<std::string> lines;  // the first is the value
};
std::vector<KeyFact> key_facts(const Basis& b);

// A draft without a contest deadline in its policy says so (empty otherwise).
std::string contest_note(const Basis& b);

// The priority recommendations the summary lists (the lowest few) and the
// sentence that says the rule.
struct Priorities {
    std::vector<std::string> items;
    std::string rule;
    size_t below_4 = 0;
};
Priorities summary_priorities(const Basis& b);

std::string item_chart_alt(const Basis& b);
std::string history_chart_alt(const Basis& b);

// "MIS · DOC", or "none recorded": the sources the reviewers ticked.
std::string ticked_sources(const ItemRow& r, const std::string& separator = " · ");
// "Contested March 27, 2026; Upheld April 10, 2026: the draft score 3 is now 4. Rationale: …"
std::string contest_decision_text(const Basis& b, const ItemRow& r);
// Whether the item's evidence and recommendation are the draft's, before an upheld contest.
bool written_for_draft(const Basis& b, const ItemRow& r);

}  // namespace fw::reports
