#include "reports.hpp"

#include "basis.hpp"
#include "core/as_drafted.hpp"
#include "core/error.hpp"
#include "core/program_history.hpp"
#include "core/rules.hpp"
#include "documents.hpp"
#include "pdf_backend.hpp"

namespace fw::reports {

ReportOptions::Stage default_stage(const Review& r) {
    return r.review.final_report_date ? ReportOptions::Stage::final : ReportOptions::Stage::draft;
}

std::string why_no_report(const Review& r, const Scale& scale, const Policy& policy, ReportOptions::Stage stage) {
    if (stage == ReportOptions::Stage::final && !r.review.final_report_date)
        return "the review has no final report date, so there is no final report yet (a draft report can be made)";
    Summary s = summarize(stage == ReportOptions::Stage::final ? r : as_drafted(r), scale, policy);
    if (!s.complete) {
        std::string list;
        for (size_t i = 0; i < s.unscored.size() && i < 5; ++i) list += (i ? ", " : "") + s.unscored[i];
        if (s.unscored.size() > 5) list += ", …";
        return "a report needs a consensus score for every item; " + std::to_string(s.unscored.size()) +
               (s.unscored.size() == 1 ? " is" : " are") + " not scored (" + list + ")";
    }
    if (!s.tier) return "the total " + std::to_string(*s.total) + " is outside every tier of the policy " + policy.id;
    return {};
}

HistoryPoint history_point(const Review& r, const Scale& scale, const Policy& policy, const Review& current) {
    Summary s = summarize(r, scale, policy);
    if (auto why = why_not_on_trend(r, s, current); !why.empty())
        throw RuleError("the review of " + r.review.visit_start.iso() + " is not an earlier review on this trend: " + why);
    return HistoryPoint{*r.review.final_report_date, *s.total, s.tier->id};
}

std::string make_pdf(const Review& r, const Scale& scale, const Policy& policy, const ReportOptions& o) {
    Basis b(r, scale, policy, o);
    PdfBackend pdf(o.data_dir);
    return pdf.write(layout_report(b, pdf));
}

std::string make_action_plan_pdf(const Review& r, const Scale& scale, const Policy& policy, const ReportOptions& o) {
    Basis b(r, scale, policy, o);
    PdfBackend pdf(o.data_dir);
    return pdf.write(layout_action_plan(b, pdf));
}

void render_pdf(const Review& r, const Scale& s, const Policy& p, const ReportOptions& o, const std::string& out,
                const KeepFiles& keep) {
    check_output(out, keep);
    write_output(out, make_pdf(r, s, p, o), keep);
}

void render_xlsx(const Review& r, const Scale& s, const Policy& p, const ReportOptions& o, const std::string& out,
                 const KeepFiles& keep) {
    check_output(out, keep);
    write_output(out, make_xlsx(r, s, p, o), keep);
}

void render_action_plan_pdf(const Review& r, const Scale& s, const Policy& p, const ReportOptions& o,
                            const std::string& out, const KeepFiles& keep) {
    check_output(out, keep);
    write_output(out, make_action_plan_pdf(r, s, p, o), keep);
}

void render_action_plan_xlsx(const Review& r, const Scale& s, const Policy& p, const ReportOptions& o,
                             const std::string& out, const KeepFiles& keep) {
    check_output(out, keep);
    write_output(out, make_action_plan_xlsx(r, s, p, o), keep);
}

}  // namespace fw::reports
