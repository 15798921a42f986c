#include "rulebook.hpp"

#include <cmath>
#include <map>
#include <set>

#include "catalog.hpp"
#include "review_file.hpp"
#include "rules.hpp"

namespace fw {

namespace {

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

std::string joined(const std::vector<std::string>& parts, const char* sep = ", ") {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
    return out;
}

std::string bulletin_of(const Policy& policy) {
    return policy.contests.bulletin.empty() ? policy.name : policy.contests.bulletin;
}

std::string plural(size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// The re-evaluation conditions as recorded, against the policy's list.
void check_criteria(const Review& r, const Policy& policy, std::vector<Problem>& out) {
    const auto& recorded = r.review.reevaluation_criteria;
    if (recorded.empty()) return;
    const std::string P = "/review/reevaluation_criteria";
    if (!policy.reevaluation || policy.reevaluation->criteria.empty()) {
        out.push_back({Place::at_pointer(P), "policy " + policy.id + " has no re-evaluation conditions to record"});
        return;
    }
    const ReevaluationRule& rule = *policy.reevaluation;
    std::vector<std::string> ids;
    for (const auto& c : rule.criteria) ids.push_back(c.id);
    for (const auto& rec : recorded) {
        std::string ptr = P + "/" + pointer_token(rec.id);
        const ReevaluationCriterion* crit = rule.criterion(rec.id);
        if (!crit) {
            out.push_back({Place::at_pointer(ptr), "\"" + rec.id + "\" is not a re-evaluation condition of " + policy.id +
                                                       "; the conditions are " + joined(ids)});
            continue;
        }
        if (auto why = why_not_criterion_value(*crit, rec); !why.empty()) out.push_back({Place::at_pointer(ptr), why});
    }
}

void check_contests(const Review& r, const Scale& scale, const Policy& policy, std::vector<Problem>& out) {
    auto fail = [&](const std::string& p, std::string msg) { out.push_back({Place::at_pointer(p), std::move(msg)}); };
    const auto& rv = r.review;
    std::map<std::string, size_t> contested;
    for (size_t i = 0; i < r.contests.size(); ++i) {
        const Contest& c = r.contests[i];
        std::string P = "/contests/" + std::to_string(i);
        if (int(i) == policy.contests.limit)
            fail(P, "contest " + std::to_string(i + 1) + " is one too many: a team may contest at most " +
                        std::to_string(policy.contests.limit) + " items (" + bulletin_of(policy) + ")");
        if (!c.item.empty() && scale.find(c.item)) {  // unknown items: check_items_known
            auto [it, fresh] = contested.emplace(c.item, i);
            if (!fresh)
                fail(P + "/item", c.item + " is contested twice (first at /contests/" + std::to_string(it->second) + ")");
            if (!r.consensus(c.item)) fail(P + "/item", c.item + " has no consensus score, so it cannot be contested");
        }
        if (!rv.draft_report_date) {
            fail(P + "/submitted", "a contest needs the draft report first (review/draft_report_date is missing)");
        } else {
            if (c.submitted < *rv.draft_report_date)
                fail(P + "/submitted", c.submitted.iso() + " is before the draft report (" + rv.draft_report_date->iso() + ")");
            if (auto last = contest_deadline(r, policy); last && *last < c.submitted)
                fail(P + "/submitted", c.submitted.iso() + " is after the contest window closed on " + last->iso() + " (" +
                                           std::to_string(*policy.contests.window_days) + " days after the draft report, " +
                                           policy.id + ")");
        }
        if (rv.final_report_date && *rv.final_report_date < c.submitted)
            fail(P + "/submitted", c.submitted.iso() + " is after the final report (" + rv.final_report_date->iso() +
                                       "): contests come between the draft and the final report");
        if (blank(c.documentation) && c.attachments.empty())
            fail(P + "/documentation", "a contest needs its supporting documentation (describe it, or attach it)");

        switch (c.decision) {
        case Decision::upheld:
            if (!c.decided_score) fail(P + "/decided_score", "an upheld contest needs the decided score (1 to 5)");
            break;
        case Decision::denied:
            if (c.decided_score)
                fail(P + "/decided_score", "a denied contest keeps the consensus score: remove decided_score");
            break;
        case Decision::pending:
            if (c.decided_score)
                fail(P + "/decided_score", "a pending contest has no decided score yet: remove decided_score, or decide it");
            if (c.decided_on) fail(P + "/decided_on", "a pending contest has no decision date yet: remove decided_on, or decide it");
            if (rv.final_report_date)
                fail(P + "/decision", "the final report (" + rv.final_report_date->iso() +
                                          ") needs every contest decided, upheld or denied; this one is pending");
            break;
        }
        if (c.decision != Decision::pending) {
            if (!c.decided_on) fail(P + "/decided_on", "a decided contest needs the date of the decision");
            if (blank(c.rationale)) fail(P + "/rationale", "a decided contest needs the rationale of the decision");
        }
        if (c.decided_on) {
            if (*c.decided_on < c.submitted)
                fail(P + "/decided_on", c.decided_on->iso() + " is before the contest was submitted (" + c.submitted.iso() + ")");
            if (rv.final_report_date && *rv.final_report_date < *c.decided_on)
                fail(P + "/decided_on", c.decided_on->iso() + " is after the final report (" + rv.final_report_date->iso() + ")");
            if (auto last = decision_deadline(c, policy); last && *last < *c.decided_on)
                fail(P + "/decided_on", c.decided_on->iso() + " is after the decision was due on " + last->iso() + " (" +
                                            std::to_string(*policy.contests.decision_days) + " days after the contest, " +
                                            policy.id + ")");
        }
    }
}

void check_ratings(const Review& r, const Scale& scale, std::vector<Problem>& out) {
    auto fail = [&](const std::string& p, std::string msg) { out.push_back({Place::at_pointer(p), std::move(msg)}); };
    std::set<std::string> reviewers(r.review.reviewers.begin(), r.review.reviewers.end());
    std::map<std::string, size_t> seen;
    for (size_t i = 0; i < r.ratings.size(); ++i) {
        const Rating& rt = r.ratings[i];
        std::string P = "/ratings/" + std::to_string(i);
        if (rt.item.empty()) continue;  // already reported by the reader
        const Item* item = scale.find(rt.item);
        if (!item) continue;  // check_items_known
        auto [it, fresh] = seen.emplace(rt.item, i);
        if (!fresh) fail(P + "/item", rt.item + " is rated twice (first at /ratings/" + std::to_string(it->second) + ")");
        if (!reviewers.empty()) {
            for (const auto& [who, s] : rt.by)
                if (!reviewers.count(who))
                    fail(P + "/by/" + pointer_token(who), "\"" + who + "\" is not one of the review's reviewers");
            for (const auto& [who, w] : rt.independent)
                if (!reviewers.count(who))
                    fail(P + "/independent/" + pointer_token(who), "\"" + who + "\" is not one of the review's reviewers");
        }
        auto check_sources = [&](const std::vector<std::string>& src, const std::string& ptr) {
            for (size_t k = 0; k < src.size(); ++k)
                if (scale.source_meaning(src[k]).empty())
                    fail(ptr + "/sources/" + std::to_string(k), "\"" + src[k] + "\" is not a data source of the scale");
        };
        auto check_checklist = [&](const std::vector<std::string>& met, const std::string& ptr) {
            if (met.empty()) return;
            if (!item->checklist) {
                fail(ptr + "/checklist", rt.item + " has no element checklist");
                return;
            }
            for (size_t k = 0; k < met.size(); ++k) {
                bool known = false;
                for (const auto& el : item->checklist->elements) known = known || el.id == met[k];
                if (!known) fail(ptr + "/checklist/" + std::to_string(k), "\"" + met[k] + "\" is not an element of " + rt.item);
            }
        };
        auto check_calculator = [&](const std::vector<CalculatorRow>& rows, const std::string& ptr) {
            if (rows.empty()) return;
            if (!item->calculator) {
                fail(ptr + "/calculator", rt.item + " has no calculator");
                return;
            }
            if (!item->calculator->per_staff && rows.size() > 1)
                fail(ptr + "/calculator", rt.item + " takes one row of figures, not " + std::to_string(rows.size()));
            for (size_t k = 0; k < rows.size(); ++k)
                for (const auto& [key, v] : rows[k]) {
                    const CalculatorInput* in = nullptr;
                    for (const auto& ci : item->calculator->inputs)
                        if (ci.id == key) in = &ci;
                    std::string q = ptr + "/calculator/" + std::to_string(k) + "/" + pointer_token(key);
                    if (!in) fail(q, "\"" + key + "\" is not an input of the " + rt.item + " calculator");
                    else if (in->whole && v != std::floor(v)) fail(q, in->label + " must be a whole number");
                }
        };
        check_sources(rt.sources, P);
        check_checklist(rt.checklist, P);
        check_calculator(rt.calculator, P);
        for (const auto& [who, w] : rt.independent) {
            std::string Q = P + "/independent/" + pointer_token(who);
            check_sources(w.sources, Q);
            check_checklist(w.checklist, Q);
            check_calculator(w.calculator, Q);
        }
    }
}

}  // namespace

std::string why_not_criterion_value(const ReevaluationCriterion& crit, const CriterionRecord& rec) {
    if (!rec.met && !rec.value) return {};  // null: not recorded yet
    if (crit.kind == ReevaluationCriterion::Kind::yes_no) {
        if (!rec.met) return "must be true or false (" + crit.text + "?), not a number";
        return {};
    }
    if (!rec.value) return "must be a percentage from 0 to 100, not true or false";
    if (!std::isfinite(*rec.value) || *rec.value < 0 || *rec.value > 100) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%g", *rec.value);
        return std::string("must be a percentage from 0 to 100, not ") + buf;
    }
    return {};
}

std::string why_not_date(Date d, Date today, const std::string& what) {
    if (today < d) return what + " " + d.iso() + " is in the future (today is " + today.iso() + ")";
    return {};
}

std::vector<Problem> check_review(const Review& r, const Scale& scale, const Policy& policy) {
    std::vector<Problem> out;
    auto fail = [&](const std::string& p, std::string msg) { out.push_back({Place::at_pointer(p), std::move(msg)}); };
    const auto& rv = r.review;
    out = check_items_known(r, scale);
    if (!policy.applies_to(scale.id))
        fail(r.policy_given ? "/policy" : "/scale", "policy " + policy.id + " does not apply to scale " + scale.id);

    // Dates in order: the program's start, the visit, the draft, the final.
    if (r.program.start_date && rv.visit_start < *r.program.start_date)
        fail("/program/start_date", r.program.start_date->iso() + " is after the visit started (" + rv.visit_start.iso() +
                                        "): a program is reviewed after it starts");
    if (rv.visit_end && *rv.visit_end < rv.visit_start)
        fail("/review/visit_end", rv.visit_end->iso() + " is before the visit's start (" + rv.visit_start.iso() + ")");
    Date visit_last = rv.visit_end.value_or(rv.visit_start);
    if (rv.draft_report_date && *rv.draft_report_date < visit_last)
        fail("/review/draft_report_date", rv.draft_report_date->iso() + " is before the visit ended (" + visit_last.iso() + ")");
    if (rv.final_report_date) {
        if (!rv.draft_report_date)
            fail("/review/final_report_date", "a final report needs a draft report first (draft_report_date is missing)");
        else if (*rv.final_report_date < *rv.draft_report_date)
            fail("/review/final_report_date", rv.final_report_date->iso() + " is before the draft report (" +
                                                  rv.draft_report_date->iso() + ")");
    }
    // A report, draft or final, stands on every item's score.
    if (rv.draft_report_date || rv.final_report_date) {
        std::vector<std::string> unscored;
        for (const auto& item : scale.items)
            if (!r.consensus(item.id)) unscored.push_back(item.id);
        if (!unscored.empty()) {
            std::vector<std::string> shown(unscored.begin(), unscored.begin() + std::min<size_t>(unscored.size(), 5));
            bool final = rv.final_report_date.has_value();
            fail(final ? "/review/final_report_date" : "/review/draft_report_date",
                 std::string(final ? "a final" : "a draft") + " report needs every item scored; " +
                     plural(unscored.size(), "item is", "items are") + " not (" + joined(shown) +
                     (unscored.size() > 5 ? ", ..." : "") + ")");
        }
    }

    check_ratings(r, scale, out);
    check_contests(r, scale, policy, out);
    check_criteria(r, policy, out);

    for (size_t i = 0; i < r.amendments.size(); ++i) {
        const Amendment& a = r.amendments[i];
        std::string P = "/amendments/" + std::to_string(i);
        if (!rv.draft_report_date)
            fail(P, "an amendment changes an issued report, and this review has no draft report date");
        else if (a.on < *rv.draft_report_date)
            fail(P + "/on", a.on.iso() + " is before the draft report (" + rv.draft_report_date->iso() +
                                "): amendments come after a report is issued");
    }
    return out;
}

std::vector<Problem> check_items_known(const Review& r, const Scale& scale) {
    std::vector<Problem> out;
    auto check = [&](const std::string& list, size_t i, const std::string& item) {
        if (!item.empty() && !scale.find(item))
            out.push_back({Place::at_pointer("/" + list + "/" + std::to_string(i) + "/item"),
                           "\"" + item + "\" is not an item of the scale " + scale.id});
    };
    for (size_t i = 0; i < r.ratings.size(); ++i) check("ratings", i, r.ratings[i].item);
    for (size_t i = 0; i < r.contests.size(); ++i) check("contests", i, r.contests[i].item);
    for (size_t i = 0; i < r.amendments.size(); ++i) check("amendments", i, r.amendments[i].item);
    for (size_t i = 0; i < r.action_plan.size(); ++i) check("action_plan", i, r.action_plan[i].item);
    return out;
}

std::vector<Problem> check_program(const Program& p, Catalog& catalog) {
    std::vector<Problem> out;
    if (!p.implementation_plan) return out;
    const std::string P = "/program/implementation_plan/policy";
    try {
        const Policy& policy = catalog.policy(p.implementation_plan->policy);
        if (!policy.implementation_plan_review_months)
            out.push_back({Place::at_pointer(P), "policy " + policy.id +
                                                     " has no rule for a review after an implementation-plan meeting"});
    } catch (const NotInCatalog& e) {
        out.push_back({Place::at_pointer(P), e.what()});
    }
    return out;
}

// ------------------------------------------------------------- transitions

EditRights edit_rights(const Review& r) {
    EditRights e;
    Stage st = stage_of(r);
    bool scoring = st == Stage::scoring, final = st == Stage::final;
    e.review_facts = scoring;
    e.independent_work = scoring;
    e.consensus_score = scoring;
    e.score_by_amendment = !scoring;
    e.worksheet = !final;
    e.item_text = !final;
    e.text_by_amendment = final;
    e.program_details = !final;
    e.delete_review = scoring;
    e.follows_policy_file = !final;
    return e;
}

std::string why_not_amend_score(const Review& r, const std::string& item) {
    Stage st = stage_of(r);
    if (st == Stage::scoring) return "the draft report has not been issued: the score changes without an amendment";
    if (!r.consensus(item)) return item + " has no consensus score";
    if (const Contest* c = r.contest(item)) {
        if (st != Stage::final) return item + " is contested: its score changes through the contest decision";
        if (c->decision == Decision::upheld)
            return "the final score of " + item + " was set by its upheld contest (" +
                   std::to_string(c->decided_score.value_or(0)) + "); amending the consensus score would not change it";
    }
    return {};
}

std::string why_not_correct_draft_date(const Review& r) {
    Stage st = stage_of(r);
    if (st == Stage::scoring) return "the draft report has not been issued";
    if (st == Stage::final) return "the final report has been issued";
    if (!r.contests.empty()) return "a contest has been recorded against the draft report";
    if (!r.amendments.empty()) return "an amendment has been recorded after the draft report";
    return {};
}

std::string why_not_correct_final_date(const Review& r) {
    if (stage_of(r) != Stage::final) return "the final report has not been issued";
    for (const auto& a : r.amendments)
        if (!(a.on < *r.review.final_report_date)) return "an amendment has been recorded after the final report";
    return {};
}

std::string why_not_delete(const Review& r) {
    if (stage_of(r) != Stage::scoring)
        return "the draft report has been issued: an issued review stays on record (correct it with amendments)";
    return {};
}

namespace {

struct Added {
    std::vector<const Amendment*> amendments;
    bool for_item(const std::string& item) const {
        for (const auto* a : amendments)
            if (a->item == item) return true;
        return false;
    }
    const Amendment* score_change(const std::string& item, std::optional<int> from, std::optional<int> to) const {
        for (const auto* a : amendments)
            if (a->item == item && a->from == from && a->to == to) return a;
        return nullptr;
    }
};

bool same_contest_record(const Contest& a, const Contest& b) {
    if (a.item != b.item || a.submitted != b.submitted || a.documentation != b.documentation ||
        a.requested_score != b.requested_score || a.attachments.size() != b.attachments.size())
        return false;
    for (size_t i = 0; i < a.attachments.size(); ++i)
        if (a.attachments[i].name != b.attachments[i].name || a.attachments[i].media_type != b.attachments[i].media_type ||
            a.attachments[i].data != b.attachments[i].data)
            return false;
    return true;
}

bool same_contest(const Contest& a, const Contest& b) {
    return same_contest_record(a, b) && a.decision == b.decision && a.decided_score == b.decided_score &&
           a.decided_on == b.decided_on && a.rationale == b.rationale && a.extra == b.extra;
}

bool same_independent(const Rating* a, const Rating* b) {
    static const std::vector<std::pair<std::string, int>> no_scores;
    static const std::vector<std::pair<std::string, ReviewerWork>> no_work;
    const auto& sa = a ? a->by : no_scores;
    const auto& sb = b ? b->by : no_scores;
    if (sa != sb) return false;
    const auto& wa = a ? a->independent : no_work;
    const auto& wb = b ? b->independent : no_work;
    if (wa.size() != wb.size()) return false;
    for (size_t i = 0; i < wa.size(); ++i) {
        const auto& [na, x] = wa[i];
        const auto& [nb, y] = wb[i];
        if (na != nb || x.notes != y.notes || x.sources != y.sources || x.checklist != y.checklist ||
            x.calculator != y.calculator || x.extra != y.extra)
            return false;
    }
    return true;
}

bool same_worksheet(const Rating* a, const Rating* b) {
    static const Rating none;
    const Rating& x = a ? *a : none;
    const Rating& y = b ? *b : none;
    return x.sources == y.sources && x.checklist == y.checklist && x.calculator == y.calculator;
}

std::vector<std::string> items_of(const Review& a, const Review& b) {
    std::vector<std::string> items;
    std::set<std::string> seen;
    for (const Review* r : {&a, &b})
        for (const auto& rt : r->ratings)
            if (seen.insert(rt.item).second) items.push_back(rt.item);
    return items;
}

void refuse(const std::string& why) { throw RuleError(why); }

// New dates may not lie in the future.
void check_entered_dates(const Review& b, const Review& a, Date today) {
    auto check = [&](const std::optional<Date>& before, const std::optional<Date>& after, const std::string& what) {
        if (after && after != before)
            if (auto why = why_not_date(*after, today, what); !why.empty()) refuse(why);
    };
    check(b.review.draft_report_date, a.review.draft_report_date, "the draft report date");
    check(b.review.final_report_date, a.review.final_report_date, "the final report date");
    for (const auto& c : a.contests) {
        const Contest* old = b.contest(c.item);
        check(old ? std::optional<Date>(old->submitted) : std::nullopt, c.submitted, "the contest date of " + c.item);
        check(old ? old->decided_on : std::nullopt, c.decided_on, "the decision date of " + c.item);
    }
    for (size_t i = b.amendments.size(); i < a.amendments.size(); ++i)
        check(std::nullopt, a.amendments[i].on, "the amendment date");
}

}  // namespace

namespace {
// What the stage of `b` allows (the transitions); check_change adds the invariants.
void check_transition(const Review& b, const Review& a, Date today);
}  // namespace

void check_change(const Review& b, const Review& a, const Scale& scale, const Policy& policy, Date today) {
    // The stage's rule first: it says why in the reviewer's terms ("cannot
    // be cleared once the draft report has been issued").
    check_transition(b, a, today);
    if (auto problems = check_review(a, scale, policy); !problems.empty())
        refuse(format_problem("the review", problems.front()));
}

namespace {
void check_transition(const Review& b, const Review& a, Date today) {
    if (a.scale_id != b.scale_id) refuse("a review keeps the scale it was scored with (" + b.scale_id + ")");
    check_entered_dates(b, a, today);

    // Amendments are a record: only added to, each with its reason.
    if (a.amendments.size() < b.amendments.size()) refuse("recorded amendments cannot be removed");
    for (size_t i = 0; i < b.amendments.size(); ++i) {
        const Amendment &x = b.amendments[i], &y = a.amendments[i];
        if (x.on != y.on || x.item != y.item || x.from != y.from || x.to != y.to || x.reason != y.reason || x.by != y.by ||
            x.extra != y.extra)
            refuse("recorded amendments cannot be changed");
    }
    Added added;
    for (size_t i = b.amendments.size(); i < a.amendments.size(); ++i) {
        if (blank(a.amendments[i].reason)) refuse("the amendment of " + a.amendments[i].item + " needs a reason");
        added.amendments.push_back(&a.amendments[i]);
    }

    const Stage st = stage_of(b);
    if (st == Stage::scoring) return;
    const bool final = st == Stage::final;
    const std::string issued = final ? "the final report has been issued" : "the draft report has been issued";

    // The review's own facts are those of the report that went out.
    if (a.policy_id != b.policy_id) refuse(issued + ": the policy cannot change");
    if (a.review.type != b.review.type || a.review.visit_start != b.review.visit_start ||
        a.review.visit_end != b.review.visit_end || a.review.reviewers != b.review.reviewers)
        refuse(issued + ": the review's type, visit dates and reviewers are those of the report");
    if (!a.review.draft_report_date) refuse(issued + ": the draft report cannot be taken back");
    if (a.review.draft_report_date != b.review.draft_report_date)
        if (auto why = why_not_correct_draft_date(b); !why.empty())
            refuse("the draft report date " + b.review.draft_report_date->iso() + " cannot change: " + why);

    for (const auto& item : items_of(b, a)) {
        const Rating* rb = b.rating(item);
        const Rating* ra = a.rating(item);
        if (!same_independent(rb, ra)) refuse("independent scores and notes are closed once the draft report has been issued");
        auto sb = rb ? rb->score : std::nullopt;
        auto sa = ra ? ra->score : std::nullopt;
        if (sb != sa) {
            if (!sa) refuse("the score of " + item + " cannot be cleared once the draft report has been issued");
            if (auto why = why_not_amend_score(b, item); !why.empty()) refuse(why);
            if (!added.score_change(item, sb, sa))
                refuse(issued + ": changing the score of " + item + " is an amendment and needs a reason");
        }
        if (final) {
            static const std::string none;
            bool text_changed = (rb ? rb->evidence : none) != (ra ? ra->evidence : none) ||
                                (rb ? rb->recommendation : none) != (ra ? ra->recommendation : none);
            if (text_changed && !added.for_item(item))
                refuse(issued + ": changing the text of " + item + " is an amendment and needs a reason");
            if (!same_worksheet(rb, ra))
                refuse(issued + ": the data sources, checklist and calculator of " + item + " are those of the report");
        }
    }

    if (final) {
        if (!a.review.final_report_date) refuse(issued + ": the final report cannot be taken back");
        if (a.review.final_report_date != b.review.final_report_date)
            if (auto why = why_not_correct_final_date(b); !why.empty())
                refuse("the final report date " + b.review.final_report_date->iso() + " cannot change: " + why);
        bool same = a.contests.size() == b.contests.size();
        for (size_t i = 0; same && i < a.contests.size(); ++i) same = same_contest(a.contests[i], b.contests[i]);
        if (!same) refuse(issued + "; its contests are on record");
        return;
    }
    // Before the final report: contests are added, decided and, while still
    // pending, withdrawn; what the team submitted stays as it was.
    for (const auto& old : b.contests) {
        const Contest* now = a.contest(old.item);
        if (!now) {
            if (old.decision != Decision::pending) refuse("the contest of " + old.item + " has been decided and cannot be withdrawn");
            continue;
        }
        if (!same_contest_record(old, *now))
            refuse("the contest of " + old.item + " is on record as the team submitted it; withdraw it and record it again");
    }
}

}  // namespace

}  // namespace fw
