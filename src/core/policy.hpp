#pragma once
// One edition of the NC service definition's fidelity rules, as data
// (scales/policies/<id>.toml): tiers, next-review windows, the contest limit
// of bulletin J309, the 2016 re-evaluation rule, the action-plan rule.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "date.hpp"

namespace fw {

struct ReviewWindowRule {
    int earliest_months = 0;
    int latest_months = 0;
    std::string condition;  // "if approved"; empty when unconditional
};

enum class ActionPlanNeed { none, optional, required };

struct Tier {
    std::string id;    // none, fair, good, exemplary
    std::string name;  // "Fair Fidelity"
    int min_total = 0;
    int max_total = 0;
    std::optional<ReviewWindowRule> next_review;
    ActionPlanNeed action_plan = ActionPlanNeed::none;
};

// A condition of the 2016 re-evaluation, as the reviewers record it: yes or
// no ("staffing fully met"), or a percentage that must reach `at_least`.
struct ReevaluationCriterion {
    enum class Kind { yes_no, percent };
    std::string id;
    std::string text;
    Kind kind = Kind::yes_no;
    std::optional<double> at_least;  // percent: the share needed (career profiles >= 80%)
};

struct ReevaluationRule {
    int min_total = 0;
    int max_total = 0;
    std::vector<std::string> review_types;  // "initial"
    std::vector<std::string> tiers;         // tiers it applies to ("none")
    int within_days = 0;
    int follow_ups_per_review = 1;  // "a maximum of one follow-up evaluation per review"
    std::vector<ReevaluationCriterion> criteria;

    const ReevaluationCriterion* criterion(std::string_view id) const;
};

struct ContestRule {
    int limit = 3;
    std::string bulletin;                // "J309"
    std::optional<int> window_days;      // after the draft report
    std::optional<int> decision_days;    // after the contest is submitted
};

struct Policy {
    std::string id;
    std::string name;
    std::string source;
    std::optional<Date> applies_from;  // the edition is in force for visits from this day
    std::vector<std::string> scales;
    std::vector<Tier> tiers;  // lowest total first, contiguous
    ContestRule contests;
    std::optional<ReevaluationRule> reevaluation;
    std::optional<int> action_plan_after_first_review_days;
    std::vector<std::string> action_plan_recipients;  // who receives the team's action plan
    // 2016: the first review after at least this many months of continuous operation.
    std::optional<int> first_review_after_months;
    // 2016: a team without the staffing or the people for a review meets to
    // write an implementation plan; its review is due this many months later.
    std::optional<int> implementation_plan_review_months;
    std::string file;
    std::string fingerprint;  // SHA-256 of the file's bytes (hex)

    bool applies_to(std::string_view scale_id) const;
    // The tier a total falls in; nullptr if outside every tier.
    const Tier* tier_for(int total) const;
    const Tier* find_tier(std::string_view tier_id) const;
};

Policy parse_policy(const std::string& text, const std::string& file);
Policy load_policy(const std::string& path);
// Whether a data file's text is a policy (its `format` key says
// "ips-fidelity-policy"); anything else is read as a scale. Throws
// InputError when the text is not TOML.
bool is_policy_text(const std::string& text, const std::string& file);

}  // namespace fw
