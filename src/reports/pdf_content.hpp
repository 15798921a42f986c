#pragma once
// The PDF content of a Drawing, as plain data for pdf_backend.cpp: each
// page's content stream (glyph ids of the subset fonts, marked content tied
// to the structure tree by MCID, artifacts), and per font the subset, its
// widths and what each glyph means in Unicode (the ToUnicode CMap).
#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "canvas.hpp"
#include "text_shaping.hpp"

namespace fw::reports {

struct FontUse {
    const FontFace* face = nullptr;
    std::string resource;                      // "F0"
    std::string subset_tag;                    // "ABCDEF", from the glyphs used
    std::shared_ptr<const Subset> subset;
    std::map<unsigned, int> widths;            // code -> advance in 1/1000 em
    std::map<unsigned, std::string> unicode;   // code -> UTF-8
};

struct PageContent {
    std::string stream;
    std::vector<int> mcid_nodes;  // MCID -> structure node
};

struct Content {
    std::vector<PageContent> pages;
    std::vector<FontUse> fonts;
    // Each figure's box on the page it starts on, PDF coordinates (x0 y0 x1 y1).
    std::map<int, std::pair<int, std::array<double, 4>>> figure_boxes;
};

Content build_content(const Drawing& d, const Shaper& shaper);

// The ToUnicode CMap of a font: which characters each code stands for.
std::string to_unicode_cmap(const FontUse& f);

// UTF-16BE with a byte-order mark, as hex digits: a PDF text string.
std::string utf16_hex(const std::string& utf8);

}  // namespace fw::reports
