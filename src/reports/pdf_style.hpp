#pragma once
// The look shared by the PDF documents: colours, text styles, the letterhead
// band of the first page, running header and footer with "Page i of N".
#include <string>
#include <vector>

#include "layout.hpp"

namespace fw::reports {

namespace ink {
inline const Color navy = Color::rgb(0x1F3A5F);
inline const Color text = Color::rgb(0x222222);
inline const Color muted = Color::rgb(0x5B6670);
inline const Color rule = Color::rgb(0xC9D1DA);
inline const Color tint = Color::rgb(0xF2F5F8);
inline const Color draft = Color::rgb(0xB3261E);
inline const Color final_ = Color::rgb(0x1E6B52);
inline const Color bar = Color::rgb(0x2F5D8C);
inline const Color low = Color::rgb(0xB36B00);  // 4:1 against white (WCAG 1.4.11)
inline const Color white = Color::rgb(0xFFFFFF);
}  // namespace ink

namespace styles {
inline const Style body{Font::regular, 9.5, 13.5, ink::text};
inline const Style small{Font::regular, 8, 10.5, ink::muted};
inline const Style label{Font::bold, 9, 12.5, ink::text};
inline const Style h1{Font::bold, 13.5, 18, ink::navy};
inline const Style h2{Font::bold, 11, 15, ink::navy};
inline const Style title{Font::bold, 19, 24, ink::navy};
inline const Style subtitle{Font::regular, 11.5, 16, ink::muted};
}  // namespace styles

// The running parts of every page, drawn once the page count is known.
struct PageDecoration {
    std::vector<std::string> letterhead;  // first page band: first line bold
    int letterhead_node = -1;             // the element the letterhead is read as (a P), or an artifact
    std::string badge;                    // "FINAL REPORT" / "DRAFT"
    bool draft = false;                   // red badge and header mark, "DRAFT" across every page
    std::string header_left, header_right;
    std::string footer_left;
};

// Height of the first page's letterhead band; the flow starts below it.
double letterhead_height(const PageDecoration& d);

// Adds the band (page 1), running header (pages 2..N), footer ("Page i of
// N") and, on a draft, the watermark to every page: artifacts all, except the
// letterhead's text when it has an element.
void decorate(const Measure& m, std::vector<Page>& pages, const PageDecoration& d);

// The DRAFT / FINAL REPORT badge, right-aligned on the title line.
void stage_badge(Flow& f, const PageDecoration& d);

// A section heading (H2) with a rule under it, bookmarked.
void section_heading(Flow& f, const std::string& text, double keep = 70);
// Template text (parse_blocks) in the body style.
void template_blocks(Flow& f, const std::string& text);

}  // namespace fw::reports
