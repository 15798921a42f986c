#include "storage/sql.hpp"

#include <sqlite3.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "platform/platform.hpp"

namespace fw::storage::detail {

SQLite::Statement& Connection::statement(const std::string& sql) {
    auto it = statements.find(sql);
    if (it == statements.end()) it = statements.emplace(sql, std::make_unique<SQLite::Statement>(db, sql)).first;
    return *it->second;
}

Query::Query(Connection& c, const std::string& sql) : s_(c.statement(sql)) {
    s_.reset();
    s_.clearBindings();
}

Query::~Query() { s_.tryReset(); }

Query& Query::bind(int i, const Value& v) {
    if (auto* n = std::get_if<std::int64_t>(&v)) s_.bind(i, *n);
    else if (auto* s = std::get_if<std::string>(&v)) s_.bind(i, *s);
    else if (auto* b = std::get_if<Blob>(&v)) s_.bindNoCopy(i, b->bytes.data(), int(b->bytes.size()));  // lives until exec
    else s_.bind(i);
    return *this;
}
Query& Query::bind(int i, std::int64_t v) {
    s_.bind(i, v);
    return *this;
}
Query& Query::bind(int i, const std::string& v) {
    s_.bind(i, v);
    return *this;
}
Query& Query::bind(int i, const std::optional<std::string>& v) {
    if (v) s_.bind(i, *v);
    else s_.bind(i);
    return *this;
}
Query& Query::bind_null(int i) {
    s_.bind(i);
    return *this;
}

bool Query::step() { return s_.executeStep(); }
void Query::exec() { s_.exec(); }

Value Query::value(int i) const {
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

Transaction::Transaction(Connection& c, bool write) : c_(c), outermost_(c.depth == 0) {
    if (outermost_) c_.db.exec(write ? "BEGIN IMMEDIATE" : "BEGIN");
    else c_.db.exec("SAVEPOINT nested");
    ++c_.depth;
}

void Transaction::commit() {
    c_.db.exec(outermost_ ? "COMMIT" : "RELEASE nested");
    done_ = true;
    --c_.depth;
}

Transaction::~Transaction() {
    if (done_) return;
    --c_.depth;
    try {
        if (outermost_) {
            c_.db.exec("ROLLBACK");
        } else {
            c_.db.exec("ROLLBACK TO nested");
            c_.db.exec("RELEASE nested");
        }
    } catch (...) {
        // SQLite rolls back by itself after the errors that make ROLLBACK fail.
    }
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
        auto parent = std::filesystem::path(path).parent_path();
        std::string folder = parent.empty() ? std::string(".") : parent.string();
        if (::access(folder.c_str(), W_OK) != 0)
            return DatabaseError(K::io, path,
                                 "cannot write to the database: its folder " + folder +
                                     " cannot be written (writing makes files beside the database); nothing was "
                                     "changed. Reading it (list, export, diff) still works");
        if (::access(path.c_str(), W_OK) != 0)
            return DatabaseError(K::io, path,
                                 "cannot write to the database: the file is read-only; nothing was changed. Reading "
                                 "it (list, export, diff) still works");
        return DatabaseError(K::io, path, "the database cannot be opened (" + sqlite + ")");
    }
    default:
        return DatabaseError(K::io, path, "database error: " + sqlite);
    }
}

}  // namespace fw::storage::detail

namespace fw::storage {

KeepFiles files_of_database(const std::string& path) {
    KeepFiles k;
    k.add(path, "the database in use");
    for (const char* companion : {"-wal", "-shm", "-journal"}) k.add(path + companion, "a file of the database in use");
    return k;
}

}  // namespace fw::storage

namespace fw::storage::detail {

std::string now_utc() {
    using namespace std::chrono;
    auto ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    std::time_t secs = std::time_t(ms / 1000);
    std::tm t = platform::utc_time(secs);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday,
                  t.tm_hour, t.tm_min, t.tm_sec, int(ms % 1000));
    return buf;
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
