#pragma once
// What the report layouts draw, as plain data: pages of text runs, lines and
// rectangles in points, y measured down from the top of the page, and the
// document's logical structure (headings, paragraphs, lists, tables, figures
// with their text alternative) that every drawn thing belongs to or is an
// artifact of (running headers, rules, the watermark). Layout code measures
// text through `Measure` and records `Op`s; only pdf_backend.cpp turns them
// into PDF (tagged, PDF/UA), so the PoDoFo 0.10 move stays one file and tests
// can check a layout without rasterizing it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fw::reports {

// The weight of text. DejaVu Sans draws it; a character DejaVu lacks comes
// from another font of the same weight that has it (see text_shaping.hpp).
enum class Font { regular, bold };

// The paragraph direction of a text: automatic takes the first strong
// character's (Unicode's rule); a wrapped line keeps its paragraph's.
enum class Direction { automatic, ltr, rtl };

// The structure types of tagged PDF (ISO 32000-1, 14.8.4) the reports use.
enum class Tag { document, sect, h1, h2, h3, h4, p, l, li, lbl, lbody, table, thead, tbody, tr, th, td, figure, caption };
const char* tag_name(Tag t);  // "Document", "H1", ...

// One element of the structure tree. Its children and its content follow
// the order they were made in: that is the reading order.
struct StructNode {
    Tag tag = Tag::document;
    int parent = -1;
    std::string alt;          // Figure: the text alternative (states the chart's data)
    bool row_scope = false;   // TH: a row header (else a column header)
    int col_span = 1;         // TD / TH across columns
};

// What an untagged drawing is, for readers that skip it.
enum class Artifact { layout, header, footer, watermark };

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
    double angle = 0;      // text: degrees, counter-clockwise about (x, y)
    Direction dir = Direction::automatic;
    int node = -1;         // the structure element it belongs to; -1: an artifact
    Artifact artifact = Artifact::layout;
};

struct Page {
    double width = 612, height = 792;  // US Letter
    std::vector<Op> ops;
    // Where new ops go: text to `node`, lines and rectangles too when
    // `shapes_in_node` (a figure's bars), else they are layout artifacts.
    int node = -1;
    bool shapes_in_node = false;
    Artifact artifact = Artifact::layout;

    void text(double x, double y, std::string text, Font font, double size, Color color,
              Direction dir = Direction::automatic);
    void line(double x1, double y1, double x2, double y2, double width, Color color, bool dashed = false);
    void rect(double x, double y, double w, double h, Color fill);
    void frame(double x, double y, double w, double h, double width, Color stroke);

private:
    void tag_shape(Op& op) const;
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
    std::vector<StructNode> structure;  // [0] is the Document; empty: untagged
    std::string lang = "en-US";
};

// Text as every report prints it (PDF, workbook, HTML alike): valid UTF-8
// (a broken sequence becomes U+FFFD), CR LF and CR as LF, tabs as spaces,
// byte-order marks dropped, and other control characters (NUL included)
// shown as \uXXXX, as in every output of the program (core/printable.hpp).
std::string clean_text(std::string_view utf8);

// Markup's special characters (& < > ") as entities: XMP in the PDF, HTML.
std::string xml_escape(std::string_view text);

// Decodes one code point of valid UTF-8 starting at `i` and advances `i`.
char32_t next_code_point(std::string_view s, size_t& i);

}  // namespace fw::reports
