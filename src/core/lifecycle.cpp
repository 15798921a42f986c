#include "lifecycle.hpp"

#include <algorithm>
#include <cctype>

#include "program_history.hpp"

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

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

void check_date(Date d, Date today, const std::string& what) {
    if (auto why = why_not_date(d, today, what); !why.empty()) throw RuleError(why);
}

}  // namespace

bool set_consensus_score(Review& r, const Scale& scale, const std::string& item, std::optional<int> score,
                         const Edit& edit) {
    known_item(scale, item);
    check_score(score);
    auto before = r.consensus(item);
    if (before == score) return false;
    if (!edit_rights(r).consensus_score) {
        if (!score) throw RuleError("a score cannot be cleared once the draft report has been issued");
        if (auto why = why_not_amend_score(r, item); !why.empty()) throw RuleError(why);
        if (blank(edit.amendment_reason))
            throw RuleError("the " + std::string(stage_of(r) == Stage::final ? "final" : "draft") +
                            " report has been issued: changing the score of " + item +
                            " is an amendment and needs a reason");
        r.amendments.push_back(Amendment{edit.on, item, before, score, edit.amendment_reason, edit.by, Json::object()});
    }
    r.rating_for(item).score = score;
    return true;
}

bool set_reviewer_score(Review& r, const Scale& scale, const std::string& item, const std::string& reviewer,
                        std::optional<int> score) {
    known_item(scale, item);
    check_score(score);
    if (!edit_rights(r).independent_work)
        throw RuleError("independent scores are closed once the draft report has been issued");
    if (std::find(r.review.reviewers.begin(), r.review.reviewers.end(), reviewer) == r.review.reviewers.end())
        throw RuleError("\"" + reviewer + "\" is not one of the review's reviewers");
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
    EditRights rights = edit_rights(r);
    if (!rights.item_text && blank(edit.amendment_reason))
        throw RuleError("the final report has been issued: changing the text of " + item +
                        " is an amendment and needs a reason");
    Rating& rt = r.rating_for(item);
    if (!rights.item_text)
        r.amendments.push_back(Amendment{edit.on, item, rt.score, rt.score, edit.amendment_reason, edit.by, Json::object()});
    if (evidence) rt.evidence = *evidence;
    if (recommendation) rt.recommendation = *recommendation;
    return true;
}

std::vector<std::string> accept_agreed_scores(Review& r, const Scale& scale) {
    if (!edit_rights(r).consensus_score)
        throw RuleError("the draft report has been issued: consensus scores change only by amendment");
    std::vector<std::string> done;
    if (r.review.reviewers.size() < 2) return done;
    for (const auto& item : scale.items) {
        Rating* rt = r.rating(item.id);
        if (!rt || rt->score) continue;
        std::optional<int> agreed;
        bool all = true;
        for (const auto& who : r.review.reviewers) {
            auto s = rt->score_by(who);
            if (!s || (agreed && *agreed != *s)) {
                all = false;
                break;
            }
            agreed = s;
        }
        if (!all) continue;
        rt->score = agreed;
        done.push_back(item.id);
    }
    return done;
}

DateRange draft_date_range(const Review& r, Date today) {
    return {r.review.visit_end.value_or(r.review.visit_start), today};
}

DateRange contest_date_range(const Review& r, const Policy& p, Date today) {
    DateRange out{r.review.draft_report_date.value_or(today), today};
    if (auto last = contest_deadline(r, p)) out.latest = std::min(out.latest, *last);
    return out;
}

DateRange decision_date_range(const Contest& c, const Policy& p, Date today) {
    DateRange out{c.submitted, today};
    if (auto last = decision_deadline(c, p)) out.latest = std::min(out.latest, *last);
    return out;
}

DateRange final_date_range(const Review& r, Date today) {
    DateRange out{r.review.draft_report_date.value_or(today), today};
    for (const auto& c : r.contests)
        if (c.decided_on) out.earliest = std::max(out.earliest, *c.decided_on);
    return out;
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

void issue_draft(Review& r, const Scale& scale, Date on, Date today) {
    if (auto why = why_not_issue_draft(r, scale); !why.empty()) throw RuleError("cannot issue the draft report: " + why);
    check_date(on, today, "the draft report date");
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

void submit_contest(Review& r, const Scale& scale, const Policy& policy, Contest c, Date today) {
    if (auto why = why_not_submit_contest(r, scale, policy, c.item); !why.empty())
        throw RuleError("cannot record the contest: " + why);
    if (blank(c.documentation) && c.attachments.empty())
        throw RuleError("a contest needs supporting documentation: describe it or attach it");
    check_date(c.submitted, today, "the contest date");
    if (c.submitted < *r.review.draft_report_date)
        throw RuleError("the contest date " + c.submitted.iso() + " is before the draft report (" +
                        r.review.draft_report_date->iso() + ")");
    if (auto last = contest_deadline(r, policy); last && *last < c.submitted)
        throw RuleError("the contest date " + c.submitted.iso() + " is after the contest window closed on " + last->iso() +
                        " (" + std::to_string(*policy.contests.window_days) + " days after the draft report)");
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

std::string why_not_decide_contest(const Review& r, const std::string& item) {
    if (stage_of(r) == Stage::final) return "the final report has been issued; its contests are decided";
    if (item.empty()) {
        for (const auto& c : r.contests)
            if (c.decision == Decision::pending) return {};
        return "no contest is pending";
    }
    if (!r.contest(item)) return item + " is not contested";
    return {};
}

void decide_contest(Review& r, const Policy& policy, const std::string& item, Decision decision,
                    std::optional<int> decided_score, Date on, const std::string& rationale, Date today) {
    if (auto why = why_not_decide_contest(r, item); !why.empty()) throw RuleError(why);
    Contest* c = r.contest(item);
    check_score(decided_score);
    if (decision == Decision::upheld && !decided_score)
        throw RuleError("upholding the contest of " + item + " needs the decided score");
    if (decision != Decision::pending) {
        check_date(on, today, "the decision date");
        if (on < c->submitted)
            throw RuleError("the decision date " + on.iso() + " is before the contest was submitted (" +
                            c->submitted.iso() + ")");
        if (auto last = decision_deadline(*c, policy); last && *last < on)
            throw RuleError("the decision date " + on.iso() + " is after the decision was due on " + last->iso() + " (" +
                            std::to_string(*policy.contests.decision_days) + " days after the contest)");
        if (blank(rationale)) throw RuleError("a decision needs its rationale");
    }
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

namespace {
// The final report date must follow the draft and every decision.
void check_final_date(const Review& r, Date on, Date today) {
    check_date(on, today, "the final report date");
    if (on < *r.review.draft_report_date)
        throw RuleError("the final report date " + on.iso() + " is before the draft report (" +
                        r.review.draft_report_date->iso() + ")");
    for (const auto& c : r.contests)
        if (c.decided_on && on < *c.decided_on)
            throw RuleError("the final report date " + on.iso() + " is before the decision on " + c.item + " (" +
                            c.decided_on->iso() + ")");
}
}  // namespace

void issue_final(Review& r, Date on, Date today) {
    if (auto why = why_not_issue_final(r); !why.empty()) throw RuleError("cannot issue the final report: " + why);
    check_final_date(r, on, today);
    r.review.final_report_date = on;
}

void correct_draft_date(Review& r, Date on, Date today) {
    if (auto why = why_not_correct_draft_date(r); !why.empty())
        throw RuleError("the draft report date cannot be corrected: " + why);
    check_date(on, today, "the draft report date");
    Date visit_last = r.review.visit_end.value_or(r.review.visit_start);
    if (on < visit_last)
        throw RuleError("the draft report date " + on.iso() + " is before the visit ended (" + visit_last.iso() + ")");
    r.review.draft_report_date = on;
}

void correct_final_date(Review& r, Date on, Date today) {
    if (auto why = why_not_correct_final_date(r); !why.empty())
        throw RuleError("the final report date cannot be corrected: " + why);
    check_final_date(r, on, today);
    for (const auto& a : r.amendments)
        if (on < a.on)
            throw RuleError("the final report date " + on.iso() + " is before the amendment of " + a.item + " (" +
                            a.on.iso() + ")");
    r.review.final_report_date = on;
}

MergeOutcome merge_independent_work(Review& r, const Scale& scale, const Review& other) {
    if (other.scale_id != r.scale_id || !same_program(other.program, r.program) ||
        other.review.visit_start != r.review.visit_start)
        throw RuleError("the file is about another review (" + other.program.team + ", visit " +
                        other.review.visit_start.iso() + ", scale " + other.scale_id + "; this review: " +
                        r.program.team + ", visit " + r.review.visit_start.iso() + ", scale " + r.scale_id + ")");
    if (!edit_rights(r).independent_work)
        throw RuleError("the draft report has been issued: independent scores can no longer be merged");

    auto note = [](std::vector<std::string>& v, const std::string& who) {
        if (std::find(v.begin(), v.end(), who) == v.end()) v.push_back(who);
    };
    auto has = [](const std::vector<std::string>& v, const std::string& who) {
        return std::find(v.begin(), v.end(), who) != v.end();
    };
    std::vector<std::string> present;  // reviewers with work in this review
    for (const auto& rt : r.ratings) {
        for (const auto& [who, s] : rt.by) note(present, who);
        for (const auto& [who, w] : rt.independent) note(present, who);
    }
    std::vector<std::string> with_work;  // reviewers with work in the other file, its reviewers' order first
    std::vector<std::string> theirs;
    for (const auto& rt : other.ratings) {
        for (const auto& [who, s] : rt.by) note(theirs, who);
        for (const auto& [who, w] : rt.independent) note(theirs, who);
    }
    for (const auto& who : other.review.reviewers)
        if (has(theirs, who)) note(with_work, who);
    for (const auto& who : theirs) note(with_work, who);

    MergeOutcome out;
    for (const auto& who : with_work) {
        if (has(present, who)) {
            out.already_present.push_back(who);
            continue;
        }
        out.added.push_back(who);
        if (!has(r.review.reviewers, who)) r.review.reviewers.push_back(who);
        for (const auto& rt : other.ratings) {
            if (auto s = rt.score_by(who)) set_reviewer_score(r, scale, rt.item, who, s);
            for (const auto& [name, work] : rt.independent)
                if (name == who) r.rating_for(rt.item).work_for(who) = work;
        }
    }
    return out;
}

}  // namespace fw
