#include "pdf_content.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <unordered_map>

namespace fw::reports {

namespace {

// Numbers as PDF writes them: at most two decimals, no trailing zeros.
void num(std::string& out, double v) {
    long long c = std::llround(v * 100);
    if (c < 0) {
        out += '-';
        c = -c;
    }
    out += std::to_string(c / 100);
    int frac = int(c % 100);
    if (frac) {
        out += '.';
        out += char('0' + frac / 10);
        if (frac % 10) out += char('0' + frac % 10);
    }
}

void hex4(std::string& out, unsigned v) {
    static const char* d = "0123456789ABCDEF";
    for (int s = 12; s >= 0; s -= 4) out += d[(v >> s) & 0xF];
}

const char* artifact_props(Artifact a) {
    switch (a) {
    case Artifact::header: return "/Artifact <</Type /Pagination /Subtype /Header>> BDC\n";
    case Artifact::footer: return "/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n";
    case Artifact::watermark: return "/Artifact <</Type /Pagination /Subtype /Watermark>> BDC\n";
    case Artifact::layout: break;
    }
    return "/Artifact <</Type /Layout>> BDC\n";
}

struct ShapedOp {
    std::vector<ShapedRun> runs;
    std::vector<bool> actual_text;  // per run: the glyphs alone do not read back as the text
};

// Whether each glyph stands for exactly one character, in order, so the
// ToUnicode map alone gives the text back.
bool one_to_one(const ShapedRun& r) {
    if (r.rtl || r.replaced) return false;
    size_t chars = 0;
    for (size_t i = 0; i < r.text.size();) {
        next_code_point(r.text, i);
        ++chars;
    }
    if (chars != r.glyphs.size()) return false;
    for (size_t k = 1; k < r.glyphs.size(); ++k)
        if (r.glyphs[k].cluster <= r.glyphs[k - 1].cluster) return false;
    return true;
}

std::string subset_tag(const std::vector<unsigned>& gids, const std::string& name) {
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&](unsigned v) {
        h ^= v;
        h *= 1099511628211ull;
    };
    for (unsigned g : gids) mix(g);
    for (char c : name) mix(static_cast<unsigned char>(c));
    std::string tag;
    for (int i = 0; i < 6; ++i) {
        tag += char('A' + h % 26);
        h /= 26;
    }
    return tag;
}

}  // namespace

std::string utf16_hex(const std::string& utf8) {
    std::string out = "FEFF";
    for (size_t i = 0; i < utf8.size();) {
        char32_t cp = next_code_point(utf8, i);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            hex4(out, 0xD800 + unsigned(cp >> 10));
            hex4(out, 0xDC00 + unsigned(cp & 0x3FF));
        } else {
            hex4(out, unsigned(cp));
        }
    }
    return out;
}

std::string to_unicode_cmap(const FontUse& f) {
    std::string s =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    std::vector<std::pair<unsigned, std::string>> entries(f.unicode.begin(), f.unicode.end());
    for (size_t i = 0; i < entries.size(); i += 100) {
        size_t n = std::min<size_t>(100, entries.size() - i);
        s += std::to_string(n) + " beginbfchar\n";
        for (size_t k = i; k < i + n; ++k) {
            s += '<';
            hex4(s, entries[k].first);
            s += "> <" + utf16_hex(entries[k].second).substr(4) + ">\n";
        }
        s += "endbfchar\n";
    }
    s += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    return s;
}

Content build_content(const Drawing& d, const Shaper& shaper) {
    Content c;
    // Pass 1: shape every text, gather the glyphs of each face.
    std::vector<std::vector<ShapedOp>> shaped(d.pages.size());
    std::unordered_map<const FontFace*, size_t> font_index;
    std::vector<std::vector<unsigned>> glyphs;                       // per font: each glyph once
    std::vector<std::unordered_map<unsigned, std::string>> meaning;  // per font: original gid -> text
    for (size_t p = 0; p < d.pages.size(); ++p) {
        for (const Op& op : d.pages[p].ops) {
            ShapedOp so;
            if (op.kind == Op::Kind::text) {
                std::string t = op.text;
                std::replace(t.begin(), t.end(), '\n', ' ');
                so.runs = shaper.shape(t, op.font, op.dir);
                for (const ShapedRun& r : so.runs) {
                    auto [it, added] = font_index.emplace(r.face, c.fonts.size());
                    if (added) {
                        c.fonts.push_back(FontUse{r.face, "F" + std::to_string(c.fonts.size()), {}, {}, {}, {}});
                        glyphs.emplace_back();
                        meaning.emplace_back();
                    }
                    const size_t fi = it->second;
                    // Records what a glyph stands for; false when it stood for something else before.
                    auto note = [&](unsigned gid, std::string_view text) {
                        auto m = meaning[fi].find(gid);
                        if (m != meaning[fi].end()) return m->second == text;
                        meaning[fi].emplace(gid, std::string(text));
                        glyphs[fi].push_back(gid);
                        return true;
                    };
                    // Right-to-left runs are drawn in visual order as other PDF writers do, and
                    // readers put them back in logical order from the glyphs' Unicode.
                    bool simple = one_to_one(r);
                    bool actual = !r.rtl && !simple;
                    if (simple) {
                        for (size_t k = 0; k < r.glyphs.size(); ++k) {
                            unsigned from = r.glyphs[k].cluster;
                            unsigned to = k + 1 < r.glyphs.size() ? r.glyphs[k + 1].cluster : unsigned(r.text.size());
                            if (!note(r.glyphs[k].gid, std::string_view(r.text).substr(from, to - from))) actual = true;
                        }
                    } else {
                        // The first glyph of a cluster (in logical order) stands for its characters.
                        std::vector<unsigned> starts;
                        for (const Glyph& g : r.glyphs) starts.push_back(g.cluster);
                        std::sort(starts.begin(), starts.end());
                        starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
                        std::vector<bool> taken(starts.size(), false);
                        for (size_t n = 0; n < r.glyphs.size(); ++n) {
                            const Glyph& g = r.glyphs[r.rtl ? r.glyphs.size() - 1 - n : n];
                            size_t at = size_t(std::lower_bound(starts.begin(), starts.end(), g.cluster) - starts.begin());
                            unsigned end = at + 1 < starts.size() ? starts[at + 1] : unsigned(r.text.size());
                            std::string text = r.replaced || taken[at] ? std::string() : r.text.substr(g.cluster, end - g.cluster);
                            taken[at] = true;
                            if (text.empty()) {
                                if (!meaning[fi].count(g.gid)) glyphs[fi].push_back(g.gid), meaning[fi][g.gid];
                                continue;
                            }
                            if (!note(g.gid, text)) actual = !r.rtl;
                        }
                    }
                    so.actual_text.push_back(actual);
                }
            }
            shaped[p].push_back(std::move(so));
        }
    }
    // Subsets, and the code each glyph gets: its glyph id in the subset
    // (TrueType: CIDToGIDMap Identity; CFF: hb-subset numbers the glyphs of
    // a CID-keyed font from 0 as their CIDs).
    std::vector<std::unordered_map<unsigned, unsigned>> code_of(c.fonts.size());
    for (size_t fi = 0; fi < c.fonts.size(); ++fi) {
        FontUse& f = c.fonts[fi];
        f.subset = subset_face(*f.face, glyphs[fi]);
        const FaceMetrics& m = metrics_of(*f.face);
        std::vector<unsigned> used(glyphs[fi]);
        std::sort(used.begin(), used.end());
        f.subset_tag = subset_tag(used, m.postscript_name);
        for (unsigned g : used) {
            auto it = f.subset->new_gid.find(g);
            unsigned code = it == f.subset->new_gid.end() ? 0 : it->second;
            code_of[fi][g] = code;
            f.widths[code] = int(std::lround(glyph_advance(*f.face, g) * 1000.0 / m.units_per_em));
            if (auto mm = meaning[fi].find(g); mm != meaning[fi].end() && !mm->second.empty()) f.unicode[code] = mm->second;
        }
    }

    // Pass 2: the content streams.
    for (size_t p = 0; p < d.pages.size(); ++p) {
        const Page& pg = d.pages[p];
        PageContent pc;
        std::string& s = pc.stream;
        s.reserve(pg.ops.size() * 60);
        const double h = pg.height;
        int open_node = -2;
        Artifact open_artifact = Artifact::layout;
        bool open = false;
        bool have_fill = false, have_stroke = false;
        Color fill, stroke;
        double lw = -1;
        bool dashed = false;
        auto set_fill = [&](const Color& col) {
            if (have_fill && fill == col) return;
            num(s, col.r), s += ' ', num(s, col.g), s += ' ', num(s, col.b), s += " rg\n";
            fill = col;
            have_fill = true;
        };
        auto set_stroke = [&](const Op& op) {
            if (!have_stroke || !(stroke == op.stroke)) {
                num(s, op.stroke.r), s += ' ', num(s, op.stroke.g), s += ' ', num(s, op.stroke.b), s += " RG\n";
                stroke = op.stroke;
                have_stroke = true;
            }
            if (lw != op.line_width) {
                num(s, op.line_width), s += " w\n";
                lw = op.line_width;
            }
            if (dashed != op.dashed) {
                s += op.dashed ? "[3 2] 0 d\n" : "[] 0 d\n";
                dashed = op.dashed;
            }
        };
        for (size_t k = 0; k < pg.ops.size(); ++k) {
            const Op& op = pg.ops[k];
            if (!open || op.node != open_node || (op.node < 0 && op.artifact != open_artifact)) {
                if (open) s += "EMC\n";
                if (op.node >= 0) {
                    s += '/';
                    s += tag_name(d.structure.at(size_t(op.node)).tag);
                    s += " <</MCID " + std::to_string(pc.mcid_nodes.size()) + ">> BDC\n";
                    pc.mcid_nodes.push_back(op.node);
                } else {
                    s += artifact_props(op.artifact);
                }
                open = true;
                open_node = op.node;
                open_artifact = op.artifact;
            }
            if (op.node >= 0 && d.structure[size_t(op.node)].tag == Tag::figure) {
                // The figure's box: the union of what it draws on its first page.
                double x0 = op.x, x1 = op.kind == Op::Kind::rect ? op.x + op.x2 : op.kind == Op::Kind::line ? op.x2 : op.x;
                double y0 = op.y, y1 = op.kind == Op::Kind::rect ? op.y + op.y2 : op.kind == Op::Kind::line ? op.y2 : op.y;
                if (op.kind == Op::Kind::text) y0 -= op.size, x1 += shaper.width(op.text, op.font) * op.size;
                auto [it, fresh] = c.figure_boxes.emplace(op.node, std::make_pair(int(p), std::array<double, 4>{
                                                                      std::min(x0, x1), h - std::max(y0, y1),
                                                                      std::max(x0, x1), h - std::min(y0, y1)}));
                if (!fresh && it->second.first == int(p)) {
                    auto& b = it->second.second;
                    b = {std::min({b[0], x0, x1}), std::min(b[1], h - std::max(y0, y1)), std::max({b[2], x0, x1}),
                         std::max(b[3], h - std::min(y0, y1))};
                }
            }
            switch (op.kind) {
            case Op::Kind::line:
                set_stroke(op);
                num(s, op.x), s += ' ', num(s, h - op.y), s += " m ";
                num(s, op.x2), s += ' ', num(s, h - op.y2), s += " l S\n";
                break;
            case Op::Kind::rect:
                if (op.fill) set_fill(op.color);
                if (op.outline) set_stroke(op);
                num(s, op.x), s += ' ', num(s, h - op.y - op.y2), s += ' ', num(s, op.x2), s += ' ', num(s, op.y2);
                s += op.fill && op.outline ? " re B\n" : op.fill ? " re f\n" : " re S\n";
                break;
            case Op::Kind::text: {
                const ShapedOp& so = shaped[p][k];
                if (so.runs.empty()) break;
                set_fill(op.color);
                s += "BT\n";
                if (op.angle != 0) {
                    double a = op.angle * 3.14159265358979 / 180, co = std::cos(a), si = std::sin(a);
                    num(s, co), s += ' ', num(s, si), s += ' ', num(s, -si), s += ' ', num(s, co), s += ' ';
                } else {
                    s += "1 0 0 1 ";
                }
                num(s, op.x), s += ' ', num(s, h - op.y), s += " Tm\n";
                std::string cur_font;
                for (size_t ri = 0; ri < so.runs.size(); ++ri) {
                    const ShapedRun& r = so.runs[ri];
                    size_t fi = font_index.at(r.face);
                    const FontUse& f = c.fonts[fi];
                    const double upem = metrics_of(*r.face).units_per_em;
                    if (cur_font != f.resource) {
                        s += '/' + f.resource + ' ';
                        num(s, op.size);
                        s += " Tf\n";
                        cur_font = f.resource;
                    }
                    if (so.actual_text[ri]) s += "/Span <</ActualText <" + utf16_hex(r.text) + ">>> BDC\n";
                    double rise = 0, pending = 0;
                    bool in_array = false;
                    for (const Glyph& g : r.glyphs) {
                        unsigned code = code_of[fi].at(g.gid);
                        double w = f.widths.at(code);
                        double adv = g.advance * 1000.0 / upem, dx = g.x_offset * 1000.0 / upem;
                        double dy = g.y_offset * op.size / upem;
                        if (dy != rise) {
                            if (in_array) s += "] TJ\n", in_array = false;
                            num(s, dy), s += " Ts\n";
                            rise = dy;
                        }
                        pending -= dx;
                        if (!in_array) s += '[', in_array = true;
                        if (std::fabs(pending) >= 0.005) num(s, pending), s += ' ';
                        s += '<';
                        hex4(s, code);
                        s += '>';
                        pending = w + dx - adv;
                    }
                    if (in_array) s += "] TJ\n";
                    if (std::fabs(pending) >= 0.005) {
                        // Where the next run starts: the shaped advance, not the default width.
                        s += '[';
                        num(s, pending);
                        s += "] TJ\n";
                    }
                    if (rise != 0) s += "0 Ts\n";
                    if (so.actual_text[ri]) s += "EMC\n";
                }
                s += "ET\n";
                break;
            }
            }
        }
        if (open) s += "EMC\n";
        c.pages.push_back(std::move(pc));
    }
    return c;
}

}  // namespace fw::reports
