#include "action_plan.hpp"

#include "rules.hpp"

namespace fw {

std::vector<ActionPlanRow> propose_action_plan(const Review& r, const Scale& scale, const Policy& policy, int below) {
    Summary s = summarize(r, scale, policy);
    std::vector<ActionPlanRow> out;
    if (!s.complete) return out;
    auto low = priorities(r, scale, below);
    if (low.size() > kPriorityLimit) low.resize(kPriorityLimit);
    for (const auto& id : low) {
        const Item* item = scale.find(id);
        int score = *final_score(r, id);
        int target = below;  // the level that would take the item off the list
        ActionPlanRow row;
        row.item = id;
        row.goal = "Reach a score of " + std::to_string(target) + (target < 5 ? " or more" : "") + " (now " +
                   std::to_string(score) + ")";
        const Rating* rt = r.rating(id);
        row.steps = rt && !rt->recommendation.empty() ? rt->recommendation : "Agree the steps with the IPS team.";
        row.who = "IPS team lead";
        if (s.next_review) row.by_when = s.next_review->earliest;
        row.measure = "Score " + std::to_string(target) + ": " + item->anchors[size_t(target - 1)];
        row.status = ActionStatus::planned;
        out.push_back(std::move(row));
    }
    return out;
}

ActionPlanRows action_plan_rows(const Review& r, const Scale& scale, const Policy& policy) {
    if (!r.action_plan.empty()) return {r.action_plan, false};
    return {propose_action_plan(r, scale, policy), true};
}

}  // namespace fw
