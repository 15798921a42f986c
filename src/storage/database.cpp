#include "storage/database.hpp"

#include <pwd.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "core/error.hpp"
#include "core/file_ops.hpp"
#include "core/lifecycle.hpp"
#include "core/review_file.hpp"
#include "core/sha256.hpp"
#include "core/text_file.hpp"
#include "storage/changes.hpp"
#include "storage/image.hpp"
#include "storage/sql.hpp"

namespace fw::storage {

using namespace detail;
using K = DatabaseError::Kind;

DatabaseError::DatabaseError(Kind kind, std::string path, const std::string& message)
    : std::runtime_error(path + ": " + message), kind_(kind), path_(std::move(path)) {}

namespace {

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

Stage stage_from(const std::string& s) {
    for (Stage st : {Stage::scoring, Stage::draft_issued, Stage::contest_period, Stage::final})
        if (to_string(st) == s) return st;
    return Stage::scoring;
}

// A LIKE pattern matching `text` anywhere, with its own % and _ taken literally.
std::string like_pattern(const std::string& text) {
    std::string p = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') p += '\\';
        p += c;
    }
    return p + "%";
}

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
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw DatabaseError(K::io, path, std::string("cannot open: ") + std::strerror(errno));
    std::size_t n = std::fread(b, 1, sizeof b, f);
    std::fclose(f);
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
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && st.st_size > 0;
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
    std::string f = std::filesystem::path(path).parent_path().string();
    return f.empty() ? "." : f;
}

DatabaseError not_a_database(const std::string& path) {
    return DatabaseError(K::not_a_database, path,
                         "is not a Fidelity Workstation database (not an SQLite file); it was not changed");
}

// Everything about an existing file that can be learned without writing to
// it, and without leaving any file beside it.
Precheck precheck(const std::string& path, int target, int busy_ms) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && st.st_size == 0) {
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
        bool wal = ::access((path + "-wal").c_str(), F_OK) == 0;
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

// ====================================================================== Impl

struct Database::Impl {
    Impl(const std::string& path, std::string actor, int busy_ms, int flags = SQLite::OPEN_READWRITE)
        : c(path, flags, busy_ms), actor(std::move(actor)) {}

    Connection c;
    std::string actor;
    int version = 0;
    // Scales stored with reviews whose fingerprint the catalog no longer has.
    std::map<std::string, std::unique_ptr<Scale>> stored_scales;

    struct Stored {
        Review review;
        std::int64_t program_id = 0;
        std::string fingerprint;
    };

    template <class F>
    auto guarded(F&& f) -> decltype(f()) {
        try {
            return f();
        } catch (const SQLite::Exception& e) {
            throw translate(e, c.path, c.busy_timeout_ms);
        }
    }

    void configure();
    void migrate(const std::vector<Migration>& steps, int target);
    int user_version() { return c.db.execAndGet("PRAGMA user_version").getInt(); }

    Stored load(std::int64_t id);
    std::vector<ReviewRow> rows(const std::string& where, const std::function<void(Query&)>& bind,
                                const std::string& order, std::size_t limit);
    void write_children(std::int64_t id, const ReviewImage& before, const ReviewImage& after);
    void write_summary(std::int64_t id, const Summary& s, const std::string& at);
    std::int64_t insert_review(std::int64_t program_id, const Review& r, const std::string& fingerprint,
                               const Summary& s, const std::string& at);
    std::string store_scale(const Scale& scale, const std::string& at);
    const Scale& scale_for(const std::string& fingerprint, const std::string& scale_id, Catalog& catalog);
    void add_audit(const std::string& at, std::optional<std::int64_t> review, std::optional<std::int64_t> program,
                   const AuditChange& change);
    std::optional<std::int64_t> find_program(const std::string& agency, const std::string& team);
    ProgramRow program(std::int64_t id);
    std::int64_t add_program(const ProgramDetails& d, const std::string& at);
    Review update(std::int64_t id, const Change& change, Catalog& catalog, std::vector<AuditChange>& notes);
    std::vector<AuditEntry> audit(const char* column, std::int64_t id);
};

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
            for (int n = 2; ::access(backup.c_str(), F_OK) == 0; ++n)
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

Database::Impl::Stored Database::Impl::load(std::int64_t id) {
    static const std::string header_sql = [] {
        std::string s = "SELECT program_id, scale_fingerprint";
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
        Query q(c, header_sql);
        q.bind(1, id);
        if (!q.step()) throw NotFound("there is no review " + std::to_string(id) + " in " + c.path);
        out.program_id = q.column(0).getInt64();
        out.fingerprint = q.column(1).getString();
        for (int i = 0; i < h_count; ++i) img.header.push_back(q.value(2 + i));
    }
    for (size_t t = 0; t < t_count; ++t) {
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
void bind_summary(Query& q, int first, const Summary& s) {
    q.bind(first, to_string(s.stage));
    q.bind(first + 1, std::int64_t(s.complete ? 1 : 0));
    q.bind(first + 2, s.total ? Value(std::int64_t(*s.total)) : Value());
    q.bind(first + 3, s.draft_total ? Value(std::int64_t(*s.draft_total)) : Value());
    q.bind(first + 4, s.tier ? std::optional<std::string>(s.tier->id) : std::nullopt);
    q.bind(first + 5, s.next_review ? std::optional<std::string>(s.next_review->earliest.iso()) : std::nullopt);
    q.bind(first + 6, s.next_review ? std::optional<std::string>(s.next_review->latest.iso()) : std::nullopt);
}
}  // namespace

void Database::Impl::write_summary(std::int64_t id, const Summary& s, const std::string& at) {
    Query q(c,
            "UPDATE reviews SET stage = ?1, complete = ?2, total = ?3, draft_total = ?4, tier = ?5, "
            "next_review_earliest = ?6, next_review_latest = ?7, revision = revision + 1, updated_at = ?8 "
            "WHERE id = ?9");
    bind_summary(q, 1, s);
    q.bind(8, at);
    q.bind(9, id);
    q.exec();
}

std::int64_t Database::Impl::insert_review(std::int64_t program_id, const Review& r, const std::string& fingerprint,
                                           const Summary& s, const std::string& at) {
    static const std::string sql = [] {
        std::string cols = "program_id, scale_fingerprint", params = "?1, ?2";
        int n = 2;
        for (const char* col : kHeaderColumns) {
            cols += std::string(", ") + col;
            params += ", ?" + std::to_string(++n);
        }
        cols += ", stage, complete, total, draft_total, tier, next_review_earliest, next_review_latest, revision, "
                "created_at, updated_at";
        for (int i = 0; i < 10; ++i) params += ", ?" + std::to_string(++n);
        return "INSERT INTO reviews (" + cols + ") VALUES (" + params + ")";
    }();
    ReviewImage img = encode(r);
    std::int64_t id = 0;
    {
        Query q(c, sql);
        q.bind(1, program_id);
        q.bind(2, fingerprint);
        int n = 2;
        for (const auto& v : img.header) q.bind(++n, v);
        bind_summary(q, n + 1, s);
        q.bind(n + 8, std::int64_t(1));
        q.bind(n + 9, at);
        q.bind(n + 10, at);
        q.exec();
        id = c.db.getLastInsertRowid();
    }
    write_children(id, ReviewImage{}, img);
    return id;
}

std::string Database::Impl::store_scale(const Scale& scale, const std::string& at) {
    {
        Query q(c, "SELECT 1 FROM scales WHERE fingerprint = ?1");
        q.bind(1, scale.fingerprint);
        if (q.step()) return scale.fingerprint;
    }
    std::string text = read_text_file(scale.file);
    if (sha256_hex(text) != scale.fingerprint)
        throw std::runtime_error(scale.file + " changed while the program was running; start it again to use the new scale");
    Query q(c, "INSERT INTO scales (fingerprint, scale_id, text, stored_at) VALUES (?1, ?2, ?3, ?4)");
    q.bind(1, scale.fingerprint).bind(2, scale.id).bind(3, text).bind(4, at);
    q.exec();
    return scale.fingerprint;
}

const Scale& Database::Impl::scale_for(const std::string& fingerprint, const std::string& scale_id, Catalog& catalog) {
    try {
        const Scale& s = catalog.scale(scale_id);
        if (s.fingerprint == fingerprint) return s;
    } catch (const NotInCatalog&) {
    } catch (const InputError&) {
        // A broken file in scales/ must not make stored reviews unreadable.
    }
    if (auto it = stored_scales.find(fingerprint); it != stored_scales.end()) return *it->second;
    Query q(c, "SELECT text FROM scales WHERE fingerprint = ?1");
    q.bind(1, fingerprint);
    if (!q.step())
        throw DatabaseError(K::damaged, c.path, "the scale " + scale_id + " (" + fingerprint + ") of a review is missing");
    std::string label = c.path + " (scale " + scale_id + " as stored with its reviews)";
    auto scale = std::make_unique<Scale>(parse_scale(q.column(0).getString(), label));
    scale->file = label;
    return *stored_scales.emplace(fingerprint, std::move(scale)).first->second;
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

std::optional<std::int64_t> Database::Impl::find_program(const std::string& agency, const std::string& team) {
    Query q(c, "SELECT id FROM programs WHERE agency = ?1 AND team = ?2");
    q.bind(1, trimmed(agency)).bind(2, trimmed(team));
    if (q.step()) return q.column(0).getInt64();
    return std::nullopt;
}

static const char* kProgramSelect =
    "SELECT p.id, p.agency, p.team, p.lme_mco, p.county, p.start_date, "
    "(SELECT count(*) FROM reviews r WHERE r.program_id = p.id), "
    "(SELECT r.id FROM reviews r WHERE r.program_id = p.id ORDER BY r.visit_start DESC, r.id DESC LIMIT 1), "
    "(SELECT max(r.visit_start) FROM reviews r WHERE r.program_id = p.id) "
    "FROM programs p ";

static ProgramRow program_row(Query& q) {
    ProgramRow p;
    p.id = q.column(0).getInt64();
    p.details.agency = q.column(1).getString();
    p.details.team = q.column(2).getString();
    p.details.lme_mco = q.column(3).getString();
    p.details.county = q.column(4).getString();
    p.details.start_date = date_column(q.column(5));
    p.review_count = q.column(6).getInt();
    if (!q.column(7).isNull()) p.latest_review_id = q.column(7).getInt64();
    p.latest_visit = date_column(q.column(8));
    return p;
}

ProgramRow Database::Impl::program(std::int64_t id) {
    Query q(c, std::string(kProgramSelect) + "WHERE p.id = ?1");
    q.bind(1, id);
    if (!q.step()) throw NotFound("there is no program " + std::to_string(id) + " in " + c.path);
    return program_row(q);
}

namespace {
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
}  // namespace

std::int64_t Database::Impl::add_program(const ProgramDetails& raw, const std::string& at) {
    ProgramDetails d = clean(raw);
    if (auto other = find_program(d.agency, d.team))
        throw RuleError("the program " + d.team + " (" + d.agency + ") is already recorded (program " +
                        std::to_string(*other) + ")");
    Query q(c,
            "INSERT INTO programs (agency, team, lme_mco, county, start_date, created_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    q.bind(1, d.agency).bind(2, d.team).bind(3, d.lme_mco).bind(4, d.county).bind(5, opt_date_text(d.start_date)).bind(6, at);
    q.exec();
    std::int64_t id = c.db.getLastInsertRowid();
    add_audit(at, std::nullopt, id, {"program", std::nullopt, program_text(d), {}});
    return id;
}

std::vector<ReviewRow> Database::Impl::rows(const std::string& where, const std::function<void(Query&)>& bind,
                                            const std::string& order, std::size_t limit) {
    std::string sql =
        "SELECT r.id, r.program_id, r.agency, r.team, r.lme_mco, r.type, r.visit_start, r.stage, r.total, "
        "r.draft_total, r.tier, r.next_review_earliest, r.next_review_latest, r.scale_id, r.policy_id, r.updated_at "
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
        out.push_back(std::move(r));
    }
    return out;
}

Review Database::Impl::update(std::int64_t id, const Change& change, Catalog& catalog, std::vector<AuditChange>& notes) {
    Transaction t(c, true);
    Stored old = load(id);
    const Scale& scale = scale_for(old.fingerprint, old.review.scale_id, catalog);
    const Policy& policy = catalog.policy(old.review.policy_id);
    Review next = old.review;
    change(next, scale, policy);

    // The review's own rules first (one rating per item, ...): the image
    // needs them, and they name the place.
    const Policy& new_policy = next.policy_id == old.review.policy_id ? policy : catalog.policy(next.policy_id);
    if (!new_policy.applies_to(scale.id))
        throw RuleError("policy " + new_policy.id + " does not apply to scale " + scale.id);
    if (auto problems = check_review(next, scale, new_policy); !problems.empty())
        throw RuleError(format_problem("review " + std::to_string(id), problems.front()));
    check_attachment_sizes(next);
    ReviewImage before = encode(old.review), after = encode(next);
    check_locked(old.review, before, next, after);

    bool changed = before.header != after.header || before.tables != after.tables;
    if (!changed && notes.empty()) {
        t.commit();
        return next;
    }
    std::string at = now_utc();
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
    Summary sb = summarize(old.review, scale, policy);
    Summary sa = summarize(next, scale, new_policy);
    write_summary(id, sa, at);
    for (const auto& ch : review_changes(old.review, next, scale, sb, sa)) add_audit(at, id, old.program_id, ch);
    for (const auto& ch : notes) add_audit(at, id, old.program_id, ch);
    t.commit();
    return next;
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
    fs::path p(path);
    std::string folder = p.parent_path().empty() ? "." : p.parent_path().string();
    std::string name = p.filename().string();
    // Room for ".", ".XXXXXX" and SQLite's "-journal" within the name limit.
    std::size_t room = os::name_max(folder) > 24 ? os::name_max(folder) - 24 : 1;
    if (name.size() > room) name.resize(room);
    std::string tmp = (fs::path(folder) / ("." + name + ".XXXXXX")).string();
    int error = 0;
    int h = os::create_temporary(tmp, 0600, error);
    if (h < 0) {
        throw DatabaseError(error == ENOENT || error == ENOTDIR ? K::missing : K::io, path,
                            "cannot create the database: " + std::string(std::strerror(error)) +
                                (error == ENOENT || error == ENOTDIR ? " (the folder " + folder + " does not exist)" : ""));
    }
    os::close_file(h);
    auto clean = [&] {
        for (const char* companion : {"", "-wal", "-shm", "-journal"}) os::remove_file(tmp + companion);
        os::forget_temporary(tmp);
    };
    try {
        {
            Database::Impl impl(tmp, "", busy_ms);
            impl.configure();
            impl.migrate(steps, target);
            // Everything into the main file: the WAL and -shm go when it closes.
            impl.c.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        if (int e = os::hard_link(tmp, path); e != 0 && e != EEXIST)
            throw DatabaseError(K::io, path, "cannot create the database: " + std::string(std::strerror(e)));
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
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode))
            throw DatabaseError(K::not_a_database, path, "is a folder, not a database file; name a file in it");
        if (!S_ISREG(st.st_mode)) throw DatabaseError(K::not_a_database, path, "is not a regular file, so not a database");
    } else if (errno == ENOENT) {
        if (!options.create) throw DatabaseError(K::missing, path, "there is no such database file");
        create_database(path, steps, target, options.busy_timeout_ms);
    } else if (errno == ENOTDIR) {
        throw DatabaseError(K::missing, path, "there is no such database file (a part of the path is not a folder)");
    } else {
        throw DatabaseError(K::io, path, std::string("cannot open: ") + std::strerror(errno));
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
                bool wal = ::access((path + "-wal").c_str(), F_OK) == 0;
                if (wal || ::access(folder_of(path).c_str(), W_OK) == 0) throw;
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
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/') {
        base = xdg;  // the XDG spec: a relative value is ignored
    } else {
        const char* home = std::getenv("HOME");
        if (!home || !*home) {
            const passwd* pw = ::getpwuid(::getuid());
            home = pw ? pw->pw_dir : nullptr;
        }
        if (!home || !*home) throw std::runtime_error("cannot find the home folder; name the database with --db");
        base = std::string(home) + "/.local/share";
    }
    std::string dir = base + "/fidelity-workstation";
    // Created one level at a time, each 0700 (the XDG spec's mode for
    // folders it makes): the reviews name people.
    for (size_t pos = 1; pos != std::string::npos;) {
        pos = dir.find('/', pos + 1);
        std::string part = dir.substr(0, pos);
        if (::mkdir(part.c_str(), 0700) != 0 && errno != EEXIST)
            throw std::runtime_error(part + ": cannot create the folder: " + std::strerror(errno));
    }
    return dir + "/workstation.db";
}

// ------------------------------------------------------------------ programs

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
        {
            Query q(impl_->c,
                    "UPDATE reviews SET agency = ?1, team = ?2, lme_mco = ?3, county = ?4, program_start_date = ?5, "
                    "revision = revision + 1, updated_at = ?6 WHERE program_id = ?7 AND stage <> 'final'");
            q.bind(1, d.agency).bind(2, d.team).bind(3, d.lme_mco).bind(4, d.county).bind(5, opt_date_text(d.start_date));
            q.bind(6, at).bind(7, id);
            q.exec();
        }
        std::string before = program_text(old.details), after = program_text(d);
        if (before != after) impl_->add_audit(at, std::nullopt, id, {"program", before, after, {}});
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
        std::string where;
        if (!text.empty())
            where += "(p.agency LIKE ?1 ESCAPE '\\' OR p.team LIKE ?1 ESCAPE '\\' OR p.county LIKE ?1 ESCAPE '\\')";
        if (!lme.empty()) where += std::string(where.empty() ? "" : " AND ") + "p.lme_mco = ?2 COLLATE NOCASE";
        if (!where.empty()) sql += "WHERE " + where;
        sql += " ORDER BY p.agency, p.team, p.id";
        Query q(impl_->c, sql);
        if (!text.empty()) q.bind(1, like_pattern(text));
        if (!lme.empty()) q.bind(2, lme);
        std::vector<ProgramRow> out;
        while (q.step()) out.push_back(program_row(q));
        return out;
    });
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
    if (!policy.applies_to(scale.id))
        throw InputError(label, Problem{Place::at_pointer(r.policy_given ? "/policy" : "/scale"),
                                        "policy " + policy.id + " does not apply to scale " + scale.id});
    if (auto problems = check_review(r, scale, policy); !problems.empty()) throw InputError(label, problems);
    check_attachment_sizes(r);
    return {&scale, &policy};
}

// The last steps of creating and of importing: the scale text by its
// fingerprint, the review with its summary columns, the audit row.
std::int64_t store_new_review(Database::Impl& impl, std::int64_t program_id, const Review& r, const Checked& k,
                              const std::string& at, const char* what, const std::string& source) {
    std::string fp = impl.store_scale(*k.scale, at);
    Summary s = summarize(r, *k.scale, *k.policy);
    std::int64_t id = impl.insert_review(program_id, r, fp, s, at);
    impl.add_audit(at, id, program_id, {what, std::nullopt, to_string(s.stage), source});
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
        } else {
            program_id = impl_->add_program(
                {r.program.agency, r.program.team, r.program.lme_mco, r.program.county, r.program.start_date}, at);
        }
        std::int64_t id = store_new_review(*impl_, program_id, r, k, at, "review imported", source);
        t.commit();
        return id;
    });
}

Review Database::load_review(std::int64_t id) const {
    return impl_->guarded([&] {
        Transaction t(impl_->c, false);  // one snapshot for all the tables
        Review r = impl_->load(id).review;
        t.commit();
        return r;
    });
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
                "r.next_review_latest <= ?4 AND NOT EXISTS (SELECT 1 FROM reviews l WHERE l.program_id = r.program_id "
                "AND (l.visit_start > r.visit_start OR (l.visit_start = r.visit_start AND l.id > r.id)))");
        }
        std::string where;
        for (const auto& cond : conds) where += (where.empty() ? "WHERE " : " AND ") + cond;
        std::string order = due ? "r.next_review_latest, r.agency, r.team, r.id" : "r.visit_start DESC, r.id DESC";
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

const Scale& Database::scale_of(std::int64_t review_id, Catalog& catalog) const {
    return impl_->guarded([&]() -> const Scale& {
        Query q(impl_->c, "SELECT scale_fingerprint, scale_id FROM reviews WHERE id = ?1");
        q.bind(1, review_id);
        if (!q.step()) throw NotFound("there is no review " + std::to_string(review_id) + " in " + impl_->c.path);
        std::string fp = q.column(0).getString(), id = q.column(1).getString();
        return impl_->scale_for(fp, id, catalog);
    });
}

Review Database::update_review(std::int64_t id, const Change& change, Catalog& catalog) {
    return impl_->guarded([&] {
        std::vector<AuditChange> none;
        return impl_->update(id, change, catalog, none);
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
        auto lower = [](std::string s) {
            for (auto& ch : s) ch = char(std::tolower(static_cast<unsigned char>(ch)));
            return s;
        };
        Change merge = [&](Review& r, const Scale& scale, const Policy&) {
            res.added.clear();
            res.already_present.clear();
            notes.clear();
            if (other.scale_id != r.scale_id || lower(trimmed(other.program.agency)) != lower(trimmed(r.program.agency)) ||
                lower(trimmed(other.program.team)) != lower(trimmed(r.program.team)) ||
                other.review.visit_start != r.review.visit_start)
                throw RuleError("the file is about another review (" + other.program.team + ", visit " +
                                other.review.visit_start.iso() + ", scale " + other.scale_id + "; this review: " +
                                r.program.team + ", visit " + r.review.visit_start.iso() + ", scale " + r.scale_id + ")");
            if (stage_of(r) != Stage::scoring)
                throw RuleError("the draft report has been issued: independent scores can no longer be merged");

            std::vector<std::string> present;  // reviewers with work in this review
            auto note = [](std::vector<std::string>& v, const std::string& who) {
                if (std::find(v.begin(), v.end(), who) == v.end()) v.push_back(who);
            };
            for (const auto& rt : r.ratings) {
                for (const auto& [who, s] : rt.by) note(present, who);
                for (const auto& [who, w] : rt.independent) note(present, who);
            }
            std::vector<std::string> theirs;
            for (const auto& who : other.review.reviewers) note(theirs, who);
            std::vector<std::string> with_work;
            for (const auto& rt : other.ratings) {
                for (const auto& [who, s] : rt.by) note(with_work, who);
                for (const auto& [who, w] : rt.independent) note(with_work, who);
            }
            for (const auto& who : with_work) note(theirs, who);
            for (const auto& who : theirs) {
                if (std::find(with_work.begin(), with_work.end(), who) == with_work.end()) continue;
                if (std::find(present.begin(), present.end(), who) != present.end()) res.already_present.push_back(who);
                else res.added.push_back(who);
            }
            for (const auto& who : res.added) {
                if (std::find(r.review.reviewers.begin(), r.review.reviewers.end(), who) == r.review.reviewers.end())
                    r.review.reviewers.push_back(who);
                for (const auto& rt : other.ratings) {
                    if (auto s = rt.score_by(who)) set_reviewer_score(r, scale, rt.item, who, s);
                    for (const auto& [name, work] : rt.independent)
                        if (name == who) r.rating_for(rt.item).work_for(who) = work;
                }
                notes.push_back({"merged independent work of " + who, std::nullopt, std::nullopt, source});
            }
        };
        res.review = impl_->update(review_id, merge, catalog, notes);
        res.disagreements = fw::disagreements(res.review, scale_of(review_id, catalog));
        return res;
    });
}

std::vector<Disagreement> Database::disagreements(std::int64_t review_id, Catalog& catalog) const {
    Review r = load_review(review_id);
    return fw::disagreements(r, scale_of(review_id, catalog));
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
