#include "storage/database.hpp"

#include <sqlite3.h>

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

std::optional<Date> date_column(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return Date::parse(c.getString());
}

std::optional<int> int_column(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getInt();
}

std::string like_pattern(const std::string& text) {
    std::string p = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') p += '\\';
        p += c;
    }
    return p + "%";
}

}  // namespace detail

namespace {

std::string compact_utc() {
    std::string t = now_utc();  // 2026-03-02T14:05:33.120Z -> 20260302T140533Z
    std::string out;
    for (char c : t.substr(0, 19))
        if (c != '-' && c != ':') out += c;
    return out + "Z";
}

std::string mib(std::size_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MiB", double(bytes) / double(1u << 20));
    return buf;
}

struct Precheck {
    int version = 0;
};

// Everything about an existing file that can be learned without writing to
// it: a read-only connection never writes the database file.
Precheck precheck(const std::string& path, int target, int busy_ms) {
    // An empty file is a new database, unless its WAL holds what was never
    // checkpointed into it (a crash soon after it was made).
    long long size = -1, wal = 0;
    if (platform::kind_of(path, &size) == platform::Kind::file && size == 0 &&
        !(platform::kind_of(path + "-wal", &wal) == platform::Kind::file && wal > 0))
        return {0};
    try {
        SQLite::Database ro(path, SQLite::OPEN_READONLY, busy_ms);
        int app = ro.execAndGet("PRAGMA application_id").getInt();
        int version = ro.execAndGet("PRAGMA user_version").getInt();
        int objects = ro.execAndGet("SELECT count(*) FROM sqlite_schema").getInt();
        if (app != kApplicationId) {
            if (app == 0 && version == 0 && objects == 0) return {0};
            throw DatabaseError(K::foreign, path,
                                "is an SQLite database of another program, not a Fidelity Workstation database; it "
                                "was not opened and not changed");
        }
        if (version > target)
            throw DatabaseError(K::newer, path,
                                "was written by a newer version of the Fidelity Workstation (database version " +
                                    std::to_string(version) + "; this program reads versions up to " +
                                    std::to_string(target) +
                                    "). It was not opened and not changed: use the newer program");
        std::vector<std::string> problems;
        SQLite::Statement q(ro, "PRAGMA quick_check(5)");
        while (q.executeStep()) problems.push_back(q.getColumn(0).getString());
        if (!(problems.size() == 1 && problems[0] == "ok")) {
            std::string list;
            for (const auto& p : problems) list += (list.empty() ? "" : "; ") + p;
            throw DatabaseError(K::damaged, path,
                                "is damaged (SQLite quick_check: " + list +
                                    "). It was not opened and not changed: restore the latest backup of this file");
        }
        return {version};
    } catch (const SQLite::Exception& e) {
        int code = e.getErrorCode() & 0xff;
        if (code == SQLITE_NOTADB)
            throw DatabaseError(K::not_a_database, path,
                                "is not a Fidelity Workstation database (not an SQLite file); it was not changed");
        if (code == SQLITE_CORRUPT)
            throw DatabaseError(K::damaged, path,
                                std::string("is damaged (") + e.what() +
                                    "). It was not opened and not changed: restore the latest backup of this file");
        throw translate(e, path, busy_ms);
    }
}

}  // namespace


void Database::Impl::configure() {
    // Defensive mode: no SQL can corrupt the file on purpose (writable_schema, ...).
    sqlite3_db_config(c.db.getHandle(), SQLITE_DBCONFIG_DEFENSIVE, 1, static_cast<int*>(nullptr));
    c.db.exec("PRAGMA foreign_keys = ON");
    std::string mode = c.db.execAndGet("PRAGMA journal_mode = WAL").getString();
    if (mode != "wal")
        throw DatabaseError(K::io, c.path,
                            "cannot use write-ahead logging on this file system (journal mode " + mode +
                                "); keep the database on a local disk");
    // FULL: each commit is on disk (the WAL fsynced) before the call returns.
    c.db.exec("PRAGMA synchronous = FULL");
    c.db.exec("PRAGMA trusted_schema = OFF");
    // 32 MiB of page cache (the default is 2): lists of thousands of
    // reviews are read from memory after the first time.
    c.db.exec("PRAGMA cache_size = -32768");
    c.db.exec("PRAGMA temp_store = MEMORY");  // sorting a long list needs no temporary file
}

void Database::Impl::migrate(const std::vector<Migration>& steps, int target) {
    int current = user_version();
    if (current > target)
        throw DatabaseError(K::newer, c.path,
                            "was upgraded by a newer version of the Fidelity Workstation (database version " +
                                std::to_string(current) + "); use the newer program");
    if (current < target) {
        std::string backup;
        if (current > 0) {
            // The backup API copies a consistent snapshot, WAL included;
            // copying the file itself could miss committed pages.
            backup = c.path + ".v" + std::to_string(current) + "-backup-" + compact_utc();
            for (int n = 2; platform::kind_of(backup) != platform::Kind::missing; ++n)
                backup = c.path + ".v" + std::to_string(current) + "-backup-" + compact_utc() + "-" + std::to_string(n);
            create_private_file(backup);
            try {
                c.db.backup(backup.c_str(), SQLite::Database::Save);
            } catch (const SQLite::Exception& e) {
                throw DatabaseError(K::upgrade_failed, c.path,
                                    "needs an upgrade, but the copy made first failed (" + backup + ": " + e.what() +
                                        "); the database was not changed");
            }
        }
        for (const auto& step : steps) {
            if (step.version <= current) continue;
            try {
                Transaction t(c, true);
                int now = user_version();  // another process may have upgraded meanwhile
                if (now < step.version) {
                    c.db.exec(step.sql);
                    c.db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
                    c.db.exec("PRAGMA user_version = " + std::to_string(step.version));
                }
                t.commit();
                current = std::max(now, step.version);
            } catch (const SQLite::Exception& e) {
                int code = e.getErrorCode() & 0xff;
                if (code == SQLITE_BUSY || code == SQLITE_LOCKED) throw translate(e, c.path, c.busy_timeout_ms);
                throw DatabaseError(K::upgrade_failed, c.path,
                                    "could not be upgraded to database version " + std::to_string(step.version) + " (" +
                                        e.what() + "); it was left at version " + std::to_string(current) +
                                        (backup.empty() ? std::string() : "; the copy made before the upgrade is " + backup));
            }
        }
    }
    version = user_version();
}


void Database::Impl::add_audit(const std::string& at, std::optional<std::int64_t> review,
                               std::optional<std::int64_t> program, const AuditChange& ch) {
    Query q(c,
            "INSERT INTO audit (at, actor, review_id, program_id, what, old_value, new_value, reason) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    q.bind(1, at).bind(2, actor);
    q.bind(3, review ? Value(*review) : Value());
    q.bind(4, program ? Value(*program) : Value());
    q.bind(5, ch.what).bind(6, ch.old_value).bind(7, ch.new_value).bind(8, ch.reason);
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

Database Database::open(const std::string& path, std::string actor, const OpenOptions& options) {
    const auto& steps = options.migrations ? *options.migrations : migrations();
    const int target = steps.empty() ? 0 : steps.back().version;
    switch (platform::kind_of(path)) {
    case platform::Kind::folder: throw DatabaseError(K::io, path, "is a folder, not a database file");
    case platform::Kind::missing:
        if (!options.create) throw DatabaseError(K::missing, path, "there is no such database file");
        create_private_file(path);
        break;
    case platform::Kind::error: throw DatabaseError(K::io, path, "cannot open: " + platform::error_text(errno));
    default: break;
    }
    precheck(path, target, options.busy_timeout_ms);

    actor = trimmed(actor);
    if (actor.empty()) actor = "unknown";
    std::unique_ptr<Impl> impl;
    try {
        impl = std::make_unique<Impl>(path, std::move(actor), options.busy_timeout_ms);
        impl->configure();
        impl->migrate(steps, target);
    } catch (const SQLite::Exception& e) {
        throw translate(e, path, options.busy_timeout_ms);
    }
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
                "SELECT id, at, actor, review_id, program_id, what, old_value, new_value, reason FROM audit "
                "WHERE " + std::string(column) + " = ?1 ORDER BY id");
        q.bind(1, id);
        std::vector<AuditEntry> out;
        auto opt_text = [](const SQLite::Column& c) {
            return c.isNull() ? std::nullopt : std::optional<std::string>(c.getString());
        };
        while (q.step()) {
            AuditEntry e;
            e.id = q.column(0).getInt64();
            e.at = q.column(1).getString();
            e.actor = q.column(2).getString();
            if (!q.column(3).isNull()) e.review_id = q.column(3).getInt64();
            if (!q.column(4).isNull()) e.program_id = q.column(4).getInt64();
            e.what = q.column(5).getString();
            e.old_value = opt_text(q.column(6));
            e.new_value = opt_text(q.column(7));
            e.reason = q.column(8).getString();
            out.push_back(std::move(e));
        }
        return out;
    });
}

std::vector<std::string> Database::check_integrity() const {
    return impl_->guarded([&] {
        std::vector<std::string> out;
        {
            SQLite::Statement q(impl_->c.db, "PRAGMA integrity_check");
            while (q.executeStep()) {
                std::string line = q.getColumn(0).getString();
                if (line != "ok") out.push_back(line);
            }
        }
        SQLite::Statement q(impl_->c.db, "PRAGMA foreign_key_check");
        while (q.executeStep())
            out.push_back("table " + q.getColumn(0).getString() + ", row " + q.getColumn(1).getString() +
                          ": no matching row in " + q.getColumn(2).getString());
        return out;
    });
}

void Database::in_one_transaction(const std::function<void()>& work) {
    impl_->guarded([&] {
        Transaction t(impl_->c, true);
        work();
        t.commit();
    });
}

// --------------------------------------------------------------- attachments

void check_attachment_sizes(const Review& r) {
    for (const auto& c : r.contests)
        for (const auto& a : c.attachments)
            if (a.data.size() > kMaxAttachmentBytes)
                throw RuleError("the attachment \"" + a.name + "\" of the contest of " + c.item + " is " +
                                mib(a.data.size()) + "; an attachment may be at most " + mib(kMaxAttachmentBytes));
}

}  // namespace fw::storage
