// The score workbook (libxlsxwriter 1.1.4): score sheet with live formulas
// that carry their values (viewers and converters that do not recalculate
// show the core's numbers), contested items, the editable action plan,
// trends with a chart, and the policy's tiers the tier formula looks up.
#include <xlsxwriter.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "basis.hpp"
#include "core/action_plan.hpp"
#include "documents.hpp"

namespace fw::reports {

namespace {

constexpr size_t kMaxCell = 32767;  // Excel's limit for the text of one cell

lxw_datetime excel_date(Date d) { return lxw_datetime{int(d.year()), int(d.month()), int(d.day()), 0, 0, 0}; }

std::string col_name(int col) {
    std::string s;
    for (int c = col + 1; c > 0; c = (c - 1) / 26) s.insert(s.begin(), char('A' + (c - 1) % 26));
    return s;
}
std::string cell(int row, int col, bool absolute = false) {
    return absolute ? "$" + col_name(col) + "$" + std::to_string(row + 1) : col_name(col) + std::to_string(row + 1);
}

void check(lxw_error e, const char* what) {
    if (e != LXW_NO_ERROR) throw std::runtime_error(std::string("cannot write the workbook (") + what + "): " + lxw_strerror(e));
}

// Text as a cell can hold it: Excel stops at 32,767 characters.
std::string cell_text(const std::string& s) {
    if (s.size() <= kMaxCell) return s;
    const std::string note = " … [continued in the PDF report]";
    size_t cut = kMaxCell - note.size();
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    return s.substr(0, cut) + note;
}

struct Formats {
    lxw_format *title, *subtitle, *header, *text, *text_bold, *number, *date, *group, *subtotal, *subtotal_num, *total,
        *total_num, *total_wrap, *low, *very_low, *note, *input_text, *input_number, *input_date;

    explicit Formats(lxw_workbook* wb) {
        auto f = [&] { return workbook_add_format(wb); };
        title = f();
        format_set_bold(title);
        format_set_font_size(title, 14);
        format_set_font_color(title, 0x1F3A5F);
        subtitle = f();
        format_set_font_color(subtitle, 0x5B6670);
        header = f();
        format_set_bold(header);
        format_set_font_color(header, 0xFFFFFF);
        format_set_bg_color(header, 0x1F3A5F);
        format_set_text_wrap(header);
        format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
        format_set_border(header, LXW_BORDER_THIN);
        format_set_border_color(header, 0x1F3A5F);
        text = f();
        format_set_text_wrap(text);
        format_set_align(text, LXW_ALIGN_VERTICAL_TOP);
        format_set_bottom(text, LXW_BORDER_HAIR);
        format_set_bottom_color(text, 0xC9D1DA);
        text_bold = f();
        format_set_text_wrap(text_bold);
        format_set_bold(text_bold);
        format_set_align(text_bold, LXW_ALIGN_VERTICAL_TOP);
        format_set_bottom(text_bold, LXW_BORDER_HAIR);
        format_set_bottom_color(text_bold, 0xC9D1DA);
        number = f();
        format_set_align(number, LXW_ALIGN_CENTER);
        format_set_align(number, LXW_ALIGN_VERTICAL_TOP);
        format_set_bottom(number, LXW_BORDER_HAIR);
        format_set_bottom_color(number, 0xC9D1DA);
        date = f();
        format_set_num_format(date, "mmm d, yyyy");
        format_set_align(date, LXW_ALIGN_VERTICAL_TOP);
        format_set_align(date, LXW_ALIGN_LEFT);
        format_set_bottom(date, LXW_BORDER_HAIR);
        format_set_bottom_color(date, 0xC9D1DA);
        group = f();
        format_set_bold(group);
        format_set_font_color(group, 0x1F3A5F);
        format_set_bg_color(group, 0xE4EAF1);
        subtotal = f();
        format_set_bold(subtotal);
        format_set_bg_color(subtotal, 0xF2F5F8);
        format_set_top(subtotal, LXW_BORDER_THIN);
        format_set_top_color(subtotal, 0x8A96A3);
        subtotal_num = f();
        format_set_bold(subtotal_num);
        format_set_bg_color(subtotal_num, 0xF2F5F8);
        format_set_align(subtotal_num, LXW_ALIGN_CENTER);
        format_set_top(subtotal_num, LXW_BORDER_THIN);
        format_set_top_color(subtotal_num, 0x8A96A3);
        total = f();
        format_set_bold(total);
        format_set_bg_color(total, 0xE4EAF1);
        format_set_top(total, LXW_BORDER_MEDIUM);
        format_set_top_color(total, 0x1F3A5F);
        total_num = f();
        format_set_bold(total_num);
        format_set_bg_color(total_num, 0xE4EAF1);
        format_set_align(total_num, LXW_ALIGN_CENTER);
        format_set_top(total_num, LXW_BORDER_MEDIUM);
        format_set_top_color(total_num, 0x1F3A5F);
        total_wrap = f();
        format_set_bold(total_wrap);
        format_set_bg_color(total_wrap, 0xE4EAF1);
        format_set_align(total_wrap, LXW_ALIGN_CENTER);
        format_set_align(total_wrap, LXW_ALIGN_VERTICAL_TOP);
        format_set_text_wrap(total_wrap);
        format_set_top(total_wrap, LXW_BORDER_MEDIUM);
        format_set_top_color(total_wrap, 0x1F3A5F);
        low = f();
        format_set_bg_color(low, 0xFBEBD3);
        very_low = f();
        format_set_bg_color(very_low, 0xF6D3CF);
        format_set_font_color(very_low, 0x8B1A12);
        format_set_bold(very_low);
        // Input cells: the only ones a protected sheet lets people change.
        input_text = f();
        format_set_text_wrap(input_text);
        format_set_align(input_text, LXW_ALIGN_VERTICAL_TOP);
        format_set_bottom(input_text, LXW_BORDER_HAIR);
        format_set_bottom_color(input_text, 0xC9D1DA);
        format_set_unlocked(input_text);
        input_number = f();
        format_set_align(input_number, LXW_ALIGN_CENTER);
        format_set_align(input_number, LXW_ALIGN_VERTICAL_TOP);
        format_set_bottom(input_number, LXW_BORDER_HAIR);
        format_set_bottom_color(input_number, 0xC9D1DA);
        format_set_bg_color(input_number, 0xFFFDF2);
        format_set_unlocked(input_number);
        input_date = f();
        format_set_num_format(input_date, "mmm d, yyyy");
        format_set_align(input_date, LXW_ALIGN_VERTICAL_TOP);
        format_set_align(input_date, LXW_ALIGN_LEFT);
        format_set_bottom(input_date, LXW_BORDER_HAIR);
        format_set_bottom_color(input_date, 0xC9D1DA);
        format_set_unlocked(input_date);
        note = f();
        format_set_italic(note);
        format_set_font_color(note, 0x5B6670);
        format_set_text_wrap(note);
        format_set_align(note, LXW_ALIGN_VERTICAL_TOP);
    }
};

// Lines a wrapped text needs in a column `width` characters wide (the
// default font's average character is about one width unit).
int wrapped_lines(const std::string& s, double width) {
    int lines = 0;
    size_t pos = 0;
    const double per_line = std::max(1.0, width * 1.1);
    while (pos <= s.size()) {
        size_t nl = s.find('\n', pos);
        if (nl == std::string::npos) nl = s.size();
        size_t chars = 0;
        for (size_t i = pos; i < nl; ++i) chars += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
        lines += std::max(1, int(std::ceil(double(chars) / per_line)));
        pos = nl + 1;
    }
    return lines;
}

class Sheet {
public:
    // `wrapping`: the formats that wrap text, whose rows need their height set.
    Sheet(lxw_worksheet* ws, std::vector<lxw_format*> wrapping = {}) : ws_(ws), wrapping_(std::move(wrapping)) {}
    lxw_worksheet* get() const { return ws_; }
    void text(int r, int c, const std::string& s, lxw_format* f = nullptr) {
        std::string t = cell_text(clean_text(s));
        check(worksheet_write_string(ws_, lxw_row_t(r), lxw_col_t(c), t.c_str(), f), "text");
        if (std::find(wrapping_.begin(), wrapping_.end(), f) != wrapping_.end()) {
            auto w = widths_.find(c);
            int& lines = lines_[r];
            lines = std::max(lines, wrapped_lines(t, w == widths_.end() ? 8.43 : w->second));
        }
    }
    // Readers such as LibreOffice do not grow rows for wrapped text on
    // opening a file: give each row the height its longest cell needs.
    void at_least(int r, int lines) { lines_[r] = std::max(lines_[r], lines); }
    double width_of(int c) const {
        auto w = widths_.find(c);
        return w == widths_.end() ? 8.43 : w->second;
    }
    // A note across columns c1..c2, wrapped.
    void note(int r, int c1, int c2, const std::string& s, lxw_format* f) {
        std::string t = cell_text(clean_text(s));
        worksheet_merge_range(ws_, lxw_row_t(r), lxw_col_t(c1), lxw_row_t(r), lxw_col_t(c2), t.c_str(), f);
        double w = 0;
        for (int c = c1; c <= c2; ++c) w += width_of(c);
        at_least(r, wrapped_lines(t, w));
    }
    void fit_rows() {
        for (const auto& [r, n] : lines_)
            if (n > 1) worksheet_set_row(ws_, lxw_row_t(r), std::min(409.0, 15.0 * n + 2), nullptr);
    }
    void number(int r, int c, double v, lxw_format* f = nullptr) {
        check(worksheet_write_number(ws_, lxw_row_t(r), lxw_col_t(c), v, f), "number");
    }
    void date(int r, int c, Date d, lxw_format* f) {
        lxw_datetime dt = excel_date(d);
        check(worksheet_write_datetime(ws_, lxw_row_t(r), lxw_col_t(c), &dt, f), "date");
    }
    // A formula with the value the core computed, for readers that do not recalculate.
    void formula(int r, int c, const std::string& fm, double cached, lxw_format* f) {
        check(worksheet_write_formula_num(ws_, lxw_row_t(r), lxw_col_t(c), fm.c_str(), f, cached), "formula");
    }
    void formula(int r, int c, const std::string& fm, const std::string& cached, lxw_format* f) {
        std::string t = clean_text(cached);
        check(worksheet_write_formula_str(ws_, lxw_row_t(r), lxw_col_t(c), fm.c_str(), f, t.c_str()), "formula");
    }
    void blank(int r, int c, lxw_format* f) { worksheet_write_blank(ws_, lxw_row_t(r), lxw_col_t(c), f); }
    // Set the widths before writing wrapped text: the row heights follow them.
    void width(int c1, int c2, double w, lxw_format* f = nullptr) {
        worksheet_set_column(ws_, lxw_col_t(c1), lxw_col_t(c2), w, f);
        for (int c = c1; c <= c2; ++c) widths_[c] = w;
    }

private:
    lxw_worksheet* ws_;
    std::vector<lxw_format*> wrapping_;
    std::map<int, double> widths_;
    std::map<int, int> lines_;
};

void score_validation(lxw_worksheet* ws, int r1, int r2, int c1, int c2) {
    lxw_data_validation v{};
    v.validate = LXW_VALIDATION_TYPE_INTEGER;
    v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    v.minimum_number = 1;
    v.maximum_number = 5;
    v.show_input = LXW_VALIDATION_ON;
    v.input_title = const_cast<char*>("Score");
    v.input_message = const_cast<char*>("A whole number from 1 to 5.");
    v.error_title = const_cast<char*>("Not a score");
    v.error_message = const_cast<char*>("A score is a whole number from 1 (not implemented) to 5 (fully implemented).");
    check(worksheet_data_validation_range(ws, lxw_row_t(r1), lxw_col_t(c1), lxw_row_t(r2), lxw_col_t(c2), &v),
          "validation");
}

void low_score_formats(lxw_worksheet* ws, const Formats& fm, int r1, int r2, int c1, int c2) {
    lxw_conditional_format very{};
    very.type = LXW_CONDITIONAL_TYPE_CELL;
    very.criteria = LXW_CONDITIONAL_CRITERIA_LESS_THAN_OR_EQUAL_TO;
    very.value = 2;
    very.format = fm.very_low;
    very.stop_if_true = LXW_TRUE;
    check(worksheet_conditional_format_range(ws, lxw_row_t(r1), lxw_col_t(c1), lxw_row_t(r2), lxw_col_t(c2), &very),
          "conditional format");
    lxw_conditional_format low{};
    low.type = LXW_CONDITIONAL_TYPE_CELL;
    low.criteria = LXW_CONDITIONAL_CRITERIA_LESS_THAN;
    low.value = 4;
    low.format = fm.low;
    check(worksheet_conditional_format_range(ws, lxw_row_t(r1), lxw_col_t(c1), lxw_row_t(r2), lxw_col_t(c2), &low),
          "conditional format");
}

void print_setup(lxw_worksheet* ws, int header_row, int last_row, int last_col, const std::string& header_text) {
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 1);  // US Letter
    worksheet_set_margins(ws, 0.5, 0.5, 0.7, 0.7);
    worksheet_fit_to_pages(ws, 1, 0);  // as wide as one page, as long as it takes
    worksheet_repeat_rows(ws, lxw_row_t(header_row), lxw_row_t(header_row));
    worksheet_print_area(ws, 0, 0, lxw_row_t(last_row), lxw_col_t(last_col));
    // "&" starts a control code in Excel headers, and a header holds at most
    // 255 characters (libxlsxwriter drops a longer one): shorten, never drop.
    const std::string tail = "&R&8&A";
    std::string h, text = clean_text(header_text);
    size_t chars = 0;
    for (size_t i = 0; i < text.size();) {
        size_t at = i;
        next_code_point(text, i);
        std::string ch = text.substr(at, i - at);
        if (ch == "\n") ch = " ";
        size_t add = ch == "&" ? 2 : 1;
        if (chars + add + 4 + 1 + tail.size() > 255) {
            h += "…";
            break;
        }
        h += ch == "&" ? "&&" : ch;
        chars += add;
    }
    std::string head = "&L&8" + h + tail;
    check(worksheet_set_header(ws, head.c_str()), "page header");
    check(worksheet_set_footer(ws, "&R&8Page &P of &N"), "page footer");
}

void title_rows(Sheet& s, const Basis& b, const Formats& fm, const std::string& title, int last_col) {
    const Review& r = b.review;
    worksheet_merge_range(s.get(), 0, 0, 0, lxw_col_t(last_col), "", fm.title);
    s.text(0, 0, title + " – " + r.program.team, fm.title);
    std::string line = r.program.agency;
    if (!r.program.county.empty()) line += ", " + r.program.county + " County";
    if (!r.program.lme_mco.empty()) line += " · " + r.program.lme_mco + " (LME-MCO)";
    line += " · " + review_type_label(r.review.type) + " review, visit " + date_span(r.review.visit_start, r.review.visit_end) +
            " · reviewers " + join_names(r.review.reviewers);
    s.text(1, 0, line, fm.subtitle);
    s.text(2, 0,
           std::string(b.final ? "FINAL" : "DRAFT") + " · report date " + long_date(b.report_date) + " · " + b.scale.name +
               " (" + b.scale.edition + ") · " + b.policy.name,
           fm.subtitle);
    worksheet_set_row(s.get(), 0, 22, nullptr);
}

void protect(lxw_worksheet* ws) {
    // No password: protection guards formulas and labels from slips, not from people.
    lxw_protection opt{};
    opt.format_columns = 1;
    opt.format_rows = 1;
    worksheet_protect(ws, nullptr, &opt);
}

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

// Text cut into pieces of at most `lines` wrapped lines each, at spaces where
// it can: Excel draws a row at most 409 points high, so long evidence goes
// on over the rows below instead of being cut off.
std::vector<std::string> row_chunks(const std::string& text, double width, int lines) {
    std::vector<std::string> out;
    std::string rest = text;
    while (wrapped_lines(rest, width) > lines) {
        // The longest prefix that fits, ended at a space or line break.
        size_t lo = 1, hi = rest.size(), best = 0;
        while (lo <= hi) {
            size_t mid = (lo + hi) / 2;
            if (wrapped_lines(rest.substr(0, mid), width) <= lines) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        size_t cut = rest.find_last_of(" \n", best);
        if (cut == std::string::npos || cut < best / 2) cut = best;
        while (cut > 0 && cut < rest.size() && (static_cast<unsigned char>(rest[cut]) & 0xC0) == 0x80) --cut;
        if (cut == 0) cut = best;
        out.push_back(rest.substr(0, cut));
        rest = rest.substr(cut);
        size_t lead = rest.find_first_not_of(" \n");
        rest = lead == std::string::npos ? std::string() : rest.substr(lead);
    }
    out.push_back(rest);
    return out;
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
           plan.proposed ? "Proposed from the items scored below 4, lowest first: edit the goals, steps, people and dates."
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
    p.created = timegm(&tm);
    workbook_set_properties(wb, &p);
    std::string fp = review_fingerprint(b.review);
    workbook_set_custom_property_string(wb, kFingerprintKey, fp.c_str());
}

// libxlsxwriter 1.1.4 writes only to a file: build it in the temporary
// folder, read it back, remove it. The caller writes the bytes atomically.
template <class Fill>
std::string build(Fill fill) {
    namespace fs = std::filesystem;
    std::string tmpl = (fs::temp_directory_path() / "fidelity-xlsx-XXXXXX").string();
    int fd = ::mkstemp(tmpl.data());
    if (fd < 0) throw std::runtime_error("cannot create a temporary file for the workbook");
    ::close(fd);
    struct Cleanup {
        std::string path;
        ~Cleanup() { std::remove(path.c_str()); }
    } cleanup{tmpl};
    lxw_workbook_options opt{};
    lxw_workbook* wb = workbook_new_opt(tmpl.c_str(), &opt);
    if (!wb) throw std::runtime_error("cannot start the workbook");
    try {
        Formats fm(wb);
        fill(wb, fm);
    } catch (...) {
        workbook_close(wb);
        throw;
    }
    check(workbook_close(wb), "closing");
    std::ifstream in(tmpl, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (!in && !in.eof()) throw std::runtime_error("cannot read the workbook back");
    return ss.str();
}

}  // namespace

std::string make_xlsx(const Review& r, const Scale& scale, const Policy& policy, const ReportOptions& o) {
    Basis b(r, scale, policy, o);
    return build([&](lxw_workbook* wb, const Formats& fm) {
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
    return build([&](lxw_workbook* wb, const Formats& fm) {
        action_plan_sheet(wb, b, fm);
        properties(wb, b, "Fidelity action plan");
    });
}

}  // namespace fw::reports
