// A review's rows: loading, writing only what changed, the scale and policy
// stored with it, and every edit through the rulebook.
#include <algorithm>
#include <cstdlib>
#include <iterator>

#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/review_file.hpp"
#include "core/rulebook.hpp"
#include "core/sha256.hpp"
#include "core/text_file.hpp"
#include "storage/conflicts.hpp"
#include "storage/impl.hpp"

namespace fw::storage {

const char* const detail::kNextReviewIdSql =
    "(SELECT coalesce(max(m), 0) + 1 FROM (SELECT max(id) AS m FROM reviews "
    "UNION ALL SELECT max(review_id) FROM audit))";

using namespace detail;
using K = DatabaseError::Kind;

Database::Impl::Stored Database::Impl::load(std::int64_t id, bool for_update) {
    static const std::string header_sql = [] {
        std::string s = "SELECT program_id, scale_fingerprint, coalesce(policy_fingerprint, ''), revision";
        for (const char* col : kHeaderColumns) s += std::string(", ") + col;
        return s + " FROM reviews WHERE id = ?1";
    }();
    static const std::array<std::string, t_count> child_sql = [] {
        std::array<std::string, t_count> out;
        for (size_t t = 0; t < t_count; ++t) {
            std::string s = "SELECT ";
            bool first = true;
            for (const auto* cols : {&kTables[t].keys, &kTables[t].values})
                for (const char* col : *cols) {
                    s += (first ? "" : ", ") + std::string(col);
                    first = false;
                }
            out[t] = s + " FROM " + kTables[t].name + " WHERE review_id = ?1";
        }
        return out;
    }();

    Stored out;
    ReviewImage img;
    {
        Query q(c, for_update ? header_sql + c.lock_for_update() : header_sql);
        q.bind(1, id);
        if (!q.step()) throw NotFound("there is no review " + std::to_string(id) + " in " + c.path);
        out.program_id = q.integer(0);
        out.fingerprint = q.text(1);
        out.policy_fingerprint = q.text(2);
        out.revision = q.integer(3);
        for (int i = 0; i < h_count; ++i) img.header.push_back(q.value(4 + i));
    }
    // The files as this connection knows them, when nobody wrote the review
    // since: their rows without their bytes (both backends give a blob's
    // length without sending it).
    bool files_known = false;
    if (known_files.review == id && known_files.revision == out.revision) {
        files_known = true;
        Query q(c, "SELECT item, position, name, media_type, length(data) FROM attachments WHERE review_id = ?1");
        q.bind(1, id);
        while (files_known && q.step()) {
            auto it = known_files.bytes.find({q.text(0), q.integer(1)});
            if (it == known_files.bytes.end() || std::int64_t(it->second.size()) != q.integer(4)) {
                files_known = false;
                break;
            }
            img.tables[t_attachments].emplace(Row{q.value(0), q.value(1)}, Row{q.value(2), q.value(3), Blob{it->second}});
        }
        if (!files_known) img.tables[t_attachments].clear();
    }
    for (size_t t = 0; t < t_count; ++t) {
        if (t == t_attachments && files_known) continue;
        Query q(c, child_sql[t]);
        q.bind(1, id);
        size_t nk = kTables[t].keys.size(), nv = kTables[t].values.size();
        while (q.step()) {
            Row key, values;
            for (size_t i = 0; i < nk; ++i) key.push_back(q.value(int(i)));
            for (size_t i = 0; i < nv; ++i) values.push_back(q.value(int(nk + i)));
            img.tables[t].emplace(std::move(key), std::move(values));
        }
    }
    try {
        out.review = decode(std::move(img));
        if (!files_known) remember_files(id, out.revision, out.review);
    } catch (const std::runtime_error& e) {
        throw DatabaseError(K::damaged, c.path, "review " + std::to_string(id) + " cannot be read: " + e.what());
    }
    return out;
}

void Database::Impl::write_children(std::int64_t id, const ReviewImage& before, const ReviewImage& after) {
    struct Sql {
        std::string insert, update, remove;
    };
    static const std::array<Sql, t_count> sql = [] {
        std::array<Sql, t_count> out;
        for (size_t t = 0; t < t_count; ++t) {
            const TableDef& d = kTables[t];
            std::string cols = "review_id", params = "?1", where = "review_id = ?1", set;
            int n = 1;
            for (const char* k : d.keys) {
                cols += std::string(", ") + k;
                params += ", ?" + std::to_string(++n);
                where += std::string(" AND ") + k + " = ?" + std::to_string(n);
            }
            for (const char* v : d.values) {
                cols += std::string(", ") + v;
                params += ", ?" + std::to_string(++n);
                set += (set.empty() ? "" : ", ") + std::string(v) + " = ?" + std::to_string(n);
            }
            out[t].insert = "INSERT INTO " + std::string(d.name) + " (" + cols + ") VALUES (" + params + ")";
            out[t].update = "UPDATE " + std::string(d.name) + " SET " + set + " WHERE " + where;
            out[t].remove = "DELETE FROM " + std::string(d.name) + " WHERE " + where;
        }
        return out;
    }();
    auto bind_row = [&](Query& q, const Row& key, const Row* values) {
        q.bind(1, id);
        int n = 1;
        for (const auto& v : key) q.bind(++n, v);
        if (values)
            for (const auto& v : *values) q.bind(++n, v);
    };
    // Children before parents when deleting, parents first when inserting.
    for (size_t t = t_count; t-- > 0;)
        for (const auto& [key, v] : before.tables[t])
            if (!after.tables[t].count(key)) {
                Query q(c, sql[t].remove);
                bind_row(q, key, nullptr);
                q.exec();
            }
    for (size_t t = 0; t < t_count; ++t)
        for (const auto& [key, v] : after.tables[t]) {
            auto it = before.tables[t].find(key);
            if (it != before.tables[t].end() && it->second == v) continue;
            Query q(c, it == before.tables[t].end() ? sql[t].insert : sql[t].update);
            bind_row(q, key, &v);
            q.exec();
        }
}


namespace {

// Scales and policies are stored the same way: their file's text, once per
// fingerprint, in a table named for them.
struct FileKind {
    std::string kind, table;
};
const FileKind kScale{"scale", "scales"}, kPolicy{"policy", "policies"};

std::string store_file(Connection& c, const FileKind& k, const std::string& id, const std::string& fingerprint,
                       const std::string& file, const std::string& at) {
    const std::string& kind = k.kind;
    {
        Query q(c, "SELECT 1 FROM " + k.table + " WHERE fingerprint = ?1");
        q.bind(1, fingerprint);
        if (q.step()) return fingerprint;
    }
    std::string text = read_text_file(file);
    if (sha256_hex(text) != fingerprint)
        throw std::runtime_error(file + " changed while the program was running; start it again to use the new " + kind);
    Query q(c, "INSERT INTO " + k.table + " (fingerprint, " + kind + "_id, text, stored_at) VALUES (?1, ?2, ?3, ?4)");
    q.bind(1, fingerprint).bind(2, id).bind(3, text).bind(4, at);
    q.exec();
    return fingerprint;
}

// The text stored for `fingerprint`, parsed by `parse` and kept in `cache`.
template <class T, class Parse>
const T& stored_copy(Connection& c, std::map<std::string, std::unique_ptr<T>>& cache, const FileKind& k,
                     const std::string& id, const std::string& fingerprint, Parse parse) {
    const std::string& kind = k.kind;
    if (auto it = cache.find(fingerprint); it != cache.end()) return *it->second;
    Query q(c, "SELECT text FROM " + k.table + " WHERE fingerprint = ?1");
    q.bind(1, fingerprint);
    if (!q.step())
        throw DatabaseError(K::damaged, c.path, "the " + kind + " " + id + " (" + fingerprint + ") of a review is missing");
    std::string label = c.path + " (" + kind + " " + id + " as stored with its reviews)";
    auto parsed = std::make_unique<T>(parse(q.text(0), label));
    parsed->file = label;
    return *cache.emplace(fingerprint, std::move(parsed)).first->second;
}

}  // namespace

std::string Database::Impl::store_scale(const Scale& scale, const std::string& at) {
    return store_file(c, kScale, scale.id, scale.fingerprint, scale.file, at);
}

const Scale& Database::Impl::scale_for(const std::string& fingerprint, const std::string& scale_id, Catalog& catalog) {
    try {
        const Scale& s = catalog.scale(scale_id);
        if (s.fingerprint == fingerprint) return s;
    } catch (const NotInCatalog&) {
    } catch (const InputError&) {
        // A broken file in scales/ must not make stored reviews unreadable.
    }
    return stored_copy(c, stored_scales, kScale, scale_id, fingerprint, parse_scale);
}


std::string Database::Impl::store_policy(const Policy& policy, const std::string& at) {
    return store_file(c, kPolicy, policy.id, policy.fingerprint, policy.file, at);
}

const Policy& Database::Impl::policy_for(const Stored& stored, Catalog& catalog) {
    const std::string& id = stored.review.policy_id;
    const std::string& fp = stored.policy_fingerprint;
    // An issued final report keeps the rules it was issued under.
    bool keeps_its_policy = !edit_rights(stored.review).follows_policy_file && !fp.empty();
    try {
        const Policy& current = catalog.policy(id);
        if (!keeps_its_policy || current.fingerprint == fp) return current;
    } catch (const NotInCatalog&) {
        if (fp.empty()) throw;
    } catch (const InputError&) {
        // A broken file in scales/policies must not make stored reviews unreadable.
        if (fp.empty()) throw;
    }
    return stored_copy(c, stored_policies, kPolicy, id, fp, parse_policy);
}

namespace {

std::vector<Value> summary_values(const Summary& s, const std::string& policy_fingerprint) {
    auto opt_text = [](bool has, const std::string& v) { return has ? Value(v) : Value(); };
    auto due = due_after(s);
    return {
        to_string(s.stage),
        std::int64_t(s.complete ? 1 : 0),
        s.total ? Value(std::int64_t(*s.total)) : Value(),
        s.draft_total ? Value(std::int64_t(*s.draft_total)) : Value(),
        opt_text(s.tier, s.tier ? s.tier->id : ""),
        opt_text(s.next_review.has_value(), s.next_review ? s.next_review->earliest.iso() : ""),
        opt_text(s.next_review.has_value(), s.next_review ? s.next_review->latest.iso() : ""),
        opt_text(s.next_review && !s.next_review->condition.empty(), s.next_review ? s.next_review->condition : ""),
        opt_text(s.reevaluation.has_value(), s.reevaluation && s.reevaluation->eligible ? "eligible" : "not-eligible"),
        opt_text(s.reevaluation && s.reevaluation->by, s.reevaluation && s.reevaluation->by ? s.reevaluation->by->iso() : ""),
        opt_text(due.has_value(), due ? to_string(due->kind) : ""),
        opt_text(due.has_value(), due ? due->by.iso() : ""),
        opt_text(!policy_fingerprint.empty(), policy_fingerprint),
    };
}

constexpr int kSummaryCount = int(kSummaryColumns.size());

}  // namespace

void Database::Impl::write_summary(std::int64_t id, const Summary& s, const std::string& policy_fingerprint,
                                   const std::string& at) {
    static const std::string sql = [] {
        std::string set;
        for (int i = 0; i < kSummaryCount; ++i)
            set += std::string(i ? ", " : "") + kSummaryColumns[i] + " = ?" + std::to_string(i + 1);
        return "UPDATE reviews SET " + set + ", revision = revision + 1, updated_at = ?" + std::to_string(kSummaryCount + 1) +
               " WHERE id = ?" + std::to_string(kSummaryCount + 2);
    }();
    Query q(c, sql);
    int n = 0;
    for (const auto& v : summary_values(s, policy_fingerprint)) q.bind(++n, v);
    q.bind(++n, at);
    q.bind(++n, id);
    q.exec();
}

std::int64_t Database::Impl::insert_review(std::int64_t program_id, const Review& r, const std::string& fingerprint,
                                           const std::string& policy_fingerprint, const Summary& s,
                                           const std::string& at) {
    auto insert = [](bool numbered_here) {
        std::string cols = "program_id, scale_fingerprint", params = "?1, ?2";
        if (numbered_here) {
            cols = "id, " + cols;
            params = std::string(kNextReviewIdSql) + ", " + params;
        }
        int n = 2;
        for (const char* col : kHeaderColumns) {
            cols += std::string(", ") + col;
            params += ", ?" + std::to_string(++n);
        }
        for (const char* col : kSummaryColumns) {
            cols += std::string(", ") + col;
            params += ", ?" + std::to_string(++n);
        }
        cols += ", revision, created_at, updated_at";
        for (int i = 0; i < 3; ++i) params += ", ?" + std::to_string(++n);
        return "INSERT INTO reviews (" + cols + ") VALUES (" + params + ") RETURNING id";
    };
    static const std::string sql_file = insert(true), sql_server = insert(false);
    ReviewImage img = encode(r);
    std::int64_t id = 0;
    {
        Query q(c, c.backend() == Backend::sqlite ? sql_file : sql_server);
        int n = 0;
        q.bind(++n, program_id);
        q.bind(++n, fingerprint);
        for (const auto& v : img.header) q.bind(++n, v);
        for (const auto& v : summary_values(s, policy_fingerprint)) q.bind(++n, v);
        q.bind(++n, std::int64_t(1));
        q.bind(++n, at);
        q.bind(++n, at);
        q.step();
        id = q.integer(0);
        q.exec();
    }
    write_children(id, ReviewImage{}, img);
    return id;
}

Edited Database::Impl::update(std::int64_t id, const Change& change, Catalog& catalog, std::vector<AuditChange>& notes,
                              const Loaded* base) {
    Transaction t(c, true);
    const bool as_written = still_as_written(id);
    Stored old = as_written ? last_written->stored : load(id, true);
    const Scale& scale = scale_for(old.fingerprint, old.review.scale_id, catalog);
    const Policy& policy = policy_for(old, catalog);
    ReviewImage before = as_written ? last_written->image : encode(old.review);
    if (base && base->revision != old.revision) {
        // Saved since the editor loaded it: what this edit changes must be
        // untouched since, or changed to the same.
        Review mine = base->review;
        change(mine, scale, policy);
        auto clashes = conflicts(encode(base->review), encode(mine), before);
        if (!clashes.empty()) throw EditConflict(conflict_message(*this, id, base->revision, clashes));
    }
    Review next = old.review;
    change(next, scale, policy);

    const Policy& new_policy = next.policy_id == old.review.policy_id ? policy : catalog.policy(next.policy_id);
    check_change(old.review, next, scale, new_policy, Date::today());
    check_attachment_sizes(next);
    ReviewImage after = encode(next);
    for (int col = h_agency; col <= h_program_implementation_plan; ++col)
        if (before.header[col] != after.header[col])
            throw RuleError("the program's details are edited on the program, not in one of its reviews");

    std::string at = now_utc();
    std::string policy_fp = store_policy(new_policy, at);
    bool changed = before.header != after.header || before.tables != after.tables;
    bool policy_moved = policy_fp != old.policy_fingerprint;
    if (!changed && notes.empty() && !policy_moved) {
        t.commit();
        return {{std::move(next), old.revision}, std::move(old.review), false};
    }
    const std::int64_t revision = old.revision + 1;  // write_summary counts it
    if (before.header != after.header) {
        static const std::string sql = [] {
            std::string s = "UPDATE reviews SET ";
            for (int i = 0; i < h_count; ++i) s += (i ? ", " : "") + std::string(kHeaderColumns[i]) + " = ?" + std::to_string(i + 1);
            return s + " WHERE id = ?" + std::to_string(h_count + 1);
        }();
        Query q(c, sql);
        for (int i = 0; i < h_count; ++i) q.bind(i + 1, after.header[i]);
        q.bind(h_count + 1, id);
        q.exec();
    }
    write_children(id, before, after);
    // The summary the last write stored was made under the same scale and
    // policy when the policy's fingerprint is the same.
    Summary sb = as_written && policy.fingerprint == old.policy_fingerprint ? last_written->summary
                                                                            : summarize(old.review, scale, policy);
    Summary sa = summarize(next, scale, new_policy);
    write_summary(id, sa, policy_fp, at);
    if (policy_moved && !old.policy_fingerprint.empty())
        add_audit(at, id, old.program_id,
                  {"policy file", old.policy_fingerprint, policy_fp, "the policy file " + new_policy.id + " changed"},
                  revision);
    for (const auto& ch : review_changes(old.review, next, scale, sb, sa)) add_audit(at, id, old.program_id, ch, revision);
    for (const auto& ch : notes) add_audit(at, id, old.program_id, ch, revision);
    last_written.reset();  // until the commit has returned
    t.commit();
    if (c.depth == 0) {
        // write_summary counted this write.
        remember_files(id, revision, next);
        last_written =
            LastWritten{id, Stored{next, old.program_id, old.fingerprint, policy_fp, revision}, std::move(after), sa};
    } else {
        // Inside a caller's transaction, which may still roll back: the
        // revision would then be counted again for other rows.
        known_files = {};
    }
    return {{std::move(next), revision}, std::move(old.review), true};
}

bool Database::Impl::still_as_written(std::int64_t id) {
    if (!last_written || last_written->id != id) return false;
    static const std::string sql =
        "SELECT revision, program_id, scale_fingerprint, coalesce(policy_fingerprint, '') FROM reviews WHERE id = ?1";
    Query q(c, sql + c.lock_for_update());
    q.bind(1, id);
    if (!q.step()) return false;  // deleted: load says so
    const Stored& s = last_written->stored;
    return q.integer(0) == s.revision && q.integer(1) == s.program_id && q.text(2) == s.fingerprint &&
           q.text(3) == s.policy_fingerprint;
}

int Database::Impl::rules_version() {
    Query q(c, "SELECT value FROM meta WHERE key = 'rules'");
    return q.step() ? std::atoi(q.text(0).c_str()) : 0;
}

void Database::Impl::remember_files(std::int64_t review, std::int64_t revision, const Review& r) {
    known_files = KnownFiles{review, revision, {}};
    for (const auto& c : r.contests)
        for (size_t k = 0; k < c.attachments.size(); ++k)
            known_files.bytes.emplace(std::make_pair(c.item, std::int64_t(k)), c.attachments[k].data);
}

ReviewContext Database::Impl::context(std::int64_t program_id, std::int64_t except_review, Catalog& catalog) {
    ReviewContext ctx;
    ctx.editions = catalog.editions();
    Query q(c,
            "SELECT id, type, visit_start, final_report_date, follow_up, follow_up_by FROM reviews "
            "WHERE program_id = ?1 AND id <> ?2 ORDER BY visit_start, id");
    q.bind(1, program_id).bind(2, except_review);
    while (q.step()) {
        OtherReview o;
        o.id = q.integer(0);
        o.type = review_type_from(q.text(1)).value_or(ReviewType::initial);
        o.visit_start = date_column(q, 2).value_or(Date{});
        o.final_report_date = date_column(q, 3);
        o.reevaluation_applies = !q.is_null(4);
        o.follow_up_eligible = !q.is_null(4) && q.text(4) == "eligible";
        o.follow_up_by = date_column(q, 5);
        ctx.others.push_back(o);
    }
    return ctx;
}

// ------------------------------------------------------------------- reviews

namespace {
struct Checked {
    const Scale* scale;
    const Policy* policy;
};

Checked check_new(const Review& r, Catalog& catalog, const std::string& source) {
    std::string label = source.empty() ? "review" : source;
    const Scale& scale = catalog.scale(r.scale_id);
    const Policy& policy = catalog.policy(r.policy_id);
    auto problems = check_review(r, scale, policy);
    for (auto& p : check_program(r.program, catalog)) problems.push_back(std::move(p));
    if (!problems.empty()) throw InputError(label, problems);
    check_attachment_sizes(r);
    return {&scale, &policy};
}

// The last steps of creating and of importing: the scale and policy texts by
// their fingerprints, the review with its summary columns, the audit row.
std::int64_t store_new_review(Database::Impl& impl, std::int64_t program_id, const Review& r, const Checked& k,
                              const std::string& at, const char* what, const std::string& source) {
    std::string fp = impl.store_scale(*k.scale, at);
    std::string policy_fp = impl.store_policy(*k.policy, at);
    Summary s = summarize(r, *k.scale, *k.policy);
    std::int64_t id = impl.insert_review(program_id, r, fp, policy_fp, s, at);
    impl.add_audit(at, id, program_id, {what, std::nullopt, to_string(s.stage), source}, 1);
    return id;
}
}  // namespace

std::int64_t Database::create_review(std::int64_t program_id, const Review& review, Catalog& catalog,
                                     const std::string& source) {
    return impl_->guarded([&] {
        Transaction t(impl_->c, true);
        ProgramRow p = impl_->program(program_id);
        Review r = review;
        r.program.agency = p.details.agency;
        r.program.team = p.details.team;
        r.program.lme_mco = p.details.lme_mco;
        r.program.county = p.details.county;
        r.program.start_date = p.details.start_date;
        r.program.implementation_plan = p.implementation_plan;
        Checked k = check_new(r, catalog, source);
        std::string at = now_utc();
        std::int64_t id = store_new_review(*impl_, program_id, r, k, at, "review created", source);
        t.commit();
        return id;
    });
}

std::int64_t Database::import_review(const Review& r, Catalog& catalog, const std::string& source) {
    return impl_->guarded([&] {
        Transaction t(impl_->c, true);
        Checked k = check_new(r, catalog, source);
        std::string at = now_utc();
        std::int64_t program_id = 0;
        if (auto found = impl_->find_program(r.program.agency, r.program.team)) {
            program_id = *found;
            // Fill in what the program does not record yet; never overwrite.
            Query q(impl_->c,
                    "UPDATE programs SET lme_mco = CASE WHEN lme_mco = '' THEN ?1 ELSE lme_mco END, "
                    "county = CASE WHEN county = '' THEN ?2 ELSE county END, "
                    "start_date = coalesce(start_date, ?3) WHERE id = ?4");
            q.bind(1, trimmed(r.program.lme_mco)).bind(2, trimmed(r.program.county));
            q.bind(3, opt_date_text(r.program.start_date)).bind(4, program_id);
            q.exec();
            if (r.program.implementation_plan && !impl_->program(program_id).implementation_plan)
                impl_->store_implementation_plan(program_id, r.program.implementation_plan, catalog);
        } else {
            program_id = impl_->add_program(
                {r.program.agency, r.program.team, r.program.lme_mco, r.program.county, r.program.start_date}, at);
            if (r.program.implementation_plan)
                impl_->store_implementation_plan(program_id, r.program.implementation_plan, catalog);
        }
        std::int64_t id = store_new_review(*impl_, program_id, r, k, at, "review imported", source);
        t.commit();
        return id;
    });
}

void Database::delete_review(std::int64_t id) {
    impl_->guarded([&] {
        Transaction t(impl_->c, true);
        Impl::Stored s = impl_->load(id, true);
        if (std::string why = why_not_delete(s.review); !why.empty()) throw RuleError(why);
        std::string what = s.review.program.team + ", visit " + s.review.review.visit_start.iso();
        Query q(impl_->c, "DELETE FROM reviews WHERE id = ?1");
        q.bind(1, id);
        q.exec();
        impl_->add_audit(now_utc(), id, s.program_id, {"review deleted", what, std::nullopt, {}});
        t.commit();
        // The number is never given again (insert_review), but its files are gone.
        if (impl_->known_files.review == id) impl_->known_files = {};
    });
}

namespace {
// The first column of every row of `sql`.
std::vector<std::string> texts(Connection& c, const char* sql) {
    Query q(c, sql);
    std::vector<std::string> out;
    while (q.step()) out.push_back(q.text(0));
    return out;
}
}  // namespace

std::vector<std::string> Database::reviewer_names() const {
    return impl_->guarded([&] { return texts(impl_->c, "SELECT DISTINCT name FROM review_reviewers ORDER BY name"); });
}

std::vector<std::string> Database::lme_mco_names() const {
    return impl_->guarded([&] {
        return texts(impl_->c, "SELECT DISTINCT lme_mco FROM programs WHERE lme_mco <> '' ORDER BY lme_mco");
    });
}

Review Database::load_review(std::int64_t id) const { return load(id).review; }

Loaded Database::load(std::int64_t id) const {
    return impl_->guarded([&] {
        Transaction t(impl_->c, false);  // one snapshot for all the tables
        Impl::Stored s = impl_->load(id);
        t.commit();
        return Loaded{std::move(s.review), s.revision};
    });
}

const Scale& Database::scale_of(std::int64_t review_id, Catalog& catalog) const {
    return impl_->guarded([&]() -> const Scale& {
        Query q(impl_->c, "SELECT scale_fingerprint, scale_id FROM reviews WHERE id = ?1");
        q.bind(1, review_id);
        if (!q.step()) throw NotFound("there is no review " + std::to_string(review_id) + " in " + impl_->c.path);
        std::string fp = q.text(0), id = q.text(1);
        return impl_->scale_for(fp, id, catalog);
    });
}

const Policy& Database::policy_of(std::int64_t review_id, Catalog& catalog) const {
    return impl_->guarded([&]() -> const Policy& {
        Transaction t(impl_->c, false);
        Impl::Stored s = impl_->load(review_id);
        const Policy& p = impl_->policy_for(s, catalog);
        t.commit();
        return p;
    });
}

std::string Database::policy_notice(std::int64_t review_id, Catalog& catalog) const {
    return impl_->guarded([&]() -> std::string {
        Transaction t(impl_->c, false);
        Impl::Stored s = impl_->load(review_id);
        t.commit();
        if (s.policy_fingerprint.empty()) return {};
        std::string current;
        try {
            current = catalog.policy(s.review.policy_id).fingerprint;
        } catch (const std::exception&) {
        }
        if (current == s.policy_fingerprint) return {};
        const std::string& id = s.review.policy_id;
        if (!edit_rights(s.review).follows_policy_file)
            return "The policy file " + id + " has changed since this review's final report: the review keeps the rules "
                   "it was issued under.";
        if (current.empty())
            return "The policy file " + id + " is missing or cannot be read: the review uses the copy stored with it.";
        return "The policy file " + id + " has changed since this review was last saved: the review now follows the "
               "new file.";
    });
}

ReviewContext Database::context_of(std::int64_t review_id, Catalog& catalog) const {
    return impl_->guarded([&] {
        std::int64_t program_id = review_row(review_id).program_id;
        return impl_->context(program_id, review_id, catalog);
    });
}

std::vector<Warning> Database::warnings_of(std::int64_t review_id, Catalog& catalog) const {
    Review r = load_review(review_id);
    return warnings(r, policy_of(review_id, catalog), context_of(review_id, catalog));
}

Review Database::update_review(std::int64_t id, const Change& change, Catalog& catalog) {
    return impl_->guarded([&] {
        std::vector<AuditChange> none;
        return impl_->update(id, change, catalog, none).review;
    });
}

Edited Database::update_review(std::int64_t id, const Loaded& base, const Change& change, Catalog& catalog) {
    return impl_->guarded([&] {
        std::vector<AuditChange> none;
        return impl_->update(id, change, catalog, none, &base);
    });
}

Review Database::update_review(std::int64_t id, const std::function<void(Review&)>& change, Catalog& catalog) {
    return update_review(id, Change([&](Review& r, const Scale&, const Policy&) { change(r); }), catalog);
}

MergeResult Database::merge_independent(std::int64_t review_id, const Review& other, Catalog& catalog,
                                        const std::string& source) {
    return impl_->guarded([&] {
        MergeResult res;
        std::vector<AuditChange> notes;
        Change merge = [&](Review& r, const Scale& scale, const Policy&) {
            MergeOutcome m = merge_independent_work(r, scale, other);
            res.added = m.added;
            res.already_present = m.already_present;
            notes.clear();
            for (const auto& who : m.added)
                notes.push_back({"merged independent work of " + who, std::nullopt, std::nullopt, source});
        };
        res.review = impl_->update(review_id, merge, catalog, notes).review;
        res.disagreements = fw::disagreements(res.review, scale_of(review_id, catalog));
        return res;
    });
}

std::vector<Disagreement> Database::disagreements(std::int64_t review_id, Catalog& catalog) const {
    Review r = load_review(review_id);
    return fw::disagreements(r, scale_of(review_id, catalog));
}

int Database::refresh_summaries(Catalog& catalog) {
    return impl_->guarded([&] {
        if (impl_->c.read_only()) return 0;
        if (impl_->rules_version() >= kRulesVersion) return 0;
        Transaction t(impl_->c, true);
        if (impl_->rules_version() >= kRulesVersion) return 0;  // another process did it meanwhile
        std::vector<std::int64_t> ids;
        {
            Query q(impl_->c, "SELECT id FROM reviews ORDER BY id");
            while (q.step()) ids.push_back(q.integer(0));
        }
        int done = 0;
        for (auto id : ids) {
            try {
                Impl::Stored s = impl_->load(id);
                const Scale& scale = impl_->scale_for(s.fingerprint, s.review.scale_id, catalog);
                const Policy& policy = impl_->policy_for(s, catalog);
                std::string fp = s.policy_fingerprint.empty() ? impl_->store_policy(policy, now_utc()) : s.policy_fingerprint;
                static const std::string sql = [] {
                    std::string set;
                    for (int i = 0; i < kSummaryCount; ++i)
                        set += std::string(i ? ", " : "") + kSummaryColumns[i] + " = ?" + std::to_string(i + 1);
                    return "UPDATE reviews SET " + set + " WHERE id = ?" + std::to_string(kSummaryCount + 1);
                }();
                Query q(impl_->c, sql);
                int n = 0;
                for (const auto& v : summary_values(summarize(s.review, scale, policy), fp)) q.bind(++n, v);
                q.bind(++n, id);
                q.exec();
                ++done;
            } catch (const InputError&) {
                // The review's policy or scale is gone: its columns stay as they were.
            } catch (const NotInCatalog&) {
            }
        }
        Query q(impl_->c,
                "INSERT INTO meta (key, value) VALUES ('rules', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        q.bind(1, std::to_string(kRulesVersion));
        q.exec();
        t.commit();
        return done;
    });
}

}  // namespace fw::storage
