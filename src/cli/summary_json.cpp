#include "summary_json.hpp"

namespace fw {

Json next_review_json(const std::optional<NextReviewWindow>& w) {
    if (!w) return nullptr;
    Json j = Json{{"earliest", w->earliest.iso()}, {"latest", w->latest.iso()}};
    if (!w->condition.empty()) j["condition"] = w->condition;
    return j;
}

Json warnings_json(const std::vector<Warning>& warnings) {
    Json a = Json::array();
    for (const auto& w : warnings) a.push_back(Json{{"code", w.code}, {"message", w.message}});
    return a;
}

Json summary_json(const Review& r, const Policy& policy, const Summary& s, const std::vector<Warning>& warnings) {
    Json j = Json::object();
    j["complete"] = s.complete;
    j["total"] = s.total ? Json(*s.total) : Json(nullptr);
    j["draft_total"] = s.draft_total ? Json(*s.draft_total) : Json(nullptr);
    j["max"] = s.max;
    Json sec = Json::object();
    for (const auto& st : s.sections) sec[st.id] = st.total ? Json(*st.total) : Json(nullptr);
    j["sections"] = sec;
    j["unscored"] = s.unscored;
    j["tier"] = s.tier ? Json(s.tier->id) : Json(nullptr);
    j["policy"] = s.policy_id;
    j["next_review"] = next_review_json(s.next_review);
    Json contests = Json{{"count", s.contests.count}, {"limit", s.contests.limit}, {"pending", s.contests.pending}};
    // The policy's J309 deadlines, when it sets them.
    if (policy.contests.window_days)
        contests["submit_by"] = s.contests.submit_by ? Json(s.contests.submit_by->iso()) : Json(nullptr);
    if (policy.contests.decision_days) {
        Json decide = Json::object();
        for (const auto& c : r.contests)
            if (auto d = decision_deadline(c, policy)) decide[c.item] = d->iso();
        contests["decide_by"] = decide;
    }
    j["contests"] = contests;
    if (s.reevaluation)
        j["reevaluation"] = Json{{"eligible", s.reevaluation->eligible},
                                 {"by", s.reevaluation->by ? Json(s.reevaluation->by->iso()) : Json(nullptr)},
                                 {"unconfirmed", s.reevaluation->unconfirmed}};
    j["warnings"] = warnings_json(warnings);
    return j;
}

}  // namespace fw
