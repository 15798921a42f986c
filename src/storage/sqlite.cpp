// The SQLite backend: the embedded default, one file per laptop. Opening
// checks a file before writing to it (precheck, which leaves no file beside
// one it refuses), makes a new one whole before it has its name, sets the
// connection up (WAL, synchronous=FULL), brings an older file up to date
// after a backup, and reads without writing anything (OpenOptions::read_only).
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "platform/platform.hpp"
#include "storage/sql.hpp"

namespace fw::storage::detail {

using K = DatabaseError::Kind;

DatabaseError translate(const SQLite::Exception& e, const std::string& path, int busy_timeout_ms);

namespace {

class SqliteStatement : public Statement {
public:
    SqliteStatement(SQLite::Database& db, const std::string& sql) : s_(db, sql) {}
    void reset() noexcept override {
        s_.tryReset();
        s_.clearBindings();
    }
    void bind(int i, const Value& v) override {
        if (auto* n = std::get_if<std::int64_t>(&v)) s_.bind(i, *n);
        else if (auto* s = std::get_if<std::string>(&v)) s_.bind(i, *s);
        else if (auto* b = std::get_if<Blob>(&v)) s_.bindNoCopy(i, b->bytes.data(), int(b->bytes.size()));  // lives until exec
        else s_.bind(i);
    }
    bool step() override { return s_.executeStep(); }
    Value column(int i) const override;
    // Without a Value in between: one Column (it holds a shared pointer to
    // the statement, counted up and down for every read).
    bool is_null(int i) const override { return s_.getColumn(i).isNull(); }
    std::string text(int i) const override {
        SQLite::Column c = s_.getColumn(i);
        if (!c.isText()) return Statement::text(i);
        return std::string(c.getText(), size_t(c.getBytes()));
    }
    std::int64_t integer(int i) const override {
        SQLite::Column c = s_.getColumn(i);
        if (!c.isInteger()) return Statement::integer(i);
        return c.getInt64();
    }

private:
    mutable SQLite::Statement s_;
};

Value SqliteStatement::column(int i) const {
    SQLite::Column c = s_.getColumn(i);
    switch (c.getType()) {
    case SQLITE_INTEGER: return std::int64_t(c.getInt64());
    case SQLITE_TEXT: return c.getString();
    case SQLITE_BLOB: {
        const char* p = static_cast<const char*>(c.getBlob());
        int n = c.getBytes();
        return Blob{Bytes(p ? std::string(p, size_t(n)) : std::string())};
    }
    case SQLITE_FLOAT: return c.getString();  // not written by this program: decoding names it wrong
    default: return std::monostate{};
    }
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

// SQLite's quick_check (every page read): empty when sound, else what was
// found and what to do.
std::string damage_found(SQLite::Database& db, const char* left = "It was not opened and not changed") {
    std::vector<std::string> problems;
    SQLite::Statement q(db, "PRAGMA quick_check(5)");
    while (q.executeStep()) problems.push_back(q.getColumn(0).getString());
    if (problems.size() == 1 && problems[0] == "ok") return {};
    std::string list;
    for (const auto& p : problems) list += (list.empty() ? "" : "; ") + p;
    return "is damaged (SQLite quick_check: " + list + "). " + left + ": restore the latest backup of this file";
}

// Everything about an existing file that can be learned without writing to
// it, and without leaving any file beside it; the page-by-page check unless
// `check_pages` is false (it then runs beside the window: BackgroundCheck).
Precheck precheck(const std::string& path, int target, int busy_ms, bool check_pages) {
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
        // An upgrade writes, so a file to upgrade is checked first anyway.
        if (check_pages || version < target)
            if (std::string damage = damage_found(ro); !damage.empty()) throw DatabaseError(K::damaged, path, damage);
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


// The integrity check of an open file, on a thread of its own with its own
// read-only connection (OpenOptions::check_in_background), from start() on.
// Closing the database interrupts it. Used by the thread that owns the
// connection; only the check's own thread runs beside it.
class BackgroundCheck {
public:
    BackgroundCheck(std::string path, int busy_ms, bool start_now) : path_(std::move(path)), busy_ms_(busy_ms) {
        if (start_now) start();
    }
    void start() {
        if (thread_.joinable()) return;
        thread_ = std::thread([this, path = path_, busy_ms = busy_ms_] {
            std::string damage;
            try {
                SQLite::Database ro(path, SQLite::OPEN_READONLY, busy_ms);
                bool stopped = false;
                {
                    std::lock_guard<std::mutex> lock(m_);
                    stopped = stop_;
                    if (!stopped) handle_ = ro.getHandle();
                }
                if (!stopped) damage = damage_found(ro, "Nothing was written to it");
            } catch (const SQLite::Exception& e) {
                int code = e.getErrorCode() & 0xff;
                if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
                    damage = std::string("is damaged (") + e.what() +
                             "). Nothing was written to it: restore the latest backup of this file";
                else if (code != SQLITE_INTERRUPT)
                    damage = std::string("could not be checked (") + e.what() + ")";
            }
            finish(damage);
        });
    }
    ~BackgroundCheck() {
        {
            std::lock_guard<std::mutex> lock(m_);
            stop_ = true;
            if (handle_) sqlite3_interrupt(handle_);
        }
        if (thread_.joinable()) thread_.join();
    }
    // Never waits.
    Database::Integrity state(std::string* problem) {
        std::lock_guard<std::mutex> lock(m_);
        if (!done_) return Database::Integrity::checking;
        if (damage_.empty()) return Database::Integrity::sound;
        if (problem) *problem = damage_;
        return Database::Integrity::damaged;
    }
    // Waits for the check (starting it if it was held back); its finding,
    // empty when sound.
    std::string wait() {
        start();
        std::unique_lock<std::mutex> lock(m_);
        finished_.wait(lock, [&] { return done_; });
        return damage_;
    }

private:
    void finish(std::string damage) {
        std::lock_guard<std::mutex> lock(m_);
        handle_ = nullptr;
        damage_ = std::move(damage);
        done_ = true;
        finished_.notify_all();
    }
    std::mutex m_;
    std::condition_variable finished_;
    sqlite3* handle_ = nullptr;
    bool stop_ = false, done_ = false;
    std::string damage_;
    const std::string path_;
    const int busy_ms_;
    std::thread thread_;
};

class SqliteConnection : public Connection {
public:
    SqliteConnection(const std::string& path, int flags, int busy_timeout_ms)
        : SqliteConnection(path, path, flags, busy_timeout_ms) {}
    // `file` as SQLite opens it (an URI, ...); `path` is what messages name.
    SqliteConnection(const std::string& path, const std::string& file, int flags, int busy_timeout_ms)
        : Connection(path), busy_timeout_ms(busy_timeout_ms), db(file, flags | SQLite::OPEN_NOMUTEX, busy_timeout_ms) {}
    // NOMUTEX: a connection is used by one thread at a time (the background
    // check has its own), so SQLite need not lock it around every call; a
    // list reads 20 columns of 20,000 rows, each read a call.
    ~SqliteConnection() override {
        pending_check.reset();
        forget_statements();
    }

    int busy_timeout_ms;
    SQLite::Database db;
    std::int64_t data_version = -1;
    std::unique_ptr<BackgroundCheck> pending_check;

    Backend backend() const override { return Backend::sqlite; }
    void execute(const std::string& sql) override { db.exec(sql); }
    // IMMEDIATE: a read-modify-write never has to upgrade its lock and fail.
    void begin(bool write) override {
        // Nothing is written to a file before its check has found it sound.
        if (write && pending_check)
            if (std::string damage = pending_check->wait(); !damage.empty()) throw DatabaseError(K::damaged, path, damage);
        db.exec(write ? "BEGIN IMMEDIATE" : "BEGIN");
    }
    Database::Integrity integrity(std::string* problem) override {
        return pending_check ? pending_check->state(problem) : Database::Integrity::sound;
    }
    void start_integrity_check() override {
        if (pending_check) pending_check->start();
    }
    const char* lock_for_update() const override { return ""; }
    const char* like() const override { return "LIKE"; }
    [[noreturn]] void rethrow_translated() const override {
        try {
            throw;
        } catch (const SQLite::Exception& e) {
            throw translate(e, path, busy_timeout_ms);
        }
    }
    int schema_version() override { return user_version(); }
    std::vector<std::string> check_integrity() override;
    bool read_only() override { return sqlite3_db_readonly(db.getHandle(), "main") == 1; }
    bool changed_elsewhere() override {
        // Changes when another connection commits; never for this one's own.
        std::int64_t now = db.execAndGet("PRAGMA data_version").getInt64();
        bool changed = data_version >= 0 && now != data_version;
        data_version = now;
        return changed;
    }

    void configure();
    void migrate(const std::vector<Migration>& steps, int target);
    int user_version() { return db.execAndGet("PRAGMA user_version").getInt(); }

protected:
    std::unique_ptr<Statement> prepare(const std::string& sql) override {
        return std::make_unique<SqliteStatement>(db, sql);
    }
};

std::vector<std::string> SqliteConnection::check_integrity() {
    std::vector<std::string> out;
    {
        SQLite::Statement q(db, "PRAGMA integrity_check");
        while (q.executeStep()) {
            std::string line = q.getColumn(0).getString();
            if (line != "ok") out.push_back(line);
        }
    }
    SQLite::Statement q(db, "PRAGMA foreign_key_check");
    while (q.executeStep())
        out.push_back("table " + q.getColumn(0).getString() + ", row " + q.getColumn(1).getString() +
                      ": no matching row in " + q.getColumn(2).getString());
    return out;
}

void SqliteConnection::configure() {
    // Defensive mode: no SQL can corrupt the file on purpose (writable_schema, ...).
    sqlite3_db_config(db.getHandle(), SQLITE_DBCONFIG_DEFENSIVE, 1, static_cast<int*>(nullptr));
    db.exec("PRAGMA foreign_keys = ON");
    std::string mode = db.execAndGet("PRAGMA journal_mode = WAL").getString();
    if (mode != "wal")
        throw DatabaseError(K::io, path,
                            "cannot use write-ahead logging on this file system (journal mode " + mode +
                                "); keep the database on a local disk");
    // FULL: each commit is on disk (the WAL fsynced) before the call returns.
    db.exec("PRAGMA synchronous = FULL");
    db.exec("PRAGMA trusted_schema = OFF");
    // 32 MiB of page cache (the default is 2): lists of thousands of
    // reviews are read from memory after the first time.
    db.exec("PRAGMA cache_size = -32768");
    db.exec("PRAGMA temp_store = MEMORY");  // sorting a long list needs no temporary file
}

void SqliteConnection::migrate(const std::vector<Migration>& steps, int target) {
    int current = user_version();
    if (current > target)
        throw DatabaseError(K::newer, path,
                            "was upgraded by a newer version of the Fidelity Workstation (database version " +
                                std::to_string(current) + "); use the newer program");
    if (current < target) {
        std::string backup;
        if (current > 0) {
            // The backup API copies a consistent snapshot, WAL included;
            // copying the file itself could miss committed pages.
            backup = path + ".v" + std::to_string(current) + "-backup-" + compact_utc();
            for (int n = 2; platform::kind_of(backup) != platform::Kind::missing; ++n)
                backup = path + ".v" + std::to_string(current) + "-backup-" + compact_utc() + "-" + std::to_string(n);
            create_private_file(backup);
            try {
                db.backup(backup.c_str(), SQLite::Database::Save);
            } catch (const SQLite::Exception& e) {
                throw DatabaseError(K::upgrade_failed, path,
                                    "needs an upgrade, but the copy made first failed (" + backup + ": " + e.what() +
                                        "); the database was not changed");
            }
        }
        for (const auto& step : steps) {
            if (step.version <= current) continue;
            try {
                Transaction t(*this, true);
                int now = user_version();  // another process may have upgraded meanwhile
                if (now < step.version) {
                    db.exec(step.sql);
                    db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
                    db.exec("PRAGMA user_version = " + std::to_string(step.version));
                }
                t.commit();
                current = std::max(now, step.version);
            } catch (const SQLite::Exception& e) {
                int code = e.getErrorCode() & 0xff;
                if (code == SQLITE_BUSY || code == SQLITE_LOCKED) throw translate(e, path, busy_timeout_ms);
                throw DatabaseError(K::upgrade_failed, path,
                                    "could not be upgraded to database version " + std::to_string(step.version) + " (" +
                                        e.what() + "); it was left at version " + std::to_string(current) +
                                        (backup.empty() ? std::string() : "; the copy made before the upgrade is " + backup));
            }
        }
    }
}

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
            SqliteConnection c(tmp, SQLite::OPEN_READWRITE, busy_ms);
            c.configure();
            c.migrate(steps, target);
            // Everything into the main file: the WAL and -shm go when it closes.
            c.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
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

std::unique_ptr<Connection> open_sqlite(const std::string& path, const OpenOptions& options) {
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
    Precheck pc = precheck(path, target, options.busy_timeout_ms, !options.check_in_background);

    std::unique_ptr<SqliteConnection> c;
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
                c = std::make_unique<SqliteConnection>(path, SQLite::OPEN_READONLY, options.busy_timeout_ms);
                c->user_version();
            } catch (const SQLite::Exception&) {
                // A WAL database needs its -shm, which SQLite cannot make in a
                // folder that cannot be written. With no -wal there the file
                // holds everything and nobody can be writing to it (a writer
                // would need that folder too): read it as it is.
                bool wal = platform::kind_of(path + "-wal") != platform::Kind::missing;
                if (wal || platform::can_write(folder_of(path))) throw;
                c = std::make_unique<SqliteConnection>(path, file_uri(path, "immutable=1"),
                                                       SQLite::OPEN_READONLY | SQLite::OPEN_URI,
                                                       options.busy_timeout_ms);
            }
            c->db.exec("PRAGMA foreign_keys = ON");
            c->db.exec("PRAGMA trusted_schema = OFF");
        } else {
            c = std::make_unique<SqliteConnection>(path, SQLite::OPEN_READWRITE, options.busy_timeout_ms);
            c->configure();
            c->migrate(steps, target);
        }
        // Checked already when it was upgraded (precheck).
        if (options.check_in_background && pc.version == target)
            c->pending_check =
                std::make_unique<BackgroundCheck>(path, options.busy_timeout_ms, !options.check_when_started);
        c->changed_elsewhere();  // from now on
    } catch (const SQLite::Exception& e) {
        throw translate(e, path, options.busy_timeout_ms);
    }
    return c;
}

DatabaseError translate(const SQLite::Exception& e, const std::string& path, int busy_timeout_ms) {
    using K = DatabaseError::Kind;
    int code = e.getErrorCode() & 0xff;
    std::string sqlite = e.what();
    switch (code) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: {
        char secs[32];
        std::snprintf(secs, sizeof secs, "%.1f", busy_timeout_ms / 1000.0);
        return DatabaseError(K::busy, path,
                             std::string("another program is writing to the database and did not finish within ") +
                                 secs + " s; nothing was changed. Try again, or close the other program");
    }
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return DatabaseError(K::damaged, path,
                             "the database is damaged (" + sqlite +
                                 "); nothing was changed. Stop using this file and restore the latest backup");
    case SQLITE_FULL:
        return DatabaseError(K::io, path, "the disk is full; nothing was changed. Free some space and try again");
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
    case SQLITE_CANTOPEN: {
        // Writing needs the file and its folder (SQLite makes -wal and -shm
        // beside it): say which one stands in the way.
        auto parent = platform::to_path(path).parent_path();
        std::string folder = parent.empty() ? std::string(".") : platform::to_utf8(parent);
        if (!platform::can_write(folder))
            return DatabaseError(K::io, path,
                                 "cannot write to the database: its folder " + folder +
                                     " cannot be written (writing makes files beside the database); nothing was "
                                     "changed. Reading it (list, export, diff) still works");
        if (!platform::can_write(path))
            return DatabaseError(K::io, path,
                                 "cannot write to the database: the file is read-only; nothing was changed. Reading "
                                 "it (list, export, diff) still works");
        return DatabaseError(K::io, path, "the database cannot be opened (" + sqlite + ")");
    }
    default:
        return DatabaseError(K::io, path, "database error: " + sqlite);
    }
}

void create_private_file(const std::string& path) {
    int fd = platform::create_private(path);
    if (fd >= 0) {
        platform::close_file(fd);
        return;
    }
    if (errno == EEXIST) return;  // another process was first: fine
    int e = errno;
    throw DatabaseError(e == ENOENT || e == ENOTDIR ? DatabaseError::Kind::missing : DatabaseError::Kind::io, path,
                        "cannot create the file: " + platform::error_text(e));
}

}  // namespace fw::storage::detail
