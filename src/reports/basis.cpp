#include "basis.hpp"

#include <stdexcept>

#include "core/as_drafted.hpp"
#include "core/error.hpp"

namespace fw::reports {

namespace {

const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};

std::string month_name(Date d) { return kMonths[d.month() - 1]; }

std::string months_text(int a, int b) {
    auto m = [](int n) { return std::to_string(n) + (n == 1 ? " month" : " months"); };
    if (a == b) return m(a);
    return std::to_string(a) + " to " + m(b);
}

}  // namespace

std::string long_date(Date d) { return month_name(d) + " " + std::to_string(d.day()) + ", " + std::to_string(d.year()); }

std::string month_year(Date d) { return month_name(d).substr(0, 3) + " " + std::to_string(d.year()); }

std::string short_date(Date d) {
    return month_name(d).substr(0, 3) + " " + std::to_string(d.day()) + ", " + std::to_string(d.year());
}

std::string date_span(Date from, std::optional<Date> to) {
    if (!to || *to == from) return long_date(from);
    const std::string dash = "\u2013";
    if (from.year() != to->year()) return long_date(from) + " " + dash + " " + long_date(*to);
    if (from.month() != to->month())
        return month_name(from) + " " + std::to_string(from.day()) + " " + dash + " " + month_name(*to) + " " +
               std::to_string(to->day()) + ", " + std::to_string(to->year());
    return month_name(from) + " " + std::to_string(from.day()) + dash + std::to_string(to->day()) + ", " +
           std::to_string(from.year());
}

std::string join_names(const std::vector<std::string>& names) {
    std::string s;
    for (size_t i = 0; i < names.size(); ++i) {
        if (i > 0) s += i + 1 == names.size() ? " and " : ", ";
        s += names[i];
    }
    return s;
}

std::string review_type_label(ReviewType t) {
    switch (t) {
    case ReviewType::initial: return "Initial";
    case ReviewType::subsequent: return "Subsequent";
    case ReviewType::follow_up: return "Follow-up";
    }
    return "Initial";
}

std::string window_text(const NextReviewWindow& w) {
    std::string s = w.earliest == w.latest ? "by " + long_date(w.earliest)
                                           : "between " + long_date(w.earliest) + " and " + long_date(w.latest);
    if (!w.condition.empty()) s += " (" + w.condition + ")";
    return s;
}

std::string decision_label(Decision d) {
    switch (d) {
    case Decision::pending: return "Pending";
    case Decision::upheld: return "Upheld";
    case Decision::denied: return "Denied";
    }
    return "Pending";
}

std::string status_label(ActionStatus s) {
    switch (s) {
    case ActionStatus::planned: return "Planned";
    case ActionStatus::in_progress: return "In progress";
    case ActionStatus::done: return "Done";
    case ActionStatus::dropped: return "Dropped";
    }
    return "Planned";
}

namespace {

Date report_date_of(const Review& r, const ReportOptions& o) {
    if (o.stage == ReportOptions::Stage::final && r.review.final_report_date) return *r.review.final_report_date;
    if (o.stage == ReportOptions::Stage::draft && r.review.draft_report_date) return *r.review.draft_report_date;
    return o.generated_on;
}

const Review& checked(const Review& r, const Scale& s, const Policy& p, const ReportOptions& o) {
    if (auto why = why_no_report(r, s, p, o.stage); !why.empty()) throw RuleError(why);
    return r;
}

}  // namespace

Basis::Basis(const Review& r, const Scale& s, const Policy& p, const ReportOptions& o)
    : review(checked(r, s, p, o)),
      scale(s),
      policy(p),
      options(o),
      final(o.stage == ReportOptions::Stage::final),
      drafted(as_drafted(r)),
      summary(summarize(final ? r : drafted, s, p)),
      draft_summary(summarize(drafted, s, p)),
      report_date(report_date_of(r, o)) {
    for (const auto& sec : scale.sections) {
        for (size_t idx : sec.items) {
            const Item& item = scale.items[idx];
            ItemRow row;
            row.item = &item;
            row.section = &sec;
            row.draft = final_score(drafted, item.id).value_or(0);
            row.score = final_score(shown(), item.id).value_or(0);
            row.rating = shown().rating(item.id);
            row.contest = final ? review.contest(item.id) : nullptr;
            items.push_back(row);
        }
    }
}

const ItemRow& Basis::row(const std::string& item_id) const {
    for (const auto& r : items)
        if (r.item->id == item_id) return r;
    throw std::out_of_range("no item " + item_id);
}

std::string Basis::item_label(const ItemRow& r) const { return r.section->name + " " + std::to_string(r.item->number); }

std::string Basis::next_review_text() const {
    if (summary.next_review) return window_text(*summary.next_review);
    return next_review_rule();
}

std::string Basis::next_review_rule() const {
    if (summary.tier && summary.tier->next_review) {
        const auto& w = *summary.tier->next_review;
        std::string s = months_text(w.earliest_months, w.latest_months) + " after the final report";
        if (!w.condition.empty()) s += " (" + w.condition + ")";
        return s;
    }
    return "not set by the policy for this tier";
}

std::string Basis::reevaluation_text() const {
    // The 2016 rule for a team below Fair: one follow-up evaluation, or none.
    if (!summary.reevaluation) return {};
    const auto& re = *summary.reevaluation;
    if (re.eligible) {
        std::string s = "The team may have one follow-up fidelity evaluation";
        if (re.by) s += ", to be held by " + long_date(*re.by);
        if (policy.reevaluation) s += " (within " + std::to_string(policy.reevaluation->within_days) + " days of this score)";
        s += ", if it meets every condition of the service definition";
        if (!re.unconfirmed.empty()) s += "; the conditions are not yet all confirmed";
        return s + ".";
    }
    std::string s = "The team is not eligible for a follow-up evaluation";
    for (size_t i = 0; i < re.reasons.size(); ++i) s += (i ? "; " : ": ") + re.reasons[i];
    return s + ". It does not meet fair fidelity and is not certified to provide the service.";
}

Json Basis::template_data() const {
    const Review& r = review;
    Json d = Json::object();
    d["agency"] = r.program.agency;
    d["team"] = r.program.team;
    d["lme_mco"] = r.program.lme_mco;
    d["has_lme_mco"] = !r.program.lme_mco.empty();
    d["county"] = r.program.county;
    d["review_type"] = to_string(r.review.type);
    d["review_type_label"] = review_type_label(r.review.type);
    d["initial"] = r.review.type == ReviewType::initial;
    d["subsequent"] = r.review.type == ReviewType::subsequent;
    d["follow_up"] = r.review.type == ReviewType::follow_up;
    d["visit_dates"] = date_span(r.review.visit_start, r.review.visit_end);
    d["visit_start"] = long_date(r.review.visit_start);
    d["visit_end"] = long_date(r.review.visit_end.value_or(r.review.visit_start));
    Json reviewers = Json::array();
    for (const auto& n : r.review.reviewers) reviewers.push_back(Json{{"name", n}});
    d["reviewers"] = reviewers;
    d["reviewers_text"] = join_names(r.review.reviewers);
    d["scale_name"] = scale.name;
    d["scale_edition"] = scale.edition;
    d["item_count"] = std::to_string(scale.items.size());
    d["max_total"] = std::to_string(summary.max);
    d["policy_name"] = policy.name;
    d["policy_source"] = policy.source;
    Json sources = Json::array();
    for (const auto& [code, meaning] : scale.sources) sources.push_back(Json{{"code", code}, {"meaning", meaning}});
    d["sources"] = sources;
    d["stage"] = final ? "final" : "draft";
    d["final"] = final;
    d["draft"] = !final;
    d["report_date"] = long_date(report_date);
    d["draft_report_date"] = r.review.draft_report_date ? long_date(*r.review.draft_report_date) : "";
    d["final_report_date"] = final && r.review.final_report_date ? long_date(*r.review.final_report_date) : "";
    d["total"] = summary.total ? std::to_string(*summary.total) : "";
    d["draft_total"] = draft_summary.total ? std::to_string(*draft_summary.total) : "";
    d["tier"] = summary.tier ? summary.tier->name : "";
    d["next_review"] = next_review_text();
    d["has_next_review"] = summary.next_review.has_value() || (summary.tier && summary.tier->next_review);
    d["reevaluation_text"] = reevaluation_text();
    d["contest_limit"] = std::to_string(policy.contests.limit);
    d["contest_bulletin"] = policy.contests.bulletin;
    d["contest_window_days"] = policy.contests.window_days ? Json(std::to_string(*policy.contests.window_days)) : Json(false);
    auto contest_by = contest_deadline(r, policy);
    d["contest_deadline"] = contest_by ? Json(long_date(*contest_by)) : Json(false);
    d["contest_count"] = std::to_string(final ? r.contests.size() : 0);
    d["has_contests"] = final && !r.contests.empty();
    d["action_plan_required"] = summary.action_plan.need == ActionPlanNeed::required;
    d["action_plan_optional"] = summary.action_plan.need == ActionPlanNeed::optional;
    d["action_plan_why"] = summary.action_plan.why;
    d["action_plan_due"] = summary.action_plan.due ? long_date(*summary.action_plan.due) : "";
    d["generated_on"] = long_date(options.generated_on);
    return d;
}

}  // namespace fw::reports
