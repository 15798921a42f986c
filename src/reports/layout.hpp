#pragma once
// Flowing text and tables onto pages: measured word wrapping (long words
// broken, nothing clipped; Chinese and Japanese break between characters),
// page breaks, headings kept with what follows, tables whose header row
// repeats on every page they reach and whose tall rows continue across
// pages. Everything drawn is tagged as it is drawn: the Flow keeps the
// structure tree (headings, paragraphs, lists, tables, figures) in reading
// order, and repeated table headers are artifacts.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "canvas.hpp"

namespace fw::reports {

struct Style {
    Font font = Font::regular;
    double size = 9.5;
    double leading = 13.5;  // baseline to baseline
    Color color = Color::rgb(0x222222);
};

// A stretch of text in one font (bold words inside a paragraph).
struct Run {
    std::string text;
    std::optional<Font> font;  // else the paragraph's
};
std::vector<Run> runs(std::string text);

// Parses the templates' one inline markup, **bold**, into runs.
std::vector<Run> parse_inline(const std::string& text);

struct Piece {
    std::string text;
    Font font = Font::regular;
    double x = 0;  // from the line's start
    double width = 0;
};
struct Line {
    std::vector<Piece> pieces;
    double width = 0;
    Direction dir = Direction::ltr;  // the paragraph's: right-to-left lines align right
};

// Greedy wrapping to `width`. A newline ends a line (an empty line stays, as
// a gap); runs of spaces count as one; a word wider than the line is broken
// between characters rather than clipped.
std::vector<Line> wrap(const Measure& m, const std::vector<Run>& text, const Style& style, double width);

enum class Align { left, center, right };

struct Column {
    std::string title;
    double width = 0;  // points; 0 = share what the other columns leave
    Align align = Align::left;
};

struct TableRow {
    enum class Kind { body, group, subtotal, total };
    Kind kind = Kind::body;
    std::vector<std::vector<Run>> cells;  // a group row uses cells[0] across the table
};

struct Table {
    std::vector<Column> columns;
    std::vector<TableRow> rows;
    Style body{Font::regular, 8.5, 11.5};
    double pad_x = 5, pad_y = 3.5;
};

struct PageFrame {
    double width = 612, height = 792;  // US Letter
    double left = 72, right = 72, top = 72, bottom = 72;
};

class Flow {
public:
    Flow(const Measure& m, PageFrame frame);

    const Measure& measure() const { return m_; }
    const PageFrame& frame() const { return frame_; }
    double left() const { return frame_.left; }
    double content_width() const { return frame_.width - frame_.left - frame_.right; }
    double y() const { return y_; }
    void set_y(double y) { y_ = y; }
    double space_left() const { return frame_.height - frame_.bottom - y_; }
    Page& page() { return pages_.back(); }
    int page_index() const { return int(pages_.size()) - 1; }

    void new_page();
    // Vertical space, except at the top of a page.
    void skip(double d);
    // Starts a new page unless `h` fits on this one; true if it did.
    bool ensure(double h);

    // A paragraph (P, or `tag`: a Caption).
    void paragraph(const std::vector<Run>& text, const Style& s, double indent = 0, Tag tag = Tag::p);
    void paragraph(const std::string& text, const Style& s, double indent = 0, Tag tag = Tag::p) {
        paragraph(runs(text), s, indent, tag);
    }
    // A list entry (LI: Lbl, LBody) of the list the caller opened (L): the
    // marker hangs in the indent.
    void bullet(const std::vector<Run>& text, const Style& s, const std::string& marker, double indent = 14);
    // A heading (H1-H4) kept on the page with at least `keep` points of what
    // follows; H2-H4 are bookmarked, one outline level each.
    void heading(const std::string& text, const Style& s, Tag tag, double keep = 60);
    void bookmark(const std::string& title, int level);
    void table(const Table& t);

    // Draws the text of one line at the current position and advances.
    void line(const Line& l, const Style& s, double x, double width = 0);

    // The structure tree. open() makes an element, a child of the current
    // one, and makes it current; close() goes back to its parent. What is
    // drawn meanwhile belongs to the current element (a Figure's shapes
    // too); elsewhere lines and fills are layout artifacts.
    int open(Tag tag, std::string alt = {});
    void close();
    int current() const { return current_; }
    void set_current(int node);
    // Drawing that is not content (a repeated table header): an artifact.
    void begin_artifact();
    void end_artifact();
    std::vector<StructNode>& structure() { return structure_; }

    // From the top of a line box to its baseline.
    double baseline_offset(const Style& s) const;

    std::vector<Page>& pages() { return pages_; }
    std::vector<Bookmark>& bookmarks() { return bookmarks_; }

private:
    void sync_page();

    const Measure& m_;
    PageFrame frame_;
    std::vector<Page> pages_;
    std::vector<Bookmark> bookmarks_;
    std::vector<StructNode> structure_;
    int current_ = 0;
    int artifact_depth_ = 0;
    double y_ = 0;
};

// Draws one laid-out line with its pieces at (x, baseline) in the current
// element, right-aligned in `width` when it is right-to-left.
void draw_line(Page& page, const Line& l, double x, double baseline, const Style& s, double width = 0);

// Text in one line, cut with "…" if it would not fit `width` (running
// headers only: never used for report content).
std::string fit_line(const Measure& m, const std::string& text, Font font, double size, double width);

}  // namespace fw::reports
