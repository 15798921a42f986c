// The fidelity report: letterhead and memo header, purpose and method
// (templates), summary with charts, contested items, findings item by item,
// the score sheet, distribution and the review fingerprint.
#include <algorithm>

#include "charts.hpp"
#include "core/rules.hpp"
#include "documents.hpp"
#include "pdf_style.hpp"
#include "templates.hpp"

namespace fw::reports {

namespace {

const Color kLowTint = Color::rgb(0xFBEBD3);
const Color kPillTint = Color::rgb(0xE4EAF1);

std::vector<std::string> letterhead_lines(const Basis& b, const Json& data) {
    return template_lines(render_template(b.options.data_dir, "letterhead", data));
}

// The To / From / Date block under the title, label and value per row.
void memo(Flow& f, const std::vector<std::pair<std::string, std::string>>& rows) {
    const double label_w = 78;
    const Style value = styles::body;
    const Style lab{Font::bold, 8.5, value.leading, ink::muted};
    f.page().line(f.left(), f.y(), f.left() + f.content_width(), f.y(), 0.5, ink::rule);
    f.set_y(f.y() + 6);
    for (const auto& [k, v] : rows) {
        auto lines = wrap(f.measure(), runs(v), value, f.content_width() - label_w);
        f.ensure(double(lines.size()) * value.leading);
        f.page().text(f.left(), f.y() + f.baseline_offset(lab), k, lab.font, lab.size, lab.color);
        for (const auto& l : lines) f.line(l, value, f.left() + label_w);
        f.set_y(f.y() + 2);
    }
    f.set_y(f.y() + 4);
    f.page().line(f.left(), f.y(), f.left() + f.content_width(), f.y(), 0.5, ink::rule);
    f.set_y(f.y() + 6);
}

// Three tiles across the page: total, tier, next review.
void stat_tiles(Flow& f, const std::vector<std::pair<std::string, std::vector<std::string>>>& tiles) {
    const Measure& m = f.measure();
    const double gap = 10, n = double(tiles.size());
    const double w = (f.content_width() - gap * (n - 1)) / n;
    const Style big{Font::bold, 15, 19, ink::navy};
    const Style note{Font::regular, 8.5, 11, ink::text};
    // Height: the tallest tile.
    double h = 0;
    std::vector<std::vector<std::vector<Line>>> laid;
    for (const auto& [label, values] : tiles) {
        std::vector<std::vector<Line>> v;
        double th = 22;
        for (size_t i = 0; i < values.size(); ++i) {
            const Style& s = i == 0 ? big : note;
            v.push_back(wrap(m, runs(values[i]), s, w - 20));
            th += double(v.back().size()) * s.leading;
        }
        laid.push_back(std::move(v));
        h = std::max(h, th + 8);
    }
    f.ensure(h);
    double x = f.left(), top = f.y();
    for (size_t t = 0; t < tiles.size(); ++t) {
        f.page().rect(x, top, w, h, ink::tint);
        f.page().rect(x, top, 3, h, ink::navy);
        f.page().text(x + 11, top + 14, tiles[t].first, Font::bold, 7, ink::muted);
        double y = top + 20;
        for (size_t i = 0; i < laid[t].size(); ++i) {
            const Style& s = i == 0 ? big : note;
            for (const auto& l : laid[t][i]) {
                for (const auto& p : l.pieces)
                    f.page().text(x + 11 + p.x, y + f.baseline_offset(s), p.text, p.font, s.size, s.color);
                y += s.leading;
            }
        }
        x += w + gap;
    }
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
    f.page().rect(f.left() + f.content_width() - pill_w, top + 0.5, pill_w, 14, r.score < 4 ? kLowTint : kPillTint);
    f.page().text(f.left() + f.content_width() - pill_w + 7, top + 10.8, pill_text, pill.font, pill.size, pill.color);
    for (const auto& l : tlines) f.line(l, title, f.left());
    for (const auto& l : dlines) f.line(l, styles::small, f.left());
    std::vector<std::string> sources = r.rating && !r.rating->sources.empty() ? r.rating->sources : r.item->sources;
    if (!sources.empty()) {
        std::string s;
        for (const auto& c : sources) s += (s.empty() ? "" : " · ") + c;
        f.paragraph(std::vector<Run>{{"Data sources: ", Font::bold}, {s, std::nullopt}}, styles::small);
    }
    f.set_y(f.y() + 3);
    std::string evidence = r.rating ? r.rating->evidence : "";
    std::string rec = r.rating ? r.rating->recommendation : "";
    f.paragraph(std::vector<Run>{{"Evidence. ", Font::bold}, {evidence.empty() ? "None recorded." : evidence, std::nullopt}},
                styles::body);
    if (!rec.empty()) {
        f.set_y(f.y() + 3);
        f.paragraph(std::vector<Run>{{"Recommendation. ", Font::bold}, {rec, std::nullopt}}, styles::body);
    }
    if (r.contest) {
        const Contest& c = *r.contest;
        std::string t = "Contested " + long_date(c.submitted) + "; " + decision_label(c.decision);
        if (c.decided_on) t += " " + long_date(*c.decided_on);
        if (c.decision == Decision::upheld) t += ": score " + std::to_string(r.draft) + " changed to " + std::to_string(r.score);
        t += ". See Contested items.";
        f.set_y(f.y() + 3);
        f.paragraph(std::vector<Run>{{"Contest. ", Font::bold}, {t, std::nullopt}}, styles::body);
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
    f.page().text(f.left() + f.content_width() - rw, f.y() + f.baseline_offset(styles::h2), right, Font::regular, 8.5,
                  ink::muted);
    f.heading(name, styles::h2, 80, 1);
    f.set_y(f.y() + 4);
}

std::string section_total_text(const SectionTotal& st) {
    return "Section total " + std::to_string(st.total.value_or(st.sum)) + " of " + std::to_string(st.max);
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
    f.set_y(letterhead_height(deco) + 30);
    stage_badge(f, deco);
    f.paragraph(std::string(b.final ? "Final" : "Draft") + " Fidelity Review Report", styles::title);
    f.paragraph(r.program.team + " · " + r.program.agency, styles::subtitle);
    f.set_y(f.y() + 10);

    std::string to = r.program.team + ", " + r.program.agency;
    if (!r.program.lme_mco.empty()) to += "\n" + r.program.lme_mco + " (LME-MCO)";
    std::string reports = r.review.draft_report_date ? "Draft report " + long_date(*r.review.draft_report_date) : "";
    if (b.final) reports += (reports.empty() ? "" : " · ") + std::string("Final report ") + long_date(b.report_date);
    std::vector<std::pair<std::string, std::string>> rows{
        {"Date", long_date(b.report_date)},
        {"To", to},
        {"From", join_names(r.review.reviewers) + (r.review.reviewers.size() == 1 ? ", fidelity reviewer" : ", fidelity reviewers")},
        {"Review", review_type_label(r.review.type) + " fidelity review · on-site visit " +
                       date_span(r.review.visit_start, r.review.visit_end)},
        {"Scale", b.scale.name + " (" + b.scale.edition + ")"},
        {"Policy", b.policy.name},
    };
    if (!reports.empty()) rows.insert(rows.begin() + 4, {"Reports", reports});
    memo(f, rows);

    template_blocks(f, render_template(b.options.data_dir, "purpose", data));
    template_blocks(f, render_template(b.options.data_dir, "method", data));

    // Summary: many readers stop here.
    section_heading(f, "Summary", 120);
    std::vector<std::string> total_lines{std::to_string(*s.total) + " of " + std::to_string(s.max)};
    if (b.final && b.draft_summary.total && *b.draft_summary.total != *s.total)
        total_lines.push_back("Draft report: " + std::to_string(*b.draft_summary.total));
    std::vector<std::string> tier_lines{s.tier ? s.tier->name : "outside every tier"};
    if (s.tier)
        tier_lines.push_back("Total " + std::to_string(s.tier->min_total) + "–" + std::to_string(s.tier->max_total) +
                             ", " + b.policy.name);
    std::vector<std::string> next_lines;
    if (s.next_review) {
        const NextReviewWindow& w = *s.next_review;
        next_lines.push_back(w.earliest == w.latest ? "By " + short_date(w.latest)
                                                    : short_date(w.earliest) + " – " + short_date(w.latest));
        next_lines.push_back(b.next_review_rule());
    } else {
        next_lines.push_back(b.next_review_rule());
    }
    stat_tiles(f, {{"TOTAL SCORE", total_lines}, {"FIDELITY TIER", tier_lines}, {"NEXT FIDELITY REVIEW", next_lines}});
    if (b.final && r.review.final_report_date && s.action_plan.need == ActionPlanNeed::required) {
        std::string t = "Required: " + s.action_plan.why;
        if (s.action_plan.due) t += ", by " + long_date(*s.action_plan.due);
        f.paragraph(std::vector<Run>{{"Action plan. ", Font::bold}, {t + ".", std::nullopt}}, styles::body);
        f.skip(5);
    }
    if (s.reevaluation) {
        const Reevaluation& re = *s.reevaluation;
        std::string t;
        if (re.eligible) {
            t = "The team may have one follow-up evaluation";
            t += re.by ? ", to be held by " + long_date(*re.by) + "." : ", within the policy's period after the final report.";
            if (!re.unconfirmed.empty()) t += " Some criteria are not yet recorded and must be confirmed.";
        } else {
            t = "Not eligible for a follow-up evaluation: ";
            for (size_t i = 0; i < re.reasons.size(); ++i) t += (i ? "; " : "") + re.reasons[i];
            t += ".";
        }
        f.paragraph(std::vector<Run>{{"Re-evaluation. ", Font::bold}, {t, std::nullopt}}, styles::body);
        f.skip(5);
    }

    f.heading("Strengths", styles::h2, 30, 1);
    f.set_y(f.y() + 2);
    auto strong = strengths(b.shown(), b.scale);
    if (strong.empty()) f.paragraph("No item was scored 5.", styles::body);
    for (const auto& id : strong) {
        const ItemRow& row = b.row(id);
        f.bullet(std::vector<Run>{{row.item->name, Font::bold}, {" (" + b.item_label(row) + ")", std::nullopt}},
                 styles::body, "•");
    }
    f.skip(8);
    f.heading("Priority recommendations", styles::h2, 30, 1);
    f.paragraph("Items scored below 4, lowest first.", styles::small);
    f.set_y(f.y() + 3);
    auto prio = priorities(b.shown(), b.scale);
    if (prio.empty()) f.paragraph("Every item was scored 4 or 5.", styles::body);
    for (const auto& id : prio) {
        const ItemRow& row = b.row(id);
        std::vector<Run> t{{row.item->name, Font::bold},
                           {" (" + b.item_label(row) + ", score " + std::to_string(row.score) + ")", std::nullopt}};
        if (row.rating && !row.rating->recommendation.empty()) t.push_back({": " + row.rating->recommendation, std::nullopt});
        f.bullet(t, styles::body, "•");
        f.set_y(f.y() + 2);
    }

    f.skip(10);
    f.heading("Item scores", styles::h2, 345, 1);  // the chart is about 335 pt tall
    f.set_y(f.y() + 4);
    item_score_chart(f, b);
    if (!b.options.history.empty()) {
        f.skip(10);
        f.heading("Total score across reviews", styles::h2, 190, 1);
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
                     {"Draft", 36, Align::center}, {"Final", 36, Align::center}};
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
    f.paragraph("Each item with its definition, the consensus score, the evidence the reviewers found and their "
                "recommendation.",
                styles::small);
    f.skip(4);
    for (const auto& st : s.sections) {
        const Section* sec = b.scale.find_section(st.id);
        section_subheading(f, st.name, section_total_text(st));
        for (const auto& row : b.items)
            if (row.section == sec) item_block(f, b, row);
    }

    // The score sheet reads best as one table on one page.
    Table t;
    t.pad_y = 2.5;
    const double row_h = t.body.leading + 2 * t.pad_y;
    const double sheet_h = double(b.items.size() + 3 * s.sections.size() + 3) * row_h + 50;
    if (f.space_left() < sheet_h) f.new_page();
    section_heading(f, "Score sheet", 160);
    if (b.final)
        t.columns = {{"Item", 86}, {"Name", 0}, {"Draft", 76, Align::center}, {"Final", 76, Align::center}};
    else
        t.columns = {{"Item", 86}, {"Name", 0}, {"Score", 80, Align::center}};
    auto nums = [&](std::optional<int> draft, std::optional<int> fin) {
        auto txt = [](std::optional<int> v) { return v ? std::to_string(*v) : std::string("–"); };
        std::vector<std::vector<Run>> c;
        if (b.final) c = {runs(txt(draft)), runs(txt(fin))};
        else c = {runs(txt(fin))};
        return c;
    };
    for (size_t k = 0; k < s.sections.size(); ++k) {
        const SectionTotal& st = s.sections[k];
        const Section* sec = b.scale.find_section(st.id);
        t.rows.push_back({TableRow::Kind::group, {runs(st.name)}});
        for (const auto& row : b.items) {
            if (row.section != sec) continue;
            TableRow tr{TableRow::Kind::body, {runs(b.item_label(row)), runs(row.item->name)}};
            for (auto& c : nums(row.draft, row.score)) tr.cells.push_back(c);
            t.rows.push_back(tr);
        }
        TableRow sub{TableRow::Kind::subtotal, {runs(""), runs(st.name + " subtotal (of " + std::to_string(st.max) + ")")}};
        for (auto& c : nums(b.draft_summary.sections[k].total, st.total)) sub.cells.push_back(c);
        t.rows.push_back(sub);
    }
    TableRow tot{TableRow::Kind::total, {runs(""), runs("Total (of " + std::to_string(s.max) + ")")}};
    for (auto& c : nums(b.draft_summary.total, s.total)) tot.cells.push_back(c);
    t.rows.push_back(tot);
    TableRow tier{TableRow::Kind::total, {runs(""), runs("Fidelity tier")}};
    auto tier_name = [](const Summary& x) { return x.tier ? x.tier->name : std::string("–"); };
    if (b.final) tier.cells.push_back(runs(tier_name(b.draft_summary)));
    tier.cells.push_back(runs(tier_name(s)));
    t.rows.push_back(tier);
    f.table(t);
    if (!b.scale.notice.empty()) {
        f.skip(6);
        f.paragraph(b.scale.notice, styles::small);
    }

    template_blocks(f, render_template(b.options.data_dir, "closing", data));

    const std::string fp = review_fingerprint(r);
    f.skip(10);
    f.ensure(60);
    f.heading("Review fingerprint", styles::h2, 40, 1);
    f.paragraph("SHA-256 of the review this report was made from. To check a copy of the report against a review "
                "file: fidelity verify REPORT.pdf REVIEW.json",
                styles::small);
    f.set_y(f.y() + 3);
    f.paragraph(fp, Style{Font::regular, 8.5, 11, ink::text});

    Drawing d;
    decorate(m, f.pages(), deco);
    d.pages = std::move(f.pages());
    d.bookmarks = std::move(f.bookmarks());
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
