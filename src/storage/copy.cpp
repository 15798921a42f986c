// fidelity copy: every program, review and audit row of one database into
// another, whichever the backends (a laptop's file to the server, the
// server's portfolio to a laptop). Rows are copied as stored, not
// recomputed: the summary columns, revisions and times stay what they were;
// ids are the target's own. The audit rows of a deleted review are kept under
// their program, without the review's number.
#include <map>

#include "core/error.hpp"
#include "storage/impl.hpp"

namespace fw::storage {

using namespace detail;

namespace {

std::string joined(const std::vector<std::string>& cols) {
    std::string s;
    for (const auto& c : cols) s += (s.empty() ? "" : ", ") + c;
    return s;
}

std::string params(size_t n, size_t from = 1) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += (i ? ", ?" : "?") + std::to_string(from + i);
    return s;
}

// Reads every row of `select` from `from`, hands each to `each`.
void rows_of(Connection& from, const std::string& select, size_t columns,
             const std::function<void(std::vector<Value>&)>& each) {
    Query q(from, select);
    while (q.step()) {
        std::vector<Value> row;
        for (size_t i = 0; i < columns; ++i) row.push_back(q.value(int(i)));
        each(row);
    }
}

// `id_sql`: an SQL expression for the row's id (else the database numbers it).
std::int64_t insert(Connection& to, const std::string& table, const std::vector<std::string>& cols,
                    const std::vector<Value>& row, bool returning_id, const char* id_sql = nullptr) {
    Query q(to, "INSERT INTO " + table + " (" + (id_sql ? "id, " : "") + joined(cols) + ") VALUES (" +
                    (id_sql ? std::string(id_sql) + ", " : "") + params(cols.size()) + ")" +
                    (returning_id ? " RETURNING id" : ""));
    for (size_t i = 0; i < row.size(); ++i) q.bind(int(i + 1), row[i]);
    std::int64_t id = 0;
    if (returning_id && q.step()) id = q.integer(0);
    q.exec();
    return id;
}

std::int64_t mapped(const std::map<std::int64_t, std::int64_t>& ids, const Value& v) {
    return ids.at(std::get<std::int64_t>(v));
}

}  // namespace

Database::Copied Database::copy_into(Database& target) {
    Impl& from = *impl_;
    Impl& to = *target.impl_;
    return to.guarded([&] {
        return from.guarded([&] {
            Copied n;
            Transaction read(from.c, false);
            Transaction write(to.c, true);

            const std::vector<std::string> program_cols = {
                "agency", "team", "lme_mco", "county", "start_date", "created_at",
                "implementation_plan_meeting", "implementation_plan_policy", "implementation_plan_due"};
            std::vector<std::pair<std::int64_t, std::vector<Value>>> programs;
            rows_of(from.c, "SELECT id, " + joined(program_cols) + " FROM programs ORDER BY id", program_cols.size() + 1,
                    [&](std::vector<Value>& row) {
                        std::int64_t id = std::get<std::int64_t>(row[0]);
                        programs.emplace_back(id, std::vector<Value>(row.begin() + 1, row.end()));
                    });
            // A program in both would mix two histories of one team: say which
            // and copy nothing.
            std::vector<std::string> both;
            for (const auto& [id, row] : programs) {
                const auto& agency = std::get<std::string>(row[0]);
                const auto& team = std::get<std::string>(row[1]);
                if (auto other = to.find_program(agency, team))
                    both.push_back(team + " (" + agency + "): program " + std::to_string(id) + " in " + from.c.path +
                                   ", program " + std::to_string(*other) + " in " + to.c.path);
            }
            if (!both.empty()) {
                std::string list;
                for (const auto& b : both) list += "\n  " + b;
                throw RuleError(std::to_string(both.size()) + " program" + (both.size() == 1 ? " is" : "s are") +
                                " in both databases; nothing was copied:" + list +
                                "\nCopy into a database without them, or move single reviews with 'fidelity export' "
                                "and 'fidelity import'");
            }
            std::map<std::int64_t, std::int64_t> program_ids, review_ids;
            for (const auto& [id, row] : programs) {
                program_ids[id] = insert(to.c, "programs", program_cols, row, true);
                ++n.programs;
            }

            for (const char* table : {"scales", "policies"}) {
                std::string id_col = std::string(table) == "scales" ? "scale_id" : "policy_id";
                std::vector<std::string> cols = {"fingerprint", id_col, "text", "stored_at"};
                rows_of(from.c, "SELECT " + joined(cols) + " FROM " + table, cols.size(), [&](std::vector<Value>& row) {
                    Query q(to.c, "INSERT INTO " + std::string(table) + " (" + joined(cols) + ") VALUES (" +
                                      params(cols.size()) + ") ON CONFLICT (fingerprint) DO NOTHING");
                    for (size_t i = 0; i < row.size(); ++i) q.bind(int(i + 1), row[i]);
                    q.exec();
                });
            }

            std::vector<std::string> review_cols = {"program_id", "scale_fingerprint", "revision", "created_at",
                                                    "updated_at"};
            for (const char* c : kHeaderColumns) review_cols.push_back(c);
            for (const char* c : kSummaryColumns) review_cols.push_back(c);
            rows_of(from.c, "SELECT id, " + joined(review_cols) + " FROM reviews ORDER BY id", review_cols.size() + 1,
                    [&](std::vector<Value>& row) {
                        std::int64_t id = std::get<std::int64_t>(row[0]);
                        row.erase(row.begin());
                        row[0] = mapped(program_ids, row[0]);
                        review_ids[id] = insert(to.c, "reviews", review_cols, row, true,
                                                to.c.backend() == Backend::sqlite ? kNextReviewIdSql : nullptr);
                        ++n.reviews;
                    });

            for (const auto& def : kTables) {  // parents first
                std::vector<std::string> cols = {"review_id"};
                for (const auto* group : {&def.keys, &def.values})
                    for (const char* c : *group) cols.push_back(c);
                rows_of(from.c, "SELECT " + joined(cols) + " FROM " + def.name, cols.size(), [&](std::vector<Value>& row) {
                    row[0] = mapped(review_ids, row[0]);
                    insert(to.c, def.name, cols, row, false);
                });
            }

            // On a server the role column is the server's (a trigger sets it to
            // whoever copies); a file keeps what the rows said.
            const std::vector<std::string> audit_cols = {"at", "actor", "review_id", "program_id", "what", "old_value",
                                                         "new_value", "reason", "revision", "db_role"};
            rows_of(from.c, "SELECT " + joined(audit_cols) + " FROM audit ORDER BY id", audit_cols.size(),
                    [&](std::vector<Value>& row) {
                        // A deleted review's rows stay with its program: its
                        // number in the source could be another review's here.
                        if (auto* r = std::get_if<std::int64_t>(&row[2]))
                            row[2] = review_ids.count(*r) ? Value(review_ids.at(*r)) : Value();
                        if (!std::holds_alternative<std::monostate>(row[3])) row[3] = mapped(program_ids, row[3]);
                        insert(to.c, "audit", audit_cols, row, false);
                        ++n.audit_rows;
                    });
            write.commit();
            read.commit();
            return n;
        });
    });
}

}  // namespace fw::storage
