#include "rules.hpp"

#include <algorithm>

namespace fw {

std::string to_string(Stage s) {
    switch (s) {
    case Stage::scoring: return "scoring";
    case Stage::draft_issued: return "draft_issued";
    case Stage::contest_period: return "contest_period";
    case Stage::final: return "final";
    }
    return "scoring";
}

std::string stage_label(Stage s) {
    switch (s) {
    case Stage::scoring: return "Scoring";
    case Stage::draft_issued: return "Draft issued";
    case Stage::contest_period: return "Contest period";
    case Stage::final: return "Final";
    }
    return "Scoring";
}

Stage stage_of(const Review& r) {
    if (r.review.final_report_date) return Stage::final;
    if (!r.review.draft_report_date) return Stage::scoring;
    return r.contests.empty() ? Stage::draft_issued : Stage::contest_period;
}

std::optional<int> final_score(const Review& r, std::string_view item) {
    if (const Contest* c = r.contest(item); c && c->decision == Decision::upheld && c->decided_score)
        return c->decided_score;
    return r.consensus(item);
}

std::optional<NextReviewWindow> next_review_window(const Policy&, const Tier& tier, Date final_report) {
    if (!tier.next_review) return std::nullopt;
    return NextReviewWindow{final_report.plus_months(tier.next_review->earliest_months),
                            final_report.plus_months(tier.next_review->latest_months), tier.next_review->condition};
}

std::optional<Date> contest_deadline(const Review& r, const Policy& p) {
    if (!p.contests.window_days || !r.review.draft_report_date) return std::nullopt;
    return r.review.draft_report_date->plus_days(*p.contests.window_days);
}

std::optional<Date> decision_deadline(const Contest& c, const Policy& p) {
    if (!p.contests.decision_days) return std::nullopt;
    return c.submitted.plus_days(*p.contests.decision_days);
}

namespace {

Reevaluation reevaluate(const Review& r, const Policy& p, int total) {
    const ReevaluationRule& rule = *p.reevaluation;
    Reevaluation out;
    if (total < rule.min_total || total > rule.max_total)
        out.reasons.push_back("the total " + std::to_string(total) + " is not from " + std::to_string(rule.min_total) +
                              " to " + std::to_string(rule.max_total));
    std::string type = to_string(r.review.type);
    if (std::find(rule.review_types.begin(), rule.review_types.end(), type) == rule.review_types.end()) {
        std::string allowed;
        for (const auto& t : rule.review_types) allowed += (allowed.empty() ? "" : ", ") + t;
        out.reasons.push_back("a " + type + " review cannot be followed by a re-evaluation (only " + allowed + " reviews)");
    }
    // Every condition must be recorded as met: one not recorded yet keeps
    // the team from being eligible until the reviewers confirm it.
    for (const auto& crit : rule.criteria) {
        const CriterionRecord* rec = nullptr;
        for (const auto& c : r.review.reevaluation_criteria)
            if (c.id == crit.id) rec = &c;
        bool yes_no = crit.kind == ReevaluationCriterion::Kind::yes_no;
        if (!rec || (yes_no ? !rec->met : !rec->value)) {
            out.unconfirmed.push_back(crit.id);
            continue;
        }
        bool met = yes_no ? *rec->met : *rec->value >= crit.at_least.value_or(0);
        if (!met) out.reasons.push_back("not met: " + crit.text);
    }
    out.eligible = out.reasons.empty() && out.unconfirmed.empty();
    if (out.eligible && r.review.final_report_date) out.by = r.review.final_report_date->plus_days(rule.within_days);
    return out;
}

}  // namespace

Summary summarize(const Review& r, const Scale& scale, const Policy& policy) {
    Summary s;
    s.stage = stage_of(r);
    s.policy_id = policy.id;
    s.item_count = int(scale.items.size());
    s.max = scale.max_total();
    int total = 0, draft = 0;
    for (const auto& sec : scale.sections) {
        SectionTotal st{sec.id, sec.name, int(sec.items.size()), 0, 0, std::nullopt, int(sec.items.size()) * 5};
        for (size_t idx : sec.items) {
            const Item& item = scale.items[idx];
            auto fin = final_score(r, item.id);
            auto con = r.consensus(item.id);
            if (!con) {
                s.unscored.push_back(item.id);
                continue;
            }
            ++st.scored;
            st.sum += fin.value_or(*con);
            total += fin.value_or(*con);
            draft += *con;
        }
        if (st.scored == st.items) st.total = st.sum;
        s.scored += st.scored;
        s.sections.push_back(st);
    }
    s.complete = s.unscored.empty();
    s.contests.limit = policy.contests.limit;
    s.contests.count = int(r.contests.size());
    for (const auto& c : r.contests) s.contests.pending += c.decision == Decision::pending;
    s.contests.submit_by = contest_deadline(r, policy);
    if (!s.complete) return s;

    s.total = total;
    s.draft_total = draft;
    s.tier = policy.tier_for(total);
    if (!s.tier) return s;
    if (r.review.final_report_date) s.next_review = next_review_window(policy, *s.tier, *r.review.final_report_date);
    if (policy.reevaluation) {
        const auto& tiers = policy.reevaluation->tiers;
        if (std::find(tiers.begin(), tiers.end(), s.tier->id) != tiers.end()) s.reevaluation = reevaluate(r, policy, total);
    }
    s.action_plan.need = s.tier->action_plan;
    if (s.action_plan.need == ActionPlanNeed::required) s.action_plan.why = s.tier->name + " requires a fidelity action plan";
    if (policy.action_plan_after_first_review_days && r.review.type == ReviewType::initial) {
        s.action_plan.need = ActionPlanNeed::required;
        s.action_plan.why = "an action plan is due within " + std::to_string(*policy.action_plan_after_first_review_days) +
                            " days of the first fidelity report";
        s.action_plan.recipients = policy.action_plan_recipients;
        if (!s.action_plan.recipients.empty()) {
            std::string to;
            for (size_t i = 0; i < s.action_plan.recipients.size(); ++i)
                to += (i == 0 ? "" : i + 1 == s.action_plan.recipients.size() ? " and " : ", ") + s.action_plan.recipients[i];
            s.action_plan.why += ", shared with " + to;
        }
        if (r.review.final_report_date)
            s.action_plan.due = r.review.final_report_date->plus_days(*policy.action_plan_after_first_review_days);
    }
    return s;
}

std::vector<Disagreement> disagreements(const Review& r, const Scale& scale) {
    std::vector<Disagreement> out;
    for (const auto& item : scale.items) {
        const Rating* rt = r.rating(item.id);
        if (!rt || rt->by.size() < 2) continue;
        auto [lo, hi] = std::minmax_element(rt->by.begin(), rt->by.end(),
                                            [](const auto& a, const auto& b) { return a.second < b.second; });
        if (lo->second == hi->second) continue;
        out.push_back({item.id, rt->by, hi->second - lo->second});
    }
    return out;
}

std::vector<std::string> strengths(const Review& r, const Scale& scale) {
    std::vector<std::string> out;
    for (const auto& item : scale.items)
        if (final_score(r, item.id) == 5) out.push_back(item.id);
    return out;
}

std::vector<std::string> priorities(const Review& r, const Scale& scale, int below) {
    std::vector<std::pair<int, size_t>> low;
    for (size_t i = 0; i < scale.items.size(); ++i)
        if (auto s = final_score(r, scale.items[i].id); s && *s < below) low.emplace_back(*s, i);
    std::stable_sort(low.begin(), low.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (const auto& [score, i] : low) out.push_back(scale.items[i].id);
    return out;
}

}  // namespace fw
