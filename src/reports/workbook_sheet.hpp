#pragma once
// The pieces every sheet of the workbooks is made with (libxlsxwriter
// 1.1.4): cell addresses, the formats, a Sheet that sizes rows for wrapped
// text, validations, print setup, protection, and the temporary file
// libxlsxwriter must write to.
#include <xlsxwriter.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "basis.hpp"
#include "canvas.hpp"  // clean_text: text as every report prints it

namespace fw::reports::xl {

lxw_datetime excel_date(Date d);
std::string col_name(int col);
// "B7", or "$B$7"
std::string cell(int row, int col, bool absolute = false);
// Throws std::runtime_error naming `what` unless `e` is LXW_NO_ERROR.
void check(lxw_error e, const char* what);
// Text as a cell can hold it: Excel stops at 32,767 characters.
std::string cell_text(const std::string& s);

struct Formats {
    lxw_format *title, *subtitle, *header, *text, *text_bold, *number, *date, *group, *subtotal, *subtotal_num, *total,
        *total_num, *total_wrap, *low, *very_low, *note, *input_text, *input_number, *input_date;

    explicit Formats(lxw_workbook* wb);
};

// Lines a wrapped text needs in a column `width` characters wide (the
// default font's average character is about one width unit).
int wrapped_lines(const std::string& s, double width);

// Text cut into pieces of at most `lines` wrapped lines each, at spaces where
// it can: Excel draws a row at most 409 points high, so long evidence goes
// on over the rows below instead of being cut off.
std::vector<std::string> row_chunks(const std::string& text, double width, int lines);

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

// Whole numbers 1-5 in the cells r1..r2 x c1..c2.
void score_validation(lxw_worksheet* ws, int r1, int r2, int c1, int c2);
// Scores below 4 shaded, 2 and below in red.
void low_score_formats(lxw_worksheet* ws, const Formats& fm, int r1, int r2, int c1, int c2);
// Landscape US Letter, one page wide, `header_row` repeated, the team and page numbers in the header and footer.
void print_setup(lxw_worksheet* ws, int header_row, int last_row, int last_col, const std::string& header_text);
// The sheet's title and the review's identity in rows 1-3.
void title_rows(Sheet& s, const Basis& b, const Formats& fm, const std::string& title, int last_col);
// Protected without a password: only cells with an unlocked format change.
void protect(lxw_worksheet* ws);

// The workbook's bytes: `fill` adds the sheets.
std::string build_workbook(const std::function<void(lxw_workbook*, const Formats&)>& fill);

}  // namespace fw::reports::xl
