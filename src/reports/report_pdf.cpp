// The fidelity report: letterhead and memo header, purpose and method
// (templates), summary with charts, contested items, findings item by item,
// the score sheet, distribution and the review fingerprint.
#include <algorithm>

#include "charts.hpp"
#include "core/rules.hpp"
#include "documents.hpp"
#include "pdf_style.hpp"
#include "report_content.hpp"
#include "templates.hpp"

namespace fw::reports {

namespace {

const Color kLowTint = Color::rgb(0xFBEBD3);
const Color kPillTint = Color::rgb(0xE4EAF1);

std::vector<std::string> letterhead_lines(const Basis& b, const Json& data) {
    return template_lines(render_template(b.options.data_dir, "letterhead", data));
}

// The To / From / Date block under the title, label and value per row: a
// table whose labels are row headers.
void memo(Flow& f, const std::vector<std::pair<std::string, std::string>>& rows) {
    const double label_w = 78;
    const Style value = styles::body;
    const Style lab{Font::bold, 8.5, value.leading, ink::muted};
    f.page().line(f.left(), f.y(), f.left() + f.content_width(), f.y(), 0.5, ink::rule);
    f.set_y(f.y() + 6);
    f.open(Tag::table);
    f.open(Tag::tbody);
    for (const auto& [k, v] : rows) {
        auto lines = wrap(f.measure(), runs(v), value, f.content_width() - label_w);
        f.ensure(double(lines.size()) * value.leading);
        f.open(Tag::tr);
        int th = f.open(Tag::th);
        f.structure()[size_t(th)].row_scope = true;
        f.page().text(f.left(), f.y() + f.baseline_offset(lab), k, lab.font, lab.size, lab.color);
        f.close();
        f.open(Tag::td);
        for (const auto& l : lines) f.line(l, value, f.left() + label_w);
        f.close();
        f.close();
        f.set_y(f.y() + 2);
    }
    f.close();
    f.close();
    f.set_y(f.y() + 4);
    f.page().line(f.left(), f.y(), f.left() + f.content_width(), f.y(), 0.5, ink::rule);
    f.set_y(f.y() + 6);
}

// The key facts as tiles across the page (total, tier, next review...): a
// one-row table whose column headers are the tiles' labels.
void stat_tiles(Flow& f, const std::vector<std::pair<std::string, std::vector<std::string>>>& tiles) {
    const Measure& m = f.measure();
    const double gap = 10, n = double(tiles.size());
    const double w = (f.content_width() - gap * (n - 1)) / n;
    const Style big{Font::bold, tiles.size() > 3 ? 13.0 : 15.0, tiles.size() > 3 ? 17.0 : 19.0, ink::navy};
    const Style note{Font::regular, 8.5, 11, ink::text};
    const Style label{Font::bold, 7, 9, ink::muted};
    // Height: the tallest tile.
    double h = 0;
    std::vector<std::vector<std::vector<Line>>> laid;
    std::vector<std::vector<Line>> labels;
    for (const auto& [lab, values] : tiles) {
        labels.push_back(wrap(m, runs(lab), label, w - 16));
        std::vector<std::vector<Line>> v;
        double th = 10 + double(labels.back().size()) * label.leading;
        for (size_t i = 0; i < values.size(); ++i) {
            const Style& s = i == 0 ? big : note;
            v.push_back(wrap(m, runs(values[i]), s, w - 20));
            th += double(v.back().size()) * s.leading;
        }
        laid.push_back(std::move(v));
        h = std::max(h, th + 8);
    }
    f.ensure(h);
    double top = f.y();
    const int outer = f.current();
    f.open(Tag::table);
    f.open(Tag::thead);
    f.open(Tag::tr);
    std::vector<int> heads, cells;
    for (size_t t = 0; t < tiles.size(); ++t) {
        heads.push_back(f.open(Tag::th));
        f.close();
    }
    f.close();
    f.close();
    f.open(Tag::tbody);
    f.open(Tag::tr);
    for (size_t t = 0; t < tiles.size(); ++t) {
        cells.push_back(f.open(Tag::td));
        f.close();
    }
    f.close();
    f.close();
    double x = f.left();
    for (size_t t = 0; t < tiles.size(); ++t) {
        f.page().rect(x, top, w, h, ink::tint);
        f.page().rect(x, top, 3, h, ink::navy);
        f.set_current(heads[t]);
        double y = top + 6;
        for (const auto& l : labels[t]) {
            draw_line(f.page(), l, x + 11, y + 8, label);
            y += label.leading;
        }
        f.set_current(cells[t]);
        y += 2;
        for (size_t i = 0; i < laid[t].size(); ++i) {
            const Style& s = i == 0 ? big : note;
            for (const auto& l : laid[t][i]) {
                draw_line(f.page(), l, x + 11, y + f.baseline_offset(s), s);
                y += s.leading;
            }
        }
        x += w + gap;
    }
    f.set_current(outer);
    f.set_y(top + h + 10);
}

std::string score_text(const ItemRow& r, bool final) {
    if (final && r.draft != r.score) return "Score " + std::to_string(r.score) + " (draft " + std::to_string(r.draft) + ")";
    return "Score " + std::to_string(r.score);
}

void item_block(Flow& f, const Basis& b, const ItemRow& r) {
    const Measure& m = f.measure();
    const Style title{Font::bold, 10, 14, ink::navy};
    const Style pill{Font::bold, 8.5, 14, ink::text};
    std::string pill_text = score_text(r, b.final);
    double pill_w = m.width(pill_text, pill.font, pill.size) + 14;
    std::string heading = std::to_string(r.item->number) + ". " + r.item->name;
    auto tlines = wrap(m, runs(heading), title, f.content_width() - pill_w - 12);
    auto dlines = wrap(m, runs(r.item->definition), styles::small, f.content_width());
    // The title, its definition and the first evidence lines stay together.
    f.ensure(double(tlines.size()) * title.leading + double(std::min<size_t>(dlines.size(), 3)) * styles::small.leading +
             2 * styles::body.leading + 6);
    double top = f.y();
    f.bookmark(heading, 2);
    f.open(Tag::h4);
    for (const auto& l : tlines) f.line(l, title, f.left());
    f.close();
    f.page().rect(f.left() + f.content_width() - pill_w, top + 0.5, pill_w, 14, r.score < 4 ? kLowTint : kPillTint);
    f.open(Tag::p);
    f.page().text(f.left() + f.content_width() - pill_w + 7, top + 10.8, pill_text, pill.font, pill.size, pill.color);
    f.close();
    f.open(Tag::p);
    for (const auto& l : dlines) f.line(l, styles::small, f.left());
    f.close();
    // The sources the reviewers ticked: an item's usual sources are not evidence.
    f.paragraph(std::vector<Run>{{"Data sources: ", Font::bold}, {ticked_sources(r), std::nullopt}}, styles::small);
    f.set_y(f.y() + 3);
    const bool upheld = written_for_draft(b, r);
    std::string evidence = r.rating ? r.rating->evidence : "";
    std::string rec = r.rating ? r.rating->recommendation : "";
    const std::string as_drafted = upheld ? " (as written for the draft report, before the contest)" : "";
    f.paragraph(std::vector<Run>{{"Evidence" + as_drafted + ". ", Font::bold},
                                 {evidence.empty() ? "None recorded." : evidence, std::nullopt}},
                styles::body);
    if (!rec.empty()) {
        f.set_y(f.y() + 3);
        f.paragraph(std::vector<Run>{{"Recommendation" + as_drafted + ". ", Font::bold}, {rec, std::nullopt}}, styles::body);
    }
    if (std::string t = contest_decision_text(b, r); !t.empty()) {
        f.set_y(f.y() + 3);
        f.paragraph(std::vector<Run>{{"Contest decision. ", Font::bold}, {t, std::nullopt}}, styles::body);
    }
    f.set_y(f.y() + 6);
    if (f.space_left() > 12) f.page().line(f.left(), f.y(), f.left() + f.content_width(), f.y(), 0.4, ink::rule);
    f.skip(9);
}

void section_subheading(Flow& f, const std::string& name, const std::string& right) {
    const Measure& m = f.measure();
    f.skip(6);
    f.ensure(styles::h2.leading + 80);
    double rw = m.width(right, Font::regular, 8.5);
    double y = f.y();
    f.heading(name, styles::h2, Tag::h3, 80);
    f.open(Tag::p);
    f.page().text(f.left() + f.content_width() - rw, y + f.baseline_offset(styles::h2), right, Font::regular, 8.5,
                  ink::muted);
    f.close();
    f.set_y(f.y() + 4);
}

std::string section_total_text(const SectionTotal& st) {
    return "Section total " + std::to_string(st.total.value_or(st.sum)) + " of " + std::to_string(st.max);
}

// Signature lines: one per signer the template names.
void signatures(Flow& f, const std::vector<std::string>& signers) {
    if (signers.empty()) return;
    f.skip(12);
    f.ensure(60 + 40 * double((signers.size() + 1) / 2));
    f.heading("Signatures", styles::h2, Tag::h3, 50);
    const double w = (f.content_width() - 30) / 2;
    f.open(Tag::l);
    for (size_t i = 0; i < signers.size(); i += 2) {
        f.ensure(46);
        double y = f.y() + 30;
        for (size_t k = i; k < std::min(signers.size(), i + 2); ++k) {
            double x = f.left() + double(k - i) * (w + 30);
            f.page().line(x, y, x + w * 0.62, y, 0.6, ink::muted);
            f.page().line(x + w * 0.68, y, x + w, y, 0.6, ink::muted);
            f.open(Tag::li);
            f.open(Tag::lbody);
            auto lines = wrap(f.measure(), runs(signers[k] + " — signature, date"), styles::small, w);
            double ly = y + 11;
            for (const auto& l : lines) {
                draw_line(f.page(), l, x, ly, styles::small);
                ly += styles::small.leading;
            }
            f.close();
            f.close();
        }
        f.set_y(y + 14 + styles::small.leading);
    }
    f.close();
}

}  // namespace

Drawing layout_report(const Basis& b, const Measure& m) {
    const Review& r = b.review;
    const Summary& s = b.summary;
    Json data = b.template_data();

    PageDecoration deco;
    deco.letterhead = letterhead_lines(b, data);
    deco.draft = !b.final;
    deco.badge = b.final ? "FINAL REPORT" : "DRAFT";
    deco.header_left = "Fidelity review · " + r.program.team + " · " + r.program.agency;
    deco.header_right = (b.final ? "Final report · " : "DRAFT · ") + long_date(b.report_date);
    deco.footer_left = b.scale.name + " · " + b.policy.name;

    Flow f(m, PageFrame{});
    deco.letterhead_node = f.open(Tag::p);
    f.close();
    f.set_y(letterhead_height(deco) + 30);
    const double title_y = f.y();
    f.heading(std::string(b.final ? "Final" : "Draft") + " Fidelity Review Report", styles::title, Tag::h1, 0);
    const double after_title = f.y();
    f.set_y(title_y);
    stage_badge(f, deco);
    f.set_y(after_title);
    f.paragraph(r.program.team + " · " + r.program.agency, styles::subtitle);
    f.set_y(f.y() + 10);

    memo(f, memo_rows(b));

    // The key facts on page 1: many readers stop here.
    std::vector<std::pair<std::string, std::vector<std::string>>> tiles;
    for (const auto& k : key_facts(b)) tiles.push_back({k.label, k.lines});
    stat_tiles(f, tiles);
    if (auto note = contest_note(b); !note.empty())
        f.paragraph(std::vector<Run>{{"Contests. ", Font::bold}, {note, std::nullopt}}, styles::body);
    if (b.final && r.review.final_report_date && s.action_plan.need == ActionPlanNeed::required) {
        std::string t = "Required: " + s.action_plan.why;
        if (s.action_plan.due) t += ", by " + long_date(*s.action_plan.due);
        f.paragraph(std::vector<Run>{{"Action plan. ", Font::bold}, {t + ".", std::nullopt}}, styles::body);
        f.skip(5);
    }
    if (s.reevaluation) {
        f.paragraph(std::vector<Run>{{"Follow-up evaluation. ", Font::bold}, {b.reevaluation_text(), std::nullopt}},
                    styles::body);
        f.skip(5);
    }

    template_blocks(f, render_template(b.options.data_dir, "purpose", data));
    template_blocks(f, render_template(b.options.data_dir, "method", data));

    section_heading(f, "Summary", 120);
    f.heading("Strengths", styles::h2, Tag::h3, 30);
    f.set_y(f.y() + 2);
    auto strong = strengths(b.shown(), b.scale);
    if (strong.empty()) f.paragraph("No item was scored 5.", styles::body);
    else f.open(Tag::l);
    for (const auto& id : strong) {
        const ItemRow& row = b.row(id);
        f.bullet(std::vector<Run>{{row.item->name, Font::bold}, {" (" + b.item_label(row) + ")", std::nullopt}},
                 styles::body, "•");
    }
    if (!strong.empty()) f.close();
    f.skip(8);
    f.heading("Priority recommendations", styles::h2, Tag::h3, 30);
    Priorities prio = summary_priorities(b);
    if (!prio.rule.empty()) f.paragraph(prio.rule, styles::small);
    f.set_y(f.y() + 3);
    if (prio.items.empty()) f.paragraph("Every item was scored 4 or 5.", styles::body);
    else f.open(Tag::l);
    for (const auto& id : prio.items) {
        const ItemRow& row = b.row(id);
        std::vector<Run> t{{row.item->name, Font::bold},
                           {" (" + b.item_label(row) + ", score " + std::to_string(row.score) + ")", std::nullopt}};
        if (row.rating && !row.rating->recommendation.empty()) t.push_back({": " + row.rating->recommendation, std::nullopt});
        f.bullet(t, styles::body, "•");
        f.set_y(f.y() + 2);
    }
    if (!prio.items.empty()) f.close();

    f.skip(10);
    f.heading("Item scores", styles::h2, Tag::h3, 90);  // with the legend and the first section of the chart
    f.set_y(f.y() + 4);
    item_score_chart(f, b);
    if (!b.options.history.empty()) {
        f.skip(10);
        f.heading("Total score across reviews", styles::h2, Tag::h3, 190);
        history_chart(f, b);
    }

    if (b.final && !r.contests.empty()) {
        section_heading(f, "Contested items", 100);
        std::string intro = "After the draft report the team contested " + std::to_string(r.contests.size()) +
                            (r.contests.size() == 1 ? " item" : " items") + " with supporting documentation";
        if (!b.policy.contests.bulletin.empty()) intro += " under " + b.policy.contests.bulletin;
        intro += ". The reviewers' decisions are below; the final scores include them.";
        f.paragraph(intro, styles::body);
        f.skip(6);
        Table t;
        t.columns = {{"Item", 112}, {"Request and documentation", 0}, {"Decision and rationale", 0},
                     {"Draft score", 44, Align::center}, {"Final score", 44, Align::center}};
        for (const auto& c : r.contests) {
            const ItemRow& row = b.row(c.item);
            std::vector<Run> item{{row.item->name, Font::bold}, {"\n" + b.item_label(row), std::nullopt}};
            std::vector<Run> req{{"Submitted " + long_date(c.submitted), std::nullopt}};
            if (c.requested_score) req.push_back({"; requested score " + std::to_string(*c.requested_score), std::nullopt});
            req.push_back({".\n" + (c.documentation.empty() ? std::string("No documentation described.") : c.documentation),
                           std::nullopt});
            std::vector<Run> dec{{decision_label(c.decision), Font::bold}};
            if (c.decided_on) dec.push_back({" " + long_date(*c.decided_on), std::nullopt});
            if (!c.rationale.empty()) dec.push_back({".\n" + c.rationale, std::nullopt});
            t.rows.push_back({TableRow::Kind::body,
                              {item, req, dec, runs(std::to_string(row.draft)), runs(std::to_string(row.score))}});
        }
        f.table(t);
    }

    section_heading(f, "Findings by item", 120);
    f.paragraph("Each item with its definition, the consensus score, the data sources the reviewers used, the evidence "
                "they found and their recommendation.",
                styles::small);
    f.skip(4);
    for (const auto& st : s.sections) {
        const Section* sec = b.scale.find_section(st.id);
        section_subheading(f, st.name, section_total_text(st));
        for (const auto& row : b.items)
            if (row.section == sec) item_block(f, b, row);
    }

    // The score sheet: each reviewer's own score beside the consensus.
    section_heading(f, "Score sheet", 100);
    Table t;
    t.pad_y = 2.5;
    const auto& names = r.review.reviewers;
    // Wide enough for "Consensus" and for most names on two lines.
    const double score_w = names.size() > 2 ? 50 : 60;
    t.columns = {{"Item", 74}, {"Name", 0}};
    for (const auto& n : names) t.columns.push_back({n, score_w, Align::center});
    t.columns.push_back({"Consensus", 62, Align::center});
    if (b.final) t.columns.push_back({"Final", 48, Align::center});
    auto txt = [](std::optional<int> v) { return v ? std::to_string(*v) : std::string("–"); };
    auto blanks = [&](TableRow& tr) {
        for (size_t i = 0; i < names.size(); ++i) tr.cells.push_back(runs(""));
    };
    for (size_t k = 0; k < s.sections.size(); ++k) {
        const SectionTotal& st = s.sections[k];
        const Section* sec = b.scale.find_section(st.id);
        t.rows.push_back({TableRow::Kind::group, {runs(st.name)}});
        for (const auto& row : b.items) {
            if (row.section != sec) continue;
            TableRow tr{TableRow::Kind::body, {runs(b.item_label(row)), runs(row.item->name)}};
            for (const auto& n : names) tr.cells.push_back(runs(txt(row.rating ? row.rating->score_by(n) : std::nullopt)));
            tr.cells.push_back(runs(std::to_string(row.draft)));
            if (b.final) tr.cells.push_back(runs(std::to_string(row.score)));
            t.rows.push_back(tr);
        }
        TableRow sub{TableRow::Kind::subtotal, {runs(""), runs(st.name + " subtotal (of " + std::to_string(st.max) + ")")}};
        blanks(sub);
        sub.cells.push_back(runs(txt(b.draft_summary.sections[k].total)));
        if (b.final) sub.cells.push_back(runs(txt(st.total)));
        t.rows.push_back(sub);
    }
    TableRow tot{TableRow::Kind::total, {runs(""), runs("Total (of " + std::to_string(s.max) + ")")}};
    blanks(tot);
    tot.cells.push_back(runs(txt(b.draft_summary.total)));
    if (b.final) tot.cells.push_back(runs(txt(s.total)));
    t.rows.push_back(tot);
    TableRow tier{TableRow::Kind::total, {runs(""), runs("Fidelity tier")}};
    blanks(tier);
    auto tier_name = [](const Summary& x) { return x.tier ? x.tier->name : std::string("–"); };
    tier.cells.push_back(runs(tier_name(b.draft_summary)));
    if (b.final) tier.cells.push_back(runs(tier_name(s)));
    t.rows.push_back(tier);
    f.table(t);
    f.skip(4);
    f.paragraph("Each reviewer scored every item on their own after the visit; the consensus is the score they agreed"
                " together." + std::string(b.final ? " The final score includes the decisions on contested items." : ""),
                styles::small);
    if (!b.scale.notice.empty()) {
        f.skip(6);
        f.paragraph(b.scale.notice, styles::small);
    }

    template_blocks(f, render_template(b.options.data_dir, "closing", data));
    signatures(f, template_lines(render_template(b.options.data_dir, "signature", data)));
    template_blocks(f, render_template(b.options.data_dir, "distribution", data));

    const std::string fp = review_fingerprint(r);
    f.skip(10);
    f.ensure(60);
    f.heading("Review fingerprint", styles::h2, Tag::h3, 40);
    f.paragraph("SHA-256 of the review this report was made from. To check a copy of the report against a review "
                "file: fidelity verify REPORT.pdf REVIEW.json",
                styles::small);
    f.set_y(f.y() + 3);
    f.paragraph(fp, Style{Font::regular, 8.5, 11, ink::text});

    Drawing d;
    decorate(m, f.pages(), deco);
    d.pages = std::move(f.pages());
    d.bookmarks = std::move(f.bookmarks());
    d.structure = std::move(f.structure());
    d.info.title = std::string(b.final ? "Final" : "Draft") + " fidelity review report: " + r.program.team;
    d.info.author = join_names(r.review.reviewers);
    d.info.subject = b.scale.name + ", " + r.program.agency + ", " + long_date(b.report_date);
    d.info.keywords = "IPS; fidelity; " + b.policy.id + "; " + (b.final ? "final" : "draft");
    d.info.creator = "Fidelity Workstation";
    d.info.created_iso = b.report_date.iso();
    d.info.custom = {{kFingerprintKey, fp}, {kDigestKey, review_digest(b)}};
    return d;
}

}  // namespace fw::reports
