#include "lifecycle.hpp"

namespace fw {

namespace {

const Item& known_item(const Scale& scale, const std::string& item) {
    const Item* it = scale.find(item);
    if (!it) throw RuleError("\"" + item + "\" is not an item of the scale " + scale.id);
    return *it;
}

void check_score(std::optional<int> s) {
    if (s && (*s < 1 || *s > 5)) throw RuleError("a score is a whole number from 1 to 5, not " + std::to_string(*s));
}

}  // namespace

bool set_consensus_score(Review& r, const Scale& scale, const std::string& item, std::optional<int> score,
                         const Edit& edit) {
    known_item(scale, item);
    check_score(score);
    auto before = r.consensus(item);
    if (before == score) return false;
    Stage stage = stage_of(r);
    if (stage != Stage::scoring) {
        if (edit.amendment_reason.find_first_not_of(" \t\r\n") == std::string::npos)
            throw RuleError("the " + std::string(stage == Stage::final ? "final" : "draft") +
                            " report has been issued: changing the score of " + item +
                            " is an amendment and needs a reason");
        if (!score) throw RuleError("a score cannot be cleared once the draft report has been issued");
        if (const Contest* c = r.contest(item)) {
            if (stage != Stage::final)
                throw RuleError(item + " is contested: its score changes through the contest decision");
            // The final score of an upheld contest is its decided score: an
            // amended consensus would change nothing in the report.
            if (c->decision == Decision::upheld)
                throw RuleError("the final score of " + item + " was set by its upheld contest (" +
                                std::to_string(c->decided_score.value_or(0)) + "); amending the consensus score would not change it");
        }
        r.amendments.push_back(Amendment{edit.on, item, before, score, edit.amendment_reason, edit.by, Json::object()});
    }
    r.rating_for(item).score = score;
    return true;
}

bool set_reviewer_score(Review& r, const Scale& scale, const std::string& item, const std::string& reviewer,
                        std::optional<int> score) {
    known_item(scale, item);
    check_score(score);
    if (stage_of(r) != Stage::scoring)
        throw RuleError("independent scores are closed once the draft report has been issued");
    bool listed = false;
    for (const auto& name : r.review.reviewers) listed = listed || name == reviewer;
    if (!listed) throw RuleError("\"" + reviewer + "\" is not one of the review's reviewers");
    Rating& rt = r.rating_for(item);
    if (rt.score_by(reviewer) == score) return false;
    rt.set_score_by(reviewer, score);
    return true;
}

bool set_item_text(Review& r, const Scale& scale, const std::string& item, const std::string* evidence,
                   const std::string* recommendation, const Edit& edit) {
    known_item(scale, item);
    const Rating* cur = r.rating(item);
    bool changes = (evidence && (!cur || cur->evidence != *evidence)) ||
                   (recommendation && (!cur || cur->recommendation != *recommendation));
    if (!changes) return false;
    if (stage_of(r) == Stage::final && edit.amendment_reason.find_first_not_of(" \t\r\n") == std::string::npos)
        throw RuleError("the final report has been issued: changing the text of " + item +
                        " is an amendment and needs a reason");
    Rating& rt = r.rating_for(item);
    if (stage_of(r) == Stage::final)
        r.amendments.push_back(Amendment{edit.on, item, rt.score, rt.score, edit.amendment_reason, edit.by, Json::object()});
    if (evidence) rt.evidence = *evidence;
    if (recommendation) rt.recommendation = *recommendation;
    return true;
}

std::string why_not_issue_draft(const Review& r, const Scale& scale) {
    if (stage_of(r) != Stage::scoring) return "the draft report has already been issued";
    int missing = 0;
    std::string first;
    for (const auto& item : scale.items)
        if (!r.consensus(item.id)) {
            if (!missing) first = item.id;
            ++missing;
        }
    if (missing)
        return "every item needs a consensus score first (" + std::to_string(missing) + " unscored, starting with " +
               first + ")";
    return {};
}

void issue_draft(Review& r, const Scale& scale, Date on) {
    if (auto why = why_not_issue_draft(r, scale); !why.empty()) throw RuleError("cannot issue the draft report: " + why);
    Date visit_last = r.review.visit_end.value_or(r.review.visit_start);
    if (on < visit_last)
        throw RuleError("the draft report date " + on.iso() + " is before the visit ended (" + visit_last.iso() + ")");
    r.review.draft_report_date = on;
}

std::string why_not_submit_contest(const Review& r, const Scale& scale, const Policy& policy, const std::string& item) {
    Stage st = stage_of(r);
    if (st == Stage::scoring) return "contests come after the draft report, which has not been issued";
    if (st == Stage::final) return "the final report has been issued";
    if (int(r.contests.size()) >= policy.contests.limit)
        return "a team may contest at most " + std::to_string(policy.contests.limit) + " items (" +
               (policy.contests.bulletin.empty() ? policy.name : policy.contests.bulletin) + "); " +
               std::to_string(r.contests.size()) + " are recorded";
    if (item.empty()) return {};
    if (!scale.find(item)) return "\"" + item + "\" is not an item of the scale " + scale.id;
    if (r.contest(item)) return item + " is already contested";
    if (!r.consensus(item)) return item + " has no consensus score";
    return {};
}

void submit_contest(Review& r, const Scale& scale, const Policy& policy, Contest c) {
    if (auto why = why_not_submit_contest(r, scale, policy, c.item); !why.empty())
        throw RuleError("cannot record the contest: " + why);
    if (c.documentation.find_first_not_of(" \t\r\n") == std::string::npos && c.attachments.empty())
        throw RuleError("a contest needs supporting documentation: describe it or attach it");
    if (c.submitted < *r.review.draft_report_date)
        throw RuleError("the contest date " + c.submitted.iso() + " is before the draft report (" +
                        r.review.draft_report_date->iso() + ")");
    check_score(c.requested_score);
    c.decision = Decision::pending;
    c.decided_score.reset();
    c.decided_on.reset();
    r.contests.push_back(std::move(c));
}

void withdraw_contest(Review& r, const std::string& item) {
    if (stage_of(r) == Stage::final) throw RuleError("the final report has been issued; its contests are on record");
    for (auto it = r.contests.begin(); it != r.contests.end(); ++it)
        if (it->item == item) {
            if (it->decision != Decision::pending) throw RuleError("the contest of " + item + " has been decided");
            r.contests.erase(it);
            return;
        }
    throw RuleError(item + " is not contested");
}

void decide_contest(Review& r, const std::string& item, Decision decision, std::optional<int> decided_score, Date on,
                    const std::string& rationale) {
    if (stage_of(r) == Stage::final) throw RuleError("the final report has been issued; its contests are decided");
    Contest* c = r.contest(item);
    if (!c) throw RuleError(item + " is not contested");
    check_score(decided_score);
    if (decision == Decision::upheld && !decided_score)
        throw RuleError("upholding the contest of " + item + " needs the decided score");
    if (decision != Decision::pending && on < c->submitted)
        throw RuleError("the decision date " + on.iso() + " is before the contest was submitted (" + c->submitted.iso() + ")");
    if (decision != Decision::pending && rationale.find_first_not_of(" \t\r\n") == std::string::npos)
        throw RuleError("a decision needs its rationale");
    c->decision = decision;
    if (decision == Decision::pending) {
        c->decided_score.reset();
        c->decided_on.reset();
    } else {
        c->decided_score = decision == Decision::upheld ? decided_score : std::nullopt;
        c->decided_on = on;
    }
    c->rationale = rationale;
}

std::string why_not_issue_final(const Review& r) {
    Stage st = stage_of(r);
    if (st == Stage::scoring) return "the draft report has not been issued";
    if (st == Stage::final) return "the final report has already been issued";
    int pending = 0;
    for (const auto& c : r.contests) pending += c.decision == Decision::pending;
    if (pending) return std::to_string(pending) + " contest" + (pending == 1 ? " is" : "s are") + " still pending";
    return {};
}

void issue_final(Review& r, Date on) {
    if (auto why = why_not_issue_final(r); !why.empty()) throw RuleError("cannot issue the final report: " + why);
    if (on < *r.review.draft_report_date)
        throw RuleError("the final report date " + on.iso() + " is before the draft report (" +
                        r.review.draft_report_date->iso() + ")");
    for (const auto& c : r.contests)
        if (c.decided_on && on < *c.decided_on)
            throw RuleError("the final report date " + on.iso() + " is before the decision on " + c.item + " (" +
                            c.decided_on->iso() + ")");
    r.review.final_report_date = on;
}

}  // namespace fw
