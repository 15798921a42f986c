#include "review.hpp"

#include <algorithm>

namespace fw {

const std::string& Bytes::str() const {
    static const std::string none;
    return p_ ? *p_ : none;
}

std::string to_string(ReviewType t) {
    switch (t) {
    case ReviewType::initial: return "initial";
    case ReviewType::subsequent: return "subsequent";
    case ReviewType::follow_up: return "follow-up";
    }
    return "initial";
}

std::optional<ReviewType> review_type_from(std::string_view s) {
    if (s == "initial") return ReviewType::initial;
    if (s == "subsequent") return ReviewType::subsequent;
    if (s == "follow-up") return ReviewType::follow_up;
    return std::nullopt;
}

std::string to_string(Decision d) {
    switch (d) {
    case Decision::pending: return "pending";
    case Decision::upheld: return "upheld";
    case Decision::denied: return "denied";
    }
    return "pending";
}

std::optional<Decision> decision_from(std::string_view s) {
    if (s == "pending") return Decision::pending;
    if (s == "upheld") return Decision::upheld;
    if (s == "denied") return Decision::denied;
    return std::nullopt;
}

std::string to_string(ActionStatus s) {
    switch (s) {
    case ActionStatus::planned: return "planned";
    case ActionStatus::in_progress: return "in-progress";
    case ActionStatus::done: return "done";
    case ActionStatus::dropped: return "dropped";
    }
    return "planned";
}

std::optional<ActionStatus> action_status_from(std::string_view s) {
    if (s == "planned") return ActionStatus::planned;
    if (s == "in-progress") return ActionStatus::in_progress;
    if (s == "done") return ActionStatus::done;
    if (s == "dropped") return ActionStatus::dropped;
    return std::nullopt;
}

std::optional<int> Rating::score_by(std::string_view reviewer) const {
    for (const auto& [who, s] : by)
        if (who == reviewer) return s;
    return std::nullopt;
}

void Rating::set_score_by(const std::string& reviewer, std::optional<int> score) {
    auto it = std::find_if(by.begin(), by.end(), [&](const auto& p) { return p.first == reviewer; });
    if (!score) {
        if (it != by.end()) by.erase(it);
    } else if (it != by.end()) {
        it->second = *score;
    } else {
        by.emplace_back(reviewer, *score);
    }
}

ReviewerWork* Rating::work_of(std::string_view reviewer) {
    for (auto& [who, w] : independent)
        if (who == reviewer) return &w;
    return nullptr;
}

ReviewerWork& Rating::work_for(const std::string& reviewer) {
    if (auto* w = work_of(reviewer)) return *w;
    independent.emplace_back(reviewer, ReviewerWork{});
    return independent.back().second;
}

const Rating* Review::rating(std::string_view item) const {
    for (const auto& r : ratings)
        if (r.item == item) return &r;
    return nullptr;
}

Rating* Review::rating(std::string_view item) {
    for (auto& r : ratings)
        if (r.item == item) return &r;
    return nullptr;
}

Rating& Review::rating_for(const std::string& item) {
    if (auto* r = rating(item)) return *r;
    ratings.push_back(Rating{});
    ratings.back().item = item;
    return ratings.back();
}

std::optional<int> Review::consensus(std::string_view item) const {
    const Rating* r = rating(item);
    return r ? r->score : std::nullopt;
}

const Contest* Review::contest(std::string_view item) const {
    for (const auto& c : contests)
        if (c.item == item) return &c;
    return nullptr;
}

Contest* Review::contest(std::string_view item) {
    for (auto& c : contests)
        if (c.item == item) return &c;
    return nullptr;
}

}  // namespace fw
