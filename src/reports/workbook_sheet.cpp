#include "workbook_sheet.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "platform/platform.hpp"

namespace fw::reports::xl {

namespace {
constexpr size_t kMaxCell = 32767;  // Excel's limit for the text of one cell
}  // namespace

lxw_datetime excel_date(Date d) { return lxw_datetime{int(d.year()), int(d.month()), int(d.day()), 0, 0, 0}; }

std::string col_name(int col) {
    std::string s;
    for (int c = col + 1; c > 0; c = (c - 1) / 26) s.insert(s.begin(), char('A' + (c - 1) % 26));
    return s;
}

std::string cell(int row, int col, bool absolute) {
    return absolute ? "$" + col_name(col) + "$" + std::to_string(row + 1) : col_name(col) + std::to_string(row + 1);
}

void check(lxw_error e, const char* what) {
    if (e != LXW_NO_ERROR) throw std::runtime_error(std::string("cannot write the workbook (") + what + "): " + lxw_strerror(e));
}

std::string cell_text(const std::string& s) {
    if (s.size() <= kMaxCell) return s;
    const std::string note = " … [continued in the PDF report]";
    size_t cut = kMaxCell - note.size();
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    return s.substr(0, cut) + note;
}

Formats::Formats(lxw_workbook* wb) {
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

// libxlsxwriter 1.1.4 writes only to a file: build it in the temporary
// folder, read it back, remove it. The caller writes the bytes atomically.
std::string build_workbook(const std::function<void(lxw_workbook*, const Formats&)>& fill) {
    std::string tmpl;
    int fd = platform::create_temp("fidelity-xlsx", tmpl);
    if (fd < 0) throw std::runtime_error("cannot create a temporary file for the workbook");
    platform::close_file(fd);
    struct Cleanup {
        std::string path;
        ~Cleanup() { platform::remove_file(path); }
    } cleanup{tmpl};
    lxw_workbook_options opt{};
    // On Windows it opens the workbook and its scratch files with the narrow
    // (ANSI) file API, which cannot reach a temporary folder under
    // C:\Users\Nguyễn: name the folder in a form that API can open.
    const auto tmp_path = platform::to_path(tmpl);
    std::string scratch = platform::path_for_narrow_api(platform::to_utf8(tmp_path.parent_path()));
    std::string target = scratch + "/" + platform::to_utf8(tmp_path.filename());  // an ASCII name
    opt.tmpdir = scratch.data();
    lxw_workbook* wb = workbook_new_opt(target.c_str(), &opt);
    if (!wb) throw std::runtime_error("cannot start the workbook");
    try {
        Formats fm(wb);
        fill(wb, fm);
    } catch (...) {
        workbook_close(wb);
        throw;
    }
    check(workbook_close(wb), "closing");
    std::ifstream in(platform::to_path(tmpl), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (!in && !in.eof()) throw std::runtime_error("cannot read the workbook back");
    return ss.str();
}

}  // namespace fw::reports::xl
