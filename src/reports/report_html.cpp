// The fidelity report as one self-contained HTML file: the accessible
// alternative agencies post beside the PDF. The same data, templates and
// wording as the PDF (report_content.hpp), in semantic HTML: lang, title,
// headings in order, lists, tables with th and scope, the charts as inline
// SVG with a title and a description that states their data. No scripts,
// no external resources.
#include <algorithm>
#include <cstdio>

#include "basis.hpp"
#include "core/rules.hpp"
#include "core/text_file.hpp"
#include "documents.hpp"
#include "layout.hpp"
#include "report_content.hpp"
#include "templates.hpp"

namespace fw::reports {

namespace {

// Clean, escaped, line breaks kept as <br>.
std::string esc(const std::string& raw) {
    std::string s = xml_escape(clean_text(raw)), out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == '\n') out += "<br>";
        else out += c;
    }
    return out;
}

// The templates' **bold** as <strong>.
std::string inline_html(const std::string& text) {
    std::string out;
    for (const Run& r : parse_inline(text)) out += r.font ? "<strong>" + esc(r.text) + "</strong>" : esc(r.text);
    return out;
}

// Template text (parse_blocks) as HTML: # is h2, ## h3, - a list entry.
std::string blocks_html(const std::string& text) {
    std::string out;
    bool in_list = false;
    for (const Block& b : parse_blocks(text)) {
        if (in_list && b.kind != Block::Kind::bullet) out += "</ul>\n";
        if (!in_list && b.kind == Block::Kind::bullet) out += "<ul>\n";
        in_list = b.kind == Block::Kind::bullet;
        switch (b.kind) {
        case Block::Kind::heading: out += "<h2>" + inline_html(b.text) + "</h2>\n"; break;
        case Block::Kind::subheading: out += "<h3>" + inline_html(b.text) + "</h3>\n"; break;
        case Block::Kind::paragraph: out += "<p>" + inline_html(b.text) + "</p>\n"; break;
        case Block::Kind::bullet: out += "<li>" + inline_html(b.text) + "</li>\n"; break;
        }
    }
    if (in_list) out += "</ul>\n";
    return out;
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

// The item scores as bars, grouped by section: the picture for the sighted,
// the title and description for everyone else.
std::string item_chart_svg(const Basis& b) {
    const double label_w = 300, plot_w = 300, row_h = 18, group_h = 22, top = 8;
    double h = top;
    const Section* sec = nullptr;
    for (const auto& r : b.items) {
        if (r.section != sec) h += group_h, sec = r.section;
        h += row_h;
    }
    h += 24;
    auto x = [&](double score) { return label_w + score / 5.0 * plot_w; };
    std::string s = "<svg role=\"img\" aria-labelledby=\"chart1-title chart1-desc\" viewBox=\"0 0 " + num(label_w + plot_w + 30) +
                    " " + num(h) + "\" width=\"100%\" style=\"max-width:" + num(label_w + plot_w + 30) + "px\">\n";
    s += "<title id=\"chart1-title\">Item scores</title>\n<desc id=\"chart1-desc\">" + esc(item_chart_alt(b)) + "</desc>\n";
    for (int v = 0; v <= 5; ++v)
        s += "<line x1=\"" + num(x(v)) + "\" y1=\"" + num(top) + "\" x2=\"" + num(x(v)) + "\" y2=\"" + num(h - 20) +
             "\" stroke=\"#c9d1da\"/>\n<text x=\"" + num(x(v)) + "\" y=\"" + num(h - 6) +
             "\" text-anchor=\"middle\" class=\"axis\">" + std::to_string(v) + "</text>\n";
    double y = top;
    sec = nullptr;
    for (const auto& r : b.items) {
        if (r.section != sec) {
            sec = r.section;
            s += "<text x=\"0\" y=\"" + num(y + 16) + "\" class=\"group\">" + esc(sec->name) + "</text>\n";
            y += group_h;
        }
        s += "<text x=\"" + num(label_w - 8) + "\" y=\"" + num(y + 13) + "\" text-anchor=\"end\">" + esc(r.item->name) +
             "</text>\n";
        s += "<rect x=\"" + num(x(0)) + "\" y=\"" + num(y + 4) + "\" width=\"" + num(x(r.score) - x(0)) +
             "\" height=\"10\" fill=\"" + (r.score < 4 ? "#b36b00" : "#2f5d8c") + "\"/>\n";
        s += "<text x=\"" + num(x(r.score) + 5) + "\" y=\"" + num(y + 13) + "\" class=\"value\">" + std::to_string(r.score) +
             "</text>\n";
        y += row_h;
    }
    return s + "</svg>\n";
}

std::string history_svg(const Basis& b) {
    if (b.options.history.empty() || !b.summary.total) return {};
    std::vector<std::pair<Date, int>> pts;
    for (const auto& p : b.options.history) pts.push_back({p.final_report, p.total});
    std::stable_sort(pts.begin(), pts.end(), [](const auto& p, const auto& q) { return p.first < q.first; });
    pts.push_back({b.report_date, *b.summary.total});
    const double w = 600, h = 200, lo = b.scale.min_total(), hi = b.scale.max_total();
    auto ys = [&](double v) { return 10 + (hi - v) / (hi - lo) * (h - 40); };
    auto xs = [&](size_t i) { return pts.size() > 1 ? 40 + (w - 80) * double(i) / double(pts.size() - 1) : w / 2; };
    std::string s = "<svg role=\"img\" aria-labelledby=\"chart2-title chart2-desc\" viewBox=\"0 0 " + num(w) + " " + num(h) +
                    "\" width=\"100%\" style=\"max-width:" + num(w) + "px\">\n";
    s += "<title id=\"chart2-title\">Total score across reviews</title>\n<desc id=\"chart2-desc\">" +
         esc(history_chart_alt(b)) + "</desc>\n";
    for (size_t i = 1; i < b.policy.tiers.size(); ++i)
        s += "<line x1=\"30\" x2=\"" + num(w - 10) + "\" y1=\"" + num(ys(b.policy.tiers[i].min_total)) + "\" y2=\"" +
             num(ys(b.policy.tiers[i].min_total)) + "\" stroke=\"#1f3a5f\" stroke-dasharray=\"4 3\"/>\n";
    std::string poly;
    for (size_t i = 0; i < pts.size(); ++i) poly += num(xs(i)) + "," + num(ys(pts[i].second)) + " ";
    s += "<polyline fill=\"none\" stroke=\"#2f5d8c\" stroke-width=\"2\" points=\"" + poly + "\"/>\n";
    for (size_t i = 0; i < pts.size(); ++i)
        s += "<text x=\"" + num(xs(i)) + "\" y=\"" + num(ys(pts[i].second) - 6) + "\" text-anchor=\"middle\" class=\"value\">" +
             std::to_string(pts[i].second) + "</text>\n<text x=\"" + num(xs(i)) + "\" y=\"" + num(h - 8) +
             "\" text-anchor=\"middle\" class=\"axis\">" + month_year(pts[i].first) + "</text>\n";
    return s + "</svg>\n";
}

const char* kStyle = R"CSS(
body{font-family:"DejaVu Sans","Noto Sans",Arial,sans-serif;color:#222;max-width:52rem;margin:0 auto;padding:1rem;line-height:1.5}
header{background:#1f3a5f;color:#fff;padding:.8rem 1rem}header p{margin:0}header .org{font-weight:bold}
h1,h2,h3,h4{color:#1f3a5f}h2{border-bottom:2px solid #1f3a5f}
.badge{display:inline-block;border:2px solid #1f3a5f;padding:.1rem .6rem;font-weight:bold}
.badge.draft{background:#b3261e;border-color:#b3261e;color:#fff}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;vertical-align:top;padding:.25rem .4rem;border-bottom:1px solid #c9d1da}
thead th{background:#e4eaf1;color:#1f3a5f}td.n,th.n{text-align:center}
.memo th{width:7rem;color:#5b6670}.facts td{font-size:1.2rem;font-weight:bold;color:#1f3a5f}.facts td span{display:block;font-size:.85rem;font-weight:normal;color:#222}
.small{color:#5b6670;font-size:.9rem}.score{font-weight:bold}
svg text{font-size:11px;fill:#222}svg .group{font-weight:bold;fill:#1f3a5f}svg .axis{fill:#5b6670}svg .value{font-weight:bold}
footer{color:#5b6670;font-size:.85rem;border-top:1px solid #c9d1da;margin-top:2rem}
)CSS";

}  // namespace

std::string make_html(const Review& r, const Scale& scale, const Policy& policy, const ReportOptions& o) {
    Basis b(r, scale, policy, o);
    const Summary& s = b.summary;
    Json data = b.template_data();
    const std::string title = std::string(b.final ? "Final" : "Draft") + " fidelity review report: " + r.program.team;
    std::string h = "<!DOCTYPE html>\n<html lang=\"en-US\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
                    esc(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<header>\n";
    auto letterhead = template_lines(render_template(b.options.data_dir, "letterhead", data));
    for (size_t i = 0; i < letterhead.size(); ++i)
        h += std::string(i == 0 ? "<p class=\"org\">" : "<p>") + esc(letterhead[i]) + "</p>\n";
    h += "</header>\n<main>\n<h1>" + std::string(b.final ? "Final" : "Draft") + " Fidelity Review Report</h1>\n";
    h += std::string("<p><span class=\"badge") + (b.final ? "" : " draft") + "\">" + (b.final ? "FINAL REPORT" : "DRAFT") +
         "</span></p>\n<p class=\"small\">" + esc(r.program.team + " · " + r.program.agency) + "</p>\n";
    h += "<table class=\"memo\">\n<tbody>\n";
    for (const auto& [k, v] : memo_rows(b)) h += "<tr><th scope=\"row\">" + esc(k) + "</th><td>" + esc(v) + "</td></tr>\n";
    h += "</tbody>\n</table>\n";

    h += "<h2>Key facts</h2>\n<table class=\"facts\">\n<thead><tr>";
    auto facts = key_facts(b);
    for (const auto& k : facts) h += "<th scope=\"col\">" + esc(k.label) + "</th>";
    h += "</tr></thead>\n<tbody><tr>";
    for (const auto& k : facts) {
        h += "<td>" + esc(k.lines.empty() ? "" : k.lines[0]);
        for (size_t i = 1; i < k.lines.size(); ++i) h += "<span>" + esc(k.lines[i]) + "</span>";
        h += "</td>";
    }
    h += "</tr></tbody>\n</table>\n";
    if (auto note = contest_note(b); !note.empty()) h += "<p><strong>Contests.</strong> " + esc(note) + "</p>\n";
    if (b.final && s.action_plan.need == ActionPlanNeed::required) {
        std::string t = "Required: " + s.action_plan.why;
        if (s.action_plan.due) t += ", by " + long_date(*s.action_plan.due);
        h += "<p><strong>Action plan.</strong> " + esc(t) + ".</p>\n";
    }
    if (s.reevaluation) h += "<p><strong>Follow-up evaluation.</strong> " + esc(b.reevaluation_text()) + "</p>\n";

    h += blocks_html(render_template(b.options.data_dir, "purpose", data));
    h += blocks_html(render_template(b.options.data_dir, "method", data));

    h += "<h2>Summary</h2>\n<h3>Strengths</h3>\n";
    auto strong = strengths(b.shown(), b.scale);
    if (strong.empty()) h += "<p>No item was scored 5.</p>\n";
    else h += "<ul>\n";
    for (const auto& id : strong) {
        const ItemRow& row = b.row(id);
        h += "<li><strong>" + esc(row.item->name) + "</strong> (" + esc(b.item_label(row)) + ")</li>\n";
    }
    if (!strong.empty()) h += "</ul>\n";
    h += "<h3>Priority recommendations</h3>\n";
    Priorities prio = summary_priorities(b);
    if (prio.items.empty()) h += "<p>Every item was scored 4 or 5.</p>\n";
    else h += "<p class=\"small\">" + esc(prio.rule) + "</p>\n<ul>\n";
    for (const auto& id : prio.items) {
        const ItemRow& row = b.row(id);
        h += "<li><strong>" + esc(row.item->name) + "</strong> (" + esc(b.item_label(row)) + ", score " +
             std::to_string(row.score) + ")";
        if (row.rating && !row.rating->recommendation.empty()) h += ": " + esc(row.rating->recommendation);
        h += "</li>\n";
    }
    if (!prio.items.empty()) h += "</ul>\n";
    h += "<h3>Item scores</h3>\n<figure>\n" + item_chart_svg(b) +
         "<figcaption>Figure 1. The item scores by section; the bars of items scored below 4 are orange.</figcaption>\n</figure>\n";
    if (std::string hist = history_svg(b); !hist.empty())
        h += "<h3>Total score across reviews</h3>\n<figure>\n" + hist +
             "<figcaption>Figure 2. The total score of each review, with the lowest total of each tier as a dashed "
             "line.</figcaption>\n</figure>\n";

    if (b.final && !r.contests.empty()) {
        h += "<h2>Contested items</h2>\n<table>\n<thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Request and "
             "documentation</th><th scope=\"col\">Decision and rationale</th><th scope=\"col\" class=\"n\">Draft score</th>"
             "<th scope=\"col\" class=\"n\">Final score</th></tr></thead>\n<tbody>\n";
        for (const auto& c : r.contests) {
            const ItemRow& row = b.row(c.item);
            std::string req = "Submitted " + long_date(c.submitted);
            if (c.requested_score) req += "; requested score " + std::to_string(*c.requested_score);
            req += ".\n" + (c.documentation.empty() ? std::string("No documentation described.") : c.documentation);
            std::string dec = decision_label(c.decision) + (c.decided_on ? " " + long_date(*c.decided_on) : "");
            if (!c.rationale.empty()) dec += ".\n" + c.rationale;
            h += "<tr><th scope=\"row\">" + esc(row.item->name) + "<br>" + esc(b.item_label(row)) + "</th><td>" + esc(req) +
                 "</td><td>" + esc(dec) + "</td><td class=\"n\">" + std::to_string(row.draft) + "</td><td class=\"n\">" +
                 std::to_string(row.score) + "</td></tr>\n";
        }
        h += "</tbody>\n</table>\n";
    }

    h += "<h2>Findings by item</h2>\n";
    for (const auto& st : s.sections) {
        const Section* sec = b.scale.find_section(st.id);
        h += "<h3>" + esc(st.name) + "</h3>\n<p class=\"small\">Section total " + std::to_string(st.total.value_or(st.sum)) +
             " of " + std::to_string(st.max) + "</p>\n";
        for (const auto& row : b.items) {
            if (row.section != sec) continue;
            const std::string as_drafted = written_for_draft(b, row) ? " (as written for the draft report, before the contest)" : "";
            h += "<h4>" + std::to_string(row.item->number) + ". " + esc(row.item->name) + "</h4>\n";
            std::string score = "Score " + std::to_string(row.score);
            if (b.final && row.draft != row.score) score += " (draft " + std::to_string(row.draft) + ")";
            h += "<p class=\"score\">" + score + "</p>\n<p class=\"small\">" + esc(row.item->definition) + "</p>\n";
            h += "<p class=\"small\"><strong>Data sources:</strong> " + esc(ticked_sources(row)) + "</p>\n";
            std::string ev = row.rating ? row.rating->evidence : "";
            h += "<p><strong>Evidence" + as_drafted + ".</strong> " + esc(ev.empty() ? "None recorded." : ev) + "</p>\n";
            if (row.rating && !row.rating->recommendation.empty())
                h += "<p><strong>Recommendation" + as_drafted + ".</strong> " + esc(row.rating->recommendation) + "</p>\n";
            if (std::string t = contest_decision_text(b, row); !t.empty())
                h += "<p><strong>Contest decision.</strong> " + esc(t) + "</p>\n";
        }
    }

    h += "<h2>Score sheet</h2>\n<table>\n<thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Name</th>";
    const auto& names = r.review.reviewers;
    for (const auto& n : names) h += "<th scope=\"col\" class=\"n\">" + esc(n) + "</th>";
    h += std::string("<th scope=\"col\" class=\"n\">Consensus</th>") + (b.final ? "<th scope=\"col\" class=\"n\">Final</th>" : "") +
         "</tr></thead>\n";
    const size_t cols = 3 + names.size() + (b.final ? 1 : 0);
    auto txt = [](std::optional<int> v) { return v ? std::to_string(*v) : std::string("–"); };
    auto empties = [&] {
        std::string e;
        for (size_t i = 0; i < names.size(); ++i) e += "<td></td>";
        return e;
    };
    for (size_t k = 0; k < s.sections.size(); ++k) {
        const SectionTotal& st = s.sections[k];
        const Section* sec = b.scale.find_section(st.id);
        h += "<tbody>\n<tr><th scope=\"rowgroup\" colspan=\"" + std::to_string(cols) + "\">" + esc(st.name) + "</th></tr>\n";
        for (const auto& row : b.items) {
            if (row.section != sec) continue;
            h += "<tr><td>" + esc(b.item_label(row)) + "</td><th scope=\"row\">" + esc(row.item->name) + "</th>";
            for (const auto& n : names)
                h += "<td class=\"n\">" + txt(row.rating ? row.rating->score_by(n) : std::nullopt) + "</td>";
            h += "<td class=\"n\">" + std::to_string(row.draft) + "</td>";
            if (b.final) h += "<td class=\"n\">" + std::to_string(row.score) + "</td>";
            h += "</tr>\n";
        }
        h += "<tr><td></td><th scope=\"row\">" + esc(st.name) + " subtotal (of " + std::to_string(st.max) + ")</th>" + empties() +
             "<td class=\"n\">" + txt(b.draft_summary.sections[k].total) + "</td>" +
             (b.final ? "<td class=\"n\">" + txt(st.total) + "</td>" : "") + "</tr>\n</tbody>\n";
    }
    auto tier_name = [](const Summary& x) { return x.tier ? x.tier->name : std::string("–"); };
    h += "<tbody>\n<tr><td></td><th scope=\"row\">Total (of " + std::to_string(s.max) + ")</th>" + empties() + "<td class=\"n\">" +
         txt(b.draft_summary.total) + "</td>" + (b.final ? "<td class=\"n\">" + txt(s.total) + "</td>" : "") + "</tr>\n";
    h += "<tr><td></td><th scope=\"row\">Fidelity tier</th>" + empties() + "<td class=\"n\">" + esc(tier_name(b.draft_summary)) +
         "</td>" + (b.final ? "<td class=\"n\">" + esc(tier_name(s)) + "</td>" : "") + "</tr>\n</tbody>\n</table>\n";
    h += "<p class=\"small\">Each reviewer scored every item on their own after the visit; the consensus is the score they "
         "agreed together." + std::string(b.final ? " The final score includes the decisions on contested items." : "") + "</p>\n";
    if (!b.scale.notice.empty()) h += "<p class=\"small\">" + esc(b.scale.notice) + "</p>\n";

    h += blocks_html(render_template(b.options.data_dir, "closing", data));
    auto signers = template_lines(render_template(b.options.data_dir, "signature", data));
    if (!signers.empty()) {
        h += "<h3>Signatures</h3>\n<ul>\n";
        for (const auto& sgn : signers) h += "<li>" + esc(sgn) + " — signature, date: ______________________</li>\n";
        h += "</ul>\n";
    }
    h += blocks_html(render_template(b.options.data_dir, "distribution", data));
    h += "<h3>Review fingerprint</h3>\n<p class=\"small\">SHA-256 of the review this report was made from:</p>\n<p><code>" +
         review_fingerprint(r) + "</code></p>\n</main>\n<footer>\n<p>" + esc(b.scale.name + " · " + b.policy.name) +
         "</p>\n</footer>\n</body>\n</html>\n";
    return h;
}

void render_html(const Review& r, const Scale& s, const Policy& p, const ReportOptions& o, const std::string& out,
                 const KeepFiles& keep) {
    check_output(out, keep);
    write_output(out, make_html(r, s, p, o), keep);
}

}  // namespace fw::reports
