#pragma once
// Text in any script, as glyphs: the fonts a report draws with (DejaVu first,
// then per character a font that has the glyph: the fonts folder, then
// fontconfig over the system's fonts), bidirectional text in visual order
// (FriBidi), shaping (HarfBuzz) and font subsetting (hb-subset). No PDF here:
// pdf_backend.cpp turns shaped runs into PDF text.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "canvas.hpp"

namespace fw::reports {

// One font file (or one face of a collection), loaded once per process and
// shared by every report: the file is mapped, never copied.
struct FontFace;

// What a face is for the PDF's font dictionaries.
struct FaceMetrics {
    std::string postscript_name;
    unsigned units_per_em = 1000;
    double ascent = 0, descent = 0, cap_height = 0;  // font units; descent negative
    int bbox[4] = {0, 0, 0, 0};
    bool cff = false;  // PostScript outlines (CIDFontType0) rather than TrueType (CIDFontType2)
};
const FaceMetrics& metrics_of(const FontFace& f);

struct Glyph {
    unsigned gid = 0;
    unsigned cluster = 0;  // byte offset in the run's text
    int advance = 0;       // font units
    int x_offset = 0, y_offset = 0;
};

// A stretch drawn in one face and one direction, glyphs in visual order.
struct ShapedRun {
    const FontFace* face = nullptr;
    bool rtl = false;
    std::string text;            // logical order, UTF-8
    std::vector<Glyph> glyphs;   // left to right
    double width = 0;            // at size 1
    bool replaced = false;       // no font has these characters: drawn as "[U+XXXX]"
};

// The folders searched for fonts before fontconfig: $FIDELITY_FONT_DIR,
// <data dir>/fonts, and Debian's DejaVu folder.
std::vector<std::string> font_dirs(const std::string& data_dir);

class Shaper {
public:
    // Throws std::runtime_error naming the missing DejaVu files.
    explicit Shaper(const std::string& data_dir = {});

    // Runs in visual order, left to right.
    std::vector<ShapedRun> shape(std::string_view text, Font font, Direction dir = Direction::automatic) const;
    double width(std::string_view text, Font font) const;  // at size 1
    double ascent(Font font) const;                        // at size 1, of the main font
    double descent(Font font) const;

private:
    const FontFace* main_[2];
    std::vector<std::string> dirs_;
    mutable std::map<std::pair<std::string, int>, double> widths_;  // complex text only
};

// The first code point of `text` whose direction is strong: true for
// right-to-left (Hebrew, Arabic...). Unicode's rule for a paragraph's direction.
bool starts_right_to_left(std::string_view text);

// A subset of one face with the given glyphs (original ids): the font file
// bytes and the new glyph id of each original one. Cached per process.
struct Subset {
    std::string bytes;
    std::map<unsigned, unsigned> new_gid;
    // The bytes compressed for the PDF, made once by the first report that
    // embeds this subset (pdf_backend.cpp).
    mutable std::once_flag deflated_once;
    mutable std::string deflated;
};
std::shared_ptr<const Subset> subset_face(const FontFace& f, const std::vector<unsigned>& gids);

// The default advance of a glyph (font units), for the PDF's widths array.
int glyph_advance(const FontFace& f, unsigned gid);

}  // namespace fw::reports
