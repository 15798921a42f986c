#include "edit_script.hpp"

#include "core/lifecycle.hpp"

namespace st {

int edits_in(const fw::Review& r) {
    auto it = r.extra.find(kEditCounter);
    return it == r.extra.end() ? 0 : it->get<int>();
}

void apply_edit(fw::Review& r, const fw::Scale& scale, int n) {
    const fw::Item& item = scale.items[size_t(n) % scale.items.size()];
    fw::Edit edit{"crash test", fw::Date(2026, 3, 4), ""};
    // Each visit of an item gives it a different score than the last one.
    fw::set_consensus_score(r, scale, item.id, (n / int(scale.items.size()) + n) % 5 + 1, edit);
    std::string evidence = "Evidence as of edit " + std::to_string(n) + ".";
    fw::set_item_text(r, scale, item.id, &evidence, nullptr, edit);
    if (n % 3 == 0 && !r.review.reviewers.empty())
        fw::set_reviewer_score(r, scale, item.id, r.review.reviewers[size_t(n / 3) % r.review.reviewers.size()],
                               (n * 7) % 5 + 1);
    if (n % 10 == 0) {
        fw::ActionPlanRow row;
        row.item = item.id;
        row.goal = "Goal of edit " + std::to_string(n);
        r.action_plan.push_back(row);
        if (r.action_plan.size() > 4) r.action_plan.erase(r.action_plan.begin());
    }
    r.extra[kEditCounter] = n;
}

}  // namespace st
