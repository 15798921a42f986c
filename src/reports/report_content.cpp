#include "report_content.hpp"

#include "core/rules.hpp"

namespace fw::reports {

namespace {

// How many priority recommendations the summary lists is the core's rule
// (fw::kPriorityLimit); the rest are in the findings. The report says so.
constexpr size_t kPriorityCap = kPriorityLimit;

std::string count_words(size_t n) {
    static const char* const words[] = {"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};
    return n < 11 ? words[n] : std::to_string(n);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> memo_rows(const Basis& b) {
    const Review& r = b.review;
    std::string to = r.program.team + ", " + r.program.agency;
    if (b.final && !r.program.lme_mco.empty()) to += "\n" + r.program.lme_mco + " (LME-MCO)";
    std::string reports = r.review.draft_report_date ? "Draft report " + long_date(*r.review.draft_report_date) : "";
    if (b.final) reports += (reports.empty() ? "" : " · ") + std::string("Final report ") + long_date(b.report_date);
    std::string program = r.program.agency;
    if (!r.program.county.empty()) program += ", " + r.program.county + " County";
    if (!r.program.lme_mco.empty()) program += " · LME-MCO " + r.program.lme_mco;
    std::vector<std::pair<std::string, std::string>> rows{
        {"Date", long_date(b.report_date)},
        {"To", to},
        {"From", join_names(r.review.reviewers) + (r.review.reviewers.size() == 1 ? ", fidelity reviewer" : ", fidelity reviewers")},
        {"Program", r.program.team + " · " + program},
        {"Review", review_type_label(r.review.type) + " fidelity review · on-site visit " +
                       date_span(r.review.visit_start, r.review.visit_end)},
        {"Scale", b.scale.name + " (" + b.scale.edition + ") · " + b.policy.name},
    };
    if (!reports.empty()) rows.insert(rows.begin() + 5, {"Reports", reports});
    return rows;
}

std::vector<KeyFact> key_facts(const Basis& b) {
    const Summary& s = b.summary;
    std::vector<KeyFact> out;
    KeyFact total{"TOTAL SCORE", {std::to_string(*s.total) + " of " + std::to_string(s.max)}};
    if (b.final && b.draft_summary.total && *b.draft_summary.total != *s.total)
        total.lines.push_back("Draft report: " + std::to_string(*b.draft_summary.total));
    out.push_back(total);
    KeyFact tier{"FIDELITY TIER", {s.tier ? s.tier->name : "outside every tier"}};
    if (s.tier)
        tier.lines.push_back("Total " + std::to_string(s.tier->min_total) + "–" + std::to_string(s.tier->max_total) +
                             ", " + b.policy.name);
    out.push_back(tier);
    if (s.reevaluation) {
        // The 2016 rule for a team below Fair: a follow-up evaluation instead of a next review.
        const Reevaluation& re = *s.reevaluation;
        KeyFact f{"FOLLOW-UP EVALUATION DEADLINE", {}};
        if (re.eligible && re.by) f.lines = {"By " + short_date(*re.by), "Follow-up evaluation, if the team asks for one"};
        else if (re.eligible) f.lines = {"Not yet set", "Counted from the final report date"};
        else f.lines = {"Not eligible", "No follow-up evaluation: not certified"};
        if (re.eligible && !re.unconfirmed.empty()) f.lines.push_back("Conditions not yet all confirmed");
        out.push_back(f);
    } else if (s.next_review) {
        const NextReviewWindow& w = *s.next_review;
        out.push_back({"NEXT FIDELITY REVIEW",
                       {w.earliest == w.latest ? "By " + short_date(w.latest) : short_date(w.earliest) + " – " + short_date(w.latest),
                        b.next_review_rule()}});
    } else {
        out.push_back({"NEXT FIDELITY REVIEW", {b.next_review_rule()}});
    }
    if (!b.final)
        if (auto by = contest_deadline(b.review, b.policy))
            out.push_back({"CONTESTS DUE BY",
                           {short_date(*by), "Up to " + std::to_string(b.policy.contests.limit) + " items, with documentation"}});
    return out;
}

std::string contest_note(const Basis& b) {
    if (b.final || contest_deadline(b.review, b.policy)) return {};
    std::string bulletin = b.policy.contests.bulletin.empty() ? std::string() : " (" + b.policy.contests.bulletin + ")";
    return "The team may contest up to " + std::to_string(b.policy.contests.limit) +
           " items of this draft with supporting documentation" + bulletin +
           ". The policy sets no deadline for contests; ask the reviewers for the date.";
}

Priorities summary_priorities(const Basis& b) {
    Priorities p;
    auto all = priorities(b.shown(), b.scale);
    p.below_4 = all.size();
    p.items.assign(all.begin(), all.begin() + long(std::min(all.size(), kPriorityCap)));
    if (all.empty()) return p;
    p.rule = "The " + count_words(kPriorityCap) + " lowest-scored items below 4, lowest first.";
    if (all.size() > p.items.size()) {
        size_t rest = all.size() - p.items.size();
        p.rule += " The other " + count_words(rest) + (rest == 1 ? " item" : " items") +
                  " below 4 have their recommendations under Findings by item.";
    }
    return p;
}

std::string item_chart_alt(const Basis& b) {
    std::string alt = "Bar chart of the " + std::to_string(b.items.size()) + " item scores, from 1 to 5, by section.";
    const Section* sec = nullptr;
    for (const auto& r : b.items) {
        if (r.section != sec) {
            sec = r.section;
            alt += " " + sec->name + ":";
        } else {
            alt += ",";
        }
        alt += " " + r.item->name + " " + std::to_string(r.score);
        if (b.final && r.draft != r.score) alt += " (draft " + std::to_string(r.draft) + ")";
    }
    return alt + ". Scores below 4 are priorities.";
}

std::string history_chart_alt(const Basis& b) {
    std::vector<std::pair<Date, int>> pts;
    for (const auto& h : b.options.history) pts.push_back({h.final_report, h.total});
    std::stable_sort(pts.begin(), pts.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::string alt = "Line chart of the total score across reviews:";
    for (size_t i = 0; i < pts.size(); ++i)
        alt += std::string(i ? "," : "") + " " + month_year(pts[i].first) + " " + std::to_string(pts[i].second);
    if (b.summary.total) alt += ", " + month_year(b.report_date) + " " + std::to_string(*b.summary.total) + " (this review)";
    alt += ". Tier thresholds:";
    for (size_t i = 1; i < b.policy.tiers.size(); ++i)
        alt += std::string(i > 1 ? "," : "") + " " + b.policy.tiers[i].name + " from " + std::to_string(b.policy.tiers[i].min_total);
    return alt + ".";
}

std::string ticked_sources(const ItemRow& r, const std::string& separator) {
    std::string src;
    if (r.rating)
        for (const auto& c : r.rating->sources) src += (src.empty() ? "" : separator) + c;
    return src.empty() ? "none recorded" : src;
}

bool written_for_draft(const Basis& b, const ItemRow& r) {
    return b.final && r.contest && r.contest->decision == Decision::upheld;
}

std::string contest_decision_text(const Basis& b, const ItemRow& r) {
    if (!b.final || !r.contest) return {};
    const Contest& c = *r.contest;
    std::string t = "Contested " + long_date(c.submitted) + "; " + decision_label(c.decision);
    if (c.decided_on) t += " " + long_date(*c.decided_on);
    if (written_for_draft(b, r)) t += ": the draft score " + std::to_string(r.draft) + " is now " + std::to_string(r.score);
    else t += ": the score stays " + std::to_string(r.score);
    t += ".";
    if (!c.rationale.empty()) t += " Rationale: " + c.rationale;
    return t;
}

}  // namespace fw::reports
