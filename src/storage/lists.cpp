// Lists of reviews: the columns fw::summarize computed when each review was
// last written, filtered and ordered in SQL.
#include <limits>

#include "storage/impl.hpp"

namespace fw::storage {

using namespace detail;

namespace {
Stage stage_from(const std::string& s) {
    for (Stage st : {Stage::scoring, Stage::draft_issued, Stage::contest_period, Stage::final})
        if (to_string(st) == s) return st;
    return Stage::scoring;
}
}  // namespace

std::vector<ReviewRow> Database::Impl::rows(const std::string& where, const std::function<void(Query&)>& bind,
                                            const std::string& order, std::size_t limit) {
    std::string sql =
        "SELECT r.id, r.program_id, r.agency, r.team, r.lme_mco, r.type, r.visit_start, r.stage, r.total, "
        "r.draft_total, r.tier, r.next_review_earliest, r.next_review_latest, r.scale_id, r.policy_id, r.updated_at, "
        "r.next_review_condition, r.due_kind, r.due_by, r.revision "
        "FROM reviews r " +
        where + " ORDER BY " + order + " LIMIT ?9";
    std::vector<ReviewRow> out;
    if (where.empty()) {
        // Room for every row at once: growing a vector of 20,000 rows step
        // by step costs more than the query.
        Query n(c, "SELECT count(*) FROM reviews");
        n.step();
        std::size_t all = std::size_t(n.integer(0));
        out.reserve(limit ? std::min(limit, all) : all);
    }
    Query q(c, sql);
    bind(q);
    // Always a LIMIT (the largest number for none): SQLite sorts a filtered
    // list several times faster with one than without.
    q.bind(9, limit ? std::int64_t(limit) : std::numeric_limits<std::int64_t>::max());
    while (q.step()) {
        ReviewRow r;
        r.id = q.integer(0);
        r.program_id = q.integer(1);
        r.agency = q.text(2);
        r.team = q.text(3);
        r.lme_mco = q.text(4);
        r.type = review_type_from(q.text(5)).value_or(ReviewType::initial);
        r.visit_start = date_column(q, 6).value_or(Date{});
        r.stage = stage_from(q.text(7));
        r.total = int_column(q, 8);
        r.draft_total = int_column(q, 9);
        if (!q.is_null(10)) r.tier = q.text(10);
        r.next_review_earliest = date_column(q, 11);
        r.next_review_latest = date_column(q, 12);
        r.scale_id = q.text(13);
        r.policy_id = q.text(14);
        r.updated_at = q.text(15);
        if (!q.is_null(16)) r.next_review_condition = q.text(16);
        if (auto by = date_column(q, 18); by && !q.is_null(17)) {
            std::string kind = q.text(17);
            Due d;
            d.kind = kind == to_string(DueKind::follow_up) ? DueKind::follow_up : DueKind::next_review;
            d.by = *by;
            if (d.kind == DueKind::next_review) d.earliest = r.next_review_earliest;
            d.condition = r.next_review_condition;
            r.due = d;
        }
        r.revision = q.integer(19);
        out.push_back(std::move(r));
    }
    return out;
}


ReviewRow Database::review_row(std::int64_t id) const {
    return impl_->guarded([&] {
        auto rows = impl_->rows("WHERE r.id = ?1", [&](Query& q) { q.bind(1, id); }, "r.id", 0);
        if (rows.empty()) throw NotFound("there is no review " + std::to_string(id) + " in " + impl_->c.path);
        return rows.front();
    });
}

std::vector<ReviewRow> Database::reviews(const ReviewFilter& f) const {
    return impl_->guarded([&] {
        std::string text = trimmed(f.text), lme = trimmed(f.lme_mco);
        std::vector<std::string> conds;
        if (f.program_id) conds.push_back("r.program_id = ?1");
        if (!text.empty())
            conds.push_back(contains_any(impl_->c, {"r.agency", "r.team", "r.lme_mco", "r.county"}, "?2"));
        if (!lme.empty())
            conds.push_back(
                "(lower(r.lme_mco) = lower(?3) OR "
                "(SELECT lower(p.lme_mco) FROM programs p WHERE p.id = r.program_id) = lower(?3))");
        std::optional<std::string> due;
        if (f.due_within_days) {
            due = f.due_from.value_or(Date::today()).plus_days(*f.due_within_days).iso();
            conds.push_back(
                "r.due_by <= ?4 AND NOT EXISTS (SELECT 1 FROM reviews l WHERE l.program_id = r.program_id "
                "AND (l.visit_start > r.visit_start OR (l.visit_start = r.visit_start AND l.id > r.id)))");
        }
        std::string where;
        for (const auto& cond : conds) where += (where.empty() ? "WHERE " : " AND ") + cond;
        std::string order = due ? "r.due_by, r.agency, r.team, r.id" : "r.visit_start DESC, r.id DESC";
        return impl_->rows(
            where,
            [&](Query& q) {
                if (f.program_id) q.bind(1, *f.program_id);
                if (!text.empty()) q.bind(2, like_pattern(text));
                if (!lme.empty()) q.bind(3, lme);
                if (due) q.bind(4, *due);
            },
            order, f.limit);
    });
}


}  // namespace fw::storage
