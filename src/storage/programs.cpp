// Programs: a team of an agency, reviewed again and again over the years.
#include "core/error.hpp"
#include "core/rulebook.hpp"
#include "storage/impl.hpp"

namespace fw::storage {

using namespace detail;

namespace {

const char* kProgramSelect =
    "SELECT p.id, p.agency, p.team, p.lme_mco, p.county, p.start_date, "
    "(SELECT count(*) FROM reviews r WHERE r.program_id = p.id), "
    "(SELECT r.id FROM reviews r WHERE r.program_id = p.id ORDER BY r.visit_start DESC, r.id DESC LIMIT 1), "
    "(SELECT max(r.visit_start) FROM reviews r WHERE r.program_id = p.id), "
    "p.implementation_plan_meeting, p.implementation_plan_policy, p.implementation_plan_due "
    "FROM programs p ";

ProgramRow program_row(Query& q) {
    ProgramRow p;
    p.id = q.integer(0);
    p.details.agency = q.text(1);
    p.details.team = q.text(2);
    p.details.lme_mco = q.text(3);
    p.details.county = q.text(4);
    p.details.start_date = date_column(q, 5);
    p.review_count = int(q.integer(6));
    if (!q.is_null(7)) p.latest_review_id = q.integer(7);
    p.latest_visit = date_column(q, 8);
    if (auto meeting = date_column(q, 9)) {
        p.implementation_plan = ImplementationPlan{*meeting, q.text(10)};
        auto due = date_column(q, 11);
        if (due && awaits_review(*p.implementation_plan, p.latest_visit))
            p.implementation_plan_due = Due{DueKind::implementation_plan_review, std::nullopt, *due, {}};
    }
    return p;
}

ProgramDetails clean(const ProgramDetails& d) {
    ProgramDetails out = d;
    out.agency = trimmed(d.agency);
    out.team = trimmed(d.team);
    out.lme_mco = trimmed(d.lme_mco);
    out.county = trimmed(d.county);
    if (out.agency.empty() || out.team.empty()) throw RuleError("a program needs the agency's and the team's names");
    return out;
}

std::string program_text(const ProgramDetails& d) {
    std::string s = d.team + " (" + d.agency + ")";
    if (!d.lme_mco.empty()) s += ", LME-MCO " + d.lme_mco;
    if (!d.county.empty()) s += ", " + d.county + " County";
    if (d.start_date) s += ", since " + d.start_date->iso();
    return s;
}

std::optional<std::string> plan_text(const std::optional<ImplementationPlan>& p) {
    if (!p) return std::nullopt;
    return "meeting " + p->meeting.iso() + " (" + p->policy + ")";
}

// The program's details as its reviews record them, in the reviews the
// rulebook lets follow the program (a final report keeps its names).
void follow_program(Database::Impl& impl, std::int64_t program_id, const std::string& at,
                    const std::function<void(Program&)>& apply) {
    std::vector<std::int64_t> ids;
    {
        Query q(impl.c, "SELECT id FROM reviews WHERE program_id = ?1");
        q.bind(1, program_id);
        while (q.step()) ids.push_back(q.integer(0));
    }
    for (auto id : ids) {
        Review r = impl.load(id).review;
        if (!edit_rights(r).program_details) continue;
        apply(r.program);
        ReviewImage img = encode(r);
        Query q(impl.c,
                "UPDATE reviews SET agency = ?1, team = ?2, lme_mco = ?3, county = ?4, program_start_date = ?5, "
                "program_implementation_plan = ?6, revision = revision + 1, updated_at = ?7 WHERE id = ?8");
        q.bind(1, img.header[h_agency]).bind(2, img.header[h_team]).bind(3, img.header[h_lme_mco]);
        q.bind(4, img.header[h_county]).bind(5, img.header[h_program_start_date]);
        q.bind(6, img.header[h_program_implementation_plan]).bind(7, at).bind(8, id);
        q.exec();
    }
}

}  // namespace

std::optional<std::int64_t> Database::Impl::find_program(const std::string& agency, const std::string& team) {
    Query q(c, "SELECT id FROM programs WHERE lower(agency) = lower(?1) AND lower(team) = lower(?2)");
    q.bind(1, trimmed(agency)).bind(2, trimmed(team));
    if (q.step()) return q.integer(0);
    return std::nullopt;
}

ProgramRow Database::Impl::program(std::int64_t id) {
    Query q(c, std::string(kProgramSelect) + "WHERE p.id = ?1");
    q.bind(1, id);
    if (!q.step()) throw NotFound("there is no program " + std::to_string(id) + " in " + c.path);
    return program_row(q);
}

std::int64_t Database::Impl::add_program(const ProgramDetails& raw, const std::string& at) {
    ProgramDetails d = clean(raw);
    if (auto other = find_program(d.agency, d.team))
        throw RuleError("the program " + d.team + " (" + d.agency + ") is already recorded (program " +
                        std::to_string(*other) + ")");
    Query q(c,
            "INSERT INTO programs (agency, team, lme_mco, county, start_date, created_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id");
    q.bind(1, d.agency).bind(2, d.team).bind(3, d.lme_mco).bind(4, d.county).bind(5, opt_date_text(d.start_date)).bind(6, at);
    q.step();
    std::int64_t id = q.integer(0);
    q.exec();
    add_audit(at, std::nullopt, id, {"program", std::nullopt, program_text(d), {}});
    return id;
}

void Database::Impl::store_implementation_plan(std::int64_t id, const std::optional<ImplementationPlan>& plan,
                                               Catalog& catalog) {
    std::optional<std::string> due;
    if (plan) {
        Program p;
        p.implementation_plan = plan;
        if (auto problems = check_program(p, catalog); !problems.empty())
            throw InputError("program " + std::to_string(id), problems);
        due = implementation_plan_due(*plan, catalog.policy(plan->policy))->by.iso();
    }
    ProgramRow old = program(id);
    std::string at = now_utc();
    Query q(c,
            "UPDATE programs SET implementation_plan_meeting = ?1, implementation_plan_policy = ?2, "
            "implementation_plan_due = ?3 WHERE id = ?4");
    q.bind(1, plan ? std::optional<std::string>(plan->meeting.iso()) : std::nullopt);
    q.bind(2, plan ? plan->policy : std::string()).bind(3, due).bind(4, id);
    q.exec();
    follow_program(*this, id, at, [&](Program& p) { p.implementation_plan = plan; });
    if (old.implementation_plan != plan)
        add_audit(at, std::nullopt, id, {"implementation plan", plan_text(old.implementation_plan), plan_text(plan), {}});
}

std::int64_t Database::add_program(const ProgramDetails& details) {
    return impl_->guarded([&] {
        Transaction t(impl_->c, true);
        auto id = impl_->add_program(details, now_utc());
        t.commit();
        return id;
    });
}

void Database::update_program(std::int64_t id, const ProgramDetails& raw) {
    impl_->guarded([&] {
        ProgramDetails d = clean(raw);
        Transaction t(impl_->c, true);
        ProgramRow old = impl_->program(id);
        if (auto other = impl_->find_program(d.agency, d.team); other && *other != id)
            throw RuleError("the program " + d.team + " (" + d.agency + ") is already recorded (program " +
                            std::to_string(*other) + ")");
        std::string at = now_utc();
        {
            Query q(impl_->c,
                    "UPDATE programs SET agency = ?1, team = ?2, lme_mco = ?3, county = ?4, start_date = ?5 WHERE id = ?6");
            q.bind(1, d.agency).bind(2, d.team).bind(3, d.lme_mco).bind(4, d.county).bind(5, opt_date_text(d.start_date));
            q.bind(6, id);
            q.exec();
        }
        follow_program(*impl_, id, at, [&](Program& p) {
            p.agency = d.agency;
            p.team = d.team;
            p.lme_mco = d.lme_mco;
            p.county = d.county;
            p.start_date = d.start_date;
        });
        std::string before = program_text(old.details), after = program_text(d);
        if (before != after) impl_->add_audit(at, std::nullopt, id, {"program", before, after, {}});
        t.commit();
    });
}

void Database::set_implementation_plan(std::int64_t id, const std::optional<ImplementationPlan>& plan, Catalog& catalog) {
    impl_->guarded([&] {
        Transaction t(impl_->c, true);
        impl_->store_implementation_plan(id, plan, catalog);
        t.commit();
    });
}

ProgramRow Database::program(std::int64_t id) const {
    return impl_->guarded([&] { return impl_->program(id); });
}

std::optional<std::int64_t> Database::find_program(const std::string& agency, const std::string& team) const {
    return impl_->guarded([&] { return impl_->find_program(agency, team); });
}

std::vector<ProgramRow> Database::programs(const ProgramFilter& f) const {
    return impl_->guarded([&] {
        std::string text = trimmed(f.text), lme = trimmed(f.lme_mco);
        std::string sql = kProgramSelect;
        std::vector<std::string> conds;
        if (!text.empty())
            conds.push_back(contains_any(impl_->c, {"p.agency", "p.team", "p.county"}, "?1"));
        if (!lme.empty()) conds.push_back("lower(p.lme_mco) = lower(?2)");
        if (f.due_within_days) conds.push_back("p.implementation_plan_due IS NOT NULL");
        for (size_t i = 0; i < conds.size(); ++i) sql += (i ? " AND " : "WHERE ") + conds[i];
        sql += " ORDER BY lower(p.agency), lower(p.team), p.id";
        Query q(impl_->c, sql);
        if (!text.empty()) q.bind(1, like_pattern(text));
        if (!lme.empty()) q.bind(2, lme);
        std::optional<Date> until;
        if (f.due_within_days) until = f.due_from.value_or(Date::today()).plus_days(*f.due_within_days);
        std::vector<ProgramRow> out;
        while (q.step()) {
            ProgramRow row = program_row(q);
            if (until && !(row.implementation_plan_due && !(*until < row.implementation_plan_due->by))) continue;
            out.push_back(std::move(row));
        }
        return out;
    });
}

}  // namespace fw::storage
