// The score workbook (libxlsxwriter 1.1.4): score sheet with live formulas
// that carry their values (viewers and converters that do not recalculate
// show the core's numbers), contested items, the editable action plan,
// trends with a chart, and the policy's tiers the tier formula looks up.
#include <algorithm>
#include <ctime>

#include "basis.hpp"
#include "core/action_plan.hpp"
#include "documents.hpp"
#include "platform/platform.hpp"
#include "workbook_sheet.hpp"

namespace fw::reports {

namespace {

using namespace xl;

constexpr const char* kTierSheet = "Tiers";

// What the next-review line says for a total in tier `t`, all from the core:
// the window counted from this review's final report date (the follow-up
// evaluation deadline of a 2016 failing team), or the policy's rule.
std::string next_line_for(const Basis& b, const Tier& t) {
    if (&t == b.summary.tier) {
        if (b.summary.reevaluation) {
            const Reevaluation& re = *b.summary.reevaluation;
            if (re.eligible && re.by) return "Follow-up evaluation deadline: " + long_date(*re.by);
            return b.reevaluation_text();
        }
        return b.next_review_text();
    }
    if (b.final && b.review.review.final_report_date)
        if (auto w = next_review_window(b.policy, t, *b.review.review.final_report_date)) return window_text(*w);
    if (!t.next_review) return "not set by the policy for this tier";
    const auto& w = *t.next_review;
    std::string m = w.earliest_months == w.latest_months
                        ? std::to_string(w.earliest_months)
                        : std::to_string(w.earliest_months) + " to " + std::to_string(w.latest_months);
    std::string s = m + " months after the final report";
    if (!w.condition.empty()) s += " (" + w.condition + ")";
    return s;
}

// The policy's tiers, looked up by the tier and next-review formulas.
void tiers_sheet(lxw_workbook* wb, const Basis& b, const Formats& fm) {
    Sheet s(workbook_add_worksheet(wb, kTierSheet), {fm.header, fm.text});
    s.width(0, 1, 13);
    s.width(2, 2, 22);
    s.width(3, 3, 24);
    s.width(4, 4, 12);
    s.width(5, 5, 48);
    s.text(0, 5, "Next review after this review's " + std::string(b.final ? "final report" : "draft"), fm.header);
    s.text(0, 0, "Lowest total", fm.header);
    s.text(0, 1, "Highest total", fm.header);
    s.text(0, 2, "Tier", fm.header);
    s.text(0, 3, "Next review (months after the final report)", fm.header);
    s.text(0, 4, "Action plan", fm.header);
    int r = 1;
    for (const auto& t : b.policy.tiers) {
        s.number(r, 0, t.min_total, fm.number);
        s.number(r, 1, t.max_total, fm.number);
        s.text(r, 2, t.name, fm.text);
        if (t.next_review) {
            std::string w = std::to_string(t.next_review->earliest_months);
            if (t.next_review->latest_months != t.next_review->earliest_months)
                w += "–" + std::to_string(t.next_review->latest_months);
            if (!t.next_review->condition.empty()) w += " (" + t.next_review->condition + ")";
            s.text(r, 3, w, fm.text);
        } else {
            s.text(r, 3, "–", fm.text);
        }
        s.text(r, 4,
               t.action_plan == ActionPlanNeed::required   ? "required"
               : t.action_plan == ActionPlanNeed::optional ? "optional"
                                                           : "–",
               fm.text);
        s.text(r, 5, next_line_for(b, t), fm.text);
        ++r;
    }
    s.note(r + 1, 0, 5, b.policy.name + ". " + b.policy.source, fm.note);
    s.fit_rows();
    worksheet_freeze_panes(s.get(), 1, 0);
    print_setup(s.get(), 0, r + 1, 5, b.review.program.team + " – tiers of " + b.policy.name);
    protect(s.get());
}

// The Tiers sheet's column `col` (C: the tier's name, F: the next review)
// for a total, or "incomplete" while the total is.
std::string tier_formula(const Basis& b, const std::string& total_cell, char col) {
    std::string last = std::to_string(b.policy.tiers.size() + 1);
    return "=IF(ISNUMBER(" + total_cell + "),LOOKUP(" + total_cell + "," + kTierSheet + "!$A$2:$A$" + last + "," +
           kTierSheet + "!$" + col + "$2:$" + col + "$" + last + "),\"incomplete\")";
}

void score_sheet(lxw_workbook* wb, const Basis& b, const Formats& fm) {
    Sheet s(workbook_add_worksheet(wb, "Score sheet"), {fm.header, fm.text, fm.text_bold, fm.input_text});
    const bool fin = b.final;
    const auto& names = b.review.review.reviewers;
    // Columns: Section, No., Item, each reviewer, Consensus, [Final], Data sources, Evidence, Recommendation.
    const int cSection = 0, cNo = 1, cName = 2, cFirstReviewer = 3, cConsensus = cFirstReviewer + int(names.size()),
              cFinal = fin ? cConsensus + 1 : -1, cScore = fin ? cFinal : cConsensus, cSources = cScore + 1,
              cEvidence = cSources + 1, cRec = cEvidence + 1, last_col = cRec;
    const int header = 4;
    s.width(cSection, cSection, 13);
    s.width(cNo, cNo, 5);
    s.width(cName, cName, 30);
    if (!names.empty()) s.width(cFirstReviewer, cConsensus - 1, 11);
    s.width(cConsensus, cConsensus, 11);
    if (fin) s.width(cFinal, cFinal, 11);
    s.width(cSources, cSources, 12);
    s.width(cEvidence, cEvidence, 60);
    s.width(cRec, cRec, 44);
    title_rows(s, b, fm, "Fidelity score sheet", last_col);
    s.text(header, cSection, "Section", fm.header);
    s.text(header, cNo, "No.", fm.header);
    s.text(header, cName, "Item", fm.header);
    for (size_t i = 0; i < names.size(); ++i) s.text(header, cFirstReviewer + int(i), names[i], fm.header);
    s.text(header, cConsensus, fin ? "Consensus (draft)" : "Consensus score", fm.header);
    if (fin) s.text(header, cFinal, "Final score", fm.header);
    s.text(header, cSources, "Data sources", fm.header);
    s.text(header, cEvidence, "Evidence", fm.header);
    s.text(header, cRec, "Recommendation", fm.header);

    int row = header + 1;
    std::vector<int> subtotal_rows;
    const Summary& sum = b.summary;
    const int max_lines = 26;  // 409 points at 15 points a line
    for (size_t k = 0; k < sum.sections.size(); ++k) {
        const SectionTotal& st = sum.sections[k];
        const Section* sec = b.scale.find_section(st.id);
        int first = row, items = 0;
        for (const auto& it : b.items) {
            if (it.section != sec) continue;
            ++items;
            s.text(row, cSection, sec->name, fm.text);
            s.number(row, cNo, it.item->number, fm.number);
            s.text(row, cName, it.item->name, fm.text_bold);
            for (size_t i = 0; i < names.size(); ++i) {
                auto v = it.rating ? it.rating->score_by(names[i]) : std::nullopt;
                if (v) s.number(row, cFirstReviewer + int(i), *v, fm.input_number);
                else s.blank(row, cFirstReviewer + int(i), fm.input_number);
            }
            s.number(row, cConsensus, it.draft, fin ? fm.number : fm.input_number);
            if (fin) s.number(row, cFinal, it.score, fm.input_number);
            std::string src;
            if (it.rating)
                for (const auto& c : it.rating->sources) src += (src.empty() ? "" : ", ") + c;
            s.text(row, cSources, src.empty() ? "none recorded" : src, fm.text);
            auto ev = row_chunks(clean_text(it.rating ? it.rating->evidence : ""), s.width_of(cEvidence), max_lines);
            auto rc = row_chunks(clean_text(it.rating ? it.rating->recommendation : ""), s.width_of(cRec), max_lines);
            const size_t rows_needed = std::max(ev.size(), rc.size());
            for (size_t c = 0; c < rows_needed; ++c) {
                if (c > 0) {
                    for (int col = 0; col <= last_col; ++col) s.blank(row + int(c), col, fm.text);
                    s.text(row + int(c), cName, it.item->name + " (continued)", fm.text);
                }
                s.text(row + int(c), cEvidence, c < ev.size() ? ev[c] : "", c == 0 ? fm.input_text : fm.text);
                s.text(row + int(c), cRec, c < rc.size() ? rc[c] : "", c == 0 ? fm.input_text : fm.text);
            }
            row += int(rows_needed);
        }
        int lastr = row - 1;
        score_validation(s.get(), first, lastr, cFirstReviewer, cScore);
        low_score_formats(s.get(), fm, first, lastr, cFirstReviewer, cScore);
        // Subtotal row: "incomplete" while a score is missing, as the core says.
        for (int c = 0; c <= last_col; ++c) s.blank(row, c, fm.subtotal);
        s.text(row, cName, st.name + " subtotal (of " + std::to_string(st.max) + ")", fm.subtotal);
        auto sum_of = [&](int c) {
            std::string range = cell(first, c) + ":" + cell(lastr, c);
            return "=IF(COUNT(" + range + ")<" + std::to_string(items) + ",\"incomplete\",SUM(" + range + "))";
        };
        if (fin) s.formula(row, cConsensus, sum_of(cConsensus), *b.draft_summary.sections[k].total, fm.subtotal_num);
        s.formula(row, cScore, sum_of(cScore), *st.total, fm.subtotal_num);
        subtotal_rows.push_back(row);
        row += 1;
    }
    // Total: the sum of the subtotals, each formula carrying the core's value.
    const int total_row = row;
    for (int c = 0; c <= last_col; ++c) s.blank(row, c, fm.total);
    s.text(row, cName, "Total (of " + std::to_string(sum.max) + ")", fm.total);
    auto total_of = [&](int c) {
        std::string list;
        for (size_t i = 0; i < subtotal_rows.size(); ++i) list += (i ? "," : "") + cell(subtotal_rows[i], c);
        return "=IF(COUNT(" + list + ")<" + std::to_string(subtotal_rows.size()) + ",\"incomplete\",SUM(" + list + "))";
    };
    if (fin) s.formula(row, cConsensus, total_of(cConsensus), *b.draft_summary.total, fm.total_num);
    s.formula(row, cScore, total_of(cScore), *sum.total, fm.total_num);
    ++row;
    for (int c = 0; c <= last_col; ++c) s.blank(row, c, fm.total);
    s.text(row, cName, "Fidelity tier", fm.total);
    auto tier_name = [](const Summary& x) { return x.tier ? x.tier->name : std::string("#N/A"); };
    if (fin) s.formula(row, cConsensus, tier_formula(b, cell(total_row, cConsensus), 'C'), tier_name(b.draft_summary), fm.total_wrap);
    s.formula(row, cScore, tier_formula(b, cell(total_row, cScore), 'C'), tier_name(sum), fm.total_wrap);
    int tier_lines = 1;  // a tier name may take two lines in the narrow score columns
    for (const auto& t : b.policy.tiers) tier_lines = std::max(tier_lines, wrapped_lines(t.name, s.width_of(cScore)));
    s.at_least(row, tier_lines);
    ++row;
    // The next-review line follows the tier: the Tiers sheet holds what the core says for each tier.
    s.text(row, cName, "Next fidelity review", fm.text_bold);
    worksheet_merge_range(s.get(), lxw_row_t(row), lxw_col_t(cScore), lxw_row_t(row), lxw_col_t(cRec), "", fm.text);
    const std::string next = next_line_for(b, *sum.tier);
    s.formula(row, cScore, tier_formula(b, cell(total_row, cScore), 'F'), next, fm.text);
    s.at_least(row, wrapped_lines(next, s.width_of(cSources) + s.width_of(cEvidence) + s.width_of(cRec)));
    ++row;
    if (!b.scale.notice.empty()) {
        ++row;
        s.note(row, 0, last_col, b.scale.notice, fm.note);
    }
    s.fit_rows();
    worksheet_freeze_panes(s.get(), lxw_row_t(header + 1), 0);
    print_setup(s.get(), header, row, last_col, b.review.program.team + " – " + b.stage_word() + " report " + long_date(b.report_date));
    protect(s.get());
    worksheet_activate(s.get());
}

void contests_sheet(lxw_workbook* wb, const Basis& b, const Formats& fm) {
    Sheet s(workbook_add_worksheet(wb, "Contested items"), {fm.header, fm.text, fm.text_bold});
    const std::vector<std::pair<std::string, double>> cols{
        {"Item", 13},        {"Name", 28},          {"Submitted", 13}, {"Requested score", 10}, {"Documentation", 44},
        {"Decision", 10},    {"Decided on", 13},    {"Decided score", 9}, {"Rationale", 44},    {"Draft score", 8},
        {"Final score", 8}};
    const int header = 4, last_col = int(cols.size()) - 1;
    title_rows(s, b, fm, "Contested items", last_col);
    for (size_t c = 0; c < cols.size(); ++c) {
        s.text(header, int(c), cols[c].first, fm.header);
        s.width(int(c), int(c), cols[c].second);
    }
    int row = header + 1;
    for (const auto& c : b.review.contests) {
        const ItemRow& it = b.row(c.item);
        s.text(row, 0, b.item_label(it), fm.text);
        s.text(row, 1, it.item->name, fm.text_bold);
        s.date(row, 2, c.submitted, fm.date);
        if (c.requested_score) s.number(row, 3, *c.requested_score, fm.number);
        else s.blank(row, 3, fm.number);
        s.text(row, 4, c.documentation, fm.text);
        s.text(row, 5, decision_label(c.decision), fm.text);
        if (c.decided_on) s.date(row, 6, *c.decided_on, fm.date);
        else s.blank(row, 6, fm.date);
        if (c.decided_score) s.number(row, 7, *c.decided_score, fm.number);
        else s.blank(row, 7, fm.number);
        s.text(row, 8, c.rationale, fm.text);
        s.number(row, 9, it.draft, fm.number);
        s.number(row, 10, it.score, fm.number);
        ++row;
    }
    if (b.review.contests.empty()) s.text(row++, 0, "No items were contested.", fm.note);
    s.fit_rows();
    worksheet_freeze_panes(s.get(), lxw_row_t(header + 1), 0);
    print_setup(s.get(), header, row, last_col, b.review.program.team + " – contested items");
    protect(s.get());
}

void action_plan_sheet(lxw_workbook* wb, const Basis& b, const Formats& fm) {
    Sheet s(workbook_add_worksheet(wb, "Action plan"), {fm.header, fm.text, fm.text_bold, fm.input_text});
    ActionPlanRows plan = action_plan_rows(b.shown(), b.scale, b.policy);
    const std::vector<std::pair<std::string, double>> cols{{"Item", 12}, {"Name", 28},   {"Score", 7},
                                                           {"Goal", 30}, {"Steps", 44},  {"Who", 18},
                                                           {"By when", 13}, {"Measure", 36}, {"Status", 12}};
    const int header = 5, last_col = int(cols.size()) - 1;
    title_rows(s, b, fm, "Fidelity action plan", last_col);
    for (size_t c = 0; c < cols.size(); ++c) {
        s.text(header, int(c), cols[c].first, fm.header);
        s.width(int(c), int(c), cols[c].second);
    }
    s.note(3, 0, last_col,
           plan.proposed ? "Proposed from the lowest-scored items below 4, lowest first: edit the goals, steps, people and dates."
                         : "The team's action plan. Status: planned, in-progress, done or dropped.",
           fm.note);
    int row = header + 1;
    const int first = row;
    for (const auto& a : plan.rows) {
        const Item* item = b.scale.find(a.item);
        s.text(row, 0, item ? b.item_label(b.row(a.item)) : a.item, fm.text);
        s.text(row, 1, item ? item->name : "", fm.text_bold);
        if (item) s.number(row, 2, b.row(a.item).score, fm.number);
        else s.blank(row, 2, fm.number);
        s.text(row, 3, a.goal, fm.input_text);
        s.text(row, 4, a.steps, fm.input_text);
        s.text(row, 5, a.who, fm.input_text);
        if (a.by_when) s.date(row, 6, *a.by_when, fm.input_date);
        else s.blank(row, 6, fm.input_date);
        s.text(row, 7, a.measure, fm.input_text);
        s.text(row, 8, to_string(a.status), fm.input_text);
        ++row;
    }
    // Room for rows the team adds, with the same checks.
    const int last = row + 14;
    for (int r = row; r <= last; ++r) {
        for (int c = 0; c <= last_col; ++c) s.blank(r, c, c == 6 ? fm.input_date : c == 2 ? fm.input_number : fm.input_text);
    }
    static const char* statuses[] = {"planned", "in-progress", "done", "dropped", nullptr};
    lxw_data_validation st{};
    st.validate = LXW_VALIDATION_TYPE_LIST;
    st.value_list = const_cast<char**>(statuses);
    st.error_title = const_cast<char*>("Status");
    st.error_message = const_cast<char*>("Choose planned, in-progress, done or dropped.");
    check(worksheet_data_validation_range(s.get(), lxw_row_t(first), 8, lxw_row_t(last), 8, &st), "validation");
    lxw_data_validation dv{};
    dv.validate = LXW_VALIDATION_TYPE_DATE;
    dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
    dv.value_datetime = excel_date(b.review.review.visit_start);
    dv.show_input = LXW_VALIDATION_ON;
    dv.input_title = const_cast<char*>("By when");
    dv.input_message = const_cast<char*>("A date on or after the review visit.");
    dv.error_title = const_cast<char*>("Date");
    dv.error_message = const_cast<char*>("Enter a date on or after the review visit, e.g. 2026-09-30.");
    check(worksheet_data_validation_range(s.get(), lxw_row_t(first), 6, lxw_row_t(last), 6, &dv), "validation");
    score_validation(s.get(), first, last, 2, 2);
    s.fit_rows();
    worksheet_freeze_panes(s.get(), lxw_row_t(header + 1), 0);
    print_setup(s.get(), header, last, last_col, b.review.program.team + " – fidelity action plan");
    protect(s.get());
}

void trends_sheet(lxw_workbook* wb, const Basis& b, const Formats& fm) {
    if (b.options.history.empty()) return;
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Trends");
    Sheet s(ws);
    struct Point {
        Date date;
        int total;
        std::string tier;
    };
    std::vector<Point> pts;
    for (const auto& h : b.options.history) {
        const Tier* t = b.policy.find_tier(h.tier_id);
        pts.push_back({h.final_report, h.total, t ? t->name : h.tier_id});
    }
    std::stable_sort(pts.begin(), pts.end(), [](const Point& a, const Point& c) { return a.date < c.date; });
    pts.push_back({b.report_date, *b.summary.total, b.summary.tier ? b.summary.tier->name : ""});

    std::vector<const Tier*> lines;
    for (size_t i = 1; i < b.policy.tiers.size(); ++i) lines.push_back(&b.policy.tiers[i]);
    s.text(0, 0, "Report", fm.header);
    s.text(0, 1, "Report date", fm.header);
    s.text(0, 2, "Total", fm.header);
    s.text(0, 3, "Tier", fm.header);
    for (size_t i = 0; i < lines.size(); ++i) s.text(0, int(4 + i), lines[i]->name + " from", fm.header);
    int row = 1;
    for (const auto& p : pts) {
        s.text(row, 0, month_year(p.date), fm.text);
        s.date(row, 1, p.date, fm.date);
        s.number(row, 2, p.total, fm.number);
        s.formula(row, 3, tier_formula(b, cell(row, 2), 'C'), p.tier, fm.text);
        for (size_t i = 0; i < lines.size(); ++i) s.number(row, int(4 + i), lines[i]->min_total, fm.number);
        ++row;
    }
    s.width(0, 1, 13);
    s.width(2, 2, 8);
    s.width(3, 3, 20);
    s.width(4, int(3 + lines.size()), 14);

    lxw_chart* chart = workbook_add_chart(wb, LXW_CHART_LINE);
    const int last = row - 1;
    lxw_chart_series* total = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(total, "Trends", 1, 0, lxw_row_t(last), 0);
    chart_series_set_values(total, "Trends", 1, 2, lxw_row_t(last), 2);
    chart_series_set_name(total, "Total");
    chart_series_set_marker_type(total, LXW_CHART_MARKER_SQUARE);
    lxw_chart_line tl{};
    tl.color = 0x2F5D8C;
    tl.width = 2.25;
    chart_series_set_line(total, &tl);
    chart_series_set_labels(total);
    for (size_t i = 0; i < lines.size(); ++i) {
        lxw_chart_series* ser = chart_add_series(chart, nullptr, nullptr);
        chart_series_set_categories(ser, "Trends", 1, 0, lxw_row_t(last), 0);
        chart_series_set_values(ser, "Trends", 1, lxw_col_t(4 + i), lxw_row_t(last), lxw_col_t(4 + i));
        chart_series_set_name_range(ser, "Trends", 0, lxw_col_t(4 + i));
        lxw_chart_line ll{};
        ll.color = 0x1F3A5F;
        ll.width = 1;
        ll.dash_type = LXW_CHART_LINE_DASH_DASH;
        chart_series_set_line(ser, &ll);
        chart_series_set_marker_type(ser, LXW_CHART_MARKER_NONE);
    }
    chart_title_set_name(chart, "Total score across reviews");
    chart_axis_set_min(chart->y_axis, std::max(b.scale.min_total(), 40));
    chart_axis_set_max(chart->y_axis, b.scale.max_total());
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options opt{};
    opt.x_scale = 1.6;
    opt.y_scale = 1.3;
    worksheet_insert_chart_opt(ws, lxw_row_t(row + 1), 0, chart, &opt);
    print_setup(ws, 0, row + 22, 3 + int(lines.size()), b.review.program.team + " – trends");
    protect(ws);
}

void properties(lxw_workbook* wb, const Basis& b, const std::string& title) {
    std::string t = title + ": " + b.review.program.team;
    std::string author = join_names(b.review.review.reviewers);
    std::string company = b.review.program.agency;
    std::string comments = "Made by the Fidelity Workstation from the review with SHA-256 " + review_fingerprint(b.review);
    lxw_doc_properties p{};
    p.title = const_cast<char*>(t.c_str());  // the C struct is not const-correct; it only reads them
    p.author = const_cast<char*>(author.c_str());
    p.company = const_cast<char*>(company.c_str());
    p.comments = const_cast<char*>(comments.c_str());
    // The report's date, not the clock: the same review gives the same file.
    std::tm tm{};
    tm.tm_year = b.report_date.year() - 1900;
    tm.tm_mon = int(b.report_date.month()) - 1;
    tm.tm_mday = int(b.report_date.day());
    p.created = platform::from_utc(&tm);
    workbook_set_properties(wb, &p);
    std::string fp = review_fingerprint(b.review);
    workbook_set_custom_property_string(wb, kFingerprintKey, fp.c_str());
}

}  // namespace

std::string make_xlsx(const Review& r, const Scale& scale, const Policy& policy, const ReportOptions& o) {
    Basis b(r, scale, policy, o);
    return build_workbook([&](lxw_workbook* wb, const Formats& fm) {
        score_sheet(wb, b, fm);
        if (b.final) contests_sheet(wb, b, fm);
        action_plan_sheet(wb, b, fm);
        trends_sheet(wb, b, fm);
        tiers_sheet(wb, b, fm);
        properties(wb, b, std::string(b.final ? "Final" : "Draft") + " fidelity score workbook");
    });
}

std::string make_action_plan_xlsx(const Review& r, const Scale& scale, const Policy& policy, const ReportOptions& o) {
    Basis b(r, scale, policy, o);
    return build_workbook([&](lxw_workbook* wb, const Formats& fm) {
        action_plan_sheet(wb, b, fm);
        properties(wb, b, "Fidelity action plan");
    });
}

}  // namespace fw::reports
