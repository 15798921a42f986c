#include "storage/sql.hpp"

#include <chrono>
#include <ctime>

#include "core/error.hpp"
#include "platform/platform.hpp"

namespace fw::storage::detail {

Statement& Connection::statement(const std::string& sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) it = statements_.emplace(sql, prepare(sql)).first;
    return *it->second;
}

namespace {
[[noreturn]] void no_roles() {
    throw RuleError("roles belong to a shared PostgreSQL database; a database file has none (whoever can read the "
                    "file reads all of it)");
}
}  // namespace

void Connection::grant(const std::string&, Access, const std::string&) { no_roles(); }
void Connection::revoke(const std::string&) { no_roles(); }

Query::Query(Connection& c, const std::string& sql) : s_(c.statement(sql)) { s_.reset(); }

Query::~Query() { s_.reset(); }

Query& Query::bind(int i, const Value& v) {
    s_.bind(i, v);
    return *this;
}

void Query::exec() {
    while (s_.step()) {
    }
}

std::string Statement::text(int i) const {
    Value v = column(i);
    if (auto* s = std::get_if<std::string>(&v)) return std::move(*s);
    if (auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
    if (auto* b = std::get_if<Blob>(&v)) return b->bytes.str();
    return {};
}

std::int64_t Statement::integer(int i) const {
    Value v = column(i);
    if (auto* n = std::get_if<std::int64_t>(&v)) return *n;
    if (auto* s = std::get_if<std::string>(&v)) {
        try {
            return std::stoll(*s);
        } catch (const std::exception&) {
        }
    }
    return 0;
}

std::string Query::text(int column) const { return s_.text(column); }

std::int64_t Query::integer(int column) const { return s_.integer(column); }

std::optional<std::string> Query::opt_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
}

Transaction::Transaction(Connection& c, bool write) : c_(c), outermost_(c.depth == 0) {
    if (outermost_) c_.begin(write);
    else c_.execute("SAVEPOINT nested");
    ++c_.depth;
}

void Transaction::commit() {
    c_.execute(outermost_ ? "COMMIT" : "RELEASE nested");
    done_ = true;
    --c_.depth;
}

Transaction::~Transaction() {
    if (done_) return;
    --c_.depth;
    try {
        if (outermost_) {
            c_.execute("ROLLBACK");
        } else {
            c_.execute("ROLLBACK TO nested");
            c_.execute("RELEASE nested");
        }
    } catch (...) {
        // SQLite rolls back by itself after the errors that make ROLLBACK
        // fail; a server does when the connection is lost.
    }
}

}  // namespace fw::storage::detail

namespace fw::storage {

KeepFiles files_of_database(const std::string& path) {
    KeepFiles k;
    if (is_server_address(path)) return k;  // nothing of it on this computer
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

}  // namespace fw::storage::detail
