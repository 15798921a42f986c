#include "program_history.hpp"

#include <algorithm>
#include <cctype>

namespace fw {

std::string to_string(DueKind k) {
    switch (k) {
    case DueKind::next_review: return "next-review";
    case DueKind::follow_up: return "follow-up";
    case DueKind::implementation_plan_review: return "implementation-plan-review";
    }
    return "next-review";
}

std::string due_label(DueKind k) {
    switch (k) {
    case DueKind::next_review: return "Next review";
    case DueKind::follow_up: return "Follow-up evaluation";
    case DueKind::implementation_plan_review: return "Review after the implementation plan";
    }
    return "Next review";
}

std::optional<Due> due_after(const Summary& s) {
    if (s.next_review) return Due{DueKind::next_review, s.next_review->earliest, s.next_review->latest, s.next_review->condition};
    if (s.reevaluation && s.reevaluation->eligible && s.reevaluation->by)
        return Due{DueKind::follow_up, std::nullopt, *s.reevaluation->by, {}};
    return std::nullopt;
}

std::optional<Due> implementation_plan_due(const ImplementationPlan& plan, const Policy& policy) {
    if (!policy.implementation_plan_review_months) return std::nullopt;
    return Due{DueKind::implementation_plan_review, std::nullopt,
               plan.meeting.plus_months(*policy.implementation_plan_review_months), {}};
}

bool awaits_review(const ImplementationPlan& plan, std::optional<Date> latest_visit) {
    return !latest_visit || *latest_visit < plan.meeting;
}

OtherReview other_review(std::int64_t id, const Review& r, const Summary& s) {
    OtherReview o;
    o.id = id;
    o.type = r.review.type;
    o.visit_start = r.review.visit_start;
    o.final_report_date = r.review.final_report_date;
    o.reevaluation_applies = s.reevaluation.has_value();
    o.follow_up_eligible = s.reevaluation && s.reevaluation->eligible;
    o.follow_up_by = s.reevaluation ? s.reevaluation->by : std::nullopt;
    return o;
}

namespace {

bool shares_scale(const Policy& a, const Policy& b) {
    for (const auto& s : a.scales)
        if (b.applies_to(s)) return true;
    return false;
}

const Policy* edition(const ReviewContext& ctx, const std::string& id) {
    for (const Policy* p : ctx.editions)
        if (p->id == id) return p;
    return nullptr;
}

// The review before `r` (by visit) among `others` that matches `pred`, latest first.
template <class Pred>
const OtherReview* latest_before(const std::vector<OtherReview>& others, Date visit, Pred pred) {
    const OtherReview* best = nullptr;
    for (const auto& o : others)
        if (o.visit_start < visit && pred(o) && (!best || best->visit_start < o.visit_start)) best = &o;
    return best;
}

void edition_in_force(const Review& r, const Policy& policy, const ReviewContext& ctx, std::vector<Warning>& out) {
    const Date visit = r.review.visit_start;
    if (policy.applies_from && visit < *policy.applies_from) {
        out.push_back({"policy-not-in-force", policy.name + " (" + policy.id + ") applies to visits from " +
                                                  policy.applies_from->iso() + "; this visit began on " + visit.iso() +
                                                  ", before it was in force"});
        return;
    }
    // A later edition for the same scale that was in force at the visit replaces this one.
    const Policy* newer = nullptr;
    for (const Policy* p : ctx.editions) {
        if (p->id == policy.id || !p->applies_from || !shares_scale(*p, policy)) continue;
        if (policy.applies_from && !(*policy.applies_from < *p->applies_from)) continue;
        if (visit < *p->applies_from) continue;
        if (!newer || *newer->applies_from < *p->applies_from) newer = p;
    }
    if (newer)
        out.push_back({"policy-not-in-force", policy.name + " (" + policy.id + ") was replaced by " + newer->name + " (" +
                                                  newer->id + ") from " + newer->applies_from->iso() +
                                                  "; this visit began on " + visit.iso() + ", when " + newer->id +
                                                  " was in force"});
}

void follow_up_rules(const Review& r, const Policy& policy, const ReviewContext& ctx, std::vector<Warning>& out) {
    if (r.review.type != ReviewType::follow_up || !policy.reevaluation || ctx.others.empty()) return;
    const Date visit = r.review.visit_start;
    const OtherReview* failing = latest_before(ctx.others, visit, [](const OtherReview& o) { return o.reevaluation_applies; });
    if (!failing) {
        out.push_back({"follow-up-without-failing-review",
                       "a follow-up evaluation follows a first review below fair fidelity, and this program has none "
                       "before this visit"});
        return;
    }
    std::string of = "the review of " + failing->visit_start.iso();
    if (!failing->follow_up_eligible) {
        out.push_back({"follow-up-not-eligible",
                       of + " is not recorded as eligible for a follow-up evaluation (its score, its type or the "
                            "re-evaluation conditions)"});
    } else if (failing->follow_up_by && *failing->follow_up_by < visit) {
        out.push_back({"follow-up-late", "the follow-up evaluation of " + of + " was due by " + failing->follow_up_by->iso() +
                                             " (" + std::to_string(policy.reevaluation->within_days) +
                                             " days after the initial score); this visit began on " + visit.iso()});
    }
    int earlier_follow_ups = 0;
    for (const auto& o : ctx.others)
        if (o.type == ReviewType::follow_up && failing->visit_start < o.visit_start && o.visit_start <= visit)
            ++earlier_follow_ups;
    if (earlier_follow_ups >= policy.reevaluation->follow_ups_per_review)
        out.push_back({"second-follow-up", "a team may have " +
                                               std::string(policy.reevaluation->follow_ups_per_review == 1
                                                               ? "one follow-up evaluation"
                                                               : std::to_string(policy.reevaluation->follow_ups_per_review) +
                                                                     " follow-up evaluations") +
                                               " per review below fair fidelity, and " + of + " already has " +
                                               std::to_string(earlier_follow_ups)});
}

}  // namespace

std::vector<Warning> warnings(const Review& r, const Policy& policy, const ReviewContext& ctx) {
    std::vector<Warning> out;
    const Date visit = r.review.visit_start;
    if (policy.first_review_after_months && r.review.type == ReviewType::initial && r.program.start_date) {
        Date earliest = r.program.start_date->plus_months(*policy.first_review_after_months);
        if (visit < earliest)
            out.push_back({"first-review-early",
                           "the first fidelity review comes after at least " +
                               std::to_string(*policy.first_review_after_months) + " months of continuous operation (" +
                               policy.id + "): the program started on " + r.program.start_date->iso() +
                               ", so not before " + earliest.iso() + "; this visit began on " + visit.iso()});
    }
    edition_in_force(r, policy, ctx, out);
    follow_up_rules(r, policy, ctx, out);
    if (r.review.type == ReviewType::initial)
        for (const auto& o : ctx.others)
            if (o.type == ReviewType::initial) {
                out.push_back({"second-initial-review", "this program already has an initial review (visit of " +
                                                            o.visit_start.iso() +
                                                            "); a later review is a subsequent or a follow-up one"});
                break;
            }
    if (const auto& plan = r.program.implementation_plan; plan && !(visit < plan->meeting)) {
        const Policy* rule = edition(ctx, plan->policy);
        auto due = rule ? implementation_plan_due(*plan, *rule) : std::nullopt;
        bool earlier_after_meeting = std::any_of(ctx.others.begin(), ctx.others.end(), [&](const OtherReview& o) {
            return !(o.visit_start < plan->meeting) && o.visit_start < visit;
        });
        if (due && due->by < visit && !earlier_after_meeting)
            out.push_back({"implementation-plan-review-late",
                           "the implementation-plan meeting of " + plan->meeting.iso() + " called for a review by " +
                               due->by.iso() + "; this visit began on " + visit.iso()});
    }
    return out;
}

std::string why_not_on_trend(const Review& earlier, const Summary& s, const Review& current) {
    if (earlier.scale_id != current.scale_id)
        return "it is a review on the scale " + earlier.scale_id + ", not " + current.scale_id +
               ": totals on different scales do not compare";
    if (!earlier.review.final_report_date) return "it has no final report";
    if (!(*earlier.review.final_report_date < current.review.visit_start))
        return "its final report (" + earlier.review.final_report_date->iso() + ") is not before this review's visit (" +
               current.review.visit_start.iso() + ")";
    if (!s.complete || !s.tier) return "it is not completely scored";
    return {};
}

bool same_program(const Program& a, const Program& b) {
    auto key = [](const std::string& s) {
        auto first = s.find_first_not_of(" \t\r\n");
        if (first == std::string::npos) return std::string();
        std::string t = s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
        for (auto& c : t) c = char(std::tolower(static_cast<unsigned char>(c)));
        return t;
    };
    return key(a.agency) == key(b.agency) && key(a.team) == key(b.team);
}

}  // namespace fw
