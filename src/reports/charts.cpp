#include "charts.hpp"

#include <algorithm>
#include <cmath>

#include "pdf_style.hpp"
#include "report_content.hpp"

namespace fw::reports {

namespace {

const Color kGrid = Color::rgb(0xDCE2E8);
const Color kAxis = Color::rgb(0x8A96A3);

void legend_box(Page& pg, double x, double y, Color c, const std::string& text, const Measure& m, double& out_w) {
    pg.rect(x, y - 6.5, 8, 8, c);
    pg.text(x + 11, y, text, Font::regular, 7.5, ink::muted);
    out_w = 11 + m.width(text, Font::regular, 7.5) + 14;
}

}  // namespace

void item_score_chart(Flow& f, const Basis& b) {
    const Measure& m = f.measure();
    const double W = f.content_width(), left = f.left();
    // Compact rows, so the chart fits on the summary page under the lists.
    const Style label{Font::regular, 7.2, 8.5, ink::text};
    const double row_h = 10.5, group_h = 13, bar_h = 6.5, legend_h = 16, axis_h = 14;

    double longest = 0;
    for (const auto& r : b.items) longest = std::max(longest, m.width(r.item->name, label.font, label.size));
    const double label_w = std::min(longest + 10, W * 0.46);
    const double x0 = left + label_w, plot_w = W - label_w - 24;
    auto xs = [&](double score) { return x0 + score / 5.0 * plot_w; };

    // Rows first, to know the height and keep the chart on one page.
    struct RowLayout {
        const ItemRow* item = nullptr;
        std::string group;
        std::vector<Line> lines;
        double h = 0;
    };
    std::vector<RowLayout> rows;
    const Section* cur = nullptr;
    for (const auto& r : b.items) {
        if (r.section != cur) {
            cur = r.section;
            rows.push_back({nullptr, cur->name, {}, group_h});
        }
        RowLayout rl{&r, {}, wrap(m, runs(r.item->name), label, label_w - 10), 0};
        rl.h = std::max(row_h, double(rl.lines.size()) * label.leading + 3);
        rows.push_back(std::move(rl));
    }
    // The chart may continue on the next page between sections (the axis
    // repeats), so it never leaves half a page empty; a section stays whole.
    double first_group = 0;
    for (size_t i = 0; i < rows.size() && (i == 0 || rows[i].item); ++i) first_group += rows[i].h;
    f.ensure(legend_h + axis_h + 4 + first_group);
    // The text alternative states the data, so a reader who cannot see the bars misses nothing.
    const std::string alt = item_chart_alt(b);
    f.open(Tag::figure, alt);
    Page& pg = f.page();
    double y = f.y();

    // Legend.
    bool any_draft_mark = false;
    for (const auto& r : b.items) any_draft_mark = any_draft_mark || (b.final && r.draft != r.score);
    double lx = x0, lw = 0;
    legend_box(pg, lx, y + 9, ink::bar, "4 or 5", m, lw);
    lx += lw;
    legend_box(pg, lx, y + 9, ink::low, "below 4: priority", m, lw);
    lx += lw;
    if (any_draft_mark) {
        pg.line(lx + 4, y + 1.5, lx + 4, y + 10.5, 1.6, ink::text);
        pg.text(lx + 11, y + 9, "draft score, where it changed", Font::regular, 7.5, ink::muted);
    }
    y += legend_h;

    double plot_top = y;
    auto finish_segment = [&](Page& p, double top, double bottom) {
        for (int s = 0; s <= 5; ++s) p.line(xs(s), top, xs(s), bottom, s == 0 ? 0.8 : 0.4, s == 0 ? kAxis : kGrid);
        p.line(xs(0), bottom, xs(5), bottom, 0.8, kAxis);
        for (int s = 0; s <= 5; ++s) {
            std::string t = std::to_string(s);
            p.text(xs(s) - m.width(t, Font::regular, 7.5) / 2, bottom + 10, t, Font::regular, 7.5, ink::muted);
        }
    };
    Page* page = &pg;
    for (size_t i = 0; i < rows.size(); ++i) {
        const RowLayout& r = rows[i];
        if (!r.item && i > 0) {
            double group = r.h;
            for (size_t k = i + 1; k < rows.size() && rows[k].item; ++k) group += rows[k].h;
            f.set_y(y);
            if (group + axis_h > f.space_left()) {
                finish_segment(*page, plot_top, y);
                f.new_page();
                page = &f.page();
                y = plot_top = f.y();
            }
        }
        if (!r.item) {
            page->text(left, y + r.h - 4, r.group, Font::bold, 8, ink::navy);
            y += r.h;
            continue;
        }
        double ly = y + (r.h - double(r.lines.size()) * label.leading) / 2 + m.ascent(label.font, label.size);
        for (const auto& l : r.lines) {
            // Right-aligned against the axis, as charts of named bars read best.
            double x = x0 - 8 - l.width;
            for (const auto& p : l.pieces) page->text(x + p.x, ly, p.text, p.font, label.size, label.color);
            ly += label.leading;
        }
        const ItemRow& it = *r.item;
        double by = y + (r.h - bar_h) / 2;
        page->rect(xs(0), by, xs(it.score) - xs(0), bar_h, it.score < 4 ? ink::low : ink::bar);
        std::string v = std::to_string(it.score);
        page->text(xs(it.score) + 4, by + bar_h - 0.5, v, Font::bold, 7.5, ink::text);
        if (b.final && it.draft != it.score) page->line(xs(it.draft), by - 2, xs(it.draft), by + bar_h + 2, 1.6, ink::text);
        y += r.h;
    }
    finish_segment(*page, plot_top, y);
    const double plot_bottom = y;
    f.set_y(plot_bottom + axis_h);
    f.close();
    f.paragraph("Figure 1. The item scores by section; the bars of items scored below 4 are orange.", styles::small, 0,
                Tag::caption);
}

void history_chart(Flow& f, const Basis& b) {
    if (b.options.history.empty() || !b.summary.total) return;
    struct Point {
        Date date;
        int total;
        bool current;
    };
    std::vector<Point> pts;
    for (const auto& h : b.options.history) pts.push_back({h.final_report, h.total, false});
    std::stable_sort(pts.begin(), pts.end(), [](const Point& a, const Point& c) { return a.date < c.date; });
    pts.push_back({b.report_date, *b.summary.total, true});

    const Measure& m = f.measure();
    const double W = f.content_width(), left = f.left(), H = 150, axis_h = 26;
    f.ensure(H + axis_h + 8);
    const std::string alt = history_chart_alt(b);
    f.open(Tag::figure, alt);
    Page& pg = f.page();
    const double top = f.y() + 6;

    int lo = b.scale.min_total(), hi = b.scale.max_total();
    int vmin = hi;
    for (const auto& p : pts) vmin = std::min(vmin, p.total);
    for (size_t i = 1; i < b.policy.tiers.size(); ++i) vmin = std::min(vmin, b.policy.tiers[i].min_total);
    // Start the axis a little under the lowest value: the interesting band is 60-125.
    int ymin = std::max(lo, int(std::floor((vmin - 8) / 10.0)) * 10);
    int ymax = hi;
    const double label_w = 30, tier_w = 112;
    const double x0 = left + label_w, x1 = left + W - tier_w;
    auto ys = [&](double v) { return top + H - (v - ymin) / double(ymax - ymin) * H; };

    for (int v = ymin; v <= ymax; v += 10) {
        if (v != ymin && v != ymax && (v - ymin) % 20 != 0) continue;
        pg.line(x0, ys(v), x1, ys(v), 0.4, kGrid);
        std::string t = std::to_string(v);
        pg.text(x0 - 5 - m.width(t, Font::regular, 7.5), ys(v) + 2.5, t, Font::regular, 7.5, ink::muted);
    }
    for (size_t i = 1; i < b.policy.tiers.size(); ++i) {
        const Tier& t = b.policy.tiers[i];
        double y = ys(t.min_total);
        pg.line(x0, y, x1, y, 0.9, ink::navy, true);
        std::string name = t.name + " " + std::to_string(t.min_total);
        pg.text(x1 + 5, y + 2.5, fit_line(m, name, Font::regular, 7, tier_w - 6), Font::regular, 7, ink::navy);
    }
    pg.line(x0, top, x0, top + H, 0.8, kAxis);
    pg.line(x0, top + H, x1, top + H, 0.8, kAxis);

    const double step = pts.size() > 1 ? (x1 - x0 - 40) / double(pts.size() - 1) : 0;
    auto xp = [&](size_t i) { return pts.size() > 1 ? x0 + 20 + step * double(i) : (x0 + x1) / 2; };
    for (size_t i = 0; i + 1 < pts.size(); ++i)
        pg.line(xp(i), ys(pts[i].total), xp(i + 1), ys(pts[i + 1].total), 1.4, ink::bar);
    for (size_t i = 0; i < pts.size(); ++i) {
        double x = xp(i), y = ys(pts[i].total);
        pg.rect(x - 2.8, y - 2.8, 5.6, 5.6, pts[i].current ? ink::low : ink::bar);
        std::string v = std::to_string(pts[i].total);
        pg.text(x - m.width(v, Font::bold, 8) / 2, y - 6, v, Font::bold, 8, ink::text);
        std::string d = month_year(pts[i].date);
        pg.text(x - m.width(d, Font::regular, 7.5) / 2, top + H + 11, d, Font::regular, 7.5, ink::muted);
        if (pts[i].current) {
            std::string t = "this review";
            pg.text(x - m.width(t, Font::regular, 7) / 2, top + H + 20, t, Font::regular, 7, ink::muted);
        }
    }
    f.set_y(top + H + axis_h);
    f.close();
    f.paragraph("Figure 2. The total score of each review, with the lowest total of each tier as a dashed line.",
                styles::small, 0, Tag::caption);
}

}  // namespace fw::reports
