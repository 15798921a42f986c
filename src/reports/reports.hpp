#pragma once
// The reports of a fidelity review: the draft or final report (tagged PDF,
// and the same as accessible HTML), the score workbook (Excel), the action
// plan (PDF or Excel), and the SHA-256
// fingerprint that ties a final report to the review it was made from.
//
// Every number, tier and date comes from the core (summarize, final_score,
// strengths, priorities, action_plan_rows); the reports only lay them out.
// Files are written whole or not at all (temporary file, then rename).
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/output_file.hpp"
#include "core/policy.hpp"
#include "core/review.hpp"
#include "core/scale.hpp"

namespace fw::reports {

// An earlier review of the same program, for the trend of totals. The caller
// provides them (the command line from earlier review files, the window from
// the database).
struct HistoryPoint {
    Date final_report;
    int total = 0;
    std::string tier_id;
};

struct ReportOptions {
    enum class Stage { draft, final };
    Stage stage = Stage::final;
    std::vector<HistoryPoint> history;  // any order; the review itself is added by the report
    std::string data_dir;               // holds templates/report/*.mustache
    Date generated_on = Date::today();  // the date of a draft made before the draft report date is set
};

// Stage a report of this review gets unless asked otherwise: final once the
// final report date is set, else draft.
ReportOptions::Stage default_stage(const Review&);

// Why this review cannot have a report at this stage (empty when it can):
// unscored items; a final report without a final report date.
std::string why_no_report(const Review&, const Scale&, const Policy&, ReportOptions::Stage);

// The trend point of an earlier review of the same program, when the core's
// rule lets it on the trend of `current` (fw::why_not_on_trend); RuleError
// with the reason when not.
HistoryPoint history_point(const Review& earlier, const Scale&, const Policy&, const Review& current);

// The files' bytes. Throw RuleError when why_no_report() is not empty,
// InputError for a missing or broken template, std::runtime_error otherwise.
std::string make_pdf(const Review&, const Scale&, const Policy&, const ReportOptions&);
std::string make_xlsx(const Review&, const Scale&, const Policy&, const ReportOptions&);
std::string make_action_plan_pdf(const Review&, const Scale&, const Policy&, const ReportOptions&);
std::string make_action_plan_xlsx(const Review&, const Scale&, const Policy&, const ReportOptions&);
// The fidelity report as one self-contained, accessible HTML file.
std::string make_html(const Review&, const Scale&, const Policy&, const ReportOptions&);

// The same, written by the output writer (core/output_file.hpp) to
// `out_path`, which must not be one of `keep`.
void render_pdf(const Review&, const Scale&, const Policy&, const ReportOptions&, const std::string& out_path,
                const KeepFiles& keep = {});
void render_xlsx(const Review&, const Scale&, const Policy&, const ReportOptions&, const std::string& out_path,
                 const KeepFiles& keep = {});
void render_action_plan_pdf(const Review&, const Scale&, const Policy&, const ReportOptions&,
                            const std::string& out_path, const KeepFiles& keep = {});
void render_action_plan_xlsx(const Review&, const Scale&, const Policy&, const ReportOptions&,
                             const std::string& out_path, const KeepFiles& keep = {});
void render_html(const Review&, const Scale&, const Policy&, const ReportOptions&, const std::string& out_path,
                 const KeepFiles& keep = {});

// SHA-256 (hex) of the canonical review file text (fw::write_review).
std::string review_fingerprint(const Review&);

struct VerifyResult {
    bool has_fingerprint = false;  // the PDF carries one at all
    bool matches = false;
    std::string pdf_fingerprint;
    std::string review_fingerprint;
    // When it does not match: what differs, one line each ("score of
    // services.6 (Job development: frequent employer contact): 3 in the
    // report, 4 in the review file").
    std::vector<std::string> differences;
};

// Reads the fingerprint a report carries and compares it with the review.
// Throws InputError when the file cannot be read as a PDF.
VerifyResult verify_pdf(const std::string& pdf_path, const Review&, const Scale&);

}  // namespace fw::reports
