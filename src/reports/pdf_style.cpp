#include "pdf_style.hpp"

#include "templates.hpp"

namespace fw::reports {

namespace {
constexpr double kBandPad = 22;
constexpr double kLetterLead = 13;
}  // namespace

double letterhead_height(const PageDecoration& d) {
    return kBandPad * 2 + std::max<double>(1, double(d.letterhead.size())) * kLetterLead;
}

void decorate(const Measure& m, std::vector<Page>& pages, const PageDecoration& d) {
    const size_t n = pages.size();
    for (size_t i = 0; i < n; ++i) {
        Page& pg = pages[i];
        const double left = 72, right = pg.width - 72;
        Page deco;
        deco.width = pg.width;
        deco.height = pg.height;
        if (d.draft) {
            // Under everything, across the page: no copy of a draft passes for the final report.
            deco.artifact = Artifact::watermark;
            const double size = 110;
            double w = m.width("DRAFT", Font::bold, size);
            double c = 0.70710678;
            deco.text(pg.width / 2 - w / 2 * c + size * 0.35 * c, pg.height / 2 + w / 2 * c + size * 0.35 * c, "DRAFT",
                      Font::bold, size, Color::rgb(0xF6DEDC));
            deco.ops.back().angle = 45;
        }
        deco.artifact = Artifact::header;
        if (i == 0) {
            double band = letterhead_height(d);
            deco.rect(0, 0, pg.width, band, ink::navy);
            double y = kBandPad + 10;
            double avail = right - left;
            deco.node = d.letterhead_node;
            for (size_t k = 0; k < d.letterhead.size(); ++k) {
                bool first = k == 0;
                double size = first ? 11 : 8.5;
                Font f = first ? Font::bold : Font::regular;
                deco.text(left, y, fit_line(m, d.letterhead[k], f, size, avail), f, size,
                          first ? ink::white : Color::rgb(0xD3DDE8));
                y += kLetterLead;
            }
            deco.node = -1;
        } else {
            const double size = 7.5, base = 42;
            std::string rt = d.header_right;
            double rw = m.width(rt, d.draft ? Font::bold : Font::regular, size);
            deco.text(right - rw, base, rt, d.draft ? Font::bold : Font::regular, size, d.draft ? ink::draft : ink::muted);
            deco.text(left, base, fit_line(m, d.header_left, Font::regular, size, right - left - rw - 24), Font::regular,
                      size, ink::muted);
            deco.line(left, base + 6, right, base + 6, 0.5, ink::rule);
        }
        deco.artifact = Artifact::footer;
        const double fsize = 7.5, fbase = pg.height - 38;
        deco.line(left, fbase - 11, right, fbase - 11, 0.5, ink::rule);
        std::string pn = "Page " + std::to_string(i + 1) + " of " + std::to_string(n);
        double pw = m.width(pn, Font::regular, fsize);
        deco.text(right - pw, fbase, pn, Font::regular, fsize, ink::muted);
        deco.text(left, fbase, fit_line(m, d.footer_left, Font::regular, fsize, right - left - pw - 24), Font::regular,
                  fsize, ink::muted);
        // The band is a filled rectangle: it goes under the page's content.
        deco.ops.insert(deco.ops.end(), pg.ops.begin(), pg.ops.end());
        pg.ops = std::move(deco.ops);
    }
}

void stage_badge(Flow& f, const PageDecoration& d) {
    const double size = 10, h = 22;
    double w = f.measure().width(d.badge, Font::bold, size) + 22;
    double x = f.left() + f.content_width() - w, y = f.y();
    Color c = d.draft ? ink::draft : ink::navy;
    f.page().rect(x, y, w, h, d.draft ? c : ink::white);
    f.page().frame(x, y, w, h, 1.2, c);
    f.open(Tag::p);
    f.page().text(x + 11, y + 15, d.badge, Font::bold, size, d.draft ? ink::white : c);
    f.close();
}

void section_heading(Flow& f, const std::string& text, double keep) {
    f.skip(10);
    f.heading(text, styles::h1, Tag::h2, keep + 8);
    f.page().line(f.left(), f.y() + 1, f.left() + f.content_width(), f.y() + 1, 0.8, ink::navy);
    f.set_y(f.y() + 8);
}

void template_blocks(Flow& f, const std::string& text) {
    bool in_list = false;
    for (const Block& b : parse_blocks(text)) {
        if (in_list && b.kind != Block::Kind::bullet) {
            f.close();  // L
            f.skip(5);  // a list ends with the same gap as a paragraph
        }
        if (!in_list && b.kind == Block::Kind::bullet) f.open(Tag::l);
        in_list = b.kind == Block::Kind::bullet;
        switch (b.kind) {
        case Block::Kind::heading: section_heading(f, b.text); break;
        case Block::Kind::subheading:
            f.skip(4);
            f.heading(b.text, styles::h2, Tag::h3, 40);
            break;
        case Block::Kind::paragraph:
            f.paragraph(parse_inline(b.text), styles::body);
            f.skip(5);
            break;
        case Block::Kind::bullet: f.bullet(parse_inline(b.text), styles::body, "•"); break;
        }
    }
    if (in_list) f.close();
    f.skip(2);
}

}  // namespace fw::reports
