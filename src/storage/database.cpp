#include "storage/database.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/review_file.hpp"
#include "core/sha256.hpp"
#include "core/text_file.hpp"
#include "platform/platform.hpp"
#include "storage/impl.hpp"

namespace fw::storage {

using namespace detail;
using K = DatabaseError::Kind;

DatabaseError::DatabaseError(Kind kind, std::string path, const std::string& message)
    : std::runtime_error(path + ": " + message), kind_(kind), path_(std::move(path)) {}

namespace detail {

std::string trimmed(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::optional<std::string> opt_date_text(const std::optional<Date>& d) {
    return d ? std::optional<std::string>(d->iso()) : std::nullopt;
}

std::optional<Date> date_column(const Query& q, int column) {
    if (q.is_null(column)) return std::nullopt;
    return Date::parse(q.text(column));
}

std::optional<int> int_column(const Query& q, int column) {
    if (q.is_null(column)) return std::nullopt;
    return int(q.integer(column));
}

std::string like_pattern(const std::string& text) {
    std::string p = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') p += '\\';
        p += c;
    }
    return p + "%";
}

std::string contains_any(const Connection& c, std::initializer_list<const char*> columns, const char* pattern) {
    std::string s;
    for (const char* col : columns)
        s += std::string(s.empty() ? "(" : " OR ") + col + " " + c.like() + " " + pattern + " ESCAPE '\\'";
    return s + ")";
}

}  // namespace detail

std::string to_string(Access a) {
    switch (a) {
    case Access::admin: return "admin";
    case Access::reviewer: return "reviewer";
    case Access::lme_mco: return "lme-mco";
    }
    return "reviewer";
}

bool is_server_address(const std::string& location) {
    return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

// On a server, the role that wrote the row is set by the server (a trigger),
// whatever the program sends.
void Database::Impl::add_audit(const std::string& at, std::optional<std::int64_t> review,
                               std::optional<std::int64_t> program, const AuditChange& ch,
                               std::optional<std::int64_t> revision) {
    Query q(c,
            "INSERT INTO audit (at, actor, review_id, program_id, what, old_value, new_value, reason, revision) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    q.bind(1, at).bind(2, actor);
    q.bind(3, review ? Value(*review) : Value());
    q.bind(4, program ? Value(*program) : Value());
    q.bind(5, ch.what).bind(6, ch.old_value).bind(7, ch.new_value).bind(8, ch.reason);
    q.bind(9, revision ? Value(*revision) : Value());
    q.exec();
}


// ================================================================= Database

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

const std::string& Database::path() const { return impl_->c.path; }
const std::string& Database::actor() const { return impl_->actor; }
int Database::schema_version() const { return impl_->version; }
Backend Database::backend() const { return impl_->c.backend(); }
std::string Database::role() const { return impl_->c.role(); }

Database Database::open(const std::string& location, std::string actor, const OpenOptions& options) {
    auto connection = is_server_address(location) ? open_postgresql(location, options) : open_sqlite(location, options);
    actor = trimmed(actor);
    if (actor.empty()) actor = "unknown";
    auto impl = std::make_unique<Impl>(std::move(connection), std::move(actor));
    impl->version = impl->guarded([&] { return impl->c.schema_version(); });
    return Database(std::move(impl));
}


std::string Database::default_path() {
    std::string base;
    try {
        base = platform::user_data_folder();
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(std::string(e.what()) + "; name the database with --db");
    }
    std::string dir = platform::to_utf8(platform::to_path(base) / "fidelity-workstation");
    // Private to the user: the reviews name people.
    platform::make_private_folder(dir);
    return platform::to_utf8(platform::to_path(dir) / "workstation.db");
}

std::vector<AuditEntry> Database::audit(std::int64_t review_id) const {
    return impl_->audit("review_id", review_id);
}

std::vector<AuditEntry> Database::program_audit(std::int64_t program_id) const {
    return impl_->audit("program_id", program_id);
}

std::vector<AuditEntry> Database::Impl::audit(const char* column, std::int64_t id) {
    return guarded([&] {
        Query q(c,
                "SELECT id, at, actor, review_id, program_id, what, old_value, new_value, reason, revision, db_role "
                "FROM audit WHERE " + std::string(column) + " = ?1 ORDER BY id");
        q.bind(1, id);
        std::vector<AuditEntry> out;
        while (q.step()) {
            AuditEntry e;
            e.id = q.integer(0);
            e.at = q.text(1);
            e.actor = q.text(2);
            if (!q.is_null(3)) e.review_id = q.integer(3);
            if (!q.is_null(4)) e.program_id = q.integer(4);
            e.what = q.text(5);
            e.old_value = q.opt_text(6);
            e.new_value = q.opt_text(7);
            e.reason = q.text(8);
            if (!q.is_null(9)) e.revision = q.integer(9);
            e.role = q.text(10);
            out.push_back(std::move(e));
        }
        return out;
    });
}

std::vector<std::string> Database::check_integrity() const {
    return impl_->guarded([&] { return impl_->c.check_integrity(); });
}

void Database::in_one_transaction(const std::function<void()>& work) {
    impl_->guarded([&] {
        try {
            Transaction t(impl_->c, true);
            work();
            t.commit();
        } catch (...) {
            // What the edits inside remembered of their reviews was rolled back.
            impl_->last_written.reset();
            impl_->known_files = {};
            throw;
        }
    });
}

Database::Integrity Database::integrity(std::string* problem) const { return impl_->c.integrity(problem); }

void Database::start_integrity_check() { impl_->c.start_integrity_check(); }

bool Database::changed_elsewhere() {
    return impl_->guarded([&] { return impl_->c.changed_elsewhere(); });
}

void Database::grant(const std::string& role, Access access, const std::string& lme_mco) {
    impl_->guarded([&] {
        Transaction t(impl_->c, true);
        impl_->c.grant(role, access, lme_mco);
        std::string what = to_string(access) + (access == Access::lme_mco ? " of " + trimmed(lme_mco) : std::string());
        impl_->add_audit(now_utc(), std::nullopt, std::nullopt, {"access of role " + role, std::nullopt, what, {}});
        t.commit();
    });
}

void Database::revoke(const std::string& role) {
    impl_->guarded([&] {
        Transaction t(impl_->c, true);
        impl_->c.revoke(role);
        impl_->add_audit(now_utc(), std::nullopt, std::nullopt, {"access of role " + role, std::nullopt, "none", {}});
        t.commit();
    });
}

}  // namespace fw::storage
