#pragma once
// What a report shows, gathered once from the core so the PDF, the workbook
// and the action plan show the same scores, totals, tier and dates.
#include <optional>
#include <string>
#include <vector>

#include "core/review.hpp"
#include "core/rules.hpp"
#include "reports.hpp"

namespace fw::reports {

// Report wording of dates and names.
std::string long_date(Date d);                                   // "April 17, 2026"
std::string month_year(Date d);                                  // "Apr 2026"
std::string short_date(Date d);                                  // "Apr 17, 2026"
std::string date_span(Date from, std::optional<Date> to);        // "March 2–3, 2026"
std::string join_names(const std::vector<std::string>& names);   // "A, B and C"
std::string review_type_label(ReviewType t);                     // "Subsequent"
std::string window_text(const NextReviewWindow& w);              // "between … and …"
std::string decision_label(Decision d);                          // "Upheld"
std::string status_label(ActionStatus s);                        // "In progress"

struct ItemRow {
    const Item* item = nullptr;
    const Section* section = nullptr;
    int draft = 0;  // the consensus score the draft report showed
    int score = 0;  // the score this report shows (final, or the draft's)
    const Rating* rating = nullptr;
    const Contest* contest = nullptr;  // final report only
};

class Basis {
public:
    // Throws RuleError when why_no_report() says the review cannot have this report.
    Basis(const Review& r, const Scale& s, const Policy& p, const ReportOptions& o);

    const Review& review;
    const Scale& scale;
    const Policy& policy;
    const ReportOptions& options;
    const bool final;
    const Review drafted;        // the review as the draft report showed it
    const Summary summary;       // of the review as this report shows it
    const Summary draft_summary;
    const Date report_date;
    std::vector<ItemRow> items;  // scale order

    const Review& shown() const { return final ? review : drafted; }
    const ItemRow& row(const std::string& item_id) const;
    std::string stage_word() const { return final ? "Final" : "Draft"; }
    // "Organization 3"
    std::string item_label(const ItemRow& r) const;
    // The next-review line of the summary: the window, or when it is not
    // known yet, the policy's rule for the tier.
    std::string next_review_text() const;
    // The policy's rule for the tier: "6 to 12 months after the final report".
    std::string next_review_rule() const;
    std::string reevaluation_text() const;  // the 2016 follow-up rule, or ""
    // Everything the templates may use (templates/README.md lists it).
    Json template_data() const;
};

}  // namespace fw::reports
