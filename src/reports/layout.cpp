#include "layout.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "text_shaping.hpp"

namespace fw::reports {

namespace {

const Color kRule = Color::rgb(0xC9D1DA);
const Color kRuleStrong = Color::rgb(0x1F3A5F);
const Color kHeaderFill = Color::rgb(0xE4EAF1);
const Color kHeaderInk = Color::rgb(0x1F3A5F);
const Color kSubtotalFill = Color::rgb(0xF2F5F8);
const Color kTotalFill = Color::rgb(0xE4EAF1);

bool is_combining(char32_t cp) {
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
           (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F);
}

// Chinese and Japanese break between characters, except before closing
// punctuation (kinsoku).
bool breaks_after(char32_t cp) {
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0x20000 && cp <= 0x3FFFF);
}
bool no_break_before(char32_t cp) {
    static const std::u32string closing = U"、。，．！？）」』】〕〉》・ー…：；ぁぃぅぇぉっゃゅょァィゥェォッャュョ";
    return closing.find(cp) != std::u32string::npos || cp == ',' || cp == '.' || cp == ')' || cp == ';' || cp == ':';
}

// One word, possibly in several fonts ("**Note:**text").
struct Word {
    std::vector<Piece> pieces;
    double width = 0;
    bool newline = false;  // a hard line break, not a word
    bool glue = false;     // follows the previous word without a space (Chinese, Japanese)
};

struct LineBuilder {
    const Measure& m;
    const Style& st;
    double width;
    std::vector<Line> lines;
    Line cur;
    bool cur_empty = true;

    void append(const Piece& p) {
        if (!cur.pieces.empty() && cur.pieces.back().font == p.font) {
            cur.pieces.back().text += p.text;
            cur.pieces.back().width += p.width;
        } else {
            Piece q = p;
            q.x = cur.width;
            cur.pieces.push_back(std::move(q));
        }
        cur.width += p.width;
    }
    void flush() {
        lines.push_back(std::move(cur));
        cur = Line{};
        cur_empty = true;
    }
    void place(const Word& w, Font space_font) {
        if (!cur_empty) {
            double sp = w.glue ? 0 : m.width(" ", space_font, st.size);
            if (cur.width + sp + w.width <= width + 1e-6) {
                if (!w.glue) append(Piece{" ", space_font, 0, sp});
                for (const auto& p : w.pieces) append(p);
                return;
            }
            flush();
        }
        if (w.width <= width + 1e-6) {
            for (const auto& p : w.pieces) append(p);
            cur_empty = false;
            return;
        }
        // Wider than a whole line: break after its hyphens ("Ñúñez-|Ødegård")
        // where the parts fit, else between characters, keeping combining
        // marks with their base.
        for (const auto& p : w.pieces) {
            size_t from = 0;
            while (from < p.text.size()) {
                size_t h = p.text.find('-', from + 1);
                std::string part = p.text.substr(from, h == std::string::npos ? std::string::npos : h + 1 - from);
                from += part.size();
                double pw = m.width(part, p.font, st.size);
                if (!cur_empty && cur.width + pw > width + 1e-6 && pw <= width + 1e-6) flush();
                if (cur.width + pw <= width + 1e-6) {
                    append(Piece{part, p.font, 0, pw});
                    cur_empty = false;
                    continue;
                }
                size_t i = 0;
                while (i < part.size()) {
                    size_t start = i;
                    next_code_point(part, i);
                    while (i < part.size()) {
                        size_t j = i;
                        if (!is_combining(next_code_point(part, j))) break;
                        i = j;
                    }
                    std::string ch = part.substr(start, i - start);
                    double cw = m.width(ch, p.font, st.size);
                    if (!cur_empty && cur.width + cw > width + 1e-6) flush();
                    append(Piece{ch, p.font, 0, cw});
                    cur_empty = false;
                }
            }
        }
    }
};

}  // namespace

std::vector<Run> runs(std::string text) { return {Run{std::move(text), std::nullopt}}; }

std::vector<Run> parse_inline(const std::string& text) {
    std::vector<Run> out;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t open = text.find("**", pos);
        size_t close = open == std::string::npos ? std::string::npos : text.find("**", open + 2);
        if (close == std::string::npos) {
            out.push_back({text.substr(pos), std::nullopt});
            break;
        }
        if (open > pos) out.push_back({text.substr(pos, open - pos), std::nullopt});
        out.push_back({text.substr(open + 2, close - open - 2), Font::bold});
        pos = close + 2;
    }
    return out;
}

std::vector<Line> wrap(const Measure& m, const std::vector<Run>& text, const Style& st, double width) {
    // Split the runs into words; a word continues across runs unless a space
    // or newline separates them.
    std::vector<Word> words;
    std::vector<Font> space_fonts;  // the font of the space before each word
    Word cur;
    bool in_word = false;
    Font last_space_font = st.font;
    auto end_word = [&] {
        if (in_word) {
            words.push_back(std::move(cur));
            space_fonts.push_back(last_space_font);
            cur = Word{};
            in_word = false;
        }
    };
    for (const Run& r : text) {
        Font f = r.font.value_or(st.font);
        std::string clean = clean_text(r.text);
        size_t i = 0;
        while (i < clean.size()) {
            char c = clean[i];
            if (c == ' ') {
                end_word();
                cur.glue = false;
                last_space_font = f;
                ++i;
                continue;
            }
            if (c == '\n') {
                end_word();
                cur.glue = false;
                Word nl;
                nl.newline = true;
                words.push_back(nl);
                space_fonts.push_back(f);
                ++i;
                continue;
            }
            size_t j = clean.find_first_of(" \n", i);
            if (j == std::string::npos) j = clean.size();
            // Within a word, a break after each Chinese or Japanese character.
            for (size_t k = i; k < j;) {
                char32_t cp = next_code_point(clean, k);
                if (k >= j) break;
                size_t probe = k;
                char32_t next = next_code_point(clean, probe);
                if (breaks_after(cp) && !no_break_before(next)) {
                    j = k;
                    break;
                }
            }
            std::string piece = clean.substr(i, j - i);
            double w = m.width(piece, f, st.size);
            if (!cur.pieces.empty() && cur.pieces.back().font == f) {
                cur.pieces.back().text += piece;
                cur.pieces.back().width += w;
            } else {
                cur.pieces.push_back(Piece{piece, f, 0, w});
            }
            cur.width += w;
            in_word = true;
            i = j;
            if (i < clean.size() && clean[i] != ' ' && clean[i] != '\n') {
                end_word();
                cur.glue = true;
            }
        }
    }
    end_word();

    LineBuilder b{m, st, std::max(width, 1.0), {}, {}, true};
    for (size_t k = 0; k < words.size(); ++k) {
        if (words[k].newline) {
            b.flush();
            continue;
        }
        b.place(words[k], space_fonts[k]);
    }
    if (!b.cur.pieces.empty() || b.lines.empty()) b.flush();
    std::string all;
    for (const Run& r : text) all += r.text;
    Direction dir = starts_right_to_left(all) ? Direction::rtl : Direction::ltr;
    for (auto& l : b.lines) l.dir = dir;
    return b.lines;
}

void draw_line(Page& page, const Line& l, double x, double baseline, const Style& s, double width) {
    if (l.dir == Direction::rtl && width > l.width) x += width - l.width;
    for (const Piece& p : l.pieces) {
        // Trailing and lone spaces draw nothing.
        if (p.text.find_first_not_of(' ') == std::string::npos) continue;
        page.text(x + p.x, baseline, p.text, p.font, s.size, s.color, l.dir);
    }
}

Flow::Flow(const Measure& m, PageFrame frame) : m_(m), frame_(frame) {
    structure_.push_back(StructNode{Tag::document, -1, {}, false, 1});
    new_page();
}

void Flow::sync_page() {
    Page& p = pages_.back();
    p.node = artifact_depth_ > 0 ? -1 : current_;
    p.shapes_in_node = artifact_depth_ == 0 && structure_[size_t(current_)].tag == Tag::figure;
}

int Flow::open(Tag tag, std::string alt) {
    StructNode n;
    n.tag = tag;
    n.parent = current_;
    n.alt = std::move(alt);
    structure_.push_back(std::move(n));
    current_ = int(structure_.size()) - 1;
    sync_page();
    return current_;
}

void Flow::close() {
    if (current_ > 0) current_ = structure_[size_t(current_)].parent;
    sync_page();
}

void Flow::set_current(int node) {
    current_ = node;
    sync_page();
}

void Flow::begin_artifact() {
    ++artifact_depth_;
    sync_page();
}

void Flow::end_artifact() {
    --artifact_depth_;
    sync_page();
}

void Flow::new_page() {
    Page p;
    p.width = frame_.width;
    p.height = frame_.height;
    pages_.push_back(std::move(p));
    y_ = frame_.top;
    if (!structure_.empty()) sync_page();
}

void Flow::skip(double d) {
    if (y_ <= frame_.top + 0.01) return;
    if (d > space_left()) {
        new_page();
        return;
    }
    y_ += d;
}

bool Flow::ensure(double h) {
    if (h <= space_left() + 1e-6 || y_ <= frame_.top + 0.01) return false;
    new_page();
    return true;
}

double Flow::baseline_offset(const Style& s) const {
    double a = m_.ascent(s.font, s.size), d = m_.descent(s.font, s.size);
    return a + (s.leading - (a + d)) / 2;
}

void Flow::line(const Line& l, const Style& s, double x, double width) {
    if (s.leading > space_left() + 1e-6) new_page();
    draw_line(page(), l, x, y_ + baseline_offset(s), s, width > 0 ? width : left() + content_width() - x);
    y_ += s.leading;
}

void Flow::paragraph(const std::vector<Run>& text, const Style& s, double indent, Tag tag) {
    auto lines = wrap(m_, text, s, content_width() - indent);
    // No lone first line at the foot of a page.
    if (lines.size() > 1 && space_left() < 2 * s.leading) ensure(2 * s.leading);
    open(tag);
    for (const Line& l : lines) line(l, s, left() + indent);
    close();
}

void Flow::bullet(const std::vector<Run>& text, const Style& s, const std::string& marker, double indent) {
    auto lines = wrap(m_, text, s, content_width() - indent);
    if (lines.size() > 1 && space_left() < 2 * s.leading) ensure(2 * s.leading);
    if (s.leading > space_left()) new_page();
    open(Tag::li);
    open(Tag::lbl);
    double mw = m_.width(marker, s.font, s.size);
    page().text(left() + indent - mw - 4, y_ + baseline_offset(s), marker, s.font, s.size, s.color);
    close();
    open(Tag::lbody);
    for (const Line& l : lines) line(l, s, left() + indent);
    close();
    close();
}

void Flow::heading(const std::string& text, const Style& s, Tag tag, double keep) {
    auto lines = wrap(m_, runs(text), s, content_width());
    ensure(double(lines.size()) * s.leading + keep);
    if (tag == Tag::h2 || tag == Tag::h3 || tag == Tag::h4) bookmark(text, tag == Tag::h2 ? 0 : tag == Tag::h3 ? 1 : 2);
    open(tag);
    for (const Line& l : lines) line(l, s, left());
    close();
}

void Flow::bookmark(const std::string& title, int level) {
    bookmarks_.push_back(Bookmark{clean_text(title), page_index(), y_, level});
}

void Flow::table(const Table& t) {
    // Column widths: fixed ones as given, the rest share what is left.
    std::vector<double> widths;
    double fixed = 0;
    int flexible = 0;
    for (const auto& c : t.columns) {
        fixed += c.width;
        flexible += c.width <= 0;
    }
    for (const auto& c : t.columns)
        widths.push_back(c.width > 0 ? c.width : std::max(20.0, (content_width() - fixed) / std::max(1, flexible)));
    std::vector<double> xs{left()};
    for (double w : widths) xs.push_back(xs.back() + w);
    const double table_w = xs.back() - left();
    const Style& body = t.body;
    Style head = body;
    head.font = Font::bold;
    head.color = kHeaderInk;

    using Cells = std::vector<std::vector<Line>>;
    auto layout_cells = [&](const std::vector<std::vector<Run>>& cells, const Style& st, bool span) {
        Cells out;
        for (size_t i = 0; i < (span ? 1 : widths.size()); ++i) {
            double w = (span ? table_w : widths[i]) - 2 * t.pad_x;
            out.push_back(i < cells.size() ? wrap(m_, cells[i], st, w) : std::vector<Line>{});
        }
        return out;
    };
    auto height_of = [&](const Cells& c, const Style& st, size_t from = 0) {
        size_t n = 1;
        for (const auto& lines : c) n = std::max(n, lines.size() > from ? lines.size() - from : 0);
        return double(n) * st.leading + 2 * t.pad_y;
    };
    // `nodes`: the structure element of each cell (none: a repeated header, an artifact).
    auto draw_cells = [&](const Cells& c, const Style& st, size_t from, size_t count, bool span, double top,
                          const std::vector<int>& nodes) {
        const int before = current_;
        for (size_t i = 0; i < c.size(); ++i) {
            if (i < nodes.size()) set_current(nodes[i]);
            double cw = span ? table_w : widths[i];
            Align al = span ? Align::left : t.columns[i].align;
            double y = top + t.pad_y;
            for (size_t k = from; k < std::min(c[i].size(), from + count); ++k) {
                const Line& l = c[i][k];
                double x = xs[i] + t.pad_x;
                if (al == Align::right) x = xs[i] + cw - t.pad_x - l.width;
                else if (al == Align::center) x = xs[i] + (cw - l.width) / 2;
                draw_line(page(), l, x, y + baseline_offset(st), st, al == Align::left ? cw - 2 * t.pad_x : 0);
                y += st.leading;
            }
        }
        set_current(before);
    };

    std::vector<std::vector<Run>> titles;
    for (const auto& c : t.columns) titles.push_back(runs(c.title));
    Cells header = layout_cells(titles, head, false);
    const double header_h = height_of(header, head);
    std::vector<int> header_nodes;
    bool repeat = false;
    auto draw_header = [&] {
        double top = y_;
        page().rect(left(), top, table_w, header_h, kHeaderFill);
        page().line(left(), top, left() + table_w, top, 0.8, kRuleStrong);
        // The first header row is the table's; those repeated on later pages are artifacts.
        if (repeat) begin_artifact();
        draw_cells(header, head, 0, header.empty() ? 0 : 1000, false, top, header_nodes);
        if (repeat) end_artifact();
        repeat = true;
        page().line(left(), top + header_h, left() + table_w, top + header_h, 0.5, kRuleStrong);
        y_ += header_h;
    };

    ensure(header_h + body.leading * 2 + 2 * t.pad_y);
    open(Tag::table);
    open(Tag::thead);
    open(Tag::tr);
    for (size_t i = 0; i < t.columns.size(); ++i) {
        header_nodes.push_back(open(Tag::th));
        close();
    }
    draw_header();
    close();  // TR
    close();  // THead
    open(Tag::tbody);
    const int tbody = current_;
    for (size_t r = 0; r < t.rows.size(); ++r) {
        const TableRow& row = t.rows[r];
        bool span = row.kind == TableRow::Kind::group;
        set_current(tbody);
        open(Tag::tr);
        std::vector<int> cell_nodes;
        for (size_t i = 0; i < (span ? 1 : t.columns.size()); ++i) {
            cell_nodes.push_back(open(Tag::td));
            if (span) structure_[size_t(cell_nodes.back())].col_span = int(t.columns.size());
            close();
        }
        Style st = body;
        if (row.kind != TableRow::Kind::body) st.font = Font::bold;
        if (span) st.color = kHeaderInk;
        Cells cells = layout_cells(row.cells, st, span);
        double h = height_of(cells, st);
        double keep = h;
        // A group heading stays with the first row under it, a total with the totals after it.
        const bool keep_next =
            span || (row.kind == TableRow::Kind::total && r + 1 < t.rows.size() && t.rows[r + 1].kind == TableRow::Kind::total);
        if (keep_next && r + 1 < t.rows.size()) {
            const TableRow& next = t.rows[r + 1];
            Style ns = body;
            if (next.kind != TableRow::Kind::body) ns.font = Font::bold;
            keep += std::min(height_of(layout_cells(next.cells, ns, false), ns), 3 * body.leading + 2 * t.pad_y);
        }
        size_t from = 0;
        size_t total_lines = 1;
        for (const auto& c : cells) total_lines = std::max(total_lines, c.size());
        while (true) {
            double rest_h = height_of(cells, st, from);
            bool fits = (from == 0 ? keep : rest_h) <= space_left() + 1e-6;
            // Rows that fit a page move whole; taller ones continue on the next.
            size_t fit_lines = space_left() > 2 * t.pad_y ? size_t((space_left() - 2 * t.pad_y + 1e-6) / st.leading) : 0;
            bool fresh = y_ <= frame_.top + header_h + 0.01;  // nothing gained by moving on
            bool split = !fits && fit_lines >= 1 &&
                         (fresh || (fit_lines >= 2 && rest_h > (frame_.height - frame_.top - frame_.bottom - header_h) * 0.5));
            if (!fits && !split) {
                page().line(left(), y_, left() + table_w, y_, 0.8, kRuleStrong);
                new_page();
                draw_header();
                continue;
            }
            size_t count = fits ? total_lines - from : std::min(fit_lines, total_lines - from);
            double top = y_;
            double hh = double(std::max<size_t>(count, 1)) * st.leading + 2 * t.pad_y;
            if (row.kind == TableRow::Kind::subtotal) page().rect(left(), top, table_w, hh, kSubtotalFill);
            if (row.kind == TableRow::Kind::total) {
                page().rect(left(), top, table_w, hh, kTotalFill);
                page().line(left(), top, left() + table_w, top, 0.8, kRuleStrong);
            }
            draw_cells(cells, st, from, count, span, top, cell_nodes);
            y_ += hh;
            bool last = r + 1 == t.rows.size();
            page().line(left(), y_, left() + table_w, y_, last ? 0.8 : 0.4, last ? kRuleStrong : kRule);
            from += count;
            if (from >= total_lines) break;
            page().line(left(), y_, left() + table_w, y_, 0.8, kRuleStrong);
            new_page();
            draw_header();
        }
        close();  // TR
    }
    set_current(tbody);
    close();  // TBody
    close();  // Table
}

std::string fit_line(const Measure& m, const std::string& text, Font font, double size, double width) {
    std::string t = clean_text(text);
    for (char& c : t)
        if (c == '\n') c = ' ';
    if (m.width(t, font, size) <= width) return t;
    const std::string ell = "…";
    double ew = m.width(ell, font, size);
    std::string out;
    double w = 0;
    for (size_t i = 0; i < t.size();) {
        size_t start = i;
        char32_t cp = next_code_point(t, i);
        (void)cp;
        std::string ch = t.substr(start, i - start);
        double cw = m.width(ch, font, size);
        if (w + cw + ew > width) break;
        out += ch;
        w += cw;
    }
    return out + ell;
}

}  // namespace fw::reports
