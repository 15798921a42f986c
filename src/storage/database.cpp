#include "storage/database.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

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

struct Precheck {
    int version = 0;
};

// The first 100 bytes of an SQLite file: what they say about the file is
// read without SQLite, which never gets to make a -wal or -shm beside a file
// that will be refused.
struct Header {
    bool sqlite = false;
    std::int32_t application_id = 0;
    std::int32_t user_version = 0;
};

Header read_header(const std::string& path) {
    Header h;
    unsigned char b[100];
    int fd = platform::open_for_reading(path);
    if (fd < 0) throw DatabaseError(K::io, path, "cannot open: " + platform::error_text(errno));
    std::size_t n = 0;
    while (n < sizeof b) {
        long got = platform::read_some(fd, b + n, sizeof b - n);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        n += std::size_t(got);
    }
    platform::close_file(fd);
    if (n < sizeof b || std::memcmp(b, "SQLite format 3", 16) != 0) return h;
    auto be32 = [&](int at) {
        return std::int32_t(std::uint32_t(b[at]) << 24 | std::uint32_t(b[at + 1]) << 16 | std::uint32_t(b[at + 2]) << 8 |
                            std::uint32_t(b[at + 3]));
    };
    h.sqlite = true;
    h.user_version = be32(60);
    h.application_id = be32(68);
    return h;
}

bool exists_nonempty(const std::string& path) {
    long long size = 0;
    return platform::kind_of(path, &size) == platform::Kind::file && size > 0;
}

// An SQLite URI for a path (RFC 3986: anything but unreserved characters and
// '/' percent-encoded).
std::string file_uri(const std::string& path, const char* query) {
    std::string uri = "file:";
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            uri += char(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            uri += hex;
        }
    }
    return uri + "?" + query;
}

std::string folder_of(const std::string& path) {
    std::string f = platform::to_utf8(platform::to_path(path).parent_path());
    return f.empty() ? "." : f;
}

DatabaseError not_a_database(const std::string& path) {
    return DatabaseError(K::not_a_database, path,
                         "is not a Fidelity Workstation database (not an SQLite file); it was not changed");
}

// Everything about an existing file that can be learned without writing to
// it, and without leaving any file beside it.
Precheck precheck(const std::string& path, int target, int busy_ms) {
    long long size = -1;
    if (platform::kind_of(path, &size) == platform::Kind::file && size == 0) {
        // An empty file whose WAL holds what was never checkpointed into it
        // (a crash soon after an earlier version made it) is a new database;
        // any other empty file is not ours to turn into one.
        if (exists_nonempty(path + "-wal")) return {0};
        throw DatabaseError(K::not_a_database, path,
                            "is an empty file, not a database; it was not changed. A new database is only made where "
                            "no file exists: name another file, or remove this one");
    }
    Header h = read_header(path);
    if (!h.sqlite) throw not_a_database(path);
    // The header may be older than a WAL that was never checkpointed, but a
    // foreign id or a newer version there stays so.
    if (h.application_id != 0 && h.application_id != kApplicationId)
        throw DatabaseError(K::foreign, path,
                            "is an SQLite database of another program, not a Fidelity Workstation database; it "
                            "was not opened and not changed");
    if (h.application_id == kApplicationId && h.user_version > target)
        throw DatabaseError(K::newer, path,
                            "was written by a newer version of the Fidelity Workstation (database version " +
                                std::to_string(h.user_version) + "; this program reads versions up to " +
                                std::to_string(target) + "). It was not opened and not changed: use the newer program");
    try {
        // Without a WAL beside it, the file holds everything: read it as it
        // is (immutable), which creates no -wal or -shm. With one, the WAL
        // must be read too; its -shm is there already or is made by SQLite.
        bool wal = platform::kind_of(path + "-wal") != platform::Kind::missing;
        SQLite::Database ro(wal ? path : file_uri(path, "immutable=1"), SQLite::OPEN_READONLY | SQLite::OPEN_URI,
                            busy_ms);
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
        if (code == SQLITE_NOTADB) throw not_a_database(path);
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

namespace {

// A new database is made whole under a temporary name beside `path` and then
// linked into place, so that a file at `path` is never a half-made database,
// and an empty file there is never ours (precheck refuses it). When another
// process was first, its database is used.
void create_database(const std::string& path, const std::vector<Migration>& steps, int target, int busy_ms) {
    namespace fs = std::filesystem;
    fs::path p = platform::to_path(path);
    std::string folder = p.parent_path().empty() ? "." : platform::to_utf8(p.parent_path());
    std::string name = platform::to_utf8(p.filename());
    // Room for ".", ".XXXXXX" and SQLite's "-journal" within the name limit.
    std::size_t room = platform::name_max(folder) > 24 ? platform::name_max(folder) - 24 : 1;
    if (name.size() > room) name.resize(room);
    std::string tmp = platform::to_utf8(platform::to_path(folder) / platform::to_path("." + name + ".XXXXXX"));
    int h = platform::create_temporary(tmp, 0600);
    if (h < 0) {
        int error = errno;
        throw DatabaseError(error == ENOENT || error == ENOTDIR ? K::missing : K::io, path,
                            "cannot create the database: " + platform::error_text(error) +
                                (error == ENOENT || error == ENOTDIR ? " (the folder " + folder + " does not exist)" : ""));
    }
    platform::close_file(h);
    auto clean = [&] {
        for (const char* companion : {"", "-wal", "-shm", "-journal"}) platform::remove_file(tmp + companion);
        platform::forget_temporary(tmp);
    };
    try {
        {
            Database::Impl impl(tmp, "", busy_ms);
            impl.configure();
            impl.migrate(steps, target);
            // Everything into the main file: the WAL and -shm go when it closes.
            impl.c.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        if (platform::hard_link(tmp, path) != 0 && errno != EEXIST) {
            int e = errno;
            throw DatabaseError(K::io, path, "cannot create the database: " + platform::error_text(e));
        }
    } catch (const DatabaseError& e) {
        clean();
        std::string why = e.what();
        if (why.rfind(tmp, 0) == 0) why = why.substr(tmp.size() + 2);  // named the temporary file
        throw DatabaseError(K::io, path, "the new database could not be made (" + why + "); no file was left");
    } catch (const SQLite::Exception& e) {
        clean();
        throw DatabaseError(K::io, path, std::string("the new database could not be made (") + e.what() +
                                             "); no file was left");
    }
    clean();
}

}  // namespace

Database Database::open(const std::string& path, std::string actor, const OpenOptions& options) {
    const auto& steps = options.migrations ? *options.migrations : migrations();
    const int target = steps.empty() ? 0 : steps.back().version;
    switch (platform::kind_of(path)) {
    case platform::Kind::file: break;
    case platform::Kind::folder:
        throw DatabaseError(K::not_a_database, path, "is a folder, not a database file; name a file in it");
    case platform::Kind::other: throw DatabaseError(K::not_a_database, path, "is not a regular file, so not a database");
    case platform::Kind::missing:
        if (!options.create) throw DatabaseError(K::missing, path, "there is no such database file");
        create_database(path, steps, target, options.busy_timeout_ms);
        break;
    case platform::Kind::error:
        if (errno == ENOTDIR)
            throw DatabaseError(K::missing, path, "there is no such database file (a part of the path is not a folder)");
        throw DatabaseError(K::io, path, "cannot open: " + platform::error_text(errno));
    }
    Precheck pc = precheck(path, target, options.busy_timeout_ms);

    actor = trimmed(actor);
    if (actor.empty()) actor = "unknown";
    std::unique_ptr<Impl> impl;
    try {
        if (options.read_only) {
            // Nothing is written, so this works in a folder or on a file that
            // cannot be written; an upgrade would need writing.
            if (pc.version < target)
                throw DatabaseError(K::upgrade_failed, path,
                                    "needs setting up or an upgrade (database version " + std::to_string(pc.version) +
                                        ", this program uses " + std::to_string(target) +
                                        "), which this command does not write; open it once to store a review "
                                        "(fidelity import) or in the workstation");
            try {
                impl = std::make_unique<Impl>(path, actor, options.busy_timeout_ms, SQLite::OPEN_READONLY);
                impl->user_version();
            } catch (const SQLite::Exception&) {
                // A WAL database needs its -shm, which SQLite cannot make in a
                // folder that cannot be written. With no -wal there the file
                // holds everything and nobody can be writing to it (a writer
                // would need that folder too): read it as it is.
                bool wal = platform::kind_of(path + "-wal") != platform::Kind::missing;
                if (wal || platform::can_write(folder_of(path))) throw;
                impl = std::make_unique<Impl>(file_uri(path, "immutable=1"), actor, options.busy_timeout_ms,
                                              SQLite::OPEN_READONLY | SQLite::OPEN_URI);
                impl->c.path = path;
            }
            impl->c.db.exec("PRAGMA foreign_keys = ON");
            impl->c.db.exec("PRAGMA trusted_schema = OFF");
            impl->version = impl->user_version();
        } else {
            impl = std::make_unique<Impl>(path, std::move(actor), options.busy_timeout_ms);
            impl->configure();
            impl->migrate(steps, target);
        }
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

}  // namespace fw::storage
