#include "policy.hpp"

#include <filesystem>
#include <set>

#include "sha256.hpp"
#include "text_file.hpp"
#include "toml_support.hpp"
#include "platform/platform.hpp"

namespace fw {
using detail::TomlChecker;

namespace {
// Totals are sums of item scores (1 to 5): a tier's bound past 5 points for
// each of 200 items (more than any fidelity scale has) means nothing, and
// int arithmetic on it (the next tier's min_total) must not overflow.
constexpr int kMaxTotal = 1000;
}  // namespace

bool Policy::applies_to(std::string_view scale_id) const {
    for (const auto& s : scales)
        if (s == scale_id) return true;
    return false;
}

const Tier* Policy::tier_for(int total) const {
    for (const auto& t : tiers)
        if (total >= t.min_total && total <= t.max_total) return &t;
    return nullptr;
}

const ReevaluationCriterion* ReevaluationRule::criterion(std::string_view id) const {
    for (const auto& c : criteria)
        if (c.id == id) return &c;
    return nullptr;
}

const Tier* Policy::find_tier(std::string_view tier_id) const {
    for (const auto& t : tiers)
        if (t.id == tier_id) return &t;
    return nullptr;
}

Policy parse_policy(const std::string& text, const std::string& file) {
    TomlChecker c(file);
    toml::table root = c.parse(text);
    Policy p;
    p.file = file;
    c.only_keys(root, {"format", "version", "id", "name", "source", "applies_from", "scales", "contests", "tiers",
                       "reevaluation", "action_plan", "first_review", "implementation_plan"});
    if (auto f = c.text(root, "format"); f && *f != "ips-fidelity-policy")
        c.fail(*root.get("format"), "format must be \"ips-fidelity-policy\", not \"" + *f + "\"");
    if (auto v = c.version(root); v && *v != 1)
        c.fail(*root.get("version"), "version " + std::to_string(*v) + " is not supported (this program reads version 1)");
    if (auto id = c.text(root, "id")) {
        p.id = *id;
        if (!detail::is_identifier(*id)) c.fail(*root.get("id"), "id '" + *id + "' must be lower case letters, digits and '-'");
        std::filesystem::path fp = platform::to_path(file);
        if (fp.extension() == ".toml" && platform::to_utf8(fp.stem()) != *id)
            c.fail(*root.get("id"), "id '" + *id + "' does not match the file name '" + platform::to_utf8(fp.filename()) + "'");
    }
    p.name = c.text(root, "name").value_or("");
    p.source = c.text(root, "source").value_or("");
    p.applies_from = c.date(root, "applies_from", false);
    if (auto s = c.strings(root, "scales")) {
        p.scales = *s;
        if (s->empty()) c.fail(*root.get("scales"), "'scales' lists no scale");
    }

    if (const toml::table* ct = c.table(root, "contests")) {
        c.context = "contests: ";
        c.only_keys(*ct, {"limit", "bulletin", "window_days", "decision_days"});
        if (auto l = c.integer(*ct, "limit", 0, 25)) p.contests.limit = *l;
        p.contests.bulletin = c.text(*ct, "bulletin").value_or("");
        for (auto key : {"window_days", "decision_days"}) {
            if (auto d = c.integer(*ct, key, 1, 366, false))
                (std::string_view(key) == "window_days" ? p.contests.window_days : p.contests.decision_days) = *d;
        }
        c.context.clear();
    }

    std::set<std::string> tier_ids;
    bool totals_read = true;
    if (const toml::array* ta = c.array(root, "tiers")) {
        if (ta->empty()) c.fail(*ta, "no tiers");
        for (const auto& tn : *ta) {
            if (!tn.is_table()) {
                c.fail(tn, "each tier must be a table ([[tiers]])");
                continue;
            }
            const auto& tt = *tn.as_table();
            Tier t;
            t.id = c.text(tt, "id").value_or("");
            c.context = "tier " + t.id + ": ";
            c.only_keys(tt, {"id", "name", "min_total", "max_total", "next_review", "action_plan"});
            if (!t.id.empty() && !tier_ids.insert(t.id).second) c.fail(tt, "tier id is used twice");
            t.name = c.text(tt, "name").value_or("");
            auto lo = c.integer(tt, "min_total", 0, kMaxTotal);
            auto hi = c.integer(tt, "max_total", 0, kMaxTotal);
            if (lo && hi && *lo > *hi) c.fail(tt, "min_total is above max_total");
            totals_read = totals_read && lo && hi;
            t.min_total = lo.value_or(0);
            t.max_total = hi.value_or(0);
            if (const toml::table* nr = c.table(tt, "next_review", false)) {
                c.only_keys(*nr, {"earliest_months", "latest_months", "condition"});
                auto e = c.integer(*nr, "earliest_months", 1, 120);
                auto l = c.integer(*nr, "latest_months", 1, 120);
                if (e && l) {
                    if (*e > *l) c.fail(*nr, "next_review: months must be from 1 to 120, earliest not after latest");
                    t.next_review = ReviewWindowRule{*e, *l, c.text(*nr, "condition", false).value_or("")};
                }
            }
            if (auto ap = c.text(tt, "action_plan", false)) {
                if (*ap == "required") t.action_plan = ActionPlanNeed::required;
                else if (*ap == "optional") t.action_plan = ActionPlanNeed::optional;
                else c.fail(*tt.get("action_plan"), "action_plan must be \"required\" or \"optional\"");
            }
            p.tiers.push_back(t);
        }
        c.context.clear();
        // Gaps are only worth naming when every tier's totals could be read.
        for (size_t i = 1; totals_read && i < p.tiers.size(); ++i) {
            if (p.tiers[i].min_total != p.tiers[i - 1].max_total + 1)
                c.fail(*(*ta)[i].as_table(), "tier " + p.tiers[i].id + ": min_total must be " +
                                                 std::to_string(p.tiers[i - 1].max_total + 1) +
                                                 " (one above the previous tier's max_total; tiers are lowest first, with no gaps or overlaps)");
        }
    }

    if (const toml::table* rt = c.table(root, "reevaluation", false)) {
        c.context = "reevaluation: ";
        c.only_keys(*rt, {"min_total", "max_total", "review_types", "tiers", "within_days", "follow_ups_per_review",
                          "criteria"});
        ReevaluationRule r;
        r.min_total = c.integer(*rt, "min_total", 0, kMaxTotal).value_or(0);
        r.max_total = c.integer(*rt, "max_total", 0, kMaxTotal).value_or(0);
        if (r.min_total > r.max_total) c.fail(*rt, "min_total is above max_total");
        r.review_types = c.strings(*rt, "review_types").value_or(std::vector<std::string>{});
        for (const auto& ty : r.review_types)
            if (ty != "initial" && ty != "subsequent" && ty != "follow-up")
                c.fail(*rt->get("review_types"), "review type '" + ty + "' is not initial, subsequent or follow-up");
        r.tiers = c.strings(*rt, "tiers").value_or(std::vector<std::string>{});
        for (const auto& tid : r.tiers)
            if (!tier_ids.count(tid)) c.fail(*rt->get("tiers"), "tier '" + tid + "' is not one of this policy's tiers");
        if (auto d = c.integer(*rt, "within_days", 1, 3660)) r.within_days = *d;
        if (auto n = c.integer(*rt, "follow_ups_per_review", 1, 10, false)) r.follow_ups_per_review = *n;
        if (const toml::array* cr = c.array(*rt, "criteria", false)) {
            std::set<std::string> ids;
            for (const auto& cn : *cr) {
                if (!cn.is_table()) {
                    c.fail(cn, "each criterion must be a table ([[reevaluation.criteria]])");
                    continue;
                }
                const auto& ct = *cn.as_table();
                c.only_keys(ct, {"id", "text", "type", "at_least"});
                ReevaluationCriterion crit;
                crit.id = c.text(ct, "id").value_or("");
                crit.text = c.text(ct, "text").value_or("");
                crit.at_least = c.number(ct, "at_least", false);
                // A figure criterion is a percentage; a criterion without a
                // figure is a yes/no question.
                std::string type = c.text(ct, "type", false).value_or(crit.at_least ? "percent" : "yes-no");
                if (type == "percent") {
                    crit.kind = ReevaluationCriterion::Kind::percent;
                    if (!crit.at_least) c.fail(ct, "criterion '" + crit.id + "': a percent criterion needs at_least");
                    else if (*crit.at_least < 0 || *crit.at_least > 100)
                        c.fail(*ct.get("at_least"), "at_least is a percentage from 0 to 100");
                } else if (type == "yes-no") {
                    if (crit.at_least) c.fail(*ct.get("at_least"), "a yes-no criterion has no at_least");
                } else {
                    c.fail(*ct.get("type"), "type must be \"yes-no\" or \"percent\", not \"" + type + "\"");
                }
                if (!crit.id.empty() && !detail::is_identifier(crit.id))
                    c.fail(*ct.get("id"), "criterion id '" + crit.id + "' must be lower case letters, digits, '-' and '_'");
                if (!crit.id.empty() && !ids.insert(crit.id).second) c.fail(ct, "criterion id '" + crit.id + "' is used twice");
                r.criteria.push_back(crit);
            }
        }
        p.reevaluation = r;
        c.context.clear();
    }
    if (const toml::table* at = c.table(root, "action_plan", false)) {
        c.context = "action_plan: ";
        c.only_keys(*at, {"after_first_review_days", "recipients"});
        if (auto d = c.integer(*at, "after_first_review_days", 1, 366, false)) p.action_plan_after_first_review_days = *d;
        p.action_plan_recipients = c.strings(*at, "recipients", false).value_or(std::vector<std::string>{});
        c.context.clear();
    }
    auto months = [&](const char* table, const char* key, std::optional<int>& out) {
        const toml::table* t = c.table(root, table, false);
        if (!t) return;
        c.context = std::string(table) + ": ";
        c.only_keys(*t, {key});
        if (auto m = c.integer(*t, key, 1, 120)) out = *m;
        c.context.clear();
    };
    months("first_review", "after_months", p.first_review_after_months);
    months("implementation_plan", "review_after_months", p.implementation_plan_review_months);
    c.finish();
    p.fingerprint = sha256_hex(text);
    return p;
}

bool is_policy_text(const std::string& text, const std::string& file) {
    TomlChecker c(file);
    toml::table root = c.parse(text);
    const toml::node* f = root.get("format");
    return f && f->is_string() && f->as_string()->get() == "ips-fidelity-policy";
}

Policy load_policy(const std::string& path) { return parse_policy(read_text_file(path), path); }

}  // namespace fw
