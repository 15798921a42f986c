// score, validate: the commands that need nothing but the core.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/summary_json.hpp"
#include "core/error.hpp"
#include "core/printable.hpp"
#include "core/program_history.hpp"
#include "core/review_file.hpp"
#include "core/rules.hpp"
#include "core/text_file.hpp"
#include "platform/platform.hpp"

namespace fw::cli {
namespace {

std::string window_text(const NextReviewWindow& w) {
    std::string s = w.earliest == w.latest ? "on " + w.earliest.iso()
                                           : "between " + w.earliest.iso() + " and " + w.latest.iso();
    if (!w.condition.empty()) s += " (" + w.condition + ")";
    return s;
}

void print_summary(const Review& r, const Scale& scale, const Policy& policy, const Summary& s) {
    std::cout << printable(r.program.team) << " (" << printable(r.program.agency) << ")";
    if (!r.program.lme_mco.empty()) std::cout << ", " << printable(r.program.lme_mco);
    std::cout << "\n" << to_string(r.review.type) << " review, visit " << r.review.visit_start.iso();
    if (r.review.visit_end && *r.review.visit_end != r.review.visit_start) std::cout << " to " << r.review.visit_end->iso();
    std::cout << "\nScale:   " << printable(scale.name) << " (" << scale.id << ")\n";
    std::cout << "Policy:  " << printable(policy.name) << " (" << policy.id << ")\n";
    std::cout << "Stage:   " << stage_label(s.stage) << "\n";
    std::cout << "Scored:  " << s.scored << "/" << s.item_count << " items\n";
    for (const auto& st : s.sections) {
        char line[200];
        if (st.total)
            std::snprintf(line, sizeof line, "  %-14s %3d / %d\n", printable(st.name).c_str(), *st.total, st.max);
        else
            std::snprintf(line, sizeof line, "  %-14s %3d / %d so far (%d of %d items scored)\n", printable(st.name).c_str(),
                          st.sum, st.max, st.scored, st.items);
        std::cout << line;
    }
    if (!s.complete) {
        std::cout << "Total:   incomplete; unscored:";
        for (const auto& id : s.unscored) std::cout << " " << printable(id);
        std::cout << "\n";
    } else {
        std::cout << "Total:   " << *s.total << " / " << s.max;
        if (*s.draft_total != *s.total) std::cout << " (draft " << *s.draft_total << ")";
        std::cout << "\nTier:    " << (s.tier ? printable(s.tier->name) : std::string("outside every tier of the policy")) << "\n";
        if (s.next_review) std::cout << "Next review due " << printable(window_text(*s.next_review)) << "\n";
        else if (!r.review.final_report_date && s.tier && s.tier->next_review)
            std::cout << "Next review: counted from the final report date, not yet set\n";
        if (s.reevaluation) {
            const auto& re = *s.reevaluation;
            if (re.eligible) {
                std::cout << "Follow-up evaluation: eligible";
                if (re.by) std::cout << ", to be held by " << re.by->iso();
                std::cout << "\n";
            } else {
                std::cout << "Follow-up evaluation: not eligible" << (re.reasons.empty() ? " until every condition is recorded" : "")
                          << "\n";
                for (const auto& why : re.reasons) std::cout << "  " << printable(why) << "\n";
                for (const auto& id : re.unconfirmed) {
                    const ReevaluationCriterion* c = policy.reevaluation->criterion(id);
                    std::cout << "  not yet recorded: " << printable(c ? c->text : id) << " (" << printable(id) << ")\n";
                }
            }
        }
        if (s.action_plan.need == ActionPlanNeed::required) {
            std::cout << "Action plan: required (" << printable(s.action_plan.why) << ")";
            if (s.action_plan.due) std::cout << ", due " << s.action_plan.due->iso();
            std::cout << "\n";
        }
    }
    std::cout << "Contests: " << s.contests.count << " of " << s.contests.limit << " (" << s.contests.pending
              << " pending)\n";
    if (s.contests.submit_by && s.stage != Stage::final)
        std::cout << "  a contest is submitted by " << s.contests.submit_by->iso() << "\n";
    for (const auto& c : r.contests)
        if (auto d = decision_deadline(c, policy); d && c.decision == Decision::pending)
            std::cout << "  " << c.item << ": to be decided by " << d->iso() << "\n";
}

std::vector<Warning> file_warnings(const Review& r, const Policy& policy, Catalog& catalog) {
    ReviewContext ctx;
    ctx.editions = catalog.editions();
    return warnings(r, policy, ctx);
}

void print_warnings(const std::string& file, const std::vector<Warning>& ws) {
    for (const auto& w : ws) std::cout << printable(file) << ": warning: " << printable(w.message) << " (" << w.code << ")\n";
}

}  // namespace

void flush_standard_output(const std::string& what_failed) {
    errno = 0;
    std::cout.flush();
    bool ok = std::fflush(stdout) == 0 && !std::ferror(stdout) && std::cout.good();
    if (ok) return;
    int e = errno;
    std::clearerr(stdout);
    std::cout.clear();
    throw std::runtime_error(what_failed + ": " + (e ? std::strerror(e) : "an earlier write failed"));
}

Catalog& Context::catalog() {
    if (!catalog_) catalog_ = std::make_unique<Catalog>(data_dir.empty() ? Catalog::default_data_dir() : data_dir);
    return *catalog_;
}

void add_core_commands(CLI::App& app, Commands& commands) {
    {
        auto cmd = std::make_unique<Command>();
        auto* c = cmd.get();
        auto json = std::make_shared<bool>(false);
        c->app = app.add_subcommand("score", "Print a review's totals, tier and next-review window");
        c->app->add_option("FILE", c->subject, "Review file (JSON)")->required();
        c->app->add_flag("--json", *json, "One JSON object, as the review-file spec describes");
        c->run = [c, json](Context& ctx) {
            Catalog& catalog = ctx.catalog();
            Review r = read_review_file(c->subject, catalog);
            const Scale& scale = catalog.scale(r.scale_id);
            const Policy& policy = catalog.policy(r.policy_id);
            Summary s = summarize(r, scale, policy);
            auto ws = file_warnings(r, policy, catalog);
            if (*json) {
                std::cout << summary_json(r, policy, s, ws).dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
            } else {
                print_summary(r, scale, policy, s);
                print_warnings(c->subject, ws);
            }
            return kDone;
        };
        commands.push_back(std::move(cmd));
    }
    {
        auto cmd = std::make_unique<Command>();
        auto* c = cmd.get();
        c->all_problems = true;
        c->app = app.add_subcommand("validate", "Check a review file (.json) or a scale or policy file (.toml)");
        c->app->add_option("FILE", c->subject, "File to check")->required();
        c->run = [c](Context& ctx) {
            const std::string& file = c->subject;
            if (platform::to_path(file).extension() == ".toml") {
                std::string text = read_text_file(file);
                // A policy file says so in its format key; anything else is read as a scale.
                if (is_policy_text(text, file)) {
                    Policy p = parse_policy(text, file);
                    for (const auto& sid : p.scales) {
                        try {
                            check_policy_covers(p, ctx.catalog().scale(sid));
                        } catch (const NotInCatalog&) {
                            // A policy for a scale not installed here is still a valid file.
                        }
                    }
                } else {
                    parse_scale(text, file);
                }
                std::cout << "ok\n";
            } else {
                Review r = read_review_file(file, ctx.catalog());
                std::cout << "ok\n";
                // Things the policy flags but does not forbid: still valid.
                print_warnings(file, file_warnings(r, ctx.catalog().policy(r.policy_id), ctx.catalog()));
            }
            return kDone;
        };
        commands.push_back(std::move(cmd));
    }
}

}  // namespace fw::cli
