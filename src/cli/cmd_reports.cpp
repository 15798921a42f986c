// report, verify: the commands of the reports layer.
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/program_history.hpp"
#include "core/review_file.hpp"
#include "core/output_file.hpp"
#include "platform/platform.hpp"
#include "reports/reports.hpp"

namespace fw::cli {
namespace {

namespace fs = std::filesystem;

bool ends_with(const std::string& s, const std::string& suffix) {
    if (s.size() < suffix.size()) return false;
    std::string tail = s.substr(s.size() - suffix.size());
    for (auto& c : tail) c = char(std::tolower(static_cast<unsigned char>(c)));
    return tail == suffix;
}

struct ReportArgs {
    std::string pdf, xlsx, html, action_plan, stage;
    std::vector<std::string> history;
};

}  // namespace

void add_report_commands(CLI::App& app, Commands& commands) {
    {
        auto cmd = std::make_unique<Command>();
        auto* c = cmd.get();
        auto a = std::make_shared<ReportArgs>();
        c->app = app.add_subcommand("report", "Make the fidelity report (PDF, HTML), the score workbook (Excel) or the action plan");
        c->app->add_option("FILE", c->subject, "Review file (JSON)")->required();
        c->app->add_option("--pdf", a->pdf, "Write the draft or final report to this PDF file");
        c->app->add_option("--xlsx", a->xlsx, "Write the score workbook to this Excel file");
        c->app->add_option("--html", a->html, "Write the report as one accessible HTML file");
        c->app->add_option("--action-plan", a->action_plan, "Write the action plan to this file (.pdf or .xlsx)");
        c->app->add_option("--stage", a->stage, "draft or final (default: final once the final report date is set)")
            ->check(CLI::IsMember({"draft", "final"}));
        c->app->add_option("--history", a->history, "Earlier review files of the same program, for the trend of totals");
        c->run = [c, a](Context& ctx) {
            if (a->pdf.empty() && a->xlsx.empty() && a->html.empty() && a->action_plan.empty())
                throw InputError(c->subject, Problem{{}, "nothing to make: give --pdf, --xlsx, --html or --action-plan"});
            if (!a->action_plan.empty() && !ends_with(a->action_plan, ".pdf") && !ends_with(a->action_plan, ".xlsx"))
                throw InputError(a->action_plan, Problem{{}, "the action plan is made as .pdf or .xlsx; give a file name ending in one"});
            // The outputs are checked before anything is made, so that a
            // wrong name costs nothing; no output may replace an input.
            KeepFiles keep;
            keep.add(c->subject, "the review file this command reads");
            for (const auto& h : a->history) keep.add(h, "a review file this command reads");
            for (const auto* out : {&a->pdf, &a->xlsx, &a->html, &a->action_plan})
                if (!out->empty()) check_output(*out, keep);

            Catalog& catalog = ctx.catalog();
            Review r = read_review_file(c->subject, catalog);
            const Scale& scale = catalog.scale(r.scale_id);
            const Policy& policy = catalog.policy(r.policy_id);
            keep.add(scale.file, "the scale file this command reads");
            keep.add(policy.file, "the policy file this command reads");

            reports::ReportOptions opt;
            opt.data_dir = catalog.data_dir();
            opt.stage = a->stage.empty() ? reports::default_stage(r)
                        : a->stage == "final" ? reports::ReportOptions::Stage::final
                                               : reports::ReportOptions::Stage::draft;
            if (auto why = reports::why_no_report(r, scale, policy, opt.stage); !why.empty()) throw RuleError(why);
            for (const auto& h : a->history) {
                Review earlier = read_review_file(h, catalog);
                if (!same_program(earlier.program, r.program))
                    throw InputError(h, Problem{{}, "is a review of " + earlier.program.team + " (" + earlier.program.agency +
                                                        "), not of " + r.program.team + " (" + r.program.agency + ")"});
                try {
                    opt.history.push_back(reports::history_point(earlier, catalog.scale(earlier.scale_id),
                                                                 catalog.policy(earlier.policy_id), r));
                } catch (const RuleError& e) {
                    throw InputError(h, Problem{{}, e.what()});
                }
            }

            // Everything is made first and written after, so a failure writes nothing.
            std::vector<Output> outputs;
            if (!a->pdf.empty()) outputs.push_back({a->pdf, reports::make_pdf(r, scale, policy, opt)});
            if (!a->xlsx.empty()) outputs.push_back({a->xlsx, reports::make_xlsx(r, scale, policy, opt)});
            if (!a->html.empty()) outputs.push_back({a->html, reports::make_html(r, scale, policy, opt)});
            if (!a->action_plan.empty())
                outputs.push_back({a->action_plan, ends_with(a->action_plan, ".pdf")
                                                       ? reports::make_action_plan_pdf(r, scale, policy, opt)
                                                       : reports::make_action_plan_xlsx(r, scale, policy, opt)});
            write_outputs(outputs, keep);
            // The names written, unless standard output carried one of them.
            bool to_stdout = false;
            for (const auto& o : outputs) to_stdout = to_stdout || o.path == "-";
            if (!to_stdout)
                for (const auto& o : outputs) std::cout << o.path << "\n";
            return kDone;
        };
        commands.push_back(std::move(cmd));
    }
    {
        auto cmd = std::make_unique<Command>();
        auto* c = cmd.get();
        auto pdf = std::make_shared<std::string>();
        c->app = app.add_subcommand("verify", "Tell whether a report (PDF) was made from a review file");
        c->app->add_option("PDF", *pdf, "Report made by 'fidelity report'")->required();
        c->app->add_option("FILE", c->subject, "Review file (JSON)")->required();
        c->run = [c, pdf](Context& ctx) {
            Catalog& catalog = ctx.catalog();
            Review r = read_review_file(c->subject, catalog);
            const Scale& scale = catalog.scale(r.scale_id);
            if (!fs::is_regular_file(platform::to_path(*pdf))) throw InputError(*pdf, Problem{{}, "no such file"});
            reports::VerifyResult v = reports::verify_pdf(*pdf, r, scale);
            if (!v.has_fingerprint) {
                std::cerr << *pdf << ": carries no review fingerprint: it was not made by 'fidelity report'\n";
                return kBadInput;
            }
            if (v.matches) {
                std::cout << *pdf << " matches " << c->subject << " (SHA-256 " << v.review_fingerprint << ")\n";
                return kDone;
            }
            std::cerr << *pdf << ": does not match " << c->subject << ": ";
            for (size_t i = 0; i < v.differences.size(); ++i) {
                if (i == 8) {
                    std::cerr << "; and " << v.differences.size() - 8 << " more";
                    break;
                }
                std::cerr << (i ? "; " : "") << v.differences[i];
            }
            std::cerr << " (report " << v.pdf_fingerprint.substr(0, 12) << "…, file " << v.review_fingerprint.substr(0, 12)
                      << "…)\n";
            return kBadInput;
        };
        commands.push_back(std::move(cmd));
    }
}

}  // namespace fw::cli
