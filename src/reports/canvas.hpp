#pragma once
// What the report layouts draw, as plain data: pages of text runs, lines and
// rectangles in points, y measured down from the top of the page. Layout code
// measures text through `Measure` and records `Op`s; only pdf_backend.cpp
// turns them into PoDoFo calls, so the PoDoFo 0.10 move stays one file and
// tests can check a layout without rasterizing it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fw::reports {

// DejaVu Sans and Sans Bold. Each embedded font costs a copy of its whole
// file while subsetting, so a report uses no more than these two.
enum class Font { regular, bold };

struct Color {
    double r = 0, g = 0, b = 0;
    static constexpr Color rgb(std::uint32_t hex) {
        return {((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0, (hex & 0xff) / 255.0};
    }
    bool operator==(const Color&) const = default;
};

// Text widths and vertical metrics of the fonts the PDF embeds.
class Measure {
public:
    virtual ~Measure() = default;
    // `text` is already clean (see clean_text): what is measured is drawn.
    virtual double width(std::string_view text, Font font, double size) const = 0;
    virtual double ascent(Font font, double size) const = 0;   // above the baseline
    virtual double descent(Font font, double size) const = 0;  // below the baseline, positive
};

struct Op {
    enum class Kind { text, line, rect };
    Kind kind = Kind::text;
    double x = 0, y = 0;   // text: baseline start; line: start; rect: top-left
    double x2 = 0, y2 = 0; // line: end; rect: width, height
    std::string text;
    Font font = Font::regular;
    double size = 10;
    Color color;           // text and fill colour
    Color stroke;
    double line_width = 0.5;
    bool dashed = false;
    bool fill = true;      // rect: fill with `color`
    bool outline = false;  // rect: stroke with `stroke`
};

struct Page {
    double width = 612, height = 792;  // US Letter
    std::vector<Op> ops;

    void text(double x, double y, std::string text, Font font, double size, Color color);
    void line(double x1, double y1, double x2, double y2, double width, Color color, bool dashed = false);
    void rect(double x, double y, double w, double h, Color fill);
    void frame(double x, double y, double w, double h, double width, Color stroke);
};

// A bookmark in the PDF's outline (the reader's sidebar).
struct Bookmark {
    std::string title;
    int page = 0;
    double y = 0;
    int level = 0;  // 0 top level, 1 under the previous top-level one
};

struct DocumentInfo {
    std::string title, author, subject, keywords, creator;
    std::string created_iso;  // YYYY-MM-DD, the report's generation date
    std::vector<std::pair<std::string, std::string>> custom;  // Info dictionary keys (ASCII values)
};

struct Drawing {
    std::vector<Page> pages;
    std::vector<Bookmark> bookmarks;
    DocumentInfo info;
};

// Text as the fonts can draw it: valid UTF-8, tabs as spaces, no other
// control characters, characters beyond the Basic Multilingual Plane (which
// PDF identity encoding cannot carry as one 16-bit code) as U+FFFD.
std::string clean_text(std::string_view utf8);

// Decodes one code point of valid UTF-8 starting at `i` and advances `i`.
char32_t next_code_point(std::string_view s, size_t& i);

}  // namespace fw::reports
