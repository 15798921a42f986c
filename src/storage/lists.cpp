// Lists of reviews: the columns fw::summarize computed when each review was
// last written, filtered and ordered in SQL.
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
        std::size_t all = std::size_t(n.column(0).getInt64());
        out.reserve(limit ? std::min(limit, all) : all);
    }
    Query q(c, sql);
    bind(q);
    q.bind(9, limit ? std::int64_t(limit) : std::int64_t(-1));
    while (q.step()) {
        ReviewRow r;
        r.id = q.column(0).getInt64();
        r.program_id = q.column(1).getInt64();
        r.agency = q.column(2).getString();
        r.team = q.column(3).getString();
        r.lme_mco = q.column(4).getString();
        r.type = review_type_from(q.column(5).getString()).value_or(ReviewType::initial);
        r.visit_start = date_column(q.column(6)).value_or(Date{});
        r.stage = stage_from(q.column(7).getString());
        r.total = int_column(q.column(8));
        r.draft_total = int_column(q.column(9));
        if (!q.column(10).isNull()) r.tier = q.column(10).getString();
        r.next_review_earliest = date_column(q.column(11));
        r.next_review_latest = date_column(q.column(12));
        r.scale_id = q.column(13).getString();
        r.policy_id = q.column(14).getString();
        r.updated_at = q.column(15).getString();
        if (!q.column(16).isNull()) r.next_review_condition = q.column(16).getString();
        if (auto by = date_column(q.column(18)); by && !q.column(17).isNull()) {
            std::string kind = q.column(17).getString();
            Due d;
            d.kind = kind == to_string(DueKind::follow_up) ? DueKind::follow_up : DueKind::next_review;
            d.by = *by;
            if (d.kind == DueKind::next_review) d.earliest = r.next_review_earliest;
            d.condition = r.next_review_condition;
            r.due = d;
        }
        r.revision = q.column(19).getInt64();
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
            conds.push_back(
                "(r.agency LIKE ?2 ESCAPE '\\' OR r.team LIKE ?2 ESCAPE '\\' OR r.lme_mco LIKE ?2 ESCAPE '\\' "
                "OR r.county LIKE ?2 ESCAPE '\\')");
        if (!lme.empty())
            conds.push_back(
                "(r.lme_mco = ?3 COLLATE NOCASE OR "
                "(SELECT p.lme_mco FROM programs p WHERE p.id = r.program_id) = ?3 COLLATE NOCASE)");
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
