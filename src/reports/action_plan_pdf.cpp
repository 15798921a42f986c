// The fidelity action plan as a PDF: landscape, one table row per item the
// team will improve.
#include "core/action_plan.hpp"
#include "core/rules.hpp"
#include "documents.hpp"
#include "pdf_style.hpp"
#include "templates.hpp"

namespace fw::reports {

Drawing layout_action_plan(const Basis& b, const Measure& m) {
    const Review& r = b.review;
    const Summary& s = b.summary;
    ActionPlanRows plan = action_plan_rows(b.shown(), b.scale, b.policy);
    Json data = b.template_data();
    data["proposed"] = plan.proposed;
    data["row_count"] = std::to_string(plan.rows.size());
    data["below_4"] = std::to_string(priorities(b.shown(), b.scale).size());
    data["more_below_4"] = priorities(b.shown(), b.scale).size() > plan.rows.size();
    // Who the team shares its plan with, as the policy says (2016: three).
    std::string to;
    const auto& who = s.action_plan.recipients;
    for (size_t i = 0; i < who.size(); ++i) to += (i == 0 ? "" : i + 1 == who.size() ? " and " : ", ") + who[i];
    data["has_recipients"] = !to.empty();
    data["recipients"] = to;

    PageDecoration deco;
    deco.letterhead = template_lines(render_template(b.options.data_dir, "letterhead", data));
    deco.badge = "ACTION PLAN";
    deco.header_left = "Fidelity action plan · " + r.program.team + " · " + r.program.agency;
    deco.header_right = "Prepared " + long_date(b.options.generated_on);
    deco.footer_left = b.scale.name + " · " + b.policy.name;

    PageFrame frame;
    frame.width = 792;
    frame.height = 612;
    Flow f(m, frame);
    deco.letterhead_node = f.open(Tag::p);
    f.close();
    f.set_y(letterhead_height(deco) + 28);
    const double title_y = f.y();
    f.heading("Fidelity Action Plan", styles::title, Tag::h1, 0);
    const double after_title = f.y();
    f.set_y(title_y);
    stage_badge(f, deco);
    f.set_y(after_title);
    f.paragraph(r.program.team + " · " + r.program.agency, styles::subtitle);
    f.set_y(f.y() + 8);

    std::string review = review_type_label(r.review.type) + " fidelity review, on-site visit " +
                         date_span(r.review.visit_start, r.review.visit_end);
    if (b.final) review += "; final report " + long_date(b.report_date);
    else review += "; draft report " + long_date(b.report_date);
    std::string result = std::to_string(*s.total) + " of " + std::to_string(s.max) + ", " +
                         (s.tier ? s.tier->name : std::string("outside every tier"));
    if (b.final) result += "; next fidelity review " + b.next_review_text();
    Style lab{Font::bold, 8.5, styles::body.leading, ink::muted};
    // Label and value per row: a table whose labels are row headers.
    auto kv = [&](const std::string& k, const std::string& v) {
        auto lines = wrap(m, runs(v), styles::body, f.content_width() - 90);
        f.open(Tag::tr);
        int th = f.open(Tag::th);
        f.structure()[size_t(th)].row_scope = true;
        f.page().text(f.left(), f.y() + f.baseline_offset(lab), k, lab.font, lab.size, lab.color);
        f.close();
        f.open(Tag::td);
        for (const auto& l : lines) f.line(l, styles::body, f.left() + 90);
        f.close();
        f.close();
    };
    f.page().line(f.left(), f.y(), f.left() + f.content_width(), f.y(), 0.5, ink::rule);
    f.set_y(f.y() + 6);
    f.open(Tag::table);
    f.open(Tag::tbody);
    kv("Review", review);
    kv("Result", result);
    if (s.action_plan.need == ActionPlanNeed::required) {
        std::string t = "Required: " + s.action_plan.why;
        if (s.action_plan.due) t += "; due " + long_date(*s.action_plan.due);
        kv("Action plan", t);
    }
    kv("LME-MCO", r.program.lme_mco.empty() ? "–" : r.program.lme_mco);
    f.close();
    f.close();
    f.set_y(f.y() + 4);
    f.page().line(f.left(), f.y(), f.left() + f.content_width(), f.y(), 0.5, ink::rule);
    f.set_y(f.y() + 8);

    template_blocks(f, render_template(b.options.data_dir, "action-plan", data));

    Table t;
    t.columns = {{"Item", 118},         {"Goal", 112}, {"Steps", 0},   {"Who", 74},
                 {"By when", 84},       {"Measure", 0}, {"Status", 52}};
    for (const auto& row : plan.rows) {
        const Item* item = b.scale.find(row.item);
        std::vector<Run> it;
        if (item) {
            const ItemRow& ir = b.row(row.item);
            it = {{item->name, Font::bold}, {"\n" + b.item_label(ir) + " · score " + std::to_string(ir.score), std::nullopt}};
        } else {
            it = runs(row.item);
        }
        t.rows.push_back({TableRow::Kind::body,
                          {it, runs(row.goal), runs(row.steps), runs(row.who),
                           runs(row.by_when ? long_date(*row.by_when) : "–"), runs(row.measure),
                           runs(status_label(row.status))}});
    }
    if (plan.rows.empty()) f.paragraph("No item scored below 4: the plan has no rows.", styles::body);
    else f.table(t);

    f.skip(18);
    f.ensure(60);
    const double w = (f.content_width() - 40) / 3;
    const char* signers[] = {"IPS team lead", "Agency leadership", "LME-MCO"};
    double y = f.y() + 28;
    f.open(Tag::l);
    for (int i = 0; i < 3; ++i) {
        double x = f.left() + i * (w + 20);
        f.page().line(x, y, x + w, y, 0.6, ink::muted);
        f.open(Tag::li);
        f.open(Tag::lbody);
        f.page().text(x, y + 11, std::string(signers[i]) + ", signature and date", Font::regular, 7.5, ink::muted);
        f.close();
        f.close();
    }
    f.close();
    f.set_y(y + 20);

    Drawing d;
    decorate(m, f.pages(), deco);
    d.pages = std::move(f.pages());
    d.bookmarks = std::move(f.bookmarks());
    d.structure = std::move(f.structure());
    d.info.title = "Fidelity action plan: " + r.program.team;
    d.info.author = r.program.agency;
    d.info.subject = b.scale.name + ", action plan";
    d.info.keywords = "IPS; fidelity; action plan";
    d.info.creator = "Fidelity Workstation";
    d.info.created_iso = b.options.generated_on.iso();
    return d;
}

}  // namespace fw::reports
