#include "summary_json.hpp"

namespace fw {

Json summary_json(const Summary& s) {
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
    if (s.next_review)
        j["next_review"] = Json{{"earliest", s.next_review->earliest.iso()}, {"latest", s.next_review->latest.iso()}};
    else
        j["next_review"] = nullptr;
    j["contests"] = Json{{"count", s.contests.count}, {"limit", s.contests.limit}, {"pending", s.contests.pending}};
    if (s.reevaluation)
        j["reevaluation"] = Json{{"eligible", s.reevaluation->eligible},
                                 {"by", s.reevaluation->by ? Json(s.reevaluation->by->iso()) : Json(nullptr)}};
    return j;
}

}  // namespace fw
