#include "storage/changes.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"

namespace fw::storage::detail {

namespace {

std::optional<std::string> score_text(std::optional<int> s) {
    return s ? std::optional<std::string>(std::to_string(*s)) : std::nullopt;
}

std::optional<std::string> date_text(const std::optional<Date>& d) {
    return d ? std::optional<std::string>(d->iso()) : std::nullopt;
}

std::optional<std::string> contest_text(const Contest* c) {
    if (!c) return std::nullopt;
    std::string s = to_string(c->decision);
    if (c->decision == Decision::upheld && c->decided_score) s += ": " + std::to_string(*c->decided_score);
    if (c->decision == Decision::pending && c->requested_score)
        s += " (requested " + std::to_string(*c->requested_score) + ")";
    if (c->decided_on) s += " on " + c->decided_on->iso();
    return s;
}

std::optional<int> score_by(const Rating* r, const std::string& who) {
    std::optional<int> s;
    if (r) s = r->score_by(who);
    return s;
}

// The amendments this edit added (the rulebook makes sure old ones stay).
std::vector<const Amendment*> added_amendments(const Review& before, const Review& after) {
    std::vector<const Amendment*> out;
    for (size_t i = before.amendments.size(); i < after.amendments.size(); ++i) out.push_back(&after.amendments[i]);
    return out;
}

std::string reason_for(const std::vector<const Amendment*>& added, const std::string& item) {
    std::string reason;
    for (const auto* a : added)
        if (a->item == item) reason = a->reason;
    return reason;
}

std::vector<std::string> items_of(const Review& a, const Review& b, const Scale& scale) {
    std::vector<std::string> items;
    std::set<std::string> seen;
    for (const auto& it : scale.items)
        if (seen.insert(it.id).second) items.push_back(it.id);
    for (const Review* r : {&a, &b}) {
        for (const auto& rt : r->ratings)
            if (seen.insert(rt.item).second) items.push_back(rt.item);
        for (const auto& c : r->contests)
            if (seen.insert(c.item).second) items.push_back(c.item);
    }
    return items;
}

}  // namespace

std::vector<AuditChange> review_changes(const Review& before, const Review& after, const Scale& scale,
                                        const Summary& sb, const Summary& sa) {
    std::vector<AuditChange> out;
    auto added = added_amendments(before, after);
    if (sb.stage != sa.stage) out.push_back({"stage", to_string(sb.stage), to_string(sa.stage), {}});
    if (before.review.draft_report_date != after.review.draft_report_date)
        out.push_back({"draft report date", date_text(before.review.draft_report_date),
                       date_text(after.review.draft_report_date), {}});
    if (before.review.final_report_date != after.review.final_report_date)
        out.push_back({"final report date", date_text(before.review.final_report_date),
                       date_text(after.review.final_report_date), {}});

    bool report_out = sb.stage != Stage::scoring;
    for (const auto& item : items_of(before, after, scale)) {
        const Rating* rb = before.rating(item);
        const Rating* ra = after.rating(item);
        auto cb = rb ? rb->score : std::nullopt;
        auto ca = ra ? ra->score : std::nullopt;
        if (cb != ca) out.push_back({"score " + item, score_text(cb), score_text(ca), reason_for(added, item)});

        std::vector<std::string> reviewers;
        for (const Rating* r : {rb, ra})
            if (r)
                for (const auto& [who, s] : r->by)
                    if (std::find(reviewers.begin(), reviewers.end(), who) == reviewers.end()) reviewers.push_back(who);
        for (const auto& who : reviewers) {
            auto b = score_by(rb, who), a = score_by(ra, who);
            if (b != a) out.push_back({"score " + item + " by " + who, score_text(b), score_text(a), {}});
        }

        if (report_out) {
            static const std::string empty;
            const std::string& eb = rb ? rb->evidence : empty;
            const std::string& ea = ra ? ra->evidence : empty;
            if (eb != ea) out.push_back({"evidence " + item, eb, ea, reason_for(added, item)});
            const std::string& mb = rb ? rb->recommendation : empty;
            const std::string& ma = ra ? ra->recommendation : empty;
            if (mb != ma) out.push_back({"recommendation " + item, mb, ma, reason_for(added, item)});
        }

        auto kb = contest_text(before.contest(item));
        auto ka = contest_text(after.contest(item));
        if (kb != ka) out.push_back({"contest " + item, kb, ka, {}});
    }

    if (sb.total != sa.total) out.push_back({"total", score_text(sb.total), score_text(sa.total), {}});
    auto tier = [](const Summary& s) { return s.tier ? std::optional<std::string>(s.tier->id) : std::nullopt; };
    if (tier(sb) != tier(sa)) out.push_back({"tier", tier(sb), tier(sa), {}});
    return out;
}

}  // namespace fw::storage::detail
